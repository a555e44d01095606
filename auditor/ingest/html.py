""".html reading: visible text, block elements on their own lines, table cells tab-separated."""
from __future__ import annotations

import re
from html.parser import HTMLParser

from .text import decode_bytes

_BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
          "section", "article", "header", "footer", "title", "ul", "ol", "pre", "blockquote"}
_SKIP = {"script", "style", "noscript", "template", "head"}


class _Extractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.in_title = False
        self.cell_open = False

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP and tag != "head":
            self.skip += 1
        if tag in ("td", "th"):
            if self.cell_open:
                self.parts.append("\t")
            self.cell_open = True
        elif tag in _BLOCK:
            if tag == "tr":
                self.cell_open = False
            self.parts.append("\n")
        if tag == "input" and dict(attrs).get("type") == "checkbox":
            self.parts.append("☑" if "checked" in dict(attrs) else "☐")

    def handle_endtag(self, tag):
        if tag in _SKIP and tag != "head" and self.skip:
            self.skip -= 1
        if tag in _BLOCK and tag not in ("br",):
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data.replace("\n", " ") if self.cell_open else data)


def read_html(data: bytes) -> tuple[str, str]:
    m = re.search(rb'<meta[^>]+charset=["\']?([A-Za-z0-9_-]+)', data[:4096], re.I)
    text, enc = None, None
    if m:
        enc = m.group(1).decode("ascii").lower()
        if enc in ("gb2312", "gbk"):
            enc = "gb18030"
        try:
            text = data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text, enc = decode_bytes(data)
    parser = _Extractor()
    parser.feed(text)
    parser.close()
    out = "".join(parser.parts)
    out = re.sub(r"\n(?:[ ]*\n)+", "\n\n", out)
    return out.strip("\n") + "\n", enc
