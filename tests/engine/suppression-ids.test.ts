/**
 * A suppression comment silences a problem whatever rule ends up reporting it: a taint finding that replaces a
 * pattern finding at its sink, and a rule that supersedes another, answer to each other's ids too (one step).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { scan } from "../../src/engine/run.js";
import { suppressionIds } from "../../src/engine/suppression-ids.js";
import { findRule } from "../../src/rules/index.js";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** Codes and lines of the findings of a Flask view whose shell call (line 7) ends with `comment`, and of an MD5 of a password (line 10). */
async function findingsWith(shellComment: string, hashComment = ""): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-suppression-ids-"));
  dirs.push(dir);
  const src = [
    "import hashlib, os, subprocess",
    "from flask import Flask, request",
    "app = Flask(__name__)",
    "@app.route('/run')",
    "def run():",
    "    cmd = request.args['cmd']",
    `    subprocess.run(cmd, shell=True)${shellComment}`,
    "",
    "def store(password):",
    `    return hashlib.md5(password.encode()).hexdigest()${hashComment}`,
    "",
  ].join("\n");
  fs.writeFileSync(path.join(dir, "app.py"), src);
  const r = await scan([dir], { cwd: dir, audit: false, select: ["PW202", "PW251", "PW301", "PW320"] });
  return r.findings.map((f) => `${f.line} ${f.code}`);
}

describe("suppressions across folded rules", () => {
  it("without a comment, each problem is reported once, by the folding rule", async () => {
    expect(await findingsWith("")).toEqual(["7 PW251", "10 PW320"]);
  });

  it.each([
    ["  # nosec B602", "the pattern rule's Bandit alias"],
    ["  # noqa: S602", "the pattern rule's Ruff alias"],
    ["  # pyward: ignore[PW202]", "the pattern rule's code"],
    ["  # pyward: ignore[PW251]", "the taint rule's code (the folded pattern finding does not show again)"],
    ["  # pyward: ignore[command-injection]", "the taint rule's name"],
  ])("`%s` (%s) silences the shell call's flow and pattern finding alike", async (comment) => {
    expect(await findingsWith(comment)).toEqual(["10 PW320"]);
  });

  it("a superseding rule and the rule it supersedes silence each other", async () => {
    expect(await findingsWith("", "  # nosec B324")).toEqual(["7 PW251"]);
    expect(await findingsWith("", "  # pyward: ignore[PW320]")).toEqual(["7 PW251"]);
  });

  it("leaves unrelated ids alone", async () => {
    expect(await findingsWith("  # nosec B608")).toEqual(["7 PW251", "10 PW320"]);
  });

  it("is one step: a pattern rule's id reaches the taint rule that folds it, not that rule's other pattern rules", () => {
    const ids = (code: string) => suppressionIds(findRule(code)!.meta);
    expect(ids("PW251")).toEqual(expect.arrayContaining(["PW251", "PW202", "B602", "S602", "PW203"]));
    expect(ids("PW202")).toEqual(expect.arrayContaining(["PW202", "B602", "PW251"]));
    expect(ids("PW202")).not.toContain("PW203");
    expect(ids("PW301")).toEqual(expect.arrayContaining(["PW301", "B324", "PW320"]));
  });
});
