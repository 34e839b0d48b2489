import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { Progress, progressFor } from "../../src/cli/progress.js";
import { cli } from "../helpers/cli.js";

const ERASE = "\r\u001b[2K";

describe("the progress line", () => {
  it("draws nothing for short runs, then redraws in place at most every interval, and erases itself", () => {
    let t = 0;
    let out = "";
    const p = new Progress({ stream: { write: (s: string) => (out += s) }, delayMs: 300, intervalMs: 100, now: () => t });
    t = 100;
    p.update(1, 10, 0);
    expect(out).toBe("");
    t = 400;
    p.update(2, 10, 1);
    expect(out).toBe(`${ERASE}pyward: 2/10 files, 1 finding`);
    t = 450;
    p.update(3, 10, 1); // within the interval: not redrawn
    expect(out).toBe(`${ERASE}pyward: 2/10 files, 1 finding`);
    t = 460;
    p.update(10, 10, 1234); // the last file is always drawn
    expect(out.endsWith(`${ERASE}pyward: 10/10 files, 1,234 findings`)).toBe(true);
    p.finish();
    expect(out.endsWith(ERASE)).toBe(true);
    const n = out.length;
    p.finish();
    expect(out.length).toBe(n);
  });

  it("never erases a line it did not draw, and fits the terminal width", () => {
    let out = "";
    const quick = new Progress({ stream: { write: (s: string) => (out += s) }, now: () => 0 });
    quick.update(1, 1, 0);
    quick.finish();
    expect(out).toBe("");
    let t = 0;
    const narrow = new Progress({ stream: { write: (s: string) => (out += s), columns: 12 }, delayMs: 0, now: () => t++ });
    narrow.update(5, 100, 3);
    expect(out).toBe(`${ERASE}pyward: 5/1`);
  });

  it("is off when the stream is not a terminal or the run is quiet", () => {
    const tty = { isTTY: true } as NodeJS.WriteStream;
    expect(progressFor(tty, false)).toBeInstanceOf(Progress);
    expect(progressFor(tty, true)).toBeUndefined();
    expect(progressFor({ isTTY: false } as NodeJS.WriteStream, false)).toBeUndefined();
    expect(progressFor({} as NodeJS.WriteStream, false)).toBeUndefined();
  });
});

describe("progress in pyward check", () => {
  let dir: string;
  const wasTTY = process.stderr.isTTY;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-progress-"));
    fs.mkdirSync(path.join(dir, ".git"));
    for (let i = 0; i < 5; i++) fs.writeFileSync(path.join(dir, `m${i}.py`), "import hashlib\nhashlib.md5(b'x')\n");
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  afterEach(() => {
    process.stderr.isTTY = wasTTY;
    vi.restoreAllMocks();
  });

  it("shows files done / total and findings on a TTY, and clears the line at the end", async () => {
    process.stderr.isTTY = true;
    let t = 0;
    vi.spyOn(Date, "now").mockImplementation(() => (t += 1000));
    const r = await cli("check", dir, "--no-audit", "--format", "json");
    expect(r.stderr).toContain(`${ERASE}pyward: 5/5 files, 5 findings`);
    expect(r.stderr).toMatch(/pyward: 1\/5 files, 1 finding/);
    expect(r.stderr.endsWith(ERASE)).toBe(true);
    expect(r.stdout).not.toContain("\r");
  });

  it("shows nothing when stderr is not a TTY, or with --quiet", async () => {
    let t = 0;
    vi.spyOn(Date, "now").mockImplementation(() => (t += 1000)); // every file would be drawn on a TTY
    process.stderr.isTTY = false;
    expect((await cli("check", dir, "--no-audit")).stderr).toBe("");
    process.stderr.isTTY = true;
    expect((await cli("check", dir, "--no-audit", "--quiet")).stderr).toBe("");
  });
});
