/**
 * Pruning of the result cache (ScanCache.prune): unused entries older than a week go, used ones stay, temporary
 * files of interrupted runs go after an hour, and a run that wrote only a few entries walks the cache at most once
 * an hour (the `last-prune` file).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PRUNE_ALWAYS_WRITES, ScanCache } from "../../src/engine/cache.js";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-prune-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const DAY = 24 * 3600;
/** Writes an entry file `name` (64 hex digits) last used `ageDays` ago, as an earlier run would have. */
function oldEntry(name: string, ageDays: number): string {
  const file = path.join(dir, "v1", name.slice(0, 2), `${name}.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ key: name, value: {} }));
  const t = Date.now() / 1000 - ageDays * DAY;
  fs.utimesSync(file, t, t);
  return file;
}
/** A run of the cache that writes `n` summary entries (the smallest entries there are). */
function runWriting(n: number): ScanCache {
  const cache = new ScanCache(dir, "digest");
  for (let i = 0; i < n; i++) cache.putSummary(`${String(i).padStart(4, "0")}${"a".repeat(60)}`, { errors: [] });
  return cache;
}
const marker = (): string => path.join(dir, "v1", "last-prune");

describe("cache pruning", () => {
  it("deletes unused entries older than a week and old temporary files; keeps recent and used ones", () => {
    const old = oldEntry("b".repeat(64), 8);
    const recent = oldEntry("c".repeat(64), 2);
    const tmp = path.join(dir, "v1", "bb", `${"b".repeat(64)}.json.1-0-abcd.tmp`);
    fs.writeFileSync(tmp, "partial");
    fs.utimesSync(tmp, Date.now() / 1000 - 7200, Date.now() / 1000 - 7200);
    const cache = runWriting(1);
    cache.prune();
    expect(fs.existsSync(old)).toBe(false);
    expect(fs.existsSync(tmp)).toBe(false);
    expect(fs.existsSync(recent)).toBe(true);
    expect(cache.stats.pruned).toBe(1);
    expect(fs.existsSync(marker())).toBe(true);
  });

  it("a run writing a few entries prunes at most once an hour; one writing many always prunes", () => {
    runWriting(1).prune(); // leaves the marker: pruned just now
    const old = oldEntry("d".repeat(64), 30);
    const few = runWriting(2);
    few.prune();
    expect(fs.existsSync(old)).toBe(true); // skipped: the last pruning is minutes old
    expect(few.stats.pruned).toBe(0);
    const many = runWriting(PRUNE_ALWAYS_WRITES);
    many.prune();
    expect(fs.existsSync(old)).toBe(false);
    const older = oldEntry("e".repeat(64), 30);
    const t = Date.now() / 1000 - 2 * 3600;
    fs.utimesSync(marker(), t, t); // the last pruning two hours ago
    runWriting(1).prune();
    expect(fs.existsSync(older)).toBe(false);
  });

  it("keeps an old entry the run used without reading it (a whole run reused), however many unused ones go", () => {
    const cache = runWriting(PRUNE_ALWAYS_WRITES);
    const key = "7".repeat(64);
    // where the cache keeps the entry of `key` (its file is named by the key's HMAC under the cache secret)
    const name = path.basename(cache.entryPath(key), ".json");
    const used = oldEntry(name, 30);
    const unused = oldEntry("8".repeat(64), 30);
    cache.reusedRun([key], 1);
    cache.prune();
    expect(fs.existsSync(used)).toBe(true);
    expect(fs.existsSync(unused)).toBe(false);
  });

  it("a summary entry whose value is not an object is a miss, not a module without summary", () => {
    const cache = new ScanCache(dir, "digest");
    const key = "9".repeat(64);
    cache.putSummary(key, { errors: [], probes: {} } as never);
    expect(cache.getSummary(key, new Set())).toEqual({}); // stored: no summary
    fs.writeFileSync(cache.entryPath(key), JSON.stringify({ key, value: 5 }));
    expect(new ScanCache(dir, "digest").getSummary(key, new Set())).toBeUndefined();
  });

  it("a run that wrote nothing never prunes", () => {
    const old = oldEntry("f".repeat(64), 30);
    const cache = new ScanCache(dir, "digest");
    cache.prune();
    expect(fs.existsSync(old)).toBe(true);
    expect(fs.existsSync(marker())).toBe(false);
  });
});

describe("a cache planted by the scanned repository", () => {
  it("a symbolic link as the cache or layout directory is not followed: nothing is written or deleted through it", () => {
    const victim = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-victim-"));
    try {
      fs.mkdirSync(path.join(victim, "sub"));
      const keep = path.join(victim, "sub", "keep.json");
      fs.writeFileSync(keep, "{}");
      const t = Date.now() / 1000 - 30 * DAY;
      fs.utimesSync(keep, t, t);
      // `.pyward_cache/v1` -> victim
      const a = path.join(dir, "a", ".pyward_cache");
      fs.mkdirSync(a, { recursive: true });
      fs.symlinkSync(victim, path.join(a, "v1"));
      const viaLayout = new ScanCache(a, "digest");
      viaLayout.putSummary("1".repeat(64), { errors: [] });
      viaLayout.prune();
      expect(viaLayout.stats.problem).toMatch(/symbolic link/);
      // `.pyward_cache` -> victim
      const b = path.join(dir, "b");
      fs.mkdirSync(b);
      fs.symlinkSync(victim, path.join(b, ".pyward_cache"));
      const viaDir = new ScanCache(path.join(b, ".pyward_cache"), "digest");
      viaDir.putSummary("2".repeat(64), { errors: [] });
      viaDir.prune();
      expect(fs.readdirSync(victim)).toEqual(["sub"]);
      expect(fs.existsSync(keep)).toBe(true);
    } finally {
      fs.rmSync(victim, { recursive: true, force: true });
    }
  });

  it("prunes only entry-named files in two-hex-digit directories", () => {
    const foreign = path.join(dir, "v1", "zz", "note.json");
    fs.mkdirSync(path.dirname(foreign), { recursive: true });
    fs.writeFileSync(foreign, "{}");
    const other = path.join(dir, "v1", "ab", "0011.json");
    fs.mkdirSync(path.dirname(other), { recursive: true });
    fs.writeFileSync(other, "{}");
    const t = Date.now() / 1000 - 30 * DAY;
    for (const f of [foreign, other]) fs.utimesSync(f, t, t);
    const old = oldEntry("9".repeat(64), 30);
    runWriting(PRUNE_ALWAYS_WRITES).prune();
    expect(fs.existsSync(old)).toBe(false);
    expect(fs.existsSync(foreign)).toBe(true);
    expect(fs.existsSync(other)).toBe(true);
  });

  it("a planted v1/last-prune link or FIFO is never written through or opened", () => {
    const victim = path.join(dir, "..", `${path.basename(dir)}-victim`);
    fs.writeFileSync(victim, "keep me\n");
    try {
      new ScanCache(dir, "digest"); // makes the layout
      fs.symlinkSync(victim, marker());
      runWriting(PRUNE_ALWAYS_WRITES).prune();
      expect(fs.readFileSync(victim, "utf8")).toBe("keep me\n");
      expect(fs.lstatSync(marker()).isFile()).toBe(true); // made anew as a plain file
      if (process.platform === "linux") {
        fs.rmSync(marker());
        execFileSync("mkfifo", [marker()]);
        runWriting(PRUNE_ALWAYS_WRITES).prune(); // would wait for a reader if opened for writing
        expect(fs.lstatSync(marker()).isFile()).toBe(true);
      }
    } finally {
      fs.rmSync(victim, { force: true });
    }
  });

  it("entry directories planted as links elsewhere are neither written nor read through", () => {
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-elsewhere-"));
    try {
      const cache = new ScanCache(dir, "digest");
      for (let i = 0; i < 256; i++) fs.symlinkSync(elsewhere, path.join(dir, "v1", i.toString(16).padStart(2, "0")));
      cache.putSummary("5".repeat(64), { errors: [] });
      expect(fs.readdirSync(elsewhere)).toEqual([]);
      // an entry placed where the link leads is not read either
      const name = path.basename(cache.entryPath("5".repeat(64)));
      fs.writeFileSync(path.join(elsewhere, name), JSON.stringify({ key: "5".repeat(64), value: { summary: undefined, probes: {} } }));
      expect(new ScanCache(dir, "digest").getSummary("5".repeat(64), new Set())).toBeUndefined();
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it("a cache deleted while a run goes on is made again with its .gitignore", () => {
    const cache = new ScanCache(dir, "digest");
    fs.rmSync(dir, { recursive: true, force: true });
    cache.putSummary("4".repeat(64), { errors: [] });
    expect(fs.existsSync(cache.entryPath("4".repeat(64)))).toBe(true);
    expect(fs.readFileSync(path.join(dir, ".gitignore"), "utf8")).toMatch(/^\*$/m);
    expect(fs.existsSync(path.join(dir, "CACHEDIR.TAG"))).toBe(true);
  });

  it.runIf(process.platform === "linux")("an entry that is a FIFO is a miss, never a hang", () => {
    const cache = new ScanCache(dir, "digest");
    const key = "3".repeat(64);
    cache.putSummary(key, { errors: [] });
    const file = cache.entryPath(key);
    fs.rmSync(file);
    execFileSync("mkfifo", [file]);
    expect(new ScanCache(dir, "digest").getIndex(key)).toBeUndefined();
  });
});
