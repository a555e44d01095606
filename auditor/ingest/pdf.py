""".pdf reading through pdfplumber: per page, ruled tables as TAB rows and the
text around them as lines, in reading order (top to bottom).

* A table (found from its ruling lines) prints one row per line on its grid:
  cells joined by TAB, a merged or empty cell as an empty field, trailing empty
  fields dropped but at least one TAB kept.  A cell's text wrapped over several
  lines is joined back: nothing where either side is Chinese (a wrapped
  ``≥50000人`` stays whole) or both sides are digits (``789592006`` broken
  inside the number), a space between two Latin words.
* Text outside tables prints line by line, as pdfplumber groups characters into
  lines (words farther apart than 3 pt get a space).
* A page number alone on the first or last line of a page (``- 3 -``,
  ``第 3 页``, ``3/10``) is left out: the page is in ``locations``.
* Pages are separated by a blank line, except where a table runs on across
  the page break (the page ends in a table and the next begins with a table of
  as many columns): its rows then stay one table.
* ``locations``: each page ``第N页``; each table ``第N页 表K`` and each
  non-empty cell ``第N页 表K 第r行第c列`` (K counts the tables of that page;
  r, c are 1-based on the table's grid).

A PDF whose pages carry no text (a scan) is refused with a one-line error
asking for OCR; so is one whose text layer does not decode (fonts without a
Unicode map give ``(cid:NN)``), and an encrypted one.
"""
from __future__ import annotations

import io
import re

from .docx import trim_row
from .errors import IngestError

_CID = re.compile(r"\(cid:\d+\)")
_NUMERIC = re.compile(r"[0-9.,%/]")
_HAN = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")

SCANNED = ("PDF 没有文字层，是扫描件，需先 OCR（文字识别）再检查 / PDF has no text layer: it is a "
           "scanned document and needs OCR first")
ENCRYPTED = "PDF 已加密，无法读取（请提供未加密的文件）/ PDF is encrypted: provide an unencrypted copy"


def read_pdf(data: bytes, max_chars: int = 2_000_000) -> tuple[str, list[tuple[int, int, str]]]:
    if b"%PDF-" not in data[:1024]:
        raise IngestError("不是有效的 PDF（缺少 %PDF 文件头）/ not a valid PDF (no %PDF header)")
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise IngestError(ENCRYPTED) from None
    except Exception as e:
        cause = e.__cause__ or e.__context__ or e
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)) or \
                "password" in type(cause).__name__.lower():
            raise IngestError(ENCRYPTED) from None
        raise IngestError(f"PDF 损坏，无法解析 / corrupt PDF: {type(cause).__name__}: {str(cause)[:160]}") \
            from None
    lines: list[str] = []
    locations: list[tuple[int, int, str]] = []
    pos = 0

    def add(line: str) -> int:
        nonlocal pos
        start = pos
        lines.append(line)
        pos += len(line) + 1
        if pos > max_chars:
            raise IngestError(f"文字过多（超过 {max_chars} 字符）/ too much text (more than {max_chars} "
                              f"characters)")
        return start

    try:
        try:
            pages = pdf.pages
        except Exception as e:
            raise IngestError(f"PDF 损坏，无法解析 / corrupt PDF: {type(e).__name__}: {str(e)[:160]}") \
                from None
        last_table_cols = None     # columns of the table that ended the previous page
        for n, page in enumerate(pages, 1):
            blocks = _page_blocks(page)
            # a table running on across the page break stays one table: no blank line
            # when the page ends in a table and the next starts with one of as many columns
            runs_on = (last_table_cols is not None and blocks and blocks[0][0] == "table"
                       and len(blocks[0][1][1][0]) == last_table_cols)
            if n > 1 and not runs_on:
                add("")
            page_start = pos
            last_table_cols = None
            for kind, payload in blocks:
                if kind == "line":
                    add(payload)
                    last_table_cols = None
                    continue
                k, rows = payload
                last_table_cols = len(rows[0])
                table_start = pos
                for r, cells in enumerate(rows, 1):
                    fields = trim_row([_cell_text(c) for c in cells])
                    start = add("\t".join(fields))
                    p = start
                    for c, text in enumerate(fields, 1):
                        if text:
                            locations.append((p, p + len(text), f"第{n}页 表{k} 第{r}行第{c}列"))
                        p += len(text) + 1
                if pos > table_start:
                    locations.append((table_start, pos - 1, f"第{n}页 表{k}"))
            if pos > page_start:
                locations.append((page_start, max(pos - 1, page_start), f"第{n}页"))
            try:
                page.close()      # frees the page's parsed objects
            except Exception:
                pass
    finally:
        pdf.close()
    text = "\n".join(lines)
    if not text.strip():
        raise IngestError(SCANNED)
    cids = len(_CID.findall(text))
    if cids and cids * 6 > len(text.replace(" ", "")) * 0.3:
        raise IngestError("PDF 文字层无法解码（字体缺少 Unicode 映射），需先 OCR / PDF text layer cannot be "
                          "decoded (fonts without a Unicode map): run OCR first")
    return text, locations


# a page number alone on the first or last line of a page: "- 3 -", "第 3 页", "3/10",
# "第3页 共10页", "3"; dropped (the page is in ``locations`` as 第N页), so it neither splits
# a table running on across the page break nor reads as a quantity
_PAGE_NUMBER = re.compile(r"^\s*[-—–－]?\s*(?:第\s*)?\d{1,4}\s*页?\s*(?:(?:[/／]|共)\s*\d{1,4}\s*页?)?"
                          r"\s*[-—–－]?\s*$")


def _page_blocks(page):
    """("line", text) and ("table", (K, rows)) blocks of one page, top to bottom."""
    try:
        tables = page.find_tables()
    except Exception:
        tables = []
    blocks = []
    boxes = []
    k = 0
    for t in sorted(tables, key=lambda t: (round(t.bbox[1]), t.bbox[0])):
        rows = t.extract()
        if not rows:
            continue
        k += 1
        boxes.append(t.bbox)
        blocks.append((t.bbox[1], 0, "table", (k, rows)))

    def outside(obj) -> bool:
        if "x0" not in obj or "top" not in obj:
            return True
        cx = (obj["x0"] + obj["x1"]) / 2
        cy = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    rest = page.filter(outside) if boxes else page
    for line in rest.extract_text_lines(return_chars=True):
        text = _line_text(line)
        if text.strip():
            blocks.append((line["top"], 1, "line", text))
    blocks.sort(key=lambda b: (b[0], b[1]))
    out = [(kind, payload) for _, _, kind, payload in blocks]
    while out and out[-1][0] == "line" and _PAGE_NUMBER.match(out[-1][1]):
        out.pop()
    while out and out[0][0] == "line" and _PAGE_NUMBER.match(out[0][1]):
        out.pop(0)
    return out


def _line_text(line) -> str:
    """A text line rebuilt from its characters: a gap of two character widths or more is a
    column gap (text set on tab stops, a table without ruling lines) and becomes a TAB, so
    the document model reads the line as a table row; a smaller gap is a space."""
    chars = line.get("chars")
    if not chars:
        return line["text"]
    out = []
    prev = None
    for ch in chars:
        c = ch.get("text", "")
        if prev is not None:
            size = max(float(prev.get("size") or 0), float(ch.get("size") or 0), 1.0)
            gap = float(ch["x0"]) - float(prev["x1"])
            if gap >= 2 * size:
                out.append("\t")
            elif gap >= 0.25 * size and not c.isspace() and out and not out[-1].isspace():
                out.append(" ")
        if c.isspace() and out and out[-1] in " \t":
            prev = ch
            continue
        out.append(c)
        prev = ch
    return "".join(out).strip(" ")


def _cell_text(cell) -> str:
    if not cell:
        return ""
    parts = [p.strip() for p in cell.replace("\t", " ").split("\n")]
    out = ""
    for part in parts:
        if not part:
            continue
        if out and not (_HAN.match(out[-1]) or _HAN.match(part[0])
                        or _NUMERIC.match(out[-1]) and _NUMERIC.match(part[0])):
            out += " "
        out += part
    return out
