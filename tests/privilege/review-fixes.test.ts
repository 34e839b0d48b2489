/**
 * Cases from a review of PW640/PW641 and PW652–PW657, each run as a small project: guards inherited through the
 * project's own bases, Django's LoginRequiredMiddleware, Flask before_request forms, FastAPI app-wide dependencies,
 * staff-only views and foreign-key listings in PW641, a view routed twice, precise public names, and messages.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { scan } from "../../src/engine/run.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** Writes `files` into a fresh folder and scans it with `codes`; returns `path:line:code message` per finding. */
async function run(files: Record<string, string>, codes: string[]): Promise<{ where: string[]; messages: string[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-review-"));
  dirs.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  const result = await scan([dir], { cwd: dir, select: codes, audit: false });
  expect(result.errors).toEqual([]);
  const sorted = [...result.findings].sort((a, b) => (a.path === b.path ? a.line - b.line : a.path < b.path ? -1 : 1));
  return { where: sorted.map((f) => `${f.path}:${f.line}:${f.code}`), messages: sorted.map((f) => f.message) };
}

const DJANGO_MODELS = `from django.conf import settings
from django.db import models


class Order(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)


class Comment(models.Model):
    article = models.ForeignKey("Article", on_delete=models.CASCADE)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
`;

describe("PW640: guards the project defines or configures", () => {
  it("follows guards through project bases and mixins, in the same file and another module", async () => {
    const mixins = `from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin


class OwnerRequiredMixin(LoginRequiredMixin, UserPassesTestMixin):
    def test_func(self):
        return True
`;
    const views = `from django.contrib.auth.mixins import LoginRequiredMixin
from django.views import View
from django.views.generic import DeleteView, UpdateView

from .mixins import OwnerRequiredMixin
from .models import Order


class ProtectedView(LoginRequiredMixin, View):
    pass


class OrderEdit(ProtectedView, UpdateView):
    model = Order


class OrderDelete(OwnerRequiredMixin, DeleteView):
    model = Order


class Plain(View):
    pass


class OrderPurge(Plain, DeleteView):
    model = Order
`;
    const r = await run({ "shop/__init__.py": "", "shop/models.py": DJANGO_MODELS, "shop/mixins.py": mixins, "shop/views.py": views }, ["PW640"]);
    expect(r.where).toEqual(["shop/views.py:25:PW640"]);
  });

  it("Django 5.1 LoginRequiredMiddleware guards every view but those marked @login_not_required", async () => {
    const settings = `MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
]
`;
    const views = `from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect

from .models import Order


def cancel(request, pk):
    Order.objects.filter(pk=pk).delete()
    return redirect("/")


@login_not_required
def wipe(request):
    Order.objects.all().delete()
    return redirect("/")
`;
    const r = await run({ "shop/__init__.py": "", "shop/settings.py": settings, "shop/models.py": DJANGO_MODELS, "shop/views.py": views }, ["PW640"]);
    expect(r.where).toEqual(["shop/views.py:13:PW640"]);
  });

  it("Flask before_request guards: decorator-only hook, wrapped call form, named function checking current_user", async () => {
    const app = `from flask import Blueprint, abort, request
from flask_login import current_user, login_required

from .models import Note, db

a = Blueprint("a", __name__)
b = Blueprint("b", __name__)
c = Blueprint("c", __name__)
d = Blueprint("d", __name__)


@a.before_request
@login_required
def _guard():
    pass


b.before_request(login_required(lambda: None))


def check_admin():
    if not current_user.is_admin:
        abort(403)


c.before_request(check_admin)


@a.post("/a")
def a_write():
    db.session.add(Note(body=request.form["b"]))
    db.session.commit()


@b.post("/b")
def b_write():
    db.session.commit()


@c.post("/c")
def c_write():
    db.session.commit()


@d.post("/d")
def d_write():
    db.session.commit()
`;
    const r = await run({ "notes/__init__.py": "", "notes/models.py": "db = None\nclass Note:\n    pass\n", "notes/views.py": app }, ["PW640"]);
    expect(r.where).toEqual(["notes/views.py:46:PW640"]);
  });

  it("FastAPI app-wide dependencies guard every router included into the app", async () => {
    const main = `from fastapi import Depends, FastAPI

from .deps import get_current_user
from .routers import items

app = FastAPI(dependencies=[Depends(get_current_user)])
app.include_router(items.router)
`;
    const items = `from fastapi import APIRouter

router = APIRouter()


@router.delete("/items/{item_id}")
def delete_item(item_id: int):
    return {"ok": True}
`;
    const deps = `from fastapi.security import OAuth2PasswordBearer

oauth2 = OAuth2PasswordBearer(tokenUrl="token")


def get_current_user():
    return None
`;
    const r = await run({ "app/__init__.py": "", "app/main.py": main, "app/deps.py": deps, "app/routers/__init__.py": "", "app/routers/items.py": items }, ["PW640"]);
    expect(r.where).toEqual([]);
    // without the app-wide dependency the route is reported
    const open = await run({ "app/__init__.py": "", "app/main.py": main.replace("FastAPI(dependencies=[Depends(get_current_user)])", "FastAPI()"), "app/deps.py": deps, "app/routers/__init__.py": "", "app/routers/items.py": items }, ["PW640"]);
    expect(open.where).toEqual(["app/routers/items.py:7:PW640"]);
  });

  it("a view routed twice, once guarded and once not, is reported at the unguarded route", async () => {
    const views = `from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from .models import Order


@login_required
def other(request):
    return redirect("/")


def moderate(request, pk):
    Order.objects.filter(pk=pk).delete()
    return redirect("/")
`;
    const urls = `from django.contrib.admin.views.decorators import staff_member_required
from django.urls import path

from . import views

urlpatterns = [
    path("staff/<int:pk>/moderate/", staff_member_required(views.moderate)),
    path("<int:pk>/moderate/", views.moderate),
]
`;
    const r = await run({ "shop/__init__.py": "", "shop/models.py": DJANGO_MODELS, "shop/views.py": views, "shop/urls.py": urls }, ["PW640"]);
    expect(r.where).toEqual(["shop/urls.py:8:PW640"]);
    expect(r.messages[0]).toContain("staff_member_required");
  });

  it("public names are whole names: revoke_token, delete_webhook, delete_registration are reported; login and stripe_webhook are not", async () => {
    const views = `from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from .models import Order


@login_required
def home(request):
    return redirect("/")


def revoke_token(request):
    request.user.auth_token.delete()


def delete_webhook(request, pk):
    Order.objects.filter(pk=pk).delete()


def delete_registration(request, pk):
    Order.objects.filter(pk=pk).delete()


def login_view(request):
    request.session.save()


def stripe_webhook(request):
    Order.objects.filter(pk=1).delete()


def make_admin(request):
    from django.contrib.auth.models import User
    User.objects.create_superuser("a", "a@example.com", "x")


def search(request):
    return redirect("/")
`;
    const r = await run({ "shop/__init__.py": "", "shop/models.py": DJANGO_MODELS, "shop/views.py": views }, ["PW640"]);
    expect(r.where).toEqual(["shop/views.py:12:PW640", "shop/views.py:16:PW640", "shop/views.py:20:PW640", "shop/views.py:32:PW640"]);
  });

  it("@require_http_methods([\"GET\", \"POST\"]) on a view that writes nothing is not state-changing; require_POST alone is", async () => {
    const views = `from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST


@login_required
def home(request):
    return render(request, "home.html")


@require_http_methods(["GET", "POST"])
def search(request):
    return render(request, "search.html", {"q": request.POST.get("q")})


@require_POST
def ping_job(request):
    return render(request, "ok.html")
`;
    const r = await run({ "shop/__init__.py": "", "shop/views.py": views }, ["PW640"]);
    expect(r.where).toEqual(["shop/views.py:17:PW640"]);
  });
});

describe("PW641: what is and is not an insecure direct object reference", () => {
  it("staff and permission guards may reach any object; a foreign key of another model is a listing", async () => {
    const views = `from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required, permission_required, user_passes_test
from django.http import JsonResponse

from .models import Comment, Order


@staff_member_required
def a(request, pk):
    return JsonResponse({"o": Order.objects.get(pk=pk).pk})


@permission_required("shop.view_order")
def b(request, pk):
    return JsonResponse({"o": Order.objects.get(pk=pk).pk})


@user_passes_test(lambda u: u.is_staff)
def c(request, pk):
    return JsonResponse({"o": Order.objects.get(pk=pk).pk})


@login_required
def d(request, article_id):
    return JsonResponse({"n": Comment.objects.filter(article_id=article_id).count()})


@login_required
def e(request, order_id):
    return JsonResponse({"o": Order.objects.get(pk=order_id).pk})
`;
    const r = await run({ "shop/__init__.py": "", "shop/models.py": DJANGO_MODELS, "shop/views.py": views }, ["PW641"]);
    expect(r.where).toEqual(["shop/views.py:30:PW641"]);
    expect(r.messages[0]).toContain("owner=request.user");
  });

  it("Flask: a public GET of authored content is not reported; a privately owned one says anyone; advice per framework", async () => {
    const models = `from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


class Post(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    author_id = db.Column(db.Integer, db.ForeignKey("user.id"))


class Note(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    owner_id = db.Column(db.Integer, db.ForeignKey("user.id"))
`;
    const views = `from flask import Blueprint
from flask_login import login_required

from .models import Note, Post

bp = Blueprint("b", __name__)


@bp.get("/posts/<int:post_id>")
def show_post(post_id):
    return Post.query.get_or_404(post_id).title


@bp.get("/notes/<int:note_id>")
def show_note(note_id):
    return Note.query.get_or_404(note_id).body


@bp.get("/mine/<int:note_id>")
@login_required
def my_note(note_id):
    return Note.query.get_or_404(note_id).body
`;
    const r = await run({ "blog/__init__.py": "", "blog/models.py": models, "blog/views.py": views }, ["PW641"]);
    expect(r.where).toEqual(["blog/views.py:16:PW641", "blog/views.py:22:PW641"]);
    expect(r.messages[0]).toContain("anyone, signed in or not");
    expect(r.messages[1]).toContain("any signed-in user");
    expect(r.messages[1]).toContain("filter_by(id=…, owner_id=current_user.id)");
  });

  it("DRF generic views on an unfiltered queryset of an owned model are reported; get_queryset or an object permission is clean", async () => {
    const settings = `INSTALLED_APPS = ["django.contrib.auth", "rest_framework"]
REST_FRAMEWORK = {"DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"]}
`;
    const views = `from rest_framework import generics, permissions

from .models import Order


class IsOwner(permissions.BasePermission):
    def has_object_permission(self, request, view, obj):
        return obj.owner == request.user


class OrderDetail(generics.RetrieveUpdateDestroyAPIView):
    queryset = Order.objects.all()


class MyOrderDetail(generics.RetrieveUpdateDestroyAPIView):
    def get_queryset(self):
        return Order.objects.filter(owner=self.request.user)


class CheckedOrderDetail(generics.RetrieveAPIView):
    queryset = Order.objects.all()
    permission_classes = [permissions.IsAuthenticated, IsOwner]
`;
    const r = await run({ "api/__init__.py": "", "api/settings.py": settings, "api/models.py": DJANGO_MODELS, "api/views.py": views }, ["PW641"]);
    expect(r.where).toEqual(["api/views.py:11:PW641"]);
    expect(r.messages[0]).toContain("get_queryset()");
  });
});

describe("messages of PW655 and PW656", () => {
  it("PW655 reads as a sentence and takes env-lookup defaults as low-confidence fallbacks", async () => {
    const settings = `import environ

env = environ.Env()
DATABASES = {
    "default": {"ENGINE": "django.db.backends.postgresql", "NAME": "shop", "USER": "postgres"},
    "replica": env.db("REPLICA_URL", default="postgres://postgres:pw@localhost/shop"),
}
`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-review-"));
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, "settings.py"), settings);
    const result = await scan([dir], { cwd: dir, select: ["PW655"], audit: false });
    const byLine = new Map(result.findings.map((f) => [f.line, f]));
    expect(byLine.get(5)?.message).toMatch(/^the database settings: the application connects as/);
    expect(byLine.get(6)?.confidence).toBe("low");
  });

  it("PW656 quotes the messages the client sees, not dictionary keys", async () => {
    const views = `from flask import Flask, jsonify, request
from werkzeug.security import check_password_hash

from .models import User

app = Flask(__name__)


@app.post("/login")
def login():
    user = User.query.filter_by(email=request.form["email"]).first()
    if user is None:
        return jsonify({"error": "user_not_found"}), 404
    if not check_password_hash(user.password_hash, request.form["password"]):
        return jsonify({"error": "bad_password"}), 401
    return jsonify({"ok": True})
`;
    const r = await run({ "web/__init__.py": "", "web/models.py": "class User:\n    pass\n", "web/views.py": views }, ["PW656"]);
    expect(r.where).toEqual(["web/views.py:10:PW656"]);
    expect(r.messages[0]).toContain('"user_not_found"');
    expect(r.messages[0]).not.toContain('"error"');
  });
});
