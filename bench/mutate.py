#!/usr/bin/env python3
"""Mutation harness: inject known errors into annotated real texts and measure recall.

    python bench/mutate.py                                   # corpus/ and ../shared, seed 1
    python bench/mutate.py --auditor-root /work/main --seed 7 --per-doc 3
    python bench/mutate.py --kinds double_char,numbering --limit-docs 5 --json out.json

Each mutation kind is a small function ``mutate_<kind>(doc, rng, n)`` that returns up to
``n`` mutants of one document: the mutated text plus the span(s) where the auditor should
report something and the finding family it should report.  Every mutant is written to a
temporary folder and the auditor runs (in process) once per batch: batch ``r`` of a kind
holds mutant ``r`` of every document, one file each, so two mutants of the same document
never meet in one run (the cross-document rules would otherwise compare them).

A mutant is *detected* when the mutated file has a finding of the expected family whose
span or one of its related spans overlaps an expected span (±2 characters) and which the
unmutated text does not already have (same rule, same excerpt).  Recall = detected /
mutants.  The unmutated texts are run once too; their findings that overlap no issue
annotation are listed as false alarms.  See docs/mutation.md.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_ROOT = HERE.parent

NUMERIC = ("arithmetic", "score", "value")
WIDEN = 2

# --------------------------------------------------------------------------- documents


@dataclass
class Relation:
    rule: str
    quote: str
    occurrence: int
    note: str
    holds: bool
    start: int
    end: int

    @property
    def family(self) -> str:
        return self.rule.split(".", 1)[0]


@dataclass
class Doc:
    name: str                       # file name, unique over the inputs
    text: str
    issues: list[Relation] = field(default_factory=list)
    holds: list[Relation] = field(default_factory=list)
    source: str = ""                # "corpus" or "gold"

    @classmethod
    def from_text(cls, name: str, text: str, annotations: list[dict] = (), source: str = "inline"):
        """``annotations``: dicts with rule (or category), quote, occurrence, note (or
        explanation) and ``holds`` (gold passes files are read with holds=True)."""
        doc = cls(name, text, source=source)
        for a in annotations:
            rel = _relation(text, a, bool(a.get("holds")))
            if rel is not None:
                (doc.holds if rel.holds else doc.issues).append(rel)
        return doc


def _find(text: str, quote: str, occ: int) -> int:
    pos = -1
    for _ in range(occ + 1):
        pos = text.find(quote, pos + 1)
        if pos < 0:
            return -1
    return pos


def _relation(text: str, a: dict, holds: bool) -> Relation | None:
    quote = a.get("quote") or ""
    occ = int(a.get("occurrence", 0) or 0)
    pos = _find(text, quote, occ) if quote else -1
    if pos < 0:
        return None
    return Relation(a.get("rule") or a.get("category") or "", quote, occ,
                    a.get("note") or a.get("explanation") or "", holds, pos, pos + len(quote))


def _read(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as f:   # keep \r\n: offsets are code points
        return f.read()


def _jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(l) for l in _read(path).splitlines() if l.strip()]


def load_gold(docs_dir: Path, gold_dir: Path) -> list[Doc]:
    """``docs_dir/<doc>`` with ``gold_dir/<doc>.jsonl`` (issues) and ``<doc>.passes.jsonl``
    (relations that hold)."""
    out = []
    for p in sorted(docs_dir.glob("*.txt")):
        anns = [dict(a, holds=False) for a in _jsonl(gold_dir / f"{p.name}.jsonl")]
        anns += [dict(a, holds=True) for a in _jsonl(gold_dir / f"{p.name}.passes.jsonl")]
        out.append(Doc.from_text(p.name, _read(p), anns, source="gold"))
    return out


def load_corpus(corpus_dir: Path) -> list[Doc]:
    """``corpus_dir/<doc>`` with ``corpus_dir/annotations/<family>/<doc>.jsonl``."""
    ann_root = corpus_dir / "annotations"
    fams = sorted(p for p in ann_root.iterdir() if p.is_dir()) if ann_root.exists() else []
    out = []
    for p in sorted(corpus_dir.glob("*.txt")):
        anns = [a for fam in fams for a in _jsonl(fam / f"{p.name}.jsonl")]
        out.append(Doc.from_text(p.name, _read(p), anns, source="corpus"))
    return out


# --------------------------------------------------------------------------- mutants


@dataclass
class Mutant:
    kind: str
    doc: str                        # source document name
    text: str                       # the mutated text (written under the source's name)
    spans: list[tuple[int, int]]    # where a finding is expected, offsets into ``text``
    families: tuple[str, ...]       # expected finding families
    what: str                       # human-readable description
    extra: dict[str, str] = field(default_factory=dict)   # more files of the same run
    target: str = ""                # file that carries ``text`` (default: doc)
    detail: dict = field(default_factory=dict)

    @property
    def file(self) -> str:
        return self.target or self.doc


def _overlap(a: tuple[int, int], b: tuple[int, int], widen: int = WIDEN) -> bool:
    return a[0] < b[1] + widen and b[0] < a[1] + widen


def _near_issue(doc: Doc, start: int, end: int) -> bool:
    return any(_overlap((start, end), (r.start, r.end)) for r in doc.issues)


def _replace(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


# numbers: 93,409,520.08 / 758.97 / 15 ; not glued to latin letters or other digits
NUM_RE = re.compile(r"(?<![\dA-Za-z.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\dA-Za-z])")
PCT_RE = re.compile(r"(?<![\d.,])(\d+(?:\.\d+)?)\s?[%％]")


def _is_year(text: str, m: re.Match) -> bool:
    s = m.group()
    if re.fullmatch(r"(19|20)\d\d", s):
        return True
    after = text[m.end():m.end() + 1]
    before = text[max(0, m.start() - 1):m.start()]
    return after in ("号", "〕", "]", "）") and before in ("〔", "[", "（")


def _value(s: str) -> float:
    return float(s.replace(",", ""))


def _note_values(note: str) -> set[float]:
    return {_value(m.group()) for m in NUM_RE.finditer(note)}


def _decimals(s: str) -> int:
    return len(s.split(".", 1)[1]) if "." in s else 0


def change_digit(s: str, rng: random.Random) -> str:
    """Change the second significant digit of the integer part (the only one when it has
    one digit) by 3..7 (mod 10): at least 3 % of the value, so no rounded relation survives."""
    int_end = s.index(".") if "." in s else len(s)
    pos_list = [i for i in range(int_end) if s[i].isdigit()]
    pos = pos_list[1] if len(pos_list) >= 2 else pos_list[0]
    d = int(s[pos])
    for delta in rng.sample([3, 4, 5, 6, 7], 5):
        nd = (d + delta) % 10
        if len(pos_list) == 1 and nd == 0 and int_end == len(s):
            continue                          # "7" -> "0": a bare zero reads as "none"
        return s[:pos] + str(nd) + s[pos + 1:]
    return s[:pos] + str((d + 3) % 10 or 1) + s[pos + 1:]


def shift_value(s: str, lo: int, hi: int, rng: random.Random, cap: float | None = None) -> str:
    """``s`` moved by lo..hi units (same number of decimals), staying >= 0 and, when the
    value was within ``cap``, within it."""
    v, dec = _value(s), _decimals(s)
    k = rng.randint(lo, hi)
    sign = rng.choice((1, -1))
    for new in (v + sign * k, v - sign * k):
        if new >= 0 and not (cap is not None and v <= cap < new):
            break
    else:
        new = 0.0 if v > 0 else float(k)
    return f"{new:.{dec}f}"


# ---- recomputation of a relation written in an annotation's note: "a + b = c", "a / b = x%"

EQ_RE = re.compile(r"([\d.,\s+\-−×*/÷()（）]+?)\s*=\s*(\d[\d,]*(?:\.\d+)?)\s*([%％]?)")


def _eval(expr: str) -> float | None:
    e = (expr.replace(",", "").replace("−", "-").replace("×", "*").replace("÷", "/")
         .replace("（", "(").replace("）", ")"))
    if not re.fullmatch(r"[\d.\s+\-*/()]+", e) or not re.search(r"\d", e):
        return None
    if not re.search(r"[+\-*/]", e):
        return None
    try:
        return float(eval(e, {"__builtins__": {}}, {}))  # digits and operators only
    except Exception:
        return None


def _holds(lhs: float, rhs: str, pct: str) -> bool:
    if pct:
        lhs *= 100
    tol = 0.5 * 10 ** -_decimals(rhs) + 1e-9
    return abs(lhs - _value(rhs)) <= tol * 1.0001


# "33 ≤ 已完工50", "9453 ≤ 低保发放人数 21980": the nearest number on each side of the sign;
# a chain "80 ≤ 87 < 90" is two inequalities sharing 87 (the lookahead lets them overlap)
INEQ_RE = re.compile(r"(?=(\d[\d,]*(?:\.\d+)?)[^\d≤≥<>=]{0,12}?\s*(≤|<=|<|≥|>=|>)\s*[^\d≤≥<>=]{0,12}?(\d[\d,]*(?:\.\d+)?))"
                     r"(?<![\d.,])")


def _ineq(a: float, op: str, b: float) -> bool:
    return {"≤": a <= b, "<=": a <= b, "<": a < b, "≥": a >= b, ">=": a >= b, ">": a > b}[op]


def recompute_breaks(note: str, old: str, new: str) -> bool | None:
    """True: an equation (or inequality) of ``note`` holds with ``old`` and fails with ``new``;
    False: it still holds with ``new``; None: no equation of the note uses ``old``."""
    old_v, new_v = _value(old), _value(new)
    verdict = None
    bounds = [(_value(m.group(1)), m.group(2), _value(m.group(3))) for m in INEQ_RE.finditer(note)]
    bounds = [(a, op, b) for a, op, b in bounds if old_v in (a, b) and _ineq(a, op, b)]
    if bounds:
        # every bound the note puts on the number (a grade band is two: 80 ≤ 87 < 90) must
        # still hold for the change to break nothing
        if all(_ineq(*((new_v, op, b) if a == old_v else (a, op, new_v))) for a, op, b in bounds):
            return False      # the mutated number still satisfies the inequalities
        verdict = True
    for m in EQ_RE.finditer(note):
        expr, rhs, pct = m.group(1), m.group(2), m.group(3)
        lhs = _eval(expr)
        if lhs is None or not _holds(lhs, rhs, pct):
            continue
        tokens = [t for t in NUM_RE.finditer(expr) if _value(t.group()) == old_v]
        if tokens:
            t = tokens[0]
            e2 = expr[:t.start()] + repr(new_v) + expr[t.end():]
            lhs2 = _eval(e2)
            if lhs2 is None:
                continue
            if _holds(lhs2, rhs, pct):
                return False
            verdict = True
        elif _value(rhs) == old_v:
            if _holds(lhs, new, pct):
                return False
            verdict = True
    return verdict


# ---- number_in_relation / rate_or_share / score


def _numbers_in(doc: Doc, rel: Relation) -> list[re.Match]:
    """Numbers inside ``rel``'s quote (document offsets); those the note also names first."""
    # a number run into the next by OCR (64.864.864.8: three cells glued) is no number a
    # reader could name, nor change as one
    ms = [m for m in NUM_RE.finditer(doc.text, rel.start, rel.end) if not _is_year(doc.text, m)
          and not re.match(r"\.\d", doc.text[m.end():m.end() + 2])]
    named = _note_values(rel.note)
    pref = [m for m in ms if _value(m.group()) in named]
    return pref or ms


def _relation_sites(doc: Doc, families: tuple[str, ...], rules: tuple[str, ...] = ()):
    seen, sites = set(), []
    for rel in doc.holds:
        if rel.family not in families or (rules and rel.rule not in rules):
            continue
        for m in _numbers_in(doc, rel):
            if (m.start(), m.end()) in seen or _near_issue(doc, m.start(), m.end()):
                continue
            seen.add((m.start(), m.end()))
            sites.append((rel, m))
    return sites


def mutate_number_in_relation(doc: Doc, rng: random.Random, n: int) -> list[Mutant]:
    """Change one number inside the quote of a relation that holds (arithmetic.*, score.*)."""
    sites = _relation_sites(doc, ("arithmetic", "score"))
    rng.shuffle(sites)
    out = []
    for rel, m in sites:
        old = m.group()
        for _ in range(4):
            new = change_digit(old, rng)
            check = recompute_breaks(rel.note, old, new)
            if check is not False:
                break
        else:
            continue
        text = _replace(doc.text, m.start(), m.end(), new)
        out.append(Mutant("number_in_relation", doc.name, text, [(m.start(), m.start() + len(new))],
                          NUMERIC, f"{rel.rule} {old}->{new} in {rel.quote!r}",
                          detail={"rule": rel.rule, "old": old, "new": new,
                                  "recomputed": check is True}))
        if len(out) >= n:
            break
    return out


def mutate_rate_or_share(doc: Doc, rng: random.Random, n: int) -> list[Mutant]:
    """Move a percentage of a holding rate/share/growth by 3-8 points."""
    rules = ("arithmetic.rate", "arithmetic.share", "arithmetic.growth", "arithmetic.percent_sum")
    seen, sites = set(), []
    for rel in doc.holds:
        if rel.rule not in rules:
            continue
        for m in PCT_RE.finditer(doc.text, rel.start, rel.end):
            span = m.span(1)
            if span not in seen and not _near_issue(doc, *span):
                seen.add(span)
                sites.append((rel, span))
    rng.shuffle(sites)
    out = []
    for rel, (a, b) in sites[:n]:
        old = doc.text[a:b]
        new = shift_value(old, 3, 8, rng, cap=100.0)
        if _value(new) == _value(old):
            continue
        out.append(Mutant("rate_or_share", doc.name, _replace(doc.text, a, b, new),
                          [(a, a + len(new))], NUMERIC, f"{rel.rule} {old}%->{new}% in {rel.quote!r}",
                          detail={"rule": rel.rule, "old": old, "new": new}))
    return out


def mutate_score(doc: Doc, rng: random.Random, n: int) -> list[Mutant]:
    """Move one score of a holding score relation (score.total, score.rule ...) by 2-5 points."""
    sites = _relation_sites(doc, ("score",))
    rng.shuffle(sites)
    out = []
    for rel, m in sites[:n]:
        old = m.group()
        # a bound of the note (94 ≥ 90 for 优, 15.5 ≤ 20 满分) the new score still meets breaks
        # nothing: try another shift, and give the site up when none breaks it
        for _ in range(4):
            new = shift_value(old, 2, 5, rng)
            if recompute_breaks(rel.note, old, new) is not False:
                break
        else:
            continue
        if _value(new) == _value(old):
            continue
        out.append(Mutant("score", doc.name, _replace(doc.text, m.start(), m.end(), new),
                          [(m.start(), m.start() + len(new))], NUMERIC,
                          f"{rel.rule} {old}->{new} in {rel.quote!r}",
                          detail={"rule": rel.rule, "old": old, "new": new}))
    return out


# ---- drop_part

LIST_RE = re.compile(r"(其中|包括|分别为|分别是)[：:]?")
SEP = "，,、；;"
UNIT_RE = re.compile(r"\s*(万元|亿元|元|万人|人次|人|个|家|户|项|件|次|公里|亩|吨|所|台)")


def _part_number(seg: str, base: int) -> tuple[float, str, int, int] | None:
    """The single quantity of a list segment: (value, unit, start, end)."""
    ms = [m for m in NUM_RE.finditer(seg)]
    if len(ms) != 1:
        return None
    m = ms[0]
    u = UNIT_RE.match(seg, m.end())
    if not u:
        return None
    return _value(m.group()), u.group(1), base + m.start(), base + m.end()


def drop_part_sites(text: str) -> list[dict]:
    """Lists after 其中/包括/分别为 whose parts add up to the quantity just before the keyword."""
    sites = []
    for k in LIST_RE.finditer(text):
        end = k.end()
        while end < len(text) and text[end] not in "。\n；;":
            end += 1
        body_start = k.end()
        segs, pos = [], body_start
        for piece in re.split(f"([{SEP}])", text[body_start:end]):
            if piece and piece in SEP:
                pos += len(piece)
                continue
            segs.append((pos, pos + len(piece)))
            pos += len(piece)
        parts = []
        for a, b in segs:
            q = _part_number(text[a:b], a)
            if q is None:
                parts = []
                break
            parts.append((a, b, q))
        if len(parts) < 3:
            continue     # one part left is a plain 其中 statement (X，其中 A a): nothing to find
        # the whole: the last quantity with the same unit within 40 characters before the keyword
        window_start = max(0, k.start() - 40)
        unit = parts[0][2][1]
        if any(p[2][1] != unit for p in parts):
            continue
        whole = None
        for m in NUM_RE.finditer(text, window_start, k.start()):
            u = UNIT_RE.match(text, m.end())
            if u and u.group(1) == unit and not _is_year(text, m):
                whole = m
        if whole is None:
            continue
        dec = max([_decimals(whole.group())] + [_decimals(text[p[2][2]:p[2][3]]) for p in parts])
        total = sum(p[2][0] for p in parts)
        if abs(total - _value(whole.group())) > 0.5 * 10 ** -dec + 1e-9:
            continue
        sites.append({"whole": whole.span(), "parts": parts, "end": end, "keyword": k.span()})
    return sites


def mutate_drop_part(doc: Doc, rng: random.Random, n: int) -> list[Mutant]:
    """Drop one part of a list after 其中/包括/分别为 whose parts add up to the whole."""
    choices = []
    for s in drop_part_sites(doc.text):
        if _near_issue(doc, s["whole"][0], s["end"]):
            continue
        for i, p in enumerate(s["parts"]):
            if p[2][0] != 0:
                choices.append((s, i))
    rng.shuffle(choices)
    out = []
    for s, i in choices[:n]:
        parts = s["parts"]
        a, b = parts[i][0], parts[i][1]
        if i == 0:
            cut = (a, parts[1][0])            # the part and the separator after it
        else:
            cut = (parts[i - 1][1], b)        # the separator before it and the part
        text = _replace(doc.text, cut[0], cut[1], "")
        shift = cut[1] - cut[0]

        def moved(x, y):
            return (x, y) if y <= cut[0] else (x - shift, y - shift)
        spans = [s["whole"]] + [moved(p[2][2], p[2][3]) for j, p in enumerate(parts) if j != i]
        out.append(Mutant("drop_part", doc.name, text, spans, NUMERIC,
                          f"dropped {doc.text[cut[0]:cut[1]]!r} from the list of "
                          f"{doc.text[s['whole'][0]:s['whole'][1]]}",
                          detail={"dropped": doc.text[cut[0]:cut[1]]}))
    return out


# ---- places

@dataclass
class Region:
    name: str
    code: str
    level: str
    parent: str
    short: str


_REGIONS: dict[str, list[Region]] = {}
_LONGER: dict[str, set[str]] = {}            # 宁县 -> {昌宁县, 永宁县, ...}
_FORMER: set[tuple[str, str]] = set()       # (name, code) of divisions gone by 2025


def load_regions(root: Path) -> list[Region]:
    key = str(root)
    if key not in _REGIONS:
        rows = []
        for line in _read(root / "lexicons" / "regions.tsv").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            cols += [""] * (6 - len(cols))
            rows.append(Region(*cols[:5]))
            if cols[5].strip() == "former":
                _FORMER.add((cols[0], cols[1]))
        _REGIONS[key] = rows
        names = {r.name for r in rows}
        for n in names:
            for k in range(2, len(n)):
                if n[-k:] in names:
                    _LONGER.setdefault(n[-k:], set()).add(n)
    return _REGIONS[key]


LEVEL_CHARS = set("省市县区州盟旗")
TOWN_CHARS = set("镇乡村")


def mentions(text: str, r: Region) -> list[tuple[int, int, bool]]:
    """Mentions of ``r``: (start, end, True) for the full name, (start, end, False) for the
    short name where no other level suffix follows (红河州 is not a mention of 红河县), and
    (start, end, "abbr") for short name + own level character (红河州)."""
    out, taken = [], set()
    longer = _LONGER.get(r.name, ())
    for m in re.finditer(re.escape(r.name), text):
        if any(text[max(0, m.end() - len(n)):m.end()] == n for n in longer):
            continue                          # 宁县 inside 昌宁县
        if len(r.name) == 2 and CJK.match(text[m.start() - 1:m.start()] or "x"):
            continue                          # 和县 in 副书记和县政府: a conjunction, not a county
        out.append((m.start(), m.end(), True))
        taken.add(m.start())
    if r.short and len(r.short) >= 2 and r.short != r.name:
        rest = r.name[len(r.short):]
        for m in re.finditer(re.escape(r.short), text):
            if m.start() in taken:
                continue
            nxt = text[m.end():m.end() + 1]
            if rest and text.startswith(rest, m.end()):
                continue                      # a longer spelling of the full name
            if nxt in TOWN_CHARS or text.startswith("街道", m.end()):
                continue                      # 临城镇: a town named after the county, not the county
            if nxt in LEVEL_CHARS:
                if nxt != r.name[-1]:
                    continue                  # another division's suffix
                out.append((m.start(), m.end() + 1, "abbr"))   # 红河州 for 红河哈尼族彝族自治州
                continue
            out.append((m.start(), m.end(), False))
    return sorted(out)


def home_place(text: str, regions: list[Region]) -> tuple[Region, list] | None:
    """The county (else prefecture-level city) the text names most often, at least twice and at least once
    by its full name; ambiguous short names resolved by a parent named in the text."""
    by_code = {r.code: r for r in regions}
    best = None
    for level in ("county", "city"):
        cands = []
        for r in regions:
            if r.level != level or r.name not in text:
                continue
            ms = mentions(text, r)
            if len(ms) >= 2 and any(full is True for _, _, full in ms):
                cands.append((r, ms))
        # same spelling in several places: keep the one whose parent the text names
        by_name = defaultdict(list)
        for r, ms in cands:
            by_name[r.name].append((r, ms))
        resolved = []
        for name, group in by_name.items():
            if len(group) == 1:
                resolved.append(group[0])
                continue
            named = [(r, ms) for r, ms in group if (p := by_code.get(r.parent))
                     and (p.name in text or (p.short and p.short in text))]
            if len(named) == 1:
                resolved.append(named[0])
        if resolved:
            best = max(resolved, key=lambda x: (len(x[1]), x[0].code))
            break
    return best


def siblings(r: Region, regions: list[Region], text: str) -> list[Region]:
    """Divisions of the same parent and level the text does not name; those with the same
    level character (县 for a 县) when there are any."""
    # a former division (株洲县, now 渌口区) is no sibling a copy would name, and a short name that
    # is also a city's or province's (株洲) names that larger division, not a sibling
    higher = {s.short for s in regions if s.level in ("city", "province") and s.short}
    out = [s for s in regions if s.parent == r.parent and s.level == r.level and s.code != r.code
           and s.short and len(s.short) >= 2 and s.short not in text and s.name not in text
           and (s.name, s.code) not in _FORMER and (r.level != "county" or s.short not in higher)]
    same = [s for s in out if s.name[-1] == r.name[-1]]
    return same or out


def _swap_name(home: Region, sib: Region, full) -> str:
    """The sibling spelled like the mention: full name, short name, or short + level (红河州)."""
    if full == "abbr":
        return sib.short + sib.name[-1]
    return sib.name if full else sib.short


def _home_and_siblings(doc: Doc, regions: list[Region]):
    """(home division, its mentions, its siblings of the same prefecture), or None."""
    found = home_place(doc.text, regions)
    if not found:
        return None
    home, ms = found
    sibs = siblings(home, regions, doc.text)
    return (home, ms, sibs) if sibs else None


def mutate_swap_place(doc: Doc, rng: random.Random, n: int, regions: list[Region]) -> list[Mutant]:
    """Replace one mention of the home county/district by a sibling of the same prefecture."""
    found = _home_and_siblings(doc, regions)
    if not found:
        return []
    home, ms, sibs = found
    ms = [m for m in ms if not _near_issue(doc, m[0], m[1])]
    rng.shuffle(ms)
    out = []
    for a, b, full in ms[:n]:
        sib = rng.choice(sibs)
        new = _swap_name(home, sib, full)
        out.append(Mutant("swap_place", doc.name, _replace(doc.text, a, b, new), [(a, a + len(new))],
                          ("entity",), f"{doc.text[a:b]}->{new} at {a}",
                          detail={"home": home.name, "sibling": sib.name}))
    return out


def mutate_sibling_residue(doc: Doc, rng: random.Random, n: int, regions: list[Region]) -> list[Mutant]:
    """A sibling copy: the home place replaced everywhere by a neighbour but one mention."""
    found = _home_and_siblings(doc, regions)
    if not found:
        return []
    home, ms, sibs = found
    order = list(range(len(ms)))
    rng.shuffle(order)
    stem, suffix = os.path.splitext(doc.name)
    out = []
    for keep in order[:n]:
        sib = rng.choice(sibs)
        pieces, pos, span = [], 0, None
        for i, (a, b, full) in enumerate(ms):
            pieces.append(doc.text[pos:a])
            at = sum(len(p) for p in pieces)
            if i == keep:
                pieces.append(doc.text[a:b])
                span = (at, at + b - a)
            else:
                pieces.append(_swap_name(home, sib, full))
            pos = b
        pieces.append(doc.text[pos:])
        copy = "".join(pieces)
        copy_name = f"{stem}__{sib.short}{suffix}"
        out.append(Mutant("sibling_residue", doc.name, copy, [span], ("entity",),
                          f"copy for {sib.name}, {home.name} left at {span[0]}",
                          extra={doc.name: doc.text}, target=copy_name,
                          detail={"home": home.name, "sibling": sib.name}))
    return out


# ---- text: double_char / double_word

REDUP = set("常人天年个处事时家户层步渐刚仅往纷深多稍慢好明默生谢星偏统恰连频屡久匆依井落"
            "轻悄紧暗微区")
CJK = re.compile(r"[\u4e00-\u9fff]")
NUMERAL = set("〇零一二三四五六七八九十百千万亿两")


def _jieba():
    import jieba
    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba


def prose_lines(text: str):
    """(start, end) of lines that read as prose: no table separators, mostly Chinese, a clause
    mark inside."""
    pos = 0
    for line in text.split("\n"):
        s, e = pos, pos + len(line)
        pos = e + 1
        if "|" in line or "\t" in line or len(line) < 12:
            continue
        cjk = len(CJK.findall(line))
        if cjk >= 0.6 * len(line.strip()) and re.search(r"[，。；,;]", line):
            yield s, e


def _words(doc: Doc):
    jb = _jieba()
    for s, e in prose_lines(doc.text):
        pos = s
        for w in jb.lcut(doc.text[s:e], HMM=False):
            yield pos, w
            pos += len(w)


def mutate_double_char(doc: Doc, rng: random.Random, n: int) -> list[Mutant]:
    """Type one character of a multi-character prose word twice (工作 -> 工工作)."""
    freq = _jieba().dt.FREQ
    sites = []
    for pos, w in _words(doc):
        if len(w) < 2 or not all(CJK.match(c) for c in w) or _near_issue(doc, pos, pos + len(w)):
            continue
        for i, c in enumerate(w):
            if c in NUMERAL or c in REDUP or freq.get(c + c) or (i and w[i - 1] == c) \
                    or (i + 1 < len(w) and w[i + 1] == c):
                continue
            new_word = w[:i + 1] + c + w[i + 1:]
            if freq.get(new_word):
                continue
            sites.append((pos, w, i))
    rng.shuffle(sites)
    out = []
    for pos, w, i in sites[:n]:
        at = pos + i + 1
        text = _replace(doc.text, at, at, w[i])
        out.append(Mutant("double_char", doc.name, text, [(at - 1, at + 1)], ("text",),
                          f"{w}->{w[:i + 1] + w[i] + w[i + 1:]} at {pos}"))
    return out


def mutate_double_word(doc: Doc, rng: random.Random, n: int) -> list[Mutant]:
    """Type a two-character prose word twice (工作 -> 工作工作)."""
    freq = _jieba().dt.FREQ
    sites = []
    for pos, w in _words(doc):
        if len(w) != 2 or w[0] == w[1] or not all(CJK.match(c) for c in w) \
                or any(c in NUMERAL for c in w) or freq.get(w + w) \
                or doc.text.startswith(w, pos + 2) or _near_issue(doc, pos, pos + 2):
            continue
        sites.append((pos, w))
    rng.shuffle(sites)
    out = []
    for pos, w in sites[:n]:
        text = _replace(doc.text, pos + 2, pos + 2, w)
        out.append(Mutant("double_word", doc.name, text, [(pos, pos + 4)], ("text",),
                          f"{w}->{w + w} at {pos}"))
    return out


# ---- text: typo (a homophone in a term the report writes several times)

_HOMOPHONES: dict = {}


def _gb2312(c: str) -> bool:
    try:
        return len(c.encode("gb2312")) == 2
    except UnicodeEncodeError:
        return False


def _homophones() -> dict[str, list[str]]:
    """Character -> common characters of the same usual reading, tones ignored (pypinyin's
    character table; "common" = in GB 2312 and a one-character word of jieba's dictionary seen
    2,000+ times)."""
    if not _HOMOPHONES:
        import unicodedata
        from pypinyin.pinyin_dict import pinyin_dict
        freq = _jieba().dt.FREQ
        by_reading: dict[str, list[str]] = {}
        for cp, marked in pinyin_dict.items():
            c = chr(cp)
            if not CJK.match(c) or freq.get(c, 0) < 2000 or not _gb2312(c):
                continue   # (jieba's dictionary holds some mojibake characters: 鍦)
            r = unicodedata.normalize("NFD", marked.split(",")[0]).replace("u\u0308", "v")
            r = "".join(x for x in r if not unicodedata.combining(x))
            by_reading.setdefault(r, []).append(c)
        for group in by_reading.values():
            for c in group:
                _HOMOPHONES[c] = sorted(x for x in group if x != c)
    return _HOMOPHONES


def mutate_typo(doc: Doc, rng: random.Random, n: int) -> list[Mutant]:
    """One occurrence of a term the report writes three or more times, with one character
    swapped for a common homophone that makes no dictionary word (满意度 -> 满义度): the slip
    of a pinyin input method, at a random place."""
    freq = _jieba().dt.FREQ
    homophones = _homophones()
    sites = []
    for pos, w in _words(doc):
        if not 2 <= len(w) <= 4 or not all(CJK.match(c) for c in w) or any(c in NUMERAL for c in w) \
                or doc.text.count(w) < 3 or _near_issue(doc, pos, pos + len(w)):
            continue
        for i, c in enumerate(w):
            for h in homophones.get(c, ()):
                new_word = w[:i] + h + w[i + 1:]
                if not freq.get(new_word) and new_word not in doc.text:
                    sites.append((pos, w, i, h))
    rng.shuffle(sites)
    out, used = [], set()
    for pos, w, i, h in sites:
        if len(out) >= n:
            break
        if pos in used:
            continue
        used.add(pos)
        text = _replace(doc.text, pos + i, pos + i + 1, h)
        out.append(Mutant("typo", doc.name, text, [(pos, pos + len(w))], ("text",),
                          f"{w}->{w[:i] + h + w[i + 1:]} at {pos}"))
    return out


# ---- numbering

CN_DIGITS = "零一二三四五六七八九"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def cn_to_int(s: str) -> int | None:
    if not s or any(c not in CN_DIGITS + "十" for c in s):
        return None
    if s == "十":
        return 10
    if "十" in s:
        a, _, b = s.partition("十")
        return (CN_DIGITS.index(a) if a else 1) * 10 + (CN_DIGITS.index(b) if b else 0)
    return CN_DIGITS.index(s) if len(s) == 1 else None


def int_to_cn(n: int) -> str:
    if n < 10:
        return CN_DIGITS[n]
    t, u = divmod(n, 10)
    return ("" if t == 1 else CN_DIGITS[t]) + "十" + (CN_DIGITS[u] if u else "")


# (style, regex with the value in group "v", to_int, from_int)
STYLES = [
    ("cn_top", re.compile(r"(?m)^[ \t　]*(?P<v>[一二三四五六七八九十]{1,3})、"), cn_to_int, int_to_cn),
    ("cn_paren", re.compile(r"(?m)^[ \t　]*[（(](?P<v>[一二三四五六七八九十]{1,3})[）)]"), cn_to_int, int_to_cn),
    # a marker is followed by its item's text: 2、) in text extracted from a PDF is no marker
    ("ar_dot", re.compile(r"(?m)^[ \t　]*(?P<v>\d{1,2})(?:[.．、](?!\d))(?=\s*[\u4e00-\u9fff“《(（A-Za-z])"),
     int, str),
    ("ar_paren", re.compile(r"(?m)^[ \t　]*[（(](?P<v>\d{1,2})[）)]"), int, str),
    ("circled", re.compile(r"(?P<v>[①-⑳])"), lambda s: CIRCLED.index(s) + 1,
     lambda n: CIRCLED[n - 1] if 1 <= n <= 20 else None),
]


def numbered_runs(text: str) -> list[tuple[str, list[tuple[int, int, int]]]]:
    """Runs of one marker style numbered 1, 2, 3 ... (at least three): [(start, end, value)]."""
    runs = []
    for style, rx, to_int, _ in STYLES:
        cur: list = []
        for m in rx.finditer(text):
            v = to_int(m.group("v"))
            if v is None:
                continue
            item = (m.start("v"), m.end("v"), v)
            if cur and v == cur[-1][2] + 1:
                cur.append(item)
                continue
            if len(cur) >= 3:
                runs.append((style, cur))
            cur = [item] if v == 1 else []
        if len(cur) >= 3:
            runs.append((style, cur))
    return runs


def mutate_numbering(doc: Doc, rng: random.Random, n: int) -> list[Mutant]:
    """In a numbered list, repeat one marker (1 2 2 3) or skip one (1 2 4 5): the items from
    the chosen one on are renumbered by -1 or +1."""
    fmt = {s: f for s, _, _, f in STYLES}
    sites = []
    for style, items in numbered_runs(doc.text):
        for k in range(1, len(items)):
            a, b, _ = items[k]
            if not _near_issue(doc, a, b):
                sites.append((style, items, k))
    rng.shuffle(sites)
    out = []
    for style, items, k in sites[:n]:
        op = rng.choice(("duplicate", "skip"))
        d = -1 if op == "duplicate" else 1
        text = doc.text
        new_k = None
        for a, b, v in reversed(items[k:]):
            mark = fmt[style](v + d)
            if mark is None:
                break
            text = _replace(text, a, b, mark)
            new_k = mark
        else:
            a, b, _ = items[k]
            out.append(Mutant("numbering", doc.name, text, [(a, a + len(new_k))], ("structure",),
                              f"{op} {style}: {doc.text[a:b]}->{new_k} at {a}",
                              detail={"op": op, "style": style}))
    return out



# ---- template: a slot left unfilled

_BODY_YEAR = re.compile(r"(?<!\d)20\d\d(?=年)")
_AMOUNT = re.compile(r"(?<![\d.,])\d+(?:\.\d+)?(?=万元)")


def mutate_placeholder(doc: Doc, rng: random.Random, n: int) -> list[Mutant]:
    """Leave one slot of the template unfilled: a year of the body (2023年 -> 20xx年) or an
    amount (120.5万元 -> XX万元), where other years of the body stay filled in."""
    body = doc.text.find("\n") + 1
    years = [m for m in _BODY_YEAR.finditer(doc.text, body)]
    if len(years) < 2:
        return []
    sites = [(m, "20xx") for m in years] + [(m, "XX") for m in _AMOUNT.finditer(doc.text, body)]
    sites = [(m, new) for m, new in sites if not _near_issue(doc, m.start(), m.end())]
    rng.shuffle(sites)
    out = []
    for m, new in sites[:n]:
        text = _replace(doc.text, m.start(), m.end(), new)
        out.append(Mutant("placeholder", doc.name, text, [(m.start(), m.start() + len(new))], ("template",),
                          f"{m.group()}->{new} at {m.start()}"))
    return out

KINDS = {
    "number_in_relation": mutate_number_in_relation,
    "drop_part": mutate_drop_part,
    "rate_or_share": mutate_rate_or_share,
    "score": mutate_score,
    "swap_place": mutate_swap_place,
    "double_char": mutate_double_char,
    "double_word": mutate_double_word,
    "typo": mutate_typo,
    "numbering": mutate_numbering,
    "sibling_residue": mutate_sibling_residue,
    "placeholder": mutate_placeholder,
}
NEEDS_REGIONS = {"swap_place", "sibling_residue"}
KIND_FAMILY = {"number_in_relation": "numeric", "drop_part": "numeric", "rate_or_share": "numeric",
               "score": "numeric", "swap_place": "entity", "sibling_residue": "entity",
               "double_char": "text", "double_word": "text", "typo": "text", "numbering": "structure",
               "placeholder": "template"}


def make_mutants(docs: list[Doc], kinds: list[str], per_doc: int, seed: int,
                 regions: list[Region] | None) -> dict[str, list[list[Mutant]]]:
    """kind -> per document, its mutants (each document's RNG seeded by seed, kind and name)."""
    out = {}
    for kind in kinds:
        fn = KINDS[kind]
        per = []
        for doc in docs:
            rng = random.Random(f"{seed}:{kind}:{doc.name}")
            args = (regions,) if kind in NEEDS_REGIONS else ()
            per.append(fn(doc, rng, per_doc, *args))
        out[kind] = per
    return out


# --------------------------------------------------------------------------- running the auditor


def import_auditor(root: Path):
    root = str(Path(root).resolve())
    if sys.path[:1] != [root]:
        sys.path.insert(0, root)
    for name in [m for m in sys.modules if m == "auditor" or m.startswith("auditor.")]:
        mod = sys.modules[name]
        if not str(getattr(mod, "__file__", "") or "").startswith(root):
            del sys.modules[name]
    from auditor import engine
    return engine


def run_files(engine, files: dict[str, str], workdir: Path, min_confidence: str) -> dict[str, list]:
    """Write ``files`` (name -> text) into ``workdir`` and run the auditor once over it."""
    workdir.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        with open(workdir / name, "w", encoding="utf-8", newline="") as f:
            f.write(text)
    res = engine.run([str(workdir)], engine.Options(min_confidence=min_confidence))
    out = {}
    for d in res.documents:
        if d.error:
            print(f"  ! {Path(d.path).name}: {d.error}", file=sys.stderr)
        if d.summary.get("check_errors"):
            # a rule that crashed finds nothing, and its recall would read as a measurement
            raise SystemExit(f"mutate: rule failed on {Path(d.path).name}: "
                             f"{d.summary['check_errors'][0]} (is the auditor installed here?)")
        out[Path(d.path).name] = d.findings
    return out


def _spans(f) -> list[tuple[int, int]]:
    return [(f.start, f.end)] + [(r.start, r.end) for r in f.related]


def detects(m: Mutant, findings: list, baseline: set[tuple[str, str]]) -> list:
    hits = []
    for f in findings:
        if f.family not in m.families or (f.rule, f.excerpt) in baseline:
            continue
        if any(_overlap(x, s) for x in _spans(f) for s in m.spans):
            hits.append(f)
    return hits


def false_alarms(doc: Doc, findings: list) -> list:
    return [f for f in findings
            if not any(_overlap(x, (r.start, r.end)) for x in _spans(f) for r in doc.issues)]


# --------------------------------------------------------------------------- main


def _default_shared(root: Path) -> Path | None:
    for p in (root / ".." / "shared", DEFAULT_ROOT / ".." / "shared", DEFAULT_ROOT / ".." / ".." / "shared"):
        if (p / "real").is_dir():
            return p.resolve()
    return None


def _commit(root: Path) -> str:
    try:
        out = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True, timeout=10)
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--", "auditor"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
        return out.stdout.strip() + (" (auditor/ modified)" if dirty else "") if out.returncode == 0 else ""
    except (OSError, subprocess.SubprocessError):
        return ""


def harness(docs: list[Doc], kinds: list[str], per_doc: int, seed: int, auditor_root: Path,
            min_confidence: str = "likely", keep: Path | None = None, log=print) -> dict:
    engine = import_auditor(auditor_root)
    regions = None
    if NEEDS_REGIONS & set(kinds):
        if (auditor_root / "lexicons" / "regions.tsv").exists():
            regions = load_regions(auditor_root)
        else:
            log(f"  no lexicons/regions.tsv under {auditor_root}: {', '.join(sorted(NEEDS_REGIONS))} skipped",
                file=sys.stderr)
            kinds = [k for k in kinds if k not in NEEDS_REGIONS]
    names = Counter(d.name for d in docs)
    dup = [n for n, c in names.items() if c > 1]
    if dup:
        raise SystemExit(f"document names must be unique over the inputs: {dup}")
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="mutate-") as tmp:
        work = Path(keep) if keep else Path(tmp)
        base = run_files(engine, {d.name: d.text for d in docs}, work / "base", min_confidence)
        baseline = {name: {(f.rule, f.excerpt) for f in fs} for name, fs in base.items()}
        mutants = make_mutants(docs, kinds, per_doc, seed, regions)
        results = []
        for kind in kinds:
            per = mutants[kind]
            for r in range(max((len(x) for x in per), default=0)):
                batch = [ms[r] for ms in per if len(ms) > r]
                files = {}
                for m in batch:
                    files.update(m.extra)
                    files[m.file] = m.text
                got = run_files(engine, files, work / f"{kind}-{r}", min_confidence)
                for m in batch:
                    hits = detects(m, got.get(m.file, []), baseline.get(m.doc, set()))
                    a, b = m.spans[0]
                    results.append({"kind": kind, "doc": m.doc, "file": m.file, "what": m.what,
                                    "context": m.text[max(0, a - 12):b + 12], "spans": m.spans, "families": list(m.families),
                                    "detected": bool(hits),
                                    "by": sorted({f.rule for f in hits}), **m.detail})
            log(f"  {kind}: {sum(len(x) for x in per)} mutants", file=sys.stderr)
    fas = []
    for d in docs:
        for f in false_alarms(d, base.get(d.name, [])):
            fas.append({"file": d.name, "rule": f.rule, "start": f.start, "excerpt": f.excerpt,
                        "on_holds": any(_overlap((f.start, f.end), (r.start, r.end), 0) for r in d.holds)})
    return {"seed": seed, "per_doc": per_doc, "kinds": kinds, "documents": len(docs),
            "auditor_root": str(auditor_root), "commit": _commit(auditor_root), "seconds": round(time.perf_counter() - t0, 1),
            "mutants": results, "false_alarms": fas,
            "baseline_findings": sum(len(v) for v in base.values())}


def summarize(report: dict) -> str:
    rows = defaultdict(lambda: [0, 0])
    fam = defaultdict(lambda: [0, 0])
    by = defaultdict(Counter)
    for m in report["mutants"]:
        rows[m["kind"]][0] += 1
        rows[m["kind"]][1] += m["detected"]
        by[m["kind"]].update(m["by"])
        fam[KIND_FAMILY[m["kind"]]][0] += 1
        fam[KIND_FAMILY[m["kind"]]][1] += m["detected"]
    lines = [f"Mutation recall: {report['documents']} documents, seed {report['seed']}, "
             f"{report['per_doc']} per document and kind, auditor {report['auditor_root']}"
             + (f" at {report['commit']}" if report.get("commit") else ""), "",
             "| kind | mutants | detected | recall | detected by |", "|---|---:|---:|---:|---|"]

    def row(name, n, d, rules=""):
        return f"| {name} | {n} | {d} | {d / n:.2f} | {rules} |" if n else f"| {name} | 0 | 0 | – | |"
    for k in report["kinds"]:
        rules = ", ".join(f"{r} {c}" for r, c in sorted(by[k].items(), key=lambda x: (-x[1], x[0])))
        lines.append(row(k, *rows[k], rules))
    for f in ("numeric", "entity", "text", "structure"):
        if fam[f][0]:
            lines.append(row(f"**family {f}**", *fam[f]))
    tot = [sum(v[0] for v in rows.values()), sum(v[1] for v in rows.values())]
    lines.append(row("**all**", *tot))
    fas = report["false_alarms"]
    lines += ["", f"False alarms on the unmutated texts (findings overlapping no issue annotation): "
              f"{len(fas)} of {report['baseline_findings']} findings", ""]
    for a in fas:
        flag = "  [on a place annotated as holding]" if a["on_holds"] else ""
        lines.append(f"- {a['file']} {a['rule']} @{a['start']} {a['excerpt']!r}{flag}")
    return "\n".join(lines)


def misses(report: dict, limit: int = 5) -> str:
    by = defaultdict(list)
    for m in report["mutants"]:
        if not m["detected"]:
            by[m["kind"]].append(m)
    lines = ["", "Missed mutants (first %d per kind):" % limit]
    for k, ms in by.items():
        lines.append(f"- {k}:")
        lines += [f"    {m['doc']}: {m['what']}" for m in ms[:limit]]
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--auditor-root", default=str(DEFAULT_ROOT),
                    help="checkout whose auditor/ is measured (first on sys.path)")
    ap.add_argument("--corpus", action="append", help="folder with *.txt and annotations/<family>/ "
                    "(default: corpus/ of the auditor root)")
    ap.add_argument("--docs", action="append", help="folder of texts with gold annotations in --gold")
    ap.add_argument("--gold", action="append", help="gold folder for the --docs folder of the same position")
    ap.add_argument("--kinds", default=",".join(KINDS), help="comma list of: " + ", ".join(KINDS))
    ap.add_argument("--per-doc", type=int, default=3, help="mutants per document and kind")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--limit-docs", type=int, default=0, help="only the first N documents of each input")
    ap.add_argument("--min-confidence", default="likely")
    ap.add_argument("--json", help="write the full report (every mutant) here")
    ap.add_argument("--keep", help="keep the mutated files in this folder")
    ap.add_argument("--show-misses", type=int, default=5, help="missed mutants listed per kind")
    a = ap.parse_args(argv)
    root = Path(a.auditor_root).resolve()
    kinds = [k.strip() for k in a.kinds.split(",") if k.strip()]
    bad = [k for k in kinds if k not in KINDS]
    if bad:
        ap.error(f"unknown kinds {bad}; choose from {', '.join(KINDS)}")
    corpora = a.corpus
    pairs = list(zip(a.docs or [], a.gold or []))
    if a.docs and len(a.docs) != len(a.gold or []):
        ap.error("each --docs needs a --gold")
    if corpora is None and not pairs:
        corpora = [str(root / "corpus")] if (root / "corpus").is_dir() else []
        shared = _default_shared(root)
        if shared:
            pairs = [(str(shared / "real"), str(shared / "gold" / "real"))]
    docs = []
    for c in corpora or []:
        ds = load_corpus(Path(c))
        docs += ds[:a.limit_docs] if a.limit_docs else ds
    for d, g in pairs:
        ds = load_gold(Path(d), Path(g))
        docs += ds[:a.limit_docs] if a.limit_docs else ds
    if not docs:
        ap.error("no documents")
    report = harness(docs, kinds, a.per_doc, a.seed, root, a.min_confidence, a.keep)
    report["inputs"] = {"corpus": corpora or [], "gold": pairs}
    print(summarize(report))
    if a.show_misses:
        print(misses(report, a.show_misses))
    print(f"\n({report['seconds']} s)")
    if a.json:
        Path(a.json).write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return report


if __name__ == "__main__":
    main()
