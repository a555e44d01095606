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


def _line_width(lines: list[str]) -> int:
    """Typical width of hard-wrapped lines (75th percentile of prose lines)."""
    lengths = sorted([len(s) for l in lines if "\t" not in l and (s := l.strip())])
    if not lengths:
        return 0
    return lengths[int(0.75 * (len(lengths) - 1))]


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


# A run of spaces pass 2 drops: one next to a CJK character (``is_cjk``), a
# line end, a tab or a comparison sign (or the text's start or end).  The
# lookbehind makes every match a whole run.
_CJK_CLASS = "\u4e00-\u9fff\u3400-\u4dbf\u3000-\u303f\uff00-\uffef" + "".join(
    re.escape(c) for c in "“”‘’《》、，。：；！？…—·")
_DROP_SPACES = re.compile(
    r"(?<! )(?:(?:\A|(?<=[" + _CJK_CLASS + r"\n\t≥≤<>=])) +"
    r"| +(?=[" + _CJK_CLASS + r"\n\t%≥≤<>=]|\Z))")

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
            if i + 1 < n and original[i + 1] == "*":  # **bold**
                bold = not bold
                special = _SPECIAL_BOLD if bold else _SPECIAL
                i += 2
                continue
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
    """Pass 2: drop spaces next to CJK characters (a run of spaces goes as a whole:
    every space of it has the same neighbours)."""
    drops = [m.span() for m in _DROP_SPACES.finditer(folded)]
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

    After pass 2 no line begins or ends with a space.  A line that does not
    continue the previous one keeps the newline right before it, whose offset
    is the original newline's (every original newline is in ``text1``)."""
    lines = text1.split("\n")
    width = _line_width(lines)
    keep: list[list[int]] = []     # [start, end) spans of text1 that are kept, in order
    prev = None                    # the previous non-blank line
    prev_end = 0
    start = 0
    for line in lines:
        end = start + len(line)
        if line.strip():
            a = start
            if prev is not None and not (prev_end in soft1 or _continues(prev, line, width)):
                a -= 1             # keep the newline
            if keep and keep[-1][1] == a:
                keep[-1][1] = end
            else:
                keep.append([a, end])
            prev, prev_end = line, end
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


def _continues(prev: str, cur: str, width: int) -> bool:
    """Is ``cur`` the continuation of the hard-wrapped line ``prev``?"""
    if "\t" in prev or "\t" in cur or "|" in cur[:2] or "|" in prev[-2:]:
        return False
    if prev[-1] in _TERMINATORS:
        return False
    # An unclosed title mark or bracket runs on into the next line.
    if prev.count("《") > prev.count("》") or prev.count("“") > prev.count("”"):
        return not _HEADING_START.match(cur)
    if _HEADING_START.match(cur):
        return False
    if _HEADING_START.match(prev) and len(prev) < 0.6 * max(width, 1):
        return False
    if prev[-1] in "，、（(《“—-":
        return True
    # A line that fills the typical width was wrapped by the extractor; a long
    # prose line cut without closing punctuation was broken at a page end.
    return (width >= 15 and len(prev) >= 0.8 * width) or (len(prev) >= 40 and is_cjk(prev[-1])
                                                           and prev[-1] not in "”》）)")


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text`` (CR, LF and CRLF end lines)."""
    line = text.count("\n", 0, offset) + 1
    last_nl = text.rfind("\n", 0, offset)
    return line, offset - last_nl
