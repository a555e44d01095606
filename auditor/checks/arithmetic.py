"""Family arithmetic: relations between numbers that the text itself states.

Prose statements of the form ``整体 X，其中 A a，占 p%；B b，占 q%`` give a whole,
its parts and their shares.  Checks (rounding-aware, see ``rounding``):

* ``arithmetic.share``: each stated share p against part / whole;
* ``arithmetic.percent_sum``: shares of one whole whose parts exhaust it must
  make 100%; a share printed coarser than its siblings that is consistent only
  thanks to that coarser precision is reported as *likely*.
"""
from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from auditor import rx as re

from ..extract.quantities import Quantity, doc_quantities, matches_from, parse_number, quantities_in_spans
from ..extract.relations import (AMOUNT_KINDS, APPROX, ShareGroup, COUNTED_KINDS, WAN_UNITS, relations, scale_of,
                                 adds_up_exactly, value_in)
from ..findings import make_finding
from ..model import in_contents_run
from ..rounding import Interval, fmt, printed_at, total
from . import register

HUNDRED = Decimal(100)
_AMOUNT_KINDS = AMOUNT_KINDS


def share_groups(doc):
    return relations(doc).share_groups


_WAN_UNITS = {"万人", "万人次", "万份", "万户", "万件", "万个", "万项", "万家", "万次", "万笔", "万名"}


def _ratio(part: Quantity, whole: Quantity, unit_of_whole: bool = False) -> Interval:
    counted = ("persons", "copies", "count", "households", "visits", "items")
    pi = Interval.of(part, exact=part.kind in counted and part.decimals == 0 and part.unit not in _WAN_UNITS)
    wi = Interval.of(whole, exact=whole.kind in counted and whole.decimals == 0 and whole.unit not in _WAN_UNITS)
    p_scale = _scale(whole) if unit_of_whole else _scale(part)
    return (pi.scale(p_scale) / wi.scale(_scale(whole))).scale(HUNDRED)


_scale = scale_of


def _unit_mismatch(part: Quantity, whole: Quantity) -> bool:
    return part.kind == whole.kind == "money" and part.unit != whole.unit


@register("arithmetic.share", "占比与“部分/整体”不符（370/437 写作 84.70%）/ stated share vs part/whole")
def check_share(doc):
    seen: set[int] = set()
    for g in share_groups(doc):
        for part, share in zip(g.parts, g.shares):
            if share is None or share.num_start in seen:
                continue
            seen.add(share.num_start)
            try:
                computed = _ratio(part, g.whole)
            except ZeroDivisionError:
                continue
            reported = Interval.of(share)
            if computed.intersects(reported):
                continue
            if _unit_mismatch(part, g.whole):
                # 2.23 元 among 万元 figures: the unit check reports it; the share
                # is judged with the whole's unit.
                alt = _ratio(part, g.whole, unit_of_whole=True)
                if alt.intersects(reported):
                    continue
            yield make_finding(
                doc, "arithmetic.share", share.num_start, share.end,
                f"占比不符：{part.label or '部分'} {part.raw}{part.unit} ÷ {g.whole.label or '整体'} "
                f"{g.whole.raw}{g.whole.unit} = {fmt(computed.mid, 2)}%，文中写 {share.raw}%"
                f"（按打印精度 {share.raw}% 代表 {Interval.of(share)}%，计算区间 {computed}%，不相交）。",
                confidence="certain", severity="error",
                related=[(part.num_start, part.end, "part"), (g.whole.num_start, g.whole.end, "whole")],
                evidence={"part": part.raw, "whole": g.whole.raw, "reported_percent": share.raw,
                          "computed_percent": fmt(computed.mid, 4),
                          "computed_interval": str(computed), "reported_interval": str(reported),
                          "rule": "consistent iff intervals intersect"})
    yield from check_pooled_share(doc)


_RATIO_AFTER = re.compile(r"\s*[，,]\s*占(\p{Han}{2,8}?)的?\s*(?=\d)")


def _ratio_after(doc, q: Quantity) -> tuple[str, Quantity] | None:
    """``a 万元，占调整预算 p%``: (the named base, the percentage) printed right after q."""
    m = _RATIO_AFTER.match(doc.text, q.end)
    if not m:
        return None
    pct = next((x for x in doc_quantities(doc) if x.num_start == m.end()), None)
    return (m.group(1), pct) if pct is not None and pct.kind == "percent" and pct.exact else None


def _pooled_ratios(doc):
    """收入 T，占调整预算 P%：(1) a₁，占调整预算 p₁% … — the whole's base is the sum of the
    parts' bases aᵢ ÷ pᵢ, so P must be T ÷ Σ(aᵢ ÷ pᵢ).  Only a breakdown that claims to be
    whole and adds up, every item naming the same base."""
    for rel in relations(doc).parts:
        if not rel.exhaustive or rel.minus or len(rel.parts) < 2 or rel.whole.cell is not None:
            continue
        w = _ratio_after(doc, rel.whole)
        ps = [_ratio_after(doc, p) for p in rel.parts]
        if w is None or any(x is None or x[0] != w[0] or x[1].value <= 0 for x in ps):
            continue
        if any(p.unit != rel.whole.unit for p in rel.parts):
            continue
        if not total(Interval.of(p) for p in rel.parts).intersects(Interval.of(rel.whole)):
            continue        # the parts do not make the whole: arithmetic.parts says so
        base = total(Interval.of(p) / Interval.of(x[1]).scale(Decimal("0.01")) for p, x in zip(rel.parts, ps))
        yield rel, w[0], w[1], (Interval.of(rel.whole) / base).scale(HUNDRED)


def check_pooled_share(doc):
    for rel, name, pct, computed in _pooled_ratios(doc):
        if computed.intersects(Interval.of(pct)):
            continue
        yield make_finding(
            doc, "arithmetic.share", pct.num_start, pct.end,
            f"占比不符：各项按“占{name}”比例倒推的{name}合计，{rel.whole.label or '整体'} {rel.whole.raw}"
            f"{rel.whole.unit} 应占 {fmt(computed.mid, 2)}%（区间 {computed}%），文中写 {pct.raw}%。",
            confidence="likely", severity="error",
            related=[(rel.whole.num_start, rel.whole.end, "whole")] + [(p.num_start, p.end, "part") for p in rel.parts],
            evidence={"whole": rel.whole.raw, "parts": [p.raw for p in rel.parts], "reported_percent": pct.raw,
                      "computed_interval": str(computed), "rule": "whole ÷ Σ(part ÷ part share)"})


@register("arithmetic.percent_sum", "同一整体的各部分占比之和不为 100% / shares of one whole do not make 100%")
def check_percent_sum(doc):
    grouped = {id(s) for g in share_groups(doc) for s in g.shares if s is not None}
    for x, y in relations(doc).complements:
        if id(x) in grouped or id(y) in grouped:
            continue        # shares with their amounts: checked against them below
        reported = total([Interval.of(x), Interval.of(y)])
        if reported.contains(HUNDRED):
            continue
        point = x.value + y.value
        yield make_finding(
            doc, "arithmetic.percent_sum", y.num_start, y.end,
            f"互补占比合计不为 100%：“{x.label}”{x.raw}% + “{y.label}”{y.raw}% = {fmt(point, 4)}%"
            f"（两者互为全部，按打印精度合计区间 {reported}% 不含 100%）。",
            confidence="likely", severity="error", related=[(x.num_start, x.end, "share")],
            evidence={"shares": [x.raw, y.raw], "sum": fmt(point, 4), "sum_interval": str(reported),
                      "expected": "100"})
    for g in share_groups(doc):
        shares = [s for s in g.shares if s is not None]
        if len(shares) < 2:
            continue
        if not _parts_exhaust(g):
            continue
        reported = total(Interval.of(s) for s in shares)
        expr = " + ".join(f"{s.raw}%" for s in shares)
        point = sum((s.value for s in shares), Decimal(0))
        related = [(s.num_start, s.end, "share") for s in shares[:-1]] + \
                  [(p.num_start, p.end, "part") for p in g.parts] + [(g.whole.num_start, g.whole.end, "whole")]
        if not reported.contains(HUNDRED):
            last = shares[-1]
            yield make_finding(
                doc, "arithmetic.percent_sum", last.num_start, last.end,
                f"占比合计不为 100%：{expr} = {fmt(point, 4)}%（各部分 "
                f"{' + '.join(p.raw for p in g.parts)} 已构成整体 {g.whole.raw}{g.whole.unit}，"
                f"按打印精度合计区间 {reported}% 不含 100%）。",
                confidence="certain", severity="error", related=related,
                evidence={"shares": [s.raw for s in shares], "sum": fmt(point, 4),
                          "sum_interval": str(reported), "expected": "100"})
            continue
        # Consistent only because one share is printed coarser than its siblings.
        finest = max(s.decimals for s in shares)
        coarse = [s for s in shares if s.decimals < finest]
        if not coarse:
            continue
        fine_sum = total(Interval.printed(s.value, finest) for s in shares)
        if fine_sum.contains(HUNDRED):
            continue
        c = coarse[0]
        part = g.parts[g.shares.index(c)]
        try:
            true_share = _ratio(part, g.whole, unit_of_whole=_unit_mismatch(part, g.whole)).mid
        except ZeroDivisionError:
            continue
        yield make_finding(
            doc, "arithmetic.percent_sum", c.num_start, c.end,
            f"精度不一致：{c.raw}% 只保留 {c.decimals} 位小数，同组其他占比保留 {finest} 位；"
            f"按 {finest} 位计 {expr} = {fmt(point, 4)}% ≠ 100%，实际 {part.raw}/{g.whole.raw} = "
            f"{fmt(true_share, 4)}%（应写 {fmt(true_share, finest)}%）。仅因精度放宽才“合计为 100%”。",
            confidence="likely", severity="warning", related=related,
            evidence={"shares": [s.raw for s in shares], "sum": fmt(point, 4),
                      "finest_decimals": finest, "computed_share": fmt(true_share, 4)})


def _parts_exhaust(g: ShareGroup) -> bool:
    """Do the parts make up the whole (rounding-aware, in the whole's unit)?"""
    def as_whole_unit(p: Quantity, trust_unit: bool) -> Interval:
        i = Interval.of(p)
        return i.scale(_scale(p) / _scale(g.whole)) if trust_unit else i
    for trust in (True, False):
        s = total(as_whole_unit(p, trust) for p in g.parts)
        if s.intersects(Interval.of(g.whole)):
            return True
    return False


# --- tables -----------------------------------------------------------------

def _sum_interval(parts) -> Interval:
    return total(Interval.of(q) for q in parts)


def _compare_sum(doc, whole: Quantity, parts: list[Quantity], what: str, row_label: str):
    if any(p.kind != whole.kind or p.unit != whole.unit for p in parts):
        return
    computed = _sum_interval(parts)
    reported = Interval.of(whole)
    if computed.intersects(reported):
        return
    point = sum((p.value for p in parts), Decimal(0))
    diff = whole.value - point
    names = {"table_subtotal": "小计", "table_total": "合计", "table_row": "合计",
             "table_children": f"“{row_label[:20]}”", "table_folded": "合计"}
    expr = " + ".join(p.raw for p in parts)
    yield make_finding(
        doc, "arithmetic.sum", whole.num_start, whole.num_end,
        f"表内合计不符：{names[what]} {whole.raw}，而各分项 {expr} = {fmt(point, 4)}"
        f"（差 {fmt(diff, 4)}；按打印精度分项合计区间 {computed}）。",
        # a table printed one cell per line is read back by its row numbers: likely
        confidence="likely" if what == "table_folded" else "certain", severity="error",
        related=[(p.num_start, p.num_end, "part") for p in parts],
        evidence={"reported": whole.raw, "parts": [p.raw for p in parts], "computed": fmt(point, 4),
                  "difference": fmt(diff, 4), "computed_interval": str(computed)})


@register("arithmetic.sum", "分项之和与小计/合计不符（表格列、自评表资金来源）/ parts do not add up to their total")
def check_table_sums(doc):
    # a form's funds block is arithmetic.form_sum's (read by its columns, not from the right)
    funds = [(c.start, c.end) for form in doc.forms for r in form.funds for c in r.cells.values()]
    for pr in relations(doc).parts:
        if pr.cue.startswith("table_") and not any(s <= pr.whole.num_start < e for s, e in funds):
            yield from _compare_sum(doc, pr.whole, pr.parts, pr.cue, pr.label)


# --- growth and difference ----------------------------------------------------


def _iv(q: Quantity, ref: Quantity | None = None) -> Interval:
    """q's printed interval in ref's unit (counts of whole things are exact)."""
    i = Interval.of(q, exact=q.kind in COUNTED_KINDS and q.decimals == 0 and q.unit not in WAN_UNITS)
    return i.scale(scale_of(q) / scale_of(ref)) if ref is not None else i


@register("arithmetic.growth", "增减额、增长率与前后两个数不符 / stated change or growth vs recomputed")
def check_growth(doc):
    """current − previous = change, in every order the reports write it: 'X，比上年 Y 增加 D，
    增长 P%', 'X，较上年减少 D，下降 P%' (previous = X + D), '由 Y 增加到 X'."""
    for c in relations(doc).changes:
        x, y, d, p, sign = c.current, c.previous, c.delta, c.pct, c.sign
        if any(q is not None and in_contents_run(doc, q.num_start) for q in (x, d, p)):
            continue    # page numbers of a contents page run together (…纯收入增加27(三)…)
        xi = _iv(x)
        checks = []
        if y is not None:
            diff = xi - _iv(y, x)
            if d is not None:
                checks.append((d, diff.scale(Decimal(sign)).scale(scale_of(x) / scale_of(d)),
                               f"{x.raw} − {y.raw} = {fmt(x.value - value_in(y, x), 4)}{x.unit}"))
            if p is not None and y.value > 0:
                try:
                    checks.append((p, (diff / _iv(y, x)).scale(HUNDRED * sign),
                                   f"({x.raw} − {y.raw}) ÷ {y.raw} = "
                                   f"{fmt((x.value - value_in(y, x)) / value_in(y, x) * 100, 4)}%"))
                except ZeroDivisionError:
                    pass
            if d is None and p is None:
                # 由 Y 增加到 X: only the direction can be wrong
                if (x.value - value_in(y, x)) * sign < 0 and x.value != value_in(y, x):
                    yield make_finding(
                        doc, "arithmetic.growth", x.num_start, x.end,
                        f"增减方向不符：由 {y.raw}{y.unit} 到 {x.raw}{x.unit} 是"
                        f"{'减少' if sign > 0 else '增加'}，文中写“{c.word}”。",
                        confidence="certain", severity="error",
                        related=[(y.num_start, y.end, "previous")],
                        evidence={"current": x.raw, "previous": y.raw, "stated": c.word})
                continue
        elif d is not None and p is not None:
            di = _iv(d, x)
            prev = xi - di.scale(Decimal(sign))
            if prev.lo <= 0:
                continue
            try:
                checks.append((p, (di / prev).scale(HUNDRED),
                               f"上期 = {x.raw} {'−' if sign > 0 else '+'} {d.raw} = "
                               f"{fmt(x.value - sign * value_in(d, x), 4)}，{d.raw} ÷ "
                               f"{fmt(x.value - sign * value_in(d, x), 4)} = "
                               f"{fmt(value_in(d, x) / (x.value - sign * value_in(d, x)) * 100, 4)}%"))
            except ZeroDivisionError:
                pass
        for z, computed, what in checks:
            if computed.intersects(Interval.of(z)):
                continue
            flipped = computed.scale(Decimal(-1)).intersects(Interval.of(z))
            word = c.pct_word if z is p and c.pct_word else c.word
            related = [(x.num_start, x.end, "current")]
            if y is not None:
                related.append((y.num_start, y.end, "previous"))
            for other in (d, p):
                if other is not None and other is not z:
                    related.append((other.num_start, other.end, "change"))
            yield make_finding(
                doc, "arithmetic.growth", z.num_start, z.end,
                f"增减不符：{x.label or '本期'} {x.raw}{x.unit}，{what}，"
                f"文中写“{word}{z.raw}{z.unit}”" + ("（数值相符但方向相反）" if flipped else "") + "。",
                confidence="certain", severity="error", related=related,
                evidence={"current": x.raw, "previous": y.raw if y is not None else None,
                          "change": d.raw if d is not None else None, "percent": p.raw if p is not None else None,
                          "stated": f"{word}{z.raw}{z.unit}", "computed_interval": str(computed),
                          "direction_flipped": flipped})


# --- rates and written-out formulas ------------------------------------------

# (?<!\d): a match never starts inside a number (it would start at the number's
# first digit), so the lookbehind only lets regex skip those positions faster
_EXPR = re.compile(r"(?<!\d)(?P<expr>\d[\d,]*(?:\.\d+)?(?:\s*[/÷×*]\s*\d[\d,]*(?:\.\d+)?){1,6})")
# every _EXPR match holds an operator, its first one after a number and spaces: the pattern is
# tried only on the digits, commas, dots and spaces before an operator (rare), not at every digit
_OPERATOR = re.compile(r"[/÷×*]")
_NUMBER_BEFORE = re.compile(r"(?r)[\d,.]*\s*")
_EQ_BEFORE = re.compile(r"(?P<res>\d+(?:\.\d+)?)\s*%\s*=\s*$")
_EQ_AFTER = re.compile(r"^\s*=\s*(?P<res>\d+(?:\.\d+)?)\s*%")


_TOKEN = re.compile(r"\d[\d,]*(?:\.\d+)?|[/÷×*]")


def _evaluate(expr: str) -> tuple[Decimal, list[tuple[str, int, int]]] | None:
    tokens = list(_TOKEN.finditer(expr))
    value = None
    op = None
    nums = []
    for t in tokens:
        s = t.group(0)
        if s in "/÷×*":
            op = s
            continue
        v = Decimal(s.replace(",", ""))
        nums.append((s, t.start(), t.end()))
        if value is None:
            value = v
        elif op in ("/", "÷"):
            if v == 0:
                return None
            value = value / v
        else:
            value = value * v
    return (value, nums) if value is not None and len(nums) >= 2 else None


def written_formulas(doc):
    """'80.9%=789592006/11778/12/6906' and '789592006/11778/12/6906=80.9%'."""
    text = doc.text
    for m in matches_from(_EXPR, text, _NUMBER_BEFORE, _OPERATOR):
        before = _EQ_BEFORE.search(text[max(0, m.start() - 12):m.start()])
        after = _EQ_AFTER.match(text[m.end():m.end() + 12])
        if not before and not after:
            continue
        if before:
            res = before.group("res")
            rs = m.start() - (len(text[max(0, m.start() - 12):m.start()]) - before.start("res"))
        else:
            res = after.group("res")
            rs = m.end() + after.start("res")
        ev = _evaluate(m.group("expr"))
        if ev is None:
            continue
        yield m, ev, res, rs


@register("arithmetic.rate", "写明的算式、执行率/完成率与重算不符 / a written-out rate or formula vs recomputed")
def check_rate(doc):
    for m, (value, nums), res, rs in written_formulas(doc):
        parsed = parse_number(res)
        if parsed is None:
            continue
        r, dec = parsed
        computed = value * HUNDRED
        if Interval.printed(r, dec).contains(computed):
            continue
        yield make_finding(
            doc, "arithmetic.rate", rs, rs + len(res) + 1,
            f"算式结果不符：{m.group('expr')} = {fmt(computed, 4)}%，文中写 {res}%。",
            confidence="certain", severity="error",
            related=[(m.start(), m.end(), "formula")],
            evidence={"formula": m.group("expr"), "computed_percent": fmt(computed, 4), "reported": res})
    done: set[int] = set()
    funds = {c.start for form in doc.forms for r in form.funds for k, c in r.cells.items() if k == "rate"}
    for f in _table_rates(doc, done):
        if f.start not in funds:     # a form's 执行率 is arithmetic.form_rate's
            yield f
    for f in _column_rates(doc, done):
        if f.start not in funds:
            yield f
    yield from _relation_rates(doc, done)
    yield from _prose_rates(doc, done)
    yield from _named_rates(doc, done)
    yield from _full_rates(doc, done)
    yield from _masked_rates(doc)
    yield from _per_capita(doc)


def _masked_rates(doc):
    """预算数 78.*元，执行数 75.*元，完成预算的 100%: the masked amounts bound the rate."""
    for mr in relations(doc).masked_rates:
        r = parse_number(mr.rate_raw)
        if r is None:
            continue
        value, dec = r
        shown = Interval.printed(value, dec)
        truncated = Interval(value, value + Decimal(10) ** -dec)
        computed = (mr.num_iv / mr.base_iv).scale(HUNDRED)
        if computed.intersects(shown) or computed.intersects(truncated):
            continue
        text = doc.text
        num, base = text[mr.num[0]:mr.num[1]], text[mr.base[0]:mr.base[1]]
        yield make_finding(
            doc, "arithmetic.rate", mr.rate[0], mr.rate[1],
            f"{'完成预算的比例' if mr.name == '完成预算的' else mr.name}不符：{num} ÷ {base}（打码数字按区间计）= {fmt(computed.lo, 2)}%～"
            f"{fmt(computed.hi, 2)}%，文中写 {mr.rate_raw}%。",
            confidence="likely", severity="error",
            related=[(mr.base[0], mr.base[1], "denominator"), (mr.num[0], mr.num[1], "numerator")],
            evidence={"numerator": num, "denominator": base, "computed_interval": str(computed),
                      "reported": mr.rate_raw})


def _full_rates(doc, done: set[int]):
    """A rate the words fix at 100 % (资金已全额支付 … 支付率 97%; 已完成竣工验收，完成率 95%)."""
    for fr in relations(doc).full_rates:
        r = fr.rate
        if id(r) in done or r.value == HUNDRED or fr.only_below and r.value > HUNDRED or \
                fr.only_above and r.value < HUNDRED:
            continue
        done.add(id(r))
        cue = doc.text[fr.cue[0]:fr.cue[1]]
        should = "不应超过 100%" if fr.only_above else "应为 100%"
        yield make_finding(
            doc, "arithmetic.rate", r.num_start, r.end,
            f"{fr.verb}率与文字不符：文中称“{cue}”，{fr.verb}率{should}，文中写 {r.raw}%。",
            confidence="likely", severity="warning",
            related=[(fr.cue[0], fr.cue[1], "statement")],
            evidence={"statement": cue, "reported": r.raw})


_B_OVER_A = re.compile(r"B\s*/\s*A")


def _table_rates(doc, done: set[int]):
    """Rows under 预算数(A) | 执行数(B) | 执行率(B/A): rate = B/A (rounded or truncated)."""
    from ..extract.tables import budget_triple, numeric_rows
    for t in doc.tables:
        rows = numeric_rows(doc, t)
        active = False
        for row in rows:
            if row.kind == "header":
                active = bool(_B_OVER_A.search(row.label))
                continue
            if not active:
                continue
            triple = budget_triple(row)
            if triple is None:
                continue
            a, b, rate, _ = triple
            if a.kind != b.kind or a.value <= 0 or not rate.exact:
                continue
            done.add(id(rate))
            yield from _rate_finding(doc, a, b, rate, "执行率(B/A)")


# A rate column whose header names its ratio: (rate, numerator, denominator) header patterns,
# matched on the header cell without spaces and bracketed units, and whether the denominator
# is exact as printed (a 权重 of 10 points is 10, not 9.5–10.5).
_COLUMN_RATIOS = (
    (re.compile(r"^得分率$"), re.compile(r"^(?:实际|评价|自评)?得分$"),
     re.compile(r"^(?:权重|分值|满分|标准分|权重分|指标分值)$"), True),
    (re.compile(r"^(?:预算)?执行率$"), re.compile(r"^(?:全年|预算|实际)?执行数$|^(?:实际)?支出数$"),
     re.compile(r"^(?:全年|调整后)?预算数$"), False),
)


def _header_key(text: str) -> str:
    return re.sub(r"[(（][^()（）]*[)）]", "", text.replace(" ", ""))


@lru_cache(maxsize=4096)
def _header_roles(text: str) -> tuple[tuple[bool, bool, bool], ...]:
    """For a header cell's text, per ``_COLUMN_RATIOS`` entry: does it name that entry's rate,
    numerator, denominator column?  Cached: forms repeat the same few headers."""
    key = _header_key(text)
    return tuple(tuple(p.match(key) is not None for p in spec[:3]) for spec in _COLUMN_RATIOS)


def _column_rates(doc, done: set[int]):
    """Rows under a header naming a rate column and its two inputs by name (权重 | 得分 |
    得分率; 预算数 | 执行数 | 执行率): the row's rate = numerator ÷ denominator, each read
    in its own column (a row whose cells shifted prints no percentage there)."""
    from ..extract.tables import numeric_rows
    for t in doc.tables:
        specs: list[tuple[int, int, int, str, bool]] = []
        for row in numeric_rows(doc, t):
            if row.kind == "header":
                roles = {c.col: c.text for c in row.cells if c.text}
                roles = {col: (text, _header_roles(text)) for col, text in roles.items()}
                named = sum(1 for _, r in roles.values() if any(map(any, r)))
                found = []
                for i, (_, _, _, exact) in enumerate(_COLUMN_RATIOS if named else ()):    # none named: none found
                    cols = [[c for c, (_, r) in roles.items() if r[i][j]] for j in range(3)]
                    if all(len(x) == 1 for x in cols):
                        found.append((cols[0][0], cols[1][0], cols[2][0], _header_key(roles[cols[0][0]][0]), exact))
                if found or named >= 2:
                    specs = found        # a new header: its own columns
                continue
            for rc, nc, dc, name, exact in specs:
                r, b, a = row.numbers.get(rc), row.numbers.get(nc), row.numbers.get(dc)
                if r is None or b is None or a is None or id(r) in done:
                    continue
                if r.unit != "%" or a.unit == "%" or b.unit == "%" or a.value <= 0 or \
                        not (r.exact and a.exact and b.exact):
                    continue
                done.add(id(r))
                yield from _rate_finding(doc, a, b, r, name, exact_base=exact)


def _rate_finding(doc, a, b, rate, what, exact_base: bool = False):
    from decimal import ROUND_FLOOR, ROUND_HALF_UP
    exact = b.value / a.value * HUNDRED
    q = Decimal(10) ** -rate.decimals
    allowed = {exact.quantize(q, rounding=ROUND_HALF_UP), exact.quantize(q, rounding=ROUND_FLOOR)}
    computed = (Interval.of(b) / Interval.of(a, exact=exact_base)).scale(HUNDRED)
    if rate.value in allowed or computed.intersects(Interval.of(rate)):
        return
    yield make_finding(
        doc, "arithmetic.rate", rate.num_start, rate.end,
        f"{what}不符：{b.raw} ÷ {a.raw} = {fmt(exact, 4)}%，文中写 {rate.raw}%。",
        confidence="certain", severity="error",
        related=[(a.num_start, a.end, "denominator"), (b.num_start, b.end, "numerator")],
        evidence={"numerator": b.raw, "denominator": a.raw, "computed_percent": fmt(exact, 4),
                  "reported": rate.raw})


_PLAN = re.compile(r"预算|计划|应征|应缴|目标")
_ACTUAL = re.compile(r"决算|实际|执行|到位|完成|拨付|支付|征收")
_RATE_LABEL = re.compile(r"(?:执行|完成|到位|征缴|使用|支付)率$")


def _prose_rates(doc, done: set[int]):
    for a, b, r in relations(doc).plan_actual:
        if id(r) in done:
            continue
        done.add(id(r))
        yield from _rate_finding(doc, a, b, r, r.label)


def _relation_rates(doc, done: set[int]):
    """Rates of the relation layer: numerator ÷ a named base, or ÷ the sum of the base's
    parts (支付 a，未支 b，支付率 r = a / (a + b)), or 'N 人的 P%'."""
    for rt in relations(doc).rates:
        r, b = rt.rate, rt.numerator
        if id(r) in done:
            continue
        done.add(id(r))
        if _budget_over_budget(rt):
            continue
        if rt.base_parts:
            parts = rt.base_parts
            base_point = sum((value_in(q, b) for q in parts), Decimal(0))
            if base_point <= 0:
                continue
            base_iv = total(_iv(q, b) for q in parts)
            yield from _rate_check(doc, b, base_point, base_iv, r, rt.name or r.label,
                                   f"{b.raw} ÷ ({' + '.join(q.raw for q in parts)})",
                                   [(q.num_start, q.end, "base_part") for q in parts if q is not b],
                                   rt.confidence)
        elif rt.base is not None:
            a = rt.base
            if a.value <= 0 or _rate_of_its_list(doc, b, _iv(a, b), r):
                continue
            yield from _rate_check(doc, b, value_in(a, b), _iv(a, b), r, rt.name or r.label,
                                   f"{b.raw} ÷ {a.raw}", [(a.num_start, a.end, "denominator")], rt.confidence)


# an execution rate is what was spent over what was budgeted: a numerator named only as a
# budget (项目支出年初预算安排 a，全年预算数 b，决算数 c，执行率 r) was paired with the wrong figure
_BUDGET_SIDE = re.compile(r"预算|批复")
_EXECUTED_SIDE = re.compile(r"执行|决算|支出数|实际|完成|使用|拨付|到位|支付")


def _budget_over_budget(rt) -> bool:
    label = rt.numerator.label or ""
    return "执行" in (rt.name or "") and bool(_BUDGET_SIDE.search(label)) and not _EXECUTED_SIDE.search(label)


def _rate_of_its_list(doc, b, base_iv, rate) -> bool:
    """Is numerator ``b`` one item of a 其中 list whose items together make the rate (其中省级
    489 万元，各州市 14661 万元，执行率为 100%: the rate is the list's total over the base)?"""
    for pr in relations(doc).parts:
        if pr.minus or len(pr.parts) < 2 or not any(p is b or p.num_start == b.num_start for p in pr.parts):
            continue
        try:
            together = (total(_iv(p, b) for p in pr.parts) / base_iv).scale(HUNDRED)
        except ZeroDivisionError:
            continue
        if together.intersects(Interval.of(rate)):
            return True
    return False


def _rate_check(doc, b, base_point, base_iv, rate, what, expr, related, confidence):
    from decimal import ROUND_FLOOR, ROUND_HALF_UP
    exact = b.value / base_point * HUNDRED
    q = Decimal(10) ** -rate.decimals
    allowed = {exact.quantize(q, rounding=ROUND_HALF_UP), exact.quantize(q, rounding=ROUND_FLOOR)}
    try:
        computed = (_iv(b) / base_iv).scale(HUNDRED)
    except ZeroDivisionError:
        return
    if rate.value in allowed or computed.intersects(Interval.of(rate)):
        return
    yield make_finding(
        doc, "arithmetic.rate", rate.num_start, rate.end,
        f"{what}不符：{expr} = {fmt(exact, 4)}%，文中写 {rate.raw}%。",
        confidence=confidence, severity="error",
        related=related + [(b.num_start, b.end, "numerator")],
        evidence={"numerator": b.raw, "base": fmt(base_point, 6), "computed_percent": fmt(exact, 4),
                  "reported": rate.raw, "computed_interval": str(computed)})


# --- balance identity ----------------------------------------------------------

_OPENING = re.compile(r"(?:年初|上年|期初|上年末|以前年度)[^，。；]{0,6}(?:结转|结余)")
_CLOSING = re.compile(r"(?:年末|当年|本年|期末|滚存)[^，。；]{0,6}(?:结转|结余)|滚存结余")
_INCOME = re.compile(r"收入")
_SPENDING = re.compile(r"支出")
_NOT_A_FLOW = re.compile(r"结转|结余|预算")   # 结转收入, 预算支出: not this year's income/spending


@register("arithmetic.balance", "期初结余 + 收入 − 支出 ≠ 期末结余 / opening balance + income − spending vs closing balance")
def check_balance(doc):
    """A paragraph that states an opening balance, an income, a spending and a
    closing balance (年初结转 + 收入 − 支出 = 年末结转) must balance."""
    prose = [(p.start, p.end) for p in doc.paragraphs if p.table_id is None]
    for _, _, found in quantities_in_spans(doc, prose):
        items = [q for q in found if q.cell is None and q.kind == "money" and q.exact]
        if len(items) < 4:
            continue
        def pick(pattern, exclude=None):
            found = [q for q in items if pattern.search(q.label) and not (exclude and exclude.search(q.label))]
            return found
        opening = pick(_OPENING)
        closing = [q for q in pick(_CLOSING) if q not in opening]
        # 收入 X，其中 …其他收入 a；支出 Y，其中：基本支出 b，项目支出 c — a line listed under
        # a total of its own flow is a part of it, not the year's income or spending
        whole_of = relations(doc).whole_of
        income = [q for q in pick(_INCOME, _NOT_A_FLOW) if not any(whole_of.get(id(q)) is x for x in items)]
        spending = [q for q in pick(_SPENDING, _NOT_A_FLOW) if not any(whole_of.get(id(q)) is x for x in items)]
        if len(opening) != 1 or len(closing) != 1 or not income or not spending:
            continue
        o, c, i, s = opening[0], closing[0], income[-1], spending[-1]
        if len({q.unit for q in (o, c, i, s)}) != 1:
            continue
        computed = Interval.of(o) + Interval.of(i) - Interval.of(s)
        if computed.intersects(Interval.of(c)):
            continue
        point = o.value + i.value - s.value
        yield make_finding(
            doc, "arithmetic.balance", c.num_start, c.end,
            f"结余不平：{o.label} {o.raw} + {i.label} {i.raw} − {s.label} {s.raw} = {fmt(point, 4)}{c.unit}，"
            f"文中{c.label}为 {c.raw}{c.unit}（差 {fmt(c.value - point, 4)}）。",
            confidence="likely", severity="error",
            related=[(o.num_start, o.end, "opening"), (i.num_start, i.end, "income"),
                     (s.num_start, s.end, "spending")],
            evidence={"opening": o.raw, "income": i.raw, "spending": s.raw, "computed": fmt(point, 4),
                      "reported": c.raw})


# --- prose parts of a whole ------------------------------------------------------

_CUE_NAME = {"分别": "“分别为”所列", "来源": "“来源为”所列", "其中": "“其中”所列", "包括": "“包括”所列", "含": "括注“含”", "bracket": "括注",
             "具体为": "“具体为”所列", "具体是": "“具体是”所列",
             "total_after": "合计前所列", "composition": "年初与增减",
             "adjusted": "调整前后", "grades": "按评价等级", "numbered": "分条列举",
             "form_row": "资金情况栏来源", "各": "“各”所列", "安排": "资金安排所列", "支付": "已支付与未支付"}


_INCLUSIVE = re.compile(r"在内")
_CATEGORY_ETC = re.compile(r"(?<![中高初平同对均相上下])等(?![级奖次同])")


def _named_counts(doc):
    """``A区、B区、C县等3个区县`` / ``内设3个科室：办公室、财务股、法制股``: the count printed
    with a list of names is the number of names (at least it, when the list ends with 等)."""
    text = doc.text
    for nc in relations(doc).named_counts:
        k = len(nc.names)
        # a name with 等 inside (六大产业等果园后续管理项目) is a category of items, not one item
        # ...and 包括A、B在内的24个县 names some of them: at least, like a list ending in 等
        open_list = nc.open or any(_CATEGORY_ETC.search(text, s, e) for s, e in nc.names) \
            or bool(_INCLUSIVE.search(text, nc.names[-1][0], nc.names[-1][1] + 4))
        if k == nc.count or (open_list and k < nc.count):
            continue
        names = [text[s:e] for s, e in nc.names[:4]]
        names[0] = re.split(r"涉及|包括|包含|覆盖|分布在|分布于|位于|内设|下设", names[0])[-1]
        shown = "、".join(names) + ("…" if k > 4 else "")
        why = f"列举了 {k} 个名称" + ("（以“等”结尾，至少应有这么多）" if open_list else "")
        yield make_finding(
            doc, "arithmetic.parts", nc.start, nc.end,
            f"计数与所列名称不符：{why}（{shown}），文中写 {nc.count} 个{nc.noun}。",
            confidence="likely", severity="error",
            related=[(s, e, "name") for s, e in nc.names],
            evidence={"names": k, "reported": nc.count, "open": open_list})


def _levels(doc):
    """``共 12 个指标，其中一级指标 3 个，二级指标 9 个，三级指标 12 个``: the whole counts
    the indicators of every level (3 + 9 + 12), of the finest one (12) or of the levels
    below the first (9 + 12) — a whole that is none of these is wrong under every reading."""
    for pr in relations(doc).levels:
        w, parts = pr.whole, pr.parts
        if not all(q.exact and q.decimals == 0 for q in [w] + parts) or any(p.unit != w.unit for p in parts):
            continue
        point = sum((p.value for p in parts), Decimal(0))
        # the finest level, the finest two, … all levels (二级 + 三级 when 一级 is a heading)
        if any(w.value == sum((p.value for p in parts[k:]), Decimal(0)) for k in range(len(parts))):
            continue
        expr = " + ".join(p.raw + p.unit for p in parts)
        yield make_finding(
            doc, "arithmetic.parts", w.num_start, w.end,
            f"分级计数与总数不符：{w.label or '总数'} {w.raw}{w.unit}，各级之和 {expr} = {fmt(point, 4)}{w.unit}，"
            f"最末一级为 {fmt(parts[-1].value, 4)}{w.unit}，总数与各种计法都不相等。",
            confidence="likely", severity="error",
            related=[(p.num_start, p.end, "part") for p in parts],
            evidence={"whole": w.raw + w.unit, "parts": [p.raw + p.unit for p in parts], "cue": "levels",
                      "sum": fmt(point, 4)})


@register("arithmetic.parts", "整体与其分项不符：其中/包括/括注/合计前所列分项之和超过整体或穷尽列举却不等于整体；年初 + 增加 ≠ 共计 / parts (or 年初 + 增加) vs their whole")
def check_prose_parts(doc):
    yield from _named_counts(doc)
    yield from _levels(doc)
    for pr in relations(doc).parts:
        if pr.cue.startswith("table_"):
            continue     # arithmetic.sum
        w, parts = pr.whole, pr.parts
        members = [w] + parts + pr.minus
        # amounts of one unit in one list are read at the list's finest precision (30 beside
        # 29.99 is 30.00); a figure printed to two decimals or more states its own rounding
        # (35,837.94 beside 13,819.134 stands for 35,837.935–35,837.945)
        finest = {u: max(q.decimals for q in members if q.unit == u) for u in {q.unit for q in members}}

        def iv(q, ref=None):
            i = printed_at(q.value, q.decimals, finest[q.unit] if q.decimals < 2 else q.decimals,
                           exact=q.kind in COUNTED_KINDS and q.decimals == 0 and q.unit not in WAN_UNITS)
            if q.qualifier in APPROX:      # 约 165 亩: an approximate part, allowed 10 %
                i = Interval(i.lo - abs(q.value) / 10, i.hi + abs(q.value) / 10)
            return i.scale(scale_of(q) / scale_of(ref)) if ref is not None else i
        computed = total(iv(p, w) for p in parts)
        point = sum((value_in(p, w) for p in parts), Decimal(0))
        for m in pr.minus:
            computed = computed - iv(m, w)
            point -= value_in(m, w)
        reported = iv(w)
        if computed.meets(reported):
            continue
        if not pr.minus and total(Interval.of(p) for p in parts).intersects(Interval.of(w)) \
                and any(p.unit != w.unit for p in parts):
            continue  # holds once read in the whole's unit: unit.mismatch reports it
        exceeds = computed.lo >= reported.hi and computed.lo > reported.lo
        if not exceeds and not pr.exhaustive:
            continue  # 其中 often names only some parts
        if exceeds and not pr.minus and len(parts) >= 3 and any(
                adds_up_exactly(parts[:k], w) and sum((value_in(p, w) for p in parts[k:]), Decimal(0)) * 2 >= w.value
                for k in range(2, len(parts))):
            continue  # the first parts already make the whole exactly and what follows is as big as
            #           half of it: the list was read past its end into another flow (结转 a + 收入 b
            #           = 收到 c, then 支出 d); a small extra part is a real excess
        if not pr.minus and _nested_items_make_it(parts, w, pr.exhaustive):
            continue
        if not pr.minus and _net_of(parts, w, doc.text):
            continue
        if pr.cue == "adjusted":
            expr = parts[0].raw + "".join(f" + {p.raw}" for p in parts[1:]) + "".join(f" − {m.raw}" for m in pr.minus)
            what = "调整前金额加减调整数与调整后金额不符"
        elif pr.cue == "composition":
            expr = f"{parts[0].raw} + {parts[1].raw}" + "".join(f" − {m.raw}" for m in pr.minus)
            what = "年初数加增加数" + ("减减少数" if pr.minus else "") + "与总数不符"
        else:
            expr = " + ".join((p.qualifier if p.qualifier in APPROX else "") + p.raw + p.unit for p in parts)
            what = (f"{_CUE_NAME.get(pr.cue, '所列')}分项之和超过整体" if exceeds else
                    f"{_CUE_NAME.get(pr.cue, '所列')}分项已穷尽却不等于整体")
        certain = exceeds and pr.tight and pr.cue in ("其中", "包括", "bracket", "分别", "来源")
        yield make_finding(
            doc, "arithmetic.parts", w.num_start, w.end,
            f"分项与整体不符：{w.label or pr.label or '整体'} {w.raw}{w.unit}，{expr} = {fmt(point, 4)}{w.unit}，"
            f"{what}（差 {fmt(point - w.value, 4)}{w.unit}）。",
            confidence="certain" if certain else "likely", severity="error",
            related=[(p.num_start, p.end, "part") for p in parts] + [(m.num_start, m.end, "minus") for m in pr.minus],
            evidence={"whole": w.raw + w.unit, "parts": [p.raw + p.unit for p in parts],
                      "minus": [m.raw + m.unit for m in pr.minus], "cue": pr.cue,
                      "sum": fmt(point, 4), "computed_interval": str(computed), "exhaustive": pr.exhaustive})


_DEDUCTION = re.compile(r"折旧|摊销|减值|扣除|核销|冲减|净")


def _net_of(parts, w, text: str) -> bool:
    """A net figure given with what it is computed from (固定资产净值 a（原值 b，累计折旧 c）):
    the first amount less the others makes it exactly, and a deduction is named."""
    if len(parts) < 2 or not adds_up_exactly([*parts[1:], w], parts[0]):
        return False   # the net and the deductions make the gross
    labels = [w.label or ""] + [p.label or "" for p in parts[1:]]
    return any(_DEDUCTION.search(lab) for lab in labels) or any(
        _DEDUCTION.search(text[max(0, p.start - 8):p.start]) for p in parts[1:])


def _nested_items_make_it(parts, w, exhaustive: bool) -> bool:
    """A subtotal listed with its own items right after it (第一批 9910：a 3000，b 3357.17，
    c 3552.83；第二批 7437；合计 17347): once the items that exactly make up the part before
    them are left out, the list adds up to the whole exactly, or, when it need not name every
    part (其中), no longer exceeds it."""
    for i in range(len(parts) - 2):
        for j in range(i + 3, len(parts) + 1):
            if not adds_up_exactly(parts[i + 1:j], parts[i]):
                continue
            rest = parts[:i + 1] + parts[j:]
            if len(rest) >= 2 and adds_up_exactly(rest, w):
                return True
            if not exhaustive and sum((value_in(p, w) for p in rest), Decimal(0)) <= w.value:
                return True
    return False


# --- rates named by what they count, and per-capita figures ---------------------

_NAMED_RATE = re.compile(r"(?P<stem>[\p{Han}]{2,8}?)率$")
_RATE_SKIP = re.compile(r"增长|下降|同比|环比|满意|得分|参保|覆盖|合格")


def _named_rates(doc, done: set[int]):
    """'发放 500 份，回收有效问卷 482 份，回收率 96.4%': the rate's own word (回收)
    names its numerator; the denominator is the other amount of the same kind."""
    doc_quantities(doc)
    text = doc.text
    for s, e, items in relations(doc).prose_statements:
        for i, r in enumerate(items):
            if r.kind != "percent" or not r.exact or id(r) in done:
                continue
            m = _NAMED_RATE.search(r.label or "")
            if not m or _RATE_SKIP.search(m.group("stem")):
                continue
            key = m.group("stem")[-2:]
            before = [q for q in items[max(0, i - 30):i] if q.exact and q.kind in _AMOUNT_KINDS and q.kind != "plain"]
            num = [q for q in before if key in text[max(s, q.start - 10):q.start]]
            if len(num) != 1:
                continue
            b = num[0]
            den = [q for q in before if q is not b and q.kind == b.kind and q.unit == b.unit and q.value >= b.value]
            if len(den) != 1:
                continue
            yield from _rate_finding(doc, den[0], b, r, r.label)


_PER_CAPITA = re.compile(r"(?:人均|户均|次均|平均每人|每人平均)")


def _per_capita(doc):
    """'救助 12580 人次，救助资金支出 1560.8 万元，人均救助 1240.7 元' = amount ÷ count."""
    doc_quantities(doc)
    text = doc.text
    for s, e, items in relations(doc).prose_statements:
        for i, r in enumerate(items):
            if r.kind != "money" or not r.exact or not _PER_CAPITA.search(text[max(s, r.start - 8):r.start]):
                continue
            near = items[max(0, i - 30):i]
            money = [q for q in near if q.kind == "money" and q.exact]
            counts = [q for q in near if q.kind in ("persons", "visits", "households") and q.exact]
            if len(money) != 1 or len(counts) != 1:
                continue
            t, n = money[0], counts[0]
            tv = Interval.of(t).scale(_scale(t))
            nv = Interval.of(n, exact=n.decimals == 0 and n.unit in ("人", "人次", "户")).scale(_scale(n))
            try:
                computed = (tv / nv).scale(Decimal(1) / _scale(r))
            except ZeroDivisionError:
                continue
            if computed.intersects(Interval.of(r)):
                continue
            point = t.value * _scale(t) / (n.value * _scale(n)) / _scale(r)
            yield make_finding(
                doc, "arithmetic.rate", r.num_start, r.end,
                f"人均数不符：{t.raw}{t.unit} ÷ {n.raw}{n.unit} = {fmt(point, 2)}{r.unit}，文中写 {r.raw}{r.unit}。",
                confidence="certain", severity="error",
                related=[(t.num_start, t.end, "total"), (n.num_start, n.end, "count")],
                evidence={"total": t.raw + t.unit, "count": n.raw + n.unit, "computed": fmt(point, 4),
                          "reported": r.raw + r.unit})


# ---------------------------------------------------------------- national forms (doc.forms)

_FUNDS_AMOUNT_COLUMNS = (("initial", "年初预算数"), ("budget", "全年预算数"), ("executed", "全年执行数"))


def _form_amount(row, col):
    from ..forms import cell_number
    n = cell_number(row.cells.get(col))
    return n if n is not None and n.unit != "%" else None


@register("arithmetic.form_sum", "自评表资金来源：年度资金总额与“其中”各项之和不符 / a form's 年度资金总额 vs its 其中 rows")
def check_form_funds_sum(doc):
    """The funds block of a national form: each amount column of 年度资金总额 equals the sum
    of the rows under 其中 (当年财政拨款 + 上年结转资金 + 其他资金, or 中央/地方… in transfer
    forms): the template's parts are exhaustive.  An empty or — cell counts as 0 when
    some other part prints a number in that column."""
    for form in doc.forms:
        totals = [r for r in form.funds if r.role == "total"]
        parts = [r for r in form.funds if r.role == "part"]
        if len(totals) < 1 or not parts:
            continue
        whole = totals[0]
        bad = []
        for col, name in _FUNDS_AMOUNT_COLUMNS:
            w = _form_amount(whole, col)
            nums = [(r, _form_amount(r, col)) for r in parts]
            given = [(r, n) for r, n in nums if n is not None]
            if w is None or not given:
                continue
            computed = total(Interval.printed(n.value, n.decimals) for _, n in given)
            shown = Interval.printed(w.value, w.decimals)
            # half-open intervals: touching ends (0.005 × 6 = 0.03 exactly) are no overlap
            if computed.lo < shown.hi and shown.lo < computed.hi:
                continue
            bad.append((col, name, w, given))
        if not bad:
            continue
        col, name, w, given = bad[0]
        cell = whole.cells[col]
        terms = " + ".join(f"{r.label.split(':')[-1].split('：')[-1] or '?'} {n.value}" for r, n in given)
        s = sum(n.value for _, n in given)
        others = "；".join(f"{nm}：总额 {x.value}，各项之和 {sum(n.value for _, n in g)}" for _, nm, x, g in bad[1:])
        message = (f"资金总额与其中各项之和不符（{name}）：{terms} = {fmt(s)}，"
                   f"年度资金总额为 {w.value}（相差 {fmt(abs(w.value - s))}）" + (f"；另{others}" if others else "") + "。")
        related = [(r.cells[col].start, r.cells[col].end, "part") for r, _ in given]
        for c2, _, _, g in bad[1:]:
            related.append((whole.cells[c2].start, whole.cells[c2].end, "whole"))
        # the template's parts are exhaustive; a block cut before its last row may not be
        complete = any("其他" in r.label for r in parts) or len(parts) >= 3
        yield make_finding(doc, "arithmetic.form_sum", cell.start, cell.end, message,
                           confidence="certain" if complete else "likely", severity="error",
                           related=related,
                           evidence={"column": name, "whole": str(w.value), "parts": [str(n.value) for _, n in given],
                                     "sum": fmt(s), "columns_wrong": [nm for _, nm, _, _ in bad]})


@register("arithmetic.form_rate", "自评表预算执行率与“全年执行数 ÷ 全年预算数”不符 / a form's 执行率 vs 执行数 ÷ 预算数")
def check_form_funds_rate(doc):
    yield from _glued_form_rates(doc)
    from ..forms import cell_number
    for form in doc.forms:
        for row in form.funds:
            rate = cell_number(row.cells.get("rate"))
            a, b = _form_amount(row, "budget"), _form_amount(row, "executed")
            if rate is None or a is None or b is None or a.value == 0:
                continue
            computed = Interval.printed(b.value, b.decimals) / Interval.printed(a.value, a.decimals)
            pct = rate.unit == "%"
            scale = Decimal(100) if pct else Decimal(1)
            shown = Interval.printed(rate.value, rate.decimals)
            # rates are rounded half-up or truncated (both conventions occur in forms)
            truncated = Interval(rate.value, rate.value + Decimal(10) ** -rate.decimals)
            if computed.scale(scale).intersects(shown) or computed.scale(scale).intersects(truncated):
                continue
            # a rate capped at 100% (执行数 above 预算数) is the form's own convention
            if b.value > a.value and rate.value * (Decimal(1) if pct else Decimal(100)) == 100:
                continue
            exact = b.value / a.value * scale
            cell = row.cells["rate"]
            message = (f"执行率不符：{row.label or '资金'} 全年执行数 {b.value} ÷ 全年预算数 {a.value} = "
                       f"{fmt(exact, 2)}{'%' if pct else ''}，表中执行率为 {cell.text}。")
            # cells gathered from around the row (a PDF's merged cells) are a reading, not a grid
            yield make_finding(doc, "arithmetic.form_rate", cell.start, cell.end, message,
                               confidence="likely" if row.stray else "certain", severity="error",
                               related=[(row.cells['budget'].start, row.cells['budget'].end, "base"),
                                        (row.cells['executed'].start, row.cells['executed'].end, "part")],
                               evidence={"computed": fmt(exact, 4), "reported": cell.text})


def _rate_holds(a: Decimal, b: Decimal, rate: Decimal, decimals: int) -> bool:
    """B / A printed as ``rate`` (half-up or truncated), or capped at 100 % when B ≥ A."""
    from decimal import ROUND_FLOOR, ROUND_HALF_UP
    if a <= 0:
        return False
    exact = b / a * HUNDRED
    q = Decimal(10) ** -decimals
    return rate in (exact.quantize(q, rounding=ROUND_HALF_UP), exact.quantize(q, rounding=ROUND_FLOOR)) or \
        b >= a and rate == HUNDRED


def _glued_form_rates(doc):
    """A funds row whose cells OCR glued together (202010100.00%10): it may be split into
    A, B, 分值 and 执行率 in several ways; when some split is well formed but none gives
    B / A = 执行率, no reading of the row is consistent."""
    from ..forms import glued_rows
    for g in glued_rows(doc):
        if not g.readings:
            continue
        if any(_rate_holds(Decimal(a), Decimal(b), *parse_number(r)) for a, b, _, r in g.readings):
            continue
        shown = " / ".join("|".join(x) for x in g.readings[:3])
        yield make_finding(doc, "arithmetic.form_rate", g.start, g.end,
                           f"执行率不符：粘连的资金行 {doc.text[g.start:g.end]} 无论怎样拆成 预算数|执行数|分值|执行率"
                           f"（如 {shown}），执行数 ÷ 预算数 都不等于执行率。",
                           confidence="likely", severity="error",
                           evidence={"readings": ["|".join(x) for x in g.readings]})
