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


# ---- per-line caches of build_document: the cached readings against the uncached ones

_PIECES = ["一", "二、", "（三）", "(1)", "1.", "2、", "①", "项目", "资金", "。", "；", "！", " ", "  ",
           "\t", "|", "\u3000", "...", "……3", "2022年", "95.6%", "-", ":", "\n"]


def _random_lines(seed, n=20000):
    import random
    rnd = random.Random(seed)
    for _ in range(n):
        yield "".join(rnd.choice(_PIECES) for _ in range(rnd.randint(0, 9))).replace("\n", "")


def _cells_slow(p, row, kind):
    from auditor import rx as re
    from auditor.model import _PIPE_RULE, Cell
    text = p.text
    if kind == "pipe" and _PIPE_RULE.match(text.strip()):
        return []
    if kind == "spaces":
        pieces = [(m.start(), m.group()) for m in re.finditer(r"\S+(?: \S+)*", text)]
    else:
        pieces = []
        a = 0
        for raw in text.split("\t" if kind == "tab" else "|"):
            pieces.append((a, raw))
            a += len(raw) + 1
    cells = []
    base = p.start
    for col, (a, raw) in enumerate(pieces):
        t = raw.strip()
        if len(t) == len(raw):
            cells.append(Cell(t, base + a, base + a + len(raw), row, col))
        else:
            s = a + (len(raw) - len(raw.lstrip()))
            cells.append(Cell(t, base + s, base + max(a + len(raw.rstrip()), s), row, col))
    if kind == "pipe":
        if cells and not cells[0].text and text.lstrip().startswith("|"):
            cells = cells[1:]
            for c in cells:
                c.col -= 1
        if cells and not cells[-1].text:
            cells = cells[:-1]
    return cells


def test_cells_as_uncached():
    from auditor.model import Paragraph, _cells
    for k, line in enumerate(_random_lines(7)):
        for kind in ("tab", "pipe", "spaces"):
            p = Paragraph(0, 100 + k, 100 + k + len(line), line)
            assert _cells(p, k % 5, kind) == _cells_slow(p, k % 5, kind), (line, kind)
            assert _cells(p, k % 5, kind) == _cells_slow(p, k % 5, kind)    # cached now


def test_headings_and_sentences_as_uncached():
    from auditor.model import (_HEADING_FIRST, _SENTENCE_PIECE, _TOC_LEADER, HEADING_PATTERNS, _has_leader,
                               _heading_parts, _sentence_spans)

    def heading_slow(s):      # every pattern, in order (the loop _find_headings ran)
        in_toc = _has_leader(s) and bool(_TOC_LEADER.search(s))
        for level, pat in HEADING_PATTERNS:
            m = pat.match(s)
            if m:
                title = m.group("title")
                return level, m.group("num"), (_TOC_LEADER.sub("", title) if in_toc else title).strip(), in_toc
        return None

    def sentences_slow(text):
        out, start = [], 0
        for seg in _SENTENCE_PIECE.findall(text):
            end = start + len(seg)
            if seg.strip():
                out.append((seg, start, end))
            start = end
        return tuple(out)
    headings = 0
    for line in _random_lines(11):
        s = line.strip()
        if s and _HEADING_FIRST.match(s):
            assert _heading_parts(s) == heading_slow(s), s
            headings += _heading_parts(s) is not None
        assert _sentence_spans(line) == sentences_slow(line), line
    assert headings > 500


def test_structure_plain_tests_before_patterns():
    # structure.missing tests a line's last non-space character before ``_ANNOUNCES``, and a
    # title's 问题 before ``_PROBLEMS``: each pattern needs them
    import random
    import regex
    from auditor.checks import structure as S
    spaces = [chr(c) for c in range(0x110000) if regex.match(r"\s", chr(c))]
    assert all(c.isspace() for c in spaces)       # what rstrip() removes, the pattern's \s holds
    rnd = random.Random(13)
    pieces = ["如下", "以下", "下列", ":", "：", "问题", "存在", "主要", "的", "及原因", "报告", "。"] + spaces
    hits = 0
    for _ in range(30000):
        s = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 8)))
        if S._ANNOUNCES.search(s):
            hits += 1
            assert s.rstrip().endswith((":", "：")), repr(s)
        if S._PROBLEMS.search(s):
            assert "问题" in s
    assert hits > 200


def test_impossible_dates_gate():
    # date.conflict reads _SHORT_YEAR, _YEAR_MONTH and _DATE only where they can report: the
    # gate says so wherever a match would give a finding (cited titles only take findings away)
    import calendar
    import random
    from auditor.checks import date as D
    rnd = random.Random(17)
    pieces = ["1", "2", "0", "3", "9", "12", "13", "29", "31", "00", "202", "2022", "19", "年", "月", "日",
              " ", "\u3000", "\u00a0", "\x0b", "\n", ".", "项", "第", "٣", "\U0001d7d1", "〔", "》"]
    numbers = ["", "0", "1", "2", "9", "00", "02", "12", "13", "28", "29", "30", "31", "99", "202", "2022",
               "1999", "٣", "1٣", "\U0001d7d1", "12\U0001d7d1"]
    gaps = ["", "", " ", "\u3000", "\u00a0", "\x0b", "\n", "\x1c"]

    def date():       # junk, then year 年 month 月 day 日, each part maybe left out
        parts = [rnd.choice(pieces) for _ in range(rnd.randint(0, 2))]
        for unit in "年月日":
            if rnd.random() < 0.8:
                parts += [rnd.choice(numbers), rnd.choice(gaps), unit, rnd.choice(gaps)]
        return "".join(parts)
    seen = [0, 0, 0]
    for _ in range(60000):
        s = "".join(rnd.choice(pieces) if rnd.random() < 0.5 else date() for _ in range(rnd.randint(1, 4)))
        has_month = D._GATE_MONTH.search(s) is not None
        has_day = D._GATE_DAY.search(s) is not None
        short, bad_month, bad_day = D._impossible_possible(s, has_month, has_day)
        if has_month and any(True for _ in D._SHORT_YEAR.finditer(s)):
            seen[0] += 1
            assert short, repr(s)
        if has_month and any(not 1 <= int(m.group("m")) <= 12 for m in D._YEAR_MONTH.finditer(s)):
            seen[1] += 1
            assert bad_month, repr(s)
        for m in D._DATE.finditer(s) if has_day else ():
            month, day = int(m.group("m")), int(m.group("d"))
            year = int(m.group("y")) if m.group("y") else None
            if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(year or 2000, month)[1]):
                seen[2] += 1
                assert bad_day, repr(s)
    assert min(seen) > 500, seen
