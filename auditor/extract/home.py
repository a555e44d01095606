"""The report's home division(s), and places of other divisions in its own work.

Home evidence, per report (``Subject``):

* the title (the place it names first);
* the reporting units: 填报单位, 单位名称, 部门名称, 主管部门, 实施单位, 项目单位, 预算单位,
  资金使用单位 … (written ``label：value``, ``label | value`` in a table, or the value on the next
  line); third parties (评价单位, 委托单位 of an audit firm) do not count;
* publisher lines of the page the report was published on: 发布机构, 发文机构, 信息来源, 来源,
  主办;
* the 项目名称's leading place.

Each piece of evidence votes for the most specific lexicon division it names (a county votes
for itself, and its city is home too).  The body's mentions break ties.  The home is the
division with the most votes, when no other division of the same level gets as many.
"""
from __future__ import annotations

import re as _stdre
from collections import Counter
from dataclasses import dataclass, field

from auditor import rx as re

from .entities import Region, entities, region_index, started_atoms, trie_pattern

_LABELS = ("填报单位", "单位名称", "部门名称", "部门（单位）名称", "部门(单位)名称", "主管部门", "项目主管部门",
           "实施单位", "项目实施单位", "项目主管单位", "项目单位", "预算单位", "资金使用单位", "责任部门",
           "地方主管部门", "地方财政部门", "市县主管部门", "市县财政部门",
           "发布机构", "发文机构", "发文机关", "发布单位", "信息来源", "来源", "主办单位", "主办",
           "项目名称", "部门")


def _spaced(label: str, escape=re.escape) -> str:
    """A label of four or more characters, which a PDF's table may break with a space (地方主管部 门)."""
    if len(label) < 4:
        return escape(label)
    return escape(label[0]) + "".join(r"[ \t]?" + escape(c) for c in label[1:])


_LABEL_HEAD = (
    r"(?P<k>" + "|".join(map(_spaced, sorted(_LABELS, key=len, reverse=True))) + r")"
    r"(?:\s*(?:及代码|[(（]\s*(?:盖章|单位|公章)\s*[)）]))?"
    r"[ \t\u3000|:：\]】\n•·\-]*(?:[(（]\s*盖?公?章\s*[)）])?[ \t\u3000]*")
_LABEL_RE = re.compile(
    _LABEL_HEAD +
    # (no label may start inside the value: the labels as a trie, as one alternation they
    # cost more at each of its characters)
    r"(?P<v>(?:(?!" + trie_pattern(_LABELS) + r")[^\n|\t]){2,60})")
# where a match of ``_LABEL_RE`` may start: a label, found by the standard library's ``re``
# (a literal alternation: several times faster to scan for than the whole pattern)
_LABEL_START = _stdre.compile("|".join(
    _spaced(label, _stdre.escape) for label in sorted(_LABELS, key=len, reverse=True)))
# ``_LABEL_RE`` without the label test at each character of the value, and the labels to cut
# that value at (``_label_matches``)
_LABEL_LOOSE = re.compile(_LABEL_HEAD + r"(?P<v>[^\n|\t]{2,60})")
_LABEL_ANY = _stdre.compile("|".join(map(_stdre.escape, _LABELS)))
_LABEL_LONGEST = max(map(len, _LABELS))


def _label_matches(text: str, start: int, end: int):
    """(start, label, value start, value) of each match of ``_LABEL_RE.finditer(text, start,
    end)``, the pattern tried only where a label starts.

    ``_LABEL_LOOSE`` first: its value may hold labels, so wherever ``_LABEL_RE`` matches it
    matches too, with the same head, as the heads are tried in the same order; when its value
    cut at the first label still has two characters, that is ``_LABEL_RE``'s match (the
    value the longest run of the same characters up to a label, with no earlier head whose
    value could reach two).  When it is cut shorter, ``_LABEL_RE`` itself decides."""
    pos = start
    while m := _LABEL_START.search(text, pos, end):
        got = _LABEL_LOOSE.match(text, m.start(), end)
        if got is not None:
            vs, ve = got.span("v")
            # (a label starting in the value may end past it, not past ``end``)
            cut = _LABEL_ANY.search(text, vs, min(end, ve + _LABEL_LONGEST - 1))
            if cut is not None and cut.start() < ve:
                if cut.start() - vs < 2:
                    got = _LABEL_RE.match(text, m.start(), end)
                    if got is not None:
                        vs, ve = got.span("v")
                else:
                    ve = cut.start()
        if got is not None:
            yield got.start(), got.group("k"), vs, text[vs:ve]
            pos = ve
        else:
            pos = m.start() + 1


# where a label's value stops: a gap, or a space before the next label or a date
_VALUE_CUT = re.compile(r"\s{2,}|[ \t]+(?=(?:" + "|".join(map(re.escape, _LABELS)) + r"|填报日期|日期|发文日期|发布日期))")
_VALUE_LEAD = 8
_SITE = re.compile(r"首页|无障碍|适老化|网站|当前位置|您现在的位置|信息公开")
_ANNOUNCE = re.compile(r"现(?:将|就)[^。；;\n《》]{0,60}?绩效[^。；;\n《》]{0,20}?(?:报告|情况)(?:报告)?如下")
_DATE_LINE = re.compile(r"(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")        # the value's place must start within this many characters of the label


@dataclass
class Home:
    """Where one report belongs."""
    region: Region | None = None                  # the most specific home division
    codes: frozenset = frozenset()                # the home division and its ancestors
    votes: Counter = field(default_factory=Counter)
    evidence: list = field(default_factory=list)  # (start, end, source, adcode)
    spans: list = field(default_factory=list)     # header spans (title, fields, publisher)


def named_codes(atoms) -> tuple[set[str], set[str]]:
    """The adcodes the text names: of unambiguous atoms, and of every candidate of every atom
    (上海市 is a province and a city; either is the parent of 上海市普陀区)."""
    return ({r.adcode for m in atoms for r in m.regions if len(m.regions) == 1},
            {r.adcode for m in atoms for r in m.regions})


def _resolve(m, text_codes) -> Region | None:
    """The division a place atom names: its only candidate, or the one whose parent the
    document names too (an unambiguous name first, then any reading of an ambiguous one)."""
    regs = [r for r in m.regions if r.level in ("county", "city", "province")]
    if len(regs) == 1:
        return regs[0]
    unique, every = text_codes if isinstance(text_codes, tuple) else (text_codes, set())
    named = [r for r in regs if r.parent in unique]
    if not named and every:
        named = [r for r in regs if r.parent in every]
    return named[0] if len(named) == 1 else None


def resolved_atoms(doc) -> list:
    """(atom, the division it names or None) for the document's ``started_atoms``, the
    ambiguous names read against all the places the text names (once per document)."""
    got = doc.__dict__.get("_auditor_resolved_atoms")
    if got is None:
        atoms = started_atoms(doc)
        text_codes = named_codes(atoms)
        got = doc.__dict__["_auditor_resolved_atoms"] = [(m, _resolve(m, text_codes)) for m in atoms]
    return got


def header_spans(doc, subj) -> list[tuple[int, int, str]]:
    """(start, end, source) of the report's title, unit fields and publisher lines (once per
    report: ``entity_home`` asks again for each candidate place)."""
    cache = doc.__dict__.setdefault("_auditor_header_spans", {})
    key = (subj.report_index, subj.start, subj.end)
    if key not in cache:
        cache[key] = _header_spans(doc, subj)
    return list(cache[key])


def _header_spans(doc, subj) -> list[tuple[int, int, str]]:
    text = doc.text
    out = []
    if subj.title_span:
        out.append((subj.title_span[0], subj.title_span[1], "title"))
    for ms, k, vs, v in _label_matches(text, subj.start, subj.end):
        k = re.sub(r"[ \t]", "", k)
        if k == "来源" and text[max(0, ms - 2):ms] in ("资金", "经费"):
            continue          # 资金来源: money, not a publisher
        if k == "部门" and re.search(r"\p{Han}", text[max(0, ms - 1):ms] or "x"):
            continue          # 主管部门 is matched as a whole; 财政部门 etc. are not labels
        cut = _VALUE_CUT.search(v)
        if cut:
            v = v[:cut.start()]
        out.append((vs, vs + len(v), "name" if k == "项目名称" else "unit"))
    # a signature (a line that is one organisation's name, followed by a date line), or the
    # banner of the site that published the report (X县人民政府 among its first lines)
    for o in entities(doc).orgs:
        if not (subj.start <= o.start < subj.end):
            continue
        ls = text.rfind("\n", 0, o.start) + 1
        le = text.find("\n", o.end)
        le = len(text) if le < 0 else le
        line = text[ls:le].strip()
        if line != o.text and re.sub(r"[(（]\s*制\s*[)）]$", "", line) != o.text:
            continue          # a signature, or the bureau that made the form (X财政局（制）)
        if line != o.text:
            out.append((o.start, o.end, "unit"))
            continue
        nxt = text[le + 1:le + 40].lstrip().split("\n", 1)[0]
        if _DATE_LINE.fullmatch(nxt.strip()) or (text.count("\n", subj.start, ls) < 5
                                                  and _SITE.search(text, le, le + 200)):
            out.append((o.start, o.end, "unit"))
    # the sentence that announces the report (现将2022年西平县交通运输局…绩效自评报告如下)
    own = _ANNOUNCE.search(text, subj.start, subj.end)
    if own:
        out.append((own.start(), own.end(), "title"))
    # the first line of the report that reads as a title (a page's own title below its menu)
    k, n, crumb = subj.start, 0, False
    while n < 15 and k < subj.end:
        e = text.find("\n", k, subj.end)
        e = subj.end if e < 0 else e
        line = text[k:e]
        if line.strip():
            # (literal words: ``in`` tests, as the regular expressions would find them)
            own = ("绩效" in line and any(w in line for w in ("报告", "自评", "评价", "目标表"))) or (
                # a page's title below its breadcrumb: X局关于…资金管理使用情况
                crumb and "关于" in line and re.search(r"(?:情况|报告)\s*$", line)
                and not re.search(r"通知|意见|办法|规定|决定|方案|公告$", line))
            glued = re.match(r"[^《\n，,。；;、]{0,60}?绩效[^《\n，,。；;、]{0,16}?(?:报告|自评表|评价表)(?=\s)", line) if own and e - k > 80 else None
            if glued:
                # a title glued to the form after it (…绩效评价报告 沪金审财… 项目名称:…): up to 报告,
                # with no sentence punctuation before it
                line, e = glued.group(0), k + glued.end()
            if (own and e - k <= 80 and "《" not in line
                    and not (subj.title_span and subj.title_span[0] <= k < subj.title_span[1])):
                # a title wrapped over two lines (X市2018年度部门整体支出 / 绩效评价自评报告): the
                # line starting with 绩效 is its tail, the short line of words above its head
                head = re.search(r"(?:^|\n)[ \t\u3000]*([\p{Han}\d（）()]{4,40})[ \t\u3000]*\n\s*$", text[max(subj.start, k - 80):k])
                if re.match(r"[ \t\u3000]*绩效", line) and head and re.search(r"\p{Han}$", head.group(1)) \
                        and "绩效" not in head.group(1):
                    k = max(subj.start, k - 80) + head.start(1)
                out.append((k, e, "title"))
                break
            crumb = any(w in line for w in ("首页", "当前位置", "您现在的位置")) and any(c in line for c in ">»›")
            n += 1
        k = e + 1
    return out


def home_of(doc, subj) -> Home:
    cache = doc.__dict__.setdefault("_auditor_home", {})
    got = cache.get(subj.report_index)
    if got is not None:
        return got
    idx = region_index()
    atoms = [m for m in started_atoms(doc) if subj.start <= m.start < subj.end]
    text_codes = named_codes(atoms)
    home = Home()
    spans = header_spans(doc, subj)
    home.spans = [(a, b) for a, b, _ in spans]
    body = Counter()
    for m in atoms:
        r = _resolve(m, text_codes)
        if r is not None:
            body[r.adcode] += 1
    seen = set()
    for a, b, src in spans:
        inside = [m for m in atoms if a <= m.start and m.end <= b]
        if src == "name":
            inside = inside[:1] if inside and re.fullmatch(r"[\s\d年度]*", doc.text[a:inside[0].start]) else []
        elif src == "unit":
            # the value must start with its place (上海市普陀区体育局, （盖章）华宁县财政局)
            inside = inside if inside and inside[0].start - a <= _VALUE_LEAD else []
            # one unit: the places joined to the first (上海市普陀区), not a list after it
            run = inside[:1]
            for m in inside[1:]:
                if m.start - run[-1].end <= 1:
                    run.append(m)
            inside = run
        regs = [r for r in (_resolve(m, text_codes) for m in inside) if r is not None]
        if not regs:
            continue
        best = max(regs, key=lambda r: _RANK[r.level])
        key = (a, best.adcode)
        if key in seen:
            continue
        seen.add(key)
        home.votes[best.adcode] += 1
        m0 = next(m for m in inside if best in m.regions)
        home.evidence.append((m0.start, m0.end, src, best.adcode))
    if not home.votes:
        _body_home(doc, subj, home, body, idx)
        return cache.setdefault(subj.report_index, home)
    # the level: the most specific one the header names; the division: the most mentioned
    # of that level (a header place the body never repeats is outvoted by one it repeats),
    # then the most voted
    levels = {idx.by_code[c].level for c in home.votes}
    level = max(levels, key=lambda lv: _RANK[lv])
    if level == "province" and len(home.votes) == 1:
        # the header names only the province (a provincial notice quoted at the top): the
        # county or city the body speaks of, inside that province, is home
        _body_home(doc, subj, home, body, idx, least=2, inside=next(iter(home.votes)))
        if home.region is not None:
            return cache.setdefault(subj.report_index, home)
    cands = {c for c in home.votes if idx.by_code[c].level == level}
    cands |= {c for c, n in body.items() if n >= 2 and idx.by_code[c].level == level}

    def score(code):
        return (body[code], home.votes[code])
    ranked = sorted(cands, key=score, reverse=True)
    if len(ranked) >= 2 and score(ranked[0]) == score(ranked[1]):
        return cache.setdefault(subj.report_index, home)
    top = idx.by_code[ranked[0]]
    home.region = top
    home.codes = frozenset([top.adcode, *top.ancestors()])
    return cache.setdefault(subj.report_index, home)


_RANK = {"province": 1, "city": 2, "county": 3}


def related_divisions(r1: Region, r2: Region) -> bool:
    """Is one of the two divisions inside the other (or are they the same)?"""
    return r1.adcode == r2.adcode or r1.adcode in r2.ancestors() or r2.adcode in r1.ancestors()


_SELF = {"county": re.compile(r"我县|全县|本县|我区|全区|本区|我旗|全旗|本旗"),
         "city": re.compile(r"我市|全市|本市|我州|全州|本州")}


def _body_home(doc, subj, home: Home, body: Counter, idx, least: int = 3, inside: str | None = None) -> None:
    """No header names a place: the body's dominant division is home when the report
    speaks of itself at that level (我县, 全县) and never at the other (全市).  ``inside``: the
    province the header names (then ``least`` mentions suffice for a report that says 我县)."""
    text = doc.text[subj.start:subj.end]
    silent = not any(p.search(text) for p in _SELF.values())
    for level, other in (("county", "city"), ("city", "county")):
        ranked = sorted(((n, c) for c, n in body.items() if idx.by_code[c].level == level
                         and (inside is None or inside in idx.by_code[c].ancestors())), reverse=True)
        if silent and inside is not None:
            continue
        if silent:
            # a report that never says 我县/全市: a division named three times as often as any
            # other of its level, at least three times, is what the report is about
            if not ranked or ranked[0][0] < 3 or (len(ranked) >= 2 and ranked[0][0] < 3 * ranked[1][0]):
                continue
        elif not _SELF[level].search(text) or _SELF[other].search(text):
            continue
        elif not ranked or ranked[0][0] < least or (len(ranked) >= 2 and ranked[0][0] < 2 * ranked[1][0]):
            continue
        top = idx.by_code[ranked[0][1]]
        home.region = top
        home.codes = frozenset([top.adcode, *top.ancestors()])
        return
