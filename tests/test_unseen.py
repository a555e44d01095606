"""Precision on reports nobody annotated beforehand (tests/fixtures/unseen).

254 public excerpts collected after the rules were written (six sets, a… to f…; sources in
SOURCES.tsv) were run through the auditor and every finding was judged by reading the text
(``judged.jsonl``: CORRECT, WRONG or UNCLEAR, with the reason).  The wrong ones each led to a
general guard (docs/text.md, docs/structure.md, docs/numeric.md); this test keeps them gone and
keeps the right ones found.  A finding nobody judged yet is allowed (it is listed when the test
fails), since later rules may find more."""
import json
from pathlib import Path

import pytest

from auditor import engine

HERE = Path(__file__).resolve().parent / "fixtures" / "unseen"


def _judged():
    return [json.loads(line) for line in (HERE / "judged.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]


@pytest.fixture(scope="module")
def findings():
    res = engine.run([str(HERE)], engine.Options(min_confidence="likely", jobs=1))
    return [(Path(d.path).name, f) for d in res.documents for f in d.findings]


def _matches(judged, name, f):
    # the judges quoted excerpts as printed, sometimes cut with …: compare the opening
    return judged["file"] == name and judged["rule"] == f.rule \
        and f.excerpt[:6] == judged["excerpt"].rstrip("…")[:6]


def test_no_finding_judged_wrong_comes_back(findings):
    wrong = [j for j in _judged() if j["verdict"] == "WRONG"]
    back = [(name, f.rule, f.excerpt, j["reason"]) for name, f in findings for j in wrong if _matches(j, name, f)]
    assert back == []


def test_findings_judged_right_are_still_found(findings):
    right = [j for j in _judged() if j["verdict"] == "CORRECT"]
    lost = [(j["file"], j["rule"], j["excerpt"]) for j in right
            if not any(_matches(j, name, f) for name, f in findings)]
    assert lost == []
