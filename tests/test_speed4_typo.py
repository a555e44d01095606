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
