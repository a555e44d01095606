"""Causes of wrong findings on the eighth held-out set, as general guards, with the
look-alikes that must still be found."""
import pytest
from conftest import rule_findings as _findings

from auditor.model import build_document


@pytest.mark.parametrize("text", [
    # the department's 全年预算 stands one paragraph up; the rate is 决算数 ÷ 全年预算数 of the project
    "全年预算为63501.78万元，收支总决算63501.78万元。\n"
    "2023年度项目支出年初预算安排37070.2万元,全年预算数49724.97万元,预算调剂比例34.14%,"
    "决算数47881.27万元,项目预算执行率96.29%。\n",
    "部门全年预算 820.5 万元。\n本年度项目年初批复预算 310 万元；调整后预算 402.6 万元，"
    "实际支出 398.1 万元，项目预算执行率为 98.88%。\n",
])
def test_an_execution_rate_is_not_read_as_budget_over_budget(text):
    assert _findings(text, "arithmetic.rate") == []


def test_a_wrong_execution_rate_is_still_found():
    text = "2023年项目全年预算数为500万元，实际支出400万元，预算执行率为90%。\n"
    (f,) = _findings(text, "arithmetic.rate")
    assert f.excerpt == "90%"


@pytest.mark.parametrize("text", [
    "其中:建设资金2576.64万元;东西协作项目、六大产业等果园后续管理项目12个,建设资金1200万元。\n",
    "全年实施农村公路、危桥改造等交通项目8个，完成投资3200万元。\n",
])
def test_a_name_with_etc_inside_is_a_category_not_one_item(text):
    assert [f for f in _findings(text, "arithmetic.parts") if "计数" in f.message] == []


def test_a_closed_list_of_names_short_of_its_count_is_still_found():
    text = "局机关内设4个科室：办公室、财务股、法制股。\n"
    found = [f for f in _findings(text, "arithmetic.parts") if "计数" in f.message]
    assert len(found) == 1 and found[0].evidence["names"] == 3


FIXTURES = __import__("pathlib").Path(__file__).resolve().parent / "fixtures"


def _regions(text):
    return [f.excerpt for f in _findings(text, "entity.region")]


def _h032():
    return (FIXTURES / "heldout8" / "h032_changtai_caipiaogongyijin.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("header", [
    "| 所在地区: | 福建-漳州-长泰县 | 发布日期: | 2025年6月27日 | \n",
    "发布时间：2025-06-27　所在地区：福建-漳州-长泰县　浏览次数：12\n",
])
def test_a_site_metadata_line_is_not_the_reports_text(header):
    body = _h032().split("\n", 1)[1]
    assert _regions(header + body) == []


def test_the_former_name_in_the_reports_own_text_is_still_found():
    text = _h032().replace("支持长泰区地方社会公益项目建设", "支持长泰县地方社会公益项目建设", 1)
    assert "长泰县" in _regions(text)


def _g022():
    return (FIXTURES / "heldout7" / "g022_guangxi_haimian.txt").read_text(encoding="utf-8")


def test_a_home_district_running_into_a_common_word_is_not_another_place():
    # 雁山城区 = 雁山(区) + 城区, not 山城区 of 鹤壁
    text = _g022()
    assert "雁山城区" in text and _regions(text) == []


def test_a_place_of_another_province_named_alone_is_still_found():
    text = _g022().replace("雁山城区", "鹤壁市山城区", 1)
    assert any("山城区" in x for x in _regions(text))


def test_numbered_paragraphs_opening_on_a_year_are_items_of_their_own():
    # 1.2021年… / 2.2021年…: two projects, each with its own 项目管理费 (set 7, g011)
    text = ("二、项目实施情况\n"
            "  1.2021年第一批统筹整合使用财政涉农资金养殖基地建设项目,建设防洪挡墙3100立方米。"
            "统筹整合使用财政涉农资金303万元,其中项目管理费3万元,目前项目资金已拨付270万元。\n"
            "  2.2021年第一批统筹整合使用财政涉农资金基础设施建设项目,村内道路硬化700平方米。"
            "统筹整合使用财政涉农资金107.13万元,其中项目管理费1.07万元,目前项目资金已拨付106.36万元。\n")
    assert _findings(text, "value.conflict") == []
    doc = build_document("<t>", text, "utf-8")
    assert [h.number for h in doc.headings if h.level == 3] == ["1", "2"]


def test_one_quantity_given_two_values_in_one_item_is_still_found():
    text = ("二、项目实施情况\n"
            "  1.2021年第一批养殖基地建设项目,统筹整合使用财政涉农资金303万元,其中项目管理费3万元。"
            "经复核,统筹整合使用财政涉农资金303万元,其中项目管理费1.07万元,已全部拨付到位。\n")
    assert [f.excerpt for f in _findings(text, "value.conflict")] != []


def _numbering(text):
    return [f.excerpt for f in _findings(text, "structure.numbering")]


def test_a_page_marker_breaking_a_word_is_no_list_item():
    # …成为图书⏎2、馆从事… (图书馆 broken by a document site's chunk marker), later the real 2、
    para = ("1、职能职责(1)、保存文化遗产。图书馆的产生是保存人类文化遗产的需要,人类的社会实践所取得的经验"
            "与知识才得以系统地保存并流传下来。(2)、传递科学情报。图书馆丰富、系统、全面的资料,成为图书")
    text = para + "\n2、馆从事科学情报传递工作的物质条件。(3)、开发智力资源。2、组织架构,内设三个股室。\n"
    assert _numbering(text) == []


def test_a_repeated_number_after_a_long_line_of_two_cells_is_still_found():
    para = ("1、预算编制。按照学校管理标准对学校进行管理,实际工作需求与资金测算标准相符,项目立项规范合理"
            "并经集体研究决定,财务管理制度健全投入管理")
    text = para + "\n1、预算执行率达到100%,财务制度健全,会计核算规范。\n"
    assert _numbering(text) != []


def test_row_blocks_of_a_table_exported_one_cell_per_line_number_their_items_anew():
    text = ("项目支出\n667.94\n622.50\n   其中:1、运行维护经费\n          2专项资金\n"
            "职工帮扶专项补助\n195.14\n149.20\n149.20\n三公经费\n   1、公务用车购置和维护经费\n3.33\n7\n")
    assert _numbering(text) == []


def test_a_number_repeated_in_prose_is_still_found():
    text = ("一、主要做法\n1、加强组织领导，成立工作专班。\n经费使用规范，全年支出 120 万元。\n"
            "1、完善制度建设，修订管理办法。\n")
    assert _numbering(text) != []


def test_page_numbers_of_a_contents_page_run_together_are_no_growth():
    text = ("目录 一、概述1(一)灌区基本情况1(二)规划目标和建设任务2二、项目效益评估23(一)节水效益23"
            "(二)增产增收效益 24(三)灌区GDP和农民人均纯收入增加27(四)用水纠纷减少27(五)影响评价结论 27"
            "三、目标评估28\n一、概述\n灌区位于县境东部。\n")
    assert _findings(text, "arithmetic.growth") == []


def test_a_wrong_change_in_prose_is_still_found():
    text = "2023年农民人均纯收入15600元，比上年13200元增加2700元。\n"
    assert [f.excerpt for f in _findings(text, "arithmetic.growth")] != []


@pytest.mark.parametrize("text", [
    "对包括含定州、辛集市在内的全省24个重点县(市区)开展了实地重点评价。\n",
    "包括城关镇、新华镇等在内的12个乡镇完成了改造任务。\n",
])
def test_an_inclusive_list_names_some_of_the_counted(text):
    assert [f for f in _findings(text, "arithmetic.parts") if "计数" in f.message] == []


H016 = ("本年支出合计61658.08万元,预算执行率为97.10%。年末结转结余1843.7万元。其中,基本支出13645.88万元、"
        "占比21.49%,项目支出47881.27万元、占比75.40%,经营支出130.93万元、占比0.21%。\n")


def test_a_list_that_makes_an_earlier_amount_exactly_is_not_read_against_the_nearer_one():
    assert _findings(H016, "arithmetic.parts") == []
    assert _findings(H016, "arithmetic.share") == []


def test_a_list_that_makes_no_earlier_amount_is_still_read_against_the_nearer_one():
    text = H016.replace("13645.88", "13745.88")     # the parts no longer make 61658.08
    assert _findings(text, "arithmetic.parts") != []


def test_an_enumeration_by_yi_shi_after_a_comma_tells_its_items_apart():
    # set 7, g002: 一是 … 已于本年度支出 75 万元 …；二是 … 已于本年度支出 3624.71 万元
    text = (FIXTURES / "heldout7" / "g002_huoqiu_jiaoyu.txt").read_text(encoding="utf-8")
    assert ",一是" in text
    assert _findings(text, "value.conflict") == []
