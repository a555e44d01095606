"""The quantity extractor on small real-looking sentences, plus properties.

Every sentence goes through ``normalize`` first (full-width digits folded,
spaces next to Chinese dropped), exactly as the checks see it.
"""
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from auditor.extract.quantities import Quantity, extract_quantities, parse_number
from auditor.normalize import normalize


def qs(text: str) -> list[Quantity]:
    return extract_quantities(normalize(text).text)


def one(text: str) -> Quantity:
    found = qs(text)
    assert len(found) == 1, [(q.raw, q.unit) for q in found]
    return found[0]


def raws(text: str) -> list[str]:
    return [q.raw + q.unit for q in qs(text)]


# --- numbers as printed -------------------------------------------------------------

def test_full_width_digits_and_percent_are_folded():
    q = one("项目资金执行率为９６．８８％。")
    assert (q.value, q.decimals, q.unit, q.kind) == (D("96.88"), 2, "%", "percent")
    q = one("全年服务群众１２３０人次")
    assert (q.value, q.unit, q.kind) == (D(1230), "人次", "visits")


def test_full_width_number_via_build_document(make_doc):
    from auditor.extract.quantities import doc_quantities
    doc = make_doc("本年支出　１２０３．３４　万元。")
    [q] = doc_quantities(doc)
    assert (q.value, q.decimals, q.unit, q.label) == (D("1203.34"), 2, "万元", "支出")
    # the normalized span maps back to the original full-width characters
    o_start, o_end = doc.span_to_original(q.num_start, q.num_end)
    assert doc.original[o_start:o_end] == "１２０３．３４"


def test_thousands_separators():
    q = one("2023年职工基本医疗保险项目支出为 92,522,871.74 元。")
    assert q.raw == "92,522,871.74"
    assert q.value == D("92522871.74")
    assert q.decimals == 2
    assert (q.unit, q.kind) == ("元", "money")
    assert one("决算收入 1,000 元").value == D(1000)


def test_a_number_is_not_split_at_its_thousands_separator():
    found = qs("统筹基金支出 2,241,958.84 元，门诊支出 17,926,886.87 元")
    assert [q.raw for q in found] == ["2,241,958.84", "17,926,886.87"]


@pytest.mark.parametrize("text, value, unit, base", [
    ("年初预算 3553.21 万元", "3553.21", "万元", "35532100"),
    ("总投资 1.5 亿元", "1.5", "亿元", "150000000"),
    ("参保人数约 1.6 万人", "1.6", "万人", "16000"),
    ("服务 2.4 万人次", "2.4", "万人次", "24000"),
    ("其他收入 2.23 元", "2.23", "元", "2.23"),
    ("办公经费 35 千元", "35", "千元", "35000"),
    ("覆盖人口 3.5 亿", "3.5", "亿", "350000000"),
    ("发放补贴 12 万", "12", "万", "120000"),
])
def test_wan_yi_scaling(text, value, unit, base):
    q = one(text)
    assert q.value == D(value)
    assert q.unit == unit
    assert q.base == D(base)


@pytest.mark.parametrize("text, unit, kind", [
    ("项目支出 2600.03 万元", "万元", "money"),
    ("其他收入 2.23 元", "元", "money"),
    ("满意度为 84.67%", "%", "percent"),
    ("比上年下降 5.27 个百分点", "个百分点", "pp"),
    ("实际参保人数 11789 人", "人", "persons"),
    ("全年接待咨询 3260 人次", "人次", "visits"),
    ("参保 1.3 万人", "万人", "persons"),
    ("计划参保单位户数为 587 户", "户", "households"),
    ("回收有效问卷 437 份", "份", "copies"),
    ("完成整改问题 12 项", "项", "items"),
    ("实际得分 85.5 分", "分", "score"),
    ("新增定点医药机构 6 家", "家", "count"),
    ("办理时限 15 天", "天", "days"),
    ("共 3 个月", "个月", "months"),
])
def test_units_and_kinds(text, unit, kind):
    q = one(text)
    assert (q.unit, q.kind) == (unit, kind)


def test_no_unit_is_plain():
    q = one("单位缴费基数总额 789592006")
    assert (q.unit, q.kind, q.value) == ("", "plain", D(789592006))


def test_fen_in_words_is_not_a_score_unit():
    # 分别 / 分配 / 分之 are words, not the unit 分
    found = qs("财政拨款收入 3 分别用于")
    assert [q.unit for q in found] == [""]
    assert one("按 5 分配").unit == ""


@pytest.mark.parametrize("raw, decimals", [
    ("84.70", 2), ("84.7", 1), ("100.00", 2), ("3810.440", 3), ("437", 0), ("0.0587", 4),
])
def test_printed_precision_keeps_trailing_zeros(raw, decimals):
    q = one(f"满意度为 {raw}%")
    assert q.raw == raw
    assert q.decimals == decimals
    assert q.half_unit == D(5) * D(10) ** (-(decimals + 1))


def test_negative_number():
    q = one("结余 −3.5 万元")
    assert q.value == D("-3.5")
    assert q.raw == "−3.5"
    q = one("增长率 -2.5%")
    assert q.value == D("-2.5") and not q.extra.get("range")


# --- ranges, bounds, qualifiers --------------------------------------------------------

def test_percent_range_with_hyphen_is_two_positive_range_ends():
    lo, hi = qs("预算完成率在 95%-100% 区间")
    assert (lo.value, hi.value) == (D(95), D(100))
    assert lo.extra.get("range") and hi.extra.get("range")
    assert hi.raw == "100" and hi.value > 0       # the hyphen is not a minus sign
    assert not lo.exact and not hi.exact


def test_range_lower_end_with_tilde():
    lo, _hi = qs("满意度 90%~100%")
    assert lo.extra.get("range") and not lo.exact


@pytest.mark.parametrize("text", ["满意度 90%~100%", "满意度 90%至100%", "资金到位率 80%到 90%"])
def test_range_upper_end_with_tilde_or_zhi(text):
    found = qs(text)
    assert len(found) == 2
    assert all(q.extra.get("range") for q in found)


def test_score_range_with_hyphen_between_bare_numbers():
    found = qs("得分区间为 80-90分")
    assert [q.value for q in found] == [D(80), D(90)]
    assert all(q.extra.get("range") for q in found)


@pytest.mark.parametrize("text, qualifier, approx", [
    ("群众满意度≥95%", "≥", False),
    ("覆盖率≤5%", "≤", False),
    ("满意度不低于 90%", "不低于", False),
    ("参保率不少于 95%", "不少于", False),
    ("投诉率不超过 2%", "不超过", False),
    ("培训人数约 250 人", "约", True),
    ("受益群众近 100 人", "近", True),
    ("参训人员 80 人以上", "以上", False),
    ("投入资金 50 万元左右", "左右", True),
])
def test_bounds_and_qualifiers(text, qualifier, approx):
    q = one(text)
    assert q.qualifier == qualifier
    assert bool(q.extra.get("approx")) is approx
    assert not q.exact
    # the whole match covers the qualifier; the number span does not
    t = normalize(text).text
    assert qualifier in t[q.start:q.end]
    assert qualifier not in q.raw


def test_da_is_not_a_bound():
    q = one("实际参保人数达 11789 人")
    assert q.qualifier == "" and q.exact
    assert q.value == D(11789)


def test_superlative_chaoguo_is_a_bound():
    q = one("资金规模超过 200 万元")
    assert q.qualifier == "超过" and not q.exact


def test_unit_after_yu_is_kept():
    q = one("培训基层干部 200余人")
    assert q.value == D(200) and q.extra.get("approx")
    assert q.kind == "persons"


@pytest.mark.parametrize("text, kind", [("累计发放宣传册 1.2 万份", "copies"), ("覆盖农户 2.5 万户", "households")])
def test_wan_before_a_count_unit(text, kind):
    q = one(text)
    assert q.kind == kind and q.base == q.value * 10000


# --- per-unit rates -----------------------------------------------------------------------

@pytest.mark.parametrize("text, unit", [
    ("财政补助标准 61 元/人/年", "元"),
    ("困难群体资助标准 140 元/人", "元"),
    ("缴费标准 320 元每人", "元"),
    ("工作经费 2.5 万元/年", "万元"),
])
def test_per_unit_rates_are_money_per(text, unit):
    q = one(text)
    assert q.kind == "money_per"
    assert q.unit == unit


def test_per_unit_rate_is_not_an_amount_next_to_an_amount():
    std, total = qs("补助标准 61 元/人/年，全年实际拨付 67.51 万元")
    assert std.kind == "money_per"
    assert total.kind == "money"


# --- labels -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, label", [
    ("基本支出 1203.34 万元", "基本支出"),
    ("2022 年本单位年初财政预算 3553.21 万元", "年初财政预算"),
    ("调整预算数为 3812.67 万元", "调整预算数"),
    ("其中财政拨款收入 3795.60 万元", "财政拨款收入"),
    ("收入预算完成率为 96.87%", "收入预算完成率"),
    ("群众满意度为 84.67%", "群众满意度"),
    ("实际参保人数达 11789 人", "参保人数"),
    ("共回收满意度调查问卷 437 份", "回收满意度调查问卷"),
    ("2023 年度预算执行率为 98.5%", "预算执行率"),
])
def test_labels(text, label):
    assert one(text).label == label


def test_label_of_a_comparison_base_starts_with_bi():
    base, change = qs("本年支出 3012.40 万元，比上年 2854.75 万元增加 157.65 万元")[1:]
    assert base.label.startswith("比")
    assert change.label.startswith("增加")


def test_label_does_not_cross_a_previous_number():
    a, b = qs("财政拨款收入 3795.60 万元其他收入 2.23 万元")
    assert a.label == "财政拨款收入"
    assert b.label == "其他收入"


def test_label_start_points_at_the_label():
    text = normalize("其中基本支出 1203.34 万元").text
    [q] = extract_quantities(text)
    assert text[q.label_start:q.label_start + len(q.label)] == q.label


@pytest.mark.parametrize("text", ["调整预算数为3812.67万元", "项目支出共计260万元", "满意度 84%"])
def test_label_start_after_trimmed_tail(text):
    [q] = extract_quantities(text)
    assert q.label
    assert text[q.label_start:q.label_start + len(q.label)] == q.label


# --- things that are not quantities ------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "2022年",
    "2022 年度",
    "2023年4月10日",
    "2023 年 4 月 10 日",
    "填报日期：2023.6.21",
    "2023-6-21",
    "截至2023年底",
    "12月",
    "第3季度",
    "60 周岁",
    "惠财绩〔2022〕1号",
    "黄开管发[2014]26号",
    "（国务院令第729号）",
    "编号第 2 号",
    "联系电话：0752-2862922",
    "0752-2862922",
    "邮编：435000",
    "1. 项目概况",
    "(1) 资金投入",
    "（2）资金管理",
    "3、绩效目标",
    "B41 资金使用合规性",
    "C31",
    "DIP2023",
    "2023年1-6月",
    "（2022-2025年）",
])
def test_not_quantities(text):
    assert qs(text) == []


@pytest.mark.parametrize("text, expected", [
    ("2023年4月10日召开专题会议，参会人员 35 人。", ["35人"]),
    ("根据《关于开展2022年度绩效评价的通知》（惠财绩〔2022〕1号），安排资金 50 万元。", ["50万元"]),
    ("依据（黄开管发[2014]26号）文件，救助困难群众 126 户。", ["126户"]),
    ("《社会救助暂行办法》（国务院令第729号）规定，救助 126 户。", ["126户"]),
    ("咨询电话 0752-2862922，全年受理咨询 1260 件。", ["1260件"]),
    ("1. 项目概况\n(1) 资金投入 320 万元", ["320万元"]),
    ("B41 资金使用合规性 5 分", ["5分"]),
    ("C31 收入预算完成率 96.88%", ["96.88%"]),
    ("满意度调查于2023年11月开展，回收问卷 300 份", ["300份"]),
    ("2022年12月31日前拨付到位，拨付率 100%", ["100%"]),
])
def test_only_the_real_quantity_is_extracted(text, expected):
    assert raws(text) == expected


@pytest.mark.parametrize("text", [
    "2022—2023年度",          # a year range: 2022 is extracted as a plain number
    "填报日期：2023.06",       # year.month: extracted as plain 2023.06
    "填报日期：2023/06/21",     # slash date: three plain numbers
    "填报日期: 2023. 6. 21",    # spaced dotted date (corpus 003): the day 21 is extracted
    "详见表 2",                # table reference: plain 2
    "资金到位。2.项目管理规范",  # list numbering after a sentence end on a joined line
])
def test_not_quantities_missed(text):
    assert qs(text) == []


def test_ratio_is_one_quantity():
    found = qs("由市、区财政按 5:5 比例分担")
    assert len(found) <= 1
    assert all(q.kind == "ratio" for q in found)


# --- Chinese numerals ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, raw, value, unit, approx", [
    ("全年开展培训，参训三十二人", "三十二", "32", "人", False),
    ("受益群众两千余人", "两千", "2000", "人", True),
    ("回收问卷两千余份", "两千", "2000", "份", True),
    ("覆盖一百二十户", "一百二十", "120", "户", False),
    ("满意度达到百分之八十五", "八十五", "85", "%", False),
    ("比上年增长三个百分点", "三", "3", "个百分点", False),
])
def test_chinese_numerals(text, raw, value, unit, approx):
    q = one(text)
    assert q.raw == raw
    assert q.value == D(value)
    assert q.unit == unit
    assert bool(q.extra.get("approx")) is approx
    assert q.extra.get("chinese_numeral")
    t = normalize(text).text
    assert t[q.num_start:q.num_end] == raw


def test_chinese_numeral_with_wan():
    q = one("参保三点五万人")
    assert q.value == D("3.5") and q.decimals == 1 and q.base == D(35000)


def test_arabic_number_with_wan_ren():
    q = one("参保人数 1.6 万人")
    assert q.base == D(16000) and q.kind == "persons"


@pytest.mark.parametrize("text", [
    "一是加强资金管理", "严控三公经费", "学习贯彻党的十九大精神", "提供一站式服务", "十分重视", "万分之三",
    "惠及千家万户", "第三十二条", "二〇二三年", "新增定点机构五家",
])
def test_chinese_numerals_that_are_words(text):
    assert qs(text) == []


@pytest.mark.parametrize("text", ["建立一人一档", "实行一户一策", "落实一人一策"])
def test_chinese_slogans_are_not_counts(text):
    assert qs(text) == []


def test_chinese_numerals_in_headings_are_not_quantities():
    assert qs("一、基本情况\n（二）资金使用\n第三章") == []


# --- parse_number -----------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, value, decimals", [
    ("92,522,871.74", "92522871.74", 2),
    ("−3.5", "-3.5", 1),
    ("-0.26", "-0.26", 2),
    ("84.70", "84.70", 2),
    ("1.6", "1.6", 1),
    ("437", "437", 0),
    (" 12 ", "12", 0),
    ("１２", "12", 0),         # Unicode decimal digits are digits
])
def test_parse_number(raw, value, decimals):
    assert parse_number(raw) == (D(value), decimals)


@pytest.mark.parametrize("raw", ["", "-", ".", "1.", ".5", "1.2.3", "12a", "一二", "1e5", "NaN", "Infinity", "%", "--1"])
def test_parse_number_rejects(raw):
    assert parse_number(raw) is None


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_parse_number_never_raises(s):
    r = parse_number(s)
    assert r is None or (isinstance(r[0], D) and r[1] >= 0)


def _grouped(intpart: str) -> str:
    out = []
    while len(intpart) > 3:
        out.insert(0, intpart[-3:])
        intpart = intpart[:-3]
    out.insert(0, intpart)
    return ",".join(out)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=6),
       st.booleans(), st.booleans(), st.sampled_from(["-", "−"]))
def test_parse_number_round_trips(n, decimals, grouped, negative, minus):
    digits = str(n).rjust(decimals + 1, "0")
    intpart, frac = (digits[:-decimals], digits[-decimals:]) if decimals else (digits, "")
    intpart = str(int(intpart))
    printed = (_grouped(intpart) if grouped else intpart) + ("." + frac if decimals else "")
    if negative:
        printed = minus + printed
    expected = D(n).scaleb(-decimals) * (-1 if negative else 1)
    assert parse_number(printed) == (expected, decimals)


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
       st.sampled_from(["万元", "元", "%", "人", "份", "分"]))
def test_extracted_number_round_trips(x, unit):
    printed = f"{x:,.2f}"
    [q] = extract_quantities(f"本年支出{printed}{unit}。")
    assert q.raw == printed
    assert (q.value, q.decimals, q.unit) == (x, 2, unit)


# --- extract_quantities on arbitrary text ---------------------------------------------------------------

_PIECES = st.sampled_from(
    list("0123456789０１２３４５６７８９.,，。；：:%％-−~～至到年月日号第令〔〕[]()（）≥≤约余多/每BCx \n\t")
    + ["万元", "亿元", "元", "万", "个百分点", "人次", "万人", "人", "户", "份", "项", "分", "以上", "左右",
       "不低于", "元/人/年", "2022年", "〔2022〕", "0752-", "1.", "(1)", "比上年", "其中", "占", "支出"])
_TEXT = st.lists(st.one_of(_PIECES, st.characters(), st.text(max_size=3)), max_size=40).map("".join)


def _check_spans(text: str) -> None:
    for q in extract_quantities(text):
        assert 0 <= q.start <= q.num_start < q.num_end <= q.end <= len(text)
        assert text[q.num_start:q.num_end] == q.raw
        if not q.extra.get("chinese_numeral"):
            assert parse_number(q.raw) == (q.value, q.decimals)
        assert q.unit == "" or q.unit == "%" or q.unit in text[q.num_end:q.end]
        if q.extra.get("range") and q.num_start > 0 and text[q.num_start - 1] in "-−":
            assert q.value >= 0   # a range separator is never read as a minus sign
        if q.label_start >= 0:
            assert q.label_start < q.num_start


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(_TEXT)
def test_extract_never_raises_and_spans_hold(s):
    _check_spans(s)
    _check_spans(normalize(s).text)


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(_TEXT)
def test_doc_quantities_never_raise(s):
    from auditor.extract.quantities import doc_quantities
    from auditor.model import build_document
    doc = build_document("x.txt", s)
    for q in doc_quantities(doc):
        if q.cell is not None:
            t = doc.tables[q.cell[0]]
            cell = next(c for c in t.rows[q.cell[1]] if c.col == q.cell[2])
            assert cell.start <= q.num_start and q.num_end <= cell.end


def test_quantities_in_spans_matches_quantities_in(make_doc):
    from auditor.extract.quantities import quantities_in, quantities_in_spans
    doc = make_doc("本年收入 1203.34 万元，支出 980 万元。\n| 项目 | 预算数 | 执行数 |\n| 办公费 | 12 | 11.5 |\n"
                   "满意度 96.5%，共 482 份。")
    n = len(doc.text)
    spans = [(0, n), (0, 10), (5, 5), (10, 40), (n - 12, n), (3, 4)]
    assert quantities_in_spans(doc, spans) == [(s, e, quantities_in(doc, s, e)) for s, e in spans]


def test_every_spaced_unit_is_a_unit():
    # a unit read after one space (PDF text: 122 人) must be a known unit: "5 所" once raised
    # KeyError and lost the document's quantities
    from auditor.extract.quantities import _SPACED_UNIT, UNITS
    alternatives = _SPACED_UNIT.pattern.split("(", 1)[1].split(")", 1)[0].split("|")
    assert [u for u in alternatives if u not in UNITS] == []
    assert [q.raw for q in extract_quantities("全县共有中小学 5 所，教师 300 人。")] == ["5", "300"]
