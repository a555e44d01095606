"""The third round's fast paths in the quantity and relation layers agree with the plain
readings: on the corpus reports and on random text built from the characters they test."""
import random
from decimal import Decimal

import pytest
from conftest import corpus_texts

from auditor.extract import quantities as Q
from auditor.extract import relations as R


# characters the readers and their pre-tests look at, and some plain text between them (no
# 所: ``_SPACED_UNIT`` takes "5 所" as a unit ``UNITS`` lacks, a KeyError in both readings)
_ALPHABET = list("0123456789０.,，。；;：:、%-−—~～至到年月日号时季度周岁元万亿人个项家次分天组" +
                 "占比例重未支付拨执行其中包括含涉及相应对应需共约近达不低于超过以上下左右余多" +
                 "（）()〔〕[]【】第令电话传真AB \n\t资金预算收入项目完成率") + ["2023年", "12.5万元", "占比", "未支付"]


def _random_texts(n: int, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(_ALPHABET) for _ in range(rnd.randint(1, 80))) for _ in range(n)]


@pytest.fixture(scope="module")
def texts():
    out = corpus_texts()
    assert out
    return out + _random_texts(4000)


def _plain_readings(text: str) -> list[tuple]:
    """Every ``QUANTITY_RE`` match read by ``_read_match`` (no cache, no skipped match)."""
    masked_at = {i for a, b in Q._masked_spans(text) for i in range(a, b)}
    out = []
    for m in Q.QUANTITY_RE.finditer(text):
        got = Q._read_match(text, m, masked_at)
        if got is not None:
            out.append(got)
    return out


def _fields(q) -> tuple:
    return (q.start, q.end, q.num_start, q.num_end, q.raw, q.value, q.decimals, q.unit, q.kind, q.qualifier,
            q.label, q.label_start, bool(q.extra.get("range")), bool(q.extra.get("approx")))


def test_extract_matches_the_plain_reading(texts):
    for text in texts:
        fast = [_fields(q) for q in Q._extract(text) if q.kind != "ratio"]
        assert fast == _plain_readings(text)


def test_a_number_before_a_date_word_is_never_a_quantity(texts):
    for text in texts:
        masked_at = {i for a, b in Q._masked_spans(text) for i in range(a, b)}
        for m in Q.QUANTITY_RE.finditer(text):
            if text.startswith(Q._DATE_WORDS, m.end(2)):
                assert m.group("pre", "unit", "post") == (None, None, None)
                assert Q._read_match(text, m, masked_at) is None
                assert Q._read_match(text, m, set(range(len(text) + 1))) is None


def test_pre_tested_patterns_hold_their_characters(texts):
    for text in texts:
        for m in R._SHARE_CUE.finditer(text):
            assert "占" in m.group(0) or "比" in m.group(0)
        for m in R._NAMED_SHARE_CUE.finditer(text):
            assert "占" in m.group(0)
        for m in R._UNPAID.finditer(text):
            assert "未" in m.group(0)
        for i in range(len(text)):
            m = R._WHOLE_CUE_M.match(text[i:i + 6])
            if m:
                assert not R._WHOLE_CUE_CHARS.isdisjoint(m.group(0))
            if R._RELATIVE.match(text[i:]):
                assert text[i] in R._RELATIVE_FIRST


def _plain_kind_class(text, q):
    if R.money_like(text, q):
        return "money"
    if q.kind == "percent":
        return "percent"
    if q.kind in R.AMOUNT_KINDS and q.kind not in ("plain", "plain_wan"):
        base_unit = q.unit[1:] if q.unit.startswith("万") and len(q.unit) > 1 else q.unit
        return f"{q.kind}:{base_unit}"
    return None


def test_kind_class_matches_the_plain_reading():
    kinds = {k for k, _ in Q.UNITS.values()} | {"plain", "ratio", "money_per", "persons_per", "plain_yi"}
    units = list(Q.UNITS) + [""]
    for kind in sorted(kinds):
        for unit in units:
            for text, label in (("资金 5万，", "资金"), ("资金 5万元", "资金"), ("人数 5万人", "人数")):
                q = Q.Quantity(3, 5, 3, 4, "5", Decimal(5), 0, unit, kind, label=label)
                assert R.kind_class(text, q) == _plain_kind_class(text, q)


def test_inline_item_starts_match_the_one_pattern(texts):
    rnd = random.Random(11)
    alphabet = list("。；;：:\n，, \t\u3000①⑳(（)）12一二十是项目")
    extra = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 40))) for _ in range(20000)]
    for text in texts + extra:
        assert R._inline_item_starts(text) == [m.start(m.lastgroup) for m in R._INLINE_ITEM.finditer(text)]


def test_grade_cue_prefilter_finds_every_grade_cue(texts):
    rnd = random.Random(5)
    alphabet = list("为评价定次级自等结果 \t\u3000“\"‘'”’优秀良好合格不较差中一二三四") + ["\x1c"]
    extra = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 30))) for _ in range(20000)]
    for text in texts + extra:
        for m in R._GRADE_SEG.finditer(text):
            assert R._GRADE_SEG_NEAR.search(text, m.start(), m.end())


def test_prose_grades_hold_the_tested_words(texts):
    extra = ["得分 91.8 分，评价等级为优秀。", "总分为 87分 综合结果：良", "评分 60 分，考核等次为差"]
    for text in texts + extra:
        for m in R._PROSE_GRADE.finditer(text):
            g = m.group(0)
            assert "分" in g and any(w in g for w in ("等级", "结果", "评级", "级别", "等次"))
