/**
 * The worker pool's recovery: a worker that dies mid-batch is replaced, the batch's files are retried one by
 * one, and only the file that kills a worker on its own is reported as not analysed; on-demand taint summaries go to
 * the same workers and a crash there is an error line, and a file still waiting can be taken out of its batch to be
 * analysed and summarised at once. A stand-in worker script
 * (plain JavaScript) plays the part of `worker.ts`.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CheckPool, HEAVY_BUDGET_BYTES, HEAVY_FILE_BYTES, RETIRE_AFTER_BYTES } from "../../src/engine/pool.js";
import type { FileTask, TaskSettings } from "../../src/engine/task.js";

let dir: string;
let entry: { url: URL };
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-pool-"));
  const script = path.join(dir, "worker.mjs");
  fs.writeFileSync(
    script,
    `import { parentPort, threadId } from "node:worker_threads";
parentPort.on("message", (req) => {
  if (req.kind === "summary") {
    if (req.task.path === "crash.py") process.exit(4);
    parentPort.postMessage({ id: req.id, summary: { errors: [], hash: req.hash, summary: { module: req.task.moduleName, bytes: req.bytes.length } } });
    return;
  }
  if (req.summarise) {
    const t = req.tasks[0];
    if (t.path === "crash.py") process.exit(5);
    const outcome = { kind: "result", hash: "p", result: { path: t.path, findings: [], lines: 2, errors: [], analysed: true, facts: {}, imports: [] } };
    parentPort.postMessage({ id: req.id, outcomes: [outcome], summary: { errors: [], hash: "p", summary: { module: t.moduleName, promoted: true } } });
    return;
  }
  const outcomes = req.tasks.map((t) => {
    if (t.path === "crash.py") process.exit(3);
    return { kind: "result", hash: "h", result: { path: t.path, findings: [], lines: 1, errors: [], analysed: true, facts: {}, imports: [], thread: threadId } };
  });
  parentPort.postMessage({ id: req.id, outcomes });
});
`,
  );
  entry = { url: pathToFileURL(script) };
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const settings: TaskSettings = { rules: [], feeders: [], explicit: [], projectModules: [], maxSize: 1 };
const task = (p: string): FileTask => ({ path: p, absPath: p, moduleName: p, isTest: false, owned: true, size: 1 });

describe("CheckPool", () => {
  it("replaces a dead worker, retries its batch file by file, and reports only the culprit", async () => {
    const pool = new CheckPool(2, settings, entry);
    try {
      const names = Array.from({ length: 30 }, (_, i) => (i === 11 ? "crash.py" : `f${i}.py`));
      const outcomes = names.map((n) => pool.submit(task(n)));
      pool.flush();
      const done = await Promise.all(outcomes);
      done.forEach((o, i) => {
        if (names[i] === "crash.py") expect(o).toEqual({ kind: "skip", reason: expect.stringMatching(/crashed its worker thread \(worker exited with code 3\); not analysed$/) });
        else expect(o).toMatchObject({ kind: "result", result: { path: names[i] } });
      });
      expect(pool.spawned).toBeGreaterThanOrEqual(3);
    } finally {
      await pool.close();
    }
  });

  it("analyses heavy files in jobs of their own, side by side only within the heavy budget, and replaces a worker after a very large one", async () => {
    const pool = new CheckPool(2, settings, entry);
    try {
      // the stand-in worker does not read files: only the sizes the discovery gave count
      const names = Array.from({ length: 24 }, (_, i) => `f${i}.py`);
      const large = new Set(["f0.py", "f1.py", "f2.py", "f9.py"]); // two of them already exceed the budget
      expect(2 * (RETIRE_AFTER_BYTES + 1)).toBeGreaterThan(HEAVY_BUDGET_BYTES);
      const outcomes = names.map((n) => pool.submit({ ...task(n), size: large.has(n) ? RETIRE_AFTER_BYTES + 1 : 100 }));
      pool.flush();
      const done = await Promise.all(outcomes);
      done.forEach((o, i) => expect(o).toMatchObject({ kind: "result", result: { path: names[i] } }));
      // two idle workers, each with room for two jobs, were offered the four large files first
      expect(pool.heavyPeak).toBe(1);
      // a worker that analysed one was replaced: no worker analysed two of them
      const thread = (o: unknown): number => (o as { result: { thread: number } }).result.thread;
      expect(new Set(done.filter((_, i) => large.has(names[i])).map(thread)).size).toBe(4);
      // files just over the heavy size run side by side within the budget, and their workers stay
      const small = Array.from({ length: 4 }, (_, i) => pool.submit({ ...task(`h${i}.py`), size: HEAVY_FILE_BYTES + 1 }));
      const edge = pool.submit({ ...task("edge.py"), size: HEAVY_FILE_BYTES }); // at the limit: not heavy
      pool.flush();
      const smallDone = await Promise.all(small);
      expect(await edge).toMatchObject({ kind: "result" });
      for (const o of smallDone) expect(o).toMatchObject({ kind: "result" });
      expect(pool.heavyPeak).toBeGreaterThan(1);
      expect(new Set(smallDone.map(thread)).size).toBeLessThanOrEqual(2);
    } finally {
      await pool.close();
    }
  });

  it("runs on-demand summaries in the workers beside file batches; a crash on one is an error line, not a hang", async () => {
    const pool = new CheckPool(2, settings, entry);
    try {
      const files = Array.from({ length: 12 }, (_, i) => pool.submit(task(`f${i}.py`)));
      pool.flush();
      const bytes = new TextEncoder().encode("def f(x):\n    return x\n");
      const [a, crashed, b] = await Promise.all([
        pool.summarise(task("pkg.a"), bytes, "ha"),
        pool.summarise(task("crash.py"), bytes, "hc"),
        pool.summarise(task("pkg.b"), bytes, "hb"),
      ]);
      expect(a).toEqual({ errors: [], hash: "ha", summary: { module: "pkg.a", bytes: bytes.length } });
      expect(b).toEqual({ errors: [], hash: "hb", summary: { module: "pkg.b", bytes: bytes.length } });
      expect(crashed.summary).toBeUndefined();
      expect(crashed.errors).toEqual([expect.stringMatching(/^crash\.py: the taint analysis crashed its worker thread \(worker exited with code 4\)$/)]);
      expect((await Promise.all(files)).every((o) => o.kind === "result")).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it("takes a file still waiting out of its batch to analyse and summarise it at once; a file sent already is not taken", async () => {
    const pool = new CheckPool(1, settings, entry);
    try {
      const tasks = Array.from({ length: 40 }, (_, i) => task(`g${i}.py`));
      const files = tasks.map((t) => pool.submit(t));
      const waiting = task("w.py"); // in no batch yet (pending): taken from there
      const waitingFile = pool.submit(waiting);
      expect(pool.promote(task("g39.py"))).toBeUndefined(); // an equal task is not the one submitted
      const [queued, pending] = [pool.promote(tasks[39]), pool.promote(waiting)];
      expect(queued && pending).toBeTruthy();
      expect(await queued).toEqual({ errors: [], hash: "p", summary: { module: "g39.py", promoted: true } });
      expect(await pending).toEqual({ errors: [], hash: "p", summary: { module: "w.py", promoted: true } });
      pool.flush();
      const done = await Promise.all([...files, waitingFile]);
      expect(done.map((o) => (o.kind === "result" ? o.result.lines : 0))).toEqual([...Array(39).fill(1), 2, 2]);
      // every file was answered once; one sent already cannot be taken again
      expect(pool.promote(tasks[0])).toBeUndefined();
      expect(pool.promote(tasks[39])).toBeUndefined();
    } finally {
      await pool.close();
    }
  });

  it("a file taken out for its summary that kills its worker is reported, and its summary is an error line", async () => {
    const pool = new CheckPool(1, settings, entry);
    try {
      const crash = task("crash.py");
      const file = pool.submit(crash);
      const summary = pool.promote(crash)!;
      expect((await summary).errors).toEqual([expect.stringMatching(/^crash\.py: the taint analysis crashed its worker thread \(worker exited with code 5\)$/)]);
      expect(await file).toEqual({ kind: "skip", reason: expect.stringMatching(/crashed its worker thread \(worker exited with code 5\); not analysed$/) });
    } finally {
      await pool.close();
    }
  });

  it("settles what is still queued when closed, and what is asked after", async () => {
    const pool = new CheckPool(1, settings, entry);
    const bytes = new Uint8Array([0x78]);
    const pending = pool.summarise(task("pkg.c"), bytes, "h1");
    await pool.close();
    const late = await pool.summarise(task("pkg.d"), bytes, "h2");
    expect(late.summary).toBeUndefined();
    expect(late.errors[0]).toMatch(/^pkg\.d: taint summary not computed: /);
    const early = await pending; // answered before the close, or failed by it: settled either way
    expect(early.hash).toBe("h1");
  });
});
