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

from ..rule_info import (column_label, confidence_label, plain_message, role_label, rule_name,
                         severity_label)

# the column keys; the headers written are ``column_label(key, lang)`` (Chinese by default,
# the keys themselves with --lang en)
FINDING_COLUMNS = ["file", "line", "column", "location", "rule", "rule_name", "family", "confidence",
                   "severity", "message", "excerpt", "start", "end", "related", "evidence"]


def result_lang(result) -> str:
    return getattr(result, "lang", "zh") or "zh"


def headers(columns, lang: str) -> list[str]:
    return [column_label(c, lang) for c in columns]


def localized(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The frame with its headers in ``lang``."""
    return df.rename(columns={c: column_label(c, lang) for c in df.columns})


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def guard_formula(value):
    """Prefix an apostrophe to text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def compact_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def related_text(finding, lang: str = "zh") -> str:
    """Related spans as one readable cell: ``role「excerpt」line:column; ...`` (role in Chinese
    unless ``lang`` is en)."""
    return "; ".join(f"{role_label(r.role, lang)}「{r.excerpt}」{r.line}:{r.column}"
                     for r in finding.related)


def families(result) -> list[str]:
    fams = {r.code.split(".", 1)[0] for r in getattr(result, "rules", [])}
    fams.update(result.count_by("family"))
    return sorted(fams)


# The frames below carry their headers in the run's language (``result.lang``: Chinese unless
# "en"); ``localized`` is a no-op on a frame that already has them.


def findings_frame(result) -> pd.DataFrame:
    return _findings_frame(result.documents, result_lang(result))


def findings_frames(result, documents_per_frame: int = 200):
    """``findings_frame`` in pieces of a few hundred documents (for writers that append)."""
    batch = []
    for d in result.documents:
        batch.append(d)
        if len(batch) == documents_per_frame:
            yield _findings_frame(batch, result_lang(result))
            batch = []
    if batch or not len(result.documents):
        yield _findings_frame(batch, result_lang(result))


def _findings_frame(documents, lang: str = "zh") -> pd.DataFrame:
    rows = []
    for d in documents:
        for f in d.findings:
            rows.append({
                "file": d.path, "line": f.line, "column": f.column,
                "location": getattr(f, "location", "") or "", "rule": f.rule,
                "rule_name": rule_name(f.rule, lang), "family": f.family,
                "confidence": confidence_label(f.confidence, lang),
                "severity": severity_label(f.severity, lang),
                "message": plain_message(f.message, lang), "excerpt": f.excerpt,
                "start": f.start, "end": f.end,
                "related": related_text(f, lang), "evidence": compact_json(f.evidence),
            })
    df = pd.DataFrame(rows, columns=FINDING_COLUMNS)
    for col in ("line", "column", "start", "end"):
        df[col] = df[col].astype("int64")
    return localized(_guarded(df), lang)


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
    for path, reason in getattr(result, "skipped", []):   # passed over on purpose, with the reason
        rows.append({"file": path, "error": f"skipped: {reason}", "chars": 0, "findings": 0})
    return localized(_guarded(pd.DataFrame(rows, columns=document_columns(result))), result_lang(result))


def _guarded(df: pd.DataFrame) -> pd.DataFrame:
    for col in df.columns:
        if df[col].dtype == object:
            df[col] = df[col].map(guard_formula)
    return df
