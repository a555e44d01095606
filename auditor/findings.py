"""Findings are data: checks yield them, writers format them.

Checks locate things in the normalized text; ``make_finding`` converts every
span to offsets into the ORIGINAL decoded text (Unicode code points), adds
line/column and the excerpt as printed, so a reader and the scorer find the
exact place.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .baseline import fingerprint_at

CONFIDENCES = ("certain", "likely", "possible")
CONFIDENCE_RANK = {c: i for i, c in enumerate(CONFIDENCES)}
SEVERITIES = ("error", "warning", "info")


@dataclass
class Related:
    start: int
    end: int
    excerpt: str
    role: str
    line: int = 0
    column: int = 0


@dataclass
class Finding:
    rule: str
    message: str
    start: int
    end: int
    line: int
    column: int
    excerpt: str
    confidence: str = "certain"
    severity: str = "warning"
    related: list[Related] = field(default_factory=list)
    evidence: dict[str, Any] = field(default_factory=dict)
    # a place a user can find in the source file (page, table cell, sheet!cell); "" for text
    location: str = ""
    # a stable identity across re-extractions and small edits (auditor.baseline); "" until set
    fingerprint: str = ""

    @property
    def category(self) -> str:
        return self.rule

    @property
    def family(self) -> str:
        return self.rule.split(".", 1)[0]

    def to_dict(self) -> dict[str, Any]:
        """``asdict(self)`` plus ``category``, built field by field: ``asdict`` deep-copies
        every string and number through its generic recursion (~1 ms a finding)."""
        return {"rule": self.rule, "message": self.message, "start": self.start, "end": self.end,
                "line": self.line, "column": self.column, "excerpt": self.excerpt,
                "confidence": self.confidence, "severity": self.severity,
                "related": [_plain(r) for r in self.related], "evidence": _plain(self.evidence),
                "location": _plain(self.location), "fingerprint": _plain(self.fingerprint),
                "category": self.rule}


_SCALARS = (str, int, float, bool, type(None))


def _plain(v: Any) -> Any:
    """What ``dataclasses.asdict`` makes of a field value: plain dicts, lists and tuples
    rebuilt, scalars as they are (``deepcopy`` returns them unchanged), anything else as
    ``asdict`` treats it."""
    t = type(v)
    if t in _SCALARS:
        return v
    if t is dict:
        return {_plain(k): _plain(x) for k, x in v.items()}
    if t is list:
        return [_plain(x) for x in v]
    if t is tuple:
        return tuple(_plain(x) for x in v)
    if t is Related:
        return {"start": v.start, "end": v.end, "excerpt": v.excerpt, "role": v.role,
                "line": v.line, "column": v.column}
    return asdict(_Box(v))["value"]   # dataclasses, named tuples, other objects: asdict's way


@dataclass
class _Box:
    value: Any


def make_finding(doc, rule: str, start: int, end: int, message: str, *,
                 confidence: str = "certain", severity: str = "warning",
                 related: list[tuple[int, int, str]] | None = None,
                 evidence: dict[str, Any] | None = None) -> Finding:
    """Build a finding from spans in ``doc``'s normalized text."""
    assert confidence in CONFIDENCES, confidence
    o_start, o_end = doc.span_to_original(start, end)
    line, col = doc.line_col(o_start)
    rel = []
    for rs, re_, role in related or []:
        a, b = doc.span_to_original(rs, re_)
        rl, rc = doc.line_col(a)
        rel.append(Related(a, b, doc.original[a:b], role, rl, rc))
    return Finding(rule=rule, message=message, start=o_start, end=o_end, line=line, column=col,
                   excerpt=doc.original[o_start:o_end], confidence=confidence,
                   severity=severity, related=rel, evidence=dict(evidence or {}),
                   location=doc.location(o_start) if getattr(doc, "locations", None) else "",
                   # computed here, where the text is at hand, so it does not depend on whether
                   # the run keeps the text (auditor.baseline adds "#2"... for repeats)
                   fingerprint=fingerprint_at(rule, doc.original, o_start, o_end))


def sort_key(f: Finding):
    return (f.start, f.end, f.rule, f.message)
