"""Numeric relations in shapes the relation layer learned late: a comparison opened by 与
(``与上年 Y 相比/对比增加 D``) and a whole stated for a span of years then given year by year.
Short texts written for these tests (other numbers, names and wording than any report measured).
"""
import pytest

from auditor.checks import RULES, load_all
from auditor.extract.relations import relations
from auditor.model import build_document

load_all()


def rel(text):
    return relations(build_document("inline.txt", text))


def run(rule, text):
    return list(RULES[rule].func(build_document("inline.txt", text)))


def numeric(text):
    out = []
    for code, r in RULES.items():
        if code.split(".")[0] in ("arithmetic", "score", "value", "unit"):
            out += [f for f in r.func(build_document("inline.txt", text)) if f.confidence != "possible"]
    return out


# --- 与 … 相比/对比 ---------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "2023年本单位部门预算 2468.30 万元，与上年 1975.10 万元相比增加 493.20 万元，主要是新增项目。",
    "2023年本单位部门预算2468.30万元,与上年1975.10万元对比增加493.20万元,主要是新增项目。",
    "本年度培训人数 1320 人，与2022年的 1180 人比较增加 140 人。",
    "2023年本单位部门预算 2468.30 万元，与上年 1975.10 万元对比增加 493.20 万元，增长 24.97%。",
    "全年接待游客 5.62 万人次，与去年同期 4.85 万人次相比增长 15.88%。",
    "本年度培训人数 1320 人，和上年 1180 人相比，增加 140 人。",
    "本年度培训人数 1320 人，同上年 1180 人对比增加 140 人。",
])
def test_comparison_opened_by_yu_reads_its_base(text):
    changes = rel(text).changes
    assert len(changes) == 1
    c = changes[0]
    assert c.previous is not None and (c.delta or c.pct) is not None
    assert float(c.current.value) > float(c.previous.value)
    assert numeric(text) == []


@pytest.mark.parametrize("text,old,new", [
    ("2023年本单位部门预算 2468.30 万元，与上年 1975.10 万元相比增加 493.20 万元。", "493.20", "453.20"),
    ("2023年本单位部门预算2468.30万元,与上年1975.10万元对比增加493.20万元。", "1975.10", "1935.10"),
    ("本年度培训人数 1320 人，与2022年的 1180 人比较增加 140 人。", "140", "170"),
    ("全年接待游客 5.62 万人次，与去年同期 4.85 万人次相比增长 15.88%。", "4.85", "4.55"),
])
def test_comparison_opened_by_yu_flags_a_wrong_change(text, old, new):
    found = run("arithmetic.growth", text.replace(old, new))
    assert len(found) == 1


def test_comparison_without_a_base_keeps_the_subject():
    # no amount between 与 and 相比: the amount before 与 is still the current value
    text = "本年支出合计 850.6 万元，与上年相比减少 42.3 万元，下降 4.74%。"
    c = rel(text).changes[0]
    assert (c.current.raw, c.delta.raw, c.sign) == ("850.6", "42.3", -1)
    assert numeric(text) == []
    assert len(run("arithmetic.growth", text.replace("4.74%", "5.74%"))) == 1


def test_yu_in_another_clause_is_not_the_comparison():
    # 与 … 合作 in an earlier clause does not open the comparison made with 比
    text = "我局与高校开展合作培训 36 期，培训人数 1320 人，比上年增加 140 人。"
    c = rel(text).changes[0]
    assert c.current.raw == "1320" and c.previous is None


# --- a whole over a span of years, given year by year ----------------------------------

@pytest.mark.parametrize("text", [
    "2021-2023年全县农村公路计划改造合计 486.5 公里。其中，2021年计划改造 150.2 公里，2022年计划改造 168.1 公里，2023年计划改造 168.2 公里。",
    "2022至2023年全市计划新建污水管网 93.6 公里，其中2022年新建 40.5 公里，2023年新建 53.1 公里。",
    "2022—2023年累计完成高标准农田建设 12600 亩，其中 2022 年完成 5400 亩，2023 年完成 7200 亩。",
])
def test_whole_split_by_the_years_of_its_span(text):
    parts = [p for p in rel(text).parts if p.cue == "其中"]
    assert len(parts) == 1 and parts[0].exhaustive
    assert numeric(text) == []
    # a year's amount lowered: the years no longer make up the whole (a shortfall of a
    # list that claims to be complete: likely; an excess would be certain)
    first = parts[0].parts[0].raw
    bad = text.replace(first, first[1:], 1)      # 150.2 -> 50.2, 5400 -> 400
    found = run("arithmetic.parts", bad)
    assert len(found) == 1 and found[0].confidence == "likely"


@pytest.mark.parametrize("text", [
    # the years listed do not cover the span: a selection, only an excess would be wrong
    "2021-2023年全县农村公路计划改造合计 486.5 公里。其中，2021年计划改造 150.2 公里，2023年计划改造 168.2 公里。",
    # no span of years on the whole
    "全县农村公路计划改造合计 486.5 公里。其中，2022年计划改造 150.2 公里，2023年计划改造 168.2 公里。",
    # two parts in one year
    "2022-2023年全市计划新建污水管网 93.6 公里，其中2022年新建 40.5 公里，2022年改造 20.1 公里。",
    # parts told apart by their years only, sharing a head word (投资): 2023 is left out
    "项目实施期为2021-2023年，总投资 3000 万元，其中2021年投资 800 万元，2022年投资 1200 万元。",
    "项目总投资 3000 万元，其中2022年投资 800 万元，2023年投资 1200 万元。",
])
def test_years_that_do_not_cover_the_span_are_a_selection(text):
    parts = [p for p in rel(text).parts if p.cue == "其中"]
    assert all(not p.exhaustive for p in parts)
    assert numeric(text) == []


# --- first-level sections scored in prose, the weight bracketed alone ----------------------

def test_sections_with_a_bracketed_weight_make_the_total():
    text = ("经综合评价，该项目自评得分 92 分。其中，决策指标（15 分）得 14 分，过程指标（20 分）得 19 分，"
            "产出指标（40 分）得 38 分，效益指标（25 分）得 21 分。")
    assert numeric(text) == []
    found = run("score.list_total", text.replace("得 38 分", "得 33 分"))
    assert len(found) == 1 and found[0].excerpt.startswith("92")


def test_sections_whose_weights_do_not_make_100_are_not_the_whole():
    # 满意度 left out (its 10 points not printed): the sections need not add up to the total
    text = ("该项目自评得分 92 分。其中，决策指标（15 分）得 14 分，过程指标（20 分）得 19 分，"
            "产出指标（30 分）得 28 分，效益指标（25 分）得 21 分。")
    assert numeric(text) == []


# --- a rate printed before its figures ----------------------------------------------------

@pytest.mark.parametrize("text,bad", [
    ("截至年底，预算执行率 92.5%，全年执行数 185 万元，全年预算数 200 万元。", "96.5%"),
    ("项目资金到位率 87.5%，应到位资金 480 万元，实际到位资金 420 万元。", "97.5%"),
    ("预算执行率为92.5%(全年预算数200万元,全年执行数185万元)。", "96.5%"),
])
def test_a_rate_before_its_figures(text, bad):
    rates = [r for r in rel(text).rates if r.how == "after"]
    assert len(rates) == 1
    assert numeric(text) == []
    good = rates[0].rate.raw + "%"
    found = run("arithmetic.rate", text.replace(good, bad))
    assert len(found) == 1 and found[0].confidence == "likely"


@pytest.mark.parametrize("text", [
    # one figure only, or three: which is the base is not said
    "预算执行率 92.5%，其中中央资金执行 185 万元。",
    "预算执行率 92.5%，预算资金 200 万元，执行 185 万元，结余 15 万元。",
    # a figure the rate's verb does not name
    "预算执行率 92.5%，全年预算数 200 万元，培训经费 185 万元。",
])
def test_a_rate_before_figures_it_does_not_name_reads_nothing(text):
    assert [r for r in rel(text).rates if r.how == "after"] == []
    assert numeric(text) == []


# --- GRIM: an answer's count is not the number of respondents ----------------------------

def test_an_answer_count_is_not_the_respondents():
    # 97.5 % of 200 returned questionnaires is 195 (满意 + 基本满意); 180 answered 满意 only
    text = "共发放调查问卷 200 份，其中满意 180 份，基本满意 15 份，不满意 5 份，满意度 97.5%。"
    assert run("value.granularity", text) == []


def test_granularity_still_reads_the_respondents():
    text = "本次共回收有效问卷 180 份，服务对象满意度 97.5%。"
    found = run("value.granularity", text)
    assert len(found) == 1 and found[0].excerpt == "97.5%"


# --- a list the sentence says is incomplete -------------------------------------------------

@pytest.mark.parametrize("tail", ["，其余由县级财政配套", "，县级配套资金尚未到位", "，剩余资金由项目单位自筹",
                                  "，县级配套资金待下达", "（县级配套资金尚未到位）"])
def test_funding_levels_with_the_rest_left_out_are_not_the_whole(tail):
    text = f"项目总投资 2400 万元，其中中央资金 1500 万元，省级资金 600 万元{tail}。"
    assert numeric(text) == []
    # the parts still may not exceed the whole
    assert len(run("arithmetic.parts", text.replace("600 万元", "1000 万元"))) == 1


def test_funding_levels_that_claim_the_whole_still_add_up():
    text = "项目总投资 2400 万元，其中中央资金 1500 万元，省级资金 600 万元，县级资金 300 万元，已全部拨付到位。"
    assert numeric(text) == []
    assert len(run("arithmetic.parts", text.replace("300 万元", "200 万元"))) == 1


# --- a funding source and its own execution, after the whole's rate -------------------------

SOURCES = ("2023年预算数为 650 万元，截至12月31日执行数为 610 万元，预算执行率 93.85%；其中中央资金 400 万元，"
           "执行 400 万元，执行率 100%；省级资金 250 万元，执行 210 万元，执行率 84%。")


def test_each_source_rate_takes_its_own_amount():
    items = [r for r in rel(SOURCES).rates if r.how == "item"]
    assert [(r.numerator.raw, r.base.raw) for r in items] == [("400", "400"), ("210", "250")]
    # a source and its execution are not two parts of the paragraph's execution
    assert [p for p in rel(SOURCES).parts if p.cue == "其中"] == []
    assert numeric(SOURCES) == []


def test_a_wrong_source_rate_is_found():
    found = run("arithmetic.rate", SOURCES.replace("执行率 84%", "执行率 89%"))
    assert len(found) == 1 and found[0].excerpt.startswith("89")


def test_a_segment_with_one_amount_keeps_the_paragraph_budget():
    # 截至…底 拨付 a，使用率 p；截至…底 拨付 b，使用率 q: both of the one budget
    text = ("下达生态补偿资金预算 1800 万元。截至2022年底，已拨付资金 1260 万元，资金使用率 70%；"
            "截至2023年6月底，已拨付资金 1350 万元，资金使用率 75%。")
    assert numeric(text) == []
    assert len(run("arithmetic.rate", text.replace("75%", "78%"))) == 1


# --- a rate's base is never the figure another rate counted -------------------------------

@pytest.mark.parametrize("text", [
    "资金到位情况：中央资金到位 420 万元，到位率 100%；省级资金到位 90 万元，到位率 75%，应到位 120 万元。",
    "资金到位情况：中央资金到位 420 万元，到位率 100%，省级资金到位 90 万元，到位率 75%，应到位 120 万元。",
    "中央资金 420 万元，到位 420 万元，到位率 100%，省级资金 120 万元，到位 90 万元，到位率 75%。",
])
def test_a_figure_the_rate_counts_is_not_a_later_rates_base(text):
    assert numeric(text) == []


def test_the_due_amount_after_the_rate_is_its_base():
    text = "资金到位情况：中央资金到位 420 万元，到位率 100%；省级资金到位 90 万元，到位率 75%，应到位 120 万元。"
    assert len(run("arithmetic.rate", text.replace("75%", "80%"))) == 1


@pytest.mark.parametrize("text", [
    "计划到位资金 300 万元，实际到位 270 万元，到位率 90%。",
    "下达资金 300 万元，实际到位 270 万元，到位率 90%。",
])
def test_a_planned_amount_named_with_the_rates_verb_is_still_a_base(text):
    assert numeric(text) == []
    assert len(run("arithmetic.rate", text.replace("90%", "95%"))) == 1


# --- a 其中 list after the base of a 的 P% is not that base's -----------------------------

def test_the_base_of_a_percent_of_is_not_the_whole_of_the_list():
    text = "共完成植树造林 2.4 万亩，完成年度任务 2 万亩的 120%，其中人工造林 1.3 万亩，封山育林 1.1 万亩。"
    assert numeric(text) == []


def test_a_category_and_its_actual_are_not_two_parts():
    text = "该单位编制人数 45 人，实有人数 41 人，空编 4 人，其中行政编制 25 人，实有 23 人；事业编制 20 人，实有 18 人。"
    assert [p for p in rel(text).parts if p.cue == "其中"] == []
    assert numeric(text) == []


# --- a total score and the section scores listed after its 其中 ---------------------------

@pytest.mark.parametrize("text", [
    "部门整体支出绩效自评得分 94.5 分，其中：预算编制得分 18 分，预算执行得分 38.5 分，预算使用效益得分 38 分。",
    "部门整体支出绩效自评得分94.5分。其中,预算编制得分18分,预算执行得分38.5分,预算使用效益得分38分。",
])
def test_section_scores_after_the_total_make_it_up(text):
    assert numeric(text) == []
    found = run("score.list_total", text.replace("38.5", "33.5"))
    assert len(found) == 1 and found[0].excerpt.startswith("94.5")


@pytest.mark.parametrize("text", [
    # bonus or deducted points: the sections need not make the total
    "项目综合得分 96 分，其中：产出得分 48 分，效益得分 28 分，满意度得分 10 分，另有加分 2 分。",
    "项目综合得分 86 分，其中：产出得分 48 分，效益得分 28 分，满意度得分 10 分，因审计问题扣分 2 分。",
    # the list runs on into other figures
    "项目综合得分 86 分，其中：产出得分 48 分，效益得分 28 分，比上年提高 5 分。",
])
def test_section_scores_with_other_points_are_not_judged(text):
    assert run("score.list_total", text) == []


# --- this year's and last year's amounts printed side by side, then the comparison ---------

@pytest.mark.parametrize("text,bad", [
    ("本年支出 2360 万元，上年支出 2150 万元，同比增长 9.77%。", "增长 12.77%"),
    ("本年收入 2360 万元，上年收入 2150 万元，比上年增加 210 万元，增长 9.77%。", "增加 240 万元"),
    ("今年培训人数 860 人，去年培训人数 800 人，同比增长 7.5%。", "增长 9.5%"),
])
def test_this_and_last_year_side_by_side(text, bad):
    assert numeric(text) == []
    good = bad.split(" ")[0] + " " + {"增长 12.77%": "9.77%", "增加 240 万元": "210 万元", "增长 9.5%": "7.5%"}[bad]
    assert good in text
    assert len(run("arithmetic.growth", text.replace(good, bad))) == 1


def test_last_year_of_a_part_is_not_paired_with_the_whole():
    text = "本年支出 2360 万元，其中项目支出 900 万元，上年项目支出 800 万元，同比增长 12.5%。"
    assert numeric(text) == []


# --- shares of a whole printed as a total, with no 其中 -------------------------------------

@pytest.mark.parametrize("text", [
    "收入总计 1560 万元，财政拨款收入 1320 万元，占比 84.62%；其他收入 240 万元，占比 15.38%。",
    "支出合计1560万元,基本支出1020万元,占比65.38%,项目支出540万元,占比34.62%。",
])
def test_shares_of_a_printed_total(text):
    groups = rel(text).share_groups
    assert len(groups) == 1 and len(groups[0].parts) == 2
    assert numeric(text) == []
    found = run("arithmetic.share", text.replace("84.62%", "88.62%").replace("65.38%", "69.38%"))
    assert len(found) == 1


def test_a_share_before_any_part_is_not_of_the_total():
    # 占全市的 5%: the total's own share of something else
    text = "收入合计 1200 万元，占全市的 5%，财政拨款收入 1000 万元。"
    assert numeric(text) == []
