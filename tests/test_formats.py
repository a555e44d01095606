"""Reports as they really arrive: one filled 项目支出绩效自评表 as .docx, .xlsx and .pdf
gives the same table rows and points at the right page/cell; a folder of .doc, .wps,
.xlsx, .xls, a scanned PDF and a binary .txt gives every file findings or one reason.

The .docx and .xlsx are built here (python-docx, openpyxl); the .pdf, .doc, .wps and
.xls are made from them by LibreOffice when ``soffice`` is on PATH.  Without it the
.pdf and .xls checks read the copies generated into tests/fixtures/formats/
(``PYTHONPATH=. python tests/test_formats.py`` regenerates them), and the .doc/.wps checks test
the one-line "save as .docx or install LibreOffice" error instead.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from auditor.ingest import load
from auditor.ingest.office import soffice_path

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures" / "formats"
ROOT = HERE.parent
SOFFICE = soffice_path()
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")

# --------------------------------------------------------------------------- the form
# A national 项目支出绩效自评表 on an 8-column grid: (row, col) -> text, 1-based, and
# merged ranges (r1, c1, r2, c2).  Numbers in the spreadsheet are stored as numbers with
# the format that prints them as written here.
NCOLS = 8
FORM: list[list[str]] = [
    ["项目支出绩效自评表"],
    ["（2023年度）"],
    ["项目名称", "城乡居民基本医疗保险补助资金"],
    ["主管部门", "某市医疗保障局", "", "", "实施单位", "某市医疗保障事务中心"],
    ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["", "年度资金总额", "1200", "1250", "1187.5", "10", "95%", "9.5"],
    ["", "其中：当年财政拨款", "1000", "1050", "1000", "", "95.24%", ""],
    ["", "上年结转资金", "200", "200", "187.5", "", "93.75%", ""],
    ["", "其他资金", "0", "0", "0", "", "", ""],
    ["年度总体目标", "预期目标", "", "", "", "实际完成情况"],
    ["", "保障参保群众基本医疗需求", "", "", "", "按时足额拨付补助资金"],
    ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
    ["产出指标(50分)", "数量指标", "参保人数", "≥50000人", "51200人", "20", "20", ""],
    ["", "质量指标", "待遇支付准确率", "100%", "99.5%", "15", "14", "个别结算差错已整改"],
    ["", "时效指标", "资金拨付及时率", "100%", "100%", "15", "15", ""],
    ["效益指标(30分)", "社会效益指标", "群众就医负担", "有效减轻", "有效减轻", "15", "15", ""],
    ["", "可持续影响指标", "基金运行", "长期可持续", "长期可持续", "15", "14", "加强基金监管"],
    ["满意度指标(10分)", "服务对象满意度指标", "参保群众满意度", "≥90%", "93%", "10", "10", ""],
    ["总分", "", "", "", "", "100", "97.5", ""],
]
MERGES = [(1, 1, 1, 8), (2, 1, 2, 8), (3, 2, 3, 8), (4, 2, 4, 4), (4, 6, 4, 8), (5, 1, 9, 1),
          (10, 1, 11, 1), (10, 2, 10, 5), (10, 6, 10, 8), (11, 2, 11, 5), (11, 6, 11, 8),
          (13, 1, 15, 1), (16, 1, 17, 1), (19, 1, 19, 5)]
SHEET = "自评表"
AFTER = "填报人：张三"


def expected_rows() -> list[str]:
    """The table rows every format must give: merged cells once, trailing empties dropped,
    at least one TAB per row."""
    rows = []
    for cells in FORM:
        n = len(cells)
        while n and not cells[n - 1]:
            n -= 1
        fields = list(cells[:n]) + [""] * max(0, 2 - n)
        rows.append("\t".join(fields))
    return rows


def cell_at(text: str) -> tuple[int, int]:
    for r, cells in enumerate(FORM, 1):
        for c, v in enumerate(cells, 1):
            if v == text:
                return r, c
    raise KeyError(text)


def build_docx(path: Path, form: list[list[str]] | None = None) -> Path:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    d = docx.Document()
    sec = d.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = sec.page_height, sec.page_width
    sec.left_margin = sec.right_margin = Cm(1.5)
    d.styles["Normal"].font.size = Pt(9)
    d.add_paragraph("附件1")
    form = form or FORM
    t = d.add_table(rows=len(form), cols=NCOLS)
    t.style = "Table Grid"
    for r1, c1, r2, c2 in MERGES:
        t.cell(r1 - 1, c1 - 1).merge(t.cell(r2 - 1, c2 - 1))
    for r, cells in enumerate(form):
        for c, v in enumerate(cells):
            if v:
                t.cell(r, c).text = v
    d.add_paragraph(AFTER)
    d.save(path)
    return path


def _number(v: str):
    """A form value as a spreadsheet stores it: (value, number format)."""
    s = v
    try:
        if s.endswith("%"):
            body = s[:-1]
            decimals = len(body.split(".")[1]) if "." in body else 0
            return float(body) / 100, "0" + ("." + "0" * decimals if decimals else "") + "%"
        f = float(s)
        return (int(f) if f == int(f) and "." not in s else f), "General"
    except ValueError:
        return v, None


def build_xlsx(path: Path, form: list[list[str]] | None = None) -> Path:
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET
    for r, cells in enumerate(form or FORM, 1):
        for c, v in enumerate(cells, 1):
            if not v:
                continue
            value, fmt = _number(v)
            cell = ws.cell(row=r, column=c, value=value)
            if fmt:
                cell.number_format = fmt
    for r1, c1, r2, c2 in MERGES:
        ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
    wb.save(path)
    return path


def lo_convert(src: Path, target: str, outdir: Path) -> Path:
    from auditor.ingest.office import convert
    data = convert(src.read_bytes(), src.suffix, target, timeout=120)
    out = outdir / (src.stem + "." + target)
    out.write_bytes(data)
    return out


@pytest.fixture(scope="module")
def forms(tmp_path_factory) -> dict[str, Path]:
    """The form as .docx and .xlsx (built here) and .pdf and .xls (LibreOffice, or the
    committed copies)."""
    d = tmp_path_factory.mktemp("forms")
    out = {"docx": build_docx(d / "form.docx"), "xlsx": build_xlsx(d / "form.xlsx")}
    if SOFFICE:
        out["pdf"] = lo_convert(out["docx"], "pdf", d)
        out["xls"] = lo_convert(out["xlsx"], "xls", d)
    else:
        for ext in ("pdf", "xls"):
            shutil.copy(FIXTURES / f"form.{ext}", d / f"form.{ext}")
            out[ext] = d / f"form.{ext}"
    return out


def table_lines(text: str) -> list[str]:
    return [l for l in text.split("\n") if "\t" in l]


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "pdf", "xls"])
def test_form_rows_are_the_same_in_every_format(forms, fmt):
    res = load(forms[fmt])
    assert res.error is None, res.error
    assert res.fmt == fmt
    assert table_lines(res.text) == expected_rows(), res.text


def test_xls_without_xlrd_prints_fractions(forms, monkeypatch):
    """.xls values come from python-calamine, their number formats from xlrd; without
    xlrd a percentage prints as its fraction (0.9524) and everything else matches."""
    import builtins
    real_import = builtins.__import__

    def no_xlrd(name, *a, **k):
        if name == "xlrd":
            raise ImportError("no xlrd")
        return real_import(name, *a, **k)
    monkeypatch.setattr(builtins, "__import__", no_xlrd)
    res = load(forms["xls"])
    assert res.error is None, res.error
    assert "\t0.9524\n" in res.text
    assert res.fmt == "xls"
    got = table_lines(res.text)
    want = expected_rows()
    assert len(got) == len(want)
    for g, w in zip(got, want):
        gf, wf = g.split("\t"), w.split("\t")
        assert len(gf) == len(wf), (g, w)
        for a, b in zip(gf, wf):
            if b.endswith("%") and a != b:
                assert abs(float(a) * 100 - float(b[:-1])) < 1e-9, (a, b)
            else:
                assert a == b, (g, w)


def test_et_is_read_like_xls(forms, tmp_path):
    """WPS saves its .et spreadsheets in the BIFF (.xls) format: python-calamine reads them."""
    et = tmp_path / "自评表.et"
    et.write_bytes(forms["xls"].read_bytes())
    res = load(et)
    assert res.error is None and res.fmt == "et"
    assert len(table_lines(res.text)) == len(expected_rows())


def test_csv_is_read_as_one_sheet(tmp_path):
    p = tmp_path / "表.csv"
    p.write_text('项目,预算数,执行数\n"年度资金总额",1250,"1,187.5"\n\n总分,,97.5\n', encoding="gbk")
    res = load(p)
    assert res.error is None and res.fmt == "csv"
    assert res.text.split("\n") == ["项目\t预算数\t执行数", "年度资金总额\t1250\t1,187.5", "", "总分\t\t97.5"]
    assert _loc(res, "97.5") == "第4行第3列"


def _loc(res, needle: str, nth: int = 0) -> str:
    from auditor.model import Document
    i = -1
    for _ in range(nth + 1):
        i = res.text.index(needle, i + 1)
    doc = Document.__new__(Document)
    doc.locations = sorted(res.locations, key=lambda t: (t[0], -t[1]))
    return Document.location(doc, i)


@pytest.mark.parametrize("fmt,label", [
    ("docx", "表1 第{r}行第{c}列"), ("xlsx", SHEET + "!{col}{r}"), ("xls", SHEET + "!{col}{r}"),
    ("pdf", "第1页 表1 第{r}行第{c}列")])
def test_locations_point_at_the_cell(forms, fmt, label):
    res = load(forms[fmt])
    for needle in ["1187.5", "待遇支付准确率", "97.5", "城乡居民基本医疗保险补助资金", "偏差原因分析及改进措施"]:
        r, c = cell_at(needle)
        want = label.format(r=r, c=c, col="ABCDEFGH"[c - 1])
        assert _loc(res, needle) == want, (needle, res.locations[:5])
    # every located cell holds exactly the cell's text
    for s, e, lab in res.locations:
        assert 0 <= s <= e <= len(res.text)


def test_docx_paragraph_and_pdf_page_locations(forms):
    res = load(forms["docx"])
    assert _loc(res, "附件1") == "第1段"
    assert _loc(res, AFTER) == "第2段"
    pdf = load(forms["pdf"])
    assert _loc(pdf, AFTER) == "第1页"
    assert ("第1页" in {lab for _, _, lab in pdf.locations})


def test_finding_location_comes_from_the_cell(forms):
    """A finding inside a table cell carries the cell's place in every format."""
    from auditor.engine import Options, run
    for fmt in ("docx", "xlsx", "pdf"):
        res = run([str(forms[fmt])], Options(timeout=None, min_confidence="possible"))
        doc = res.documents[0]
        assert doc.error is None
        for f in doc.findings:
            if fmt != "pdf" or f.location:
                assert f.location, (fmt, f.rule, f.excerpt)


def test_xlsx_number_formats_and_formulas(tmp_path):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"], ws["B1"], ws["D1"] = "执行率", 0.86, "x"
    ws["B1"].number_format = "0%"
    ws["A2"], ws["B2"] = "金额", 1234567.891
    ws["B2"].number_format = "#,##0.00"
    ws["A3"], ws["B3"] = "整数", 100.0
    ws["A4"], ws["B4"] = "单位", 12.5
    ws["B4"].number_format = '0.00"万元"'
    ws["A5"] = "多行\n单元格"
    ws["C7"] = "孤立"
    hidden = wb.create_sheet("隐藏表")
    hidden.sheet_state = "hidden"
    hidden["A1"] = "下拉选项"
    p = tmp_path / "t.xlsx"
    wb.save(p)
    res = load(p)
    assert res.error is None, res.error
    lines = res.text.split("\n")
    assert lines[0] == "工作表：Sheet1"
    assert lines[1:6] == ["执行率\t86%\t\tx", "金额\t1,234,567.89", "整数\t100", "单位\t12.50万元", "多行 单元格\t"]
    assert lines[6] == "" and lines[7] == "\t\t孤立"      # empty row 6 is one blank line
    assert "工作表：隐藏表（隐藏）" in lines
    assert _loc(res, "86%") == "Sheet1!B1" and _loc(res, "孤立") == "Sheet1!C7"
    assert _loc(res, "下拉选项") == "隐藏表!A1"


def test_xlsx_formula_gives_its_cached_value(tmp_path):
    """A workbook saved by Excel/WPS/LibreOffice keeps each formula's last value; that is
    what the sheet shows and what is read (data_only)."""
    if not SOFFICE:
        pytest.skip("needs LibreOffice to compute and cache the formula")
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["B1"], ws["C1"] = 1187.5, 1250, "=A1/B1"
    ws["C1"].number_format = "0.00%"
    src = tmp_path / "f.xlsx"
    wb.save(src)
    # an .ods round trip makes LibreOffice compute the formula and store its value
    ods = lo_convert(src, "ods", tmp_path)
    res = load(ods)
    assert res.error is None, res.error
    assert "1187.5\t1250\t95.00%" in res.text


def test_docx_grid_vertical_merge_and_late_rows(tmp_path):
    import docx
    d = docx.Document()
    t = d.add_table(rows=3, cols=3)
    t.cell(0, 0).merge(t.cell(2, 0)).text = "纵向合并"
    t.cell(0, 1).merge(t.cell(0, 2)).text = "横向合并"
    t.cell(1, 1).text = "b"
    t.cell(2, 2).text = "c"
    p = tmp_path / "m.docx"
    d.save(p)
    res = load(p)
    assert table_lines(res.text) == ["纵向合并\t横向合并", "\tb", "\t\tc"]
    assert _loc(res, "c") == "表1 第3行第3列"


# --------------------------------------------------------------------------- binaries

def _png() -> bytes:
    raw = b"".join(b"\x00" + bytes([(x * 7 + y) % 256 for x in range(64)] * 3) for y in range(64))
    def chunk(kind, body):
        return (len(body).to_bytes(4, "big") + kind + body
                + zlib.crc32(kind + body).to_bytes(4, "big"))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", (64).to_bytes(4, "big") * 2 + b"\x08\x02\x00\x00\x00")
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _zip() -> bytes:
    import io
    import zipfile
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:      # stored: the text shows through
        z.writestr("报告.txt", "项目支出绩效自评报告，预算执行率95%。\n" * 50)
    return buf.getvalue()


@pytest.mark.parametrize("name,data,needle", [
    ("image.txt", _png(), "PNG"),
    ("archive.md", _zip(), "ZIP"),
    ("nul.txt", "项目支出绩效自评报告\n".encode() * 20 + b"\x00\x00\x01\x02" + "结束".encode(), "binary"),
    ("python.txt", Path(sys.executable).read_bytes()[:200_000], "binary"),
])
def test_binary_content_in_a_text_named_file_is_an_error(tmp_path, name, data, needle):
    p = tmp_path / name
    p.write_bytes(data)
    res = load(p)
    assert res.text is None, res.text[:200]
    assert needle in res.error and "\n" not in res.error, res.error


def test_trailing_nul_padding_is_still_text(tmp_path):
    p = tmp_path / "padded.txt"
    p.write_bytes("项目支出绩效自评报告\n".encode() + b"\x00" * 16)
    assert load(p).error is None


def test_renamed_documents_are_read_by_their_content(tmp_path, forms):
    """A .doc that is really a .docx, a .xls that is really .xlsx or a web page."""
    doc = tmp_path / "really-docx.doc"
    doc.write_bytes(forms["docx"].read_bytes())
    assert load(doc).fmt == "docx"
    xls = tmp_path / "really-xlsx.xls"
    xls.write_bytes(forms["xlsx"].read_bytes())
    assert load(xls).fmt == "xlsx"
    html = tmp_path / "web-export.xls"
    html.write_text("<html><body><table><tr><td>预算数</td><td>110</td></tr></table></body></html>",
                    encoding="utf-8")
    res = load(html)
    assert res.fmt == "html" and "预算数\t110" in res.text


def test_encrypted_pdf_is_a_clear_error(tmp_path, forms):
    from pypdf import PdfReader, PdfWriter
    w = PdfWriter()
    for page in PdfReader(forms["pdf"]).pages:
        w.add_page(page)
    w.encrypt("secret")
    p = tmp_path / "locked.pdf"
    with open(p, "wb") as f:
        w.write(f)
    res = load(p)
    assert res.text is None and "encrypted" in res.error and "加密" in res.error


# --------------------------------------------------------------------------- LibreOffice

@needs_soffice
def test_pdf_table_runs_on_across_pages_past_page_numbers(tmp_path):
    """A table longer than a page, with "- N -" page numbers in the footer: one table of
    all its rows, no page-number lines, and the rows of page 2 located on page 2."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    d = docx.Document()
    fp = d.sections[0].footer.paragraphs[0]
    fp.add_run("- ")
    for kind, instr in (("begin", None), (None, "PAGE"), ("end", None)):
        run = fp.add_run()
        if kind:
            e = OxmlElement("w:fldChar")
            e.set(qn("w:fldCharType"), kind)
        else:
            e = OxmlElement("w:instrText")
            e.text = instr
        run._r.append(e)
    fp.add_run(" -")
    d.add_paragraph("正文开始")
    t = d.add_table(rows=80, cols=3)
    t.style = "Table Grid"
    for i in range(80):
        t.cell(i, 0).text, t.cell(i, 1).text, t.cell(i, 2).text = f"项目{i}", str(i * 10), "说明"
    d.add_paragraph("正文结束")
    src = tmp_path / "long.docx"
    d.save(src)
    res = load(lo_convert(src, "pdf", tmp_path))
    lines = res.text.split("\n")
    assert [l for l in lines if "\t" not in l] == ["正文开始", "正文结束"]
    assert [l for l in lines if "\t" in l] == [f"项目{i}\t{i * 10}\t说明" for i in range(80)]
    assert _loc(res, "项目79").startswith("第2页 表1 第")


@needs_soffice
def test_doc_and_wps_are_converted_in_a_temporary_folder(tmp_path, forms):
    folder = tmp_path / "in"
    folder.mkdir()
    doc = lo_convert(forms["docx"], "doc", folder)
    wps = folder / "form.wps"
    wps.write_bytes(doc.read_bytes())           # WPS writes its .wps in the Word 97 format
    before = sorted(os.listdir(folder))
    for p, fmt in ((doc, "doc"), (wps, "wps")):
        res = load(p)
        assert res.error is None, res.error
        assert res.fmt == fmt
        assert table_lines(res.text) == expected_rows()
        assert _loc(res, "1187.5") == "表1 第6行第5列"
    assert sorted(os.listdir(folder)) == before     # nothing written next to the input


def test_without_soffice_doc_gets_a_one_line_how_to(tmp_path, monkeypatch, forms):
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    assert soffice_path() is None
    p = tmp_path / "old.doc"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "WordDocument".encode("utf-16-le")
                  + bytes(2000))
    res = load(p)
    assert res.text is None
    assert "另存为 .docx" in res.error and "install LibreOffice" in res.error and "\n" not in res.error
    w = tmp_path / "old.wps"
    w.write_bytes(p.read_bytes())
    assert "另存为 .docx" in load(w).error


# --------------------------------------------------------------------------- a mixed folder

def _scanned_pdf() -> bytes:
    from conftest import minimal_pdf
    return minimal_pdf(None)


@pytest.fixture(scope="module")
def mixed(tmp_path_factory, forms):
    d = tmp_path_factory.mktemp("mixed")
    folder = d / "in"
    folder.mkdir()
    shutil.copy(forms["xlsx"], folder / "自评表.xlsx")
    shutil.copy(forms["xls"], folder / "自评表.xls")
    if SOFFICE:
        doc = lo_convert(forms["docx"], "doc", folder)
        shutil.copy(doc, folder / "自评表.wps")
    else:
        (folder / "form.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
                                          + "WordDocument".encode("utf-16-le") + bytes(2000))
        (folder / "自评表.wps").write_bytes((folder / "form.doc").read_bytes())
    (folder / "扫描件.pdf").write_bytes(_scanned_pdf())
    (folder / "乱码.txt").write_bytes(_png())
    (folder / "照片.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(300))
    (folder / "材料.zip").write_bytes(_zip())
    (folder / "~$自评表.docx").write_bytes(b"lock")
    (folder / "Thumbs.db").write_bytes(b"\x00" * 10)
    (folder / ".DS_Store").write_bytes(b"\x00" * 10)
    return folder


EXPECTED_ERRORS = {"扫描件.pdf": "OCR", "乱码.txt": "PNG", "照片.jpg": "OCR", "材料.zip": "extract it"}


def _check_mixed(folder: Path, docs: dict[str, dict]) -> None:
    assert set(docs) == {"自评表.xlsx", "自评表.xls", "form.doc", "自评表.wps", "扫描件.pdf", "乱码.txt",
                         "照片.jpg", "材料.zip"}
    for name, needle in EXPECTED_ERRORS.items():
        err = docs[name]["error"]
        assert err and needle in err and "\n" not in err, (name, err)
    for name in ("自评表.xlsx", "自评表.xls"):
        assert docs[name]["error"] is None, docs[name]["error"]
    for name in ("form.doc", "自评表.wps"):
        if SOFFICE:
            assert docs[name]["error"] is None, docs[name]["error"]
        else:
            assert "LibreOffice" in docs[name]["error"]


def test_mixed_folder_through_the_engine(mixed):
    from auditor.engine import Options, run
    res = run([str(mixed)], Options(timeout=None))
    docs = {Path(d.path).name: {"error": d.error} for d in res.documents}
    _check_mixed(mixed, docs)
    assert sorted(Path(p).name for p, _ in res.skipped) == [".DS_Store", "Thumbs.db", "~$自评表.docx"]
    assert res.skipped_summary() == "skipped 3: 1 hidden, 1 office lock file, 1 system file"
    assert res.timings["skipped"] == 3


def test_mixed_folder_through_the_cli_json(mixed, tmp_path):
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run([sys.executable, "-m", "auditor", "check", str(mixed), "--format", "json",
                           "--out", str(out), "--no-progress"], capture_output=True, text=True,
                          cwd=tmp_path, env=env, timeout=600)
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    data = json.loads((out / "auditor-report.json").read_text(encoding="utf-8"))
    docs = {Path(d["path"]).name: d for d in data["documents"]}
    _check_mixed(mixed, docs)


# --------------------------------------------------------------------------- regenerate

if __name__ == "__main__":     # python tests/test_formats.py: rewrite the committed fixtures
    import tempfile
    FIXTURES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        lo_convert(build_docx(tmp / "form.docx"), "pdf", FIXTURES)
        lo_convert(build_xlsx(tmp / "form.xlsx"), "xls", FIXTURES)
    print(sorted(os.listdir(FIXTURES)))


# The same form with three errors: 年度资金总额's 全年预算数 is not the sum of its parts
# (1050 + 200 + 0 = 1250, printed 1260), a score above its 分值, and a 总分 that is not the
# sum of the scores.
WRONG = [row[:] for row in FORM]
WRONG[5][3] = "1260"
WRONG[5][6] = "94.25%"      # 1187.5 / 1260, so the rate itself still holds
WRONG[5][7] = "9.4"
WRONG[16][6] = "16"         # 分值 15
WRONG[18][6] = "98.5"       # 9.4 + 20 + 14 + 15 + 15 + 16 + 10 = 99.4


@pytest.mark.skipif(not SOFFICE, reason="LibreOffice makes the PDF")
def test_a_form_with_errors_gets_the_same_findings_as_docx_xlsx_and_pdf(tmp_path):
    from auditor.engine import Options, run
    paths = {"docx": build_docx(tmp_path / "w.docx", WRONG), "xlsx": build_xlsx(tmp_path / "w.xlsx", WRONG)}
    paths["pdf"] = lo_convert(paths["docx"], "pdf", tmp_path)
    found = {}
    for fmt, path in paths.items():
        res = run([str(path)], Options(min_confidence="likely"))
        doc = res.documents[0]
        assert doc.error is None, doc.error
        found[fmt] = sorted((f.rule, f.excerpt) for f in doc.findings)
        assert all(f.location for f in doc.findings), (fmt, [f.rule for f in doc.findings if not f.location])
    assert found["docx"] == found["xlsx"] == found["pdf"], found
    excerpts = {e for _, e in found["docx"]}
    assert {"1260", "16", "98.5"} <= excerpts, found["docx"]


# ------------------------------------------------------- TAB text printed to PDF (no rules)

def _txt_to_pdf(src: Path, outdir: Path) -> Path:
    """The .txt opened in Writer as text and exported to PDF, as someone printing it would:
    TABs become horizontal gaps on the default tab stops, long rows wrap."""
    with __import__("tempfile").TemporaryDirectory() as prof:
        subprocess.run([SOFFICE, f"-env:UserInstallation={Path(prof).as_uri()}", "--headless",
                        "--norestore", "--infilter=Text (encoded):UTF8,LF,,,",
                        "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(outdir), str(src)],
                       check=True, capture_output=True, timeout=180)
    return outdir / (src.stem + ".pdf")


@needs_soffice
def test_tab_text_printed_to_pdf_reads_as_rows_and_the_form_check_fires(tmp_path):
    """A TAB-separated form in a .txt, printed to PDF: no ruling lines, the TABs are only
    gaps ending on the tab stops.  The reader rebuilds the rows on the stop grid (one TAB
    per stop crossed, so empty cells keep their places) and the form's total check finds
    what it finds in the .txt, located on its page."""
    from auditor.engine import Options, run
    src = HERE / "fixtures" / "project_form_score_error.txt"
    txt_rows = [l for l in src.read_text(encoding="utf-8").split("\n") if "\t" in l]
    pdf = _txt_to_pdf(src, tmp_path)
    res = load(pdf)
    assert res.error is None, res.error
    rows = [l for l in res.text.split("\n") if "\t" in l]
    # every row of the .txt is a row of the PDF with the same text in order; the rows
    # holding numbers have the same cells (a header cell that ended a space before its
    # tab stop may join the next one: that gap is a plain space)
    cells = lambda l: [c for c in l.split("\t") if c]
    assert [" ".join(cells(l)) for l in rows] == [" ".join(cells(l)) for l in txt_rows]
    numeric = [i for i, l in enumerate(txt_rows) if re.search(r"\d", l)]
    assert len(numeric) >= 8
    assert [cells(rows[i]) for i in numeric] == [cells(txt_rows[i]) for i in numeric]
    # and the funds row keeps its columns, its empty first cell included
    fund = next(i for i, l in enumerate(txt_rows) if "年度资金总额" in l)
    assert rows[fund].rstrip("\t").split("\t") == txt_rows[fund].rstrip("\t").split("\t")
    found = {}
    for path in (src, pdf):
        doc = run([str(path)], Options(min_confidence="likely")).documents[0]
        found[path.suffix] = sorted((f.rule, f.excerpt) for f in doc.findings if f.rule.startswith("score"))
        if path.suffix == ".pdf":
            assert all(f.location.startswith("第1页") for f in doc.findings)
    assert found[".pdf"] == found[".txt"] and found[".txt"], found


@needs_soffice
def test_prose_printed_to_pdf_gets_no_tabs(tmp_path):
    """Ordinary prose (numbers, Latin words, wide justified spaces) printed to PDF: no
    tab grid is found and no line becomes a table row."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    d = docx.Document()
    for i in range(60):
        p = d.add_paragraph(f"第{i}项工作中，资金 {i * 7}.5 万元用于 DRG 付费改革与 IT system upgrade "
                            f"and maintenance，完成率 {90 + i % 10}%，较上年提高 {i % 5} 个百分点。")
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    src = tmp_path / "prose.docx"
    d.save(src)
    res = load(lo_convert(src, "pdf", tmp_path))
    assert res.error is None and res.text.count("\t") == 0


@needs_soffice
def test_tab_form_printed_to_pdf_keeps_wrapped_cells_in_their_rows(tmp_path):
    """Cells that the page width wraps, printed from a TAB .txt: the funds header's last
    cell (得分 (20分*执行率)) pushed onto the next line at the first tab stop, and a row
    whose last text cell breaks at the right edge (按时完成上 | 缴 10 100.00%) right after a
    row that was itself joined to the one before.  Each goes back into its own row: the
    form reads its funds block (so its 总分 check is the .txt's), the wrapped row keeps its
    score (no 小计 mismatch), and no row swallows the next one."""
    from auditor.engine import Options, run
    src = HERE / "fixtures" / "tab_form_wrapped_cells.txt"
    pdf = _txt_to_pdf(src, tmp_path)
    res = load(pdf)
    assert res.error is None, res.error
    rows = [l for l in res.text.split("\n") if "\t" in l]
    cells = lambda l: [c for c in l.split("\t") if c]
    header = next(l for l in rows if "预算数" in l)
    assert cells(header)[-1].replace(" ", "") == "得分(20分*执行率)"
    c3 = next(l for l in rows if "C31" in l)
    assert cells(c3)[-3:] == ["按时完成上缴", "10", "100.00%"], c3
    assert not any("C22" in l and "C31" in l for l in rows)
    found = {}
    for path in (src, pdf):
        doc = run([str(path)], Options(min_confidence="likely")).documents[0]
        found[path.suffix] = sorted((f.rule, f.excerpt) for f in doc.findings if f.rule.startswith("score"))
    assert found[".pdf"] == found[".txt"] == [("score.form_total", "100")], found
