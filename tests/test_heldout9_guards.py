"""Causes of wrong findings on the ninth held-out set, as general guards, with the
look-alikes that must still be found."""
import pytest
from conftest import rule_findings as _findings


# --- one label closing several numbered items: each item's own amount (value.conflict)

@pytest.mark.parametrize("text", [
    "一、项目情况\n本单位共有3个项目。1、纪念设施维修项目：预算35.3万元，维修墓道500平方米，共支出成本35.3万元。"
    "2、退役军人事务专项资金项目：预算20万元，环境整治3000平米，共支出成本20万元。"
    "3、预算外资金项目：预算20万元，屋顶防水400平方米，共支出成本20万元。\n",
    "一、项目情况\n1、维修项目:预算35.3万元,共支出成本35.3万元;2、专项资金项目:预算20万元,共支出成本20万元;"
    "3、集中款项目:预算20万元,共支出成本20万元。\n",
])
def test_one_label_closing_numbered_items_is_not_one_quantity(text):
    assert _findings(text, "value.conflict") == []


def test_one_quantity_given_two_values_is_still_found():
    text = ("一、项目情况\n维修项目共支出成本35.3万元，其中材料费20万元。\n"
            "二、绩效情况\n项目按期完工，共支出成本35.3万元。\n三、结论\n经核算，共支出成本38.3万元。\n")
    (f,) = _findings(text, "value.conflict")
    assert f.excerpt == "38.3万元"


# --- a document site's page markers cut a word short (structure.numbering)

LINE = "具体评价范围为：独立墓墓基维修、更换主碑等500平方米；屋顶防水、隔热等400平方米；改造更新党建文化宣传版"


@pytest.mark.parametrize("text", [
    "1、纪念设施维修项目：预算35.3万元。具体评价范围为：独立墓墓基维修、更换主碑等500平方米；7座墓\n"
    "2、碑、生平简介等刻字、贴金。2、专项资金项目：预算20万元。3、集中款项目：" + LINE + "\n"
    "3、面等600平方米，共支出成本20万元。4、整体提升改造工程项目：预算1616万元。\n",
])
def test_a_page_marker_inside_a_word_is_not_a_list_item(text):
    assert _findings(text, "structure.numbering") == []


def test_a_repeated_list_number_is_still_found():
    text = ("（一）主要做法\n1、加强预算管理，严格执行预算。\n2、规范资金拨付流程，确保专款专用。\n"
            "2、强化绩效监控，及时纠偏。\n3、做好信息公开。\n")
    (f,) = _findings(text, "structure.numbering")
    assert f.evidence["kind"] == "item_repeat"


# --- a phrase repeated inside the title of a cited notice (text.duplicate_phrase)

@pytest.mark.parametrize("text", [
    "莱西市园林管理处专项资金绩效评价报告根据青岛市财政局关于2018年度专项资金绩效评价报告编写和提报工作的通知"
    "青岛市财政局支出绩效评价管理办法的要求,我处对2018年园林处专项资金进行了绩效评价。\n",
    "某区水务局部门整体支出绩效评价报告根据区财政局关于开展部门整体支出绩效评价报告编报工作的通知的要求，"
    "我局开展了自评。\n",
    "某县农业农村局部门整体支出绩效自评报告按照县财政局《关于开展2023年度部门整体支出绩效自评报告编报工作的通知》要求，"
    "现将自评情况报告如下。\n",
])
def test_a_phrase_repeated_in_a_cited_title_is_not_a_doubling(text):
    assert _findings(text, "text.duplicate_phrase") == []


def test_a_doubled_phrase_is_still_found():
    text = "我处对专项资金绩效评价报告专项资金绩效评价报告进行了认真研究，现报告如下。\n"
    assert len(_findings(text, "text.duplicate_phrase")) == 1


# --- a whole on its own line and its 其中 parts one per line (arithmetic.parts; a miss of set 9)

def _parts(text):
    return [f for f in _findings(text, "arithmetic.parts")]


@pytest.mark.parametrize("text", [
    "计划生育家庭特别扶助制度补助资金(万元)\n年度预算资金总额: 321.25 \n其中:中央补助 166.00 \n市级资金 136.00 \n"
    "本级资金(包括结转结余) 20.25 \n其中:\n2023年绩效调整资金(万元)\n",
    "项目资金情况\n资金总额：321.25万元\n其中：中央补助：166.00万元\n市级资金：136.00万元\n本级资金：20.25万元\n"
    "二、绩效目标完成情况\n",
])
def test_a_line_by_line_breakdown_over_its_whole_is_found(text):
    (f,) = _parts(text)
    assert f.excerpt.startswith("321.25") and f.evidence["sum"] == "322.25"


@pytest.mark.parametrize("text", [
    # adds up
    "年度预算资金总额: 1084.25\n其中:中央补助 668.00\n市级资金 343.00\n本级资金(包括结转结余) 73.25\n其中:\n",
    # names only some parts: less than the whole is no error
    "年度预算资金总额: 1084.25\n其中:中央补助 668.00\n市级资金 343.00\n项目实施情况良好。\n",
    # the block ends at a nested total line: its own parts are not the first whole's
    "支出合计: 500\n其中:基本支出 300\n项目支出 200\n项目支出合计: 200\n其中:设备购置 150\n维修 50\n",
])
def test_a_line_by_line_breakdown_that_holds_is_not_reported(text):
    assert _parts(text) == []


# --- units of one body named, then counted as 单位 (arithmetic.parts; a miss of set 9)

@pytest.mark.parametrize("text", [
    "市文化和旅游局所属市文化馆、市图书馆、市交响乐团5家下属单位全部完成年度任务。\n",
    "资金拨付至县人民医院、县中医院和县妇幼保健院共4家单位。\n",
])
def test_units_named_short_of_their_count_are_found(text):
    (f,) = [f for f in _parts(text) if "计数" in f.message]
    assert f.evidence["names"] == 3


@pytest.mark.parametrize("text", [
    "市文化馆、市图书馆、市交响乐团3家下属单位全部完成年度任务。\n",
    "市文化馆、市图书馆、市交响乐团等5家下属单位全部完成年度任务。\n",
])
def test_units_named_as_counted_or_an_open_list_are_not_reported(text):
    assert [f for f in _parts(text) if "计数" in f.message] == []


# --- a number a site's page marker cut in two (910.4⏎⏎2、7万元): its tail is no amount

LONG = "（三）部门预算及支出情况本部门组织机构编制四个处室，年度预算支出910.4"


@pytest.mark.parametrize("text", [LONG + "\n\n2、7万元,其中人员经费580.72万元,公用经费167.75万元。\n",
                                  LONG + "\n2、7万元，其中：人员经费580.72万元，公用经费167.75万元。\n"])
def test_the_tail_of_a_number_cut_by_a_page_marker_is_no_amount(text):
    from auditor.extract.quantities import extract_quantities
    assert "7" not in [q.raw for q in extract_quantities(text)]
    assert _parts(text) == []


@pytest.mark.parametrize("text", [
    "工作安排如下：\n2、7万元用于人员培训。\n",                    # a short line before: a list item
    "全年共完成培训任务，具体情况如下。\n2、7万元用于人员培训。\n",   # the line before ends a sentence
])
def test_an_amount_opening_a_numbered_line_is_still_read(text):
    from auditor.extract.quantities import extract_quantities
    assert ("7", "万元") in [(q.raw, q.unit) for q in extract_quantities(text)]


# --- two coordinated names opening with the same words (a set-7 wrong finding)

@pytest.mark.parametrize("text", [
    "新增下属事业单位两个:霞山区爱国街道公共服务中心和霞山区爱国街道退役军人服务中心(不是独立的法人机构)。\n",
    "资金分别拨付至城关镇中心卫生院及城关镇中心小学两家单位用于设备购置。\n",
    "由市人民医院急诊科、市人民医院检验科共同承担。\n",
])
def test_coordinated_names_opening_alike_are_not_a_doubling(text):
    assert _findings(text, "text.duplicate_phrase") == []


def test_a_phrase_glued_to_itself_is_still_found():
    text = "新增下属事业单位两个:霞山区爱国街道公共服务中心霞山区爱国街道公共服务中心负责日常工作。\n"
    assert len(_findings(text, "text.duplicate_phrase")) == 1


# --- a 其中 list that runs on into how far the whole has got (a set-7 wrong finding)

@pytest.mark.parametrize("text", [
    "统筹整合使用财政涉农资金107.13万元,其中项目管理费1.07万元,目前项目资金已拨付106.36万元。\n",
    "项目总投资500万元，其中设备购置费20万元，截至12月底已支付490万元。\n",
])
def test_progress_after_a_breakdown_is_not_a_part(text):
    assert _parts(text) == []


@pytest.mark.parametrize("text", [
    "项目总投资500万元，其中设备购置费320万元，安装工程费260万元。\n",
    "统筹整合使用财政涉农资金107.13万元,其中项目管理费1.07万元,道路硬化工程费106.36万元。\n",
])
def test_parts_over_their_whole_are_still_found(text):
    assert len(_parts(text)) == 1


# --- a spending amount is no part of an income (a set-7 wrong finding)

def test_spending_is_not_a_part_of_income():
    text = ("当年决算收入总额1036.13万元,支出总额1060.30万元。其中一般公共预算财政拨款支出1035.83万元,"
            "其中人员经费586.27万元,公用经费449.56万元。\n")
    assert _parts(text) == []


def test_parts_of_one_flow_over_their_whole_are_still_found():
    text = "本年支出合计1060.30万元，其中基本支出900万元，项目支出200万元。\n"
    assert len(_parts(text)) == 1


# --- two table columns the extraction interleaved: every phrase echoed a few characters on

def test_a_doubling_inside_interleaved_columns_is_the_extractions():
    text = ("年初绩效目标全年目标实际完成情况维护林业、林区安全稳定,全完成维护林业、林区安全稳定,全区森林区森林资源、"
            "陆生野生动物资资源、陆生野生动物资源得到有效保护,源得到有效保护,松材线虫病松材线虫病疫情发生面积和病死松树株"
            "当年绩疫情发生面积和病死松树株树树实现双下降\n")
    assert [f.excerpt for f in _findings(text, "text.duplicate_char")] == []


def test_a_doubling_in_prose_that_names_an_office_twice_is_still_found():
    text = ("县财政局会同县财政局国库股对项目资金进行了检查，发现资资金拨付不及时的问题，"
            "县财政局国库股已督促整改，项目资金已全部拨付到位。\n")
    assert [f.excerpt for f in _findings(text, "text.duplicate_char")] == ["资资"]


# --- a document number whose year bracket lost its 〕 (text.typo; missed by sets 8 and 9)

def test_an_unclosed_document_number_among_closed_ones_is_found():
    text = ("根据《关于印发管理办法的通知》(川府发〔2010〕26号)、《实施意见》(川府发〔2014〕15号)和"
            "《资金管理办法》(川财综〔201719号)要求开展自评。\n")
    (f,) = [f for f in _findings(text, "text.typo") if f.evidence.get("kind") == "document_number"]
    assert f.excerpt == "〔201719号" and f.evidence["year"] == "2017" and f.evidence["serial"] == "19"


def test_a_copy_that_lost_every_closing_bracket_is_not_reported():
    text = ("根据《管理办法》(开财字〔2020181号)、《暂行办法》(开财发〔2022296号)和《通知》(开财发〔2022306号)"
            "要求开展自评。\n")
    assert [f for f in _findings(text, "text.typo") if f.evidence.get("kind") == "document_number"] == []
