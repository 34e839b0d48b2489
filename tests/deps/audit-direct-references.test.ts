/**
 * Direct references (`pkg @ url`, URL / path lines with `#egg=`, Poetry `url` / `path`) are audited at the
 * version their wheel (PEP 427) or sdist file name carries; VCS URLs and bare `#egg=` names pin nothing and are
 * not reported as unpinned (PW102 leaves direct references alone); nothing here throws.
 */
import { describe, expect, it } from "vitest";
import { collectDependencies, runAudit, type AuditResult } from "../../src/deps/audit.js";
import { MemoryAdvisoryDb } from "../../src/deps/advisories/store.js";
import { planFixes } from "../../src/deps/fix.js";
import {
  directReferenceVersion,
  distributionFileOf,
  namePrefixLength,
  parseSdistFilename,
  parseWheelFilename,
} from "../../src/deps/manifests/dist-filename.js";
import { readPyproject } from "../../src/deps/manifests/pyproject.js";
import { readRequirements } from "../../src/deps/manifests/requirements.js";
import { record } from "./audit-helpers.js";

const DB = MemoryAdvisoryDb.fromRecords("test", [
  record("PYSEC-D-1", "pkg", [{ introduced: "0" }, { fixed: "1.3.0" }]),
  record("PYSEC-D-2", "python-dateutil", [{ introduced: "0" }, { fixed: "2.9.0" }]),
  record("PYSEC-D-3", "my-pkg", [{ introduced: "0" }, { fixed: "2.0" }]),
]);

function auditFiles(files: Record<string, string>, options: { projectKind?: "application" | "library" } = {}): AuditResult & { problems: ReturnType<typeof collectDependencies>["problems"] } {
  const readFile = (f: string): string => {
    if (!(f in files)) throw new Error(`ENOENT: no such file ${f}`);
    return files[f];
  };
  const c = collectDependencies(Object.keys(files), { readFile });
  return { ...runAudit(c.dependencies, DB, { problems: c.problems, readFile, ...options }), problems: c.problems };
}

const read = (text: string) => readRequirements("requirements.txt", text, { readFile: () => "" });

describe("distribution file names", () => {
  it.each([
    ["pkg-1.2.3-py3-none-any.whl", "pkg", "1.2.3"],
    ["My_Pkg-1.0.post1-1-cp311-cp311-manylinux_2_17_x86_64.whl", "My_Pkg", "1.0.post1"],
    ["pkg-2.0rc1-py2.py3-none-any.WHL", "pkg", "2.0rc1"],
  ])("wheel %s → %s %s", (file, name, version) => {
    expect(parseWheelFilename(file)).toEqual({ name, version, kind: "wheel" });
  });

  it.each([
    "pkg-1.2.3-py3-none.whl", // too few parts
    "pkg-1.2.3-x-y-py3-none-any.whl", // too many
    "pkg-1.2.3-build-py3-none-any.whl", // a build tag starts with a digit
    "pkg-master-py3-none-any.whl", // not a PEP 440 version
    "-1.0-py3-none-any.whl",
    "pkg--py3-none-any.whl",
    "pkg-1.2.3.tar.gz",
  ])("not a wheel: %s", (file) => {
    expect(parseWheelFilename(file)).toBeUndefined();
  });

  it.each([
    ["pkg-1.2.3.tar.gz", undefined, "pkg", "1.2.3"],
    ["pkg-1.2.3.zip", undefined, "pkg", "1.2.3"],
    ["python-dateutil-2.8.2.tar.gz", undefined, "python-dateutil", "2.8.2"],
    ["python_dateutil-2.8.2.tar.gz", "python-dateutil", "python_dateutil", "2.8.2"],
    ["pkg2-1.0.tgz", "pkg2", "pkg2", "1.0"],
    // the expected name splits a version containing `-` (a PEP 440 post release spelled `1.0-1`)
    ["pkg-1.0-1.tar.gz", "pkg", "pkg", "1.0-1"],
  ])("sdist %s (expecting %s) → %s %s", (file, expected, name, version) => {
    expect(parseSdistFilename(file, expected)).toEqual({ name, version, kind: "sdist" });
  });

  it.each(["pkg.tar.gz", "pkg-master.tar.gz", "pkg-1.0.tar.gz.asc", "-1.0.tar.gz", "pkg-1.0.rar"])("not an sdist with a version: %s", (file) => {
    expect(parseSdistFilename(file)).toBeUndefined();
  });

  it("matches names in any PEP 503 spelling, in one pass", () => {
    expect(namePrefixLength("Foo__Bar.baz-1.0", "foo-bar-baz")).toBe(12);
    expect(namePrefixLength("foobar-1.0", "foo-bar")).toBe(-1);
    expect(namePrefixLength("fo", "foo")).toBe(-1);
    expect(namePrefixLength(`${"a-".repeat(100_000)}1`, "b")).toBe(-1);
  });

  it("reads the last path segment, percent-decoded; VCS URLs and directories pin nothing", () => {
    expect(distributionFileOf("https://h/p/pkg-1.0%2Blocal-py3-none-any.whl?x=1#sha256=ab")).toMatchObject({ name: "pkg", version: "1.0+local" });
    expect(distributionFileOf("file:///C:/dist/pkg-1.0.tar.gz")).toMatchObject({ version: "1.0" });
    expect(distributionFileOf("..\\dist\\pkg-1.0.zip")).toMatchObject({ version: "1.0" });
    expect(distributionFileOf("https://h/bad%E0%A4%A-1.0.zip")).toBeUndefined();
    expect(distributionFileOf("git+https://github.com/org/pkg-1.0.zip")).toBeUndefined();
    expect(distributionFileOf("hg+https://h/pkg")).toBeUndefined();
    expect(distributionFileOf("https://h/pkg/")).toBeUndefined();
    expect(directReferenceVersion("https://h/other-1.0-py3-none-any.whl", "pkg")).toEqual({ otherName: "other" });
    expect(directReferenceVersion("https://h/My.Pkg-1.0-py3-none-any.whl", "my_pkg")).toEqual({ version: "1.0" });
  });
});

describe("requirements files: direct references", () => {
  it("audits the version a wheel or sdist URL carries", () => {
    const r = read(
      [
        "pkg @ https://files.example.org/pkg-1.2.3-py3-none-any.whl",
        "https://files.example.org/pkg-1.2.3.tar.gz#egg=pkg",
        "https://files.example.org/pkg-1.2.3-py3-none-any.whl",
        "https://files.example.org/python_dateutil-2.8.2.tar.gz#egg=python-dateutil",
        "My.Pkg @ https://files.example.org/my_pkg-1.0-py3-none-any.whl ; python_version >= '3'",
        "./vendor/pkg-1.2.0.zip",
        "",
      ].join("\n"),
    );
    expect(r.problems).toEqual([]);
    expect(r.dependencies.map((d) => [d.line, d.normalizedName, d.version])).toEqual([
      [1, "pkg", "1.2.3"],
      [2, "pkg", "1.2.3"],
      [3, "pkg", "1.2.3"],
      [4, "python-dateutil", "2.8.2"],
      [5, "my-pkg", "1.0"],
      [6, "pkg", "1.2.0"],
    ]);
  });

  it("VCS URLs, bare #egg= names and unversioned archives pin nothing, and never throw", () => {
    const r = read(
      [
        "git+https://github.com/org/pkg.git@v1.2.3#egg=pkg",
        "pkg @ git+https://github.com/org/pkg.git@1.2.3",
        "-e git+https://github.com/org/pkg.git#egg=pkg",
        "https://files.example.org/download?id=7#egg=pkg",
        "https://files.example.org/pkg-latest.tar.gz#egg=pkg",
        "https://files.example.org/pkg.zip#egg=%E0%A4%A",
        "pkg @ https://files.example.org/%E0%A4%A.whl",
        "",
      ].join("\n"),
    );
    expect(r.dependencies.map((d) => [d.line, d.name, d.version])).toEqual([
      [1, "pkg", undefined],
      [2, "pkg", undefined],
      [3, "pkg", undefined],
      [4, "pkg", undefined],
      [5, "pkg", undefined],
      [7, "pkg", undefined],
    ]);
    // the malformed escape in #egg= leaves the name unknown: the usual warning, no crash
    expect(r.problems.map((p) => [p.line, p.severity])).toEqual([[6, "warning"]]);
  });

  it("never throws on odd references", () => {
    const pieces = ["", "pkg @ ", "git+", "https://h/", "%", "%E0%A4%A", "#egg=", "#egg=pkg", "&egg=", "-", "--", ".whl", ".tar.gz", "1.0", "?x#y", "\\", "[", "]", ";", " ; ", "@"];
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 3000; i++) {
      let line = "";
      for (let k = next() % 7; k >= 0; k--) line += pieces[next() % pieces.length];
      expect(() => read(`${line}\n`), line).not.toThrow();
      expect(() => readPyproject("pyproject.toml", `[project]\ndependencies = [${JSON.stringify(line)}]\n[tool.poetry.dependencies]\np = { url = ${JSON.stringify(line)} }\n`), line).not.toThrow();
    }
  });

  it("a file of another distribution pins nothing and is a manifest error (PW103)", () => {
    const r = read("pkg @ https://files.example.org/other-9.9-py3-none-any.whl\nhttps://h/other-9.9.tar.gz#egg=pkg\n");
    expect(r.dependencies.map((d) => d.version)).toEqual([undefined, undefined]);
    expect(r.problems.map((p) => [p.line, p.severity, p.message])).toEqual([
      [1, "error", '"other-9.9-py3-none-any.whl" is a file of other, not pkg (installers refuse the mismatch); its version is not audited'],
      [2, "error", '"other-9.9.tar.gz" is a file of other, not pkg (installers refuse the mismatch); its version is not audited'],
    ]);
  });

  it("PW101 for pinned direct references; no PW102 for the unpinned ones (direct references are not loose requirements)", () => {
    const r = auditFiles({
      "requirements.txt": [
        "pkg @ https://files.example.org/pkg-1.2.3-py3-none-any.whl",
        "https://files.example.org/python-dateutil-2.8.2.tar.gz#egg=python-dateutil",
        "git+https://github.com/org/pkg.git#egg=pkg",
        "https://files.example.org/pkg-1.3.0.tar.gz#egg=pkg",
        "",
      ].join("\n"),
    }, { projectKind: "application" });
    expect(r.problems).toEqual([]);
    expect(r.manifestErrors).toEqual([]);
    expect(r.findings.map((f) => [f.code, f.line, f.package.name, f.package.version])).toEqual([
      ["PW101", 1, "pkg", "1.2.3"],
      ["PW101", 2, "python-dateutil", "2.8.2"],
    ]);
    expect(r.findings[0].message).toMatch(/^pkg 1\.2\.3 is affected by PYSEC-D-1; .*1\.3\.0/);
  });

  it("--fix does not rewrite the version inside a URL", () => {
    const text = "pkg @ https://files.example.org/pkg-1.2.3-py3-none-any.whl\n";
    const r = auditFiles({ "requirements.txt": text });
    const plan = planFixes(r.audited, () => text);
    expect(plan.files.size).toBe(0);
    expect(plan.messages).toEqual([
      "requirements.txt:1: pkg 1.2.3 is a direct reference (https://files.example.org/pkg-1.2.3-py3-none-any.whl); not rewritten: point it at 1.3.0 or later by hand",
    ]);
  });
});

describe("pyproject.toml: direct references", () => {
  const PYPROJECT = [
    "[project]",
    'name = "app"',
    "dependencies = [",
    '  "pkg @ https://files.example.org/pkg-1.2.3-py3-none-any.whl",',
    '  "my-pkg @ git+https://github.com/org/my-pkg.git@v1.0",',
    "]",
    "[project.optional-dependencies]",
    'extra = ["python-dateutil @ https://h/python_dateutil-2.8.2.tar.gz"]',
    "[tool.poetry.dependencies]",
    'pkg = { url = "https://files.example.org/pkg-1.2.0.tar.gz" }',
    'my-pkg = { path = "../dist/my_pkg-1.5-py3-none-any.whl" }',
    'python-dateutil = { git = "https://github.com/dateutil/dateutil-2.8.2.tar.gz" }',
    "",
  ].join("\n");

  it("PEP 621 and Poetry entries get the version of their file", () => {
    const r = readPyproject("pyproject.toml", PYPROJECT);
    expect(r.problems).toEqual([]);
    expect(r.dependencies.map((d) => [d.line, d.normalizedName, d.version])).toEqual([
      [4, "pkg", "1.2.3"],
      [5, "my-pkg", undefined],
      [8, "python-dateutil", "2.8.2"],
      [10, "pkg", "1.2.0"],
      [11, "my-pkg", "1.5"],
      [12, "python-dateutil", undefined],
    ]);
  });

  it("are reported as vulnerable at their lines", () => {
    const r = auditFiles({ "pyproject.toml": PYPROJECT });
    expect(r.findings.map((f) => [f.code, f.line, f.package.version])).toEqual([
      ["PW101", 4, "1.2.3"],
      ["PW101", 8, "2.8.2"],
      ["PW101", 10, "1.2.0"],
      ["PW101", 11, "1.5"],
    ]);
  });
});
