/**
 * `pyward check --diff REV` and findings no single file decides (project rules, cross-module taint): one in an
 * unchanged file that the change introduced is reported; one that was there at the revision is not.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";

const env = { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null", GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" };
const git = (cwd: string, ...args: string[]): string => execFileSync("git", args, { cwd, env, encoding: "utf8" }).trim();

const APP = 'from flask import Flask, session\n\napp = Flask(__name__)\n\n\n@app.route("/transfer", methods=["POST"])\ndef transfer():\n    session["done"] = True\n    return "ok"\n';
const EXT = "from flask_wtf.csrf import CSRFProtect\n\nfrom app import app\n\ncsrf = CSRFProtect(app)\n";
const VIEWS = 'from flask import request\n\nfrom app import app\nfrom pkg import run\n\n\n@app.route("/run")\ndef go():\n    run(request.args["cmd"])\n    return "ok"\n';
const SAFE = 'import subprocess\n\n\ndef run(cmd):\n    subprocess.call(["echo", cmd])\n';
const SHELL = "import subprocess\n\n\ndef run(cmd):\n    subprocess.call(cmd, shell=True)\n";

const repos: string[] = [];
let repo = "";
const write = (name: string, text: string): void => {
  fs.mkdirSync(path.dirname(path.join(repo, name)), { recursive: true });
  fs.writeFileSync(path.join(repo, name), text);
};
/** A committed Flask project: CSRF protection in ext.py, the package re-exporting the safe `run`. */
function project(): void {
  repo = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-diff-intro-"));
  repos.push(repo);
  git(repo, "init", "-q", "-b", "main");
  write("app.py", APP);
  write("ext.py", EXT);
  write("views.py", VIEWS);
  write("pkg/__init__.py", "from pkg.safe import run\n");
  write("pkg/safe.py", SAFE);
  write("pkg/shell.py", SHELL);
  git(repo, "add", ".");
  git(repo, "commit", "-q", "-m", "one");
}
const found = (stdout: string): string[] => (JSON.parse(stdout).findings as { path: string; line: number; code: string }[]).map((f) => `${f.path.split(path.sep).join("/").replace(/^.*pyward-diff-intro-[^/]*\//, "")}:${f.line}:${f.code}`).sort();
/** The findings of `--diff HEAD`, without and with the cache (filled by a full run first); both must agree. */
async function diffHead(): Promise<string[]> {
  const cold = await cli("check", repo, "--no-audit", "--no-cache", "--format", "json", "--diff", "HEAD");
  expect(cold.stderr).toBe("");
  const cacheDir = path.join(repo, ".pyward_cache");
  await cli("check", repo, "--no-audit", "--cache-dir", cacheDir, "--format", "json");
  const warm = await cli("check", repo, "--no-audit", "--cache-dir", cacheDir, "--format", "json", "--diff", "HEAD");
  expect(found(warm.stdout)).toEqual(found(cold.stdout));
  return found(cold.stdout);
}

beforeEach(project);
afterAll(() => {
  for (const r of repos) fs.rmSync(r, { recursive: true, force: true });
});

describe("check --diff: findings the change introduced elsewhere", () => {
  it("a package's __init__ re-exporting a shell-running helper: the flow from views.py to pkg/shell.py is reported", async () => {
    write("pkg/__init__.py", "from pkg.shell import run\n");
    expect(await diffHead()).toContain("pkg/shell.py:5:PW251"); // neither file on the path changed
  });

  it("CSRF protection removed from another module, by an edit or by deleting the file: PW803 at app.py is reported", async () => {
    write("ext.py", "from app import app\n");
    expect(await diffHead()).toEqual(["app.py:6:PW803"]);
    fs.rmSync(path.join(repo, "ext.py"));
    expect(await diffHead()).toEqual(["app.py:6:PW803"]);
    const text = await cli("check", repo, "--no-audit", "--no-cache", "--diff", "HEAD");
    expect(text.stdout).toMatch(/project-wide or cross-module findings the change introduced/);
  });

  it("findings that were there at the revision stay out when an unrelated file changes", async () => {
    write("ext.py", "x = 1\n");
    write("pkg/__init__.py", "from pkg.shell import run\n");
    git(repo, "commit", "-q", "-am", "two: unprotected, shell");
    write("pkg/safe.py", SAFE + "\nVERSION = 2\n");
    expect(await diffHead()).toEqual([]);
    // a new module that changes nothing for them keeps them out too (the module set differs at the revision)
    write("extra.py", "def helper():\n    return 1\n");
    expect(await diffHead()).toEqual([]);
  });

  it("with a submodule among the scanned paths (its files are in its own objects), such findings are all kept", async () => {
    // the CSRF protection lives in a submodule; its file is deleted from the working tree
    fs.rmSync(path.join(repo, "ext.py"));
    const lib = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-diff-intro-lib-"));
    repos.push(lib);
    git(lib, "init", "-q", "-b", "main");
    fs.writeFileSync(path.join(lib, "ext.py"), EXT);
    git(lib, "add", ".");
    git(lib, "commit", "-q", "-m", "lib");
    git(repo, "-c", "protocol.file.allow=always", "submodule", "add", "-q", lib, "vendor");
    git(repo, "commit", "-q", "-am", "two: protection in a submodule");
    expect(await diffHead()).toEqual([]); // nothing changed at all
    fs.rmSync(path.join(repo, "vendor", "ext.py"));
    expect(await diffHead()).toEqual(["app.py:6:PW803"]);
  });

  it("a module removed: an unchanged importer's own flow, which the module's function ended, is reported", async () => {
    write("sanitizers.py", 'def local_only(url):\n    return "/"\n');
    write("nav.py", 'from flask import redirect, request\n\nimport sanitizers\nfrom app import app\n\n\n@app.route("/next")\ndef go_next():\n    return redirect(sanitizers.local_only(request.args["next"]))\n');
    git(repo, "add", ".");
    git(repo, "commit", "-q", "-m", "two: a local sanitiser");
    expect(await diffHead()).toEqual([]);
    git(repo, "rm", "-q", "sanitizers.py"); // now an unknown library function: the request value flows through it
    const full = await cli("check", repo, "--no-audit", "--no-cache", "--format", "json");
    const flow = found(full.stdout).filter((f) => f.startsWith("nav.py:"));
    expect(flow.length).toBeGreaterThan(0);
    expect(await diffHead()).toEqual(flow);
  });

  it("a finding whose confidence the change raised counts as new (it passes --min-confidence now)", async () => {
    // token authentication in sight lowers PW803's confidence; a cookie login added elsewhere raises it again
    write("app.py", 'from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.route("/transfer", methods=["POST"])\ndef transfer():\n    return "ok"\n');
    write("ext.py", "import jwt\n");
    git(repo, "commit", "-q", "-am", "two: unprotected, with token signs");
    const before = await cli("check", repo, "--no-audit", "--no-cache", "--format", "json");
    const pw803 = (JSON.parse(before.stdout).findings as { code: string; confidence: string }[]).find((f) => f.code === "PW803");
    expect(pw803?.confidence).toBe("low");
    write("login.py", "from flask_login import login_user\n");
    const r = await cli("check", repo, "--no-audit", "--no-cache", "--format", "json", "--min-confidence", "medium", "--diff", "HEAD");
    // PW640 is new outright: with a cookie login in the project, the unguarded POST view is one
    expect(found(r.stdout)).toEqual(["app.py:6:PW803", "app.py:7:PW640"]);
  });

  it("a file reached through a symbolic link to a directory, retargeted: the change is compared, not lost", async () => {
    fs.rmSync(path.join(repo, "ext.py"));
    write("build/v1/security.py", EXT);
    write("build/v2/security.py", "from app import app\n");
    fs.symlinkSync("build/v1", path.join(repo, "lib"));
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "two: protection through a link");
    expect(await diffHead()).toEqual([]);
    fs.rmSync(path.join(repo, "lib"));
    fs.symlinkSync("build/v2", path.join(repo, "lib"));
    expect(await diffHead()).toEqual(["app.py:6:PW803"]);
  });

  it("a file the change's .gitignore or exclude setting now passes over: its findings elsewhere are compared, not lost", async () => {
    write(".gitignore", "ext.py\n"); // the protection is not scanned any more
    expect(await diffHead()).toEqual(["app.py:6:PW803"]);
    fs.rmSync(path.join(repo, ".gitignore"));
    write("pyproject.toml", '[tool.pyward]\nextend-exclude = ["ext.py"]\n');
    expect(await diffHead()).toEqual(["app.py:6:PW803"]);
    fs.rmSync(path.join(repo, "pyproject.toml"));
    fs.mkdirSync(path.join(repo, "shield"));
    fs.renameSync(path.join(repo, "ext.py"), path.join(repo, "shield", "ext.py"));
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "two: protection in shield/");
    expect(await diffHead()).toEqual([]);
    write("shield/pyvenv.cfg", ""); // a planted virtual-environment marker hides the protection's package
    expect(await diffHead()).toEqual(["app.py:6:PW803"]);
    fs.rmSync(path.join(repo, "shield", "pyvenv.cfg"));
    write("pyproject.toml", '[tool.pyward]\nextend-exclude = ["ext.py"]\n');
    // an exclusion that was there at the revision already: nothing new
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "two: ext.py excluded");
    write("views.py", VIEWS + "\n# touched\n");
    expect(await diffHead()).toEqual([]);
  });

  it("a module the revision reached only through a linked directory, gone now (link or target removed): kept", async () => {
    fs.rmSync(path.join(repo, "ext.py"));
    write("build/sec/security.py", EXT); // build/ is excluded: scanned only as lib/security.py
    fs.symlinkSync("build/sec", path.join(repo, "lib"));
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "two: protection through a linked directory");
    expect(await diffHead()).toEqual([]);
    fs.rmSync(path.join(repo, "lib"));
    expect(await diffHead()).toEqual(["app.py:6:PW803"]);
    fs.symlinkSync("build/sec", path.join(repo, "lib"));
    fs.rmSync(path.join(repo, "build", "sec", "security.py"));
    expect(await diffHead()).toEqual(["app.py:6:PW803"]);
  });

  it("a module replaced by a symbolic link leaving the root (or dangling) counts as gone: what it held is compared", async () => {
    fs.rmSync(path.join(repo, "ext.py"));
    fs.symlinkSync("/srv/deploy/ext.py", path.join(repo, "ext.py"));
    expect(await diffHead()).toEqual(["app.py:6:PW803"]);
  });

  it("a removed file that discovery would have excluded is not put back at the revision", async () => {
    // the protection lived in an excluded directory: PW803 was reported at the revision already
    fs.rmSync(path.join(repo, "ext.py"));
    write("vendored/ext.py", EXT);
    write("pyproject.toml", '[tool.pyward]\nextend-exclude = ["vendored/"]\n');
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "two: protection vendored");
    fs.rmSync(path.join(repo, "vendored"), { recursive: true });
    write("views.py", VIEWS + "\n# touched\n");
    expect(await diffHead()).toEqual([]);
  });
});
