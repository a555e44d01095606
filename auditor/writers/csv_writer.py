"""``--format csv``: the issue list as CSV, written with pandas.

``auditor-findings.csv`` has one row per finding (columns as in
``tabular.FINDING_COLUMNS``); the same call writes ``auditor-documents.csv``
(one row per file) next to it. Both are UTF-8 with a byte-order mark, so Excel
opens the Chinese text correctly, with CRLF line ends and every field that
needs it quoted; cells that would be read as formulas get a leading apostrophe.
"""
from __future__ import annotations

import os

from . import atomic_write, register_writer
from .tabular import documents_frame, findings_frames, localized, result_lang

DOCUMENTS_FILE = "auditor-documents.csv"
CSV_OPTIONS = {"index": False, "encoding": "utf-8-sig", "lineterminator": "\r\n"}


@register_writer("csv", "auditor-findings.csv")
def write_csv(result, path: str) -> None:
    # written a few hundred documents at a time: a large run's findings never sit in one frame
    lang = result_lang(result)
    for i, frame in enumerate(findings_frames(result)):
        frame = localized(frame, lang)
        if i == 0:
            frame.to_csv(path, **CSV_OPTIONS)
        else:
            frame.to_csv(path, mode="a", header=False, index=False, encoding="utf-8",
                         lineterminator="\r\n")
    documents = localized(documents_frame(result), lang)
    target = os.path.join(os.path.dirname(os.path.abspath(path)), DOCUMENTS_FILE)
    atomic_write(target, lambda tmp: documents.to_csv(tmp, **CSV_OPTIONS))
