"""Tables and forms found in the real excerpts of ../shared/real (other provinces and
templates: web pages, pipe tables with and without outer pipes, xlsx/pdf text flattened to
one line).  Each excerpt's tables (rows × widest row) and national forms (funds rows ×
indicator rows) are listed, so a change to the front end that loses or fuses a table shows
here.  Skipped when the shared folder is not beside the checkout."""
from pathlib import Path

import pytest

from auditor.model import build_document

REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "real"

# excerpt prefix -> (tables as (rows, widest row), forms as (funds rows, indicator rows))
EXPECTED = {
    "h03": ([], [(4, 9)]),          # flattened xlsx: funds block and nine indicators
    "h04": ([(26, 8)], [(5, 0)]),   # pipe rows without the leading pipe (transfer form)
    "h05": ([], [(4, 6)]),          # a sheet read cell by cell: funds rows and score pairs
    "h06": ([(19, 11)], [(0, 0)]),
    "h07": ([(24, 8)], [(4, 0)]),
    "h08": ([(1, 4)], []),
    "h11": ([(12, 4)], []),          # [ 索引号 ] | … metadata rows
    "h13": ([(3, 4)], []),
    "h15": ([], [(8, 0)]),          # flattened transfer form: total first, labels after
    "h18": ([(26, 7)], [(1, 5)]),
    "h19": ([(21, 10)], [(1, 14)]),
}


def _real(prefix):
    return next(REAL.glob(prefix + "_*.txt"))


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real not present")
@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_tables_and_forms_of_each_real_excerpt(prefix):
    path = _real(prefix)
    doc = build_document(str(path), path.read_text(encoding="utf-8"))
    tables = [(len(t.rows), max((len(r) for r in t.rows), default=0)) for t in doc.tables]
    forms = [(len(f.funds), len(f.indicators)) for f in doc.forms]
    assert (tables, forms) == EXPECTED[prefix]


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real not present")
def test_excerpts_without_tables_have_none():
    for path in sorted(REAL.glob("h*.txt")):
        if path.name[:3] in EXPECTED:
            continue
        doc = build_document(str(path), path.read_text(encoding="utf-8"))
        assert doc.tables == [] or all(len(t.rows) == 1 for t in doc.tables), path.name


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real not present")
def test_cells_of_flattened_lines_are_not_fused():
    # two cells 是 and 是 printed one space apart stay two words in the model
    for path in sorted(REAL.glob("h*.txt")):
        original = path.read_text(encoding="utf-8")
        doc = build_document(str(path), original)
        for i in range(len(original) - 2):
            if original[i] == original[i + 2] and original[i + 1] == " " and "\u4e00" <= original[i] <= "\u9fff":
                j = doc.norm.from_original(i)
                assert doc.text[j:j + 3] == original[i:i + 3], (path.name, original[i - 5:i + 8])


def test_pipe_rows_without_outer_pipes_and_space_columns(make_doc):
    doc = make_doc("资金投入情况(万元) | 全年预算数(A) | 全年执行数(B) | 执行率 | ||||\n"
                   "年度资金总额: | 808.1 | 692.98 | 86% | ||||\n"
                   "其中:中央财政资金 | 808.1 | 692.98 | 86% | ||||\n")
    def filled(row):   # trailing empty cells (`||||`) are kept as layout; compare the rest
        texts = [c.text for c in row]
        while texts and not texts[-1]:
            texts.pop()
        return texts
    assert [filled(r) for r in doc.tables[0].rows] == [
        ["资金投入情况(万元)", "全年预算数(A)", "全年执行数(B)", "执行率"],
        ["年度资金总额:", "808.1", "692.98", "86%"],
        ["其中:中央财政资金", "808.1", "692.98", "86%"]]
    t = doc.tables[0]
    assert t.header_rows == 1 and t.column_header(2) == "全年执行数(B)" and t.row_label(2) == "其中:中央财政资金"
    doc = make_doc("项目      预算数      执行数\n人员经费    120.5    118.2\n公用经费    30    29.6\n")
    assert [[c.text for c in r] for r in doc.tables[0].rows][1] == ["人员经费", "120.5", "118.2"]


def test_two_column_pipe_rows_are_a_table_a_lone_bar_is_prose(make_doc):
    doc = make_doc("说明文字。\n指标 | 完成值\n受益人数 | 3200人\n资金到位率 | 100%\n结语。\n")
    assert [[c.text for c in r] for r in doc.tables[0].rows] == [
        ["指标", "完成值"], ["受益人数", "3200人"], ["资金到位率", "100%"]]
    assert doc.tables[0].row_label(1) == "受益人数"
    doc = make_doc("一、基本情况\n本项目面向城乡 | 农村两类对象实施。\n二、绩效目标\n")
    assert doc.tables == []


def test_one_cell_per_line_web_table(make_doc):
    lines = ["序号", "项目名称", "发行金额(亿元)", "评价得分", "1", "花前工业园区四期", "0.7", "92",
             "2", "蓝天科创产业园", "0.1", "83", "合计", "", "0.8", "175"]
    doc = make_doc("\n\n".join(lines) + "\n")
    rows = [[c.text for c in r] for r in doc.tables[0].rows]
    assert rows[0] == ["序号", "项目名称", "发行金额(亿元)", "评价得分"]
    assert rows[1] == ["1", "花前工业园区四期", "0.7", "92"]
    assert rows[-1][0] == "合计"
