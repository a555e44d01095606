"""bench/mutate.py: each mutation really changes what the text says, at the offsets it reports,
and the harness counts a mutation the auditor reports."""
import json
import random
import re
import sys
from pathlib import Path

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import mutate as M  # noqa: E402

SUM_TEXT = "一、项目概况\n本项目资金共100万元，其中中央资金60万元，省级资金40万元。\n"


def _doc(text, *anns, name="t.txt"):
    return M.Doc.from_text(name, text, [dict(a, holds=a.get("holds", True)) for a in anns])


def _rng(seed=1):
    return random.Random(seed)


def _only_change(before, after, span):
    """``after`` equals ``before`` outside ``span`` (offsets into ``after``)."""
    a, b = span
    tail = len(after) - b
    return after[:a] == before[:a] and after[b:] == before[len(before) - tail:]


# ---- numbers


def test_change_digit_changes_the_second_digit_by_a_lot():
    for s in ("758.97", "93,409,520.08", "15", "100", "0.02", "7", "4.68"):
        for seed in range(20):
            new = M.change_digit(s, _rng(seed))
            assert new != s and len(new) == len(s)
            assert re.fullmatch(r"[\d,]+(\.\d+)?", new) and not (len(new) > 1 and new[0] == "0" and new[1] != ".")
            old_v, new_v = M._value(s), M._value(new)
            assert abs(new_v - old_v) >= 0.03 * max(old_v, 1e-9) or old_v < 1
            assert new != "0"


def test_recompute_breaks_reads_the_note():
    assert M.recompute_breaks("60 + 40 = 100", "60", "63") is True
    assert M.recompute_breaks("60 + 40 = 100", "100", "130") is True
    assert M.recompute_breaks("692.98/808.1 = 85.75% → 86%", "808.1", "838.1") is True
    assert M.recompute_breaks("Six departments listed.", "6", "9") is None
    assert M.recompute_breaks("67.51/100 = 68%", "67.51", "67.6") is False   # still rounds to 68%


def test_number_in_relation_breaks_the_sum():
    doc = _doc(SUM_TEXT, {"rule": "arithmetic.sum", "quote": "中央资金60万元", "note": "60 + 40 = 100"})
    ms = M.mutate_number_in_relation(doc, _rng(), 3)
    assert len(ms) == 1
    m = ms[0]
    a, b = m.spans[0]
    assert _only_change(SUM_TEXT, m.text, (a, b))
    new = m.text[a:b]
    assert re.fullmatch(r"\d+", new) and new != "60"
    assert int(new) + 40 != 100                                  # the relation no longer holds
    assert m.text[b:b + 2] == "万元" and m.families == M.NUMERIC
    assert m.detail["recomputed"] is True


def test_number_in_relation_prefers_the_numbers_the_note_names_and_skips_years():
    text = "2023年项目得分表 10 99% 9\n"
    doc = _doc(text, {"rule": "arithmetic.rate", "quote": "2023年项目得分表 10 99% 9",
                      "note": "65.07/65.66 = 99.1% → 99%."})
    ms = M.mutate_number_in_relation(doc, _rng(), 5)
    assert [text[a:b] for m in ms for a, b in [(m.spans[0][0], m.spans[0][0] + 2)]] == ["99"]


def test_number_in_relation_leaves_numbers_glued_by_ocr():
    # 58.258.258.2100%: three cells and a rate run together; "58.258" is no number of the text
    text = "年度资金总额58.258.258.2100%年度总体目标，项目决策(10分)\n"
    doc = _doc(text, {"rule": "arithmetic.sum", "quote": "58.258.258.2100%", "note": "58.2/58.2 = 100%"})
    assert M.mutate_number_in_relation(doc, _rng(), 3) == []


def test_rate_or_share_moves_the_percentage_by_points():
    text = "预算数808.1万元，执行数692.98万元，预算执行率为86%。"
    doc = _doc(text, {"rule": "arithmetic.rate", "quote": "执行率为86%", "note": "692.98/808.1 = 85.75% → 86%"})
    for seed in range(10):
        (m,) = M.mutate_rate_or_share(doc, _rng(seed), 2)
        a, b = m.spans[0]
        assert _only_change(text, m.text, (a, b)) and m.text[b] == "%"
        assert 3 <= abs(int(m.text[a:b]) - 86) <= 8


def test_rate_or_share_stays_at_or_below_100_when_it_was():
    text = "执行数50万元，预算执行率100%。"
    doc = _doc(text, {"rule": "arithmetic.rate", "quote": "预算执行率100%"})
    for seed in range(10):
        (m,) = M.mutate_rate_or_share(doc, _rng(seed), 1)
        a, b = m.spans[0]
        assert 92 <= int(m.text[a:b]) <= 97


def test_score_changes_a_score_of_a_holding_total():
    text = "产出指标 40 分，效益指标 30 分，满意度 20 分，总分\t90\n"
    doc = _doc(text, {"rule": "score.total", "quote": "总分\t90", "note": "40+30+20"})
    (m,) = M.mutate_score(doc, _rng(), 1)
    a, b = m.spans[0]
    assert _only_change(text, m.text, (a, b))
    assert 2 <= abs(int(m.text[a:b]) - 90) <= 5


def test_score_leaves_a_grade_band_it_cannot_break():
    # 93 分 评为优 (note: 93 ≥ 90): a score moved within the band breaks nothing, so every
    # score mutant leaves it; a bound no shift can break gives the site up
    text = "综合评价得分\t93\t优\n"
    doc = _doc(text, {"rule": "score.rule", "quote": "93\t优", "note": "93 ≥ 90 为优"})
    for seed in range(20):
        for m in M.mutate_score(doc, _rng(seed), 1):
            a, b = m.spans[0]
            assert int(m.text[a:b]) < 90
    doc = _doc("满分20分，得15.5分", {"rule": "score.rule", "quote": "满分20分，得15.5分",
                                        "note": "15.5 ≤ 20：得分不超过满分"})
    for seed in range(20):
        for m in M.mutate_score(doc, _rng(seed), 1):
            a, b = m.spans[0]
            new = float(m.text[a:b])
            if m.text[a - 1] == "得":      # the score: only above its full marks is it wrong
                assert new > 20
            else:                          # the full marks: only below the score
                assert new < 15.5


def test_recompute_reads_a_band_of_two_bounds():
    # 80 ≤ 87 < 90 (良): the change breaks it when it leaves the band on either side
    assert M.recompute_breaks("80≤87<90 为良", "87", "83") is False
    assert M.recompute_breaks("80≤87<90 为良", "87", "93") is True
    assert M.recompute_breaks("80 ≤ 87 < 90 为良", "87", "77") is True
    # a number inside another (1,234 / 2,000) is not a bound of its own
    assert M.recompute_breaks("1,234 ≤ 2,000", "1,234", "1,934") is False


# ---- drop_part


def test_drop_part_finds_a_list_that_adds_up_and_drops_one_part():
    text = SUM_TEXT.replace("省级资金40万元", "省级资金30万元，县级资金10万元")
    sites = M.drop_part_sites(text)
    assert len(sites) == 1 and text[slice(*sites[0]["whole"])] == "100"
    assert M.drop_part_sites(text.replace("10万元", "5万元")) == []    # does not add up: no site
    # two parts: dropping one leaves a plain 其中 statement of one part, which is not wrong
    assert M.drop_part_sites(SUM_TEXT) == []
    doc = _doc(text)
    ms = M.mutate_drop_part(doc, _rng(), 5)
    assert len(ms) == 3
    texts = "".join(m.text for m in ms)
    assert "本项目资金共100万元，其中中央资金60万元，省级资金30万元。" in texts
    assert "本项目资金共100万元，其中省级资金30万元，县级资金10万元。" in texts
    for m in ms:
        assert [m.text[a:b] for a, b in m.spans][0] == "100"
        assert all(re.fullmatch(r"\d+", m.text[a:b]) for a, b in m.spans)


def test_drop_part_reads_a_total_in_the_previous_sentence():
    text = "2、支出:799.12万元。其中:人员经费支出434.89万元,公用经费支出77.4万元,项目支出286.83万元。"
    (site,) = M.drop_part_sites(text)
    assert text[slice(*site["whole"])] == "799.12" and len(site["parts"]) == 3


# ---- places


@pytest.fixture(scope="module")
def regions():
    return M.load_regions(ROOT)


PLACE_TEXT = ("霍山县医疗保障局2023年度项目绩效自评报告\n"
              "为保障霍山县困难群众基本医疗，县财政安排资金，惠及霍山群众11万人次。\n")


def test_home_place_and_its_mentions(regions):
    home, ms = M.home_place(PLACE_TEXT, regions)
    assert home.name == "霍山县"
    assert [PLACE_TEXT[a:b] for a, b, _ in ms] == ["霍山县", "霍山县", "霍山"]
    # a short county name inside a longer one is not a mention of it
    assert M.home_place("昌宁县教育局：昌宁县特殊教育学校，昌宁县财政。", regions)[0].name == "昌宁县"


def test_swap_place_puts_a_sibling_of_the_same_prefecture(regions):
    doc = _doc(PLACE_TEXT)
    ms = M.mutate_swap_place(doc, _rng(), 3, regions)
    assert len(ms) == 3
    by_name = {r.name: r for r in regions}
    for m in ms:
        a, b = m.spans[0]
        assert _only_change(PLACE_TEXT, m.text, (a, b))
        new = m.text[a:b]
        sib = by_name[m.detail["sibling"]]
        assert new in (sib.name, sib.short) and sib.parent == by_name["霍山县"].parent
        assert m.families == ("entity",)
        assert m.text.count("霍山") == 2


def test_sibling_residue_leaves_one_mention_behind(regions):
    doc = _doc(PLACE_TEXT, name="huoshan.txt")
    ms = M.mutate_sibling_residue(doc, _rng(), 3, regions)
    assert len(ms) == 3
    for m in ms:
        a, b = m.spans[0]
        assert m.text.count("霍山") == 1 and m.text[a:b].startswith("霍山")
        assert m.text.count(m.detail["sibling"][:2]) == 2
        assert m.extra == {"huoshan.txt": PLACE_TEXT} and m.file != "huoshan.txt"


# ---- text


PROSE = "为切实保障困难群众基本医疗需求，县医疗保障局认真落实医疗救助政策，规范资金管理，提高资金使用效益。\n"


def test_double_char_doubles_one_character_inside_a_word():
    doc = _doc(PROSE)
    ms = M.mutate_double_char(doc, _rng(), 5)
    assert len(ms) == 5
    for m in ms:
        a, b = m.spans[0]
        assert m.text[a] == m.text[a + 1] and b == a + 2
        assert m.text[:a + 1] + m.text[a + 2:] == PROSE
        assert m.text[a] not in "一二三四五六七八九十"


def test_double_char_skips_tables_numbers_and_reduplications():
    text = "项目名称 | 资金管理 | 常常检查 |\n人人参与、共建共享，一二三四五六七八九十，常常开展医疗救助。\n"
    doc = _doc(text)
    ms = M.mutate_double_char(doc, _rng(), 50)
    assert ms
    table_end = text.index("\n")
    for m in ms:
        a, _ = m.spans[0]
        assert a > table_end                                   # not in the table row
        c = m.text[a]
        assert c not in "一二三四五六七八九十人常"               # no numerals, no 人人人 / 常常常
        assert m.text[a - 1] != c and m.text[a + 2] != c       # no triple characters


def test_double_word_repeats_a_two_character_word():
    doc = _doc(PROSE)
    ms = M.mutate_double_word(doc, _rng(), 3)
    assert ms
    for m in ms:
        a, b = m.spans[0]
        assert b - a == 4 and m.text[a:a + 2] == m.text[a + 2:b]
        assert m.text[:a + 2] + m.text[a + 4:] == PROSE


# ---- numbering


LIST_TEXT = "一、基本情况\n内容。\n二、绩效目标\n内容。\n三、评价结论\n内容。\n四、存在问题\n内容。\n"


def test_numbering_duplicates_or_skips_one_marker():
    doc = _doc(LIST_TEXT)
    ms = M.mutate_numbering(doc, _rng(), 3)
    assert len(ms) == 3
    seen = set()
    for m in ms:
        marks = re.findall(r"(?m)^([一二三四五六])、", m.text)
        assert marks != ["一", "二", "三", "四"]
        a, b = m.spans[0]
        assert m.text[b] == "、" and LIST_TEXT[a:b] != m.text[a:b]
        seen.add(m.detail["op"])
        if m.detail["op"] == "duplicate":
            assert len(set(marks)) == 3
        else:
            assert "五" in marks
    assert M.numbered_runs("1.a\n2.b\n3.c\n共1.5万元\n")[0][1][-1][2] == 3


# ---- end to end


def test_harness_counts_a_detected_mutation(tmp_path):
    """A tiny corpus-format folder: the number changed in a holding sum is reported and counted."""
    corpus = tmp_path / "corpus"
    (corpus / "annotations" / "arithmetic").mkdir(parents=True)
    (corpus / "a.txt").write_text("某县2023年项目绩效自评报告\n" + SUM_TEXT, encoding="utf-8")
    (corpus / "annotations" / "arithmetic" / "a.txt.jsonl").write_text(json.dumps(
        {"rule": "arithmetic.sum", "quote": "中央资金60万元", "occurrence": 0, "note": "60 + 40 = 100",
         "holds": True}, ensure_ascii=False) + "\n", encoding="utf-8")
    docs = M.load_corpus(corpus)
    assert len(docs) == 1 and len(docs[0].holds) == 1
    import auditor
    root = Path(auditor.__file__).resolve().parent.parent    # the auditor this session tests
    report = M.harness(docs, ["number_in_relation"], 1, 3, root, log=lambda *a, **k: None)
    (mut,) = report["mutants"]
    assert mut["detected"] and mut["by"][0].split(".")[0] in M.NUMERIC
    assert report["false_alarms"] == []
    table = M.summarize(report)
    assert "| number_in_relation | 1 | 1 | 1.00 | arithmetic." in table


def test_recompute_reads_an_inequality_of_the_note():
    # a number annotated as bounded by another (a part not above its whole) still satisfies the
    # bound after most changes: such a change breaks nothing and is not a mutant
    assert M.recompute_breaks("33 ≤ 已完工50", "33", "37") is False
    assert M.recompute_breaks("33 ≤ 已完工50", "33", "83") is True
    assert M.recompute_breaks("其中贫困人口 9453 ≤ 低保发放人数 21980", "21980", "21680") is False
    assert M.recompute_breaks("其中贫困人口 9453 ≤ 低保发放人数 21980", "21980", "2980") is True
    assert M.recompute_breaks("60 + 40 = 100", "60", "90") is True
