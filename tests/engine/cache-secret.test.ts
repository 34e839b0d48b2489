/**
 * Entry names keyed by a secret outside the project: a scanned repository cannot ship cache entries a run reads
 * (`src/engine/cache-secret.ts`).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cacheSecret, SECRET_FILE } from "../../src/engine/cache-secret.js";
import { ScanCache } from "../../src/engine/cache.js";
import { scan } from "../../src/engine/run.js";
import { cli } from "../helpers/cli.js";

let dir: string;
const saved = { secret: process.env.PYWARD_CACHE_SECRET, home: process.env.PYWARD_CACHE_DIR };
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-secret-"));
  process.env.PYWARD_CACHE_DIR = path.join(dir, "user-cache");
  delete process.env.PYWARD_CACHE_SECRET;
});
afterEach(() => {
  for (const [k, v] of [["PYWARD_CACHE_SECRET", saved.secret], ["PYWARD_CACHE_DIR", saved.home]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the cache secret", () => {
  it("is made once, private to the user, outside the project, and read back the same", () => {
    const a = cacheSecret();
    expect("secret" in a).toBe(true);
    const file = path.join(dir, "user-cache", SECRET_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, "utf8").trim()).toMatch(/^[0-9a-f]{64}$/);
    const b = cacheSecret({ ...process.env });
    expect("secret" in b && "secret" in a && b.secret.equals(a.secret)).toBe(true);
  });

  it("refuses a short environment secret and a secret file that is a symbolic link", () => {
    expect(cacheSecret({ PYWARD_CACHE_SECRET: "short" })).toEqual({ problem: expect.stringMatching(/PYWARD_CACHE_SECRET is shorter than 32/) });
    const other = path.join(dir, "elsewhere");
    fs.mkdirSync(other);
    fs.writeFileSync(path.join(other, "target"), `${"f".repeat(64)}\n`);
    fs.symlinkSync(path.join(other, "target"), path.join(other, SECRET_FILE));
    const r = cacheSecret({ PYWARD_CACHE_DIR: other });
    expect("problem" in r && r.problem).toMatch(/no cache secret in .*cache-secret \(ELOOP\)/);
  });

  it("a secret that cannot be used turns the cache off with one line, even for the default cache", async () => {
    const project = path.join(dir, "p");
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, "a.py"), "x = 1\n");
    process.env.PYWARD_CACHE_SECRET = "short";
    delete process.env.PYWARD_NO_CACHE;
    try {
      const r = await cli("check", project, "--no-audit");
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/^pyward: cache .* not written \(PYWARD_CACHE_SECRET is shorter than 32 characters\); continuing without it\n$/);
      expect(fs.existsSync(path.join(project, ".pyward_cache", "v1"))).toBe(false);
    } finally {
      process.env.PYWARD_NO_CACHE = "1";
    }
  });

  it("names entries by an HMAC of the key: entries planted under names made without the secret are not read", () => {
    process.env.PYWARD_CACHE_SECRET = "a".repeat(40);
    const cacheDir = path.join(dir, "project", ".pyward_cache");
    const key = "ab".repeat(32);
    const cache = new ScanCache(cacheDir, "digest");
    cache.putSummary(key, { errors: [] });
    expect(fs.existsSync(cache.entryPath(key))).toBe(true);
    expect(path.basename(cache.entryPath(key))).not.toBe(`${key}.json`);
    // what a repository could ship: the entry under the key's own name, and the real one copied under another secret
    const planted = path.join(cacheDir, "v1", key.slice(0, 2), `${key}.json`);
    fs.mkdirSync(path.dirname(planted), { recursive: true });
    fs.copyFileSync(cache.entryPath(key), planted);
    process.env.PYWARD_CACHE_SECRET = "b".repeat(40);
    const other = new ScanCache(cacheDir, "digest");
    expect(other.getSummary(key, new Set())).toBeUndefined();
    expect(other.stats.problem).toBeUndefined();
  });

  it("a repository shipping a cache that hides its findings: with another secret, the findings are reported", async () => {
    const project = path.join(dir, "project");
    fs.mkdirSync(project, { recursive: true });
    fs.writeFileSync(path.join(project, "run.py"), "import subprocess\n\n\ndef go(cmd):\n    subprocess.call(cmd, shell=True)\n");
    const cacheDir = path.join(project, ".pyward_cache");
    const options = { audit: false, jobs: 1, cwd: project, cacheDir };
    process.env.PYWARD_CACHE_SECRET = "c".repeat(40);
    const honest = await scan([project], options);
    expect(honest.findings.map((f) => f.code)).toContain("PW202");
    // the attacker's edit (they know the names under their own secret): every stored finding removed
    for (const d of fs.readdirSync(path.join(cacheDir, "v1"), { recursive: true, withFileTypes: true })) {
      if (!d.isFile() || !d.name.endsWith(".json")) continue;
      const file = path.join(d.parentPath, d.name);
      fs.writeFileSync(file, JSON.stringify(JSON.parse(fs.readFileSync(file, "utf8")), (k, v) => (k === "findings" ? [] : v)));
    }
    const fooled = await scan([project], options);
    expect(fooled.findings.map((f) => f.code)).not.toContain("PW202"); // under the secret that named them, edits are trusted
    process.env.PYWARD_CACHE_SECRET = "d".repeat(40);
    const victim = await scan([project], options);
    expect(victim.findings.map((f) => f.code)).toContain("PW202");
    expect(victim.cache?.hits).toBe(0);
  });
});
