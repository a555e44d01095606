"""The national self-evaluation forms (财政部 绩效自评表), read wherever they appear.

项目支出绩效自评表, 部门整体支出绩效自评表 and 转移支付（区域）绩效自评表 share two blocks:

* the funds block: a header row (年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分, or
  预算数(A) / 执行数(B) / 执行率(B/A) / 得分) and rows 年度资金总额, 其中：当年财政拨款,
  上年结转资金, 其他资金 (中央/地方/省级… 资金 in transfer forms);
* the indicator block: a header row (一级指标 / 二级指标 / 三级指标 / 年度指标值 / 实际完成值 /
  分值 / 得分 / 偏差原因分析及改进措施) and one row per indicator, closed by a 总分 row.

They arrive as table cells (docx/xlsx/pdf tables, pipe rows, tab rows) or flattened into
one line of space-separated tokens (xlsx/pdf text pasted into a web page).  Both become a
sequence of *tokens* (text with its span in ``doc.text``); cells keep their empty places
so a table's columns never shift, flattened text has only the tokens it prints.  Values are
assigned to columns by position when a table row lines up with its header, otherwise by
type: a percentage sits in the 执行率 column, and the rest keep their order around it.

The result is ``doc.forms``: typed ``Form``/``FormRow`` parts that the checks read.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal

from auditor import rx as re

from .model import Cell, Document, Form, FormRow

# Header cells of the funds block, canonical name -> pattern on the cell text without spaces.
# Order matters: 得分(20分*执行率) is a score column, 预算执行率 a rate, 预算执行数 an amount.
_FUNDS_HEADERS = [
    ("score", re.compile(r"^(?:自评)?得分")),
    ("rate", re.compile(r"^(?:预算)?执行率|^资金执行率")),
    ("initial", re.compile(r"^年初预算")),
    ("budget", re.compile(r"^(?:全年|调整后|年度)?预算(?:数|资金)?(?:\(A\)|（A）)?$|^全年预算数|^调整后预算|^预算数")),
    ("executed", re.compile(r"^(?:全年|预算)?执行数|^实际(?:支出|执行)")),
    ("weight", re.compile(r"^(?:分值|权重)")),
]
_IND_HEADERS = [
    ("level1", re.compile(r"^一级指标")),
    ("level2", re.compile(r"^二级指标")),
    ("level3", re.compile(r"^三级指标|^指标名称")),
    ("target", re.compile(r"^(?:年度)?(?:指标值|目标值)|^年初目标值|^年度目标(?:指标)?值|^预期指标值")),
    ("actual", re.compile(r"^(?:全年)?实际(?:完成)?值|^实际完成(?:情况|值)?|^完成值")),
    ("weight", re.compile(r"^(?:分值|权重)")),
    ("score", re.compile(r"^(?:自评)?得分")),
    ("reason", re.compile(r"^(?:偏差|未完成)?原因|^偏差原因|^未完成原因")),
]
_FUNDS_LABEL = re.compile(r"资金|拨款|结转|结余|总额|公益金|收入")
_NOT_FUNDS_LABEL = re.compile(r"目标|指标|管理情况|情况说明|完成情况|分配|下达|拨付|使用|执行准确|绩效|实施单位|主管")
_TOTAL_LABEL = re.compile(r"资金总额|^总额|合计|总计")
_PART_START = re.compile(r"^其中")
_DASH = re.compile(r"^[—–\-－/]+$|^无$")
_PERCENT = re.compile(r"^-?\d+(?:\.\d+)?%$")
_PLAIN = re.compile(r"^-?\d+(?:\.\d+)?$")
_VALUE = re.compile(r"^[≥≤<>=≧≦]?-?\d[\d,]*(?:\.\d+)?(?:%|万元|亿元|元|万)?$")
_TOTAL_SCORE_LABEL = re.compile(r"^(?:总分|合计|总计|自评总分|综合得分)$")


@dataclass(slots=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def key(self) -> str:
        return self.text.replace(" ", "")


def _header_name(text: str, headers) -> str | None:
    if headers is _FUNDS_HEADERS or headers is _IND_HEADERS:
        return _known_header_name(text, headers is _IND_HEADERS)
    return _first_header(text.replace(" ", ""), headers)


def _first_header(key: str, headers) -> str | None:
    for name, pat in headers:
        if pat.search(key):
            return name
    return None


@lru_cache(maxsize=16384)
def _known_header_name(text: str, indicators: bool) -> str | None:
    """``_first_header`` for the two fixed header lists, cached: forms repeat the same
    cell texts (a pure function of the text)."""
    return _first_header(text.replace(" ", ""), _IND_HEADERS if indicators else _FUNDS_HEADERS)


def _may_name_funds_columns(row: list[Token]) -> bool:
    """Can ``row`` hold three funds header cells, or one of 预算数/执行数?  Three distinct
    names take one of 执行率, 年初预算, 预算数, 执行数 and 实际支出 (得分 and 分值 are two),
    so a row whose text holds none of 预算, 执行 and 实际 is spared the cell-by-cell reading."""
    key = "".join([t.text for t in row]).replace(" ", "")
    return "预算" in key or "执行" in key or "实际" in key


def _may_name_level3(row: list[Token]) -> bool:
    """Can ``row`` hold a 三级指标 header cell (``_IND_HEADERS``' level3)?"""
    key = "".join([t.text for t in row]).replace(" ", "")
    return "三级指标" in key or "指标名称" in key


def _is_value(t: Token) -> bool:
    return bool(_VALUE.match(t.key)) or bool(_DASH.match(t.key))


_KINDS = (("department", re.compile(r"部门整体")), ("transfer", re.compile(r"转移支付|区域绩效")),
          ("project", re.compile(r"项目支出|项目绩效|项目自评")))
_TRANSFER_FIELD = re.compile(r"转移支付\s*[(（]\s*项目\s*[)）]\s*名称")


_FORM_TITLE = re.compile(r"[^\s|]{0,40}(?:自评表|评价表|目标表)")


_FORM_TITLE_END = re.compile(r"自评表|评价表|目标表")


def _form_titles(window: str) -> list[str]:
    """``_FORM_TITLE.findall(window)``, fast: a title starts at most 40 characters before
    the next 自评表/评价表/目标表, so the search starts there, not at every position."""
    out, pos = [], 0
    while True:
        end = _FORM_TITLE_END.search(window, pos)
        if end is None:
            return out
        m = _FORM_TITLE.search(window, max(pos, end.start() - 40))
        if m is None:
            return out
        out.append(m.group(0))
        pos = m.end()


def _kind(doc: Document, form: Form) -> str:
    """Which national template: from the form's title (the last 自评表/评价表 name printed
    before its funds block), else from its columns (a transfer form has no 分值/得分)."""
    window = doc.text[max(0, form.start - 600):form.start + 200]
    titles = _form_titles(window)
    for title in reversed(titles):
        for kind, pat in _KINDS:
            if pat.search(title):
                return kind
    if _TRANSFER_FIELD.search(window):
        return "transfer"
    cols = {k for r in form.funds for k in r.cells}
    if cols and not cols & {"weight", "score"} and not form.indicators:
        return "transfer"
    return "project" if form.funds or form.indicators else "unknown"


def find_forms(doc: Document) -> None:
    """Fill ``doc.forms`` from the document's tables and flattened form lines."""
    _find_forms(doc)
    for form in doc.forms:
        form.kind = _kind(doc, form)


def _find_forms(doc: Document) -> None:
    for table in doc.tables:
        rows = [[Token(c.text, c.start, c.end) for c in r] for r in table.rows]
        form = _read_rows(rows)
        if form is None:
            form = _cell_per_line_indicators(rows)
        if not _funds_read(form):
            form = _cells_as_line(rows, form)
        if form is not None:
            doc.forms.append(form)
    for p in doc.paragraphs:
        if p.table_id is not None or p.text.count(" ") < 8:
            continue
        key = p.text.replace(" ", "")
        if not (("预算数" in key or "执行数" in key) and ("执行率" in key or "得分" in key)) and \
                not ("一级指标" in key and "三级指标" in key):
            continue
        tokens = [Token(m.group(), p.start + m.start(), p.start + m.end())
                  for m in re.finditer(r"\S+", p.text)]
        doc.forms.extend(_read_tokens(tokens))
    _paragraph_cells_funds(doc)
    _cell_lines(doc)
    _glued_funds(doc)


_PARA_CELL_MAX = 40


# Two readers of funds blocks printed one cell per line, kept apart on purpose: a web page's
# block (blank lines between cells) is found as a run of short sentence-less lines and taken
# only when it reads as one clean 年度资金总额 row with 其中 rows after it; a PDF's block (no
# separator at all, header words split over lines) is found from a funds header word and taken
# row by row when every row holds budget, execution and rate.  They share the tokens and the
# form reader; what differs is the evidence each layout needs before its columns are trusted.

def _line_tokens(paras) -> list[Token]:
    """One token per line: the line's text without its surrounding spaces, at its offsets."""
    tokens = []
    for p in paras:
        lead = len(p.text) - len(p.text.lstrip())
        t = p.text.strip()
        tokens.append(Token(t, p.start + lead, p.start + lead + len(t)))
    return tokens


def _paragraph_cells_funds(doc: Document) -> None:
    """A funds block exported one cell per line with no table around it (a web page's form
    pasted as lines, blank lines between cells): a run of short lines outside any table,
    read like a flattened form from its cells in order.  Only the funds rows are taken
    (as _cells_as_line does): the indicator block keeps whatever reading it has."""
    taken = [(f.start, f.end) for f in doc.forms]
    run: list = []

    def flush():
        if len(run) < 8:       # too short a run for a funds block (most runs: one line or none)
            run.clear()
            return
        key = "".join(p.text.replace(" ", "") for p in run[:400])
        if ("预算数" in key or "执行数" in key) and "执行率" in key and \
                not any(s < run[-1].end and run[0].start < e for s, e in taken):
            flat = next((f for f in _read_tokens(_line_tokens(run)) if _funds_read(f)), None)
            # lines carry no empty cells to keep the columns: taken only when the block read
            # cleanly, one 年度资金总额 row with its amounts and nothing but 其中 rows after it
            if flat is not None and [r.role for r in flat.funds].count("total") == 1 and \
                    flat.funds[0].role == "total" and {"budget", "executed"} <= flat.funds[0].cells.keys() and \
                    all(r.role == "part" for r in flat.funds[1:]):
                flat.indicators, flat.total_score, flat.total_weight = [], None, None
                doc.forms.append(flat)
        run.clear()

    for p in doc.paragraphs:
        t = p.text.strip()
        if p.table_id is None and 0 < len(t) <= _PARA_CELL_MAX and "。" not in t:
            run.append(p)
        elif t:
            flush()
    flush()


_CELL_LINE = 30      # characters at most in a line that holds one cell
_CELL_RUN = 80       # lines read after a funds header word


def _cell_lines(doc: Document) -> None:
    """A funds block printed one cell per line with no separator at all (a PDF table's
    text: 年初 / 预算数 / 全年预算数 / … / 执行率 / 得分 / 年度资金总额 / 4753.66万元 / …), read
    like a flattened form from its short lines in order; a header word the extractor split
    over two lines (年初 / 预算数) is joined first.  Only the funds rows are taken."""
    paras = [p for p in doc.paragraphs if p.table_id is None]
    taken = [(f.start, f.end) for f in doc.forms]
    i = 0
    while i < len(paras):
        p = paras[i]
        key = p.text.strip()
        if len(key) > 8 or _header_name(key, _FUNDS_HEADERS) not in ("initial", "budget", "executed") or \
                any(s <= p.start < e for s, e in taken):
            i += 1
            continue
        j = i      # back over the header words only (年初 before 预算数), never into values
        while j > 0 and i - j < 8 and 0 < len(paras[j - 1].text.strip()) <= _CELL_LINE and \
                not _is_value(Token(paras[j - 1].text.strip(), 0, 0)):
            j -= 1
        k = i
        while k + 1 < len(paras) and k - i < _CELL_RUN and 0 < len(paras[k + 1].text.strip()) <= _CELL_LINE:
            k += 1
        for form in _read_tokens(_join_split_headers(_line_tokens(paras[j:k + 1]))):
            # an empty cell leaves no line: a row short of its budget, execution or rate may
            # have had its values shifted, and the whole block is then left unread
            if _funds_read(form) and all({"budget", "executed", "rate"} <= set(r.cells)
                                         for r in form.funds if r.cells):
                form.indicators, form.total_score, form.total_weight = [], None, None
                doc.forms.append(form)
                taken.append((form.start, form.end))
        i = k + 1


def _join_split_headers(tokens: list[Token]) -> list[Token]:
    """年初 + 预算数 -> 年初预算数: a short word that names no column, joined to the next token
    when the two together name one."""
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        t = tokens[k]
        if k + 1 < len(tokens) and len(t.key) <= 4 and not _is_value(t) and \
                _header_name(t.key, _FUNDS_HEADERS) is None and \
                _header_name(t.key + tokens[k + 1].key, _FUNDS_HEADERS) is not None:
            out.append(Token(t.key + tokens[k + 1].key, t.start, tokens[k + 1].end))
            k += 2
            continue
        out.append(t)
        k += 1
    return out


def _funds_read(form: Form | None) -> bool:
    return form is not None and any({"executed", "rate"} & set(r.cells) for r in form.funds)


def _cells_as_line(rows: list[list[Token]], form: Form | None) -> Form | None:
    """A funds block whose rows do not line up with their header — one cell per line
    between blank separator rows, or pipe rows whose empty cells were dropped so that each
    row's label ends the line before — read like a flattened form from its non-empty
    cells in order.  Only the funds rows are taken: the indicators keep the table reading."""
    cells = [t for r in rows for t in r if t.text.strip()]
    key = "".join([t.text for t in cells[:400]]).replace(" ", "")     # their keys, joined
    if not (("预算" in key or "执行数" in key) and "执行率" in key):
        return form
    flat = next((f for f in _read_tokens(cells) if _funds_read(f)), None)
    if flat is None:
        return form
    if form is None:
        flat.indicators, flat.total_score, flat.total_weight = [], None, None
        return flat
    form.funds = flat.funds
    form.start, form.end = min(form.start, flat.start), max(form.end, flat.end)
    return form


# a funds block whose cells lost every separator (OCR, PDF text): 全年预算数(A)300全年执行数(B)
# 执行率(B/A)其中中央补助自治区补助300万元 259.45万元 86.5%
_GLUED_A = re.compile(r"预算数\s*[(（]\s*A\s*[)）]\s*(?P<a>\d[\d,]*(?:\.\d+)?)(?![\d.%])")
_GLUED_RATE_HEAD = re.compile(r"执行率\s*[(（]\s*B\s*/\s*A\s*[)）]")
_GLUED_NUM = re.compile(r"(?<![\d.])\d[\d,]*(?:\.\d+)?(?P<unit>\s*(?:%|万元|亿元|元))?")
_GLUED_SPAN = 160


def _glued_funds(doc: Document) -> None:
    """The 年度资金总额 row of a funds block printed without separators: A is the number right
    after 预算数(A), the rate the first percentage after 执行率(B/A), and B the last amount
    before it.  Read only when every other number between them repeats A or B (a part row
    printing the same funds), so that no other row's figures can be taken for B."""
    text = doc.text
    taken = [(f.start, f.end) for f in doc.forms] + \
        [(p.start, p.end) for p in doc.paragraphs if p.table_id is not None]
    for m in _GLUED_A.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        head = _GLUED_RATE_HEAD.search(text, m.end("a"), m.end("a") + _GLUED_SPAN)
        if head is None:
            continue
        nums = list(_GLUED_NUM.finditer(text, m.end("a"), min(len(text), head.end() + _GLUED_SPAN)))
        k = next((i for i, x in enumerate(nums) if x.group("unit") and "%" in x.group("unit")
                  and x.start() > head.end()), None)
        if k is None or k == 0:
            continue
        amounts, rate = nums[:k], nums[k]
        if any("%" in (x.group("unit") or "") for x in amounts):
            continue
        a_val = _number(Token(m.group("a"), 0, 0))
        b = amounts[-1]
        b_val = _number(Token(b.group().replace(" ", ""), 0, 0))
        if not a_val or b_val is None or any(
                _number(Token(x.group().replace(" ", ""), 0, 0)) not in (a_val, b_val) for x in amounts):
            continue
        num_end = b.start() + len(re.match(r"\d[\d,]*(?:\.\d+)?", b.group()).group())
        cells = {"budget": Cell(m.group("a"), m.start("a"), m.end("a"), -1, -1),
                 "executed": Cell(text[b.start():num_end], b.start(), num_end, -1, -1),
                 "rate": Cell(rate.group(), rate.start(), rate.end(), -1, -1)}
        form = Form("unknown", m.start(), rate.end())
        form.funds.append(FormRow("funds", "", None, cells, "total"))
        doc.forms.append(form)
        taken.append((form.start, form.end))


# ---------------------------------------------------------------- table rows

def _header_columns(row: list[Token], headers) -> list[tuple[str, int]]:
    """(canonical name, cell index) of the header cells in ``row``."""
    out = []
    seen = set()
    for i, t in enumerate(row):
        if not t.text:
            continue
        name = _header_name(t.text, headers)
        if name and name not in seen:
            out.append((name, i))
            seen.add(name)
    return out


def _read_rows(rows: list[list[Token]]) -> Form | None:
    form = None
    i = 0
    while i < len(rows):
        row = rows[i]
        funds_cols = _header_columns(row, _FUNDS_HEADERS) if _may_name_funds_columns(row) else []
        if len(funds_cols) >= 3 and {"budget", "executed"} & {n for n, _ in funds_cols}:
            form = form or Form("unknown", row[0].start if row else 0, row[-1].end if row else 0)
            i = _table_funds(rows, i, funds_cols, form)
            continue
        ind_cols = _header_columns(row, _IND_HEADERS) if _may_name_level3(row) else []
        names = {n for n, _ in ind_cols}
        if "level3" in names and ({"score", "weight"} & names):
            form = form or Form("unknown", row[0].start if row else 0, row[-1].end if row else 0)
            i = _table_indicators(rows, i, ind_cols, form)
            continue
        i += 1
    if form is not None:
        _finish(form)
    return form


# a weight spilled from a merged label cell above ("(20分)" under 预算执行情况(万元)(20分))
_POINTS_ONLY = re.compile(r"^[(（]\d+(?:\.\d+)?分[)）]$")
# a score printed after its formula in one cell: "(20分*执行率) 13"
_NOTED_VALUE = re.compile(r"^[(（][^()（）]*分[^()（）]*[)）]\s*(-?\d+(?:\.\d+)?)$")


def _label_index(row: list[Token]) -> int | None:
    for k, t in enumerate(row):
        if t.text and not _is_value(t) and not _POINTS_ONLY.match(t.key):
            return k
    return None


def _strip_notes(row: list[Token]) -> list[Token]:
    """The row with a value printed after a bracketed note read as the value alone."""
    out = []
    for t in row:
        m = _NOTED_VALUE.match(t.text.strip())
        if m:
            lead = len(t.text) - len(t.text.lstrip())
            t = Token(m.group(1), t.start + lead + m.start(1), t.start + lead + m.end(1))
        out.append(t)
    return out


def _wrapped_header(row: list[Token], names: list[str]) -> list[str]:
    """Header cells printed on a line of their own under the header row (a header cell
    wrapped: 得分 (20分*执行率) below 预算数(A) … 执行率(B/A) in a PDF): their names, when
    every non-empty cell of the row is a header cell the header does not have yet."""
    cells = [t for t in row if t.text]
    found = [_header_name(t.text, _FUNDS_HEADERS) for t in cells]
    if not cells or any(n is None or n in names for n in found) or len(set(found)) < len(found):
        return []
    return found


def _table_funds(rows, i, cols, form: Form) -> int:
    cols = list(cols)
    j = i + 1
    while j < len(rows) and not any(t.text for t in rows[j]):
        j += 1
    extra = _wrapped_header(rows[j], [n for n, _ in cols]) if j < len(rows) else []
    if extra:
        step = cols[-1][1] - cols[-2][1] if len(cols) >= 2 else 1
        cols += [(n, cols[-1][1] + step * (m + 1)) for m, n in enumerate(extra)]
        j += 1
    else:
        j = i + 1
    names = [n for n, _ in cols]
    positions = [k for _, k in cols]
    part = False
    while j < len(rows):
        row = _strip_notes(rows[j])
        if not any(t.text for t in row):
            j += 1
            continue
        k = _label_index(row)
        if k is None:
            label = None
        else:
            label = row[k]
            if _header_columns(row, _IND_HEADERS) or not _FUNDS_LABEL.search(label.key) or \
                    _NOT_FUNDS_LABEL.search(label.key) and not _FUNDS_LABEL.search(label.key[:6]):
                break
        values: dict[str, Token] = {}
        after = row[k + 1:] if k is not None else row
        # by position: the row lines up with its header (a regular grid)
        if k is not None and k < positions[0] and all(
                (p >= len(row) or not row[p].text or _is_value(row[p])) for p in positions) and \
                not any(t.text and _is_value(t) for t in row[k + 1:positions[0]]):
            for name, p in cols:
                if p < len(row) and row[p].text and not _DASH.match(row[p].key):
                    values[name] = row[p]
        else:
            seq = [t for t in after if t.text]
            if any(not _is_value(t) for t in seq):
                break
            values = _align(seq, names) or {}
        if label is not None and _PART_START.match(label.key):
            part = True
        role = _funds_role(label, part)
        form.funds.append(FormRow("funds", label.text if label else "",
                                  (label.start, label.end) if label else None, values, role))
        form.end = max(form.end, row[-1].end)
        j += 1
    return j


def _funds_role(label: Token | None, part: bool) -> str:
    if label is not None and _TOTAL_LABEL.search(label.key) and not _PART_START.match(label.key):
        return "total"
    if part:
        return "part"
    return "other" if label is not None else "total"


def _align(seq: list[Token], names: list[str], lenient: bool = False) -> dict[str, Token] | None:
    """Values printed in a row without their empty cells, assigned to ``names`` (header
    order): around the percentage when there is one (it is the 执行率), else from the
    first column.  None when the values do not fit their columns' types."""
    if not seq or len(seq) > len(names):
        return None
    offset = 0
    pct = next((k for k, t in enumerate(seq) if _PERCENT.match(t.key)), None)
    if pct is not None and "rate" in names:
        offset = names.index("rate") - pct
        if offset < 0 or offset + len(seq) > len(names):
            return None
    out = {names[offset + k]: t for k, t in enumerate(seq) if not _DASH.match(t.key)}
    return out if _fits(out, lenient) else None


def _number(t: Token) -> float | None:
    try:
        return float(t.key.replace(",", "").rstrip("%万元亿"))
    except ValueError:
        return None


def _fits(values: dict[str, Token], lenient: bool = False) -> bool:
    """Do the values suit their columns?  An amount is no percentage; 执行率 is a
    percentage or a fraction; 分值 at most 100; 得分 at most its 分值."""
    for name, t in values.items():
        x = _number(t)
        is_pct = t.key.endswith("%")
        if name in ("initial", "budget", "executed") and is_pct:
            return False
        if name == "rate" and not is_pct and (x is None or x > 1.5):
            return False
        if name in ("weight", "score") and (is_pct or x is None or x > 100):
            return False
    w, s = values.get("weight"), values.get("score")
    if w is not None and s is not None and _number(s) > _number(w) and not lenient:
        return False
    return True


def _longest_fit(values: list[Token], names: list[str]) -> tuple[dict[str, Token] | None, int]:
    """The longest prefix of a run of values that fits one row: (assignment, length).  A
    run with no percentage may lack its 执行率 (a merged rate cell the extractor printed
    elsewhere): the values then also fit the other columns in order (… 分值 10 得分 8.62)."""
    no_rate = [n for n in names if n != "rate"]
    for n in range(min(len(values), len(names)), 0, -1):
        aligned = _align(values[:n], names)
        if aligned is None and "rate" in names and n == len(no_rate) and \
                not any(_PERCENT.match(t.key) for t in values[:n]):
            aligned = _align(values[:n], no_rate)
        if aligned is not None:
            return aligned, n
    return None, 0


def _table_indicators(rows, i, cols, form: Form) -> int:
    names = [n for n, _ in cols]
    has_weight = "weight" in names
    j = i + 1
    pending: list[Token] = []          # label cells of a row printed on two lines
    levels = {"level1": None, "level2": None}
    while j < len(rows):
        row = [t for t in rows[j] if t.text]
        j += 1
        if not row:
            continue
        if _may_name_funds_columns(rows[j - 1]) and len(_header_columns(rows[j - 1], _FUNDS_HEADERS)) >= 3:
            return j - 1
        first = row[0].key
        if _TOTAL_SCORE_LABEL.match(first):
            nums = [t for t in row[1:] if _PLAIN.match(t.key)]
            if len(nums) >= 2 and has_weight:
                form.total_weight, form.total_score = _as_cell(nums[0]), _as_cell(nums[1])
            elif nums:
                form.total_score = _as_cell(nums[-1])
            form.end = max(form.end, row[-1].end)
            return j
        item = _indicator_item(pending + row, has_weight)
        if item is None:
            if not any(_is_value(t) for t in row) and len(row) <= 3:
                pending = row          # labels only: the values follow on the next line
                continue
            if any(_PLAIN.match(t.key) for t in row):
                form.unread_rows += 1
            pending = []
            continue
        pending = []
        labels, cells = item
        _set_levels(labels, levels, cells)
        form.indicators.append(FormRow("indicators", labels[-1].text if labels else "",
                                       (labels[-1].start, labels[-1].end) if labels else None,
                                       cells, "item"))
        form.end = max(form.end, row[-1].end)
    return j


def _as_cell(t: Token) -> Cell:
    return Cell(t.text, t.start, t.end, -1, -1)


_LEVEL1 = re.compile(r"^(?:产出|效益|满意度|成本)指标")
_LEVEL2 = re.compile(r"(?:数量|质量|时效|成本|经济效益|社会效益|生态效益|可持续影响|服务对象满意度|满意度)指标$")


def _set_levels(labels: list[Token], levels: dict, cells: dict) -> None:
    for t in labels[:-1]:
        key = t.key
        if _LEVEL1.match(key) and "level1" not in cells:
            cells["level1"] = _as_cell(t)
        elif _LEVEL2.search(key) and "level2" not in cells:
            cells["level2"] = _as_cell(t)
    if labels:
        cells["level3"] = _as_cell(labels[-1])


def _indicator_item(row: list[Token], has_weight: bool):
    """(label tokens, cells) of one indicator row: labels, 指标值, 实际完成值, then
    分值 and 得分 (the last two plain numbers when the form has a 分值 column, else the
    得分 alone), then the deviation reason."""
    idx = [k for k, t in enumerate(row) if _PLAIN.match(t.key)]
    if not idx:
        return None
    # the score is the last plain number followed only by text (the reason)
    s = idx[-1]
    if any(_is_value(t) for t in row[s + 1:]):
        return None
    cells: dict[str, Cell] = {"score": _as_cell(row[s])}
    end = s
    if has_weight:
        if s == 0 or not _PLAIN.match(row[s - 1].key):
            return None
        cells["weight"] = _as_cell(row[s - 1])
        end = s - 1
    rest = row[:end]
    # 实际完成值 and 指标值 are the two cells before the scores (text or numbers)
    if len(rest) >= 2:
        cells["actual"] = _as_cell(rest[-1])
        cells["target"] = _as_cell(rest[-2])
        labels = rest[:-2]
    elif len(rest) == 1:
        cells["actual"] = _as_cell(rest[-1])
        labels = []
    else:
        labels = []
    reason = row[s + 1:]
    if reason:
        t = reason[0]
        cells["reason"] = Cell(" ".join(x.text for x in reason), t.start, reason[-1].end, -1, -1)
    if labels and any(_is_value(t) for t in labels):
        return None
    return labels, cells


# ---------------------------------------------------------------- flattened text

def _read_tokens(tokens: list[Token]) -> list[Form]:
    """Forms flattened into one line: find the header runs and read the rows after them.
    A funds header after a form's indicators starts the next form (a PDF of several forms)."""
    tokens = _split_glued_header(tokens)
    forms: list[Form] = []
    form = None
    i = 0
    n = len(tokens)
    while i < n:
        # a run of funds header tokens
        run = []
        k = i
        while k < n and (_header_name(tokens[k].text, _FUNDS_HEADERS) or tokens[k].key in _HEADER_NOTES):
            name = _header_name(tokens[k].text, _FUNDS_HEADERS)
            if name:
                run.append(name)
            k += 1
        if len(run) >= 2 and ("budget" in run or "executed" in run) and len(set(run)) == len(run):
            if form is not None and form.indicators:
                _finish(form)
                forms.append(form)
                form = None
            form = form or Form("unknown", tokens[i].start, tokens[i].end)
            pending = _pending_funds_labels(tokens, i)
            i = _flat_funds(tokens, k, run, pending, form)
            _stray_cells(tokens, i, run, form)
            continue
        # the indicator header: 一级指标 … 得分
        key = tokens[i].key
        if key.startswith("一级") and i + 1 < n:
            names = []
            k = i
            while k < n and k < i + 14:
                joined = tokens[k].key
                # header words may be split by the extractor: 一级 指标
                if k + 1 < n and not _header_name(joined, _IND_HEADERS) and \
                        _header_name(joined + tokens[k + 1].key, _IND_HEADERS):
                    joined += tokens[k + 1].key
                    k += 1
                name = _header_name(joined, _IND_HEADERS)
                if not name and names and not _is_value(tokens[k]) and _header_ahead(tokens, k + 1, names):
                    k += 1     # a merged cell's label printed inside the header: 二级指标 数量指标 三级指标
                    continue
                if not name:
                    break
                names.append(name)
                k += 1
            if "level3" in names and "score" in names:
                form = form or Form("unknown", tokens[i].start, tokens[i].end)
                i = _flat_indicators(tokens, k, names, form)
                continue
            if "level3" in names and form is not None and form.funds:
                # the header's cells were read out of order (a sheet exported cell by
                # cell): keep only what is certain, each row's (分值, 得分) pair
                i = _flat_pairs(tokens, k, form)
                continue
        i += 1
    if form is not None:
        _finish(form)
        forms.append(form)
    return forms


_STRAY_END = re.compile(r"^(?:实际完成情况|一级指标|一级|绩效指标)")
_STRAY_SPAN = 40     # tokens after the funds rows searched for their stray cells


def _stray_cells(tokens: list[Token], k: int, names: list[str], form: Form) -> None:
    """Merged cells a PDF extractor printed after the funds block, among the labels of the
    next rows (… 实施单位 9,034 预期目标 年度 总体 目标 10 45.17% 实际完成情况): the first
    funds row printed fewer values than its header has columns, and the values standing
    alone up to the 实际完成情况 / indicator header fill exactly the columns it misses.
    The row keeps its values in order and the stray ones keep theirs; of the ways to
    interleave them the row's own values take the leftmost columns (a row prints from its
    first column on), and every value must suit its column (the one percentage is the
    执行率, 得分 at most 分值).  Read only when the counts match exactly."""
    row = next((r for r in form.funds if r.cells), None)
    if row is None or row.role != "total" or len(row.cells) >= len(names) or \
            any(c.text.endswith("%") for c in row.cells.values()):
        return
    stray: list[Token] = []
    for t in tokens[k:k + _STRAY_SPAN]:
        if _STRAY_END.match(t.key) or _header_name(t.text, _FUNDS_HEADERS):
            break
        if _is_value(t) and not _DASH.match(t.key):
            if not (_PERCENT.match(t.key) or re.match(r"^\d[\d,]*(?:\.\d+)?$", t.key)):
                return       # a target (≥90%) or an amount with its unit: another block's
            stray.append(t)
    else:
        return               # no end in sight: not the form's own block
    own = sorted(row.cells.items(), key=lambda kv: kv[1].start)
    if not stray or len(own) + len(stray) != len(names) or sum(1 for t in stray if _PERCENT.match(t.key)) != 1:
        return
    from itertools import combinations
    for cols in combinations(range(len(names)), len(own)):
        rest = [c for c in range(len(names)) if c not in cols]
        values = {names[c]: Token(cell.text, cell.start, cell.end) for c, (_, cell) in zip(cols, own)}
        values.update({names[c]: t for c, t in zip(rest, stray)})
        if _fits(values) and "rate" in {names[c] for c in rest}:
            row.cells = {n: _as_cell(t) for n, t in values.items()}
            row.stray = True
            return


# header cells that name no value column of the funds block (原因: a text column after 得分)
_HEADER_NOTES = ("(万元)", "(A)", "(B)", "原因", "偏差原因", "未完成原因")


def _split_glued_header(tokens: list[Token]) -> list[Token]:
    """A sentence glued to the indicator header (…费用结算。一级指标) split off it."""
    out = []
    for t in tokens:
        at = t.text.find("一级指标")
        if at > 0:
            out += [Token(t.text[:at], t.start, t.start + at), Token(t.text[at:], t.start + at, t.end)]
        else:
            out.append(t)
    return out


def _header_ahead(tokens: list[Token], k: int, names: list[str]) -> bool:
    """Does an indicator header word not read yet start at ``k`` (alone or split in two)?"""
    for key in (tokens[k].key if k < len(tokens) else "",
                tokens[k].key + tokens[k + 1].key if k + 1 < len(tokens) else ""):
        name = _header_name(key, _IND_HEADERS) if key else None
        if name and name not in names:
            return True
    return False


def _pending_funds_labels(tokens: list[Token], header_start: int) -> list[Token]:
    """Row labels an extractor printed before the header (a merged label column read
    first): 年度资金总额 其中:当年财政拨款 … just before 全年预算数."""
    out = []
    k = header_start - 1
    while k >= 0 and k >= header_start - 8:
        t = tokens[k]
        if _FUNDS_LABEL.search(t.key) and not _NOT_FUNDS_LABEL.search(t.key) and not _is_value(t):
            out.append(t)
        k -= 1
    return [t for t in reversed(out) if _TOTAL_LABEL.search(t.key) or _PART_START.match(t.key)]


def _flat_funds(tokens, k, names, pending, form: Form) -> int:
    n = len(tokens)
    part = False
    while k < n:
        labels = []
        while k < n and not _is_value(tokens[k]):
            t = tokens[k]
            if _header_name(t.text, _FUNDS_HEADERS) or t.key in _HEADER_NOTES or len(t.key) > 40:
                k += 1         # a header cell, or the template's note cell (1.预算执行率=…)
                continue
            joined = "".join(x.key for x in labels)
            if labels and joined.count("(") > joined.count(")"):
                labels.append(t)   # a label continued inside its bracket: 其他资金 (包括以前年度结转资 金)
                k += 1
                continue
            if not _FUNDS_LABEL.search(t.key) or _NOT_FUNDS_LABEL.search(t.key):
                if labels:
                    break          # the label row ends here, with no values
                return k
            if labels:
                break              # a second label: the first row printed no values
            labels.append(t)
            k += 1
        start = k
        values = []
        while k < n and _is_value(tokens[k]) and len(values) < len(names):
            values.append(tokens[k])
            k += 1
        # a run longer than one row: the longest prefix whose values suit their columns
        aligned, used = _longest_fit(values, names)
        if used < len(values) and (k == n or not _is_value(tokens[k])) and \
                any(_PERCENT.match(t.key) for t in values):
            # the run is one row (a label follows) and its 执行率 places every value: a 得分
            # above its 分值 is then the form's error, not a sign of the next row
            whole = _align(values, names, lenient=True)
            if whole is not None:
                aligned, used = whole, len(values)
        if aligned is None and values:
            return k
        k = start + used
        values = values[:used]
        if labels:
            label = Token(" ".join(t.text for t in labels), labels[0].start, labels[-1].end)
        elif pending:
            label = pending.pop(0)
        else:
            label = None
        if label is not None and _PART_START.match(label.key):
            part = True
        if label is None and not values:
            return k
        form.funds.append(FormRow("funds", label.text if label else "",
                                  (label.start, label.end) if label else None,
                                  {name: _as_cell(t) for name, t in (aligned or {}).items()},
                                  _funds_role(label, part)))
        form.end = max(form.end, (values[-1] if values else label).end)
    return k


def _flat_indicators(tokens, k, names, form: Form) -> int:
    """Rows of a flattened indicator block end with their 分值 and 得分: a run of plain
    numbers whose last two are the pair (a text token follows or the line ends)."""
    n = len(tokens)
    has_weight = "weight" in names
    row: list[Token] = []
    while k < n:
        t = tokens[k]
        if _header_name(t.text, _FUNDS_HEADERS) in ("initial", "budget", "executed"):
            return k       # the next form's funds header
        row.append(t)
        k += 1
        nxt = tokens[k] if k < n else None
        if _PLAIN.match(t.key) and (nxt is None or not _PLAIN.match(nxt.key)):
            if _TOTAL_SCORE_LABEL.match(row[0].key):
                nums = [x for x in row[1:] if _PLAIN.match(x.key)]
                if has_weight and len(nums) >= 2:
                    form.total_weight, form.total_score = _as_cell(nums[-2]), _as_cell(nums[-1])
                elif nums:
                    form.total_score = _as_cell(nums[-1])
                row = []
                continue
            nums = 0
            while nums < len(row) and _PLAIN.match(row[len(row) - 1 - nums].key):
                nums += 1
            tail = None
            if has_weight and nums == 4 and len(row) > 4:
                # 10 10 100 98.62: the row's (分值, 得分) and a pair printed without its label
                # (the 总分 of a sheet whose label column came out elsewhere)
                row, tail = row[:-2], row[-2:]
            item = _indicator_item(row, has_weight)
            if item is not None:
                labels, cells = item
                cells.pop("reason", None)
                _set_levels(labels, {}, cells)
                form.indicators.append(FormRow("indicators", labels[-1].text if labels else "",
                                               (labels[-1].start, labels[-1].end) if labels else None,
                                               cells, "item"))
                form.end = max(form.end, t.end)
                if tail is not None:
                    form.indicators.append(FormRow("indicators", "", None,
                                                   {"weight": _as_cell(tail[0]), "score": _as_cell(tail[1])},
                                                   "item"))
            row = []
    return k


def _flat_pairs(tokens, k, form: Form) -> int:
    """Indicator rows of a form whose cells lost their order: every run of plain numbers
    ends with a (分值, 得分) pair (0 < 得分 ≤ 分值 ≤ 100)."""
    n = len(tokens)
    run: list[Token] = []
    while k <= n:
        t = tokens[k] if k < n else None
        if t is not None and _PLAIN.match(t.key):
            run.append(t)
        else:
            # from the run's end, as many pairs as are valid: `10 9 100 94` is two rows
            pairs = []
            while len(run) >= 2:
                w, sc = float(run[-2].key), float(run[-1].key)
                if not (0 < w <= 100 and 0 <= sc <= w):
                    break
                pairs.append((run[-2], run[-1]))
                run = run[:-2]
            for wt, st in reversed(pairs):
                form.indicators.append(FormRow("indicators", "", None,
                                               {"weight": _as_cell(wt), "score": _as_cell(st)}, "item"))
                form.end = max(form.end, st.end)
            run = []
        k += 1
    return n


def _finish(form: Form) -> None:
    """A 总分 printed without its label (cells of a sheet read out of order): the pair
    (分值, 得分) among the indicator rows whose 分值 is the sum of all the others'."""
    if form.total_score is not None or len(form.indicators) < 3:
        return
    rows = [r for r in form.indicators if "weight" in r.cells and "score" in r.cells]
    weights = []
    for r in rows:
        try:
            weights.append(float(r.cells["weight"].text))
        except ValueError:
            return
    funds_weight = 0.0
    for r in form.funds:
        if r.role == "total" and "weight" in r.cells:
            try:
                funds_weight = float(r.cells["weight"].text)
            except ValueError:
                pass
    total = sum(weights) + funds_weight
    for r, w in zip(rows, weights):
        if w >= 50 and abs((total - w) - w) < 1e-9:
            form.total_weight, form.total_score = r.cells["weight"], r.cells["score"]
            form.indicators.remove(r)
            return
    # the last pair, when its 分值 is near what all the others make (no indicator weighs
    # 80 % of the rest of the form): the 总分, even where it no longer adds up
    w = weights[-1] if rows and rows[-1] is form.indicators[-1] else 0
    if w >= 50 and w >= 0.8 * (total - w) and len(rows) >= 4:
        form.total_weight, form.total_score = rows[-1].cells["weight"], rows[-1].cells["score"]
        form.indicators.remove(rows[-1])


# ---------------------------------------------------------------- one cell per line

def cell_per_line_rows(table) -> list[list[Cell]] | None:
    """A table exported one cell per line (every row one cell): regrouped into its rows
    when the layout proves itself — header cells up to the first row number ``1``, then
    whole rows of that width each opening with the next number (1, 2, 3 …).  Stops at the
    first chunk that breaks the pattern (a merged cell, a cut-off page); None when fewer
    than two rows hold."""
    cells = [r[0] for r in table.rows if len(r) == 1]
    if len(cells) != len(table.rows) or not cells:
        return None
    try:
        width = next(k for k, c in enumerate(cells) if c.text.strip() == "1")
    except StopIteration:
        return None
    if width < 3 or any(_PLAIN.match(c.text.strip()) for c in cells[:width]):
        return None
    out = [cells[:width]]
    k = width
    while k + width <= len(cells) and cells[k].text.strip() == str(len(out)):
        # a row holds only when the next one opens right after it (or the table ends):
        # a missing or merged cell shifts every number after it
        if k + width < len(cells) and cells[k + width].text.strip() != str(len(out) + 1):
            break
        out.append(cells[k:k + width])
        k += width
    return out if len(out) >= 3 else None


def _cell_per_line_indicators(rows: list[list[Token]]) -> Form | None:
    """The indicator block of a form exported one cell per line, its empty cells partly
    lost (so no grid): read by position from each row's labels.  A row opens with its
    一级/二级 labels where printed (merged cells print once) and its 三级 label, then takes
    exactly the header's columns from 三级指标 up to 得分; the reason column is not read.
    Every row must prove itself (分值 and 得分 plain numbers, 得分 ≤ 分值, no label among
    the values); the first that does not ends the block, as does a row cut off by the end
    of the table (counted in ``unread_rows`` unless it is the table's end)."""
    if sum(len(r) == 1 for r in rows) < 0.6 * len(rows):
        return None
    cells = [t for r in rows for t in r if t.text.strip()]
    h = next((k for k, t in enumerate(cells) if _header_name(t.text, _IND_HEADERS) == "level1"), None)
    if h is None:
        return None
    names = []
    k = h
    while k < len(cells) and (name := _header_name(cells[k].text, _IND_HEADERS)) and name not in names:
        names.append(name)
        k += 1
    if not {"level3", "weight", "score"} <= set(names) or names[:3] != ["level1", "level2", "level3"]:
        return None
    span = names[names.index("level3") + 1:names.index("score") + 1]    # the values after 三级
    if not {"target", "actual"} <= set(span) or "reason" in span:
        return None
    form = Form("unknown", cells[h].start, cells[k - 1].end)

    def read_row(k):
        labels = []
        for pat in (_LEVEL1, _LEVEL2):
            if k < len(cells) and pat.search(cells[k].key) and not _is_value(cells[k]):
                labels.append(cells[k])
                k += 1
        if k + len(span) >= len(cells):
            return None
        label, vals = cells[k], cells[k + 1:k + 1 + len(span)]
        row = dict(zip(span, vals))
        w, sc = _number(row["weight"]), _number(row["score"])
        if _is_value(label) or not _PLAIN.match(row["weight"].key) or not _PLAIN.match(row["score"].key) \
                or w is None or sc is None or sc > w \
                or any(_LEVEL1.match(v.key) or _LEVEL2.search(v.key) or _TOTAL_SCORE_LABEL.match(v.key)
                       for v in vals):
            return None
        return labels + [label], row, k + 1 + len(span)

    while k < len(cells):
        if _TOTAL_SCORE_LABEL.match(cells[k].key):
            nums = [t for t in cells[k + 1:k + 3] if _PLAIN.match(t.key)]
            if len(nums) == 2:
                form.total_weight, form.total_score = _as_cell(nums[0]), _as_cell(nums[1])
            break
        if k + len(span) >= len(cells):
            break       # the table ends inside this row
        got = read_row(k)
        if got is None and form.indicators and not _is_value(cells[k]) \
                and not (_LEVEL1.match(cells[k].key) or _LEVEL2.search(cells[k].key)):
            got = read_row(k + 1)       # the previous row's reason, then the next row
            if got is not None:
                form.indicators[-1].cells["reason"] = _as_cell(cells[k])
        if got is None:
            if k + 1 + len(span) < len(cells):
                form.unread_rows += 1
            break
        labels, row, k = got
        cellmap = {n: _as_cell(t) for n, t in row.items()}
        _set_levels(labels, {}, cellmap)
        form.indicators.append(FormRow("indicators", labels[-1].text, (labels[-1].start, labels[-1].end),
                                       cellmap, "item"))
        form.end = max(form.end, row["score"].end)
    return form if len(form.indicators) >= 3 else None


# ---------------------------------------------------------------- values of cells

_CELL_NUMBER = re.compile(r"^(?P<bound>[≥≤<>=≧≦]=?)?\s*(?P<num>-?\d[\d,]*(?:\.\d+)?)\s*"
                          r"(?P<unit>%|万元|亿元|元|万|[\p{Han}]{1,3}(?:/[\p{Han}]{1,2})*)?$")


@dataclass(frozen=True)
class CellNumber:
    """A number printed in a form cell: its value, printed decimals and unit."""
    value: Decimal
    decimals: int
    unit: str
    bound: str

    @property
    def fraction(self) -> Decimal:
        """A rate as a fraction of 1 (``86%`` -> 0.86; ``0.86`` stays)."""
        return self.value / 100 if self.unit == "%" else self.value


def cell_number(cell: Cell | None) -> CellNumber | None:
    """The number a cell prints (``3359.62万``, ``86%``, ``≥95%``, ``10``), or None."""
    from decimal import Decimal, InvalidOperation
    if cell is None:
        return None
    m = _CELL_NUMBER.match(cell.text.replace(" ", ""))
    if not m:
        return None
    raw = m.group("num").replace(",", "")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None
    decimals = len(raw.split(".", 1)[1]) if "." in raw else 0
    bound = (m.group("bound") or "").replace("≧", "≥").replace("≦", "≤").replace(">=", "≥").replace("<=", "≤")
    return CellNumber(value, decimals, m.group("unit") or "", bound[:1])


# ---------------------------------------------------------------- glued funds rows (OCR)

# a funds row whose cells lost every separator, after a header naming 预算数(A), 执行数(B),
# 分值, 执行率, 得分 in that order: 310.2154.741050%5 = 310.2 | 154.74 | 10 | 50% | 5
_GLUED_ROW = re.compile(r"(?<![\d.])(?P<run>\d[\d.]{7,40}?)%(?P<s>\d{1,2}(?:\.\d{1,2})?)(?![\d.%])")
_GLUED_ORDER = re.compile(r"预算数.{0,16}?执行数.{0,16}?分值.{0,12}?执行率.{0,16}?得分")
_GLUED_PART = re.compile(r"(?:[1-9]\d*|0)(?:\.\d{1,2})?")


@dataclass
class GluedRow:
    """``run`` (A, B, 分值 and 执行率 without separators) and every split of it into four
    well-formed numbers with 0 < 分值 ≤ 30, 得分 ≤ 分值 and 执行率 ≤ 200."""
    start: int
    end: int                      # just after the %
    score: str
    readings: list[tuple[str, str, str, str]]


def glued_rows(doc: Document) -> list[GluedRow]:
    text = doc.text
    out = []
    for m in _GLUED_ROW.finditer(text):
        if not _GLUED_ORDER.search(text, max(0, m.start() - 160), m.start()):
            continue
        run, score = m.group("run"), Decimal(m.group("s"))
        readings = []
        for i in range(1, len(run)):
            for j in range(i + 1, len(run)):
                for k in range(j + 1, min(j + 3, len(run))):
                    parts = (run[:i], run[i:j], run[j:k], run[k:])
                    if not all(_GLUED_PART.fullmatch(x) for x in parts) or not re.fullmatch(r"[1-9]\d?", parts[2]):
                        continue
                    w = Decimal(parts[2])
                    if w > 30 or score > w or Decimal(parts[3]) > 200:
                        continue
                    readings.append(parts)
        out.append(GluedRow(m.start("run"), m.end("run") + 1, m.group("s"), readings))
    return out
