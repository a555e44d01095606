"""score.form_rule on a form's funds rows: 得分 = 分值 × 执行率, where 执行率 is the one the
row's own 全年执行数 ÷ 全年预算数 gives (a printed rate those contradict is no rule to follow),
and two rows printing the same funds score the same."""
import pytest

from auditor.checks import RULES, load_all
from auditor.model import build_document

load_all()

PIPE = ("| 项目名称 | 公共文化服务体系经费 |\n"
        "| 项目资金(万元) | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |\n"
        "| 年度资金总额 | 200 | {a} | {b} | 10 | {r} | {s} |\n"
        "| 其中:当年财政拨款 | 200 | {a} | {b} | 10 | {r} | {s2} |\n"
        "| 上年结转资金 | | | | | | |\n"
        "| 其他资金 | | | | | | |\n")

# the same form exported one cell per line (each cell a line ending in its separator)
CELLS = ("项目资金(万元) |\n年初预算数 |\n全年预算数 |\n全年执行数 |\n分值 |\n执行率 |\n得分 |\n"
         "年度资金总额 |\n200 |\n{a} |\n{b} |\n10 |\n{r} |\n{s} |\n"
         "其中：当年财政拨款 |\n200 |\n{a} |\n{b} |\n10 |\n{r} |\n{s2} |\n"
         "上年结转资金 |\n— |\n— |\n— |\n— |\n— |\n— |\n其他资金 |\n— |\n— |\n— |\n— |\n— |\n— |\n")


def form_rule(layout, **kw):
    args = dict(a="200", b="179.43", r="89.7%", s="9", s2="")
    args.update(kw)
    doc = build_document("form.txt", layout.format(**args))
    return [f for f in RULES["score.form_rule"].func(doc)]


@pytest.mark.parametrize("layout", [PIPE, CELLS])
def test_consistent_rows_not_flagged(layout):
    assert form_rule(layout) == []
    assert form_rule(layout, s2="9") == []
    assert form_rule(layout, s="8", s2="8") == []           # truncated on both rows
    # 执行数 above 预算数: the form prints 100% and full marks
    assert form_rule(layout, b="205", r="100%", s="10") == []


@pytest.mark.parametrize("layout", [PIPE, CELLS])
def test_sub_row_with_the_same_funds_scores_otherwise(layout):
    found = form_rule(layout, s2="8")
    assert len(found) == 1 and found[0].excerpt == "8" and "同一资金两处得分不同" in found[0].message
    assert {r.excerpt for r in found[0].related} == {"9"}


def test_sub_row_with_other_funds_may_score_otherwise():
    # the 其中 row holds other amounts: its own 分值 × 执行率 judges it, not the total's score
    text = PIPE.format(a="200", b="179.43", r="89.7%", s="9", s2="8").replace(
        "| 其中:当年财政拨款 | 200 | 200 | 179.43 | 10 | 89.7% | 8 |", "| 其中:当年财政拨款 | 150 | 150 | 129.43 | 10 | 86.3% | 8 |")
    assert list(RULES["score.form_rule"].func(build_document("f.txt", text))) == []


@pytest.mark.parametrize("layout", [PIPE, CELLS])
def test_score_following_a_contradicted_rate(layout):
    # 179.43 ÷ 200 = 89.72%: the 100% printed is wrong, and so is the 10 taken from it
    found = form_rule(layout, r="100%", s="10")
    assert len(found) == 1 and found[0].excerpt == "10" and "89.72%" in found[0].message
    assert "100%" in {r.excerpt for r in found[0].related}
    # the score B/A gives is right whatever the printed rate
    assert form_rule(layout, r="100%", s="9") == []


def test_rate_printed_truncated_is_not_contradicted():
    # 179.48 ÷ 200 = 89.74%, printed 89.7% (rounded) or truncated: the score may follow either
    assert form_rule(PIPE, b="179.48", r="89.7%", s="9") == []
    assert form_rule(PIPE, b="179.98", r="89.9%", s="9") == []
