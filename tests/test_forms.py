"""The national self-evaluation forms read from every layout they arrive in, and the
checks over them (arithmetic.form_sum / form_rate, score.form_total / form_rule)."""
import pytest

from auditor.checks import selected_rules
from auditor.model import build_document

# One filled 项目支出绩效自评表, cell by cell (None = an empty cell).
HEADER = ["项目资金(万元)", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
FUNDS = [
    ["年度资金总额", None, "120", "120", "114", "10", "95%", "9.5"],
    ["其中：当年财政拨款", None, "100", "100", "96", "—", "96%", "—"],
    ["上年结转资金", None, "20", "20", "18", "—", "90%", "—"],
    ["其他资金", None, None, None, None, "—", None, "—"],
]
IND_HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
INDICATORS = [
    ["产出指标(50分)", "数量指标", "补助人数", "≥500人", "512人", "20", "20", None],
    [None, "质量指标", "资金发放准确率", "100%", "100%", "15", "15", None],
    [None, "时效指标", "资金拨付及时率", "100%", "98%", "15", "14", "个别乡镇拨付滞后"],
    ["效益指标(30分)", "社会效益指标", "群众知晓率", "≥90%", "93%", "30", "30", None],
    ["满意度指标(10分)", "服务对象满意度指标", "受益群众满意度", "≥90%", "95%", "10", "10", None],
]
TOTAL = ["总分", None, None, None, None, "100", "98.5", None]


def _rows(funds=FUNDS, indicators=INDICATORS, total=TOTAL):
    return [HEADER] + funds + [IND_HEADER] + indicators + [total]


def as_tabs(rows):
    return "项目支出绩效自评表\n（2023年度）\n" + "\n".join("\t".join(c or "" for c in r) for r in rows) + "\n"


def as_pipes(rows, outer=False):
    lines = []
    for r in rows:
        line = " | ".join(c or "" for c in r) + " |"
        lines.append("| " + line if outer else line)
    return "项目支出绩效自评表 | ||||||\n" + "\n".join(lines) + "\n"


def as_flat(rows):
    # what a sheet pasted into a web page keeps: the printed cells, one space apart
    return "附件 项目支出绩效自评表 (2023年度) " + " ".join(c for r in rows for c in r if c) + "\n"


LAYOUTS = {"tabs": as_tabs, "pipes": as_pipes, "pipes_outer": lambda r: as_pipes(r, True), "flat": as_flat}


def _doc(text):
    return build_document("form.txt", text)


def _all(doc, families=("arithmetic", "score"), min_rank=1):
    """Findings of every document rule of these families (likely or certain by default)."""
    rank = {"certain": 0, "likely": 1, "possible": 2}
    out = []
    for rule in selected_rules(list(families)):
        if rule.scope == "document":
            out += [f for f in rule.func(doc) if rank[f.confidence] <= min_rank]
    return out


def _excerpts(doc, **kw):
    return sorted({f.excerpt for f in _all(doc, **kw)})


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_clean_form_is_read_and_draws_nothing(layout):
    doc = _doc(LAYOUTS[layout](_rows()))
    assert len(doc.forms) == 1
    form = doc.forms[0]
    assert form.kind == "project"
    total = next(r for r in form.funds if r.role == "total")
    assert {k: c.text for k, c in total.cells.items()} == {
        "initial": "120", "budget": "120", "executed": "114", "weight": "10", "rate": "95%", "score": "9.5"}
    assert [r.role for r in form.funds][:3] == ["total", "part", "part"]
    assert [r.cells["score"].text for r in form.indicators] == ["20", "15", "14", "30", "10"]
    assert form.total_score.text == "98.5" and form.total_weight.text == "100"
    assert _all(doc) == []


@pytest.mark.parametrize("layout", LAYOUTS)
def test_funds_total_that_is_not_the_sum_of_its_parts(layout):
    funds = [r[:] for r in FUNDS]
    funds[2][3] = "25"                       # 全年预算数 100 + 25 = 125, total says 120
    funds[2][6] = "72%"                      # keeps the part's own rate right (18/25)
    doc = _doc(LAYOUTS[layout](_rows(funds=funds)))
    found = _all(doc, families=("arithmetic",))
    assert {f.excerpt for f in found} == {"120"}
    assert any("125" in f.message for f in found)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_rate_and_score_rules(layout):
    funds = [r[:] for r in FUNDS]
    funds[0][6] = "85%"                      # 114 / 120 = 95%
    funds[0][7] = "8.5"                      # consistent with the printed rate: no score finding
    doc = _doc(LAYOUTS[layout](_rows(funds=funds, total=TOTAL[:6] + ["97.5", None])))
    found = _all(doc)
    assert {f.excerpt for f in found} == {"85%"} and all("95" in f.message for f in found)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_total_score_off_by_one(layout):
    doc = _doc(LAYOUTS[layout](_rows(total=TOTAL[:6] + ["99.5", None])))
    found = _all(doc, families=("score",))
    assert {f.excerpt for f in found} == {"99.5"} and any("98.5" in f.message for f in found)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_score_above_its_weight(layout):
    ind = [r[:] for r in INDICATORS]
    ind[3][6] = "32"
    doc = _doc(LAYOUTS[layout](_rows(indicators=ind, total=TOTAL[:6] + ["100.5", None])))
    assert "32" in _excerpts(doc, families=("score",))


def test_group_weight_that_its_indicators_do_not_make():
    ind = [r[:] for r in INDICATORS]
    ind[0][0] = "产出指标(40分)"             # 20 + 15 + 15 = 50
    doc = _doc(as_tabs(_rows(indicators=ind)))
    found = _all(doc, families=("score",))
    assert found and all("50" in f.message for f in found)
    assert any(f.excerpt == "产出指标(40分)" or "产出指标(40分)" in [r.excerpt for r in f.related] for f in found)


def test_a_rate_truncated_or_capped_is_the_forms_convention():
    funds = [r[:] for r in FUNDS]
    funds[0][4], funds[0][6], funds[0][7] = "119.7", "99%", "9.9"     # 99.75% truncated to 99%
    funds[1][4], funds[1][6] = "101.7", "100%"                       # 101.7% capped at 100%
    doc = _doc(as_tabs(_rows(funds=funds, total=TOTAL[:6] + ["98.9", None])))
    assert _all(doc) == []


def test_a_sheet_read_out_of_order_keeps_its_score_pairs():
    # an xlsx exported cell by cell: labels, header words and values interleaved; the
    # total (100, 94) is recognised because its 分值 is the sum of all the others
    text = ("县项目支出绩效自评表 (2020年度) 项目名称 配套资金 主管部门 县医疗保障局 项目资金 年初预算数 (万元) "
            "年度资金总额 其中:当年财政拨款 实施单位 全年预算数 全年执行数 分值 执行率 得分 65.66 65.07 10 99% 9 "
            "65.66 65.07 — 99% — 上年结转资金 — — 其他资金 — — 预期目标 实际完成情况 一级 指标 二级指标 三级指标 "
            "数量指标 指标1:参保人数 产出 指标 (50分 ) 实际 指标值 完成值 8755 分值 得分 偏差原因 8676 15 13 "
            "有新增死亡人员 质量指标 100% 100% 15 15 时效指标 100% 100% 10 10 75元 75元 10 10 95% 95% 30 27 "
            "95% 95% 10 9 100 94 成本指标 满意度 指标 总分\n")
    doc = _doc(text)
    form = doc.forms[0]
    assert form.total_score.text == "94" and form.total_weight.text == "100"
    found = _all(doc, families=("score",))
    assert {f.excerpt for f in found} == {"94"} and any("93" in f.message for f in found)


def test_met_without_full_marks_is_a_hint_missed_with_full_marks_likely():
    ind = [r[:] for r in INDICATORS]
    ind[0][4] = "420人"                      # ≥500人 missed, still 20 of 20, no reason
    ind[1][6] = "13"                         # 100% of 100% met, 13 of 15, no reason
    doc = _doc(as_tabs(_rows(indicators=ind, total=TOTAL[:6] + ["96.5", None])))
    found = {(f.excerpt, f.confidence) for f in _all(doc, families=("score",), min_rank=2)}
    assert ("20", "likely") in found and ("13", "possible") in found
    assert {f.excerpt for f in _all(doc, families=("score",))} == {"20"}


# A 预算数(A)/执行数(B) form whose funds label cell is merged over two rows: its weight
# "(20分)" spills into the value row's first cell, and the score is printed after its formula.
AB_FORM = (
    "项目名称\t\t城乡居民医疗保险配套资金\t\t\t\t\t\n"
    "预算执行情况(万元)\t\t预算数(A)\t执行数(B)\t执行率(B/A)\t得分\t\t\n"
    "(20分)\t\t年度财政资金总额\t200\t150\t75%\t(20分*执行率) 15\t\n"
    "年度绩效目标 (70分)\t一级指标\t二级指标\t三级指标\t\t年初目标值(A)\t实际完成值(B)\t得分\n"
    "\t产出指标\t数量指标\t参保人数\t\t8000人\t8000人\t20\n"
    "\t\t时效指标\t资金及时拨付率\t\t100%\t100%\t20\n"
    "\t效益指标\t社会效益\t参保群众覆盖率\t\t≥90%\t≥95%\t20\n"
    "\t满意度指标\t服务对象满意度\t参保群众满意率\t\t≥90%\t≥95%\t10\n"
    "\n总分\t{total}\n")


@pytest.mark.parametrize("total, flagged", [("85", set()), ("88", {"88"})])
def test_a_funds_row_under_a_spilled_weight_with_its_score_after_the_formula(total, flagged):
    doc = _doc(AB_FORM.format(total=total))
    funds = next(r for r in doc.forms[0].funds if r.role == "total")
    assert {k: c.text for k, c in funds.cells.items()} == {
        "budget": "200", "executed": "150", "rate": "75%", "score": "15"}
    assert doc.text[funds.cells["score"].start:funds.cells["score"].end] == "15"
    found = [f for f in _all(doc, families=("score",)) if f.rule == "score.form_total"]
    assert {f.excerpt for f in found} == flagged


def test_a_funds_header_cell_wrapped_onto_its_own_row_is_still_a_column():
    # a PDF row whose last header cell wrapped: 得分 below the header, the value row after it
    text = AB_FORM.format(total="85").replace("执行率(B/A)\t得分\t\t\n", "执行率(B/A)\n\t得分(20分*执行率)\n") \
        .replace("(20分*执行率) 15", "15")
    doc = _doc(text)
    funds = next(r for r in doc.forms[0].funds if r.role == "total")
    assert funds.cells["score"].text == "15"
    assert [f for f in _all(doc, families=("score",)) if f.rule == "score.form_total"] == []


# Two forms of a PDF flattened into one line, cells out of order as an extractor prints a
# sheet: the funds run lacks its 执行率 (the merged cell comes out later), a sentence is glued
# to 一级指标, a 二级 label sits inside the header, and the 总分 pair has no label of its own.
FLAT_TWO = (
    "财政项目支出绩效自评表 (2022 年度) 场馆运营结算费用 项目名称 主管部门 区体育局 "
    "年初预算数 全年预算数 全年执行数 分值 执行率 得分 180000.00 180000.00 162,540.0 10 {fund} "
    "180000.00 180000.00 162540.0 — 上年结转资金 0 0 — 其他资金 0 0 — 年度资金总额 项目资金 (元) "
    "实施单位 其中:当年财政拨款 预期目标 年度 总体 目标 90.30% 实际完成情况 已完成场馆运营费用结算。"
    "一级指标 二级指标 数量指标 三级指标 与运营方结算完成 年度 指标值 实际 完成值 分值 得分 "
    "=100% 100% 20 20 =100% 100% 20 20 及时 及时 20 20 >=90% 95% 30 30 {weight} {score} "
    "率 产出指标 质量指标 时效指标 效益指标 满意度指标 总分 偏差原因分析及 改进措施 "
    "财政项目支出绩效自评表 (2022 年度) 项目名称 对口支援经费 主管部门 区体育局 "
    "年初预算数 全年预算数 全年执行数 分值 执行率 得分 5000.00 5000.00 2.60 其他资金 0 0 —\n")


@pytest.mark.parametrize("fund, weight, score, flagged", [
    ("9.03", "100", "99.03", set()),
    ("9.03", "104", "99.03", {"104"}),
    ("9.03", "100", "96.03", {"96.03"}),
    ("6.03", "100", "96.03", {"6.03"}),
])
def test_a_flattened_form_without_its_rate_cell_is_read_and_summed(fund, weight, score, flagged):
    doc = _doc(FLAT_TWO.format(fund=fund, weight=weight, score=score))
    assert len(doc.forms) == 2
    form = doc.forms[0]
    funds = next(r for r in form.funds if r.role == "total")
    assert funds.cells["weight"].text == "10" and funds.cells["score"].text == fund
    # the merged 执行率 cell printed among the next rows' labels completes the row
    assert funds.cells["rate"].text == "90.30%" and funds.stray
    assert [r.cells["score"].text for r in form.indicators] == ["20", "20", "20", "30"]
    assert (form.total_weight.text, form.total_score.text) == (weight, score)
    assert {f.excerpt for f in _all(doc, families=("score",))} == flagged


def test_cell_per_line_rows_regroup_by_running_number():
    from auditor.forms import cell_per_line_rows
    head = ["序号", "项目名称", "评分情况", "评级情况"]
    body = ["1", "污水处理厂提标改造", "88", "良", "2", "农村公路养护", "93.5", "优", "3", "旧城区燃气管网"]
    text = "".join(f"{c} |\n" for c in head + body)
    rows = cell_per_line_rows(build_document("t.txt", text).tables[0])
    # the cut-off third record is not read; a record missing a cell stops the reading
    assert [[c.text for c in r] for r in rows] == [head, body[:4], body[4:8]]
    del body[2]
    text = "".join(f"{c} |\n" for c in head + body)
    assert cell_per_line_rows(build_document("t.txt", text).tables[0]) is None


# Funds blocks whose rows do not line up with their header, read from their cells in order.
def as_cell_lines(rows):
    # one cell per line ("30 |"), an empty cell a bare "|", each row closed by a "||||" line
    out = ["项目支出绩效自评表 (2023年度) |", "||||||||"]
    for r in rows:
        out += [f"{c} |" if c else "|" for c in r if c != "项目资金(万元)"] + ["||||"]
    return "\n".join(out) + "\n"


def as_shifted_pipes(rows):
    # empty cells dropped, and each row's label printed at the end of the line before
    header, funds = rows[0], rows[1:]
    lines = [[c for c in header[2:] if c] + [funds[0][0]]]
    for k, r in enumerate(funds):
        lines.append([c for c in r[1:] if c] + ([funds[k + 1][0]] if k + 1 < len(funds) else []))
    return "项目支出绩效自评表\n" + "\n".join("| " + " | ".join(x) + " |" for x in lines) + "\n"


SHIFTED = {"cell_lines": as_cell_lines, "shifted_pipes": as_shifted_pipes}


@pytest.mark.parametrize("layout", SHIFTED)
def test_a_funds_block_out_of_its_grid_is_read_and_clean(layout):
    doc = _doc(SHIFTED[layout]([HEADER] + FUNDS))
    total = next(r for f in doc.forms for r in f.funds if r.role == "total")
    assert total.label.startswith("年度资金总额")
    assert {k: total.cells[k].text for k in ("budget", "executed", "rate")} == {
        "budget": "120", "executed": "114", "rate": "95%"}
    part = next(r for f in doc.forms for r in f.funds if r.role == "part")
    assert part.label.startswith("其中") and part.cells["executed"].text == "96"
    assert _all(doc) == []


@pytest.mark.parametrize("layout", SHIFTED)
@pytest.mark.parametrize("row, col, value, flagged", [
    (0, 6, "91%", "91%"),           # 114 / 120 = 95%
    (1, 6, "99%", "99%"),           # 96 / 100 = 96%
    (1, 3, "90", "120"),            # 全年预算数 90 + 20 ≠ 120 (the part's own rate then 96/90 too)
])
def test_a_funds_block_out_of_its_grid_is_checked(layout, row, col, value, flagged):
    funds = [r[:] for r in FUNDS]
    funds[row][col] = value
    found = _excerpts(_doc(SHIFTED[layout]([HEADER] + funds)), families=("arithmetic",))
    assert flagged in found


def test_a_table_that_only_names_the_rate_is_no_funds_block():
    # 预算/执行率 in prose cells of a one-cell-per-line table: no values, no form
    text = ("情况说明 |\n||||\n预算执行率=预算执行数/调整后预算数 |\n||||\n全年预算数较上年增加 |\n||||\n"
            "年度资金总额 |\n||||\n说明见附件 |\n")
    doc = _doc(text)
    assert not any(r.cells for f in doc.forms for r in f.funds)
    assert _all(doc) == []


@pytest.mark.parametrize("rate, flagged", [("100.00%", set()), ("96.00%", {"96.00%"})])
def test_a_funds_block_with_a_reason_column_and_the_templates_note_cell(rate, flagged):
    # the provincial template: 调整后预算数 … 权重 得分 原因, its note cell after the first row
    cells = ["预算执行情况(10分)", "年度预算数(万元)", "年初预算", "调整后预算数", "预算执行数", "预算执行率",
             "权重", "得分", "原因", "总额", "238.93", "251.89", "251.89", rate, "10",
             "1.预算执行率=预算执行数/调整后预算数,预算执行率未达到90%的需说明原因(100字以内);2.其他资金包括:社会投入资金、银行贷款.",
             "其中:财政资金", "238.93", "251.89", "251.89", rate, "/", "/", "其他资金", "0.00", "0.00", "0.00", "0.00%"]
    doc = _doc("部门预算项目支出绩效自评表(2023年度) |\n" + "".join(f"{c} |\n" for c in cells))
    total = next(r for f in doc.forms for r in f.funds if r.role == "total")
    assert (total.label, total.cells["budget"].text, total.cells["weight"].text) == ("总额", "251.89", "10")
    assert not any(len(r.label) > 40 for f in doc.forms for r in f.funds)
    assert {f.excerpt for f in _all(doc, families=("arithmetic",))} == flagged


@pytest.mark.parametrize("layout", ["flat", "cell_lines", "shifted_pipes"])
@pytest.mark.parametrize("score, flagged", [("9.5", set()), ("15", {"15"}), ("12", {"12"})])
def test_a_funds_score_above_its_weight_in_a_row_read_in_order(layout, score, flagged):
    # 分值 10 × 95% = 9.5: a 得分 above the 分值 is the form's error, not the next row's value
    funds = [r[:] for r in FUNDS]
    funds[0][7] = score
    build = LAYOUTS.get(layout) or SHIFTED[layout]
    rows = [HEADER] + funds if layout in SHIFTED else _rows(funds=funds)
    doc = _doc(build(rows))
    total = next(r for f in doc.forms for r in f.funds if r.role == "total")
    assert total.cells["score"].text == score and total.cells["rate"].text == "95%"
    assert {f.excerpt for f in _all(doc, families=("score",))} & {"15", "12", "9.5"} == flagged


GLUED = ("马铃薯繁育示范推广项目绩效目标自评表(2022年度)项目总得分99分资金情况(万元)年度资金总额"
         "全年预算数{lb}A{rb}300全年执行数{lb}B{rb}执行率{lb}B/A{rb}其中中央补助自治区补助300万元{sep}"
         "{b}万元{sep}{rate}市县资金年度总体目标一是通过政府招标采购方式采购原原种425万粒")


@pytest.mark.parametrize("lb, rb, sep", [("(", ")", "\n"), ("（", "）", "\n"), ("(", ")", ""), ("（", "）", " ")])
@pytest.mark.parametrize("b, rate, flagged", [
    ("259.45", "86.5%", False), ("259.45", "82.5%", True), ("259.45", "86.4%", False),   # truncated
    ("271.45", "86.5%", True),
])
def test_a_glued_funds_row_is_read_from_its_header_cells(lb, rb, sep, b, rate, flagged):
    doc = _doc(GLUED.format(lb=lb, rb=rb, sep=sep, b=b, rate=rate))
    (row,) = [r for f in doc.forms for r in f.funds]
    assert {k: c.text for k, c in row.cells.items()} == {"budget": "300", "executed": b, "rate": rate}
    assert bool(_excerpts(doc, families=("arithmetic",))) == flagged


@pytest.mark.parametrize("text", [
    # a part row's own figures between the total's budget and the rate: B is not known
    GLUED.format(lb="(", rb=")", sep="\n", b="259.45", rate="86.5%").replace("自治区补助300万元", "自治区补助200万元"),
    # no number right after 预算数(A): the cells are elsewhere
    "全年预算数(A)全年执行数(B)执行率(B/A)年度资金总额300万元259.45万元 82.5%",
    # the percentage printed before the rate header is no 执行率
    "全年预算数(A)300 完成80% 全年执行数(B)执行率(B/A)说明",
])
def test_glued_look_alikes_are_not_read(text):
    doc = _doc(text)
    assert not [r for f in doc.forms for r in f.funds]
    assert _excerpts(doc, families=("arithmetic",)) == []
