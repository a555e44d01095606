"""``--format json``: one JSON document for the run (schema in README)."""
from __future__ import annotations

import json

from .. import __version__
from . import register_writer


def document_dict(d) -> dict:
    return {
        "path": d.path,
        "error": d.error,
        "encoding": d.encoding,
        "format": d.fmt,
        "chars": d.chars,
        "summary": d.summary,
        "findings": [f.to_dict() for f in d.findings],
    }


def run_to_dict(result, documents: bool = True) -> dict:
    """The whole report as one dict (``documents=False``: with an empty document list)."""
    docs = [document_dict(d) for d in result.documents] if documents else []
    by_family = result.count_by("family")
    return {
        "tool": {
            "name": "auditor",
            "version": __version__,
            "offsets": "Unicode code points into the decoded original text",
            "options": {
                "select": result.options.select, "ignore": result.options.ignore,
                "min_confidence": result.options.min_confidence,
            },
            "rules": [{"code": r.code, "summary": r.summary, "scope": r.scope} for r in result.rules],
        },
        "documents": docs,
        "summary": {
            "files": len(result.documents),
            "errors": result.error_count(),
            "findings": result.finding_count(),
            "by_family": dict(sorted(by_family.items())),
            "seconds": round(result.seconds, 3),
            # files a folder walk passed over on purpose, each with its reason
            "skipped": [{"path": p, "reason": r} for p, r in getattr(result, "skipped", [])],
        },
    }


def dump_run(result, stream) -> None:
    """Write the report to ``stream`` one document at a time, so a run of many files
    never holds the whole report in memory.  The layout is ``json.dump(...,
    indent=1)``'s except that each finding is one line: a finding per line can be
    grepped and diffed, and it is written by the C encoder (an indented dump goes
    through the pure-Python one, ~5x slower on a run with thousands of findings)."""
    head = json.dumps(run_to_dict(result, documents=False), ensure_ascii=False, indent=1)
    before, after = head.split('\n "documents": [],\n', 1)
    stream.write(before + '\n "documents": [')
    for i, d in enumerate(result.documents):
        stream.write(("\n" if i == 0 else ",\n") + _document_text(d))
    stream.write("\n ],\n" if len(result.documents) else "],\n")
    stream.write(after + "\n")


_ONE_LINE = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))


def _document_text(d) -> str:
    """One document of the report, indented two levels, its findings one per line."""
    fields = document_dict(d)
    findings = fields.pop("findings")
    text = json.dumps(fields, ensure_ascii=False, indent=1)
    if findings:
        lines = ",\n".join("  " + _ONE_LINE.encode(f) for f in findings)
        text = text[:-2] + ',\n "findings": [\n' + lines + "\n ]\n}"
    else:
        text = text[:-2] + ',\n "findings": []\n}'
    return "\n".join("  " + line for line in text.split("\n"))


@register_writer("json", "auditor-report.json")
def write_json(result, path: str) -> None:
    with open(path, "w", encoding="utf-8") as f:
        dump_run(result, f)
