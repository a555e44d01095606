"""Named things in a report: insurance schemes, regions, organisations, and the report's subject.

Matching is done on characters, not tokens (jieba splits 铁山区域 as 铁山区|域 and would hide the
mention from a token matcher): every lexicon name is looked up with a first-two-characters index
over ``doc.text``, leftmost-longest.  All spans are offsets into ``doc.text`` (the normalized view).

* SCHEME: ``lexicons/schemes.tsv`` (险种 and aliases, with branch and population so that 职工 vs
  居民 conflicts can be decided; 城镇居民医保 and 新农合 are predecessors of 城乡居民医保).
* REGION: ``lexicons/regions.tsv`` (province/city/county names generated from cpca's adcodes, with
  parent codes for the hierarchy), their short form before an area word (铁山区域), and unknown
  names before a place suffix of ``lexicons/place_suffixes.txt`` (章山区域, 宁州镇) when jieba tags
  the name part as a name.  Consecutive places make one compound mention (开发区章山区域).
* ORG: a region followed by an organisation ending of ``lexicons/org_suffixes.txt``
  (开发区·铁山区医疗保障局).  A region inside an organisation name is not a region mention.
* Subject: per report, the scheme / region / project the report is about, from its title and
  header fields (项目名称, 部门名称, 填报单位, 项目单位 ...), every 项目名称 line it prints (the
  score table and the cover both carry one), and for regions the dominant body mention.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
import bisect
import itertools
import re as _stdre
from functools import lru_cache

from auditor import rx as re

from ..nlp import lexicon, lexicon_rows, posseg, segmenter


# ---------------------------------------------------------------------------- lexicons


@dataclass(frozen=True)
class Scheme:
    id: str
    branch: str
    population: str      # employee | resident | urban_resident | rural | ""
    canonical: str
    form: str            # full | short | bare

    @property
    def lineage(self) -> str:
        """Population line: the merged resident scheme and its two predecessors are one line."""
        if self.population in ("resident", "urban_resident", "rural"):
            return "resident"
        return self.population

    def conflicts(self, other: "Scheme") -> bool:
        """Do the two schemes exclude each other (same branch, employee vs resident line)?"""
        return (self.branch == other.branch and bool(self.lineage) and bool(other.lineage)
                and self.lineage != other.lineage)


@dataclass(frozen=True)
class Region:
    name: str
    adcode: str
    level: str           # province | city | county
    parent: str          # adcode of the nearest real unit above ("" for provinces)
    short: str

    def ancestors(self) -> list[str]:
        out, code = [], self.parent
        idx = region_index()
        while code:
            out.append(code)
            r = idx.by_code.get(code)
            code = r.parent if r else ""
        return out


class _NameIndex:
    """Leftmost-longest exact lookup of many names (two characters or more) in a text.

    Two ways, chosen by the names (both give the same result; a Python loop over every
    position of the text cost more than all the rest of entity extraction):

    * names that start with a few characters only (schemes: 城 职 医 …): one regular
      expression, the names as a trie (at each position the longest name wins);
    * otherwise (places start with any character but end in a handful: 县 区 市 …): the
      candidates are found from their last character with one compiled character class,
      and the names ending there are looked up by their last two characters and their
      lengths (a set lookup per length, not a comparison per name).
    """

    _TRIE_MAX_FIRST = 32    # a trie alternation over more first characters is slow

    def __init__(self, names, trie: bool | None = None):
        self.by_tail: dict[str, list[str]] = {}
        for n in set(names):
            if len(n) >= 2:
                self.by_tail.setdefault(n[-2:], []).append(n)
        for v in self.by_tail.values():
            v.sort(key=len, reverse=True)
        all_names = [n for v in self.by_tail.values() for n in v]
        if trie is None:
            trie = len({n[0] for n in all_names}) <= self._TRIE_MAX_FIRST
        self._trie = _stdre.compile(trie_pattern(all_names)) if trie and all_names else None
        # last two characters -> (the names, their lengths longest first)
        self._by_tail_len = {t: (frozenset(v), sorted({len(n) for n in v}, reverse=True))
                             for t, v in self.by_tail.items()}
        lasts = sorted({t[-1] for t in self.by_tail})
        # a plain character class: the standard library's ``re`` scans for it faster
        self._last = _stdre.compile("[" + "".join(_stdre.escape(c) for c in lasts) + "]") if lasts else None

    def finditer(self, text: str, start: int = 0, end: int | None = None):
        """(start, end, name) of the names inside ``text[start:end]``, scanning left to
        right and taking the longest name at each position."""
        end = len(text) if end is None else end
        if self._last is None:
            return
        if self._trie is not None:
            for m in self._trie.finditer(text, start, end):
                yield m.start(), m.end(), m.group()
            return
        longest: dict[int, int] = {}      # start -> length of the longest name there
        by_tail_len = self._by_tail_len
        for m in self._last.finditer(text, start + 1, end):
            e = m.end()
            got = by_tail_len.get(text[e - 2:e])
            if got is None:
                continue
            names, lengths = got
            for k in lengths:
                s = e - k
                if s >= start and k > longest.get(s, 0) and text[s:e] in names:
                    longest[s] = k
        pos = start
        for s in sorted(longest):
            if s >= pos:
                pos = s + longest[s]
                yield s, pos, text[s:pos]


def trie_pattern(names) -> str:
    """A regular expression matching any of ``names``, the longest where several
    start at the same place: one branch per character, a name's end optional."""
    trie: dict = {}
    for n in names:
        node = trie
        for c in n:
            node = node.setdefault(c, {})
        node[""] = {}

    def build(node) -> str:
        alts = [_stdre.escape(c) + build(child) for c, child in sorted(node.items()) if c]
        if not alts:
            return ""
        body = "(?:" + "|".join(alts) + ")"
        return body + "?" if "" in node else body

    return build(trie)


@lru_cache(maxsize=1)
def scheme_lexicon() -> dict[str, Scheme]:
    out = {}
    for row in lexicon_rows("schemes.tsv"):
        alias, sid, branch, population, canonical, form = (list(row) + [""] * 6)[:6]
        out[alias] = Scheme(sid, branch, population, canonical, form or "full")
    return out


@lru_cache(maxsize=1)
def _scheme_index() -> _NameIndex:
    return _NameIndex(scheme_lexicon())


@dataclass
class RegionIndex:
    by_name: dict[str, list[Region]]
    by_short: dict[str, list[Region]]
    by_code: dict[str, Region]
    names: _NameIndex


@lru_cache(maxsize=1)
def region_index() -> RegionIndex:
    by_name: dict[str, list[Region]] = {}
    by_short: dict[str, list[Region]] = {}
    by_code: dict[str, Region] = {}
    for row in lexicon_rows("regions.tsv"):
        name, code, level, parent, short = (list(row) + [""] * 5)[:5]
        r = Region(name, code, level, parent, short)
        by_code[code] = r
        by_name.setdefault(name, []).append(r)
        if short:
            by_short.setdefault(short, []).append(r)
    # Names a reader would not take as a place out of context: generic unit words, and
    # two-character county names that are also common bigrams (和县 in 和县级, 高县 in 提高县级).
    usable = [n for n in by_name if len(n) >= 3 and n not in _GENERIC_REGION_NAMES]
    return RegionIndex(by_name, by_short, by_code, _NameIndex(usable))


_TWO_CHAR_STOP = set("级城委长直属域份情里内外乡镇区市")
_CONJUNCTIONS = set("和与及并或")
_CLOSING_MARKS = set(")）]】”’》」』")


@lru_cache(maxsize=1)
def _two_char_re():
    idx = region_index()
    names = sorted(n for n in idx.by_name if len(n) == 2 and n[-1] == "县" and n not in _GENERIC_REGION_NAMES)
    # every name is one character + 县, so a class of those characters then 县 matches exactly
    # the same spans as the alternation of the names; the standard library's ``re`` scans for
    # it more than ten times faster than ``regex`` does for the alternation
    firsts = "".join(sorted({_stdre.escape(n[0]) for n in names}))
    return _stdre.compile("[" + firsts + "]县" if firsts else "(?!)")


_GENERIC_REGION_NAMES = {"城区", "郊区", "矿区", "新区", "东区", "西区", "市中区", "城中区", "新城区"}


@lru_cache(maxsize=1)
def _place_suffixes() -> dict[str, str]:
    return {r[0]: (r[1] if len(r) > 1 else "area") for r in lexicon_rows("place_suffixes.txt")}


@lru_cache(maxsize=1)
def _org_suffix_re():
    alts = sorted(lexicon("org_suffixes.txt"), key=len, reverse=True)
    # the organisation's own name may run on for a few characters (财政局, 医疗保障事业管理中心)
    return re.compile(r"[·\p{Han}]{0,12}?(?:" + "|".join(map(re.escape, alts)) + ")")


@lru_cache(maxsize=1)
def cues() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for row in lexicon_rows("entity_cues.tsv"):
        if len(row) >= 2:
            out.setdefault(row[1], set()).add(row[0])
    return out


# ---------------------------------------------------------------------------- mentions


@dataclass
class Mention:
    kind: str                    # SCHEME | REGION | ORG
    start: int
    end: int
    text: str
    scheme: Scheme | None = None
    regions: tuple[Region, ...] = ()   # candidate divisions (a name can be ambiguous)
    key: str = ""                # canonical comparison key (scheme id / place name)
    source: str = ""             # lexicon | short | pattern | compound


_AREA_WORDS = ("区域", "片区", "地区", "辖区", "境内", "范围内")
_AREA_RE = _stdre.compile("|".join(_AREA_WORDS))   # literal words: ``re`` scans twice as fast
_NAME_FLAGS = {"ns", "nr", "nrt", "nrfg", "nz", "nt", "j"}
# characters that cannot be inside a place name: they end the name on the left
_NOT_IN_NAME = set("的了和与及或是在对为于由将向把被从按等各全本该我其此每所有无")
_HAN2 = re.compile(r"\p{Han}{2}")


def find_schemes(text: str, start: int = 0, end: int | None = None) -> list[Mention]:
    lex = scheme_lexicon()
    return [Mention("SCHEME", s, e, n, scheme=lex[n], key=lex[n].id, source="lexicon")
            for s, e, n in _scheme_index().finditer(text, start, end)]


def find_regions(text: str, merge: bool = True, names=None) -> list[Mention]:
    """Region mentions: lexicon names, short name + area word, unknown name + place suffix.
    ``merge=False``: the single places, before adjacent ones are joined into compounds.
    ``names``: ``region_index().names.finditer(text)`` when already listed."""
    idx = region_index()
    found: list[Mention] = []
    taken = [False] * (len(text) + 1)

    def add(m: Mention):
        if any(taken[m.start:m.end]):
            return
        for k in range(m.start, m.end):
            taken[k] = True
        found.append(m)

    # 1. short name + area word (铁山区域): checked first because the full name 铁山区 is a prefix
    for m in _AREA_RE.finditer(text):
        for n in range(5, 1, -1):       # longest short name first
            s = m.start() - n
            if s < 0:
                continue
            regs = idx.by_short.get(text[s:m.start()])
            if regs and _token_boundary(text, s):
                add(Mention("REGION", s, m.end(), text[s:m.end()], regions=tuple(regs),
                            key=regs[0].name, source="short"))
                break
    # 2. full names (惠州市, 华宁县)
    for s, e, n in idx.names.finditer(text) if names is None else names:
        add(Mention("REGION", s, e, n, regions=tuple(idx.by_name[n]), key=n, source="lexicon"))
    # 2b. two-character county names (南县, 和县) only where they cannot be a bigram of the
    # sentence: after a line start, punctuation or their own city's name (益阳市南县), and
    # not before 级/城/委/长… (新县城, 提高县级, 和县委书记)
    for m in _two_char_re().finditer(text):
        s, e = m.start(), m.end()
        if any(taken[s:e]) or text[e:e + 1] in _TWO_CHAR_STOP:
            continue
        regs = idx.by_name[m.group()]
        prev = text[s - 1:s]
        if m.group()[0] in _CONJUNCTIONS and prev in _CLOSING_MARKS:
            continue  # after a closed phrase the first character joins it to the next (…档案）和县档案馆)
        if prev and re.match(r"\p{Han}", prev) and not any(
                (p := idx.by_code.get(r.parent)) and text.endswith(p.name, 0, s) for r in regs):
            continue
        add(Mention("REGION", s, e, m.group(), regions=tuple(regs), key=m.group(), source="lexicon"))
    # 2c. a short name right after its parent's full name, where no word goes on (a form's
    # cell 巴彦淖尔市临河 ): the parent makes it a place; 昆明市盘龙江 (a river) is not one
    for p in [m for m in found if m.source == "lexicon"]:
        for n in range(5, 1, -1):
            e = p.end + n
            # the short-name lookup first: it fails for nearly every n (the tests are all pure)
            shorts = idx.by_short.get(text[p.end:e])
            if not shorts or e > len(text) or any(taken[p.end:e]) or re.match(r"\p{Han}", text[e:e + 1]):
                continue
            codes = {r.adcode for r in p.regions}
            regs = [r for r in shorts if r.parent in codes]
            if regs:
                add(Mention("REGION", p.end, e, text[p.end:e], regions=tuple(regs), key=regs[0].name,
                            source="short"))
                break
    # 3. unknown names before a place suffix (章山区域, 宁州镇)
    for m in _unknown_places(text, taken):
        add(m)
    found.sort(key=lambda m: m.start)
    return _merge_compounds(text, found) if merge else found


@lru_cache(maxsize=1)
def _suffix_re():
    alts = sorted(_place_suffixes(), key=len, reverse=True)
    # literal words, longest first: the same matches in ``re``, which scans twice as fast
    return _stdre.compile("(?:" + "|".join(map(_stdre.escape, alts)) + ")")


def _unknown_places(text: str, taken: list[bool]) -> list[Mention]:
    out = []
    for m in _suffix_re().finditer(text):
        s = m.start()
        if taken[s] or s < 2:
            continue
        # a name of 2+ characters always holds the two just before the suffix: when they
        # cannot be part of one, skip the segmentation and jieba's POS pass
        if taken[s - 1] or taken[s - 2] or text[s - 1] in _NOT_IN_NAME \
                or text[s - 2] in _NOT_IN_NAME or not _HAN2.fullmatch(text, s - 2, s):
            continue
        if not _token_boundary(text, s):
            continue          # 城乡 / 城镇 / 乡镇: the suffix is glued into a common word
        window_start = max(0, s - 8)
        window = text[window_start:s]
        toks = _pos_tags(window)
        name = ""
        for tok in reversed(toks):
            w, flag = tok.word, tok.flag
            if flag not in _NAME_FLAGS or any(c in _NOT_IN_NAME for c in w) or not re.fullmatch(r"\p{Han}+", w):
                break
            if len(name) + len(w) > 6:
                break
            name = w + name
        if len(name) < 2 or any(taken[s - len(name):s]):
            continue
        start = s - len(name)
        out.append(Mention("REGION", start, m.end(), text[start:m.end()], key=text[start:m.end()],
                           source="pattern"))
    return out


@lru_cache(maxsize=16384)
def _pos_tags(window: str) -> tuple:
    """jieba's (word, POS flag) pairs for a short window (cached: windows recur)."""
    return tuple(posseg().cut(window))


def _merge_compounds(text: str, found: list[Mention]) -> list[Mention]:
    """Adjacent places make one mention: 开发区章山区域, 惠州市惠城区 (key = the innermost)."""
    out: list[Mention] = []
    i = 0
    while i < len(found):
        m = found[i]
        # a generic zone word right before the place (开发区章山区域, 高新区XX街道)
        zs = _zone_prefix(text, m.start)
        if zs is not None:
            m = Mention("REGION", zs, m.end, text[zs:m.end], regions=m.regions, key=m.key,
                        source="compound")
        j = i + 1
        while j < len(found) and found[j].start == m.end:
            nxt = found[j]
            m = Mention("REGION", m.start, nxt.end, text[m.start:nxt.end],
                        regions=nxt.regions or m.regions, key=nxt.key, source="compound")
            j += 1
        out.append(m)
        i = j
    return out


_ZONE_PREFIX = re.compile(r"(?:经济技术开发区|经济开发区|高新技术产业开发区|开发区|高新区|经开区|新区)$")


def _zone_prefix(text: str, start: int) -> int | None:
    m = _ZONE_PREFIX.search(text, max(0, start - 12), start)
    if m and m.end() == start:
        return m.start()
    return None


def started_atoms(doc) -> list[Mention]:
    """The place atoms naming a division that start a word (``place_start``), found once per
    document: the home, the foreign places and the unit pairs all read them."""
    got = doc.__dict__.get("_auditor_started_atoms")
    if got is None:
        text = doc.text
        got = doc.__dict__["_auditor_started_atoms"] = [
            m for m in entities(doc).atoms if m.regions and place_start(text, m)]
    return got


def place_start(text: str, m) -> bool:
    """Does the place atom ``m`` start a word: a jieba boundary, or right after the full name of
    its own parent (上海市浦东新区, which jieba keeps as one word)?"""
    if _token_boundary(text, m.start):
        return True
    by_code = region_index().by_code
    return any((p := by_code.get(r.parent)) is not None and text.endswith(p.name, 0, m.start)
               for r in m.regions)


def _token_boundary(text: str, pos: int, context: int = 4) -> bool:
    """Does jieba put a word boundary at ``pos`` (judged on a few characters around it)?"""
    if pos <= 0 or pos >= len(text):
        return True
    lo = max(0, pos - context)
    # do not let the window start inside the previous line
    nl = text.rfind("\n", lo, pos)
    if nl >= 0:
        lo = nl + 1
    hi = min(len(text), pos + context)
    nl = text.find("\n", pos, hi)
    if nl >= 0:
        hi = nl
    return boundary_in(text[lo:hi], pos - lo)


@lru_cache(maxsize=16384)
def boundary_in(window: str, at: int) -> bool:
    """Is there a jieba word boundary at offset ``at`` of ``window``?  (Cached: the same
    few characters around a place name recur across a folder of reports.)"""
    if _no_word_across(window, at):
        return True
    k = 0
    for w in segmenter().cut(window, HMM=False):
        if k == at:
            return True
        if k > at:
            return False
        k += len(w)
    return k == at


# jieba's block characters (``jieba.re_han_default``) and its one-character English tokens,
# which it glues together (``re_eng``)
_JIEBA_BLOCK = _stdre.compile("[\u4E00-\u9FD5a-zA-Z0-9+#&._%\\-]")
_JIEBA_ENG = _stdre.compile("[a-zA-Z0-9]")


def _no_word_across(window: str, at: int) -> bool:
    """True when jieba (no HMM) surely cuts ``window`` at ``at``, decided without segmenting:
    the two characters lie in different blocks, or no dictionary word of jieba's DAG (walked
    from every start before ``at`` as ``get_DAG`` walks) spans the cut, so every route
    passes through it, and the two are not one-character English tokens jieba would glue.
    False: undecided (the segmentation decides)."""
    if at <= 0 or at >= len(window):
        return False
    a, b = window[at - 1], window[at]
    in_a, in_b = _JIEBA_BLOCK.match(a) is not None, _JIEBA_BLOCK.match(b) is not None
    if in_a != in_b:
        return True
    if not in_a or (_JIEBA_ENG.match(a) and _JIEBA_ENG.match(b)):
        return False
    freq = segmenter().dt.FREQ
    n = len(window)
    for k in range(at):
        i, frag = k, window[k]
        while i < n and frag in freq:
            if i >= at and freq[frag]:
                return False
            i += 1
            frag = window[k:i + 1]
    return True


def find_orgs(text: str, regions: list[Mention]) -> list[Mention]:
    """Organisations whose name starts with a region (华宁县财政局, 开发区·铁山区医疗保障局)."""
    orgs = []
    suf = _org_suffix_re()
    for r in regions:
        m = suf.match(text, r.end)
        if not m or not _token_boundary(text, m.end()):
            continue          # 委托, 局面: the ending is the start of another word
        start = r.start
        # 开发区·铁山区医疗保障局: a zone or place joined by "·" belongs to the same name
        k = start
        while k > 0 and text[k - 1] in "·•・":
            pm = re.search(r"[\p{Han}]{1,8}$", text[max(0, k - 9):k - 1])
            if not pm:
                break
            k = k - 1 - len(pm.group(0))
        start = k
        orgs.append(Mention("ORG", start, m.end(), text[start:m.end()], regions=r.regions,
                            key=text[start:m.end()], source="pattern"))
    return orgs


# ---------------------------------------------------------------------------- per document


@dataclass
class Entities:
    schemes: list[Mention]
    regions: list[Mention]        # region mentions outside organisation names
    orgs: list[Mention]
    citations: list[tuple[int, int]]   # 《…》 spans (policy documents, laws)
    atoms: list[Mention] = field(default_factory=list)   # single places, also inside orgs

    def in_citation(self, start: int, end: int) -> bool:
        return any(a <= start and end <= b for a, b in self.citations)

    def in_org(self, start: int, end: int) -> bool:
        return any(o.start <= start and end <= o.end for o in self.orgs)


def region_names(doc) -> list[tuple[int, int, str]]:
    """The lexicon's full place names in ``doc.text`` (``RegionIndex.names``), listed once
    per document: the mentions and the renamed-division check both read them."""
    got = doc.__dict__.get("_auditor_region_names")
    if got is None:
        got = doc.__dict__["_auditor_region_names"] = list(region_index().names.finditer(doc.text))
    return got


def citation_spans(text: str) -> list[tuple[int, int]]:
    """Spans of 《…》 titles (the brackets included); an unclosed one runs at most 120 chars."""
    out = []
    for m in re.finditer(r"《[^《》]{0,120}》", text):
        out.append((m.start(), m.end()))
    return out


def entities(doc) -> Entities:
    """All entity mentions of ``doc`` (computed once per document)."""
    cached = doc.__dict__.get("_auditor_entities")
    if cached is not None:
        return cached
    text = doc.text
    atoms = find_regions(text, merge=False, names=region_names(doc))
    regions_all = _merge_compounds(text, list(atoms))
    orgs = find_orgs(text, regions_all)
    regions = [r for r in regions_all if not any(o.start <= r.start and r.end <= o.end for o in orgs)]
    ents = Entities(find_schemes(text), regions, orgs, citation_spans(text), atoms)
    doc.__dict__["_auditor_entities"] = ents
    return ents


# ---------------------------------------------------------------------------- subject

# fields that name the report's own project / unit (third parties such as 评价单位, 委托单位 are
# left out: a Kunming audit firm does not make a Huaning report a Kunming one)
SUBJECT_FIELDS = ("项目名称", "部门名称", "单位名称", "填报单位", "项目单位", "主管部门", "项目实施单位",
                  "项目主管单位", "预算单位")
UNIT_FIELDS = ("部门名称", "单位名称", "填报单位", "项目单位", "主管部门", "项目实施单位", "项目主管单位",
               "预算单位")

def _field_re():
    from ..model import FIELD_NAMES
    labels = "|".join(sorted(map(re.escape, set(FIELD_NAMES) | set(SUBJECT_FIELDS)), key=len, reverse=True))
    # a label at a line start, after a tab, or right after a title the text extractor glued on
    # (…自评报告项目名称：…); the value runs to the next tab, line end or label
    return re.compile(
        r"(?:(?P<k>" + labels + r")[ \t]*[:：][ \t]*"
        r"|(?:(?<=^)|(?<=[\n\t]))(?P<k>" + labels + r")[ \t]*\t+)(?:[(（]\s*盖?公?章\s*[)）][ \t]*)?"
        r"(?P<v>[^\t\n]+?)(?=[ \t]*(?:[\t\n]|$|(?:" + labels + r")[ \t]*[:：]))", re.M)


_FIELD = _field_re()
_DEPARTMENT_TITLE = re.compile(r"部门整体|单位整体|整体支出|部门决算|部门预算绩效")


@dataclass
class Subject:
    """What one report is about."""
    report_index: int
    start: int
    end: int
    title: str
    title_span: tuple[int, int] | None
    project_names: list[tuple[str, int, int]] = field(default_factory=list)  # every 项目名称 printed
    department_level: bool = False
    scheme: Scheme | None = None
    scheme_span: tuple[int, int] | None = None      # where the subject scheme is stated
    scheme_text: str = ""
    scheme_sources: list[Mention] = field(default_factory=list)   # scheme mentions in title/fields
    region: Region | None = None                    # the report's own division (lexicon)
    region_text: str = ""
    region_span: tuple[int, int] | None = None
    header_spans: list[tuple[int, int]] = field(default_factory=list)  # title + subject fields
    unit_spans: list[tuple[int, int]] = field(default_factory=list)    # the reporting units' names


def subjects(doc) -> list[Subject]:
    cached = doc.__dict__.get("_auditor_subjects")
    if cached is not None:
        return cached
    out = [_subject_of(doc, r) for r in doc.reports] if doc.reports else []
    if not out:
        out = [_subject_of(doc, None)]
    # A title every sibling report repeats (2022年度城乡居民医保项目自评表 over eight projects,
    # one of them 医疗救助工作经费) is the template's, not the project's: it names no subject scheme.
    titles = Counter(s.title for s in out if s.title)
    for s in out:
        if (s.scheme_span and s.title_span and s.title_span[0] <= s.scheme_span[0] < s.title_span[1]
                and titles[s.title] >= 2 and s.project_names):
            s.scheme, s.scheme_span, s.scheme_text = None, None, ""
    doc.__dict__["_auditor_subjects"] = out
    return out


def _subject_of(doc, report) -> Subject:
    text = doc.text
    if report is None:
        start, end, title, tspan, fields, idx = 0, len(text), "", None, {}, 0
    else:
        start, end, title, tspan, fields, idx = (report.start, report.end, report.title,
                                                 report.title_span, report.fields, report.index)
    # the header fields this report prints (the model keeps the first of each; a report
    # prints 项目名称 in its score table and again on its cover)
    printed: list[tuple[str, str, int, int]] = []
    for m in _FIELD.finditer(text, start, end):
        v = m.group("v").strip()
        if v and re.search(r"\p{Han}", v):
            printed.append((m.group("k"), v, m.start("v"), m.start("v") + len(v)))
    for name, (v, s, e) in fields.items():
        if v and not any(ps == s for _, _, ps, _ in printed):
            printed.append((name, v, s, e))
    printed.sort(key=lambda x: x[2])
    if tspan:
        # a title the extractor glued to the fields below it ends where the first label starts
        labels = [m.start("k") for m in _FIELD.finditer(text, tspan[0], tspan[1])]
        if labels and labels[0] > tspan[0]:
            tspan = (tspan[0], labels[0])
            title = text[tspan[0]:tspan[1]]
    subj = Subject(idx, start, end, title, tspan)
    ents = entities(doc)
    if tspan:
        subj.header_spans.append(tspan)
    subj.project_names = [(v, s, e) for k, v, s, e in printed if k == "项目名称"]
    subj.unit_spans = [(s, e) for k, v, s, e in printed if k in UNIT_FIELDS]
    subj.header_spans += [(s, e) for k, v, s, e in printed if k in SUBJECT_FIELDS]
    fields = {k: (v, s, e) for k, v, s, e in reversed(printed)}
    subj.department_level = bool(_DEPARTMENT_TITLE.search(title or "")) or (
        "部门名称" in fields and not subj.project_names)

    # scheme: the project name decides; the title when there is none
    def schemes_in(spans):
        return _mentions_within(ents.schemes, spans)

    name_schemes = schemes_in([(s, e) for _, s, e in subj.project_names])
    title_schemes = schemes_in([tspan]) if tspan else []
    subj.scheme_sources = name_schemes + title_schemes
    for group in (name_schemes, title_schemes):
        populated = [m for m in group if m.scheme.lineage]
        if not populated:
            continue
        first = populated[0]
        if any(first.scheme.conflicts(m.scheme) for m in populated[1:]):
            break          # a project over two schemes has no single subject scheme
        subj.scheme, subj.scheme_span, subj.scheme_text = first.scheme, (first.start, first.end), first.text
        break

    # region: the place the reporting units are named after, or the place the title or the
    # project name opens with (2023年华宁县…); a place further inside a project name
    # (委托大冶管理工作经费) is what the project deals with, not where the report belongs
    leads = [(a, b) for a, b in ([tspan] if tspan else []) + [(s, e) for _, s, e in subj.project_names]]
    cands = [m for m in ents.regions + ents.orgs if m.regions and start <= m.start < end and (
        any(a <= m.start and m.end <= b for a, b in subj.unit_spans)
        or any(a <= m.start < b and re.fullmatch(r"[\s\d年度]*", text[a:m.start]) for a, b in leads))]
    if cands:
        best = max(cands, key=lambda m: _LEVEL_RANK.get(m.regions[0].level, 0))
        subj.region, subj.region_text = best.regions[0], best.text
        subj.region_span = (best.start, best.end)
    return subj


_LEVEL_RANK = {"province": 1, "city": 2, "county": 3}


def _mentions_within(mentions: list[Mention], spans) -> list[Mention]:
    """The mentions lying inside any of ``spans``, in list order.  For mentions in order
    of their starts (as ``find_schemes`` gives them), only those starting inside a span
    are looked at (bisect)."""
    spans = list(spans)
    starts = [m.start for m in mentions]
    if any(a > b for a, b in itertools.pairwise(starts)):
        return [m for m in mentions if any(a <= m.start and m.end <= b for a, b in spans)]
    keep = set()
    for a, b in spans:
        for k in range(bisect.bisect_left(starts, a), bisect.bisect_right(starts, b)):
            if mentions[k].end <= b:
                keep.add(k)
    return [mentions[k] for k in sorted(keep)]


_CLAUSE = re.compile(r"[^，,]+[，,]?")
_CELL_CLAUSE = re.compile(r"[^，,。；;]+[，,。；;]?")


def body_clauses(doc, start: int, end: int, at=None):
    """(start, end) of clauses in [start, end): sentences split further at ，, and table cells.
    ``at``: sorted offsets; only the sentences and cells holding one of them (their end
    included) are split, so only clauses that can hold one come out."""
    text = doc.text

    def holds(a: int, b: int) -> bool:
        if at is None:
            return True
        k = bisect.bisect_left(at, a)
        return k < len(at) and at[k] <= b
    sentences = doc.sentences
    # sentences in order without overlaps: from the first one ending after ``start`` to
    # the last one starting before ``end``
    ordered = _in_order(doc)
    k = bisect.bisect_right(sentences, start, key=_sentence_end) if ordered else 0
    for s in itertools.islice(sentences, k, None):
        if s.end <= start:
            continue
        if s.start >= end:
            if ordered:
                break
            continue
        a = max(s.start, start)
        if not holds(a, min(s.end, end)):
            continue
        for m in _CLAUSE.finditer(text, a, min(s.end, end)):
            if m.group(0).strip(" ，,。；;\n"):
                yield m.start(), m.end()
    for t in doc.tables:
        if t.end <= start or t.start >= end:
            continue
        for row in t.rows:
            for c in row:
                if start <= c.start < end and c.text and holds(c.start, c.end):
                    for m in _CELL_CLAUSE.finditer(text, c.start, c.end):
                        if m.group(0).strip(" ，,。；;"):
                            yield m.start(), m.end()


def _sentence_end(s) -> int:
    return s.end


def _in_order(doc) -> bool:
    """Are ``doc.sentences`` in order without overlaps (as ``build_document`` makes them)?
    Checked once per document."""
    ss = doc.sentences
    got = doc.__dict__.get("_auditor_sentences_in_order")
    if got is None or got[0] is not ss or got[1] != len(ss):
        got = (ss, len(ss), all(a.end <= b.start for a, b in itertools.pairwise(ss)))
        doc.__dict__["_auditor_sentences_in_order"] = got
    return got[2]


def dominant_regions(doc, start: int, end: int) -> Counter:
    """How often each place (by key) is mentioned in [start, end) outside 《》 and organisations."""
    ents = entities(doc)
    return Counter(m.key for m in ents.regions if start <= m.start < end
                   and not ents.in_citation(m.start, m.end))
