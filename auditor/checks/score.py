"""Family score: scoring tables and the report's own scoring rules.

* ``score.total``: in a scoring table, the items' scores (得分) and weights
  (权重/分值) must add up to the 小计/合计/总分 row.
* ``score.rule``: where the report prints how a score is computed, the score
  must follow it: a column ``得分(20分*执行率)`` (score = 20 × B/A, rounded or
  truncated to the precision printed), and deduction statements ``比…低 5.27 个
  百分点，扣 2.08 分`` against the report's own ``每低1个百分点扣0.4分`` rules
  (``不满1个百分点按1个百分点算`` honoured when the report says so).
"""
from __future__ import annotations

import math
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from auditor import rx as re

from ..extract.quantities import Quantity, parse_number
from ..extract.relations import relations
from ..extract.tables import NumRow, budget_triple, is_score_table, numeric_rows
from ..findings import make_finding
from ..rounding import Interval, fmt, total
from . import register

_SCORE_COL = re.compile(r"得分|分值|权重|分数")
_RATE_FORMULA = re.compile(r"(\d+(?:\.\d+)?)\s*分?\s*[*×xX]\s*(?:执行率|完成率|B/A)")


def _score_value(row: NumRow, ridx: int) -> Quantity | None:
    q = row.from_right(ridx)
    if q is None or q.kind not in ("plain", "score") or not q.exact:
        return None
    return q


def _header_at(rows: list[NumRow], upto: int, ridx: int) -> str:
    for r in reversed(rows[:upto]):
        if r.kind == "header":
            col = r.width + ridx
            for c in r.cells:
                if c.col == col:
                    return c.text
            return ""
    return ""


@register("score.total", "得分/权重之和与小计、合计、总分不符 / item scores vs their stated total")
def check_score_total(doc):
    form_findings = [f for f in _form_totals(doc) if f.rule == "score.total"]
    yield from form_findings
    seen = {f.start for f in form_findings}
    for f in _check_score_tables(doc):
        if f.start not in seen:
            yield f


def _check_score_tables(doc):
    forms = [(f.start, f.end) for f in doc.forms if f.indicators]
    for t in doc.tables:
        if any(s < t.end and t.start < e for s, e in forms):
            continue    # read as a national form: the form checks sum it by its columns
        rows = numeric_rows(doc, t)
        if not is_score_table(rows):
            continue
        # rows before the first header naming a score column are not scored items
        # (a web page's 索引号 | … | 浏览量 | 28 rows above the form)
        first = next((k for k, r in enumerate(rows) if r.kind == "header" and
                      any(_SCORE_COL.search(c.text) for c in r.cells)), 0)
        for ridx in (-1, -2, -3, -4, -5):
            block: list[NumRow] = []
            subtotals: list[NumRow] = []
            for i, row in enumerate(rows):
                if i < first or row.kind in ("header", "blank"):
                    continue
                if row.kind in ("subtotal", "total"):
                    whole = _score_value(row, ridx)
                    src = block if row.kind == "subtotal" or not subtotals else subtotals
                    if whole is not None and whole.value > 0:
                        yield from _check_total(doc, rows, i, ridx, whole, src)
                    if row.kind == "subtotal":
                        subtotals.append(row)
                        block = []
                    else:
                        block, subtotals = [], []
                    continue
                if row.kind != "child":     # 其中 rows restate part of their parent
                    block.append(row)


def _deliberately_blank(row: NumRow, ridx: int) -> bool:
    col = row.width + ridx
    cell = next((c for c in row.cells if c.col == col), None)
    return cell is not None and cell.text.strip() in ("—", "-", "/", "——", "－", "无", "不适用")


_CLASS_RE = {"score": re.compile(r"得分"), "weight": re.compile(r"分值|权重|满分")}


def _governing_header(rows: list[NumRow], i: int) -> NumRow | None:
    for r in reversed(rows[:i]):
        if r.kind == "header":
            return r
    return None


def _map_col(row: NumRow, header: NumRow, col: int, to_header: bool) -> int:
    """Column correspondence between a row and its header: by position when both
    have the same number of cells, else aligned from the right."""
    if len(row.cells) == len(header.cells):
        return col
    shift = len(header.cells) - len(row.cells)
    return col + shift if to_header else col - shift


def _header_mapped_sum_holds(rows: list[NumRow], i: int, whole: Quantity, src: list[NumRow]) -> bool:
    """Does the sum hold when each row's score/weight is read from the column its
    own header names (tables whose sections have different layouts)?"""
    ht = _governing_header(rows, i)
    if ht is None or whole.cell is None:
        return False
    hc = _map_col(rows[i], ht, whole.cell[2], to_header=True)
    name = next((c.text for c in ht.cells if c.col == hc), "")
    cls = next((k for k, rx in _CLASS_RE.items() if rx.search(name)), None)
    if cls is None:
        return False
    vals = []
    for r in src:
        h = _governing_header(rows, r.row)
        if h is None:
            continue
        hcol = next((c.col for c in h.cells if _CLASS_RE[cls].search(c.text)), None)
        if hcol is None:
            continue
        q = r.numbers.get(_map_col(r, h, hcol, to_header=False))
        if q is not None and q.kind in ("plain", "score"):
            vals.append(q.value)
    return len(vals) >= 2 and sum(vals, Decimal(0)) == whole.value


def _check_total(doc, rows, i, ridx, whole: Quantity, src: list[NumRow]):
    with_score = [(r, _score_value(r, ridx)) for r in src]
    parts = [q for _, q in with_score if q is not None]
    missing = [r for r, q in with_score if q is None and r.numbers and not _deliberately_blank(r, ridx)]
    if len(parts) < 2:
        return
    # a column is a score column when its header says so, or when the total
    # row is a 总分/合计 of a scoring table and the parts are small numbers
    # scores are assigned, not measured: items add up exactly
    computed = total(Interval.of(q, exact=True) for q in parts)
    if computed.intersects(Interval.of(whole, exact=True)):
        return
    if _header_mapped_sum_holds(rows, i, whole, src):
        return
    point = sum((q.value for q in parts), Decimal(0))
    if point == 0 or point > whole.value * 3:
        return
    first = min((r.row for r in src), default=i)
    if point < whole.value and not any(r.kind == "header" for r in rows[:first]):
        return      # no header above the items: the table may begin mid-way (an excerpt, a page)
    ht = _governing_header(rows, i)
    header = ""
    if ht is not None and whole.cell is not None:
        hc = _map_col(rows[i], ht, whole.cell[2], to_header=True)
        header = next((c.text for c in ht.cells if c.col == hc), "")
    header = header or _header_at(rows, i, ridx)
    related = [(q.num_start, q.num_end, "item") for q in parts]
    note = ""
    confidence = "certain"
    if missing:
        names = "、".join(f"“{r.first_label[:12]}”" for r in missing[:3])
        note = f"；{names}行没有可读的得分"
        related += [(r.cells[0].start, r.cells[-1].end, "row_without_score") for r in missing[:3]]
        confidence = "likely"
    yield make_finding(
        doc, "score.total", whole.num_start, whole.num_end,
        f"得分合计不符：{'“' + header + '”列' if header else ''}各项 "
        f"{' + '.join(q.raw for q in parts)} = {fmt(point, 4)}，表中{rows[i].first_label or '合计'}为 "
        f"{whole.raw}（差 {fmt(whole.value - point, 4)}）{note}。",
        confidence=confidence, severity="error", related=related,
        evidence={"items": [q.raw for q in parts], "computed": fmt(point, 4), "reported": whole.raw})


def _twice_rounded(x: Decimal, decimals: int) -> Decimal:
    """x rounded half-up to one more decimal, then to ``decimals`` (a spreadsheet showing a
    rounded cell that is rounded again): 2.1548 → 2.155 → 2.16."""
    once = x.quantize(Decimal(10) ** -(decimals + 1), rounding=ROUND_HALF_UP)
    return once.quantize(Decimal(10) ** -decimals, rounding=ROUND_HALF_UP)


def _allowed(x: Decimal, decimals: int) -> set[Decimal]:
    q = Decimal(10) ** -decimals
    return {x.quantize(q, rounding=ROUND_HALF_UP), x.quantize(q, rounding=ROUND_FLOOR)}


@register("score.rule", "得分与报告自己写明的评分规则不符 / a score that breaks the report's own scoring rule")
def check_score_rule(doc):
    seen: set[int] = set()
    for f in _rate_formula_scores(doc):
        seen.add(f.start)
        yield f
    for f in _deductions(doc):
        yield f
    yield from _form_funds_scores(doc, seen)
    yield from _form_implied_weight(doc, seen)
    yield from _form_indicator_rules(doc, seen)


def _rate_formula_scores(doc):
    """Rows under a header ``得分(20分*执行率)``: score = weight × B/A."""
    for t in doc.tables:
        rows = numeric_rows(doc, t)
        weight = None
        for row in rows:
            m = None
            for c in row.cells:
                # the formula names 执行率/完成率 or B/A: skip cells without 率 or /
                m = _RATE_FORMULA.search(c.text.replace(" ", "")) if "率" in c.text or "/" in c.text else None
                if m:
                    break
            if m:
                weight = Decimal(m.group(1))
            if weight is None or row.kind == "header":
                continue
            triple = budget_triple(row)
            if triple is None:
                continue
            a, b, rate, score = triple
            if score is None or score.kind not in ("plain", "score") or a.value <= 0:
                continue
            candidates = set()
            for r in (b.value / a.value, rate.value / 100):
                candidates |= _allowed(weight * r, score.decimals)
                # rounded twice (2.1548 → 2.155 → 2.16) or up: one step above the floor
                candidates.add(_twice_rounded(weight * r, score.decimals))
            if score.value in candidates:
                continue
            exact = weight * b.value / a.value
            yield make_finding(
                doc, "score.rule", score.num_start, score.num_end,
                f"得分不符合表头规则“{weight}分×执行率”：{weight} × {b.raw}/{a.raw} = {fmt(exact, 2)}"
                f"（按表中执行率 {rate.raw}% 为 {fmt(weight * rate.value / 100, 2)}），"
                f"取整应为 {'或'.join(sorted({fmt(c, 2) for c in candidates}))}，表中为 {score.raw}。",
                confidence="certain", severity="error",
                related=[(a.num_start, a.num_end, "budget"), (b.num_start, b.num_end, "executed"),
                         (rate.num_start, rate.end, "rate")],
                evidence={"rule": f"{weight}×B/A", "A": a.raw, "B": b.raw, "computed": fmt(exact, 4),
                          "allowed": sorted(fmt(c, 2) for c in candidates), "reported": score.raw})


_DEDUCT_RULE = re.compile(r"每(?:低|少|超|高|降低|超过|下降)\s*1\s*个?百分点\s*(?:扣|减)\s*(\d+(?:\.\d+)?)\s*分")
_DEDUCT_STMT = re.compile(r"(?:低|少|超|高|超过|下降)\s*(\d+(?:\.\d+)?)\s*个?百分点\s*[,，]?\s*(?:扣|减)\s*"
                          r"(?P<d>\d+(?:\.\d+)?)\s*分(?:\s*[,，]\s*(?:实际)?得\s*(?P<s>\d+(?:\.\d+)?)\s*分)?")
_CEIL_RULE = re.compile(r"不满\s*1\s*个百分点按\s*1\s*个百分点")


def _deductions(doc):
    text = doc.text
    rates = sorted({Decimal(m.group(1)) for m in _DEDUCT_RULE.finditer(text)})
    if not rates:
        return
    ceil_rule = bool(_CEIL_RULE.search(text))
    for m in _DEDUCT_STMT.finditer(text):
        gap = Decimal(m.group(1))
        stated = parse_number(m.group("d"))
        if stated is None:
            continue
        d_val, d_dec = stated
        expected = set()
        for r in rates:
            for g in ([Decimal(math.ceil(gap))] if ceil_rule else []) + [gap]:
                expected |= _allowed(g * r, d_dec)
        if d_val in expected:
            continue
        shown = []
        for r in rates:
            line = f"{m.group(1)}×{r} = {fmt(gap * r, 4)}"
            if ceil_rule:
                line += f"（不满 1 个百分点按 1 个算：{math.ceil(gap)}×{r} = {fmt(Decimal(math.ceil(gap)) * r, 4)}）"
            shown.append(line)
        yield make_finding(
            doc, "score.rule", m.start("d"), m.end("s") if m.group("s") else m.end("d"),
            f"扣分与本报告评分规则不符：差 {m.group(1)} 个百分点，按规则“每低 1 个百分点扣 "
            f"{'/'.join(fmt(r) for r in rates)} 分”应扣 {'；'.join(shown)}，文中扣 {m.group('d')} 分。",
            confidence="certain", severity="error",
            related=[(m.start(1), m.end(1), "gap")],
            evidence={"gap_points": m.group(1), "rules_per_point": [fmt(r) for r in rates],
                      "round_up_partial_points": ceil_rule, "stated_deduction": m.group("d"),
                      "allowed": sorted(fmt(x, 4) for x in expected)})


_BA_RULE = re.compile(r"得分\s*=\s*权重\s*[*×xX]\s*B\s*/\s*A")
_STATED_WEIGHT = re.compile(r"[(（](\d+)分[)）]")   # (20分) in a cell


@register("score.proportional", "正向指标未达目标却得分不按“权重×B/A”计（完成 89.8% 仍得 15 分）/ a score that ignores the report's 得分=权重×B/A rule")
def check_proportional_scores(doc):
    """The report states 得分=权重×B/A for positive indicators.  For a row with
    target A > actual B, the printed score s implies a weight s×A/B; when no
    weight on the table's own grid (the gcd of its stated weights, e.g. 10 for
    (20分)/(70分)) lies in that interval, the score did not follow the rule."""
    if not _BA_RULE.search(doc.text):
        return
    for t in doc.tables:
        rows = numeric_rows(doc, t)
        stated = [Decimal(m.group(1)) for r in rows for c in r.cells
                  for m in _STATED_WEIGHT.finditer(c.text.replace(" ", ""))]
        grid = 0
        for w in stated:
            grid = math.gcd(grid, int(w)) if w == int(w) else grid
        if grid < 2:
            continue
        active = False
        for row in rows:
            if row.kind == "header":
                active = "(A)" in row.label.replace("（", "(").replace("）", ")") and \
                         "(B)" in row.label.replace("（", "(").replace("）", ")")
                continue
            if not active:
                continue
            nums = [row.numbers[c] for c in sorted(row.numbers)]
            if len(nums) != 3 or any(q.kind not in ("plain", "persons", "households", "count") for q in nums):
                continue
            a, b, s = nums
            if not (a.exact and b.exact) or not (0 < b.value < a.value):
                continue
            h = s.half_unit
            lo, hi = (s.value - h) * a.value / b.value, (s.value + h) * a.value / b.value
            k = math.ceil(lo / grid)
            if k * grid <= hi:
                continue
            ratio = b.value / a.value
            below = grid * max(1, math.floor(s.value / ratio / grid))
            above = below + grid
            yield make_finding(
                doc, "score.proportional", s.num_start, s.num_end,
                f"得分不符合“得分=权重×B/A”：实际 {b.raw} ÷ 目标 {a.raw} = {fmt(ratio * 100, 2)}%，"
                f"得分 {s.raw} 意味着权重 {fmt(s.value / ratio, 2)}；本表权重均为 {grid} 的倍数"
                f"（权重 {below} 得 {fmt(below * ratio, 2)}，权重 {above} 得 {fmt(above * ratio, 2)}），"
                f"未完成目标不应得 {s.raw} 分。",
                confidence="likely", severity="warning",
                related=[(a.num_start, a.num_end, "target_A"), (b.num_start, b.num_end, "actual_B")],
                evidence={"A": a.raw, "B": b.raw, "ratio": fmt(ratio, 4), "implied_weight": fmt(s.value / ratio, 4),
                          "weight_grid": grid, "rule": "得分=权重×B/A"})


_FULL = re.compile(r"(?:满分|权重分?|分值)\s*(?:为)?\s*(\d+(?:\.\d+)?)\s*分")
_GOT = re.compile(r"(?:实际)?得(?:分)?\s*(?:为)?\s*(\d+(?:\.\d+)?)\s*分")
_RATE = re.compile(r"得分率\s*(?:为)?\s*(\d+(?:\.\d+)?)\s*%")


@register("score.rate", "得分率与“得分 ÷ 满分”不符，或得分超过满分 / score rate vs score ÷ full marks")
def check_score_rate(doc):
    """'满分 43 分，实际得分 40.52 分，得分率 94.23%' and '(权重分 4 分, 实际得分 3.6 分)';
    a form's indicator scored above its 分值."""
    yield from (f for f in _form_totals(doc) if f.rule == "score.rate")
    text = doc.text
    if not _FULL.search(text):
        return  # no clause can hold what the whole text does not
    for s, e in relations(doc).statements:
        seg = text[s:e]
        full, got = _FULL.search(seg), None
        if not full or not _in_prose(doc, s):
            continue
        got = _GOT.search(seg, full.end())
        if not got:
            continue
        w, wd = parse_number(full.group(1))
        g, gd = parse_number(got.group(1))
        if w <= 0:
            continue
        gs, ge = s + got.start(1), s + got.end(1)
        if g > w:
            yield make_finding(
                doc, "score.rate", gs, ge,
                f"得分超过满分：实际得分 {got.group(1)} 分 > 满分（权重）{full.group(1)} 分。",
                confidence="certain", severity="error",
                related=[(s + full.start(1), s + full.end(1), "full_marks")],
                evidence={"full": full.group(1), "score": got.group(1)})
            continue
        rate = _RATE.search(seg, got.end())
        if not rate:
            continue
        r, rd = parse_number(rate.group(1))
        computed = (Interval.printed(g, gd) / Interval.printed(w, wd, exact=True)).scale(Decimal(100))
        if computed.intersects(Interval.printed(r, rd)):
            continue
        yield make_finding(
            doc, "score.rate", s + rate.start(1), s + rate.end(1) + 1,
            f"得分率不符：{got.group(1)} ÷ {full.group(1)} = {fmt(g / w * 100, 2)}%，文中写 {rate.group(1)}%。",
            confidence="certain", severity="error",
            related=[(gs, ge, "score"), (s + full.start(1), s + full.end(1), "full_marks")],
            evidence={"score": got.group(1), "full": full.group(1), "computed_percent": fmt(g / w * 100, 4),
                      "reported": rate.group(1)})


def _in_prose(doc, offset: int) -> bool:
    """Is ``offset`` outside table rows?  Statements that pass are the sentence-like
    spans (prose split at 。) the prose score checks read."""
    para = doc.paragraph_at(offset)
    return para is None or para.table_id is None


_TOTAL_SCORE = re.compile(r"(?:(?:评价|综合|自评|总|合计)得分\s*(?:为|是)?|得分为)\s*(\d+(?:\.\d+)?)\s*分")
_ITEM_SCORE = re.compile(r"^\s*(?:\d{1,2}\s*[、.．]|[(（]\d{1,2}[)）]|[一二三四五六七八九十]+\s*[、是])\s*"
                         r"(?P<name>[^，。；\d]{2,24}?)得分\s*(?:为)?\s*(?P<v>\d+(?:\.\d+)?)\s*分")


@register("score.list_total", "总得分与其后逐项列出的得分之和不符 / a total score vs the item scores listed under it")
def check_listed_total(doc):
    """'评价得分为 99.7 分 … 1、预算编制情况得分 23 分。2、… 3、…' — the items must add up."""
    paras = doc.paragraphs
    for i, p in enumerate(paras):
        if p.table_id is not None or _ITEM_SCORE.match(p.text):
            continue
        m = None
        for m in _TOTAL_SCORE.finditer(p.text):
            pass
        if m is None:
            continue
        items = []
        for q in paras[i + 1:i + 12]:
            im = _ITEM_SCORE.match(q.text)
            if im:
                items.append((q, im))
            elif items or (q.heading is not None and q.heading.level <= 2):
                break
        if len(items) < 2:
            continue
        t, td = parse_number(m.group(1))
        vals = [parse_number(im.group("v")) for _, im in items]
        # scores are assigned, not measured: items add up exactly
        computed = total(Interval.printed(v, d, exact=True) for v, d in vals)
        if computed.intersects(Interval.printed(t, td, exact=True)):
            continue
        point = sum((v for v, _ in vals), Decimal(0))
        ts = p.start + m.start(1)
        yield make_finding(
            doc, "score.list_total", ts, ts + len(m.group(1)),
            f"总分与分项不符：{' + '.join(im.group('v') for _, im in items)} = {fmt(point, 4)} 分，"
            f"文中总得分 {m.group(1)} 分（差 {fmt(t - point, 4)}）。",
            confidence="certain", severity="error",
            related=[(q.start + im.start("v"), q.start + im.end("v"), "item") for q, im in items],
            evidence={"items": [im.group("v") for _, im in items], "computed": fmt(point, 4),
                      "reported": m.group(1)})


@register("score.items", "一级指标的分值/得分与其下各项之和不符（满意度指标 10 分，其下两项各 10 分）/ an indicator's weight or score vs the items under it")
def check_score_items(doc):
    """Prose score lists: '满意度指标完成情况：分值 10 分，自评得分 10 分。学生满意度：分值 10 分 …；
    家长满意度：分值 10 分 …' — the items under a first-level indicator (产出/效益/满意度 …)
    must add up to its 分值 and 得分 (scores are assigned: exact)."""
    items = relations(doc).score_items
    groups: list[tuple] = []
    for it in items:
        if it.level == 1:
            groups.append((it, []))
        elif groups:
            groups[-1][1].append(it)
    for parent, children in groups:
        for attr, word in (("weight", "分值"), ("score", "得分")):
            whole = getattr(parent, attr)
            vals = [getattr(c, attr) for c in children]
            if whole is None or len(vals) < 2 or any(v is None for v in vals):
                continue
            point = sum((v.value for v in vals), Decimal(0))
            if point == whole.value:
                continue
            exceeds = point > whole.value
            if not exceeds and attr == "score":
                continue    # a shortfall in scores is left to the weights' check
            yield make_finding(
                doc, "score.total", whole.num_start, whole.num_end,
                f"{word}合计不符：“{parent.name}”{word} {whole.raw} 分，其下各项 "
                f"{' + '.join(f'{c.name} {getattr(c, attr).raw}' for c in children)} = {fmt(point, 4)} 分"
                f"（差 {fmt(point - whole.value, 4)}）。",
                confidence="certain" if exceeds else "likely", severity="error",
                related=[(c.start, getattr(c, attr).num_end, "item") for c in children],
                evidence={"parent": parent.name, "parent_value": whole.raw,
                          "items": {c.name: getattr(c, attr).raw for c in children}, "computed": fmt(point, 4)})
        for it in [parent] + children:
            if it.weight is not None and it.score is not None and it.score.value > it.weight.value:
                yield make_finding(
                    doc, "score.rate", it.score.num_start, it.score.num_end,
                    f"得分超过分值：“{it.name}”得分 {it.score.raw} 分 > 分值 {it.weight.raw} 分。",
                    confidence="certain", severity="error",
                    related=[(it.weight.num_start, it.weight.num_end, "full_marks")],
                    evidence={"weight": it.weight.raw, "score": it.score.raw})


# --- the national self-evaluation forms (doc.forms) ----------------------------------------

def _form_items(doc, form):
    """(row, target, actual, weight, score) quantities of each indicator row."""
    from ..extract.relations import form_number
    for row in form.indicators:
        yield (row, form_number(doc, row.cells.get("target")), form_number(doc, row.cells.get("actual")),
               form_number(doc, row.cells.get("weight")), form_number(doc, row.cells.get("score")))


def _comparable(t: Quantity | None, a: Quantity | None) -> bool:
    return t is not None and a is not None and t.kind == a.kind and t.unit == a.unit and t.value > 0 \
        and a.value > 0 and not t.extra.get("range") and t.qualifier in ("", "≥", "不低于", "不少于", "以上")


def _form_funds_scores(doc, seen: set[int]):
    """年度资金总额 row: 得分 = 分值 × 执行率 (capped at 分值), rounded, truncated or rounded twice."""
    from ..extract.relations import form_number
    for form in doc.forms:
        for row in form.funds:
            if row.role != "total":
                continue
            w, a, b, r, s = (form_number(doc, row.cells.get(k)) for k in ("weight", "budget", "executed", "rate", "score"))
            if None in (w, a, b, s) or a.value <= 0 or w.value <= 0 or s.num_start in seen:
                continue
            ratios = [min(b.value / a.value, Decimal(1))]
            if r is not None and r.kind == "percent":
                ratios.append(min(r.value / 100, Decimal(1)))
            allowed = set()
            for x in ratios:
                allowed |= _allowed(w.value * x, s.decimals) | {_twice_rounded(w.value * x, s.decimals)}
            if s.value in allowed:
                continue
            seen.add(s.num_start)
            exact = w.value * ratios[0]
            yield make_finding(
                doc, "score.rule", s.num_start, s.num_end,
                f"预算执行得分不符合“得分 = 分值 × 执行率”：{w.raw} × {b.raw}/{a.raw} = {fmt(exact, 2)}"
                f"（执行率超过 100% 按 100% 计），应为 {'或'.join(sorted({fmt(x, 2) for x in allowed}))}，表中为 {s.raw}。",
                confidence="certain", severity="error",
                related=[(a.num_start, a.num_end, "budget"), (b.num_start, b.num_end, "executed"),
                         (w.num_start, w.num_end, "weight")],
                evidence={"rule": "分值×min(B/A,1)", "weight": w.raw, "A": a.raw, "B": b.raw,
                          "allowed": sorted(fmt(x, 2) for x in allowed), "reported": s.raw})


def _form_implied_weight(doc, seen: set[int]):
    """A form without a 分值 column whose missed indicators are scored 权重 × 实际/目标: the
    weight they imply (the same round number for every one of them) caps every score, so an
    overachieved indicator scored above it broke the form's own rule (likely)."""
    for form in doc.forms:
        rows = list(_form_items(doc, form))
        if any(w is not None for _, _, _, w, _ in rows):
            continue
        lo, hi, n = None, None, 0
        for row, t, a, w, s in rows:
            if s is None or not _comparable(t, a) or a.value >= t.value:
                continue
            h = s.half_unit
            ilo, ihi = (s.value - h) * t.value / a.value, (s.value + h) * t.value / a.value
            lo = ilo if lo is None else max(lo, ilo)
            hi = ihi if hi is None else min(hi, ihi)
            n += 1
        if n < 2 or lo is None or lo > hi:
            continue
        weight = Decimal(math.ceil(lo))
        if weight > hi:
            continue
        for row, t, a, w, s in rows:
            if s is None or s.value <= weight or s.num_start in seen or not _comparable(t, a):
                continue
            seen.add(s.num_start)
            yield make_finding(
                doc, "score.rule", s.num_start, s.num_end,
                f"得分超过本表推定权重：未完成的指标均按“权重 × 实际/目标”计分，推得权重 {fmt(weight)} 分"
                f"（{n} 项一致）；“{row.label[:16]}”实际 {a.raw} ÷ 目标 {t.raw} = {fmt(a.value / t.value * 100, 2)}%，"
                f"得分 {s.raw} 超过权重 {fmt(weight)}（完成超过 100% 应按满分计）。",
                confidence="likely", severity="warning",
                related=[(t.num_start, t.num_end, "target"), (a.num_start, a.num_end, "actual")],
                evidence={"implied_weight": fmt(weight), "implied_interval": [fmt(lo, 4), fmt(hi, 4)],
                          "rows_agreeing": n, "score": s.raw})


def _form_indicator_rules(doc, seen: set[int]):
    """An indicator met (实际 ≥ 目标) scored below its 分值 with no reason, or missed and
    scored full marks: hints (possible), forms do both for reasons they do not print."""
    for form in doc.forms:
        # a reason is expected where the form gives reasons for its other deviations
        gives_reasons = any((r.cells.get("reason") is not None and r.cells["reason"].text.strip())
                            for r in form.indicators)
        for row, t, a, w, s in _form_items(doc, form):
            if w is None or s is None or not _comparable(t, a) or s.num_start in seen:
                continue
            reason = row.cells.get("reason")
            met = a.value >= t.value
            if met and s.value < w.value and (reason is None or not reason.text.strip()) and gives_reasons:
                msg = f"指标已完成（实际 {a.raw} ≥ 目标 {t.raw}）却未得满分（{s.raw}/{w.raw}），且未说明原因。"
            elif not met and s.value == w.value and t.qualifier in ("≥", "不低于", "不少于"):
                msg = f"指标未完成（实际 {a.raw} < 目标 {t.raw}）却得满分 {s.raw}。"
            else:
                continue
            seen.add(s.num_start)
            yield make_finding(doc, "score.rule", s.num_start, s.num_end, msg, confidence="possible",
                               severity="info",
                               related=[(t.num_start, t.num_end, "target"), (a.num_start, a.num_end, "actual")],
                               evidence={"target": t.raw, "actual": a.raw, "weight": w.raw, "score": s.raw})


def _form_totals(doc):
    """总分 = Σ indicator 得分 + the funds 得分, when the form's 分值 add up to its total 分值
    (so every row was read); and each 一级 indicator's (NN分) = Σ 分值 of its rows."""
    from ..extract.relations import form_number, indicator_groups
    for form in doc.forms:
        items = list(_form_items(doc, form))
        funds_total = next((r for r in form.funds if r.role == "total"), None)
        fw = form_number(doc, funds_total.cells.get("weight")) if funds_total else None
        fs = form_number(doc, funds_total.cells.get("score")) if funds_total else None
        tw, ts = form_number(doc, form.total_weight), form_number(doc, form.total_score)
        weights = [w for _, _, _, w, _ in items]
        scores = [s for _, _, _, _, s in items]
        complete = False
        if ts is not None and items and all(w is not None for w in weights) and all(s is not None for s in scores):
            wsum = sum((w.value for w in weights), Decimal(0)) + (fw.value if fw else 0)
            target_w = tw.value if tw is not None else Decimal(100)
            complete = True
            if wsum == target_w:
                parts = scores + ([fs] if fs is not None else [])
                point = sum((q.value for q in parts), Decimal(0))
                if point != ts.value:
                    yield make_finding(
                        doc, "score.total", ts.num_start, ts.num_end,
                        f"总分不符：各项得分 {' + '.join(q.raw for q in parts)} = {fmt(point, 4)}，表中总分 {ts.raw}"
                        f"（各项分值合计 {fmt(wsum)} 与总分值一致，表已读全）。",
                        confidence="certain", severity="error",
                        related=[(q.num_start, q.num_end, "item") for q in parts],
                        evidence={"items": [q.raw for q in parts], "computed": fmt(point, 4), "reported": ts.raw})
        if not complete and ts is not None and funds_total is not None and len(items) >= 2 \
                and all(s is not None for s in scores):
            # no 分值 to prove the reading complete: likely, and say when the funds row has no score
            parts = scores + ([fs] if fs is not None else [])
            point = sum((q.value for q in parts), Decimal(0))
            if point != ts.value:
                note = "；“年度资金总额”行没有得分" if fs is None else ""
                yield make_finding(
                    doc, "score.total", ts.num_start, ts.num_end,
                    f"总分不符：各项得分 {' + '.join(q.raw for q in parts)} = {fmt(point, 4)}，表中总分 {ts.raw}"
                    f"（差 {fmt(ts.value - point, 4)}）{note}。",
                    confidence="likely", severity="error",
                    related=[(q.num_start, q.num_end, "item") for q in parts] +
                            ([(funds_total.label_span[0], funds_total.label_span[1], "row_without_score")]
                             if fs is None and funds_total.label_span else []),
                    evidence={"items": [q.raw for q in parts], "computed": fmt(point, 4), "reported": ts.raw})
        groups = indicator_groups(doc, form)
        for k, (label, gw, span, rows) in enumerate(groups):
            if gw is None or span is None:
                continue
            closed = k + 1 < len(groups) or ts is not None
            ws = [form_number(doc, r.cells.get("weight")) for r in rows]
            if any(w is None for w in ws) or len(ws) < 2:
                continue
            point = sum((w.value for w in ws), Decimal(0))
            if point == gw or (point < gw and not closed):
                continue
            yield make_finding(
                doc, "score.total", span[0], span[1],
                f"分值合计不符：“{label}”标明 {fmt(gw)} 分，其下各指标分值 {' + '.join(w.raw for w in ws)} = {fmt(point, 4)}。",
                confidence="certain" if point > gw else "likely", severity="error",
                related=[(w.num_start, w.num_end, "item") for w in ws],
                evidence={"group": label, "stated": fmt(gw), "items": [w.raw for w in ws], "computed": fmt(point, 4)})
        for row, t, a, w, s in items:
            if w is not None and s is not None and s.value > w.value:
                yield make_finding(
                    doc, "score.rate", s.num_start, s.num_end,
                    f"得分超过分值：“{row.label[:16]}”得分 {s.raw} > 分值 {w.raw}。",
                    confidence="certain", severity="error", related=[(w.num_start, w.num_end, "full_marks")],
                    evidence={"weight": w.raw, "score": s.raw})
