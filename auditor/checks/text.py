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
  from MinHash/LSH over character shingles of sentences (numpy, as datasketch), confirmed with
  rapidfuzz, so a large folder is not compared all-pairs.  Each document's summary
  gets ``boilerplate_share``: the fraction of its prose found in other documents.
"""
from __future__ import annotations

import bisect
import hashlib
import os
import re as _stdre
import time
import unicodedata
from array import array
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache, partial
from itertools import chain

from auditor import rx as re

from ..extract.entities import trie_pattern
from ..findings import make_finding
from ..nlp import jieba_window, lexicon, lexicon_rows, segmenter
from ..normalize import line_col
from . import CorpusSplit, register

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
    # the leader _TOC_LINE needs: the plain test spares the regex on all other lines
    if "..." not in text and "……" not in text and "···" not in text:
        return False
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


# a run of two or more characters printed twice in a row (20152015, 年年, 6 6, 报告…报告)
_ECHO = re.compile(r"([\p{Han}\d]{2,}?|[\p{Han}\d])\s?\1")


def _double_rendered(text: str, pos: int, cache: dict) -> bool:
    """Is the line holding ``pos`` text a PDF extraction printed twice over, character runs
    echoed one after another (20152015 年度…年度… 湖南省国土资源厅湖南省国土资源厅 20162016 年年 6 6
    月月)?  Four or more echoes of different runs near it on its line (figures only as a
    four-digit year, 20152015: 2020 is no echo): a doubling there is the extraction's, not
    the author's."""
    a, b = _line_bounds(text, pos, pos)
    a, b = max(a, pos - _ECHO_REACH), min(b, pos + _ECHO_REACH)
    got = cache.get((a, b))
    if got is None:
        echoes = {m.group(1) for m in _ECHO.finditer(text, a, b) if not m.group(1).isdigit() or len(m.group(1)) >= 4}
        got = cache[(a, b)] = len(echoes) >= 4 or _interleaved(text, a, b)
    return got


def _interleaved(text: str, a: int, b: int) -> bool:
    """Is ``text[a:b]`` two columns of a table the extraction interleaved, each phrase printed
    twice a few characters apart (维护林业、林区安全稳定,全完成维护林业、林区安全稳定,全区森林区
    森林资源、陆生野生动物资资源…)?  Three or more separate runs of ``_RUN`` characters or more
    that recur within ``_ECHO_GAP`` characters, twelve recurring grams in all: prose repeats
    a name or two, a form its labels further apart."""
    seen: dict[str, int] = {}
    again = []
    for i in range(a, b - _RUN + 1):
        g = text[i:i + _RUN]
        j = seen.get(g)
        if j is not None and _RUN <= i - j <= _ECHO_GAP and "\n" not in g:
            again.append(j)
        seen[g] = i       # the latest place: an echo is measured from the copy just before
    if len(again) < 12:
        return False
    starts = sorted(set(again))
    runs = 1 + sum(1 for x, y in zip(starts, starts[1:]) if y > x + 1)
    return runs >= 3


_RUN = 6
_ECHO_GAP = 24     # the other column's text between a phrase and its echo, at most


_ECHO_REACH = 60   # characters either side: a page printed twice echoes every run near the finding


def _not_double_rendered(doc, findings):
    """``findings`` but those on a line printed twice over (read in the original text, where
    findings have their offsets)."""
    cache: dict = {}
    for f in findings:
        if not _double_rendered(doc.original, f.start, cache):
            yield f


@register("text.duplicate_char", "相邻重复字（市市直机关、县城城镇）/ a character typed twice")
def duplicate_char(doc):
    yield from _not_double_rendered(doc, _duplicate_chars(doc))


def _doubled_runs(text: str, width: int) -> list[int]:
    """Starts of the runs of ``width`` Han characters printed twice in a row (where
    ``(\\p{Han}{width})\\1`` matches, overlapped; ``_DOUBLE`` for one), in text order: read off
    the code points with numpy, which is several times faster than ``regex`` trying the
    pattern at every position."""
    import numpy as np
    cps = _utf32(text)
    n = len(cps) - 2 * width + 1
    if n <= 0:
        return []
    han = _han_mask()[cps]
    at = han[:n] & (cps[:n] == cps[width:n + width])    # the copy equals a Han character: Han too
    for k in range(1, width):
        at &= han[k:n + k] & (cps[k:n + k] == cps[width + k:n + width + k])
    return at.nonzero()[0].tolist()


def _duplicate_chars(doc):
    text = doc.text
    blocks: dict[tuple[int, int], list[tuple[int, int]]] = {}
    runs = _doubled_runs(text, 1)
    yield from _doubled_level(doc, runs)
    yield from _doubled_words(doc)
    yield from _doubled_punctuation(doc)
    end = 0
    for s in runs:
        if s < end:
            continue   # the second copy of a run of three: the matches do not overlap (_DOUBLE)
        end = s + 2
        pair = text[s:s + 2]
        if pair[0] in _NUMERAL_CHARS:
            continue  # 二〇二二, 十一
        if _cell_text(text, s, s + 2) or (s and text.count(text[s - 1:s + 2]) >= 3):
            continue  # table text, or the same doubling at the same place over and over (保山站|站房)
        if pair[0] in _LEVEL_CHARS + "州盟" and text.startswith("本级", s + 2):
            continue  # a division, then its own level (红河州|州本级, 某市|市本级)
        if _isolated(text, s, s + 2) or _split_in_original(doc, s, s + 2):
            continue  # two table cells printed side by side (是 | 是)
        if pair in ("是是", "否否", "有有", "无无") and not re.match(r"\p{Han}", text[s + 2:s + 3]):
            continue  # a yes/no target and its actual value run together (是否公正是是)
        # AABB words (认认真真, 方方面面): the doubling is the word's form
        if (re.match(r"(\p{Han})\1", text[s + 2:s + 4]) or
                (s >= 2 and re.match(r"(\p{Han})\1", text[s - 2:s]))):
            continue
        # a person's name after a name label (联系人：王丽丽)
        line_start = text.rfind("\n", 0, s) + 1
        if _NAME_FIELD.search(text[max(line_start, s - 12):max(s - 1, line_start)]):
            continue
        tokens = _tokens_around(doc, s, blocks)
        tok_a = _token_at(tokens, s)
        tok_b = _token_at(tokens, s + 1)
        once = None if tok_a is not None and tok_a == tok_b else _written_once_elsewhere(text, s)
        if once is not None:
            # the words around the doubling may well be words (财政|政局, 自评|工|工作), but
            # the document writes this very place with the character once, elsewhere
            single, doubled = once
            yield make_finding(
                doc, "text.duplicate_char", s, s + 2,
                f"“{pair}”重复：疑多打一个“{pair[0]}”——本文他处写作“{single}”（{text.count(single)} 处），"
                f"写作“{doubled}”的仅此一处。",
                confidence="likely", severity="warning",
                evidence={"doubled": pair, "single_form": single, "single_form_count": text.count(single),
                          "deduplicated_context_found_elsewhere": True})
            continue
        if tok_a is not None and tok_a == tok_b and tok_a == (s, s + 2) and pair[0] in _MEASURE_CHARS \
                and _FIGURE_BEFORE.search(text, max(0, s - 12), s) and not _is_word(text[s + 1:s + 3]):
            # a reduplicated measure word (个个, 项项) means "every one", never a count: after a
            # figure one copy is a slip (下降0.1个个百分点; 5项项目 is 5项|项目)
            yield make_finding(
                doc, "text.duplicate_char", s, s + 2,
                f"“{pair}”重复：数字后的量词“{pair[0]}”多打了一个（应为“{text[max(0, s - 4):s + 1]}{text[s + 2:s + 5]}”）。",
                confidence="likely", severity="warning",
                evidence={"doubled": pair, "kind": "measure_after_figure"})
            continue
        if tok_a is not None and tok_a == tok_b and tok_a == (s, s + 2) and _rare_doubling(text, s, pair):
            yield make_finding(
                doc, "text.duplicate_char", s, s + 2,
                f"“{pair}”重复：疑多打一个“{pair[0]}”（本文他处写作“{text[s + 1:s + 4]}”）；"
                f"“{pair}”虽是词典中的罕见词，此处去掉一个即为本文常用的写法。",
                confidence="likely", severity="warning",
                evidence={"doubled": pair, "tokens": [pair], "deduplicated_context_found_elsewhere": True})
            continue
        if tok_a is None or tok_b is None or tok_a == tok_b:
            continue  # inside one word: 谢谢, 一一对应
        a_len = tok_a[1] - tok_a[0]
        b_len = tok_b[1] - tok_b[0]
        if a_len > 1 and b_len > 1:
            continue  # two words that meet: 城乡居民|民生, 项目|目标
        if a_len == 1 and b_len == 1:
            continue  # neither copy belongs to a word: a reduplication jieba does not know (县县通)
        alone = s if a_len == 1 else s + 1
        if text[alone] in _FUNCTION_CHARS:
            continue  # a particle after a word ending in it (目的|的, 行为|为), a preposition
            #           before a word starting with it (对|对象, 在|在职, 为|为民)
        if _joins_neighbour(text, tokens, alone, left=alone == s):
            continue  # the lone copy is a word with its other neighbour: 本年|年初, 各个|个人
        if _lone_beyond(doc, tokens, alone, alone == s, blocks):
            continue  # its other neighbour is a lone character too: the dictionary knows no
            #           word on that side (自|评 for 自评, 病|列|率 a misspelt 病死率, 财政|政|政|省
            #           a table's cells run together), which the lone copy may well begin or end
        if (alone == s and pair[0] in _MEASURE_CHARS and s > 0
                and (text[s - 1].isdigit() or text[s - 1] in _NUMERAL_CHARS)):
            continue  # a number's measure word before a word: 2022年|年末, 3月|月底
        if _ends_division(text, s):
            continue  # a division's level, then a word or a name of that level: 东丽区|区级,
            #           临泉县|县医院 (before an organ, 南陵县县财政局, it is _doubled_level's)
        if alone == s and s > 0 and text[s - 1] in _SELF_REFERENCE and pair[0] in _OFFICE_CHARS:
            continue  # "our office", then a word of that office: 我馆|馆藏, 我县|县城, 本院|院长
        if alone == s and b_len > 1 and pair[0] in _OFFICE_CHARS and _org_ends_at(doc, s + 1):
            continue  # an organisation's name, then a word of that office: 生态环境局|局机关
        if alone == s and pair[0] in _UNIT_CHARS and s > 0 and re.match(r"\p{Han}", text[s - 1]):
            continue  # a name's level before a word of that level: 古龙镇|镇政府, 某村|村委会
        dedup = text[max(0, s - 3):s + 1] + text[s + 2:s + 5]
        seen_elsewhere = len(dedup) >= 5 and dedup in text
        yield make_finding(
            doc, "text.duplicate_char", s, s + 2,
            f"“{pair}”重复：疑多打一个“{pair[0]}”"
            + (f"（本文其他处写作“{dedup}”）" if seen_elsewhere else "")
            + f"；分词为“{text[tok_a[0]:tok_a[1]]}|{text[tok_b[0]:tok_b[1]]}”，单字“{text[alone]}”无所依附。",
            # certain only with the document's own single spelling as evidence: on unseen
            # reports a lone character was often a name or a table's cells (保山站|站房)
            confidence="certain" if seen_elsewhere else "likely", severity="warning",
            evidence={"doubled": pair, "tokens": [text[tok_a[0]:tok_a[1]], text[tok_b[0]:tok_b[1]]],
                      "deduplicated_context_found_elsewhere": seen_elsewhere})


# two clause marks in a row after a word (大棚建设项目,:建设4座 / 完成，，其中): one is stray.
# Only after a character or a figure; a table row's empty cells are not prose.
_DOUBLE_PUNCT = re.compile(r"(?<=[\p{Han}\d%％）)”])[，,、；;：:][，,、；;：:。]")


_LOST_NUMBER = re.compile(r"[:：;；]、(?=\S)")
_MARKER_ONLY = re.compile(r"\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})[、，,.．]")


_PAGE_FIELDS = re.compile(r"发布时间|发布日期|信息来源|来源|浏览次数|阅读次数|点击数|点击量|字号|作者|责任编辑|打印本页|关闭窗口")


def _doubled_punctuation(doc):
    if not _DOUBLE_PUNCT.search(doc.text):
        return   # a paragraph's match is one in the text (paragraphs are its lines): the rest is moot
    for p in doc.paragraphs:
        if p.table_id is not None or "|" in p.text or "\t" in p.text:
            continue
        if len(_PAGE_FIELDS.findall(p.text)) >= 2:
            continue  # a web page's header line (发布时间:… 来源: :0次): fields left empty, no prose
        for m in _DOUBLE_PUNCT.finditer(p.text):
            if m.group(0)[1] == "、" and m.group(0)[0] in ":：;；" and len(_LOST_NUMBER.findall(doc.text)) >= 2:
                continue  # list items whose automatic numbers the extraction lost (职责:、… ;、…)
            if _MARKER_ONLY.fullmatch(p.text, 0, m.start() + 1) or not p.text[m.end():].strip():
                continue  # a list marker, then text that starts with a mark (2、、取水口: a page's
                #           chunk seam), or a label whose field is empty (来源::)
            s = p.start + m.start()
            a, b = doc.span_to_original(s, s + 2)
            if doc.original[a + 1:b - 1].strip():
                continue  # the original has text between the marks that normalising dropped
                #           (a site's masking of names: 、**、)
            yield make_finding(
                doc, "text.duplicate_char", s, s + 2,
                f"标点“{m.group(0)}”连用：两个标点之间没有文字，疑多打一个。",
                confidence="likely", severity="warning",
                evidence={"doubled": m.group(0), "kind": "punctuation"})


def _rare_doubling(text: str, s: int, pair: str) -> bool:
    """A doubled character that jieba keeps as one rare word (茶茶, frequency 3) while the
    text writes the single character with what follows elsewhere (把茶茶產業 / 茶產業 ×5):
    the rare word is an accident of the dictionary, the doubling a slip.  Common
    reduplications (谢谢, 常常, 人人, 县县) are far above the bar."""
    if _word_freq().get(pair, 0) >= 10:
        return False
    single = text[s + 1:s + 4]
    if len(single) < 3 or not re.fullmatch(r"\p{Han}{3}", single):
        return False
    return any(text[i - 1:i] != pair[0] for i in _occurrences(text, single) if i != s + 1)


def _written_once_elsewhere(text: str, s: int) -> tuple[str, str] | None:
    """(single form, doubled form) of the text around the doubled character ``text[s:s + 2]``
    when the document writes the single form elsewhere and the doubled one only here: the
    two characters on each side around the single one (自评工工作已 → 自评工作已, 县财政政局审
    → 县财政局审).  Words that meet in a doubled character (项目|目标, 大学|学生, 共产党|党员)
    are often written the other way elsewhere too (大学生, 共产党员), but hardly ever with
    the same characters on both sides."""
    if s < 2 or s + 4 > len(text) or not _HAN_ONLY.fullmatch(text, s - 2, s + 4):
        return None
    single, doubled = text[s - 2:s + 1] + text[s + 2:s + 4], text[s - 2:s + 4]
    if single in text and text.count(doubled[1:-1]) == 1:     # doubled nowhere else, whatever the context
        return single, doubled
    return None


_HAN_ONLY = re.compile(r"\p{Han}+")


def _occurrences(text: str, sub: str):
    i = text.find(sub)
    while i >= 0:
        yield i
        i = text.find(sub, i + 1)


_NUMERAL_CHARS = set("〇零一二三四五六七八九十百千万亿两")
_LEVEL_CHARS = "省市县区乡镇旗"
# the last character of a place or a unit without a lexicon of names, which the next word
# may repeat (古龙镇|镇政府, 某村|村委会, 第三组|组长); divisions are looked up in regions.tsv
_UNIT_CHARS = set("乡镇村屯组户队街站")   # a 街道 named …街 (八街|街道), a station's 站房
# a determiner and a one-character office or division make a noun phrase of their own
# (我馆, 本院, 该局, 全县), which the next word may start with again (馆藏, 院长, 局长, 县城)
_SELF_REFERENCE = set("我本该全各此贵原其")
_OFFICE_CHARS = set("馆院局委厅处科室所站校园部办社队组团会省市州盟县区旗乡镇街村场厂司行")
# measure words after a number (2022年|年末, 3月|月底, 5项|项目)
_MEASURE_CHARS = set("年月日天周季期次届个项批件条户人名所家座处块台套辆亩元吨")
_FIGURE_BEFORE = re.compile(r"[0-9０-９一二三四五六七八九十两几多]\s*$")


def _org_ends_at(doc, end: int) -> bool:
    """Does an organisation name the entity layer found (乐山市沐川生态环境局) end at ``end``?"""
    from ..extract.entities import entities
    return any(m.end == end for m in entities(doc).orgs)


def _ends_division(text: str, s: int) -> bool:
    """Does ``text[s]`` end a division name of ``regions.tsv`` (东丽区, 凉山州)?"""
    regions = _region_names()
    return any(text[a:s + 1] in regions for a in range(max(0, s - 8), s - 1))


def _joins_neighbour(text: str, tokens, i: int, left: bool) -> bool:
    """Does the lone ``text[i]`` make a dictionary word of 2–4 characters with the whole
    tokens on its left (``left``) or on its right (本|年 → 本年, 个|人 → 个人)?  Then the
    doubling is two words that meet, however jieba chose to cut them.  A word that would cut
    into a token does not count: 华宁县|城 is not 县城."""
    starts = {a for a, _ in tokens}
    ends = {b for _, b in tokens}
    if left:
        return any(a in starts and _is_word(text[a:i + 1]) for a in range(max(0, i - 3), i))
    return any(b in ends and _is_word(text[i:b]) for b in range(i + 2, min(len(text), i + 4) + 1))


def _lone_beyond(doc, tokens, i: int, left: bool, cache: dict) -> bool:
    """Is the far side of the lone copy ``text[i]`` (its left when the copy is the left one
    of the pair) no word either, so that the copy need not be stray?  The token there is a
    single Han character (no function word), and
    - it is the same character again (财政|政|政|省): two stray copies are no slip of one key,
      but cells or OCR columns run together;
    - or, after the right copy, the token beyond is a single character too and the three
      are one character off a dictionary word (艾滋病|病|列|率 for 病死率): a misspelt word
      the copy begins (a term ending in a character, then one starting with it);
    - or the copy and that character are a pair the document writes elsewhere, in another
      context, as a unit between words (自|评 … 评价|自|评|报告): a word of the document's own
      the dictionary lacks.  Between words: a pair of lone characters among other lone ones
      is no unit (traditional characters, which the dictionary splits one by one)."""
    text = doc.text
    step = -1 if left else 1
    j = i + step
    if not _lone_han(text, tokens, j):
        return False
    if text[j] == text[i]:
        return True
    if not left and _lone_han(text, tokens, j + 1) and text[i] + text[j + 1] in _three_ends():
        return True
    pair = text[j:i + 1] if left else text[i:j + 1]
    other = i + 2 if left else i - 2        # what stands on the doubling's far side
    if not 0 <= other < len(text):
        return False
    for k in _occurrences(text, pair):
        if k == min(i, j):
            continue
        beside = k + 2 if left else k - 1
        if not 0 <= beside < len(text) or text[beside] in (text[other], text[i]):
            continue        # the one-copy reading, or the same doubling again
        around = _tokens_around(doc, k, cache)
        if _lone_han(text, around, k) and _lone_han(text, around, k + 1) \
                and not _lone_han(text, around, k - 1) and not _lone_han(text, around, k + 2):
            return True
    return False


@lru_cache(maxsize=1)
def _three_ends() -> frozenset:
    """First and last characters of the dictionary's three-character words (病死率 → 病率)."""
    return frozenset(w[0] + w[2] for w, f in _word_freq().items() if f and len(w) == 3)


def _lone_han(text: str, tokens, j: int) -> bool:
    """Is ``text[j]`` a Han character, no function word, that is a token of its own?"""
    return 0 <= j < len(text) and text[j] not in _FUNCTION_CHARS and bool(_HAN1.match(text[j])) \
        and _token_at(tokens, j) == (j, j + 1)


_HAN1 = re.compile(r"\p{Han}")


def _isolated(text: str, s: int, e: int) -> bool:
    """Is text[s:e] a whole run of Han characters (a cell of a flattened table)?"""
    return not (s > 0 and re.match(r"\p{Han}", text[s - 1])) and \
        not (e < len(text) and re.match(r"\p{Han}", text[e]))


def _split_in_original(doc, s: int, e: int) -> bool:
    """Does the original print something between the characters of text[s:e] (a space,
    a line break, a cell border)?  Then the doubling is two cells or two lines."""
    a, b = doc.span_to_original(s, e)
    return b - a != e - s


@lru_cache(maxsize=1)
def _organ_pattern():
    """Government organs that attach directly to a place name (南陵县财政局): the
    ``org_suffixes.txt`` entries of two or more characters ending in 局, 委员会, 政府 or
    办公室.  Institutions (县医院, 县中心) are left out: 某县县医院 is a name."""
    organs = sorted((o for o in lexicon("org_suffixes.txt")
                     if len(o) >= 2 and o != "分局" and re.search(r"(?:局|委员会|政府|办公室)$", o)),
                    key=len, reverse=True)
    return re.compile("|".join(map(re.escape, organs)))


def _level_doublings(text: str, runs: list[int]) -> list[int]:
    """Where ``re.finditer(rf"([{_LEVEL_CHARS}])\\1", text)`` matches, read off ``runs``
    (``_doubled_runs(text, 1)``: the same places, overlapped, for every Han character, and
    the levels are Han): the ones that the pattern, which does not overlap, meets."""
    out: list[int] = []
    for s in runs:
        if text[s] in _LEVEL_CHARS and (not out or s >= out[-1] + 2):
            out.append(s)
    return out


def _doubled_level(doc, runs: list[int]):
    """A division's level character typed twice before an organ: 南陵县县财政局.
    县县 alone is a reduplication (县县通), and 某县县城, 县委, 县级, 市场 are words.
    ``runs``: ``_doubled_runs(doc.text, 1)``."""
    text = doc.text
    organs = _organ_pattern()
    regions = _region_names()
    for s in _level_doublings(text, runs):
        o = organs.match(text, s + 2)
        if not o:
            continue
        # the first copy ends a division name: a known one, or 2–6 Han characters
        # that are not a word of their own (全县, 本县)
        name = next((text[a:s + 1] for a in range(max(0, s - 8), s - 1)
                     if text[a:s + 1] in regions), None)
        if name is None:
            continue
        yield make_finding(
            doc, "text.duplicate_char", s, s + 2,
            f"“{name}{text[s + 1:o.end()]}”中“{text[s]}”重复：应为“{name}{o.group(0)}”。",
            confidence="likely", severity="warning",
            evidence={"doubled": text[s:s + 2], "division": name, "organ": o.group(0)})


# ABAB verb reduplications are words (研究研究); any other doubled word is a slip
_AB_LEGIT = frozenset("研究 讨论 商量 考虑 学习 休息 锻炼 活动 打扫 整理 检查 了解 交流 沟通 比较 "
                      "介绍 说明 分析 总结 调查 准备 收拾 雪白 通红 笔直 冰凉 火热 漆黑 碧绿 "
                      "一个 一次 一步 一天 一年 一点 一片 一批 一项".split())


def _han_tail(s: str) -> str:
    m = re.search(r"\p{Han}*$", s)
    return m.group(0) if m else ""


def _han_head(s: str) -> str:
    m = re.match(r"\p{Han}*", s)
    return m.group(0) if m else ""


# words that head the columns of the national forms
_HEADER_WORDS = frozenset("指标 得分 分值 权重 目标 金额 单位 名称 备注 说明 序号 项目 年度 预算 实际 完成".split())
_FORM_HEADERS = re.compile(r"一级指标|二级指标|三级指标|分值|得分|年度指标值|实际完成值|全年执行数|预算数|执行率|权重"
                           r"|指标内容|指标名称|指标值|评分标准|备注")


def _line_bounds(text: str, s: int, e: int) -> tuple[int, int]:
    """[start, end) of the line holding ``text[s:e]``."""
    b = text.find("\n", e)
    return text.rfind("\n", 0, s) + 1, len(text) if b < 0 else b


def _flattened_row(text: str, pos: int) -> bool:
    """Is ``pos`` on a line that runs a form's column headers together?"""
    a, b = _line_bounds(text, pos, pos)
    line = text[max(a, pos - 200):b][:400]
    return len(set(_FORM_HEADERS.findall(line))) >= 3


# a short label after a doubled word (指标指标1, 指标指标A): a number not followed by its unit
_ITEM_LABEL_AFTER = re.compile(r"[A-Za-z]|[0-9０-９]{1,2}(?![0-9０-９.．]|\s*(?:[%‰％]|\p{Han}))")
_DIGIT = re.compile(r"[0-9０-９]")
# a figure with its unit of score, share or money: an amount, not an item label
_AMOUNT_AFTER = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?\s*(?:分|%|％|万元|元)")
_BREAK = set(" \t\u3000\n\r|")


def _cell_between_breaks(text: str, s: int, e: int) -> bool:
    """Is text[s:e] set off by spaces, line ends or cell borders on both sides (a table
    cell of its own)?  Punctuation and figures are not cell borders: 。根据根据《…》."""
    return (s == 0 or text[s - 1] in _BREAK) and (e >= len(text) or text[e] in _BREAK)


def _doubled_words(doc):
    """A two-character word typed twice (社会效益效益指标): the word is in the jieba
    dictionary, neither copy is a numeral, and the doubled run is not a whole table cell
    pair (达标 | 达标)."""
    text = doc.text
    # overlapped: in 医保参保参保人 the first match would be 保参保参, hiding 参保参保
    for s in _doubled_runs(text, 2):
        e = s + 4
        ab = text[s:s + 2]
        if ab[0] == ab[1] or any(c in _NUMERAL_CHARS for c in ab) or _cell_text(text, s, e):
            continue
        if text.count(ab + ab) >= 3:
            continue  # the same doubling row after row: two columns that meet (…改造工程|工程款、质保金)
        if ab in _AB_LEGIT and text[e:e + 1] != "的":
            continue  # a verb said twice (研究研究); never before 的 (需要说明说明的问题)
        if not _is_word(ab) or _cell_between_breaks(text, s, e) or _split_in_original(doc, s, e):
            continue
        if _ITEM_LABEL_AFTER.match(text, e) or (ab in _HEADER_WORDS and _DIGIT.match(text, e)
                                                and not _AMOUNT_AFTER.match(text, e)):
            continue  # a column label before an item label: 数量指标 | 指标1 (not 到位到位1130万元,
            #           分值分值10分)
        if ab in _HEADER_WORDS and (_flattened_row(text, s) or text[e:e + 1] in (":", "：")):
            continue  # column headers of a flattened form (三级指标指标解释, 得分得分计算方法), or a
            #           cell, then a label of the next one (成效指标 | 指标:以报告进度衡量)
        if _parallel_columns(text, s, e):
            continue  # two side-by-side columns flattened into one line (其他 | 其他)
        if re.match(r"(\p{Han}{2})\1", text[e:e + 4]) or text[e:e + 2] == ab or (s >= 2 and text[s - 2:s] == ab):
            continue  # ABABAB: a chant, a filler or a table row's label once per column (其它其它其它),
            #           not a slip
        yield make_finding(
            doc, "text.duplicate_char", s, e,
            f"“{ab}{ab}”重复：疑多打一个“{ab}”（应为“{_han_tail(text[max(0, s - 6):s])}{ab}{_han_head(text[e:e + 6])}”）。",
            confidence="likely", severity="warning",
            evidence={"doubled": ab + ab, "word": ab})


_LONG_DOUBLING = re.compile(r"(\p{Han}[\p{Han}:：]{3,})\1")


_CLAUSE_MARK = re.compile(r"[，。；！？,;!?]")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3})")
_FIGURES_APART = re.compile(r"\d\s+\(?\d|\d[\p{Han}]{2,}\d")


def _cell_text(text: str, s: int, e: int) -> bool:
    """Is ``text[s:e]`` in table text flattened into lines rather than prose: on a line with no
    clause mark that is a cell of its own (at most 12 characters) or runs cells of figures
    together (项目执行执行规范 3 2, 工程工程款…735,431.00卫津河…), or at the cut end of an
    excerpt (按月发放员工工|资)?  Two cells meeting there make the doubling.  Rows whose cells
    are kept apart (bars, tabs) are not: a doubling inside one cell is the writer's."""
    if not text[e:].strip():
        return True
    a, b = _line_bounds(text, s, e)
    line = text[a:b]
    if _CLAUSE_MARK.search(_THOUSANDS.sub("", line)):
        return False
    if "|" in line or "\t" in line:
        return False   # cells the layout keeps apart: a doubling inside one is the writer's
    return len(line.strip()) <= 12 or bool(_FIGURES_APART.search(line))


def _parallel_columns(text: str, s: int, e: int) -> bool:
    """Does the line around ``text[s:e]`` print longer runs twice over elsewhere (市县财政市县财政,
    其中:中央财政其中:中央财政): two columns of a table flattened side by side, whose equal cells
    meet as doubled words."""
    a, b = _line_bounds(text, s, e)
    # two such runs at least: one alone may be a slip of its own (补助资金预算补助资金预算)
    return sum(m.end() <= s or m.start() >= e for m in _LONG_DOUBLING.finditer(text, a, b)) >= 2


def _tokens_around(doc, offset: int, cache: dict) -> list[tuple[int, int]]:
    """Token spans (document offsets) around ``offset`` and the next character: the
    dictionary words (jieba without HMM, which would glue a lone copy to its neighbour:
    防控|控和) of the jieba blocks holding them (``nlp.jieba_window``), which are the words
    a segmentation of the whole document has there, at a fraction of the cost."""
    text = doc.text
    window = jieba_window(text, offset, offset + 2)
    if window not in cache:
        spans, k = [], window[0]
        for word in segmenter().cut(text[window[0]:window[1]], HMM=False):
            spans.append((k, k + len(word)))
            k += len(word)
        cache[window] = spans
    return cache[window]


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
_CLAUSE_MIN = 14
# (the standard library's ``re`` scans this plain class about four times faster than
# ``regex``; its ``\s`` would also take \x1c-\x1f, so the White_Space characters that
# ``regex``'s ``\s`` takes are listed: tests/test_text.py checks them against ``regex``)
_WHITE_SPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_CLAUSE = _stdre.compile(r"[^，。、；：！？,;:!?()（）\[\]【】“”\"'‘’<>《》" + _WHITE_SPACE + r"/=+~—…·●|]{%d,}" % _CLAUSE_MIN)
_TITLE = re.compile(r"《[^《》\n]{1,120}》")
_QUOTE = re.compile(r"“[^“”\n]{1,60}”")
# a conjunction or preposition before the second copy makes the repetition a
# coordination (基本医疗保险统筹基金和基本医疗保险个人账户基金), not a glued clause
_COORD_BEFORE = re.compile(r"(?:和|与|及|或|并|同|跟|对|向|在|从|为|把|将|给|由|比|以及|或者|并且|还是|的"
                           # or a determiner that opens a new noun phrase (…保证了我区小区道路路灯…)
                           r"|(?:我|本|全|该|各)[省市州县区旗镇乡村局院校])$")
_MIN_REPEAT = 6


@lru_cache(maxsize=1)
def _clause_stops():
    """Per code point of the BMP, and 0x10000 for any beyond it, does ``_CLAUSE`` stop there
    (its class lists characters of the BMP only: beyond it every character is taken)?"""
    import numpy as np
    stop = _stdre.compile(_CLAUSE.pattern[:_CLAUSE.pattern.rindex("{")].replace("[^", "[", 1))
    table = np.zeros(0x10001, dtype=bool)
    table[[m.start() for m in stop.finditer("".join(map(chr, range(0x10000))))]] = True
    return table


def _repeat_places(text: str) -> list[int]:
    """Where ``_glued_repeats`` could find anything in ``text``: the places of the runs of
    ``_MIN_REPEAT`` characters that occur twice in one run of characters that ``_CLAUSE``
    takes (a clause is one, or part of one where titles and quotes are blanked), sorted.
    Read with numpy over the whole text, such runs hashed (a collision only adds places),
    so that the paragraphs without any, nearly all, skip the clauses one by one."""
    import numpy as np
    cps = _utf32(text)
    n = len(cps) - _MIN_REPEAT + 1
    if n < 2:
        return []
    stop = _clause_stops()[np.minimum(cps, 0x10000)]
    runs = stop.cumsum()                    # the run of each place: the stops up to it
    inside = ~stop[:n] & (runs[_MIN_REPEAT - 1:] == runs[:n])
    wide = cps.astype(np.uint64)
    h = wide[:n] * np.uint64(0x9E3779B97F4A7C15) + runs[:n].astype(np.uint64)   # its run too
    for k in range(1, _MIN_REPEAT):
        h *= np.uint64(0x100000001B3)      # wraps around: a hash
        h += wide[k:n + k]
    at = inside.nonzero()[0]
    h = h[at]
    order = h.argsort()
    key = h[order]
    twice = np.zeros(len(at), dtype=bool)
    twice[1:] = key[1:] == key[:-1]
    twice[:-1] |= twice[1:]
    return np.sort(at[order[twice]]).tolist()


def _blank(text: str) -> str:
    out = _TITLE.sub(lambda m: " " * len(m.group(0)), text)
    return _QUOTE.sub(lambda m: " " * len(m.group(0)), out)


def _glued_repeats(clause: str):
    """(first, second, length) of a repeated run inside one clause whose second copy
    starts a clause parallel to the first (two clauses glued without punctuation)."""
    from rapidfuzz.fuzz import ratio
    n = len(clause)
    if len({clause[k:k + _MIN_REPEAT] for k in range(n - _MIN_REPEAT + 1)}) == n - _MIN_REPEAT + 1:
        return   # no run of _MIN_REPEAT characters occurs twice
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
        # the second copy must run about as long as the first: two parallel clauses
        if (len(first) >= 8 and n - j >= 0.7 * len(first) and not _COORD_BEFORE.search(clause[:j])
                and (ratio(first, second[:len(first)]) >= 70 or _parallel(first[length:], second[length:]))):
            yield i, j, length
            return
        i += 1


def _parallel(a: str, b: str) -> bool:
    """After their common opening, do two clauses share another run of 4+ characters
    (成立了由…任组长的项目建设领导小组 / 成立了由…任组长的项目建设工作专班)?"""
    from difflib import SequenceMatcher
    m = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return m.size >= 4 and len(re.findall(r"\p{Han}", a[m.a:m.a + m.size])) >= 4


# what may open a document site's first lines before the title: a chunk number (1、)
_PAGE_MARKER = re.compile(r"\s*(?:\d{1,2}\s*[、.．]\s*)?")


def _printed_above(doc, p, head: str) -> bool:
    """Is ``head`` (a paragraph's opening up to the end of a repeated run) part of an earlier
    paragraph that is not this one printed again: the page's title line?"""
    return any(head in q.text and q.text.strip() != p.text.strip() for q in doc.paragraphs[:p.index])


_STOP = _stdre.compile(r"[，。；！？,;!?]")
_COLUMN_REACH = 600


def _column_cell(text: str, j: int, length: int) -> bool:
    """Does the repeated run at ``text[j:j + length]`` (six characters of it) occur three times
    or more in the stretch of ``text`` around it that holds no clause mark (line ends do not
    stop it: a table's rows may be cut into lines or a site's chunks)?  Two glued clauses
    repeat a phrase twice; a phrase three times over with no punctuation is a table's column
    (the same 支出内容 in every row) flattened into a line."""
    lo = max(0, j - _COLUMN_REACH)
    a = max((m.end() for m in _STOP.finditer(text, lo, j)), default=lo)
    m = _STOP.search(text, j, j + _COLUMN_REACH)
    b = m.start() if m else min(len(text), j + _COLUMN_REACH)
    return any(text.count(text[k:k + _MIN_REPEAT], a, b) >= 3 for k in range(j, j + length - _MIN_REPEAT + 1))


def _list_key(title: str) -> str:
    m = re.match(r"\s*《([^《》]{2,120})》", title)
    if m:
        return "《" + text_key(m.group(1)) + "》"
    k = text_key(title)
    return k if len(k) >= 6 else ""


@register("text.duplicate_phrase", "短语或分句重复（两句粘连、同一清单重复列示）/ a phrase or list item repeated")
def duplicate_phrase(doc):
    yield from _not_double_rendered(doc, _duplicate_phrases(doc))


# the title of a document cited without book-title marks: 关于…的通知 / 意见 / 办法 …
_CITED_TITLE = re.compile(r"关于[^，,。；;：:、《》\n]{0,60}?(?:通知|意见|办法|规定|方案|细则|批复|决定|函)")


def _duplicate_phrases(doc):
    # 1. a clause glued to a near copy of itself
    places = _repeat_places(doc.text)
    for p in doc.paragraphs if places else ():
        if len(p.text) < _CLAUSE_MIN:
            continue   # no clause of _CLAUSE_MIN characters fits (blanking keeps the length)
        k = bisect.bisect_left(places, p.start)
        if k == len(places) or places[k] >= p.end:
            continue   # no run of _MIN_REPEAT characters written twice in a clause here
        if p.table_id is not None or not p.text.strip() or is_toc_line(p.text):
            continue
        blanked = _blank(p.text)
        for m in _CLAUSE.finditer(blanked):
            clause = m.group(0)
            for i, j, length in _glued_repeats(clause):
                a = p.start + m.start() + i
                b = p.start + m.start() + j
                rep = clause[i:i + length]
                between = clause[i + length:j]
                if between and not re.search(r"\p{Han}", between):
                    continue  # label, value, label, value: a flattened table row
                before = clause[i - 1:i] if i else p.text[max(0, m.start() - 1):m.start()]
                after = clause[j + length:j + length + 1]
                if rep[0].isdigit() and before.isdigit():
                    continue  # a name opening with a year cited twice (2020年第一批…)
                if not between and (before.isdigit() or after.isdigit()):
                    continue  # a target and its actual value run together (5 X X 5)
                if _flattened_row(p.text, m.start() + i):
                    continue  # indicator names of a flattened form
                if not between and p.index < 5 and _PAGE_MARKER.fullmatch(p.text, 0, m.start()) and \
                        _printed_above(doc, p, clause[:i + length]):
                    continue  # a web page's title printed twice in its header (标题标题简介;…), or
                    #           its title, then a subtitle opening with the same words (2024年某报告
                    #           某报告(精选11篇)): the title line above holds the first copy
                if _column_cell(doc.text, b, length):
                    continue  # one cell per row of a table run together (A经费 12 B A经费 34 C A经费…)
                k = 0      # the copies agree further left too (霞|山区爱国街道…和霞|山区爱国街道)
                while k < i and clause[i - 1 - k] == clause[j - 1 - k] and j - 1 - k > i + length:
                    k += 1
                if clause[i + length:j - k][-1:] in ("和", "及", "与", "、", "或"):
                    continue  # two coordinated names opening alike (…街道公共服务中心和…街道退役军人服务中心)
                if any(c.start() <= x and x + length <= c.end() for c in _CITED_TITLE.finditer(clause)
                       for x in (i, j)):
                    continue  # a copy inside a cited notice's title (…绩效评价报告根据市财政局关于
                    #           2018年度专项资金绩效评价报告编写工作的通知): the words of a citation
                oa, ob = doc.span_to_original(a + length, b)
                if re.search(r"\n|(?<=\p{Han})[ \t\u3000]+(?=\p{Han})", doc.original[max(0, oa - 1):ob + 1]):
                    continue  # two lines or two cells in the original (厅 淮南市…局)
                yield make_finding(
                    doc, "text.duplicate_phrase", b, b + length,
                    f"同一分句内“{rep}”出现两次且中间无标点：“{clause[i:j]}”后紧接“{clause[j:j + (j - i)]}”，"
                    "疑两个分句粘连或重复书写。",
                    confidence="likely", severity="warning",
                    related=[(a, a + length, "first_copy")],
                    evidence={"repeated": rep, "clause": clause})
    # 1b. a whole clause or label printed twice in a row across its punctuation
    # (项目绩效目标完成情况：项目绩效目标完成情况：一是…)
    for p in doc.paragraphs:
        if p.table_id is not None or "|" in p.text or "\t" in p.text:
            continue
        if not _clause_meets_next(p.text):
            continue
        for m in _REPEATED_CLAUSE.finditer(p.text):
            if _flattened_row(p.text, m.start()):
                continue
            rep = m.group("clause")
            a = p.start + m.start("clause")
            b = p.start + m.end() - len(rep)
            yield make_finding(
                doc, "text.duplicate_phrase", b, b + len(rep),
                f"“{rep}{m.group('sep')}”连续出现两次，疑重复书写。",
                confidence="likely", severity="warning",
                related=[(a, a + len(rep), "first_copy")],
                evidence={"repeated": rep, "separator": m.group("sep")})
    # 1c. a whole long clause said twice in one sentence, apart (…增强了X的能力，是…的需要，
    # 增强了X的能力。): a sentence finished twice.  Forms repeat target text as the result
    # (目标 and 完成情况 columns), so paragraphs carrying form headers are left alone.
    for p in doc.paragraphs:
        if p.table_id is not None or "|" in p.text or "\t" in p.text or not _repeats_a_clause(p.text) \
                or len(set(_FORM_HEADERS.findall(p.text))) >= 3:
            continue
        for sent in _SENTENCE.finditer(p.text):
            seen: dict[str, int] = {}
            for k, c in enumerate(_SENT_CLAUSE.finditer(sent.group(0))):
                clause = c.group(0)
                if len(_HAN.findall(clause)) < 10:
                    continue
                if clause in seen and k - seen[clause][0] > 1:
                    first = p.start + sent.start() + seen[clause][1]
                    b = p.start + sent.start() + c.start()
                    yield make_finding(
                        doc, "text.duplicate_phrase", b, b + len(clause),
                        f"同一句中分句“{clause}”出现两次（中间隔有其他分句），疑重复书写。",
                        confidence="likely", severity="warning",
                        related=[(first, first + len(clause), "first_copy")],
                        evidence={"repeated": clause, "clause": clause})
                    break
                seen.setdefault(clause, (k, c.start()))
    # 2. a numbered list citing the same item twice (only a key the headings share can be)
    listed = [(h, _list_key(h.title)) for h in doc.headings
              if not h.in_toc and doc.paragraphs[h.para_index].table_id is None]
    keys = [key for _, key in listed if key]
    groups: dict[tuple, list] = {}
    for h, key in listed if len(set(keys)) < len(keys) else ():
        parents = [x for x in doc.section_path(h.start) if x is not h and x.level < h.level]
        report = doc.report_at(h.start)
        parent = (report.index if report else 0,
                  parents[-1].start if parents else -1, h.level)
        groups.setdefault(parent, []).append((h, key))
    for items in groups.values():
        seen: dict[str, object] = {}
        for h, key in items:
            if heading_number(h.number) == 1:
                seen = {}  # the numbering restarts: a new list (摘要 then 正文)
            if not key:
                continue
            if key in seen:
                first = seen[key]
                yield make_finding(
                    doc, "text.duplicate_phrase", h.start, min(h.end, h.start + len(h.number) + 2 + len(h.title)),
                    f"同一清单中第{h.number}项与第{first.number}项重复列示"
                    + (re.match(r"\s*(《[^《》]{1,120}》)", first.title).group(1) if key.startswith("《")
                       else f"“{first.title[:40]}”") + "。",
                    confidence="certain", severity="warning",
                    related=[(first.start, first.end, "first_copy")],
                    evidence={"item": key, "numbers": [first.number, h.number]})
            else:
                seen[key] = h
    # 3. one enumeration citing the same title twice (《A》、《B》、《A》)
    for s in doc.sentences if doc.text.count("《") >= 2 else ():
        if s.text.count("《") < 2:
            continue   # one citation at most (each opens with 《)
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


# a clause of four or more characters, its punctuation, and the same clause again, each
# starting and ending at a clause boundary
_REPEATED_CLAUSE = re.compile(r"(?<![\p{Han}])(?P<clause>(?:\p{Han}|[“”《》（）()]){4,40}?)(?P<sep>[，,、；;：:。])"
                              r"\s*(?P=clause)(?=[，,、；;：:。\s]|$)")

_SENTENCE = re.compile(r"[^。！？!?\n]+")
# cheap necessary conditions for 1b and 1c, on the paragraph's pieces between punctuation
_REPEAT_SEPARATOR = _stdre.compile(r"[，,、；;：:。]")
_PIECE_END = _stdre.compile(r"[，,；;：:。！？!?\n]")


def _clause_meets_next(text: str) -> bool:
    """Could ``_REPEATED_CLAUSE`` match?  Its clause ends one piece (it holds no separator)
    and, after spaces, opens the next: the next piece's first four characters (the clause
    has four or more) occur in the piece before."""
    pieces = _REPEAT_SEPARATOR.split(text)
    for a, b in zip(pieces, pieces[1:]):
        head = b.lstrip()[:4]
        if len(head) == 4 and head in a:
            return True
    return False


def _repeats_a_clause(text: str) -> bool:
    """Could 1c find a clause twice in one sentence?  A ``_SENT_CLAUSE`` match is a whole
    piece between clause punctuation (it holds none and touches punctuation or an end on
    both sides), inside one sentence; a repeated one of 10+ Han characters is a repeated
    piece of 10+ characters of the paragraph."""
    pieces = [x for x in _PIECE_END.split(text) if len(x) >= 10]
    return len(set(pieces)) < len(pieces)
# a clause of Han characters only (with quotes, title marks, brackets and 、 inside), between
# clause punctuation: the unit 1c compares
_SENT_CLAUSE = re.compile(r"(?<=^|[，,；;：:])[\p{Han}“”《》（）()、]+(?=[，,；;：:]|$)")
_HAN = re.compile(r"\p{Han}")

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
        # a plain alternation of literals: the standard library's ``re`` scans for it about
        # six times faster than ``regex`` (same leftmost, longest-listed-first matches)
        # listed as a trie (one branch per next character, the word ending there tried
        # last): at each place the same longest listed word matches, and fewer branches
        # are tried than in the flat list
        pattern = _stdre.compile(trie_pattern(table) if "" not in table else
                                 "|".join(_stdre.escape(w) for w in sorted(table, key=len, reverse=True)))
        # the words' first two characters, coded as ``_confusion_matches`` codes the text's
        heads = None
        if all(len(w) >= 2 for w in table):
            import numpy as np
            heads = np.array(sorted({(ord(w[0]) << 21) | ord(w[1]) for w in table}), dtype=np.int64)
        _TYPO_CACHE["v"] = (table, pattern, heads)
    return _TYPO_CACHE["v"]


def _confusion_matches(text: str, pattern, heads):
    """``pattern.finditer(text)``, the pattern tried only where two characters that start a
    listed word stand (found with numpy: the words' first characters alone are common ones,
    一, 不, which the scan enters at every turn); ``heads`` None: every place."""
    if heads is None:
        yield from pattern.finditer(text)
        return
    import numpy as np
    cps = _utf32(text).astype(np.int64)
    end = 0
    for i in _member((cps[:-1] << 21) | cps[1:], heads, True).nonzero()[0].tolist():
        if i >= end:        # the matches do not overlap
            m = pattern.match(text, i)
            if m:
                end = m.end()
                yield m


_ROUND_BRACKET = _stdre.compile(r"[()（）]")


def _unclosed_brackets(doc):
    """A round bracket opened in a paragraph and never closed in it (…方案》(裕党办[2018]81号、
    《关于…》; …机具5台套(A3户、3台套,B1户…,补贴金额13.6万元,…).  Not in table rows, not in the
    last paragraph (an excerpt may be cut there), not when only a few characters follow the
    bracket (a list item cut at a line end: `(3`)."""
    paras = [p for p in doc.paragraphs if p.text.strip()]
    for p in paras[:-1]:
        if p.table_id is not None or "|" in p.text or "\t" in p.text or ("(" not in p.text and "（" not in p.text):
            continue
        stack = []
        for m in _ROUND_BRACKET.finditer(p.text):
            if m.group() in "(（":
                stack.append(m.start())
            elif stack:
                stack.pop()
        if not stack:
            continue
        j = stack[0]
        tail = p.text[j + 1:].rstrip()
        if len(tail) < 12:
            continue
        s = p.start + j
        yield make_finding(
            doc, "text.typo", s, s + 1 + min(len(tail), 20),
            f"括号未闭合：“{p.text[j:j + 21]}…”之后本段再无右括号。",
            confidence="likely", severity="info",
            evidence={"opening": p.text[j], "after": tail[:60], "missing": ")" if p.text[j] == "(" else "）"})


# a document number whose year bracket lost its closing half: 开财字〔2020181号 for 〔2020〕181号
_DOCNO_UNCLOSED = re.compile(r"(?<=\p{Han})[〔［【\[]\s*((?:19|20)\d{2})(\d{1,4})\s*号")


_DOCNO_CLOSED = re.compile(r"[〔［【\[]\s*(?:19|20)\d{2}\s*[〕］】\]]\s*第?\s*\d{1,4}\s*号")


def _unclosed_document_numbers(doc):
    """A document number whose year bracket is never closed (开财字〔2020181号): the year and
    the serial number run together.  Only where the report closes more of its document
    numbers than it leaves open: a copy that lost every 〕 (a site's font or an extraction
    drops the character) shows no slip of the author's."""
    text = doc.text
    if "号" not in text:
        return
    found = list(_DOCNO_UNCLOSED.finditer(text))
    if not found or len(_DOCNO_CLOSED.findall(text)) <= len(found):
        return
    for m in found:
        year, serial = m.group(1), m.group(2)
        right = {"〔": "〕", "［": "］", "【": "】", "[": "]"}[text[m.start()]]
        yield make_finding(
            doc, "text.typo", m.start(), m.end(),
            f"文号括号未闭合：“{m.group(0)}”疑为“{text[m.start()]}{year}{right}{serial}号”，年份与序号连在一起。",
            confidence="likely", severity="info",
            evidence={"kind": "document_number", "year": year, "serial": serial, "missing": right})


# a document number in parentheses: （玉财社〔2011〕14号）
_DOCNO = re.compile(r"[(（][^()（）《》\n]{0,20}?[〔\[［(【]\s*(?:19|20)\d{2}\s*[〕\]］)】]\s*第?\s*\d+\s*号\s*[)）]")


@register("text.typo", "公文常见错别字（收益群众→受益群众、公共务→公共服务、书名号未闭合）/ a known confusion")
def typo(doc):
    text = doc.text
    table, pattern, heads = _confusions()
    for m in _confusion_matches(text, pattern, heads):
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
            f"书名号未闭合：“《{'…' if d.start() - s > 21 else ''}{text[max(s + 1, d.start() - 20):d.start()]}”后直接接文号"
            f"“{d.group(0)}”，缺右书名号“》”。",
            confidence="likely", severity="warning",
            related=[(s, s + 1, "opening_mark")],
            evidence={"title": text[s + 1:d.start()], "document_number": d.group(0)})
    # a closing 》 with no 《 before it (a title whose opening mark was lost), and a title
    # opened with one kind of angle bracket and closed with another (<…〉)
    for m in re.finditer(r"》", text):
        s = m.start()
        before = text[max(0, s - 120):s]
        k = max(before.rfind("《"), before.rfind("》"))
        if k >= 0 and before[k] == "《":
            continue
        start = max(0, s - 120) + k + 1 if k >= 0 else max(0, s - 120)
        if k < 0 and s > 120:
            continue  # a title longer than the window: nothing to tell
        title = re.search(r"[^\s，。；：,;:!！?？()（）]{4,}$", text[start:s])
        if title is None:
            continue
        yield make_finding(
            doc, "text.typo", max(0, s - 4), s + 1,
            f"书名号不成对：“{text[max(start, s - 20):s]}》”前没有左书名号“《”。",
            confidence="likely", severity="warning",
            evidence={"title": title.group(0), "missing": "《"})
    for m in re.finditer(r"(?P<o>[<〈])[^<>〈〉《》\n]{2,60}?(?P<c>[>〉])", text):
        if (m.group("o") == "<") == (m.group("c") == ">"):
            continue
        yield make_finding(
            doc, "text.typo", m.start(), m.end(),
            f"书名号不成对：以“{m.group('o')}”开头，以“{m.group('c')}”结尾。",
            confidence="likely", severity="warning",
            evidence={"opening": m.group("o"), "closing": m.group("c")})
    yield from _unclosed_brackets(doc)
    yield from _unclosed_document_numbers(doc)
    # an ampersand joining Chinese words (科学性&准确性)
    for m in re.finditer(r"(?<=\p{Han})\s*&\s*(?=\p{Han})", text):
        yield make_finding(
            doc, "text.typo", m.start() - 1, m.end() + 1,
            f"公文中用“&”连接“{text[m.start() - 1]}…{text[m.end()]}”，应为“和”或顿号。",
            confidence="likely", severity="info", evidence={"symbol": "&"})
    # a term written once with one character changed or dropped
    variants = list(_variant_findings(doc))
    yield from variants
    yield from _homophone_slips(doc, [(f.start, f.end) for f in variants])


# ---------------------------------------------------------------------------
# text.typo: within-document variants (湾沚区 ×3 vs 湾址区 ×1)
#
# A term the document writes one way at least twice and once with one character changed
# or dropped.  No list of mistakes: the document's own repeated spelling is the evidence.
# The variant must not be a spelling of its own: the changed character must not form a
# dictionary word with its neighbours (质量指标 vs 数量指标: 质量 is a word), the two
# characters must not belong to one contrast set (南/北, 一/二, 初/末, 中央/省 …), and a
# known division name is never a variant.

_VARIANT_MIN, _VARIANT_MAX = 3, 6
_LONG_MIN = 8          # a once-written phrase may vouch for a variant when this long
# characters that legitimately alternate inside otherwise identical terms
_CONTRAST_SETS = (
    "东南西北中上下左右前后内外里", "一二三四五六七八九十百千万亿两零〇壹贰叁肆伍陆柒捌玖拾首末第双单半",
    "初末中终底", "大中小高低多少长短新旧老正副主次总分上下", "省市县区乡镇村组街社州旗盟国",
    "年月日周季旬天时", "男女", "城乡农镇", "进出入收支借贷增减升降涨跌盈亏", "已未无有非不",
    "是否", "甲乙丙丁", "春夏秋冬", "前后", "本上下该此其各每", "央省市县级",
    "初中高", "公民私", "内外", "优良中差", "红黄蓝绿白黑", "男女老少",
    # one-character names of provinces and regions (援疆 / 援藏, 川渝, 京津冀)
    "京津沪渝冀豫云滇辽黑湘皖鲁新疆苏浙赣鄂桂甘陇晋蒙陕秦吉闽贵黔粤青藏川蜀宁琼港澳台",
)
_CONTRAST = {}
for _set in _CONTRAST_SETS:
    for _ch in _set:
        _CONTRAST.setdefault(_ch, set()).update(_set)
_HAN_RUN = re.compile(r"[\p{Han}]{3,}")
_NUMERAL = set("〇零一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾")


def _contrasting(a: str, b: str) -> bool:
    return b in _CONTRAST.get(a, ()) or a in _NUMERAL or b in _NUMERAL


@lru_cache(maxsize=1)
def _word_freq():
    jb = segmenter()
    jb.dt.check_initialized()
    return jb.dt.FREQ


def _is_word(w: str) -> bool:
    return _word_freq().get(w, 0) > 0


def _in_word(s: str, i: int, left: str = "", right: str = "") -> bool:
    """Does character ``s[i]`` form a dictionary word (2–4 characters) with its
    neighbours in ``left + s + right``?"""
    full = left + s + right
    k = len(left) + i
    for n in (2, 3, 4):
        for a in range(k - n + 1, k + 1):
            if a >= 0 and a + n <= len(full) and _is_word(full[a:a + n]):
                return True
    return False


def _region_names() -> frozenset:
    if "regions" not in _TYPO_CACHE:
        _TYPO_CACHE["regions"] = frozenset(r[0] for r in lexicon_rows("regions.tsv"))
    return _TYPO_CACHE["regions"]


_SORT_MAX = 4096      # ``_member`` and ``_group_keys`` hash longer arrays than this
_SEARCH_POOL = 128    # ``_member`` searches a pool this small whatever the number of values


def _member(values, pool, presorted: bool = False):
    """``np.isin(values, pool)`` for integer arrays, by binary search (np.isin's set-up
    costs more than the search on the short arrays of one document), or by hashing when
    they are long.  ``presorted``: the pool is sorted already (``_region_ends``)."""
    import numpy as np
    if not len(pool):
        return np.zeros(len(values), dtype=bool)
    if not presorted and len(values) + len(pool) > _SORT_MAX and len(pool) > _SEARCH_POOL:
        # long arrays: by hashing (``_group_keys``), which costs less than sorting them
        # (unless the pool is small: then the search is short too)
        group, _, firsts = _group_keys(np.concatenate((pool, values)).astype(np.int64, copy=False))
        return firsts[group[len(pool):]] < len(pool)
    if not presorted:
        pool = np.sort(pool)
    at = pool.searchsorted(values)
    np.minimum(at, len(pool) - 1, out=at)
    return pool[at] == values


def _region_ends():
    """(length, first, last code point) of each division name, coded as ``variant_pairs``
    codes a repeated gram's to find the names among them."""
    if "region_ends" not in _TYPO_CACHE:
        import numpy as np
        _TYPO_CACHE["region_ends"] = np.array(
            sorted({(len(r) << 42) | (ord(r[0]) << 21) | ord(r[-1]) for r in _region_names() if r}),
            dtype=np.uint64)
    return _TYPO_CACHE["region_ends"]


@lru_cache(maxsize=1)
def _han_mask():
    """Per code point, is it a character of ``_HAN_RUN``'s class (``regex``'s ``\\p{Han}``,
    read off all code points once)?"""
    import numpy as np
    every = np.arange(0x110000, dtype="<u4").tobytes().decode("utf-32-le", "surrogatepass")
    mask = np.zeros(0x110000, dtype=bool)
    for m in re.finditer(r"[\p{Han}]+", every):
        mask[m.start():m.end()] = True
    return mask


def _utf32(text: str):
    """The text's code points as a read-only array (a str has one code point per character,
    a lone surrogate included); the last text's is kept (``variant_pairs`` and
    ``_homophone_pairs`` read the same document)."""
    global _UTF32
    last, points = _UTF32          # one tuple: read and replaced whole
    if last is not text:
        import numpy as np
        points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        _UTF32 = (text, points)
    return points


_UTF32: tuple = (None, None)


_HAN_TEXT_MAX = 400_000


def _han_codes(text: str):
    """The runs of ``_HAN_RUN`` (three or more Han characters) in ``text``, read with one
    pass of numpy over its code points: their characters as one array of small ids
    (1..distinct characters; five zeros after it, so that a 6-gram can be read at any
    index), their code points, the number of distinct characters, the end of the run of
    each index, and its offset in the text.  None when there is no run or the runs hold
    more than ``_HAN_TEXT_MAX`` characters."""
    import numpy as np
    every = _utf32(text)
    flags = np.zeros(len(every) + 2, dtype=np.int8)
    flags[1:-1] = _han_mask()[every]
    edges = (flags[1:] != flags[:-1]).nonzero()[0]      # starts and ends of the Han runs
    starts, lens = edges[0::2], edges[1::2] - edges[0::2]
    keep = lens >= 3
    starts, lens = starts[keep], lens[keep]
    if not len(lens):
        return None
    ends = lens.cumsum()
    size = int(ends[-1])
    if size > _HAN_TEXT_MAX:
        return None
    offset = np.repeat(starts - (ends - lens), lens) + np.arange(size)
    points = every[offset]
    # the ids in order of first writing, without a sort: a table over the code points keeps
    # one index of each character (whichever was put there last), the one its places read
    table = np.empty(0x110000, dtype=np.int32)
    table[points] = np.arange(size, dtype=np.int32)
    held = table[points]
    kept = np.zeros(size, dtype=bool)
    kept[held] = True
    rank = kept.cumsum()
    ids = np.zeros(size + 5, dtype=np.int64)
    ids[:size] = rank[held]
    run_end = np.repeat(ends, lens)
    return ids, points, int(rank[-1]), run_end, offset


def _substitution_pairs(usual: list[str], once: list[str], n: int) -> list[tuple]:
    """``(variant, n, 0, j, usual form)`` for each term written once that differs from a
    repeated term of the same length ``n`` in one interior character ``j``: wildcard keys
    are built an edit position at a time and met by set intersection."""
    pairs = []
    for j in range(1, n - 1):
        rk = [x[:j] + "\0" + x[j + 1:] for x in usual]
        sk = [y[:j] + "\0" + y[j + 1:] for y in once]
        common = set(rk).intersection(sk)
        if not common:
            continue
        subst: dict[str, list[str]] = {}
        for x, key in zip(usual, rk):
            if key in common:
                subst.setdefault(key, []).append(x)
        for y, key in zip(once, sk):
            if key in common:
                pairs.extend((y, n, 0, j, x) for x in subst[key])
    return pairs


def _long_drops(text: str, p: int, starts: list[int], n: int) -> list[tuple]:
    """The phrase of ``_LONG_MIN`` characters at ``p`` written once, as one of the
    ``n``-character phrases at ``starts`` with an interior character (3..n-4) dropped."""
    out = []
    y = text[p:p + _LONG_MIN]
    once = None     # is y written once? (counted at the first pair that asks)
    for xp in starts:
        x = text[xp:xp + n]
        for j in range(3, n - 3):
            if x[:j] + x[j + 1:] != y:
                continue
            if xp <= p < xp + n or p <= xp < p + _LONG_MIN:
                continue
            if once is None:
                once = text.count(y) == 1
            if once:
                out.append((p, p + len(y), p + j, x, [xp], "long_drop", j))
    return out


def _in_scan_order(pairs, occ: dict[str, list[int]]) -> list[tuple]:
    """Variant pairs ``(variant, length, kind, edit position, usual form)`` as the plain
    scan meets them (position, length, substitutions before drops, edit position or the
    usual form's first occurrence), each with its span and the usual form's positions."""
    keyed = []
    for y, n, kind, j, x in pairs:
        p, xs = occ[y][0], occ[x]
        if kind == 0:
            keyed.append(((p, n, 0, j, xs[0]), (p, p + n, p + j, x, xs, "substitution", j)))
        else:
            keyed.append(((p, n, 1, xs[0], j), (p, p + n, p + j, x, xs, "drop", j)))
    keyed.sort(key=lambda t: t[0])
    return [v for _, v in keyed]


def _distinct(keys):
    """The distinct int64 ``keys`` and how often each occurs (``np.unique(keys,
    return_counts=True)`` in some order): hashed when long (``_group_keys``)."""
    import numpy as np
    if len(keys) <= _SORT_MAX:
        # np.unique's steps, without its set-up (which costs more than the sort here)
        sk = np.sort(keys)
        new = np.empty(len(sk), dtype=bool)
        new[:1] = True
        np.not_equal(sk[1:], sk[:-1], out=new[1:])
        at = new.nonzero()[0]
        return sk[at], np.diff(at, append=len(sk))
    _, sizes, firsts = _group_keys(keys)
    return keys[firsts], sizes


_MIX = 0x9E3779B97F4A7C15   # an odd multiplier spreading codes over a table (Fibonacci hashing)


def _group_keys(keys):
    """The int64 ``keys`` grouped by value: each key's group (0, 1, …), and each group's
    size and least index.  Up to ``_SORT_MAX`` keys by a stable sort (groups in order of
    value); more are put in a table by hashing (groups in order of first index), which costs
    less on long arrays: each slot keeps one of the indices put there, all of one key share
    a slot, and only the few keys whose slot another key holds are sorted."""
    import numpy as np
    m = len(keys)
    if m <= _SORT_MAX:
        order = keys.argsort(kind="stable")
        sk = keys[order]
        new = np.ones(m, dtype=bool)
        np.not_equal(sk[1:], sk[:-1], out=new[1:])
        in_order = new.cumsum() - 1
        group = np.empty(m, dtype=np.intp)
        group[order] = in_order
        return group, np.bincount(in_order), order[new]
    every = np.arange(m)
    bits = max(4, (4 * m).bit_length())          # four slots a key, at least
    slot = ((keys.view(np.uint64) * np.uint64(_MIX)) >> np.uint64(64 - bits)).astype(np.intp)
    table = np.empty(1 << bits, dtype=np.intp)
    table[slot] = every
    rep = table[slot]                             # one index of the key, or of another key
    clash = (keys[rep] != keys).nonzero()[0]
    if len(clash):
        _, first, inverse = np.unique(keys[clash], return_index=True, return_inverse=True)
        rep[clash] = clash[first[inverse]]
    least = np.full(m, m)
    np.minimum.at(least, rep, every)
    least = least[rep]                            # the least index of each key's value
    head = least == every
    group = (head.cumsum() - 1)[least]
    return group, np.bincount(group), head.nonzero()[0]


def variant_pairs(text: str):
    """Candidate (variant span, edit offset, usual form, its spans, kind) of a term written
    once with one character changed or dropped against a form written at least twice (or
    a long phrase written once), and the terms written three or more times that
    ``_end_drops`` can use.  Pure text; the caller adds document context.

    Every substring of 3..6 Han characters inside a run (a "gram") is counted exactly, all
    lengths at once: a gram is coded as its length and its characters' ids, so equal codes
    are equal strings, and the codes are grouped (``_group_keys``).  Only the
    few grams that can pair are made strings.  ``_variant_pairs_plain`` does the same in
    plain Python (tests/test_variants.py compares the two)."""
    import numpy as np
    coded = _han_codes(text)
    if coded is None:
        return [], {}, None
    c, points, distinct, run_end, offset = coded
    if distinct >= 1 << 10:
        return _variant_pairs_plain(text)   # ten bits a character no longer fit one int64 code
    size = len(run_end)
    room = run_end - np.arange(size)              # characters left in the run, from each index
    six = c[:size] << 50                          # the six ids from each index
    for k in range(1, _VARIANT_MAX):
        six |= c[k:size + k] << (50 - 10 * k)
    # the grams, by length, then index: the code of the gram of length n at i is n and the
    # top n ids of six[i]
    lengths = np.arange(_VARIANT_MIN, _VARIANT_MAX + 1)[:, None]
    flat = (room >= lengths).ravel().nonzero()[0]  # (length - 3) * size + index of each gram
    codes = ((lengths << 60) | (six >> (60 - 10 * lengths))).ravel()[flat]
    of_gram, sizes, firsts = _group_keys(codes)
    # each distinct gram (a group): its occurrences (``sizes``), length and first index;
    # ``gid[n - 3, i]`` is the group of the gram of length n at index i, or ``groups`` where
    # the run has no such gram
    groups = len(sizes)
    g_len, g_first = np.divmod(flat[firsts], size)
    g_len += _VARIANT_MIN
    gid = np.full(len(lengths) * size, groups, dtype=np.int64)
    gid[flat] = of_gram
    gid = gid.reshape(len(lengths), size)
    regions = _region_names()
    by_length = range(_VARIANT_MIN, _VARIANT_MAX + 1)
    group_of: dict[str, int] = {}                 # gram made a string -> its group

    def gram_strings(groups) -> list[str]:
        out = [text[p:p + n] for p, n in zip(offset[g_first[groups]].tolist(), g_len[groups].tolist())]
        group_of.update(zip(out, groups.tolist()))
        return out

    def strings(groups) -> dict[int, list[str]]:
        out: dict[int, list[str]] = {n: [] for n in by_length}
        for x in gram_strings(groups):
            out[len(x)].append(x)
        return out

    def blanked(groups):
        """Each gram of ``groups`` once an interior position: its group, the position and
        its code with the id there blanked."""
        inner = g_len[groups] - 2
        g = groups.repeat(inner)
        j = np.arange(1, len(g) + 1) - (inner.cumsum() - inner).repeat(inner)
        return g, j, codes[firsts[g]] & ~(1023 << 10 * (g_len[g] - 1 - j))

    pairs = []
    # a singleton and a repeated term of one length with one interior character changed:
    # the two share their length and first and last characters, so only singletons with the
    # ends of some repeated term, and repeated terms with the ends of one of those
    # singletons, are looked at; their codes with the id at an edit position blanked are
    # met (the code holds the length, and ids are never 0: the blank names the position),
    # and only the grams of a pair are made strings
    g_ends = ((g_len - _VARIANT_MIN) << 20) | (c[g_first] << 10) | c[g_first + g_len - 1]
    is_rep = sizes >= 2
    rep_g, once_g = is_rep.nonzero()[0], (~is_rep).nonzero()[0]
    rep_ends = g_ends[rep_g]
    ys_g = once_g[_member(g_ends[once_g], rep_ends)]
    if len(ys_g):
        xs_g = rep_g[_member(rep_ends, g_ends[ys_g])]
        xg, _, xw = blanked(xs_g)
        yg, yj, yw = blanked(ys_g)
        hit = _member(yw, xw)
        if hit.any():
            yw = yw[hit]
            at = _member(xw, yw)
            usual: dict[int, list[int]] = {}
            for w, x in zip(xw[at].tolist(), xg[at].tolist()):
                usual.setdefault(w, []).append(x)
            met = [(y, j, x) for y, j, w in zip(yg[hit].tolist(), yj[hit].tolist(), yw.tolist())
                   for x in usual[w]]
            said = list({g for y, _, x in met for g in (y, x)})
            gram = dict(zip(said, gram_strings(np.array(said))))
            pairs.extend((gram[y], len(gram[y]), 0, j, gram[x]) for y, j, x in met)
    # a repeated division name written once with an interior character dropped (the names'
    # lengths and first and last characters are matched first)
    drop: dict[str, list[tuple[str, int]]] = {}
    named = ((sizes >= 2) & (g_len >= max(4, _VARIANT_MIN))).nonzero()[0]
    first, last = g_first[named], g_first[named] + g_len[named] - 1
    named = named[_member((g_len[named].astype(np.uint64) << np.uint64(42))
                          | (points[first].astype(np.uint64) << np.uint64(21)) | points[last], _region_ends(), True)]
    for n, xs in strings(named).items():
        for x in [x for x in xs if x in regions]:
            for j in range(1, n - 1):
                drop.setdefault(x[:j] + x[j + 1:], []).append((x, j))
    singles: dict[str, int] = {}
    for y, xs in drop.items():
        n = len(y)
        p = text.find(y)
        # the short form written once (a term of Han characters only ever occurs inside a
        # run: the text's occurrences are the ones counted)
        if _VARIANT_MIN <= n and p >= 0 and text.find(y, p + 1) < 0:
            singles[y] = p
            for x, j in xs:
                pairs.append((y, n, 1, j, x))
    # the terms ``_end_drops`` can use (written 3+ times, 4+ characters, ending in a word
    # that is not a function character) and whose form without the last character occurs
    # somewhere else too (more often than the term: every occurrence counted, overlaps too)
    often = ((sizes >= 3) & (g_len >= max(4, _VARIANT_MIN))).nonzero()[0]
    often = often[sizes[gid[g_len[often] - 4, g_first[often]]] > sizes[often]]
    ends_terms = [x for x in gram_strings(often) if x[-1] not in _NOT_LAST and _is_word(x[-2:])]
    # positions of the terms used (every occurrence, overlaps too, in text order): the
    # members of their groups (entries are listed in text order)
    need = {t[0] for t in pairs} | {t[4] for t in pairs} | set(ends_terms)
    occ: dict[str, list[int]] = {y: [] for y in need}
    wanted = np.zeros(groups + 1, dtype=bool)   # (the last: no gram)
    term_of = {}
    for y in need:
        if y in singles:
            occ[y].append(singles[y])
        else:
            wanted[group_of[y]] = True
            term_of[group_of[y]] = occ[y]
    if wanted.any():
        rows, at = wanted[gid].nonzero()          # by length, then in text order
        for g, p in zip(gid[rows, at].tolist(), offset[at].tolist()):
            term_of[g].append(p)
    out = _in_scan_order(pairs, occ)
    # a phrase of _LONG_MIN+ characters written once, and once more with an interior
    # character dropped (数字城管各终端单位的考核考评 / 终端单的考核考评): the dropped
    # character sits at 3.._LONG_MIN-4, so the two share their first and last three
    # characters; pairs of (first three, last three), as trigram groups, are met first.
    # Only trigrams written twice or more can take part: one written once would put both
    # phrases at one place, and ``_long_drops`` keeps no overlapping pair
    n = _LONG_MIN + 1
    iy = (room >= _LONG_MIN).nonzero()[0]
    if len(iy):
        tri = gid[0, iy]
        rep = sizes[tri] >= 2
        is_x = room[iy] >= n
        ix = iy[is_x & rep]
        tx = tri[is_x & rep]
        ty = tri[rep]
        iy = iy[rep]
        kx = tx * groups + gid[0, ix + n - 3]
        ky = ty * groups + gid[0, iy + _LONG_MIN - 3]
        mx = _member(kx, ky)
        if mx.any():
            my = _member(ky, kx[mx])
            at_key: dict[int, list[int]] = {}
            for k, xp in zip(kx[mx].tolist(), offset[ix[mx]].tolist()):
                at_key.setdefault(k, []).append(xp)
            for k, p in zip(ky[my].tolist(), offset[iy[my]].tolist()):
                out.extend(_long_drops(text, p, at_key[k], n))
    repeated_terms = sorted(((occ[x][0], len(x), x, occ[x]) for x in ends_terms), key=lambda t: t[:2])
    # the six-character terms written three or more times, for ``_insertions``: with how
    # often their sides (last four, first three, first four characters) occur, and the
    # places of their spellings with one more character (``_insertion_places``): every
    # seven characters of a run, one dropped at 2, 3 or 4, coded like a six-character gram
    # and met with the terms' codes
    terms = ((sizes >= 3) & (g_len == _INSERTION_TERM)).nonzero()[0]
    places: dict[tuple[int, int], list[int]] = {}
    seven = (room >= _INSERTION_TERM + 1).nonzero()[0] if len(terms) else terms
    if len(terms) and len(seven):
        terms = terms[g_first[terms].argsort(kind="stable")]
        # such seven characters begin and end as the term does: only the few places whose
        # first and last characters are a term's are compared with the terms, as strings
        tf = g_first[terms]
        seven_ends = (c[seven] << 10) | c[seven + _INSERTION_TERM]
        term_ends = (c[tf] << 10) | c[tf + _INSERTION_TERM - 1]
        is_cand = _member(seven_ends, term_ends)
        cand = seven[is_cand]
        if len(cand):
            # (and only the terms with the ends of such a place are made strings)
            said = _member(term_ends, seven_ends[is_cand]).nonzero()[0].tolist()
            term_str = dict(zip(said, (text[p:p + _INSERTION_TERM] for p in offset[tf[said]].tolist())))
            with_ends: dict[tuple[str, str], list[int]] = {}
            for t, x in term_str.items():
                with_ends.setdefault((x[0], x[-1]), []).append(t)
            for p in offset[cand].tolist():
                w = text[p:p + _INSERTION_TERM + 1]
                for t in with_ends[(w[0], w[-1])]:
                    x = term_str[t]
                    for i in _INSERTION_AT:
                        if w[:i] == x[:i] and w[i + 1:] == x[i:] and w[i] != x[i - 1] and w[i] != x[i]:
                            places.setdefault((t, i), []).append(p)
    seeds = []
    for t in sorted({t for t, _ in places}):
        f = int(g_first[terms[t]])
        p = int(offset[f])
        seeds.append((text[p:p + _INSERTION_TERM], int(sizes[terms[t]]),
                      (int(sizes[gid[1, f + 2]]), int(sizes[gid[0, f]]), int(sizes[gid[1, f]])),
                      {i: places.get((t, i), []) for i in _INSERTION_AT}))
    return out, {x: xs for _, _, x, xs in repeated_terms}, seeds


def _variant_pairs_plain(text: str):
    """Candidate (variant span, edit offset, usual form, its spans, kind) of a term written
    once with one character changed or dropped against a form written at least twice (or
    a long phrase written once), and the terms written three or more times that
    ``_end_drops`` can use.  Pure text; the caller adds document context."""
    runs = [(m.start(), m.group(0)) for m in _HAN_RUN.finditer(text)]
    if not runs or sum(len(r) for _, r in runs) > 400_000:
        return [], {}, None
    # every substring of 3..6 Han characters, listed and counted in C (Counter) one length
    # at a time; positions are gathered only for the few terms that are used
    tri = [[run[i:i + 3] for i in range(len(run) - 2)] for _, run in runs]
    counts: dict[int, Counter] = {}
    repeated_of: dict[int, list[str]] = {}
    pairs = []
    regions = _region_names()
    drop: dict[str, list[tuple[str, int]]] = {}
    for n in range(_VARIANT_MIN, _VARIANT_MAX + 1):
        # one comprehension over all runs (a run shorter than n gives nothing)
        if n == 3:
            subs = [y for r in tri for y in r]
        else:
            subs = [run[i:i + n] for _, run in runs for i in range(len(run) - n + 1)]
        cnt = counts[n] = Counter(subs)
        xs_n = repeated_of[n] = [x for x, c in cnt.items() if c > 1]
        # a singleton and a repeated term of one length with one interior character
        # changed: the two share their first and last characters (``t[::n - 1]``), so
        # only singletons with the ends of some repeated term are listed at all; their
        # wildcard keys are built an edit position at a time and met by set intersection
        ends_of = {x[::n - 1] for x in xs_n}
        ys = [y for y, c in cnt.items() if c == 1 and y[::n - 1] in ends_of] if xs_n else []
        if not ys:
            continue
        ends_of = {y[::n - 1] for y in ys}
        xs_n = [x for x in xs_n if x[::n - 1] in ends_of]   # and the other way round
        pairs.extend(_substitution_pairs(xs_n, ys, n))
    # a repeated division name written once with an interior character dropped
    for n in range(max(4, _VARIANT_MIN), _VARIANT_MAX + 1):
        for x in [x for x in repeated_of[n] if x in regions]:
            for j in range(1, n - 1):
                drop.setdefault(x[:j] + x[j + 1:], []).append((x, j))
    for y, xs in drop.items():
        n = len(y)
        if _VARIANT_MIN <= n and counts[n][y] == 1:   # the short form written once
            for x, j in xs:
                pairs.append((y, n, 1, j, x))
    # the terms ``_end_drops`` can use (written 3+ times, 4+ characters, ending in a word
    # that is not a function character) and whose form without the last character occurs
    # somewhere else too (more often than the term: every occurrence counted, overlaps too)
    ends = [x for n in range(max(4, _VARIANT_MIN), _VARIANT_MAX + 1)
            for x in repeated_of[n] for c in (counts[n][x],)
            if c >= 3 and counts[n - 1][x[:-1]] > c
            and _is_word(x[-2:]) and x[-1] not in _NOT_LAST]
    # positions of the terms used (every occurrence, overlaps too, in text order): a term
    # of Han characters only ever occurs inside one of the runs, so str.find finds exactly
    # the positions the lists above hold
    need = {t[0] for t in pairs} | {t[4] for t in pairs} | set(ends)
    occ: dict[str, list[int]] = {}
    for y in need:
        ps = occ[y] = []
        p = text.find(y)
        while p >= 0:
            ps.append(p)
            p = text.find(y, p + 1)
    out = _in_scan_order(pairs, occ)
    # a phrase of _LONG_MIN+ characters written once, and once more with an interior
    # character dropped (数字城管各终端单位的考核考评 / 终端单的考核考评): the dropped
    # character sits at 3.._LONG_MIN-4, so the two share their first and last three
    # characters; pairs of (first three, last three) are met by set intersection first
    n = _LONG_MIN + 1
    kx: list[tuple[str, str]] = []
    xpos: list[int] = []
    ky: list[tuple[str, str]] = []
    ypos: list[int] = []
    for (base, run), r in zip(runs, tri):
        if len(run) >= _LONG_MIN:
            kx += zip(r, r[n - 3:])
            xpos += range(base, base + len(run) - n + 1)
            ky += zip(r, r[_LONG_MIN - 3:])
            ypos += range(base, base + len(run) - _LONG_MIN + 1)
    hits = set(kx).intersection(ky)
    if hits:
        at: dict[tuple[str, str], list[int]] = {}
        for k, xp in [(k, xp) for k, xp in zip(kx, xpos) if k in hits]:
            at.setdefault(k, []).append(xp)
        for k, p in [(k, p) for k, p in zip(ky, ypos) if k in hits]:
            out.extend(_long_drops(text, p, at[k], n))
    repeated = sorted(((occ[x][0], len(x), x, occ[x]) for x in ends), key=lambda t: t[:2])
    return out, {x: xs for _, _, x, xs in repeated}, _insertion_seeds(text, counts)


_INSERTION_TERM = 6


def _insertion_seeds(text: str, counts: dict[int, Counter]) -> list[tuple]:
    """The six-character terms written three or more times and once or more with one more
    character (in order of first writing), each with its count, the counts of its sides
    ``_insertions`` looks for (its last four, first three and first four characters) and
    the places of those spellings (``_insertion_places``), from counts of grams by length."""
    seeds = []
    for x, n in counts[_INSERTION_TERM].items():
        if n >= 3:
            places = {i: _insertion_places(text, x, i) for i in _INSERTION_AT}
            if any(places.values()):
                seeds.append((x, n, (counts[4][x[2:]], counts[3][x[:3]], counts[4][x[:4]]), places))
    return seeds


_INSERTION_AT = (2, 3, 4)   # where the extra character may stand in a six-character term


def _insertion_places(text: str, x: str, i: int) -> list[int]:
    """Starts of the seven Han characters that are ``x`` with one more character at ``i``,
    a character other than its neighbours there (公共文体化服务 for 公共文化服务, i = 4)."""
    head, tail = x[:i], x[i:]
    side = tail if i == 2 else head     # the longer side is looked for
    out = []
    k = text.find(side)
    while k >= 0:
        p = k - i - 1 if i == 2 else k
        q = p + i
        if p >= 0 and text.startswith(head, p) and text.startswith(tail, q + 1) \
                and _HAN_ONLY.fullmatch(text, q, q + 1) and text[q] != x[i - 1] and text[q] != x[i]:
            out.append(p)
        k = text.find(side, k + 1)
    return out


@lru_cache(maxsize=1)
def _reading_table() -> dict[int, str] | None:
    """pypinyin's character table (code point -> "líng,yuán,xīng", usual reading first),
    read from its JSON file: importing pypinyin loads its phrase dictionary and trains a
    segmenter (~0.25 s a process) that single characters never use.  None when the file
    is not where pypinyin keeps it (``_readings`` then asks pypinyin itself)."""
    import importlib.util
    import json
    try:
        spec = importlib.util.find_spec("pypinyin")
    except (ImportError, ValueError):
        return None
    for folder in (spec.submodule_search_locations or []) if spec else []:
        try:
            with open(os.path.join(folder, "pinyin_dict.json"), encoding="utf-8") as f:
                return {int(k): v for k, v in json.load(f).items()}
        except (OSError, ValueError):
            continue
    return None


def _toneless(syllable: str) -> str:
    """pypinyin's Style.NORMAL of one marked syllable: tone marks dropped, ü written v."""
    parts = unicodedata.normalize("NFD", syllable).replace("u\u0308", "v")
    return "".join(c for c in parts if not unicodedata.combining(c))


@lru_cache(maxsize=4096)
def _readings(c: str) -> frozenset:
    """The usual reading of ``c`` without tone (rare readings, such as 种 as the surname
    Chong, make false pairs); ``{c}`` for a character pypinyin has no reading of, as
    ``pinyin(c, style=Style.NORMAL, heteronym=False)`` gives."""
    table = _reading_table()
    if table is None:
        try:
            from pypinyin import Style, pinyin
        except ImportError:       # optional: without it no pair counts as same-sound
            return frozenset()
        return frozenset(pinyin(c, style=Style.NORMAL, heteronym=False)[0])
    marked = table.get(ord(c)) if len(c) == 1 else None
    return frozenset({c} if marked is None else {_toneless(marked.split(",")[0])})


def _gb2312(c: str) -> bool:
    """Is ``c`` one of the 6,763 characters of GB 2312 (what an input method offers first)?"""
    try:
        return len(c.encode("gb2312")) == 2
    except UnicodeEncodeError:
        return False


@lru_cache(maxsize=1)
def _homophone_table() -> dict[str, frozenset]:
    """Character -> the other GB 2312 characters of its usual reading, tones ignored (工 ->
    公 功 攻 供 宫 …): the candidates an input method shows for the same syllable."""
    table = _reading_table()
    if not table:
        return {}
    groups: dict[str, list[str]] = {}
    for cp, marked in table.items():
        c = chr(cp)
        if "\u4e00" <= c <= "\u9fff" and _gb2312(c):
            groups.setdefault(_toneless(marked.split(",")[0]), []).append(c)
    return {c: frozenset(x for x in g if x != c) for g in groups.values() for c in g}


@lru_cache(maxsize=1)
def _sound_ids() -> dict[str, int]:
    """Character -> a number per syllable, for the characters ``_homophone_table`` holds:
    two characters are homophones there when their numbers are equal."""
    ids: dict[str, int] = {}
    for c, others in _homophone_table().items():
        k = ids.get(c)
        if k is None:
            k = len(ids)
            for x in (c, *others):
                ids[x] = k
    return ids


def same_sound(a: str, b: str) -> bool:
    """Do two Han characters share a reading, tones ignored (沚/址 zhi)?  pypinyin's
    character table; False when pypinyin is not installed."""
    ra, rb = _readings(a), _readings(b)
    return bool(ra and rb and ra & rb and not (ra == {a} or rb == {b}))


def _covering_word(full: str, a: int, b: int) -> str | None:
    """A dictionary word (2–4 characters) of ``full`` covering positions a..b-1."""
    for n in (2, 3, 4):
        for s in range(b - n, a + 1):
            if s >= 0 and s + n <= len(full) and _is_word(full[s:s + n]):
                return full[s:s + n]
    return None


def _aligned(text: str, s: int, e: int, cache: dict) -> bool:
    """Do ``s`` and ``e`` fall on word boundaries of the dictionary segmentation
    (jieba without HMM) of the block around them?"""
    a, b = jieba_window(text, s, e)
    if (a, b) not in cache:
        cuts, k = {a}, a
        for w in segmenter().cut(text[a:b], HMM=False):
            k += len(w)
            cuts.add(k)
        cache[(a, b)] = cuts
    cuts = cache[(a, b)]
    return s in cuts and e in cuts


_FUNCTION_CHARS = set("的了着过和与及或之等地得也都又就而在于以为把被从对向将")
_NOT_LAST = _FUNCTION_CHARS - {"于"}   # no ``_end_drops`` term ends in one of these
_SUBSTITUTES_AFTER = set("在来作以到于途处法")


def _line_marker(text: str, pos: int) -> str | None:
    """The list-marker style of the line holding ``pos`` (1、 → N、, (2) → (N)), or None."""
    ls = text.rfind("\n", 0, pos) + 1
    m = _LIST_NUMBER.match(text[ls:pos])
    if not m:
        return None
    return re.sub(r"\d+|[一二三四五六七八九十]+|[①-⑩]", "N", m.group(0).strip())



def _insertions(text: str, seeds=None) -> list:
    """A run of six characters written three or more times and once with one more character
    inside it (公共文化服务 ×10, 公共文体化服务 ×1): candidates in ``variant_pairs``'s shape,
    kind "insertion", the extra character at ``j`` (two characters at least on each side).
    ``seeds`` are the terms with their counts and places (``_insertion_seeds``), as
    ``variant_pairs`` gives them; without them they are counted here."""
    if seeds is None:
        runs = _HAN_RUN.findall(text)
        counts = {n: Counter(run[i:i + n] for run in runs for i in range(len(run) - n + 1))
                  for n in (3, 4, _INSERTION_TERM)}
        seeds = _insertion_seeds(text, counts)
    out = []
    for x, count, side_counts, places in seeds:
        xs = None
        for i, side_count in zip(_INSERTION_AT, side_counts):
            if not places[i] or side_count <= count or not _covering_word(x, i - 1, i + 1):
                continue   # the side only inside x itself; or no word split (see variant_candidates)
            for p in places[i]:
                if text.count(text[p:p + 7]) == 1:
                    if xs is None:
                        xs = list(_occurrences(text, x))
                    out.append((p, p + 7, p + i, x, xs, "insertion", i))
    return out


@lru_cache(maxsize=8192)
def _ends_in_a_lone_character(s: str) -> bool:
    return len(segmenter().lcut(s, HMM=False)[-1]) == 1


def _end_drops(text: str, occ_of) -> list:
    """A term written three or more times as the opening of parallel list items
    (主要用于) and once, in a sibling item, without its last character (主要用城乡)."""
    out = []
    # whether each line (by its start) opens with a list marker at all: a line that does
    # not has no marker before any place in it (the places are Han terms: the marker's
    # ``.(?!\d)`` reads the same there), so ``_line_marker`` is asked only on such lines
    opens: dict[int, bool] = {}

    def on_list_line(pos: int) -> bool:
        ls = text.rfind("\n", 0, pos) + 1
        ok = opens.get(ls)
        if ok is None:
            le = text.find("\n", ls)
            ok = opens[ls] = _LIST_NUMBER.match(text[ls:le if le >= 0 else len(text)]) is not None
        return ok

    def marker(pos: int) -> str | None:
        return _line_marker(text, pos) if on_list_line(pos) else None
    for x, xs in occ_of.items():
        if len(xs) < 3 or len(x) < 4 or not _is_word(x[-2:]) or x[-1] in _NOT_LAST:
            continue
        if _ends_in_a_lone_character(x[-4:]):
            continue  # the last character is a word of its own (上年|决算|数): without it the
            #           term still reads whole (上年决算), no character is missing from a word
        # a sibling item stands on a line of a list-marker style (1、, (2) …) that two or
        # more of the term's own lines share; without such a style no place can qualify
        # (asked first: most terms have none, and their places are never looked for)
        listed = [q for q in xs if on_list_line(q)]
        if len(listed) < 2:
            continue   # (the other places have no style)
        styles = Counter(_line_marker(text, q) for q in listed)
        shared = {st for st, k in styles.items() if st is not None and k >= 2}
        if not shared:
            continue
        # the places of the term without its last character, then another Han character
        after = {text[q + len(x):q + len(x) + 1] for q in xs}   # what follows the term
        y = x[:-1]
        p = -1
        while True:
            p = text.find(y, p + 1)
            if p < 0:
                break
            if text.startswith(x, p) or p + len(y) >= len(text):
                continue
            nxt = text[p + len(y)]
            if not _HAN.match(nxt) or nxt in _SUBSTITUTES_AFTER:
                continue
            if nxt in after:
                continue  # an abbreviation: 移民后期扶持 → 移民后扶 keeps the next word's first character
            if marker(p) not in shared:
                continue
            line = text[text.rfind("\n", 0, p) + 1:(text.find("\n", p) + 1 or len(text) + 1) - 1]
            if x in line:
                continue
            out.append((p, p + len(y), p + len(y), x, xs, "end_drop", len(y)))
    return out


def _own_pair_elsewhere(text: str, s: int, e: int, j: int, counts: dict | None = None) -> bool:
    """Does the changed character ``text[s + j]`` form, with the character before or after
    it, a pair that the text writes at least twice outside ``[s, e)``?  ``counts``: the
    text's counts of pairs of two characters, filled as they are asked for."""
    counts = {} if counts is None else counts
    k = s + j
    for a in (k - 1, k):
        pair = text[a:a + 2]
        if len(pair) < 2 or a < s or a + 2 > e:
            continue
        if pair[0] != pair[1]:
            # two different characters never overlap: str.count counts every place, and
            # those starting inside [s, e) end by e + 1
            n = counts.get(pair)
            if n is None:
                n = counts[pair] = text.count(pair)
            if n - text.count(pair, s, e + 1) >= 2:
                return True
            continue
        n, at = 0, text.find(pair)
        while at >= 0:
            if not s <= at < e:
                n += 1
            at = text.find(pair, at + 1)
        if n >= 2:
            return True
    return False


def variant_candidates(text: str):
    """``variant_pairs`` that survive the word, contrast and name tests; one per edit,
    the best-attested usual form first."""
    regions = _region_names()
    best: dict[int, tuple] = {}
    bounds: dict = {}
    pair_counts: dict[str, int] = {}
    pairs, repeated, seeds = variant_pairs(text)
    pairs += _end_drops(text, repeated)
    pairs += _insertions(text, seeds)
    for s, e, k, x, xs, kind, j in pairs:
        y = text[s:e]
        if y in regions or _is_word(y):
            continue
        if kind == "substitution":
            if not 0 < j < len(y) - 1:
                continue  # the edit must sit inside the term: context on both sides
            # a term must be well attested, or a known division name, or the slip an input
            # method makes (a character of the same sound: 湾沚区 / 湾址区).  Two spellings
            # against one with a character of another sound are weak evidence, whatever the
            # length: an OCR misreading or a term of its own (马铃薯种薯 ×2 / 马铃薯冲薯)
            if not (len(xs) >= 3 or x in regions or
                    (len(xs) >= 2 and same_sound(x[j], y[j]))):
                continue
            if _contrasting(x[j], y[j]) or y[j] in _FUNCTION_CHARS:
                continue
            if not same_sound(x[j], y[j]) and (_is_word(x[j] + y[j]) or _is_word(y[j] + x[j])):
                continue  # the two halves of one word, each standing for it (参训 / 参培: 培训)
            if not same_sound(x[j], y[j]) and _own_pair_elsewhere(text, s, e, j, pair_counts):
                continue  # the changed character makes with its neighbour a pair the text writes
                #           twice more elsewhere: a term of the author's (村干 for 村干部: 村干办公)
        elif kind == "drop":
            if x not in regions:
                continue  # a dropped character is often a legitimate short form (存在问题)
        elif kind == "insertion":
            if y[j] in _FUNCTION_CHARS or not _covering_word(x, j - 1, j + 1):
                continue  # a modifier put between two words (项目总资金) is no slip: the extra
                #           character must split a word of the usual form (文化 -> 文体化)
        elif kind == "long_drop":
            # the dropped character must have been part of a word (单位 → 单), not a
            # modifier of its own (应参保人 / 参保人)
            if x[j] in _FUNCTION_CHARS or not _covering_word(x, j, j + 1):
                continue
            if x[j] in "委党":
                continue  # another body: 保山市委退役军人事务领导小组 / 保山市退役军人事务局
        left, right = text[max(0, s - 3):s], text[e:e + 3]
        full = left + y + right
        at = len(left) + j
        if kind == "substitution":
            if _covering_word(full, at, at + 1):
                continue
        elif kind != "insertion" and _covering_word(full, at - 1, at + 1):
            continue
        key = (len(xs), len(x))
        if k in best and not key > best[k][0]:
            continue   # it would not replace the best candidate of this edit
        # the segmentation test last: the tests are independent, and it costs the most
        if kind not in ("long_drop", "insertion") and not (_aligned(text, s, e, bounds) and all(
                _aligned(text, p, p + len(x), bounds) for p in xs)):
            continue
        best[k] = (key, (s, e, k, x, xs, kind, j))
    return [v for _, v in sorted(best.values(), key=lambda t: t[1][0])]


_VARIANT_KIND = {"substitution": "改了一个字", "drop": "少了一个字", "long_drop": "少了一个字",
                 "end_drop": "少了末字", "insertion": "多了一个字"}


# characters that stand alone in running text (particles, prepositions, pronouns) or open a
# name (a division's level): a pair of them reads as two words however it sounds (为其, 及市)
_STANDALONE_CHARS = set("的地得了着过和与及或之等也都又就而在于以为把被从对向将其所并且已亦即则乃"
                        "还仍再均皆各每该此本是有无不没未可能要会"
                        "省市县区州乡镇村旗")   # a division's level, which opens a name (及市医疗保障局)
_BIGRAM_WORD_MIN = 50      # jieba frequency of a two-character word the document is held to


def _homophone_slips(doc, taken: list[tuple[int, int]]):
    """A two-character word written once with a character of the same sound, in a place
    where the pair makes no word (湾成 for 完成, 指标 -> 之标), when the document writes the
    word itself at least twice: the slip of a pinyin input method.

    Candidates come from the document's own words (pairs of characters it writes twice or
    more that are dictionary words), each turned into its homophone spellings; a spelling
    the document holds, that no dictionary lists, whose two characters stand as words of
    their own there (方向|目标 holds 向目 across two words) is the slip."""
    text = doc.text
    if not _homophone_table():
        return
    freq = _word_freq()
    blocks: dict = {}
    spans = None
    for word, i, h, slip, n in _homophone_pairs(text, freq):
        k = text.find(slip)
        while k >= 0:
            if _reads_as_slip(doc, k, i, word, blocks) and not _DOCNO_AFTER.match(text, k + 2) \
                    and not any(p < k + 2 and k < q for p, q in taken):
                if spans is None:
                    from ..extract.entities import entities
                    ents = entities(doc)
                    spans = [(x.start, x.end) for x in (*ents.regions, *ents.orgs)]
                if not any(p < k + 2 and k < q for p, q in spans):
                    taken.append((k, k + 2))
                    yield make_finding(
                        doc, "text.typo", k, k + 2,
                        f"“{slip}”疑为“{word}”之误：“{h}”与“{word[i]}”同音，“{slip}”不成词，"
                        f"本文写作“{word}”的有 {n} 处。",
                        confidence="likely", severity="warning",
                        evidence={"wrong": slip, "correct": word, "correct_count": n,
                                  "same_sound": True, "kind": "homophone"})
            k = text.find(slip, k + 1)


def _homophone_pairs(text: str, freq: dict) -> list[tuple[str, int, str, str, int]]:
    """(word, position i, homophone h, slip, the word's count) for each two-character
    dictionary word the text writes twice or more whose spelling with character ``i``
    changed to a homophone ``h`` is a non-word the text also holds, at most half as often.

    Every pair of neighbouring characters is coded (first << 32 | second) and counted; two
    pairs are homophone spellings at position i when they share the other character and the
    sound of character i (``_sound_ids``): pairs are grouped by that key in numpy, and only
    groups of two or more are looked at in Python (a few per document)."""
    import numpy as np
    cps = _utf32(text).astype(np.int64)
    if len(cps) < 2:
        return []
    codes, counts = _distinct((cps[:-1] << 32) | cps[1:])
    sound = _sound_array()
    out = []
    # both positions at once: entry k < m varies the first character of pair k, entry
    # m + k its second; the key holds the position, the sound and the fixed character
    m = len(codes)
    first, second = codes >> 32, codes & 0xFFFFFFFF
    varying = np.concatenate((first, second))
    fixed = np.concatenate((second, first))
    ids = np.full(2 * m, -1, dtype=np.int64)
    inside = varying < len(sound)
    ids[inside] = sound[varying[inside]]
    keep = (ids >= 0).nonzero()[0]
    key = ((keep >= m).astype(np.int64) << 60) | (ids[keep] << 32) | fixed[keep]
    order = key.argsort(kind="stable")
    sk = key[order]
    same_next = sk[1:] == sk[:-1]
    if not same_next.any():
        return out
    # members of the groups of two or more, group by group
    in_group = np.zeros(len(sk), dtype=bool)
    in_group[1:] |= same_next
    in_group[:-1] |= same_next
    members = keep[order[in_group]]
    gk = sk[in_group]
    head = np.empty(len(gk), dtype=bool)
    head[0] = True
    np.not_equal(gk[1:], gk[:-1], out=head[1:])
    starts = head.nonzero()[0]
    pair = members % m
    # only a group holding a pair written twice or more can hold a word, and one holding a
    # pair written at most half as often a slip
    in_counts = counts[pair]
    top = np.maximum.reduceat(in_counts, starts)
    live = ((top >= 2) & (2 * np.minimum.reduceat(in_counts, starts) <= top)).nonzero()[0]
    if not len(live):
        return out
    bounds = np.append(starts, len(members))
    member_codes, member_counts = codes[pair].tolist(), in_counts.tolist()
    for a, b, i in zip(bounds[live].tolist(), bounds[live + 1].tolist(), (members[starts[live]] >= m).tolist()):
        i = int(i)
        fixed = member_codes[a] & 0xFFFFFFFF if i == 0 else member_codes[a] >> 32
        if chr(fixed) in _STANDALONE_CHARS:
            continue   # every pair of the group has that character (the key holds it): see below
        spelled = [(chr(c >> 32) + chr(c & 0xFFFFFFFF), k) for c, k in
                   zip(member_codes[a:b], member_counts[a:b])]
        for word, n in spelled:
            if n < 2 or freq.get(word, 0) < _BIGRAM_WORD_MIN:
                continue
            for slip, k in spelled:
                if slip == word or freq.get(slip, 0) or k * 2 > n or slip[1 - i] in _STANDALONE_CHARS:
                    continue  # the word's other character a particle or a level: the pair reads as
                    #           that particle beside another word (和|赴沪 for 和服, 以|商招商 for 以上)
                out.append((word, i, slip[i], slip, n))
    out.sort(key=lambda t: (t[0], t[1], t[2]))
    return out


@lru_cache(maxsize=1)
def _sound_array():
    """``_sound_ids`` as an array indexed by code point (-1: no homophone group)."""
    import numpy as np
    ids = _sound_ids()
    table = np.full(max(map(ord, ids), default=0) + 1, -1, dtype=np.int64)
    for c, k in ids.items():
        table[ord(c)] = k
    return table


# a document number's issuer code (保政复〔2021〕12号): abbreviations, not words
_DOCNO_AFTER = re.compile(r"\s*(?:[〔［【]|[\[(（]?\s*(?:19|20)[\dxX×]{2})")


def _reads_as_slip(doc, k: int, i: int, word: str, blocks: dict) -> bool:
    """Is the pair at ``k`` (its character ``i`` a homophone of ``word[i]``) a slip for
    ``word``?  The changed character makes no word with its neighbours (it is a token of
    its own: 已|湾|成, 人|民政|夫, not 方|向|目标's 方向), written right the text reads the
    word (已|完成, 人民政府), and the place is not a garbled run of characters no word
    holds (碟|令|薯|樽|轴|示|施)."""
    text = doc.text
    toks = _tokens_around(doc, k, blocks)
    at = _token_at(toks, k + i)
    if at != (k + i, k + i + 1) or _single_run(text, toks, toks.index(at)) >= 5:
        return False
    a, b = jieba_window(text, k, k + 2)
    fixed = text[a:k] + word + text[k + 2:b]
    words = segmenter().cut(fixed, HMM=False)
    pos, covered, loose = a, False, 0
    for w in words:
        covered = covered or (pos <= k and k + 2 <= pos + len(w))
        loose += len(w) == 1 and w not in _STANDALONE_CHARS and _HAN_ONLY.fullmatch(w) is not None
        pos += len(w)
    # and fewer characters left without a word: 全市|共|资助 -> 全市|工资|助 is no better
    return covered and loose < sum(1 for x, y in toks if a <= x and y <= b and y - x == 1
                                   and text[x] not in _STANDALONE_CHARS
                                   and _HAN_ONLY.fullmatch(text, x, y) is not None)


def _single_run(text: str, toks: list[tuple[int, int]], i: int) -> int:
    """How many one-character Han tokens other than particles and the like run together
    around token ``i`` (碟|令|薯|樽|轴|示|施: a garbled font)."""
    def single(j):
        a, b = toks[j]
        return b - a == 1 and text[a] not in _STANDALONE_CHARS and _HAN_ONLY.fullmatch(text, a, b) is not None
    lo = i
    while lo > 0 and single(lo - 1):
        lo -= 1
    hi = i
    while hi + 1 < len(toks) and single(hi + 1):
        hi += 1
    return hi - lo + 1


def _variant_findings(doc):
    text = doc.text
    for s, e, k, x, xs, kind, j in variant_candidates(text):
        y = text[s:e]
        n = len(xs)
        where = f"本文其他 {n} 处写作“{x}”" if n > 1 else f"本文他处写作“{x}”"
        if kind == "end_drop":
            shown = text[s:min(len(text), e + 2)]
            msg = (f"“{shown}”疑漏字，应为“{x}{text[e:e + 2]}”：同一列表的并列各项{where}，"
                   f"此处{_VARIANT_KIND[kind]}“{x[-1]}”。")
            e2 = min(len(text), e + 2)
        else:
            edit = (f"“{x[j]}”写成{'同音的' if same_sound(x[j], y[j]) else ''}“{y[j]}”"
                    if kind == "substitution" else f"多了“{y[j]}”" if kind == "insertion" else f"漏“{x[j]}”")
            msg = f"“{y}”疑为“{x}”之误：{where}，此处{edit}。"
            e2 = e
        yield make_finding(
            doc, "text.typo", s, e2, msg, confidence="likely", severity="warning",
            related=[(p, p + len(x), "usual_form") for p in xs[:5]],
            evidence={"variant": y, "usual_form": x, "usual_count": n, "edit": kind,
                      "same_sound": kind == "substitution" and same_sound(x[j], y[j]),
                      "usual_char": x[j] if j < len(x) else "", "variant_char": y[j] if kind == "substitution" else ""})


# ---------------------------------------------------------------------------
# text.contradiction

_UP = "增加|增长|上升|提高|增多|上涨|扩大|攀升"
_DOWN = "减少|下降|降低|减低|下滑|缩减|压减|回落|缩小"
_NEG = "并没有|并未|没有|未|不是|无"
_DIRECTION = re.compile(rf"(?P<neg>{_NEG})?(?P<dir>{_UP}|{_DOWN})")
# “培训费增加主要是因为：…” — an explanation of a change, naming the quantity
_REASON = re.compile(
    rf"(?P<subj>[\p{{Han}}“”\"]{{2,14}}?)(?P<neg>{_NEG})?(?P<dir>{_UP}|{_DOWN})(?:的)?(?:主要)?"
    r"(?:原因|是因为|是由于|因为|由于)")
# “比上年决算减少 2.02 万元”
_COMPARISON = re.compile(
    rf"(?:比|较|同比|环比|相比|相较)[^。；;，,]{{0,24}}?(?P<neg>{_NEG})?(?P<dir>{_UP}|{_DOWN})")
_SUBJ_TRIM = re.compile(r"^(?:[年度本全今去]+)|(?:总额|总计|合计|金额|数额|支出|费用|情况)$")
_CLAUSE_START = re.compile(r"(?:^|[，,。；;：:\s])")


def _sense(neg: str | None, word: str) -> tuple[str, bool]:
    return ("up" if re.fullmatch(_UP, word) else "down"), bool(neg)


def _opposed(a: tuple[str, bool], b: tuple[str, bool]) -> bool:
    """Do two (direction, negated) claims contradict?  增加 vs 减少, or 增加 vs 未增加."""
    if a[1] and b[1]:
        return False
    if a[1] != b[1]:
        return a[0] == b[0]
    return a[0] != b[0]


def _stem(subj: str, trim: bool = True) -> str:
    """The quantity an explanation names: 2022年度“三公”经费 -> 三公经费; with ``trim``
    also without a generic tail (培训费支出 -> 培训费)."""
    s = subj.replace("“", "").replace("”", "").replace('"', "")
    s = re.sub(r"^[年度本全今去]+", "", s)
    if trim:
        for _ in range(2):
            s = _SUBJ_TRIM.sub("", s)
    return s


_AMOUNT_END = re.compile(r"[\d.,]+\s*(?:万元|亿元|元|%|人次|人|次|个|家|项)?\s*$")


def _stated_change(text: str, base: int, names: list[str]):
    """The first 比上年…增加/减少 that belongs to one of ``names`` in ``text``: in the same
    clause, or opening a clause whose subject is left out (…万元，比上年决算减少)."""
    for name in names:
        # the name as printed may carry quotes: “三公”经费
        found = re.search("[“”\"]?" + "[“”\"]?".join(re.escape(ch) for ch in name) + "[“”\"]?", text)
        if not found:
            continue
        pos, name_end = found.start(), found.end()
        c = _COMPARISON.search(text, name_end)
        if not c:
            continue
        between = text[name_end:c.start()]
        if (not re.search(r"[，,。；;：:]", between) or re.search(r"[，,；;：:]\s*$", between)
                or _AMOUNT_END.search(between)):
            return (base + c.start("dir"), base + c.end("dir"), _sense(c.group("neg"), c.group("dir")),
                    text[pos:c.end()])
    return None


@register("text.contradiction", "同一数量前后增减方向矛盾（比上年减少……增加主要是因为）/ a change described both ways")
def contradiction(doc):
    sents = doc.sentences
    for si, sent in enumerate(sents):
        t = sent.text
        if "原因" not in t and "因为" not in t and "由于" not in t:
            continue   # _REASON needs one of these words
        for cm in _CLAUSE_START.finditer(t):
            m = _REASON.match(t, cm.end())
            if not m:
                continue
            subject = _stem(m.group("subj"), trim=False)
            stem = _stem(m.group("subj"))
            if len(stem) < 2 or _DIRECTION.search(subject):
                continue
            names = [subject] + ([stem] if stem != subject and len(stem) >= 3 else [])
            claim = _sense(m.group("neg"), m.group("dir"))
            stated = None
            # the change as stated: earlier in this sentence, or in the two before it
            for prev, text_part, base in ([(sent, t[:m.start()], sent.start)] +
                                          [(sents[k], sents[k].text, sents[k].start)
                                           for k in range(si - 1, max(-1, si - 3), -1)
                                           if sents[k].para_index >= sent.para_index - 2]):
                stated = _stated_change(text_part, base, names)
                if stated:
                    break
            # the change as the explanation itself restates it (…培训费支出减少)
            body = t[m.end():]
            restated = None
            for r in re.finditer(re.escape(names[-1]) + rf"[\p{{Han}}]{{0,4}}?(?P<neg>{_NEG})?(?P<dir>{_UP}|{_DOWN})", body):
                restated = (sent.start + m.end() + r.start(), sent.start + m.end() + r.end(),
                            _sense(r.group("neg"), r.group("dir")), r.group(0))
                break
            against = [x for x in (stated, restated) if x and _opposed(x[2], claim)]
            if not against:
                continue
            if stated and not _opposed(stated[2], claim):
                continue  # the statement agrees with the explanation; the body is a side remark
            a, b = sent.start + m.start("subj"), sent.start + m.end()
            words = "、".join(f"“{x[3]}”" for x in against)
            yield make_finding(
                doc, "text.contradiction", a, b,
                f"增减方向矛盾：说明写“{m.group(0)}”（{'未' if claim[1] else ''}{'增加' if claim[0] == 'up' else '减少'}），"
                f"而{words}是{'减少' if claim[0] == 'up' else '增加'}。",
                confidence="certain" if stated and _opposed(stated[2], claim) else "likely",
                severity="warning",
                related=[(x[0], x[1], "stated_change" if x is stated else "restated_change") for x in against],
                evidence={"quantity": stem, "explanation": m.group(0),
                          "against": [x[3] for x in against]})
    yield from _conclusion_against_forms(doc)


# ---------------------------------------------------------------------------
# text.boilerplate (corpus scope)

_MIN_UNIT = 12        # key characters for a sentence to take part
_NEAR_MIN = 12        # key characters for near-duplicate search
_CONTAIN_MIN = 20     # key characters of a sentence found inside a longer one
_SHINGLE = 4
_NUM_PERM = 64
_LSH_THRESHOLD = 0.5  # Jaccard of shingle sets; a contained sentence reaches |A|/|B|
_NEAR_RATIO = 90      # rapidfuzz ratio confirming a near-duplicate
_CONTAIN_RATIO = 96   # partial_ratio confirming that a sentence is contained in another
_MIN_COVERAGE = 0.6   # share of a paragraph that must be a copy
_MIN_COPIED = 30      # key characters copied, at least
# sections whose text must be specific to the project: problems, corrective
# measures, suggestions (reported as likely) ...
_PROBLEM_SECTION = re.compile(r"问题|整改|改进|建议|措施|意见|不足")
# ... and others where sameness is suspicious but weaker evidence (possible)
_SPECIFIC_SECTION = re.compile(r"目标|完成情况|分析|结论|成效|效益|效果|经验|做法|亮点")
# a section that restates others by design
_RESTATING_SECTION = re.compile(r"摘要|提要|概述|综述|总结|小结|结论")
_YEAR = re.compile(r"(?:19|20)\d{2}\s*年度?")
_ABSTRACT_MARK = {"摘要", "内容摘要", "报告摘要", "摘要部分"}
_BODY_MARK = {"正文", "报告正文", "正文部分"}


@dataclass(slots=True)
class _Para:
    """Facts about one paragraph, fixed when the document is prepared."""
    report: int
    kind: str              # "problem", "specific" or "other" (see _section_title)
    inner: str             # title of the innermost section heading, "" if none
    inner_at: int          # that heading's offset (its identity), -1 if none
    decide: str            # title of the heading that decided ``kind``
    code: str | None       # indicator code of the section (B4, D21)
    label: str | None      # the indicator the paragraph itself opens with
    total: int = 0         # key characters of the paragraph


class _OffsetMap:
    """A small int -> int map as two sorted arrays (8 bytes an entry instead of a dict's
    ~100: the parent keeps one per file for the whole run)."""
    __slots__ = ("keys", "values")

    def __init__(self, pairs: dict[int, int]):
        self.keys = array("i", sorted(pairs))
        self.values = array("i", (pairs[k] for k in self.keys))

    def __getitem__(self, key: int) -> int:
        i = bisect.bisect_left(self.keys, key)
        if i == len(self.keys) or self.keys[i] != key:
            raise KeyError(key)
        return self.values[i]


# the form's instruction for a cell, left where the answer should be:
# 结合自评情况，分析存在的问题及原因。（200字以内）/ 请填写… / 对照年度目标，说明…
_INSTRUCTION_START = r"(?:请|结合|对照|针对|根据|简要|简述|概述|说明|填写|描述|阐述|列明|列示|逐项)"
_WORD_LIMIT = r"[(（]\s*(?:限|不超过)?\s*\d{2,4}\s*字(?:以内|以下|左右)?\s*[)）]"
_INSTRUCTION = re.compile(
    rf"(?:^|(?<=[|\t\s]))(?P<ins>{_INSTRUCTION_START}[^|\t。]{{2,150}}?(?:。[^|\t。]{{0,80}}?)?{_WORD_LIMIT}\s*[。.]?"
    rf"|请(?:填写|填报|在此(?:填写|说明))[^|\t。]{{0,40}}[。.]?)(?=\s*(?:[|\t]|$))")


# a percent sign standing alone between punctuation (…状态。%、%、%，未按规定…): the
# template's figures were never filled in.  A unit cell after a number (| 100 | % |) or a
# unit in a header (执行率(%)) has a number or a word before it, not punctuation.
_BLANK_PERCENT = re.compile(r"(?<=[、，,。；;：:])\s*[%％](?:\s*[、，,]\s*[%％])*(?=\s*[、，,。；;])")


def _blank_percentages(doc):
    for p in doc.paragraphs:
        if "%" not in p.text and "％" not in p.text:
            continue
        for m in _BLANK_PERCENT.finditer(p.text):
            if re.search(r"单位\s*[:：]?\s*$", p.text[max(0, m.start() - 6):m.start()]):
                continue  # 单位：%，万元 declares units
            lead = len(m.group(0)) - len(m.group(0).lstrip())
            s = p.start + m.start() + lead
            blank = m.group(0).strip()
            yield make_finding(
                doc, "text.boilerplate", s, s + len(blank),
                f"“{blank}”只有百分号没有数字：模板中的数值未填写。",
                confidence="likely",
                evidence={"kind": "blank_value", "blank": blank})


def template_instructions(doc):
    """A cell or line that holds the template's filling instruction instead of an answer,
    or a figure left blank (text.boilerplate, likely): template text left in the report,
    the most generic text there is.  Found per document (in ``prepare_view``, so in the
    worker)."""
    yield from _blank_percentages(doc)
    for p in doc.paragraphs:
        if "字" not in p.text and "请" not in p.text:
            continue
        for m in _INSTRUCTION.finditer(p.text):
            cell = m.group("ins").strip()
            if len(cell) < 6:
                continue
            s = p.start + m.start("ins")
            label = re.split(r"[|\t\s]+", p.text[:m.start("ins")].strip(" |\t"))[-1]
            if len(label) > 12 or re.search(r"\d", label):
                label = ""   # the cell before is content (another column's answer), not a label
            yield make_finding(
                doc, "text.boilerplate", s, s + len(cell),
                f"{'“' + label[:16] + '”' if label else '此处'}仍是模板的填写说明“{cell[:40]}{'…' if len(cell) > 40 else ''}”，"
                f"未填写实际内容。",
                confidence="likely",
                evidence={"kind": "template_instruction", "instruction": cell[:200], "label": label[:40]})


@dataclass
class BoilerplateView:
    """What ``text.boilerplate`` keeps of one document: its sentences' keys and spans,
    the facts of each paragraph, its reports, and the original text for excerpts.
    ``prepare`` builds it in the worker, so the parent holds this instead of the whole
    ``Document``.  It answers ``span_to_original``/``line_col``/``original`` for the
    spans the rule reports, which is all ``make_finding`` needs."""
    path: str
    original: str
    units: list[tuple[int, int, int, str, bool]]   # (paragraph, start, end, key, in abstract)
    paras: dict[int, _Para]
    reports: list[tuple[str, int, int]]            # (project name, original start, original end)
    total: int
    o_start: _OffsetMap      # unit start -> original offset
    o_end: _OffsetMap        # unit end -> original offset
    template: list = field(default_factory=list)   # findings: template instructions left in place

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        return self.o_start[start], self.o_end[end]

    def line_col(self, original_offset: int) -> tuple[int, int]:
        return line_col(self.original, original_offset)

    def excerpt(self, start: int, end: int) -> str:
        a, b = self.span_to_original(start, end)
        return self.original[a:b]


@lru_cache(maxsize=1)
def _key_mask():
    """Per code point, does ``text_key`` keep it (``_NOT_KEY``'s complement)?"""
    import numpy as np
    mask = _han_mask().copy()
    for a, b in (("A", "Z"), ("a", "z"), ("0", "9")):
        mask[ord(a):ord(b) + 1] = True
    return mask


def _key_prefix(text: str) -> tuple[str, list[int]]:
    """``text_key(text)`` and, per offset i of ``text`` (0..len), how many of its
    characters stand before i: ``text_key(text[a:b])`` is ``key[at[a]:at[b]]``."""
    import numpy as np
    points = _utf32(text)
    keep = _key_mask()[points]
    at = np.zeros(len(text) + 1, dtype=np.int64)
    keep.cumsum(out=at[1:])
    return points[keep].tobytes().decode("utf-32-le", "surrogatepass"), at.tolist()


def prepare_view(doc) -> BoilerplateView:
    """The document as ``text.boilerplate`` needs it (runs per document, in the worker)."""
    abstracts = _abstract_spans(doc)
    units, paras, o_start, o_end = [], {}, {}, {}
    # _section_title per section path and report, and its facts of each heading
    titles: dict[tuple[int, int], tuple] = {}
    heading_facts: dict[int, tuple] = {}
    starts = [h.start for h in doc.headings]
    if any(a > b for a, b in zip(starts, starts[1:])):
        starts = None   # out of order: the paths are walked (each place its own key)
    total = 0
    text = doc.text
    # every sentence's ``text_key`` cut from the whole text's: ``kept[i]`` key characters
    # stand before offset i (a sentence's text is ``text[s.start:s.end]``)
    whole, kept = _key_prefix(text)
    last = toc = facts = None
    for s in doc.sentences:
        if s.para_index != last:     # a paragraph's sentences come one after another
            last = s.para_index
            p = doc.paragraphs[last]
            toc = is_toc_line(p.text)
            facts = paras.get(last)
        if toc:
            continue
        start = s.start
        if s.start == p.start or not text[p.start:s.start].strip():
            m = _LIST_NUMBER.match(s.text)
            if m:
                start += m.end()
        key = whole[kept[start]:kept[s.end]]
        if facts is None:
            r = doc.report_at(p.start)
            # the headings before a place fix its section path (``Document.section_path``)
            at = (bisect.bisect_right(starts, p.start) if starts is not None else p.start,
                  r.index if r else -1)
            got = titles.get(at)
            if got is None:
                got = titles[at] = _section_title(doc, p.start, r, heading_facts)
            kind, inner, decide, code = got
            facts = paras[p.index] = _Para(
                r.index if r else 0, kind, inner.title if inner else "", inner.start if inner else -1,
                decide.title if decide else "", code, _indicator_label(doc, p))
        facts.total += len(key)
        total += len(key)
        if len(key) < _MIN_UNIT:
            continue
        units.append((p.index, start, s.end, key, bool(abstracts) and any(a <= s.start < b for a, b in abstracts)))
        o_start[start], o_end[s.end] = doc.span_to_original(start, s.end)
    reports = [(_report_name(r), *doc.span_to_original(r.start, min(r.end, len(doc.text))))
               for r in doc.reports]
    return BoilerplateView(doc.path, doc.original, units, paras, reports or [("", 0, len(doc.original))],
                           total, _OffsetMap(o_start), _OffsetMap(o_end), list(template_instructions(doc)))


@dataclass
class _Unit:
    doc: int
    report: int
    para: int
    start: int
    end: int
    key: str
    abstract: bool
    kid: int = -1      # index of the distinct key


@dataclass
class _Corpus:
    views: list = field(default_factory=list)      # BoilerplateView or None, per input item
    units: list[_Unit] = field(default_factory=list)
    para_units: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    keys: list[str] = field(default_factory=list)
    key_units: list[list[int]] = field(default_factory=list)
    first_at: list[tuple[int, int]] = field(default_factory=list)  # (doc, start) of a key's first unit
    doc_first: dict[int, dict[int, int]] = field(default_factory=dict)  # doc -> key -> its first index in key_units
    near: dict[int, list[tuple[int, str]]] = field(default_factory=dict)  # kid -> [(kid, kind)]
    report_text: dict[tuple[int, int], str] = field(default_factory=dict)
    # caches for ``_adaptation_test``: the Han bigrams of two keys' differences, per key pair, and
    # how often a bigram occurs in a report's text, per report
    edit_bigrams: dict[tuple[int, int], tuple] = field(default_factory=dict)
    bigram_count: dict[tuple[int, int], dict[str, int]] = field(default_factory=dict)


def _as_view(item):
    if item is None or isinstance(item, BoilerplateView):
        return item
    return prepare_view(item)   # a Document (direct calls, runs without ``prepare``)


def _abstract_spans(doc) -> list[tuple[int, int]]:
    """Parts of the document that are an abstract (摘要 … 正文)."""
    spans = []
    if "摘" not in doc.text:
        return spans   # every abstract mark holds 摘 (below): no abstract opens
    start = None
    titles: set[str] = set()
    for p in doc.paragraphs:
        if p.table_id is not None or is_toc_line(p.text):
            continue
        if start is None:
            # every abstract mark holds 摘 and 要: other paragraphs need no key
            if "摘" in p.text and "要" in p.text and text_key(p.text) in _ABSTRACT_MARK:
                start, titles = p.start, set()
            continue
        k = text_key(p.text)
        if k in _BODY_MARK:
            spans.append((start, p.start))
            start = None
            continue
        h = p.heading
        if h is not None and h.level == 1:
            if text_key(h.title) in titles:  # the body starts over with the same sections
                spans.append((start, p.start))
                start = None
                continue
            titles.add(text_key(h.title))
    return spans


def _build_units(items) -> _Corpus:
    c = _Corpus(views=[_as_view(x) for x in items])
    key_index: dict[str, int] = {}
    for di, view in enumerate(c.views):
        _add_units(c, key_index, di, view)
    return c


def _add_units(c: _Corpus, key_index: dict[str, int], di: int, view) -> list[int]:
    """Document ``di``'s sentences into the index; the ids of the keys it writes first."""
    new: list[int] = []
    if view is None:
        return new
    for para, start, end, key, abstract in view.units:
        u = _Unit(di, view.paras[para].report, para, start, end, key, abstract)
        kid = key_index.get(key)
        if kid is None:
            kid = key_index[key] = len(c.keys)
            c.keys.append(key)
            c.first_at.append((di, start))
            c.key_units.append([])
            new.append(kid)
        u.kid = kid
        c.doc_first.setdefault(di, {}).setdefault(kid, len(c.key_units[kid]))
        c.key_units[kid].append(len(c.units))
        c.para_units.setdefault((di, para), []).append(len(c.units))
        c.units.append(u)
    return new


class _BoilerplateIndex:
    """``text.boilerplate`` fed as the documents are read (``func.incremental``, see
    ``auditor.checks``).  A paragraph is reported only as a later copy of earlier text, and
    everything the scan reads about a document — the keys, their first units, the near and
    contained links to keys written before, the units of each key up to the document — is
    settled once the documents before it and the document itself are in.  So each new
    document's sentences go into the index (its new keys signed, met with the earlier keys
    in the same LSH buckets, ``_BUCKET_CAP`` earliest per bucket, and confirmed as
    ``_find_near`` confirms), and its paragraphs are scanned at once; at the end the
    findings are those of the whole rule, in its order, and the index serves the summary."""

    def __init__(self, expected: int):
        self.c = _Corpus()
        self.items: list = []
        self.key_index: dict[str, int] = {}
        self.long: list[int] = []                      # ids of the keys long enough to sign
        self.figures: list[tuple] = []                 # per position in ``long``, its key's figures
        self.buckets = [{} for _ in range(_LSH_BANDS)]  # band -> bucket code -> positions in ``long``
        self.found: list[list] = []                    # per document, its scan's findings
        self.signer = _Signer()

    def add(self, item) -> None:
        self.items.append(item)

    def work(self, seconds: float) -> bool:
        """Index and scan the documents in hand for about ``seconds``; whether any are left."""
        stop = time.perf_counter() + seconds
        while len(self.c.views) < len(self.items) and time.perf_counter() < stop:
            self._next()
        return len(self.c.views) < len(self.items)

    def _next(self) -> None:
        import numpy as np
        c = self.c
        di = len(c.views)
        item = self.items[di]
        view = _as_view(item)
        c.views.append(view)
        new = [k for k in _add_units(c, self.key_index, di, view) if len(c.keys[k]) >= _NEAR_MIN]
        if new:
            first = len(self.long)
            self.long.extend(new)
            self.figures.extend(tuple(_digits(c.keys[k])) for k in new)
            codes = _band_codes(self.signer([c.keys[k] for k in new]))
            later, earlier = [], []
            for n, row in enumerate(codes):
                partners = set()
                # (band b's code is the pair at 2b, 2b + 1; zip stops at the last band)
                for bucket, code in zip(self.buckets, zip(row[0::2], row[1::2])):
                    members = bucket.setdefault(code, [])
                    partners.update(members if len(members) <= _BUCKET_CAP else members[:_BUCKET_CAP])
                    members.append(first + n)
                partners = sorted(partners)
                earlier += partners
                later += [first + n] * len(partners)
            if later:
                # the keys the pairs name, renumbered 0.. for ``_confirmed``
                used = sorted(set(later) | set(earlier))
                local = {p: x for x, p in enumerate(used)}
                found = _confirmed([c.keys[self.long[p]] for p in used],
                                   np.fromiter(map(local.__getitem__, later), dtype=np.int64, count=len(later)),
                                   np.fromiter(map(local.__getitem__, earlier), dtype=np.int64, count=len(earlier)),
                                   [self.long[p] for p in used], [self.figures[p] for p in used])
                # a key's groups stay sorted by ``first_at``: those linked before this document
                # are, and each it links starts in it (the later key of a pair is new), so
                # only the ones it adds need sorting
                had = {k: len(c.near.get(k, ())) for pair in found for k in pair[:2]}
                _link_near(c, found)
                for k, before in had.items():
                    groups = c.near[k]
                    groups[before:] = sorted(groups[before:], key=lambda g: c.first_at[g[0]])
        paras = sorted({(di, para) for para, *_ in view.units}) if view is not None else []
        self.found.append(list(_scan(c, paras)))

    def findings(self):
        c = self.c
        while len(c.views) < len(self.items):
            self._next()
        # the summary (``_shares``) reads the index of the same items
        _CORPUS_CACHE.clear()
        _CORPUS_CACHE.update({"id": tuple(id(d) for d in self.items), "corpus": c, "items": list(self.items)})
        yield from _template_list(c)
        for found in self.found:
            yield from found


_DIGIT_RUN = re.compile(r"\d+")


def _digits(s: str) -> list[str]:
    return _DIGIT_RUN.findall(s)


# MinHash LSH as datasketch computes it (MinHash: seed 1, sha1_hash32 of each shingle's UTF-8
# bytes, permutations (a * h + b) mod 2**61 - 1, kept to 32 bits; MinHashLSH(threshold 0.5,
# 64 permutations): 14 bands of 4 values), but over all sentences at once in numpy, and without
# importing datasketch (whose import alone, through scipy, takes seconds).  The candidates are
# the pairs sharing a band: exactly those ``MinHashLSH.query`` returns for a sentence among the
# earlier ones, except that in a bucket of more than _BUCKET_CAP sentences each is paired with
# the _BUCKET_CAP earliest only.  tests/test_text.py checks the signatures and bands against
# datasketch, and the cap.
_MERSENNE = (1 << 61) - 1
_LSH_BANDS, _LSH_ROWS = 14, 4
_BUCKET_CAP = 64   # docs/text.md: what the cap changes (3 of 12,783 findings at 1,000 reports)


_PERMUTATIONS: list = []


def _permutations():
    import numpy as np
    if not _PERMUTATIONS:
        gen = np.random.RandomState(1)
        _PERMUTATIONS.append(np.array(
            [(gen.randint(1, _MERSENNE, dtype=np.uint64), gen.randint(0, _MERSENNE, dtype=np.uint64))
             for _ in range(_NUM_PERM)], dtype=np.uint64).T)
    return _PERMUTATIONS[0]


def _minhashes(keys: list[str]):
    """The MinHash signature of each key's 4-character shingles: (len(keys), 64) uint64."""
    import numpy as np
    # sibling reports repeat most template sentences word for word: sign each distinct
    # key once and copy its row
    distinct = dict.fromkeys(keys)
    if len(distinct) < len(keys):
        row = {key: i for i, key in enumerate(distinct)}
        return _minhashes(list(distinct))[np.fromiter(map(row.__getitem__, keys), dtype=np.int64,
                                                      count=len(keys))]
    a, b = _permutations()
    counts, shingles = _shingles(keys)
    # sha1_hash32 once per distinct shingle (templates repeat most of them)
    seen = dict.fromkeys(shingles)
    out = np.empty((len(keys), _NUM_PERM), dtype=np.uint64)
    if not keys:
        return out
    # the permuted hashes of each distinct shingle once (a shingle occurs ~7 times over a
    # corpus's keys), kept in 32 bits (they are masked to 32 bits), one row per permutation;
    # each key's minimum is then taken over its shingles a permutation at a time (gathering
    # a row of 4-byte values is ten times faster than gathering 64-value rows per shingle)
    row = {g: i for i, g in enumerate(seen)}
    values = _sha1_32(seen)
    at = np.fromiter(map(row.__getitem__, shingles), dtype=np.int64, count=len(shingles))
    starts = np.cumsum(counts) - np.asarray(counts)
    for p in range(_NUM_PERM):
        out[:, p] = np.minimum.reduceat(_permute(values, a[p], b[p])[at], starts)
    return out


def _shingles(keys: list[str]) -> tuple[list[int], list[str]]:
    """How many 4-character shingles each key has, and all of them, key after key."""
    counts = [len(key) - _SHINGLE + 1 for key in keys]
    return counts, [key[i:i + _SHINGLE] for key, n in zip(keys, counts) for i in range(n)]


def _sha1_32(shingles):
    """datasketch's sha1_hash32 of each shingle's UTF-8 bytes (the first 4 bytes of its
    SHA-1, little-endian), as uint64."""
    import numpy as np
    sha1 = hashlib.sha1
    return np.frombuffer(b"".join([sha1(g.encode("utf-8")).digest()[:4] for g in shingles]),
                         dtype="<u4").astype(np.uint64)


def _permute(values, a, b):
    """The permuted hashes (a * h + b) mod 2**61 - 1 of hashes ``values``, kept to 32 bits
    (uint64 arithmetic wraps as datasketch's does; ``a``, ``b`` broadcast)."""
    import numpy as np
    m = np.uint64(_MERSENNE)
    x = values * a
    x += b
    # x mod 2**61 - 1 without a division: 2**61 is 1 modulo 2**61 - 1, so x is congruent to
    # (x >> 61) + (x & m), which is at most m + 7: one subtraction when it reaches m
    high = x >> np.uint64(61)
    x &= m
    x += high
    np.subtract(x, m, out=x, where=x >= m)
    x &= np.uint64((1 << 32) - 1)
    return x.astype(np.uint32)


def _band_codes(sigs) -> list[list[int]]:
    """Per signature, its values paired (v0 << 32 | v1, v2 << 32 | v3, ...): band b's
    bucket code is the pair at 2b, 2b + 1 (as ``_lsh_pairs``' c1, c2)."""
    import numpy as np
    sigs = sigs.astype(np.uint64)
    return ((sigs[:, 0::2] << np.uint64(32)) | sigs[:, 1::2]).tolist()


class _Signer:
    """``_minhashes`` of keys signed a few at a time (``_BoilerplateIndex``, a document's
    new keys): each distinct shingle is hashed and permuted once for the whole run, a row
    of its 64 permuted hashes kept in ``table``, and a batch's signatures are the minima
    over its keys' rows (per-permutation steps cost more than they save on a batch this
    small).  Signatures as uint32: (len(keys), 64).  The keys must be at least
    ``_SHINGLE`` long."""

    def __init__(self):
        import numpy as np
        self.row: dict[str, int] = {}     # shingle -> its row in ``table``
        self.table = np.empty((1024, _NUM_PERM), dtype=np.uint32)

    def __call__(self, keys: list[str]):
        import numpy as np
        counts, shingles = _shingles(keys)
        row = self.row
        fresh = list(set(shingles).difference(row))   # (the order of the rows does not matter)
        if fresh:
            n0, n1 = len(row), len(row) + len(fresh)
            if n1 > len(self.table):
                table = np.empty((max(n1, 2 * len(self.table)), _NUM_PERM), dtype=np.uint32)
                table[:n0] = self.table[:n0]
                self.table = table
            a, b = _permutations()
            self.table[n0:n1] = _permute(_sha1_32(fresh)[:, None], a, b)
            row.update(zip(fresh, range(n0, n1)))
        at = np.fromiter(map(row.__getitem__, shingles), dtype=np.int64, count=len(shingles))
        starts = np.cumsum(counts) - np.asarray(counts)
        return np.minimum.reduceat(self.table[at], starts, axis=0)


def _lsh_pairs(sigs):
    """(later, earlier) index pairs of signatures that share a band, each pair once."""
    import numpy as np
    n = len(sigs)
    found = []
    for band in range(_LSH_BANDS):
        h = sigs[:, band * _LSH_ROWS:(band + 1) * _LSH_ROWS]
        c1 = (h[:, 0] << np.uint64(32)) | h[:, 1]
        c2 = (h[:, 2] << np.uint64(32)) | h[:, 3]
        order = np.lexsort((np.arange(n), c2, c1))
        c1, c2 = c1[order], c2[order]
        new = np.r_[True, (c1[1:] != c1[:-1]) | (c2[1:] != c2[:-1])]
        group_start = np.maximum.accumulate(np.where(new, np.arange(n), 0))
        # earlier members of the bucket, at most the _BUCKET_CAP earliest: a template sentence
        # whose place name changes in every report of a province fills a bucket with
        # thousands of variants, and pairing them all would grow with the square of the run
        rank = np.minimum(np.arange(n) - group_start, _BUCKET_CAP)
        total = int(rank.sum())
        if not total:
            continue
        later = np.repeat(order, rank)
        first = np.repeat(group_start, rank)
        step = np.arange(total) - np.repeat(np.cumsum(rank) - rank, rank)
        earlier = order[first + step]
        found.append(later.astype(np.int64) * n + earlier)   # ``order`` keeps index order in a bucket
    if not found:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    codes = np.sort(np.concatenate(found))       # np.unique, without its slower hashing path
    codes = codes[np.r_[True, codes[1:] != codes[:-1]]]
    return codes // n, codes % n


def _find_near(c: _Corpus) -> None:
    """Near-duplicate and contained sentences: MinHash LSH candidates, rapidfuzz confirms
    (all candidate pairs at once: ``cpdist`` for the ratio and the LCS bound)."""
    todo = [k for k, key in enumerate(c.keys) if len(key) >= _NEAR_MIN]
    if len(todo) < 2:
        return
    keys = [c.keys[k] for k in todo]
    later, earlier = _lsh_pairs(_minhashes(keys))
    _link_near(c, _confirmed(keys, later, earlier, todo))
    # earliest-starting texts first: ``_earliest_cross`` stops at the first group that
    # starts after the copy it already has
    for groups in c.near.values():
        groups.sort(key=lambda g: c.first_at[g[0]])


def _confirmed(keys: list[str], later, earlier, kids, figures=None) -> list[tuple[int, int, bool]]:
    """(later key id, earlier key id, near rather than contained) of the candidate pairs
    (positions in ``keys``; ``kids`` their key ids) that are near copies (ratio, same
    figures) or that one holds the other (partial ratio, same figures).  ``figures``: each
    key's ``tuple(_digits(key))`` when the caller has them."""
    import numpy as np
    from rapidfuzz import fuzz, process
    from rapidfuzz.distance import LCSseq

    if figures is None:
        figures = [tuple(_digits(k)) for k in keys]
    digit_ids: dict[tuple, int] = {}
    did = np.fromiter((digit_ids.setdefault(f, len(digit_ids)) for f in figures),
                      dtype=np.int64, count=len(keys))
    lens = np.fromiter((len(k) for k in keys), dtype=np.int64, count=len(keys))
    found: list[tuple[int, int, bool]] = []    # (later, earlier, near rather than contained)
    todo_arr = np.asarray(kids, dtype=np.int64)
    chunk = 1 << 18
    for p0 in range(0, len(later), chunk):
        K, J = later[p0:p0 + chunk], earlier[p0:p0 + chunk]
        A = [keys[k] for k in K.tolist()]
        B = [keys[j] for j in J.tolist()]
        ratio = process.cpdist(A, B, scorer=fuzz.ratio, dtype=np.float64)
        high = ratio >= _NEAR_RATIO
        near = high & (did[K] == did[J])
        # contained: short = the later key when not longer (as ``(a, b) if len(a) <= len(b)``)
        la, lb = lens[K], lens[J]
        ls, ll = np.minimum(la, lb), np.maximum(la, lb)
        maybe = np.flatnonzero(~high & (ls >= _CONTAIN_MIN) & (ls >= 0.4 * ll))
        contained = np.zeros(len(K), dtype=bool)
        if len(maybe):
            later_short = (la <= lb)[maybe].tolist()
            idx = maybe.tolist()
            short = [A[x] if f else B[x] for x, f in zip(idx, later_short)]
            long_ = [B[x] if f else A[x] for x, f in zip(idx, later_short)]
            # partial_ratio compares ``short`` with windows w of ``long_``: the score
            # 100 * 2 * L / (len(short) + len(w)), with L = LCS(short, w) <= len(w), reaches
            # _CONTAIN_RATIO only if (200 - ratio) * L >= ratio * len(short); and L is at
            # most the LCS of ``short`` with all of ``long_``
            lcs = process.cpdist(short, long_, scorer=LCSseq.similarity, dtype=np.int64)
            bound = (200 - _CONTAIN_RATIO) * lcs >= _CONTAIN_RATIO * ls[maybe]
            for y in np.flatnonzero(bound).tolist():
                s, l_ = short[y], long_[y]
                al = fuzz.partial_ratio_alignment(s, l_)
                if al and al.score >= _CONTAIN_RATIO and \
                        _digits(s) == _digits(l_[al.dest_start:al.dest_end]):
                    contained[maybe[y]] = True
        sel = np.flatnonzero(near | contained)
        found.extend(zip(todo_arr[K[sel]].tolist(), todo_arr[J[sel]].tolist(), near[sel].tolist()))
    return found


def _link_near(c: _Corpus, found) -> None:
    near_of = c.near
    for k, j, is_near in found:
        if is_near:
            near_of.setdefault(k, []).append((j, "near"))
            near_of.setdefault(j, []).append((k, "near"))
        elif len(c.keys[k]) <= len(c.keys[j]):
            near_of.setdefault(k, []).append((j, "in"))      # k is inside j
            near_of.setdefault(j, []).append((k, "holds"))   # j holds k
        else:
            near_of.setdefault(k, []).append((j, "holds"))
            near_of.setdefault(j, []).append((k, "in"))


_SCAN = 64  # candidates looked at per group: bounded work for a sentence shared by thousands


def _groups(c: _Corpus, ui: int):
    """(key, kind) of the texts sharing unit ``ui``'s text: its own key ("same"),
    near-duplicates ("near"), texts it lies in ("in") or holds ("holds").  The units of
    a key are sorted by document and position."""
    kid = c.units[ui].kid
    return chain(((kid, "same"),), c.near.get(kid, ()))


def _earliest_cross(c: _Corpus, ui: int):
    """The earliest copy of unit ``ui``'s text in another report, if it comes first: the
    first unit, in (document, position) order, of any group sharing the text that is in
    another report and not a copy adapted to that report.  Groups are scanned from the
    earliest-starting one and the scan stops once a group starts after the copy found."""
    u = c.units[ui]
    units = c.units
    best = None
    best_at = None
    own = (u.doc, u.report)
    here = (u.doc, u.start)
    for kid, kind in _groups(c, ui):
        at = c.first_at[kid]
        limit = here if best_at is None or here < best_at else best_at
        if at >= limit:
            if kind == "same":
                continue
            break          # near groups are sorted by ``first_at``: no later one can do better
        test = False       # built when first needed (False: not yet; None: no v is adapted)
        for n, vi in enumerate(c.key_units[kid]):
            v = units[vi]
            if n >= _SCAN or (v.doc, v.start) >= limit:
                break
            if (v.doc, v.report) == own:
                continue
            if test is False:
                test = _adaptation_test(c, u, kid) if kind == "near" else None
            if test is not None and test(v):
                continue
            best, best_at = (vi, kind), (v.doc, v.start)
            break
    return best


def _adapted_in(c: _Corpus, uis: list[int], target: tuple[int, int]) -> bool:
    """Does report ``target`` (doc, report) hold a copy of one of the units ``uis`` that was
    adapted to its report, among the copies a full scan of every group meets before its
    first unadapted copy?  (``_earliest_cross`` stops early; this is asked only for the
    paragraphs that become findings.)"""
    units = c.units
    in_target = c.doc_first.get(target[0], {})
    for ui in uis:
        u = units[ui]
        own = (u.doc, u.report)
        here = (u.doc, u.start)
        for kid, kind in _groups(c, ui):
            if kind != "near" or c.first_at[kid] >= here or kid not in in_target:
                continue     # only near groups are tested, and only one with a unit in ``target``
            met = []
            for n, vi in enumerate(c.key_units[kid]):
                v = units[vi]
                if n >= _SCAN or (v.doc, v.start) >= here:
                    break
                if (v.doc, v.report) != own:
                    met.append(v)
            if not any((v.doc, v.report) == target for v in met):
                continue
            test = _adaptation_test(c, u, kid)
            if test is None:
                continue
            for v in met:
                if not test(v):
                    break
                if (v.doc, v.report) == target:
                    return True
    return False


def _adaptation_test(c: _Corpus, u: _Unit, kid: int):
    """A test telling, for the units v of key ``kid``, whether v is a copy of u's sentence
    adapted to its own report: the wording that differs is vocabulary one report uses
    elsewhere (twice or more) and the other never does (a place, a project name), so the
    copy was edited for its project, not pasted blindly.  The bigrams that count (u's
    wording u's report uses twice or more: v's report must lack it; v's wording u's report
    never uses: v's report must repeat it) are settled on u's side as far as a test needs
    them and kept for the next v: the test is an "any", so the first bigram that tells
    ends it, and most v are told by an early one.  None when the keys are the same (no
    bigram differs); a test finding no bigram that counts is False for every v."""
    if c.keys[kid] == u.key:
        return None
    mine_counts = c.bigram_count.get((u.doc, u.report))
    if mine_counts is None:
        mine_counts = c.bigram_count[(u.doc, u.report)] = {}
    pending = iter(_edit_bigrams(c, u, c.keys[kid], kid))
    settled: list[tuple[str, bool]] = []     # the bigrams that count, with their side

    def test(v: _Unit) -> bool:
        counts = c.bigram_count.get((v.doc, v.report))
        if counts is None:
            counts = c.bigram_count[(v.doc, v.report)] = {}
        for g, mine in settled:
            n = counts.get(g)
            if n is None:
                n = _bigram_count(c, v.doc, v.report, g)
            if (not n) if mine else n >= 2:
                return True
        for g, mine in pending:      # (resumed where the last test stopped)
            n = mine_counts.get(g)
            if n is None:
                n = mine_counts[g] = _report_text(c, u.doc, u.report).count(g)
            if (n < 2) if mine else n:
                continue
            settled.append((g, mine))
            n = counts.get(g)
            if n is None:
                n = _bigram_count(c, v.doc, v.report, g)
            if (not n) if mine else n >= 2:
                return True
        return False
    return test


def _earliest_within(c: _Corpus, ui: int):
    """The earliest copy of unit ``ui``'s text in another paragraph of its own report."""
    u = c.units[ui]
    best = None
    in_doc = c.doc_first[u.doc]
    for kid, kind in _groups(c, ui):
        first = in_doc.get(kid)
        if first is None:
            continue     # no unit of this text in u's document
        group = c.key_units[kid]
        for n in range(first, min(len(group), first + _SCAN)):
            v = c.units[group[n]]
            if v.doc != u.doc or v.start >= u.start:
                break
            if v.report != u.report or v.para == u.para or v.abstract != u.abstract:
                continue
            b = c.units[best[0]] if best else None
            if b is None or v.start < b.start:
                best = (group[n], kind)
            break
    return best


def _copied_len(c: _Corpus, ui: int, vi: int, kind: str) -> int:
    if kind == "holds":
        return len(c.units[vi].key)
    return len(c.units[ui].key)


_CORPUS_CACHE: dict = {}


def _corpus(items) -> _Corpus:
    """The run's sentence index, built once for the rule and its summary."""
    ident = tuple(id(d) for d in items)
    if _CORPUS_CACHE.get("id") != ident:
        c = _build_units(items)
        _find_near(c)
        _CORPUS_CACHE.clear()
        _CORPUS_CACHE.update({"id": ident, "corpus": c, "items": list(items)})
    return _CORPUS_CACHE["corpus"]


def _report_text(c: _Corpus, di: int, ri: int) -> str:
    k = (di, ri)
    if k not in c.report_text:
        view = c.views[di]
        _, a, b = view.reports[min(ri, len(view.reports) - 1)]
        c.report_text[k] = view.original[a:b]
    return c.report_text[k]


def _edit_bigrams(c: _Corpus, u: _Unit, v_key: str, v_kid: int) -> tuple:
    """The Han bigrams around the edits from u's key to v's: (bigram, True when it is u's
    wording, False when v's), each pair once, cached per pair of keys."""
    k = (u.kid, v_kid)
    got = c.edit_bigrams.get(k)
    if got is None:
        from rapidfuzz.distance import Levenshtein
        if len(c.edit_bigrams) > 1_000_000:
            c.edit_bigrams.clear()
        a, b = u.key, v_key
        out = []
        # (as tuples: reading an Opcode's attributes costs more than the edit itself)
        for tag, src_start, src_end, dest_start, dest_end in Levenshtein.opcodes(a, b).as_list():
            if tag == "equal":
                continue
            for seg, mine in ((a[max(0, src_start - 1):src_end + 1], True),
                              (b[max(0, dest_start - 1):dest_end + 1], False)):
                # every (overlapping) Han bigram of the segment, in order (a key holds only
                # Han characters and ASCII letters and digits: Han is anything above ASCII)
                out.extend([(seg[i:i + 2], mine) for i in range(len(seg) - 1)
                            if seg[i] > "\x7f" and seg[i + 1] > "\x7f"])
        got = c.edit_bigrams[k] = tuple(dict.fromkeys(out))
    return got


def _bigram_count(c: _Corpus, di: int, ri: int, g: str) -> int:
    """``str.count`` of bigram ``g`` in the text of report ``ri`` of document ``di``, cached."""
    counts = c.bigram_count.get((di, ri))
    if counts is None:
        counts = c.bigram_count[(di, ri)] = {}
    n = counts.get(g)
    if n is None:
        n = counts[g] = _report_text(c, di, ri).count(g)
    return n


def _section_title(doc, offset, report, memo: dict) -> tuple[str, object | None, object | None, str | None]:
    """(kind, innermost heading, deciding heading, indicator code) of the section that
    governs ``offset``: kind is "problem", "specific" or "other"; the code is an
    indicator code (B4, D21) of the section, if any.  ``memo``: each heading's code and
    kind, read once per document (a heading heads many paths)."""
    heads = short_headings(doc, offset, report)
    inner = heads[0] if heads else None
    code = kind = decide = None
    for h in heads:
        got = memo.get(id(h))
        if got is None:
            t = h.title
            got = memo[id(h)] = (indicator_code(t), "problem" if _PROBLEM_SECTION.search(t)
                                 else "specific" if _SPECIFIC_SECTION.search(t) else None)
        code = code or got[0]
        if kind is None and got[1] is not None:
            kind, decide = got[1], h
    return kind or "other", inner, decide, code


def _span_of(c: _Corpus, uis: list[int]) -> tuple[int, int]:
    return min(c.units[i].start for i in uis), max(c.units[i].end for i in uis)


@register("text.boilerplate",
          "套话与照搬：兄弟报告间相同的存在问题/整改措施、报告内段落照搬到无关指标 / boilerplate",
          scope="corpus")
def boilerplate(items):
    """``items``: one ``BoilerplateView`` per document (``prepare``), or the documents."""
    items = list(items)
    if not items:
        return
    c = _corpus(items)
    yield from _template_list(c)
    yield from _scan(c, sorted(c.para_units))


def _template_list(c) -> list:
    """(document index, Finding) for the template instructions found per document."""
    return [(di, f) for di, view in enumerate(c.views) if view is not None for f in view.template]


def _boilerplate_split(items, n: int) -> CorpusSplit:
    """The index is built here (the engine calls this in its own process, so the parts
    inherit it and the summary reuses it); the paragraphs, in the order the whole rule
    scans them, are cut into ``n`` runs of about equal numbers of sentences, scanned apart
    and joined in order.  The scan only reads the index (its caches are memos)."""
    items = list(items)
    if not items:
        return CorpusSplit([], lambda outputs: [])
    c = _corpus(items)
    paras = sorted(c.para_units)
    total = sum(len(c.para_units[pk]) for pk in paras)
    runs: list[list] = [[]]
    done = 0
    for pk in paras:
        if done >= total * len(runs) / max(1, n) and len(runs) < n:
            runs.append([])
        runs[-1].append(pk)
        done += len(c.para_units[pk])
    parts = [partial(_scan_list, c, run) for run in runs if run]
    # the template instructions were found per document: the join puts them first, as the
    # whole rule does
    return CorpusSplit(parts, lambda outputs: _template_list(c) + [x for out in outputs for x in out])


def _scan_list(c: _Corpus, paras: list) -> list:
    return list(_scan(c, paras))


def _scan(c: _Corpus, paras):
    """(document index, Finding) for the given paragraphs ((doc, para) keys) that copy text."""
    for pk in paras:
        uis = c.para_units[pk]
        di, pi = pk
        view = c.views[di]
        facts = view.paras[pi]
        if not facts.total:
            continue
        # only a later copy of an earlier text is reported
        cross: dict[int, tuple[int, str]] = {}
        within: dict[int, tuple[int, str]] = {}
        for ui in uis:
            x = _earliest_cross(c, ui)
            if x:
                cross[ui] = x
            y = _earliest_within(c, ui)
            if y:
                within[ui] = y
        for mode, matched in (("cross", cross), ("within", within)):
            if not matched:
                continue
            copied = sum(_copied_len(c, ui, vi, kind) for ui, (vi, kind) in matched.items())
            coverage = copied / facts.total
            if coverage < _MIN_COVERAGE or copied < _MIN_COPIED:
                continue
            if mode == "cross":
                f = _cross_finding(c, view, di, facts, matched, coverage, uis)
            else:
                f = _within_finding(c, view, facts, matched, coverage)
            if f is not None:
                yield di, f


def _main_partner(c: _Corpus, matched) -> tuple[int, int, int]:
    """(doc, report, paragraph) that most of the copied sentences come from."""
    votes: dict[tuple[int, int, int], int] = {}
    for ui, (vi, _) in matched.items():
        v = c.units[vi]
        votes[(v.doc, v.report, v.para)] = votes.get((v.doc, v.report, v.para), 0) + len(c.units[ui].key)
    return max(votes, key=lambda k: (votes[k], -k[0], -k[2]))


def _report_name(report) -> str:
    if report is None:
        return ""
    return report.fields.get("项目名称", (report.title,))[0] or report.title


def _cross_finding(c, view, di, facts, matched, coverage, para_units):
    if facts.kind == "other":
        return None   # (asked first: it spares most paragraphs their excerpt)
    uis = sorted(matched)
    start, end = _span_of(c, uis)
    if _digits(_YEAR.sub("", view.excerpt(start, end))):
        return None  # figures (standards, amounts) legitimately shared by sibling projects
    src_doc, src_rep, src_para = _main_partner(c, matched)
    tailored = _adapted_in(c, para_units, (src_doc, src_rep))   # part of the paragraph was edited for this project
    src = c.views[src_doc]
    src_units = [vi for _, (vi, _) in matched.items() if c.units[vi].doc == src_doc
                 and c.units[vi].para == src_para]
    s0, s1 = _span_of(c, src_units)
    exact = all(k == "same" for _, k in matched.values())
    section = facts.decide
    if src_doc == di:
        other_name = src.reports[src_rep][0] if src_rep < len(src.reports) else ""
        where = f"同一文件中另一份报告{('“' + other_name + '”') if other_name else ''}"
        related = [(s0, s1, "first_copy")]
    else:
        where = f"文件 {src.path} "
        related = []
    name = view.reports[facts.report][0] if facts.report < len(view.reports) else ""
    msg = (f"套话：本段 {coverage:.0%} 的文字与{where}中的段落{'逐字' if exact else '几乎'}相同"
           + (f"，“{section}”本应针对本项目{('“' + name + '”') if name else ''}" if section else "")
           + "。")
    if tailored:
        msg = msg[:-1] + "（段内部分文字已按本项目改写）。"
    return make_finding(
        view, "text.boilerplate", start, end, msg,
        confidence="likely" if facts.kind == "problem" and not tailored else "possible", severity="warning",
        related=related,
        evidence={"scope": "cross_report", "section": section, "coverage": round(coverage, 3),
                  "verbatim": exact, "tailored": tailored, "source_path": src.path,
                  "source_excerpt": src.excerpt(s0, s1)[:200]})


def _within_finding(c, view, facts, matched, coverage):
    uis = sorted(matched)
    start, end = _span_of(c, uis)
    src_doc, src_rep, src_para = _main_partner(c, matched)
    src_units = [vi for _, (vi, _) in matched.items() if c.units[vi].para == src_para]
    s0, s1 = _span_of(c, src_units)
    sfacts = view.paras[src_para]
    own, sown = facts.label, sfacts.label
    code = (indicator_code(own) if own else None) or facts.code
    scode = (indicator_code(sown) if sown else None) or sfacts.code
    if facts.inner and sfacts.inner and text_key(facts.inner) == text_key(sfacts.inner) \
            and not (own or sown):
        return None  # the same section written twice (summary and body)
    if _RESTATING_SECTION.search(facts.inner) or _RESTATING_SECTION.search(sfacts.inner):
        return None  # a conclusion or summary restates the analysis by design
    if code and scode and code[:2] == scode[:2]:
        return None  # two places evaluating the same indicator
    if facts.inner_at == sfacts.inner_at and not own:
        return None
    exact = all(k == "same" for _, k in matched.values())
    indicator = bool(own) or bool(code) or bool(re.search(r"权重|得分|分值", facts.inner))
    # an indicator quoting the section it is about (立项依据 ← 立项背景和依据) is no paste
    indicator = indicator and not _same_topic(own or facts.inner, sown or sfacts.inner)
    here = own or facts.inner or "此处"
    there = sown or sfacts.inner or "前文"
    msg = (f"照搬：“{here}”下本段 {coverage:.0%} 的文字与“{there}”中的段落{'逐字' if exact else '几乎'}相同"
           + ("，指标的评价内容应说明该指标本身的完成情况。" if indicator else "。"))
    return make_finding(
        view, "text.boilerplate", start, end, msg,
        confidence="likely" if indicator else "possible", severity="warning",
        related=[(s0, s1, "first_copy")],
        evidence={"scope": "within_report", "section": here, "source_section": there,
                  "coverage": round(coverage, 3), "verbatim": exact})


# two-character words too general to tie a section to an indicator
_GENERIC_BIGRAMS = frozenset("管理 情况 工作 项目 指标 分析 评价 绩效 完成 实施 基本 主要 相关 进一步 "
                             "权重 得分 实际 分值 方面 目标 问题 建设 提高 加强".split())


def _same_topic(a: str, b: str) -> bool:
    """Do two section or indicator names share a topic word (two Han characters, other
    than generic ones such as 管理、情况)?"""
    def words(t):
        t = re.sub(r"[(（][^)）]*[)）]", "", t)
        return {t[i:i + 2] for i in range(len(t) - 1) if re.fullmatch(r"\p{Han}{2}", t[i:i + 2])} \
            - _GENERIC_BIGRAMS
    return bool(words(a) & words(b))


_LEAD_CODE = re.compile(r"^\s*(?:\d{1,2}\s*[.、．]\s*)?[A-Z]\d{1,3}(?![\d.])")
_SCORE_PAREN = re.compile(r"[(（][^()（）]{0,16}(?:权重|得分|分值)[^()（）]{0,16}[)）]")


def _indicator_label(doc, para) -> str | None:
    """The indicator a paragraph evaluates when it opens with one: an indicator code
    (D21 …) or a name followed by its score (…（权重分 10 分，实际得分 10 分））."""
    t = para.text.strip()
    lead = t[:60]
    # (the score's words, which _SCORE_PAREN needs, spare it the other paragraphs)
    sp = _SCORE_PAREN.search(lead) if "权重" in lead or "得分" in lead or "分值" in lead else None
    if _LEAD_CODE.match(t) or sp:
        end = sp.start() if sp else len(lead)
        label = re.split(r"[。；;，,：:]", lead[:end])[0].strip()
        return label or None
    return None


def _shares(items):
    """Per document, the fraction of its prose (key characters of its sentences) that is
    found elsewhere in the run: ``boilerplate_share`` counts text found in any other
    report — another file, or a sibling report in the same file, which is where a
    multi-report file's copies are; ``boilerplate_share_other_files`` counts only text
    found in other files.  A multi-report file also gets the share of each report."""
    items = list(items)
    if not items:
        return []
    c = _corpus(items)
    found_doc: dict[int, int] = {}
    found_rep: dict[tuple[int, int], int] = {}
    for ui, u in enumerate(c.units):
        other_doc = other_rep = False
        for kid, _ in _groups(c, ui):
            group = c.key_units[kid]
            # units of a key are sorted by (document, position) and a report is a
            # contiguous range, so the two ends tell whether any member lies elsewhere
            first, last = c.units[group[0]], c.units[group[-1]]
            if first.doc != u.doc or last.doc != u.doc:
                other_doc = other_rep = True
                break
            if first.report != u.report or last.report != u.report:
                other_rep = True
        if other_doc:
            found_doc[u.doc] = found_doc.get(u.doc, 0) + len(u.key)
        if other_rep:
            found_rep[(u.doc, u.report)] = found_rep.get((u.doc, u.report), 0) + len(u.key)
    out = []
    for di, view in enumerate(c.views):
        if view is None:
            continue
        total = view.total
        in_reports = sum(v for (d, _), v in found_rep.items() if d == di)
        out.append((di, "boilerplate_share", round(in_reports / total, 4) if total else 0.0))
        out.append((di, "boilerplate_share_other_files", round(found_doc.get(di, 0) / total, 4) if total else 0.0))
        if len(view.reports) > 1:
            totals: dict[int, int] = {}
            for facts in view.paras.values():
                totals[facts.report] = totals.get(facts.report, 0) + facts.total
            out.append((di, "boilerplate_share_by_report", [
                {"report": ri, "title": name,
                 "share": round(found_rep.get((di, ri), 0) / totals[ri], 4) if totals.get(ri) else 0.0}
                for ri, (name, _, _) in enumerate(view.reports)]))
    _CORPUS_CACHE.clear()   # the engine asks for the summary last: free the run's index
    return out


boilerplate.prepare = prepare_view
boilerplate.summarize = _shares
boilerplate.split = _boilerplate_split
boilerplate.incremental = _BoilerplateIndex


# A conclusion claiming every target met (not 基本/部分/未) …
_ALL_MET = re.compile(r"(?<!基本|部分|大部分|未|没有|尚未|未能|未全部)(?:全面|全部|圆满|均已|均)?"
                      r"(?:实现|完成|达到|达成)了?(?:预期|年度|既定|全部|各项)?(?:绩效)?目标")


def _conclusion_against_forms(doc):
    """… while the report's own self-evaluation form shows a target missed: only a hint
    (``possible``), since a conclusion may weigh a small shortfall as acceptable."""
    from ..extract.targets import form_targets
    for r in doc.reports or [None]:
        lo, hi = (r.start, r.end) if r else (0, len(doc.text))
        missed, _ = form_targets(doc, lo, hi)
        if not missed:
            continue
        name, tcell, acell = missed[0]
        for s in doc.sentences:
            if not lo <= s.start < hi:
                continue
            heads = short_headings(doc, s.start, r)
            if not heads or "结论" not in heads[0].title:
                continue
            m = _ALL_MET.search(s.text)
            if not m:
                continue
            yield make_finding(
                doc, "text.contradiction", s.start + m.start(), s.start + m.end(),
                f"结论称“{m.group(0)}”，但本报告自评表中“{name}”目标值 {tcell.text.strip()}、"
                f"实际完成 {acell.text.strip()}，并未全部达到。",
                confidence="possible", severity="info",
                related=[(tcell.start, tcell.end, "target"), (acell.start, acell.end, "actual")],
                evidence={"claim": m.group(0), "indicator": name, "missed": len(missed)})
