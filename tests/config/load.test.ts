import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig, loadConfigFile } from "../../src/config/index.js";

let dir: string;
/** Writes a file under the temporary directory (creating parents) and returns its absolute path. */
const w = (rel: string, text = ""): string => {
  const p = path.join(dir, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
};
const repo = (name: string): string => {
  fs.mkdirSync(path.join(dir, name, ".git"), { recursive: true });
  return path.join(dir, name);
};
const failure = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error("no error");
};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-config-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("finding the configuration", () => {
  it("walks up from the scanned path to [tool.pyward], passing over a pyproject.toml without it", () => {
    const root = repo("walk");
    w("walk/pyproject.toml", '[project]\nname = "x"\n\n[tool.pyward]\nselect = ["B602"]\n');
    w("walk/pkg/sub/pyproject.toml", '[project]\nname = "sub"\n');
    const file = w("walk/pkg/sub/mod.py", "x = 1\n");
    const c = loadConfig({ paths: [file], cwd: root })!;
    expect(c.file).toBe(path.join(root, "pyproject.toml"));
    expect(c.display).toBe("pyproject.toml");
    expect(c.kind).toBe("pyproject.toml");
    expect(c.dir).toBe(root);
    expect(c.settings).toEqual({ select: ["B602"] });
    expect(c.lines).toEqual({ select: 5 });
    // the search starts at the current directory when no path is given
    expect(loadConfig({ cwd: path.join(root, "pkg") })?.file).toBe(path.join(root, "pyproject.toml"));
  });

  it("prefers pyward.toml to pyproject.toml in the same directory, and the nearest directory", () => {
    const root = repo("both");
    w("both/pyproject.toml", '[tool.pyward]\nselect = ["B602"]\n');
    w("both/pyward.toml", 'ignore = ["B101"]\n[rules.PW321]\nmin-iterations-sha256 = 700000\n');
    const c = loadConfig({ paths: [root], cwd: dir })!;
    expect(c.kind).toBe("pyward.toml");
    expect(c.table).toBe("");
    expect(c.settings).toEqual({ ignore: ["B101"], rules: { PW321: { minIterationsSha256: 700000 } } });
    expect(c.lines).toEqual({ ignore: 1, rules: 2, "rules.PW321": 2, "rules.PW321.min-iterations-sha256": 3 });
    w("both/inner/pyproject.toml", '[tool.pyward]\nfail-on = "high"\n');
    expect(loadConfig({ paths: [path.join(root, "inner")], cwd: dir })?.settings).toEqual({ failOn: "high" });
  });

  it("stops at a .git boundary", () => {
    w("outer/pyproject.toml", '[tool.pyward]\nselect = ["B602"]\n');
    const inner = repo("outer/inner");
    expect(loadConfig({ paths: [inner], cwd: dir })).toBeUndefined();
  });

  it("reads a file named with --config, and none with --isolated", () => {
    const root = repo("explicit");
    w("explicit/pyproject.toml", '[tool.pyward]\nselect = ["B602"]\n');
    const other = w("explicit/ci/strict.toml", 'fail-on = "low"\nmin-confidence = "high"\n');
    const c = loadConfig({ paths: [root], config: other, cwd: root })!;
    expect(c.settings).toEqual({ failOn: "low", minConfidence: "high" });
    expect(c.dir).toBe(path.join(root, "ci"));
    expect(loadConfig({ paths: [root], isolated: true, cwd: root })).toBeUndefined();
    expect(failure(() => loadConfigFile(path.join(root, "missing.toml"), { cwd: root }))).toBe("missing.toml: cannot read configuration file (ENOENT)");
    const bare = w("explicit/plain/pyproject.toml", '[project]\nname = "x"\n');
    expect(failure(() => loadConfigFile(bare, { cwd: root }))).toBe("plain/pyproject.toml: no [tool.pyward] table");
  });

  it("reports TOML syntax errors and bad keys with file and line", () => {
    const root = repo("bad");
    w("bad/pyproject.toml", '[project]\nname = "x"\n\n[tool.pyward]\nselect = ["B602"\n');
    expect(failure(() => loadConfig({ paths: [root], cwd: root }))).toMatch(/^pyproject.toml:\d+: invalid TOML: /);
    w("bad/pyproject.toml", '[project]\nname = "x"\n\n[tool.pyward]\nfail-on = "high"\nselct = ["B602"]\n');
    expect(failure(() => loadConfig({ paths: [root], cwd: root }))).toBe("pyproject.toml:6: [tool.pyward] unknown key 'selct' (did you mean 'select'?)");
    w("bad/pyproject.toml", '[tool.pyward.rules.PW321]\nmin-iterations-sha256 = 1000\nmin-iteration-sha512 = 5\n');
    expect(failure(() => loadConfig({ paths: [root], cwd: root }))).toBe(
      "pyproject.toml:3: [tool.pyward.rules.PW321] unknown option 'min-iteration-sha512' (did you mean 'min-iterations-sha512'?)",
    );
    w("bad/pyproject.toml", "[tool]\npyward = 3\n");
    expect(failure(() => loadConfig({ paths: [root], cwd: root }))).toBe("pyproject.toml:2: [tool.pyward] must be a table");
  });

  it("passes over a broken pyproject.toml that does not mention pyward", () => {
    const root = repo("broken");
    w("broken/pyproject.toml", "[project\nname = \n");
    expect(loadConfig({ paths: [root], cwd: root })).toBeUndefined();
  });
});

describe("Bandit's configuration", () => {
  it("reads [tool.bandit] when there is no pyward configuration, mapping ids through aliases", () => {
    const root = repo("bandit");
    w("bandit/pyproject.toml", '[tool.bandit]\nskips = ["B101", "B999"]\nexclude_dirs = ["./legacy", "tests/fixtures/"]\nassert_used = { skips = ["*_test.py"] }\n');
    const c = loadConfig({ paths: [root], cwd: root })!;
    expect(c.kind).toBe("bandit-pyproject");
    expect(c.settings).toEqual({ ignore: ["PW402"], extendExclude: ["legacy", "tests/fixtures"] });
    expect(c.note).toBe(
      "no pyward configuration found; using Bandit's settings from pyproject.toml [tool.bandit] (skips → ignore PW402; exclude_dirs → extend-exclude legacy, tests/fixtures; no pyward rule for B999)",
    );
  });

  it("reads a .bandit INI file (tests, skips, exclude)", () => {
    const root = repo("ini");
    w("ini/.bandit", "# project settings\n[bandit]\ntests = B602,B324\nskips: B101\nexclude = ./build,\n  ./vendor\n");
    const c = loadConfig({ paths: [root], cwd: root })!;
    expect(c.kind).toBe("bandit-ini");
    expect(c.settings.select!.sort()).toEqual(["PW202", "PW301"].sort());
    expect(c.settings.ignore).toEqual(["PW402"]);
    expect(c.settings.extendExclude).toEqual(["build", "vendor"]);
    expect(c.lines).toMatchObject({ tests: 3, skips: 4, exclude: 5 });
    expect(c.note).toMatch(/^no pyward configuration found; using Bandit's settings from \.bandit \(tests → select PW/);
  });

  it("ignores Bandit's settings when a pyward configuration exists, even further up", () => {
    const root = repo("mixed");
    w("mixed/pyproject.toml", '[tool.pyward]\nselect = ["B602"]\n[tool.bandit]\nskips = ["B602"]\n');
    expect(loadConfig({ paths: [root], cwd: root })?.kind).toBe("pyproject.toml");
    w("mixed/sub/pyproject.toml", '[tool.bandit]\nskips = ["B101"]\n');
    w("mixed/sub/.bandit", "[bandit]\nskips = B101\n");
    const c = loadConfig({ paths: [path.join(root, "sub")], cwd: root })!;
    expect(c.kind).toBe("pyproject.toml");
    expect(c.settings).toEqual({ select: ["B602"] });
    expect(c.note).toBeUndefined();
  });

  it("reads Bandit's pyproject section through --config too", () => {
    const root = repo("banditc");
    const file = w("banditc/pyproject.toml", '[tool.bandit]\ntests = ["B602"]\n');
    expect(loadConfigFile(file, { cwd: root }).settings).toEqual({ select: ["PW202"] });
  });
});
