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
        f'data-severity="{esc(f.severity)}" data-nrel="{len(f.related)}">',
        '<div class="fhead">',
        f'<a class="loc" href="#t-{fid}" title="jump to the text">{f.line}:{f.column}</a> '
        + (f'<span class="where">{esc(loc)}</span> ' if loc else ""),
        f'<span class="rname">{esc(rule_name(f.rule, lang))}</span> <code class="rule">{esc(f.rule)}</code> ',
        f'<span class="badge conf-{esc(f.confidence)}">{esc(confidence_label(f.confidence, lang))}</span> ',
        f'<span class="badge sev-{esc(f.severity)}">{esc(severity_label(f.severity, lang))}</span>',
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


def render_document(doc, i: int) -> str:
    by_family = Counter(f.family for f in doc.findings)
    check_errors = doc.summary.get("check_errors") or []
    status = "error" if doc.error else ("findings" if doc.findings else "clean")
    out = [f'<details class="doc {status}" id="doc-{i}"{" open" if doc.findings or doc.error else ""}>',
           f'<summary><h2><span class="path">{esc(doc.path)}</span> '
           f'<span class="muted">{len(doc.findings)} finding(s)'
           + "".join(f" · {esc(k)} {v}" for k, v in sorted(by_family.items()))
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
        out.extend(render_finding(f, i, j) for j, f in enumerate(doc.findings))
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


def render_index(result, families: list[str]) -> str:
    head = "".join(f"<th>{esc(fam)}</th>" for fam in families)
    rows = []
    for i, d in enumerate(result.documents):
        by_family = Counter(f.family for f in d.findings)
        cells = "".join(f'<td class="num">{by_family.get(fam, 0) or ""}</td>' for fam in families)
        problems = ([d.error] if d.error else []) + list(d.summary.get("check_errors") or [])
        status = esc("; ".join(problems)) if problems else ""
        rows.append(
            f'<tr class="{"error" if d.error else ""}"><td class="num">{i + 1}</td>'
            f'<td><a href="#doc-{i}" data-doc="{i}">{esc(d.path)}</a></td>'
            f'<td class="num">{d.chars}</td><td class="num">{len(d.findings)}</td>{cells}'
            f'<td class="num">{esc(format_share(d.summary.get("boilerplate_share")))}</td>'
            f'<td class="status">{status}</td></tr>')
    return ('<table class="index"><thead><tr><th>#</th><th>file 文件</th><th>chars</th>'
            f'<th>findings</th>{head}<th>boilerplate 套话占比</th><th>errors 错误</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def render_filters(result, families: list[str]) -> str:
    fam_count = result.count_by("family")
    conf_count = result.count_by("confidence")
    total = result.finding_count()
    out = ['<div class="filters" role="toolbar"><span class="label">family</span>']
    for fam in families:
        out.append(f'<label><input type="checkbox" class="flt" data-kind="family" value="{esc(fam)}" '
                   f'checked> {esc(fam)} <span class="muted">{fam_count.get(fam, 0)}</span></label>')
    out.append('<span class="label">confidence</span>')
    for conf in CONFIDENCES:
        out.append(f'<label><input type="checkbox" class="flt" data-kind="confidence" value="{conf}" '
                   f'checked> {conf} <span class="muted">{conf_count.get(conf, 0)}</span></label>')
    out.append(f'<span class="shown" id="shown">{total} / {total} '
               'shown</span></div>')
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
.findings-pane{position:sticky;top:46px;max-height:calc(100vh - 56px);overflow:auto}
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
  function applyFilters() {
    var on = {family: {}, confidence: {}};
    document.querySelectorAll("input.flt").forEach(function (cb) { on[cb.getAttribute("data-kind")][cb.value] = cb.checked; });
    var n = 0, touched = [];
    items.forEach(function (li) {
      var v = on.family[li.getAttribute("data-family")] !== false && on.confidence[li.getAttribute("data-confidence")] !== false;
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
    if (c) c.textContent = n + " / " + items.length + " shown";
  }
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
  // the page is rendered with everything shown; repaint only if the browser restored unchecked boxes
  if (Array.prototype.some.call(document.querySelectorAll("input.flt"), function (cb) { return !cb.checked; })) {
    applyFilters();
  }
  var h = location.hash.slice(1);
  if (meta[h]) select(h, true, true);
  document.documentElement.setAttribute("data-ready", "1");
})();
"""


def _csp_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode() + "'"


def render(result) -> str:
    families = _families(result)
    by_family = result.count_by("family")
    errors = result.error_count()
    fam_text = ", ".join(f"{esc(k)} {v}" for k, v in sorted(by_family.items())) or "none"
    opts = result.options
    options = [f"min-confidence {esc(opts.min_confidence)}"]
    if opts.select:
        options.append("select " + esc(",".join(opts.select)))
    if opts.ignore:
        options.append("ignore " + esc(",".join(opts.ignore)))
    csp = ("default-src 'none'; "
           f"style-src {_csp_hash(CSS)}; script-src {_csp_hash(JS)}; "
           "img-src 'none'; base-uri 'none'; form-action 'none'")
    docs = "".join(render_document(d, i) for i, d in enumerate(result.documents))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f'<meta name="generator" content="auditor {esc(__version__)}">'
        "<title>auditor 审计报告</title>"
        f"<style>{CSS}</style></head><body>"
        "<header><h1>auditor 审计报告 · audit report</h1>"
        f'<p class="summary">{len(result.documents)} file(s) · {result.finding_count()} finding(s) '
        f"({fam_text}) · {errors} unreadable · {result.seconds:.1f}s · "
        f'{" · ".join(options)} · auditor {esc(__version__)}</p>'
        '<p class="muted">点击左侧问题可在原文中定位；原文中高亮处可点击。'
        "Click a finding to see it in the text; click highlighted text to find its finding. "
        "Offsets are Unicode code points into the decoded original text.</p></header>"
        f"{render_filters(result, families)}"
        f"<main>{render_index(result, families)}{docs}</main>"
        f"<footer>auditor {esc(__version__)} · self-contained page: no network access</footer>"
        f"<script>{JS}</script></body></html>\n"
    )


@register_writer("html", "auditor-report.html")
def write_html(result, path: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(render(result))
