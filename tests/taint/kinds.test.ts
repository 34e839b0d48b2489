/**
 * Kinds of flows the engine and the framework models must get right, one small module each, with a safe twin
 * where one exists: paths joined with `/`, sinks on class attributes (`Model.objects.raw`), configured parser
 * objects (lxml `parser=`, `iterparse` keywords, xmltodict defaults, SAX readers), calls of evaluator instances,
 * `isinstance` and `str()` against NoSQL operator injection, FastAPI dependencies, session factories, the
 * `Location` header as a redirect, hand-written `http.server` bodies, framework-cleaned attributes (Django's
 * upload names), autoescaping template objects, and HMAC-verified data.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ALL_RULES } from "../../src/rules/index.js";
import { scan } from "../../src/engine/run.js";
import type { CheckOptions } from "../../src/engine/check-file.js";
import { checkSource } from "../helpers/fixtures.js";
import { testDir } from "../helpers/temp.js";

const TAINT = ALL_RULES.filter((r) => /^PW2[5-7]\d$/.test(r.meta.code));

/** `line:code` of the taint findings of one module (named `app/views.py`). */
async function flows(src: string, extra: Partial<CheckOptions> = {}): Promise<string[]> {
  const r = await checkSource(src, { rules: TAINT, ...extra }, "app/views.py");
  expect(r.errors).toEqual([]);
  return r.findings.filter((f) => /^PW2[5-7]\d$/.test(f.code)).map((f) => `${f.line}:${f.code}`).sort();
}

/** 1-based line of the first line containing `needle`. */
function lineOf(src: string, needle: string): number {
  return src.split("\n").findIndex((l) => l.includes(needle)) + 1;
}

/** The findings of one case; `needles` name the lines expected to be flagged, with their codes. */
async function expectAt(src: string, expected: [needle: string, code: string][]): Promise<void> {
  expect(await flows(src)).toEqual(expected.map(([n, c]) => `${lineOf(src, n)}:${c}`).sort());
}

describe("taint kinds: operators and receivers", () => {
  it("`/` on a path keeps the taint; a resolved path checked against its base is clean", async () => {
    await expectAt(
      `from pathlib import Path
from flask import Flask, request
app = Flask(__name__)
BASE = Path("/srv/files")

@app.post("/a")
def a():
    return (BASE / request.form["n"]).read_text()  # A

@app.post("/b")
def b():
    target = BASE / "sub" / request.form["n"]
    with open(target) as fh:  # B
        return {"n": len(fh.read())}

@app.post("/c")
def c():
    target = (BASE / request.form["n"]).resolve()
    if not target.is_relative_to(BASE):
        return {"error": "no"}
    return target.read_text()
`,
      [
        ["# A", "PW253"],
        ["# B", "PW253"],
      ],
    );
  });

  it("a method sink on an attribute of a class is a sink (`Model.objects.raw`); on a module it is not", async () => {
    await expectAt(
      `from django.http import JsonResponse
import dbtools
from .models import Customer

def lookup(request):
    email = request.GET["email"]
    a = Customer.objects.raw(f"SELECT * FROM c WHERE email = '{email}'")  # A
    b = Customer.objects.raw("SELECT * FROM c WHERE email = %s", [email])
    c = Customer.objects.filter(active=True).extra(where=[f"price < {email}"])  # C
    dbtools.execute(email)
    return JsonResponse({"n": len(list(a)) + len(list(b)) + len(list(c))})
`,
      [
        ["# A", "PW250"],
        ["# C", "PW250"],
      ],
    );
  });

  it("calling an evaluator instance evaluates its argument (`XPathEvaluator(doc)(expr)`)", async () => {
    await expectAt(
      `from flask import Flask, request
from lxml import etree
app = Flask(__name__)
DOC = etree.parse("/srv/menu.xml")

@app.route("/m")
def m():
    evaluate = etree.XPathEvaluator(DOC)
    a = evaluate(f"//item[@id='{request.args['id']}']")  # A
    b = evaluate("//item[@id=$id]", id=request.args["id"])
    return {"n": len(a) + len(b)}
`,
      [["# A", "PW260"]],
    );
  });
});

describe("taint kinds: configured parsers", () => {
  it("lxml: a parser object decides by how it was built; iterparse by its own keywords", async () => {
    await expectAt(
      `import io
from flask import Flask, request
from lxml import etree
app = Flask(__name__)
RESOLVING = etree.XMLParser(resolve_entities=True)
DEFAULT = etree.XMLParser()
HARDENED = etree.XMLParser(resolve_entities=False, no_network=True)

@app.post("/x")
def x():
    data = request.get_data()
    etree.fromstring(data, RESOLVING)  # A
    etree.fromstring(data, parser=DEFAULT)  # B
    etree.fromstring(data, parser=HARDENED)
    etree.fromstring(data)  # D
    for _ in etree.iterparse(io.BytesIO(data), ("start", "end")):  # E
        pass
    for _ in etree.iterparse(io.BytesIO(data), resolve_entities=False):
        pass
    for _ in etree.iterparse(io.BytesIO(data), resolve_entities=True):  # G
        pass
    return "ok"
`,
      [
        ["# A", "PW259"],
        ["# B", "PW259"],
        ["# D", "PW259"],
        ["# E", "PW259"],
        ["# G", "PW259"],
      ],
    );
  });

  it("xmltodict refuses entities unless told otherwise; a SAX reader parses like xml.sax.parse", async () => {
    await expectAt(
      `import io
import xml.sax
import xmltodict
from flask import Flask, request
app = Flask(__name__)

@app.post("/x")
def x():
    xmltodict.parse(request.data)
    xmltodict.parse(request.data, disable_entities=True)
    xmltodict.parse(request.data, disable_entities=False)  # C
    reader = xml.sax.make_parser()
    reader.parse(io.BytesIO(request.data))  # D
    return "ok"
`,
      [
        ["# C", "PW259"],
        ["# D", "PW259"],
      ],
    );
  });
});

describe("taint kinds: NoSQL structures", () => {
  it("`isinstance(v, str)` rules out operator objects, not a `$where` string; other types do not", async () => {
    await expectAt(
      `from flask import Flask, abort, request
from pymongo import MongoClient
app = Flask(__name__)
notes = MongoClient()["app"]["notes"]

@app.post("/a")
def a():
    tag = request.json.get("tag")
    if not isinstance(tag, str):
        abort(400)
    notes.delete_many({"tag": tag})
    notes.find({"$where": f"this.tag == '{tag}'"})  # A2
    return "ok"

@app.post("/b")
def b():
    tag = request.json.get("tag")
    if isinstance(tag, (dict, str)):
        notes.delete_many({"tag": tag})  # B
    return "ok"
`,
      [
        ["# A2", "PW262"],
        ["# B", "PW262"],
      ],
    );
  });

  it("`str()` of a parameter in another module keeps a JSON body out of the filter", async () => {
    const dir = testDir("pyward-str-");
    fs.writeFileSync(
      path.join(dir, "repo.py"),
      'from pymongo import MongoClient\ncol = MongoClient()["a"]["b"]\n\n\ndef typed(c):\n    return list(col.find({"s": str(c.get("s"))}))\n\n\ndef raw(c):\n    return list(col.find({"s": c.get("s")}))\n',
    );
    fs.writeFileSync(
      path.join(dir, "views.py"),
      'from flask import Flask, request\nfrom repo import typed, raw\napp = Flask(__name__)\n\n\n@app.post("/")\ndef index():\n    return {"a": typed(request.get_json()), "b": raw(request.get_json())}\n',
    );
    const r = await scan([dir], { cwd: dir, select: ["PW262"], audit: false });
    expect(r.errors).toEqual([]);
    expect(r.findings.map((f) => `${f.path}:${f.line}:${f.code}`)).toEqual(["repo.py:10:PW262"]);
  });
});

describe("taint kinds: framework sources and sinks", () => {
  it("FastAPI: a dependency's result carries the request data its own parameters read", async () => {
    await expectAt(
      `import logging
from typing import Annotated
from fastapi import Depends, FastAPI, Header
app = FastAPI()
log = logging.getLogger("api")

def client_name(x_client: str = Header("unknown")) -> str:
    return x_client

def client_id(x_id: int = Header(0)) -> int:
    return x_id

def tenant(name: str = Depends(client_name)) -> str:
    return "tenant-" + name

def fixed() -> str:
    return "internal"

@app.get("/a")
def a(client: str = Depends(client_name), cid: int = Depends(client_id), f: str = Depends(fixed)):
    log.info(f"a {client}")  # A1
    log.info(f"a {cid} {f}")
    return {}

@app.get("/b")
def b(t: Annotated[str, Depends(tenant)]):
    log.info("b %s", t)  # B
    return {}
`,
      [
        ["# A1", "PW264"],
        ["# B", "PW264"],
      ],
    );
  });

  it("aiohttp: a session from aiohttp_session.get_session is a session store", async () => {
    await expectAt(
      `from aiohttp import web
from aiohttp_session import get_session
routes = web.RouteTableDef()

@routes.post("/org")
async def org(request):
    body = await request.json()
    session = await get_session(request)
    session["org"] = body["org"]  # A
    session["seen"] = True
    cache = {}
    cache["org"] = body["org"]
    return web.json_response({})
`,
      [["# A", "PW265"]],
    );
  });

  it("the Location header is a redirect target (http.server, Django responses)", async () => {
    await expectAt(
      `from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlparse

class H(BaseHTTPRequestHandler):
    def do_GET(self):
        target = parse_qs(urlparse(self.path).query)["u"][0]
        self.send_response(302)
        self.send_header("Location", target)  # A
        self.send_header("Location", "/home")
        self.end_headers()
`,
      [
        ["# A", "PW256"],
        ["# A", "PW266"],
      ],
    );
    await expectAt(
      `from django.http import HttpResponse

def go(request):
    resp = HttpResponse(status=302)
    resp["Location"] = request.GET["next"]  # A
    resp["X-Trace"] = "constant"
    return resp
`,
      [
        ["# A", "PW256"],
        ["# A", "PW266"],
      ],
    );
  });

  it("http.server: a body written to wfile is HTML unless the handler declares another content type", async () => {
    await expectAt(
      `import json
from http.server import BaseHTTPRequestHandler

class Page(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(f"<p>{self.path}</p>".encode())  # A

class Api(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps({"path": self.path}).encode())
`,
      [["# A", "PW255"]],
    );
  });

  it("Django: an upload's name is a base name already; Flask's client file name is not", async () => {
    await expectAt(
      `import os
from django.http import JsonResponse

def upload(request):
    f = request.FILES["doc"]
    with open(os.path.join("/srv/up", f.name), "wb") as out:
        out.write(f.read())
    return JsonResponse({})
`,
      [],
    );
    await expectAt(
      `import os
from flask import Flask, request
app = Flask(__name__)

@app.post("/up")
def up():
    f = request.files["doc"]
    f.save(os.path.join("/srv/up", f.filename))  # A
    return "ok"
`,
      [["# A", "PW253"]],
    );
  });

  it("Django: a Template object autoescapes what it renders (its source still must be constant)", async () => {
    await expectAt(
      `from django.http import HttpResponse
from django.template import Context, Template

def preview(request):
    body = request.POST["body"]
    html = Template("<p>{{ body }}</p>").render(Context({"body": body}))
    t = Template(body)  # B
    return HttpResponse(html + t.render(Context({})))
`,
      [["# B", "PW258"]],
    );
  });
});

describe("taint kinds: authenticated data", () => {
  it("data whose HMAC under a server key was checked with compare_digest is not the client's any more", async () => {
    await expectAt(
      `import base64
import hashlib
import hmac
import pickle
from flask import Flask, abort, request
app = Flask(__name__)
KEY = b"k"

@app.post("/a")
def a():
    blob = base64.b64decode(request.form["blob"])
    expected = hmac.new(KEY, blob, hashlib.sha256).digest()
    if not hmac.compare_digest(base64.b64decode(request.form["mac"]), expected):
        abort(403)
    return {"n": len(pickle.loads(blob))}

@app.post("/b")
def b():
    blob = base64.b64decode(request.form["blob"])
    other = request.form["other"]
    expected = hmac.new(KEY, other.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(request.form["mac"], expected):
        abort(403)
    return {"n": len(pickle.loads(blob))}  # B
`,
      [["# B", "PW254"]],
    );
  });
});
