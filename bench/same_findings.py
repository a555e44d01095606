#!/usr/bin/env python3
"""Do two builds give the same findings?  The check behind every speed-up of the auditor.

    python bench/same_findings.py BEFORE.json AFTER.json [MORE_BEFORE.json MORE_AFTER.json ...]

Each argument pair is two JSON reports (``auditor check DIR --format json``) of the same
folder, made by two builds (e.g. ``git stash`` / ``git stash pop``, or two worktrees; run
with ``--min-confidence possible`` so that nothing is hidden).  Prints, per document that
differs, how many findings only one side has and a sample of each; exits 1 if any
document differs, 0 if the reports agree (the run's ``seconds`` is ignored).
"""
from __future__ import annotations

import json
import sys


def _findings(doc: dict) -> set[str]:
    return {json.dumps(f, sort_keys=True, ensure_ascii=False) for f in doc["findings"]}


def compare(before_path: str, after_path: str) -> int:
    with open(before_path, encoding="utf-8") as f:
        before = json.load(f)
    with open(after_path, encoding="utf-8") as f:
        after = json.load(f)
    differ = 0
    if len(before["documents"]) != len(after["documents"]):
        print(f"{after_path}: {len(before['documents'])} documents before, {len(after['documents'])} after")
        return 1
    for a, b in zip(before["documents"], after["documents"]):
        if a == b:
            continue
        differ += 1
        fa, fb = _findings(a), _findings(b)
        print(f"{b['path']}: {len(fa - fb)} findings only before, {len(fb - fa)} only after"
              + ("" if fa != fb else " (same findings; summary or error differs)"))
        for x in sorted(fa - fb)[:2]:
            print("  -", x[:300])
        for x in sorted(fb - fa)[:2]:
            print("  +", x[:300])
    return differ


def main(argv: list[str]) -> int:
    if len(argv) < 2 or len(argv) % 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    differ = sum(compare(argv[k], argv[k + 1]) for k in range(0, len(argv), 2))
    print("same findings" if not differ else f"{differ} documents differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
