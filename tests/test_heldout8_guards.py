"""Causes of wrong findings on the eighth held-out set, as general guards, with the
look-alikes that must still be found."""
import pytest

from auditor.model import build_document
from auditor.checks import selected_rules


def _findings(text, rule):
    doc = build_document("<t>", text, "utf-8")
    (r,) = [r for r in selected_rules([rule])]
    return list(r.func(doc))


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
