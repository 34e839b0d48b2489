/**
 * The taint engine's precision features, one small module each: joins at branches, guards, constant-folded
 * conditions, field-sensitive containers, `self` attributes, recursion, deep expressions, the reported path,
 * threat models, summaries as plain data, folding of pattern findings and suppressions.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ALL_RULES } from "../../src/rules/index.js";
import { scan } from "../../src/engine/run.js";
import { renderReport } from "../../src/report/index.js";
import type { CheckOptions } from "../../src/engine/check-file.js";
import { checkSource } from "../helpers/fixtures.js";
import { testDir } from "../helpers/temp.js";

const TAINT = ALL_RULES.filter((r) => /^PW2[5-7]\d$/.test(r.meta.code));

async function run(src: string, extra: Partial<CheckOptions> = {}) {
  const r = await checkSource(src, { rules: TAINT, ...extra }, "app/views.py");
  expect(r.errors).toEqual([]);
  return r;
}

/** `line:code` of the taint findings. */
async function flows(src: string, extra: Partial<CheckOptions> = {}): Promise<string[]> {
  return (await run(src, extra)).findings.filter((f) => /^PW2[5-7]\d$/.test(f.code)).map((f) => `${f.line}:${f.code}`).sort();
}

/**
 * `line:code` of the taint findings of a whole scan of one file at `rel` (the project phase included: it reports
 * flows from Django URL parameters, whose converters live in urls.py).
 */
async function scanFlows(src: string, rel: string): Promise<string[]> {
  const dir = testDir("pyward-taint-");
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), src);
  const result = await scan([dir], { cwd: dir, select: ["PW25", "PW26"], audit: false });
  expect(result.errors).toEqual([]);
  return result.findings.map((f) => `${f.line}:${f.code}`).sort();
}

/** A Flask module whose view body is `body` (indented by four spaces); the view starts at line 8. */
function view(body: string, prelude = ""): string {
  return `import os
import re
import shlex
import subprocess
from flask import Flask, request, abort
app = Flask(__name__)
${prelude}@app.route("/x/<name>")
def x(name):
${body
  .trim()
  .split("\n")
  .map((l) => `    ${l}`)
  .join("\n")}
    return "ok"
`;
}

/** Line of the first line of `view()`'s body containing `needle`. */
function lineOf(src: string, needle: string): number {
  return src.split("\n").findIndex((l) => l.includes(needle)) + 1;
}

describe("taint: joins at branches", () => {
  it("a value tainted on one branch is tainted after the join", async () => {
    const src = view(`
if request.args.get("a"):
    cmd = request.args["cmd"]
else:
    cmd = "ls"
os.system(cmd)`);
    expect(await flows(src)).toEqual([`${lineOf(src, "os.system")}:PW251`]);
  });

  it("a value cleaned on every branch is clean; cleaned on one branch only, it is not", async () => {
    const both = view(`
q = request.args["q"]
if len(q) > 3:
    arg = shlex.quote(q)
else:
    arg = shlex.quote(q[:3])
os.system("echo " + arg)`);
    expect(await flows(both)).toEqual([]);
    const one = both.replace("arg = shlex.quote(q[:3])", "arg = q[:3]");
    expect(await flows(one)).toEqual([`${lineOf(one, "os.system")}:PW251`]);
  });

  it("loops carry taint around to the next iteration", async () => {
    const src = view(`
prev = "start"
for part in ["a", "b"]:
    os.system("echo " + prev)
    prev = request.args[part]`);
    expect(await flows(src)).toEqual([`${lineOf(src, "os.system")}:PW251`]);
  });

  it("a branch that returns does not join: code after it sees the other branch only", async () => {
    const src = view(`
q = request.args["q"]
if not q.isdigit():
    abort(400)
os.system("kill " + q)`);
    expect(await flows(src)).toEqual([]);
  });
});

describe("taint: guards", () => {
  it("isdigit() cleans inside the branch where it holds, not outside", async () => {
    const src = view(`
q = request.args["q"]
if q.isdigit():
    os.system("kill " + q)
os.system("echo " + q)`);
    expect(await flows(src)).toEqual([`${lineOf(src, 'os.system("echo')}:PW251`]);
  });

  it("re.fullmatch with a restrictive pattern cleans; with a wildcard it does not", async () => {
    const good = view(`
q = request.args["q"]
if not re.fullmatch(r"[a-z0-9_]+", q):
    abort(400)
os.system("echo " + q)`);
    expect(await flows(good)).toEqual([]);
    const bad = good.replace('r"[a-z0-9_]+"', 'r".+"');
    expect(await flows(bad)).toEqual([`${lineOf(bad, "os.system")}:PW251`]);
  });

  it("membership in a constant collection cleans every kind", async () => {
    const src = view(
      `
mode = request.args["mode"]
if mode not in MODES:
    abort(400)
os.system("run --mode " + mode)`,
      'MODES = ("fast", "slow")\n',
    );
    expect(await flows(src)).toEqual([]);
  });

  it("a resolved path checked with startswith is clean for file access only", async () => {
    const src = view(
      `
full = os.path.realpath(os.path.join(BASE, name))
if not full.startswith(BASE):
    abort(403)
data = open(full).read()
os.system("cat " + full)`,
      'BASE = "/srv/files/"\n',
    );
    expect(await flows(src)).toEqual([`${lineOf(src, "os.system")}:PW251`]);
  });

  it("a sanitizer for one kind does not clean another", async () => {
    const src = view(`
q = shlex.quote(request.args["q"])
os.system("echo " + q)
return q`);
    expect(await flows(src)).toEqual([`${lineOf(src, "return q")}:PW255`]);
  });
});

describe("taint: idioms of safe code", () => {
  it("a name without '..', a local redirect target, escaping Markup formatting", async () => {
    const src = `from flask import Flask, request, redirect, abort
from markupsafe import Markup
app = Flask(__name__)

@app.route("/f")
def f():
    name = request.args["name"]
    if ".." in name:
        abort(400)
    data = open("/srv/files/" + name).read()
    target = request.args.get("next", "/")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    if request.args.get("m"):
        return Markup("<b>{}</b>").format(name)
    if request.args.get("p"):
        return Markup("<b>%s</b>") % name
    return redirect(target)
`;
    expect(await flows(src)).toEqual(["18:PW256"]);
  });

  it("FastAPI parameters validated against literals or enums are not sources", async () => {
    const src = `import os
from enum import Enum
from typing import Annotated, Literal
from fastapi import FastAPI, Query
app = FastAPI()

class Color(str, Enum):
    red = "red"

@app.get("/x")
def x(color: Color, order: Literal["asc", "desc"], n: Annotated[int, Query(gt=0)] | None = None, q: str | None = None):
    os.system(f"paint {color} {order} {n}")
    os.system(f"find {q}")
    return {}
`;
    expect(await flows(src)).toEqual(["13:PW251"]);
  });
});

describe("taint: constant-folded conditions", () => {
  it("a conditional expression with a constant test follows the live branch only", async () => {
    const src = (op: string): string =>
      view(`
user_supplied = request.args["f"]
value = "report.txt" if (4 * 9) - 30 ${op} 50 else user_supplied
return open(value).read()`);
    expect(await flows(src(">"))).toEqual([`${lineOf(src(">"), "open(value)")}:PW253`]);
    expect(await flows(src("<"))).toEqual([]);
  });

  it("an if statement whose test is a constant has a dead branch", async () => {
    const src = view(
      `
q = request.args["q"]
if DEBUG:
    os.system(q)
if 2 + 2 == 5:
    os.system(q)
else:
    os.system("true")`,
      "DEBUG = False\n",
    );
    expect(await flows(src)).toEqual([]);
  });
});

describe("taint: containers", () => {
  it("dict fields are kept apart, and an overwritten field is clean", async () => {
    const src = view(`
d = {"a": request.args["a"], "b": "x"}
os.system(d["b"])
d["a"] = "fixed"
os.system(d["a"])
os.system(d.get("b"))`);
    expect(await flows(src)).toEqual([]);
    const bad = src.replace('d["a"] = "fixed"', "pass");
    expect(await flows(bad)).toEqual([`${lineOf(bad, 'os.system(d["a"])')}:PW251`]);
  });

  it("a list element removed or overwritten before use is clean", async () => {
    const src = view(`
items = [request.args["a"], "ls"]
items.pop(0)
os.system(items[0])
other = [request.args["b"], "x"]
other[0] = "ls"
os.system(other[0])
os.system(other[1])`);
    expect(await flows(src)).toEqual([]);
  });

  it("an element appended to a list taints the list", async () => {
    const src = view(`
args = ["echo"]
args.append(request.args["a"])
os.system(" ".join(args))`);
    expect(await flows(src)).toEqual([`${lineOf(src, "os.system")}:PW251`]);
  });

  it("tuple unpacking and comprehensions carry taint element by element", async () => {
    const src = view(`
a, b = request.args["a"], "safe"
os.system(b)
os.system(a)
cmds = [c.strip() for c in request.args.getlist("c")]
os.system(cmds[0])`);
    expect(await flows(src)).toEqual([`${lineOf(src, "os.system(a)")}:PW251`, `${lineOf(src, "os.system(cmds")}:PW251`]);
  });
});

describe("taint: functions, classes, recursion", () => {
  it("self attributes set in one method taint them in every method of the class", async () => {
    const src = `import os
from flask import request

class Job:
    def load(self):
        self.cmd = request.args["cmd"]
        self.label = "job"

    def run(self):
        os.system(self.label)
        os.system(self.cmd)
`;
    expect(await flows(src)).toEqual(["11:PW251"]);
  });

  it("a class wrapping the request object yields its data through methods", async () => {
    const src = `import os
from flask import Flask, request
app = Flask(__name__)

class Params:
    def __init__(self, req):
        self.req = req

    def get(self, key):
        return self.req.args.get(key)

@app.route("/")
def index():
    p = Params(request)
    os.system(p.get("cmd"))
    return "ok"
`;
    expect(await flows(src)).toEqual(["15:PW251"]);
  });

  it("recursive functions terminate and keep the flow", async () => {
    const src = `import os
from flask import Flask, request
app = Flask(__name__)

def strip_all(s, n):
    return s if n == 0 else strip_all(s.strip(), n - 1)

def ping(a):
    return pong(a)

def pong(a):
    return ping(a) if a else a

@app.route("/")
def index():
    os.system(strip_all(request.args["c"], 3))
    os.system(ping(request.args["d"]))
    os.system(strip_all("ls", 2))
    return "ok"
`;
    expect(await flows(src)).toEqual(["16:PW251", "17:PW251"]);
  });

  it("a same-module helper's sanitizing return value is clean at the caller", async () => {
    const src = `import os
from flask import Flask, request
app = Flask(__name__)

def page_number(req):
    return int(req.args.get("page", 1))

def raw(req):
    return req.args.get("page")

@app.route("/")
def index():
    os.system("seq %d" % page_number(request))
    os.system("seq " + raw(request))
    return "ok"
`;
    expect(await flows(src)).toEqual(["14:PW251"]);
  });

  it("a sink in a helper reached from a parameter is reported at the helper, through the call", async () => {
    const src = `import os
from flask import Flask, request
app = Flask(__name__)

def run(cmd):
    os.system(cmd)

@app.route("/")
def index():
    run(request.args["c"])
    run("ls")
    return "ok"
`;
    const r = await run_(src);
    expect(r.map((f) => `${f.line}:${f.code}`)).toEqual(["6:PW251"]);
    expect(r[0].flow!.map((s) => s.label)).toEqual(["source: request.args", "call to run", "sink: os.system"]);
  });
});

async function run_(src: string) {
  return (await run(src)).findings.filter((f) => /^PW2[5-7]\d$/.test(f.code));
}

describe("taint: deep expressions", () => {
  it("a 10,000-level expression neither overflows nor loses the flow", async () => {
    const chain = `request.args["q"]${' + "a"'.repeat(10_000)}`;
    const src = `import os\nfrom flask import request\n\ndef f():\n    x = ${chain}\n    os.system(x)\n`;
    expect(await flows(src)).toEqual(["6:PW251"]);
    const nested = `${"(".repeat(3_000)}request.args["q"]${")".repeat(3_000)}`;
    const src2 = `import os\nfrom flask import request\n\ndef f():\n    os.system(${nested})\n    os.system(${"str(".repeat(2_000)}"ls"${")".repeat(2_000)})\n`;
    expect(await flows(src2)).toEqual(["5:PW251"]);
  });
});

describe("taint: the reported path", () => {
  it("labels source, steps and sink", async () => {
    const src = view(`
q = request.form["q"]
sql = "SELECT * FROM t WHERE a = '%s'" % q
get_cursor().execute(sql)`);
    const [f] = await run_(src);
    expect(f.code).toBe("PW250");
    expect(f.confidence).toBe("high");
    expect(f.flow!.map((s) => `${s.label}@${s.line}`)).toEqual([
      `source: request.form@${lineOf(src, "q = request")}`,
      `assigned to q@${lineOf(src, "q = request")}`,
      `assigned to sql@${lineOf(src, "sql =")}`,
      `sink: get_cursor().execute@${lineOf(src, "execute(sql)")}`,
    ]);
    expect(f.message).toMatch(new RegExp(`^untrusted request\\.form \\(line ${lineOf(src, "q = request")}\\) reaches an SQL query`));
  });

  it("a nosec comment at the sink suppresses the finding", async () => {
    const src = view(`os.system(request.args["c"])  # nosec`);
    expect(await flows(src)).toEqual([]);
  });
});

describe("taint: frameworks and threat models", () => {
  it("Django views: request.GET and URL parameters are sources", async () => {
    const src = `from django.db import connection
from django.http import HttpResponse

def detail(request, slug):
    with connection.cursor() as cur:
        cur.execute("SELECT * FROM t WHERE slug = '%s'" % slug)
        cur.execute("SELECT * FROM t WHERE q = '" + request.GET["q"] + "'")
        cur.execute("SELECT * FROM t WHERE slug = %s", [slug])
    return HttpResponse("<h1>%s</h1>" % request.GET.get("title"))
`;
    expect(await scanFlows(src, "shop/views.py")).toEqual(["6:PW250", "7:PW250", "9:PW255"]);
    // checked alone, without the project phase, the URL parameter's flow waits for urls.py's converters
    const r = await checkSource(src, { rules: TAINT }, "shop/views.py");
    expect(r.findings.map((f) => `${f.line}:${f.code}`).sort()).toEqual(["7:PW250", "9:PW255"]);
  });

  it("class-based views: self.request, self.kwargs and URL parameters of handler methods are sources", async () => {
    const src = `import os
from django.views.generic import View
from flask.views import MethodView

class Report(View):
    def get(self, request, pk):
        os.system("report " + self.request.GET.get("q"))
        os.system("report " + self.kwargs["slug"])
        os.system("report " + pk)
        os.system("report " + self.template_name)

class Item(MethodView):
    def get(self, item_id):
        os.system("item " + item_id)

    def helper(self, other):
        os.system("item " + other)
`;
    expect(await scanFlows(src, "app/views.py")).toEqual(["14:PW251", "7:PW251", "8:PW251", "9:PW251"]);
  });

  it("FastAPI: str parameters are sources, int parameters and dependencies are not", async () => {
    const src = `import subprocess
from fastapi import FastAPI, Depends
app = FastAPI()

@app.get("/run/{job_id}")
def run(job_id: int, name: str, db=Depends(get_db)):
    subprocess.run(f"job {job_id}", shell=True)
    subprocess.run(f"job {name}", shell=True)
    subprocess.run(f"job {db}", shell=True)
    return {"ok": True}
`;
    expect(await flows(src)).toEqual(["8:PW251"]);
  });

  it("local sources count only when asked for", async () => {
    const src = "import os, sys\n\ndef main():\n    os.system('ls ' + sys.argv[1])\n";
    expect(await flows(src)).toEqual([]);
    expect(await flows(src, { taintSources: ["remote", "local"] })).toEqual(["4:PW251"]);
  });

  it("a library call without a model passes taint on but is never a sink", async () => {
    const src = view(`
import textwrap
t = textwrap.shorten(request.args["t"], 10)
textwrap.dedent(t)
os.system(t)`);
    expect(await flows(src)).toEqual([`${lineOf(src, "os.system")}:PW251`]);
  });
});

describe("taint: summaries and integration", () => {
  it("the module summary is plain JSON data", async () => {
    const r = await run(view(`os.system(request.args["c"])`));
    expect(r.taint).toBeDefined();
    expect(JSON.parse(JSON.stringify(r.taint))).toEqual(r.taint);
  });

  it("a pattern finding at a sink with a proven flow is folded into the taint finding", async () => {
    const dir = testDir("pyward-fold-");
    fs.writeFileSync(
      path.join(dir, "app.py"),
      'import os\nfrom flask import Flask, request\napp = Flask(__name__)\n\n@app.route("/")\ndef index():\n    os.system("du -sh " + request.args["p"])\n    os.system("du -sh " + PATH)\n    return "ok"\n',
    );
    const r = await scan([dir], { cwd: dir, select: ["PW203", "PW251"], audit: false });
    expect(r.findings.map((f) => `${f.line}:${f.code}`)).toEqual(["7:PW251", "8:PW203"]);
    const off = await scan([dir], { cwd: dir, select: ["PW203", "PW251"], audit: false, taint: false });
    expect(off.findings.map((f) => `${f.line}:${f.code}`)).toEqual(["7:PW203", "8:PW203"]);
    // the path is in the text report and in SARIF codeFlows
    expect(renderReport("text", r, { color: false })).toContain("    source: request.args at app.py:7:");
    const sarif = JSON.parse(renderReport("sarif", r, { color: false }));
    const flow = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === "PW251").codeFlows[0].threadFlows[0].locations;
    expect(flow.map((l: { location: { message: { text: string } } }) => l.location.message.text)).toEqual(["source: request.args", "sink: os.system"]);
  });

  it("a view's data passed on by a same-module helper into another module reaches the sink there", async () => {
    const dir = testDir("pyward-chain-");
    fs.writeFileSync(path.join(dir, "runner.py"), "import os\n\n\ndef execute(cmd):\n    os.system(cmd)\n\n\ndef lookup(name):\n    return name.strip()\n");
    fs.writeFileSync(
      path.join(dir, "views.py"),
      'from flask import Flask, request\nimport runner\napp = Flask(__name__)\n\n\ndef _run(cmd):\n    runner.execute("echo " + cmd)\n\n\ndef _fetch(name):\n    return runner.lookup(name)\n\n\n@app.route("/")\ndef index():\n    _run(request.args["c"])\n    _run("ls")\n    return _fetch(request.args["n"])\n',
    );
    const r = await scan([dir], { cwd: dir, select: ["PW25", "PW26"], audit: false });
    expect(r.errors).toEqual([]);
    expect(r.findings.map((f) => `${f.path}:${f.line}:${f.code}`)).toEqual(["runner.py:5:PW251", "views.py:18:PW255"]);
    expect(r.findings[0].flow!.map((s) => `${s.path}:${s.line} ${s.label}`)).toEqual([
      "views.py:16 source: request.args",
      "views.py:16 call to _run",
      "views.py:7 call to runner.execute",
      "runner.py:5 sink: os.system",
    ]);
  });

  it("a module without sources is analysed on demand, and a class instance crosses modules", async () => {
    const dir = testDir("pyward-xmod-");
    fs.mkdirSync(path.join(dir, "shop"));
    fs.writeFileSync(path.join(dir, "shop", "__init__.py"), "");
    fs.writeFileSync(
      path.join(dir, "shop", "db.py"),
      "class Repo:\n    def __init__(self, cur):\n        self.cur = cur\n\n    def find(self, name):\n        self.cur.execute(\"SELECT * FROM t WHERE n = '%s'\" % name)\n\n    def find_safe(self, name):\n        self.cur.execute(\"SELECT * FROM t WHERE n = %s\", (name,))\n",
    );
    fs.writeFileSync(
      path.join(dir, "shop", "views.py"),
      'from flask import Flask, request\nfrom .db import Repo\napp = Flask(__name__)\n\n@app.route("/")\ndef index():\n    repo = Repo(get_cursor())\n    repo.find(request.args["n"])\n    repo.find_safe(request.args["n"])\n    return "ok"\n',
    );
    const r = await scan([dir], { cwd: dir, select: ["PW25", "PW26"], audit: false });
    expect(r.errors).toEqual([]);
    expect(r.findings.map((f) => `${f.path}:${f.line}:${f.code}`)).toEqual(["shop/db.py:6:PW250"]);
    expect(r.findings[0].flow![0]).toMatchObject({ path: "shop/views.py", line: 8, label: "source: request.args" });
  });
});
