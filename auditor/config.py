"""Project configuration, linter style: ``auditor.toml`` or ``pyproject.toml [tool.auditor]``.

Looked up from the current folder upwards; the first folder holding an ``auditor.toml`` (keys at
the top level or under ``[tool.auditor]``) or a ``pyproject.toml`` with a ``[tool.auditor]``
table wins. ``--config FILE`` names the file; ``--isolated`` ignores every file. Command-line
options override the file. Keys (dashes or underscores)::

    [tool.auditor]
    select = ["arithmetic", "text.typo"]
    ignore = ["text.boilerplate"]
    min-confidence = "certain"
    jobs = 2
    format = ["html", "xlsx"]          # or "html,xlsx"
    out = "reports_out"
    lang = "zh"                        # or "en"
    exclude = ["drafts/*"]
    include = []
    baseline = "auditor-baseline.json"

    [tool.auditor.per-path-ignores]    # glob (relative to the config's folder, or a file name) -> rules
    "附件/*.txt" = ["structure.numbering"]
    "*自评表*" = ["text.boilerplate"]
"""
from __future__ import annotations

import fnmatch
import os
import tomllib
from dataclasses import dataclass, field
from typing import Any

KEYS = {"select", "ignore", "min_confidence", "jobs", "format", "formats", "out", "lang",
        "exclude", "include", "per_path_ignores", "baseline", "timeout"}


class ConfigError(ValueError):
    pass


@dataclass
class Config:
    path: str | None = None
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def root(self) -> str:
        return os.path.dirname(os.path.abspath(self.path)) if self.path else os.getcwd()

    def get(self, key: str, default=None):
        return self.values.get(key, default)


def _table(path: str) -> dict | None:
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    tool = data.get("tool", {}).get("auditor")
    if os.path.basename(path) == "pyproject.toml":
        return tool
    return tool if tool is not None else {k: v for k, v in data.items() if k != "tool"}


def find(start: str | None = None) -> str | None:
    folder = os.path.abspath(start or os.getcwd())
    while True:
        for name in ("auditor.toml", "pyproject.toml"):
            p = os.path.join(folder, name)
            if os.path.isfile(p):
                try:
                    if _table(p) is not None:
                        return p
                except (OSError, tomllib.TOMLDecodeError):
                    if name == "auditor.toml":
                        return p   # report its error rather than silently skip it
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _as_list(value, key: str) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v.strip() for v in value if v.strip()]
    raise ConfigError(f"{key}: expected a list of strings or a comma-separated string")


def load(path: str | None = None, isolated: bool = False) -> Config:
    if isolated:
        return Config()
    path = path or find()
    if not path:
        return Config()
    try:
        table = _table(path) or {}
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: {e}") from None
    except OSError as e:
        raise ConfigError(f"{path}: {e.strerror or e}") from None
    values: dict[str, Any] = {}
    for raw, value in table.items():
        key = raw.replace("-", "_")
        if key not in KEYS:
            raise ConfigError(f"{path}: unknown key {raw!r} (known: "
                              f"{', '.join(sorted(k.replace('_', '-') for k in KEYS))})")
        if key in ("select", "ignore", "exclude", "include", "format", "formats"):
            value = _as_list(value, raw)
        elif key == "per_path_ignores":
            if not isinstance(value, dict):
                raise ConfigError(f"{path}: {raw}: expected a table of glob = [rules]")
            value = {str(g): _as_list(v, f"{raw}.{g}") for g, v in value.items()}
        elif key == "jobs" and (not isinstance(value, int) or value < 1):
            raise ConfigError(f"{path}: jobs: expected a whole number >= 1")
        elif key == "min_confidence" and value not in ("certain", "likely", "possible"):
            raise ConfigError(f"{path}: min-confidence: expected certain, likely or possible")
        elif key == "lang" and value not in ("zh", "en"):
            raise ConfigError(f"{path}: lang: expected zh or en")
        values["format" if key == "formats" else key] = value
    return Config(path, values)


def path_ignores(per_path: dict[str, list[str]], path: str, root: str) -> list[str]:
    """The rule prefixes ``per-path-ignores`` switches off for ``path``."""
    if not per_path:
        return []
    absolute = os.path.abspath(path)
    rel = os.path.relpath(absolute, root).replace(os.sep, "/")
    given = path.replace(os.sep, "/")
    name = os.path.basename(path)
    out: list[str] = []
    for glob, rules in per_path.items():
        if any(fnmatch.fnmatch(p, glob) for p in (rel, given, name)):
            out.extend(rules)
    return out
