"""Family structure on constructed text: numbering gaps and repeats, contents vs
headings, indicator codes and paired labels, required parts left empty — and the
regular forms next to them that must stay silent."""
import pytest

from auditor.checks.structure import label, missing, numbering


def rules_of(findings):
    return [f.rule for f in findings]


def body(*lines):
    return "\n\n".join(lines) + "\n"


# --------------------------------------------------------------------------- numbering

def test_section_numbering_gap(make_doc):
    doc = make_doc(body("一、项目概况", "本项目资金 100 万元。", "二、绩效目标", "目标明确。",
                        "四、存在问题", "宣传不够深入。"))
    found = list(numbering(doc))
    assert len(found) == 1
    assert found[0].excerpt == "四、存在问题" and "缺“三”" in found[0].message
    assert found[0].related[0].role == "previous_heading"


# a page that lost its line breaks runs headings on inside lines: the ones a line starts with
# skip numbers the lines themselves print
@pytest.mark.parametrize("lines,found", [
    (("一、项目概况 （一）项目基本情况。", "建设日间照料中心 4 个。", "（二）项目绩效目标。",
      "满意度达90%以上。 二、资金管理情况 （一）资金到位情况。", "到位 173 万元。 三、项目绩效情况",
      "完成 61.99 万元。", "四、评价结论", "评价等级为良。 五、存在的问题 无", "六、其他需说明的事项 无"), []),
    # the same page with 三、 really missing: 二 and 四 are printed, 三 is not
    (("一、项目概况 （一）项目基本情况。", "建设日间照料中心 4 个。", "（二）项目绩效目标。",
      "满意度达90%以上。 二、资金管理情况 （一）资金到位情况。", "到位 173 万元。",
      "完成 61.99 万元。", "四、评价结论", "评价等级为良。"), ["三"]),
    # a cross-reference is no heading: 见附件三、 has no sentence end or space before it
    (("一、项目概况", "内容见附件三、四。", "二、绩效目标", "明确。", "四、存在问题", "无。"), ["三"]),
])
def test_section_gap_filled_by_headings_inside_lines(make_doc, lines, found):
    got = [f.message.split("缺“")[1].split("”")[0] for f in numbering(make_doc(body(*lines)))
           if f.evidence.get("kind") == "skip" and not f.evidence.get("first")]
    assert got == found
    assert not [f for f in numbering(make_doc(body(*lines))) if f.evidence.get("first")]


def test_repeated_section_number(make_doc):
    doc = make_doc(body("一、项目概况", "内容。", "（一）立项依据", "依据充分。", "（二）资金来源", "财政拨款。",
                        "（二）资金使用", "专款专用。"))
    found = list(numbering(doc))
    assert len(found) == 1 and found[0].evidence["kind"] == "repeat"


@pytest.mark.parametrize("lines,excerpt", [
    # a top heading numbered 一 twice (the headings after it renumbered to follow)
    (("一、绩效目标分解下达情况", "安排资金 56 万元。", "一、绩效目标自评工作开展情况", "开展自评。",
      "二、绩效目标自评完成情况分析", "完成。"), "一、绩效目标自评工作开展情况"),
    # a second-level heading numbered （一） twice under one parent
    (("二、绩效目标完成情况分析", "(一)资金投入情况分析。", "已拨付 700 万元。", "(一)总体绩效目标完成情况分析。",
      "完成建设。", "(二)绩效指标完成情况分析", "全部完成。"), "(一)总体绩效目标完成情况分析。"),
])
def test_first_heading_number_repeated(make_doc, lines, excerpt):
    found = list(numbering(make_doc(body(*lines))))
    assert [(f.evidence["kind"], f.excerpt) for f in found] == [("repeat", excerpt)]


@pytest.mark.parametrize("lines,found", [
    # a part opening its second level at （二）
    (("摘要", "根据有关文件要求，开展整体支出绩效评价。", "（二）2020年度重点工作", "围绕城市转型开展工作。",
      "（三）绩效目标", "目标明确。"), True),
    # under a 一、 heading whose first section lost its number
    (("一、基本情况", "单位概况如下。", "（二）资金情况", "到位 100 万元。", "（三）绩效目标", "明确。"), True),
    # the （一） printed inline, or the second level continuing across 一、 sections
    (("一、基本情况", "（一）单位概况：内设 3 个股室。（二）资金情况", "到位 100 万元。"), False),
    (("一、基本情况", "（一）概况", "内容。", "二、资金", "（二）资金到位", "到位。"), False),
])
def test_second_level_opening_without_its_first(make_doc, lines, found):
    fs = [f for f in numbering(make_doc(body(*lines))) if f.evidence.get("first")]
    assert bool(fs) == found


@pytest.mark.parametrize("lines", [
    # regular sequence; level 2 restarts under each level-1 section
    ("一、项目概况", "（一）立项依据", "依据。", "（二）资金", "资金。", "二、绩效分析", "（一）产出", "产出。",
     "（二）效益", "效益。", "三、存在问题", "无。"),
    # abstract and body each number their sections from 一
    ("摘要", "一、基本情况", "概况。", "二、结论", "优。", "正文", "一、基本情况", "概况。", "二、评价工作",
     "过程。", "三、结论", "优。"),
    # level-2 numbering that continues across level-1 sections
    ("一、基本情况", "（一）背景", "背景。", "（二）目标", "目标。", "二、分析", "（三）产出", "产出。",
     "（四）效益", "效益。"),
    # numbered items that are not section headings (tables) do not count
    ("一、概况", "序号\t指标\t得分", "1\t产出\t10", "3\t效益\t10", "二、结论", "优。"),
])
def test_regular_numbering_is_silent(make_doc, lines):
    assert list(numbering(make_doc(body(*lines)))) == []


def test_table_of_contents_skipping_a_heading(make_doc):
    doc = make_doc(body(
        "目录",
        "一、基本情况.....\t- 1 -", "二、绩效评价工作情况.....\t- 2 -", "四、绩效评价指标分析.....\t- 5 -",
        "一、基本情况", "项目为常年性项目。", "二、绩效评价工作情况", "评价小组现场评价。",
        "三、综合评价结论", "综合得分 93.99 分。", "四、绩效评价指标分析", "各项指标完成良好。"))
    found = list(numbering(doc))
    assert len(found) == 1
    f = found[0]
    assert f.excerpt.startswith("四、绩效评价指标分析") and f.confidence == "certain"
    assert [r.role for r in f.related] == ["previous_toc_entry", "heading_not_in_toc"]
    assert f.related[1].excerpt == "三、综合评价结论"


def test_table_of_contents_number_disagreeing_with_heading(make_doc):
    doc = make_doc(body(
        "一、基本情况.....\t- 1 -", "二、存在的问题.....\t- 2 -", "三、有关建议.....\t- 3 -",
        "一、基本情况", "概况。", "二、有关建议", "建议。", "三、存在的问题", "问题。"))
    found = [f for f in numbering(doc) if f.evidence["kind"] == "toc_mismatch"]
    assert len(found) == 2
    assert all(f.related[0].role == "heading" for f in found)


# --------------------------------------------------------------------------- label

TABLE_HEAD = "一级指标\t二级指标\t三级指标\t权重\t得分"


def test_indicator_code_outside_its_parent(make_doc):
    doc = make_doc(body(TABLE_HEAD + "\nB 过程指标\tB1 管理制度\tB11 制度健全\t3\t3\n"
                        "\tB2 预算管理\tB21 预算编制\t4\t4\n\tB3 财务管理\tB21 核算规范\t4\t4"))
    found = list(label(doc))
    assert len(found) == 1
    assert found[0].excerpt == "B21" and found[0].confidence == "certain"
    assert found[0].related[0].excerpt == "B3"


def test_indicator_code_at_the_wrong_depth(make_doc):
    doc = make_doc(body(TABLE_HEAD + "\nB 过程指标\tB1 管理制度\tB11 制度健全\t3\t3\n"
                        "\tB4 组织管理\tB4 组织管理\t6\t6\n\tB5 财务管理\tB51 核算规范\t4\t4"))
    found = list(label(doc))
    assert len(found) == 1 and found[0].confidence == "likely"
    assert "B41" in found[0].message


def test_consistent_indicator_codes_are_silent(make_doc):
    doc = make_doc(body(TABLE_HEAD + "\nA 决策\tA1 政策\tA11 依据\t5\t5\n\tA2 过程\tA21 程序\t5\t5\n"
                        "C 产出\tC1 数量\tC11 参保\t5\t5\n\t\tC12 缴费\t5\t5\n\tC2 质量\tC21 及时\t10\t10"))
    assert list(label(doc)) == []


def test_budget_pair_naming_different_things(make_doc):
    doc = make_doc(body(
        "华宁县 2023 年职工基本医疗保险项目支出为 93,409,520.08 元。",
        "C32 支出预算完成（权重分 4 分，实际得分 1.92 分）",
        "2023 年预算支出 104,100,094.66 元，决算收入 93,409,520.08 元，预算完成率为 89.73%。"))
    found = list(label(doc))
    assert len(found) == 1
    f = found[0]
    assert f.excerpt == "决算收入 93,409,520.08" and f.confidence == "certain"
    assert "决算支出" in f.message and f.related[0].excerpt == "预算支出"


def test_consistent_budget_pair_is_silent(make_doc):
    doc = make_doc("2023 年预算收入 94,767,246.66 元，决算收入 91,799,801.60 元，预算完成率为 96.87%。\n"
                   "预算收入 100 万元，预算支出 90 万元，决算收入 95 万元，决算支出 85 万元。\n")
    assert list(label(doc)) == []


# --------------------------------------------------------------------------- missing

def test_heading_left_empty_among_siblings_with_content(make_doc):
    doc = make_doc(body("七、有关建议", "（一）绩效管理方面", "制定绩效目标，细化量化指标。",
                        "（二）加大医保基金监管力度", "落实举报奖励制度。",
                        "（三）加强各级经办机构基金收支预算测算工作", "八、其他需要说明的问题", "无。"))
    found = [f for f in missing(doc) if "只有标题" in f.message]
    assert len(found) == 1
    assert found[0].excerpt.startswith("（三）") and found[0].related[0].role == "next_part"


def test_item_stating_its_result_in_clauses_is_not_an_empty_heading(make_doc):
    doc = make_doc(body("(二)绩效目标完成情况", "1.产出指标全部完成,慰问对象120人,慰问标准300/人。",
                        "2.效益指标全部完成,营造全社会尊医重卫的良好风尚。",
                        "3.满意度指标全部完成,全面完成指标任务,群众满意度90%",
                        "(三)存在的问题和原因分析", "无。"))
    assert [f for f in missing(doc) if "只有标题" in f.message] == []


def test_list_of_one_line_items_is_not_empty_headings(make_doc):
    doc = make_doc(body("（三）存在问题及改进意见", "1.加强预算编制的前期研究与论证，提高部门预算编制准确性。",
                        "2.进一步提升绩效管理理念，建立健全部门预算绩效管理机制。",
                        "3.梳理部门核心职能，科学合理设置部门整体支出绩效目标与指标。"))
    assert list(missing(doc)) == []


def test_grade_without_score(make_doc):
    doc = make_doc(body("五、存在问题", "宣传不够深入。", "六、项目自评结论及得分",
                        "综上所述，2022 年城乡居民医保补助资金项目绩效自评为“优”。"))
    found = [f for f in missing(doc) if "等级" in f.message]
    assert len(found) == 1 and "优" in found[0].excerpt


@pytest.mark.parametrize("conclusion", [
    "综上所述，项目绩效自评得分 95 分，评价等级为“优”。",
    "经综合评价，综合得分为 93.99 分，评价级别为“优”。",
])
def test_grade_with_score_is_silent(make_doc, conclusion):
    doc = make_doc(body("六、项目自评结论", conclusion))
    assert list(missing(doc)) == []


@pytest.mark.parametrize("content", [
    "我市实施的 2022 年城乡居民医保补助资金项目未出现中央巡视、各级审计和财政监督中发现问题的情况。",
    "经自查，未发现问题。",
])
def test_problem_section_naming_no_problem(make_doc, content):
    doc = make_doc(body("四、项目主要做法", "资金使用规范。", "五、存在问题及建议", content,
                        "六、项目自评结论", "自评得分 98 分。"))
    found = [f for f in missing(doc) if "没有列出任何问题" in f.message]
    assert len(found) == 1


def test_problem_section_with_problems_is_silent(make_doc):
    doc = make_doc(body("三、存在问题", "1、医保基金支出压力大。我市医保基金支付压力持续增加。",
                        "2、经自查未发现违规问题，但宣传仍不够深入。"))
    assert list(missing(doc)) == []


def test_satisfaction_indicator_without_figure(make_doc):
    doc = make_doc(body("三、项目绩效情况",
                        "5.可持续性。进一步改善人民生活条件，促进社会经济持续、稳定发展。",
                        "6.服务对象满意度。针对不同人群，采取不同宣传方式和路径，将医保政策和普法宣传工作相结合。"))
    found = list(missing(doc))
    assert len(found) == 1 and found[0].excerpt.startswith("6.服务对象满意度")


def test_satisfaction_indicator_restating_its_worded_target_is_silent(make_doc):
    """满意度指标:<target in words>,已完成 — the target set no figure, so the status has none."""
    doc = make_doc(body("三、项目绩效情况", "社会效益指标:方便村民生产生活,已完成;",
                        "服务对象满意度指标:提高沿线群众满意度,已完成。"))
    assert list(missing(doc)) == []
    worded = make_doc(body("三、项目绩效情况",
                           "服务对象满意度指标:群众普遍反映项目建设方便了出行，对工作表示认可。"))
    assert [f.excerpt for f in missing(worded)] == ["服务对象满意度指标:"]


def test_satisfaction_indicator_with_figure_is_silent(make_doc):
    doc = make_doc(body("三、项目绩效情况", "6.服务对象满意度。共回收问卷 437 份，群众满意度为 84.67%。"))
    assert list(missing(doc)) == []


FORM = ("年度绩效目标\t一级指标\t二级指标\t三级指标\t年初目标值 (A)\t实际完成值 (B)\t得分\n"
        "\t产出指标\t数量指标\t预计参保人数\t{target}\t{actual}\t15\n"
        "\t\t成本指标\t普通居民 61 元/人/年\t61\t65\t10\n"
        "\t效益指标\t社会效益\t覆盖范围\t≥90%\t≥95%\t10\n"
        "总分\t94\n偏差大或目标未完成原因分析\t{reason}\n")


def test_missed_target_with_no_deviation_reason(make_doc):
    doc = make_doc(FORM.format(target="16000", actual="14368", reason="无"))
    found = list(missing(doc))
    assert len(found) == 1
    f = found[0]
    assert f.excerpt == "偏差大或目标未完成原因分析\t无"
    assert [r.excerpt for r in f.related] == ["16000", "14368"]


@pytest.mark.parametrize("target,actual,reason", [
    ("16000", "16200", "无"),           # target met (the cost row above its target is not a miss)
    ("16000", "14368", "参保人数呈动态变化，预算编制时无法确定实际参保人数。"),
])
def test_met_targets_or_explained_deviation_are_silent(make_doc, target, actual, reason):
    assert list(missing(make_doc(FORM.format(target=target, actual=actual, reason=reason)))) == []


def test_clean_short_report_has_no_structure_findings(make_doc):
    doc = make_doc("一、项目概况\n项目资金 100 万元，已全部拨付。\n")
    assert list(numbering(doc)) + list(label(doc)) + list(missing(doc)) == []


def test_row_listing_sibling_codes_is_not_a_hierarchy(make_doc):
    doc = make_doc(body("指标\tA1\tA2\tA3\n权重\t10\t10\t10\n得分\t9\t10\t8\n"
                        "B 过程\tB1 管理\tB11 制度\t3\t3"))
    assert list(label(doc)) == []


def test_score_given_in_the_form_satisfies_the_grade(make_doc):
    doc = make_doc("指标\t得分\n产出\t40\n总分\t95\n\n六、评价结论\n\n项目绩效自评为“优”。\n")
    assert list(missing(doc)) == []


def test_problem_section_answered_none_is_silent(make_doc):
    # 无 is the form's own answer: the section was filled in
    doc = make_doc(body("（三）存在的问题和原因分析", "无", "（四）下一步改进措施", "无", "二、附件", "见附表。"))
    assert [f for f in missing(doc) if "没有列出任何问题" in f.message] == []


def test_bare_heading_at_the_end_of_an_excerpt_is_silent(make_doc):
    doc = make_doc(body("二、主要做法", "1.开展康复服务，为 300 名残疾人配置辅具。",
                        "2.完成技能培训，提高劳动技能。", "3.通"))
    assert list(missing(doc)) == []


def test_table_row_that_starts_like_a_heading_is_not_a_bare_heading(make_doc):
    doc = make_doc(body("一、取样 | ≥200个 | 230个 | 5.0", "采样规范。", "二、检测 | ≥60个 | 75个 | 5.0",
                        "三、调查 | ≥300户 | 320户 | 5.0", "数据完整。"))
    assert [f for f in missing(doc) if "只有标题" in f.message] == []


def test_heading_whose_content_is_a_list_in_the_same_style(make_doc):
    doc = make_doc(body("1.机构设置", "内设股室 5 个。", "2.人员编制", "现有人员 120 人。", "3.职责职能",
                        "1.贯彻执行城市管理方针政策。", "2.负责指导全区城市管理工作。", "4.年度目标", "完成考核。"))
    assert [f for f in missing(doc) if "只有标题" in f.message] == []


# --------------------------------------------------------------------------- item numbering

def items(findings):
    return [(f.evidence.get("kind"), f.excerpt) for f in findings if str(f.evidence.get("kind", "")).startswith(("item_", "unnumbered"))]


def test_inline_item_number_repeated(make_doc):
    doc = make_doc(body("年度主要工作内容", "1.做好平台日常维护。2.收集和整理各类信息。3.完成考核考评。"
                        "3.处理投诉举报。4.指导区县业务。"))
    assert items(numbering(doc)) == [("item_repeat", "3.处理投诉")]


def test_circled_item_skipped(make_doc):
    doc = make_doc(body("1.机构设置", "①内设科室 6 个", "办公室、财务科、信息科。", "下设执法大队 3 个",
                        "③派出机构 2 个", "城东中队、城西中队。"))
    found = items(numbering(doc))
    assert len(found) == 1 and found[0][0] == "item_skip" and found[0][1].startswith("③")


def test_first_item_marker_in_another_style(make_doc):
    doc = make_doc(body("（一）主要职能：1)组织群众文化活动;(2)辅导业余文艺骨干;(3)收集整理非遗资料;"
                        "(4)完成上级交办的其他工作。"))
    found = items(numbering(doc))
    assert len(found) == 1 and found[0][0] == "item_style" and found[0][1].startswith("1)")


def test_second_item_printed_without_its_number(make_doc):
    doc = make_doc(body("（二）绩效目标完成情况", "1. 资金到位情况。", "项目资金 12 万元全部到位，执行率 100%。",
                        "绩效指标完成情况。", "(1)产出指标", "①数量指标：补助 40 人。", "(2)效益指标",
                        "①社会效益：群众知晓率 100%。", "(三)存在的问题", "无"))
    found = items(numbering(doc))
    assert found == [("unnumbered_item", "绩效指标完成情况。")]


@pytest.mark.parametrize("lines,kind,start", [
    # 1. … (1)(2)(3) … 3. : a skip across a nested list
    (("1.产出指标完成情况:分值30分,自评得分30分。", "(1)数量指标:分值10分。", "(2)时效指标:分值10分。",
      "3. 效益指标完成情况:分值30分,自评得分30分。", "(1)社会效益指标:分值10分。"), "item_skip", "3."),
    # 2. … （1）（2） … 2. : a repeat across a nested list
    (("1.预算执行情况。", "执行率 100%。", "2.项目管理情况。", "（1）制度建设：健全。", "（2）项目管理：规范。",
      "2.支出情况及绩效", "资金全部用于待遇发放。"), "item_repeat", "2."),
])
def test_item_numbering_across_a_nested_list(make_doc, lines, kind, start):
    found = items(numbering(make_doc(body(*lines))))
    assert len(found) == 1 and found[0][0] == kind and found[0][1].startswith(start)


@pytest.mark.parametrize("lines", [
    # nested lists in the same style, the outer list continuing after them
    ("1.机构设置", "内设科室 5 个。", "2.主要职责：", "1.贯彻执行方针政策。", "2.负责指导全区工作。",
     "3.人员编制", "现有人员 40 人。"),
    ("5.项目管理：", "1.制度健全。", "2.执行规范。", "6.资金管理", "专款专用。"),
    # decimals and amounts after a sentence end are not items
    ("一、资金情况", "到位资金 12 万元。3.5 万元用于培训。2.4 万元用于宣传。"),
    # a list restarting at 1 in a new part
    ("摘要", "1.加强管理。2.提升绩效。", "正文", "1.加强管理。2.提升绩效。3.完善制度。"),
    # a regular list with a nested list between its items
    ("1.预算编制情况。", "编制规范。", "2.预算执行情况。", "（1）收入情况。", "（2）支出情况。",
     "1．2022 年末结转 2.84 万元。", "2．结转主要是由于税款尚未缴纳。", "3.预算使用效益。"),
    # the missing number printed in the nested list's style stands for the item (2、 for 2.)
    ("1.产出指标。", "(1)数量指标。", "2、效益指标。", "(1)社会效益。", "3.满意度指标。", "满意度 98%。"),
    # a list restarting at 1 under each nested heading of another style
    ("(1)产出指标", "1.数量指标达标。", "2.质量指标达标。", "(2)效益指标", "1.社会效益明显。", "2.生态效益明显。"),
    # table rows
    ("序号 | 项目 | 金额", "1 | 培训 | 3", "1 | 宣传 | 2", "3 | 维护 | 4"),
    # an item whose text starts with a figure: the pattern does not read it as an item
    ("主要工作：1.完成平台维护。2.完成信息采集。3.2023年完成考核 4 次。4.指导区县业务。",),
])
def test_regular_item_numbering_is_silent(make_doc, lines):
    assert items(numbering(make_doc(body(*lines)))) == []


@pytest.mark.parametrize("text,kind,excerpt", [
    ("主要做法：一是加强组织领导；二是完善管理制度；四是强化资金监督。", "item_skip", "四是强化资金"),
    ("存在问题：一是宣传不够；二是监管不足；二是信息化水平不高。", "item_repeat", "二是信息化水"),
])
def test_enumerations_in_running_text(make_doc, text, kind, excerpt):
    assert items(numbering(make_doc(body(text)))) == [(kind, excerpt)]


@pytest.mark.parametrize("text", [
    "第一，加强领导。第二，完善制度。第三，强化监督。",
    "存在问题：一是宣传不够；二是监管不足。改进措施：一是加强宣传；二是强化监管；三是建设平台。",
    "第一批资金到位，第二批资金到位，第四批资金未到位。",
    "统一是基础，唯一是目标。",
])
def test_regular_enumerations_are_silent(make_doc, text):
    assert items(numbering(make_doc(body(text)))) == []


def test_headings_that_carry_their_content_are_not_bare(make_doc):
    doc = make_doc(body("一、项目名称:牧区草原生态补助", "二、主管部门", "县林草局。", "三、实施单位", "各乡镇。",
                        "四、实施地点:海北州", "五、实施规模", "涉及 4 个乡镇。"))
    assert [f for f in missing(doc) if "只有标题" in f.message] == []


def _announced(doc):
    return [f for f in missing(doc) if "没有列出内容" in f.message]


@pytest.mark.parametrize("announce,next_heading", [
    ("分解下达绩效目标要求，绩效目标如下:", "二、绩效目标完成情况分析"),
    ("项目主要建设内容如下：", "（二）资金到位情况"),
    ("存在的主要问题有以下：", "二、绩效目标完成情况分析"),
])
def test_announced_list_missing_before_next_section(make_doc, announce, next_heading):
    text = ("一、基本情况\n（一）项目概况\n下达资金100万元，用于村集体产业发展。" + announce + "\n"
            + next_heading + "\n资金已全部到位，到位率100%。\n")
    found = _announced(make_doc(text))
    assert len(found) == 1 and found[0].related[0].role == "next_part", [f.message for f in found]


@pytest.mark.parametrize("text", [
    # the preamble announces the report itself
    "根据通知要求，现将自评情况报告如下：\n一、基本情况\n下达资金100万元。\n",
    # inside a section, an announcement of the rest of the report (并形成自评报告如下)
    "一、自评工作开展情况\n我中心开展了自评，并形成自评报告如下:\n二、绩效目标完成情况\n完成率100%。\n",
    # the list follows as sub-headings
    "一、基本情况\n绩效目标如下：\n（一）产出目标\n完成改造3处。\n",
    # the list follows as plain lines
    "一、基本情况\n绩效目标如下：\n完成改造3处，受益群众满意度90%以上。\n二、完成情况\n已完成。\n",
    # the excerpt ends after the announcement
    "一、基本情况\n绩效目标如下：\n",
])
def test_announcement_look_alikes(make_doc, text):
    assert _announced(make_doc(text)) == []


_TABLE_ROWS = ("绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值\n"
               "产出指标 | 数量指标 | 一、示范区建设 | ≥2000亩 | 2000亩 | 15\n"
               "1、水稻测土配方施肥 | ≥500亩 | 500亩 | 5\n"
               "{a}、玉米种肥同播 | ≥1000亩 | 1000亩 | 5\n"
               "{b}、施用有机肥 | ≥500亩 | 500亩 | 5\n"
               "二、田间试验 | ≥10组 | 10组 | 10\n"
               "1、肥料利用率试验 | ≥5组 | 5组 | 5\n"
               "2、减量增效试验 | ≥5组 | 5组 | 5\n")


@pytest.mark.parametrize("a,b,kind", [("2", "2", "item_repeat"), ("3", "4", "item_skip")])
def test_numbered_table_rows_are_a_list(make_doc, a, b, kind):
    """Rows numbered in their first cell (an indicator table's sub-items) follow on as a list."""
    found = [f for f in numbering(make_doc(_TABLE_ROWS.format(a=a, b=b)))]
    assert [f.evidence["kind"] for f in found] == [kind]
    assert found[0].excerpt.startswith(f"{b if kind == 'item_repeat' else a}、")


def test_table_rows_numbered_right_or_with_lists_in_later_cells_are_fine(make_doc):
    assert list(numbering(make_doc(_TABLE_ROWS.format(a="2", b="3")))) == []
    # every row's own list, in a later cell: not one list down the table
    rows = ("项目名称 | 主要内容 | 金额（万元）\n修缮工程 | 1、屋面修缮；2、外墙粉刷 | 12\n"
            "道路工程 | 1、路面硬化；2、排水沟 | 30\n绿化工程 | 1、补植苗木 | 5\n")
    doc = make_doc(rows)
    assert len(doc.tables) == 1 and list(numbering(doc)) == []


def test_contents_without_page_numbers_are_not_body_headings(make_doc):
    # a web page's contents: a few entries from several chapters, no page numbers
    text = ("某区老旧小区改造项目重点绩效评价报告\n目 录\n(二)评价原则、评价指标体系和评价方法\n"
            "(二)改造资金筹集渠道单一\n(五)项目前期准备工作不扎实\n(五)夯实项目前期准备工作\n"
            "一、项目基本情况\n城镇老旧小区改造是重大民生工程。\n(一)项目概况\n项目于2023年立项。\n"
            "(二)项目资金\n资金已全部到位。\n")
    assert list(numbering(make_doc(text))) == []


def test_option_lines_of_a_form_are_not_one_list(make_doc):
    text = ("项目类别\n1、部门预算项目 □ 2、县直专项 ☑ 3、省市对下转移支付项目 □\n"
            "项目属性\n1、持续性项目 ☑ 2、新增性项目 □\n")
    assert list(numbering(make_doc(text))) == []


@pytest.mark.parametrize("title", ["专项资金主要绩效(附专项资金绩效目标自评表)",
                                   "成本指标国家规定标准发放指标为100%实际完成值为100%"])
def test_a_heading_that_points_to_an_attachment_or_states_a_result_is_not_empty(make_doc, title):
    text = ("一、基本情况\n项目于2023年实施，覆盖全县。\n二、资金使用\n资金全部到位，支出规范。\n"
            f"三、{title}\n四、存在的问题\n个别指标设置不够细化。\n五、改进措施\n加强绩效目标管理。\n")
    assert [f for f in missing(make_doc(text)) if "只有标题" in f.message] == []


def test_enumerations_restart_and_restated_items_and_schedules(make_doc):
    text = ("存在的问题：\n一是年初编制预算时摸底不准。二是资金拨付较慢。\n"
            "下一步改进措施：\n一是加强预算编制。二是加快拨付。\n"
            "建设内容为：1.挡墙工程:新建挡墙一处;2.球场工程:新建球场一处,长22米,宽17米。\n"
            "2.球场工程:新建球场一处,长22米,宽17米,铺设地板。\n")
    assert [f.evidence["kind"] for f in numbering(make_doc(text))] == []
    # a different item under the same number is a repeat
    assert [f.evidence["kind"] for f in numbering(make_doc(text.replace("2.球场工程:新建球场一处,长22米,宽17米,铺设", "2.球场工程:新建围墙一处,长22米,宽17米,铺设")))] \
        == ["item_repeat"]
    text = ("一、工作安排\n1、春季集中免疫2017.03 2017.05\n2、秋季集中免疫2017.09 2017.11\n"
            "3、免疫抗体效果评估2017.03 2017.05\n4、动物卫生监督执法2017.03 2017.05\n"
            "5、强制扑杀\n按规定扑杀病畜并给予补助。\n")
    assert [f for f in missing(make_doc(text)) if "只有标题" in f.message] == []


def test_an_outline_or_contents_without_page_numbers_has_no_empty_sections(make_doc):
    outline = ("报告摘要\n一、项目基本情况\n(一)项目立项背景\n二、项目绩效目标\n三、评价基本情况\n"
               "四、评价结论和绩效分析\n五、存在问题及原因分析\n六、有关建议\n报告正文\n"
               "一、项目基本情况\n(一)项目立项背景\n本项目于2023年立项，治理斜坡一处。\n"
               "二、项目绩效目标\n完成治理工程，保障群众安全。\n三、评价基本情况\n评价组查阅资料并现场核查。\n"
               "四、评价结论和绩效分析\n综合评分92分，等级为优。\n五、存在问题及原因分析\n前期论证不足。\n"
               "六、有关建议\n加强前期论证。\n")
    assert [f for f in missing(make_doc(outline)) if "只有标题" in f.message] == []
    contents = ("某县委办公室2023年部门整体支出绩效自评报告\n目录\n一、摘要\n二、部门概况\n(一)机构设置\n"
                "三、绩效目标\n四、评价思路和过程\n一、摘要\n本单位全年预算支出1200万元。\n二、部门概况\n"
                "(一)机构设置\n内设5个科室。\n三、绩效目标\n完成年度重点工作。\n四、评价思路和过程\n成立评价组。\n")
    doc = make_doc(contents)
    assert [f for f in missing(doc) if "只有标题" in f.message] == [] and list(numbering(doc)) == []
