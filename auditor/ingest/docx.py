""".docx reading: paragraphs and tables in document order."""
from __future__ import annotations

import io
import zipfile

from .errors import IngestError

MAX_UNCOMPRESSED = 256 * 1024 * 1024  # refuse zip bombs before parsing
MAX_RATIO = 200
MAX_DOCUMENT_XML = 64 * 1024 * 1024   # word/document.xml, the part python-docx parses into a tree
MAX_MEMBERS = 10_000


def read_docx(data: bytes) -> str:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise IngestError("不是有效的 .docx（ZIP 结构损坏或文件被截断）/ not a valid .docx "
                          "(corrupt or truncated ZIP)") from None
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise IngestError(f"压缩包条目过多（{len(infos)}），疑似 ZIP 炸弹 / archive has {len(infos)} "
                          f"entries: refused as a possible zip bomb")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED or total > MAX_RATIO * max(len(data), 1) and total > 10 * 1024 * 1024:
        raise IngestError(f"压缩包解压后过大（{total} 字节），疑似 ZIP 炸弹 / archive expands to "
                          f"{total} bytes: refused as a possible zip bomb")
    if "word/document.xml" not in zf.namelist():
        raise IngestError("不是有效的 .docx（缺少 word/document.xml）/ not a valid .docx "
                          "(word/document.xml missing)")
    body = zf.getinfo("word/document.xml").file_size
    if body > MAX_DOCUMENT_XML:
        raise IngestError(f"正文部分过大（{body} 字节，上限 {MAX_DOCUMENT_XML}）/ word/document.xml too "
                          f"large ({body} bytes, limit {MAX_DOCUMENT_XML})")
    import docx  # python-docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            lines.extend(_table_lines(Table(child, document)))
            lines.append("")
    return "\n".join(lines)


def _table_lines(table) -> list[str]:
    rows = []
    for row in table.rows:
        seen = set()
        cells = []
        for cell in row.cells:
            # A merged cell is returned once per grid column it spans: print it
            # once and leave the spanned columns empty, as PDF extractors do.
            key = id(cell._tc)
            if key in seen:
                cells.append("")
                continue
            seen.add(key)
            cells.append(" ".join(p.text for p in cell.paragraphs).replace("\t", " ").strip())
        rows.append("\t".join(cells))
    return rows
