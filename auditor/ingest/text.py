"""Decoding of text files: the encoding is detected, not assumed."""
from __future__ import annotations

import codecs
import re

from .errors import IngestError

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
]
# Detectors report the narrowest Chinese charset that fits the sample; GB18030
# is a superset of all of them, so decoding with it never loses characters.
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz", "cp936", "euc_cn", "euc-cn"}


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data``; returns (text, encoding). Raises IngestError for binary data."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            text = data[len(bom):].decode(enc.replace("-sig", ""), errors="replace")
            if not _looks_textual(text):
                raise IngestError("二进制文件，不是文本 / binary file, not text")
            return text, enc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        # NUL bytes and other control characters are valid UTF-8 but not text
        if not _looks_textual(text):
            raise IngestError("二进制文件，不是文本 / binary file, not text")
        return text, "utf-8"
    # UTF-16 without BOM: every other byte is NUL for CJK-free text, and ASCII
    # punctuation/digits still give many NULs in Chinese text.
    core = data.rstrip(b"\x00")        # trailing NUL padding is not evidence of UTF-16
    nul = core.count(b"\x00")
    if nul > len(core) // 8:
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _looks_textual(text) and _mostly_cjk_or_ascii(text):
                return text, enc
        raise IngestError("二进制文件，不是文本 / binary file, not text")
    try:
        text = data.decode("gb18030")
        if _looks_textual(text) and _mostly_cjk_or_ascii(text):
            return text, "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes
    best = from_bytes(data[:200_000]).best()
    if best is None:
        raise IngestError("无法识别文本编码，可能是二进制文件 / cannot detect a text encoding (binary file?)")
    enc = best.encoding.lower()
    if enc.replace("_", "-") in _GB_FAMILY or enc in _GB_FAMILY:
        enc = "gb18030"
    text = data.decode(enc, errors="replace")
    if not _looks_textual(text):
        raise IngestError("二进制文件，不是文本 / binary file, not text")
    return text, enc


# Counted with a regular expression (not a Python loop over 20,000 characters).
# Control characters other than \t \n \v \f \r, and U+FFFD (an undecodable byte).
_NOT_TEXT = re.compile("[\x00-\x08\x0e-\x1f\ufffd]")
# Neither ASCII nor CJK (ideographs, CJK punctuation, full-width forms, Chinese quotes).
_NOT_CJK_OR_ASCII = re.compile("[^\x00-\x7f\u4e00-\u9fff\u3000-\u303f\uff00-\uffef“”‘’…—·]")


def _looks_textual(text: str) -> bool:
    if not text:
        return False
    # a NUL byte never occurs in text (UTF-16 is decoded before this test); trailing
    # NUL padding, which some systems write after the last line, is tolerated
    text = text[:2_000_000].rstrip("\x00")
    if not text or "\x00" in text:
        return False
    sample = text[:20000]
    bad = len(_NOT_TEXT.findall(sample))
    return bad <= len(sample) * 0.01


def _mostly_cjk_or_ascii(text: str) -> bool:
    sample = text[:20000]
    good = len(sample) - len(_NOT_CJK_OR_ASCII.findall(sample))
    return good >= len(sample) * 0.9
