"""``--format docx``: the report itself, annotated — each finding a Word comment (批注).

For a .docx input the output is a **copy** of the file (the original is never written) with
every finding as a comment anchored on exactly the characters the finding points at. The
extracted text the offsets count (``auditor/ingest/docx.py``: body paragraphs and table rows
in order, cells joined by tabs, a cell's paragraphs by spaces) is rebuilt here from the same
file, segment by segment, each segment knowing its paragraph; a finding's span is cut out of
the runs of those paragraphs by splitting runs at its two ends (the split-off part keeps the
run's formatting), and the comment is anchored on the runs in between. When the rebuilt text
differs from the text the checks read (an unusual file), the output falls back to the
second form below, so a comment is never placed on the wrong words.

For any other input (.txt, .md, .pdf, .html, .xlsx ...) the output is a new .docx of the
extracted text, one paragraph per line, with the same comments.

Comment text: ``【Chinese rule name】message（confidence）`` (``--lang en``: English name,
full message). The other places of a grouped finding (related role ``other_place``) get a
short comment of their own pointing at the main one. Files: ``OUT/<name>.auditor.docx`` (``-2``, ``-3`` ... when names collide).
Tests (``tests/test_docx_writer.py``) reopen the output and check that every comment's
anchored text equals its finding's excerpt and that the rest of the text is unchanged.
"""
from __future__ import annotations

import copy
import os
from dataclasses import dataclass

from ..rule_info import confidence_label, plain_message, rule_name

AUTHOR = "auditor"
INITIALS = "AU"
SUFFIX = ".auditor.docx"


@dataclass
class Segment:
    """``length`` characters of the extracted text starting at ``start`` that are the
    characters ``offset``..``offset + length`` of ``paragraph``'s text."""
    start: int
    length: int
    paragraph: object
    offset: int


# --------------------------------------------------------------------------- text -> paragraphs

def _docx_segments(document) -> tuple[str, list[Segment]]:
    """The text ``ingest/docx.py`` extracts from ``document``, and where each piece lives."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    parts: list[str] = []
    segments: list[Segment] = []
    pos = 0

    def emit(text: str, paragraph=None, offset: int = 0) -> None:
        nonlocal pos
        if paragraph is not None and text:
            segments.append(Segment(pos, len(text), paragraph, offset))
        parts.append(text)
        pos += len(text)

    first = True

    def item() -> None:
        """The reader joins its lines with newlines: one before every line but the first."""
        nonlocal first
        if not first:
            emit("\n")
        first = False

    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            item()
            p = Paragraph(child, document)
            emit(p.text, p, 0)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                item()
                seen = set()
                for k, cell in enumerate(row.cells):
                    if k:
                        emit("\t")
                    key = id(cell._tc)
                    if key in seen:
                        continue
                    seen.add(key)
                    _emit_cell(cell, emit)
            item()   # the empty line the reader adds after each table
    return "".join(parts), segments


def _emit_cell(cell, emit) -> None:
    """A cell as the reader prints it: its paragraphs joined by spaces, tabs made spaces,
    stripped. Only the characters that come from a paragraph get a segment."""
    texts = [p.text for p in cell.paragraphs]
    joined = " ".join(texts)
    cleaned = joined.replace("\t", " ")
    left = len(cleaned) - len(cleaned.lstrip())
    kept_end = len(cleaned.rstrip())
    if kept_end <= left:
        return
    at = 0
    paragraphs = cell.paragraphs
    for k, (p, t) in enumerate(zip(paragraphs, texts)):
        a, b = max(at, left), min(at + len(t), kept_end)
        if a < b:
            emit(cleaned[a:b], p, a - at)
        at += len(t)
        if k < len(paragraphs) - 1 and left <= at < kept_end:
            emit(" ")          # the joining space: no paragraph's character
        at += 1


def _text_segments(document, text: str) -> list[Segment]:
    """A new document with one paragraph per line of ``text`` (a CR before LF stays in the
    extracted text but not in the paragraph)."""
    segments = []
    pos = 0
    for line in text.split("\n"):
        shown = line[:-1] if line.endswith("\r") else line
        p = document.add_paragraph()
        if shown:
            p.add_run(_xml_safe(shown))
            segments.append(Segment(pos, len(shown), p, 0))
        pos += len(line) + 1
    return segments


def _xml_safe(text: str) -> str:
    """Characters XML cannot hold become U+FFFD (one for one, so offsets stay)."""
    return "".join(ch if ch in "\t\n\r" or (ord(ch) >= 0x20 and ch not in "\ufffe\uffff") else "\ufffd"
                   for ch in text)


# --------------------------------------------------------------------------- runs

def _runs(paragraph) -> list:
    out = []
    for item in paragraph.iter_inner_content():
        if hasattr(item, "runs"):        # a hyperlink
            out.extend(item.runs)
        else:
            out.append(item)
    return out


def _split_at(paragraph, offset: int):
    """Make ``offset`` (in ``paragraph.text``) fall on a run boundary; returns the runs."""
    from docx.text.run import Run
    at = 0
    for run in _runs(paragraph):
        t = run.text
        if at < offset < at + len(t):
            k = offset - at
            twin = copy.deepcopy(run._r)
            run._r.addnext(twin)
            run.text = t[:k]
            Run(twin, run._parent).text = t[k:]
            return
        at += len(t)


def _runs_between(paragraph, a: int, b: int) -> list:
    _split_at(paragraph, a)
    _split_at(paragraph, b)
    out, at = [], 0
    for run in _runs(paragraph):
        t = run.text
        if t and a <= at and at + len(t) <= b:
            out.append(run)
        at += len(t)
    return out


def _anchor(segments: list[Segment], start: int, end: int) -> list:
    """The runs covering extracted-text characters [start, end)."""
    import bisect
    starts = [s.start for s in segments]
    runs = []
    i = max(0, bisect.bisect_right(starts, start) - 1)
    for s in segments[i:]:
        if s.start >= end:
            break
        a, b = max(start, s.start), min(end, s.start + s.length)
        if a < b:
            runs.extend(_runs_between(s.paragraph, s.offset + a - s.start, s.offset + b - s.start))
    return runs


def comment_text(f, lang: str = "zh") -> str:
    return (f"【{rule_name(f.rule, lang)}】{plain_message(f.message, lang)}"
            f"（{confidence_label(f.confidence, lang)}）")


def annotate(doc_result, lang: str = "zh"):
    """A python-docx Document with ``doc_result``'s findings as comments."""
    import docx

    text = doc_result.text or ""
    document = None
    segments: list[Segment] = []
    if doc_result.path.lower().endswith(".docx") and os.path.isfile(doc_result.path):
        try:
            document = docx.Document(doc_result.path)
            rebuilt, segments = _docx_segments(document)
            if rebuilt != text:
                document = None
        except Exception:
            document = None
    if document is None:
        document = docx.Document()
        segments = _text_segments(document, text)
    # a grouped finding's other places (role other_place) get a short comment pointing at it
    notes = []
    for f in doc_result.findings:
        notes.append((f.start, f.end, comment_text(f, lang)))
        for r in f.related:
            if r.role == "other_place" and r.end > r.start:
                notes.append((r.start, r.end, other_place_text(f, lang)))
    # later spans first: splitting runs for one never moves another's characters
    for start, end, text_ in sorted(notes, key=lambda n: (n[0], n[1]), reverse=True):
        if end <= start:
            continue
        runs = _anchor(segments, start, end)
        if runs:
            document.add_comment(runs, text=_xml_safe(text_), author=AUTHOR, initials=INITIALS)
    return document


def other_place_text(f, lang: str = "zh") -> str:
    if lang == "en":
        return f"[{rule_name(f.rule, lang)}] same problem as the comment at line {f.line}: {f.excerpt[:30]}"
    return f"【{rule_name(f.rule, lang)}】同一问题，见第 {f.line} 行的批注（“{f.excerpt[:30]}”）"


def target_name(path: str, out_dir: str, taken: set[str]) -> str:
    stem = os.path.splitext(os.path.basename(path))[0] or "document"
    name = stem + SUFFIX
    k = 2
    while name in taken:
        name = f"{stem}-{k}{SUFFIX}"
        k += 1
    taken.add(name)
    return os.path.join(out_dir, name)


def write_all(result, out_dir: str) -> list[str]:
    """One annotated .docx per readable input under ``out_dir``; the paths written."""
    from . import atomic_write
    lang = getattr(result, "lang", "zh") or "zh"
    written, taken = [], set()
    for d in result.documents:
        if d.error or d.text is None:
            continue
        target = target_name(d.path, out_dir, taken)
        if os.path.abspath(target) == os.path.abspath(d.path):
            continue   # never the original
        document = annotate(d, lang)
        atomic_write(target, lambda tmp, doc=document: doc.save(tmp))
        written.append(target)
    return written


# --------------------------------------------------------------------------- reading back

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def comment_anchors(path: str) -> dict[str, str]:
    """Comment id -> the text between its range start and end (tabs and breaks as in
    python-docx's ``text``; paragraph boundaries add nothing), read from ``word/document.xml``."""
    import docx
    document = docx.Document(path)
    active: dict[str, list[str]] = {}
    done: dict[str, str] = {}
    body = document.element.body
    for el in body.iter():
        tag = el.tag
        if tag == _W + "commentRangeStart":
            active[el.get(_W + "id")] = []
        elif tag == _W + "commentRangeEnd":
            cid = el.get(_W + "id")
            done[cid] = "".join(active.pop(cid, []))
        elif active:
            piece = None
            if tag == _W + "t":
                piece = el.text or ""
            elif tag == _W + "tab" and el.getparent().tag == _W + "r":
                piece = "\t"
            elif tag in (_W + "br", _W + "cr"):
                piece = "\n"
            if piece:
                for parts in active.values():
                    parts.append(piece)
    return done


def comments(path: str) -> dict[str, str]:
    """Comment id -> the comment's text."""
    import docx
    document = docx.Document(path)
    return {str(c.comment_id): c.text for c in document.comments}
