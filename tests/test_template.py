"""template.placeholder: template slots left unfilled, told apart from a hosting site's
anonymised copy (every year 20xx) and from masking (**) and codes (X光, XXL)."""
from pathlib import Path

import pytest

from auditor.checks.template import check_placeholder
from auditor.model import build_document

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _found(text):
    doc = build_document("<t>", text, "utf-8")
    return [(f.excerpt, f.confidence, f.evidence["kind"], f.evidence["count"]) for f in check_placeholder(doc)]


def test_an_amount_left_unfilled_beside_real_years_is_likely():
    text = ("市总工会2023年度帮扶资金绩效自评报告\n"
            "一、项目概况\n2023年度财政资金年度预算安排XX万元，主要用于春节前困难职工慰问。\n")
    assert _found(text) == [("XX", "likely", "amount", 1)]


@pytest.mark.parametrize("text, kind, slot", [
    ("报告\n2022年项目完成情况良好。报告日期：201X/X/XX。\n", "date", "201X/X/XX"),
    ("报告\n2022年度，XX 省财政厅下达资金120万元。\n", "name", "XX"),
    ("报告\n2022年度，经XXX人民政府批准成立。\n", "name", "XXX"),
    ("报告\n2022年度完成培训，于x月x日前报送总结。\n", "date", "x月x日"),
    ("报告\n根据2021年文件，项目于20XX年启动。\n", "year", "20XX"),
])
def test_slots_of_every_kind(text, kind, slot):
    assert _found(text) == [(slot, "likely", kind, 1)]


def test_a_body_without_one_real_year_is_an_anonymised_copy_and_only_possible():
    # a public copy whose site replaced every year: the report's own title line keeps one
    text = ("2024年项目支出绩效评估报告\n现将我馆20xx年度项目支出绩效自评情况报告如下。"
            "20xx年编制人数为11人，XX县财政局下达资金30万元。\n")
    assert sorted(_found(text)) == [("20xx", "possible", "year", 2), ("XX", "possible", "name", 1)]


@pytest.mark.parametrize("text", [
    "报告\n2023年，**县完成改造，联系电话 151****8227。\n",       # a site's masking
    "报告\n2023年购置X光机1台、XXL型防护服20套。\n",               # codes, not slots
    "报告\n二〇〇八年建成，2023年完成维修。\n",                     # a year in Chinese numerals
    "报告\n2023年完成投资3520万元，受益群众1.2万人。\n",
])
def test_no_slot(text):
    assert _found(text) == []


def test_offsets_point_into_the_original_and_every_occurrence_is_related():
    path = FIXTURES / "heldout7" / "g012_zhanjiang_wushuichang.txt"
    original = path.read_text(encoding="utf-8")
    doc = build_document(str(path), original, "utf-8")
    (f,) = list(check_placeholder(doc))
    assert original[f.start:f.end] == f.excerpt == "XXX"
    assert len(f.related) == f.evidence["count"] - 1 >= 2
    assert all(original[r.start:r.end] in ("XX", "XXX") for r in f.related)
