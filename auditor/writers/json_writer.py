"""``--format json``: one JSON document for the run (schema in README)."""
from __future__ import annotations

import json

from .. import __version__
from . import register_writer


def run_to_dict(result) -> dict:
    docs = []
    for d in result.documents:
        docs.append({
            "path": d.path,
            "error": d.error,
            "encoding": d.encoding,
            "format": d.fmt,
            "chars": d.chars,
            "summary": d.summary,
            "findings": [f.to_dict() for f in d.findings],
        })
    by_family: dict[str, int] = {}
    for f in result.findings:
        by_family[f.family] = by_family.get(f.family, 0) + 1
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
            "errors": sum(1 for d in result.documents if d.error),
            "findings": len(result.findings),
            "by_family": dict(sorted(by_family.items())),
            "seconds": round(result.seconds, 3),
        },
    }


@register_writer("json", "auditor-report.json")
def write_json(result, path: str) -> None:
    with open(path, "w", encoding="utf-8") as f:
        json.dump(run_to_dict(result), f, ensure_ascii=False, indent=1)
        f.write("\n")
