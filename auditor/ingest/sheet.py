"""Spreadsheets (.xlsx through openpyxl, .xls/.et through python-calamine) as text.

Each sheet starts with a line ``工作表：NAME``; then one line per row, cells
joined by TAB on the sheet's grid (column A is the first field), trailing empty
cells dropped and inner ones kept as empty fields; a row with one cell keeps a
trailing TAB so it stays a table line.  Runs of empty rows become one blank
line.  A merged range prints its value once (in its top-left cell; the other
cells of the range are empty in the file).

Values are printed as the sheet shows them, as far as the file says how:
formulas give their cached result (``data_only``), integers print without
``.0``, and in .xlsx the cell's number format is applied for percentages
(0.86 under ``0%`` prints ``86%``), fixed decimals (``0.00``), thousands
separators (``#,##0``) and literal units (``0.00"万元"``).  In a .xls file the
values come from python-calamine and their number formats from xlrd (which
reads the BIFF formatting records calamine does not expose); without xlrd, or
when it cannot read the file, a .xls percentage prints as its fraction.

``locations``: the sheet's lines ``Sheet1``, every non-empty cell ``Sheet1!D7``
(a sheet name with spaces or punctuation is quoted: ``'My sheet'!D7``).
"""
from __future__ import annotations

import datetime as dt
import io
import math
import re
from decimal import ROUND_HALF_UP, Decimal

from .docx import check_zip
from .errors import IngestError

MAX_SHEET_XML = 256 * 1024 * 1024


class _Sink:
    def __init__(self, max_chars: int):
        self.lines: list[str] = []
        self.locations: list[tuple[int, int, str]] = []
        self.pos = 0
        self.max_chars = max_chars

    def add(self, line: str) -> int:
        start = self.pos
        self.lines.append(line)
        self.pos += len(line) + 1
        if self.pos > self.max_chars:
            raise IngestError(f"文字过多（超过 {self.max_chars} 字符）/ too much text "
                              f"(more than {self.max_chars} characters)")
        return start


def _column_letter(c: int) -> str:
    s = ""
    while c:
        c, rem = divmod(c - 1, 26)
        s = chr(65 + rem) + s
    return s


def _sheet_ref(name: str) -> str:
    if re.fullmatch(r"[\w.]+", name):
        return name
    return "'" + name.replace("'", "''") + "'"


def _emit_sheet(sink: _Sink, name: str, hidden: bool, rows) -> None:
    """``rows``: iterable of (row number, list of printed cell values from column A)."""
    header = f"工作表：{name}" + ("（隐藏）" if hidden else "")
    if sink.lines and sink.lines[-1] != "":
        sink.add("")
    sheet_start = sink.add(header)
    ref = _sheet_ref(name)
    blank = False
    for r, cells in rows:
        n = len(cells)
        while n and not cells[n - 1]:
            n -= 1
        if n == 0:
            blank = True
            continue
        if blank:
            sink.add("")
            blank = False
        fields = list(cells[:n])
        if len(fields) < 2:
            fields.append("")
        start = sink.add("\t".join(fields))
        pos = start
        for c, text in enumerate(fields, 1):
            if text:
                sink.locations.append((pos, pos + len(text), f"{ref}!{_column_letter(c)}{r}"))
            pos += len(text) + 1
    sink.locations.append((sheet_start, sink.pos - 1, name))
    sink.add("")


def _clean(s: str) -> str:
    if "\n" in s or "\t" in s or "\r" in s:
        s = " ".join(s.split())
    return s.strip()


# ----------------------------------------------------------------------------- number formats

_QUOTED = re.compile(r'"([^"]*)"|\\(.)|_.|\*.|\[[^\]]*\]')


def _sections(fmt: str) -> list[str]:
    parts, cur, q = [], "", False
    for ch in fmt:
        if ch == '"':
            q = not q
        if ch == ";" and not q:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return parts


def format_number(value, number_format: str | None) -> str:
    """``value`` printed as a spreadsheet shows it under ``number_format`` (the common formats)."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return _format_date(value, number_format or "")
    if isinstance(value, dt.timedelta):
        return str(value)
    if not isinstance(value, (int, float)):
        return _clean(str(value))
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    fmt = (number_format or "General").strip()
    if fmt.lower() in ("general", "@", "") or "E+" in fmt.upper() or "?" in fmt:
        return general(value)
    parts = _sections(fmt)
    if value < 0 and len(parts) > 1 and parts[1]:
        sec, v = parts[1], abs(value)     # the negative section carries its own sign or brackets
    else:
        sec, v = parts[0], value
    # literal text around the number: "万元", \元, and padding/colour codes dropped
    literal_before, literal_after, number_part, seen_number = "", "", "", False
    i = 0
    while i < len(sec):
        m = _QUOTED.match(sec, i)
        if m:
            lit = m.group(1) if m.group(1) is not None else (m.group(2) or "")
            if seen_number:
                literal_after += lit
            else:
                literal_before += lit
            i = m.end()
            continue
        ch = sec[i]
        if ch in "0#,.%":
            if not literal_after or ch == "%":
                number_part += ch
                seen_number = True
        elif ch in "()-+ ¥$€£元万亿":
            if seen_number:
                literal_after += ch
            else:
                literal_before += ch
        i += 1
    if not number_part.strip("%"):
        return general(value)
    percent = number_part.count("%")
    v = v * (100 ** percent)
    body = number_part.replace("%", "")
    # trailing commas scale by 1000 each (#,##0,): rare in reports; honour them
    while body.endswith(","):
        v /= 1000
        body = body[:-1]
    decimals = len(body.split(".", 1)[1]) if "." in body else 0
    thousands = "," in body
    # Excel rounds half away from zero at 15 significant digits, not the binary value half-even
    q = Decimal(format(v, ".15g")).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if q == 0:
        q = abs(q)
    text = f"{q:,.{decimals}f}" if thousands else f"{q:.{decimals}f}"
    return literal_before + text + "%" * percent + literal_after


def general(value) -> str:
    """A number as the General format shows it: integers without ``.0``, no float noise."""
    if isinstance(value, int):
        return str(value)
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    text = format(value, ".15g")
    if "e" in text and 1e-6 <= abs(value) < 1e15:
        text = f"{value:.15f}".rstrip("0").rstrip(".")
    return text


def _format_date(value, fmt: str) -> str:
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S") if value.second else value.strftime("%H:%M")
    d = value
    if "年" in fmt or "月" in fmt:
        out = f"{d.year}年{d.month}月"
        if "日" in fmt or "d" in fmt.lower():
            out += f"{d.day}日"
        return out
    if isinstance(d, dt.datetime):
        if (d.hour, d.minute, d.second) == (0, 0, 0) and "h" not in fmt.lower():
            return d.date().isoformat()
        return d.isoformat(sep=" ")
    return d.isoformat()


# ----------------------------------------------------------------------------- readers

def read_xlsx(data: bytes, max_chars: int) -> tuple[str, list[tuple[int, int, str]]]:
    check_zip(data, ".xlsx", "xl/workbook.xml", max_part=MAX_SHEET_XML)
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, KeyError) as e:
        raise IngestError(f"不是有效的 .xlsx / not a valid .xlsx: {str(e)[:160]}") from None
    sink = _Sink(max_chars)
    try:
        for ws in wb.worksheets:
            hidden = getattr(ws, "sheet_state", "visible") != "visible"
            if hasattr(ws, "reset_dimensions"):
                ws.reset_dimensions()     # the stored dimension may be wrong; read what is there
            _emit_sheet(sink, ws.title, hidden, _xlsx_rows(ws))
    finally:
        wb.close()
    return "\n".join(sink.lines), sink.locations


def _xlsx_rows(ws):
    for r, row in enumerate(ws.iter_rows(), 1):
        cells: list[str] = []
        for cell in row:
            col = getattr(cell, "column", None)
            value = getattr(cell, "value", None)
            if col is None or value is None:
                continue
            text = format_number(value, getattr(cell, "number_format", None)) \
                if not isinstance(value, str) else _clean(value)
            if not text:
                continue
            if col > len(cells):
                cells.extend([""] * (col - len(cells)))
            cells[col - 1] = text
        yield r, cells


def read_xls(data: bytes, max_chars: int, what: str = ".xls") -> tuple[str, list[tuple[int, int, str]]]:
    try:
        import python_calamine as pc
    except ImportError:  # pragma: no cover - a dependency
        raise IngestError("缺少 python-calamine，无法读取 .xls / python-calamine is not installed") from None
    password_error = getattr(pc, "PasswordError", ())
    try:
        wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except password_error:
        raise IngestError(f"{what} 文件已加密，无法读取 / {what} file is password-protected") from None
    except Exception as e:
        raise IngestError(f"不是有效的 {what}（无法解析）/ not a valid {what}: "
                          f"{type(e).__name__}: {str(e)[:160]}") from None
    sink = _Sink(max_chars)
    formats = _xls_formats(data)
    try:
        meta = {m.name: m for m in wb.sheets_metadata}
        for name in wb.sheet_names:
            m = meta.get(name)
            if m is not None and getattr(m, "typ", None) is not None and "Work" not in str(m.typ):
                continue    # chart sheets and macro sheets hold no cells
            hidden = m is not None and "Visible" not in str(getattr(m, "visible", "Visible"))
            sheet = wb.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)
            fmt = formats(name) if formats else None
            _emit_sheet(sink, name, hidden,
                        ((r, [_xls_text(v, fmt, r - 1, c) for c, v in enumerate(row)])
                         for r, row in enumerate(rows, 1)))
    finally:
        try:
            wb.close()
        except Exception:
            pass
    return "\n".join(sink.lines), sink.locations


def _xls_text(v, fmt=None, r: int = 0, c: int = 0) -> str:
    if v is None or v == "":
        return ""
    if isinstance(v, str):
        return _clean(v)
    if fmt is not None and isinstance(v, (int, float)) and not isinstance(v, bool):
        return format_number(v, fmt(r, c))
    return format_number(v, None)


def _xls_formats(data: bytes):
    """name -> (row, col -> number format) from xlrd (BSD), which reads the BIFF
    formatting records python-calamine does not expose; None without xlrd or when
    xlrd cannot read the file (the values then print in the General format)."""
    try:
        import xlrd
    except ImportError:
        return None
    import os
    try:
        with open(os.devnull, "w") as devnull:
            book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True,
                                      logfile=devnull, verbosity=0)
    except Exception:
        return None

    def for_sheet(name: str):
        try:
            sheet = book.sheet_by_name(name)
        except Exception:
            return None

        def fmt(r: int, c: int) -> str | None:
            try:
                xf = book.xf_list[sheet.cell_xf_index(r, c)]
                return book.format_map[xf.format_key].format_str
            except Exception:
                return None
        return fmt
    return for_sheet


def read_csv(text: str, max_chars: int) -> tuple[str, list[tuple[int, int, str]]]:
    """A decoded .csv as one sheet (``第r行第c列`` locations; comma, semicolon or TAB)."""
    import csv
    sample = text[:20000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    sink = _Sink(max_chars)
    blank = False
    for r, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1):
        cells = [_clean(c) for c in row]
        n = len(cells)
        while n and not cells[n - 1]:
            n -= 1
        if n == 0:
            blank = True
            continue
        if blank and sink.lines:
            sink.add("")
        blank = False
        fields = cells[:n] + [""] * max(0, 2 - n)
        pos = sink.add("\t".join(fields))
        for c, t in enumerate(fields, 1):
            if t:
                sink.locations.append((pos, pos + len(t), f"第{r}行第{c}列"))
            pos += len(t) + 1
    return "\n".join(sink.lines), sink.locations
