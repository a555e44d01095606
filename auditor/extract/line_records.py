"""Tables printed as plain lines, one cell per line (``plain_line_parts``), read two ways.

Numbered records printed one cell per line with no header and no separator (the text
of a PDF table cut from its page head):

    新会区某某村现有耕地提质改造项目      <- record 1 (its number lost with the page head)
    1024.42
    946.34
    2
    新会区某某村耕地提质改造项目
    904.63
    …
    合计
    5857.28
    4720.82

Each record is its running number, its name (a line that is not a number) and its
amounts; 合计 is followed by one total per summed column.  Column j of the totals adds up
the j-th amount of every record.  Read only when the running numbers hold from 1 (or 2,
the first record's number lost at the top of the text) to the last record, every record
prints at least as many amounts as there are totals, and — when records print different
numbers of amounts, so that a lost cell could shift a column — one column adds up, which
shows the columns line up.

The looser ``folded_line_parts`` reads what the records reading leaves: rows with a row
number, one or two text lines and number lines, closed by a 合计 that may total only some
columns (the column choice must be the single best one).
"""
from __future__ import annotations

from decimal import Decimal

from auditor import rx as re

from ..rounding import Interval, total
from .quantities import doc_quantities, quantities_in

_PLAIN = re.compile(r"^\d[\d,]*(?:\.\d+)?$")
_INDEX = re.compile(r"^\d{1,3}$")
_TOTAL = re.compile(r"^(?:合\s*计|总\s*计)$")
_MAX_LINE = 60


def plain_line_parts(doc):
    """The sums of tables printed as plain lines: numbered records first
    (``line_record_parts``, the stricter reading), then the looser ``folded_line_parts``
    only for totals the records did not read, so that each total gives one relation."""
    records = list(line_record_parts(doc))
    read = {pr.whole.num_start for pr in records}
    yield from records
    yield from (pr for pr in folded_line_parts(doc) if pr.whole.num_start not in read)


def line_record_parts(doc):
    from .relations import AMOUNT_KINDS, Parts, prose_paragraphs
    if "计" not in doc.text:
        return       # no 合计/总计 line: nothing is read
    lines = prose_paragraphs(doc)
    if not any("计" in p.text and _TOTAL.match(p.text.strip()) for p in lines):
        return       # no 合计/总计 line (the loop below reads nothing else)
    keys = [p.text.strip() for p in lines]
    for t, key in enumerate(keys):
        if not _TOTAL.match(key):
            continue
        totals = []
        k = t + 1
        while k < len(keys) and _PLAIN.match(keys[k]):
            totals.append(k)
            k += 1
        if not totals:
            continue
        records = _records_before(keys, t)
        if records is None or len(records) < 3 or any(len(nums) < len(totals) for _, nums in records):
            continue
        qs = {}
        for i in [x for _, nums in records for x in nums] + totals:
            found = [q for q in quantities_in(doc, lines[i].start, lines[i].end)
                     if q.cell is None and q.raw in (keys[i], keys[i].replace(",", ""))]
            if len(found) != 1 or not found[0].exact or found[0].kind not in AMOUNT_KINDS:
                break
            qs[i] = found[0]
        else:
            cols = [[qs[nums[j]] for _, nums in records] for j in range(len(totals))]
            wholes = [qs[i] for i in totals]
            if len({len(nums) for _, nums in records}) > 1 and not any(
                    total(Interval.of(q) for q in col).intersects(Interval.of(w)) for col, w in zip(cols, wholes)):
                continue      # ragged records and no column adds up: the columns may be shifted
            for col, w in zip(cols, wholes):
                if all(q.unit == w.unit and q.kind == w.kind for q in col) and w.value > Decimal(0):
                    yield Parts(w, col, True, "table_folded", label=key)


def _records_before(keys: list[str], t: int):
    """(name line, [amount lines]) of the records ending at line ``t``, first to last, or
    None when the lines before 合计 are no run of numbered records."""
    records = []            # (name line, amount lines, running number or None), last first
    nums: list[int] = []
    k = t - 1
    while k >= 0:
        key = keys[k]
        if _PLAIN.match(key):
            nums.append(k)
            k -= 1
            continue
        if len(key) > _MAX_LINE or not re.search(r"\p{Han}", key) or not nums:
            return None
        name, amounts = k, list(reversed(nums))
        nums = []
        k -= 1
        # the running number above the name (amount lines above it are the record before's)
        number = int(keys[k]) if k >= 0 and _INDEX.match(keys[k]) else None
        records.append((name, amounts, number))
        if number is None or number == 1:
            break
        k -= 1
    records.reverse()
    numbers = [r[2] for r in records]
    if numbers and numbers[0] is None:
        # the first record's number lost at the top of the text: nothing may come before it
        if k >= 0 or numbers[1:2] != [2]:
            return None
        numbers[0] = 1
    if not records or numbers != list(range(1, len(numbers) + 1)):
        return None
    return [(name, amounts) for name, amounts, _ in records]


# a line of one label and one amount (年度预算资金总额: 321.25, 市级资金 136.00, 其他资金 5万元)
_LABEL_VALUE = re.compile(r"^(?P<label>[^\d\n]{1,40}?)[ \t\u3000]*[:：]?[ \t\u3000]*"
                          r"(?P<num>-?\d[\d,]*(?:\.\d+)?)[ \t\u3000]*(?:万元|亿元|元)?[ \t\u3000]*$")
_WHOLE_LABEL = re.compile(r"总额|合计|总计|总数|共计|小计")
_OPENS_PARTS = re.compile(r"^其中[ \t\u3000]*[:：]?[ \t\u3000]*")
_NOT_A_PART = re.compile(r"其中|合计|总计|总额|小计")


def breakdown_line_parts(doc):
    """A whole on its own line and its 其中 parts one per line below it, as flattened forms
    print their funds blocks::

        年度预算资金总额: 321.25
        其中:中央补助 166.00
        市级资金 136.00
        本级资金(包括结转结余) 20.25

    The parts are the label-and-amount lines from the 其中 line on, up to the first line
    that is not one (a bare 其中:, a title, a nested total).  A 其中 list may name only some
    parts: only an excess is wrong (``Parts.exhaustive`` False)."""
    from .relations import AMOUNT_KINDS, Parts, prose_paragraphs
    if "其中" not in doc.text:
        return
    lines = prose_paragraphs(doc)
    for k in range(len(lines) - 2):
        opener = _OPENS_PARTS.match(lines[k + 1].text.strip())
        if opener is None:
            continue
        head = _LABEL_VALUE.match(lines[k].text.strip())
        if head is None or not _WHOLE_LABEL.search(head.group("label")):
            continue
        whole = _amount_on(doc, lines[k], head.group("num"))
        if whole is None:
            continue
        parts = []
        for j in range(k + 1, len(lines)):
            # the 其中 line's own part after the cue, then one part a line
            text = lines[j].text.strip()[opener.end() if j == k + 1 else 0:]
            m = _LABEL_VALUE.match(text)
            if m is None or _NOT_A_PART.search(m.group("label")) or not re.search(r"\p{Han}", m.group("label")):
                break
            q = _amount_on(doc, lines[j], m.group("num"))
            if q is None:
                break
            parts.append(q)
        if len(parts) >= 2 and all(q.unit == whole.unit and q.kind == whole.kind for q in parts) \
                and whole.kind in AMOUNT_KINDS and whole.value > 0:
            yield Parts(whole, parts, False, "其中", label=head.group("label"))


def _amount_on(doc, line, raw: str):
    """The one exact quantity of ``line`` printed as ``raw`` (None when there is not one)."""
    found = [q for q in quantities_in(doc, line.start, line.end)
             if q.cell is None and q.exact and q.raw in (raw, raw.replace(",", ""))]
    return found[0] if len(found) == 1 else None


_LINE_INT = re.compile(r"^\d{1,3}$")
_LINE_NUM = re.compile(r"^-?\d[\d,]*(?:\.\d+)?$")
_LINE_TOTAL = re.compile(r"^(?:合\s*计|总\s*计)[:：]?$")


def folded_line_parts(doc):
    """A table whose cells came out as plain lines, no separators (PDF text): rows
    ``2`` / ``甲村改造项目`` / ``904.63`` / ``833.7`` …, each a row number, one or two text
    lines and number lines, then ``合计`` and its number lines.  The first row may have lost
    its number 1 (the text starts inside the table).  The 合计 line may total only some
    columns (an average is not added up): the columns it totals are taken in order, and the
    choice of columns must be the one reading where the most of them add up — at least one
    must, or the layout is not understood and nothing is read."""
    from itertools import combinations

    from .relations import Parts, prose_paragraphs
    text = doc.text
    if "计" not in text:
        return       # no 合计/总计 line, so no run can close on a total (nothing is read)
    lines = prose_paragraphs(doc)
    if not any("计" in p.text and _LINE_TOTAL.match(p.text.strip()) for p in lines):
        return       # the same test as below, on the few lines that can pass it
    kinds = []
    for p in lines:
        t = text[p.start:p.end].strip()
        kinds.append("int" if _LINE_INT.match(t) else "num" if _LINE_NUM.match(t) else
                     "total" if _LINE_TOTAL.match(t) else "text")
    if "total" not in kinds:
        return       # every reading below ends on a 合计/总计 line
    qs_at = {}
    for q in doc_quantities(doc):
        if q.cell is None:
            qs_at.setdefault(q.num_start, q)

    def value(i):
        p = lines[i]
        return qs_at.get(p.start + len(text[p.start:p.end]) - len(text[p.start:p.end].lstrip()))

    def row_at(i):
        """(end, values) of a row body (text lines then number lines) starting at i."""
        j = i
        while j < len(lines) and j - i < 2 and kinds[j] == "text":
            j += 1
        if j == i:
            return None
        vals = []
        while j < len(lines) and kinds[j] in ("num", "int"):
            if kinds[j] == "int" and j + 1 < len(lines) and kinds[j + 1] == "text":
                break        # the next row's number
            vals.append(j)
            j += 1
        return (j, vals) if vals else None

    i = 0
    while i < len(lines):
        # a run opens on row 1 (or on a row without its number right before row 2)
        start_rows = []
        if kinds[i] == "int" and text[lines[i].start:lines[i].end].strip() == "1":
            r = row_at(i + 1)
            if r:
                start_rows, j, n = [r[1]], r[0], 1
        elif i == 0 or kinds[i - 1] != "num":
            r = row_at(i)
            if r and r[0] < len(lines) and kinds[r[0]] == "int" and \
                    text[lines[r[0]].start:lines[r[0]].end].strip() == "2":
                start_rows, j, n = [r[1]], r[0], 1
        if not start_rows:
            i += 1
            continue
        rows = start_rows
        while j < len(lines) and kinds[j] == "int" and text[lines[j].start:lines[j].end].strip() == str(n + 1):
            r = row_at(j + 1)
            if r is None:
                break
            rows.append(r[1])
            j, n = r[0], n + 1
        i = max(i + 1, j)
        if len(rows) < 3 or j >= len(lines) or kinds[j] != "total":
            continue
        tot = []
        k = j + 1
        while k < len(lines) and kinds[k] == "num":
            tot.append(k)
            k += 1
        widths = [len(r) for r in rows]
        wide = max(widths)
        if not tot or len(tot) > min(widths) or wide > 6:
            continue
        cells = [[value(x) for x in r] for r in rows]
        totals = [value(x) for x in tot]
        if any(q is None or not q.exact or q.kind == "percent" for r in cells for q in r) or \
                any(q is None or not q.exact for q in totals):
            continue
        # rows narrower than the widest are read from the left: they lack a cell the
        # total does not read either (the reading below must hold in every row)
        best, best_cols = -1, []
        for cols in combinations(range(wide), len(tot)):
            if any(max(cols) >= len(r) for r in cells):
                continue
            hits = sum(1 for c, t in zip(cols, totals)
                       if total(Interval.of(r[c]) for r in cells).intersects(Interval.of(t)))
            if hits > best:
                best, best_cols = hits, [cols]
            elif hits == best:
                best_cols.append(cols)
        if best < 1 or len(best_cols) != 1:
            continue
        for c, t in zip(best_cols[0], totals):
            yield Parts(t, [r[c] for r in cells], True, "table_folded", label="合计")
