"""Legacy and foreign office formats (.doc .wps .et .rtf .odt .ods) through LibreOffice.

``soffice --headless --convert-to docx|xlsx`` runs in a fresh temporary folder
(the input's bytes are copied there, the profile LibreOffice insists on
writing lives there too, and the folder is removed afterwards), so nothing is
ever written next to the input and two workers never share a profile.  The
conversion has its own time limit; LibreOffice runs in its own process group,
which is killed on a timeout or when the engine's per-file limit interrupts the
wait.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .errors import IngestError

CONVERT_TIMEOUT = 90.0   # seconds for one LibreOffice conversion

# what a user without LibreOffice should do, per source format
_HOWTO = {
    ".doc": ("旧版 Word 文档（.doc）", "legacy Word document (.doc)", ".docx"),
    ".wps": ("WPS 文字文档（.wps）", "WPS Writer document (.wps)", ".docx"),
    ".rtf": ("RTF 文档", "RTF document", ".docx"),
    ".odt": ("OpenDocument 文本（.odt）", "OpenDocument text (.odt)", ".docx"),
    ".et": ("WPS 表格（.et）", "WPS spreadsheet (.et)", ".xlsx"),
    ".xls": ("旧版 Excel 表格（.xls）", "legacy Excel workbook (.xls)", ".xlsx"),
    ".ods": ("OpenDocument 表格（.ods）", "OpenDocument spreadsheet (.ods)", ".xlsx"),
}


def soffice_path() -> str | None:
    """LibreOffice's command (``soffice`` or ``libreoffice``) on PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def no_soffice_error(suffix: str) -> IngestError:
    zh, en, target = _HOWTO.get(suffix, (f"{suffix} 文件", f"{suffix} file", ".docx"))
    return IngestError(f"{zh}需要 LibreOffice 转换：请另存为 {target} 后再检查，或安装 LibreOffice（soffice）"
                       f" / {en}: save it as {target}, or install LibreOffice (soffice) so it is "
                       f"converted automatically")


def convert(data: bytes, suffix: str, target: str, timeout: float = CONVERT_TIMEOUT) -> bytes:
    """``data`` (a file with this ``suffix``) converted by LibreOffice to ``target``
    ("docx" or "xlsx"); the converted file's bytes."""
    exe = soffice_path()
    if exe is None:
        raise no_soffice_error(suffix)
    with tempfile.TemporaryDirectory(prefix="auditor-lo-") as tmp:
        tmpdir = Path(tmp)
        src = tmpdir / f"input{suffix}"     # an ASCII name: no trouble with odd file names
        src.write_bytes(data)
        outdir = tmpdir / "out"
        profile = tmpdir / "profile"
        cmd = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible",
               "--nologo", "--norestore", "--nolockcheck", "--nodefault",
               "--convert-to", target, "--outdir", str(outdir), str(src)]
        env = dict(os.environ, HOME=str(tmpdir), TMPDIR=str(tmpdir))
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, cwd=tmpdir, env=env, start_new_session=True)
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise IngestError(f"LibreOffice 转换超时（{timeout:g} 秒）/ LibreOffice conversion timed out "
                              f"after {timeout:g} s") from None
        finally:
            if proc.poll() is None:          # timed out, or the engine's time limit interrupted us
                _kill_group(proc)
        out = outdir / f"input.{target}"
        if not out.is_file() or out.stat().st_size == 0:
            lines = [l.strip() for l in err.decode("utf-8", "replace").splitlines()]
            detail = " ".join(l for l in lines if l.lower().startswith("error"))[:160]
            raise IngestError("LibreOffice 无法转换此文件（文件可能已损坏或加密）/ LibreOffice could not "
                              "convert this file (corrupt or encrypted?)" + (f": {detail}" if detail else ""))
        return out.read_bytes()


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass
