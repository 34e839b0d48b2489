/**
 * `pyward check --shard k/n` and `pyward merge-sarif`: the partition of files is deterministic, complete and
 * stable; every shard still sees the project-wide facts (cross-module taint, project rules, the dependency
 * audit) but reports only its own files; the shards' findings together are the unsharded run's, and the
 * merged shards' SARIF is the unsharded SARIF byte for byte.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatShard, inShard, parseShard, shardOf, ShardSpecError } from "../../src/engine/shard.js";
import { compareFindings, scan, type ScanOptions } from "../../src/engine/run.js";
import { environmentFor } from "../../src/deps/markers.js";
import { cli } from "../helpers/cli.js";

let root: string;
let cache: string;
const savedCache = process.env.PYWARD_CACHE_DIR;

/** Writes `files` under a fresh directory below `root`; returns it. */
function project(name: string, files: Record<string, string | Uint8Array>): string {
  const dir = path.join(root, name);
  for (const [rel, text] of Object.entries(files)) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  }
  return dir;
}

/**
 * A small Flask shop spread over three shards (of 3): the shards these paths fall in are asserted below, so a
 * change of the partition function that would make this test vacuous is noticed.
 */
const SHOP: Record<string, string | Uint8Array> = {
  "shop/__init__.py": "",
  // the sink of a cross-module flow whose source is in shop/views.py (another shard)
  "shop/db.py":
    "class Repo:\n    def __init__(self, cur):\n        self.cur = cur\n\n    def find(self, name):\n        self.cur.execute(\"SELECT * FROM t WHERE n = '%s'\" % name)\n",
  "shop/views.py":
    'import hashlib\nfrom flask import Flask, request\nfrom .db import Repo\napp = Flask(__name__)\n\n@app.route("/find", methods=["POST"])\ndef find():\n    repo = Repo(get_cursor())\n    repo.find(request.form["n"])\n    return hashlib.md5(b"x").hexdigest()\n',
  // a second file with a state-changing route: the project rule PW803 counts routes in both files
  "shop/api.py":
    'from flask import Blueprint\nbp = Blueprint("api", __name__)\n\n@bp.route("/items", methods=["POST", "DELETE"])\ndef items():\n    return "ok"\n',
  "jobs/cron.py": "import subprocess\n\ndef nightly(name):\n    subprocess.run('tar czf /backup/' + name, shell=True)\n",
  "tools/hash.py": "import hashlib\nhashlib.sha1(b'data')\n",
  "scripts/run.py": "import os, sys\nos.system('ls ' + sys.argv[1])\n",
  "broken.py": "def f(:\n    pass\nimport subprocess\nsubprocess.call('rm ' + x, shell=True)\n",
  "latin.py": new Uint8Array([...Buffer.from("x = '"), 0xe9, ...Buffer.from("'\n")]),
  "templates/page.html": "<p>{{ comment|safe }}</p>\n",
  "requirements.txt": "urllib3==1.26.0\nflask>=2\n",
};

/** A tiny OSV database: urllib3 below 1.26.5 is vulnerable. */
const DB = JSON.stringify([
  {
    id: "PYSEC-TEST-1",
    modified: "2024-01-01T00:00:00Z",
    summary: "test advisory",
    affected: [{ package: { ecosystem: "PyPI", name: "urllib3" }, ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "1.26.5" }] }] }],
  },
]);

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-shard-"));
  cache = path.join(root, "cache");
  process.env.PYWARD_CACHE_DIR = cache;
});
afterAll(() => {
  if (savedCache === undefined) delete process.env.PYWARD_CACHE_DIR;
  else process.env.PYWARD_CACHE_DIR = savedCache;
  fs.rmSync(root, { recursive: true, force: true });
});

/** Paths of a synthetic monorepo, for the partition tests. */
const PATHS = Array.from({ length: 3000 }, (_, i) => `services/svc${i % 37}/pkg${i % 11}/module_${i}.py`);

describe("the partition", () => {
  it("parses k/n and rejects anything else", () => {
    expect(parseShard("2/5")).toEqual({ index: 2, count: 5 });
    expect(parseShard(" 1 / 1 ")).toEqual({ index: 1, count: 1 });
    expect(formatShard({ index: 3, count: 4 })).toBe("3/4");
    for (const bad of ["0/3", "4/3", "1/0", "1", "a/b", "-1/3", "1/3/4", "1.5/3", ""]) {
      expect(() => parseShard(bad), bad).toThrow(ShardSpecError);
    }
  });

  it("puts every file in exactly one shard, the same one every time", () => {
    for (let n = 1; n <= 8; n++) {
      for (const p of PATHS.slice(0, 500)) {
        const k = shardOf(p, n);
        expect(k).toBeGreaterThanOrEqual(1);
        expect(k).toBeLessThanOrEqual(n);
        expect(shardOf(p, n)).toBe(k);
        const owners = Array.from({ length: n }, (_, i) => i + 1).filter((i) => inShard(p, { index: i, count: n }));
        expect(owners).toEqual([k]);
      }
    }
    // pinned values: a change here reshuffles every user's CI shards, so it must be deliberate
    expect(["shop/db.py", "shop/views.py", "shop/api.py", "a.py", "pkg/ü.py"].map((p) => shardOf(p, 3))).toEqual([1, 3, 2, 3, 1]);
    expect(inShard("anything.py", undefined)).toBe(true);
  });

  it("is balanced, and going from n to n+1 shards moves only about 1/(n+1) of the files, all to the new shard", () => {
    for (const n of [2, 3, 5, 8]) {
      const counts = new Array(n).fill(0);
      for (const p of PATHS) counts[shardOf(p, n) - 1]++;
      const mean = PATHS.length / n;
      for (const c of counts) expect(Math.abs(c - mean) / mean).toBeLessThan(0.15);
      const moved = PATHS.filter((p) => shardOf(p, n + 1) !== shardOf(p, n));
      for (const p of moved) expect(shardOf(p, n + 1)).toBe(n + 1);
      expect(Math.abs(moved.length / PATHS.length - 1 / (n + 1))).toBeLessThan(0.05);
    }
  });
});

describe("sharded scans", () => {
  let dir: string;
  let db: string;
  const options = (): ScanOptions => ({ cwd: dir, db, markerEnvironment: environmentFor({ python: "3.12", platform: "linux" }) });
  beforeAll(() => {
    dir = project("shop", SHOP);
    db = path.join(root, "db.json");
    fs.writeFileSync(db, DB);
  });

  it("the test project spreads over all three shards the way the test needs", () => {
    const at = (p: string): number => shardOf(p, 3);
    // a cross-module flow from a source in one shard to a sink in another
    expect(at("shop/views.py")).not.toBe(at("shop/db.py"));
    // the project rule's routes live in two shards
    expect(at("shop/views.py")).not.toBe(at("shop/api.py"));
    // diagnostics PW001 and PW002 in different shards (so the shards' SARIF rule lists differ)
    expect(at("broken.py")).not.toBe(at("latin.py"));
    expect(new Set(Object.keys(SHOP).map(at))).toEqual(new Set([1, 2, 3]));
  });

  it("each shard reports exactly its own files' findings; together they are the unsharded run", async () => {
    const all = await scan([dir], options());
    expect(all.errors).toEqual([]);
    const codes = new Set(all.findings.map((f) => f.code));
    // what the project exercises: a cross-module taint flow, a project-wide rule, the dependency audit, a
    // template rule, and pyward's own diagnostics
    for (const c of ["PW250", "PW803", "PW101", "PW102", "PW511", "PW001", "PW002", "PW202", "PW301"]) expect(codes, c).toContain(c);
    const flow = all.findings.find((f) => f.code === "PW250")!;
    expect(flow.path).toBe("shop/db.py");
    expect(flow.flow?.[0]).toMatchObject({ path: "shop/views.py" });
    const csrf = all.findings.find((f) => f.code === "PW803")!;
    expect(csrf.path).toBe("shop/api.py");
    expect(csrf.message).toMatch(/2 state-changing routes .* in 2 files/);

    const shards = [];
    for (let k = 1; k <= 3; k++) {
      const r = await scan([dir], { ...options(), shard: { index: k, count: 3 } });
      expect(r.errors).toEqual([]);
      expect(r.shard).toEqual({ index: k, count: 3 });
      for (const f of r.findings) expect(shardOf(f.path, 3), `${f.path} in shard ${k}`).toBe(k);
      shards.push(r);
    }
    const union = shards.flatMap((r) => r.findings).sort(compareFindings);
    expect(union).toEqual(all.findings);
    // the cross-module flow is reported by the sink's shard, which does not own the source's file
    expect(shards[shardOf("shop/db.py", 3) - 1].findings.map((f) => f.code)).toContain("PW250");
    // the project finding sees the routes of the other shard ("2 files")
    expect(shards[shardOf("shop/api.py", 3) - 1].findings.find((f) => f.code === "PW803")?.message).toBe(csrf.message);
    // counts are of the shard's own files and add up to the whole
    for (const key of ["python", "template", "manifest"] as const) expect(shards.reduce((s, r) => s + r.files[key], 0)).toBe(all.files[key]);
    expect(shards.reduce((s, r) => s + r.lines, 0)).toBe(all.lines);
    expect(shards.reduce((s, r) => s + r.problemFiles, 0)).toBe(all.problemFiles);
  });

  it("protection defined in another shard's file still silences the project rule in every shard", async () => {
    // CSRFProtect lives in shop/__init__.py (shard 1); the routes in shards 2 and 3
    const guarded = project("guarded", {
      ...SHOP,
      "shop/__init__.py": "from flask_wtf.csrf import CSRFProtect\ncsrf = CSRFProtect()\n",
    });
    expect(shardOf("shop/__init__.py", 3)).not.toBe(shardOf("shop/api.py", 3));
    for (let k = 1; k <= 3; k++) {
      const r = await scan([guarded], { ...options(), cwd: guarded, shard: { index: k, count: 3 } });
      expect(r.findings.map((f) => f.code)).not.toContain("PW803");
    }
  });
});

describe("pyward check --shard and pyward merge-sarif", () => {
  let dir: string;
  const cwd = process.cwd();
  beforeAll(() => {
    dir = project("cli", SHOP);
    fs.writeFileSync(path.join(dir, "db.json"), DB);
    // paths in reports (and so the shares) are relative to the current directory: run from the project
    process.chdir(dir);
  });
  afterAll(() => process.chdir(cwd));

  const common = ["--db", "db.json", "--python-version", "3.12", "--platform", "linux", "--extend-exclude", "db.json,*.sarif"];

  it("merging the three shards' SARIF gives the unsharded SARIF byte for byte", async () => {
    const whole = await cli("check", ".", ...common, "--format", "sarif", "--output", "all.sarif");
    expect(whole.code).toBe(1);
    for (let k = 1; k <= 3; k++) {
      const r = await cli("check", ".", ...common, "--shard", `${k}/3`, "--format", "sarif", "--output", `shard-${k}.sarif`);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(1);
    }
    const shardLogs = [1, 2, 3].map((k) => JSON.parse(fs.readFileSync(`shard-${k}.sarif`, "utf8")));
    // each shard says which it is, and their rule lists differ (PW001 and PW002 are in different shards)
    expect(shardLogs.map((l) => l.runs[0].invocations[0].properties.shard)).toEqual(["1/3", "2/3", "3/3"]);
    const ruleIds = shardLogs.map((l) => l.runs[0].tool.driver.rules.map((r: { id: string }) => r.id).join(","));
    expect(new Set(ruleIds).size).toBeGreaterThan(1);
    expect(shardLogs.every((l) => l.runs[0].results.length > 0)).toBe(true);

    // inputs in any order
    const merged = await cli("merge-sarif", "merged.sarif", "shard-3.sarif", "shard-1.sarif", "shard-2.sarif");
    expect(merged).toEqual({ code: 0, stdout: "", stderr: "" });
    const expected = fs.readFileSync("all.sarif", "utf8");
    expect(fs.readFileSync("merged.sarif", "utf8")).toBe(expected);
    const log = JSON.parse(expected);
    expect(log.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toEqual(expect.arrayContaining(["PW250", "PW803", "PW101", "PW001", "PW002"]));

    // a missing shard is an error unless --partial
    const missing = await cli("merge-sarif", "-", "shard-1.sarif", "shard-3.sarif");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("pyward: shard 2/3 of the pyward run missing (merge an incomplete set with --partial)\n");
    const partial = await cli("merge-sarif", "-", "--partial", "shard-1.sarif", "shard-3.sarif");
    expect(partial.code).toBe(0);
    const partialLog = JSON.parse(partial.stdout);
    expect(partialLog.runs[0].results.length).toBe(shardLogs[0].runs[0].results.length + shardLogs[2].runs[0].results.length);
    expect(partialLog.runs[0].invocations[0].properties).toBeUndefined();
  });

  it("rejects a bad --shard with a one-line usage error", async () => {
    const r = await cli("check", ".", "--shard", "4/3");
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("pyward: --shard 4/3: need 1 ≤ K ≤ N\n");
    const s = await cli("check", ".", "--shard", "two");
    expect(s.code).toBe(2);
    expect(s.stderr).toBe("pyward: --shard: expected K/N (for example 2/5), not 'two'\n");
  });
});
