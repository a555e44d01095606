"""Family text on constructed text: each rule must fire on the error and stay silent
on the legitimate form next to it (reduplications, coordinations, adapted copies,
summaries restating the body, negated changes)."""
import json

import pytest

from auditor.checks.text import (boilerplate, contradiction, duplicate_char, duplicate_phrase, template_instructions,
                                 heading_number, typo)
from auditor.engine import Options, run
from auditor.model import build_document


def excerpts(findings):
    return [f.excerpt for f in findings]


# --------------------------------------------------------------------------- duplicate_char

@pytest.mark.parametrize("text", [
    "实现“人人参与、共建共享、人人享有”的目标。",
    "常常深入基层，年年开展培训，逐项一一对应整改。",
    "项目 1.1.1 已完成，指标 2.2.2 待复核。",
    "联系人：王丽丽，联系电话 123456。",
    "全市市直单位均已完成自查。",
    "认认真真、踏踏实实做好各项工作，方方面面都要兼顾。",
])
def test_duplicate_char_leaves_legitimate_doubling_alone(make_doc, text):
    assert list(duplicate_char(make_doc(text))) == []


@pytest.mark.parametrize("text,doubled", [
    ("对环境造成负面影响，市市直机关工作人员零上访。", "市市"),
    ("我们们的工作得到群众认可。", "们们"),
])
def test_duplicate_char_finds_a_character_typed_twice(make_doc, text, doubled):
    assert excerpts(duplicate_char(make_doc(text))) == [doubled]


# a doubling jieba keeps as one rare dictionary word (茶茶, 申申) is a slip when the text writes
# the single character with what follows elsewhere
@pytest.mark.parametrize("text,doubled", [
    ("通过产业提升，把茶茶产业做成支柱产业。全县茶产业综合产值增长。", "茶茶"),
    ("按要求组织申申报工作。共受理申报材料120份。", "申申"),
])
def test_duplicate_char_finds_a_rare_dictionary_doubling(make_doc, text, doubled):
    assert excerpts(duplicate_char(make_doc(text))) == [doubled]


@pytest.mark.parametrize("text", [
    "把茶茶产业做成支柱产业。",                         # the single form appears nowhere else
    "实现人人参保。全县人参保率达到95%。",              # 人人 is a common word
    "代代相传的手艺得到保护。",                         # a rare reduplication used as such
])
def test_rare_dictionary_doubling_look_alikes(make_doc, text):
    assert list(duplicate_char(make_doc(text))) == []


# jieba's HMM glues a lone copy to its neighbour (防控|控和, 上确|确定), so the words are
# read from the dictionary alone; reduplications of the list (件件, 项项, 镇镇, 确确) are
# slips too when one copy belongs to the word beside it
@pytest.mark.parametrize("text,doubled", [
    ("符合补贴条件件的人员均已发放。", "件件"),
    ("请各乡镇镇按要求上报。", "镇镇"),
    ("统筹疫情防控控和经济社会发展。", "控控"),
    ("资金已按程序拨拨付到位。", "拨拨"),
    ("对专项项债券资金实行穿透式监管。", "项项"),
    ("提高城镇镇污水处理能力。", "镇镇"),
    ("据监监测，项目区植被覆盖度提高。", "监监"),
    ("绩效目标明确确、内容细化。", "确确"),
    ("提升参保人员对医医保服务的满意度。", "医医"),
    ("下达经费市市级资金到位率为百分之百。", "市市"),
    ("我们馆馆藏档案已全部数字化。", "馆馆"),       # 我们 is no determiner of the office
])
def test_duplicate_char_finds_a_copy_glued_to_a_neighbour(make_doc, text, doubled):
    assert excerpts(duplicate_char(make_doc(text))) == [doubled]


@pytest.mark.parametrize("text", [
    "本年年初预算数为120万元，上年年末结转15万元。",       # 本年|年初: the lone copy is a word with its neighbour
    "2023年年初下达，3月月底前完成，第3期期末考核。",      # a number's measure word
    "5项项目已完工，各项项目均已验收，每项项目都要验收。",
    "古龙镇镇政府负责组织，柏林村村委会具体实施，第三组组长参与验收。",
    "天津市东丽区区级财政资金，凉山州州级资金，锡林郭勒盟盟直单位，全县县直单位。",
    "达到预期目的的项目，违规违纪行为为零。",               # a particle after a word ending in it
    "城市市容秩序良好，其中中央资金50万元，会同同级部门，在职职工参保。",
    "实现村村通硬化路，户户通广播电视，项目实施后人人受益。",
    "由李明明负责，经陈晨晨审核。",
    # "our office" (我馆, 本院, 该局, 我县), then a word of that office
    "同时我馆馆藏数字档案使用的服务器已老化，本院院长、该局局长到场，我县县城污水处理厂运行正常。",
])
def test_duplicate_char_leaves_words_that_meet_alone(make_doc, text):
    assert list(duplicate_char(make_doc(text))) == []


# a doubling between two words (财政|政局, 评工|工作) when the document writes that very place
# (two characters on each side) with the character once, elsewhere, and doubled nowhere else
@pytest.mark.parametrize("text,doubled,single", [
    ("决算草案报县财政局审核。预算调整方案报县财政政局审核后执行。", "政政", "县财政局审"),
    ("绩效自评工作已完成。单位自评工工作已按期完成。", "工工", "自评工作已"),
    ("严格执行资金管理制度规定。项目严格按照管理制制度规定执行。", "制制", "管理制度规"),
])
def test_duplicate_char_finds_a_doubling_the_document_writes_once_elsewhere(make_doc, text, doubled, single):
    fs = list(duplicate_char(make_doc(text)))
    assert [f.excerpt for f in fs] == [doubled]
    assert fs[0].evidence["single_form"] == single and fs[0].confidence == "likely"


@pytest.mark.parametrize("text", [
    # words that meet in a doubled character, written the other way elsewhere with other
    # neighbours: 大学|学生 beside 大学生, 共产党|党员 beside 共产党员, 项目|目标 beside 项目标准
    "全市大学生就业率稳定。为大学学生公寓配备设施。",
    "全体共产党员参加学习。组织共产党党员开展志愿服务。",
    "本项目目标明确。项目标准化建设有序推进。",
    # written doubled twice: a usage, not a slip
    "开展艾滋病病毒检测。艾滋病病毒感染者均已纳入管理。开展艾滋病毒检测。",
])
def test_duplicate_char_needs_the_single_form_at_that_very_place(make_doc, text):
    assert list(duplicate_char(make_doc(text))) == []


@pytest.mark.parametrize("text,marks", [
    ("项目主要包括：温室大棚建设项目,:建设4座标准化大棚。", ",:"),
    ("全年完成培训500人次，，其中线上培训200人次。", "，，"),
    ("资金已全部拨付到位；。下一步将加强监管。", "；。"),
    ("完成率100%、，满意度95%。", "、，"),
])
def test_doubled_punctuation_is_found(make_doc, text, marks):
    found = [f for f in duplicate_char(make_doc(text)) if f.evidence.get("kind") == "punctuation"]
    assert [f.evidence["doubled"] for f in found] == [marks]


@pytest.mark.parametrize("text", [
    "主要做法如下：“一是加强监管，二是按时拨付。”",       # a colon before a quote
    "项目名称 | 金额 |,, | 备注 |",                        # a table row's empty cells
    "资金主要用于……。其他情况另行说明。",                 # an ellipsis
    "具体如下：\n1.完成培训500人次。",                     # a colon ending a line
])
def test_doubled_punctuation_look_alikes(make_doc, text):
    assert [f for f in duplicate_char(make_doc(text)) if f.evidence.get("kind") == "punctuation"] == []


# --------------------------------------------------------------------------- duplicate_phrase

def test_glued_clauses_are_found(make_doc):
    doc = make_doc("按省的部署开展改革工作。成立深化 DIP 医保支付方式改革工作领导小组成立深化 DIP "
                   "支付方式改革工作专班，并做好相关工作。")
    found = list(duplicate_phrase(doc))
    assert len(found) == 1
    f = found[0]
    assert f.confidence == "likely" and "成立深化DIP" in f.message
    assert f.related and f.related[0].role == "first_copy"


@pytest.mark.parametrize("text,repeated", [
    ("完成预算的89.7%。项目绩效目标完成情况:项目绩效目标完成情况:一是产出指标方面，开展活动。", "项目绩效目标完成情况"),
    ("资金已全部到位。加强资金监管，加强资金监管，确保专款专用。", "加强资金监管"),
    ("存在问题：宣传力度不够；宣传力度不够；群众知晓率不高。", "宣传力度不够"),
    ("（二）项目绩效目标。项目绩效目标。全年完成培训 500 人次。", "项目绩效目标"),
])
def test_clause_printed_twice_across_its_punctuation(make_doc, text, repeated):
    found = [f for f in duplicate_phrase(make_doc(text)) if f.evidence.get("separator")]
    assert [f.evidence["repeated"] for f in found] == [repeated]
    assert found[0].related[0].role == "first_copy"


@pytest.mark.parametrize("text", [
    "是，是，否。",                                                    # too short to call
    "加强资金监管，加强项目监管，确保专款专用。",                      # two different clauses
    "一级指标:产出指标:二级指标:数量指标:三级指标:分值:得分:",          # form headers, all different
    "指标 | 项目绩效目标 | 项目绩效目标 | 10",                          # two cells of a table row
])
def test_clause_repeated_look_alikes(make_doc, text):
    assert [f for f in duplicate_phrase(make_doc(text)) if f.evidence.get("separator")] == []


@pytest.mark.parametrize("comma,stop", [("，", "。"), (",", "。"), ("；", "。"), ("，", "！")])
def test_long_clause_said_twice_in_one_sentence(make_doc, comma, stop):
    # the sentence is finished twice: the opening clause comes back after another clause
    text = (f"项目建成后为全县老人提供了日间照料场所{comma}增强了农村养老服务体系的持续保障能力{comma}"
            f"是补齐农村养老服务短板的现实需要{comma}增强了农村养老服务体系的持续保障能力{stop}下一步继续推进。")
    found = [f for f in duplicate_phrase(make_doc(text)) if "同一句中" in f.message]
    assert [f.evidence["repeated"] for f in found] == ["增强了农村养老服务体系的持续保障能力"]
    assert found[0].related[0].role == "first_copy"


@pytest.mark.parametrize("text", [
    # in two sentences: a summary restating an earlier point
    "增强了农村养老服务体系的持续保障能力。经过一年建设，增强了农村养老服务体系的持续保障能力。",
    # a short clause (a slogan, a refrain) repeated in a sentence
    "加强资金监管，确保专款专用，加强资金监管，按时拨付。",
    # a flattened form: the target text and the completion text are the same sentence
    "一级指标产出指标二级指标数量指标三级指标分值得分年度指标值完成农业用水计量设施建设任务，实际完成值"
    "全部按期交付使用，完成农业用水计量设施建设任务，10，10",
])
def test_clause_said_twice_look_alikes(make_doc, text):
    assert [f for f in duplicate_phrase(make_doc(text)) if "同一句中" in f.message] == []


@pytest.mark.parametrize("text", [
    "基金收入包括基本医疗保险统筹基金和基本医疗保险个人账户基金两部分。",
    "根据《惠州市医疗保障局 惠州市财政局 国家税务总局惠州市税务局关于落实门诊共济保障的通知》执行。",
    "做好城乡居民医保参保工作，城乡居民医保待遇按时足额发放。",
])
def test_coordination_and_titles_are_not_glued_clauses(make_doc, text):
    assert list(duplicate_phrase(make_doc(text))) == []


def test_list_citing_the_same_law_twice(make_doc):
    doc = make_doc("（三）绩效评价依据\n1. 《中华人民共和国预算法》；\n"
                   "2. 《中华人民共和国预算法实施条例》（2020年修订）；\n"
                   "3. 《中华人民共和国预算法实施条例》；\n4. 其他相关资料。\n")
    found = list(duplicate_phrase(doc))
    assert len(found) == 1
    assert found[0].excerpt.startswith("3.") and found[0].confidence == "certain"
    assert found[0].related[0].excerpt.startswith("2.")


def test_same_list_in_abstract_and_body_is_not_a_repeat(make_doc):
    doc = make_doc("摘要\n一、基本情况\n二、存在问题\n正文\n一、基本情况\n二、存在问题\n")
    assert list(duplicate_phrase(doc)) == []


def test_enumeration_citing_a_title_twice(make_doc):
    doc = make_doc("依据《预算法》、《会计法》（2017年修正）、《预算法》开展评价。")
    found = list(duplicate_phrase(doc))
    assert len(found) == 1 and found[0].excerpt == "《预算法》"


# --------------------------------------------------------------------------- typo

def test_typo_uses_context(make_doc):
    doc = make_doc("逐步提升收益群众满意度。项目投资收益稳定，受益群众满意率 95%。")
    found = list(typo(doc))
    assert excerpts(found) == ["收益群众"]
    assert found[0].evidence["correct"] == "受益群众"
    assert found[0].confidence == "certain"


@pytest.mark.parametrize("text,wrong", [
    ("落实基本公共务均等化总体目标。", "公共务"),
    ("（一）项目概括\n本项目为常年性项目。", "项目概括"),
    ("反应通过基本医疗保险项目的开展，是否有效保障。", "反应通过"),
    ("主要从数量、产值质量、产出时效三个方面评价。", "产值质量"),
    ("资金已按时拔付到位。", "拔付"),
    ("检查监管对像为辖区内企业。", "对像"),
    ("因由于项目暂未完工，下一步将加快进度。", "因由于"),
    ("完成农村公路为桥改造3座。", "为桥改造"),
    ("安装波型护栏1200米。", "波型护栏"),
    ("细颗粒物(pm2.5)年均浓度下降。", "pm2.5"),
])
def test_typo_finds_known_confusions(make_doc, text, wrong):
    assert wrong in excerpts(typo(make_doc(text)))


@pytest.mark.parametrize("text", [
    "依据《实施方案》(裕党办[2018]81号、《关于印发工作措施的通知》开展评价。\n二、评价结论\n良好。\n",
    "补贴购机农户5户，机具5台套（甲办事处3户、3台套，乙办事处2户、2台套，补贴金额13.6万元。\n下一步继续推进。\n",
])
def test_bracket_never_closed_in_its_paragraph(make_doc, text):
    found = [f for f in typo(make_doc(text)) if f.evidence.get("missing")]
    assert len(found) == 1 and found[0].excerpt[0] in "(（"


@pytest.mark.parametrize("text", [
    "依据《实施方案》（裕党办〔2018〕81号）开展评价。\n二、评价结论\n",          # closed
    "主要单位有：(1)畜牧水产事务中心、(2)农机事务中心、(3\n)种子管理站。\n",   # cut at a line end
    "下一步工作：\n机具5台套（甲办事处3户、3台套，乙办事处2户、2台套",          # the last paragraph: cut
    "指标 | 完成值（万元 | 备注\n合计 | 12 | 无\n",                               # a table row
])
def test_bracket_look_alikes(make_doc, text):
    assert [f for f in typo(make_doc(text)) if f.evidence.get("missing")] == []


@pytest.mark.parametrize("text", [
    "项目概括为三个方面：投入、过程、产出。",
    "本年利息收益 12 万元，投资收益率 3%。",
    "及时反映通过审核的情况，过敏反应情况另行统计。",
    "按照《关于做好 2022 年城乡居民医保工作的通知》（粤医保发〔2022〕19 号）执行。",
    "研究与开发（R&D）投入 20 万元。",
    "监控画面对像素要求较高，服务对象满意。",
    "工期延后的主要原因由于连续降雨。",
    "为桥梁养护提供资金保障，完成危桥改造3座。",
    "细颗粒物(PM2.5)年均浓度下降。",
])
def test_typo_leaves_correct_usage_alone(make_doc, text):
    assert list(typo(make_doc(text))) == []


def test_unclosed_title_mark_before_document_number(make_doc):
    doc = make_doc("根据《玉溪市财政局关于加强基金缴拨管理有关问题的补充通知（玉财社〔2011〕14号）、"
                   "《玉溪市基金财务管理办法》（玉财社〔2013〕26号）的规定。")
    found = list(typo(doc))
    assert len(found) == 1
    assert "缺右书名号" in found[0].message and "通知" in found[0].excerpt


@pytest.mark.parametrize("text,mark", [
    ("根据市财政局关于下达2025年市级衔接资金预算的通知》(某财农指〔2025〕11号),现下达资金。", "前没有左书名号"),
    ("依据<大气污染防治资金管理办法〉(财资环〔2021〕46号)执行。", "以“<”开头"),
])
def test_title_marks_that_do_not_pair(make_doc, text, mark):
    found = [f for f in typo(make_doc(text)) if "书名号不成对" in f.message]
    assert len(found) == 1 and mark in found[0].message


@pytest.mark.parametrize("text", [
    "按照《关于做好城乡居民医保\n工作的通知》执行。",          # a title wrapped across lines
    "《项目支出绩效评价管理办法》规定,《预算法》第五十七条。",
    "依据《财政部关于印发<项目支出绩效评价管理办法>的通知》执行。",
    "当 x<5 且 y>3 时,指标〈一〉与〈二〉并列。",
])
def test_paired_title_marks_are_silent(make_doc, text):
    assert [f for f in typo(make_doc(text)) if "书名号不成对" in f.message] == []


def test_ampersand_between_chinese_words(make_doc):
    assert excerpts(typo(make_doc("提升方案的科学性 & 准确性。"))) == ["性 & 准"]


# --------------------------------------------------------------------------- contradiction

def test_explanation_contradicting_the_change(make_doc):
    doc = make_doc("2022 年度培训费总额 31.23 万元，全部为财政拨款支出，比上年决算减少 2.02 万元。"
                   "培训费增加主要是因为：本年度培训活动开展较少，培训费支出减少。")
    found = list(contradiction(doc))
    assert len(found) == 1
    f = found[0]
    assert f.excerpt == "培训费增加主要是因为" and f.confidence == "certain"
    assert {r.role for r in f.related} == {"stated_change", "restated_change"}


@pytest.mark.parametrize("text", [
    # consistent explanations
    "会议费总额 0.18 万元，比上年决算减少 0.83 万元。会议费减少主要原因：本年度会议开展较少。",
    "“三公”经费总额 1.74 万元，比上年决算增加 0.09 万元。“三公”经费增加主要原因：公务用车使用次数增加。",
    # negation agrees with the stated change
    "培训费比上年减少 2 万元。培训费未增加的原因是培训活动减少。",
    # two different quantities
    "会议费比上年减少 0.5 万元。差旅费增加主要是因为外出调研增多。",
    # the change of a neighbouring quantity is not the one explained
    "项目经费比上年减少 5 万元，项目支出比上年增加 10 万元。项目支出增加主要是因为新增信息化建设。",
    "基本支出 1203 万元，项目支出比上年减少 3 万元。基本支出增加主要是因为人员增加。",
])
def test_consistent_or_negated_changes_are_not_contradictions(make_doc, text):
    assert list(contradiction(make_doc(text))) == []


def test_negated_statement_against_explanation(make_doc):
    doc = make_doc("培训费比上年未增加。培训费增加主要是因为培训人次增多。")
    found = list(contradiction(doc))
    assert len(found) == 1 and found[0].excerpt == "培训费增加主要是因为"


# --------------------------------------------------------------------------- boilerplate

PROBLEM_1 = ("1、城乡居民基本医疗保险政策宣传不够深入。虽然每年医保政策及医保基金监管等宣传做了大量工作，"
             "但是群众知晓率，参与度不高。主要原因是医保政策专业性非常强，还要不断深入开展宣传培训。")
MEASURE = ("2. 加强医保基金监管。促进城乡居民基本医疗保险各项制度稳健运行，贯彻落实党中央、国务院决策部署"
           "和省市具体部署要求，加大打击欺诈骗保力度，坚持“零容忍”态度，切实保障医保基金安全。")


def sibling(region, problem=PROBLEM_1, measure=MEASURE, people="14368"):
    return (f"附件 1\n项目名称：{region}城乡居民医保区级配套资金\n一、项目概况\n"
            f"{region}区域实际参保人数 {people} 人，按时完成拨付。\n"
            f"二、项目绩效分析\n（一）评价结论\n项目实现了预期目标，{region}区域参保率达 95%以上，"
            f"有效缓解了参保群众看病贵看病难的问题，{region}区域群众满意度为 100%。\n"
            f"三、存在的问题和建议\n（一）存在的问题及原因分析\n{problem}\n"
            f"（二）整改措施\n{measure}\n")


def corpus_findings(*texts):
    docs = [build_document(f"r{i}.txt", t) for i, t in enumerate(texts)]
    return docs, [(i, f) for i, f in boilerplate(docs)]


def test_sibling_reports_sharing_problems_and_measures():
    docs, found = corpus_findings(sibling("铁山"), sibling("章山", people="11789"))
    assert {docs[i].path for i, _ in found} == {"r1.txt"}   # the later copy, not the first
    quotes = [docs[i].text[docs[i].norm.from_original(f.start):][:12] for i, f in found]
    assert any(q.startswith("城乡居民基本医疗保险政策") for q in quotes)
    assert any(q.startswith("促进城乡居民") for q in quotes)
    assert all(f.confidence == "likely" for _, f in found)
    # the conclusion was adapted (region, figures): not boilerplate
    assert not any("项目实现了预期目标" in f.excerpt for _, f in found)


def test_sibling_reports_in_one_file_and_small_edits():
    edited = MEASURE.replace("和省市具体部署要求", "和省市具体要求")
    text = sibling("铁山") + sibling("金山", measure=edited, people="73731")
    doc = build_document("one.txt", text)
    assert len(doc.reports) == 2
    found = [f for _, f in boilerplate([doc])]
    assert len(found) == 2
    measure = next(f for f in found if "促进" in f.excerpt)
    assert measure.evidence["verbatim"] is False
    assert measure.related and measure.related[0].role == "first_copy"
    assert measure.start > text.index("金山")


def test_edits_naming_the_project_are_not_boilerplate():
    adapted = PROBLEM_1.replace("城乡居民基本医疗保险政策", "金山区域城乡居民基本医疗保险政策")
    a = sibling("铁山")
    b = sibling("金山", problem=adapted, people="73731").replace(MEASURE, "2. 加强监管。今年将开展专项检查两次。")
    docs, found = corpus_findings(a, b)
    # the paragraph was tailored (its first sentence names 金山): at most a hint
    assert all(f.confidence == "possible" and f.evidence["tailored"] for _, f in found)


def test_figures_shared_by_siblings_are_not_boilerplate():
    fact = "2023 年度我区城乡居民基本医疗保险个人缴费标准为 350 元/人/年，我局将积极配合相关部门完成任务。"
    docs, found = corpus_findings(sibling("铁山", measure=fact), sibling("章山", measure=fact))
    assert not any("350" in f.excerpt for _, f in found)


def test_abstract_repeating_the_body_is_normal():
    body = ("华宁县 2023 年城镇职工医疗保险基金符合国家政策、发展规划要求；项目预算编制科学合理，"
            "预算内容符合项目实际需求。但也存在未编制绩效目标等问题。")
    text = (f"摘要\n一、综合评价结论\n{body}\n二、存在的问题\n未编制绩效目标，据了解该项目未涉及财政资金，故未制定绩效目标。\n"
            f"正文\n一、基本情况\n本项目为常年性项目。\n二、综合评价结论\n{body}\n三、存在的问题\n"
            "未编制绩效目标，据了解该项目未涉及财政资金，故未制定绩效目标。\n")
    docs, found = corpus_findings(text)
    assert found == []


PASTED = ("稳步推进医保服务下沉延伸办理，规范服务事项清单、经办服务流程和经办服务职责，推进高频服务事项"
          "向乡村下沉、向银行延伸。设立 159 个医保服务站，打造 7 个服务示范点，为群众提供家门口医保服务。")


WIDE = ("为进一步规范和加强财政项目资金管理，提高财政资源配置效率和使用效益，县财政局委托第三方中介机构"
        "对本项目实施绩效评价，评价工作按照前期准备、数据收集及复核和数据分析及撰写报告三个阶段进行。\n")


def test_section_pasted_into_an_unrelated_indicator():
    text = (WIDE * 3 + "一、基本情况\n（一）资金管理情况\n持续强化医保基金总额预算管理，全面推进支付方式改革。" + PASTED + "\n"
            "二、绩效评价指标分析\n14.D2 基金运行可持续性（权重分 10 分，实际得分 10 分）\n"
            "D21 提高参保人员医保待遇水平（权重分 10 分，实际得分 10 分）" + PASTED + "\n"
            "15.D3 参保人员满意度（权重分 5 分，实际得 3 分）\n群众满意度为 84.67%。\n")
    docs, found = corpus_findings(text)
    assert len(found) == 1
    f = found[0][1]
    assert f.confidence == "likely" and f.evidence["scope"] == "within_report"
    assert f.related[0].role == "first_copy"
    assert "D21" in f.excerpt


def test_table_cell_restating_its_indicator_paragraph_is_normal():
    cell = "严格按国家、省级规定制定医疗保险政策，明确了参保、缴费、待遇支付范围等相关规定，各级经办机构严格执行。"
    text = ("表 5 过程指标\n二级指标\t三级指标\t业绩值\t得分\n"
            f"B3 政策执行\tB31 政策\t{cell}\t5\n"
            f"5. B3 政策执行（权重分 5 分，实际得分 5 分）\n{cell}\n")
    docs, found = corpus_findings(text)
    assert found == []


def test_boilerplate_share_in_document_summary(tmp_path):
    (tmp_path / "a.txt").write_text(sibling("铁山"), encoding="utf-8")
    (tmp_path / "b.txt").write_text(sibling("章山", people="11789"), encoding="utf-8")
    (tmp_path / "c.txt").write_text("一、项目概况\n本项目资金 100 万元，已全部拨付到位，用于购置设备和开展培训。\n",
                                    encoding="utf-8")
    result = run([str(tmp_path)], Options(select=["text.boilerplate"]))
    shares = {d.path.rsplit("/", 1)[-1]: d.summary["boilerplate_share"] for d in result.documents}
    assert 0.4 < shares["a.txt"] < 1 and 0.4 < shares["b.txt"] < 1
    assert shares["c.txt"] == 0
    json.dumps([d.summary for d in result.documents])  # serialisable


def test_boilerplate_share_by_report_for_a_multi_report_file():
    doc = build_document("one.txt", sibling("铁山") + sibling("章山", people="11789"))
    from auditor.checks.text import _shares
    rows = dict(((k, v) for _, k, v in _shares([doc])))
    by_report = rows["boilerplate_share_by_report"]
    assert len(by_report) == 2 and all(r["share"] > 0.4 for r in by_report)
    assert rows["boilerplate_share"] > 0.4             # sibling reports count ...
    assert rows["boilerplate_share_other_files"] == 0  # ... but no other file shares text


def test_heading_number_values():
    assert [heading_number(x) for x in ("一", "十", "十二", "二十三", "3", "③", "甲")] == \
        [1, 10, 12, 23, 3, 3, None]


def test_indicator_quoting_its_own_topic_is_only_a_hint():
    basis = ("根据《中华人民共和国社会保险法》和《国务院关于整合城乡居民基本医疗保险制度的意见》，"
             "结合本市实际编制项目实施方案，经市政府常务会议审议通过后组织实施。")
    text = (WIDE * 3 + "一、项目概况\n（一）立项背景和依据\n" + basis + "\n二、绩效评价指标分析\n"
            "1.A11 立项依据充分性（权重分 3 分，实际得分 3 分）\n" + basis + "\n"
            "2.A12 立项程序规范性（权重分 3 分，实际得分 3 分）\n按规定程序申报并经集体决策。\n")
    docs, found = corpus_findings(text)
    assert len(found) == 1 and found[0][1].confidence == "possible"


FORM = ("年度绩效目标\t一级指标\t二级指标\t三级指标\t年初目标值 (A)\t实际完成值 (B)\t得分\n"
        "\t产出指标\t数量指标\t预计参保人数\t13000\t{actual}\t15\n总分\t88\n")


@pytest.mark.parametrize("claim,actual,expected", [
    ("项目实现了预期目标，参保率达 95%以上。", "11789", ["实现了预期目标"]),
    ("项目基本实现了预期目标，参保率达 95%以上。", "11789", []),   # the conclusion itself hedges
    ("项目实现了预期目标，参保率达 95%以上。", "13200", []),       # the target was met
])
def test_conclusion_against_the_form_is_only_possible(make_doc, claim, actual, expected):
    doc = make_doc(FORM.format(actual=actual) + "\n二、项目绩效分析及评价结论\n\n（四）评价结论\n\n" + claim + "\n")
    found = [f for f in contradiction(doc)]
    assert excerpts(found) == expected
    assert all(f.confidence == "possible" for f in found)


def test_quantity_named_with_quotes(make_doc):
    doc = make_doc('"三公"经费支出 15.6 万元，比上年减少 2.3 万元，“三公”经费增加的主要原因是严格控制公务接待。')
    found = list(contradiction(doc))
    assert len(found) == 1 and found[0].confidence == "certain"


def test_indicator_paragraph_opening_with_its_code():
    text = (WIDE * 3 + "（二）评价过程\n评价组由市财政局、市人力资源和社会保障局、第三方机构人员组成，"
            "采用资料核查、实地调研、问卷调查相结合的方式开展评价。\n（三）效益指标\n"
            "D21 服务对象满意度（权重分 20 分，实际得分 16 分）。评价组由市财政局、市人力资源和社会保障局、"
            "第三方机构人员组成，采用资料核查、实地调研、问卷调查相结合的方式开展评价。\n")
    docs, found = corpus_findings(text)
    assert len(found) == 1 and found[0][1].confidence == "likely"
    assert "D21" in found[0][1].message


def test_prepared_views_give_the_same_findings_as_documents():
    import pickle
    from auditor.checks.text import prepare_view
    docs = [build_document(f"r{i}.txt", t) for i, t in
            enumerate([sibling("铁山"), sibling("章山", people="11789")])]
    direct = [(i, f.to_dict()) for i, f in boilerplate(docs)]
    views = [pickle.loads(pickle.dumps(prepare_view(d))) for d in docs]   # as a worker sends them
    prepared = [(i, f.to_dict()) for i, f in boilerplate(views)]
    assert direct and direct == prepared


def test_boilerplate_split_into_parts_joins_to_the_whole_rule():
    """The engine runs text.boilerplate in parts (one per --jobs) after building the index
    once; whatever the cut, the join gives the whole rule's findings in its order."""
    from auditor.checks.text import _shares, prepare_view
    texts = [sibling("铁山"), sibling("章山", people="11789"),
             sibling("金山", measure=MEASURE.replace("和省市具体部署要求", "和省市具体要求"), people="73731"),
             sibling("下陆") + sibling("西塞山", people="5120"), sibling("黄石港", problem=PROBLEM_1[:40])]
    views = [prepare_view(build_document(f"r{i}.txt", t)) for i, t in enumerate(texts)]
    whole = [(i, f.to_dict()) for i, f in boilerplate(views)]
    shares = _shares(views)
    assert len({i for i, _ in whole}) >= 3
    for n in (1, 2, 3, 8, 100):
        split = boilerplate.split(views, n)
        assert 1 <= len(split.parts) <= n
        got = [(i, f.to_dict()) for i, f in split.join([p() for p in split.parts])]
        assert got == whole, n
        assert _shares(views) == shares


def test_minhash_lsh_candidates_are_datasketchs():
    """``_minhashes``/``_lsh_pairs`` compute in numpy what datasketch's MinHash and
    MinHashLSH(threshold 0.5, 64 permutations) give: the same signatures, and for each
    sentence the same candidates among the earlier ones."""
    import random
    import numpy as np
    from datasketch import MinHash, MinHashLSH
    from auditor.checks.text import (_LSH_BANDS, _LSH_ROWS, _LSH_THRESHOLD, _NUM_PERM, _SHINGLE,
                                     _lsh_pairs, _minhashes)
    rng = random.Random(7)
    base = ["城乡居民基本医疗保险政策宣传不够深入群众对政策的知晓率不高",
            "加强医保基金监管促进城乡居民基本医疗保险各项制度稳健运行",
            "2023年度项目资金到位率100%执行率98.5%"]
    keys = []
    for _ in range(300):
        s = list(rng.choice(base))
        for _ in range(rng.randint(0, 6)):
            s[rng.randrange(len(s))] = rng.choice("铁山章山金汪仁区域市县镇")
        keys.append("".join(s))
    sigs = _minhashes(keys)
    lsh = MinHashLSH(threshold=_LSH_THRESHOLD, num_perm=_NUM_PERM)
    assert (lsh.b, lsh.r) == (_LSH_BANDS, _LSH_ROWS)
    expected = set()
    for k, key in enumerate(keys):
        mh = MinHash(num_perm=_NUM_PERM)
        mh.update_batch([key[i:i + _SHINGLE].encode("utf-8") for i in range(len(key) - _SHINGLE + 1)])
        assert np.array_equal(mh.hashvalues, sigs[k])
        expected.update((k, j) for j in lsh.query(mh))
        lsh.insert(k, mh)
    later, earlier = _lsh_pairs(sigs)
    assert set(zip(later.tolist(), earlier.tolist())) == expected and len(later) == len(expected)


def test_lsh_bucket_cap_pairs_a_sentence_with_the_earliest_members_only(monkeypatch):
    """In a bucket larger than _BUCKET_CAP, a sentence is paired with the _BUCKET_CAP
    earliest members only (a template repeated with every place name of a province would
    otherwise give pairs growing with the square of the run); smaller buckets are untouched."""
    import random
    from collections import defaultdict
    from auditor.checks import text as T

    rng = random.Random(11)
    base = "城乡居民基本医疗保险政策宣传不够深入群众对政策的知晓率不高"
    keys = []
    for _ in range(120):
        s = list(base)
        for _ in range(rng.randint(0, 3)):
            s[rng.randrange(len(s))] = rng.choice("铁山章山金汪仁区域市县镇")
        keys.append("".join(s))
    sigs = T._minhashes(keys)
    uncapped = set(zip(*(x.tolist() for x in T._lsh_pairs(sigs))))
    cap = 5
    monkeypatch.setattr(T, "_BUCKET_CAP", cap)
    capped = set(zip(*(x.tolist() for x in T._lsh_pairs(sigs))))
    expected = set()
    for band in range(T._LSH_BANDS):
        buckets = defaultdict(list)
        for k in range(len(keys)):
            buckets[tuple(sigs[k, band * T._LSH_ROWS:(band + 1) * T._LSH_ROWS].tolist())].append(k)
        for members in buckets.values():
            for rank, k in enumerate(members):
                expected.update((k, j) for j in members[:min(rank, cap)])
    assert max(len(m) for m in buckets.values()) > cap   # the cap is exercised
    assert capped == expected and capped < uncapped


# --------------------------------------------------------------------------- doubled words and levels

@pytest.mark.parametrize("text", [
    "采购马铃薯原原种 300 万粒，建成原种繁育基地 800 亩。",      # seed grades (domain dictionary)
    "二〇二二年度绩效自评，二〇二〇年起实施。",                  # years in Chinese numerals
    "全县县直单位参加培训，某某县县城新建两所学校，临泉县县医院扩建。",
    "芜湖市市场监督管理局、惠州市市直机关参加。",
    "领导要求研究研究再定，层层落实，人人参与。",
    "服务对象满意度 | 是 | 是 | 8",
    "产出指标 数量指标 指标1 发放人数",
    "数量指标指标1免费发放种子",
    "质量指标指标12021年11月30日前完成",                          # flattened form: label 指标1, then a date
    "数量指标 | 指标 | 指标 | 3",                                  # three cells
    "公开范围:全部公开 公开方式:政府网站",
    "满意度指标过程指标评审程序是否公正是是",
    "绩效指标一级指标二级指标三级指标指标解释指标方向成本指标",
    "年初预算数(A)全年执行数(B)分值(10分)执行率(B/A)得分得分计算方法",
])
def test_doubled_words_leave_legitimate_forms_alone(make_doc, text):
    assert list(duplicate_char(make_doc(text))) == []


@pytest.mark.parametrize("text,doubled", [
    ("二、社会效益效益指标完成情况良好。", "效益效益"),
    ("经费由南陵县县财政局统一拨付。", "县县"),
    ("项目资金资金到位率 100%。", "资金资金"),
    ("资金由婺城区区人民政府统筹安排。", "区区"),
    # before a figure with its unit, at a line start before a title, overlapping a word end
    ("20xx年我镇项目资金共到位到位1130.71万元，其中财政衔接资金1077.56万元。", "到位到位"),
    ("事业编制20人，实有人数人数18人。", "人数人数"),
    ("按照合同进度支付，\n根据根据《四川省水利发展资金管理办法》要求管理资金。", "根据根据"),
    ("各级补助资金全部用于补助居民医保参保参保人，建立筹资模式。", "参保参保"),
    # a column word before a score with its unit is prose, not a label before an item label
    ("（3）成本指标：分值分值10分，自评得分10分。", "分值分值"),
    # a verb said twice (研究研究) is a form of its own, but never before 的
    ("七、其他需要说明说明的问题：无。", "说明说明"),
])
def test_doubled_words_and_levels_are_found(make_doc, text, doubled):
    assert excerpts(duplicate_char(make_doc(text))) == [doubled]


@pytest.mark.parametrize("text,wrong", [
    ("已完成建挡立卡户的核查工作。", "建挡立卡"),
    ("项目预算执行律为 98.5%。", "执行律"),
    ("截止目前，已拨付资金 30 万元。", "截止目前"),
    ("各单位要因地治宜，统筹推进。", "因地治宜"),
])
def test_typo_finds_sourced_confusions(make_doc, text, wrong):
    fs = [f for f in typo(make_doc(text)) if "source" in f.evidence]
    assert [f.excerpt for f in fs] == [wrong] and fs[0].evidence["source"]


@pytest.mark.parametrize("text", [
    "他激动得不能自已。",
    "委托执行律师事务所开展法律服务。",
    "截至目前，已拨付资金 30 万元，申报截止日期为 3 月 31 日。",
    "推进管理正规化、常规化。",
    "攀登计划、台阶断面、往返复核、优化拨付流程、纠错施策、准备按时完成。",
])
def test_sourced_confusions_leave_correct_text_alone(make_doc, text):
    assert [f for f in typo(make_doc(text)) if "source" in f.evidence] == []


def tbody(*lines):
    return "\n\n".join(lines) + "\n"


# --------------------------------------------------------------------------- template instructions (text.boilerplate)

def test_template_instructions_left_in_form_cells(make_doc):
    doc = make_doc(tbody("项目名称 | 乡村道路养护经费 |",
                        "年度目标 | 完成 120 公里道路日常养护 | 对照年度目标,说明相关任务目标的完成情况(100字以内) |",
                        "评价结论 | 结合自评情况,说明项目自评总分,说明项目实施取得的成效。(200字以内) |",
                        "存在问题 | 请填写存在的主要问题 |"))
    found = list(template_instructions(doc))
    assert len(found) == 3
    assert found[1].evidence["label"] == "评价结论" and found[0].confidence == "likely"


@pytest.mark.parametrize("lines", [
    ("结合自评情况，现将有关情况说明如下：", "项目资金 50 万元全部到位。"),
    ("（一）项目概况（500字以内）", "本项目资金 50 万元，用于道路养护。"),
    ("说明：本表金额单位为万元。",),
    ("请各乡镇结合实际，认真抓好落实。",),
    ("评价结论 | 项目自评得分 95 分，按照年度目标完成了 120 公里道路养护。 |",),
])
def test_filled_cells_and_prose_are_not_template_instructions(make_doc, lines):
    doc = make_doc(tbody(*lines))
    assert list(template_instructions(doc)) == []


@pytest.mark.parametrize("text,blank", [
    ("22户个体工商户被标记为经营异常状态。%、%、%,未按规定公示年报信息的比例较上年下降。", "%、%、%"),
    ("抽查比例分别为：％，％，全部按时完成。", "％，％"),
])
def test_percent_sign_without_its_number_is_a_blank_left_in_the_template(make_doc, text, blank):
    found = [f for f in template_instructions(make_doc(text)) if f.evidence["kind"] == "blank_value"]
    assert [f.excerpt for f in found] == [blank]


@pytest.mark.parametrize("lines", [
    ("居民参保人员满意度 | ≥ | 90 | % | 10 |",),         # the unit cell after a number cell
    ("预算执行率(%) | 得分 |", "单位：%，万元"),          # units in headers
    ("执行率为 95 %，资金到位率 100%。",),                 # a number before it
])
def test_percent_units_are_no_blank(make_doc, lines):
    assert [f for f in template_instructions(make_doc(tbody(*lines)))
            if f.evidence["kind"] == "blank_value"] == []


@pytest.mark.parametrize("line", [
    "评价结论  结合自评情况，说明项目自评总分。（200字以内）",
    "评价结论 结合自评情况,说明项目自评总分。(200字以内)",
    "评价结论\t结合自评情况，说明项目自评总分。（200字以内）\t",
])
def test_template_instruction_in_column_layouts(make_doc, line):
    doc = make_doc(tbody(line))
    if "结论结合" in doc.text:
        pytest.skip("this normalizer deletes the space between the label and the cell")
    found = list(template_instructions(doc))
    assert len(found) == 1 and found[0].evidence["label"] == "评价结论"
    assert found[0].excerpt.startswith("结合")




@pytest.mark.parametrize("text", [
    "公用经费标准5符合相关文件要求符合相关文件要求5指标2",
    "成本指标国家奖学金人均资助国家励志奖学金人均资助国家助学金人均资助效益指标一级指标二级指标三级指标分值得分",
    "牟定县2020年第一批公路安全生命防护工程经州交通运输局关于转下达2020年第一批安全生命防护工程建设计划的通知",
])
def test_flattened_cells_and_names_cited_twice_are_not_glued_clauses(make_doc, text):
    assert [f for f in duplicate_phrase(make_doc(text)) if "clause" in f.evidence] == []


def test_clause_pattern_takes_the_characters_the_regex_class_takes():
    """``_CLAUSE`` runs on the standard library's ``re`` with the White_Space characters
    listed: it must take exactly the characters of the ``regex`` class with ``\\s``."""
    import re as stdre
    import sys

    import regex

    from auditor.checks.text import _CLAUSE
    original = regex.compile(r"[^，。、；：！？,;:!?()（）\[\]【】“”\"'‘’<>《》\s/=+~—…·●|]")
    mine = stdre.compile(_CLAUSE.pattern[:_CLAUSE.pattern.rindex("{")])
    differ = [hex(i) for i in range(sys.maxunicode + 1)
              if bool(original.match(chr(i))) != bool(mine.match(chr(i)))]
    assert differ == []


# --------------------------------------------------------------------------- precision on unseen reports

@pytest.mark.parametrize("text", [
    # an organisation's name, then a word of that office
    "二、机构组成\n宜宾市屏山生态环境局局机关包括办公室、法规股。",
    # a list marker, then a line that starts with a mark (a document site's chunk seam)
    "完成道路16千米\n2、、取水口、蓄水池760立方米。",
    # a cell, then the label of the next cell, in a flattened form row
    "产出指标数量指标指标1:完成报告12期全部完成成效指标指标:以报告的进度衡量标准全部完成",
    # two columns flattened side by side: their equal cells meet as doubled words
    "实际到位资金(万元)144实际使用情况(万元)142其中:中央财政其中:中央财政省财政144省财政142市县财政市县财政其他其他",
])
def test_duplicate_char_leaves_layout_and_names_alone(make_doc, text):
    assert list(duplicate_char(make_doc(text))) == []


def test_duplicate_phrase_leaves_a_new_noun_phrase_after_a_determiner_alone(make_doc):
    text = "小区道路路灯及沿江景观亮化电费有效保证了我区小区道路路灯1884盏和沿江景观亮化4529处的电费支付。"
    assert [f for f in duplicate_phrase(make_doc(text))] == []


def test_typo_end_drop_needs_a_character_missing_from_a_word(make_doc):
    # 上年决算 is whole without 数 (上年|决算|数): no character is missing from a word
    text = ("1.一般公共预算财政拨款收入100万元，较上年决算数增加5万元。\n"
            "2.政府性基金收入20万元，较上年决算数减少2万元。\n"
            "3.其他收入10万元，较上年决算数增加1万元。\n"
            "4.事业收入30万元，较上年决算增加3万元。\n")
    assert [f for f in typo(make_doc(text)) if f.evidence.get("kind") == "end_drop"] == []


@pytest.mark.parametrize("text", [
    # a flattened score table: cells and figures run together, no clause mark
    "资金分配\n3 3 资金使用\n4 4 (\n3 分)项目执行执行规范\n3 2 ( 特性指标70 分)项目完成完成数量\n5 5 完成质量\n",
    # the same doubling row after row: two columns that meet
    "东排河改造工程工程款、监理费735,431.00；西排河改造工程工程款、设计费263,129.94；"
    "南排河改造工程工程款、审计费377,633.00。",
    # a preposition before a word that starts with it; a 街道 named …街
    "预算编制时对对象摸底不够准确。八街街道市场监督管理所、县街街道市场监督管理所参加培训。",
    # a flattened header row of an indicator table; a label whose field is empty; the cut end
    "二级指标指标内容指标值备注\n来源::\n按月发放员工工",
])
def test_duplicate_char_leaves_flattened_tables_and_prepositions_alone(make_doc, text):
    assert list(duplicate_char(make_doc(text))) == []


def test_variants_leave_two_halves_of_a_word_and_another_body_alone(make_doc):
    text = ("参训学员共120人。参训学员满意度95%。参训学员全部结业。参培学员反映良好。\n"
            "经保山市委退役军人事务工作领导小组研究，由保山市退役军人事务局组织实施。")
    assert [f for f in typo(make_doc(text)) if f.evidence.get("usual_form")] == []


def test_duplicate_phrase_leaves_a_web_title_printed_twice_alone(make_doc):
    text = ("当前位置:首页 > 文档 > 某中学项目绩效自评报告\n"
            "某中学项目绩效自评报告某中学项目绩效自评报告简介;某中学位于县城东郊，始建于1959年。\n")
    assert list(duplicate_phrase(make_doc(text))) == []


def test_a_reduplicated_measure_word_after_a_figure(make_doc):
    fs = list(duplicate_char(make_doc("发病率、死亡率分别下降0.5、0.1个个百分点。")))
    assert [(f.excerpt, f.evidence.get("kind")) for f in fs] == [("个个", "measure_after_figure")]
    # a figure's measure word, then a word that starts with it; "every one" after no figure
    for text in ("已完成5项项目建设。", "共有1000户户均增收2000元。", "全村100人人均收入增加。", "各村个个都参与。"):
        assert list(duplicate_char(make_doc(text))) == [], text


@pytest.mark.parametrize("text", [
    "资金分解下达到相关市县和省水利厅厅直有关单位。",
    "不稳定斜坡坡面地形陡峭，构成斜坡的土体破碎。",
    "救助管理站站内托养照料继续实施政府购买服务。",
])
def test_an_office_or_a_slope_then_a_word_of_its_own(make_doc, text):
    assert list(duplicate_char(make_doc(text))) == []


def test_a_document_number_prefix_is_no_homophone_slip(make_doc):
    text = "县人民政府批复。县政府下发。《某县人民政府关于项目的批复》(围政复〔20xx〕51号)。"
    assert [f for f in typo(make_doc(text)) if f.evidence.get("kind") == "homophone"] == []


def test_a_web_pages_header_line_has_no_doubled_punctuation(make_doc):
    """发布时间:2023-03-10 来源: :0次 — a page's header with its source field left empty; the same
    doubled mark in the report's own text is still found."""
    header = "某市档案馆2022年整体支出绩效自评报告\n发布时间:2023-03-10 来源: :0次\n\n一、单位概况\n\n本馆负责全市档案管理工作。\n"
    assert [f for f in duplicate_char(make_doc(header)) if f.evidence.get("kind") == "punctuation"] == []
    prose = header.replace("本馆负责全市档案管理工作。", "本馆负责全市档案管理，，指导各单位档案工作。")
    assert [f.excerpt for f in duplicate_char(make_doc(prose)) if f.evidence.get("kind") == "punctuation"] == ["，，"]
