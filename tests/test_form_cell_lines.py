"""A funds block printed one cell per line, with no separator at all (the text of a PDF
table): its rows are read like a flattened form, header words split over two lines are
joined, and the values of the block before are never taken for this one's."""
import pytest

from auditor.checks import RULES, load_all
from auditor.model import build_document

load_all()

HEADER = ["部门整体支出绩效自评表", "（2021年度）", "预算单位名称", "某某区林业局", "年度预", "算申请",
          "(万元)", "年初", "预算数", "全年预算数", "全年", "执行数", "分值", "执行率", "得分"]


def _text(row, unit="万元", blank=True, tail=("按收入性质分:", "其中:一般公共预算:1873.66万元", "年度总体目标")):
    label, *values = row
    cells = HEADER + [label] + [v + unit if k < 3 else v for k, v in enumerate(values)] + list(tail)
    return ("\n\n" if blank else "\n").join(cells) + "\n"


def form_findings(text):
    doc = build_document("form.txt", text)
    return [f for code, r in RULES.items() if code.startswith("arithmetic.form")
            for f in r.func(doc) if f.confidence in ("certain", "likely")]


@pytest.mark.parametrize("unit", ["万元", "", "元"])
@pytest.mark.parametrize("blank", [True, False])
def test_a_rate_the_amounts_do_not_give_is_found(unit, blank):
    text = _text(["年度资金总额", "4753.66", "4753.66", "3824.26", "10", "100%", "10"], unit, blank)
    found = form_findings(text)
    assert [f.rule for f in found] == ["arithmetic.form_rate"]
    assert found[0].excerpt == "100%" and "80.45" in found[0].message


@pytest.mark.parametrize("unit", ["万元", ""])
@pytest.mark.parametrize("rate", ["80.45%", "80.44%", "80.4%"])
def test_a_rate_the_amounts_give_draws_nothing(unit, rate):
    text = _text(["年度资金总额", "4753.66", "4753.66", "3824.26", "10", rate, "8.05"], unit)
    assert form_findings(text) == []


def test_values_of_the_block_before_are_not_taken_for_this_one():
    before = "\n".join(["服务对象满意度", "≥90%", "100%", "10", "10", "总分", "100", "99"]) + "\n"
    text = before + _text(["年度资金总额", "30", "30", "10", "100%", "99"], "")
    assert form_findings(text) == []
