"""``--format sarif``: SARIF 2.1.0 (``auditor-report.sarif``), for code-scanning dashboards.

One run; ``tool.driver.rules`` lists every rule of the run with its Chinese and English name
(``rule_info``); each finding is a ``result`` with ``ruleId``, ``level`` (error/warning/note
from the severity), the message (full text, arithmetic included), one physical location whose
region has ``charOffset``/``charLength`` (Unicode code points into the decoded text, as in the
JSON) plus ``startLine``/``startColumn`` and the excerpt as ``snippet``, the related spans as
``relatedLocations`` (their role in the message), the baseline fingerprint in
``partialFingerprints`` and confidence, evidence and the page/cell ``location`` in ``properties``.
An unreadable file becomes a ``toolExecutionNotification`` of the invocation.
Validated against the official schema in ``tests/test_sarif.py``.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import quote

from .. import __version__
from ..rule_info import info, rule_name
from . import register_writer

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _artifact(path: str) -> dict:
    """An absolute path as a file: URI; a relative one relative to %CWD% (the run's folder)."""
    p = Path(path)
    if p.is_absolute():
        return {"uri": p.as_uri()}
    return {"uri": quote("/".join(p.parts)), "uriBaseId": "CWD"}


def _region(item, text_len: int | None = None) -> dict:
    region = {"charOffset": int(item.start), "charLength": max(0, int(item.end) - int(item.start))}
    if getattr(item, "line", 0) >= 1:
        region["startLine"] = int(item.line)
        if getattr(item, "column", 0) >= 1:
            region["startColumn"] = int(item.column)
    if item.excerpt:
        region["snippet"] = {"text": item.excerpt}
    return region


def sarif_dict(result) -> dict:
    lang = getattr(result, "lang", "zh") or "zh"
    codes = sorted({r.code for r in getattr(result, "rules", [])}
                   | {f.rule for d in result.documents for f in d.findings})
    rules = []
    for code in codes:
        i = info(code)
        rules.append({
            "id": code,
            "name": rule_name(code, "en").title().replace(" ", ""),
            "shortDescription": {"text": f"{i.zh} / {i.en}"},
            "fullDescription": {"text": i.checks or i.zh},
            "help": {"text": f"示例：{i.example}\n不报：{i.not_flagged}" if i.example else (i.checks or i.zh)},
            "properties": {"name_zh": i.zh, "name_en": i.en, "family": code.split(".", 1)[0]},
        })
    index = {code: k for k, code in enumerate(codes)}
    results, notes = [], []
    for d in result.documents:
        if d.error:
            notes.append({"level": "error", "message": {"text": f"{d.path}: {d.error}"},
                          "locations": [{"physicalLocation": {"artifactLocation": _artifact(d.path)}}]})
            continue
        for f in d.findings:
            loc = {"physicalLocation": {"artifactLocation": _artifact(d.path), "region": _region(f)}}
            if f.location:
                loc["message"] = {"text": f.location}
            r = {
                "ruleId": f.rule, "ruleIndex": index[f.rule],
                "level": LEVELS.get(f.severity, "warning"),
                "message": {"text": f"{rule_name(f.rule, lang)}：{f.message}"},
                "locations": [loc],
                "properties": {"confidence": f.confidence, "severity": f.severity,
                               "evidence": json.loads(json.dumps(f.evidence, ensure_ascii=False, default=str)),
                               "location": f.location},
            }
            if f.fingerprint:
                r["partialFingerprints"] = {"auditorFingerprint/v1": f.fingerprint}
            if f.related:
                r["relatedLocations"] = [
                    {"id": k + 1, "message": {"text": rel.role},
                     "physicalLocation": {"artifactLocation": _artifact(d.path), "region": _region(rel)}}
                    for k, rel in enumerate(f.related)]
            results.append(r)
    invocation = {"executionSuccessful": True}
    if notes:
        invocation["toolExecutionNotifications"] = notes
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "auditor", "version": __version__, "rules": rules}},
            "invocations": [invocation],
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": {"CWD": {"uri": Path(os.getcwd()).as_uri() + "/"}},
            "results": results,
        }],
    }


@register_writer("sarif", "auditor-report.sarif")
def write_sarif(result, path: str) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(sarif_dict(result), fh, ensure_ascii=False, indent=1)
        fh.write("\n")
