/**
 * Fixes from a review of the taint analysis (issue 4): each test covers one kind of missed or duplicated flow.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { scan } from "../../src/engine/run.js";
import { ALL_RULES } from "../../src/rules/index.js";
import { checkSource } from "../helpers/fixtures.js";
import { testDir } from "../helpers/temp.js";

/** Writes `files` (relative path → text) to a fresh directory and scans it; `path:line:code` of each finding. */
async function scanProject(files: Record<string, string>, select = ["PW2"]): Promise<string[]> {
  const dir = testDir("pyward-review-");
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  const result = await scan([dir], { cwd: dir, select, audit: false });
  expect(result.errors).toEqual([]);
  return result.findings.map((f) => `${f.path.split(path.sep).join("/")}:${f.line}:${f.code}`).sort();
}

describe("taint review fixes", () => {
  it("1. a callee re-exported by a package __init__ (absolute and relative imports) is followed", async () => {
    const found = await scanProject(
      {
        "pkg/__init__.py": "from pkg.shell import sh\n",
        "pkg/shell.py": "import subprocess\n\n\ndef sh(command):\n    return subprocess.check_output(command, shell=True)\n",
        "app/__init__.py": "",
        "app/lib/__init__.py": "from .db import find_user\n",
        "app/lib/db.py": "import sqlite3\n\n\ndef find_user(name):\n    return sqlite3.connect('x').execute(\"SELECT * FROM u WHERE n = '%s'\" % name).fetchall()\n",
        "app/views.py": [
          "from flask import Flask, request",
          "from pkg import sh",
          "import pkg",
          "from .lib import find_user",
          "app = Flask(__name__)",
          "",
          "@app.route('/a')",
          "def a():",
          "    sh('ping ' + request.args['host'])",
          "    return 'ok'",
          "",
          "@app.route('/b')",
          "def b():",
          "    pkg.sh('ping ' + request.args['host'])",
          "    return 'ok'",
          "",
          "@app.route('/c')",
          "def c():",
          "    find_user(request.args['name'])",
          "    return 'ok'",
          "",
          "@app.route('/d')",
          "def d():",
          "    sh('ping localhost')",
          "    return 'ok'",
          "",
        ].join("\n"),
      },
      ["PW25"],
    );
    // one finding per source site: `sh(…)` (line 9) and `pkg.sh(…)` (line 14); the constant call (line 24) is clean
    expect(found).toEqual(["app/lib/db.py:5:PW250", "pkg/shell.py:5:PW251", "pkg/shell.py:5:PW251"]);
  });

  it("2. a project method named like a SQL sink (execute/fetch) on a receiver of a known project class is analysed, not name-matched", async () => {
    const found = await scanProject(
      {
        "app/__init__.py": "",
        "app/jobs.py": "class Queue:\n    def __init__(self):\n        self.items = []\n\n    def execute(self, job):\n        self.items.append(job)\n",
        "app/views.py": [
          "import sqlite3",
          "from flask import Flask, request",
          "from app.jobs import Queue",
          "app = Flask(__name__)",
          "",
          "class LocalRunner:",
          "    def execute(self, sql):",
          "        return sql.upper()",
          "",
          "    def fetch(self, key):",
          "        return {'k': key}",
          "",
          "    def run(self):",
          "        return self.execute(request.args['x'])",
          "",
          "class Store:",
          "    def __init__(self):",
          "        self.cur = sqlite3.connect('x').cursor()",
          "",
          "    def execute(self, sql):",
          "        return self.cur.execute(sql)",
          "",
          "@app.route('/a')",
          "def a():",
          "    LocalRunner().execute(request.args['x'])",
          "    runner = LocalRunner()",
          "    runner.fetch(request.args['x'])",
          "    Queue().execute(request.args['x'])",
          "    q = Queue()",
          "    q.execute(request.args['x'])",
          "    return 'ok'",
          "",
          "@app.route('/b')",
          "def b():",
          "    store = Store()",
          "    store.execute('SELECT * FROM t WHERE n = ' + request.args['n'])",
          "    return 'ok'",
          "",
          "@app.route('/c')",
          "def c(conn):",
          "    conn.execute('SELECT * FROM t WHERE n = ' + request.args['n'])",
          "    return 'ok'",
          "",
        ].join("\n"),
      },
      ["PW250"],
    );
    // the wrapper's real sink (line 21) is reached through the method; the unknown receiver (line 41) still is a sink
    expect(found).toEqual(["app/views.py:21:PW250", "app/views.py:41:PW250"]);
  });

  it("3. each source site reaching a sink is its own finding (two routes reading request.args into one helper)", async () => {
    const dir = testDir("pyward-review-");
    const views = [
      "import os",
      "from flask import Flask, request",
      "from helpers import run",
      "app = Flask(__name__)",
      "",
      "def local_run(cmd):",
      "    os.system(cmd)",
      "",
      "@app.route('/a')",
      "def a():",
      "    local_run('ping ' + request.args['host'])",
      "    run('ping ' + request.args['host'])",
      "    return 'ok'",
      "",
      "@app.route('/b')",
      "def b():",
      "    local_run('dig ' + request.args['name'])",
      "    run('dig ' + request.args['name'])",
      "    return 'ok'",
      "",
    ].join("\n");
    fs.writeFileSync(path.join(dir, "views.py"), views);
    fs.writeFileSync(path.join(dir, "helpers.py"), "import os\n\n\ndef run(cmd):\n    os.system(cmd)\n");
    const result = await scan([dir], { cwd: dir, select: ["PW251"], audit: false });
    expect(result.errors).toEqual([]);
    const found = result.findings.map((f) => `${f.path}:${f.line}<-${f.flow![0].path}:${f.flow![0].line}:${f.flow![0].label}`).sort();
    expect(found).toEqual([
      "helpers.py:5<-views.py:12:source: request.args",
      "helpers.py:5<-views.py:18:source: request.args",
      "views.py:7<-views.py:11:source: request.args",
      "views.py:7<-views.py:17:source: request.args",
    ]);
  });

  it("4. a pattern finding (PW214 url, PW215/PW216 xml, PW510 template) at a sink a taint flow proves is folded into it", async () => {
    const views = [
      "import urllib.request",
      "import xml.sax",
      "from lxml import etree",
      "from flask import Flask, request, render_template_string",
      "app = Flask(__name__)",
      "",
      "@app.route('/a')",
      "def a():",
      "    urllib.request.urlopen(request.args['u'])",
      "    xml.sax.parseString(request.data, xml.sax.ContentHandler())",
      "    etree.fromstring(request.data, etree.XMLParser(resolve_entities=True))",
      "    render_template_string('<p>' + request.args['bio'] + '</p>')",
      "    return 'ok'",
      "",
      "def offline(url, data, bio):",
      "    urllib.request.urlopen(url)",
      "    xml.sax.parseString(data, xml.sax.ContentHandler())",
      "    render_template_string('<p>' + bio + '</p>')",
      "",
    ].join("\n");
    const found = await scanProject({ "views.py": views }, ["PW214", "PW215", "PW216", "PW510", "PW25"]);
    // proven flows keep only the taint finding; without a source (offline) the pattern findings stay
    expect(found).toEqual(["views.py:10:PW259", "views.py:11:PW259", "views.py:12:PW258", "views.py:16:PW214", "views.py:17:PW215", "views.py:18:PW510", "views.py:9:PW257"]);
  });

  it("5. a Django URL parameter converted to int/uuid in urls.py is clean; slug is clean for SQL but not for a redirect; str stays data", async () => {
    const views = [
      "import os",
      "from django.db import connection",
      "from django.http import HttpResponse, HttpResponseRedirect",
      "from django.views import View",
      "",
      "def post(request, pk):",
      "    connection.cursor().execute('SELECT * FROM p WHERE id = %s' % pk)",
      "    return HttpResponse('ok')",
      "",
      "def by_slug(request, slug):",
      "    connection.cursor().execute(\"SELECT * FROM p WHERE slug = '%s'\" % slug)",
      "    return HttpResponseRedirect(slug)",
      "",
      "def by_name(request, name):",
      "    connection.cursor().execute(\"SELECT * FROM p WHERE name = '%s'\" % name)",
      "    return HttpResponse('ok')",
      "",
      "class PostView(View):",
      "    def get(self, request, pk):",
      "        os.system('echo ' + pk)",
      "        os.system('echo ' + self.kwargs['pk'])",
      "        os.system('echo ' + self.kwargs.get('pk'))",
      "        os.system('echo ' + self.kwargs['other'])",
      "        return HttpResponse('ok')",
      "",
    ].join("\n");
    const urls = [
      "from django.urls import path, re_path",
      "from . import views",
      "",
      "urlpatterns = [",
      "    path('post/<int:pk>/', views.post),",
      "    re_path(r'^p/(?P<pk>[0-9]+)/$', views.post),",
      "    path('s/<slug:slug>/', views.by_slug),",
      "    path('n/<name>/', views.by_name),",
      "    path('cbv/<uuid:pk>/<other>/', views.PostView.as_view()),",
      "]",
      "",
    ].join("\n");
    const found = await scanProject({ "blog/__init__.py": "", "blog/views.py": views, "blog/urls.py": urls }, ["PW250", "PW251", "PW256"]);
    expect(found).toEqual(["blog/views.py:12:PW256", "blog/views.py:15:PW250", "blog/views.py:23:PW251"]);
  });

  it("7. self.wfile.write is an HTML body only in an http.server handler, not in a raw socketserver handler", async () => {
    const src = [
      "import socketserver",
      "from http.server import BaseHTTPRequestHandler",
      "",
      "class Echo(socketserver.StreamRequestHandler):",
      "    def handle(self):",
      "        line = self.rfile.readline()",
      "        self.wfile.write(line)",
      "",
      "class Page(BaseHTTPRequestHandler):",
      "    def do_GET(self):",
      "        self.send_response(200)",
      "        self.end_headers()",
      "        self.wfile.write(self.path.encode())",
      "",
      "class Base(BaseHTTPRequestHandler):",
      "    pass",
      "",
      "class Derived(Base):",
      "    def do_GET(self):",
      "        self.wfile.write(self.path.encode())",
      "",
    ].join("\n");
    expect(await scanProject({ "server.py": src }, ["PW255"])).toEqual(["server.py:13:PW255", "server.py:20:PW255"]);
  });

  it("8. FastAPI: a pydantic body model's int/float/bool/UUID fields are clean; its str fields stay data", async () => {
    const src = [
      "import subprocess",
      "from uuid import UUID",
      "from fastapi import FastAPI",
      "from pydantic import BaseModel, Field",
      "app = FastAPI()",
      "",
      "class Base(BaseModel):",
      "    ref: UUID",
      "",
      "class Item(Base):",
      "    count: int = Field(gt=0)",
      "    ratio: float",
      "    ok: bool",
      "    name: str",
      "",
      "@app.post('/items')",
      "def create(item: Item):",
      "    subprocess.run(f'make {item.count} {item.ratio} {item.ok} {item.ref}', shell=True)",
      "    subprocess.run(f'make {item.name}', shell=True)",
      "    return {}",
      "",
    ].join("\n");
    expect(await scanProject({ "api.py": src }, ["PW251"])).toEqual(["api.py:19:PW251"]);
  });

  it("11. past the nesting limit the source keeps its own label and place (one finding, as for a shallow expression)", async () => {
    const flowsOf = async (stmt: string): Promise<string[]> => {
      const src = `import os\nfrom flask import Flask, request\napp = Flask(__name__)\n\n@app.route("/x")\ndef f():\n    ${stmt}\n    return "ok"\n`;
      const r = await checkSource(src, { rules: ALL_RULES.filter((x) => x.meta.code === "PW251") }, "app/views.py");
      return r.findings.map((f) => `${f.line}:${f.flow![0].label}@${f.flow![0].line}:${f.flow![0].column}`);
    };
    const deep = 300;
    expect(await flowsOf(`os.system("ping " + request.args["q"]${' + "a"'.repeat(deep)})`)).toEqual(["7:source: request.args@7:25"]);
    expect(await flowsOf(`os.system(${"(".repeat(deep)}request.get_json()["q"]${")".repeat(deep)})`)).toEqual([`7:source: request.get_json()@7:${15 + deep}`]);
    expect(await flowsOf(`x = request.args["q"]${' + "a"'.repeat(deep)}\n    os.system(x)`)).toEqual(["8:source: request.args@7:9"]);
  });
});
