"""The shortcuts of auditor.checks.text read the same as the plain computations they
replace: sentence keys cut from the whole text's key, np.unique's counts without its
set-up, the homophone pairs after pruning, the doubled levels read off the doubled runs."""
import random
from collections import Counter

import numpy as np
import pytest

from auditor import rx as re
from auditor.checks import text as T

_ALPHABET = ([chr(c) for c in range(0, 0x250)] + [chr(c) for c in range(0x3000, 0x3040)]
             + [chr(c) for c in range(0x4DB0, 0x4E10)] + [chr(c) for c in range(0x9FA0, 0xA010)]
             + [chr(c) for c in range(0xFF00, 0xFF70)]
             + ["\U00020000", "\U0002A6DF", "\U0001F600", "\ud800", "\udfff"])

_REPORT = ("一、项目基本情况\n南陵县县财政局安排资金 20 万元，用于县县通公路养护；市市直机关完成 3 项。\n"
           "2.绩效目标完成情况：完成率 100%，群众满意度 95%。指标得分 10 分（权重 10 分）。\n"
           "湾沚区完成培训 12 场，湾址区受益群众 3000 人，湾沚区湾沚区已完成。ABC12 abc\n")


def _texts():
    rnd = random.Random(11)
    out = [_REPORT, "", "县", "县县县县财政局", "省省市市县县县"]
    for _ in range(400):
        out.append("".join(rnd.choice(_ALPHABET) for _ in range(rnd.randint(0, 120))))
    for _ in range(200):
        out.append("".join(rnd.choice(_REPORT) for _ in range(rnd.randint(0, 400))))
    return out


def test_key_prefix_cuts_the_keys_text_key_makes():
    rnd = random.Random(5)
    for text in _texts():
        whole, at = T._key_prefix(text)
        assert whole == T.text_key(text) and len(at) == len(text) + 1 and at[-1] == len(whole)
        for _ in range(10):
            a = rnd.randint(0, len(text))
            b = rnd.randint(a, len(text))
            assert whole[at[a]:at[b]] == T.text_key(text[a:b])


def test_key_prefix_keeps_every_code_point_text_key_keeps():
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    whole, at = T._key_prefix(every)
    assert whole == T.text_key(every) and at[-1] == len(whole)


@pytest.mark.parametrize("n", [1, 2, 7, 300, T._SORT_MAX, T._SORT_MAX + 1, 3 * T._SORT_MAX])
def test_distinct_counts_as_np_unique(n):
    rng = np.random.default_rng(n)
    for high in (3, 1000, 1 << 62):
        keys = rng.integers(0, high, n, dtype=np.int64)
        values, counts = T._distinct(keys)
        want_values, want_counts = np.unique(keys, return_counts=True)
        got = sorted(zip(values.tolist(), counts.tolist()))
        assert got == list(zip(want_values.tolist(), want_counts.tolist()))


def _homophone_pairs_plain(text: str, freq: dict) -> list:
    """``_homophone_pairs`` as its docstring states it, pair by pair."""
    sound = T._sound_ids()
    counts = Counter(text[i:i + 2] for i in range(len(text) - 1))
    out = []
    for word, n in counts.items():
        if n < 2 or freq.get(word, 0) < T._BIGRAM_WORD_MIN:
            continue
        for slip, k in counts.items():
            for i in (0, 1):
                if slip == word or slip[1 - i] != word[1 - i] or word[i] not in sound \
                        or sound.get(slip[i]) != sound[word[i]]:
                    continue
                if freq.get(slip, 0) or k * 2 > n or slip[1 - i] in T._STANDALONE_CHARS:
                    continue
                out.append((word, i, slip[i], slip, n))
    return sorted(out, key=lambda t: (t[0], t[1], t[2]))


def test_homophone_pairs_as_the_plain_reading():
    if not T._homophone_table():
        pytest.skip("no reading table")
    freq = T._word_freq()
    sound = T._sound_ids()
    rnd = random.Random(3)
    words = [w for w in ("完成", "指标", "支付", "中医", "管理", "绩效", "基金", "机制", "实际", "政局", "站点")]
    pool = sorted({c for w in words for c in w} | {c for c in sound if rnd.random() < 0.002}
                  | set("和的市县湾之值众合效际济围志计日起"))
    texts = [_REPORT, "完成完成湾成", "指标指标之标和标", "一"]
    for _ in range(300):
        texts.append("".join(rnd.choice(pool + words) for _ in range(rnd.randint(0, 200))))
    for text in texts:
        assert T._homophone_pairs(text, freq) == _homophone_pairs_plain(text, freq)


def test_level_doublings_are_the_patterns_matches():
    rnd = random.Random(9)
    alphabet = T._LEVEL_CHARS + "财政局一二 ,\n"
    texts = [_REPORT, "县县县", "县县县县", "省省市市县县县区区"]
    texts += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 60))) for _ in range(2000)]
    for text in texts:
        want = [m.start() for m in re.finditer(rf"([{T._LEVEL_CHARS}])\1", text)]
        assert T._level_doublings(text, T._doubled_runs(text, 1)) == want
