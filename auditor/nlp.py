"""Shared language resources, loaded once per process.

* ``segmenter()``: jieba with the words of the ``lexicons/jieba_*.txt`` lists added,
  so domain terms (城乡居民基本医疗保险, 医疗保障局 …) stay whole tokens.
* ``get_nlp()``: a blank spaCy ``zh`` pipeline whose tokenizer is that jieba (for
  ``Document.spacy_doc``).  No model download is needed or possible.
* ``lexicon(name)``: a word list from ``lexicons/`` (one entry per line, ``#``
  comments, tab-separated columns allowed).
"""
from __future__ import annotations

import logging
import sys
from functools import lru_cache
from pathlib import Path


def lexicon_dir() -> Path:
    """``lexicons/``: installed inside the package (auditor/lexicons), or the
    repository's top-level folder when running from a checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "lexicons"
    return installed if installed.is_dir() else here.parent / "lexicons"


@lru_cache(maxsize=None)
def lexicon_rows(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of ``lexicons/<name>``: tab-separated columns, comments stripped."""
    path = lexicon_dir() / name
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].rstrip("\n").rstrip()
            if line.strip():
                rows.append(tuple(col.strip() for col in line.split("\t")))
    return tuple(rows)


def lexicon(name: str) -> frozenset[str]:
    """The first column of ``lexicons/<name>`` as a set."""
    return frozenset(r[0] for r in lexicon_rows(name))


# jieba cuts a text into maximal runs of these characters and segments each run on its
# own (``jieba.re_han_default``); any other character is a token by itself.  So the words
# that overlap a span are those of the runs around it: segmenting just those runs gives
# the same tokens as segmenting the whole text, at a fraction of the cost.
_JIEBA_CHARS = "\u4E00-\u9FD5a-zA-Z0-9+#&._%\\-"


@lru_cache(maxsize=1)
def _block_patterns():
    import regex
    return (regex.compile(f"(?r)[^{_JIEBA_CHARS}]"), regex.compile(f"[^{_JIEBA_CHARS}]"))


def jieba_window(text: str, start: int, end: int, lo: int = 0, hi: int | None = None) -> tuple[int, int]:
    """The smallest ``[a, b)`` inside ``[lo, hi)`` that holds ``[start, end)`` and starts and
    ends at jieba block boundaries: ``jieba.cut(text[a:b])`` gives exactly the words that
    ``jieba.cut(text[lo:hi])`` gives over that range."""
    hi = len(text) if hi is None else hi
    last_before, first_after = _block_patterns()
    m = last_before.search(text, lo, start)
    a = m.end() if m else lo
    m = first_after.search(text, max(end, start), hi)
    b = m.start() if m else hi
    return a, max(b, end)


@lru_cache(maxsize=1)
def segmenter():
    """jieba with the project's user dictionaries (the ones ``get_nlp`` loads), without
    importing spaCy: checks that need only words use this (1.3 s and 70 MB less per process)."""
    jieba = _import_jieba()
    jieba.setLogLevel(logging.WARNING)
    _initialize(jieba)
    for path in sorted(lexicon_dir().glob("jieba_*.txt")):
        jieba.load_userdict(str(path))
    return jieba


def _import_jieba():
    """``import jieba`` without pkg_resources: ``jieba._compat`` imports it only to open the
    package's own data files (0.07 s of every start, and a deprecation warning on recent
    setuptools) and opens them by path when it is missing, as it is told here."""
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba
        return jieba
    sys.modules["pkg_resources"] = None     # makes ``import pkg_resources`` an ImportError
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]    # importable again by anyone else
    return jieba


class _WholeFileMarshal:
    """``marshal`` for jieba's dictionary cache, read whole: ``marshal.load`` on a file
    reads it in small pieces and takes 0.7 s for the 9 MB cache, ``marshal.loads`` of
    its bytes 0.2 s.  The same data, the same format; writing is unchanged."""

    @staticmethod
    def load(f):
        import marshal
        return marshal.loads(f.read())

    @staticmethod
    def dump(value, f):
        import marshal
        marshal.dump(value, f)


def _initialize(jieba) -> None:
    """``jieba.initialize()`` (its own cache file, freshness test and rebuild), with the
    cache read by ``_WholeFileMarshal``."""
    import marshal
    saved = getattr(jieba, "marshal", marshal)
    jieba.marshal = _WholeFileMarshal
    try:
        jieba.initialize()
    finally:
        jieba.marshal = saved


@lru_cache(maxsize=1)
def get_nlp():
    import spacy

    segmenter()   # the same jieba, the same user dictionaries
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})


@lru_cache(maxsize=1)
def posseg():
    """``jieba.posseg`` with an exact, faster HMM step (``_posseg_viterbi``) installed, its
    tag table read by ``_word_tags``."""
    jieba = segmenter()
    if "jieba.posseg" in sys.modules:
        import jieba.posseg as pseg
    else:
        # the module builds its tokenizer on import, reading the tag table line by line
        # (0.25 s): it is handed an empty file then, and the table is read here instead
        import io
        dict_file = jieba.dt.get_dict_file
        jieba.dt.get_dict_file = io.BytesIO
        try:
            import jieba.posseg as pseg
        finally:
            del jieba.dt.get_dict_file          # the class's method again
        pseg.dt.word_tag_tab = _word_tags(dict_file, pseg.dt.load_word_tag)
    pseg.viterbi = _posseg_viterbi   # the name ``__cut`` looks up at call time
    return pseg


def _word_tags(open_dict, load_word_tag) -> dict[str, str]:
    """jieba.posseg's word -> POS tag table (``POSTokenizer.load_word_tag``), from one split of
    the whole dictionary instead of a loop over its lines: the same table for a dictionary of
    ``word freq tag`` lines; anything else is left to jieba's own reader."""
    with open_dict() as f:
        raw = f.read().decode("utf-8")
    lines = raw.count("\n") + (not raw.endswith("\n"))
    toks = raw.split()
    if "\r" in raw or len(toks) != 3 * lines or raw.count(" ") != 2 * lines:
        load_word_tag(open_dict())
        return load_word_tag.__self__.word_tag_tab
    return dict(zip(toks[0::3], map(sys.intern, toks[2::3])))


_MIN_FLOAT = -3.14e100      # jieba.posseg.viterbi's constants
_MIN_INF = float("-inf")


class _HmmTables:
    """jieba.posseg's HMM tables as arrays: states in sorted order (so a larger index is a
    larger state, which is how jieba's ``max`` over (probability, state) breaks ties), the
    transition matrix with ``-inf`` where there is no transition, and per character the
    emission row and the candidate states (built on first use)."""

    def __init__(self, states, start_p, trans_p, emit_p):
        import numpy as np
        self.sources = (states, start_p, trans_p, emit_p)
        self.names = sorted(trans_p)
        index = {y: i for i, y in enumerate(self.names)}
        n = len(self.names)
        self.trans = np.full((n, n), _MIN_INF)
        for y0, nxt in trans_p.items():
            for y, p in nxt.items():
                self.trans[index[y0], index[y]] = p
        self.has_next = np.isfinite(self.trans)
        self.start = np.array([start_p[y] for y in self.names])
        self.index = index
        self.all = np.arange(n)
        self._emit: dict = {}
        self._cands: dict = {}
        # obs -> (probability, route): a run of unknown characters recurs in the overlapping
        # windows of a text (120 distinct of 379 runs in 1,000 reports)
        self.routes: dict = {}

    def emit(self, c):
        row = self._emit.get(c)
        if row is None:
            import numpy as np
            emit_p = self.sources[3]
            row = self._emit[c] = np.array([emit_p[y].get(c, _MIN_FLOAT) for y in self.names])
        return row

    def candidates(self, c):
        got = self._cands.get(c)
        if got is None:
            import numpy as np
            cands = self.sources[0].get(c)
            got = self._cands[c] = self.all if cands is None else \
                np.array(sorted({self.index[y] for y in cands}), dtype=np.intp)
        return got


_TABLES: list = []


def _tables(states, start_p, trans_p, emit_p) -> _HmmTables:
    for t in _TABLES:
        if all(a is b for a, b in zip(t.sources, (states, start_p, trans_p, emit_p))):
            return t
    t = _HmmTables(states, start_p, trans_p, emit_p)
    _TABLES.append(t)
    return t


def _posseg_viterbi(obs, states, start_p, trans_p, emit_p):
    """``jieba.posseg.viterbi`` with the same result, a time step at a time in numpy
    instead of a Python ``max`` per (state, previous state).  The same sums in the same
    order (previous + transition, then + emission), so the same floats; a missing
    transition is ``-inf`` there as here; among equal scores the larger state wins, as in
    jieba's ``max`` over (score, state) tuples.  The POS pass of a place window spent most
    of its time in jieba's version."""
    tb = _tables(states, start_p, trans_p, emit_p)
    if type(obs) is str:
        got = tb.routes.get(obs)
        if got is None:
            if len(tb.routes) >= 65536:
                tb.routes.clear()
            got = tb.routes[obs] = _viterbi(obs, tb)
        return got[0], list(got[1])     # (a new list: the caller owns its route)
    return _viterbi(obs, tb)


def _viterbi(obs, tb: _HmmTables):
    import numpy as np
    cur = tb.candidates(obs[0])
    score = tb.start[cur] + tb.emit(obs[0])[cur]
    steps = []                       # per step: (states, index of each one's best previous)
    for t in range(1, len(obs)):
        prev, prev_score = cur, score
        reach = tb.has_next[prev]
        expect = reach.any(axis=0)
        if not expect.any():
            raise ValueError("max() arg is an empty sequence")   # as jieba fails
        cands = tb.candidates(obs[t])
        cur = cands[expect[cands]]
        if not len(cur):
            cur = np.flatnonzero(expect)
        m = (prev_score[:, None] + tb.trans[np.ix_(prev, cur)]) + tb.emit(obs[t])[cur][None, :]
        # the last of the maximal rows: the largest previous state among equal scores
        back = len(prev) - 1 - np.argmax(m[::-1], axis=0)
        score = m[back, np.arange(len(cur))]
        steps.append((prev, back))
    best = len(cur) - 1 - int(np.argmax(score[::-1]))
    prob = float(score[best])
    route = [None] * len(obs)
    k = best
    states_at = cur
    for i in range(len(obs) - 1, -1, -1):
        route[i] = tb.names[states_at[k]]
        if i:
            prev, back = steps[i - 1]
            k, states_at = back[k], prev
    return (prob, route)
