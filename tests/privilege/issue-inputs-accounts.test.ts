/**
 * Issue 8, items 2 and 4 (PRIV): the small inputs that must come out right for over-broad privileges and
 * account flows, each with its guarded twin clean. Multi-file inputs are scanned as one project.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ALL_RULES } from "../../src/rules/index.js";
import { scan } from "../../src/engine/run.js";

const CODES = /^PW(?:65\d|610|302)$/;
const RULES = ALL_RULES.filter((r) => CODES.test(r.meta.code));

/** Scans a project made of `files` and returns `path:line:code` of every finding of the PRIV rules. */
async function project(files: Record<string, string>): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-priv-"));
  try {
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    const result = await scan([dir], { catalog: RULES, audit: false, cwd: dir });
    expect(result.errors).toEqual([]);
    return result.findings.map((f) => `${f.path}:${f.line}:${f.code}`).sort();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const one = (text: string, name = "app/views.py"): Promise<string[]> => project({ [name]: text });

const SETTINGS = 'INSTALLED_APPS = [\n    "django.contrib.auth",\n    "rest_framework",\n]\n';

describe("issue 8 (PRIV): DRF permissions", () => {
  it("rest_framework installed with no DEFAULT_PERMISSION_CLASSES: one finding at the settings module", async () => {
    expect(await one(SETTINGS, "proj/settings.py")).toEqual(["proj/settings.py:1:PW651"]);
  });

  it("the default set in another settings file: clean", async () => {
    const prod = 'from .settings import *\nREST_FRAMEWORK = {"DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"]}\n';
    expect(await project({ "proj/settings.py": SETTINGS, "proj/production.py": prod })).toEqual([]);
  });

  it("AllowAny as the default is flagged where it is set", async () => {
    const s = `${SETTINGS}REST_FRAMEWORK = {\n    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],\n}\n`;
    expect(await one(s, "proj/settings.py")).toEqual(["proj/settings.py:6:PW650"]);
  });

  it("ModelViewSet with AllowAny is flagged; ReadOnlyModelViewSet with AllowAny on a public catalogue is not", async () => {
    const src = `from rest_framework import viewsets
from rest_framework.permissions import AllowAny


class InvoiceViewSet(viewsets.ModelViewSet):
    permission_classes = [AllowAny]


class CatalogueViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
`;
    expect(await one(src)).toEqual(["app/views.py:5:PW650"]);
  });
});

describe("issue 8 (PRIV): account enumeration", () => {
  const flask = (unknown: string, wrong: string): string => `from flask import Flask, request
from werkzeug.security import check_password_hash

app = Flask(__name__)


@app.post("/login")
def login():
    user = User.query.filter_by(email=request.form["email"]).first()
    if user is None:
        return ${unknown}
    if not check_password_hash(user.pw_hash, request.form["password"]):
        return ${wrong}
    return "welcome"
`;
  const enumeration = (codes: string[]): string[] => codes.filter((c) => c.endsWith("PW656"));

  it('Flask: "no such user", 404 vs "wrong password", 401 is enumeration; one generic message is clean', async () => {
    expect(enumeration(await one(flask('"no such user", 404', '"wrong password", 401')))).toEqual(["app/views.py:8:PW656"]);
    expect(enumeration(await one(flask('"invalid e-mail or password", 401', '"invalid e-mail or password", 401')))).toEqual([]);
  });

  it("Django: DoesNotExist answered with another message than a wrong password", async () => {
    const src = (a: string, b: string): string => `from django.contrib import messages
from django.contrib.auth.models import User
from django.shortcuts import render


def login_view(request):
    try:
        user = User.objects.get(username=request.POST["username"])
    except User.DoesNotExist:
        messages.error(request, "${a}")
        return render(request, "login.html")
    if not user.check_password(request.POST["password"]):
        messages.error(request, "${b}")
        return render(request, "login.html")
    return render(request, "home.html")
`;
    expect(enumeration(await one(src("No such account", "Wrong password")))).toEqual(["app/views.py:6:PW656"]);
    expect(enumeration(await one(src("Invalid credentials", "Invalid credentials")))).toEqual([]);
  });

  it("FastAPI: HTTPException(404) for unknown users vs 401 for wrong passwords", async () => {
    const src = (status: number, detail: string): string => `from fastapi import APIRouter, HTTPException

router = APIRouter()


@router.post("/login")
def login(email: str, password: str):
    user = find_user(email)
    if user is None:
        raise HTTPException(${status}, "${detail}")
    if not verify_password(password, user.hashed):
        raise HTTPException(401, "Incorrect e-mail or password")
    return {"token": issue(user)}
`;
    expect(enumeration(await one(src(404, "User not found")))).toEqual(["app/views.py:7:PW656"]);
    expect(enumeration(await one(src(401, "Incorrect e-mail or password")))).toEqual([]);
  });
});

describe("issue 8 (PRIV): brute force", () => {
  const login = `from flask import Flask, request
from werkzeug.security import check_password_hash

app = Flask(__name__)


@app.post("/login")
def login():
    user = User.query.filter_by(email=request.form["email"]).first()
    if user is None or not check_password_hash(user.pw_hash, request.form["password"]):
        return "invalid e-mail or password", 401
    return "welcome"
`;

  it("a Flask login with no limiter is flagged; @limiter.limit or app-wide default limits clear it", async () => {
    expect(await one(login)).toEqual(["app/views.py:8:PW657"]);
    const limited = login
      .replace("app = Flask(__name__)\n", "app = Flask(__name__)\nlimiter = Limiter(get_remote_address, app=app)\n")
      .replace('@app.post("/login")\n', '@app.post("/login")\n@limiter.limit("5 per minute")\n');
    expect(await one(`from flask_limiter import Limiter\n${limited}`)).toEqual([]);
    const ext = 'from flask_limiter import Limiter\nlimiter = Limiter(key_func=lambda: "k", default_limits=["200 per day"])\n';
    expect(await project({ "app/views.py": login, "app/ext.py": ext })).toEqual([]);
  });

  it("a Django login is cleared by django-axes in INSTALLED_APPS; a DRF login by DEFAULT_THROTTLE_CLASSES", async () => {
    const django = `from django.contrib.auth import authenticate, login
from django.shortcuts import redirect, render


def login_view(request):
    user = authenticate(request, username=request.POST["u"], password=request.POST["p"])
    if user is None:
        return render(request, "login.html")
    login(request, user)
    return redirect("/")
`;
    expect(await one(django)).toEqual(["app/views.py:5:PW657"]);
    expect(await project({ "app/views.py": django, "proj/settings.py": 'INSTALLED_APPS = ["django.contrib.auth", "axes"]\n' })).toEqual([]);
    const drf = `from django.contrib.auth import authenticate
from rest_framework.response import Response
from rest_framework.views import APIView


class LoginView(APIView):
    def post(self, request):
        user = authenticate(request, username=request.data["u"], password=request.data["p"])
        if user is None:
            return Response(status=400)
        return Response({"token": make_token(user)})
`;
    expect(await one(drf)).toEqual(["app/views.py:7:PW657"]);
    const settings = 'REST_FRAMEWORK = {"DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"], "DEFAULT_PERMISSION_CLASSES": []}\n';
    expect(await project({ "app/views.py": drf, "proj/settings.py": settings })).toEqual([]);
  });
});

describe("issue 8 (PRIV): over-broad privileges", () => {
  it("mass assignment from request data and privilege flags from the client", async () => {
    const src = `from django.contrib.auth.models import User
from .models import Invoice


def register(request):
    user = User.objects.create(**request.POST.dict())
    invoice = Invoice(**request.data)
    for key, value in request.POST.items():
        setattr(user, key, value)
    user.is_superuser = request.POST.get("is_superuser") == "1"
    user.save()


def register_safe(request):
    user = User.objects.create_user(request.POST["username"], email=request.POST["email"])
    user.first_name = request.POST["first_name"]
    user.save()
`;
    expect(await one(src)).toEqual(["app/views.py:10:PW652", "app/views.py:6:PW652", "app/views.py:7:PW652", "app/views.py:9:PW652"]);
  });

  it("a serializer exposing is_staff or __all__ on the user model; an explicit safe list is clean", async () => {
    const src = `from django.contrib.auth.models import User
from rest_framework import serializers


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = "__all__"


class SignupSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["username", "is_staff"]


class ProfileSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["first_name", "last_name"]
`;
    expect(await one(src, "app/serializers.py")).toEqual(["app/serializers.py:11:PW653", "app/serializers.py:5:PW653"]);
  });

  it("every permission at once: Permission.objects.all(), GRANT ALL PRIVILEGES, is_superuser=True in a view", async () => {
    const src = `from django.contrib.auth.models import Permission, User


def grant(user, cursor):
    user.user_permissions.set(Permission.objects.all())
    cursor.execute("GRANT ALL PRIVILEGES ON app.* TO 'web'@'%'")


def signup(request):
    return User.objects.create_user(request.POST["username"], is_superuser=True)
`;
    expect(await one(src)).toEqual(["app/views.py:10:PW654", "app/views.py:5:PW654", "app/views.py:6:PW654"]);
    // a management command may create superusers
    expect(await one("from django.contrib.auth.models import User\n\n\ndef handle(self, *args, **options):\n    User.objects.create_superuser(\"admin\", \"a@example.com\", options[\"password\"])\n", "app/management/commands/bootstrap.py")).toEqual([]);
  });

  it("database connections as postgres, root or sa", async () => {
    const src = `import os
import psycopg2
import pymysql
from sqlalchemy import create_engine

DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "app", "USER": "postgres"}}
DATABASES["default"]["USER"] = "postgres"
a = psycopg2.connect(dbname="app", user="postgres")
b = pymysql.connect(host="db", user="root")
c = create_engine("postgresql://postgres:secret@db/app")
d = psycopg2.connect(dbname="app", user="app_rw")
e = create_engine("postgresql://app_rw:secret@db/app")
`;
    expect(await one(src, "app/db.py")).toEqual(["app/db.py:10:PW655", "app/db.py:6:PW655", "app/db.py:7:PW655", "app/db.py:8:PW655", "app/db.py:9:PW655"]);
  });

  it("os.setuid(0) and friends are PW610", async () => {
    const src = "import os\nos.setuid(0)\nos.setgid(0)\nos.seteuid(0)\nos.setreuid(0, 0)\nos.setuid(1000)\n";
    expect(await one(src, "app/daemon.py")).toEqual(["app/daemon.py:2:PW610", "app/daemon.py:3:PW610", "app/daemon.py:4:PW610", "app/daemon.py:5:PW610"]);
  });

  it("a reset token made with random is the catalog's PW302", async () => {
    const src = `import random
import string


def password_reset(request):
    user = find_user(request.POST["email"])
    user.reset_token = "".join(random.choices(string.ascii_letters, k=32))
    user.save()
`;
    expect((await one(src)).filter((f) => f.endsWith("PW302"))).toEqual(["app/views.py:7:PW302"]);
  });
});
