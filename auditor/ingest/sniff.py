"""What a file really holds, from its first bytes (its name can lie).

Reports arrive renamed: a .doc that is really a .docx or a web page, a .xls
exported by a web system as HTML, a .txt that is a PNG.  ``sniff`` names the
content so the reader that fits it is used, and so binary content in a
text-named file is refused with the reason.
"""
from __future__ import annotations

import io
import re
import zipfile

# kind -> (Chinese, English) description, for error messages
DESCRIPTIONS = {
    "pdf": ("PDF 文档", "a PDF document"),
    "docx": ("Word 文档（.docx）", "a Word document (.docx)"),
    "xlsx": ("Excel 工作簿（.xlsx）", "an Excel workbook (.xlsx)"),
    "pptx": ("PowerPoint 演示文稿", "a PowerPoint presentation"),
    "odt": ("OpenDocument 文本（.odt）", "an OpenDocument text (.odt)"),
    "ods": ("OpenDocument 表格（.ods）", "an OpenDocument spreadsheet (.ods)"),
    "ofd": ("OFD 版式文件", "an OFD document"),
    "ole-word": ("旧版 Word/WPS 文档（.doc/.wps）", "a legacy Word/WPS document (.doc/.wps)"),
    "ole-excel": ("旧版 Excel/WPS 表格（.xls/.et）", "a legacy Excel/WPS workbook (.xls/.et)"),
    "ole-encrypted": ("加密的 Office 文档", "a password-protected Office document"),
    "ole": ("Office 复合文档", "an Office compound file"),
    "rtf": ("RTF 文档", "an RTF document"),
    "html": ("网页（HTML）", "a web page (HTML)"),
    "zip": ("ZIP 压缩包", "a ZIP archive"),
    "rar": ("RAR 压缩包", "a RAR archive"),
    "7z": ("7z 压缩包", "a 7z archive"),
    "gzip": ("gzip 压缩文件", "a gzip archive"),
    "bzip2": ("bzip2 压缩文件", "a bzip2 archive"),
    "xz": ("xz 压缩文件", "an xz archive"),
    "png": ("PNG 图片", "a PNG image"),
    "jpeg": ("JPEG 图片", "a JPEG image"),
    "gif": ("GIF 图片", "a GIF image"),
    "bmp": ("BMP 图片", "a BMP image"),
    "tiff": ("TIFF 图片", "a TIFF image"),
    "webp": ("WebP 图片", "a WebP image"),
    "exe": ("可执行程序", "an executable program"),
    "elf": ("可执行程序", "an executable program"),
    "sqlite": ("SQLite 数据库", "an SQLite database"),
    "mp4": ("视频文件", "a video file"),
}
IMAGES = {"png", "jpeg", "gif", "bmp", "tiff", "webp"}
ARCHIVES = {"zip", "rar", "7z", "gzip", "bzip2", "xz"}
# content that is a document some reader here can open (directly or via LibreOffice)
DOCUMENTS = {"pdf", "docx", "xlsx", "odt", "ods", "ole-word", "ole-excel", "rtf", "html"}

_MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpeg"), (b"GIF87a", "gif"), (b"GIF89a", "gif"),
    (b"II*\x00", "tiff"), (b"MM\x00*", "tiff"), (b"Rar!\x1a\x07", "rar"),
    (b"7z\xbc\xaf\x27\x1c", "7z"), (b"\x1f\x8b", "gzip"), (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"), (b"\x7fELF", "elf"), (b"SQLite format 3\x00", "sqlite"),
    (b"{\\rtf", "rtf"),
]
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|table|div|p)\b",
                   re.I | re.S)


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def sniff(data: bytes) -> str | None:
    """The kind of content (a key of ``DESCRIPTIONS``) or None (text, or unknown)."""
    head = data[:16]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith(b"BM") and len(data) > 26 and data[6:10] == b"\x00\x00\x00\x00":
        return "bmp"
    if head[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[4:8] == b"ftyp":
        return "mp4"
    if head.startswith(b"MZ") and b"This program cannot be run in DOS mode" in data[:512]:
        return "exe"
    at = data.find(b"%PDF-", 0, 1024)
    if at == 0 or at > 0 and (not data[:at].strip() or b"\x00" in data[:at]):
        return "pdf"     # PDF readers accept junk before the header; text mentioning "%PDF-" is not a PDF
    if head.startswith(_OLE):
        return _ole_kind(data)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(data)
    start = data[:1024]
    for bom in (b"\xef\xbb\xbf",):
        if start.startswith(bom):
            start = start[len(bom):]
    if _HTML.match(start):
        return "html"
    return None


def _ole_kind(data: bytes) -> str:
    # stream names are UTF-16 in the directory sectors; a look at the whole file is cheap
    # next to parsing it (files are at most 64 MB)
    if _utf16("EncryptedPackage") in data:
        return "ole-encrypted"
    if _utf16("WordDocument") in data:
        return "ole-word"
    if _utf16("Workbook") in data or _utf16("Book") in data:
        return "ole-excel"
    return "ole"


def _zip_kind(data: bytes) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return "zip"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "ppt/presentation.xml" in names:
        return "pptx"
    if "OFD.xml" in names:
        return "ofd"
    if "mimetype" in names and "content.xml" in names:
        head = data[30:120]
        if b"opendocument.text" in head:
            return "odt"
        if b"opendocument.spreadsheet" in head:
            return "ods"
    return "zip"


def describe(kind: str) -> tuple[str, str]:
    return DESCRIPTIONS.get(kind, ("二进制文件", "a binary file"))
