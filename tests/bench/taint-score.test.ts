/**
 * The label parsing and scoring of the taint corpus bench (`bench/taint-corpus.ts`). Fast: no scan runs here;
 * findings are made up. The full bench is `npm run bench:taint-score`.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  CorpusError,
  checkCase,
  covers,
  cweKey,
  formatTable,
  loadCorpus,
  meetsTargets,
  parseLabels,
  scoreCase,
  summarise,
  type CorpusCase,
  type LabelledFile,
  type ReportedFinding,
} from "../../bench/taint-corpus.js";

const VULN = `# label: CWE-89
# framework: flask
# flow: a form field in the SQL text

import sqlite3
cur = sqlite3.connect("x").cursor()
cur.execute("SELECT " + name)  # sink
`;

const SAFE = `# label: safe CWE-89
# why: bound parameter
cur.execute("SELECT ?", (name,))  # sink
cur.execute("SELECT 1")  # sink: a second look-alike
`;

describe("parseLabels", () => {
  it("reads a vulnerable label, its framework, its note and its sink line", () => {
    expect(parseLabels(VULN)).toEqual({ label: { kind: "vulnerable", cwe: 89 }, sinkLines: [7], framework: "flask", note: "a form field in the SQL text" });
  });

  it("reads a safe label; a safe file may mark any number of look-alike sinks", () => {
    const l = parseLabels(SAFE);
    expect(l.label).toEqual({ kind: "safe", cwe: 89 });
    expect(l.sinkLines).toEqual([3, 4]);
    expect(l.note).toBe("bound parameter");
    expect(parseLabels("# label: safe cwe-730\nx = 1\n").sinkLines).toEqual([]);
  });

  it("reads helper labels", () => {
    expect(parseLabels("# label: helper\ndef f(x):\n    return x\n").label).toEqual({ kind: "helper" });
  });

  it("ignores '# sink' inside strings, in the header and on comment-only lines", () => {
    const text = `# label: CWE-78
# flow: the sink is below
x = "# sink"
# sink
os.system(x)  # sink
`;
    expect(parseLabels(text).sinkLines).toEqual([5]);
  });

  it("finds a marker after strings holding quotes and hashes", () => {
    expect(parseLabels(`# label: CWE-79\nreturn f"<a href='#{q}'>{d['k']}</a>"  # sink\n`).sinkLines).toEqual([2]);
  });

  it("rejects a file without a label, a bad label, two labels, and a vulnerable file without exactly one sink", () => {
    expect(() => parseLabels("import os\n# label: CWE-78\n", "a.py")).toThrow(CorpusError);
    expect(() => parseLabels("# label: SQLi\n", "a.py")).toThrow(/bad label/);
    expect(() => parseLabels("# label: CWE-1\n# label: CWE-2\nx()  # sink\n", "a.py")).toThrow(/more than one/);
    expect(() => parseLabels("# label: CWE-78\nos.system(x)\n", "a.py")).toThrow(/exactly one/);
    expect(() => parseLabels("# label: CWE-78\nos.system(x)  # sink\nos.popen(x)  # sink\n", "a.py")).toThrow(/found 2/);
  });
});

function file(rel: string, text: string): LabelledFile {
  return { path: `/corpus/${rel}`, rel, ...parseLabels(text, rel) };
}

function finding(rel: string, line: number, cwe: number[], extra: Partial<ReportedFinding> = {}): ReportedFinding {
  return { file: `/corpus/${rel}`, line, endLine: line, code: "PW250", cwe, message: "m", ...extra };
}

describe("checkCase", () => {
  it("accepts labels that agree with the folder and rejects the rest", () => {
    const v = file("g/vulnerable/a.py", VULN);
    expect(() => checkCase({ id: "g/vulnerable/a.py", expected: "vulnerable", root: "/corpus/g/vulnerable/a.py", files: [v] })).not.toThrow();
    expect(() => checkCase({ id: "g/safe/a.py", expected: "safe", root: "/x", files: [v] })).toThrow(/labelled vulnerable but sits in safe/);
    const h = file("g/safe/p/h.py", "# label: helper\n");
    expect(() => checkCase({ id: "g/safe/p", expected: "safe", root: "/x", files: [h] })).toThrow(/only helpers/);
  });
});

describe("scoreCase", () => {
  const v = file("g/vulnerable/a.py", VULN);
  const vcase: CorpusCase = { id: "g/vulnerable/a.py", expected: "vulnerable", root: v.path, files: [v] };

  it("counts a finding of the label's CWE on the sink line as detected", () => {
    const [o] = scoreCase(vcase, [finding(v.rel, 7, [89])]);
    expect(o.detected).toBe(true);
    expect(o.matched).toHaveLength(1);
    expect(o.other).toEqual([]);
  });

  it("does not count a finding on another line, of another CWE, or in another file", () => {
    const others = [finding(v.rel, 6, [89]), finding(v.rel, 7, [78]), finding("g/vulnerable/b.py", 7, [89])];
    const [o] = scoreCase(vcase, others);
    expect(o.detected).toBe(false);
    expect(o.other).toHaveLength(3);
  });

  it("accepts a finding whose region or statement covers the sink line", () => {
    expect(scoreCase(vcase, [finding(v.rel, 6, [89], { endLine: 8 })])[0].detected).toBe(true);
    expect(scoreCase(vcase, [finding(v.rel, 5, [89], { statementLines: [5, 7] })])[0].detected).toBe(true);
    expect(covers(finding(v.rel, 8, [89], { statementLines: [8, 9] }), v.path, 7)).toBe(false);
  });

  it("treats CWE-94 and CWE-95 as one group", () => {
    expect(cweKey(94)).toBe("94/95");
    expect(cweKey(95)).toBe("94/95");
    expect(cweKey(1336)).toBe("1336");
    const e = file("c/vulnerable/e.py", "# label: CWE-95\neval(x)  # sink\n");
    const c: CorpusCase = { id: "c/vulnerable/e.py", expected: "vulnerable", root: e.path, files: [e] };
    const [o] = scoreCase(c, [finding(e.rel, 2, [94])]);
    expect(o.cwe).toBe("94/95");
    expect(o.detected).toBe(true);
  });

  it("makes a safe case a false positive on any taint finding, in a helper module too; helpers are not scored", () => {
    const s = file("g/safe/p/views.py", SAFE);
    const h = file("g/safe/p/db.py", "# label: helper\n");
    const c: CorpusCase = { id: "g/safe/p", expected: "safe", root: "/corpus/g/safe/p", files: [h, s] };
    expect(scoreCase(c, [])).toMatchObject([{ expected: "safe", falsePositive: false }]);
    const out = scoreCase(c, [finding(h.rel, 3, [117])]);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ falsePositive: true, cwe: "89", caseId: "g/safe/p" });
    expect(out[0].matched).toHaveLength(1);
  });
});

describe("summarise, meetsTargets, formatTable", () => {
  const mk = (cwe: number, expected: "vulnerable" | "safe", hit: boolean, i: number) => {
    const rel = `g/${expected}/${cwe}-${i}.py`;
    const f = expected === "vulnerable" ? file(rel, `# label: CWE-${cwe}\nx()  # sink\n`) : file(rel, `# label: safe CWE-${cwe}\nx()\n`);
    const c: CorpusCase = { id: rel, expected, root: f.path, files: [f] };
    return scoreCase(c, hit ? [finding(rel, 2, [cwe])] : [])[0];
  };
  // CWE-89: 10 vulnerable (9 found), 10 safe (1 flagged) → meets the targets exactly
  const sql = [
    ...Array.from({ length: 10 }, (_, i) => mk(89, "vulnerable", i < 9, i)),
    ...Array.from({ length: 10 }, (_, i) => mk(89, "safe", i < 1, i)),
  ];
  // CWE-22: 4 vulnerable (2 found), 2 safe (1 flagged) → misses both
  const path22 = [mk(22, "vulnerable", true, 0), mk(22, "vulnerable", true, 1), mk(22, "vulnerable", false, 2), mk(22, "vulnerable", false, 3), mk(22, "safe", true, 0), mk(22, "safe", false, 1)];
  // CWE-1336: only vulnerable files → no FPR, so it does not meet the targets
  const tpl = [mk(1336, "vulnerable", true, 0)];
  const { rows, total } = summarise([...tpl, ...sql, ...path22]);

  it("counts per CWE, in numeric CWE order, and in total", () => {
    expect(rows.map((r) => r.cwe)).toEqual(["22", "89", "1336"]);
    const r89 = rows[1];
    expect(r89).toMatchObject({ files: 20, vulnerable: 10, safe: 10, truePositives: 9, falseNegatives: 1, falsePositives: 1 });
    expect(r89.tpr).toBeCloseTo(0.9);
    expect(r89.fpr).toBeCloseTo(0.1);
    expect(r89.difference).toBeCloseTo(0.8);
    expect(rows[0]).toMatchObject({ truePositives: 2, falseNegatives: 2, falsePositives: 1, tpr: 0.5, fpr: 0.5, difference: 0 });
    expect(total).toMatchObject({ cwe: "total", files: 27, vulnerable: 15, safe: 12, truePositives: 12, falsePositives: 2 });
    expect(Number.isNaN(rows[2].fpr)).toBe(true);
  });

  it("holds each CWE to TPR >= 0.9 and FPR <= 0.1", () => {
    expect(meetsTargets(rows[1])).toBe(true);
    expect(meetsTargets(rows[0])).toBe(false);
    expect(meetsTargets(rows[2])).toBe(false);
    expect(meetsTargets(rows[0], { tpr: 0.5, fpr: 0.5 })).toBe(true);
  });

  it("prints a row per CWE, marks the misses, and ends with the totals", () => {
    const text = formatTable(rows, total);
    const lines = text.split("\n");
    expect(lines[0]).toMatch(/^CWE\s+files\s+vuln\s+safe\s+TP\s+FN\s+FP\s+TPR\s+FPR\s+TPR-FPR$/);
    expect(lines.find((l) => l.startsWith("CWE-89 "))).toMatch(/20\s+10\s+10\s+9\s+1\s+1\s+0\.90\s+0\.10\s+0\.80$/);
    expect(lines.find((l) => l.startsWith("CWE-22 "))).toMatch(/MISSES TARGET$/);
    expect(lines.find((l) => l.startsWith("CWE-1336 "))).toMatch(/\s-\s.*MISSES TARGET$/);
    expect(lines[lines.length - 1]).toMatch(/^total\s+27\s+15\s+12\s+12\s+3\s+2\s/);
  });
});

describe("loadCorpus", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-taint-corpus-"));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  const write = (rel: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  write("cwe-089/vulnerable/a.py", VULN);
  write("cwe-089/safe/b.py", SAFE);
  write("cwe-089/safe/notes.txt", "not a case");
  write("cwe-089/vulnerable/proj/views.py", "# label: helper\nfrom db import q\n");
  write("cwe-089/vulnerable/proj/db.py", VULN);
  write("cwe-089/vulnerable/nolabel.py", "x = 1\n");
  write("cwe-089/safe/mislabelled.py", VULN);
  write("cwe-089/stray.py", SAFE);
  write("cwe-089/other/x.py", SAFE);

  it("finds file and project cases, and reports every problem", () => {
    const { cases, errors } = loadCorpus(root);
    expect(cases.map((c) => c.id)).toEqual(["cwe-089/vulnerable/a.py", "cwe-089/vulnerable/proj", "cwe-089/safe/b.py"]);
    const proj = cases[1];
    expect(proj.root).toBe(path.join(root, "cwe-089/vulnerable/proj"));
    expect(proj.files.map((f) => [f.rel, f.label.kind])).toEqual([
      ["cwe-089/vulnerable/proj/db.py", "vulnerable"],
      ["cwe-089/vulnerable/proj/views.py", "helper"],
    ]);
    expect(errors).toHaveLength(4);
    expect(errors.join("\n")).toMatch(/stray\.py: a case must sit in/);
    expect(errors.join("\n")).toMatch(/other\/: unexpected folder/);
    expect(errors.join("\n")).toMatch(/nolabel\.py: no '# label:'/);
    expect(errors.join("\n")).toMatch(/mislabelled\.py: labelled vulnerable but sits in safe/);
  });
});
