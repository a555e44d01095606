"""A division of another county (or prefecture) in the report's own work.

The report's home comes from ``extract.home`` (title, reporting units, publisher lines).
A place is flagged when it is a county or city that is neither the home, nor above it, nor
inside it, named once in the whole text, in the report's own header or in a clause about
its own work (我县…, 全县…, its funds, beneficiaries, implementation).

Not flagged: citations (《…》, a 文号 in the sentence), 对口帮扶/对口支援/协作, comparisons
(与…相比, 高于…), lists of several divisions (a city report allocating money to its counties,
国家 lists), places joined to another place by 、/和/与 (两县交界), addresses and places inside
the names of other units (a hospital, a company, another county's bureau in the body), a
division the text names more than once (the report is about it on purpose).
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache

from auditor import rx as re
from auditor.nlp import lexicon_rows

from ..extract.entities import Mention, _token_boundary, entities, region_index, subjects
from ..extract.home import header_spans, home_of, related_divisions, resolved_atoms

_SENT_END = re.compile(r"[。；;！!？?\n]")
_CLAUSE_END = re.compile(r"[，,。；;：:！!？?\n]")
# a cited title, its 文号 and the 文件 that names it (《…》（宁水计发〔2016〕132号）文件要求)
_CITED = re.compile(r"《[^《》]{0,120}》(?:\s*[(（][^()（）]{0,30}[)）])?(?:\s*文件)?")
_DOCNO = re.compile(r"[〔\[【(（]\s*(?:19|20)\d\d\s*[〕\]】)）]\s*\d+\s*号|第\s*\d+\s*号")
_LEGIT = re.compile(
    r"对口|帮扶|支援|援建|援助|协作|结对|共建(?!设)|合作|联合(?![会村社])|相比|比较|对比|高于|低于|优于|好于|排名|排位|位列|位居|"
    r"学习|考察|观摩|交流|借鉴|兄弟|周边|毗邻|交界|接壤|相邻|邻近|跨|(?<!小)流域|沿线|途经|经过|连接|通往|"
    r"地址|位于|坐落|注册|(?<!拆)迁|调入|调出|转入|转出|异地|外出|务工|籍|出生|毕业|曾任|原任|挂职|"
    r"上级|(?:中央|省级|市级)(?:主管)?(?:部门|文件|领导|要求|精神|部署|检查|考核|督查|巡视|审计|机关|单位)|"
    r"文件|通知|意见|办法|规定|批复|关于|"
    r"较|超过|多于|少于|领先|落后|平均|均值|"
    r"邀请|聘请|专家|协调|联系|会同|配合|对接|赴|前往|参加(?!(?:(?!组织|召开|举办|会|培训|活动)[^，,。；;\n]){0,14}保险)|商请|征求|咨询|走访|慰问|调研|借调|派驻")
# cues that a place belongs to a higher document or office; they do not excuse a place the
# text shows is the home's own (its project, its town): 项目立项批复, 下达…文件
_DOC_CUES = re.compile(
    r"上级|(?:中央|省级|市级)(?:主管)?(?:部门|文件|领导|要求|精神|部署|检查|考核|督查|巡视|审计|机关|单位)|"
    r"文件|通知|意见|办法|规定|批复|关于")
_OWN = re.compile(r"我县|我区|我市|我旗|全县|全区|全旗|本县|本区|本市|本旗|我局|本局|我单位|本单位|我中心|本中心|"
                  r"本项目|该项目|项目资金|补助|补贴|拨付|支付|下达|发放|到位|受益|惠及|覆盖|实施|完成|建设|投入|支出|"
                  r"参保|资助|救助|培训|服务|负责")
_JOIN = set("、和与及同跟或至到")
# 到 after a verb of allocation is a destination, not a range (下达到X区, 拨付到X县)
_GIVEN_TO = re.compile(r"(?:下达|拨付|划拨|拨|分配|发放|安排|落实|投入)到$")
# a unit acting on a document (X局严格按照《…》（文号）, X工程经Y局关于…的通知（文号）下达): the
# 文号 and the words from the verb on to the 文号 are the document's, not the place's
_ACTS_ON = re.compile(r"(?:严格)?(?:根据|按照|依据|依照|遵照)\s*《|经(?=\p{Han}{2,16}?(?:局|厅|委|办|政府|部)关于)")
# a unit the text makes the project's own (X公司作为项目业主单位)
_PROJECT_UNIT = re.compile(r"[\p{Han}（）()]{0,20}?(?:作为|为|是)(?:本|该)?项目(?:的)?(?:业主|建设|实施|法人)单位")


def _bounds(text: str, pos: int, lo: int, hi: int, pat) -> tuple[int, int]:
    """The span around ``pos`` inside [lo, hi) between characters of the class ``pat``: from
    just after the last one before ``pos`` (a reverse search, not a step per character) to
    just after the first one from ``pos`` on."""
    if pos > lo:
        m = _reversed(pat).search(text, lo, pos)
        s = m.end() if m else lo
    else:
        s = pos
    m = pat.search(text, pos, hi)
    return s, (m.end() if m else hi)


_REVERSED: dict = {}


def _reversed(pat):
    """``pat`` searching backwards (``regex``'s ``(?r)``)."""
    got = _REVERSED.get(pat.pattern)
    if got is None:
        got = _REVERSED[pat.pattern] = re.compile("(?r)" + pat.pattern)
    return got


def foreign_places(doc, header_flagged: set[int] = frozenset(), why: list | None = None):
    """(mention, found division, subject, home, source) for each foreign place.  ``why``
    (a list) receives (mention text, reason) for each candidate left out."""
    def skip(m, reason):
        if why is not None:
            why.append((m.text, m.start, reason))
    text = doc.text
    ents = entities(doc)
    resolved = resolved_atoms(doc)
    count = Counter(r.adcode for _, r in resolved if r is not None)
    for subj in subjects(doc):
        home = home_of(doc, subj)
        H = home.region
        if H is None or H.level not in ("county", "city"):
            continue
        # a city department's report speaks of many places of its city; only its own header
        # and its own units are read there
        narrow = subj.department_level and H.level == "city"
        if count[H.adcode] < 2 and not home.votes.get(H.adcode):
            continue
        spans = home.spans
        for m, F in resolved:
            n = count[F.adcode] if F is not None else 0
            if F is None and subj.start <= m.start < subj.end:
                # an ambiguous name none of whose readings is the home's or related to it (和平区
                # of 天津 or of 沈阳, in a 宝坻区 report): it is foreign either way; the reading
                # under the home's parent names it
                sib = [r for r in m.regions if r.parent == H.parent and r.level == H.level]
                if len(sib) == 1 and not any(r.adcode in home.codes or related_divisions(r, H)
                                             for r in m.regions):
                    F, n = sib[0], text.count(m.text)
            if F is None or not (subj.start <= m.start < subj.end) or F.level not in ("county", "city"):
                continue
            if F.adcode in home.codes or related_divisions(F, H):
                continue
            if n != 1 or (len(F.short) >= 2 and text.count(F.short) > 1):
                skip(m, "named more than once")
                continue          # named on purpose, or also by its short name
            own_title = _own_title(text, ents, m)
            in_header = own_title or any(a <= m.start and m.end <= b for a, b in spans)
            ss, se = _bounds(text, m.start, subj.start, subj.end, _SENT_END)
            cs, ce = _bounds(text, m.start, ss, se, _CLAUSE_END)
            sent, clause = text[ss:se], text[cs:ce]
            # the words of a cited title (关于…的通知) and its 文号 are not the sentence's own cues
            words = _CITED.sub("《》", sent)
            # a header line of a glued form runs on: only its own few words are its sentence
            near = text[max(ss, m.start - 16):min(se, m.end + 24)] if in_header else sent
            cited = (m.start in header_flagged or ents.in_citation(m.start, m.end)) and not own_title
            # a 文号 makes the place part of a cited document when it follows the place (the
            # issuer or the title before it); a place after the 文号 is the report's own words
            # again (…〔2016〕132号），下达西夏区…)
            dn = _DOCNO.search(near, m.start - (max(ss, m.start - 16) if in_header else ss))
            opened = text[max(ss, m.start - 30):m.start]
            stmt = se - ss        # the sentence's length, without the document a unit acts on
            acts = None if cited else _ACTS_ON.search(text, m.end, min(ce, m.end + 30))
            if acts and dn and (max(ss, m.start - 16) if in_header else ss) + dn.start() > acts.start() \
                    and "《" not in text[m.end:acts.start()]:
                d_end = (max(ss, m.start - 16) if in_header else ss) + dn.end()
                words = _CITED.sub("《》", text[ss:acts.start()] + text[d_end:se])
                stmt = len(words)
                dn = None
            if not cited and not own_title and (dn or "《" in opened.rsplit("》", 1)[-1]):
                cited = True
            if cited:
                # …unless the 文号 names the home as issuer while the document's leading place is
                # another division (《安化县财政局关于…》（南财函〔2024〕5号） in a 南县 report)
                if m.start in header_flagged:
                    skip(m, "citation or document number")
                    continue
                if _issuer_mismatch(text, ents, m, F, H, se) or _joint_issuer(text, ents, m, F, home, resolved, ss):
                    cited = "citation"
                elif _own_document(text, ents, m, F, H, resolved, cs, se):
                    cited = "own_document"
                else:
                    skip(m, "citation or document number")
                    continue
            # the report's own unit under another place: 澄江县财政局 where the report writes
            # 华宁县财政局 elsewhere
            own_unit = _own_unit(text, ents, m, H)
            cell = None if (own_unit or cited or in_header) else _form_cell(text, ents, m)
            if cell:
                # a public body alone in a cell of the report's own form (a 实施单位 whose label
                # the flattened table left elsewhere): the report's own unit; the cell is its clause
                own_unit, clause = text[m.end:cell.end], text[cell.start:cell.end]
            if narrow and not (in_header or own_unit or cited):
                skip(m, "city department: not its header or own unit")
                continue
            if in_header:
                # a header's clause may run on over a whole glued form: its own few words count,
                # and a unit field's own value, the unit's name, is its clause (主管部门 X区体育局
                # after a project name that says 对口支援, before a cell that says 按照规定)
                lo, hi = max(cs, m.start - 16), min(ce, m.end + 24)
                field = next(((a, b) for a, b, src in header_spans(doc, subj)
                              if src == "unit" and a <= m.start and m.end <= b), None)
                if field and not own_title:
                    o = _org_at(ents, m)
                    lo, hi = max(lo, field[0]), min(hi, field[1], o.end if o else hi)
                clause = text[lo:hi]
            if acts and not cited:
                clause = text[cs:acts.start()]
            if not own_unit and not cited and _PROJECT_UNIT.match(text, m.end):
                own_unit = "project"
            elif own_unit and text[m.end + len(own_unit):m.end + len(own_unit) + 1] == "是":
                # the unit defined (X局是统筹协调…的部门): the words after 是 are its duties
                clause = text[cs:m.end + len(own_unit)]
            sequel = not in_header and not own_unit and (_own_sequel(text, m, resolved, H)
                                                          or _parallel_item(text, m, subj, resolved, H))
            legit = _LEGIT.search(clause) or (not in_header and not own_unit and not sequel and _LEGIT.search(words))
            if sequel and legit and _DOC_CUES.fullmatch(legit.group(0)):
                legit = next((x for x in _LEGIT.finditer(clause) if not _DOC_CUES.fullmatch(x.group(0))), None)
            ls, le = _bounds(text, m.start, subj.start, subj.end, _LINE_END)
            titled = any(a <= m.start < b for a, b, src in header_spans(doc, subj) if src == "title")
            if legit and legit.group(0) == "关于" and in_header and (titled or _REPORT_TITLE.search(text, ls, le)) \
                    and not _DIRECTIVE.search(text[ls:le].replace("关于", "")):
                legit = None      # the report's own title: X局关于2021年度…资金绩效自评报告
            if not cited and legit:
                skip(m, "legitimate cue " + legit.group(0))
                continue
            # joined to another place: a list or a pair (华宁县、通海县, 与通海县交界)
            before = text[max(cs, m.start - 1):m.start]
            after = text[m.end:m.end + 1]
            if before == "到" and _GIVEN_TO.search(text, max(cs, m.start - 3), m.start):
                before = ""
            if before == "、" and re.match(r"[\d一二三四五六七八九十]", text[m.start - 2:m.start - 1] or "x"):
                before = ""       # 5、武清区…: a numbered item, not a list of places
            if before in _JOIN or after in _JOIN:
                skip(m, "joined to a place")
                continue
            others = {r.adcode for mm, r in resolved if r is not None and ss <= mm.start < se
                      and mm.start != m.start and r.adcode not in home.codes and not related_divisions(r, F)}
            if others:
                skip(m, "list")
                continue
            if cited:
                yield m, F, subj, home, cited
                continue
            # inside another unit's name (a hospital, a company, another county's bureau)
            if not in_header and not own_unit and not sequel and ents.in_org(m.start, m.end):
                skip(m, "another unit")
                continue
            # own work: the clause says so, or the sentence does (项目实施后，能有效解决…) when it
            # is short enough to be one statement
            if not in_header and not own_unit and not sequel and not _OWN.search(clause) \
                    and not (stmt <= 80 and _OWN.search(words)):
                skip(m, "not about the report's own work")
                continue
            yield m, F, subj, home, "header" if in_header else "own_unit" if own_unit else "body"
        yield from _short_units(doc, subj, home, resolved, count)
        yield from _slogan_places(doc, subj, home, resolved, count)
        yield from _internal_units(doc, subj, home, resolved, count)


_LEVEL_CHARS = set("省市县区州盟旗")


def _short_units(doc, subj, home, resolved, count):
    """A unit the report names by the home's short name (普陀体育中心) written once with
    another division's short name instead (浦东体育中心): the same four or more characters
    after both, the other short name a division unrelated to the home, named nowhere else."""
    text, H = doc.text, home.region
    if len(H.short) < 2 or H.short == H.name:
        return
    idx = region_index()
    spans = [(m.start, m.end) for m, _ in resolved]
    seen = set()
    for k in re.compile(re.escape(H.short)).finditer(text, subj.start, subj.end):
        cont = re.match(r"\p{Han}{4}", text[k.end():k.end() + 4])
        if cont is None or cont.group(0)[0] in _LEVEL_CHARS or cont.group(0) in seen:
            continue
        c = cont.group(0)
        seen.add(c)
        for j in re.compile(re.escape(c)).finditer(text, subj.start, subj.end):
            if text[j.start() - len(H.short):j.start()] == H.short:
                continue
            for n in (4, 3, 2):
                a = j.start() - n
                cands = idx.by_short.get(text[a:j.start()]) if a >= subj.start else None
                if not cands:
                    continue
                cands = [r for r in cands if r.level == H.level and r.parent == H.parent]
                if len(cands) != 1 or any(x <= a < y for x, y in spans):
                    break
                F = cands[0]
                if related_divisions(F, H) or count[F.adcode] or text.count(F.short) != 1:
                    break
                if not _token_boundary(text, a) or text[a - 1:a] in _JOIN:
                    break
                cs, ce = _bounds(text, a, subj.start, subj.end, _CLAUSE_END)
                if _LEGIT.search(text[cs:ce]):
                    break
                yield Mention("REGION", a, j.start(), F.short, regions=(F,), key=F.name, source="short"), \
                    F, subj, home, "own_unit"
                break


_INTERNAL = re.compile(r"(?:内设|下设)[^。；;\n]{0,200}")
_ITEM_SPLIT = re.compile(r"[、，,：:]")


def _internal_units(doc, subj, home, resolved, count):
    """The body's own internal units (内设办公室、表演艺术部、X书画院), one of them named by a
    sibling division's short name (the home's level and parent, named nowhere else): a copy
    kept another place's name for the report's own unit."""
    text, H = doc.text, home.region
    idx = region_index()
    spans = [(m.start, m.end) for m, _ in resolved]
    for k in _INTERNAL.finditer(text, subj.start, subj.end):
        pos = k.start()
        for item in _ITEM_SPLIT.split(k.group(0)):
            a = pos + len(item) - len(item.lstrip(" \t\u3000(（0123456789)）"))
            pos += len(item) + 1
            for n in (4, 3, 2):
                cands = [r for r in idx.by_short.get(text[a:a + n], ())
                         if r.level == H.level and r.parent == H.parent]
                if not cands:
                    continue
                F = cands[0]
                if len(cands) != 1 or any(x <= a < y for x, y in spans) or F.adcode == H.adcode \
                        or related_divisions(F, H) or count[F.adcode] or text.count(F.short) != 1:
                    break
                if not re.match(r"\p{Han}{2}", text[a + n:a + n + 2]) or text[a + n] in _LEVEL_CHARS:
                    break     # a unit's name goes on after the place
                yield Mention("REGION", a, a + n, F.short, regions=(F,), key=F.name, source="short"), \
                    F, subj, home, "own_unit"
                break


# a 文号 printed without its brackets (益赫政发201612号): year and number glued after the issuer
_DOCNO_BARE = re.compile(r"(?<=\p{Han})(?:19|20)\d\d\d{1,4}号")
_SLOGAN = re.compile(r"(?:健康|美丽|平安|幸福|文明|法治|智慧|生态)(\p{Han}{2,3}?)(?=建设|[^\p{Han}]|$)")


def _slogan_places(doc, subj, home, resolved, count):
    """A campaign slogan names the speaker's own place (促进健康惠州建设, 建设美丽龙湾): a sibling
    division's short name there (健康汕头 in a 惠州 report), named nowhere else, is a slip."""
    text, H = doc.text, home.region
    idx = region_index()
    spans = [(m.start, m.end) for m, _ in resolved]
    for k in _SLOGAN.finditer(text, subj.start, subj.end):
        a, b = k.span(1)
        cands = [r for r in idx.by_short.get(text[a:b], ()) if r.level == H.level and r.parent == H.parent]
        if len(cands) != 1 or any(x <= a < y for x, y in spans):
            continue
        F = cands[0]
        if F.adcode == H.adcode or related_divisions(F, H) or count[F.adcode] or text.count(F.short) != 1:
            continue
        cs, ce = _bounds(text, a, subj.start, subj.end, _CLAUSE_END)
        if _LEGIT.search(text[cs:ce]):
            continue          # 学习借鉴美丽X经验
        yield Mention("REGION", a, b, F.short, regions=(F,), key=F.name, source="short"), F, subj, home, "body"


_ISSUER_CUE = re.compile(r"对口|帮扶|支援|援|协作|结对|合作|转发|学习|借鉴|经验|交流")


def _issuer_mismatch(text: str, ents, m, F, H, se: int) -> bool:
    """Does the 文号 of the document ``m`` leads (its first words, or the issuer before the
    文号) abbreviate the home (南财函 for 南县, 益赫政发 for 益阳市赫山区) and not ``F``?  A
    county cites its own bureau's notice; the neighbour's name there is a swapped place."""
    cit = next(((a, b) for a, b in ents.citations if a <= m.start and m.end <= b), None)
    if cit is not None:
        inner = text[cit[0] + 1:cit[1] - 1]
        if inner.find(m.text) > 8 or _ISSUER_CUE.search(inner):
            return False
        d = _DOCNO.search(text, cit[1], min(se, cit[1] + 24)) or _DOCNO_BARE.search(text, cit[1], min(se, cit[1] + 24))
        if d is None or not re.fullmatch(r"[\s(（]*\p{Han}{1,8}\s*", text[cit[1]:d.start()]):
            return False
    else:
        # 根据汕尾市财政局关于开展…的通知（惠财绩〔2023〕5号）: the place opens the clause
        d = _DOCNO.search(text, m.end, min(se, m.end + 100))
        if d is None or "《" in text[m.end:d.start()] or _ISSUER_CUE.search(text, m.end, d.start()):
            return False
    pre = re.search(r"(\p{Han}{2,8})\s*$", text[max(0, d.start() - 10):d.start()])
    if pre is None:
        return False
    head = pre.group(1)[:2]
    home_chars = {H.short[:1] or H.name[:1], H.name[:1]}
    found_chars = {F.short[:1] or F.name[:1], F.name[:1]}
    return bool(home_chars & set(head)) and not (found_chars & set(head))


def _joint_issuer(text: str, ents, m, F, home, resolved, ss: int) -> bool:
    """Is ``m`` one of the joint issuers of a document (the words before its 关于) beside a
    body of the home, or of the home's city, of the same level (《中共十堰市委 武汉市人民政府
    关于…》 in a 武汉 district's report)?  Joint issuers are one government's offices."""
    cit = next(((a, b) for a, b in ents.citations if a <= m.start and m.end <= b), None)
    start = cit[0] + 1 if cit else ss
    k = text.find("关于", m.end, m.end + 40)
    stop = cit[1] if cit else k + 60
    if k < 0 or m.start - start > 40 or _ISSUER_CUE.search(text, start, stop):
        return False
    return any(r is not None and start <= mm.start < k and mm.start != m.start
               and r.level == F.level and r.adcode in home.codes for mm, r in resolved)


# the report's own body issuing or keeping a document (提请县人民政府印发《…》, 制定有《…》), or
# following its own rules (严格按照《…》《…》)
_ISSUES = re.compile(r"(?:印发|制定|出台|修订|制订|建立|完善|下发)(?:了|有)?\s*$")
_FOLLOWS = re.compile(r"(?:严格)?(?:按照|依照|依据|执行|遵照|落实)\s*$")
_RULES = re.compile(r"(?:制度|办法|细则|规程|实施方案|工作方案|管理规定)$")
# the notice this very self-evaluation answers (根据X市财政局关于开展…绩效自评工作的通知)
_ASKS = re.compile(r"(?:根据|按照|依据|依照)\s*$")
_SELF_EVAL = re.compile(r"关于[^，。；;《》\n]{0,40}?(?:绩效自评|绩效评价|自评)[^，。；;《》\n]{0,12}?通知")


def _among_issuers(text: str, ents, m, lead: int) -> bool:
    """Is ``m`` in one of the organisations that open a title one after another (《X市医疗保障局
    Y市卫生健康局 X市财政局…办法》: joint issuers)?"""
    pos = lead
    for o in sorted(ents.orgs, key=lambda o: o.start):
        if o.start < pos:
            continue
        if not re.fullmatch(r"[\s、]*", text[pos:o.start]):
            return False
        if o.start <= m.start < o.end:
            return True
        pos = o.end
    return False


def _own_document(text: str, ents, m, F, H, resolved, cs: int, se: int) -> bool:
    """Is ``m`` (a division of the home's level) the leading place of a document that is the
    report's own: one its body issues or keeps (提请县人民政府印发《通海县…实施方案》, 制定有
    《X县医疗保险中心内控制度》), its own unit's rules it follows (严格按照《…》《X县医疗保障局
    财务管理制度》, where the text names the home's 医疗保障局), or the notice this
    self-evaluation answers (根据X市财政局关于开展…绩效自评工作的通知)?  The words before the
    document name no other place and hold no cooperation or comparison cue."""
    if F.level != H.level:
        return False
    cit = next(((a, b) for a, b in ents.citations if a <= m.start and m.end <= b), None)
    lead = cit[0] + 1 if cit else m.start
    if re.search(r"\p{Han}", text[lead:m.start]) and not re.fullmatch(r"\s*中共\s*", text[lead:m.start]) \
            and not _among_issuers(text, ents, m, lead):
        return False              # the place does not lead the title
    # the words before the document (and the titles listed before it)
    pre = text[cs:cit[0] if cit else m.start]
    bare = re.sub(r"《[^《》]*》[、，,\s]*", "", pre)
    if _ISSUER_CUE.search(bare) or any(r is not None and cs <= mm.start < m.start
                                       and not ents.in_citation(mm.start, mm.end)
                                       for mm, r in resolved):
        return False
    if cit is not None:
        inner = text[cit[0] + 1:cit[1] - 1]
        if _ISSUER_CUE.search(inner):
            return False
        if _ISSUES.search(bare):
            return True
        own = _own_unit(text, ents, m, H)
        return bool(own and _FOLLOWS.search(bare) and _RULES.search(inner) and inner.startswith(m.text + own))
    # a notice named without brackets, before its 文号
    if not _ASKS.search(pre):
        return False
    d = _DOCNO.search(text, m.end, min(se, m.end + 80))
    return bool(d and _SELF_EVAL.search(text, m.end, d.start()) and not _ISSUER_CUE.search(text, m.end, d.start()))


_REPORT_TITLE = re.compile(r"绩效.{0,12}(?:自评|评价)")
_DIRECTIVE = re.compile(r"关于|通知|办法|意见|规定|指引|方案|细则|决定|条例|标准|规范")


def _own_title(text: str, ents, m) -> bool:
    """Is ``m`` inside a 《…》 that is a performance report's own title, not a higher
    document (a web page's "更多相关《X县…绩效自评报告》", a title printed in brackets)?"""
    for a, b in ents.citations:
        if a <= m.start and m.end <= b:
            inner = text[a + 1:b - 1]
            return bool(_REPORT_TITLE.search(inner)) and not _DIRECTIVE.search(inner) \
                and inner.find(m.text) <= 8
    return False


_LINE_END = re.compile(r"\n")
_ITEM_HEAD = re.compile(r"[ \t\u3000|]*(?:附件\s*(?=[\d一二三四五六七八九十]{1,3}\s*[:：、.．]))?"
                        r"(?:[(（]?[\d一二三四五六七八九十]{1,3}[)）、.．:：]?\s*)?[ \t\u3000|]*")


def _line_head(text: str, pos: int) -> int:
    """Where the words of the line holding ``pos`` start (after 1、, (2), a table bar)."""
    ls = text.rfind("\n", 0, pos) + 1
    return _ITEM_HEAD.match(text, ls).end()


def _parallel_item(text: str, m, subj, resolved, H) -> bool:
    """Is ``m`` the head of one line of a list or table whose other lines start with the
    home (2、宝坻区…预算绩效管理工作情况 / 3、河北区…决算公开情况 / 4、宝坻区…), and the only
    line that starts with a division that is not the home's?"""
    if _line_head(text, m.start) != m.start:
        return False
    own = others = 0
    for mm, r in resolved:
        if r is None or mm.start == m.start or not (subj.start <= mm.start < subj.end) \
                or _line_head(text, mm.start) != mm.start:
            continue
        if r.adcode == H.adcode:
            own += 1
        elif not related_divisions(r, H):
            others += 1
    return own >= 2 and others == 0


_SUBPLACE = re.compile(r"\p{Han}{1,6}?(?:街道|镇|乡|村|社区|园区|开发区)")


def _own_sequel(text: str, m, resolved, H) -> bool:
    """Do the words after ``m`` name something of the report's own that the text names
    elsewhere without ``m``: a town or village (江海区司前镇… where 新会区司前镇 is written too)
    or the project (蓟州区东丽湖新建光辉路 where the title reads 天津市东丽湖新建光辉路)?"""
    sub = _SUBPLACE.match(text, m.end, m.end + 9)
    seq = [sub.group(0)] if sub and len(sub.group(0)) >= 3 else []
    run = re.match(r"[\p{Han}（）()\-]{6,}", text[m.end:m.end + 10])
    if run:
        seq.append(run.group(0)[:8])
    ends = {mm.end: r for mm, r in resolved if r is not None}
    for w in seq:
        for k in re.finditer(re.escape(w), text):
            if k.start() == m.end:
                continue
            # the other occurrence stands alone or follows the home (or its city, province)
            r = ends.get(k.start())
            if r is None or related_divisions(r, H):
                return True
    return False


def _org_at(ents, m):
    for o in ents.orgs:
        if o.start <= m.start and m.end <= o.end:
            return o
    return None


_PUBLIC_BODY = re.compile(r"(?:局|委员会|办公室|人民政府|政府|服务中心|管理中心|事务中心|中心)$")
_CELL_GAP = re.compile(r"[ \t\u3000]+\|?[ \t\u3000]*|[ \t\u3000]*\|[ \t\u3000]*")


def _form_cell(text: str, ents, m):
    """The organisation ``m`` opens when it is a public body standing alone as a cell of a form
    printed in one run (cells split by spaces or bars, ten or more on the line), else None."""
    o = _org_at(ents, m)
    if o is None or o.start != m.start or o.end <= m.end or not _PUBLIC_BODY.search(o.text):
        return None
    if not (_CELL_GAP.match(text, o.end) and text[m.start - 1:m.start] in (" ", "\t", "\u3000", "|")):
        return None
    ls = text.rfind("\n", 0, m.start) + 1
    le = text.find("\n", m.end)
    line = text[ls:le if le >= 0 else len(text)]
    return o if len(re.split(r"[ \t\u3000|]+", line.strip())) >= 10 else None


def _own_unit(text: str, ents, m, H) -> str:
    """The organisation ending that follows ``m`` (财政局) when the text also names the
    home's organisation with that ending (华宁县财政局), else ""."""
    o = _org_at(ents, m)
    if o is None or o.end <= m.end:
        return ""
    suffix = text[m.end:o.end]
    if len(suffix) < 2:
        return ""
    heads = [H.name] + ([H.short] if len(H.short) >= 2 else [])
    return suffix if any(h + x in text for h in heads for x in _same_ending(suffix)) else ""


@lru_cache(maxsize=1)
def _short_forms() -> dict[str, str]:
    out = {}
    for row in lexicon_rows("org_short_forms.tsv"):
        if len(row) >= 2 and row[0] != row[1]:
            out[row[0]], out[row[1]] = row[1], row[0]
    return out


def _same_ending(suffix: str) -> list[str]:
    """``suffix`` and its other spelling (住建局 / 住房和城乡建设局), also after a prefix
    (区住建局 → 区住房和城乡建设局)."""
    out = [suffix]
    for k in range(len(suffix)):
        other = _short_forms().get(suffix[k:])
        if other:
            out.append(suffix[:k] + other)
            break
    return out


def unit_pairs(doc, skip: set[int] = frozenset()):
    """Two of the report's own units under two divisions, neither inside the other, when the
    home cannot be told (洪雅县发展和改革局 / 青神县发展和改革局 in one form, each once):
    (later mention, earlier mention, its division, the other's division, "header"); without
    any header place, two sibling divisions in the report's own work (``_body_pair``, "body")."""
    text = doc.text
    ents = entities(doc)
    count = Counter()
    res = []
    for m, r in resolved_atoms(doc):
        if r is not None:
            count[r.adcode] += 1
            res.append((m, r))
    for subj in subjects(doc):
        home = home_of(doc, subj)
        if home.region is not None:
            continue
        spans = home.spans
        units = []
        for m, r in res:
            if not (subj.start <= m.start < subj.end) or r.level not in ("county", "city"):
                continue
            o = _org_at(ents, m)
            if o is None or o.end <= m.end or ents.in_citation(m.start, m.end):
                continue
            if not any(a <= m.start and m.end <= b for a, b in spans):
                continue
            units.append((m, r, text[m.end:o.end]))
        found = False
        for k, (m, r, suf) in enumerate(units):
            for m0, r0, suf0 in units[:k]:
                if suf != suf0 or related_divisions(r, r0) or r.level != r0.level:
                    continue
                if count[r.adcode] != 1 or count[r0.adcode] != 1 or m.start in skip:
                    continue
                found = True
                yield m, m0, r, r0, "header"
                break
        if found:
            continue
        # two header places (title, reporting units, publisher) that tie for home: two
        # divisions of one level, neither inside the other, each written once in the text
        # (主管部门 北京市海淀区… / 实施单位 北京市密云区…)
        by_start = {m.start: (m, r) for m, r in res}
        votes = [by_start[a] for a, _, _, c in home.evidence if a in by_start and by_start[a][1].adcode == c]
        top = [(m, r) for m, r in votes if r.level in ("county", "city")]
        if len(top) == 2 and len(home.votes) == 2:
            (m0, r0), (m, r) = sorted(top, key=lambda x: x[0].start)
            if (r.level == r0.level and not related_divisions(r, r0) and count[r.adcode] == 1
                    and count[r0.adcode] == 1 and m.start not in skip
                    and not ents.in_citation(m.start, m.end) and not ents.in_citation(m0.start, m0.end)):
                yield m, m0, r, r0, "header"
            continue
        if not home.votes:
            yield from _body_pair(doc, subj, ents, res, count, skip)
            yield from _issuer_docno_pairs(doc, subj, res, count, skip)


# an issuer before its document and 文号: X县委《…》（Y党发〔2014〕41号）
_ISSUER_DOC = re.compile(r"\p{Han}{0,12}?(?:委|政府|办|局|厅|委员会)\s*《[^《》]{1,120}》\s*"
                         r"[(（]?\s*(\p{Han}{2,6})\s*[〔\[【]\s*(?:19|20)\d\d\s*[〕\]】]\s*\d+\s*号")


def _issuer_docno_pairs(doc, subj, res, count, skip):
    """In a report with no home, a document whose issuer (X县委《…》) and 文号 (Y党发〔…〕号)
    name two sibling divisions: the 文号's first character is that of another division of the
    issuer's level and parent which the text names elsewhere, and none of the issuer's.  The
    issuer, named once, is the swapped one; the other division is the related span."""
    text = doc.text
    for m, r in res:
        if not (subj.start <= m.start < subj.end) or r.level not in ("county", "city") \
                or count[r.adcode] != 1 or m.start in skip:
            continue
        k = _ISSUER_DOC.match(text, m.end)
        if k is None or "转发" in k.group(0):
            continue          # a forwarded document keeps its own 文号
        head = k.group(1)[:2]
        if set(head) & {r.name[0], (r.short or r.name)[0]}:
            continue
        others = [(mm, rr) for mm, rr in res if rr.parent == r.parent and rr.level == r.level
                  and rr.adcode != r.adcode and mm.start != m.start
                  and (rr.short or rr.name)[0] == head[0]]
        if len({rr.adcode for _, rr in others}) == 1:
            yield m, others[0][0], r, others[0][1], "citation"


# places written on their own (a town after a county's short name is the county's: 临城镇)
_TOWN_AFTER = re.compile(r"镇|乡|街道|村|社区")


def _body_pair(doc, subj, ents, res, count, skip):
    """A report with no header place that names, in its own work, exactly two divisions of one
    level, siblings under one parent, each once (我局承担临城县…项目 … 我局承担的宁晋县…项目):
    a copy adapted one and kept the other.  No division below them is named; neither is in a
    citation, a list, a comparison or another unit's name."""
    text = doc.text
    inside = [(m, r) for m, r in res if subj.start <= m.start < subj.end]
    if not any(sum(1 for _, r in inside if r.level == level) == 2 for level in ("county", "city")):
        return        # a pair needs two of one level: nothing below can yield (spares the scans)
    # a report that speaks as the parent (全市, 我省) names two of its children on purpose
    above = {"county": re.compile(r"全市|我市|本市|全州|我州|全盟|我盟"), "city": re.compile(r"全省|我省|本省|全区|自治区")}
    for level, below in (("county", ()), ("city", ("county",))):
        if above[level].search(text, subj.start, subj.end):
            return
        if any(r.level in below for _, r in inside):
            return
        named = [(m, r) for m, r in inside if r.level == level]
        if not named:
            continue
        if len(named) != 2:
            return
        (m0, r0), (m, r) = named
        if r.parent != r0.parent or r.adcode == r0.adcode or m.start in skip:
            return
        for mm, rr in named:
            short = len(rr.short) >= 2 and sum(
                1 for k in re.finditer(re.escape(rr.short), text)
                if not _TOWN_AFTER.match(text, k.end())) > 1
            if count[rr.adcode] != 1 or short or not _plain_own(text, ents, mm, subj):
                return
        yield m, m0, r, r0, "body"
        return


def _plain_own(text: str, ents, m, subj) -> bool:
    """``m`` stands in a clause about the report's own work, outside citations, lists,
    comparisons and other units' names."""
    if ents.in_citation(m.start, m.end) or ents.in_org(m.start, m.end):
        return False
    ss, se = _bounds(text, m.start, subj.start, subj.end, _SENT_END)
    cs, ce = _bounds(text, m.start, ss, se, _CLAUSE_END)
    sent, clause = text[ss:se], text[cs:ce]
    if "《" in sent or _DOCNO.search(sent) or _LEGIT.search(clause):
        return False
    # the sentence's other clauses may speak of the project's approval (批复), not of a comparison
    if any(not _DOC_CUES.fullmatch(x.group(0)) for x in _LEGIT.finditer(sent)):
        return False
    if text[m.start - 1:m.start] in _JOIN or text[m.end:m.end + 1] in _JOIN:
        return False
    return bool(_OWN.search(clause) or (len(sent) <= 80 and _OWN.search(sent)))
