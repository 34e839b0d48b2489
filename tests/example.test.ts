/**
 * The bundled example app (examples/flask_app): every line marked `# vulnerable` is found, no safe twin is.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scan } from "../src/engine/run.js";

const APP = path.resolve(__dirname, "../examples/flask_app");

let cacheDir: string;
const previousCacheDir = process.env.PYWARD_CACHE_DIR;
beforeAll(() => {
  // isolate from any advisory database in the user's cache: the audit part of `check` stays off here
  cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-example-cache-"));
  process.env.PYWARD_CACHE_DIR = cacheDir;
});
afterAll(() => {
  if (previousCacheDir === undefined) delete process.env.PYWARD_CACHE_DIR;
  else process.env.PYWARD_CACHE_DIR = previousCacheDir;
  fs.rmSync(cacheDir, { recursive: true, force: true });
});

describe("examples/flask_app", () => {
  it("yields exactly the expected findings", async () => {
    const result = await scan([APP], { cwd: APP });
    const got = result.findings.filter((f) => f.practice !== "dependencies").map((f) => `${f.path}:${f.line} ${f.code}`);
    expect(got).toEqual([
      "app/__init__.py:8 PW401",
      "app/db.py:14 PW250", // cross-module taint flow: route parameter in views.py → SQL in db.py
      "app/db.py:25 PW201",
      "app/security.py:7 PW303",
      "app/security.py:17 PW320", // supersedes PW301 (weak hash) on the same call
      "app/security.py:29 PW302",
      "app/views.py:31 PW803", // project-wide: POST routes and no CSRF protection anywhere
      "app/views.py:34 PW251", // taint findings fold the pattern findings (PW202, PW203, …) at the same sink
      "app/views.py:43 PW251",
      "app/views.py:50 PW254",
      "app/views.py:51 PW254",
      "app/views.py:59 PW252",
      "app/views.py:65 PW255",
      "app/views.py:74 PW263",
      "app/views.py:80 PW801",
      "app/views.py:83 PW264",
      "app/views.py:83 PW901",
      "app/views.py:85 PW603",
      "app/views.py:86 PW604",
      "app/views.py:94 PW601",
      "app/views.py:100 PW602",
    ]);
    expect(result.errors).toEqual([]);
  });

  it("marks every vulnerable line of the sources, and only those", async () => {
    const result = await scan([APP], { cwd: APP });
    const flagged = new Set(result.findings.map((f) => `${f.path}:${f.line}`));
    for (const rel of ["app/__init__.py", "app/db.py", "app/security.py", "app/views.py"]) {
      const lines = fs.readFileSync(path.join(APP, rel), "utf8").split("\n");
      lines.forEach((text, i) => {
        // a marker alone on its line speaks of the next line
        const key = `${rel}:${/^\s*#/.test(text) ? i + 2 : i + 1}`;
        if (/# vulnerable/.test(text)) expect(flagged.has(key), `${key} should be flagged`).toBe(true);
        if (/# safe twin/.test(text)) expect(flagged.has(key), `${key} is a safe twin`).toBe(false);
      });
    }
  });

  it("audits requirements.txt against the shared advisory snapshot, marking imported packages", async (ctx) => {
    const db = path.resolve(__dirname, "../../shared/advisories/pypa-osv.json");
    if (!fs.existsSync(db)) ctx.skip(); // the snapshot lives beside the checkout (../shared); absent elsewhere
    const result = await scan([APP], { cwd: APP, db, markerEnvironment: undefined });
    const deps = result.findings.filter((f) => f.practice === "dependencies");
    expect(deps.map((f) => `${f.path}:${f.line} ${f.code} ${f.package?.advisories?.[0]}`)).toEqual([
      "requirements.txt:2 PW101 PYSEC-2018-28",
      "requirements.txt:2 PW101 PYSEC-2023-74",
      "requirements.txt:3 PW101 PYSEC-2021-142",
    ]);
    expect(deps.every((f) => /the scanned code imports it/.test(f.message))).toBe(true);
    expect(result.attribution?.[0]).toMatch(/Python Packaging Advisory Database.*CC-BY-4\.0/);
  });

  it("says in one line that the audit was skipped when no local database exists", async () => {
    const result = await scan([APP], { cwd: APP });
    expect(result.notes.map((n) => n.reason)).toContain(
      "dependency audit skipped: no local advisory database (run `pyward db update` once, or `pyward audit --db PATH`)",
    );
  });

  it("never prints the hard-coded password in clear", async () => {
    const result = await scan([APP], { cwd: APP });
    expect(JSON.stringify(result.findings)).not.toContain("Inventory2024!");
  });
});
