/** `pyward check --jobs`, `--cache-dir` and `--no-cache`. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { cacheDirFor } from "../../src/cli/commands/check.js";

let dir: string;
let proj: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-cli-cache-"));
  proj = path.join(dir, "proj");
  fs.cpSync("examples/flask_app/app", proj, { recursive: true });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("check --jobs", () => {
  it("rejects a count that is not a positive whole number", async () => {
    for (const bad of ["0", "-1", "1.5", "many"]) {
      const r = await cli("check", proj, "--jobs", bad);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--jobs: expected a positive whole number/);
    }
  });
});

describe("check --cache-dir / --no-cache", () => {
  it("fills the cache, marks it git-ignored, and gives the same report warm", async () => {
    const cache = path.join(dir, "cache");
    const cold = await cli("check", proj, "--no-audit", "--format", "json", "--cache-dir", cache, "-j", "1");
    expect(fs.readFileSync(path.join(cache, ".gitignore"), "utf8")).toMatch(/^\*$/m);
    expect(fs.existsSync(path.join(cache, "CACHEDIR.TAG"))).toBe(true);
    const warm = await cli("check", proj, "--no-audit", "--format", "json", "--cache-dir", cache);
    expect(warm.code).toBe(cold.code);
    expect(warm.stdout).toBe(cold.stdout);
    const none = path.join(dir, "unused-cache");
    const off = await cli("check", proj, "--no-audit", "--format", "json", "--cache-dir", none, "--no-cache");
    expect(off.stdout).toBe(cold.stdout);
    expect(fs.existsSync(none)).toBe(false);
  });

  it("says in one line when the named cache directory cannot be written, and scans anyway", async () => {
    const blocker = path.join(dir, "file");
    fs.writeFileSync(blocker, "x");
    const r = await cli("check", proj, "--no-audit", "--cache-dir", path.join(blocker, "c"));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^pyward: cache .* not written \(ENOTDIR\); continuing without it$/m);
  });

  it("defaults to .pyward_cache in the configuration's directory, unless PYWARD_NO_CACHE is set", () => {
    const saved = process.env.PYWARD_NO_CACHE;
    try {
      delete process.env.PYWARD_NO_CACHE;
      expect(cacheDirFor({ cache: true }, [proj], dir)).toBe(path.join(dir, ".pyward_cache"));
      expect(cacheDirFor({ cache: false }, [proj], dir)).toBeUndefined();
      process.env.PYWARD_NO_CACHE = "1";
      expect(cacheDirFor({ cache: true }, [proj], dir)).toBeUndefined();
      expect(cacheDirFor({ cache: true, cacheDir: "c" }, [proj], dir)).toBe("c");
    } finally {
      if (saved === undefined) delete process.env.PYWARD_NO_CACHE;
      else process.env.PYWARD_NO_CACHE = saved;
    }
  });
});

describe("configuration keys jobs, cache, cache-dir", () => {
  it("a cache-dir in the configuration file (the scanned repository's) must lie inside its directory", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-cachedir-out-"));
    try {
      fs.writeFileSync(path.join(root, "a.py"), "x = 1\n");
      const outside = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-cachedir-victim-"));
      fs.symlinkSync(outside, path.join(root, "lnk"));
      fs.symlinkSync("/nonexistent/pyward", path.join(root, "dangling"));
      for (const dir of ["..", "/tmp/elsewhere", ".", "sub/../../x", "lnk", "lnk/c", "lnk/.pyward_cache", "dangling/x"]) {
        fs.writeFileSync(path.join(root, "pyward.toml"), `cache-dir = ${JSON.stringify(dir)}\n`);
        const r = await cli("check", root, "--no-audit");
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/^pyward: cache-dir = .* in the configuration file: must name a directory inside /);
        expect(r.stderr.trim().split("\n")).toHaveLength(1);
      }
      expect(fs.readdirSync(outside)).toEqual([]); // nothing written through the link
      fs.rmSync(outside, { recursive: true, force: true });
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("reads cache-dir relative to the configuration file, and validates the values", async () => {
    const root = path.join(dir, "configured");
    fs.cpSync(proj, path.join(root, "app"), { recursive: true });
    fs.writeFileSync(path.join(root, "pyward.toml"), 'jobs = 1\ncache-dir = "build-cache"\n');
    const r = await cli("check", root, "--no-audit", "-q");
    expect(r.code).toBe(1);
    expect(fs.existsSync(path.join(root, "build-cache", ".gitignore"))).toBe(true);
    const show = await cli("config", "--show", root, "--format", "json");
    expect(JSON.parse(show.stdout).settings).toMatchObject({ jobs: 1, cache: true, "cache-dir": "build-cache" });

    fs.writeFileSync(path.join(root, "pyward.toml"), "cache = false\n");
    fs.rmSync(path.join(root, "build-cache"), { recursive: true });
    const saved = process.env.PYWARD_NO_CACHE;
    delete process.env.PYWARD_NO_CACHE;
    try {
      await cli("check", root, "--no-audit", "-q");
      expect(fs.existsSync(path.join(root, ".pyward_cache"))).toBe(false);
    } finally {
      if (saved !== undefined) process.env.PYWARD_NO_CACHE = saved;
    }

    fs.writeFileSync(path.join(root, "pyward.toml"), "jobs = 0\n");
    const bad = await cli("check", root, "--no-audit");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/pyward\.toml:1: jobs: expected a positive whole number, got 0/);
  });
});
