"""Family arithmetic: relations between numbers that the text itself states.

Prose statements of the form ``整体 X，其中 A a，占 p%；B b，占 q%`` give a whole,
its parts and their shares.  Checks (rounding-aware, see ``rounding``):

* ``arithmetic.share``: each stated share p against part / whole;
* ``arithmetic.percent_sum``: shares of one whole whose parts exhaust it must
  make 100%; a share printed coarser than its siblings that is consistent only
  thanks to that coarser precision is reported as *likely*.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from auditor import rx as re

from ..extract.quantities import (
    Quantity,
    doc_quantities,
    parse_number,
    quantities_in_spans,
)
from ..findings import make_finding
from ..rounding import Interval, fmt, total
from . import register

HUNDRED = Decimal(100)
_AMOUNT_KINDS = {"money", "persons", "visits", "households", "copies", "count", "items", "plain",
                 "plain_wan"}
_SHARE_CUE = re.compile(r"(?:占|占比|比例|比重)(?:为|达|是)?\s*$")
_DIMENSION = re.compile(r"按[^，,。；;：:]{1,12}?[，,：:]")
_OTHER = re.compile(r"^(?:其他|其它|剩余|余下)")
_COMPARED = re.compile(r"^(?:比|较|与|对比)")          # a label that is a comparison base
_OPENS_WITH_PARTS = re.compile(r"\s*(?:其中|包括)")    # used with .match(text, s, e)


@dataclass
class ShareGroup:
    whole: Quantity
    parts: list[Quantity] = field(default_factory=list)      # amounts
    shares: list[Quantity | None] = field(default_factory=list)  # share printed after each part


def statements(doc) -> list[tuple[int, int]]:
    """Spans that state one thing: prose split at 。, and each table cell (computed once)."""
    cached = doc.__dict__.get("_statements")
    if cached is None:
        cached = doc.__dict__["_statements"] = _statements(doc)
    return cached


def _statements(doc) -> list[tuple[int, int]]:
    spans = []
    for p in doc.paragraphs:
        if p.table_id is not None:
            continue
        start = p.start
        i = p.text.find("。")
        while i >= 0:
            spans.append((start, p.start + i + 1))
            start = p.start + i + 1
            i = p.text.find("。", i + 1)
        if start < p.end:
            spans.append((start, p.end))
    for t in doc.tables:
        for row in t.rows:
            for c in row:
                if c.text:
                    spans.append((c.start, c.end))
    return sorted(spans)


def statement_quantities(doc) -> list[tuple[int, int, list[Quantity]]]:
    """(start, end, quantities inside) for every statement, computed once: a dozen
    checks walk the statements.  Callers must not modify the lists."""
    cached = doc.__dict__.get("_statement_quantities")
    if cached is None:
        cached = quantities_in_spans(doc, statements(doc))
        doc.__dict__["_statement_quantities"] = cached
    return cached


def prose_statements(doc) -> list[tuple[int, int, list[Quantity]]]:
    """(start, end, prose quantities inside) for the statements that hold any,
    computed once; for checks that look only at a statement's quantities, the
    statements left out have nothing to look at.  Callers must not modify the lists."""
    cached = doc.__dict__.get("_prose_statements")
    if cached is None:
        cached = []
        for s, e, items in statement_quantities(doc):
            prose = [q for q in items if q.cell is None]
            if prose:
                cached.append((s, e, prose))
        doc.__dict__["_prose_statements"] = cached
    return cached


def share_groups(doc) -> list[ShareGroup]:
    """Whole/parts/shares statements of the document (computed once)."""
    cached = doc.__dict__.get("_share_groups")
    if cached is None:
        cached = doc.__dict__["_share_groups"] = _share_groups(doc)
    return cached


def _share_groups(doc) -> list[ShareGroup]:
    """Whole/parts/shares statements found in the document.

    The whole is explicit: the amount followed by 其中/包括 in the statement, or,
    for a statement that opens with 其中, the subject amount of the statement
    before it.  A share (占 P%) belongs to the amount printed just before it."""
    text = doc.text
    doc_quantities(doc)
    groups: list[ShareGroup] = []
    spans = statement_quantities(doc)
    for k, (s, e, items) in enumerate(spans):
        if not any(q.kind == "percent" for q in items):
            continue
        inherited = None
        if k > 0 and _OPENS_WITH_PARTS.match(text, s, e):
            inherited = _subject(spans[k - 1][2])
        current: ShareGroup | None = None
        whole: Quantity | None = inherited
        last_amount: Quantity | None = None
        dim_marks = [m.start() + s for m in _DIMENSION.finditer(text[s:e])]
        for q in items:
            if q.kind == "percent" and _SHARE_CUE.search(text[max(s, q.start - 4):q.start]):
                if last_amount is None or whole is None or last_amount is whole:
                    continue
                if last_amount.kind != whole.kind:
                    continue
                if current is None or current.whole is not whole:
                    current = ShareGroup(whole)
                    groups.append(current)
                if current.parts and current.parts[-1] is last_amount:
                    continue
                # a dimension marker (按资金来源，) between shares starts a new group
                if current.parts and any(current.parts[-1].num_end < d < last_amount.start for d in dim_marks):
                    current = ShareGroup(whole)
                    groups.append(current)
                current.parts.append(last_amount)
                current.shares.append(q)
                continue
            if q.kind in _AMOUNT_KINDS and q.exact:
                if _whole_cue(text, q, e):
                    whole = q
                    current = None
                last_amount = q
            elif q.kind == "percent" and _whole_cue(text, q, e) and last_amount is not None:
                # '回收有效问卷 482 份，回收率 96.4%，其中满意 450 份': the whole is
                # the amount the rate was about
                whole = last_amount
                current = None
    return [g for g in groups if g.parts]


_WHOLE_CUE = re.compile(r"^[，,：:（(]?\s*(?:其中|包括|含)")


def _subject(items: list[Quantity]) -> Quantity | None:
    """The amount a statement is about: its first exact, non-plain amount that is
    not a comparison base."""
    return next((q for q in items if q.kind in _AMOUNT_KINDS and q.exact and q.kind != "plain"
                 and not _COMPARED.match(q.label or "")), None)


def _whole_cue(text: str, q: Quantity, end: int) -> bool:
    after = text[q.end:min(end, q.end + 6)]
    return bool(_WHOLE_CUE.match(after))


_WAN_UNITS = {"万人", "万人次", "万份", "万户", "万件", "万个", "万项", "万家", "万次", "万笔", "万名"}


def _ratio(part: Quantity, whole: Quantity, unit_of_whole: bool = False) -> Interval:
    counted = ("persons", "copies", "count", "households", "visits", "items")
    pi = Interval.of(part, exact=part.kind in counted and part.decimals == 0 and part.unit not in _WAN_UNITS)
    wi = Interval.of(whole, exact=whole.kind in counted and whole.decimals == 0 and whole.unit not in _WAN_UNITS)
    p_scale = _scale(whole) if unit_of_whole else _scale(part)
    return (pi.scale(p_scale) / wi.scale(_scale(whole))).scale(HUNDRED)


def _scale(q: Quantity) -> Decimal:
    from ..extract.quantities import UNITS
    return UNITS.get(q.unit, ("", Decimal(1)))[1] if q.unit else Decimal(1)


def _unit_mismatch(part: Quantity, whole: Quantity) -> bool:
    return part.kind == whole.kind == "money" and part.unit != whole.unit


@register("arithmetic.share", "占比与“部分/整体”不符（370/437 写作 84.70%）/ stated share vs part/whole")
def check_share(doc):
    for g in share_groups(doc):
        for part, share in zip(g.parts, g.shares):
            if share is None:
                continue
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


@register("arithmetic.percent_sum", "同一整体的各部分占比之和不为 100% / shares of one whole do not make 100%")
def check_percent_sum(doc):
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

def _row_value(row, ridx: int, width: int):
    """The row's number in the column ``ridx`` counted from the right (-1 = last)."""
    q = row.from_right(ridx)
    if q is not None and q.kind != "percent":
        return q
    return None


def _sum_interval(parts) -> Interval:
    return total(Interval.of(q) for q in parts)


def table_sum_findings(doc, table, rows):
    """Column sums (parts vs 小计/合计) and parent rows vs their ①②… children."""
    for ridx in (-1, -2, -3, -4, -5):
        block: list = []          # top-level rows since the last subtotal
        subtotals: list = []
        since_total: list = []
        parent = None
        children: list = []

        def close_children():
            nonlocal parent, children
            if parent is not None and len(children) >= 2:
                pv = _row_value(parent, ridx, 0)
                vals = [v for v in (_row_value(c, ridx, 0) for c in children) if v is not None]
                if pv is not None and len(vals) >= 2 and pv.kind == vals[0].kind:
                    yield from _compare_sum(doc, table, pv, vals, "parent", parent, children)
            parent, children = None, []

        for row in rows:
            if row.kind in ("header", "blank"):
                continue
            if row.kind == "child":
                if parent is not None:
                    children.append(row)
                continue
            yield from close_children()
            v = _row_value(row, ridx, 0)
            if row.kind == "subtotal":
                parts = [x for x in (_row_value(r, ridx, 0) for r in block) if x is not None]
                if v is not None and len(parts) >= 2 and v.kind != "score":
                    yield from _compare_sum(doc, table, v, parts, "subtotal", row, block)
                if v is not None:
                    subtotals.append(row)
                block = []
                continue
            if row.kind == "total":
                if v is not None and v.kind != "score":
                    src = subtotals if subtotals else since_total
                    parts = [x for x in (_row_value(r, ridx, 0) for r in src) if x is not None]
                    if len(parts) >= 2:
                        yield from _compare_sum(doc, table, v, parts, "total", row, src)
                block, subtotals, since_total = [], [], []
                continue
            block.append(row)
            since_total.append(row)
            parent = row
        yield from close_children()


def _compare_sum(doc, table, whole: Quantity, parts: list[Quantity], what: str, row, part_rows):
    if any(p.kind != whole.kind or p.unit != whole.unit for p in parts):
        return
    computed = _sum_interval(parts)
    reported = Interval.of(whole)
    if computed.intersects(reported):
        return
    point = sum((p.value for p in parts), Decimal(0))
    diff = whole.value - point
    names = {"subtotal": "小计", "total": "合计", "parent": f"“{row.label[:20]}”"}
    expr = " + ".join(p.raw for p in parts)
    yield make_finding(
        doc, "arithmetic.sum", whole.num_start, whole.num_end,
        f"表内合计不符：{names[what]} {whole.raw}，而各分项 {expr} = {fmt(point, 4)}"
        f"（差 {fmt(diff, 4)}；按打印精度分项合计区间 {computed}）。",
        confidence="certain", severity="error",
        related=[(p.num_start, p.num_end, "part") for p in parts],
        evidence={"reported": whole.raw, "parts": [p.raw for p in parts], "computed": fmt(point, 4),
                  "difference": fmt(diff, 4), "computed_interval": str(computed)})


_TOTAL_HEADER = re.compile(r"合计|小计|总计|合\s*计")


def row_sum_findings(doc, table, rows):
    """A 合计 column: each row's other numbers must add up to it."""
    for i, row in enumerate(rows):
        if row.kind != "header":
            continue
        tot_cols = [c.col for c in row.cells if _TOTAL_HEADER.fullmatch(c.text)]
        if len(tot_cols) != 1 or tot_cols[0] != len(row.cells) - 1:
            continue
        width = len(row.cells)
        for data in rows[i + 1:]:
            if data.kind == "header":
                break
            if len(data.cells) != width:
                continue
            whole = data.numbers.get(width - 1)
            parts = [q for c, q in sorted(data.numbers.items()) if c != width - 1]
            if whole is None or not parts or whole.kind == "percent":
                continue
            yield from _compare_sum(doc, table, whole, parts, "total", data, [])


@register("arithmetic.sum", "分项之和与小计/合计不符 / parts do not add up to their total")
def check_table_sums(doc):
    from ..extract.tables import is_score_table, numeric_rows
    for t in doc.tables:
        rows = numeric_rows(doc, t)
        if is_score_table(rows):
            continue
        yield from table_sum_findings(doc, t, rows)
        yield from row_sum_findings(doc, t, rows)


# --- growth and difference ----------------------------------------------------

_COMPARE_BASE = re.compile(r"(?:比|较|与|对比|相比)")
_DIRECTION = re.compile(r"(增加|增长|上升|提高|多|减少|下降|降低|减|少)(?:了)?\s*$")
_UP = ("增加", "增长", "上升", "提高", "多")
_YEAR_WORD = re.compile(r"(?:19|20)\d\d年")
_DIGIT = re.compile(r"\d")
_STOP = re.compile(r"[。；;]")
_GAP_BREAK = re.compile(r"[。；;]|(?<!对)比|较")


def growth_statements(doc):
    """(current X, base Y, [(direction, quantity)]) from 'X，比上年 Y 增加 D，增长 P%'."""
    text = doc.text
    doc_quantities(doc)
    for s, e, items in statement_quantities(doc):
        if len(items) < 2:
            continue  # y needs an x before it
        for i, y in enumerate(items):
            before_y = text[max(s, y.start - 14):y.start]
            m = None
            for m in _COMPARE_BASE.finditer(before_y):
                pass
            if m is None or not y.exact or y.kind not in _AMOUNT_KINDS:
                continue
            # the comparison word must belong to y: nothing numeric in between
            if _DIGIT.search(_YEAR_WORD.sub("", before_y[m.end():])):
                continue
            xs = [x for x in items[:i] if x.kind == y.kind and x.exact and
                  not _STOP.search(text[x.end:y.start])]
            if not xs:
                continue
            x = xs[-1]
            changes = []
            for k, z in enumerate(items[i + 1:i + 3], i + 1):
                gap = text[items[k - 1].end:z.start]   # from the quantity before z
                if _GAP_BREAK.search(gap):
                    break
                d = _DIRECTION.search(text[max(s, z.start - 6):z.start])
                if d and (z.kind == "percent" or (z.kind == y.kind and z.unit == y.unit)):
                    changes.append((d.group(1), z))
            if changes:
                yield x, y, changes


@register("arithmetic.growth", "增减额、增长率与前后两个数不符 / stated change or growth vs recomputed")
def check_growth(doc):
    for x, y, changes in growth_statements(doc):
        if x.unit != y.unit:
            continue
        xi, yi = Interval.of(x), Interval.of(y)
        diff = xi - yi
        for word, z in changes:
            sign = 1 if word in _UP else -1
            if z.kind == "percent":
                if y.value == 0:
                    continue
                try:
                    computed = (diff / yi).scale(HUNDRED * sign)
                except ZeroDivisionError:
                    continue
                what = f"({x.raw} − {y.raw}) ÷ {y.raw} = {fmt((x.value - y.value) / y.value * 100, 4)}%"
            else:
                computed = diff.scale(Decimal(sign))
                what = f"{x.raw} − {y.raw} = {fmt(x.value - y.value, 4)}{z.unit}"
            if computed.intersects(Interval.of(z)):
                continue
            flipped = computed.scale(Decimal(-1)).intersects(Interval.of(z))
            yield make_finding(
                doc, "arithmetic.growth", z.num_start, z.end,
                f"增减不符：{x.label or '本期'} {x.raw}{x.unit} 比 {y.raw}{y.unit}，{what}，"
                f"文中写“{word}{z.raw}{z.unit}”" + ("（数值相符但方向相反）" if flipped else "") + "。",
                confidence="certain", severity="error",
                related=[(x.num_start, x.end, "current"), (y.num_start, y.end, "base")],
                evidence={"current": x.raw, "base": y.raw, "stated": f"{word}{z.raw}{z.unit}",
                          "computed_interval": str(computed), "direction_flipped": flipped})


# --- rates and written-out formulas ------------------------------------------

# (?<!\d): a match never starts inside a number (it would start at the number's
# first digit), so the lookbehind only lets regex skip those positions faster
_EXPR = re.compile(r"(?<!\d)(?P<expr>\d[\d,]*(?:\.\d+)?(?:\s*[/÷×*]\s*\d[\d,]*(?:\.\d+)?){1,6})")
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
    for m in _EXPR.finditer(text):
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
    yield from _table_rates(doc)
    yield from _prose_rates(doc)
    yield from _named_rates(doc)
    yield from _per_capita(doc)


_B_OVER_A = re.compile(r"B\s*/\s*A")


def _table_rates(doc):
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
            yield from _rate_finding(doc, a, b, rate, "执行率(B/A)")


def _rate_finding(doc, a, b, rate, what):
    from decimal import ROUND_FLOOR, ROUND_HALF_UP
    exact = b.value / a.value * HUNDRED
    q = Decimal(10) ** -rate.decimals
    allowed = {exact.quantize(q, rounding=ROUND_HALF_UP), exact.quantize(q, rounding=ROUND_FLOOR)}
    computed = (Interval.of(b) / Interval.of(a)).scale(HUNDRED)
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


def prose_rate_inputs(doc):
    """(A, B, R) for '预算收入 A 元，决算收入 B 元，预算完成率为 R%' (R should be B / A)."""
    for s, e, items in prose_statements(doc):
        for i, r in enumerate(items):
            if r.kind != "percent" or not r.exact or not _RATE_LABEL.search(r.label):
                continue
            money = [q for q in items[:i] if q.kind == "money" and q.exact]
            if len(money) < 2:
                continue
            a, b = money[-2], money[-1]
            if not (_PLAN.search(a.label) and _ACTUAL.search(b.label)) or a.value <= 0:
                continue
            yield a, b, r


def _prose_rates(doc):
    for a, b, r in prose_rate_inputs(doc):
        yield from _rate_finding(doc, a, b, r, r.label)


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
        income = pick(_INCOME, _NOT_A_FLOW)
        spending = pick(_SPENDING, _NOT_A_FLOW)
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

_PARTS_CUE = re.compile(r"^\s*[，,：:]?\s*(?:其中|包括|含)\s*[:：]?|^\s*[（(]")
_SEMICOLON = re.compile(r"[；;]")
_CLOSE_PAREN = re.compile(r"[)）]")
_CHANGE_BEFORE = re.compile(r"(?:增加|增长|减少|下降|上升|降低|提高|比|较|超|低|高|扣|得|占|占比)[^，,；;。]{0,3}$")


def prose_part_lists(doc):
    """(whole, [parts], exhaustive) for 'X，其中 A a、B b' and 'X（A a、B b）'."""
    text = doc.text
    doc_quantities(doc)
    for s, e, items in prose_statements(doc):
        for i, w in enumerate(items):
            if not w.exact or w.kind not in _AMOUNT_KINDS or w.kind == "plain":
                continue
            cue = _PARTS_CUE.match(text[w.end:w.end + 8])
            if not cue:
                continue
            paren = cue.group(0).strip().startswith(("（", "("))
            semi = _SEMICOLON.search(text[w.end:e])
            stop = w.end + semi.start() if semi else e
            if paren:
                close = _CLOSE_PAREN.search(text[w.end:e])
                stop = w.end + close.start() if close else e
            # a new dimension (按资金来源，) or a new whole ends the list
            dim = _DIMENSION.search(text, w.end, stop)
            if dim:
                continue  # several breakdowns of one whole: shares handle them
            parts = []
            for q in items[i + 1:]:
                if q.num_start >= stop:
                    break
                if q.kind == "percent" or q.kind != w.kind:
                    continue
                if not q.exact or _CHANGE_BEFORE.search(text[max(s, q.start - 8):q.start]):
                    parts = []
                    break
                if _whole_cue(text, q, e):
                    parts = []
                    break  # a nested breakdown: not a flat list
                parts.append(q)
            if len(parts) < 2:
                continue
            exhaustive = paren or any(_OTHER.match(p.label or "") for p in parts)
            yield w, parts, exhaustive


@register("arithmetic.parts", "“其中”所列分项之和超过整体，或穷尽列举却不等于整体 / listed parts exceed (or, when exhaustive, miss) their whole")
def check_prose_parts(doc):
    for w, parts, exhaustive in prose_part_lists(doc):
        scale_w = _scale(w)
        computed = total(Interval.of(p).scale(_scale(p) / scale_w) for p in parts)
        reported = Interval.of(w)
        point = sum((p.value * _scale(p) / scale_w for p in parts), Decimal(0))
        if computed.intersects(reported):
            continue
        if total(Interval.of(p) for p in parts).intersects(reported) and any(p.unit != w.unit for p in parts):
            continue  # holds once read in the whole's unit: unit.mismatch reports it
        exceeds = computed.lo > reported.hi
        if not exceeds and not exhaustive:
            continue  # 其中 often names only some parts
        yield make_finding(
            doc, "arithmetic.parts", w.num_start, w.end,
            f"分项与整体不符：{w.label or '整体'} {w.raw}{w.unit}，所列分项 "
            f"{' + '.join(p.raw + p.unit for p in parts)} = {fmt(point, 4)}{w.unit}"
            + ("，分项之和超过整体" if exceeds else "，分项已穷尽（含“其他”或括注全部构成）却不等于整体")
            + f"（差 {fmt(point - w.value, 4)}）。",
            confidence="certain" if exceeds else "likely", severity="error",
            related=[(p.num_start, p.end, "part") for p in parts],
            evidence={"whole": w.raw + w.unit, "parts": [p.raw + p.unit for p in parts],
                      "sum": fmt(point, 4), "computed_interval": str(computed), "exhaustive": exhaustive})


# --- rates named by what they count, and per-capita figures ---------------------

_NAMED_RATE = re.compile(r"(?P<stem>[\p{Han}]{2,8}?)率$")
_RATE_SKIP = re.compile(r"增长|下降|同比|环比|满意|得分|参保|覆盖|合格")


def _named_rates(doc):
    """'发放 500 份，回收有效问卷 482 份，回收率 96.4%': the rate's own word (回收)
    names its numerator; the denominator is the other amount of the same kind."""
    doc_quantities(doc)
    text = doc.text
    for s, e, items in prose_statements(doc):
        for i, r in enumerate(items):
            if r.kind != "percent" or not r.exact:
                continue
            m = _NAMED_RATE.search(r.label or "")
            if not m or _RATE_SKIP.search(m.group("stem")):
                continue
            key = m.group("stem")[-2:]
            before = [q for q in items[:i] if q.exact and q.kind in _AMOUNT_KINDS and q.kind != "plain"]
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
    for s, e, items in prose_statements(doc):
        for i, r in enumerate(items):
            if r.kind != "money" or not r.exact or not _PER_CAPITA.search(text[max(s, r.start - 8):r.start]):
                continue
            money = [q for q in items[:i] if q.kind == "money" and q.exact]
            counts = [q for q in items[:i] if q.kind in ("persons", "visits", "households") and q.exact]
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
            yield make_finding(doc, "arithmetic.form_rate", cell.start, cell.end, message,
                               confidence="certain", severity="error",
                               related=[(row.cells['budget'].start, row.cells['budget'].end, "base"),
                                        (row.cells['executed'].start, row.cells['executed'].end, "part")],
                               evidence={"computed": fmt(exact, 4), "reported": cell.text})
