/** PW103 manifest errors, the manifest layouts directory search finds, and manifest + lockfile double pins. */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditForCheck, collectDependencies, runAudit } from "../../src/deps/audit.js";
import { MemoryAdvisoryDb } from "../../src/deps/advisories/store.js";
import { environmentFor } from "../../src/deps/markers.js";
import { planFixes } from "../../src/deps/fix.js";
import { renderCycloneDx } from "../../src/deps/sbom.js";
import { ALL_RULES, findRule } from "../../src/rules/index.js";
import { cli } from "../helpers/cli.js";
import { dep, record, requestsFlaskRecords, rmTemp, tempDir } from "./audit-helpers.js";

const DB = MemoryAdvisoryDb.fromRecords("test", requestsFlaskRecords());
const env = environmentFor({ python: "3.11", platform: "linux" });

let root: string;
let dbFile: string;
const savedEnv = { ...process.env };
beforeAll(() => {
  root = tempDir();
  dbFile = path.join(root, "db.json");
  fs.writeFileSync(dbFile, JSON.stringify([record("PYSEC-R-1", "requests", [{ introduced: "0" }, { fixed: "2.20.0" }])]));
});
afterAll(() => {
  process.env = savedEnv;
  rmTemp(root);
});
beforeEach(() => {
  process.env = { ...savedEnv, PYWARD_CACHE_DIR: path.join(root, `cache-${Math.random().toString(36).slice(2)}`), NO_COLOR: "1" };
});

/** Writes `files` (relative path → text) under a fresh directory and returns it. */
function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(root, "p-"));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

describe("PW103 manifest-error", () => {
  it("is registered with its metadata", () => {
    const r = findRule("PW103")!;
    expect(ALL_RULES).toContain(r);
    expect(r.meta).toMatchObject({ name: "manifest-error", practice: "dependencies", severity: "medium", confidence: "high", fileKind: "manifest" });
    expect(r.meta.docs.what.length).toBeGreaterThan(40);
  });

  it("a missing -r include, an invalid requirement and invalid TOML are findings at file and line; warnings are not", () => {
    const dir = project({
      "requirements.txt": "-r missing.txt\nrequests=2.19.1\n--frobnicate\nflask==0.12\n",
      "pyproject.toml": '[project]\nname = "x"\ndependencies = [\n',
    });
    const c = collectDependencies(["requirements.txt", "pyproject.toml"], { readFile: (f) => fs.readFileSync(path.join(dir, f), "utf8") });
    const r = runAudit(c.dependencies, DB, { problems: c.problems, readFile: (f) => fs.readFileSync(path.join(dir, f), "utf8") });
    expect(r.manifestErrors.map((f) => [f.code, f.path, f.line, f.column, f.endColumn, f.severity])).toEqual([
      ["PW103", "pyproject.toml", 4, 1, 1, "medium"],
      ["PW103", "requirements.txt", 1, 1, 15, "medium"],
      ["PW103", "requirements.txt", 2, 1, 16, "medium"],
    ]);
    expect(r.manifestErrors[2].message).toMatch(/^invalid requirement "requests=2\.19\.1": .*; what this part of the file declares is not audited$/);
    expect(r.manifestErrors[1].message).toMatch(/^-r missing\.txt: cannot read missing\.txt: /);
    // the unknown option is a warning: no finding
    expect(c.problems.filter((p) => p.severity === "warning").map((p) => p.line)).toEqual([3]);
    expect(r.findings.map((f) => [f.code, f.line])).toEqual([["PW101", 4]]);
    // fingerprints do not depend on the line
    expect(new Set(r.manifestErrors.map((f) => f.fingerprint)).size).toBe(3);
  });

  it("an include read both directly and through -r gives one finding per error", () => {
    const dir = project({ "requirements/base.txt": "requests=2.19.1\n", "requirements/dev.txt": "-r base.txt\n" });
    const read = (f: string): string => fs.readFileSync(path.join(dir, f), "utf8");
    const c = collectDependencies(["requirements/base.txt", "requirements/dev.txt"], { readFile: read });
    const r = runAudit(c.dependencies, DB, { problems: c.problems, readFile: read });
    expect(r.manifestErrors.map((f) => [f.path, f.line])).toEqual([["requirements/base.txt", 1]]);
  });

  it("`pyward audit` and `pyward check` report them and exit 1", async () => {
    const dir = project({ "requirements.txt": "-r missing.txt\nrequests=2.19.1\n", "app.py": "import os\n" });
    const audit = await cli("audit", dir, "--db", dbFile, "--python-version", "3.11", "--format", "json");
    expect(audit.code).toBe(1);
    const report = JSON.parse(audit.stdout);
    expect(report.findings.map((f: any) => [f.code, f.line])).toEqual([["PW103", 1], ["PW103", 2]]);
    expect(report.notes.filter((n: any) => /missing\.txt|requests=/.test(n.reason))).toEqual([]);
    const text = await cli("audit", dir, "--db", dbFile, "--python-version", "3.11");
    expect(text.stdout).toMatch(/: no known vulnerabilities, 0 unpinned requirements, 2 manifest errors\.\n$/);
    const check = await cli("check", dir, "--db", dbFile, "--python-version", "3.11", "--format", "json");
    expect(check.code).toBe(1);
    expect(JSON.parse(check.stdout).findings.filter((f: any) => f.code === "PW103").map((f: any) => f.line)).toEqual([1, 2]);
    const pyproject = project({ "pyproject.toml": "[project\nname = 1\n" });
    const bad = await cli("audit", pyproject, "--db", dbFile, "--python-version", "3.11", "--format", "json");
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).findings.map((f: any) => [f.code, f.line, f.message.split(":")[0]])).toEqual([["PW103", 1, "invalid TOML"]]);
  });

  it("auditForCheck returns them with its findings", () => {
    const dir = project({ "requirements.txt": "requests=2.19.1\n" });
    const out = auditForCheck(["requirements.txt"], [], { cwd: dir, db: dbFile, cacheDir: path.join(root, "cache-afc"), environment: env });
    expect(out.findings.map((f) => [f.code, f.path, f.line])).toEqual([["PW103", "requirements.txt", 1]]);
    expect(out.notes.filter((n) => n.includes("requests=2.19.1"))).toEqual([]);
  });
});

describe("manifest layouts", () => {
  const layout = {
    "requirements/base.txt": "requests==2.19.1\n",
    "requirements/dev.in": "flask==0.12\n",
    "dev-requirements.txt": "requests==2.19.1\n",
    "test_requirements.txt": "requests==2.19.1\n",
    "requirements_dev.txt": "requests==2.19.1\n",
    "ci/constraints-py311.txt": "requests==2.19.1\n",
    "config.h.in": "#undef HAVE_X\n",
    "notes.txt": "requests=1\n",
  };

  it("directory search finds requirements/*.txt|in, *-requirements.txt, *_requirements.txt, requirements_*.txt and constraints*.txt", async () => {
    const dir = project(layout);
    const r = await cli("audit", dir, "--db", dbFile, "--python-version", "3.11", "--format", "json");
    const files = JSON.parse(r.stdout).audit.files.map((f: string) => path.relative(dir, f).split(path.sep).join("/")).sort();
    expect(files).toEqual(["ci/constraints-py311.txt", "dev-requirements.txt", "requirements/base.txt", "requirements/dev.in", "requirements_dev.txt", "test_requirements.txt"]);
    const check = await cli("check", dir, "--db", dbFile, "--python-version", "3.11", "--format", "json");
    const paths = JSON.parse(check.stdout).findings.filter((f: any) => f.code === "PW101").map((f: any) => path.relative(dir, path.resolve(f.path)).split(path.sep).join("/"));
    expect([...new Set(paths)].sort()).toEqual(["ci/constraints-py311.txt", "dev-requirements.txt", "requirements/base.txt", "requirements_dev.txt", "test_requirements.txt"]);
  });

  it("a file named on the command line is read as a requirements file, not skipped", async () => {
    const dir = project(layout);
    for (const rel of ["requirements/base.txt", "notes.txt"]) {
      const r = await cli("audit", path.join(dir, rel), "--db", dbFile, "--python-version", "3.11", "--format", "json");
      const report = JSON.parse(r.stdout);
      expect(report.audit.files).toHaveLength(1);
      expect(report.notes.filter((n: any) => n.reason.includes("skipped"))).toEqual([]);
      expect(report.findings.map((f: any) => f.code)).toEqual(rel === "notes.txt" ? ["PW103"] : ["PW101"]);
    }
  });

  it("a constraints file that a requirements file includes with -c is not read again on its own", () => {
    const dir = project({ "requirements.txt": "-c constraints.txt\nrequests\n", "constraints.txt": "requests==2.19.1\nflask>=0.12\n" });
    const read = (f: string): string => fs.readFileSync(path.join(dir, f), "utf8");
    const c = collectDependencies(["constraints.txt", "requirements.txt"], { readFile: read });
    const r = runAudit(c.dependencies, DB, { readFile: read, problems: c.problems });
    expect(r.findings.map((f) => [f.code, f.path, f.line])).toEqual([["PW101", "requirements.txt", 2]]);
    // read on its own, a constraints file reports its vulnerable pins, never "unpinned"
    const alone = collectDependencies(["constraints.txt"], { readFile: read });
    expect(runAudit(alone.dependencies, DB, { readFile: read }).findings.map((f) => [f.code, f.line])).toEqual([["PW101", 1]]);
  });
});

describe("a package pinned by a manifest and a lockfile", () => {
  const POETRY_LOCK = '[[package]]\nname = "requests"\nversion = "2.19.1"\n\n[metadata]\nlock-version = "2.0"\n';
  const PYPROJECT = '[tool.poetry]\nname = "x"\nversion = "0.1.0"\n\n[tool.poetry.dependencies]\npython = "^3.9"\nrequests = "2.19.1"\nflask = "0.12"\n';

  it("is reported once, at the lockfile entry; a manifest-only pin at the manifest", () => {
    const dir = project({ "pyproject.toml": PYPROJECT, "poetry.lock": POETRY_LOCK, "svc/requirements.txt": "requests==2.19.1\n", "other/requirements.txt": "requests==2.19.1\n" });
    const rel = (f: string): string => path.relative(dir, f).split(path.sep).join("/");
    const c = collectDependencies(["poetry.lock", "pyproject.toml", "svc/requirements.txt"].map((f) => path.join(dir, f)));
    const r = runAudit(c.dependencies, DB, { projectKind: "application" });
    expect(r.findings.map((f) => [f.code, rel(f.path), f.line, f.package.advisories?.[0]])).toEqual([
      ["PW101", "poetry.lock", 2, "PYSEC-R-1"],
      ["PW101", "pyproject.toml", 8, "PYSEC-F-1"],
    ]);
    const covered = r.audited.filter((a) => a.reportedAt).map((a) => [rel(a.dependency.file), rel(a.reportedAt!.file), a.reportedAt!.line]);
    expect(covered).toEqual([
      ["pyproject.toml", "poetry.lock", 2],
      ["svc/requirements.txt", "poetry.lock", 2],
    ]);
    // --fix still bumps the manifest pins; the SBOM lists each vulnerability once
    expect(planFixes(r.audited).changes.map((x) => [rel(x.file), x.name, x.to])).toEqual([
      ["pyproject.toml", "requests", "2.20.0"],
      ["pyproject.toml", "flask", "0.12.3"],
      ["svc/requirements.txt", "requests", "2.20.0"],
    ]);
    const bom = JSON.parse(renderCycloneDx(r));
    expect(bom.vulnerabilities.map((v: any) => [v.id, v.affects.length])).toEqual([["PYSEC-F-1", 1], ["PYSEC-R-1", 1]]);
    // a lockfile elsewhere (not this directory or a parent) does not cover the manifest
    const other = runAudit([dep("requests", { version: "2.19.1", file: "other/requirements.txt" }), dep("requests", { version: "2.19.1", file: "svc/poetry.lock", kind: "poetry.lock", locked: true })], DB, {});
    expect(other.findings.map((f) => f.path)).toEqual(["other/requirements.txt", "svc/poetry.lock"]);
  });

  it("the audit summary counts each vulnerability once", async () => {
    const dir = project({ "pyproject.toml": PYPROJECT, "poetry.lock": POETRY_LOCK });
    const r = await cli("audit", dir, "--db", dbFile, "--python-version", "3.11", "--format", "json");
    const report = JSON.parse(r.stdout);
    expect(report.findings.map((f: any) => [f.code, path.basename(f.path)])).toEqual([["PW101", "poetry.lock"]]);
    expect(report.audit.vulnerable).toBe(1);
    const text = await cli("audit", dir, "--db", dbFile, "--python-version", "3.11");
    expect(text.stdout).toContain(": 1 known vulnerability in 1 package (0 high, 1 medium, 0 low), 0 unpinned requirements.\n");
  });
});
