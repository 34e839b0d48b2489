/**
 * Every line of a manifest that cannot be read as a requirement is a PW103 finding at its file and line, with a
 * one-line reason — garbled operators and versions (`pkg3=======`) included — and valid lines are not flagged.
 */
import { describe, expect, it } from "vitest";
import { collectDependencies, runAudit, type AuditResult } from "../../src/deps/audit.js";
import { MemoryAdvisoryDb } from "../../src/deps/advisories/store.js";
import { parseRequirement } from "../../src/deps/manifests/pep508.js";
import { translatePoetryConstraint } from "../../src/deps/manifests/poetry-constraint.js";
import { readRequirements } from "../../src/deps/manifests/requirements.js";
import { record } from "./audit-helpers.js";

const DB = MemoryAdvisoryDb.fromRecords("test", [record("PYSEC-P-1", "pkg3", [{ introduced: "0" }, { fixed: "2.0" }])]);

/** Reads `files` (path → text) with the real readers and audits them. */
function auditFiles(files: Record<string, string>): { result: AuditResult; problems: ReturnType<typeof collectDependencies>["problems"] } {
  const readFile = (f: string): string => {
    if (!(f in files)) throw new Error(`ENOENT: no such file ${f}`);
    return files[f];
  };
  const c = collectDependencies(Object.keys(files).filter((f) => !f.startsWith("inc/")), { readFile });
  return { result: runAudit(c.dependencies, DB, { problems: c.problems, readFile }), problems: c.problems };
}

const MALFORMED: [string, RegExp][] = [
  ["pkg3=======", /invalid operator "======="/],
  ["pkg3=====1.0", /invalid operator "=====" in "=====1.0"/],
  ["pkg3 ==== 1.0", /invalid operator "====" in "==== 1.0"/],
  ["pkg3<>1.0", /invalid operator "<>"/],
  ["pkg3==1.0==2.0", /"=" cannot be part of a version/],
  ["pkg3>=1.0<2", /"<" cannot be part of a version/],
  ["pkg3 >= ", /expected a version after ">="/],
  ["pkg3==1.0,,", /empty version clause/],
  ["pkg3[extra", /missing "\]"/],
  ["pkg3 ==", /expected a version after "=="/],
  [">=1.0", /expected a package name/],
  ["pkg3=1.0", /invalid operator "=" in "=1.0"/],
  ["pkg3=>1.0", /invalid operator "=>" in "=>1.0"/],
  ["pkg3~1.0", /invalid operator "~" in "~1.0"/],
  ["pkg3 !", /invalid operator "!" for pkg3/],
  ["pkg3==1.0 extra", /invalid version specifier/],
  ["pkg3 (==1.0", /missing "\)"/],
  ["pkg3==1.0 ;", /empty environment marker/],
  ["https://example.org/pkg3-1.0-py3-none-any.whl garbage", /unexpected text after "https:\/\/example\.org\/pkg3-1\.0-py3-none-any\.whl"/],
];

describe("requirements files: malformed lines are PW103 findings", () => {
  it.each(MALFORMED)("%j", (line, reason) => {
    const { result, problems } = auditFiles({ "requirements.txt": `ok==2.0\n${line}\n` });
    expect(problems.map((p) => [p.file, p.line, p.severity])).toEqual([["requirements.txt", 2, "error"]]);
    expect(result.manifestErrors.map((f) => [f.code, f.path, f.line])).toEqual([["PW103", "requirements.txt", 2]]);
    const message = result.manifestErrors[0].message;
    expect(message).toMatch(reason);
    expect(message).not.toMatch(/[\r\n]/);
    expect(message).toMatch(/; what this part of the file declares is not audited$/);
    // nothing of the line is audited, and it is no longer a mere note
    expect(result.findings).toEqual([]);
    expect(result.notes).toEqual([]);
  });

  it("the reviewer's example `pkg3=======` is a finding naming file and line, not a note", () => {
    const { result } = auditFiles({ "requirements/base.txt": "# base\npkg3=======\n" });
    expect(result.manifestErrors.map((f) => [f.path, f.line, f.message])).toEqual([
      ["requirements/base.txt", 2, 'invalid requirement "pkg3=======": invalid operator "=======" for pkg3 (expected ==, !=, <=, >=, <, >, ~= or ===); what this part of the file declares is not audited'],
    ]);
    expect(result.notes).toEqual([]);
  });

  it("several malformed lines give one finding each, at their own lines; good lines are still audited", () => {
    const lines = ["pkg3==1.0", ...MALFORMED.map(([l]) => l), "pkg3==1.5"];
    const { result } = auditFiles({ "requirements.txt": `${lines.join("\n")}\n` });
    expect(result.manifestErrors.map((f) => f.line)).toEqual(MALFORMED.map((_, i) => i + 2));
    expect(result.findings.map((f) => [f.code, f.line])).toEqual([
      ["PW101", 1],
      ["PW101", lines.length],
    ]);
  });

  it("in an included file, the finding points at that file", () => {
    const { result } = auditFiles({ "requirements.txt": "-r inc/more.txt\n", "inc/more.txt": "a==1\npkg3=======\n" });
    expect(result.manifestErrors.map((f) => [f.path, f.line])).toEqual([["inc/more.txt", 2]]);
  });

  it("does not flag valid lines: options, hashes, editables, markers, URLs, wildcards, arbitrary equality", () => {
    const valid = [
      "-r inc/other.txt",
      "-c inc/constraints.txt",
      "--index-url https://pypi.org/simple",
      "--extra-index-url=https://example.org/simple",
      "--require-hashes",
      "-e .",
      "-e git+https://github.com/org/proj.git@v1.0#egg=proj",
      `pkg3==2.0 --hash=sha256:${"a".repeat(64)} \\`,
      `    --hash sha256:${"b".repeat(64)}`,
      'pkg3[extra]>=2,<3 ; python_version < "3.12" and sys_platform == "linux"',
      'pkg3==2.0;platform_release=="a/b"',
      "pkg3 == 2.0.*",
      "pkg3 ~= 2.0",
      "pkg3 (>=2.0, !=2.1)",
      "pkg3===2.0-legacy+build",
      "pkg3==2.0+local.1",
      "pkg3 >= 2.0 , < 3 # a comment",
      "pkg3 @ https://example.org/pkg3-2.0-py3-none-any.whl ; python_version >= '3'",
      "https://example.org/pkg3-2.0.tar.gz#egg=pkg3",
      "git+https://github.com/org/pkg3.git#egg=pkg3",
      "./vendor/pkg3-2.0-py3-none-any.whl",
      "./local-project",
    ];
    const { result, problems } = auditFiles({
      "requirements.txt": `${valid.join("\n")}\n`,
      "inc/other.txt": "pkg3==2.0\n",
      "inc/constraints.txt": "pkg3<3\n",
    });
    expect(problems).toEqual([]);
    expect(result.manifestErrors).toEqual([]);
  });

  it("an unknown option stays a warning (a note), as the rule says", () => {
    const { result, problems } = auditFiles({ "requirements.txt": "--frobnicate\npkg3==2.0\n" });
    expect(problems.map((p) => p.severity)).toEqual(["warning"]);
    expect(result.manifestErrors).toEqual([]);
  });
});

describe("the same lines in pyproject.toml and setup.cfg", () => {
  it("PEP 621 dependencies and optional dependencies", () => {
    const { result } = auditFiles({
      "pyproject.toml": '[project]\nname = "app"\ndependencies = [\n  "ok==2.0",\n  "pkg3=======",\n  "pkg3>=1.0<2",\n]\n[project.optional-dependencies]\nx = ["pkg3==1.0==2.0"]\n',
    });
    expect(result.manifestErrors.map((f) => [f.path, f.line, f.message.split(":")[0]])).toEqual([
      ["pyproject.toml", 5, 'invalid requirement "pkg3======="'],
      ["pyproject.toml", 6, 'invalid requirement "pkg3>=1.0<2"'],
      ["pyproject.toml", 9, 'invalid requirement "pkg3==1.0==2.0"'],
    ]);
  });

  it("setup.cfg install_requires", () => {
    const { result } = auditFiles({ "setup.cfg": "[options]\ninstall_requires =\n    ok==2.0\n    pkg3=======\n" });
    expect(result.manifestErrors.map((f) => [f.path, f.line])).toEqual([["setup.cfg", 4]]);
  });

  it("Poetry: garbled constraints are errors (atoms must be separated; no empty alternative)", () => {
    const { result } = auditFiles({
      "pyproject.toml": [
        "[tool.poetry.dependencies]",
        'python = "^3.11"',
        'a = "=======1.0"',
        'b = ">=1.0<2.0"',
        'c = "^1.0 ||"',
        'd = "|| ^2.0"',
        'e = "^1.0 | | ^2.0"',
        'f = ">=1.0==2.0"',
        'ok1 = ">=1.0, <2.0"',
        'ok2 = ">=1.0 <2.0 || ^3"',
        'ok3 = "*"',
        'ok4 = ""',
        "",
      ].join("\n"),
    });
    expect(result.manifestErrors.map((f) => [f.line, f.message.split(":")[0]])).toEqual([
      [3, 'invalid Poetry constraint "=======1.0" for a'],
      [4, 'invalid Poetry constraint ">=1.0<2.0" for b'],
      [5, 'invalid Poetry constraint "^1.0 ||" for c'],
      [6, 'invalid Poetry constraint "|| ^2.0" for d'],
      [7, 'invalid Poetry constraint "^1.0 | | ^2.0" for e'],
      [8, 'invalid Poetry constraint ">=1.0==2.0" for f'],
    ]);
    expect(() => translatePoetryConstraint(">=1.0<2.0")).toThrow(/separated by "," or blanks/);
    expect(() => translatePoetryConstraint("^1 ||")).toThrow(/empty alternative 2 of 2/);
  });
});

describe("parseRequirement: versions hold only PEP 508 version characters", () => {
  it.each(["pkg===", "pkg=======", "pkg===a=b", "pkg===a<b", "pkg==1(2)", "pkg==1 2"])("%j is a syntax error", (text) => {
    expect(() => parseRequirement(text)).toThrow();
  });

  it.each([
    ["pkg===anything-goes_1.0+x!", "anything-goes_1.0+x!"],
    ["pkg==1.0.post1+local.2", "1.0.post1+local.2"],
    ["pkg==1!2.0", "1!2.0"],
  ])("%j pins %j", (text, version) => {
    expect(parseRequirement(text).version).toBe(version);
  });

  it("a PEP 508 version that is not PEP 440 stays readable (a warning; matched against exact versions)", () => {
    const r = readRequirements("requirements.txt", "v==not-a-version\n", { readFile: () => "" });
    expect(r.dependencies.map((d) => d.version)).toEqual(["not-a-version"]);
    expect(r.problems.map((p) => p.severity)).toEqual(["warning"]);
  });

  it("a long garbled run is read in linear time and quoted in at most 80 characters", () => {
    const line = `pkg${"=".repeat(200_000)}`;
    const r = readRequirements("requirements.txt", `${line}\n`, { readFile: () => "" });
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0].severity).toBe("error");
    expect(r.problems[0].message.length).toBeLessThan(400);
  });
});
