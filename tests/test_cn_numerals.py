"""``cn_numerals.cn_number`` reads a Chinese numeral exactly as cn2an 0.5.24's "smart" mode
does (cn2an is a test dependency: the reference the port is held to)."""

import itertools
import random
from decimal import Decimal

import pytest

from auditor.extract.cn_numerals import cn_number
from auditor.extract.quantities import _CN_DIGITS, extract_quantities

cn2an = pytest.importorskip("cn2an")

INTEGER_CHARS = "零〇一二两三四五六七八九十百千万亿"
DECIMAL_CHARS = "零〇一二三四五六七八九"


def reference(raw):
    try:
        return Decimal(str(cn2an.cn2an(raw, "smart")))
    except Exception:
        return None


def ported(raw):
    try:
        return Decimal(str(cn_number(raw)))
    except (ValueError, KeyError):
        return None


def test_alphabet_is_the_quantity_patterns():
    assert set(INTEGER_CHARS) == set(_CN_DIGITS)


def test_every_numeral_of_up_to_three_characters_and_random_longer_ones():
    # every order of digits, zeros and units, well-formed or not (all 88,740 strings of up to
    # four characters and 1.4 million of five were compared once when the port was made)
    strings = [s for k in range(1, 4) for s in map("".join, itertools.product(INTEGER_CHARS, repeat=k))]
    rng = random.Random(11)
    strings += ["".join(rng.choice(INTEGER_CHARS) for _ in range(rng.randint(4, 7))) for _ in range(8000)]
    assert [s for s in strings if reference(s) != ported(s)] == []


def test_random_decimals_and_long_numerals():
    rng = random.Random(7)
    samples = []
    for _ in range(3000):
        whole = "".join(rng.choice(INTEGER_CHARS) for _ in range(rng.randint(1, 4)))
        samples.append(whole + "点" + "".join(rng.choice(DECIMAL_CHARS) for _ in range(rng.randint(1, 18))))
    for _ in range(3000):
        s = cn2an.an2cn(str(rng.randint(0, 10 ** rng.randint(1, 12))))
        if rng.random() < 0.3:
            s = s.replace("二", "两", 1)
        if rng.random() < 0.2 and len(s) > 2:
            s = s[:-1]          # a spoken form: 一万二千 -> 一万二
        samples.append(s)
    samples.append("一点二点三")
    diffs = [s for s in samples if reference(s) != ported(s)]
    assert diffs == []


@pytest.mark.parametrize("raw, value", [
    ("三十二", 32), ("两千", 2000), ("一百零五", 105), ("一万二", 12000), ("三千五", 3500),
    ("二〇二三", 2023), ("十", 10), ("十二点五", 12.5), ("一亿零五十万", 100500000)])
def test_known_values(raw, value):
    assert cn_number(raw) == value


@pytest.mark.parametrize("raw", ["万", "十五十五", "一点二点三", "千百", "一亿二"])
def test_malformed_is_an_error(raw):
    with pytest.raises((ValueError, KeyError)):
        cn_number(raw)


def test_quantities_in_text():
    got = {(q.raw, q.value, q.unit) for q in extract_quantities("共回收问卷两千余份，培训三十二人，覆盖一万二千户。")}
    assert got == {("两千", Decimal(2000), "份"), ("三十二", Decimal(32), "人"), ("一万二千", Decimal(12000), "户")}
