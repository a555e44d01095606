"""Family score: scoring tables and the report's own scoring rules.

* ``score.total``: in a scoring table, the items' scores (得分) and weights
  (权重/分值) must add up to the 小计/合计/总分 row.
* ``score.rule``: where the report prints how a score is computed, the score
  must follow it: a column ``得分(20分*执行率)`` (score = 20 × B/A, rounded or
  truncated to the precision printed), and deduction statements ``比…低 5.27 个
  百分点，扣 2.08 分`` against the report's own ``每低1个百分点扣0.4分`` rules
  (``不满1个百分点按1个百分点算`` honoured when the report says so).
"""
from __future__ import annotations

import math
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from auditor import rx as re

from ..extract.quantities import Quantity, matches_from, parse_number
from ..extract.relations import relations
from ..extract.tables import NumRow, budget_triple, is_score_table, numeric_rows
from ..findings import make_finding
from ..rounding import Interval, fmt, total
from . import register

_SCORE_COL = re.compile(r"得分|分值|权重|分数")
_RATE_FORMULA = re.compile(r"(\d+(?:\.\d+)?)\s*分?\s*[*×xX]\s*(?:执行率|完成率|B/A)")


def _score_value(row: NumRow, ridx: int) -> Quantity | None:
    q = row.from_right(ridx)
    if q is None or q.kind not in ("plain", "score") or not q.exact:
        return None
    return q


def _header_at(rows: list[NumRow], upto: int, ridx: int) -> str:
    for r in reversed(rows[:upto]):
        if r.kind == "header":
            col = r.width + ridx
            for c in r.cells:
                if c.col == col:
                    return c.text
            return ""
    return ""


@register("score.total", "得分/权重之和与小计、合计、总分不符 / item scores vs their stated total")
def check_score_total(doc):
    yield from _check_score_tables(doc)
    yield from _heading_weights(doc)
    yield from _tail_pair_form(doc)
    yield from _wrapped_sub_weights(doc)


_PLAIN = re.compile(r"\d{1,3}(?:\.\d+)?")
_GRADE_TAIL = re.compile(r"优秀?|良好?|中等?|合格|差|较差")
_NUMERIC_CELL = re.compile(r"[≥≤=<>≧≦═]?\s*\d+(?:\.\d+)?\s*%?")


def _score_pair(cells):
    """A row's 分值 and 得分: its last two cells that are plain numbers, after which only text
    follows (a 偏差原因 cell); None when a number or a rate comes after them."""
    for i in range(len(cells) - 2, -1, -1):
        a, b = cells[i].text.strip(), cells[i + 1].text.strip()
        if _PLAIN.fullmatch(a) and _PLAIN.fullmatch(b):
            rest = [c.text.strip() for c in cells[i + 2:]]
            if i >= 1 and not any(_NUMERIC_CELL.fullmatch(x) for x in rest):
                return cells[i], cells[i + 1]
            return None
    return None


def _funds_pair(t, upto: int):
    """The funds row's 分值 and 得分 above the indicator header: under a header ``分值 | 执行率 |
    得分``, the first row with a plain number, a rate and a plain number side by side."""
    for r, row in enumerate(t.rows[:upto]):
        texts = [c.text.replace(" ", "") for c in row]
        if not any(texts[i:i + 3] == ["分值", "执行率", "得分"] for i in range(len(texts) - 2)):
            continue
        for later in t.rows[r + 1:upto]:
            cells = [c for c in later if c.text.strip()]
            for i in range(len(cells) - 2):
                a, b, c = (x.text.strip() for x in cells[i:i + 3])
                if _PLAIN.fullmatch(a) and re.fullmatch(r"\d+(?:\.\d+)?%", b) and _PLAIN.fullmatch(c):
                    return cells[i], cells[i + 2]
        return None
    return None


def _tail_pair_form(doc):
    """A national form whose rows the form reader could not split (a merged header row that
    also holds the first indicator): its indicator rows still end in ``| 分值 | 得分 |`` (the
    header says so: 分值 then 得分), and its 总分 cell is followed by ``| 总分值 | 总得分 |``.
    With the funds row's 分值 and 得分 (_funds_pair) they make the totals exactly; without it,
    the indicators' 分值 make the total or the total less the funds row's national 10 points,
    and their 得分 the total score or up to those 10 less."""
    forms = [(f.start, f.end) for f in doc.forms if len(f.indicators) >= 3 and not f.unread_rows]
    for t in doc.tables:
        # (the header needs a cell 分值: a table without 值 in any cell is passed over at once)
        if any(s < t.end and t.start < e for s, e in forms) or \
                not any("值" in c.text for row in t.rows for c in row):
            continue
        head = None
        for r, row in enumerate(t.rows):
            texts = [c.text.replace(" ", "") for c in row]
            k = next((i for i in range(len(texts) - 1) if texts[i] == "分值" and texts[i + 1] == "得分"), None)
            if k is not None:
                head = (r, k)
                break
        if head is None:
            continue
        pairs, total = [], None
        for r, row in enumerate(t.rows[head[0]:], head[0]):
            cells = [c for c in row if c.text.strip()]
            texts = [c.text.strip() for c in cells]
            if "总分" in texts:
                i = texts.index("总分")
                tail = texts[i + 1:]
                if len(tail) in (2, 3) and all(_PLAIN.fullmatch(x) for x in tail[:2]) \
                        and (len(tail) == 2 or _GRADE_TAIL.fullmatch(tail[2])):
                    total = (cells[i + 1], cells[i + 2])
                break
            if r == head[0]:    # the header row's own tail: its first indicator
                cells = [c for c in row[head[1] + 2:] if c.text.strip()]
            pair = _score_pair(cells)
            if pair is not None:
                pairs.append(pair)
            elif any(_NUMERIC_CELL.fullmatch(c.text.strip()) for c in cells):
                pairs = None    # an indicator row whose 分值/得分 cannot be told: no sum
                break
        if total is None or not pairs or len(pairs) < 3:
            continue
        num = lambda c: Decimal(c.text.strip())     # noqa: E731
        if any(not 0 < num(w) <= 50 for w, _ in pairs):
            continue
        for w, sc in pairs:
            if num(sc) > num(w):
                yield make_finding(doc, "score.total", sc.start, sc.end,
                                   f"得分超过分值：该指标分值 {w.text.strip()}，得分 {sc.text.strip()}。",
                                   confidence="likely", severity="error",
                                   related=[(w.start, w.end, "whole")],
                                   evidence={"weight": w.text.strip(), "score": sc.text.strip()})
        tw, ts = num(total[0]), num(total[1])
        fund = _funds_pair(t, head[0])
        if fund is not None:    # the funds row read: its 分值 and 得分 join the sums, exactly
            pairs = [fund] + pairs
        sw = sum((num(w) for w, _ in pairs), Decimal(0))
        ss = sum((num(s) for _, s in pairs), Decimal(0))
        funds = tw - sw         # the unread funds row's weight: none, or the national 10
        if funds not in ((0,) if fund is not None else (0, 10)):
            weights = [w for w, _ in pairs]
            yield _column_total_finding(
                doc, total[0], weights,
                f"分值合计不符：{'预算执行率及' if fund is not None else ''}各指标分值 "
                f"{' + '.join(w.text.strip() for w in weights)} = {fmt(sw)}"
                f"{'' if fund is not None else f'（另加预算执行率 10 分为 {fmt(sw + 10)}）'}，"
                f"表中总分的分值为 {total[0].text.strip()}。",
                "weights", fmt(sw), fmt(tw))
        elif not 0 <= ts - ss <= funds:
            scores = [s for _, s in pairs]
            yield _column_total_finding(
                doc, total[1], scores,
                f"得分合计不符：{'预算执行率及' if fund is not None else ''}各指标得分 "
                f"{' + '.join(s.text.strip() for s in scores)} = {fmt(ss)}"
                f"{f'，加预算执行率得分（至多 {fmt(funds)} 分）' if funds else ''}，表中总分为 {total[1].text.strip()}。",
                "scores", fmt(ss), fmt(ts))


def _column_total_finding(doc, total_cell, parts, message: str, what: str, computed: str, reported: str):
    """A table's 总分 row against the sum of one column (分值 or 得分) of its indicator rows."""
    return make_finding(
        doc, "score.total", total_cell.start, total_cell.end, message,
        confidence="likely", severity="error",
        related=[(p.start, p.end, "part") for p in parts],
        evidence={what: [p.text.strip() for p in parts], "sum": computed, "reported": reported})


# a form's indicator headings carrying their weight: 产出指标(50分), 项目决策（10分）, 数量指标(10分).
# 一级 names of the national and provincial frameworks (FORMS.md; 管理/投入 only as 项目管理,
# 投入指标 …: 预算管理(15分) is a 过程 item); a 二级 name is one of the fixed 二级 vocabulary —
# 经济效益指标 or 服务对象满意度指标 are never 一级
_L2_NAME = (r"(?:数量|质量|时效|成本)指标|(?:经济|社会|生态)效益(?:指标)?|可持续(?:影响)?(?:指标)?"
            r"|服务对象满意度(?:指标)?")
_L1_NAME = (r"(?:项目)?(?P<core>决策|过程|产出|效益|效果|满意度)类?(?:指标)?"
            r"|(?:项目(?P<core2>管理|投入)|(?P<core3>管理|投入)指标)"
            r"|(?P<funds>预算执行(?:率|情况)?)|(?P<perf>绩效指标)")
_WEIGHT_HEAD = re.compile(r"(?:(?P<l2>" + _L2_NAME + r")|(?<!经济|社会|生态|服务对象|对象)(?:" + _L1_NAME + r"))"
                          r"\s*[(（]\s*(?:分值|权重|满分)?\s*(?P<w>\d{1,3}(?:\.\d+)?)\s*分\s*[)）]")
_ANY_WEIGHT = re.compile(r"[(（]\s*(?:分值|权重|满分)?\s*\d{1,3}(?:\.\d+)?\s*分\s*[)）]")
# every _WEIGHT_HEAD match is a name of at most 9 Han characters (服务对象满意度指标), spaces,
# then an _ANY_WEIGHT bracket: read back from each bracket (rare) instead of trying the
# names at every position of the text
_WEIGHT_NAME_BEFORE = re.compile(r"(?r)\p{Han}{0,9}\s*")
_L2_BARE = re.compile(_L2_NAME)


def _weight_heads(doc) -> list[list[tuple[str, int, object]]]:
    """The weighted 一级 and 二级 headings of each form, in text order, as (key, level, match);
    key is the 一级 section (产出, 效益 …, 'funds' for 预算执行(10分), 'perf' for 绩效指标(90分)).
    A form ends where a 一级 name comes back with another weight (the next project's form)."""
    forms: list[list] = [[]]
    seen: dict[str, str] = {}
    for m in matches_from(_WEIGHT_HEAD, doc.text, _WEIGHT_NAME_BEFORE, _ANY_WEIGHT):
        if m.group("l2"):
            forms[-1].append((m.group("l2"), 2, m))
            continue
        key = m.group("core") or m.group("core2") or m.group("core3") or \
            ("funds" if m.group("funds") else "perf")
        key = "效益" if key == "效果" else key
        if key == "funds" and seen.keys() & {"决策", "过程", "管理"}:
            forms[-1].append((key, 2, m))    # 过程(40分) → 预算执行(15分): one of its items
            continue
        if key in seen and seen[key] != m.group("w"):
            forms.append([])
            seen = {}
        seen[key] = m.group("w")
        forms[-1].append((key, 1, m))
    return [f for f in forms if f]


_PRINTED_TOTAL = re.compile(r"(?:得分|总分)[^\d。；;]{0,6}?(\d{1,3}(?:\.\d+)?)(?![\d.])")


def _printed_totals(doc) -> set[Decimal]:
    """Every number printed right after 得分/总分 (总得分95分, 自评得分98, | 总分 | 96 |)."""
    return {Decimal(m.group(1)) for m in _PRINTED_TOTAL.finditer(doc.text)}


def _head_name(m) -> str:
    return re.split(r"\s*[(（]", m.group(0))[0]


def _heading_weights(doc):
    """产出指标(40分) 效益指标(40分) 满意度指标(20分): a form's 一级 weights make its 100 points
    (90 when the funds row's 10 points are not printed as a heading, the national form);
    产出(30分) over 数量指标(10分) 质量指标(5分) …: the 二级 weights make their 一级's.
    Read from the headings alone, so forms whose rows the form reader cannot split (PDF text
    run together, OCR, one cell per line) are checked too.  A form the form reader read is
    score.form_total's: it sums each heading's indicators."""
    forms = [(f.start, f.end) for f in doc.forms if len(f.indicators) >= 3 and not f.unread_rows]
    for heads in _weight_heads(doc):
        if any(s <= m.start() < e for _, _, m in heads for s, e in forms):
            continue
        top: dict[str, re.Match] = {}
        for key, level, m in heads:
            if level == 1:
                top.setdefault(key, m)
        keys = set(top)
        if not top:
            continue
        # only a whole form: its 产出 and 效益 sections and a third one (满意度, or 决策 with 过程/管理),
        # or the 四川 pair 预算执行情况 + 绩效指标
        whole = ({"产出", "效益"} <= keys and ("满意度" in keys or ("决策" in keys and keys & {"过程", "管理"})
                                              or ("投入" in keys and "过程" in keys))) \
            or keys == {"funds", "perf"}
        firsts = sorted(top.values(), key=lambda m: m.start())
        # every weight printed between the first and the last 一级 heading is one of the headings
        # read (an unknown 一级 name would be left out of the sum)
        unknown = any(not any(m.start() <= w.start() < m.end() for _, _, m in heads)
                      for w in _ANY_WEIGHT.finditer(doc.text, firsts[0].start(), firsts[-1].end()))
        # a heading may print the section's score instead of its weight (产出指标（38.5分）): not
        # weights when one is fractional, or when they add up to a total score the report prints
        fractional = any("." in m.group("w") for m in firsts)
        if whole and not unknown and not fractional and not ("perf" in keys and keys & {"产出", "效益"}):
            s = sum((Decimal(m.group("w")) for m in top.values()), Decimal(0))
            ok = {Decimal(100)} if "funds" in keys else {Decimal(100), Decimal(90)}
            if s not in ok and s not in _printed_totals(doc):
                ms = firsts
                terms = " + ".join(f"{_head_name(m)} {m.group('w')}" for m in ms)
                yield make_finding(
                    doc, "score.total", ms[0].start("w"), ms[0].end("w"),
                    f"一级指标分值合计不符：{terms} = {fmt(s)} 分，"
                    f"应为 100 分{'' if 'funds' in keys else '（预算执行率另计 10 分时为 90 分）'}。",
                    confidence="likely", severity="error",
                    related=[(m.start("w"), m.end("w"), "part") for m in ms[1:]],
                    evidence={"weights": {k: m.group("w") for k, m in top.items()}, "sum": fmt(s)})
            elif s == 100:
                yield from _total_row_weight(doc, firsts, s)
        yield from _sub_weights(doc, heads)


_TOTAL_LABEL = re.compile(r"^(?:合计|总分|总计)$")
_HEAD_CELL = re.compile(r"指标|指标值|单位|完成值|权重|分值|得分|原因|措施|性质|目标|实际")
_LABEL_CELL = re.compile(r"\p{Han}.*\p{Han}")
_SECTION_CELL = re.compile(_L1_NAME + "|" + _L2_NAME)


def _total_row_weight(doc, heads, s: Decimal):
    """The 合计/总分 row after a form's 一级 headings that make 100: its 权重/分值 cell is the
    form's full marks.  The row's cells are placed under the indicator header by aligning
    them from the right (a total row leaves its label columns merged), in pipe rows and in
    forms exported one cell per line (合计 | 100 | (blank) | (blank))."""
    last = heads[-1].end()
    for t in doc.tables:
        if not (t.start <= last < t.end):
            continue
        cells = [(r[0] if r else None) for r in t.rows] if all(len(r) <= 1 for r in t.rows) else None
        if cells is None:
            return      # pipe rows are summed by score.total's table reader and score.form_total
        k = next((i for i, c in enumerate(cells) if c is not None and c.start > last
                  and _TOTAL_LABEL.match(c.text.replace(" ", ""))), None)
        h = next((i for i in range(k - 1, -1, -1) if cells[i] is not None and cells[i].start > heads[0].start()
                  and cells[i].text.replace(" ", "") == "一级指标"), None) if k is not None else None
        if h is None:
            return
        header = []
        for c in cells[h:]:
            # the header ends at the first row's cells: blank, a number, a section name (产出指标)
            if c is None or not _HEAD_CELL.search(c.text) or _SECTION_CELL.fullmatch(c.text.replace(" ", "")):
                break
            header.append(c.text.replace(" ", ""))
        values = []
        for c in cells[k + 1:]:
            if c is not None and _LABEL_CELL.search(c.text):
                break
            values.append(c)
        wcol = [j for j, name in enumerate(header) if re.search(r"权重|分值", name)]
        if len(wcol) != 1 or not values or len(values) > len(header):
            return
        j = wcol[0] - (len(header) - len(values))
        cell = values[j] if j >= 0 else None
        if cell is None or not re.fullmatch(r"\d{1,3}(?:\.\d+)?", cell.text.strip()):
            return
        if Decimal(cell.text.strip()) == s:
            return
        yield make_finding(
            doc, "score.total", cell.start, cell.end,
            f"总分值不符：各一级指标分值 {' + '.join(m.group('w') for m in heads)} = {fmt(s)} 分，"
            f"表中{cells[k].text.strip()}的{header[wcol[0]]}为 {cell.text.strip()}。",
            confidence="likely", severity="error",
            related=[(m.start("w"), m.end("w"), "part") for m in heads],
            evidence={"weights": [m.group("w") for m in heads], "reported": cell.text.strip()})
        return


def _sub_weights(doc, heads):
    """Each 一级 heading against the weighted 二级 headings up to the next 一级 one (a closed
    stretch: the last 一级 section may run past the text read), when no 二级 name in the
    stretch lacks a weight (an unweighted 二级 row would make the sum fall short)."""
    for i, (key, level, m) in enumerate(heads):
        if level != 1:
            continue
        nxt = next((j for j in range(i + 1, len(heads)) if heads[j][1] == 1), None)
        if nxt is None:
            continue
        kids = [h[2] for h in heads[i + 1:nxt]]
        if len(kids) < 2:
            continue
        stretch_end = heads[nxt][2].start()
        named = sum(1 for _ in _L2_BARE.finditer(doc.text, m.end(), stretch_end))
        weights = sum(1 for _ in _ANY_WEIGHT.finditer(doc.text, m.end(), stretch_end))
        if named != len(kids) or weights != len(kids):
            continue
        whole = Decimal(m.group("w"))
        s = sum((Decimal(k.group("w")) for k in kids), Decimal(0))
        if s == whole:
            continue
        yield make_finding(
            doc, "score.total", m.start("w"), m.end("w"),
            f"二级指标分值合计不符：“{_head_name(m)}”{m.group('w')} 分，"
            f"其下 {' + '.join(_head_name(k) + ' ' + k.group('w') for k in kids)} = {fmt(s)} 分。",
            confidence="likely", severity="error",
            related=[(k.start("w"), k.end("w"), "part") for k in kids],
            evidence={"whole": m.group("w"), "parts": [k.group("w") for k in kids], "sum": fmt(s)})


# a scoring table exported one cell per line: a section cell with its weight on one line
# (提升耕地质量(35分)) and its items' cells wrapped, the weight on a line of its own
# (培育耕层 / (5分)); any weight word inside the brackets, full or half width
_INLINE_HEAD = re.compile(r"^(?P<name>\p{Han}[\p{Han}、·]{1,19})\s*[(（]\s*(?:分值|权重|满分)?\s*"
                          r"(?P<w>\d{1,3}(?:\.\d+)?)\s*分\s*[)）]$")
_OWN_LINE_WEIGHT = re.compile(r"^[(（]\s*(?:分值|权重|满分)?\s*(?P<w>\d{1,3}(?:\.\d+)?)\s*分\s*[)）]$")
_SCORE_HEADER_CELL = re.compile(r"^(?:分值|权重|标准分|一级指标|二级指标|评价指标|指标名称)$")
_WRAP_SPAN = 40     # paragraphs a section may span (its items, their criteria cells)


_CELL_LEAD = re.compile(r"[\s|]*")
_CELL_LAST = re.compile(r"(?r)[^\s|]")     # the cell's last character, found from the end


def _line_cell(p) -> tuple[str, int]:
    """A line's one cell: its text without the spaces and pipes around it, and where it starts."""
    text = p.text
    a = _CELL_LEAD.match(text).end()
    last = _CELL_LAST.search(text, a)
    b = last.end() if last else a
    if "\n" in text[a:b]:
        # ``.`` stops at a line break: the lazy pattern (tried at every end, slow on long
        # lines) says what such a text gives
        m = re.match(r"[\s|]*(.*?)[\s|]*$", text)
        return m.group(1), p.start + m.start(1)
    return text[a:b], p.start + a


def _wrapped_sub_weights(doc):
    """A section's weight against its items' weights in a scoring table exported one cell
    per line: the items printed between two sections (each 二级 cell wrapped, its weight on
    the next line) cannot weigh more than their section.  A shortfall is not judged: an
    item whose weight sits in another column (or a 三级 row) is not seen here."""
    one_cell = {t for t, table in enumerate(doc.tables) if all(len(r) <= 1 for r in table.rows)}
    paras = [p for p in doc.paragraphs if p.table_id is None or p.table_id in one_cell]
    header_seen = -10**6
    heads = []      # (position in paras, match)
    for k, p in enumerate(paras):
        # a section head ends in 分) and every header word holds 分, 权 or 标: other lines
        # are neither (cheap test before the cell regexes)
        if "分" not in p.text and "权" not in p.text and "标" not in p.text:
            continue
        text = _line_cell(p)[0]
        if _SCORE_HEADER_CELL.match(text.replace(" ", "")):
            header_seen = k
        m = _INLINE_HEAD.match(text)
        if m and k - header_seen <= 3 * _WRAP_SPAN:
            heads.append((k, m))
    for (k, m), (k2, _) in zip(heads, heads[1:]):
        if k2 - k > _WRAP_SPAN:
            continue
        kids = []
        for j in range(k + 1, k2):
            q = paras[j]
            km = _OWN_LINE_WEIGHT.match(_line_cell(q)[0])
            if km is None:
                # a prose paragraph between them: not one table's cells
                if len(q.text.strip()) > 120:
                    kids = None
                    break
                continue
            prev = _line_cell(paras[j - 1])[0]
            if j - 1 == k or not re.fullmatch(r"\p{Han}[\p{Han}、·]{1,19}", prev):
                kids = None     # a weight line that does not close an item's name cell
                break
            kids.append((q, km))
        if not kids or len(kids) < 2:
            continue
        whole = Decimal(m.group("w"))
        vals = [Decimal(km.group("w")) for _, km in kids]
        # an item weighing more than its section, or one whose weight the items after it
        # make (a 二级 cell wrapped like its 三级 cells: 项目立项 (10分), then (5分) (5分)):
        # the levels are not what they seem
        if any(v > whole for v in vals) or any(
                sum(vals[i + 1:j], Decimal(0)) == vals[i] for i in range(len(vals)) for j in range(i + 3, len(vals) + 1)):
            continue
        s = sum(vals, Decimal(0))
        if s <= whole:
            continue
        at = _line_cell(paras[k])[1]
        ws, we = at + m.start("w"), at + m.end("w")
        yield make_finding(
            doc, "score.total", ws, we,
            f"二级指标分值合计超过一级：“{m.group('name')}”{m.group('w')} 分，其下各项分值 "
            f"{' + '.join(km.group('w') for _, km in kids)} = {fmt(s)} 分。",
            confidence="likely", severity="error",
            related=[(_line_cell(q)[1] + km.start("w"), _line_cell(q)[1] + km.end("w"), "part") for q, km in kids],
            evidence={"whole": m.group("w"), "parts": [km.group("w") for _, km in kids], "sum": fmt(s)})


def _check_score_tables(doc):
    # a table read as a national form is summed by score.form_total — unless the form
    # reader lost rows (form_total then sums nothing) and the table can be read by its columns
    forms = [(f.start, f.end) for f in doc.forms if len(f.indicators) >= 3 and not f.unread_rows]
    for t in doc.tables:
        if any(s < t.end and t.start < e for s, e in forms):
            continue    # read as a national form: score.form_total sums it by its columns
        rows = numeric_rows(doc, t)
        if not is_score_table(rows):
            continue
        # rows before the first header naming a score column are not scored items
        # (a web page's 索引号 | … | 浏览量 | 28 rows above the form)
        first = next((k for k, r in enumerate(rows) if r.kind == "header" and
                      any(_SCORE_COL.search(c.text) for c in r.cells)), 0)
        for ridx in (-1, -2, -3, -4, -5):
            block: list[NumRow] = []
            subtotals: list[NumRow] = []
            for i, row in enumerate(rows):
                if i < first or row.kind in ("header", "blank"):
                    continue
                if row.kind in ("subtotal", "total"):
                    whole = _score_value(row, ridx)
                    src = block if row.kind == "subtotal" or not subtotals else subtotals
                    if whole is not None and whole.value > 0:
                        yield from _check_total(doc, rows, i, ridx, whole, src)
                    if row.kind == "subtotal":
                        subtotals.append(row)
                        block = []
                    else:
                        block, subtotals = [], []
                    continue
                if row.kind != "child":     # 其中 rows restate part of their parent
                    block.append(row)


def _deliberately_blank(row: NumRow, ridx: int) -> bool:
    col = row.width + ridx
    cell = next((c for c in row.cells if c.col == col), None)
    return cell is not None and cell.text.strip() in ("—", "-", "/", "——", "－", "无", "不适用")


_CLASS_RE = {"score": re.compile(r"得分"), "weight": re.compile(r"分值|权重|满分")}


def _governing_header(rows: list[NumRow], i: int) -> NumRow | None:
    for r in reversed(rows[:i]):
        if r.kind == "header":
            return r
    return None


def _map_col(row: NumRow, header: NumRow, col: int, to_header: bool) -> int:
    """Column correspondence between a row and its header: by position when both
    have the same number of cells, else aligned from the right."""
    if len(row.cells) == len(header.cells):
        return col
    shift = len(header.cells) - len(row.cells)
    return col + shift if to_header else col - shift


def _header_mapped_sum_holds(rows: list[NumRow], i: int, whole: Quantity, src: list[NumRow]) -> bool:
    """Does the sum hold when each row's score/weight is read from the column its
    own header names (tables whose sections have different layouts)?"""
    ht = _governing_header(rows, i)
    if ht is None or whole.cell is None:
        return False
    hc = _map_col(rows[i], ht, whole.cell[2], to_header=True)
    name = next((c.text for c in ht.cells if c.col == hc), "")
    cls = next((k for k, rx in _CLASS_RE.items() if rx.search(name)), None)
    if cls is None:
        return False
    vals = []
    for r in src:
        h = _governing_header(rows, r.row)
        if h is None:
            continue
        hcol = next((c.col for c in h.cells if _CLASS_RE[cls].search(c.text)), None)
        if hcol is None:
            continue
        q = r.numbers.get(_map_col(r, h, hcol, to_header=False))
        if q is not None and q.kind in ("plain", "score"):
            vals.append(q.value)
    return len(vals) >= 2 and sum(vals, Decimal(0)) == whole.value


def _check_total(doc, rows, i, ridx, whole: Quantity, src: list[NumRow]):
    with_score = [(r, _score_value(r, ridx)) for r in src]
    parts = [q for _, q in with_score if q is not None]
    missing = [r for r, q in with_score if q is None and r.numbers and not _deliberately_blank(r, ridx)]
    if len(parts) < 2:
        return
    # a row without a score that prints fewer cells than the rows summed lost a cell
    # boundary (two cells run together: a PDF cell that filled its column), so counting
    # from the right lands it in the wrong column: the sum cannot be read
    widest = max(r.width for r, q in with_score if q is not None)
    if any(r.width < widest and len(r.cells) < widest for r in missing):   # (a blank score keeps its cells)
        return
    # a column is a score column when its header says so, or when the total
    # row is a 总分/合计 of a scoring table and the parts are small numbers
    # scores are assigned, not measured: items add up exactly
    computed = total(Interval.of(q, exact=True) for q in parts)
    if computed.intersects(Interval.of(whole, exact=True)):
        return
    if _header_mapped_sum_holds(rows, i, whole, src):
        return
    point = sum((q.value for q in parts), Decimal(0))
    if point == 0 or point > whole.value * 3:
        return
    first = min((r.row for r in src), default=i)
    if point < whole.value and not any(r.kind == "header" for r in rows[:first]):
        return      # no header above the items: the table may begin mid-way (an excerpt, a page)
    ht = _governing_header(rows, i)
    header = ""
    if ht is not None and whole.cell is not None:
        hc = _map_col(rows[i], ht, whole.cell[2], to_header=True)
        header = next((c.text for c in ht.cells if c.col == hc), "")
    header = header or _header_at(rows, i, ridx)
    related = [(q.num_start, q.num_end, "item") for q in parts]
    note = ""
    confidence = "certain"
    if missing:
        names = "、".join(f"“{r.first_label[:12]}”" for r in missing[:3])
        note = f"；{names}行没有可读的得分"
        related += [(r.cells[0].start, r.cells[-1].end, "row_without_score") for r in missing[:3]]
        confidence = "likely"
    yield make_finding(
        doc, "score.total", whole.num_start, whole.num_end,
        f"得分合计不符：{'“' + header + '”列' if header else ''}各项 "
        f"{' + '.join(q.raw for q in parts)} = {fmt(point, 4)}，表中{rows[i].first_label or '合计'}为 "
        f"{whole.raw}（差 {fmt(whole.value - point, 4)}）{note}。",
        confidence=confidence, severity="error", related=related,
        evidence={"items": [q.raw for q in parts], "computed": fmt(point, 4), "reported": whole.raw})


def _twice_rounded(x: Decimal, decimals: int) -> Decimal:
    """x rounded half-up to one more decimal, then to ``decimals`` (a spreadsheet showing a
    rounded cell that is rounded again): 2.1548 → 2.155 → 2.16."""
    once = x.quantize(Decimal(10) ** -(decimals + 1), rounding=ROUND_HALF_UP)
    return once.quantize(Decimal(10) ** -decimals, rounding=ROUND_HALF_UP)


def _allowed(x: Decimal, decimals: int) -> set[Decimal]:
    q = Decimal(10) ** -decimals
    return {x.quantize(q, rounding=ROUND_HALF_UP), x.quantize(q, rounding=ROUND_FLOOR)}


@register("score.rule", "得分与报告自己写明的评分规则不符 / a score that breaks the report's own scoring rule")
def check_score_rule(doc):
    seen: set[int] = set()
    for f in _rate_formula_scores(doc):
        seen.add(f.start)
        yield f
    for f in _deductions(doc):
        yield f
    yield from _form_implied_weight(doc, seen)
    yield from _grade_bands(doc)


# 财政部 bands: 优 ≥ 90, 良 80–90, 中 60–80, 差 < 60 (a report stating other bands is not judged)
_BANDS = {"优": (Decimal(90), Decimal(1000)), "良": (Decimal(80), Decimal(90)),
          "中": (Decimal(60), Decimal(80)), "差": (Decimal(-1), Decimal(60))}
_STATED_TOP = re.compile(r"(\d{2})\s*分?\s*(?:[(（]含[)）])?\s*(?:以上|及以上|[-—~～至到]\s*100\s*分?)"
                         r"[^。；;\d]{0,8}?[“\"]?(?:优|良|中|合格|差)")
_STATED_RANGE = re.compile(r"(\d{2})\s*分?\s*(?:[(（]含[)）])?\s*[-—~～至到]\s*(\d{2})\s*分?[^。；;\d]{0,8}?[“\"]?"
                           r"(?:优|良|中|合格|差)")


def _grade_bands(doc):
    """A total score printed with its grade (91.8 分，评价等级为优秀; | 87 | 良 |): the grade
    must be the band the score falls in.  Reports that state bands of their own other than
    the national 90/80/60 are not judged."""
    grades = list(relations(doc).grades) + _cell_per_line_grades(doc)
    if not grades:
        return
    stated = {int(m.group(1)) for m in _STATED_TOP.finditer(doc.text)}
    for m in _STATED_RANGE.finditer(doc.text):
        stated.update((int(m.group(1)), int(m.group(2))))
    if stated - {60, 70, 80, 90, 89, 79, 59, 100}:
        return
    for g in grades:
        lo, hi = _BANDS[g.grade]
        v = g.score.value
        if lo <= v < hi:
            continue
        yield make_finding(doc, "score.rule", g.score.num_start, g.score.num_end,
                           f"评价等级与得分不符：得分 {g.score.raw} 分，等级为“{g.grade}”"
                           f"（{g.grade}为 {lo if lo >= 0 else 0}–{hi if hi < 1000 else 100} 分）。",
                           confidence="likely", severity="error",
                           related=[(g.start, g.end, "grade")],
                           evidence={"score": g.score.raw, "grade": g.grade})


_GRADE_HEAD = re.compile(r"评级|等级|级别")
_MARK_HEAD = re.compile(r"评分|得分|分数|总分")
_GRADE_CELL = {"优": "优", "优秀": "优", "良": "良", "良好": "良", "中": "中", "中等": "中", "差": "差", "较差": "差"}


def _cell_per_line_grades(doc) -> list:
    """Score and grade columns of a table exported one cell per line (| 90.1 | 优 | as
    two lines), read only where the rows regroup by their 序号 (forms.cell_per_line_rows)."""
    from ..extract.quantities import quantities_in
    from ..extract.relations import Grade
    from ..forms import cell_per_line_rows
    out = []
    seen = {g.score.num_start for g in relations(doc).grades}
    for table in doc.tables:
        rows = cell_per_line_rows(table)
        if rows is None:
            continue
        head = [c.text.replace(" ", "") for c in rows[0]]
        gcol = [k for k, h in enumerate(head) if _GRADE_HEAD.search(h)]
        scol = [k for k, h in enumerate(head) if _MARK_HEAD.search(h) and not _GRADE_HEAD.search(h)]
        if len(gcol) != 1 or len(scol) != 1:
            continue
        for r in rows[1:]:
            sc, gc = r[scol[0]], r[gcol[0]]
            grade = _GRADE_CELL.get(gc.text.strip())
            qs = quantities_in(doc, sc.start, sc.end) if grade else []
            if len(qs) != 1 or qs[0].num_start in seen or not 0 <= qs[0].value <= 100:
                continue
            out.append(Grade(qs[0], grade, gc.start, gc.end))
    return out


def _rate_formula_scores(doc):
    """Rows under a header ``得分(20分*执行率)``: score = weight × B/A."""
    for t in doc.tables:
        rows = numeric_rows(doc, t)
        weight = None
        rule_span = None
        for row in rows:
            m = None
            for c in row.cells:
                # the formula names 执行率/完成率 or B/A: skip cells without 率 or /
                m = _RATE_FORMULA.search(c.text.replace(" ", "")) if "率" in c.text or "/" in c.text else None
                if m:
                    break
            if m:
                weight = Decimal(m.group(1))
                # the weight's own span: the finding also points at the rule it applies
                w = re.search(re.escape(m.group(1)) + r"\s*分?\s*[*×xX]", c.text)
                rule_span = (c.start + w.start(), c.start + w.start() + len(m.group(1))) if w else None
            if weight is None or row.kind == "header":
                continue
            triple = budget_triple(row)
            if triple is None:
                continue
            a, b, rate, score = triple
            if score is None or score.kind not in ("plain", "score") or a.value <= 0:
                continue
            candidates = set()
            for r in (b.value / a.value, rate.value / 100):
                candidates |= _allowed(weight * r, score.decimals)
                # rounded twice (2.1548 → 2.155 → 2.16) or up: one step above the floor
                candidates.add(_twice_rounded(weight * r, score.decimals))
            if score.value in candidates:
                continue
            exact = weight * b.value / a.value
            yield make_finding(
                doc, "score.rule", score.num_start, score.num_end,
                f"得分不符合表头规则“{weight}分×执行率”：{weight} × {b.raw}/{a.raw} = {fmt(exact, 2)}"
                f"（按表中执行率 {rate.raw}% 为 {fmt(weight * rate.value / 100, 2)}），"
                f"取整应为 {'或'.join(sorted({fmt(c, 2) for c in candidates}))}，表中为 {score.raw}。",
                confidence="certain", severity="error",
                related=[(a.num_start, a.num_end, "budget"), (b.num_start, b.num_end, "executed"),
                         (rate.num_start, rate.end, "rate")] + ([(*rule_span, "rule")] if rule_span else []),
                evidence={"rule": f"{weight}×B/A", "A": a.raw, "B": b.raw, "computed": fmt(exact, 4),
                          "allowed": sorted(fmt(c, 2) for c in candidates), "reported": score.raw})


_DEDUCT_RULE = re.compile(r"每(?:低|少|超|高|降低|超过|下降)\s*1\s*个?百分点\s*(?:扣|减)\s*(\d+(?:\.\d+)?)\s*分")
_DEDUCT_STMT = re.compile(r"(?:低|少|超|高|超过|下降)\s*(\d+(?:\.\d+)?)\s*个?百分点\s*[,，]?\s*(?:扣|减)\s*"
                          r"(?P<d>\d+(?:\.\d+)?)\s*分(?:\s*[,，]\s*(?:实际)?得\s*(?P<s>\d+(?:\.\d+)?)\s*分)?")
_CEIL_RULE = re.compile(r"不满\s*1\s*个百分点按\s*1\s*个百分点")


def _deductions(doc):
    text = doc.text
    rates = sorted({Decimal(m.group(1)) for m in _DEDUCT_RULE.finditer(text)})
    if not rates:
        return
    ceil_rule = bool(_CEIL_RULE.search(text))
    for m in _DEDUCT_STMT.finditer(text):
        gap = Decimal(m.group(1))
        stated = parse_number(m.group("d"))
        if stated is None:
            continue
        d_val, d_dec = stated
        expected = set()
        for r in rates:
            for g in ([Decimal(math.ceil(gap))] if ceil_rule else []) + [gap]:
                expected |= _allowed(g * r, d_dec)
        if d_val in expected:
            continue
        shown = []
        for r in rates:
            line = f"{m.group(1)}×{r} = {fmt(gap * r, 4)}"
            if ceil_rule:
                line += f"（不满 1 个百分点按 1 个算：{math.ceil(gap)}×{r} = {fmt(Decimal(math.ceil(gap)) * r, 4)}）"
            shown.append(line)
        yield make_finding(
            doc, "score.rule", m.start("d"), m.end("s") if m.group("s") else m.end("d"),
            f"扣分与本报告评分规则不符：差 {m.group(1)} 个百分点，按规则“每低 1 个百分点扣 "
            f"{'/'.join(fmt(r) for r in rates)} 分”应扣 {'；'.join(shown)}，文中扣 {m.group('d')} 分。",
            confidence="certain", severity="error",
            related=[(m.start(1), m.end(1), "gap")],
            evidence={"gap_points": m.group(1), "rules_per_point": [fmt(r) for r in rates],
                      "round_up_partial_points": ceil_rule, "stated_deduction": m.group("d"),
                      "allowed": sorted(fmt(x, 4) for x in expected)})


_BA_RULE = re.compile(r"得分\s*=\s*权重\s*[*×xX]\s*B\s*/\s*A")
_STATED_WEIGHT = re.compile(r"[(（](\d+)分[)）]")   # (20分) in a cell


@register("score.proportional", "正向指标未达目标却得分不按“权重×B/A”计（完成 89.8% 仍得 15 分）/ a score that ignores the report's 得分=权重×B/A rule")
def check_proportional_scores(doc):
    """The report states 得分=权重×B/A for positive indicators.  For a row with
    target A > actual B, the printed score s implies a weight s×A/B; when no
    weight on the table's own grid (the gcd of its stated weights, e.g. 10 for
    (20分)/(70分)) lies in that interval, the score did not follow the rule."""
    if not _BA_RULE.search(doc.text):
        return
    for t in doc.tables:
        rows = numeric_rows(doc, t)
        stated = [Decimal(m.group(1)) for r in rows for c in r.cells
                  for m in _STATED_WEIGHT.finditer(c.text.replace(" ", ""))]
        grid = 0
        for w in stated:
            grid = math.gcd(grid, int(w)) if w == int(w) else grid
        if grid < 2:
            continue
        active = False
        for row in rows:
            if row.kind == "header":
                active = "(A)" in row.label.replace("（", "(").replace("）", ")") and \
                         "(B)" in row.label.replace("（", "(").replace("）", ")")
                continue
            if not active:
                continue
            nums = [row.numbers[c] for c in sorted(row.numbers)]
            if len(nums) != 3 or any(q.kind not in ("plain", "persons", "households", "count") for q in nums):
                continue
            a, b, s = nums
            if not (a.exact and b.exact) or not (0 < b.value < a.value):
                continue
            h = s.half_unit
            lo, hi = (s.value - h) * a.value / b.value, (s.value + h) * a.value / b.value
            k = math.ceil(lo / grid)
            if k * grid <= hi:
                continue
            ratio = b.value / a.value
            below = grid * max(1, math.floor(s.value / ratio / grid))
            above = below + grid
            yield make_finding(
                doc, "score.proportional", s.num_start, s.num_end,
                f"得分不符合“得分=权重×B/A”：实际 {b.raw} ÷ 目标 {a.raw} = {fmt(ratio * 100, 2)}%，"
                f"得分 {s.raw} 意味着权重 {fmt(s.value / ratio, 2)}；本表权重均为 {grid} 的倍数"
                f"（权重 {below} 得 {fmt(below * ratio, 2)}，权重 {above} 得 {fmt(above * ratio, 2)}），"
                f"未完成目标不应得 {s.raw} 分。",
                confidence="likely", severity="warning",
                related=[(a.num_start, a.num_end, "target_A"), (b.num_start, b.num_end, "actual_B")],
                evidence={"A": a.raw, "B": b.raw, "ratio": fmt(ratio, 4), "implied_weight": fmt(s.value / ratio, 4),
                          "weight_grid": grid, "rule": "得分=权重×B/A"})


_FULL = re.compile(r"(?:满分|权重分?|分值)\s*(?:为)?\s*(\d+(?:\.\d+)?)\s*分")
_GOT = re.compile(r"(?:实际)?得(?:分)?\s*(?:为)?\s*(\d+(?:\.\d+)?)\s*分")
_RATE = re.compile(r"得分率\s*(?:为)?\s*(\d+(?:\.\d+)?)\s*%")


@register("score.rate", "得分率与“得分 ÷ 满分”不符，或得分超过满分 / score rate vs score ÷ full marks")
def check_score_rate(doc):
    """'满分 43 分，实际得分 40.52 分，得分率 94.23%' and '(权重分 4 分, 实际得分 3.6 分)';
    a form's indicator scored above its 分值 is score.form_rule's."""
    text = doc.text
    if not _FULL.search(text):
        return  # no clause can hold what the whole text does not
    for s, e in relations(doc).statements:
        seg = text[s:e]
        full, got = _FULL.search(seg), None
        if not full or not _in_prose(doc, s):
            continue
        got = _GOT.search(seg, full.end())
        if not got:
            continue
        w, wd = parse_number(full.group(1))
        g, gd = parse_number(got.group(1))
        if w <= 0:
            continue
        gs, ge = s + got.start(1), s + got.end(1)
        if g > w:
            yield make_finding(
                doc, "score.rate", gs, ge,
                f"得分超过满分：实际得分 {got.group(1)} 分 > 满分（权重）{full.group(1)} 分。",
                confidence="certain", severity="error",
                related=[(s + full.start(1), s + full.end(1), "full_marks")],
                evidence={"full": full.group(1), "score": got.group(1)})
            continue
        rate = _RATE.search(seg, got.end())
        if not rate:
            continue
        r, rd = parse_number(rate.group(1))
        computed = (Interval.printed(g, gd) / Interval.printed(w, wd, exact=True)).scale(Decimal(100))
        if computed.intersects(Interval.printed(r, rd)):
            continue
        yield make_finding(
            doc, "score.rate", s + rate.start(1), s + rate.end(1) + 1,
            f"得分率不符：{got.group(1)} ÷ {full.group(1)} = {fmt(g / w * 100, 2)}%，文中写 {rate.group(1)}%。",
            confidence="certain", severity="error",
            related=[(gs, ge, "score"), (s + full.start(1), s + full.end(1), "full_marks")],
            evidence={"score": got.group(1), "full": full.group(1), "computed_percent": fmt(g / w * 100, 4),
                      "reported": rate.group(1)})


def _in_prose(doc, offset: int) -> bool:
    """Is ``offset`` outside table rows?  Statements that pass are the sentence-like
    spans (prose split at 。) the prose score checks read."""
    para = doc.paragraph_at(offset)
    return para is None or para.table_id is None


_TOTAL_SCORE = re.compile(r"(?:(?:评价|综合|自评|总|合计)得分\s*(?:为|是)?|得分为)\s*(\d+(?:\.\d+)?)\s*分")
_ITEM_SCORE = re.compile(r"^\s*(?:\d{1,2}\s*[、.．]|[(（]\d{1,2}[)）]|[一二三四五六七八九十]+\s*[、是])\s*"
                         r"(?P<name>[^，。；\d]{2,24}?)得分\s*(?:为)?\s*(?P<v>\d+(?:\.\d+)?)\s*分")


# a first-level section's score in prose: '过程指标满分 22 分，实际得分 22 分'
# (the older 投入/过程/产出/效果 framework too: '投入指标。满分20分,得15.5分'; after 一是 …; the weight
# bracketed alone: '产出指标（40分）得38分')
_SECTION = re.compile(r"(?:(?<![\u4e00-\u9fff])|(?<=[一二三四五六七八九十]是))(?:项目)?(?P<name>投入|决策|过程|产出|效益|效果|满意度)类?指标"
                      r"\s*[。：:，,]?\s*"
                      r"(?:[(（]?\s*(?:满分|权重分?|分值)\s*(?:为)?\s*(?P<w>\d+(?:\.\d+)?)\s*分\s*[)）]?"
                      r"|[(（]\s*(?P<w2>\d+(?:\.\d+)?)\s*分\s*[)）])\s*[，,、]?\s*"
                      r"(?:实际|自评)?得分?\s*(?:为)?\s*(?P<s>\d+(?:\.\d+)?)\s*分")


@register("score.list_total", "总得分与其后逐项列出的得分之和不符 / a total score vs the item scores listed under it")
def check_listed_total(doc):
    """'评价得分为 99.7 分 … 1、预算编制情况得分 23 分。2、… 3、…' — the items must add up."""
    yield from _section_total(doc)
    yield from _inline_items(doc)
    paras = doc.paragraphs
    for i, p in enumerate(paras):
        # both patterns hold 得分: a paragraph without it is neither an item nor a total
        if p.table_id is not None or "得分" not in p.text or _ITEM_SCORE.match(p.text):
            continue
        m = None
        for m in _TOTAL_SCORE.finditer(p.text):
            pass
        if m is None:
            continue
        items = []
        for q in paras[i + 1:i + 12]:
            im = _ITEM_SCORE.match(q.text)
            if im:
                items.append((q, im))
            elif items or (q.heading is not None and q.heading.level <= 2):
                break
        if len(items) < 2 or _item_before(p.text, items[0][0].text):
            continue
        yield from _list_total_finding(
            doc, p.start + m.start(1), m.group(1), [im.group("v") for _, im in items],
            [(q.start + im.start("v"), q.start + im.end("v"), "item") for q, im in items],
            "分项", "certain")


_LEAD_MARKER = re.compile(r"^\s*(?:(?P<dot>\d{1,2})\s*[、.．]|[(（](?P<paren>\d{1,2})[)）]"
                          r"|(?P<cn>[一二三四五六七八九十]{1,3})\s*[、是])")


def _lead_marker(s: str):
    """(style, number) of the list marker opening ``s`` (1. / 1、 / (1) / 一、 / 一是), or None."""
    m = _LEAD_MARKER.match(s)
    if m is None:
        return None
    style = next(k for k in ("dot", "paren", "cn") if m.group(k))
    v = m.group(style)
    return style, int(v) if v.isdigit() else "一二三四五六七八九十".find(v) + 1 if len(v) == 1 else None


def _item_before(total_para: str, first_item: str) -> bool:
    """Does the paragraph holding the "total" open with the marker just before the first
    listed item's (1. … 得分 4.44 分 / 2. … 得分 39 分)?  Then it is the list's first item, its
    score a sub-score whose description the item pattern did not read, not the total."""
    a, b = _lead_marker(total_para), _lead_marker(first_item)
    return a is not None and b is not None and a[0] == b[0] and a[1] is not None and b[1] == a[1] + 1


def _list_total_finding(doc, ts: int, reported: str, items: list[str], related, what: str,
                        confidence: str):
    """A finding when the listed scores do not add up to the total (scores are assigned, not
    measured: items add up exactly, at the precision printed)."""
    t, td = parse_number(reported)
    vals = [parse_number(v) for v in items]
    computed = total(Interval.printed(v, d, exact=True) for v, d in vals)
    if computed.intersects(Interval.printed(t, td, exact=True)):
        return
    point = sum((v for v, _ in vals), Decimal(0))
    yield make_finding(
        doc, "score.list_total", ts, ts + len(reported),
        f"总分与{what}不符：{' + '.join(items)} = {fmt(point, 4)} 分，"
        f"文中总得分 {reported} 分（差 {fmt(t - point, 4)}）。",
        confidence=confidence, severity="error", related=related,
        evidence={"items": items, "computed": fmt(point, 4), "reported": reported})


# 总得分 T 分，其中：A 得分 a 分，B 得分 b 分，…  (the list in the total's own sentence, or opening the next)
_INLINE_OPEN = re.compile(r"\s*分\s*[，,。；;]?\s*(?:[^，,。；;\d]{0,12}[，,])?\s*其中\s*[：:，,]?")
_INLINE_ITEM = re.compile(r"\s*(?P<name>\p{Han}[\p{Han}（）()]{1,15}?)(?:得分|得)\s*(?:为)?\s*(?P<v>\d+(?:\.\d+)?)\s*分\s*(?:[，,；;、]|(?=。)|$)")
_BONUS = re.compile(r"加分|扣分|扣减|扣除|减分|附加分")


def _inline_items(doc):
    """``自评得分 96.5 分，其中：预算编制得分 19 分，预算执行得分 38.5 分，预算使用效益得分 39 分``:
    the scores listed right after the total, in its sentence or opening the next, make it up
    (as the numbered items after a total do).  Not judged when the paragraph speaks of
    bonus or deducted points (加分, 扣分): the items then need not add up to the total."""
    for p in doc.paragraphs:
        if p.table_id is not None or "其中" not in p.text or _BONUS.search(p.text):
            continue
        for m in _TOTAL_SCORE.finditer(p.text):
            o = _INLINE_OPEN.match(p.text, m.end(1))
            if o is None:
                continue
            items, pos = [], o.end()
            while True:
                im = _INLINE_ITEM.match(p.text, pos)
                if im is None:
                    break
                items.append(im)
                pos = im.end()
            end = p.text[pos:pos + 1]
            if len(items) < 2 or end not in ("。", "") or pos < len(p.text.rstrip()) and end != "。":
                continue     # the list runs on into something else
            if any(parse_number(im.group("v"))[0] > parse_number(m.group(1))[0] for im in items):
                continue
            yield from _list_total_finding(
                doc, p.start + m.start(1), m.group(1), [im.group("v") for im in items],
                [(p.start + im.start("v"), p.start + im.end("v"), "item") for im in items],
                "“其中”所列得分", "likely")


@register("score.items", "一级指标的分值/得分与其下各项之和不符（满意度指标 10 分，其下两项各 10 分）/ an indicator's weight or score vs the items under it")
def check_score_items(doc):
    """Prose score lists: '满意度指标完成情况：分值 10 分，自评得分 10 分。学生满意度：分值 10 分 …；
    家长满意度：分值 10 分 …' — the items under a first-level indicator (产出/效益/满意度 …)
    must add up to its 分值 and 得分 (scores are assigned: exact)."""
    items = relations(doc).score_items
    groups: list[tuple] = []
    for it in items:
        if it.level == 1:
            groups.append((it, []))
        elif groups and it.outline == groups[-1][0].outline:
            groups[-1][1].append(it)
    for parent, children in groups:
        if parent.outline and not _outline_complete(doc, parent, children):
            continue
        for attr, word in (("weight", "分值"), ("score", "得分")):
            whole = getattr(parent, attr)
            vals = [getattr(c, attr) for c in children]
            if whole is None or len(vals) < 2 or any(v is None for v in vals):
                continue
            point = sum((v.value for v in vals), Decimal(0))
            if point == whole.value:
                continue
            exceeds = point > whole.value
            if not exceeds and attr == "score":
                continue    # a shortfall in scores is left to the weights' check
            yield make_finding(
                doc, "score.items", whole.num_start, whole.num_end,
                f"{word}合计不符：“{parent.name}”{word} {whole.raw} 分，其下各项 "
                f"{' + '.join(f'{c.name} {getattr(c, attr).raw}' for c in children)} = {fmt(point, 4)} 分"
                f"（差 {fmt(point - whole.value, 4)}）。",
                confidence="certain" if exceeds else "likely", severity="error",
                related=[(c.start, getattr(c, attr).num_end, "item") for c in children],
                evidence={"parent": parent.name, "parent_value": whole.raw,
                          "items": {c.name: getattr(c, attr).raw for c in children}, "computed": fmt(point, 4)})
        for it in [parent] + children:
            if it.weight is not None and it.score is not None and it.score.value > it.weight.value:
                yield make_finding(
                    doc, "score.items", it.score.num_start, it.score.num_end,
                    f"得分超过分值：“{it.name}”得分 {it.score.raw} 分 > 分值 {it.weight.raw} 分。",
                    confidence="certain", severity="error",
                    related=[(it.weight.num_start, it.weight.num_end, "full_marks")],
                    evidence={"weight": it.weight.raw, "score": it.score.raw})


_TOP_MARK = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,2}\s*、|[(（]\s*[一二三四五六七八九十]{1,2}\s*[)）])")
_SUB_MARK = re.compile(r"^\s*\d{1,2}\s*[、.．](?!\d)")


def _outline_complete(doc, parent, children) -> bool:
    """An outline heading's sub-headings (1、 2、 … up to the next （二）) all printed a 分值."""
    paras = doc.paragraphs
    subs = 0
    for p in paras[parent.para_index + 1:]:
        if _TOP_MARK.match(p.text):
            break
        if _SUB_MARK.match(p.text):
            subs += 1
    return subs == len(children) and all(c.weight is not None for c in children)


# --- the national self-evaluation forms (doc.forms) ----------------------------------------

def _form_items(doc, form):
    """(row, target, actual, weight, score) quantities of each indicator row."""
    from ..extract.relations import form_number
    for row in form.indicators:
        yield (row, form_number(doc, row.cells.get("target")), form_number(doc, row.cells.get("actual")),
               form_number(doc, row.cells.get("weight")), form_number(doc, row.cells.get("score")))


def _comparable(t: Quantity | None, a: Quantity | None) -> bool:
    return t is not None and a is not None and t.kind == a.kind and t.unit == a.unit and t.value > 0 \
        and a.value > 0 and not t.extra.get("range") and t.qualifier in ("", "≥", "不低于", "不少于", "以上")


def _form_implied_weight(doc, seen: set[int]):
    """A form without a 分值 column whose missed indicators are scored 权重 × 实际/目标: the
    weight they imply (the same round number for every one of them) caps every score, so an
    overachieved indicator scored above it broke the form's own rule (likely)."""
    for form in doc.forms:
        rows = list(_form_items(doc, form))
        if any(w is not None for _, _, _, w, _ in rows):
            continue
        lo, hi, n = None, None, 0
        for row, t, a, w, s in rows:
            if s is None or not _comparable(t, a) or a.value >= t.value:
                continue
            h = s.half_unit
            ilo, ihi = (s.value - h) * t.value / a.value, (s.value + h) * t.value / a.value
            lo = ilo if lo is None else max(lo, ilo)
            hi = ihi if hi is None else min(hi, ihi)
            n += 1
        if n < 2 or lo is None or lo > hi:
            continue
        weight = Decimal(math.ceil(lo))
        if weight > hi:
            continue
        for row, t, a, w, s in rows:
            if s is None or s.value <= weight or s.num_start in seen or not _comparable(t, a):
                continue
            seen.add(s.num_start)
            yield make_finding(
                doc, "score.rule", s.num_start, s.num_end,
                f"得分超过本表推定权重：未完成的指标均按“权重 × 实际/目标”计分，推得权重 {fmt(weight)} 分"
                f"（{n} 项一致）；“{row.label[:16]}”实际 {a.raw} ÷ 目标 {t.raw} = {fmt(a.value / t.value * 100, 2)}%，"
                f"得分 {s.raw} 超过权重 {fmt(weight)}（完成超过 100% 应按满分计）。",
                confidence="likely", severity="warning",
                related=[(t.num_start, t.num_end, "target"), (a.num_start, a.num_end, "actual")],
                evidence={"implied_weight": fmt(weight), "implied_interval": [fmt(lo, 4), fmt(hi, 4)],
                          "rows_agreeing": n, "score": s.raw})


# ---------------------------------------------------------------- national forms (doc.forms)

_GROUP_WEIGHT = re.compile(r"[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")
_OUTLINE_TOP = re.compile(r"^[一二三四五六七八九十]+[、.．]")


def _num(cell):
    from ..forms import cell_number
    n = cell_number(cell)
    return n if n is not None and n.unit in ("", "分") else None


@register("score.form_total", "自评表各项得分/分值之和与总分、一级指标分值不符 / a form's scores vs its 总分 and group weights")
def check_form_total(doc):
    """In a national form: the indicator scores plus the funds block's 得分 make the 总分
    (and the 分值 make the total 分值); the 分值 of the indicators under a first-level
    indicator printed with its weight, 产出指标(50分), add up to it.  Forms whose rows are
    nested (一、 with 1、 2、 under it) are not summed (a parent row repeats its children):
    there each parent is checked against its children instead."""
    for form in doc.forms:
        rows = form.indicators
        if len(rows) < 3 or form.unread_rows:
            continue
        if any(_OUTLINE_TOP.match(r.label) for r in rows):
            yield from _form_nested(doc, rows)
            continue
        funds = next((r for r in form.funds if r.role == "total"), None)
        if funds is not None:     # without the funds row the block read may be partial
            yield from _form_grand_total(doc, form, rows, funds)
        yield from _form_group_weights(doc, rows)


_OUTLINE_SUB = re.compile(r"^(\d{1,2})\s*[、.．](?!\d)")


def _form_nested(doc, rows):
    """一、 a parent row with 1、 2、 … under it (numbered from 1, no new 一级/二级 cell
    between): the parent's 得分 (and 分值) is its children's sum."""
    i = 0
    while i < len(rows):
        if not _OUTLINE_TOP.match(rows[i].label):
            i += 1
            continue
        parent, kids, j = rows[i], [], i + 1
        while j < len(rows):
            m = _OUTLINE_SUB.match(rows[j].label)
            if not m or int(m.group(1)) != len(kids) + 1 or {"level1", "level2"} & rows[j].cells.keys():
                break
            kids.append(rows[j])
            j += 1
        i = j
        if len(kids) < 2:
            continue
        for key, what in (("score", "得分"), ("weight", "分值")):
            whole = _num(parent.cells.get(key))
            nums = [_num(k.cells.get(key)) for k in kids]
            if whole is None or any(n is None for n in nums):
                continue
            s = sum(n.value for n in nums)
            if s == whole.value:    # scores are assigned, not measured: exact
                continue
            cell = parent.cells[key]
            yield make_finding(
                doc, "score.form_total", cell.start, cell.end,
                f"{what}合计不符：“{parent.label}”下各分项{what} {' + '.join(fmt(n.value, 2) for n in nums)} = "
                f"{fmt(s, 2)}，表中该项{what} {cell.text}。",
                confidence="likely", severity="error",
                related=[(k.cells[key].start, k.cells[key].end, "part") for k in kids],
                evidence={"items": [str(n.value) for n in nums], "sum": fmt(s, 4), "reported": cell.text})


def _form_grand_total(doc, form, rows, funds):
    for key, total_cell, what in (("score", form.total_score, "得分"), ("weight", form.total_weight, "分值")):
        whole = _num(total_cell)
        if whole is None:
            continue
        items = [(r.cells.get(key), _num(r.cells.get(key))) for r in rows]
        if any(n is None for _, n in items):
            continue
        f = _num(funds.cells.get(key)) if funds is not None else None
        if f is not None:
            items.insert(0, (funds.cells[key], f))
        s = sum(n.value for _, n in items)
        # a form's 总分 is the sum of the scores as printed (to the total's precision)
        q = Decimal(10) ** -whole.decimals
        if whole.value in (s.quantize(q, rounding=ROUND_HALF_UP), s.quantize(q, rounding=ROUND_FLOOR)):
            continue
        terms = " + ".join(fmt(n.value, 2) for _, n in items)
        related = [(c.start, c.end, "part") for c, _ in items]
        blank = ""
        if f is None and funds is not None:
            # the funds row prints no 得分/分值: the likeliest cause of the gap
            cells = list(funds.cells.values())
            if cells:
                related.append((min(c.start for c in cells), max(c.end for c in cells), "part"))
            blank = f"（预算执行率一行未填{what}）"
        message = (f"{what}合计不符：预算执行率及各项指标{what} {terms} = {fmt(s, 2)}{blank}，"
                   f"表中总{what[-1]}为 {total_cell.text}（相差 {fmt(abs(whole.value - s), 2)}）。")
        yield make_finding(doc, "score.form_total", total_cell.start, total_cell.end, message,
                           confidence="certain", severity="error",
                           related=related,
                           evidence={"items": [str(n.value) for _, n in items], "sum": fmt(s, 4),
                                     "reported": total_cell.text})


def _form_group_weights(doc, rows):
    """产出指标(50分): the 分值 of its indicators, up to the next first-level indicator."""
    groups = []
    for r in rows:
        head = r.cells.get("level1")
        m = _GROUP_WEIGHT.search(head.text) if head is not None else None
        if m:
            groups.append((head, Decimal(m.group(1)), [r]))
        elif groups:
            groups[-1][2].append(r)
    # the last group may be cut off (an excerpt, a page): only groups another one follows —
    # in the form read, or in the text right after its last row (a next 一级 heading with its
    # weight, 满意度指标(10分), whose rows the reader lost)
    closed = groups[:-1]
    if groups:
        last = groups[-1]
        end = max(c.end for r in last[2] for c in r.cells.values())
        after = doc.text[end:end + 80]
        m = _GROUP_WEIGHT.search(after)
        if m and not re.search(r"\d", after[:m.start()]) and "指标" in after[max(0, m.start() - 8):m.end()]:
            closed = groups
    for head, declared, members in closed:
        nums = [_num(r.cells.get("weight")) for r in members]
        if any(n is None for n in nums):
            continue
        s = sum(n.value for n in nums)
        if s == declared:
            continue
        message = (f"分值合计不符：“{head.text}”下各三级指标分值 {' + '.join(fmt(n.value, 2) for n in nums)} = "
                   f"{fmt(s, 2)}，与一级指标写明的 {fmt(declared, 2)} 分不符。")
        yield make_finding(doc, "score.form_total", head.start, head.end, message, confidence="likely",
                           severity="error",
                           related=[(r.cells["weight"].start, r.cells["weight"].end, "part") for r in members],
                           evidence={"declared": str(declared), "sum": fmt(s, 4)})


@register("score.form_rule", "自评表得分违背表格自身规则：超过分值、预算执行率得分≠分值×执行率 / a form score that breaks the form's own rule")
def check_form_rule(doc):
    """Rules every national form states: an indicator scores at most its 分值; the funds
    row scores 分值 × 执行率 (执行率 capped at 100%; the score may be rounded half-up,
    truncated or rounded up at the precision printed)."""
    from ..forms import cell_number
    yield from _glued_funds_scores(doc)
    for form in doc.forms:
        for r in form.indicators:
            w, sc = _num(r.cells.get("weight")), _num(r.cells.get("score"))
            if w is None or sc is None or sc.value <= w.value:
                continue
            cell = r.cells["score"]
            yield make_finding(doc, "score.form_rule", cell.start, cell.end,
                               f"得分超过分值：“{r.label or '该指标'}”分值 {w.value}，得分 {sc.value}。",
                               confidence="certain", severity="error",
                               related=[(r.cells["weight"].start, r.cells["weight"].end, "whole")],
                               evidence={"weight": str(w.value), "score": str(sc.value)})
        # a missing reason is worth a hint only where the form explains its other deviations
        explains = any(r.cells.get("reason") is not None and r.cells["reason"].text.strip(" -—/无")
                       for r in form.indicators)
        for r in form.indicators:
            yield from (f for f in _met_vs_score(doc, r) if explains or f.confidence != "possible")
        flagged = set()     # funds rows whose 得分 breaks their own 分值 × 执行率
        for r in form.funds:
            w, sc = _num(r.cells.get("weight")), _num(r.cells.get("score"))
            rate = cell_number(r.cells.get("rate"))
            a, b = cell_number(r.cells.get("budget")), cell_number(r.cells.get("executed"))
            has_ab = a is not None and b is not None and a.value > 0
            # a row whose 执行率 cell was not read (printed elsewhere) is judged by B/A alone
            if w is None or sc is None or (rate is None and not has_ab):
                continue
            # a score that follows the printed 执行率 where B/A contradicts it is the rate's one
            # slip (arithmetic.form_rate's finding), not a second one
            fractions = [min(rate.fraction, Decimal(1))] if rate is not None else []
            if has_ab:
                fractions.append(min(b.value / a.value, Decimal(1)))
            allowed = set()
            for f in fractions:
                x = w.value * f
                q = Decimal(10) ** -sc.decimals
                allowed |= {x.quantize(q, rounding=ROUND_HALF_UP), x.quantize(q, rounding=ROUND_FLOOR),
                            x.quantize(q, rounding=ROUND_CEILING)}
            if sc.value in allowed:
                continue
            flagged.add(id(r))
            cell = r.cells["score"]
            exact = w.value * fractions[-1]
            by = r.cells["rate"] if rate is not None else r.cells["executed"]
            yield make_finding(doc, "score.form_rule", cell.start, cell.end,
                               f"预算执行率得分不符：分值 {w.value} × 执行率 {fmt(fractions[-1] * 100, 2)}% = "
                               f"{fmt(exact, 2)}，表中得分为 {cell.text}。",
                               confidence="likely", severity="error",
                               related=[(by.start, by.end, "rate" if rate is not None else "executed"),
                                        (r.cells["weight"].start, r.cells["weight"].end, "whole")],
                               evidence={"expected": fmt(exact, 4), "allowed": sorted(fmt(x, 4) for x in allowed)})
        yield from _same_funds_other_score(doc, [r for r in form.funds if id(r) not in flagged])


def _same_funds_other_score(doc, rows):
    """Two funds rows of one form printing the same 预算数, 执行数 and 执行率 (a 其中 row that
    is the whole of the funds: 当年财政拨款 = 年度资金总额) must score the same — the 其中 row
    printing the same 分值 or none: 9 on one and 8 on the other is one rounding on one row
    and another on the next."""
    from ..forms import cell_number
    keys = ("budget", "executed", "rate")

    def key(r):
        nums = [cell_number(r.cells.get(k)) for k in keys]
        return None if any(n is None for n in nums) else tuple((n.value, n.unit) for n in nums)

    total_row = next((r for r in rows if r.role == "total"), None)
    if total_row is None or key(total_row) is None:
        return
    ts, tw = _num(total_row.cells.get("score")), _num(total_row.cells.get("weight"))
    if ts is None or tw is None:
        return
    for r in rows:
        if r is total_row or r.role != "part" or key(r) != key(total_row):
            continue
        sc, w = _num(r.cells.get("score")), _num(r.cells.get("weight"))
        if sc is None or sc.value == ts.value or (w is not None and w.value != tw.value):
            continue
        cell = r.cells["score"]
        yield make_finding(doc, "score.form_rule", cell.start, cell.end,
                           f"同一资金两处得分不同：“{r.label or '其中'}”一行的预算数、执行数、执行率"
                           f"{'、分值' if w is not None else ''}与年度资金总额一行完全相同，得分却为 {cell.text}，"
                           f"总额一行为 {total_row.cells['score'].text}。",
                           confidence="likely", severity="error",
                           related=[(total_row.cells["score"].start, total_row.cells["score"].end, "total_score")],
                           evidence={"score": cell.text, "total_row_score": total_row.cells["score"].text})


# a funds row whose cells lost their separators: 310.2154.741050%5 (A, B, 分值, 执行率, 得分)
_GLUED_FUNDS = re.compile(r"(?<![\d.])(?P<run>\d[\d.]{7,40}?)%(?P<s>\d{1,2}(?:\.\d{1,2})?)(?![\d.%])")
_GLUE_NUM = r"(?:[1-9]\d*|0)(?:\.\d{1,2})?"


def _glued_splits(run: str):
    """Every reading of ``run`` as A B 分值 执行率 with B/A matching the 执行率 printed
    (rounding-aware), 0 < 分值 ≤ 30 (a funds weight)."""
    out = []
    for i in range(1, len(run)):
        for j in range(i + 1, len(run)):
            for k in range(j + 1, min(j + 3, len(run))):
                parts = (run[:i], run[i:j], run[j:k], run[k:])
                if not all(re.fullmatch(_GLUE_NUM, x) for x in parts) or not re.fullmatch(r"[1-9]\d?", parts[2]):
                    continue
                (a, _), (b, _), (w, _), (r, rd) = (parse_number(x) for x in parts)
                if a <= 0 or b <= 0 or not 0 < w <= 30 or r > 200:
                    continue
                if Interval.printed(b / a * 100, 12).intersects(Interval.printed(r, rd)):
                    out.append((a, b, w, r, rd, parts))
    return out


def _glued_funds_scores(doc):
    """A funds row glued into one run of digits after its header (分值, 执行率, 得分 named
    within the 160 characters before): read only when exactly one split into A, B, 分值,
    执行率 holds (B/A = 执行率 as printed); then 得分 must be 分值 × 执行率."""
    for m in _GLUED_FUNDS.finditer(doc.text):
        before = doc.text[max(0, m.start() - 160):m.start()]
        if not all(w in before for w in ("分值", "执行率", "得分")):
            continue
        splits = _glued_splits(m.group("run"))
        if len(splits) != 1:
            continue
        a, b, w, r, rd, parts = splits[0]
        sc, sd = parse_number(m.group("s"))
        q = Decimal(10) ** -sd
        allowed = set()
        for f in (min(r / 100, Decimal(1)), min(b / a, Decimal(1))):
            x = w * f
            allowed |= {x.quantize(q, rounding=ROUND_HALF_UP), x.quantize(q, rounding=ROUND_FLOOR),
                        x.quantize(q, rounding=ROUND_CEILING)}
        if sc in allowed:
            continue
        exact = w * min(b / a, Decimal(1))
        yield make_finding(doc, "score.form_rule", m.start("s"), m.end("s"),
                           f"预算执行率得分不符：分值 {parts[2]} × 执行率 {parts[3]}% = {fmt(w * min(r / 100, Decimal(1)), 2)}，"
                           f"表中得分为 {m.group('s')}（该行数字粘连，按 {' / '.join(parts)} 读出）。",
                           confidence="likely", severity="error",
                           related=[(m.start("run"), m.end("run") + 1, "rate")],
                           evidence={"expected": fmt(exact, 4), "allowed": sorted(fmt(x, 4) for x in allowed),
                                     "read_as": list(parts)})


def _met_vs_score(doc, r):
    """An indicator whose 实际完成值 meets its 年度指标值 but does not get full marks with no
    reason given (a hint: forms do score qualitatively), or one that clearly misses a
    numeric target yet gets full marks (likely: the form scores 分值 × 实际/目标)."""
    from ..forms import cell_number
    w, sc = _num(r.cells.get("weight")), _num(r.cells.get("score"))
    target, actual = r.cells.get("target"), r.cells.get("actual")
    if w is None or sc is None or target is None or actual is None or w.value == 0:
        return
    reason = r.cells.get("reason")
    if reason is not None and reason.text.strip(" -—/无") != "":
        return
    t, a = cell_number(target), cell_number(actual)
    if t is not None and a is not None and t.unit == a.unit and t.value > 0:
        reverse = t.bound in ("≤", "<", "≦")
        met = a.value <= t.value if reverse else a.value >= t.value
        missed = a.value > t.value * Decimal("1.01") if reverse else a.value < t.value * Decimal("0.99")
    elif target.text.replace(" ", "") == actual.text.replace(" ", ""):
        met, missed = True, False
    else:
        return
    if met and sc.value < w.value:
        yield make_finding(doc, "score.form_rule", r.cells["score"].start, r.cells["score"].end,
                           f"指标已完成却未得满分：“{r.label or '该指标'}”指标值 {target.text}，实际完成 {actual.text}，"
                           f"分值 {w.value} 只得 {sc.value}，且未写偏差原因。",
                           confidence="possible", severity="warning",
                           related=[(target.start, target.end, "target"), (actual.start, actual.end, "actual")],
                           evidence={"weight": str(w.value), "score": str(sc.value)})
    elif missed and sc.value == w.value:
        yield make_finding(doc, "score.form_rule", r.cells["score"].start, r.cells["score"].end,
                           f"指标未完成却得满分：“{r.label or '该指标'}”指标值 {target.text}，实际完成 {actual.text}，"
                           f"仍得满分 {sc.value}（未写偏差原因）。",
                           confidence="likely", severity="warning",
                           related=[(target.start, target.end, "target"), (actual.start, actual.end, "actual")],
                           evidence={"weight": str(w.value), "score": str(sc.value)})


_WHOLE_SCORE = re.compile(r"(?:评价|综合|自评|总)得分\s*(?:为|是)?\s*(\d+(?:\.\d+)?)\s*分")
_PART_NAME = re.compile(r"指标|决策|过程|产出|效益|满意度|[一二三四五六七八九十\d][)）、.．]")


def _section_total(doc):
    """'综合得分为 93.99 分' against the first-level sections scored in prose anywhere in
    the report ('决策指标满分 10 分，实际得分 10 分' …).  Only when each section is named
    once (or repeated with the same numbers) and their full marks make exactly 100:
    then the sections are the whole score and nothing (bonus, deductions) is left out."""
    secs: dict[str, tuple] = {}
    for p in doc.paragraphs:
        if p.table_id is not None or "指标" not in p.text:     # every section name ends in 指标
            continue
        for m in _SECTION.finditer(p.text):
            key = (m.group("w") or m.group("w2"), m.group("s"))
            if secs.setdefault(m.group("name"), (key, p.start, m))[0] != key:
                return  # one section, two scorings: not ours to pick
    if len(secs) < 3:
        return
    weights = [parse_number(m.group("w") or m.group("w2"))[0] for _, _, m in secs.values()]
    if sum(weights, Decimal(0)) != 100:
        return
    vals = [parse_number(m.group("s")) for _, _, m in secs.values()]
    computed = total(Interval.printed(v, d) for v, d in vals)
    point = sum((v for v, _ in vals), Decimal(0))
    related = [(ps + m.start("s"), ps + m.end("s"), "section") for _, ps, m in secs.values()]
    for p in doc.paragraphs:
        if p.table_id is not None:
            continue
        inside = [(x.start(), x.end()) for x in _SECTION.finditer(p.text)]
        for m in _WHOLE_SCORE.finditer(p.text):
            clause = re.split(r"[，,。；;：:]", p.text[max(0, m.start() - 16):m.start()])[-1]
            # 决策指标：分值15分，自评得分15分 — the section's own score, whatever the clause says
            if _PART_NAME.search(clause) or any(s <= m.start() < e for s, e in inside):
                continue    # 过程指标自评得分为 22 分: a section's score, not the whole
            t, td = parse_number(m.group(1))
            if t > 100 or computed.intersects(Interval.printed(t, td)):
                continue
            ts = p.start + m.start(1)
            yield make_finding(
                doc, "score.list_total", ts, ts + len(m.group(1)),
                f"总分与各一级指标得分之和不符：{' + '.join(m2.group('s') for _, _, m2 in secs.values())} = "
                f"{fmt(point, 4)} 分，文中总得分 {m.group(1)} 分（差 {fmt(t - point, 4)}）。",
                confidence="certain", severity="error", related=related,
                evidence={"sections": {k: m2.group("s") for k, (_, _, m2) in secs.items()},
                          "computed": fmt(point, 4), "reported": m.group(1)})
