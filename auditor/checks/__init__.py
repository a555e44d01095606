"""Check registry.

A check is a small function registered under a rule code ``family.subtype``::

    @register("text.duplicate_char", "相邻重复字（市市、城城）")
    def duplicate_char(doc): ...              # yields Finding

Corpus checks (``scope="corpus"``) receive the list of all documents of the
run and yield ``(document_index, Finding)`` pairs.  A corpus check may also declare
``func.split = lambda items, n: CorpusSplit(parts, join)``: ``parts`` are zero-argument
callables whose outputs, passed in order to ``join``, give exactly what ``func(items)``
yields; the engine runs the parts side by side (``--jobs``).  It may also declare
``func.incremental = lambda n_files: index``: the engine then feeds ``index.add(item)`` the
items in input order while the documents are still being read, lets it ``index.work(seconds)``
after each one, and at the end takes ``index.findings()``, which must yield exactly what
``func(items)`` yields (the cross-document work is done while the parent would otherwise wait
on its workers).  Families live in one module
each; importing this package imports them all so they register themselves.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable, Iterable

FAMILIES = ("arithmetic", "score", "value", "unit", "entity", "date", "text", "structure", "template")


@dataclass(frozen=True)
class Rule:
    code: str
    summary: str
    func: Callable
    scope: str = "document"   # or "corpus"

    @property
    def family(self) -> str:
        return self.code.split(".", 1)[0]


@dataclass(frozen=True)
class CorpusSplit:
    """A corpus check cut into independent parts (see the module docstring)."""
    parts: list[Callable[[], object]]
    join: Callable[[list], Iterable]


RULES: dict[str, Rule] = {}


def register(code: str, summary: str, scope: str = "document"):
    family = code.split(".", 1)[0]
    if family not in FAMILIES:
        raise ValueError(f"unknown family {family!r} for rule {code}")

    def deco(func):
        if code in RULES:
            raise ValueError(f"rule {code} registered twice")
        RULES[code] = Rule(code, summary, func, scope)
        return func
    return deco


def matches(code: str, prefixes: Iterable[str]) -> bool:
    """Does rule ``code`` fall under any of the rule prefixes (``text``, ``text.typo``)?"""
    for p in prefixes:
        p = p.strip()
        if p and (code == p or code.startswith(p.rstrip(".") + ".")):
            return True
    return False


def selected_rules(select: list[str] | None = None, ignore: list[str] | None = None) -> list[Rule]:
    load_all()
    out = []
    for code in sorted(RULES):
        if select and not matches(code, select):
            continue
        if ignore and matches(code, ignore):
            continue
        out.append(RULES[code])
    return out


_MODULES = FAMILIES     # one module per family


def load_all() -> None:
    for name in _MODULES:
        try:
            importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as e:
            if e.name != f"{__name__}.{name}":
                raise
