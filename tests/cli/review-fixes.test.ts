/** Fixes from the first fresh-user review of `pyward check`, each a regression test. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { printable } from "../../src/report/printable.js";

let dir: string;
const w = (rel: string, text: string): string => {
  const p = path.join(dir, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
};
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-review-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("review fixes", () => {
  it("masks a secret in every finding's code frame, not only the secret rule's", async () => {
    const f = w("leak.py", 'import requests\nrequests.post("https://x", data={"password": "DataDictLeak2"})\nPASSWORD = "AssignedLeak6"; requests.get("https://y")\n');
    for (const format of ["text", "json", "sarif"]) {
      const r = await cli("check", f, "--format", format, "--no-audit");
      expect(r.stdout).toContain("PW604");
      expect(r.stdout).not.toMatch(/DataDictLeak2|AssignedLeak6/);
    }
  });

  it("escapes terminal control characters from scanned code and file names", async () => {
    const f = w("esc.py", 'import os\nos.system("\u001b[2J\u001b]0;PWNED\u0007echo " + x)\n');
    const r = await cli("check", f, "--no-audit");
    expect(r.stdout).toContain("PW203");
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(r.stdout).toContain("\\x1b[2J");
    expect(printable("a\u202eb\nc\td")).toBe("a\\u202eb\\x0ac\td");
  });

  it("rejects an unknown --format before scanning, in one line", async () => {
    const out = path.join(dir, "x.json");
    const r = await cli("check", dir, "--format", "json", "-o", out, "--format", "xml", "-o", path.join(dir, "y"));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/'xml' is not one of: /);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(fs.existsSync(out)).toBe(false);
  });

  it("keeps two identical findings in one function apart in SARIF", async () => {
    const f = w("twice.py", 'import os\ndef f(x):\n    os.system("a" + x)\n    os.system("a" + x)\n');
    const r = await cli("check", f, "--format", "sarif", "--no-audit");
    const fps = JSON.parse(r.stdout).runs[0].results.filter((x: { ruleId: string }) => x.ruleId === "PW203").map((x: { partialFingerprints: Record<string, string> }) => x.partialFingerprints["pyward/v2"]);
    expect(fps).toHaveLength(2);
    expect(new Set(fps).size).toBe(2);
    expect(fps[0].split(":")[0]).toBe(fps[1].split(":")[0]);
  });

  it("reports rules that are quiet in test files when --check-tests is given", async () => {
    w("proj/tests/test_login.py", 'PASSWORD = "Hunter2Hunter2"\n');
    const quiet = await cli("check", path.join(dir, "proj"), "--no-audit", "--format", "json");
    expect(JSON.parse(quiet.stdout).findings).toEqual([]);
    const loud = await cli("check", path.join(dir, "proj"), "--no-audit", "--format", "json", "--check-tests");
    expect(JSON.parse(loud.stdout).findings.map((f: { code: string }) => f.code)).toContain("PW303");
  });

  it("clips very long lines in code frames", async () => {
    const f = w("long.py", "x = " + "1 + ".repeat(250_000) + "eval(y)\n");
    const r = await cli("check", f, "--no-audit", "--select", "PW204");
    expect(r.stdout).toContain("PW204");
    expect(r.stdout.length).toBeLessThan(5_000);
    expect(r.stdout).toMatch(/\| …/);
    expect(r.stdout).toMatch(/\n +\| +\^+\n/);
  });
});
