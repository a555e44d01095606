"""Rounding-aware comparison of reported numbers, decided in one place.

The rule (statcheck's, and XBRL Calculations 1.1 round-to-nearest): a number
printed with d decimals stands for every true value in
[v - ½·10^-d, v + ½·10^-d]; a stated relation holds when some choice of true
values inside those intervals satisfies it, i.e. when the interval computed
from the inputs intersects the interval of the reported result.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal(0)


@dataclass(frozen=True)
class Interval:
    lo: Decimal
    hi: Decimal

    @staticmethod
    def printed(value: Decimal, decimals: int, exact: bool = False) -> "Interval":
        """The interval a printed number stands for (``exact``: counts of people, etc.)."""
        if exact:
            return Interval(value, value)
        h = Decimal(5) * Decimal(10) ** (-(decimals + 1))
        return Interval(value - h, value + h)

    @staticmethod
    def of(q, exact: bool = False) -> "Interval":
        return Interval.printed(q.value, q.decimals, exact)

    def scale(self, k: Decimal) -> "Interval":
        a, b = self.lo * k, self.hi * k
        return Interval(min(a, b), max(a, b))

    def __add__(self, o: "Interval") -> "Interval":
        return Interval(self.lo + o.lo, self.hi + o.hi)

    def __sub__(self, o: "Interval") -> "Interval":
        return Interval(self.lo - o.hi, self.hi - o.lo)

    def __mul__(self, o: "Interval") -> "Interval":
        c = [self.lo * o.lo, self.lo * o.hi, self.hi * o.lo, self.hi * o.hi]
        return Interval(min(c), max(c))

    def __truediv__(self, o: "Interval") -> "Interval":
        if o.lo <= 0 <= o.hi:
            raise ZeroDivisionError("interval divisor contains zero")
        c = [self.lo / o.lo, self.lo / o.hi, self.hi / o.lo, self.hi / o.hi]
        return Interval(min(c), max(c))

    def intersects(self, o: "Interval", slack: Decimal = ZERO) -> bool:
        return self.lo <= o.hi + slack and o.lo <= self.hi + slack

    def meets(self, o: "Interval") -> bool:
        """Do the half-open intervals [lo, hi) share a value?  (A printed 89.97 stands for
        [89.965, 89.975): a computed sum whose lowest value is 89.975 does not round to it.)
        A degenerate interval (an exact count) is the point it holds."""
        lo, hi = max(self.lo, o.lo), min(self.hi, o.hi)
        if lo < hi:
            return True

        def holds(i: "Interval", x: Decimal) -> bool:
            return i.lo <= x < i.hi or i.lo == i.hi == x
        return lo == hi and holds(self, lo) and holds(o, lo)

    def contains(self, x: Decimal) -> bool:
        return self.lo <= x <= self.hi

    @property
    def mid(self) -> Decimal:
        return (self.lo + self.hi) / 2

    def __str__(self) -> str:
        return f"[{fmt(self.lo)}, {fmt(self.hi)}]"


def total(intervals) -> Interval:
    out = Interval(ZERO, ZERO)
    for i in intervals:
        out = out + i
    return out


def fmt(x: Decimal, places: int = 4) -> str:
    """Human form of a computed number: up to ``places`` decimals, no trailing zeros."""
    q = Decimal(10) ** -places
    s = f"{x.quantize(q):f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def round_half_up(x: Decimal, decimals: int) -> Decimal:
    from decimal import ROUND_HALF_UP
    return x.quantize(Decimal(10) ** -decimals, rounding=ROUND_HALF_UP)


def printed_at(value: Decimal, decimals: int, finest: int, exact: bool = False) -> Interval:
    """The interval of a number printed in a list whose siblings print ``finest`` decimals:
    lists of amounts drop trailing zeros (30 beside 29.99 is 30.00), so the number is read
    at the list's finest precision."""
    return Interval.printed(value, max(decimals, finest), exact)
