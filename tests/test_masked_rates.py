"""Rates over masked amounts (预算数 78.*元，执行数 78.*元，完成预算的 100%): masked decimals
bound the amount (78.* is in [78, 79)), so a rate outside the bounds is found; a mask in
the integer part (7*元, *元) bounds nothing and draws nothing."""
import pytest

from auditor.checks import RULES, load_all
from auditor.model import build_document

load_all()


def rate_findings(text):
    doc = build_document("masked.txt", text)
    return [f for code, r in RULES.items() if code.startswith("arithmetic.")
            for f in r.func(doc) if f.confidence in ("certain", "likely")]


def _stmt(a, b, rate, unit="元", comma="，", label="完成预算的", head="项目全年预算数", verb="执行数"):
    return f"项目三：边境地区一线边民补助{comma}{head}{a}{unit}{comma}{verb}{b}{unit}{comma}{label}{rate}%。受益人群261人。\n"


UNITS = ["元", "万元", "亿元"]
LABELS = ["完成预算的", "预算执行率为", "执行率"]


@pytest.mark.parametrize("unit", UNITS)
@pytest.mark.parametrize("comma", ["，", ","])
@pytest.mark.parametrize("label", LABELS)
@pytest.mark.parametrize("a,b,rate", [("78.*", "78.*", "100"), ("78.*", "78.*", "99"), ("1,25*.*", "1,25*.*", "100"),
                                      ("78.5*", "70.6*", "90"), ("78.*", "75.*", "96"), ("120.*", "96", "80")])
def test_a_rate_inside_the_masked_bounds_draws_nothing(unit, comma, label, a, b, rate):
    assert rate_findings(_stmt(a, b, rate, unit, comma, label)) == []


@pytest.mark.parametrize("unit", UNITS)
@pytest.mark.parametrize("comma", ["，", ","])
@pytest.mark.parametrize("label", LABELS)
@pytest.mark.parametrize("a,b,rate", [("78.*", "75.*", "100"), ("78.*", "78.*", "95"), ("78.*", "78.*", "140"),
                                      ("120.*", "96.*", "90"), ("78.*", "78", "96")])
def test_a_rate_outside_the_masked_bounds_is_found(unit, comma, label, a, b, rate):
    found = rate_findings(_stmt(a, b, rate, unit, comma, label))
    assert [(f.rule, f.excerpt) for f in found] == [("arithmetic.rate", f"{rate}%")]


@pytest.mark.parametrize("a,b", [("7*", "7*"), ("*", "78.*"), ("78.*", "*"), ("1*.5", "78.*")])
def test_a_masked_integer_digit_bounds_nothing(a, b):
    assert rate_findings(_stmt(a, b, "50")) == []


def test_amounts_of_another_shape_are_not_read():
    # the rate is not the executed amount's: a third clause comes between
    text = "项目全年预算数78.*元，执行数40.*元，结余38.*元，完成预算的100%。\n"
    assert rate_findings(text) == []
