/**
 * The junit, gitlab, github and html renderers over a real scan (taint flows, pattern findings, a
 * vulnerable dependency) plus a synthetic finding full of hostile markup: structure, escaping, clean scans
 * and byte-identical output for identical input.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScanResult } from "../../src/engine/run.js";
import { renderReport, REPORT_FORMATS } from "../../src/report/index.js";
import { renderJunit, xmlAttr, xmlText } from "../../src/report/junit.js";
import { buildGitlab, GITLAB_SCHEMA_VERSION, sourceDateEpoch, uuid5 } from "../../src/report/gitlab.js";
import { escapeData, escapeProperty, renderGithub } from "../../src/report/github.js";
import { escapeHtml, renderHtml } from "../../src/report/html.js";
import { lastLine } from "../../src/report/common.js";
import { HOSTILE, ODD_NAME, removeProject, sampleProject, withHostileFinding } from "./project.js";

let root = "";
let scanned: ScanResult;
let result: ScanResult;
let clean: ScanResult;

beforeAll(async () => {
  const p = await sampleProject();
  root = p.root;
  scanned = p.result;
  result = withHostileFinding(p.result);
  clean = { ...p.result, findings: [], attribution: undefined };
});
afterAll(() => removeProject(root));

describe("the sample scan", () => {
  it("has taint flows, pattern findings and a dependency finding", () => {
    expect(scanned.findings.map((f) => `${f.path}:${f.line} ${f.code}`)).toEqual([
      "app/hash.py:5 PW301",
      `app/${ODD_NAME}:5 PW202`,
      "app/views.py:13 PW250",
      "app/views.py:19 PW251",
      "requirements.txt:1 PW101",
    ]);
    expect(scanned.findings.find((f) => f.code === "PW250")?.flow?.length).toBe(4);
    expect(scanned.findings.find((f) => f.code === "PW101")?.package?.advisories).toEqual(["PYSEC-0000-TEST"]);
  });
});

describe("registry", () => {
  it("registers every format, and renders each deterministically", () => {
    expect(REPORT_FORMATS).toEqual(expect.arrayContaining(["text", "json", "sarif", "junit", "gitlab", "github", "html"]));
    for (const format of REPORT_FORMATS) {
      const a = renderReport(format, result);
      expect(renderReport(format, { ...result, findings: structuredClone(result.findings) }), format).toBe(a);
      expect(a.endsWith("\n"), format).toBe(true);
    }
  });
});

describe("lastLine", () => {
  it("treats an end at column 1 as the end of the line before", () => {
    expect(lastLine({ path: "a", line: 3, column: 5, endLine: 3, endColumn: 9 })).toBe(3);
    expect(lastLine({ path: "a", line: 3, column: 1, endLine: 5, endColumn: 1 })).toBe(4);
    expect(lastLine({ path: "a", line: 3, column: 1, endLine: 5, endColumn: 2 })).toBe(5);
  });
});

describe("junit", () => {
  it("escapes text and attributes, and drops characters XML cannot hold", () => {
    expect(xmlText(`a<b>&c\u0001\uFFFE\uD800`)).toBe("a&lt;b&gt;&amp;c\uFFFD\uFFFD\uFFFD");
    expect(xmlAttr(`"x"\n\ty\r`)).toBe("&quot;x&quot;&#10;&#9;y&#13;");
  });

  it("writes one failing test case per finding, grouped in a suite per file", () => {
    const xml = renderJunit(result);
    expect(xml.startsWith(`<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="pyward" tests="6" failures="6" errors="0" time="0">`)).toBe(true);
    expect(xml.match(/<testcase /g)).toHaveLength(6);
    expect(xml.match(/<failure /g)).toHaveLength(6);
    expect(xml).toContain(`<testsuite name="app/views.py" tests="2" failures="2" errors="0" skipped="0" time="0">`);
    expect(xml).toContain(`<failure message="untrusted request.args (line 10) reaches an SQL query (execute); pass the value as a query parameter (placeholders), never in the SQL text" type="PW250">`);
    expect(xml).toContain("taint path:\n  source: request.args at app/views.py:10:12\n");
    expect(xml).toContain("13 |     return str(conn.execute(query).fetchall())");
    // hostile markup is escaped wherever it appears; no raw tag from the data survives
    expect(xml).not.toContain("<script");
    expect(xml).not.toContain("<img");
    expect(xml).toContain(`name="PW301 weak-hash at app/odd&amp;&lt;b&gt;&quot;name&quot;.py:5:12"`);
    expect(xml).not.toMatch(/timestamp|hostname/);
  });

  it("is one passing suite when the scan is clean, and reports internal errors as errors", () => {
    expect(renderJunit(clean)).toBe(
      [
        `<?xml version="1.0" encoding="UTF-8"?>`,
        `<testsuites name="pyward" tests="1" failures="0" errors="0" time="0">`,
        `  <testsuite name="pyward" tests="1" failures="0" errors="0" skipped="0" time="0">`,
        `    <testcase name="no security findings" classname="pyward" time="0"/>`,
        `  </testsuite>`,
        `</testsuites>`,
        ``,
      ].join("\n"),
    );
    const broken = renderJunit({ ...clean, errors: ["rule PW999 threw <boom>"] });
    expect(broken).toContain(`<testsuites name="pyward" tests="1" failures="0" errors="1" time="0">`);
    expect(broken).toContain(`<error message="rule PW999 threw &lt;boom&gt;" type="internal-error">`);
  });
});

describe("gitlab", () => {
  it("writes a 15.x SAST report with the fields the schema requires", () => {
    const report = buildGitlab(result) as { version: string; scan: Record<string, unknown>; vulnerabilities: Record<string, unknown>[] };
    expect(report.version).toBe(GITLAB_SCHEMA_VERSION);
    expect(report.version).toMatch(/^15\.\d+\.\d+$/);
    const tool = { id: "pyward", name: "pyward", version: expect.stringMatching(/^\d+\.\d+\.\d+/), vendor: { name: "pyward" } };
    expect(report.scan).toEqual({
      analyzer: tool,
      scanner: tool,
      type: "sast",
      start_time: "1970-01-01T00:00:00",
      end_time: "1970-01-01T00:00:00",
      status: "success",
      messages: [],
    });
    expect(report.vulnerabilities).toHaveLength(6);
    const ids = new Set<string>();
    for (const v of report.vulnerabilities) {
      expect(Object.keys(v).slice(0, 6)).toEqual(["id", "name", "description", "severity", "location", "identifiers"]);
      expect(v.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      ids.add(v.id as string);
      expect(["High", "Medium", "Low"]).toContain(v.severity);
      expect((v.name as string).length).toBeLessThanOrEqual(255);
      for (const id of v.identifiers as { type: string; name: string; value: string; url?: string }[]) {
        expect(id.type.length && id.name.length && id.value.length).toBeTruthy();
        if (id.url) expect(id.url).toMatch(/^https:\/\//);
      }
    }
    expect(ids.size).toBe(6);
    const sql = report.vulnerabilities.find((v) => v.name === "PW250 sql-injection")!;
    expect(sql.severity).toBe("High");
    expect(sql.location).toEqual({ file: "app/views.py", start_line: 13, end_line: 13 });
    expect(sql.identifiers).toEqual([
      { type: "pyward_rule_id", name: "pyward PW250 sql-injection", value: "PW250" },
      { type: "cwe", name: "CWE-89", value: "89", url: "https://cwe.mitre.org/data/definitions/89.html" },
    ]);
    expect(sql.description).toContain("Taint path:\n1. source: request.args at app/views.py:10:12\n2. assigned to name");
    const dep = report.vulnerabilities.find((v) => v.name === "PW101 vulnerable-dependency")!;
    expect(dep.solution).toBe("Upgrade requests to 2.20.0 or later.");
    expect(dep.identifiers).toContainEqual({ type: "osv", name: "PYSEC-0000-TEST", value: "PYSEC-0000-TEST", url: "https://osv.dev/vulnerability/PYSEC-0000-TEST" });
    const hash = report.vulnerabilities.find((v) => v.name === "PW301 weak-hash" && (v.location as { file: string }).file === "app/hash.py")!;
    expect(hash.identifiers).toContainEqual({ type: "bandit_test_id", name: "Bandit Test ID B324", value: "B324" });
  });

  it("derives ids from the fingerprint: stable under line moves, distinct for repeated findings", () => {
    const f = result.findings[0];
    const moved = { ...result, findings: [{ ...f, line: f.line + 3, endLine: f.endLine + 3 }] };
    const twice = { ...result, findings: [f, { ...f, line: f.line + 10, endLine: f.endLine + 10 }] };
    const one = (buildGitlab({ ...result, findings: [f] }) as { vulnerabilities: { id: string }[] }).vulnerabilities[0].id;
    expect((buildGitlab(moved) as { vulnerabilities: { id: string }[] }).vulnerabilities[0].id).toBe(one);
    const ids = (buildGitlab(twice) as { vulnerabilities: { id: string }[] }).vulnerabilities.map((v) => v.id);
    expect(ids[0]).toBe(one);
    expect(ids[1]).not.toBe(one);
    expect(uuid5("x")).toBe(uuid5("x"));
  });

  it("writes a scan time only when asked, and failure status on internal errors", () => {
    const t = { start: new Date("2024-05-06T07:08:09Z"), end: new Date("2024-05-06T07:08:19Z") };
    const scan = (buildGitlab(clean, { time: t }) as { scan: Record<string, unknown> }).scan;
    expect([scan.start_time, scan.end_time]).toEqual(["2024-05-06T07:08:09", "2024-05-06T07:08:19"]);
    expect(sourceDateEpoch({ SOURCE_DATE_EPOCH: "1715000000" })?.toISOString()).toBe("2024-05-06T12:53:20.000Z");
    expect(sourceDateEpoch({ SOURCE_DATE_EPOCH: "soon" })).toBeUndefined();
    expect(sourceDateEpoch({})).toBeUndefined();
    const prev = process.env.SOURCE_DATE_EPOCH;
    process.env.SOURCE_DATE_EPOCH = "1715000000";
    try {
      expect(JSON.parse(renderReport("gitlab", clean)).scan.start_time).toBe("2024-05-06T12:53:20");
    } finally {
      if (prev === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = prev;
    }
    const failed = buildGitlab({ ...clean, errors: ["boom"], notes: [{ path: "x", reason: "skipped" }] }) as { scan: Record<string, unknown> };
    expect(failed.scan.status).toBe("failure");
    expect(failed.scan.messages).toEqual([
      { level: "info", value: "x: skipped" },
      { level: "warn", value: "internal error: boom" },
    ]);
  });
});

describe("github", () => {
  it("escapes data and properties as the runner expects", () => {
    expect(escapeData("100% done\r\nnext")).toBe("100%25 done%0D%0Anext");
    expect(escapeProperty("a:b,c%\n")).toBe("a%3Ab%2Cc%25%0A");
  });

  it("writes one annotation line per finding, then a summary", () => {
    const lines = renderGithub(result).trimEnd().split("\n");
    expect(lines).toHaveLength(result.findings.length + 2);
    expect(lines).toContain(
      "::error file=app/views.py,line=13,col=16,endLine=13,endColumn=35,title=PW250 sql-injection (high severity%2C high confidence)::" +
        "untrusted request.args (line 10) reaches an SQL query (execute); pass the value as a query parameter (placeholders), never in the SQL text" +
        "%0Asource: request.args at app/views.py:10:12%0Aassigned to name at app/views.py:10:5%0Aassigned to query at app/views.py:11:5%0Asink: execute at app/views.py:13:16",
    );
    expect(lines.filter((l) => l.startsWith("::warning "))).toHaveLength(2);
    expect(lines.filter((l) => l.startsWith("::notice "))).toHaveLength(1);
    expect(lines[result.findings.length]).toBe("pyward: 6 findings (3 high, 2 medium, 1 low)");
    // every annotation is one line whatever the message holds, and its properties hold no raw ':' or ','
    for (const l of lines.slice(0, result.findings.length)) {
      const m = /^::(error|warning|notice) ([^:]*)::(.*)$/.exec(l);
      expect(m, l).not.toBeNull();
      for (const prop of m![2].split(",")) expect(prop).toMatch(/^(file|line|col|endLine|endColumn|title)=[^,:]*$/);
    }
  });

  it("omits columns for multi-line ranges and reports a clean scan in one line", () => {
    const f = { ...result.findings[0], line: 3, column: 5, endLine: 6, endColumn: 1 };
    expect(renderGithub({ ...clean, findings: [f] }).split("\n")[0]).toMatch(/^::warning file=app\/hash\.py,line=3,endLine=5,title=/);
    expect(renderGithub(clean)).toBe("pyward: no findings\n");
  });
});

describe("html", () => {
  let html = "";
  beforeAll(() => {
    html = renderHtml(result);
  });

  it("escapes every string it shows", () => {
    expect(escapeHtml(`<a href="x">'&`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;");
    const esc = escapeHtml(HOSTILE);
    expect(html).toContain(`hostile message ${esc}`);
    expect(html).toContain(escapeHtml(`app/${ODD_NAME}`));
    // the data never opens or closes an element: only the report's own single script and no images
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    expect(html).not.toMatch(/<img|window\.__pwned=1<\/script>/);
    const script = html.slice(html.indexOf("<script>"), html.indexOf("</script>"));
    expect(script).not.toContain("pwned");
    expect(script).not.toContain("PW250");
  });

  it("is self-contained: no external resources, a CSP that allows none, and no timestamps", () => {
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;sha256-[A-Za-z0-9+/=]+&#39;; script-src &#39;sha256-[A-Za-z0-9+/=]+&#39;; img-src data:;/);
    expect(html).not.toMatch(/<[a-z][^>]*\s(src|srcset|data|action|formaction)=/i);
    expect(html).not.toMatch(/url\(|@import|@font-face/);
    expect([...html.matchAll(/<link [^>]*>/g)].map((m) => m[0])).toEqual([`<link rel="icon" href="data:,">`]);
    for (const [, href] of html.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^(#|data:,$|https:\/\/)/);
    expect(html).not.toMatch(/\b20\d\d-\d\d-\d\dT\d\d:/);
  });

  it("groups findings by file with code excerpts, taint paths and rule docs", () => {
    expect([...html.matchAll(/<section class="file" data-file="([^"]*)">/g)].map((m) => m[1])).toEqual([
      "app/hash.py",
      escapeHtml(`app/${ODD_NAME}`),
      "app/views.py",
      "requirements.txt",
    ]);
    expect(html).toContain(`<span class="l"><span class="n">13</span>    return str(<mark>conn.execute(query)</mark>.fetchall())</span>`);
    expect(html).toContain(`<li class="source"><span class="step">source: request.args</span> <span class="loc">app/views.py:10:12</span></li>`);
    for (const code of ["PW101", "PW202", "PW250", "PW251", "PW301"]) expect(html).toContain(`<details class="rule" id="rule-${code}">`);
    // the docs are embedded: no relative link that breaks outside a checkout of pyward
    expect(html).not.toContain(`docs/rules/`);
    expect(html).toContain(`<a href="#rule-PW250">About PW250</a></p>`);
    expect(renderHtml(result, { docsBase: "https://example.org/rules/" })).toContain(`<a href="https://example.org/rules/PW250.md"`);
  });

  it("marks multi-line ranges and windows very long lines", () => {
    const f = { ...result.findings[0], line: 1, column: 3, endLine: 2, endColumn: 4, statementLines: [1, 2] as [number, number], snippet: ["ab<cd", "efgh"], flow: undefined, fix: undefined };
    const out = renderHtml({ ...clean, findings: [f] });
    expect(out).toContain(`<span class="n">1</span>ab<mark>&lt;cd</mark></span><span class="l"><span class="n">2</span><mark>efg</mark>h</span>`);
    const long = { ...f, line: 1, endLine: 1, column: 5001, endColumn: 5004, statementLines: [1, 1] as [number, number], snippet: [`${"x".repeat(5000)}BAD${"y".repeat(5000)}`] };
    const text = renderHtml({ ...clean, findings: [long] });
    expect(text).toMatch(/<span class="n">1<\/span>…x{40}<mark>BAD<\/mark>y+…<\/span>/);
    expect(text.length).toBeLessThan(html.length + 2000);
  });

  it("says so when there is nothing to report", () => {
    const out = renderHtml(clean);
    expect(out).toContain(`<p class="empty" id="no-findings">No findings.</p>`);
    expect(out).not.toContain(`id="filters"`);
  });
});
