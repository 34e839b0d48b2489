/**
 * makeDirectory (src/util/fs.ts): `mkdir -p` that always ends and reports the real error. Node 20's recursive
 * mkdirSync never returned for a directory under /proc/<pid>/ — a scanned repository's configuration could name
 * one as its cache directory and hang the run.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeDirectory } from "../../src/util/fs.js";
import { scan } from "../../src/engine/run.js";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-mkdir-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("makeDirectory", () => {
  it("creates missing parents and accepts a directory that exists", () => {
    const deep = path.join(dir, "a", "b", "c");
    makeDirectory(deep);
    expect(fs.statSync(deep).isDirectory()).toBe(true);
    expect(() => makeDirectory(deep)).not.toThrow();
  });

  it("throws ENOTDIR when a parent is a file", () => {
    fs.writeFileSync(path.join(dir, "f"), "");
    expect(() => makeDirectory(path.join(dir, "f", "x"))).toThrow(expect.objectContaining({ code: "ENOTDIR" }));
  });

  it.runIf(process.platform === "linux")("ends with an error under /proc/<pid>/ (where recursive mkdirSync spun forever)", () => {
    expect(() => makeDirectory(`/proc/${process.pid}/pyward-cache/v1`)).toThrow(expect.objectContaining({ code: "ENOENT" }));
  });

  it.runIf(process.platform === "linux")("a scan whose cache directory cannot be made goes on without it and says why", async () => {
    fs.writeFileSync(path.join(dir, "a.py"), "import hashlib\nhashlib.md5(b'x')\n");
    const r = await scan([dir], { cwd: dir, audit: false, cacheDir: `/proc/${process.pid}/pyward-cache` });
    expect(r.findings.map((f) => f.code)).toEqual(["PW301"]);
    expect(r.cache?.problem).toBe(`cache /proc/${process.pid}/pyward-cache not written (ENOENT)`);
  });
});
