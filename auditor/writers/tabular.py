"""Rows for the spreadsheet formats (``csv`` and ``xlsx``): one per finding, one per document.

Both writers share these tables so the columns stay the same. Every text cell
goes through :func:`guard_formula`: a cell that starts with ``= + - @`` (or a
tab / carriage return) gets a leading apostrophe, so a spreadsheet shows it as
text instead of running it as a formula (CSV/formula injection). Document
text may start with such characters, and so may a path or an excerpt such as
``-5%``.
"""
from __future__ import annotations

import json
from collections import Counter

import pandas as pd

FINDING_COLUMNS = ["file", "line", "column", "rule", "family", "confidence", "severity",
                   "message", "excerpt", "start", "end", "related", "evidence"]
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def guard_formula(value):
    """Prefix an apostrophe to text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def compact_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def related_text(finding) -> str:
    """Related spans as one readable cell: ``role「excerpt」line:column; ...``."""
    return "; ".join(f"{r.role}「{r.excerpt}」{r.line}:{r.column}" for r in finding.related)


def families(result) -> list[str]:
    fams = {r.code.split(".", 1)[0] for r in getattr(result, "rules", [])}
    fams.update(result.count_by("family"))
    return sorted(fams)


def findings_frame(result) -> pd.DataFrame:
    return _findings_frame(result.documents)


def findings_frames(result, documents_per_frame: int = 200):
    """``findings_frame`` in pieces of a few hundred documents (for writers that append)."""
    batch = []
    for d in result.documents:
        batch.append(d)
        if len(batch) == documents_per_frame:
            yield _findings_frame(batch)
            batch = []
    if batch or not len(result.documents):
        yield _findings_frame(batch)


def _findings_frame(documents) -> pd.DataFrame:
    rows = []
    for d in documents:
        for f in d.findings:
            rows.append({
                "file": d.path, "line": f.line, "column": f.column, "rule": f.rule,
                "family": f.family, "confidence": f.confidence, "severity": f.severity,
                "message": f.message, "excerpt": f.excerpt, "start": f.start, "end": f.end,
                "related": related_text(f), "evidence": compact_json(f.evidence),
            })
    df = pd.DataFrame(rows, columns=FINDING_COLUMNS)
    for col in ("line", "column", "start", "end"):
        df[col] = df[col].astype("int64")
    return _guarded(df)


DOCUMENT_BASE = ["file", "error", "encoding", "format", "chars", "findings"]
DOCUMENT_TAIL = ["boilerplate_share", "check_errors"]


def family_column(family: str) -> str:
    """Column with a document's finding count for ``family`` (its name, unless that is taken)."""
    return f"{family}_findings" if family in DOCUMENT_BASE + DOCUMENT_TAIL else family


def document_columns(result) -> list[str]:
    return DOCUMENT_BASE + [family_column(f) for f in families(result)] + DOCUMENT_TAIL


def documents_frame(result) -> pd.DataFrame:
    fams = families(result)
    rows = []
    for d in result.documents:
        by_family = Counter(f.family for f in d.findings)
        share = d.summary.get("boilerplate_share")
        row = {"file": d.path, "error": d.error or "", "encoding": d.encoding or "",
               "format": d.fmt or "", "chars": d.chars, "findings": len(d.findings)}
        row.update({family_column(fam): by_family.get(fam, 0) for fam in fams})
        row["boilerplate_share"] = share if isinstance(share, (int, float)) or share is None else str(share)
        row["check_errors"] = "; ".join(d.summary.get("check_errors") or [])
        rows.append(row)
    return _guarded(pd.DataFrame(rows, columns=document_columns(result)))


def _guarded(df: pd.DataFrame) -> pd.DataFrame:
    for col in df.columns:
        if df[col].dtype == object:
            df[col] = df[col].map(guard_formula)
    return df
