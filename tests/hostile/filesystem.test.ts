/**
 * Hostile file trees: symbolic link loops and links leaving the root, FIFOs and devices, unreadable files and
 * directories, files deleted or replaced during the scan, a directory named `x.py`, unusual file names, paths
 * longer than PATH_MAX. The scan returns, every file is scanned or reported, and the canary is still reported.
 */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSourceFile } from "../../src/discover/read.js";
import { scan } from "../../src/engine/run.js";
import { CANARY, expectCanary, expectOneLine, outcomeOf, put, removeTree, tempTree } from "./helpers.js";

const SINK = "import os\nos.system('rm ' + x)\n";
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

let dir: string;
let outside: string;
beforeAll(() => {
  dir = tempTree("fs");
  outside = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-hostile-outside-"));
  fs.writeFileSync(path.join(outside, "outside.py"), SINK);
});
afterAll(() => {
  removeTree(dir);
  removeTree(outside);
});

/**
 * Puts `0_over.py`, over `limit` bytes, in `root`: discovery lists it first and the run reports it (PW003) before
 * reading any other file, so an `onFile` hook that fires at `done === 1` changes the others before any read of
 * theirs (the screening for taint sources reads every file before the first analysis ends).
 */
function overFirst(root: string, limit: number): void {
  put(root, "0_over.py", "#".repeat(limit + 1) + "\n");
}

/** A fresh subdirectory of the test tree holding the canary. */
function sub(name: string): string {
  const d = path.join(dir, name);
  put(d, "canary.py", CANARY);
  return d;
}

describe("symbolic links", () => {
  it("does not follow loops or links that leave the root, and says so", async () => {
    const root = sub("links");
    put(root, "pkg/mod.py", SINK);
    fs.symlinkSync(".", path.join(root, "loop_self_dir"));
    fs.symlinkSync("../..", path.join(root, "pkg", "up"));
    fs.symlinkSync("self.py", path.join(root, "self.py")); // ELOOP
    fs.symlinkSync("pong.py", path.join(root, "ping.py"));
    fs.symlinkSync("ping.py", path.join(root, "pong.py"));
    fs.symlinkSync("nowhere.py", path.join(root, "dangling.py"));
    fs.symlinkSync(outside, path.join(root, "outdir"));
    fs.symlinkSync(path.join(outside, "outside.py"), path.join(root, "outfile.py"));
    fs.symlinkSync("/etc", path.join(root, "etc"));
    fs.symlinkSync("/dev/zero", path.join(root, "zero.py"));
    fs.symlinkSync(path.join(root, "pkg", "mod.py"), path.join(root, "alias.py")); // inside: scanned once
    const r = await scan([root], { audit: false });
    expectCanary(r);
    const paths = new Set(r.findings.map((f) => path.basename(f.path)));
    expect(paths.has("outside.py")).toBe(false);
    expect(r.findings.filter((f) => f.path.endsWith("mod.py") || f.path.endsWith("alias.py")).length).toBe(
      r.findings.filter((f) => f.path.endsWith("mod.py")).length || r.findings.filter((f) => f.path.endsWith("alias.py")).length,
    );
    const notes = r.notes.map((n) => `${path.basename(n.path)}: ${n.reason}`);
    for (const name of ["outdir", "outfile.py", "etc", "zero.py"]) expect(notes.some((n) => n.startsWith(`${name}: symbolic link leaves the scan root`)), name).toBe(true);
    for (const name of ["self.py", "ping.py", "pong.py"]) expect(notes.some((n) => n.startsWith(`${name}: symbolic link loop`)), name).toBe(true);
    expect(notes.some((n) => n === "dangling.py: broken symbolic link")).toBe(true);
    expect(notes.some((n) => n.startsWith("loop_self_dir:") && /loop/.test(n))).toBe(true);
    for (const n of r.notes) expectOneLine(n.reason);
  });

  it("a root that is itself a link, and links named on the command line, are scanned", async () => {
    const root = sub("linkroot");
    const link = path.join(dir, "linkroot-link");
    fs.symlinkSync(root, link);
    const r = await scan([link, path.join(link, "canary.py")], { audit: false });
    expectCanary(r);
    expect(r.findings.filter((f) => f.code === "PW202")).toHaveLength(1); // the same file once
  });
});

describe("special files", () => {
  it("skips FIFOs found in the tree without hanging, and reports one named on the command line", async () => {
    const root = sub("fifo");
    execFileSync("mkfifo", [path.join(root, "pipe.py"), path.join(root, "requirements.txt"), path.join(root, "page.html")]);
    put(root, "x.py/inner.py", SINK); // a directory named x.py
    const t0 = performance.now();
    const r = await scan([root], { select: ["ALL"], extendSelect: [], audit: false });
    expect(performance.now() - t0).toBeLessThan(30_000);
    expectCanary(r);
    expect(r.findings.some((f) => f.path.endsWith("x.py/inner.py") && /^PW2/.test(f.code))).toBe(true);
    // each one found in the tree is named, not passed over in silence
    expect(r.notes.filter((n) => /not a regular file/.test(n.reason)).map((n) => path.basename(n.path)).sort()).toEqual(["page.html", "pipe.py", "requirements.txt"]);
    const named = await scan([path.join(root, "pipe.py"), path.join(root, "canary.py")], { audit: false });
    expectCanary(named);
    expect(named.notes.some((n) => n.path.endsWith("pipe.py") && /not a regular file/.test(n.reason))).toBe(true);
  });

  it("a .gitignore that is a link (to a device or anywhere), or a FIFO, is not read (no endless read, no wait)", async () => {
    const root = sub("gitignore-device");
    fs.symlinkSync("/dev/zero", path.join(root, ".gitignore"));
    const inner = path.join(root, "pkg");
    fs.mkdirSync(inner);
    fs.writeFileSync(path.join(inner, "m.py"), SINK);
    if (process.platform === "linux") execFileSync("mkfifo", [path.join(inner, ".gitignore")]);
    const r = await scan([root], { audit: false });
    expectCanary(r);
    const reasons = r.notes.filter((n) => n.path.endsWith(".gitignore")).map((n) => n.reason);
    expect(reasons).toContain("a symbolic link; not read (as git)");
    if (process.platform === "linux") expect(reasons).toContain("not a regular file; not read");
  });

  it("reports devices named on the command line instead of reading them", async () => {
    const root = sub("devices");
    const r = await scan(["/dev/null", "/dev/zero", path.join(root, "canary.py")], { audit: false });
    expectCanary(r);
    expect(r.notes.filter((n) => /not a regular file/.test(n.reason)).map((n) => n.path)).toHaveLength(2);
  });

  it("readSourceFile refuses FIFOs, devices and directories without blocking, and files over the limit", () => {
    const root = sub("reader");
    const fifo = path.join(root, "pipe.py");
    execFileSync("mkfifo", [fifo]);
    const checks: [string, RegExp][] = [
      [fifo, /^a FIFO, not a regular file; not analysed$/],
      ["/dev/zero", /^a device, not a regular file/],
      [root, /^a directory, not a regular file/],
      [path.join(root, "missing.py"), /^cannot read file \(ENOENT\); not analysed$/],
    ];
    for (const [p, reason] of checks) {
      const got = readSourceFile(p, 10 * 1024 * 1024);
      expect(got.ok, p).toBe(false);
      if (!got.ok) expect(got.reason).toMatch(reason);
    }
    put(root, "big.py", "x".repeat(2000));
    const big = readSourceFile(path.join(root, "big.py"), 1000);
    expect(big.ok).toBe(false);
    if (!big.ok) expect(big.reason).toMatch(/file is 2\.0 KB, over the 1000 bytes limit/);
    const ok = readSourceFile(path.join(root, "canary.py"), 10 * 1024 * 1024);
    expect(ok.ok && ok.bytes.toString()).toBe(CANARY);
    const proc = readSourceFile("/proc/self/status", 10 * 1024 * 1024); // size 0 in stat, content when read
    expect(proc.ok && proc.bytes.length).toBeGreaterThan(0);
    // every size reads whole, in a buffer of about its own size (a small file does not hold a large one)
    for (const size of [0, 1, 4095, 4097, 65535, 65536, 65537, 300_001]) {
      const text = Array.from({ length: size }, (_, i) => String.fromCharCode(97 + (i % 26))).join("");
      put(root, `sized${size}.py`, text);
      const read = readSourceFile(path.join(root, `sized${size}.py`), 10 * 1024 * 1024);
      expect(read.ok && read.bytes.toString()).toBe(text);
      if (read.ok && size > 8192) expect(read.bytes.buffer.byteLength).toBeLessThanOrEqual(size + 1);
    }
  });
});

describe("files that change during the scan", () => {
  it("a file deleted after discovery is reported PW003 and the rest is scanned", async () => {
    const root = sub("deleted");
    put(root, "a_first.py", SINK);
    put(root, "b_doomed.py", SINK);
    overFirst(root, 64 * 1024);
    const r = await scan([root], {
      audit: false,
      maxFileSize: 64 * 1024,
      onFile: (done) => {
        if (done === 1) fs.rmSync(path.join(root, "b_doomed.py"));
      },
    });
    expectCanary(r);
    const outcome = outcomeOf(r, "b_doomed.py");
    expect(outcome.status).toBe("PW003");
    expect(outcome.reason).toMatch(/cannot read file \(ENOENT\)/);
    expectOneLine(outcome.reason);
    expect(r.findings.some((f) => f.path.endsWith("a_first.py") && /^PW2/.test(f.code))).toBe(true);
  });

  it("a file deleted after it was screened for sources and before its analysis is reported PW003", async () => {
    // one job: every file is screened first, the file with sources (z_views.py) is analysed first, and the
    // others after it, each read again then
    const root = sub("screened");
    put(root, "a_doomed.py", SINK);
    put(root, "z_views.py", 'from flask import Flask, request\napp = Flask(__name__)\n\n@app.route("/")\ndef r():\n    return request.args["q"]\n');
    const r = await scan([root], {
      audit: false,
      jobs: 1,
      onFile: (done) => {
        if (done === 1) fs.rmSync(path.join(root, "a_doomed.py"));
      },
    });
    expectCanary(r);
    const outcome = outcomeOf(r, "a_doomed.py");
    expect(outcome.status).toBe("PW003");
    expect(outcome.reason).toMatch(/cannot read file \(ENOENT\)/);
  });

  // run.ts reads through `readSourceFile` (src/discover/read.ts), which opens without blocking and checks the
  // descriptor: a plain open() of a FIFO would wait for a writer
  it("a file replaced by a FIFO after discovery is reported without waiting for a writer", async () => {
    const root = sub("swapped");
    put(root, "z_swapped.py", SINK);
    const fifo = path.join(root, "z_swapped.py");
    // unblocks a blocked reader after 3 s, so a failure of this test cannot hang the suite
    const writer = spawn("sh", ["-c", `sleep 3; : > "${fifo}"`], { stdio: "ignore" });
    overFirst(root, 64 * 1024);
    try {
      const t0 = performance.now();
      const r = await scan([root], {
        audit: false,
        maxFileSize: 64 * 1024,
        onFile: (done) => {
          if (done === 1) {
            fs.rmSync(fifo);
            execFileSync("mkfifo", [fifo]);
          }
        },
      });
      expect(performance.now() - t0).toBeLessThan(2500);
      expectCanary(r);
      expect(outcomeOf(r, "z_swapped.py").status).toBe("PW003");
    } finally {
      writer.kill();
    }
  });

  // readSourceFile checks the size again on the open descriptor rather than trusting discovery's
  it("a file that grew past the size limit after discovery is not read whole", async () => {
    const root = sub("grown");
    put(root, "z_grows.py", SINK);
    overFirst(root, 1024 * 1024);
    const r = await scan([root], {
      audit: false,
      maxFileSize: 1024 * 1024,
      onFile: (done) => {
        if (done === 1) fs.writeFileSync(path.join(root, "z_grows.py"), "#".repeat(3 * 1024 * 1024));
      },
    });
    expectCanary(r);
    const outcome = outcomeOf(r, "z_grows.py");
    expect(outcome.status).toBe("PW003");
    expect(outcome.reason).toMatch(/over the 1\.0 MB limit/);
  });
});

describe("unreadable files and directories", () => {
  it("reports an unreadable file (PW003) and an unreadable directory (a note); as root, a file that vanishes before its read", async (ctx) => {
    const root = sub("unreadable");
    const secret = put(root, "z_secret.py", SINK);
    put(root, "locked/inner.py", SINK);
    fs.chmodSync(secret, 0o000);
    fs.chmodSync(path.join(root, "locked"), 0o000);
    let readable = true;
    try {
      fs.readFileSync(secret);
    } catch {
      readable = false;
    }
    if (readable) {
      // root reads through chmod 000: test the nearest thing, a file discovered but unreadable when its turn comes
      ctx.annotate?.("running as root: chmod 000 does not stop reads; testing a file removed between discovery and reading (the CLI test below runs as nobody)");
      overFirst(root, 64 * 1024);
      const r = await scan([root], {
        audit: false,
        maxFileSize: 64 * 1024,
        onFile: (done) => {
          if (done === 1) fs.rmSync(secret);
        },
      });
      expectCanary(r);
      const outcome = outcomeOf(r, "z_secret.py");
      expect(outcome.status).toBe("PW003");
      expect(outcome.reason).toMatch(/^cannot read file \(ENOENT\)/);
      return;
    }
    const r = await scan([root], { audit: false });
    expectCanary(r);
    const outcome = outcomeOf(r, "z_secret.py");
    expect(outcome.status).toBe("PW003");
    expect(outcome.reason).toMatch(/cannot read file \(EACCES\)/);
    expect(r.notes.some((n) => n.path.endsWith("locked") && /cannot read directory \(EACCES\)/.test(n.reason))).toBe(true);
  });

  const cli = path.resolve("dist/cli/main.js");
  it.skipIf(!isRoot || !fs.existsSync(cli))("as an unprivileged user (spawned as nobody): EACCES on files and directories is reported, not fatal", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-hostile-nobody-"));
    try {
      fs.chmodSync(root, 0o755);
      put(root, "canary.py", CANARY);
      put(root, "secret.py", SINK);
      put(root, "locked/inner.py", SINK);
      fs.symlinkSync(path.join(root, "locked", "inner.py"), path.join(root, "into_locked.py"));
      fs.chmodSync(path.join(root, "secret.py"), 0o000);
      fs.chmodSync(path.join(root, "locked"), 0o000);
      let stdout = "";
      let code = 0;
      try {
        stdout = execFileSync(process.execPath, [cli, "check", root, "--format", "json", "--no-audit"], {
          uid: 65534,
          gid: 65534,
          cwd: root,
          env: { PATH: process.env.PATH, HOME: root, PYWARD_CACHE_DIR: path.join(root, ".cache") },
          encoding: "utf8",
          timeout: 60_000,
        });
      } catch (err) {
        const e = err as { status: number; stdout: string; stderr: string };
        code = e.status;
        stdout = e.stdout;
        if (code !== 1) throw new Error(`exit ${code}: ${e.stderr}`);
      }
      expect(code).toBe(1);
      const report = JSON.parse(stdout) as { findings: { path: string; code: string; line: number; message: string }[]; notes: { path: string; reason: string }[] };
      const got = report.findings.map((f) => `${f.path}:${f.line}:${f.code}`);
      expect(got).toContain("canary.py:2:PW202");
      const skipped = report.findings.find((f) => f.path === "secret.py");
      expect(skipped?.code).toBe("PW003");
      expect(skipped?.message).toMatch(/cannot read file \(EACCES\)/);
      expect(report.notes.some((n) => n.path === "locked" && /cannot read directory \(EACCES\)/.test(n.reason))).toBe(true);
      // a link into the unreadable directory is not "broken": its target cannot be reached by this user
      expect(report.notes).toContainEqual({ path: "into_locked.py", reason: "symbolic link to a place this user cannot reach (EACCES); not followed" });
    } finally {
      removeTree(root);
    }
  });
});

describe("unusual names and paths", () => {
  it("scans files with non-ASCII, space, quote, dash and newline names, and reports undecodable names", async () => {
    const root = sub("names");
    const names = ["café.py", "my file.py", "日本語/模块.py", "-dash.py", "it's \"quoted\".py", "tab\there.py", "back\\slash.py", "new\nline.py", "emoji 😀.py"];
    for (const n of names) put(root, n, SINK);
    // a name that is not valid UTF-8 (Linux allows any bytes)
    fs.writeFileSync(Buffer.concat([Buffer.from(path.join(root, "bad")), Buffer.from([0xff, 0xfe]), Buffer.from(".py")]), SINK);
    const r = await scan([root], { audit: false });
    expectCanary(r);
    for (const n of names) expect(r.findings.some((f) => f.path.endsWith(n.normalize()) && /^PW2/.test(f.code)), n).toBe(true);
    // the undecodable name is either scanned or reported, never silently dropped and never fatal
    const bad = r.findings.filter((f) => f.path.includes("bad"));
    expect(bad.length).toBeGreaterThan(0);
    // Node.js lists it with U+FFFD in its name and cannot open it by that name: said so
    for (const f of bad) expect(f.message).toMatch(/its name is not valid UTF-8/);
    // …and a directory so named, with what it holds
    const badDir = Buffer.concat([Buffer.from(path.join(root, "dir")), Buffer.from([0xfe])]);
    fs.mkdirSync(badDir);
    fs.writeFileSync(Buffer.concat([badDir, Buffer.from("/inner.py")]), SINK);
    const again = await scan([root], { audit: false });
    expect(again.notes.find((n) => n.path.includes("dir"))?.reason).toBe("cannot read directory (ENOENT): its name is not valid UTF-8, which Node.js cannot open by name");
  });

  it("a tree deeper than PATH_MAX is reported, not fatal", async () => {
    const root = sub("deep");
    // bash cd's one level at a time, so the path can grow past PATH_MAX (4096) where mkdir -p cannot
    execFileSync("bash", ["-c", `cd "${root}" && for i in $(seq 250); do mkdir d_aaaaaaaaaaaaaaaaaaaa && cd d_aaaaaaaaaaaaaaaaaaaa || exit 1; done; printf 'import os\\nos.system("rm " + x)\\n' > deep.py`]);
    const r = await scan([root], { audit: false });
    expectCanary(r);
    expect(r.notes.some((n) => /ENAMETOOLONG/.test(n.reason)) || r.findings.some((f) => f.path.endsWith("deep.py"))).toBe(true);
    for (const n of r.notes) expectOneLine(n.reason);
    execFileSync("rm", ["-rf", root]);
  });
});
