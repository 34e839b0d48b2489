/**
 * Poetry constraints with alternatives (`a || b`) are ranges, audited the way other ranges are: a range is
 * never matched against advisories (no single version is known to be installed), and it is PW102 in an
 * application when it has no upper bound — for alternatives, when any one of them has none. A constraint is a
 * pin only when it admits exactly one version; alternatives that each admit one version (`2.4.1 || 3.1.4`) are
 * each audited as a pin, since either may be installed.
 */
import { describe, expect, it } from "vitest";
import { isLoose, runAudit } from "../../src/deps/audit.js";
import { MemoryAdvisoryDb } from "../../src/deps/advisories/store.js";
import { alternativeVersions, constraintSpecifier, constraintVersion, translatePoetryConstraint } from "../../src/deps/manifests/poetry-constraint.js";
import { readPyproject } from "../../src/deps/manifests/pyproject.js";
import { record } from "./audit-helpers.js";

const DB = MemoryAdvisoryDb.fromRecords("test", [record("PYSEC-A-1", "pkg", [{ introduced: "0" }, { fixed: "3.0" }])]);

/** Audits one Poetry dependency `pkg = "<constraint>"` in an application's pyproject.toml. */
function auditConstraint(constraint: string): { codes: string[]; messages: string[]; version?: string; specifier: string } {
  const text = `[tool.poetry]\npackage-mode = false\n\n[tool.poetry.dependencies]\npython = "^3.11"\npkg = ${JSON.stringify(constraint)}\n`;
  const r = readPyproject("pyproject.toml", text);
  expect(r.problems).toEqual([]);
  const result = runAudit(r.dependencies, DB, { readFile: () => text });
  const d = r.dependencies[0];
  return {
    codes: result.findings.map((f) => f.code),
    messages: result.findings.map((f) => f.message),
    ...(d.version !== undefined ? { version: d.version } : {}),
    specifier: d.specifier,
  };
}

describe("Poetry alternatives: translation", () => {
  it.each([
    ["^1.2 || ^2.0", ">=1.2,<2.0 || >=2.0,<3.0"],
    [">=1.0,<1.5 || >=2.0", ">=1.0,<1.5 || >=2.0"],
    ["~1.2 | 2.0.*", ">=1.2,<1.3 || ==2.0.*"],
    ["^1.0 || *", ""],
    ["^1.0", ">=1.0,<2.0"],
  ])("%j → specifier %j", (text, specifier) => {
    expect(constraintSpecifier(translatePoetryConstraint(text))).toBe(specifier);
  });

  it.each([
    ["1.2.3", "1.2.3"],
    ["==1.2.3", "1.2.3"],
    ["1.2.3 || ==1.2.3", "1.2.3"],
    ["1.2.3 || 1.2.3.0", "1.2.3"],
    [">=1.2.3,<=1.2.3", "1.2.3"],
    ["==1.2.3, >=1.0", "1.2.3"],
    ["===1.2.3", "1.2.3"],
  ])("%j admits exactly %j: a pin", (text, version) => {
    expect(constraintVersion(translatePoetryConstraint(text))).toBe(version);
  });

  it.each(["^1.2 || ^2.0", "1.0 || 2.0", "1.0 || ^1.0", "==1.0,!=1.0", "1.2.*", "*", ">=1.2.3,<=1.2.4", "1.0 || *"])("%j is not a pin", (text) => {
    expect(constraintVersion(translatePoetryConstraint(text))).toBeUndefined();
  });
});

describe("Poetry alternatives: the audit treats each alternative as a range", () => {
  it("isLoose: any alternative without an upper bound makes the whole loose", () => {
    expect(isLoose(">=1.0,<1.5 || >=2.0")).toBe(true);
    expect(isLoose(">=2.0 || <1.0")).toBe(true);
    expect(isLoose("<1.0 || >=2.0")).toBe(true);
    expect(isLoose(">=1.2,<2.0 || >=2.0,<3.0")).toBe(false);
    expect(isLoose("==1.0 || ~=2.1")).toBe(false);
  });

  it("`a || b` gives PW102 exactly when one of `a`, `b` alone would", () => {
    const cases: [string, string][] = [
      ["^1.2 || ^2.0", "^1.2"],
      [">=1.0,<1.5 || >=2.0", ">=2.0"],
      [">=2.0 || >=1.0,<1.5", ">=2.0"],
      ["~1.2 || 2.0.*", "~1.2"],
      ["<1.0 || >2.0", ">2.0"],
    ];
    for (const [both, loosest] of cases) {
      const alone = auditConstraint(loosest).codes;
      expect(auditConstraint(both).codes, both).toEqual(alone);
    }
    expect(auditConstraint("^1.2 || ^2.0").codes).toEqual([]);
    expect(auditConstraint(">=1.0,<1.5 || >=2.0").codes).toEqual(["PW102"]);
  });

  it("the PW102 message names the constraint as written", () => {
    expect(auditConstraint(">=1.0,<1.5 || >=2.0").messages).toEqual([
      "pkg has an alternative with no upper bound (>=1.0,<1.5 || >=2.0) and no lockfile pins it; pin an exact version (or lock the project) so every install gets the audited version",
    ]);
    expect(auditConstraint("^1.0 || *").messages[0]).toMatch(/^pkg has no version and no lockfile pins it/);
  });

  it("ranges are not matched against advisories, alternatives or not; a constraint admitting one version is", () => {
    // every version here is below the fix (3.0): a range is still no claim that a vulnerable version is installed
    expect(auditConstraint(">=1.0,<2.0").codes).toEqual([]);
    expect(auditConstraint("^1.0 || ^2.0").codes).toEqual([]);
    expect(auditConstraint("1.0 || ^2.0").codes).toEqual([]); // one alternative is a range
    const pinned = auditConstraint("1.2.3 || ==1.2.3");
    expect(pinned).toMatchObject({ version: "1.2.3", codes: ["PW101"] });
    expect(auditConstraint(">=2.5,<=2.5").codes).toEqual(["PW101"]);
  });

  it("keeps the constraint as written in rawSpecifier", () => {
    const r = readPyproject("pyproject.toml", '[tool.poetry.dependencies]\npkg = { version = "^1.2 || ^2.0", optional = true }\n');
    expect(r.dependencies.map((d) => [d.specifier, d.rawSpecifier, d.version])).toEqual([[">=1.2,<2.0 || >=2.0,<3.0", "^1.2 || ^2.0", undefined]]);
  });
});

describe("Poetry alternatives of exact versions", () => {
  it("lists each admitted version once, or nothing when an alternative is a range", () => {
    expect(alternativeVersions(translatePoetryConstraint("2.4.1 || 3.1.4"))).toEqual(["2.4.1", "3.1.4"]);
    expect(alternativeVersions(translatePoetryConstraint("==2.0.0 || ==2.0.1 || 2.0.0.0"))).toEqual(["2.0.0", "2.0.1"]);
    expect(alternativeVersions(translatePoetryConstraint("2.4.1 || ^3.0"))).toBeUndefined();
  });

  it("audits each version: a vulnerable one that may be installed is PW101, at the constraint's line", () => {
    const both = auditConstraint("1.0 || 2.0"); // both below the fix (3.0)
    expect(both.codes).toEqual(["PW101", "PW101"]);
    expect(both.messages.join("\n")).toMatch(/1\.0/);
    expect(both.messages.join("\n")).toMatch(/2\.0/);
    expect(auditConstraint("2.0 || 3.1").codes).toEqual(["PW101"]); // 3.1 is fixed
    expect(auditConstraint("3.0 || 3.1").codes).toEqual([]);
  });

  it("--fix leaves the alternatives to the author, with a message", async () => {
    const { planFixes } = await import("../../src/deps/fix.js");
    const text = '[tool.poetry]\npackage-mode = false\n\n[tool.poetry.dependencies]\npython = "^3.11"\npkg = "1.0 || 3.1"\n';
    const r = readPyproject("pyproject.toml", text);
    const result = runAudit(r.dependencies, DB, { readFile: () => text });
    const plan = planFixes(result.audited, () => text);
    expect(plan.messages.join("\n")).toMatch(/pkg 1\.0 is one of the alternatives 1\.0 \|\| 3\.1; not rewritten/);
  });
});
