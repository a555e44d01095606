"""Running an audit: files -> documents -> checks -> results.

Kept apart from the CLI so tests and other front ends call the same code.

Two phases:

1. **Per document** (``analyse_file``): read, normalize, build the model, run
   every document-scope rule.  This runs in worker processes (``--jobs N``,
   default 1) supervised by the parent, which enforces the per-file time limit:
   a document still running after ``Options.timeout`` seconds is interrupted
   (SIGALRM inside the worker), and one that cannot be interrupted (stuck in C
   code) is killed a few seconds later; either way the file gets a one-line
   error and the run goes on with a fresh worker.  A worker that dies (crash,
   out-of-memory kill) costs only the file it was reading.  With
   ``engine="dask"`` the same per-document function is mapped over a
   dask.distributed cluster instead (see ``docs/scale.md``).
2. **Across documents**: corpus-scope rules run once, locally, over what the
   per-document phase returned, in input order.

Results are identical whatever the number of workers or the engine: every
document's result is placed at its input index, and corpus rules see documents
in input order.

Corpus rules and memory: a corpus rule normally receives the list of
``Document`` objects, so the parent keeps every document of the run.  A corpus
rule may instead declare ``func.prepare = lambda doc: small_signature`` (e.g.
MinHash signatures of its paragraphs plus what its findings need); ``prepare``
then runs per document in the worker and the rule (and its ``summarize``, if
any) receives the list of prepared values, so only the cross-document index is
kept in memory.  With no corpus rule selected, documents are dropped as soon as
their own checks have run.
"""
from __future__ import annotations

import fnmatch
import os
import pickle
import signal
import sys
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .checks import Rule, selected_rules
from .findings import CONFIDENCE_RANK, Finding, sort_key
from .ingest import load
from .model import Document, build_document
from .spool import ResultStore

DEFAULT_TIMEOUT = 120.0   # seconds per file
KILL_GRACE = 5.0          # after the soft limit, a worker that does not answer is killed
ENGINES = ("local", "dask")


@dataclass
class Options:
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    min_confidence: str = "likely"
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    jobs: int = 1
    timeout: float | None = DEFAULT_TIMEOUT   # per file, seconds; None or 0: no limit
    engine: str = "local"                     # "local" (processes on this machine) or "dask"
    scheduler: Any = None                     # dask: address, scheduler-file path, or a Client
    ship_bytes: bool = False                  # dask: send file contents instead of paths
    keep_text: bool = True                    # keep each file's decoded text in its result
                                              # (the HTML report shows it; nothing else needs it)
    spool: bool | None = None                 # results on disk (spool.py); None: above SPOOL_ABOVE files
    group: bool = True                        # one problem, one finding (auditor/grouping.py)
    finish: Callable[[DocResult], None] | None = None   # output hook on each document's final
                                              # result; None: grouping.finish (merge findings with one
                                              # cause, fingerprints); the CLI adds per-path ignores
                                              # and the baseline (cli.py)


@dataclass
class DocResult:
    path: str
    error: str | None = None
    encoding: str | None = None
    fmt: str | None = None
    chars: int = 0
    findings: list[Finding] = field(default_factory=list)
    summary: dict = field(default_factory=dict)
    text: str | None = None          # original decoded text (for HTML/JSON consumers)


@dataclass
class RunResult:
    documents: list[DocResult]
    rules: list[Rule]
    options: Options
    seconds: float = 0.0
    timings: dict = field(default_factory=dict)   # phase -> seconds (for benchmarks)
    # files met in folders and not audited: (path, reason), see engine.skip_reason
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def skipped_summary(self) -> str:
        """"skipped 3: 2 hidden, 1 office lock file", or "" when nothing was skipped."""
        if not self.skipped:
            return ""
        counts = Counter(reason for _, reason in self.skipped)
        return f"skipped {len(self.skipped)}: " + ", ".join(f"{n} {r}" for r, n in sorted(counts.items()))

    @property
    def findings(self) -> list[Finding]:
        """Every finding of the run, in memory at once (writers use the counters below)."""
        return [f for d in self.documents for f in d.findings]

    def finding_count(self) -> int:
        if isinstance(self.documents, ResultStore):
            return self.documents.finding_count()
        return sum(len(d.findings) for d in self.documents)

    def count_by(self, what: str) -> Counter:
        """Findings per ``"family"`` or per ``"confidence"``."""
        if isinstance(self.documents, ResultStore):
            return self.documents.count_by(what)
        return Counter(getattr(f, what) for d in self.documents for f in d.findings)

    def error_count(self) -> int:
        if isinstance(self.documents, ResultStore):
            return self.documents.error_count()
        return sum(1 for d in self.documents if d.error)


# Skipped when walking folders (and counted in ``RunResult.skipped``): hidden entries,
# files that editors and file managers leave next to documents, files that are
# plainly not reports (program and data files), and the auditor's own outputs.
# Every other file is audited or gets a one-line error, whatever its type.
_JUNK_NAMES = {"thumbs.db": "system file", "desktop.ini": "system file", "ehthumbs.db": "system file",
               "icon\r": "system file"}
_NOT_REPORTS = {".json", ".jsonl", ".log", ".py", ".pyc", ".js", ".css", ".map", ".exe", ".dll",
                ".so", ".dylib", ".lnk", ".url", ".ini", ".cfg", ".db", ".tmp", ".bak", ".swp",
                ".part", ".crdownload", ".tsv", ".toml", ".yaml", ".yml"}
_OWN_OUTPUTS = {"auditor-report.json", "auditor-report.html", "auditor-report.xlsx",
                "auditor-findings.csv", "auditor-documents.csv"}


def skip_reason(name: str) -> str | None:
    """Why a file met while walking a folder is not audited, or None (it is audited)."""
    low = name.lower()
    if name.startswith("."):
        return "hidden"
    if name.startswith("~$") or low.startswith(".~lock."):
        return "office lock file"
    if low in _JUNK_NAMES:
        return _JUNK_NAMES[low]
    if low in _OWN_OUTPUTS:
        return "auditor output"
    if Path(low).suffix in _NOT_REPORTS:
        return "not a report type"
    return None


def collect_files(paths: Iterable[str], include: list[str] | None = None,
                  exclude: list[str] | None = None, skip_dirs: Iterable[str] = (),
                  skipped: list[tuple[str, str]] | None = None) -> list[str]:
    """Files to audit, in a stable order. Folders are walked recursively (symlinked
    folders are not followed, so a symlink loop cannot hang the run); every file
    found is audited, whatever its type (an unsupported one gets its one-line
    error in the results), except those ``skip_reason`` names, which are appended
    to ``skipped`` as (path, reason).  A file named explicitly is always tried."""
    skip = {os.path.realpath(s) for s in skip_dirs}
    out: list[str] = []
    for arg in paths:
        if os.path.isdir(arg):
            found = []
            for root, dirs, files in os.walk(arg, followlinks=False):
                kept = []
                for d in sorted(dirs):
                    if os.path.realpath(os.path.join(root, d)) in skip:
                        continue
                    if d.startswith("."):
                        if skipped is not None:
                            skipped.append((os.path.join(root, d), "hidden folder"))
                        continue
                    kept.append(d)
                dirs[:] = kept
                for name in sorted(files):
                    full = os.path.join(root, name)
                    rel = os.path.relpath(full, arg)
                    if include and not any(_glob(rel, g) for g in include):
                        continue
                    if exclude and any(_glob(rel, g) for g in exclude):
                        continue
                    reason = skip_reason(name)
                    if reason:
                        if skipped is not None:
                            skipped.append((full, reason))
                        continue
                    found.append(full)
            out.extend(sorted(found))
        else:
            out.append(arg)
    # keep the first occurrence of each file
    seen, unique = set(), []
    for p in out:
        key = os.path.abspath(p)
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def _glob(rel: str, pattern: str) -> bool:
    rel = rel.replace(os.sep, "/")
    return fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(os.path.basename(rel), pattern)


# --------------------------------------------------------------------------- per document

class DocumentTimeout(BaseException):
    """Raised inside a worker when a document exceeds the time limit.

    A BaseException, so the ``except Exception`` that keeps one broken check
    from losing a file's other findings does not swallow it."""


def _timeout_message(seconds: float) -> str:
    return f"处理超时（超过 {seconds:g} 秒），已跳过 / timed out after {seconds:g} s: skipped"


def _crash_message(detail: str) -> str:
    return f"处理该文件时工作进程异常退出 / worker process died while reading this file ({detail})"


def analyse_file(path: str, rules: list[Rule], want: str = "none",
                 data: bytes | None = None) -> tuple[DocResult, Any]:
    """All per-document work for one file.

    ``want`` says what the cross-document phase needs back: ``"none"``,
    ``"document"`` (the ``Document``) or ``"prepared"`` (a dict rule code ->
    ``rule.func.prepare(doc)`` for corpus rules that declare ``prepare``, plus
    the ``Document`` under ``None`` when some corpus rule has no ``prepare``).
    """
    loaded = load(path, data)
    res = DocResult(path=path, error=loaded.error, encoding=loaded.encoding, fmt=loaded.fmt)
    if loaded.error:
        return res, None
    doc = build_document(path, loaded.text, loaded.encoding, loaded.fmt, loaded.locations)
    res.chars = len(loaded.text)
    res.text = loaded.text
    for rule in rules:
        if rule.scope != "document":
            continue
        try:
            res.findings.extend(rule.func(doc))
        except Exception as e:  # one broken check must not lose the file's other findings
            res.summary.setdefault("check_errors", []).append(f"{rule.code}: {type(e).__name__}: {e}")
    return res, _payload(doc, rules, want, res)


def _payload(doc: Document, rules: list[Rule], want: str, res: DocResult) -> Any:
    if want == "none":
        return None
    if want == "document":
        return doc
    out: dict = {}
    for rule in rules:
        if rule.scope != "corpus":
            continue
        prepare = getattr(rule.func, "prepare", None)
        if prepare is None:
            out[None] = doc
            continue
        try:
            out[rule.code] = prepare(doc)
        except Exception as e:
            out[rule.code] = None
            res.summary.setdefault("check_errors", []).append(
                f"{rule.code}: {type(e).__name__}: {e}")
    return out


def _want(rules: list[Rule]) -> str:
    corpus = [r for r in rules if r.scope == "corpus"]
    if not corpus:
        return "none"
    if all(getattr(r.func, "prepare", None) is None for r in corpus):
        return "document"
    return "prepared"


def _portable(payload: Any) -> Any:
    """Lighten a Document before it crosses to the parent and waits there for
    the corpus rules: spaCy objects (which carry their whole vocabulary) and
    per-document caches (attributes named ``_...``: quantities, entities …,
    typically larger than the document) are dropped; they are recomputed on
    demand if a corpus rule asks for them.  Results are unchanged; a corpus rule
    that needs derived data for every document should compute it in ``prepare``."""
    docs = []
    if isinstance(payload, Document):
        docs = [payload]
    elif isinstance(payload, dict) and isinstance(payload.get(None), Document):
        docs = [payload[None]]
    for d in docs:
        for key, value in list(d.__dict__.items()):
            if key.startswith("_") or type(value).__module__.startswith(("spacy", "thinc")):
                del d.__dict__[key]
    return payload


def _analyse_guarded(path: str, rules: list[Rule], want: str, timeout: float | None,
                     data: bytes | None = None) -> tuple[DocResult, Any]:
    """``analyse_file`` with the soft time limit (SIGALRM), when this is the main thread."""
    use_alarm = bool(timeout) and hasattr(signal, "setitimer") \
        and threading.current_thread() is threading.main_thread()
    if not use_alarm:
        return analyse_file(path, rules, want, data)

    def on_alarm(signum, frame):
        raise DocumentTimeout()

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        return analyse_file(path, rules, want, data)
    except DocumentTimeout:
        return DocResult(path=path, error=_timeout_message(timeout)), None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _safe_result(path: str, rules, want, timeout, data=None) -> tuple[DocResult, Any]:
    """Never raises for one file: an unexpected failure becomes that file's error."""
    try:
        return _analyse_guarded(path, rules, want, timeout, data)
    except DocumentTimeout:   # the alarm went off while it was being cancelled
        return DocResult(path=path, error=_timeout_message(timeout or 0)), None
    except MemoryError:
        return DocResult(path=path, error="内存不足 / out of memory while auditing this file"), None
    except RecursionError:
        return DocResult(path=path, error="文件结构嵌套过深 / structure nested too deeply"), None
    except Exception as e:
        return DocResult(path=path, error=" ".join(
            f"审计失败 / internal error: {type(e).__name__}: {str(e)[:200]}".split())), None


# --------------------------------------------------------------------------- local workers

# A few lines that touch every lazily loaded resource (jieba and its POS tags, the region
# and scheme lexicons, every rule's compiled patterns).  spaCy is loaded only by
# the rare document that needs ``Document.spacy_doc``.
_WARM_UP_TEXT = (
    "项目名称：某县城乡居民基本医疗保险项目\n"
    "一、基本情况\n"
    "2023年预算数100.00万元，执行数90.00万元，执行率90.00%，其中基本支出60.00万元、"
    "项目支出30.00万元。参保人数三千人，回收问卷500份，满意度95%。青山镇卫生院等单位。\n"
    "序号\t指标\t分值\t得分\n1\t预算执行率\t10\t9\n合计\t\t10\t9\n"
)


_warm = False


def warm_up() -> None:
    """Load the language resources (jieba dictionary and POS tags, lexicons) now, once
    per process, instead of inside the first document's time budget: every rule runs
    once over a small built-in sample.  Forked workers then share what the parent loaded."""
    global _warm
    if _warm:
        return
    _warm = True
    try:
        from .nlp import segmenter
        segmenter()
        from .nlp import posseg   # its tag dictionary (0.45 s), which the sample may not reach
        list(posseg().cut("青山镇卫生院"))
        doc = build_document("<warm-up>", _WARM_UP_TEXT, "utf-8")
    except Exception:   # a check that needs them reports its own error
        return
    for rule in selected_rules():
        try:
            if rule.scope == "document":
                list(rule.func(doc))
            elif getattr(rule.func, "prepare", None) is not None:
                rule.func.prepare(doc)
        except Exception:
            pass
    from . import rx
    rx.save_compiled()   # the next start builds these patterns without parsing them


def _worker_main(conn, select, ignore, want, timeout, keep_text=True) -> None:
    """A worker process: audit the files the parent sends, one at a time."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # the parent handles Ctrl-C
    warm_up()   # a no-op when forked from a parent that has loaded them
    # a document allocates a few hundred thousand objects, nearly all freed by reference
    # counting: collecting cycles every 50,000 allocations instead of 700 saves ~4 % per file
    import gc
    gc.set_threshold(50_000, 20, 100)
    rules = selected_rules(select, ignore)
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        index, path = msg
        res, payload = _safe_result(path, rules, want, timeout)
        if not keep_text:
            res.text = None
        try:
            conn.send((index, res, _portable(payload)))
        except (BrokenPipeError, EOFError):
            return
        except Exception as e:  # something in the result cannot be pickled
            conn.send((index, DocResult(path=path, error=" ".join(
                f"结果无法传回 / result could not be returned: {type(e).__name__}: {e}"[:300].split())),
                None))


def _start(proc) -> None:
    """Start a (forked) process with the parent's objects frozen out of the garbage
    collector, so the child's collections do not write to, and so copy, every
    shared page (the jieba dictionary, the documents waiting for corpus rules)."""
    import gc
    frozen = gc.get_freeze_count()   # the corpus phase keeps its payloads frozen itself
    gc.freeze()
    try:
        proc.start()
    finally:
        if not frozen:
            gc.unfreeze()


class _Worker:
    def __init__(self, ctx, args):
        import multiprocessing.connection  # noqa: F401
        parent, child = ctx.Pipe(duplex=True)
        self.conn = parent
        self.proc = ctx.Process(target=_worker_main, args=(child, *args), daemon=True)
        _start(self.proc)
        child.close()
        # files sent and not yet answered, oldest first: the first is the one being read,
        # ``started`` when it began (when it was sent, or when the one before it came back)
        self.tasks: deque[tuple[int, str]] = deque()
        self.started = 0.0

    def stop(self, kill: bool = False) -> None:
        try:
            if kill:
                self.proc.kill()
            else:
                try:
                    self.conn.send(None)
                except OSError:
                    pass
            self.proc.join(timeout=None if kill else 5)
            if self.proc.is_alive():
                self.proc.kill()
                self.proc.join()
        finally:
            self.conn.close()


def _spare_cpus(jobs: int) -> int:
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return cpus - jobs


def _feeds_indexes(rules: list[Rule], options: "Options") -> bool:
    """Does the parent feed the corpus rules' incremental indexes while the documents are
    read?  Only on a CPU the workers leave free: the index reads sibling pairs ahead, some
    of which the final candidates drop, so on a busy CPU it would only add work."""
    return options.engine == "local" and _spare_cpus(options.jobs) >= 1 and any(
        r.scope == "corpus" and getattr(r.func, "incremental", None) is not None for r in rules)


def _mp_context():
    import multiprocessing
    methods = multiprocessing.get_all_start_methods()
    # fork: workers inherit the loaded modules (and any rule registered at run time)
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _run_local(files: list[str], rules: list[Rule], options: Options, want: str,
               idle: Callable[[], bool] | None = None) -> Iterator[tuple[int, DocResult, Any]]:
    """Audit ``files`` in ``options.jobs`` supervised worker processes; yields
    ``(index, result, payload)`` as documents finish (not in order)."""
    from multiprocessing.connection import wait

    timeout = options.timeout or None
    jobs = max(1, min(options.jobs, len(files)))
    ctx = _mp_context()
    if ctx.get_start_method() == "fork":
        warm_up()   # loaded once in the parent, shared by every forked worker
    args = (options.select, options.ignore, want, timeout, options.keep_text)
    pending = list(range(len(files)))[::-1]   # a stack: pop() gives input order
    workers: list[_Worker] = []
    try:
        for _ in range(jobs):
            workers.append(_Worker(ctx, args))

        # files wait in the worker's pipe, so the worker goes on while the parent is busy
        # with the results: longer when the parent feeds corpus indexes (see ``run``),
        # whose work comes in slices and, now and then, in a longer step
        depth = WORKER_QUEUE_INDEXED if _feeds_indexes(rules, options) else WORKER_QUEUE

        def dispatch(w: _Worker) -> None:
            while len(w.tasks) < depth and pending:
                i = pending.pop()
                if not w.tasks:
                    w.started = time.monotonic()
                w.tasks.append((i, files[i]))
                try:
                    w.conn.send(w.tasks[-1])
                except OSError:
                    pass   # a dead worker: seen below as EOF

        while True:
            for w in workers:
                dispatch(w)
            busy = [w for w in workers if w.tasks]
            if not busy:
                return
            wait_for = None
            if timeout:
                now = time.monotonic()
                wait_for = max(0.0, min(w.started + timeout + KILL_GRACE - now for w in busy))
            # no result waiting: the parent's own work (``idle``, the corpus indexes) in short
            # steps, results first whenever one comes
            ready = wait([w.conn for w in busy], timeout=0) if idle is not None else []
            while not ready and idle is not None and idle():
                ready = wait([w.conn for w in busy], timeout=0)
            if not ready:
                ready = wait([w.conn for w in busy], timeout=wait_for)
            for w in list(busy):
                if w.conn in ready:
                    try:
                        data = w.conn.recv_bytes()
                    except (EOFError, OSError):
                        w.proc.join(timeout=1)
                        code = w.proc.exitcode
                        detail = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
                        yield _replace(workers, w, ctx, args, _crash_message(detail), pending)
                        continue
                    # the worker gets its next file before this result is unpickled and
                    # consumed, so it does not wait on the parent
                    w.tasks.popleft()
                    w.started = time.monotonic()
                    dispatch(w)
                    yield pickle.loads(data)
                elif timeout and time.monotonic() - w.started > timeout + KILL_GRACE:
                    yield _replace(workers, w, ctx, args, _timeout_message(timeout), pending)
    finally:
        for w in workers:
            w.stop(kill=sys.exc_info()[0] is not None)


# Files sent to a worker ahead of its answers (see ``dispatch`` in ``_run_local``): with a
# corpus index fed in the parent, enough for the index's longer steps (~0.2 s at 1,000
# reports); at the end of a run the workers' queues differ by at most that many files.
WORKER_QUEUE = 2
WORKER_QUEUE_INDEXED = 24


def _replace(workers: list[_Worker], w: _Worker, ctx, args, error: str, pending: list[int]):
    """Kill worker ``w`` (stuck or dead), start a fresh one; the file it was reading gets
    ``error``, the files queued behind it go back to ``pending`` (read next)."""
    index, path = w.tasks.popleft()
    pending.extend(i for i, _ in reversed(w.tasks))
    w.tasks.clear()
    w.stop(kill=True)
    workers[workers.index(w)] = _Worker(ctx, args)
    return index, DocResult(path=path, error=error), None


# --------------------------------------------------------------------------- dask

def _dask_batch(items, select, ignore, want, timeout, keep_text=True):
    """Runs on a dask worker: audit a batch of ``(index, path, data_or_None)``."""
    rules = selected_rules(select, ignore)
    out = []
    for index, path, data in items:
        res, payload = _safe_result(path, rules, want, timeout, data)
        if not keep_text:
            res.text = None
        out.append((index, res, _portable(payload)))
    return out


def _run_dask(files: list[str], rules: list[Rule], options: Options, want: str
              ) -> Iterator[tuple[int, DocResult, Any]]:
    """Audit ``files`` on a dask.distributed cluster; yields ``(index, result, payload)``.

    Files go in batches (up to 32 a task), with a bounded number of batches in
    flight, so that neither the client nor the scheduler holds the whole run
    (with ``ship_bytes`` the client reads a batch's files only when it submits
    it).  A batch whose task fails (its worker died more often than dask allows)
    gives each of its files an error instead of failing the run."""
    try:
        from dask.distributed import Client, as_completed
    except ImportError:
        raise RuntimeError("--engine dask needs dask.distributed: pip install 'auditor[dask]'") from None
    from .ingest import IngestError, byte_limit, read_limited

    sched = options.scheduler
    own_client = not isinstance(sched, Client)
    if not own_client:
        client = sched
    elif sched is None:
        client = Client(n_workers=max(1, options.jobs), threads_per_worker=1, processes=True,
                        dashboard_address=None)
    elif isinstance(sched, str) and os.path.isfile(sched):
        client = Client(scheduler_file=sched)
    else:
        client = Client(sched)
    try:
        nworkers = max(1, len(client.scheduler_info().get("workers", {})) or options.jobs)
        size = max(1, min(32, len(files) // (nworkers * 8) or 1))
        in_flight = max(4, nworkers * 4)
        kwargs = dict(select=list(options.select), ignore=list(options.ignore), want=want,
                      timeout=None, keep_text=options.keep_text)   # signals cannot stop work on dask worker threads
        batches = iter(range(0, len(files), size))
        pending: dict = {}
        early: list = []   # files the client could not read (--ship-bytes)

        def submit_next() -> bool:
            for start in batches:
                items = []
                for i in range(start, min(start + size, len(files))):
                    data = None
                    if options.ship_bytes:
                        path = files[i]
                        try:
                            data = read_limited(Path(path), byte_limit(Path(path).suffix.lower()))
                        except IngestError as e:
                            early.append((i, DocResult(path=path, error=str(e)), None))
                            continue
                    items.append((i, files[i], data))
                if items:
                    fut = client.submit(_dask_batch, items, pure=False, **kwargs)
                    pending[fut] = [(i, p) for i, p, _ in items]
                    done.add(fut)
                    return True
            return False

        done = as_completed()
        for _ in range(in_flight):
            if not submit_next():
                break
        yield from early
        early.clear()
        for fut in done:
            items = pending.pop(fut)
            try:
                batch = fut.result()
            except Exception as e:
                msg = " ".join(f"dask 任务失败 / dask task failed: {type(e).__name__}: {str(e)[:200]}".split())
                batch = [(i, DocResult(path=p, error=msg), None) for i, p in items]
            fut.release()
            yield from batch
            submit_next()
            yield from early
            early.clear()
    finally:
        if own_client:
            client.close()


# --------------------------------------------------------------------------- the run

def run(paths: list[str], options: Options | None = None,
        progress: Callable[[int, int, str], None] | None = None,
        skip_dirs: Iterable[str] = ()) -> RunResult:
    options = options or Options()
    if options.engine not in ENGINES:
        raise ValueError(f"unknown engine {options.engine!r} (choose from {', '.join(ENGINES)})")
    t0 = time.perf_counter()
    rules = selected_rules(options.select, options.ignore)
    skipped: list[tuple[str, str]] = []
    files = collect_files(paths, options.include, options.exclude, skip_dirs, skipped)
    t_collect = time.perf_counter()
    want = _want(rules)

    spool = options.spool if options.spool is not None else len(files) > SPOOL_ABOVE
    results: Any = ResultStore(len(files)) if spool else [None] * len(files)
    payloads: list[Any] = [None] * len(files)
    threshold = CONFIDENCE_RANK[options.min_confidence]
    corpus_rules = any(r.scope == "corpus" for r in rules)
    feed = _IndexFeed(rules if _feeds_indexes(rules, options) else [], len(files))
    import gc
    gc_threshold = gc.get_threshold()
    # the parent keeps every document's payload and feeds the indexes: collections as rare
    # as in the workers (see _worker_main)
    gc.set_threshold(50_000, 20, 100)
    if files:
        stream = partial(_run_dask, files, rules, options, want) if options.engine == "dask" else \
            partial(_run_local, files, rules, options, want, idle=feed.idle if feed.indexes else None)
        for done, (index, res, payload) in enumerate(stream(), 1):
            if not corpus_rules:    # final now: filter before storing
                _finalize(res, threshold, options.finish, options.group)
            results[index], payloads[index] = res, payload
            feed.arrived(index, payloads)
            if progress:
                progress(done, len(files), files[index])
    gc.set_threshold(*gc_threshold)
    t_docs = time.perf_counter()

    corpus_jobs = options.jobs if options.engine == "local" else 1
    # each result is finalised as the corpus rules' findings are added to it: one
    # read-modify-write per document (the results may live on disk)
    finalize = partial(_finalize, threshold=threshold, finish=options.finish, group=options.group) \
        if corpus_rules else None
    corpus_times = _corpus_phase(rules, results, payloads, jobs=corpus_jobs, indexes=feed.finish(payloads),
                                 finalize=finalize)
    payloads.clear()
    t_corpus = t_end = time.perf_counter()
    timings = {"collect": t_collect - t0, "documents": t_docs - t_collect,
               "corpus": t_corpus - t_docs, "corpus_rules": corpus_times,
               "corpus_indexing": {k: round(v, 3) for k, v in feed.seconds.items()},
               # (finalising is part of the corpus pass: "finish" stays for readers of the key)
               "finish": t_end - t_corpus, "files": len(files),
               "workers": 1 if options.engine == "local" and options.jobs < 1 else options.jobs,
               "skipped": len(skipped)}
    return RunResult(results, rules, options, t_end - t0, timings, skipped)


# Above this many files a run keeps its results on disk (spool.py) rather than in memory.
SPOOL_ABOVE = 200


def _finalize(res: DocResult, threshold: int, finish: Callable | None = None,
              group: bool = True) -> None:
    """Keep the findings at or above the confidence threshold, sorted, without duplicates;
    then the output hook (``Options.finish``, by default ``grouping.finish``)."""
    kept = [f for f in res.findings if CONFIDENCE_RANK[f.confidence] <= threshold]
    res.findings = _dedupe(sorted(kept, key=sort_key))
    if finish is None:
        from .grouping import finish as default
        default(res, group)
    else:
        finish(res)


def _item_for(rule: Rule, payload: Any) -> Any:
    """What corpus rule ``rule`` receives of one document's payload."""
    if isinstance(payload, dict):
        return payload[rule.code if getattr(rule.func, "prepare", None) is not None else None]
    return payload


class _IndexFeed:
    """The incremental indexes of the corpus rules that declare one (``func.incremental``,
    see ``auditor.checks``), fed in input order while the documents are still being read:
    the parent is otherwise waiting on the workers, so the cross-document work it does here
    is off the run's critical path.  Each document's item goes in once every document
    before it has arrived; whenever no result is waiting, an index works in steps of about
    ``WORK_SLICE`` seconds (``idle``; the workers have files queued, so they do not wait).
    An index that fails is dropped and its rule runs the ordinary way, from the whole list."""

    WORK_SLICE = 0.005

    def __init__(self, rules: list[Rule], n_files: int):
        self.indexes: dict[str, Any] = {}
        self.rules = {r.code: r for r in rules if r.scope == "corpus"
                      and getattr(r.func, "incremental", None) is not None}
        for code, rule in self.rules.items():
            try:
                self.indexes[code] = rule.func.incremental(n_files)
            except Exception:
                pass
        self.next = 0
        self.seen: set[int] = set()
        self.seconds: dict[str, float] = {}   # per rule, spent during the documents phase

    def _each(self, action) -> None:
        for code in list(self.indexes):
            t = time.perf_counter()
            try:
                action(code, self.indexes[code])
            except Exception:
                del self.indexes[code]
            self.seconds[code] = self.seconds.get(code, 0.0) + time.perf_counter() - t

    def arrived(self, index: int, payloads: list[Any]) -> None:
        if not self.indexes:
            return
        self.seen.add(index)
        while self.next in self.seen:
            payload = payloads[self.next]
            self.seen.discard(self.next)
            self.next += 1
            if payload is not None:
                self._each(lambda code, ix: ix.add(_item_for(self.rules[code], payload)))

    def idle(self) -> bool:
        """A short step of the indexes' own work; False when none has any left."""
        busy = False

        def step(code, ix):
            nonlocal busy
            busy = ix.work(self.WORK_SLICE) or busy
        self._each(step)
        return busy

    def finish(self, payloads: list[Any]) -> dict[str, Any]:
        """The indexes holding every document (the others are dropped)."""
        if self.next < len(payloads):
            return {}
        return self.indexes


def _corpus_phase(rules: list[Rule], results, payloads: list[Any],
                  jobs: int = 1, indexes: dict[str, Any] | None = None,
                  finalize: Callable | None = None) -> dict:
    """Run the corpus rules over the payloads and add their findings and summaries
    (then ``finalize`` each result, when given: every result, in the same pass).

    With ``jobs`` > 1 and several corpus rules, the rules run side by side in
    forked children (which share the payloads copy-on-write); their outcomes
    are applied in rule order, exactly as a serial run would apply them."""
    live = [i for i, p in enumerate(payloads) if p is not None]
    corpus_rules = [r for r in rules if r.scope == "corpus"]
    import gc
    # the payloads (every document's views) stay alive through the phase: kept out of the
    # collector's scans, and collections made rarer, as in the workers (~15 % of the
    # sentence index's time at 1,000 reports)
    gc.freeze()
    threshold = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    try:
        return _corpus_rules_outcomes(corpus_rules, results, payloads, live, jobs, indexes or {}, finalize)
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _corpus_rules_outcomes(corpus_rules: list[Rule], results, payloads: list[Any], live: list[int],
                           jobs: int, indexes: dict[str, Any], finalize: Callable | None = None) -> dict:
    def items_for(rule: Rule) -> list:
        return [_item_for(rule, payloads[i]) for i in live]

    outcomes: dict[str, dict] = {}
    # a rule whose index was fed during the documents phase finishes from it, here
    for rule in corpus_rules:
        if rule.code in indexes:
            outcomes[rule.code] = _evaluate_corpus_rule(rule, items_for(rule), indexes[rule.code], helpers=jobs)
    rest = [r for r in corpus_rules if r.code not in outcomes]
    split = any(getattr(r.func, "split", None) is not None for r in rest)
    if jobs > 1 and (len(rest) > 1 or split) and _mp_context().get_start_method() == "fork":
        outcomes.update(_corpus_rules_in_children(rest, items_for, jobs))
    times: dict[str, float] = {}
    # what each document gets, applied in one read-modify-write per document (the
    # results may live on disk)
    found: dict[int, list[Finding]] = {}
    summaries: dict[int, list[tuple[str, Any]]] = {}
    run_errors: list[str] = []
    for rule in corpus_rules:
        outcome = outcomes.get(rule.code) or _evaluate_corpus_rule(rule, items_for(rule))
        for local_index, finding in outcome["found"]:
            found.setdefault(live[local_index], []).append(finding)
        if outcome["error"]:
            run_errors.append(outcome["error"])
        for local_index, key, value in outcome["summary"]:
            summaries.setdefault(live[local_index], []).append((key, value))
        if outcome["summary_error"]:
            run_errors.append(outcome["summary_error"])
        times[rule.code] = outcome["seconds"]
    for i in range(len(results)) if run_errors or finalize else sorted(set(found) | set(summaries)):
        r = results[i]
        r.findings.extend(found.get(i, ()))
        for key, value in summaries.get(i, ()):
            r.summary[key] = value
        if run_errors:
            r.summary.setdefault("check_errors", []).extend(run_errors)
        if finalize is not None:
            finalize(r)
        results[i] = r
    return times


def _evaluate_corpus_rule(rule: Rule, items: list, index: Any = None, helpers: int = 0) -> dict:
    """One corpus rule's findings and summaries (what it yielded before any error); from
    its incremental ``index`` when one was fed with every item, which may share what is
    left of its work with ``helpers`` forked processes (``shares_tail``, see ``_beside``)."""
    t = time.perf_counter()
    out: dict = {"found": [], "error": None, "summary": [], "summary_error": None}
    found = None
    if index is not None:
        try:
            if helpers and getattr(index, "shares_tail", False) and _mp_context().get_start_method() == "fork":
                found = list(index.findings(beside=_beside, helpers=helpers))
            else:
                found = list(index.findings())
        except Exception:
            found = None    # the rule runs the ordinary way below
    try:
        for local_index, finding in (rule.func(items) if found is None else found):
            out["found"].append((local_index, finding))
    except Exception as e:
        out["error"] = f"{rule.code}: {type(e).__name__}: {e}"
    summarize = getattr(rule.func, "summarize", None)
    if summarize:
        try:
            for local_index, key, value in summarize(items):
                out["summary"].append((local_index, key, value))
        except Exception as e:
            out["summary_error"] = f"{rule.code}.summarize: {type(e).__name__}: {e}"
    out["seconds"] = time.perf_counter() - t
    return out


def _beside(task: Callable[[], Any]) -> Callable[[], Any]:
    """Run ``task`` in a forked child while the caller goes on (an index's last pairs, after
    the workers have stopped: no more processes than while the documents were read); the
    function returned waits for the child's output, None when it could not give one (the
    caller then does that work itself)."""
    ctx = _mp_context()
    conn, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_task_child, args=(child, partial(_boxed, task)), daemon=True)
    _start(proc)
    child.close()

    def result() -> Any:
        try:
            got = conn.recv()
        except (EOFError, OSError):
            got = None
        finally:
            conn.close()
            proc.join()
        return got[0] if got is not None else None
    return result


def _task_child(conn, task: Callable[[], Any]) -> None:
    try:
        conn.send(task())
    except BaseException:   # unpicklable outcome, or worse: the parent reruns the rule itself
        pass
    finally:
        conn.close()


def _boxed(part: Callable[[], Any]) -> tuple[Any]:
    """A part's output in a box, so that an output of None is not a lost child."""
    return (part(),)


def _died(code: str, exitcode: int) -> dict:
    detail = f"signal {-exitcode}" if exitcode < 0 else f"exit code {exitcode}"
    return {"found": [], "summary": [], "summary_error": None, "seconds": 0.0,
            "error": f"{code}: process died ({detail})"}


def _join_split(rule: Rule, split, outputs: list, items: list, started: float) -> dict:
    """The outcome of a split corpus rule from its parts' outputs (in part order)."""
    out: dict = {"found": [], "error": None, "summary": [], "summary_error": None}
    try:
        out["found"] = list(split.join(outputs))
    except Exception as e:
        out["error"] = f"{rule.code}: {type(e).__name__}: {e}"
    summarize = getattr(rule.func, "summarize", None)
    if summarize:
        try:
            out["summary"] = list(summarize(items))
        except Exception as e:
            out["summary_error"] = f"{rule.code}.summarize: {type(e).__name__}: {e}"
    out["seconds"] = time.perf_counter() - started
    return out


def _corpus_rules_in_children(rules: list[Rule], items_for, jobs: int) -> dict[str, dict]:
    """Outcomes of corpus rules evaluated in forked children, at most ``jobs`` at a
    time.  A rule that declares ``split`` (see ``auditor.checks``) is cut into
    ``jobs`` parts, one child each, joined here; the other rules run whole, first
    (the longest tasks first keeps both cores busy to the end).  A split is computed
    here when it is next in line, or earlier, while every slot is busy (the
    boilerplate index is built while the residue parts run).  A rule whose child
    could not send its outcome (or whose part raised) is left out: the caller runs
    it whole.  One whose child died gets an error instead of its findings."""
    from multiprocessing.connection import wait

    ctx = _mp_context()
    whole = [r for r in rules if getattr(r.func, "split", None) is None]
    todo: list = [("rule", r) for r in whole] + [("split", r) for r in rules if r not in whole]
    running: dict = {}
    outcomes: dict[str, dict] = {}
    pending: dict[str, dict] = {}   # split rule code -> {split, outputs, left, items, started}
    failed: set[str] = set()

    def start(task: Callable[[], Any], tag) -> None:
        parent, child = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_task_child, args=(child, task), daemon=True)
        _start(proc)
        child.close()
        running[parent] = (tag, proc)

    def expand(at: int) -> None:
        """Split the rule at ``todo[at]`` (here, in this process) and queue its parts there."""
        rule = todo.pop(at)[1]
        items, started = items_for(rule), time.perf_counter()
        try:
            split = rule.func.split(items, jobs)
        except Exception:
            failed.add(rule.code)   # the caller runs it whole and reports the error
            return
        pending[rule.code] = {"split": split, "outputs": [None] * len(split.parts),
                              "left": len(split.parts), "items": items, "started": started}
        todo[at:at] = [("part", (rule, k, p)) for k, p in enumerate(split.parts)]
        if not split.parts:
            outcomes[rule.code] = _join_split(rule, split, [], items, started)

    try:
        while todo or running:
            while todo and len(running) < jobs:
                kind, item = todo[0]
                if kind == "split":
                    expand(0)
                    continue
                todo.pop(0)
                if kind == "rule":
                    start(partial(_evaluate_corpus_rule, item, items_for(item)), (item, None))
                else:
                    rule, k, part = item
                    if rule.code not in failed and rule.code not in outcomes:
                        start(partial(_boxed, part), (rule, k))
            later = next((i for i, (kind, _) in enumerate(todo) if kind == "split"), None)
            if later is not None:
                expand(later)   # all slots busy: prepare the next split rule meanwhile
                continue
            if not running:
                continue
            for conn in wait(list(running)):
                (rule, k), proc = running.pop(conn)
                try:
                    got = conn.recv()
                except (EOFError, OSError):
                    got = None
                    proc.join()
                    if proc.exitcode:   # killed or crashed: running it here would kill the run
                        outcomes[rule.code] = _died(rule.code, proc.exitcode)
                    elif k is not None:
                        failed.add(rule.code)
                conn.close()
                proc.join()
                if k is None:
                    if got is not None:
                        outcomes[rule.code] = got
                    continue
                state = pending[rule.code]
                if got is None or rule.code in failed or rule.code in outcomes:
                    continue
                state["outputs"][k] = got[0]
                state["left"] -= 1
                if not state["left"]:
                    outcomes[rule.code] = _join_split(rule, state["split"], state["outputs"],
                                                      state["items"], state["started"])
    finally:
        for conn, (_, proc) in running.items():
            proc.kill()
            proc.join()
            conn.close()
    return outcomes


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen = set()
    out = []
    for f in findings:
        key = (f.rule, f.start, f.end, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
