"""Writers turn a RunResult into output; checks never format anything.

File writers are registered by format name and write one file under the output
folder, atomically (a temporary file renamed into place).
"""
from __future__ import annotations

import importlib
import os
import tempfile
from typing import Callable

FILE_WRITERS: dict[str, tuple[str, Callable]] = {}   # format -> (file name, write(result, fh_path))


def register_writer(fmt: str, filename: str):
    def deco(func):
        FILE_WRITERS[fmt] = (filename, func)
        return func
    return deco


_MODULES = {"json": "json_writer", "csv": "csv_writer", "xlsx": "xlsx_writer", "html": "html_writer",
            "sarif": "sarif_writer", "docx": "docx_writer"}


def load_all(formats=None) -> None:
    """Register the writers of ``formats`` (all when None).  Only what is asked for is
    imported: the CSV and XLSX writers import pandas, 0.6 s of every run's start-up."""
    for fmt, name in _MODULES.items():
        if formats is not None and fmt not in formats:
            continue
        try:
            importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as e:
            if e.name != f"{__name__}.{name}":
                raise


def atomic_write(path: str, write: Callable[[str], None]) -> None:
    """Call ``write(tmp_path)`` and move the result to ``path`` in one step."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=os.path.splitext(path)[1], dir=folder)
    os.close(fd)
    try:
        write(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; reports are ordinary files
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
