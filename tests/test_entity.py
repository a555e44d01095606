"""Entity family: scheme / region / organisation mentions, the report's subject, and the checks
entity.scheme, entity.region, entity.org and entity.residue on real-looking report text.

The sibling reports below are built from one template the way a bureau writes them: the same
sentences, with the area and the project adapted, and optionally one sentence left unadapted.
"""
from pathlib import Path

import pytest

from auditor.checks.entity import (project_name_mismatch, region_mismatch, scheme_mismatch)
from auditor.engine import Options, run
from auditor.extract.entities import entities, find_regions, find_schemes, subjects
from conftest import corpus_file, random_unit

AGENCY = "开发区·铁山区医疗保障局"


def sibling_report(area: str, tag: str, residue: str | None = None, swap: str | None = None,
                   budget: str = "110") -> str:
    """One report of a family cut from one template.  ``area`` fills the area slot everywhere,
    except the 主要经验 sentence, which keeps ``residue`` when given; ``swap`` replaces the area
    in the 整改措施 sentence only."""
    exp_area = residue or area
    fix_area = swap or area
    return f"""附件1
2022年度城乡居民医保项目自评表
填报日期：2023年6月21日
项目名称：城乡居民基本医疗保险区级配套资金（{tag}）
项目单位：{AGENCY}
主管部门：{AGENCY}
一、项目概况和资金使用管理情况
根据《关于调整城乡居民基本医疗保险2022年筹资标准的通知》（黄医保发〔2021〕14号），个人缴费标准调整为320元/人/年。
2022年预计{area}参保人数为1.6万人，预算区级配套资金为{budget}万元。
该项目资金年初预算{budget}万元，已全部拨款到位。
2022年{area}实际参保人数14368人，按时完成拨付区级承担资金{budget}万元。
为参保群众提供了基本医疗保险、大病医保和医疗救助“一站式”服务，保障了{area}居民医疗保险正常参保续保率达95%以上。
二、项目绩效分析及评价结论
除职工基本医疗保险应参保人员以外的其他所有城乡居民，均纳入城乡居民基本医疗保险覆盖范围。
2022年{area}参加城乡居民基本医疗保险人数14368人，即拨付资金{budget}万元。
项目实现了预期目标，{area}城乡居民基本医疗保险参保率达95%以上，有效缓解了参保群众看病贵看病难的问题。
三、主要经验及做法、存在的问题和建议
我单位严格按照省、市相关要求执行城乡居民基本医疗保险政策，实现了{exp_area}城乡居民基本医疗保险区级承担资金绩效考核目标。
城乡居民基本医疗保险政策宣传不够深入，群众知晓率和参与度不高。
做好2023年度{fix_area}城乡居民筹资工作，我局将积极配合政府及其他相关部门，完成目标任务。
加强医保基金监管，坚持“零容忍”态度，切实保障医保基金安全。
"""


EMPLOYEE_FUND = """项目绩效自评报告

项目名称：城镇职工基本医疗保险基金

填报单位：惠州市医疗保障事业管理中心

一、项目基本情况

专项资金评价年度的资金额度为266.22万元。
{body}
"""


def _codes(findings):
    return [f.rule for f in findings]


# ---------------------------------------------------------------------------- mentions


def test_scheme_aliases_and_longest_match():
    found = [(m.text, m.scheme.id) for m in find_schemes("拨付城镇居民医疗保险待遇，职工医保和城乡居民医保，新农合")]
    assert found == [("城镇居民医疗保险", "urban_resident_medical"), ("职工医保", "employee_medical"),
                     ("城乡居民医保", "resident_medical"), ("新农合", "rural_medical")]
    (emp,), (res,), (ncms,) = (find_schemes(t) for t in ("职工医保", "城乡居民医保", "新农合"))
    assert emp.scheme.conflicts(res.scheme) and emp.scheme.conflicts(ncms.scheme)
    assert not res.scheme.conflicts(ncms.scheme)      # 新农合 was merged into 城乡居民医保


def test_region_mentions_known_short_and_unknown_places():
    text = "2022年预计铁山区域参保人数为1.6万人，开发区章山区域实际参保11789人，全面覆盖区域范围内的城乡居民。"
    regions = [(m.text, m.source) for m in find_regions(text)]
    assert ("铁山区域", "short") in regions               # short name of 铁山区 + 区域
    assert ("开发区章山区域", "compound") in regions         # unknown name + 区域, after a zone word
    assert not any("覆盖" in r or "城乡" in r for r, _ in regions)   # 覆盖区域, 城乡 are not places


def test_region_inside_an_organisation_name_is_not_a_region_mention(make_doc):
    doc = make_doc(f"项目单位：{AGENCY}\n主管部门：华宁县财政局\n实现了铁山区域参保目标。\n")
    ents = entities(doc)
    assert sorted(o.text for o in ents.orgs) == sorted([AGENCY, "华宁县财政局"])
    assert [m.text for m in ents.regions] == ["铁山区域"]


def test_subject_from_project_name_not_from_template_title(make_doc):
    text = sibling_report("铁山区域", "铁") + sibling_report("开发区章山区域", "开") + """附件1
2022年度城乡居民医保项目自评表
项目名称：医疗救助工作经费
主管部门：区医疗保障局
医疗救助工作经费用于制证、制卡、入户调查和数据管理，职工医保和居民医保经办服务同步推进。
"""
    subs = subjects(make_doc(text))
    # (values are read from the normalized text: full-width brackets folded)
    assert [s.project_names[0][0] for s in subs] == ["城乡居民基本医疗保险区级配套资金(铁)",
                                                     "城乡居民基本医疗保险区级配套资金(开)", "医疗救助工作经费"]
    assert [s.scheme.id if s.scheme else None for s in subs] == ["resident_medical", "resident_medical", None]
    assert subs[0].region.name == "铁山区"          # from the agency that files it


# ---------------------------------------------------------------------------- entity.scheme


def test_body_paying_another_schemes_benefits_is_flagged(make_doc):
    doc = make_doc(EMPLOYEE_FUND.format(body="社保经办及时向财政专户请拨各项资金，拨付城镇居民医疗保险待遇。"))
    (f,) = scheme_mismatch(doc)
    assert f.rule == "entity.scheme" and f.confidence == "certain"
    assert f.excerpt == "城镇居民医疗保险"
    assert "城镇职工基本医疗保险" in f.message and "城镇居民医疗保险" in f.message
    assert [r.role for r in f.related] == ["subject"] and f.related[0].excerpt == "城镇职工基本医疗保险"


def test_one_finding_per_clause_and_each_clause_counts(make_doc):
    body = ("城镇职工基本医疗保险补助标准达标率100%，城乡居民基本医疗保险补助发放及时率100%，"
            "全部用于支付城乡居民医疗住院门诊等各项待遇发放。")
    found = list(scheme_mismatch(make_doc(EMPLOYEE_FUND.format(body=body))))
    assert [f.excerpt for f in found] == ["城乡居民基本医疗保险", "城乡居民医疗"]
    assert [f.confidence for f in found] == ["certain", "likely"]      # bare 城乡居民医疗 is weaker


@pytest.mark.parametrize("sentence", [
    "根据《关于做好2022年城乡居民基本医疗保险工作的通知》要求，做好职工医保基金管理。",
    "按照医保发〔2022〕19号关于城乡居民医保的规定执行。",
    "推进职工医保和居民医保关系转移接续。",
    "统筹城镇职工和城乡居民基本医疗保险待遇政策。",
    "与城乡居民医保相比，职工医保待遇水平较高。",
    "全市基本医疗保险参保人数420万人，其中居民医保参保人数241万人。",
    "原新型农村合作医疗已整合进城乡居民医保。",
    "全年拨付职工医保待遇1.2亿元（不含居民医保）。",
    "为参保群众提供基本医疗保险、大病保险和医疗救助一站式服务，生育保险与职工医保合并实施。",
])
def test_legitimate_mentions_of_other_schemes_are_silent(make_doc, sentence):
    assert list(scheme_mismatch(make_doc(EMPLOYEE_FUND.format(body=sentence)))) == []


def test_bare_population_word_without_own_money_is_only_a_hint(make_doc):
    (f,) = scheme_mismatch(make_doc(EMPLOYEE_FUND.format(body="城乡居民医疗水平不断提高，群众看病难问题有所改善。")))
    assert f.confidence == "possible"


def test_exclusion_and_trend_in_a_resident_report_are_silent(make_doc):
    text = """江门市医疗保障局2022年度城乡居民基本医疗保险补助资金项目绩效自评报告
一、项目概况
除职工基本医疗保险应参保人员以外的其他所有城乡居民，均纳入城乡居民基本医疗保险覆盖范围。
截至2022年12月底，我市基本医疗保险参保人为420.08万人，其中职工医保参保人数为178.81万人；居民医保参保人为241.27万人。
呈“职工医保逐年上升，城乡居民医保逐年下降，总体平稳”的趋势。
"""
    assert list(scheme_mismatch(make_doc(text))) == []


def test_department_level_report_has_no_single_scheme(make_doc):
    text = """部门整体支出绩效自评报告
部门名称：惠州市医疗保障局
一、部门基本情况
全年拨付城乡居民医保待遇和职工医保待遇，发放城镇居民医疗保险待遇。
"""
    assert list(scheme_mismatch(make_doc(text))) == []


def test_title_scheme_contradicting_the_project_name(make_doc):
    text = "城乡居民基本医疗保险基金项目绩效自评报告\n\n" + EMPLOYEE_FUND.format(
        body="城镇职工基本医疗保险基金由税务局代征，及时足额发放职工医保待遇。").replace("项目绩效自评报告\n\n", "", 1)
    found = list(scheme_mismatch(make_doc(text)))
    assert [(f.excerpt, f.evidence.get("where")) for f in found] == [("城乡居民基本医疗保险", "title")]


def test_title_only_report_whose_body_speaks_of_another_scheme_gets_one_finding(make_doc):
    body = "\n".join(["城镇职工基本医疗保险基金由税务局代征，全年拨付职工医保待遇1.2亿元。",
                      "在职职工参保人数16849人，职工医保基金运行平稳。",
                      "职工医疗保险对减轻参保职工经济负担有一定帮助。"])
    text = f"2023年华宁县城乡居民基本医疗保险绩效评价报告\n委托单位：华宁县财政局\n一、项目概况\n{body}\n"
    found = list(scheme_mismatch(make_doc(text)))
    assert len(found) == 1 and found[0].excerpt == "城乡居民基本医疗保险"
    assert "正文 4 处" in found[0].message          # four clauses, all about employees


def test_seed_000_scheme_residue(tmp_path):
    res = run([str(corpus_file("000"))], Options(select=["entity"], group=False))
    excerpts = [f.excerpt for f in res.findings if f.rule == "entity.scheme"]
    assert excerpts[:3] == ["城镇居民医疗保险"] * 3 and "城乡居民医疗保险" in excerpts


def test_seed_004_policy_citation_is_silent():
    res = run([str(corpus_file("004"))], Options(select=["entity"], min_confidence="possible"))
    assert res.findings == []


# ---------------------------------------------------------------------------- entity.region


def test_sibling_area_left_in_one_report_of_a_file(make_doc):
    text = sibling_report("铁山区域", "铁") + sibling_report("开发区章山区域", "开", residue="铁山区域")
    doc = make_doc(text)
    found = [f for f in region_mismatch(doc) if f.confidence != "possible"]
    assert len(found) == 1
    f = found[0]
    assert f.rule == "entity.region" and f.excerpt == "铁山区域" and f.confidence == "certain"
    assert f.start > text.index("（开）")                       # in the 开 report, not the 铁 one
    assert "开发区章山区域" in f.message and "(铁)" in f.message
    assert {r.role for r in f.related} == {"adapted", "subject"}
    # the agency name 开发区·铁山区医疗保障局 (in both reports) is never flagged
    for k in range(text.count(AGENCY)):
        pos = -1
        for _ in range(k + 1):
            pos = text.index(AGENCY, pos + 1)
        assert not any(x.start < pos + len(AGENCY) and pos < x.end for x in region_mismatch(doc))


def test_fully_adapted_siblings_are_silent(make_doc):
    text = (sibling_report("铁山区域", "铁") + sibling_report("开发区章山区域", "开", budget="100")
            + sibling_report("下陆区域", "下", budget="90"))
    assert [f for f in region_mismatch(make_doc(text)) if f.confidence != "possible"] == []


def test_seed_003_residue_and_agency_name():
    res = run([str(corpus_file("003"))], Options(select=["entity.region"]))
    (f,) = res.findings
    assert f.excerpt == "铁山区域" and f.line == 207


def test_scope_slip_in_a_county_report(make_doc):
    text = """2023年华宁县城镇职工基本医疗保险绩效评价报告
项目主管单位：华宁县医疗保障局
一、项目概况
通过职工基本医疗保险的运行，切实保障全市职工基本医疗保险的支付能力。
"""
    (f,) = [f for f in region_mismatch(make_doc(text))]
    assert f.excerpt == "全市" and f.confidence == "likely" and "华宁县" in f.message
    # the same sentence in a report that explains city-level pooling is only a hint
    pooled = text.replace("一、项目概况\n", "一、项目概况\n玉溪市实行职工医保市级统筹。\n")
    assert [f.confidence for f in region_mismatch(make_doc(pooled))] == ["possible"]


def test_header_names_two_unrelated_divisions(make_doc):
    text = "2023年华宁县城镇职工基本医疗保险绩效评价报告\n项目主管单位：江门市医疗保障局\n一、项目概况\n基金运行平稳。\n"
    found = [f for f in region_mismatch(make_doc(text)) if f.evidence.get("first")]
    assert len(found) == 1 and "华宁县" in found[0].message and "江门市" in found[0].message
    same = "2023年华宁县城镇职工基本医疗保险绩效评价报告\n项目主管单位：玉溪市医疗保障局\n一、项目概况\n基金运行平稳。\n"
    assert [f for f in region_mismatch(make_doc(same)) if f.evidence.get("first")] == []


# ---------------------------------------------------------------------------- entity.residue (files)


def _write(tmp_path: Path, name: str, text: str) -> str:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return str(p)


def test_residue_across_files(tmp_path):
    _write(tmp_path, "a_tieshan.txt", sibling_report("铁山区域", "铁"))
    b = _write(tmp_path, "b_xialu.txt", sibling_report("下陆区域", "下", residue="铁山区域", budget="95"))
    res = run([str(tmp_path)], Options(select=["entity"], group=False))
    found = [(Path(d.path).name, f.rule, f.excerpt) for d in res.documents for f in d.findings]
    assert found == [("b_xialu.txt", "entity.residue", "铁山区域")]
    f = res.documents[1].findings[0]
    assert f.evidence["sibling_path"].endswith("a_tieshan.txt") and "下陆区域" in f.message
    # the same run with jobs=2 (documents prepared in worker processes) finds the same
    res2 = run([str(tmp_path)], Options(select=["entity"], jobs=2))
    assert [(f.start, f.end, f.message) for d in res2.documents for f in d.findings] == \
        [(f.start, f.end, f.message) for d in res.documents for f in d.findings]
    assert Path(b).read_text(encoding="utf-8")[f.start:f.end] == "铁山区域"


def test_residue_split_into_parts_joins_to_the_whole_rule(tmp_path):
    """The engine runs entity.residue in parts (one per --jobs); whatever the cut, the join
    gives the whole rule's findings, including which sibling a finding cites when two
    siblings (in different parts) both show the residue."""
    from auditor.checks.entity import cross_document_residue, sibling_view
    from auditor.ingest import load
    from auditor.model import build_document

    texts = [sibling_report("铁山区域", "铁"), sibling_report("下陆区域", "下", residue="铁山区域", budget="95"),
             sibling_report("铁山区域", "山", budget="120"),
             sibling_report("西塞山区域", "西", residue="铁山区域", budget="80"),
             sibling_report("黄石港区域", "黄", swap="下陆区域", budget="70")]
    paths = [_write(tmp_path, f"r{i}.txt", t) for i, t in enumerate(texts)]
    views = [sibling_view(build_document(p, load(p).text, "utf-8")) for p in paths]
    whole = [(i, f.start, f.end, f.message) for i, f in cross_document_residue(views)]
    assert {i for i, *_ in whole} == {1, 3, 4} and len(whole) == 3
    for n in (1, 2, 3, 7, 50):
        split = cross_document_residue.split(views, n)
        assert len(split.parts) <= n
        got = [(i, f.start, f.end, f.message) for i, f in split.join([p() for p in split.parts])]
        assert got == whole, n
    assert run([str(tmp_path)], Options(select=["entity.residue"], jobs=3)).findings == \
        run([str(tmp_path)], Options(select=["entity.residue"], jobs=1)).findings


def test_one_swapped_place_in_a_copy(tmp_path):
    _write(tmp_path, "a.txt", sibling_report("铁山区域", "铁"))
    _write(tmp_path, "b.txt", sibling_report("铁山区域", "铁", swap="西塞山区域"))
    res = run([str(tmp_path)], Options(select=["entity"], group=False))
    found = [(Path(d.path).name, f.rule, f.excerpt, f.confidence) for d in res.documents for f in d.findings]
    assert found == [("b.txt", "entity.residue", "西塞山区域", "likely")]


def test_sibling_place_named_in_a_sentence_of_its_own_is_not_residue(tmp_path):
    """A report may name its neighbour in a sentence the template does not have."""
    _write(tmp_path, "a.txt", sibling_report("铁山区域", "铁"))
    own = sibling_report("下陆区域", "下", budget="95").replace(
        "加强医保基金监管", "与铁山区域交界的三个村由我局委托代管，参保工作同步推进。\n加强医保基金监管")
    _write(tmp_path, "b.txt", own)
    res = run([str(tmp_path)], Options(select=["entity"], group=False))
    assert res.findings == []


def test_unrelated_reports_are_not_siblings(tmp_path):
    _write(tmp_path, "a.txt", sibling_report("铁山区域", "铁"))
    _write(tmp_path, "b.txt", EMPLOYEE_FUND.format(body="城镇职工基本医疗保险基金由税务局代征，华宁县参保人数16849人。"))
    res = run([str(tmp_path)], Options(select=["entity.residue"], min_confidence="possible"))
    assert res.findings == []


# ---------------------------------------------------------------------------- entity.org


def test_project_name_differs_between_score_table_and_cover(make_doc):
    text = """附件1
2022年度城乡居民医保项目自评表
项目名称\t\t金山、汪仁拆迁户2022年城乡居民基本医疗保险个人缴费50%部分\t\t
主管部门\t\t区医疗保障局\t\t
财政项目支出绩效评价报告
项目名称：金山、汪仁拆迁户2022年城乡基本医疗保险个人缴费50%部分
项目单位：开发区·铁山区医疗保障局
"""
    (f,) = project_name_mismatch(make_doc(text))
    assert f.rule == "entity.org" and f.confidence == "likely"
    assert f.excerpt == "金山、汪仁拆迁户2022年城乡基本医疗保险个人缴费50%部分"
    assert "少“居民”" in f.message and f.related[0].role == "subject"


@pytest.mark.parametrize("cover", ["城乡居民基本医疗保险区级配套资金项目", "城乡居民基本医疗保险区级配套资金",
                                   "2022年城乡居民基本医疗保险区级配套资金"])
def test_project_name_variants_that_mean_the_same_project_are_silent(make_doc, cover):
    text = f"项目名称\t城乡居民基本医疗保险区级配套资金\t\n主管部门\t区医疗保障局\t\n评价报告\n项目名称：{cover}\n"
    assert list(project_name_mismatch(make_doc(text))) == []


def test_seed_folder_is_fast_and_clean_on_protected_places():
    import time
    t = time.perf_counter()
    res = run([str(corpus_file("000").parent)], Options(select=["entity"], group=False))
    assert time.perf_counter() - t < 20
    text = corpus_file("003").read_text(encoding="utf-8")
    agency = [i for i in range(len(text)) if text.startswith(AGENCY, i)]
    for d in res.documents:
        for f in d.findings:
            if d.path.endswith(corpus_file("003").name):
                assert not any(f.start < a + len(AGENCY) and a < f.end for a in agency)
            assert "《" not in f.excerpt


def test_sibling_view_maps_offsets_as_the_document_does(make_doc):
    from auditor.checks.entity import sibling_view
    doc = make_doc("项目名称：铁山区域项目\n  一、基本情况  \n<p>铁山区域</p>２０２３年\r\n绩效\n目标\n" * 3)
    view = sibling_view(doc)
    n = len(doc.text)
    for s in range(n + 1):
        for e in (s, min(n, s + 1), min(n, s + 5)):
            assert view.span_to_original(s, e) == doc.span_to_original(s, e)


def test_best_matches_of_several_units_at_once_equal_one_by_one():
    """``_best_matches_many`` stacks the sentences of several units b against one unit a;
    each b gets the argmax over the whole ``cdist`` matrix, as alone (including exact copies,
    sentences of 100+ characters that an earlier near copy ties, and units with no sentence)."""
    import random
    import numpy as np
    from rapidfuzz import fuzz, process
    from auditor.checks.entity import _best_matches_many, _Sents, _Unit
    rng = random.Random(5)
    alphabet = "铁山章区域城乡居民基本医疗保险政策宣传不够深入加强监管12345，"
    pool = ["".join(rng.choice(alphabet) for _ in range(rng.randint(6, 120))) for _ in range(40)]

    def unit(n, edits):
        return random_unit(rng, alphabet, pool, n, edits)

    for _ in range(20):
        ids: dict = {}
        a = _Sents(unit(rng.randint(1, 30), 1), ids)
        bs = [_Sents(unit(rng.randint(0, 25), rng.choice([0, 1, 4])), ids) for _ in range(rng.randint(1, 6))]
        for sb, (rows, scores) in zip(bs, _best_matches_many(a, bs)):
            assert len(rows) == len(sb.texts)
            if not sb.texts:
                continue
            m = process.cdist(sb.texts, a.texts, scorer=fuzz.ratio, score_cutoff=70, dtype=np.uint8)
            best = m.argmax(axis=1)
            assert np.array_equal(scores, m[np.arange(len(best)), best])
            assert np.array_equal(rows[scores > 0], best[scores > 0])


def test_pruned_best_matches_equal_the_full_matrix():
    """``_best_matches`` skips candidates that cannot be a row's first maximum; the rows and
    scores it gives are those of the argmax over the whole ``cdist`` matrix."""
    import random
    import numpy as np
    from rapidfuzz import fuzz, process
    from auditor.checks.entity import _Unit, _best_matches
    rng = random.Random(3)
    alphabet = "铁山章区域城乡居民基本医疗保险政策宣传不够深入加强监管12345，"
    pool = ["".join(rng.choice(alphabet) for _ in range(rng.randint(6, 60))) for _ in range(40)]
    for _ in range(30):
        a = _Unit(0, None, [(0, 0, rng.choice(pool)) for _ in range(rng.randint(1, 30))])
        sents = []
        for _ in range(rng.randint(1, 30)):
            t = list(rng.choice(pool))
            for _ in range(rng.randint(0, 4)):
                t[rng.randrange(len(t))] = rng.choice(alphabet)
            sents.append((0, 0, "".join(t)))
        b = _Unit(1, None, sents)
        rows, scores = _best_matches(a, b)
        m = process.cdist([t for *_, t in b.sents], [t for *_, t in a.sents], scorer=fuzz.ratio,
                          score_cutoff=70, dtype=np.uint8)
        best = m.argmax(axis=1)
        assert np.array_equal(scores, m[np.arange(len(best)), best])
        assert np.array_equal(rows[scores > 0], best[scores > 0])


# --------------------------------------------------------------------------- renamed divisions

def test_former_division_name_next_to_its_current_name(make_doc):
    from auditor.checks.entity import region_mismatch
    text = ("芜湖市2022年度公共文化服务补助资金绩效自评报告\n"
            "1.分配繁昌区 16.2 万元，南陵县 31.2 万元。\n"
            "2.分配繁昌区 25 万元，无为市 93 万元。\n"
            "3.分配繁昌县 56.5 万元，南陵县 74.1 万元。\n")
    fs = [f for f in region_mismatch(make_doc(text)) if f.evidence.get("former")]
    assert [f.excerpt for f in fs] == ["繁昌县"]
    assert fs[0].evidence["current"] == "繁昌区" and fs[0].confidence == "likely"
    assert len(fs[0].related) == 2


@pytest.mark.parametrize("text", [
    # the report never uses the current name: it may predate the change
    "2018年度繁昌县农村公路养护资金绩效自评报告\n繁昌县完成养护 120 公里。\n",
    # history
    "繁昌区（原繁昌县）2022年完成养护 120 公里，繁昌区财政局拨付资金。\n",
    "2020年繁昌县撤县设区，繁昌区2022年完成养护 120 公里。\n",
    # a division that was not renamed
    "南陵县完成 3 项，南陵县完成 5 项，无为市完成 2 项。\n",
])
def test_former_names_in_history_or_alone_are_silent(make_doc, text):
    from auditor.checks.entity import region_mismatch
    assert [f for f in region_mismatch(make_doc(text)) if f.evidence.get("former")] == []


def test_shingle_samples_equal_the_plain_definition():
    """``entity_siblings._shingles`` reads its samples off a per-text numpy pass; they must be
    those of the definition: after each anchor, the 24 characters squeezed (digits, spaces,
    ``.,%`` dropped), kept when 12 remain, their first 12 (full-width digits and spaces,
    non-ASCII digits and a lone surrogate included)."""
    import random

    from auditor import rx as re
    from auditor.checks import entity_siblings as S

    squeeze = re.compile(r"[\s\d.,%]+")

    def plain(text, start, end):
        out = set()
        for m in S._ANCHOR.finditer(text, start, end):
            chunk = squeeze.sub("", text[m.end():m.end() + 24])[:12]
            if len(chunk) == 12:
                out.add(hash(chunk))
        return out

    rng = random.Random(3)
    alphabet = "，。、；：:;,|（）()\t\n 　１２３0123456789.%城乡居民基本医疗保险项目资金ab\ud800\x85\u2009٣"
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        s = rng.randint(0, len(text))
        e = rng.randint(s, len(text))
        assert S._shingles(text, s, e) == plain(text, s, e), repr(text)


def _adapted_copies():
    """(text a, text b) pairs of real reports (corpus/) and a copy of each with its most
    named place replaced by another in all but one place: sibling pairs with slots, kept
    places and changed lines of every kind."""
    from collections import Counter

    from auditor.model import build_document

    folder = Path(corpus_file("000")).parent
    for path in sorted(folder.glob("*.txt"))[:24]:
        name = path.name
        text = path.read_text(encoding="utf-8")
        doc = build_document(name, text, "utf-8")
        places = Counter(text[m.start:m.end] for m in entities(doc).atoms if m.end - m.start >= 2)
        if not places:
            continue
        x = places.most_common(1)[0][0]
        y = "梅州市" if x != "梅州市" else "惠州市"
        k = text.find(x)
        copy = text[:k + len(x)] + text[k + len(x):].replace(x, y)
        yield text, copy
        yield copy, text


def test_lazy_alignment_reads_what_the_full_alignment_has():
    """``place_residue`` aligns changed lines character by character only where it reads
    them (``_LazyAlignment``): its slot blocks are the full alignment's blocks with a place
    on both sides, in order, and its kept runs are the full alignment's equal runs."""
    import bisect

    from auditor.checks import entity_siblings as S
    from auditor.checks.entity import sibling_view
    from auditor.model import build_document

    checked = runs = blocks = 0
    for ta, tb in _adapted_copies():
        va, vb = sibling_view(build_document("a", ta, "utf-8")), sibling_view(build_document("b", tb, "utf-8"))
        for a in va.units:
            for b in vb.units:
                A, a_starts, a_reach, *_ = S._unit_places(va, a)
                B, b_starts, b_reach, *_ = S._unit_places(vb, b)
                a0, a1, b0, b1 = a.subj.start, a.subj.end, b.subj.start, b.subj.end
                equal, changes = S.align(va.text, a0, a1, vb.text, b0, b1)
                lazy = S._LazyAlignment(va.text, a0, a1, vb.text, b0, b1)

                def has(atoms, s, e):
                    return any(p < e and s < q for p, q, _ in atoms)
                got = list(lazy.changes(lambda s, e: has(A, s, e), lambda s, e: has(B, s, e)))
                # the full alignment's blocks, less those of line blocks without a place on a side
                line_blocks = [blk for blk in lazy.blocks if not blk[0]]
                want = [c for c in changes if c[0] != c[1] and c[2] != c[3] and any(
                    as_ <= c[0] and c[1] <= ae and bs <= c[2] and c[3] <= be and has(A, as_, ae) and has(B, bs, be)
                    for _, as_, ae, bs, be in line_blocks)]
                assert [c for c in got if c[0] != c[1] and c[2] != c[3]] == want
                eq_b = [r[1] for r in equal]
                for s in range(b0, b1, 7):
                    for n in (2, 3, 5):
                        e = min(b1, s + n)
                        k = bisect.bisect_right(eq_b, s) - 1
                        full = None
                        if k >= 0:
                            ea, eb, ln = equal[k]
                            if eb <= s and e <= eb + ln and ln >= n + 3:
                                full = equal[k]
                        assert lazy.kept_run(s, e, n + 3) == full, (s, e)
                        runs += full is not None
                blocks += len(got)
                checked += 1
    assert checked >= 20 and runs and blocks


def test_slots_left_out_are_those_whose_value_b_lacks():
    """``_slots`` skips a changed block whose a side does not occur in b (the slot's a value
    holds it, and a value b lacks gives no finding): the slots it keeps are the full
    computation's slots whose a value occurs in b, with the same sentences, in order."""
    from auditor.checks.entity import _Sents, _kept, _slots, _best_matches, sibling_view
    from auditor.model import build_document

    checked = left_out = 0
    for ta, tb in _adapted_copies():
        va, vb = sibling_view(build_document("a", ta, "utf-8")), sibling_view(build_document("b", tb, "utf-8"))
        for a in va.units:
            for b in vb.units:
                if not a.count or not b.count:
                    continue
                sa = _Sents(a)
                sb = _Sents(b, sa.ids)
                kb, ka, ks = _kept(_best_matches(a, b, sa, sb), sa, sb)
                changed = [(sa.sents[i], sb.sents[j], sc) for j, i, sc in zip(kb.tolist(), ka.tolist(), ks.tolist())
                           if sc < 100]
                full = _slots(va, a, vb, b, changed, only_in_b=False)
                fast = _slots(va, a, vb, b, changed)
                kept = {k: v for k, v in full.items() if vb.text.find(k[0], b.subj.start, b.subj.end) >= 0}
                assert list(fast) == list(kept)
                assert all(fast[k].pairs == kept[k].pairs and fast[k].kind == kept[k].kind for k in fast)
                left_out += len(full) - len(fast)
                checked += 1
    assert checked >= 20 and left_out


def test_place_residue_pruned_to_keepable_places_equals_the_full_pass():
    """``place_residue`` aligns character by character only the changed lines holding a place
    of a that b may keep; on real reports and their adapted copies it yields what the pass
    over every changed line with a place yields."""
    from auditor.checks import entity_siblings as S
    from auditor.checks.entity import sibling_view
    from auditor.model import build_document

    found = 0
    for ta, tb in _adapted_copies():
        va, vb = sibling_view(build_document("a", ta, "utf-8")), sibling_view(build_document("b", tb, "utf-8"))
        for a in va.units:
            for b in vb.units:
                full = list(S.place_residue(va, a, vb, b, prune=False))
                assert list(S.place_residue(va, a, vb, b)) == full
                found += len(full)
    assert found
