"""``--format xlsx``: an Excel workbook with the issue list, written with pandas (openpyxl).

Sheets: ``findings`` (one row per finding, columns as in ``tabular.FINDING_COLUMNS``),
``documents`` (one row per file: error, chars, findings per family, boilerplate
share) and ``run`` (tool version, options, totals). The header row is frozen
and filterable. Cells that would be read as formulas get a leading apostrophe;
control characters that the xlsx format cannot hold are shown as their
visible Unicode "control pictures" (U+2400 + code, e.g. a form feed as ␌);
a cell longer than Excel's 32,767-character limit is cut and ends with "…".
"""
from __future__ import annotations

import re

import pandas as pd

from .. import __version__
from . import register_writer
from ..rule_info import column_label
from .tabular import compact_json, documents_frame, findings_frame, guard_formula, localized, result_lang

EXCEL_CELL_LIMIT = 32767
# characters XML 1.0 (and so xlsx) cannot contain; tab, LF and CR are allowed
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
WIDTHS = {"file": 36, "message": 70, "excerpt": 24, "related": 40, "evidence": 40, "error": 40,
          "check_errors": 30, "rule": 24, "rule_name": 16, "location": 14, "key": 22, "value": 60}
WIDTHS.update({column_label(k): v for k, v in list(WIDTHS.items())})


def excel_text(value):
    if not isinstance(value, str):
        return value
    value = _ILLEGAL.sub(lambda m: chr(0x2400 + ord(m.group())) if ord(m.group()) < 0x20 else "\ufffd",
                         value)
    if len(value) > EXCEL_CELL_LIMIT:
        value = value[:EXCEL_CELL_LIMIT - 1] + "…"
    return value


def _cleaned(df: pd.DataFrame) -> pd.DataFrame:
    for col in df.columns:
        if df[col].dtype == object:
            df[col] = df[col].map(excel_text)
    return df


def run_frame(result) -> pd.DataFrame:
    by_family = result.count_by("family")
    opts = result.options
    rows = [
        ("tool", f"auditor {__version__}"),
        ("files", len(result.documents)),
        ("unreadable", result.error_count()),
        ("findings", result.finding_count()),
        ("findings by family", compact_json(dict(sorted(by_family.items())))),
        ("seconds", round(result.seconds, 3)),
        ("min_confidence", opts.min_confidence),
        ("select", ",".join(opts.select)),
        ("ignore", ",".join(opts.ignore)),
        ("offsets", "start/end: Unicode code points into the decoded original text"),
    ]
    return pd.DataFrame([(k, guard_formula(v)) for k, v in rows], columns=["key", "value"])


def _format_sheet(ws, df: pd.DataFrame, wrap: tuple[str, ...] = ()) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws.freeze_panes = "A2"
    if len(df.columns):
        ws.auto_filter.ref = f"A1:{get_column_letter(len(df.columns))}{max(1, len(df) + 1)}"
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for idx, col in enumerate(df.columns, start=1):
        letter = get_column_letter(idx)
        ws.column_dimensions[letter].width = WIDTHS.get(col, max(8, min(16, 2 * len(str(col)) + 2)))
        if col in wrap:
            for cell in ws[letter][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")


@register_writer("xlsx", "auditor-report.xlsx")
def write_xlsx(result, path: str) -> None:
    lang = result_lang(result)
    findings = localized(_cleaned(findings_frame(result)), lang)
    documents = localized(_cleaned(documents_frame(result)), lang)
    run = localized(_cleaned(run_frame(result)), lang)
    with pd.ExcelWriter(path, engine="openpyxl") as xw:
        findings.to_excel(xw, sheet_name="findings", index=False)
        documents.to_excel(xw, sheet_name="documents", index=False)
        run.to_excel(xw, sheet_name="run", index=False)
        wrap = lambda *cols: tuple(column_label(c, lang) for c in cols)   # noqa: E731
        _format_sheet(xw.sheets["findings"], findings, wrap=wrap("message", "excerpt", "related"))
        _format_sheet(xw.sheets["documents"], documents, wrap=wrap("error", "check_errors"))
        _format_sheet(xw.sheets["run"], run)
