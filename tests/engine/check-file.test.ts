import { describe, expect, it } from "vitest";
import { ALL_RULES, findRule } from "../../src/rules/index.js";
import { checkSource } from "../helpers/fixtures.js";

const shell = [findRule("PW202")!];

describe("checkFile", () => {
  it("keeps fingerprints stable across line shifts and file moves, distinct across functions", async () => {
    const body = "import subprocess\ndef archive(d):\n    subprocess.run('tar ' + d, shell=True)\n";
    const a = await checkSource(body, { rules: shell }, "a.py");
    const b = await checkSource("\n\n\n# moved\n" + body, { rules: shell }, "pkg/b.py");
    expect(a.findings[0].line).toBe(3);
    expect(b.findings[0].line).toBe(7);
    expect(a.findings[0].fingerprint).toBe(b.findings[0].fingerprint);
    const c = await checkSource(body.replace("archive", "backup"), { rules: shell }, "a.py");
    expect(c.findings[0].fingerprint).not.toBe(a.findings[0].fingerprint);
  });

  it("abandons a file's analysis past its time budget and says so", async () => {
    const src = "import subprocess\n" + "subprocess.run('ls ' + x, shell=True)\n".repeat(2000);
    const r = await checkSource(src, { rules: shell, ruleTimeoutMs: 0 });
    expect(r.findings.some((f) => f.code === "PW003" && /per-file budget/.test(f.message))).toBe(true);
  });

  it("survives deeply nested input without overflowing the stack", async () => {
    const depth = 10_000;
    const src = "import os\nx = " + "(".repeat(depth) + "1" + ")".repeat(depth) + "\nos.system('rm ' + " + "(".repeat(3000) + "y" + ")".repeat(3000) + ")\n" + "z = " + "a + ".repeat(5000) + "b\n";
    const r = await checkSource(src, { rules: ALL_RULES });
    expect(r.errors).toEqual([]);
  });

  it("reports the earliest syntax problem even when the ERROR nodes alone reach the limit", async () => {
    // a MISSING ')' on line 1, then more ERROR nodes than syntaxProblems keeps: the finding still points at line 1
    const src = "def f(:\n  return\n" + Array.from({ length: 100 }, (_, i) => `$$ = ${i}\n`).join("");
    const r = await checkSource(src, { rules: ALL_RULES });
    const pw001 = r.findings.filter((f) => f.code === "PW001");
    expect(pw001.map((f) => [f.line, f.column])).toEqual([[1, 7]]);
    expect(pw001[0].message).toMatch(/^syntax error: missing '\)' \(and 19\+ more\)/);
  });

  it("reports an undecodable file once, with its line", async () => {
    const r = await checkSource("x = 1\n", { rules: ALL_RULES });
    expect(r.findings).toEqual([]);
    const bad = await (await import("../../src/engine/check-file.js")).checkFile(
      { path: "bad.py", moduleName: "bad", bytes: new Uint8Array([0x78, 0x3d, 0x27, 0xff, 0x27, 0x0a]), isTest: false },
      { rules: ALL_RULES },
    );
    expect(bad.findings.map((f) => [f.code, f.line])).toEqual([["PW002", 1]]);
    expect(bad.findings[0].message).toMatch(/invalid UTF-8 \(byte 0xff\)/);
  });

  it("builds a code snippet of the flagged statement", async () => {
    const r = await checkSource("import subprocess\nsubprocess.run(\n    'ls ' + x,\n    shell=True,\n)\n", { rules: shell });
    expect(r.findings[0].snippet).toEqual(["subprocess.run(", "    'ls ' + x,", "    shell=True,", ")"]);
    expect(r.findings[0].statementLines).toEqual([2, 5]);
  });

  it("masks secrets whatever rules are selected, also in test files, and drops unselected secret findings", async () => {
    const src =
      'import requests\n' +
      'requests.post("http://x", data={"password": "Winter2099!"})\n' +
      'requests.get(url, auth=("admin", "S3cr3tPassw0rd!"))\n';
    const timeout = [findRule("PW604")!];
    for (const isTest of [false, true]) {
      const r = await checkSource(src, { rules: timeout, explicit: new Set(["PW604"]) }, isTest ? "tests/test_api.py" : "api.py", isTest);
      expect(r.findings.map((f) => f.code)).toEqual(["PW604", "PW604"]);
      const shown = JSON.stringify(r.findings);
      expect(shown).not.toContain("Winter2099!");
      expect(shown).not.toContain("S3cr3tPassw0rd!");
      expect(r.findings[0].snippet).toEqual(['requests.post("http://x", data={"password": "W****"})']);
    }
    // selected, the secret rule still reports (and the fingerprint of the other rule does not change)
    const all = await checkSource(src, { rules: [...timeout, findRule("PW303")!] }, "api.py");
    expect(all.findings.map((f) => f.code).sort()).toEqual(["PW303", "PW303", "PW604", "PW604"]);
    const alone = await checkSource(src, { rules: timeout }, "api.py");
    expect(alone.findings.map((f) => f.fingerprint)).toEqual(all.findings.filter((f) => f.code === "PW604").map((f) => f.fingerprint));
  });
});
