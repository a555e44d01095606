"""The command line as a user runs it: exit codes, folders, JSON that score.py reads."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from auditor.cli import main
from conftest import CORPUS, ROOT


def run_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "auditor", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT)


def test_exit_codes(tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text("一、项目概况\n项目资金 100 万元，已全部拨付。\n", encoding="utf-8")
    assert main(["check", str(clean), "--out", str(tmp_path / "o"), "--no-color"]) == 0
    dirty = tmp_path / "dirty.txt"
    dirty.write_text("市市直机关工作人员零上访。\n", encoding="utf-8")
    assert main(["check", str(dirty), "--out", str(tmp_path / "o")]) == 1
    assert main(["check", str(dirty), "--exit-zero", "--out", str(tmp_path / "o")]) == 0
    assert main(["check", str(tmp_path / "missing.txt")]) == 2
    assert main(["check", str(dirty), "--format", "nope"]) == 2
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["check", str(empty), "--out", str(tmp_path / "o")]) == 2


def test_missing_required_package_is_one_line_and_exit_2(tmp_path, monkeypatch, capsys):
    # A broken install (here: a required package that does not exist) must not run every rule
    # into the same ImportError on every file; it stops before reading with one line.
    import auditor.cli as cli
    dirty = tmp_path / "dirty.txt"
    dirty.write_text("市市直机关工作人员零上访。\n", encoding="utf-8")
    monkeypatch.setattr(cli, "REQUIRED_MODULES", cli.REQUIRED_MODULES + ("no_such_pkg_auditor",))
    assert main(["check", str(dirty), "--out", str(tmp_path / "o"), "--no-color"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["auditor: error: required package 'no_such_pkg_auditor' is not installed: "
                   "install the auditor with its dependencies (pip install .)"]
    assert not (tmp_path / "o").exists()
    monkeypatch.undo()
    assert main(["check", str(dirty), "--out", str(tmp_path / "o"), "--no-color"]) == 1


def test_folder_with_unreadable_file_among_good_ones(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(next(CORPUS.glob("000_*.txt")), folder / "a.txt")
    (folder / "b.txt").write_bytes(b"")
    (folder / "c.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    out = tmp_path / "out"
    r = run_cli("check", str(folder), "--format", "json", "--out", str(out))
    assert r.returncode == 1, r.stderr
    data = json.loads((out / "auditor-report.json").read_text(encoding="utf-8"))
    docs = {os.path.basename(d["path"]): d for d in data["documents"]}
    assert docs["a.txt"]["error"] is None and docs["a.txt"]["findings"]
    assert docs["b.txt"]["error"] and docs["c.txt"]["error"]
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # inputs untouched
    assert sorted(os.listdir(out)) == ["auditor-report.json"]


def test_json_offsets_point_into_original_text(tmp_path):
    out = tmp_path / "out"
    r = run_cli("check", str(CORPUS), "--format", "json", "--out", str(out))
    assert r.returncode == 1
    data = json.loads((out / "auditor-report.json").read_text(encoding="utf-8"))
    n = 0
    for d in data["documents"]:
        text = Path(d["path"]).read_text(encoding="utf-8")
        for f in d["findings"]:
            assert text[f["start"]:f["end"]] == f["excerpt"]
            line = text.count("\n", 0, f["start"]) + 1
            assert f["line"] == line
            for rel in f["related"]:
                assert text[rel["start"]:rel["end"]] == rel["excerpt"]
            n += 1
    assert n >= 5


def test_terminal_format_lines(tmp_path):
    r = run_cli("check", str(next(CORPUS.glob("000_*.txt"))), "--no-color", "--out", str(tmp_path))
    line = next(l for l in r.stdout.splitlines() if "text.duplicate_char" in l)
    path, lineno, col, rest = line.split(":", 3)
    assert path.endswith(".txt") and lineno == "46" and col == "11"
    assert "[较可能]" in rest and "市市" in rest and "重复字" in rest      # Chinese first
    assert "分词为" not in rest                                       # jargon left to the JSON
    r = run_cli("check", str(next(CORPUS.glob("000_*.txt"))), "--no-color", "--out", str(tmp_path),
                "--lang", "en")
    line = next(l for l in r.stdout.splitlines() if "text.duplicate_char" in l)
    assert "[likely]" in line and "doubled character" in line


def test_select_and_ignore_by_prefix(tmp_path):
    out = tmp_path / "o"
    assert run_cli("check", str(CORPUS), "--format", "json", "--out", str(out), "--select", "text").returncode == 1
    data = json.loads((out / "auditor-report.json").read_text(encoding="utf-8"))
    rules = {f["rule"] for d in data["documents"] for f in d["findings"]}
    assert rules and all(r.startswith("text.") for r in rules)
    run_cli("check", str(CORPUS), "--format", "json", "--out", str(out), "--ignore", "text,entity")
    data = json.loads((out / "auditor-report.json").read_text(encoding="utf-8"))
    rules = {f["rule"] for d in data["documents"] for f in d["findings"]}
    assert not any(r.startswith(("text.", "entity.")) for r in rules)


def test_output_is_identical_between_runs(tmp_path):
    outs = []
    for i in range(2):
        out = tmp_path / f"o{i}"
        run_cli("check", str(CORPUS), "--format", "json", "--out", str(out))
        data = json.loads((out / "auditor-report.json").read_text(encoding="utf-8"))
        data["summary"].pop("seconds")
        outs.append(data)
    assert outs[0] == outs[1]


def test_include_exclude_globs_and_stable_order(tmp_path):
    from auditor.engine import collect_files
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "b" / "c.txt").write_text("x", encoding="utf-8")
    (tmp_path / "b" / "d.md").write_text("x", encoding="utf-8")
    (tmp_path / "b" / "e.jsonl").write_text("x", encoding="utf-8")   # not a document type
    names = lambda fs: [os.path.relpath(f, tmp_path) for f in fs]
    assert names(collect_files([str(tmp_path)])) == ["a.txt", os.path.join("b", "c.txt"), os.path.join("b", "d.md")]
    assert names(collect_files([str(tmp_path)], include=["*.md"])) == [os.path.join("b", "d.md")]
    assert names(collect_files([str(tmp_path)], exclude=["b/*"])) == ["a.txt"]
