"""Chinese numerals (三千五百, 两万, 一百零五, 二〇二三, 十二点五) read as numbers.

This is cn2an 0.5.24's ``cn2an(raw, "smart")`` for the numerals ``quantities._CN_NUM``
matches (characters 零〇一二两三四五六七八九十百千万亿, optionally 点 and decimal digits),
ported so that a run does not import cn2an: its import compiles two grammar regexes of
several kilobytes and loads a traditional-Chinese table (0.15 s at every start, the
longest single item of the start-up after jieba's dictionary).  The same steps in the
same order: 零十/零百 spelled out, the integer part normalised (万零 before 千, a missing
零 or 一 added), then the integer grammar, the run of bare digits (二〇二三 = 2023) or the
spoken form (一万二 = 12000) decides, and the value is computed with the same float
arithmetic.  ``tests/test_cn_numerals.py`` compares the two on every string of up to five
characters and on random longer ones."""

from __future__ import annotations

import re

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
          "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
ALPHABET = frozenset(DIGITS) | frozenset(UNITS) | {"点"}
_LOWER_UNIT = {100: "十", 1000: "百", 10_000: "千"}   # the unit a spoken form leaves out

_NUM = "".join(DIGITS)
_ZERO_BEFORE_THOUSAND = re.compile(f"(万)零(?=[{_NUM}]千)")
_BIG_UNIT_MISSING_ZERO = re.compile(f"([万亿])([{_NUM}][十百])")
_THOUSAND_MISSING_ZERO = re.compile(f"(千)([{_NUM}]?十)")
_HUNDRED_MISSING_ONE = re.compile("(百)(十)")


# --- the integer grammar, as sets of end positions (a full match: the length is an end)

def _chars(chars: str):
    return lambda s, at: {i + 1 for i in at if i < len(s) and s[i] in chars}


def _seq(*parts):
    def match(s, at):
        for p in parts:
            at = p(s, at)
            if not at:
                break
        return at
    return match


def _alt(*parts):
    return lambda s, at: set().union(*(p(s, at) for p in parts))


def _opt(part):
    return lambda s, at: at | part(s, at)


def _plus(part):
    def match(s, at):
        out, new = set(), part(s, at)
        while new - out:
            out |= new
            new = part(s, new)
        return out
    return match


def _with_unit(head, unit: str, after_zero, full):
    """``head unit (零 after_zero)?`` or ``head unit full``: cn2an's shape of every order
    (一百零五 / 一百二十, 三千零二十 / 三千二百, …)."""
    return _alt(_seq(head, _chars(unit), _opt(_seq(_0, after_zero))), _seq(head, _chars(unit), full))


_0 = _chars("零〇")
_1_9 = _chars("一二两三四五六七八九")
_10_99 = _seq(_opt(_1_9), _chars("十"), _opt(_1_9))
_10_99_with_one = _seq(_1_9, _chars("十"), _opt(_1_9))
_1_99 = _alt(_10_99, _1_9)
_100_999 = _with_unit(_1_9, "百", _1_9, _10_99_with_one)
_1_999 = _alt(_100_999, _1_99)
_1000_9999 = _with_unit(_1_9, "千", _1_99, _100_999)
_1_9999 = _alt(_1000_9999, _1_999)
_1e4_1e8 = _with_unit(_1_9999, "万", _1_999, _1000_9999)
_1_99999999 = _alt(_1e4_1e8, _1_9999)
_1e8_1e16 = _with_unit(_1_99999999, "亿", _1_99999999, _1e4_1e8)
_INTEGER = _alt(_0, _1e8_1e16, _1_99999999)
_ALL_DIGITS = _plus(_chars(_NUM))
_SPOKEN = _seq(_plus(_seq(_opt(_chars(_NUM)), _opt(_chars(_NUM)), _chars("".join(UNITS)))),
               _chars(_NUM))


def _full(grammar, s: str) -> bool:
    return len(s) in grammar(s, {0})


def _decimals_ok(decimal: str) -> bool:
    return len(decimal) <= 16 and all(c in DIGITS for c in decimal)


def cn_number(raw: str) -> int | float:
    """The number a Chinese numeral writes (an int, or a float when it has 点); ValueError
    (or KeyError, where cn2an raises one) when cn2an would not read it."""
    if not raw or not ALPHABET.issuperset(raw):
        raise ValueError(f"not a numeral of this alphabet: {raw!r}")
    data = raw.replace("零十", "零一十").replace("零百", "零一百")
    integer, decimal = data, None
    if "点" in data:
        parts = data.split("点")
        if len(parts) != 2:
            raise ValueError(f"more than one 点: {raw!r}")
        integer, decimal = parts
    integer = _ZERO_BEFORE_THOUSAND.sub(r"\1", integer)
    integer = _BIG_UNIT_MISSING_ZERO.sub(r"\1零\2", integer)
    integer = _THOUSAND_MISSING_ZERO.sub(r"\1零\2", integer)
    integer = _HUNDRED_MISSING_ONE.sub(r"\1一\2", integer)
    integer = integer.replace("零十", "零一十")
    dec_ok = decimal is None or _decimals_ok(decimal)
    if _full(_INTEGER, integer):
        if not dec_ok:
            raise ValueError(f"malformed decimals: {raw!r}")
        value = _unit_value(integer)
    elif integer and _full(_ALL_DIGITS, integer) and dec_ok:
        value = int("".join(str(DIGITS[c]) for c in integer))
    elif len(integer) >= 3 and _full(_SPOKEN, integer) and dec_ok:
        value = _unit_value(integer + _LOWER_UNIT[UNITS[integer[-2]]])   # 一万二 -> 一万二千
    else:
        raise ValueError(f"not a well-formed numeral: {raw!r}")
    if decimal is None:
        return value
    return round(value + _decimal_value(decimal), len(decimal))


def _unit_value(integer: str) -> int:
    """cn2an's ``__integer_convert``: digits times the unit on their right, read from the end."""
    total, unit, myriad = 0, 1, 1
    for index, c in enumerate(reversed(integer)):
        if c in DIGITS:
            total += DIGITS[c] * unit
            continue
        unit = UNITS[c]
        if unit % 10000 == 0:
            if unit > myriad:
                myriad = unit
            else:                 # 万亿
                myriad = unit * myriad
                unit = myriad
        if unit < myriad:
            unit = unit * myriad
        if index == len(integer) - 1:
            total += unit         # a leading unit: 十二 = 12
    return int(total)


def _decimal_value(decimal: str) -> float:
    """cn2an's ``__decimal_convert`` (the same float sum, rounded to the digits given)."""
    out = 0
    for index in range(len(decimal) - 1, -1, -1):
        out += DIGITS[decimal[index]] * 10 ** -(index + 1)
    return round(out, len(decimal))
