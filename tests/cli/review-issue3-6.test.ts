/** Fixes from a fresh review of the rule catalogue (issue 3) and of configuration, formats and integrations (issue 6). */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";

let dir: string;
const w = (rel: string, text: string): string => {
  const p = path.join(dir, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
};
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-review36-"));
  fs.mkdirSync(path.join(dir, ".git"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("review fixes (issues 3 and 6)", () => {
  it("masks secrets in every format when the secret rules are not selected or are ignored", async () => {
    const f = w("mask/api.py", 'import requests\nrequests.post("http://x", data={"password": "Winter2099!"})\nrequests.get(url, auth=("admin", "S3cr3tPassw0rd!"))\n');
    w("mask/pyproject.toml", '[tool.pyward]\nignore = ["PW303", "PW328"]\n');
    const runs = [["--select", "B113"], ["--ignore", "PW303"], []];
    for (const sel of runs) {
      for (const format of ["text", "junit", "html", "json", "sarif"]) {
        const r = await cli("check", f, "--no-audit", "--format", format, ...sel);
        expect(r.stdout, `${format} ${sel.join(" ")}`).toContain("PW604");
        expect(r.stdout).not.toMatch(/Winter2099!|S3cr3tPassw0rd!/);
        // the secret rule ran only for its mask ranges: none of its findings is reported
        if (format === "sarif") expect(r.stdout).not.toContain('"ruleId": "PW303"');
        else expect(r.stdout).not.toContain("PW303");
      }
    }
  });

  it("knows Bandit's B704 and names ids Bandit withdrew", async () => {
    const f = w("markup/views.py", "from markupsafe import Markup\ndef badge(label):\n    return Markup('<b>' + label + '</b>')\n");
    const r = await cli("check", f, "--no-audit", "--select", "B704");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("PW502");
    const gone = await cli("check", f, "--no-audit", "--select", "B309");
    expect(gone.code).toBe(2);
    expect(gone.stderr).toMatch(/^pyward: unknown rule 'B309' \(Bandit removed B309 .*see 'pyward rules'\)\n$/);
  });

  it("treats a constant **{...} splat as keyword arguments", async () => {
    const f = w("splat/run.py", 'import subprocess as sp\ndef go(cmd):\n    sp.call(cmd, **{"shell": True})\n    sp.call(cmd, **{"shell": False})\n');
    const r = await cli("check", f, "--no-audit", "--select", "PW202", "--format", "json");
    expect(JSON.parse(r.stdout).findings.map((x: { line: number }) => x.line)).toEqual([3]);
  });

  it("config --show of a missing path is an error in one line", async () => {
    const r = await cli("config", "--show", path.join(dir, "nonexist"));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`pyward: ${path.join(dir, "nonexist")}: no such file or directory\n`);
    expect(r.stdout).toBe("");
  });

  it("says the size limit in a unit that does not round to zero", async () => {
    const f = w("size/a.py", "x = 1\n".repeat(100));
    const r = await cli("check", f, "--no-audit", "--max-file-size", "0.0001", "--format", "json");
    expect(JSON.parse(r.stdout).findings[0].message).toBe("file is 600 bytes, over the 105 bytes limit (--max-file-size); not analysed");
  });

  it("counts templates in the summary of a run that scanned only templates", async () => {
    const t = w("tpl/page.html", "<p>{{ name }}</p>\n");
    const r = await cli("check", path.dirname(t), "--no-audit");
    expect(r.stdout).toBe("No findings in 1 template.\n");
  });

  it("merge-sarif refuses the same unsharded log twice and prints one prefix", async () => {
    const f = w("merge/a.py", 'import os\nos.system("a" + x)\n');
    const sarif = path.join(dir, "merge", "a.sarif");
    await cli("check", f, "--no-audit", "--format", "sarif", "-o", sarif);
    const r = await cli("merge-sarif", path.join(dir, "merge", "out.sarif"), sarif, sarif);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`pyward: ${sarif}: run 1 is the same as ${sarif} (run 1); each run may be merged once\n`);
    expect(fs.existsSync(path.join(dir, "merge", "out.sarif"))).toBe(false);
  });

  const CLI = path.resolve("dist/cli/main.js");
  it.skipIf(!fs.existsSync(CLI))("exits quietly when the reader of standard output stops early (EPIPE)", () => {
    const f = w("pipe/a.py", 'import os\n' + 'os.system("a" + x)\n'.repeat(3000));
    for (const cmd of [`rules --format json`, `check --no-audit ${JSON.stringify(f)}`]) {
      const r = spawnSync("bash", ["-c", `set -o pipefail; node ${JSON.stringify(CLI)} ${cmd} | head -c 10 >/dev/null; echo "codes \${PIPESTATUS[*]}" >&2`], { encoding: "utf8" });
      expect(r.stderr, cmd).not.toMatch(/EPIPE|Error|at /);
      expect(r.stderr).toMatch(cmd.startsWith("rules") ? /^codes 0 0\n$/ : /^codes 1 0\n$/);
    }
  });

  it("binds each --format to the --output after it, and refuses contradictions and duplicates in one line", async () => {
    const f = w("fmt/a.py", 'import os\nos.system("a" + x)\n');
    const sarif = path.join(dir, "fmt", "out.sarif");
    const gitlab = path.join(dir, "fmt", "out.gitlab.json");
    const r = await cli("check", f, "--no-audit", "-o", sarif, "--format", "gitlab", "-o", gitlab);
    expect(r.code).toBe(1);
    expect(JSON.parse(fs.readFileSync(sarif, "utf8")).version).toBe("2.1.0");
    expect(JSON.parse(fs.readFileSync(gitlab, "utf8")).vulnerabilities).toHaveLength(1);
    const bad = await cli("check", f, "--no-audit", "--format", "gitlab", "-o", path.join(dir, "fmt", "x.sarif"));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^pyward: --format gitlab does not fit --output .*x\.sarif \(a \.sarif file holds sarif\); give each --format just before its --output\n$/);
    const twice = await cli("check", f, "--no-audit", "-o", path.join(dir, "fmt", "x.json"), "-o", path.join(dir, "fmt", "x.json"));
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/^pyward: --output .*x\.json is given twice; each report needs its own file\n$/);
    expect(fs.existsSync(path.join(dir, "fmt", "x.json"))).toBe(false);
  });

  it.skipIf(!fs.existsSync("/proc/self"))("names the real reason an output in an existing directory cannot be written", async () => {
    const f = w("proc/a.py", "x = 1\n");
    const r = await cli("check", f, "--no-audit", "--format", "json", "-o", "/proc/out.json");
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain("no such directory");
    expect(r.stderr).toMatch(/^pyward: cannot write \/proc\/out\.json: .*\((ENOENT|EACCES|EPERM|EROFS)\)\n$/);
  });

  it("keeps the GitHub action's own reports apart from --format/--output in its args", async () => {
    const f = w("action/a.py", 'import os\nos.system("a" + x)\n');
    const at = (name: string): string => path.join(dir, "action", name);
    // the argument vector action.yml builds: paths, args, then its own fully bound pairs
    for (const args of [["--format", "json", "-o", at("extra.json")], ["-o", at("extra.json")], ["--output", at("extra.json"), "--format", "json"]]) {
      fs.rmSync(at("extra.json"), { force: true });
      const r = await cli("check", f, "--no-audit", ...args, "--format", "sarif", "--output", at("pyward.sarif"), "--format", "text", "--output", "-");
      expect(r.code, args.join(" ")).toBe(1);
      expect(JSON.parse(fs.readFileSync(at("extra.json"), "utf8")).findings).toHaveLength(1);
      expect(JSON.parse(fs.readFileSync(at("pyward.sarif"), "utf8")).version).toBe("2.1.0");
      expect(r.stdout).toMatch(/^.*a\.py:2:1: PW203 /);
    }
  });
});
