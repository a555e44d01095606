"""Fast paths of the third speed round, each against the slow form it replaces."""
import sys

from auditor.baseline import normalise


def test_split_drops_exactly_the_isspace_characters():
    # ``baseline.normalise`` drops whitespace with ``str.split()``: the same characters as
    # testing ``str.isspace`` one by one, on every code point
    for c in range(sys.maxunicode + 1):
        ch = chr(c)
        assert (len(("a" + ch + "b").split()) == 2) == ch.isspace(), hex(c)


def test_normalise_as_before():
    for s in ["", "  ", "２０２２ 年\u3000度\n项目", "A\x1cb\x85c\u2028d", "ＡＢ ｃ"]:
        slow = "".join(ch for ch in __import__("unicodedata").normalize("NFKC", s)
                       if not ch.isspace()).lower()
        assert normalise(s) == slow


def test_heading_patterns_by_first_character():
    # ``_find_headings`` tries only the patterns of a line's first character: every other
    # pattern fails on any line starting with it (whatever follows)
    from auditor.model import _DIGIT_PATTERNS, _HEADING_FIRST, _PATTERNS_BY_FIRST, HEADING_PATTERNS
    tails = ["、标题", ". 标题", "）标题", ")标题", "1、标题", "一)标题", "2.2021年标题", "十、", "一二", " (三) 题"]
    for c in list(range(0x10000)) + list(range(0x10000, 0x110000, 97)):
        ch = chr(c)
        if not _HEADING_FIRST.match(ch):
            continue
        tried = _PATTERNS_BY_FIRST.get(ch, _DIGIT_PATTERNS)
        for level, pat in HEADING_PATTERNS:
            if (level, pat) not in tried:
                for tail in tails:
                    assert not pat.match(ch + tail), (hex(c), level, tail)


def test_style_and_number_as_named_groups():
    import random
    from auditor.checks import structure as S

    def slow(m):
        return next((style, num) for style, num in zip(S._STYLES, m.group(*S._STYLE_GROUPS)) if num)
    rnd = random.Random(3)
    pieces = ["1", "12", "(", "（", ")", "）", ".", "．", "、", "①", "⑳", "一", "十二", " ", "\n", "。",
              "项目", "A", "2", "3.5", "：", "“"]
    n = 0
    for _ in range(20000):
        s = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 10)))
        for m in list(S._items(s)):
            assert S._style_and_number(m) == slow(m)
            n += 1
        m = S._CELL_ITEM.match(s)
        if m:
            assert S._style_and_number(m) == slow(m)
    assert n > 1000


def test_date_gate_words_are_needed():
    # ``date_conflict`` asks a gate only when a text holds the word its pattern needs
    import random
    from auditor.checks import date as D
    needs = [(D._GATE_PLAN, ("计划", "拟", "预计", "将")), (D._GATE_MONTH, ("月",)),
             (D._GATE_DURATION, ("期",))]
    rnd = random.Random(5)
    pieces = ["2022", "19", "20", "1", "年", "月", " ", "\n", "计划", "计", "划", "拟", "预计", "将",
              "建设期", "实施周期", "服务期", "周", "期", "。", "|", "项目"]
    hits = 0
    for _ in range(30000):
        s = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 12)))
        for gate, words in needs:
            if gate.search(s):
                hits += 1
                assert any(w in s for w in words), (gate.pattern, s)
    assert hits > 1000
