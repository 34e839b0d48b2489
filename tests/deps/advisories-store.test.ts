import fs from "node:fs";
import path from "node:path";
import os from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { zipSync, strToU8 } from "fflate";
import { cacheDir, compileSource, indexPathFor, openAdvisoryDb, openDefaultDb, readIndex, serializeIndex, MemoryAdvisoryDb, defaultDbPath } from "../../src/deps/advisories/store.js";
import { sourceFingerprint } from "../../src/deps/advisories/load.js";
import { AdvisoryDbError, sourceKind } from "../../src/deps/advisories/load.js";
import { matchVersion } from "../../src/deps/advisories/match.js";
import { record, rmTemp, tempDir } from "./audit-helpers.js";

let root: string;
beforeAll(() => {
  root = tempDir();
});
afterAll(() => rmTemp(root));

const A = record("PYSEC-1", "Foo", [{ introduced: "0" }, { fixed: "1.2" }], { aliases: ["CVE-1"] });
const B = record("GHSA-b", "foo", [{ introduced: "0" }, { fixed: "1.3" }], { aliases: ["CVE-1"] });
const C = record("PYSEC-3", "bar-baz", [{ introduced: "2.0" }]);
const W = { ...record("PYSEC-W", "foo", [{ introduced: "0" }]), withdrawn: "2024-02-02T00:00:00Z" };

describe("cache directory", () => {
  it("prefers $PYWARD_CACHE_DIR, then $XDG_CACHE_HOME/pyward, then ~/.cache/pyward", () => {
    expect(cacheDir({ PYWARD_CACHE_DIR: "/tmp/a", XDG_CACHE_HOME: "/tmp/b" })).toBe("/tmp/a");
    expect(cacheDir({ XDG_CACHE_HOME: "/tmp/b" })).toBe(path.join("/tmp/b", "pyward"));
    if (process.platform !== "win32") expect(cacheDir({})).toBe(path.join(os.homedir(), ".cache", "pyward"));
    expect(defaultDbPath("/tmp/a")).toBe(path.join("/tmp/a", "osv-PyPI.zip"));
  });
});

describe("reading sources", () => {
  it("reads a directory of OSV files recursively, one record or an array per file", () => {
    const dir = path.join(root, "dir");
    fs.mkdirSync(path.join(dir, "sub"), { recursive: true });
    fs.writeFileSync(path.join(dir, "PYSEC-1.json"), JSON.stringify(A));
    fs.writeFileSync(path.join(dir, "sub", "more.json"), JSON.stringify([B, W]));
    fs.writeFileSync(path.join(dir, "notes.txt"), "not json");
    fs.writeFileSync(path.join(dir, "sub", "bad.json"), '{\n  "id": "X",\n  "affected": [\n}\n');
    const c = compileSource(dir);
    expect(c.kind).toBe("directory");
    expect(c.records).toBe(3);
    expect(c.withdrawn).toBe(1);
    expect(c.problems).toHaveLength(1);
    expect(c.problems[0].file).toBe(path.join(dir, "sub", "bad.json"));
    expect(c.problems[0].line).toBe(4);
    expect(c.problems[0].message).toMatch(/^invalid JSON: /);
    expect(c.db.lookup("FOO").map((a) => a.id)).toEqual(["GHSA-b", "PYSEC-1"]);
    const v = matchVersion(c.db.lookup("foo"), "1.0");
    expect(v.map((x) => [x.id, x.aliases, x.fixedIn])).toEqual([["PYSEC-1", ["GHSA-b", "CVE-1"], ["1.3"]]]);
  });

  it("reads a zip of OSV files (OSV's export layout)", () => {
    const zip = path.join(root, "all.zip");
    fs.writeFileSync(zip, zipSync({ "PYSEC-1.json": strToU8(JSON.stringify(A)), "PYSEC-3.json": strToU8(JSON.stringify(C)), "README": strToU8("x") }));
    expect(sourceKind(zip)).toBe("zip");
    const c = compileSource(zip);
    expect(c.records).toBe(2);
    expect(c.db.names()).toEqual(["bar-baz", "foo"]);
  });

  it("reads a JSON array and reports a bad element with its file and line", () => {
    const file = path.join(root, "array.json");
    fs.writeFileSync(file, `[\n${JSON.stringify(A)},\n${JSON.stringify({ id: "BROKEN", affected: "x" })},\n42\n]\n`);
    const c = compileSource(file);
    expect(c.records).toBe(3);
    expect(c.problems).toEqual([
      { file, line: 3, message: "entry 2: BROKEN: `affected` is not an array" },
      { file, line: 1, message: "entry 3: advisory is not a JSON object" },
    ]);
    expect(c.db.lookup("foo")).toHaveLength(1);
  });

  it("fails with one line for a missing path or a corrupt zip", () => {
    expect(() => compileSource(path.join(root, "nope"))).toThrow(AdvisoryDbError);
    expect(() => compileSource(path.join(root, "nope"))).toThrow(/^advisory database not found: .*nope$/);
    const bad = path.join(root, "bad.zip");
    fs.writeFileSync(bad, Buffer.from("PK\u0003\u0004garbage"));
    expect(() => compileSource(bad)).toThrow(/^cannot read zip archive /);
  });
});

describe("the local index", () => {
  it("is built once, reused, and rebuilt when the source changes", () => {
    const cache = path.join(root, "cache1");
    const dir = path.join(root, "dir2");
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, "a.json"), JSON.stringify(A));
    const first = openAdvisoryDb(dir, { cacheDir: cache });
    expect(first.built).toBe(true);
    expect(first.indexPath).toBe(indexPathFor(dir, cache));
    expect(fs.existsSync(first.indexPath!)).toBe(true);
    const second = openAdvisoryDb(dir, { cacheDir: cache });
    expect(second.built).toBe(false);
    expect(second.db.lookup("foo").map((a) => a.id)).toEqual(["PYSEC-1"]);
    fs.writeFileSync(path.join(dir, "c.json"), JSON.stringify(C));
    const third = openAdvisoryDb(dir, { cacheDir: cache });
    expect(third.built).toBe(true);
    expect(third.header?.packages).toBe(2);
    expect(openAdvisoryDb(dir, { cacheDir: cache, rebuild: true }).built).toBe(true);
  });

  it("stores one line per package after a JSON header, and only matching fields", () => {
    const cache = path.join(root, "cache2");
    const file = path.join(root, "one.json");
    fs.writeFileSync(file, JSON.stringify([A, C]));
    const o = openAdvisoryDb(file, { cacheDir: cache });
    const lines = fs.readFileSync(o.indexPath!, "utf8").trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[0])).toMatchObject({ format: "pyward-advisory-index", version: 1, records: 2, packages: 2, advisories: 2 });
    expect(lines[1].split("\t")[0]).toBe("bar-baz");
    expect(JSON.parse(lines[2].split("\t")[1])).toEqual([
      { id: "PYSEC-1", aliases: ["CVE-1"], summary: "", severity: "medium", ranges: [[["i", "0"], ["f", "1.2"]]], versions: [], modified: "2024-01-01T00:00:00Z" },
    ]);
    expect(readIndex(path.join(root, "missing.jsonl"))).toBeUndefined();
  });

  it("an unwritable cache falls back to memory with a note", () => {
    const file = path.join(root, "one-b.json");
    fs.writeFileSync(file, JSON.stringify([A]));
    const blocker = path.join(root, "blocker");
    fs.writeFileSync(blocker, "a file where the cache dir should be");
    const o = openAdvisoryDb(file, { cacheDir: blocker });
    expect(o.db).toBeInstanceOf(MemoryAdvisoryDb);
    expect(o.notes).toHaveLength(1);
    expect(o.notes[0]).toMatch(/^could not write the advisory index to .*; using the data from memory$/);
    expect(o.db.lookup("foo")).toHaveLength(1);
  });

  it("openDefaultDb finds nothing in an empty cache", () => {
    expect(openDefaultDb({ cacheDir: path.join(root, "empty-cache") })).toBeUndefined();
  });
});

describe("JSON error positions", () => {
  it("finds the offset of the first syntax error", async () => {
    const { jsonErrorOffset } = await import("../../src/deps/advisories/load.js");
    expect(jsonErrorOffset('{"a": [1, 2}')).toBe(11);
    expect(jsonErrorOffset('{"a": tru}')).toBe(6);
    expect(jsonErrorOffset('[1, 2')).toBe(5);
    expect(jsonErrorOffset('{"a": "x\\q"}')).toBe(9);
    expect(jsonErrorOffset('{"a": 1} x')).toBe(9);
    expect(jsonErrorOffset('{"a": [1, {"b": null}], "c": -1.5e3}')).toBe(36);
  });
});

describe("index integrity", () => {
  it("rebuilds an index that was truncated or damaged", () => {
    const cache = path.join(root, "cache-damaged");
    const file = path.join(root, "dmg.json");
    fs.writeFileSync(file, JSON.stringify([A, C]));
    const first = openAdvisoryDb(file, { cacheDir: cache });
    const text = fs.readFileSync(first.indexPath!, "utf8");
    fs.writeFileSync(first.indexPath!, text.slice(0, text.length - 20));
    expect(readIndex(first.indexPath!)).toBeUndefined();
    const again = openAdvisoryDb(file, { cacheDir: cache });
    expect(again.built).toBe(true);
    expect(again.db.lookup("foo").map((a) => a.id)).toEqual(["PYSEC-1"]);
    expect(fs.readFileSync(first.indexPath!, "utf8")).toBe(text);
  });
});

describe("broken sources", () => {
  const open = (name: string, text: string, cache = path.join(root, `cache-${name}`)): (() => unknown) => {
    const file = path.join(root, name);
    fs.writeFileSync(file, text);
    return () => openAdvisoryDb(file, { cacheDir: cache });
  };

  it("a truncated JSON file is an error naming the file and line, and is never indexed", () => {
    const cache = path.join(root, "cache-trunc");
    const full = JSON.stringify([A, C], null, 2);
    const file = path.join(root, "trunc.json");
    const run = open("trunc.json", full.slice(0, full.length - 40), cache);
    expect(run).toThrow(AdvisoryDbError);
    const lines = full.slice(0, full.length - 40).split("\n").length;
    expect(run).toThrow(new RegExp(`^cannot use advisory database ${file.replace(/[.\\/]/g, "\\$&")}: line ${lines}: invalid JSON: `));
    // a second run fails the same way: nothing was cached
    expect(run).toThrow(AdvisoryDbError);
    expect(fs.existsSync(indexPathFor(file, cache))).toBe(false);
  });

  it("one-line invalid JSON, {}, [], a number and records for other ecosystems are errors", () => {
    expect(open("oneline.json", '{"id": "X",,}')).toThrow(/^cannot use advisory database \S+oneline\.json: line 1: invalid JSON: /);
    expect(open("obj.json", "{}")).toThrow(/^cannot use advisory database \S+obj\.json: line 1: not OSV data: advisory has no string `id`$/);
    expect(open("arr.json", "[]")).toThrow(/^cannot use advisory database \S+arr\.json: it holds no OSV records$/);
    expect(open("num.json", "42")).toThrow(/^cannot use advisory database \S+num\.json: line 1: not OSV data: advisory is not a JSON object$/);
    expect(open("bad-array.json", '[{"x": 1},\n{"y": 2}]')).toThrow(/: line 1: not OSV data: entry 1: advisory has no string `id` \(and 1 more problem\)$/);
    const npm = { id: "GHSA-npm", affected: [{ package: { ecosystem: "npm", name: "left-pad" } }] };
    expect(open("npm.json", JSON.stringify([npm]))).toThrow(/^cannot use advisory database \S+npm\.json: none of its 1 OSV records concerns a PyPI package$/);
    const empty = path.join(root, "empty-dir");
    fs.mkdirSync(empty);
    expect(() => openAdvisoryDb(empty, { cacheDir: path.join(root, "cache-empty-dir") })).toThrow(/^cannot use advisory database \S+empty-dir: it holds no OSV records$/);
  });

  it("an index an earlier version built from a broken source is not served, and is deleted", () => {
    const cache = path.join(root, "cache-legacy");
    const file = path.join(root, "legacy.json");
    fs.writeFileSync(file, '[{"id": "PYSEC-1", "affected": [');
    const indexPath = indexPathFor(file, cache);
    fs.mkdirSync(path.dirname(indexPath), { recursive: true });
    fs.writeFileSync(indexPath, serializeIndex(file, sourceFingerprint(file), compileSource(file)));
    expect(readIndex(indexPath)?.header.advisories).toBe(0);
    expect(() => openAdvisoryDb(file, { cacheDir: cache })).toThrow(/^cannot use advisory database \S+legacy\.json: line 1: invalid JSON: /);
    expect(fs.existsSync(indexPath)).toBe(false);
  });

  it("a partly damaged source is usable, and its problems are reported again when the index is reused", () => {
    const cache = path.join(root, "cache-partial");
    const file = path.join(root, "partial.json");
    fs.writeFileSync(file, `[\n${JSON.stringify(A)},\n{"id": "BROKEN", "affected": "x"}\n]\n`);
    const first = openAdvisoryDb(file, { cacheDir: cache });
    const second = openAdvisoryDb(file, { cacheDir: cache });
    expect(first.built).toBe(true);
    expect(second.built).toBe(false);
    for (const o of [first, second]) {
      expect(o.problemCount).toBe(1);
      expect(o.problems).toEqual([{ file, line: 3, message: "entry 2: BROKEN: `affected` is not an array" }]);
    }
  });
});
