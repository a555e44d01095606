"""The document model every check reads.

One ``Document`` per input: the original decoded text, its normalized view
(``norm``) with a map back to the original, and structure found in the
normalized text: paragraphs (one per logical line), sentences, sections with
their numbering, tables (rows and cells), header fields and the title.  A file
that concatenates several reports (sibling self-evaluations that each start
with ``附件 1`` and carry their own 项目名称) is split into ``reports``.

All spans here are offsets into ``norm.text``; ``Document.span_to_original``
(used by the findings builder) is the single way back to the original.
"""
from __future__ import annotations

import bisect
import re as _stdre
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import accumulate, pairwise

from auditor import rx as re

from .normalize import NormText, line_col, normalize

FIELD_NAMES = ("项目名称", "部门名称", "单位名称", "填报单位", "项目单位", "主管部门", "填报日期",
               "项目实施单位", "项目主管单位", "委托单位", "项目评价单位", "评价单位", "预算单位")

# Heading numbering styles, outermost first: 一、 / (一) / 1. 1、 / (1) / ①
HEADING_PATTERNS = [
    (1, re.compile(r"^(?P<num>[一二三四五六七八九十]{1,3})\s*[、.．]\s*(?P<title>.*)$")),
    (2, re.compile(r"^[(（]\s*(?P<num>[一二三四五六七八九十]{1,3})\s*[)）]\s*(?P<title>.*)$")),
    # 1.2021年第一批…: a number, its dot, then a year (no decimal has a year's four digits and 年)
    (3, re.compile(r"^(?P<num>\d{1,2})\s*(?:[、．]|\.(?!\d)|\.(?=(?:19|20)\d\d年))\s*(?P<title>.*)$")),
    (4, re.compile(r"^[(（]\s*(?P<num>\d{1,2})\s*[)）]\s*(?P<title>.*)$")),
    (5, re.compile(r"^(?P<num>[①②③④⑤⑥⑦⑧⑨⑩])\s*(?P<title>.*)$")),
]
# the first character of every heading pattern: lines starting otherwise skip them all (the
# standard library's ``re``, faster at this; it knows fewer digits than ``regex``, all of
# them below U+10000, so every character above is let through too)
_HEADING_FIRST = _stdre.compile(r"[一二三四五六七八九十(（①②③④⑤⑥⑦⑧⑨⑩\d\U00010000-\U0010ffff]")
# the patterns a line can match, by its first character (each pattern's first character is
# of its own class): 一…十 the first, a bracket the second and fourth, ①…⑩ the fifth, any
# other (a digit) the third; in the same order, so the first that matches is the same
_PATTERNS_BY_FIRST = {**{c: HEADING_PATTERNS[0:1] for c in "一二三四五六七八九十"},
                      **{c: HEADING_PATTERNS[1:2] + HEADING_PATTERNS[3:4] for c in "(（"},
                      **{c: HEADING_PATTERNS[4:5] for c in "①②③④⑤⑥⑦⑧⑨⑩"}}
_DIGIT_PATTERNS = HEADING_PATTERNS[2:3]
_SENT_END = re.compile(r"[。！？!?；;]+|\n")
_TOC_LEADER = re.compile(r"(?:\.{3,}|…{2,}|·{3,})\s*-?\s*\d+\s*-?\s*$")
_TITLE_WORDS = re.compile(r"报告|自评表|评价表|评分表|情况表|绩效")
# a cell that is a number (with its unit, a bound or a percent sign)
_NUMBER_CELL = re.compile(r"^[≥≤<>=≧≦约]?\s*-?\d[\d,]*(?:\.\d+)?\s*(?:%|‰|万元|亿元|元|万|[\p{Han}]{0,2})?$")
_REPORT_START = re.compile(r"^附件\s*\d*\s*[:：]?\s*$")


@dataclass(slots=True)
class Paragraph:
    index: int
    start: int
    end: int
    text: str
    heading: "Heading | None" = None
    table_id: int | None = None   # set when the line is a table row


@dataclass(slots=True)
class Heading:
    level: int
    number: str      # as printed: 一, 二, 1, (1) ...
    title: str
    start: int
    end: int
    para_index: int
    in_toc: bool = False


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    text: str
    para_index: int


@dataclass(slots=True)
class Cell:
    text: str
    start: int
    end: int
    row: int
    col: int


@dataclass
class Table:
    id: int
    start: int
    end: int
    rows: list[list[Cell]]
    para_indices: list[int]

    @cached_property
    def header_rows(self) -> int:
        """Leading rows that hold no number: the table's header (0 to 3 rows)."""
        n = 0
        for row in self.rows[:3]:
            if any(_NUMBER_CELL.match(c.text) for c in row):
                break
            n += 1
        return n if n < len(self.rows) else min(n, 1)

    def column_header(self, col: int) -> str:
        """The header text above column ``col`` (header rows joined, outermost first)."""
        parts = []
        for row in self.rows[:self.header_rows]:
            for c in row:
                if c.col == col and c.text and c.text not in parts:
                    parts.append(c.text)
        return " ".join(parts)

    def row_label(self, row: int) -> str:
        """The first cell of row ``row`` that is not a number: what its numbers are of."""
        for c in self.rows[row] if 0 <= row < len(self.rows) else []:
            if c.text and not _NUMBER_CELL.match(c.text):
                return c.text
        return ""


@dataclass
class FormRow:
    """One row of a national self-evaluation form (财政部 绩效自评表 templates).

    ``cells`` maps a canonical column to the cell printed there (absent when the form
    leaves it empty or prints —).  Funds block columns: ``initial`` (年初预算数),
    ``budget`` (全年预算数 / 预算数(A)), ``executed`` (全年执行数 / 执行数(B)),
    ``weight`` (分值 / 权重), ``rate`` (执行率), ``score`` (得分).  Indicator block
    columns: ``level1`` ``level2`` ``level3`` (一/二/三级指标), ``target`` (年度指标值),
    ``actual`` (实际完成值), ``weight`` (分值), ``score`` (得分), ``reason``
    (偏差原因分析及改进措施).  ``role`` is ``total`` (年度资金总额), ``part`` (其中 rows) or
    ``other`` for funds rows, ``item`` for indicators.  Spans are in ``norm.text``.
    """
    block: str                 # "funds" | "indicators"
    label: str
    label_span: tuple[int, int] | None
    cells: dict[str, "Cell"]
    role: str = "item"
    stray: bool = False        # some cells were printed away from the row (a PDF's merged cells)


@dataclass
class Form:
    """A national self-evaluation form found in the document, whatever its layout
    (docx/xlsx/pdf table, pipe rows, one cell per line, or flattened one-line text)."""
    kind: str                  # "project" | "department" | "transfer" | "unknown"
    start: int
    end: int
    funds: list[FormRow] = field(default_factory=list)
    indicators: list[FormRow] = field(default_factory=list)
    total_score: "Cell | None" = None     # the 总分 cell, when printed
    total_weight: "Cell | None" = None    # the 分值 total (usually 100), when printed
    # rows inside the indicator block that hold numbers but could not be read as an
    # indicator: totals over such a block are not checked
    unread_rows: int = 0


@dataclass
class Report:
    """One report inside a document (a document usually holds exactly one)."""
    index: int
    start: int
    end: int
    title: str
    title_span: tuple[int, int] | None
    fields: dict[str, tuple[str, int, int]]  # name -> (value, start, end)


@dataclass
class Document:
    path: str
    original: str
    norm: NormText
    encoding: str | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    forms: list[Form] = field(default_factory=list)
    # (start, end, label) spans of the ORIGINAL text with a location a user can find in
    # the source file (page, table cell, sheet!cell); sorted by start; empty for text
    locations: list[tuple[int, int, str]] = field(default_factory=list)
    fmt: str | None = None

    @cached_property
    def text(self) -> str:
        """The normalized text the checks read (kept after the first read: rules read it
        hundreds of thousands of times per corpus; ``norm`` is never replaced)."""
        return self.norm.text

    @property
    def title(self) -> str:
        return self.reports[0].title if self.reports else ""

    @property
    def fields(self) -> dict[str, tuple[str, int, int]]:
        return self.reports[0].fields if self.reports else {}

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        return self.norm.to_original(start, end)

    def line_col(self, original_offset: int) -> tuple[int, int]:
        return line_col(self.original, original_offset)

    def location(self, original_offset: int) -> str:
        """Where ``original_offset`` lies in the source file ("第2页", "表1 第3行第2列",
        "Sheet1!D7"), or "" when the source has no such places (plain text)."""
        locs = self.locations
        if not locs:
            return ""
        i = bisect.bisect_right(locs, original_offset, key=lambda t: t[0]) - 1
        # the innermost span holding the offset: later-starting spans are narrower
        while i >= 0:
            s, e, label = locs[i]
            if s <= original_offset < e:
                return label
            i -= 1
        return ""

    def report_at(self, offset: int) -> Report | None:
        reports = self.reports
        if not reports:
            return None
        if len(reports) == 1:
            return reports[0]     # what the search below returns for any offset
        # reports are contiguous and in order: try the last one starting at or before offset
        i = bisect.bisect_right(reports, offset, key=lambda r: r.start) - 1
        if 0 <= i and reports[i].start <= offset < reports[i].end and \
                (i == 0 or not reports[i - 1].start <= offset < reports[i - 1].end):
            return reports[i]
        for r in reports:
            if r.start <= offset < r.end:
                return r
        return reports[-1]

    def paragraph_at(self, offset: int) -> Paragraph | None:
        """The paragraph whose [start, end] holds ``offset`` (its line end included)."""
        ps = self.paragraphs
        cache = self.__dict__.get("_paragraph_starts_cache")
        if cache is None or cache[0] is not ps or cache[1] != len(ps) or (ps and cache[2] is not ps[-1]):
            cache = self._paragraph_starts(ps)
        starts = cache[3]
        if starts is None:
            return self._paragraph_search(offset)
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0:
            p = ps[i]
            if offset <= p.end:
                return p
        return None

    def _paragraph_starts(self, ps: list[Paragraph]) -> tuple:
        """Paragraph starts, computed once (rules ask ``paragraph_at`` hundreds of times
        per report); None when the paragraphs are not in order without overlaps, which
        the bisect needs (``build_document`` always makes them so)."""
        ordered = all(a.end < b.start for a, b in pairwise(ps))
        starts = [p.start for p in ps] if ordered else None
        cache = self.__dict__["_paragraph_starts_cache"] = (ps, len(ps), ps[-1] if ps else None, starts)
        return cache

    def _paragraph_search(self, offset: int) -> Paragraph | None:
        lo, hi = 0, len(self.paragraphs) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            p = self.paragraphs[mid]
            if offset < p.start:
                hi = mid - 1
            elif offset > p.end:
                lo = mid + 1
            else:
                return p
        return None

    def section_path(self, offset: int) -> list[Heading]:
        """Headings enclosing ``offset``, outermost first."""
        cached = self.__dict__.get("_section_cache")
        if cached is not None:      # the check of ``_section_paths``, inlined: rules ask often
            hs = self.headings
            key = cached[0]
            if key[0] == id(hs) and key[1] == len(hs) and key[2] is (hs[-1] if hs else None):
                starts, paths = cached[1]
                return list(paths[bisect.bisect_right(starts, offset)])
        cache = self._section_paths()
        if cache is None:
            return _walk_section_path(self.headings, offset)
        starts, paths = cache
        return list(paths[bisect.bisect_right(starts, offset)])

    def _section_paths(self):
        """For every prefix of ``headings`` the path it leaves, computed once, so
        that ``section_path`` is a binary search instead of a walk over all
        headings.  None when the headings are not in document order."""
        hs = self.headings
        cache = self.__dict__.get("_section_cache")
        if cache is not None:
            k = cache[0]
            if k[0] == id(hs) and k[1] == len(hs) and k[2] is (hs[-1] if hs else None):
                return cache[1]
        key = (id(hs), len(hs), hs[-1] if hs else None)
        if any(a.start > b.start for a, b in zip(hs, hs[1:])):
            return None
        path: list[Heading] = []
        paths: list[tuple[Heading, ...]] = [()]
        for h in hs:
            if not h.in_toc:
                while path and path[-1].level >= h.level:
                    path.pop()
                path.append(h)
            paths.append(tuple(path))
        value = ([h.start for h in hs], paths)
        self.__dict__["_section_cache"] = (key, value)
        return value

    @cached_property
    def spacy_doc(self):
        """A spaCy ``Doc`` over the normalized text (blank zh, jieba segmenter)."""
        from .nlp import get_nlp
        return make_spacy_doc(get_nlp(), self.text)


def make_spacy_doc(nlp, text: str):
    """``nlp(text)``, in time linear in the text's length.

    spaCy's Chinese tokenizer aligns jieba's words with the text by slicing the
    rest of the text for every word (``spacy.util.get_words_and_spaces``), which
    is quadratic: minutes for a long single-line document.  With the jieba
    segmenter the same words and spaces are computed here with ``str.find`` from
    the current position, and the Doc is built as spaCy would build it.
    """
    tok = nlp.tokenizer
    seg = getattr(tok, "jieba_seg", None)
    if seg is None or str(getattr(tok, "segmenter", "")) not in ("jieba", "Segmenter.jieba"):
        return nlp(text)
    from spacy.tokens import Doc

    words = [w for w in seg.cut(text, cut_all=False) if w]
    words, spaces = _words_and_spaces(words, text)
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def _words_and_spaces(words: list[str], text: str) -> tuple[list[str], list[bool]]:
    """``spacy.util.get_words_and_spaces`` with ``text.find(word, pos)`` instead of
    ``text[pos:].index(word)``: the same result, linear instead of quadratic."""
    if "".join("".join(words).split()) != "".join(text.split()):
        from spacy.util import get_words_and_spaces
        return get_words_and_spaces(words, text)   # raises spaCy's own error
    text_words: list[str] = []
    text_spaces: list[bool] = []
    pos = 0
    n = len(text)
    for word in words:
        if word.isspace():
            continue
        start = text.find(word, pos)
        if start < 0:
            from spacy.util import get_words_and_spaces
            return get_words_and_spaces(words, text)
        if start > pos:
            text_words.append(text[pos:start])
            text_spaces.append(False)
            pos = start
        text_words.append(word)
        text_spaces.append(False)
        pos += len(word)
        if pos < n and text[pos] == " ":
            text_spaces[-1] = True
            pos += 1
    if pos < n:
        text_words.append(text[pos:])
        text_spaces.append(False)
    return text_words, text_spaces


def _walk_section_path(headings: list[Heading], offset: int) -> list[Heading]:
    path: list[Heading] = []
    for h in headings:
        if h.start > offset:
            break
        if h.in_toc:
            continue
        while path and path[-1].level >= h.level:
            path.pop()
        path.append(h)
    return path


# a contents entry run into the next one: a section marker, a title, its page number, then
# the next marker at once ((一)评估依据7(二)评估的组织8(三)…), as a contents page flattened to
# one line prints them
_SECTION_MARK = r"(?:[(（][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)"
_RUN_ENTRY = re.compile(_SECTION_MARK + r"[^\n()（）。；;]{2,40}?\s?\d{1,3}(?=\s?" + _SECTION_MARK + ")")
_CONTENTS_RUN_MIN = 4


def contents_runs(doc) -> list[tuple[int, int]]:
    """Spans of ``doc.text`` where four or more contents entries run together on one line:
    their page numbers are no quantities of the report.  Computed once per document."""
    got = doc.__dict__.get("_contents_runs")
    if got is None:
        got, run = [], []
        for m in _RUN_ENTRY.finditer(doc.text):
            if run and m.start() != run[-1][1]:
                if len(run) >= _CONTENTS_RUN_MIN:
                    got.append((run[0][0], run[-1][1]))
                run = []
            run.append((m.start(), m.end()))
        if len(run) >= _CONTENTS_RUN_MIN:
            got.append((run[0][0], run[-1][1]))
        doc.__dict__["_contents_runs"] = got
    return got


def in_contents_run(doc, pos: int) -> bool:
    """Is ``pos`` inside a contents run, or in the few characters after it (the last entry's
    page number, when the entry after it is no longer a section marker: …减少27七、目标…)?"""
    runs = contents_runs(doc)
    i = bisect.bisect_right(runs, (pos, float("inf"))) - 1
    return i >= 0 and runs[i][0] <= pos < runs[i][1] + 4


def build_document(path: str, original: str, encoding: str | None = None,
                   fmt: str | None = None,
                   locations: list[tuple[int, int, str]] | None = None) -> Document:
    norm = normalize(original)
    doc = Document(path=path, original=original, norm=norm, encoding=encoding, fmt=fmt,
                   locations=sorted(locations or [], key=lambda t: (t[0], -t[1])))
    _split_paragraphs(doc)
    _find_tables(doc)
    _find_headings(doc)
    _split_sentences(doc)
    _find_reports(doc)
    from .forms import find_forms   # forms reads the model's tables: imported late
    find_forms(doc)
    return doc


def _split_paragraphs(doc: Document) -> None:
    lines = doc.text.split("\n")
    starts = list(accumulate([len(line) + 1 for line in lines], initial=0))
    doc.paragraphs.extend(map(Paragraph, range(len(lines)), starts,
                              [s + len(line) for s, line in zip(starts, lines)], lines))


def _has_leader(s: str) -> bool:
    """Could ``s`` hold a contents leader?  ``_TOC_LEADER`` needs one of these; the
    plain test spares the regex on all other lines."""
    return "..." in s or "……" in s or "···" in s


_PIPE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")
_COLUMN_GAP = re.compile(r"\S(?: {2,}|\u3000+)(?=\S)")


def _row_kind(line: str) -> str | None:
    """How a line lays out table cells: ``tab``, ``pipe`` (``a | b |`` with or without
    the outer pipes, as web pages and Markdown print tables), ``spaces`` (columns
    aligned by runs of two or more spaces), or None for a line of prose."""
    stripped = line.strip(" ")
    if not stripped:
        return None
    if _has_leader(line) and _TOC_LEADER.search(line.replace("\t", " ")):
        return None  # a contents line: 一、基本情况.....<tab>- 1 -
    if "\t" in stripped:
        return "tab"
    if "|" in stripped:
        pipes = stripped.count("|")
        if pipes >= 2 or stripped.startswith("|") or stripped.endswith("|"):
            return "pipe"
        return "pipe1"   # `a | b`: a row of two cells when its neighbours are rows too
    # a column gap is two spaces or an ideographic space: most lines hold neither
    if ("  " in stripped or "\u3000" in stripped) and len(_COLUMN_GAP.findall(stripped)) >= 2:
        return "spaces"
    return None


def _find_tables(doc: Document) -> None:
    """Consecutive lines laid out as cells make a table.  A block of space-aligned
    lines needs two lines at least (one such line is prose with wide spaces); a
    Markdown rule line (``|---|---|``) is kept in the table but holds no cells."""
    current: list[tuple[Paragraph, str]] = []

    def flush():
        # space-aligned lines, and `a | b` lines with one pipe, are a table only two or
        # more at a time: one such line is prose with wide spaces or a stray bar
        if current and (len(current) >= 2 or current[0][1] not in ("spaces", "pipe1")):
            tid = len(doc.tables)
            rows = []
            for r, (p, kind) in enumerate(current):
                p.table_id = tid
                rows.append(_cells(p, r, "pipe" if kind == "pipe1" else kind))
            doc.tables.append(Table(tid, current[0][0].start, current[-1][0].end, rows,
                                    [p.index for p, _ in current]))
        current.clear()

    for p in doc.paragraphs:
        t = p.text
        # a row holds a tab, a pipe or a column gap: most lines hold none and are prose
        kind = _row_kind(t) if "\t" in t or "|" in t or "  " in t or "\u3000" in t else None
        if kind is None:
            if current:
                flush()
        else:
            if current and (kind == "spaces") != (current[-1][1] == "spaces"):
                flush()
            current.append((p, kind))
    flush()
    _find_cell_per_line_tables(doc)


# Web pages exported one cell per line: a header of short column names starting with
# 序号 (or 编号), then records that each start with their running number 1, 2, 3 …
_SEQ_HEAD = re.compile(r"^(?:序号|编号|序)$")
_CELL_LINE_MAX = 40
_TOTAL_ROW = re.compile(r"^(?:合\s*计|总\s*计|小\s*计)$")


def _find_cell_per_line_tables(doc: Document) -> None:
    ps = doc.paragraphs
    resume = 0             # the paragraphs before it are in a table found here
    # a header line is 序号, 编号 or 序: only such lines are looked at
    for i in [k for k, p in enumerate(ps) if "序" in p.text or "编号" in p.text]:
        if i < resume:
            continue
        p = ps[i]
        if p.table_id is not None or not _SEQ_HEAD.match(p.text.strip()):
            continue
        # the header: short non-numeric lines up to the first record's number 1
        j = i + 1
        while j < len(ps) and ps[j].table_id is None and ps[j].text.strip() != "1" and \
                _cell_like(ps[j].text) and not ps[j].text.strip().isdigit() and j - i <= 15:
            j += 1
        if j >= len(ps) or ps[j].text.strip() != "1" or j - i < 3:
            continue
        width = j - i
        rows_paras = [ps[i:j]]
        expected = 1
        k = j
        current: list[Paragraph] = []
        while k < len(ps) and ps[k].table_id is None and _cell_like(ps[k].text):
            t = ps[k].text.strip()
            if t == str(expected) or _TOTAL_ROW.match(t):
                if current:
                    rows_paras.append(current)
                current = [ps[k]]
                expected += 1
            elif current and len(current) < width:
                current.append(ps[k])
            else:
                break
            k += 1
        if current:
            rows_paras.append(current)
        if len(rows_paras) < 2:
            continue
        tid = len(doc.tables)
        rows = []
        for r, cells in enumerate(rows_paras):
            row = []
            for c, q in enumerate(cells):
                q.table_id = tid
                lead = len(q.text) - len(q.text.lstrip())
                row.append(Cell(q.text.strip(), q.start + lead, q.start + lead + len(q.text.strip()), r, c))
            rows.append(row)
        doc.tables.append(Table(tid, rows_paras[0][0].start, rows_paras[-1][-1].end, rows,
                                [cells[0].index for cells in rows_paras]))
        resume = k


def _cell_like(line: str) -> bool:
    s = line.strip()
    return 0 < len(s) <= _CELL_LINE_MAX and "。" not in s and "\t" not in s and "|" not in s


def _cells(p: Paragraph, row: int, kind: str = "tab") -> list[Cell]:
    base = p.start
    return [Cell(t, base + a, base + b, row, col) for col, (t, a, b) in enumerate(_cell_spans(p.text, kind))]


@lru_cache(maxsize=16384)
def _cell_spans(text: str, kind: str) -> tuple[tuple[str, int, int], ...]:
    """(text, start, end in the line) of every cell of a table line laid out as ``kind``: a
    function of the line alone, cached (a form's rows recur across a folder of reports)."""
    if kind == "pipe" and _PIPE_RULE.match(text.strip()):
        return ()
    # (start in the text, piece) for every cell
    if kind == "spaces":
        pieces = [(m.start(), m.group()) for m in re.finditer(r"\S+(?: \S+)*", text)]
    else:
        pieces = []
        a = 0
        for raw in text.split("\t" if kind == "tab" else "|"):
            pieces.append((a, raw))
            a += len(raw) + 1
    cells = []
    for a, raw in pieces:
        t = raw.strip()
        if len(t) == len(raw):          # most cells: nothing to strip
            cells.append((t, a, a + len(raw)))
        else:
            s = a + (len(raw) - len(raw.lstrip()))
            cells.append((t, s, max(a + len(raw.rstrip()), s)))
    if kind == "pipe":
        # the outer pipes of `| a | b |` delimit no cells
        if cells and not cells[0][0] and text.lstrip().startswith("|"):
            del cells[0]
        if cells and not cells[-1][0]:
            del cells[-1]
    return tuple(cells)


def _find_headings(doc: Document) -> None:
    for p in doc.paragraphs:
        if p.table_id is not None:
            continue
        s = p.text.strip()
        if not s or not _HEADING_FIRST.match(s):
            continue
        found = _heading_parts(s)
        if found is not None:
            # A numbered line is a heading when it is short or a bold-like
            # phrase; long numbered prose is a list item and still a heading
            # for numbering purposes.
            level, num, title, in_toc = found
            lead = len(p.text) - len(p.text.lstrip())
            h = Heading(level, num, title, p.start + lead, p.end, p.index, in_toc)
            p.heading = h
            doc.headings.append(h)


@lru_cache(maxsize=16384)
def _heading_parts(s: str) -> tuple[int, str, str, bool] | None:
    """(level, number, title, in_toc) of a stripped line numbered as a heading, else None:
    a function of the line alone, cached (headings recur across a folder of reports)."""
    in_toc = _has_leader(s) and bool(_TOC_LEADER.search(s))
    for level, pat in _PATTERNS_BY_FIRST.get(s[0], _DIGIT_PATTERNS):
        m = pat.match(s)
        if m:
            title = m.group("title")
            return level, m.group("num"), (_TOC_LEADER.sub("", title) if in_toc else title).strip(), in_toc
    return None


# the pieces ``_SENT_END`` cuts a line into: text up to the end of a run of sentence
# punctuation, or a run at the line's start, or the text after the last run (the standard
# ``re``'s ``findall`` lists them several times faster than ``regex``'s matches)
_SENTENCE_PIECE = _stdre.compile(r"[^。！？!?；;]+[。！？!?；;]*|[。！？!?；;]+")


def _split_sentences(doc: Document) -> None:
    sentences = doc.sentences
    for p in doc.paragraphs:
        if p.table_id is not None or not p.text.strip():
            continue
        start, index = p.start, p.index
        sentences.extend([Sentence(start + a, start + b, seg, index) for seg, a, b in _sentence_spans(p.text)])


@lru_cache(maxsize=16384)
def _sentence_spans(text: str) -> tuple[tuple[str, int, int], ...]:
    """(sentence, start, end in the line) of every sentence of a line: a function of the line
    alone, cached (template lines recur across a folder of reports)."""
    out = []
    start = 0
    for seg in _SENTENCE_PIECE.findall(text):
        end = start + len(seg)
        if seg.strip():            # all but a blank tail: each ends on punctuation
            out.append((seg, start, end))
        start = end
    return tuple(out)


def _find_reports(doc: Document) -> None:
    starts = [p.start for p in doc.paragraphs if "附件" in p.text and _REPORT_START.match(p.text.strip())]
    names = set()
    for p in doc.paragraphs:
        m = _NAME_LINE.match(p.text) if "项目名称" in p.text else None
        if m:
            names.add(m.group(1).strip("\t ").split("\t")[0])
    bounds = [0]
    if len(starts) >= 2 and len(names) >= 2:
        bounds = sorted(set([0] + starts))
        if len(bounds) > 1 and not doc.text[:bounds[1]].strip():
            bounds = bounds[1:]
            bounds[0] = 0
    bounds.append(len(doc.text) + 1)
    para_starts = [p.start for p in doc.paragraphs]
    rows = {pi: t.rows[k] for t in doc.tables for k, pi in enumerate(t.para_indices)}
    for i in range(len(bounds) - 1):
        s, e = bounds[i], min(bounds[i + 1], len(doc.text))
        first = bisect.bisect_left(para_starts, s)   # first paragraph with start >= s
        title, tspan = _title(doc, s, e, first)
        doc.reports.append(Report(i, s, e, title, tspan, _fields(doc, s, e, first, rows)))


def _title(doc: Document, start: int, end: int, first: int = 0) -> tuple[str, tuple[int, int] | None]:
    seen = 0
    fallback = None
    for p in _paragraphs_from(doc, first):
        if p.start < start or p.table_id is not None:
            continue
        if p.start >= end or seen >= 10:
            break
        s = p.text.strip()
        if not s or _REPORT_START.match(s):
            continue
        seen += 1
        if s.startswith(FIELD_NAMES) or p.heading is not None:
            continue
        if fallback is None:
            fallback = p
        if _TITLE_WORDS.search(s) and len(s) <= 80:
            lead = len(p.text) - len(p.text.lstrip())
            return s, (p.start + lead, p.end)
    if fallback is not None:
        lead = len(fallback.text) - len(fallback.text.lstrip())
        return fallback.text.strip(), (fallback.start + lead, fallback.end)
    return "", None


_NAME_LINE = re.compile(r"^\s*项目名称\s*[:：\t]\s*(.+)$")
_STAMP = re.compile(r"^[(（][^)）]{0,6}[)）]")


def _paragraphs_from(doc: Document, first: int):
    ps = doc.paragraphs
    for k in range(first, len(ps)):
        yield ps[k]


_FIELD_NAME_SET = frozenset(FIELD_NAMES)
_FIELD_LINE = re.compile(r"^\s*(?P<name>" + "|".join(FIELD_NAMES) + r")\s*(?:[(（][^)）]{0,8}[)）])?\s*[:：]\s*(?P<value>.*)$")


def _fields(doc: Document, start: int, end: int, first: int = 0,
            rows: dict[int, list[Cell]] | None = None) -> dict[str, tuple[str, int, int]]:
    fields: dict[str, tuple[str, int, int]] = {}
    for p in _paragraphs_from(doc, first):
        if p.start < start:
            continue
        if p.start >= end:
            break
        if p.table_id is None:
            # a field line holds a colon: the others are spared the pattern
            m = _FIELD_LINE.match(p.text) if ":" in p.text or "：" in p.text else None
            if m and m.group("name") not in fields:
                value = m.group("value").strip()
                vs = p.start + m.start("value")
                # "(公章)" and similar stamps are not part of the value
                stamp = _STAMP.match(value)
                if stamp:
                    vs += stamp.end()
                    value = value[stamp.end():]
                if value:
                    fields[m.group("name")] = (value, vs, vs + len(value))
            continue
        if rows is not None:
            # the row built from this paragraph (the cells of a row lie inside its line)
            row = rows.get(p.index, [])
        else:
            table = doc.tables[p.table_id]
            row = next(r for r in table.rows if r and r[0].start >= p.start and r[0].start <= p.end) \
                if any(r and p.start <= r[0].start <= p.end for r in table.rows) else []
        cells = [c for c in row if c.text]
        for i, c in enumerate(cells[:-1]):
            name = c.text.replace(" ", "")
            if name in _FIELD_NAME_SET and name not in fields:
                v = cells[i + 1]
                if v.text not in _FIELD_NAME_SET:
                    fields[name] = (v.text, v.start, v.end)
    return fields
