"""Hostile input: a folder that mixes good reports with everything that can go wrong.

One run of the real command line over the folder must: audit every good file
with the same (document-scope) findings it gets alone; give every bad file a
clear one-line error; neither crash nor hang (per-file size and time limits);
write nothing outside --out; leave the inputs byte-for-byte unchanged; and exit
with the documented code.

Cross-document rules are left out of the "same as alone" comparison on
purpose: copies of one report in the same run *should* draw boilerplate and
residue findings they cannot draw alone.
"""
from __future__ import annotations

import codecs
import hashlib
import io
import json
import os
import random
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from auditor.checks import selected_rules
from auditor.engine import Options, run
from conftest import CORPUS, ROOT
from conftest import minimal_pdf as _minimal_pdf

TIMEOUT = 15          # --timeout for the hostile run (seconds per file)
DEEP = 40             # nesting depth of the deepest good file
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def corpus(prefix: str) -> Path:
    return next(CORPUS.glob(prefix + "_*.txt"))




def build_hostile(root: Path) -> tuple[dict[str, str], dict[str, tuple[str, ...]], set[str]]:
    """Make the folder. Returns (good: relative path -> the text it must decode to,
    bad: relative path -> substrings its error must contain, either: files that may
    be audited or refused within the limits)."""
    good: dict[str, str] = {}
    bad: dict[str, tuple[str, ...]] = {}
    either: set[str] = set()
    t000 = corpus("000").read_text(encoding="utf-8")
    t004 = corpus("004").read_text(encoding="utf-8")

    def put(rel: str, data: bytes) -> Path:
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
        return p

    # good reports, with awkward names and places
    put("good/报告 甲 000.txt", t000.encode("utf-8"))
    good["good/报告 甲 000.txt"] = t000
    deep = "/".join(f"层{i} d" for i in range(DEEP))
    put(f"good/{deep}/深处 004.txt", t004.encode("utf-8"))
    good[f"good/{deep}/深处 004.txt"] = t004
    # the same reports in other encodings: same text, same offsets, same findings
    for rel, text, enc in [("enc/gbk 000.txt", t000, "gbk"), ("enc/gb18030 004.txt", t004, "gb18030"),
                           ("enc/utf16 000.txt", t000, "utf-16"), ("enc/utf16le-bom 004.txt", t004, "utf-16-le")]:
        data = text.encode(enc)
        if enc == "utf-16-le":
            data = codecs.BOM_UTF16_LE + data
        put(rel, data)
        good[rel] = text
    # markup that must stay inert text
    script = ("<script>alert('x')</script>\n</textarea><textarea>\n" + t000
              + "\n<img src=x onerror=alert(1)> </textarea>\n")
    put("good/script </textarea>.txt", script.encode("utf-8"))
    good["good/script </textarea>.txt"] = script

    # bad files
    put("bad/empty.txt", b"")
    bad["bad/empty.txt"] = ("file is empty",)
    rnd = random.Random(8)
    put("bad/binary.txt", bytes(rnd.getrandbits(8) for _ in range(64 * 1024)))
    bad["bad/binary.txt"] = ("binary",)
    put("bad/nul.txt", b"\x00" * 4096)
    bad["bad/nul.txt"] = ("binary",)
    import docx
    d = docx.Document()
    d.add_paragraph("项目绩效自评报告")
    d.add_paragraph(t000[:2000])
    buf = io.BytesIO()
    d.save(buf)
    put("bad/truncated.docx", buf.getvalue()[: len(buf.getvalue()) // 2])
    bad["bad/truncated.docx"] = ("docx",)
    put("bad/scan.pdf", _minimal_pdf(None))
    bad["bad/scan.pdf"] = ("no text layer",)
    put("bad/corrupt.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> garbage \x00\xff" * 50)
    bad["bad/corrupt.pdf"] = ("PDF",)
    put("bad/not-a-pdf.pdf", b"hello, not a pdf at all")
    bad["bad/not-a-pdf.pdf"] = ("no %PDF header",)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        z.writestr("word/document.xml", b"<" + b"a" * (40 * 1024 * 1024))
    put("bad/bomb.docx", bomb.getvalue())
    bad["bad/bomb.docx"] = ("zip bomb",)
    # 50 MB of text: refused from its size alone, before reading
    chunk = (t000 * 20).encode("utf-8")
    with open(root / "bad/big 50MB.txt", "wb") as f:
        for _ in range(50 * 1024 * 1024 // len(chunk) + 1):
            f.write(chunk)
    bad["bad/big 50MB.txt"] = ("file too large",)
    # 3 million characters in 3 MB: under the byte limit, over the character limit
    put("bad/many chars.txt", (b"0123456789abcdef\n" * (3 * 1024 * 1024 // 17 + 1)))
    bad["bad/many chars.txt"] = ("too much text",)
    # a 1 MB single line: audited, or stopped by the time limit; never a hang
    line = "".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")))
    line = line.replace("\r", "").replace("\n", "")
    data = (line * (1024 * 1024 // len(line.encode("utf-8")) + 1)).encode("utf-8")[:1024 * 1024]
    put("bad/one line 1MB.txt", data.decode("utf-8", "ignore").encode("utf-8"))
    either.add("bad/one line 1MB.txt")
    # symlinks: a loop between two files, a dangling one, and a folder loop
    os.symlink("loop-b.txt", root / "bad/loop-a.txt")
    os.symlink("loop-a.txt", root / "bad/loop-b.txt")
    bad["bad/loop-a.txt"] = bad["bad/loop-b.txt"] = ("cannot access file",)
    os.symlink("nowhere.txt", root / "bad/dangling.txt")
    bad["bad/dangling.txt"] = ("cannot access file",)
    os.symlink("..", root / "bad/folder-loop")
    os.symlink("/dev/zero", root / "bad/zero.txt")
    bad["bad/zero.txt"] = ("not a regular file",)
    # a FIFO named like a report: opening it for reading would block forever
    os.mkfifo(root / "bad/pipe.txt")
    bad["bad/pipe.txt"] = ("not a regular file",)
    # no read permission: an error for a normal user; root reads it anyway, so
    # there it is a good file (the FIFO above is the unreadable case that holds for root)
    p = put("bad/no-permission.txt", t004.encode("utf-8"))
    os.chmod(p, 0)
    if IS_ROOT:
        good["bad/no-permission.txt"] = t004
    else:
        bad["bad/no-permission.txt"] = ("cannot read file",)
    # every file met gets an entry, whatever its type: a wrong .xls, a picture renamed
    # .txt, a photo, a legacy .doc that does not convert (LibreOffice or not)
    put("bad/table.xls", b"not a spreadsheet")
    bad["bad/table.xls"] = ("not a valid .xls",)
    put("bad/image.txt", b"\x89PNG\r\n\x1a\n" + bytes(rnd.getrandbits(8) for _ in range(4096)))
    bad["bad/image.txt"] = ("PNG",)
    put("bad/photo.jpg", b"\xff\xd8\xff\xe0" + bytes(rnd.getrandbits(8) for _ in range(4096)))
    bad["bad/photo.jpg"] = ("unsupported file type .jpg",)
    put("bad/broken.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
        + "WordDocument".encode("utf-16-le") + bytes(rnd.getrandbits(8) for _ in range(4096)))
    bad["bad/broken.doc"] = ("LibreOffice", "no text")
    # not picked from a folder (and counted as skipped): hidden files and lock files
    put("good/.hidden.txt", b"not audited")
    put("good/~$报告.docx", b"lock")
    return good, bad, either


def snapshot(root: Path) -> dict[str, str]:
    """Every entry under ``root`` (symlinks not followed) with a content digest."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            st = os.lstat(p)
            rel = str(p.relative_to(root))
            if stat.S_ISLNK(st.st_mode):
                out[rel] = "link:" + os.readlink(p)
            elif stat.S_ISREG(st.st_mode):
                h = hashlib.sha256()
                with open(p, "rb") as f:
                    for block in iter(lambda: f.read(1 << 20), b""):
                        h.update(block)
                out[rel] = f"file:{h.hexdigest()}:{stat.S_IMODE(st.st_mode):o}:{st.st_mtime_ns}"
            else:
                out[rel] = f"other:{stat.S_IFMT(st.st_mode)}"
    return out


def _doc_findings(doc: dict, document_rules: set[str]) -> list[tuple]:
    return sorted((f["rule"], f["start"], f["end"], f["message"], f["excerpt"])
                  for f in doc["findings"] if f["rule"] in document_rules)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    root = base / "in"
    root.mkdir()
    good, bad, either = build_hostile(root)
    before = snapshot(root)
    out = base / "out"
    cwd = base / "cwd"
    cwd.mkdir()
    tmp = base / "tmp"
    tmp.mkdir()
    env = dict(os.environ, TMPDIR=str(tmp), NO_COLOR="1",
               PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    t0 = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "auditor", "check", str(root), "--format", "json,csv,html",
         "--out", str(out), "--jobs", "2", "--timeout", str(TIMEOUT), "--no-progress"],
        capture_output=True, text=True, cwd=cwd, env=env, timeout=300)
    elapsed = time.monotonic() - t0
    return {"root": root, "out": out, "cwd": cwd, "tmp": tmp, "good": good, "bad": bad,
            "either": either, "before": before, "proc": proc, "elapsed": elapsed}


def _docs(h) -> dict[str, dict]:
    data = json.loads((h["out"] / "auditor-report.json").read_text(encoding="utf-8"))
    return {str(Path(d["path"]).relative_to(h["root"])): d for d in data["documents"]}


def test_run_completes_with_documented_exit_code(hostile):
    proc = hostile["proc"]
    assert proc.returncode == 1, proc.stderr[-3000:]     # good files have findings
    assert "Traceback" not in proc.stderr
    # the 1 MB line is the slowest file; nothing else comes near the time limit
    assert hostile["elapsed"] < 4 * TIMEOUT + 60


def test_every_file_has_an_entry_and_nothing_else(hostile):
    docs = _docs(hostile)
    expected = set(hostile["good"]) | set(hostile["bad"]) | hostile["either"]
    assert set(docs) == expected
    assert not any(".hidden" in p or "~$" in p for p in docs)


def test_bad_files_get_one_clear_line_each(hostile):
    docs = _docs(hostile)
    for rel, needles in hostile["bad"].items():
        err = docs[rel]["error"]
        assert err, rel
        assert "\n" not in err and len(err) < 400, (rel, err)
        assert any("\u4e00" <= c <= "\u9fff" for c in err), (rel, err)   # Chinese / English
        assert any(n in err for n in needles), (rel, err)
        assert docs[rel]["findings"] == []
    for rel in hostile["either"]:
        err = docs[rel]["error"]
        assert err is None or "timed out" in err, (rel, err)


def test_good_files_have_the_same_findings_as_alone(hostile):
    docs = _docs(hostile)
    document_rules = {r.code for r in selected_rules() if r.scope == "document"}
    alone_cache: dict[str, list] = {}
    for rel, text in hostile["good"].items():
        d = docs[rel]
        assert d["error"] is None, (rel, d["error"])
        assert d["chars"] == len(text), rel
        if text not in alone_cache:
            single = hostile["root"].parent / "alone" / f"{len(alone_cache)}.txt"
            single.parent.mkdir(exist_ok=True)
            single.write_text(text, encoding="utf-8")
            res = run([str(single)], Options(timeout=None))
            from auditor.writers.json_writer import run_to_dict
            alone_cache[text] = _doc_findings(run_to_dict(res)["documents"][0], document_rules)
        assert _doc_findings(d, document_rules) == alone_cache[text], rel
        for f in d["findings"]:
            assert text[f["start"]:f["end"]] == f["excerpt"], (rel, f)


def test_inputs_unchanged_and_nothing_written_outside_out(hostile):
    assert snapshot(hostile["root"]) == hostile["before"]
    assert os.listdir(hostile["cwd"]) == []
    written = sorted(os.listdir(hostile["out"]))
    assert [n for n in written if n.startswith(".tmp")] == []          # no temporary leftovers
    assert {"auditor-findings.csv", "auditor-report.html", "auditor-report.json"} <= set(written)
    # jieba keeps its dictionary cache in the temporary folder; nothing else may appear there
    leftovers = [n for n in os.listdir(hostile["tmp"]) if not (n.startswith("jieba") and n.endswith(".cache"))]
    assert leftovers == []


def test_markup_in_a_document_stays_text(hostile):
    html = (hostile["out"] / "auditor-report.html").read_text(encoding="utf-8")
    assert "<script>alert('x')</script>" not in html
    assert "<img src=x onerror" not in html
    data = json.loads((hostile["out"] / "auditor-report.json").read_text(encoding="utf-8"))
    assert data["summary"]["files"] == len(_docs(hostile))


def test_a_folder_of_only_bad_files_exits_2(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    os.mkfifo(folder / "pipe.txt")
    (folder / "bin.txt").write_bytes(bytes(range(256)) * 64)
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "auditor", "check", str(folder), "--format", "json",
                           "--out", str(out), "--no-progress"], capture_output=True, text=True,
                          cwd=tmp_path, timeout=120)
    assert proc.returncode == 2, proc.stderr
    data = json.loads((out / "auditor-report.json").read_text(encoding="utf-8"))
    assert all(d["error"] for d in data["documents"]) and len(data["documents"]) == 3


def test_reading_limits_are_checked_before_reading(tmp_path, monkeypatch):
    """A sparse 9 GB file is refused from its size; nothing is read."""
    from auditor import ingest
    p = tmp_path / "sparse.txt"
    with open(p, "wb") as f:
        f.truncate(9 * 1024 ** 3)
    calls = []
    real_open = os.open
    monkeypatch.setattr(ingest.os, "open", lambda *a, **k: calls.append(a) or real_open(*a, **k))
    res = ingest.load(p)
    assert "file too large" in res.error and calls == []
