"""The entity layer's shortcuts give exactly what jieba gives: a word boundary decided
without segmenting (extract.entities._no_word_across) is one jieba's segmentation has."""
from __future__ import annotations

import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.extract.entities import _no_word_across, boundary_in
from auditor.ingest import load
from auditor.nlp import segmenter

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
# Han characters (place names, suffixes, common words), Latin letters and digits (glued
# by jieba), block characters (.%-), separators, spaces and a CR
ALPHABET = list("城乡居民基本医疗保险市县区镇铁山章山宁州项目的在和区域片区") + list("ab19.%-+") + \
    list("，。、（）《》 \t\r\u3000")


def _jieba_boundary(window: str, at: int) -> bool:
    k = 0
    for w in segmenter().cut(window, HMM=False):
        if k == at:
            return True
        if k > at:
            return False
        k += len(w)
    return k == at


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=ALPHABET, min_size=0, max_size=10), st.data())
def test_boundary_without_segmenting_is_jiebas(window, data):
    at = data.draw(st.integers(0, len(window)))
    if _no_word_across(window, at):
        assert _jieba_boundary(window, at)
    assert boundary_in.__wrapped__(window, at) == _jieba_boundary(window, at)


def test_boundary_without_segmenting_on_corpus_windows():
    rnd = random.Random(7)
    decided = 0
    for path in sorted(CORPUS.rglob("*.txt"))[:40]:
        text = load(path).text or ""
        for _ in range(min(400, len(text))):
            p = rnd.randrange(len(text))
            lo = max(0, p - rnd.randint(0, 4))
            window = text[lo:p + rnd.randint(0, 4)]
            at = p - lo
            if _no_word_across(window, at):
                decided += 1
                assert _jieba_boundary(window, at), (window, at)
    assert decided > 100


def _bounds_by_steps(text, pos, lo, hi, pat):
    """``entity_home._bounds`` as it was: a step back per character."""
    s = pos
    while s > lo and not pat.match(text[s - 1]):
        s -= 1
    m = pat.search(text, pos, hi)
    return s, (m.end() if m else hi)


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=list("。；;！!？?\n，,：:城乡居民a1 \r"), max_size=30), st.data())
def test_bounds_by_reverse_search_are_the_stepwise_ones(text, data):
    from auditor.checks.entity_home import _CLAUSE_END, _LINE_END, _SENT_END, _bounds
    pos = data.draw(st.integers(0, len(text)))
    lo, hi = data.draw(st.integers(0, len(text) + 2)), data.draw(st.integers(0, len(text) + 2))
    for pat in (_SENT_END, _CLAUSE_END, _LINE_END):
        assert _bounds(text, pos, lo, hi, pat) == _bounds_by_steps(text, pos, lo, hi, pat)
