"""A table column whose header names its ratio (权重 | 得分 | 得分率; 预算数 | 执行数 | 执行率):
each row's rate is checked against its own two cells (arithmetic.rate)."""
import pytest

from auditor.checks import selected_rules
from auditor.model import build_document


def _rates(text):
    doc = build_document("t.txt", text)
    out = []
    for rule in selected_rules(["arithmetic.rate"]):
        if rule.scope == "document":
            out += [f.excerpt for f in rule.func(doc) if f.confidence in ("certain", "likely")]
    return out


SCORE_HEAD = ["一级指标", "二级指标", "三级指标", "权重", "目标值", "业绩值", "得分", "得分率"]
SCORE_ROWS = [
    ["D 效益指标", "D1 社会效益", "D11 减轻参保人员负担", "10", "有效减轻", "问卷370份反映有帮助", "8.47", "84.70%"],
    ["", "D2 可持续性", "D21 稳定运行", "10", "稳定运行", "能稳定运行", "10", "100.00%"],
    ["", "D3 满意度", "D31 参保人员满意度", "5", "≥90%", "82.5%", "3.5", "70.00%"],
]
FUNDS_HEAD = ["项目名称", "预算数(万元)", "执行数(万元)", "执行率(%)"]
FUNDS_ROWS = [["农田道路", "197", "186.98", "94.91%"], ["交易市场", "108", "101.59", "94.06%"]]


def tabs(head, rows):
    return "表7 指标评分情况表\n" + "\n".join("\t".join(r) for r in [head] + rows) + "\n"


def pipes(head, rows):
    return "表7 指标评分情况表\n" + "\n".join("| " + " | ".join(r) + " |" for r in [head] + rows) + "\n"


@pytest.mark.parametrize("layout", [tabs, pipes])
@pytest.mark.parametrize("head, rows, row, col, value", [
    (SCORE_HEAD, SCORE_ROWS, 0, 7, "76.70%"),
    (SCORE_HEAD, SCORE_ROWS, 2, 7, "66.00%"),
    (SCORE_HEAD, SCORE_ROWS, 0, 6, "9.47"),        # the score moved: its rate no longer holds
    (FUNDS_HEAD, FUNDS_ROWS, 1, 3, "97.06%"),
])
def test_a_named_rate_column_is_checked_row_by_row(layout, head, rows, row, col, value):
    assert _rates(layout(head, rows)) == []
    rows = [r[:] for r in rows]
    rows[row][col] = value
    assert _rates(layout(head, rows)) == [rows[row][-1]]


@pytest.mark.parametrize("layout", [tabs, pipes])
def test_look_alikes_of_a_named_rate_column(layout):
    rows = [r[:] for r in SCORE_ROWS]
    # a row that lost its first cell: its numbers sit one column left, no percentage under 得分率
    rows[1] = rows[1][1:]
    rows[1][-1] = "90.00%"
    # no 得分 column named: 完成值 ÷ 权重 is no rate
    head = SCORE_HEAD[:6] + ["完成值", "得分率"]
    other = [r[:] for r in SCORE_ROWS]
    other[0][7] = "50.00%"
    # a percentage cell in the 权重 column
    pct_weight = [r[:] for r in SCORE_ROWS]
    pct_weight[0][3], pct_weight[0][7] = "10%", "50.00%"
    assert _rates(layout(SCORE_HEAD, rows)) == []
    assert _rates(layout(head, other)) == []
    assert _rates(layout(SCORE_HEAD, pct_weight)) == []
