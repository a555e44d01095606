"""False alarms of the numeric checks met on reports nobody annotated, each guarded by a
look-alike text that must still be found.  Texts are written for these tests."""
import pytest

from auditor.checks import RULES, load_all
from auditor.extract.relations import relations
from auditor.model import build_document

load_all()


def findings(text, prefixes=("arithmetic", "value")):
    out = []
    for code, r in RULES.items():
        if code.split(".")[0] in prefixes:
            out += [f for f in r.func(build_document("inline.txt", text))
                    if f.confidence in ("certain", "likely")]
    return out


def rules(text):
    return sorted(f.rule for f in findings(text))


# 1, 2. a 其中 list that goes on past ； with the same items of a second sub-project

TWO_PROJECTS = ("2022年度项目资金总计{total}万元，其中甲镇供水工程设计费10万元，勘察费3.5万元，征地补偿费40万元；"
                "乙镇供水管网工程设计费12万元，勘察费5万元，征地补偿费{last}万元。")


@pytest.mark.parametrize("sep", ["；", ";"])
def test_same_items_of_two_sub_projects_continue_one_list(sep):
    text = TWO_PROJECTS.format(total="120.5", last="50").replace("；", sep)
    assert rules(text) == [], [f.message for f in findings(text)]
    pr = [p for p in relations(build_document("inline.txt", text)).parts if p.whole.raw == "120.5"]
    assert len(pr) == 1 and len(pr[0].parts) == 6


def test_same_items_of_two_sub_projects_wrong_total_is_found():
    text = TWO_PROJECTS.format(total="120.5", last="56")
    assert rules(text) == ["arithmetic.parts"]


def test_other_items_after_semicolon_still_end_the_list():
    text = ("2022年度项目资金总计53.5万元，其中设计费10万元，勘察费3.5万元，征地补偿费40万元；"
            "另安排工作经费6万元，宣传费2万元。")
    pr = [p for p in relations(build_document("inline.txt", text)).parts if p.whole.raw == "53.5"]
    assert len(pr) == 1 and [p.raw for p in pr[0].parts] == ["10", "3.5", "40"]


# 3. two 分别 lists pair element by element

SHARES = ("下达专项经费50万元，资金来源为省级财政拨款。经费主要用于宣传、培训、设备购置三个方面，"
          "三项资金分别30万元、15万元、5万元，分别占当年专项经费比重为60%、{b}%、10%。")


def test_two_respectively_lists_pair_element_by_element():
    text = SHARES.format(b="30")
    assert [f for f in findings(text) if f.rule == "arithmetic.share"] == []


def test_two_respectively_lists_wrong_share_is_found():
    text = SHARES.format(b="20")
    found = [f for f in findings(text) if f.rule == "arithmetic.share"]
    assert len(found) == 1 and found[0].excerpt == "20%"


# 4. a part glued to the next clause's year and verb (its full stop lost)

GLUED = ("2022年到位资金共860.5万元，其中：省级资金500万元，县级资金260.5万元，自筹资金{own}万元"
         "2022年使用资金840万元，其中省级资金480万元，县级资金260万元，自筹资金100万元。")


def test_part_glued_to_a_new_dated_clause_is_not_a_part():
    assert [f for f in findings(GLUED.format(own="100")) if f.rule == "arithmetic.parts"] == []


def test_glued_clause_wrong_parts_still_found():
    found = [f for f in findings(GLUED.format(own="90")) if f.rule == "arithmetic.parts"]
    assert len(found) == 1 and found[0].excerpt == "860.5万元"


# 5. the whole restated after parts that make it

RESTATED = "项目总投资80万元，其中省级补助资金50万元，县级配套资金{county}万元，2022年度下达资金80万元。"


def test_restated_whole_after_its_parts_is_not_a_part():
    assert [f for f in findings(RESTATED.format(county="30")) if f.rule == "arithmetic.parts"] == []


def test_restated_whole_after_wrong_parts_still_found():
    assert [f.rule for f in findings(RESTATED.format(county="35")) if f.rule == "arithmetic.parts"] == \
        ["arithmetic.parts"]


# 6. a list that runs into the cut end of the text

CUT = "经审核，项目累计拨付资金合计52.6万元，其中省级资金40万元、乡镇资金{town}万元{end}"


def test_list_cut_by_end_of_text_is_not_exhaustive():
    assert [f for f in findings(CUT.format(town="10", end="、扣除")) if f.rule == "arithmetic.parts"] == []


@pytest.mark.parametrize("town,end", [("10", "。"), ("10", "。\n二、绩效目标\n目标已完成。"), ("15", "、扣除")])
def test_complete_list_or_excess_is_still_found(town, end):
    # a full stop closes the list: exhaustive, and 40 + 10 ≠ 52.6; an excess is wrong even when cut
    assert [f.rule for f in findings(CUT.format(town=town, end=end)) if f.rule == "arithmetic.parts"] == \
        ["arithmetic.parts"]


# 7. numbered paragraphs that are sentences are not the names a count counts

def test_numbered_sentences_of_a_notice_are_not_counted_names():
    text = ("下达12个乡镇2022年度困难家庭补助资金（详见附件），现将有关事项通知如下：\n"
            "一、补助资金专项用于困难家庭临时生活补助，各乡镇要规范使用。\n"
            "二、请严格执行资金拨付程序，按时发放到户。\n"
            "三、各乡镇要及时报送资金使用情况，确保资金安全。\n")
    assert [f for f in findings(text) if f.rule == "arithmetic.parts"] == []


def test_numbered_names_are_still_counted():
    text = ("本次纳入评价的项目共4个，具体如下：\n1、农村道路改造项目\n2、小型水库维修项目\n"
            "3、饮水安全巩固项目\n二、绩效目标完成情况\n目标全部完成。\n")
    assert [f.rule for f in findings(text) if f.rule == "arithmetic.parts"] == ["arithmetic.parts"]


def test_numbered_long_project_titles_are_still_counted():
    # long titles that open with a document number are names, not sentences
    text = ("本次纳入自评的项目共3个，具体如下：\n"
            "项目一：县财农〔2022〕15号高标准农田建设及配套灌溉设施改造项目，预算数50万元，执行数50万元。\n"
            "项目二：县财农〔2022〕31号农村人居环境整治提升及村庄道路硬化项目，预算数20万元，执行数20万元。\n"
            "二、绩效目标完成情况\n目标全部完成。\n")
    assert [f.rule for f in findings(text) if f.rule == "arithmetic.parts"] == ["arithmetic.parts"]


# 8. each part of a spending breakdown gives its rate over its own budget, not over the whole's base

PART_RATES = ("某县农业农村局2023年度收入合计4821530.60元，支出合计4102316.25元，执行率为{whole}%，"
              "其中：基本支出2650418.13元，执行率达100.00%，项目支出1451898.12元，执行率达{part}%。")


def test_part_rates_under_a_counted_whole_are_over_their_own_budgets():
    text = PART_RATES.format(whole="85.08", part="66.35")
    assert [f for f in findings(text) if f.rule == "arithmetic.rate"] == [], [f.message for f in findings(text)]


def test_the_whole_rate_of_such_a_breakdown_is_still_checked():
    text = PART_RATES.format(whole="80.08", part="66.35")
    assert [f.excerpt for f in findings(text) if f.rule == "arithmetic.rate"] == ["80.08%"]


# 9. a rate in a paragraph that states its own amount is not put over the subject's amount
#    from a paragraph far above

AMOUNT_OWN = ("2023年度下达防汛抗旱专项资金12,500万元，支持项目320个。\n"
              "（二）抽查项目资金情况\n"
              "本次抽查项目86个，涉及金额{own}万元。截至2023年12月31日，防汛抗旱专项资金到位3,102.40万元，"
              "到位率{rate}%。\n")


def test_rate_over_the_paragraphs_own_amount_is_not_put_over_a_far_subject():
    text = AMOUNT_OWN.format(own="4,120.00", rate="75.30")
    assert [f for f in findings(text) if f.rule == "arithmetic.rate"] == [], [f.message for f in findings(text)]


def test_rate_over_the_subjects_amount_is_still_checked_without_an_own_amount():
    text = AMOUNT_OWN.replace("涉及金额{own}万元", "涉及乡镇{own}个").format(own="12", rate="75.30")
    assert [f.excerpt for f in findings(text) if f.rule == "arithmetic.rate"] == ["75.30%"]


# 10. counts of projects above several thresholds nest: they are not added up

def test_nested_open_bands_are_not_parts():
    text = ("全年引进意向项目9个，其中亿元以上项目7个，总投资额52.3亿元；10亿元以上项目4个；"
            "30亿元及以上项目2个。")
    assert [f for f in findings(text) if f.rule == "arithmetic.parts"] == [], [f.message for f in findings(text)]


def test_disjoint_bands_that_exceed_the_whole_are_still_found():
    text = "全年引进意向项目9个，其中5000万元至1亿元项目7个、1亿元以上项目4个。"
    assert [f.excerpt for f in findings(text) if f.rule == "arithmetic.parts"] == ["9个"]


# 11. a total printed to two decimals stands for ±0.005, whatever precision one part prints

def test_two_decimal_total_keeps_its_own_rounding_beside_a_three_decimal_part():
    text = "本年支出合计8,214.57万元。其中：基本支出3,102.416万元，项目支出5,112.15万元。"
    assert [f for f in findings(text) if f.rule == "arithmetic.parts"] == [], [f.message for f in findings(text)]


@pytest.mark.parametrize("total,parts", [("8,214.58", "3,102.416万元，项目支出5,112.15"),
                                         ("30", "29.99万元，项目支出0.5")])
def test_sums_off_by_more_than_rounding_are_still_found(total, parts):
    # 8,214.566 is not 8,214.58; 30 beside 29.99 is read as 30.00 (a dropped zero), 30.49 is not it
    text = f"本年支出合计{total}万元。其中：基本支出{parts}万元。"
    assert [f.rule for f in findings(text) if f.rule == "arithmetic.parts"] == ["arithmetic.parts"]


# 12. the balance identity uses the totals, not one line listed under a total

BALANCE = ("本单位2023年收入决算数为1,250.40万元，其中：财政拨款收入1,180.20万元，其他收入70.20万元；"
           "年初结转结余15.60万元。支出决算数为1,248.30万元，其中：基本支出612.45万元，项目支出635.85万元；"
           "年末结转结余{close}万元。")


def test_balance_uses_totals_not_their_lines():
    text = BALANCE.format(close="17.70")
    assert [f for f in findings(text) if f.rule == "arithmetic.balance"] == [], [f.message for f in findings(text)]


def test_balance_of_the_totals_that_does_not_hold_is_still_found():
    text = BALANCE.format(close="27.70")
    assert [f.excerpt for f in findings(text) if f.rule == "arithmetic.balance"] == ["27.70万元"]


# 13. one label, two funds: each clause's rate belongs to the fund the clause opens with

TWO_FUNDS = ("一、资金使用情况\n县级财政配套资金全年共计安排，已全部拨付使用，预算执行率100%。\n"
             "{second}全年共计安排，当年未使用，预算执行率0%。\n")


def test_rates_of_two_funds_under_one_label_are_not_one_quantity():
    text = TWO_FUNDS.format(second="公益林管护补助资金")
    assert [f for f in findings(text) if f.rule == "value.conflict"] == [], [f.message for f in findings(text)]


def test_two_rates_of_one_fund_still_conflict():
    text = TWO_FUNDS.format(second="县级财政配套资金")
    assert [f.excerpt for f in findings(text) if f.rule == "value.conflict"] == ["0%"]


# a 其中 list read past its end: the first parts already make the whole, the next amount is
# another flow (支出 after 结转 + 收入)

FLOWS = ("2023年学校共收到财政资金{whole}元。其中，收到上年结转资金812345.67元，当年取得收入43210987.65元，"
         "当年发生支出{spent}元，年末结余资金1234.56元。")


def test_parts_read_past_the_amount_they_make_up_are_no_error():
    text = FLOWS.format(whole="44023333.32", spent="43999999.99")
    assert rules(text) == [], [f.message for f in findings(text)]


def test_parts_that_never_make_the_whole_are_still_found():
    text = FLOWS.format(whole="44023333.32", spent="43999999.99").replace("812345.67", "912345.67")
    assert "arithmetic.parts" in rules(text)


# a rate after a 其中 list whose items together make it: the rate is the list's total over
# the base, not the first item's

LIST_RATE = ("核定基金规模为36121.00万元，其中：上级补助15150.00万元，本级自筹20971.00万元。2022年，收到上级补助资金"
             "15150.00万元，全部拨付到各级政府，其中本级支出安排489.00万元，各县区安排{rest}万元，执行率为100%。")


def test_rate_of_a_whole_list_is_not_its_first_items():
    text = LIST_RATE.format(rest="14661.00")
    assert "arithmetic.rate" not in rules(text), [f.message for f in findings(text)]


def test_rate_a_list_does_not_make_is_still_found():
    # the items make 13150 of 15150: the list itself is flagged, and the rate
    assert {"arithmetic.rate", "arithmetic.parts"} <= set(rules(LIST_RATE.format(rest="12661.00")))


def test_a_small_part_beyond_parts_that_make_the_whole_is_still_an_excess():
    text = ("2023年学校共收到财政资金44023333.32元。其中，收到上年结转资金812345.67元，"
            "当年取得收入43210987.65元，其他收入6000.00元。")
    assert "arithmetic.parts" in rules(text)


# 具体是/具体为 after an amount lists all of its parts

DETAILS = ("一是市博物馆，下达预算资金{whole}万元。具体是：馆舍修缮工程项目1200万元；藏品数字化项目350万元；"
           "安防提升工程项目{last}万元。二是市图书馆，下达预算资金500万元。")


def test_details_that_make_their_amount_are_consistent():
    assert "arithmetic.parts" not in rules(DETAILS.format(whole="2000", last="450"))


def test_details_that_fall_short_of_their_amount_are_found():
    assert "arithmetic.parts" in rules(DETAILS.format(whole="2400", last="450"))


# one 其中 list written twice with the same items: the one that adds up shows the items are
# the whole breakdown, so the other must add up too

TWINS = ("本项目共申请预算资金{asked}元，其中办公运转300000元，人员报酬{pay}元，培训会议40000元，设备购置120000元。"
         "本项目共完成预算资金{done}元，其中办公运转280000元，人员报酬150000元，培训会议35000元，设备购置100000元。")


def test_a_list_whose_twin_adds_up_must_add_up_itself():
    assert "arithmetic.parts" in rules(TWINS.format(asked="800000", pay="240000", done="565000"))


def test_twin_lists_that_both_add_up_are_consistent():
    assert rules(TWINS.format(asked="700000", pay="240000", done="565000")) == []


def test_a_list_alone_may_name_only_some_parts():
    assert rules(TWINS.format(asked="800000", pay="240000", done="600000")) == []


# staffing posts (编制) listed beside people counted (在职, 退休, 实有人员) are no addends

STAFF = "本单位为县直属事业单位，实有编制12人，2016年末在职{on}人（含撤并乡镇人员3人）、退休14人，共{total}人。"


def test_posts_beside_persons_are_not_parts_of_a_total():
    assert rules(STAFF.format(on="12", total="26")) == []


def test_persons_that_do_not_make_their_total_are_still_found():
    text = "本单位2016年末在职12人、退休14人、离休2人，共30人。"
    assert "arithmetic.parts" in rules(text)


# a 其中 list inside numbered item 1 does not run into item 2

ITEMS = "（一）资金安排：1、档案管理项目资金：2016年县财政安排30万元，其中重点档案抢救10万元；{next}县财政拨款427.36万元，当年全部到位。"


def test_a_list_stops_at_the_next_numbered_item():
    assert rules(ITEMS.format(next="2、档案馆建设项目资金：2016年")) == []


def test_a_list_going_on_over_a_semicolon_is_still_read():
    assert "arithmetic.parts" in rules(ITEMS.format(next="档案馆建设"))
