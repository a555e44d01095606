"""Quality gate: the auditor over corpus/ against the project's own annotations.

Each family folder under corpus/annotations/ holds the issues a person marked and the
recall/precision this build reaches; falling below fails the test, so quality cannot regress
silently.  Places marked ``"holds": true`` must draw no finding of that family.
"""
import json
from pathlib import Path

import pytest

from auditor.engine import Options, run
from conftest import CORPUS

ANNOTATIONS = CORPUS / "annotations"
FAMILIES = sorted(p.name for p in ANNOTATIONS.iterdir() if p.is_dir()) if ANNOTATIONS.exists() else []


@pytest.fixture(scope="module")
def corpus_run():
    return run([str(CORPUS)], Options(min_confidence="likely"))


def _span(text, quote, occ):
    pos = -1
    for _ in range(occ + 1):
        pos = text.find(quote, pos + 1)
        if pos < 0:
            raise AssertionError(f"annotation quote not found: {quote!r} #{occ}")
    return pos, pos + len(quote)


def _overlap(a, b, widen=2):
    return a[0] < b[1] + widen and b[0] < a[1] + widen


@pytest.mark.parametrize("family", FAMILIES)
def test_family_quality(corpus_run, family):
    folder = ANNOTATIONS / family
    thresholds = json.loads((folder / "thresholds.json").read_text(encoding="utf-8"))
    found = total = tp = fp = 0
    problems = []
    for doc in corpus_run.documents:
        name = Path(doc.path).name
        ann_file = folder / f"{name}.jsonl"
        anns = [json.loads(l) for l in ann_file.read_text(encoding="utf-8").splitlines() if l.strip()] \
            if ann_file.exists() else []
        text = Path(doc.path).read_text(encoding="utf-8")
        issues = [(a, _span(text, a["quote"], a.get("occurrence", 0))) for a in anns if not a.get("holds")]
        holds = [(a, _span(text, a["quote"], a.get("occurrence", 0))) for a in anns if a.get("holds")]
        findings = [f for f in doc.findings if f.family == family]
        matched = set()
        for f in findings:
            spans = [(f.start, f.end)] + [(r.start, r.end) for r in f.related]
            hit = [i for i, (a, s) in enumerate(issues) if any(_overlap(x, s) for x in spans)]
            if hit:
                tp += 1
                matched.update(hit)
            else:
                fp += 1
                problems.append(f"FP {name}:{f.line} {f.rule} {f.excerpt!r}")
            for a, s in holds:
                if _overlap((f.start, f.end), s, 0):
                    problems.append(f"finding on a place that holds: {name} {a['quote']!r} by {f.rule}")
        total += len(issues)
        found += len(matched)
        problems += [f"MISS {name} {a['rule']} {a['quote']!r}" for i, (a, _) in enumerate(issues) if i not in matched]
    recall = found / total if total else 1.0
    precision = tp / (tp + fp) if tp + fp else 1.0
    report = f"{family}: recall={recall:.3f} precision={precision:.3f}\n" + "\n".join(problems)
    assert recall >= thresholds["recall"], report
    assert precision >= thresholds["precision"], report
    assert not [p for p in problems if p.startswith("finding on a place that holds")], report
