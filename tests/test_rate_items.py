"""Rates inside enumerated lists (①…；②…；(1)…；5…): each rate takes its operands from its
own item, an amount that *should* be placed (应到位 X) is a base and never a numerator, and
an item that states no actual amount (实际未到位，到位率0%) has no rate to check."""
import pytest

from auditor.checks import RULES, load_all
from auditor.model import build_document

load_all()


def rate_findings(text):
    doc = build_document("items.txt", text)
    return [f for code, r in RULES.items() if code.startswith("arithmetic.")
            for f in r.func(doc) if f.confidence in ("certain", "likely")]


MARKS = [("①", "②", "③"), ("(1)", "(2)", "(3)"), ("（1）", "（2）", "（3）"), ("1、", "2、", "3、"), ("1.", "2.", "3."), ("1．", "2．", "3．"), ("1", "2", "3")]
UNITS = ["万元", "元", "亿元", "萬元"]


def _list(marks, unit, semi="；", comma="，", third="实际未到位，到位率0%"):
    a, b, c = marks
    return (f"上级安排林业资金1000{unit}{comma}到位率50%。分项目如下：{a}森林防火补助应到位80{unit}{comma}"
            f"实际到位20{unit}{comma}到位率25%{semi}{b}草原修复补助应到位300{unit}{comma}实际到位75.5{unit}{comma}"
            f"到位率25.17%{semi}{c}退耕还林补助应到位620{unit}（第三批资金620万）{comma}{third}。\n")


@pytest.mark.parametrize("marks", MARKS)
@pytest.mark.parametrize("unit", UNITS)
@pytest.mark.parametrize("semi,comma", [("；", "，"), (";", ",")])
def test_an_item_with_nothing_placed_takes_no_operand_from_the_item_before(marks, unit, semi, comma):
    assert rate_findings(_list(marks, unit, semi, comma)) == []


@pytest.mark.parametrize("marks", MARKS)
@pytest.mark.parametrize("third", ["实际未支付，到位率0%", "资金尚未到位，到位率为0%", "实际到位0万元，到位率0%"])
def test_zero_rate_of_an_item_with_no_or_zero_numerator_is_consistent(marks, third):
    assert rate_findings(_list(marks, "万元", third=third)) == []


@pytest.mark.parametrize("marks", MARKS)
def test_each_items_own_rate_is_still_checked(marks):
    # the second item's 75.5 / 300 = 25.17 %, printed 35.17 %
    text = _list(marks, "万元").replace("到位率25.17%", "到位率35.17%")
    found = rate_findings(text)
    assert [f.excerpt for f in found] == ["35.17%"]
    assert "75.5" in found[0].message and "300" in found[0].message


def test_an_item_whose_actual_follows_its_plan_in_the_item_before_still_reads():
    # no rate between the plan's item and the rate's: the plan is this rate's base
    text = "（1）预算安排情况：全年预算资金200万元；（2）资金执行情况：实际支出150万元，执行率90%。\n"
    found = rate_findings(text)
    assert [f.excerpt for f in found] == ["90%"]


def test_should_be_placed_is_never_the_numerator():
    text = "补助资金应到位500万元，截至年底尚未到位，到位率0%。\n"
    assert rate_findings(text) == []
