"""Ingestion of every supported format, built in the test, and clear errors for bad files."""
import io
import zipfile

import pytest

from auditor.ingest import load
from conftest import minimal_pdf as _minimal_pdf

TEXT = "项目名称：城镇职工基本医疗保险基金\n一、项目基本情况\n市市直机关工作人员零上访，满意度达到100%。\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le"])
def test_text_encodings_are_detected(tmp_path, encoding):
    p = tmp_path / f"r-{encoding}.txt"
    p.write_bytes(TEXT.encode(encoding))
    res = load(p)
    assert res.error is None, res.error
    assert res.text == TEXT


def test_crlf_is_kept(tmp_path):
    p = tmp_path / "crlf.txt"
    p.write_bytes(TEXT.replace("\n", "\r\n").encode("utf-8"))
    assert "\r\n" in load(p).text


def test_docx_paragraphs_and_tables_in_order(tmp_path):
    import docx
    d = docx.Document()
    d.add_paragraph("项目绩效自评报告")
    t = d.add_table(rows=2, cols=3)
    for i, row in enumerate([["账户分类", "分配来源", "金额"], ["统筹基金", "单位缴纳部分", "62,603,571.41"]]):
        for j, v in enumerate(row):
            t.cell(i, j).text = v
    d.add_paragraph("三、存在问题")
    p = tmp_path / "r.docx"
    d.save(p)
    res = load(p)
    assert res.error is None
    lines = [l for l in res.text.split("\n") if l]
    assert lines[0] == "项目绩效自评报告"
    assert lines[1] == "账户分类\t分配来源\t金额"
    assert lines[2] == "统筹基金\t单位缴纳部分\t62,603,571.41"
    assert lines[3] == "三、存在问题"




def test_pdf_with_text_layer(tmp_path):
    p = tmp_path / "r.pdf"
    p.write_bytes(_minimal_pdf("Budget 3810.44 and 3812.67"))
    res = load(p)
    assert res.error is None, res.error
    assert "3810.44" in res.text


def test_scanned_pdf_without_text_is_a_clear_error(tmp_path):
    p = tmp_path / "scan.pdf"
    p.write_bytes(_minimal_pdf(None))
    res = load(p)
    assert res.text is None and "没有文字层" in res.error and "no text layer" in res.error


def test_corrupt_pdf_and_truncated_docx(tmp_path):
    bad_pdf = tmp_path / "bad.pdf"
    bad_pdf.write_bytes(b"%PDF-1.4\n garbage")
    assert load(bad_pdf).error
    import docx
    d = docx.Document()
    d.add_paragraph("内容")
    full = tmp_path / "full.docx"
    d.save(full)
    cut = tmp_path / "cut.docx"
    cut.write_bytes(full.read_bytes()[:500])
    err = load(cut).error
    assert err and "docx" in err


def test_html_text_and_table_cells(tmp_path):
    p = tmp_path / "r.html"
    p.write_text("<html><head><meta charset='utf-8'><title>t</title><script>alert(1)</script></head>"
                 "<body><p>项目自评 100 分。</p><table><tr><td>预算数</td><td>110</td></tr></table></body></html>",
                 encoding="utf-8")
    res = load(p)
    assert res.error is None
    assert "项目自评 100 分。" in res.text and "预算数\t110" in res.text and "alert" not in res.text


@pytest.mark.parametrize("name,data,needle", [
    ("empty.txt", b"", "file is empty"),
    ("binary.txt", bytes(range(256)) * 40, "binary"),
    ("table.xls", b"whatever", "not a valid .xls"),
    ("photo.jpg", b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8, "unsupported file type .jpg"),
    ("bundle.rar", b"Rar!\x1a\x07\x00" + bytes(200), "extract it"),
])
def test_bad_inputs_get_one_line_bilingual_errors(tmp_path, name, data, needle):
    p = tmp_path / name
    p.write_bytes(data)
    res = load(p)
    assert res.text is None
    assert needle in res.error and "\n" not in res.error
    assert any("\u4e00" <= c <= "\u9fff" for c in res.error)


def test_zip_bomb_named_docx_is_refused(tmp_path):
    p = tmp_path / "bomb.docx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"0" * (300 * 1024 * 1024))
    p.write_bytes(buf.getvalue())
    err = load(p).error
    assert err and "zip bomb" in err
