"""Baselines: accept today's findings, see only new ones tomorrow.

A finding's **fingerprint** is built from what a reader would call "the same problem", never
from offsets: the rule code, the normalised excerpt, and a little normalised context (the
``CONTEXT`` characters before and after it on its own line, counted after normalisation). Normalisation is NFKC
(full-width digits and letters become ASCII), then every whitespace character is removed and
letters are lower-cased, so a re-extracted file (other line breaks, a PDF's spaces, a CRLF) or
a resubmission edited elsewhere keeps its fingerprints. When the document text is not
available, the context is left out (rule + excerpt only).

Identical fingerprints in one file (the same slip twice in the same words) are told apart by
their order: ``fp``, ``fp#2``, ...

``--write-baseline FILE`` writes the run's fingerprints; ``--baseline FILE`` hides findings
whose fingerprint is in the file. The file is JSON::

    {"tool": "auditor", "kind": "baseline", "version": 1,
     "findings": [{"fingerprint": "...", "rule": "...", "path": "...", "excerpt": "..."}]}

The HTML report's triage (reviewed/dismissed marks) exports the same format.
"""
from __future__ import annotations

import hashlib
import json
import unicodedata
from collections import Counter

CONTEXT = 8      # normalised characters of context on each side
VERSION = 1


def normalise(text: str) -> str:
    # ``split()`` cuts at exactly the characters ``str.isspace`` names (checked on every code
    # point), several times faster than testing them one by one
    return "".join(unicodedata.normalize("NFKC", text or "").split()).lower()


def _context(text: str, start: int, end: int) -> tuple[str, str]:
    """Up to ``CONTEXT`` normalised characters before ``start`` and after ``end``, within
    the finding's own line (text added before or after a paragraph does not change it)."""
    before = text[max(0, start - CONTEXT * 4):start]
    before = before[max(before.rfind("\n"), before.rfind("\r")) + 1:]
    after = text[end:end + CONTEXT * 4]
    cut = min([i for i in (after.find("\n"), after.find("\r")) if i >= 0], default=len(after))
    return normalise(before)[-CONTEXT:], normalise(after[:cut])[:CONTEXT]


def _digest(parts) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]


def fingerprint_at(rule: str, text: str, start: int, end: int) -> str:
    """The fingerprint of a finding of ``rule`` on ``text[start:end]`` (``make_finding``)."""
    return _digest([rule, normalise(text[start:end]), *_context(text, start, end)])


def fingerprint(finding, text: str | None = None) -> str:
    if text is not None and 0 <= finding.start <= finding.end <= len(text):
        return fingerprint_at(finding.rule, text, finding.start, finding.end)
    return _digest([finding.rule, normalise(finding.excerpt)])


def assign(findings, text: str | None = None) -> None:
    """Give each finding its fingerprint: the one ``make_finding`` computed, else one from
    ``text`` (or, without it, rule + excerpt); ``#n`` for the n-th repeat in the document."""
    seen: Counter = Counter()
    for f in findings:
        fp = (f.fingerprint or "").split("#", 1)[0] or fingerprint(f, text)
        seen[fp] += 1
        f.fingerprint = fp if seen[fp] == 1 else f"{fp}#{seen[fp]}"


def load(path: str) -> set[str]:
    """The fingerprints of a baseline file (raises ValueError on a file that is not one)."""
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    if not isinstance(data, dict) or data.get("kind") != "baseline":
        raise ValueError(f"{path}: not an auditor baseline file")
    return {str(item["fingerprint"]) for item in data.get("findings", []) if item.get("fingerprint")}


def baseline_dict(result, extra=()) -> dict:
    """The run's findings as a baseline; ``extra``: fingerprints a --baseline hid in this
    run, kept so that a rewritten baseline still accepts them."""
    items = [{"fingerprint": fp} for fp in sorted(set(extra))]
    for d in result.documents:
        for f in d.findings:
            items.append({"fingerprint": f.fingerprint, "rule": f.rule, "path": d.path,
                          "excerpt": f.excerpt[:80]})
    return {"tool": "auditor", "kind": "baseline", "version": VERSION, "findings": items}


def write(result, path: str, extra=()) -> None:
    from .writers import atomic_write

    def w(tmp):
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(baseline_dict(result, extra), fh, ensure_ascii=False, indent=1)
            fh.write("\n")
    atomic_write(path, w)
