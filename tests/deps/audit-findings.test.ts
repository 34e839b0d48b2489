import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditOptionError, audit, isLoose, parseIgnore, runAudit, smallestSafeVersion } from "../../src/deps/audit.js";
import { MemoryAdvisoryDb } from "../../src/deps/advisories/store.js";
import { environmentFor } from "../../src/deps/markers.js";
import { importNamesFor, readInstalledTopLevel, reachability } from "../../src/deps/reachability.js";
import { PYPA_ATTRIBUTION, GHSA_ATTRIBUTION } from "../../src/deps/advisories/attribution.js";
import { ALL_RULES, findRule } from "../../src/rules/index.js";
import { dep, record, rmTemp, tempDir } from "./audit-helpers.js";

const CVSS_98 = [{ type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" }];
const DB = MemoryAdvisoryDb.fromRecords("test", [
  record("PYSEC-2021-108", "urllib3", [{ introduced: "0" }, { fixed: "1.26.5" }], { aliases: ["CVE-2021-33503", "GHSA-q2q7-5pp4-w6pg"], summary: "Catastrophic backtracking in URL authority parser" }),
  record("GHSA-q2q7-5pp4-w6pg", "urllib3", [{ introduced: "0" }, { fixed: "1.26.5" }], { aliases: ["CVE-2021-33503"] }),
  record("PYSEC-2023-192", "urllib3", [{ introduced: "2.0.0" }, { fixed: "2.0.6" }, { introduced: "0" }, { fixed: "1.26.17" }], { aliases: ["CVE-2023-43804"], severity: [{ type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:N" }] }),
  record("PYSEC-2021-142", "pyyaml", [{ introduced: "0" }, { fixed: "5.4" }], { aliases: ["CVE-2020-14343"], severity: CVSS_98, details: "A vulnerability was discovered in the PyYAML library. More text." }),
  record("PYSEC-P-1", "pillow", [{ introduced: "0" }, { fixed: "9.0.0" }], { severity: [{ type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N" }] }),
  record("PYSEC-F-1", "foo-dist", [{ introduced: "0" }, { fixed: "2.0" }]),
  record("PYSEC-D-1", "django", [{ introduced: "0" }, { fixed: "3.0" }]),
  record("PYSEC-L-1", "legacy", [{ introduced: "0" }, { fixed: "1.0" }], {}, ["0.1-bulbasaur"]),
]);

const TEXTS: Record<string, string> = {
  "requirements.txt": "# pinned\nurllib3==1.26.4  # http\nPyYAML==5.3.1\nDjango>=2.2\n",
  "app/poetry.lock": '[[package]]\nname = "urllib3"\nversion = "1.26.4"\n',
  "app/uv.lock": 'version = 1\n\n[[package]]\nname = "urllib3"\nversion = "1.26.4"\n',
};
const readFile = (f: string): string | undefined => TEXTS[f];

describe("PW101 vulnerable-dependency", () => {
  it("reports each vulnerability once per manifest entry, aliases merged, with its fix and position", () => {
    const r = runAudit([dep("urllib3", { version: "1.26.4", line: 2 })], DB, { readFile, today: "2024-06-01" });
    expect(r.findings).toHaveLength(2);
    const [a, b] = r.findings;
    expect(a).toMatchObject({
      code: "PW101", name: "vulnerable-dependency", practice: "dependencies", cwe: [1395, 937], confidence: "high",
      severity: "medium", path: "requirements.txt", line: 2, column: 1, endLine: 2, endColumn: 16, statementLines: [2, 2],
      snippet: ["urllib3==1.26.4  # http"],
    });
    expect(a.message).toBe(
      // 1.26.5 fixes this one but PYSEC-2023-192 affects it: the advice names a version no known advisory affects
      "urllib3 1.26.4 is affected by PYSEC-2021-108 (GHSA-q2q7-5pp4-w6pg, CVE-2021-33503): Catastrophic backtracking in URL authority parser; fixed in 1.26.5, which other known advisories of urllib3 affect: upgrade to 1.26.17, or to 2.0.6 or later",
    );
    expect(a.package).toEqual({
      name: "urllib3", version: "1.26.4", fixedIn: ["1.26.5"], advisories: ["PYSEC-2021-108", "GHSA-q2q7-5pp4-w6pg", "CVE-2021-33503"],
      summary: "Catastrophic backtracking in URL authority parser",
    });
    expect(b.severity).toBe("high");
    expect(b.package.fixedIn).toEqual(["1.26.17", "2.0.6"]);
    expect(b.package.cvssScore).toBe(8.1);
    // "1.26.17 or later" would be wrong: 2.0.0 to 2.0.5 are affected again
    expect(b.message).toBe("urllib3 1.26.4 is affected by PYSEC-2023-192 (CVE-2023-43804), CVSS 8.1; upgrade to 2.0.6 or later (1.26.17 also fixes it, but some later versions are affected again)");
    expect(r.audited[0].safeVersion).toBe("1.26.17");
    expect(r.attribution).toEqual([PYPA_ATTRIBUTION, GHSA_ATTRIBUTION]);
  });

  it("fingerprints ignore path and line", () => {
    const one = audit([dep("urllib3", { version: "1.26.4", line: 2 })], DB, { readFile });
    const two = audit([dep("urllib3", { version: "1.26.4", line: 9, file: "other/requirements.txt" })], DB, { readFile });
    expect(one.map((f) => f.fingerprint)).toEqual(two.map((f) => f.fingerprint));
    expect(one[0].fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(one[0].fingerprint).not.toBe(one[1].fingerprint);
  });

  it("poetry.lock and uv.lock pinning urllib3 1.26.4 → the same advisories, each at its own file and line", () => {
    const deps = [
      dep("urllib3", { version: "1.26.4", file: "app/poetry.lock", line: 2, kind: "poetry.lock", locked: true }),
      dep("urllib3", { version: "1.26.4", file: "app/uv.lock", line: 4, kind: "uv.lock", locked: true }),
    ];
    const f = audit(deps, DB, { readFile });
    expect(f.map((x) => [x.path, x.line, x.column, x.package.advisories?.[0]])).toEqual([
      ["app/poetry.lock", 2, 9, "PYSEC-2021-108"],
      ["app/poetry.lock", 2, 9, "PYSEC-2023-192"],
      ["app/uv.lock", 4, 9, "PYSEC-2021-108"],
      ["app/uv.lock", 4, 9, "PYSEC-2023-192"],
    ]);
  });

  it("a pip-tools input and its compiled output pinning the same package → reported once, at the compiled file", () => {
    const deps = [
      dep("urllib3", { version: "1.26.4", file: "app/requirements.in", line: 1 }),
      dep("urllib3", { version: "1.26.4", file: "app/requirements.txt", line: 7 }),
      // an unrelated .in without a compiled twin still reports its own pin
      dep("urllib3", { version: "1.26.4", file: "app/dev.in", line: 2 }),
    ];
    const f = audit(deps, DB, { readFile });
    expect(f.map((x) => [x.path, x.line, x.package.advisories?.[0]])).toEqual([
      ["app/dev.in", 2, "PYSEC-2021-108"],
      ["app/dev.in", 2, "PYSEC-2023-192"],
      ["app/requirements.txt", 7, "PYSEC-2021-108"],
      ["app/requirements.txt", 7, "PYSEC-2023-192"],
    ]);
  });

  it("uses the version a pip constraint pins", () => {
    const d = dep("urllib3", { specifier: "", constrainedBy: { file: "constraints.txt", line: 1, specifier: "==1.26.4", version: "1.26.4" } });
    const f = audit([d], DB, { readFile });
    expect(f.map((x) => x.code)).toEqual(["PW101", "PW101"]);
    expect(f[0].message).toMatch(/^urllib3 1\.26\.4 \(pinned by constraints\.txt:1\) is affected by PYSEC-2021-108/);
  });

  it("matches a non-PEP 440 pin only by exact version, with a note", () => {
    const r = runAudit([dep("legacy", { version: "0.1-bulbasaur" })], DB, { readFile });
    expect(r.findings.map((f) => f.package.advisories?.[0])).toEqual(["PYSEC-L-1"]);
    expect(r.notes).toEqual(["requirements.txt:1: legacy 0.1-bulbasaur is not a PEP 440 version; matched only against exact versions listed by advisories"]);
  });

  it("leaves out a dependency whose marker is false for the target (PyYAML on Python 2 only, target 3.11)", () => {
    const d = dep("PyYAML", { version: "5.3.1", marker: 'python_version < "3.0"' });
    expect(audit([d], DB, { environment: environmentFor({ python: "3.11" }) })).toEqual([]);
    expect(audit([d], DB, { environment: environmentFor({ python: "2.7" }) }).map((f) => f.package.advisories?.[0])).toEqual(["PYSEC-2021-142"]);
  });

  it("reports nothing for safe versions and unknown packages", () => {
    expect(audit([dep("urllib3", { version: "1.26.18" }), dep("unknown-pkg", { version: "1.0" })], DB, {})).toEqual([]);
  });
});

describe("upgrade advice", () => {
  const msg = (records: ReturnType<typeof record>[], version: string): string[] =>
    runAudit([dep("p", { version })], MemoryAdvisoryDb.fromRecords("t", records), {}).findings.map((f) => f.message.replace(/^p \S+ is affected by /, ""));

  it("never says 'X or later' when the advisory affects a later version again (paramiko 2.9.3 / 2.10.0)", () => {
    const pysec = record("PYSEC-2022-166", "p", [{ introduced: "0" }, { fixed: "2.9.3" }, { introduced: "2.10.0" }, { fixed: "2.10.1" }]);
    expect(msg([pysec], "2.9.2")).toEqual(["PYSEC-2022-166; upgrade to 2.10.1 or later (2.9.3 also fixes it, but some later versions are affected again)"]);
    expect(msg([pysec], "2.10.0")).toEqual(["PYSEC-2022-166; upgrade to 2.10.1 or later"]);
    const open = record("OPEN", "p", [{ introduced: "0" }, { fixed: "1.1" }, { introduced: "1.5" }]);
    expect(msg([open], "1.0")).toEqual(["OPEN; fixed in 1.1, but later versions are affected again: upgrade to 1.1"]);
  });

  it("names a version that no other advisory of the package affects", () => {
    const a = record("A", "p", [{ introduced: "0" }, { fixed: "1.1" }]);
    const b = record("B", "p", [{ introduced: "0" }, { fixed: "1.3" }]);
    expect(msg([a, b], "1.0")).toEqual(["A; fixed in 1.1, which other known advisories of p affect: upgrade to 1.3 or later", "B; upgrade to 1.3 or later"]);
    // B does not affect 1.0 but affects 2.0 to 2.1: "1.1 or later" would be wrong
    const later = record("B", "p", [{ introduced: "2.0" }, { fixed: "2.2" }]);
    expect(msg([a, later], "1.0")).toEqual(["A; fixed in 1.1 or later, but other known advisories of p affect later versions: upgrade to 1.1, or to 2.2 or later"]);
    const never = record("C", "p", [{ introduced: "1.2" }]);
    expect(msg([a, never], "1.0")).toEqual(["A; fixed in 1.1 or later, but other known advisories of p affect later versions: upgrade to 1.1"]);
    expect(msg([record("N", "p", [{ introduced: "0" }])], "1.0")).toEqual(["N; no fixed version is known"]);
  });
});

describe("--ignore-vuln", () => {
  const d = [dep("urllib3", { version: "1.26.4" })];
  it("parses ID and ID:YYYY-MM-DD, rejecting bad dates with one line", () => {
    expect(parseIgnore("PYSEC-2021-108")).toEqual({ id: "PYSEC-2021-108" });
    expect(parseIgnore(" CVE-2021-33503:2025-01-31 ")).toEqual({ id: "CVE-2021-33503", until: "2025-01-31" });
    expect(() => parseIgnore("X:2025-02-30")).toThrow(AuditOptionError);
    expect(() => parseIgnore("X:2025-02-30")).toThrow('--ignore-vuln "X:2025-02-30": 2025-02-30 is not a valid date (expected YYYY-MM-DD)');
    expect(() => parseIgnore("X:2025/02/01")).toThrow("the expiry date must be written YYYY-MM-DD");
    expect(() => parseIgnore("")).toThrow(AuditOptionError);
    // anything after a colon is an expiry date attempt, never part of an id that would silently match nothing
    expect(() => parseIgnore("PYSEC-1:tomorrow")).toThrow('--ignore-vuln "PYSEC-1:tomorrow": the expiry date must be written YYYY-MM-DD (got "tomorrow")');
    expect(() => parseIgnore("PYSEC-1:")).toThrow('--ignore-vuln "PYSEC-1:": the expiry date must be written YYYY-MM-DD');
    expect(() => parseIgnore("PYSEC-1:2025-1-5")).toThrow("the expiry date must be written YYYY-MM-DD");
    expect(() => parseIgnore("PYSEC-1:2099-13-45")).toThrow("2099-13-45 is not a valid date");
    expect(() => parseIgnore(":2025-01-01")).toThrow("expected an advisory id");
  });

  it("ignores by id or alias until the end of the expiry day, then reports again with a note", () => {
    const byAlias = runAudit(d, DB, { ignore: ["CVE-2021-33503"], today: "2024-06-01" });
    expect(byAlias.findings.map((f) => f.package.advisories?.[0])).toEqual(["PYSEC-2023-192"]);
    expect(byAlias.notes).toEqual([]);
    const notYet = runAudit(d, DB, { ignore: ["GHSA-q2q7-5pp4-w6pg:2024-06-01"], today: "2024-06-01" });
    expect(notYet.findings).toHaveLength(1);
    const lapsed = runAudit(d, DB, { ignore: ["PYSEC-2021-108:2024-05-31"], today: "2024-06-01" });
    expect(lapsed.findings).toHaveLength(2);
    expect(lapsed.notes).toEqual(["--ignore-vuln PYSEC-2021-108:2024-05-31 expired; PYSEC-2021-108 is reported again"]);
    const unused = runAudit(d, DB, { ignore: ["PYSEC-9999-1"], today: "2024-06-01" });
    expect(unused.notes).toEqual(["--ignore-vuln PYSEC-9999-1 matched no reported vulnerability"]);
  });

  it("an ignored advisory no longer decides the safe version", () => {
    const r = runAudit(d, DB, { ignore: ["PYSEC-2023-192"] });
    expect(r.audited[0].safeVersion).toBe("1.26.5");
  });
});

describe("PW102 unpinned-dependency", () => {
  const django = dep("Django", { specifier: ">=2.2", line: 4 });
  it("Django>=2.2 with no lockfile → an unpinned finding, no vulnerability claim", () => {
    const f = audit([django], DB, { readFile });
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ code: "PW102", name: "unpinned-dependency", severity: "low", practice: "dependencies", line: 4, column: 1, endColumn: 12 });
    expect(f[0].message).toBe("Django has only a lower bound (>=2.2) and no lockfile pins it; pin an exact version (or lock the project) so every install gets the audited version");
    expect(f[0].package).toEqual({ name: "Django", specifier: ">=2.2" });
  });

  it("is silent when a lockfile or an exact pin in the project covers the package", () => {
    const locked = dep("django", { version: "4.2.16", file: "poetry.lock", line: 10, kind: "poetry.lock", locked: true });
    expect(audit([django, locked], DB, {})).toEqual([]);
    const deeper = dep("django", { version: "4.2.16", file: "sub/poetry.lock", kind: "poetry.lock", locked: true });
    expect(audit([django, deeper], DB, {}).map((f) => f.code)).toEqual(["PW102"]);
  });

  it("is silent for libraries and upper-bounded ranges; projectKind overrides", () => {
    const py = dep("requests", { specifier: ">=2", file: "lib/pyproject.toml", kind: "pyproject" });
    expect(audit([py], DB, { libraryFiles: ["lib/pyproject.toml"] })).toEqual([]);
    expect(audit([py], DB, { libraryFiles: ["lib/pyproject.toml"], projectKind: "application" }).map((f) => f.code)).toEqual(["PW102"]);
    expect(audit([py], DB, { projectKind: "library" })).toEqual([]);
    expect(audit([dep("requests", { specifier: ">=2,<3" })], DB, {})).toEqual([]);
    expect(audit([dep("requests", { specifier: "~=2.31" })], DB, {})).toEqual([]);
    expect(audit([dep("pkg", { specifier: "", url: "https://x/pkg.whl" })], DB, {})).toEqual([]);
    const bare = audit([dep("requests")], DB, {});
    expect(bare[0].message).toMatch(/^requests has no version and no lockfile pins it/);
  });

  it("isLoose: no specifier or only lower bounds / exclusions", () => {
    expect(isLoose("")).toBe(true);
    expect(isLoose(">=2.2")).toBe(true);
    expect(isLoose(">1, !=1.5")).toBe(true);
    expect(isLoose(">=2,<3")).toBe(false);
    expect(isLoose("==2.*")).toBe(false);
    expect(isLoose("~=2.2")).toBe(false);
  });
});

describe("reachability", () => {
  let site: string;
  beforeAll(() => {
    site = tempDir();
    fs.mkdirSync(path.join(site, "foo_dist-1.0.dist-info"));
    fs.writeFileSync(path.join(site, "foo_dist-1.0.dist-info", "top_level.txt"), "weird_mod\n");
    fs.mkdirSync(path.join(site, "Other.Pkg-2.0.dist-info"));
    fs.writeFileSync(path.join(site, "Other.Pkg-2.0.dist-info", "RECORD"), "otherpkg/__init__.py,sha256=x,1\nsingle.py,,\nother.pkg-2.0.dist-info/METADATA,,\n../../bin/tool,,\n");
  });
  afterAll(() => rmTemp(site));

  it("maps distribution names to import names: installed metadata, the built-in table, then the name", () => {
    expect(importNamesFor("PyYAML")).toEqual(["yaml", "_yaml"]);
    expect(importNamesFor("Pillow")).toEqual(["PIL"]);
    expect(importNamesFor("beautifulsoup4")).toEqual(["bs4"]);
    expect(importNamesFor("scikit-learn")).toEqual(["sklearn"]);
    expect(importNamesFor("python-dateutil")).toEqual(["dateutil"]);
    expect(importNamesFor("Flask-Login")).toEqual(["flask_login"]);
    expect(importNamesFor("python-foo")).toEqual(["python_foo", "foo"]);
    const installed = readInstalledTopLevel([site, path.join(site, "missing")]);
    expect([...installed.entries()].sort()).toEqual([["foo-dist", ["weird_mod"]], ["other-pkg", ["otherpkg", "single"]]]);
    expect(importNamesFor("foo_dist", installed)).toEqual(["weird_mod"]);
    expect(reachability("Pillow", new Set(["pil"]))).toEqual({ imported: true, via: ["PIL"], importNames: ["PIL"] });
  });

  it("marks each vulnerable package imported or not, in the message and the package field", () => {
    const deps = [dep("PyYAML", { version: "5.3.1", line: 3 }), dep("Pillow", { version: "8.0" }), dep("foo-dist", { version: "1.0" })];
    const f = audit(deps, DB, { importedModules: new Set(["yaml", "os", "weird_mod"]), sitePackages: [site], readFile });
    const byName = Object.fromEntries(f.map((x) => [x.package.name, x]));
    expect(byName.PyYAML.package.imported).toBe(true);
    expect(byName.PyYAML.package.importNames).toEqual(["yaml"]);
    expect(byName.PyYAML.severity).toBe("high");
    expect(byName.PyYAML.message).toBe(
      "PyYAML 5.3.1 is affected by PYSEC-2021-142 (CVE-2020-14343), CVSS 9.8: A vulnerability was discovered in the PyYAML library; upgrade to 5.4 or later; the scanned code imports it (yaml)",
    );
    expect(byName.Pillow.package.imported).toBe(false);
    expect(byName.Pillow.severity).toBe("low");
    expect(byName.Pillow.message.endsWith("; the scanned code does not import it (looked for PIL)")).toBe(true);
    expect(byName["foo-dist"].package.imported).toBe(true);
    expect(byName["foo-dist"].package.importNames).toEqual(["weird_mod"]);
    // Unknown when no import set is given.
    expect(audit([deps[0]], DB, {})[0].package.imported).toBeUndefined();
  });
});

describe("rules and helpers", () => {
  it("PW101, PW102 and PW103 are registered with their metadata", () => {
    expect(findRule("PW101")?.meta).toMatchObject({ name: "vulnerable-dependency", practice: "dependencies", cwe: [1395, 937] });
    expect(findRule("unpinned-dependency")?.meta).toMatchObject({ code: "PW102", severity: "low", practice: "dependencies" });
    expect(ALL_RULES.filter((r) => r.meta.code.startsWith("PW1")).map((r) => r.meta.code)).toEqual(["PW101", "PW102", "PW103"]);
  });

  it("smallestSafeVersion skips fixes that another advisory of the package affects", () => {
    const db = MemoryAdvisoryDb.fromRecords("t", [
      record("A", "p", [{ introduced: "0" }, { fixed: "1.5" }]),
      record("B", "p", [{ introduced: "1.3" }, { fixed: "1.6" }]),
    ]);
    expect(smallestSafeVersion(db.lookup("p"), "1.0")).toBe("1.6");
    expect(smallestSafeVersion(db.lookup("p"), "2.0")).toBeUndefined();
  });
});

describe("lexical import scan", () => {
  it("finds top-level imported modules, skipping docstrings, comments and relative imports", async () => {
    const { importsInSource } = await import("../../src/deps/reachability.js");
    const src = [
      '"""Module doc.',
      "import notreal",
      '"""',
      "import os, yaml.constructor as yc",
      "from PIL import Image  # import commented",
      "from . import sibling",
      "from .pkg import x",
      "import json; from bs4 import (",
      "    BeautifulSoup)",
      "if True:",
      "    import requests",
      "x = importlib.import_module('sklearn.linear_model')",
      "y = __import__(\"dateutil\")",
      "# import hidden",
      "import a, \\",
      "    b",
    ].join("\n");
    expect([...importsInSource(src)].sort()).toEqual(["PIL", "a", "b", "bs4", "dateutil", "json", "os", "requests", "sklearn", "yaml"]);
  });
});
