"""Per-document results of a large run, kept on disk instead of in memory.

A finding takes about 2.5 KB as Python objects and about 0.4 KB pickled; a
province's folder of 10,000 reports gives some 250,000 findings.  Kept in a
list, the results alone would make the parent's memory grow with the number
of files.  ``ResultStore`` pickles each ``DocResult`` into one anonymous
temporary file (``tempfile.TemporaryFile``: on Linux it has no name and
disappears with the process) and keeps only its offset and a few counters in
memory.  Reading an item unpickles a fresh copy: to change a result, read it,
change it and assign it back (``store[i] = res``).
"""
from __future__ import annotations

import pickle
import tempfile
from collections import Counter
from collections.abc import Sequence


class ResultStore(Sequence):
    def __init__(self, size: int):
        self._file = tempfile.TemporaryFile()
        self._where: list[tuple[int, int] | None] = [None] * size
        self._end = 0
        # per document: (number of findings, Counter of (family, confidence), error?)
        self._counts: list[tuple[int, Counter, bool]] = [(0, Counter(), False)] * size

    def __len__(self) -> int:
        return len(self._where)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        where = self._where[index]
        if where is None:
            return None
        offset, length = where
        self._file.seek(offset)
        return pickle.loads(self._file.read(length))

    def __setitem__(self, index: int, res) -> None:
        data = pickle.dumps(res, protocol=pickle.HIGHEST_PROTOCOL)
        self._file.seek(self._end)
        self._file.write(data)
        self._where[index] = (self._end, len(data))
        self._end += len(data)
        self._counts[index] = (len(res.findings), Counter((f.family, f.confidence) for f in res.findings),
                               bool(res.error))

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    # counters that need no unpickling

    def finding_count(self) -> int:
        return sum(c[0] for c in self._counts)

    def count_by(self, what: str) -> Counter:
        """Findings per ``"family"`` or per ``"confidence"``."""
        k = 0 if what == "family" else 1
        out: Counter = Counter()
        for _, c, _ in self._counts:
            for key, n in c.items():
                out[key[k]] += n
        return out

    def error_count(self) -> int:
        return sum(1 for c in self._counts if c[2])

    def close(self) -> None:
        self._file.close()
