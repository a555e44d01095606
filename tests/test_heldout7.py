"""Held-out set 7 (tests/fixtures/heldout7): 52 public excerpts judged on a build that had never
seen them (``judged.jsonl``: every finding CORRECT, WRONG or UNCLEAR, with the reason).  Every
finding judged right must still be found; the findings judged wrong that general guards have
since removed must not come back, and no more of the others than today."""
import json
from pathlib import Path

import pytest

from auditor import engine

HERE = Path(__file__).resolve().parent / "fixtures" / "heldout7"

# judged wrong, removed by a guard since (file prefix, rule)
FIXED = {("g018", "entity.region"), ("g037", "text.duplicate_char"), ("g037", "arithmetic.parts"),
         ("g032", "arithmetic.parts"), ("g023", "arithmetic.parts"), ("g039", "text.duplicate_char"),
         ("g028", "text.typo"), ("g015", "arithmetic.parts"), ("g022", "entity.region"),
         ("g011", "value.conflict"), ("g019", "structure.numbering"), ("g039", "structure.numbering"),
         ("g032", "arithmetic.growth"), ("g010", "arithmetic.parts")}
STILL_WRONG_AT_MOST = 8


def _judged():
    return [json.loads(line) for line in (HERE / "judged.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]


@pytest.fixture(scope="module")
def findings():
    res = engine.run([str(HERE)], engine.Options(min_confidence="likely", jobs=1, include=["*.txt"]))
    return [(Path(d.path).name, f) for d in res.documents for f in d.findings]


def _found(j, findings):
    return any(name == j["file"] and f.rule == j["rule"] and f.start <= j["start"] < f.end + 1
               for name, f in findings)


def test_findings_judged_right_are_still_found(findings):
    lost = [(j["file"], j["rule"], j["excerpt"]) for j in _judged()
            if j["verdict"] == "CORRECT" and not _found(j, findings)]
    assert lost == []


def test_findings_judged_wrong_stay_removed(findings):
    wrong = [j for j in _judged() if j["verdict"] == "WRONG"]
    back = [(j["file"], j["rule"], j["excerpt"]) for j in wrong
            if (j["file"][:4], j["rule"]) in FIXED and _found(j, findings)]
    assert back == []
    assert sum(_found(j, findings) for j in wrong) <= STILL_WRONG_AT_MOST
