"""Command line: ``auditor check PATH... [options]`` and ``auditor rules``.

Exit codes: 0 no findings at or above --min-confidence; 1 findings;
2 usage error, or nothing could be read.
"""
from __future__ import annotations

import argparse
import os
import sys

from . import __version__
from .checks import selected_rules
from .findings import CONFIDENCES

DEFAULT_TIMEOUT = 120.0   # seconds per file (auditor.engine.DEFAULT_TIMEOUT)

FORMATS = ("terminal", "json", "csv", "xlsx", "html")


def _csv_list(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="auditor",
        description="审计绩效评价报告内部的不一致之处 / audit Chinese performance-evaluation reports "
                    "for internal inconsistencies.")
    p.add_argument("--version", action="version", version=f"auditor {__version__}")
    sub = p.add_subparsers(dest="command")

    c = sub.add_parser("check", help="audit files or folders")
    c.add_argument("paths", nargs="+", help="files or folders (folders are walked recursively)")
    c.add_argument("--format", default="terminal",
                   help=f"comma-separated output formats: {', '.join(FORMATS)} (default terminal)")
    c.add_argument("--out", default="reports_out",
                   help="folder for file outputs (default reports_out/); '-' prints JSON to stdout")
    c.add_argument("--select", default="", help="only rules under these prefixes, e.g. arithmetic,text.typo")
    c.add_argument("--ignore", default="", help="skip rules under these prefixes")
    c.add_argument("--min-confidence", default="likely", choices=CONFIDENCES,
                   help="report findings at least this confident (default likely)")
    c.add_argument("--include", action="append", default=[], help="glob of files to include (repeatable)")
    c.add_argument("--exclude", action="append", default=[], help="glob of files to exclude (repeatable)")
    c.add_argument("--jobs", type=int, default=1,
                   help="worker processes (default 1); with --engine dask, workers of a local cluster")
    c.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                   help=f"time limit per file (default {DEFAULT_TIMEOUT:g} s; 0 = none); a file over it "
                        "gets an error and the run goes on")
    c.add_argument("--engine", default="local", choices=("local", "dask"),
                   help="local worker processes (default) or a dask.distributed cluster")
    c.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="--engine dask: scheduler address (tcp://host:8786) or scheduler file; "
                        "without it a local cluster of --jobs workers is started")
    c.add_argument("--ship-bytes", action="store_true",
                   help="--engine dask: send file contents to the workers (no shared file system needed)")
    c.add_argument("--timings", action="store_true",
                   help="print phase timings (JSON, one line) on stderr")
    c.add_argument("--no-color", action="store_true", help="plain terminal output")
    c.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    c.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")

    sub.add_parser("rules", help="list the rules")
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # argparse: 0 for --help/--version, 2 for usage errors
        return int(e.code or 0)
    if args.command == "rules":
        for r in selected_rules():
            print(f"{r.code:28s} {r.scope:8s} {r.summary}")
        return 0
    if args.command != "check":
        parser.print_help(sys.stderr)
        return 2
    return _check(args, parser)


def _check(args, parser) -> int:
    from .engine import Options, run
    from .writers import FILE_WRITERS, atomic_write, load_all
    from .writers import terminal

    formats = _csv_list(args.format) or ["terminal"]
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        print(f"auditor: error: unknown format {', '.join(bad)} (choose from {', '.join(FORMATS)})",
              file=sys.stderr)
        return 2
    if args.jobs < 1:
        print("auditor: error: --jobs must be >= 1", file=sys.stderr)
        return 2
    if args.timeout < 0:
        print("auditor: error: --timeout must be >= 0", file=sys.stderr)
        return 2
    if args.scheduler and args.engine != "dask":
        print("auditor: error: --scheduler needs --engine dask", file=sys.stderr)
        return 2
    if args.engine == "dask":
        try:
            import dask.distributed  # noqa: F401
        except ImportError:
            print("auditor: error: --engine dask needs dask.distributed: pip install 'auditor[dask]'",
                  file=sys.stderr)
            return 2
    missing = [p for p in args.paths if not os.path.exists(p) and not os.path.islink(p)]
    if missing and len(missing) == len(args.paths):
        print(f"auditor: error: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    load_all(formats)
    to_stdout = args.out == "-"
    out_dir = None if to_stdout else os.path.abspath(args.out)
    options = Options(select=_csv_list(args.select), ignore=_csv_list(args.ignore),
                      min_confidence=args.min_confidence, include=args.include,
                      exclude=args.exclude, jobs=args.jobs, timeout=args.timeout or None,
                      engine=args.engine, scheduler=args.scheduler, ship_bytes=args.ship_bytes,
                      keep_text="html" in formats)   # only the HTML report shows the text

    progress = None
    if not args.no_progress and sys.stderr.isatty():
        from .progress import Progress
        progress = Progress(sys.stderr, threshold=5)
    try:
        result = run(args.paths, options, progress=progress, skip_dirs=[out_dir] if out_dir else [])
    except OSError as e:   # e.g. the dask scheduler cannot be reached
        print(f"auditor: error: {e}", file=sys.stderr)
        return 2
    finally:
        if progress:
            progress.close()
    if args.timings:
        import json
        print("timings: " + json.dumps(result.timings, sort_keys=True), file=sys.stderr)

    written = []
    for fmt in formats:
        if fmt == "terminal":
            continue
        if fmt not in FILE_WRITERS:
            print(f"auditor: error: format {fmt} is not available in this build", file=sys.stderr)
            return 2
        filename, write = FILE_WRITERS[fmt]
        if to_stdout:
            if fmt != "json":
                print(f"auditor: error: --out - prints JSON only; {fmt} needs a folder", file=sys.stderr)
                return 2
            from .writers.json_writer import dump_run
            dump_run(result, sys.stdout)
            continue
        target = os.path.join(out_dir, filename)
        atomic_write(target, lambda tmp, w=write: w(result, tmp))
        written.append(target)

    if "terminal" in formats:
        terminal.render(result, sys.stdout, color=False if args.no_color else None)
    elif not to_stdout:
        terminal_summary(result, written)

    if not result.documents or result.error_count() == len(result.documents):
        if not result.documents:
            print("auditor: error: no documents found", file=sys.stderr)
        return 2
    if result.finding_count() and not args.exit_zero:
        return 1
    return 0


def terminal_summary(result, written: list[str]) -> None:
    """Run summary on stderr when no terminal listing was asked for: files, findings by family,
    unreadable files (the first few by name), time, and every file written."""
    by_family = result.count_by("family")
    fam = ", ".join(f"{k} {v}" for k, v in sorted(by_family.items())) or "none"
    n_failed = result.error_count()
    failed = []
    for d in result.documents if n_failed else ():
        if d.error:
            failed.append(d)
            if len(failed) == 5:
                break
    print(f"{len(result.documents)} file(s), {result.finding_count()} findings ({fam}), "
          f"{n_failed} unreadable, {result.seconds:.1f}s", file=sys.stderr)
    for d in failed[:5]:
        print(f"  unreadable: {d.path}: {d.error}", file=sys.stderr)
    if n_failed > 5:
        print(f"  ... and {n_failed - 5} more unreadable file(s)", file=sys.stderr)
    for w in written:
        print(f"wrote {w}", file=sys.stderr)
        if os.path.basename(w) == "auditor-findings.csv":   # the csv writer's second file
            extra = os.path.join(os.path.dirname(w), "auditor-documents.csv")
            if os.path.exists(extra):
                print(f"wrote {extra}", file=sys.stderr)
