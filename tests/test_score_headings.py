"""score.total over a form's weighted indicator headings (产出指标(50分) …): the 一级 weights
make the form's 100 points and the 二级 weights make their 一级's, read from the headings
alone, in every layout a form reaches us in (pipe rows, one cell per line, PDF text run
together, prose)."""
import pytest

from auditor.checks import RULES, load_all
from auditor.model import build_document

load_all()


def heading_findings(text: str):
    doc = build_document("form.txt", text)
    return [f for f in RULES["score.total"].func(doc) if "一级指标" in f.message or "二级指标" in f.message]


def pipe_form(out: int, eff: int, sat: int, open_="(", close=")") -> str:
    return (f"| 一级指标 | 二级指标 | 三级指标 | 分值 | 年度指标值 | 实际完成值 | 得分 |\n"
            f"| 产出指标{open_}{out}分{close} | 数量指标 | 培训人次 | {out} | ≥300人次 | 320人次 | {out} |\n"
            f"| 效益指标{open_}{eff}分{close} | 社会效益指标 | 就业率 | {eff} | ≥80% | 85% | {eff} |\n"
            f"| 满意度指标{open_}{sat}分{close} | 服务对象满意度指标 | 学员满意度 | {sat} | ≥90% | 95% | {sat} |\n"
            f"| 总分 | 100 | 100 |\n")


@pytest.mark.parametrize("out,eff,sat,flagged", [
    (40, 40, 20, False), (50, 30, 10, False),      # 100, or 90 with the funds row's 10 apart
    (40, 45, 20, True), (50, 30, 15, True), (40, 37, 20, True)])
def test_first_level_weights_make_the_form(out, eff, sat, flagged):
    found = heading_findings(pipe_form(out, eff, sat))
    assert bool(found) == flagged, [f.message for f in found]
    if flagged:     # every heading's weight is pointed at: any of them may be the wrong one
        spans = {(found[0].start, found[0].end)} | {(r.start, r.end) for r in found[0].related}
        assert len(spans) == 3


def test_full_width_brackets_and_weight_word():
    assert heading_findings(pipe_form(40, 45, 20, "（", "）")) != []
    assert heading_findings(pipe_form(40, 40, 20, "（", "）")) == []
    text = "产出指标（分值40分）……效益指标（分值40分）……满意度指标（分值25分）……"
    assert heading_findings(text) != []


def test_run_together_pdf_text():
    text = ("一级指标二级指标三级指标分值年度指标值全年实际值得分产出指标(60分)数量指标培训人数20≥100人120人20"
            "质量指标合格率20≥95%98%20时效指标按时完成率20100%100%20效益指标(25分)社会效益指标就业人数25≥50人"
            "60人25满意度指标(10分)服务对象满意度指标学员满意度10≥90%96%10总分100100")
    found = heading_findings(text)
    assert len(found) == 1 and "95" in found[0].message
    assert heading_findings(text.replace("效益指标(25分)", "效益指标(30分)")) == []


def test_sichuan_form_one_cell_per_line():
    text = ("预算执行情况(10分) |\n年初预算 |\n调整后预算数 |\n预算执行率 |\n权重 |\n得分 |\n总额 |\n120.5 |\n"
            "120.5 |\n100.00% |\n10 |\n10 |\n绩效指标({w}分) |\n一级指标 |\n二级指标 |\n三级指标 |\n产出指标 |\n"
            "数量指标 |\n覆盖率 |\n60 |\n效益指标 |\n社会效益指标 |\n保障率 |\n30 |\n合计 |\n100 |\n")
    assert heading_findings(text.format(w=90)) == []
    found = heading_findings(text.format(w=85))
    assert len(found) == 1 and "95" in found[0].message


def test_second_level_weights_make_their_section():
    text = ("项目决策(10分)目标明确4立项规范6项目管理(25分)预算执行率10制度健全15项目产出(30分)"
            "数量指标(10分)保障人数10质量指标(5分)达标5时效指标(5分)按时5成本指标({c}分)成本10"
            "项目效益(35分)经济效益指标社会效益指标效果显著20可持续影响指标15")
    assert heading_findings(text.format(c=10)) == []
    found = heading_findings(text.format(c=13))
    # the 二级 sum (33 against 30) — the 一级 weights still make 100
    assert len(found) == 1 and "二级" in found[0].message and "33" in found[0].message


def test_second_level_not_summed_when_one_is_unweighted():
    text = ("项目产出(30分)数量指标(10分)保障人数10质量指标达标5时效指标(5分)按时5成本指标(10分)成本10"
            "项目效益(35分)社会效益指标效果显著35")
    assert heading_findings(text) == []


@pytest.mark.parametrize("text", [
    # an excerpt: two sections only
    "产出指标(50分)数量指标…效益指标(20分)社会效益指标…",
    # a 一级 name the lexicon does not know sits among them: the sum would leave it out
    "产出指标(40分)……效益指标(30分)……履职成效(20分)……满意度指标(20分)……",
    # 湖南: 预算执行(15分) is an item of 过程(40分), not a section
    "投入指标(15分)预算配置…过程指标(40分)预算执行(15分)…产出指标(25分)…效果指标(20分)…",
    # two projects' forms, each adding up
    "产出指标(50分)…效益指标(30分)…满意度指标(10分)…\n第二个项目\n产出指标(40分)…效益指标(40分)…满意度指标(20分)…",
])
def test_look_alikes_not_flagged(text):
    assert heading_findings(text) == [], [f.message for f in heading_findings(text)]


def test_second_project_form_still_checked():
    text = ("产出指标(50分)…效益指标(30分)…满意度指标(10分)…\n第二个项目\n"
            "产出指标(40分)…效益指标(45分)…满意度指标(20分)…")
    found = heading_findings(text)
    assert len(found) == 1 and "105" in found[0].message


def test_headings_printing_section_scores_are_not_weights():
    # the section headings carry the scores obtained: they add up to the report's total score
    text = ("经评价，本项目自评得分92分。\n（一）项目决策（10分）\n（二）项目过程（18分）\n（三）项目产出（36分）\n"
            "（四）项目效益（28分）\n")
    assert heading_findings(text) == []
    assert heading_findings(text.replace("自评得分92分", "自评得分93分")) != []
    fractional = "（一）产出指标（38.5分）\n（二）效益指标（27分）\n（三）满意度指标（9分）\n"
    assert heading_findings(fractional) == []


SICHUAN = ("预算执行情况(10分) |\n年初预算 |\n调整后预算数 |\n预算执行数 |\n预算执行率 |\n权重 |\n得分 |\n原因 |\n总额 |\n"
           "86.2 |\n90.5 |\n90.5 |\n100.00% |\n10 |\n10 |\n|\n绩效指标(90分) |\n一级指标 |\n二级指标 |\n三级指标 |\n"
           "指标性质 |\n指标值 |\n度量单位 |\n完成值 |\n权重 |\n得分 |\n未完成原因分析 |\n产出指标 |\n数量指标 |\n"
           "补助发放人数 |\n≥ |\n420 |\n人 |\n431 |\n50 |\n50 |\n|\n效益指标 |\n社会效益指标 |\n政策知晓率 |\n≥ |\n90 |\n"
           "% |\n95 |\n40 |\n40 |\n|\n合计 |\n{w} |\n{s} |\n|\n评价结论 |\n项目完成较好。 |\n")


@pytest.mark.parametrize("w,s,flagged", [("100", "100", False), ("", "100", False), ("100", "", False),
                                         ("104", "100", True), ("90", "100", True)])
def test_total_row_weight_one_cell_per_line(w, s, flagged):
    found = heading_findings(SICHUAN.format(w=w, s=s))
    assert bool(found) == flagged, [f.message for f in found]
    if flagged:
        assert found[0].excerpt == w


def test_total_row_weight_needs_its_column():
    # the header puts 权重 before 得分 and has no 原因 column: the 合计 row’s number falls under 完成值
    text = SICHUAN.format(w="96", s="").replace("权重 |\n得分 |\n未完成原因分析 |\n", "得分 |\n权重 |\n")
    assert heading_findings(text) == []


# a national form whose header row also holds the first indicator (the form reader cannot
# split it): rows still end in | 分值 | 得分 |, the 总分 cell is followed by its two totals
YUNNAN = ("| 项目名称 | 乡村学校少年宫运行经费 | 主管部门 | 某县教育局 |\n"
          "{funds}"
          "| 年度 总体 目标 | 预期目标 | 实际完成情况 | 绩效指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 "
          "| 一级指标 | 二级指标 | 三级指标 | 产出指标 | 数量指标 | 开展活动次数 | ≧ | 40 | 次 | 46 | {w1} | {s1} |\n"
          "| 质量指标 | 活动覆盖率 | ≧ | 90 | % | 95% | 20 | 20 |\n"
          "| 时效指标 | 经费拨付及时率 | ≧ | 100 | % | 85% | 20 | {s3} | {reason} |\n"
          "| 效益指标 | 社会效益 指标 | 学生参与率 | ≧ | 80 | % | 88% | 20 | 20 |\n"
          "| 满意度指标 | 服务对象满意度指标 | 家长满意度 | ≧ | 90 | % | 93% | 10 | 10 |\n"
          "| 其他需要说明事项 | 无 | 总分 | {tw} | {ts} | 优 |\n")


FUNDS = ("| 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 | 年度资金总额 |\n"
         "| 52000 | 52000 | 10 | 100% | {fs} | 其中:当年财政 拨款 |\n")


def tail_findings(fs="10", funds=True, **kw):
    args = dict(w1=20, s1=20, s3=16, reason="部分经费年底拨付", tw=100, ts=96,
                funds=FUNDS.format(fs=fs) if funds else "")
    args.update(kw)
    doc = build_document("yn.txt", YUNNAN.format(**args))
    return [f for f in RULES["score.total"].func(doc)
            if f.message.startswith(("分值合计不符：", "得分合计不符：", "得分超过分值"))]


def test_tail_pairs_consistent():
    # 分值 10 (funds) + 20+20+20+20+10 = 100; 得分 10 + 86 = 96
    assert tail_findings() == []
    assert tail_findings(reason="") == []       # an empty 偏差原因 column
    assert tail_findings(fs="4", ts=90) == []   # the funds row scored 4 of its 10


def test_tail_pairs_with_the_funds_row_unread():
    # no funds row read: the indicators make the total less the national 10 points, and
    # their scores fall short of the total score by at most those 10
    assert tail_findings(funds=False) == []
    assert tail_findings(funds=False, ts=90) == []
    assert tail_findings(funds=False, ts=99) != []
    assert tail_findings(funds=False, tw=110) != []


def test_tail_pairs_funds_row_read_makes_the_sum_exact():
    found = tail_findings(ts=93)                # 10 + 86 = 96
    assert len(found) == 1 and found[0].excerpt == "93" and "预算执行率及" in found[0].message


@pytest.mark.parametrize("kw,excerpt", [
    (dict(tw=120), "120"),                      # total weight off
    (dict(w1=25), "100"),                       # one weight off: the 总分 分值 is pointed at
    (dict(ts=99), "99"),                        # more than the funds row can add
    (dict(ts=84), "84"),                        # below the indicators' own scores
    (dict(s1=24), "24"),                        # a score above its 分值
])
def test_tail_pairs_flagged(kw, excerpt):
    found = tail_findings(**kw)
    assert found and found[0].excerpt == excerpt, [(f.excerpt, f.message) for f in found]


def test_tail_pairs_need_every_indicator_row_read():
    # a row with a number after its last two (a 完成率 column): its 分值/得分 cannot be told
    text_kw = dict(reason="完成率85%")
    assert tail_findings(**text_kw) == []       # a reason with a rate in it is still text
    found = tail_findings(reason="85%", ts=99)
    assert found == [], [f.message for f in found]


# a scoring-rules table exported one cell per line: the section cell holds its weight
# (提升耕地质量(35分)); each item cell wraps, its weight on the line after its name
WRAPPED = ("一级指标\n二级指标\n三级指标\n分值\n评价标准\n"
           "水稻种植情况{o}40分{c}\n种植面积\n{o}20分{c}\n——\n20\n种植面积达到可种面积的100%得20分。\n生长情况\n"
           "有专人栽培管理，生长整齐。\n"
           "提升耕地质量{o}{w}分{c}\n培育耕层\n{o}{a}分{c}\n增厚土层\n平整地表，深耕深翻土壤。\n培肥地力\n{o}{b}分{c}\n"
           "增施有机肥\n25\n年亩增施商品有机肥1000公斤以上，每少于100公斤扣5分。\n"
           "基础设施维护{o}15分{c}\n设施管护\n{o}15分{c}\n道路田坎无倒塌。\n")


def wrapped_findings(**kw):
    args = dict(o="(", c=")", w=35, a=5, b=30)
    args.update(kw)
    doc = build_document("rules.txt", WRAPPED.format(**args))
    return [f for f in RULES["score.total"].func(doc) if "超过一级" in f.message]


@pytest.mark.parametrize("o,c", [("(", ")"), ("（", "）"), ("（", ")")])
def test_wrapped_items_weigh_more_than_their_section(o, c):
    assert wrapped_findings(o=o, c=c) == []
    found = wrapped_findings(o=o, c=c, w=32)
    assert len(found) == 1 and found[0].excerpt == "32" and "5 + 30 = 35" in found[0].message
    assert len(wrapped_findings(o=o, c=c, b=33)) == 1


def test_wrapped_items_weight_word_in_brackets():
    text = WRAPPED.format(o="(", c=")", w=35, a=5, b=30).replace("(5分)", "(分值5分)").replace(
        "提升耕地质量(35分)", "提升耕地质量(分值31分)")
    found = [f for f in RULES["score.total"].func(build_document("r.txt", text)) if "超过一级" in f.message]
    assert len(found) == 1 and found[0].excerpt == "31"


@pytest.mark.parametrize("kw", [
    dict(w=38),     # a shortfall: an item weighted in another column would look the same
    dict(w=4),      # an item above its whole section: levels misread, not judged
])
def test_wrapped_items_not_judged(kw):
    assert wrapped_findings(**kw) == []


def test_wrapped_items_need_a_closing_section_and_a_header():
    # the last section (no section after it) may be cut off: not judged
    text = WRAPPED.format(o="(", c=")", w=35, a=5, b=30).split("基础设施维护")[0].replace("提升耕地质量(35分)",
                                                                                         "提升耕地质量(30分)")
    assert [f for f in RULES["score.total"].func(build_document("r.txt", text)) if "超过一级" in f.message] == []
    # no scoring header before: weight lines in some other list are not a scoring table
    text = WRAPPED.format(o="(", c=")", w=32, a=5, b=30).replace("一级指标\n二级指标\n三级指标\n分值\n", "")
    assert [f for f in RULES["score.total"].func(build_document("r.txt", text)) if "超过一级" in f.message] == []


def test_wrapped_items_prose_between_is_not_a_table():
    text = WRAPPED.format(o="(", c=")", w=32, a=5, b=30).replace(
        "增厚土层\n", "增厚土层\n" + "该项目在实施过程中严格按照相关要求组织开展工作，" * 6 + "\n")
    assert [f for f in RULES["score.total"].func(build_document("r.txt", text)) if "超过一级" in f.message] == []


def test_wrapped_items_of_two_levels_are_not_summed():
    # 二级 and 三级 cells both wrapped: 项目立项 (10分) is made by the two (5分) under it
    text = ("一级指标\n二级指标\n三级指标\n分值\n"
            "项目决策(20分)\n项目立项\n(10分)\n立项依据充分性\n(5分)\n立项程序规范性\n(5分)\n"
            "绩效目标\n(10分)\n目标合理性\n(5分)\n指标明确性\n(5分)\n"
            "项目过程(20分)\n资金管理\n(20分)\n")
    assert [f for f in RULES["score.total"].func(build_document("r.txt", text)) if "超过一级" in f.message] == []


def test_wrapped_items_cells_with_pipes():
    # one cell per line, each line closed by its separator (| cell |)
    text = WRAPPED.format(o="（", c="）", w=31, a=5, b=30).replace("\n", " |\n")
    found = [f for f in RULES["score.total"].func(build_document("r.txt", text)) if "超过一级" in f.message]
    assert len(found) == 1 and found[0].excerpt == "31"
    assert {r.excerpt for r in found[0].related} == {"5", "30"}
