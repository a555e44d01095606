""".docx reading: paragraphs and tables in document order, with their places.

Tables come out one row per line, cells joined by TAB, laid on the table's
grid: a cell merged across columns prints its text once and leaves the columns
it spans empty, a cell merged down rows prints in its first row only, and rows
that start late (``w:gridBefore``) get empty leading fields, so a column never
shifts.  Trailing empty fields are dropped (as in spreadsheets), but every
table row keeps at least one TAB so it stays a table line.  Paragraphs inside
a cell are joined by a space; a table nested in a cell is flattened into it.

``locations``: every non-empty body paragraph ``第N段`` (N counts non-empty
paragraphs, as a reader sees them), every table ``表K``, every non-empty cell
``表K 第r行第c列`` (r, c 1-based on the grid).
"""
from __future__ import annotations

import io
import zipfile

from .errors import IngestError

MAX_UNCOMPRESSED = 256 * 1024 * 1024  # refuse zip bombs before parsing
MAX_RATIO = 200
MAX_DOCUMENT_XML = 64 * 1024 * 1024   # word/document.xml, the part python-docx parses into a tree
MAX_MEMBERS = 10_000

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def check_zip(data: bytes, what: str, required: str, max_part: int = MAX_DOCUMENT_XML) -> zipfile.ZipFile:
    """Open an OOXML package, refusing corrupt archives and zip bombs before parsing."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise IngestError(f"不是有效的 {what}（ZIP 结构损坏或文件被截断）/ not a valid {what} "
                          f"(corrupt or truncated ZIP)") from None
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise IngestError(f"压缩包条目过多（{len(infos)}），疑似 ZIP 炸弹 / archive has {len(infos)} "
                          f"entries: refused as a possible zip bomb")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED or total > MAX_RATIO * max(len(data), 1) and total > 10 * 1024 * 1024:
        raise IngestError(f"压缩包解压后过大（{total} 字节），疑似 ZIP 炸弹 / archive expands to "
                          f"{total} bytes: refused as a possible zip bomb")
    if required not in zf.namelist():
        raise IngestError(f"不是有效的 {what}（缺少 {required}）/ not a valid {what} ({required} missing)")
    body = zf.getinfo(required).file_size
    if body > max_part:
        raise IngestError(f"正文部分过大（{body} 字节，上限 {max_part}）/ {required} too "
                          f"large ({body} bytes, limit {max_part})")
    return zf


def read_docx(data: bytes) -> tuple[str, list[tuple[int, int, str]]]:
    check_zip(data, ".docx", "word/document.xml")
    import docx  # python-docx

    document = docx.Document(io.BytesIO(data))
    out = _Out()
    counters = {"para": 0, "table": 0}
    _body(document.element.body, out, counters)
    return "\n".join(out.lines), out.locations


class _Out:
    """Lines being built, with the offset where the next line starts."""

    def __init__(self):
        self.lines: list[str] = []
        self.locations: list[tuple[int, int, str]] = []
        self.pos = 0

    def add(self, line: str) -> int:
        start = self.pos
        self.lines.append(line)
        self.pos += len(line) + 1
        return start


def _body(parent, out: _Out, counters: dict) -> None:
    for child in parent.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = _para_text(child)
            start = out.add(text)
            if text.strip():
                counters["para"] += 1
                out.locations.append((start, start + len(text), f"第{counters['para']}段"))
        elif tag == "tbl":
            counters["table"] += 1
            _table(child, out, counters["table"])
            out.add("")
        elif tag in ("sdt", "customXml"):      # content controls (cover pages, contents) hold paragraphs
            content = child.find(f"{_W}sdtContent") if tag == "sdt" else child
            if content is not None:
                _body(content, out, counters)


def _para_text(p) -> str:
    from docx.text.paragraph import Paragraph
    return Paragraph(p, None).text


def table_grid(tbl) -> list[list[str]]:
    """The table's rows on its grid (see the module docstring), before trimming."""
    rows: list[list[str]] = []
    for tr in tbl.iterchildren(f"{_W}tr"):
        cells: list[str] = []
        trpr = tr.find(f"{_W}trPr")
        before = _val(trpr, "gridBefore") if trpr is not None else 0
        cells.extend([""] * before)
        for tc in tr.iterchildren(f"{_W}tc"):
            tcpr = tc.find(f"{_W}tcPr")
            span = max(1, _val(tcpr, "gridSpan") or 1) if tcpr is not None else 1
            vmerge = tcpr.find(f"{_W}vMerge") if tcpr is not None else None
            continued = vmerge is not None and vmerge.get(f"{_W}val", "continue") == "continue"
            text = "" if continued else _cell_text(tc)
            cells.append(text)
            cells.extend([""] * (span - 1))
        rows.append(cells)
    return rows


def _table(tbl, out: _Out, k: int) -> None:
    table_start = out.pos
    for r, cells in enumerate(table_grid(tbl), 1):
        fields = trim_row(cells)
        start = out.add("\t".join(fields))
        pos = start
        for c, text in enumerate(fields, 1):
            if text:
                out.locations.append((pos, pos + len(text), f"表{k} 第{r}行第{c}列"))
            pos += len(text) + 1
    if out.pos > table_start:
        out.locations.append((table_start, out.pos - 1, f"表{k}"))


def trim_row(cells: list[str]) -> list[str]:
    """Trailing empty fields dropped; at least two fields, so the line has a TAB."""
    n = len(cells)
    while n and not cells[n - 1]:
        n -= 1
    fields = cells[:n]
    while len(fields) < 2:
        fields.append("")
    return fields


def _val(pr, name: str) -> int:
    if pr is None:
        return 0
    el = pr.find(f"{_W}{name}")
    if el is None:
        return 0
    try:
        return int(el.get(f"{_W}val", "0"))
    except ValueError:
        return 0


def _cell_text(tc) -> str:
    parts: list[str] = []
    for child in tc.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            parts.append(_para_text(child))
        elif tag == "tbl":                   # a nested table, flattened into the cell
            for row in table_grid(child):
                parts.append(" ".join(c for c in row if c))
        elif tag == "sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                parts.extend(_para_text(p) for p in content.iter(f"{_W}p"))
    text = " ".join(p for p in parts if p.strip())
    return " ".join(text.replace("\t", " ").split()) if "\n" in text or "\t" in text else text.strip()
