#!/usr/bin/env python3
"""Benchmark: the auditor over synthetic corpora of N reports.

    python bench/run_bench.py                       # N = 100, 1000, 10000; --jobs 1 and 2
    python bench/run_bench.py --sizes 100,1000 --jobs 2
    python bench/run_bench.py --sizes 1000 --jobs 1 --repeat 3   # the issue's row: medians of 3

For each N it builds (or reuses) ``bench/out/corpus-N`` (see ``synth.py``),
then runs ``python -m auditor check DIR --format json --out OUT`` once per
``--jobs`` value, each inside a small wrapper process so that
``resource.getrusage(RUSAGE_CHILDREN)`` covers exactly that run.  Measured:

* wall time, reports/s, characters/s;
* the documents phase and the cross-document (corpus rules) phase, from the
  auditor's ``--timings`` line;
* peak memory: ``ru_maxrss`` of the largest process of the tree (RUSAGE_CHILDREN),
  and the peak of the whole tree's PSS (proportional set size, so pages shared
  by forked workers are counted once), sampled from /proc every 0.5 s;
* the floor: a bare ``jieba.cut`` pass over the same decoded text in one
  process (dictionary load reported apart).

It prints a Markdown table and writes ``bench/results.md`` (machine included);
raw numbers accumulate in ``bench/results.json`` so a later run of one size
updates only its rows.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))


# --------------------------------------------------------------------------- measuring

def _tree(root_pid: int) -> list[int]:
    """``root_pid`` and its descendants (from /proc/PID/task/TID/children when the
    kernel has it: much cheaper than reading every process's stat)."""
    out, todo = [], [root_pid]
    try:
        while todo:
            pid = todo.pop()
            out.append(pid)
            for tid in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{tid}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        return out
    except FileNotFoundError:
        if out and os.path.exists(f"/proc/{root_pid}/task"):
            return _tree_by_scan(root_pid)
        return out
    except OSError:
        return _tree_by_scan(root_pid)


def _tree_by_scan(root_pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rfind(b")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root_pid]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def _mem_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in KiB; (0, 0) when it is gone."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        try:
            with open(f"/proc/{pid}/statm") as f:
                rss = pss = int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
        except OSError:
            pass
    return rss, pss


def measure(cmd: list[str], interval: float = 0.5) -> dict:
    """Run ``cmd``; wall time, exit code, stderr and peak memory of its process tree.

    Meant to run in a fresh wrapper process (``--measure``), so that
    RUSAGE_CHILDREN holds this command's tree and nothing else."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak_rss = peak_pss = 0
    import threading
    err_chunks: list[str] = []
    reader = threading.Thread(target=lambda: err_chunks.append(proc.stderr.read()), daemon=True)
    reader.start()
    while proc.poll() is None:
        rss = pss = 0
        for pid in _tree(proc.pid):
            r, p = _mem_kb(pid)
            rss += r
            pss += p
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        time.sleep(interval)
    wall = time.perf_counter() - t0
    reader.join()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"wall": wall, "returncode": proc.returncode, "stderr": "".join(err_chunks)[-4000:],
            "maxrss_mb": usage.ru_maxrss / 1024, "tree_rss_mb": peak_rss / 1024,
            "tree_pss_mb": peak_pss / 1024, "cpu_user": usage.ru_utime, "cpu_sys": usage.ru_stime}


def measure_in_wrapper(cmd: list[str]) -> dict:
    out = subprocess.run([sys.executable, __file__, "--measure", json.dumps(cmd)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def jieba_floor(folder: str) -> dict:
    """Bare jieba segmentation of every report's text, in this process."""
    import logging

    import jieba
    from auditor.ingest import load
    texts = []
    for p in sorted(Path(folder).rglob("*.txt")):
        loaded = load(p)
        if loaded.text:
            texts.append(loaded.text)
    jieba.setLogLevel(logging.WARNING)
    t0 = time.perf_counter()
    jieba.initialize()
    t1 = time.perf_counter()
    tokens = 0
    for t in texts:
        for _ in jieba.cut(t):
            tokens += 1
    t2 = time.perf_counter()
    return {"init": t1 - t0, "segment": t2 - t1, "tokens": tokens, "docs": len(texts),
            "chars": sum(map(len, texts))}


# --------------------------------------------------------------------------- the benchmark

def machine() -> dict:
    model = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                capture_output=True, text=True).stdout.strip()
    except OSError:
        commit = ""
    mem = ""
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "affinity": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
            "cpu": model, "memory": mem, "python": platform.python_version(),
            "platform": platform.platform(), "commit": commit,
            "date": time.strftime("%Y-%m-%d %H:%M")}


def _floor(info: dict, cached: Path, reuse: bool) -> dict:
    if reuse and cached.exists():
        return json.loads(cached.read_text())
    floor = measure_in_wrapper([sys.executable, __file__, "--jieba", info["path"]])
    fl = json.loads(floor["stderr"].strip().splitlines()[-1])
    cached.write_text(json.dumps(fl))
    return fl


def bench_size(n: int, jobs_list: list[int], work: Path, extra: list[str], log,
               templates: str = "all", repeat: int = 1) -> list[dict]:
    """One row per ``--jobs`` value.  With ``repeat`` > 1 the bare jieba pass and the
    auditor runs alternate ``repeat`` times (the machine is shared and its speed drifts by
    tens of percent within minutes, for the floor as much as for the auditor): the row holds
    the run of median wall time, the median floor, and every run's ratio to the floor
    measured just before it."""
    import statistics
    from synth import build
    t = time.perf_counter()
    suffix = "" if templates == "all" else f"-{templates}"
    info = build(n, work / f"corpus-{n}{suffix}", subset=templates)
    log(f"N={n}: corpus {info['bytes'] / 1e6:.1f} MB, {info['chars']:,} chars "
        f"(built/reused in {time.perf_counter() - t:.1f}s)")
    cached = work / f"jieba-floor-{n}{suffix}.json"   # the same corpus always gives the same floor
    runs: dict[int, list[tuple[dict, dict]]] = {jobs: [] for jobs in jobs_list}
    floors = []
    for attempt in range(repeat):
        fl = _floor(info, cached, reuse=repeat == 1)
        floors.append(fl["segment"])
        log(f"N={n}: bare jieba {fl['segment']:.1f}s (+{fl['init']:.1f}s dictionary load)")
        for jobs in jobs_list:
            runs[jobs].append((_auditor_run(n, jobs, info, work, suffix, extra, log), fl))
    rows = []
    for jobs in jobs_list:
        ordered = sorted(runs[jobs], key=lambda pair: pair[0]["m"]["wall"])
        m, timings, findings, errors, load = (ordered[len(ordered) // 2][0][k]
                                              for k in ("m", "timings", "findings", "errors", "load"))
        fl = ordered[len(ordered) // 2][1]
        args = " ".join(([f"templates={templates}"] if templates != "all" else []) + list(extra))
        row = {"n": n, "jobs": jobs, "args": args, "bytes": info["bytes"], "chars": info["chars"],
               "wall": m["wall"], "documents": timings.get("documents"), "corpus": timings.get("corpus"),
               "corpus_rules": timings.get("corpus_rules", {}),
               "maxrss_mb": m["maxrss_mb"], "tree_rss_mb": m["tree_rss_mb"], "tree_pss_mb": m["tree_pss_mb"],
               "cpu": m["cpu_user"] + m["cpu_sys"], "jieba_segment": statistics.median(floors),
               "jieba_init": fl["init"], "findings": findings, "errors": errors, "returncode": m["returncode"],
               "load_before": load, "date": time.strftime("%Y-%m-%d %H:%M"),
               "commit": machine().get("commit", "")}
        if repeat > 1:
            row["runs"] = [{"wall": r["m"]["wall"], "jieba_segment": f["segment"]} for r, f in runs[jobs]]
        rows.append(row)
    return rows


def _auditor_run(n: int, jobs: int, info: dict, work: Path, suffix: str, extra: list[str], log) -> dict:
    out = work / f"result-{n}{suffix}-j{jobs}"
    cmd = [sys.executable, "-m", "auditor", "check", info["path"], "--format", "json",
           "--out", str(out), "--no-progress", "--timings", "--jobs", str(jobs), *extra]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    m = measure_in_wrapper(cmd)
    timings = {}
    for line in m["stderr"].splitlines():
        if line.startswith("timings: "):
            timings = json.loads(line[len("timings: "):])
    if m["returncode"] not in (0, 1):
        log(f"N={n} jobs={jobs}: auditor failed with {m['returncode']}:\n{m['stderr']}")
    findings = errors = 0
    report = out / "auditor-report.json"
    if report.exists():
        data = json.loads(report.read_text(encoding="utf-8"))
        findings, errors = data["summary"]["findings"], data["summary"]["errors"]
    log(f"N={n} jobs={jobs}: {m['wall']:.1f}s wall, {n / m['wall']:.1f} reports/s, "
        f"peak {m['maxrss_mb']:.0f} MB (largest process), {m['tree_pss_mb']:.0f} MB (tree PSS), "
        f"corpus phase {timings.get('corpus') or 0:.2f}s, {findings} findings, {errors} errors")
    return {"m": m, "timings": timings, "findings": findings, "errors": errors, "load": load}


def table(rows: list[dict]) -> str:
    head = ("| N | MB | chars | jobs | options | wall s | reports/s | chars/s | per report ms "
            "| bare jieba ms/report | × jieba | documents phase s | corpus phase s (per rule) "
            "| peak RSS MB (largest proc) | peak PSS MB (tree) | findings | load before | commit |")
    lines = [head, "|" + "|".join(["---"] * (head.count("|") - 1)) + "|"]
    for r in sorted(rows, key=lambda r: (r["n"], r.get("args", ""), r["jobs"])):
        per = r["wall"] / r["n"] * 1000
        floor = r["jieba_segment"] / r["n"] * 1000
        rules = ", ".join(f"{k.split('.')[-1]} {v:.1f}" for k, v in sorted(r.get("corpus_rules", {}).items()))
        opts = f"`{r['args']}`" if r.get("args") else ""
        lines.append(
            f"| {r['n']:,} | {r['bytes'] / 1e6:.1f} | {r['chars']:,} | {r['jobs']} | {opts} | {r['wall']:.1f} "
            f"| {r['n'] / r['wall']:.1f} | {r['chars'] / r['wall']:,.0f} | {per:.1f} | {floor:.1f} "
            f"| {per / floor:.2f} | {r['documents'] or 0:.1f} | {r['corpus'] or 0:.1f} ({rules}) "
            f"| {r['maxrss_mb']:.0f} | {r['tree_pss_mb']:.0f} | {r['findings']:,} "
            f"| {'' if r.get('load_before') is None else format(r['load_before'], '.1f')} "
            f"| {r.get('commit', '')} |")
    return "\n".join(lines)


def targets(rows: list[dict]) -> str:
    """The issue's targets, checked against the rows measured."""
    import math
    out = []

    def pick(n, jobs, args=""):
        return next((r for r in rows if r["n"] == n and r["jobs"] == jobs and r.get("args", "") == args), None)

    for args in sorted({r.get("args", "") for r in rows}):
        label = f"`{args}`" if args else "all rules"
        r = pick(1000, 2, args)
        if r:
            out.append(f"* 1,000 reports with `--jobs 2`, {label}: {r['wall']:.0f} s "
                       f"({'meets' if r['wall'] < 60 else 'misses'} the 60 s target).")
        for r in sorted((r for r in rows if r["jobs"] == 1 and r.get("args", "") == args), key=lambda r: r["n"]):
            ratio = r["wall"] / r["jieba_segment"]
            each = ""
            if r.get("runs"):
                each = "; each run against the floor measured just before it: " + ", ".join(
                    f"{x['wall']:.1f}/{x['jieba_segment']:.1f} s = {x['wall'] / x['jieba_segment']:.2f}×"
                    for x in r["runs"])
            out.append(f"* N = {r['n']:,}, `--jobs 1`, {label}: {ratio:.2f}× the bare jieba pass "
                       f"({'within' if ratio <= 3 else 'beyond'} the 3× target{each}).")
        mem = sorted((r for r in rows if r.get("args", "") == args), key=lambda r: (r["n"], r["jobs"]))
        if len({r["n"] for r in mem}) > 1:
            out.append(f"* Peak memory (tree PSS), {label}: " + ", ".join(
                f"N = {r['n']:,} / `--jobs {r['jobs']}`: {r['tree_pss_mb']:.0f} MB" for r in mem) + ".")
        times: dict[str, list[tuple[int, float]]] = {}
        for r in mem:
            if r["jobs"] != max(x["jobs"] for x in mem if x["n"] == r["n"]):
                continue
            for code, t in r.get("corpus_rules", {}).items():
                times.setdefault(code, []).append((r["n"], t))
        for code, pts in sorted(times.items()):
            pts = sorted(set(pts))
            if len(pts) < 2:
                continue
            grow = [f"{math.log(max(b[1], 1e-3) / max(a[1], 1e-3)) / math.log(b[0] / a[0]):.2f}"
                    for a, b in zip(pts, pts[1:])]
            out.append(f"* Cross-document rule `{code}`, {label}: " + ", ".join(
                f"{t:.1f} s at N = {n:,}" for n, t in pts) + f"; growth exponent {' then '.join(grow)} "
                "(1 = linear, 2 = quadratic).")
    return "\n".join(out)


def write_markdown(rows: list[dict], mach: dict, path: Path) -> str:
    text = f"""# Benchmark results

Produced by `python bench/run_bench.py` (see the script's docstring for what is measured).
Synthetic corpora are built from `corpus/*.txt` by `bench/synth.py`: sibling families of
{__import__('synth').SIBLINGS} reports sharing a template, paragraph order and numbers, differing in place
names; numbers, names and prose-paragraph order vary across families.

Machine: {mach['nproc']} CPUs (`nproc`; affinity {mach['affinity']}), {mach['cpu']}, {mach['memory']} RAM,
Python {mach['python']}, {mach['platform']}; auditor commit `{mach['commit']}`; measured {mach['date']}.

{table(rows)}

## Targets (issue 8), from the rows above

{targets(rows)}

* *per report ms* = wall ÷ N (whole process: start-up, dictionary load, JSON output included);
  *bare jieba ms/report* = `jieba.cut` over the same decoded text, one process, dictionary load
  excluded; *× jieba* = the ratio of the two (with `--jobs 2` the wall time is shared by two
  workers, so the ratio compares throughput, not CPU).
* *documents phase s* = reading, normalizing, modelling and document-scope checks;
  *corpus phase s* = the cross-document (corpus-scope) rules after all documents are read,
  with each rule's own time in brackets (with `--jobs 2` the rules run side by side, so the
  phase takes about as long as the slowest rule).
* *load before* is the 1-minute load average when the run started: the machine is shared,
  and a load above 0.5 on its 2 cores means other work competed with the run.
* *peak RSS (largest proc)* is `ru_maxrss` from `getrusage(RUSAGE_CHILDREN)`;
  *peak PSS (tree)* is the sampled peak of the sum of PSS over the auditor's process tree
  (shared copy-on-write pages counted once).
"""
    path.write_text(text, encoding="utf-8")
    return text


def _compile_package(log) -> None:
    """Byte-compile ``auditor/`` before measuring, as ``pip install`` does for an installed
    package: an editable checkout run with PYTHONDONTWRITEBYTECODE=1 (as on CI machines)
    would otherwise compile every module from source in every run (~0.3 s a run, which is
    start-up no installed copy pays).  ``compileall`` writes the caches whatever that variable
    says; they are git-ignored."""
    import compileall
    if not compileall.compile_dir(str(ROOT / "auditor"), quiet=1):
        log("warning: auditor/ did not byte-compile; runs include compiling it")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100,1000,10000")
    ap.add_argument("--jobs", default="1,2")
    ap.add_argument("--work", default=str(HERE / "out"), help="where corpora and outputs go (git-ignored)")
    ap.add_argument("--results", default=str(HERE / "results.md"))
    ap.add_argument("--raw", default=str(HERE / "results.json"))
    ap.add_argument("--fresh", action="store_true", help="forget earlier rows in --raw")
    ap.add_argument("--templates", choices=("all", "full"), default="all",
                    help="reports to synthesise from: every corpus/*.txt (default) or the five "
                         "full-length reports corpus/0*.txt (the workload of earlier benchmarks)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="alternate the bare jieba pass and the auditor runs this many times and "
                         "report the medians (the machine's speed drifts; 3 is a fair measure)")
    ap.add_argument("--measure", help=argparse.SUPPRESS)
    ap.add_argument("--jieba", help=argparse.SUPPRESS)
    ap.add_argument("extra", nargs="*", help="extra auditor arguments, after -- (e.g. -- --ignore text.boilerplate)")
    args = ap.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(json.loads(args.measure))))
        return 0
    if args.jieba:
        print(json.dumps(jieba_floor(args.jieba)), file=sys.stderr)
        return 0

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    _compile_package(log)
    raw_path = Path(args.raw)
    rows = [] if args.fresh or not raw_path.exists() else json.loads(raw_path.read_text())["rows"]
    mach = machine()
    for n in [int(s) for s in args.sizes.split(",") if s.strip()]:
        jobs = [int(j) for j in args.jobs.split(",") if j.strip()]
        new = bench_size(n, jobs, work, args.extra, log, args.templates, args.repeat)
        keys = {(r["n"], r["jobs"], r.get("args", "")) for r in new}
        rows = [r for r in rows if (r["n"], r["jobs"], r.get("args", "")) not in keys] + new
        raw_path.write_text(json.dumps({"machine": mach, "rows": rows}, indent=1, ensure_ascii=False))
        write_markdown(rows, mach, Path(args.results))
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
