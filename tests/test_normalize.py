"""The normalized view and its map back to the original text."""
from auditor.model import build_document
from auditor.normalize import normalize

from conftest import corpus_file


# a page of PDF text hard-wrapped at 28 Chinese characters, double-spaced as extractors print it
_WRAPPED = ("社保经办在预算额度内及时向社保财政专户请拨各项资金，\r\n\r\n拨付城镇居民医疗保险待遇。\r\n\r\n"
            + "".join("全市城镇居民医疗保险参保人应保尽保切实为参保人提供基本医疗保障\r\n\r\n"
                      "取得预期成效，预算控制合理，人员机构安排可持续，政策制度可持续\r\n\r\n"
                      "，管理机制可持续。\r\n\r\n" for _ in range(5)))


def test_hard_wrapped_pdf_lines_are_joined_and_map_back():
    n = normalize(_WRAPPED)
    assert n.text.startswith("社保经办在预算额度内及时向社保财政专户请拨各项资金，拨付城镇居民医疗保险待遇。\n")
    assert "参保人提供基本医疗保障取得预期成效" in n.text
    i = n.text.index("拨付城镇居民")
    a, b = n.to_original(i, i + len("拨付城镇居民"))
    assert _WRAPPED[a:b] == "拨付城镇居民"


def test_web_text_keeps_its_line_breaks_and_blank_lines():
    # lines of every length: the author's breaks, not a page width
    original = ("联系人\n\n吴俊\n\n年度主要\n\n工作内容\n\n1.完成数字化城市管理监督、指挥、调度和协调工作\n\n"
                "2.做好全市数字化城市管理系统市级平台的日常维护和管理\n\n我中心的数字城管二期建设项目属于市新增长极建设项目\n")
    lines = normalize(original).text.split("\n")
    assert lines[:4] == ["联系人", "吴俊", "年度主要", "工作内容"]
    assert len(lines) == 7


def test_a_long_prose_line_cut_mid_sentence_is_joined():
    original = ("为健全和完善城镇职工基本医疗保险制度，提高统筹层次，增强基本医疗保险基金的调节共济和防范风险能力，市人民政府\n"
                "确定统筹原则为：费用由用人单位和个人双方共同承担。\n")
    assert "市人民政府确定统筹原则" in normalize(original).text


def test_spaces_between_chinese_cells_are_kept_artefacts_dropped():
    n = normalize("成本指标 种薯采购价格不高于市场价 8 是 是 8 效益指标 经济效益指标 种薯亩均收入 8 5% 5% 8")
    assert "是 是" in n.text and "市场价 8 是" in n.text        # a flattened table: cells stay apart
    assert normalize("填报日期：2023 年 4 月 10 日").text == "填报日期：2023年4月10日"
    assert normalize("资金额度为 266.22 万元，(一) 绩效管理方面").text == "资金额度为266.22万元，(一)绩效管理方面"
    assert normalize("《市医疗保障局 市财政局 国家税务总局》").text == "《市医疗保障局 市财政局 国家税务总局》"
    assert normalize("产 出 指 标 | 数量指标").text == "产出指标 | 数量指标"      # letter-spaced heading
    assert normalize("人员编制    21").text == "人员编制    21"                # a column gap


def test_fullwidth_digits_and_spaces_folded_with_exact_map():
    original = "资金额度为 ２６６.２２ 万元，占比 ９８％。"
    n = normalize(original)
    assert "266.22万元" in n.text and "98%" in n.text
    i = n.text.index("266.22万元")
    a, b = n.to_original(i, i + len("266.22万元"))
    assert original[a:b] == "２６６.２２ 万元"


def test_checkbox_markup_and_latex_residue():
    original = '1、部门预算项目 <input checked="" type="checkbox"/> 2、市直专项 <input type="checkbox"/>\n目标值为 $\\geq X$ ，得分'
    n = normalize(original)
    assert "☑" in n.text and "☐" in n.text and "≥X" in n.text and "<input" not in n.text
    i = n.text.index("☑")
    a, b = n.to_original(i, i + 1)
    assert original[a:b] == '<input checked="" type="checkbox"/>'


def test_bold_pairs_within_a_paragraph_and_masks_stay_text():
    # a web page masking a city name (**市) and part of a heading: no bold span opens there,
    # so the blank lines still end paragraphs and the headings stay headings
    original = ("我局按照《**市就业服务项目预算绩效管理工作方案》开展了自评。\n\n"
                "一、项目资金使用及管理情况\n\n(一)项目资**排结构等情况\n\n"
                "示范项目总预算36,620万元。\n\n(二)项目资金实际使用情况\n")
    n = normalize(original)
    assert n.text.split("\n") == ["我局按照《**市就业服务项目预算绩效管理工作方案》开展了自评。",
                                   "一、项目资金使用及管理情况", "(一)项目资**排结构等情况",
                                   "示范项目总预算36,620万元。", "(二)项目资金实际使用情况"]
    i = n.text.index("**排")
    assert original[slice(*n.to_original(i, i + 3))] == "**排"
    doc = build_document("mask.txt", original, "utf-8")
    assert [p.heading.title for p in doc.paragraphs if p.heading is not None][-2:] == \
        ["项目资**排结构等情况", "项目资金实际使用情况"]
    # a real bold span is markup: dropped, and a line break inside it is a soft one
    assert normalize("**绩效目标\n完成情况**良好。").text == "绩效目标完成情况良好。"
    assert normalize("**甲\n\n乙**").text == "**甲\n乙**"       # no pair across a blank line


def test_every_normalized_char_maps_into_original_on_real_reports(corpus_dir):
    for path in sorted(corpus_dir.glob("*.txt")):
        original = path.read_text(encoding="utf-8")
        n = normalize(original)
        assert len(n.pos) == len(n.text) + 1
        for i, ch in enumerate(n.text):
            o = n.pos[i]
            assert 0 <= o < len(original)
            src = original[n.pos[i]:n.pend[i]]
            if ch.isdigit() or "\u4e00" <= ch <= "\u9fff":
                assert src == ch or (len(src) == 1 and ord(src) - 0xFEE0 == ord(ch)), (path.name, i, ch, src)


def test_crlf_offsets_point_at_same_characters():
    original = "一、项目概况\r\n市市直机关工作人员零上访。\r\n"
    doc = build_document("x.txt", original)
    i = doc.text.index("市市")
    a, b = doc.span_to_original(i, i + 2)
    assert original[a:b] == "市市"
    assert doc.line_col(a) == (2, 1)


def test_model_finds_fields_sections_and_tables():
    doc = build_document("000.txt", corpus_file("000").read_text(encoding="utf-8"))
    assert doc.fields["项目名称"][0] == "城镇职工基本医疗保险基金"
    assert doc.fields["填报单位"][0] == "惠州市医疗保障事业管理中心"
    assert doc.title == "项目绩效自评报告"
    assert [h.number for h in doc.headings if h.level == 1] == ["一", "二", "三", "四"]
    doc2 = build_document("002.txt", corpus_file("002").read_text(encoding="utf-8"))
    t1 = next(t for t in doc2.tables if any(c.text == "单位缴纳部分" for r in t.rows for c in r))
    assert [c.text for c in t1.rows[0]] == ["账户分类", "分配来源", "金额"]


def test_concatenated_sibling_reports_are_split():
    doc = build_document("003.txt", corpus_file("003").read_text(encoding="utf-8"))
    names = [r.fields.get("项目名称", ("",))[0] for r in doc.reports]
    assert len(doc.reports) == 8
    assert names[0] == "城乡居民基本医疗保险区级配套资金(铁)"
    assert names[1] == "城乡居民基本医疗保险区级配套资金(开)"
