"""The engine: parallel runs equal serial ones, per-file time limit, crash isolation,
the corpus-rule protocol, and the dask engine against a LocalCluster."""
from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time

import pytest

from auditor import engine
from auditor.checks import RULES, CorpusSplit, Rule
from auditor.engine import Options, run
from auditor.findings import make_finding
from auditor.writers.json_writer import run_to_dict
from conftest import CORPUS, ROOT

needs_fork = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                                reason="test rules registered at run time reach workers only by fork")


def _json(result) -> dict:
    d = run_to_dict(result)
    d["summary"].pop("seconds")
    return d


def _folder(tmp_path, n=4):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(n):
        (folder / f"r{i}.txt").write_text(f"一、项目概况\n第{i}号报告。市市直机关，资金 {100 + i} 万元。\n",
                                          encoding="utf-8")
    return folder


# ---------------------------------------------------------------- --jobs gives the same output

def test_jobs_2_output_identical_to_jobs_1_on_corpus(tmp_path):
    outs = []
    for jobs in (1, 2):
        out = tmp_path / f"o{jobs}"
        r = subprocess.run([sys.executable, "-m", "auditor", "check", str(CORPUS), "--format", "json",
                            "--out", str(out), "--jobs", str(jobs), "--no-progress"],
                           capture_output=True, text=True, cwd=ROOT, timeout=600)
        assert r.returncode == 1, r.stderr
        data = json.loads((out / "auditor-report.json").read_text(encoding="utf-8"))
        data["summary"].pop("seconds")
        outs.append(data)
    assert outs[0] == outs[1]
    assert outs[0]["summary"]["findings"] > 0


def test_more_jobs_than_files_and_no_files(tmp_path):
    folder = _folder(tmp_path, 2)
    a = _json(run([str(folder)], Options(jobs=1)))
    b = _json(run([str(folder)], Options(jobs=8)))
    assert a == b and len(a["documents"]) == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run([str(empty)], Options(jobs=2)).documents == []


# ---------------------------------------------------------------- time limit and crashes

def _slow(doc):
    if "第1号" in doc.text:
        time.sleep(60)
    return iter(())


def _stuck(doc):
    """Blocks the soft limit's signal, as C code that never returns to Python would."""
    if "第1号" in doc.text:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(60)
    return iter(())


def _crash(doc):
    if "第2号" in doc.text:
        os.kill(os.getpid(), signal.SIGKILL)
    return iter(())


def _mark(doc):
    i = doc.text.index("号报告")
    yield make_finding(doc, "text.zz_mark", i, i + 3, "mark")


def _broken(doc):
    raise ValueError("boom")


def _register(monkeypatch, code, func, scope="document"):
    monkeypatch.setitem(RULES, code, Rule(code, "test rule", func, scope))


@needs_fork
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_slow_file_times_out_and_the_run_goes_on(tmp_path, monkeypatch, jobs):
    _register(monkeypatch, "text.zz_slow", _slow)
    _register(monkeypatch, "text.zz_mark", _mark)
    folder = _folder(tmp_path)
    t0 = time.monotonic()
    res = run([str(folder)], Options(select=["text.zz_slow", "text.zz_mark"], jobs=jobs, timeout=1.5))
    assert time.monotonic() - t0 < 20
    by = {os.path.basename(d.path): d for d in res.documents}
    assert "timed out after 1.5 s" in by["r1.txt"].error and by["r1.txt"].findings == []
    for name in ("r0.txt", "r2.txt", "r3.txt"):
        assert by[name].error is None and [f.rule for f in by[name].findings] == ["text.zz_mark"]


@needs_fork
def test_a_file_stuck_in_uninterruptible_code_is_killed(tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "KILL_GRACE", 0.5)
    _register(monkeypatch, "text.zz_stuck", _stuck)
    _register(monkeypatch, "text.zz_mark", _mark)
    folder = _folder(tmp_path)
    t0 = time.monotonic()
    res = run([str(folder)], Options(select=["text.zz_stuck", "text.zz_mark"], jobs=2, timeout=1.0))
    assert time.monotonic() - t0 < 20
    by = {os.path.basename(d.path): d for d in res.documents}
    assert "timed out" in by["r1.txt"].error
    assert all(by[n].error is None and by[n].findings for n in ("r0.txt", "r2.txt", "r3.txt"))


@needs_fork
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_worker_crash_costs_only_its_file(tmp_path, monkeypatch, jobs):
    _register(monkeypatch, "text.zz_crash", _crash)
    _register(monkeypatch, "text.zz_mark", _mark)
    folder = _folder(tmp_path)
    res = run([str(folder)], Options(select=["text.zz_crash", "text.zz_mark"], jobs=jobs))
    by = {os.path.basename(d.path): d for d in res.documents}
    assert "worker process died" in by["r2.txt"].error and "signal 9" in by["r2.txt"].error
    assert all(by[n].error is None and by[n].findings for n in ("r0.txt", "r1.txt", "r3.txt"))


@needs_fork
def test_a_broken_check_keeps_the_other_findings(tmp_path, monkeypatch):
    _register(monkeypatch, "text.zz_broken", _broken)
    _register(monkeypatch, "text.zz_mark", _mark)
    res = run([str(_folder(tmp_path, 1))], Options(select=["text.zz_broken", "text.zz_mark"], jobs=1))
    d = res.documents[0]
    assert d.error is None and [f.rule for f in d.findings] == ["text.zz_mark"]
    assert d.summary["check_errors"] == ["text.zz_broken: ValueError: boom"]


def test_timeout_option_on_the_command_line(tmp_path):
    from auditor.cli import main
    folder = _folder(tmp_path, 1)
    assert main(["check", str(folder), "--timeout", "-1"]) == 2
    assert main(["check", str(folder), "--scheduler", "tcp://x:1"]) == 2
    assert main(["check", str(folder), "--timeout", "0", "--exit-zero", "--out", str(tmp_path / "o"),
                 "--format", "json"]) == 0


# ---------------------------------------------------------------- cross-document protocol

def _corpus_docs(docs):
    """A corpus rule receiving whole documents: one finding per document, naming its rank."""
    for i, d in enumerate(docs):
        assert "spacy_doc" not in d.__dict__   # spaCy objects do not cross processes
        j = d.text.index("号报告")
        yield i, make_finding(d, "text.zz_corpus", j, j + 3, f"rank {i} of {len(docs)}")


def _sig(doc):
    j = doc.text.index("号报告")
    return {"n": doc.text[j - 1], "span": (j, j + 3), "doc": None}


def _corpus_prepared(items):
    assert all(isinstance(x, dict) for x in items)
    for i, x in enumerate(items):
        yield i, engine.Finding(rule="text.zz_prepared", message=f"n={x['n']} rank {i}",
                                start=x["span"][0], end=x["span"][1], line=1, column=1, excerpt="")


_corpus_prepared.prepare = _sig
_corpus_prepared.summarize = lambda items: [(i, "zz_n", x["n"]) for i, x in enumerate(items)]


@needs_fork
def test_corpus_rules_see_documents_or_prepared_values_in_input_order(tmp_path, monkeypatch):
    _register(monkeypatch, "text.zz_corpus", _corpus_docs, "corpus")
    _register(monkeypatch, "text.zz_prepared", _corpus_prepared, "corpus")
    folder = _folder(tmp_path, 5)
    (folder / "r9-bad.txt").write_bytes(b"")   # an unreadable file takes no rank
    outs = []
    for jobs in (1, 2):
        res = run([str(folder)], Options(select=["text.zz_corpus", "text.zz_prepared"], jobs=jobs))
        outs.append(_json(res))
        good = [d for d in res.documents if d.error is None]
        assert [f.message for d in good for f in d.findings if f.rule == "text.zz_corpus"] == \
            [f"rank {i} of 5" for i in range(5)]
        assert [f.message for d in good for f in d.findings if f.rule == "text.zz_prepared"] == \
            [f"n={i} rank {i}" for i in range(5)]
        assert [d.summary["zz_n"] for d in good] == [str(i) for i in range(5)]
    assert outs[0] == outs[1]


def _corpus_half_broken(docs):
    yield 0, make_finding(docs[0], "text.zz_half", 0, 1, "before the error")
    raise RuntimeError("corpus boom")


def _corpus_dies(docs):
    os.kill(os.getpid(), signal.SIGKILL)
    yield from ()


@needs_fork
def test_corpus_rules_side_by_side_equal_serial_including_errors(tmp_path, monkeypatch):
    _register(monkeypatch, "text.zz_corpus", _corpus_docs, "corpus")
    _register(monkeypatch, "text.zz_half", _corpus_half_broken, "corpus")
    _register(monkeypatch, "text.zz_prepared", _corpus_prepared, "corpus")
    folder = _folder(tmp_path, 3)
    select = ["text.zz_corpus", "text.zz_half", "text.zz_prepared"]
    serial = _json(run([str(folder)], Options(select=select, jobs=1)))
    parallel = _json(run([str(folder)], Options(select=select, jobs=3)))
    assert serial == parallel
    first = serial["documents"][0]
    assert "text.zz_half: RuntimeError: corpus boom" in first["summary"]["check_errors"]
    assert any(f["message"] == "before the error" for f in first["findings"])


@needs_fork
def test_a_corpus_rule_that_kills_its_process_does_not_kill_the_run(tmp_path, monkeypatch):
    _register(monkeypatch, "text.zz_corpus", _corpus_docs, "corpus")
    _register(monkeypatch, "text.zz_dies", _corpus_dies, "corpus")
    res = run([str(_folder(tmp_path, 2))], Options(select=["text.zz_corpus", "text.zz_dies"], jobs=2))
    assert all(d.findings for d in res.documents)
    assert "text.zz_dies: process died (signal 9)" in res.documents[0].summary["check_errors"]


def _corpus_split_whole(items):
    for i, x in enumerate(items):
        yield i, engine.Finding(rule="text.zz_split", message=f"n={x['n']} of {len(items)}",
                                start=x["span"][0], end=x["span"][1], line=1, column=1, excerpt="")


def _split_parts(items, n, broken=False):
    """One part per item; each part says which process ran it (the join drops that)."""
    def part(i):
        if broken and i == 1:
            raise RuntimeError("part boom")
        return os.getpid(), list(_corpus_split_whole(items))[i]

    pids = []

    def join(outputs):
        pids.extend(pid for pid, _ in outputs)
        _split_parts.pids = pids
        return [found for _, found in outputs]

    return CorpusSplit([lambda i=i: part(i) for i in range(len(items))], join)


_corpus_split_whole.prepare = _sig


@needs_fork
def test_a_split_corpus_rule_runs_its_parts_side_by_side_and_joins_as_serial(tmp_path, monkeypatch):
    _register(monkeypatch, "text.zz_split", _corpus_split_whole, "corpus")
    monkeypatch.setattr(_corpus_split_whole, "split", _split_parts, raising=False)
    folder = _folder(tmp_path, 4)
    serial = _json(run([str(folder)], Options(select=["text.zz_split"], jobs=1)))
    _split_parts.pids = []
    parallel = _json(run([str(folder)], Options(select=["text.zz_split"], jobs=3)))
    assert serial == parallel
    assert [f["message"] for d in parallel["documents"] for f in d["findings"]] == \
        [f"n={i} of 4" for i in range(4)]
    # four parts, each in a forked child, never in this process
    assert len(_split_parts.pids) == 4 and os.getpid() not in _split_parts.pids
    assert len(set(_split_parts.pids)) == 4


@needs_fork
def test_a_split_rule_whose_part_fails_is_run_whole_in_the_parent(tmp_path, monkeypatch):
    _register(monkeypatch, "text.zz_split", _corpus_split_whole, "corpus")
    monkeypatch.setattr(_corpus_split_whole, "split",
                        lambda items, n: _split_parts(items, n, broken=True), raising=False)
    folder = _folder(tmp_path, 3)
    serial = _json(run([str(folder)], Options(select=["text.zz_split"], jobs=1)))
    parallel = _json(run([str(folder)], Options(select=["text.zz_split"], jobs=2)))
    assert serial == parallel
    assert len([f for d in parallel["documents"] for f in d["findings"]]) == 3


def test_without_corpus_rules_no_document_is_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "_corpus_phase", lambda rules, results, payloads, **kw: (
        {} if all(p is None for p in payloads) else pytest.fail("documents were kept")))
    res = run([str(_folder(tmp_path, 3))], Options(select=["text.duplicate_char"], jobs=2))
    assert all(d.findings for d in res.documents)


# ---------------------------------------------------------------- dask

@pytest.fixture(scope="module")
def dask_cluster():
    distributed = pytest.importorskip("dask.distributed")
    cluster = distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                       dashboard_address=None)
    client = distributed.Client(cluster)
    yield cluster, client
    client.close()
    cluster.close()


def test_dask_engine_gives_the_local_result(dask_cluster, tmp_path):
    cluster, client = dask_cluster
    folder = tmp_path / "in"
    folder.mkdir()
    for p in sorted(CORPUS.glob("00[04]_*.txt")):
        (folder / p.name).write_bytes(p.read_bytes())
    (folder / "bad.txt").write_bytes(b"")
    (folder / "copy of 000.txt").write_bytes(next(CORPUS.glob("000_*.txt")).read_bytes())
    local = _json(run([str(folder)], Options(jobs=1)))
    for ship in (False, True):
        remote = _json(run([str(folder)], Options(engine="dask", scheduler=cluster.scheduler_address,
                                                  ship_bytes=ship)))
        assert remote == local
    assert _json(run([str(folder)], Options(engine="dask", scheduler=client))) == local


def test_dask_engine_from_the_command_line(dask_cluster, tmp_path):
    from auditor.cli import main
    cluster, _ = dask_cluster
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(next(CORPUS.glob("000_*.txt")).read_bytes())
    outs = []
    for extra in ([], ["--engine", "dask", "--scheduler", cluster.scheduler_address]):
        out = tmp_path / ("o" + str(len(outs)))
        assert main(["check", str(folder), "--format", "json", "--out", str(out), "--no-progress",
                     *extra]) == 1
        data = json.loads((out / "auditor-report.json").read_text(encoding="utf-8"))
        data["summary"].pop("seconds")
        outs.append(data)
    assert outs[0] == outs[1]


def test_dask_engine_survives_failing_tasks_and_unreadable_files(dask_cluster, tmp_path, monkeypatch):
    cluster, _ = dask_cluster
    folder = _folder(tmp_path, 3)
    os.mkfifo(folder / "pipe.txt")
    res = run([str(folder)], Options(engine="dask", scheduler=cluster.scheduler_address, ship_bytes=True,
                                     select=["text.duplicate_char"]))
    by = {os.path.basename(d.path): d for d in res.documents}
    assert "not a regular file" in by["pipe.txt"].error
    assert all(by[f"r{i}.txt"].findings for i in range(3))

    def broken(items, **kw):
        raise RuntimeError("worker lost")
    monkeypatch.setattr(engine, "_dask_batch", broken)
    res = run([str(folder)], Options(engine="dask", scheduler=cluster.scheduler_address))
    assert [os.path.basename(d.path) for d in res.documents] == ["pipe.txt", "r0.txt", "r1.txt", "r2.txt"]
    assert all("dask task failed: RuntimeError: worker lost" in d.error for d in res.documents)


def test_text_is_kept_only_when_asked(tmp_path):
    folder = _folder(tmp_path, 2)
    keep = run([str(folder)], Options(jobs=2, select=["text.duplicate_char"]))
    drop = run([str(folder)], Options(jobs=2, select=["text.duplicate_char"], keep_text=False))
    assert all(d.text for d in keep.documents) and all(d.text is None for d in drop.documents)
    assert _json(keep) == _json(drop)
