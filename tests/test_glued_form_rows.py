"""Funds rows whose cells OCR glued together (310.2154.741050%5 = 310.2 | 154.74 | 10 |
50% | 5): the row is checked when some split into 预算数, 执行数, 分值 and 执行率 is well
formed and none gives 执行数 ÷ 预算数 = 执行率."""
import pytest

from auditor.checks import RULES, load_all
from auditor.model import build_document

load_all()

HEADS = ["资金情况(万元)全年预算数(A)全年执行数(B)分值执行率(B/A)得分年度资金总额:",
         "项目资金(万元) 年初预算数(A)全年执行数(B)分值(10分)执行率(B/A)得分得分计算方法年度资金总额:"]


def form_rate(text):
    doc = build_document("glued.txt", text)
    return [f for f in RULES["arithmetic.form_rate"].func(doc) if f.confidence in ("certain", "likely")]


def _text(head, row):
    return f"绩效目标自评表(2022年度)项目名称某某项目主管部门某某局{head}{row}其中:本年财政拨款2020其他资金年度总体目标\n"


@pytest.mark.parametrize("head", HEADS)
@pytest.mark.parametrize("row", ["202010100.00%10", "310.2154.741050%5", "310.2154.741049%4.9"])
def test_a_row_with_a_consistent_reading_draws_nothing(head, row):
    # 20|20|10|100.00; 310.2|154.74|10|50 (49.88 rounded) or 49 (truncated)
    assert form_rate(_text(head, row)) == []


@pytest.mark.parametrize("head", HEADS)
@pytest.mark.parametrize("row", ["202010107.00%10", "310.2154.741060%6", "310.2154.741040%4"])
def test_a_row_no_reading_of_which_holds_is_found(head, row):
    found = form_rate(_text(head, row))
    assert len(found) == 1 and found[0].excerpt == row[:row.index("%") + 1]


def test_a_rate_capped_at_100_percent_holds():
    assert form_rate(_text(HEADS[0], "100120.510100%10")) == []


@pytest.mark.parametrize("row", ["202010090.00%10", "202010096.00%10"])
def test_a_run_with_no_well_formed_reading_is_not_read(row):
    # 分值 would be 0 or 00, or the 得分 above its 分值: not a funds row we can read
    assert form_rate(_text(HEADS[0], row)) == []


def test_without_the_header_order_nothing_is_read():
    text = "全年执行数(B)全年预算数(A)执行率得分分值年度资金总额:202010107.00%10其中\n"
    assert form_rate(text) == []
