"""The entity layer's shortcuts give exactly what jieba gives: a word boundary decided
without segmenting (extract.entities._no_word_across) is one jieba's segmentation has, and
the last word's POS tag read off the dictionary route (_last_word_tag) is the one jieba's
POS pass gives, so a window's name (_window_name) is the same without that pass."""
from __future__ import annotations

import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor import rx as re
from auditor.extract.entities import (_NAME_FLAGS, _NOT_IN_NAME, _last_word_tag, _no_word_across,
                                      _suffix_re, _window_name, boundary_in)
from auditor.ingest import load
from auditor.nlp import posseg, segmenter

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


def _name_by_pos(window: str) -> str:
    """The name ending ``window`` from jieba's whole POS pass (what ``_window_name`` was)."""
    name = ""
    for tok in reversed(tuple(posseg().cut(window))):
        w, flag = tok.word, tok.flag
        if flag not in _NAME_FLAGS or any(c in _NOT_IN_NAME for c in w) or not re.fullmatch(r"\p{Han}+", w):
            break
        if len(name) + len(w) > 6:
            break
        name = w + name
    return name


def _check_window(window: str) -> bool:
    last = _last_word_tag(window)
    pairs = tuple(posseg().cut(window))
    if last is not None:
        assert last == (pairs[-1].word, pairs[-1].flag), window
    assert _window_name.__wrapped__(window) == _name_by_pos(window), window
    return last is not None


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=ALPHABET + list("王李张村街道社区青石岭"), min_size=1, max_size=9))
def test_last_word_tag_and_window_name_are_jiebas(window):
    _check_window(window)


def test_window_names_before_place_suffixes_in_corpus():
    decided = 0
    for path in sorted(CORPUS.rglob("*.txt"))[:40]:
        text = load(path).text or ""
        for m in _suffix_re().finditer(text):
            decided += _check_window(text[max(0, m.start() - 8):m.start()])
    assert decided > 100
