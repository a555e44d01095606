"""One problem, one finding: a post-pass over one document's findings.

Runs once per document after the confidence filter (``engine._finalize``). Three merges, each
keeping every place: the findings folded into another become its related spans (role
``other_place`` 另一处, ``same_cause`` 同一原因), so a reader and the scorer still see them.

0. **One slip repeated**: the same rule with the same message on the same words in several
   places (a summary repeating the body) becomes one finding with the other places related.
   Likewise ``text.boilerplate`` findings citing the same source paragraph (one template
   paragraph copied into several sibling reports of the file) become one.
1. **One title/body mismatch**: ``entity.scheme`` findings that oppose the same report scheme
   to the same body scheme become one finding at the first place, with the other places as
   related spans (``evidence["places"]`` counts them).
2. **One slip, several numeric rules**: findings of the numeric families on exactly the same
   span are reported once, by the most specific rule in ``SPECIFICITY``; the others' related
   spans are kept and their rule codes listed in ``evidence["also_rules"]``.
3. **A file that duplicates another file**: when most of a document is copied from one other
   file of the run (``boilerplate_share_other_files`` ≥ ``DUPLICATE_FILE_SHARE``) and at least
   ``DUPLICATE_FILE_MIN`` cross-file ``text.boilerplate`` findings cite that file, they become
   one finding naming the other file.

Grouping never drops a finding without keeping its span as a related span, never changes a
kept finding's own span, and is off with ``--no-group``. :func:`finish` (grouping, then the
baseline fingerprints) is the engine's default output hook (``engine.Options.finish``), so
``engine.run`` and the command line report the same findings.
"""
from __future__ import annotations

import os
from dataclasses import replace

from .findings import CONFIDENCE_RANK, Finding, Related, sort_key

# most specific first: the rule that explains a slip best; a rule absent here ranks after all
SPECIFICITY = (
    "unit.mismatch", "value.granularity", "arithmetic.share", "arithmetic.rate",
    "arithmetic.growth", "arithmetic.balance", "score.rule", "score.proportional", "score.rate",
    "arithmetic.sum", "score.total", "score.list_total", "arithmetic.parts",
    "arithmetic.percent_sum", "value.indicator_slip", "value.formula_input",
    "value.cost_vs_budget", "value.per_capita", "value.conflict",
)
NUMERIC_FAMILIES = ("arithmetic", "score", "value", "unit")
DUPLICATE_FILE_SHARE = 0.6
DUPLICATE_FILE_MIN = 3


def _rank(rule: str) -> int:
    try:
        return SPECIFICITY.index(rule)
    except ValueError:
        return len(SPECIFICITY)


def _best_confidence(findings: list[Finding]) -> str:
    return min((f.confidence for f in findings), key=lambda c: CONFIDENCE_RANK[c])


def _as_related(f: Finding, role: str) -> Related:
    return Related(f.start, f.end, f.excerpt, role, f.line, f.column)


def _merge_related(keep: Finding, others: list[Finding], role: str) -> list[Related]:
    rel = list(keep.related)
    seen = {(r.start, r.end, r.role) for r in rel}
    for o in others:
        for r in [_as_related(o, role)] + list(o.related):
            key = (r.start, r.end, r.role)
            if key not in seen and (r.start, r.end) != (keep.start, keep.end):
                seen.add(key)
                rel.append(r)
    return rel


def _group_scheme(findings: list[Finding]) -> list[Finding]:
    groups: dict[tuple, list[Finding]] = {}
    for f in findings:
        if f.rule == "entity.scheme":
            ev = f.evidence or {}
            key = (ev.get("subject_scheme"), ev.get("found_scheme"))
            if None not in key:
                groups.setdefault(key, []).append(f)
    out = []
    merged: set[int] = set()
    for key, members in groups.items():
        if len(members) < 2:
            continue
        members.sort(key=sort_key)
        keep, others = members[0], members[1:]
        merged.update(id(o) for o in others)
        n = len(members)
        new = replace(keep, related=_merge_related(keep, others, "other_place"),
                      confidence=_best_confidence(members),
                      message=keep.message.rstrip("。") + f"。正文共 {n} 处写作此险种，其余 {n - 1} 处见相关位置。",
                      evidence={**keep.evidence, "places": n,
                                "clauses": [o.evidence.get("clause") for o in members]})
        out.append((id(keep), new))
    replaced = dict(out)
    return [replaced.get(id(f), f) for f in findings if id(f) not in merged]


def _group_same_span(findings: list[Finding]) -> list[Finding]:
    by_span: dict[tuple[int, int], list[Finding]] = {}
    for f in findings:
        if f.family in NUMERIC_FAMILIES and f.end > f.start:
            by_span.setdefault((f.start, f.end), []).append(f)
    dropped: set[int] = set()
    replaced: dict[int, Finding] = {}
    for members in by_span.values():
        rules = {f.rule for f in members}
        if len(rules) < 2:
            continue
        members.sort(key=lambda f: (_rank(f.rule), sort_key(f)))
        keep, others = members[0], [f for f in members[1:] if f.rule != members[0].rule]
        if not others:
            continue
        dropped.update(id(o) for o in others)
        also = sorted({o.rule for o in others})
        replaced[id(keep)] = replace(
            keep, related=_merge_related(keep, others, "same_cause"),
            confidence=_best_confidence([keep] + others),
            evidence={**keep.evidence, "also_rules": also,
                      "also_messages": [o.message for o in others]})
    return [replaced.get(id(f), f) for f in findings if id(f) not in dropped]


def _group_duplicate_file(findings: list[Finding], summary: dict) -> list[Finding]:
    share = summary.get("boilerplate_share_other_files")
    if not isinstance(share, (int, float)) or share < DUPLICATE_FILE_SHARE:
        return findings
    by_source: dict[str, list[Finding]] = {}
    for f in findings:
        ev = f.evidence or {}
        if f.rule == "text.boilerplate" and ev.get("scope") == "cross_report" and ev.get("source_path"):
            by_source.setdefault(ev["source_path"], []).append(f)
    if not by_source:
        return findings
    source, members = max(by_source.items(), key=lambda kv: len(kv[1]))
    if len(members) < DUPLICATE_FILE_MIN:
        return findings
    members.sort(key=sort_key)
    keep, others = members[0], members[1:]
    n = len(members)
    new = replace(
        keep, related=_merge_related(keep, others, "other_place"),
        confidence=_best_confidence(members),
        message=(f"整份照搬：本文件 {share:.0%} 的文字见于文件 {os.path.basename(source)}（{source}），"
                 f"共 {n} 段照搬；首段在此，其余 {n - 1} 段见相关位置。"),
        evidence={"scope": "duplicate_file", "source_path": source, "share": share,
                  "paragraphs": n, "first": keep.evidence})
    gone = {id(o) for o in others}
    return [new if f is keep else f for f in findings if id(f) not in gone]


def _group_repeats(findings: list[Finding]) -> list[Finding]:
    """The same rule saying the same thing about the same words in several places (a summary
    that repeats the body, a copied paragraph): one finding, the other places related."""
    groups: dict[tuple, list[Finding]] = {}
    for f in findings:
        groups.setdefault((f.rule, f.message, f.excerpt), []).append(f)
    gone: set[int] = set()
    replaced: dict[int, Finding] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        keep, others = members[0], members[1:]
        gone.update(id(o) for o in others)
        replaced[id(keep)] = replace(
            keep, related=_merge_related(keep, others, "other_place"),
            confidence=_best_confidence(members),
            message=keep.message.rstrip("。") + f"。同样的问题另有 {len(others)} 处，见相关位置。",
            evidence={**keep.evidence, "places": len(members)})
    return [replaced.get(id(f), f) for f in findings if id(f) not in gone]


def _group_same_source(findings: list[Finding]) -> list[Finding]:
    """One paragraph copied into several places of the document (sibling reports of one file
    repeating the first report's 存在的问题): the ``text.boilerplate`` findings that cite the same
    source span become one, at the first copy, with the others related."""
    groups: dict[tuple, list[Finding]] = {}
    for f in findings:
        if f.rule != "text.boilerplate":
            continue
        src = [(r.start, r.end) for r in f.related if r.role == "first_copy"]
        if len(src) == 1:
            groups.setdefault(src[0], []).append(f)
    gone: set[int] = set()
    replaced: dict[int, Finding] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort(key=sort_key)
        keep, others = members[0], members[1:]
        gone.update(id(o) for o in others)
        replaced[id(keep)] = replace(
            keep, related=_merge_related(keep, others, "other_place"),
            confidence=_best_confidence(members),
            message=keep.message.rstrip("。") + f"。同一段文字另有 {len(others)} 处照搬，见相关位置。",
            evidence={**keep.evidence, "places": len(members)})
    return [replaced.get(id(f), f) for f in findings if id(f) not in gone]


def group_findings(findings: list[Finding], summary: dict | None = None) -> list[Finding]:
    """The document's findings with those sharing a cause merged (order kept)."""
    if len(findings) < 2:
        return findings
    out = _group_repeats(findings)
    out = _group_same_source(out)
    out = _group_scheme(out)
    out = _group_same_span(out)
    out = _group_duplicate_file(out, summary or {})
    return out


def finish(res, group: bool = True) -> None:
    """The default per-document output step: merge findings with one cause, then give each
    its fingerprint (``auditor.baseline``)."""
    from .baseline import assign
    if group:
        res.findings = group_findings(res.findings, res.summary)
    assign(res.findings, res.text)
