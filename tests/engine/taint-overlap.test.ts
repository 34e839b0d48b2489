/**
 * The cross-module taint phase started early (run.ts, with workers or the in-thread queue) must give what the
 * phase run after the per-file phase gives, even when its start was decided wrongly. Here the main thread's screen
 * for sources (`mayHoldSources`) is made to answer "no" for every file, as if each file's bytes had changed between
 * the screen and its analysis: the phase then starts with no summary, the files with sources come back with
 * summaries, and the run must notice and run the phase again. The reference is the same run with the real screen.
 * The workers run the real code.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { scan } from "../../src/engine/run.js";
import { renderReport } from "../../src/report/index.js";

/** Whether the screen answers "no" for every file (else it is the real one). */
const screen = vi.hoisted(() => ({ wrong: true }));
vi.mock("../../src/engine/task.js", async (original) => {
  const real = await original<typeof import("../../src/engine/task.js")>();
  return { ...real, mayHoldSources: (...args: Parameters<typeof real.mayHoldSources>) => (screen.wrong ? false : real.mayHoldSources(...args)) };
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
});
