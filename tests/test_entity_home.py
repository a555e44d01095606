"""entity.region (a division of another county in the report's own work, from the report's
home) and entity.residue / entity.region (sibling residue found by aligning whole texts: places
in headers, publisher lines, organisation names and forms), on real-looking county reports.

华宁县, 通海县, 江川区, 澄江县 (now 澄江市) are divisions of 玉溪市, 云南省.
"""
from pathlib import Path

import pytest

from auditor.checks.entity import region_mismatch
from auditor.engine import Options, run
from auditor.extract.entities import subjects
from auditor.extract.home import header_spans, home_of


def county_report(home: str = "华宁", extra: str = "", publisher: str | None = None,
                  unit: str | None = None, finance: str | None = None, kept: dict | None = None) -> str:
    """A county's self-evaluation of its resident medical insurance subsidy, as published on the
    county's site.  ``home`` fills every place slot; ``kept`` maps a slot name to another
    place (a slot a copy did not adapt)."""
    kept = kept or {}

    def slot(name):
        return kept.get(name, home)
    return f"""索引号 01526405-X/20240326-00135 发布机构 {publisher or slot('pub')}县医疗保障局
公开目录 绩效自评报告 发布日期 2024-03-26
{slot('title')}县2023年城乡居民基本医疗保险财政补助资金绩效自评报告
项目名称：{slot('name')}县2023年城乡居民基本医疗保险财政补助资金
填报单位：{unit or slot('unit')}县医疗保障局
一、项目基本情况
根据《云南省医疗保障局 云南省财政厅关于做好2023年城乡居民基本医疗保险工作的通知》（云医保〔2023〕50号），{slot('b1')}县2023年城乡居民基本医疗保险财政补助标准为每人每年640元。
全县参保人数为18.6万人，县级财政补助资金1190万元已全部拨付到位。
二、绩效目标完成情况
{slot('b2')}县医疗保障局按月向医保基金拨付补助资金，参保群众待遇按时足额发放，全县参保率达96.5%。
{extra}全年{slot('b3')}县住院医疗费用政策范围内报销比例达70%，有效减轻了参保群众就医负担。
三、评价工作开展情况
为提高资金使用效益，{finance or slot('fin')}县财政局委托第三方中介机构对项目开展了绩效评价。
四、存在的问题和改进措施
部分乡镇参保宣传不够深入，下一步{slot('b4')}县将加强政策宣传，确保应保尽保。
"""


def _region(findings):
    return [f for f in findings if f.rule == "entity.region"]


# ---------------------------------------------------------------------------- home


def test_home_from_title_fields_and_publisher(make_doc):
    doc = make_doc(county_report())
    (subj,) = subjects(doc)
    home = home_of(doc, subj)
    assert home.region.name == "华宁县"
    assert {"530424", "530400", "530000"} <= set(home.codes)
    assert {src for *_, src, _ in home.evidence} >= {"title", "unit"}


def test_home_when_one_header_field_disagrees_is_the_place_the_text_repeats(make_doc):
    doc = make_doc(county_report(publisher="通海"))
    (subj,) = subjects(doc)
    assert home_of(doc, subj).region.name == "华宁县"


# ---------------------------------------------------------------------------- foreign place


def test_clean_county_report_is_silent(make_doc):
    assert _region(region_mismatch(make_doc(county_report()))) == []


def test_another_county_in_the_reports_own_work(make_doc):
    doc = make_doc(county_report(extra="通海县全年拨付大病保险补助资金320万元，"))
    (f,) = _region(region_mismatch(doc))
    assert doc.original[f.start:f.end] == "通海县" and f.confidence == "likely"
    assert f.evidence["home"] == "华宁县" and f.evidence["home_parent"] == "玉溪市"
    assert f.evidence["found"] == "通海县" and f.evidence["found_parent"] == "玉溪市"
    assert "华宁县" in f.message and "通海县" in f.message
    assert f.related and all(doc.original[r.start:r.end] == "华宁县" for r in f.related)


def test_another_county_in_the_publisher_line(make_doc):
    doc = make_doc(county_report(publisher="通海"))
    (f,) = _region(region_mismatch(doc))
    assert doc.original[f.start:f.end] == "通海县" and f.start < 40
    assert f.evidence["where"] == "header"


def test_own_finance_bureau_under_another_county(make_doc):
    doc = make_doc(county_report(extra="华宁县财政局按季度拨付资金，", finance="澄江"))
    (f,) = _region(region_mismatch(doc))
    assert doc.original[f.start:f.end] == "澄江县"
    assert f.evidence["where"] == "own_unit"


def test_another_prefecture_in_the_reports_own_work(make_doc):
    doc = make_doc(county_report(extra="楚雄市全年拨付大病保险补助资金320万元，"))
    (f,) = _region(region_mismatch(doc))
    assert f.evidence["found"] == "楚雄市" and f.evidence["found_parent"] == "楚雄彝族自治州"


@pytest.mark.parametrize("sentence", [
    "根据《通海县医疗保障局关于规范大病保险经办工作的通知》，",                    # citation
    "参照通海县医疗保障局（通医保〔2022〕12号）的做法，",                         # 文号
    "我县对口帮扶通海县开展医保经办能力建设，",                                   # 对口帮扶
    "与通海县相比，我县参保率高出2个百分点，",                                     # comparison
    "市医疗保障局向华宁县、通海县、江川区下达补助资金，",                          # list of recipients
    "与通海县交界的两个乡镇参保工作同步推进，",                                   # neighbour
    "部分患者转诊至通海县人民医院治疗，",                                         # another unit
    "中标单位云南某某建设有限公司（地址：通海县秀山街道）完成系统改造，",           # address
    "玉溪市医疗保障局下达补助资金，",                                             # the home's own city
    "省医疗保障局调研组到我县开展调研，",                                         # 上级, no place
    "邀请通海县医疗保障局专家参与评审，",                                         # invited, not own unit
    "全县参保人数较通海县多1.2万人，",                                            # comparison (较)
    "派员赴通海县学习先进经验，",                                                 # visit
    "全县参保人员在通海县等周边县定点医院住院实现直接结算，",                     # neighbours
    "聘请昆明市某会计师事务所开展审计，",                                         # third party
])
def test_legitimate_mentions_of_other_places_are_silent(make_doc, sentence):
    assert _region(region_mismatch(make_doc(county_report(extra=sentence)))) == []


def test_city_report_allocating_to_its_counties_is_silent(make_doc):
    text = """玉溪市2023年城乡居民基本医疗保险市级补助资金绩效自评报告
填报单位：玉溪市医疗保障局
一、项目基本情况
玉溪市医疗保障局按照全市参保人数下达市级补助资金3200万元。
其中下达华宁县补助资金410万元，全市参保率达96%。
二、绩效目标完成情况
通海县完成参保登记工作，玉溪市参保群众待遇按时发放。
"""
    assert _region(region_mismatch(make_doc(text))) == []


def _city_department(title_city: str = "玉溪", source_city: str = "玉溪", extra: str = "") -> str:
    return f"""{title_city}市医疗保障局2023年度部门整体支出绩效自评报告
信息来源：{source_city}市医疗保障局
一、部门基本情况
玉溪市医疗保障局为市政府工作部门，内设机构5个，下属华宁县、通海县医疗保障局业务指导。
玉溪市医疗保障局2023年部门整体支出3200万元，{extra}全市参保率达96%。
二、部门整体支出绩效情况
通海县完成参保登记工作，玉溪市参保群众待遇按时发放，玉溪市医保基金运行平稳。
"""


def test_city_department_report_with_another_city_in_its_title(make_doc):
    doc = make_doc(_city_department(title_city="曲靖"))
    (f,) = _region(region_mismatch(doc))
    assert doc.original[f.start:f.end] == "曲靖市" and f.evidence["where"] == "header"
    # its own counties, in the body, stay silent
    assert _region(region_mismatch(make_doc(_city_department()))) == []


def test_city_department_body_place_outside_its_units_is_silent(make_doc):
    doc = make_doc(_city_department(extra="曲靖市参保人员异地就医直接结算，"))
    assert _region(region_mismatch(doc)) == []


def test_own_title_in_brackets_is_not_a_citation(make_doc):
    text = county_report().replace(
        "公开目录 绩效自评报告", "更多相关《通海县2023年城乡居民基本医疗保险财政补助资金绩效自评报告》请搜索")
    (f,) = _region(region_mismatch(make_doc(text)))
    assert f.excerpt == "通海县"
    cited = county_report().replace(
        "公开目录 绩效自评报告", "参照《通海县关于做好绩效自评工作的通知》")
    assert _region(region_mismatch(make_doc(cited))) == []


def test_home_from_the_body_when_the_report_never_names_its_level(make_doc):
    text = """2023年农村公路养护资金绩效自评报告
一、项目基本情况
华宁县交通运输局负责农村公路养护，华宁县农村公路总里程1200公里。
二、绩效目标完成情况
资金已全部拨付，华宁县农村公路优良中等路率达80%，通海县完成养护里程150公里。
"""
    doc = make_doc(text)
    (subj,) = subjects(doc)
    assert home_of(doc, subj).region.name == "华宁县"
    assert [f.excerpt for f in _region(region_mismatch(doc))] == ["通海县"]


# ---------------------------------------------------------------------------- residue by alignment


def _write(tmp_path: Path, name: str, text: str) -> str:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return str(p)


def _found(res):
    return [(Path(d.path).name, f.rule, f.excerpt) for d in res.documents for f in d.findings]


@pytest.mark.parametrize("slot", ["unit", "pub", "fin", "b2"])
def test_copy_keeps_the_originals_place_in_a_header_or_unit_name(tmp_path, slot):
    """The copy for 通海 replaced 华宁 everywhere but in one organisation name or header."""
    a = _write(tmp_path, "a_huaning.txt", county_report("华宁"))
    b = _write(tmp_path, "b_tonghai.txt", county_report("通海", kept={slot: "华宁"}))
    res = run([str(tmp_path)], Options(select=["entity"]))
    found = [x for x in _found(res) if x[0] == "b_tonghai.txt"]
    assert ("b_tonghai.txt", "entity.residue", "华宁县") in found
    assert all(x[0] == "b_tonghai.txt" for x in _found(res))
    f = next(f for d in res.documents for f in d.findings if f.rule == "entity.residue")
    text_b = Path(b).read_text(encoding="utf-8")
    assert text_b[f.start:f.end] == "华宁县" and "通海县" in f.message
    # the matching place in the original, as a span of the other file
    sib = f.evidence["sibling_span"]
    assert sib["path"] == a and Path(a).read_text(encoding="utf-8")[sib["start"]:sib["end"]] == "华宁县"
    assert any(r.role == "adapted" and text_b[r.start:r.end] == "通海县" for r in f.related)


def test_copy_with_all_places_adapted_is_silent(tmp_path):
    _write(tmp_path, "a.txt", county_report("华宁"))
    _write(tmp_path, "b.txt", county_report("通海"))
    assert run([str(tmp_path)], Options(select=["entity"], min_confidence="possible")).findings == []


def test_neighbour_both_reports_name_in_the_same_place_is_silent(tmp_path):
    """Both reports name 江川区 (a neighbour), and the original names the copy's own county
    together with itself: neither is residue."""
    extra = "与江川区交界的两个乡镇参保工作同步推进，华宁县、通海县两县医保经办协作顺利，"
    _write(tmp_path, "a.txt", county_report("华宁", extra=extra))
    _write(tmp_path, "b.txt", county_report("通海", extra=extra))
    res = run([str(tmp_path)], Options(select=["entity.residue"], min_confidence="possible"))
    assert res.findings == []


FORM = """项目支出绩效自评表
（2022年度）
项目名称 | {p}县农业水价综合改革精准补贴
主管部门 | {u}县水利局 | 实施单位 | {p}县水利局
项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数
年度资金总额 | 85 | 85 | 85
年度总体目标 | 完成{p}县灌区农业水价综合改革面积2.1万亩 | 已完成
"""


def test_forms_with_few_sentences_are_paired_and_aligned(tmp_path):
    """A one-table form has almost no sentences; its copy is still found (shared text samples)
    and its kept place reported."""
    _write(tmp_path, "a.txt", FORM.format(p="华宁", u="华宁"))
    _write(tmp_path, "b.txt", FORM.format(p="通海", u="华宁"))
    res = run([str(tmp_path)], Options(select=["entity"]))
    assert ("b.txt", "entity.residue", "华宁县") in _found(res)
    assert not [x for x in _found(res) if x[0] == "a.txt"]


# ---------------------------------------------------------------------------- swapped home places


def test_cited_notice_whose_number_abbreviates_the_home(make_doc):
    """A county follows its own finance bureau's notice: 华财绩 is 华宁's number, so the
    notice's leading 通海县 is a swapped place; a neighbour's own notice (通医保) is not."""
    swapped = county_report(extra="根据《通海县财政局关于开展2023年度预算绩效自评工作的通知》（华财绩〔2024〕3号）要求，")
    doc = make_doc(swapped)
    (f,) = _region(region_mismatch(doc))
    assert f.excerpt == "通海县" and f.evidence["where"] == "citation"
    legit = county_report(extra="参照《通海县医疗保障局关于规范大病保险经办工作的通知》（通医保〔2022〕12号），")
    assert _region(region_mismatch(make_doc(legit))) == []


def test_place_after_a_document_number_is_the_reports_own_words(make_doc):
    text = county_report(extra="按照《云南省财政厅关于下达2023年医疗救助补助资金的通知》（云财社〔2023〕12号），"
                               "下达通海县补助资金410万元，")
    assert [f.excerpt for f in _region(region_mismatch(make_doc(text)))] == ["通海县"]
    listed = text.replace("下达通海县", "下达华宁县、通海县")
    assert _region(region_mismatch(make_doc(listed))) == []


def test_two_character_county_name(make_doc):
    from auditor.extract.entities import find_regions
    text = """南县就业服务中心2023年项目支出绩效自评报告
根据《安化县财政局关于做好2023年度预算绩效自评工作的通知》（南财函〔2024〕5号）精神，我单位对2023年度项目支出资金使用情况进行了绩效自评。
一、项目基本情况
南县就业服务中心2023年参与绩效评价的项目共4个，项目支出609.74万元。
"""
    doc = make_doc(text)
    (subj,) = subjects(doc)
    assert home_of(doc, subj).region.name == "南县"
    assert [f.excerpt for f in _region(region_mismatch(doc))] == ["安化县"]
    # 和 + 县政府 is a conjunction, 提高县级 a bigram: no county there
    assert [m.text for m in find_regions("成立了由县委副书记和县政府常务副县长牵头的工作专班，提高县级统筹能力")] == []


def test_home_from_the_body_when_the_header_names_only_the_province(make_doc):
    text = """一、绩效目标分解下达情况
四川省财政厅 四川省水利厅《关于提前下达2023年中央和省级水利发展资金预算的通知》（川财农〔2023〕167号）下达我县中央水利发展资金500万元。
芦山县水务局按合同进度拨付资金，全县完成水土流失治理面积12平方公里。
二、绩效目标完成情况
中央和省级财政发展资金水土保持工程（荥经县）西川河小流域综合治理项目已支付资金139万元。
芦山县新增水土保持林300亩。
"""
    doc = make_doc(text)
    (subj,) = subjects(doc)
    assert home_of(doc, subj).region.name == "芦山县"
    assert [f.excerpt for f in _region(region_mismatch(doc))] == ["荥经县"]


def test_the_sentence_that_announces_the_report_is_a_header(make_doc):
    text = """为做好2022年财政衔接推进乡村振兴资金项目绩效管理工作，根据《河南省财政厅关于印发河南省扶贫项目资金绩效管理办法的通知》（豫财农〔2018〕130号），现将2022年西平县交通运输局财政衔接推进乡村振兴资金项目绩效自评总结报告如下：
一、绩效目标完成情况
项目实施后，能有效解决汝南县15个乡镇33个行政村群众出行难问题。
"""
    doc = make_doc(text)
    (subj,) = subjects(doc)
    assert home_of(doc, subj).region.name == "西平县"
    assert [f.excerpt for f in _region(region_mismatch(doc))] == ["汝南县"]


def test_unit_named_by_a_siblings_short_name(make_doc):
    form = """上海市普陀区体育事业管理中心2022年度项目自评价
财政项目支出绩效自评表（2022年度）
项目名称 普陀体育中心与委托运营方结算费用 主管部门 上海市普陀区体育局 实施单位 上海市普陀区体育事业管理中心
年度总体目标 与委托运营方完成费用结算 实际完成情况 已完成{x}体育中心与委托运营方费用结算。
"""
    doc = make_doc(form.format(x="浦东"))
    assert [f.excerpt for f in _region(region_mismatch(doc))] == ["浦东"]
    assert _region(region_mismatch(make_doc(form.format(x="普陀")))) == []
    visit = form.format(x="普陀") + "组织运营方赴浦东体育中心与委托运营方座谈交流。\n"
    assert _region(region_mismatch(make_doc(visit))) == []


def test_two_header_units_under_two_districts(make_doc):
    form = ("项目支出绩效自评表（2016年度）\n项目名称 自管道路清扫保洁外包工作经费 主管部门及代码 北京市海淀区人民政府"
            "学院路街道办事处 实施单位：北京市{x}区学院路街道城市运行服务中心 项目资金（万元） 年初预算数 310.2\n")
    (f,) = _region(region_mismatch(make_doc(form.format(x="密云"))))
    assert f.excerpt == "密云区" and f.related
    assert _region(region_mismatch(make_doc(form.format(x="海淀")))) == []


def test_town_of_the_home_under_another_district(make_doc):
    table = """新会区2022年耕地提质改造项目绩效自评报告
填报单位：江门市新会区农业农村局
序号 项目名称 投资（万元）
1 新会区司前镇田边村现有耕地提质改造项目 1024.42
2 {x}司前镇小坪村现有耕地提质改造项目 904.63
3 新会区罗坑镇芦冲村现有耕地提质改造项目 111.53
"""
    assert [f.excerpt for f in _region(region_mismatch(make_doc(table.format(x="江海区"))))] == ["江海区"]
    assert _region(region_mismatch(make_doc(table.format(x="新会区")))) == []
    border = table.format(x="新会区") + "项目区与江海区礼乐街道交界，灌排设施统一规划。\n"
    assert _region(region_mismatch(make_doc(border))) == []


def test_the_bureau_that_made_the_form_is_a_header(make_doc):
    text = """岳阳市数字城市管理中心2018年度部门整体支出绩效自评报告
评价机构：部门（单位）评价组
报告日期：2019年06月18日
{x}财政局（制）
一、部门（单位）基本概况
岳阳市数字城市管理中心为岳阳市城市管理局下属事业单位。
"""
    assert [f.excerpt for f in _region(region_mismatch(make_doc(text.format(x="株洲市"))))] == ["株洲市"]
    assert _region(region_mismatch(make_doc(text.format(x="岳阳市")))) == []


def test_one_line_of_the_homes_list_under_another_district(make_doc):
    listing = """宝坻区2021年度政府决算公开目录
1、2021年决算草案的报告
2、宝坻区2021年预算绩效管理工作情况
3、{x}2021年度政府决算公开有关情况的说明
4、宝坻区2021年政府债务情况
"""
    assert [f.excerpt for f in _region(region_mismatch(make_doc(listing.format(x="河北区"))))] == ["河北区"]
    assert _region(region_mismatch(make_doc(listing.format(x="宝坻区")))) == []
    # a ranking of several districts is not the home's list
    ranking = listing.format(x="宝坻区") + "5、河北区2021年度排名第二\n6、津南区2021年度排名第三\n"
    assert _region(region_mismatch(make_doc(ranking))) == []


def test_unit_the_home_also_has_is_not_another_unit(make_doc):
    text = """银川市兴庆区2022年乡村振兴衔接资金项目绩效自评报告
一、项目基本情况
根据《关于下达2022年巩固拓展脱贫攻坚成果同乡村振兴衔接资金的通知》（银兴党农发〔2022〕1号）文件，{x}委农村工作领导小组下达2022年乡村振兴衔接资金100万元。
二、绩效目标完成情况
中共银川市兴庆区委农村工作领导小组下达第一批乡村振兴衔接资金100万元，资金到位率100%。
"""
    assert [f.excerpt for f in _region(region_mismatch(make_doc(text.format(x="中共银川市西夏区"))))] == ["西夏区"]
    assert _region(region_mismatch(make_doc(text.format(x="中共银川市兴庆区")))) == []


def test_joint_issuers_are_one_governments_offices(make_doc):
    cite = "根据《中共{x}县委 华宁县人民政府关于全面推进预算绩效管理的实施意见》（华发〔2019〕8号）精神，"
    (f,) = _region(region_mismatch(make_doc(county_report(extra=cite.format(x="通海")))))
    assert f.excerpt == "通海县" and f.evidence["where"] == "citation"
    assert _region(region_mismatch(make_doc(county_report(extra=cite.format(x="华宁"))))) == []
    pact = "根据《玉溪市人民政府 曲靖市人民政府关于建立医保经办协作机制的通知》，"
    assert _region(region_mismatch(make_doc(county_report(extra=pact)))) == []


def test_page_title_below_the_breadcrumb_is_a_header(make_doc):
    page = """首页 > 区部门网站 > 区民政局 > 通知公告
深圳市{x}民政局关于“2021年中央财政困难群众救助补助资金”管理使用情况
信息提供日期 : 2023-03-27 16:25来源 : 福田区民政局
根据相关文件规定，现将上级转移支付资金使用情况报告如下：
一、资金基本情况
2021年中央财政困难群众救助补助资金下达后，我局按规定发放救助金。
"""
    (f,) = _region(region_mismatch(make_doc(page.format(x="宝安区"))))
    assert {f.excerpt, *(make_doc(page.format(x="宝安区")).original[r.start:r.end] for r in f.related)} == {"宝安区", "福田区"}
    assert _region(region_mismatch(make_doc(page.format(x="福田区")))) == []


def test_the_homes_own_project_is_not_excused_by_a_document_word(make_doc):
    text = """芦山县2023年水利发展资金绩效自评报告
一、绩效目标分解下达情况
中央和省级财政发展资金水土保持工程（芦山县）西川河小流域综合治理项目下达我县资金500万元。
二、绩效目标完成情况
中央和省级财政发展资金水土保持工程（{x}）西川河小流域综合治理项目立项批复525万元。
芦山县完成治理面积12平方公里，全县新增水土保持林300亩。
"""
    assert [f.excerpt for f in _region(region_mismatch(make_doc(text.format(x="汉源县"))))] == ["汉源县"]
    assert _region(region_mismatch(make_doc(text.format(x="芦山县")))) == []
    # another county's project under a higher approval stays silent
    other = text.format(x="芦山县") + "省水利厅批复汉源县大渡河治理项目立项，\n"
    assert _region(region_mismatch(make_doc(other))) == []


def test_unit_acting_on_a_document_is_not_part_of_it(make_doc):
    act = ("{x}医疗保障局严格按照《云南省医疗保障局关于做好2023年城乡居民基本医疗保险工作的通知》"
           "（云医保〔2023〕50号）要求按月拨付补助资金，")
    doc = make_doc(county_report(extra=act.format(x="通海县")))
    assert [f.excerpt for f in _region(region_mismatch(doc))] == ["通海县"]
    # the place inside the document the unit acts on stays a citation
    cited = "华宁县医疗保障局严格按照《通海县医疗保障局关于做好医保经办工作的通知》（通医保〔2023〕5号）要求办理，"
    assert _region(region_mismatch(make_doc(county_report(extra=cited)))) == []


def test_own_notice_with_a_bare_document_number(make_doc):
    cite = "根据《{x}人民政府关于全面推进预算绩效管理的实施意见》（{y}政发202312号），"
    doc = make_doc(county_report(extra=cite.format(x="通海县", y="华")))
    assert [f.excerpt for f in _region(region_mismatch(doc))] == ["通海县"]
    # the number abbreviates the place named: another county's own notice
    assert _region(region_mismatch(make_doc(county_report(extra=cite.format(x="通海县", y="通"))))) == []


def test_money_sent_to_another_county_after_a_cited_document(make_doc):
    sent = "按照《云南省财政厅关于下达2023年医疗保障补助资金的通知》（云财社〔2023〕12号）文件要求，下达到{x}医保基金专户1190万元，"
    doc = make_doc(county_report(extra=sent.format(x="通海县")))
    assert [f.excerpt for f in _region(region_mismatch(doc))] == ["通海县"]
    # 到 as a range between two places is a route, not a destination
    road = "开通从县城到通海县的就医班车，"
    assert _region(region_mismatch(make_doc(county_report(extra=road)))) == []


def test_company_made_the_projects_owner(make_doc):
    owner = "项目按合同进度支付资金，{x}水务投资有限公司作为{y}单位，"
    doc = make_doc(county_report(extra=owner.format(x="通海县", y="项目业主")))
    assert [f.excerpt for f in _region(region_mismatch(doc))] == ["通海县"]
    # a contractor from another county is another unit
    assert _region(region_mismatch(make_doc(county_report(extra=owner.format(x="通海县", y="施工"))))) == []


def test_own_unit_defined_by_its_duties(make_doc):
    duty = "根据机构编制规定，{x}医疗保障局是统筹协调全县医疗保障工作的政府工作部门，"
    doc = make_doc(county_report(extra=duty.format(x="通海县")))
    assert [f.excerpt for f in _region(region_mismatch(doc))] == ["通海县"]
    # another county's bureau asked to coordinate is cooperation
    asked = "我局与通海县医疗保障局协调异地就医结算工作，"
    assert _region(region_mismatch(make_doc(county_report(extra=asked)))) == []


def test_title_wrapped_over_two_lines_is_a_header(make_doc):
    page = """岳阳市城市管理监督指挥中心2018绩效评价自评报告及评分表(数字城管服务费专项支出)
来源:财务科   2019-07-09 16:55
浏览量:1 | | | |

{x}2018年度城市管理监督指挥中心

绩效评价自评报告

部门(单位)名称:  岳阳市城市管理监督指挥中心
一、部门概况
岳阳市城市管理监督指挥中心负责全市数字城管平台运行，岳阳市财政局下达年度预算资金320万元。
"""
    doc = make_doc(page.format(x="株洲市"))
    (subj,) = subjects(doc)
    assert any(doc.text[a:b].startswith("株洲市2018年度") for a, b, src in header_spans(doc, subj) if src == "title")
    assert [f.excerpt for f in _region(region_mismatch(doc))] == ["株洲市"]
    assert _region(region_mismatch(make_doc(page.format(x="岳阳市")))) == []


def test_title_glued_to_the_form_after_it_is_a_header(make_doc):
    page = """资源描述
上海市{x} 人民政府漕河泾街道办事处 财政项目支出绩效评价报告 沪金审财2017K1061号 项目名称:2016年漕河泾街道社区道路整治项目 绩效评价 项目实施单位:上海市徐汇区 人民政府 漕河泾街道办事处 主管部门:上海市徐汇区 人民政府 漕河泾街道办事处 目录 一、项目概况 二、绩效评价情况 三、问题和意见
一、项目概况
2016年漕河泾街道完成社区道路整治12条，徐汇区财政下达项目资金320万元。
"""
    doc = make_doc(page.format(x="嘉定区"))
    assert [f.excerpt for f in _region(region_mismatch(doc))] == ["嘉定区"]
    assert _region(region_mismatch(make_doc(page.format(x="徐汇区")))) == []
    # a long line that only mentions an evaluation further on is not a title
    other = page.format(x="徐汇区").replace("资源描述\n", "资源描述\n嘉定区新城建设管理委员会办公室、新城发展有限公司、城市规划设计研究院等单位参加了本项目现场核查，会后提交绩效评价报告\n")
    assert _region(region_mismatch(make_doc(other))) == []


def test_sibling_in_the_homes_campaign_slogan(make_doc):
    slogan = "提高医疗保障水平，促进健康{x}建设，"
    doc = make_doc(county_report(extra=slogan.format(x="通海")))
    assert [f.excerpt for f in _region(region_mismatch(doc))] == ["通海"]
    assert _region(region_mismatch(make_doc(county_report(extra=slogan.format(x="华宁"))))) == []
    # learning from another county's campaign is a comparison
    learn = "学习借鉴健康通海建设经验，"
    assert _region(region_mismatch(make_doc(county_report(extra=learn)))) == []


def test_project_passed_down_by_another_bodys_notice(make_doc):
    work = "项目按计划推进，{x}2023年医保扩面工程经玉溪市医疗保障局关于下达2023年医保扩面任务的通知（玉医保〔2023〕8号）下达，"
    doc = make_doc(county_report(extra=work.format(x="通海县")))
    assert [f.excerpt for f in _region(region_mismatch(doc))] == ["通海县"]
    # the place that issues the notice is part of the citation
    issued = "项目按计划推进，经通海县医疗保障局关于下达2023年医保扩面任务的通知（通医保〔2023〕8号）下达，"
    assert _region(region_mismatch(make_doc(county_report(extra=issued)))) == []


# ---------------------------------------------------------------------------- forms printed from PDF tables

def transfer_form(local: str = "红塔区", finance: str = "红塔区财政局", name: str = "就业补助资金") -> str:
    """A transfer-payment self-evaluation form of a district of 玉溪市, as a PDF table prints it:
    cells in one run, a label broken by a space, a place written short after its city."""
    return (f"2023年度就业补助资金绩效目标自评表 转移支付(项目)名称 {name} 中央主管部门 人力资源社会保障部 "
            f"地方财政部门 玉溪市{local} 全年预算数(A) 全年执行数(B) 5210.40 5102.36 "
            "其中:中央财政资金 2100.00 2100.00 省级财政资金 610.20 610.20 市县财政资金 2500.20 2392.16 "
            "年度资金总额 资金投入情况(万元) 地方主管部 门 " f"玉溪市{finance} 情况说明 分配科学性 "
            "按照规定程序和标准分配资金 下达及时性 资金下达后及时拨付到相关单位 拨付合规性 按规定拨付 "
            "产出指标 城镇新增就业人数 5200人 完成值 5316人 职业技能培训人数 2100人次 完成值 2260人次 "
            "效益指标 城镇登记失业率 ≤4.5% 完成值 3.2% 满意度指标 服务对象满意度 ≥90% 完成值 95%\n")


def test_short_name_after_its_city_is_a_place():
    from auditor.extract.entities import find_regions
    text = "地方财政部门 玉溪市红塔 全年预算数(A)"
    assert [m.key for m in find_regions(text, merge=False)] == ["玉溪市", "红塔区"]
    # a short name that runs on into a word is not one (玉溪市红塔山: a mountain)
    assert [m.key for m in find_regions("玉溪市红塔山景区", merge=False)][:1] == ["玉溪市"]
    assert "红塔区" not in [m.key for m in find_regions("玉溪市红塔山景区", merge=False)]


def test_label_broken_by_a_space_is_a_header_field(make_doc):
    doc = make_doc(transfer_form())
    subj = subjects(doc)[0]
    units = [doc.text[a:b] for a, b, src in header_spans(doc, subj) if src == "unit"]
    assert any(u.startswith("玉溪市红塔区财政局") for u in units)
    assert home_of(doc, subj).region.name == "红塔区"


def test_form_fields_naming_two_districts(make_doc):
    # the copy kept another district in one field: the two fields disagree
    got = _region(region_mismatch(make_doc(transfer_form(finance="江川区财政局"))))
    assert [f.excerpt for f in got] == ["江川区"]
    got = _region(region_mismatch(make_doc(transfer_form(local="江川"))))
    assert len(got) == 1 and got[0].excerpt in ("江川", "红塔区")
    assert _region(region_mismatch(make_doc(transfer_form()))) == []


def test_unit_field_is_its_own_clause(make_doc):
    """A cue in the project name (对口支援) does not excuse another district in the 主管部门 field."""
    form = ("华宁县2023年度项目支出绩效自评表 项目名称 对口支援及结对帮扶经费 主管部门 {u}县民政局 "
            "年初预算数 全年预算数 全年执行数 20.00 20.00 19.60 实施单位 华宁县民政局 "
            "年度总体目标 完成对口支援人员相关经费支付 实际完成情况 已完成\n"
            "华宁县民政局按计划拨付对口支援经费19.60万元，全县帮扶项目全部完成。\n")
    assert [f.excerpt for f in _region(region_mismatch(make_doc(form.format(u="通海"))))] == ["通海县"]
    assert _region(region_mismatch(make_doc(form.format(u="华宁")))) == []


def test_association_and_demolition_are_not_excuses(make_doc):
    # 联合会 is a body's name and 拆迁 a kind of project, not 联合 (a joint action) or 迁 (a move)
    row = "{x}县残疾人辅助器具适配项目由县残疾人联合会实施，"
    doc = make_doc(county_report(extra=row.format(x="通海")))
    assert [f.excerpt for f in _region(region_mismatch(doc))] == ["通海县"]
    move = "{x}县城南片区征地拆迁补偿项目拨付资金80万元，"
    doc = make_doc(county_report(extra=move.format(x="通海")))
    assert [f.excerpt for f in _region(region_mismatch(doc))] == ["通海县"]
    assert _region(region_mismatch(make_doc(county_report(extra=move.format(x="华宁"))))) == []


def headless_report(first: str = "华宁县", second: str = "华宁县") -> str:
    """A report copied from a web page with no header place: only its body names the county."""
    return ("乡村道路建设项目绩效自评报告\n"
            f"一、项目资金情况\n我局承担{first}2023年度乡村道路建设项目实施任务，项目分两批实施，"
            "一批项目批复总投资1260万元，二批项目批复总投资830万元。\n"
            f"二、项目实施情况\n我局承担的{second}2023年乡村道路建设项目已全部完工，共建设道路86公里，"
            "覆盖12个行政村，受益群众3.2万人。\n"
            "三、绩效目标完成情况\n项目验收合格率100%，群众满意度达到95%以上。\n")


def test_headless_report_naming_two_sibling_counties(make_doc):
    got = _region(region_mismatch(make_doc(headless_report(second="通海县"))))
    assert [f.excerpt for f in got] == ["通海县"]
    assert got[0].evidence["where"] == "body" and got[0].evidence["other"] == "华宁县"
    assert _region(region_mismatch(make_doc(headless_report()))) == []
    # a comparison, or a county inside its city (not siblings), stays silent
    compared = headless_report(second="通海县").replace("已全部完工", "与通海县相比已全部完工")
    assert _region(region_mismatch(make_doc(compared))) == []
    assert _region(region_mismatch(make_doc(headless_report(second="玉溪市")))) == []
    # three counties are a list of places, not a copy that kept one
    three = headless_report(second="通海县") + "四、下一步工作\n我局将配合江川区做好项目管护工作。\n"
    assert _region(region_mismatch(make_doc(three))) == []


def test_document_the_report_issues_or_keeps(make_doc):
    """A document the report's own body issues, keeps or follows carries the home's name."""
    issued = "提请县人民政府印发《{x}县进一步推进医保经办服务下沉工作实施方案》，设立医保服务站42个，"
    kept = "严格按照《社会保险基金财务制度》《{x}县医疗保障局基金财务管理制度》核算基金，"
    joint = "与卫健部门联合印发《华宁县医疗保障局 {x}县卫生健康局 华宁县财政局医保基金结算办法》，"
    for extra in (issued, kept, joint):
        got = _region(region_mismatch(make_doc(county_report(extra=extra.format(x="通海")))))
        assert [f.excerpt for f in got] == ["通海县"], extra
        assert got[0].evidence["where"] == "own_document"
        assert _region(region_mismatch(make_doc(county_report(extra=extra.format(x="华宁"))))) == [], extra
    # another county's document the report learns from, or a rule it only cites, stays silent
    learned = "学习借鉴《通海县进一步推进医保经办服务下沉工作实施方案》经验，设立医保服务站42个，"
    cited = "根据《通海县医疗保障局关于做好异地就医结算工作的通知》，为参保人办理备案手续，"
    for extra in (learned, cited):
        assert _region(region_mismatch(make_doc(county_report(extra=extra)))) == [], extra


def test_notice_the_self_evaluation_answers(make_doc):
    """根据X市财政局关于开展…绩效自评工作的通知: the notice of the report's own city (or above)."""
    form = ("项目绩效自评报告\n项目名称：城镇职工基本医疗保险基金\n填报单位：{unit}市医疗保障事业管理中心\n"
            "一、自评工作开展情况\n根据{city}市财政局关于开展2023年市级财政资金绩效自评工作的通知（{abbr}财绩〔2023〕3号）"
            "文件要求，我中心对2023年城镇职工基本医疗保险基金开展绩效自评，自评得分92分。\n")
    got = _region(region_mismatch(make_doc(form.format(unit="玉溪", city="曲靖", abbr="曲"))))
    assert [f.excerpt for f in got] == ["曲靖市"]
    assert _region(region_mismatch(make_doc(form.format(unit="玉溪", city="玉溪", abbr="玉")))) == []


def test_list_item_with_an_ambiguous_sibling_name(make_doc):
    """鼓楼区 is a district of 南京 (and of 福州, 徐州, 开封): in a 玄武区 list, every reading is
    foreign, so the text need not name 南京 to tell it."""
    listing = ("玄武区2023年度部门决算公开目录\n1、2023年度部门决算说明\n2、玄武区2023年度收入支出决算表\n"
               "3、{x}2023年度财政拨款收入支出决算表\n4、玄武区2023年度一般公共预算财政拨款支出决算表\n")
    got = _region(region_mismatch(make_doc(listing.format(x="鼓楼区"))))
    assert [f.excerpt for f in got] == ["鼓楼区"]
    assert _region(region_mismatch(make_doc(listing.format(x="玄武区")))) == []


def test_attachment_list_line(make_doc):
    page = ("华宁县2023年度部门整体支出绩效评价报告公开\n附件1:华宁县教育体育局2023年度部门整体支出绩效评价报告.pdf\n"
            "附件2:华宁县卫生健康局2023年度部门整体支出绩效评价报告.pdf\n"
            "附件3:{x}县民政局2023年度部门整体支出绩效评价报告.pdf\n"
            "附件4:华宁县农业农村局2023年度部门整体支出绩效评价报告.pdf\n")
    assert [f.excerpt for f in _region(region_mismatch(make_doc(page.format(x="通海"))))] == ["通海县"]
    assert _region(region_mismatch(make_doc(page.format(x="华宁")))) == []


def test_own_unit_written_in_its_short_form(make_doc):
    """住建局 and 住房和城乡建设局 are one bureau: another district's 住建局 is the report's own."""
    report = ("发布机构 红塔区住房和城乡建设局\n红塔区2023年老旧小区改造项目绩效自评报告\n"
              "一、项目概况\n红塔区住房和城乡建设局负责项目实施，改造小区12个。\n"
              "二、资金管理\n项目资金已全额支付。{x}住建局严格按照《云南省城镇老旧小区改造资金管理办法》管理资金，专款专用。\n")
    got = _region(region_mismatch(make_doc(report.format(x="江川区"))))
    assert [f.excerpt for f in got] == ["江川区"] and got[0].evidence["where"] == "own_unit"
    assert _region(region_mismatch(make_doc(report.format(x="红塔区")))) == []


def test_internal_unit_named_by_a_sibling(make_doc):
    """A body's own internal units (内设…) named by another city's short name."""
    report = ("信息来源: 玉溪市人民政府\n玉溪市图书馆2023年度部门整体支出绩效评价报告\n一、部门基本概况\n"
              "玉溪市图书馆主要职责是收集、整理和保存文献资料。内设6个科室：办公室、采编部、借阅部、"
              "少儿部、地方文献部、{x}古籍保护中心。\n二、部门整体支出情况\n玉溪市图书馆2023年支出总额1260万元。\n")
    got = _region(region_mismatch(make_doc(report.format(x="曲靖"))))
    assert [f.excerpt for f in got] == ["曲靖"]
    assert _region(region_mismatch(make_doc(report.format(x="玉溪")))) == []


def test_issuer_and_its_document_number_disagree(make_doc):
    """A city's cooperation report with no home: 通海县委《…》（华党发…） names two counties."""
    report = ("区域协作经费项目绩效自评报告\n一、项目基本情况\n该笔资金主要用于对口支援云南华宁县的工作经费。"
              "项目实施的依据：(1)《中共福建省委 福建省人民政府关于进一步做好对口支援工作的意见》（闽委〔2021〕8号）；"
              "(2){x}县委《关于挂职干部工作情况的报告》（华党发〔2022〕15号）。\n二、绩效目标完成情况\n全年完成协作项目6个。\n")
    got = _region(region_mismatch(make_doc(report.format(x="通海"))))
    assert [f.excerpt for f in got] == ["通海县"] and got[0].evidence["other"] == "华宁县"
    assert _region(region_mismatch(make_doc(report.format(x="华宁")))) == []
    forwarded = report.format(x="通海").replace("县委《", "县委转发《")
    assert _region(region_mismatch(make_doc(forwarded))) == []


def test_public_body_alone_in_a_form_cell(make_doc):
    """A flattened form left the 实施单位 value far from its label: the cell is the report's unit."""
    form = ("困难群众参保缴费补助绩效自评表.xlsx\n华宁县项目支出绩效自评表 (2023年度) 项目名称 困难群众参保缴费补助资金 主管部门 华宁县医疗保障局 "
            "项目资金 年初预算数 全年预算数 全年执行数 实施单位 分值 执行率 得分 48.20 47.90 10 99% 9 "
            "年度总体目标 资助困难群众参加基本医疗保险 一级指标 二级指标 三级指标 数量指标 指标1:资助参保人数 "
            "{x}医疗保险服务中心 产出指标 实际完成值 6120 分值 得分 6084 15 14\n")
    got = _region(region_mismatch(make_doc(form.format(x="通海县"))))
    assert [f.excerpt for f in got] == ["通海县"]
    assert _region(region_mismatch(make_doc(form.format(x="华宁县")))) == []
    # a hospital is not a body of the report's government
    hospital = form.format(x="").replace("医疗保险服务中心", "通海县人民医院")
    assert _region(region_mismatch(make_doc(hospital))) == []


def test_district_right_after_its_city_in_one_jieba_word(make_doc):
    """jieba keeps 上海市浦东新区 as one word; after its own city the district is still a place."""
    from auditor.extract.entities import entities, place_start
    doc = make_doc("主管部门 上海市浦东新区体育局 年初预算数")
    atom = next(m for m in entities(doc).atoms if m.text == "浦东新区")
    assert place_start(doc.text, atom)
    form = ("上海市徐汇区体育局2023年度项目自评价.pdf\n财政项目支出绩效自评表 项目名称 社区健身设施更新经费 "
            "主管部门 上海市{x}体育局 年初预算数 全年预算数 全年执行数 80.00 80.00 79.20\n"
            "上海市徐汇区体育局完成社区健身设施更新42处。\n")
    assert [f.excerpt for f in _region(region_mismatch(make_doc(form.format(x="浦东新区"))))] == ["浦东新区"]
    assert _region(region_mismatch(make_doc(form.format(x="徐汇区")))) == []


def test_enrolment_and_duties_are_own_work(make_doc):
    # 参加…保险 is enrolment (参保), not taking part in another's meeting
    enrol = "{x}县参加城乡居民基本医疗保险人数18.6万人，"
    got = _region(region_mismatch(make_doc(county_report(extra=enrol.format(x="通海")))))
    assert [f.excerpt for f in got] == ["通海县"]
    meeting = "县医疗保障局派员参加通海县组织的医保政策培训会，"
    assert _region(region_mismatch(make_doc(county_report(extra=meeting)))) == []
    duty = "根据玉溪市医疗保障局工作要求，牵头负责{x}县医保基金监管相关工作。"
    got = _region(region_mismatch(make_doc(county_report(extra=duty.format(x="通海")))))
    assert [f.excerpt for f in got] == ["通海县"]


def test_parent_naming_two_of_its_counties(make_doc):
    """A city's report (全市) with no header place names two of its counties on purpose."""
    city = headless_report(second="通海县").replace("受益群众3.2万人。", "受益群众3.2万人，全市农村公路通达率达100%。")
    assert _region(region_mismatch(make_doc(city))) == []


# A city's report that names two of its counties as "我市…县" speaks for the city: neither
# county is a place copied from another report (a report of one county naming the other
# once, without 我市, still is flagged).
_OWN_CITY = ("一、基本情况\n（一）项目概况\n2022年，省财政厅下达{a}盐亭县文化馆非遗保护补助30万元，下达{b}三台县"
             "非遗传承人补助5万元。\n（二）绩效目标\n（1）三台县竹编技艺：开展传承活动。\n（2）三台县剪纸：全年开展教学。\n"
             "二、评价结论\n三台县项目资金已全部拨付。\n")


def test_counties_named_as_parts_of_our_city_are_not_foreign():
    from auditor.checks.entity import region_mismatch
    from auditor.model import build_document
    own = build_document("own.txt", _OWN_CITY.format(a="我市", b="我市"), "utf-8")
    assert [f.excerpt for f in region_mismatch(own)] == []
    other = build_document("other.txt", _OWN_CITY.format(a="", b=""), "utf-8")
    assert [f.excerpt for f in region_mismatch(other)] == ["盐亭县"]


# 我市 in a county-level report is a scope slip, unless the county is itself a city (县级市)
_OWN_SCOPE = ("{place}危房改造转移支付2022年度绩效自评报告\n\n一、绩效目标情况\n\n根据省、市住建部门要求，我市2022年农村危房"
              "改造任务数为115户，实际完成农村危房改造264户，发放补助资金为278.8万元。\n\n二、绩效目标完成情况分析\n\n"
              "我市坚持应改尽改，实际完成改造264户。\n")


def test_a_county_level_city_writes_its_own_we_city():
    from auditor.checks.entity import region_mismatch
    from auditor.model import build_document
    city = build_document("city.txt", _OWN_SCOPE.format(place="无为市"), "utf-8")
    assert [f.excerpt for f in region_mismatch(city)] == []
    county = build_document("county.txt", _OWN_SCOPE.format(place="南陵县"), "utf-8")
    assert "我市" in [f.excerpt for f in region_mismatch(county)]
