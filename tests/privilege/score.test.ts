/**
 * The least-privilege corpus (`bench/corpus/privilege/`) scored with the sources' `scan()`: every rule with
 * labels meets the targets (TPR ≥ 0.9, FPR ≤ 0.1), and the corpus is as large as the issue asks.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ALL_RULES } from "../../src/rules/index.js";
import { scan } from "../../src/engine/run.js";
import { formatTable, labelledCodes, loadCorpus, parseLabels, scoreCorpus, TARGETS, type ScoredFinding } from "../../bench/privilege-corpus.js";

const CORPUS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../bench/corpus/privilege");

describe("privilege corpus score", () => {
  it("reads expect and safe labels, several codes per line", () => {
    const l = parseLabels("def a():  # expect: PW640, PW641\nx = 1  # safe: PW640  # expect: PW641\n");
    expect([...(l.expect.get(1) ?? [])]).toEqual(["PW640", "PW641"]);
    expect([...(l.safe.get(2) ?? [])]).toEqual(["PW640"]);
    expect([...(l.expect.get(2) ?? [])]).toEqual(["PW641"]);
  });

  it("every labelled rule meets the targets", { timeout: 120_000 }, async () => {
    const projects = loadCorpus(CORPUS);
    expect(projects.map((p) => p.framework)).toEqual(expect.arrayContaining(["django", "drf", "flask", "fastapi"]));
    const rules = ALL_RULES.filter((r) => /^PW6[45]\d$/.test(r.meta.code));
    const ruleCodes = new Set(rules.map((r) => r.meta.code));
    const findings: ScoredFinding[] = [];
    for (const p of projects) {
      const result = await scan([p.scanRoot], { catalog: rules, audit: false, cwd: p.scanRoot, extendExclude: p.exclude });
      expect(result.errors).toEqual([]);
      for (const f of result.findings) findings.push({ file: path.resolve(p.scanRoot, f.path), line: f.line, code: f.code, message: f.message });
    }
    const codes = labelledCodes(projects).filter((c) => ruleCodes.has(c));
    expect(codes).toEqual(expect.arrayContaining(["PW640", "PW641"]));
    const { rows, details } = scoreCorpus(projects, findings, codes);
    const table = formatTable(rows);
    const listing = [...details.misses.map((m) => `miss ${m.code} ${path.relative(CORPUS, m.file)}:${m.line}`), ...details.falsePositives.map((f) => `fp ${f.code} ${path.relative(CORPUS, f.file)}:${f.line}`)].join("\n");
    for (const r of rows) {
      expect(r.tpr, `${r.code}\n${table}\n${listing}`).toBeGreaterThanOrEqual(TARGETS.tpr);
      expect(r.fpr, `${r.code}\n${table}\n${listing}`).toBeLessThanOrEqual(TARGETS.fpr);
    }
    // AUTHZ's part of the corpus: at least 28 labelled views for PW640, about half of them guarded
    const pw640 = rows.find((r) => r.code === "PW640")!;
    expect(pw640.expected + pw640.safe).toBeGreaterThanOrEqual(28);
    expect(pw640.safe).toBeGreaterThanOrEqual(Math.floor((pw640.expected + pw640.safe) * 0.4));
  });
});
