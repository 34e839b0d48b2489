/**
 * PW702's time budgets are said, not silent: patterns left unchecked because the file's budget ran out give a
 * note on the file, and such a result (which depends on timing) is never cached, so a warm re-run checks the
 * file again instead of replaying the cut-short answer.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scan } from "../../src/engine/run.js";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-redos-budget-"));
  // many distinct patterns, each needing a real analysis (nested quantifiers over overlapping classes)
  const lines = ["import re", ""];
  for (let i = 1; i <= 40; i++) lines.push(`re.match(r"^(\\w+\\s?[a-${String.fromCharCode(97 + (i % 26))}]{0,${i}})*$", input())`);
  fs.mkdirSync(path.join(dir, "proj"));
  fs.writeFileSync(path.join(dir, "proj", "patterns.py"), lines.join("\n") + "\n");
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const run = (fileBudgetMs: number, cacheDir?: string) =>
  scan([path.join(dir, "proj")], { audit: false, jobs: 1, select: ["PW702"], ruleOptions: { PW702: { fileBudgetMs } }, cacheDir, cwd: dir });

describe("PW702 time budgets", () => {
  it("a file whose budget runs out gets a note naming where checking stopped, and its result is not cached", async () => {
    const cache = path.join(dir, "cache");
    const cut = await run(1, cache);
    const notes = cut.notes.filter((n) => n.path.endsWith("patterns.py") && n.reason.startsWith("PW702: "));
    expect(notes.length).toBeGreaterThan(0);
    expect(notes.some((n) => /ran over their 1 ms budget \(option fileBudgetMs\); patterns from line \d+ on were not checked/.test(n.reason))).toBe(true);
    expect(cut.cache?.writes).toBe(0); // neither the file's result nor the whole run
    const again = await run(1, cache);
    expect(again.cache?.whole ?? false).toBe(false);
    expect(again.cache?.hits).toBe(0); // analysed again
    expect(again.notes.filter((n) => n.reason.startsWith("PW702: ")).length).toBeGreaterThan(0);
  }, 120_000);

  it("with the default budget every pattern is checked, without a budget note", async () => {
    const full = await run(60_000);
    expect(full.findings.filter((f) => f.code === "PW702").length).toBe(40);
    expect(full.notes.filter((n) => n.reason.includes("fileBudgetMs"))).toEqual([]);
  }, 120_000);
});
