"""Family text: what a proof-reader catches.

``text.duplicate_char``: a character typed twice (市市直机关, 县城城镇职工) where the
doubling is not a legitimate reduplication (常常, 人人, 认认真真) and not two words
that merely meet (城乡居民|民生).  The jieba segmentation decides: a doubled
character is suspicious when one of the two copies stands alone as a token
next to a word that starts or ends with the same character.
"""
from __future__ import annotations

import regex as re

from ..findings import make_finding
from ..nlp import lexicon
from . import register

_DOUBLE = re.compile(r"(\p{Han})\1")


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
