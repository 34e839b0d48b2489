import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scan } from "../../src/engine/run.js";
import { BaselineError, createBaseline, filterBaseline, parseBaseline, serializeBaseline, type Baseline } from "../../src/engine/baseline.js";
import type { Finding } from "../../src/engine/finding.js";
import { cli } from "../helpers/cli.js";

let dir: string;
const w = (rel: string, text: string): string => {
  const p = path.join(dir, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
};

const APP = `import subprocess


def deploy(target):
    subprocess.run("deploy " + target, shell=True)
    return True
`;

/** Findings of a scan of `root` (shell injection only, so the test speaks of one rule). */
async function findings(root: string): Promise<Finding[]> {
  return (await scan([root], { select: ["PW202"], audit: false, cwd: dir })).findings;
}
/** Findings of `root` that `baseline` does not account for. */
async function fresh(root: string, baseline: Baseline): Promise<Finding[]> {
  return filterBaseline(await findings(root), baseline).findings;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-baseline-"));
  fs.mkdirSync(path.join(dir, ".git"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("baseline matching", () => {
  it("survives line shifts and unrelated edits; a second identical call is one new finding; a move is no new finding", async () => {
    const root = path.join(dir, "p1");
    w("p1/app/deploy.py", APP);
    const before = await findings(root);
    expect(before.map((f) => `${f.code}:${f.line}`)).toEqual(["PW202:5"]);
    // written to disk and read back, as --write-baseline / --baseline do
    const baseline = parseBaseline(serializeBaseline(createBaseline(before)), "baseline.json");

    // three blank lines inserted at the top, and an unrelated function added
    w("p1/app/deploy.py", `\n\n\n${APP}\n\ndef unrelated(x):\n    return x * 2\n`);
    const shifted = await findings(root);
    expect(shifted.map((f) => f.line)).toEqual([8]);
    expect(await fresh(root, baseline)).toEqual([]);

    // then a second, identical vulnerable call in the same function: exactly one new finding
    w("p1/app/deploy.py", `\n\n\n${APP.replace("    return True\n", '    subprocess.run("deploy " + target, shell=True)\n    return True\n')}\n\ndef unrelated(x):\n    return x * 2\n`);
    const twice = await fresh(root, baseline);
    expect(twice.map((f) => `${f.path.split("/").slice(-1)[0]}:${f.line}`)).toEqual(["deploy.py:9"]);

    // the original file moved, unchanged, to another directory: no new finding
    w("p1/app/deploy.py", "");
    fs.rmSync(path.join(root, "app", "deploy.py"));
    w("p1/services/ops/deploy.py", APP);
    const moved = await findings(root);
    expect(moved.map((f) => f.path)).toEqual(["p1/services/ops/deploy.py"]);
    expect(await fresh(root, baseline)).toEqual([]);
  });

  it("survives a formatter's run: line splits with a trailing comma, quote style, spaces around =, comments", async () => {
    const root = path.join(dir, "fmt");
    w("fmt/app.py", "import subprocess\ndef deploy(target):\n    subprocess.run('deploy ' + target, shell = True, cwd='/srv')\n");
    const baseline = parseBaseline(serializeBaseline(createBaseline(await findings(root))), "baseline.json");
    expect(Object.keys(baseline.findings)).toHaveLength(1);
    w("fmt/app.py", 'import subprocess\n\n\ndef deploy(target):\n    subprocess.run(\n        "deploy " + target,  # the target host\n        shell=True,\n        cwd="/srv",\n    )\n');
    expect(await fresh(root, baseline)).toEqual([]);
    // a real change is still new
    w("fmt/app.py", 'import subprocess\n\n\ndef deploy(target):\n    subprocess.run(\n        "redeploy " + target,\n        shell=True,\n        cwd="/srv",\n    )\n');
    expect(await fresh(root, baseline)).toHaveLength(1);
  });

  it("normalises tokens, keeping what changes meaning", async () => {
    const { normaliseCode } = await import("../../src/engine/fingerprint.js");
    expect(normaliseCode("f(a, b,\n)")).toBe(normaliseCode("f(a,b)"));
    expect(normaliseCode("x = {'k': 'it\\'s'}")).toBe(normaliseCode('x = {"k": "it\'s",}'));
    expect(normaliseCode("x = (a,)")).not.toBe(normaliseCode("x = (a)"));
    expect(normaliseCode("x = (a, b,)")).toBe(normaliseCode("x = (a, b)"));
    expect(normaliseCode("x = 'a'")).not.toBe(normaliseCode("x = 'b'"));
    expect(normaliseCode("x = R'\\d'")).toBe(normaliseCode('x = r"\\d"'));
  });

  it("still reads and matches a version 1 baseline", async () => {
    const root = path.join(dir, "v1");
    w("v1/app.py", APP);
    const now = await findings(root);
    const v1 = {
      schema: "pyward-baseline",
      version: 1,
      findings: Object.fromEntries(now.map((f) => [f.legacyFingerprint!, { count: 1, code: f.code, path: f.path, message: f.message }])),
    };
    expect(now[0].legacyFingerprint).not.toBe(now[0].fingerprint);
    const baseline = parseBaseline(JSON.stringify(v1), "old.json");
    expect(await fresh(root, baseline)).toEqual([]);
  });

  it("counts per fingerprint: the same statement in another function is new, a fixed one frees its count", async () => {
    const root = path.join(dir, "p2");
    w("p2/a.py", APP);
    const baseline = createBaseline(await findings(root));
    w("p2/a.py", `${APP}\n\ndef rollback(target):\n    subprocess.run("deploy " + target, shell=True)\n`);
    expect((await fresh(root, baseline)).map((f) => f.line)).toEqual([10]);
    w("p2/a.py", "import subprocess\n");
    expect(await fresh(root, baseline)).toEqual([]);
  });

  it("writes deterministic, human-readable files", async () => {
    const root = path.join(dir, "p3");
    w("p3/a.py", `${APP}${APP.replace("deploy(", "other(")}`);
    const fs1 = await findings(root);
    const text = serializeBaseline(createBaseline(fs1));
    expect(text).toBe(serializeBaseline(createBaseline([...fs1].reverse())));
    const doc = JSON.parse(text);
    expect(doc.schema).toBe("pyward-baseline");
    expect(doc.version).toBe(2);
    const entries = Object.entries(doc.findings) as [string, { count: number; code: string; path: string; message: string }][];
    expect(entries.length).toBe(2);
    for (const [fp, e] of entries) {
      expect(fp).toMatch(/^[0-9a-f]{32}$/);
      expect(e).toMatchObject({ count: 1, code: "PW202", path: "p3/a.py" });
      expect(e.message).toMatch(/shell/);
    }
    expect(Object.keys(doc.findings)).toEqual(Object.keys(doc.findings).sort());
  });

  it("rejects malformed baselines with one line", () => {
    const bad = (text: string): string => {
      try {
        parseBaseline(text, "b.json");
      } catch (e) {
        expect(e).toBeInstanceOf(BaselineError);
        expect((e as Error).message).not.toMatch(/\n/);
        return (e as Error).message;
      }
      throw new Error("accepted");
    };
    expect(bad("{ nope")).toMatch(/^b\.json: not a pyward baseline \(invalid JSON: /);
    expect(bad("[]")).toBe('b.json: not a pyward baseline (expected "schema": "pyward-baseline"; write one with --write-baseline)');
    expect(bad('{"schema":"pyward-baseline","version":9,"findings":{}}')).toBe("b.json: baseline version 9 is not supported (expected 1 or 2)");
    expect(bad('{"schema":"pyward-baseline","version":1,"findings":[]}')).toBe('b.json: "findings" must be an object of fingerprint → entry');
    expect(bad('{"schema":"pyward-baseline","version":1,"findings":{"ab":{"count":0}}}')).toBe('b.json: entry ab: "count" must be a positive integer');
  });
});

describe("--write-baseline and --baseline", () => {
  it("records today's findings and then reports only new ones", async () => {
    const root = path.join(dir, "c1");
    w("c1/app.py", APP);
    const file = path.join(dir, "c1-baseline.json");
    const write = await cli("check", root, "--select", "PW202", "--no-audit", "--write-baseline", file);
    expect(write.code).toBe(1); // the report and exit code are as usual
    expect(write.stderr).toBe(`pyward: wrote baseline ${file} (1 finding)\n`);
    expect(JSON.parse(fs.readFileSync(file, "utf8")).findings).toBeTypeOf("object");

    w("c1/app.py", `\n\n\n${APP}\ndef unrelated():\n    pass\n`);
    const same = await cli("check", root, "--select", "PW202", "--no-audit", "--baseline", file, "--format", "json");
    expect(same.code).toBe(0);
    const report = JSON.parse(same.stdout);
    expect(report.findings).toEqual([]);
    expect(report.notes).toContainEqual({ path: "", reason: `1 known finding in the baseline ${file} not reported` });

    // a second, identical vulnerable call in the same function: exactly one new finding
    w("c1/app.py", `\n\n\n${APP.replace("    return True\n", '    subprocess.run("deploy " + target, shell=True)\n    return True\n')}\ndef unrelated():\n    pass\n`);
    const text = await cli("check", root, "--select", "PW202", "--no-audit", "--baseline", file);
    expect(text.code).toBe(1);
    expect(text.stdout.match(/PW202 \[high\]/g)?.length).toBe(1);
    expect(text.stdout).toMatch(/app\.py:9:5: PW202/);
  });

  it("exits 2 with one line for a malformed or missing baseline", async () => {
    const root = path.join(dir, "c2");
    w("c2/app.py", APP);
    const bad = w("c2-bad.json", '{"schema": "pyward-baseline", "version": 1, "findings": {"x": {"count": "two"}}}');
    const r = await cli("check", root, "--baseline", bad);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`pyward: ${bad}: entry x: "count" must be a positive integer\n`);
    const missing = await cli("check", root, "--baseline", path.join(dir, "none.json"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`pyward: cannot read baseline ${path.join(dir, "none.json")} (ENOENT)\n`);
  });
});
