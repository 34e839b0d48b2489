/** `pyward audit` and `pyward db` end to end, in-process; HTTP only to a server on 127.0.0.1 started here. */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { strToU8, zipSync } from "fflate";
import { cli } from "../helpers/cli.js";
import { PYPA_ATTRIBUTION } from "../../src/deps/advisories/attribution.js";
import { HAVE_SNAPSHOT, SNAPSHOT, record, rmTemp, tempDir } from "./audit-helpers.js";

const RECORDS = [
  record("PYSEC-2014-8", "jinja2", [{ introduced: "0" }, { fixed: "2.7.2" }], { aliases: ["CVE-2014-1402"], summary: "Insecure bytecode cache" }),
  record("PYSEC-2021-66", "jinja2", [{ introduced: "0" }, { fixed: "2.11.3" }], { severity: [{ type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L" }] }),
  record("PYSEC-2021-142", "pyyaml", [{ introduced: "0" }, { fixed: "5.4" }]),
];

let root: string;
let project: string;
let dbFile: string;
const savedEnv = { ...process.env };
const rel = (p: string): string => path.relative(process.cwd(), p).split(path.sep).join("/");

beforeAll(() => {
  root = tempDir();
  dbFile = path.join(root, "db.json");
  fs.writeFileSync(dbFile, JSON.stringify(RECORDS));
});
afterAll(() => {
  process.env = savedEnv;
  rmTemp(root);
});
beforeEach(() => {
  process.env = { ...savedEnv, PYWARD_CACHE_DIR: path.join(root, `cache-${Math.random().toString(36).slice(2)}`), NO_COLOR: "1" };
  project = fs.mkdtempSync(path.join(root, "proj-"));
  fs.writeFileSync(
    path.join(project, "requirements.txt"),
    ['jinja2==2.4.1  # templates', "Django>=2.2", 'PyYAML==5.3.1 ; python_version < "3.0"', ""].join("\n"),
  );
  fs.writeFileSync(path.join(project, "app.py"), "import jinja2\n");
});

describe("pyward audit", () => {
  it("reports vulnerable and unpinned requirements in text, with the summary and the credit as the last line", async () => {
    const r = await cli("audit", project, "--db", dbFile, "--python-version", "3.11");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    const req = rel(path.join(project, "requirements.txt"));
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines.filter((l) => /^\S+:\d+:\d+: PW1/.test(l))).toEqual([
      `${req}:1:1: PW101 [medium] jinja2 2.4.1 is affected by PYSEC-2014-8 (CVE-2014-1402): Insecure bytecode cache; fixed in 2.7.2, which other known advisories of jinja2 affect: upgrade to 2.11.3 or later; the scanned code imports it (jinja2) (vulnerable-dependency)`,
      `${req}:1:1: PW101 [medium] jinja2 2.4.1 is affected by PYSEC-2021-66, CVSS 5.3; upgrade to 2.11.3 or later; the scanned code imports it (jinja2) (vulnerable-dependency)`,
      `${req}:2:1: PW102 [low] Django has only a lower bound (>=2.2) and no lockfile pins it; pin an exact version (or lock the project) so every install gets the audited version (unpinned-dependency)`,
    ]);
    expect(lines.at(-2)).toBe(
      `Audited 2 dependencies from 1 file against ${path.resolve(dbFile)} (markers for Python 3.11 on linux, 1 left out by markers): 2 known vulnerabilities in 1 package (0 high, 2 medium, 0 low), 1 unpinned requirement.`,
    );
    expect(lines.at(-1)).toBe(PYPA_ATTRIBUTION);
  });

  it("writes json with the audit summary and the credit as properties", async () => {
    const r = await cli("audit", project, "--db", dbFile, "--python-version", "3.11", "--format", "json");
    const report = JSON.parse(r.stdout);
    expect(report.findings.map((f: any) => [f.code, f.package.advisories?.[0] ?? f.package.name, f.package.imported])).toEqual([
      ["PW101", "PYSEC-2014-8", true],
      ["PW101", "PYSEC-2021-66", true],
      ["PW102", "Django", undefined],
    ]);
    expect(report.advisoryAttribution).toEqual([PYPA_ATTRIBUTION]);
    expect(report.audit).toMatchObject({ dependencies: 2, excludedByMarker: 1, vulnerable: 1, environment: "Python 3.11 on linux" });
  });

  it("writes sarif with the credit, and a CycloneDX SBOM to a file", async () => {
    const sbom = path.join(root, "bom.json");
    const r = await cli("audit", project, "--db", dbFile, "--python-version", "3.11", "--format", "sarif", "--format", "cyclonedx", "-o", path.join(root, "out.sarif"), "-o", sbom);
    expect(r.code).toBe(1);
    const sarif = JSON.parse(fs.readFileSync(path.join(root, "out.sarif"), "utf8"));
    expect(sarif.runs[0].properties.advisoryAttribution).toEqual([PYPA_ATTRIBUTION]);
    expect(sarif.runs[0].results.map((x: any) => x.ruleId)).toEqual(["PW101", "PW101", "PW102"]);
    const bom = JSON.parse(fs.readFileSync(sbom, "utf8"));
    expect(bom.specVersion).toBe("1.6");
    expect(bom.vulnerabilities.map((v: any) => v.id)).toEqual(["PYSEC-2014-8", "PYSEC-2021-66"]);
  });

  it("--fix --dry-run prints a diff and writes nothing; --fix rewrites the pin", async () => {
    const req = path.join(project, "requirements.txt");
    const before = fs.readFileSync(req, "utf8");
    const dry = await cli("audit", project, "--db", dbFile, "--python-version", "3.11", "--fix", "--dry-run", "-q");
    expect(fs.readFileSync(req, "utf8")).toBe(before);
    expect(dry.stdout).toContain(`--- a/${rel(req)}\n+++ b/${rel(req)}\n@@ -1,3 +1,3 @@\n-jinja2==2.4.1  # templates\n+jinja2==2.11.3  # templates\n`);
    const fixed = await cli("audit", project, "--db", dbFile, "--python-version", "3.11", "--fix", "--fail-on", "medium");
    expect(fixed.stderr).toBe(`pyward: bumped jinja2 2.4.1 → 2.11.3 in ${rel(req)}:1\n`);
    expect(fixed.code).toBe(0);
    expect(fs.readFileSync(req, "utf8")).toBe(before.replace("2.4.1", "2.11.3"));
    const again = await cli("audit", project, "--db", dbFile, "--python-version", "3.11", "--format", "json");
    expect(JSON.parse(again.stdout).findings.map((f: any) => f.code)).toEqual(["PW102"]);
  });

  it("fails with one line: no database, bad --ignore-vuln, --db and --online together, unreachable API", async () => {
    const none = await cli("audit", project, "--python-version", "3.11");
    expect(none.code).toBe(2);
    expect(none.stderr).toBe("pyward: no local advisory database: run `pyward db update` (downloads OSV's PyPI data), pass --db PATH, or use --online\n");
    const bad = await cli("audit", project, "--db", dbFile, "--ignore-vuln", "PYSEC-1:2024-13-01");
    expect(bad.stderr).toBe('pyward: --ignore-vuln "PYSEC-1:2024-13-01": 2024-13-01 is not a valid date (expected YYYY-MM-DD)\n');
    const both = await cli("audit", project, "--db", dbFile, "--online");
    expect(both.stderr).toBe("pyward: use either --db PATH or --online, not both\n");
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    process.env.PYWARD_OSV_API = `http://127.0.0.1:${port}`;
    const offline = await cli("audit", project, "--online", "--python-version", "3.11");
    expect(offline.code).toBe(2);
    expect(offline.stderr.split("\n")).toHaveLength(2);
    expect(offline.stderr).toMatch(/^pyward: OSV query failed after 4 attempts: cannot reach http:\/\/127\.0\.0\.1:\d+ \(fetch failed: ECONNREFUSED\); are you offline\?/);
  }, 30_000);

  it("a broken database is a one-line error (exit 2) for audit, check --db and db status, on every run", async () => {
    const full = JSON.stringify(RECORDS, null, 2);
    const trunc = path.join(root, "trunc.json");
    fs.writeFileSync(trunc, full.slice(0, Math.floor(full.length / 2)));
    const line = full.slice(0, Math.floor(full.length / 2)).split("\n").length;
    const bad = new RegExp(`^pyward: cannot use advisory database ${trunc.replace(/[.\\/]/g, "\\$&")}: line ${line}: invalid JSON: [^\n]*\n$`);
    for (let i = 0; i < 2; i++) {
      const r = await cli("audit", project, "--db", trunc, "--python-version", "3.11");
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(bad);
      expect(r.stdout).toBe("");
    }
    const check = await cli("check", project, "--db", trunc, "-q");
    expect(check.code).toBe(2);
    expect(check.stderr).toMatch(bad);
    const status = await cli("db", "status", "--db", trunc);
    expect(status.code).toBe(2);
    expect(status.stderr).toMatch(bad);
    for (const [name, text, reason] of [
      ["empty-object.json", "{}", "line 1: not OSV data: advisory has no string `id`"],
      ["empty-array.json", "[]", "it holds no OSV records"],
      ["one-line.json", '{"id": "X",,}', "line 1: invalid JSON: "],
    ]) {
      const f = path.join(root, name);
      fs.writeFileSync(f, text);
      const r = await cli("audit", project, "--db", f, "--python-version", "3.11");
      expect(r.code).toBe(2);
      expect(r.stderr.startsWith(`pyward: cannot use advisory database ${f}: ${reason}`)).toBe(true);
      expect(r.stderr.split("\n")).toHaveLength(2);
    }
  });

  it("a broken local database (the one `db update` keeps) fails audit and check instead of passing", async () => {
    const cache = process.env.PYWARD_CACHE_DIR!;
    fs.mkdirSync(cache, { recursive: true });
    fs.writeFileSync(path.join(cache, "osv-PyPI.zip"), "[]");
    const audit = await cli("audit", project, "--python-version", "3.11");
    expect(audit.code).toBe(2);
    expect(audit.stderr).toBe(`pyward: cannot use advisory database ${path.join(cache, "osv-PyPI.zip")}: it holds no OSV records\n`);
    const check = await cli("check", project, "-q");
    expect(check.code).toBe(2);
    expect(check.stderr).toBe(`pyward: cannot use advisory database ${path.join(cache, "osv-PyPI.zip")}: it holds no OSV records; run \`pyward db update\` to download it again\n`);
  });

  it("says in the report when markers use the default Python instead of the local interpreter (audit and check)", async () => {
    process.env.PATH = path.join(root, "no-python-here");
    const note = "environment markers are evaluated for the default Python 3.12 on linux, not the local interpreter: python3 was not found; pass --python-version to choose the target";
    const text = await cli("audit", project, "--db", dbFile);
    expect(text.stdout.split("\n")).toContain(`note: ${note}`);
    const json = await cli("audit", project, "--db", dbFile, "--format", "json");
    expect(JSON.parse(json.stdout).notes).toContainEqual({ path: "", reason: note });
    const check = await cli("check", project, "--db", dbFile, "--format", "json");
    expect(JSON.parse(check.stdout).notes).toContainEqual({ path: "", reason: `dependency audit: ${note}` });
    const pinned = await cli("audit", project, "--db", dbFile, "--python-version", "3.11", "--format", "json");
    expect(JSON.parse(pinned.stdout).notes.some((n: any) => n.reason.includes("default Python"))).toBe(false);
  });

  it("--ignore-vuln hides an advisory by alias", async () => {
    const r = await cli("audit", project, "--db", dbFile, "--python-version", "3.11", "--ignore-vuln", "CVE-2014-1402", "--format", "json");
    expect(JSON.parse(r.stdout).findings.map((f: any) => f.package.advisories?.[0] ?? f.code)).toEqual(["PYSEC-2021-66", "PW102"]);
  });

  it.skipIf(!HAVE_SNAPSHOT)(`jinja2==2.4.1 against the shared snapshot → the five PYSEC advisories (skipped when ${SNAPSHOT} is absent)`, async () => {
    const r = await cli("audit", path.join(project, "requirements.txt"), "--db", SNAPSHOT, "--python-version", "3.11", "--format", "json");
    const f = JSON.parse(r.stdout).findings.filter((x: any) => x.code === "PW101");
    expect(f.map((x: any) => [x.package.advisories[0], x.package.fixedIn[0]])).toEqual([
      ["PYSEC-2014-8", "2.7.2"], ["PYSEC-2014-82", "2.7.3"], ["PYSEC-2019-217", "2.10.1"], ["PYSEC-2019-220", "2.8.1"], ["PYSEC-2021-66", "2.11.3"],
    ]);
  });
});

describe("pyward db", () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    const zip = zipSync(Object.fromEntries(RECORDS.map((r) => [`${r.id}.json`, strToU8(JSON.stringify(r))])));
    server = http.createServer((req, res) => {
      if (req.url === "/all.zip" && req.headers["if-none-match"] === '"e1"') res.writeHead(304).end();
      else if (req.url === "/all.zip") res.writeHead(200, { etag: '"e1"' }).end(Buffer.from(zip));
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it("status without a database says so; update downloads and indexes; audit then uses it", async () => {
    const cache = process.env.PYWARD_CACHE_DIR!;
    const empty = await cli("db", "status");
    expect(empty.code).toBe(0); // a state, not a finding nor an error
    expect(empty.stdout).toBe(`cache directory: ${cache}\nno advisory database at ${path.join(cache, "osv-PyPI.zip")} yet; run \`pyward db update\` or pass --db PATH to \`pyward audit\`\n`);
    const named = await cli("db", "status", "--db", path.join(cache, "nowhere.zip"));
    expect(named.code).toBe(2);
    expect(named.stderr).toBe(`pyward: --db ${path.join(cache, "nowhere.zip")}: no such file or directory\n`);
    process.env.PYWARD_OSV_EXPORT_URL = `${base}/all.zip`;
    const up = await cli("db", "update");
    expect(up.code).toBe(0);
    expect(up.stdout).toMatch(new RegExp(`^Downloaded 0\\.0 MB to ${path.join(cache, "osv-PyPI.zip").replace(/[.\\/]/g, "\\$&")}; indexed 3 advisories for 2 packages\\.\n`));
    const status = await cli("db", "status");
    expect(status.code).toBe(0);
    expect(status.stdout).toContain("advisories: 3 for 2 packages, from 3 records (0 withdrawn, skipped)\n");
    const audit = await cli("audit", project, "--python-version", "3.11", "--format", "json");
    expect(JSON.parse(audit.stdout).findings.map((f: any) => f.code)).toEqual(["PW101", "PW101", "PW102"]);
    const bad = await cli("db", "update", "--url", `${base}/missing.zip`);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(`pyward: download of the OSV PyPI export failed: HTTP 404 Not Found from ${base}/missing.zip\n`);
  });

  it("update downloads again when the copy its ETag names is damaged", async () => {
    const cache = process.env.PYWARD_CACHE_DIR!;
    process.env.PYWARD_OSV_EXPORT_URL = `${base}/all.zip`;
    expect((await cli("db", "update")).code).toBe(0);
    const same = await cli("db", "update");
    expect(same.stdout).toMatch(/is up to date \(3 advisories for 2 packages\)/);
    fs.writeFileSync(path.join(cache, "osv-PyPI.zip"), "PK\u0003\u0004 truncated");
    const again = await cli("db", "update");
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^Downloaded 0\.0 MB to .*; indexed 3 advisories for 2 packages\.\n/);
  });
});
