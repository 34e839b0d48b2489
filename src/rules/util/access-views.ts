/**
 * The view model of the access-control rules (PW640–PW649): which functions and classes are HTTP views of
 * Django, Django REST framework, Flask or FastAPI, which HTTP methods they accept, what guards them (decorators,
 * mixins, permission classes, security dependencies) and how a node inside a view's body speaks of the current
 * user. The tables live in `src/model/knowledge/access-control.ts`; this file only reads nodes.
 */
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";
import { ROUTES } from "../../model/knowledge/frameworks/index.js";
import {
  DENIAL_EXCEPTIONS,
  DENIAL_STATUSES,
  DJANGO_GUARD_DECORATORS,
  DJANGO_METHOD_DECORATORS,
  DRF_API_VIEW_DECORATOR,
  DRF_OPEN_PERMISSIONS,
  DRF_PERMISSION_DECORATOR,
  FASTAPI_AUTH_DEPENDENCY_NAME,
  FASTAPI_SECURITY_SCHEMES,
  FLASK_AUTH_OBJECTS,
  FLASK_GUARD_DECORATORS,
  GUARD_DECORATOR_NAME,
  MANAGEMENT_VERB_PREFIX,
  PUBLIC_VIEW_FILLER_PREFIX,
  PUBLIC_VIEW_FILLER_SUFFIX,
  PUBLIC_VIEW_NAME,
  PUBLIC_VIEW_PHRASE,
  USER_CHECK_ATTRIBUTES,
  USER_CHECK_CALLS,
} from "../../model/knowledge/access-control.js";

/** A web framework whose views the access-control rules know. */
export type ViewFramework = "django" | "drf" | "flask" | "fastapi";

/** `CloseAccountView` → `close_account_view`; snake names stay as they are. */
export function snakeName(name: string): string {
  // one pass (a regex pair here backtracks quadratically on a long run of capitals): an underscore goes before a
  // capital that follows a lower-case letter or digit, or that starts a word after a run of capitals (`HTTPView`)
  const upper = (c: string): boolean => c >= "A" && c <= "Z";
  const lowerOrDigit = (c: string): boolean => (c >= "a" && c <= "z") || (c >= "0" && c <= "9");
  let out = "";
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (i > 0 && upper(c)) {
      const prev = name[i - 1];
      const next = name[i + 1] ?? "";
      if (lowerOrDigit(prev) || (upper(prev) && next >= "a" && next <= "z")) out += "_";
    }
    out += c;
  }
  return out.toLowerCase();
}

/**
 * True when a view's name says it must be reachable without signing in (login, sign-up, password reset, health
 * checks, webhook receivers…): a {@link PUBLIC_VIEW_PHRASE} as whole words anywhere, or a {@link PUBLIC_VIEW_NAME}
 * as the whole name once filler words are set aside; never when the name starts with a management verb
 * ({@link MANAGEMENT_VERB_PREFIX}: `delete_webhook`, `revoke_token`, `delete_registration`).
 */
export function isPublicViewName(name: string): boolean {
  const snake = snakeName(name);
  if (MANAGEMENT_VERB_PREFIX.test(snake)) return false;
  if (PUBLIC_VIEW_PHRASE.test(snake)) return true;
  let core = snake;
  for (let i = 0; i < 4; i++) {
    const next = core.replace(PUBLIC_VIEW_FILLER_PREFIX, "").replace(PUBLIC_VIEW_FILLER_SUFFIX, "");
    if (next === core || !next) break;
    core = next;
  }
  return PUBLIC_VIEW_NAME.test(core);
}

/** The decorator expressions of a function or class definition (empty when it has none). */
export function decoratorsOf(def: Node): Node[] {
  const parent = def.parent;
  if (parent?.type !== "decorated_definition") return [];
  const out: Node[] = [];
  for (const c of parent.namedChildren) {
    if (c?.type !== "decorator") continue;
    const e = c.namedChildren[0];
    if (e) out.push(e);
  }
  return out;
}

/** The last name of an identifier or attribute chain (`auth.login_required` → `login_required`). */
export function lastName(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === "identifier") return node.text;
  if (node.type === "attribute") return node.childForFieldName("attribute")?.text;
  return undefined;
}

/** What a route decorator says about its view. */
export interface RouteInfo {
  framework: ViewFramework;
  /** Upper-case HTTP methods the view accepts. */
  methods: string[];
  /** The decorator's receiver (`app`, `bp`, `router`), for router-level guards. */
  receiver?: Node;
  /** The URL rule, when constant. */
  rule?: string;
}

/** Constant list of strings (`["POST", "GET"]`, a tuple, a set), upper-cased, or undefined. */
export function constantMethods(model: ModuleModel, node: Node | null | undefined): string[] | undefined {
  if (!node) return undefined;
  if (node.type === "set") {
    const out: string[] = [];
    for (const c of node.namedChildren) {
      const v = c ? model.constant(c) : undefined;
      if (typeof v !== "string") return undefined;
      out.push(v.toUpperCase());
    }
    return out;
  }
  const v = model.constant(node);
  if (typeof v === "string") return [v.toUpperCase()];
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return (v as string[]).map((s) => s.toUpperCase());
  return undefined;
}

const ROUTE_METHOD_NAMES = new Set(["route", "get", "post", "put", "patch", "delete", "api_route"]);

/**
 * The route a decorator registers (`@app.route("/x", methods=["POST"])`, `@bp.post("/x")`, `@router.delete(...)`,
 * DRF's `@api_view(["POST"])`), or undefined. A receiver whose type the model does not know (a blueprint
 * imported from another module) is taken by the framework the file imports.
 */
export function routeOfDecorator(model: ModuleModel, expr: Node, fileFramework: "flask" | "fastapi" | undefined): RouteInfo | undefined {
  if (expr.type !== "call") return undefined;
  const fn = expr.childForFieldName("function");
  const callee = model.callee(expr);
  if (callee === DRF_API_VIEW_DECORATOR) {
    return { framework: "drf", methods: constantMethods(model, model.arg(expr, 0, "http_method_names")) ?? ["GET"] };
  }
  if (fn?.type !== "attribute") return undefined;
  const method = fn.childForFieldName("attribute")?.text ?? "";
  if (!ROUTE_METHOD_NAMES.has(method)) return undefined;
  const spec = callee ? ROUTES.get(callee) : undefined;
  let framework: ViewFramework | undefined;
  if (spec?.framework === "flask" || spec?.framework === "fastapi") framework = spec.framework;
  else if (!spec && !model.typeOf(fn.childForFieldName("object"))) framework = fileFramework;
  if (!framework) return undefined;
  if (framework === "fastapi" && method === "route") return undefined;
  let methods: string[];
  if (method === "route" || method === "api_route") methods = constantMethods(model, model.args(expr).keywords.get("methods")) ?? ["GET"];
  else methods = [method.toUpperCase()];
  const rule = model.constant(model.arg(expr, 0, framework === "flask" ? "rule" : "path"));
  return { framework, methods, receiver: fn.childForFieldName("object") ?? undefined, rule: typeof rule === "string" ? rule : undefined };
}

/** Methods a Django `require_POST`/`require_http_methods([...])` decorator allows, or undefined. */
export function djangoMethodsOfDecorator(model: ModuleModel, expr: Node): string[] | undefined {
  const name = expr.type === "call" ? model.callee(expr) : model.resolve(expr);
  if (!name || !Object.hasOwn(DJANGO_METHOD_DECORATORS, name)) return undefined;
  const spec = DJANGO_METHOD_DECORATORS[name];
  if (spec !== "arg") return [...spec];
  return expr.type === "call" ? constantMethods(model, model.arg(expr, 0, "request_method_list")) : undefined;
}

/** How a decorator guards a view: `guard` (a login/permission decorator), `open` (DRF `AllowAny` only), or undefined. */
export function guardOfDecorator(model: ModuleModel, expr: Node): { kind: "guard" | "open"; how: string } | undefined {
  const target = expr.type === "call" ? expr.childForFieldName("function") : expr;
  const name = target ? model.resolve(target) : undefined;
  if (name === DRF_PERMISSION_DECORATOR && expr.type === "call") {
    return permissionList(model, model.arg(expr, 0)) === "open" ? { kind: "open", how: "AllowAny" } : { kind: "guard", how: "@permission_classes" };
  }
  const last = lastName(target) ?? "";
  if (name && (DJANGO_GUARD_DECORATORS.has(name) || FLASK_GUARD_DECORATORS.has(name))) return { kind: "guard", how: `@${last}` };
  // Flask-HTTPAuth: `auth = HTTPBasicAuth()` … `@auth.login_required`
  if (target?.type === "attribute") {
    const obj = target.childForFieldName("object");
    const type = obj ? model.typeOf(obj) : undefined;
    if (type && FLASK_AUTH_OBJECTS.has(type)) return { kind: "guard", how: `@${target.text}` };
  }
  if (GUARD_DECORATOR_NAME.test(last)) return { kind: "guard", how: `@${last}` };
  return undefined;
}

/**
 * A DRF permission list (`[IsAuthenticated]`, `(AllowAny,)`, `[IsOwner | IsAdminUser]`): `open` when every
 * entry is `AllowAny`, `guard` when any entry is something else, undefined when it is not a list.
 */
export function permissionList(model: ModuleModel, node: Node | null | undefined): "open" | "guard" | undefined {
  if (!node || (node.type !== "list" && node.type !== "tuple")) return undefined;
  const items = node.namedChildren.filter((c): c is Node => !!c && c.type !== "comment");
  if (!items.length) return "open";
  const open = items.every((c) => {
    const n = model.resolve(c) ?? "";
    return DRF_OPEN_PERMISSIONS.has(n) || c.text === "AllowAny" || c.text.endsWith(".AllowAny");
  });
  return open ? "open" : "guard";
}

/** True when an expression's text reads the current user (`request.user`, `current_user`, `g.user`, `self.request.user`). */
export function readsCurrentUser(text: string): boolean {
  return /\b(request\.user|current_user|g\.user|user)\b/.test(text);
}

/** `.is_staff`-like accesses: a dot, then (across spaces, line continuations and comments) a {@link USER_CHECK_ATTRIBUTES} name. */
const USER_CHECK_ATTRIBUTE_TEXT = new RegExp(`\\.(?:[\\s\\\\]|#[^\\n]*\\n)*(?:${[...USER_CHECK_ATTRIBUTES].join("|")})\\b`);

/**
 * Cheap per-file precheck for `attribute` handlers built on {@link userCheckOf} or {@link readsCurrentUser}: false
 * when the module's text has no attribute access named in {@link USER_CHECK_ATTRIBUTES} or never names a user, so
 * no attribute of the file can be a user check and the rule need not ask the engine for the (many) attribute nodes.
 */
export function mayCheckUserAttribute(text: string): boolean {
  return text.includes("user") && USER_CHECK_ATTRIBUTE_TEXT.test(text);
}

/**
 * Cheap per-file precheck for `identifier` handlers looking for the current user: false when the module's text
 * holds neither `current_user` nor `request.user`.
 */
export function mayNameCurrentUser(text: string): boolean {
  return text.includes("current_user") || text.includes("request.user");
}

/**
 * How a node inside a view's body checks the caller, or undefined: an attribute such as
 * `request.user.is_authenticated`/`has_perm`, a comparison with the current user (`obj.owner != request.user`), a
 * raise of `PermissionDenied`/`HTTPException(status_code=403)`, an `abort(401)`, a permission-check call.
 */
export function userCheckOf(model: ModuleModel, node: Node): string | undefined {
  switch (node.type) {
    case "attribute": {
      const attr = node.childForFieldName("attribute")?.text ?? "";
      if (!USER_CHECK_ATTRIBUTES.has(attr)) return undefined;
      const obj = node.childForFieldName("object");
      return obj && readsCurrentUser(obj.text) ? node.text : undefined;
    }
    case "comparison_operator": {
      const text = node.text;
      if (/\b(request\.user|current_user|g\.user)\b/.test(text) && node.namedChildren.length === 2) return text;
      return undefined;
    }
    case "raise_statement": {
      const e = node.namedChildren[0];
      const target = e?.type === "call" ? e.childForFieldName("function") : e;
      const last = lastName(target) ?? "";
      if (DENIAL_EXCEPTIONS.has(last)) return `raise ${last}`;
      if (e?.type === "call" && /HTTPException$/.test(last)) {
        const status = model.constant(model.arg(e, 0, "status_code"));
        if (typeof status === "number" && DENIAL_STATUSES.has(status)) return `raise ${last}(${status})`;
        const t = model.arg(e, 0, "status_code")?.text ?? "";
        if (/401|403|UNAUTHORIZED|FORBIDDEN/.test(t)) return `raise ${last}(${t})`;
      }
      return undefined;
    }
    case "call": {
      const fn = node.childForFieldName("function");
      const last = lastName(fn) ?? "";
      if (USER_CHECK_CALLS.has(last)) return `${last}()`;
      if (last === "abort") {
        const status = model.constant(model.arg(node, 0, "code"));
        if (typeof status === "number" && DENIAL_STATUSES.has(status)) return `abort(${status})`;
      }
      if (last === "HttpResponseForbidden" || last === "redirect_to_login") return `${last}()`;
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Node types {@link userCheckOf} reads. */
export const USER_CHECK_NODE_TYPES = ["attribute", "comparison_operator", "raise_statement", "call"] as const;

/**
 * The FastAPI dependency in a parameter list, decorator or annotation text that authenticates: `Depends(get_current_user)`,
 * `Security(oauth2_scheme)`, `Depends(verify_token)`. A dependency name bound to a `fastapi.security` scheme counts too.
 */
export function authDependencyIn(model: ModuleModel, text: string, offset: number): string | undefined {
  const re = /\b(?:Depends|Security)\(\s*([A-Za-z_][\w.]*)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const name = m[1];
    const last = name.split(".").pop() ?? name;
    if (FASTAPI_AUTH_DEPENDENCY_NAME.test(last)) return `Depends(${name})`;
    const b = model.lookup(name.split(".")[0], offset);
    const value = b?.value;
    if (value) {
      const type = model.typeOf(value) ?? (value.type === "call" ? model.callee(value) : undefined);
      if (type && FASTAPI_SECURITY_SCHEMES.has(type)) return `Depends(${name})`;
    }
  }
  return undefined;
}
