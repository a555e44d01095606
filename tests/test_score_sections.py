"""score.list_total: the report's total score against its 一级 sections scored in prose
('投入指标。满分20分,得15.5分'), in the 决策/过程/产出/效益 and the older 投入/过程/产出/效果 frameworks."""
import pytest

from auditor.checks import RULES, load_all
from auditor.model import build_document

load_all()

OLD = ("二、评价结论及指标分析\n该项目绩效评价得分为{t}分，评价等级为“良”。\n"
       "（一）投入指标{p}满分20分{c}得{a}分。该项目立项规范。\n（二）过程指标{p}满分20分{c}得17分。资金管理规范。\n"
       "（三）产出指标{p}满分30分{c}得26分。\n（四）效果指标{p}满分30分{c}得25.5分。\n")
NEW = ("经评价，该项目综合得分为{t}分。\n一是决策指标：分值15分，自评得分15分。\n二是过程指标：分值25分，自评得分{a}分。\n"
       "三是产出指标：分值40分，自评得分36分。\n四是效益指标：分值20分，自评得分18分。\n")


def list_total(text):
    return list(RULES["score.list_total"].func(build_document("r.txt", text)))


@pytest.mark.parametrize("p,c", [("。", ","), ("，", "，"), ("：", "，"), ("", "，")])
def test_older_framework_sections_make_the_total(p, c):
    assert list_total(OLD.format(t=84, a="15.5", p=p, c=c)) == []
    found = list_total(OLD.format(t=84, a="17.5", p=p, c=c))
    assert len(found) == 1 and found[0].excerpt == "84" and "86" in found[0].message


def test_colon_after_the_section_name():
    # 一是决策指标：分值15分，自评得分15分 — each section's own 自评得分 is no total score
    assert list_total(NEW.format(t=94, a=25)) == []
    found = list_total(NEW.format(t=94, a=20))
    assert len(found) == 1 and found[0].excerpt == "94" and "89" in found[0].message


@pytest.mark.parametrize("text", [
    # an excerpt: the sections read do not make 100 points, something is left out
    OLD.format(t=84, a="17.5", p="。", c=",").split("（四）")[0],
    # one section scored twice differently: not ours to pick
    OLD.format(t=84, a="15.5", p="。", c=",") + "（五）投入指标。满分20分,得16分。\n",
])
def test_sections_not_judged(text):
    assert list_total(text) == []
