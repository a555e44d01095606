"""Family unit: a unit that contradicts the magnitude or its neighbours.

``unit.mismatch``: a part printed in another unit than its whole and siblings
(其他收入 2.23 元 among 万元 figures) where the stated relation holds exactly
once the part is read in the siblings' unit — the unit, not the number, is
wrong.
"""
from __future__ import annotations

from decimal import Decimal

from auditor import rx as re

from ..findings import make_finding
from ..rounding import Interval, fmt, total
from . import register
from ..extract.relations import relations, scale_of as _scale


@register("unit.mismatch", "单位与同组数字不一致（其他收入 2.23 元，应为万元）/ a unit that contradicts its neighbours")
def check_unit_mismatch(doc):
    for g in relations(doc).share_groups:
        whole = g.whole
        if whole.kind != "money" or len(g.parts) < 2:
            continue
        odd = [p for p in g.parts if p.unit != whole.unit]
        if len(odd) != 1:
            continue
        p = odd[0]
        as_printed = total(Interval.of(x).scale(_scale(x) / _scale(whole)) for x in g.parts)
        as_whole_unit = total(Interval.of(x) for x in g.parts)
        if as_printed.intersects(Interval.of(whole)) or not as_whole_unit.intersects(Interval.of(whole)):
            continue
        others = [x for x in g.parts if x is not p]
        rest = sum((x.value for x in others), Decimal(0))
        yield make_finding(
            doc, "unit.mismatch", p.num_start, p.end,
            f"单位疑误：{p.label or '该项'} 写作 {p.raw}{p.unit}，同组其他数字与整体均以{whole.unit}计；"
            f"按{whole.unit}读，{' + '.join(x.raw for x in others)} + {p.raw} = {fmt(rest + p.value, 4)}"
            f" = 整体 {whole.raw}{whole.unit}，按“{p.unit}”读则合计不符。应为 {p.raw}{whole.unit}。",
            confidence="certain", severity="error",
            related=[(whole.num_start, whole.end, "whole")] + [(x.num_start, x.end, "sibling") for x in others],
            evidence={"printed": p.raw + p.unit, "expected_unit": whole.unit,
                      "sum_in_whole_unit": fmt(rest + p.value, 4), "whole": whole.raw + whole.unit})


@register("unit.missing", "金额缺单位：“万”后缺“元”（安排资金 19204.096万，同段其他金额为万元）/ a money amount printed without its unit")
def check_unit_missing(doc):
    """A bare 万/亿 after a money word (资金、经费、预算 …) where the amounts around it are
    printed in 万元/亿元: the 元 is missing.  A hint (possible): the amount is still
    read as 万元 by the other checks, so nothing else is wrong."""
    from ..extract.quantities import doc_quantities
    from ..extract.relations import money_like
    text = doc.text
    qs = doc_quantities(doc)
    for q in qs:
        if q.unit not in ("万", "亿") or q.cell is not None or not money_like(text, q):
            continue
        para = doc.paragraph_at(q.num_start)
        lo, hi = (para.start, para.end) if para is not None else (q.start - 200, q.end + 200)
        if para is not None and para.index + 1 < len(doc.paragraphs):
            hi = doc.paragraphs[para.index + 1].end
        full = q.unit + "元"
        siblings = [x for x in qs if x is not q and lo <= x.num_start < hi and x.unit == full]
        yield make_finding(
            doc, "unit.missing", q.num_start, q.end + (1 if text[q.end:q.end + 1] in "。，,；;" else 0),
            f"单位不全：{q.label or '金额'} 写作 {q.raw}{q.unit}，缺“元”"
            + (f"；同段其他金额均以{full}计（{'、'.join(x.raw + x.unit for x in siblings[:3])}）" if siblings else "")
            + f"。应为 {q.raw}{full}。",
            confidence="possible", severity="info",
            related=[(x.num_start, x.end, "sibling") for x in siblings[:3]],
            evidence={"printed": q.raw + q.unit, "expected_unit": full,
                      "siblings": [x.raw + x.unit for x in siblings[:5]]})


_LABEL_UNIT = re.compile(r"[(（]\s*(%|％|百分比)\s*[)）]\s*$")


@register("unit.label", "指标名称标明的单位与数值不符（“产值(%)”却填 8000 / 12767.36）/ an indicator's declared unit contradicts its values")
def check_label_unit(doc):
    """A form indicator whose name declares a percentage ``(%)`` while its target and actual
    are plain amounts far above any percentage (both > 300): the unit, or the values, are
    wrong (likely)."""
    from ..extract.relations import form_number
    for form in doc.forms:
        for row in form.indicators:
            if not _LABEL_UNIT.search(row.label.replace(" ", "")):
                continue
            vals = [form_number(doc, row.cells.get(k)) for k in ("target", "actual")]
            if any(v is None or v.kind == "percent" or v.value <= 300 for v in vals):
                continue
            t, a = vals
            span = row.label_span or (t.num_start, t.num_end)
            yield make_finding(
                doc, "unit.label", span[0], span[1],
                f"单位与数值不符：指标“{row.label}”标明以 % 计，目标 {t.raw}、实际 {a.raw} 却是数额而非百分比。",
                confidence="likely", severity="warning",
                related=[(t.num_start, t.num_end, "target"), (a.num_start, a.num_end, "actual")],
                evidence={"label": row.label, "target": t.raw, "actual": a.raw})
