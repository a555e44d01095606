"""Default terminal output: ``path:line:col: rule 名称 [确定] message``.

The rule's Chinese name (``auditor.rule_info``) follows its code, confidence is shown as
确定/较可能/提示 and the message without the precision-interval jargon; ``--lang en`` gives
the English name, ``[certain]`` and the full message. A finding in a page, table cell or
sheet cell shows that place after line:col: ``path:12:3 (第2页): ...``.
"""
from __future__ import annotations

import os
import sys

from ..rule_info import confidence_label, plain_message, rule_name

_COLORS = {"certain": "\033[31m", "likely": "\033[33m", "possible": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def use_color(stream) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty() and os.environ.get("TERM") != "dumb"


def finding_line(path: str, f, lang: str = "zh", color: bool = False) -> str:
    c = _COLORS.get(f.confidence, "") if color else ""
    r = _RESET if color else ""
    where = f"{path}:{f.line}:{f.column}"
    loc = getattr(f, "location", "")
    if loc:
        where += f" ({loc})"
    return (f"{where}: {c}{f.rule}{r} {rule_name(f.rule, lang)} "
            f"[{confidence_label(f.confidence, lang)}] {plain_message(f.message, lang)}")


def render(result, stream=None, color: bool | None = None, lang: str | None = None) -> None:
    stream = stream or sys.stdout
    lang = lang or getattr(result, "lang", "zh")
    color = use_color(stream) if color is None else color
    b, d, r = (_BOLD, _DIM, _RESET) if color else ("", "", "")
    internal = 0
    for doc in result.documents:
        if doc.error:
            stream.write(f"{b}{doc.path}{r}: error: {doc.error}\n")
            continue
        for err in doc.summary.get("check_errors", []):
            internal += 1
            stream.write(f"{doc.path}: internal error in rule {err}\n")
        if not doc.findings:
            continue
        stream.write(f"{b}{doc.path}{r}\n")
        for f in doc.findings:
            stream.write(finding_line(doc.path, f, lang, color) + "\n")
        stream.write("\n")
    files = len(result.documents)
    errors = result.error_count()
    by_conf = result.count_by("confidence")
    parts = ", ".join(f"{confidence_label(k, lang)} {v}" for k, v in sorted(by_conf.items()))
    stream.write(f"{b}{result.finding_count()} findings{r} in {files} file(s)"
                 f"{' (' + parts + ')' if parts else ''}; {errors} unreadable; "
                 f"{result.seconds:.1f}s" + (f"; {internal} internal check errors" if internal else "")
                 + "\n")
    skipped = result.skipped_summary() if hasattr(result, "skipped_summary") else ""
    if skipped:     # files a folder walk passed over on purpose (hidden, lock files …)
        stream.write(skipped + "\n")
