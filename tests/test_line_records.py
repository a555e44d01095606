"""Numbered records printed one cell per line with no header (running number, name,
amounts), closed by 合计 and one total per column: each total is its column's sum."""
import pytest

from auditor.checks import RULES, load_all
from auditor.model import build_document

load_all()

RECORDS = [("田边村现有耕地提质改造项目", ["1024.42", "946.34", "7.02"]),
           ("小坪村现有耕地提质改造项目", ["904.63", "833.7", "6.65"]),
           ("芦冲村、升平村现有耕地提质改造项目", ["111.53", "102.91", "4.97"]),
           ("2018年度横水村垦造水田项目", ["341.77", "319.91", "6.63"]),
           ("土地综合整治项目二期", ["1190.00", "900.00"])]


def _text(records=RECORDS, totals=("3572.35", "3102.86"), first_number=True, head="", tail="附件2\n项目名称\n"):
    lines = [head] if head else []
    for n, (name, nums) in enumerate(records, 1):
        if n > 1 or first_number:
            lines.append(str(n))
        lines += [name] + nums
    lines += ["合计", *totals]
    return "\n".join(lines) + "\n" + tail


def sum_findings(text):
    doc = build_document("records.txt", text)
    return [f for code, r in RULES.items() if code.startswith("arithmetic.")
            for f in r.func(doc) if f.confidence in ("certain", "likely")]


@pytest.mark.parametrize("first_number", [True, False])
@pytest.mark.parametrize("sep", ["", ","])
def test_consistent_columns_draw_nothing(first_number, sep):
    totals = ("3" + sep + "572.35", "3" + sep + "102.86")
    assert sum_findings(_text(totals=totals, first_number=first_number)) == []


@pytest.mark.parametrize("first_number", [True, False])
@pytest.mark.parametrize("col,wrong", [(0, "3272.35"), (1, "3302.86")])
def test_a_total_its_column_does_not_make_is_found(first_number, col, wrong):
    totals = ["3572.35", "3102.86"]
    totals[col] = wrong
    found = sum_findings(_text(totals=tuple(totals), first_number=first_number))
    assert [(f.rule, f.excerpt) for f in found] == [("arithmetic.sum", wrong)]


def test_ragged_records_with_no_column_adding_up_are_not_read():
    # both totals off: a lost cell may have shifted a column, so nothing is claimed
    assert sum_findings(_text(totals=("3272.35", "3302.86"))) == []


def test_a_grid_of_records_is_read_column_by_column():
    records = [(n, nums[:2]) for n, nums in RECORDS]
    found = sum_findings(_text(records, totals=("3272.35", "3302.86")))
    assert sorted(f.excerpt for f in found) == ["3272.35", "3302.86"]


@pytest.mark.parametrize("case", ["skip", "title_before_lost_number", "two_records"])
def test_runs_that_are_no_numbered_records_are_not_read(case):
    totals = ("3272.35", "3102.86")
    if case == "skip":
        text = _text(totals=totals).replace("\n3\n", "\n4\n")
    elif case == "title_before_lost_number":
        text = _text(totals=totals, first_number=False, head="附件1 项目资金表 2022")
    else:
        text = _text(RECORDS[:2], totals=("1829.05", "1780.04"))
    # the numbered-records reader claims none of these (the looser folded-lines reader of the
    # sum relations may still read a column that fails to add up: 3572.35 printed 3272.35)
    from auditor.extract.line_records import line_record_parts
    assert list(line_record_parts(build_document("records.txt", text))) == []
