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
from array import array
from dataclasses import dataclass
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
    lengths = sorted(len(l.strip()) for l in lines if l.strip() and "\t" not in l)
    if not lengths:
        return 0
    return lengths[int(0.75 * (len(lengths) - 1))]


_SPECIAL = re.compile(r"[<$\\*\r\ufeff\n]")   # characters pass 1 must look at one by one
_SPACES = re.compile(r" +")
_TRANS = str.maketrans(_FOLD)


def normalize(original: str) -> NormText:
    """Build the normalized view of ``original`` (see module docstring).

    Runs of ordinary characters are handled a slice at a time (``str.translate``
    for the folding, ``range`` for the offsets); only markup characters, spaces
    and line ends are looked at one by one.
    """
    pieces: list[str] = []
    pos: list[int] = []
    pend: list[int] = []

    # Pass 1: character-level folding and markup removal.
    bold = False
    soft_newlines: list[int] = []  # folded indices of newlines inside **bold**
    count = 0                      # characters emitted so far
    i, n = 0, len(original)
    while i < n:
        m = _SPECIAL.search(original, i)
        j = m.start() if m else n
        if j > i:
            pieces.append(original[i:j].translate(_TRANS))
            pos.extend(range(i, j))
            pend.extend(range(i + 1, j + 1))
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
                i += 2
                continue
        elif ch == "\n":
            if bold:
                soft_newlines.append(count)
        else:  # "\r" and the byte-order mark are dropped
            i += 1
            continue
        pieces.append(_FOLD.get(ch, ch))
        pos.append(i)
        pend.append(i + 1)
        count += 1
        i += 1

    folded = "".join(pieces)
    # Pass 2: drop spaces next to CJK characters (a run of spaces goes as a whole:
    # every space of it has the same neighbours).
    drop: list[tuple[int, int]] = []
    nf = len(folded)
    for m in _SPACES.finditer(folded):
        a, b = m.start() - 1, m.end()
        left = folded[a] if a >= 0 else "\n"
        right = folded[b] if b < nf else "\n"
        if (is_cjk(left) or is_cjk(right) or left in "\n\t≥≤<>=" or right in "\n\t%≥≤<>="):
            drop.append((m.start(), m.end()))
    if drop:
        parts, p1, e1 = [], [], []
        k = 0
        for a, b in drop:
            parts.append(folded[k:a])
            p1.extend(pos[k:a])
            e1.extend(pend[k:a])
            k = b
        parts.append(folded[k:])
        p1.extend(pos[k:])
        e1.extend(pend[k:])
        text1, pos1, pend1 = "".join(parts), p1, e1
        # newlines are never dropped: shift each soft newline by the spaces dropped before it
        starts = [a for a, _ in drop]
        removed = [0]
        for a, b in drop:
            removed.append(removed[-1] + b - a)
        soft1 = {j - removed[bisect.bisect_right(starts, j)] for j in soft_newlines}
    else:
        text1, pos1, pend1 = folded, pos, pend
        soft1 = set(soft_newlines)

    lines = text1.split("\n")
    width = _line_width(lines)
    out_chars: list[str] = []
    out_pos: list[int] = []
    out_pend: list[int] = []
    offset = 0
    line_starts = []
    for line in lines:
        line_starts.append(offset)
        offset += len(line) + 1

    # Decide for every line whether it continues the previous non-empty line.
    prev_idx = None  # index of previous non-empty line
    join_with_prev = [False] * len(lines)
    for li, line in enumerate(lines):
        s = line.strip(" ")
        if not s.strip():
            continue
        if prev_idx is not None:
            prev = lines[prev_idx].rstrip(" ")
            soft = line_starts[prev_idx] + len(lines[prev_idx]) in soft1
            join_with_prev[li] = soft or _continues(prev, s, width)
        prev_idx = li

    emitted_any = False
    for li, line in enumerate(lines):
        s = line.strip(" ")
        start = line_starts[li]
        if not s.strip():
            continue
        if emitted_any and not join_with_prev[li]:
            nl_orig = _newline_pos(original, pos1, line_starts, li)
            out_chars.append("\n")
            out_pos.append(nl_orig)
            out_pend.append(nl_orig + 1)
        lead = len(line) - len(line.lstrip(" "))
        trail = len(line.rstrip(" "))
        out_chars.append(line[lead:trail])
        out_pos.extend(pos1[start + lead:start + trail])
        out_pend.extend(pend1[start + lead:start + trail])
        emitted_any = True
    out_pos.append(len(original))
    out_pend.append(len(original))
    # compact integer arrays: 4 bytes an offset instead of a list's 36, which
    # matters when a run keeps thousands of documents for cross-document rules
    code = "i" if len(original) < 2 ** 31 - 1 else "q"
    return NormText("".join(out_chars), array(code, out_pos), array(code, out_pend), original)


def _newline_pos(original: str, pos1: list[int], line_starts: list[int], li: int) -> int:
    """Original index of the newline that ends the line before line ``li``."""
    start = line_starts[li]
    first = pos1[start] if start < len(pos1) else len(original)
    k = original.rfind("\n", 0, first)
    return k if k >= 0 else max(first - 1, 0)


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
