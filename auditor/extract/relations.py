"""Relations between the quantities of a document: the one layer every numeric check reads.

Computed once per document by ``relations(doc)`` (after ``doc_quantities``), in this order:

1. statements: prose split at 。 and every table cell; the prose quantities of each;
2. brackets: for every prose quantity, the bracket it sits in and the quantity that owns
   that bracket (``现有人员 1894 人，其中局本级 187 人（在职在编 139 人、…）``: 139 is
   inside the bracket owned by 187);
3. wholes and parts (``Parts``): a whole and the amounts that make it up, read from
   其中/包括/含 (in the same sentence or opening the next one), a bracketed breakdown
   after an amount, a nested breakdown (brackets after each part), and a total printed
   after its parts (合计/共计/总计/累计/共 …), numbered items with an 其他 item after an
   intro ending in ：, graded groups (结果为“优”的项目 N 项 …), a table printed one cell per
   line (with | separators or as plain lines); k names given 各 x (k·x); the remainder
   after 以上…中 (… 其余 r); parts one sentence each under the whole's label; the grant of
   section (一) spread by the allocation list of section (二); paid + unpaid vs the budget;
   a 其中 list is exhaustive when its parts are named as one family (funding levels,
   a shared head word, staff by status, counts by category or by phase, uses of a total,
   the items of a received grant after 其中：, as many kinds as the text announced);
4. compositions (``Parts`` with ``cue="composition"``): 年初 A + 增加 B (− 减少 C) = 共 T;
   adjustments (``cue="adjusted"``): 下达/年初预算 X，追加/调减 D，实际/调整后 T;
5. shares (``ShareGroup``): ``整体 X，其中 A a，占 p%；B b，占 q%``;
6. changes (``Change``): current − previous = signed change, in every order
   (``X，比上年 Y 增加 D，增长 P%``, ``X，较上年减少 D，下降 P%`` — base not printed,
   ``由 Y 增加到 X``);
7. rates (``Rate``): a rate named by what it counts (执行率, 支付率, 到位率, 完成率 …) =
   numerator ÷ base, the base named (预算/安排/下达/总额/共) or given by its parts
   (支付 a，未支 b → a + b); ``完成任务 N 人的 P%``; ``预算 A，决算 B，完成率 R``;
8. mentions (``Mention``): one labelled quantity with the qualifiers that change its
   referent (本级, 中央/省级/市级, a year, 年初/调整/预计, the whole it is a part of);
9. score items (``ScoreItem``): ``名称：分值 W 分，(自评)得分 S 分`` statements with their
   level (一级 产出/效益/满意度… or below), for score totals written in prose.

Checks never build relations themselves and never import each other.
"""
from __future__ import annotations

import bisect
import os
import re as _stdre
import weakref
from dataclasses import dataclass, field
from functools import lru_cache
from decimal import Decimal

from auditor import rx as re

from .quantities import UNITS, Quantity, doc_quantities, matches_from, quantities_in, quantities_in_spans
from .relations_full import full_rates
from .relations_masked import masked_rates
from .line_records import breakdown_line_parts, plain_line_parts

AMOUNT_KINDS = {"money", "persons", "visits", "households", "copies", "count", "items", "plain",
                "plain_wan", "area", "length", "groups"}
COUNTED_KINDS = ("persons", "copies", "count", "households", "visits", "items", "groups")
WAN_UNITS = {"万人", "万人次", "万份", "万户", "万件", "万个", "万项", "万家", "万次", "万笔", "万名", "万亩"}


_QUOTA = re.compile(r"编制")
_HEADS = re.compile(r"在职|退休|离休|实有.{0,6}人员|在编.{0,6}人员|聘用|临时")


def _quota_beside_heads(pr: "Parts") -> bool:
    """A staffing quota listed beside people counted (实有编制 12 人、在职 12 人、退休 14 人，共 26
    人; 其中：行政编制 10 人；在职在编实有行政人员 12 人): the posts and the persons are two
    counts of different things, never addends of one whole."""
    labels = [q.label or "" for q in pr.parts]
    return any(_QUOTA.search(a) and not _HEADS.search(a) for a in labels) and \
        any(_HEADS.search(b) and not _QUOTA.search(b) for b in labels)


def adds_up_exactly(parts, whole) -> bool:
    """Do ``parts`` make ``whole`` to the last printed digit (not merely within the rounding
    of whole numbers: 1 + 1 万元 is no 1 万元)?"""
    d = max(q.decimals for q in (whole, *parts))
    point = sum((value_in(p, whole) for p in parts), Decimal(0))
    return abs(point - whole.value) < Decimal(5) * Decimal(10) ** -(d + 1)


def _complete_by_twins(parts: list["Parts"]) -> None:
    """A 其中 list the document writes twice with the same items in the same order (申请 X，
    其中 A a、B b、C c … / 完成 Y，其中 A a'、B b'、C c' …), one of the two adding up to its
    amount exactly: the items are the whole breakdown, so the other list is exhaustive too."""
    def labels(pr):
        return tuple(re.sub(r"\s+", "", q.label or "") for q in pr.parts)

    def adds_up(pr) -> bool:
        return all(q.unit == pr.whole.unit for q in pr.parts) and adds_up_exactly(pr.parts, pr.whole)

    lists = [pr for pr in parts if pr.cue in ("其中", "包括") and not pr.minus and len(pr.parts) >= 3
             and all(q.label for q in pr.parts)]
    for pr in lists:
        if pr.exhaustive:
            continue
        mine = labels(pr)
        if any(other is not pr and labels(other) == mine and other.whole.unit == pr.whole.unit and adds_up(other)
               for other in lists):
            pr.exhaustive = True


# --- the declared layer --------------------------------------------------------------

@dataclass
class Parts:
    """whole = Σ parts.  ``exhaustive``: the parts claim to make up the whole (a bracketed
    breakdown, an 其他 item, a total printed after its parts); otherwise a 其中 list may
    name only some parts and only an excess is wrong.  ``parent``: for a nested breakdown,
    the Parts relation the whole is itself a part of."""
    whole: Quantity
    parts: list[Quantity]
    exhaustive: bool
    cue: str                        # 其中, bracket, total_after, composition, 含
    tight: bool = True              # every part parallel to the others (certain when wrong)
    minus: list[Quantity] = field(default_factory=list)    # composition: amounts taken away
    parent: "Parts | None" = None
    label: str = ""                 # table relations: the label of the whole's row


@dataclass
class ShareGroup:
    whole: Quantity
    parts: list[Quantity] = field(default_factory=list)
    shares: list[Quantity | None] = field(default_factory=list)


@dataclass
class Change:
    """current − previous = sign × delta; pct = (current − previous) / previous."""
    current: Quantity
    previous: Quantity | None
    delta: Quantity | None
    pct: Quantity | None
    sign: int
    word: str                       # the direction word as printed (增加, 下降 …)
    pct_word: str = ""


@dataclass
class Rate:
    """rate = numerator ÷ base; ``base_parts`` when the base is given by its parts."""
    rate: Quantity
    numerator: Quantity
    base: Quantity | None
    base_parts: list[Quantity] = field(default_factory=list)
    name: str = ""
    how: str = ""                   # named, parts, of, plan_actual
    confidence: str = "certain"


@dataclass
class Mention:
    key: tuple                      # (scope, canonical label with qualifiers, kind class)
    quantity: Quantity
    when: str = ""                  # a date its clause states (截至2019年8月底, 2021年4月21日)
    item: int = -1                  # the numbered item (1、… paragraph) it is stated in
    head: str = ""                  # the label of the first quantity of its ；-clause


@dataclass
class ScoreItem:
    name: str
    weight: Quantity | None
    score: Quantity | None
    level: int                      # 1 = 一级 (产出/效益/满意度 …), 2 = below, 3 = not placed
    start: int
    para_index: int
    outline: bool = False           # level read from the heading's outline marker ((一) over 1、)


@dataclass
class Relations:
    statements: list[tuple[int, int]]
    statement_quantities: list[tuple[int, int, list[Quantity]]]
    prose_statements: list[tuple[int, int, list[Quantity]]]
    owner: dict[int, Quantity]                  # id(q) -> the quantity owning q's bracket
    parts: list[Parts]
    share_groups: list[ShareGroup]
    changes: list[Change]
    rates: list[Rate]
    plan_actual: list[tuple[Quantity, Quantity, Quantity]]
    score_items: list[ScoreItem]
    whole_of: dict[int, Quantity]               # id(part) -> its whole
    mentions: list[Mention] = field(default_factory=list)
    grades: list["Grade"] = field(default_factory=list)
    named_counts: list["NamedCount"] = field(default_factory=list)
    complements: list[tuple[Quantity, Quantity]] = field(default_factory=list)
    full_rates: list = field(default_factory=list)   # relations_full.FullRate: rates the words fix at 100 %
    masked_rates: list = field(default_factory=list)  # relations_masked.MaskedRate: 78.*元 … 完成预算的100%
    # 共 12 个指标，其中一级 3 个、二级 9 个、三级 12 个: the whole counts all levels or the finest
    levels: list[Parts] = field(default_factory=list)


@dataclass
class NamedCount:
    """A count and the names it counts, printed together: ``A区、B区、C县等3个区县``
    (names, then the count) or ``内设3个科室：办公室、财务股、法制股`` (count, then names).
    ``open``: the list ends with 等 — it may name fewer than it counts, never more."""
    count: int
    start: int                      # the count's digits
    end: int
    names: list[tuple[int, int]]    # each name's span
    noun: str
    open: bool


@dataclass
class Grade:
    """A total score and the grade printed with it (91.8 分，评价等级为优秀; | 87 | 良 |)."""
    score: Quantity
    grade: str                      # 优 / 良 / 中 / 差 (合格 read as 中, 不合格 as 差)
    start: int                      # the grade word's span
    end: int


_LAYERS: dict[int, Relations] = {}


def relations(doc) -> Relations:
    """The relations of ``doc``, computed once (kept while the document lives)."""
    key = id(doc)
    rel = _LAYERS.get(key)
    if rel is None:
        rel = _LAYERS[key] = _build(doc)
        try:
            weakref.finalize(doc, _LAYERS.pop, key, None)
        except TypeError:      # not weak-referenceable: keep it for the process (tests)
            pass
    return rel


def prose_paragraphs(doc) -> list:
    """The paragraphs outside tables that hold more than spaces, in order (listed once per
    document for the many readers that walk them; callers must not modify the list)."""
    ps = doc.paragraphs
    cache = doc.__dict__.get("_prose_paragraphs")
    if cache is None or cache[0] is not ps or cache[1] != len(ps):
        cache = doc.__dict__["_prose_paragraphs"] = (ps, len(ps), [p for p in ps if p.table_id is None
                                                                   and p.text.strip()])
    return cache[2]


def scale_of(q: Quantity) -> Decimal:
    return UNITS.get(q.unit, ("", Decimal(1)))[1] if q.unit else Decimal(1)


# --- helpers ------------------------------------------------------------------------

_OPEN, _CLOSE = "（(", "）)"
_HAN_RUN = re.compile(r"\p{Han}{4}")
_SENT_END = _stdre.compile(r"[。！？!?]")     # plain classes: the standard re finds them faster


_BRACKET_CHAR = _stdre.compile(r"[（()）]")


def _bracket_spans(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """(open, close) offsets of the innermost-first brackets inside [s, e)."""
    out, stack = [], []
    # only bracket characters matter: the regex skips the rest in C
    for m in _BRACKET_CHAR.finditer(text, s, e):
        i = m.start()
        if text[i] in _OPEN:
            stack.append(i)
        elif stack:
            out.append((stack.pop(), i))
    return out


def _innermost(brackets: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    best = None
    for o, c in brackets:
        if o < pos < c and (best is None or o > best[0]):
            best = (o, c)
    return best


def _innermost_all(brackets: list[tuple[int, int]], qs: list[Quantity]) -> dict[int, tuple[int, int] | None]:
    """id(q) -> the innermost bracket holding q's number (one sweep, not a search per q)."""
    if not brackets:
        return dict.fromkeys(map(id, qs))     # most paragraphs: no bracket, nothing nested
    out: dict[int, tuple[int, int] | None] = {}
    opens = sorted(brackets)
    stack: list[tuple[int, int]] = []
    k = 0
    for q in sorted(qs, key=lambda x: x.num_start):
        pos = q.num_start
        while k < len(opens) and opens[k][0] < pos:
            while stack and stack[-1][1] <= opens[k][0]:
                stack.pop()
            stack.append(opens[k])
            k += 1
        while stack and stack[-1][1] <= pos:
            stack.pop()
        # brackets close in nesting order, so the top that still holds pos is the innermost
        inner = None
        for b in reversed(stack):
            if b[0] < pos < b[1]:
                inner = b
                break
        out[id(q)] = inner
    return out


def money_like(text: str, q: Quantity) -> bool:
    """Money, or a bare 万/亿 printed where money is meant (安排资金 19204.096万)."""
    if q.kind == "money":
        return True
    if q.kind in ("plain_wan", "plain_yi"):
        after = text[q.end:q.end + 1]
        return not ("\u4e00" <= after <= "\u9fff") and bool(_MONEY_CONTEXT.search(q.label or ""))
    return False


_MONEY_CONTEXT = re.compile(r"资金|经费|预算|支出|收入|金额|投入|拨款|补助|费|款")


def kind_class(text: str, q: Quantity) -> str | None:
    """What a quantity counts: money (any money unit), or the kind and unit of a count."""
    kind = q.kind
    if kind == "money":
        return "money"
    if kind in ("plain_wan", "plain_yi"):
        # money when printed where money is meant; else no class (neither is a counted kind)
        return "money" if money_like(text, q) else None
    if kind == "percent":
        return "percent"
    if kind in AMOUNT_KINDS and kind != "plain":
        return _count_class(kind, q.unit)
    return None


@lru_cache(maxsize=512)
def _count_class(kind: str, unit: str) -> str:
    """The class of a count: its kind and its unit without 万 (a pure function of two units)."""
    base_unit = unit[1:] if unit.startswith("万") and len(unit) > 1 else unit
    return f"{kind}:{base_unit}"


def value_in(q: Quantity, ref: Quantity) -> Decimal:
    """q's printed value expressed in ref's unit (万元 vs 元)."""
    return q.value * scale_of(q) / scale_of(ref)


_CHANGE_WORD = re.compile(r"(?:增加|增长|减少|下降|上升|降低|提高|调减|调增|追加|核减|超支|节约|比|较|同比|环比|超|扣)")
_NEW_TOTAL = re.compile(r"实际|全年|累计|合计|共计|总计|总额|共|总|执行|使用|拨付|支付|完成|到位|兑付|结余|剩余|未")
_PER = re.compile(r"每|人均|户均|平均|/")
_OTHER = re.compile(r"^(?:其他|其它|剩余|余下|其余)")
_YEARISH = re.compile(r"(?:19|20)\d\d|上年|去年|同期")


def _pre(text: str, q: Quantity, lo: int, n: int = 8) -> str:
    return text[max(lo, q.start - n):q.start]


# --- building ------------------------------------------------------------------------

def _build(doc) -> Relations:
    doc_quantities(doc)
    stmts = _statements(doc)
    sq = quantities_in_spans(doc, stmts)
    prose = []
    for s, e, items in sq:
        if items:       # most statements hold no quantity
            p = [q for q in items if q.cell is None]
            if p:
                prose.append((s, e, p))
    rel = Relations(stmts, sq, prose, {}, [], [], [], [], [], [], {})
    paras = [(p.start, p.end) for p in prose_paragraphs(doc)]
    para_qs = [(s, e, [q for q in qs if q.cell is None]) for s, e, qs in quantities_in_spans(doc, paras)]
    prev_subject: Quantity | None = None
    for s, e, qs in para_qs:
        # every reader of a paragraph starts from its quantities: one without any adds no
        # relation and passes the previous subject on unchanged
        if qs:
            prev_subject = _paragraph_relations(doc, rel, s, e, qs, prev_subject)
    # a table cell that holds prose (a docx cell with a sentence of figures) is read like a paragraph
    cells = [(c.start, c.end) for t in doc.tables for row in t.rows for c in row
             if len(c.text) >= 12 and _HAN_RUN.search(c.text)]
    for s, e, qs in quantities_in_spans(doc, cells):
        if len(qs) >= 2:
            _paragraph_relations(doc, rel, s, e, qs, None)
    rel.parts += list(_grade_groups(doc))
    rel.parts += list(_numbered_breakdown(doc))
    rel.parts += list(_glued_funds_rows(doc))
    rel.parts += list(_allocation_of_grant(doc))
    rel.parts += list(_paid_unpaid(doc, rel))
    rel.parts = [p for p in rel.parts if sum(1 for x in p.parts if _GRAIN.match(x.label or "")) < 2]
    _complete_by_twins(rel.parts)
    rel.parts = [p for p in rel.parts if not _quota_beside_heads(p) and not _crosses_flow(p)]
    rel.parts += list(_table_parts(doc))
    rel.parts += list(plain_line_parts(doc))
    read = {pr.whole.num_start for pr in rel.parts}
    rel.parts += [pr for pr in breakdown_line_parts(doc) if pr.whole.num_start not in read]
    rel.share_groups = _share_groups(doc, rel)
    rel.plan_actual = list(_plan_actual(rel))
    rel.score_items = list(_score_items(doc))
    rel.grades = list(_grades(doc))
    for pr in rel.parts:
        if pr.cue == "adjusted":
            continue     # the amount before an adjustment is not a part of the amount after it
        for p in pr.parts:
            rel.whole_of.setdefault(id(p), pr.whole)
    rel.mentions = _mentions(doc, rel)
    rel.named_counts = list(_named_counts(doc)) + list(_counted_lists(doc)) + list(_count_line_then_names(doc)) + \
        list(_counted_reports(doc))
    rel.complements = list(_complements(rel))
    rel.full_rates = full_rates(doc)
    rel.masked_rates = masked_rates(doc)
    return rel


def _crosses_flow(pr: Parts) -> bool:
    """A spending amount read as a part of an income (收入总额 X … 其中财政拨款支出 a) or an
    income as a part of a spending: two flows, never parts of one another."""
    def flow(label: str) -> str:
        inc, out = "收入" in label, "支出" in label
        return "in" if inc and not out else "out" if out and not inc else ""
    whole = flow(pr.whole.label or "")
    return bool(whole) and any(flow(p.label or "") not in ("", whole) for p in pr.parts)


def _statements(doc) -> list[tuple[int, int]]:
    spans = []
    for p in doc.paragraphs:
        if p.table_id is not None:
            continue
        start = p.start
        i = p.text.find("。")
        while i >= 0:
            spans.append((start, p.start + i + 1))
            start = p.start + i + 1
            i = p.text.find("。", i + 1)
        if start < p.end:
            spans.append((start, p.end))
    for t in doc.tables:
        for row in t.rows:
            for c in row:
                if c.text:
                    spans.append((c.start, c.end))
    return sorted(spans)


_CUE = re.compile(r"其中|包括|具体(?:为|是)|(?<=[(（])含|分别(?:为|是|达到|达|投入|安排|下达|拨付|完成)?|(?:来源|构成)(?:为|是|如下)?(?=\s*[:：]?\s*\p{Han})")
_CUE_WORD = _stdre.compile(r"其中|包括|具体|含|分别|来源|构成")     # one is in every _CUE match
_NAME_SEP = re.compile(r"[、和及与]")
_ITEM_BETWEEN = re.compile(r"[(（]\d{1,2}[)）]|[①-⑳]|(?<![\d.])\d{1,2}、")
_MAX_GAP = 40       # characters between two items of one list
_WINDOW = 30        # quantities looked back at for a change's or a rate's inputs
_COMPARED = re.compile(r"(?:比|较|与|对比|同比|环比)[^，,。；;\d]{0,8}$")


def _subject(text: str, qs: list[Quantity], lo: int, kc: str | None = None) -> Quantity | None:
    """The amount a sentence is about: its first exact amount outside brackets that is
    not a comparison base (of the class ``kc`` when given)."""
    for q in qs:
        if not q.exact or q.kind not in AMOUNT_KINDS or q.kind == "plain":
            continue
        if kc is not None and kind_class(text, q) != kc:
            continue
        if _COMPARED.search(_pre(text, q, lo, 12)):
            continue
        return q
    return None


def _last_clause_subject(text: str, sent: tuple[int, int], qs: list[Quantity], depth) -> Quantity | None:
    """The subject of a sentence's last ；-clause: what a following 其中 breaks down."""
    a, b = sent
    cut = a + max([0] + [m.end() for m in re.finditer(r"[；;]", text[a:b])])
    return _subject(text, [q for q in qs if depth[id(q)] is None and q.num_start >= cut], cut)


def _sentences(text: str, s: int, e: int) -> list[tuple[int, int]]:
    out, start = [], s
    for m in _SENT_END.finditer(text, s, e):
        out.append((start, m.end()))
        start = m.end()
    if start < e:
        out.append((start, e))
    return out


def _paragraph_relations(doc, rel: Relations, s: int, e: int, qs: list[Quantity],
                         prev_subject: Quantity | None) -> Quantity | None:
    text = doc.text
    n_before = len(rel.parts)
    # Each reader below needs a word (or a character) inside its sentence: a paragraph
    # without it is spared the reader (plain tests on the paragraph, once)
    para = text[s:e]
    # a bracket pair needs an opening bracket (closing ones alone pair with nothing)
    brackets = _bracket_spans(text, s, e) if "（" in para or "(" in para else []
    depth: dict[int, tuple[int, int] | None] = _innermost_all(brackets, qs)
    # bracket owners: the quantity printed just before a bracket opens (spaces or 的 between)
    ends = {q.end: q for q in qs} if brackets else {}
    owner_of: dict[tuple[int, int], Quantity | None] = {}
    for q in qs if brackets else ():
        b = depth[id(q)]
        if b is None:
            continue
        if b not in owner_of:
            p = b[0]
            while p > s and text[p - 1] in " 的":
                p -= 1
            owner_of[b] = ends.get(p)
        if owner_of[b] is not None:
            rel.owner[id(q)] = owner_of[b]
    if _SENT_END.search(para):
        sents = _sentences(text, s, e)
        starts = [q.num_start for q in qs]
        sent_qs = [qs[bisect.bisect_left(starts, a):bisect.bisect_left(starts, b)] for a, b in sents]
    else:
        sents, sent_qs = [(s, e)], [qs[:]]    # one sentence: the paragraph and all its numbers
    used_as_part: set[int] = set()
    # 1. cue lists (其中/包括/(含)
    if _CUE_WORD.search(para):
        for k, (a, b) in enumerate(sents):
            if not sent_qs[k] or not _CUE_WORD.search(text, a, b):
                continue     # a list's parts are quantities of the cue's own sentence, after its cue
            for m in _CUE.finditer(text, a, b):
                _cue_list(doc, rel, m, a, b, k, sents, sent_qs, depth, brackets, prev_subject, used_as_part)
    if "以上" in para or "上述" in para:     # a sentence opening on 以上/上述…中
        _remainder_list(doc, rel, n_before, sents, sent_qs, depth, used_as_part)
    if "各" in para:
        _each_list(doc, rel, sents, sent_qs, depth, used_as_part)
    if "其中" in para:       # a sentence opening on 其中：
        _same_label_parts(doc, rel, sents, sent_qs, depth, used_as_part)
    # 2. bracketed breakdowns right after an amount (no cue)
    if brackets:
        by_bracket: dict[tuple[int, int], list[Quantity]] = {}
        for q in qs:
            if depth[id(q)] is not None:
                by_bracket.setdefault(depth[id(q)], []).append(q)
        opened = {o: (o, c) for o, c in brackets}
        parent_of = {id(x): p for p in rel.parts[n_before:] for x in p.parts}
        for q in qs:
            if q.end in opened:      # a bracket opens right after the amount
                _bracket_breakdown(doc, rel, q, by_bracket, opened, parent_of, used_as_part)
    # 3. totals after their parts, compositions, changes, rates, per sentence
    totals = "共" in para or "计" in para      # a total after its parts, a composition's total
    adjusted = "调整" in para or "实际" in para or "最终" in para
    changes = _DIRECTION_CHAR.search(para) is not None
    rates = any(q.kind == "percent" for q in qs)    # a rate is a percentage
    last_subject = prev_subject
    for k, (a, b) in enumerate(sents):
        items = sent_qs[k]
        if not items:
            continue     # no reader finds anything in a sentence without quantities
        if totals:
            _total_after_parts(doc, rel, a, b, items, depth, used_as_part)
            _composition(doc, rel, a, b, items, depth)
        if adjusted:
            _adjusted(doc, rel, a, b, items, depth)
        subj_before = last_subject
        top = [q for q in items if depth[id(q)] is None]    # outside brackets: what these read
        if changes:
            _changes(doc, rel, a, b, top, subj_before)
        if rates:
            _rates(doc, rel, a, b, items, depth, s, qs, top)
        subj = _subject(text, top, a)
        if subj is not None:
            last_subject = subj
    return last_subject


def _parallel(text: str, labels: list[str]) -> bool:
    """Do the labels read as one list (a shared head word, or one family of levels)?"""
    labs = [l for l in labels if l]
    if len(labs) < 2:
        return True
    tails = {l[-2:] for l in labs}
    if len(tails) == 1:
        return True
    if all(_LEVEL.match(l) for l in labs):
        return True
    return False


_LEVEL = re.compile(r"^(?:中央|省级|省|市级|市|县级|县|区级|区|乡镇|镇|乡|地方|本级|上级|自治区|盟市|旗县|央省|"
                    r"州|其他|其它|自筹|社会|单位|个人|财政|基本|项目|人员|公用|一般公共|政府性|上年|彩票)")


# a clause end, then a list marker: the next item of an enumeration the list sits in
_NEXT_ITEM = re.compile(r"[；;。]\s*(?:\d{1,2}[、.．](?!\d)|[(（]\d{1,2}[)）]|[一二三四五六七八九十]{1,3}、|"
                        r"[(（][一二三四五六七八九十]{1,3}[)）])")


def _belongs_to_another(text: str, whole: Quantity, parts: list[Quantity], sent_qs, before: int) -> bool:
    """Do the list's parts exceed the whole it was given but make up exactly another amount
    stated earlier in the paragraph?  (本年支出合计 a，预算执行率…。年末结转结余 b。其中,基本支出
    x、项目支出 y、经营支出 z: x + y + z = a, the list details a, not b.)  Then which amount the
    list breaks down is the reader's guess: no relation."""
    wk = kind_class(text, whole)
    if all(p.unit == whole.unit for p in parts) and sum(p.value for p in parts) <= whole.value:
        return False
    return any(q is not whole and q.exact and q.end <= before and q.kind in AMOUNT_KINDS
               and kind_class(text, q) == wk and adds_up_exactly(parts, q)
               for qs in sent_qs for q in qs)


def _cue_list(doc, rel, m, a, b, k, sents, sent_qs, depth, brackets, prev_subject, used_as_part):
    text = doc.text
    cue = m.group(0)
    inner = _innermost(brackets, m.start())
    items = sent_qs[k]
    whole = None
    if inner is not None:
        # (含 …) / (其中 …): the whole owns the bracket
        cands = [q for q in items if q.end <= inner[0] and not text[q.end:inner[0]].strip(" 的")]
        if not cands:
            return
        whole = cands[-1]
        stop = inner[1]
        level = inner
    else:
        before = [q for q in items if q.end <= m.start() and depth[id(q)] is None and q.exact
                  and q.kind in AMOUNT_KINDS and q.kind != "plain"]
        names = 0
        if cue.startswith("分别"):
            # 共投入 X，中央、省、县级资金分别为 a、b、c: the names listed before 分别
            if not before:
                return
            seg = re.split(r"[，,：:]", text[before[-1].end:m.start()])[-1]
            names = len([x for x in _NAME_SEP.split(seg) if x.strip()])
            if names < 2 or m.start() - before[-1].end > 40 or _ITEM_BETWEEN.search(text, before[-1].end, m.start()):
                return       # X，补助情况：(1)A和B分别为 a和b — the list is item (1)'s, not X's
        if cue.startswith(("来源", "构成")) and not before:
            return       # 资金来源为 …: a source list needs its whole just before it
        past_change = False
        if before and not names and _CHANGE_WORD.search(_pre(text, before[-1], a, 8)):
            # X，比上年减少 D，下降 P%，其中：… — the whole is X; the change clauses between are skipped
            level = [q for q in before if not _CHANGE_WORD.search(_pre(text, q, a, 8))]
            if level and m.start() - level[-1].end <= 40 and all(
                    _CHANGE_WORD.search(_pre(text, q, a, 8)) for q in items
                    if level[-1].end <= q.num_start < m.start()):
                before, past_change = level, True
        if before and re.match(r"\s*的\s*\d", text[before[-1].end:before[-1].end + 4]) and len(before) > 1:
            # 完成 X，完成年度任务 T 的 P%，其中 …: T is the rate's base, the list breaks X down
            before = before[:-1]
        if before:
            whole = before[-1]
            if _COMPARED.search(_pre(text, whole, a, 12)) or \
                    (_CHANGE_WORD.search(text, whole.end, m.start()) and not past_change) or \
                    _gap(text, whole.end, m.start()) > (40 if names or past_change or cue.startswith("具体") else 12):
                return       # 资金 X，统一计入…收入，具体为 A a、B b: 具体为 details the amount a clause back
        else:
            whole = _last_clause_subject(text, sents[k - 1], sent_qs[k - 1], depth) if k > 0 else prev_subject
            if whole is None or text[a:m.start()].strip(" ，,：:") and m.start() - a > 10:
                return
        stop = b
        level = None
    if whole is None or not whole.exact:
        return
    wk = kind_class(text, whole)
    if wk is None or wk == "percent":
        return
    parts: list[Quantity] = []
    seg_counts: list[int] = [0]
    last_end = m.end()
    for q in items:
        if q.num_start < m.end() or q.num_start >= stop:
            continue
        d = depth[id(q)]
        if d != level:
            continue
        gap = text[last_end:q.start]
        if len(gap) > _MAX_GAP and (parts or len(gap) > 2 * _MAX_GAP):
            break        # too far from the list to be one of its items
        if _NEXT_ITEM.search(gap):
            break        # …，其中 A a；2、B 项目资金：… — a new numbered item, a new statement
        if ";" in gap or "；" in gap:
            if any(c != 1 for c in seg_counts) and not _repeats_items(text, items, q, parts[len(parts) - seg_counts[-1]:], stop, level, depth):
                break        # a new statement after a list of several parts
            seg_counts.append(0)
        if parts and re.match(r"(?:19|20)\d\d\s*年", gap) and not re.search(r"[，,、；;：:]", gap):
            break        # a part glued to 2023年支出 Y: a new clause (its full stop lost), not a part
        last_end = q.end
        if q.kind == "percent":
            continue
        if kind_class(text, q) != wk:
            continue
        pre = _pre(text, q, m.end(), 8)
        lab = q.label or ""
        if _CHANGE_WORD.search(pre) or _PER.search(pre[-3:]) or not q.exact:
            break
        if _NEW_TOTAL.search(lab) and not (_NEW_TOTAL.search(whole.label or "") or
                                           (parts and _NEW_TOTAL.search(parts[0].label or ""))) \
                and not _LEVEL.match(lab):
            break
        if len(parts) >= 2 and q.unit == whole.unit and q.value == whole.value and all(
                p.unit == whole.unit for p in parts) and sum(p.value for p in parts) == whole.value:
            break        # the parts make the whole exactly and the whole is restated (下达资金 X): not a part
        if parts and _CUE.match(text, q.end, q.end + 3) is None and \
                re.match(r"\s*[，,：:]?\s*(?:其中|包括)", text[q.end:q.end + 6]):
            parts.append(q)
            break        # a part that opens its own 其中 list ends this one
        parts.append(q)
        seg_counts[-1] += 1
    if len(parts) < 1 or (len(parts) < 2 and cue != "含"):
        return
    if _belongs_to_another(text, whole, parts, sent_qs[:k + 1], m.start()):
        return
    # each part's own words: the text before it back to the last clause mark (read once)
    words = [re.split(r"[，,；;：:、（(]", text[max(m.end(), p.start - 12):p.start])[-1].strip() for p in parts]
    if any(sum(1 for w in words if re.search(band, w)) >= 2 for band in (r"以上|超过", r"以下|不足")):
        return       # 其中亿元以上 5 个，5 亿元以上 3 个，15 亿元以上 2 个: bands open at one end nest, each holds the next
    if any(_BARE_DONE.match(w) and not _BARE_DONE.match(v) for v, w in zip(words, words[1:])):
        return       # 其中中央资金 a，执行 b / 行政编制 a，实有 b: an amount and its actual, not two parts
    cut = next((t for t in range(1, len(words)) if _PROGRESS.search(words[t]) and not _PROGRESS.search(words[0])), None)
    if cut is not None:
        # 其中项目管理费 a，目前项目资金已拨付 b: the list ends where the progress of the whole begins
        parts, words = parts[:cut], words[:cut]
        if len(parts) < 2 and cue != "含":
            return
    if sum(1 for p in parts if _GRAIN.match(p.label or "")) >= 2:
        # 一级指标 3 个，二级指标 9 个: levels of one hierarchy, not addends — kept apart
        if len(parts) >= 2 and all(_GRAIN.match(p.label or "") for p in parts) and wk != "money":
            rel.levels.append(Parts(whole, parts, False, "levels"))
        return
    tight = _parallel(text, [p.label for p in parts])
    selection = _selection(text, m.end(), parts)
    yearly = cue == "其中" and _part_years(text, whole, parts) is not None
    exhaustive = (cue == "其中" and not selection and _split_by_years(text, whole, parts)) if yearly else \
        any(_OTHER.match(p.label or "") for p in parts) or \
        (cue == "其中" and not selection and not re.search(r"用于", text[m.end():parts[0].start])
         and _names_whole(text, whole, parts)) or \
        (cue in ("其中", "包括") and not selection and _counts_by_category(text, whole, parts)) or \
        (cue == "其中" and not selection and _counts_by_phase(text, whole, parts)) or \
        (cue == "其中" and not selection and _allocated(text, whole, parts)) or \
        (cue == "其中" and not selection and _allocated_to_places(text, whole, parts)) or \
        (cue == "其中" and not selection and text[m.end():m.end() + 1] in ":：" and _granted_uses(text, whole, parts)) or \
        (cue in ("其中", "包括") and not selection and _announced_count(text, whole, parts, sents[max(0, k - 1)][0]))
    if exhaustive and not any(_OTHER.match(p.label or "") for p in parts) and \
            _LEAVES_REST.search(text, parts[-1].end, stop):
        # …，省级资金 300 万元，其余由县级配套 / 县级配套资金尚未到位: the sentence says
        # the list leaves some of the whole out
        exhaustive = False
    rest = text[parts[-1].end:].rstrip()
    if rest and len(rest) <= _MAX_GAP and not re.search(r"[。！？!?；;\n]", rest):
        exhaustive = False     # the list runs into the cut end of the text: its last items are lost
    if cue.startswith("分别"):
        cue, tight, exhaustive = "分别", True, names == len(parts)
    elif cue.startswith(("来源", "构成")):
        cue, exhaustive = "来源", True    # X，资金来源为 A a、B b: the sources make up the whole
    elif cue.startswith("具体") and len(parts) >= 2 and not selection and \
            not _LEAVES_REST.search(text, parts[-1].end, stop) and \
            re.fullmatch(r"\s*[。；;，,]?\s*", text[whole.end:m.start()]):
        # 下达资金 X。具体是：A a；B b；…: the details of X, all of them (right after X: with a
        # clause between, 预留资金 X，统一计入财政拨款收入，具体为 …, they may detail that)
        exhaustive = True
    pr = Parts(whole, parts, exhaustive, cue, tight)
    rel.parts.append(pr)
    used_as_part.update(id(p) for p in parts)


# a clause stating how far the whole has got (目前…已拨付, 截至…已完成): its amount is progress,
# not a part
_PROGRESS = re.compile(r"(?:目前|截至|截止|至今|现)[^，,；;。]{0,10}已|已(?:经)?(?:累计)?(?:拨付|支付|支出|使用|完成|到位|兑付|发放)")
_BARE_DONE = re.compile(r"^(?:实际|已|累计|全年)?(?:执行|支出|使用|拨付|支付|完成|到位|兑付|实有)(?:数|额|金额|资金|人数)?(?:为|了)?$")
# words after a list that say part of the whole is not in it (其余由县级配套, 缺口资金, 尚未到位)
_LEAVES_REST = re.compile(r"其余|剩余|余下|缺口|差额|不足部分|(?:尚未|未|待)(?:到位|下达|拨付|落实|安排|筹集)|自筹解决")


def _repeats_items(text, items, first, seg, stop, level, depth) -> bool:
    """Does the ；-clause opening at ``first`` list the same items, in the same order, as
    the clause before it (``其中甲工程 A a，B b；乙工程 A c，B d``)?  Then it goes on with
    the list (the same items of another sub-project), it does not start a new statement."""
    if len(seg) < 2:
        return False
    nxt = []
    for q in items:
        if q.num_start < first.num_start or q.num_start >= stop or depth[id(q)] != level:
            continue
        if nxt and re.search(r"[；;。]", text[nxt[-1].end:q.start]):
            break
        nxt.append(q)
    if len(nxt) != len(seg):
        return False
    for x, y in zip(seg, nxt):
        lx, ly = x.label or "", y.label or ""
        tail = len(os.path.commonprefix([lx[::-1], ly[::-1]]))
        if len(lx) < 2 or len(ly) < 2 or x.kind != y.kind or not (tail >= 3 or tail == min(len(lx), len(ly))):
            return False
    return True


_ABOVE = re.compile(r"(?:以上|上述)[^，,。；;\d]{0,10}?中\s*[，,：:]?")


def _remainder_list(doc, rel, n_before, sents, sent_qs, depth, used_as_part):
    """``合计 T。其中 A a，B b。以上任务中，X x 由甲负责，Y y 由乙负责，其余 r 由丙负责``: a sentence
    opening on 以上/上述…中 splits again the total the sentence before broke down, and a
    remainder (其余/其他/剩余) among its amounts says the split is complete.  Without a
    remainder the amounts may be a selection, and no relation is read.  Called for the
    paragraphs that hold 以上 or 上述."""
    text = doc.text
    if len(sents) < 2:
        return
    for k in range(1, len(sents)):
        a, b = sents[k]
        m = _ABOVE.match(text, a + len(text[a:b]) - len(text[a:b].lstrip()))
        if m is None:
            continue
        pa, pb = sents[k - 1]
        prev = [pr for pr in rel.parts[n_before:] if pr.cue in ("其中", "包括", "total_after", "来源")
                and pr.parts and pa <= pr.parts[-1].num_start < pb]
        if len(prev) != 1:
            continue
        whole = prev[0].whole
        wk = kind_class(text, whole)
        parts = [q for q in sent_qs[k] if depth[id(q)] is None and q.num_start >= m.end()]
        if len(parts) < 2 or any(kind_class(text, q) != wk or not q.exact or q.unit != whole.unit
                                 or _CHANGE_WORD.search(_pre(text, q, a, 6)) for q in parts):
            continue
        if not _OTHER.match(parts[-1].label or "") or any(_OTHER.match(q.label or "") for q in parts[:-1]):
            continue
        rel.parts.append(Parts(whole, parts, True, "其中", _parallel(text, [q.label for q in parts[:-1]])))
        used_as_part.update(id(q) for q in parts)


_OPENS_PARTS = re.compile(r"\s*其中\s*[:：]")


def _same_label_parts(doc, rel, sents, sent_qs, depth, used_as_part):
    """``总占地面积 335 亩。项目包括 A、B、C 三部分。其中：A 位于…，总占地面积 35 亩。B …。C …，
    总占地面积 300 亩``: a 其中： opening a sentence after the amount one or two sentences back
    (none between) and, in the sentences after it, amounts under the very same label and unit
    — the parts described one sentence each.  A part may have no such amount (B), so only an
    excess is wrong."""
    text = doc.text
    for k, (a, b) in enumerate(sents):
        if k == 0 or not _OPENS_PARTS.match(text, a):
            continue
        whole = None
        for j in (k - 1, k - 2):
            if j < 0:
                break
            top = [q for q in sent_qs[j] if depth[id(q)] is None]
            if top:
                whole = _subject(text, top, sents[j][0])
                break
        if whole is None or len(whole.label or "") < 3 or whole.kind == "percent":
            continue
        parts = [q for qs in sent_qs[k:] for q in qs
                 if depth[id(q)] is None and q.label == whole.label and q.unit == whole.unit and q.exact]
        if len(parts) < 2 or any(id(q) in used_as_part for q in parts):
            continue
        rel.parts.append(Parts(whole, parts, False, "其中", True))
        used_as_part.update(id(q) for q in parts)


_EACH = re.compile(r"(?:分别)?(?:下达|安排|拨付|分配|补助|奖补|奖励|支持|给予)(?:给|到)?\s*"
                   r"(?P<names>[^，,。；;：:、和及与\d]{2,14}(?:[、和及与][^，,。；;：:、和及与\d]{2,14}){1,20})\s*各\s*$")


def _each_list(doc, rel, sents, sent_qs, depth, used_as_part):
    """``下达我市…补助 160 万元。…分别下达甲县和乙市各 80 万元``: k names given 各 x each take
    k·x of the whole — the amount the sentence (or, when it has none before the list, the
    sentence before) granted.  The names may be a selection of the recipients, so only an
    excess is wrong (the relation is not exhaustive)."""
    text = doc.text
    for k, (a, b) in enumerate(sents):
        if "各" not in text[a:b]:
            continue      # every amount below needs 各 right before it, inside the sentence
        for x in sent_qs[k]:
            if depth[id(x)] is not None or not x.exact or "各" not in text[max(a, x.start - 3):x.start] \
                    or kind_class(text, x) != "money":
                continue
            m = _EACH.search(text, max(a, x.start - 120), x.start)
            if m is None:
                continue
            # 和/及/与 parts only the last name (文化和旅游局、体育局 are two names)
            names = [text[s_:e_].strip() for s_, e_, _ in _split_names(text, m.start("names"), m.end("names"))]
            if len(names) < 2 or any(len(n) < 2 for n in names):
                continue
            before = [q for q in sent_qs[k] if q.end <= m.start() and depth[id(q)] is None]
            if before:
                whole = before[-1]
            elif k > 0:
                whole = _subject(text, [q for q in sent_qs[k - 1] if depth[id(q)] is None], sents[k - 1][0], "money")
            else:
                whole = None
            if whole is None or not whole.exact or kind_class(text, whole) != "money" or \
                    _PER.search(_pre(text, whole, 0, 4)) or \
                    not _GRANT_CLAUSE.search(re.split(r"[，,。；;：:\n]", text[max(0, whole.start - 60):whole.start])[-1]):
                continue
            rel.parts.append(Parts(whole, [x] * len(names), False, "各", True))
            used_as_part.add(id(x))


_BRACKETED = re.compile(r"[(（][^()（）]{0,40}[)）]")


def _gap(text: str, a: int, b: int) -> int:
    """Characters between a whole and its cue, a bracket (a document number, a note) not
    counted: ``下达 111 万元（福财直〔2020〕67号），其中 …``."""
    return len(_BRACKETED.sub("", text[a:b]))


def _names_whole(text: str, whole: Quantity, parts: list[Quantity]) -> bool:
    """``资金 X，其中中央资金 a、省级资金 b``: a 其中 list of money or persons whose every part is
    named in one parallel family reads as the whole's breakdown, not a sample of it — reports
    list every source, every fund, every group of insured.  The family: funding sources
    (中央/省级/本级 …), one shared head word other than 支出/收入 (禁牧补助 / 草畜平衡补助; 职工医保参保人数 / 居民医保参保人), or a whole
    named as a total (补奖资金合计 X，其中 …)."""
    labels = [p.label or "" for p in parts]
    if len(parts) < 2 or not all(len(l) >= 2 for l in labels):
        return False
    kind = kind_class(text, whole)
    if kind != "money" and not (kind or "").endswith("人"):
        return False
    before = text[max(0, whole.start - 4):whole.start].rstrip(" 为是达：:")
    if _TOTAL_WORD.search(whole.label or "") or _TOTAL_WORD.search(before):
        return True
    if kind == "money" and all(_SOURCE_LEVEL.match(l) for l in labels):
        return True
    if kind != "money" and _persons_by_status(labels):
        return True
    if len({l[-2:] for l in labels}) == 1:
        # 基本支出 / 项目支出 of 本年支出: income and spending have more classes than a
        # report may list (经营支出, 上缴上级支出 …) — only a whole printed as a total says all
        return labels[0][-2:] not in ("支出", "收入")
    head = _shared_head(labels)
    return len(head) >= 3


def _counts_by_category(text: str, whole: Quantity, parts: list[Quantity]) -> bool:
    """``下设 33 个三级指标，包括 23 个数量指标、2 个质量指标、…``: counts each followed by a
    category of the whole's noun (…指标 of 指标), all different, no 等: one count per
    category, the whole split by category.  ``项目 55 个，其中 50 个项目已完工`` (the same noun
    each time) is not such a list."""
    if kind_class(text, whole) in (None, "money", "percent") or len(parts) < 2:
        return False
    head = _COUNT_NOUN.match(text, whole.end)
    if not head:
        return False
    nouns = []
    for p in parts:
        m = _COUNT_NOUN.match(text, p.end)
        if not m or not m.group(0).endswith(head.group(0)[-2:]) or m.group(0) == head.group(0):
            return False
        nouns.append(m.group(0))
    last = _COUNT_NOUN.match(text, parts[-1].end)
    return len(set(nouns)) == len(nouns) and not text.startswith("等", last.end())


def _selection(text: str, list_start: int, parts: list[Quantity]) -> bool:
    """A list that says it names only some parts: 主要/重点/部分 before it, 等 after it."""
    if re.search(r"主要|重点|部分|包括", text[list_start:parts[0].start]):
        return True
    return bool(re.match(r"[^，,；;。\d]{0,20}?等", text[parts[-1].end:parts[-1].end + 21]))


def _allocated(text: str, whole: Quantity, parts: list[Quantity]) -> bool:
    """``共申请资金 90 万元。其中：30 万元用于 A；30 万元用于 B；30 万元用于 C``: the uses of a
    whole printed as a total (共/合计/总计) account for all of it."""
    if kind_class(text, whole) != "money" or len(parts) < 2:
        return False
    if not re.search(r"共|合计|总计|总额", (whole.label or "") + text[max(0, whole.start - 3):whole.start]):
        return False
    return all(re.match(r"\s*(?:用于|用作|用在)", text[p.end:p.end + 4]) for p in parts)


_PLACE_LABEL = re.compile(r"^\p{Han}{1,6}?(?:省|市|区|县|州|盟|旗|镇|乡|街道)$")
_ALLOCATE = re.compile(r"分配|下达|安排|拨付|分解|切块")


def _allocated_to_places(text: str, whole: Quantity, parts: list[Quantity]) -> bool:
    """``分配…经费 84.069 万元，其中甲区 3.52 万元，乙县 16.192 万元，丙市 …``: an amount
    allocated (分配/下达/安排 …) and then listed place by place (at least three, each
    named once) is split among those places — a sample would say 主要/等."""
    if kind_class(text, whole) != "money" or len(parts) < 3:
        return False
    labels = [p.label or "" for p in parts]
    if len(set(labels)) != len(labels) or not all(_PLACE_LABEL.match(l) for l in labels):
        return False
    clause = re.split(r"[，,。；;：:\n]", text[max(0, whole.start - 60):whole.start])[-1]
    return bool(_ALLOCATE.search(clause))


_GRANT_CLAUSE = re.compile(r"下达|分配|切块|拨付|批复")
# money received from above: the grant notice itself fixes the breakdown the report copies
_RECEIVED = re.compile(r"下达|批复")


def _granted_uses(text: str, whole: Quantity, parts: list[Quantity]) -> bool:
    """``下达…资金 2263 万元。其中：A 工程 1435 万元，B 维修养护 25 万元，C 治理 700 万元``: money
    received from above (下达/批复) and then broken down after 其中： item by item in three or
    more amounts copies the grant notice's breakdown, which is complete; a sample says
    主要/重点/等 (``_selection``) or runs on without the colon (其中无为市 a、南陵县 b).  Money the
    unit itself 分配/投入 may be listed by some of its uses."""
    if kind_class(text, whole) != "money" or len(parts) < 3 or any(p.unit != whole.unit for p in parts):
        return False
    if not all(len(p.label or "") >= 2 for p in parts) or len({p.label for p in parts}) != len(parts):
        return False
    clause = re.split(r"[，,。；;：:\n]", text[max(0, whole.start - 60):whole.start])[-1]
    return bool(_RECEIVED.search(clause)) and not _CHANGE_WORD.search(clause)


_CN_NUM = {c: i + 1 for i, c in enumerate("一二三四五六七八九十")}
_CN_NUM["两"] = 2
_ANNOUNCED = re.compile(r"(?P<n>[两二三四五六七八九]|\d)\s*(?:大类|类|个部分|部分|个方面|方面|种)")


def _announced_count(text: str, whole: Quantity, parts: list[Quantity], lo: int) -> bool:
    """``主要有部门预算项目支出、专项预算支出二类支出，总预算 X，其中部门预算项目支出 a，专项预算支出
    b``: the text said how many kinds make up the whole (二类, 三部分) and the list names exactly
    that many — it is the whole's breakdown.  The count is read in the whole's sentence or the
    one before, before the whole, and must be the only such count there."""
    if len(parts) < 2:
        return False
    found = [m for m in _ANNOUNCED.finditer(text, lo, whole.start)
             if not re.match(r"\d", text[m.end():m.end() + 1]) and
             not (m.start() > 0 and re.match(r"[\d.]", text[m.start() - 1]))]
    if len(found) != 1:
        return False
    g = found[0].group("n")
    n = int(g) if g.isdigit() else _CN_NUM[g]
    return n == len(parts)


_YEAR_SPAN = re.compile(r"((?:19|20)\d\d)\s*年?\s*[-—–~～至到]\s*((?:19|20)\d\d)\s*年")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年(?!\s*[-—–~～至到]\s*(?:19|20)\d\d)")


def _part_years(text: str, whole: Quantity, parts: list[Quantity]) -> list[int] | None:
    """The year each part's own clause states (``其中2022年投资 a，2023年投资 b``), when every
    part states one and no two the same year; else None."""
    if len(parts) < 2:
        return None
    years = []
    lo = whole.end
    for p in parts:
        own = re.split(r"[，,；;：:。]", text[lo:p.start])[-1]
        ys = _YEAR.findall(own)
        if len(ys) != 1:
            return None
        years.append(int(ys[0]))
        lo = p.end
    return years if len(set(years)) == len(years) else None


def _split_by_years(text: str, whole: Quantity, parts: list[Quantity]) -> bool:
    """``2022-2023年…计划改造合计 X 公里。其中，2022年计划改造 a 公里，2023年计划改造 b 公里``:
    a whole stated for a span of years and then given year by year, every year of the span
    once, is split by those years — nothing else is left to make it up.  Parts told apart by
    their years only make up a whole this way (``2021-2023年…总投资 X，其中2021年 a，2022年 b``
    leaves 2023 out, whatever head word the parts share)."""
    years = _part_years(text, whole, parts)
    if years is None:
        return False
    clause = re.split(r"[。；;\n]", text[max(0, whole.start - 80):whole.start])[-1]
    spans = list(_YEAR_SPAN.finditer(clause))
    if len(spans) != 1:
        return False
    y1, y2 = int(spans[0].group(1)), int(spans[0].group(2))
    if not 1 <= y2 - y1 <= 10:
        return False
    return sorted(years) == list(range(y1, y2 + 1))


_PHASES = (re.compile(r"(?<!未)(?:完工|竣工|完成建设|建成)"), re.compile(r"在建|实施中|建设中|推进中|正在实施|正在建设"),
           re.compile(r"未开工|未实施|未启动|前期"), re.compile(r"未完工|未完成|未竣工"))


def _counts_by_phase(text: str, whole: Quantity, parts: list[Quantity]) -> bool:
    """``项目 55 个，其中 50 个项目已完工，4 个项目实施中，1 个项目未开工``: counts of one noun
    each in another phase of the work split the whole when the phases cover it: done /
    under way / not started, or done / not done (已完工 + 在建 may leave some unstarted)."""
    if kind_class(text, whole) in (None, "money", "percent") or len(parts) < 2:
        return False
    seen = set()
    for p in parts:
        m = re.match(r"[^，,；;。、]{0,10}", text[p.end:])
        phases = [k for k, rx in enumerate(_PHASES) if rx.search(m.group(0))]
        if len(phases) != 1 or phases[0] in seen:
            return False
        seen.add(phases[0])
    return seen in ({0, 1, 2}, {0, 3})


_COUNT_NOUN = re.compile(r"\p{Han}{2,10}?(?=[、，,；;。：:）)\s]|等|$)")


def _persons_by_status(labels: list[str]) -> bool:
    """在职人员 a，离休 b，退休 c: the statuses of one body's staff split its headcount."""
    return all(_STATUS.match(l) for l in labels)


_STATUS = re.compile(r"^(?:在职|在编|离休|退休|离退休|遗属|编外|聘用|临聘|行政编制|事业编制|工勤)")


_SOURCE_LEVEL = re.compile(r"^(?:中央|省级|省|市级|市|县级|县|区级|区|乡镇|镇|乡|地方|本级|上级|自治区|盟市|旗县|央省|州|自筹)")
_TOTAL_WORD = re.compile(r"(?:合计|总计|共计|总额)$")     # 资金合计 X: the label may drop the word


def _shared_head(labels: list[str]) -> str:
    """The longest run of characters every label holds (参保人 in 职工医保参保人数 / 居民医保参保人)."""
    first = min(labels, key=len)
    for n in range(len(first), 0, -1):
        for i in range(len(first) - n + 1):
            sub = first[i:i + n]
            if all(sub in l for l in labels):
                return sub
    return ""


_GRAIN = re.compile(r"^[一二三四五六1-6]级")
_NOT_BREAKDOWN = re.compile(r"^\s*(?:含|其中|包括|即|约|比|较|同比|上年|注|详见|见|按)|(?:19|20)\d\d")


_COLON_LABEL = re.compile(r"(?:^|[；;、，,])\s*(\p{Han}{2,16})\s*[:：]\s*$")
# a colon label that names a stage or a version of one amount, not a part of it
# (原预算：100 万元；调整后：120 万元 — two values of one budget)
_NOT_PART_LABEL = re.compile(r"^(?:年初|调整|原|计划|目标|实际|执行|决算|完成|预计|上年|本年|去年|当年)"
                             r"|(?:预算数|执行数|决算数|计划数|完成数|目标值|实际值|调整后|调整前)$")


def _colon_label(text: str, x: Quantity, lo: int) -> str:
    """``(一般公共预算:323.97 万元;彩票公益金:452.87 万元)``: a bracket item written
    name-colon-amount has its name before the colon (the colon ends the number's own label)."""
    m = _COLON_LABEL.search(text[lo:x.start]) if x.start > lo else None
    if m is None:
        return ""
    name = m.group(1)
    return "" if _NOT_PART_LABEL.search(name) else name


def _bracket_breakdown(doc, rel, q, by_bracket, opened, parent_of, used_as_part):
    """``X（A a、B b）``: the amounts inside a bracket right after X make it up."""
    text = doc.text
    if not q.exact or q.kind == "plain":
        return
    j = q.end
    if j >= len(text) or text[j] not in _OPEN:
        return
    br = opened.get(j)
    if br is None:
        return
    inner_text = text[br[0] + 1:br[1]]
    if _NOT_BREAKDOWN.search(inner_text):
        return
    wk = kind_class(text, q)
    inside = by_bracket.get(br, [])
    # 约 parts (水域约 165 亩，陆域约 135 亩) are read too: the check allows them 10 %
    parts = [x for x in inside if kind_class(text, x) == wk and (x.exact or x.qualifier in APPROX)]
    if any(not x.exact for x in parts) and not all(x.exact or x.qualifier in APPROX for x in inside):
        return
    if len(parts) < 2 or any(x.kind == "percent" for x in inside) or \
            any(_CHANGE_WORD.search(_pre(text, x, br[0] + 1, 6)) for x in parts):
        return
    labels = [x.label or _colon_label(text, x, br[0] + 1) for x in parts]
    if any(not lab for lab in labels):
        return
    pr = Parts(q, parts, True, "bracket", _parallel(text, labels) and all(x.exact for x in parts),
               parent=parent_of.get(id(q)))
    rel.parts.append(pr)
    for x in parts:
        parent_of.setdefault(id(x), pr)
    used_as_part.update(id(p) for p in parts)


APPROX = ("约", "近")
_TOTAL_BEFORE = re.compile(r"(?:共计|合计|总计|累计|总共|一共|共)(?:为|是|达|达到)?\s*$")


_TOTAL_LABELLED = re.compile(r"[，,；;]\s*(?:共计|合计|总计|累计)(?P<label>\p{Han}{2,10})$")


def _shares_noun(label: str, before: list[Quantity], t: Quantity) -> bool:
    """The labelled total names what the parts before it name (原种基地 … 原种繁育基地)."""
    labs = [q.label or "" for q in before if q.unit == t.unit and q.label]
    return len(labs) >= 2 and all(len(_shared_head([label, l])) >= 2 for l in labs)


_ADMIN_NOUN = re.compile(r"\s*(乡镇|街道办事处|街道|行政村|自然村|村民小组|社区|县市区|县区|乡|镇|村|组|县|区|市|省)")
_ADMIN_LEVEL = {"乡镇": "township", "街道办事处": "township", "街道": "township", "乡": "township",
                "镇": "township", "行政村": "village", "社区": "village", "村": "village",
                "自然村": "group", "村民小组": "group", "组": "group", "县市区": "county", "县区": "county",
                "县": "county", "区": "county", "市": "city", "省": "province"}


def _admin_level(text: str, q: Quantity) -> str | None:
    """The administrative level a count names right after its number (4个乡镇 -> township,
    17个行政村 -> village), or None."""
    m = _ADMIN_NOUN.match(text, q.end)
    return _ADMIN_LEVEL[m.group(1)] if m else None


def _total_after_parts(doc, rel, a, b, items, depth, used_as_part):
    """``A a，B b，C c，共计 T``: the amounts before a printed total make it up."""
    if len(items) < 3:
        return      # a total and at least two parts
    text = doc.text
    if "共" not in text[a:b] and "计" not in text[a:b]:
        return      # both total patterns need 共 or 计 before the total, inside the sentence
    for i, t in enumerate(items):
        if depth[id(t)] is not None or not t.exact or t.kind in ("percent", "plain"):
            continue
        pre = text[max(a, t.start - 12):t.start]
        m = _TOTAL_BEFORE.search(pre)
        if not m:
            # 共计建成原种繁育基地 1250 亩: the total word opens the clause, a verb and noun follow
            lab = _TOTAL_LABELLED.search(text[max(a, t.start - 14):t.start])
            if not lab or not _shares_noun(lab.group("label"), [q for q in items[:i] if depth[id(q)] is None], t):
                continue
        # the words between the total word and the number are a label, not another number
        if re.match(r"\s*[，,：:]?\s*(?:其中|包括)", text[t.end:t.end + 6]):
            continue
        tk = kind_class(text, t)
        parts = []
        for q in reversed(items[:i]):
            if depth[id(q)] is not None:
                continue
            if q.kind == "percent" or kind_class(text, q) != tk:
                continue
            if q.unit != t.unit and tk != "money":
                break
            pq = text[max(a, q.start - 6):q.start]
            if not q.exact or _PER.search(pq) or _CHANGE_WORD.search(pq) or _TOTAL_BEFORE.search(pq):
                break
            if re.match(r"\s*[，,：:]?\s*(?:其中|包括)", text[q.end:q.end + 6]) or \
                    (q.end < len(text) and text[q.end] in _OPEN and any(
                        depth[id(x)] is not None and x.num_start > q.end for x in items)):
                pass
            if _PER.match(text[q.end:q.end + 1]):
                break
            nxt = parts[-1] if parts else t
            if nxt.start - q.end > _MAX_GAP:
                break
            parts.append(q)
        parts.reverse()
        if len(parts) < 2:
            continue
        # the parts must be a list: each one its own clause
        if any(not re.search(r"[，,、；;：:]", text[x.end:y.start]) for x, y in zip(parts, parts[1:])):
            continue
        level = _admin_level(text, t)
        if level and any(_admin_level(text, p) not in (None, level) for p in parts):
            continue    # 4个乡镇、2个街道，共计17个行政村: units of another level, not its parts
        rel.parts.append(Parts(t, parts, True, "total_after", _parallel(text, [p.label for p in parts])))
        used_as_part.update(id(p) for p in parts)
        # 一批 a（其中建筑工程 a1），二批 b（其中建筑工程 b1），合计 T（其中建筑工程 T1): the
        # brackets that name the same part of each item add up like the items
        inner = [_bracket_part(text, q, items, depth) for q in parts + [t]]
        if all(x is not None for x in inner) and len({x[1] for x in inner}) == 1:
            qs_ = [x[0] for x in inner]
            if len({kind_class(text, x) for x in qs_}) == 1:
                rel.parts.append(Parts(qs_[-1], qs_[:-1], True, "total_after", True))


def _bracket_part(text, q, items, depth):
    """(quantity, label) of the one amount in ``(其中 <label> x)`` right after ``q``."""
    if q.end >= len(text) or text[q.end] not in _OPEN:
        return None
    inside = [x for x in items if depth[id(x)] is not None and q.end < x.num_start < q.end + 40]
    if not inside:
        return None
    close = min((text.find(c, q.end) for c in ")）" if text.find(c, q.end) >= 0), default=-1)
    inside = [x for x in inside if x.num_start < close]
    if len(inside) != 1 or not inside[0].exact:
        return None
    m = re.fullmatch(r"\s*(?:其中|含)[:：]?\s*(\p{Han}{2,12})\s*", text[q.end + 1:inside[0].num_start])
    return (inside[0], m.group(1)) if m else None


_INITIAL = re.compile(r"年初")
_TOTAL_WORD_BEFORE = re.compile(r"(?:共|合计|总计|累计)[^，,。；;\d]{0,6}$")
_ADDED = re.compile(r"(?:增加|新增|追加|调增|补充)$")
_REMOVED = re.compile(r"(?:减少|调减|核减|取消|压减)$")
_NOUN_AFTER = re.compile(r"^[\p{Han}]{1,4}")


def _noun(text: str, q: Quantity) -> str:
    m = _NOUN_AFTER.match(text[q.end:q.end + 4])
    if m and not re.match(r"^(?:的|和|与|及|用|以|在|已|中|其)", m.group(0)):
        return m.group(0)[:2]
    lab = q.label or ""
    return lab[-2:] if lab else ""


def _composition(doc, rel, a, b, items, depth):
    """年初 A 个 …，年中增加 B 个 …，(调减 C 个)，共 T 个: T = A + B − C (counts)."""
    text = doc.text
    if len(items) < 3 or ("共" not in text[a:b] and "计" not in text[a:b]):
        return      # three counts, the total after 共/合计/总计/累计 inside the sentence
    top = [q for q in items if depth[id(q)] is None and q.exact and q.kind in COUNTED_KINDS]
    if len(top) < 3:
        return      # a total, an initial count and an added one
    nouns: dict[int, str] = {}

    def noun_of(q):
        if id(q) not in nouns:
            nouns[id(q)] = _noun(text, q)
        return nouns[id(q)]
    for k, t in enumerate(top):
        if not _TOTAL_WORD_BEFORE.search(text[max(a, t.start - 10):t.start]):
            continue
        noun = noun_of(t)
        near = top[max(0, k - _WINDOW):k + _WINDOW]
        same = [q for q in near if q is not t and q.unit == t.unit and noun and noun_of(q) == noun]
        init = [q for q in same if _INITIAL.search(text[max(a, q.start - 10):q.start])]
        added = [q for q in same if _ADDED.search(re.sub(r"[了共计为]+$", "", text[max(a, q.start - 6):q.start]))]
        removed = [q for q in same if _REMOVED.search(re.sub(r"[了共计为]+$", "", text[max(a, q.start - 6):q.start]))]
        if len(init) != 1 or len(added) != 1 or len(removed) > 1:
            continue
        rel.parts.append(Parts(t, [init[0], added[0]], True, "composition", True, minus=removed))


_BEFORE_ADJUST = re.compile(r"(?:下达|安排|预算|批复|拨付|年初)[^，,。；;\d]{0,8}$")
_ADD_WORD = re.compile(r"(?:增加|新增|追加|调增|补充)[^，,。；;\d]{0,4}$")
_REMOVE_WORD = re.compile(r"(?:减少|调减|核减|压减|收回)[^，,。；;\d]{0,4}$")
_ADJUSTED = re.compile(r"(?:调整后|调整为|实际|最终)[^，,。；;\d]{0,6}$")


def _adjusted(doc, rel, a, b, items, depth):
    """``下达 X …，调减 D，全年实际下达 T`` / ``年初预算 X，追加 D，调整后预算 T``: T = X ± D.
    Every amount between X and T must be a change or a part of X's own breakdown, so that no
    unread amount can be part of the story."""
    text = doc.text     # the words before the number (下达1000: 达 is read as a qualifier)
    if len(items) < 3:
        return      # a base, a change and the adjusted amount
    sentence = text[a:b]
    if "调整" not in sentence and "实际" not in sentence and "最终" not in sentence:
        return      # the adjusted amount follows one of these words inside the sentence
    money = [q for q in items if depth[id(q)] is None and q.exact and kind_class(text, q) == "money"]
    if len(money) < 3:
        return
    own_parts = None     # the parts read so far, collected when an adjusted amount first needs them
    for k, t in enumerate(money):
        if not _ADJUSTED.search(text[max(a, t.num_start - 10):t.num_start]):
            continue
        if own_parts is None:
            own_parts = {id(p) for pr in rel.parts if pr.cue not in ("adjusted", "composition") for p in pr.parts}
        plus, minus, base = [], [], None
        for q in reversed(money[:k]):
            pre = text[max(a, q.num_start - 10):q.num_start]
            if _COMPARED.search(pre):
                break
            if _ADD_WORD.search(pre):
                plus.append(q)
            elif _REMOVE_WORD.search(pre):
                minus.append(q)
            elif id(q) in own_parts:
                continue
            else:
                if _BEFORE_ADJUST.search(text[max(a, q.num_start - 10):q.num_start]) and \
                        not _COMPARED.search(text[max(a, q.num_start - 12):q.num_start]):
                    base = q
                break
        if base is None or not (plus or minus) or t.start - base.end > 160:
            continue
        if any(id(x) in own_parts for x in plus + minus):
            continue
        rel.parts.append(Parts(t, [base] + plus[::-1], True, "adjusted", True, minus=minus[::-1]))


def _numbered_breakdown(doc):
    """``一般公共预算收入 X 万元，…，具体完成情况：`` then paragraphs ``(1)增值税 a 万元，…``
    … ``(5)…等其他收入 e 万元``: the first amount of each numbered item is one part of the
    amount the intro ends on.  Read only when one item is the 其他 category (the list then
    claims to cover the whole); the items are one marker style numbered from 1."""
    text = doc.text
    paras = prose_paragraphs(doc)
    for i, p in enumerate(paras):
        body = p.text.rstrip()
        if not body.endswith(("：", ":")):
            continue
        intro = [q for q in quantities_in(doc, p.start, p.end) if q.cell is None and q.exact]
        money = [q for q in intro if kind_class(text, q) == "money"
                 and not _CHANGE_WORD.search(text[max(p.start, q.start - 6):q.start])]
        if not money:
            continue
        whole = money[-1]
        parts, style, last, other = [], None, 0, False
        for q in paras[i + 1:i + 40]:
            line = text[q.start:q.end].lstrip()
            mk = _marker(line)
            if mk is None or (style is not None and mk[0] != style):
                break
            if style is None:
                if mk[1] != 1:
                    break
                style = mk[0]
            if mk[1] != last + 1:
                parts = []
                break
            last = mk[1]
            first = next((x for x in quantities_in(doc, q.start, q.end)
                          if x.cell is None and x.kind != "percent"), None)
            if first is None or not first.exact or kind_class(text, first) != "money" or \
                    _CHANGE_WORD.search(text[max(q.start, first.start - 6):first.start]):
                parts = []
                break
            other = other or bool(re.search(r"其他|其它", text[q.start:first.start]))
            parts.append(first)
        if len(parts) >= 2 and other:
            yield Parts(whole, parts, True, "numbered", False)


_ALLOC_INTRO = re.compile(r"资金(?:的)?(?:安排|分配|分解)(?:情况)?(?:是|为|如下)\s*[:：]"
                          r"|(?:切块|分配|分解)下达(?:到|至|给)?各\p{Han}{0,4}[，,]\s*其中\s*[:：]?")
_GRANT_HEAD = re.compile(r"下达")
_NOT_GRANT = re.compile(r"其中|上年|去年|同期|结转|结余|累计|未|支出|执行|拨付|到位|每|人均")


def _allocation_of_grant(doc):
    """The 转移支付 self-evaluation template: ``(一)…下达…预算和绩效目标情况`` states the
    grant (``省下达我县…专项资金 63.2 万元``), ``(二)资金安排、分解下达…情况`` spreads it
    (``资金安排是：支持 A 5 万元，支持 B 13 万元，…`` / ``将资金切块下达各市，其中：甲市 610
    万元、…``).  The allocation list, with no amount of its own before it, splits the one
    amount the same top-level section says was granted; when the section names several
    grants the whole is unknown and nothing is read."""
    text = doc.text
    paras = prose_paragraphs(doc)
    tops = sorted(h.start for h in doc.headings if h.level <= 1)
    for i, p in enumerate(paras):
        # both intros hold 资金 or 下达, and 安排, 分配, 分解 or 切块: other paragraphs are spared the pattern
        t = p.text
        m = _ALLOC_INTRO.search(text, p.start, p.end) if ("资金" in t or "下达" in t) and \
            ("分配" in t or "分解" in t or "安排" in t or "切块" in t) else None
        if m is None:
            continue
        qs = [q for q in quantities_in(doc, p.start, p.end) if q.cell is None]
        if any(q.num_start < m.end() and kind_class(text, q) == "money" for q in qs):
            continue       # an amount of its own before the list: the 其中 reading's
        stop = text.find("。", m.end(), p.end)
        stop = p.end if stop < 0 else stop
        parts = []
        for q in qs:
            if q.num_start < m.end() or q.num_start >= stop:
                continue
            opened = text.count("（", m.end(), q.start) + text.count("(", m.end(), q.start)
            closed = text.count("）", m.end(), q.start) + text.count(")", m.end(), q.start)
            if opened != closed or q.kind == "percent":
                continue
            if kind_class(text, q) != "money" or not q.exact or _CHANGE_WORD.search(_pre(text, q, m.end(), 6)) \
                    or _PER.search(_pre(text, q, m.end(), 3)):
                parts = []
                break
            parts.append(q)
        if len(parts) < 3:
            continue
        top = max([t for t in tops if t <= p.start], default=0)
        granted = []
        for q in quantities_in(doc, top, paras[i - 1].end if i else top):
            if q.cell is not None or not q.exact or kind_class(text, q) != "money":
                continue
            clause = re.split(r"[，,。；;：:\n]", text[max(top, q.start - 80):q.start])[-1]
            if _GRANT_HEAD.search(clause) and not _NOT_GRANT.search(clause) and \
                    not re.search(r"[（(][^）)]*$", clause):
                granted.append(q)
        if len({(q.value, q.unit) for q in granted}) != 1:
            continue
        yield Parts(granted[-1], parts, True, "安排", False)


_PAID = re.compile(r"(?<!未)(?<!尚未)(?:支付|拨付|支出|使用|执行|兑付)(?:资金)?(?:了|为|达)?\s*$")
_UNPAID = re.compile(r"^\s*[，,、]?\s*(?:未|尚未|剩余未)(?:支付|支|拨付|拨|使用|执行|兑付)(?:资金)?(?:为)?\s*$")
_BUDGET_CLAUSE = re.compile(r"安排|下达|预算|批复")
_DONE_WORDS = re.compile(r"支付|拨付|支出|使用|执行|兑付|安排|下达|预算|批复|资金|用于")


def _paid_unpaid(doc, rel):
    """``任务资金支付 18501.096 万元，未支 703 万元``: what was paid and what was not make up the
    money the same subject was given earlier (``用于…任务安排资金 19204.096 万``) — read when
    the text before gives that subject (its label, the done-words set aside, shares four
    characters or more with the paid amount's) one amount only."""
    text = doc.text
    for s, e, items in rel.prose_statements:
        if len(items) < 2 or text.find("未", s, e) < 0:
            continue      # a paid and an unpaid amount (every unpaid word holds 未)
        money = [q for q in items if q.exact and kind_class(text, q) == "money"]
        for x, y in zip(money, money[1:]):
            if not _PAID.search(text[max(s, x.start - 8):x.start]) or \
                    not _UNPAID.match(text[x.end:y.start]) or y.start - x.end > 12:
                continue
            subj = _DONE_WORDS.sub("", x.label or "")
            if len(subj) < 4:
                continue
            found = []
            for q in quantities_in(doc, max(0, x.start - 2000), s):
                if q.cell is not None or not q.exact or kind_class(text, q) != "money":
                    continue
                clause = re.split(r"[，,。；;：:\n]", text[max(0, q.start - 60):q.start])[-1]
                if not _BUDGET_CLAUSE.search(clause) or _NOT_GRANT.search(clause):
                    continue
                if len(_shared_head([subj, _DONE_WORDS.sub("", q.label or "")])) >= 4:
                    found.append(q)
            if len({(q.value, q.unit) for q in found}) == 1:
                yield Parts(found[-1], [x, y], True, "支付", True)


_NUM = r"(\d[\d,]*(?:\.\d+)?)\s*(?:万元|元)?"
_GLUED_FUNDS = re.compile(rf"资金总额\s*[:：]?\s*{_NUM}\s*其中\s*[:：]?\s*财政拨款\s*[:：]?\s*{_NUM}\s*"
                          rf"(?:上年结转(?:资金)?\s*[:：]?\s*{_NUM}\s*)?其他资金\s*[:：]?\s*{_NUM}")


def _glued_funds_rows(doc):
    """``资金总额35其中:财政拨款35其他资金0``: the funds row of a 绩效目标表 flattened into
    prose (the cells glued); the sources make up the total."""
    text = doc.text
    at = {q.num_start: q for q in doc_quantities(doc) if q.cell is None}
    for m in _GLUED_FUNDS.finditer(text):
        qs = [at.get(m.start(g)) for g in range(1, 5) if m.group(g) is not None]
        if any(q is None or not q.exact for q in qs) or len({q.unit for q in qs}) != 1:
            continue
        yield Parts(qs[0], qs[1:], True, "form_row")


_GRADE_WORD = r"(?:优秀|良好|合格|不合格|较差|优|良|中|差|[一二三四]等)"
# 评为“良” / 结果为优秀, or a quoted grade right after 自评/评价 (绩效自评“优”的项目): a bare 评价中 is no grade
_GRADE_SEG = re.compile(r"(?:为|评为|评定为|结果为)\s*[“\"‘']?" + _GRADE_WORD + r"[”\"’']?"
                        r"|(?:自评|评价|评定|等次|等级)\s*[“\"‘']" + _GRADE_WORD + r"[”\"’']")
# what every _GRADE_SEG match holds: its cue's last character, spaces, a quote perhaps and
# the grade's first character (the standard re's \s takes more characters than regex's, never
# fewer): a cheap test that spares most paragraphs the costly pattern
_GRADE_SEG_NEAR = _stdre.compile(r"[为评价定次级]\s*[“\"‘']?[优良合不较中差一二三四]")
_COUNT_UNIT = ("个", "项")


def _grade_clauses(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """[a, b) cut before each further grade cue at the comma that precedes it, so that
    ``“良”的项目11个，资金b，“中”的项目3个，资金c`` gives one clause per grade."""
    cues = [m.start() for m in _GRADE_SEG.finditer(text, a, b)]
    cuts = []
    for c in cues[1:]:
        comma = max(text.rfind("，", a, c), text.rfind(",", a, c))
        if comma > (cuts[-1] if cuts else a):
            cuts.append(comma + 1)
    bounds = [a] + cuts + [b]
    return list(zip(bounds, bounds[1:]))


def _grade_groups(doc):
    """``项目共计 11 个，涉及资金 X。结果为“优”的项目有 1 项，涉及金额 a；为“良”的有 6 项，涉及
    金额 b；为“中”的有 4 项，涉及金额 c``: every item gets one grade, so the graded groups
    split the total count (and the total amount) printed just before them.  The total must
    be printed as one (共/共计/合计/总计), in the text just before the first group."""
    text = doc.text
    for p in doc.paragraphs:
        if p.table_id is not None:
            continue
        # a group needs a grade cue inside one of the paragraph's clauses, hence inside the
        # paragraph (every cue holds 为, 评 or 等: a plain test spares most paragraphs the pattern)
        if ("为" not in p.text and "评" not in p.text and "等" not in p.text) or \
                not _GRADE_SEG_NEAR.search(text, p.start, p.end) or not _GRADE_SEG.search(text, p.start, p.end):
            continue
        qs = [q for q in quantities_in(doc, p.start, p.end) if q.cell is None]
        segs, start = [], p.start
        for m in re.finditer(r"[；;。]", text[p.start:p.end] + "。"):
            segs += _grade_clauses(text, start, min(p.start + m.end(), p.end))
            start = p.start + m.end()
        # a bracket inside a group names a subset of it (“差”的项目20个（其中人才项目16个）): not a group
        brackets = _bracket_spans(text, p.start, p.end)
        groups = []
        for a, b in segs:
            if not _GRADE_SEG.search(text, a, b):
                if groups:
                    break
                continue
            inside = [q for q in qs if a <= q.num_start < b and q.exact and _innermost(brackets, q.num_start) is None]
            counts = [q for q in inside if q.unit in _COUNT_UNIT]
            money = [q for q in inside if kind_class(text, q) == "money"]
            if len(counts) != 1 or len(money) > 1 or len(inside) != len(counts) + len(money):
                groups = []
                break
            groups.append((counts[0], money[0] if money else None))
        if len(groups) < 2:
            continue
        first = groups[0][0]
        before = [q for q in qs if q.num_start < first.num_start and first.num_start - q.end <= 150]
        totals = [q for q in before if q.unit in _COUNT_UNIT and q.exact and
                  _TOTAL_BEFORE.search(text[max(p.start, q.start - 6):q.start])]
        if len(totals) != 1:
            continue
        whole = totals[0]
        rest = [q for q in before if q.num_start > whole.num_start]
        yield Parts(whole, [c for c, _ in groups], True, "grades", True)
        amounts = [q for q in rest if kind_class(text, q) == "money" and q.exact]
        if len(rest) == 1 and len(amounts) == 1 and all(m is not None for _, m in groups):
            yield Parts(amounts[0], [m for _, m in groups], True, "grades", True)


# --- tables: column sums, parent rows and their children, a 合计 column --------------------

_TOTAL_HEADER = re.compile(r"合计|小计|总计|合\s*计")


def _row_value(row, ridx: int):
    """The row's number in the column ``ridx`` counted from the right (-1 = last)."""
    q = row.from_right(ridx)
    if q is not None and q.kind != "percent":
        return q
    return None


def _folded_parts(doc, table):
    """A table printed one cell per line (``序号 |`` ``乡镇名称 |`` … ``1 |`` ``西坪镇 |`` …
    ``合计 |`` ``100 |``): the header cells give the row width k, the rows are read back
    as runs of k cells that open with their number 1, 2, 3 …; each column whose every row
    holds one amount adds up to the amount after 合计 (the only amount after it, when one
    column holds amounts).  Rows whose numbers skip or whose width is not the header's are
    not read."""
    from .tables import _table_quantities, _TOTAL
    cells = []
    for row in table.rows:
        filled = [c for c in row if c.text.strip()]
        if len(filled) > 1:
            return
        cells.append(filled[0] if filled else None)
    k = next((i for i, c in enumerate(cells) if c is not None and c.text.strip() == "1"), None)
    if k is None or k < 3 or any(c is None or re.search(r"\d", c.text) for c in cells[:k]):
        return
    qs = {}
    for q in _table_quantities(doc, table.id):
        qs.setdefault(q.cell[1], []).append(q)
    n, i = 0, k
    while i + k <= len(cells) and cells[i] is not None and cells[i].text.strip() == str(n + 1):
        n, i = n + 1, i + k
    if n < 2 or i >= len(cells) or cells[i] is None or not _TOTAL.match(cells[i].text.replace(" ", "")):
        return
    total_row = cells[i].row
    after = [q for r in range(total_row + 1, min(total_row + 3, len(table.rows))) for q in qs.get(r, [])
             if q.kind != "percent"]
    cols = []
    for c in range(1, k):
        col = [qs.get(k + r * k + c, []) for r in range(n)]
        if all(len(x) == 1 and x[0].exact and x[0].kind != "percent" and x[0].kind in AMOUNT_KINDS
               and cells[k + r * k + c].text.strip().startswith(x[0].raw) for r, x in enumerate(col)):
            cols.append([x[0] for x in col])
    if len(cols) == 1 and len(after) >= 1 and after[0].exact:
        yield Parts(after[0], cols[0], True, "table_folded", label=cells[i].text.strip())


_HEAD_ITEM = re.compile(r"^\s*([一二三四五六七八九十]{1,3})、")
_SUB_ITEM = re.compile(r"^\s*(\d{1,2})[、.．](?!\d)")
_TARGET_CELL = re.compile(r"^\s*(?P<cmp>[≥≧>＞≤≦<＜=＝]?)\s*(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>\p{Han}{1,3})\s*$")


def _target_children(doc, table):
    """An indicator table's ``一、示范区建立 | ≥20000亩 | 20000亩`` row followed by rows
    ``1、… | ≥500亩 | 500亩``, ``2、…`` …: the heading item's target (and its actual value)
    is the sum of its numbered sub-items' in that column — cells aligned from the right,
    each holding one number with the same comparator and the same counted unit (亩, 个,
    组 …; scores and percentages are not summed).  Score tables are read too: their sum
    checks skip them, and these columns are not scores."""
    from .tables import _table_quantities
    at = None      # the table's numbers by cell, read once a heading item has sub-items
    rows = [[c for c in r if c.text.strip()] for r in table.rows]

    def marker(cells, rx):
        for i, c in enumerate(cells):
            m = rx.match(c.text)
            if m:
                return i, m.group(1)
            if not _TARGET_CELL.match(c.text):
                continue
            return None
        return None

    for i, cells in enumerate(rows):
        # a heading item's mark holds 、: a row without one is no heading (no pattern tried)
        head = marker(cells, _HEAD_ITEM) if any("、" in c.text for c in cells) else None
        if head is None:
            continue
        kids = []
        for cs in rows[i + 1:]:
            mk = marker(cs, _SUB_ITEM)
            if mk is None or int(mk[1]) != len(kids) + 1:
                break
            kids.append((cs, mk[0]))
        if len(kids) < 2:
            continue
        tail = cells[head[0] + 1:]
        for j in range(1, len(tail) + 1):
            group = [tail[-j]] + [cs[-j] if len(cs) - k - 1 >= j else None for cs, k in kids]
            ms = [_TARGET_CELL.match(c.text) if c is not None else None for c in group]
            if any(m is None for m in ms) or len({(m.group("cmp"), m.group("unit")) for m in ms}) != 1:
                continue
            if ms[0].group("unit") in ("分", "万元", "元"):
                continue
            if at is None:
                at = {(q.cell[1], q.cell[2]): q for q in _table_quantities(doc, table.id)}
            qs = [at.get((c.row, c.col)) for c in group]
            # ≥N reads as a bound (not exact): the printed targets still add up
            if any(q is None or not (q.exact or q.qualifier == ms[0].group("cmp")) or q.kind == "percent"
                   for q in qs):
                continue
            yield Parts(qs[0], qs[1:], True, "table_children", label=cells[head[0]].text.strip())


def _table_parts(doc):
    """Table relations (score tables are the score family's): parts vs 小计/合计 rows in
    each column counted from the right (merged cells do not shift them), parent rows vs
    their ①②/其中 children, and a 合计 column vs the other numbers of its row."""
    from .tables import is_score_table, numeric_rows
    for table in doc.tables:
        yield from _folded_parts(doc, table)
        yield from _target_children(doc, table)
        rows = numeric_rows(doc, table)
        if is_score_table(rows):
            continue
        yield from _column_parts(rows)
        yield from _row_parts(rows)


def _column_parts(rows):
    for ridx in (-1, -2, -3, -4, -5):
        block: list = []
        subtotals: list = []
        since_total: list = []
        parent = None
        children: list = []

        def close_children():
            nonlocal parent, children
            if parent is not None and len(children) >= 2:
                pv = _row_value(parent, ridx)
                vals = [v for v in (_row_value(c, ridx) for c in children) if v is not None]
                if pv is not None and len(vals) >= 2 and pv.kind == vals[0].kind:
                    yield Parts(pv, vals, True, "table_children", label=parent.label)
            parent, children = None, []

        for row in rows:
            if row.kind in ("header", "blank"):
                continue
            if row.kind == "child":
                if parent is not None:
                    children.append(row)
                continue
            yield from close_children()
            v = _row_value(row, ridx)
            if row.kind == "subtotal":
                parts = [x for x in (_row_value(r, ridx) for r in block) if x is not None]
                if v is not None and len(parts) >= 2 and v.kind != "score":
                    yield Parts(v, parts, True, "table_subtotal", label=row.label)
                if v is not None:
                    subtotals.append(row)
                block = []
                continue
            if row.kind == "total":
                if v is not None and v.kind != "score":
                    src = subtotals if subtotals else since_total
                    parts = [x for x in (_row_value(r, ridx) for r in src) if x is not None]
                    if len(parts) >= 2:
                        yield Parts(v, parts, True, "table_total", label=row.label)
                block, subtotals, since_total = [], [], []
                continue
            block.append(row)
            since_total.append(row)
            parent = row
        yield from close_children()


def _row_parts(rows):
    for i, row in enumerate(rows):
        if row.kind != "header":
            continue
        tot_cols = [c.col for c in row.cells if _TOTAL_HEADER.fullmatch(c.text)]
        if len(tot_cols) != 1 or tot_cols[0] != len(row.cells) - 1:
            continue
        width = len(row.cells)
        for data in rows[i + 1:]:
            if data.kind == "header":
                break
            if len(data.cells) != width:
                continue
            whole = data.numbers.get(width - 1)
            parts = [q for c, q in sorted(data.numbers.items()) if c != width - 1]
            if whole is None or not parts or whole.kind == "percent":
                continue
            yield Parts(whole, parts, True, "table_row", label=data.label)


# --- changes -------------------------------------------------------------------------

_DIRECTION = re.compile(r"(增加|增长|上升|提高|增幅|降幅|增|多|减少|下降|降低|减|少)(?:了)?(?:为|到|至|达)?\s*$")
_UP = ("增加", "增长", "上升", "提高", "增幅", "增", "多")
_DIRECTION_CHARS = frozenset("增多减少降升高")
_DIRECTION_CHAR = _stdre.compile(r"[增多减少降升高]")      # one of them, searched in a paragraph
_TO_AFTER = re.compile(r"(?:增加|增长|上升|提高|减少|下降|降低)(?:了)?\s*(?:到|至)\s*$")
_FROM = re.compile(r"(?:由|从)[^，,。；;\d]{0,10}$")
_COMPARE = re.compile(r"(?:比|较|同比|环比|相比|与)")
_COMPARE_OPEN = re.compile(r"与|和|同(?!比|期)")


def _changes(doc, rel, a, b, top, prev_subject):
    """Changes read from ``top``, a sentence's quantities outside brackets."""
    text = doc.text
    i = 0
    while i < len(top):
        z = top[i]
        pre = text[max(a, z.start - 4):z.start]
        # every direction word holds one of _DIRECTION_CHARS: without them no search
        d = _DIRECTION.search(pre) if not _DIRECTION_CHARS.isdisjoint(pre) else None
        if d is None or not z.exact:
            i += 1
            continue
        # 由 Y 增加到 X
        if _TO_AFTER.search(text[max(a, z.start - 6):z.start]):
            ys = [y for y in top[:i] if _FROM.search(text[max(a, y.start - 12):y.start]) and
                  kind_class(text, y) == kind_class(text, z)]
            if ys:
                y = ys[-1]
                word = re.search(r"增加|增长|上升|提高|减少|下降|降低", text[y.end:z.start])
                pct = None
                if i + 1 < len(top) and top[i + 1].kind == "percent" and \
                        not re.search(r"[。；;]", text[z.end:top[i + 1].start]) and \
                        _DIRECTION.search(text[max(a, top[i + 1].start - 4):top[i + 1].start]):
                    pct = top[i + 1]
                if word:
                    rel.changes.append(Change(z, y, None, pct, 1 if word.group(0) in _UP else -1, word.group(0)))
            i += 1
            continue
        # a comparison must introduce the change: 比/较/同比 … before the direction word
        clause_start = max([a] + [text.rfind(c, a, z.start) + 1 for c in "。；;"])
        seg = text[clause_start:z.start]
        cmp_m = None
        cmps = list(_COMPARE.finditer(seg))
        if cmps:
            cmp_m = cmps[-1]
            # 与/和/同上年 Y 相比/对比增加 D: the comparison opens at 与, its base printed before 相比
            if re.search(r"(?:相|对)比$|比较$", seg[:cmp_m.end() + (1 if seg[cmp_m.end():cmp_m.end() + 1] == "较" else 0)]):
                opener = [c for c in _COMPARE_OPEN.finditer(seg, max(0, cmp_m.start() - 32), cmp_m.start())
                          if cmp_m.start() - c.end() <= 30 and not _CLAUSE_MARK.search(seg, c.end(), cmp_m.start())]
                if opener:
                    cmp_m = opener[-1]
        if cmp_m is None:
            i += 1
            continue
        cmp_at = clause_start + cmp_m.start()
        # the change group: this quantity and a following one of the other sort (D then P)
        group = [(d.group(1), z)]
        j = i + 1
        while j < len(top) and len(group) < 2:
            w = top[j]
            gap = text[group[-1][1].end:w.start]
            if re.search(r"[。；;]", gap) or len(gap) > 12:
                break
            dd = _DIRECTION.search(text[max(a, w.start - 4):w.start])
            if dd is None or not w.exact:
                break
            group.append((dd.group(1), w))
            j += 1
        delta = pct = None
        word = pct_word = ""
        base_y = None
        # a base printed between the comparison word and the direction word
        ys = [y for y in top[max(0, i - _WINDOW):i] if y.num_start > cmp_at and y.exact]
        if ys and not _DIRECTION.search(text[max(a, ys[-1].start - 4):ys[-1].start]):
            base_y = ys[-1]
        named_base = None
        if base_y is None:
            # 年初预算 A，调整预算为 X，比年初预算增加 D: the comparison names an amount printed
            # before in the sentence (its label ends with the name), the base
            name = _HAN_ONLY.sub("", text[cmp_at + len(cmp_m.group(0)):z.start - len(d.group(0))])
            if len(name) >= 3 and not _YEARISH.search(name):
                named = [y for y in top[max(0, i - _WINDOW):i] if y.num_start < cmp_at and y.exact
                         and y.kind != "percent" and _HAN_ONLY.sub("", y.label or "").endswith(name)]
                if len(named) == 1:
                    named_base = named[0]
        for w_, q in group:
            if q.kind == "percent":
                if pct is None:
                    pct, pct_word = q, w_
            elif delta is None:
                delta, word = q, w_
        if delta is None and pct is None:
            i = j
            continue
        ref = delta or base_y
        kc = kind_class(text, ref) if ref is not None else None
        stop_at = text.rfind("。", a, cmp_at)
        current = None
        for x in reversed(top[max(0, i - _WINDOW):i]):
            if x.end <= stop_at:
                break
            if x.num_start < cmp_at and x.exact and x.kind != "percent" and \
                    (kc is None or kind_class(text, x) == kc):
                current = x
                break
        if current is None and prev_subject is not None and (kc is None or kind_class(text, prev_subject) == kc) \
                and not any(x.num_start < cmp_at and x.kind != "percent" for x in top):
            current = prev_subject
        if base_y is None and named_base is None and delta is not None:
            pair = _year_pair(text, a, top[max(0, i - _WINDOW):i], cmp_at, cmp_m, z, d)
            if pair is not None:
                current, base_y = pair
        if base_y is None and named_base is None and current is not None:
            pair = _period_pair(text, a, top[max(0, i - _WINDOW):i], current, cmp_at)
            if pair is not None:
                current, base_y = pair
        if named_base is not None and current is not named_base and \
                kind_class(text, named_base) == kind_class(text, current):
            base_y = named_base
        if current is None or (base_y is not None and kind_class(text, base_y) != kind_class(text, current)):
            i = j
            continue
        if base_y is None and delta is None:
            i = j
            continue
        if current.kind == "percent" or (delta is not None and kind_class(text, delta) != kind_class(text, current)):
            i = j
            continue
        sign_word = word or pct_word
        rel.changes.append(Change(current, base_y, delta, pct, 1 if sign_word in _UP else -1,
                                  word or pct_word, pct_word))
        i = j


_LAST_PERIOD = re.compile(r"^(?:上年度?|去年|上一年度?|上年同期|去年同期)")
_THIS_PERIOD = re.compile(r"^(?:本年度?|今年|当年|本期)")


def _period_pair(text, a, before, current, cmp_at):
    """``本年支出 1150 万元，上年支出 1200 万元，同比下降 4.17%``: the amount just before the
    comparison is last year's (上年/去年 opens its label); this year's is the one amount before
    it labelled 本年/今年/当年 with the same rest of the label — the current value."""
    lab = current.label or ""
    m = _LAST_PERIOD.match(lab)
    if m is None:
        return None
    rest = lab[m.end():]
    cands = []
    for x in before:
        if x.num_start >= current.num_start or not x.exact or x.kind == "percent":
            continue
        # the label may have dropped 本年 (本年支出 1150 万元 is labelled 支出): read the clause
        clause = re.split(r"[，,；;：:。\n]", text[max(a, x.start - 20):x.start])[-1].strip()
        xm = _THIS_PERIOD.match(clause)
        if xm and clause[xm.end():].strip() == rest and kind_class(text, x) == kind_class(text, current):
            cands.append(x)
    if len(cands) != 1 or re.search(r"[。；;]", text[cands[0].end:current.start]):
        return None
    return cands[0], current


def _year_pair(text, a, before, cmp_at, cmp_m, z, d):
    """``2021年…资金 7700 万元，2020年…资金 7650 万元，比去年增加 50 万元``: the comparison
    with last year follows the two amounts its clauses date one year apart — the later is
    the current value, the earlier the previous one."""
    name = _HAN_ONLY.sub("", text[cmp_at + len(cmp_m.group(0)):z.start - len(d.group(0))])
    if name not in ("去年", "上年", "上年度", "上一年", "上年同期", "去年同期"):
        return None
    dated = []
    for y in before:
        if y.num_start >= cmp_at or not y.exact or y.kind == "percent":
            continue
        clause = text[max(a, text.rfind("，", a, y.start) + 1, text.rfind(",", a, y.start) + 1):y.start]
        years = re.findall(r"((?:19|20)\d\d)年", clause)
        if years:
            dated.append((int(years[-1]), y))
    if len(dated) != 2 or abs(dated[0][0] - dated[1][0]) != 1:
        return None
    if kind_class(text, dated[0][1]) != kind_class(text, dated[1][1]):
        return None
    dated.sort(key=lambda x: x[0])
    return dated[1][1], dated[0][1]


# --- rates ---------------------------------------------------------------------------

_RATE_NAME = re.compile(r"(执行|完成|到位|支付|拨付|使用|兑付|发放|结算|支出|下达)(?:率|进度)\s*(?:为|达|达到|是)?\s*$")
_EXEC_WORD = {"执行": "执行|支出|使用|完成|拨付|支付|兑付", "完成": "完成|执行|支出|拨付|支付",
              "到位": "到位|下达|拨付", "支付": "支付|拨付|支出|兑付", "拨付": "拨付|支付|下达",
              "使用": "使用|支出|执行|拨付", "兑付": "兑付|发放|支付", "发放": "发放|兑付|支付",
              "结算": "结算|支付", "支出": "支出|执行|使用", "下达": "下达|拨付|到位"}
_COMPLEMENT = re.compile(r"(?:未|尚未|剩余|结余|余)")
_PLAN_WORD = re.compile(r"预算|计划|安排|下达|总额|共|合计|总计|收到|投入|批复|筹集|到位")
_OF_BASE = re.compile(r"^\s*的\s*$")


_PLAN_BASE = re.compile(r"预算|计划")


_CLAUSE_MARK = re.compile(r"[，,；;：:。\n]")


def _clause_head(text: str, lo: int, end: int) -> str:
    """The clause a quantity ends, from its last clause mark (at most back to lo): the verb
    that makes an amount a plan (下达 … 衔接资金以工代赈资金 300 万元) may open a long label."""
    seg = text[lo:end]
    marks = [m.end() for m in _CLAUSE_MARK.finditer(seg)]
    return seg[marks[-1]:] if marks else seg


# the start of an enumerated item inside a paragraph: ①, (1), 1、, 一、, or a bare 5 opening
# the clause after ； (…到位率0%；5新一轮退耕还林补助应到位…)
_ITEM_START = re.compile(r"(?:^|(?<=[；;。：:\n]))\s*(?:[①-⑳]|[(（]\s*\d{1,2}\s*[)）]|\d{1,2}[、.．](?!\d)|"
                         r"[一二三四五六七八九十]{1,3}、|(?<=[；;]\s*)\d{1,2}(?=\p{Han}{2})(?![个项人万元亿家次户台套座所名份批期年月日号]))")
# an amount that should be placed / paid (应到位 2640 万元): the rate's base, never its numerator
_SHOULD = re.compile(r"(?:应|应当|应该|需|须)(?:到位|支付|拨付|发放|兑付|完成|执行|下达|使用)[^，,。；;\d]{0,4}$")


def _item_fence(text: str, prev_end: int, rate_start: int) -> int:
    """Where the rate's operands must start: the last item boundary after the previous rate.
    A list whose items each give their own rate (①应到位 68 万元 … 到位率 30.88%；②…) keeps
    every rate to its item; an item with no amount of its own then has no rate to check,
    rather than one made of the item before's figures."""
    fence = -1
    for m in _ITEM_START.finditer(text, prev_end, rate_start):
        fence = m.start()
    return fence


def _due_after(text, top, i, b, kc):
    """``省级资金到位 150 万元，到位率 75%，应到位 200 万元``: the one amount due or planned (应到位,
    预算, 计划 …) printed right after the rate, in its clause group (up to 。/；/the next
    percentage), of the numerator's kind."""
    r = top[i]
    stop = _AFTER_END.search(text, r.end, b)
    end = stop.start() if stop else b
    after = []
    for q in top[i + 1:]:
        if q.start >= end or q.kind == "percent":
            break
        after.append(q)
    if len(after) != 1 or not after[0].exact or kind_class(text, after[0]) != kc or after[0].value <= 0:
        return None
    q = after[0]
    pre = re.split(r"[，,、：:（(]", text[max(r.end, q.start - 10):q.start])[-1]
    return q if _SHOULD.search(pre) or re.search(r"预算|计划", pre) else None


def _segment_base(text, top, i, num, kc, words):
    """``…，执行率 96%；其中中央资金 300 万元，执行 300 万元，执行率 100%；省级资金 200 万元，执行
    180 万元，执行率 90%``: after a rate and a ；, a segment that names one amount and then
    the figure the rate's verb names gives its own rate — the amount is its base, not the
    budget of the whole paragraph.  Only when the segment holds exactly these two amounts."""
    prev = next((q for q in reversed(top[:i]) if q.kind == "percent"), None)
    if prev is None:
        return None
    r = top[i]
    semi = max(text.rfind("；", prev.end, r.start), text.rfind(";", prev.end, r.start))
    if semi < 0:
        return None
    seg = [q for q in top[:i] if q.start > semi and q.kind != "percent"]
    if len(seg) != 2 or seg[1] is not num or kind_class(text, seg[0]) != kc or not seg[0].exact:
        return None
    own = seg[0]
    pre = text[max(semi, own.start - 10):own.start]
    if own.value <= 0 or words.search(pre) or _COMPLEMENT.search(pre[-4:]):
        return None
    return own


def _rates(doc, rel, a, b, items, depth, para_start, para_qs, top):
    """Rates read from ``top``, the quantities of the sentence ``items`` outside brackets."""
    text = doc.text
    last_rate = -1
    para_plans = None
    numerators: set[int] = set()
    n_rates = len(rel.rates)
    for i, r in enumerate(top):
        if r.kind != "percent" or not r.exact:
            continue
        numerators.update(id(x.numerator) for x in rel.rates[n_rates:])
        # 完成任务数 2000 人的 120%
        if i > 0 and _OF_BASE.match(text[top[i - 1].end:r.start]) and top[i - 1].kind in AMOUNT_KINDS \
                and top[i - 1].exact and top[i - 1].kind != "plain":
            base = top[i - 1]
            if re.search(r"(?:完成|达到|占|为)[^，,。；;\d]{0,16}$", text[max(a, base.start - 18):base.start]):
                nums = [q for q in top[last_rate + 1:i - 1] if kind_class(text, q) == kind_class(text, base)
                        and q.exact]
                if nums:
                    rel.rates.append(Rate(r, nums[-1], base, [], "完成比例", "of"))
            last_rate = i
            continue
        m = _RATE_NAME.search(text[max(a, r.start - 8):r.start])
        if not m:
            continue
        stem = m.group(1)
        words = re.compile(_EXEC_WORD[stem])
        window = top[max(last_rate + 1, i - _WINDOW):i]
        # another item's rate before this one: its figures are not this rate's operands
        fence = _item_fence(text, top[last_rate].end, r.start) if last_rate >= 0 else -1
        last_rate_before = last_rate
        last_rate = i
        amounts = [q for q in window if q.kind not in ("percent",) and q.exact and q.kind in AMOUNT_KINDS
                   and q.kind != "plain" and q.start >= fence]
        nums = [q for q in amounts if words.search(text[max(a, q.start - 10):q.start]) and
                not _COMPLEMENT.search(text[max(a, q.start - 4):q.start]) and
                not _SHOULD.search(text[max(a, q.start - 10):q.start])]
        if not nums:
            if not amounts:
                after = _operands_after(text, items, top, i, a, b, words)
                if after is not None:
                    rel.rates.append(Rate(r, after[0], after[1], [], stem + "率", "after", "likely"))
            continue
        num = nums[-1]
        kc = kind_class(text, num)
        comp = [q for q in amounts if q.num_start > num.num_start and kind_class(text, q) == kc and
                _COMPLEMENT.search(text[max(a, q.start - 4):q.start])]
        if len(comp) == 1:
            rel.rates.append(Rate(r, num, None, [num, comp[0]], stem + "率", "parts"))
            continue
        own = _segment_base(text, top, i, num, kc, words)
        if own is not None:
            rel.rates.append(Rate(r, num, own, [], stem + "率", "item", "likely"))
            continue
        # 支出合计 X，执行率 R，其中：基本支出 a，执行率 r1，项目支出 b，执行率 r2 — a part of a
        # breakdown whose whole an earlier rate counted: the part's rate is over the part's own
        # budget, which a base stated before the whole is not
        parent = next((p.whole for p in rel.parts if any(x is num for x in p.parts)), None)
        parent_counted = parent is not None and id(parent) in numerators
        plans = []
        # a ； after the previous rate closes that rate's figures: no base is taken across it
        # (中央资金到位 300 万元，到位率 100%；省级资金到位 150 万元，到位率 75%，应到位 200 万元)
        prev_r = top[last_rate_before].end if last_rate_before >= 0 else -1
        semi = max(text.rfind("；", prev_r, r.start), text.rfind(";", prev_r, r.start)) if prev_r >= 0 else -1
        for q in reversed(top[max(0, i - _WINDOW):i]):
            if q.start < fence or q.start < semi:
                break
            if id(q) in numerators:
                continue     # the figure an earlier rate counted (中央资金到位 300 万元，到位率 100%；…)
            own_pre = _clause_head(text, max(a, q.start - 10), q.start)
            if stem in own_pre and not _SHOULD.search(own_pre) and not _PLANNED.search(own_pre.replace(stem, "")):
                continue     # 到位 300 万元 for a 到位率: a figure the rate counts, never its base
            if q.num_start < num.num_start and q.exact and q.value > 0 and kind_class(text, q) == kc \
                    and (_PLAN_WORD.search(text[max(a, q.start - 10):q.start]) or
                         _PLAN_WORD.search(_clause_head(text, max(a, q.start - 40), q.start))) \
                    and not _COMPLEMENT.search(text[max(a, q.start - 4):q.start]):
                plans = [q]
                break
        if parent_counted and plans and plans[-1].num_start < parent.num_start:
            plans = []
        if plans:
            base = plans[-1]
            # a base that is itself split into parts listed between it and the numerator is fine
            rel.rates.append(Rate(r, num, base, [], stem + "率", "named"))
            continue
        due = _due_after(text, top, i, b, kc)
        if due is not None:
            rel.rates.append(Rate(r, num, due, [], stem + "率", "after", "likely"))
            continue
        if fence >= 0 or parent_counted:
            continue        # an item of a list: the paragraph's budget is the whole list's
        # the whole of a breakdown earlier in the paragraph (投入 X。其中 …，执行 B，执行率 R)
        wholes = [p.whole for p in rel.parts if para_start <= p.whole.num_start < num.num_start
                  and kind_class(text, p.whole) == kc and p.cue in ("其中", "包括", "total_after")]
        if wholes:
            rel.rates.append(Rate(r, num, wholes[-1], [], stem + "率", "named", "likely"))
            continue
        # the one budget or plan amount stated earlier in the paragraph
        if para_plans is None:
            para_plans = [q for q in para_qs if depth.get(id(q)) is None and q.exact and q.value > 0
                          and _PLAN_BASE.search(text[max(para_start, q.start - 10):q.start])]
        plans = [q for q in para_plans if q.num_start < num.num_start and kind_class(text, q) == kc]
        if not plans and stem == "执行" and "预算" in text[max(a, r.start - 8):r.start]:
            # 预算执行率 with no budget in its paragraph: the one budget amount of the few
            # paragraphs just before (预算数为 16 万元。… 实际执行数 10.01 万元，预算执行率 63%)
            plans = [q for q in _budgets_before(doc, para_start) if kind_class(text, q) == kc]
        if not plans and stem in ("执行", "支付", "使用"):
            # 资金执行数 y，执行率 R with the funds stated in the paragraph before (下达 … 资金
            # X，其中 …): the one amount there whose clause opens with the verb that plans it
            plans = [q for q in _budgets_before(doc, para_start, granted=True) if kind_class(text, q) == kc]
            if len({q.value for q in plans}) == 1:
                plans = plans[-1:]
        if len(plans) != 1:
            plans = _base_by_subject(doc, num, kc)
            # 安排专项资金 X。…（另一段）评价金额为 Y。…专项资金到位 b，到位率 r: the paragraph
            # states an amount of its own between the subject's amount and the numerator, one
            # that no earlier rate counted and no done-word names — the rate may be over it
            if plans and any(
                    plans[0].num_start < q.num_start < num.num_start and q is not num and q.exact and
                    q.value > 0 and id(q) not in numerators and depth.get(id(q)) is None and
                    kind_class(text, q) == kc and
                    not _DONE_WORD.search(_clause_head(text, max(para_start, q.start - 10), q.start))
                    for q in para_qs):
                plans = []
        if len(plans) == 1:
            rel.rates.append(Rate(r, num, plans[0], [], stem + "率", "named", "likely"))


_PLANNED = re.compile(r"预算|计划|安排|批复|总额|下达|应")
_AFTER_END = re.compile(r"[。；;\n]")


def _operands_after(text, items, top, i, a, b, words):
    """``预算执行率 95%，全年执行数 270 万元，全年预算数 300 万元`` / ``执行率为 95%（实际支出 270
    万元/预算 300 万元）``: a rate printed before its figures, none before it in its sentence.
    Read from the rate to the end of its clause group (。；) or the next percentage: exactly one
    amount the rate's verb names (the numerator) and exactly one planned or due amount (预算,
    计划, 下达, 应到位 …: the base), of one kind, and no other amount of that kind."""
    r = top[i]
    stop = _AFTER_END.search(text, r.end, b)
    end = stop.start() if stop else b
    nxt = next((q for q in top[i + 1:] if q.kind == "percent"), None)
    if nxt is not None:
        end = min(end, nxt.start)
    after = [q for q in items if r.end <= q.start < end and q.kind != "percent"]
    amounts = [q for q in after if q.exact and q.kind in AMOUNT_KINDS and q.kind != "plain"]
    if len(amounts) != 2 or len(after) != 2 or kind_class(text, amounts[0]) != kind_class(text, amounts[1]):
        return None
    def pre(q):
        # the amount's own words: back to the mark that opens its clause (，/（ …), at most 10
        seg = text[max(r.end, q.start - 10):q.start]
        return re.split(r"[，,、/：:（(]", seg)[-1]
    if any(_COMPLEMENT.search(pre(q)[-4:]) for q in amounts):
        return None
    nums = [q for q in amounts if words.search(pre(q)) and not _SHOULD.search(pre(q))]
    bases = [q for q in amounts if q not in nums and q.value > 0 and (_PLAN_WORD.search(pre(q)) or _SHOULD.search(pre(q)))]
    if len(nums) != 1 or len(bases) != 1:
        return None
    return nums[0], bases[0]


_DONE_TAIL = re.compile(r"(?:实际)?(?:已)?(?:完成|执行|支出|使用|拨付|支付|到位|兑付)(?:数|额|金额)?(?:为|了)?$")
_DONE_WORD = re.compile(r"完成|执行|支出|使用|拨付|支付|到位|兑付|结转|结余|上年|去年|同期|剩余|未")


def _base_by_subject(doc, num: Quantity, kc) -> list[Quantity]:
    """中央资金完成 636.75 万元，预算执行率 81.97%: the base is the amount the report gave
    the same subject earlier (中央资金 776.84 万元) — when that subject has one value."""
    text = doc.text
    subj = _DONE_TAIL.sub("", _HAN_ONLY.sub("", num.label or ""))
    subjects = [subj]
    if not subj and _DONE_TAIL.fullmatch(_HAN_ONLY.sub("", num.label or "") or "-") and num.label_start > 0:
        # 其他资金（上年结转）完成 y: the bracket cut the label off its subject; both the head
        # and the gloss on its noun (上年结转资金) name it
        g = _GLOSSED.search(text, max(0, num.label_start - 24), num.label_start)
        if g:
            subjects = [g.group(1), g.group(3) + g.group(2)]
    elif subj == _HAN_ONLY.sub("", num.label or "") or len(subj) < 4:
        return []       # the label must name a subject and what was done with it
    if any(len(s) < 4 for s in subjects):
        return []
    found = []
    for q in quantities_in(doc, max(0, num.start - 1500), num.num_start):
        lab = _HAN_ONLY.sub("", q.label or "")
        if not (q.cell is None and q.exact and q.value > 0 and len(lab) >= 4 and kind_class(text, q) == kc):
            continue
        for s in subjects:
            # a done-word (结转 …) bars an outcome of the subject, not the subject's own name
            done = [w for w in _DONE_WORD.findall(lab) if w not in s]
            if not done and (s.endswith(lab) or lab.endswith(s)):
                found.append(q)
                break
    return found[-1:] if len({q.value for q in found}) == 1 else []


_GLOSSED = re.compile(r"(\p{Han}{2,8}?(资金|经费|款))[（(](\p{Han}{2,6})[)）]\s*$")


_BUDGET_BEFORE = re.compile(r"预算(?:数|资金|金额|总额|安排)?(?:为|是|共|合计)?\s*[:：]?\s*$")
_LOOKBACK = 300     # characters before a paragraph searched for the budget of its 预算执行率


_GRANTED = re.compile(r"^\s*(?:共|全年|本年|年度|累计)?(?:下达|安排|批复|到位)")
_NOT_GRANTED = re.compile(r"上年|去年|同期|年初|调整|结转|结余|追加|调减|调增|每|人均")


def _budgets_before(doc, para_start: int, granted: bool = False) -> list[Quantity]:
    """Budget amounts (预算数为 X) in the paragraphs ending within _LOOKBACK characters before
    ``para_start``, stopping at a heading (another item's budget would be another base).
    ``granted``: instead, the amounts whose clause opens with the verb that grants them
    (下达 … 资金 X，其中 …), outside brackets."""
    text = doc.text
    lo = max(0, para_start - _LOOKBACK)
    for h in doc.headings:
        if h.level <= 1 and lo <= h.start < para_start:
            lo = max(lo, h.end)      # a new top-level section: another item's budget
    out = []
    for q in quantities_in(doc, lo, para_start):
        pre = text[max(lo, q.start - 12):q.start]
        if not (q.cell is None and q.exact and q.value > 0 and q.kind in AMOUNT_KINDS and q.kind != "plain"):
            continue
        if granted:
            head = _clause_head(text, max(lo, q.start - 40), q.start)
            if _GRANTED.search(head) and not _NOT_GRANTED.search(head) and \
                    not re.search(r"[（(][^）)]*$", head):
                out.append(q)
        elif _BUDGET_BEFORE.search(pre) and not re.search(r"上年|去年|同期|年初|调整", pre):
            out.append(q)
    return out


_PLAN = re.compile(r"预算|计划|应征|应缴|目标")
_ACTUAL = re.compile(r"决算|实际|执行|到位|完成|拨付|支付|征收")
_RATE_LABEL = re.compile(r"(?:执行|完成|到位|征缴|使用|支付)率$")


def _plan_actual(rel: Relations):
    """(A, B, R) for '预算收入 A 元，决算收入 B 元，预算完成率为 R%' (R should be B / A)."""
    for s, e, items in rel.prose_statements:
        for i, r in enumerate(items):
            if r.kind != "percent" or not r.exact or not _RATE_LABEL.search(r.label):
                continue
            money = [q for q in items[max(0, i - _WINDOW):i] if q.kind == "money" and q.exact]
            if len(money) < 2:
                continue
            a, b = money[-2], money[-1]
            if not (_PLAN.search(a.label) and _ACTUAL.search(b.label)) or a.value <= 0:
                continue
            yield a, b, r


# --- shares --------------------------------------------------------------------------

_SHARE_CUE = re.compile(r"(?:占|占比|比例|比重)(?:为|达|是)?\s*$")
_NAMED_SHARE_CUE = re.compile(r"占\s*(?:本年|全年|当年)?(\p{Han}{2,10}?)的?(?:比例|比重)?(?:为|达|是)?\s*$")
DIMENSION = re.compile(r"按[^，,。；;：:]{1,12}?[，,：:]")
_OPENS_WITH_PARTS = re.compile(r"\s*(?:其中|包括)")
_WHOLE_CUE = re.compile(r"^[，,：:（(]?\s*(?:其中|包括|含)")


def _whole_cue(text: str, q: Quantity, end: int) -> bool:
    return bool(_WHOLE_CUE.match(text[q.end:min(end, q.end + 6)]))


_SHARE_TOTAL_BEFORE = re.compile(r"(?:合计|总计|共计|总额)\s*(?:为|是|达)?\s*$")


def _printed_total(text: str, q: Quantity, s: int) -> bool:
    """``收入总计 1200 万元，财政拨款收入 1000 万元，占比 83.33%；…``: the first amount of a
    statement, printed as a total (合计/总计/共计/总额 right before it), is the whole of the
    shares that follow it, as if 其中 followed it."""
    return bool(_SHARE_TOTAL_BEFORE.search(text[max(s, q.start - 6):q.start]))


def _share_groups(doc, rel: Relations) -> list[ShareGroup]:
    """Whole/parts/shares statements.  The whole is the amount followed by 其中/包括 in the
    statement, or, for a statement that opens with 其中, the subject of the statement
    before it.  A share (占 P%) belongs to the amount printed just before it."""
    text = doc.text
    groups: list[ShareGroup] = []
    spans = rel.statement_quantities
    for k, (s, e, items) in enumerate(spans):
        if len(items) < 2:
            continue     # a share and its part: a statement of one number has no group
        share = part = False
        for q in items:
            if q.kind == "percent":
                share = True
            elif q.kind in AMOUNT_KINDS:
                part = True
        if not (share and part):
            continue     # every group's parts are amounts of its own statement
        inherited = None
        if k > 0 and _OPENS_WITH_PARTS.match(text, s, e):
            prev = spans[k - 1][2]
            inherited = next((q for q in prev if q.kind in AMOUNT_KINDS and q.exact and q.kind != "plain"
                              and not re.match(r"^(?:比|较|与|对比)", q.label or "")), None)
        current: ShareGroup | None = None
        whole: Quantity | None = inherited
        last_amount: Quantity | None = None
        last_level: Quantity | None = None
        # every share cue holds 占 or 比 (占比, 比例, 比重): without them no quantity of the
        # statement joins a group, and the walk below only moves its own locals
        seg = text[s:e]
        cued = "占" in seg or "比" in seg
        dim_marks = [m.start() + s for m in DIMENSION.finditer(seg)] if cued else []
        by_named: dict[int, ShareGroup] = {}
        for q in items if cued else ():
            named = None
            if q.kind == "percent" and not _SHARE_CUE.search(text[max(s, q.start - 4):q.start]):
                nm = _NAMED_SHARE_CUE.search(text[max(s, q.start - 16):q.start])
                named = nm.group(1) if nm else None
            if q.kind == "percent" and whole is None and \
                    (nm := _NAMED_SHARE_CUE.search(text[max(s, q.start - 16):q.start])):
                named = nm.group(1)
                # 占项目总数比例 P% with no whole in the statement: the whole it names, printed
                # just before the statement; the part is the last amount of that kind since
                # the previous share of the same whole
                nw = _named_whole(doc, named, s)
                if nw is not None:
                    g = by_named.get(id(nw))
                    lo = g.shares[-1].end if g else s
                    cand = [x for x in items if lo <= x.start and x.end <= q.start and x.kind == nw.kind
                            and x.exact]
                    if any(q is p for x in by_named.values() for p in x.shares):
                        continue
                    run = _listed_run(text, items, q)
                    if len(run) >= 2:
                        # 分别为 a、b、c，分别占…P1、P2、P3: two lists pair element by element
                        amounts = _listed_run(text, items, cand[-1]) if cand else []
                        if len(amounts) != len(run) or amounts[-1] is not cand[-1]:
                            continue
                        for x, p in zip(amounts, run):
                            g = by_named.get(id(nw))
                            if g is None:
                                g = by_named[id(nw)] = ShareGroup(nw)
                                groups.append(g)
                            g.parts.append(x)
                            g.shares.append(p)
                        continue
                    if cand and not (g and g.parts[-1] is cand[-1]):
                        if g is None:
                            g = by_named[id(nw)] = ShareGroup(nw)
                            groups.append(g)
                        g.parts.append(cand[-1])
                        g.shares.append(q)
                continue
            if q.kind == "percent" and (named or _SHARE_CUE.search(text[max(s, q.start - 4):q.start])):
                if last_amount is None or whole is None or last_amount is whole:
                    continue
                if named:
                    # 占收入合计的 P%: the share names its whole, which must be this one
                    wl = _HAN_ONLY.sub("", whole.label or "")
                    if not wl or not (named in wl or wl[-2:] in named):
                        continue
                if last_amount.kind != whole.kind:
                    continue
                if current is None or current.whole is not whole:
                    current = ShareGroup(whole)
                    groups.append(current)
                if current.parts and current.parts[-1] is last_amount:
                    continue
                if current.parts and any(current.parts[-1].num_end < d < last_amount.start for d in dim_marks):
                    current = ShareGroup(whole)
                    groups.append(current)
                current.parts.append(last_amount)
                current.shares.append(q)
                continue
            if q.kind in AMOUNT_KINDS and q.exact:
                if _whole_cue(text, q, e) or (whole is None and last_amount is None and _printed_total(text, q, s)):
                    whole = q
                    current = None
                last_amount = q
                if not _CHANGE_WORD.search(_pre(text, q, s, 8)):
                    last_level = q
            elif q.kind == "percent" and _whole_cue(text, q, e) and last_level is not None:
                # 收入 X，比上年减少 D，下降 P%，其中：… — the whole is X, not the change D
                whole = last_level
                current = None
        if inherited is not None:
            # the parts after 其中 make exactly an amount stated before the one inherited
            # (the statements before it in its paragraph, walked back from it)
            para, j, earlier = doc.paragraph_at(s), k - 1, []
            while j >= 0 and doc.paragraph_at(spans[j][0]) is para:
                earlier.append(spans[j][2])
                j -= 1
            groups = [g for g in groups if g.whole is not inherited or not g.parts
                      or not _belongs_to_another(text, inherited, g.parts, earlier, s)]
    return [g for g in groups if g.parts]


def _listed_run(text: str, items: list[Quantity], q: Quantity) -> list[Quantity]:
    """The 、-list of quantities of ``q``'s kind that ``q`` is printed in (``a、b和c``)."""
    i = next(k for k, x in enumerate(items) if x is q)
    lo = hi = i
    while lo > 0 and items[lo - 1].kind == q.kind and \
            re.fullmatch(r"\s*[、和及与]\s*", text[items[lo - 1].end:items[lo].start]):
        lo -= 1
    while hi + 1 < len(items) and items[hi + 1].kind == q.kind and \
            re.fullmatch(r"\s*[、和及与]\s*", text[items[hi].end:items[hi + 1].start]):
        hi += 1
    return items[lo:hi + 1]


_WHOLE_SUFFIX = re.compile(r"(?:总数|总额|总量|合计|总计)$")
_NAMED_LOOKBACK = 400
_SUBSET_BEFORE = re.compile(r"(?:中央|省级|市级|县级|区级|本级|上级|下级|乡镇|其他|其它|其中)$")   # 本级项目: a part


def _named_whole(doc, named: str, s: int) -> Quantity | None:
    """The one amount within _NAMED_LOOKBACK characters before ``s`` whose label ends with
    the whole a share names (项目支出总额 → 项目支出总额 X; 项目总数 → …项目 N 个); None
    when none or several values answer."""
    core = _WHOLE_SUFFIX.sub("", named)
    if len(core) < 2:
        return None
    found = []
    for x in quantities_in(doc, max(0, s - _NAMED_LOOKBACK), s):
        lab = _HAN_ONLY.sub("", x.label or "")
        if x.cell is None and x.exact and x.value > 0 and x.kind in AMOUNT_KINDS and x.kind != "plain" \
                and (lab.endswith(named) or (core != named and lab.endswith(core)
                                             and not _SUBSET_BEFORE.search(lab[:-len(core)]))):
            found.append(x)
    return found[-1] if len({x.value for x in found}) == 1 else None


# --- score items in prose -------------------------------------------------------------

_SCORE_ITEM = re.compile(
    r"(?P<name>[\p{Han}A-Za-z（）()]{2,24}?)\s*[:：]\s*(?:分值|权重|满分)\s*(?:为)?\s*(?P<w>\d+(?:\.\d+)?)\s*分"
    r"(?:\s*[,，;；]\s*(?:自评)?(?:实际)?得分\s*(?:为)?\s*(?P<s>\d+(?:\.\d+)?)\s*分)?")
_SCORE_HEADING = re.compile(
    r"^\s*(?:(?P<top>[一二三四五六七八九十]{1,2}\s*、|[(（]\s*[一二三四五六七八九十]{1,2}\s*[)）])|\d{1,2}\s*[、.．](?!\d))"
    r"\s*(?P<name>[^，,。；;：:()（）\d]{2,30}?)\s*[(（]\s*(?:分值|权重|满分)\s*(?:为)?\s*(?P<w>\d+(?:\.\d+)?)\s*分\s*[)）]"
    r"(?:\s*[,，:：]?\s*(?:自评|评价)?(?:得分)?\s*(?:为)?\s*(?P<s>\d+(?:\.\d+)?)\s*分)?")
_LEVEL2 = re.compile(r"数量指标|质量指标|时效指标|成本指标|经济效益|社会效益|生态效益|可持续|服务对象满意度")
_LEVEL1 = re.compile(r"产出指标|效益指标|效果指标|满意度指标|决策指标|过程指标|管理指标|产出|效益|效果|满意度")


_SCORE_WORD = _stdre.compile(r"分值|权重|满分")     # literal words: ``re`` finds them faster


@lru_cache(maxsize=4096)
def _score_matches(line: str) -> tuple[tuple, object]:
    """(``_SCORE_ITEM`` matches, ``_SCORE_HEADING`` match) of a paragraph's text: a function
    of the text alone, cached (score paragraphs recur across reports)."""
    return tuple(matches_from(_SCORE_ITEM, line, _SCORE_NAME_BEFORE, _SCORE_COLON)), _SCORE_HEADING.match(line)


# a ``_SCORE_ITEM`` match holds its name's colon and the weight word; read backwards from that
# colon, its name (at most 24 characters) and spaces reach back to where the match can start
_SCORE_COLON = re.compile(r"[:：]\s*(?:分值|权重|满分)")
_SCORE_NAME_BEFORE = re.compile(r"(?r)[\p{Han}A-Za-z（）()]{0,24}\s*")


def _score_items(doc):
    from .quantities import doc_quantities as _dq
    qs = _dq(doc)
    starts = [q.num_start for q in qs]

    def at(pos: int) -> Quantity | None:
        i = bisect.bisect_left(starts, pos)
        return qs[i] if i < len(qs) and qs[i].num_start == pos else None

    for p in _paragraphs_with(doc, _SCORE_WORD):
        if p.table_id is not None or ("分值" not in p.text and "权重" not in p.text and "满分" not in p.text):
            continue
        items, heading = _score_matches(p.text)
        for m in items:
            name = re.sub(r"^(?:\d{1,2}\s*[.、．]|[(（]\d{1,2}[)）]|[①-⑩])", "", m.group("name")).strip()
            level = 2 if _LEVEL2.search(name) else (1 if _LEVEL1.search(name) and
                                                    re.search(r"指标", name) else 2)
            w = at(p.start + m.start("w"))
            sc = at(p.start + m.start("s")) if m.group("s") else None
            yield ScoreItem(name, w, sc, level, p.start + m.start(), p.index)
        # an outline heading: （一）资金保障情况（分值 10 分），自评 10 分 / 1、… （分值 5 分），自评 5 分
        m = heading
        if m:
            w = at(p.start + m.start("w"))
            sc = at(p.start + m.start("s")) if m.group("s") else None
            level = 1 if m.group("top") else 2
            yield ScoreItem(m.group("name").strip(), w, sc, level, p.start + m.start(), p.index, True)


# --- grades printed with a total score -------------------------------------------------

_GRADE_WORDS = {"优秀": "优", "优": "优", "良好": "良", "良": "良", "中等": "中", "中": "中", "合格": "中",
                "不合格": "差", "差": "差", "较差": "差"}
_GRADE_ALT = "不合格|优秀|良好|中等|合格|较差|优|良|中|差"
_GRADE_CHARS = "优良中合差"
_PROSE_GRADE = re.compile(
    r"(?:得分|总分|评分|分数)[^。；;，,\d]{0,6}?(?:为|是|[：:])?\s*(?P<s>\d{1,3}(?:\.\d+)?)\s*分\s*[，,]?\s*"
    r"(?:综合|总体)?(?:评价|自评|绩效|考核)?(?:等级|结果|评级|级别|等次)\s*(?:为|是|[：:]|评定为|评为|属于)\s*"
    r"[“\"「]?(?P<g>" + _GRADE_ALT + r")(?=[”\"」]|[，,。；;）)\s]|$)")
_GRADE_HEADER = re.compile(r"等级|评级|结果|级别|等次")
_SCORE_HEADER = re.compile(r"得分|评分|分数|总分|评价分")
_NOT_SCORE_HEADER = re.compile(r"分值|权重|满分|标准分")


def _grades(doc):
    text = doc.text
    from .quantities import doc_quantities as _dq
    qs = _dq(doc)
    starts = [q.num_start for q in qs]

    def at(pos: int) -> Quantity | None:
        i = bisect.bisect_left(starts, pos)
        return qs[i] if i < len(qs) and qs[i].num_start == pos else None

    # every prose grade holds 分 and one of the grade heads (等级, 结果 …): most reports hold no
    # head, and are spared the scan
    heads = "分" in text and ("等级" in text or "结果" in text or "评级" in text or "级别" in text or "等次" in text)
    for m in _PROSE_GRADE.finditer(text) if heads else ():
        q = at(m.start("s"))
        if q is not None and q.kind in ("score", "plain") and 0 <= q.value <= 100:
            yield Grade(q, _GRADE_WORDS[m.group("g")], m.start("g"), m.end("g"))
    # a table row: a score cell followed by a grade cell, under headers naming them
    for t in doc.tables:
        seg = text[t.start:t.end]
        if not any(c in seg for c in _GRADE_CHARS) or not _SCORE_HEADER.search(seg) or \
                not _GRADE_HEADER.search(seg):
            continue     # no grade word (each holds one of them), or no header naming scores or grades
        for row in t.rows[t.header_rows:]:
            cells = [c for c in row if c.text.strip()]
            for c, g in zip(cells, cells[1:]):
                gt = g.text.strip()
                if gt not in _GRADE_WORDS or not _GRADE_HEADER.search(t.column_header(g.col)):
                    continue
                h = t.column_header(c.col)
                if not _SCORE_HEADER.search(h) or _NOT_SCORE_HEADER.search(h):
                    continue
                q = at(c.start + len(c.text) - len(c.text.lstrip()))
                if q is not None and q.kind in ("score", "plain") and 0 <= q.value <= 100 \
                        and not c.text.strip()[len(q.raw):].strip(" 分"):
                    yield Grade(q, _GRADE_WORDS[gt], g.start, g.end)


# --- national self-evaluation forms ----------------------------------------------------

_DASH_CELL = re.compile(r"^[—–\-－/]+$|^无$")


def form_number(doc, cell) -> Quantity | None:
    """The one number printed in a form cell (None when empty, a dash or not one number)."""
    if cell is None or not cell.text.strip():
        return None
    from .quantities import quantities_in
    found = [q for q in quantities_in(doc, cell.start, cell.end) if q.kind != "ratio"]
    return found[0] if len(found) == 1 else None


def is_blank_cell(cell) -> bool:
    return cell is None or not cell.text.strip() or bool(_DASH_CELL.match(cell.text.strip()))


def funds_blocks(form) -> list[tuple]:
    """(total row, [part rows]) of a form's funds block: the 其中 rows after each total."""
    out: list[tuple] = []
    for row in form.funds:
        if row.role == "total":
            out.append((row, []))
        elif out and row.role in ("part", "other"):
            out[-1][1].append(row)
    return out


_WEIGHT_IN_LABEL = re.compile(r"[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")


def indicator_groups(doc, form) -> list[tuple[str, Decimal | None, tuple | None, list]]:
    """(一级 label, weight printed in it, its span, [indicator rows]) in form order; rows
    without their own 一级 label belong to the last one that printed a weight (NN分)."""
    groups: list[tuple] = []
    for row in form.indicators:
        c = row.cells.get("level1")
        m = _WEIGHT_IN_LABEL.search(c.text.replace(" ", "")) if c is not None else None
        if m:
            groups.append((c.text, Decimal(m.group(1)), (c.start, c.end), [row]))
        elif groups:
            groups[-1][3].append(row)
        else:
            groups.append(("", None, None, [row]))
    return groups


# --- mentions: one labelled quantity, with the qualifiers that change its referent ----------
#
# Labels are compared after removing what does not change the quantity (years, 本年/本单位/
# 全年, a leading 总) but keeping what does (年初/调整/预计/实际/上年, 本级, 中央/省级/市级 …),
# so 年初预算 and 调整预算 stay different quantities.  A part is qualified by its whole (基本支出
# of 财政拨款支出), a bracketed figure by the quantity owning the bracket (在职在编 of 局本级 vs
# of 环卫处), a relative label (涉及资金) by the clause it refers back to, and a year other than
# the report's own makes another quantity.

_COMPARATIVE = re.compile(r"^(?:比|较|与|对比|同比|环比|增加|减少|增长|下降|上升|降低|提高|低|高|超|扣|得|占|"
                          r"相比|相差|差额|差|约|近|共|/|=|-)")
_NEUTRAL_HEAD = re.compile(r"^(?:总|本年|本单位|当年|全年|年度|我局|我单位|该项目)+(?=.{2,})")
_NEUTRAL_TAIL = re.compile(r"(?:合计|总额|总计|金额|数额|为|共计)$")
_FLOW = re.compile(r"收入|支出|预算|决算|结余|结转|资产|负债|拨款|经费|补助|费|资金|率|人数|数")
_GENERIC = {"得分", "得分率", "执行率", "完成率", "满意度", "合计", "小计", "总计", "金额", "分值", "权重",
            "支出", "收入", "资金", "人数", "比例", "比重", "占比"}
_INDICATOR = re.compile(r"(?<![A-Za-z0-9])([A-Z]\d{1,3})(?![0-9])")
_WHOLE_CUE_M = re.compile(r"[，,：:]?\s*(?:其中|包括|含)")
_WHOLE_CUE_CHARS = frozenset("其包含")      # every cue holds one (a cheap pre-test)
_RELATIVE = re.compile(r"^(?:涉及|相应|对应|相关|所需|共涉及)")
_RELATIVE_FIRST = "涉相对所共"      # the words' first characters (a cheap pre-test)
_CLAUSE_BEFORE = re.compile(r"[^，,。；;：:]*[，,]\s*$")
_HAN_ONLY = re.compile(r"[^\p{Han}]")


@lru_cache(maxsize=8192)
def canonical_label(label: str) -> str:
    s = label.strip()
    if not s or _COMPARATIVE.match(s):
        return ""
    s = _NEUTRAL_HEAD.sub("", s)
    s = _NEUTRAL_TAIL.sub("", s)
    return s if len(s) >= 2 else ""


_GENERIC_MONEY = {"金额", "合计", "小计", "总计", "资金", "经费", "费用", "总额"}
_TOP_LEVEL = {"收入", "支出", "总收入", "总支出"}
_YEAR_M = re.compile(r"((?:19|20)\d\d)年")


def _is_generic(key: str, kind: str) -> bool:
    base = key.split(":")[-1]
    if kind == "money":
        return base in _GENERIC_MONEY
    return base in _GENERIC or (len(base) <= 3) or (len(base) <= 5 and base.endswith(("率", "度")))


def dominant_year(doc) -> str | None:
    years = _YEAR_M.findall(doc.text)
    return max(set(years), key=years.count) if years else None


# the kinds a mention is keyed by (each its own class; other kinds are no mention)
_MENTION_KINDS = {k: k for k in ("money", "percent", "persons", "visits", "households", "copies", "items",
                                 "count", "score")}


def _indicator_scope(doc, q: Quantity) -> str:
    para = doc.paragraph_at(q.num_start)
    if para is None:
        return ""
    m = _INDICATOR.search(para.text[:12])
    if m:
        return m.group(1)
    if para.index > 0:
        prev = doc.paragraphs[para.index - 1]
        m = _INDICATOR.search(prev.text[:12])
        if m and prev.table_id is None:
            return m.group(1)
    return ""


def _statement_wholes(text: str, qs: list[Quantity]) -> dict[int, Quantity]:
    """id(q) -> the whole q belongs to in its statement: the last earlier quantity of its
    kind followed by 其中/包括/含 (one pass over the statement)."""
    last: dict[str, Quantity] = {}
    out: dict[int, Quantity] = {}
    for q in qs:
        w = last.get(q.kind)
        if w is not None and w.num_end <= q.num_start:
            out[id(q)] = w
        after = text[q.end:q.end + 6]
        if not _WHOLE_CUE_CHARS.isdisjoint(after) and _WHOLE_CUE_M.match(after):
            last[q.kind] = q
    return out


_CLAUSE_DATE = re.compile(r"(?:19|20)\d\d年(?:\d{1,2}月(?:\d{1,2}日)?(?:底|末)?|底|末)|\d{1,2}月\d{1,2}日|\d{1,2}月(?:底|末)")
_CLAUSE_DATE_MAX = 12       # the longest date it matches: 2023年12月31日底


_CLAUSE_SEP_BACK = re.compile(r"(?r)[；;。\n]")     # the last clause end before a position


# an item starts the text or follows 。；：\n; the mark is taken as a group after the separator
# (same starts as a lookbehind tried at every position, found about twice as fast: no item
# holds a separator, so consuming one never hides the next item)
# (an enumeration by 一是、二是 also goes on after a comma: 分为七个方面,一是…；二是…)
# (2、 after a sentence: 2、2022年退役军人事务专项资金项目…, not a list of numbers 2、3、 or dates 2、3月)
_INLINE_ITEM = re.compile(r"(?:^|[。；;：:\n])(?P<item>[ \t\u3000]*(?:[①-⑳]|[(（]\d{1,2}[)）]|[一二三四五六七八九十]是"
                          r"|\d{1,2}、(?!\d{1,2}\s*[、月日号])))"
                          r"|[，,](?P<item2>[ \t\u3000]*[一二三四五六七八九十]是)")
# the same cases apart, in the standard re (plain classes only): an item at the text's
# start, then items after a separator from there on; a pattern opening on a separator is
# found several times faster than one opening on ``^|``
_ITEM_BODY = r"[ \t\u3000]*(?:[①-⑳]|[(（]\d{1,2}[)）]|[一二三四五六七八九十]是|\d{1,2}、(?!\d{1,2}\s*[、月日号]))"
_ITEM_AT_START = _stdre.compile(_ITEM_BODY)
_ITEM_AFTER_SEP = _stdre.compile(r"[。；;：:\n](" + _ITEM_BODY + r")")
_NUMERAL_SHI = _stdre.compile(r"[一二三四五六七八九十]是")      # 一是、二是 …: much rarer than commas
_ITEM_SPACES = " \t\u3000"


def _inline_item_starts(text: str) -> list[int]:
    """``[m.start(m.lastgroup) for m in _INLINE_ITEM.finditer(text)]``, faster.  No match holds
    a separator or a comma past its first character, so the items after a separator and
    those after a comma are found apart (each scan opening on one plain class) and merged."""
    first = _ITEM_AT_START.match(text)
    pos = first.end() if first else 0
    out = [m.start(1) for m in _ITEM_AFTER_SEP.finditer(text, pos)]
    # an item after a comma is a 一是 … found from its 是: its spaces walked back to the comma
    after_comma = []
    for m in _NUMERAL_SHI.finditer(text, pos):
        a = m.start()
        while a > pos and text[a - 1] in _ITEM_SPACES:
            a -= 1
        if a > pos and text[a - 1] in "，,":
            after_comma.append(a)
    if after_comma:
        out = sorted(out + after_comma)
    return [0] + out if first else out


def _circumstances(doc, q: Quantity, inside: list[Quantity], s: int,
                   inside_starts: list[int], item_marks: list[int]) -> tuple[str, int, str]:
    """(date of its clause, numbered item, clause head): what tells two mentions of one
    label apart as different events (two allocations on two dates), different items (two
    projects under 1、 and 2、) or different subjects (行政编制 …，实有人数 0 人；事业编制 …，
    实有人数 18 人)."""
    # the clause starts after the last separator in the statement before the number
    text = doc.text
    sep = _CLAUSE_SEP_BACK.search(text, s, q.num_start)
    cut = sep.end() if sep else s
    # the clause's last date ending before the number (every date holds 年 or 月).  The scan
    # from the clause start finds the dates a scan of the whole text does (no date holds a
    # separator, and a statement opens a line or follows 。); its end lets every date
    # starting before the number end.
    date = ""
    if text.find("年", cut, q.num_start) >= 0 or text.find("月", cut, q.num_start) >= 0:
        for m in _CLAUSE_DATE.finditer(text, cut, q.num_start + _CLAUSE_DATE_MAX):
            if m.start() >= q.num_start:
                break
            if m.end() <= q.num_start:
                date = m.group(0)
    para = doc.paragraph_at(q.num_start)
    item = para.heading.start if para is not None and para.heading is not None and \
        para.heading.level >= 3 and len(para.text) > 40 else -1
    if para is not None:
        # an item of an inline list (…：①A项目…；②B项目…) in the same paragraph, after its
        # heading's own number when it has one (1、A项目…共支出20万元。2、B项目…共支出35万元)
        k = bisect.bisect_left(item_marks, q.num_start) - 1
        if k >= 0 and item_marks[k] >= para.start and item_marks[k] > item:
            item = item_marks[k]
    head = ""
    for x in inside[bisect.bisect_left(inside_starts, cut):]:
        if x.num_start >= q.num_start:
            break
        if x.label:
            head = x.label
            break
    if not head and q.kind == "percent":
        # 中央财政补助资金全年共…，预算执行率 100%。/ 天然商品林管护补助资金…，预算执行率 0%: a
        # rate whose clause names no other figure is the rate of the fund the clause opens with
        lab = q.label_start if q.label_start >= 0 else q.num_start
        m = _CLAUSE_SUBJECT.match(doc.text, cut, lab)
        if m:
            head = m.group(1)
    return date, item, head


_CLAUSE_SUBJECT = re.compile(r"[ \t\u3000]*(\p{Han}{2,16}(?:资金|经费|补助|补贴|专项|项目))")


def _mentions(doc, rel: Relations) -> list[Mention]:
    """Every exact prose quantity with a usable label, keyed by (scope, qualified label,
    kind): two mentions with one key are one quantity."""
    out = []
    text = doc.text
    # read from the whole text when the first mention needs them (many reports have none)
    lazy: dict[str, object] = {}

    def own_year():
        if "year" not in lazy:
            lazy["year"] = dominant_year(doc)
        return lazy["year"]

    number_starts: dict[int, list[int]] = {}     # id(statement's quantities) -> their starts

    def circumstances(q, inside, s):
        starts = number_starts.get(id(inside))
        if starts is None:
            starts = number_starts[id(inside)] = [x.num_start for x in inside]
        if "items" not in lazy:
            lazy["items"] = _inline_item_starts(text)   # where inline list items start
        return _circumstances(doc, q, inside, s, starts, lazy["items"])

    for s, e, inside in rel.prose_statements:
        wholes = None      # the statement's 其中-wholes, found when a quantity first asks
        for q in inside:
            kc = _MENTION_KINDS.get(q.kind)
            if kc is None or not q.exact:
                continue
            key = canonical_label(q.label)
            if not key or (q.label or "").startswith("的"):
                continue     # 结果为“优”的项目 1 项: the label lost the words that qualify it
            # a label that points back at its clause's subject (涉及资金, 相应资金) is
            # qualified by that clause: 一等 项目涉及资金 is not 二等 项目涉及资金
            if q.label[:1] in _RELATIVE_FIRST and _RELATIVE.match(q.label):     # (a label: it gave a key)
                clause = _CLAUSE_BEFORE.search(text, max(s, q.label_start - 30) if q.label_start >= 0 else s,
                                               q.label_start if q.label_start >= 0 else q.num_start)
                key = f"{_HAN_ONLY.sub('', clause.group(0)) if clause else ''}:{key}"
            # inside a bracket owned by another quantity, the owner's label qualifies it
            owner = rel.owner.get(id(q))
            if owner is not None and canonical_label(owner.label):
                key = f"{canonical_label(owner.label)}:{key}"
                out.append(Mention(((doc.report_at(q.num_start).index if doc.reports else 0,), key, kc), q,
                                   *circumstances(q, inside, s)))
                continue
            whole_rel = rel.whole_of.get(id(q))
            # A part under a whole stated with 其中 is a part OF that whole:
            # 基本支出 of 财政拨款支出 is not 基本支出 of all expenditure.
            if whole_rel is None and wholes is None:
                wholes = _statement_wholes(text, inside)
            whole = whole_rel or wholes.get(id(q))
            if whole is not None:
                wkey = canonical_label(whole.label)
                if wkey and wkey not in _TOP_LEVEL and len(wkey) > 2:
                    key = f"{wkey}:{key}"
                elif not _FLOW.search(key):
                    flow = _FLOW.findall(wkey)
                    if not flow:
                        continue
                    key = f"{flow[-1]}:{key}"
            elif not _FLOW.search(key):
                continue
            # a year other than the report's own makes it another quantity
            lo = max(s, q.label_start - 12 if q.label_start >= 0 else q.num_start - 12)
            seg = text[lo:q.num_start]
            years = _YEAR_M.findall(seg) if "年" in seg else ()
            if years and years[-1] != own_year():
                key = f"{years[-1]}:{key}"
            report = doc.report_at(q.num_start)
            scope: tuple = (report.index if report else 0,)
            if _is_generic(key, kc):
                path = tuple(h.start for h in doc.section_path(q.num_start))
                scope += (path, _indicator_scope(doc, q))
            out.append(Mention((scope, key, kc), q, *circumstances(q, inside, s)))
    return out




# --- counted names ---------------------------------------------------------------------

# a list of short names separated by 、 (和/及/与 before the last), each name possibly
# followed by a bracket of its own sub-names; then 等? 共? N 个 <noun>
_NAME_ITEM = r"\p{Han}{2,14}(?:[（(][^（()）]{1,80}[）)])?"
_NAMES_THEN_COUNT = re.compile(
    rf"(?P<names>{_NAME_ITEM}(?:、{_NAME_ITEM}){{1,60}}(?:[和及与]{_NAME_ITEM})?)\s*(?P<etc>等)?\s*"
    r"(?:共|共计|合计|总计|计)?\s*(?P<n>\d{1,3})\s*(?P<cls>个|家|所|座|条|处|项)(?P<noun>(?:(?!总计|合计|共|应|为|的|和|及)\p{Han}){1,4})?")
_COUNT_THEN_NAMES = re.compile(
    r"(?P<n>\d{1,3})\s*(?P<cls>个|家|所)(?P<noun>\p{Han}{2,6}?)\s*"
    r"(?:[，,]\s*(?:分别为|分别是|具体为|包括|即))?\s*[:：]?\s*"
    rf"(?P<names>{_NAME_ITEM}(?:、{_NAME_ITEM}){{1,60}}(?:[和及与]{_NAME_ITEM})?)(?P<etc>等)?\s*(?=[。；;\n]|$)")
# the last character names what a name is (区, 县, 镇, 村, 室, 股 …): a counted list is one kind
_PLACE_END = set("省市区县州盟旗镇乡村街道社")
_LIST_PREFIX = re.compile(r"^(?:涉及|包括|包含|覆盖|分布在|分布于|位于|有|为|是|即|在|对|向)")
_TASK_PREFIX = re.compile(r"^(?:涉及|包括|包含|有|为|是|即|安排|开展|实施|完成|推进|落实|支持|用于)")
_NOT_NAME = re.compile(r"\d|年|月|日|万元|元|%")


def _split_names(text: str, a: int, b: int) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """(start, end, sub-names) of the 、-separated names in text[a:b]; sub-names are those of
    the name's own bracket."""
    out, depth, start, name_end = [], 0, a, None
    subs: list[tuple[int, int]] = []
    sub_start = None
    for i in range(a, b + 1):
        c = text[i] if i < b else "、"
        if c in _OPEN:
            if depth == 0 and name_end is None:
                name_end = i
            depth += 1
            sub_start = i + 1
            continue
        if c in _CLOSE:
            depth -= 1
            if sub_start is not None:
                for x in re.finditer(r"[^、，,]+", text[sub_start:i]):
                    subs.append((sub_start + x.start(), sub_start + x.end()))
            sub_start = None
            continue
        if depth == 0 and (c == "、" or (i == b) or (c in "和及与" and not out_has_sep_after(text, i, b))):
            out.append((start, name_end if name_end is not None else i, subs))
            start, subs, name_end = i + 1, [], None
    return out


def out_has_sep_after(text: str, i: int, b: int) -> bool:
    """A 和/及/与 separates names only before the last name (no 、 after it)."""
    return "、" in re.sub(r"[（(][^（()）]*[）)]", "", text[i:b])


def _one_kind(text: str, spans, noun: str) -> bool:
    ends = [text[e - 1] for s, e in spans]
    if len(set(ends)) == 1:
        return True
    if _ORG_NOUN.search(noun) and all(c in _ORG_END for c in ends):
        return True      # 内设7个科室：办公室、艺术部、…、保护中心、书画院 — units of one body
    return all(c in _PLACE_END for c in ends) or (noun and all(c in noun for c in ends))


_ORG_NOUN = re.compile(r"科室|股室|处室|机构|部门|职能|单位")
_ORG_END = set("室股科部处心院所站队局办馆组会团")


# both list patterns need a 、 between names and a count N 个/家/所/座/条/处/项: a paragraph
# without them cannot match (a cheap test before the costly name patterns)
_NAMED_COUNT_CUE = re.compile(r"\d\s*[个家所座条处项]")


def _paragraphs_with(doc, pattern) -> list:
    """The paragraphs, in order, holding a position where ``pattern`` matches in the whole
    text: one search per such paragraph (resumed after its end) instead of a search per
    paragraph.  Every paragraph whose own text holds a match is among them (a match that
    runs past its paragraph's end may add one more: callers test each paragraph as before)."""
    out = []
    text = doc.text
    paragraph_at = doc.paragraph_at
    search = pattern.search
    m = search(text)
    while m is not None:
        at = m.start()
        p = paragraph_at(at)
        if p is not None and (not out or out[-1] is not p):
            out.append(p)
        m = search(text, max(at + 1, p.end if p is not None else 0))
    return out


@lru_cache(maxsize=4096)
def _count_list_matches(seg: str) -> tuple[tuple, tuple]:
    """The matches of both counted-list patterns in the paragraph text ``seg``: a function
    of the text alone, cached (the patterns backtrack through every list; template
    paragraphs recur across reports).  Offsets are relative to ``seg``."""
    return tuple(_names_then_count(seg)), tuple(_COUNT_THEN_NAMES.finditer(seg))


# Everything a ``_NAMES_THEN_COUNT`` match holds before its count: Han, 、, spaces and the
# names' own brackets; read backwards from a count's digits (the digits first), it reaches
# the leftmost position a match ending on that count can start from.
_LIST_BEFORE_COUNT = re.compile(r"(?r)(?:[\p{Han}、\s]|[（(][^（()）]{1,80}[）)])*\d*")


def _names_then_count(seg: str) -> list:
    """``_NAMES_THEN_COUNT.finditer(seg)``, tried only where a match can start: in the run of
    list characters before a count.  The pattern tried at every position of a long list with
    no count after it costs time quadratic in the list's length."""
    return matches_from(_NAMES_THEN_COUNT, seg, _LIST_BEFORE_COUNT, _NAMED_COUNT_CUE)


def _named_counts(doc):
    text = doc.text
    for p in _paragraphs_with(doc, _NAMED_COUNT_CUE):
        if p.table_id is not None:
            continue
        seg = text[p.start:p.end]
        if "、" not in seg or not _NAMED_COUNT_CUE.search(seg):
            continue
        names_then_count, count_then_names = _count_list_matches(seg)
        for m in names_then_count:
            a, b = p.start + m.start("names"), p.start + m.end("names")
            etc = bool(m.group("etc"))
            # the name pattern may have taken the list's 等 and 共/共计/合计
            tail = re.search(r"(等)?(?:共计|合计|总计|共|计)?$", text[max(a, b - 3):b])
            if tail and tail.group(0):
                b, etc = b - len(tail.group(0)), etc or bool(tail.group(1))
            items = _split_names(text, a, b)
            if len(items) < 2:
                continue
            # the first name runs from a clause mark: drop a verb that opens the list
            s0, e0, sub0 = items[0]
            # 安排 A、B、…、H 8 项任务: tasks named by what is done (verb first), of no one kind
            tasks = m.group("cls") == "项"
            pre = (_TASK_PREFIX if tasks else _LIST_PREFIX).match(text[s0:e0])
            if pre:
                items[0] = (s0 + pre.end(), e0, sub0)
            names = [(s, e) for s, e, _ in items]
            noun = m.group("noun") or ""
            if any(e - s < 2 or _NOT_NAME.search(text[s:e]) for s, e in names) or \
                    any(e - s > 14 for s, e in names):
                continue
            if not (tasks and len(names) >= 3 and not any(sb for _, _, sb in items)) and \
                    (tasks or not _one_kind(text, names, noun)):
                continue
            if m.start("names") > 0 and seg[m.start("names") - 1] not in "，,：:；;。（( \n":
                continue      # the list must open its clause (the first name is whole)
            yield NamedCount(int(m.group("n")), p.start + m.start("n"), p.start + m.end("n"), names, noun, etc)
            # 5个乡镇11个村: a second count right after counts the names in the brackets
            tail = _SECOND_COUNT.match(text, p.start + m.end())
            subs = [x for _, _, sb in items for x in sb]
            if tail and subs and all(sb for _, _, sb in items) and _one_kind(text, subs, tail.group("noun")) \
                    and not any(_NOT_NAME.search(text[s:e]) or e - s < 2 or e - s > 14 for s, e in subs):
                yield NamedCount(int(tail.group("n")), tail.start("n"), tail.end("n"), subs, tail.group("noun"),
                                 etc)
        for m in count_then_names:
            if m.group("etc"):
                continue
            a, b = p.start + m.start("names"), p.start + m.end("names")
            items = _split_names(text, a, b)
            names = [(s, e) for s, e, _ in items]
            noun = m.group("noun")
            head = _ORG_NOUN.match(text, names[0][0]) if names else None
            if head and names[0][1] - head.end() >= 2:
                # 内设7个职能科室办公室、…: the lazy noun stopped short of 科室
                noun += head.group(0)
                names[0] = (head.end(), names[0][1])
            if len(names) < 2 or any(e - s < 2 or e - s > 14 or _NOT_NAME.search(text[s:e]) for s, e in names) \
                    or not _one_kind(text, names, noun):
                continue
            yield NamedCount(int(m.group("n")), p.start + m.start("n"), p.start + m.end("n"), names, noun, False)


_LIST_INTRO = re.compile(r"(?:如下|分别是|分别为|具体是|具体为)\s*[:：]\s*$")
_COUNTED = re.compile(r"(?P<n>\d{1,2})\s*(?:个|项)(?P<noun>\p{Han}{0,4})")
_CN_DIGITS = "一二三四五六七八九十"
_ITEM_MARKS = (r"(\d{1,2})\s*[、.．](?!\d)", r"[(（](\d{1,2})[)）]", r"([一二三四五六七八九十]{1,3})、",
               r"[(（]([一二三四五六七八九十]{1,3})[)）]", r"\p{Han}{1,4}?([一二三四五六七八九十]{1,3})[:：]")


def _item_number(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    if len(s) == 1:
        return _CN_DIGITS.index(s) + 1
    if len(s) == 2 and s[0] == "十":
        return 10 + _CN_DIGITS.index(s[1]) + 1
    if len(s) == 2 and s[1] == "十":
        return (_CN_DIGITS.index(s[0]) + 1) * 10
    return None


def _marker(line: str):
    """(style, number) of the item marker opening a paragraph."""
    for style, pat in enumerate(_ITEM_MARKS):
        m = re.match(pat, line)
        if m:
            return style, _item_number(m.group(1)), m.end()
    return None


def _counted_lists(doc):
    """``参与评价的项目共4个 … 具体如下：`` then paragraphs 1、2、3、4 (or 项目一：…): the count
    is the number of items.  The count must be the only count in the 120 characters before
    the intro, and the items one run of one marker style numbered from 1; a paragraph with another marker
    ends the run, one without a marker continues the item before it."""
    text = doc.text
    paras = prose_paragraphs(doc)
    for i, p in enumerate(paras):
        body = p.text.rstrip()
        intro = _LIST_INTRO.search(body) if body[-1:] in (":", "：") else None   # the intro ends the line
        if not intro:
            continue
        counts = list(_COUNTED.finditer(body, max(0, intro.start() - 120), intro.start()))
        if len(counts) != 1:
            continue     # none, or two counts: which one the items count is unknown
        c = counts[0]
        if int(c.group("n")) < 2:
            continue
        items, style, last = [], None, 0
        for q in paras[i + 1:i + 80]:
            line = text[q.start:q.end].lstrip()
            mk = _marker(line)
            if mk is None:
                if not items:
                    break
                continue
            if style is None:
                if mk[1] != 1:
                    break
                style = mk[0]
            elif mk[0] != style:
                break
            if mk[1] != last + 1:
                items = []
                break      # numbering that skips or restarts: not one list
            last = mk[1]
            off = q.start + (len(text[q.start:q.end]) - len(line))
            items.append((off, min(off + mk[2] + 10, q.end)))
        # numbered paragraphs that are sentences (一、…专项用于…，二、请严格按照…) are matters of
        # a notice, not the names of what the count counts
        sentences = 0
        for a_, _ in items:
            line = text[a_:a_ + 400].split("\n", 1)[0]
            mk = _marker(line)
            head = re.split(r"[，,。；;：:（(]", line[mk[2]:] if mk else line)[0].strip()
            if re.search(r"^(?:请|根据|按照|依据|严格|各)|要|应当|务必|须|用于", head):
                sentences += 1
        if len(items) >= 2 and 2 * sentences < len(items):
            yield NamedCount(int(c.group("n")), p.start + c.start("n"), p.start + c.end("n"), items,
                             c.group("noun") or "项", False)


_ONE_DIGIT = re.compile(r"\d")     # the pattern's own \d (str.isdigit differs on a few characters)
_COUNT_LINE = re.compile(r"(?P<noun>\p{Han}{2,6})\s*(?P<n>\d{1,3})\s*(?:个)?\s*$")


def _count_line_then_names(doc):
    """``①局机关内设股室7`` then the line ``内设股室：办公室、督查考核股、…、指挥中心。``: a count
    closing its line, and the next line naming what it counts under the same noun."""
    text = doc.text
    paras = prose_paragraphs(doc)
    for p, q in zip(paras, paras[1:]):
        # the count closes its line: a line whose last non-space character is neither a
        # digit nor 个 cannot match (much cheaper than trying the pattern at every position)
        last = p.text.rstrip()[-1:]
        # (str.isdigit holds for every \d and a few more: the pattern decides)
        if not last or not (last == "个" or (last.isdigit() and _ONE_DIGIT.match(last))):
            continue
        m = _COUNT_LINE.search(text, p.start, p.end)
        if not m:
            continue
        noun = m.group("noun")
        line = text[q.start:q.end]
        head = re.match(r"\s*(\p{Han}{2,6})\s*[:：]", line)
        if not head or not (noun.endswith(head.group(1)) or head.group(1).endswith(noun[-2:])):
            continue
        a = q.start + head.end()
        b = q.start + len(line.rstrip().rstrip("。；;"))
        if re.search(r"[，,；;。\d]", text[a:b]):
            continue
        names = [(s_, e_) for s_, e_, _ in _split_names(text, a, b)]
        if len(names) < 2 or any(e_ - s_ < 2 or e_ - s_ > 14 or _NOT_NAME.search(text[s_:e_]) for s_, e_ in names) \
                or not _one_kind(text, names, head.group(1)):
            continue
        yield NamedCount(int(m.group("n")), m.start("n"), m.end("n"), names, head.group(1), False)


_REPORT_COUNT = re.compile(r"(?P<n>\d{1,3})\s*个(?P<noun>(?:预算)?部门|项目|单位)")
_ATTACHMENT = re.compile(r"\s*附件\s*(?P<k>\d{1,2})\s*[:：.、]\s*(?P<title>.{4,120}?报告)")
# which report a title is: a unit's overall spending (部门整体) or one project's
_REPORT_KIND = {"部门": re.compile(r"部门整体|单位整体|整体支出"), "单位": re.compile(r"部门整体|单位整体|整体支出"),
                "项目": re.compile(r"^(?!.*(?:部门整体|单位整体|整体支出))")}     # any other report is a project's


def _counted_reports(doc):
    """``对…的 8 个项目和 2 个预算部门开展了绩效评价…现将…公开`` followed by the list
    ``附件1：…项目绩效评价报告`` … ``附件10：…部门整体支出绩效评价报告``: each count is the
    number of attached reports of its kind (部门/单位 整体支出 reports; every other report is
    a project's).  Read only when every attachment falls to exactly one counted kind."""
    text = doc.text
    paras = prose_paragraphs(doc)
    for i, p in enumerate(paras):
        t = p.text      # a count holds 个 and 部门, 项目 or 单位: other paragraphs are spared the pattern
        counts = list(_REPORT_COUNT.finditer(text, p.start, p.end)) \
            if "个" in t and ("部门" in t or "项目" in t or "单位" in t) else []
        if not counts or len({m.group("noun")[-2:] for m in counts}) != len(counts):
            continue
        j = i + 1
        if j < len(paras) and re.fullmatch(r"\s*附件\s*[:：]?\s*", text[paras[j].start:paras[j].end]):
            j += 1
        titles = []
        while j < len(paras):
            m = _ATTACHMENT.match(text, paras[j].start, paras[j].end)
            if m is None or int(m.group("k")) != len(titles) + 1:
                break
            titles.append((m.start("title"), m.end("title")))
            j += 1
        if len(titles) < 2 or (j < len(paras) and re.match(r"\s*附件", text[paras[j].start:paras[j].end])):
            continue     # the numbering breaks off inside the attachments: not one list
        kinds = {}
        for s_, e_ in titles:
            hit = [m for m in counts if _REPORT_KIND[m.group("noun")[-2:]].search(text[s_:e_])]
            if len(hit) != 1:
                kinds = None
                break
            kinds.setdefault(id(hit[0]), []).append((s_, e_))
        if kinds is None or len(kinds) != len(counts):
            continue
        for m in counts:
            yield NamedCount(int(m.group("n")), m.start("n"), m.end("n"), kinds.get(id(m), []),
                             m.group("noun"), False)


_SECOND_COUNT = re.compile(r"\s*(?P<n>\d{1,3})\s*个(?P<noun>\p{Han}{1,2}?)")


# --- complementary shares --------------------------------------------------------------

# two halves of a strict dichotomy: shares of one whole labelled by them make 100 %
_DICHOTOMIES = (("线上", "线下"), ("男", "女"), ("城镇", "农村"), ("城市", "农村"), ("境内", "境外"),
                ("省内", "省外"), ("市内", "市外"), ("县内", "县外"), ("国内", "国外"))
_SHARE_LABEL = re.compile(r"(?:占比|所占比例|所占比重|比例|比重|占)(?:为|是|达|达到)?\s*[:：]?\s*$")


def _complements(rel):
    """``线上采购占比 99.67%、线下采购占比 0.33%``: two adjacent percentages whose labels differ
    only by the two halves of a dichotomy (线上/线下, 男/女, 城镇/农村 …) share one whole and
    exhaust it."""
    for s, e, items in rel.prose_statements:
        pcts = [q for q in items if q.kind == "percent" and q.exact and not q.qualifier]
        for x, y in zip(pcts, pcts[1:]):
            lx, ly = x.label or "", y.label or ""
            if not (_SHARE_LABEL.search(lx) and _SHARE_LABEL.search(ly)):
                continue
            if y.start - x.end > 30 or any(q.num_start > x.num_end and q.num_start < y.num_start
                                            for q in items):
                continue
            for a, b in _DICHOTOMIES:
                if _halves(lx, ly, a, b) or _halves(lx, ly, b, a):
                    yield x, y
                    break


def _halves(lx: str, ly: str, a: str, b: str) -> bool:
    """lx names half a, ly the same thing with half b (the second label may drop the
    first's opening words: 学员中男性占比 … 女性占比)."""
    if a not in lx or b not in ly:
        return False
    swapped = lx.replace(a, b, 1)
    return swapped == ly or (swapped.endswith(ly) and ly.startswith(b))
