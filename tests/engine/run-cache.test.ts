/**
 * The whole-run cache (`RunEntry` in src/engine/cache.ts): an unchanged project reuses the previous run's
 * output whole, byte-identical to a fresh scan; any change to what the phases read (a file's bytes, even at the
 * same size, a template, a file added, removed or renamed, the configuration) falls back to the per-file
 * entries and gives exactly a fresh scan's report; a run that wrote nothing leaves the cache's files alone.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scan, type ScanOptions } from "../../src/engine/run.js";
import { renderReport } from "../../src/report/index.js";

const require = createRequire(import.meta.url);
let dir: string;
let project: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-run-cache-"));
  project = path.join(dir, "proj");
  fs.cpSync("examples/flask_app", project, { recursive: true });
  fs.mkdirSync(path.join(project, "app", "templates"));
  fs.copyFileSync("tests/fixtures/PW511.html", path.join(project, "app", "templates", "bio.html"));
  fs.writeFileSync(path.join(project, "app", "broken.py"), "import os\ndef f(:\n    os.system(x)\n");
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function run(options: ScanOptions = {}) {
  const result = await scan([project], { audit: false, jobs: 1, cwd: dir, ...options });
  return { json: renderReport("json", result), sarif: renderReport("sarif", result), result };
}

/** Every entry file (`*.json`; not the pruning marker) of a cache directory with its modification time (ms). */
function entries(cache: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const d of fs.readdirSync(path.join(cache, "v1"), { recursive: true, withFileTypes: true })) {
    if (d.isFile() && d.name.endsWith(".json")) out.set(path.join(d.parentPath, d.name), fs.statSync(path.join(d.parentPath, d.name)).mtimeMs);
  }
  return out;
}

describe("the whole-run cache", () => {
  it("writes every entry in ASCII and gives non-ASCII text back unchanged", async () => {
    const cache = path.join(dir, "cache-ascii");
    // findings whose message, snippet and facts carry non-ASCII text (two-byte and astral characters)
    fs.writeFileSync(path.join(project, "app", "unicode.py"), 'import os\n# café ☃ 𝄞\nPASSWORD = "pässwörd-𝄞-☃"\ndef véw(x):\n    os.system("ls " + x)  # ✓\n');
    try {
      const fresh = await run();
      const texts = (r: Awaited<ReturnType<typeof run>>) => JSON.stringify(r.result.findings.filter((f) => f.path.endsWith("unicode.py")));
      expect(texts(fresh)).toContain("# ✓"); // in a snippet
      const cold = await run({ cacheDir: cache });
      const written = [...entries(cache).keys()];
      expect(written.length).toBeGreaterThan(3);
      for (const f of written) expect([f, require("node:buffer").isAscii(fs.readFileSync(f))]).toEqual([f, true]);
      // the whole run reused, then the per-file entries and the result pack after an edit elsewhere
      const warm = await run({ cacheDir: cache });
      expect(warm.result.cache?.whole).toBe(true);
      fs.appendFileSync(path.join(project, "app", "broken.py"), "# edited\n");
      const edited = await run({ cacheDir: cache });
      const editedFresh = await run();
      for (const [a, b] of [[cold, fresh], [warm, fresh], [edited, editedFresh]]) {
        expect(texts(a)).toBe(texts(b));
        expect(a.json).toBe(b.json);
        expect(a.sarif).toBe(b.sarif);
      }
    } finally {
      fs.rmSync(path.join(project, "app", "unicode.py"));
      fs.writeFileSync(path.join(project, "app", "broken.py"), "import os\ndef f(:\n    os.system(x)\n");
    }
  });

  it("reuses an unchanged project's run whole, byte-identical to a fresh scan, and leaves the per-file entries alone", async () => {
    const cache = path.join(dir, "cache-same");
    const fresh = await run();
    expect(fresh.result.findings.some((f) => f.code === "PW511")).toBe(true); // the template is checked
    expect(fresh.result.findings.some((f) => f.code === "PW001")).toBe(true); // and the syntax error reported

    const cold = await run({ cacheDir: cache });
    expect(cold.result.cache?.whole).toBeFalsy();
    const before = entries(cache);
    const warm = await run({ cacheDir: cache });
    expect(warm.result.cache?.whole).toBe(true);
    expect(warm.result.cache?.hits).toBe(warm.result.files.python);
    expect(warm.result.cache?.misses).toBe(0);
    expect(warm.result.cache?.writes).toBe(0);
    expect(warm.result.workers).toBe(0);
    for (const r of [cold, warm]) {
      expect(r.json).toBe(fresh.json);
      expect(r.sarif).toBe(fresh.sarif);
    }
    // nothing deleted (a run that wrote nothing does not prune), nothing added
    expect([...entries(cache).keys()].sort()).toEqual([...before.keys()].sort());

    // the filters applied after the phases still apply to a reused run
    const high = await run({ cacheDir: cache, minSeverity: "high" });
    expect(high.result.cache?.whole).toBe(true);
    expect(high.json).toBe((await run({ minSeverity: "high" })).json);
  }, 120_000);

  it("falls back to the per-file entries on any change, and matches a fresh scan each time", async () => {
    const cache = path.join(dir, "cache-edit");
    await run({ cacheDir: cache });
    const db = path.join(project, "app", "db.py");
    const template = path.join(project, "app", "templates", "bio.html");
    const original = { db: fs.readFileSync(db, "utf8"), template: fs.readFileSync(template, "utf8") };
    const check = async (what: string, wholeExpected: boolean) => {
      const cached = await run({ cacheDir: cache });
      expect(cached.result.cache?.whole ?? false, what).toBe(wholeExpected);
      expect(cached.json, what).toBe((await run()).json);
      return cached;
    };
    try {
      // the same size, one byte different: the parameterised query becomes a %-formatted one
      fs.writeFileSync(db, original.db.replace(`"SELECT name, qty FROM items WHERE sku = '%s'" % sku`, `"SELECT name, qty FROM items WHERE sku = '%r'" % sku`));
      expect(fs.statSync(db).size).toBe(Buffer.byteLength(original.db));
      const changed = await check("a byte of a module", false);
      expect(changed.result.cache?.hits).toBeGreaterThanOrEqual(changed.result.files.python - 1); // the other files' entries
      // ...read from the first run's result pack, one entry for them all
      expect(changed.result.cache?.packed).toBe(changed.result.cache?.hits);
      await check("unchanged again", true);

      fs.writeFileSync(template, original.template.replace("{{ user.bio|safe }}", "{{ user.bio }}"));
      await check("a template", false);
      await check("unchanged again", true);

      fs.writeFileSync(path.join(project, "app", "extra.py"), "import pickle\n\n\ndef load(data):\n    return pickle.loads(data)\n");
      const added = await check("a file added", false);
      expect(added.result.findings.some((f) => f.path.endsWith("extra.py"))).toBe(true);
      fs.renameSync(path.join(project, "app", "extra.py"), path.join(project, "app", "extra2.py"));
      await check("a file renamed", false);
      fs.rmSync(path.join(project, "app", "extra2.py"));
      await check("a file removed: the project is as it was, and that run's entry is reused", true);

      const other = await run({ cacheDir: cache, ignore: ["PW250"] });
      expect(other.result.cache?.whole ?? false).toBe(false); // another configuration
      expect(other.json).toBe((await run({ ignore: ["PW250"] })).json);
    } finally {
      fs.writeFileSync(db, original.db);
      fs.writeFileSync(template, original.template);
    }
  }, 120_000);

  it("a corrupt whole-run entry is a miss, repaired by the run", async () => {
    const cache = path.join(dir, "cache-corrupt");
    const fresh = await run();
    await run({ cacheDir: cache });
    for (const file of entries(cache).keys()) {
      const text = fs.readFileSync(file, "utf8");
      if (text.includes('"templates":')) fs.writeFileSync(file, text.replace(/"files":\[/, '"files":["0",'));
    }
    const corrupt = await run({ cacheDir: cache });
    expect(corrupt.result.cache?.whole ?? false).toBe(false);
    expect(corrupt.json).toBe(fresh.json);
    const repaired = await run({ cacheDir: cache });
    expect(repaired.result.cache?.whole).toBe(true);
    expect(repaired.json).toBe(fresh.json);
  }, 120_000);

  it("an entry of the wrong shape (whole run, per-file result, summary) is a miss, never a crash", async () => {
    const fresh = await run();
    const damages: [string, (value: Record<string, any>) => void][] = [
      ["whole run: findings null", (v) => v.output && (v.output.findings = null)],
      ["whole run: taint record of another shape", (v) => v.output && (v.output.taint = { deps: [["a.py"]], findings: [], notes: [] })],
      ["whole run: pack key not a string", (v) => v.output && (v.pack = 7)],
      ["whole run: output of another shape", (v) => v.output && (v.output = { x: 1 })],
      ["whole run: a finding without its fields", (v) => v.output?.findings?.length && (v.output.findings[0] = { code: "PW000" })],
      ["per-file: findings null", (v) => v.result && (v.result.findings = null)],
      ["per-file: facts of another shape", (v) => v.result && (v.result.facts = { PW640: [1, 2] })],
      ["per-file: a finding with a string line", (v) => v.result?.findings?.length && (v.result.findings[0].line = "1")],
      ["summary: calls not a list", (v) => v.summary && (v.summary.calls = 7)],
      ["probes of another shape", (v) => v.probes !== undefined && (v.probes = ["x"])],
    ];
    for (const [what, damage] of damages) {
      const cache = path.join(dir, `cache-shape-${damages.findIndex((d) => d[0] === what)}`);
      await run({ cacheDir: cache });
      for (const file of entries(cache).keys()) {
        const entry = JSON.parse(fs.readFileSync(file, "utf8"));
        damage(entry.value);
        fs.writeFileSync(file, JSON.stringify(entry));
      }
      const damaged = await run({ cacheDir: cache });
      expect(damaged.result.errors, what).toEqual([]);
      expect(damaged.json, what).toBe(fresh.json);
      expect((await run({ cacheDir: cache })).json, what).toBe(fresh.json);
    }
  }, 120_000);
});

describe("the result pack (ResultPack in cache.ts)", () => {
  it("serves the unchanged files after an edit; a damaged pack is a miss, and the per-file entries serve instead", async () => {
    const db = path.join(project, "app", "db.py");
    const original = fs.readFileSync(db, "utf8");
    // damage to the pack's entry (its `results`), or to its second entry (`PackTexts`: `facts` and `taint` texts)
    const damages: [string, (value: Record<string, any>) => void][] = [
      ["intact", () => {}],
      ["results not a list", (v) => v.results && (v.results = {})],
      ["fewer results than files", (v) => v.results?.pop()],
      ["results of another shape", (v) => v.results && (v.results = v.results.map(() => ({ findings: 3 })))],
      ["hashes not strings", (v) => v.results && (v.files = v.files.map(() => 1))],
      // found only when read (pack.ts reads them lazily): the scan runs again without the pack
      ["facts texts that do not parse", (v) => v.taint && (v.facts = v.facts.map((t: string | null) => t && '{"PW8'))],
      ["taint texts of the wrong shape", (v) => v.taint && (v.taint = v.taint.map((t: string | null) => t && "[]"))],
      ["texts of another shape", (v) => v.taint && (v.taint = 7)],
    ];
    try {
      for (const [what, damage] of damages) {
        fs.writeFileSync(db, original);
        const cache = path.join(dir, `cache-pack-${damages.findIndex((d) => d[0] === what)}`);
        await run({ cacheDir: cache });
        for (const file of entries(cache).keys()) {
          const entry = JSON.parse(fs.readFileSync(file, "utf8"));
          if (!Array.isArray(entry.value?.results) && !Array.isArray(entry.value?.taint)) continue;
          damage(entry.value);
          fs.writeFileSync(file, JSON.stringify(entry));
        }
        fs.writeFileSync(db, `${original}# edited\n`);
        const edited = await run({ cacheDir: cache });
        expect(edited.result.errors, what).toEqual([]);
        expect(edited.json, what).toBe((await run()).json);
        const others = edited.result.files.python - 1;
        if (what === "intact") expect(edited.result.cache?.packed, what).toBe(others);
        else if (!what.includes("texts")) expect(edited.result.cache?.packed ?? 0, what).toBe(0);
        expect(edited.result.cache?.hits, what).toBeGreaterThanOrEqual(others);
      }
    } finally {
      fs.writeFileSync(db, original);
    }
  }, 120_000);
});

/**
 * A scratch project `name` for the phase-record tests: `write` puts a file in it, `step` scans it with the cache
 * (never reusing the whole run) and checks that the phase record `stat` was reused or not and that the report is
 * a fresh scan's; `scanIt` scans with the cache or without.
 */
function phaseSteps(name: string, stat: "taintReused" | "projectReused") {
  const root = path.join(dir, name);
  fs.mkdirSync(root);
  const cacheDir = path.join(dir, `cache-${name}`);
  const write = (file: string, text: string) => fs.writeFileSync(path.join(root, file), text);
  const scanIt = async (cached: boolean) => {
    const r = await scan([root], { audit: false, jobs: 1, cwd: root, ...(cached ? { cacheDir } : {}) });
    return { json: renderReport("json", r), result: r };
  };
  const step = async (what: string, reused: boolean) => {
    const cached = await scanIt(true);
    expect(cached.result.cache?.whole ?? false, what).toBe(false);
    expect(cached.result.cache?.[stat] ?? false, what).toBe(reused);
    expect(cached.json, what).toBe((await scanIt(false)).json);
    return cached;
  };
  return { write, scanIt, step };
}

describe("the cross-module taint phase's record (TaintPhaseRecord in run.ts)", () => {
  it("is reused when no file it depended on changed and no file gained sources; otherwise the phase runs again", async () => {
    const { write, scanIt, step } = phaseSteps("taint-deps", "taintReused");
    write("app.py", 'from flask import Flask, request\nfrom helpers import run_cmd\n\napp = Flask(__name__)\n\n\n@app.route("/x")\ndef x():\n    run_cmd(request.args["c"])\n    return "ok"\n');
    write("helpers.py", "import subprocess\n\n\ndef run_cmd(c):\n    subprocess.run(c, shell=True)\n");
    write("other.py", "def unrelated():\n    return 1\n");
    const flows = (r: Awaited<ReturnType<typeof scanIt>>) => r.result.findings.filter((f) => f.flow?.some((s) => s.path === "app.py") && f.path === "helpers.py").length;
    const first = await scanIt(true);
    expect(flows(first)).toBe(1); // request data from app.py reaches the shell in helpers.py

    write("other.py", "def unrelated():\n    return 2\n");
    expect(flows(await step("an unrelated module edited", true))).toBe(1);

    write("helpers.py", "import shlex\nimport subprocess\n\n\ndef run_cmd(c):\n    subprocess.run(shlex.quote(c), shell=True)\n");
    expect(flows(await step("the module the flow passes through edited (now quoted)", false))).toBe(0);

    write("other.py", 'import os\nfrom flask import request\n\n\ndef unrelated():\n    os.system(request.args["d"])\n');
    const gained = await step("another module gained sources", false);
    expect(gained.result.findings.some((f) => f.path === "other.py" && f.code.startsWith("PW2"))).toBe(true);

    write("other.py", 'import os\nfrom flask import request\n\n\ndef unrelated():\n    os.system(request.args["e"])\n');
    await step("a module with sources edited", false);
    write("other.py", 'import os\nfrom flask import request\n\n\ndef unrelated():\n    os.system(request.args["e"])  # same flows\n');
    await step("that module edited again: it is a dependency now", false);
    write("helpers.py", "import shlex\nimport subprocess\n\n\ndef run_cmd(c):\n    subprocess.run(shlex.quote(c), shell=True)  # again\n");
    await step("the helper edited again", false);
  }, 120_000);
});

describe("the project phase's record (PhaseOutput.project in run.ts)", () => {
  it("is reused while the facts are the same, and the phase runs again when an edit changes them", async () => {
    const { write, scanIt, step } = phaseSteps("project-facts", "projectReused");
    // a Flask app with a state-changing view; CSRF protection set up in another module (a project-wide question)
    write("app.py", 'from flask import Flask, request\n\napp = Flask(__name__)\n\n\n@app.route("/save", methods=["POST"])\ndef save():\n    return request.form["x"]\n');
    write("ext.py", "from flask_wtf.csrf import CSRFProtect\n\nfrom app import app\n\ncsrf = CSRFProtect(app)\n");
    write("other.py", "def unrelated():\n    return 1\n");
    const csrf = (r: Awaited<ReturnType<typeof scanIt>>) => r.result.findings.filter((f) => f.practice === "csrf").map((f) => `${f.code} ${f.path}:${f.line}`);
    expect(csrf(await scanIt(true))).toEqual([]);
    write("other.py", "def unrelated():\n    return 2\n");
    expect(csrf(await step("a module without facts edited", true))).toEqual([]);
    write("ext.py", "from flask_wtf.csrf import CSRFProtect\n\nfrom app import app\n\ncsrf = CSRFProtect(app)\n\n# the app's CSRF protection\n");
    expect(csrf(await step("the set-up module edited, its facts the same", true))).toEqual([]);
    write("app.py", 'from flask import Flask, request\n\napp = Flask(__name__)\n\n\n@app.route("/save", methods=["POST"])\ndef save():\n    return request.form["x"]  # the view\n');
    expect(csrf(await step("the view's body edited", true))).toEqual([]);
    write("ext.py", "from app import app\n\ncsrf = None\n");
    const lost = await step("CSRF protection taken out", false);
    expect(csrf(lost).length).toBeGreaterThan(0);
    write("other.py", "def unrelated():\n    return 3\n");
    expect(csrf(await step("then an unrelated edit again", true))).toEqual(csrf(lost));
  }, 120_000);
});
