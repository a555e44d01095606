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
