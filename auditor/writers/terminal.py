"""Default terminal output: ``path:line:col: rule [confidence] message``."""
from __future__ import annotations

import os
import sys

_COLORS = {"certain": "\033[31m", "likely": "\033[33m", "possible": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def use_color(stream) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty() and os.environ.get("TERM") != "dumb"


def render(result, stream=None, color: bool | None = None) -> None:
    stream = stream or sys.stdout
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
            c = _COLORS.get(f.confidence, "") if color else ""
            stream.write(f"{doc.path}:{f.line}:{f.column}: {c}{f.rule}{r} [{f.confidence}] {f.message}\n")
        stream.write("\n")
    files = len(result.documents)
    errors = result.error_count()
    by_conf = result.count_by("confidence")
    parts = ", ".join(f"{k} {v}" for k, v in sorted(by_conf.items()))
    stream.write(f"{b}{result.finding_count()} findings{r} in {files} file(s)"
                 f"{' (' + parts + ')' if parts else ''}; {errors} unreadable; "
                 f"{result.seconds:.1f}s" + (f"; {internal} internal check errors" if internal else "")
                 + "\n")
