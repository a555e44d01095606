"""bench/same_findings.py, the check behind every speed-up: it must see a changed finding."""
import json
import subprocess
import sys

from conftest import ROOT


def _report(path, findings):
    doc = {"path": "r.txt", "findings": findings, "summary": {}}
    path.write_text(json.dumps({"tool": {}, "documents": [doc], "summary": {"seconds": 1}}),
                    encoding="utf-8")
    return str(path)


def _run(*args):
    return subprocess.run([sys.executable, str(ROOT / "bench" / "same_findings.py"), *args],
                          capture_output=True, text=True, timeout=60)


def test_same_findings_agrees_and_sees_a_moved_finding(tmp_path):
    f = {"rule": "text.duplicate_char", "start": 3, "end": 5, "message": "市市"}
    a = _report(tmp_path / "a.json", [f])
    b = _report(tmp_path / "b.json", [dict(f)])
    c = _report(tmp_path / "c.json", [dict(f, start=4)])
    same = _run(a, b)
    assert same.returncode == 0 and "same findings" in same.stdout
    moved = _run(a, c)
    assert moved.returncode == 1
    assert "1 findings only before, 1 only after" in moved.stdout
