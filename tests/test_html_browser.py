"""The HTML report in a real browser (headless Chromium), as a person uses it.

Talks to Chromium over the DevTools protocol with the small standard-library
WebSocket client below, so no Python package and no browser download is
needed: Debian's ``chromium`` is enough (``apt-get install chromium``; ``.ci/run``
installs it). Skipped, with the reason, when no Chromium is installed.
Set ``AUDITOR_SCREENSHOT_DIR`` to keep the screenshots; otherwise they are
saved under pytest's ``tmp_path``.
"""
from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import struct
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from auditor.engine import DocResult, Options, RunResult, run
from auditor.findings import Finding, Related
from auditor.writers.html_writer import write_html
from conftest import CORPUS


def find_chromium() -> str | None:
    env = os.environ.get("AUDITOR_CHROMIUM")
    if env:
        return env
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium installed (Debian: apt-get install chromium; or set AUDITOR_CHROMIUM): "
           "the HTML report is not opened in a browser")


class DevTools:
    """Minimal Chrome DevTools Protocol client over a standard-library WebSocket (RFC 6455)."""

    def __init__(self, ws_url: str, timeout: float = 30.0):
        u = urllib.parse.urlparse(ws_url)
        self.sock = socket.create_connection((u.hostname, u.port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {u.path} HTTP/1.1\r\nHost: {u.hostname}:{u.port}\r\n"
                           "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                           f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        self.buf = bytearray()
        while b"\r\n\r\n" not in self.buf:
            self._fill()
        head, _, rest = bytes(self.buf).partition(b"\r\n\r\n")
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise ConnectionError(f"WebSocket handshake refused: {head[:200]!r}")
        self.buf = bytearray(rest)
        self.next_id = 0
        self.events: list[dict] = []

    def _fill(self) -> None:
        chunk = self.sock.recv(1 << 16)
        if not chunk:
            raise ConnectionError("DevTools connection closed")
        self.buf += chunk

    def _take(self, n: int) -> bytes:
        while len(self.buf) < n:
            self._fill()
        out = bytes(self.buf[:n])
        del self.buf[:n]
        return out

    def _send_frame(self, opcode: int, payload: bytes) -> None:
        n = len(payload)
        head = bytes([0x80 | opcode])
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 1 << 16:
            head += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            head += bytes([0x80 | 127]) + struct.pack(">Q", n)
        mask = os.urandom(4)
        self.sock.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def _message(self) -> str:
        parts = []
        while True:
            b0, b1 = self._take(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._take(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._take(8))[0]
            mask = self._take(4) if b1 & 0x80 else None
            payload = self._take(n)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            opcode = b0 & 0x0F
            if opcode == 0x9:                       # ping
                self._send_frame(0xA, payload)
                continue
            if opcode == 0x8:
                raise ConnectionError("DevTools connection closed by the browser")
            if opcode in (0x0, 0x1, 0x2):
                parts.append(payload)
                if b0 & 0x80:
                    return b"".join(parts).decode("utf-8")

    def call(self, method: str, **params):
        self.next_id += 1
        self._send_frame(0x1, json.dumps({"id": self.next_id, "method": method,
                                          "params": params}).encode("utf-8"))
        while True:
            msg = json.loads(self._message())
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            self.events.append(msg)

    def js(self, expression: str):
        """Evaluate ``expression`` in the page and return its value (JSON-able)."""
        r = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            raise RuntimeError(f"page script failed: {r['exceptionDetails']}")
        return r["result"].get("value")

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """A headless Chromium with one page, driven over DevTools."""
    profile = tmp_path_factory.mktemp("chromium-profile")
    proc = subprocess.Popen(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--disable-default-apps", "--disable-extensions", "--hide-scrollbars",
         "--window-size=1366,900", f"--user-data-dir={profile}", "--remote-debugging-port=0",
         "about:blank"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    page = None
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 60
        while not (port_file.exists() and port_file.read_text().count("\n") >= 1):
            if proc.poll() is not None:
                pytest.fail(f"{CHROMIUM} exited with {proc.returncode} before DevTools was ready")
            if time.monotonic() > deadline:
                pytest.fail(f"{CHROMIUM} did not open DevTools within 60 s")
            time.sleep(0.1)
        port = int(port_file.read_text().split("\n")[0])
        ws_url = None
        while ws_url is None and time.monotonic() < deadline:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as r:
                targets = json.load(r)
            ws_url = next((t["webSocketDebuggerUrl"] for t in targets if t.get("type") == "page"), None)
            if ws_url is None:
                time.sleep(0.1)
        assert ws_url, "Chromium has no page target"
        page = DevTools(ws_url)
        page.call("Runtime.enable")
        page.call("Log.enable")
        page.call("Emulation.setDeviceMetricsOverride", width=1366, height=900,
                  deviceScaleFactor=1, mobile=False)
        yield page
    finally:
        if page:
            page.close()
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def open_report(page: DevTools, path: Path) -> None:
    page.events.clear()
    page.call("Page.navigate", url=path.resolve().as_uri())
    deadline = time.monotonic() + float(os.environ.get("REPORT_LOAD_TIMEOUT", "30"))
    while time.monotonic() < deadline:
        state = page.js("document.readyState + '|' + ((document.documentElement && document.documentElement.getAttribute('data-ready')) || '') "
                        "+ '|' + location.href")
        if state.startswith("complete|1|file:"):
            return
        time.sleep(0.05)
    raise AssertionError(f"report did not finish loading: {state}")


def click(page: DevTools, selector: str) -> None:
    """Scroll ``selector`` into view and click its centre with the mouse, as a person would."""
    box = page.js(f"""(() => {{
        const el = document.querySelector({json.dumps(selector)});
        if (!el) return null;
        el.scrollIntoView({{block: "center"}});
        const r = el.getClientRects()[0] || el.getBoundingClientRect();
        return {{x: r.left + Math.min(r.width / 2, 40), y: r.top + r.height / 2}};
    }})()""")
    assert box, f"nothing to click at {selector}"
    for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
        page.call("Input.dispatchMouseEvent", type=kind, x=box["x"], y=box["y"], button="left",
                  clickCount=1)


def screenshot(page: DevTools, path: Path) -> Path:
    data = page.call("Page.captureScreenshot", format="png")["data"]
    path.write_bytes(base64.b64decode(data))
    keep = os.environ.get("AUDITOR_SCREENSHOT_DIR")
    if keep:
        os.makedirs(keep, exist_ok=True)
        shutil.copy(path, os.path.join(keep, path.name))
    return path


def page_problems(page: DevTools) -> list:
    """Uncaught exceptions and console errors (a CSP violation shows up here)."""
    out = []
    for ev in page.events:
        if ev.get("method") == "Runtime.exceptionThrown":
            out.append(ev["params"]["exceptionDetails"])
        elif ev.get("method") == "Log.entryAdded" and ev["params"]["entry"]["level"] == "error":
            out.append(ev["params"]["entry"])
        elif (ev.get("method") == "Runtime.consoleAPICalled"
              and ev["params"]["type"] in ("error", "assert")):
            out.append(ev["params"])
    return out


JS_FINDING_TEXT = """(id) => Array.from(document.querySelectorAll('.doc-text [data-f]'))
    .filter(el => el.getAttribute('data-f').split(' ').includes(id)).map(el => el.textContent).join('')"""

JS_FINDING_START = """(id) => {
    const first = Array.from(document.querySelectorAll('.doc-text [data-f]'))
        .find(el => el.getAttribute('data-f').split(' ').includes(id));
    const box = first.closest('.doc-text');
    const range = document.createRange();
    range.setStart(box, 0);
    range.setEndBefore(first);
    return Array.from(range.toString()).length;   // code points, as the auditor counts
}"""


def check_spans(page: DevTools, result: RunResult) -> int:
    """Every finding is highlighted at its exact span; the text is the original text."""
    texts = page.js("Array.from(document.querySelectorAll('.doc-text'))"
                    ".map(el => [+el.getAttribute('data-doc'), el.textContent])")
    texts = dict(texts)
    n = 0
    for i, doc in enumerate(result.documents):
        if doc.text is None:
            assert i not in texts
            continue
        assert texts[i] == doc.text, f"{doc.path}: rendered text differs from the original"
        for j, f in enumerate(doc.findings):
            fid = f"d{i}-f{j}"
            assert page.js(f"({JS_FINDING_TEXT})({json.dumps(fid)})") == f.excerpt == doc.text[f.start:f.end]
            if f.end > f.start:
                assert page.js(f"({JS_FINDING_START})({json.dumps(fid)})") == f.start
            for k, rel in enumerate(f.related):
                got = page.js(f"""Array.from(document.querySelectorAll('.doc-text [data-r]'))
                    .filter(el => el.getAttribute('data-r').split(' ').includes('{fid}-r{k}'))
                    .map(el => el.textContent).join('')""")
                assert got == rel.excerpt
            n += 1
    return n


def test_corpus_report_in_browser(browser, tmp_path):
    result = run([str(CORPUS)], Options())
    assert result.findings, "the bundled corpus should give findings"
    report = tmp_path / "auditor-report.html"
    write_html(result, str(report))
    open_report(browser, report)

    screenshot(browser, tmp_path / "report-top.png")          # header, filters, index
    assert check_spans(browser, result) == len(result.findings)
    # The seeds' literal <input type="checkbox"/> tags stay text: the only inputs are the page's own.
    assert browser.js("document.querySelectorAll('input').length") == \
        browser.js("document.querySelectorAll('.filters input.ui').length")
    assert browser.js("document.querySelectorAll('.doc-text input, li.finding input').length") == 0
    assert browser.js("document.querySelectorAll('script').length") == 1
    # Triage at scale: every document starts collapsed; the index opens one.
    assert browser.js("Array.from(document.querySelectorAll('details.doc')).every(d => !d.open)")

    # Click a finding in the list: its text is highlighted and scrolled into view.
    candidates = [(bool(f.related), i, j) for i, d in enumerate(result.documents)
                  for j, f in enumerate(d.findings)]
    _, doc_i, f_j = max(candidates, key=lambda c: (c[0], -c[1], -c[2]))   # prefer one with related
    fid = f"d{doc_i}-f{f_j}"
    click(browser, f'#index a[data-doc="{doc_i}"]')
    assert browser.js(f"document.getElementById('doc-{doc_i}').open")
    click(browser, f"#{fid} p.msg")
    state = browser.js(f"""(() => {{
        const li = document.getElementById('{fid}');
        const act = Array.from(document.querySelectorAll('.doc-text .active'));
        const rel = Array.from(document.querySelectorAll('.doc-text .active-rel'));
        const r = act.length ? act[0].getBoundingClientRect() : null;
        return {{selected: li.classList.contains('selected'),
                active: act.map(el => el.textContent).join(''),
                activeOwners: act.map(el => el.getAttribute('data-f')),
                related: rel.length,
                inView: !!r && r.top >= 0 && r.bottom <= innerHeight,
                hash: location.hash}};
    }})()""")
    f = result.documents[doc_i].findings[f_j]
    assert state["selected"] and state["inView"], state
    assert state["active"] == f.excerpt
    assert all(fid in owners.split(" ") for owners in state["activeOwners"])
    assert state["related"] >= (1 if f.related else 0)
    assert state["hash"] == f"#{fid}"
    shot = screenshot(browser, tmp_path / "report-corpus.png")
    assert shot.stat().st_size > 10_000

    # Filter: hide one family; its findings leave the list and lose their highlight.
    family = f.family
    click(browser, f'input.flt[data-kind="family"][value="{family}"]')
    hidden = browser.js(f"""(() => {{
        const lis = Array.from(document.querySelectorAll('li.finding'));
        return {{hiddenOk: lis.every(li => li.hidden === (li.getAttribute('data-family') === '{family}')),
                litOfFamily: Array.from(document.querySelectorAll('.doc-text .hl')).filter(el =>
                    el.getAttribute('data-f').split(' ').some(id =>
                        document.getElementById(id).getAttribute('data-family') === '{family}'
                        && !el.getAttribute('data-f').split(' ').some(o =>
                            document.getElementById(o).getAttribute('data-family') !== '{family}'))).length,
                counter: document.getElementById('shown').textContent}};
    }})()""")
    assert hidden["hiddenOk"] and hidden["litOfFamily"] == 0, hidden
    n_shown = sum(1 for x in result.findings if x.family != family)
    assert hidden["counter"].startswith(f"{n_shown} / {len(result.findings)}")
    click(browser, f'input.flt[data-kind="family"][value="{family}"]')
    assert browser.js("Array.from(document.querySelectorAll('li.finding')).every(li => !li.hidden)")
    assert page_problems(browser) == []


HOSTILE = ("=cmd|' /C calc'!A0 开头就是公式\r\n"
           "<script>window.__pwned=1</script>\r\n"
           "</textarea><img src=x onerror=\"window.__pwned=2\">\r\n"
           "<input type=\"checkbox\"/> 已完成 <b onclick=\"window.__pwned=3\">粗体</b>\r\n"
           "</script><script>window.__pwned=4</script>\u2028\u2029 &amp; &lt;\r\n"
           "市市直机关 项目支出 2600.03 万元，占 38.36%。\U00020000 𠀀 末尾")


def hostile_result(tmp_path) -> RunResult:
    text = HOSTILE
    def span(sub, nth=0, rule="text.duplicate_char", conf="certain", sev="warning", length=None, rel=()):
        start = -1
        for _ in range(nth + 1):
            start = text.index(sub, start + 1)
        end = start + (len(sub) if length is None else length)
        line = text.count("\n", 0, start) + 1
        col = start - (text.rfind("\n", 0, start) + 1) + 1
        related = [Related(a, b, text[a:b], role) for a, b, role in rel]
        return Finding(rule=rule, message=f"<script>window.__pwned=9</script> “{text[start:end]}” & more",
                       start=start, end=end, line=line, column=col, excerpt=text[start:end],
                       confidence=conf, severity=sev, related=related,
                       evidence={"html": "<img src=x onerror=window.__pwned=5>", "n": 1})
    s = text.index("<script>")
    findings = [
        span("<script>window.__pwned=1</script>", rule="text.hostile", sev="error"),
        span("window.__pwned=1", rule="arithmetic.inner", conf="likely"),           # nested inside
        span("</textarea><img", rule="text.overlap", conf="possible", sev="info"),
        span("<img src=x onerror", rule="arithmetic.overlap", sev="error",           # overlaps previous
             rel=[(s, s + 8, "whole"), (text.index("38.36%"), text.index("38.36%") + 6, "part")]),
        span("市市", rule="text.duplicate_char"),
        span("38.36%", rule="arithmetic.share", sev="error"),
        span("38.36%", rule="arithmetic.percent_sum", conf="likely"),                # same span
        span("\U00020000 𠀀", rule="text.astral"),
        span("末尾", rule="text.empty", length=0),                                   # zero-length
        span("=cmd", rule="text.formula"),
    ]
    findings.sort(key=lambda f: (f.start, f.end, f.rule))
    doc = DocResult(path=str(tmp_path / "<script>alert(1)</script>.txt"), encoding="utf-8", fmt="text",
                    chars=len(text), findings=findings, text=text,
                    summary={"boilerplate_share": 0.25, "check_errors": ["x.y: <b>boom</b>"]})
    bad = DocResult(path=str(tmp_path / "broken<img src=x onerror=window.__pwned=6>.txt"),
                    error="<script>window.__pwned=7</script> 无法解码")
    return RunResult([doc, bad], [], Options(min_confidence="possible"), 0.5)


def test_hostile_document_cannot_run_script(browser, tmp_path):
    result = hostile_result(tmp_path)
    report = tmp_path / "auditor-report.html"
    write_html(result, str(report))
    open_report(browser, report)
    assert browser.js("typeof window.__pwned") == "undefined"
    assert browser.js("document.querySelectorAll('script').length") == 1
    assert browser.js("document.querySelectorAll('img, textarea, b, iframe, object, embed').length") == 0
    assert browser.js("document.querySelectorAll('input').length") == \
        browser.js("document.querySelectorAll('.filters input.ui').length")
    assert check_spans(browser, result) == len(result.findings)
    click(browser, '#index a[data-doc="0"]')
    # a CRLF document keeps its CR (offsets would drift otherwise)
    assert "\r\n" in browser.js("document.querySelector('.doc-text').textContent")
    # the hostile path and error are shown as text
    assert "<script>alert(1)</script>.txt" in browser.js("document.body.textContent")
    assert "<script>window.__pwned=7</script> 无法解码" in browser.js("document.body.textContent")

    # Click every finding in turn (nested, overlapping, same-span, zero-length): each lights
    # exactly its own text.
    for j, f in enumerate(result.documents[0].findings):
        click(browser, f"#d0-f{j} .fhead code")
        got = browser.js("Array.from(document.querySelectorAll('.doc-text .active'))"
                         ".map(el => el.textContent).join('')")
        assert got == f.excerpt, (f.rule, got)
        assert browser.js(f"document.getElementById('d0-f{j}').classList.contains('selected')")
    # Clicking highlighted text selects its finding in the list.
    click(browser, '.doc-text [data-f~="d0-f0"]')
    assert browser.js("document.querySelector('li.finding.selected') !== null")
    assert browser.js("typeof window.__pwned") == "undefined"
    screenshot(browser, tmp_path / "report-hostile.png")
    assert page_problems(browser) == []


def test_triage_marks_search_sort_and_baseline_export(browser, tmp_path):
    """Hundreds of findings: search, sort the index, mark findings reviewed or dismissed (kept
    across a reload), hide the dismissed ones, export them as a baseline the CLI reads."""
    from auditor import baseline as baseline_mod
    result = run([str(CORPUS)], Options())
    for d in result.documents:
        baseline_mod.assign(d.findings, d.text)
    report = tmp_path / "auditor-report.html"
    write_html(result, str(report))
    open_report(browser, report)
    browser.js("localStorage.clear()")
    open_report(browser, report)
    total = len(result.findings)

    # sort the index by findings, descending after two clicks
    click(browser, "#index thead th:nth-child(4)")
    click(browser, "#index thead th:nth-child(4)")
    counts = browser.js("Array.from(document.querySelectorAll('#index tbody tr')).map(tr => +tr.cells[3].getAttribute('data-v'))")
    # one row per document, plus one per file the walk skipped (annotations, with their reason)
    assert counts == sorted(counts, reverse=True) and len(counts) == len(result.documents) + len(result.skipped)

    # search: one file's name keeps its row and only its findings
    name = os.path.basename(result.documents[1].path)
    browser.js(f"(() => {{ const q = document.getElementById('q'); q.value = {json.dumps(name[:12])};"
               "q.dispatchEvent(new Event('input')); })()")
    state = browser.js("""(() => ({rows: Array.from(document.querySelectorAll('#index tbody tr:not(.skipped)')).filter(tr => !tr.hidden).length,
        shown: Array.from(document.querySelectorAll('li.finding')).filter(li => !li.hidden).length}))()""")
    assert state == {"rows": 1, "shown": len(result.documents[1].findings)}, state
    browser.js("(() => { const q = document.getElementById('q'); q.value = ''; q.dispatchEvent(new Event('input')); })()")

    # mark: dismiss two findings of document 0, review one
    click(browser, '#index a[data-doc="0"]')
    click(browser, '#d0-f0 button[data-mark="dismissed"]')
    click(browser, '#d0-f1 button[data-mark="dismissed"]')
    click(browser, '#d0-f2 button[data-mark="reviewed"]')
    assert browser.js("document.getElementById('d0-f0').getAttribute('data-triage')") == "dismissed"
    assert browser.js("document.getElementById('n-dismissed').textContent") == "2"
    # hide the dismissed ones
    click(browser, 'input.flt[data-kind="triage"][value="dismissed"]')
    assert browser.js("document.getElementById('d0-f0').hidden && !document.getElementById('d0-f2').hidden")
    assert browser.js("document.getElementById('shown').textContent").startswith(f"{total - 2} / {total}")
    click(browser, 'input.flt[data-kind="triage"][value="dismissed"]')

    # the marks survive a reload (localStorage, by fingerprint)
    open_report(browser, report)
    assert browser.js("document.getElementById('d0-f1').getAttribute('data-triage')") == "dismissed"
    assert browser.js("document.getElementById('d0-f2').getAttribute('data-triage')") == "reviewed"

    # export: a baseline file with exactly the dismissed findings, which the CLI accepts
    click(browser, "#export")
    text = browser.js("document.getElementById('baseline-out').textContent")
    data = json.loads(text)
    f0, f1 = result.documents[0].findings[:2]
    assert sorted(x["fingerprint"] for x in data["findings"]) == sorted([f0.fingerprint, f1.fingerprint])
    assert browser.js("document.getElementById('export-link').href").startswith("blob:")
    path = tmp_path / "baseline.json"
    path.write_text(text, encoding="utf-8")
    assert baseline_mod.load(str(path)) == {f0.fingerprint, f1.fingerprint}
    screenshot(browser, tmp_path / "report-triage.png")
    assert page_problems(browser) == []
