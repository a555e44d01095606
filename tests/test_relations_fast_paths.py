"""The relation layer's fast paths agree with the plain readings on real reports (corpus/)."""
from pathlib import Path

import pytest

from auditor import rx as re
from auditor.ingest import load
from auditor.model import build_document
from auditor.extract import relations as R
from auditor.extract.quantities import doc_quantities, quantities_in_spans

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _docs():
    out = []
    for p in sorted(CORPUS.glob("*.txt")):
        loaded = load(str(p), None)
        if not loaded.error:
            out.append(build_document(str(p), loaded.text, loaded.encoding, loaded.fmt, loaded.locations))
    return out


@pytest.fixture(scope="module")
def docs():
    found = _docs()
    assert found
    return found


def test_inline_items_match_the_lookbehind_pattern(docs):
    plain = re.compile(r"(?:^|(?<=[。；;：:\n]))[ \t\u3000]*(?:[①-⑳]|[(（]\d{1,2}[)）]|[一二三四五六七八九十]是"
                       r"|\d{1,2}、(?!\d{1,2}\s*[、月日号]))|(?<=[，,])[ \t\u3000]*[一二三四五六七八九十]是")
    for doc in docs:
        text = doc.text + "\n(1)甲；②乙。三是丙：（12）丁，一是戊,二是己，(3)庚。2、2022年辛；3、3月壬。4、5、6癸"
        expected = [m.start() for m in plain.finditer(text)]
        assert [m.start(m.lastgroup) for m in R._INLINE_ITEM.finditer(text)] == expected
        assert R._inline_item_starts(text) == expected


def test_quantities_in_spans_match_the_plain_filter(docs):
    for doc in docs:
        qs = doc_quantities(doc)
        spans = [(p.start, p.end) for p in doc.paragraphs] + [(c.start, c.end) for t in doc.tables
                                                             for row in t.rows for c in row]
        for start, end, found in quantities_in_spans(doc, spans):
            assert found == [q for q in qs if start <= q.num_start < end and q.num_end <= end]


def test_skipped_paragraphs_hold_no_named_count_or_count_line(docs):
    for doc in docs:
        text = doc.text
        for p in doc.paragraphs:
            seg = text[p.start:p.end]
            if "、" not in seg or not R._NAMED_COUNT_CUE.search(seg):
                assert R._NAMES_THEN_COUNT.search(seg) is None and R._COUNT_THEN_NAMES.search(seg) is None
            last = seg.rstrip()[-1:]
            if not last or not (last == "个" or R._ONE_DIGIT.match(last)):
                assert R._COUNT_LINE.search(text, p.start, p.end) is None
            if not R._GRADE_SEG.search(text, p.start, p.end):
                assert all(R._GRADE_SEG.search(text, a, b) is None for a, b in R._grade_clauses(text, p.start, p.end))


def test_bracket_spans_match_a_character_walk(docs):
    for doc in docs:
        text = doc.text
        for p in doc.paragraphs:
            out, stack = [], []
            for i in range(p.start, p.end):
                if text[i] in "（(":
                    stack.append(i)
                elif text[i] in "）)" and stack:
                    out.append((stack.pop(), i))
            assert R._bracket_spans(text, p.start, p.end) == out


def _spans(matches):
    return [(m.span(), m.groupdict()) for m in matches]


def test_names_then_count_matches_the_plain_scan(docs):
    import random
    made = ["甲乙、丙丁（戊己、庚辛3个）等共计12个区县", "特困人员、低保对象、孤儿、残疾儿童、重病儿童，共有",
            "涉及A区、B县和C镇3个乡镇", "（丙丁、戊己 5 项）、甲乙1234所", "甲乙、丙²、丁戊7家"]
    rng = random.Random(7)
    toks = ["甲乙", "丙丁戊", "、", "、", "和", "等", "共计", "3个", "12家", "1234所", "5 项", "（其中2个）",
            "(丁、戊)", "（", ")", "，", " ", "的", "为", "区县", "\n"]
    made += ["".join(rng.choice(toks) for _ in range(rng.randint(1, 25))) for _ in range(3000)]
    segs = [doc.text[p.start:p.end] for doc in docs for p in doc.paragraphs] + made
    for seg in segs:
        assert _spans(R._names_then_count(seg)) == _spans(R._NAMES_THEN_COUNT.finditer(seg)), seg


def test_score_items_match_the_plain_scan(docs):
    import random
    rng = random.Random(11)
    pieces = ["产出指标", "数量", "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未", "A1", "（一）", "(", "）", " ", "：", ":",
              "： 分值", "：权重为", "：满分", "10分", "5.5 分", "，自评得分8分", "；实际得分 3 分", "，", "。", "1、"]
    made = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 14))) for _ in range(3000)]
    for line in [doc.text[p.start:p.end] for doc in docs for p in doc.paragraphs] + made:
        assert _spans(R._score_matches.__wrapped__(line)[0]) == _spans(R._SCORE_ITEM.finditer(line)), line


def test_ratios_match_the_plain_scan(docs):
    from auditor.extract import quantities as Q
    import random
    rng = random.Random(5)
    toks = ["1", "12", "123", ":", "：", " ", ".", "按", "比例", "5:5", "3：7", "a", "\n", "：12:3"]
    made = ["".join(rng.choice(toks) for _ in range(rng.randint(1, 20))) for _ in range(3000)]
    for text in [doc.text for doc in docs] + made:
        plain = [(m.span(), m.groups()) for m in Q._RATIO.finditer(text)]
        fast = [(m.span(), m.groups()) for m in Q.matches_from(Q._RATIO, text, Q._RATIO_BEFORE_COLON, Q._COLON)]
        assert fast == plain, text


def test_masked_spans_match_the_regex_scan(docs):
    from auditor.extract import quantities as Q
    import random
    rng = random.Random(9)
    toks = ["2023", "2022", "19", "20", "1", "12", "。", "；", ";", "！", "？", " ", "\u3000", "\n", ".", "．", "、",
            "-", "—", "~", "至", "年", "表", "附件", "图", ":", "：", "%", "万元", "人", "甲", "\x1c", "\U00010d41"]
    made = ["".join(rng.choice(toks) for _ in range(rng.randint(1, 20))) for _ in range(5000)]
    for text in [doc.text for doc in docs] + made:
        assert Q._masked_spans(text) == [m.span() for m in Q._MASKS.finditer(text)], text


def test_quantity_scan_matches_the_regex_scan(docs):
    from auditor.extract import quantities as Q
    import random
    rng = random.Random(13)
    toks = ["1", "23", "1,234", "4.5", "-", "−", "≥", "约", "不低于", "达到", "万元", "元", "%", "个百分点", "人次", "余",
            "以上", "左右", " ", "，", "年", "分", "别", "\x1d", "\U00010d42"]
    made = ["".join(rng.choice(toks) for _ in range(rng.randint(1, 15))) for _ in range(5000)]
    for text in [doc.text for doc in docs] + made:
        plain = [(m.span(), m.groups()) for m in Q.QUANTITY_RE.finditer(text)]
        if Q._ENGINES_DIFFER.search(text) is None:
            assert [(m.span(), m.groups()) for m in Q._QUANTITY_STD.finditer(text)] == plain, text
