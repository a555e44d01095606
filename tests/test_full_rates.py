"""Rates the words fix at 100 %: a printed 支付率/到位率/拨付率 after a statement that the
same funds were paid/placed/disbursed in full, and a 完成率 in the sentence that says the
work was accepted (arithmetic.rate via relations_full)."""
import pytest

from auditor.checks import selected_rules
from auditor.extract.relations import relations
from auditor.model import build_document


def _rate_findings(text):
    doc = build_document("r.txt", text)
    out = []
    for rule in selected_rules(["arithmetic.rate"]):
        if rule.scope == "document":
            out += [f.excerpt for f in rule.func(doc) if f.confidence in ("certain", "likely")]
    return out


PAID = ("3.项目资金管理情况分析。\n\n项目资金已全额支付{p}兴庆区住建局严格按照资金管理办法进行使用管理{p}\n\n"
        "（二）总体绩效目标完成情况分析\n\n该项目购置垃圾压缩车1辆{c}资金预算100万元{c}支付率{r}{p}")


@pytest.mark.parametrize("p, c", [("。", "，"), ("。", ","), (".", ","), ("；", "，")])
@pytest.mark.parametrize("r, flagged", [("100%", False), ("97%", True), ("130%", True), ("99.5%", True)])
def test_paid_in_full_fixes_the_payment_rate(p, c, r, flagged):
    assert bool(_rate_findings(PAID.format(p=p, c=c, r=r))) == flagged


@pytest.mark.parametrize("text", [
    # another verb: funds in place in full say nothing of what was paid
    "资金已全部到位。\n\n截至年底资金支付1850万元，未支100万元，支付率95%。",
    # one funding level paid in full, the whole not
    "中央资金已全额支付，市级资金尚在支付中，项目资金支付率80%。",
    "其中省级资金已全额拨付到位，资金拨付率90%。",
    # negated
    "项目资金尚未全额支付，支付率60%。",
    "资金未能足额到位，到位率85%。",
    # an amount paid after the statement: the rate is that amount's
    "第一批资金已全额支付。第二批资金已支付40万元，支付率80%。",
    # too far away: another part of the report
    "资金已全额支付。" + "项目建设内容包括道路硬化和排水沟渠。" * 30 + "支付率90%。",
])
def test_look_alikes_are_not_full_rates(text):
    assert _rate_findings(text) == []


@pytest.mark.parametrize("text, flagged", [
    ("西秀镇龙头村蔬菜园产业项目已完成竣工验收，完成率95%。", True),
    ("西秀镇龙头村蔬菜园产业项目已完成竣工验收,完成率95%.", True),
    ("项目已全部完成，完成率90%。", True),
    ("项目已完成竣工验收，完成率100%。", False),
    ("项目已完成竣工验收，完成率130%。", True),           # the accepted work's own rate: exactly 100
    ("项目已全部完成，完成率120%。", False),              # over-fulfilled: no contradiction
    ("项目已完成竣工验收，群众满意，完成率120%。", False),
    ("项目已完成主体工程，完成率80%。", False),            # part of the work
    ("项目尚未全部完成，完成率80%。", False),
    ("项目已完成竣工验收，资金完成率80%。", False),        # the funds may lag the work
    ("项目已完成竣工验收。2023年计划新建机井5座，完成率80%。", False),   # another sentence
    ("项目已完成竣工验收，新建机井4座，完成率80%。", False),   # a figure of its own between
])
def test_work_done_fixes_its_completion_rate_from_below(text, flagged):
    assert bool(_rate_findings(text)) == flagged


def test_the_relation_names_its_statement():
    doc = build_document("r.txt", PAID.format(p="。", c="，", r="97%"))
    (fr,) = relations(doc).full_rates
    assert doc.text[fr.cue[0]:fr.cue[1]] == "全额支付" and fr.rate.raw == "97" and fr.verb == "支付"


# (用于, not 全部列入: the funds all put to one use would bound the rate from above too)
PLACED = ("下达第一批衔接资金100万元{c}用于垃圾转运站提升改造项目{c}资金到位率{r}{p}\n\n"
          "2.项目资金执行情况分析{p}\n\n项目已完成并通过验收{p}\n\n3.项目资金管理情况分析{p}\n\n项目资金已{full}{p}")


@pytest.mark.parametrize("p, c", [("。", "，"), (".", ",")])
@pytest.mark.parametrize("full, r, flagged", [
    ("全额支付", "100%", False),
    ("全额支付", "95%", True),           # paid in full after the rate: all of it had arrived
    ("全部到位", "93%", True),
    ("全部到位", "130%", True),          # the same verb fixes it both ways
    ("全额支付", "130%", False),         # a later step only fixes it from below
    ("支付60万元", "95%", False),
])
def test_a_statement_after_the_rate_and_a_later_step(p, c, full, r, flagged):
    assert bool(_rate_findings(PLACED.format(p=p, c=c, r=r, full=full))) == flagged


def test_a_statement_after_the_rate_beyond_another_amount_is_not_its():
    text = "项目一资金到位率90%。项目二下达资金50万元，资金已全额支付。"
    assert _rate_findings(text) == []


ALL_OF = "2022年领导小组下达第一批衔接资金{amount}{c}全部列入{project}{c}资金{verb}率{r}。\n"


@pytest.mark.parametrize("c", ["，", ","])
@pytest.mark.parametrize("amount", ["100万元", "1,000,000元", "0.01亿元"])
@pytest.mark.parametrize("verb", ["到位", "拨付", "支付"])
@pytest.mark.parametrize("r, flagged", [("100%", False), ("160%", True), ("100.5%", True),
                                        ("80%", False), ("95.5%", False)])
def test_funds_issued_once_and_all_put_to_one_use_bound_the_rate_from_above(c, amount, verb, r, flagged):
    text = ALL_OF.format(amount=amount, c=c, project="滨河家园垃圾转运站提升改造项目", verb=verb, r=r)
    assert bool(_rate_findings(text)) == flagged


@pytest.mark.parametrize("text", [
    # another amount in the sentence: the rate may be of the whole
    "下达资金100万元，全部列入垃圾转运站项目，另自筹资金50万元，资金到位率150%。\n",
    "上年结转资金20万元，下达资金100万元，全部列入垃圾转运站项目，资金到位率120%。\n",
    # one funding level all put to one use
    "其中中央下达资金100万元，全部列入垃圾转运站项目，资金到位率120%。\n",
    # not all of it
    "下达资金100万元，部分列入垃圾转运站项目，资金到位率120%。\n",
    # the rate in the next sentence
    "下达资金100万元，全部列入垃圾转运站项目。另追加资金30万元，资金到位率130%。\n",
])
def test_look_alikes_of_one_amount_all_put_to_one_use(text):
    assert _rate_findings(text) == []


def test_paid_in_full_after_and_issued_once_before_fix_the_rate_both_ways():
    text = ("下达资金100万元，全部列入垃圾转运站项目，资金到位率{r}。\n\n2.项目资金执行情况分析。\n\n"
            "项目资金已全额支付。\n")
    assert _rate_findings(text.format(r="100%")) == []
    assert _rate_findings(text.format(r="160%")) == ["160%"]
    assert _rate_findings(text.format(r="80%")) == ["80%"]
