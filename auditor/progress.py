"""A small progress bar on stderr for folder runs (shown only on a terminal)."""
from __future__ import annotations

import time


class Progress:
    def __init__(self, stream, threshold: int = 5, width: int = 30):
        self.stream, self.threshold, self.width = stream, threshold, width
        self.shown = False
        self.t0 = time.perf_counter()

    def __call__(self, done: int, total: int, path: str) -> None:
        if total <= self.threshold:
            return
        self.shown = True
        filled = int(self.width * done / total)
        rate = done / max(time.perf_counter() - self.t0, 1e-9)
        self.stream.write(f"\r[{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} "
                          f"{rate:.1f} files/s")
        self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()
