#!/usr/bin/env python3
"""Format parity: does a report give the same findings as .docx and .pdf as it does as .txt?

    python bench/format_parity.py                      # the seeds in ../shared/seeds
    python bench/format_parity.py --tables a.txt b.txt # other reports; tables rebuilt

Each report is converted with LibreOffice in a temporary folder
(``soffice --headless --convert-to docx|pdf``).  By default the .txt itself is
converted, as someone opening it in Writer and saving would do: lines become
paragraphs, TAB-separated rows stay TAB-separated text (no table).  With
``--tables`` the .docx is built with python-docx instead, every run of TAB
lines becoming a bordered Word table, and the .pdf is LibreOffice's rendering
of that .docx: the way such reports usually arrive.

The auditor then runs over the .txt, the .docx and the .pdf folders (one run per
format, so cross-document rules see the same set), and for every document and
every rule family prints the share of the .txt's findings that the .docx/.pdf
run also reports.  A finding matches when its rule and its normalised excerpt
(NFKC, whitespace removed) are the same; each .txt finding is matched at most
once.  ``extra`` counts findings the other format reports and the .txt does not.
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
# ../shared/seeds next to the checkout (or two levels up from a worktree)
SEEDS = next((p for p in (ROOT.parent / "shared" / "seeds", ROOT.parent.parent / "shared" / "seeds")
              if p.is_dir()), ROOT.parent / "shared" / "seeds")


def soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        sys.exit("LibreOffice (soffice) is needed: apt-get install libreoffice-writer")
    return exe


def lo_convert(files: list[Path], target: str, outdir: Path, infilter: str | None = None) -> None:
    """One LibreOffice call converts all ``files`` into ``outdir`` (private profile)."""
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="parity-lo-") as prof:
        cmd = [soffice(), f"-env:UserInstallation={Path(prof).as_uri()}", "--headless", "--norestore",
               "--convert-to", target, "--outdir", str(outdir)]
        if infilter:
            cmd.append(f"--infilter={infilter}")
        subprocess.run(cmd + [str(f) for f in files], check=True, capture_output=True, timeout=900)


def build_docx_with_tables(txt: Path, out: Path) -> None:
    """The report as Word would hold it: TAB-line runs as bordered tables."""
    import docx
    d = docx.Document()
    lines = txt.read_text(encoding="utf-8").replace("\r\n", "\n").split("\n")
    i = 0
    while i < len(lines):
        if "\t" in lines[i]:
            j = i
            while j < len(lines) and "\t" in lines[j]:
                j += 1
            rows = [l.split("\t") for l in lines[i:j]]
            ncols = max(len(r) for r in rows)
            t = d.add_table(rows=len(rows), cols=ncols)
            t.style = "Table Grid"
            for r, cells in enumerate(rows):
                for c, v in enumerate(cells):
                    if v:
                        t.cell(r, c).text = v
            i = j
        else:
            d.add_paragraph(lines[i])
            i += 1
    d.save(out)


def norm_excerpt(s: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s or ""))


def audit(folder: Path) -> dict[str, dict]:
    """stem -> {"error": ..., "findings": [(rule, excerpt)], "seconds": ...} for one run."""
    from auditor.engine import Options, run
    t0 = time.perf_counter()
    res = run([str(folder)], Options(timeout=None))
    out = {}
    for d in res.documents:
        out[Path(d.path).stem] = {"error": d.error, "chars": d.chars,
                                  "findings": [(f.rule, norm_excerpt(f.excerpt)) for f in d.findings]}
    out["__seconds__"] = time.perf_counter() - t0
    return out


def compare(base: list[tuple[str, str]], other: list[tuple[str, str]]):
    """Per family: (matched, total in base, extra in other)."""
    b, o = Counter(base), Counter(other)
    common = b & o
    fam: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for (rule, _), n in b.items():
        fam[rule.split(".")[0]][1] += n
    for (rule, _), n in common.items():
        fam[rule.split(".")[0]][0] += n
    for (rule, _), n in (o - b).items():
        fam[rule.split(".")[0]][2] += n
    return fam


def share(m: int, t: int) -> str:
    return f"{m}/{t} ({100 * m / t:.0f}%)" if t else "–"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("reports", nargs="*", type=Path, help=".txt reports (default: the seeds)")
    ap.add_argument("--tables", action="store_true",
                    help="build the .docx with real tables (python-docx) and render the .pdf from it")
    ap.add_argument("--keep", type=Path, help="keep the converted files in this folder")
    args = ap.parse_args(argv)
    reports = args.reports or sorted(SEEDS.glob("*.txt"))
    if not reports:
        sys.exit(f"no reports found (looked in {SEEDS})")
    work = Path(tempfile.mkdtemp(prefix="format-parity-"))
    try:
        dirs = {fmt: work / fmt for fmt in ("txt", "docx", "pdf")}
        for d in dirs.values():
            d.mkdir()
        for r in reports:
            shutil.copy(r, dirs["txt"] / r.name)
        txts = sorted(dirs["txt"].glob("*.txt"))
        t0 = time.perf_counter()
        if args.tables:
            for t in txts:
                build_docx_with_tables(t, dirs["docx"] / (t.stem + ".docx"))
            lo_convert(sorted(dirs["docx"].glob("*.docx")), "pdf", dirs["pdf"])
        else:
            infilter = "Text (encoded):UTF8,LF,,,"
            lo_convert(txts, "docx:MS Word 2007 XML", dirs["docx"], infilter)
            lo_convert(txts, "pdf:writer_pdf_Export", dirs["pdf"], infilter)
        convert_s = time.perf_counter() - t0
        results = {fmt: audit(d) for fmt, d in dirs.items()}
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            for fmt in ("docx", "pdf"):
                for f in dirs[fmt].iterdir():
                    shutil.copy(f, args.keep / f.name)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    mode = "tables rebuilt (python-docx), pdf from the docx" if args.tables else "LibreOffice from the .txt"
    print(f"# Format parity ({mode}); conversion {convert_s:.1f}s; audit "
          + ", ".join(f"{fmt} {results[fmt]['__seconds__']:.1f}s" for fmt in results))
    print()
    print("| document | .txt findings | .docx matched | .docx extra | .pdf matched | .pdf extra |")
    print("|---|---|---|---|---|---|")
    totals = {fmt: defaultdict(lambda: [0, 0, 0]) for fmt in ("docx", "pdf")}
    for stem in sorted(k for k in results["txt"] if k != "__seconds__"):
        base = results["txt"][stem]
        cols = [stem, str(len(base["findings"]))]
        for fmt in ("docx", "pdf"):
            other = results[fmt].get(stem)
            if other is None or other["error"]:
                cols += [f"error: {other['error'] if other else 'missing'}", ""]
                continue
            fam = compare(base["findings"], other["findings"])
            m = sum(v[0] for v in fam.values())
            extra = sum(v[2] for v in fam.values())
            cols += [share(m, len(base["findings"])), str(extra)]
            for k, v in fam.items():
                for i in range(3):
                    totals[fmt][k][i] += v[i]
        print("| " + " | ".join(cols) + " |")
    print()
    print("| family | .txt findings | .docx matched | .docx extra | .pdf matched | .pdf extra |")
    print("|---|---|---|---|---|---|")
    fams = sorted(set(totals["docx"]) | set(totals["pdf"]))
    all_ = {fmt: [0, 0, 0] for fmt in totals}
    for f in fams:
        t = max(totals["docx"][f][1], totals["pdf"][f][1])
        row = [f, str(t)]
        for fmt in ("docx", "pdf"):
            m, tot, extra = totals[fmt][f]
            row += [share(m, tot), str(extra)]
            for i, v in enumerate((m, tot, extra)):
                all_[fmt][i] += v
        print("| " + " | ".join(row) + " |")
    print("| **all** | " + str(max(all_["docx"][1], all_["pdf"][1])) + " | "
          + " | ".join(f"{share(all_[fmt][0], all_[fmt][1])} | {all_[fmt][2]}" for fmt in ("docx", "pdf"))
          + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
