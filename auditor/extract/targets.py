"""The targets of self-evaluation forms, read once per document (a derived layer):
rows whose 实际完成值 falls short of their 年初目标值, and 偏差原因 cells saying 无.
structure.missing (a missed target explained by 无) and text.contradiction (a conclusion
claiming every target met) both read it."""
from __future__ import annotations

import weakref

from auditor import rx as re

_DEVIATION = re.compile(r"偏差|未完成原因|未达成原因")
_NOTHING = re.compile(r"^\s*(?:无|无偏差|没有|/|-|—)\s*[。.]?\s*$")
_TARGET_HEAD = re.compile(r"目标值|指标值|年度目标|计划值")
_ACTUAL_HEAD = re.compile(r"实际完成值|实际值|完成值|实际完成")
_VALUE = re.compile(r"^\s*(?P<op>[≥>≤<]|不低于|不少于|不高于|不超过)?\s*(?P<n>\d+(?:\.\d+)?)\s*"
                    r"(?P<unit>%|[\p{Han}A-Za-z/]{1,4})?\s*$")


def _num(cell_text: str):
    m = _VALUE.match(cell_text.replace(" ", ""))
    if not m:
        return None
    op = m.group("op") or ""
    direction = "min" if op in ("≥", ">", "不低于", "不少于") else "max" if op else ""
    return float(m.group("n")), m.group("unit") or "", direction


_LAYERS: dict[int, dict] = {}


def form_targets(doc, lo: int, hi: int):
    """Self-evaluation forms in [lo, hi): (missed, nothing).  ``missed``: rows whose
    实际完成值 falls short of the 年初目标值, as (indicator name, target cell, actual
    cell); ``nothing``: (label cell, value cell) of deviation-reason cells saying 无.
    Computed once per document and range (structure.missing and text.contradiction
    both ask); callers must not modify the lists."""
    key = id(doc)
    cache = _LAYERS.get(key)
    if cache is None:
        cache = _LAYERS[key] = {}
        try:
            weakref.finalize(doc, _LAYERS.pop, key, None)
        except TypeError:      # not weak-referenceable: keep it for the process (tests)
            pass
    got = cache.get((lo, hi))
    if got is None:
        got = cache[(lo, hi)] = _form_targets(doc, lo, hi)
    return got


def _first_col(row, texts, pattern, joined: str):
    """The column of the first cell whose text matches ``pattern`` (None if none).  The
    patterns are plain words, so the row's joined text tells whether to look at all."""
    if not pattern.search(joined):
        return None
    return next((c.col for c, t in zip(row, texts) if pattern.search(t)), None)


def _form_targets(doc, lo: int, hi: int):
    missed = []
    nothing = []
    for table in doc.tables:
        if table.start < lo or table.start >= hi:
            continue
        t_col = a_col = None
        for row in table.rows:
            texts = [c.text.replace(" ", "") for c in row]
            joined = "\n".join(texts)     # no cell holds a newline, no pattern matches one
            tc = _first_col(row, texts, _TARGET_HEAD, joined)
            ac = _first_col(row, texts, _ACTUAL_HEAD, joined)
            if tc is not None and ac is not None and tc != ac:
                t_col, a_col = tc, ac
                continue
            if _DEVIATION.search(joined):
                for i, c in enumerate(row):
                    if _DEVIATION.search(texts[i]) and len(texts[i]) <= 20:
                        nxt = next((x for x in row[i + 1:] if x.text.strip()), None)
                        if nxt is not None and _NOTHING.match(nxt.text):
                            nothing.append((c, nxt))
            if t_col is None or max(t_col, a_col) >= len(row):
                continue
            if any("成本" in x for x in texts):
                continue  # a cost indicator is met by staying below its target
            tv, av = _num(row[t_col].text), _num(row[a_col].text)
            if not tv or not av or tv[1] != av[1] or tv[0] == 0:
                continue
            if tv[2] == "max":
                short = av[0] > tv[0]
            else:
                short = av[0] < tv[0] * 0.995
            if short:
                name = next((x for x in reversed(texts[:min(t_col, a_col)]) if x), "")
                missed.append((name, row[t_col], row[a_col]))
    return missed, nothing
