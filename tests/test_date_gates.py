"""``date.conflict``'s gates (standard-library ``re`` patterns a text must match before a
``regex`` pattern is run on it) are necessary conditions: every text in which the pattern
finds a match holds a match of its gate too, on corpus/, ../shared/real and seeds, the fixtures, the bench corpus (when built)
and made-up texts aimed at the gates' edges; and the gate's \\s and \\d take in every
character of ``regex``'s."""
import random
import re as stdre
from pathlib import Path

import regex

from auditor.checks import date as D

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = (ROOT / "corpus", ROOT.parent / "shared" / "real", ROOT.parent / "shared" / "seeds",
           ROOT / "tests" / "fixtures", ROOT / "bench" / "out" / "corpus-1000")

# (gate, patterns it stands for)
GATES = [
    (D._GATE_MONTH, [D._SHORT_YEAR, D._YEAR_MONTH, D._RECEIVED]),
    (D._GATE_DAY, [D._DATE]),
    (D._GATE_DEADLINE, [D._DEADLINE]),
    (D._GATE_FILLED, [D._FILLED]),
    (D._GATE_DURATION, [D._DURATION]),
    (D._GATE_PLAN, [D._PLAN_OPEN]),
    (D._GATE_RANGE, [D._YEAR_RANGE]),
]

MADE_UP = [
    "2022年13月", "202年1月11日", "2月30日", "2022 年 4 月 31 日", "2022\u3000年\u30004\u3000月",
    "时效指标 2021年11月底前完成", "2021年11月30日之前", "2021年11月 以前", "填报日期：2021-12",
    "建设期为3年，2022年1月开始，2025年12月竣工", "服务期 12 个月", "项目年度目标：2022年计划使用",
    "1. 2022年拟", "2012年6月14日收到财建〔2022〕153号", "２０２２年１月", "\U0001d7ce\U0001d7cf年1月",
    "2022年\u20281月", "2022年\x1c1月", "20\U00011f50\U00011f51年1月", "4\U00011f50月3日",
    "纲要(2011—2010年)", "2011--2010年", "2011年 至 2010 年", "2021～\U0001d7d0\U0001d7ce21年",
]


def _texts():
    texts = list(MADE_UP)
    for folder in FOLDERS:
        if folder.is_dir():
            texts += [p.read_text(encoding="utf-8", errors="replace") for p in sorted(folder.rglob("*.txt"))]
    rng = random.Random(7)
    alphabet = "2019年月日 \u3000\t\n前之以底末份中旬0123456789实施建设期计划拟将收到号〔〕。|" \
               "\U00011f50\U0001d7ce\u2028\x1c-—至"
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(5, 60))) for _ in range(20000)]
    return texts


def test_gates_hold_wherever_their_patterns_match():
    texts = _texts()
    assert len(texts) > 20100
    for gate, patterns in GATES:
        for text in texts:
            # _PLAN_OPEN is matched at the start of a cell: any position of the text may be one
            found = any(p.search(text) for p in patterns if p is not D._PLAN_OPEN) or (
                D._PLAN_OPEN in patterns and any(D._PLAN_OPEN.match(text, i) for i in range(len(text))))
            if found:
                assert gate.search(text), (gate.pattern, text[:200])


def test_gate_classes_hold_regex_classes():
    for cls, gate_cls in ((r"\s", r"\s"), (r"\d", D._D)):
        ours, theirs = stdre.compile(gate_cls), regex.compile(cls)
        for c in range(0x110000):
            if not 0xD800 <= c <= 0xDFFF and theirs.match(chr(c)):
                assert ours.match(chr(c)), hex(c)
