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


# A PDF form flattened with its merged cells printed among the next rows' labels: the
# funds row prints 年初预算数, 全年预算数 and 得分; 全年执行数, 分值 and 执行率 come later.
STRAY = ("财政项目支出绩效自评表 (2022 年度) 项目名称 对口支援经费 主管部门 区体育局 "
         "年初预算数 全年预算数 全年执行数 分值 执行率 得分 20000.00 20000.00 {score} 其中:当年财政拨款 0 0 — "
         "上年结转资金 0 0 — 其他资金 0 0 — 年度资金总额 项目资金 (元) 区体育事业管理中心 实施单位 {executed} "
         "预期目标 年度 总体 目标 {between}10 {rate} 实际完成情况 已完成援滇人员相关经费支付。 一级指标 二级指标\n")


def _stray(score="4.52", executed="9,034", rate="45.17%", between=""):
    doc = build_document("form.txt", STRAY.format(score=score, executed=executed, rate=rate, between=between))
    row = next(r for r in doc.forms[0].funds if r.cells)
    return doc, row


@pytest.mark.parametrize("executed", ["9,034", "9034", "9034.00"])
def test_merged_cells_printed_after_the_block_complete_its_row(executed):
    doc, row = _stray(executed=executed)
    assert {k: c.text for k, c in row.cells.items()} == {
        "initial": "20000.00", "budget": "20000.00", "executed": executed, "weight": "10",
        "rate": "45.17%", "score": "4.52"}
    assert form_findings(doc.text) == [] or all(f.rule == "arithmetic.form_sum" for f in form_findings(doc.text))


@pytest.mark.parametrize("rate", ["40.17%", "48.17%", "37.17%"])
def test_a_stray_rate_the_amounts_do_not_give_is_found_as_likely(rate):
    doc, _ = _stray(rate=rate)
    found = [f for f in form_findings(doc.text) if f.rule == "arithmetic.form_rate"]
    assert [(f.excerpt, f.confidence) for f in found] == [(rate, "likely")]


@pytest.mark.parametrize("between", ["12 ", "≥90% ", "5万元 "])
def test_stray_values_that_do_not_fill_the_row_exactly_are_not_taken(between):
    # one value too many (or a target, or an amount with its unit): the row stays as printed
    doc, row = _stray(between=between, rate="40.17%")
    assert "rate" not in row.cells
    assert not [f for f in form_findings(doc.text) if f.rule == "arithmetic.form_rate"]
