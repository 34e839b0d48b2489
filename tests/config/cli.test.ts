import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "smol-toml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { validateSettings } from "../../src/config/schema.js";
import { ALL_RULES } from "../../src/rules/index.js";

let dir: string;
const w = (rel: string, text: string): string => {
  const p = path.join(dir, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
};
/** A project directory bounded by `.git`, so the configuration search stops there. */
const project = (name: string, files: Record<string, string>): string => {
  fs.mkdirSync(path.join(dir, name, ".git"), { recursive: true });
  for (const [rel, text] of Object.entries(files)) w(path.join(name, rel), text);
  return path.join(dir, name);
};
/** `file:code` of each finding of a json report, with paths relative to `root`. */
const found = (stdout: string, root: string): string[] =>
  JSON.parse(stdout).findings.map((f: { path: string; code: string }) => `${path.relative(root, path.resolve(f.path)).split(path.sep).join("/")}:${f.code}`);

const ASSERTS = { "tests/test_x.py": "def test_x():\n    assert 1 + 1 == 2\n", "app/x.py": "def f(x):\n    assert x, 'x must be set'\n    return x\n" };

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-config-cli-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("configuration from the command line", () => {
  it('per-file-ignores = { "tests/**" = ["B101"] }: assert not reported in tests/test_x.py, reported in app/x.py', async () => {
    const root = project("pfi", { ...ASSERTS, "pyproject.toml": '[tool.pyward]\nextend-select = ["B101"]\nper-file-ignores = { "tests/**" = ["B101"] }\n' });
    // control: selected explicitly, PW402 (assert-used, B101) is reported in test files too
    const control = await cli("check", root, "--isolated", "--extend-select", "B101", "--format", "json", "--no-audit");
    expect(found(control.stdout, root)).toEqual(["app/x.py:PW402", "tests/test_x.py:PW402"]);
    const r = await cli("check", root, "--format", "json", "--no-audit");
    expect(r.code).toBe(1);
    expect(found(r.stdout, root)).toEqual(["app/x.py:PW402"]);
    // scanning a subdirectory or one file: globs stay relative to the configuration's directory
    const sub = await cli("check", path.join(root, "tests"), "--format", "json", "--no-audit");
    expect(found(sub.stdout, root)).toEqual([]);
    expect(sub.code).toBe(0);
    const one = await cli("check", path.join(root, "app", "x.py"), "--format", "json", "--no-audit");
    expect(found(one.stdout, root)).toEqual(["app/x.py:PW402"]);
    // `./tests/` and a bare directory name work too
    w("pfi/pyproject.toml", '[tool.pyward]\nextend-select = ["B101"]\nper-file-ignores = { "./tests/" = ["assert-used"] }\n');
    expect(found((await cli("check", root, "--format", "json", "--no-audit")).stdout, root)).toEqual(["app/x.py:PW402"]);
    w("pfi/pyproject.toml", '[tool.pyward]\nextend-select = ["B101"]\nper-file-ignores = { "x.py" = ["S101"] }\n');
    expect(found((await cli("check", root, "--format", "json", "--no-audit")).stdout, root)).toEqual(["tests/test_x.py:PW402"]);
  });

  it("[tool.pyward] selct = [...] → exit 2 naming the file, the line, the key and a suggestion", async () => {
    const root = project("typo", { "a.py": "x = 1\n", "pyproject.toml": '[project]\nname = "demo"\n\n[tool.pyward]\nselct = ["B602"]\n' });
    const r = await cli("check", root);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`pyward: ${path.join(root, "pyproject.toml")}:5: [tool.pyward] unknown key 'selct' (did you mean 'select'?)\n`);
    const show = await cli("config", "--show", root);
    expect(show.code).toBe(2);
    expect(show.stderr).toMatch(/unknown key 'selct' \(did you mean 'select'\?\)\n$/);
    // --isolated reads no configuration at all
    expect((await cli("check", root, "--isolated")).code).toBe(0);
  });

  it("applies rule options from [tool.pyward.rules.<code>]", async () => {
    const src = "import hashlib\n\nkey = hashlib.pbkdf2_hmac('sha256', pw, salt, 650_000)\n";
    const root = project("opts", { "kdf.py": src });
    expect(found((await cli("check", root, "--format", "json", "--no-audit")).stdout, root)).toEqual([]);
    w("opts/pyproject.toml", "[tool.pyward.rules.PW321]\nmin-iterations-sha256 = 700000\n");
    const r = await cli("check", root, "--format", "json", "--no-audit");
    expect(found(r.stdout, root)).toEqual(["kdf.py:PW321"]);
    expect(JSON.parse(r.stdout).findings[0].message).toMatch(/at least 700,000/);
    w("opts/pyproject.toml", "[tool.pyward.rules.pbkdf2-low-iterations]\nmin-iterations-sha256 = true\n");
    const bad = await cli("check", root);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/pyproject\.toml:2: \[tool\.pyward\.rules\.pbkdf2-low-iterations\] min-iterations-sha256: expected an integer, got true\n$/);
  });

  it("anchors excludes at the configuration's directory and lets the command line override the file", async () => {
    const root = project("excl", {
      "pyward.toml": 'extend-exclude = ["src/generated"]\nfail-on = "high"\nmin-severity = "medium"\n',
      "src/generated/gen.py": "import hashlib\nhashlib.md5(b'x')\n",
      "src/app/weak.py": "import hashlib\nhashlib.md5(b'x')\n",
      "src/app/low.py": "def f(x):\n    assert x\n",
    });
    const r = await cli("check", path.join(root, "src"), "--format", "json", "--no-audit");
    expect(found(r.stdout, root)).toEqual(["src/app/weak.py:PW301"]);
    expect(r.code).toBe(0); // fail-on high, PW301 is medium
    const cliWins = await cli("check", path.join(root, "src"), "--format", "json", "--no-audit", "--fail-on", "medium", "--min-severity", "low");
    expect(cliWins.code).toBe(1);
    // --min-severity low wins over the file's "medium": the low PW402 finding comes back
    expect(found(cliWins.stdout, root)).toEqual(["src/app/low.py:PW402", "src/app/weak.py:PW301"]);
  });

  it("--config names the file; --config with --isolated is a usage error", async () => {
    const root = project("named", { "a.py": "import hashlib\nhashlib.md5(b'x')\n", "ci/pyward-ci.toml": 'ignore = ["weak-hash"]\n' });
    expect((await cli("check", root, "--no-audit")).code).toBe(1);
    expect((await cli("check", root, "--no-audit", "-c", path.join(root, "ci", "pyward-ci.toml"))).code).toBe(0);
    const both = await cli("check", root, "--config", path.join(root, "ci", "pyward-ci.toml"), "--isolated");
    expect(both.code).toBe(2);
    expect(both.stderr).toBe("pyward: use either --config FILE or --isolated, not both\n");
    const missing = await cli("check", root, "-c", path.join(root, "nope.toml"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.toml: cannot read configuration file \(ENOENT\)\n$/);
  });

  it("falls back to Bandit's settings and says so on stderr (not with --quiet)", async () => {
    const root = project("bandit", { ...ASSERTS, "pyproject.toml": '[tool.bandit]\ntests = ["B101"]\nexclude_dirs = ["tests"]\n' });
    const r = await cli("check", root, "--format", "json", "--no-audit");
    expect(found(r.stdout, root)).toEqual(["app/x.py:PW402"]);
    expect(r.stderr).toMatch(/^pyward: no pyward configuration found; using Bandit's settings from .*pyproject\.toml \[tool\.bandit\] \(tests → select PW402; exclude_dirs → extend-exclude tests\)\n$/);
    const quiet = await cli("check", root, "--format", "json", "--no-audit", "--quiet");
    expect(quiet.stderr).toBe("");
    // with a pyward configuration, Bandit's section is not read
    w("bandit/pyproject.toml", '[tool.bandit]\ntests = ["B101"]\nexclude_dirs = ["tests"]\n\n[tool.pyward]\nignore = ["B101"]\n');
    const own = await cli("check", root, "--format", "json", "--no-audit");
    expect(found(own.stdout, root)).toEqual([]);
    expect(own.stderr).toBe("");
  });
});

describe("pyward config --show", () => {
  it("prints the effective configuration as TOML, with where each value came from, that reads back as a pyward.toml", async () => {
    const root = project("show", {
      "pyproject.toml": '[tool.pyward]\nselect = ["PW3", "B602"]\nfail-on = "medium"\ntarget-version = "py311"\nper-file-ignores = { "tests/**" = ["B101"] }\n\n[tool.pyward.rules.PW321]\nmin-iterations-sha256 = 700000\n',
    });
    const r = await cli("config", "--show", root);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# pyward: effective configuration\n# source: .*pyproject\.toml \[tool\.pyward\]\n/);
    expect(r.stdout).toMatch(/^select = \["PW3", "B602"\] +# .*pyproject\.toml:2$/m);
    expect(r.stdout).toMatch(/^fail-on = "medium" +# .*pyproject\.toml:3$/m);
    expect(r.stdout).toMatch(/^target-version = "3\.11" +# .*pyproject\.toml:4$/m);
    expect(r.stdout).toMatch(/^min-severity = "low" +# default$/m);
    expect(r.stdout).toMatch(/^per-file-ignores = \{ "tests\/\*\*" = \["B101"\] \} +# .*pyproject\.toml:5$/m);
    expect(r.stdout).toMatch(/^\[rules\.PW321\] +# pbkdf2-low-iterations\nmin-iterations-sha1 = 1300000 +# default\nmin-iterations-sha256 = 700000 +# .*pyproject\.toml:8$/m);
    const doc = parse(r.stdout) as Record<string, unknown>;
    expect(() => validateSettings(doc, { file: "shown", table: [], line: () => 1 }, ALL_RULES)).not.toThrow();
    expect((doc.rules as Record<string, Record<string, unknown>>).PW321["min-iterations-sha256"]).toBe(700000);
  });

  it("prints JSON with --format json, and the defaults when there is no configuration", async () => {
    const root = project("showjson", { "pyward.toml": 'ignore = ["B101"]\n' });
    const r = await cli("config", root, "--format", "json");
    const doc = JSON.parse(r.stdout);
    expect(doc.schema).toBe("pyward-config");
    expect(doc.source).toEqual({ file: path.join(root, "pyward.toml"), kind: "pyward.toml", table: null, note: null });
    expect(doc.settings.ignore).toEqual(["B101"]);
    expect(doc.settings.select).toBeNull();
    expect(doc.settings["max-file-size"]).toBe(10);
    expect(doc.settings.rules.PW322).toEqual({ "min-cost": 10 });
    expect(doc.origins.ignore).toBe(`${path.join(root, "pyward.toml")}:1`);
    expect(doc.origins["fail-on"]).toBe("default");
    const none = JSON.parse((await cli("config", "--show", root, "--isolated", "--format", "json")).stdout);
    expect(none.source).toBeNull();
    expect(none.settings.exclude).toContain(".venv");
  });

  it("shows Bandit settings mapped to pyward keys", async () => {
    const root = project("showbandit", { ".bandit": "[bandit]\nskips = B101\n" });
    const r = await cli("config", "--show", root);
    expect(r.stdout).toMatch(/^# source: .*\.bandit \(Bandit settings\)$/m);
    expect(r.stdout).toMatch(/^# note: no pyward configuration found; using Bandit's settings/m);
    expect(r.stdout).toMatch(/^ignore = \["PW402"\] +# .*\.bandit:2 \(Bandit 'skips'\)$/m);
  });
});
