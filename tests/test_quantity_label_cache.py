"""The label of a number, read from the text after the last stop before it, is the label read
from the whole 40-character window (corpus/ and random texts)."""
import random

from conftest import corpus_texts

from auditor.extract import quantities as Q


def _window_label(text, start, limit=16):
    lo = max(0, start - 40)
    lab, at = Q._label_in.__wrapped__(text[lo:start], limit)
    if not lab:
        return lab, -1
    return lab, (lo + at) if at >= 0 else start - len(lab)


def test_label_before_matches_the_window_reading():
    texts = corpus_texts()
    assert texts
    for t in texts:
        for m in Q._QUANTITY_STD.finditer(t):
            for st in (m.start(), m.start(2)):
                assert Q._label_before(t, st) == _window_label(t, st)
    rnd = random.Random(3)
    bits = ["，", "。", "（", ")", "\n", "2023年", "资金", "其中", "1,234.5", "万元", "%", "为", "达到", "共计",
            "的", "项目", " ", "A", "“", "12", "合计", "年度"]
    for _ in range(20000):
        t = "".join(rnd.choice(bits) for _ in range(rnd.randint(0, 25)))
        st = rnd.randint(0, len(t))
        for limit in (16, 8):
            assert Q._label_before(t, st, limit) == _window_label(t, st, limit)
