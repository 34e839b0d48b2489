import { defineRule, type ProjectFact } from "../types.js";
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";
import {
  APP_LIMITERS,
  DJANGO_LOGIN_LIMITERS,
  DJANGO_LOGIN_VIEWS,
  DRF_DEFAULT_THROTTLE_KEY,
  DRF_TOKEN_LOGIN_VIEWS,
  FLASK_LIMITER_DEFAULT_SETTINGS,
  LOCKOUT_TEXT,
  VIEW_RATE_LIMIT,
} from "../../model/knowledge/account-flows.js";
import { ROUTES } from "../../model/knowledge/frameworks/index.js";
import { authCheckOf, runningDescendants } from "../util/security-events.js";
import { decoratorCallee, decoratorsOf, isLoginName, looksLikeView } from "../util/account-flows.js";
import { assignmentChain } from "../util/assignment.js";

/** Functions that route a Django URL: `path(route, view)`. */
const URL_FUNCTIONS = new Set(["django.urls.path", "django.urls.re_path", "django.conf.urls.url"]);

/** Which framework serves a login view (a project-wide limiter covers only its own framework's views). */
type Framework = "flask" | "fastapi" | "django" | "drf";

/** What the per-file phase records. */
type Fact =
  /** A login view with no limiter of its own. */
  | { kind: "login"; framework: Framework; name: string }
  /** A limiter that covers every login view of these frameworks. */
  | { kind: "limited"; frameworks: Framework[] };

/** The framework of a view, from its decorators, its class's bases and the file's imports. */
function frameworkOf(model: ModuleModel, fnNode: Node, cls: Node | null): Framework | undefined {
  for (const d of decoratorsOf(fnNode)) {
    const q = model.resolve(decoratorCallee(d)) ?? "";
    const route = ROUTES.get(q);
    if (route?.framework === "flask" || route?.framework === "fastapi") return route.framework;
    if (q.startsWith("rest_framework")) return "drf";
  }
  if (cls?.type === "class_definition") {
    const bases = (cls.childForFieldName("superclasses")?.namedChildren ?? []).map((b) => (b ? model.resolve(b) ?? "" : ""));
    if (bases.some((b) => b.startsWith("rest_framework"))) return "drf";
    if (bases.some((b) => b.startsWith("django"))) return "django";
    if (bases.some((b) => b.startsWith("flask"))) return "flask";
  }
  const mods = model.importedModules();
  if (mods.includes("fastapi")) return "fastapi";
  if (mods.includes("flask")) return "flask";
  if (mods.includes("rest_framework")) return "drf";
  if (mods.includes("django")) return "django";
  return undefined;
}

/** String items of a constant list or tuple. */
function strings(model: ModuleModel, node: Node | null | undefined): string[] {
  const v = node ? model.constant(node) : undefined;
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

/** PW657: a login view with nothing limiting how fast passwords can be tried. */
export default defineRule({
  meta: {
    code: "PW657",
    name: "login-without-rate-limit",
    practice: "least-privilege",
    cwe: [307],
    severity: "low",
    confidence: "medium",
    aliases: [],
    skipInTests: true,
    docs: {
      what:
        "A login view — named for logging in (`login`, `sign_in`, `LoginView`, `obtain_token`) and checking a " +
        "password (`authenticate`, `check_password`, `check_password_hash`, `bcrypt.checkpw`…), or Django's own " +
        "`LoginView`, DRF's `obtain_auth_token`/`ObtainAuthToken` or simplejwt's `TokenObtainPairView` routed in " +
        "`urls.py` or subclassed — with no limit on attempts: no Flask-Limiter or slowapi " +
        "`@limiter.limit`, django-ratelimit `@ratelimit`, DRF `throttle_classes`, fastapi-limiter `RateLimiter` " +
        "dependency, django-axes/django-defender decorator, nor attempt counting of its own (`failed_attempts`, " +
        "`lockout`). Project-wide: not reported when django-axes or django-defender is installed (Django and DRF " +
        "views), `REST_FRAMEWORK[\"DEFAULT_THROTTLE_CLASSES\"]` is set (DRF views), or a Flask-Limiter/slowapi " +
        "`Limiter` has `default_limits` (Flask/FastAPI views).",
      why:
        "Without a limit, an attacker can try thousands of passwords per minute against one account, or one " +
        "common password against every account. Least privilege for an anonymous client means a handful of " +
        "attempts, then a pause: enough for a user who mistyped, useless for guessing.",
      bad:
        "@app.post(\"/login\")\ndef login():\n    user = User.query.filter_by(email=request.form[\"email\"]).first()\n" +
        "    if user is None or not check_password_hash(user.pw_hash, request.form[\"password\"]):\n" +
        "        return \"invalid e-mail or password\", 401\n    login_user(user)\n    return redirect(\"/\")\n",
      good:
        "limiter = Limiter(get_remote_address, app=app)\n\n@app.post(\"/login\")\n@limiter.limit(\"5 per minute\")\ndef login():\n" +
        "    user = User.query.filter_by(email=request.form[\"email\"]).first()\n" +
        "    if user is None or not check_password_hash(user.pw_hash, request.form[\"password\"]):\n" +
        "        return \"invalid e-mail or password\", 401\n    login_user(user)\n    return redirect(\"/\")\n",
      references: [
        "CWE-307",
        "https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#protect-against-automated-attacks",
        "https://flask-limiter.readthedocs.io/",
        "https://django-axes.readthedocs.io/",
        "https://www.django-rest-framework.org/api-guide/throttling/",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;
    const limited = (at: Node, frameworks: Framework[]): void => ctx.record(at, { kind: "limited", frameworks } satisfies Fact);
    const classOf = (fnNode: Node): Node | null =>
      fnNode.parent?.type === "block" ? fnNode.parent.parent : fnNode.parent?.parent?.type === "block" ? fnNode.parent.parent.parent : null;
    const classLimited = (cls: Node | null): boolean => {
      if (cls?.type !== "class_definition") return false;
      if (decoratorsOf(cls).some((d) => VIEW_RATE_LIMIT.test(d.text))) return true;
      if (VIEW_RATE_LIMIT.test(cls.childForFieldName("superclasses")?.text ?? "")) return true;
      for (const s of cls.childForFieldName("body")?.namedChildren ?? []) {
        const a = s?.type === "expression_statement" ? s.namedChildren[0] : undefined;
        const t = a?.type === "assignment" ? a.childForFieldName("left")?.text : undefined;
        if (t === "throttle_classes" || t === "throttle_scope" || t === "ratelimit_key") return true;
        if (s?.type === "decorated_definition" && VIEW_RATE_LIMIT.test(s.text.slice(0, 500))) return true; // method_decorator(ratelimit…)
      }
      return false;
    };
    return {
      function_definition(fnNode) {
        if (!looksLikeView(fnNode)) return;
        const name = fnNode.childForFieldName("name")?.text ?? "";
        const cls = classOf(fnNode);
        const clsName = cls?.type === "class_definition" ? (cls.childForFieldName("name")?.text ?? "") : "";
        if (!isLoginName(name) && !isLoginName(clsName)) return;
        const body = fnNode.childForFieldName("body");
        if (!body) return;
        const checks = runningDescendants(body, ["call"]).some((c) => {
          const a = authCheckOf(model, c);
          return !!a && a.label !== "login_user";
        });
        if (!checks) return;
        if (decoratorsOf(fnNode).some((d) => VIEW_RATE_LIMIT.test(d.text))) return;
        if (VIEW_RATE_LIMIT.test(fnNode.childForFieldName("parameters")?.text ?? "")) return; // Depends(RateLimiter(...))
        if (classLimited(cls)) return;
        if (LOCKOUT_TEXT.test(body.text.slice(0, 20_000))) return;
        const framework = frameworkOf(model, fnNode, cls);
        if (!framework) return;
        ctx.record(fnNode, { kind: "login", framework, name: clsName && !isLoginName(name) ? `${clsName}.${name}` : name } satisfies Fact);
      },
      class_definition(cls) {
        // a subclass of Django's LoginView with no limiter
        const bases = cls.childForFieldName("superclasses")?.namedChildren ?? [];
        const drf = bases.some((b) => !!b && DRF_TOKEN_LOGIN_VIEWS.has(model.resolve(b) ?? ""));
        if (!drf && !bases.some((b) => !!b && DJANGO_LOGIN_VIEWS.has(model.resolve(b) ?? ""))) return;
        if (classLimited(cls)) return;
        ctx.record(cls, { kind: "login", framework: drf ? "drf" : "django", name: cls.childForFieldName("name")?.text ?? "LoginView" } satisfies Fact);
      },
      call(call) {
        const q = model.callee(call) ?? "";
        // path("login/", LoginView.as_view()) routes Django's own login view
        if (q.endsWith(".as_view") && DJANGO_LOGIN_VIEWS.has(q.slice(0, -".as_view".length))) {
          ctx.record(call, { kind: "login", framework: "django", name: "LoginView" } satisfies Fact);
          return;
        }
        // DRF's obtain_auth_token / simplejwt's TokenObtainPairView routed as they are: a login view with DRF's throttles
        if (q.endsWith(".as_view") && DRF_TOKEN_LOGIN_VIEWS.has(q.slice(0, -".as_view".length))) {
          ctx.record(call, { kind: "login", framework: "drf", name: q.slice(0, -".as_view".length).split(".").pop() ?? "token view" } satisfies Fact);
          return;
        }
        if (URL_FUNCTIONS.has(q)) {
          const view = model.arg(call, 1, "view");
          const name = view && (view.type === "identifier" || view.type === "attribute") ? model.resolve(view) : undefined;
          if (name && DRF_TOKEN_LOGIN_VIEWS.has(name)) ctx.record(call, { kind: "login", framework: "drf", name: name.split(".").pop() ?? name } satisfies Fact);
          return;
        }
        // Limiter(app, default_limits=[...]) covers every route
        const fw = APP_LIMITERS[q];
        if (fw) {
          const defaults = model.arg(call, undefined, "default_limits") ?? model.arg(call, undefined, "application_limits");
          if (defaults && !(Array.isArray(model.constant(defaults)) && (model.constant(defaults) as unknown[]).length === 0)) limited(call, [fw]);
        }
      },
      assignment(node) {
        const chain = assignmentChain(node);
        if (!chain?.value) return;
        for (const t of chain.targets) {
          const name = t.type === "identifier" ? t.text : t.type === "subscript" ? String(model.constant(t.childForFieldName("subscript")) ?? "") : "";
          if (name === "INSTALLED_APPS" || name === "AUTHENTICATION_BACKENDS" || name === "MIDDLEWARE") {
            if (strings(model, chain.value).some((s) => DJANGO_LOGIN_LIMITERS.test(s))) limited(node, ["django", "drf"]);
          } else if (FLASK_LIMITER_DEFAULT_SETTINGS.has(name)) {
            limited(node, ["flask"]);
          } else if (name === "REST_FRAMEWORK" && chain.value.type === "dictionary") {
            for (const pair of chain.value.namedChildren) {
              if (pair?.type === "pair" && model.constant(pair.childForFieldName("key")) === DRF_DEFAULT_THROTTLE_KEY && strings(model, pair.childForFieldName("value")).length) limited(node, ["drf"]);
            }
          } else if (name === DRF_DEFAULT_THROTTLE_KEY && strings(model, chain.value).length) {
            limited(node, ["drf"]);
          }
        }
      },
      augmented_assignment(node) {
        const left = node.childForFieldName("left")?.text;
        if ((left === "INSTALLED_APPS" || left === "AUTHENTICATION_BACKENDS" || left === "MIDDLEWARE") && strings(model, node.childForFieldName("right")).some((s) => DJANGO_LOGIN_LIMITERS.test(s))) {
          limited(node, ["django", "drf"]);
        }
      },
    };
  },
  checkProject(facts, reporter) {
    const all = (facts as ProjectFact<Fact>[]).filter((f) => !f.isTest);
    const covered = new Set<Framework>();
    for (const f of all) if (f.data.kind === "limited") f.data.frameworks.forEach((x) => covered.add(x));
    for (const f of all) {
      if (f.data.kind !== "login" || covered.has(f.data.framework)) continue;
      reporter.report(f, `${f.data.name} checks passwords with no limit on attempts: nothing stops guessing; add a rate limit (Flask-Limiter/slowapi @limiter.limit, django-ratelimit, django-axes, DRF throttle_classes)`);
    }
  },
});
