/**
 * Project-wide rules of the CSRF and logging practices (PW802, PW803, PW910) decide over facts from several
 * files: protection set up in one module covers routes in another; test files count for neither side.
 */
import { describe, expect, it } from "vitest";
import { ALL_RULES } from "../../src/rules/index.js";
import { runProjectPhase } from "../../src/engine/project.js";
import type { ProjectFact } from "../../src/rules/types.js";
import type { Finding } from "../../src/engine/finding.js";
import { checkFile } from "../../src/engine/check-file.js";
import { isTestPath, moduleNameOf } from "../../src/discover/classify.js";

/** Runs one rule over a project given as `path → source` and returns its findings (per-file and project-wide). */
async function scanProject(code: string, files: Record<string, string>): Promise<Finding[]> {
  const rules = ALL_RULES.filter((r) => r.meta.code === code);
  const facts = new Map<string, ProjectFact[]>();
  const findings: Finding[] = [];
  for (const [path, text] of Object.entries(files)) {
    const input = { path, moduleName: moduleNameOf(path), bytes: Buffer.from(text, "utf8"), isTest: isTestPath(path) };
    const r = await checkFile(input, { rules, explicit: new Set([code]) });
    expect(r.errors).toEqual([]);
    findings.push(...r.findings);
    for (const [c, list] of Object.entries(r.facts)) facts.set(c, [...(facts.get(c) ?? []), ...list]);
  }
  const project = runProjectPhase(rules, facts);
  expect(project.errors).toEqual([]);
  return [...findings, ...project.findings].filter((f) => f.code === code);
}

const APP = 'from flask import Flask\n\napp = Flask(__name__)\n';
const VIEWS =
  'from flask import request, session\nfrom app import app\n\n\n@app.route("/", methods=["GET"])\ndef index():\n    return "hi"\n\n\n' +
  '@app.route("/email", methods=["POST"])\ndef email():\n    session["email"] = request.form["email"]\n    return "ok"\n';

describe("PW803 flask-csrf-protection-missing across modules", () => {
  it("reports once, at the first state-changing route, routes on an app imported from another module", async () => {
    const f = await scanProject("PW803", { "app.py": APP, "views.py": VIEWS });
    expect(f.map((x) => `${x.path}:${x.line} ${x.confidence}`)).toEqual(["views.py:10 medium"]);
    expect(f[0].message).toMatch(/1 state-changing route \(POST\) in 1 file/);
  });

  it("counts routes of blueprints defined in a package's __init__", async () => {
    const f = await scanProject("PW803", {
      "shop/__init__.py": 'from flask import Blueprint\n\nbp = Blueprint("shop", __name__)\n',
      "shop/routes.py": 'from . import bp\n\n\n@bp.post("/cart")\ndef add():\n    return "ok"\n\n\n@bp.delete("/cart")\ndef clear():\n    return "ok"\n',
    });
    expect(f.map((x) => `${x.path}:${x.line}`)).toEqual(["shop/routes.py:4"]);
    expect(f[0].message).toMatch(/2 state-changing routes \(POST\/DELETE\)/);
  });

  it("is quiet when CSRFProtect is bound in another module with init_app", async () => {
    const ext = "from flask_wtf.csrf import CSRFProtect\n\ncsrf = CSRFProtect()\n";
    const factory = "from flask import Flask\nfrom .extensions import csrf\n\n\ndef create_app():\n    app = Flask(__name__)\n    csrf.init_app(app)\n    return app\n";
    expect(await scanProject("PW803", { "app.py": APP, "views.py": VIEWS, "pkg/extensions.py": ext, "pkg/factory.py": factory })).toEqual([]);
  });

  it("is quiet when the project's forms derive from FlaskForm, or SeaSurf is used", async () => {
    const forms = "from flask_wtf import FlaskForm\nfrom wtforms import StringField\n\n\nclass EmailForm(FlaskForm):\n    email = StringField()\n";
    expect(await scanProject("PW803", { "app.py": APP, "views.py": VIEWS, "forms.py": forms })).toEqual([]);
    const surf = "from flask_seasurf import SeaSurf\nfrom app import app\n\ncsrf = SeaSurf(app)\n";
    expect(await scanProject("PW803", { "app.py": APP, "views.py": VIEWS, "security.py": surf })).toEqual([]);
  });

  it("does not count protection set up in tests, nor routes defined in tests", async () => {
    const conftest = "from flask_wtf.csrf import CSRFProtect\nfrom app import app\n\nCSRFProtect(app)\n";
    const f = await scanProject("PW803", { "app.py": APP, "views.py": VIEWS, "tests/conftest.py": conftest });
    expect(f).toHaveLength(1);
    expect(await scanProject("PW803", { "app.py": APP, "tests/test_views.py": VIEWS })).toEqual([]);
  });

  it("lowers confidence for token-authenticated APIs, not when the app also logs in with cookies", async () => {
    const jwt = "from flask_jwt_extended import JWTManager, jwt_required\nfrom app import app\n\njwt = JWTManager(app)\n";
    const api = 'from flask import request\nfrom app import app\n\n\n@app.post("/api/orders")\ndef create_order():\n    token = request.headers.get("Authorization")\n    return token\n';
    let f = await scanProject("PW803", { "app.py": APP, "api.py": api, "auth.py": jwt });
    expect(f.map((x) => x.confidence)).toEqual(["low"]);
    expect(f[0].message).toMatch(/token authentication/);
    const login = "from flask_login import LoginManager\nfrom app import app\n\nlogin_manager = LoginManager(app)\n";
    f = await scanProject("PW803", { "app.py": APP, "api.py": api, "auth.py": jwt, "login.py": login });
    expect(f.map((x) => x.confidence)).toEqual(["medium"]);
  });

  it("ignores FastAPI and Starlette projects", async () => {
    const fast = 'from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n@router.post("/items")\ndef create():\n    return {}\n';
    expect(await scanProject("PW803", { "api.py": fast })).toEqual([]);
  });
});

describe("PW802 django-csrf-middleware-missing across modules", () => {
  const base =
    'MIDDLEWARE = [\n    "django.contrib.sessions.middleware.SessionMiddleware",\n    "django.contrib.auth.middleware.AuthenticationMiddleware",\n]\n';
  it("reports a settings list without CSRF middleware", async () => {
    const f = await scanProject("PW802", { "site/settings/base.py": base });
    expect(f.map((x) => `${x.path}:${x.line} ${x.confidence}`)).toEqual(["site/settings/base.py:1 high"]);
  });

  it("is quiet when another settings module adds it", async () => {
    const prod = 'from .base import *\n\nMIDDLEWARE.insert(1, "django.middleware.csrf.CsrfViewMiddleware")\n';
    expect(await scanProject("PW802", { "site/settings/base.py": base, "site/settings/production.py": prod })).toEqual([]);
    const plus = 'from .base import *\n\nMIDDLEWARE += ["django.middleware.csrf.CsrfViewMiddleware"]\n';
    expect(await scanProject("PW802", { "site/settings/base.py": base, "site/settings/production.py": plus })).toEqual([]);
  });

  it("accepts a project subclass of CsrfViewMiddleware defined in another module", async () => {
    const mw = "from django.middleware.csrf import CsrfViewMiddleware\n\n\nclass AuditedCsrf(CsrfViewMiddleware):\n    pass\n";
    const settings = 'MIDDLEWARE = [\n    "django.contrib.sessions.middleware.SessionMiddleware",\n    "site.security.AuditedCsrf",\n]\n';
    expect(await scanProject("PW802", { "site/security.py": mw, "site/settings.py": settings })).toEqual([]);
  });

  it("has medium confidence without session or authentication middleware", async () => {
    const api = 'MIDDLEWARE = [\n    "django.middleware.security.SecurityMiddleware",\n    "django.middleware.common.CommonMiddleware",\n]\n';
    expect((await scanProject("PW802", { "api/settings.py": api })).map((x) => x.confidence)).toEqual(["medium"]);
  });
});

describe("PW910 auth-failure-not-logged and Django's login-failed signal", () => {
  const view =
    "from django.contrib.auth import authenticate, login\nfrom django.shortcuts import redirect, render\n\n\n" +
    "def login_view(request):\n    user = authenticate(request, username=request.POST['u'], password=request.POST['p'])\n" +
    "    if user is None:\n        return render(request, 'login.html', {'error': 'Invalid'})\n    login(request, user)\n    return redirect('/')\n";
  it("reports a failed authenticate() that is not logged", async () => {
    expect((await scanProject("PW910", { "accounts/views.py": view })).map((x) => `${x.path}:${x.line}`)).toEqual(["accounts/views.py:6"]);
  });

  it("is quiet when a receiver of user_login_failed logs failures", async () => {
    const signals =
      "import logging\nfrom django.contrib.auth.signals import user_login_failed\nfrom django.dispatch import receiver\n\n" +
      "log = logging.getLogger('security')\n\n\n@receiver(user_login_failed)\ndef on_failure(sender, credentials, request, **kwargs):\n    log.warning('login failed: %s', credentials.get('username'))\n";
    expect(await scanProject("PW910", { "accounts/views.py": view, "accounts/signals.py": signals })).toEqual([]);
  });

  it("is quiet when django-axes is installed", async () => {
    const settings = 'INSTALLED_APPS = [\n    "django.contrib.auth",\n    "axes",\n]\n';
    expect(await scanProject("PW910", { "accounts/views.py": view, "site/settings.py": settings })).toEqual([]);
  });
});
