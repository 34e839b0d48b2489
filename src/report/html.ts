/**
 * The HTML report: one self-contained file for a security reviewer. A summary (counts by severity, a chart
 * and a table by practice), a filter bar (severity, practice, rule, free-text search), the findings grouped
 * by file with their code excerpt, flagged range, taint path, package and fix, and an appendix with the docs
 * of every rule that fired, embedded in the page (each finding links there), so the report reads the same
 * anywhere, offline. A link to an external page per rule is added only when `docsBase` is given.
 *
 * Safety: the report shows code and messages an attacker may control. Every string is HTML-escaped; no
 * finding data goes into the script or the style sheet (the script reads `data-` attributes and the DOM),
 * so a message holding `</script>` is just text. A Content-Security-Policy allows only this file's own
 * script and style (by hash) and `data:` images, so opening the file loads nothing from the network and
 * nothing injected could run. No timestamps: identical input gives byte-identical output.
 */
import crypto from "node:crypto";
import type { ScanResult } from "../engine/run.js";
import { PRACTICES, type Finding, type Practice, type Severity } from "../engine/finding.js";
import type { Rule } from "../rules/types.js";
import { VERSION } from "../version.js";
import { countBySeverity, lastLine, PRACTICE_LABELS, rulesByCode } from "./common.js";

/** Options of the HTML report. */
export interface HtmlOptions {
  /**
   * Where per-rule pages are published (absolute URL prefix, `<CODE>.md` appended). Default: none — the
   * report embeds every fired rule's docs, and a relative `docs/rules/` link would break outside a checkout.
   */
  docsBase?: string;
}

const SEVERITIES: readonly Severity[] = ["high", "medium", "low"];
const SEVERITY_COLOR: Record<Severity, string> = { high: "#c62828", medium: "#b26a00", low: "#1565c0" };

/** Escapes text for HTML content and double- or single-quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&#39;"));
}
const esc = escapeHtml;

/** Escaped text with `code spans` (from rule docs, which use Markdown backticks) and http(s) URLs as links. */
function richText(s: string): string {
  const parts = s.split(/(https?:\/\/[^\s<>"'`]+[^\s<>"'`.,;:)])/);
  return parts
    .map((p, i) => (i % 2 === 1 ? link(p, p) : esc(p).replace(/`([^`]+)`/g, "<code>$1</code>")))
    .join("");
}

/** An external link (opened without referrer). Only http(s) URLs become links. */
function link(href: string, text: string): string {
  if (!/^https?:\/\//i.test(href)) return esc(text);
  return `<a href="${esc(href)}" rel="noopener noreferrer" target="_blank">${esc(text)}</a>`;
}

function cweLink(n: number): string {
  return link(`https://cwe.mitre.org/data/definitions/${n}.html`, `CWE-${n}`);
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;
}

const STYLE = `
:root{--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--panel:#f6f8fa;--code:#f6f8fa;--mark:#fff1a8;--accent:#0b57d0;
--high:${SEVERITY_COLOR.high};--medium:${SEVERITY_COLOR.medium};--low:${SEVERITY_COLOR.low}}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--panel:#151b23;--code:#151b23;--mark:#5c4b00;--accent:#6cb6ff}}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
a{color:var(--accent)}
code,pre,.loc,.path{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono","Liberation Mono",monospace;font-size:13px}
.wrap{max-width:1100px;margin:0 auto;padding:0 20px}
header.top{border-bottom:1px solid var(--line);padding:18px 0 10px}
header.top h1{margin:0;font-size:24px}
header.top p{margin:4px 0;color:var(--muted)}
h2{font-size:19px;margin:26px 0 10px}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:14px 0}
.card{border:1px solid var(--line);border-radius:8px;padding:8px 14px;min-width:120px;background:var(--panel)}
.card b{display:block;font-size:26px;line-height:1.2}
.card.sev-high b{color:var(--high)}.card.sev-medium b{color:var(--medium)}.card.sev-low b{color:var(--low)}
.summary{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}
.chart{flex:1 1 520px;max-width:680px}
.chart svg{width:100%;height:auto}
.chart text{fill:var(--fg);font-size:12px}
.chart .live{cursor:pointer}
.chart .live:hover rect.bg,.chart .live:focus rect.bg{fill:var(--panel)}
table.counts{border-collapse:collapse;font-size:14px}
table.counts th,table.counts td{border-bottom:1px solid var(--line);padding:3px 10px;text-align:right}
table.counts th:first-child,table.counts td:first-child{text-align:left}
table.counts td.zero{color:var(--muted)}
.filters{position:sticky;top:0;z-index:2;background:var(--bg);border-bottom:1px solid var(--line);padding:10px 0;display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center}
.filters input[type=search]{flex:1 1 240px;padding:6px 10px;border:1px solid var(--line);border-radius:6px;background:var(--bg);color:var(--fg);font:inherit}
.filters select,.filters button{padding:5px 8px;border:1px solid var(--line);border-radius:6px;background:var(--panel);color:var(--fg);font:inherit}
.filters fieldset{border:0;margin:0;padding:0;display:flex;gap:10px}
.filters legend{position:absolute;left:-9999px}
#shown{color:var(--muted);font-size:14px}
section.file{margin:22px 0}
section.file>h3{margin:0 0 8px;font-size:16px;display:flex;gap:8px;align-items:center}
.count{background:var(--panel);border:1px solid var(--line);border-radius:10px;padding:0 8px;font-size:12px;font-weight:600}
article.finding{border:1px solid var(--line);border-left:5px solid var(--line);border-radius:6px;padding:10px 14px;margin:10px 0;background:var(--bg)}
article.sev-high{border-left-color:var(--high)}article.sev-medium{border-left-color:var(--medium)}article.sev-low{border-left-color:var(--low)}
article.finding>header{display:flex;flex-wrap:wrap;gap:4px 12px;align-items:baseline}
.sev{font-size:12px;font-weight:700;text-transform:uppercase;color:#fff;border-radius:4px;padding:1px 7px}
.sev.high{background:var(--high)}.sev.medium{background:var(--medium)}.sev.low{background:var(--low)}
.rule-link{font-weight:600}
.meta{color:var(--muted);font-size:13px}
.msg{margin:8px 0}
pre.code{background:var(--code);border:1px solid var(--line);border-radius:6px;padding:8px 0;overflow-x:auto;margin:8px 0;tab-size:4}
pre.code .l{display:block;padding:0 12px 0 0;white-space:pre}
pre.code .n{display:inline-block;min-width:4.5em;padding:0 12px 0 8px;text-align:right;color:var(--muted);user-select:none}
pre.code mark{background:var(--mark);color:inherit;border-bottom:2px solid var(--high);border-radius:2px}
.flow h4,.pkg h4,.fix h4{margin:8px 0 4px;font-size:14px}
.flow ol{margin:0;padding-left:24px}
.flow li{margin:2px 0}
.flow .step{font-weight:600}
.flow li.source .step{color:var(--medium)}.flow li.sink .step{color:var(--high)}
.links{margin:8px 0 0;font-size:13px;color:var(--muted)}
details.rule{border:1px solid var(--line);border-radius:6px;margin:8px 0;padding:6px 12px}
details.rule summary{cursor:pointer;font-weight:600}
details.rule pre{background:var(--code);border:1px solid var(--line);border-radius:6px;padding:8px 12px;overflow-x:auto}
.empty{font-size:17px;padding:20px;border:1px dashed var(--line);border-radius:8px;text-align:center}
footer{margin:30px 0;color:var(--muted);font-size:13px;border-top:1px solid var(--line);padding-top:10px}
`;

/** The only script: filters, search and opening rule docs. It reads the DOM; it carries no finding data. */
const SCRIPT = `
(function () {
  "use strict";
  var d = document;
  var items = Array.prototype.slice.call(d.querySelectorAll("article.finding"));
  var texts = items.map(function (el) { return el.textContent.toLowerCase(); });
  var files = Array.prototype.slice.call(d.querySelectorAll("section.file"));
  var bar = d.getElementById("filters");
  if (!bar) return;
  var q = d.getElementById("q");
  var practice = d.getElementById("f-practice");
  var rule = d.getElementById("f-rule");
  var sevs = Array.prototype.slice.call(d.querySelectorAll("input[name=sev]"));
  var shown = d.getElementById("shown");
  var none = d.getElementById("none-match");
  function apply() {
    var allowed = {};
    sevs.forEach(function (cb) { allowed[cb.value] = cb.checked; });
    var terms = q.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var p = practice.value, r = rule.value, n = 0;
    items.forEach(function (el, i) {
      var ok = allowed[el.getAttribute("data-severity")] === true &&
        (!p || el.getAttribute("data-practice") === p) &&
        (!r || el.getAttribute("data-rule") === r) &&
        terms.every(function (t) { return texts[i].indexOf(t) !== -1; });
      el.hidden = !ok;
      if (ok) n++;
    });
    files.forEach(function (sec) {
      var c = sec.querySelectorAll("article.finding:not([hidden])").length;
      sec.hidden = c === 0;
      sec.querySelector(".count").textContent = String(c);
    });
    shown.textContent = n + " of " + items.length + " findings shown";
    none.hidden = n !== 0;
  }
  q.addEventListener("input", apply);
  practice.addEventListener("change", apply);
  rule.addEventListener("change", apply);
  sevs.forEach(function (cb) { cb.addEventListener("change", apply); });
  d.getElementById("reset").addEventListener("click", function () {
    q.value = ""; practice.value = ""; rule.value = "";
    sevs.forEach(function (cb) { cb.checked = true; });
    apply();
  });
  Array.prototype.slice.call(d.querySelectorAll(".chart .live")).forEach(function (g) {
    function pick() { practice.value = g.getAttribute("data-practice"); apply(); bar.scrollIntoView(); }
    g.addEventListener("click", pick);
    g.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); pick(); } });
  });
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && d.getElementById(id);
    if (el && el.tagName === "DETAILS") el.open = true;
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
  bar.hidden = false;
  apply();
})();
`;

function sha256(text: string): string {
  return crypto.createHash("sha256").update(text, "utf8").digest("base64");
}

/** The Content-Security-Policy of the report: its own script and style only, no network. */
const CSP = [
  "default-src 'none'",
  `style-src 'sha256-${sha256(STYLE)}'`,
  `script-src 'sha256-${sha256(SCRIPT)}'`,
  "img-src data:",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

/** Windows a long line around the flagged range so a minified file does not blow up the report. */
const MAX_LINE = 400;

/** One excerpt line with the flagged columns `[from, to)` (1-based code points) marked. */
function codeLine(n: number, text: string, from?: number, to?: number): string {
  let cps = Array.from(text);
  let offset = 0;
  let head = "";
  let tail = "";
  if (cps.length > MAX_LINE) {
    const start = Math.max(0, Math.min((from ?? 1) - 1 - 40, cps.length - MAX_LINE));
    offset = start;
    head = start > 0 ? "…" : "";
    tail = start + MAX_LINE < cps.length ? "…" : "";
    cps = cps.slice(start, start + MAX_LINE);
  }
  let body: string;
  if (from === undefined || to === undefined) {
    body = esc(cps.join(""));
  } else {
    const a = Math.max(0, Math.min(cps.length, from - 1 - offset));
    const b = Math.max(a, Math.min(cps.length, to - 1 - offset));
    body = `${esc(cps.slice(0, a).join(""))}<mark>${esc(cps.slice(a, b).join("")) || " "}</mark>${esc(cps.slice(b).join(""))}`;
  }
  return `<span class="l"><span class="n">${n}</span>${head}${body}${tail}</span>`;
}

function excerpt(f: Finding): string {
  if (!f.snippet?.length) return "";
  const first = f.statementLines?.[0] ?? f.line;
  const last = lastLine(f);
  const lines = f.snippet.map((text, i) => {
    const n = first + i;
    if (n < f.line || n > last) return codeLine(n, text);
    const from = n === f.line ? f.column : 1;
    const to = n === f.endLine ? f.endColumn : Array.from(text).length + 1;
    return codeLine(n, text, from, to);
  });
  return `<pre class="code" aria-label="code excerpt">${lines.join("")}</pre>`;
}

function flow(f: Finding): string {
  if (!f.flow?.length) return "";
  const steps = f.flow.map((s) => {
    const kind = /^source\b/.test(s.label) ? "source" : /^sink\b/.test(s.label) ? "sink" : "via";
    return `<li class="${kind}"><span class="step">${esc(s.label)}</span> <span class="loc">${esc(`${s.path}:${s.line}:${s.column}`)}</span></li>`;
  });
  return `<div class="flow"><h4>Taint path</h4><ol>${steps.join("")}</ol></div>`;
}

function pkg(f: Finding): string {
  const p = f.package;
  if (!p) return "";
  const bits = [`<code>${esc(p.name)}${p.version ? ` ${esc(p.version)}` : ""}</code>`];
  if (p.fixedIn?.length) bits.push(`fixed in ${p.fixedIn.map((v) => `<code>${esc(v)}</code>`).join(", ")}`);
  if (p.advisories?.length) bits.push(`advisories: ${p.advisories.map((id) => link(`https://osv.dev/vulnerability/${encodeURIComponent(id)}`, id)).join(", ")}`);
  return `<div class="pkg"><h4>Package</h4><p>${bits.join(" · ")}</p></div>`;
}

function fix(f: Finding): string {
  if (!f.fix) return "";
  const edits = f.fix.edits.map((e) => `<li><span class="loc">${esc(`${e.path}:${e.line}:${e.column}-${e.endLine}:${e.endColumn}`)}</span> → <code>${esc(e.text)}</code></li>`);
  return `<div class="fix"><h4>Suggested fix</h4><p>${esc(f.fix.description)}</p><ul>${edits.join("")}</ul></div>`;
}

function docsHref(base: string, code: string): string {
  return `${base}${encodeURIComponent(code)}.md`;
}

/** ` · <a>` to the rule's external page, when the report was given a docs base; nothing otherwise. */
function externalDoc(base: string | undefined, code: string): string {
  if (!base) return "";
  const href = esc(docsHref(base, code));
  return ` · <a href="${href}" title="the rule's published page">${href}</a>`;
}

function finding(f: Finding, index: number, docsBase: string | undefined): string {
  const meta = [`${f.confidence} confidence`, ...f.cwe.map(cweLink), esc(PRACTICE_LABELS[f.practice] ?? f.practice)];
  if (f.aliases.length) meta.push(`also ${f.aliases.map(esc).join(", ")}`);
  return [
    `<article class="finding sev-${f.severity}" id="finding-${index + 1}" data-severity="${f.severity}" data-practice="${esc(f.practice)}" data-rule="${esc(f.code)}">`,
    `<header><span class="sev ${f.severity}">${f.severity}</span>`,
    `<a class="rule-link" href="#rule-${esc(f.code)}">${esc(f.code)} ${esc(f.name)}</a>`,
    `<span class="loc">${esc(`${f.path}:${f.line}:${f.column}`)}</span>`,
    `<span class="meta">${meta.join(" · ")}</span></header>`,
    `<p class="msg">${esc(f.message)}</p>`,
    excerpt(f),
    flow(f),
    pkg(f),
    fix(f),
    `<p class="links"><a href="#rule-${esc(f.code)}">About ${esc(f.code)}</a>${externalDoc(docsBase, f.code)}</p>`,
    `</article>`,
  ].join("\n");
}

function ruleDoc(rule: Rule, count: number, docsBase: string | undefined): string {
  const m = rule.meta;
  const d = m.docs;
  const refs = d.references.map((r) => `<li>${/^CWE-\d+$/.test(r) ? cweLink(Number(r.slice(4))) : richText(r)}</li>`);
  return [
    `<details class="rule" id="rule-${esc(m.code)}">`,
    `<summary>${esc(m.code)} ${esc(m.name)} <span class="meta">· default severity ${m.severity} · ${esc(PRACTICE_LABELS[m.practice] ?? m.practice)} · ${plural(count, "finding")}</span></summary>`,
    `<h4>What it does</h4><p>${richText(d.what)}</p>`,
    `<h4>Why is this bad?</h4><p>${richText(d.why)}</p>`,
    `<h4>Example</h4><pre><code>${esc(d.bad.trimEnd())}</code></pre>`,
    `<p>Use instead:</p><pre><code>${esc(d.good.trimEnd())}</code></pre>`,
    refs.length ? `<h4>References</h4><ul>${refs.join("")}</ul>` : "",
    `<p class="links">CWE: ${m.cwe.length ? m.cwe.map(cweLink).join(", ") : "none"} · aliases: ${m.aliases.length ? m.aliases.map(esc).join(", ") : "none"}${externalDoc(docsBase, m.code)}</p>`,
    `</details>`,
  ].join("\n");
}

type Counts = Record<Severity, number>;

/** Horizontal stacked bars: one row per practice, segments by severity. Pure SVG, no script needed. */
function chart(byPractice: Map<Practice, Counts>): string {
  const rowH = 26;
  const labelW = 200;
  const barW = 380;
  const top = 34;
  const max = Math.max(1, ...[...byPractice.values()].map((c) => c.high + c.medium + c.low));
  const rows: string[] = [];
  let y = top;
  for (const [p, c] of byPractice) {
    const total = c.high + c.medium + c.low;
    const label = PRACTICE_LABELS[p];
    const tip = `${label}: ${c.high} high, ${c.medium} medium, ${c.low} low`;
    let x = labelW;
    const segs = SEVERITIES.map((s) => {
      const w = Math.round((c[s] / max) * barW * 10) / 10;
      const r = w > 0 ? `<rect x="${x}" y="${y + 5}" width="${w}" height="${rowH - 10}" fill="${SEVERITY_COLOR[s]}"/>` : "";
      x += w;
      return r;
    }).join("");
    // a row with findings is a button that sets the practice filter (see SCRIPT)
    const attrs = total > 0 ? `class="bar live" tabindex="0" role="button" aria-label="${esc(`show ${tip}`)}"` : `class="bar"`;
    rows.push(
      `<g ${attrs} data-practice="${esc(p)}"><title>${esc(tip)}</title>` +
        `<rect class="bg" x="0" y="${y}" width="${labelW + barW + 50}" height="${rowH}" fill="transparent"/>` +
        `<text x="${labelW - 8}" y="${y + rowH / 2 + 4}" text-anchor="end">${esc(label)}</text>${segs}` +
        `<text x="${x + 6}" y="${y + rowH / 2 + 4}">${total}</text></g>`,
    );
    y += rowH;
  }
  const legend = SEVERITIES.map((s, i) => `<rect x="${labelW + i * 90}" y="8" width="12" height="12" fill="${SEVERITY_COLOR[s]}"/><text x="${labelW + i * 90 + 17}" y="18">${s}</text>`).join("");
  const height = y + 6;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${labelW + barW + 60} ${height}" role="img" aria-labelledby="chart-title">`,
    `<title id="chart-title">Findings by practice and severity</title>`,
    legend,
    ...rows,
    `</svg>`,
  ].join("\n");
}

function countsTable(byPractice: Map<Practice, Counts>, total: Counts): string {
  const cell = (n: number): string => `<td${n ? "" : ' class="zero"'}>${n}</td>`;
  const rows = [...byPractice].map(
    ([p, c]) => `<tr data-practice="${esc(p)}"><td>${esc(PRACTICE_LABELS[p])}</td>${cell(c.high)}${cell(c.medium)}${cell(c.low)}${cell(c.high + c.medium + c.low)}</tr>`,
  );
  return [
    `<table class="counts" id="counts"><thead><tr><th>Practice</th><th>High</th><th>Medium</th><th>Low</th><th>Total</th></tr></thead><tbody>`,
    ...rows,
    `</tbody><tfoot><tr><th>All</th><th>${total.high}</th><th>${total.medium}</th><th>${total.low}</th><th>${total.high + total.medium + total.low}</th></tr></tfoot></table>`,
  ].join("\n");
}

/** Renders the HTML report (a complete UTF-8 document, trailing newline). */
export function renderHtml(result: ScanResult, options: HtmlOptions = {}): string {
  const docsBase = options.docsBase;
  const findings = result.findings;
  const total = countBySeverity(findings);
  const byPractice = new Map<Practice, Counts>();
  for (const p of PRACTICES) byPractice.set(p, { high: 0, medium: 0, low: 0 });
  for (const f of findings) {
    const c = byPractice.get(f.practice) ?? { high: 0, medium: 0, low: 0 };
    c[f.severity]++;
    byPractice.set(f.practice, c);
  }
  const rules = rulesByCode(result);
  const byRule = new Map<string, number>();
  for (const f of findings) byRule.set(f.code, (byRule.get(f.code) ?? 0) + 1);
  const ruleCodes = [...byRule.keys()].sort();
  const byFile = new Map<string, { f: Finding; i: number }[]>();
  findings.forEach((f, i) => {
    const list = byFile.get(f.path) ?? [];
    list.push({ f, i });
    byFile.set(f.path, list);
  });

  const scanned = [
    plural(result.files.python, "Python file"),
    `${plural(result.lines, "line")}`,
    plural(result.files.template, "template"),
    plural(result.files.manifest, "dependency manifest"),
  ].join(", ");
  const out: string[] = [
    `<!DOCTYPE html>`,
    `<html lang="en">`,
    `<head>`,
    `<meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="${esc(CSP)}">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<meta name="generator" content="pyward ${esc(VERSION)}">`,
    `<meta name="referrer" content="no-referrer">`,
    `<link rel="icon" href="data:,">`,
    `<title>pyward report: ${plural(findings.length, "finding")}</title>`,
    `<style>${STYLE}</style>`,
    `</head>`,
    `<body>`,
    `<div class="wrap">`,
    `<header class="top"><h1>pyward security report</h1>`,
    `<p>pyward ${esc(VERSION)} · scanned ${esc(scanned)}${result.problemFiles ? ` · ${plural(result.problemFiles, "file")} not fully analysed` : ""}</p></header>`,
    `<h2 id="summary">Summary</h2>`,
    `<div class="cards" id="severity-counts">`,
    `<div class="card" data-count="total"><b>${findings.length}</b>${findings.length === 1 ? "finding" : "findings"}</div>`,
    ...SEVERITIES.map((s) => `<div class="card sev-${s}" data-count="${s}"><b>${total[s]}</b>${s}</div>`),
    `<div class="card" data-count="files"><b>${byFile.size}</b>${byFile.size === 1 ? "file" : "files"} with findings</div>`,
    `</div>`,
    `<div class="summary"><div class="chart">${chart(byPractice)}</div>`,
    countsTable(byPractice, total),
    `</div>`,
  ];
  if (findings.length) {
    out.push(
      `<h2 id="findings">Findings</h2>`,
      `<div class="filters" id="filters" role="search" hidden>`,
      `<input type="search" id="q" placeholder="Search messages, code, paths, rules…" aria-label="search findings" autocomplete="off">`,
      `<fieldset><legend>Severity</legend>`,
      ...SEVERITIES.map((s) => `<label><input type="checkbox" name="sev" value="${s}" checked> ${s} (${total[s]})</label>`),
      `</fieldset>`,
      `<select id="f-practice" aria-label="practice"><option value="">All practices</option>`,
      ...[...byPractice].filter(([, c]) => c.high + c.medium + c.low).map(([p, c]) => `<option value="${esc(p)}">${esc(PRACTICE_LABELS[p])} (${c.high + c.medium + c.low})</option>`),
      `</select>`,
      `<select id="f-rule" aria-label="rule"><option value="">All rules</option>`,
      ...ruleCodes.map((code) => `<option value="${esc(code)}">${esc(code)} ${esc(rules.get(code)?.meta.name ?? "")} (${byRule.get(code)})</option>`),
      `</select>`,
      `<button type="button" id="reset">Reset</button>`,
      `<span id="shown" aria-live="polite">${findings.length} of ${findings.length} findings shown</span>`,
      `</div>`,
      `<p class="empty" id="none-match" hidden>No findings match these filters.</p>`,
    );
    for (const [file, list] of byFile) {
      out.push(`<section class="file" data-file="${esc(file)}"><h3><span class="path">${esc(file)}</span> <span class="count">${list.length}</span></h3>`);
      for (const { f, i } of list) out.push(finding(f, i, docsBase));
      out.push(`</section>`);
    }
    out.push(`<h2 id="rules">Rules</h2>`);
    for (const code of ruleCodes) {
      const rule = rules.get(code);
      if (rule) out.push(ruleDoc(rule, byRule.get(code) ?? 0, docsBase));
    }
  } else {
    out.push(`<p class="empty" id="no-findings">No findings.</p>`);
  }
  const foot: string[] = [];
  for (const n of result.notes) foot.push(`<li>note: ${esc(`${n.path ? `${n.path}: ` : ""}${n.reason}`)}</li>`);
  for (const e of result.errors) foot.push(`<li class="error">internal error: ${esc(e)}</li>`);
  out.push(`<footer>`);
  if (foot.length) out.push(`<ul>${foot.join("")}</ul>`);
  for (const credit of result.attribution ?? []) out.push(`<p>${richText(credit)}</p>`);
  out.push(`<p>Generated by pyward ${esc(VERSION)}. Paths are relative to the directory pyward ran in.</p>`, `</footer>`);
  out.push(`</div>`, `<script>${SCRIPT}</script>`, `</body>`, `</html>`, ``);
  return out.join("\n");
}
