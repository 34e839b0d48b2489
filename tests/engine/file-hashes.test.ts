/**
 * The file-hash index (src/engine/file-hashes.ts): a remembered hash is used only while the file's status is the
 * recorded one, a write that keeps size and modification time is still seen (through the change time), racily
 * clean files are not remembered, and a scan over an index never reports stale results.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FileHashIndex, RACY_MARGIN_MS } from "../../src/engine/file-hashes.js";
import { contentHash } from "../../src/engine/task.js";
import { blobId } from "../../src/discover/git-changes.js";
import { scan } from "../../src/engine/run.js";
import { renderReport } from "../../src/report/index.js";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-hashes-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A clock this far ahead of the real one: every file written by the test counts as settled. */
const later = (): bigint => BigInt(Date.now() + 60_000) * 1_000_000n;
const FAKE = "f".repeat(64);

/** A stored index whose entry for `file` has its real status and the given hash. */
function storedFor(file: string, hash: string): unknown {
  const st = fs.statSync(file, { bigint: true });
  return { files: { [file]: [String(st.size), String(st.mtimeNs), String(st.ctimeNs), String(st.ino), String(st.dev), hash, "", ""] } };
}

describe("FileHashIndex", () => {
  it("gives the remembered hash without reading while the status is the recorded one", () => {
    const f = path.join(dir, "a.py");
    fs.writeFileSync(f, "x = 1\n");
    const index = new FileHashIndex(storedFor(f, FAKE), later);
    expect(index.hash(f, 1 << 20)).toEqual({ ok: true, hash: FAKE }); // the fake value proves nothing was read
  });

  it("judges a file by one status per run: the one discovery took, else the first it asked", () => {
    const f = path.join(dir, "a.py");
    fs.writeFileSync(f, "x = 1\n");
    const status = fs.statSync(f, { bigint: true });
    const stored = storedFor(f, FAKE);
    fs.rmSync(f);
    // the status discovery took stands for the run: no second look (the file is gone now)
    expect(new FileHashIndex(stored, later, new Map([[f, status]])).hash(f, 1 << 20)).toEqual({ ok: true, hash: FAKE });
    // without it the index looks, and a gone file is read (and fails)
    expect(new FileHashIndex(stored, later).hash(f, 1 << 20).ok).toBe(false);
    // and the first status it took stands for the rest of the run
    fs.writeFileSync(f, "x = 1\n");
    const index = new FileHashIndex(storedFor(f, FAKE), later);
    expect(index.hash(f, 1 << 20)).toEqual({ ok: true, hash: FAKE });
    fs.rmSync(f);
    expect(index.hash(f, 1 << 20)).toEqual({ ok: true, hash: FAKE });
  });

  it("sees a same-size write whose modification time was put back (the change time moved)", () => {
    const f = path.join(dir, "a.py");
    fs.writeFileSync(f, "x = 1\n");
    fs.utimesSync(f, 1_700_000_000, 1_700_000_000); // a whole second: put back exactly below
    const before = fs.statSync(f);
    const stored = storedFor(f, contentHash(fs.readFileSync(f)));
    // wait for the clock to pass the file's change time: same size, same mtime, other bytes
    const until = Date.now() + 20;
    while (Date.now() < until) {
      /* a few milliseconds */
    }
    fs.writeFileSync(f, "x = 2\n");
    fs.utimesSync(f, 1_700_000_000, 1_700_000_000);
    expect(fs.statSync(f).mtimeMs).toBe(before.mtimeMs);
    const r = new FileHashIndex(stored, later).hash(f, 1 << 20);
    expect(r.ok && r.hash).toBe(contentHash(Buffer.from("x = 2\n")));
  });

  it("does not remember a file changed within the racy margin, and remembers a settled one", () => {
    const f = path.join(dir, "a.py");
    fs.writeFileSync(f, "x = 1\n");
    const fresh = new FileHashIndex(undefined); // the real clock: the file was written just now
    expect(fresh.hash(f, 1 << 20).ok).toBe(true);
    expect(fresh.toJSON().files[f]).toBeUndefined();
    expect(RACY_MARGIN_MS).toBeGreaterThanOrEqual(1000);
    const settled = new FileHashIndex(undefined, later);
    settled.hash(f, 1 << 20);
    expect(settled.toJSON().files[f]?.[5]).toBe(contentHash(Buffer.from("x = 1\n")));
    expect(settled.dirty).toBe(true);
    // loaded back, the same file is answered from the index and nothing needs writing
    const again = new FileHashIndex(JSON.parse(JSON.stringify(settled)), later);
    expect(again.hash(f, 1 << 20)).toEqual({ ok: true, hash: contentHash(Buffer.from("x = 1\n")) });
    expect(again.dirty).toBe(false);
  });

  it("computes git's blob id once and remembers it beside the content hash", () => {
    const f = path.join(dir, "hello.txt");
    fs.writeFileSync(f, "hello\n");
    const index = new FileHashIndex(undefined, later);
    // `git hash-object` of "hello\n"
    expect(index.blobId(f, "sha1", 1 << 20)).toBe("ce013625030ba8dba906f756967f9e9ca394464a");
    const entry = index.toJSON().files[f];
    expect(entry[6]).toBe(blobId(Buffer.from("hello\n"), "sha1"));
    expect(entry[5]).toBe(contentHash(Buffer.from("hello\n")));
    const stored = JSON.parse(JSON.stringify(index));
    stored.files[f][6] = "0".repeat(40); // answered from the index while the status holds
    expect(new FileHashIndex(stored, later).blobId(f, "sha1", 1 << 20)).toBe("0".repeat(40));
  });

  it("drops the entries of files gone or unreadable, ignores a damaged index, and never reads a FIFO", () => {
    const f = path.join(dir, "a.py");
    fs.writeFileSync(f, "x = 1\n");
    const index = new FileHashIndex(storedFor(f, FAKE), later);
    fs.rmSync(f);
    expect(index.hash(f, 1 << 20).ok).toBe(false);
    expect(index.toJSON().files[f]).toBeUndefined();
    for (const damaged of [null, 7, "x", { files: [] }, { files: { [f]: [1, 2] } }, { files: { [f]: "x" } }]) {
      expect(() => new FileHashIndex(damaged, later)).not.toThrow();
      expect(new FileHashIndex(damaged, later).toJSON()).toEqual({ files: {} });
    }
    if (process.platform !== "win32") {
      const fifo = path.join(dir, "pipe.py");
      const { execFileSync } = require("node:child_process") as typeof import("node:child_process");
      execFileSync("mkfifo", [fifo]);
      const r = new FileHashIndex(undefined, later).hash(fifo, 1 << 20);
      expect(r.ok).toBe(false);
    }
  });
});

describe("a scan over the index", () => {
  it("reports the new content of a file rewritten with the same size and modification time", { timeout: 20_000 }, async () => {
    const src = path.join(dir, "app.py");
    fs.writeFileSync(src, 'import hashlib\nh = hashlib.sha256(b"x")\n');
    fs.utimesSync(src, 1_700_000_000, 1_700_000_000); // settled long ago: the index remembers it
    // past the racy margin: the first scan remembers the file's hash by its status
    await new Promise((r) => setTimeout(r, RACY_MARGIN_MS + 200));
    const cacheDir = path.join(dir, ".cache");
    const run = async () => renderReport("json", await scan([dir], { cwd: dir, cacheDir, audit: false, jobs: 1 }));
    const clean = await run();
    expect(JSON.parse(clean).findings).toEqual([]);
    await run(); // warm
    const before = fs.statSync(src);
    await new Promise((r) => setTimeout(r, 20));
    fs.writeFileSync(src, 'import hashlib\nh = hashlib.md5(b"x")   \n');
    fs.utimesSync(src, 1_700_000_000, 1_700_000_000);
    expect(fs.statSync(src).size).toBe(before.size);
    const after = await run();
    const fresh = renderReport("json", await scan([dir], { cwd: dir, audit: false, jobs: 1 }));
    expect(after).toBe(fresh);
    expect(JSON.parse(after).findings.map((f: { code: string; line: number }) => `${f.code}:${f.line}`)).toEqual(["PW301:2"]);
  });
});
