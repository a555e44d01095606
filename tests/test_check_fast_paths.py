"""The score/arithmetic checks' fast paths agree with the plain regex readings (corpus/ and
random texts)."""
import random

import pytest
from conftest import corpus_texts

from auditor import rx as re
from auditor.checks import score as S
from auditor.checks import arithmetic as A
from auditor.extract import tables as T
from auditor.extract.quantities import matches_from



@pytest.fixture(scope="module")
def texts():
    out = corpus_texts()
    assert out
    return out


class _Line:
    def __init__(self, text):
        self.text, self.start = text, 7


def _plain_line_cell(p):
    m = re.match(r"[\s|]*(.*?)[\s|]*$", p.text)
    return m.group(1), p.start + m.start(1)


def _both(f, g, x):
    try:
        a = f(x)
    except AttributeError:      # the plain pattern finds no match: both fail alike
        a = "error"
    try:
        b = g(x)
    except AttributeError:
        b = "error"
    return a, b


def test_line_cell_matches_the_lazy_pattern(texts):
    rnd = random.Random(5)
    lines = [line for t in texts for line in t.split("\n")]
    alphabet = [" ", "|", "\n", "\t", "\u3000", "\x1c", "\x85", "\xa0", "\r", "\u2028", "a", "中"]
    lines += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 8))) for _ in range(30000)]
    for line in lines:
        a, b = _both(_plain_line_cell, S._line_cell, _Line(line))
        assert a == b, repr(line)


def test_weight_heads_match_the_plain_scan(texts):
    rnd = random.Random(7)
    names = ["数量指标", "经济效益指标", "可持续影响指标", "服务对象满意度指标", "服务对象满意度", "项目满意度类指标",
             "项目决策", "过程", "效果类", "项目投入", "管理指标", "预算执行情况", "绩效指标", "对象", "经济", "社会"]
    bits = ["(", "（", ")", "）", "10", "5.5", "分", "分值", "权重", " ", "\u3000", "\n", "类", "指标", "、", "a"]
    extra = []
    for _ in range(3000):
        parts = []
        for _ in range(rnd.randint(1, 4)):
            parts += [rnd.choice(bits + names) for _ in range(rnd.randint(0, 3))]
            parts += [rnd.choice(names), rnd.choice(["", " ", "\n"]), rnd.choice("(（"), rnd.choice(["", "分值", "权重 "]),
                      rnd.choice(["10", "5.5"]), rnd.choice(["分", " 分"]), rnd.choice(")）")]
        extra.append("".join(parts))
    for t in texts + extra:
        plain = [(m.span(), m.groupdict()) for m in S._WEIGHT_HEAD.finditer(t)]
        fast = [(m.span(), m.groupdict())
                for m in matches_from(S._WEIGHT_HEAD, t, S._WEIGHT_NAME_BEFORE, S._ANY_WEIGHT)]
        assert plain == fast


def test_header_roles_match_the_patterns():
    for text in ["得分率", "得 分", "实际得分", "权重(分)", "分值（分）", "预算执行率", "全年执行数", "实际支出数",
                 "调整后预算数", "预算数(万元)", "指标", "", "得分率（%）"]:
        key = A._header_key(text)
        assert A._header_roles(text) == tuple(tuple(p.match(key) is not None for p in spec[:3])
                                              for spec in A._COLUMN_RATIOS)


def test_row_kind_prechecks_skip_only_rows_the_patterns_reject():
    for cp in range(0x4E00, 0xA000):
        c = chr(cp)
        if c != "其":
            assert not any(T._CHILD.match(c + tail) for tail in ("", "1", "、", "(1)", "1、"))
    for word in ("小计", "本页小计", "合计", "总计", "总分", "合计数"):
        assert ("计" in word or "分" in word) and (T._SUBTOTAL.match(word) or T._TOTAL.match(word))


def test_written_formulas_match_the_plain_scan(texts):
    rnd = random.Random(11)
    bits = ["1", "23", "4,5", ".", "6.7", "/", "÷", "×", "*", " ", "\n", "=", "%", "元", "年", "，", "8", "90"]
    extra = ["".join(rnd.choice(bits) for _ in range(rnd.randint(1, 20))) for _ in range(30000)]
    for t in texts + extra:
        plain = [(m.span(), m.group("expr")) for m in A._EXPR.finditer(t)]
        fast = [(m.span(), m.group("expr")) for m in matches_from(A._EXPR, t, A._NUMBER_BEFORE, A._OPERATOR)]
        assert plain == fast, t
