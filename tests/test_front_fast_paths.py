"""The front end's fast paths give what the plain code gives, on every line of corpus/
and ../shared/real and on made-up lines aimed at their edges:

* ``normalize._display_width`` (standard-library ``re`` deleting the wide characters)
  against counting ``regex``'s matches of the same class;
* ``normalize._space_drops``, whose letter-spaced words (绩 效 指 标) are found only when a
  space may lie inside one, against the plain per-line reading kept here;
* ``rx``'s module functions against ``regex``'s own.
"""
from pathlib import Path

import pytest
import regex

from auditor import normalize as N, rx

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "real"

MADE_UP = [
    "绩 效 指 标 完成 情况", "预 算 编 码  2023", "㐀 㐁 㐂 三字扩展A", "〇 〇 〇 年", "韩 국 어 한글",
    "1. 组织 实施 (一) 绩效", "3797.83 万元 2022 年 2022 年度", "≥ 95% 以 DRG 付费", "执行数 (B)",
    "  前导与尾随  ", "\t制表 符 旁", "A B C D E F G H", "是 是 否 否 是 是 否 否 是",
    "主管部门 稷山县医疗保障局 项目 单位 卫生 院 金额 100 万元", "𠀀 𠀁 𠀂 扩展B", "—— ～ ‘引号’ “双引号” …",
    "全角：ＡＢＣ１２３（注）", "\u3000\u3000首行缩进", "Ｘ Ｙ Ｚ", "ｈ ｉ ｊ 甲 乙 丙",
]


def _texts():
    texts = list(MADE_UP)
    for folder in (ROOT / "corpus", REAL):
        if folder.is_dir():
            texts += [p.read_text(encoding="utf-8", errors="replace") for p in sorted(folder.glob("*.txt"))]
    return texts


def _lines():
    return [line for text in _texts() for line in text.split("\n")]


def test_display_width_counts_each_wide_character_twice():
    lines = _lines()
    assert len(lines) > 1000
    for line in lines + ["\uac00\ud7a3\ud7a4", "\u2014\u2015\u2018\u2019\u201a\u201c\u201d\u2026",
                         "\u3000\u303f\u3040\u33ff\u3400\u4dbf\u4dc0\u4e00\u9fff\ua000\uff00\uffef\ufff0"]:
        assert N._display_width(line) == len(line) + len(N._WIDE.findall(line)), line


def _plain_line_drops(text, a, b, drops):
    """``_line_drops`` as it was: the letter-spaced words of every line found up front."""
    line = text[a:b]
    table = None
    letter = []
    if "\u4e00" <= max(line):
        letter = [(a + m.start(), a + m.end()) for m in N._LETTER_SPACED.finditer(line)]
    for m in N._SPACE_RUN.finditer(line):
        s, e = a + m.start(), a + m.end()
        if s == a or e == b:
            drops.append((s, e))
            continue
        x, y = text[s - 1], text[e]
        if x == "\t" or y == "\t" or x in N._CJK_PUNCT or y in N._CJK_PUNCT or x in N._COMPARE:
            drops.append((s, e))
            continue
        if e - s == 1 and letter and any(la < s and e < lb for la, lb in letter):
            drops.append((s, e))
            continue
        if e - s >= 2:
            continue
        if x.isdigit() and (y in N._UNIT_START or y == "%"):
            if table is None:
                table = N._table_like(line)
            if not table or y in "%万亿元" or text.startswith("年", e) and not text.startswith("年度", e):
                drops.append((s, e))
            continue
        if y == "(" and N._is_han(x):
            drops.append((s, e))
            continue
        if x in N._ASCII_PUNCT or y in N._ASCII_PUNCT:
            if table is None:
                table = N._table_like(line)
            if not table and not (x.isascii() and x.isalnum() and y.isascii() and y.isalnum()):
                drops.append((s, e))
            continue
        if (N._is_han(x) and y.isascii() and y.isalnum()) or (x.isascii() and x.isalnum() and N._is_han(y)):
            if table is None:
                table = N._table_like(line)
            if not table:
                drops.append((s, e))


def test_space_drops_as_plain_reading(monkeypatch):
    texts = [N._fold(t, "i")[0] for t in _texts()]
    fast = [N._space_drops(t) for t in texts]
    monkeypatch.setattr(N, "_line_drops", _plain_line_drops)
    plain = [N._space_drops(t) for t in texts]
    assert fast == plain
    assert any(fast)


@pytest.mark.parametrize("flags", [0, rx.I])
def test_rx_functions_as_regex(flags):
    text = "Abc 12 abc\n一、基本情况 ABC"
    for pattern in (r"abc", r"\p{Han}+", r"(?m)^\S+", r"\d+"):
        expect = regex.compile(pattern, flags)
        assert rx.compile(pattern, flags).pattern == pattern
        assert rx.compile(pattern, flags).flags == expect.flags
        assert rx.findall(pattern, text, flags) == expect.findall(text)
        assert rx.sub(pattern, "#", text, flags=flags) == expect.sub("#", text)
        assert rx.split(pattern, text, flags=flags) == expect.split(text)
        assert [m.span() for m in rx.finditer(pattern, text, flags)] == [m.span() for m in expect.finditer(text)]
        for name in ("match", "fullmatch", "search"):
            got, want = getattr(rx, name)(pattern, text, flags), getattr(expect, name)(text)
            assert (got and got.span()) == (want and want.span())
    compiled = regex.compile("q")
    assert rx.compile(compiled) is compiled and rx.search(compiled, "aq").span() == (1, 2)
