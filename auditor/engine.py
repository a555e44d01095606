"""Running an audit: files -> documents -> checks -> results.

Kept apart from the CLI so tests and other front ends call the same code.
"""
from __future__ import annotations

import fnmatch
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .checks import Rule, selected_rules
from .findings import CONFIDENCE_RANK, Finding, sort_key
from .ingest import SUPPORTED, load
from .model import Document, build_document


@dataclass
class Options:
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    min_confidence: str = "likely"
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    jobs: int = 1


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

    @property
    def findings(self) -> list[Finding]:
        return [f for d in self.documents for f in d.findings]


def collect_files(paths: Iterable[str], include: list[str] | None = None,
                  exclude: list[str] | None = None, skip_dirs: Iterable[str] = ()) -> list[str]:
    """Files to audit, in a stable order. Folders are walked recursively (symlinked
    folders are not followed, so a symlink loop cannot hang the run); only known
    document types are picked from folders, while a file named explicitly is
    always included (an unsupported one then gets its error in the results)."""
    skip = {os.path.realpath(s) for s in skip_dirs}
    out: list[str] = []
    for arg in paths:
        if os.path.isdir(arg):
            found = []
            for root, dirs, files in os.walk(arg, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                                 and os.path.realpath(os.path.join(root, d)) not in skip)
                for name in sorted(files):
                    full = os.path.join(root, name)
                    rel = os.path.relpath(full, arg)
                    if name.startswith(".") or Path(name).suffix.lower() not in SUPPORTED:
                        continue
                    if include and not any(_glob(rel, g) for g in include):
                        continue
                    if exclude and any(_glob(rel, g) for g in exclude):
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


def _analyse(path: str, rules: list[Rule]) -> tuple[DocResult, Document | None]:
    loaded = load(path)
    res = DocResult(path=path, error=loaded.error, encoding=loaded.encoding, fmt=loaded.fmt)
    if loaded.error:
        return res, None
    doc = build_document(path, loaded.text, loaded.encoding)
    res.chars = len(loaded.text)
    res.text = loaded.text
    for rule in rules:
        if rule.scope != "document":
            continue
        try:
            res.findings.extend(rule.func(doc))
        except Exception as e:  # one broken check must not lose the file's other findings
            res.summary.setdefault("check_errors", []).append(f"{rule.code}: {type(e).__name__}: {e}")
    return res, doc


def _analyse_worker(args):
    path, select, ignore = args
    rules = selected_rules(select, ignore)
    return _analyse(path, rules)


def run(paths: list[str], options: Options | None = None,
        progress: Callable[[int, int, str], None] | None = None,
        skip_dirs: Iterable[str] = ()) -> RunResult:
    options = options or Options()
    t0 = time.perf_counter()
    rules = selected_rules(options.select, options.ignore)
    files = collect_files(paths, options.include, options.exclude, skip_dirs)
    pairs: list[tuple[DocResult, Document | None]] = []
    if options.jobs > 1 and len(files) > 1:
        with ProcessPoolExecutor(max_workers=options.jobs) as pool:
            it = pool.map(_analyse_worker, [(f, options.select, options.ignore) for f in files],
                          chunksize=max(1, len(files) // (options.jobs * 8)))
            for i, pair in enumerate(it):
                pairs.append(pair)
                if progress:
                    progress(i + 1, len(files), files[i])
    else:
        for i, f in enumerate(files):
            pairs.append(_analyse(f, rules))
            if progress:
                progress(i + 1, len(files), f)

    docs = [d for _, d in pairs]
    results = [r for r, _ in pairs]
    live = [(i, d) for i, d in enumerate(docs) if d is not None]
    for rule in rules:
        if rule.scope != "corpus":
            continue
        try:
            for local_index, finding in rule.func([d for _, d in live]):
                results[live[local_index][0]].findings.append(finding)
        except Exception as e:
            for r, _ in pairs:
                r.summary.setdefault("check_errors", []).append(f"{rule.code}: {type(e).__name__}: {e}")
        summarize = getattr(rule.func, "summarize", None)
        if summarize:
            for local_index, key, value in summarize([d for _, d in live]):
                results[live[local_index][0]].summary[key] = value

    threshold = CONFIDENCE_RANK[options.min_confidence]
    for r in results:
        kept = [f for f in r.findings if CONFIDENCE_RANK[f.confidence] <= threshold]
        r.findings = _dedupe(sorted(kept, key=sort_key))
    return RunResult(results, rules, options, time.perf_counter() - t0)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen = set()
    out = []
    for f in findings:
        key = (f.rule, f.start, f.end, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
