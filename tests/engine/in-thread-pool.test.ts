/**
 * The per-file phase in the main thread behind the pool interface (InThreadPool): files run in the order queued,
 * the taint phase's requests before them; a queued file promoted for its summary is analysed once, with it;
 * closing settles what is left.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InThreadPool } from "../../src/engine/in-thread-pool.js";
import { contentHash, taskContext, type FileTask, type TaskOutcome } from "../../src/engine/task.js";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-in-thread-"));
  fs.writeFileSync(path.join(dir, "weak.py"), "import hashlib\nhashlib.md5(b'x')\n");
  fs.writeFileSync(path.join(dir, "helper.py"), "import os\n\ndef run(cmd):\n    os.system(cmd)\n");
  for (let i = 0; i < 5; i++) fs.writeFileSync(path.join(dir, `f${i}.py`), `x${i} = ${i}\n`);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const ctx = () =>
  taskContext({ rules: ["PW301", "PW251"], feeders: [], explicit: [], projectModules: ["weak", "helper", "f0", "f1", "f2", "f3", "f4"], maxSize: 1024 * 1024 });
const task = (name: string): FileTask => ({ path: `${name}.py`, absPath: path.join(dir, `${name}.py`), moduleName: name, isTest: false, owned: true, size: 10 });
const codes = (o: TaskOutcome): string[] => (o.kind === "result" ? o.result.findings.map((f) => f.code) : [o.reason]);

describe("InThreadPool", () => {
  it("analyses queued files in order, one per turn of the event loop, and the taint phase's requests first", async () => {
    const pool = new InThreadPool(ctx());
    pool.start();
    expect([pool.spawned, pool.parallel]).toEqual([1, false]);
    const order: string[] = [];
    const files = ["f0", "f1", "weak", "f2"].map((n) => pool.submit(task(n)).then((o) => (order.push(n), o)));
    const bytes = fs.readFileSync(path.join(dir, "helper.py"));
    const summary = pool.summarise(task("helper"), bytes, contentHash(bytes)).then((s) => (order.push("summary"), s));
    const done = await Promise.all(files);
    const s = await summary;
    expect(order).toEqual(["summary", "f0", "f1", "weak", "f2"]);
    expect(codes(done[2])).toEqual(["PW301"]);
    expect(s.errors).toEqual([]);
    expect(s.summary?.module).toBe("helper");
    expect(s.hash).toBe(contentHash(bytes));
    await pool.close();
  });

  it("takes a queued file out for its summary and analyses it with it, ahead of the queue; a file analysed already is not taken", async () => {
    const pool = new InThreadPool(ctx());
    const order: string[] = [];
    const first = pool.submit(task("f0")).then(() => order.push("f0"));
    const helperTask = task("helper");
    const queued = pool.submit(helperTask).then((o) => (order.push("helper"), o));
    expect(pool.promote(task("helper"))).toBeUndefined(); // an equal task is not the one queued
    const summary = pool.promote(helperTask)!.then((s) => (order.push("summary"), s));
    const [s, o] = await Promise.all([summary, queued, first]);
    // one analysis gave both: the file's outcome settled with the summary, before the file queued ahead of it
    expect(order).toEqual(["helper", "summary", "f0"]);
    expect(s.summary?.module).toBe("helper");
    expect(o).toMatchObject({ kind: "result", hash: s.hash });
    expect(pool.promote(helperTask)).toBeUndefined(); // analysed: no longer queued
    await pool.close();
  });

  it("settles what is still queued when closed, and what is asked after", async () => {
    const pool = new InThreadPool(ctx());
    const queued = pool.submit(task("f0"));
    const promoted = pool.promote(task("f0"));
    expect(promoted).toBeUndefined();
    const t = task("f1");
    const file = pool.submit(t);
    const summary = pool.promote(t)!;
    await pool.close(); // before any turn of the event loop ran them
    expect(await queued).toEqual({ kind: "skip", reason: "the run stopped before this job ran; not analysed" });
    expect(await file).toEqual({ kind: "skip", reason: "the run stopped before this job ran; not analysed" });
    expect((await summary).errors).toEqual(["f1.py: taint summary not computed: the run stopped before this job ran"]);
    expect(await pool.submit(task("f2"))).toMatchObject({ kind: "skip" });
    const late = await pool.summarise(task("helper"), new Uint8Array(1), "h");
    expect(late.errors[0]).toMatch(/^helper\.py: taint summary not computed: /);
  });
});
