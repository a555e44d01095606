"""Family text: what a proof-reader catches.

* ``text.duplicate_char``: a character typed twice (市市直机关, 县城城镇职工) where the
  doubling is not a legitimate reduplication (常常, 人人, 认认真真) and not two words
  that merely meet (城乡居民|民生).  The jieba segmentation decides: a doubled
  character is suspicious when one of the two copies stands alone as a token
  next to a word that starts or ends with the same character.
* ``text.duplicate_phrase``: a clause glued to a near copy of itself with no
  punctuation between them, and a list that cites the same item twice.
* ``text.typo``: known confusions of official writing (``lexicons/typos.tsv``), an
  unclosed 《 before a document number, ``&`` between Chinese words.
* ``text.contradiction``: an explanation of a change whose direction contradicts
  the change it explains (比上年减少 …。培训费增加主要是因为 …).
* ``text.boilerplate`` (corpus scope): paragraphs repeated where they should be
  specific — across sibling reports of one run (the same 存在的问题 / 整改措施) and
  inside one report (a section pasted into an unrelated indicator).  Candidates come
  from MinHash/LSH over character shingles of sentences (datasketch), confirmed with
  rapidfuzz, so a large folder is not compared all-pairs.  Each document's summary
  gets ``boilerplate_share``: the fraction of its prose found in other documents.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex as re

from ..findings import make_finding
from ..nlp import lexicon, lexicon_rows
from . import register

# ---------------------------------------------------------------------------
# shared helpers

_NOT_KEY = re.compile(r"[^\p{Han}A-Za-z0-9]+")
_LIST_NUMBER = re.compile(
    r"^\s*(?:[(（]\s*(?:[一二三四五六七八九十]{1,3}|\d{1,2})\s*[)）]"
    r"|(?:[一二三四五六七八九十]{1,3}|\d{1,2})\s*(?:[、．]|\.(?!\d))"
    r"|[①②③④⑤⑥⑦⑧⑨⑩])\s*")
_TOC_LINE = re.compile(r"(?:\.{3,}|…{2,}|·{3,})\s*-?\s*\d+\s*-?\s*$")
_INDICATOR_CODE = re.compile(r"^\s*(?:\d{1,2}\s*[.、．]\s*)?([A-Z]\d{1,3})(?![\d.])")


def text_key(s: str) -> str:
    """The comparable core of a text: Han characters, Latin letters and digits."""
    return _NOT_KEY.sub("", s)


def is_toc_line(text: str) -> bool:
    return bool(_TOC_LINE.search(text.strip()))


def short_headings(doc, offset: int, report=None):
    """Enclosing headings (innermost first) with a title short enough to be a
    section name rather than a numbered sentence, inside ``report``."""
    lo = report.start if report is not None else 0
    path = [h for h in doc.section_path(offset) if h.start >= lo and not h.in_toc]
    return [h for h in reversed(path) if len(h.title) <= 40]


_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def heading_number(num: str) -> int | None:
    """The value of a heading number as printed: 三 -> 3, 十二 -> 12, 4 -> 4, ③ -> 3."""
    num = num.strip()
    if re.fullmatch(r"[0-9]+", num):
        return int(num)
    if len(num) == 1 and "①" <= num <= "⑩":
        return ord(num) - ord("①") + 1
    if not num or any(c not in _CN_DIGITS and c != "十" for c in num):
        return None
    if "十" not in num:
        return _CN_DIGITS[num] if len(num) == 1 else None
    tens, _, ones = num.partition("十")
    return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)


def indicator_code(s: str) -> str | None:
    m = _INDICATOR_CODE.match(s)
    return m.group(1) if m else None


# ---------------------------------------------------------------------------
# text.duplicate_char

_DOUBLE = re.compile(r"(\p{Han})\1")
_NAME_FIELD = re.compile(r"(?:姓名|联系人|填报人|负责人|经办人|审核人|签字|局长|主任|同志)\s*[:：]?\s*$")


@register("text.duplicate_char", "相邻重复字（市市直机关、县城城镇）/ a character typed twice")
def duplicate_char(doc):
    legit = lexicon("reduplication.txt")
    text = doc.text
    tokens = None
    for m in _DOUBLE.finditer(text):
        pair = m.group(0)
        if pair in legit:
            continue
        s = m.start()
        # AABB words (认认真真, 方方面面): the doubling is the word's form
        if (re.match(r"(\p{Han})\1", text[s + 2:s + 4]) or
                (s >= 2 and re.match(r"(\p{Han})\1", text[s - 2:s]))):
            continue
        # a person's name after a name label (联系人：王丽丽)
        line_start = text.rfind("\n", 0, s) + 1
        if _NAME_FIELD.search(text[max(line_start, s - 12):max(s - 1, line_start)]):
            continue
        if tokens is None:
            tokens = _token_spans(doc)
        tok_a = _token_at(tokens, s)
        tok_b = _token_at(tokens, s + 1)
        if tok_a is None or tok_b is None or tok_a == tok_b:
            continue  # inside one word: 谢谢, 一一对应
        a_len = tok_a[1] - tok_a[0]
        b_len = tok_b[1] - tok_b[0]
        if a_len > 1 and b_len > 1:
            continue  # two words that meet: 城乡居民|民生, 项目|目标
        alone = s if a_len == 1 else s + 1
        dedup = text[max(0, s - 3):s + 1] + text[s + 2:s + 5]
        seen_elsewhere = len(dedup) >= 5 and dedup in text
        yield make_finding(
            doc, "text.duplicate_char", s, s + 2,
            f"“{pair}”重复：疑多打一个“{m.group(1)}”"
            + (f"（本文其他处写作“{dedup}”）" if seen_elsewhere else "")
            + f"；分词为“{text[tok_a[0]:tok_a[1]]}|{text[tok_b[0]:tok_b[1]]}”，单字“{text[alone]}”无所依附。",
            confidence="certain", severity="warning",
            evidence={"doubled": pair, "tokens": [text[tok_a[0]:tok_a[1]], text[tok_b[0]:tok_b[1]]],
                      "deduplicated_context_found_elsewhere": seen_elsewhere})


def _token_spans(doc) -> list[tuple[int, int]]:
    return [(t.idx, t.idx + len(t.text)) for t in doc.spacy_doc]


def _token_at(tokens, offset):
    lo, hi = 0, len(tokens) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        a, b = tokens[mid]
        if offset < a:
            hi = mid - 1
        elif offset >= b:
            lo = mid + 1
        else:
            return tokens[mid]
    return None


# ---------------------------------------------------------------------------
# text.duplicate_phrase

# A clause: text between punctuation marks.  Cited titles 《…》 and quotations are
# blanked first (an official document's title legitimately repeats an agency name).
_CLAUSE_BREAK = re.compile(r"[，。、；：！？,;:!?()（）\[\]【】“”\"'‘’<>《》\s/=+~—…·●|]+")
_TITLE = re.compile(r"《[^《》\n]{1,120}》")
_QUOTE = re.compile(r"“[^“”\n]{1,60}”")
# a conjunction or preposition before the second copy makes the repetition a
# coordination (基本医疗保险统筹基金和基本医疗保险个人账户基金), not a glued clause
_COORD_BEFORE = re.compile(r"(?:和|与|及|或|并|同|跟|对|向|在|从|为|把|将|给|由|比|以及|或者|并且|还是|的)$")
_MIN_REPEAT = 6


def _blank(text: str) -> str:
    out = _TITLE.sub(lambda m: " " * len(m.group(0)), text)
    return _QUOTE.sub(lambda m: " " * len(m.group(0)), out)


def _glued_repeats(clause: str):
    """(first, second, length) of a repeated run inside one clause whose second copy
    starts a clause parallel to the first (two clauses glued without punctuation)."""
    from rapidfuzz.fuzz import ratio
    n = len(clause)
    i = 0
    while i + _MIN_REPEAT <= n:
        seed = clause[i:i + _MIN_REPEAT]
        j = clause.find(seed, i + _MIN_REPEAT)
        if j < 0 or len(re.findall(r"\p{Han}", seed)) < 4:
            i += 1
            continue
        length = _MIN_REPEAT
        while j + length < n and i + length < j and clause[i + length] == clause[j + length]:
            length += 1
        first, second = clause[i:j], clause[j:j + (j - i) + 4]
        if (len(first) >= 8 and not _COORD_BEFORE.search(clause[:j])
                and ratio(first, second[:len(first)]) >= 75):
            yield i, j, length
            return
        i += 1


def _list_key(title: str) -> str:
    m = re.match(r"\s*《([^《》]{2,120})》", title)
    if m:
        return "《" + text_key(m.group(1)) + "》"
    k = text_key(title)
    return k if len(k) >= 6 else ""


@register("text.duplicate_phrase", "短语或分句重复（两句粘连、同一清单重复列示）/ a phrase or list item repeated")
def duplicate_phrase(doc):
    text = doc.text
    # 1. a clause glued to a near copy of itself
    for p in doc.paragraphs:
        if p.table_id is not None or not p.text.strip() or is_toc_line(p.text):
            continue
        blanked = _blank(p.text)
        for m in re.finditer(r"[^，。、；：！？,;:!?()（）\[\]【】“”\"'‘’<>《》\s/=+~—…·●|]{14,}", blanked):
            clause = m.group(0)
            for i, j, length in _glued_repeats(clause):
                a = p.start + m.start() + i
                b = p.start + m.start() + j
                rep = clause[i:i + length]
                yield make_finding(
                    doc, "text.duplicate_phrase", b, b + length,
                    f"同一分句内“{rep}”出现两次且中间无标点：“{clause[i:j]}”后紧接“{clause[j:j + (j - i)]}”，"
                    "疑两个分句粘连或重复书写。",
                    confidence="likely", severity="warning",
                    related=[(a, a + length, "first_copy")],
                    evidence={"repeated": rep, "clause": clause})
    # 2. a numbered list citing the same item twice
    groups: dict[tuple, list] = {}
    for h in doc.headings:
        if h.in_toc or doc.paragraphs[h.para_index].table_id is not None:
            continue
        parents = [x for x in doc.section_path(h.start) if x is not h and x.level < h.level]
        report = doc.report_at(h.start)
        parent = (report.index if report else 0,
                  parents[-1].start if parents else -1, h.level)
        groups.setdefault(parent, []).append(h)
    for items in groups.values():
        seen: dict[str, object] = {}
        for h in items:
            if heading_number(h.number) == 1:
                seen = {}  # the numbering restarts: a new list (摘要 then 正文)
            key = _list_key(h.title)
            if not key:
                continue
            if key in seen:
                first = seen[key]
                yield make_finding(
                    doc, "text.duplicate_phrase", h.start, min(h.end, h.start + len(h.number) + 2 + len(h.title)),
                    f"同一清单中第{h.number}项与第{first.number}项重复列示"
                    f"“{first.title[:40]}”。",
                    confidence="certain", severity="warning",
                    related=[(first.start, first.end, "first_copy")],
                    evidence={"item": key, "numbers": [first.number, h.number]})
            else:
                seen[key] = h
    # 3. one enumeration citing the same title twice (《A》、《B》、《A》)
    for s in doc.sentences:
        cites = list(_TITLE.finditer(s.text))
        for k in range(1, len(cites)):
            y = cites[k]
            for x in cites[max(0, k - 6):k]:
                if not _same_enumeration(s.text, cites, x, y):
                    continue
                if text_key(x.group(0)) == text_key(y.group(0)):
                    yield make_finding(
                        doc, "text.duplicate_phrase", s.start + y.start(), s.start + y.end(),
                        f"同一列举中重复引用{y.group(0)}。", confidence="likely",
                        related=[(s.start + x.start(), s.start + x.end(), "first_copy")],
                        evidence={"title": y.group(0)})
                    break


_DOC_NO = r"[(（][^()（）\n]{0,30}[)）]"


def _same_enumeration(text, cites, x, y) -> bool:
    """Are citations x and y items of one enumeration (only separators, document
    numbers and other citations between them)?"""
    between = text[x.end():y.start()]
    between = _TITLE.sub("", between)
    between = re.sub(_DOC_NO, "", between)
    return len(re.sub(r"[、，,和及与以及\s]", "", between)) == 0


# ---------------------------------------------------------------------------
# text.typo

@dataclass(frozen=True)
class _Confusion:
    wrong: str
    correct: str
    confidence: str
    unless: "re.Pattern | None"
    source: str


_TYPO_CACHE: dict[str, tuple] = {}


def _confusions():
    if "v" not in _TYPO_CACHE:
        table = {}
        for row in lexicon_rows("typos.tsv"):
            if len(row) < 3 or row[0] == row[1]:
                continue
            unless = row[3] if len(row) > 3 and row[3] not in ("", "-") else None
            table[row[0]] = _Confusion(row[0], row[1], row[2], re.compile(unless) if unless else None,
                                       row[4] if len(row) > 4 else "")
        pattern = re.compile("|".join(re.escape(w) for w in sorted(table, key=len, reverse=True)))
        _TYPO_CACHE["v"] = (table, pattern)
    return _TYPO_CACHE["v"]


# a document number in parentheses: （玉财社〔2011〕14号）
_DOCNO = re.compile(r"[(（][^()（）《》\n]{0,20}?[〔\[［(【]\s*(?:19|20)\d{2}\s*[〕\]］)】]\s*第?\s*\d+\s*号\s*[)）]")


@register("text.typo", "公文常见错别字（收益群众→受益群众、公共务→公共服务、书名号未闭合）/ a known confusion")
def typo(doc):
    text = doc.text
    table, pattern = _confusions()
    for m in pattern.finditer(text):
        c = table[m.group(0)]
        s, e = m.start(), m.end()
        if c.unless is not None and c.unless.search(text[max(0, s - 4):e + 4]):
            continue
        seen = text.count(c.correct)
        conf = c.confidence
        if seen and conf == "likely":
            conf = "certain"  # the document itself uses the correct form elsewhere
        yield make_finding(
            doc, "text.typo", s, e,
            f"“{c.wrong}”应为“{c.correct}”" + (f"（本文他处写作“{c.correct}”，共 {seen} 处）" if seen else "")
            + "。",
            confidence=conf, severity="warning",
            evidence={"wrong": c.wrong, "correct": c.correct, "source": c.source,
                      "correct_form_elsewhere": seen})
    # an opening 《 whose title runs into a document number before any 》
    for m in re.finditer(r"《", text):
        s = m.start()
        end = len(text)
        for stop in ("》", "《", "\n"):
            k = text.find(stop, s + 1)
            if k >= 0:
                end = min(end, k)
        if end < len(text) and text[end] == "》":
            continue
        d = _DOCNO.search(text, s + 1, end)
        if d is None or d.start() - s < 4:
            continue
        yield make_finding(
            doc, "text.typo", max(s, d.start() - 4), min(d.end(), d.start() + 4),
            f"书名号未闭合：“{text[s:d.start()][:30]}{'…' if d.start() - s > 30 else ''}”后直接接文号"
            f"“{d.group(0)}”，缺右书名号“》”。",
            confidence="likely", severity="warning",
            related=[(s, s + 1, "opening_mark")],
            evidence={"title": text[s + 1:d.start()], "document_number": d.group(0)})
    # an ampersand joining Chinese words (科学性&准确性)
    for m in re.finditer(r"(?<=\p{Han})\s*&\s*(?=\p{Han})", text):
        yield make_finding(
            doc, "text.typo", m.start() - 1, m.end() + 1,
            f"公文中用“&”连接“{text[m.start() - 1]}…{text[m.end()]}”，应为“和”或顿号。",
            confidence="likely", severity="info", evidence={"symbol": "&"})
