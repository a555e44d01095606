"""The speed-ups that avoid segmenting or scanning a whole document give exactly what the
whole-document computation gives: jieba windows (nlp.jieba_window, the duplicate-character
check's block tokens) and the lexicon name index (extract.entities._NameIndex)."""
from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.checks.text import _DOUBLE, _token_at, _tokens_around
from auditor.extract.entities import _NameIndex, _scheme_index, region_index
from auditor.ingest import load
from auditor.model import build_document
from auditor.nlp import jieba_window, segmenter

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
# Han characters, Latin letters and digits (inside jieba blocks) and the separators that
# end a block: punctuation, spaces, CJK extension A (outside jieba's range)
ALPHABET = list("城乡居民基本医疗保险市县区铁山章山项目资金预算执行率") + list("ab19.%-") + \
    list("，。、（）：；\n \t") + ["\u3400", "〇"]


def _words(text: str) -> list[tuple[int, int]]:
    out, k = [], 0
    for w in segmenter().cut(text):
        out.append((k, k + len(w)))
        k += len(w)
    return out


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, min_size=1, max_size=60), st.data())
def test_window_words_are_the_whole_texts_words(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    a, b = jieba_window(text, start, end)
    assert 0 <= a <= start and end <= b <= len(text)
    whole = [w for w in _words(text) if w[0] < end and start < w[1]]
    local = [(x + a, y + a) for x, y in _words(text[a:b]) if x + a < end and start < y + a]
    assert local == whole


def test_window_is_the_blocks_around_the_span_within_its_bounds():
    text = "一、城乡居民基本医疗保险。二、铁山区医疗保障局"
    s = text.index("铁山")
    assert jieba_window(text, s, s + 2) == (s, len(text))            # the block 铁山区医疗保障局
    assert jieba_window(text, s, s + 2, hi=len(text) - 2) == (s, len(text) - 2)
    first = text.index("城乡")
    assert jieba_window(text, first + 1, s + 1) == (first, len(text))  # every block in between


def test_duplicate_char_block_tokens_match_the_whole_document_on_the_corpus():
    """The check reads dictionary words (jieba without HMM); its block tokens are those of
    segmenting the whole document the same way."""
    checked = 0
    for path in sorted(CORPUS.glob("*.txt")):
        doc = build_document(str(path), load(str(path)).text)
        whole, k = [], 0
        for word in segmenter().cut(doc.text, HMM=False):
            whole.append((k, k + len(word)))
            k += len(word)
        cache: dict = {}
        for m in _DOUBLE.finditer(doc.text):
            s = m.start()
            local = _tokens_around(doc, s, cache)
            assert _token_at(local, s) == _token_at(whole, s)
            assert _token_at(local, s + 1) == _token_at(whole, s + 1)
            checked += 1
    assert checked >= 10   # the corpus has doubled characters (城城, 市市, 谢谢 …)


def _brute_force(names: list[str], text: str, start: int, end: int):
    """Leftmost-longest scan, one position at a time (the index's contract)."""
    names = sorted({n for n in names if len(n) >= 2}, key=len, reverse=True)
    i, out = start, []
    while i < end - 1:
        for n in names:
            if text.startswith(n, i) and i + len(n) <= end:
                out.append((i, i + len(n), n))
                i += len(n) - 1
                break
        i += 1
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="甲乙丙县区市", min_size=1, max_size=4), min_size=1, max_size=8),
       st.text(alphabet="甲乙丙县区市，", max_size=40), st.data())
def test_name_index_is_leftmost_longest(names, text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    expected = _brute_force(names, text, start, end)
    for trie in (None, True, False):    # the index's own choice, and each way forced
        assert list(_NameIndex(names, trie=trie).finditer(text, start, end)) == expected


def test_lexicon_indexes_on_the_corpus():
    for index in (region_index().names, _scheme_index()):
        names = [n for v in index.by_tail.values() for n in v]
        other = _NameIndex(names, trie=index._trie is None)   # the other way
        for path in sorted(CORPUS.glob("*.txt"))[:3]:
            text = load(str(path)).text
            expected = _brute_force(names, text, 0, len(text))
            assert list(index.finditer(text)) == expected
            assert list(other.finditer(text)) == expected


def test_jieba_cache_read_whole_gives_jiebas_dictionary(tmp_path):
    """segmenter() reads jieba's own cache file whole (``_WholeFileMarshal``) and restores
    jieba's ``marshal``: the prefix dictionary is what ``marshal.load`` of the cache gives."""
    import marshal
    import jieba
    from auditor.nlp import _WholeFileMarshal
    value = ({"城乡": 12, "城乡居民": 3, "城": 0}, 15)
    path = tmp_path / "cache"
    with open(path, "wb") as f:
        _WholeFileMarshal.dump(value, f)
    with open(path, "rb") as f:
        assert _WholeFileMarshal.load(f) == value == marshal.loads(path.read_bytes())
    seg = segmenter()
    assert seg.dt.initialized and seg.dt.FREQ["医疗保险"] > 0
    assert jieba.marshal is marshal
