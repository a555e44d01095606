import io
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


def corpus_file(prefix: str) -> Path:
    return next(CORPUS.glob(prefix + "_*.txt"))


def random_unit(rng, alphabet: str, pool: list[str], n: int, edits: int):
    """A sibling-comparison unit of ``n`` sentences drawn from ``pool``, each with up to
    ``edits`` characters replaced by random ones of ``alphabet``."""
    from auditor.checks.entity import _Unit
    sents = []
    for _ in range(n):
        t = list(rng.choice(pool))
        for _ in range(rng.randint(0, edits)):
            t[rng.randrange(len(t))] = rng.choice(alphabet)
        sents.append((0, 0, "".join(t)))
    return _Unit(0, None, sents)


def corpus_texts() -> list[str]:
    """The normalized text of every corpus document."""
    from auditor.ingest import load
    from auditor.model import build_document
    out = []
    for p in sorted(CORPUS.glob("*.txt")):
        loaded = load(str(p), None)
        if not loaded.error:
            out.append(build_document(str(p), loaded.text, loaded.encoding, loaded.fmt, loaded.locations).text)
    return out


def rule_findings(text: str, rule: str) -> list:
    """The findings of the one rule ``rule`` on ``text`` read as a document."""
    from auditor.checks import selected_rules
    from auditor.model import build_document
    doc = build_document("<t>", text, "utf-8")
    (r,) = selected_rules([rule])
    return list(r.func(doc))


@pytest.fixture
def make_doc():
    from auditor.model import build_document

    def _make(text: str, path: str = "inline.txt"):
        return build_document(path, text)
    return _make


def minimal_pdf(text: str | None) -> bytes:
    """A one-page PDF; with text=None the page has no text layer (like a scan)."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode() if text else b""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n".encode() + o + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()
