"""Family structure: the report's skeleton — numbering, labels, required parts.

* ``structure.numbering``: section numbers that skip or repeat (一、二、四、), in the
  body or in the table of contents, and a table of contents whose entry numbers
  disagree with the headings they list.
* ``structure.label``: a label that contradicts its neighbours — an indicator code
  outside its parent's branch (a row under B5 coded B41), a code at the wrong depth,
  a budget/actual pair whose two labels name different things (预算支出 … 决算收入).
* ``structure.missing``: a required part left empty — a numbered heading with no
  content while its siblings have some, a conclusion giving a grade but no score, a
  存在问题 section that names no problem, a satisfaction indicator with no figure, a
  form whose 偏差原因 says 无 while one of its targets was missed.  These are
  ``likely``: a person should look.
"""
from __future__ import annotations

import bisect
import re as _stdre
from dataclasses import dataclass
from functools import lru_cache

from auditor import rx as re

from ..findings import make_finding
from ..extract.targets import form_targets
from ..extract.entities import boundary_in
from ..model import HEADING_PATTERNS
from . import register
from .text import heading_number, is_toc_line, text_key

# ---------------------------------------------------------------------------
# helpers

_TOC_ENTRY = re.compile(r"^(?P<entry>.+?)\s*(?:\.{3,}|…{2,}|·{3,})\s*\t?\s*-?\s*\d+\s*-?\s*$")
_PART_MARKS = {"摘要": "摘要", "内容摘要": "摘要", "报告摘要": "摘要", "正文": "正文", "报告正文": "正文",
               "附件": "附件", "附表": "附件", "目录": "目录"}
_CN = "〇一二三四五六七八九十"
# heading_number is pure and a report repeats a few numbers (一 二 1 2 …) many times
_number_value = lru_cache(maxsize=1024)(heading_number)


@dataclass
class _Entry:
    level: int
    number: str
    value: int | None
    title: str
    start: int
    end: int
    toc: bool
    part: str = ""


@dataclass(frozen=True)
class _Part:
    """A part marker among the entries: 摘要, 正文, 附件, 目录, or "report" where a new
    report starts; ``start`` is where it stands (-1 in the table of contents)."""
    name: str
    start: int = -1


def _has_leader(s: str) -> bool:
    """Could ``s`` hold a contents leader (``...``, ``……``, ``···``)?  Every contents
    pattern needs one; this plain test spares the regexes on all other lines."""
    return "..." in s or "……" in s or "···" in s


def _is_toc(text: str) -> bool:
    """``is_toc_line`` (a contents line: 一、基本情况……3)."""
    return _has_leader(text) and is_toc_line(text)


def _parse_numbered(s: str):
    for level, pat in HEADING_PATTERNS:
        m = pat.match(s)
        if m:
            return level, m.group("num"), m.group("title").strip()
    return None


def _part_mark(s: str) -> str | None:
    # every mark holds one of these characters (text_key only removes characters)
    if "附" not in s and "目" not in s and "摘" not in s and "正" not in s:
        return None
    k = text_key(s)
    if k in _PART_MARKS:
        return _PART_MARKS[k]
    if re.fullmatch(r"附件\d*|附表\d*", k):
        return "附件"
    return None


@dataclass
class _Paras:
    """What the structure rules ask of every paragraph, found once per document (both
    rules walk all paragraphs with it, several times): by paragraph index."""
    tables: set[int]          # table rows
    toc: set[int]             # contents lines (``_is_toc``)
    marks: dict[int, str]     # part marks of short lines (8 characters at most, stripped)
    contents: set[int] | None = None    # ``_contents_paras``, found on the first ask


def _paras(doc) -> _Paras:
    ps = doc.paragraphs
    cached = doc.__dict__.get("_structure_paras")
    if cached is not None and cached[0] is ps and cached[1] == len(ps):
        return cached[2]
    tables = {p.index for p in ps if p.table_id is not None}
    # a contents line needs a leader: most documents have none
    toc = {p.index for p in ps if _is_toc(p.text)} if _has_leader(doc.text) else set()
    marks = {}
    for p in [p for p in ps if len(p.text.strip()) <= 8]:
        mark = _part_mark(p.text.strip())
        if mark:
            marks[p.index] = mark
    facts = _Paras(tables, toc, marks)
    doc.__dict__["_structure_paras"] = (ps, len(ps), facts)
    return facts


def _toc_entries(doc) -> list[_Entry | _Part]:
    """Entries of the table of contents, with its part markers (正文 …)."""
    out: list[_Entry | _Part] = []
    if not _has_leader(doc.text):
        return out               # every entry has a leader
    for p in doc.paragraphs:
        m = _TOC_ENTRY.match(p.text.strip()) if _has_leader(p.text) else None
        if not m:
            continue
        entry = m.group("entry").strip()
        mark = _part_mark(entry)
        if mark:
            out.append(_Part(mark))
            continue
        parsed = _parse_numbered(entry)
        if parsed is None:
            continue
        level, num, title = parsed
        lead = len(p.text) - len(p.text.lstrip())
        s = p.start + lead
        out.append(_Entry(level, num, _number_value(num), text_key(title), s, s + len(m.group("entry")), True))
    return out


def _contents_paras(doc) -> set[int]:
    """Paragraphs of contents printed without page numbers: the headings right after a 目录
    mark with nothing between them (a web page's contents), all but the last when the body's
    text follows it; and an outline, headings alone after a 目录 or 摘要 mark up to the next
    part mark (报告摘要 … 报告正文).  Found once per document (both rules ask)."""
    facts = _paras(doc)
    if facts.contents is None:
        facts.contents = _find_contents_paras(doc, facts)
    return facts.contents


def _find_contents_paras(doc, facts: _Paras) -> set[int]:
    out: set[int] = set()
    marks = facts.marks
    # a run opens at a 目录 or 摘要 mark only: without one the walk below finds nothing
    opening = [i for i, mark in marks.items() if mark in ("目录", "摘要")
               and i not in facts.tables and i not in facts.toc]
    if opening:
        out.update(_outline_paras(doc, facts, min(opening)))
    out.update(_paged_contents(doc))
    return out


def _outline_paras(doc, facts: _Paras, first: int) -> set[int]:
    """The contents without page numbers of ``_contents_paras``, from paragraph ``first`` (the
    first 目录 or 摘要 mark) on."""
    heads = {h.para_index for h in doc.headings if not h.in_toc}
    skip = facts.tables | facts.toc
    marks = facts.marks
    out: set[int] = set()
    run: list[int] | None = None
    opened_by = None
    for p in doc.paragraphs[first:]:
        if p.index in skip:
            continue
        mark = marks.get(p.index)
        if mark:
            if run:
                out.update(run)          # headings only, up to the next part (报告正文): an outline
            run, opened_by = ([], mark) if mark in ("目录", "摘要") else (None, None)
        elif p.index in heads:
            if run is not None:
                run.append(p.index)
        elif run is not None:
            if opened_by == "目录":
                out.update(run[:-1])     # the last heading is the body's first: its text follows
            run = None
    if run and opened_by == "目录":
        out.update(run[:-1])
    return out


# a contents entry without leader dots: the heading, a space, its page number
_PAGED_ENTRY = re.compile(r"^\s*\S.{1,40}?[^\d\s.．%％]\s*(\d{1,3})\s*$")
_ENTRY_MARKER = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d{1,2}[.、．])")


def _paged_contents(doc) -> set[int]:
    """Paragraphs of contents whose page numbers follow the headings without leader dots (五、主要
    经验及做法 29, or glued when the extraction dropped the space: 一、基本情况1): three or more
    such lines in a row (blank lines between allowed), most of them opening with a heading
    marker, the page numbers never going down."""
    out: set[int] = set()
    run: list[tuple[int, int]] = []

    def close():
        if len(run) >= 3 and all(a[1] <= b[1] for a, b in zip(run, run[1:])) and \
                sum(1 for i, _ in run if _ENTRY_MARKER.match(doc.paragraphs[i].text)) * 2 > len(run):
            out.update(i for i, _ in run)
        run.clear()
    ps = doc.paragraphs
    text = doc.text
    # an entry ends with its page number: only such lines are read (a character beyond
    # U+FFFF may be a digit to ``regex`` and not to ``str``); any other line that is not
    # blank ends a run, which the text between two of them tells
    for p in [p for p in ps if (t := p.text.rstrip()) and (t[-1].isdigit() or t[-1] > "\uffff")]:
        m = _PAGED_ENTRY.match(p.text) if p.table_id is None and "\n" not in p.text.strip() else None
        if m is None:
            close()
            continue
        if run and text[ps[run[-1][0]].end:p.start].strip():
            close()
        run.append((p.index, int(m.group(1))))
    close()
    return out


def _body_entries(doc) -> list[_Entry | _Part]:
    """Headings of the body in order, with part markers (摘要, 正文, 附件) and report
    starts."""
    out: list[_Entry | _Part] = []
    report_starts = {r.start for r in doc.reports[1:]}
    heads = {h.para_index: h for h in doc.headings if not h.in_toc}
    # contents printed without page numbers (a web page's, often a few entries from several
    # chapters) are no body headings
    contents = _contents_paras(doc)
    facts = _paras(doc)
    marks = facts.marks
    ps = doc.paragraphs
    # only report starts, part marks and headings make entries: the other paragraphs are skipped
    starts = {p.index for p in ps if p.start in report_starts} if report_starts else set()
    for i in sorted(starts.union(marks, heads)):
        p = ps[i]
        if i in starts:
            out.append(_Part("report", p.start))
        if i in facts.tables or i in facts.toc:
            continue
        mark = marks.get(i)
        if mark:
            out.append(_Part(mark, p.start))
            continue
        h = heads.get(i)
        if h is not None and i not in contents:
            out.append(_Entry(h.level, h.number, _number_value(h.number), text_key(h.title),
                              h.start, h.end, False))
    return out


def _assign_parts(entries):
    part = ""
    for e in entries:
        if isinstance(e, _Part):
            part = e.name if e.name not in ("report", "目录") else ""
        else:
            e.part = part


def _fmt(level: int, num: str) -> str:
    return {1: f"{num}、", 2: f"（{num}）", 3: f"{num}.", 4: f"（{num}）", 5: num}.get(level, num)


def _cn(v: int) -> str:
    if v <= 10:
        return _CN[v]
    if v < 20:
        return "十" + (_CN[v - 10] if v > 10 else "")
    return _CN[v // 10] + "十" + (_CN[v % 10] if v % 10 else "")


def _number_text(level: int, v: int) -> str:
    return _cn(v) if level in (1, 2) else str(v)


# ---------------------------------------------------------------------------
# structure.numbering

def _sequence_problems(entries, levels=(1, 2)):
    """(entry, previous entry, kind) for skips and repeats in heading numbering.
    A deeper level restarts under each new parent; any level restarts at 1 (摘要 and
    正文 number their sections afresh) and at part markers."""
    last: dict[int, _Entry] = {}
    for e in entries:
        if isinstance(e, _Part):
            last.clear()
            continue
        if e.level not in levels or e.value is None:
            continue
        for lv in [lv for lv in last if lv > e.level]:
            del last[lv]
        prev = last.get(e.level)
        last[e.level] = e
        if prev is None or e.value == prev.value + 1:
            continue
        # a restart at 1 is a new part or parent, except right after a 1 of the same
        # parent: 一、A 一、B is one heading numbered twice, not a list that restarted
        if e.value == 1 and prev.value != 1:
            continue
        if e.value > prev.value + 1:
            yield e, prev, "skip"
        elif e.value == prev.value:
            yield e, prev, "repeat"


def _inline_marker(level: int, value: int) -> str | None:
    """A pattern for the marker of heading ``value`` at ``level`` printed inside a line,
    after a sentence end or a space (…以上。 二、项目资金管理), or None for other levels."""
    num = _number_text(level, value)
    if level == 1:
        return rf"(?:^|[。；;！!？?\s]){num}\s*[、.．]"
    if level == 2:
        return rf"(?:^|[。；;！!？?\s])[(（]\s*{num}\s*[)）]"
    return None


def _not_printed_inline(text: str, prev, e) -> list[int]:
    """The heading numbers between ``prev`` and ``e`` that no line prints inside it."""
    between = text[prev.start + 1:e.start]
    out = []
    for v in range(prev.value + 1, e.value):
        pat = _inline_marker(e.level, v)
        if pat is None or not re.search(pat, between):
            out.append(v)
    return out


_FIRST_SECTION = re.compile(r"[(（]\s*一\s*[)）]")


def _first_missing(text: str, entries):
    """A （二） that opens the second level under its 一、 heading or its part (摘要, 正文)
    with no （一） printed anywhere between them: the first section lost its number or
    was numbered 二 by mistake.  The top level is not judged (an excerpt may start
    after its 一、)."""
    opened = None           # where the current run of second-level headings may start
    last = None             # the part's last second-level number: a run continuing
    for e in entries:       # across 一、 sections ((一) under 一、, (二) under 二、) is fine
        if isinstance(e, _Part):
            opened = e.start if e.start >= 0 else None
            last = None
            continue
        if e.level == 1:
            # from after its own number: its （一） may run on in the heading's line
            opened = e.start + len(e.number) + 1
            continue
        if e.level != 2:
            continue
        if opened is not None and e.value == 2 and last != 1 \
                and not _FIRST_SECTION.search(text, opened, e.start):
            yield e, opened
        opened, last = None, e.value


@register("structure.numbering", "章节编号跳号或重复（一、二、四）、目录与正文编号不符 / section numbering")
def numbering(doc):
    body = _body_entries(doc)
    toc = _toc_entries(doc)
    _assign_parts(body)
    _assign_parts(toc)
    yield from _item_numbering(doc)
    for e, prev, kind in _sequence_problems(body):
        # a heading may run on inside a line (a page that lost its breaks): only the
        # numbers no line prints are missing
        gap = _not_printed_inline(doc.text, prev, e) if kind == "skip" else []
        if kind == "skip" and not gap:
            continue
        missing = "、".join(_number_text(e.level, v) for v in gap)
        if kind == "skip":
            msg = (f"章节编号跳号：“{_fmt(prev.level, prev.number)}{prev.title[:20]}”之后是"
                   f"“{_fmt(e.level, e.number)}{e.title[:20]}”，缺“{missing}”。")
        else:
            msg = f"章节编号重复：连续两个“{_fmt(e.level, e.number)}”（“{prev.title[:20]}”与“{e.title[:20]}”）。"
        yield make_finding(doc, "structure.numbering", e.start, e.end, msg, confidence="likely",
                           related=[(prev.start, prev.end, "previous_heading")],
                           evidence={"kind": kind, "previous": prev.number, "this": e.number, "where": "body"})
    for e, opened in _first_missing(doc.text, body):
        yield make_finding(doc, "structure.numbering", e.start, e.end,
                           f"章节编号缺首项：“{_fmt(e.level, e.number)}{e.title[:20]}”之前没有“（一）”。",
                           confidence="likely", evidence={"kind": "skip", "previous": None, "this": e.number,
                                                          "where": "body", "first": True})
    body_entries = [e for e in body if not isinstance(e, _Part)]
    for e, prev, kind in _sequence_problems(toc):
        related = [(prev.start, prev.end, "previous_toc_entry")]
        extra = ""
        if kind == "skip":
            gap = set(range(prev.value + 1, e.value))
            # the headings the contents leave out, in the same part of the body
            left_out = [b for b in body_entries if b.level == e.level and b.value in gap
                        and b.part == e.part]
            for b in left_out[:3]:
                related.append((b.start, b.end, "heading_not_in_toc"))
            if left_out:
                extra = "；正文有" + "、".join(f"“{_fmt(b.level, b.number)}{doc.text[b.start:b.end].strip()[len(b.number) + 1:][:20]}”"
                                           for b in left_out[:3]) + "，目录漏列"
            missing = "、".join(_number_text(e.level, v) for v in sorted(gap))
            msg = (f"目录编号跳号：“{_fmt(prev.level, prev.number)}{prev.title[:20]}”之后是"
                   f"“{_fmt(e.level, e.number)}{e.title[:20]}”，缺“{missing}”{extra}。")
        else:
            msg = f"目录编号重复：连续两个“{_fmt(e.level, e.number)}”。"
        yield make_finding(doc, "structure.numbering", e.start, e.end, msg,
                           confidence="certain" if extra else "likely", related=related,
                           evidence={"kind": kind, "previous": prev.number, "this": e.number, "where": "toc"})
    # a contents entry whose number differs from the heading of the same title
    for e in toc:
        if isinstance(e, _Part) or len(e.title) < 4:
            continue
        same = [b for b in body_entries if b.title == e.title and b.level == e.level and b.part == e.part]
        if same and all(b.value != e.value for b in same):
            b = same[0]
            yield make_finding(
                doc, "structure.numbering", e.start, e.end,
                f"目录“{_fmt(e.level, e.number)}{e.title[:20]}”与正文标题“{_fmt(b.level, b.number)}{b.title[:20]}”编号不一致。",
                confidence="likely", related=[(b.start, b.end, "heading")],
                evidence={"kind": "toc_mismatch", "toc": e.number, "heading": b.number})


def _item_numbering(doc):
    """List items at every level, at a line start or inline after a sentence end:
    1. / 1、 / (1) / 1) / ① (一、 and （一） are the sections above).  Per list: repeats
    (4, 4), skips (① → ③), a first item whose marker lost a character (1) before (2) …
    (9)), and a second item printed without its number (1. 执行率 … 完成的绩效目标。 (1) …)."""
    text = doc.text
    # a form's option lines (1、部门预算项目 □ 2、县直专项 ☑) are choices, each line its own list
    facts = _paras(doc)
    skip_paras = facts.tables | facts.toc
    skip_paras.update(doc.paragraph_at(m.start()).index for m in _CHECKBOXES.finditer(text))
    events = []
    # a document site's page markers (…开展演练2、督促指导…, a line 2、项 then 2、目绩效目标):
    # an N、 glued between two characters of running text; such numbers are not list items
    seams = _seams(text)
    for m in _items(text):
        p = doc.paragraph_at(m.start())
        if p is None or p.index in skip_paras:
            continue
        style, num = _style_and_number(m)
        if style == "dun" and seams and int(num) in seams:
            continue
        v = _number_value(num)
        if v is None:
            continue
        events.append((m.start("m"), m.end("m"), style, v, p.index))
    # 一是 / 二是 and 第一， / 第二， : enumerations inside running text
    for m in _ITEM_WORDS.finditer(text):
        p = doc.paragraph_at(m.start())
        if p is None or p.index in skip_paras:
            continue
        style = "shi" if m.group("shi") else "di"
        v = _number_value(m.group("c3") or m.group("c4"))
        if v is None:
            continue
        events.append((m.start("w"), m.end("w"), style, v, p.index))
    events.extend(_table_row_items(doc))
    events.sort()
    stack: list[dict] = []   # open lists, outermost first: style, values, events, history
    pending = []             # (list, paragraph) candidates for an item that lost its number
    prev_ev = None
    events_seen = []         # every event so far, in order (L["seen"]: its items' indexes)
    for ev in events:
        s, e, style, v, pi = ev
        for idx, L in enumerate(stack):
            if L["style"] == style:
                break
        else:
            idx = None
        if idx is None:
            L = {"style": style, "values": [v], "events": [ev], "outer": set(),
                 "seen": [len(events_seen)]}
            # a first item whose marker differs by one character: 1) then (2) (3) …
            if v > 1 and prev_ev is not None and prev_ev[3] == v - 1 and prev_ev[2] != style \
                    and {prev_ev[2], style} <= {"paren", "half", "dot"} and stack \
                    and stack[-1]["style"] == prev_ev[2] and len(stack[-1]["values"]) == 1:
                yield _item_finding(doc, prev_ev, ev, "style")
            if v == 1 and stack and stack[-1]["style"] in ("dot", "dun", "paren", "half") \
                    and stack[-1]["values"] == [1]:
                lost = _lost_marker(doc, stack[-1]["events"][0], pi)
                if lost is not None:
                    pending.append((stack[-1], lost))
            stack.append(L)
        else:
            del stack[idx + 1:]
            L = stack[idx]
            last = L["values"][-1]
            if v == 1:
                L["outer"].add(last)          # a nested list in the same style, or a new list
            # the next number (most items), one after a nested restart, or 一是 (it opens every
            # enumeration anew): nothing to judge, the events between are not even gathered
            if not (v == last + 1 or (v - 1) in L["outer"] or (v == 1 and style in ("shi", "di"))):
                yield from _judge_item(doc, L, ev, last, events_seen[L["seen"][-1] + 1:])
            L["values"].append(v)
            L["events"].append(ev)
            L["seen"].append(len(events_seen))
        events_seen.append(ev)
        prev_ev = ev
    for L, para in pending:
        if L["values"] == [1]:
            first = L["events"][0]
            yield make_finding(
                doc, "structure.numbering", para.start, para.start + len(para.text.rstrip()),
                f"“{para.text.strip()[:20]}”疑缺编号：同级只有“{text[first[0]:first[1]]}”一项，"
                f"此行与之并列（其下另起“(1)”等小项），应编为第 2 项。",
                confidence="likely", related=[(first[0], first[1], "first_item")],
                evidence={"kind": "unnumbered_item", "list_style": L["style"]})


def _judge_item(doc, L, ev, last, between):
    """The finding, if any, on item ``ev`` of list ``L`` (whose last value is ``last``) when
    its number is neither ``last + 1`` nor a restart; ``between``: the events since the
    list's last item."""
    text = doc.text
    s, e, style, v, pi = ev
    # Only item styles are judged here (一、 and （一） are the section rule's).  Items
    # with a nested list between them (1. A (1)… (2)… 2. B) are judged too: the
    # events between are all deeper lists of other styles (an outer item would have
    # closed this list), so only a nested item carrying the missing number without
    # its predecessor (a 2、 for 2., not the (2) after a (1)) can stand for it, or a
    # restart of this list the pattern did not read (1.2022年… reads as a decimal).
    judged = style not in ("cn1", "cn2") and (not between or (
        not any(b[3] == last + 1 and not any(c[2] == b[2] and c[3] == last for c in between)
                for b in between)
        and not _restart_between(text, L["events"][-1], ev)
        and not _new_section_between(between)))
    if not judged:
        return
    if v == last:
        prev = L["events"][-1]
        if v == 1 and _cells_between(doc, prev[4], pi):
            pass        # a flattened table: each row block numbers its own items from 1
        elif text[prev[1]:prev[1] + 20] != text[e:e + 20]:   # not the same item printed again
            yield _item_finding(doc, prev, ev, "repeat")
    elif last + 1 < v <= last + 3 and not _marker_between(text, L["events"][-1], ev, last + 1,
                                                          [b[:2] for b in between]):
        yield _item_finding(doc, L["events"][-1], ev, "skip")


_ITEM_MARKER = (
    r"(?P<m>(?P<paren>[(（]\s*(?P<n1>\d{1,2})\s*[)）])"
    r"|(?P<half>(?P<n2>\d{1,2})[)）])"
    r"|(?P<dot>(?P<n3>\d{1,2})\s*(?:．|\.(?![\d.])))"
    r"|(?P<dun>(?P<n4>\d{1,2})\s*、)"
    r"|(?P<circ>[①-⑳])"
    r"|(?P<cn1>(?P<c1>[一二三四五六七八九十]{1,3})\s*[、.．])"
    r"|(?P<cn2>[(（](?P<c2>[一二三四五六七八九十]{1,3})[)）]))"
    r"(?=\s*[\p{Han}“《(（A-Za-z]|(?<=[、．)）①-⑳])\s*\d)")
_ITEM = re.compile(
    # the lookahead only skips, fast, the positions where no marker can start (every
    # marker below starts with one of these characters); the matches are the same
    r"(?=[ \t\u3000]*[(（\d①-⑳一二三四五六七八九十])"
    r"(?:(?<=^|\n)[ \t\u3000]*|(?<=[。；;！!？?：:][ \t\u3000]*))" + _ITEM_MARKER)
# the marker that opens a table cell (1、化肥减量增效 | ≧5组 | …)
_CELL_ITEM = re.compile(r"[ \t\u3000]*" + _ITEM_MARKER)
_ITEM_WORDS = re.compile(
    r"(?:(?<=^|\n)[ \t\u3000]*|(?<=[。；;！!？?：:，,][ \t\u3000]*))"
    r"(?P<w>(?P<shi>(?P<c3>[一二三四五六七八九十]{1,3})是)(?=\s*\p{Han})"
    r"|(?P<di>第(?P<c4>[一二三四五六七八九十]{1,3}))(?=\s*[，、,：:]))")
# Where an item can start: after a line break or a sentence end (and spaces), before a
# character a marker starts with.  The standard library's ``re`` finds these far faster than
# ``regex`` tries ``_ITEM`` at every position; ``_ITEM`` then decides at each.  (``regex``
# knows more digits than ``re``, all beyond U+FFFF: those characters are candidates too.)
_ITEM_AT = _stdre.compile(r"[\n。；;！!？?：:][ \t\u3000]*(?=[(（①-⑳一二三四五六七八九十\d\U00010000-\U0010ffff])")


def _items(text: str):
    """``_ITEM.finditer(text)``: the same matches, tried only where one can start."""
    end = 0
    if text:
        m = _ITEM.match(text, 0)
        if m:
            yield m
            end = m.end()
    for c in _ITEM_AT.finditer(text):
        # after a line break the marker's line starts (its spaces are the match's);
        # after a sentence end, the marker (the spaces are the look-behind's)
        at = c.start() + 1 if text[c.start()] == "\n" else c.end()
        if at < end:
            continue             # inside the previous match, as ``finditer`` resumes after it
        m = _ITEM.match(text, at)
        if m:
            yield m
            end = m.end()


# the number groups of ``_ITEM_MARKER``, each inside the style group named beside it
_STYLE_GROUPS = ("n1", "n2", "n3", "n4", "circ", "c1", "c2")
_STYLES = ("paren", "half", "dot", "dun", "circ", "cn1", "cn2")


# their indexes in ``m.groups()``, the same in both patterns (nothing before the marker
# captures): ``groups()`` is several times faster than asking ``regex`` for named groups
_STYLE_INDEXES = tuple(zip(_STYLES, (_ITEM.groupindex[g] - 1 for g in _STYLE_GROUPS)))
assert _CELL_ITEM.groupindex == _ITEM.groupindex


def _style_and_number(m) -> tuple[str, str]:
    """The marker's style and its number as printed (one group per style is set)."""
    groups = m.groups()
    for style, i in _STYLE_INDEXES:    # (every branch of the marker sets its number group)
        if groups[i]:
            return style, groups[i]
    raise AssertionError(m)


_SHORT_TITLE = re.compile(r"^\s*\p{Han}[\p{Han}、]{1,15}[。:：]?\s*$")


_CHECKBOXES = re.compile(r"[□☑☐☒■√]")
_SEAM = re.compile(r"(?<=\p{Han}[\p{Han}])(\d{1,2})、(?=\p{Han}{2})")
# the same marker at the start of a line after a long line ending in running text
# (the word may be short on either side: 7座墓⏎2、碑、生平, 宣传版⏎3、面 等)
_LINE_SEAM = re.compile(r"(?<=[^\n]{46}(\p{Han}{1,4}))\n(\d{1,2})、(?=(\p{Han}{1,4}))")


def _seams(text: str) -> set[int]:
    """The numbers of a document site's page markers: an N、 glued between two characters of
    running text, or opening a line that goes on with a word the long line before broke off
    (…成为图书⏎2、馆从事…: 图书馆 is one word; 投入管理⏎2、预算执行率 is two cells)."""
    out = {int(g.group(1)) for g in _SEAM.finditer(text)}
    for g in _LINE_SEAM.finditer(text):
        if not boundary_in(g.group(1) + g.group(3), len(g.group(1))):
            out.add(int(g.group(2)))
    return out





def _table_row_items(doc):
    """Item events of numbered table rows: the marker opening a row's first non-empty
    cell (1、水稻侧深施肥 | ≧500亩 …, 二、田间试验 | …).  Only the first cell: a later cell
    may hold a list of its own in every row (项目A | 1、… / 项目B | 1、…)."""
    for t in doc.tables:
        for row in t.rows:
            cell = next((c for c in row if c.text.strip()), None)
            if cell is None:
                continue
            m = _CELL_ITEM.match(doc.text, cell.start, cell.end)
            if m is None or _CHECKBOXES.search(doc.text, cell.start, cell.end):
                continue
            style, num = _style_and_number(m)
            v = _number_value(num)
            p = doc.paragraph_at(cell.start)
            if v is not None and p is not None:
                yield (m.start("m"), m.end("m"), style, v, p.index)


def _lost_marker(doc, first, para_index):
    """The paragraph before ``para_index`` when it reads like an unnumbered sibling of the
    list's first item: a short title line, not the first item's own paragraph nor its
    direct continuation."""
    if para_index < 2:
        return None
    p = doc.paragraphs[para_index - 1]
    if not _SHORT_TITLE.match(p.text) or p.heading is not None:
        return None
    first_para = doc.paragraph_at(first[0])
    if first_para is None or para_index - 1 <= first_para.index + 1:
        return None
    return p


def _marker_between(text: str, prev, ev, expected: int, read=()) -> bool:
    """Is the expected number printed between two items in a form the item pattern does
    not read (3.2023年…, 3：, ③ written 3)?  Then nothing was skipped.  ``read``: the
    markers of nested lists between them, which the caller has judged already."""
    chars = list(text[prev[1]:ev[0]])
    for s, e in read:
        chars[s - prev[1]:e - prev[1]] = " " * (e - s)
    between = "".join(chars)
    mark = _circled(prev[2], expected) if prev[2] == "circ" else str(expected)
    return bool(re.search(rf"(?:^|[\n。；;：:，,\s(（]){re.escape(mark)}\s*[.．、)）:：]", between)) \
        or (prev[2] == "circ" and str(expected) in re.findall(r"(?<![\d.])\d(?![\d.])", between))


_FIRST_MARK = {"paren": r"[(（]\s*1\s*[)）]", "half": r"(?<![(（\d])1[)）]", "dot": r"1\s*[.．]",
               "dun": r"1\s*、", "circ": "①"}


_BARE_NUMBER = re.compile(r"^[ \t\u3000]*-?\d[\d,]*(?:\.\d+)?[ \t\u3000]*$")


def _cells_between(doc, first: int, last: int) -> bool:
    """Do two or more lines holding a bare number stand between paragraphs ``first`` and
    ``last``: the cells of a table exported one cell per line (a page number is one)?"""
    ps = doc.paragraphs
    return sum(1 for p in ps[first + 1:last] if _BARE_NUMBER.match(p.text)) >= 2


def _restart_between(text: str, prev, ev) -> bool:
    """Is a first marker of the list's own style (1. for 1./2./3.) printed between two
    items, at a line start or after a sentence end, where the item pattern did not read it?"""
    mark = _FIRST_MARK.get(prev[2])
    return bool(mark) and bool(re.search(rf"(?:^|[\n。；;：:])[ \t\u3000]*{mark}", text[prev[1]:ev[0]]))


def _new_section_between(between) -> bool:
    """Is a section marker (二、 or （二）) read between two items of a list, going on with a
    section sequence begun before them (no （一） of its own after the list's last item)?  Then
    the two items sit under two sections and the list restarted under the new one, though
    its first markers were not read (a PDF line run together: （一）概况 1.… 2.…（二）目标
    1.… 2.…, where only the markers after a sentence end are read)."""
    return any(b[2] in ("cn1", "cn2") and b[3] > 1
               and not any(c[2] == b[2] and c[3] == b[3] - 1 for c in between) for b in between)


_ITEM_KIND = {"repeat": "编号重复", "skip": "编号跳号", "style": "编号格式不一致"}


def _item_finding(doc, prev, ev, kind):
    full = doc.text
    text = full.replace("\n", " ")     # snippets on one line (same length: offsets hold)
    a, b = full[prev[0]:prev[1]], full[ev[0]:ev[1]]
    if kind == "repeat":
        msg = f"列表编号重复：“{a}{text[prev[1]:prev[1] + 12]}”之后又是“{b}{text[ev[1]:ev[1] + 12]}”。"
        s, e, rel = ev[0], ev[1] + 4, [(prev[0], prev[1] + 4, "previous_item")]
    elif kind == "skip":
        gap = "、".join(_circled(prev[2], x) for x in range(prev[3] + 1, ev[3]))
        msg = (f"列表编号跳号：“{a}{text[prev[1]:prev[1] + 12]}”之后是“{b}{text[ev[1]:ev[1] + 12]}”，"
               f"缺“{gap}”（或某项丢失了编号）。")
        s, e, rel = ev[0], ev[1] + 4, [(prev[0], prev[1] + 4, "previous_item")]
    else:
        msg = f"列表编号格式不一致：第一项写“{a}”，其后各项写“{b}”等。"
        s, e, rel = prev[0], prev[1] + 2, [(ev[0], ev[1], "next_item")]
    return make_finding(doc, "structure.numbering", s, min(e, len(text)), msg, confidence="likely",
                        related=rel, evidence={"kind": "item_" + kind, "previous": a, "this": b})


def _circled(style: str, v: int) -> str:
    if style == "circ":
        return chr(ord("①") + v - 1) if 1 <= v <= 20 else str(v)
    if style in ("cn1", "cn2"):
        return _cn(v)
    if style == "shi":
        return _cn(v) + "是"
    if style == "di":
        return "第" + _cn(v)
    return str(v)


# ---------------------------------------------------------------------------
# structure.label

_CODE = re.compile(r"^([A-Z])(\d{0,3})(?=[^\dA-Za-z.．]|$)")
_PLAN = r"(?:年初|调整后?|全年)?预算(?:数)?"
_ACTUAL = r"决算(?:数)?"
_KIND = r"收入|支出"
_PAIR_LABEL = re.compile(rf"(?P<plan>{_PLAN})(?P<pk>{_KIND})|(?P<pk2>{_KIND})(?P<plan2>{_PLAN})"
                         rf"|(?P<act>{_ACTUAL})(?P<ak>{_KIND})|(?P<ak2>{_KIND})(?P<act2>{_ACTUAL})")
_RATE = re.compile(r"完成率|执行率|完成比例|执行进度")
_AMOUNT = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


def _code_cells(table):
    """Per row: [(column, letter, digits, cell)] for cells that start with an indicator code."""
    rows = []
    for row in table.rows:
        found = []
        for cell in row:
            # a code starts with a capital letter: other cells skip the regex
            first = cell.text.lstrip(" ")[:1]
            m = _CODE.match(cell.text.replace(" ", "")) if "A" <= first <= "Z" else None
            if m and cell.text.strip():
                found.append((cell.col, m.group(1), m.group(2), cell))
        rows.append(found)
    return rows


@register("structure.label", "标签与相邻内容矛盾（B5 下编号 B41、支出写成决算收入）/ a label contradicting its neighbours")
def label(doc):
    yield from _indicator_codes(doc)
    yield from _budget_pairs(doc)


def _indicator_codes(doc):
    """Indicator codes along a table row go one level deeper per cell (B → B1 → B11),
    each extending the one before it; a row whose first code is deep inherits its
    parent from the rows above (merged cells)."""
    for table in doc.tables:
        rows = _code_cells(table)
        if sum(len(r) for r in rows) < 4:
            continue
        above: dict[int, tuple[str, object]] = {}   # depth -> (code, cell) seen in rows above
        for r in rows:
            codes = [x[1] + x[2] for x in r]
            if len(codes) >= 2 and len(set(codes)) == len(codes) and len({len(x[2]) for x in r}) == 1:
                continue  # a row listing sibling codes (a header A1 | A2 | A3), not a hierarchy
            prev = None
            for col, letter, digits, cell in r:
                code, d = letter + digits, len(digits)
                if prev is not None and prev[0][0] != letter:
                    prev = None  # codes of another family (A…, B…) are not parent and child
                if prev is not None:
                    pcode, pcell = prev
                    if d <= len(pcode) - 1:
                        yield make_finding(
                            doc, "structure.label", cell.start, cell.start + len(code),
                            f"指标编号层级不符：同一行中“{pcode}”之后的下级指标编号仍为“{code}”"
                            f"（与上级同级），应为“{pcode}1”一类的下级编号。",
                            confidence="likely", related=[(pcell.start, pcell.start + len(pcode), "parent_code")],
                            evidence={"code": code, "parent": pcode})
                        prev = (code, cell)
                        continue
                    if not code.startswith(pcode):
                        yield make_finding(
                            doc, "structure.label", cell.start, cell.start + len(code),
                            f"指标编号“{code}”与同一行的上级指标“{pcode}”不符：{pcode} 下的编号应以"
                            f"“{pcode}”开头（如 {pcode}{digits[-1] if digits else '1'}）。",
                            confidence="certain", related=[(pcell.start, pcell.start + len(pcode), "parent_code")],
                            evidence={"code": code, "parent": pcode})
                elif d >= 1 and (d - 1) in above:
                    pcode, pcell = above[d - 1]
                    if pcode[0] == letter and not code.startswith(pcode) and len(pcode) == d:
                        yield make_finding(
                            doc, "structure.label", cell.start, cell.start + len(code),
                            f"指标编号“{code}”与上方的上级指标“{pcode}”不符：应以“{pcode}”开头。",
                            confidence="likely", related=[(pcell.start, pcell.start + len(pcode), "parent_code")],
                            evidence={"code": code, "parent": pcode})
                prev = (code, cell)
                above[d] = (code, cell)
                for deeper in [k for k in above if k > d]:
                    del above[deeper]


def _kind_of(m) -> tuple[str, str]:
    if m.group("plan") or m.group("plan2"):
        return "plan", m.group("pk") or m.group("pk2")
    return "actual", m.group("ak") or m.group("ak2")


def _budget_pairs(doc):
    """预算支出 X …, 决算收入 Y …, 完成率 Z: the two sides of one rate must be the same
    thing (both 支出 or both 收入)."""
    for s in doc.sentences:
        t = s.text
        if not ("完成" in t or "执行" in t) or not _RATE.search(t):   # every _RATE word has one
            continue
        labels = [(m, *_kind_of(m)) for m in _PAIR_LABEL.finditer(t)]
        plans = {k for _, side, k in labels if side == "plan"}
        actuals = {k for _, side, k in labels if side == "actual"}
        if len(plans) != 1 or len(actuals) != 1 or plans == actuals:
            continue
        plan_kind, actual_kind = next(iter(plans)), next(iter(actuals))
        # which side is wrong: the section it is in says which thing is measured
        heads = [h for h in doc.section_path(s.start) if not h.in_toc]
        context = " ".join(h.title for h in heads[-2:])
        intended = plan_kind if plan_kind in context and actual_kind not in context else \
            actual_kind if actual_kind in context and plan_kind not in context else plan_kind
        wrong_side = "actual" if intended == plan_kind else "plan"
        m = next(m for m, side, _ in labels if side == wrong_side)
        other = next(m for m, side, _ in labels if side != wrong_side)
        wrong_kind = actual_kind if wrong_side == "actual" else plan_kind
        amount = _AMOUNT.search(t, m.end())
        end = m.end()
        if amount and amount.start() - m.end() <= 3:
            end = amount.end()
        seen_as = _amount_elsewhere(doc, amount.group(0) if amount else "", s.start + m.start(), intended)
        yield make_finding(
            doc, "structure.label", s.start + m.start(), s.start + end,
            f"标签矛盾：同一完成率的两端应为同一口径，“{other.group(0)}”与“{m.group(0)}”一为{intended}、一为{wrong_kind}"
            + (f"；该金额在文中他处标为{intended}（“{seen_as}”）" if seen_as else "")
            + f"，此处应为“{m.group(0).replace(wrong_kind, intended)}”。",
            confidence="certain" if seen_as or intended in context else "likely",
            related=[(s.start + other.start(), s.start + other.end(), "paired_label")],
            evidence={"labels": [other.group(0), m.group(0)], "section": context,
                      "amount_elsewhere": seen_as})


def _amount_elsewhere(doc, amount: str, skip: int, kind: str) -> str:
    if len(text_key(amount)) < 4:
        return ""
    text = doc.text
    for m in re.finditer(re.escape(amount), text):
        if abs(m.start() - skip) < 40:
            continue
        before = text[max(0, m.start() - 30):m.start()]
        line_start = before.rfind("\n")
        before = before[line_start + 1:]
        if kind in before and ("收入" if kind == "支出" else "支出") not in before:
            return (before + amount)[-40:].strip()
    return ""


# ---------------------------------------------------------------------------
# structure.missing

_GRADE = re.compile(r"(?:评为|评价为|评定为|等级为|级别为|结果为|自评为|等次为|定为)\s*[“\"]?\s*"
                    r"(?P<grade>优秀|良好|优|良|中|差|合格|不合格)\s*[”\"]?")
_SCORE = re.compile(r"\d+(?:\.\d+)?\s*分")
_TOTAL_SCORE = re.compile(r"(?:总分|得分|评分|自评分)(?:为|合计)?\s*[:：\t ]*\d")
_CONCLUSION = re.compile(r"结论")
_PROBLEMS = re.compile(r"存在(?:的)?(?:主要)?问题|问题及原因|主要问题")
_NOT_PROBLEMS = re.compile(r"其他|需要说明")
# a sentence that only says there is no problem (未发现问题、不存在……问题、无明显问题、无。)
_NO_PROBLEM_SENTENCE = re.compile(
    r"(?:未|没有|并未)(?:发现|出现|存在)[^。；]{0,40}?问题|不存在[^。；]{0,10}?问题"
    r"|无(?:明显|重大|突出)?问题|^\s*(?:无|暂无|没有)\s*[。.]?\s*$")
_NUMERIC_INDICATOR = re.compile(r"^(?:[\p{Han}]{0,6}满意(?:度|率)|数量指标)(?:指标)?\s*(?:[。.:：]|$)")
# a numbered item that is itself a sentence (ends with 。, or goes on after one)
_HAS_CONTENT_TITLE = re.compile(r"[。；：:!！?？][^。；：:]{4,}|[。；;！!？?]\s*$")
# an indicator line that restates its target and gives its status (满意度指标:提升群众满意度,
# 已完成): the target itself has no figure, so the evaluation cannot give one
_TARGET_AND_STATUS = re.compile(r"^[^。；;\n]{0,20}[:：][^。；;:：\n]{2,30}[，,]\s*(?:已|均已|全部|基本)?"
                                r"(?:完成|实现|达到|达成|达标)[。.；;]?\s*$")


def _maybe_indicator(s: str) -> bool:
    """Could ``_NUMERIC_INDICATOR`` match ``s``?  It needs 满意 or 数量指标."""
    return "满意" in s or "数量指标" in s


def _sections(doc):
    """(heading, content_start, content_end, next_boundary_paragraph) for every body
    heading: its content runs to the next heading of the same or an outer level, a
    part marker (正文, 附件), a contents line, or the end of its report."""
    heads = [h for h in doc.headings if not h.in_toc]
    by_para = {h.para_index: h for h in heads}
    # only these paragraphs can end a section
    facts = _paras(doc)
    ps = doc.paragraphs
    stops = [ps[i] for i in sorted(facts.toc.intersection(facts.tables).union(by_para, facts.marks))]
    out = []
    i = 0
    for k, h in enumerate(heads):
        r = doc.report_at(h.start)
        limit = r.end if r else len(doc.text)
        end, boundary = limit, None
        if k == 0:
            i = bisect.bisect_right([p.index for p in stops], h.para_index)
        while i < len(stops) and stops[i].index <= h.para_index:
            i += 1
        for p in stops[i:]:
            if p.start >= limit:
                break
            other = by_para.get(p.index)
            if other is None or other.level <= h.level:
                end, boundary = p.start, p
                break
        out.append((h, h.end, end, boundary))
    return out


def _content(doc, a, b) -> str:
    return doc.text[a:b].strip()


@register("structure.missing", "必备内容缺失（标题下无内容、只给等级不给分数、存在问题未列问题）/ a required part left empty")
def missing(doc):
    sections = _sections(doc)
    yield from _empty_headings(doc, sections)
    yield from _grade_without_score(doc, sections)
    yield from _no_problem_named(doc, sections)
    yield from _indicator_without_figure(doc, sections)
    yield from _deviation_unexplained(doc)
    yield from _announced_but_absent(doc)


_PROSE = re.compile(r"\p{Han}{2,}[，。；,;、]")
_HAN_CHAR = re.compile(r"\p{Han}")


def _is_prose(content: str) -> bool:
    """Text rather than a table's figures: a clause, or mostly Chinese characters (按规定申请公开;
    not 0 0 0 其中:公车购置 0 0 0)."""
    if _PROSE.search(content):
        return True
    solid = "".join(content.split())
    han = len(_HAN_CHAR.findall(solid))
    return han >= 4 and han >= 0.6 * len(solid)
_MEASURED = re.compile(r"\d+(?:\.\d+)?\s*(?:[%％‰]|万?元|人|户|个|项|次|亩|公里)")
_DATES_IN_COLUMNS = re.compile(r"(?:19|20)\d{2}[.\-/年]\d{1,2}\S*\s+(?:19|20)\d{2}[.\-/年]\d{1,2}")
_SEE_ATTACHMENT = re.compile(r"(?:附|详见|见)[^，。；)）]{0,24}(?:表|附件)")


def _empty_headings(doc, sections):
    groups: dict[tuple, list] = {}
    contents = _contents_paras(doc)
    parent = _parent_starts(doc)
    for h, a, b, boundary in sections:
        if h.level > 3 or h.para_index in contents:
            continue
        groups.setdefault((parent[id(h)], h.level), []).append((h, a, b, boundary))
    for items in groups.values():
        # split a group where the numbering restarts (摘要 and 正文 are two lists)
        runs, cur = [], []
        for it in items:
            if cur and _number_value(it[0].number) == 1:
                runs.append(cur)
                cur = []
            cur.append(it)
        runs.append(cur)
        for run in runs:
            if len(run) < 2:
                continue
            full = [bool(_content(doc, a, b)) or bool(_HAS_CONTENT_TITLE.search(h.title))
                    or len(h.title) > 60                                  # a paragraph, not a title
                    or bool(re.search(r"[:：]\s*[\p{Han}A-Za-z0-9]{2,}", h.title))   # 实施地点:海北州
                    # a result stated in clauses, not a title: 满意度指标全部完成,…,群众满意度90%
                    or bool(re.search(r"[,，]", h.title) and _MEASURED.search(h.title))
                    # …or run on without a mark: 成本指标国家规定标准发放指标为100%实际完成值为100%
                    or bool(len(h.title) >= 15 and _MEASURED.search(h.title))
                    # a heading that sends the reader to an attachment (…(附绩效目标自评表))
                    or bool(_SEE_ATTACHMENT.search(h.title))
                    # a schedule's row, its dates in columns (免疫抗体效果评估2017.03 2017.05)
                    or bool(_DATES_IN_COLUMNS.search(h.title))
                    for h, a, b, _ in run]
            if all(full):
                continue
            # siblings whose content is prose (a table's rows have figures under their labels:
            # 1、公务用车购置和维护经费 0 0 0 — an empty row there is no missing section)
            with_content = sum(f and _is_prose(_content(doc, a, b)) for (h, a, b, _), f in zip(run, full))
            for (h, a, b, boundary), has in zip(run, full):
                # the siblings: all the run but ``h``, which (without content) adds nothing
                if has or with_content * 2 <= len(run) - 1 or with_content < 2:
                    continue
                if not doc.text[b:].strip():
                    continue  # the text ends here: an excerpt cut after its heading
                if "|" in h.title or "\t" in h.title or _table_para(doc, h):
                    continue  # a table row that starts like a heading (三、化验 | ≥60 | 105)
                nxt_head = next((x for x in doc.headings if x.start >= b and not x.in_toc), None)
                if boundary is not None and nxt_head is not None and nxt_head.start == boundary.start \
                        and nxt_head.level == h.level and _number_value(nxt_head.number) == 1 \
                        and _number_value(h.number) != 1:
                    continue  # its content is a list in the same style (3.职责 / 1.… 2.…)
                nxt = boundary.text.strip()[:20] if boundary is not None else "报告结束"
                yield make_finding(
                    doc, "structure.missing", h.start, h.end,
                    f"“{_fmt(h.level, h.number)}{h.title[:30]}”只有标题没有内容（其后直接是“{nxt}”），"
                    f"而同级的其他 {with_content} 项都有正文。",
                    confidence="likely",
                    related=[(boundary.start, boundary.start + len(boundary.text.rstrip()), "next_part")]
                    if boundary is not None else [],
                    evidence={"siblings_with_content": with_content, "siblings": len(run) - 1})


def _parent_starts(doc) -> dict[int, int]:
    """By ``id`` of every body heading: the start of the heading it sits under (the innermost
    heading of a lower level in its ``section_path``), or -1.  One walk over the headings in
    order, instead of a path per heading."""
    hs = doc.headings
    if any(a.start >= b.start for a, b in zip(hs, hs[1:])):
        return {id(h): _parent_start(doc, h) for h in hs if not h.in_toc}   # not in order
    out: dict[int, int] = {}
    path: list = []
    for h in hs:
        if h.in_toc:
            continue
        while path and path[-1].level >= h.level:
            path.pop()
        out[id(h)] = path[-1].start if path else -1
        path.append(h)
    return out


def _parent_start(doc, h) -> int:
    parents = [x for x in doc.section_path(h.start) if x is not h and x.level < h.level]
    return parents[-1].start if parents else -1


_ANNOUNCES = re.compile(r"(?:如下|以下|下列)\s*[:：]\s*$")
_REPORTS_ON = re.compile(r"(?:报告|汇报|报|公示|公开|通知|综述|总结|说明|自评|评价)\s*(?:给予公开)?\s*如下")


def _announced_but_absent(doc):
    """A section's last words announce a list (绩效目标如下：) and the next thing is the
    next section at the same or a higher level: what was announced is not there."""
    heads = {h.para_index: h for h in doc.headings if not h.in_toc}
    paras = doc.paragraphs
    for i, p in enumerate(paras):
        # (the pattern needs the line to end on a colon, spaces aside: the plain test first)
        if p.table_id is not None or i in heads or not p.text.rstrip().endswith((":", "：")) \
                or not _ANNOUNCES.search(p.text):
            continue
        if _REPORTS_ON.search(p.text[max(0, len(p.text) - 20):]):
            continue  # 现将…报告如下：announces the rest of the report, not a list
        path = [h for h in doc.section_path(p.start) if not h.in_toc]
        if not path:
            continue  # a preamble (现将…报告如下：) announces the whole report
        nxt = next((q for q in paras[i + 1:] if q.text.strip()), None)
        if nxt is None:
            continue  # the text ends here: an excerpt cut after the announcement
        h = heads.get(nxt.index)
        if h is None or h.level > path[-1].level or nxt.table_id is not None:
            continue  # the list, a sub-heading or a table follows
        m = _ANNOUNCES.search(p.text)
        clause = re.split(r"[。；;，,]", p.text[:m.start()])[-1].strip()
        s = p.start + m.start() - len(clause)
        yield make_finding(
            doc, "structure.missing", s, p.start + m.end(),
            f"“{clause[-20:]}{m.group(0).strip()}”之后没有列出内容，直接是下一节“{_fmt(h.level, h.number)}{h.title[:20]}”。",
            confidence="likely", related=[(h.start, h.end, "next_part")],
            evidence={"announcement": clause[-40:], "next": h.title[:40]})


def _table_para(doc, h) -> bool:
    p = doc.paragraphs[h.para_index] if 0 <= h.para_index < len(doc.paragraphs) else None
    return p is not None and p.table_id is not None


def _grade_without_score(doc, sections):
    for h, a, b, _ in sections:
        if not _CONCLUSION.search(h.title):
            continue
        body = doc.text[h.start:b]
        m = _GRADE.search(body)
        if not m or _SCORE.search(body):
            continue
        r = doc.report_at(h.start)
        report_text = doc.text[r.start:r.end] if r else doc.text
        if _TOTAL_SCORE.search(report_text):
            continue  # the score is given elsewhere (a total in the form)
        s = h.start + m.start()
        yield make_finding(
            doc, "structure.missing", s, h.start + m.end(),
            f"结论只给出等级“{m.group('grade')}”，未给出自评得分"
            + ("（标题写明“得分”）" if "分" in h.title else "") + "；等级应由分数确定。",
            confidence="likely", related=[(h.start, h.end, "section")],
            evidence={"grade": m.group("grade"), "section": h.title})


def _no_problem_named(doc, sections):
    for h, a, b, _ in sections:
        if "问题" not in h.title or not _PROBLEMS.search(h.title) or _NOT_PROBLEMS.search(h.title):
            continue
        content = doc.text[a:b]
        sentences = [x for x in re.split(r"(?<=[。；;！!？?])|\n", content) if text_key(x)]
        if not sentences:
            continue  # an empty section is the empty-heading rule's business
        if all(_NO_PROBLEM_SENTENCE.search(x) for x in sentences):
            first = content.strip()
            if re.fullmatch(r"(?:无|没有|暂无)[。.；;]?", first):
                continue  # the form's own answer for "none": the section was filled in
            s = a + content.find(first[:1]) if first else a
            yield make_finding(
                doc, "structure.missing", s, min(b, s + len(first)),
                f"“{h.title[:30]}”部分没有列出任何问题（只写“{first[:40]}{'…' if len(first) > 40 else ''}”）"
                + ("，也没有提出建议" if "建议" in h.title else "") + "。",
                confidence="likely", related=[(h.start, h.end, "section")],
                evidence={"section": h.title, "content": first[:200]})


def _indicator_without_figure(doc, sections):
    """A satisfaction (or quantity) indicator evaluated in words only: a numbered
    heading, or a paragraph opening with the indicator's name (服务对象满意度。…)."""
    places = []
    for h, a, b, _ in sections:
        m = _NUMERIC_INDICATOR.match(h.title) if _maybe_indicator(h.title) else None
        if m:
            places.append((h.start, h.start + len(h.number) + 1 + len(m.group(0).rstrip("。.:： ")) + 1,
                           m.group(0), doc.text[h.start:b][len(h.number) + 1:]))
    heads = {h.para_index for h in doc.headings}
    for p in doc.paragraphs:
        if not _maybe_indicator(p.text) or p.index in heads or p.table_id is not None or _is_toc(p.text):
            continue
        m = _NUMERIC_INDICATOR.match(p.text.strip())
        if m and re.search(r"[。.:：]\s*$", m.group(0)):
            lead = len(p.text) - len(p.text.lstrip())
            places.append((p.start + lead, p.start + lead + len(m.group(0)), m.group(0), p.text))
    for s, e, name, rest in places:
        if re.search(r"\d", rest) or len(text_key(rest)) < 10 + len(text_key(name)):
            continue  # a figure is given, or the heading is bare (the empty-heading rule's business)
        if _TARGET_AND_STATUS.search(rest):
            continue  # a form row in prose: the target as set (in words) and its status
        name = name.rstrip("。.:： ")
        yield make_finding(
            doc, "structure.missing", s, e,
            f"“{name}”指标没有给出任何数值（满意率、调查样本数或完成数量），只有文字描述。",
            confidence="likely", evidence={"indicator": name})


def _deviation_unexplained(doc):
    """A self-evaluation form whose 偏差原因 says 无 while a target in it was missed."""
    for r in doc.reports or [None]:
        lo, hi = (r.start, r.end) if r else (0, len(doc.text))
        missed, nothing = form_targets(doc, lo, hi)
        if not missed or not nothing:
            continue
        for label_cell, value_cell in nothing:
            name, tcell, acell = missed[0]
            yield make_finding(
                doc, "structure.missing", label_cell.start, value_cell.end,
                f"偏差原因填“{value_cell.text.strip()}”，但本表“{name}”目标值 {tcell.text.strip()}、"
                f"实际完成 {acell.text.strip()}，未完成目标却未说明原因。",
                confidence="likely",
                related=[(tcell.start, tcell.end, "target"), (acell.start, acell.end, "actual")],
                evidence={"indicator": name, "target": tcell.text.strip(), "actual": acell.text.strip(),
                          "missed": len(missed)})
