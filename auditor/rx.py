"""The ``regex`` module behind a pattern cache.

Checks call ``re.sub(pattern, ...)`` with literal patterns hundreds of
thousands of times per corpus; ``regex``'s own cache lookup (flag arithmetic
on enums, locale checks) cost ~10 % of the documents phase.  Modules import
this as ``re``; compiled ``Pattern`` objects are ``regex``'s own.
"""
from __future__ import annotations

import regex as _regex

I = _regex.I
M = _regex.M
Pattern = _regex.Pattern
escape = _regex.escape

_CACHE: dict[tuple[str, int], _regex.Pattern] = {}


def compile(pattern, flags: int = 0) -> _regex.Pattern:  # noqa: A001 - mirrors regex.compile
    if isinstance(pattern, _regex.Pattern):
        return pattern
    key = (pattern, int(flags))
    c = _CACHE.get(key)
    if c is None:
        c = _CACHE[key] = _regex.compile(pattern, flags)
    return c


def match(pattern, string, flags: int = 0):
    return compile(pattern, flags).match(string)


def fullmatch(pattern, string, flags: int = 0):
    return compile(pattern, flags).fullmatch(string)


def search(pattern, string, flags: int = 0):
    return compile(pattern, flags).search(string)


def sub(pattern, repl, string, count: int = 0, flags: int = 0):
    return compile(pattern, flags).sub(repl, string, count)


def split(pattern, string, maxsplit: int = 0, flags: int = 0):
    return compile(pattern, flags).split(string, maxsplit)


def findall(pattern, string, flags: int = 0):
    return compile(pattern, flags).findall(string)


def finditer(pattern, string, flags: int = 0):
    return compile(pattern, flags).finditer(string)
