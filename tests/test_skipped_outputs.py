"""Files a folder run passes over on purpose (hidden files, Office lock files) are named with
their reason in every output: terminal summary, JSON, HTML index, CSV/XLSX documents sheet."""
import csv
import json

from auditor.cli import main
from conftest import corpus_file


def test_skipped_files_appear_in_every_output(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "report.txt").write_text(corpus_file("000").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / ".hidden.txt").write_text("x", encoding="utf-8")
    (folder / "~$lock.docx").write_bytes(b"lock")
    out = tmp_path / "out"
    main(["check", str(folder), "--format", "terminal,json,html,csv,xlsx", "--out", str(out), "--no-color"])
    assert "skipped 2: 1 hidden, 1 office lock file" in capsys.readouterr().out
    skipped = json.loads((out / "auditor-report.json").read_text(encoding="utf-8"))["summary"]["skipped"]
    assert sorted(s["reason"] for s in skipped) == ["hidden", "office lock file"]
    html = (out / "auditor-report.html").read_text(encoding="utf-8")
    assert "~$lock.docx" in html and "office lock file" in html
    with open(out / "auditor-documents.csv", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    assert any(".hidden.txt" in r[0] and "hidden" in r[1] for r in rows[1:])
    import openpyxl
    wb = openpyxl.load_workbook(out / "auditor-report.xlsx", read_only=True)
    cells = [str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c]
    assert any("~$lock.docx" in c for c in cells)
