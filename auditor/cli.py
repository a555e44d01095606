"""Command line: ``auditor check PATH... [options]``, ``auditor rules`` and ``auditor rule CODE``.

Exit codes: 0 no findings at or above --min-confidence; 1 findings; 2 usage error (including an
unknown rule selector or a broken config file), or nothing could be read; 130 interrupted
(Ctrl-C); 141 standard output closed early (``auditor check ... --out - | head``), the shell's
128 + signal number convention for SIGINT and SIGPIPE. Either way nothing is printed but one
line on stderr for Ctrl-C, and no traceback.

Options can also come from ``auditor.toml`` or ``pyproject.toml [tool.auditor]``
(``auditor.config``); the command line wins.
"""
from __future__ import annotations

import argparse
import os
import sys

from . import __version__
from .checks import FAMILIES, selected_rules
from .findings import CONFIDENCES

DEFAULT_TIMEOUT = 120.0   # seconds per file (auditor.engine.DEFAULT_TIMEOUT)

FORMATS = ("terminal", "json", "csv", "xlsx", "html", "sarif", "docx")
EXIT_INTERRUPTED = 130    # 128 + SIGINT
EXIT_BROKEN_PIPE = 141    # 128 + SIGPIPE


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
    c.add_argument("--format", default=None,
                   help=f"comma-separated output formats: {', '.join(FORMATS)} (default terminal)")
    c.add_argument("--out", default=None,
                   help="folder for file outputs (default reports_out/); '-' prints one format "
                        "(JSON unless --format names another) to stdout")
    c.add_argument("--select", default=None, help="only rules under these prefixes, e.g. arithmetic,text.typo")
    c.add_argument("--ignore", default=None, help="skip rules under these prefixes")
    c.add_argument("--min-confidence", default=None, choices=CONFIDENCES,
                   help="report findings at least this confident (default likely)")
    c.add_argument("--include", action="append", default=None, help="glob of files to include (repeatable)")
    c.add_argument("--exclude", action="append", default=None, help="glob of files to exclude (repeatable)")
    c.add_argument("--jobs", type=int, default=None,
                   help="worker processes (default 1); with --engine dask, workers of a local cluster")
    c.add_argument("--lang", default=None, choices=("zh", "en"),
                   help="language of rule names, labels and headers (default zh)")
    c.add_argument("--statistics", action="store_true",
                   help="print the number of findings per rule instead of the listing")
    c.add_argument("--baseline", default=None, metavar="FILE",
                   help="hide findings recorded in this baseline file (see --write-baseline)")
    c.add_argument("--write-baseline", default=None, metavar="FILE",
                   help="record this run's findings as accepted, for later --baseline runs")
    c.add_argument("--no-group", action="store_true",
                   help="report every finding separately (no merging of findings with one cause)")
    c.add_argument("--config", default=None, metavar="FILE",
                   help="configuration file (default: auditor.toml or pyproject.toml [tool.auditor] "
                        "in this folder or above)")
    c.add_argument("--isolated", action="store_true", help="ignore configuration files")
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

    r = sub.add_parser("rules", help="list the rules")
    r.add_argument("--lang", default="zh", choices=("zh", "en"))
    one = sub.add_parser("rule", help="explain one rule: what it checks, an example, what it does not flag")
    one.add_argument("code", help="rule code, e.g. arithmetic.share")
    one.add_argument("--lang", default="zh", choices=("zh", "en"))
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the command line; broken pipes and Ctrl-C end quietly with 141 / 130."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        try:
            print("auditor: interrupted", file=sys.stderr)
        except Exception:
            pass
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE


def _silence_stdout() -> None:
    """After the reader of stdout went away: point stdout at /dev/null so that the
    interpreter's final flush does not print a second BrokenPipeError."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # argparse: 0 for --help/--version, 2 for usage errors
        return int(e.code or 0)
    if args.command == "rules":
        from .rule_info import rule_name
        for r in selected_rules():
            print(f"{r.code:28s} {rule_name(r.code, args.lang):12s}\t{r.scope:8s} {r.summary}")
        sys.stdout.flush()
        return 0
    if args.command == "rule":
        from .checks import RULES
        from .rule_info import describe
        selected_rules()
        if args.code not in RULES:
            print(f"auditor: error: unknown rule {args.code!r}; rules: {', '.join(sorted(RULES))}",
                  file=sys.stderr)
            return 2
        print(describe(args.code, args.lang))
        sys.stdout.flush()
        return 0
    if args.command != "check":
        parser.print_help(sys.stderr)
        return 2
    return _check(args, parser)


def valid_prefixes() -> list[str]:
    """Every selector ``--select``/``--ignore`` accept: families, rule codes, and the dotted
    prefixes between them."""
    from .checks import RULES
    selected_rules()
    out = set(FAMILIES)
    for code in RULES:
        parts = code.split(".")
        for i in range(1, len(parts) + 1):
            out.add(".".join(parts[:i]))
    return sorted(out)


def check_selectors(selectors: list[str], option: str) -> str | None:
    """An error message for selectors that name no rule, or None."""
    valid = set(valid_prefixes())
    bad = [s for s in selectors if s.rstrip(".") not in valid]
    if not bad:
        return None
    return (f"auditor: error: {option} {', '.join(bad)}: no such rule or rule prefix.\n"
            f"Valid prefixes: {', '.join(valid_prefixes())}")


# Packages every document-scope rule needs.  Without one of them the rules would each fail on
# every file (reported per file as internal errors); one clear line before reading is kinder.
REQUIRED_MODULES = ("jieba", "regex", "rapidfuzz", "numpy", "charset_normalizer")


def missing_required_module() -> str | None:
    """The first required package that cannot be imported, or None."""
    import importlib.util
    for name in REQUIRED_MODULES:
        if importlib.util.find_spec(name) is None:
            return name
    return None


def _check(args, parser) -> int:
    from . import baseline as baseline_mod
    from .config import ConfigError, load as load_config, path_ignores
    from .engine import Options, run
    from .writers import FILE_WRITERS, atomic_write, load_all
    from .writers import terminal

    try:
        cfg = load_config(args.config, args.isolated)
    except ConfigError as e:
        print(f"auditor: error: config: {e}", file=sys.stderr)
        return 2
    to_stdout = (args.out or cfg.get("out")) == "-"
    if args.format:
        formats = _csv_list(args.format) or ["terminal"]
    elif to_stdout:
        formats = ["json"]
    else:
        formats = cfg.get("format") or ["terminal"]
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        print(f"auditor: error: unknown format {', '.join(bad)} (choose from {', '.join(FORMATS)})",
              file=sys.stderr)
        return 2
    if to_stdout and len(formats) != 1:
        print("auditor: error: --out - writes exactly one format to stdout; "
              f"got {', '.join(formats)}", file=sys.stderr)
        return 2
    if to_stdout and formats[0] == "docx":
        print("auditor: error: --format docx writes one file per input; give --out a folder",
              file=sys.stderr)
        return 2
    select = _csv_list(args.select) if args.select is not None else cfg.get("select", [])
    ignore = _csv_list(args.ignore) if args.ignore is not None else cfg.get("ignore", [])
    per_path = cfg.get("per_path_ignores", {})
    for option, values in (("--select", select), ("--ignore", ignore),
                           ("per-path-ignores", [v for vs in per_path.values() for v in vs])):
        err = check_selectors(values, option)
        if err:
            print(err, file=sys.stderr)
            return 2
    jobs = args.jobs if args.jobs is not None else cfg.get("jobs", 1)
    min_confidence = args.min_confidence or cfg.get("min_confidence", "likely")
    lang = args.lang or cfg.get("lang", "zh")
    timeout = args.timeout if args.timeout != DEFAULT_TIMEOUT else cfg.get("timeout", DEFAULT_TIMEOUT)
    baseline_path = args.baseline or cfg.get("baseline")
    if jobs < 1:
        print("auditor: error: --jobs must be >= 1", file=sys.stderr)
        return 2
    if timeout < 0:
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
    accepted: set[str] = set()
    if baseline_path:
        try:
            accepted = baseline_mod.load(baseline_path)
        except (OSError, ValueError, KeyError, TypeError) as e:
            print(f"auditor: error: --baseline: {e}", file=sys.stderr)
            return 2
    absent = missing_required_module()
    if absent:
        print(f"auditor: error: required package '{absent}' is not installed: "
              f"install the auditor with its dependencies (pip install .)", file=sys.stderr)
        return 2
    missing = [p for p in args.paths if not os.path.exists(p) and not os.path.islink(p)]
    if missing and len(missing) == len(args.paths):
        print(f"auditor: error: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    load_all(formats)
    out_dir = None if to_stdout else os.path.abspath(args.out or cfg.get("out") or "reports_out")
    needs_text = any(f in formats for f in ("html", "docx"))
    hidden: list[str] = []       # fingerprints of findings the baseline hid
    from .checks import matches
    from .grouping import finish as group_and_fingerprint

    def finish(res) -> None:
        """The output hook (engine.Options.finish): per-path ignores, grouping, fingerprints,
        baseline; runs once per document on its final findings."""
        if per_path:
            off = path_ignores(per_path, res.path, cfg.root)
            if off:
                res.findings = [f for f in res.findings if not matches(f.rule, off)]
        group_and_fingerprint(res, group=not args.no_group)
        if accepted:
            kept = []
            for f in res.findings:
                if f.fingerprint in accepted:
                    hidden.append(f.fingerprint)
                else:
                    kept.append(f)
            res.findings = kept
        if not needs_text:
            res.text = None

    options = Options(select=select, ignore=ignore,
                      min_confidence=min_confidence, include=args.include or cfg.get("include", []),
                      exclude=args.exclude or cfg.get("exclude", []), jobs=jobs, timeout=timeout or None,
                      engine=args.engine, scheduler=args.scheduler, ship_bytes=args.ship_bytes,
                      keep_text=True,   # fingerprints read the context; finish() drops the text
                      finish=finish)

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
    result.lang = lang
    result.hidden_by_baseline = len(hidden)
    if args.timings:
        import json
        print("timings: " + json.dumps(result.timings, sort_keys=True), file=sys.stderr)

    written = []
    if args.write_baseline:
        target = os.path.abspath(args.write_baseline)
        baseline_mod.write(result, target, extra=hidden)
        written.append(target)
    for fmt in formats:
        if fmt == "terminal":
            continue
        if fmt == "docx":
            from .writers.docx_writer import write_all
            written.extend(write_all(result, out_dir))
            continue
        if fmt not in FILE_WRITERS:
            print(f"auditor: error: format {fmt} is not available in this build", file=sys.stderr)
            return 2
        filename, write = FILE_WRITERS[fmt]
        if to_stdout:
            _to_stdout(result, fmt, write)
            continue
        target = os.path.join(out_dir, filename)
        atomic_write(target, lambda tmp, w=write: w(result, tmp))
        written.append(target)

    if "terminal" in formats:
        if args.statistics:
            print_statistics(result, sys.stdout, lang)
        else:
            terminal.render(result, sys.stdout, color=False if args.no_color else None, lang=lang)
        if hidden:
            print(f"{len(hidden)} finding(s) hidden by the baseline {baseline_path}", file=sys.stderr)
    else:
        if args.statistics:
            print_statistics(result, sys.stderr, lang)
        if not to_stdout:
            terminal_summary(result, written)
        if hidden:
            print(f"{len(hidden)} finding(s) hidden by the baseline {baseline_path}", file=sys.stderr)
    sys.stdout.flush()

    if not result.documents or result.error_count() == len(result.documents):
        if not result.documents:
            print("auditor: error: no documents found", file=sys.stderr)
        return 2
    if result.finding_count() and not args.exit_zero:
        return 1
    return 0


def _to_stdout(result, fmt: str, write) -> None:
    """One format on standard output: JSON streamed, the others written to a temporary file
    and copied (binary formats such as xlsx byte for byte)."""
    if fmt == "json":
        from .writers.json_writer import dump_run
        dump_run(result, sys.stdout)
        return
    import shutil
    import tempfile
    with tempfile.TemporaryDirectory(prefix="auditor-") as tmp:
        path = os.path.join(tmp, "out")
        write(result, path)
        sys.stdout.flush()
        with open(path, "rb") as fh:
            shutil.copyfileobj(fh, sys.stdout.buffer)
        sys.stdout.buffer.flush()


def print_statistics(result, stream, lang: str = "zh") -> None:
    """``--statistics``: findings per rule, most frequent first (like ruff --statistics)."""
    from collections import Counter

    from .rule_info import confidence_label, rule_name
    per_rule: Counter = Counter()
    per_conf: dict[str, Counter] = {}
    for d in result.documents:
        for f in d.findings:
            per_rule[f.rule] += 1
            per_conf.setdefault(f.rule, Counter())[f.confidence] += 1
    for code, n in sorted(per_rule.items(), key=lambda kv: (-kv[1], kv[0])):
        confs = ", ".join(f"{confidence_label(c, lang)} {k}" for c, k in
                          sorted(per_conf[code].items(), key=lambda kv: CONFIDENCES.index(kv[0])))
        stream.write(f"{n:6d}\t{code:24s}\t{rule_name(code, lang)}\t({confs})\n")
    stream.write(f"{sum(per_rule.values()):6d}\t{'total' if lang == 'en' else '合计'}\n")


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
    skipped = result.skipped_summary() if hasattr(result, "skipped_summary") else ""
    if skipped:
        print("  " + skipped, file=sys.stderr)
    if n_failed > 5:
        print(f"  ... and {n_failed - 5} more unreadable file(s)", file=sys.stderr)
    for w in written:
        print(f"wrote {w}", file=sys.stderr)
        if os.path.basename(w) == "auditor-findings.csv":   # the csv writer's second file
            extra = os.path.join(os.path.dirname(w), "auditor-documents.csv")
            if os.path.exists(extra):
                print(f"wrote {extra}", file=sys.stderr)
