/**
 * Worker pool and result cache: the json and sarif reports are byte-identical for one job and two, with a
 * cold cache and a warm one; the cache is invalidated by a file's bytes and the configuration, cross-module
 * taint follows an edit of a module whose own result is cached elsewhere, and a corrupt cache is harmless.
 *
 * Workers run the TypeScript sources here through the loader `tests/helpers/ts-loader.mjs` (named by
 * PYWARD_WORKER_IMPORT, see src/engine/pool.ts); `minFilesForWorkers: 1` starts them for a small tree.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scan, type ScanOptions } from "../../src/engine/run.js";
import { renderReport } from "../../src/report/index.js";

let dir: string;
let project: string;
const previousImport = process.env.PYWARD_WORKER_IMPORT;

beforeAll(() => {
  process.env.PYWARD_WORKER_IMPORT = path.resolve("tests/helpers/ts-loader.mjs");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-parallel-"));
  project = path.join(dir, "proj");
  fs.cpSync("examples/flask_app", project, { recursive: true });
  fs.mkdirSync(path.join(project, "more"));
  for (const code of ["PW202", "PW301", "PW250", "PW253", "PW403", "PW605"]) fs.copyFileSync(`tests/fixtures/${code}.py`, path.join(project, "more", `${code.toLowerCase()}.py`));
  fs.writeFileSync(path.join(project, "more", "broken.py"), "import os\ndef f(:\n    os.system(x)\n");
  fs.writeFileSync(path.join(project, "more", "latin.py"), Buffer.from([0x78, 0x20, 0x3d, 0x20, 0x22, 0xff, 0xfe, 0x22, 0x0a]));
});

afterAll(() => {
  if (previousImport === undefined) delete process.env.PYWARD_WORKER_IMPORT;
  else process.env.PYWARD_WORKER_IMPORT = previousImport;
  fs.rmSync(dir, { recursive: true, force: true });
});

/** One scan of the project, rendered as json and sarif. */
async function run(options: ScanOptions) {
  const result = await scan([project], { audit: false, ...options });
  return { json: renderReport("json", result), sarif: renderReport("sarif", result), result };
}

describe("determinism across job counts and cache states", () => {
  it("gives byte-identical json and sarif for --jobs 1, --jobs 2, cold and warm caches", async () => {
    const reference = await run({ jobs: 1 });
    expect(reference.result.workers).toBe(0);
    expect(reference.result.findings.length).toBeGreaterThan(20);
    expect(reference.result.findings.some((f) => f.code === "PW001")).toBe(true);
    expect(reference.result.errors).toEqual([]);

    const cacheA = path.join(dir, "cache-a");
    const coldA = await run({ jobs: 1, cacheDir: cacheA });
    expect(coldA.result.cache?.hits).toBe(0);
    expect(coldA.result.cache?.writes).toBeGreaterThanOrEqual(coldA.result.files.python); // + on-demand taint summaries
    const warmA = await run({ jobs: 1, cacheDir: cacheA });
    expect(warmA.result.cache?.hits).toBeGreaterThanOrEqual(warmA.result.files.python);
    expect(warmA.result.cache?.misses).toBe(0);
    const warmA2 = await run({ jobs: 2, minFilesForWorkers: 1, cacheDir: cacheA });
    expect(warmA2.result.workers).toBe(0); // everything came from the cache: no worker started
    for (const r of [coldA, warmA, warmA2]) {
      expect(r.json).toBe(reference.json);
      expect(r.sarif).toBe(reference.sarif);
    }

    // two workers with a cold cache (the worker-started path, written from the workers' results), then warm
    const cacheB = path.join(dir, "cache-b");
    const coldB = await run({ jobs: 2, minFilesForWorkers: 1, cacheDir: cacheB });
    expect(coldB.result.workers).toBe(2);
    expect(coldB.result.cache?.hits).toBe(0);
    const warmB = await run({ jobs: 1, cacheDir: cacheB });
    expect(warmB.result.cache?.misses).toBe(0);
    for (const r of [coldB, warmB]) {
      expect(r.json).toBe(reference.json);
      expect(r.sarif).toBe(reference.sarif);
    }
    expect(fs.readFileSync(path.join(cacheA, ".gitignore"), "utf8")).toMatch(/^\*$/m);
  }, 300_000);
});

describe("the result cache", () => {
  it("reruns a changed file only, and cross-module taint follows the change", async () => {
    const cache = path.join(dir, "cache-edit");
    const before = await run({ jobs: 1, cacheDir: cache });
    // PW250 in db.py: a route parameter of views.py reaches the query through a call between modules
    const crossModuleSql = (r: typeof before) => r.result.findings.filter((f) => f.code === "PW250" && f.path.endsWith("db.py") && f.message.includes("views.py"));
    expect(crossModuleSql(before).length).toBeGreaterThan(0);

    // db.py now binds the value: with views.py's result (and summary) from the cache, the flow must be gone
    const db = path.join(project, "app", "db.py");
    const original = fs.readFileSync(db, "utf8");
    try {
      fs.writeFileSync(db, original.replace(`"SELECT name, qty FROM items WHERE sku = '%s'" % sku`, `"SELECT name, qty FROM items WHERE sku = ?", (sku,)`));
      const after = await run({ jobs: 1, cacheDir: cache });
      const fresh = await run({ jobs: 1 });
      expect(after.json).toBe(fresh.json);
      expect(crossModuleSql(after)).toEqual([]);
      expect(after.result.cache?.writes).toBeGreaterThan(0);
      expect(after.result.cache?.hits).toBeGreaterThanOrEqual(after.result.files.python - 1);
    } finally {
      fs.writeFileSync(db, original);
    }
  }, 120_000);

  it("misses when the configuration changes, and ignores corrupt entries", async () => {
    const cache = path.join(dir, "cache-config");
    await run({ jobs: 1, cacheDir: cache });
    const other = await run({ jobs: 1, cacheDir: cache, ignore: ["PW301"] });
    expect(other.result.cache?.hits).toBe(0);
    expect(other.result.findings.some((f) => f.code === "PW301")).toBe(false);

    const reference = await run({ jobs: 1 });
    const entries = fs.readdirSync(path.join(cache, "v1"), { recursive: true, withFileTypes: true }).filter((d) => d.isFile() && d.name.endsWith(".json"));
    expect(entries.length).toBeGreaterThan(0);
    entries.forEach((d, i) => fs.writeFileSync(path.join(d.parentPath, d.name), i % 2 ? "{not json" : JSON.stringify({ key: "other", value: {} })));
    const corrupt = await run({ jobs: 1, cacheDir: cache });
    expect(corrupt.json).toBe(reference.json);
    const repaired = await run({ jobs: 1, cacheDir: cache });
    expect(repaired.json).toBe(reference.json);
    expect(repaired.result.cache?.misses).toBe(0);
  }, 120_000);

  it("is safe for concurrent runs sharing a cache", async () => {
    const cache = path.join(dir, "cache-concurrent");
    const reference = await run({ jobs: 1 });
    const [a, b] = await Promise.all([run({ jobs: 1, cacheDir: cache }), run({ jobs: 1, cacheDir: cache })]);
    expect(a.json).toBe(reference.json);
    expect(b.json).toBe(reference.json);
    const left = fs.readdirSync(cache, { recursive: true }).map(String).filter((n) => n.endsWith(".tmp"));
    expect(left).toEqual([]);
  }, 120_000);

  it("an unwritable cache directory is reported, not fatal", async () => {
    const blocker = path.join(dir, "not-a-dir");
    fs.writeFileSync(blocker, "x");
    const r = await run({ jobs: 1, cacheDir: path.join(blocker, "cache") });
    expect(r.result.cache?.problem).toMatch(/not written/);
    expect(r.result.errors).toEqual([]);
    expect(r.result.findings.length).toBeGreaterThan(20);
  });
});

describe("cross-module taint from a cached on-demand summary", () => {
  it("a caller's edit is seen though the callee's summary comes from the cache", async () => {
    const cache = path.join(dir, "cache-caller");
    const views = path.join(project, "app", "views.py");
    const original = fs.readFileSync(views, "utf8");
    const flows = (r: Awaited<ReturnType<typeof run>>) => r.result.findings.filter((f) => f.code === "PW250" && f.path.endsWith("db.py"));
    const before = await run({ jobs: 1, cacheDir: cache });
    expect(flows(before).length).toBeGreaterThan(0);
    try {
      // the route no longer passes its parameter on: db.py (unchanged, its summary cached) must not report
      fs.writeFileSync(views, original.replace("return {\"row\": find_item_unsafe(sku)}", "return {\"row\": find_item_unsafe(\"A-1\")}"));
      const after = await run({ jobs: 1, cacheDir: cache });
      expect(after.result.cache?.hits).toBeGreaterThan(0);
      expect(flows(after)).toEqual([]);
      expect(after.json).toBe((await run({ jobs: 1 })).json);
    } finally {
      fs.writeFileSync(views, original);
    }
  }, 120_000);
});

describe("on-demand taint summaries in the workers", () => {
  it("flows through chains of modules without sources are the same with workers (prefetched in parallel) as in-process", async () => {
    const chains = path.join(dir, "chains");
    fs.mkdirSync(path.join(chains, "helpers"), { recursive: true });
    fs.writeFileSync(path.join(chains, "helpers", "__init__.py"), "");
    const routes: string[] = ["from flask import Flask, request", "app = Flask(__name__)"];
    for (let i = 0; i < 6; i++) {
      routes.push(`from helpers import first${i}`, `@app.route("/r${i}")`, `def r${i}():`, `    return first${i}.step(request.args["q"])`);
      fs.writeFileSync(path.join(chains, "helpers", `first${i}.py`), `from helpers import second${i}\n\ndef step(v):\n    return second${i}.step(v.strip())\n`);
      fs.writeFileSync(path.join(chains, "helpers", `second${i}.py`), `import os\n\ndef step(v):\n    os.system("echo " + v)\n    return v\n`);
    }
    // modules the phase never reaches (a constant goes in), found before the chains and long enough that the
    // chains are still queued when the phase asks for them
    const unused = "import os\n\n" + Array.from({ length: 80 }, (_, k) => `def run${k}(v):\n    os.system(v)\n`).join("\n");
    for (let i = 0; i < 200; i++) fs.writeFileSync(path.join(chains, "helpers", `aaa_unused${i}.py`), unused);
    fs.writeFileSync(path.join(chains, "views.py"), routes.join("\n") + "\n");
    const one = await scan([chains], { audit: false, jobs: 1, select: ["PW251"] });
    const two = await scan([chains], { audit: false, jobs: 2, minFilesForWorkers: 1, select: ["PW251"] });
    expect(two.workers).toBe(2);
    // views.py, the one file with sources, is analysed first; the phase then asks for the helpers while their own
    // analyses are still queued, and gets their summaries with them (each file parsed once): in the workers, and
    // in this thread's queue with one job
    expect(two.promotedSummaries).toBeGreaterThan(0);
    expect(one.promotedSummaries).toBe(12);
    const flows = (r: typeof one) => r.findings.filter((f) => f.flow?.length).map((f) => `${f.path}:${f.line}`);
    expect(flows(one)).toEqual(Array.from({ length: 6 }, (_, i) => expect.stringMatching(new RegExp(`helpers/second${i}\\.py:4$`))));
    expect(renderReport("json", two)).toBe(renderReport("json", one));
    expect(two.errors).toEqual([]);
  }, 120_000);
});

describe("the limit of on-demand taint summaries", () => {
  it("past the limit, flows are not reported and a note says so", async () => {
    const { DEMAND_LIMITS } = await import("../../src/taint/index.js");
    const proj = path.join(dir, "limit");
    fs.mkdirSync(path.join(proj, "helpers"), { recursive: true });
    fs.writeFileSync(path.join(proj, "helpers", "__init__.py"), "");
    const lines = ["from flask import Flask, request", "app = Flask(__name__)", '@app.route("/")', "def r():", '    v = request.args["q"]'];
    for (let i = 0; i < 4; i++) {
      lines.splice(1, 0, `from helpers import h${i}`);
      lines.push(`    h${i}.run(v)`);
      fs.writeFileSync(path.join(proj, "helpers", `h${i}.py`), `import os\n\ndef run(v):\n    os.system("echo " + v)\n`);
    }
    fs.writeFileSync(path.join(proj, "views.py"), lines.join("\n") + "\n");
    const before = DEMAND_LIMITS.modules;
    try {
      const full = await scan([proj], { audit: false, jobs: 1, select: ["PW251"] });
      expect(full.findings.filter((f) => f.code === "PW251")).toHaveLength(4);
      expect(full.notes.filter((n) => n.reason.startsWith("taint analysis:"))).toEqual([]);
      DEMAND_LIMITS.modules = 2;
      const cut = await scan([proj], { audit: false, jobs: 1, select: ["PW251"] });
      expect(cut.findings.filter((f) => f.code === "PW251")).toHaveLength(2);
      expect(cut.notes.filter((n) => n.reason.startsWith("taint analysis:"))).toEqual([
        { path: "", reason: "taint analysis: tainted data reaches more than 2 modules without sources of their own; flows into the modules past that limit are not reported" },
      ]);
    } finally {
      DEMAND_LIMITS.modules = before;
    }
  }, 120_000);
});

describe("workers and a warm cache", () => {
  it("start only once enough files miss the cache; fewer are analysed in this thread, with the same report", async () => {
    const cache = path.join(dir, "cache-few");
    const options = { jobs: 2, minFilesForWorkers: 2, cacheDir: cache };
    const cold = await run(options);
    expect(cold.result.workers).toBe(2);
    const db = path.join(project, "app", "db.py");
    const views = path.join(project, "app", "views.py");
    const original = { db: fs.readFileSync(db, "utf8"), views: fs.readFileSync(views, "utf8") };
    try {
      fs.writeFileSync(db, `${original.db}\nimport os\nos.system(input())\n`);
      const one = await run(options);
      expect(one.result.cache?.hits).toBeGreaterThanOrEqual(one.result.files.python - 1); // (db.py also misses as an on-demand summary)
      expect(one.result.workers).toBe(0); // one miss: below the threshold of two
      expect(one.json).toBe((await run({ jobs: 1 })).json);
      fs.writeFileSync(views, `${original.views}\nimport os\nos.system(input())\n`);
      fs.writeFileSync(db, `${original.db}\n\n`);
      const two = await run(options);
      expect(two.result.workers).toBeGreaterThan(0); // two misses: workers (one batch here, so one worker)
      expect(two.json).toBe((await run({ jobs: 1 })).json);
    } finally {
      fs.writeFileSync(db, original.db);
      fs.writeFileSync(views, original.views);
    }
  }, 120_000);
});
