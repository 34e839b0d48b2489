import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";

let dir: string;
const w = (rel: string, text: string | Uint8Array): string => {
  const p = path.join(dir, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-cli-"));
  w("clean/ok.py", "import hashlib\nhashlib.sha256(b'x')\n");
  w("proj/shell.py", "import subprocess\nsubprocess.run('ls ' + d, shell=True)\n");
  w("proj/hash.py", "import hashlib\nhashlib.md5(b'x')\n");
  w("proj/broken.py", "def f(:\n    pass\nimport os\nimport subprocess\nsubprocess.call('rm ' + x, shell=True)\n");
  w("proj/latin.py", new Uint8Array([...Buffer.from("x = '"), 0xe9, ...Buffer.from("'\n")]));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("pyward check", () => {
  it("exits 0 on a clean project", async () => {
    const r = await cli("check", path.join(dir, "clean"));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/No findings in 1 Python file/);
  });

  it("exits 1 with findings, reports every file even when one does not parse or decode", async () => {
    const r = await cli("check", path.join(dir, "proj"), "--format", "json");
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.schema).toBe("pyward-report");
    expect(report.schemaVersion).toBe(1);
    const got = report.findings.map((f: { path: string; line: number; code: string }) => `${path.basename(f.path)}:${f.line}:${f.code}`);
    expect(got).toEqual(["broken.py:1:PW001", "broken.py:5:PW202", "hash.py:2:PW301", "latin.py:1:PW002", "shell.py:2:PW202"]);
    const f = report.findings.find((x: { code: string }) => x.code === "PW202");
    expect(Object.keys(f)).toEqual(["code", "name", "aliases", "cwe", "practice", "severity", "confidence", "path", "line", "column", "endLine", "endColumn", "message", "fingerprint"]);
    expect(f).toMatchObject({ name: "subprocess-shell-injection", aliases: ["B602", "S602"], cwe: ["CWE-78"], severity: "high", column: 1 });
  });

  it("honours --fail-on, --select and --ignore by code, name and alias", async () => {
    const hash = path.join(dir, "proj", "hash.py");
    expect((await cli("check", hash, "--fail-on", "high")).code).toBe(0);
    expect((await cli("check", hash, "--fail-on", "medium")).code).toBe(1);
    expect((await cli("check", hash, "--ignore", "S324")).code).toBe(0);
    expect((await cli("check", hash, "--ignore", "weak-hash")).code).toBe(0);
    expect((await cli("check", hash, "--select", "B602")).code).toBe(0);
    expect((await cli("check", hash, "--select", "PW3")).code).toBe(1);
  });

  it("exits 2 with a one-line message on usage errors", async () => {
    const unknown = await cli("check", dir, "--select", "NOPE1");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe("pyward: unknown rule 'NOPE1' (see 'pyward rules')\n");
    const missing = await cli("check", path.join(dir, "missing"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^pyward: .*missing: no such file or directory\n$/);
    const badOpt = await cli("check", dir, "--fail-on", "severe");
    expect(badOpt.code).toBe(2);
    const twoStdout = await cli("check", dir, "--format", "json", "--format", "sarif");
    expect(twoStdout.code).toBe(2);
  });

  it("writes several formats from one scan, each to its own file", async () => {
    const sarif = path.join(dir, "out.sarif");
    const json = path.join(dir, "out.json");
    const r = await cli("check", path.join(dir, "proj"), "--format", "sarif", "--output", sarif, "--format", "json", "--output", json);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    const log = JSON.parse(fs.readFileSync(sarif, "utf8"));
    expect(log.version).toBe("2.1.0");
    expect(log.runs[0].columnKind).toBe("unicodeCodePoints");
    const rule = log.runs[0].tool.driver.rules.find((x: { id: string }) => x.id === "PW202");
    expect(rule.properties.tags).toContain("external/cwe/cwe-78");
    expect(rule.properties.aliases).toEqual(["B602", "S602"]);
    expect(rule.help.markdown).toMatch(/## Why is this bad\?/);
    const result = log.runs[0].results.find((x: { ruleId: string }) => x.ruleId === "PW202");
    expect(result.partialFingerprints["pyward/v2"]).toMatch(/^[0-9a-f]{32}:1$/);
    expect(result.locations[0].physicalLocation.region.startLine).toBeGreaterThan(0);
    expect(JSON.parse(fs.readFileSync(json, "utf8")).findings.length).toBe(5);
  });

  it("gives byte-identical json and sarif for identical input", async () => {
    const a = await cli("check", path.join(dir, "proj"), "--format", "sarif");
    const b = await cli("check", path.join(dir, "proj"), "--format", "sarif");
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);
  });

  it("reports a file over --max-file-size instead of reading it", async () => {
    const big = w("big/huge.py", "x = 1\n".repeat(200_000));
    const r = await cli("check", big, "--max-file-size", "0.5", "--format", "json");
    const report = JSON.parse(r.stdout);
    expect(report.findings.map((f: { code: string }) => f.code)).toEqual(["PW003"]);
    expect(report.findings[0].message).toMatch(/over the 0.5 MB limit/);
  });

  it("fails with exit 2 and a clear message when the output cannot be written", async () => {
    const r = await cli("check", path.join(dir, "clean"), "--output", path.join(dir, "no", "such", "dir", "out.json"), "--format", "json");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^pyward: cannot write .*out\.json: no such directory \(ENOENT\)\n$/);
  });

  it("prints text with a code frame and a summary", async () => {
    const r = await cli("check", path.join(dir, "proj", "shell.py"));
    expect(r.stdout).toContain("PW202 [high] ");
    expect(r.stdout).toMatch(/ 2 \| subprocess\.run\('ls ' \+ d, shell=True\)\n/);
    expect(r.stdout).toMatch(/\^{10,}/);
    expect(r.stdout).toMatch(/Found 1 finding \(1 high, 0 medium, 0 low\) in 1 Python file \(2 lines\)\./);
    expect(r.stdout).not.toMatch(/\u001b\[/); // no colour when not a TTY
  });
});

describe("pyward rules / explain", () => {
  it("lists rules by practice and explains by code, name or alias", async () => {
    const list = await cli("rules", "--format", "json");
    const rules = JSON.parse(list.stdout);
    expect(rules.find((r: { code: string }) => r.code === "PW202").aliases).toEqual(["B602", "S602"]);
    for (const id of ["PW202", "subprocess-shell-injection", "B602", "s602"]) {
      const e = await cli("explain", id);
      expect(e.code).toBe(0);
      expect(e.stdout).toMatch(/^PW202 subprocess-shell-injection\n/);
      expect(e.stdout).toContain("Why is this bad?");
    }
    expect((await cli("explain", "ZZ999")).code).toBe(2);
  });
});
