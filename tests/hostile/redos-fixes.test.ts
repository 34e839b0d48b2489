/**
 * The regexes tests/hostile/redos.test.ts once listed as super-linear on repository-controlled input, replaced
 * by linear code: each hostile input below (about 200,000 characters) goes through the real reading function
 * and must give the result the old code gave. Still super-linear, most of these would take minutes (the old
 * requirements regex was cubic: 50 s on 4,400 characters); none of the assertions is a timing.
 */
import { describe, expect, it } from "vitest";
import { banditToSettings, readBanditIni } from "../../src/config/bandit.js";
import { effectiveSettings, type LoadedConfig } from "../../src/config/index.js";
import { runAudit } from "../../src/deps/audit.js";
import { MemoryAdvisoryDb } from "../../src/deps/advisories/store.js";
import { planFixes } from "../../src/deps/fix.js";
import { translatePoetryConstraint } from "../../src/deps/manifests/poetry-constraint.js";
import { readPyproject } from "../../src/deps/manifests/pyproject.js";
import { readRequirements } from "../../src/deps/manifests/requirements.js";
import { parseIni, readSetupCfg } from "../../src/deps/manifests/setup-cfg.js";
import { importsInSource } from "../../src/deps/reachability.js";
import { anchorGlob } from "../../src/engine/per-file-ignores.js";
import { ALL_RULES } from "../../src/rules/index.js";
import { cutTail, restOfLine, tailStart, trimEndWhile, trimTrailingSlashes, isSpace } from "../../src/util/text.js";
import { dep, record } from "../deps/audit-helpers.js";
import { checkSource } from "../helpers/fixtures.js";

const N = 200_000;
const blanks = (n = N): string => " ".repeat(n);
const noFiles = { readFile: (): string => { throw new Error("no file"); } };
const summary = (r: ReturnType<typeof readRequirements>) => ({
  dependencies: r.dependencies.map((d) => ({ name: d.name, version: d.version, url: d.url, marker: d.marker, extras: d.extras })),
  problems: r.problems.map((p) => `${p.line}:${p.severity}:${p.message.length > 80 ? `${p.message.slice(0, 80)}…` : p.message}`),
});

describe("src/util/text.ts: the helpers give what the regexes gave", () => {
  const samples = ["", "a", "a/", "a//", "//", "a/b/", "a. .", "x\\ \t", "a#b", "a?b#c", "#x\u2028#y", "a#\u2028", "\u2028", "  x", " \u2028 x", " x\u2028", "\t\n"];
  it("on short samples, against the regex itself", () => {
    for (const s of samples) {
      expect(trimTrailingSlashes(s)).toBe(s.replace(/\/+$/, ""));
      expect(trimEndWhile(s, (c) => c === "\\" || isSpace(c))).toBe(s.replace(/[\s\\]+$/, ""));
      expect(trimEndWhile(s, (c) => c === "." || isSpace(c))).toBe(s.replace(/[.\s]+$/, ""));
      expect(cutTail(s, "?#")).toBe(s.replace(/[?#].*$/, ""));
      expect(tailStart(s, "#")).toBe(s.search(/#.*$/));
      expect(restOfLine(s)).toBe(/^\s*(.*)$/.exec(s)?.[1]);
    }
  });

  it("on runs followed by another character", () => {
    expect(trimTrailingSlashes(`a${"/".repeat(N)}b`)).toBe(`a${"/".repeat(N)}b`);
    expect(trimTrailingSlashes(`a${"/".repeat(N)}`)).toBe("a");
    expect(cutTail(`${"#".repeat(N)}\u2028x`, "#")).toBe(`${"#".repeat(N)}\u2028x`);
    expect(restOfLine(`${blanks()}x\u2028y`)).toBeUndefined();
    expect(restOfLine(`${blanks()}x y`)).toBe("x y");
  });
});

describe("requirements files", () => {
  it("a location, a `;` and blanks that never end the line (was cubic)", () => {
    const half = "\t".repeat(N / 2);
    const r = readRequirements("requirements.txt", `./pkg-1.0.tar.gz\t;${half};${half}\u2028\0\n`, noFiles);
    expect(summary(r)).toEqual({ dependencies: [], problems: ['1:warning:unexpected text after "./pkg-1.0.tar.gz"'] });
  });

  it("a location whose marker follows a long run of blanks", () => {
    const r = readRequirements("requirements.txt", `./pkg-1.0.tar.gz${blanks()}; python_version >= "3"\n`, noFiles);
    expect(summary(r)).toEqual({
      dependencies: [{ name: "pkg", version: "1.0", url: "./pkg-1.0.tar.gz", marker: 'python_version >= "3"', extras: [] }],
      problems: [],
    });
  });

  it("a name, blanks and `@` (PEP 508 URL form), and a name, blanks and something else", () => {
    const named = readRequirements("requirements.txt", `pkg${blanks()}@ https://example.org/pkg.zip\n`, noFiles);
    expect(summary(named).dependencies).toEqual([{ name: "pkg", version: undefined, url: "https://example.org/pkg.zip", marker: undefined, extras: [] }]);
    const other = readRequirements("requirements.txt", `pkg${blanks()}x\n`, noFiles);
    expect(other.dependencies).toEqual([]);
    expect(other.problems.map((p) => [p.line, p.severity])).toEqual([[1, "error"]]);
  });

  it("a location with a long run of `[` (trailing extras looked for from the end)", () => {
    const run = "[".repeat(N);
    const r = readRequirements("requirements.txt", `./dir${run}#egg=pkg\n./dir${run}a,b]#egg=other\n./dir[a,b]#egg=third\n`, noFiles);
    expect(summary(r)).toEqual({
      dependencies: [
        { name: "pkg", version: undefined, url: `./dir${run}#egg=pkg`, marker: undefined, extras: [] },
        { name: "other", version: undefined, url: `./dir${run}a,b]#egg=other`, marker: undefined, extras: [`${run.slice(1)}a`, "b"] },
        { name: "third", version: undefined, url: "./dir[a,b]#egg=third", marker: undefined, extras: ["a", "b"] },
      ],
      problems: [],
    });
  });

  it("pyproject: a PDM editable entry with a name, blanks and no `@`", () => {
    const text = `[tool.pdm.dev-dependencies]\ndev = ["-e pkg${blanks(50_000)}x", "-e pkg${blanks(50_000)}@ https://example.org/p.zip"]\n`;
    const r = readPyproject("pyproject.toml", text);
    expect(r.dependencies.map((d) => [d.name, d.url, d.editable])).toEqual([["pkg", "https://example.org/p.zip", true]]);
  });

  it("Poetry constraints: blanks that are not spaces or tabs between the operator and the version", () => {
    expect(translatePoetryConstraint(`>=${"\u00a0".repeat(N)}1.0`)).toEqual(translatePoetryConstraint(">=1.0"));
    expect(() => translatePoetryConstraint(`>=${"\u00a0".repeat(N)}?`)).toThrow(/cannot read/);
  });
});

describe("setup.cfg", () => {
  it("a key, a long run of blanks and no separator (was cubic)", () => {
    const r = readSetupCfg("setup.cfg", `[options]\ninstall_requires${blanks()}x\n`, noFiles);
    expect(r.dependencies).toEqual([]);
    expect(r.problems.map((p) => `${p.line}:${p.severity}:${p.message}`)).toEqual([
      "2:warning:line is neither a [section], a key = value, nor a comment",
    ]);
  });

  it("a key, blanks, `=`, blanks and a value", () => {
    const r = readSetupCfg("setup.cfg", `[options]\ninstall_requires${blanks(N / 2)}=${blanks(N / 2)}pkg==1.0\n`, noFiles);
    expect(r.dependencies.map((d) => [d.name, d.version, d.line])).toEqual([["pkg", "1.0", 2]]);
    expect(parseIni(`k${blanks()}:${blanks()}v\u2028w`).bad).toEqual([1]);
    expect(parseIni(`k${blanks()}:${blanks()}v w`).entries).toEqual([{ section: "", key: "k", line: 1, values: [{ text: "v w", line: 1 }] }]);
  });

  it("`file:` with a long run of blanks, and a value line of many ` #` (inline comments)", () => {
    const read = (): string => "pkg==1.0\n";
    const files = readSetupCfg("setup.cfg", `[options]\ninstall_requires = file:${blanks()}r.txt\n`, { readFile: read });
    expect(files.dependencies.map((d) => [d.name, d.version])).toEqual([["pkg", "1.0"]]);
    const comments = readSetupCfg("setup.cfg", `[options]\ninstall_requires =\n    pkg==2.0${" #".repeat(N / 2)}\n`, noFiles);
    expect(comments.dependencies.map((d) => [d.name, d.version])).toEqual([["pkg", "2.0"]]);
  });
});

describe("Python source read for reachability", () => {
  it("a 100,000-character comment line, and one whose comment never reaches the end of the text", () => {
    expect([...importsInSource(`import os  # ${"x".repeat(100_000)}\nimport sys\n`)].sort()).toEqual(["os", "sys"]);
    expect([...importsInSource(`${"#".repeat(100_000)}\u2028\nimport json\n`)]).toEqual(["json"]);
  });

  it("an import with a long run of blanks and no `as`; an import continued over many lines", () => {
    expect([...importsInSource(`import a${blanks()}x\nimport os\n`)]).toEqual(["os"]);
    expect([...importsInSource(`import a${blanks()}as b, c\n`)].sort()).toEqual(["a", "c"]);
    expect([...importsInSource(`import os, \\\n${"sys, \\\n".repeat(30_000)}json\n`)].sort()).toEqual(["json", "os", "sys"]);
  });
});

describe("configuration globs", () => {
  it("per-file-ignores, pyproject excludes and Bandit exclude_dirs with a long run of `/` followed by another character", () => {
    const run = "/".repeat(N);
    expect(anchorGlob(`./a${run}b`)).toBe(`./a${run}b`);
    expect(anchorGlob(`/gen${run}`)).toBe("gen{,/**}");
    expect(banditToSettings({ excludeDirs: [`./a${run}b`, `./build${run}`] }, []).settings.extendExclude).toEqual([`a${run}b`, "build"]);
    const loaded: LoadedConfig = { file: "/proj/pyproject.toml", display: "pyproject.toml", dir: "/proj", kind: "pyproject.toml", table: "[tool.pyward]", settings: { extendExclude: [`gen${run}x`, `dist${run}`, run] }, lines: {} };
    const scan = effectiveSettings(loaded, {}).scan;
    expect(scan.extendExclude).toEqual([`dist${run}`]);
    expect(scan.excludeFrom).toEqual([{ base: "/proj", globs: [`gen${run}x`] }]);
  });

  it("a Bandit INI line with long runs of blanks", () => {
    const ini = readBanditIni(`[bandit]\nskips${blanks()}=${blanks()}B101\ntests${blanks()}=${blanks()}B102\u2028x\n`, { file: "setup.cfg", table: ["bandit"] });
    expect(ini?.settings).toEqual({ skips: ["B101"] });
  });
});

describe("dependency audit output", () => {
  const DB = MemoryAdvisoryDb.fromRecords("test", [record("PYSEC-R-1", "requests", [{ introduced: "0" }, { fixed: "2.20.0" }])]);

  it("the region of a finding on a line with a long run of blanks and `\\`", () => {
    const region = (line: string): [number, number] => {
      const f = runAudit([dep("requests", { version: "2.19.1", line: 1 })], DB, { readFile: () => `${line}\n` }).findings[0];
      return [f.column, f.endColumn];
    };
    const runOf = " \\".repeat(N / 2);
    expect(region(`requests==2.19.1${runOf}x`)).toEqual([1, 16 + N + 2]);
    expect(region(`requests==2.19.1${runOf}`)).toEqual([1, 17]);
  });

  it("manifest error messages with long runs of dots, and paths dropped from their fingerprints", () => {
    const errors = (message: string, line = "bad line") =>
      runAudit([], DB, { problems: [{ file: "requirements.txt", line: 1, message, severity: "error" }], readFile: () => `${line}\n` }).manifestErrors[0];
    const dots = ".".repeat(N);
    expect(errors(`cannot read ${dots}x`).message).toBe(`cannot read ${dots}x; what this part of the file declares is not audited`);
    expect(errors(`cannot read x${dots} `).message).toBe("cannot read x; what this part of the file declares is not audited");
    const parens = "(".repeat(N);
    const a = errors(`${parens} a/b`, "");
    expect(a.fingerprint).toBe(errors(`${parens} c\\d`, "").fingerprint);
    expect(a.fingerprint).not.toBe(errors(`${parens}x a/b`, "").fingerprint);
  });

  it("`--fix` drops a hash after a long run of blanks ending in something else", () => {
    const H = `sha256:${"a".repeat(64)}`;
    const text = `requests==2.19.1${blanks()}--hashx --hash=${H}\n`;
    const r = runAudit([dep("requests", { version: "2.19.1", line: 1, hashes: [H] })], DB, {});
    const plan = planFixes(r.audited, () => text);
    expect(plan.changes.map((c) => [c.to, c.hashesRemoved])).toEqual([["2.20.0", 1]]);
    expect(plan.files.get("requirements.txt")?.after).toBe(`requests==2.20.0${blanks()}--hashx\n`);
  });
});

describe("taint analysis of hostile constants", () => {
  const TAINT = ALL_RULES.filter((r) => /^PW2[5-7]\d$/.test(r.meta.code));
  const flows = async (src: string): Promise<string[]> => {
    const r = await checkSource(src, { rules: TAINT }, "app/views.py");
    expect(r.errors).toEqual([]);
    return r.findings.map((f) => `${f.line}:${f.code}`).sort();
  };
  const logs = (message: string): string => `import logging
from flask import Flask, request
app = Flask(__name__)
logger = logging.getLogger(__name__)

@app.route("/a")
def a():
    user = request.args["u"]
    logger.info("${message}%r", user)
    logger.info("${message}%s", user)
    return "ok"
`;

  it("%-format log messages: many `%(` without `)`, a long run of `0` flags (was cubic)", async () => {
    const plain = await flows(logs(""));
    expect(plain.map((f) => f.split(":")[0])).toEqual(["10"]); // only the `%s` call: `%r` quotes the value
    expect(await flows(logs("%(".repeat(N / 2)))).toEqual(plain);
    expect(await flows(logs(`%${"0".repeat(N)}r `))).toEqual(plain);
  });

  it("a Flask route with many `<a(` before its parameter", async () => {
    const route = (rule: string): string => `import sqlite3
from flask import Flask
app = Flask(__name__)

@app.route("${rule}")
def a(name):
    sqlite3.connect("x").execute("SELECT " + name)
    return "ok"
`;
    const tainted = await flows(route("/<name>"));
    expect(tainted.length).toBeGreaterThan(0);
    expect(await flows(route("/<int:name>"))).toEqual([]);
    expect(await flows(route(`/${"<a(".repeat(N / 3)}<name>`))).toEqual(tainted);
    expect(await flows(route(`/${"<a(".repeat(N / 3)}<int:name>`))).toEqual([]);
    // a `<` in converter arguments is kept unless it starts another `<name`
    expect(await flows(route("/<regex('[^<]+'):name>"))).toEqual(tainted);
    expect(await flows(route(`/<regex('${"[^<]".repeat(N / 4)}'):name>`))).toEqual(tainted);
  });

  it("methods whose text holds `self.x` and a long run of blanks, or many `self.x[` (checked for attribute writes)", async () => {
    const job = (extra: string): string => `import os
from flask import request

class Job:
    def note(self):
        return "${extra}"

    def load(self):
        self.cmd = request.args["cmd"]
        self.label = "job"

    def run(self):
        os.system(self.label)
        os.system(self.cmd)
`;
    const plain = await flows(job(""));
    expect(plain).toEqual(["14:PW251"]);
    expect(await flows(job(`self.x${blanks()}y`))).toEqual(plain);
    expect(await flows(job("self.x[".repeat(N / 7)))).toEqual(plain);
  });
});
