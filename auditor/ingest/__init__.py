"""Ingestion: turn a file into decoded text, or into one clear error.

Every reader returns the *original decoded text* the auditor reports offsets
into.  For plain text that is the file's characters exactly (no newline
translation: a CRLF file keeps its ``\\r``); for every other format it is the
text the reader extracts (paragraphs and tables in document order, table cells
separated by tabs), which the JSON output carries so offsets can be checked,
and ``locations`` names the page / paragraph / table cell / sheet cell of each
span of it.  The reader is chosen by the content (``sniff.py``), the name only
says what to call it; docs/formats.md describes every format.

Limits (hostile input must neither hang nor exhaust the machine):

* a file is opened without blocking (a FIFO or device named ``*.txt`` is refused,
  never read) and must be a regular file;
* bytes: plain text, Markdown and CSV at most ``MAX_TEXT_BYTES`` (8 MB), HTML at
  most ``MAX_HTML_BYTES`` (32 MB), everything else at most ``MAX_BYTES`` (64 MB);
  larger files are refused from their size alone, before anything is read;
* characters: the extracted text may hold at most ``MAX_CHARS`` (2,000,000,
  about 1,300 pages) characters;
* .docx/.xlsx archives are checked for zip bombs before parsing (see ``docx.py``);
* LibreOffice conversions (.doc .wps .rtf .odt .ods) have their own time limit
  and run in a temporary folder (see ``office.py``).

The per-file time limit is enforced by the engine (``auditor.engine``).
"""
from __future__ import annotations

import os
import stat as stat_mod
from dataclasses import dataclass, field
from pathlib import Path

from .errors import IngestError
from .office import convert, soffice_path
from .sniff import ARCHIVES, IMAGES, describe, sniff
from .text import decode_bytes

_TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
_HTML_SUFFIXES = {".html", ".htm"}
_WORD_SUFFIXES = {".docx", ".doc", ".wps", ".rtf", ".odt"}
_SHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".et", ".ods"}
_OFFICE_SUFFIXES = _WORD_SUFFIXES | _SHEET_SUFFIXES
SUPPORTED = _TEXT_SUFFIXES | _HTML_SUFFIXES | _OFFICE_SUFFIXES | {".pdf", ".csv"}
MAX_BYTES = 64 * 1024 * 1024        # .docx / .pdf: larger files are refused, not read
MAX_TEXT_BYTES = 8 * 1024 * 1024    # .txt / .md
MAX_HTML_BYTES = 32 * 1024 * 1024   # .html / .htm (markup inflates them)
MAX_CHARS = 2_000_000               # characters of extracted text


@dataclass
class Loaded:
    path: str
    text: str | None
    encoding: str | None = None
    error: str | None = None
    fmt: str | None = None
    # (start, end, label) spans of ``text`` with a place a user can find in the
    # source file: "第3页", "表2 第4行第3列", "Sheet1!D7"; empty for plain text
    locations: list[tuple[int, int, str]] = field(default_factory=list)


def byte_limit(suffix: str) -> int:
    """The size limit in bytes for a file with this (lower-case) suffix."""
    if suffix in _TEXT_SUFFIXES or suffix == ".csv":
        return MAX_TEXT_BYTES
    if suffix in _HTML_SUFFIXES:
        return MAX_HTML_BYTES
    return MAX_BYTES


def load(path: str | os.PathLike, data: bytes | None = None) -> Loaded:
    """Read one file; never raises for bad input (the error is in the result).

    With ``data`` the bytes are taken as the file's content and the file system
    is not touched (used when documents are shipped to remote workers).
    """
    p = Path(path)
    try:
        text, encoding, fmt, locations = _load(p, data)
    except IngestError as e:
        return Loaded(str(path), None, error=_one_line(str(e)))
    except MemoryError:
        return Loaded(str(path), None, error="内存不足，无法读取 / out of memory while reading")
    except RecursionError:
        return Loaded(str(path), None,
                      error="文件结构嵌套过深，无法解析 / cannot parse file: structure nested too deeply")
    except Exception as e:  # a reader library failing on a malformed file
        return Loaded(str(path), None,
                      error=_one_line(f"无法解析文件 / cannot parse file: {type(e).__name__}: {str(e)[:200]}"))
    if not text or not text.strip():
        return Loaded(str(path), None, error="文件无文字内容 / file contains no text")
    if len(text) > MAX_CHARS:
        return Loaded(str(path), None,
                      error=f"文字过多（{len(text)} 字符，上限 {MAX_CHARS}）/ too much text "
                            f"({len(text)} characters, limit {MAX_CHARS})")
    return Loaded(str(path), text, encoding, None, fmt, locations)


def _one_line(message: str) -> str:
    return " ".join(message.split())


def _too_large(size: int, limit: int) -> IngestError:
    return IngestError(f"文件过大（{size // (1024 * 1024)} MB，上限 {limit // (1024 * 1024)} MB）"
                       f" / file too large ({size} bytes, limit {limit})")


def read_limited(p: Path, limit: int) -> bytes:
    """The bytes of regular file ``p`` (at most ``limit``), opened without blocking.

    The file is opened with O_NONBLOCK and checked with fstat on the open
    descriptor, so a FIFO, socket or device (even one swapped in after a
    directory listing) is refused instead of blocking the run.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) \
        | getattr(os, "O_BINARY", 0)
    try:
        st = os.stat(p)
    except OSError as e:
        raise IngestError(f"无法访问文件 / cannot access file: {e.strerror or e}") from None
    if not stat_mod.S_ISREG(st.st_mode):
        raise IngestError("不是普通文件（目录、管道或设备）/ not a regular file (folder, pipe or device)")
    if st.st_size == 0:
        raise IngestError("文件为空 / file is empty")
    if st.st_size > limit:
        raise _too_large(st.st_size, limit)
    try:
        fd = os.open(p, flags)
    except OSError as e:
        raise IngestError(f"无法读取文件 / cannot read file: {e.strerror or e}") from None
    try:
        st = os.fstat(fd)
        if not stat_mod.S_ISREG(st.st_mode):
            raise IngestError("不是普通文件（目录、管道或设备）/ not a regular file (folder, pipe or device)")
        if st.st_size > limit:
            raise _too_large(st.st_size, limit)
        chunks, total = [], 0
        while True:
            try:
                chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            except BlockingIOError:
                raise IngestError("无法读取文件（读取会阻塞）/ cannot read file (read would block)") from None
            except OSError as e:
                raise IngestError(f"无法读取文件 / cannot read file: {e.strerror or e}") from None
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # the file grew while being read
                raise _too_large(total, limit)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _load(p: Path, data: bytes | None = None) -> tuple[str, str | None, str, list]:
    suffix = p.suffix.lower()
    limit = byte_limit(suffix)
    if data is None:
        data = read_limited(p, limit)
    elif not data:
        raise IngestError("文件为空 / file is empty")
    elif len(data) > limit:
        raise _too_large(len(data), limit)
    kind = sniff(data)
    if suffix in _TEXT_SUFFIXES:
        if kind is not None and kind not in ("html", "rtf"):
            zh, en = describe(kind)
            raise IngestError(f"二进制文件，不是文本：内容是{zh}（扩展名与内容不符）/ binary file, not "
                              f"text: the content is {en} (the name does not match the content)")
        text, enc = decode_bytes(data)
        return text, enc, "text", []
    if suffix == ".csv" and kind is None:
        from .sheet import read_csv
        text, enc = decode_bytes(data)
        rows, locs = read_csv(text, MAX_CHARS)
        return rows, enc, "csv", locs
    if suffix in _HTML_SUFFIXES and kind in (None, "html"):
        from .html import read_html
        text, enc = read_html(data)
        return text, enc, "html", []
    # every other name: the content decides the reader, the name only what to call it
    if kind == "ole-encrypted":
        raise IngestError("文件已加密（设有打开密码），无法读取 / file is password-protected: provide an "
                          "unencrypted copy")
    if kind == "pdf" or (kind is None and suffix == ".pdf"):
        from .pdf import read_pdf     # without a %PDF header it says so
        text, locs = read_pdf(data, MAX_CHARS)
        return text, None, "pdf", locs
    if kind == "docx" or (kind == "zip" and suffix == ".docx"):
        from .docx import read_docx    # a damaged package: it says what is wrong
        text, locs = read_docx(data)
        return text, None, "docx", locs
    if kind == "xlsx" or (kind == "zip" and suffix in (".xlsx", ".xlsm")):
        from .sheet import read_xlsx
        text, locs = read_xlsx(data, MAX_CHARS)
        return text, None, "xlsx", locs
    if kind == "html":
        # web systems export "Excel" and "Word" files as HTML pages
        from .html import read_html
        text, enc = read_html(data)
        return text, enc, "html", []
    sheet_name = suffix.lstrip(".") if suffix in (".xls", ".et") else "xls"
    if kind == "ole-excel" or (kind == "ole" and suffix in (".xls", ".et")):
        from .sheet import read_xls
        try:
            text, locs = read_xls(data, MAX_CHARS, "." + sheet_name)
            return text, None, sheet_name, locs
        except IngestError as e:
            # LibreOffice reads what calamine cannot (older BIFF versions, some WPS files)
            if soffice_path() is None or "too much text" in str(e):
                raise
        from .sheet import read_xlsx
        text, locs = read_xlsx(convert(data, "." + sheet_name, "xlsx"), MAX_CHARS)
        return text, None, sheet_name, locs
    if kind == "ods":
        from .sheet import read_xlsx
        text, locs = read_xlsx(convert(data, ".ods", "xlsx"), MAX_CHARS)
        return text, None, "ods", locs
    if kind in ("ole-word", "rtf", "odt") or (kind == "ole" and suffix in (".doc", ".wps")):
        from .docx import read_docx
        src = {"rtf": ".rtf", "odt": ".odt"}.get(kind or "", suffix if suffix in (".doc", ".wps") else ".doc")
        text, locs = read_docx(convert(data, src, "docx"))
        return text, None, src.lstrip("."), locs
    if suffix in SUPPORTED:
        what = suffix
        found = f"：内容是{describe(kind)[0]}" if kind else ""
        found_en = f": the content is {describe(kind)[1]}" if kind else ""
        raise IngestError(f"不是有效的 {what} 文件{found} / not a valid {what} file{found_en}")
    if kind in IMAGES:
        zh, en = describe(kind)
        raise IngestError(f"不支持的文件类型 {suffix or '(无扩展名)'}：{zh}没有文字，需先 OCR 或提供原文档 / "
                          f"unsupported file type {suffix or '(no extension)'}: {en} has no text; run OCR "
                          f"or provide the original document")
    if kind in ARCHIVES:
        zh, en = describe(kind)
        raise IngestError(f"不支持的文件类型 {suffix or '(无扩展名)'}：{zh}，请解压后检查其中的文件 / "
                          f"unsupported file type {suffix or '(no extension)'}: {en}; extract it and "
                          f"audit the files inside")
    described = f"（{describe(kind)[0]}）" if kind else ""
    described_en = f" ({describe(kind)[1]})" if kind else ""
    raise IngestError(f"不支持的文件类型 {suffix or '(无扩展名)'}{described} / unsupported file type "
                      f"{suffix or '(no extension)'}{described_en}; supported: {', '.join(sorted(SUPPORTED))}")


__all__ = ["load", "Loaded", "SUPPORTED", "IngestError", "decode_bytes", "MAX_BYTES",
           "MAX_TEXT_BYTES", "MAX_HTML_BYTES", "MAX_CHARS", "byte_limit", "read_limited"]
