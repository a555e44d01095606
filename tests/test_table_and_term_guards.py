"""Guards from the fifth held-out set (tests/fixtures/unseen, e… files), on look-alike text
written for these tests: table text read as prose (a row label once per column, a column's
cell once per row, a page title then a subtitle opening with the same words), words the
dictionary lacks beside a doubled character (自|评 of 绩效自评, a misspelt 病…率 term), a list
that restarts under an inline section marker, a sub-score read as a total, and one label
used for two scopes."""
import pytest

from auditor.checks.text import duplicate_char, duplicate_phrase


def _excerpts(findings):
    return [f.excerpt for f in findings]


# --------------------------------------------------------------------------- duplicate_char

@pytest.mark.parametrize("text", [
    # a flattened funding table: the row label once per column (计划 / 到位 / 支出 / 结余)
    "资金来源合计其中:本级财政本级财本级财政政政上级财政上级财政其他其他其他3.2其他",
    # an evaluation method the dictionary does not know (抽|评), written alone elsewhere
    "年底开展单位抽评。经抽评评分，三个单位为优。",
    # a disease name ending in 病, then a misspelt 病…率 / 病…数 term (病例数, 病死率)
    "降低肺结核病病列率，提高治愈率。",
    "全年报告肺结核病病列数较上年下降。",
])
def test_doubling_beside_an_unknown_word_or_cells_is_left_alone(make_doc, text):
    assert _excerpts(duplicate_char(make_doc(text))) == []


@pytest.mark.parametrize("text,doubled", [
    ("组织开展培训培训工作，参训人员满意。", "培训培训"),
    ("加强资金管理管理，确保资金安全。", "管理管理"),
    ("经单位抽评评分，三个单位为优。", "评评"),          # 抽评 nowhere else: nothing vouches for it
    ("资金已按程序拨拨付到位。", "拨拨"),
    ("严格执行财政政策，财政政政策落实到位。", "政政"),   # 财政|政|政策: one stray copy
])
def test_doubling_between_words_is_still_found(make_doc, text, doubled):
    assert doubled in _excerpts(duplicate_char(make_doc(text)))


# --------------------------------------------------------------------------- duplicate_phrase

def test_a_column_cell_repeated_in_every_row_is_no_glued_clause(make_doc):
    # an expense table run together (支出内容 | 金额 | 凭证号 | 备注), cut into a site's chunks
    text = ("支出内容金额凭证号备注办公设备购置费3200元5#凭证打印机办公设备购置费1800元5#凭证碎纸机\n"
            "3、办公设备购置费2600元6#凭证空调办公设备购置费900元7#凭证\n")
    assert _excerpts(duplicate_phrase(make_doc(text))) == []


def test_two_glued_copies_of_a_clause_are_still_found(make_doc):
    text = "项目建设严格按照施工合同执行项目建设严格按照施工合同执行，工程质量合格。"
    assert _excerpts(duplicate_phrase(make_doc(text))) == ["项目建设严格按照施工合同执行"]


def test_a_page_title_then_a_subtitle_opening_with_its_words(make_doc):
    text = ("某县农业农村局项目支出绩效自评报告.docx\n"
            "《某县农业农村局项目支出绩效自评报告.docx》由会员分享,可在线阅读。\n"
            "1、某县农业农村局项目支出绩效自评报告项目支出绩效自评报告(精选8篇)1根据县财政局通知要求，"
            "现将自评情况报告如下。\n")
    assert _excerpts(duplicate_phrase(make_doc(text))) == []


def test_a_phrase_glued_twice_in_the_body_is_still_found(make_doc):
    # no title line above holds it: the body repeats itself
    text = "项目概况\n某县农业农村局项目支出绩效自评报告项目支出绩效自评报告已按时报送，现将自评情况报告如下。\n"
    assert _excerpts(duplicate_phrase(make_doc(text))) == ["项目支出绩效自评报告"]


# --------------------------------------------------------------------------- structure.numbering

from auditor.checks.structure import numbering  # noqa: E402

_FLAT_PDF = ("2023年度某项目绩效评价报告 一、基本情况 (一)项目概况 1.立项依据 该项目依据市政府常务会议纪要设立。"
             " 2.实施情况 项目已于年底前全部实施完毕。")


def test_a_list_restarts_under_an_inline_section_marker(make_doc):
    # a PDF line run together: only the markers after a sentence end are read, (一) and the
    # first 1. are not, so the second 2. seemed to follow the first
    text = _FLAT_PDF + " (二)绩效目标 1.总体目标 全年完成道路维修养护任务。 2. 目标完成情况 各项任务全部完成。\n"
    assert _excerpts(numbering(make_doc(text))) == []


def test_a_repeat_inside_one_section_is_still_found(make_doc):
    text = _FLAT_PDF + " 2.资金情况 资金已全部拨付。 (二)绩效目标 全年完成道路维修养护任务。\n"
    assert [f.evidence["kind"] for f in numbering(make_doc(text))] == ["item_repeat"]


# --------------------------------------------------------------------------- score.list_total

from auditor.checks.score import check_listed_total  # noqa: E402


def test_a_sub_score_is_no_total_of_the_items_after_it(make_doc):
    # item 1 states its figures before its score, so the item pattern does not read it; its
    # paragraph is the list's first item, not a total printed above the list
    text = ("(一)自评得分\n\n某单位绩效自评得分91.5分，等级为优。\n\n(二)绩效目标完成情况\n\n"
            "1. 预算执行情况：下达资金80万元，已支付72万元，执行率90%，绩效自评得分8.5分。\n\n"
            "2.产出指标完成情况:各项指标全部完成,绩效自评得分45分。\n\n"
            "3.效益指标完成情况:各项指标基本完成,绩效自评得分28分。\n\n"
            "4.满意度指标完成情况:综合满意度96%,绩效自评得分10分。\n")
    assert list(check_listed_total(make_doc(text))) == []


def test_a_total_above_its_items_is_still_checked(make_doc):
    text = ("综合评价得分为86分。\n1.决策指标得分18分。\n2.过程指标得分17分。\n"
            "3.产出指标得分30分。\n4.效益指标得分20分。\n")
    assert _excerpts(check_listed_total(make_doc(text))) == ["86"]


# --------------------------------------------------------------------------- value.conflict

from auditor.checks import RULES, load_all  # noqa: E402

load_all()


def _conflicts(make_doc, text):
    return _excerpts(RULES["value.conflict"].func(make_doc(text)))


def test_one_label_in_two_items_of_an_enumeration(make_doc):
    text = ("二、资金情况\n2022年本级体育发展资金下达30万元，资金到位率100%，其中全民健身器材采购项目已验收并支付完毕，"
            "资金使用率100%；社区运动会项目资金使用20.4万元，资金使用率85.00%。\n")
    assert _conflicts(make_doc, text) == []
    # in two sentences, nothing says the two rates are two items'
    apart = ("二、资金情况\n2022年本级体育发展资金下达30万元，资金到位率100%，资金使用率100%。\n"
             "社区运动会项目资金使用20.4万元，资金使用率85.00%。\n")
    assert _conflicts(make_doc, apart) == ["85.00%"]


_SCOPES = ("一、资金情况\n2023年，收到上级补助资金2340.50万元，全部拨付到各县区。\n"
           "2023年全市农机购置补贴地方应配套1200.00万元，实际配套到位资金5678.25万元。\n"
           "二、绩效分析\n全市农机购置补贴应到位3540.50万元，实际配套到位资金8018.75万元，超额完成。\n")


def test_one_label_for_two_scopes_differing_by_a_stated_amount(make_doc):
    # 8018.75 − 5678.25 = 2340.50, the 上级补助 stated above: with it and without it
    assert _conflicts(make_doc, _SCOPES) == []


def test_a_difference_no_amount_explains_is_still_a_conflict(make_doc):
    assert _conflicts(make_doc, _SCOPES.replace("8018.75", "8019.75")) == ["8019.75万元"]
