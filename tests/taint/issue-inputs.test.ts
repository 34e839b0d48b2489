/**
 * The seven small inputs of the taint issue, each with its exact (line, rule) and its safe twin clean.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ALL_RULES } from "../../src/rules/index.js";
import { scan } from "../../src/engine/run.js";
import { checkSource } from "../helpers/fixtures.js";
import { testDir } from "../helpers/temp.js";

const TAINT = ALL_RULES.filter((r) => /^PW2[5-7]\d$/.test(r.meta.code));

/** `line:code` of every taint finding of one file. */
async function flows(src: string): Promise<string[]> {
  const r = await checkSource(src, { rules: TAINT }, "app/views.py");
  expect(r.errors).toEqual([]);
  return r.findings.map((f) => `${f.line}:${f.code}`).sort();
}

const FLASK = "from flask import Flask, request, session, redirect\nfrom markupsafe import escape\napp = Flask(__name__)\n";

describe("taint: the issue's small inputs", () => {
  it("1. a query parameter returned in an f-string by a Flask view is XSS; escaped, it is clean", async () => {
    const bad = `${FLASK}
@app.route("/search")
def search():
    q = request.args.get("q")
    return f"<p>Results for {q}</p>"
`;
    expect(await flows(bad)).toEqual(["8:PW255"]);
    expect(await flows(bad.replace("{q}", "{escape(q)}"))).toEqual([]);
  });

  it("2. a form field %-formatted into SQL is SQL injection; bound as a parameter, it is clean", async () => {
    const src = (call: string): string => `import sqlite3
${FLASK}
@app.route("/user", methods=["POST"])
def user():
    uid = request.form["id"]
    cur = sqlite3.connect("app.db").cursor()
    ${call}
    return "ok"
`;
    expect(await flows(src(`cur.execute("SELECT * FROM users WHERE id = %s" % uid)`))).toEqual(["10:PW250"]);
    expect(await flows(src(`cur.execute("SELECT * FROM users WHERE id = ?", (uid,))`))).toEqual([]);
  });

  it("3. a helper in helpers.py reads a cookie; views.py opens a path with it: path traversal at the open line, both files in the path", async () => {
    const dir = testDir("pyward-taint-");
    fs.writeFileSync(path.join(dir, "helpers.py"), 'def pick(req):\n    return req.cookies.get("theme")\n\n\ndef pick_safe(req):\n    return os.path.basename(req.cookies.get("theme"))\n\nimport os\n');
    fs.writeFileSync(
      path.join(dir, "views.py"),
      [
        "import os",
        "from flask import Flask, request",
        "from helpers import pick, pick_safe",
        "",
        "app = Flask(__name__)",
        'BASE = "/srv/themes"',
        "",
        "",
        '@app.route("/theme")',
        "def theme():",
        "    return open(os.path.join(BASE, pick(request))).read()",
        "",
        "",
        '@app.route("/theme-safe")',
        "def theme_safe():",
        "    return open(os.path.join(BASE, pick_safe(request))).read()",
        "",
      ].join("\n"),
    );
    const result = await scan([dir], { cwd: dir, select: ["PW25", "PW26"], audit: false });
    expect(result.errors).toEqual([]);
    expect(result.findings.map((f) => `${f.path}:${f.line}:${f.code}`)).toEqual(["views.py:11:PW253"]);
    const flow = result.findings[0].flow!;
    expect(flow[0].label).toBe("source: request.cookies");
    expect(flow[flow.length - 1]).toMatchObject({ path: "views.py", line: 11, label: "sink: open" });
    expect(new Set(flow.map((s) => s.path))).toEqual(new Set(["views.py", "helpers.py"]));
    expect(flow.some((s) => s.label === "call to helpers.pick")).toBe(true);
  });

  it("4. a dict literal keeps its fields apart: the constant field is clean, the request field is command injection", async () => {
    const src = (key: string): string => `import subprocess
${FLASK}
@app.route("/run")
def run():
    parts = {"keep": "static", "user": request.values.get("p")}
    subprocess.run(parts["${key}"], shell=True)
    return "ok"
`;
    expect(await flows(src("keep"))).toEqual([]);
    expect(await flows(src("user"))).toEqual(["9:PW251"]);
  });

  it("5. a redirect target checked against an allow-list of hosts is clean; unchecked it is an open redirect", async () => {
    const checked = `from urllib.parse import urlparse
${FLASK}
ALLOWED = {"example.com", "www.example.com"}

@app.route("/go")
def go():
    target = request.args.get("next")
    if urlparse(target).netloc in ALLOWED:
        return redirect(target)
    return redirect("/")
`;
    expect(await flows(checked)).toEqual([]);
    const unchecked = checked.replace('    if urlparse(target).netloc in ALLOWED:\n        return redirect(target)\n    return redirect("/")\n', "    return redirect(target)\n");
    expect(await flows(unchecked)).toEqual(["11:PW256"]);
  });

  it("6. a base64-decoded form field given to pickle.loads is unsafe deserialization", async () => {
    const src = `import base64
import json
import pickle
${FLASK}
@app.route("/blob", methods=["POST"])
def blob():
    data = base64.b64decode(request.form["blob"])
    obj = pickle.loads(data)
    safe = json.loads(data)
    return "ok"
`;
    expect(await flows(src)).toEqual(["11:PW254"]);
  });

  it("7. a request header stored in the session crosses a trust boundary; an allow-listed value does not", async () => {
    const src = `${FLASK}
@app.route("/role")
def role():
    session["role"] = request.headers.get("X-Role")
    wanted = request.headers.get("X-Theme")
    if wanted in ("light", "dark"):
        session["theme"] = wanted
    return "ok"
`;
    expect(await flows(src)).toEqual(["7:PW265"]);
  });
});
