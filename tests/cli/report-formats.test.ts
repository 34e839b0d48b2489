/**
 * `pyward check` with the report formats: several `--format/--output` pairs from one scan (the issue's
 * `--format sarif --output out.sarif --format html --output out.html`), every format to a file, formats
 * implied by the output's extension, one format on stdout beside files, and byte-identical reruns.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { removeProject, writeProject } from "../report/project.js";

let root = "";
let dir = "";
let db = "";
let out = "";
const cwd = process.cwd();
const cacheDir = process.env.PYWARD_CACHE_DIR;

beforeAll(() => {
  ({ root, dir, db } = writeProject());
  out = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-formats-out-"));
  // no advisory database from the user's cache: the audit reads only the test's own --db
  process.env.PYWARD_CACHE_DIR = path.join(out, "cache");
  process.chdir(dir);
});
afterAll(() => {
  process.chdir(cwd);
  if (cacheDir === undefined) delete process.env.PYWARD_CACHE_DIR;
  else process.env.PYWARD_CACHE_DIR = cacheDir;
  removeProject(root);
  fs.rmSync(out, { recursive: true, force: true });
});

const read = (name: string): string => fs.readFileSync(path.join(out, name), "utf8");

describe("pyward check --format/--output pairs", () => {
  it("writes SARIF and HTML from one scan: pyward check . --format sarif --output out.sarif --format html --output out.html", async () => {
    const r = await cli("check", ".", "--db", db, "--format", "sarif", "--output", path.join(out, "out.sarif"), "--format", "html", "--output", path.join(out, "out.html"));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("");
    const sarif = JSON.parse(read("out.sarif"));
    const results = sarif.runs[0].results as { ruleId: string }[];
    expect(results.map((x) => x.ruleId)).toEqual(["PW301", "PW202", "PW250", "PW251", "PW101"]);
    const html = read("out.html");
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain("<title>pyward report: 5 findings</title>");
    expect(html.match(/<article class="finding /g)).toHaveLength(results.length);
    expect(fs.readdirSync(out).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("writes every new format to its own file in one run", async () => {
    const pairs = [
      ["junit", "report.xml"],
      ["gitlab", "gl-sast-report.json"],
      ["github", "annotations.txt"],
      ["html", "report.html"],
      ["json", "report.json"],
    ];
    const args = pairs.flatMap(([format, file]) => ["--format", format, "--output", path.join(out, file)]);
    const r = await cli("check", ".", "--db", db, ...args);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    const json = JSON.parse(read("report.json"));
    expect(json.findings).toHaveLength(5);
    expect(read("report.xml")).toContain(`<testsuites name="pyward" tests="5" failures="5" errors="0" time="0">`);
    const gitlab = JSON.parse(read("gl-sast-report.json"));
    expect(gitlab.scan.type).toBe("sast");
    expect(gitlab.vulnerabilities.map((v: { identifiers: { value: string }[] }) => v.identifiers[0].value)).toEqual(json.findings.map((f: { code: string }) => f.code));
    const annotations = read("annotations.txt").split("\n");
    expect(annotations.filter((l) => /^::(error|warning|notice) file=/.test(l))).toHaveLength(5);
    expect(read("report.html")).toContain(`<span id="shown" aria-live="polite">5 of 5 findings shown</span>`);
  });

  it("takes the format from the output's extension and sends a format without an output to stdout", async () => {
    const r = await cli("check", ".", "--db", db, "--output", path.join(out, "implied.html"), "--output", path.join(out, "implied.xml"), "--output", path.join(out, "implied.sarif"));
    expect(r.stdout).toBe("");
    expect(read("implied.html")).toMatch(/^<!DOCTYPE html>/);
    expect(read("implied.xml")).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites /);
    expect(JSON.parse(read("implied.sarif")).version).toBe("2.1.0");
    const gh = await cli("check", ".", "--db", db, "--format", "html", "--output", path.join(out, "beside.html"), "--format", "github");
    expect(gh.code).toBe(1);
    expect(gh.stdout.split("\n").filter((l) => l.startsWith("::"))).toHaveLength(5);
    expect(gh.stdout).toContain("pyward: 5 findings (3 high, 2 medium, 0 low)\n");
    expect(read("beside.html")).toContain("<title>pyward report: 5 findings</title>");
  });

  it("gives byte-identical reports for identical input", async () => {
    const formats = ["sarif", "html", "junit", "gitlab", "github"];
    const run = async (tag: string): Promise<string[]> => {
      const args = formats.flatMap((f) => ["--format", f, "--output", path.join(out, `${tag}.${f}`)]);
      await cli("check", ".", "--db", db, ...args);
      return formats.map((f) => read(`${tag}.${f}`));
    };
    expect(await run("second")).toEqual(await run("first"));
  });

  it("rejects an unknown format and two formats on stdout", async () => {
    const bad = await cli("check", ".", "--format", "pdf");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/pdf/);
    const two = await cli("check", ".", "--format", "html", "--format", "junit");
    expect(two.code).toBe(2);
  });
});
