"""text.typo, within-document variants: a term written one way at least twice and once
with one character changed or dropped.  Legitimate look-alikes (other divisions, levels,
periods, numbers, short forms) must stay silent."""
import pytest

from auditor.checks.text import typo, variant_candidates


def variants(make_doc, text):
    return [f for f in typo(make_doc(text)) if f.evidence.get("edit")]


def test_place_name_with_one_character_changed(make_doc):
    text = ("一、资金分配\n"
            "向婺城区拨付 20 万元，金东区 15 万元。\n"
            "婺城区完成培训 12 场，婺城区受益群众 3000 人。\n"
            "其中婺成区完成设备采购 4 台。\n")
    fs = variants(make_doc, text)
    assert [f.excerpt for f in fs] == ["婺成区"]
    assert fs[0].evidence["usual_form"] == "婺城区" and fs[0].evidence["usual_count"] == 3
    assert len(fs[0].related) == 3 and fs[0].confidence == "likely"
    assert "婺城区" in fs[0].message and "婺成区" in fs[0].message


def test_term_missing_a_character_in_a_repeated_phrase(make_doc):
    text = ("3.组织开展全县各乡镇卫生院的绩效考核工作，按季度通报。\n"
            "5.完成全县乡镇卫生的绩效考核工作，形成报告。\n")
    fs = variants(make_doc, text)
    assert len(fs) == 1 and "卫生的" in fs[0].excerpt and "卫生院的" in fs[0].evidence["usual_form"]


def test_sibling_item_that_lost_the_last_character(make_doc):
    text = ("1、宣传资料印制费 3 万元，主要用于政策宣传折页印制；\n"
            "2、培训费 6 万元，主要用于基层经办人员业务培训；\n"
            "3、信息系统运维费 8 万元，主要用信息系统日常维护；\n"
            "4、办公设备购置费 2 万元，主要用于打印机等设备购置。\n")
    fs = variants(make_doc, text)
    assert len(fs) == 1 and fs[0].excerpt.startswith("主要用信")
    assert fs[0].evidence["usual_form"] == "主要用于"


@pytest.mark.parametrize("text", [
    # different divisions
    "南湖区完成 3 项，南湖区完成 5 项，南湖区完成 2 项，北湖区完成 1 项。",
    # levels and numbered items
    "一级指标 3 个，一级指标权重 60 分，一级指标得分 58 分，二级指标 8 个。",
    "第一批资金 20 万元，第一批项目 3 个，第一批已完工，第二批资金 10 万元。",
    # periods
    "年初预算 100 万元，年初预算调整 2 次，年初预算执行到位，年末预算结余 3 万元。",
    "上半年完成 40%，上半年支出 20 万元，上半年到位率 50%，下半年完成 60%。",
    # levels of government, populations
    "中央资金 50 万元，中央资金到位，中央资金执行率 100%，省级资金 20 万元。",
    "城镇居民 3000 人，城镇居民参保，城镇居民缴费，农村居民 5000 人。",
    # indicator kinds: 质量 is a word of its own
    "数量指标完成，数量指标 3 项，数量指标得分 20 分，质量指标 2 项。",
    # short forms written once among full forms
    "存在的问题如下，存在的问题一，存在的问题二，针对存在问题提出建议。",
    "年初预算 10 万元，年初预算执行，年初预算到位，按 350 元/人/年预算。",
    # numbers
    "2022年完成，2022年支出，2022年到位，2023年计划。",
    # regions named by one character
    "援藏项目资金 20 万元，援藏项目资金到位，援疆项目资金 30 万元。",
    "三山区 4 万元，三山区 2 万元，三山区 1 万元，二山村 1 万元。",
])
def test_legitimate_look_alikes_are_not_variants(make_doc, text):
    assert variants(make_doc, text) == []


def test_function_word_dropped_in_a_long_phrase_is_not_a_variant(make_doc):
    text = ("实现了全区城乡居民医疗保险参保目标。\n"
            "本年度实现全区城乡居民医疗保险参保目标。\n")
    assert variant_candidates(text) == []


def test_same_sound_slip_on_a_term_written_twice(make_doc):
    pytest.importorskip("pypinyin")
    text = ("组织开展技能培训，参训学员满意度较高。\n"
            "经问卷调查，群众满意度 98%。\n"
            "服务对象满义度达到预期。\n")
    fs = variants(make_doc, text)
    assert [f.excerpt for f in fs] == ["满义度"] and fs[0].evidence["same_sound"] is True
    assert "同音" in fs[0].message


def test_different_sound_on_a_term_written_twice_is_not_enough(make_doc):
    text = ("组织开展技能培训，参训学员满意度较高。\n"
            "经问卷调查，群众满意度 98%。\n"
            "服务对象满思度达到预期。\n")
    assert variants(make_doc, text) == []


def test_different_sound_on_a_long_term_written_twice_is_not_enough(make_doc):
    """Five characters written twice no longer vouch for a variant of another sound: in an
    OCR'd form that is as likely the reader's misreading as the writer's slip."""
    text = ("持续完善红薯脱毒苗繁育体系。\n"
            "项目名称：红薯脱毒苗推广项目。\n"
            "建成红薯脱毒苗基地 500 亩。\n"
            "采购红薯脱冲苗 20 万株。\n")
    assert [f.excerpt for f in variants(make_doc, text)] == ["红薯脱冲苗"]   # ×3: found
    two = text.replace("项目名称：红薯脱毒苗推广项目。\n", "")
    assert variants(make_doc, two) == []


# variant_pairs counts the grams in numpy; _variant_pairs_plain is the plain Python version
# it must equal on any text (real reports, the fall-back past 1,023 distinct characters,
# characters beyond the BMP, surrogates)
_ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent


def _equivalence_texts():
    for folder in (_ROOT / "corpus", _ROOT.parent / "shared" / "real"):
        for path in sorted(folder.glob("*.txt")) if folder.is_dir() else ():
            yield path.name, path.read_text(encoding="utf-8", errors="replace")


@pytest.mark.parametrize("name,text", list(_equivalence_texts()))
def test_variant_pairs_equals_plain_on_real_text(name, text):
    from auditor.checks.text import _variant_pairs_plain, variant_pairs
    assert variant_pairs(text) == _variant_pairs_plain(text)


def test_variant_pairs_equals_plain_on_edge_texts():
    from auditor.checks.text import _variant_pairs_plain, variant_pairs
    wide = "".join(chr(0x4E00 + k) for k in range(1500))      # 1,500 distinct: the plain path
    texts = [
        "", "甲乙", "一、资金", wide + "，婺城区完成，婺城区完成，婺成区完成。" + wide[::-1],
        "𠀀𠀁婺城区，𠀀𠀁婺城区，𠀀𠀂婺城区，婺成区，\ud800婺城区\udfff，婺城区。",
        "数字城管各终端单位的考核考评，以及终端单的考核考评。" * 1 + "金东区，金东区，金区。",
        "主要用于道路，主要用于桥梁，主要用于绿化，主要用城乡。",
        # six-character terms written three times: the seeds of ``_insertions``
        "推进公共文化服务，公共文化服务体系，完善公共文化服务，公共文体化服务。文化服务设施",
    ]
    for text in texts:
        assert variant_pairs(text) == _variant_pairs_plain(text), text[:20]


def test_readings_from_the_table_agree_with_pypinyin():
    """``_readings`` reads pypinyin's character table itself (importing pypinyin costs a
    quarter second); it must give what ``pinyin(c, Style.NORMAL, heteronym=False)`` gives:
    tone marks dropped, ü as v, a character without a reading as itself."""
    from pypinyin import Style, pinyin
    from pypinyin.pinyin_dict import pinyin_dict

    from auditor.checks.text import _readings
    sample = [chr(cp) for cp in sorted(pinyin_dict)[::53]] + list("绿女略吕种址沚嗯呣abc，1")
    for c in sample:
        assert _readings(c) == frozenset(pinyin(c, style=Style.NORMAL, heteronym=False)[0]), c


# --------------------------------------------------------------------------- homophone slips

@pytest.mark.parametrize("text,wrong,right", [
    # a two-character word written once with a character of the same sound (pinyin input)
    ("项目已按期完成。培训任务全部完成。道路硬化工程已湾成，群众满意。", "湾成", "完成"),
    ("产出指标全部达标。效益指标良好。满意度之标为95%。", "之标", "指标"),
    ("专项资金及时拨付。资金使用规范。结余资今已上缴。", "资今", "资金"),
    # the other character inside a word of the slip's own making (人|民政|夫)
    ("根据县人民政府部署，经县人民政府同意，按照自治区人民政夫关于规范管理的要求执行。", "政夫", "政府"),
])
def test_homophone_slip_of_a_word_the_report_writes_twice(make_doc, text, wrong, right):
    fs = [f for f in typo(make_doc(text)) if f.evidence.get("kind") == "homophone"]
    assert [(f.excerpt, f.evidence["correct"]) for f in fs] == [(wrong, right)]
    assert fs[0].confidence == "likely"


@pytest.mark.parametrize("text", [
    # the pair lies across two words (方向|目标, 办公|作风): no slip
    "项目实施方向目标明确。项目管理规范，项目资金到位。",
    "加强工作作风建设。改进工作方法，办公作风明显好转。",
    # two characters that stand as words of their own (为其, 及市)
    "为期三年的项目，为期两年的培训，为其提供技术支持。",
    "及时报送报表，及时拨付，报财政部门及市医疗保障局审核。",
    # a garbled run no word holds (a broken font): nothing to correct there
    "项目实施顺利。实施进度良好。项目名称碟令薯樽轴示施项目。",
    # written right, the text reads no better (全市|共|资助 -> 全市|工资|助)
    "发放工资按月进行，工资标准统一。全市共资助困难群众三千人。",
    # the word written once only: no evidence of the usual form
    "道路硬化工程已湾成，群众满意。",
])
def test_homophone_slip_needs_the_word_twice_and_a_pair_that_stands_alone(make_doc, text):
    assert [f for f in typo(make_doc(text)) if f.evidence.get("kind") == "homophone"] == []


def test_a_term_written_once_with_an_extra_character_inside_a_word(make_doc):
    text = ("构建公共文化服务体系。完善公共文化服务设施。提升公共文化服务水平。"
            "加快构建现代公共文体化服务体系。")
    fs = [f for f in typo(make_doc(text)) if f.evidence.get("edit") == "insertion"]
    assert [(f.excerpt, f.evidence["usual_form"]) for f in fs] == [("公共文体化服务", "公共文化服务")]
    # a modifier between two words is no slip (项目资金 / 项目总资金)
    text = "本项目资金到位及时。本项目资金使用规范。本项目资金管理严格。本项目总资金为120万元。"
    assert [f for f in typo(make_doc(text)) if f.evidence.get("edit") == "insertion"] == []


def test_an_abbreviation_is_no_end_drop(make_doc):
    # 移民后期扶持 → 移民后扶: the short form keeps the next word's first character
    text = ("1.移民后期扶持资金到位及时。\n2.移民后期扶持项目管理规范。\n3.移民后期扶持政策宣传到位。\n"
            "4.移民后扶项目验收合格。\n")
    assert [f for f in typo(make_doc(text)) if f.evidence.get("edit") == "end_drop"] == []


def test_groups_by_hashing_equal_groups_by_sorting(monkeypatch):
    """``_group_keys`` sorts short arrays and hashes long ones: either way each key's group has
    the least index holding the key and the key's count (keys that share a slot of the
    table included), one group a distinct key."""
    import numpy as np
    from auditor.checks import text as t
    rng = np.random.default_rng(7)
    for trial in range(300):
        m = int(rng.integers(0, 3000))
        keys = rng.integers(-3, int(rng.integers(1, m + 2)), m) * int(rng.choice([1, 1 << 40, (1 << 62) - 1]))
        _, first, inverse, counts = np.unique(keys, return_index=True, return_inverse=True, return_counts=True)
        for limit in (-1, 10 ** 9):           # hash everything, sort everything
            monkeypatch.setattr(t, "_SORT_MAX", limit)
            group, sizes, firsts = t._group_keys(keys)
            assert len(sizes) == len(firsts) == len(first)
            assert (firsts[group] == first[inverse]).all() and (sizes[group] == counts[inverse]).all()
            values = rng.integers(-5, 50, int(rng.integers(0, 100)))
            assert (t._member(values, keys) == np.isin(values, keys)).all()
            distinct, n = t._distinct(keys)
            assert sorted(zip(distinct.tolist(), n.tolist())) == sorted(zip(_.tolist(), counts.tolist()))


@pytest.mark.parametrize("limit", [0, 10 ** 9])
def test_variant_and_homophone_pairs_hashed_or_sorted(monkeypatch, limit):
    """Long documents are grouped by hashing, short ones by sorting: either way the same
    pairs (every text hashed, then every text sorted)."""
    from auditor.checks import text as t
    texts = [text for _, text in _equivalence_texts()][:40]
    texts.append("推进公共文化服务，公共文化服务体系，完善公共文化服务，公共文体化服务。" * 30
                 + "婺城区完成，婺城区完成，婺成区完成。湾沚区，湾沚区，湾址区")
    freq = t._word_freq()
    want = [(t.variant_pairs(x), t._homophone_pairs(x, freq)) for x in texts]
    monkeypatch.setattr(t, "_SORT_MAX", limit)
    for x, w in zip(texts, want):
        t._UTF32 = (None, None)
        assert (t.variant_pairs(x), t._homophone_pairs(x, freq)) == w
        assert t.variant_pairs(x) == t._variant_pairs_plain(x)
