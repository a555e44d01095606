"""Ingestion: turn a file into decoded text, or into one clear error.

Every reader returns the *original decoded text* the auditor reports offsets
into.  For plain text that is the file's characters exactly (no newline
translation: a CRLF file keeps its ``\\r``); for .docx, .pdf and .html it is the
text the reader extracts (paragraphs and tables in document order, table cells
separated by tabs), which the JSON output carries so offsets can be checked.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import IngestError
from .text import decode_bytes

SUPPORTED = {".txt", ".md", ".markdown", ".text", ".docx", ".pdf", ".html", ".htm"}
MAX_BYTES = 64 * 1024 * 1024  # larger files are refused, not read


@dataclass
class Loaded:
    path: str
    text: str | None
    encoding: str | None = None
    error: str | None = None
    fmt: str | None = None


def load(path: str | os.PathLike) -> Loaded:
    """Read one file; never raises for bad input (the error is in the result)."""
    p = Path(path)
    try:
        text, encoding, fmt = _load(p)
    except IngestError as e:
        return Loaded(str(path), None, error=str(e))
    except MemoryError:
        return Loaded(str(path), None, error="内存不足，无法读取 / out of memory while reading")
    except Exception as e:  # a reader library failing on a malformed file
        return Loaded(str(path), None,
                      error=f"无法解析文件 / cannot parse file: {type(e).__name__}: {str(e)[:200]}")
    if not text or not text.strip():
        return Loaded(str(path), None, error="文件无文字内容 / file contains no text")
    return Loaded(str(path), text, encoding, None, fmt)


def _load(p: Path) -> tuple[str, str | None, str]:
    suffix = p.suffix.lower()
    if suffix not in SUPPORTED:
        raise IngestError(f"不支持的文件类型 {suffix or '(无扩展名)'} / unsupported file type "
                          f"{suffix or '(no extension)'}; supported: {', '.join(sorted(SUPPORTED))}")
    try:
        st = p.stat()
    except OSError as e:
        raise IngestError(f"无法访问文件 / cannot access file: {e.strerror or e}") from None
    if not p.is_file():
        raise IngestError("不是普通文件 / not a regular file")
    if st.st_size == 0:
        raise IngestError("文件为空 / file is empty")
    if st.st_size > MAX_BYTES:
        raise IngestError(f"文件过大（{st.st_size // (1024 * 1024)} MB，上限 {MAX_BYTES // (1024 * 1024)} MB）"
                          f" / file too large ({st.st_size} bytes, limit {MAX_BYTES})")
    try:
        data = p.read_bytes()
    except OSError as e:
        raise IngestError(f"无法读取文件 / cannot read file: {e.strerror or e}") from None
    if suffix == ".docx":
        from .docx import read_docx
        return read_docx(data), None, "docx"
    if suffix == ".pdf":
        from .pdf import read_pdf
        return read_pdf(data), None, "pdf"
    if suffix in (".html", ".htm"):
        from .html import read_html
        text, enc = read_html(data)
        return text, enc, "html"
    text, enc = decode_bytes(data)
    return text, enc, "text"


__all__ = ["load", "Loaded", "SUPPORTED", "IngestError", "decode_bytes"]
