"""Numbers in tables: each row's label and its numeric cells.

A cell is numeric when, apart from a unit or a stamp such as ``(20分*执行率)``,
it holds one number.  Rows are classified for the sum checks: a 小计 row closes
a block of parts, a 合计/总计 row closes the table, rows marked ①② or 其中 are
children of the row above them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from auditor import rx as re

from .quantities import Quantity, doc_quantities

_SUBTOTAL = re.compile(r"^(?:小计|小 计|本页小计)$")
_TOTAL = re.compile(r"^(?:合计|合 计|总计|总 计|总分|总 分|合计数)$")
_CHILD = re.compile(r"^(?:[①②③④⑤⑥⑦⑧⑨⑩]|其中[:：]?|[(（]\d{1,2}[)）]|\d{1,2}[.、](?!\d)|[-—]\s*)")


@dataclass
class NumRow:
    row: int
    label: str                      # joined text of the non-numeric cells
    cells: list                     # model.Cell
    numbers: dict[int, Quantity] = field(default_factory=dict)   # col -> quantity
    kind: str = "normal"            # normal, subtotal, total, child, header, blank

    @property
    def width(self) -> int:
        """Cells up to the last non-empty one (trailing empty cells are layout)."""
        for c in reversed(self.cells):
            if c.text:
                return c.col + 1
        return 0

    def from_right(self, ridx: int):
        """The number in column ``ridx`` counted from the last non-empty cell (-1)."""
        return self.numbers.get(self.width + ridx)

    @property
    def first_label(self) -> str:
        for c in self.cells:
            if c.text and c.col not in self.numbers:
                return c.text
        return ""

    @property
    def last_label(self) -> str:
        for c in reversed(self.cells):
            if c.text and c.col not in self.numbers:
                return c.text
        return ""


def numeric_rows(doc, table) -> list[NumRow]:
    """The table's rows with their numbers and labels (computed once per table; callers
    must not modify them)."""
    cache = doc.__dict__.setdefault("_numeric_rows", {})
    rows = cache.get(table.id)
    if rows is None:
        rows = cache[table.id] = _numeric_rows(doc, table)
    return rows


def _table_quantities(doc, table_id: int) -> list[Quantity]:
    """The quantities inside table ``table_id``, in document order (grouped once per
    document rather than filtering all quantities for every table)."""
    qs = doc_quantities(doc)
    cache = doc.__dict__.get("_table_quantities")
    if cache is None or cache[0] is not qs or cache[1] != len(qs):
        groups: dict[int, list[Quantity]] = {}
        for q in qs:
            if q.cell:
                groups.setdefault(q.cell[0], []).append(q)
        cache = doc.__dict__["_table_quantities"] = (qs, len(qs), groups)
    return cache[2].get(table_id, [])


def _numeric_rows(doc, table) -> list[NumRow]:
    qs = _table_quantities(doc, table.id)
    by_row: dict[int, dict[int, list[Quantity]]] = {}     # row -> col -> quantities
    for q in qs:
        by_row.setdefault(q.cell[1], {}).setdefault(q.cell[2], []).append(q)
    rows = []
    for r, cells in enumerate(table.rows):
        nr = NumRow(r, "", cells)
        labels = []
        in_row = by_row.get(r)
        for c in cells:
            found = in_row.get(c.col) if in_row else None
            if found and _is_numeric_cell(c.text, found):
                nr.numbers[c.col] = found[-1]
            elif c.text:
                labels.append(c.text)
        nr.label = " ".join(labels)
        if not nr.numbers:
            nr.kind = "header" if labels else "blank"
            rows.append(nr)
            continue
        first = nr.first_label.replace(" ", "")
        last = nr.last_label.replace(" ", "")
        # every 小计 word holds 计, every total word 计 or 分, and no child mark starts on a
        # common Han character but 其: most rows are spared the regexes
        sub_or_total = "计" in first or "计" in last or "分" in first or "分" in last
        if sub_or_total and (_SUBTOTAL.match(first) or _SUBTOTAL.match(last)):
            nr.kind = "subtotal"
        elif sub_or_total and (_TOTAL.match(first) or _TOTAL.match(last)):
            nr.kind = "total"
        elif not ("\u4e00" <= first[:1] <= "\u9fff" and first[:1] != "其") and _CHILD.match(first):
            nr.kind = "child"
        rows.append(nr)
    return rows


def _is_numeric_cell(text: str, found: list[Quantity]) -> bool:
    """One number (optionally with unit, or after a formula stamp in brackets)."""
    return _numeric_text(text, found[-1].raw, len(found) == 1)


_STAMP = re.compile(r"[(（][^)）]*[)）]")
_UNIT_OR_SPACE = re.compile(r"万元|亿元|元|%|万|分|人|户|份|个|项|家|件|[\s,]")


@lru_cache(maxsize=8192)
def _numeric_text(text: str, raw: str, single: bool) -> bool:
    """``_is_numeric_cell`` for a cell printing ``text`` whose last number is ``raw``
    (``single``: its only one); cached, as cell texts recur (100%, 10, 合计)."""
    rest = text.replace(raw, "", 1)
    rest = _STAMP.sub("", rest)
    rest = _UNIT_OR_SPACE.sub("", rest)
    return rest == "" and (single or text.startswith(("(", "（")))


_SCORE_HEAD = re.compile(r"得分|分值|权重|分数|评分")


def is_score_table(rows: list[NumRow]) -> bool:
    """Score tables (权重/得分 columns, a 总分 row) are summed by the score family."""
    for r in rows:
        if r.kind == "header" and any(_SCORE_HEAD.search(c.text) for c in r.cells):
            return True
        if r.kind == "total" and re.match(r"总\s*分", r.first_label):
            return True
    return False


def budget_triple(row: NumRow) -> tuple[Quantity, Quantity, Quantity, Quantity | None] | None:
    """(A, B, rate, number after the rate) of a row 预算数 A | 执行数 B | 执行率 | 得分:
    the two numbers printed before the row's only percentage."""
    nums = [row.numbers[c] for c in sorted(row.numbers)]
    pct = [i for i, q in enumerate(nums) if q.kind == "percent"]
    if len(pct) != 1 or pct[0] < 2:
        return None
    i = pct[0]
    after = nums[i + 1] if i + 1 < len(nums) else None
    return nums[i - 2], nums[i - 1], nums[i], after
