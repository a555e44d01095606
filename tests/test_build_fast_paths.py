"""The document build's fast paths give what the plain code gives, on every line of
corpus/, ../shared/real and seeds, the fixtures and the bench corpus (when built), and on
random lines aimed at their edges:

* ``model._split_sentences``' pieces (the standard ``re``'s ``findall``) against cutting a
  line after every ``_SENT_END`` match, as it was;
* ``forms._cells_as_line``' key (the cell texts joined, then their spaces dropped) against
  joining each cell's ``key``.
"""
import random
from pathlib import Path

from auditor import model

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = (ROOT / "corpus", ROOT.parent / "shared" / "real", ROOT.parent / "shared" / "seeds",
           ROOT / "tests" / "fixtures", ROOT / "bench" / "out" / "corpus-1000")


def _lines():
    lines = []
    for folder in FOLDERS:
        if folder.is_dir():
            for p in sorted(folder.rglob("*.txt")):
                lines += p.read_text(encoding="utf-8", errors="replace").split("\n")
    rng = random.Random(11)
    alphabet = "。！？!?；;， \u3000\tab甲乙"
    lines += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(20000)]
    return lines


def _plain_sentences(line: str, base: int):
    out, start = [], base
    for m in model._SENT_END.finditer(line):
        end = base + m.end()
        seg = line[start - base:end - base]
        if seg.strip():
            out.append((start, end, seg))
        start = end
    if start < base + len(line) and line[start - base:].strip():
        out.append((start, base + len(line), line[start - base:]))
    return out


def test_sentence_pieces_cut_as_the_sentence_ends_do():
    lines = _lines()
    assert len(lines) > 25000
    for line in lines:
        doc = model.Document(path="x", original=line, norm=model.normalize(line))
        p = model.Paragraph(0, 5, 5 + len(line), line)
        doc.paragraphs.append(p)
        model._split_sentences(doc)
        got = [(s.start, s.end, s.text) for s in doc.sentences]
        assert got == (_plain_sentences(line, 5) if line.strip() else []), line


def test_cells_as_line_key_joins_the_cell_keys():
    from auditor.forms import Token
    rng = random.Random(5)
    alphabet = "预算执行数率 \u3000ab1"
    for _ in range(5000):
        cells = [Token("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 5))), 0, 0)
                 for _ in range(rng.randint(0, 8))]
        assert "".join([t.text for t in cells]).replace(" ", "") == "".join(t.key for t in cells)
