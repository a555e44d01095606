"""Held-out sets 7 to 10 (tests/fixtures/heldout7 … heldout10): public excerpts judged on a build
that had never seen them (``judged.jsonl``: every finding CORRECT, WRONG or UNCLEAR, with the
reason).  Every finding judged right must still be found; the findings judged wrong that general
guards have since removed must not come back, and no more of the others than today."""
import json
from pathlib import Path

import pytest

from auditor import engine

FIXTURES = Path(__file__).resolve().parent / "fixtures"

# per held-out set: the findings judged wrong that general guards have removed since (file
# prefix, rule), and how many of the other wrong ones may still be found (no more than today)
SETS = {
    "heldout7": ({("g018", "entity.region"), ("g037", "text.duplicate_char"), ("g037", "arithmetic.parts"),
                  ("g032", "arithmetic.parts"), ("g023", "arithmetic.parts"), ("g039", "text.duplicate_char"),
                  ("g028", "text.typo"), ("g015", "arithmetic.parts"), ("g022", "entity.region"),
                  ("g011", "value.conflict"), ("g019", "structure.numbering"), ("g039", "structure.numbering"),
                  ("g032", "arithmetic.growth"), ("g010", "arithmetic.parts"),
                  ("g002", "value.conflict"), ("g007", "text.duplicate_phrase"),
                  ("g011", "arithmetic.parts"), ("g016", "arithmetic.parts"),
                  ("g005", "text.duplicate_char")}, 2),
    "heldout8": ({("h016", "arithmetic.rate"), ("h032", "entity.region"), ("h048", "arithmetic.parts"),
                  ("h016", "arithmetic.parts"), ("h016", "arithmetic.share")}, 0),
    "heldout9": ({("n011", "value.conflict"), ("n011", "structure.numbering"),
                  ("n009", "text.duplicate_phrase")}, 0),
    "heldout10": (set(), 6),
}


def _judged(name):
    return [json.loads(line) for line in (FIXTURES / name / "judged.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]


@pytest.fixture(scope="module", params=sorted(SETS))
def held_out(request):
    res = engine.run([str(FIXTURES / request.param)],
                     engine.Options(min_confidence="likely", jobs=1, include=["*.txt"]))
    return request.param, [(Path(d.path).name, f) for d in res.documents for f in d.findings]


def _found(j, findings):
    return any(name == j["file"] and f.rule == j["rule"] and f.start <= j["start"] < f.end + 1
               for name, f in findings)


def test_findings_judged_right_are_still_found(held_out):
    name, findings = held_out
    lost = [(j["file"], j["rule"], j["excerpt"]) for j in _judged(name)
            if j["verdict"] == "CORRECT" and not _found(j, findings)]
    assert lost == []


def test_findings_judged_wrong_stay_removed(held_out):
    name, findings = held_out
    fixed, still_wrong_at_most = SETS[name]
    wrong = [j for j in _judged(name) if j["verdict"] == "WRONG"]
    back = [(j["file"], j["rule"], j["excerpt"]) for j in wrong
            if (j["file"][:4], j["rule"]) in fixed and _found(j, findings)]
    assert back == []
    assert sum(_found(j, findings) for j in wrong) <= still_wrong_at_most
