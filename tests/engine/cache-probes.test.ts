/**
 * The cache key leaves out the set of the project's modules: an entry records which module names its analysis
 * asked about, so adding an unrelated file keeps every other entry, while adding the module a file calls into
 * re-analyses that file (its call now leads into the project, and a flow through it is found).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scan } from "../../src/engine/run.js";

let dir: string;
let project: string;
let cache: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-probes-"));
  project = path.join(dir, "app");
  cache = path.join(dir, "cache");
  fs.mkdirSync(project);
  fs.writeFileSync(
    path.join(project, "views.py"),
    'from flask import Flask, request\nimport runner\n\napp = Flask(__name__)\n\n\n@app.route("/run")\ndef run():\n    return runner.go(request.args["cmd"])\n',
  );
  fs.writeFileSync(path.join(project, "other.py"), "x = 1\n");
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const run = () => scan([project], { audit: false, cacheDir: cache, jobs: 1, cwd: dir });

describe("cache entries and the project's module set", () => {
  it("an unrelated new module keeps the entries; the called module's arrival re-analyses its caller", async () => {
    const cold = await run();
    expect(cold.cache?.hits).toBe(0);
    expect(cold.findings.filter((f) => f.code === "PW251")).toEqual([]);
    // an unrelated module: both old files come from the cache
    fs.writeFileSync(path.join(project, "unrelated.py"), "y = 2\n");
    const second = await run();
    expect(second.cache?.hits).toBe(2);
    expect(second.cache?.misses).toBe(1);
    // the module views.py calls into arrives: views.py is analysed again, other.py is not
    fs.writeFileSync(path.join(project, "runner.py"), "import subprocess\n\n\ndef go(cmd):\n    return subprocess.run(cmd, shell=True)\n");
    const third = await run();
    expect(third.cache?.hits).toBe(2); // other.py and unrelated.py
    expect(third.findings.map((f) => `${path.basename(f.path)}:${f.line}:${f.code}`)).toContain("runner.py:5:PW251");
    const flow = third.findings.find((f) => f.code === "PW251");
    expect(flow?.flow?.some((s) => s.path.endsWith("views.py"))).toBe(true);
  });
});
