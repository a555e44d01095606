"""Numeric rules on short constructed texts, each with a case that must be
flagged and a close case that must not be.

The texts are written in the style of 绩效自评报告 but use other numbers and
labels than the bundled corpus, so a rule that only matches a seed's wording
fails here.  Rules are run by calling the registered function directly.
"""
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from auditor.checks import RULES, load_all
from auditor.model import build_document

load_all()


def run(rule: str, text: str):
    doc = build_document("inline.txt", text)
    return list(RULES[rule].func(doc))


def single(rule: str, text: str):
    found = run(rule, text)
    assert len(found) == 1, [(f.excerpt, f.message) for f in found]
    f = found[0]
    assert f.rule == rule
    return f


def test_numeric_rules_are_registered():
    for code in ("arithmetic.share", "arithmetic.percent_sum", "arithmetic.sum", "arithmetic.growth",
                 "arithmetic.parts",
                 "arithmetic.rate", "arithmetic.balance", "score.total", "score.rule", "score.proportional",
                 "value.conflict", "value.granularity", "value.formula_input", "value.indicator_slip",
                 "value.per_capita", "unit.mismatch"):
        assert code in RULES, code


# --- arithmetic.share ------------------------------------------------------------------------

SHARE_OK = ("2023年部门总支出 5620.40 万元，其中人员经费 2310.15 万元，占 41.10%；"
            "公用经费 3310.25 万元，占 58.90%。")


def test_share_flagged():
    text = SHARE_OK.replace("占 41.10%", "占 14.10%")
    f = single("arithmetic.share", text)
    assert f.confidence == "certain"
    assert f.excerpt == "14.10%"
    assert "41.1" in f.message            # 2310.15 / 5620.40 = 41.10%
    assert text[f.start:f.end] == f.excerpt
    roles = {r.role: r.excerpt for r in f.related}
    assert roles == {"part": "2310.15 万元", "whole": "5620.40 万元"}
    assert f.evidence["computed_percent"].startswith("41.10")


def test_share_consistent_not_flagged():
    assert run("arithmetic.share", SHARE_OK) == []


@pytest.mark.parametrize("share, flagged", [("90%", False), ("90.0%", False), ("90.5%", True), ("91%", True)])
def test_share_of_respondents_rounding(share, flagged):
    # 468 of 520 questionnaires is exactly 90%
    text = f"本次共发放调查问卷 520 份，其中表示满意的 468 份，占比 {share}。"
    found = run("arithmetic.share", text)
    assert bool(found) is flagged
    if flagged:
        assert found[0].excerpt == share
        assert "= 90%" in found[0].message


def test_share_rounding_boundary_one_third():
    base = "全年培训 300 人，其中线上培训 100 人，占比 {}。"
    assert run("arithmetic.share", base.format("33.3%")) == []
    assert run("arithmetic.share", base.format("33.33%")) == []
    f = single("arithmetic.share", base.format("33.4%"))
    assert "33.33" in f.message


@pytest.mark.parametrize("unit", ["人次", "项"])
def test_share_of_visits_and_items_is_exact(unit):
    f = single("arithmetic.share", f"全年完成 300 {unit}，其中线上完成 100 {unit}，占比 33.4%。")
    assert "33.33" in f.message


def test_share_excerpt_is_original_full_width_text():
    text = SHARE_OK.replace("占 41.10%", "占 １４．１０％")
    f = single("arithmetic.share", text)
    assert f.excerpt == "１４．１０％"
    assert text[f.start:f.end] == "１４．１０％"


# --- arithmetic.percent_sum ----------------------------------------------------------------------

def test_percent_sum_flagged_when_exhaustive_parts_do_not_make_100():
    text = ("2023年本年支出 2480.00 万元，其中基本支出 992.00 万元，占 40.00%；"
            "项目支出 1488.00 万元，占 50.00%。")
    f = single("arithmetic.percent_sum", text)
    assert f.confidence == "certain"
    assert f.excerpt == "50.00%"
    assert "= 90%" in f.message
    # the share itself is wrong too: 1488 / 2480 = 60%
    s = single("arithmetic.share", text)
    assert s.excerpt == "50.00%" and "60%" in s.message


def test_percent_sum_consistent_not_flagged():
    text = ("2023年本年支出 2480.00 万元，其中基本支出 992.00 万元，占 40.00%；"
            "项目支出 1488.00 万元，占 60.00%。")
    assert run("arithmetic.percent_sum", text) == []
    assert run("arithmetic.share", text) == []


def test_percent_sum_parts_that_do_not_exhaust_the_whole_not_flagged():
    # 992 + 620 < 2480: only some parts are listed, so 40% + 25% need not be 100%
    text = ("2023年本年支出 2480.00 万元，其中基本支出 992.00 万元，占 40.00%；"
            "商品和服务支出 620.00 万元，占 25.00%。")
    assert run("arithmetic.percent_sum", text) == []
    assert run("arithmetic.share", text) == []


def test_percent_sum_other_part_that_does_not_complete_the_whole():
    text = ("2023年本年支出 2480.00 万元，其中基本支出 992.00 万元，占 40%；"
            "其他支出 620.00 万元，占 25%。")
    # each share is right (992/2480 = 40%, 620/2480 = 25%)
    assert run("arithmetic.share", text) == []
    for f in run("arithmetic.percent_sum", text):
        assert "已构成整体" not in f.message


def test_percent_sum_consistent_only_thanks_to_coarser_precision_is_likely():
    # 0.90 / 1500 = 0.06%; printed 0.1% (1 decimal) makes 99.94% + 0.1% "contain" 100%
    text = ("2023年本年收入 1500.00 万元，其中财政拨款收入 1499.10 万元，占 99.94%；"
            "其他收入 0.90 万元，占 0.1%。")
    f = single("arithmetic.percent_sum", text)
    assert f.confidence == "likely"
    assert f.excerpt == "0.1%"
    assert "0.06%" in f.message
    assert f.evidence["finest_decimals"] == 2
    # no share finding: 0.06% is inside 0.1%'s printed interval
    assert run("arithmetic.share", text) == []


def test_percent_sum_same_precision_not_flagged():
    text = ("2023年本年收入 1500.00 万元，其中财政拨款收入 1499.10 万元，占 99.94%；"
            "其他收入 0.90 万元，占 0.06%。")
    assert run("arithmetic.percent_sum", text) == []


# --- arithmetic.sum -----------------------------------------------------------------------------

SUM_TABLE = ("表 3：项目支出明细表\n"
             "支出类别\t支出项目\t金额（元）\n"
             "人员支出\t基本工资\t1,250,000.00\n"
             "\t津贴补贴\t368,420.50\n"
             "\t小计\t{sub1}\n"
             "公用支出\t办公费\t82,310.20\n"
             "\t差旅费\t45,600.00\n"
             "\t小计\t127,910.20\n"
             "合计\t\t{total}\n")


def test_table_sum_consistent_not_flagged():
    assert run("arithmetic.sum", SUM_TABLE.format(sub1="1,618,420.50", total="1,746,330.70")) == []


def test_table_total_flagged():
    f = single("arithmetic.sum", SUM_TABLE.format(sub1="1,618,420.50", total="1,764,330.70"))
    assert f.confidence == "certain"
    assert f.excerpt == "1,764,330.70"
    assert "1746330.7" in f.message
    assert "差 18000" in f.message


def test_table_subtotal_flagged():
    f = single("arithmetic.sum", SUM_TABLE.format(sub1="1,681,420.50", total="1,809,330.70"))
    assert f.excerpt == "1,681,420.50"
    assert "1618420.5" in f.message


CHILD_TABLE = ("项目\t金额\n"
               "待遇支出\t5,200.50\n"
               "\t①住院费用\t3,100.25\n"
               "\t②门诊费用\t{outpatient}\n"
               "其他支出\t300.00\n"
               "合计\t\t5,500.50\n")


def test_parent_row_vs_numbered_children():
    assert run("arithmetic.sum", CHILD_TABLE.format(outpatient="2,100.25")) == []
    f = single("arithmetic.sum", CHILD_TABLE.format(outpatient="2,010.25"))
    assert f.excerpt == "5,200.50"
    assert "5110.5" in f.message and "待遇支出" in f.message


def test_total_column():
    ok = "单位\t一季度\t二季度\t合计\n甲乡镇\t120.5\t98.3\t218.8\n乙乡镇\t75.2\t80.1\t155.3\n"
    assert run("arithmetic.sum", ok) == []
    f = single("arithmetic.sum", ok.replace("155.3", "165.3"))
    assert f.excerpt == "165.3"
    assert "155.3" in f.message


def test_sum_rounding_consistent_not_flagged():
    # parts in 万元 rounded to 2 decimals may miss the rounded whole by one cent per part
    text = "项目\t金额（万元）\n甲\t10.01\n乙\t20.02\n丙\t30.03\n合计\t60.07\n"
    assert run("arithmetic.sum", text) == []
    assert single("arithmetic.sum", text.replace("60.07", "60.10")).excerpt == "60.10"


def test_sum_leaves_score_tables_to_score_total():
    text = "指标\t权重\t得分\n产出\t40\t38\n效益\t30\t25\n合计\t70\t68\n"
    assert run("arithmetic.sum", text) == []


# --- arithmetic.parts --------------------------------------------------------------------------

def test_listed_parts_exceeding_the_whole():
    text = "2023年本年支出 2480.00 万元，其中基本支出 992.00 万元、项目支出 1500.00 万元。"
    f = single("arithmetic.parts", text)
    assert f.excerpt == "2480.00 万元"
    assert "2492" in f.message


def test_listed_parts_that_name_only_some_not_flagged():
    text = "2023年本年支出 2480.00 万元，其中基本支出 992.00 万元、项目支出 1000.00 万元。"
    assert run("arithmetic.parts", text) == []


# --- arithmetic.growth ----------------------------------------------------------------------------

GROWTH = "2023年一般公共预算支出 4512.36 万元，比上年 4102.50 万元{word1} {d} 万元，{word2} {p}%。"


def test_growth_consistent_not_flagged():
    assert run("arithmetic.growth", GROWTH.format(word1="增加", d="409.86", word2="增长", p="9.99")) == []
    assert run("arithmetic.growth", GROWTH.format(word1="增加", d="409.86", word2="增长", p="10")) == []


def test_growth_rate_flagged():
    f = single("arithmetic.growth", GROWTH.format(word1="增加", d="409.86", word2="增长", p="10.99"))
    assert f.confidence == "certain"
    assert f.excerpt == "10.99%"
    assert "9.9905%" in f.message
    assert f.evidence["direction_flipped"] is False


def test_growth_difference_flagged():
    f = single("arithmetic.growth", GROWTH.format(word1="增加", d="490.86", word2="增长", p="9.99"))
    assert f.excerpt == "490.86 万元"
    assert "409.86" in f.message


def test_growth_direction_flipped():
    found = run("arithmetic.growth", GROWTH.format(word1="减少", d="409.86", word2="下降", p="9.99"))
    assert [f.excerpt for f in found] == ["409.86 万元", "9.99%"]
    assert all(f.evidence["direction_flipped"] for f in found)
    assert all("方向相反" in f.message for f in found)


def test_growth_decrease_in_counts():
    ok = "全年服务群众 8650 人次，较上年 9200 人次减少 550 人次，下降 5.98%。"
    assert run("arithmetic.growth", ok) == []
    f = single("arithmetic.growth", ok.replace("下降 5.98%", "下降 6.98%"))
    assert f.excerpt == "6.98%" and "-5.9783%" in f.message


def test_growth_without_a_stated_base_not_flagged():
    assert run("arithmetic.growth", "2023年项目支出 500 万元，比上年增长 25%。") == []


# --- arithmetic.rate ---------------------------------------------------------------------------------

def test_written_formula_rate():
    ok = "资金到位率=到位资金/预算资金=356.8/400=89.2%。"
    assert run("arithmetic.rate", ok) == []
    f = single("arithmetic.rate", ok.replace("89.2%", "98.2%"))
    assert f.confidence == "certain"
    assert f.excerpt == "98.2%"
    assert "89.2%" in f.message


def test_written_formula_result_before_expression():
    assert run("arithmetic.rate", "培训覆盖率 93.5%=1870/2000。") == []
    f = single("arithmetic.rate", "培训覆盖率 95.3%=1870/2000。")
    assert f.excerpt == "95.3%" and "93.5%" in f.message


RATE_TABLE = "项目\t预算数(A)\t执行数(B)\t执行率(B/A)\n专项资金\t{a}\t{b}\t{r}\n"


@pytest.mark.parametrize("a, b, r", [
    ("250.00", "231.40", "92.56%"),
    ("300", "299", "99.67%"),
    ("300", "299", "100%"),     # rounded
    ("300", "299", "99%"),      # truncated: reports use both conventions
])
def test_table_rate_consistent(a, b, r):
    assert run("arithmetic.rate", RATE_TABLE.format(a=a, b=b, r=r)) == []


def test_table_rate_flagged():
    # the table is read as a national form's funds block: whichever rate rule reads it
    text = RATE_TABLE.format(a="250.00", b="231.40", r="95.26%")
    found = run("arithmetic.rate", text) + run("arithmetic.form_rate", text)
    assert len(found) == 1, [(f.rule, f.message) for f in found]
    f = found[0]
    assert f.excerpt == "95.26%"
    assert "92.56%" in f.message
    assert len(f.related) == 2


def test_table_rate_needs_a_b_over_a_header():
    text = "项目\t预算数\t执行数\t比例\n专项资金\t250.00\t231.40\t95.26%\n"
    assert run("arithmetic.rate", text) == []


def test_prose_completion_rate():
    ok = "2023年预算收入 5,200,000.00 元，决算收入 4,980,600.00 元，预算完成率为 95.78%。"
    assert run("arithmetic.rate", ok) == []
    f = single("arithmetic.rate", ok.replace("95.78%", "97.58%"))
    assert f.excerpt == "97.58%"
    assert "95.7808%" in f.message


# --- arithmetic.balance -------------------------------------------------------------------------------

BALANCE = ("2023年年初结转结余 120.50 万元，本年财政拨款收入 2860.30 万元，"
           "本年财政拨款支出 2790.15 万元，年末结转结余 {c}。")


def test_balance_consistent_not_flagged():
    assert run("arithmetic.balance", BALANCE.format(c="190.65 万元")) == []
    assert run("arithmetic.balance", BALANCE.format(c="190.7 万元")) == []   # coarser, same value


def test_balance_flagged():
    f = single("arithmetic.balance", BALANCE.format(c="109.65 万元"))
    assert f.confidence == "likely"
    assert f.excerpt == "109.65 万元"
    assert "190.65" in f.message
    assert f.evidence["computed"] == "190.65"


def test_balance_mixed_units_not_judged():
    assert run("arithmetic.balance", BALANCE.format(c="190.65 元")) == []


# --- score.total ---------------------------------------------------------------------------------------

SCORE_TABLE = ("一级指标\t二级指标\t权重\t得分\n"
               "决策\t项目立项\t10\t9\n"
               "\t绩效目标\t10\t8.5\n"
               "过程\t资金管理\t20\t18\n"
               "产出\t产出数量\t30\t27.5\n"
               "效益\t社会效益\t{w}\t26\n"
               "总分\t\t100\t{total}\n")


def test_score_total_consistent_not_flagged():
    assert run("score.total", SCORE_TABLE.format(w="30", total="89")) == []


def test_score_total_flagged():
    f = single("score.total", SCORE_TABLE.format(w="30", total="98"))
    assert f.confidence == "certain"
    assert f.excerpt == "98"
    assert "= 89" in f.message
    assert "得分" in f.message


SCORE_TABLE_WIDE = ("一级指标\t二级指标\t三级指标\t权重\t目标值\t业绩值\t得分\t得分率\n"
                    "D 效益指标 (25 分)\tD1 社会效益\tD11 保障基本医疗水平\t10\t{d11}\t8.5\t85.00%\n"
                    "\tD2 可持续性\tD21 稳定运行\t10\t考察项目是否稳定运行\t运行稳定\t10\t100.00%\n"
                    "\tD3 满意度\tD31 参保人员满意度\t5\t满意度达到 90%\t满意度为 84.6%\t3\t60.00%\n"
                    "小计\t\t\t25\t\t\t21.5\t86.00%\n")


def test_a_row_that_lost_a_cell_boundary_is_not_summed_by_column():
    # as a PDF prints it when the 目标值 cell filled its column: 目标值 and 业绩值 run together,
    # so counted from the right the row's 权重 falls on its label; the sum cannot be read
    ok = SCORE_TABLE_WIDE.format(d11="反映是否保障基本医疗水平\t问卷显示有帮助")
    assert run("score.total", ok) == []
    merged = SCORE_TABLE_WIDE.format(d11="反映是否保障基本医疗水平 问卷显示有帮助")
    assert run("score.total", merged) == []
    # a row of full width without a score is still reported (likely)
    blank = ok.replace("\t8.5\t85.00%", "\t\t")
    assert any(f.confidence == "likely" for f in run("score.total", blank.replace("21.5", "31.5")))


def test_weight_total_flagged():
    f = single("score.total", SCORE_TABLE.format(w="35", total="89"))
    assert f.excerpt == "100"
    assert "= 105" in f.message and "权重" in f.message


def test_score_total_off_by_a_little_over_many_integer_items():
    # six integer scores: ±0.5 each would hide a total that is 2 off
    table = ("指标\t分值\t得分\n产出数量\t20\t18\n产出质量\t20\t17\n产出时效\t10\t9\n"
             "社会效益\t20\t16\n可持续影响\t10\t10\n满意度\t20\t18\n合计\t100\t{}\n")
    assert run("score.total", table.format("88")) == []
    f = single("score.total", table.format("90"))
    assert f.excerpt == "90" and "= 88" in f.message


def test_score_table_not_checked_by_arithmetic_sum():
    assert run("arithmetic.sum", SCORE_TABLE.format(w="30", total="98")) == []


_FORM_HEAD = "序号\t一级指标\t二级指标\t三级指标\t指标值\t评分标准\t分值\t得分\n"
_FORM_ROWS = ("1\t投入指标 (15分)\t资金管理\t资金使用合规性\t合规\t合规得8分\t8\t8\n"
              "\t\t制度建设\t制度健全性\t健全\t健全得7分\t7\t6\n"
              "3\t产出指标 (50分)\t数量\t培训人次\t≥300人次\t达到得20分\t20\t20\n"
              "4\t进度\t完成及时率\t按期完成得15分\t15\t12\t\n"      # one cell short: shifted left
              "5\t质量\t验收合格率\t合格得15分\t15\t15\t\n"
              "6\t效益指标 (35分)\t社会效益\t群众知晓率\t≥90%得20分\t20\t18\n"
              "7\t\t满意度\t服务对象满意度\t≥85%得15分\t15\t14\n")


def test_score_total_sums_a_form_the_form_reader_could_not_read():
    # rows printed one cell short (a merged 一级指标 cell dropped) defeat the form reader;
    # the table is then summed by its columns, each row aligned from the right
    text = "附件：评分表\n\n" + _FORM_HEAD + _FORM_ROWS + "合计\t\t\t\t\t\t100\t98\n"
    f = single("score.total", text)
    assert f.excerpt == "98" and "= 93" in f.message
    assert run("score.form_total", text) == []


def test_score_total_silent_on_an_unread_form_that_adds_up():
    text = "附件：评分表\n\n" + _FORM_HEAD + _FORM_ROWS + "合计\t\t\t\t\t\t100\t93\n"
    assert run("score.total", text) == []
    assert run("score.form_total", text) == []


# --- score.rule ------------------------------------------------------------------------------------------

RATE_SCORE = ("预算执行情况（万元）（10分）\t\t预算数(A)\t执行数(B)\t执行率(B/A)\t得分(10分*执行率)\n"
              "\t\t年度资金总额\t{a}\t{b}\t{r}\t{s}\n")


@pytest.mark.parametrize("a, b, r, s", [
    ("85", "80.75", "95%", "9.5"),
    ("120", "113.5", "94.58%", "9.46"),   # 10 × 0.94583 = 9.458 -> 9.46
    ("120", "113.5", "94.58%", "9.45"),   # truncated
    ("120", "113.5", "94.58%", "9"),      # whole points
])
def test_rate_times_weight_score_consistent(a, b, r, s):
    assert run("score.rule", RATE_SCORE.format(a=a, b=b, r=r, s=s)) == []


def test_rate_times_weight_score_flagged():
    f = single("score.rule", RATE_SCORE.format(a="85", b="80.75", r="95%", s="8.5"))
    assert f.confidence == "certain"
    assert f.excerpt == "8.5"
    assert "9.5" in f.message


DEDUCTION = "评分标准：执行率每低1个百分点扣0.5分{ceil}。\n资金执行率为 92.4%，比目标值低 7.6 个百分点，扣 {d} 分，得 {s} 分。"


def test_deduction_consistent_not_flagged():
    assert run("score.rule", DEDUCTION.format(ceil="", d="3.8", s="6.2")) == []
    # 不满1个百分点按1个百分点计算: 8 × 0.5 = 4
    assert run("score.rule", DEDUCTION.format(ceil="，不满1个百分点按1个百分点计算", d="4", s="6")) == []


def test_deduction_flagged():
    f = single("score.rule", DEDUCTION.format(ceil="", d="3.2", s="6.8"))
    assert f.confidence == "certain"
    assert f.excerpt.startswith("3.2")
    assert "7.6×0.5 = 3.8" in f.message


def test_deduction_without_a_stated_rule_not_judged():
    text = "资金执行率为 92.4%，比目标值低 7.6 个百分点，扣 3.2 分，得 6.8 分。"
    assert run("score.rule", text) == []


# --- score.proportional ---------------------------------------------------------------------------------

PROPORTIONAL = ("定量指标计分原则：正向指标得分=权重×B/A，反向指标得分=权重×A/B。\n"
                "年度绩效目标（70分）\t一级指标\t二级指标\t三级指标\t年初目标值(A)\t实际完成值(B)\t得分\n"
                "\t产出指标\t数量指标\t培训人次\t5000\t4200\t{s}\n"
                "\t效益指标\t社会效益\t受益户数\t1200\t1200\t20\n"
                "预算执行（20分）\t\t\t\t\t\t\n")


def test_proportional_consistent_not_flagged():
    # weight 20 × 4200/5000 = 16.8
    assert run("score.proportional", PROPORTIONAL.format(s="16.8")) == []
    # weight 10 × 0.84 = 8.4 also lies on the grid
    assert run("score.proportional", PROPORTIONAL.format(s="8.4")) == []


def test_proportional_flagged():
    f = single("score.proportional", PROPORTIONAL.format(s="18"))
    assert f.confidence == "likely"
    assert f.excerpt == "18"
    assert "84%" in f.message and "21.43" in f.message


def test_proportional_needs_the_stated_rule():
    text = PROPORTIONAL.format(s="18").split("\n", 1)[1]
    assert run("score.proportional", text) == []


def test_proportional_message_alternatives_differ():
    text = PROPORTIONAL.replace("（70分）", "（80分）").format(s="18")   # grid 20
    f = single("score.proportional", text)
    assert "权重 20 得 16.8，权重 20 得 16.8" not in f.message


# --- value.conflict --------------------------------------------------------------------------------------

def test_conflict_flagged():
    text = ("一、基本情况\n2023年度部门年初预算 1520.36 万元，调整预算 1688.20 万元。\n"
            "二、预算执行\n本年调整预算 1688.20 万元，实际支出 1602.55 万元。\n"
            "三、结论\n全年调整预算 1686.20 万元。")
    f = single("value.conflict", text)
    assert f.confidence == "certain"
    assert f.excerpt == "1686.20 万元"
    assert "1688.20" in f.message and "差 2" in f.message
    assert len(f.related) == 2


def test_conflict_tie_is_likely_on_the_later_statement():
    f = single("value.conflict", "部门决算支出 980.16 万元。\n部门决算支出 980.30 万元。")
    assert f.confidence == "likely"
    assert f.excerpt == "980.30 万元"
    assert "差 0.14" in f.message


def test_conflict_same_value_at_coarser_precision_not_flagged():
    assert run("value.conflict", "部门决算支出 980.16 万元。\n部门决算支出 980.2 万元。") == []


def test_conflict_same_value_in_other_unit_not_flagged():
    assert run("value.conflict", "部门决算支出 980.16 万元。\n部门决算支出 9,801,600.00 元。") == []


def test_conflict_initial_vs_adjusted_budget_not_flagged():
    text = ("年初预算 1520.36 万元，调整预算 1688.20 万元。\n"
            "年初预算 1520.36 万元，调整预算 1688.20 万元。")
    assert run("value.conflict", text) == []


def test_conflict_comparison_base_not_flagged():
    text = ("本年财政拨款收入 2210.45 万元。\n比上年财政拨款收入 2050.30 万元增加 160.15 万元。\n"
            "财政拨款收入 2210.45 万元。")
    assert run("value.conflict", text) == []


def test_conflict_previous_year_not_flagged():
    text = "本年财政拨款收入 2210.45 万元，上年财政拨款收入 2050.30 万元。\n财政拨款收入 2210.45 万元。"
    assert run("value.conflict", text) == []


# two documents allot two sums under one label: each sentence names its document
_BY_DOCUMENT = ("市财政局{a}文件《关于下达2023年水利发展资金预算的通知》，下达本县2023年资金{x}万元。"
                "{sep}市财政局{b}文件《关于下达2023年自治区水利资金的通知》，下达本县2023年资金{y}万元。")


@pytest.mark.parametrize("a,b,sep", [
    ("呼财农指【2023】19号", "呼财农指【2023】41号", ""),
    ("(川财教〔2021〕40号)", "(川财教〔2021〕132号)", "\n"),
    ("[2023]7号", "[2023]8号", "\n另，"),
])
def test_conflict_allotments_of_different_documents_not_flagged(a, b, sep):
    text = _BY_DOCUMENT.format(a=a, b=b, sep=sep, x="791", y="5") * 2
    assert run("value.conflict", text) == []


def test_conflict_same_document_cited_twice_is_flagged():
    text = (_BY_DOCUMENT.format(a="呼财农指【2023】19号", b="呼财农指【2023】19号", sep="\n", x="791", y="791")
            + "\n市财政局呼财农指【2023】19号文件《关于下达2023年水利资金的通知》，下达本县2023年资金781万元。")
    f = single("value.conflict", text)
    assert f.excerpt == "781万元" and "791" in f.message


_STAGES = ("（1）省财政厅下达我县2021年专项资金412.85万元，其中一般项目375.65万元。\n"
           "（2）{between}\n"
           "省财政厅下达我县2021年专项资金{after}万元，其中一般项目151.8万元。\n"
           "省财政厅下达我县2021年专项资金{after}万元。")


@pytest.mark.parametrize("verb", ["追减", "追加", "调减", "收回", "核减", "调剂"])
def test_conflict_amount_before_and_after_a_stated_change_not_flagged(verb):
    text = _STAGES.format(between=f"省财政厅{verb}我县2021年专项资金223.57万元。", after="189.28")
    assert run("value.conflict", text) == []


def test_conflict_without_a_stated_change_is_flagged():
    text = _STAGES.format(between="资金已全部拨付到项目单位。", after="189.28")
    found = run("value.conflict", text)       # the same text as above, but nothing changed the sum
    assert sorted(f.excerpt for f in found) == ["151.8万元", "412.85万元"]


@pytest.mark.parametrize("target", ["绩效目标:老年人日间照料中心资金完成{v}万元。", "计划老年人日间照料中心资金完成{v}万元。",
                                    "预期老年人日间照料中心资金完成{v}万元。"])
def test_conflict_target_against_result_not_flagged(target):
    text = ("（二）项目绩效目标。\n" + target.format(v="173") + "\n（三）项目完成情况。\n"
            "1.老年人日间照料中心资金完成61.99万元。群众满意度达90%以上。")
    assert run("value.conflict", text) == []


def test_conflict_result_stated_twice_differently_is_flagged():
    # the same shape as above with both values stated as results
    text = ("（二）项目资金情况。\n老年人日间照料中心资金完成173万元。\n（三）项目完成情况。\n"
            "1.老年人日间照料中心资金完成61.99万元。群众满意度达90%以上。")
    assert [f.excerpt for f in run("value.conflict", text)] == ["61.99万元"]


# --- value.granularity (GRIM) ------------------------------------------------------------------------------

GRIM = ("本次满意度调查共回收有效问卷 152 份，经统计，服务对象满意度为 93.42%。\n"
        "其中 4.61%的受访群众表示基本满意，{p}的受访群众表示不满意。")


def test_grim_possible_percentages_not_flagged():
    # 142/152 = 93.42%, 7/152 = 4.61%, 2/152 = 1.32%
    assert run("value.granularity", GRIM.format(p="1.32%")) == []


def test_grim_impossible_percentage_flagged():
    f = single("value.granularity", GRIM.format(p="1.30%"))
    assert f.confidence == "certain"
    assert f.excerpt == "1.30%"
    assert "1.976" in f.message              # 1.30% × 152
    assert "2 人 = 1.3158%" in f.message
    assert f.evidence["reported_percent"] == "1.30"


def test_grim_satisfaction_rate():
    assert run("value.granularity", "共调查 152 人，满意度为 93.42%。") == []
    f = single("value.granularity", "共调查 152 人，满意度为 93.40%。")
    assert f.excerpt == "93.40%" and "141.968" in f.message


def test_grim_only_for_percentages_of_respondents():
    # 93.40% of 152 is impossible, but an execution rate is not a share of the respondents
    text = "本次满意度调查共回收有效问卷 152 份。\n项目资金执行率为 93.40%。"
    assert run("value.granularity", text) == []


# --- value.formula_input -----------------------------------------------------------------------------------

FORMULA = "2023年{which}参保缴费人数为 24310 人。\n参保缴费率=参保缴费人数/应参保人数={n}/25600={r}。"


def test_formula_input_flagged():
    f = single("value.formula_input", FORMULA.format(which="实际", n="24130", r="94.26%"))
    assert f.confidence == "likely"
    assert f.excerpt == "24130"
    assert "24310" in f.message
    # the formula itself is computed right, so arithmetic.rate is silent
    assert run("arithmetic.rate", FORMULA.format(which="实际", n="24130", r="94.26%")) == []


def test_formula_input_matching_not_flagged():
    assert run("value.formula_input", FORMULA.format(which="实际", n="24310", r="94.96%")) == []


def test_formula_input_planned_figure_is_another_quantity():
    assert run("value.formula_input", FORMULA.format(which="计划", n="24130", r="94.26%")) == []


# --- value.indicator_slip -----------------------------------------------------------------------------------

SLIP = ("一级指标\t二级指标\t三级指标\t权重\t业绩值\t得分\n"
        "B 过程指标\tB2 资金管理\tB21 资金到位率\t5\t97.35%\t5\n\n"
        "{code} 资金到位率（权重分 5 分，实际得分 5 分），本年资金到位率为 {v}。")


def test_indicator_slip_flagged():
    f = single("value.indicator_slip", SLIP.format(code="B21", v="97.36%"))
    assert f.confidence == "likely"
    assert f.excerpt == "97.35%"
    assert "97.36%" in f.message and "0.01" in f.message
    assert [r.excerpt for r in f.related] == ["97.36%"]


@pytest.mark.parametrize("code, v", [("B21", "97.35%"), ("B22", "97.36%")])
def test_indicator_slip_not_flagged(code, v):
    assert run("value.indicator_slip", SLIP.format(code=code, v=v)) == []


# --- value.per_capita ---------------------------------------------------------------------------------------

PER_CAPITA = ("{std}。2023年辖区实际参保人数 20500 人，全年实际拨付 {paid} 万元。")


def test_per_capita_flagged():
    text = PER_CAPITA.format(std="按照城乡居民医保财政补助标准 45 元/人/年，特困人员资助标准 180 元/人/年",
                             paid="86.10")
    f = single("value.per_capita", text)
    assert f.confidence == "likely"
    assert f.excerpt == "86.10 万元"
    assert "42 元/人" in f.message and "92.25" in f.message


def test_per_capita_enough_not_flagged():
    text = PER_CAPITA.format(std="按照城乡居民医保财政补助标准 45 元/人/年，特困人员资助标准 180 元/人/年",
                             paid="96.10")
    assert run("value.per_capita", text) == []


def test_per_capita_ignores_contribution_standard():
    # the personal contribution (30 元) is not a subsidy standard: 86.10 万元 / 20500 = 42 元
    # is below the lowest *subsidy* standard (45 元) even though it is above 30 元
    text = PER_CAPITA.format(std="个人缴费标准 30 元/人/年，财政补助标准 45 元/人/年", paid="86.10")
    f = single("value.per_capita", text)
    assert "最低标准 45 元/人" in f.message


# --- unit.mismatch ------------------------------------------------------------------------------------------

UNIT = "2023年本年收入 1856.42 万元，其中财政拨款收入 1840.12 万元，占 99.12%；事业收入 {v}，占 {p}。"


def test_unit_mismatch_flagged():
    text = UNIT.format(v="16.30 元", p="0.88%")
    f = single("unit.mismatch", text)
    assert f.confidence == "certain"
    assert f.excerpt == "16.30 元"
    assert "1856.42" in f.message and "应为 16.30万元" in f.message
    # judged in the whole's unit the share holds: no share finding on top
    assert run("arithmetic.share", text) == []


def test_unit_consistent_not_flagged():
    assert run("unit.mismatch", UNIT.format(v="16.30 万元", p="0.88%")) == []


def test_other_unit_that_sums_as_printed_not_flagged():
    text = "2023年本年收入 1840.29 万元，其中财政拨款收入 1840.12 万元，占 99.99%；利息收入 1700 元，占 0.01%。"
    assert run("unit.mismatch", text) == []


# --- robustness ----------------------------------------------------------------------------------------------

_FRAG = st.sampled_from([
    "本年收入", "其中", "财政拨款收入", "其他收入", "占", "比上年", "增加", "增长", "减少", "下降", "，", "。",
    "；", "\n", "\t", "万元", "元", "%", "人", "份", "分", "合计", "小计", "①", "②", "预算数(A)", "执行数(B)",
    "执行率(B/A)", "得分(20分*执行率)", "得分=权重×B/A", "每低1个百分点扣0.5分", "低", "个百分点，扣", "=", "/",
    "率=", "问卷", "满意度", "实际参保人数", "全年实际拨付", "元/人/年", "年初结转", "年末结转", "支出", "B21",
    "(20分)", "(A)", "(B)", "权重", "得分", "总分", "0", "0.0", "-"])
_NUM = st.one_of(st.integers(0, 100000).map(str),
                 st.decimals(0, 10000, places=2, allow_nan=False, allow_infinity=False).map(str))
_NUMERIC_RULES = sorted(c for c in RULES if c.split(".")[0] in ("arithmetic", "score", "value", "unit"))


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.one_of(_FRAG, _NUM), max_size=50).map("".join))
def test_numeric_rules_never_raise_and_point_inside_the_text(text):
    doc = build_document("x.txt", text)
    for code in _NUMERIC_RULES:
        for f in RULES[code].func(doc):
            assert 0 <= f.start <= f.end <= len(text)
            assert f.excerpt == text[f.start:f.end]
            assert f.confidence in ("certain", "likely", "possible")


@pytest.mark.parametrize("text,bad", [
    ("经第三方评价，该资金综合得分为86.5分，评价等级为优秀。", "86.5"),
    ("经评价，本项目自评总分为78分，自评结果为“良”。", "78"),
    ("经评价，本项目得分为59.5分，评价等级为“中”。", "59.5"),
    ("| 序号 | 项目名称 | 权重 | 评价得分 | 评价等级 |\n| 1 | 甲道路项目 | 0.5 | 88 | 优 |\n| 2 | 乙管网项目 | 0.5 | 93 | 优 |\n", "88"),
    ("经评价，该资金综合得分为92.3分，评价等级为优秀。", None),
    ("经评价，本项目自评总分为80分，自评结果为“良”。", None),
    ("经评价，本项目得分为61分，评价等级为“合格”。", None),
    ("| 序号 | 项目名称 | 分值 | 评价结果 |\n| 1 | 甲道路项目 | 88 | 优 |\n", None),
    # the report's own bands (85 分以上为优) are not the national ones: not judged
    ("评价结果分为四档：85分（含）以上为优，70-85分为良。经评价，本项目得分为86.5分，评价等级为优秀。", None),
])
def test_grade_matches_score_band(text, bad):
    found = [f for f in run("score.rule", text) if "等级" in f.message]
    if bad is None:
        assert found == [], [f.message for f in found]
    else:
        assert len(found) == 1 and found[0].excerpt.startswith(bad), [(f.excerpt, f.message) for f in found]


OUTLINE_SCORES = ("二、指标自评情况\n（一）投入管理情况（分值{a}分），自评{a}分。\n"
                  "1、预算编制合理性（分值6分），自评6分。\n（1）本年编制预算三项。\n"
                  "2、资金到位情况（分值{b}分），自评{b}分。\n情况说明。\n（二）产出情况（分值30分），自评28分。\n")


@pytest.mark.parametrize("a,b,flagged", [(10, 4, False), (12, 4, True), (10, 7, True), (10, 2, True)])
def test_outline_score_headings_add_up(a, b, flagged):
    found = [f for f in run("score.items", OUTLINE_SCORES.format(a=a, b=b)) if "合计" in f.message]
    assert bool(found) == flagged, [f.message for f in found]


def test_outline_score_headings_incomplete_are_not_summed():
    # the second sub-heading prints no 分值: the group cannot be summed
    text = "（一）投入管理情况（分值10分），自评10分。\n1、预算编制合理性（分值6分），自评6分。\n2、资金到位情况，自评3分。\n（二）产出\n"
    assert run("score.items", text) == []


# --- arithmetic.rate: the funds granted in the paragraph before ----------------------------------

_GRANTED_PARA = ("1.资金到位情况\n\n下达农机购置补贴资金640.5万元，其中：中央资金420.5万元，"
                 "市级资金220万元，已足额到位。\n\n2.资金执行情况\n\n")


def test_rate_base_is_the_grant_of_the_paragraph_before():
    # 562.3 / 640.5 = 87.79%; printed 81.79%
    f = single("arithmetic.rate", _GRANTED_PARA + "农机补贴发放，资金执行数562.3万元，执行率为81.79%；已兑付到户。")
    assert f.excerpt.startswith("81.79") and f.confidence == "likely"
    assert run("arithmetic.rate", _GRANTED_PARA + "农机补贴发放，资金执行数562.3万元，执行率为87.79%；已兑付到户。") == []


def test_rate_base_before_needs_one_granted_amount():
    # two grants of different amounts, or the grant of another top-level item: no base
    two = "下达中央补助资金500万元；安排县级配套资金120万元。\n\n资金执行数560万元，执行率为60%。"
    other = "一、甲项目\n\n下达补助资金500万元。\n\n二、乙项目\n\n资金执行数450万元，执行率为60%。"
    carried = "上年结转下达资金500万元。\n\n资金执行数450万元，执行率为60%。"
    for text in (two, other, carried):
        assert run("arithmetic.rate", text) == [], text


# --- a whole's share of a base that only its items' shares give ---------------------

def _pooled(whole_pct: str, last_base: str = "调整预算") -> str:
    return ("一、收入决算情况\n一般公共预算收入1000万元,占调整预算" + whole_pct + ",具体完成情况:\n"
            "(1)增值税400万元,占调整预算80.0%,下降5.0%;\n"
            "(2)企业所得税300万元,占调整预算100.0%,增长2.0%;\n"
            "(3)其他收入300万元,占" + last_base + "120.0%,增长3.0%。\n")


def test_pooled_share_of_items_bases():
    # bases 500 + 300 + 250 = 1050; 1000 / 1050 = 95.24%
    assert run("arithmetic.share", _pooled("95.2%")) == []
    f = single("arithmetic.share", _pooled("100.2%"))
    assert f.confidence == "likely" and "95.24" in f.message


def test_pooled_share_silent_when_an_item_names_another_base():
    # one item against 年初预算: the items' bases do not pool into one
    assert run("arithmetic.share", _pooled("100.2%", last_base="年初预算")) == []


# --- score.list_total: prose total vs the first-level sections scored in prose ----------------

SECTIONS = ("经综合评价，该项目综合得分为 {t} 分，评价等级为“优”。\n"
            "（一）决策指标满分 15 分，实际得分 14 分，得分率 93.33%。\n"
            "（二）过程指标满分 20 分，实际得分 18.5 分，得分率 92.5%。\n"
            "（三）产出指标满分 40 分，实际得分 37.25 分，得分率 93.13%。\n"
            "（四）效益指标满分 {w} 分，实际得分 22 分，得分率 88%。\n")


def test_section_total_flagged():
    f = single("score.list_total", SECTIONS.format(t="94.75", w="25"))   # 14+18.5+37.25+22 = 91.75
    assert f.evidence["computed"] == "91.75"


def test_section_total_silent():
    assert run("score.list_total", SECTIONS.format(t="91.75", w="25")) == []
    # a section's own 自评得分 is no total
    assert run("score.list_total", SECTIONS.format(t="91.75", w="25") + "其中产出指标自评得分为 37.25 分。\n") == []
    # full marks not adding to 100: sections are not the whole score (bonus, omitted parts)
    assert run("score.list_total", SECTIONS.format(t="94.75", w="30")) == []


# --- score.rule: grades in a table exported one cell per line ---------------------------------

def _cell_lines(rows):
    return "评价结果明细见下表：\n" + "".join(f"{c} |\n" for r in rows for c in r) + "以上评价结果已反馈各单位。\n"


GRADE_ROWS = [["序号", "项目名称", "主管部门", "资金规模(万元)", "评分情况", "评级情况"],
              ["1", "城区排水管网改造项目", "区住建委", "820", "91.5", "优"],
              ["2", "社区养老服务补助项目", "区民政局", "310", "{s}", "良"],
              ["3", "中小学校舍维修项目", "区教委", "540", "76", "中"]]


def test_cell_per_line_grade_flagged():
    rows = [[c.format(s="78.5") for c in r] for r in GRADE_ROWS]
    f = single("score.rule", _cell_lines(rows))
    assert f.evidence == {"score": "78.5", "grade": "良"}


def test_cell_per_line_grade_silent():
    rows = [[c.format(s="84.5") for c in r] for r in GRADE_ROWS]
    assert run("score.rule", _cell_lines(rows)) == []
    # a missing cell breaks the row pattern: nothing is read after it
    rows = [[c.format(s="78.5") for c in r] for r in GRADE_ROWS]
    del rows[1][2]
    assert run("score.rule", _cell_lines(rows)) == []
