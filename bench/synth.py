"""A synthetic corpus of N reports built from the bundled ``corpus/*.txt``.

Reports come in sibling families, like the real 003 (several self-evaluations
written from one template for different units): all members of a family share
one template, one paragraph order and one set of perturbed numbers, and differ
in their place names.  Across families the numbers, the names and the order of
prose paragraphs vary.  The generator is deterministic (seeded by the report
index), so a corpus of N is the first N reports of any larger one.
"""
from __future__ import annotations

import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIBLINGS = 4          # reports per family

_NUMBER = re.compile(r"(?<![\d.])(\d{2,})(?:\.(\d+))?(?![\d.])")
_PLACE = re.compile(r"([\u4e00-\u9fff]{2})(市|县|区)(?=[\u4e00-\u9fff])")
_NAMES = ("东湖", "西山", "南岭", "北川", "青石", "白水", "红河", "金沙", "玉泉", "长宁", "安平", "永和",
          "新丰", "清远", "临江", "凤城", "龙岗", "梅林", "桃源", "松溪", "云台", "石门", "平湖", "兴隆")
_SKIP_PLACE = {"城市", "都市", "地区", "社区", "城区", "市县", "省市", "县区", "全市", "全县", "全区",
               "本市", "本县", "本区", "各市", "各县", "各区", "我市", "我县", "我区", "该市", "该县", "该区",
               "市区", "辖区", "园区", "景区", "片区", "街区", "开发", "城乡", "县城", "市直", "县级",
               "市级", "区级"}


def templates(root: Path = ROOT, subset: str = "all") -> list[tuple[str, str]]:
    """The reports synthetic ones are made from: every ``corpus/*.txt`` (``all``: 61 real
    reports and excerpts, most of them 1–2 pages), or the five full-length reports
    ``corpus/0*.txt`` (``full``: the benchmark's workload before the corpus grew)."""
    pattern = "0*.txt" if subset == "full" else "*.txt"
    return [(p.stem, p.read_text(encoding="utf-8")) for p in sorted((root / "corpus").glob(pattern))]


def _perturb_numbers(text: str, rng: random.Random) -> str:
    def repl(m: re.Match) -> str:
        whole, frac = m.group(1), m.group(2)
        n = int(whole)
        if 1900 <= n <= 2100 and not frac:      # years stay years
            return m.group(0)
        if rng.random() < 0.3:                  # keep some numbers (and their relations)
            return m.group(0)
        value = float(m.group(0)) * rng.uniform(0.7, 1.4)
        if frac:
            return f"{value:.{len(frac)}f}"
        return str(max(10, int(round(value))))
    return _NUMBER.sub(repl, text)


def _rename_places(text: str, rng: random.Random) -> str:
    mapping: dict[str, str] = {}

    def repl(m: re.Match) -> str:
        name = m.group(1)
        if name in _SKIP_PLACE or m.group(0)[:2] in _SKIP_PLACE:
            return m.group(0)
        if name not in mapping:
            mapping[name] = rng.choice(_NAMES)
        return mapping[name] + m.group(2)
    return _PLACE.sub(repl, text)


def _is_prose(line: str) -> bool:
    s = line.strip()
    return (len(s) >= 30 and "\t" not in s and not s.startswith("|")
            and not re.match(r"^[一二三四五六七八九十\d(（①-⑩]", s))


def _shuffle_paragraphs(text: str, rng: random.Random) -> str:
    """Swap some neighbouring prose paragraphs (headings and tables stay put)."""
    lines = text.split("\n")
    i = 0
    while i < len(lines) - 2:
        # prose, blank, prose  or  prose, prose
        j = i + 1
        while j < len(lines) and not lines[j].strip() and j - i <= 2:
            j += 1
        if j < len(lines) and _is_prose(lines[i]) and _is_prose(lines[j]) and rng.random() < 0.5:
            lines[i], lines[j] = lines[j], lines[i]
            i = j + 1
        else:
            i += 1
    return "\n".join(lines)


def make_report(k: int, temps: list[tuple[str, str]]) -> tuple[str, str]:
    """Report number ``k``: (file name, text)."""
    family = k // SIBLINGS
    name, base = temps[family % len(temps)]
    fam_rng = random.Random(family * 7919 + 1)
    text = _shuffle_paragraphs(base, fam_rng)
    text = _perturb_numbers(text, fam_rng)
    text = _rename_places(text, random.Random(k * 104729 + 3))
    return f"{k:06d}_f{family:05d}_{name[:3]}.txt", text


def build(n: int, out: Path, root: Path = ROOT, subset: str = "all") -> dict:
    """Write N reports under ``out`` (1,000 per sub-folder); reuse a complete earlier build."""
    marker = out / ".complete"
    if marker.exists() and marker.read_text().strip() == str(n):
        files = sorted(out.rglob("*.txt"))
    else:
        temps = templates(root, subset)
        out.mkdir(parents=True, exist_ok=True)
        files = []
        for k in range(n):
            fname, text = make_report(k, temps)
            folder = out / f"part{k // 1000:03d}"
            folder.mkdir(exist_ok=True)
            p = folder / fname
            p.write_text(text, encoding="utf-8")
            files.append(p)
        marker.write_text(str(n))
    chars = sum(len(p.read_text(encoding="utf-8")) for p in files)
    size = sum(p.stat().st_size for p in files)
    return {"n": len(files), "chars": chars, "bytes": size, "path": str(out)}
