/**
 * How well the least-privilege rules (PW640–PW659) do on the labelled corpus `bench/corpus/privilege/`: per rule,
 * the expected findings, hits, true-positive rate, safe-labelled look-alikes, false positives (any finding of the
 * rule on a line not labelled `expect` for it) and false-positive rate; then every miss and false positive.
 *
 *   npm run bench:privilege-score
 *   # = npm run build && tsc -p bench/tsconfig.privilege-score.json && node tmp/bench/bench/privilege-score.js [--corpus DIR] [--quiet]
 *
 * Runs pyward's `scan()` from `dist/` on each project folder of the corpus (the folder as the scan root), with
 * the PW64x/PW65x rules and pyward's own PW0xx diagnostics, `audit: false`.
 *
 * Exit status: 0 when every rule meets the targets (TPR ≥ 0.9, FPR ≤ 0.1); 1 when one misses them; 2 on a
 * corpus error (unparsable file) or an internal error of the scan.
 */
import path from "node:path";
import { formatTable, labelledCodes, loadCorpus, meetsTargets, scoreCorpus, TARGETS, type ScoredFinding } from "./privilege-corpus.js";
import { argValue, hasFlag, loadDist, repoRoot } from "./score-support.js";

type RunModule = typeof import("../src/engine/run.js");
type RulesModule = typeof import("../src/rules/index.js");

async function main(): Promise<void> {
  const root = repoRoot();
  const corpus = path.resolve(argValue("--corpus") ?? path.join(root, "bench", "corpus", "privilege"));
  const quiet = hasFlag("--quiet");
  const { scan } = await loadDist<RunModule>(root, "engine/run.js");
  const { ALL_RULES } = await loadDist<RulesModule>(root, "rules/index.js");
  const projects = loadCorpus(corpus);
  const rules = ALL_RULES.filter((r) => /^PW6[45]\d$/.test(r.meta.code));
  const ruleCodes = new Set(rules.map((r) => r.meta.code));
  const catalog = [...rules, ...ALL_RULES.filter((r) => r.meta.code.startsWith("PW0"))];
  const codes = [...new Set([...labelledCodes(projects), ...ruleCodes])].filter((c) => ruleCodes.has(c)).sort();
  const findings: ScoredFinding[] = [];
  const problems: string[] = [];
  const t0 = performance.now();
  for (const p of projects) {
    const result = await scan([p.scanRoot], { catalog, audit: false, cwd: p.scanRoot, extendExclude: p.exclude });
    for (const e of result.errors) problems.push(`${p.id}: ${e}`);
    for (const f of result.findings) {
      const file = path.resolve(p.scanRoot, f.path);
      if (f.code.startsWith("PW0")) problems.push(`${path.relative(corpus, file)}:${f.line}: ${f.code} ${f.message}`);
      else findings.push({ file, line: f.line, code: f.code, message: f.message });
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const { rows, details } = scoreCorpus(projects, findings, codes);
  const files = projects.reduce((n, p) => n + p.labels.size, 0);
  console.log(`privilege corpus: ${path.relative(process.cwd(), corpus) || "."} — ${projects.length} projects (${projects.map((p) => p.id).join(", ")}), ${files} files, scanned in ${seconds.toFixed(1)} s`);
  console.log(`targets per rule: TPR >= ${TARGETS.tpr}, FPR <= ${TARGETS.fpr}\n`);
  console.log(formatTable(rows));
  if (!quiet) {
    console.log(`\nmisses (${details.misses.length}):`);
    for (const m of details.misses) console.log(`  ${m.code}  ${path.relative(corpus, m.file)}:${m.line}`);
    console.log(`\nfalse positives (${details.falsePositives.length}):`);
    for (const f of details.falsePositives) console.log(`  ${f.code}  ${path.relative(corpus, f.file)}:${f.line}  ${f.message}`);
  }
  if (problems.length) {
    console.log(`\nproblems (${problems.length}):`);
    for (const p of problems) console.log(`  ${p}`);
    process.exit(2);
  }
  process.exit(meetsTargets(rows) ? 0 : 1);
}

void main();
