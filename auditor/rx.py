"""The ``regex`` module behind a pattern cache.

Checks call ``re.sub(pattern, ...)`` with literal patterns hundreds of
thousands of times per corpus; ``regex``'s own cache lookup (flag arithmetic
on enums, locale checks) cost ~10 % of the documents phase.  Modules import
this as ``re``; compiled ``Pattern`` objects are ``regex``'s own.

The module-level functions look a flag-less pattern up in one dict keyed by the
pattern string itself (no key tuple, no extra call): nearly every call is that.

Compiling is kept across runs, as jieba keeps its dictionary: ``regex`` parses a pattern
in Python (about 0.15 s for the ~570 patterns of a run, at every start), and a compiled
pattern is fully described by the arguments of its C-level constructor
(``Pattern._pickled_data``, what ``regex`` itself pickles).  Those arguments are stored
in the user's cache folder (``save_compiled``) and a later run builds its patterns from
them; a missing, unreadable or foreign store is ignored and patterns are parsed as usual.
"""
from __future__ import annotations

import marshal
import os
import sys
from functools import lru_cache
from pathlib import Path

import regex as _regex
from regex import _regex as _regex_c   # the C module: its ``compile`` takes ``_pickled_data``

I = _regex.I
M = _regex.M
Pattern = _regex.Pattern
escape = _regex.escape

_CACHE: dict[tuple[str, int], _regex.Pattern] = {}
# flag-less patterns by their string (the common case, one dict lookup)
_PLAIN: dict[str, _regex.Pattern] = {}


def compile(pattern, flags: int = 0) -> _regex.Pattern:  # noqa: A001 - mirrors regex.compile
    if not flags:
        c = _PLAIN.get(pattern)
        if c is not None:
            return c
    if isinstance(pattern, _regex.Pattern):
        return pattern
    if not flags and type(pattern) is str:
        c = _PLAIN[pattern] = _compiled(pattern, 0)
        return c
    key = (pattern, int(flags))
    c = _CACHE.get(key)
    if c is None:
        c = _CACHE[key] = _compiled(pattern, int(flags)) if type(pattern) is str else _regex.compile(pattern, flags)
    return c


def _compiled(pattern: str, flags: int) -> _regex.Pattern:
    """``regex.compile(pattern, flags)``, built from the stored constructor arguments when a
    run before this one compiled it."""
    data = _stored().get((pattern, flags, int(_regex.DEFAULT_VERSION)))
    if data is not None:
        try:
            return _regex_c.compile(*data)
        except Exception:   # a store written by an incompatible build: parse instead
            pass
    return _regex.compile(pattern, flags)


def _store_path() -> Path | None:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(base):
        return None
    # the regex and Python versions name the file: another build never reads it
    return Path(base) / "auditor" / f"regex-{_regex.__version__}-py{sys.version_info[0]}{sys.version_info[1]}.marshal"


@lru_cache(maxsize=1)
def _stored() -> dict:
    """The stored constructor arguments, by (pattern, flags, regex's default version); only
    from a file of this user that nobody else may write."""
    path = _store_path()
    try:
        st = path.stat()
        if hasattr(os, "getuid") and (st.st_uid != os.getuid() or st.st_mode & 0o022):
            return {}
        data = marshal.loads(path.read_bytes())
        return data if isinstance(data, dict) else {}
    except Exception:   # no store yet, unreadable or corrupt: patterns are parsed
        return {}


def save_compiled() -> None:
    """Store the constructor arguments of this process's patterns, when some are not stored
    yet (called once the start-up has compiled them; a failure only costs the next start)."""
    stored = _stored()
    mine = {}
    for (pattern, flags), c in [((p, 0), c) for p, c in _PLAIN.items()] + list(_CACHE.items()):
        if type(pattern) is str and not c.flags & _regex.LOCALE:
            mine[(pattern, flags, int(_regex.DEFAULT_VERSION))] = c._pickled_data
    path = _store_path()
    if path is None or all(key in stored for key in mine):
        return
    # this process's patterns and those stored before (another selection of rules compiles
    # others), but not without bound: patterns of earlier versions of the rules go
    keep = {**stored, **mine} if len(stored) + len(mine) <= 4 * len(mine) else mine
    import tempfile
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=path.name, delete=False) as fh:
            tmp = fh.name    # created readable and writable by this user only
            fh.write(marshal.dumps(keep))
        os.replace(tmp, path)     # readers see the old store or the new one, never half
    except Exception:    # no room, no permission, an unexpected value: parsed next time too
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        return
    stored.clear()
    stored.update(keep)


def match(pattern, string, flags: int = 0):
    return ((not flags and _PLAIN.get(pattern)) or compile(pattern, flags)).match(string)


def fullmatch(pattern, string, flags: int = 0):
    return ((not flags and _PLAIN.get(pattern)) or compile(pattern, flags)).fullmatch(string)


def search(pattern, string, flags: int = 0):
    return ((not flags and _PLAIN.get(pattern)) or compile(pattern, flags)).search(string)


def sub(pattern, repl, string, count: int = 0, flags: int = 0):
    return ((not flags and _PLAIN.get(pattern)) or compile(pattern, flags)).sub(repl, string, count)


def split(pattern, string, maxsplit: int = 0, flags: int = 0):
    return ((not flags and _PLAIN.get(pattern)) or compile(pattern, flags)).split(string, maxsplit)


def findall(pattern, string, flags: int = 0):
    return ((not flags and _PLAIN.get(pattern)) or compile(pattern, flags)).findall(string)


def finditer(pattern, string, flags: int = 0):
    return ((not flags and _PLAIN.get(pattern)) or compile(pattern, flags)).finditer(string)
