"""The report formats people open: xlsx and csv (read back with pandas), html (parsed).

The browser half of the HTML tests is in test_html_browser.py.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from html.parser import HTMLParser

import pandas as pd
import pytest

from auditor.engine import DocResult, Options, RunResult
from auditor.findings import Finding, Related
from auditor.writers import FILE_WRITERS, load_all
from auditor.writers.csv_writer import write_csv
from auditor.writers.html_writer import render, render_text, write_html
from auditor.writers.tabular import FINDING_COLUMNS
from auditor.writers.xlsx_writer import write_xlsx
from conftest import CORPUS, ROOT


@pytest.fixture(scope="module")
def corpus_outputs(tmp_path_factory):
    """One CLI run over the corpus in every file format, as a person would run it."""
    out = tmp_path_factory.mktemp("out")
    r = subprocess.run([sys.executable, "-m", "auditor", "check", str(CORPUS), "--format",
                        "json,xlsx,csv,html", "--out", str(out), "--no-progress", "--lang", "en"],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode in (0, 1), r.stderr
    return out, r


def json_findings(data) -> list[dict]:
    return [dict(f, file=d["path"]) for d in data["documents"] for f in d["findings"]]


def unguard(value):
    return value[1:] if isinstance(value, str) and value[:2] in {"'=", "'+", "'-", "'@"} else value


def row_key(row: dict) -> tuple:
    return (row["file"], int(row["start"]), int(row["end"]), row["rule"], row["message"])


def assert_rows_match_json(rows: list[dict], data: dict) -> None:
    expected = json_findings(data)
    assert len(rows) == len(expected)
    by_key = {}
    for row in rows:
        row = {k: unguard(v) for k, v in row.items()}
        by_key.setdefault(row_key(row), []).append(row)
    for f in expected:
        matches = by_key.pop(row_key(f), [])
        assert len(matches) == 1, f"finding not matched one to one: {f['rule']} {f['start']}"
        row = matches[0]
        for col in ("line", "column", "start", "end"):
            assert int(row[col]) == f[col], col
        for col in ("rule", "confidence", "severity", "message", "excerpt"):
            assert row[col] == f[col], col
        assert row["family"] == f["rule"].split(".", 1)[0]
        assert json.loads(row["evidence"]) == f["evidence"]
        for rel in f["related"]:
            assert f"{rel['role']}「{rel['excerpt']}」{rel['line']}:{rel['column']}" in row["related"]
    assert not by_key


def test_all_formats_in_one_run(corpus_outputs):
    out, r = corpus_outputs
    assert sorted(os.listdir(out)) == ["auditor-documents.csv", "auditor-findings.csv",
                                       "auditor-report.html", "auditor-report.json",
                                       "auditor-report.xlsx"]
    summary = r.stderr
    assert "file(s)" in summary and "unreadable" in summary
    for name in ("auditor-report.html", "auditor-report.xlsx", "auditor-findings.csv",
                 "auditor-documents.csv"):
        assert f"wrote {out / name}" in summary


def test_xlsx_matches_json_one_to_one(corpus_outputs):
    out, _ = corpus_outputs
    data = json.loads((out / "auditor-report.json").read_text(encoding="utf-8"))
    assert data["summary"]["findings"] > 0
    sheets = pd.read_excel(out / "auditor-report.xlsx", sheet_name=None, keep_default_na=False)
    assert list(sheets) == ["findings", "documents", "run"]
    findings = sheets["findings"]
    assert list(findings.columns) == FINDING_COLUMNS
    assert_rows_match_json(findings.to_dict("records"), data)

    docs = sheets["documents"]
    # one row per document, then one per file the walk skipped, with its reason
    skipped = data["summary"]["skipped"]
    assert list(docs["file"][len(data["documents"]):]) == [s["path"] for s in skipped]
    assert all(str(e).startswith("skipped: ") for e in docs["error"][len(data["documents"]):])
    docs = docs.iloc[:len(data["documents"])]
    assert list(docs["file"]) == [d["path"] for d in data["documents"]]
    for row, d in zip(docs.to_dict("records"), data["documents"]):
        assert row["chars"] == d["chars"] and row["findings"] == len(d["findings"])
        assert (row["error"] or None) == d["error"]
        for fam in data["summary"]["by_family"]:
            assert row[fam] == sum(1 for f in d["findings"] if f["rule"].split(".")[0] == fam)
    run = dict(zip(sheets["run"]["key"], sheets["run"]["value"]))
    assert run["findings"] == data["summary"]["findings"] and run["files"] == data["summary"]["files"]


def test_csv_has_bom_and_the_same_rows(corpus_outputs):
    out, _ = corpus_outputs
    data = json.loads((out / "auditor-report.json").read_text(encoding="utf-8"))
    raw = (out / "auditor-findings.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")                      # UTF-8 BOM: Excel reads Chinese
    assert raw[3:].decode("utf-8").startswith(",".join(FINDING_COLUMNS) + "\r\n")
    rows = pd.read_csv(out / "auditor-findings.csv", encoding="utf-8-sig", keep_default_na=False,
                       dtype=str).to_dict("records")
    assert_rows_match_json(rows, data)
    xlsx = pd.read_excel(out / "auditor-report.xlsx", sheet_name="findings", keep_default_na=False,
                         dtype=str).to_dict("records")
    assert rows == xlsx
    docs = pd.read_csv(out / "auditor-documents.csv", encoding="utf-8-sig", keep_default_na=False)
    assert (out / "auditor-documents.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    docs = docs.iloc[:len(data["documents"])]          # then the skipped files (their reason)
    assert list(docs["file"]) == [d["path"] for d in data["documents"]]


# --- hostile and awkward input -------------------------------------------------------------

HOSTILE_TEXT = ("=HYPERLINK(\"http://evil.example/x\",\"点我\")\n"
                "<script>window.__pwned=1</script></textarea><img src=x onerror=alert(1)>\n"
                "<input type=\"checkbox\"/> 已完成\r\n"
                "-5% 与 +86 与 @SUM(A1) 市市直机关\x0c分页\n"
                "</script><!-- --><style>body{display:none}</style>\u2028 &amp;")


def _finding(text, sub, rule, *, conf="certain", sev="warning", length=None, related=(), message=None):
    start = text.index(sub)
    end = start + (len(sub) if length is None else length)
    line = text.count("\n", 0, start) + 1
    col = start - (text.rfind("\n", 0, start) + 1) + 1
    return Finding(rule=rule, message=message or f"“{text[start:end]}” <b>bold?</b> & 1 < 2",
                   start=start, end=end, line=line, column=col, excerpt=text[start:end],
                   confidence=conf, severity=sev,
                   related=[Related(a, b, text[a:b], role) for a, b, role in related],
                   evidence={"computed": "1.5", "raw": "<script>x</script>", "list": [1, "二"]})


def hostile_result(tmp_path) -> RunResult:
    t = HOSTILE_TEXT
    s = t.index("<script>")
    findings = [
        _finding(t, "=HYPERLINK(", "text.formula", message="=1+1 看起来像公式"),
        _finding(t, "<script>window.__pwned=1</script>", "text.hostile", sev="error"),
        _finding(t, "window.__pwned=1", "arithmetic.nested", conf="likely"),
        _finding(t, "</textarea><img", "text.overlap", conf="possible", sev="info",
                 related=[(s, s + 8, "whole")]),
        _finding(t, "<img src=x", "arithmetic.overlap", sev="error"),
        _finding(t, "-5%", "arithmetic.share", message="-5% 不等于 +5%"),
        _finding(t, "+86", "value.conflict"),
        _finding(t, "@SUM(A1)", "value.conflict"),
        _finding(t, "市市", "text.duplicate_char"),
        _finding(t, "\x0c分页", "text.control"),
        _finding(t, "分页", "text.empty", length=0),
    ]
    findings.sort(key=lambda f: (f.start, f.end, f.rule))
    doc = DocResult(path="=evil<script>.txt", encoding="utf-8", fmt="text",
                    chars=len(t), findings=findings, text=t,
                    summary={"boilerplate_share": 0.375, "check_errors": ["x: <i>boom</i>"]})
    bad = DocResult(path="-bad<img src=x>.txt", error="<script>alert(2)</script> 无法读取")
    result = RunResult([doc, bad], [], Options(min_confidence="possible"), 0.25)
    result.lang = "en"   # English headers: the tests below read columns by their keys
    return result


def test_spreadsheets_guard_against_formula_injection(tmp_path):
    from openpyxl import load_workbook

    result = hostile_result(tmp_path)
    write_xlsx(result, str(tmp_path / "r.xlsx"))
    write_csv(result, str(tmp_path / "f.csv"))
    wb = load_workbook(tmp_path / "r.xlsx")
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula: {cell.value}"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@")), cell.value
    rows = pd.read_excel(tmp_path / "r.xlsx", sheet_name="findings", keep_default_na=False,
                         dtype=str).to_dict("records")
    excerpts = {r["excerpt"] for r in rows}
    assert {"'=HYPERLINK(", "'-5%", "'+86", "'@SUM(A1)"} <= excerpts
    assert "'=1+1 看起来像公式" in {r["message"] for r in rows}
    assert all(r["file"].startswith("'=") for r in rows)
    assert "\u240c分页" in excerpts                       # form feed shown, not an xlsx error
    docs = pd.read_excel(tmp_path / "r.xlsx", sheet_name="documents", keep_default_na=False)
    assert list(docs["file"])[1] == "'-bad<img src=x>.txt"
    assert docs["boilerplate_share"][0] == 0.375

    csv_rows = pd.read_csv(tmp_path / "f.csv", encoding="utf-8-sig", keep_default_na=False,
                           dtype=str).to_dict("records")
    assert len(csv_rows) == len(result.findings)
    for row in csv_rows:
        for key, value in row.items():
            assert not value.startswith(("=", "+", "-", "@")), (key, value)
    assert {"'=HYPERLINK(", "'-5%", "'+86", "'@SUM(A1)", "\x0c分页"} <= {r["excerpt"] for r in csv_rows}
    assert (tmp_path / "auditor-documents.csv").exists()


def test_empty_run_writes_headers_only(tmp_path):
    from auditor.rule_info import column_label
    result = RunResult([DocResult(path="a.txt", text="没有问题。", chars=5)], [], Options(), 0.0)
    headers = [column_label(c) for c in FINDING_COLUMNS]      # Chinese by default
    assert headers[:4] == ["文件", "行", "列", "位置"] and "问题类型" in headers
    write_xlsx(result, str(tmp_path / "r.xlsx"))
    sheets = pd.read_excel(tmp_path / "r.xlsx", sheet_name=None)
    assert list(sheets["findings"].columns) == headers and len(sheets["findings"]) == 0
    assert len(sheets["documents"]) == 1
    write_csv(result, str(tmp_path / "f.csv"))
    assert (tmp_path / "f.csv").read_text(encoding="utf-8-sig").strip() == ",".join(headers)
    write_html(result, str(tmp_path / "r.html"))
    assert "没有问题。" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_writers_are_registered():
    load_all()
    assert FILE_WRITERS["html"][0] == "auditor-report.html"
    assert FILE_WRITERS["xlsx"][0] == "auditor-report.xlsx"
    assert FILE_WRITERS["csv"][0] == "auditor-findings.csv"


# --- HTML without a browser ----------------------------------------------------------------

class PageParser(HTMLParser):
    """Collects tags, attributes, script/style text and each document's text with its spans."""

    VOID = {"meta", "input", "br", "img", "link", "hr", "col", "wbr", "source", "area", "base"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.stack: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.doc_text: dict[int, list[tuple[str, list[str], list[str]]]] = {}
        self.body_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag not in self.VOID:
            self.stack.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag == tag:
                break

    def handle_data(self, data):
        tags = [t for t, _ in self.stack]
        if tags and tags[-1] == "script":
            self.scripts.append(data)
            return
        if tags and tags[-1] == "style":
            self.styles.append(data)
            return
        self.body_text.append(data)
        doc = next((a.get("data-doc") for t, a in self.stack if t == "div" and "data-doc" in a), None)
        if doc is not None:
            f, r = [], []
            for _, a in self.stack:
                f += (a.get("data-f") or "").split()
                r += (a.get("data-r") or "").split()
            self.doc_text.setdefault(int(doc), []).append((data, f, r))


def parse(page: str) -> PageParser:
    p = PageParser()
    p.feed(page)
    p.close()
    return p


def check_parsed_spans(p: PageParser, result: RunResult) -> None:
    for i, doc in enumerate(result.documents):
        if doc.text is None:
            assert i not in p.doc_text
            continue
        pieces = p.doc_text.get(i, [])
        assert "".join(t for t, _, _ in pieces) == doc.text          # the original, exactly
        for j, f in enumerate(doc.findings):
            fid = f"d{i}-f{j}"
            assert "".join(t for t, fs, _ in pieces if fid in fs) == f.excerpt
            pos = 0
            for t, fs, _ in pieces:
                if fid in fs:
                    assert pos == f.start
                    break
                pos += len(t)
            for k, rel in enumerate(f.related):
                assert "".join(t for t, _, rs in pieces if f"{fid}-r{k}" in rs) == rel.excerpt


def test_html_escapes_document_text_and_is_offline(tmp_path):
    result = hostile_result(tmp_path)
    write_html(result, str(tmp_path / "r.html"))
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    p = parse(page)
    tags = {t for t, _ in p.tags}
    # nothing from the documents became markup
    assert not tags & {"img", "textarea", "b", "i", "iframe", "object", "embed", "link", "base", "form"}
    assert [t for t, _ in p.tags].count("script") == 1 and [t for t, _ in p.tags].count("style") == 1
    assert all("ui" in (a.get("class") or "").split() for t, a in p.tags if t == "input")   # only the toolbar's own
    assert "window.__pwned" not in "".join(p.scripts)
    assert "body{display:none}" not in "".join(p.styles)
    # the hostile strings are there as text
    text = "".join(p.body_text)
    for s in ("<script>window.__pwned=1</script>", "</textarea><img src=x onerror=alert(1)>",
              "<input type=\"checkbox\"/>", "<style>body{display:none}</style>", "=evil<script>.txt",
              "<script>alert(2)</script> 无法读取", "<b>bold?</b> & 1 < 2", "x: <i>boom</i>"):
        assert s in text, s
    assert "37.5%" in text                                           # boilerplate share
    # no external resource: no src, only in-page links, no url() in CSS, a CSP that forbids loads
    for t, a in p.tags:
        assert "src" not in a and "srcset" not in a
        assert "on" + "error" not in a and "onclick" not in a
        if "href" in a:
            assert a["href"].startswith("#"), a
        for value in a.values():
            assert "javascript:" not in (value or "")
    assert "url(" not in "".join(p.styles) and "@import" not in "".join(p.styles)
    assert "http" not in "".join(p.scripts) and "fetch(" not in "".join(p.scripts)
    csp = next(a["content"] for t, a in p.tags if t == "meta" and a.get("http-equiv") ==
               "Content-Security-Policy")
    assert "default-src 'none'" in csp and "'unsafe-inline'" not in csp
    check_parsed_spans(p, result)


def test_html_corpus_spans(corpus_outputs):
    out, _ = corpus_outputs
    from auditor.engine import run
    result = run([str(CORPUS)], Options())
    p = parse(render(result))
    check_parsed_spans(p, result)
    page = (out / "auditor-report.html").read_text(encoding="utf-8")
    assert "&lt;input" in page or not any("<input" in (d.text or "") for d in result.documents)
    parsed = parse(page)
    assert all("ui" in (a.get("class") or "").split() for t, a in parsed.tags if t == "input")


def test_render_text_overlaps_nesting_and_edges():
    text = "abcdefghij"

    def f(a, b, rule="x.y", related=()):
        return Finding(rule=rule, message="m", start=a, end=b, line=1, column=a + 1,
                       excerpt=text[a:b], related=[Related(s, e, text[s:e], "part") for s, e in related])

    findings = [f(0, 4), f(2, 6), f(3, 3), f(1, 9, related=[(8, 10)]), f(7, 99), f(-5, 1)]
    html_text = render_text(text, findings, 0)
    p = parse(f'<div data-doc="0">{html_text}</div>')
    pieces = p.doc_text[0]
    assert "".join(t for t, _, _ in pieces) == text
    expect = ["abcd", "cdef", "", "bcdefghi", "hij", "a"]     # clamped to the text
    for j, e in enumerate(expect):
        assert "".join(t for t, fs, _ in pieces if f"d0-f{j}" in fs) == e
    assert "".join(t for t, _, rs in pieces if "d0-f3-r0" in rs) == "ij"
    assert 'id="t-d0-f2"' in html_text                        # zero-length finding has an anchor
    # CR and NUL survive HTML parsing without shifting offsets
    odd = "a\r\nb\x00c"
    p = parse(f'<div data-doc="0">{render_text(odd, [], 0)}</div>')
    assert "".join(t for t, _, _ in p.doc_text[0]) == "a\r\nb\ufffdc"
