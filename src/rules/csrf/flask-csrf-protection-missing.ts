import { defineRule, type ProjectFact } from "../types.js";
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";
import {
  COOKIE_AUTH_MODULES,
  FLASK_CSRF_FORM_BASES,
  FLASK_CSRF_PROTECTORS,
  FLASK_METHOD_SHORTCUTS,
  FLASK_METHOD_VIEWS,
  FLASK_ROUTE_WITH_METHODS,
  FLASK_ROUTERS,
  NON_FLASK_WEB_MODULES,
  STATE_CHANGING_METHODS,
  TOKEN_AUTH_MODULES,
} from "../../model/knowledge/csrf-cookies.js";

/** What the per-file phase records. */
type Fact =
  /**
   * A route accepting state-changing methods. `router` is `flask` when the receiver is known to be a Flask app
   * or blueprint, a qualified name when it is imported from a project module, `?` when unknown.
   */
  | { kind: "route"; methods: string[]; router: string; flaskFile: boolean }
  /** A module-level Flask app or blueprint, by qualified name (to recognise it when another module imports it). */
  | { kind: "router"; name: string }
  /** CSRF protection: Flask-WTF's CSRFProtect, a FlaskForm subclass, SeaSurf, `validate_csrf`. */
  | { kind: "protect"; how: string }
  /** Signs that requests authenticate with a header token (JWT, `Authorization`) rather than a cookie. */
  | { kind: "token"; how: string }
  /** Signs of cookie-based login (`flask_login`, `flask.session`). */
  | { kind: "cookie"; how: string };

/** The HTTP methods a constant `methods=` argument lists (list, tuple or set of strings), or undefined. */
function constantMethods(model: ModuleModel, node: Node | undefined): string[] | undefined {
  if (!node) return undefined;
  if (node.type === "set") {
    const out: string[] = [];
    for (const c of node.namedChildren) {
      const v = c ? model.constant(c) : undefined;
      if (typeof v !== "string") return undefined;
      out.push(v);
    }
    return out;
  }
  const v = model.constant(node);
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v as string[];
  return undefined;
}

/** PW803: a Flask project with state-changing routes and no CSRF protection anywhere. */
export default defineRule({
  meta: {
    code: "PW803",
    name: "flask-csrf-protection-missing",
    practice: "csrf",
    cwe: [352],
    severity: "high",
    confidence: "medium",
    aliases: [],
    skipInTests: true,
    docs: {
      what:
        "A Flask project that registers routes for state-changing methods (`@app.route(..., methods=[\"POST\"])`, " +
        "`@app.post`/`put`/`patch`/`delete`, the same on blueprints, `add_url_rule(..., methods=[...])`, " +
        "`MethodView` subclasses with `post`/`put`/`patch`/`delete`) while no module of the project sets up CSRF " +
        "protection: no Flask-WTF `CSRFProtect` (constructed with the app or bound later with `init_app`), no " +
        "`FlaskForm` subclass, no `validate_csrf` call, no Flask-SeaSurf. Project-wide: reported once, at the " +
        "first state-changing route, with the number of such routes. Test files count for neither side. " +
        "Known false-positive source: JSON APIs that authenticate with a token in the `Authorization` header " +
        "(not a cookie) cannot be forged cross-site; when the project imports `flask_jwt_extended`, `jwt`, " +
        "`flask_httpauth` or reads the `Authorization` header, and shows no sign of cookie login " +
        "(`flask_login`, `flask.session`), the finding has low confidence.",
      why:
        "Flask itself has no CSRF defence. When the browser authenticates with the session cookie, any page the " +
        "user visits can post a hidden form to the app and the browser adds the cookie: the request changes the " +
        "user's data as if they had sent it. Flask-WTF's `CSRFProtect(app)` checks a token on every " +
        "state-changing request in one line.",
      bad:
        'from flask import Flask, request, session\n\napp = Flask(__name__)\n\n' +
        '@app.route("/email", methods=["POST"])\ndef change_email():\n    update_email(session["user_id"], request.form["email"])\n' +
        '    return "ok"\n',
      good:
        'from flask import Flask, request, session\nfrom flask_wtf.csrf import CSRFProtect\n\napp = Flask(__name__)\n' +
        'csrf = CSRFProtect(app)\n\n@app.route("/email", methods=["POST"])\ndef change_email():\n' +
        '    update_email(session["user_id"], request.form["email"])\n    return "ok"\n',
      references: [
        "CWE-352",
        "https://flask-wtf.readthedocs.io/en/stable/csrf/",
        "https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;
    let flaskFile: boolean | undefined;
    const isFlaskFile = (): boolean => {
      if (flaskFile === undefined) {
        const mods = model.importedModules();
        flaskFile = mods.includes("flask") && !mods.some((m) => NON_FLASK_WEB_MODULES.has(m));
      }
      return flaskFile;
    };
    const recordImport = (node: Node, module: string, names: string[]): void => {
      const top = module.split(".")[0];
      if (TOKEN_AUTH_MODULES.has(top)) ctx.record(node, { kind: "token", how: `imports ${module}` } satisfies Fact);
      if (COOKIE_AUTH_MODULES.has(top)) ctx.record(node, { kind: "cookie", how: `imports ${module}` } satisfies Fact);
      if (module === "flask" && names.includes("session")) ctx.record(node, { kind: "cookie", how: "uses flask.session" } satisfies Fact);
    };

    return {
      call(call) {
        const name = model.callee(call);
        if (name && Object.hasOwn(FLASK_CSRF_PROTECTORS, name)) {
          ctx.record(call, { kind: "protect", how: FLASK_CSRF_PROTECTORS[name] } satisfies Fact);
          return;
        }
        const fn = call.childForFieldName("function");
        if (fn?.type !== "attribute") return;
        const method = fn.childForFieldName("attribute")?.text ?? "";
        const receiver = fn.childForFieldName("object");
        if (!receiver) return;
        // `request.headers.get("Authorization")`
        if (method === "get" && receiver.type === "attribute" && receiver.childForFieldName("attribute")?.text === "headers") {
          const key = model.constant(model.arg(call, 0));
          if (typeof key === "string" && key.toLowerCase() === "authorization") ctx.record(call, { kind: "token", how: "reads the Authorization header" } satisfies Fact);
          return;
        }
        let methods: string[] | undefined;
        if (Object.hasOwn(FLASK_METHOD_SHORTCUTS, method)) {
          if (call.parent?.type !== "decorator") return;
          methods = [FLASK_METHOD_SHORTCUTS[method]];
        } else if (FLASK_ROUTE_WITH_METHODS.has(method)) {
          methods = constantMethods(model, model.args(call).keywords.get("methods"))?.map((m) => m.toUpperCase());
        }
        const changing = methods?.filter((m) => STATE_CHANGING_METHODS.has(m));
        if (!changing?.length) return;
        const type = model.typeOf(receiver);
        let router: string;
        if (type) {
          if (!FLASK_ROUTERS.has(type)) return; // FastAPI, Starlette, Sanic… routers
          router = "flask";
        } else {
          router = model.resolve(receiver) ?? "?";
        }
        const at = call.parent?.type === "decorator" ? call.parent : call;
        ctx.record(at, { kind: "route", methods: changing, router, flaskFile: isFlaskFile() } satisfies Fact);
      },
      subscript(node) {
        // `request.headers["Authorization"]`
        const obj = node.childForFieldName("value");
        if (obj?.type !== "attribute" || obj.childForFieldName("attribute")?.text !== "headers") return;
        const key = model.constant(node.childForFieldName("subscript"));
        if (typeof key === "string" && key.toLowerCase() === "authorization") ctx.record(node, { kind: "token", how: "reads the Authorization header" } satisfies Fact);
      },
      class_definition(node) {
        const bases = (node.childForFieldName("superclasses")?.namedChildren ?? []).map((b) => (b ? model.resolve(b) : undefined));
        if (bases.some((b) => b && FLASK_CSRF_FORM_BASES.has(b))) {
          ctx.record(node, { kind: "protect", how: "FlaskForm" } satisfies Fact);
          return;
        }
        if (!bases.some((b) => b && FLASK_METHOD_VIEWS.has(b))) return;
        const body = node.childForFieldName("body");
        const verbs: string[] = [];
        for (const stmt of body?.namedChildren ?? []) {
          const def = stmt?.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
          if (def?.type !== "function_definition") continue;
          const verb = def.childForFieldName("name")?.text.toUpperCase() ?? "";
          if (STATE_CHANGING_METHODS.has(verb)) verbs.push(verb);
        }
        if (verbs.length) ctx.record(node, { kind: "route", methods: verbs, router: "flask", flaskFile: isFlaskFile() } satisfies Fact);
      },
      assignment(node) {
        const left = node.childForFieldName("left");
        const right = node.childForFieldName("right");
        if (left?.type !== "identifier" || right?.type !== "call" || model.scopeAt(node.startIndex).kind !== "module") return;
        const type = model.typeOf(right);
        if (type && FLASK_ROUTERS.has(type)) {
          ctx.record(node, { kind: "router", name: model.moduleName ? `${model.moduleName}.${left.text}` : left.text } satisfies Fact);
        }
      },
      import_from_statement(node) {
        const module = node.childForFieldName("module_name")?.text.replace(/\s+/g, "");
        if (!module || module.startsWith(".")) return;
        const names = node.childrenForFieldName("name").map((n) => (n?.type === "aliased_import" ? (n.childForFieldName("name")?.text ?? "") : (n?.text ?? "")));
        recordImport(node, module, names);
      },
      import_statement(node) {
        for (const item of node.childrenForFieldName("name")) {
          if (!item) continue;
          const dotted = (item.type === "aliased_import" ? (item.childForFieldName("name")?.text ?? "") : item.text).replace(/\s+/g, "");
          recordImport(node, dotted, []);
        }
      },
    };
  },
  checkProject(facts, reporter) {
    const live = (facts as ProjectFact<Fact>[]).filter((f) => !f.isTest);
    if (live.some((f) => f.data.kind === "protect")) return;
    const routers = new Set(live.flatMap((f) => (f.data.kind === "router" ? [f.data.name] : [])));
    const routes = live.filter((f) => {
      const d = f.data;
      if (d.kind !== "route") return false;
      return d.router === "flask" || routers.has(d.router) || d.flaskFile;
    });
    if (!routes.length) return;
    const token = live.find((f) => f.data.kind === "token");
    const cookie = live.some((f) => f.data.kind === "cookie");
    const files = new Set(routes.map((r) => r.path)).size;
    const first = routes[0];
    const methods = [...new Set(routes.flatMap((r) => (r.data.kind === "route" ? r.data.methods : [])))].join("/");
    const count = routes.length === 1 ? "1 state-changing route" : `${routes.length} state-changing routes`;
    const tokenNote = token && !cookie ? ` (the project seems to use token authentication, which CSRF cannot ride on: ${(token.data as { how: string }).how})` : "";
    reporter.report(
      first,
      `Flask app has ${count} (${methods}) in ${files === 1 ? "1 file" : `${files} files`} and no CSRF protection anywhere in the project: ` +
        `add Flask-WTF's CSRFProtect(app)${tokenNote}`,
      { confidence: token && !cookie ? "low" : undefined },
    );
  },
});
