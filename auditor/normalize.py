"""Normalized view of a document's text, with a map back to the original.

Checks work on the normalized text: hard-wrapped lines are joined back into
paragraphs, full-width digits and ASCII-like punctuation are folded, markup
residue (``<input type="checkbox"/>``, ``$\\geq X$``, ``**bold**``) is removed or
replaced, and spaces a PDF extractor put between Chinese characters and digits
are dropped.  Every normalized character keeps the index of the original
character it came from (``NormText.pos``), so a finding located in normalized
text is reported at the exact place in the original decoded text.
"""
from __future__ import annotations

import bisect
import re as _stdre
from array import array
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import Sequence

from auditor import rx as re

# Full-width forms folded to ASCII; Chinese sentence punctuation (，。：；、) is
# kept because it carries sentence structure.
_FOLD = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # ０-９
_FOLD.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FOLD.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FOLD.update({"％": "%", "．": ".", "＋": "+", "－": "-", "＝": "=", "＜": "<",
              "＞": ">", "（": "(", "）": ")", "［": "[", "］": "]", "／": "/",
              "＊": "*", "\u3000": " ", "\xa0": " ", "\u2002": " ", "\u2003": " ",
              "—": "—", "～": "~", "∶": ":", "×": "×", "﹪": "%"})

_LATEX = {r"\geq": "≥", r"\ge": "≥", r"\leq": "≤", r"\le": "≤", r"\times": "×",
          r"\%": "%", r"\div": "÷", r"\neq": "≠", r"\approx": "≈", r"\cdot": "·"}

_CHECKBOX = re.compile(r"<input\b[^<>\n]{0,200}?>", re.I)
_TAG = re.compile(r"</?(?:p|br|span|div|b|i|strong|em|sup|sub|u|font)\b[^<>\n]{0,200}?>", re.I)
_LATEX_CMD = re.compile(r"\\(geq|ge|leq|le|times|%|div|neq|approx|cdot)(?![a-zA-Z])")

_HEADING_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]"
    r"|[(（]\s*[一二三四五六七八九十]+\s*[)）]"
    r"|\d{1,2}\s*[、.．](?!\d)"
    r"|[(（]\s*\d{1,2}\s*[)）]"
    r"|[①②③④⑤⑥⑦⑧⑨⑩]"
    r"|第[一二三四五六七八九十]+[章节部分]"
    r"|表\s*\d|附件|附表|备注|摘要|目录|正文"
    # header fields start their own line: 项目名称：… 填报单位：…
    r"|(?:项目名称|部门名称|单位名称|填报单位|项目单位|主管部门|填报日期|填报人|联系电话|"
    r"项目实施单位|项目主管单位|委托单位|项目评价单位|评价单位|预算单位)\s*[(（:：]"
    r"|[A-Z]\d{0,3}(?=\s|\p{Han}))")
_TERMINATORS = set("。！？；：:!?;")


def is_cjk(ch: str) -> bool:
    return ("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"
            or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
            or ch in "“”‘’《》、，。：；！？…—·")


@dataclass
class NormText:
    """Normalized text; ``pos[i]`` is the original index of ``text[i]``.

    ``pos`` has one extra entry (the original length) so that an end offset
    ``len(text)`` maps too.  ``pos`` and ``pend`` are integer sequences
    (``array('i')``: indexing, slicing, ``len`` and ``bisect`` as with lists).
    """
    text: str
    pos: Sequence[int]
    pend: Sequence[int]
    original: str

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalized span [start, end) to the original text.

        A replaced unit (a checkbox tag, a LaTeX command) maps to the whole
        original unit it replaced.
        """
        if end <= start:
            o = self.pos[min(start, len(self.text))]
            return o, o
        return self.pos[start], self.pend[end - 1]

    def from_original(self, o: int) -> int:
        """The first normalized index whose original position is >= o."""
        return bisect.bisect_left(self.pos, o, 0, len(self.text))


# the characters ``_display_width`` counts twice: those of ``is_cjk`` from U+1100 on, and
# Hangul syllables (checked against the character-by-character test over all code points)
_WIDE = re.compile("[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uff00-\uffef"
                   "\u2018\u2019\u201c\u201d\u2026\u2014]")


# the same class for the standard library's ``re`` (plain ranges, no ``regex`` syntax),
# whose ``sub`` deleting them is several times faster than ``regex`` finding them
_WIDE_STD = _stdre.compile(_WIDE.pattern)


def _display_width(s: str) -> int:
    """Columns ``s`` takes in a fixed-width layout: a Chinese character two, others one
    (every character counts one, and the wide ones, which deleting them removes, once more)."""
    return 2 * len(s) - len(_WIDE_STD.sub("", s))


def _wrap_width(widths_of_lines: list[int]) -> int:
    """The width at which the source hard-wraps its lines, or 0 when it does not.

    A hard-wrapped source (PDF text, a fixed-width export) has many prose lines of one
    display width, the width of its page; web pages and Word text have lines of every
    length, and there a line break is the author's.  Widths are counted in display
    columns so that lines holding digits compare with all-Chinese lines."""
    widths = [w for w in widths_of_lines if w >= 20]
    if len(widths) < 8:
        return 0
    counts: dict[int, int] = {}
    for w in widths:
        counts[w] = counts.get(w, 0) + 1
    get = counts.get
    best, width = max((get(w - 2, 0) + get(w - 1, 0) + counts[w], w) for w in counts)
    if width >= 40 and best >= 8 and best >= 0.25 * len(widths):
        return width
    return 0


# Characters pass 1 must look at one by one.  A newline is one of them only
# inside **bold** (where it is a soft line break); elsewhere it is ordinary.
_SPECIAL = re.compile(r"[<$\\*\r\ufeff]")
_SPECIAL_BOLD = re.compile(r"[<$\\*\r\ufeff\n]")
# The characters folding changes (a few per report: （ ） ．).  The standard
# library's ``re`` scans for this large set about ten times faster than ``regex``.
_FOLDABLE = _stdre.compile("[" + "".join(_stdre.escape(k) for k, v in _FOLD.items() if k != v) + "]")


def _fold_chars(s: str) -> str:
    """``s`` with every character folded (``_FOLD``); the same as ``str.translate``
    with the table but one ``str.replace`` per distinct folded character, which is
    several times faster on Chinese text.  No folded character is itself folded."""
    for c in set(_FOLDABLE.findall(s)):
        s = s.replace(c, _FOLD[c])
    return s


# Pass 2 keeps a space between two Chinese runs: in text from web pages, spreadsheets and
# table exports it separates cells or names (`是 是`, `主管部门 稷山县医疗保障局`).  It drops
# only spaces that are provably extraction artefacts (see ``_space_drops``).
# (not the dash —: a form prints it alone in an empty cell, `65.07 — 99%`)
_CJK_PUNCT = set("“”‘’《》、，。：；！？…·【】「」『』〔〕")
_UNIT_START = set("年月日时万亿元人个项户分次名家所座条台套批期场亩吨天倍%‰件份处間间类门")
_COMPARE = set("≥≤<>=≧≦")
_ASCII_PUNCT = set(".,:;()!?")
_SPACE_RUN = _stdre.compile(r" +")
# a run of single Chinese characters, each followed by one space: letter-spaced
# headings of PDF forms (绩 效 指 标, 预 算 编 码)
_LETTER_SPACED = re.compile(r"(?<![\p{Han}\w])\p{Han}(?: \p{Han}){2,}(?![\p{Han}\w])")


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


_HAN_SPACE_HAN = re.compile(r"\p{Han} +\p{Han}")


def _table_like(line: str) -> bool:
    """A line of cells flattened into one line (xlsx/pdf text, web tables): many
    space-separated tokens, several of the spaces between two Chinese words.  Spaces
    there are cell boundaries, so none between a label and a number is dropped.  (A PDF
    prose line has spaces too, but next to digits and Latin letters, rarely between
    two Chinese characters.)"""
    spaces = line.count(" ")
    if spaces < 6 or len(line.split()) < 8:
        return False
    han_han = len(_HAN_SPACE_HAN.findall(line))
    return han_han >= 3 and han_han >= 0.2 * spaces


def _space_drops(folded: str) -> list[tuple[int, int]]:
    """Runs of spaces that are extraction artefacts, as [start, end) spans of ``folded``.

    Dropped: spaces at a line's start or end or next to a tab; spaces next to Chinese
    punctuation; spaces between a number and its unit (``3797.83 万元``, ``2022 年``),
    after a comparison sign (``≥ 95%``) and before a bracketed note (``执行数 (B)``);
    spaces inside letter-spaced words (``绩 效 指 标``); and in prose lines (not in
    flattened table lines) single spaces between a Chinese character and a number or
    a Latin word (``以 DRG 付费``), and spaces next to Latin punctuation (``1. 组织``).
    Kept: every other space, above all one between two Chinese runs, and runs of two
    or more spaces between words (column separators).
    """
    drops: list[tuple[int, int]] = []
    # only lines holding a space: found from one space to the next, not line by line
    space = folded.find(" ")
    while space >= 0:
        nl = folded.find("\n", space)
        line_end = len(folded) if nl < 0 else nl
        _line_drops(folded, folded.rfind("\n", 0, space) + 1, line_end, drops)
        if nl < 0:
            break
        space = folded.find(" ", nl + 1)
    return drops


def _line_drops(text: str, a: int, b: int, drops: list) -> None:
    """Append to ``drops`` the spaces of the line ``text[a:b]`` that are artefacts."""
    drops.extend([(a + s, a + e) for s, e in _line_drop_offsets(text[a:b])])


@lru_cache(maxsize=8192)
def _line_drop_offsets(line: str) -> tuple[tuple[int, int], ...]:
    """The dropped spaces of ``line`` as offsets in it: a function of the line alone, cached
    (form headers and template lines recur across a folder of reports)."""
    text, a, b = line, 0, len(line)
    drops: list[tuple[int, int]] = []
    table = None                       # decided on demand: most lines never ask
    # letter-spaced words, also found on demand: a space inside one has a Chinese
    # character (never ASCII) on both sides, so only such a space asks
    letter = None
    for m in _SPACE_RUN.finditer(line):
        s, e = a + m.start(), a + m.end()
        if s == a or e == b:
            drops.append((s, e))
            continue
        x, y = text[s - 1], text[e]
        if x == "\t" or y == "\t" or x in _CJK_PUNCT or y in _CJK_PUNCT or x in _COMPARE:
            drops.append((s, e))
            continue
        if e - s == 1 and not x.isascii() and not y.isascii():
            if letter is None:
                letter = [(a + w.start(), a + w.end()) for w in _LETTER_SPACED.finditer(line)] \
                    if "\u4e00" <= max(line) else []
            if letter and any(la < s and e < lb for la, lb in letter):
                drops.append((s, e))
                continue
        if e - s >= 2:
            continue                   # a column separator
        if x.isdigit() and (y in _UNIT_START or y == "%"):
            if table is None:
                table = _table_like(line)
            if not table or y in "%万亿元" or text.startswith("年", e) and not text.startswith("年度", e):
                drops.append((s, e))
            continue
        if y == "(" and _is_han(x):
            drops.append((s, e))
            continue
        if x in _ASCII_PUNCT or y in _ASCII_PUNCT:
            # `(一) 绩效`, `1. 组织`, `表1: 职工`, `2.5 分, 实际`: spaces a PDF puts after
            # Latin punctuation; in a flattened table they may separate cells
            if table is None:
                table = _table_like(line)
            if not table and not (x.isascii() and x.isalnum() and y.isascii() and y.isalnum()):
                drops.append((s, e))
            continue
        if (_is_han(x) and y.isascii() and y.isalnum()) or (x.isascii() and x.isalnum() and _is_han(y)):
            if table is None:
                table = _table_like(line)
            if not table:
                drops.append((s, e))
    return tuple(drops)


_IDENTITY = array("i")


def _identity(code: str, n: int) -> array:
    """An array ``[0, 1, ..., n]`` (or longer) of typecode ``code``: offsets of a
    run of ordinary characters are a slice of it (a copy in C, not a Python loop)."""
    global _IDENTITY
    if code != "i":
        return array(code, range(n + 1))
    if len(_IDENTITY) <= n:
        _IDENTITY = array("i", range(max(n + 1, 2 * len(_IDENTITY))))
    return _IDENTITY


def normalize(original: str) -> NormText:
    """Build the normalized view of ``original`` (see module docstring).

    Runs of ordinary characters are handled a slice at a time (``_fold_chars``
    for the folding, array slices for the offsets); only markup characters are
    looked at one by one.  Pass 2 drops spaces, pass 3 joins hard-wrapped lines
    and drops blank ones; both keep slices of the text and its offsets.
    """
    # offsets fit 4-byte integers (``array('i')``) but for absurd lengths
    code = "i" if len(original) < 2 ** 31 - 1 else "q"
    folded, pos, pend, soft_newlines = _fold(original, code)
    text1, pos1, pend1, soft1 = _drop_spaces(folded, pos, pend, soft_newlines, code)
    return _join_lines(original, text1, pos1, pend1, soft1, code)


_DOUBLE_STAR = _stdre.compile(r"\*\*")
_BLANK_LINE = _stdre.compile(r"\n[ \t\r\u3000]*\n")


def _bold_delimiters(original: str) -> set[int]:
    """Offsets of the ``**`` that open or close a **bold** span: paired within a paragraph,
    as Markdown pairs them (emphasis never crosses a blank line).  A ``**`` left unpaired
    in its paragraph masks hidden text (我局按照《**市…》, 项目资**排结构) and stays in the
    text: read as bold, it would join every line up to the next one into a paragraph."""
    if "**" not in original:
        return set()
    import bisect
    breaks = [m.start() for m in _BLANK_LINE.finditer(original)]
    paragraphs: dict[int, list[int]] = {}
    for m in _DOUBLE_STAR.finditer(original):      # left to right, as _fold reads them
        paragraphs.setdefault(bisect.bisect_left(breaks, m.start()), []).append(m.start())
    return {at for run in paragraphs.values() for at in run[:len(run) // 2 * 2]}


def _fold(original: str, code: str):
    """Pass 1: character-level folding and markup removal.  Returns the folded
    text, its offsets and the folded indices of newlines inside **bold**."""
    ids = _identity(code, len(original) + 1)
    # folding maps one character to one, so it is done on the whole text at once;
    # markup is still looked for in the original (＜ folds to < but is no tag)
    folded_all = _fold_chars(original)
    pieces: list[str] = []
    pos = array(code)
    pend = array(code)
    bold = False
    special = _SPECIAL
    toggles = _bold_delimiters(original)
    soft_newlines: list[int] = []
    count = 0                      # characters emitted so far
    i, n = 0, len(original)
    while i < n:
        m = special.search(original, i)
        j = m.start() if m else n
        if j > i:
            pieces.append(folded_all[i:j])
            pos += ids[i:j]
            pend += ids[i + 1:j + 1]
            count += j - i
            i = j
        if m is None:
            break
        ch = original[i]
        if ch == "<":
            m = _CHECKBOX.match(original, i)
            if m:
                pieces.append("☑" if "checked" in m.group(0).lower() else "☐")
                pos.append(i)
                pend.append(m.end())
                count += 1
                i = m.end()
                continue
            m = _TAG.match(original, i)
            if m:
                i = m.end()
                continue
        elif ch == "$":  # inline LaTeX delimiters
            i += 1
            continue
        elif ch == "\\":
            m = _LATEX_CMD.match(original, i)
            if m:
                pieces.append(_LATEX["\\" + m.group(1)])
                pos.append(i)
                pend.append(m.end())
                count += 1
                i = m.end()
                continue
        elif ch == "*":
            if i + 1 < n and original[i + 1] == "*" and i in toggles:  # **bold**
                bold = not bold
                special = _SPECIAL_BOLD if bold else _SPECIAL
                i += 2
                continue
            # else a character of the text (a mask: 《**市…》, 项目资**排结构)
        elif ch == "\n":  # only searched for inside **bold**
            soft_newlines.append(count)
        else:  # "\r" and the byte-order mark are dropped
            i += 1
            continue
        pieces.append(ch)   # "<", "\\", "*" or "\n": not folded
        pos.append(i)
        pend.append(i + 1)
        count += 1
        i += 1
    return "".join(pieces), pos, pend, soft_newlines


def _drop_spaces(folded: str, pos, pend, soft_newlines: list[int], code: str):
    """Pass 2: drop the spaces ``_space_drops`` calls artefacts."""
    drops = _space_drops(folded)
    if not drops:
        return folded, pos, pend, set(soft_newlines)
    # the kept pieces lie between the dropped runs
    kept = list(zip([0] + [b for _, b in drops], [a for a, _ in drops] + [len(folded)]))
    p1 = array(code)
    e1 = array(code)
    for k, a in kept:
        p1 += pos[k:a]
        e1 += pend[k:a]
    # newlines are never dropped: shift each soft newline by the spaces dropped before it
    starts = [a for a, _ in drops]
    removed = list(accumulate((b - a for a, b in drops), initial=0))
    soft1 = {j - removed[bisect.bisect_right(starts, j)] for j in soft_newlines}
    return "".join([folded[k:a] for k, a in kept]), p1, e1, soft1


def _join_lines(original: str, text1: str, pos1, pend1, soft1: set[int], code: str) -> NormText:
    """Pass 3: hard-wrapped lines are joined into one, blank lines dropped.

    Lines are joined only where the source is known to hard-wrap (``_wrap_width``) or
    inside **bold** (a soft line break); everywhere else a line break, and a blank
    line above all, is the author's.  After pass 2 no line begins or ends with a
    space.  A line that does not continue the previous one keeps the newline right
    before it, whose offset is the original newline's (every original newline is in
    ``text1``)."""
    lines = text1.split("\n")
    # widths as printed in the original (an indented first line counts its indent)
    widths = _line_widths(original, lines, pos1, pend1)
    width = _wrap_width(widths)
    keep: list[list[int]] = []     # [start, end) spans of text1 that are kept, in order
    prev = None                    # the previous non-blank line
    prev_end = 0
    prev_width = 0
    start = 0
    for line, line_width in zip(lines, widths):
        end = start + len(line)
        if line.strip():
            a = start
            # (``_cut_sentence`` asks a line of 40 characters or more: the others are spared the call)
            if prev is not None and not (prev_end in soft1 or (
                    _continues(prev, prev_width, line, width) if width
                    else len(prev) >= 40 and _cut_sentence(prev, line))):
                a -= 1             # keep the newline
            if keep and keep[-1][1] == a:
                keep[-1][1] = end
            else:
                keep.append([a, end])
            prev, prev_end, prev_width = line, end, line_width
        start = end + 1
    out_pos = array(code)
    out_pend = array(code)
    for a, b in keep:
        out_pos += pos1[a:b]
        out_pend += pend1[a:b]
    out_pos.append(len(original))
    out_pend.append(len(original))
    text = "".join([text1[a:b] for a, b in keep])
    return NormText(text, out_pos, out_pend, original)


def _line_widths(original: str, lines: list[str], pos1, pend1) -> list[int]:
    """Per line of ``text1``: its display width as printed in the original, from the
    start of its original line (an indent counts) to its last kept character, without
    carriage returns; 0 for a blank line or one holding a tab or a pipe."""
    spans = []                 # (line number, start, end in the original)
    start = 0
    rfind = original.rfind
    for k, line in enumerate(lines):
        end = start + len(line)
        if line and "\t" not in line and "|" not in line:
            spans.append((k, rfind("\n", 0, pos1[start]) + 1, pend1[end - 1]))
        start = end + 1
    widths = [0] * len(lines)
    if spans:
        columns = _columns_before(original)
        ks, xs, ys = zip(*spans)
        for k, w in zip(ks, (columns[list(ys)] - columns[list(xs)]).tolist()):
            widths[k] = w
    return widths


def _columns_before(original: str):
    """``columns[i]``: the display width (``_display_width``) of ``original[:i]`` without its
    carriage returns, for every i (one vectorised pass instead of a regex per line)."""
    import numpy as np
    code = np.frombuffer(original.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    columns = np.zeros(len(code) + 1, dtype=np.int64)
    np.cumsum(_column_table()[np.minimum(code, 0x10000)], out=columns[1:])
    return columns


@lru_cache(maxsize=1)
def _column_table():
    """Columns per code point up to U+FFFF (2 for ``_WIDE``, 0 for a carriage return, else 1);
    index 0x10000 stands for every character above, all one column."""
    import numpy as np
    table = np.ones(0x10001, dtype=np.int64)
    for lo, hi in _WIDE_RANGES:
        table[lo:hi + 1] = 2
    table[ord("\r")] = 0
    return table


# the ranges of ``_WIDE`` (code point pairs, a single character as a range of one)
_WIDE_RANGES = ((0x3000, 0x303F), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xAC00, 0xD7A3), (0xFF00, 0xFFEF),
                (0x2018, 0x2019), (0x201C, 0x201D), (0x2026, 0x2026), (0x2014, 0x2014))


def _continues(prev: str, w: int, cur: str, width: int) -> bool:
    """In a source that hard-wraps at ``width`` columns: is ``cur`` the continuation
    of ``prev`` (``w`` columns wide as printed)?"""
    if "\t" in prev or "\t" in cur or "|" in cur[:2] or "|" in prev[-2:]:
        return False
    if prev[-1] in _TERMINATORS:
        return False
    # An unclosed title mark or bracket runs on into the next line.
    if prev.count("《") > prev.count("》") or prev.count("“") > prev.count("”"):
        return not _HEADING_START.match(cur)
    if _HEADING_START.match(cur):
        return False
    if _HEADING_START.match(prev) and w < 0.6 * width:
        return False
    if prev[-1] in "，、（(《“—-" and w >= 0.5 * width:
        return True
    # A line that fills the page width was wrapped by the extractor.
    return w >= 0.8 * width


_SENTENCE_PUNCT = re.compile(r"[，。；,;]")


def _cut_sentence(prev: str, cur: str) -> bool:
    """In a source that does not hard-wrap: was a long prose line cut mid-sentence (at a
    page end, or by an extractor's line limit)?  Only a line of prose (it holds sentence
    punctuation) at least 40 characters long, ending on a Chinese character, continued
    by a line that starts like running text (not a heading, a field or a table row)."""
    if len(prev) < 40 or not _is_han(prev[-1]) or not (_is_han(cur[0]) or cur[0].isdigit()):
        return False
    if "\t" in prev or "\t" in cur or "|" in prev or "|" in cur[:2] or _HEADING_START.match(cur):
        return False
    return bool(_SENTENCE_PUNCT.search(prev)) and not _table_like(prev)


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text`` (CR, LF and CRLF end lines)."""
    line = text.count("\n", 0, offset) + 1
    last_nl = text.rfind("\n", 0, offset)
    return line, offset - last_nl
