/**
 * pyward's SARIF against the SARIF 2.1.0 JSON schema, offline. The schema is the copy Microsoft's SARIF
 * multitool ships (`sarif-2.1.0.json` in `@microsoft/sarif-multitool-<platform>`, MIT, from the SARIF SDK
 * that tracks the OASIS schema; a dev dependency, so nothing is fetched at test time), checked with ajv.
 * The same package's self-contained `Sarif.Multitool validate` (no .NET needed) then applies the schema and
 * its own rules, SARIF's and GitHub code scanning's (`--rule-kind Sarif;Gh`). It fetches the schema a log's
 * `$schema` names, so the copies it validates name the local schema file instead: no network.
 *
 * The log covers a taint `codeFlows`, a dependency finding, a fix (no rule produces one yet, so the test adds
 * one), hostile text, pyward's own diagnostics (syntax error, undecodable and skipped files), internal
 * errors, and paths that need percent-encoding.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Ajv2020 } from "ajv/dist/2020.js";
import formats from "ajv-formats";
import type { ValidateFunction } from "ajv";
import type * as Sarif from "sarif";
import { scan, type ScanResult } from "../../src/engine/run.js";
import { buildSarif, pathToUri, renderSarif } from "../../src/report/sarif.js";
import { removeProject, sampleProject, withHostileFinding } from "./project.js";

const require = createRequire(import.meta.url);
const PLATFORM = process.platform === "win32" ? "win32" : process.platform === "darwin" ? "darwin" : "linux";
const MULTITOOL_DIR = path.dirname(require.resolve(`@microsoft/sarif-multitool-${PLATFORM}/package.json`));
const SCHEMA_FILE = path.join(MULTITOOL_DIR, "sarif-2.1.0.json");
/** ajv-formats is CommonJS: its plugin is the module itself or its `default`, depending on the loader. */
const addFormats = ((formats as unknown as { default?: typeof formats }).default ?? formats) as unknown as (ajv: Ajv2020) => Ajv2020;

let root = "";
let result: ScanResult;
let diagnostics: ScanResult;
let validate: ValidateFunction;

beforeAll(async () => {
  const p = await sampleProject();
  root = p.root;
  result = withHostileFinding(p.result);
  const extra = path.join(root, "extra");
  fs.mkdirSync(extra);
  fs.writeFileSync(path.join(extra, "broken.py"), "def f(:\n    pass\n");
  fs.writeFileSync(path.join(extra, "latin.py"), Buffer.from([0x78, 0x20, 0x3d, 0x20, 0x27, 0xe9, 0x27, 0x0a]));
  fs.writeFileSync(path.join(extra, "big.py"), `x = 1\n${"# padding\n".repeat(200)}`);
  fs.writeFileSync(path.join(extra, "a #1?%.py"), "import hashlib\nhashlib.md5(b'x')\n");
  diagnostics = await scan([extra], { cwd: extra, maxFileSize: 1000 });
  diagnostics.errors.push("rule PW999 threw: <boom>");
  const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8"));
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  validate = ajv.compile(schema);
});
afterAll(() => removeProject(root));

function errorsOf(log: unknown): string[] {
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
}

describe("SARIF 2.1.0 schema", () => {
  it("uses the SARIF 2.1.0 schema", () => {
    const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8"));
    expect(schema.title).toBe("Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema");
    expect(schema.properties.version.enum).toEqual(["2.1.0"]);
  });

  it("rejects a broken log (the validator is live)", () => {
    const log = structuredClone(buildSarif(result)) as unknown as { runs: { results: { level: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
    log.runs[0].results[0].level = "fatal";
    log.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    expect(errorsOf(log)).toHaveLength(2);
  });

  it("accepts a log with taint code flows, a fix, a dependency finding and hostile text", () => {
    const log = buildSarif(result);
    const results = log.runs[0].results ?? [];
    expect(results.some((r) => r.codeFlows?.[0].threadFlows[0].locations.length === 4)).toBe(true);
    expect(results.some((r) => r.fixes?.length)).toBe(true);
    expect(results.some((r) => r.ruleId === "PW101" && (r.properties as { package?: unknown }).package)).toBe(true);
    expect(errorsOf(log)).toEqual([]);
  });

  it("accepts pyward's own diagnostics, internal errors and paths that need encoding", () => {
    const log = buildSarif(diagnostics);
    expect((log.runs[0].results ?? []).map((r) => r.ruleId).sort()).toEqual(["PW001", "PW002", "PW003", "PW301"]);
    expect(log.runs[0].invocations?.[0].executionSuccessful).toBe(false);
    const uris = (log.runs[0].results ?? []).map((r) => r.locations?.[0].physicalLocation?.artifactLocation?.uri);
    expect(uris).toContain("a%20%231%3F%25.py");
    expect(errorsOf(log)).toEqual([]);
  });

  it("accepts a clean run", () => {
    expect(errorsOf(buildSarif({ ...result, findings: [], attribution: undefined }))).toEqual([]);
  });

  it("encodes paths as relative URI references that decode back", () => {
    for (const p of ["app/views.py", "a:b.py", "dir/a #1?%.py", "../up/x.py", "ünï/cødé.py", `odd&<b>"name".py`]) {
      const uri = pathToUri(p);
      expect(uri).not.toMatch(/^[a-z][a-z0-9+.-]*:/i);
      expect(uri).not.toMatch(/[#? ]/);
      expect(decodeURIComponent(uri)).toBe(p);
    }
  });
});

describe("SARIF multitool validate", () => {
  /** Findings the validator may report: pyward has no web page to name as the tool's `informationUri`. */
  const ACCEPTED = new Set(["SARIF2005"]);

  it("finds no error and nothing but the accepted warning in pyward's SARIF (SARIF and GitHub rules)", () => {
    const bin = path.join(MULTITOOL_DIR, process.platform === "win32" ? "Sarif.Multitool.exe" : "Sarif.Multitool");
    // its postinstall marks the binary executable; do it here too in case install scripts were skipped
    if (process.platform !== "win32") fs.chmodSync(bin, 0o755);
    const inputs = (
      [
        ["findings", result],
        ["diagnostics", diagnostics],
      ] as const
    ).map(([name, r]) => {
      // the multitool fetches the schema a log's `$schema` names (and wants one): point it at the local copy
      const log = JSON.parse(renderSarif(r)) as Sarif.Log & { $schema?: string };
      expect(log.$schema).toBe("https://json.schemastore.org/sarif-2.1.0.json");
      log.$schema = pathToFileURL(SCHEMA_FILE).href;
      const file = path.join(root, `${name}.sarif`);
      fs.writeFileSync(file, `${JSON.stringify(log, null, 2)}\n`);
      return file;
    });
    const output = path.join(root, "validation.sarif");
    const run = spawnSync(bin, ["validate", ...inputs, "--output", output, "--json-schema", SCHEMA_FILE, "--rule-kind", "Sarif;Gh"], {
      encoding: "utf8",
      timeout: 180_000,
    });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(/2 files scanned/);
    const report = JSON.parse(fs.readFileSync(output, "utf8").replace(/^\uFEFF/, "")) as Sarif.Log;
    const notifications = (report.runs[0].invocations ?? []).flatMap((i) => [...(i.toolExecutionNotifications ?? []), ...(i.toolConfigurationNotifications ?? [])]);
    expect(notifications.filter((n) => n.level === "error").map((n) => n.message.text)).toEqual([]);
    const issues = (report.runs[0].results ?? []).map((r) => ({
      ruleId: r.ruleId ?? "",
      level: r.level ?? "warning",
      where: r.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? "",
      message: (r.message.arguments ?? []).join(" | "),
    }));
    expect(issues.filter((i) => i.level === "error")).toEqual([]);
    expect(issues.filter((i) => !ACCEPTED.has(i.ruleId))).toEqual([]);
  }, 240_000);
});
