"""``--format html``: one self-contained page for the run, for people to read.

The page is rendered on the server side: every piece of document text, every
message and every path goes through :func:`esc` (``html.escape`` plus two
fixes that keep the text exactly as decoded), so a document that contains
``<script>``, ``</textarea>`` or the seeds' literal ``<input type="checkbox"/>``
shows those characters and nothing else. The only script on the page is the
static one below; a Content-Security-Policy built from its hash (and the
style's) forbids any other script, inline handler or network load, as a second
line of defence.

Each document's original text is split at every boundary of every finding and
related span, so overlapping and nested findings need no nesting of elements:
each piece is one ``<span>`` whose ``data-f`` lists the findings covering it
and whose ``data-r`` lists the related spans covering it. A finding's text is
the concatenation of the pieces that list it, which equals its excerpt.
"""
from __future__ import annotations

import base64
import bisect
import hashlib
import html
import json
from collections import Counter

from .. import __version__
from ..findings import CONFIDENCES, SEVERITIES
from ..rule_info import (confidence_label, family_label, plain_message, role_label, rule_name,
                         severity_label)
from . import register_writer

SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}


def esc(value) -> str:
    """Escape ``value`` for element content or a double-quoted attribute.

    Besides ``& < > " '``: a carriage return becomes ``&#13;`` because an HTML
    parser turns a literal CR/CRLF into LF (and offsets would drift), and NUL,
    which a parser drops, becomes U+FFFD so the text keeps its length.
    """
    return (html.escape(str(value), quote=True)
            .replace("\r", "&#13;").replace("\x00", "\ufffd"))


def esc_inline(value) -> str:
    """Escape a short excerpt for the findings list, showing line breaks as a visible mark."""
    lines = str(value).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return '<span class="nl" title="line break">\u21b5</span>'.join(esc(line) for line in lines)


def format_share(value) -> str:
    """Boilerplate share (a fraction 0..1 in ``doc.summary``) as a percentage."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return f"{value * 100:.1f}%" if 0 <= value <= 1 else f"{value:g}"
    return str(value)


def _families(result) -> list[str]:
    fams = {r.code.split(".", 1)[0] for r in getattr(result, "rules", [])}
    fams.update(result.count_by("family"))
    return sorted(fams)


def _fid(doc_index: int, finding_index: int) -> str:
    return f"d{doc_index}-f{finding_index}"


def _clamp(value: int, n: int) -> int:
    return max(0, min(int(value), n))


def render_text(text: str, findings: list, doc_index: int) -> str:
    """The document text with finding and related spans marked (see module doc)."""
    n = len(text)
    spans = []      # (start, end, token, kind) with kind "f" (finding) or "r" (related)
    for j, f in enumerate(findings):
        fid = _fid(doc_index, j)
        a = _clamp(f.start, n)
        b = max(a, _clamp(f.end, n))
        spans.append((a, b, fid, "f"))
        for k, rel in enumerate(f.related):
            ra = _clamp(rel.start, n)
            rb = max(ra, _clamp(rel.end, n))
            spans.append((ra, rb, f"{fid}-r{k}", "r"))
    bounds = sorted({0, n} | {s[0] for s in spans} | {s[1] for s in spans})
    pieces = len(bounds) - 1
    cover_f: list[list[str]] = [[] for _ in range(pieces)]
    cover_r: list[list[str]] = [[] for _ in range(pieces)]
    sev: list[int] = [len(SEVERITIES)] * pieces
    anchors: dict[int, list[str]] = {}          # position -> ids of spans starting there
    empty: dict[int, list[tuple[str, str]]] = {}  # position -> zero-length spans
    severity_of = {_fid(doc_index, j): SEVERITY_RANK.get(f.severity, len(SEVERITIES) - 1)
                   for j, f in enumerate(findings)}
    for a, b, token, kind in spans:
        anchors.setdefault(a, []).append(token)
        if a == b:
            empty.setdefault(a, []).append((token, kind))
            continue
        lo, hi = bisect.bisect_left(bounds, a), bisect.bisect_left(bounds, b)
        for i in range(lo, hi):
            if kind == "f":
                cover_f[i].append(token)
                sev[i] = min(sev[i], severity_of[token])
            else:
                cover_r[i].append(token)

    out: list[str] = []

    def marks_at(pos: int) -> None:
        for token in anchors.get(pos, ()):
            out.append(f'<span class="anchor" id="t-{token}"></span>')
        for token, kind in empty.get(pos, ()):
            attr = "data-f" if kind == "f" else "data-r"
            out.append(f'<span class="s empty {"hl" if kind == "f" else "rel"}" '
                       f'{attr}="{token}"></span>')

    for i in range(pieces):
        a, b = bounds[i], bounds[i + 1]
        marks_at(a)
        chunk = esc(text[a:b])
        if not cover_f[i] and not cover_r[i]:
            out.append(chunk)
            continue
        classes = ["s"]
        attrs = ""
        if cover_f[i]:
            classes += ["hl", f"sev-{SEVERITIES[min(sev[i], len(SEVERITIES) - 1)]}"]
            if len(cover_f[i]) > 1:
                classes.append("multi")
            attrs += f' data-f="{" ".join(cover_f[i])}"'
        if cover_r[i]:
            classes.append("rel")
            attrs += f' data-r="{" ".join(cover_r[i])}"'
        out.append(f'<span class="{" ".join(classes)}"{attrs}>{chunk}</span>')
    marks_at(n)          # spans that start (or sit, when empty) at the very end
    return "".join(out)


def _evidence_value(value) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def render_finding(f, doc_index: int, j: int, lang: str = "zh") -> str:
    fid = _fid(doc_index, j)
    loc = getattr(f, "location", "")
    parts = [
        f'<li class="finding conf-{esc(f.confidence)} sev-{esc(f.severity)}" id="{fid}" tabindex="0" '
        f'data-family="{esc(f.family)}" data-confidence="{esc(f.confidence)}" '
        f'data-severity="{esc(f.severity)}" data-nrel="{len(f.related)}" data-triage="open" '
        f'data-rule="{esc(f.rule)}" data-fp="{esc(getattr(f, "fingerprint", "") or fid)}">',
        '<div class="fhead">',
        f'<a class="loc" href="#t-{fid}" title="jump to the text">{f.line}:{f.column}</a> '
        + (f'<span class="where">{esc(loc)}</span> ' if loc else ""),
        f'<span class="rname">{esc(rule_name(f.rule, lang))}</span> <code class="rule">{esc(f.rule)}</code> ',
        f'<span class="badge conf-{esc(f.confidence)}">{esc(confidence_label(f.confidence, lang))}</span> ',
        f'<span class="badge sev-{esc(f.severity)}">{esc(severity_label(f.severity, lang))}</span>',
        '<span class="marks">'
        f'<button type="button" class="mark" data-mark="reviewed" title="{"reviewed: a real problem" if lang == "en" else "已核实：确有问题"}">'
        f'{"reviewed" if lang == "en" else "已核实"}</button>'
        f'<button type="button" class="mark" data-mark="dismissed" title="{"dismissed: not a problem (goes into the exported baseline)" if lang == "en" else "不是问题（导出到基线文件）"}">'
        f'{"dismiss" if lang == "en" else "不是问题"}</button></span>',
        "</div>",
        f'<p class="msg" title="{esc(f.message)}">{esc(plain_message(f.message, lang))}</p>',
        f'<div class="excerpt"><span class="label">原文</span><q>{esc_inline(f.excerpt)}</q></div>',
    ]
    if f.related:
        parts.append('<ul class="related">')
        for k, rel in enumerate(f.related):
            parts.append(
                f'<li><a class="rel-link" href="#t-{fid}-r{k}" data-rel="{fid}-r{k}">'
                f'{esc(role_label(rel.role, lang))}</a> <q>{esc_inline(rel.excerpt)}</q> '
                f'<span class="muted">{rel.line}:{rel.column}</span></li>')
        parts.append("</ul>")
    if f.evidence:
        parts.append(f'<details class="evidence"><summary>{"evidence" if lang == "en" else "依据"}</summary><table>')
        for key, value in f.evidence.items():
            parts.append(f"<tr><th>{esc(key)}</th><td>{esc(_evidence_value(value))}</td></tr>")
        parts.append("</table></details>")
    parts.append("</li>")
    return "".join(parts)


def render_document(doc, i: int, lang: str = "zh") -> str:
    by_family = Counter(f.family for f in doc.findings)
    check_errors = doc.summary.get("check_errors") or []
    status = "error" if doc.error else ("findings" if doc.findings else "clean")
    # collapsed until opened (index link, a #d0-f3 address, or its summary): hundreds of
    # reports stay one screen of index
    out = [f'<details class="doc {status}" id="doc-{i}" data-path="{esc(doc.path)}">',
           f'<summary><h2><span class="path">{esc(doc.path)}</span> '
           + (f'<span class="muted">{len(doc.findings)} finding(s)' if lang == "en"
              else f'<span class="muted">{len(doc.findings)} 个问题')
           + "".join(f" · {esc(family_label(k, lang))} {v}" for k, v in sorted(by_family.items()))
           + "</span></h2></summary>"]
    if doc.error:
        out.append(f'<p class="doc-error">无法读取 / could not read: {esc(doc.error)}</p>')
    for e in check_errors:
        out.append(f'<p class="doc-error">检查出错 / check error: {esc(e)}</p>')
    meta = [f"{doc.chars} chars"]
    if doc.encoding:
        meta.append(esc(doc.encoding))
    if doc.fmt:
        meta.append(esc(doc.fmt))
    share = format_share(doc.summary.get("boilerplate_share"))
    if share:
        meta.append(f"boilerplate {esc(share)}")
    if not doc.error:
        out.append(f'<p class="muted doc-meta">{" · ".join(meta)}</p>')
    if doc.text is None and not doc.findings:
        out.append("</details>")
        return "".join(out)
    out.append('<div class="doc-body">')
    out.append('<div class="findings-pane">')
    if doc.findings:
        out.append('<ol class="findings">')
        out.extend(render_finding(f, i, j, lang) for j, f in enumerate(doc.findings))
        out.append("</ol>")
    else:
        out.append('<p class="muted">没有发现 / no findings</p>')
    out.append("</div>")
    if doc.text is not None:
        out.append(f'<div class="doc-text" lang="zh-CN" data-doc="{i}">'
                   f'{render_text(doc.text, doc.findings, i)}</div>')
    else:
        out.append('<p class="muted">原文不可用 / original text not available</p>')
    out.append("</div></details>")
    return "".join(out)


def render_index(result, families: list[str], lang: str = "zh") -> str:
    """One row per file; every column sorts on a click of its header (numbers as numbers),
    the search box filters the rows by file name."""
    head = "".join(f'<th data-type="num">{esc(family_label(fam, lang))}'
                   f'{"" if lang == "en" else "<br><small>" + esc(fam) + "</small>"}</th>' for fam in families)
    rows = []
    for i, d in enumerate(result.documents):
        by_family = Counter(f.family for f in d.findings)
        cells = "".join(f'<td class="num" data-v="{by_family.get(fam, 0)}">{by_family.get(fam, 0) or ""}</td>'
                        for fam in families)
        problems = ([d.error] if d.error else []) + list(d.summary.get("check_errors") or [])
        status = esc("; ".join(problems)) if problems else ""
        share = d.summary.get("boilerplate_share")
        share_v = share if isinstance(share, (int, float)) and not isinstance(share, bool) else -1
        rows.append(
            f'<tr class="{"error" if d.error else ""}" data-path="{esc(d.path)}">'
            f'<td class="num" data-v="{i + 1}">{i + 1}</td>'
            f'<td data-v="{esc(d.path)}"><a href="#doc-{i}" data-doc="{i}">{esc(d.path)}</a></td>'
            f'<td class="num" data-v="{d.chars}">{d.chars}</td>'
            f'<td class="num" data-v="{len(d.findings)}">{len(d.findings)}</td>{cells}'
            f'<td class="num" data-v="{share_v}">{esc(format_share(share))}</td>'
            f'<td class="status" data-v="{status}">{status}</td></tr>')
    zh = lang != "en"
    # files the folder walk passed over on purpose (hidden, lock files …), with the reason
    for path, reason in getattr(result, "skipped", []):
        status = esc(("跳过：" if zh else "skipped: ") + reason)
        blank = "".join('<td class="num" data-v="0"></td>' for _ in families)
        rows.append(f'<tr class="skipped" data-path="{esc(path)}"><td class="num" data-v="0"></td>'
                    f'<td data-v="{esc(path)}">{esc(path)}</td><td class="num" data-v="0"></td>'
                    f'<td class="num" data-v="0"></td>{blank}<td class="num" data-v="-1"></td>'
                    f'<td class="status" data-v="{status}">{status}</td></tr>')
    return ('<table class="index" id="index"><thead><tr><th data-type="num">#</th>'
            f'<th>{"文件" if zh else "file"}</th><th data-type="num">{"字数" if zh else "chars"}</th>'
            f'<th data-type="num">{"问题" if zh else "findings"}</th>{head}'
            f'<th data-type="num">{"套话占比" if zh else "boilerplate"}</th>'
            f'<th>{"错误" if zh else "errors"}</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


TRIAGE = ("open", "reviewed", "dismissed")
TRIAGE_ZH = {"open": "未处理", "reviewed": "已核实", "dismissed": "不是问题"}


def render_filters(result, families: list[str], lang: str = "zh") -> str:
    fam_count = result.count_by("family")
    conf_count = result.count_by("confidence")
    total = result.finding_count()
    zh = lang != "en"
    out = ['<div class="filters" role="toolbar">',
           f'<input type="search" class="ui search" id="q" placeholder="{"搜索：文件、规则、原文、说明" if zh else "search: file, rule, excerpt, message"}" '
           f'aria-label="{"搜索" if zh else "search"}">',
           f'<span class="label">{"类别" if zh else "family"}</span>']
    for fam in families:
        out.append(f'<label><input type="checkbox" class="flt ui" data-kind="family" value="{esc(fam)}" '
                   f'checked> {esc(family_label(fam, lang))} <span class="muted">{fam_count.get(fam, 0)}</span></label>')
    out.append(f'<span class="label">{"可信度" if zh else "confidence"}</span>')
    for conf in CONFIDENCES:
        out.append(f'<label><input type="checkbox" class="flt ui" data-kind="confidence" value="{conf}" '
                   f'checked> {esc(confidence_label(conf, lang))} <span class="muted">{conf_count.get(conf, 0)}</span></label>')
    out.append(f'<span class="label">{"处理" if zh else "triage"}</span>')
    for state in TRIAGE:
        out.append(f'<label><input type="checkbox" class="flt ui" data-kind="triage" value="{state}" checked> '
                   f'{esc(TRIAGE_ZH[state] if zh else state)} <span class="muted" id="n-{state}"></span></label>')
    out.append(f'<button type="button" class="ui" id="export" title="{"把标为“不是问题”的发现导出为基线文件（auditor check --baseline）" if zh else "export the dismissed findings as a baseline file (auditor check --baseline)"}">'
               f'{"导出基线" if zh else "export baseline"}</button>')
    out.append(f'<span class="shown" id="shown">{total} / {total} '
               f'{"显示" if zh else "shown"}</span></div>'
               '<div class="export-box" id="export-box" hidden><a id="export-link" download="auditor-baseline.json">'
               f'{"下载 auditor-baseline.json" if zh else "download auditor-baseline.json"}</a>'
               '<pre id="baseline-out"></pre></div>')
    return "".join(out)


CSS = """
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--panel:#f6f8fa;--err:#ffd5d1;--errb:#cf222e;
--warn:#fff1b8;--warnb:#bf8700;--info:#ddf4ff;--infob:#0969da;--rel:#0969da}
*{box-sizing:border-box}
body{margin:0;color:var(--fg);background:#fff;font:14px/1.6 system-ui,-apple-system,"Segoe UI",
"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei","WenQuanYi Zen Hei",sans-serif}
header{padding:14px 24px 8px;background:var(--panel);border-bottom:1px solid var(--line)}
header h1{font-size:20px;margin:0 0 4px}
main{padding:0 24px 48px}
.muted{color:var(--muted)}
.label{font-weight:600;margin-right:4px}
.filters{position:sticky;top:0;z-index:5;display:flex;flex-wrap:wrap;gap:6px 14px;align-items:center;
padding:8px 24px;background:#fff;border-bottom:1px solid var(--line)}
.filters label{white-space:nowrap;cursor:pointer}
.filters .shown{margin-left:auto;color:var(--muted)}
table.index{border-collapse:collapse;margin:16px 0;width:100%}
table.index th,table.index td{border:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top}
table.index th{background:var(--panel)}
table.index td.num{text-align:right;font-variant-numeric:tabular-nums}
table.index tr.error td{background:#fff5f5}
table.index td.status{color:var(--errb)}
details.doc{border-top:2px solid var(--line);margin-top:18px;
content-visibility:auto;contain-intrinsic-size:auto 1500px}
details.doc>summary{cursor:pointer;list-style-position:outside;margin-left:18px}
details.doc h2{display:inline;font-size:16px;margin:0;overflow-wrap:anywhere}
.doc-meta{margin:2px 0 8px}
.doc-error{color:var(--errb);margin:6px 0}
.doc-body{display:grid;grid-template-columns:minmax(300px,2fr) 3fr;gap:16px;align-items:start}
.findings-pane{position:sticky;top:84px;max-height:calc(100vh - 94px);overflow:auto}
ol.findings{list-style:none;margin:0;padding:0}
li.finding{border:1px solid var(--line);border-left:4px solid var(--warnb);border-radius:6px;
padding:6px 10px;margin:0 0 8px;cursor:pointer;background:#fff}
li.finding.sev-error{border-left-color:var(--errb)}
li.finding.sev-info{border-left-color:var(--infob)}
li.finding:hover{background:var(--panel)}
li.finding.selected{outline:2px solid var(--infob);background:#f3f9ff}
li.finding[hidden]{display:none}
.fhead{display:flex;flex-wrap:wrap;gap:6px;align-items:baseline}
.fhead .loc{font-variant-numeric:tabular-nums}
code.rule{font-weight:600}
.badge{font-size:12px;border-radius:10px;padding:0 7px;border:1px solid var(--line)}
.badge.conf-certain{background:#ffebe9;border-color:#ffcecb}
.badge.conf-likely{background:#fff8c5;border-color:#f0d86b}
.badge.conf-possible{background:#ddf4ff;border-color:#b6e3ff}
.badge.sev-error{color:var(--errb)}
p.msg{margin:4px 0;white-space:pre-wrap;overflow-wrap:anywhere}
.excerpt q,.related q{background:var(--panel);padding:0 3px;overflow-wrap:anywhere}
.nl{color:var(--muted);padding:0 2px}
.excerpt .label{font-weight:normal;color:var(--muted)}
ul.related{margin:2px 0;padding-left:18px}
details.evidence summary{color:var(--muted);cursor:pointer}
details.evidence table{border-collapse:collapse;font-size:12px}
details.evidence th,details.evidence td{border:1px solid var(--line);padding:1px 6px;text-align:left;
vertical-align:top;overflow-wrap:anywhere}
.doc-text{white-space:pre-wrap;overflow-wrap:anywhere;line-height:1.75;font-size:15px;padding:12px 16px;
border:1px solid var(--line);border-radius:6px;background:#fff;min-width:0}
.s.hl{border-bottom:2px solid var(--warnb);background:var(--warn);cursor:pointer}
.s.hl.sev-error{background:var(--err);border-bottom-color:var(--errb)}
.s.hl.sev-info{background:var(--info);border-bottom-color:var(--infob)}
.s.hl.multi{box-shadow:inset 0 -4px 0 rgba(207,34,46,.35)}
.s.rel{text-decoration:underline dashed var(--rel);text-underline-offset:4px}
.s.active{outline:2px solid var(--errb);background:#ffb3ab;animation:flash 1s ease-out 1}
.s.active-rel{background:#b6e3ff;outline:1px dashed var(--rel)}
.s.empty.hl::before{content:"\\2038";color:var(--errb);font-weight:700}
@keyframes flash{from{background:#ff6a5c}to{background:#ffb3ab}}
@media (max-width:900px){.doc-body{grid-template-columns:1fr}.findings-pane{position:static;max-height:none}}
@media print{.filters{display:none}.findings-pane{position:static;max-height:none;overflow:visible}
details.doc{break-before:page}}
footer{padding:12px 24px;color:var(--muted);border-top:1px solid var(--line)}
.filters input.search{min-width:16em;padding:2px 6px}
table.index th{cursor:pointer;user-select:none}
table.index th.asc::after{content:" \\25B2"}
table.index th.desc::after{content:" \\25BC"}
table.index tr[hidden]{display:none}
.marks{margin-left:auto;display:inline-flex;gap:4px}
button.mark{font-size:12px;border:1px solid var(--line);border-radius:10px;background:#fff;padding:0 7px;cursor:pointer}
li.finding[data-triage="reviewed"] button[data-mark="reviewed"]{background:#dafbe1;border-color:#4ac26b}
li.finding[data-triage="dismissed"] button[data-mark="dismissed"]{background:#eaeef2;border-color:#8c959f}
li.finding[data-triage="dismissed"]{opacity:.55}
li.finding[data-triage="reviewed"]{border-left-color:#1a7f37}
.rname{font-weight:600}
.where{color:var(--muted);font-size:12px}
.export-box{padding:6px 24px;border-bottom:1px solid var(--line);background:var(--panel)}
.export-box pre{max-height:10em;overflow:auto;margin:4px 0}
"""

JS = """
(function () {
  "use strict";
  var SEV = {error: 0, warning: 1, info: 2};
  var meta = {};
  var items = Array.prototype.slice.call(document.querySelectorAll("li.finding"));
  items.forEach(function (li) { meta[li.id] = li; });
  var pieces = Array.prototype.slice.call(document.querySelectorAll(".doc-text .s"));
  function tokens(el, attr) { var v = el.getAttribute(attr); return v ? v.split(" ") : []; }
  var byToken = {f: {}, r: {}};   // finding or related-span id -> its pieces of text
  pieces.forEach(function (el) {
    tokens(el, "data-f").forEach(function (t) { (byToken.f[t] = byToken.f[t] || []).push(el); });
    tokens(el, "data-r").forEach(function (t) { (byToken.r[t] = byToken.r[t] || []).push(el); });
  });
  function owner(token) { return token.replace(/-r[0-9]+$/, ""); }
  function shown(token) { var li = meta[owner(token)]; return !!li && !li.hidden; }
  function paint(el) {
    var f = tokens(el, "data-f").filter(shown), r = tokens(el, "data-r").filter(shown);
    var best = null;
    f.forEach(function (id) {
      var s = meta[id].getAttribute("data-severity");
      if (best === null || (SEV[s] !== undefined ? SEV[s] : 3) < (SEV[best] !== undefined ? SEV[best] : 3)) best = s;
    });
    el.classList.toggle("hl", f.length > 0);
    el.classList.toggle("multi", f.length > 1);
    ["error", "warning", "info"].forEach(function (s) { el.classList.toggle("sev-" + s, best === s); });
    el.classList.toggle("rel", r.length > 0);
  }
  var query = "";
  function matches(li) {
    if (!query) return true;
    var d = li.closest("details.doc");
    var hay = (li.textContent + " " + li.getAttribute("data-rule") + " " + (d ? d.getAttribute("data-path") : "")).toLowerCase();
    return hay.indexOf(query) >= 0;
  }
  function applyFilters() {
    var on = {family: {}, confidence: {}, triage: {}};
    document.querySelectorAll("input.flt").forEach(function (cb) { on[cb.getAttribute("data-kind")][cb.value] = cb.checked; });
    var n = 0, touched = [];
    items.forEach(function (li) {
      var v = on.family[li.getAttribute("data-family")] !== false && on.confidence[li.getAttribute("data-confidence")] !== false
        && on.triage[li.getAttribute("data-triage")] !== false && matches(li);
      if (li.hidden === v) {            // visibility changes: repaint this finding's pieces
        li.hidden = !v;
        Array.prototype.push.apply(touched, parts("data-f", li.id));
        for (var k = 0, m = parseInt(li.getAttribute("data-nrel") || "0", 10); k < m; k++) {
          Array.prototype.push.apply(touched, parts("data-r", li.id + "-r" + k));
        }
      }
      if (v) n++;
    });
    touched.forEach(paint);
    var sel = document.querySelector("li.finding.selected");
    if (sel && sel.hidden) clear();
    var c = document.getElementById("shown");
    if (c) c.textContent = n + " / " + items.length + " " + (document.documentElement.lang === "en" ? "shown" : "显示");
    document.querySelectorAll("#index tbody tr").forEach(function (tr) {
      var link = tr.querySelector("a[data-doc]");   // a skipped file's row has no document
      tr.hidden = !!query && (tr.getAttribute("data-path") || "").toLowerCase().indexOf(query) < 0
        && !(link && document.querySelector("#doc-" + link.getAttribute("data-doc") + " li.finding:not([hidden])"));
    });
    countTriage();
  }
  // ---- triage: reviewed / dismissed marks, kept in localStorage by fingerprint
  var runKey = "auditor-triage:" + ((document.querySelector('meta[name="auditor-run"]') || {}).content || "");
  var marks = {};
  try { marks = JSON.parse(localStorage.getItem(runKey) || "{}") || {}; } catch (e) { marks = {}; }
  function saveMarks() { try { localStorage.setItem(runKey, JSON.stringify(marks)); } catch (e) { /* private mode */ } }
  function countTriage() {
    var n = {open: 0, reviewed: 0, dismissed: 0};
    items.forEach(function (li) { n[li.getAttribute("data-triage")]++; });
    Object.keys(n).forEach(function (k) { var el = document.getElementById("n-" + k); if (el) el.textContent = n[k]; });
  }
  function setMark(li, state) {
    var fp = li.getAttribute("data-fp");
    if (state === "open") delete marks[fp]; else marks[fp] = state;
    li.setAttribute("data-triage", state);
  }
  items.forEach(function (li) {
    var m = marks[li.getAttribute("data-fp")];
    if (m === "reviewed" || m === "dismissed") li.setAttribute("data-triage", m);
    li.querySelectorAll("button.mark").forEach(function (b) {
      b.addEventListener("click", function (ev) {
        ev.stopPropagation();
        var want = b.getAttribute("data-mark");
        setMark(li, li.getAttribute("data-triage") === want ? "open" : want);
        saveMarks();
        applyFilters();
      });
    });
  });
  function baseline() {
    var out = [];
    items.forEach(function (li) {
      if (li.getAttribute("data-triage") !== "dismissed") return;
      var d = li.closest("details.doc");
      out.push({fingerprint: li.getAttribute("data-fp"), rule: li.getAttribute("data-rule"),
                path: d ? d.getAttribute("data-path") : "",
                excerpt: (li.querySelector(".excerpt q") || {textContent: ""}).textContent.slice(0, 80)});
    });
    return JSON.stringify({tool: "auditor", kind: "baseline", version: 1, findings: out}, null, 1) + "\\n";
  }
  var exp = document.getElementById("export");
  if (exp) exp.addEventListener("click", function () {
    var text = baseline(), box = document.getElementById("export-box");
    document.getElementById("baseline-out").textContent = text;
    var link = document.getElementById("export-link");
    try { link.href = URL.createObjectURL(new Blob([text], {type: "application/json"})); } catch (e) { /* old browser: copy the text */ }
    box.hidden = false;
  });
  // ---- search box and sortable index
  var q = document.getElementById("q");
  if (q) q.addEventListener("input", function () { query = q.value.trim().toLowerCase(); applyFilters(); });
  document.querySelectorAll("#index thead th").forEach(function (th, col) {
    th.addEventListener("click", function () {
      var body = document.querySelector("#index tbody");
      var num = th.getAttribute("data-type") === "num";
      var dir = th.classList.contains("asc") ? -1 : 1;
      document.querySelectorAll("#index thead th").forEach(function (o) { o.classList.remove("asc", "desc"); });
      th.classList.add(dir === 1 ? "asc" : "desc");
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[col].getAttribute("data-v") || "", y = b.cells[col].getAttribute("data-v") || "";
        var c = num ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y, "zh");
        return dir * (c || (+a.cells[0].getAttribute("data-v") - +b.cells[0].getAttribute("data-v")));
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
  var lit = [];
  function clear() {
    lit.forEach(function (el) { el.classList.remove("active", "active-rel", "selected"); });
    lit = [];
  }
  function openDoc(el) {
    var d = el.closest("details.doc");
    if (d && !d.open) d.open = true;
  }
  function parts(attr, token) {
    return byToken[attr === "data-f" ? "f" : "r"][token] || [];
  }
  function select(id, scrollText, scrollList, relToken) {
    var li = meta[id];
    if (!li) return;
    clear();
    openDoc(li);
    li.classList.add("selected");
    lit.push(li);
    var mine = parts("data-f", id);
    mine.forEach(function (el) { el.classList.add("active"); lit.push(el); });
    var nrel = parseInt(li.getAttribute("data-nrel") || "0", 10), relEls = {};
    for (var k = 0; k < nrel; k++) {
      relEls[id + "-r" + k] = parts("data-r", id + "-r" + k);
      relEls[id + "-r" + k].forEach(function (el) { el.classList.add("active-rel"); lit.push(el); });
    }
    var target = relToken ? relEls[relToken] : mine;
    var first = target && target.length ? target[0] : document.getElementById("t-" + (relToken || id));
    if (scrollText && first) first.scrollIntoView({block: "center", inline: "nearest"});
    if (scrollList) li.scrollIntoView({block: "nearest", inline: "nearest"});
    try { history.replaceState(null, "", "#" + id); } catch (e) { /* file: URLs in some browsers */ }
  }
  var cycle = {};
  items.forEach(function (li) {
    li.addEventListener("click", function (ev) {
      if (ev.target.closest("summary, details.evidence table")) return;
      var rel = ev.target.closest("a.rel-link");
      ev.preventDefault();
      select(li.id, true, false, rel ? rel.getAttribute("data-rel") : null);
    });
    li.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); select(li.id, true, false); }
    });
  });
  pieces.forEach(function (el) {
    el.addEventListener("click", function () {
      var ids = tokens(el, "data-f").filter(shown);
      if (!ids.length) ids = tokens(el, "data-r").filter(shown).map(owner);
      if (!ids.length) return;
      var key = ids.join(" "), k = cycle[key] === undefined ? 0 : (cycle[key] + 1) % ids.length;
      cycle[key] = k;
      select(ids[k], false, true);
    });
  });
  document.querySelectorAll("input.flt").forEach(function (cb) { cb.addEventListener("change", applyFilters); });
  document.querySelectorAll("table.index a[data-doc]").forEach(function (a) {
    a.addEventListener("click", function () {
      var d = document.getElementById("doc-" + a.getAttribute("data-doc"));
      if (d) d.open = true;
    });
  });
  // the page is rendered with everything shown; repaint only if the browser restored unchecked
  // boxes, a search, or triage marks
  if (Array.prototype.some.call(document.querySelectorAll("input.flt"), function (cb) { return !cb.checked; })
      || (q && q.value) || Object.keys(marks).length) {
    if (q) query = q.value.trim().toLowerCase();
    applyFilters();
  } else {
    countTriage();
  }
  var h = location.hash.slice(1);
  if (meta[h]) select(h, true, true);
  document.documentElement.setAttribute("data-ready", "1");
})();
"""


def _run_key(result) -> str:
    """The key the page keeps its triage marks under (localStorage): the same files give the
    same key, so reopening a regenerated report keeps the marks (they follow fingerprints)."""
    h = hashlib.sha1()
    for d in result.documents:
        h.update(str(d.path).encode("utf-8", "surrogatepass") + b"\0")
    return h.hexdigest()[:16]


def _csp_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode() + "'"


def render(result) -> str:
    families = _families(result)
    by_family = result.count_by("family")
    errors = result.error_count()
    lang = getattr(result, "lang", "zh") or "zh"
    fam_text = ", ".join(f"{esc(family_label(k, lang))} {v}" for k, v in sorted(by_family.items())) \
        or ("none" if lang == "en" else "无")
    opts = result.options
    options = [f"min-confidence {esc(opts.min_confidence)}"]
    if opts.select:
        options.append("select " + esc(",".join(opts.select)))
    if opts.ignore:
        options.append("ignore " + esc(",".join(opts.ignore)))
    csp = ("default-src 'none'; "
           f"style-src {_csp_hash(CSS)}; script-src {_csp_hash(JS)}; "
           "img-src 'none'; base-uri 'none'; form-action 'none'")
    lang = getattr(result, "lang", "zh") or "zh"
    docs = "".join(render_document(d, i, lang) for i, d in enumerate(result.documents))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{"en" if lang == "en" else "zh-CN"}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f'<meta name="auditor-run" content="{esc(_run_key(result))}">'
        f'<meta name="generator" content="auditor {esc(__version__)}">'
        "<title>auditor 审计报告</title>"
        f"<style>{CSS}</style></head><body>"
        "<header><h1>auditor 审计报告 · audit report</h1>"
        + (f'<p class="summary">{len(result.documents)} file(s) · {result.finding_count()} finding(s) '
           f"({fam_text}) · {errors} unreadable · {result.seconds:.1f}s · " if lang == "en" else
           f'<p class="summary">{len(result.documents)} 个文件 · {result.finding_count()} 个问题 '
           f"（{fam_text}）· {errors} 个无法读取 · {result.seconds:.1f} 秒 · ")
        + 
        f'{" · ".join(options)} · auditor {esc(__version__)}</p>'
        '<p class="muted">点击左侧问题可在原文中定位；原文中高亮处可点击。'
        "Click a finding to see it in the text; click highlighted text to find its finding. "
        "Offsets are Unicode code points into the decoded original text.</p></header>"
        f"{render_filters(result, families, lang)}"
        f"<main>{render_index(result, families, lang)}{docs}</main>"
        f"<footer>auditor {esc(__version__)} · self-contained page: no network access</footer>"
        f"<script>{JS}</script></body></html>\n"
    )


@register_writer("html", "auditor-report.html")
def write_html(result, path: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(render(result))
