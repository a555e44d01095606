import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


def corpus_file(prefix: str) -> Path:
    return next(CORPUS.glob(prefix + "_*.txt"))


@pytest.fixture
def make_doc():
    from auditor.model import build_document

    def _make(text: str, path: str = "inline.txt"):
        return build_document(path, text)
    return _make
