"""Family unit: a unit that contradicts the magnitude or its neighbours.

``unit.mismatch``: a part printed in another unit than its whole and siblings
(其他收入 2.23 元 among 万元 figures) where the stated relation holds exactly
once the part is read in the siblings' unit — the unit, not the number, is
wrong.
"""
from __future__ import annotations

from decimal import Decimal

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
