/**
 * The fixture convention: a line that must be flagged carries `# expect: CODE` (several codes separated by
 * commas) at its end, or the comment stands alone on the line above it. Template files use `{# expect: CODE #}`.
 */
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { expect } from "vitest";
import { buildCase, caseArb, loadCorpus } from "../../scripts/fuzz-mutations.mjs";
import { decodePython } from "../../src/parse/decode.js";
import { checkFile, type CheckOptions, type FileResult } from "../../src/engine/check-file.js";

const EXPECT = /(?:#|\{#)\s*expect:\s*([A-Za-z0-9_,\s-]+?)\s*(?:#\})?\s*$/;

/** Expected `code → sorted line numbers` read from a fixture's text. */
export function expectedLines(text: string): Map<string, number[]> {
  const lines = text.split(/\r\n|\n|\r/);
  const out = new Map<string, number[]>();
  lines.forEach((line, i) => {
    const m = EXPECT.exec(line);
    if (!m) return;
    const alone = /^\s*(?:#|\{#)\s*expect:/.test(line);
    const target = alone ? i + 2 : i + 1;
    for (const code of m[1].split(/[\s,]+/).filter(Boolean)) {
      const list = out.get(code) ?? [];
      list.push(target);
      out.set(code, list);
    }
  });
  for (const list of out.values()) list.sort((a, b) => a - b);
  return out;
}

/** Actual `code → sorted line numbers` of a result. */
export function actualLines(result: FileResult): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const f of result.findings) {
    const list = out.get(f.code) ?? [];
    list.push(f.line);
    out.set(f.code, list);
  }
  for (const list of out.values()) list.sort((a, b) => a - b);
  return out;
}

/** Runs the per-file phase on an in-memory Python source. */
export function checkSource(
  text: string,
  options: CheckOptions,
  path = "fixture.py",
  isTest = false,
): Promise<FileResult> {
  return checkFile({ path, moduleName: path.replace(/\.py$/, "").replace(/\//g, "."), bytes: Buffer.from(text, "utf8"), isTest }, options);
}

/** Every rule fixture and every Python file of the example app, as paths from the repository root. */
export function fixtureAndExampleFiles(): string[] {
  return [
    ...fs.readdirSync("tests/fixtures").filter((f) => f.endsWith(".py")).map((f) => path.join("tests/fixtures", f)),
    ...fs.readdirSync("examples/flask_app", { recursive: true }).map(String).filter((f) => f.endsWith(".py")).map((f) => path.join("examples/flask_app", f)),
  ];
}

/**
 * Compares, for every decodable file of {@link fixtureAndExampleFiles} (more than 50 of them), what `differences`
 * lists for its text with nothing: each file is named in a failure.
 */
export async function expectNoDifferencesOnFixtures(differences: (text: string) => Promise<string[]>): Promise<void> {
  const files = fixtureAndExampleFiles();
  expect(files.length).toBeGreaterThan(50);
  for (const file of files) {
    const d = decodePython(fs.readFileSync(file));
    if (d.ok) expect({ file, differences: await differences(d.text) }).toEqual({ file, differences: [] });
  }
}

/** The same over `numRuns` fuzz-mutated snippets of the fixtures (scripts/fuzz-mutations.mjs) from `seed`. */
export async function expectNoDifferencesOnFuzz(differences: (text: string) => Promise<string[]>, numRuns: number, seed: number): Promise<void> {
  const corpus = loadCorpus(".");
  await fc.assert(
    fc.asyncProperty(caseArb(corpus.length), async (c) => {
      const d = decodePython(buildCase(c, corpus));
      if (d.ok) expect(await differences(d.text)).toEqual([]);
    }),
    { numRuns, seed, endOnFailure: true },
  );
}
