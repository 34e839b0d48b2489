/**
 * A suppression comment that removes a pattern finding also silences the finding that would have folded it in
 * at that place (the taint flow at the same sink, the superseding rule's finding), and only there.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { scan } from "../../src/engine/run.js";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** Scans a temporary project of `files` (name → text) with the rules `select`: `path:line:column code` of each finding. */
async function scanFiles(files: Record<string, string>, select: string[]): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-fold-suppressed-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  const r = await scan([dir], { cwd: dir, audit: false, select });
  return r.findings.map((f) => `${f.path}:${f.line}:${f.column} ${f.code}`);
}

/** Codes and lines of the findings of a Flask view (shell call on line 8, os.system on line 9) and of two hashes of a password (lines 12, 13). */
async function findingsOf(comments: { shell?: string; system?: string; md5?: string; sha?: string }, extra: { jobs?: number; cacheDir?: string; runs?: number } = {}): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-fold-suppressed-"));
  dirs.push(dir);
  const src = [
    "import hashlib, os, subprocess",
    "from flask import Flask, request",
    "app = Flask(__name__)",
    "@app.route('/run')",
    "def run():",
    "    cmd = request.args['cmd']",
    "    prog = request.args['prog']",
    `    subprocess.run(cmd, shell=True)${comments.shell ?? ""}`,
    `    os.system(prog)${comments.system ?? ""}`,
    "",
    "def store(password):",
    `    a = hashlib.md5(password.encode()).hexdigest()${comments.md5 ?? ""}`,
    `    b = hashlib.sha256(password.encode()).hexdigest()${comments.sha ?? ""}`,
    "",
  ].join("\n");
  fs.writeFileSync(path.join(dir, "app.py"), src);
  // a second file, so that two jobs start workers
  fs.writeFileSync(path.join(dir, "other.py"), "x = 1\n");
  const options = { cwd: dir, audit: false, jobs: extra.jobs ?? 1, minFilesForWorkers: 1, cacheDir: extra.cacheDir, select: ["PW202", "PW203", "PW251", "PW301", "PW320"] };
  let r = await scan([dir], options);
  for (let i = 1; i < (extra.runs ?? 1); i++) r = await scan([dir], options);
  return r.findings.map((f) => `${f.path === "app.py" ? "" : `${f.path}:`}${f.line} ${f.code}`);
}

describe("suppressed findings fold too", () => {
  it("without comments, each problem is reported once, by the folding rule", async () => {
    expect(await findingsOf({})).toEqual(["8 PW251", "9 PW251", "12 PW320", "13 PW320"]);
  });

  it.each([["  # nosec B602"], ["  # noqa: S602"], ["  # pyward: ignore[PW202]"], ["  # pyward: ignore[subprocess-shell-injection]"]])(
    "`%s` on the shell call silences the flow there too, and nothing else",
    async (comment) => {
      expect(await findingsOf({ shell: comment })).toEqual(["9 PW251", "12 PW320", "13 PW320"]);
    },
  );

  it("an id of a rule that did not fire at the place silences nothing", async () => {
    // PW203, not PW202, reports os.system: B602 is not its id, so the flow (which folds PW203 in) stays
    expect(await findingsOf({ system: "  # nosec B602" })).toEqual(["8 PW251", "9 PW251", "12 PW320", "13 PW320"]);
    expect(await findingsOf({ shell: "  # nosec B601" })).toEqual(["8 PW251", "9 PW251", "12 PW320", "13 PW320"]);
    // PW301 (weak hash) reports MD5, not SHA-256: its id silences PW320 only on the MD5 line
    expect(await findingsOf({ md5: "  # nosec B324", sha: "  # nosec B324" })).toEqual(["8 PW251", "9 PW251", "13 PW320"]);
  });

  it("is the same from workers and from the cache (a file's result carries what its comments removed)", async () => {
    const comments = { shell: "  # nosec B602", md5: "  # nosec B324" };
    expect(await findingsOf(comments, { jobs: 2 })).toEqual(["9 PW251", "13 PW320"]);
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-fold-suppressed-cache-"));
    dirs.push(cacheDir);
    expect(await findingsOf(comments, { cacheDir, runs: 2 })).toEqual(["9 PW251", "13 PW320"]);
  });
});

describe("suppressed findings fold at the same call only", () => {
  it("a comment on an outer call does not silence a flow or finding at a call inside its arguments", async () => {
    const app = [
      "import hashlib, os, subprocess",
      "from flask import Flask, request",
      "app = Flask(__name__)",
      "@app.route('/n')",
      "def n():",
      "    prog = request.args['p']",
      "    subprocess.run(os.environ['HOOK'], shell=True, stdin=subprocess.Popen([prog]).stdout)  # nosec B602",
      "    return 'ok'",
      "",
      "def store(password):",
      "    return hashlib.md5(hashlib.sha256(password.encode()).digest()).hexdigest()  # nosec B324",
      "",
    ].join("\n");
    expect(await scanFiles({ "app.py": app }, ["PW202", "PW251", "PW301", "PW320"])).toEqual(["app.py:7:58 PW251", "app.py:11:24 PW320"]);
  });
});

describe("suppressed findings fold only where both rules judge the same problem", () => {
  it("a comment accepting a URL's scheme (B310, PW214) does not silence the request forgery found there (PW257)", async () => {
    const app =
      "import urllib.request\nfrom flask import Flask, request\napp = Flask(__name__)\n@app.route('/f')\ndef f():\n    url = request.args['u']\n" +
      "    if not url.startswith('https://'):\n        return 'no'\n    return urllib.request.urlopen(url).read()  # nosec B310 - scheme checked\n";
    expect(await scanFiles({ "app.py": app }, ["PW214", "PW257"])).toEqual(["app.py:9:12 PW257"]);
  });
});

describe("suppressed findings fold whatever the selection", () => {
  it("with the pattern rule left out (--select PW251, --ignore PW202), a comment for it still silences the flow there", async () => {
    const app =
      "import subprocess\nfrom flask import Flask, request\napp = Flask(__name__)\n@app.route('/r')\ndef r():\n    cmd = request.args['c']\n" +
      "    subprocess.run(cmd, shell=True)  # nosec B602\n    subprocess.run(cmd + '1', shell=True)\n    return 'ok'\n";
    expect(await scanFiles({ "app.py": app }, ["PW251"])).toEqual(["app.py:8:5 PW251"]);
    expect(await scanFiles({ "app.py": app }, ["PW202", "PW251"])).toEqual(["app.py:8:5 PW251"]);
    // the unselected pattern rule's own findings never show
    expect(await scanFiles({ "app.py": app.replace("  # nosec B602", "") }, ["PW251"])).toEqual(["app.py:7:5 PW251", "app.py:8:5 PW251"]);
  });
});

describe("suppressed findings fold in test files too", () => {
  it("a rule that skips test files still marks what a comment removed there, whatever the selection", async () => {
    const test = 'from flask import request, render_template_string\n\ndef view():\n    t = request.args.get("t")\n    return render_template_string(t)  # nosec PW510\n';
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-fold-suppressed-tests-"));
    dirs.push(dir);
    fs.mkdirSync(path.join(dir, "tests"));
    fs.writeFileSync(path.join(dir, "tests", "test_v.py"), test);
    const codes = async (select?: string[]) => (await scan([dir], { cwd: dir, audit: false, select })).findings.map((f) => `${f.line} ${f.code}`);
    for (const select of [undefined, ["PW258"], ["PW258", "PW510"], ["PW2"], ["PW2", "PW5"]]) expect(await codes(select), String(select)).toEqual([]);
    fs.writeFileSync(path.join(dir, "tests", "test_v.py"), test.replace("  # nosec PW510", ""));
    expect(await codes(["PW258"])).toEqual(["5 PW258"]);
  });
});

describe("suppressed findings fold across modules", () => {
  it("a comment at a sink in another module than the source silences the cross-module flow there", async () => {
    const views = "from flask import Flask, request\nfrom helpers import build\napp = Flask(__name__)\n@app.route('/b')\ndef b():\n    build(request.args['target'])\n    return 'ok'\n";
    const run = (comment: string) =>
      scanFiles({ "views.py": views, "helpers.py": `import subprocess\n\ndef build(target):\n    subprocess.run("make " + target, shell=True)${comment}\n` }, ["PW202", "PW251"]);
    expect(await run("")).toEqual(["helpers.py:4:5 PW251"]);
    expect(await run("  # nosec B602")).toEqual([]);
    expect(await run("  # nosec B601")).toEqual(["helpers.py:4:5 PW251"]);
  });
});
