#!/usr/bin/env node
// Long fuzz run of the per-file phase (issue 7, item 7): mutated real Python snippets, many runs.
//
//   npm run build && node scripts/fuzz.mjs [--runs 20000] [--seed N] [--batch 500]
//
// Runs fast-check in batches of --batch runs, each with its own seed (--seed, then +1, +2, …). A failing case
// (an exception, an internal error, or a malformed finding) is shrunk, printed with its seed, and written to
// tests/hostile/fuzz-regressions/<hash>.bin (the input bytes) and <hash>.json (seed, mutations, problems),
// which tests/hostile/fuzz.test.ts replays. Exits 1 when anything failed.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { checkFile } from "../dist/engine/check-file.js";
import { ALL_RULES } from "../dist/rules/index.js";
import { buildCase, caseArb, loadCorpus, problemsOf } from "./fuzz-mutations.mjs";

const args = process.argv.slice(2);
const value = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const runs = value("--runs", 20_000);
const batch = value("--batch", 500);
const firstSeed = value("--seed", Date.now() % 2 ** 31);
const OUT = path.join("tests", "hostile", "fuzz-regressions");

const corpus = loadCorpus(".");
const codes = new Set(ALL_RULES.map((r) => r.meta.code));

async function problems(bytes) {
  try {
    const result = await checkFile({ path: "fuzz.py", moduleName: "fuzz", bytes, isTest: false }, { rules: ALL_RULES, ruleTimeoutMs: 20_000 });
    return problemsOf(result, bytes, codes);
  } catch (err) {
    return [`threw: ${String(err?.stack ?? err).split("\n").slice(0, 3).join(" | ")}`];
  }
}

const t0 = performance.now();
let done = 0;
let failures = 0;
for (let seed = firstSeed; done < runs; seed++) {
  const numRuns = Math.min(batch, runs - done);
  let found;
  const details = await fc.check(
    fc.asyncProperty(caseArb(corpus.length), async (c) => {
      const p = await problems(buildCase(c, corpus));
      if (p.length) found = p;
      return p.length === 0;
    }),
    { numRuns, seed },
  );
  done += numRuns;
  if (details.failed) {
    failures++;
    const c = details.counterexample[0];
    const bytes = buildCase(c, corpus);
    const p = await problems(bytes);
    const hash = createHash("sha256").update(bytes).digest("hex").slice(0, 16);
    fs.mkdirSync(OUT, { recursive: true });
    fs.writeFileSync(path.join(OUT, `${hash}.bin`), bytes);
    fs.writeFileSync(path.join(OUT, `${hash}.json`), `${JSON.stringify({ seed, path: details.counterexamplePath, case: c, problems: p.length ? p : found }, null, 1)}\n`);
    console.log(`FAIL seed ${seed} (path ${details.counterexamplePath}): ${(p.length ? p : found ?? ["(did not reproduce)"]).join("; ")}`);
    console.log(`     kept as ${path.join(OUT, `${hash}.bin`)}`);
  }
  process.stdout.write(`\r${done}/${runs} runs, ${failures} failing batch(es), ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}
console.log(`\n${done} runs from seed ${firstSeed} in ${((performance.now() - t0) / 1000).toFixed(0)} s: ${failures ? `${failures} failure(s), inputs in ${OUT}/` : "no failure"}`);
process.exitCode = failures ? 1 : 0;
