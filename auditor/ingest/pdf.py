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
        page_blocks = []
        for page in pages:
            page_blocks.append(_page_blocks(page))
            try:
                page.close()      # frees the page's parsed objects
            except Exception:
                pass
        grid = _tab_grid([b[1] for blocks in page_blocks for b in blocks if b[0] == "line"])
        last_table_cols = None     # columns of the table that ended the previous page
        for n, blocks in enumerate(page_blocks, 1):
            blocks = _page_lines(blocks, grid)
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
        chars = [(ch.get("text", ""), float(ch["x0"]), float(ch["x1"]), float(ch.get("size") or 0))
                 for ch in line.get("chars") or ()]
        if not chars:
            if line["text"].strip():
                blocks.append((line["top"], 1, "line", [(line["text"], float(line["x0"]),
                                                         float(line["x1"]), 0.0)]))
            continue
        if "".join(c[0] for c in chars).strip():
            blocks.append((line["top"], 1, "line", chars))
    blocks.sort(key=lambda b: (b[0], b[1]))
    out = [(kind, payload) for _, _, kind, payload in blocks]
    while out and out[-1][0] == "line" and _PAGE_NUMBER.match(_plain(out[-1][1])):
        out.pop()
    while out and out[0][0] == "line" and _PAGE_NUMBER.match(_plain(out[0][1])):
        out.pop(0)
    return out


def _plain(chars) -> str:
    return "".join(c[0] for c in chars)


class _Grid:
    """Regular tab stops: ``origin + k * step`` (k ≥ 1), found from the document's wide gaps."""

    def __init__(self, origin: float, step: float, space: float):
        self.origin, self.step, self.space = origin, step, space

    def index(self, x: float) -> int:
        """k when ``x`` lies on the k-th stop (within half a point), else 0."""
        k = round((x - self.origin) / self.step)
        return k if k >= 1 and abs(x - self.origin - k * self.step) <= _ON_STOP else 0

    def crossed(self, x0: float, x1: float) -> int:
        """How many stops lie after ``x0`` and up to ``x1`` (TABs that jump from x0 to x1)."""
        first = int((x0 - self.origin) / self.step + 1e-6) + 1
        last = round((x1 - self.origin) / self.step)
        return max(last - first + 1, 1)


_ON_STOP = 0.5          # points: how far a cell start may lie from its tab stop
_STRONG = 2.0           # a gap of two character widths is a column gap anywhere
_ON_GRID_GAP = 1.0      # a gap of one character width is one when it ends on a tab stop
_MIN_GAP = 0.05         # smaller gaps are letter spacing, never a cell boundary


def _visible(chars):
    return [c for c in chars if c[0] and not c[0].isspace()]


def _tab_grid(lines) -> _Grid | None:
    """Text typed with TABs and rendered on the default tab stops (a .txt or Word text
    printed to PDF: TABs become horizontal gaps) puts its cells on a regular lattice
    ``margin + k * step``.  Found from the gaps wider than a character: the lattice is
    accepted only if it holds at least 80 % of their ends, at three stops or more and
    six ends or more; ordinary prose (justified lines, wide spaces) has its rare wide
    gaps at random places and gets no lattice."""
    lefts: dict[float, int] = {}
    starts: list[float] = []
    sizes: list[float] = []
    spaces: dict[float, int] = {}
    for chars in lines:
        vis = _visible(chars)
        if not vis:
            continue
        x = round(vis[0][1] * 2) / 2
        lefts[x] = lefts.get(x, 0) + 1
        for a, b in zip(vis, vis[1:]):
            size = max(a[3], b[3], 1.0)
            sizes.append(size)
            if b[1] - a[2] >= _ON_GRID_GAP * size:
                starts.append(b[1])
            elif 0.25 * size <= b[1] - a[2] < 0.8 * size:
                g = round(b[1] - a[2], 1)
                spaces[g] = spaces.get(g, 0) + 1
    if len(starts) < 6 or not lefts:
        return None
    origin = max(lefts.items(), key=lambda kv: (kv[1], -kv[0]))[0]
    near = [vis[0][1] for vis in map(_visible, lines) if vis and abs(vis[0][1] - origin) <= 0.5]
    origin = sum(near) / len(near)
    sizes.sort()
    size = sizes[len(sizes) // 2]
    us = [x - origin for x in starts if x - origin > size]
    if len(us) < 6:
        return None
    best = None
    for u in sorted(set(round(u, 1) for u in us))[:12]:
        for k in range(1, 7):
            step = u / k
            if step < 1.5 * size or step > 100:
                continue
            on = [round(v / step) for v in us if abs(v - round(v / step) * step) <= _ON_STOP]
            key = (len(on), step)
            if len(on) >= 0.8 * len(us) and len(set(on)) >= 3 and (best is None or key > best[0]):
                best = (key, step)
    if best is None:
        return None
    # refined by least squares over the ends on the lattice (the error grows with k)
    step = best[1]
    pairs = [(v, round(v / step)) for v in us if abs(v - round(v / step) * step) <= _ON_STOP]
    step = sum(v * k for v, k in pairs) / sum(k * k for _, k in pairs)
    space = max(spaces.items(), key=lambda kv: kv[1])[0] if spaces else -1.0
    return _Grid(origin, step, space)


def _line_cells(chars, grid: _Grid | None):
    """A text line rebuilt from its characters: (text, is_row, leading stop, first cell's
    right edge).  A gap of two character widths or more is a column gap (text set on tab
    stops, a table without ruling lines) and becomes a TAB, as does a gap of one
    character ending on a stop of the document's tab grid; in such a row a smaller gap
    ending exactly on a stop is a TAB too (a cell that nearly filled its column); with a
    grid, a gap becomes as many TABs as the stops it crosses (an empty cell), and a row
    starting on a stop gets as many leading TABs.  A smaller gap is a space."""
    vis = _visible(chars)
    if not vis:
        return "", False, 0, 0.0
    # the visible characters printed after a space character of the text layer
    spaced = set()
    seen_space = False
    for c in chars:
        if c[0] and not c[0].isspace():
            if seen_space:
                spaced.add(id(c))
            seen_space = False
        elif c[0]:
            seen_space = True
    kinds = []           # per gap: TAB count (>0), -1 space, 0 nothing
    strong = False
    for a, b in zip(vis, vis[1:]):
        size = max(a[3], b[3], 1.0)
        gap = b[1] - a[2]
        on = grid.index(b[1]) if grid else 0
        if gap >= _STRONG * size or (on and gap >= _ON_GRID_GAP * size):
            kinds.append(grid.crossed(a[2], b[1]) if on else 1)
            strong = True
        elif on and gap >= _MIN_GAP * size and abs(gap - grid.space) > 0.2:
            kinds.append(-2)       # a TAB if the line is a row (not a plain word space)
        elif gap >= 0.25 * size or id(b) in spaced:
            kinds.append(-1)
        else:
            kinds.append(0)
    lead = grid.index(vis[0][1]) if grid and strong else 0
    out = ["\t" * lead, vis[0][0]]
    first_end = None
    for (a, b), kind in zip(zip(vis, vis[1:]), kinds):
        if kind == -2:
            kind = grid.crossed(a[2], b[1]) if strong else -1
        if kind and first_end is None:
            first_end = a[2]
        if kind > 0:
            out.append("\t" * kind)
        elif kind == -1:
            out.append(" ")
        out.append(b[0])
    return "".join(out), strong, grid.index(vis[0][1]) if grid else 0, \
        first_end if first_end is not None else vis[-1][2]   # the first cell or word


def _page_lines(blocks, grid: _Grid | None):
    """("line", text) and ("table", (K, rows)) blocks: each line rebuilt from its
    characters (``_line_cells``), and a table row that the page's width wrapped onto the
    next line joined back.  A line continues a row (a line holding TABs) when the
    row ran up to the right edge and the next line's first cell would not have fit after
    it: the next line starts at the margin (a word or a Chinese character wrapped), or
    on the first tab stop (the TAB wrapped) and the joined row has no more fields than
    the other rows of its block (else it is a new row with an empty first cell).  A
    line joined at the margin is held to the same width: a row ending in a short last
    cell near the right edge (``…≥95%\t10``) is followed by a new row, not by its own
    wrapped text, when the join would make it wider than every other row."""
    # the right edge of the text: where lines end, punctuation hanging in the margin aside
    right = max((c[2] for kind, chars in blocks if kind == "line" for c in _visible(chars)
                 if c[0].isalnum()), default=0)
    out = []
    joins = []       # (index in out, where the join starts in it, separator, leading TABs, at a stop)
    prev = None      # (index in out, is_row, right end, size) of the previous line
    for kind, payload in blocks:
        if kind != "line":
            out.append((kind, payload))
            prev = None
            continue
        vis = _visible(payload)
        text, is_row, stop, first_end = _line_cells(payload, grid)
        if prev is not None and prev[1]:
            i, _, end, size = prev
            first_w = first_end - vis[0][1]
            if stop == 1 and grid:
                nxt = grid.origin + (int((end - grid.origin) / grid.step + 1e-6) + 1) * grid.step
                # (a cell that would end within a third of a character of the edge wraps too)
                if nxt + first_w > right - 0.3 * size:
                    joins.append((i, len(out[i][1]), "\t", text[:len(text) - len(text.lstrip("\t"))], True))
                    out[i] = ("line", out[i][1] + "\t" + text.lstrip("\t"))
                    prev = (i, True, vis[-1][2], size)
                    continue
            elif not stop and _at_margin(grid, vis[0][1]):
                ch = vis[0][0]
                w = (vis[0][2] - vis[0][1]) if _HAN.match(ch) else first_w
                if end + w > right - 0.3 * size and out[i][1][-1:] not in "。!！?？":
                    han = _HAN.match(ch) or _HAN.match(out[i][1][-1:])
                    sep = "" if han else " "
                    if "\t" in text:
                        joins.append((i, len(out[i][1]), sep, "", False))
                    out[i] = ("line", out[i][1] + sep + text)
                    prev = (i, True, vis[-1][2], size)
                    continue
        out.append(("line", text))
        prev = (len(out) - 1, is_row, vis[-1][2], max(c[3] for c in vis) or 1.0)
    # undo a join that made a row wider than every other row of its block: the row is
    # rebuilt from its joined pieces, each piece kept joined while the row stays as narrow
    # as the others (C32 … + C4 … was two rows, C4 …按时完成上 + 缴\t10 one)
    by_row: dict[int, list] = {}
    for j in joins:
        by_row.setdefault(j[0], []).append(j[1:])
    for i in sorted(by_row, reverse=True):
        a = b = i
        while a > 0 and out[a - 1][0] == "line" and "\t" in out[a - 1][1]:
            a -= 1
        while b + 1 < len(out) and out[b + 1][0] == "line" and "\t" in out[b + 1][1]:
            b += 1
        others = [out[j][1].count("\t") for j in range(a, b + 1) if j not in by_row]
        text = out[i][1]
        cuts = by_row[i]
        rows = [text[:cuts[0][0]]]
        for k, (at, sep, lead, at_stop) in enumerate(cuts):
            piece = text[at + len(sep):cuts[k + 1][0] if k + 1 < len(cuts) else len(text)]
            merged = rows[-1] + sep + piece
            if merged.count("\t") > max(others, default=0) and (others or at_stop):
                rows.append(lead + piece)
            else:
                rows[-1] = merged
        out[i:i + 1] = [("line", r) for r in rows]
    return out


def _at_margin(grid: _Grid | None, x: float) -> bool:
    """Does a line starting at ``x`` start at the left margin (or one word space after
    it, where a line wrapped at a space keeps that space)?"""
    if grid is None:
        return False     # rows are joined only in text laid on a tab grid
    return abs(x - grid.origin) <= _ON_STOP or abs(x - grid.origin - grid.space) <= _ON_STOP


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
