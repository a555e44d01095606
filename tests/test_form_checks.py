"""Numeric checks over the national self-evaluation forms (doc.forms), in the two layouts the
front end reads: pipe rows and a form flattened into one line.  The forms are written for
these tests (other projects, numbers and names than any report measured)."""
import pytest

from auditor.checks import RULES, load_all
from auditor.model import build_document

load_all()

FLAT = ("项目支出绩效自评表 (2023年度) 项目名称 乡村道路养护 主管部门 县交通局 实施单位 县公路站 项目资金 (万元) "
        "年初预算数 全年预算数 全年执行数 分值 执行率 得分 年度资金总额 240 256.4 250.1 10 97.54% 9.75 "
        "其中:当年财政拨款 200 216.4 210.1 — 97.09% — 上年结转资金 40 40 40 — 100% — 其他资金 — — "
        "年度总体目标 预期目标 实际完成情况 完成道路养护 完成道路养护 绩效指标 一级指标 二级指标 三级指标 "
        "年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施 产出指标(50分) 数量指标 养护里程 ≥120公里 126公里 30 30 "
        "质量指标 路面优良率 ≥85% 88% 20 20 效益指标(30分) 社会效益指标 通行时间缩短 ≥10% 12% 30 30 "
        "满意度指标(10分) 服务对象满意度指标 沿线群众满意度 ≥90% 93% 10 10 总分 100 99.75\n")

PIPE = """项目支出绩效自评表
（2023年度）
项目名称 | 农村饮水安全维修养护
主管部门 | 县水利局 | 实施单位 | 县农村供水站
项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
年度资金总额 | 120 | 135.5 | 128.3 | 10 | 94.69% | 9.47
其中：当年财政拨款 | 100 | 115.5 | 110.3 | — | 95.50% | —
上年结转资金 | 20 | 20 | 18 | — | 90% | —
其他资金 | | | | — | | —
绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施
| 产出指标(50分) | 数量指标 | 维修供水工程处数 | ≥40处 | 42处 | 20 | 20 |
| | 质量指标 | 工程验收合格率 | ≥95% | 100% | 15 | 15 |
| | 时效指标 | 完工及时率 | 100% | 100% | 15 | 15 |
| 效益指标(30分) | 社会效益指标 | 受益人口 | ≥12000人 | 12600人 | 30 | 28 | 部分受益人口外出务工
| 满意度指标(10分) | 服务对象满意度指标 | 群众满意度 | ≥90% | 95% | 10 | 10 |
总分 | 100 | 97.47
"""

RANK = {"certain": 0, "likely": 1, "possible": 2}


def numeric(text, min_conf="likely"):
    doc = build_document("form.txt", text)
    out = []
    for code, r in RULES.items():
        if code.split(".")[0] in ("arithmetic", "score", "value", "unit"):
            out += [f for f in r.func(doc) if RANK[f.confidence] <= RANK[min_conf]]
    return out


def test_forms_are_read():
    for text in (FLAT, PIPE):
        assert build_document("form.txt", text).forms


def test_consistent_forms_draw_no_finding():
    assert [(f.rule, f.message) for f in numeric(FLAT, "possible")] == []
    assert [(f.rule, f.message) for f in numeric(PIPE)] == []


def only(text, family):
    """The one finding of ``family`` (arithmetic, score …): whichever rule of the family
    reads the form."""
    found = [f for f in numeric(text) if f.rule.split(".")[0] == family]
    assert len(found) == 1, [(f.rule, f.message) for f in numeric(text)]
    return found[0]


@pytest.mark.parametrize("old,new", [("240 256.4 250.1", "240 256.4 251.1"), ("200 216.4 210.1", "200 215.4 210.1")])
def test_funds_total_vs_its_rows(old, new):
    found = [f for f in numeric(FLAT.replace(old, new)) if "资金总额与其中各项之和不符" in f.message]
    assert len(found) == 1 and found[0].confidence == "certain"


def test_funds_total_left_at_zero():
    text = PIPE.replace("年度资金总额 | 120 | 135.5 | 128.3 | 10 | 94.69% | 9.47", "年度资金总额 | 0 | 0 | 0 | 10 | 0 | 0")
    assert any(f.rule.startswith("arithmetic.") and f.excerpt == "0" for f in numeric(text))


def test_funds_rate():
    f = only(FLAT.replace("97.09%", "96.09%"), "arithmetic")
    assert "210.1 ÷" in f.message and "216.4" in f.message


def test_funds_score_is_weight_times_rate():
    text = FLAT.replace("10 97.54% 9.75", "10 97.54% 8.75").replace("总分 100 99.75", "总分 100 98.75")
    f = only(text, "score")
    assert "8.75" in f.message


def test_total_score_vs_items():
    f = only(PIPE.replace("总分 | 100 | 97.47", "总分 | 100 | 96.47"), "score")
    assert "97.47" in f.message and f.confidence == "certain"


def test_level_one_weight_vs_its_indicators():
    text = FLAT.replace("路面优良率 ≥85% 88% 20 20", "路面优良率 ≥85% 88% 25 20")
    found = [f for f in numeric(text) if f.rule.startswith("score.")]
    assert any("产出指标" in f.message for f in found)


def test_score_above_weight():
    text = FLAT.replace("通行时间缩短 ≥10% 12% 30 30", "通行时间缩短 ≥10% 12% 30 32").replace("99.75", "101.75")
    assert any(f.rule.startswith("score.") and "超过分值" in f.message for f in numeric(text))


def test_met_but_not_full_marks_without_reason_is_a_hint():
    text = PIPE.replace("| 42处 | 20 | 20 |", "| 42处 | 20 | 18 |").replace("97.47", "95.47")
    hints = [f for f in numeric(text, "possible") if f.rule.startswith("score.")]
    assert len(hints) == 1 and hints[0].confidence == "possible" and hints[0].excerpt == "18"
    assert [f for f in numeric(text) if f.rule.startswith("score.")] == []


IMPLIED = """项目支出绩效自评表
预算执行情况(万元)(20分) | 预算数(A) | 执行数(B) | 执行率(B/A) | 得分 (20分*执行率)
年度财政资金总额 | 500 | 450 | 90% | 18
一级指标 | 二级指标 | 三级指标 | 年初目标值(A) | 实际完成值(B) | 得分
产出指标 | 数量指标 | 培育示范户(户) | 40 | 30 | 15.0
| 数量指标 | 建设基地(个) | 12 | 9 | 15.0
| 效益指标 | 带动增收(万元) | 300 | 420 | 28.0
总分 | 76.0
"""


def test_weight_implied_by_missed_indicators_caps_the_others():
    # 30/40 × 20 = 15, 9/12 × 20 = 15: weight 20; 420/300 × 20 = 28 exceeds it
    f = only(IMPLIED, "score")
    assert f.rule == "score.rule" and f.confidence == "likely" and f.excerpt == "28.0"
    assert [x for x in numeric(IMPLIED.replace("| 28.0", "| 20.0").replace("76.0", "68.0"))
            if x.rule.startswith("score.")] == []


def test_percent_label_with_amounts():
    text = IMPLIED.replace("带动增收(万元) | 300 | 420", "带动产值(%) | 3600 | 5040")
    assert any(f.rule == "unit.label" for f in numeric(text))


def test_level_one_weight_of_the_last_group_read_before_a_next_heading():
    """The reader loses the last group's rows (no figures), but its heading with a weight
    follows the group before it: that group is complete and is summed."""
    cut = PIPE.replace("| 满意度指标(10分) | 服务对象满意度指标 | 群众满意度 | ≥90% | 95% | 10 | 10 |\n",
                       "满意度指标(10分) 服务对象满意度指标\n").replace("总分 | 100 | 97.47\n", "")
    assert not [f for f in numeric(cut) if f.rule == "score.form_total"]
    bad = cut.replace("效益指标(30分)", "效益指标(35分)")
    found = [f for f in numeric(bad) if f.rule == "score.form_total"]
    assert len(found) == 1 and "效益指标" in found[0].message, [f.message for f in numeric(bad)]


def test_a_score_off_its_header_formula_also_points_at_the_formulas_weight():
    # 得分 (20分*执行率) with 450/500: 18; a score of 16 breaks it, and the finding relates
    # the weight printed in the formula as well as A, B and the rate
    f = next(x for x in numeric(IMPLIED.replace("90% | 18", "90% | 16").replace("76.0", "74.0"))
             if x.rule == "score.rule")
    assert f.excerpt == "16"
    rule = [r for r in f.related if r.role == "rule"]
    assert len(rule) == 1 and IMPLIED[rule[0].start:rule[0].end] == "20" and \
        IMPLIED[rule[0].start:rule[0].end + 5] == "20分*执行率"


NESTED = """2023年度项目支出绩效自评表
项目名称 | 高标准农田土壤改良 | ||||
预算执行情况(万元) (20分) | 预算数(A) | 执行数(B) | 执行率(B/A) | 得分 (20分*执行率) | ||
年度财政资金总额 | 150 | 150 | 100% | 20 | ||
年度绩效目标 (80分) | 一级指标 | 二级指标 | 三级指标 | 年初目标值(A) | 实际完成值(B) | 得分 | |
产出指标 | 数量指标 | 一、改良示范片 | ≧3000亩 | 3000亩 | {parent} | |
1、酸化土壤改良 | ≧1200亩 | 1200亩 | 6.0 | ||
2、有机质提升 | ≧1800亩 | 1800亩 | 6.0 | ||
二、土壤检测 | ≧40个 | 52个 | 8.0 | ||
质量指标 | 改良区验收合格率 | ≧90% | 96% | 10.0 | |
"""


def test_nested_parent_score_vs_its_children():
    f = only(NESTED.format(parent="14.0"), "score")      # 6.0 + 6.0 = 12
    assert f.rule == "score.form_total" and f.evidence["sum"] == "12"


def test_nested_parent_that_adds_up_is_silent():
    assert [f for f in numeric(NESTED.format(parent="12.0")) if f.rule.startswith("score.")] == []


def _per_line(cells):
    # a web export: one cell per line, the empty cells partly lost
    return "\n".join(f"{c} |" if c else "|" for c in cells) + "\n"


CELL_LINES = ["项目支出绩效自评表", "一级指标", "二级指标", "三级指标", "分值", "年度指标值", "全年实际值", "得分",
              "未完成原因及拟采取的改进措施", "", "产出指标({g}分)", "数量指标", "改造危旧房户数", "20", ">=120户", "126户",
              "20", "进度提前", "", "维修村级道路里程", "15", ">=30公里", "31公里", "15", "", "质量指标", "竣工验收合格率", "15",
              ">=95%", "100%", "15", "", "", "效益指标(30分)", "社会效益指标", "受益农户数", "30", ">=500户", "520户",
              "30", "", "满意度指标(20分)", "服务对象满意度指标", "群众满意度"]


def test_cell_per_line_form_group_weight():
    f = only(_per_line(CELL_LINES).replace("{g}", "55"), "score")       # 20 + 15 + 15 = 50
    assert f.rule == "score.form_total" and "55" in f.message


def test_cell_per_line_form_that_adds_up_is_silent():
    text = _per_line(CELL_LINES).replace("{g}", "50")
    rows = build_document("form.txt", text).forms[0].indicators
    assert len(rows) == 4 and rows[0].cells["reason"].text == "进度提前"   # a reason is skipped, kept
    assert [f for f in numeric(text) if f.rule.startswith("score.")] == []


# a funds row whose cells were glued together by the extractor (A B 分值 执行率 得分)
GLUED = ("1、项目支出绩效自评表(2023年度) 项目名称 社区环境整治经费 主管部门 街道办事处 项目资金(万元) "
         "年初预算数(A)全年执行数(B)分值(10分)执行率(B/A)得分得分计算方法年度资金总额:"
         "248.5198.8110{r}%{s}执行率*该指标分值,最高不得超过分值上限。其中:本年一般公共预算拨款 248.5198.81\n")


def test_glued_funds_row_score_vs_rate():
    f = only(GLUED.format(r="80", s="6"), "score")          # 198.81 / 248.5 = 80%, 10 × 80% = 8
    assert f.rule == "score.form_rule" and f.evidence["read_as"] == ["248.5", "198.81", "10", "80"]


def test_glued_funds_row_that_holds_is_silent():
    assert [f for f in numeric(GLUED.format(r="80", s="8")) if f.rule.startswith("score.")] == []
    # a rate that no split of the digits reproduces: not read at all
    assert [f for f in numeric(GLUED.format(r="75", s="6")) if f.rule.startswith("score.")] == []
