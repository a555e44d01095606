"""Numbered records printed one cell per line with no header and no separator (the text
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
"""
from __future__ import annotations

from decimal import Decimal

from auditor import rx as re

from ..rounding import Interval, total
from .quantities import quantities_in

_PLAIN = re.compile(r"^\d[\d,]*(?:\.\d+)?$")
_INDEX = re.compile(r"^\d{1,3}$")
_TOTAL = re.compile(r"^(?:合\s*计|总\s*计)$")
_MAX_LINE = 60


def line_record_parts(doc):
    from .relations import AMOUNT_KINDS, Parts
    lines = [p for p in doc.paragraphs if p.table_id is None and p.text.strip()]
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
