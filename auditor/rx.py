"""The ``regex`` module behind a pattern cache.

Checks call ``re.sub(pattern, ...)`` with literal patterns hundreds of
thousands of times per corpus; ``regex``'s own cache lookup (flag arithmetic
on enums, locale checks) cost ~10 % of the documents phase.  Modules import
this as ``re``; compiled ``Pattern`` objects are ``regex``'s own.

The module-level functions look a flag-less pattern up in one dict keyed by the
pattern string itself (no key tuple, no extra call): nearly every call is that.
"""
from __future__ import annotations

import regex as _regex

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
        c = _PLAIN[pattern] = _regex.compile(pattern)
        return c
    key = (pattern, int(flags))
    c = _CACHE.get(key)
    if c is None:
        c = _CACHE[key] = _regex.compile(pattern, flags)
    return c


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
