"""Property-based tests of the offset map (normalize + build_document).

For any text: no exception; every offset lies inside the original; every
normalized character comes from the original slice it maps to, which is the
same character, its full-width form, or the markup it replaced; structure
spans lie inside the normalized text; and spans map back monotonically.
"""
from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from auditor.model import build_document
from auditor.normalize import _CHECKBOX, _FOLD, _LATEX, normalize

SNIPPETS = [
    '<input type="checkbox"/>', '<input checked="" type="checkbox"/>', "<br/>", "<span class='x'>",
    "</p>", "<b>", "<script>", "</textarea>", "\\geq", "\\le ", "\\times", "\\%", "$\\geq X$", "**",
    "**粗体**", "一、", "(一)", "（二）", "1.", "2、", "(3)", "①", "附件1", "附件 2：", "项目名称：",
    "填报单位：", "目录", "……3", "....12", "\t", "|", "| a | b |", "|---|---|", "\r\n", "\n\n",
    "   ", "\u3000\u3000", "\xa0", "％", "．", "１２３", "ＡＢ", "（", "）", "《", "》", "“", "”",
    "100%", "3,810.44万元", "市市直机关", "。", "，", "；", "：", "\ufeff", "\x00", "\x0c",
]
ALPHABET = st.sampled_from(list("一二三四五六七八九十市县区城镇职工医疗保险项目资金万元分得占比率为合计小")
                           + list("0123456789.,%-+=<>/$\\*|abcXY ()[]{}\t\n\r")
                           + list("０１２３４５６７８９％．（）［］＝＋－／＊＜＞ａｂＡＢ\u3000\xa0\u2002\u2003～∶﹪—")
                           + ["\ufeff", "\u200b", "\U0001F600", "é", "ß"])
TEXTS = st.one_of(
    st.lists(st.one_of(st.sampled_from(SNIPPETS), st.text(ALPHABET, max_size=12)), max_size=40).map("".join),
    st.text(max_size=200),   # any Unicode at all
)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _source_ok(ch: str, src: str) -> bool:
    """Is ``src`` (an original slice) an allowed source of normalized ``ch``?"""
    if src == ch:
        return True
    if len(src) == 1 and _FOLD.get(src) == ch:
        return True
    if ch in "☑☐" and _CHECKBOX.fullmatch(src):
        return True
    if src in _LATEX and _LATEX[src] == ch:
        return True
    return False


@SETTINGS
@given(TEXTS)
@example('1、部门预算项目 <input checked="" type="checkbox"/> 2、市直专项\r\n\r\n目标值为 $\\geq X$ ，得分')
@example("**标题\n续**\n正文")
@example("\n\n\n")
@example("a\r\rb")
def test_normalize_maps_every_character_back(original):
    n = normalize(original)
    assert len(n.pos) == len(n.text) + 1 and len(n.pend) == len(n.text) + 1
    assert n.pos[-1] == len(original) and n.pend[-1] == len(original)
    prev = -1
    for i, ch in enumerate(n.text):
        a, b = n.pos[i], n.pend[i]
        assert 0 <= a < b <= len(original), (i, ch, a, b)
        assert a > prev, "normalized characters keep the original order"
        prev = a
        assert _source_ok(ch, original[a:b]), (i, ch, original[a:b])


@SETTINGS
@given(TEXTS, st.data())
def test_spans_map_inside_the_original(original, data):
    n = normalize(original)
    L = len(n.text)
    s = data.draw(st.integers(0, L))
    e = data.draw(st.integers(s, L))
    a, b = n.to_original(s, e)
    assert 0 <= a <= b <= len(original)
    if e > s:
        # the mapped slice holds every character of the normalized span, in order
        for i in range(s, e):
            assert a <= n.pos[i] and n.pend[i] <= b
    # from_original inverts pos
    for i in range(L):
        assert n.from_original(n.pos[i]) == i


@SETTINGS
@given(TEXTS)
def test_build_document_never_fails_and_spans_stay_inside(original):
    doc = build_document("prop.txt", original)
    L = len(doc.text)
    for p in doc.paragraphs:
        assert 0 <= p.start <= p.end <= L and doc.text[p.start:p.end] == p.text
    for s in doc.sentences:
        assert 0 <= s.start <= s.end <= L and doc.text[s.start:s.end] == s.text
    for h in doc.headings:
        assert 0 <= h.start <= h.end <= L
    for t in doc.tables:
        for row in t.rows:
            for c in row:
                assert 0 <= c.start <= c.end <= L and doc.text[c.start:c.end] == c.text
    for r in doc.reports:
        assert 0 <= r.start <= r.end <= L
        for value, vs, ve in r.fields.values():
            assert doc.text[vs:ve] == value
    for o in range(0, L + 1, max(1, L // 20)):
        path = doc.section_path(o)
        assert all(h.start <= o for h in path)
        assert [h.level for h in path] == sorted(h.level for h in path)
        if doc.reports:
            assert doc.report_at(o) in doc.reports
    for i in range(L):
        a, b = doc.span_to_original(i, i + 1)
        line, col = doc.line_col(a)
        assert line >= 1 and col >= 1
        assert doc.original.count("\n", 0, a) + 1 == line
