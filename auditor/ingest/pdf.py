""".pdf reading: the text layer, page by page (pypdf)."""
from __future__ import annotations

import io

from .errors import IngestError


def read_pdf(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise IngestError("不是有效的 PDF（缺少 %PDF 文件头）/ not a valid PDF (no %PDF header)")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception:
                raise IngestError("PDF 已加密，无法读取 / PDF is encrypted") from None
        pages = [page.extract_text() or "" for page in reader.pages]
    except PdfReadError as e:
        raise IngestError(f"PDF 损坏，无法解析 / corrupt PDF: {str(e)[:160]}") from None
    text = "\n\n".join(p.rstrip() for p in pages)
    if not text.strip():
        raise IngestError("PDF 没有文字层（可能是扫描件，需先 OCR）/ PDF has no text layer "
                          "(scanned document? run OCR first)")
    return text
