"""Interval arithmetic and the rounding rule every numeric check relies on.

A printed number stands for every value that rounds to it at the precision
printed (statcheck; XBRL Calculations 1.1 round-to-nearest): 68% is
[67.5, 68.5], 0.1% is [0.05, 0.15].  A relation holds when the interval
computed from the inputs meets the interval of the reported result.
"""
from decimal import Decimal as D

import pytest
from hypothesis import given, settings, strategies as st

from auditor.rounding import Interval, fmt, round_half_up, total


# --- the interval a printed number stands for ----------------------------------

@pytest.mark.parametrize("value, decimals, lo, hi", [
    ("68", 0, "67.5", "68.5"),
    ("0.1", 1, "0.05", "0.15"),
    ("84.70", 2, "84.695", "84.705"),
    ("3810.44", 2, "3810.435", "3810.445"),
    ("437", 0, "436.5", "437.5"),
    ("0", 0, "-0.5", "0.5"),
    ("-3.5", 1, "-3.55", "-3.45"),
])
def test_printed_interval(value, decimals, lo, hi):
    i = Interval.printed(D(value), decimals)
    assert (i.lo, i.hi) == (D(lo), D(hi))


def test_printed_exact_is_a_point():
    i = Interval.printed(D("437"), 0, exact=True)
    assert i.lo == i.hi == D("437")


def test_interval_of_a_quantity_uses_its_printed_precision():
    from auditor.extract.quantities import extract_quantities
    [q] = extract_quantities("满意度为84.70%")
    assert q.decimals == 2
    assert Interval.of(q) == Interval(D("84.695"), D("84.705"))
    assert Interval.of(q, exact=True) == Interval(D("84.70"), D("84.70"))


def test_68_percent_covers_its_rounding_neighbourhood():
    i = Interval.printed(D("68"), 0)
    for x in ("67.5", "67.51", "68", "68.49", "68.5"):
        assert i.contains(D(x)), x
    for x in ("67.49", "68.51", "69"):
        assert not i.contains(D(x)), x


def test_statcheck_rule_coarse_share_is_consistent_at_its_own_precision():
    # 2.23 / 3797.83 = 0.0587%: printed "0.1%" (1 decimal) is consistent,
    # printed "0.10%" (2 decimals) is not, and "0.06%" is.
    true_share = D("2.23") / D("3797.83") * 100
    assert Interval.printed(D("0.1"), 1).contains(true_share)
    assert not Interval.printed(D("0.10"), 2).contains(true_share)
    assert Interval.printed(D("0.06"), 2).contains(true_share)


def test_computed_share_interval_meets_reported_interval():
    # 370 / 437 (exact counts) = 84.668%: 84.67% holds, 84.70% does not
    computed = (Interval.printed(D(370), 0, exact=True) / Interval.printed(D(437), 0, exact=True)).scale(D(100))
    assert computed.intersects(Interval.printed(D("84.67"), 2))
    assert not computed.intersects(Interval.printed(D("84.70"), 2))
    # rounded amounts: 1203.34 / 3803.37 = 31.639..%; 31.64% holds at 2 decimals
    c2 = (Interval.printed(D("1203.34"), 2) / Interval.printed(D("3803.37"), 2)).scale(D(100))
    assert c2.intersects(Interval.printed(D("31.64"), 2))
    assert not c2.intersects(Interval.printed(D("31.66"), 2))


# --- arithmetic ----------------------------------------------------------------

def test_add():
    s = Interval(D("1.5"), D("2.5")) + Interval(D("10"), D("11"))
    assert s == Interval(D("11.5"), D("13.5"))


def test_sub_widens_both_ways():
    d = Interval(D("10"), D("11")) - Interval(D("1.5"), D("2.5"))
    assert d == Interval(D("7.5"), D("9.5"))
    # x - x is not zero for an interval: it is symmetric around zero
    x = Interval.printed(D("4512.36"), 2)
    z = x - x
    assert z == Interval(D("-0.01"), D("0.01"))


def test_mul_takes_extremes_of_all_corners():
    assert Interval(D(2), D(3)) * Interval(D(4), D(5)) == Interval(D(8), D(15))
    assert Interval(D(-2), D(3)) * Interval(D(4), D(5)) == Interval(D(-10), D(15))
    assert Interval(D(-3), D(-2)) * Interval(D(-5), D(4)) == Interval(D(-12), D(15))


def test_div():
    q = Interval(D(10), D(20)) / Interval(D(2), D(4))
    assert q == Interval(D("2.5"), D(10))
    neg = Interval(D(10), D(20)) / Interval(D(-4), D(-2))
    assert neg == Interval(D(-10), D("-2.5"))


@pytest.mark.parametrize("divisor", [
    Interval(D(0), D(0)),
    Interval(D(-1), D(1)),
    Interval(D(0), D(5)),
    Interval(D(-5), D(0)),
    Interval.printed(D("0"), 2),    # a printed 0.00 may be a true zero
    Interval.printed(D("0"), 0),    # a printed 0 stands for [-0.5, 0.5]
])
def test_division_by_interval_containing_zero_raises(divisor):
    assert divisor.lo <= 0 <= divisor.hi
    with pytest.raises(ZeroDivisionError):
        Interval(D(1), D(2)) / divisor


def test_division_by_small_positive_interval_does_not_raise():
    q = Interval(D(1), D(2)) / Interval.printed(D("0.01"), 2)   # [0.005, 0.015]
    assert q.lo > 0 and q.hi == D(400)


def test_scale_by_negative_swaps_bounds():
    i = Interval(D(1), D(2)).scale(D(-1))
    assert i == Interval(D(-2), D(-1))
    assert Interval(D(1), D(2)).scale(D(100)) == Interval(D(100), D(200))


def test_intersects_and_contains_are_closed():
    a = Interval(D(1), D(2))
    assert a.intersects(Interval(D(2), D(3)))        # touching ends meet
    assert not a.intersects(Interval(D("2.0001"), D(3)))
    assert a.intersects(Interval(D("2.1"), D(3)), slack=D("0.1"))
    assert not a.intersects(Interval(D("2.1"), D(3)), slack=D("0.05"))
    assert a.contains(D(1)) and a.contains(D(2)) and not a.contains(D("2.0001"))


def test_total_of_printed_parts():
    parts = [Interval.printed(D(v), 2) for v in ("1203.34", "2600.03")]
    t = total(parts)
    assert t == Interval(D("3803.36"), D("3803.38"))
    assert total([]) == Interval(D(0), D(0))
    # one cent off the stated whole still meets it at two printed decimals
    assert t.intersects(Interval.printed(D("3803.38"), 2))
    assert not t.intersects(Interval.printed(D("3803.40"), 2))


def test_mid_and_str():
    i = Interval(D("67.5"), D("68.5"))
    assert i.mid == D(68)
    assert str(i) == "[67.5, 68.5]"


# --- formatting and rounding helpers ---------------------------------------------

@pytest.mark.parametrize("x, places, out", [
    ("68.3614", 2, "68.36"),
    ("70.0000", 4, "70"),
    ("0.05870", 4, "0.0587"),
    ("-0.00001", 4, "0"),
    ("1609718.48", 4, "1609718.48"),
])
def test_fmt(x, places, out):
    assert fmt(D(x), places) == out


@pytest.mark.parametrize("x, d, out", [
    ("0.125", 2, "0.13"),
    ("2.5", 0, "3"),
    ("84.6682", 2, "84.67"),
    ("-1.005", 2, "-1.01"),
])
def test_round_half_up(x, d, out):
    assert round_half_up(D(x), d) == D(out)


# --- properties -------------------------------------------------------------------

_dec = st.decimals(min_value=-10**6, max_value=10**6, places=3, allow_nan=False, allow_infinity=False)
_iv = st.tuples(_dec, _dec).map(lambda t: Interval(min(t), max(t)))


@settings(max_examples=200, deadline=None)
@given(_iv, _iv, _dec, _dec)
def test_interval_ops_contain_every_pointwise_result(a, b, x_frac, y_frac):
    # pick points inside a and b and check that the interval results contain
    # the point results (soundness of the interval arithmetic)
    def inside(i, f):
        t = (abs(f) % 1000) / D(1000)
        return i.lo + (i.hi - i.lo) * t
    x, y = inside(a, x_frac), inside(b, y_frac)
    assert (a + b).contains(x + y)
    assert (a - b).contains(x - y)
    assert (a * b).contains(x * y)
    if not (b.lo <= 0 <= b.hi):
        r = a / b
        # Decimal division rounds at 28 significant digits: allow that much
        eps = (abs(r.lo) + abs(r.hi) + 1) * D("1e-20")
        assert r.lo - eps <= x / y <= r.hi + eps


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False, allow_infinity=False),
       st.integers(min_value=0, max_value=4))
def test_a_value_is_consistent_with_its_own_rounding(x, d):
    printed = round_half_up(x, d)
    assert Interval.printed(printed, d).contains(x)
