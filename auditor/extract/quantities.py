"""Quantities stated in a document: value, unit, printed precision, label.

Works on the normalized text (full-width digits folded, spaces next to Chinese
removed).  Years, dates, document numbers (〔2022〕1号), phone numbers, section
numbers and indicator codes (B41) are recognised and skipped, so they never
become false findings.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
import bisect
import operator

from functools import lru_cache

import re as _stdre

from auditor import rx as re
from .cn_numerals import cn_number


# unit -> (kind, scale to the base unit of its kind)
UNITS: dict[str, tuple[str, Decimal]] = {
    "亿元": ("money", Decimal(100_000_000)), "万元": ("money", Decimal(10_000)),
    "千元": ("money", Decimal(1000)), "元": ("money", Decimal(1)), "万": ("plain_wan", Decimal(10_000)),
    "亿": ("plain_yi", Decimal(100_000_000)),
    "%": ("percent", Decimal(1)), "个百分点": ("pp", Decimal(1)), "百分点": ("pp", Decimal(1)),
    "万人次": ("visits", Decimal(10_000)), "人次": ("visits", Decimal(1)),
    "万人": ("persons", Decimal(10_000)), "人": ("persons", Decimal(1)), "名": ("persons", Decimal(1)),
    "户": ("households", Decimal(1)), "家次": ("count", Decimal(1)), "家": ("count", Decimal(1)),
    "份": ("copies", Decimal(1)), "项": ("items", Decimal(1)), "个": ("count", Decimal(1)),
    "件": ("count", Decimal(1)), "宗": ("count", Decimal(1)), "条": ("count", Decimal(1)),
    "笔": ("count", Decimal(1)), "次": ("count", Decimal(1)), "期": ("count", Decimal(1)),
    "分": ("score", Decimal(1)), "天": ("days", Decimal(1)), "个月": ("months", Decimal(1)),
    "万份": ("copies", Decimal(10_000)), "万户": ("households", Decimal(10_000)),
    "万件": ("count", Decimal(10_000)), "万个": ("count", Decimal(10_000)),
    "万项": ("items", Decimal(10_000)), "万家": ("count", Decimal(10_000)), "万次": ("count", Decimal(10_000)),
    "万笔": ("count", Decimal(10_000)), "万名": ("persons", Decimal(10_000)),
    "批次": ("count", Decimal(1)), "亩": ("area", Decimal(1)), "万亩": ("area", Decimal(10_000)),
    "公里": ("length", Decimal(1)), "组": ("groups", Decimal(1)),
}
_UNIT_ALT = "|".join(sorted((re.escape(u) for u in UNITS), key=len, reverse=True))

# units that make a year-looking number (1987.08万元) an amount: money and counted things
_AMOUNT_UNIT_ALT = "|".join(sorted((re.escape(u) for u, (k, _) in UNITS.items()
                                    if k not in ("months", "days")), key=len, reverse=True))

_NUMBER = r"(?P<num>[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)"
# The lookahead lists every character a match can start with (a qualifier's
# first character, a sign or a digit): it lets ``regex`` skip other positions
# fast and does not change what matches.
QUANTITY_RE = re.compile(
    r"(?=[≥≤><不约近超达\-−\d])"
    r"(?P<qual>≥|≤|>|<|不低于|不少于|不高于|不超过|约|近|超过|达到|达)?"
    + _NUMBER
    + r"(?P<pre>余|多)?"
    + r"(?P<unit>" + _UNIT_ALT + r")?"
    + r"(?P<post>以上|以下|以内|左右|余|多)?")

# Spans that look numeric but are dates, year ranges, references or list numbers.
# A list number after a sentence end is matched from its digits (the lookbehind takes the
# spaces between), so every match starts on a digit or on 表/附/图 and the scan skips all
# other positions fast; the masked characters that can start a number are the same as
# when such a match took the spaces in.
_MASKS = re.compile(
    r"(?=[\d表附图])"  # first characters of the alternatives below (a fast skip, same matches)
    r"(?:(?:19|20)\d\d\s*[—–\-~～至到]\s*(?:19|20)\d\d\s*年"            # 2022—2023年度
    r"|(?<!\d)(?:19|20)\d\d\s*[.．/\-]\s*\d{1,2}(?:\s*[.．/\-]\s*\d{1,2})?(?![\d%])"  # 2023.06, 2023/06/21
    r"(?!\s*(?:" + _AMOUNT_UNIT_ALT + r"))"                                # ... but 1987.08万元 is an amount
    r"|(?:表|附表|附件|图|附图)\s*\d+(?:[-.．]\d+)?"                        # 表 2
    r"|(?<=[。；;！？]\s*)\d{1,2}\s*[.、．](?!\d)"                           # 。2.项目
    r"|(?<![\d.])\d{1,2}\s*[:：]\s*\d{1,2}(?![\d.:：]))")                    # 5:5 ratios (handled apart)
# ``_MASKS`` for the standard ``re``, which scans these texts faster (it has no variable
# lookbehind: the list number after a sentence end is matched from the sentence end, which
# no other span holds or starts on, and its span is the group ``item``).  Its ``\s`` and ``\d``
# differ from ``regex``'s only on \x1c-\x1f and digits beyond the BMP: texts holding one of
# these keep the ``regex`` scan.
_MASKS_STD = _stdre.compile(
    _MASKS.pattern.replace(r"(?=[\d表附图])", r"(?=[\d表附图。；;！？])", 1)
    .replace(r"(?<=[。；;！？]\s*)\d{1,2}\s*[.、．](?!\d)", r"[。；;！？]\s*(?P<item>\d{1,2}\s*[.、．](?!\d))", 1))
_ENGINES_DIFFER = _stdre.compile("[\x1c-\x1f\U00010000-\U0010ffff]")
# the same for ``QUANTITY_RE`` (no lookbehind, no \s): the standard ``re`` finds it faster
_QUANTITY_STD = _stdre.compile(QUANTITY_RE.pattern)
_RATIO = re.compile(r"(?<![\d.])(\d{1,2})\s*[:：]\s*(\d{1,2})(?![\d.:：])")
# a ratio holds one colon; read backwards from it, spaces and two digits reach its start
_COLON = re.compile(r"[:：]")
_RATIO_BEFORE_COLON = re.compile(r"(?r)\d{0,2}\s*")

_DOCNO = re.compile(r"[〔\[【(（]\s*(?:19|20)\d\d\s*[〕\]】)）]\s*\d+\s*号|第\s*\d+\s*号|\d+号文")
_PHONE = re.compile(r"(?:\d{3,4}-)?\d{7,8}(?!\d)")
_CODE_BEFORE = re.compile(r"[A-Za-z]$")
_SECTION_NUM = re.compile(r"^\s*[(（]?\d{1,2}[)）.、]")


@dataclass
class Quantity:
    start: int           # span of the whole match (qualifier+number+unit) in norm text
    end: int
    num_start: int       # span of the number as printed
    num_end: int
    raw: str             # the number as printed (thousands separators kept)
    value: Decimal       # value in the printed unit
    decimals: int        # printed precision
    unit: str            # '' when none was printed
    kind: str            # money, percent, persons, score, plain ...
    qualifier: str = ""  # ≥, 约, 以上 ...
    label: str = ""      # the phrase the number measures
    label_start: int = -1
    cell: tuple[int, int, int] | None = None   # (table id, row, col) for table numbers
    extra: dict = field(default_factory=dict)

    @property
    def base(self) -> Decimal:
        """Value in the base unit of its kind (元 for money, 人 for persons)."""
        unit_scale = UNITS.get(self.unit, ("", Decimal(1)))[1]
        return self.value * unit_scale

    @property
    def half_unit(self) -> Decimal:
        """Half of the last printed digit, in the printed unit (rounding interval)."""
        return Decimal(5) * Decimal(10) ** (-(self.decimals + 1))

    @property
    def exact(self) -> bool:
        if self.qualifier:
            return False
        extra = self.extra      # empty for most quantities: no lookups then
        return not extra or not (extra.get("approx") or extra.get("range"))


_PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


@lru_cache(maxsize=8192)
def parse_number(raw: str) -> tuple[Decimal, int] | None:
    """Parse a printed number ('92,522,871.74', '−3.5', '1.6') -> (value, decimals).
    Cached: the same figures recur within and across reports (Decimal is immutable)."""
    s = raw.replace(",", "").replace("−", "-").strip()
    if not s or not _PLAIN_NUMBER.fullmatch(s):
        return None
    try:
        v = Decimal(s)
    except InvalidOperation:
        return None
    decimals = len(s.split(".", 1)[1]) if "." in s else 0
    return v, decimals


_LABEL_STOP = re.compile(r"[，,。；;：:、()（）\n\t“”\"《》]")
_LABEL_TRIM_HEAD = re.compile(
    r"^(?:其中|包括|分别为|分别|以及|并且|并|和|与|及|共|合计|总计|累计|全年|全市|全县|全区|本年度|本年|"
    r"本单位|我局|我市|实际|达到|为|是|按|由)+")
_LABEL_TRIM_TAIL = re.compile(r"(?:为|达到|达|共计|共|合计|约|是|占|计|有|的)+$")
_YEAR_PREFIX = re.compile(r"^(?:(?:19|20)\d\d年(?:度|末|底|初)?)+")


@lru_cache(maxsize=4096)
def clean_label(s: str) -> str:
    s = _YEAR_PREFIX.sub("", s.strip())
    for _ in range(3):
        s2 = _LABEL_TRIM_HEAD.sub("", s)
        s2 = _YEAR_PREFIX.sub("", s2)
        s2 = _LABEL_TRIM_TAIL.sub("", s2)
        if s2 == s:
            break
        s = s2
    return s.strip(" -—")


_LAST_LABEL_STOP = re.compile(r"(?r)[，,。；;：:、()（）\n\t“”\"《》]")
_NUM_IN_LABEL = re.compile(r"\d[\d,.]*(?:" + _UNIT_ALT + r")?%?(?![\d年月日])")
_LEADING_YEAR = re.compile(r"^\d{1,3}年(?:度|末|底|初)?")


def _label_before(text: str, start: int, limit: int = 16) -> tuple[str, int]:
    """The phrase before a number in its clause: '基本支出' in '基本支出 1203.34 万元'."""
    lo = max(0, start - 40)
    # the label lies after the last stop: cached by the text from that stop on (the
    # same reading, many more repeats than the 40 characters before each number)
    stop = _LAST_LABEL_STOP.search(text, lo, start)
    if stop is not None:
        lo = stop.start()
    lab, at = _label_in(text[lo:start], limit)
    if not lab:
        return lab, -1
    return lab, (lo + at) if at >= 0 else start - len(lab)


@lru_cache(maxsize=8192)
def _label_in(seg: str, limit: int) -> tuple[str, int]:
    """(label, its offset in ``seg`` or -1) for the text ``seg`` before a number; cached
    because templates repeat the same lead-ins many times."""
    stop = _LAST_LABEL_STOP.search(seg)
    cut = stop.end() if stop else 0
    # do not cross a previous quantity: the label is what sits between them
    # (only numbers after the last stop can move the cut)
    last_num = None
    for last_num in _NUM_IN_LABEL.finditer(seg, cut):
        pass
    if last_num is not None:
        cut = max(cut, last_num.end())
    raw = seg[cut:]
    lab = clean_label(raw)
    if len(lab) > limit:
        lab = clean_label(_LEADING_YEAR.sub("", lab[-limit:]))
    if not lab:
        return lab, -1
    at = raw.rfind(lab)
    return lab, (cut + at) if at >= 0 else -1


_DOT_DIGIT = re.compile(r"\.\d")
_DOTTED_DATE = re.compile(r"\s*[.．]\s*\d{1,2}\s*[.．]")
_OPEN_BRACKET_BEFORE = re.compile(r"[〔\[【]\s*$")
_CLOSE_BRACKET_AFTER = re.compile(r"\s*[〕\]】]")
_CLOSED_BRACKET_BEFORE = re.compile(r"[〕\]】]\s*$")
_HAO_AFTER = re.compile(r"\s*号")
_ORDINAL_BEFORE = re.compile(r"(?:第|令)\s*$")
_CONTACT_BEFORE = re.compile(r"(?:电话|传真|手机|邮编|联系方式)[:：]?\s*$")
_CONTACT_WORD_END = frozenset("话真机编式")    # the last characters of those words (a cheap pre-test)
_DASH_DIGIT = re.compile(r"-\d")
_DIGIT_DASH_BEFORE = re.compile(r"\d-$")
_LIST_MARK_AFTER = re.compile(r"\s*[.、．)）](?!\d)")
_OPERATOR_BEFORE = re.compile(r"[=×*/÷]\s*$")
_YEAR_END_AFTER = re.compile(r"(?:年|\s|$)")


# words after a number that make it a date, a time or an age (年 covers 年度)
_DATE_WORDS = ("年", "月", "日", "号", "时", "季度", "周岁", "岁")
_YMD_WORDS = ("年", "月", "日")   # ... even with a unit in front


def is_not_a_quantity(text: str, m) -> bool:
    """Years, dates, document numbers, phone numbers, codes and list numbering."""
    return _not_a_quantity(text, m.start("num"), m.end("num"), m.group("num"), m.group("unit"))


def _not_a_quantity(text: str, s: int, e: int, raw: str, unit: str | None) -> bool:
    """``is_not_a_quantity`` for the number ``raw`` at [s, e).  Each regex is tried only
    when a character it needs is present (plain ``in`` tests are much cheaper)."""
    after = text[e:e + 3]
    before = text[max(0, s - 6):s]
    if after.startswith(_YMD_WORDS) or (not unit and after.startswith(_DATE_WORDS)):
        return True
    if text.startswith(".", e) and _DOT_DIGIT.match(text, e, e + 2):
        return True  # 2023.6.21 style dates
    window = text[e:e + 6]
    if ("." in window or "．" in window) and _DOTTED_DATE.match(text, e, e + 6):
        return True
    if ("〔" in before or "[" in before or "【" in before) and _OPEN_BRACKET_BEFORE.search(before):
        return True  # 〔2022〕
    if ("〕" in after or "]" in after or "】" in after) and _CLOSE_BRACKET_AFTER.match(after):
        return True
    if "号" in after and _CLOSED_BRACKET_BEFORE.search(before) and _HAO_AFTER.match(after):
        return True  # 〔2022〕1号
    if not unit:
        if ("第" in before or "令" in before) and _ORDINAL_BEFORE.search(before):
            return True
        if after[:1] == "号":
            return True
        last = before[-1:]
        if last == "\n":
            last = before[-2:-1]   # ``$`` also matches before a final newline
        if ("A" <= last <= "Z" or "a" <= last <= "z") and _CODE_BEFORE.search(before):
            return True  # B41, C31, DIP2
        if "A" <= after[:1] <= "Z" or "a" <= after[:1] <= "z":
            return True
    if not _CONTACT_WORD_END.isdisjoint(before) and _CONTACT_BEFORE.search(before):
        return True
    if not unit:
        if text.startswith("-", e) and _DASH_DIGIT.match(text, e, e + 2):
            return True  # 0752-2862922, 95%-100% handled by unit
        if before[-1:] == "-" and _DIGIT_DASH_BEFORE.search(before):
            return True
    if (s == 0 or text[s - 1] in "\n\t(（ ") and _LIST_MARK_AFTER.match(after):
        return True  # list numbering 1. / (1)
    if not unit and raw.isdigit() and len(raw) == 4 and 1990 <= int(raw) <= 2100 \
            and _OPERATOR_BEFORE.search(before) is None and _YEAR_END_AFTER.match(after):
        return True
    return False


def extract_quantities(text: str) -> list[Quantity]:
    """All quantities in ``text`` (normalized), in order."""
    found = list(_extract(text)) + list(_extract_chinese(text))
    return sorted(found, key=lambda q: q.num_start)


# Chinese numerals (三十二人, 两千余份, 一百二十个百分点, 百分之八十五): read as cn2an's
# "smart" mode reads them (``cn_numerals``).
# Only numerals that carry a measure unit count, and single characters only with
# a person/money/document unit, so 一是, 三公经费, 十九大 and 一站式 stay words.
_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
_CN_NUM = re.compile(
    r"(?P<pct>百分之)?(?P<num>[" + _CN_DIGITS + r"]+(?:点[零〇一二三四五六七八九]+)?)"
    r"(?P<post>余|多)?(?P<unit>万元|亿元|元|个百分点|万人次|人次|万人|人|户|家|份|项|名|件)?")
_CN_STRONG_UNITS = {"万元", "亿元", "元", "万人", "人次", "万人次", "人", "户", "份", "名", "个百分点"}


@lru_cache(maxsize=4096)
def _cn_value(raw: str) -> Decimal | None:
    """The value of a Chinese numeral (None when malformed); cached, as numerals recur."""
    try:
        return Decimal(str(cn_number(raw)))
    except (ValueError, KeyError):   # malformed, where cn2an raises the same
        return None


def _extract_chinese(text: str):
    for m in _CN_NUM.finditer(text):
        pct, raw, unit = m.group(1, 2, 4)     # pct, num, unit (by index: one call per match)
        unit = unit or ""
        if pct:
            unit = "%"
        elif not unit or (len(raw) == 1 and unit not in _CN_STRONG_UNITS):
            continue
        if m.start() > 0 and text[m.start() - 1] in _CN_DIGITS + "第初":
            continue
        if len(raw) == 1 and m.end() < len(text) and text[m.end()] in _CN_DIGITS:
            continue  # 一人一档, 一户一策: a pattern word, not a count
        value = _cn_value(raw)
        if value is None:
            continue
        decimals = len(raw.split("点", 1)[1]) if "点" in raw else 0
        kind = UNITS[unit][0]
        label, lstart = _label_before(text, m.start())
        q = Quantity(start=m.start(), end=m.end(), num_start=m.start("num"), num_end=m.end("num"),
                     raw=raw, value=value, decimals=decimals, unit=unit, kind=kind,
                     qualifier=m.group("post") or "", label=label, label_start=lstart)
        q.extra["chinese_numeral"] = True
        if m.group("post"):
            q.extra["approx"] = True
        yield q


def _masked_spans(text: str, odd: bool | None = None) -> list[tuple[int, int]]:
    """The spans of ``_MASKS`` matches (``odd``: the text holds a character on which the
    two engines differ; None: look)."""
    if odd is None:
        odd = _ENGINES_DIFFER.search(text) is not None
    if odd:
        return [m.span() for m in _MASKS.finditer(text)]
    return [m.span("item") if m.start("item") >= 0 else m.span() for m in _MASKS_STD.finditer(text)]


# a dash with spaces on both sides (" — ") is an empty cell of a flattened form, not a range
_RANGE_AFTER = re.compile(r"^(?:%|" + _UNIT_ALT + r")?(?:\s*[~～至到]|[-−—]|\s+[-−—](?!\s))\s*\d")
_RANGE_BEFORE = re.compile(r"\d(?:%|" + _UNIT_ALT + r")?(?:[~～至到—]\s*|\s*[~～至到]\s*|\s+—)$")
_RANGE_TO_UNIT_AFTER = re.compile(r"^\s*[-−—~～至到]\s*\d[\d.]*\s*(?:%|" + _UNIT_ALT + r")")
_RANGE_DASHES = frozenset("-−—~～至到")   # a range needs one of these (cheap pre-test)
_LOWER_BOUND = re.compile(r"(\d[\d,.]*)\s*$")
_RATIO_CUE = re.compile(r"比例|分担|比重|按|配比")
_FEN_NOT_SCORE = re.compile(r"^(?:别|之|配|类|项|解|摊|担|值|析|期|批|级|档|局|部|段|成|布|开)")
_PER_AFTER = re.compile(r"^\s*(?:/|每)")


def matches_from(pattern, text: str, back, anchor) -> list:
    """``pattern.finditer(text)`` for a pattern whose every match holds an ``anchor`` match
    and starts in the run ``back`` (a reversed pattern) reads backwards from that anchor's
    start: the pattern is tried only there, in order, as ``finditer`` would (each match
    resumes the scan at its end; a lookbehind still sees the text before).  For patterns
    that are costly to try at every position and whose anchors are rare."""
    starts: set[int] = set()
    for c in anchor.finditer(text):
        d = c.start()
        starts.update(range(back.match(text, 0, d).start(), d))
    out, last = [], 0
    match = pattern.match
    for p in sorted(starts):
        if p >= last:
            m = match(text, p)
            if m:
                out.append(m)
                last = m.end()
    return out


def _extract(text: str):
    # offsets inside a masked span (a few short spans per report): a set lookup per match
    odd = _ENGINES_DIFFER.search(text) is not None
    masked_at = {i for a, b in _masked_spans(text, odd) for i in range(a, b)}

    for m in matches_from(_RATIO, text, _RATIO_BEFORE_COLON, _COLON):
        if not _RATIO_CUE.search(text[max(0, m.start() - 8):m.end() + 4]):
            continue
        a, b = int(m.group(1)), int(m.group(2))
        if b == 0:
            continue
        label, lstart = _label_before(text, m.start())
        q = Quantity(start=m.start(), end=m.end(), num_start=m.start(), num_end=m.end(), raw=m.group(0),
                     value=Decimal(a) / Decimal(b), decimals=0, unit="", kind="ratio",
                     label=label, label_start=lstart)
        q.extra["ratio"] = (a, b)
        yield q

    cache = _READINGS
    if len(cache) > _READINGS_MAX:
        cache.clear()
    for m in (QUANTITY_RE if odd else _QUANTITY_STD).finditer(text):
        # A match's reading depends only on the text from 40 characters before it (its
        # label) to 12 after its number (units, ranges, dates) and on whether its number
        # is masked: reports repeat lines, so the reading is looked up by that context.
        ms = m.start()
        s0, e = m.span(2)
        if text.startswith(_DATE_WORDS, e):
            # a date, a time or an age (2023年, 6月, 21日, 1号): no unit, qualifier or range can
            # hold a date word, so ``_read_match`` reads no quantity here whatever the context
            continue
        lo = ms - _READ_BEFORE if ms > _READ_BEFORE else 0
        key = (text[lo:e + _READ_AFTER], ms - lo, s0 in masked_at, s0 + 1 in masked_at)
        got = cache.get(key, _UNREAD)
        if got is _UNREAD:
            got = cache[key] = _read_match(text, m, masked_at, lo)
        if got is None:
            continue
        start, end, s, e, raw, value, decimals, unit, kind, qualifier, label, lstart, in_range, approx = got
        # the fields in their order (positional arguments cost half of keywords), offsets moved back
        q = Quantity(start + lo, end + lo, s + lo, e + lo, raw, value, decimals, unit, kind, qualifier, label,
                     lstart + lo if lstart >= 0 else -1)
        if in_range:
            q.extra["range"] = True
        if approx:
            q.extra["approx"] = True
        yield q


# the context a match's reading depends on (see ``_read_match``): characters before the
# match, and after its number
_READ_BEFORE = 40
_READ_AFTER = 12
_READINGS: dict = {}          # (context, match offset in it, masked flags) -> reading
_READINGS_MAX = 32_768      # entries (about half a kilobyte each) before the table starts afresh
_UNREAD = object()


def _cut_by_page_marker(text: str, s: int) -> bool:
    """Is the number at ``s`` the tail of one a document site's page marker cut (…预算支出
    910.4⏎⏎2、7万元: 910.47万元)?  It opens a line right after the marker N、, and the line
    before, a long one (the markers cut running text at a fixed width, not a table's cells),
    ends inside a number (a digit or a decimal point: no unit, no punctuation).  Reads at
    most ``_READ_BEFORE`` characters back, as ``_read_match`` must."""
    j = s - 2
    while j >= 0 and s - 2 - j < 2 and text[j].isdigit():
        j -= 1
    if j == s - 2 or j < 0 or text[j] != "\n":
        return False
    while j >= 0 and text[j] in "\n\r \t\u3000":
        j -= 1
    if j < _CUT_LINE or not (text[j].isdigit() or text[j] == "."):
        return False
    return text.rfind("\n", j - _CUT_LINE, j) < 0


_CUT_LINE = 30     # characters the line before a cutting marker holds at least


def _read_match(text: str, m, masked_at: set, lo: int = 0) -> tuple | None:
    """The quantity a ``QUANTITY_RE`` match stands for, as (start, end, num_start, num_end,
    raw, value, decimals, unit, kind, qualifier, label, label_start, range, approx) with the
    offsets counted from ``lo`` (a label start of -1 stays -1), or None when it is no
    quantity.  Reads ``text`` only from ``_READ_BEFORE`` characters
    before the match to ``_READ_AFTER`` after its number (label windows of 40, range and
    date windows of at most 12), and ``masked_at`` only at the number's first two
    offsets."""
    # groups by number (qual 1, num 2, pre 3, unit 4, post 5): name lookups cost per match
    qual, raw, pre, unit, post = m.group(1, 2, 3, 4, 5)
    printed = raw
    s0, e = m.span(2)
    s = s0
    if text[s - 1:s] == "、" and _cut_by_page_marker(text, s):
        return None
    in_range = False
    if raw[0] in "-−" and s > 0 and (text[s - 1].isdigit() or text[s - 1] in "%％"):
        # "95%-100%", "80-90分": a range separator, not a minus sign — unless
        # it is a phone number (0752-2862922) or a date (2023-6-21)
        lower = _LOWER_BOUND.search(text[max(0, s - 12):s])
        if lower and (lower.group(1).startswith("0") or len(raw) - 1 >= 7):
            return None
        raw, s, in_range = raw[1:], s + 1, True
        if s in masked_at:
            return None
    elif (s > 0 and (text[s - 1].isdigit() or
                     (text[s - 1] in ".," and s > 1 and text[s - 2].isdigit()))) or s in masked_at:
        return None     # inside a number (1,234 / 1.5) — but 完工,4个 opens a clause with ASCII ","
    else:
        after = text[e:e + 8]
        before = text[max(0, s - 8):s]
        in_range = bool((not _RANGE_DASHES.isdisjoint(after) and _RANGE_AFTER.match(after))
                        or (not _RANGE_DASHES.isdisjoint(before) and _RANGE_BEFORE.search(before)))
    if not in_range:
        if _not_a_quantity(text, s0, e, printed, unit):
            return None
    elif not unit and not _RANGE_TO_UNIT_AFTER.match(text[e:e + 12]) \
            and _not_a_quantity(text, s0, e, printed, unit):
        return None
    parsed = parse_number(raw)
    if parsed is None:
        return None
    value, decimals = parsed
    unit = unit or ""
    ue = m.end(4)
    if not unit and not pre and not post:
        # PDF text: one space between a number and its unit (122 人, 1022.89 万元)
        sp = _SPACED_UNIT.match(text, e) if text[e:e + 1] in _SPACED_UNIT_GAP else None
        if sp:
            unit, ue = sp.group(1), sp.end(1)
    # "分" after a score word is a score; "分" in 万分之/分别 is not a unit
    if unit == "分" and _FEN_NOT_SCORE.match(text[ue:ue + 1]):
        unit = ""
    kind = "plain"
    if unit:
        kind = UNITS[unit][0]
        per = text[ue:ue + 2]
        if ("/" in per or "每" in per) and _PER_AFTER.match(per):
            kind += "_per"  # 61 元/人/年 is a rate, not an amount
    qual = qual or ""
    post = (pre or "") + (post or "")
    label, lstart = _label_before(text, m.start())
    approx = qual in ("约", "近") or bool(post and ("左右" in post or "余" in post or "多" in post))
    return ((m.start() if qual else s) - lo, max(m.end(), ue) - lo, s - lo, e - lo, raw, value, decimals, unit,
            kind, post if qual in ("达到", "达") else qual + post, label, lstart - lo if lstart >= 0 else -1,
            in_range, approx)


_SPACED_UNIT_GAP = (" ", "\u3000")     # what _SPACED_UNIT starts with (a cheap pre-test)
_SPACED_UNIT = re.compile(r"[ \u3000](万元|亿元|元|万人次|人次|万人|人|万户|户|个百分点|个|项|万亩|亩|家|公里)"
                          r"(?!\d)")


def quantities_in(doc, start: int, end: int) -> list[Quantity]:
    """Quantities of ``doc`` whose number lies inside [start, end) (binary search)."""
    return quantities_in_spans(doc, ((start, end),))[0][2]


def quantities_in_spans(doc, spans) -> list[tuple[int, int, list[Quantity]]]:
    """(start, end, ``quantities_in`` the span) for each of ``spans``, in one call
    (most spans of a document are table cells with one number or none)."""
    qs = doc_quantities(doc)
    starts = doc.__dict__["_quantity_starts"]   # set together with the quantities
    ends_ordered = doc.__dict__["_quantity_ends_ordered"]
    bisect_left = bisect.bisect_left
    out = []
    for start, end in spans:
        i = bisect_left(starts, start)
        j = bisect_left(starts, end, i)
        if i >= j:
            out.append((start, end, []))
        elif ends_ordered and qs[j - 1].num_end <= end:
            # ends in the order of starts: the last one ending in time means all do
            out.append((start, end, qs[i:j]))
        else:
            out.append((start, end, [q for q in qs[i:j] if q.num_end <= end]))
    return out


def doc_quantities(doc) -> list[Quantity]:
    """Quantities of the whole document (computed once), with table coordinates."""
    cache = doc.__dict__.get("_quantities")
    if cache is None:
        cache = extract_quantities(doc.text)
        starts = [q.num_start for q in cache]
        bisect_left = bisect.bisect_left
        for t in doc.tables:
            # a cell's numbers lie in its table: searched among the table's [lo, hi) only
            lo = bisect_left(starts, t.start)
            hi = bisect_left(starts, t.end, lo)
            if lo == hi:
                continue
            for row in t.rows:
                for c in row:
                    i = bisect_left(starts, c.start, lo, hi)
                    end = c.end
                    while i < hi and cache[i].num_end <= end:
                        cache[i].cell = (t.id, c.row, c.col)
                        i += 1
        doc.__dict__["_quantity_starts"] = starts
        ends = [q.num_end for q in cache]
        doc.__dict__["_quantity_ends_ordered"] = all(map(operator.le, ends, ends[1:]))
        doc.__dict__["_quantities"] = cache
    return cache
