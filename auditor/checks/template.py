"""Family template: template text left unfilled.

``template.placeholder``: a slot of the report template that was never filled in — a year
written ``20xx``/``201X``, a place or unit ``XX市``/``xx省``/``某某县``, an amount ``XX万元``, a
date ``X月X日`` or ``201X/X/XX``.  One finding per kind of slot, at its first occurrence, the
other occurrences as related spans.

Public copies of reports are often anonymised by the site that hosts them: every year of
the body becomes 20xx, every name XX.  Such a copy is a template, not a report with a slot
left empty; a reader of the original saw real years.  So the findings are ``likely`` only
when the body also states real years (filled and unfilled slots side by side); in a body
with year placeholders and no real year they are ``possible``.  ``**`` is not read as a
placeholder: hosting sites mask names with it (**县, 151****8227).
"""
from __future__ import annotations

from auditor import rx as re

from ..findings import make_finding
from . import register

_X = r"[xXｘＸ×]"
# a letter or digit next to the X's makes them part of a code (X光, 2XL, XX-01), not a slot
_NO_CODE_BEFORE = r"(?<![0-9A-Za-z０-９Ａ-Ｚａ-ｚ])"
_NO_CODE_AFTER = r"(?![0-9A-Za-z０-９Ａ-Ｚａ-ｚ])"
_SLOTS = re.compile(
    _NO_CODE_BEFORE + "(?:"
    # a date slot first: 201X/X/XX and X月X日 hold a year or day slot of their own
    r"(?P<date>(?:(?:19|20)\d?" + _X + r"{1,2}[/.\-]" + _X + r"{1,2}[/.\-]" + _X + r"{1,2})"
    r"|" + _X + r"{1,2}月" + _X + r"{1,2}日)"
    r"|(?P<year>(?:19|20)(?:\d" + _X + r"|" + _X + r"{2})" + _NO_CODE_AFTER + r"|" + _X + r"{2}(?=年))"
    # a name slot: two or three X's (or 某某, ○○) before the word of a place, a body or a medium
    r"|(?P<name>(?:" + _X + r"{2,3}|某某|○{2,3})" + _NO_CODE_AFTER +
    r"(?=\s?(?:[省市县区镇乡村局厅委办院校站所馆队公司单位部门项目日报电视台同志街道社区]|人民政府)))"
    r"|(?P<amount>" + _X + r"{1,3}" + _NO_CODE_AFTER + r"(?=\s*(?:万元|亿元|元|人次|人(?!民)|户|个|项|%|％)))"
    ")")
_REAL_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d\s*年")
_KIND_ZH = {"year": "年份", "name": "名称", "amount": "数值", "date": "日期"}


def _body_start(doc) -> int:
    """Where the body starts: after the first line (a site prints its page title there)."""
    nl = doc.text.find("\n")
    return nl + 1 if nl >= 0 else 0


@register("template.placeholder", "模板占位符未填写（20xx年、XX市、安排XX万元）/ a template slot left unfilled")
def check_placeholder(doc):
    text = doc.text
    found: dict[str, list] = {}
    for m in _SLOTS.finditer(text):
        found.setdefault(m.lastgroup, []).append(m)
    if not found:
        return
    body = _body_start(doc)
    anonymised = "year" in found and not _REAL_YEAR.search(text, body)
    confidence = "possible" if anonymised else "likely"
    for kind, ms in found.items():
        first, rest = ms[0], ms[1:]
        more = f"，全文另有 {len(rest)} 处" if rest else ""
        why = ("；正文没有一处写出实际年份，可能是网站脱敏的副本" if anonymised else
               "；正文其他处已写实际内容，此处仍为模板占位符")
        yield make_finding(
            doc, "template.placeholder", first.start(), first.end(),
            f"模板占位符未填写：{_KIND_ZH[kind]}写作“{first.group(0)}”{more}{why}。",
            confidence=confidence, severity="warning",
            related=[(m.start(), m.end(), "same_placeholder") for m in rest[:20]],
            evidence={"kind": kind, "placeholder": first.group(0), "count": len(ms),
                      "body_states_real_years": not anonymised})
