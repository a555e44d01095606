"""score.form_rule on a form's funds rows: 得分 = 分值 × 执行率 (the printed rate or B/A),
and two rows printing the same funds score the same; forms.py reads a funds block pasted one
cell per line with no table around it."""
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
def test_score_following_a_contradicted_rate_is_the_rates_slip(layout):
    # 179.43 ÷ 200 = 89.72%: the 100% printed is arithmetic.form_rate's finding; the 10 taken
    # from it is the same slip, not a second finding (tests/test_forms.py keeps this too)
    assert form_rule(layout, r="100%", s="10") == []
    assert form_rule(layout, r="100%", s="9") == []
    # a score that follows neither the printed rate nor B/A is the score's own slip
    found = form_rule(layout, r="100%", s="7")
    assert len(found) == 1 and found[0].excerpt == "7"


def test_rate_printed_truncated_is_not_contradicted():
    # 179.48 ÷ 200 = 89.74%, printed 89.7% (rounded) or truncated: the score may follow either
    assert form_rule(PIPE, b="179.48", r="89.7%", s="9") == []
    assert form_rule(PIPE, b="179.98", r="89.9%", s="9") == []


# a web page's form pasted one cell per line with no separators (blank lines between cells)
LINES = ("项目支出绩效自评表\n\n项目名称\n\n公共文化服务体系经费\n\n项目资金\n\n年初预算数\n\n全年预算数\n\n全年执行数\n\n"
         "分值\n\n执行率\n\n得分\n\n(万元)\n\n年度资金总额\n\n200\n\n200\n\n179.43\n\n10\n\n89.7%\n\n{s}\n\n"
         "其中：当年财政拨款\n\n200\n\n200\n\n179.43\n\n10\n\n89.7%\n\n{s2}\n\n上年结转资金\n\n \n\n其他资金\n\n \n\n"
         "年度总体目标\n\n预期目标\n\n")


def test_paragraph_cells_funds_block():
    doc = build_document("lines.txt", LINES.format(s="9", s2="8"))
    found = list(RULES["score.form_rule"].func(doc))
    assert len(found) == 1 and found[0].excerpt == "8"
    assert list(RULES["score.form_rule"].func(build_document("l.txt", LINES.format(s="9", s2="9")))) == []


def test_paragraph_cells_read_only_when_clean():
    # two forms run together, the first one's funds cells lost: no reading (columns unknown)
    text = LINES.format(s="9", s2="8").replace("年度资金总额\n\n200\n\n200\n\n179.43\n\n", "年度资金总≥90%\n\n95%\n\n")
    doc = build_document("l.txt", text)
    assert list(RULES["score.form_rule"].func(doc)) == []
    assert list(RULES["arithmetic.form_sum"].func(doc)) == []


def test_sub_row_without_weight_scores_otherwise():
    # the 其中 row leaves its 分值 blank (—) but prints a 得分 that is not the total row's
    text = PIPE.format(a="200", b="179.43", r="89.7%", s="9", s2="8").replace(
        "| 其中:当年财政拨款 | 200 | 200 | 179.43 | 10 |", "| 其中:当年财政拨款 | 200 | 200 | 179.43 | — |")
    found = list(RULES["score.form_rule"].func(build_document("f.txt", text)))
    assert len(found) == 1 and found[0].excerpt == "8"
    # a 其中 row with another 分值 is not the same scoring
    text = text.replace("| 179.43 | — |", "| 179.43 | 8 |")
    assert [f for f in RULES["score.form_rule"].func(build_document("f.txt", text)) if "两处" in f.message] == []
