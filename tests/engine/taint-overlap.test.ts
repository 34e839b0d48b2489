/**
 * The cross-module taint phase started early (run.ts, with workers or the in-thread queue) must give what the
 * phase run after the per-file phase gives, even when its start was decided wrongly. Here the main thread's screen
 * for sources (`mayHoldSources`) is made to answer "no" for every file, as if each file's bytes had changed between
 * the screen and its analysis: the phase then starts with no summary, the files with sources come back with
 * summaries, and the run must notice and run the phase again. The reference is the same run with the real screen.
 * The workers run the real code. A second case edits a file between the main thread's hash of it (which the
 * early phase went by) and its analysis in this thread (`analyseTask` rewrites it first).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ScanCache } from "../../src/engine/cache.js";
import { scan } from "../../src/engine/run.js";
import { renderReport } from "../../src/report/index.js";
import { testDir } from "../helpers/temp.js";

/**
 * Whether the screen answers "no" for every file (else it is the real one), and a file to rewrite just before its
 * per-file analysis reads it (an edit made after the main thread hashed it).
 */
const screen = vi.hoisted(() => ({ wrong: true, edit: undefined as { path: string; text: string } | undefined }));
vi.mock("../../src/engine/task.js", async (original) => {
  const real = await original<typeof import("../../src/engine/task.js")>();
  return {
    ...real,
    mayHoldSources: (...args: Parameters<typeof real.mayHoldSources>) => (screen.wrong ? false : real.mayHoldSources(...args)),
    analyseTask: (...args: Parameters<typeof real.analyseTask>) => {
      const edit = screen.edit;
      if (edit && args[0].absPath === edit.path) {
        fs.writeFileSync(edit.path, edit.text);
        screen.edit = undefined;
      }
      return real.analyseTask(...args);
    },
  };
});

let dir: string;
const previousImport = process.env.PYWARD_WORKER_IMPORT;

beforeAll(() => {
  process.env.PYWARD_WORKER_IMPORT = path.resolve("tests/helpers/ts-loader.mjs");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-overlap-"));
  fs.mkdirSync(path.join(dir, "helpers"));
  fs.writeFileSync(path.join(dir, "helpers", "__init__.py"), "");
  fs.writeFileSync(path.join(dir, "helpers", "run.py"), "import os\n\ndef step(v):\n    os.system('echo ' + v)\n");
  for (let i = 0; i < 60; i++) fs.writeFileSync(path.join(dir, "helpers", `other${i}.py`), `def f${i}(x):\n    return x\n`);
  fs.writeFileSync(
    path.join(dir, "views.py"),
    'from flask import Flask, request\nfrom helpers import run\napp = Flask(__name__)\n\n@app.route("/r")\ndef r():\n    return run.step(request.args["q"])\n',
  );
});

afterAll(() => {
  if (previousImport === undefined) delete process.env.PYWARD_WORKER_IMPORT;
  else process.env.PYWARD_WORKER_IMPORT = previousImport;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the early taint phase", () => {
  it("runs again when a file the screen passed over gives a summary, and the report is the one of a right screen", async () => {
    screen.wrong = false;
    const reference = await scan([dir], { audit: false, jobs: 1 });
    screen.wrong = true;
    const one = await scan([dir], { audit: false, jobs: 1 });
    const two = await scan([dir], { audit: false, jobs: 2, minFilesForWorkers: 1 });
    expect(two.workers).toBe(2);
    // the flow from views.py through helpers/run.py is found in every run
    expect(reference.findings.filter((f) => f.flow?.length).map((f) => `${f.code} ${f.path}:${f.line}`)).toEqual([expect.stringMatching(/^PW251 .*helpers\/run\.py:4$/)]);
    // the right screen let the early phase stand and take helpers/run.py from the queue; the wrong one did not
    expect([reference.promotedSummaries, one.promotedSummaries]).toEqual([1, 0]);
    expect(renderReport("json", one)).toBe(renderReport("json", reference));
    expect(renderReport("json", two)).toBe(renderReport("json", reference));
    expect([one.errors, two.errors]).toEqual([[], []]);
  }, 120_000);

  it("runs again when a file changes between the main thread's hash and its analysis, even when its old state was reusable", async () => {
    // With a cache, the early phase knows a file not yet analysed by the hash the main thread took. Here the
    // phase recorded by the first run could be reused from those hashes, but helpers/run.py (its cached result
    // missing, so analysed again) is rewritten without its sink after the hash and before its analysis: the
    // run must not keep the reused flow, and must report what a run over the new text reports.
    screen.wrong = false;
    const project = testDir("pyward-overlap-edit-");
    const cacheDir = path.join(testDir("pyward-overlap-cache-"), "cache");
    const helper = path.join(project, "helpers", "run.py");
    const sink = "import os\n\ndef step(v):\n    os.system('echo ' + v)\n";
    const safe = "import os\n\ndef step(v):\n    return len(v)\n";
    fs.mkdirSync(path.join(project, "helpers"));
    fs.writeFileSync(path.join(project, "helpers", "__init__.py"), "");
    fs.writeFileSync(helper, sink);
    fs.writeFileSync(
      path.join(project, "views.py"),
      'from flask import Flask, request\nfrom helpers import run\napp = Flask(__name__)\n\n@app.route("/r")\ndef r():\n    return run.step(request.args["q"])\n',
    );
    fs.writeFileSync(path.join(project, "other.py"), "x = 1\n");
    const flows = (r: Awaited<ReturnType<typeof scan>>) => r.findings.filter((f) => f.flow?.length).map((f) => `${f.code} ${path.basename(f.path)}:${f.line}`);
    const first = await scan([project], { audit: false, jobs: 1, cacheDir });
    expect(flows(first)).toEqual(["PW251 run.py:4"]);

    // an unrelated edit (the run as a whole is not reused; its taint phase could be), and the cached result of
    // helpers/run.py is gone (as after a partial clean of the cache) while the other files' stay
    fs.writeFileSync(path.join(project, "other.py"), "x = 2\n");
    const getFileEntry = ScanCache.prototype.getFileEntry;
    const getPack = ScanCache.prototype.getPack;
    const entry = vi.spyOn(ScanCache.prototype, "getFileEntry").mockImplementation(function (this: ScanCache, ...args: Parameters<typeof getFileEntry>) {
      const hit = getFileEntry.apply(this, args);
      return hit?.result.path.endsWith("run.py") ? undefined : hit;
    });
    const pack = vi.spyOn(ScanCache.prototype, "getPack").mockImplementation(function (this: ScanCache, ...args: Parameters<typeof getPack>) {
      const stored = getPack.apply(this, args);
      return stored && { ...stored, files: stored.files.map(() => "") };
    });
    try {
      screen.edit = { path: helper, text: safe };
      const edited = await scan([project], { audit: false, jobs: 1, cacheDir });
      expect(screen.edit).toBeUndefined(); // the file was analysed, and rewritten first
      expect(flows(edited)).toEqual([]);
      const reference = await scan([project], { audit: false, jobs: 1 });
      expect(renderReport("json", edited)).toBe(renderReport("json", reference));
      expect(edited.errors).toEqual([]);
    } finally {
      entry.mockRestore();
      pack.mockRestore();
    }
  }, 120_000);
});
