"""Sum and count relations read from real-looking report text: an amount allocated place by
place, counts of indicators by level, the funds row of a 绩效目标表 glued into prose, and a
count of tasks printed after their names.  Each kind has found cases (one number moved) and
look-alike texts that must stay silent, with punctuation widths and orders varied."""
import pytest

from auditor.checks import RULES, load_all
from auditor.model import build_document

load_all()


def parts_findings(text):
    doc = build_document("inline.txt", text)
    return [f for f in RULES["arithmetic.parts"].func(doc) if f.confidence in ("certain", "likely")]


# --- an amount allocated place by place ------------------------------------------------------

PLACES = "{n}.分配农村公益电影放映补助经费{w}万元{c}其中{colon}东城区12.5万元{c}西湖县20万元{c}南山镇7.25万元{c}北塘区10万元。"


@pytest.mark.parametrize("c,colon", [("，", ""), (",", ":"), ("，", "：")])
def test_allocated_to_places_flagged_when_the_places_do_not_make_the_whole(c, colon):
    assert parts_findings(PLACES.format(n=3, w="49.75", c=c, colon=colon)) == []
    for w in ("53.75", "45.75"):            # short of the parts and above them
        found = parts_findings(PLACES.format(n=3, w=w, c=c, colon=colon))
        assert len(found) == 1 and found[0].excerpt.startswith(w), [f.message for f in found]


def test_places_listed_as_a_sample_or_without_allocation_are_not_exhaustive():
    # 主要 says only some places are named
    text = "下达补助经费60万元，其中主要为东城区12.5万元，西湖县20万元，南山镇7.25万元。"
    assert parts_findings(text) == []
    # no allocating verb: 投入 X，其中 places may be where part of it went
    text = "项目投入资金60万元，其中东城区12.5万元，西湖县20万元，南山镇7.25万元。"
    assert parts_findings(text) == []
    # two places only: too few to say the list is complete
    text = "分配补助经费60万元，其中东城区12.5万元，西湖县20万元。"
    assert parts_findings(text) == []
    # parts that are uses, not places
    text = "分配补助经费60万元，其中设备购置12.5万元，场地租赁20万元，人员培训7.25万元。"
    assert parts_findings(text) == []


# --- counts of indicators by level ----------------------------------------------------------

@pytest.mark.parametrize("sep", ["，", "、", ","])
def test_indicator_levels_whole_is_the_sum_or_the_finest_level(sep):
    fine = f"该项目共设置{{w}}个绩效指标，其中一级指标3个{sep}二级指标8个{sep}三级指标{{t}}个。"
    assert parts_findings(fine.format(w=15, t=15)) == []      # the whole counts the finest level
    assert parts_findings(fine.format(w=26, t=15)) == []      # the whole counts every level
    f = parts_findings(fine.format(w=15, t=18))
    assert len(f) == 1 and f[0].excerpt.startswith("15") and f[0].evidence["cue"] == "levels"


def test_indicator_levels_of_money_or_lone_level_not_read():
    assert parts_findings("共安排资金50万元，其中一级项目30万元，二级项目10万元。") == []
    assert parts_findings("共设置指标15个，其中三级指标12个。") == []


# --- the funds row of a 绩效目标表 glued into prose -------------------------------------------

@pytest.mark.parametrize("colon,sp", [("", ""), (":", ""), ("：", " ")])
def test_glued_funds_row(colon, sp):
    row = f"资金情况(万元)资金总额{sp}{{t}}{sp}其中{colon}财政拨款{sp}{{a}}{sp}其他资金{sp}{{b}}总体目标开展3个项目"
    assert parts_findings(row.format(t="48", a="40", b="8")) == []
    f = parts_findings(row.format(t="45", a="40", b="8"))
    assert len(f) == 1 and f[0].excerpt.startswith("45") and f[0].evidence["cue"] == "form_row"
    assert len(parts_findings(row.format(t="52", a="40", b="8"))) == 1
    with_carry = f"资金总额{{t}}其中{colon}财政拨款{{a}}上年结转{{c}}其他资金{{b}}"
    assert parts_findings(with_carry.format(t="50", a="40", c="2", b="8")) == []
    assert len(parts_findings(with_carry.format(t="50", a="40", c="5", b="8"))) == 1


def test_funds_row_with_other_labels_not_read():
    assert parts_findings("资金总额48其中:中央资金40其他资金3") == []


# --- a count of tasks after their names -------------------------------------------------------

TASKS = "全年资金合计900万元。其中，安排耕地质量提升、农机作业补助、良种推广、病虫害统防统治{extra}{n}项任务资金合计600万元。"


@pytest.mark.parametrize("extra,k", [("", 4), ("、技术培训", 5)])
def test_count_of_tasks_after_their_names(extra, k):
    assert parts_findings(TASKS.format(extra=extra, n=k)) == []
    f = parts_findings(TASKS.format(extra=extra, n=k + 3))
    assert len(f) == 1 and f[0].excerpt.startswith(str(k + 3))
    assert len(parts_findings(TASKS.format(extra=extra, n=k - 1))) == 1


def test_tasks_ending_with_etc_or_only_two_not_counted():
    # 等: the list may name fewer tasks than it counts
    assert parts_findings("开展耕地质量提升、农机作业补助、良种推广等6项工作。") == []
    # two names: 项 counts too many kinds of things to read a short list as the whole
    assert parts_findings("开展耕地质量提升、农机作业补助5项工作。") == []


# --- an indicator table's heading item and its numbered sub-items ----------------------------

TARGETS = ("年度绩效目标 | 一级指标 | 二级指标 | 三级指标 | 年初目标值 | 实际完成值 | 得分 |\n"
           "产出指标 | 数量指标 | 一、高标准农田建设 | {cmp}{t}亩 | 3200亩 | 15 |\n"
           "1、土地平整 | {cmp}1200亩 | 1200亩 | 5 |\n"
           "2、灌溉渠系配套 | {cmp}800亩 | 800亩 | 5 |\n"
           "3、田间道路 | {cmp}1200亩 | 1200亩 | 5 |\n"
           "二、技术培训 | {cmp}12期 | 12期 | 10 |\n"
           "质量指标 | 工程验收合格率 | ≥95% | 100% | 10 |\n")


@pytest.mark.parametrize("cmp", ["≥", "≧", ""])
def test_heading_item_target_is_the_sum_of_its_sub_items(cmp):
    assert sum_findings(TARGETS.format(cmp=cmp, t="3200")) == []
    f = sum_findings(TARGETS.format(cmp=cmp, t="3800"))
    assert len(f) == 1 and f[0].excerpt.startswith("3800"), [x.message for x in f]


def test_sub_items_in_other_units_or_unnumbered_are_not_summed():
    # a sub-item in another unit: no column of one unit to add up
    text = TARGETS.format(cmp="≥", t="3800").replace("≥800亩 | 800亩", "≥800米 | 800米")
    assert sum_findings(text) == []
    # sub-items without their 1、2、3 numbers are not read as the heading's parts
    text = TARGETS.format(cmp="≥", t="3800").replace("1、土地平整", "土地平整").replace("2、", "").replace("3、", "")
    assert sum_findings(text) == []


# --- a 分别 list inside a numbered item is not the breakdown of the amount before the item --------

def test_respectively_list_of_a_numbered_item_is_not_the_intro_amount():
    text = ("2023年协作经费实际到位资金{w}万元，补助情况：（1）甲协作区经费和乙办公经费分别为8万元和12万元。"
            "（2）对口援助经费75万元。")
    assert parts_findings(text.format(w="95")) == []
    assert parts_findings(text.format(w="120")) == []
    # without the item marker the two amounts do break the whole down
    assert len(parts_findings("2023年协作经费共计120万元，甲协作区经费和乙办公经费分别为8万元和12万元。")) == 1


# --- 具体为: the amount a clause back, detailed ----------------------------------------------

@pytest.mark.parametrize("c", ["，", ","])
def test_detailed_as_lists_parts_of_the_amount_before(c):
    text = (f"市财政将预留资金 {{w}} 万元{c}统一计入财政拨款收入{c}具体为退休人员医疗补助收入 21.40 万元、"
            f"公务员医疗补助 180.05 万元{c}不列入年初预算。")
    assert parts_findings(text.format(w="201.45")) == []
    f = parts_findings(text.format(w="171.45"))
    assert len(f) == 1 and f[0].excerpt.startswith("171.45")
    # parts that may name only some of the whole: a larger whole is not wrong
    assert parts_findings(text.format(w="241.45")) == []


def test_indicator_levels_whole_may_count_the_levels_below_the_first():
    text = "共设置绩效指标{w}个，其中一级指标3个、二级指标8个、三级指标15个。"
    assert parts_findings(text.format(w=23)) == []        # 8 + 15: 一级 read as headings
    assert len(parts_findings(text.format(w=11))) == 1    # 3 + 8: not a reading of the levels


def sum_findings(text):
    doc = build_document("inline.txt", text)
    return [f for f in RULES["arithmetic.sum"].func(doc) if f.confidence in ("certain", "likely")]


# --- a remainder after 以上…中: the split of the total before is complete ------------------------

@pytest.mark.parametrize("c,open_", [("，", "以上任务中，"), (",", "上述资金中,"), ("，", "以上资金中")])
def test_remainder_completes_the_split_of_the_total_before(c, open_):
    text = (f"2022年产业发展资金合计{{w}}万元。其中{c}约束性任务资金1200万元{c}指导性任务资金300万元。"
            f"{open_}担保奖补资金150万元由财政局负责实施{c}良种推广资金80万元由糖业办负责实施{c}"
            f"其余{{r}}万元由农业农村局负责分配。")
    assert parts_findings(text.format(w=1500, r=1270)) == []
    f = parts_findings(text.format(w=1500, r=1170))
    assert len(f) == 1 and f[0].excerpt.startswith("1500") and f[0].evidence["exhaustive"] is True


def test_selection_after_above_without_remainder_is_not_read():
    # no 其余: the amounts named after 以上…中 may be a few of many
    text = ("2022年产业发展资金合计1500万元。其中，约束性任务资金1200万元，指导性任务资金300万元。"
            "以上任务中，担保奖补资金150万元由财政局负责实施，良种推广资金80万元由糖业办负责实施。")
    assert parts_findings(text) == []
    # 以上…中 not opening its sentence: no relation with the total before
    text = ("2022年产业发展资金合计1500万元。其中，约束性任务资金1200万元，指导性任务资金300万元。"
            "已完成以上任务中的担保奖补资金150万元，其余1000万元正在推进。")
    assert parts_findings(text) == []


# --- k names given 各 x each -----------------------------------------------------------------

@pytest.mark.parametrize("c", ["，", ","])
def test_each_amount_times_names_may_not_exceed_the_grant(c):
    text = (f"2022年省厅下达我市全民健身补短板工程资金160万元{c}按每个乡镇20万元标准核定。"
            f"我局商市财政局后{c}分别下达甲县和乙市各{{x}}万元{c}用于场地建设。")
    assert parts_findings(text.format(x=80)) == []
    assert parts_findings(text.format(x=60)) == []          # the names may be some of the recipients
    f = parts_findings(text.format(x=90))
    assert len(f) == 1 and f[0].excerpt.startswith("160") and f[0].evidence["cue"] == "各"
    # three names in the same sentence as the grant
    text = f"下达补助资金160万元{c}分别拨付东城区、西湖县、南山镇各{{x}}万元。"
    assert parts_findings(text.format(x=50)) == []
    assert len(parts_findings(text.format(x=60))) == 1


def test_each_amount_look_alikes_not_read():
    # 和 inside a name (文化和旅游局) does not separate two names
    assert parts_findings("2022年下达补助资金160万元。分别下达文化和旅游局、体育局各80万元。") == []
    # a per-unit standard, not a grant: 每 before the whole
    assert parts_findings("按每个乡镇60万元标准核定。分别下达甲县和乙市各80万元。") == []
    # no granting verb before the names
    assert parts_findings("2022年投入资金160万元。甲县和乙市各完成投资90万元。") == []


# --- a table printed as plain lines (PDF text): row number, name, figures; 合计 -----------------

FOLDED = ("{first}甲镇田边村耕地提质改造项目\n1024.42\n946.34\n7.02\n2\n乙镇小坪村耕地提质改造项目\n904.63\n833.7\n6.65\n"
          "3\n丙镇芦冲村、升平村耕地提质改造项目\n111.53\n102.91\n4.97\n4\n丁镇综合整治项目一期\n1265.00\n{last}\n"
          "合计\n{t1}\n{t2}\n附件2\n")


@pytest.mark.parametrize("first", ["", "1\n", "二、项目资金安排情况如下。\n1\n"])
def test_plain_line_table_totals_read_by_the_columns_that_add_up(first):
    # the last row lacks its third cell; the total reads the first two columns
    assert sum_findings(FOLDED.format(first=first, last="661.66", t1="3305.58", t2="2544.61")) == []
    f = sum_findings(FOLDED.format(first=first, last="661.66", t1="3505.58", t2="2544.61"))
    assert len(f) == 1 and f[0].excerpt == "3505.58"
    f = sum_findings(FOLDED.format(first=first, last="691.66", t1="3305.58", t2="2544.61"))
    assert len(f) == 1 and f[0].excerpt == "2544.61"


def test_plain_line_table_not_understood_is_not_read():
    # no column adds up: the layout is not understood (a total of other rows, cells missing)
    assert sum_findings(FOLDED.format(first="", last="661.66", t1="3505.58", t2="2944.61")) == []
    # numbering that skips a row
    text = FOLDED.format(first="", last="661.66", t1="3505.58", t2="2544.61").replace("\n3\n", "\n5\n")
    assert sum_findings(text) == []


# --- a 其中 list that names as many kinds as the text announced ------------------------------------

@pytest.mark.parametrize("c", ["，", ","])
def test_list_of_the_announced_number_of_kinds_is_the_whole(c):
    text = f"本局主要有部门预算项目支出、专项预算支出二类支出{c}项目资金总预算为{{w}}万元{c}其中部门预算项目支出87.5万元{c}专项预算支出2350万元。"
    assert parts_findings(text.format(w="2437.5")) == []
    f = parts_findings(text.format(w="2455.5"))
    assert len(f) == 1 and f[0].excerpt.startswith("2455.5")
    # three kinds announced, two listed: the list may be a selection
    assert parts_findings(text.format(w="2455.5").replace("二类", "三类")) == []


def test_grant_broken_down_after_colon_is_complete():
    text = ("市财政局下达我县2023年中央水利发展资金{w}万元。其中：中小河流治理工程1435万元，小型水库维修养护25万元，"
            "农村饮水工程维修养护55万元，小流域综合治理700万元。")
    assert parts_findings(text.format(w=2215)) == []
    f = parts_findings(text.format(w=2225))
    assert len(f) == 1 and f[0].excerpt.startswith("2225")
    # money the unit distributes itself, or a run-on list without the colon, may be a sample
    assert parts_findings(text.format(w=2225).replace("下达", "分配")) == []
    assert parts_findings(text.format(w=2225).replace("其中：", "其中")) == []
    # two items: too few to say the notice is copied in full
    assert parts_findings("下达我县专项资金900万元。其中：河道治理500万元，水库维修300万元。") == []


# --- the grant of section (一) spread by the allocation list of section (二) -------------------------

GRANT = ("一、绩效目标分解下达情况\n（一）下达2023年体育强省转移支付预算和绩效目标情况。\n"
         "2023年{c}省下达我县体育强省专项资金{w}万元。年度绩效目标为：推进全民健身事业发展。\n"
         "（二）资金安排、分解下达预算和绩效目标情况。\n"
         "2023年我县体育强省资金安排是{k}支持体育设施建设5万元{c}支持青少年竞技体育13万元{c}"
         "支持体育赛事活动3万元{c}支持健身点位器材维护12万元。\n二、绩效目标完成情况分析\n")


@pytest.mark.parametrize("c,k", [("，", "："), (",", ":")])
def test_allocation_list_spreads_the_grant_of_the_section(c, k):
    assert parts_findings(GRANT.format(w="33", c=c, k=k)) == []
    f = parts_findings(GRANT.format(w="37", c=c, k=k))
    assert len(f) == 1 and f[0].excerpt.startswith("37") and f[0].evidence["cue"] == "安排"
    # 切块下达各市，其中： places
    text = ("一、绩效目标分解下达情况\n（一）中央下达资金情况\n1.资金下达情况。财政部下达中央服务业发展资金{w}万元。\n"
            "（二）资金安排、分解下达情况\n1.资金分解情况。经政府同意，财政厅将资金切块下达各市，其中：甲市610万元、乙市1080万元、"
            "丙市3240万元、丁市2150万元。\n")
    assert parts_findings(text.format(w=7080)) == []
    assert len(parts_findings(text.format(w=7680))) == 1


def test_allocation_list_without_one_grant_not_read():
    # two grants in the section: which one the list spreads is unknown
    text = GRANT.format(w="37", c="，", k="：").replace(
        "年度绩效目标为", "市下达我县配套资金10万元。年度绩效目标为")
    assert parts_findings(text) == []
    # the grant in another top-level section
    text = GRANT.format(w="37", c="，", k="：").replace("（二）资金安排", "二、资金安排")
    assert parts_findings(text) == []
    # the amount spent, not granted
    text = GRANT.format(w="37", c="，", k="：").replace("省下达我县体育强省专项资金", "全年支出体育强省专项资金")
    assert parts_findings(text) == []


# --- parts described one sentence each under the whole's own label ---------------------------------

@pytest.mark.parametrize("colon,c", [("：", "，"), (":", ",")])
def test_parts_in_following_sentences_under_the_same_label(colon, c):
    text = (f"本项目位于产业园东侧{c}总占地面积{{w}}亩（不含管网）。项目包括处理中心、配套管网、生态湿地三部分。"
            f"其中{colon}处理中心位于河路南侧{c}总占地面积40亩。配套管网包括三条道路下的污水管网。"
            f"生态湿地西至甲河{c}东至乙河{c}总占地面积260亩。")
    assert parts_findings(text.format(w=300)) == []
    assert parts_findings(text.format(w=350)) == []       # a part may have no area
    f = parts_findings(text.format(w=280))
    assert len(f) == 1 and f[0].excerpt.startswith("280")


def test_parts_under_other_labels_or_far_from_the_whole_not_read():
    text = ("本项目总占地面积280亩。其中：处理中心用地面积40亩。生态湿地用地面积260亩。")
    assert parts_findings(text) == []                     # another label: no relation read here
    text = ("本项目总占地面积280亩。项目分三期建设。工期两年。其中：一期总占地面积40亩。二期总占地面积260亩。")
    assert parts_findings(text) == []                     # the whole three sentences back


# --- paid and unpaid make up the money the subject was given -----------------------------------

PAID = ("（二）资金安排情况\n2023年{c}用于乡村振兴衔接推进任务安排资金{w}万元。其中{c}中央资金800万元{c}县级资金400万元。\n"
        "二、绩效目标完成情况分析\n（一）预算执行进度情况分析。\n2023年{c}乡村振兴衔接推进任务资金支付1150万元{c}未支{u}万元{c}"
        "未支付资金属于预留的质保金。\n")


@pytest.mark.parametrize("c", ["，", ","])
def test_paid_and_unpaid_make_up_the_budget_given_before(c):
    assert parts_findings(PAID.format(c=c, w=1200, u=50)) == []
    f = parts_findings(PAID.format(c=c, w=1200, u=80))
    assert len(f) == 1 and f[0].excerpt.startswith("1200") and f[0].evidence["cue"] == "支付"
    assert len(parts_findings(PAID.format(c=c, w=1200, u=20))) == 1


def test_paid_and_unpaid_without_one_budget_of_the_subject_not_read():
    # another subject's budget only
    text = PAID.format(c="，", w=1200, u=80).replace("乡村振兴衔接推进任务安排资金", "农村道路建设安排资金")
    assert parts_findings(text) == []
    # two budgets of the subject (年初 and after an adjustment): which one is unknown
    text = PAID.format(c="，", w=1200, u=80).replace(
        "其中，中央资金800万元，县级资金400万元。", "后追加调整为乡村振兴衔接推进任务下达资金1300万元。")
    assert parts_findings(text) == []


# --- counts of evaluated projects and units vs the reports attached ----------------------------------

REPORTS = ("我局委托第三方机构{c}对2022年市级预算执行的{p}个项目和{u}个预算部门{c}开展了绩效评价工作。现将评价报告公开{c}请社会监督。\n"
           "附件{k}\n附件1{k}2022年甲产业补助资金项目绩效评价报告.pdf\n附件2{k}乙隧道项目绩效评价报告.pdf\n"
           "附件3{k}各乡镇乡村公益性补贴绩效评价报告.pdf\n附件4{k}2022年度市残疾人联合会部门整体支出绩效评价报告.pdf\n"
           "市财政局\n2023年3月15日\n")


@pytest.mark.parametrize("c,k", [("，", "："), (",", ":")])
def test_counts_of_projects_and_units_match_the_attached_reports(c, k):
    assert parts_findings(REPORTS.format(c=c, k=k, p=3, u=1)) == []
    f = parts_findings(REPORTS.format(c=c, k=k, p=5, u=1))
    assert len(f) == 1 and f[0].excerpt == "5"
    f = parts_findings(REPORTS.format(c=c, k=k, p=3, u=2))
    assert len(f) == 1 and f[0].excerpt == "2"


def test_attachments_that_are_not_the_counted_reports_not_read():
    # a unit's report among project counts only: an attachment of no counted kind
    text = REPORTS.format(c="，", k="：", p=5, u=1).replace("个项目和1个预算部门", "个项目")
    assert parts_findings(text) == []
    # attachments that are not reports (tables, notices)
    text = REPORTS.format(c="，", k="：", p=5, u=1).replace("报告.pdf", "表.xls")
    assert parts_findings(text) == []
    # numbering that skips: not one list
    text = REPORTS.format(c="，", k="：", p=5, u=1).replace("附件3", "附件5")
    assert parts_findings(text) == []
