"""Family date on constructed text: deadlines before the project's period, a 年度目标
describing an earlier year's plan, dates that do not exist — and the earlier years a
report legitimately cites (documents, 上年, 结转, background, funds issued in advance)."""
import pytest

from auditor.checks.date import date_conflict


def found(make_doc, text):
    return list(date_conflict(make_doc(text)))


FORM = ("高标准农田建设项目绩效目标自评表(2023年度)\n"
        "项目名称 | 高标准农田建设 | 实施期 | 2023年2月-2023年10月 |\n")


def test_timeliness_deadline_before_the_project_period(make_doc):
    text = FORM + "时效指标 | 资金拨付及时性 | 2022年10月31日前完成资金拨付 | 10月底完成 | 10 |\n"
    fs = found(make_doc, text)
    assert len(fs) == 1 and fs[0].excerpt.startswith("2022年10月31日前")
    assert fs[0].confidence == "likely" and fs[0].evidence["reference_year"] == 2023
    assert fs[0].related[0].role == "project_period"


def test_flattened_form_with_the_index_glued_to_the_year(make_doc):
    text = ("种子推广项目绩效目标自评表(2023年度)项目名称种子推广实施期2023年3月-2023年11月"
            "时效指标指标12022年11月30日前完成资金支付811月底完成100%")
    fs = found(make_doc, text)
    assert len(fs) == 1 and fs[0].excerpt.startswith("2022年11月30日前")


def test_annual_goal_describing_the_previous_year(make_doc):
    text = ("部门预算项目支出绩效自评表(2024年度) |\n"
            "项目基本情况 | 项目年度目标 | 年度目标完成情况 |\n"
            "2023年我局计划使用财政资金30万元用于聘用人员工资。 | 已完成。 |\n")
    fs = found(make_doc, text)
    assert len(fs) == 1 and fs[0].excerpt.startswith("2023年我局计划")
    assert "2024年度" in fs[0].message


@pytest.mark.parametrize("text", [
    # deadlines inside or after the period
    FORM + "时效指标 | 资金拨付及时性 | 2023年10月31日前完成资金拨付 |\n",
    FORM + "时效指标 | 结算及时性 | 2024年3月底前完成结算 |\n",
    # earlier years outside a timeliness indicator: background, advance issue, citations
    FORM + "截至2022年底，全县已建成高标准农田 5 万亩。\n",
    FORM + "省财政厅于2022年11月30日前提前下达2023年资金。\n",
    FORM + "依据《关于2022年12月31日前完成项目储备的通知》（农计〔2022〕5号）。\n",
    FORM + "时效指标 | 截至2022年12月31日前的结转项目已全部完成 |\n",
    # the goal of this year, or last year's figures cited as such
    "部门预算项目支出绩效自评表(2024年度) |\n项目年度目标 |\n2024年计划使用财政资金30万元。 |\n",
    "部门预算项目支出绩效自评表(2024年度) |\n项目年度目标 |\n2023年结转资金5万元，计划本年使用。 |\n",
    "部门预算项目支出绩效自评表(2024年度) |\n项目概况 |\n2023年我局计划开展前期调研，2024年实施。 |\n",
    # dates that exist
    "2024年2月29日完成验收，2023年4月30日拨付，12月31日结算。",
])
def test_legitimate_dates_are_silent(make_doc, text):
    assert found(make_doc, text) == []


@pytest.mark.parametrize("text,bad", [
    ("资金于2023年2月30日拨付到位。", "2023年2月30日"),
    ("项目于2023年2月29日验收。", "2023年2月29日"),
    ("已于4月31日完成采购。", "4月31日"),
    ("计划13月15日完成。", "13月15日"),
    ("项目于2022年13月完成验收。", "2022年13月"),
])
def test_dates_that_do_not_exist(make_doc, text, bad):
    fs = found(make_doc, text)
    assert [f.excerpt for f in fs] == [bad] and fs[0].confidence == "certain"


def test_form_filled_before_its_year(make_doc):
    text = ("2023年度项目支出绩效自评报告\n填报单位：某县农业农村局\n填报日期：2022年3月15日\n")
    fs = found(make_doc, text)
    assert len(fs) == 1 and fs[0].excerpt.startswith("2022年3") and fs[0].evidence["report_year"] == 2023


def test_period_ending_before_it_starts(make_doc):
    fs = found(make_doc, "项目名称 | 道路养护 | 实施期 | 2023年11月-2023年3月 |\n")
    assert len(fs) == 1 and fs[0].confidence == "certain"


@pytest.mark.parametrize("text", [
    "2022年度项目支出绩效自评报告\n填报日期：2023年3月15日\n",
    "2022年度项目支出绩效自评报告\n发布时间:2023-04-23 08:44\n",
    "项目绩效自评报告\n根据《关于开展2024年度绩效自评工作的通知》，填报日期：2023年12月20日\n",
    "2023年度部门整体支出绩效自评表\n填报日期：2023年12月20日\n",
    "项目名称 | 道路养护 | 实施期 | 2022年11月-2023年3月 |\n",
])
def test_dates_after_the_year_and_forward_periods_are_silent(make_doc, text):
    assert found(make_doc, text) == []


def test_document_received_before_it_was_issued(make_doc):
    text = ("1.资金下达情况。2013年5月20日，我县收到《财政部关于下达2023年农业发展资金预算的通知》"
            "(财农〔2023〕41号)，下达资金 300 万元。\n")
    fs = found(make_doc, text)
    assert [f.excerpt for f in fs] == ["2013年5月20日"] and fs[0].evidence["document_year"] == 2023


@pytest.mark.parametrize("text", [
    "2023年5月20日，我县收到《关于下达2023年资金的通知》(财农〔2023〕41号)。\n",
    "2024年1月5日转发《关于…的通知》(财农〔2023〕41号)。\n",
    "依据《预算法》(财预〔2020〕10号)，2023年5月20日下达资金。\n",
])
def test_documents_received_after_they_were_issued_are_silent(make_doc, text):
    assert found(make_doc, text) == []


def test_a_span_of_years_that_ends_before_it_starts(make_doc):
    text = ("根据《农村扶贫开发纲要(2011—2010年)》和本省实施纲要(2011—2020年)，"
            "2021至2025年将持续投入，2023-2024年度资金已到位。")
    found = [f for f in date_conflict(make_doc(text)) if "年份区间" in f.message]
    assert [f.excerpt for f in found] == ["2011—2010年"]


def test_a_target_form_for_next_year_is_filed_before_it(make_doc):
    text = ("来源: 某县教育局 发布时间: 2021-10-18 15:07\n项目支出预算绩效目标申报表\n(2022年度)\n"
            "填报单位:某县教育局\n")
    assert [f for f in date_conflict(make_doc(text)) if f.evidence.get("label")] == []


def test_a_year_that_lost_a_digit(make_doc):
    text = "会议于202年1月11日召开，2023年1月完成验收，项目编号A202年度计划不适用。"
    found = [f for f in date_conflict(make_doc(text)) if "三位" in f.message]
    assert [f.excerpt for f in found] == ["202年1月"]


@pytest.mark.parametrize("text,flagged", [
    ("项目建设期为3年，2022年1月开始项目筹备工作，2025年12月竣工验收并使用。", True),     # 48 months
    ("项目建设期为3年，2022年1月开工，2024年12月竣工验收。", False),                      # 36 months
    ("建设期为三年，计划2021年3月开工，2023年12月完工。", False),                        # 34 months
    ("项目实施期为6个月，自2023年3月至2023年8月。", False),
    ("项目实施期为6个月，自2023年3月至2023年12月。", True),                            # 10 months
    ("建设期为2年。2022年1月开工，2025年12月竣工。", False),                            # another sentence
    ("建设期为3年，2022年1月立项，2023年6月开工，2025年12月竣工。", False),              # three dates
])
def test_a_stated_period_against_its_first_and_last_month(text, flagged):
    from auditor.checks.date import date_conflict
    from auditor.model import build_document
    found = [f for f in date_conflict(build_document("inline.txt", text)) if f.message.startswith("期限")]
    assert bool(found) == flagged, [f.message for f in found]
