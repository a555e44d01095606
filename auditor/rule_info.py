"""What each rule is called and what it does, for people: ONE table.

Every writer (terminal, HTML, XLSX, CSV, docx comments, SARIF) and ``auditor rule CODE`` read
the names from here, so a rule is called the same everywhere.  For each rule code:

* ``zh`` / ``en``: the short name shown beside the code (占比不符 / share mismatch);
* ``checks``: what the rule compares (Chinese);
* ``example``: a finding the rule makes (from the project's test reports, not the seeds);
* ``not_flagged``: what it deliberately leaves alone.

A rule code missing here falls back to the rule's registered summary (``tests/test_rule_info.py``
asserts that every registered rule has an entry, so the fallback is only a safety net).
Confidence, severity and related-span roles get Chinese labels too; an unknown role passes
through unchanged.
"""
from __future__ import annotations

from dataclasses import dataclass

LANGS = ("zh", "en")


@dataclass(frozen=True)
class RuleInfo:
    zh: str
    en: str
    checks: str = ""
    example: str = ""
    not_flagged: str = ""


RULE_INFO: dict[str, RuleInfo] = {
    "arithmetic.share": RuleInfo(
        "占比不符", "share mismatch",
        "文中写的占比与“部分 ÷ 整体”重算不符（按打印精度取区间比较）。",
        "财政拨款收入 2540.40万元 ÷ 总收入 2560.40万元 = 99.22%，文中写 98.22%。",
        "四舍五入或截断后能对上的占比；找不到明确部分与整体的百分数。"),
    "arithmetic.percent_sum": RuleInfo(
        "占比合计不符", "shares do not make 100%",
        "同一整体的各部分已穷尽整体，但各自占比之和不为 100%；或某一占比比同组粗一档、只因此才凑成 100%。",
        "满意、基本满意、不满意三类 450 + 28 + 4 份构成回收的 482 份，93.46% + 5.81% + 0.83% = 100.1%。",
        "各部分未穷尽整体的情形（只列“其中”几项）；按打印精度可合成 100% 的。"),
    "arithmetic.sum": RuleInfo(
        "合计不符", "sum mismatch",
        "表格分项与小计/合计、父行与①②子行、合计列与本行各列之和不符。",
        "合计 990.00，而各分项 800.00 + 120.00 + 60.00 = 980（差 10）。",
        "按打印精度四舍五入后能对上的合计；无法确定哪些行是分项的表格。"),
    "arithmetic.parts": RuleInfo(
        "分项超过整体", "parts exceed whole",
        "“其中”或括号中列出的分项之和超过整体，或穷尽列举却不等于整体。",
        "总支出 100 万元，其中人员经费 60 万元、公用经费 50 万元：分项 110 > 整体 100。",
        "未穷尽的列举（分项之和小于整体是正常的）。"),
    "arithmetic.growth": RuleInfo(
        "增减不符", "growth mismatch",
        "“X，比上年 Y 增加 D，增长 P%”中的增减额、增长率按前后两数重算，并核对增减方向。",
        "总收入 2560.40万元 比 2310.20万元，(2560.40 − 2310.20) ÷ 2310.20 = 10.83%，文中写“增长11.83%”。",
        "没有写出上年数的增长率；按打印精度能对上的。"),
    "arithmetic.rate": RuleInfo(
        "比率不符", "rate mismatch",
        "写明的算式、执行率(B/A)、完成率、回收率、人均数等与重算不符。",
        "执行率不符：118.00 ÷ 120.00 = 98.33%，文中写 93.33%。",
        "分子分母不能确定的比率；按打印精度能对上的。"),
    "arithmetic.balance": RuleInfo(
        "结余不平", "balance mismatch",
        "年初结转 + 收入 − 支出 ≠ 年末结转。",
        "年初结转 10.00 + 收入 500.00 − 支出 480.00 = 30.00，文中年末结转 40.00。",
        "只给出其中部分项目、无法构成收支平衡式的段落。"),
    "arithmetic.form_rate": RuleInfo(
        "自评表执行率不符", "form execution rate mismatch",
        "自评表的预算执行率与“全年执行数 ÷ 全年预算数”不符。",
        "全年预算数 200、全年执行数 180，执行率写作 95%（应为 90%）。",
        "预算数为零或缺失的行；按打印精度能对上的。"),
    "arithmetic.form_sum": RuleInfo(
        "自评表资金合计不符", "form funds sum mismatch",
        "自评表资金来源中年度资金总额与“其中”各项（财政拨款、其他资金）之和不符。",
        "年度资金总额 300，其中财政拨款 200、其他资金 80：合计 280。",
        "未填写的“其中”行。"),
    "score.form_rule": RuleInfo(
        "自评表得分违规", "form score breaks the form's rule",
        "自评表得分违背表格自身规则：得分超过分值，预算执行率得分 ≠ 分值 × 执行率。",
        "预算执行率分值 10 分、执行率 90%，得分写 10 分（应为 9 分）。",
        "表格没有写明规则的得分。"),
    "score.form_total": RuleInfo(
        "自评表总分不符", "form total mismatch",
        "自评表各项得分/分值之和与总分、一级指标分值不符。",
        "各指标得分合计 88 分，总分写 90 分。",
        "未给出分值的行。"),
    "score.items": RuleInfo(
        "指标分值与下级不符", "indicator vs its items",
        "一级指标的分值或得分与其下各项之和不符。",
        "满意度指标 10 分，其下两项各 10 分。",
        "下级指标未列全的情形。"),
    "date.conflict": RuleInfo(
        "日期疑误", "date conflict",
        "日期与报告年度不符（时效指标截止日期早于实施期、年度目标写成上年计划），或日期不存在。",
        "2023 年度报告写“资金于 2023 年 2 月 30 日前拨付”。",
        "引用文件的发文日期、上年对比数据的日期。"),
    "unit.label": RuleInfo(
        "指标单位与数值不符", "declared unit vs values",
        "指标名称标明的单位与所填数值不符（名称写“(%)”却填金额）。",
        "“资金到位率(%)”目标值填 8000。",
        "名称未标单位的指标。"),
    "unit.missing": RuleInfo(
        "金额缺单位", "amount without unit",
        "金额缺单位：“万”后缺“元”，而同段其他金额均以万元计。",
        "安排资金 1500万，同段其他金额均写“万元”。",
        "本来不带“元”的计数（万人、万户）。"),
    "score.total": RuleInfo(
        "得分合计不符", "score total mismatch",
        "评分表中各项得分/权重之和与小计、合计、总分不符；自评表一级指标分值（产出指标(50分)…）合计不是 100，或二级指标分值之和与其一级指标不符。",
        "“得分”列各项 9.8 + 18 + 30 + 10 + 18 + 10 = 95.8，表中总分为 99.8。",
        "不属于同一层级的得分行；按打印精度能对上的。"),
    "score.rule": RuleInfo(
        "得分与评分规则不符", "score breaks the stated rule",
        "得分与报告自己写明的评分规则（如“20分×执行率”、“每低1个百分点扣R分”）不符。",
        "规则“每低 1 个百分点扣 0.5 分”，差 4 个百分点应扣 2 分，文中扣 1 分。",
        "报告没有写明规则的得分；规则允许的几种取整方式之一能对上的。"),
    "score.rate": RuleInfo(
        "得分率不符", "score rate mismatch",
        "得分率与“得分 ÷ 满分”不符，或得分超过满分（权重分）。",
        "得分 18 分、满分 20 分，得分率写作 80%（应为 90%）。",
        "满分不明确的得分率。"),
    "score.list_total": RuleInfo(
        "总分与分项不符", "total vs listed scores",
        "总得分与其后逐项列出的得分之和不符，或综合得分与文中各一级指标（满分合计 100 分）得分之和不符。",
        "18 + 28.5 + 46 = 92.5 分，文中总得分 93.5 分。",
        "分项未列全的情形。"),
    "score.proportional": RuleInfo(
        "得分未按比例计", "score not proportional",
        "在“得分=权重×B/A”规则下，未完成目标的得分所隐含的权重不在本表权重格上。",
        "实际 900 ÷ 目标 1000 = 90%，权重 10 应得 9 分，表中得 10 分（隐含权重 11.1）。",
        "已完成目标（满分）的指标；没有写明按比例计分的表格。"),
    "value.conflict": RuleInfo(
        "同一数值前后不一", "one quantity, two values",
        "同一标注的数量（如“年初预算”）在报告中出现两个不同数值。",
        "“年初预算”此处为 2450.00万元，文中另有 1 处为 2400.00万元。",
        "年初/调整/预计/上年等不同口径，不同年度，不同整体下的同名分项。"),
    "value.indicator_slip": RuleInfo(
        "指标数值前后不一", "indicator value slip",
        "同一指标在表格和正文中的数值相差末一两位。",
        "指标 C12 表中为 95.61%，正文为 95.16%。",
        "差别大到明显是不同口径的数值。"),
    "value.formula_input": RuleInfo(
        "算式代入值不符", "formula input mismatch",
        "写出的算式中代入的数与文中同一数量的数值不符。",
        "公式中“参保人数”代入 5200，而文中“参保人数”为 5300 人。",
        "文中没有另行写出该数量的算式。"),
    "value.cost_vs_budget": RuleInfo(
        "成本指标与预算不符", "cost indicator vs budget",
        "成本指标金额与同一表内的预算数/执行数不符。",
        "成本指标 20 万元，本表预算数、执行数均为 18 万元。",
        "单位无法确定的金额。"),
    "value.granularity": RuleInfo(
        "百分比不可能", "impossible percentage",
        "N 份（人）中的百分比，没有任何整数人数能得到（GRIM 检验）。",
        "196 份中 96.45% × 196 = 189.04 人，不是整数：189 人 = 96.43%，190 人 = 96.94%。",
        "样本数不明确的百分比；按打印精度能由整数得到的。"),
    "value.per_capita": RuleInfo(
        "人均低于标准", "per capita below standard",
        "拨付总额 ÷ 人数，低于文中写明的最低人均标准。",
        "拨付 50 万元 ÷ 10000 人 = 50 元/人，低于文中最低标准 60 元/人。",
        "文中没有写明人均标准的情形。"),
    "unit.mismatch": RuleInfo(
        "单位疑误", "unit mismatch",
        "某一分项的单位与整体及同组数字不同，而换成同组单位后关系恰好成立。",
        "其他收入写作 3.10 元，同组均为万元，按万元读合计恰好等于整体。",
        "换单位后关系仍不成立的（那是别的问题）。"),
    "entity.scheme": RuleInfo(
        "险种不符", "insurance scheme mismatch",
        "正文把本项目的资金或人员写到与项目名称/标题不同的险种下。",
        "项目名称为职工医保，正文写“拨付城乡居民医保待遇”。",
        "《》中的文件名、带文号的引用、并列列举（和/、）、除…以外、其中、比较句，以及部门整体报告。"),
    "entity.region": RuleInfo(
        "地名疑误", "region mismatch",
        "本报告中残留兄弟报告的地区名（同模板句子对齐比较）；封面/填报单位的地区互不相关；县级报告写“全市”。",
        "甲县报告其余各处写“甲县”，此处仍写“乙县”，同文件中乙县报告在相同位置写“乙县”。",
        "上级地区、引用的文件名、对比句中的其他地区。"),
    "entity.org": RuleInfo(
        "项目名称不一致", "project name mismatch",
        "同一报告两处写出的项目名称不同（如自评表与封面）。",
        "前文“某县城乡居民基本医疗保险补助资金”，此处“某县城乡基本医疗保险补助资金”（少“居民”）。",
        "简称与全称（一方包含另一方的常见简写）。"),
    "entity.residue": RuleInfo(
        "跨文件残留", "sibling residue across files",
        "同一模板的另一文件中的地区/项目名仍留在本文件。",
        "甲县的报告文件中，一句与乙县文件逐字相同，只是仍写着“乙县”。",
        "两个文件本来就都该提到的地区。"),
    "text.duplicate_char": RuleInfo(
        "重复字", "doubled character",
        "相邻两个相同的字，按分词判断其中一个无所依附，疑多打一字。",
        "“县县级财政”：分词为“县|县级”，单字“县”无所依附。",
        "叠词（常常、人人、认认真真）和两个词相接（居民 + 民生）。"),
    "text.duplicate_phrase": RuleInfo(
        "短语重复", "repeated phrase",
        "一个分句紧接着它的近似副本；同一清单中同一项列了两次。",
        "评价依据第 2、3 项都是《预算法》。",
        "有意的排比和相隔较远的重复。"),
    "text.typo": RuleInfo(
        "错别字", "typo",
        "词表 lexicons/typos.tsv 中有出处的常见混用；书名号《未闭合就接文号；中文词之间用“&”。",
        "“如实反应”应为“如实反映”。",
        "词表之外的字词；出处所说的正确用法（例外规则写在词表中）。"),
    "text.contradiction": RuleInfo(
        "前后矛盾", "contradiction",
        "说明原因的句子与所述变化方向相反（识别否定）；结论称全部完成而表中有未完成指标（提示）。",
        "“比上年减少 5 万元……增加的主要原因是……”。",
        "不同数量各自的增减。"),
    "text.boilerplate": RuleInfo(
        "套话照搬", "boilerplate",
        "应针对本项目的段落（存在问题、整改措施、指标分析）与本次运行中其他报告或本报告无关指标的段落相同。",
        "本报告“存在的问题”一段与同一文件中另一份报告的段落逐字相同。",
        "摘要与正文之间的重复；同一指标的两处评价；标准、金额等本来相同的事实。"),
    "structure.numbering": RuleInfo(
        "编号错误", "numbering error",
        "章节编号跳号或重复（一、二、四），目录与正文标题不符。",
        "目录从“二、……”直接到“四、……”，缺“三”。",
        "不同层级编号之间的切换。"),
    "structure.label": RuleInfo(
        "标签矛盾", "label contradiction",
        "指标编号不在其上级之下或层级不对；比率的分子分母一为支出一为收入。",
        "上级指标 C2 下的指标编号写成 C31。",
        "没有编号体系的表格。"),
    "template.placeholder": RuleInfo(
        "模板占位符未填写", "template slot left unfilled",
        "模板中应填写的年份、名称、数值、日期仍为占位符（20xx年、XX市、安排XX万元、X月X日）；"
        "正文其他处写了实际年份时为“较可能”，全文年份均为占位符（网站脱敏的副本）时只作提示。",
        "2023年度财政资金年度预算安排XX万元，主要用于春节前困难职工慰问。",
        "网站用 ** 遮蔽的名称与号码（**县、151****8227）；X光、XXL 等编码。"),
    "structure.missing": RuleInfo(
        "内容缺失", "missing content",
        "必备内容空缺：同级都有内容而此标题下没有、只给等级不给分数、“存在问题”未列问题、满意度无数值、未完成目标却“偏差原因：无”。",
        "“（二）……”只有标题，同级其他各项都有正文。",
        "模板本身允许为空的栏目。"),
}

CONFIDENCE_ZH = {"certain": "确定", "likely": "较可能", "possible": "提示"}
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "信息"}
ROLE_ZH = {
    "part": "部分", "whole": "整体", "other_value": "另一处", "also": "另一处",
    "first_copy": "首次出现", "subject": "报告主体", "sibling": "同组", "share": "占比",
    "opening": "期初", "income": "收入", "spending": "支出", "stated_change": "所述变化",
    "restated_change": "另述变化", "item": "分项", "row_without_score": "无得分行",
    "parent_code": "上级编号", "paired_label": "配对标签", "text_value": "正文数值",
    "numerator": "分子", "denominator": "分母", "stated_value": "文中数值", "gap": "差距",
    "respondents": "样本数", "next_part": "下一部分", "previous_toc_entry": "上一目录项",
    "heading_not_in_toc": "目录未列标题", "opening_mark": "左书名号", "target": "目标值",
    "actual": "实际值", "target_A": "目标值", "actual_B": "实际值", "persons": "人数",
    "standard": "标准", "adapted": "已改写处", "cost_target": "成本目标", "budget": "预算数",
    "executed": "执行数", "rate": "比率", "section": "所在部分", "other_place": "另一处",
    "same_cause": "同一原因", "other_file": "另一文件", "same_placeholder": "同一占位符",
}
# table headers (csv, xlsx): English key -> Chinese header
COLUMN_ZH = {
    "file": "文件", "line": "行", "column": "列", "location": "位置", "rule": "规则",
    "rule_name": "问题类型", "family": "类别", "confidence": "可信度", "severity": "严重程度",
    "message": "说明", "excerpt": "原文", "start": "起", "end": "止", "related": "相关位置",
    "evidence": "依据", "error": "错误", "encoding": "编码", "format": "格式", "chars": "字数",
    "findings": "问题数", "boilerplate_share": "套话占比", "check_errors": "检查出错",
    "key": "项目", "value": "值", "fingerprint": "指纹",
}
FAMILY_ZH = {"arithmetic": "计算", "score": "评分", "value": "数值", "unit": "单位",
             "entity": "主体", "date": "日期", "text": "文字", "structure": "结构",
             "template": "模板"}


def info(code: str) -> RuleInfo:
    """The rule's entry; for a code the table lacks, its registered summary."""
    got = RULE_INFO.get(code)
    if got:
        return got
    summary = ""
    try:
        from .checks import RULES, load_all
        load_all()
        if code in RULES:
            summary = RULES[code].summary
    except Exception:   # names must never break a writer
        pass
    zh, _, en = summary.partition(" / ")
    # the summary's Chinese part up to its first bracket is a usable name
    name = zh.split("（", 1)[0].split("：", 1)[0].strip() or code
    return RuleInfo(name, en.strip() or code, zh.strip())


def rule_name(code: str, lang: str = "zh") -> str:
    i = info(code)
    return i.en if lang == "en" else i.zh


def confidence_label(conf: str, lang: str = "zh") -> str:
    return conf if lang == "en" else CONFIDENCE_ZH.get(conf, conf)


def severity_label(sev: str, lang: str = "zh") -> str:
    return sev if lang == "en" else SEVERITY_ZH.get(sev, sev)


def role_label(role: str, lang: str = "zh") -> str:
    """Chinese for a related span's role; an unknown role passes through unchanged."""
    return role if lang == "en" else ROLE_ZH.get(role, role)


def column_label(col: str, lang: str = "zh") -> str:
    if lang == "en":
        return col
    if col.endswith("_findings") and col[:-9] in FAMILY_ZH:
        return FAMILY_ZH[col[:-9]] + "问题数"
    if col in FAMILY_ZH:
        return FAMILY_ZH[col] + "问题数"
    return COLUMN_ZH.get(col, col)


def family_label(fam: str, lang: str = "zh") -> str:
    return fam if lang == "en" else FAMILY_ZH.get(fam, fam)


def describe(code: str, lang: str = "zh") -> str:
    """``auditor rule CODE``: what the rule checks, an example, what it does not flag."""
    i = info(code)
    if lang == "en":
        lines = [f"{code}  {i.en} ({i.zh})"]
    else:
        lines = [f"{code}  {i.zh}（{i.en}）"]
    lines.append(f"检查 / checks: {i.checks or '—'}")
    lines.append(f"示例 / example: {i.example or '—'}")
    lines.append(f"不报 / not flagged: {i.not_flagged or '—'}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- message clean-up

import re as _re

# jargon fragments some checks append to their messages (the precision intervals, the
# segmentation); the Chinese reading drops them, the JSON and --lang en keep the full text
_INTERVAL_CLAUSE = _re.compile(r"（按打印精度[^（）]*?(?:不相交|不含 ?100%)）")
_INTERVAL_TAIL = _re.compile(r"；按打印精度[^；（）]*区间 \[[^\]]*\][^；（）]*(?=）)")
_INTERVAL_INNER = _re.compile(r"，按打印精度[^（）；，]*区间 \[[^\]]*\]%?[^（）；，]*(?=）)")
_SEGMENTED = _re.compile(r"；?分词为“[^”]*”，?")


def plain_message(message: str, lang: str = "zh") -> str:
    """The message for a person: precision-interval clauses and segmentation notes removed.

    Only whole bracketed/semicolon clauses that start with the fixed phrases 按打印精度 or
    分词为 are removed, so the arithmetic itself always stays (tests/test_rule_info.py)."""
    if lang == "en":
        return message
    out = _INTERVAL_CLAUSE.sub("", message)
    out = _INTERVAL_TAIL.sub("", out)
    out = _INTERVAL_INNER.sub("", out)
    out = _SEGMENTED.sub(lambda m: "；" if m.group(0).startswith("；") else "", out)
    out = out.replace("；。", "。").replace("；；", "；").replace("，。", "。")
    return out
