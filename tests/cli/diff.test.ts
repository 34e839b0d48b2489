/** `pyward check --diff REV`: findings of the files changed since a revision, and flows through them. */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";

const env = { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null", GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" };
const git = (cwd: string, ...args: string[]): string => execFileSync("git", args, { cwd, env, encoding: "utf8" }).trim();

let repo: string;
let base: string;
const write = (name: string, text: string): void => fs.writeFileSync(path.join(repo, name), text);
const findings = (stdout: string): string[] =>
  (JSON.parse(stdout).findings as { path: string; line: number; code: string }[]).map((f) => `${path.basename(f.path)}:${f.line}:${f.code}`).sort();

beforeAll(() => {
  repo = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-diff-"));
  git(repo, "init", "-q", "-b", "main");
  // helpers.py starts safe; views.py opens a path built from it; legacy.py has an old, unrelated finding
  write("helpers.py", 'import os\n\n\ndef pick(req):\n    return os.path.basename(req.cookies.get("theme"))\n');
  write(
    "views.py",
    'import os\nfrom flask import Flask, request\nfrom helpers import pick\n\napp = Flask(__name__)\nBASE = "/srv/themes"\n\n\n@app.route("/theme")\ndef theme():\n    return open(os.path.join(BASE, pick(request))).read()\n',
  );
  write("legacy.py", "import subprocess\n\n\ndef run(cmd):\n    subprocess.call(cmd, shell=True)\n");
  git(repo, "add", ".");
  git(repo, "commit", "-q", "-m", "one");
  base = git(repo, "rev-parse", "HEAD");
  // the change under review: the helper drops its sanitizer, and a new file arrives
  write("helpers.py", 'def pick(req):\n    return req.cookies.get("theme")\n');
  write("new.py", "import pickle\n\n\ndef load(blob):\n    return pickle.loads(blob)\n");
});
afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

describe("check --diff", () => {
  it("reports the changed files' findings and a flow reaching an unchanged file through a changed one, nothing else", async () => {
    const full = await cli("check", repo, "--no-audit", "--no-cache", "--format", "json");
    expect(findings(full.stdout)).toEqual(expect.arrayContaining(["legacy.py:5:PW202", "views.py:11:PW253"]));
    const r = await cli("check", repo, "--no-audit", "--no-cache", "--format", "json", "--diff", base);
    expect(r.stderr).toBe("");
    const got = findings(r.stdout);
    expect(got).toContain("views.py:11:PW253"); // the sink is in views.py (unchanged); the source step is in helpers.py
    expect(got.some((f) => f.startsWith("new.py:"))).toBe(true);
    expect(got.some((f) => f.startsWith("legacy.py:"))).toBe(false);
    const text = await cli("check", repo, "--no-audit", "--no-cache", "--diff", base);
    expect(text.stdout).toMatch(/Changed-files mode \(--diff\): only findings in the 2 changed files/);
  });

  it("with nothing changed since HEAD but the working tree, HEAD reports only working-tree changes", async () => {
    git(repo, "add", ".");
    git(repo, "commit", "-q", "-m", "two");
    const r = await cli("check", repo, "--no-audit", "--no-cache", "--format", "json", "--diff", "HEAD");
    expect(findings(r.stdout)).toEqual([]);
    expect(r.code).toBe(0);
  });

  it("a bad revision or a directory outside git is one line and exit 2", async () => {
    const bad = await cli("check", repo, "--diff", "no-such-rev");
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(bad.stderr).toMatch(/'no-such-rev' is not a commit/);
    for (const range of ["^HEAD", "HEAD~1..HEAD", "main...HEAD"]) {
      const r = await cli("check", repo, "--diff", range);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`pyward: --diff: '${range}' names a range of commits; give the one revision to compare with (e.g. main, HEAD~1)\n`);
    }
    const opt = await cli("check", repo, "--diff", "--upload-pack=evil");
    expect(opt.code).toBe(2);
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-nogit-"));
    try {
      const r = await cli("check", outside, "--diff", "HEAD");
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^pyward: .*not a git repository/i);
      expect(r.stderr).toContain(`--diff HEAD: ${outside}: `); // names the option and the path
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      // a second path outside the repository of the first: nothing to compare it with
      const second = await cli("check", repo, outside, "--diff", "HEAD");
      expect(second.code).toBe(2);
      expect(second.stderr).toBe(`pyward: --diff HEAD: ${outside}: outside the git repository at ${fs.realpathSync(repo)}\n`);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
});
