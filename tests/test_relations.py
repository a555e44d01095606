"""The relation layer (auditor/extract/relations.py) and the checks that read it, on short
texts written for these tests in the style of 绩效自评报告 (other numbers, names and wording
than any report the project was measured on), each relation kind in many variants:
punctuation widths, sentence boundaries, orders, units and thousands separators.
"""
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from auditor.checks import RULES, load_all
from auditor.extract.relations import relations
from auditor.model import build_document

load_all()


def rel(text):
    return relations(build_document("inline.txt", text))


def run(rule, text):
    return list(RULES[rule].func(build_document("inline.txt", text)))


def numeric(text, min_conf="likely"):
    rank = {"certain": 0, "likely": 1, "possible": 2}
    out = []
    for code, r in RULES.items():
        if code.split(".")[0] in ("arithmetic", "score", "value", "unit"):
            out += [f for f in r.func(build_document("inline.txt", text))
                    if rank[f.confidence] <= rank[min_conf]]
    return out


def variants(text):
    """The same text with full-width and ASCII punctuation."""
    ascii_ = text.replace("，", ",").replace("；", ";").replace("：", ":").replace("（", "(").replace("）", ")")
    return [text, ascii_]


# --- wholes and parts ----------------------------------------------------------------------

PARTS_NEXT_SENTENCE = [
    "全年共筹集专项资金1986.07万元。其中中央资金投入712.43万元，省级资金投入318.20万元，县级资金投入1028.51万元。",
    "本年度共投入资金 1986.07 万元。其中：中央资金 712.43 万元；省级资金 318.20 万元；县级资金 1028.51 万元。",
    "共投入资金1,986.07万元。其中，中央资金712.43万元、省级资金318.20万元、县级资金1,028.51万元。",
]


@pytest.mark.parametrize("text", [v for t in PARTS_NEXT_SENTENCE for v in variants(t)])
def test_parts_exceeding_their_whole_are_found_across_the_sentence_break(text):
    # 712.43 + 318.20 + 1028.51 = 2059.14 > 1986.07 (a year-looking amount: 1986.07万元)
    found = run("arithmetic.parts", text)
    assert len(found) == 1, [f.message for f in found]
    f = found[0]
    assert f.confidence == "certain"
    assert "2059.14" in f.message
    assert f.excerpt.startswith("1")


@pytest.mark.parametrize("text", [
    "全年共筹集专项资金1986.07万元。其中中央资金投入712.43万元，省级资金投入318.20万元，县级资金投入955.44万元。",
    "本年度共投入资金 1986.07 万元，其中：中央资金 712.43 万元；省级资金 318.20 万元；县级资金 955.44 万元。",
])
def test_parts_that_add_up_are_not_flagged(text):
    assert numeric(text) == []


NESTED = ("机关现有人员 1632 人，其中局本级 215 人（在编 161 人、退休 12 人、聘用 42 人），"
          "所属中心 1417 人（在编 204 人、退休 131 人、聘用 1082 人）。")


@pytest.mark.parametrize("text", variants(NESTED))
def test_nested_breakdowns_are_not_added_twice(text):
    r = rel(text)
    outer = [p for p in r.parts if p.whole.raw == "1632"]
    assert len(outer) == 1 and [p.raw for p in outer[0].parts] == ["215", "1417"]
    inner = {p.whole.raw: [x.raw for x in p.parts] for p in r.parts if p.cue == "bracket"}
    assert inner == {"215": ["161", "12", "42"], "1417": ["204", "131", "1082"]}
    assert numeric(text) == []      # 在编 161 vs 在编 204 are different subjects too


def test_nested_breakdown_error_is_found_in_the_bracket():
    text = NESTED.replace("聘用 42 人", "聘用 47 人")
    found = run("arithmetic.parts", text)
    assert len(found) == 1 and found[0].excerpt.startswith("215")


@pytest.mark.parametrize("text", [
    "分配给甲镇41万元，乙镇27万元，丙镇18.5万元，共计86.5万元。",
    "分配给甲镇41万元、乙镇27万元、丙镇18.5万元，合计86.5万元。",
    "甲镇 41 万元；乙镇 27 万元；丙镇 18.5 万元；总计 86.5 万元。",
])
def test_total_after_its_parts(text):
    r = rel(text)
    assert [(p.whole.raw, [x.raw for x in p.parts]) for p in r.parts if p.cue == "total_after"] == \
        [("86.5", ["41", "27", "18.5"])]
    assert numeric(text) == []
    bad = text.replace("86.5", "88.5")
    found = run("arithmetic.parts", bad)
    assert len(found) == 1 and found[0].confidence == "likely"


def test_hierarchy_levels_are_not_addends():
    text = "该项目共设置绩效指标14个，其中一级指标3个，二级指标8个，三级指标14个。"
    assert numeric(text) == []


def test_a_part_list_stops_at_an_execution_figure():
    text = "共收到补助资金8.52万元。其中：中央资金6.10万元，省级资金2.42万元，实际拨付使用8.47万元，执行率为99.41%。"
    assert numeric(text) == []


def test_a_part_list_stops_at_a_change():
    text = "下达资金230万元，其中低保资金205万元，孤儿保障金25万元，调减60万元，全年实际下达170万元。"
    assert numeric(text) == []


@pytest.mark.parametrize("text", [
    "收入合计310.5万元，其中财政拨款收入200.5万元，事业收入110万元；支出合计298万元，其中基本支出180万元，项目支出118万元。",
    "全年实际收入 310.5 万元，其中财政拨款收入 200.5 万元、事业收入 110 万元；全年实际支出 298 万元，其中基本支出 180 万元、项目支出 118 万元。",
])
def test_two_wholes_in_one_sentence(text):
    assert numeric(text) == []


@pytest.mark.parametrize("text", [
    "全年实施项目共23个，年初批复9个项目，年中新增15个项目。",
    "年初安排9个项目，年中增加15个项目，全年共实施项目23个。",
])
def test_initial_plus_added_is_the_total(text):
    found = run("arithmetic.parts", text)
    assert len(found) == 1 and found[0].confidence == "likely"
    assert "24" in found[0].message
    assert numeric(text.replace("23", "24")) == []


# --- changes ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "收入合计245.6万元，较上年决算数减少31.2万元，下降11.3%。",
    "收入合计 245.6 万元，较上年减少 31.2 万元，下降 11.3%。",
    "1、收入：245.6万元。同比上年度减少31.2万元，下降11.3%。",
    "本年支出245.6万元，比上年减少31.2万元，降幅11.3%。",
])
def test_change_without_a_printed_base(text):
    # previous = 245.6 + 31.2 = 276.8, 31.2 / 276.8 = 11.27%
    r = rel(text)
    assert len(r.changes) == 1
    c = r.changes[0]
    assert (c.current.raw, c.previous, c.delta.raw, c.sign) == ("245.6", None, "31.2", -1)
    assert run("arithmetic.growth", text) == []


def test_change_without_a_printed_base_flagged():
    text = "收入合计245.6万元，较上年减少31.2万元，下降12.7%。"
    found = run("arithmetic.growth", text)
    assert len(found) == 1 and found[0].excerpt == "12.7%"
    assert "11.27" in found[0].message


@pytest.mark.parametrize("text,bad", [
    ("本年支出3012.40万元，比上年2854.75万元增加157.65万元，增长5.52%。", "增长6.52%"),
    ("本年支出 3,012.40 万元，比上年 2,854.75 万元增加 157.65 万元，增长 5.52%。", "增长 6.52%"),
    ("参保人数由 41200 人增加到 43560 人，增长 5.73%。", "增长 6.73%"),
])
def test_change_with_a_printed_base(text, bad):
    assert run("arithmetic.growth", text) == []
    assert len(run("arithmetic.growth", text.replace(text[text.index("增长"):text.index("%")], bad))) == 1


def test_change_direction_from_to():
    assert run("arithmetic.growth", "参保人数由43560人减少到41200人。") == []
    found = run("arithmetic.growth", "参保人数由43560人增加到41200人。")
    assert len(found) == 1


# --- rates -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "资金支付 9120.5 万元，未支付 480 万元，支付率 92%。",
    "已支付资金9,120.5万元，未支480万元，支付率为92%。",
    "本年拨付 9120.5 万元，尚未拨付 480 万元，拨付率 92%。",
])
def test_rate_whose_base_is_the_sum_of_its_parts(text):
    # 9120.5 / 9600.5 = 95.00%
    found = run("arithmetic.rate", text)
    assert len(found) == 1 and found[0].excerpt.startswith("92")
    assert "95" in found[0].message
    assert run("arithmetic.rate", text.replace("92%", "95%")) == []


@pytest.mark.parametrize("text", [
    "项目资金共3150万元，截至年底已完成拨付2898万元，执行率92%。",
    "项目资金总额 3150 万元，拨付使用资金 2898 万元，预算执行率 92%。",
])
def test_named_rate(text):
    assert run("arithmetic.rate", text) == []
    assert len(run("arithmetic.rate", text.replace("92%", "97%"))) == 1


@pytest.mark.parametrize("text", [
    "培训3180人，完成目标任务数2650人的120%。",
    "新增就业 3180 人，完成年度目标任务 2650 人的 120%。",
])
def test_of_base_rate(text):
    assert run("arithmetic.rate", text) == []
    assert len(run("arithmetic.rate", text.replace("120%", "112%"))) == 1


# --- shares ------------------------------------------------------------------------------------

def test_shares_across_semicolons():
    text = "支出合计 410.4 万元。其中：基本支出 302.1 万元，占 73.6%；项目支出 108.3 万元，占 26.4%。"
    r = rel(text)
    assert [(g.whole.raw, [p.raw for p in g.parts]) for g in r.share_groups] == [("410.4", ["302.1", "108.3"])]
    assert numeric(text) == []
    assert len(run("arithmetic.share", text.replace("占 26.4%", "占 24.6%"))) == 1


# --- value.conflict with qualifiers -------------------------------------------------------------

def test_relative_labels_are_qualified_by_their_clause():
    text = ("15 个项目评为优，涉及资金 512.3 万元；0 个项目评为良，涉及资金 0 万元；"
            "0 个项目评为中，涉及资金 0 万元；0 个项目评为差，涉及资金 0 万元。")
    assert run("value.conflict", text) == []


def test_level_qualifier_is_kept():
    text = "项目支出总额 740.2 万元。其中，本级项目支出 402.6 万元；对下转移支付 0 万元。"
    assert run("value.conflict", text) == []


# --- score items in prose --------------------------------------------------------------------------

SCORES = ("1.产出指标完成情况：分值40分，自评得分40分。(1)数量指标：分值20分，自评得分20分。"
          "(2)质量指标：分值20分，自评得分20分。\n"
          "2.满意度指标完成情况：分值10分，自评得分10分。群众满意度：分值5分，得分5分；"
          "企业满意度：分值5分，得分5分。")


def test_prose_score_items_add_up():
    assert numeric(SCORES) == []


def test_prose_score_items_exceed_their_indicator():
    text = SCORES.replace("企业满意度：分值5分，得分5分", "企业满意度：分值10分，得分10分")
    found = [f for f in run("score.items", text)]
    assert len(found) >= 1 and found[0].rule == "score.items" and found[0].confidence == "certain"


# --- unit.missing -----------------------------------------------------------------------------------

def test_bare_wan_next_to_money_is_a_hint():
    found = run("unit.missing", "安排资金 3520.5万。其中，中央资金 2000 万元，县级资金 1520.5 万元。")
    assert len(found) == 1 and found[0].confidence == "possible"
    assert run("unit.missing", "覆盖人口 3.2万，惠及群众。") == []


# --- robustness -------------------------------------------------------------------------------------

_PIECES = st.sampled_from(
    list("0123456789.,，。；;：:、%（）()-") +
    ["万元", "元", "亿元", "人", "个", "项", "批次", "其中", "包括", "含", "合计", "共计", "总计", "共", "占",
     "比上年", "较上年", "增加", "减少", "下降", "增长", "由", "到", "执行率", "支付率", "未支付", "支付",
     "年初", "新增", "分值", "得分", "满意度指标", "〔2022〕1号", "2023年", "2023.06.21", "1.", "(2)",
     "第3号", "资金", "中央", "本级", "的", "\n"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=40))
def test_relations_never_crash(pieces):
    text = "".join(pieces)
    r = rel(text)
    for p in r.parts:
        for q in [p.whole] + p.parts:
            assert q.kind != "percent"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(2000, 2030), st.integers(1, 99), st.sampled_from(["其中", "共计", "合计", "含"]))
def test_dates_document_numbers_and_list_markers_are_never_quantities(year, n, cue):
    text = (f"根据文件（财预〔{year}〕{n}号）要求，{year}年{n % 12 + 1}月{n % 28 + 1}日下达，"
            f"填报日期{year}.{n % 12 + 1:02d}.{n % 28 + 1:02d}。{n % 9 + 1}.{cue}第{n}号")
    r = rel(text)
    seen = {q.raw for p in r.parts for q in [p.whole] + p.parts}
    seen |= {q.raw for c in r.changes for q in (c.current, c.previous, c.delta, c.pct) if q is not None}
    assert str(year) not in seen and f"{year}.{n % 12 + 1:02d}" not in seen
    assert numeric(text) == []


@pytest.mark.parametrize("text", [
    "公务接待费 3.2 万元，比上年减少 0.8 万元，降幅 20%。",
    "公务用车运行维护费5.6万元，比上年增加0.4万元，增幅7.69%。",
])
def test_growth_words_fu(text):
    r = rel(text)
    assert len(r.changes) == 1 and r.changes[0].pct is not None
    assert run("arithmetic.growth", text) == []
    assert len(run("arithmetic.growth", text.replace("20%", "25%").replace("7.69%", "10.69%"))) == 1


CLEAN_REPORT = """一、部门基本情况
（一）人员情况：本单位核定编制45名，实有在编人员43名，其中行政编制28名、事业编制15名；退休人员21名。
（二）收支情况：2023年度收入总计1563.27万元，其中一般公共预算财政拨款收入1402.15万元，事业收入98.12万元，其他收入63万元。支出总计1548.9万元，较上年增加86.4万元，增长5.91%，主要原因是新增项目。其中基本支出1120.34万元，占72.33%；项目支出428.56万元，占27.67%。
（三）年末结转和结余14.37万元，比上年减少3.2万元。
项目年初预算资金320万元，年中追加预算80万元，调整后预算400万元。截至12月31日，实际支出376.5万元，预算执行率94.13%，未支出23.5万元为质保金。
全年共开展培训12期，培训1860人次，其中农民1320人次，返乡创业人员540人次。
分配至东城区45.6万元，西城区38.2万元，南湖区27万元，北岭镇19.2万元，共计130万元。
项目绩效目标共设置指标18个，其中产出指标11个，效益指标5个，满意度指标2个。
全年完成新建道路12.6公里，投入资金1650万元，其中中央补助800万元、省级补助500万元、县级配套350万元。
2023年共救助困难群众3265人次，发放救助资金486.2万元，比上年同期的452.8万元增加33.4万元，同比增长7.38%。
参保人数由2022年的41230人增加到2023年的42860人，增长3.95%。
已拨付资金2880万元，占下达资金3000万元的96%。
人均补助标准为1200元/人·年，全年补助资金共计58.8万元，补助490人。
本年度实施项目共9个，其中新增项目3个，延续项目6个。项目预算共计860万元，执行850.2万元，执行率98.86%。
年初批复项目6个，年中新增项目3个，全年实施项目共9个。
共下达资金96万元，其中：第一批56万元，第二批40万元。已支付90.24万元，未支付5.76万元，支付率94%。
全年资金总额 1200 万元，其中中央资金 700 万元（一般公共预算 500 万元、彩票公益金 200 万元），地方资金 500 万元。
全年受理案件 426 件，其中一般程序 218 件，简易程序 208 件，结案率 100%。
培训合格率由上年的 92% 提高到 96%，提高 4 个百分点。
建成高标准农田 1.2 万亩，其中新建 0.8 万亩，改造提升 0.4 万亩。
"""


def test_a_clean_report_draws_no_numeric_finding():
    assert [(f.rule, f.excerpt, f.message) for f in numeric(CLEAN_REPORT, "possible")] == []


@pytest.mark.parametrize("text", [
    "全年共投入资金 180 万元，中央、省、县级资金分别为 100 万元、50 万元、30 万元。",
    "共安排补助资金180万元，中央、省级和县级分别安排100万元、50万元、30万元。",
])
def test_fenbie_lists(text):
    r = rel(text)
    assert [(p.cue, p.whole.raw, [x.raw for x in p.parts], p.exhaustive) for p in r.parts] == \
        [("分别", "180", ["100", "50", "30"], True)]
    assert numeric(text) == []
    found = run("arithmetic.parts", text.replace("180", "190"))
    assert len(found) == 1 and found[0].confidence == "likely"
    assert run("arithmetic.parts", text.replace("180", "170"))[0].confidence == "certain"


def test_fenbie_shares_are_not_parts():
    text = "甲项目 60 万元、乙项目 40 万元，分别占 60%、40%。"
    assert [p for p in rel(text).parts if p.cue == "分别"] == []


# --- one quantity told apart by its circumstances ------------------------------------------------

@pytest.mark.parametrize("text", [
    "截至2022年底，已拨付资金812.4万元，资金使用率61.35%；截至2023年6月底，已拨付资金905.2万元，资金使用率68.36%。",
    "2021年3月12日，上级下达专项转移支付预算3260万元；2021年9月2日，上级下达专项转移支付预算1480万元。",
    "行政编制5人，实有人数4人；事业编制32人，实有人数29人。",
])
def test_values_told_apart_by_date_or_parallel_subject(text):
    assert run("value.conflict", text) == []


def test_numbered_items_are_different_subjects():
    text = ("1、甲村道路硬化项目，新建道路4.2公里，配套建设排水沟及路灯等设施。2023年下达财政衔接资金215万元，已支付208.3万元。\n"
            "2、乙村产业路建设项目，新建产业路2.6公里，配套建设错车道和防护栏等设施。2023年下达财政衔接资金132万元，已支付127.9万元。\n")
    assert run("value.conflict", text) == []


def test_items_of_an_inline_list_are_different_subjects():
    text = ("区级年初预算200万元专项资金,具体用于支付:①甲小区提质改造项目工程尾款43.96万元,该项目改造小区数1个,"
            "改造户数550户;②乙片区老旧小区改造项目缺口资金105.04万元,该项目改造小区数21个,改造户数733户。\n")
    assert run("value.conflict", text) == []
    # a mention inside an item and one outside any item are still one quantity
    one = ("①全年调整预算数为 2846.30 万元。\n预算执行方面，调整预算数 2846.30 万元，执行率 98%。\n"
           "决算说明：调整预算数为 2864.30 万元。\n")
    assert len(run("value.conflict", one)) == 1


def test_a_real_conflict_is_still_found():
    text = "全年调整预算数为 2846.30 万元。\n预算执行方面，调整预算数 2846.30 万元，执行率 98%。\n决算说明：调整预算数为 2864.30 万元。"
    found = run("value.conflict", text)
    assert len(found) == 1 and found[0].excerpt.startswith("2864.30")


@pytest.mark.parametrize("text,flag", [
    ("项目预算金额1860万元，资金来源为市级财政。截至年底，已拨付资金1532.6万元，资金使用率82.40%。", False),
    ("项目预算金额1860万元，资金来源为市级财政。截至年底，已拨付资金1532.6万元，资金使用率84.40%。", True),
    ("年初预算1860万元，调整预算1920万元。截至年底，已拨付资金1532.6万元，资金使用率84.40%。", False),  # two bases: not judged
])
def test_rate_against_the_one_budget_of_its_paragraph(text, flag):
    found = run("arithmetic.rate", text)
    assert len(found) == (1 if flag else 0)
    if flag:
        assert found[0].confidence == "likely"


def test_spaced_unit_is_read():
    from auditor.extract.quantities import extract_quantities
    qs = extract_quantities("年初预算 1022.89 万元，退休 12 人，提高 3 个百分点，| 100 | 96 |")
    assert [(q.raw, q.unit) for q in qs] == [("1022.89", "万元"), ("12", "人"), ("3", "个百分点"),
                                              ("100", ""), ("96", "")]


def test_source_list_needs_its_whole_before():
    assert rel("资金来源为中央资金500万元、县级资金200万元。").parts == []
    r = rel("项目总投资800万元，资金来源为：中央资金500万元、县级资金200万元。")
    assert [(p.whole.raw, [q.raw for q in p.parts], p.exhaustive) for p in r.parts] == [("800", ["500", "200"], True)]
