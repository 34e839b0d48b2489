/**
 * The per-file phase of the project-wide view model of the access-control rules (PW640 missing authorization,
 * PW641 IDOR): records, as plain facts ({@link ViewFact}, in `access-facts.ts`), every view (function or class),
 * how it is guarded, what it changes and where it is routed, plus the project's own base classes and mixins,
 * router/blueprint guards and global guards (DRF's `DEFAULT_PERMISSION_CLASSES`, Django's
 * `LoginRequiredMiddleware`); {@link ProjectViews} (in `access-resolve.ts`) then resolves, after every file is
 * read, the guard each view really has (inherited through project bases, routers included into a guarded app,
 * `urls.py` wrappers). Both rules record these facts through {@link viewFactHandlers} and resolve them with
 * {@link ProjectViews}, so they agree on which views are guarded. This module re-exports the fact types and the
 * resolution, so rules import the whole view model from here.
 */
import type { Handler, RuleContext } from "../types.js";

/** Handlers keyed by node type or qualified name, as a rule's `create` returns them. */
export type RuleHandlers = Record<string, Handler>;
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";
import type { Scope } from "../../model/scopes.js";
import { HANDLER_CLASSES } from "../../model/knowledge/frameworks/index.js";
import {
  DJANGO_EDITING_VIEWS,
  DJANGO_GUARD_MIXINS,
  DJANGO_GUARD_WRAPPERS,
  DJANGO_LOGIN_NOT_REQUIRED,
  DJANGO_LOGIN_REQUIRED_MIDDLEWARE,
  DJANGO_METHOD_DECORATOR,
  DJANGO_URL_FUNCTIONS,
  DRF_DEFAULT_PERMISSIONS_KEY,
  DRF_SETTINGS_NAME,
  DRF_VIEW_WRITES,
  FASTAPI_AUTH_MODULES,
  FASTAPI_ROUTERS,
  FLASK_AUTH_MODULES,
  FLASK_BEFORE_REQUEST_HOOKS,
  GUARD_DECORATOR_NAME,
  ORM_CERTAIN_WRITES,
  PRIVILEGED_GUARD,
  STATE_CHANGING_CALLS,
  STATE_CHANGING_METHODS,
  STATE_CHANGING_VIEW_METHODS,
} from "../../model/knowledge/access-control.js";
import {
  authDependencyIn,
  decoratorsOf,
  djangoMethodsOfDecorator,
  guardOfDecorator,
  lastName,
  mayCheckUserAttribute,
  mayNameCurrentUser,
  permissionList,
  routeOfDecorator,
  userCheckOf,
  type ViewFramework,
} from "./access-views.js";
import type { BodyData, HelperData, HookData, ViewData, ViewFact } from "./access-facts.js";

export type { BodyData, HelperData, HookData, ViewData, ViewFact } from "./access-facts.js";
export { isPublicRoute, isPublicView, ProjectViews, type ResolvedView } from "./access-resolve.js";

/** A name for a router or class expression that is the same in the module defining it and in modules importing it. */
export function routerName(model: ModuleModel, node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === "identifier") {
    const b = model.lookup(node.text, node.startIndex);
    if (b && b.kind !== "import") return model.moduleName ? `${model.moduleName}.${node.text}` : node.text;
  }
  return model.resolve(node) ?? node.text;
}

/** The scope a function or class definition is defined in (not the scope it opens). */
export function outerScope(model: ModuleModel, def: Node): Scope {
  const s = model.scopeAt(def.startIndex);
  return s.start >= def.startIndex && s.parent ? s.parent : s;
}

/** The function definition of a class body statement (through decorators). */
function defOf(stmt: Node | null): Node | undefined {
  const def = stmt?.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
  return def?.type === "function_definition" ? def : undefined;
}

/** True when a decorator expression is Django's `login_not_required` (or `method_decorator(login_not_required)`). */
function isLoginNotRequired(model: ModuleModel, expr: Node): boolean {
  const target = expr.type === "call" ? expr.childForFieldName("function") : expr;
  const name = target ? model.resolve(target) : undefined;
  if (name === DJANGO_LOGIN_NOT_REQUIRED || lastName(target) === "login_not_required") return true;
  if (expr.type === "call" && name === DJANGO_METHOD_DECORATOR) {
    const inner = model.arg(expr, 0, "decorator");
    return !!inner && isLoginNotRequired(model, inner);
  }
  return false;
}

/** Marks a body as guarded (first guard wins) and privileged when the guard's text says so. */
function setGuard(target: BodyData, how: string): void {
  if (!target.guard) target.guard = how;
  if (PRIVILEGED_GUARD.test(how)) target.privileged = true;
}

/**
 * The channel of the shared view facts (`RuleContext.shared`): rules that need the view model (PW640, PW641) get
 * one set of {@link viewFactHandlers} per file, recorded once under this channel, and list it in their
 * `factChannels`.
 */
export const ACCESS_VIEWS_CHANNEL = "access-views";

/** The view-fact handlers of the file, shared by every rule asking (see {@link ACCESS_VIEWS_CHANNEL}). */
export function sharedViewFacts(ctx: RuleContext): ReturnType<typeof viewFactHandlers> {
  return ctx.shared(ACCESS_VIEWS_CHANNEL, viewFactHandlers);
}

/**
 * Handlers that record the view facts of one file through `ctx.record`. Rules that need the view model (PW640,
 * PW641) take them through {@link sharedViewFacts} and merge them into their own handlers with
 * {@link mergeHandlers}; `viewOf` lets the caller find the view data of a node's enclosing function.
 */
export function viewFactHandlers(ctx: RuleContext): { handlers: RuleHandlers; viewOf: (node: Node) => ViewData | undefined } {
  const { model } = ctx;
  const mods = model.importedModules();
  const imports = (m: string): boolean => mods.includes(m);
  const fileFramework: "flask" | "fastapi" | undefined = imports("fastapi") ? "fastapi" : imports("flask") ? "flask" : undefined;
  const djangoFile = imports("django") || imports("rest_framework");
  /** View data by the start offset of its function or class scope. */
  const views = new Map<number, ViewData>();
  /** Method, hook and helper data by the function's start offset. */
  const bodies = new Map<number, BodyData>();
  /** Class view data by a method's start offset. */
  const classOfMethod = new Map<number, ViewData>();
  const record = (node: Node, data: ViewFact): void => ctx.record(node, data);

  const ownersOf = (node: Node): { view?: ViewData; body?: BodyData } => {
    const fn = model.enclosingFunction(node);
    if (!fn) return {};
    return { view: views.get(fn.start) ?? classOfMethod.get(fn.start), body: bodies.get(fn.start) };
  };
  const addChange = (node: Node, why: string): void => {
    const { view, body } = ownersOf(node);
    const target = body ?? view;
    if (target && !target.changes.includes(why)) target.changes.push(why);
  };
  const addGuard = (node: Node, how: string): void => {
    const { view, body } = ownersOf(node);
    const target = body ?? view;
    if (target) setGuard(target, how);
  };
  const readsUser = (node: Node): void => {
    const { view, body } = ownersOf(node);
    if (view) view.readsUser = true;
    if (body) body.readsUser = true;
  };

  const functionView = (def: Node): boolean => {
    const name = def.childForFieldName("name")?.text ?? "";
    const scope = outerScope(model, def);
    const decorators = decoratorsOf(def);
    let route: ReturnType<typeof routeOfDecorator>;
    let guard: string | null = null;
    let privileged = false;
    let open = false;
    let drfDecorator = false;
    let exempt = false;
    let djangoMethods: string[] | undefined;
    for (const d of decorators) {
      route ??= routeOfDecorator(model, d, fileFramework);
      const g = guardOfDecorator(model, d);
      if (g?.kind === "guard") {
        guard ??= g.how;
        if (PRIVILEGED_GUARD.test(d.text)) privileged = true;
      }
      if (g) drfDecorator = true;
      if (g?.kind === "open") open = true;
      if (isLoginNotRequired(model, d)) exempt = true;
      djangoMethods ??= djangoMethodsOfDecorator(model, d);
      if (fileFramework === "fastapi") {
        const dep = authDependencyIn(model, d.text, d.startIndex);
        if (dep) guard ??= dep;
      }
    }
    let framework: ViewFramework | undefined = route?.framework;
    const params = def.childForFieldName("parameters");
    const first = params?.namedChildren[0];
    const firstName = first?.type === "identifier" ? first.text : first?.childForFieldName("name")?.text ?? first?.namedChildren[0]?.text;
    if (!framework && djangoFile && scope.kind === "module" && firstName === "request") framework = "django";
    if (!framework) return false;
    if (framework === "fastapi" && params) {
      const dep = authDependencyIn(model, params.text, def.startIndex);
      if (dep) guard ??= dep;
      // `user: CurrentUser` where `CurrentUser = Annotated[User, Depends(get_current_user)]`
      for (const p of params.namedChildren) {
        const type = p?.childForFieldName("type");
        const id = type?.namedChildren[0]?.type === "identifier" ? type.namedChildren[0] : type;
        if (guard || id?.type !== "identifier") continue;
        const alias = model.lookup(id.text, id.startIndex)?.value;
        const viaAlias = alias ? authDependencyIn(model, alias.text, alias.startIndex) : undefined;
        if (viaAlias) guard = `${id.text} (${viaAlias})`;
      }
    }
    const data: ViewData = {
      kind: "view",
      framework,
      name,
      qname: model.moduleName ? `${model.moduleName}.${name}` : name,
      methodsAllowed: route?.methods ?? djangoMethods ?? [],
      changes: [],
      guard,
      open,
      drfDefault: framework === "drf" && !drfDecorator,
    };
    if (guard && (privileged || PRIVILEGED_GUARD.test(guard))) data.privileged = true;
    if (exempt) data.exempt = true;
    if (!route && !djangoMethods && !guard && !/(^|\.)(views?|api|endpoints?|handlers?)(\.|_|$)/.test(model.moduleName)) data.byParameter = true;
    if (route?.receiver) data.router = routerName(model, route.receiver);
    if (route?.rule) data.rule = route.rule;
    views.set(def.startIndex, data);
    record(def.childForFieldName("name") ?? def, data);
    return true;
  };

  const classView = (cls: Node): void => {
    const name = cls.childForFieldName("name")?.text ?? "";
    const baseNodes = (cls.childForFieldName("superclasses")?.namedChildren ?? []).filter((b): b is Node => !!b && b.type !== "keyword_argument");
    if (!baseNodes.length) return;
    let framework: ViewFramework | undefined;
    let guard: string | null = null;
    let privileged = false;
    const changes: string[] = [];
    const bases: string[] = [];
    for (const b of baseNodes) {
      const q = model.resolve(b) ?? "";
      const last = lastName(b) ?? "";
      const own = routerName(model, b);
      if (own) bases.push(own);
      if (/^rest_framework\.(views|generics|viewsets|mixins)\./.test(q) || Object.hasOwn(DRF_VIEW_WRITES, q)) framework = "drf";
      else if (HANDLER_CLASSES.get(q) === "django.view" || DJANGO_EDITING_VIEWS.has(q) || q.startsWith("django.views.")) framework ??= "django";
      else if (HANDLER_CLASSES.get(q) === "flask.view") framework ??= "flask";
      if (DJANGO_GUARD_MIXINS.has(q) || /^(LoginRequired|PermissionRequired|UserPassesTest|StaffRequired|SuperuserRequired|AdminRequired|Staffuser|Superuser|GroupRequired)\w*Mixin$/.test(last)) {
        guard ??= last;
        if (PRIVILEGED_GUARD.test(last)) privileged = true;
      }
      for (const w of DRF_VIEW_WRITES[q] ?? []) if (!changes.includes(w)) changes.push(w);
      if (DJANGO_EDITING_VIEWS.has(q)) changes.push(`${last} (writes on POST)`);
    }
    let open = false;
    let hasPermissions = false;
    let exempt = false;
    for (const d of decoratorsOf(cls)) {
      if (isLoginNotRequired(model, d)) exempt = true;
      const fnName = d.type === "call" ? model.callee(d) : undefined;
      if (fnName === DJANGO_METHOD_DECORATOR) {
        const inner = d.type === "call" ? model.arg(d, 0, "decorator") : undefined;
        const g = inner ? guardOfDecorator(model, inner) : undefined;
        if (g?.kind === "guard") {
          guard ??= `method_decorator(${g.how.slice(1)})`;
          if (PRIVILEGED_GUARD.test(inner?.text ?? "")) privileged = true;
        } else if (inner && (inner.type === "list" || inner.type === "tuple")) {
          for (const i of inner.namedChildren) if (i && guardOfDecorator(model, i)?.kind === "guard") guard ??= "method_decorator";
        }
      }
    }
    const body = cls.childForFieldName("body");
    const methodData: Record<string, BodyData> = {};
    const pending: [number, BodyData][] = [];
    for (const stmt of body?.namedChildren ?? []) {
      if (stmt?.type === "expression_statement" && stmt.namedChildren[0]?.type === "assignment") {
        const a = stmt.namedChildren[0];
        const left = a.childForFieldName("left")?.text;
        const right = a.childForFieldName("right");
        if (left === "permission_classes") {
          hasPermissions = true;
          const p = permissionList(model, right);
          if (p === "open") open = true;
          else {
            guard ??= "permission_classes";
            if (PRIVILEGED_GUARD.test(right?.text ?? "")) privileged = true;
          }
        } else if (left === "decorators" && right) {
          // Flask MethodView: `decorators = [login_required]`
          for (const i of right.namedChildren) if (i && guardOfDecorator(model, i)?.kind === "guard") guard ??= `decorators = [${i.text}]`;
        } else if (left === "http_method_names" && right) {
          const v = model.constant(right);
          if (Array.isArray(v) && v.every((x) => typeof x === "string" && !STATE_CHANGING_METHODS.has(x.toUpperCase()))) changes.length = 0;
        }
        continue;
      }
      const def = defOf(stmt);
      if (!def) continue;
      const mname = def.childForFieldName("name")?.text ?? "";
      if (["get_permissions", "has_permission", "test_func", "check_permissions"].includes(mname)) guard ??= `${mname}()`;
      const m: BodyData = { changes: STATE_CHANGING_VIEW_METHODS.has(mname) ? [mname] : [], guard: null };
      for (const d of decoratorsOf(def)) {
        const g = guardOfDecorator(model, d);
        if (g?.kind === "guard") setGuard(m, g.how);
        if (d.type === "call" && model.callee(d) === DJANGO_METHOD_DECORATOR) {
          const inner = model.arg(d, 0, "decorator");
          if (inner && guardOfDecorator(model, inner)?.kind === "guard") setGuard(m, `method_decorator(${inner.text})`);
          if (inner && mname === "dispatch" && isLoginNotRequired(model, inner)) exempt = true;
        }
      }
      methodData[mname] = m;
      pending.push([def.startIndex, m]);
    }
    const data: ViewData = {
      kind: "view",
      framework,
      name,
      qname: model.moduleName ? `${model.moduleName}.${name}` : name,
      methodsAllowed: [],
      changes,
      guard,
      open,
      drfDefault: !hasPermissions,
      methods: methodData,
      bases,
    };
    if (privileged) data.privileged = true;
    if (exempt) data.exempt = true;
    views.set(cls.startIndex, data);
    for (const [start, m] of pending) {
      bodies.set(start, m);
      classOfMethod.set(start, data);
    }
    record(cls.childForFieldName("name") ?? cls, data);
  };

  function authImport(node: Node, module: string): void {
    const top = module.split(".")[0];
    if (module.startsWith("django.contrib.auth")) record(node, { kind: "auth", framework: "django", how: `imports ${module}` });
    if (module === "rest_framework.permissions" || module === "rest_framework.authentication") record(node, { kind: "auth", framework: "drf", how: `imports ${module}` });
    if (FLASK_AUTH_MODULES.has(top)) record(node, { kind: "auth", framework: "flask", how: `imports ${module}` });
    if (FASTAPI_AUTH_MODULES.has(module) || FASTAPI_AUTH_MODULES.has(top)) record(node, { kind: "auth", framework: "fastapi", how: `imports ${module}` });
  }

  /** `path("route/", view)` in a `urls.py`: the guard wrapped around the view (if any) and the route text. */
  function urlPattern(call: Node): void {
    const routeNode = model.arg(call, 0, "route");
    const route = model.constant(routeNode);
    let view = model.arg(call, 1, "view");
    let how: string | undefined;
    for (let i = 0; i < 4 && view?.type === "call"; i++) {
      const callee = model.callee(view);
      const fn = view.childForFieldName("function");
      if (callee && DJANGO_GUARD_WRAPPERS.has(callee)) how ??= lastName(fn);
      else if (fn && GUARD_DECORATOR_NAME.test(lastName(fn) ?? "")) how ??= lastName(fn);
      if (fn?.type === "attribute" && fn.childForFieldName("attribute")?.text === "as_view") view = fn.childForFieldName("object") ?? undefined;
      else if (callee && DJANGO_GUARD_WRAPPERS.has(callee)) view = model.arg(view, 0, "function");
      else if (fn?.type === "call") view = fn; // `login_required(login_url=…)(view)`
      else view = model.arg(view, 0);
    }
    if (!view || (view.type !== "identifier" && view.type !== "attribute")) return;
    const target = routerName(model, view);
    if (!target) return;
    const fact: ViewFact = { kind: "route", target };
    if (typeof route === "string") fact.route = route;
    if (how) fact.how = how;
    record(call, fact);
  }

  /** `bp.before_request(login_required(lambda: None))` / `bp.before_request(check_admin)`. */
  function beforeRequestCall(call: Node, receiver: Node): void {
    const router = routerName(model, receiver) ?? "";
    const a = model.arg(call, 0, "f");
    if (!a) return;
    if (a.type === "call") {
      const g = guardOfDecorator(model, a);
      if (g?.kind === "guard") record(call, { kind: "router-guard", router, how: `before_request(${g.how.slice(1)})` });
    } else if (a.type === "identifier" || a.type === "attribute") {
      const g = guardOfDecorator(model, a);
      if (g?.kind === "guard") record(call, { kind: "router-guard", router, how: `before_request(${a.text})` });
      else record(call, { kind: "hook-ref", router, target: routerName(model, a) ?? a.text });
    }
  }

  const handlers: RuleHandlers = {
    function_definition(def) {
      const scope = outerScope(model, def);
      if (scope.kind !== "module") return; // methods are read with their class; nested helpers are not views
      const isView = functionView(def);
      // Flask: `@bp.before_request` hook that checks the user (in its body, or by a guard decorator) guards `bp`
      let hook = false;
      for (const d of decoratorsOf(def)) {
        const target = d.type === "call" ? d.childForFieldName("function") : d;
        if (target?.type !== "attribute") continue;
        const name = target.childForFieldName("attribute")?.text ?? "";
        if (!FLASK_BEFORE_REQUEST_HOOKS.has(name)) continue;
        hook = true;
        const router = routerName(model, target.childForFieldName("object"));
        // the body's checks land in `guard` as the handlers visit it (facts are read after the file)
        const data: HookData = { kind: "hook", router: router ?? "", changes: [], guard: null };
        for (const other of decoratorsOf(def)) {
          const g = guardOfDecorator(model, other);
          if (g?.kind === "guard") setGuard(data, g.how);
        }
        bodies.set(def.startIndex, data);
        record(def.childForFieldName("name") ?? def, data);
      }
      if (!isView && !hook && fileFramework === "flask") {
        const name = def.childForFieldName("name")?.text ?? "";
        const data: HelperData = { kind: "helper", qname: model.moduleName ? `${model.moduleName}.${name}` : name, changes: [], guard: null };
        bodies.set(def.startIndex, data);
        record(def.childForFieldName("name") ?? def, data);
      }
    },
    class_definition(cls) {
      if (outerScope(model, cls).kind !== "module") return;
      classView(cls);
    },
    identifier(node) {
      if (node.text === "current_user" || (node.text === "user" && node.parent?.type === "attribute" && /\brequest\.user\b/.test(node.parent.text))) readsUser(node);
    },
    attribute(node) {
      const how = userCheckOf(model, node);
      if (how) addGuard(node, how);
    },
    comparison_operator(node) {
      const how = userCheckOf(model, node);
      if (how) addGuard(node, how);
    },
    raise_statement(node) {
      const how = userCheckOf(model, node);
      if (how) addGuard(node, how);
    },
    call(call) {
      const how = userCheckOf(model, call);
      if (how) addGuard(call, how);
      const name = model.callee(call);
      if (name && STATE_CHANGING_CALLS.has(name)) {
        addChange(call, name);
        return;
      }
      if (name && DJANGO_URL_FUNCTIONS.has(name)) {
        urlPattern(call);
        return;
      }
      if (name && (FASTAPI_ROUTERS.has(name) || FASTAPI_ROUTERS.has(model.typeOf(call) ?? ""))) {
        const deps = model.args(call).keywords.get("dependencies");
        const dep = deps ? authDependencyIn(model, deps.text, call.startIndex) : undefined;
        const assign = call.parent?.type === "assignment" ? call.parent : undefined;
        const left = assign?.childForFieldName("left");
        if (dep && left) record(call, { kind: "router-guard", router: routerName(model, left) ?? "", how: dep });
        return;
      }
      const fn = call.childForFieldName("function");
      if (fn?.type !== "attribute") return;
      const method = fn.childForFieldName("attribute")?.text ?? "";
      const receiver = fn.childForFieldName("object");
      if ((method === "include_router" || method === "register_blueprint") && receiver) {
        const routerArg = model.arg(call, 0, method === "include_router" ? "router" : "blueprint");
        if (!routerArg) return;
        const child = routerName(model, routerArg) ?? "";
        const deps = model.args(call).keywords.get("dependencies");
        const dep = deps ? authDependencyIn(model, deps.text, call.startIndex) : undefined;
        if (dep) record(call, { kind: "router-guard", router: child, how: dep });
        record(call, { kind: "include", parent: routerName(model, receiver) ?? "", child });
        return;
      }
      if (FLASK_BEFORE_REQUEST_HOOKS.has(method) && receiver && fileFramework === "flask") {
        beforeRequestCall(call, receiver);
        return;
      }
      if (ORM_CERTAIN_WRITES.has(method)) {
        addChange(call, `.${method}()`);
        return;
      }
      if ((method === "create" || method === "update" || method === "add") && receiver) {
        const rt = receiver.text;
        if (/\bobjects\b|\.filter\(|\.exclude\(|\.all\(\)|\bsession\b|\.query\b|\.set\b/.test(rt)) addChange(call, `.${method}()`);
      }
    },
    assignment(node) {
      // settings: `REST_FRAMEWORK = {"DEFAULT_PERMISSION_CLASSES": [...]}`, `MIDDLEWARE = [...]`
      const left = node.childForFieldName("left");
      const right = node.childForFieldName("right");
      if (left?.type !== "identifier" || !right || model.scopeAt(node.startIndex).kind !== "module") return;
      if (left.text === DRF_SETTINGS_NAME && right.type === "dictionary") {
        for (const pair of right.namedChildren) {
          if (pair?.type !== "pair") continue;
          const key = model.constant(pair.childForFieldName("key"));
          if (key === DRF_DEFAULT_PERMISSIONS_KEY) {
            record(node, { kind: "drf-default", guarded: permissionList(model, pair.childForFieldName("value")) === "guard" });
          }
          if (key === DRF_DEFAULT_PERMISSIONS_KEY || key === "DEFAULT_AUTHENTICATION_CLASSES") record(node, { kind: "auth", framework: "drf", how: `settings ${String(key)}` });
        }
      }
      if (left.text === "MIDDLEWARE" || left.text === "MIDDLEWARE_CLASSES") {
        if (/AuthenticationMiddleware/.test(right.text)) record(node, { kind: "auth", framework: "django", how: "AuthenticationMiddleware" });
        const v = model.constant(right);
        if (Array.isArray(v) && v.includes(DJANGO_LOGIN_REQUIRED_MIDDLEWARE)) {
          record(node, { kind: "global-guard", framework: "django", how: "LoginRequiredMiddleware" });
          record(node, { kind: "global-guard", framework: "drf", how: "LoginRequiredMiddleware" });
        }
      }
    },
    import_from_statement(node) {
      const module = node.childForFieldName("module_name")?.text.replace(/\s+/g, "") ?? "";
      authImport(node, module);
    },
    import_statement(node) {
      for (const item of node.childrenForFieldName("name")) {
        const dotted = (item?.type === "aliased_import" ? item.childForFieldName("name")?.text : item?.text) ?? "";
        authImport(node, dotted.replace(/\s+/g, ""));
      }
    },
  };
  // `identifier` and `attribute` are the commonest node types: ask for them only where they can matter
  if (!mayNameCurrentUser(ctx.file.text)) delete handlers.identifier;
  if (!mayCheckUserAttribute(ctx.file.text)) delete handlers.attribute;
  const viewOf = (node: Node): ViewData | undefined => {
    const { view } = ownersOf(node);
    return view;
  };
  return { handlers, viewOf };
}

/** Runs two handler tables as one: both handlers of a key run, `a`'s first. */
export function mergeHandlers(a: RuleHandlers, b: RuleHandlers): RuleHandlers {
  const out: RuleHandlers = { ...a };
  for (const [k, h] of Object.entries(b)) {
    const first: Handler | undefined = out[k];
    out[k] = first
      ? (node: Node, key: string) => {
          first(node, key);
          h(node, key);
        }
      : h;
  }
  return out;
}
