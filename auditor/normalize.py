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
from dataclasses import dataclass

import regex as re

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
    r"|[A-Z]\d{0,2}\s)")
_TERMINATORS = set("。！？；：:!?;")


def is_cjk(ch: str) -> bool:
    return ("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"
            or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
            or ch in "“”‘’《》、，。：；！？…—·")


@dataclass
class NormText:
    """Normalized text; ``pos[i]`` is the original index of ``text[i]``.

    ``pos`` has one extra entry (the original length) so that an end offset
    ``len(text)`` maps too.
    """
    text: str
    pos: list[int]
    pend: list[int]
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


def normalize(original: str) -> NormText:
    """Build the normalized view of ``original`` (see module docstring)."""
    chars: list[str] = []
    pos: list[int] = []
    pend: list[int] = []

    # Pass 1: character-level folding and markup removal.
    bold = False
    soft_newlines: set[int] = set()  # folded indices of newlines inside **bold**
    i, n = 0, len(original)
    while i < n:
        ch = original[i]
        if ch == "<":
            m = _CHECKBOX.match(original, i)
            if m:
                chars.append("☑" if "checked" in m.group(0).lower() else "☐")
                pos.append(i)
                pend.append(m.end())
                i = m.end()
                continue
            m = _TAG.match(original, i)
            if m:
                i = m.end()
                continue
        if ch == "$":  # inline LaTeX delimiters
            i += 1
            continue
        if ch == "\\":
            m = _LATEX_CMD.match(original, i)
            if m:
                chars.append(_LATEX["\\" + m.group(1)])
                pos.append(i)
                pend.append(m.end())
                i = m.end()
                continue
        if ch == "*" and i + 1 < n and original[i + 1] == "*":  # **bold**
            bold = not bold
            i += 2
            continue
        if ch == "\n" and bold:
            soft_newlines.add(len(chars))
        if ch == "\r":
            i += 1
            continue
        if ch == "\ufeff":
            i += 1
            continue
        chars.append(_FOLD.get(ch, ch))
        pos.append(i)
        pend.append(i + 1)
        i += 1

    folded = "".join(chars)
    # Pass 2: drop spaces next to CJK characters, and unwrap hard-wrapped lines.
    keep = [True] * len(folded)
    for j, ch in enumerate(folded):
        if ch == " ":
            # find neighbours across a run of spaces
            a = j - 1
            while a >= 0 and folded[a] == " ":
                a -= 1
            b = j + 1
            while b < len(folded) and folded[b] == " ":
                b += 1
            left = folded[a] if a >= 0 else "\n"
            right = folded[b] if b < len(folded) else "\n"
            if (is_cjk(left) or is_cjk(right) or left in "\n\t≥≤<>=" or right in "\n\t%≥≤<>="):
                keep[j] = False

    text1 = "".join(c for c, k in zip(folded, keep) if k)
    soft1 = set()
    kept = 0
    for j, k in enumerate(keep):
        if k:
            if j in soft_newlines:
                soft1.add(kept)
            kept += 1
    pos1 = [p for p, k in zip(pos, keep) if k]
    pend1 = [p for p, k in zip(pend, keep) if k]

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
        for k in range(lead, trail):
            out_chars.append(line[k])
            out_pos.append(pos1[start + k])
            out_pend.append(pend1[start + k])
        emitted_any = True
    out_pos.append(len(original))
    out_pend.append(len(original))
    return NormText("".join(out_chars), out_pos, out_pend, original)


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
