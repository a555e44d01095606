"""Family date: dates that cannot hold for the report they are printed in.

* ``date.conflict``:
  1. a deadline of a 时效指标 (``2021年11月30日前完成资金支付``) that falls before the
     project's own period (``实施期 2022年3月-2022年11月``) or, without a period, before
     the year of the form (``…自评表(2022年度)``);
  2. a 年度目标 that describes another, earlier year's plan (a ``(2023年度)`` form whose
     项目年度目标 reads ``2022年…计划使用…``);
  3. a date that does not exist (2月30日, 4月31日, 13月15日, 2022年13月).

Earlier years are legitimate almost everywhere else in a report: cited documents
(〔2021〕, 《…2021年…》), 上年 comparisons, 结转, background (截至2021年底…), funds
issued in advance (2021年12月提前下达2022年资金).  So (1) reads only deadlines inside a
时效 indicator, and (2) only the opening of a 年度目标 statement with a plan verb.
"""
from __future__ import annotations

import bisect
import calendar
import re as _stdre

from auditor import rx as re

from ..findings import make_finding
from . import register

# a year; one glued digit before it is allowed when that digit follows a Han character
# (an indicator's index run into the date in a flattened form: 指标12021年)
_Y = r"(?:(?<!\d)|(?<=\p{Han}\d))(?P<y>(?:19|20)\d{2})"

_FORM_YEAR = re.compile(
    rf"(?:[(（]\s*{_Y}\s*年度?\s*[)）])"
    rf"|(?:(?<![\d〔\[【(（])(?P<y2>(?:19|20)\d{{2}})\s*年度?[^\n。，,；;《》〔]{{0,40}}?"
    r"(?:绩效自评|绩效评价|绩效目标自评|自评表|自评报告|评价报告))")
_PERIOD = re.compile(
    r"实施(?:期|期限|周期|时间)[^\d\n]{0,8}(?P<y1>(?:19|20)\d{2})\s*年(?:\s*(?P<m1>\d{1,2})\s*月)?"
    r"\s*(?:[-—–~～至到]|--)\s*(?P<y2>(?:19|20)\d{2})\s*年(?:\s*(?P<m2>\d{1,2})\s*月)?")
_DEADLINE = re.compile(
    rf"{_Y}\s*年\s*(?P<m>\d{{1,2}})\s*月(?:\s*(?P<d>\d{{1,2}})\s*日|底|末|份|中旬|上旬|下旬)?\s*(?:前|之前|以前)")
_TIMELINESS = re.compile(r"时效")
_NOT_DEADLINE_BEFORE = re.compile(r"(?:截至|截止|自|从|于|在|已于)\s*$")
_PLAN_OPEN = re.compile(rf"^\s*(?:\d{{1,2}}[.、．]\s*)?{_Y}\s*年(?!度?\s*[)）])[^。\n|]{{0,30}}?(?:计划|拟|预计|将)")
_GOAL_LABEL = re.compile(r"年度(?:绩效)?目标|总体目标|绩效目标")
_DATE = re.compile(rf"(?:{_Y}\s*年\s*)?(?<![\d.])(?P<m>\d{{1,2}})\s*月\s*(?P<d>\d{{1,2}})\s*日")


def _citations(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"《[^《》\n]{1,120}》|〔[^〔〕\n]{0,10}〕", text)]


def _inside(spans, s: int) -> bool:
    i = bisect.bisect_right(spans, (s, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= s < spans[i][1]


def _year_of(m) -> int:
    return int(m.group("y") or m.group("y2"))


def _anchors(text: str, cites=()):
    """(start, end, year) of the form titles and headings naming the evaluated year; not
    the titles of cited documents (《关于开展2022年度…绩效自评工作的通知》)."""
    return [(m.start(), m.end(), _year_of(m)) for m in _FORM_YEAR.finditer(text)
            if not _inside(cites, m.start())]


def _before(items, pos: int, report_start: int):
    """The last item starting before ``pos`` and inside the report."""
    best = None
    for it in items:
        if it[0] >= pos:
            break
        if it[0] >= report_start:
            best = it
    return best


# Necessary conditions of the patterns below, for the standard ``re``, which tells a text
# without them several times faster than ``regex`` scans it for the whole pattern (most
# texts print no day, no deadline, no 建设期…).  Its \s holds every character of ``regex``'s;
# its \d lacks some digits beyond the BMP, which ``_D`` adds.
_D = r"[\d\U00010000-\U0010ffff]"
_GATE_MONTH = _stdre.compile(rf"{_D}\s*年\s*{_D}{{1,2}}\s*月")         # _SHORT_YEAR, _YEAR_MONTH, _RECEIVED
_GATE_DAY = _stdre.compile(rf"月\s*{_D}{{1,2}}\s*日")                  # _DATE
_GATE_DEADLINE = _stdre.compile(rf"月[\s\d\U00010000-\U0010ffff日底末份中上下旬之以]*前")  # _DEADLINE
_GATE_FILLED = _stdre.compile(r"填报日期|填表日期|报告日期|编制日期|发布时间|发布日期|发文日期|成文日期")  # _FILLED
_GATE_DURATION = _stdre.compile(r"建设期|建设周期|建设工期|实施期|实施周期|项目周期|执行期|服务期")  # _DURATION
_GATE_PLAN = _stdre.compile(rf"(?:19|20){_D}{{2}}\s*年[^。\n|]{{0,30}}?(?:计划|拟|预计|将)")  # _PLAN_OPEN
_GATE_RANGE = _stdre.compile(rf"[-—–~～至到]\s*(?:19|20){_D}{{2}}\s*年")  # _YEAR_RANGE


@register("date.conflict", "日期与报告年度不符（时效指标截止日期早于实施期、年度目标写成上年计划）、不存在的日期 / a date that cannot hold")
def date_conflict(doc):
    text = doc.text
    deadline = _GATE_DEADLINE.search(text) is not None
    # (a character or word each gate needs, looked up first: half the texts lack it)
    plan = ("计划" in text or "拟" in text or "预计" in text or "将" in text) and \
        _GATE_PLAN.search(text) is not None
    filled = _GATE_FILLED.search(text) is not None
    month = "月" in text and _GATE_MONTH.search(text) is not None
    impossible = _impossible_possible(text, month, _GATE_DAY.search(text) is not None)
    # the cited titles, read only for the readings that pass over the dates in them
    cites = _citations(text) if deadline or plan or filled or any(impossible) else []
    # the form years, read only for the three readings that use them
    anchors = _anchors(text, cites) if deadline or plan or filled else []
    periods = [(m.start(), m.end(), int(m.group("y1")), int(m.group("y2")), m) for m in _PERIOD.finditer(text)]
    if deadline:
        yield from _deadlines(doc, text, cites, anchors, periods)
    if plan:
        yield from _plans(doc, text, anchors)
    yield from _impossible(doc, text, cites, *impossible)
    if filled:
        yield from _filled_before(doc, text, anchors)
    if month:
        yield from _received_before_issued(doc, text)
    yield from _inverted_periods(doc, text, periods)
    if _GATE_RANGE.search(text):
        yield from _inverted_ranges(doc, text, {m.start("y1") for *_, m in periods})
    if "期" in text and _GATE_DURATION.search(text):
        yield from _duration_against_dates(doc, text)


_CN_COUNT = {c: i for i, c in enumerate("零一二三四五六七八九十") if i}
# 建设期为3年，…2022年1月开始…2025年12月竣工: a stated length, then the first and last month, in
# one sentence
_DURATION = re.compile(
    r"(?P<what>建设期|建设周期|建设工期|实施期|实施周期|项目周期|执行期|服务期)(?:限)?\s*(?:为|是|共)?\s*"
    r"(?P<n>\d{1,2}|[一二三四五六七八九十])\s*(?:个)?\s*(?P<unit>年|个月)(?![度底末初])")
_MONTH = re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月")


def _duration_against_dates(doc, text):
    """A period stated in years or months against the first and last month the same
    sentence gives: 建设期为 3 年, from 2022年1月 to 2025年12月 is 48 months (counting both
    months), four years.  Reported when the months run more than a month past the stated
    length, or fall short of it by a year (or a quarter of a months count) or more."""
    for m in _DURATION.finditer(text):
        a = max(text.rfind("。", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        b = min(x for x in (text.find("。", m.end()), text.find("\n", m.end()), len(text)) if x >= 0)
        months = [(int(x.group("y")), int(x.group("m")), x) for x in _MONTH.finditer(text, a, b)]
        months = [t for t in months if 1 <= t[1] <= 12]
        if len(months) != 2:
            continue   # one date or several: no single span to measure
        (y1, m1, first), (y2, m2, last) = months
        span = (y2 - y1) * 12 + m2 - m1 + 1
        n = int(m.group("n")) if m.group("n").isdigit() else _CN_COUNT[m.group("n")]
        stated = n * 12 if m.group("unit") == "年" else n
        slack = 12 if m.group("unit") == "年" else max(1, stated // 4)
        if span <= 0 or stated - slack < span <= stated + 1:
            continue
        years = f"（{span // 12} 年" + (f"{span % 12} 个月" if span % 12 else "") + "）" if span >= 12 else ""
        yield make_finding(
            doc, "date.conflict", m.start(), m.end(),
            f"期限与起止日期不符：{m.group('what')}写 {m.group('n')}{m.group('unit')}，同句起止为 "
            f"{first.group(0)}至{last.group(0)}，首尾两月都算共 {span} 个月{years}。",
            confidence="likely", severity="warning",
            related=[(first.start(), first.end(), "start"), (last.start(), last.end(), "end")],
            evidence={"stated": m.group(0), "start": first.group(0), "end": last.group(0), "months": span})


_FILLED = re.compile(
    r"(?P<label>填报日期|填表日期|报告日期|编制日期|发布时间|发布日期|发文日期|成文日期)\s*[:：]?\s*"
    r"(?P<y>(?:19|20)\d{2})\s*(?:年|[-./])\s*(?P<m>\d{1,2})")


_PLAN_FORM = re.compile(r"申报表|目标表|绩效目标申报|预算绩效目标|目标编制")


def _filled_before(doc, text, anchors):
    """A report on year Y filled in, dated or published before Y began."""
    for m in _FILLED.finditer(text):
        year = int(m.group("y"))
        rs = _report_start(doc, m.start())
        # the form year: the title before the date, or else the first title of the report
        anchor = _before(anchors, m.start(), rs) or next(
            (a for a in anchors if a[0] >= rs and (doc.report_at(a[0]) is doc.report_at(m.start()))), None)
        if anchor is None or year >= anchor[2]:
            continue
        if _PLAN_FORM.search(text[max(rs, anchor[0] - 40):anchor[1]]):
            continue  # a target or budget form for the year, filed before it begins
        s, e = m.start("y"), m.end()
        yield make_finding(
            doc, "date.conflict", s, e,
            f"{m.group('label')}“{text[s:e]}…”早于报告所属年度“{text[anchor[0]:anchor[1]].strip()}”"
            f"（{year} 年 < {anchor[2]} 年）：评价一年的报告不能在该年开始之前{m.group('label')[:2]}。",
            confidence="likely", related=[(anchor[0], anchor[1], "report_year")],
            evidence={"date_year": year, "report_year": anchor[2], "label": m.group("label")})


def _inverted_periods(doc, text, periods):
    """An implementation period that ends before it starts."""
    for s, e, y1, y2, m in periods:
        m1 = int(m.group("m1")) if m.group("m1") else None
        m2 = int(m.group("m2")) if m.group("m2") else None
        if y2 > y1 or (y2 == y1 and (m1 is None or m2 is None or m2 >= m1)):
            continue
        a = m.start("y1")
        yield make_finding(
            doc, "date.conflict", a, e,
            f"实施期“{text[a:e]}”的结束早于开始。",
            confidence="certain", evidence={"start": [y1, m1], "end": [y2, m2]})


# a span of whole years, in running text or a cited title (规划(2021—2025年)): 2011—2010年
_YEAR_RANGE = re.compile(r"(?<![\d.])(?P<y1>(?:19|20)\d{2})\s*年?\s*(?:[-—–~～至到]|--)\s*"
                         r"(?P<y2>(?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)")


def _inverted_ranges(doc, text, seen):
    """A span of years that ends before it starts (纲要(2011—2010年)), wherever it stands; the
    implementation periods are ``_inverted_periods``'."""
    for m in _YEAR_RANGE.finditer(text):
        y1, y2 = int(m.group("y1")), int(m.group("y2"))
        if y2 >= y1 or m.start("y1") in seen:
            continue
        yield make_finding(
            doc, "date.conflict", m.start(), m.end(),
            f"年份区间“{m.group(0)}”的结束（{y2} 年）早于开始（{y1} 年）。",
            confidence="likely", evidence={"start": y1, "end": y2})


def _report_start(doc, pos: int) -> int:
    r = doc.report_at(pos)
    return r.start if r is not None else 0


def _deadlines(doc, text, cites, anchors, periods):
    for m in _DEADLINE.finditer(text):
        s = m.start("y")
        if _inside(cites, s):
            continue
        line_start = text.rfind("\n", 0, s) + 1
        before = text[max(line_start, s - 60):s]
        if not _TIMELINESS.search(before) or _NOT_DEADLINE_BEFORE.search(before):
            continue
        year = int(m.group("y"))
        rs = _report_start(doc, s)
        period = _before(periods, s, rs)
        anchor = _before(anchors, s, rs)
        if period is not None:
            start_year = period[2]
            ref = (period[0], period[1], "project_period")
            ref_text = text[period[0]:period[1]]
        elif anchor is not None:
            start_year = anchor[2]
            ref = (anchor[0], anchor[1], "report_year")
            ref_text = text[anchor[0]:anchor[1]]
        else:
            continue
        if year >= start_year:
            continue
        if anchor is not None and period is not None and anchor[2] < period[2]:
            continue  # the form and its period disagree: the deadline may follow the form
        end = m.end()
        tail = re.match(r"[^，,。；;|\n\d]{0,12}", text[end:])
        end += tail.end() if tail else 0
        yield make_finding(
            doc, "date.conflict", s, end,
            f"时效指标要求“{text[s:end]}”，早于本项目的{'实施期' if period else '所属年度'}“{ref_text.strip()}”"
            f"（{year} 年 < {start_year} 年）：截止日期疑为上年模板未改。",
            confidence="likely", related=[ref],
            evidence={"deadline_year": year, "reference_year": start_year, "reference": ref_text.strip()})


def _plans(doc, text, anchors):
    for p in doc.paragraphs:
        # _PLAN_OPEN needs 年 and a word of intent: most lines have neither
        t = p.text
        if "年" not in t or not ("计划" in t or "拟" in t or "预计" in t or "将" in t):
            continue
        # the statement may be a whole line or a cell of a form row
        for cm in re.finditer(r"[^|\t]+?(?=\s*(?:[|\t]|\s{2,}|$))|(?<=\s{2})[^|\t\s][^|\t]*", p.text):
            cell = cm.group(0)
            m = _PLAN_OPEN.match(cell)
            if not m:
                continue
            s = p.start + cm.start() + m.start("y")
            year = int(m.group("y"))
            anchor = _before(anchors, s, _report_start(doc, s))
            if anchor is None or year >= anchor[2] or anchor[2] - year > 1:
                continue
            label_zone = text[max(0, p.start + cm.start() - 160):p.start + cm.start()]
            if not _GOAL_LABEL.search(label_zone):
                continue
            if re.search(r"上年|去年|结转|上一年|延续", cell[:m.end()]):
                continue
            e = p.start + cm.start() + m.end()
            ls = max(text.rfind("\n", 0, anchor[0]) + 1, text.rfind("|", 0, anchor[0]) + 1, anchor[0] - 30)
            title = text[ls:anchor[1]].strip()
            yield make_finding(
                doc, "date.conflict", s, e,
                f"本表为“{title}”，年度目标却写“{text[s:e]}…”（{year} 年的计划）："
                f"疑沿用上年目标未改。",
                confidence="likely", related=[(anchor[0], anchor[1], "report_year")],
                evidence={"plan_year": year, "report_year": anchor[2]})


_YEAR_MONTH = re.compile(rf"{_Y}\s*年\s*(?P<m>\d{{1,2}})\s*月(?!\s*\d{{1,2}}\s*日)")


# a year that lost a digit before its month (202年1月11日): no report dates anything in the 3rd century
_SHORT_YEAR = re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d)\s*年\s*(?P<m>\d{1,2})\s*月")


# Where the three readings below can report: every match of _SHORT_YEAR and _YEAR_MONTH holds
# a 年 N 月 with the match's month digits, every match of _DATE a 月 N 日 with its day digits
# (only spaces and those digits between).  The standard ``re`` lists these (a literal first:
# fast), so a text whose dates all read plainly valid is spared the three ``regex`` scans.
_YEAR_MONTH_AT = _stdre.compile(rf"年\s*({_D}{{1,2}})\s*月")
_MONTH_DAY_AT = _stdre.compile(rf"月\s*({_D}{{1,2}})\s*日")


def _in_range(digits: str, lo: int, hi: int) -> bool:
    """Are ``digits`` ASCII digits of a number within [lo, hi]?"""
    return digits.isascii() and lo <= int(digits) <= hi


def _digits_before(text: str, k: int) -> str | None:
    """The run of ASCII digits right before ``k`` (plain spaces between allowed; "" when there
    is none), or None when the character before them may be a digit or a space to ``regex``
    that this does not read (the pattern's number could then be another)."""
    j = k
    while j > 0 and text[j - 1] in " \t\n\r\u3000":
        j -= 1
    i = j
    while i > 0 and "0" <= text[i - 1] <= "9":
        i -= 1
    c = text[i - 1] if i > 0 else ""
    if c.isdecimal() or c > "\uffff" or (i == j and c.isspace()):
        return None
    return text[i:j]


def _impossible_possible(text: str, has_month: bool, has_day: bool) -> tuple[bool, bool, bool]:
    """Can _SHORT_YEAR, _YEAR_MONTH, _DATE (in this order) give a finding in ``text``: a year
    of three digits before a 年 N 月, a month outside 1–12, a day outside 1–28 (every month
    has 28 days) or a month outside 1–12 before a 月 N 日?  False only when none can."""
    short = bad_month = bad_day = False
    for g in _YEAR_MONTH_AT.finditer(text) if has_month else ():
        year = _digits_before(text, g.start())
        short = short or year is None or len(year) == 3
        bad_month = bad_month or not _in_range(g.group(1), 1, 12)
    for g in _MONTH_DAY_AT.finditer(text) if has_day else ():
        month = _digits_before(text, g.start())
        if not _in_range(g.group(1), 1, 28) or month is None or (
                0 < len(month) <= 2 and not _in_range(month, 1, 12)):
            bad_day = True
            break
    return short, bad_month, bad_day


def _impossible(doc, text, cites, short: bool = True, bad_month: bool = True, bad_day: bool = True):
    """``short``, ``bad_month``, ``bad_day``: False when ``_impossible_possible`` showed that
    _SHORT_YEAR, _YEAR_MONTH, _DATE (in this order) can give no finding in the text."""
    for m in _SHORT_YEAR.finditer(text) if short else ():
        if _inside(cites, m.start()):
            continue
        yield make_finding(
            doc, "date.conflict", m.start("y"), m.end(),
            f"日期“{text[m.start('y'):m.end()]}”的年份只有三位：疑漏打一位（如 {m.group('y')}X 年）。",
            confidence="likely", evidence={"year": m.group("y"), "month": int(m.group("m"))})
    # a month past 12 with a year and no day (2022年13月): one with a day is read below
    for m in _YEAR_MONTH.finditer(text) if bad_month else ():
        month = int(m.group("m"))
        if 1 <= month <= 12 or _inside(cites, m.start()):
            continue
        yield make_finding(
            doc, "date.conflict", m.start("y"), m.end(),
            f"日期“{text[m.start('y'):m.end()]}”不存在：" + ("月份为 0。" if month == 0 else "月份超出 1–12。"),
            confidence="certain", evidence={"year": int(m.group("y")), "month": month, "day": None})
    for m in _DATE.finditer(text) if bad_day else ():
        month, day = int(m.group("m")), int(m.group("d"))
        year = int(m.group("y")) if m.group("y") else None
        if _inside(cites, m.start()):
            continue
        if 1 <= month <= 12:
            last = calendar.monthrange(year or 2000, month)[1]   # 2000 is leap: 2月29日 allowed
            if 1 <= day <= last:
                continue
            why = f"{month} 月只有 {last} 天" + (f"（{year} 年）" if year and month == 2 else "")
        else:
            why = "月份超出 1–12"
        if day == 0 or month == 0:
            why = "日期为 0"
        s = m.start("y") if m.group("y") else m.start("m")
        yield make_finding(
            doc, "date.conflict", s, m.end(),
            f"日期“{text[s:m.end()]}”不存在：{why}。",
            confidence="certain", evidence={"year": year, "month": month, "day": day})


_RECEIVED = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?[^。；;\n]{0,20}?"
    r"(?P<verb>收到|接到|印发|下发|转发|下达|发布|出台)[^。；;\n]{0,120}?"
    r"[〔\[［【(（]\s*(?P<dy>(?:19|20)\d{2})\s*[〕\]］】)）]\s*第?\s*\d+\s*号")


def _received_before_issued(doc, text):
    """A document numbered in year Z (财建〔2022〕153号) received, issued or passed on at a
    date of an earlier year in the same sentence: 2012年6月14日收到…〔2022〕153号."""
    for m in _RECEIVED.finditer(text):
        year, doc_year = int(m.group("y")), int(m.group("dy"))
        if year >= doc_year:
            continue
        s = m.start("y")
        date_end = text.find("日", s, m.start("verb"))
        e = date_end + 1 if date_end >= 0 else m.start("verb")
        yield make_finding(
            doc, "date.conflict", s, e,
            f"“{text[s:e].strip()}”{m.group('verb')}的文件编号为{doc_year}年（“{text[m.start('dy') - 1:m.end()]}”）："
            f"文件不能在印发之前{m.group('verb')}，日期疑为“{doc_year}{text[s + 4:e].strip()}”。",
            confidence="likely", related=[(m.start("dy") - 1, m.end(), "document_number")],
            evidence={"date_year": year, "document_year": doc_year})
