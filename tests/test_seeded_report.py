"""A realistic department report beyond the seeds: clean, then with eight seeded errors.

The clean version must draw no numeric finding (precision on text the rules were not tuned
on); the seeded version must draw each planted error at its place (recall)."""
from pathlib import Path

import pytest

from auditor.engine import Options, run

FIX = Path(__file__).parent / "fixtures"
NUMERIC = ["arithmetic", "score", "value", "unit"]


def _findings(name, confidence="possible"):
    res = run([str(FIX / name)], Options(select=NUMERIC, min_confidence=confidence))
    assert res.documents[0].error is None
    return res.documents[0].findings


def test_clean_report_draws_no_numeric_finding():
    assert [(f.rule, f.excerpt) for f in _findings("dept_clean.txt")] == []


@pytest.mark.parametrize("rule,excerpt", [
    ("arithmetic.growth", "11.83%"),         # (2560.40 − 2310.20) / 2310.20 = 10.83%
    ("arithmetic.share", "98.22%"),          # 2540.40 / 2560.40 = 99.22%
    ("arithmetic.percent_sum", "0.78%"),     # 98.22 + 0.78 = 99
    ("arithmetic.rate", "93.33%"),           # 118.00 / 120.00 = 98.33%
    ("value.granularity", "96.45%"),         # no k gives k/196 = 96.45%
    ("arithmetic.sum", "990.00"),            # 800 + 120 + 60 = 980
    ("value.conflict", "2450.00"),           # 年初预算 2400.00 earlier
    ("score.list_total", "93.5"),            # 18 + 28.5 + 46 = 92.5
])
def test_each_seeded_error_is_found_at_its_place(rule, excerpt):
    found = [(f.rule, f.excerpt) for f in _findings("dept_seeded_errors.txt")]
    assert any(r == rule and e.startswith(excerpt) for r, e in found), found


def test_standard_project_form_with_two_layouts_is_clean():
    # the national 项目支出绩效自评表: the funds block (分值 … 执行率 得分) and the indicator block
    # (分值 得分 偏差原因) put scores in different columns; both must be read by their header
    assert [(f.rule, f.excerpt) for f in _findings("project_form_clean.txt")] == []


def test_standard_project_form_score_total_error():
    found = _findings("project_form_score_error.txt")
    # whichever rule of the score family reads the form (score.form_total since the forms layer)
    assert [(f.rule.split(".")[0], f.excerpt) for f in found] == [("score", "99.8")]
    assert "95.8" in found[0].message


def test_third_party_evaluation_is_clean():
    assert [(f.rule, f.excerpt) for f in _findings("eval_clean.txt")] == []


@pytest.mark.parametrize("rule,excerpt", [
    ("arithmetic.rate", "97.4%"),    # 回收率 = 482 / 500 = 96.4%
    ("arithmetic.share", "93.46%"),  # 满意 450 / 有效 482 = 93.36%
    ("arithmetic.sum", "161.0"),     # 120.5 + 30.2 + 9.3 = 160.0
    ("arithmetic.rate", "1250.7"),   # 1560.8 万元 / 12580 人次 = 1240.7 元
])
def test_evaluation_seeded_errors(rule, excerpt):
    found = [(f.rule, f.excerpt) for f in _findings("eval_seeded_errors.txt")]
    assert any(r == rule and e.startswith(excerpt) for r, e in found), found
