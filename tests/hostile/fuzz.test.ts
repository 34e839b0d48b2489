/**
 * Property-based fuzzing of the per-file phase: real Python snippets (the rule fixtures and the example app)
 * mutated (tokens deleted, duplicated or swapped, lines spliced from other snippets, random bytes, flipped
 * bytes, truncation, nasty fragments, long repetitions), and the result must be well formed. A modest number
 * of runs with a fixed seed here (FUZZ_SEED / FUZZ_RUNS override); `node scripts/fuzz.mjs --runs 20000` runs
 * many more and keeps failures in tests/hostile/fuzz-regressions/, which are replayed below.
 */
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildCase, caseArb, loadCorpus, problemsOf } from "../../scripts/fuzz-mutations.mjs";
import { checkFile } from "../../src/engine/check-file.js";
import { ALL_RULES } from "../../src/rules/index.js";

const corpus = loadCorpus(".");
const codes = new Set(ALL_RULES.map((r) => r.meta.code));
const REGRESSIONS = path.join("tests", "hostile", "fuzz-regressions");

async function check(bytes: Buffer, name = "fuzz.py"): Promise<string[]> {
  const result = await checkFile({ path: name, moduleName: "fuzz", bytes, isTest: false }, { rules: ALL_RULES, ruleTimeoutMs: 20_000 });
  return problemsOf(result, bytes, codes);
}

describe("fuzzing the per-file phase", () => {
  it("has a corpus of real snippets", () => {
    expect(corpus.length).toBeGreaterThan(50);
  });

  it("returns normally with well-formed findings on mutated snippets", async () => {
    await fc.assert(
      fc.asyncProperty(caseArb(corpus.length), async (c) => {
        const problems = await check(buildCase(c, corpus));
        expect(problems).toEqual([]);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 60), seed: Number(process.env.FUZZ_SEED ?? 20261130), endOnFailure: true },
    );
  }, 180_000);

  const kept = fs.existsSync(REGRESSIONS) ? fs.readdirSync(REGRESSIONS).filter((f) => f.endsWith(".bin")).sort() : [];
  it.each(kept.length ? kept : ["(none yet)"])("replays the regression input %s", async (name) => {
    if (!name.endsWith(".bin")) return;
    const bytes = fs.readFileSync(path.join(REGRESSIONS, name));
    expect(await check(bytes, name.replace(/\.bin$/, ".py"))).toEqual([]);
  });
});
