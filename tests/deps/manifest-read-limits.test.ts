/**
 * Hostile manifests: an include of `/dev/zero`, a FIFO, a symbolic link to a directory, a sparse 11 MB file.
 * Each is refused without blocking or reading it whole and becomes a PW103 finding naming it; everything else
 * is still audited. (Runs in-process: a regression hangs rather than fails, hence the generous timeouts.)
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditForCheck, collectDependencies, runAudit } from "../../src/deps/audit.js";
import { MemoryAdvisoryDb } from "../../src/deps/advisories/store.js";
import { environmentFor } from "../../src/deps/markers.js";
import { planFixes } from "../../src/deps/fix.js";
import { readRequirements } from "../../src/deps/manifests/requirements.js";
import { MANIFEST_MAX_FILE_SIZE, ManifestReadError, readManifestText } from "../../src/deps/manifests/read-file.js";
import { DEFAULT_MAX_FILE_SIZE } from "../../src/engine/run.js";
import { cli } from "../helpers/cli.js";
import { dep, requestsFlaskRecords, rmTemp, tempDir } from "./audit-helpers.js";

const SLOW = 60_000;
const DB = MemoryAdvisoryDb.fromRecords("test", requestsFlaskRecords());
const env = environmentFor({ python: "3.11", platform: "linux" });

let root: string;
let dbFile: string;
let haveFifo = true;
const savedEnv = { ...process.env };
beforeAll(() => {
  root = tempDir("pyward-manifest-limits-");
  dbFile = path.join(root, "db.json");
  fs.writeFileSync(
    dbFile,
    JSON.stringify(requestsFlaskRecords()),
  );
  try {
    execFileSync("mkfifo", [path.join(root, "probe-fifo")]);
  } catch {
    haveFifo = false;
  }
});
afterAll(() => {
  process.env = savedEnv;
  rmTemp(root);
});
beforeEach(() => {
  process.env = { ...savedEnv, PYWARD_CACHE_DIR: path.join(root, `cache-${Math.random().toString(36).slice(2)}`), NO_COLOR: "1" };
});

/**
 * A project whose requirements.txt includes a FIFO, /dev/zero, a symbolic link to a directory and a sparse
 * 11 MB file, then pins requests; dev-requirements.txt pins flask; app.py has a Python finding (`eval`).
 */
function hostileProject(): string {
  const dir = fs.mkdtempSync(path.join(root, "p-"));
  const lines = ["-r /dev/zero", "-c /dev/zero", "-r sub", "-r big.txt"];
  if (haveFifo) {
    execFileSync("mkfifo", [path.join(dir, "pipe.txt")]);
    lines.push("-r pipe.txt");
  }
  lines.push("requests==2.19.1");
  fs.writeFileSync(path.join(dir, "requirements.txt"), lines.join("\n") + "\n");
  fs.writeFileSync(path.join(dir, "dev-requirements.txt"), "flask==0.12\n");
  fs.mkdirSync(path.join(dir, "realdir"));
  fs.writeFileSync(path.join(dir, "realdir", "x.txt"), "six==1.0\n");
  fs.symlinkSync("realdir", path.join(dir, "sub"));
  fs.writeFileSync(path.join(dir, "big.txt"), "requests==2.19.1\n");
  fs.truncateSync(path.join(dir, "big.txt"), 11 * 1024 * 1024);
  fs.writeFileSync(path.join(dir, "app.py"), "import requests\nx = eval(input())\n");
  return dir;
}

/**
 * The PW103 messages expected for {@link hostileProject}'s requirements.txt, by line. `/dev/zero` lies outside the
 * project: read directly (`readRequirements` without an include root) it is refused as a device; through
 * `collectDependencies` (what `check` and `audit` use) it is not even opened.
 */
function expectedErrors(outsideChecked = true): [number, RegExp][] {
  const zero = (opt: string): RegExp =>
    outsideChecked ? new RegExp(`^-${opt} /dev/zero: outside the project \\(/dev/zero\\); not read, so not audited(;|$)`) : new RegExp(`^-${opt} /dev/zero: cannot read /dev/zero: not a regular file \\(a character device\\)(;|$)`);
  const out: [number, RegExp][] = [
    [1, zero("r")],
    [2, zero("c")],
    [3, /^-r sub: cannot read .*sub: not a regular file \(a directory\)(;|$)/],
    [4, /^-r big\.txt: cannot read .*big\.txt: file is 11\.0 MB, over the 10\.0 MB limit(;|$)/],
  ];
  if (haveFifo) out.push([5, /^-r pipe\.txt: cannot read .*pipe\.txt: not a regular file \(a FIFO\)(;|$)/]);
  return out;
}

describe("readManifestText", () => {
  it("uses the Python sources' default limit", () => {
    expect(MANIFEST_MAX_FILE_SIZE).toBe(DEFAULT_MAX_FILE_SIZE);
  });

  it("refuses devices, FIFOs, directories and oversized files with a one-line reason, without blocking", { timeout: SLOW }, () => {
    const dir = hostileProject();
    const reason = (p: string, max?: number): string => {
      try {
        readManifestText(p, max);
      } catch (e) {
        expect(e).toBeInstanceOf(ManifestReadError);
        return (e as Error).message;
      }
      return "read";
    };
    expect(reason("/dev/zero")).toBe("not a regular file (a character device)");
    expect(reason(path.join(dir, "sub"))).toBe("not a regular file (a directory)");
    expect(reason(path.join(dir, "realdir"))).toBe("not a regular file (a directory)");
    expect(reason(path.join(dir, "big.txt"))).toBe("file is 11.0 MB, over the 10.0 MB limit");
    expect(reason(path.join(dir, "dev-requirements.txt"), 4)).toBe("file is 12 bytes, over the 4 bytes limit");
    if (haveFifo) expect(reason(path.join(dir, "pipe.txt"))).toBe("not a regular file (a FIFO)");
    expect(readManifestText(path.join(dir, "dev-requirements.txt"))).toBe("flask==0.12\n");
    expect(() => readManifestText(path.join(dir, "nope.txt"))).toThrow(expect.objectContaining({ code: "ENOENT" }));
  });

  it("reads at most the limit from a file whose size stat does not tell (/proc)", { timeout: SLOW }, () => {
    if (!fs.existsSync("/proc/self/status")) return;
    expect(fs.statSync("/proc/self/status").size).toBe(0);
    expect(readManifestText("/proc/self/status")).toMatch(/^Name:/);
    expect(() => readManifestText("/proc/self/status", 16)).toThrow(/^file is 17 bytes, over the 16 bytes limit$/);
  });
});

describe("hostile manifests become PW103 findings", () => {
  it("includes: readRequirements names the including file and line, and reads the rest", { timeout: SLOW }, () => {
    const dir = hostileProject();
    const req = path.join(dir, "requirements.txt");
    const r = readRequirements(req, fs.readFileSync(req, "utf8"));
    expect(r.dependencies.map((d) => [d.name, d.version])).toEqual([["requests", "2.19.1"]]);
    const errors = r.problems.filter((p) => p.severity === "error");
    expect(errors.map((p) => [p.file, p.line])).toEqual(expectedErrors(false).map(([line]) => [req, line]));
    for (const [line, re] of expectedErrors(false)) expect(errors.find((p) => p.line === line)!.message).toMatch(re);
  });

  it("setup.cfg `file:` directives are read the same way", { timeout: SLOW }, () => {
    const dir = hostileProject();
    fs.writeFileSync(path.join(dir, "setup.cfg"), "[options]\ninstall_requires = file: /dev/zero, big.txt, dev-requirements.txt\n");
    const c = collectDependencies([path.join(dir, "setup.cfg")]);
    expect(c.dependencies.map((d) => d.name)).toEqual(["flask"]);
    expect(c.problems.filter((p) => p.severity === "error").map((p) => [path.basename(p.file), p.line, p.message.replace(dir, "DIR")])).toEqual([
      ["setup.cfg", 2, "file: /dev/zero: outside the project (/dev/zero); not read, so not audited"],
      ["setup.cfg", 2, "file: big.txt: cannot read DIR/big.txt: file is 11.0 MB, over the 10.0 MB limit"],
    ]);
  });

  it("top-level files: collectDependencies and runAudit report them and audit the rest", { timeout: SLOW }, () => {
    const dir = hostileProject();
    const at = (f: string): string => path.join(dir, f);
    const paths = [at("big.txt"), at("sub"), "/dev/zero", at("dev-requirements.txt"), ...(haveFifo ? [at("pipe.txt")] : [])];
    const c = collectDependencies(paths, { fallbackKind: "requirements" });
    expect(c.dependencies.map((d) => d.name)).toEqual(["flask"]);
    const r = runAudit(c.dependencies, DB, { problems: c.problems });
    expect(r.findings.map((f) => [f.code, path.basename(f.path)])).toEqual([["PW101", "dev-requirements.txt"]]);
    const byPath = new Map(r.manifestErrors.map((f) => [f.path, f.message]));
    expect(byPath.get(at("big.txt"))).toMatch(/^cannot read: file is 11\.0 MB, over the 10\.0 MB limit; /);
    expect(byPath.get(at("sub"))).toMatch(/^cannot read: not a regular file \(a directory\); /);
    expect(byPath.get("/dev/zero")).toMatch(/^cannot read: not a regular file \(a character device\); /);
    if (haveFifo) expect(byPath.get(at("pipe.txt"))).toMatch(/^cannot read: not a regular file \(a FIFO\); /);
    expect(r.manifestErrors).toHaveLength(haveFifo ? 4 : 3);
    // a smaller limit applies to what collectDependencies reads itself
    const small = collectDependencies([at("dev-requirements.txt")], { maxFileSize: 4 });
    expect(small.problems.map((p) => p.message)).toEqual(["cannot read: file is 12 bytes, over the 4 bytes limit"]);
  });

  it("auditForCheck reports them, honours maxFileSize and still audits the other dependencies", { timeout: SLOW }, () => {
    const dir = hostileProject();
    const out = auditForCheck(["requirements.txt", "dev-requirements.txt"], ["requests"], { cwd: dir, db: dbFile, cacheDir: path.join(root, "cache-afc"), environment: env });
    const pw103 = out.findings.filter((f) => f.code === "PW103");
    expect(pw103.map((f) => [f.path, f.line])).toEqual(expectedErrors().map(([line]) => ["requirements.txt", line]));
    expect(out.findings.filter((f) => f.code === "PW101").map((f) => [f.path, f.line])).toEqual([["dev-requirements.txt", 1], ["requirements.txt", haveFifo ? 6 : 5]]);
    const limited = auditForCheck(["dev-requirements.txt"], [], { cwd: dir, db: dbFile, cacheDir: path.join(root, "cache-afc"), environment: env, maxFileSize: 4 });
    expect(limited.findings.map((f) => [f.code, f.message.split(";")[0]])).toEqual([["PW103", "cannot read: file is 12 bytes, over the 4 bytes limit"]]);
  });

  it("planFixes does not block on or read such files", { timeout: SLOW }, () => {
    const dir = hostileProject();
    const deps = [dep("requests", { version: "2.0", file: path.join(dir, "big.txt"), line: 1 }), ...(haveFifo ? [dep("requests", { version: "2.0", file: path.join(dir, "pipe.txt"), line: 1 })] : [])];
    const plan = planFixes(runAudit(deps, DB, {}).audited);
    expect(plan.files.size).toBe(0);
    expect(plan.messages[0]).toMatch(/big\.txt: cannot read for --fix: file is 11\.0 MB, over the 10\.0 MB limit$/);
    if (haveFifo) expect(plan.messages[1]).toMatch(/pipe\.txt: cannot read for --fix: not a regular file \(a FIFO\)$/);
  });

  for (const command of ["audit", "check"] as const) {
    it(`\`pyward ${command}\` returns promptly with the PW103 findings, the other dependencies audited, exit 1`, { timeout: SLOW }, async () => {
      const dir = hostileProject();
      const r = await cli(command, dir, "--db", dbFile, "--python-version", "3.11", "--format", "json");
      expect(r.code).toBe(1);
      const findings = JSON.parse(r.stdout).findings as { code: string; path: string; line: number; message: string }[];
      const rel = (f: { path: string }): string => path.relative(dir, path.resolve(f.path)).split(path.sep).join("/");
      const pw103 = findings.filter((f) => f.code === "PW103");
      expect(pw103.map((f) => [rel(f), f.line])).toEqual(expectedErrors().map(([line]) => ["requirements.txt", line]));
      for (const [line, re] of expectedErrors()) expect(pw103.find((f) => f.line === line)!.message).toMatch(re);
      const pw101 = findings.filter((f) => f.code === "PW101").map((f) => [rel(f), f.message.split(" ")[0]]);
      expect(pw101).toEqual([["dev-requirements.txt", "flask"], ["requirements.txt", "requests"]]);
      if (command === "check") expect(findings.some((f) => rel(f) === "app.py")).toBe(true);
    });
  }
});

describe("includes that leave the project", () => {
  it("are not read, so a repository cannot make pyward print another file's lines (PW103 says so)", { timeout: SLOW }, async () => {
    const outer = fs.mkdtempSync(path.join(root, "outer-"));
    fs.writeFileSync(path.join(outer, "outside.txt"), "SECRET_TOKEN=abc123\n");
    const repo = path.join(outer, "repo");
    fs.mkdirSync(path.join(repo, ".git"), { recursive: true }); // the project's top level
    fs.mkdirSync(path.join(repo, "svc"));
    fs.symlinkSync(path.join(outer, "outside.txt"), path.join(repo, "svc", "inc.txt"));
    fs.writeFileSync(path.join(repo, "shared.txt"), "flask==0.12\n");
    fs.writeFileSync(path.join(repo, "svc", "requirements.txt"), "-r ../../outside.txt\n-r inc.txt\n-r ../shared.txt\n-r /etc/passwd\nrequests==2.19.1\n");
    for (const command of ["audit", "check"] as const) {
      const r = await cli(command, path.join(repo, "svc"), "--db", dbFile, "--python-version", "3.11", "--format", "json");
      expect(r.stdout).not.toContain("SECRET_TOKEN");
      expect(r.stdout).not.toContain("root:");
      const findings = JSON.parse(r.stdout).findings as { code: string; line: number; message: string }[];
      // the include's path as reported (relative to the working directory), made absolute for the comparison
      const absolute = (m: string): string => m.split(";")[0].replace(/\(([^)]*)\)$/, (_, p: string) => `(${path.resolve(p)})`);
      expect(findings.filter((f) => f.code === "PW103").map((f) => [f.line, absolute(f.message)])).toEqual([
        [1, `-r ../../outside.txt: outside the project (${path.join(outer, "outside.txt")})`],
        [2, `-r inc.txt: outside the project (${path.join(repo, "svc", "inc.txt")})`],
        [4, "-r /etc/passwd: outside the project (/etc/passwd)"],
      ]);
      // an include elsewhere in the same repository is read as before
      expect(findings.filter((f) => f.code === "PW101").map((f) => f.message.split(" ")[0]).sort()).toEqual(["flask", "requests"]);
    }
  });
});
