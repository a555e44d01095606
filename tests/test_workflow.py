"""An evaluator's workflow (issue 15): Chinese names, linter conventions, baseline, grouping,
annotated Word output, SARIF."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.checks import RULES, load_all
from auditor.cli import main
from auditor.findings import Finding, Related
from auditor.rule_info import RULE_INFO, info, plain_message, role_label, rule_name
from conftest import CORPUS, ROOT

MONEY = ("2023年本单位总收入2560.40万元，比上年2310.20万元增加250.20万元，增长11.83%。"
         "其中财政拨款收入2540.40万元，占98.22%；其他收入20.00万元，占0.78%。")   # tests/fixtures
DIRTY = ("一、项目概况\n本项目由县财政局负责，资金已全部拨付，如实反应了资金使用情况。\n"
         "二、收支情况\n" + MONEY + "\n")


def run_cli(*args, cwd=None, **kw):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "auditor", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, env=env, **kw)


# --------------------------------------------------------------------------- Chinese first

def test_every_registered_rule_has_a_chinese_entry():
    load_all()
    missing = [code for code in RULES if code not in RULE_INFO]
    assert not missing, f"rules without a Chinese name in auditor/rule_info.py: {missing}"
    for code in RULES:
        i = info(code)
        assert i.zh and i.en and i.checks and i.example and i.not_flagged, code
    names = [RULE_INFO[c].zh for c in RULES]
    assert len(set(names)) == len(names), "two rules share a Chinese name"


def test_unknown_rule_falls_back_to_summary_and_unknown_role_passes_through():
    assert rule_name("no.such_rule") == "no.such_rule"
    assert role_label("part") == "部分" and role_label("whole") == "整体"
    assert role_label("other_value") == "另一处" and role_label("weird_role") == "weird_role"
    assert role_label("part", "en") == "part"


def test_plain_message_drops_jargon_and_keeps_the_arithmetic():
    share = ("占比不符：项目支出 2600.03万元 ÷ 支出 3803.37万元 = 68.36%，文中写 38.36%（按打印精度 38.36% "
             "代表 [38.355, 38.365]%，计算区间 [68.361, 68.3614]%，不相交）。")
    assert plain_message(share) == "占比不符：项目支出 2600.03万元 ÷ 支出 3803.37万元 = 68.36%，文中写 38.36%。"
    assert plain_message(share, "en") == share
    total = "表内合计不符：合计 990.00，而各分项 800.00 + 120.00 + 60.00 = 980（差 10；按打印精度分项合计区间 [979.985, 980.015]）。"
    assert plain_message(total) == "表内合计不符：合计 990.00，而各分项 800.00 + 120.00 + 60.00 = 980（差 10）。"
    seg = "“县县”重复：疑多打一个“县”；分词为“县|县级”，单字“县”无所依附。"
    assert plain_message(seg) == "“县县”重复：疑多打一个“县”；单字“县”无所依附。"
    plain = "同一数量前后不一：“年初预算”此处为 2450.00万元（差 50万元）。"
    assert plain_message(plain) == plain


def test_csv_has_chinese_headers_names_and_labels(tmp_path):
    import pandas as pd
    f = tmp_path / "a.txt"
    f.write_text(DIRTY, encoding="utf-8")
    assert main(["check", str(f), "--format", "csv", "--out", str(tmp_path / "o")]) == 1
    rows = pd.read_csv(tmp_path / "o" / "auditor-findings.csv", encoding="utf-8-sig",
                       keep_default_na=False, dtype=str).to_dict("records")
    assert rows and {"文件", "行", "列", "规则", "问题类型", "可信度", "说明", "原文"} <= set(rows[0])
    by_rule = {r["规则"]: r for r in rows}
    assert by_rule["text.typo"]["问题类型"] == "错别字"
    assert all(r["可信度"] in ("确定", "较可能", "提示") for r in rows)


# --------------------------------------------------------------------------- linter conventions

@pytest.mark.parametrize("selector", ["nosuchrule", "arith", "text.nosuch"])
def test_unknown_selector_exits_2_with_the_valid_prefixes(tmp_path, selector, capsys):
    f = tmp_path / "a.txt"
    f.write_text(DIRTY, encoding="utf-8")
    assert main(["check", str(f), "--select", selector, "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert selector in err and "arithmetic" in err and "arithmetic.share" in err and "text.typo" in err
    assert main(["check", str(f), "--ignore", selector, "--out", str(tmp_path / "o")]) == 2
    assert main(["check", str(f), "--select", "arithmetic.share,text", "--out", str(tmp_path / "o")]) == 1


def test_rule_command_explains_a_rule(capsys):
    assert main(["rule", "arithmetic.share"]) == 0
    out = capsys.readouterr().out
    assert "占比不符" in out and "示例" in out and "不报" in out
    assert main(["rule", "arithmetic.nosuch"]) == 2
    assert main(["rules"]) == 0
    assert "错别字" in capsys.readouterr().out


def test_statistics_counts_per_rule(tmp_path, capsys):
    f = tmp_path / "a.txt"
    f.write_text(DIRTY, encoding="utf-8")
    assert main(["check", str(f), "--statistics", "--no-color", "--out", str(tmp_path / "o")]) == 1
    out = capsys.readouterr().out
    lines = [l.split("\t") for l in out.splitlines()]
    counts = {l[1].strip(): int(l[0]) for l in lines if len(l) > 2}
    assert counts.get("text.typo") == 1 and counts.get("arithmetic.share") == 1
    assert lines[-1][0].strip() == str(sum(counts.values()))


def test_out_dash_writes_exactly_one_format(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(DIRTY, encoding="utf-8")
    r = run_cli("check", str(f), "--out", "-")
    assert r.returncode == 1 and json.loads(r.stdout)["summary"]["findings"] >= 2
    r = run_cli("check", str(f), "--out", "-", "--format", "csv")
    assert r.returncode == 1 and r.stdout.lstrip("\ufeff").startswith("文件,行,列")
    r = run_cli("check", str(f), "--out", "-", "--format", "sarif")
    assert json.loads(r.stdout)["version"] == "2.1.0"
    r = run_cli("check", str(f), "--out", "-", "--format", "json,csv")
    assert r.returncode == 2 and "exactly one format" in r.stderr
    assert not os.path.exists(ROOT / "-")


def test_broken_pipe_ends_quietly_with_141(tmp_path):
    r = subprocess.run(f"{sys.executable} -m auditor check {CORPUS} --format json --out - | head -c 50; "
                       "echo \"rc=${PIPESTATUS[0]}\"", shell=True, executable="/bin/bash",
                       capture_output=True, text=True, cwd=ROOT)
    assert "rc=141" in r.stdout, r.stdout + r.stderr
    assert "Traceback" not in r.stderr and "BrokenPipe" not in r.stderr


def test_ctrl_c_ends_with_130(monkeypatch, tmp_path, capsys):
    import auditor.engine
    f = tmp_path / "a.txt"
    f.write_text(DIRTY, encoding="utf-8")

    def interrupted(*a, **k):
        raise KeyboardInterrupt
    monkeypatch.setattr(auditor.engine, "run", interrupted)
    assert main(["check", str(f), "--out", str(tmp_path / "o")]) == 130
    assert "interrupted" in capsys.readouterr().err


def test_config_file_select_min_confidence_and_per_path_ignores(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "docs" / "b.txt").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.auditor]\nselect = ["text", "arithmetic"]\nmin-confidence = "likely"\nformat = "json"\n'
        'out = "o"\n[tool.auditor.per-path-ignores]\n"docs/b.txt" = ["text.typo"]\n', encoding="utf-8")
    r = run_cli("check", "docs", cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    data = json.loads((tmp_path / "o" / "auditor-report.json").read_text(encoding="utf-8"))
    rules = {os.path.basename(d["path"]): {f["rule"] for f in d["findings"]} for d in data["documents"]}
    assert "text.typo" in rules["a.txt"] and "text.typo" not in rules["b.txt"]
    assert "arithmetic.share" in rules["b.txt"]
    assert all(r.startswith(("text.", "arithmetic.")) for rs in rules.values() for r in rs)
    # the command line wins; a bad key is a usage error
    r = run_cli("check", "docs", "--select", "arithmetic", "--format", "json", cwd=tmp_path)
    data = json.loads((tmp_path / "o" / "auditor-report.json").read_text(encoding="utf-8"))
    rules = {f["rule"] for d in data["documents"] for f in d["findings"]}
    assert rules and all(r.startswith("arithmetic.") for r in rules)
    (tmp_path / "auditor.toml").write_text('selectt = ["text"]\n', encoding="utf-8")
    r = run_cli("check", "docs", cwd=tmp_path)
    assert r.returncode == 2 and "selectt" in r.stderr
    assert run_cli("check", "docs", "--isolated", "--format", "json", "--out", "o", cwd=tmp_path).returncode == 1


# --------------------------------------------------------------------------- baseline

def test_baseline_shows_only_new_findings_after_reextraction_and_edits(tmp_path):
    first = tmp_path / "v1.txt"
    first.write_text(DIRTY, encoding="utf-8")
    base = tmp_path / "baseline.json"
    assert main(["check", str(first), "--write-baseline", str(base), "--format", "json",
                 "--out", str(tmp_path / "o1")]) == 1
    assert json.loads(base.read_text(encoding="utf-8"))["kind"] == "baseline"
    # a resubmission: re-extracted (CRLF, different line breaks and spaces), a paragraph added
    # before everything (every offset moves), and one new slip
    second = tmp_path / "v2.txt"
    edited = ("封面\r\n" + DIRTY.replace("\n", "\r\n").replace("总收入2560.40万元", "总收入 2560.40 万元")
              + "三、存在问题\r\n宣传力度不够，收益人口覆盖不足。\r\n")
    second.write_bytes(edited.encode("utf-8"))
    assert main(["check", str(second), "--baseline", str(base), "--format", "json",
                 "--out", str(tmp_path / "o2")]) == 1
    data = json.loads((tmp_path / "o2" / "auditor-report.json").read_text(encoding="utf-8"))
    found = [(f["rule"], f["excerpt"]) for d in data["documents"] for f in d["findings"]]
    assert found == [("text.typo", "收益人口")]
    # without the baseline all of them are there
    assert main(["check", str(second), "--format", "json", "--out", str(tmp_path / "o3")]) == 1
    data = json.loads((tmp_path / "o3" / "auditor-report.json").read_text(encoding="utf-8"))
    assert len([f for d in data["documents"] for f in d["findings"]]) >= 3


# --------------------------------------------------------------------------- grouping

def _f(rule, start, end, text, **kw):
    return Finding(rule=rule, message=kw.pop("message", f"{rule} at {start}"), start=start, end=end,
                   line=1, column=start + 1, excerpt=text[start:end], **kw)


def test_grouping_scheme_same_span_and_duplicate_file():
    from auditor.grouping import group_findings
    text = "项目名称：职工医保。拨付居民医保待遇，居民医保基金，又拨付居民医保。占比 38.36%。"
    ev = {"subject_scheme": "A", "found_scheme": "B"}
    s1, s2, s3 = (_f("entity.scheme", text.index("居民医保", k), text.index("居民医保", k) + 4, text,
                     evidence=dict(ev), related=[Related(5, 9, "职工医保", "subject")])
                  for k in (0, 15, 25))
    p = text.index("38.36%")
    share = _f("arithmetic.share", p, p + 6, text, related=[Related(0, 2, "项目", "part")])
    psum = _f("arithmetic.percent_sum", p, p + 6, text, confidence="likely",
              related=[Related(3, 4, "称", "share")])
    out = group_findings([s1, s2, share, psum, s3])
    assert [f.rule for f in out] == ["entity.scheme", "arithmetic.share"]
    scheme = out[0]
    assert (scheme.start, scheme.end) == (s1.start, s1.end) and scheme.evidence["places"] == 3
    spans = {(r.start, r.end) for r in scheme.related}
    assert {(s2.start, s2.end), (s3.start, s3.end), (5, 9)} <= spans
    kept = out[1]
    assert kept.evidence["also_rules"] == ["arithmetic.percent_sum"]
    assert {(0, 2), (3, 4)} <= {(r.start, r.end) for r in kept.related}

    copies = [_f("text.boilerplate", 10 * k, 10 * k + 5, text * 2,
                 evidence={"scope": "cross_report", "source_path": "x/other.txt"}) for k in range(5)]
    merged = group_findings(copies, {"boilerplate_share_other_files": 0.95})
    assert len(merged) == 1 and "other.txt" in merged[0].message
    assert len(merged[0].related) == 4
    assert len(group_findings(copies, {"boilerplate_share_other_files": 0.2})) == 5


def test_grouping_on_the_command_line_keeps_every_place(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(DIRTY + "四、其他\n此外，如实反应了资金使用情况。\n", encoding="utf-8")
    out = tmp_path / "o"
    main(["check", str(f), "--format", "json", "--out", str(out)])
    grouped = json.loads((out / "auditor-report.json").read_text(encoding="utf-8"))
    main(["check", str(f), "--format", "json", "--out", str(out), "--no-group"])
    single = json.loads((out / "auditor-report.json").read_text(encoding="utf-8"))
    g = grouped["documents"][0]["findings"]
    s = single["documents"][0]["findings"]
    assert len(g) < len(s)
    places = {(x["start"], x["end"]) for f in g for x in [f] + f["related"]}
    assert all((f["start"], f["end"]) in places for f in s)


# --------------------------------------------------------------------------- annotated Word

def _make_docx(path: Path) -> None:
    import docx
    d = docx.Document()
    d.add_paragraph("一、项目概况")
    p = d.add_paragraph()
    p.add_run("本项目由县财政局负责，")
    p.add_run("如实反").bold = True
    p.add_run("应了资金使用情况。")
    t = d.add_table(rows=3, cols=2)
    t.cell(0, 0).text = "指标"
    t.cell(0, 1).text = "说明"
    t.cell(1, 0).text = "占比"
    t.cell(1, 1).text = MONEY
    t.cell(2, 0).text = "说明"
    t.cell(2, 1).text = "群众如实反应了问题。"
    d.add_paragraph("二、结论：收益人口覆盖不足。")
    d.save(path)


def _body_text(path) -> str:
    import docx
    from auditor.writers.docx_writer import _docx_segments
    return _docx_segments(docx.Document(path))[0]


def test_docx_comments_anchor_on_the_exact_characters(tmp_path):
    from auditor.writers.docx_writer import comment_anchors, comments
    src = tmp_path / "in.docx"
    _make_docx(src)
    before = src.read_bytes()
    out = tmp_path / "o"
    assert main(["check", str(src), "--format", "docx,json", "--out", str(out), "--no-group"]) == 1
    assert src.read_bytes() == before                              # never the original
    data = json.loads((out / "auditor-report.json").read_text(encoding="utf-8"))
    findings = data["documents"][0]["findings"]
    assert "text.typo" in {f["rule"] for f in findings}
    cell = _body_text(src).index(MONEY)
    assert any(f["start"] >= cell and f["rule"].startswith("arithmetic.") for f in findings)  # in the table
    annotated = out / "in.auditor.docx"
    anchors, texts = comment_anchors(str(annotated)), comments(str(annotated))
    assert sorted(anchors.values()) == sorted(f["excerpt"] for f in findings)
    assert any(t.startswith("【错别字】") for t in texts.values())
    assert len(texts) == len(findings)
    # grouped: the table's repeat of the typo is another place of the paragraph's finding and
    # gets a comment that points back at it
    out2 = tmp_path / "o2"
    assert main(["check", str(src), "--format", "docx,json", "--out", str(out2)]) == 1
    data = json.loads((out2 / "auditor-report.json").read_text(encoding="utf-8"))
    grouped = data["documents"][0]["findings"]
    expected = [f["excerpt"] for f in grouped] + [r["excerpt"] for f in grouped for r in f["related"]
                                                  if r["role"] == "other_place"]
    anchors = comment_anchors(str(out2 / "in.auditor.docx"))
    assert sorted(anchors.values()) == sorted(expected)
    assert len(expected) > len(grouped)
    assert _body_text(annotated) == _body_text(src)               # the text itself unchanged


def test_docx_of_extracted_text_for_other_inputs(tmp_path):
    import docx
    from auditor.writers.docx_writer import comment_anchors
    src = tmp_path / "a.txt"
    src.write_bytes(DIRTY.replace("\n", "\r\n").encode("utf-8"))
    out = tmp_path / "o"
    assert main(["check", str(src), "--format", "docx,json", "--out", str(out)]) == 1
    data = json.loads((out / "auditor-report.json").read_text(encoding="utf-8"))
    excerpts = sorted(f["excerpt"] for f in data["documents"][0]["findings"])
    annotated = out / "a.auditor.docx"
    assert sorted(comment_anchors(str(annotated)).values()) == excerpts
    lines = [p.text for p in docx.Document(annotated).paragraphs]
    assert lines == DIRTY.split("\n")


# --------------------------------------------------------------------------- SARIF

SCHEMA = Path(__file__).parent / "sarif-schema-2.1.0.json"


def test_sarif_validates_against_the_official_schema(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(DIRTY, encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"")
    assert main(["check", str(tmp_path), "--format", "sarif", "--out", str(tmp_path / "o")]) == 1
    log = json.loads((tmp_path / "o" / "auditor-report.sarif").read_text(encoding="utf-8"))
    run = log["runs"][0]
    results = run["results"]
    assert results and all(r["ruleId"] in RULES for r in results)
    text = f.read_text(encoding="utf-8")
    for r in results:
        region = r["locations"][0]["physicalLocation"]["region"]
        assert text[region["charOffset"]:region["charOffset"] + region["charLength"]] == region["snippet"]["text"]
        assert r["partialFingerprints"]["auditorFingerprint/v1"]
    assert run["invocations"][0]["toolExecutionNotifications"]
    if not SCHEMA.exists():
        pytest.skip("tests/sarif-schema-2.1.0.json not shipped")
    import jsonschema
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)


def test_sarif_of_the_corpus_validates(tmp_path):
    import jsonschema
    assert main(["check", str(CORPUS), "--format", "sarif", "--out", str(tmp_path)]) == 1
    log = json.loads((tmp_path / "auditor-report.sarif").read_text(encoding="utf-8"))
    assert any(r.get("relatedLocations") for r in log["runs"][0]["results"])
    jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(log)


def test_terminal_shows_location_and_chinese_labels():
    import io
    from auditor.engine import DocResult, Options, RunResult
    from auditor.writers import terminal
    text = "第一页\n项目概括如下。"
    f = Finding(rule="text.typo", message="“项目概括”应为“项目概况”。", start=4, end=8, line=2, column=1,
                excerpt=text[4:8], confidence="likely", location="第2页")
    g = Finding(rule="text.typo", message="“项目概括”应为“项目概况”。", start=4, end=8, line=2, column=1,
                excerpt=text[4:8], confidence="likely")
    res = RunResult([DocResult(path="a.pdf", findings=[f, g], text=text, chars=len(text))], [], Options(), 0.1)
    out = io.StringIO()
    terminal.render(res, out, color=False)
    lines = out.getvalue().splitlines()
    assert lines[1] == "a.pdf:2:1 (第2页): text.typo 错别字 [较可能] “项目概括”应为“项目概况”。"
    assert lines[2].startswith("a.pdf:2:1: text.typo")
    out = io.StringIO()
    terminal.render(res, out, color=False, lang="en")
    assert "a.pdf:2:1 (第2页): text.typo typo [likely]" in out.getvalue()


def test_grouping_one_paragraph_copied_into_several_sibling_reports():
    from auditor.grouping import group_findings
    text = "甲报告：宣传不够深入。乙报告：宣传不够深入。丙报告：宣传不够深入。"
    src = (4, 10)
    copies = [_f("text.boilerplate", text.index("宣传", k), text.index("宣传", k) + 6, text,
                 message=f"套话 {k}", related=[Related(*src, text[4:10], "first_copy")])
              for k in (12, 23)]
    out = group_findings(copies + [_f("text.typo", 0, 2, text)])
    merged = [f for f in out if f.rule == "text.boilerplate"]
    assert len(merged) == 1 and merged[0].evidence["places"] == 2
    assert {(r.start, r.end) for r in merged[0].related} == {src, (copies[1].start, copies[1].end)}
    assert any(f.rule == "text.typo" for f in out)


def test_baseline_on_a_folder_then_one_edited_number(tmp_path):
    # issue 15: --write-baseline then --baseline on the same folder reports nothing; after one
    # number is edited in one file, exactly the findings that edit causes
    import shutil
    folder = tmp_path / "in"
    folder.mkdir()
    for prefix in ("000", "001"):
        shutil.copy(next(CORPUS.glob(prefix + "_*.txt")), folder)
    clean = ROOT / "tests" / "fixtures" / "dept_clean.txt"
    shutil.copy(clean, folder / "dept.txt")
    base = tmp_path / "baseline.json"
    assert main(["check", str(folder), "--write-baseline", str(base), "--format", "json",
                 "--out", str(tmp_path / "o1")]) == 1
    assert main(["check", str(folder), "--baseline", str(base), "--format", "json",
                 "--out", str(tmp_path / "o2")]) == 0
    data = json.loads((tmp_path / "o2" / "auditor-report.json").read_text(encoding="utf-8"))
    assert [f for d in data["documents"] for f in d["findings"]] == []
    # 基本支出 1020.30 → 1120.30: the parts no longer make 2498.60 and its share 40.84% is wrong
    text = clean.read_text(encoding="utf-8")
    assert "基本支出1020.30万元" in text
    (folder / "dept.txt").write_text(text.replace("基本支出1020.30万元", "基本支出1120.30万元"), encoding="utf-8")
    assert main(["check", str(folder), "--baseline", str(base), "--format", "json",
                 "--out", str(tmp_path / "o3")]) == 1
    data = json.loads((tmp_path / "o3" / "auditor-report.json").read_text(encoding="utf-8"))
    found = [(Path(d["path"]).name, f["rule"]) for d in data["documents"] for f in d["findings"]]
    assert found and all(name == "dept.txt" and rule.startswith("arithmetic.") for name, rule in found), found
    spans = [f for d in data["documents"] for f in d["findings"]]
    edited = (folder / "dept.txt").read_text(encoding="utf-8").index("1120.30")
    assert all(any(s <= edited + 7 and edited <= e for s, e in [(f["start"], f["end"])] +
                   [(r["start"], r["end"]) for r in f["related"]]) for f in spans), spans
