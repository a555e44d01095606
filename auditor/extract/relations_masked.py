"""Rates over masked amounts: a published report may blank the digits of an amount
(预算数 78.*元，执行数 78.*元，完成预算的 100%).  Masked decimals still bound the amount —
78.* lies in [78, 79) — so the printed rate can be checked against the interval.

The quantity layer reads 78.* as a plain 78 (a masked number is no exact amount), so this
layer reads the one tight shape by itself: a budget clause, the executed clause, then the
rate, in that order and adjacent.  A mask inside the integer part (7*, *) says nothing of
the magnitude and leaves the statement unread.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from auditor import rx as re

from ..rounding import Interval


@dataclass
class MaskedRate:
    """``rate`` (a span of doc.text, its printed value and decimals) should be num ÷ base."""
    rate: tuple[int, int]
    rate_raw: str
    num: tuple[int, int]
    num_iv: Interval
    base: tuple[int, int]
    base_iv: Interval
    name: str


_NUM = r"\d[\d,]*(?:\.\d*)?\**"
_UNIT = r"(?:万元|亿元|元)"
_BASE_LABEL = r"(?:全年|年度|调整后)?预算(?:数|资金|金额)?|(?:全年)?(?:计划|安排|下达)(?:资金|金额)?"
_NUM_LABEL = r"(?:实际)?(?:执行|支出|完成|使用|拨付|支付)(?:数|金额|资金)?"
_RATE_LABEL = r"完成预算的|(?:预算)?执行率|(?:预算)?完成率|支出率|支付率|拨付率"
_SHAPE = re.compile(
    rf"(?P<bl>{_BASE_LABEL})(?:为|是|共)?\s*[:：]?\s*(?P<a>{_NUM})\s*(?P<au>{_UNIT})?\s*[，,]\s*"
    rf"(?P<nl>{_NUM_LABEL})(?:为|是|了)?\s*[:：]?\s*(?P<b>{_NUM})\s*(?P<bu>{_UNIT})?\s*[，,]\s*"
    rf"(?P<rl>{_RATE_LABEL})(?:为|达到|达|是)?\s*[:：]?\s*(?P<r>\d+(?:\.\d+)?)\s*%")
_SCALE = {"元": Decimal(1), "万元": Decimal(10_000), "亿元": Decimal(100_000_000)}


def _interval(raw: str) -> Interval | None:
    """The interval of a printed amount whose trailing digits may be masked (78.* → [78, 79))."""
    raw = raw.replace(",", "")
    if "*" not in raw:
        dec = len(raw.split(".")[1]) if "." in raw else 0
        return Interval.printed(Decimal(raw.rstrip(".")), dec)
    head = raw[:raw.index("*")]
    if "." not in head:
        return None          # a masked integer digit: any magnitude
    whole, frac = head.split(".")
    if not whole:
        return None
    lo = Decimal(head.rstrip(".") or "0")
    return Interval(lo, lo + Decimal(10) ** -len(frac))


def masked_rates(doc) -> list[MaskedRate]:
    text = doc.text
    if "*" not in text:
        return []
    out = []
    for m in _SHAPE.finditer(text):
        a, b = m.group("a"), m.group("b")
        if "*" not in a + b:
            continue          # unmasked: the rate relations read it
        au, bu = m.group("au") or m.group("bu"), m.group("bu") or m.group("au")
        if au is None:
            continue
        a_iv, b_iv = _interval(a), _interval(b)
        if a_iv is None or b_iv is None or a_iv.lo <= 0:
            continue
        a_iv, b_iv = a_iv.scale(_SCALE[au]), b_iv.scale(_SCALE[bu])
        out.append(MaskedRate((m.start("r"), m.end()), m.group("r"), (m.start("b"), m.end("b")), b_iv,
                              (m.start("a"), m.end("a")), a_iv, m.group("rl")))
    return out
