/**
 * How well the taint analysis does on the labelled corpus `bench/corpus/taint/`: per CWE, the files, true
 * positives, false negatives, false positives, the true-positive rate, the false-positive rate and their
 * difference, then the totals; then every miss and every false positive with what was reported.
 *
 *   npm run bench:taint-score
 *   # = npm run build && tsc -p tsconfig.json --noEmit false --declaration false --sourceMap false --outDir tmp/bench \
 *   #   && node tmp/bench/bench/taint-score.js [--corpus DIR] [--json FILE] [--quiet]
 *
 * Runs pyward's `scan()` from `dist/` (the built package) with the taint rules only (and pyward's own PW0xx
 * diagnostics, so a corpus file that does not parse is reported), `audit: false`. Each case is scanned on
 * its own: a single file, or a project folder with the folder as the scan root (so its modules import each
 * other by name). A vulnerable file counts as a true positive when a taint finding of its CWE covers its
 * `# sink` line; a safe case is a false positive when any taint finding is reported in any of its files.
 *
 * Exit status: 0 when every CWE meets the targets (TPR ≥ 0.9, FPR ≤ 0.1); 1 when one misses them; 2 on a
 * corpus error (bad label, unparsable file) or an internal error of the scan. Everything is printed first.
 */
import fs from "node:fs";
import path from "node:path";
import {
  TARGETS,
  formatTable,
  loadCorpus,
  meetsTargets,
  scoreCase,
  summarise,
  type Outcome,
  type ReportedFinding,
} from "./taint-corpus.js";
import { argValue, hasFlag, loadDist, repoRoot } from "./score-support.js";

type RunModule = typeof import("../src/engine/run.js");
type RulesModule = typeof import("../src/rules/index.js");
type DefineModule = typeof import("../src/rules/taint/define.js");

/** The source line of a file (for the listing of misses). */
function lineOf(file: string, line: number): string {
  return (fs.readFileSync(file, "utf8").split(/\r?\n/)[line - 1] ?? "").trim();
}

function describe(f: ReportedFinding, corpus: string): string {
  return `${path.relative(corpus, f.file).split(path.sep).join("/")}:${f.line} ${f.code} CWE-${f.cwe.join("/")}: ${f.message}`;
}

async function main(): Promise<void> {
  const root = repoRoot();
  const corpus = path.resolve(argValue("--corpus") ?? path.join(root, "bench", "corpus", "taint"));
  const quiet = hasFlag("--quiet");
  const { scan } = await loadDist<RunModule>(root, "engine/run.js");
  const { ALL_RULES } = await loadDist<RulesModule>(root, "rules/index.js");
  const { isTaintRule } = await loadDist<DefineModule>(root, "rules/taint/define.js");
  const taintRules = ALL_RULES.filter((r) => isTaintRule(r));
  const taintCodes = new Set(taintRules.map((r) => r.meta.code));
  const catalog = [...taintRules, ...ALL_RULES.filter((r) => r.meta.code.startsWith("PW0"))];

  const { cases, errors: corpusErrors } = loadCorpus(corpus);
  const scanErrors: string[] = [];
  const outcomes: Outcome[] = [];
  const t0 = performance.now();
  for (const c of cases) {
    const cwd = fs.statSync(c.root).isDirectory() ? c.root : path.dirname(c.root);
    const result = await scan([c.root], { catalog, audit: false, cwd });
    for (const e of result.errors) scanErrors.push(`${c.id}: ${e}`);
    const findings: ReportedFinding[] = [];
    for (const f of result.findings) {
      const file = path.resolve(cwd, f.path);
      if (f.code.startsWith("PW0")) corpusErrors.push(`${path.relative(corpus, file)}:${f.line}: ${f.code} ${f.message}`);
      if (!taintCodes.has(f.code)) continue;
      findings.push({ file, line: f.line, endLine: f.endLine, statementLines: f.statementLines, code: f.code, cwe: f.cwe, message: f.message });
    }
    outcomes.push(...scoreCase(c, findings));
  }
  const seconds = (performance.now() - t0) / 1000;

  const { rows, total } = summarise(outcomes);
  const vulnerable = outcomes.filter((o) => o.expected === "vulnerable").length;
  console.log(`taint corpus: ${path.relative(process.cwd(), corpus) || "."} — ${cases.length} cases, ${vulnerable} vulnerable and ${outcomes.length - vulnerable} safe files, scanned in ${seconds.toFixed(1)} s`);
  console.log(`rules: ${[...taintCodes].sort().join(" ")}; targets per CWE: TPR >= ${TARGETS.tpr}, FPR <= ${TARGETS.fpr}\n`);
  console.log(formatTable(rows, total));

  const misses = outcomes.filter((o) => o.expected === "vulnerable" && !o.detected);
  const fps = outcomes.filter((o) => o.expected === "safe" && o.falsePositive);
  if (!quiet) {
    console.log(`\nfalse negatives (${misses.length}): vulnerable files with no finding of their CWE on the sink line`);
    for (const o of misses) {
      const sink = o.file.sinkLines[0];
      console.log(`  CWE-${o.cwe}  ${o.file.rel}:${sink}  ${lineOf(o.file.path, sink)}`);
      if (o.file.note) console.log(`      flow: ${o.file.note}`);
      for (const f of o.other) console.log(`      reported instead: ${describe(f, corpus)}`);
    }
    console.log(`\nfalse positives (${fps.length}): safe cases with a taint finding`);
    for (const o of fps) {
      console.log(`  CWE-${o.cwe}  ${o.caseId}`);
      if (o.file.note) console.log(`      why safe: ${o.file.note}`);
      for (const f of o.matched) console.log(`      ${describe(f, corpus)}`);
    }
  }
  if (corpusErrors.length) {
    console.log(`\ncorpus errors (${corpusErrors.length}):`);
    for (const e of corpusErrors) console.log(`  ${e}`);
  }
  if (scanErrors.length) {
    console.log(`\ninternal errors of the scan (${scanErrors.length}):`);
    for (const e of scanErrors) console.log(`  ${e}`);
  }
  const failing = rows.filter((r) => !meetsTargets(r));
  console.log(`\ngoal: every CWE at TPR >= ${TARGETS.tpr} and FPR <= ${TARGETS.fpr} — ${failing.length ? `MISSED by ${failing.map((r) => `CWE-${r.cwe}`).join(", ")}` : "met"}`);

  const json = argValue("--json");
  if (json) {
    const plain = (o: Outcome): Record<string, unknown> => ({
      case: o.caseId,
      file: o.file.rel,
      expected: o.expected,
      cwe: o.cwe,
      detected: o.detected,
      falsePositive: o.falsePositive,
      sinkLines: o.file.sinkLines,
      findings: o.matched.map((f) => describe(f, corpus)),
      other: o.other.map((f) => describe(f, corpus)),
    });
    fs.writeFileSync(json, JSON.stringify({ rows, total, outcomes: outcomes.map(plain), corpusErrors, scanErrors }, null, 2) + "\n");
  }
  process.exitCode = corpusErrors.length || scanErrors.length ? 2 : failing.length ? 1 : 0;
}

await main();
