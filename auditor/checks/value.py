"""Family value: one labelled quantity, several values.

``value.conflict``: the same quantity (same canonical label, same kind, same
report and — for generic labels such as 完成率 or 得分率 — the same section or
indicator) printed with values that cannot be the same number at their printed
precision (001: 调整预算数 3810.44 万元, later 3812.67 万元).  The value printed
fewer times is reported, with every other occurrence as a related span.

Labels are compared after removing what does not change the quantity (years,
本年/本单位/全年, a leading 总) but keeping what does (年初/调整/预计/实际/上年 …),
so 年初预算 and 调整预算 stay different quantities.  A quantity after 比/较/与
(the comparison base of a growth statement) is not labelled by the words before it.
"""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from auditor import rx as re

from ..extract.quantities import Quantity, UNITS, doc_quantities, quantities_in
from ..extract.relations import relations
from ..findings import make_finding
from ..rounding import Interval, fmt
from . import register

def _base_interval(q: Quantity) -> Interval:
    scale = UNITS.get(q.unit, ("", Decimal(1)))[1] if q.unit else Decimal(1)
    return Interval.of(q).scale(scale)


def same_printed_value(a: Quantity, b: Quantity) -> bool:
    """Can ``a`` and ``b`` be the same number? The finer one must round to the coarser
    one at the coarser precision (half-open rounding intervals)."""
    if a.unit == b.unit:
        fine, coarse = (a, b) if a.decimals >= b.decimals else (b, a)
        q = Decimal(10) ** -coarse.decimals
        from decimal import ROUND_HALF_UP
        return fine.value.quantize(q, rounding=ROUND_HALF_UP) == coarse.value
    ia, ib = _base_interval(a), _base_interval(b)
    return ia.lo < ib.hi and ib.lo < ia.hi


def _told_apart(a: list[Quantity], b: list[Quantity], about) -> bool:
    """Do the two values belong to different dates, numbered items or clause subjects?
    Only when every mention says which, and the two sides share none."""
    for attr, empty in (("when", ""), ("item", -1), ("head", "")):
        xa = {getattr(about[id(q)], attr) for q in a}
        xb = {getattr(about[id(q)], attr) for q in b}
        if empty in xa or empty in xb or (xa & xb):
            continue
        # clause subjects tell values apart only when they are parallel (行政编制 / 事业编制)
        if attr == "head" and len({h[-2:] for h in xa | xb}) != 1:
            continue
        return True
    return False


# a document number (〔2023〕19号, 【2023】41号) cited in the sentence before a value: the
# value is that document's, and two documents may allot different sums under one label
_DOCUMENT_NUMBER = re.compile(r"[〔\[【(（]\s*(?:19|20)\d\d\s*[〕\]】)）]\s*第?\s*(\d+)\s*号")
_SENTENCE_END = re.compile(r"[。；;！!？?\n]")
# a change of the amount itself between two mentions (追减 223.57万元): before and after, not
# one quantity printed twice.  调整 alone is not here: 调整预算 is a label, kept apart already
# the verb must move an amount of money in its clause (收回有效问卷 moves none)
_ADJUSTED = re.compile(r"(?:追加|追减|调增|调减|核减|核增|收回|压减|冲减|退回|调剂|调入|调出)"
                       r"[^。；;\n]{0,40}?\d[\d,]*(?:\.\d+)?\s*(?:万元|亿元|元|万)")
_ADJUSTMENT_REACH = 800


def _cited_document(doc, q: Quantity) -> str:
    """The number of the last document cited in ``q``'s sentence before it, or ""."""
    text = doc.text
    lo = max(0, q.start - 200)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, lo, q.start)]
    lo = ends[-1] if ends else lo
    found = list(_DOCUMENT_NUMBER.finditer(text, lo, q.start))
    return re.sub(r"\s", "", found[-1].group(0)) if found else ""


def _by_documents(a: list[Quantity], b: list[Quantity], doc) -> bool:
    """Is every value of both sides the allotment of a cited document, and no document
    shared?  (下达…〔2023〕19号…资金791万元 / …〔2023〕41号…资金5万元)"""
    da = {_cited_document(doc, q) for q in a}
    db = {_cited_document(doc, q) for q in b}
    return "" not in da and "" not in db and not (da & db)


# a value stated as a target (绩效目标：…完成173万元 / 计划完成 / 预期), which the actual
# result of the same label may fall short of without any inconsistency
_TARGET = re.compile(r"目标|计划|预期|预计|拟|任务|指标值|申报")


def _is_target(doc, q: Quantity) -> bool:
    """Is ``q`` stated as a target: a target word in its sentence before it?"""
    text = doc.text
    lo = max(0, q.start - 120)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, lo, q.start)]
    return bool(_TARGET.search(text, ends[-1] if ends else lo, q.start))


def _target_and_result(a: list[Quantity], b: list[Quantity], doc) -> bool:
    """Is one side all targets and the other all results?"""
    ta = {_is_target(doc, q) for q in a}
    tb = {_is_target(doc, q) for q in b}
    return len(ta) == 1 and len(tb) == 1 and ta != tb


def _adjusted_between(doc, q: Quantity, others: list[Quantity]) -> bool:
    """Is ``q``'s value the amount before or after a change stated between it and another
    value of the same label (下达412.85万元 … 追减223.57万元 … 189.28万元)?"""
    for x in others:
        a, b = (x, q) if x.start < q.start else (q, x)
        if b.start - a.end <= _ADJUSTMENT_REACH and _ADJUSTED.search(doc.text, a.end, b.start):
            return True
    return False


_ITEM_SEPARATOR = re.compile(r"[；;]")
_SENTENCE_STOP = re.compile(r"[。！!？?\n]")


def _enumeration_items(text: str, q: Quantity, others: list[Quantity]) -> bool:
    """Does every other value stand in ``q``'s sentence, in another of its items separated by
    ；?  One enumeration giving each item its own figure under one label (A 已拨付，资金使用率
    100%；B 项目资金使用 33.5 万元，资金使用率 83.75%) says nothing twice."""
    for x in others:
        a, b = (x, q) if x.start < q.start else (q, x)
        if _SENTENCE_STOP.search(text, a.end, b.start) or not _ITEM_SEPARATOR.search(text, a.end, b.start):
            return False
    return bool(others)


def _significant(q: Quantity) -> int:
    return len(str(q.value).replace(".", "").replace("-", "").strip("0"))


def _difference_stated(doc, q: Quantity, ref: Quantity, amounts: list) -> bool:
    """Is the difference of two money values another amount the document states, with three
    significant digits or more (实际到位 120030.14 against 104880.14, and 中央补助 15150.00 stated
    above)?  Then the label covers two scopes, one with that part and one without it, not one
    quantity printed twice."""
    if q.kind != "money" or ref.kind != "money":
        return False
    if not amounts:
        amounts.append([x for x in doc_quantities(doc) if x.kind == "money" and _significant(x) >= 3])
    ia, ib = _base_interval(q), _base_interval(ref)
    diff = ia - ib if ia.mid > ib.mid else ib - ia
    if diff.hi - diff.lo > diff.mid / 100:
        return False    # a difference of a few rounding units (3803.37 / 3803.38) names no amount
    return any(diff.meets(_base_interval(x)) for x in amounts[0]
               if not (same_printed_value(x, q) or same_printed_value(x, ref)))


@register("value.conflict", "同一数量前后数值不一（调整预算数 3810.44 / 3812.67）/ one quantity, two values")
def check_conflict(doc):
    groups: dict[tuple, list[Quantity]] = defaultdict(list)
    about: dict[int, object] = {}
    rel = relations(doc)
    # parts summed into one whole are different quantities by construction, even under
    # one label (“优”的项目…财政资金 a；“良”的项目…财政资金 b)
    sibling_of = {id(p): i for i, pr in enumerate(rel.parts) for p in pr.parts}
    for m in rel.mentions:
        key, q = m.key, m.quantity
        groups[key].append(q)
        about[id(q)] = m
    scope_amounts: list = []     # filled on first use: the document's money amounts
    for (scope, label, kc), items in groups.items():
        if len(items) < 2:
            continue
        clusters: list[list[Quantity]] = []
        for q in items:
            for c in clusters:
                if same_printed_value(c[0], q):
                    c.append(q)
                    break
            else:
                clusters.append([q])
                if len(clusters) >= 3:
                    break      # skipped below: no need to sort the rest
        if len(clusters) < 2:
            continue
        if len(clusters) >= 3:
            continue  # a field repeated per item (each project's 预算数), not one quantity
        clusters.sort(key=lambda c: (-len(c), c[0].num_start))
        if len(clusters[0]) == len(clusters[1]) and len(label.split(":")[-1]) < 4:
            continue  # one value each under a short label: too weak to call
        if _told_apart(clusters[0], clusters[1], about) or _by_documents(clusters[0], clusters[1], doc) \
                or _target_and_result(clusters[0], clusters[1], doc):
            continue
        majority = clusters[0]
        for minority in clusters[1:]:
            if len(majority) == len(minority):
                # a tie: report the later statement, the earlier one is the reference
                if minority[0].num_start < majority[0].num_start:
                    continue
            for q in minority:
                others = [x for c in clusters if c is not minority for x in c]
                if _adjusted_between(doc, q, others):
                    continue
                if id(q) in sibling_of and any(sibling_of.get(id(x)) == sibling_of[id(q)] for x in majority):
                    continue
                if _enumeration_items(doc.text, q, others):
                    continue
                if _difference_stated(doc, q, majority[0], scope_amounts):
                    continue
                ref = majority[0]
                confidence = "certain" if len(majority) >= 2 else "likely"
                yield make_finding(
                    doc, "value.conflict", q.num_start, q.end,
                    f"同一数量前后不一：“{label.split(':')[-1]}”此处为 {q.raw}{q.unit}，"
                    f"文中另有 {len(majority)} 处为 {ref.raw}{ref.unit}"
                    f"（差 {fmt(abs(_base_interval(q).mid - _base_interval(ref).mid) / (UNITS.get(q.unit, ('', Decimal(1)))[1] if q.unit else 1), 4)}{q.unit}）。",
                    confidence=confidence, severity="error",
                    related=[(x.num_start, x.end, "other_value") for x in others],
                    evidence={"label": label, "value": q.raw + q.unit,
                              "other_values": [x.raw + x.unit for x in others],
                              "occurrences": {c[0].raw: len(c) for c in clusters}})


# --- granularity (GRIM) -----------------------------------------------------

_RESPONDENTS = re.compile(r"问卷|调查|受访|样本|答卷|回收|有效")
_OF_PEOPLE = re.compile(r"^的?(?:受访|被调查|调查|参保|服务对象|群众|人|居民|对象|问卷|样本|用户|患者)")
_SATISFACTION = re.compile(r"满意度|满意率|占比|比例|认可度|知晓率")
_HANDED_OUT = re.compile(r"发放|发出")   # questionnaires handed out, not answered
# the count of one answer (其中满意 180 份，基本满意 15 份): some of the respondents, not all of them
_ANSWER = re.compile(r"(?:非常|比较|较为|较|基本|一般)?不?满意$")


def _respondent_counts(doc, qs):
    for q in qs:
        if q.kind in ("copies", "persons") and q.decimals == 0 and q.exact and 0 < q.value < 100000 \
                and _RESPONDENTS.search(q.label + doc.text[max(0, q.start - 12):q.start]) \
                and not _ANSWER.search(q.label):
            yield q


@register("value.granularity", "百分比不可能由整数人数/份数得出（GRIM：437 份中的 0.26%）/ a percentage no whole count gives")
def check_granularity(doc):
    qs = doc_quantities(doc)
    explained = {id(s) for g in relations(doc).share_groups for s in g.shares if s is not None}
    counts = list(_respondent_counts(doc, qs))
    seen: set[int] = set()
    for n in counts:
        para = doc.paragraph_at(n.num_start)
        if para is None:
            continue
        # percentages of these respondents: this paragraph and the next one
        lo, hi = para.start, para.end
        if para.index + 1 < len(doc.paragraphs):
            hi = doc.paragraphs[para.index + 1].end
        # every respondent count in the same scope is a candidate N (发放 200, 有效 196 …)
        ns = [c for c in counts if lo <= c.num_start < hi and not _HANDED_OUT.search(c.label)] or [n]
        for p in qs:
            if p.kind != "percent" or not p.exact or not (lo <= p.num_start < hi) or id(p) in explained:
                continue
            if id(p) in seen:
                continue
            after = doc.text[p.end:p.end + 6]
            if not (_OF_PEOPLE.match(after) or _SATISFACTION.search(p.label)):
                continue
            if p.value > 100 or any(p.decimals + 2 < len(str(int(c.value))) for c in ns):
                continue  # GRIM cannot test: too many respondents for this precision
            if any(_grim_ok(p, int(c.value)) for c in ns):
                continue
            seen.add(id(p))
            N = int(ns[0].value)
            k_lo, k_hi = _grim_bounds(p, N)
            near = [k for k in (k_hi, k_lo) if 0 <= k <= N]
            alts = "，".join(f"{k} 人 = {fmt(Decimal(k) * 100 / N, p.decimals + 2)}%" for k in near)
            yield make_finding(
                doc, "value.granularity", p.num_start, p.end,
                f"百分比不可能：{N} 份（人）中，{p.raw}% × {N} = {fmt(p.value * N / 100, 3)} 人，"
                f"不是整数；最接近的 {alts}，按打印精度都不等于 {p.raw}%。",
                confidence="certain", severity="error",
                related=[(c.num_start, c.end, "respondents") for c in ns],
                evidence={"n": [int(c.value) for c in ns], "reported_percent": p.raw,
                          "implied_count": fmt(p.value * N / 100, 4),
                          "nearest": {str(k): fmt(Decimal(k) * 100 / N, p.decimals + 2) for k in near},
                          "rule": "GRIM: some integer k with k/N*100 inside the printed interval"})


def _grim_bounds(p: Quantity, n: int) -> tuple[int, int]:
    iv = Interval.of(p)
    k_lo = int((iv.lo * n / 100).to_integral_value(rounding="ROUND_CEILING"))
    k_hi = int((iv.hi * n / 100).to_integral_value(rounding="ROUND_FLOOR"))
    return k_lo, k_hi


def _grim_ok(p: Quantity, n: int) -> bool:
    k_lo, k_hi = _grim_bounds(p, n)
    return k_lo <= k_hi


# --- more ways one quantity is stated twice -----------------------------------

_TERM = r"(?:[\p{Han}A-Za-z（）()]+|\d+(?![\d,.]*\s*/\s*\d[\d,]*\s*/))"
_FORMULA_TERMS = re.compile(r"(?P<name>[\p{Han}A-Za-z（）()]{2,20}率)\s*=\s*(?P<terms>" + _TERM + r"(?:\s*/\s*" + _TERM + r"){1,6})")
_TERM_NUMS = re.compile(r"(\d[\d,]*(?:\.\d+)?)(?:\s*/\s*(\d[\d,]*(?:\.\d+)?)){1,6}")
_STRIP_QUALIFIER = re.compile(r"^(?:实际|当年|本年|全年|年末|期末)")
_NUMBERS_DIVIDED = re.compile(r"\d[\d,]*(?:\.\d+)?(?:\s*/\s*\d[\d,]*(?:\.\d+)?)+")
_A_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_HAN = re.compile(r"\p{Han}")
_DIGITS_AND_DOTS = re.compile(r"[\d.]+")


def _formula_bindings(doc):
    """('在职职工参保人数', Quantity 11778) from '做实率=A/在职职工参保人数/12/D … =789592006/11778/12/6906'."""
    text = doc.text
    qs = doc_quantities(doc)
    for m in _FORMULA_TERMS.finditer(text):
        names = [t.strip() for t in m.group("terms").split("/")]
        window = text[m.end():m.end() + 80]
        nm = None
        for cand in _NUMBERS_DIVIDED.finditer(window):
            if cand.group(0).count("/") == len(names) - 1:
                nm = cand
                break
        if nm is None:
            continue
        base = m.end() + nm.start()
        parts = list(_A_NUMBER.finditer(nm.group(0)))
        for name, num in zip(names, parts):
            if not _HAN.search(name) or _DIGITS_AND_DOTS.fullmatch(name):
                continue
            s = base + num.start()
            q = next((x for x in qs if x.num_start == s), None)
            if q is not None:
                yield name, q


def _label_ratio(a: str, b: str) -> float:
    from rapidfuzz import fuzz
    a, b = _STRIP_QUALIFIER.sub("", a), _STRIP_QUALIFIER.sub("", b)
    return fuzz.ratio(a, b)


@register("value.formula_input", "算式中代入的数与文中同一数量不符（分母 11778 vs 在职职工 16849 人）/ a formula input that contradicts the same quantity stated elsewhere")
def check_formula_inputs(doc):
    stated = [(m.key, m.quantity) for m in relations(doc).mentions]
    for name, q in _formula_bindings(doc):
        best = None
        for (scope, key, kc), other in stated:
            if other.num_start == q.num_start or kc not in ("persons", "money", "households", "copies", "count"):
                continue
            label = key.split(":")[-1]
            if label.startswith(("预计", "计划", "目标", "上年", "年初")):
                continue
            r = _label_ratio(name, label)
            if r >= 88 and (best is None or r > best[0]):
                best = (r, label, other)
        if best is None:
            continue
        _, label, other = best
        if other.value == q.value or (other.unit and Interval.of(other).scale(
                UNITS.get(other.unit, ("", Decimal(1)))[1]).contains(q.value)):
            continue
        yield make_finding(
            doc, "value.formula_input", q.num_start, q.num_end,
            f"算式代入值与文中不符：公式中“{name}”代入 {q.raw}，而文中“{label}”为 {other.raw}{other.unit}。",
            confidence="likely", severity="error",
            related=[(other.num_start, other.end, "stated_value")],
            evidence={"formula_term": name, "substituted": q.raw, "stated_label": label,
                      "stated_value": other.raw + other.unit})


_CODE = re.compile(r"(?<![A-Za-z0-9])([A-Z]\d{2,3})(?![0-9])")


@register("value.indicator_slip", "同一指标在表格与正文中的数值差一两个末位（96.88% / 96.87%）/ one indicator's value differs by a slip between table and text")
def check_indicator_slip(doc):
    qs = [q for q in doc_quantities(doc) if q.kind == "percent" and q.exact and q.decimals >= 1]
    table_vals: list[tuple[set, Quantity]] = []
    prose_vals: list[tuple[set, Quantity]] = []
    for q in qs:
        para = doc.paragraph_at(q.num_start)
        if para is None:
            continue
        if para.table_id is not None:
            codes = set(_CODE.findall(para.text))
            if codes:
                table_vals.append((codes, q))
            continue
        codes = set(_CODE.findall(para.text[:16]))
        if not codes and para.index > 0:
            prev = doc.paragraphs[para.index - 1]
            if prev.table_id is None:
                codes = set(_CODE.findall(prev.text[:16]))
        if codes:
            prose_vals.append((codes, q))
    # where the text gives the inputs (预算 A, 决算 B, 完成率 R), the recomputation says which is right
    inputs = {r.num_start: (a, b) for a, b, r in relations(doc).plan_actual}
    for tcodes, t in table_vals:
        for pcodes, p in prose_vals:
            if not (tcodes & pcodes) or t.decimals != p.decimals:
                continue
            unit = Decimal(10) ** -t.decimals
            gap = abs(t.value - p.value)
            if gap == 0 or gap > 2 * unit:
                continue
            code = sorted(tcodes & pcodes)[0]
            wrong, right, note, related = t, p, "", [(p.num_start, p.end, "text_value")]
            if p.num_start in inputs:
                a, b = inputs[p.num_start]
                from decimal import ROUND_HALF_UP
                exact = b.value / a.value * 100
                printed = exact.quantize(unit, rounding=ROUND_HALF_UP)
                related += [(a.num_start, a.end, "denominator"), (b.num_start, b.end, "numerator")]
                if printed == t.value:
                    wrong, right = p, t
                note = f"；按正文数据 {b.raw} ÷ {a.raw} = {fmt(exact, 4)}%，{right.raw}% 正确"
            yield make_finding(
                doc, "value.indicator_slip", wrong.num_start, wrong.end,
                f"同一指标 {code} 数值前后不一：表中为 {t.raw}%，正文为 {p.raw}%（相差 {fmt(gap)} 个百分点）{note}。",
                confidence="certain" if note else "likely", severity="error",
                related=related if wrong is t else [(t.num_start, t.end, "table_value")] + related[1:],
                evidence={"indicator": code, "table_value": t.raw, "text_value": p.raw})


_BUDGET_ROW = re.compile(r"资金|预算|经费")
_COST_INDICATOR = re.compile(r"成本指标")
_MONEY_WORD = re.compile(r"经费|资金|费用")


@register("value.cost_vs_budget", "成本指标金额与本表预算数/执行数不符（16 万 vs 15 万元）/ a cost indicator contradicting the table's budget")
def check_cost_vs_budget(doc):
    from ..extract.tables import budget_triple, numeric_rows
    for t in doc.tables:
        rows = numeric_rows(doc, t)
        budget = None
        for row in rows:
            if row.kind == "header":
                continue
            nums = [row.numbers[c] for c in sorted(row.numbers)]
            triple = budget_triple(row)
            if budget is None and triple and _BUDGET_ROW.search(row.label):
                budget = triple[:2]
                continue
            if budget is None or not _COST_INDICATOR.search(row.label) or not _MONEY_WORD.search(row.label):
                continue
            wan = [q for q in nums if q.unit in ("万", "万元")]
            if len(wan) < 2:
                continue
            a, b = budget
            target, actual = wan[0], wan[1]
            if actual.value == b.value and target.value in (a.value, b.value):
                continue
            yield make_finding(
                doc, "value.cost_vs_budget", actual.num_start, actual.end,
                f"成本指标与预算执行不符：成本指标目标 {target.raw}{target.unit}、实际 {actual.raw}{actual.unit}，"
                f"本表预算数 {a.raw}、执行数 {b.raw}（万元）。",
                confidence="likely", severity="error",
                related=[(target.num_start, target.end, "cost_target"), (a.num_start, a.end, "budget"),
                         (b.num_start, b.end, "executed")],
                evidence={"cost_target": target.raw, "cost_actual": actual.raw, "budget": a.raw,
                          "executed": b.raw})


# --- per-capita plausibility ------------------------------------------------------

_COUNT_ACTUAL = re.compile(r"实际.{0,4}(?:参保|享受|覆盖|救助|资助)?人数|参保人数|覆盖人数")
_PAID = re.compile(r"拨付|支付|发放|补助|支出|配套")
_CONTRIBUTION = re.compile(r"个人缴费|缴费标准|个人.{0,3}缴")
_PER_PERSON = re.compile(r"^\s*/\s*人")
_ACTUAL_TOTAL = re.compile(r"实际|全年|累计|共")


@register("value.per_capita", "拨付总额折合人均低于文中最低标准 / an amount paid per person below the lowest standard the report states")
def check_per_capita(doc):
    """In one report: persons N, an amount paid T, and per-person standards
    (61 元/人/年 …).  T / N below the lowest standard cannot be 'paid by the
    standard' for every counted person."""
    doc_quantities(doc)
    text = doc.text
    for rep in doc.reports:
        items = [q for q in quantities_in(doc, rep.start, rep.end) if q.exact and q.cell is None]
        standards = [q for q in items if q.kind == "money_per" and _PER_PERSON.match(text[q.end:q.end + 3])
                     and not _CONTRIBUTION.search(text[max(rep.start, q.start - 16):q.start])]
        counts = [q for q in items if q.kind == "persons" and q.unit == "人" and _COUNT_ACTUAL.search(q.label)]
        paid = [q for q in items if q.kind == "money" and q.unit in ("万元", "元") and _PAID.search(q.label)
                and _ACTUAL_TOTAL.search(text[max(rep.start, q.start - 12):q.start])]
        if not standards or not counts or not paid:
            continue
        low = min(standards, key=lambda q: q.value)
        for t in paid:
            # the persons counted in the paragraph that states the amount paid
            para = doc.paragraph_at(t.num_start)
            near = [c for c in counts if para is not None and para.start <= c.num_start <= para.end]
            if not near:
                continue
            n = near[-1]
            base = t.value * (Decimal(10000) if t.unit == "万元" else 1)
            per = base / n.value
            if per >= low.value * Decimal("0.995"):
                continue
            need = low.value * n.value / (Decimal(10000) if t.unit == "万元" else 1)
            yield make_finding(
                doc, "value.per_capita", t.num_start, t.end,
                f"人均低于标准：{t.label} {t.raw}{t.unit} ÷ {n.label} {n.raw}人 = {fmt(per, 2)} 元/人，"
                f"低于文中最低标准 {low.raw} 元/人；按最低标准至少应为 {fmt(need, 2)}{t.unit}。",
                confidence="likely", severity="warning",
                related=[(n.num_start, n.end, "persons"), (low.num_start, low.end, "standard")],
                evidence={"amount": t.raw + t.unit, "persons": n.raw, "per_person": fmt(per, 4),
                          "lowest_standard": low.raw})
