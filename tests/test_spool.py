"""Results kept on disk (spool.py) give exactly the report kept in memory."""
from __future__ import annotations

import io
import json
from pathlib import Path

from auditor.engine import Options, run
from auditor.spool import ResultStore
from auditor.writers.json_writer import dump_run, run_to_dict

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _report(result) -> dict:
    out = io.StringIO()
    dump_run(result, out)
    data = json.loads(out.getvalue())
    data["summary"].pop("seconds")
    return data


def test_spooled_run_gives_the_same_report_as_in_memory():
    in_memory = run([str(CORPUS)], Options(spool=False))
    spooled = run([str(CORPUS)], Options(spool=True))
    assert isinstance(spooled.documents, ResultStore) and not isinstance(in_memory.documents, ResultStore)
    assert in_memory.finding_count() > 20   # the bundled corpus has real findings
    assert _report(spooled) == _report(in_memory)
    assert spooled.finding_count() == in_memory.finding_count() == len(in_memory.findings)
    assert spooled.count_by("family") == in_memory.count_by("family")
    assert spooled.count_by("confidence") == in_memory.count_by("confidence")
    # the corpus rules' findings and summaries reached the spooled results
    assert any(f.rule == "text.boilerplate" for d in spooled.documents for f in d.findings)
    assert all("boilerplate_share" in d.summary for d in spooled.documents if not d.error)


def test_streamed_json_is_the_whole_report_with_a_finding_per_line():
    result = run([str(CORPUS)], Options())
    out = io.StringIO()
    dump_run(result, out)
    assert json.loads(out.getvalue()) == json.loads(json.dumps(run_to_dict(result)))
    lines = out.getvalue().split("\n")
    finding_lines = [ln for ln in lines if ln.startswith('    {"rule": ')]
    assert len(finding_lines) == result.finding_count() > 20
    assert all(json.loads(ln.strip().rstrip(",")) for ln in finding_lines)


def test_streamed_json_of_an_empty_run(tmp_path):
    result = run([str(tmp_path)], Options())
    out = io.StringIO()
    dump_run(result, out)
    assert json.loads(out.getvalue())["documents"] == []
    assert json.loads(out.getvalue()) == json.loads(json.dumps(run_to_dict(result)))


def test_store_reads_back_what_was_written_and_counts_without_unpickling():
    from collections import Counter

    from auditor.engine import DocResult

    audited = run([str(sorted(CORPUS.glob("*.txt"))[0])], Options()).documents[0]
    assert audited.findings
    store = ResultStore(4)
    assert store[1] is None
    store[0] = DocResult(path="a.txt", error="不可读 / unreadable")
    store[2] = DocResult(path="c.txt")
    first = store[2]
    first.summary["x"] = 1            # a read gives a copy: the store is unchanged ...
    assert store[2].summary == {}
    store[2] = first                  # ... until it is assigned back
    assert store[2].summary == {"x": 1}
    assert [d.path if d else None for d in store] == ["a.txt", None, "c.txt", None]
    assert store.error_count() == 1 and store.finding_count() == 0
    store[3] = audited
    assert store.finding_count() == len(audited.findings)
    assert store.count_by("family") == Counter(f.family for f in audited.findings)
    assert [f.to_dict() for f in store[3].findings] == [f.to_dict() for f in audited.findings]


def test_csv_written_in_pieces_is_byte_identical(tmp_path, monkeypatch):
    from auditor.writers import csv_writer, tabular

    result = run([str(CORPUS)], Options(spool=True))
    whole = tmp_path / "whole.csv"
    tabular.findings_frame(result).to_csv(whole, **csv_writer.CSV_OPTIONS)
    pieces = tmp_path / "pieces.csv"
    monkeypatch.setattr(csv_writer, "findings_frames", lambda res: tabular.findings_frames(res, 2))
    csv_writer.write_csv(result, str(pieces))
    assert len(result.documents) > 2 and result.finding_count() > 0
    assert pieces.read_bytes() == whole.read_bytes()
