"""The typo rule's fast paths against their plain readings: ``variant_pairs`` meets its
substitution pairs by codes with one id blanked (``_variant_pairs_plain`` by string keys),
and ``_member`` searches a small pool however many values it is given."""
import numpy as np
import pytest

from auditor.checks import text as t


def _random_texts(seed: int, count: int):
    """Texts of few distinct Han characters (many grams written twice or more, many a
    character apart), cut into runs by punctuation, short and long."""
    rng = np.random.default_rng(seed)
    for _ in range(count):
        alphabet = [chr(0x4E00 + int(k)) for k in rng.choice(400, int(rng.integers(3, 40)), replace=False)]
        size = int(rng.choice([20, 200, 1500, 6000]))
        chars = rng.choice(alphabet + ["，", "。", "\n", "1"], size)
        base = "".join(chars)
        # repeat phrases with one character changed or dropped, as variants are written
        pieces = [base]
        for _ in range(int(rng.integers(0, 20))):
            a = int(rng.integers(0, max(1, len(base) - 10)))
            phrase = base[a:a + int(rng.integers(3, 10))]
            if len(phrase) > 2:
                j = int(rng.integers(1, len(phrase) - 1))
                pieces.append("，" + phrase[:j] + alphabet[int(rng.integers(0, len(alphabet)))] + phrase[j + 1:])
                pieces.append("，" + phrase[:j] + phrase[j + 1:])
        yield "".join(pieces)


@pytest.mark.parametrize("seed", range(4))
def test_variant_pairs_equal_plain_on_random_text(monkeypatch, seed):
    texts = list(_random_texts(seed, 40))
    for sort_max, pool in ((t._SORT_MAX, t._SEARCH_POOL), (0, 0), (0, 10 ** 9), (10 ** 9, 0)):
        monkeypatch.setattr(t, "_SORT_MAX", sort_max)
        monkeypatch.setattr(t, "_SEARCH_POOL", pool)
        for x in texts:
            assert t.variant_pairs(x) == t._variant_pairs_plain(x), (sort_max, pool, x[:30])


def test_member_with_a_small_pool_of_many_values(monkeypatch):
    rng = np.random.default_rng(3)
    for _ in range(200):
        pool = rng.integers(-50, 50, int(rng.integers(0, 300))) * int(rng.choice([1, 1 << 40]))
        values = rng.integers(-60, 60, int(rng.integers(0, 9000))) * int(rng.choice([1, 1 << 40]))
        want = np.isin(values, pool)
        for limit in (0, 10 ** 9):
            monkeypatch.setattr(t, "_SEARCH_POOL", limit)
            assert (t._member(values, pool) == want).all()


def _end_drops_plain(text: str, occ_of) -> list:
    """``_end_drops`` as first written: every place of the term without its last character,
    then the list-marker styles its lines share."""
    from collections import Counter
    out = []
    for x, xs in occ_of.items():
        if len(xs) < 3 or len(x) < 4 or not t._is_word(x[-2:]) or x[-1] in t._FUNCTION_CHARS - {"于"}:
            continue
        if t._ends_in_a_lone_character(x[-4:]):
            continue
        after = {text[q + len(x):q + len(x) + 1] for q in xs}
        y, places, p = x[:-1], [], -1
        while (p := text.find(y, p + 1)) >= 0:
            if text.startswith(x, p) or p + len(y) >= len(text):
                continue
            nxt = text[p + len(y)]
            if not t._HAN.match(nxt) or nxt in t._SUBSTITUTES_AFTER or nxt in after:
                continue
            places.append(p)
        styles = Counter(t._line_marker(text, q) for q in xs)
        shared = {st for st, k in styles.items() if st is not None and k >= 2}
        for p in places:
            if t._line_marker(text, p) not in shared:
                continue
            line = text[text.rfind("\n", 0, p) + 1:(text.find("\n", p) + 1 or len(text) + 1) - 1]
            if x not in line:
                out.append((p, p + len(y), p + len(y), x, xs, "end_drop", len(y)))
    return out


def test_end_drops_as_first_written():
    rng = np.random.default_rng(11)
    terms = ["主要用于", "重点支持", "用于保障", "全面推进", "加快建设"]
    tails = ["道路", "桥梁", "绿化", "城乡", "教育", "民生", "乡村", "产业"]
    markers = ["{}、", "（{}）", "{}.", "", "{}．"]
    found = 0
    for _ in range(150):
        lines = []
        styles = rng.choice(markers, 2)
        mine = rng.choice(terms, 2)
        for k in range(int(rng.integers(4, 12))):
            term = str(mine[int(rng.integers(0, 2))])
            if rng.random() < 0.2:
                term = term[:-1]
            lines.append(styles[int(rng.integers(0, 2))].format(k + 1) + term
                         + tails[int(rng.integers(0, len(tails)))] + "。")
        text = "\n".join(lines)
        _, repeated, _ = t.variant_pairs(text)
        drops = t._end_drops(text, repeated)
        assert drops == _end_drops_plain(text, repeated)
        found += bool(drops)
    assert found >= 20
