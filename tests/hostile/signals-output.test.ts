/**
 * Honest exits: Ctrl-C (SIGINT) during a long scan exits 130 and leaves no partial report; a report that cannot
 * be written (a path under a regular file, a directory, a read-only directory, a full disk) is exit 2 with one
 * clear line and no file left behind; writing to `/dev/stdout` does not replace it.
 */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { CANARY, put, removeTree } from "./helpers.js";

const CLI = path.resolve("dist/cli/main.js");
const built = fs.existsSync(CLI);
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-hostile-out-"));
  put(dir, "proj/canary.py", CANARY);
});
afterAll(() => removeTree(dir));

/** Runs the built CLI's `check` with `args` as user nobody (the caller is root): its exit status and stderr. */
function checkAsNobody(...args: string[]): { status: number; stderr: string } {
  try {
    execFileSync(process.execPath, [CLI, "check", ...args], {
      uid: 65534,
      gid: 65534,
      env: { PATH: process.env.PATH, HOME: dir },
      stdio: ["ignore", "ignore", "pipe"],
      encoding: "utf8",
      timeout: 60_000,
    });
    return { status: 0, stderr: "" };
  } catch (err) {
    return { status: (err as { status: number }).status, stderr: (err as { stderr: string }).stderr };
  }
}

/** Files left in `d` (none expected after a failed or interrupted write). */
const leftovers = (d: string): string[] => (fs.existsSync(d) ? fs.readdirSync(d) : []);

describe("Ctrl-C", () => {
  // with workers, and with one job, where the files go through the main thread's queue (in-thread-pool.ts)
  it.skipIf(!built).each([
    ["with workers", "workers", []],
    ["with one job", "one", ["--jobs", "1"]],
  ])("SIGINT during a long scan (%s) exits 130, says so, and leaves no report or temporary file", async (_label, name, extra) => {
    // a big tree: 400 copies of a module with many findings (about 10 s of work)
    const big = path.join(dir, `big-${name}`);
    const body = `import os, subprocess, hashlib\n${"def f(x):\n    os.system('rm ' + x)\n    subprocess.run('ls ' + x, shell=True)\n    hashlib.md5(x)\n".repeat(200)}`;
    for (let i = 0; i < 400; i++) put(big, `pkg${i % 20}/mod${i}.py`, body);
    const outDir = path.join(dir, `sigout-${name}`);
    fs.mkdirSync(outDir);
    const child = spawn(process.execPath, [CLI, "check", big, "--no-audit", ...(extra as string[]), "--format", "json", "-o", path.join(outDir, "report.json")], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
    await new Promise((r) => setTimeout(r, 2500));
    expect(child.exitCode, "the scan finished before the interrupt: make the tree bigger").toBeNull();
    const t0 = performance.now();
    child.kill("SIGINT");
    const { code, signal } = await exited;
    expect({ code, signal }).toEqual({ code: 130, signal: null });
    // files are analysed a turn of the event loop each, so the signal is handled within one file's time
    expect(performance.now() - t0).toBeLessThan(4_000);
    expect(stderr).toBe("pyward: interrupted\n");
    expect(leftovers(outDir)).toEqual([]);
  }, 60_000);

  it.skipIf(!built)("SIGINT right after start (while the program loads) is an interrupt too", async () => {
    const child = spawn(process.execPath, [CLI, "check", path.join(dir, "proj"), "--no-audit"], { stdio: ["ignore", "ignore", "pipe"] });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
    await new Promise((r) => setTimeout(r, 800));
    child.kill("SIGINT");
    const { code, signal } = await exited;
    // 130 once main.js has registered its handler (before the program loads); before Node runs any of it, the
    // default action (death by SIGINT, which a shell also reports as 130); 1 if the scan already finished
    expect(code === 130 || code === 1 || signal === "SIGINT", `exit ${code}, signal ${signal}`).toBe(true);
  });
});

describe("unwritable --output", () => {
  it("a path under a regular file: exit 2, one line, nothing written", async () => {
    const file = put(dir, "plain.txt", "x");
    const r = await cli("check", path.join(dir, "proj"), "--no-audit", "-o", path.join(file, "out.json"));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^pyward: cannot write .*plain\.txt\/out\.json: a parent of that path is not a directory \(ENOTDIR\)\n$/);
    expect(fs.readFileSync(file, "utf8")).toBe("x");
  });

  it("a directory: exit 2, one line, no temporary file left", async () => {
    const target = path.join(dir, "adir");
    fs.mkdirSync(target);
    const r = await cli("check", path.join(dir, "proj"), "--no-audit", "-o", target);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^pyward: cannot write .*adir: .*\n$/);
    expect(r.stderr.split("\n")).toHaveLength(2);
    expect(leftovers(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("a read-only directory: exit 2 (as root, spawned as nobody when dist is built)", async (ctx) => {
    const ro = path.join(dir, "readonly");
    fs.mkdirSync(ro);
    fs.chmodSync(ro, 0o555);
    if (!isRoot) {
      const r = await cli("check", path.join(dir, "proj"), "--no-audit", "-o", path.join(ro, "out.json"));
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^pyward: cannot write .*out\.json: permission denied \(EACCES\)\n$/);
      return;
    }
    if (!built) return ctx.skip();
    fs.chmodSync(dir, 0o755);
    const { status, stderr } = checkAsNobody(path.join(dir, "proj"), "--no-audit", "-o", path.join(ro, "out.json"));
    expect(status).toBe(2);
    expect(stderr).toMatch(/^pyward: cannot write .*out\.json: permission denied \(EACCES\)\n$/);
    expect(leftovers(ro)).toEqual([]);
  });

  it.skipIf(!isRoot || !built)("another user's file in a sticky directory (spawned as nobody): exit 2 before the scan, nothing replaced", () => {
    const sticky = path.join(dir, "sticky");
    fs.mkdirSync(sticky);
    fs.chmodSync(sticky, 0o1777);
    fs.chmodSync(dir, 0o755);
    fs.writeFileSync(path.join(sticky, "victim.json"), "root's");
    fs.chmodSync(path.join(sticky, "victim.json"), 0o666); // writable, but only its owner may rename over it
    const { status, stderr } = checkAsNobody(path.join(dir, "no-such-project"), "--no-audit", "-o", path.join(sticky, "mine.json"), "-o", path.join(sticky, "victim.json"));
    expect(status).toBe(2);
    expect(stderr).toMatch(/^pyward: cannot write .*victim\.json: permission denied \(EPERM\)\n$/);
    expect(leftovers(sticky)).toEqual(["victim.json"]);
    expect(fs.readFileSync(path.join(sticky, "victim.json"), "utf8")).toBe("root's");
  });

  it("a full disk (a 64 KiB tmpfs, when mounting is permitted): exit 2, one line, no partial file", async (ctx) => {
    const mnt = path.join(dir, "tiny");
    fs.mkdirSync(mnt);
    try {
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", mnt], { stdio: "ignore" });
    } catch {
      ctx.annotate?.("cannot mount a tmpfs here (not root, or no CAP_SYS_ADMIN): full disk not simulated");
      return ctx.skip();
    }
    try {
      // fill it, leaving less room than the report needs
      try {
        fs.writeFileSync(path.join(mnt, "filler"), Buffer.alloc(64 * 1024 - 512));
      } catch {
        /* full already */
      }
      const r = await cli("check", path.join(dir, "proj"), "--no-audit", "--format", "json", "-o", path.join(mnt, "out.json"));
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^pyward: cannot write .*out\.json: no space left on device \(ENOSPC\)\n$/);
      expect(leftovers(mnt)).toEqual(["filler"]);
    } finally {
      execFileSync("umount", [mnt], { stdio: "ignore" });
    }
  });

  it("several reports and a baseline, one of them a directory: exit 2 before the scan, and none is written", async () => {
    const out = path.join(dir, "several");
    fs.mkdirSync(path.join(out, "adir"), { recursive: true });
    fs.writeFileSync(path.join(out, "old.sarif"), "old");
    const r = await cli(
      "check", path.join(dir, "no-such-project"), "--no-audit",
      "--write-baseline", path.join(out, "base.json"),
      "-o", path.join(out, "new.json"),
      "-o", path.join(out, "old.sarif"),
      "-o", path.join(out, "adir"),
    );
    expect(r.code).toBe(2);
    // said before the scan: the missing project would have been reported first otherwise
    expect(r.stderr).toMatch(/^pyward: cannot write .*several\/adir: it is a directory \(EISDIR\)\n$/);
    expect(leftovers(out).sort()).toEqual(["adir", "old.sarif"]);
    expect(fs.readFileSync(path.join(out, "old.sarif"), "utf8")).toBe("old");
  });

  it("two names of one file (a symbolic link, a baseline and a report): exit 2 before the scan, nothing written", async () => {
    const out = path.join(dir, "aliases");
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, "r.json"), "old");
    fs.symlinkSync("r.json", path.join(out, "link.json"));
    const viaLink = await cli("check", path.join(dir, "no-such-project"), "--no-audit", "--format", "json", "-o", path.join(out, "r.json"), "--format", "sarif", "-o", path.join(out, "link.json"));
    expect(viaLink.code).toBe(2);
    expect(viaLink.stderr).toMatch(/^pyward: --output .*link\.json names the same file as --output .*r\.json; each report needs its own file\n$/);
    const baseline = await cli("check", path.join(dir, "no-such-project"), "--no-audit", "--write-baseline", path.join(out, "r.json"), "-o", path.join(out, "link.json"));
    expect(baseline.code).toBe(2);
    expect(baseline.stderr).toMatch(/names the same file as --write-baseline .*r\.json/);
    expect(fs.readFileSync(path.join(out, "r.json"), "utf8")).toBe("old");
    expect(leftovers(out).sort()).toEqual(["link.json", "r.json"]);
  });

  it("names that cannot be files are said before the scan: a trailing slash, a name over 255 bytes, empty baselines", async () => {
    const missing = path.join(dir, "no-such-project");
    const slash = await cli("check", missing, "--no-audit", "-o", path.join(dir, "nodir") + "/");
    expect(slash.stderr).toMatch(/^pyward: cannot write .*nodir\/: a name ending in "\/" names a directory\n$/);
    const long = await cli("check", missing, "--no-audit", "-o", path.join(dir, `${"a".repeat(251)}.json`));
    expect(long.stderr).toMatch(/^pyward: cannot write .*: file name too long \(ENAMETOOLONG\)\n$/);
    const writeBaseline = await cli("check", missing, "--no-audit", "--write-baseline", "");
    expect(writeBaseline.stderr).toBe("pyward: --write-baseline needs a file name\n");
    const readBaseline = await cli("check", missing, "--no-audit", "--baseline", "");
    expect(readBaseline.stderr).toBe("pyward: --baseline needs a file name\n");
    expect([slash.code, long.code, writeBaseline.code, readBaseline.code]).toEqual([2, 2, 2, 2]);
  });

  it("a device that refuses the write, or a FIFO nobody reads, among the reports: exit 2 and no report replaced", async () => {
    const out = path.join(dir, "with-device");
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, "a.json"), "old");
    const full = await cli("check", path.join(dir, "proj"), "--no-audit", "--format", "json", "-o", path.join(out, "a.json"), "--format", "sarif", "-o", "/dev/full");
    expect(full.code).toBe(2);
    expect(full.stderr).toBe("pyward: cannot write /dev/full: no space left on device (ENOSPC)\n");
    const fifo = path.join(out, "fifo");
    execFileSync("mkfifo", [fifo]);
    const t0 = performance.now();
    const unread = await cli("check", path.join(dir, "proj"), "--no-audit", "--format", "json", "-o", path.join(out, "a.json"), "--format", "sarif", "-o", fifo);
    expect(performance.now() - t0).toBeLessThan(20_000); // no wait for a reader that never comes
    expect(unread.code).toBe(2);
    expect(unread.stderr).toMatch(/^pyward: cannot write .*fifo: a FIFO no process is reading \(ENXIO\)\n$/);
    expect(fs.readFileSync(path.join(out, "a.json"), "utf8")).toBe("old");
    expect(leftovers(out).sort()).toEqual(["a.json", "fifo"]);
  });

  it("a FIFO with a reader receives the whole report; a dangling link's target is created; a private report stays private", async () => {
    const out = path.join(dir, "kinds");
    fs.mkdirSync(out);
    const fifo = path.join(out, "fifo");
    execFileSync("mkfifo", [fifo]);
    // a reader that is slow to drain (the report outgrows the pipe's buffer)
    const big = path.join(dir, "bigproj");
    for (let i = 0; i < 30; i++) put(big, `m${i}.py`, CANARY);
    for (let round = 0; round < 3; round++) {
      const reader = spawn("sh", ["-c", `sleep 0.3; cat "${fifo}" > "${path.join(out, "got.json")}"`]);
      const readerDone = new Promise((resolve) => reader.on("exit", resolve));
      await new Promise((r) => setTimeout(r, 100));
      const t0 = performance.now();
      // the reader has not opened the FIFO yet: no reader is an error, not a wait
      const early = await cli("check", big, "--no-audit", "--format", "json", "-o", fifo);
      if (early.code === 2) expect(early.stderr).toMatch(/a FIFO no process is reading \(ENXIO\)/);
      await new Promise((r) => setTimeout(r, 400));
      const r = await cli("check", big, "--no-audit", "--format", "json", "-o", fifo);
      expect(r.code, r.stderr).toBe(1);
      await readerDone;
      expect(JSON.parse(fs.readFileSync(path.join(out, "got.json"), "utf8")).findings.length).toBe(30 * 2);
      expect(performance.now() - t0).toBeLessThan(30_000);
    }
    // a dangling link: the file it names is created, the link stays
    fs.symlinkSync("target.json", path.join(out, "dangling.json"));
    expect((await cli("check", path.join(dir, "proj"), "--no-audit", "-o", path.join(out, "dangling.json"))).code).toBe(1);
    expect(fs.lstatSync(path.join(out, "dangling.json")).isSymbolicLink()).toBe(true);
    expect(fs.statSync(path.join(out, "target.json")).isFile()).toBe(true);
    // …and it names the same file as its target
    const twice = await cli("check", path.join(dir, "proj"), "--no-audit", "-o", path.join(out, "target.json"), "-o", path.join(out, "dangling.json"));
    expect(twice.code).toBe(2);
    // a report kept private (0600) is replaced by one with the same permission bits
    fs.writeFileSync(path.join(out, "private.json"), "old");
    fs.chmodSync(path.join(out, "private.json"), 0o600);
    expect((await cli("check", path.join(dir, "proj"), "--no-audit", "-o", path.join(out, "private.json"))).code).toBe(1);
    expect(fs.statSync(path.join(out, "private.json")).mode & 0o777).toBe(0o600);
    expect(leftovers(out).filter((f) => f.startsWith(".pyward-"))).toEqual([]);
  }, 60_000);

  it("never writes through a name planted beside the report (temporary files are new files with random names)", async () => {
    const out = path.join(dir, "planted");
    fs.mkdirSync(out);
    const victim = path.join(dir, "victim.txt");
    fs.writeFileSync(victim, "original");
    // the names a scanned repository could guess under the former scheme (`.<report>.<pid>.tmp`), for this process
    for (let pid = Math.max(1, process.pid - 50); pid < process.pid + 50; pid++) fs.symlinkSync(victim, path.join(out, `.r.json.${pid}.tmp`));
    const r = await cli("check", path.join(dir, "proj"), "--no-audit", "--format", "json", "-o", path.join(out, "r.json"));
    expect(r.code).toBe(1);
    expect(fs.readFileSync(victim, "utf8")).toBe("original");
    expect(fs.lstatSync(path.join(out, "r.json")).isFile()).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(out, "r.json"), "utf8")).findings.length).toBeGreaterThan(0);
    expect(leftovers(out).filter((f) => f.startsWith(".pyward-"))).toEqual([]);
  });

  it.skipIf(!built)("-o /dev/stdout is standard output: appended to a file opened with >>, never renamed over", () => {
    const log = path.join(dir, "log.txt");
    fs.writeFileSync(log, "prev\n");
    execFileSync("sh", ["-c", `"${process.execPath}" "${CLI}" check "${path.join(dir, "proj")}" --no-audit --format json -o /dev/stdout >> "${log}"; true`]);
    const text = fs.readFileSync(log, "utf8");
    expect(text.startsWith("prev\n{")).toBe(true);
    expect(JSON.parse(text.slice(5)).findings.length).toBeGreaterThan(0);
  });

  it("an empty --output is a usage error", async () => {
    const r = await cli("check", path.join(dir, "proj"), "--no-audit", "-o", "");
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("pyward: --output needs a file name (or - for standard output)\n");
  });

  it("a full disk under one of several reports: none of them is written (all or none)", async (ctx) => {
    const mnt = path.join(dir, "tiny2");
    const beside = path.join(dir, "beside");
    fs.mkdirSync(mnt);
    fs.mkdirSync(beside);
    fs.writeFileSync(path.join(beside, "report.sarif"), "old");
    try {
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", mnt], { stdio: "ignore" });
    } catch {
      ctx.annotate?.("cannot mount a tmpfs here (not root, or no CAP_SYS_ADMIN): full disk not simulated");
      return ctx.skip();
    }
    try {
      try {
        fs.writeFileSync(path.join(mnt, "filler"), Buffer.alloc(64 * 1024 - 512));
      } catch {
        /* full already */
      }
      const r = await cli("check", path.join(dir, "proj"), "--no-audit", "-o", path.join(beside, "report.json"), "-o", path.join(beside, "report.sarif"), "-o", path.join(mnt, "out.json"));
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^pyward: cannot write .*out\.json: no space left on device \(ENOSPC\)\n$/);
      expect(leftovers(mnt)).toEqual(["filler"]);
      expect(leftovers(beside)).toEqual(["report.sarif"]);
      expect(fs.readFileSync(path.join(beside, "report.sarif"), "utf8")).toBe("old");
    } finally {
      execFileSync("umount", [mnt], { stdio: "ignore" });
    }
  });

  it("an existing non-regular path (/dev/null) is written, not replaced", async () => {
    const r = await cli("check", path.join(dir, "proj"), "--no-audit", "-o", "/dev/null");
    expect(r.code).toBe(1);
    expect(fs.statSync("/dev/null").isCharacterDevice()).toBe(true);
    expect(leftovers("/dev").filter((f) => f.startsWith(".null."))).toEqual([]);
  });

  it("a symbolic link to a report is followed: the link stays a link", async () => {
    const real = put(dir, "reports/real.json", "old");
    const link = path.join(dir, "reports", "link.json");
    fs.symlinkSync("real.json", link);
    const r = await cli("check", path.join(dir, "proj"), "--no-audit", "--format", "json", "-o", link);
    expect(r.code).toBe(1);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(JSON.parse(fs.readFileSync(real, "utf8")).schema).toBe("pyward-report");
  });
});
