"""Rates the words imply: a printed 支付率/到位率/… next to a statement that the same funds
were paid, placed, disbursed … in full (资金已全额支付 … 支付率100%), and a 完成率 in the
sentence that says the work is done (项目已完成竣工验收，完成率100%).

The statement fixes the rate without any amount: 全额/足额/全部 + the rate's own verb is
100 %; a later step in full (全额支付) fixes an earlier one's rate (到位率) from below.  Read
conservatively — never for one funding level (中央资金已全额拨付 says nothing of the whole),
never negated (尚未全额支付), never across another amount of that verb (已支付80万元 … 支付率)
which the rate may follow, and a statement after the rate only over text with no amount.
"""
from __future__ import annotations

from dataclasses import dataclass

from auditor import rx as re

from .quantities import Quantity, doc_quantities


@dataclass
class FullRate:
    """``rate`` should be 100 % because of the words at ``cue`` (a span of doc.text)."""
    rate: Quantity
    cue: tuple[int, int]
    verb: str
    only_below: bool          # 完成率: an over-fulfilled target (120 %) is no contradiction
    only_above: bool = False  # 下达 X，全部列入…: more than X cannot have arrived (less may)


_VERBS = "支付|到位|拨付|兑付|发放"
_FUNDS_RATE = re.compile(rf"(?:资金|经费|预算|项目|款项)?({_VERBS})(?:率|进度)\s*(?:为|达|达到|是)?\s*[:：]?\s*$")
# 全额支付 / 全部拨付到位 / 足额到位 / 支付完毕
_FULL = re.compile(rf"(?:全额|足额|全部|全数)(?:已)?({_VERBS})|({_VERBS})完毕")
_NEGATED = re.compile(r"(?:未|没有|不|尚未|无法|未能|难以|暂未)\s*$")
# a funding level or a share of the funds as the statement's subject: not the whole
_LEVEL_SUBJECT = re.compile(r"(?:中央|省|市|县|区|旗|乡|镇|本级|上级|地方|自筹|部分|第[一二三四五六七八九十\d]+批|其中|剩余|其余)"
                            r"[^，,。；;：:\n]{0,6}$")
_SUBJECT_CLAUSE = re.compile(r"[^，,。；;：:\n]{0,12}$")
_WINDOW = 400        # characters before the rate searched for the statement
# the whole work done: accepted, completed in full (已完成主体工程 says nothing of the rest)
_DONE = re.compile(r"(?:已|均已)(?:全部|全面|顺利)?(?:完成(?:竣工)?验收|竣工(?:验收)?|通过(?:竣工)?验收)|"
                   r"(?:已|均已)?全部完成|已完成全部")
# a 完成率 of the work itself (资金/投资完成率 may lag an accepted project)
_DONE_RATE = re.compile(r"(?<!资金|预算|投资|支出|经费|支付)完成率\s*(?:为|达|达到|是)?\s*[:：]?\s*$")
_SENT_END = re.compile(r"[。！？!?\n]")


def full_rates(doc) -> list[FullRate]:
    text = doc.text
    qs = [q for q in doc_quantities(doc) if q.unit == "%" and q.cell is None and q.exact]
    if not qs:
        return []
    out = []
    for q in qs:
        head = text[max(0, q.num_start - 12):q.num_start]
        m = _FUNDS_RATE.search(head)
        if m:
            name_at = q.num_start - len(head) + m.start()
            f = _funds_cue(doc, q, m.group(1), name_at)
            g = _all_of_one_amount(text, q, m.group(1), name_at) if f is None or f.only_below else None
            if f is not None and g is not None:
                # a later step in full bounds it from below, the one amount issued from above
                f = FullRate(q, f.cue, f.verb, only_below=False)
            elif g is not None:
                f = g
            if f is not None:
                out.append(f)
            continue
        if _DONE_RATE.search(head):
            f = _done_cue(text, q, q.num_start - len(head) + _DONE_RATE.search(head).start())
            if f is not None:
                out.append(f)
    return out


# a statement of a later step fixes an earlier one from below: funds paid in full had
# all arrived (资金已全额支付 … 到位率 95% contradicts it; 到位率 above 100 % is another matter)
_IMPLIES = {"支付": ("到位",), "拨付": ("到位",), "兑付": ("到位",), "发放": ("到位",)}
_AFTER = 300         # characters after the rate searched for a statement that follows it
_MONEY = re.compile(r"\d\s*(?:万元|亿元|元)")


def _funds_cue(doc, q: Quantity, verb: str, name_at: int) -> FullRate | None:
    text = doc.text
    # the rate's own subject must not be one funding level either (市级资金支付率 …)
    if _LEVEL_SUBJECT.search(_SUBJECT_CLAUSE.search(text[max(0, name_at - 12):name_at]).group()):
        return None
    best = None
    windows = ((max(0, name_at - _WINDOW), name_at, True), (q.end, min(len(text), q.end + _AFTER), False))
    for lo, hi, before_rate in windows:
        for m in _FULL.finditer(text, lo, hi):
            said = m.group(1) or m.group(2)
            if said != verb and verb not in _IMPLIES.get(said, ()):
                continue
            before = text[max(0, m.start() - 16):m.start()]
            if _NEGATED.search(before[-4:]) or _LEVEL_SUBJECT.search(before):
                continue
            between = text[m.end():name_at] if before_rate else text[q.end:m.start()]
            verbs = "|".join({verb, said})
            # another amount paid/placed between the statement and the rate: the rate may be its
            if re.search(rf"(?:{verbs})[^，,。；;\d]{{0,6}}\d", between) or re.search(rf"未(?:{verbs})|(?:{verbs})率", between):
                continue
            # a statement after the rate: only over text that states no other amount
            if not before_rate and _MONEY.search(between):
                continue
            dist = len(between)
            rank = (said != verb, dist)
            if best is None or rank < best[0]:
                best = (rank, m, said)
    if best is None:
        return None
    _, m, said = best
    return FullRate(q, (m.start(), m.end()), verb, only_below=said != verb)


def _sentence_start(text: str, at: int, reach: int) -> int:
    """Where the sentence holding ``at`` starts, looking back at most ``reach`` characters."""
    start = max(0, at - reach)
    ends = list(_SENT_END.finditer(text, start, at))
    return ends[-1].end() if ends else start


def _done_cue(text: str, q: Quantity, name_at: int) -> FullRate | None:
    """项目已完成竣工验收，完成率 r%: the sentence says the work is done, so r < 100 is a
    contradiction (r > 100 may be an over-fulfilled target, unless the rate is the accepted
    work's own, in the clause right after)."""
    start = _sentence_start(text, name_at, 80)
    cue = None
    for m in _DONE.finditer(text, start, name_at):
        if not _NEGATED.search(text[max(0, m.start() - 4):m.start()]):
            cue = m
    if cue is None:
        return None
    between = text[cue.end():name_at]
    # only the clause of the statement and the rate's: no figure, no other task between
    if re.search(r"\d", between) or len(re.findall(r"[，,]", between)) > 1:
        return None
    # a work accepted as a whole (竣工/验收) and its rate in the very next clause: exactly 100 %
    accepted = re.search(r"竣工|验收", cue.group()) and not between.strip(" ，,")
    return FullRate(q, (cue.start(), cue.end()), "完成", only_below=not accepted)


# the funds stated once, issued and all put to one use, in the rate's own sentence:
# 下达衔接资金 100 万元，全部列入某项目，资金到位率 R — R above 100 % would have more
# arrive than was issued (R below 100 % may be funds still on their way)
_ALL_OF = re.compile(r"(?:下达|安排|拨付|分配|筹集)[^。；;！？!?\n\d]{0,30}"
                     r"\d[\d,]*(?:\.\d+)?\s*(?:万元|亿元|元)\s*[，,]\s*(?:已|均)?全部(?:列入|用于|安排|投入|下达|拨付)")


def _all_of_one_amount(text: str, q: Quantity, verb: str, name_at: int) -> FullRate | None:
    start = _sentence_start(text, name_at, 120)
    cue = None
    for m in _ALL_OF.finditer(text, start, name_at):
        cue = m
    if cue is None or _LEVEL_SUBJECT.search(text[max(0, cue.start() - 12):cue.start()]):
        return None
    # one amount in the sentence: nothing else stated between the use and the rate
    if re.search(r"\d", text[cue.end():name_at]) or _MONEY.search(text, start, cue.start()):
        return None
    return FullRate(q, (cue.start(), cue.end()), verb, only_below=False, only_above=True)
