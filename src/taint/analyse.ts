/**
 * The per-file taint analysis: every function of a module (and the module body) is analysed once,
 * flow-sensitively over its statements, into a summary (plain data, see `summary.ts`); flows from a source to a
 * sink that are complete inside the module are returned as concrete flows for the per-file phase to report.
 *
 * Statements: assignments (plain, augmented, tuple unpacking, walrus, `with … as`, `for` targets), `return`,
 * `if`/`elif`/`else` (a compile-time constant test follows only the live branch; other tests refine the branches
 * through guards), loops (iterated to a small fixpoint), `try`, `match`, `del`, `assert`, `break`/`continue`,
 * calls that never return. Expressions: operators, f-strings, `%`, `.format`, `join`, slicing, string methods,
 * comprehensions, conditional expressions, containers with constant keys (field-sensitive), `self` attributes.
 *
 * Expressions nest without limit in the tree; evaluation recurses at most {@link MAX_EXPR_DEPTH} levels and
 * past that takes the union of the identifiers inside (one native `descendantsOfType` query).
 */
import type { Node } from "../parse/parser.js";
import type { SourceFile } from "../parse/source.js";
import type { PathStep } from "../engine/finding.js";
import type { ModuleModel } from "../model/module.js";
import type { Scope } from "../model/scopes.js";
import {
  DJANGO_VIEW_HINTS,
  DJANGO_VIEW_METHODS,
  FASTAPI_DEPENDENCY_DEFAULTS,
  FASTAPI_SAFE_ANNOTATIONS,
  FASTAPI_STRUCTURED_ANNOTATIONS,
  GUARD_METHODS,
  GUARDS,
  MAC_COMPARISONS,
  MAC_FUNCTIONS,
  HANDLER_CLASSES,
  LIBRARY_ROOTS,
  METHOD_SINKS,
  MUTATING_METHODS,
  NO_RETURN,
  OBJECT_ANNOTATIONS,
  OBJECT_NAMES,
  OBJECT_TYPES,
  PATH_RESOLVERS,
  REGEX_GUARD_FUNCTIONS,
  REGISTRATIONS,
  ROUTES,
  SANITIZERS,
  SCALAR_METHODS,
  SESSION_FACTORIES,
  SESSION_NAMES,
  LOCAL_SOURCE_TEXT,
  SINKS,
  SOURCE_CALLS,
  SOURCE_MODULE_ROOTS,
  SOURCE_NAMES,
  SQL_BUILDER_METHODS,
  STRUCTURING_CALLS,
  URL_HOST_ATTRIBUTES,
  URL_PARSERS,
  type ArgCondition,
  type ArgRef,
  type DataSpec,
  type MethodSinkSpec,
  type RouteSpec,
  type SinkKind,
  type SinkSpec,
  type SourceSpec,
  type ThreatModel,
} from "../model/knowledge/frameworks/index.js";
import { looksLikeSql } from "../rules/util/sql.js";
import { HTTP_BODY_HANDLER_BASES } from "../model/knowledge/frameworks/stdlib.js";
import type { CallSite, FunctionSummary, ModuleSummary, ObjectSite, RouteConverters, SinkAnchor, SinkHit, SinkSite, SourceSite, UrlParam } from "./summary.js";
import {
  ALL_KINDS,
  EMPTY,
  FLAG_STRUCTURED,
  KIND_BIT,
  SCALAR_BIT,
  appendPath,
  clean,
  concatTrail,
  extend,
  field,
  flat,
  isEmpty,
  join,
  labelKind,
  mapEntries,
  maskOf,
  mayBeStructured,
  sameTaint,
  serialStep,
  serialise,
  single,
  splitPath,
  trailSteps,
  withField,
  withFlags,
  withStep,
  withUnplaced,
  type Entry,
  type SerialStep,
  type Trail,
  type Value,
} from "./value.js";

/** Recursion limit of expression evaluation; deeper expressions fall back to the union of their identifiers. */
export const MAX_EXPR_DEPTH = 120;
/** Recursion limit of nested statements (Python itself stops at 100 indentation levels). */
const MAX_STMT_DEPTH = 100;
/** Iterations of a loop body at most (the fixpoint of loop-carried flows is usually reached after 2). */
const MAX_LOOP_ITERATIONS = 3;
/** Nested on-demand analyses of same-module callees at most. */
const MAX_CALL_DEPTH = 40;
/** Redirect and request targets built after this prefix keep their host: `"/profile/" + name`, `"https://api.example.com/" + p`. */
const SAFE_URL_PREFIX = /^(?:[a-z][a-z0-9+.-]*:)?\/\/[^/?#\\]+[/?#]|^\/[^/\\]|^[?#]/i;

/** Options of the per-file analysis. */
export interface AnalyseOptions {
  model: ModuleModel;
  file: SourceFile;
  /** Dotted module name. */
  moduleName: string;
  /** Nodes collected by the engine's traversal (function and class definitions are taken from them). */
  nodes: readonly Node[];
  /** Sink kinds whose rules run: hits are recorded only for these. */
  kinds: ReadonlySet<SinkKind>;
  /** Threat models whose sources count (default: remote). */
  threats?: ReadonlySet<ThreatModel>;
  /**
   * Dotted names of every module of the scanned project: a call into one of them is recorded for the project
   * phase. Undefined: only modules of this file's own top-level package count.
   */
  projectModules?: ReadonlySet<string>;
  /** Identity and suppressions of a finding at `node`. */
  anchor(node: Node): SinkAnchor;
  /** Stop analysing after this time (performance.now()); the summary is then partial. */
  deadline?: number;
}

/** A flow complete inside the module: a concrete source reaches a sink. */
export interface LocalFlow {
  kind: SinkKind;
  /** The node flagged (the sink call, the returned value, the assignment). */
  node: Node;
  sink: SinkSite;
  source: SourceSite;
  /** Steps between the source and the sink. */
  steps: PathStep[];
}

/** What the per-file analysis produces. */
export interface ModuleAnalysis {
  summary: ModuleSummary;
  flows: LocalFlow[];
  /** The analysis stopped at its deadline. */
  partial: boolean;
}

/** Analysis state of one function: variable values, and whether the point is reachable. */
class State {
  vars: Map<string, Value>;
  dead = false;
  constructor(vars?: Map<string, Value>) {
    this.vars = vars ?? new Map();
  }
  clone(): State {
    const s = new State(new Map(this.vars));
    s.dead = this.dead;
    return s;
  }
  assign(other: State): void {
    this.vars = other.vars;
    this.dead = other.dead;
  }
}

/** Joins states; dead ones contribute nothing. */
function joinStates(states: readonly State[]): State {
  const live = states.filter((s) => !s.dead);
  if (!live.length) {
    const s = new State(new Map(states[0]?.vars ?? []));
    s.dead = true;
    return s;
  }
  if (live.length === 1) return live[0].clone();
  const vars = new Map(live[0].vars);
  for (let i = 1; i < live.length; i++) {
    for (const [k, v] of live[i].vars) {
      const old = vars.get(k);
      vars.set(k, old ? join(old, v) : v);
    }
  }
  return new State(vars);
}

function sameState(a: State, b: State): boolean {
  if (a.dead !== b.dead || a.vars.size !== b.vars.size) return false;
  for (const [k, v] of a.vars) {
    const o = b.vars.get(k);
    if (!o || !sameTaint(v, o)) return false;
  }
  return true;
}

/** Guard refinement: variables cleaned (mask per variable) where the test holds (`t`) or fails (`f`). */
interface Refinement {
  t: Map<string, number>;
  f: Map<string, number>;
}
const NO_REFINEMENT: Refinement = { t: new Map(), f: new Map() };

/** A function (or the module body, or a class) of the module. */
interface Fn {
  qn: string;
  node: Node;
  kind: "function" | "module" | "class";
  scope?: Scope;
  params: string[];
  paramNodes: Node[];
  varargs?: number;
  kwargs?: number;
  /** Defined in a class and neither static nor a class method: `P0` is the instance. */
  method: boolean;
  classQn?: string;
  /** Name of the first parameter of a method (`self`, `cls`). */
  selfName?: string;
  state: 0 | 1 | 2;
  returns: Value;
  hits: Map<string, { sink: number; label: string; entry: Entry }>;
  selfAttrs: Map<string, Value>;
  /** Same-module functions it calls. */
  localCalls: Set<string>;
  /** Its call sites into other modules (indexes into the module's call table; copies included). */
  callSites: Set<number>;
  route?: RouteSpec;
  /** Flask rule parameters: name → converter. */
  ruleParams?: Map<string, string>;
  /** The view's returned string is an HTML body. */
  htmlReturn?: boolean;
}

/** Per-analysis frame: the function being analysed and what it collects. */
interface Frame {
  fn: Fn;
  loops: { breaks: State[]; continues: State[] }[];
  exits: State[];
}

const nodeStep = (file: SourceFile, node: Node, label: string): PathStep => {
  const s = file.position(node.startIndex);
  const e = file.position(node.endIndex);
  return { path: file.path, line: s.line, column: s.column, endLine: e.line, endColumn: e.column, label };
};

/** Key of a constant subscript: `"name"` for strings, `0` for non-negative integers. */
function constKey(c: unknown): string | undefined {
  if (typeof c === "string") return JSON.stringify(c);
  if (typeof c === "number" && Number.isInteger(c) && c >= 0) return String(c);
  return undefined;
}

/** True when a constant regex admits only "harmless" characters: no wildcard, no negated class, no `\S \W \D`. */
function restrictivePattern(p: string): boolean {
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === "\\") {
      const n = p[i + 1];
      if (n === "S" || n === "W" || n === "D") return false;
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") {
      inClass = true;
      if (p[i + 1] === "^") return false;
      continue;
    }
    if (c === ".") return false;
  }
  return true;
}

/** True when the pattern is anchored at the end (`$` or `\Z`). */
function anchoredAtEnd(p: string): boolean {
  return /(?:^|[^\\])\$$/.test(p) || p.endsWith("\\Z") || p.endsWith("\\z");
}

/** The per-module analyser. */
class ModuleAnalyser {
  private readonly model: ModuleModel;
  private readonly file: SourceFile;
  private readonly text: string;
  private readonly module: string;
  private readonly kinds: number;
  private readonly threats: ReadonlySet<ThreatModel>;
  private readonly imports: ReadonlySet<string>;
  /** Sources that are a Django class-based view's `self.kwargs`, by index: the view class. */
  private readonly kwargsSources = new Map<number, string>();
  private readonly sources: SourceSite[] = [];
  private readonly sourceKeys = new Map<string, number>();
  /** The data spec of source `S<n>` when it has attributes the framework cleaned (`request.FILES[k].name`). */
  private readonly sourceSpecs = new Map<number, DataSpec>();
  private readonly objects: ObjectSite[] = [];
  private readonly objectKeys = new Map<string, number>();
  private readonly calls: { site: Omit<CallSite, "args" | "kwargs" | "receiver" | "spread">; args: Value[]; kwargs: Map<string, Value>; receiver?: Value; spread?: Value }[] = [];
  private readonly callKeys = new Map<number, number>();
  private readonly clonedCalls = new Map<string, number>();
  private readonly handlerCache = new Map<string, string | undefined>();
  /** Per function node id: whether a body it writes by hand may be HTML (see `htmlContentType`). */
  private readonly contentTypes = new Map<number, boolean>();
  private readonly sinks: SinkSite[] = [];
  private readonly sinkKeys = new Map<string, number>();
  private readonly sinkNodes: Node[] = [];
  private readonly flows = new Map<string, { sink: number; source: number; entry: Entry }>();
  /** Function and class definition nodes by qualified name. */
  private readonly defs = new Map<string, Node>();
  private readonly fns = new Map<string, Fn>();
  /** Concrete taint written to `self.<attr>` in any method, per class (the attribute is tainted for every method). */
  private readonly classAttrs = new Map<string, Map<string, Value>>();
  private readonly classScanned = new Set<string>();
  private readonly frames: Frame[] = [];
  private moduleFn!: Fn;
  private moduleState: State | undefined;
  private readonly registered = new Map<string, RouteSpec>();
  private budgetTick = 0;
  partial = false;

  constructor(private readonly opts: AnalyseOptions) {
    this.model = opts.model;
    this.file = opts.file;
    this.text = opts.file.text;
    this.module = opts.moduleName;
    let k = 0;
    for (const kind of opts.kinds) k |= KIND_BIT[kind];
    this.kinds = k;
    this.threats = opts.threats ?? new Set(["remote"]);
    this.imports = new Set(this.model.importedModules());
  }

  // ------------------------------------------------------------------------------------------ entry point

  run(): ModuleAnalysis {
    for (const n of this.opts.nodes) {
      if (n.type !== "function_definition" && n.type !== "class_definition") continue;
      const scope = this.model.scopeAt(n.startIndex);
      if (!scope.node || scope.node.id !== n.id) continue;
      this.defs.set(this.qualify(scope.path), n);
    }
    if (this.imports.has("aiohttp")) this.findRegistrations();
    const root = this.model.tree.rootNode;
    this.moduleFn = this.newFn(`${this.qualify("<module>")}`, root, "module");
    try {
      this.analyse(this.moduleFn);
      for (const [qn, node] of this.defs) {
        if (node.type !== "function_definition") continue;
        const fn = this.fnFor(qn);
        if (fn && fn.state === 0) this.analyse(fn);
      }
    } catch (err) {
      if (err !== DEADLINE) throw err;
      this.partial = true;
    }
    return { summary: this.summary(), flows: this.localFlows(), partial: this.partial };
  }

  private qualify(path: string): string {
    return this.module ? `${this.module}.${path}` : path;
  }

  private tick(): void {
    if ((++this.budgetTick & 1023) === 0 && this.opts.deadline !== undefined && performance.now() > this.opts.deadline) throw DEADLINE;
  }

  // ------------------------------------------------------------------------------------------ functions

  private newFn(qn: string, node: Node, kind: Fn["kind"]): Fn {
    const fn: Fn = { qn, node, kind, params: [], paramNodes: [], method: false, state: 0, returns: EMPTY, hits: new Map(), selfAttrs: new Map(), localCalls: new Set(), callSites: new Set() };
    this.fns.set(qn, fn);
    return fn;
  }

  /** The function (or class) `qn` of this module, created on first use. */
  private fnFor(qn: string): Fn | undefined {
    const known = this.fns.get(qn);
    if (known) return known;
    const node = this.defs.get(qn);
    if (!node) return undefined;
    if (node.type === "class_definition") return this.newFn(qn, node, "class");
    const fn = this.newFn(qn, node, "function");
    const scope = this.model.scopeAt(node.startIndex);
    fn.scope = scope;
    const params = node.childForFieldName("parameters");
    for (const p of params?.namedChildren ?? []) {
      if (!p) continue;
      let nameNode: Node | null = null;
      switch (p.type) {
        case "identifier":
          nameNode = p;
          break;
        case "default_parameter":
        case "typed_default_parameter":
          nameNode = p.childForFieldName("name");
          break;
        case "typed_parameter":
          nameNode = p.namedChildren.find((c) => c?.type === "identifier") ?? p.namedChildren[0]?.namedChildren.find((c) => c?.type === "identifier") ?? null;
          if (p.namedChildren[0]?.type === "list_splat_pattern") fn.varargs = fn.params.length;
          if (p.namedChildren[0]?.type === "dictionary_splat_pattern") fn.kwargs = fn.params.length;
          break;
        case "list_splat_pattern":
          nameNode = p.namedChildren.find((c) => c?.type === "identifier") ?? null;
          fn.varargs = fn.params.length;
          break;
        case "dictionary_splat_pattern":
          nameNode = p.namedChildren.find((c) => c?.type === "identifier") ?? null;
          fn.kwargs = fn.params.length;
          break;
        default:
          continue; // `*`, `/` separators
      }
      if (!nameNode) continue;
      fn.params.push(nameNode.text);
      fn.paramNodes.push(p);
    }
    const parent = scope.parent;
    if (parent?.kind === "class") {
      fn.classQn = this.qualify(parent.path);
      const decorators = this.decorators(node).map((d) => d.text);
      const isStatic = decorators.some((d) => /^@\s*staticmethod\b/.test(d));
      const isClassMethod = decorators.some((d) => /^@\s*classmethod\b/.test(d));
      if (!isStatic && fn.params.length) {
        fn.selfName = fn.params[0];
        fn.method = !isClassMethod;
      }
    }
    this.detectRoute(fn);
    return fn;
  }

  /** The decorators of a function or class definition. */
  private decorators(node: Node): Node[] {
    const parent = node.parent;
    if (parent?.type !== "decorated_definition") return [];
    return parent.namedChildren.filter((c): c is Node => c?.type === "decorator");
  }

  /** Marks route handlers: decorated with a route decorator, or registered with `add_get(…)`. */
  private detectRoute(fn: Fn): void {
    for (const d of this.decorators(fn.node)) {
      const expr = d.namedChildren[0];
      if (expr?.type !== "call") continue;
      const route = ROUTES.get(this.model.callee(expr) ?? "") ?? this.guessRoute(expr);
      if (!route) continue;
      fn.route = route;
      if (route.framework === "flask" && route.rule) {
        const rule = this.model.constant(this.model.arg(expr, route.rule.position, route.rule.keyword));
        fn.ruleParams = new Map();
        if (typeof rule === "string") {
          for (const m of rule.matchAll(/<(?:([a-zA-Z_][\w]*)(?:\([^)]*\))?:)?([a-zA-Z_]\w*)>/g)) fn.ruleParams.set(m[2], m[1] ?? "string");
        }
      }
      if (route.returns === "html") fn.htmlReturn = true;
      if (route.returns === "json-unless-html-class") {
        const rc = this.model.arg(expr, undefined, "response_class");
        const name = rc ? (this.model.resolve(rc) ?? rc.text) : "";
        if (/HTMLResponse$/.test(name)) fn.htmlReturn = true;
      }
      return;
    }
    const reg = this.registered.get(fn.qn);
    if (reg) fn.route = reg;
  }

  /**
   * A route decorator on an application object the model cannot type (`from app import app`, a blueprint made
   * in another module): `@x.route(…)`, `@x.get(…)`… in a file that imports the framework.
   */
  private guessRoute(expr: Node): RouteSpec | undefined {
    const m = this.model.methodName(expr);
    if (!m || !/^(route|get|post|put|patch|delete|api_route)$/.test(m)) return undefined;
    const fn = expr.childForFieldName("function");
    const recv = fn?.childForFieldName("object");
    const r = recv ? this.model.resolveRef(recv, 0) : undefined;
    if (r?.instance) return undefined; // a typed object the tables do not list as a router
    if (this.imports.has("fastapi") || this.imports.has("starlette")) return ROUTES.get(`fastapi.FastAPI.${m === "route" ? "api_route" : m}`);
    if (this.imports.has("flask") || this.imports.has("quart")) return m === "api_route" ? undefined : ROUTES.get(`flask.Flask.${m}`);
    if (this.imports.has("aiohttp")) return ROUTES.get(`aiohttp.web.RouteTableDef.${m === "api_route" ? "route" : m}`);
    return undefined;
  }

  /** aiohttp: handlers registered with `router.add_get(path, handler)` or `web.get(path, handler)`. */
  private findRegistrations(): void {
    for (const call of this.model.tree.rootNode.descendantsOfType("call")) {
      if (!call) continue;
      const name = this.model.callee(call);
      const reg = (name && REGISTRATIONS.get(name)) || REGISTRATIONS.get(this.model.methodName(call) ?? "");
      if (!reg) continue;
      const h = this.model.arg(call, reg.handler.position, reg.handler.keyword);
      const q = h ? this.model.resolve(h) : undefined;
      if (q) this.registered.set(q, reg.route);
    }
  }

  /** The initial value of parameter `i` of `fn`: a source for handlers and views, else the label `P<i>`. */
  private paramValue(fn: Fn, i: number): Value {
    const name = fn.params[i];
    const p = fn.paramNodes[i];
    const annotation = p.childForFieldName("type");
    const annotated = annotation ? this.model.resolve(annotation.namedChildren[0] ?? annotation) ?? annotation.text : undefined;
    // a request object by annotation
    const objType = annotated ? OBJECT_ANNOTATIONS.get(annotated) : undefined;
    if (objType) return this.objectValue(objType, name, p);
    // `self` of a handler class, and the URL parameters of its handler methods
    if (fn.method && fn.classQn) {
      const handler = this.handlerType(fn.classQn, 0);
      if (handler && i === 0) return this.objectValue(handler, name, p);
      const spec = handler ? OBJECT_TYPES.get(handler) : undefined;
      if (spec?.routeMethods?.includes(fn.qn.slice(fn.classQn.length + 1)) && name !== "request" && fn.varargs !== i && fn.kwargs !== i) {
        const urlParam = handler === "django.view" ? { view: fn.classQn, name } : undefined;
        return this.sourceValue(`param:${fn.qn}:${name}`, { threat: spec.threat, label: `URL parameter ${name}` }, p, undefined, undefined, undefined, urlParam);
      }
    }
    const idx = fn.method || (fn.classQn && fn.selfName) ? i - 1 : i;
    if (fn.route && idx >= 0) {
      switch (fn.route.framework) {
        case "flask": {
          const conv = fn.ruleParams?.get(name);
          if (conv === undefined) break;
          if (conv === "int" || conv === "float" || conv === "uuid") return EMPTY;
          return this.sourceValue(`param:${fn.qn}:${name}`, { threat: "remote", label: `route parameter ${name}` }, p);
        }
        case "fastapi":
          return this.fastapiParam(fn, i, 0);
        case "aiohttp":
          if (idx === 0) return this.objectValue("aiohttp.request", name, p);
          break;
        default:
          break;
      }
    }
    // Django views: the first parameter named `request`, then URL parameters
    if (DJANGO_VIEW_HINTS.some((m) => this.imports.has(m))) {
      const reqAt = fn.params.indexOf("request");
      if (reqAt >= 0 && reqAt === (fn.method || fn.selfName ? 1 : 0)) {
        if (i === reqAt) return this.objectValue("django.request", name, p);
        if (i > reqAt && fn.varargs !== i && fn.kwargs !== i && this.isDjangoView(fn)) {
          const view = fn.method && fn.classQn ? fn.classQn : fn.qn;
          return this.sourceValue(`param:${fn.qn}:${name}`, { threat: "remote", label: `URL parameter ${name}` }, p, undefined, undefined, undefined, { view, name });
        }
      }
    }
    return single(`P${i}`, { cleaned: 0, flags: 0, trail: undefined });
  }

  /**
   * A parameter of a FastAPI route or dependency: request data unless its annotation is validated into a value
   * with no attacker-chosen text; a dependency (`Depends(get_client)`, also inside `Annotated[…]`) is what the
   * dependency function returns, its own parameters being request parameters in turn (nested up to 4 levels).
   */
  private fastapiParam(fn: Fn, i: number, depth: number): Value {
    const name = fn.params[i];
    const p = fn.paramNodes[i];
    const annotation = p.childForFieldName("type");
    if (fn.varargs === i || fn.kwargs === i) return EMPTY;
    if (annotation && OBJECT_ANNOTATIONS.has(this.model.resolve(annotation.namedChildren[0] ?? annotation) ?? annotation.text)) {
      return this.objectValue(OBJECT_ANNOTATIONS.get(this.model.resolve(annotation.namedChildren[0] ?? annotation) ?? annotation.text)!, name, p);
    }
    const dep = this.dependencyCall(p);
    if (dep) return depth < 4 ? this.dependencyValue(dep, p, depth) : EMPTY;
    const last = annotation ? this.annotationTypes(annotation) : [];
    if (annotation && /\bLiteral\s*\[/.test(annotation.text)) return EMPTY; // validated against fixed values
    if (last.length && last.every((x) => FASTAPI_SAFE_ANNOTATIONS.has(x) || this.isEnumClass(x, annotation!))) return EMPTY;
    const structured = last.some((x) => FASTAPI_STRUCTURED_ANNOTATIONS.has(x));
    const cleanAttributes = last.length === 1 ? this.modelScalarFields(last[0], annotation!, 0) : undefined;
    const data = cleanAttributes && Object.keys(cleanAttributes).length ? { cleanAttributes } : undefined;
    return this.sourceValue(`param:${fn.qn}:${name}`, { threat: "remote", label: `request parameter ${name}`, structured }, p, undefined, undefined, data);
  }

  /**
   * A pydantic body model of this module (`class Item(BaseModel): count: int`): its fields declared with a
   * validated scalar type (`int`, `float`, `bool`, `UUID`…, an enum or a `Literal`) are clean for every kind,
   * like typed scalar parameters; inherited same-module fields count too. Undefined for anything else.
   */
  private modelScalarFields(name: string, at: Node, depth: number): Record<string, SinkKind[]> | undefined {
    if (depth > 8) return undefined;
    const b = this.model.lookup(name, at.startIndex);
    if (!b || b.kind !== "class") return undefined;
    let out: Record<string, SinkKind[]> | undefined;
    for (const sup of b.node.childForFieldName("superclasses")?.namedChildren ?? []) {
      if (!sup || sup.type === "keyword_argument") continue;
      const q = this.model.resolve(sup) ?? sup.text;
      if (/^pydantic(\.main)?\.BaseModel$|^sqlmodel\.SQLModel$/.test(q)) out ??= {};
      else if (sup.type === "identifier") {
        const inherited = this.modelScalarFields(sup.text, b.node, depth + 1);
        if (inherited) out = { ...inherited, ...out };
      }
    }
    if (!out) return undefined;
    const all = Object.keys(KIND_BIT) as SinkKind[];
    for (const stmt of b.node.childForFieldName("body")?.namedChildren ?? []) {
      const a = stmt?.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
      const left = a?.type === "assignment" ? a.childForFieldName("left") : undefined;
      const type = a?.childForFieldName("type");
      if (left?.type !== "identifier" || !type) continue;
      const types = this.annotationTypes(type);
      const safe = /\bLiteral\s*\[/.test(type.text) || (types.length > 0 && types.every((x) => FASTAPI_SAFE_ANNOTATIONS.has(x) || this.isEnumClass(x, type)));
      if (safe) out[left.text] = all;
      else delete out[left.text];
    }
    return out;
  }

  /** The `Depends(…)`/`Security(…)` call of a parameter: its default, or a metadata element of an `Annotated[…]` annotation. */
  private dependencyCall(p: Node): Node | undefined {
    const isDep = (n: Node | null | undefined): n is Node => n?.type === "call" && FASTAPI_DEPENDENCY_DEFAULTS.has(this.model.callee(n) ?? "");
    const dflt = p.childForFieldName("value");
    if (isDep(dflt)) return dflt;
    const annotation = p.childForFieldName("type");
    if (annotation && /\bAnnotated\s*\[/.test(annotation.text)) {
      for (const c of annotation.descendantsOfType("call")) if (isDep(c)) return c;
    }
    return undefined;
  }

  /** What a dependency gives a route: the return value of a same-module dependency function, its parameters bound to request data. */
  private dependencyValue(dep: Node, p: Node, depth: number): Value {
    const target = this.model.arg(dep, 0, "dependency");
    const qn = target ? this.model.resolve(target) : undefined;
    const callee = qn && this.defs.get(qn)?.type === "function_definition" ? this.fnFor(qn) : undefined;
    if (!callee || callee.classQn) return EMPTY; // a class, another module's function, or `Depends()` on the annotation
    if (callee.state === 0) this.analyse(callee);
    if (callee.state !== 2) return EMPTY;
    const params = callee.params.map((_, j) => this.fastapiParam(callee, j, depth + 1));
    const step = this.stepAt(dep, `dependency ${shortName(callee.qn)}`);
    this.propagateHits(callee, params, step, p);
    for (const k of callee.callSites) this.instantiateCall(k, params, step, p);
    return this.substitute(callee.returns, params, step, p);
  }

  /** The type names of an annotation (`Annotated[int, Query(gt=0)] | None` → `["int"]`), wrappers and call arguments left out. */
  private annotationTypes(annotation: Node): string[] {
    let t = annotation.text;
    for (let i = 0; i < 5 && /\([^()]*\)/.test(t); i++) t = t.replace(/\([^()]*\)/g, "");
    const wrappers = new Set(["None", "Optional", "Union", "Annotated", "typing", "typing_extensions", "Query", "Path", "Header", "Cookie", "Form", "Body", "File", "fastapi", "params", "list", "List", "Sequence", "set", "Set", "tuple", "Tuple", "frozenset"]);
    return (t.match(/[A-Za-z_]\w*/g) ?? []).filter((x) => !wrappers.has(x));
  }

  /** True when `name`, in the annotation's scope, is an enum class (its values are validated against the members). */
  private isEnumClass(name: string, at: Node): boolean {
    const b = this.model.lookup(name, at.startIndex);
    if (!b || b.kind !== "class") return false;
    const supers = b.node.childForFieldName("superclasses");
    return (supers?.namedChildren ?? []).some((x) => !!x && /(^|\.)(Enum|IntEnum|StrEnum|IntFlag|Flag)$/.test(this.model.resolve(x) ?? x.text));
  }

  /** A function with a `request` parameter that Django routes to: in a views module, decorated, or a class-based view method. */
  private isDjangoView(fn: Fn): boolean {
    if (/(^|\.)views?(\.|$)|_views?$/.test(this.module)) return true;
    if (fn.classQn) return DJANGO_VIEW_METHODS.has(fn.qn.slice(fn.classQn.length + 1));
    return this.decorators(fn.node).some((d) => {
      const e = d.namedChildren[0];
      const q = e ? this.model.resolve(e.type === "call" ? e.childForFieldName("function") : e) : undefined;
      return !!q && (q.startsWith("django.") || q.startsWith("rest_framework."));
    });
  }

  /** The source-object type of `self` in methods of `classQn` (through same-module bases), if a handler class. */
  private handlerType(classQn: string, depth: number): string | undefined {
    if (depth > 8) return undefined;
    if (depth === 0 && this.handlerCache.has(classQn)) return this.handlerCache.get(classQn);
    const t = this.computeHandlerType(classQn, depth);
    if (depth === 0) this.handlerCache.set(classQn, t);
    return t;
  }

  private computeHandlerType(classQn: string, depth: number): string | undefined {
    const node = this.defs.get(classQn);
    const supers = node?.childForFieldName("superclasses");
    for (const b of supers?.namedChildren ?? []) {
      if (!b || b.type === "keyword_argument") continue;
      const q = this.model.resolve(b);
      if (!q) continue;
      const t = HANDLER_CLASSES.get(q);
      if (t) return t;
      if (this.defs.has(q)) {
        const inner = this.handlerType(q, depth + 1);
        if (inner) return inner;
      }
    }
    return undefined;
  }

  /** Analyses `fn` once (recursion is cut: a function being analysed is not re-entered). */
  private analyse(fn: Fn): void {
    if (fn.state !== 0) return;
    if (this.frames.length > MAX_CALL_DEPTH) return;
    fn.state = 1;
    const frame: Frame = { fn, loops: [], exits: [] };
    this.frames.push(frame);
    try {
      const st = new State();
      if (fn.kind === "module") {
        this.moduleState = st;
        this.block(fn.node, st, 0);
      } else if (fn.kind === "function") {
        for (let i = 0; i < fn.params.length; i++) st.vars.set(fn.params[i], this.paramValue(fn, i));
        this.block(fn.node.childForFieldName("body"), st, 0);
      }
      if (!st.dead) frame.exits.push(st);
      if (fn.kind === "function") {
        const exit = joinStates(frame.exits);
        for (const [k, v] of exit.vars) if (k.startsWith("self.")) fn.selfAttrs.set(k.slice(5), v);
      }
    } finally {
      this.frames.pop();
      fn.state = 2;
    }
  }

  private get frame(): Frame {
    return this.frames[this.frames.length - 1];
  }

  // ------------------------------------------------------------------------------------------ sources

  private stepAt(node: Node, label: string): PathStep {
    return nodeStep(this.file, node, label);
  }

  private sourceValue(key: string, spec: SourceSpec, node: Node, trail?: Trail, at?: SerialStep, data?: DataSpec, urlParam?: UrlParam): Value {
    if (!this.threats.has(spec.threat)) return EMPTY;
    let idx = this.sourceKeys.get(key);
    if (idx === undefined) {
      idx = this.sources.length;
      this.sources.push({ label: spec.label, threat: spec.threat, at: at ?? serialStep(this.stepAt(node, `source: ${spec.label}`), this.file.path), ...(urlParam ? { urlParam } : {}) });
      this.sourceKeys.set(key, idx);
      if (data?.cleanAttributes) this.sourceSpecs.set(idx, data);
    }
    return single(`S${idx}`, { cleaned: 0, flags: spec.structured ? FLAG_STRUCTURED : 0, trail });
  }

  private objectValue(type: string, label: string, node: Node): Value {
    const spec = OBJECT_TYPES.get(type);
    if (!spec || !this.threats.has(spec.threat)) return EMPTY;
    const key = `${type}|${label}|${node.startIndex}`;
    let idx = this.objectKeys.get(key);
    if (idx === undefined) {
      idx = this.objects.length;
      this.objects.push({ type, label, at: serialStep(this.stepAt(node, `source: ${label}`), this.file.path) });
      this.objectKeys.set(key, idx);
    }
    return single(`O${idx}`, { cleaned: 0, flags: 0, trail: undefined });
  }

  /** Reading attribute `attr` of a value: source objects yield their data, parameters extend their path. */
  private attrOf(base: Value, attr: string, node: Node): Value {
    if (isEmpty(base)) return EMPTY;
    const fieldValue = base.fields?.get(`.${attr}`);
    const labels = fieldValue ? base.labels : flat(base).labels;
    let out: Value = fieldValue ?? EMPTY;
    if (!labels) return out;
    for (const [label, e] of labels) {
      const k = labelKind(label);
      if (k === "O") {
        const site = this.objects[Number(label.slice(1))];
        const spec = site ? OBJECT_TYPES.get(site.type) : undefined;
        if (!spec) continue;
        const data = spec.attributes[attr];
        if (data) {
          const sv = this.sourceValue(`${label}|${attr}|${node.startIndex}`, { threat: spec.threat, label: `${site.label}.${attr}`, structured: data.structured }, node, e.trail, undefined, data);
          // a Django class-based view's `self.kwargs`: its keys are URL parameters (see `urlKwarg`)
          if (site.type === "django.view" && attr === "kwargs" && this.frame.fn.classQn) for (const l of sv.labels?.keys() ?? []) this.kwargsSources.set(Number(l.slice(1)), this.frame.fn.classQn);
          out = join(out, sv);
          continue;
        }
        const obj = spec.objects?.[attr];
        if (obj) out = join(out, this.objectValue(obj, `${site.label}.${attr}`, node));
      } else if (k === "P" || k === "R") {
        out = join(out, single(appendPath(label, attr), e));
      } else {
        const kinds = k === "S" ? this.sourceSpecs.get(Number(label.slice(1)))?.cleanAttributes?.[attr] : undefined;
        out = join(out, kinds ? clean(single(label, e), maskOf(kinds)) : single(label, e));
      }
    }
    return out;
  }

  /**
   * `self.kwargs["pk"]` (or `.get("pk")`) in a Django class-based view: the URL parameter `pk` of that view, a
   * source of its own whose converter (`<int:pk>` in urls.py) the project phase applies.
   */
  private urlKwarg(v: Value, key: string | undefined, node: Node): Value {
    if (!this.kwargsSources.size || key === undefined || !v.labels || v.fields) return v;
    const name: unknown = key.startsWith('"') ? JSON.parse(key) : undefined;
    if (typeof name !== "string") return v;
    let out: Value = EMPTY;
    for (const [label, e] of v.labels) {
      const view = label[0] === "S" ? this.kwargsSources.get(Number(label.slice(1))) : undefined;
      if (view === undefined) out = join(out, single(label, e));
      else out = join(out, this.sourceValue(`${label}|[${key}]|${node.startIndex}`, { threat: "remote", label: `self.kwargs[${key}]` }, node, e.trail, undefined, undefined, { view, name }));
    }
    return out;
  }

  /** Calling method `m` on a value: source objects' methods yield data; parameters extend their path. */
  private methodOf(base: Value, m: string, node: Node): Value {
    if (isEmpty(base)) return EMPTY;
    if (SCALAR_METHODS.has(m)) return EMPTY;
    const labels = flat(base).labels;
    if (!labels) return EMPTY;
    let out: Value = EMPTY;
    for (const [label, e] of labels) {
      const k = labelKind(label);
      if (k === "O") {
        const site = this.objects[Number(label.slice(1))];
        const spec = site ? OBJECT_TYPES.get(site.type) : undefined;
        const data = spec?.methods[m];
        if (spec && data) out = join(out, this.sourceValue(`${label}|${m}()|${node.startIndex}`, { threat: spec.threat, label: `${site.label}.${m}()`, structured: data.structured }, node, e.trail));
      } else if (k === "P" || k === "R") {
        out = join(out, single(appendPath(label, `${m}()`), e));
      } else {
        out = join(out, single(label, e));
      }
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------ statements

  private block(node: Node | null, st: State, d: number): void {
    if (!node || d > MAX_STMT_DEPTH) return;
    for (const s of node.namedChildren) {
      if (st.dead) return;
      if (s) this.stmt(s, st, d);
    }
  }

  private stmt(node: Node, st: State, d: number): void {
    this.tick();
    switch (node.type) {
      case "expression_statement":
        for (const e of node.namedChildren) if (e) this.exprStmt(e, st, d);
        return;
      case "return_statement":
        this.returnStmt(node, st, d);
        return;
      case "if_statement":
        this.ifStmt(node, st, d);
        return;
      case "for_statement":
        this.forStmt(node, st, d);
        return;
      case "while_statement":
        this.whileStmt(node, st, d);
        return;
      case "try_statement":
        this.tryStmt(node, st, d);
        return;
      case "with_statement":
        this.withStmt(node, st, d);
        return;
      case "match_statement":
        this.matchStmt(node, st, d);
        return;
      case "raise_statement":
        for (const e of node.namedChildren) if (e) this.eval(e, st, 0);
        st.dead = true;
        return;
      case "break_statement":
      case "continue_statement": {
        const loop = this.frame.loops[this.frame.loops.length - 1];
        if (loop) (node.type === "break_statement" ? loop.breaks : loop.continues).push(st.clone());
        st.dead = true;
        return;
      }
      case "delete_statement":
        for (const t of node.namedChildren) if (t) this.deleteTarget(t, st);
        return;
      case "assert_statement": {
        const cond = node.namedChildren[0];
        if (cond) {
          this.eval(cond, st, 0);
          this.applyRefinement(this.refine(cond, st, 0).t, st);
        }
        return;
      }
      case "function_definition":
      case "class_definition":
      case "decorated_definition": {
        const def = node.type === "decorated_definition" ? node.childForFieldName("definition") : node;
        const name = def?.childForFieldName("name")?.text;
        if (name) st.vars.delete(name);
        return;
      }
      case "block":
        this.block(node, st, d + 1);
        return;
      case "print_statement":
      case "exec_statement":
        for (const e of node.namedChildren) if (e) this.eval(e, st, 0);
        return;
      default:
        return;
    }
  }

  private exprStmt(e: Node, st: State, d: number): void {
    switch (e.type) {
      case "string":
      case "concatenated_string":
      case "comment":
      case "integer":
      case "ellipsis":
        return;
      case "assignment":
        this.assignment(e, st, d);
        return;
      case "augmented_assignment":
        this.augmented(e, st);
        return;
      case "call": {
        this.eval(e, st, 0);
        const name = this.model.callee(e);
        if (name && NO_RETURN.has(name)) st.dead = true;
        return;
      }
      default:
        this.eval(e, st, 0);
    }
  }

  private returnStmt(node: Node, st: State, d: number): void {
    const expr = node.namedChildren[0];
    const frame = this.frame;
    if (expr) {
      const v = this.eval(expr, st, 0);
      if (!isEmpty(v)) {
        if (frame.fn.htmlReturn) this.htmlReturn(expr, v, node);
        const name = frame.fn.qn.slice(frame.fn.qn.lastIndexOf(".") + 1);
        frame.fn.returns = join(frame.fn.returns, frame.fn.kind === "function" ? withStep(v, this.stepAt(node, `returned by ${name}`)) : v);
      }
    }
    frame.exits.push(st.clone());
    st.dead = true;
    void d;
  }

  /** A view's returned string is the HTML body: `return f"<p>{q}</p>"`, `return body, 200`. */
  private htmlReturn(expr: Node, v: Value, node: Node): void {
    let body = v;
    let bodyNode = expr;
    if (expr.type === "tuple" || expr.type === "expression_list") {
      bodyNode = expr.namedChildren[0] ?? expr;
      body = field(v, "0");
    } else if (v.fields) return; // a dict or list: serialised as JSON
    const t = bodyNode.type;
    if (t === "dictionary" || t === "list" || t === "list_comprehension" || t === "dictionary_comprehension" || t === "set") return;
    if (body.fields) return;
    this.recordHit("html", node, "response body returned by the view", body);
  }

  private ifStmt(node: Node, st: State, d: number): void {
    const clauses: { cond: Node | null; body: Node | null }[] = [{ cond: node.childForFieldName("condition"), body: node.childForFieldName("consequence") }];
    let elseBody: Node | null = null;
    for (const alt of node.childrenForFieldName("alternative")) {
      if (!alt) continue;
      if (alt.type === "elif_clause") clauses.push({ cond: alt.childForFieldName("condition"), body: alt.childForFieldName("consequence") });
      else if (alt.type === "else_clause") elseBody = alt.childForFieldName("body");
    }
    const outs: State[] = [];
    let rest: State | undefined = st.clone();
    for (const c of clauses) {
      if (!rest || !c.cond) break;
      const truth = this.model.truthy(c.cond);
      if (truth === false) continue;
      this.eval(c.cond, rest, 0);
      if (truth === true) {
        this.block(c.body, rest, d + 1);
        outs.push(rest);
        rest = undefined;
        break;
      }
      const r = this.refine(c.cond, rest, 0);
      const th = rest.clone();
      this.applyRefinement(r.t, th);
      this.block(c.body, th, d + 1);
      outs.push(th);
      this.applyRefinement(r.f, rest);
    }
    if (rest) {
      if (elseBody) this.block(elseBody, rest, d + 1);
      outs.push(rest);
    }
    st.assign(joinStates(outs));
  }

  /** Runs a loop body to a small fixpoint; returns the state at the loop head (zero or more iterations) and the breaks. */
  private loop(st: State, body: (s: State) => void): { head: State; breaks: State[] } {
    const ctx = { breaks: [] as State[], continues: [] as State[] };
    this.frame.loops.push(ctx);
    let head = st.clone();
    try {
      for (let i = 0; i < MAX_LOOP_ITERATIONS; i++) {
        ctx.continues = [];
        const s = head.clone();
        body(s);
        const next = joinStates([head, s, ...ctx.continues]);
        if (sameState(next, head)) break;
        head = next;
      }
    } finally {
      this.frame.loops.pop();
    }
    return { head, breaks: ctx.breaks };
  }

  private forStmt(node: Node, st: State, d: number): void {
    const left = node.childForFieldName("left");
    const right = node.childForFieldName("right");
    const it = right ? this.eval(right, st, 0) : EMPTY;
    const elem = flat(it);
    const { head, breaks } = this.loop(st, (s) => {
      if (left) this.assignTarget(left, elem, s, "iterated into");
      this.block(node.childForFieldName("body"), s, d + 1);
    });
    const alt = node.childForFieldName("alternative");
    if (alt) this.block(alt.childForFieldName("body") ?? alt, head, d + 1);
    st.assign(joinStates([head, ...breaks]));
  }

  private whileStmt(node: Node, st: State, d: number): void {
    const cond = node.childForFieldName("condition");
    const truth = cond ? this.model.truthy(cond) : undefined;
    if (truth === false) return;
    const { head, breaks } = this.loop(st, (s) => {
      if (cond) {
        this.eval(cond, s, 0);
        this.applyRefinement(this.refine(cond, s, 0).t, s);
      }
      this.block(node.childForFieldName("body"), s, d + 1);
    });
    if (truth === true) head.dead = true;
    else if (cond) this.applyRefinement(this.refine(cond, head, 0).f, head);
    const alt = node.childForFieldName("alternative");
    if (alt && !head.dead) this.block(alt.childForFieldName("body") ?? alt, head, d + 1);
    st.assign(joinStates([head, ...breaks]));
  }

  private tryStmt(node: Node, st: State, d: number): void {
    const pre = st.clone();
    this.block(node.childForFieldName("body"), st, d + 1);
    const afterBody = st.clone();
    let elseClause: Node | undefined;
    let finallyClause: Node | undefined;
    const handlers: Node[] = [];
    for (const c of node.namedChildren) {
      if (!c) continue;
      if (c.type === "except_clause" || c.type === "except_group_clause") handlers.push(c);
      else if (c.type === "else_clause") elseClause = c;
      else if (c.type === "finally_clause") finallyClause = c;
    }
    if (elseClause) this.block(elseClause.childForFieldName("body") ?? elseClause.namedChildren.find((x) => x?.type === "block") ?? null, st, d + 1);
    const outs: State[] = [st];
    for (const h of handlers) {
      const hs = joinStates([pre, afterBody]);
      hs.dead = false;
      const value = h.childForFieldName("value") ?? h.namedChildren.find((x) => x?.type === "as_pattern");
      if (value?.type === "as_pattern") {
        const t = value.childForFieldName("alias")?.namedChildren[0];
        if (t?.type === "identifier") hs.vars.set(t.text, EMPTY);
      }
      this.block(h.namedChildren.find((x) => x?.type === "block") ?? null, hs, d + 1);
      outs.push(hs);
    }
    const merged = joinStates(outs);
    if (finallyClause) {
      const fin = merged.dead ? joinStates([pre, afterBody]) : merged;
      const wasDead = merged.dead;
      fin.dead = false;
      this.block(finallyClause.namedChildren.find((x) => x?.type === "block") ?? null, fin, d + 1);
      if (wasDead && !fin.dead) fin.dead = true;
      st.assign(fin);
      return;
    }
    st.assign(merged);
  }

  private withStmt(node: Node, st: State, d: number): void {
    for (const c of node.namedChildren) {
      if (c?.type !== "with_clause") continue;
      for (const item of c.namedChildren) {
        if (item?.type !== "with_item") continue;
        const v = item.childForFieldName("value");
        if (!v) continue;
        if (v.type === "as_pattern") {
          const expr = v.namedChildren[0];
          const value = expr ? this.eval(expr, st, 0) : EMPTY;
          const target = v.childForFieldName("alias")?.namedChildren[0];
          if (target) this.assignTarget(target, value, st, "bound to");
        } else this.eval(v, st, 0);
      }
    }
    this.block(node.childForFieldName("body"), st, d + 1);
  }

  private matchStmt(node: Node, st: State, d: number): void {
    const subject = node.childForFieldName("subject");
    const sv = subject ? flat(this.eval(subject, st, 0)) : EMPTY;
    const body = node.childForFieldName("body");
    const outs: State[] = [st.clone()];
    for (const c of body?.namedChildren ?? []) {
      if (c?.type !== "case_clause") continue;
      const cs = st.clone();
      // capture names of the pattern take (some of) the subject
      if (!isEmpty(sv)) {
        for (const p of c.namedChildren) {
          if (p?.type !== "case_pattern") continue;
          for (const id of p.descendantsOfType("identifier")) if (id && id.parent?.type === "dotted_name" && id.parent.namedChildren.length === 1) cs.vars.set(id.text, sv);
        }
      }
      this.block(c.childForFieldName("consequence"), cs, d + 1);
      outs.push(cs);
    }
    st.assign(joinStates(outs));
  }

  private deleteTarget(t: Node, st: State): void {
    if (t.type === "expression_list") {
      for (const c of t.namedChildren) if (c) this.deleteTarget(c, st);
      return;
    }
    if (t.type === "identifier") {
      st.vars.delete(t.text);
      return;
    }
    if (t.type === "subscript") {
      const obj = t.childForFieldName("value");
      const key = this.varKey(obj);
      const cur = key ? st.vars.get(key) : undefined;
      if (!key || !cur) return;
      const k = constKey(this.model.constant(t.childForFieldName("subscript")));
      if (k === undefined) return;
      st.vars.set(key, removeKey(cur, k));
    }
  }

  // ------------------------------------------------------------------------------------------ assignment

  private assignment(node: Node, st: State, d: number): Value {
    const left = node.childForFieldName("left");
    const right = node.childForFieldName("right");
    if (!right) return EMPTY;
    const value = right.type === "assignment" ? this.assignment(right, st, d) : this.eval(right, st, 0);
    if (left) this.assignTarget(left, value, st, "assigned to");
    return value;
  }

  private augmented(node: Node, st: State): void {
    const left = node.childForFieldName("left");
    const right = node.childForFieldName("right");
    if (!left || !right) return;
    const rv = this.eval(right, st, 0);
    const key = this.varKey(left);
    if (key) {
      const old = st.vars.get(key) ?? (left.type === "identifier" ? this.name(left, st) : this.eval(left, st, 0));
      const v = join(old, flat(rv));
      st.vars.set(key, isEmpty(rv) ? v : withStep(v, this.stepAt(left, `updated ${left.text}`)));
      return;
    }
    if (left.type === "subscript") this.subscriptSinks(left, rv, node, st);
  }

  /** The state key of a target expression: a name, or `self.<attr>` in a method. */
  private varKey(node: Node | null): string | undefined {
    if (!node) return undefined;
    if (node.type === "identifier") return node.text;
    if (node.type === "attribute") {
      const obj = node.childForFieldName("object");
      const sn = this.frames.length ? this.frame.fn.selfName : undefined;
      if (obj?.type === "identifier" && sn && obj.text === sn) return `self.${node.childForFieldName("attribute")?.text}`;
    }
    return undefined;
  }

  private assignTarget(target: Node, value: Value, st: State, verb: string): void {
    switch (target.type) {
      case "identifier": {
        const name = target.text;
        st.vars.set(name, isEmpty(value) ? value : withStep(value, this.stepAt(target, `${verb} ${name}`)));
        return;
      }
      case "pattern_list":
      case "tuple_pattern":
      case "list_pattern":
      case "expression_list":
      case "tuple":
      case "list": {
        const targets = target.namedChildren.filter((c): c is Node => !!c && c.type !== "comment");
        const starAt = targets.findIndex((t) => t.type === "list_splat_pattern");
        targets.forEach((t, i) => {
          const v = starAt >= 0 && i >= starAt ? flat(value) : field(value, String(i));
          this.assignTarget(t, v, st, verb);
        });
        return;
      }
      case "parenthesized_expression":
      case "list_splat_pattern":
      case "as_pattern_target": {
        const inner = target.namedChildren[0];
        if (inner) this.assignTarget(inner, target.type === "list_splat_pattern" ? flat(value) : value, st, verb);
        return;
      }
      case "attribute": {
        const key = this.varKey(target);
        if (key) {
          st.vars.set(key, isEmpty(value) ? value : withStep(value, this.stepAt(target, `${verb} ${target.text}`)));
          const fn = this.frame.fn;
          if (fn.classQn) this.addClassAttr(fn.classQn, key.slice(5), value);
          return;
        }
        const obj = target.childForFieldName("object");
        if (obj?.type === "identifier" && st.vars.has(obj.text)) {
          st.vars.set(obj.text, withField(st.vars.get(obj.text)!, `.${target.childForFieldName("attribute")?.text}`, value));
        } else if (obj) this.eval(obj, st, 0);
        return;
      }
      case "subscript": {
        this.subscriptSinks(target, value, target.parent ?? target, st);
        const obj = target.childForFieldName("value");
        const key = this.varKey(obj);
        const sub = target.childForFieldName("subscript");
        if (sub) this.eval(sub, st, 0);
        if (!key) {
          if (obj) this.eval(obj, st, 0);
          return;
        }
        const cur = st.vars.get(key) ?? (obj ? this.eval(obj, st, 0) : EMPTY);
        const k = sub ? constKey(this.model.constant(sub)) : undefined;
        st.vars.set(key, k !== undefined ? withField(cur, k, value) : withUnplaced(cur, value));
        return;
      }
      default:
        return;
    }
  }

  /** `session[k] = v`, `response.headers[k] = v`, `response[k] = v` (Django). */
  private subscriptSinks(target: Node, value: Value, stmt: Node, st: State): void {
    const obj = target.childForFieldName("value");
    if (!obj) return;
    if (this.isSession(obj, st)) {
      this.recordHit("session", stmt, `${obj.text}[…]`, value);
      return;
    }
    if (obj.type === "attribute" && obj.childForFieldName("attribute")?.text === "headers") {
      const owner = obj.childForFieldName("object");
      const ov = owner ? this.eval(owner, st, 0) : EMPTY;
      if (![...(flat(ov).labels?.keys() ?? [])].some((l) => labelKind(l) === "O")) {
        const key = target.childForFieldName("subscript");
        const kv = key ? this.eval(key, st, 0) : EMPTY;
        this.recordHit("header", stmt, `${obj.text}[…]`, join(value, kv));
        if (this.isLocationKey(key)) this.recordHit("redirect", stmt, `${obj.text}["Location"]`, value);
      }
      return;
    }
    const type = this.model.typeOf(obj);
    if (type && /^django\.http\.(response\.)?(HttpResponse|StreamingHttpResponse|FileResponse|JsonResponse)\w*$/.test(type)) {
      this.recordHit("header", stmt, `${obj.text}[…]`, value);
      if (this.isLocationKey(target.childForFieldName("subscript"))) this.recordHit("redirect", stmt, `${obj.text}["Location"]`, value);
    }
  }

  /** A constant header name `Location`: the header says where the client goes next. */
  private isLocationKey(key: Node | null): boolean {
    const k = key ? this.model.constant(key) : undefined;
    return typeof k === "string" && k.toLowerCase() === "location";
  }

  /**
   * True when `node` is a session store: `flask.session`, `request.session` of a source request, or a name bound
   * to a session factory's result (`session = await get_session(request)`).
   */
  private isSession(node: Node, st: State): boolean {
    const q = this.model.resolve(node);
    if (q && SESSION_NAMES.has(q)) return true;
    if (node.type === "identifier" && SESSION_FACTORIES.size) {
      const b = this.model.lookup(node.text, node.startIndex);
      let v = b && (b.kind === "assign" || b.kind === "walrus" || b.kind === "with") ? b.value : undefined;
      while (v && (v.type === "await" || v.type === "parenthesized_expression")) v = v.namedChildren[0] ?? undefined;
      if (v?.type === "call" && SESSION_FACTORIES.has(this.model.callee(v) ?? "")) return true;
    }
    if (node.type === "attribute") {
      const attr = node.childForFieldName("attribute")?.text ?? "";
      const owner = node.childForFieldName("object");
      if (!owner) return false;
      const ov = this.eval(owner, st, 0);
      for (const l of ov.labels?.keys() ?? []) {
        if (labelKind(l) !== "O") continue;
        const site = this.objects[Number(l.slice(1))];
        if (site && OBJECT_TYPES.get(site.type)?.session?.includes(attr)) return true;
      }
    }
    return false;
  }

  private addClassAttr(classQn: string, attr: string, value: Value): void {
    // only concrete taint is shared between methods (parameters mean nothing outside their function)
    const concrete = mapEntries(flat(value), (label, e) => (labelKind(label) === "P" ? undefined : e));
    if (isEmpty(concrete)) return;
    let attrs = this.classAttrs.get(classQn);
    if (!attrs) this.classAttrs.set(classQn, (attrs = new Map()));
    attrs.set(attr, join(attrs.get(attr) ?? EMPTY, concrete));
  }

  /** Concrete taint of `self.<attr>` written by any method of the class (those methods are analysed first). */
  private classAttr(classQn: string, attr: string): Value {
    if (!this.classScanned.has(classQn)) {
      this.classScanned.add(classQn);
      const prefix = `${classQn}.`;
      for (const [qn, node] of this.defs) {
        if (!qn.startsWith(prefix) || qn.slice(prefix.length).includes(".") || node.type !== "function_definition") continue;
        const fn = this.fnFor(qn);
        if (!fn || fn.state !== 0 || !fn.selfName) continue;
        if (!new RegExp(`\\b${fn.selfName}\\.\\w+\\s*(?:\\[[^\\]]*\\])?\\s*[-+*/|&]?=[^=]`).test(node.text)) continue;
        this.analyse(fn);
      }
    }
    return this.classAttrs.get(classQn)?.get(attr) ?? EMPTY;
  }

  // ------------------------------------------------------------------------------------------ expressions

  private eval(node: Node, st: State, d: number): Value {
    if (d > MAX_EXPR_DEPTH) return this.fallback(node, st);
    this.tick();
    switch (node.type) {
      case "identifier":
        return this.name(node, st);
      case "string":
        return this.fstring(node, st, d);
      case "concatenated_string": {
        let v: Value = EMPTY;
        for (const c of node.namedChildren) if (c) v = join(v, this.fstring(c, st, d + 1));
        return v;
      }
      case "integer":
      case "float":
      case "true":
      case "false":
      case "none":
      case "ellipsis":
      case "lambda":
      case "comment":
        return EMPTY;
      case "attribute":
        return this.attribute(node, st, d);
      case "call":
        return this.call(node, st, d);
      case "subscript":
        return this.subscript(node, st, d);
      case "binary_operator":
        return this.binary(node, st, d);
      case "boolean_operator": {
        const l = node.childForFieldName("left");
        const r = node.childForFieldName("right");
        return join(l ? this.eval(l, st, d + 1) : EMPTY, r ? this.eval(r, st, d + 1) : EMPTY);
      }
      case "comparison_operator":
      case "not_operator":
      case "unary_operator":
        for (const c of node.namedChildren) if (c) this.eval(c, st, d + 1);
        return EMPTY;
      case "conditional_expression": {
        const [a, test, b] = node.namedChildren;
        if (!a || !test || !b) return EMPTY;
        const t = this.model.truthy(test);
        if (t === true) return this.eval(a, st, d + 1);
        if (t === false) return this.eval(b, st, d + 1);
        this.eval(test, st, d + 1);
        const r = this.refine(test, st, 0);
        const ts = st.clone();
        this.applyRefinement(r.t, ts);
        const fs = st.clone();
        this.applyRefinement(r.f, fs);
        return join(this.eval(a, ts, d + 1), this.eval(b, fs, d + 1));
      }
      case "parenthesized_expression":
      case "await":
      case "keyword_argument":
      case "list_splat":
      case "dictionary_splat": {
        const inner = node.type === "keyword_argument" ? node.childForFieldName("value") : node.namedChildren[0];
        return inner ? this.eval(inner, st, d + 1) : EMPTY;
      }
      case "tuple":
      case "list":
      case "expression_list":
        return this.sequence(node, st, d);
      case "set": {
        let v: Value = EMPTY;
        for (const c of node.namedChildren) if (c) v = join(v, flat(this.eval(c, st, d + 1)));
        return v;
      }
      case "dictionary":
        return this.dictionary(node, st, d);
      case "list_comprehension":
      case "set_comprehension":
      case "generator_expression":
      case "dictionary_comprehension":
        return this.comprehension(node, st, d);
      case "named_expression": {
        const name = node.childForFieldName("name");
        const value = node.childForFieldName("value");
        const v = value ? this.eval(value, st, d + 1) : EMPTY;
        if (name) this.assignTarget(name, v, st, "assigned to");
        return v;
      }
      case "yield": {
        const inner = node.namedChildren[0];
        const v = inner ? this.eval(inner, st, d + 1) : EMPTY;
        if (!isEmpty(v)) this.frame.fn.returns = join(this.frame.fn.returns, inner?.type === "yield" ? v : flat(v));
        return EMPTY;
      }
      case "slice":
        for (const c of node.namedChildren) if (c) this.eval(c, st, d + 1);
        return EMPTY;
      case "assignment":
        return this.assignment(node, st, 0);
      case "augmented_assignment":
        this.augmented(node, st);
        return EMPTY;
      default: {
        let v: Value = EMPTY;
        for (const c of node.namedChildren) if (c) v = join(v, this.eval(c, st, d + 1));
        return flat(v);
      }
    }
  }

  /**
   * Past the depth limit: the union of the values of every identifier inside, source objects counting as data.
   * A source object's attribute or method read directly (`request.args`, `request.get_json()`) is labelled as
   * the normal evaluation labels it, at the same place (the first such read of each attribute), so a flow seen
   * both ways is one finding.
   */
  private fallback(node: Node, st: State): Value {
    let v: Value = EMPTY;
    const seen = new Set<string>();
    for (const id of node.descendantsOfType("identifier")) {
      if (!id) continue;
      const name = id.text;
      const p = id.parent;
      if (p?.type === "attribute" && p.childForFieldName("attribute")?.id === id.id) continue;
      if (p?.type === "keyword_argument" && p.childForFieldName("name")?.id === id.id) continue;
      const attr = p?.type === "attribute" && p.childForFieldName("object")?.id === id.id ? p.childForFieldName("attribute")?.text : undefined;
      if (seen.has(name) && (!attr || seen.has(`${name}.${attr}`))) continue;
      const nv = this.name(id, st);
      if (attr && p && nv.labels && [...nv.labels.keys()].some((l) => labelKind(l) === "O")) {
        seen.add(`${name}.${attr}`);
        const call = p.parent?.type === "call" && p.parent.childForFieldName("function")?.id === p.id ? p.parent : undefined;
        const read = call ? this.methodOf(nv, attr, call) : this.attrOf(nv, attr, p);
        if (!isEmpty(read)) {
          v = join(v, flat(read));
          continue;
        }
      }
      if (seen.has(name)) continue;
      seen.add(name);
      v = join(v, flat(nv));
    }
    // a request object used inside a too-deep expression: what it holds is untrusted
    return this.objectsAsData(v, node);
  }

  private objectsAsData(v: Value, node: Node): Value {
    let out: Value = EMPTY;
    for (const [label, e] of v.labels ?? []) {
      if (labelKind(label) !== "O") {
        out = join(out, single(label, e));
        continue;
      }
      const site = this.objects[Number(label.slice(1))];
      const spec = site ? OBJECT_TYPES.get(site.type) : undefined;
      if (site && spec) out = join(out, this.sourceValue(`${label}|*|${node.startIndex}`, { threat: spec.threat, label: `${site.label} data` }, node, e.trail));
    }
    return out;
  }

  /** The value of a name: local state, else a source object or source name by import, else the module's global. */
  private name(node: Node, st: State): Value {
    const n = node.text;
    const local = st.vars.get(n);
    if (local !== undefined) return local;
    const b = this.model.lookup(n, node.startIndex);
    if (!b) return EMPTY;
    if (b.kind === "import") {
      const q = b.qualifiedName ?? "";
      const obj = OBJECT_NAMES.get(q);
      if (obj) return this.objectValue(obj, n, node);
      const src = SOURCE_NAMES.get(q);
      if (src) return this.sourceValue(`name:${node.startIndex}`, src, node);
      return EMPTY;
    }
    if (b.kind === "def" || b.kind === "class") return EMPTY;
    const frame = this.frames.length ? this.frame : undefined;
    if (frame && frame.fn.kind !== "module" && this.moduleState && this.model.scopeAt(b.offset).kind === "module") {
      return this.moduleState.vars.get(n) ?? EMPTY;
    }
    return EMPTY;
  }

  private attribute(node: Node, st: State, d: number): Value {
    const obj = node.childForFieldName("object");
    const attr = node.childForFieldName("attribute")?.text;
    if (!obj || !attr) return EMPTY;
    const frame = this.frame;
    // self.<attr> in a method
    if (obj.type === "identifier" && frame.fn.selfName === obj.text) {
      const local = st.vars.get(`self.${attr}`);
      if (local !== undefined) return local;
      let v = this.attrOf(this.name(obj, st), attr, node);
      if (frame.fn.classQn) v = join(v, this.classAttr(frame.fn.classQn, attr));
      return v;
    }
    // qualified names that are sources (`sys.argv`, `flask.request`)
    if (!(obj.type === "identifier" && st.vars.has(obj.text))) {
      const q = this.model.resolve(node);
      if (q) {
        const src = SOURCE_NAMES.get(q);
        if (src) return this.sourceValue(`name:${node.startIndex}`, src, node);
        const o = OBJECT_NAMES.get(q);
        if (o) return this.objectValue(o, attr, node);
      }
    }
    return this.attrOf(this.eval(obj, st, d + 1), attr, node);
  }

  private subscript(node: Node, st: State, d: number): Value {
    const obj = node.childForFieldName("value");
    const subs = node.childrenForFieldName("subscript").filter((c): c is Node => !!c);
    const base = obj ? this.eval(obj, st, d + 1) : EMPTY;
    if (subs.length !== 1) {
      for (const s of subs) this.eval(s, st, d + 1);
      return flat(base);
    }
    const sub = subs[0];
    if (sub.type === "slice") {
      this.eval(sub, st, d + 1);
      return flat(base);
    }
    if (isEmpty(base)) {
      this.eval(sub, st, d + 1);
      return EMPTY;
    }
    const k = constKey(this.model.constant(sub));
    if (k !== undefined) return this.urlKwarg(field(base, k), k, node);
    this.eval(sub, st, d + 1);
    return flat(base);
  }

  private binary(node: Node, st: State, d: number): Value {
    const op = node.childForFieldName("operator")?.type;
    const l = node.childForFieldName("left");
    const r = node.childForFieldName("right");
    const lv = l ? this.eval(l, st, d + 1) : EMPTY;
    let rv = r ? this.eval(r, st, d + 1) : EMPTY;
    // `Markup("<b>%s</b>") % v` escapes `v`
    if (op === "%" && l && !isEmpty(rv) && /(^|\.)Markup$/.test(this.model.typeOf(l) ?? "")) rv = clean(rv, KIND_BIT.html);
    switch (op) {
      case "+":
      case "%":
        if (l && !isEmpty(rv) && this.kinds & (KIND_BIT.redirect | KIND_BIT.url)) {
          const prefix = this.constantPrefix(l, op);
          if (prefix !== undefined && SAFE_URL_PREFIX.test(prefix)) rv = clean(rv, KIND_BIT.redirect | KIND_BIT.url);
        }
        return join(flat(lv), flat(rv));
      case "*":
      case "|":
      case "&":
      case "@":
      case "/": // `Path(base) / name` joins paths
        return join(flat(lv), flat(rv));
      default:
        return EMPTY;
    }
  }

  /** The constant text at the start of a string expression (before its first varying part, or its first `%` conversion). */
  private constantPrefix(node: Node, op: string): string | undefined {
    const shape = this.model.stringShape(node);
    if (!shape) return undefined;
    let text = shape.text;
    const hole = text.indexOf("\uFFFC");
    if (hole >= 0) text = text.slice(0, hole);
    if (op === "%") {
      const at = text.search(/%[^%]/);
      if (at >= 0) text = text.slice(0, at);
    }
    return text;
  }

  private fstring(node: Node, st: State, d: number): Value {
    if (node.type !== "string") return this.eval(node, st, d + 1);
    // only f-strings (and t-strings) have parts that vary
    let i = node.startIndex;
    let isF = false;
    for (; i < node.startIndex + 4 && i < this.text.length; i++) {
      const c = this.text[i];
      if (c === '"' || c === "'") break;
      if (c === "f" || c === "F" || c === "t" || c === "T") isF = true;
    }
    if (!isF) return EMPTY;
    let v: Value = EMPTY;
    let prefix = "";
    let prefixOpen = true;
    for (const c of node.namedChildren) {
      if (!c) continue;
      if (c.type === "string_content") {
        if (prefixOpen) prefix += c.text;
        continue;
      }
      if (c.type !== "interpolation") continue;
      const e = c.childForFieldName("expression");
      if (!e) continue;
      let iv = flat(this.eval(e, st, d + 1));
      if (isEmpty(iv)) {
        const k = this.model.constant(e);
        if (typeof k === "string" || typeof k === "number") {
          if (prefixOpen) prefix += String(k);
        } else prefixOpen = false;
        continue;
      }
      // `{v!r}` quotes the value: line breaks are escaped
      if (c.childForFieldName("type_conversion")?.text === "!r") iv = clean(iv, KIND_BIT.log | KIND_BIT.header);
      if (prefixOpen && SAFE_URL_PREFIX.test(prefix)) iv = clean(iv, KIND_BIT.redirect | KIND_BIT.url);
      prefixOpen = false;
      v = join(v, iv);
    }
    return v;
  }

  private sequence(node: Node, st: State, d: number): Value {
    const items = node.namedChildren.filter((c): c is Node => !!c && c.type !== "comment");
    const vals: Value[] = [];
    let unplaced: Value = EMPTY;
    let any = false;
    let splat = false;
    for (const c of items) {
      const v = this.eval(c, st, d + 1);
      if (c.type === "list_splat" || c.type === "parenthesized_list_splat") {
        splat = true;
        unplaced = join(unplaced, flat(v));
      } else vals.push(v);
      if (!isEmpty(v)) any = true;
    }
    if (!any) return EMPTY;
    if (splat) return join(unplaced, joinAllFlat(vals));
    const fields = new Map<string, Value>();
    vals.forEach((v, i) => fields.set(String(i), v));
    return { fields, exact: true };
  }

  private dictionary(node: Node, st: State, d: number): Value {
    let fields: Map<string, Value> | undefined;
    let unplaced: Value = EMPTY;
    let exact = true;
    for (const c of node.namedChildren) {
      if (!c) continue;
      if (c.type === "pair") {
        const k = c.childForFieldName("key");
        const vn = c.childForFieldName("value");
        const v = vn ? this.eval(vn, st, d + 1) : EMPTY;
        const key = k ? constKey(this.model.constant(k)) : undefined;
        if (key !== undefined) {
          if (!isEmpty(v)) (fields ??= new Map()).set(key, v);
        } else {
          exact = false;
          unplaced = join(unplaced, join(k ? flat(this.eval(k, st, d + 1)) : EMPTY, flat(v)));
        }
      } else if (c.type === "dictionary_splat") {
        exact = false;
        unplaced = join(unplaced, flat(this.eval(c, st, d + 1)));
      }
    }
    if (!fields && isEmpty(unplaced)) return EMPTY;
    return { labels: unplaced.labels, fields, exact: exact || undefined };
  }

  private comprehension(node: Node, st: State, d: number): Value {
    const cs = st.clone();
    let body: Node | null = null;
    for (const c of node.namedChildren) {
      if (!c) continue;
      if (c.type === "for_in_clause") {
        const right = c.childForFieldName("right");
        const left = c.childForFieldName("left");
        const it = right ? flat(this.eval(right, cs, d + 1)) : EMPTY;
        if (left) this.assignTarget(left, it, cs, "iterated into");
      } else if (c.type === "if_clause") {
        const cond = c.namedChildren[0];
        if (cond) {
          this.eval(cond, cs, d + 1);
          this.applyRefinement(this.refine(cond, cs, 0).t, cs);
        }
      } else if (!body) body = c;
    }
    if (!body) return EMPTY;
    if (body.type === "pair") {
      const k = body.childForFieldName("key");
      const v = body.childForFieldName("value");
      return join(k ? flat(this.eval(k, cs, d + 1)) : EMPTY, v ? flat(this.eval(v, cs, d + 1)) : EMPTY);
    }
    return flat(this.eval(body, cs, d + 1));
  }

  // ------------------------------------------------------------------------------------------ calls

  private call(node: Node, st: State, d: number): Value {
    const fnNode = node.childForFieldName("function");
    if (!fnNode) return EMPTY;
    const args = this.model.args(node);
    const argVals = args.positional.map((a) => this.eval(a, st, d + 1));
    const kwVals = new Map<string, Value>();
    for (const [k, a] of args.keywords) kwVals.set(k, this.eval(a, st, d + 1));
    let spread: Value = EMPTY;
    if (args.starAt >= 0 || args.hasDoubleStar) {
      for (const a of node.childForFieldName("arguments")?.namedChildren ?? []) {
        if (a && (a.type === "list_splat" || a.type === "dictionary_splat")) spread = join(spread, flat(this.eval(a, st, d + 1)));
      }
    }
    const isMethod = fnNode.type === "attribute";
    const recvNode = isMethod ? fnNode.childForFieldName("object") : null;
    const method = isMethod ? fnNode.childForFieldName("attribute")?.text : undefined;
    const recvVal = recvNode ? this.eval(recvNode, st, d + 1) : fnNode.type === "identifier" ? EMPTY : this.eval(fnNode, st, d + 1);
    const name = this.model.callee(node) ?? this.instanceCallee(fnNode);
    const call: CallInfo = { node, name, method, recvNode, recvVal, args: argVals, argNodes: args.positional, kwargs: kwVals, spread, starAt: args.starAt };

    let result = this.callResult(call, st);
    // sinks: what a sink returns is not reported again for its kind (nor as an HTML body)
    const sunk = this.sinkCall(call, st);
    if (sunk) result = clean(result, sunk);
    // sources: what the call reads
    if (name) {
      const src = SOURCE_CALLS.get(name);
      if (src && this.threats.has(src.threat)) result = join(result, this.sourceValue(`call:${node.startIndex}`, src, node));
    }
    // mutation of the receiver
    if (method && recvNode) this.mutate(call, st);
    return result;
  }

  /** Calling an instance whose type's `__call__` is a modelled sink: `evaluate = XPathEvaluator(doc); evaluate(expr)`. */
  private instanceCallee(fnNode: Node): string | undefined {
    if (fnNode.type !== "identifier" && fnNode.type !== "attribute") return undefined;
    const t = this.model.typeOf(fnNode);
    return t && SINKS.has(`${t}.__call__`) ? `${t}.__call__` : undefined;
  }

  private callResult(c: CallInfo, st: State): Value {
    const { name, method } = c;
    // same-module functions, methods and classes
    const local = this.localCallee(c);
    if (local) return this.applyLocal(local, c);
    if (name) {
      const san = SANITIZERS.get(name);
      if (san) {
        if (san.cleans === "all") return EMPTY;
        const v = san.arg ? this.argValue(c, san.arg) : (c.args[0] ?? EMPTY);
        return clean(flat(v), maskOf(san.cleans));
      }
      if (STRUCTURING_CALLS.has(name)) return withFlags(this.defaultResult(c), FLAG_STRUCTURED);
      if (name === "builtins.str") return clean(withFlags(this.defaultResult(c), 0, FLAG_STRUCTURED), SCALAR_BIT);
      // a modelled library function (a sink) is never followed into, even when the project defines it (the stdlib)
      if (!SINKS.has(name) && this.isProjectCall(name)) return this.projectCall(c);
    }
    if (method) {
      // `request.args.get("page", type=int)`: converted by the framework
      const typ = c.kwargs.has("type") ? this.model.resolve(this.model.arg(c.node, undefined, "type")) : undefined;
      if (typ && /^builtins\.(int|float|bool)$|^uuid\.UUID$/.test(typ)) return EMPTY;
      // rows read through an ORM query are the database's data, not the request's
      if (c.recvNode && ORM_QUERY.test(c.recvNode.text.slice(0, 400)) && ORM_MODULES.some((m) => this.imports.has(m))) return EMPTY;
      if ((method === "get" || method === "pop") && c.args.length <= 2 && !c.kwargs.size) {
        // a lookup: the value comes from the mapping (or the default), never from the key
        const key = constKey(this.model.constant(c.argNodes[0]));
        if (c.recvVal.fields) return join(key !== undefined ? field(c.recvVal, key) : flat(c.recvVal), c.args[1] ?? EMPTY);
        return join(this.urlKwarg(this.methodOf(c.recvVal, method, c.node), key, c.node), flat(c.args[1] ?? EMPTY));
      }
      if (method === "replace" || method === "strip" || method === "rstrip") {
        const a0 = this.model.constant(c.argNodes[0]);
        if (typeof a0 === "string" && /[\r\n]/.test(a0) && method === "replace") {
          const repl = this.model.constant(c.argNodes[1]);
          if (typeof repl === "string" && !/[\r\n]/.test(repl)) return clean(this.defaultResult(c), KIND_BIT.log | KIND_BIT.header);
        }
      }
      if ((method === "sub" || method === "subn") && (name === "re.sub" || name === "re.subn")) {
        const pat = this.model.constant(c.argNodes[0]);
        const repl = this.model.constant(c.argNodes[1]);
        if (typeof pat === "string" && /\\[rns]|[\r\n]/.test(pat) && typeof repl === "string" && !/[\r\n]/.test(repl)) {
          return clean(flat(c.args[2] ?? EMPTY), KIND_BIT.log | KIND_BIT.header);
        }
      }
      if (SQL_BUILDER_METHODS.methods.has(method) && SQL_BUILDER_METHODS.requiresImport.some((m) => this.imports.has(m))) {
        return clean(this.defaultResult(c), KIND_BIT.sql);
      }
    }
    return this.defaultResult(c);
  }

  /** A library call without a model: taint flows from the receiver and the arguments to the result. */
  private defaultResult(c: CallInfo): Value {
    let v: Value = c.method ? this.methodOf(c.recvVal, c.method, c.node) : flat(c.recvVal);
    if (c.method && SCALAR_METHODS.has(c.method)) return EMPTY;
    for (const a of c.args) v = join(v, flat(a));
    for (const a of c.kwargs.values()) v = join(v, flat(a));
    return join(v, c.spread);
  }

  private argValue(c: CallInfo, ref: ArgRef): Value {
    if (ref.receiver) return c.recvVal;
    let v: Value | undefined;
    if (ref.keyword && c.kwargs.has(ref.keyword)) v = c.kwargs.get(ref.keyword);
    if (v === undefined && ref.position !== undefined) {
      if (ref.rest) {
        let all: Value = EMPTY;
        for (let i = ref.position; i < c.args.length; i++) all = join(all, flat(c.args[i]));
        for (const [k, kv] of c.kwargs) if (k !== ref.keyword && k !== "extra" && k !== "exc_info" && k !== "stack_info") all = join(all, flat(kv));
        all = join(all, c.spread);
        v = all;
      } else if (c.starAt >= 0 && ref.position >= c.starAt) v = c.spread;
      else v = c.args[ref.position];
    }
    return v ?? EMPTY;
  }

  private argNode(c: CallInfo, ref: ArgRef): Node | undefined {
    if (ref.keyword) {
      const a = this.model.arg(c.node, undefined, ref.keyword);
      if (a) return a;
    }
    if (ref.position === undefined || (c.starAt >= 0 && ref.position >= c.starAt)) return undefined;
    return c.argNodes[ref.position];
  }

  /** True when `name` is in a module of the scanned project (not a library, not this module). */
  private isProjectCall(name: string): boolean {
    const parts = name.split(".");
    const mods = this.opts.projectModules;
    if (mods) {
      for (let i = parts.length - 1; i >= 1; i--) {
        const m = parts.slice(0, i).join(".");
        if (mods.has(m)) return m !== this.module;
      }
      return false;
    }
    if (LIBRARY_ROOTS.has(parts[0]) || parts.length < 2) return false;
    const own = this.module.split(".")[0];
    return this.module.includes(".") && parts[0] === own && !name.startsWith(`${this.module}.`);
  }

  /** A call into another module of the project: the result is `R<n>`, resolved in the project phase. */
  private projectCall(c: CallInfo): Value {
    let idx = this.callKeys.get(c.node.id);
    const instanceRecv = c.recvNode ? this.model.resolveRef(c.recvNode, 0)?.instance : false;
    if (idx === undefined) {
      idx = this.calls.length;
      this.callKeys.set(c.node.id, idx);
      this.frame.fn.callSites.add(idx);
      const step = this.stepAt(c.node, `call to ${shortName(c.name!)}`);
      this.calls.push({
        site: { callee: c.name!, fn: this.frame.fn.qn, at: serialStep(step, this.file.path) },
        args: c.args.slice(),
        kwargs: new Map(c.kwargs),
        receiver: instanceRecv ? c.recvVal : undefined,
        spread: isEmpty(c.spread) ? undefined : c.spread,
      });
    } else {
      const rec = this.calls[idx];
      rec.args = c.args.map((a, i) => (rec.args[i] ? join(rec.args[i], a) : a));
      for (const [k, v] of c.kwargs) rec.kwargs.set(k, join(rec.kwargs.get(k) ?? EMPTY, v));
      if (instanceRecv) rec.receiver = join(rec.receiver ?? EMPTY, c.recvVal);
    }
    return single(`R${idx}`, { cleaned: 0, flags: 0, trail: undefined });
  }

  /** The same-module function, method or class a call reaches, if any. */
  private localCallee(c: CallInfo): { fn: Fn; bound: boolean } | undefined {
    if (c.name && this.defs.has(c.name)) {
      const fn = this.fnFor(c.name);
      if (!fn) return undefined;
      // `obj.method()` on an instance binds `self`; `Class.method(obj)` does not
      const bound = fn.method && !!c.recvNode && !!this.model.resolveRef(c.recvNode, 0)?.instance;
      return { fn, bound };
    }
    if (c.name && c.method && c.recvNode) {
      // inherited method of a same-module class
      const typ = this.model.typeOf(c.recvNode);
      if (typ && this.defs.has(typ)) {
        const m = this.findMethod(typ, c.method, 0);
        if (m) return { fn: m, bound: m.method };
      }
    }
    if (c.method && c.recvNode?.type === "identifier") {
      const frame = this.frame.fn;
      if (frame.selfName && c.recvNode.text === frame.selfName && frame.classQn) {
        const m = this.findMethod(frame.classQn, c.method, 0);
        if (m) return { fn: m, bound: m.method };
      }
    }
    return undefined;
  }

  /** Method `name` of same-module class `classQn` or of its same-module bases. */
  private findMethod(classQn: string, name: string, depth: number): Fn | undefined {
    if (depth > 8) return undefined;
    const own = this.defs.get(`${classQn}.${name}`);
    if (own?.type === "function_definition") return this.fnFor(`${classQn}.${name}`);
    const node = this.defs.get(classQn);
    for (const b of node?.childForFieldName("superclasses")?.namedChildren ?? []) {
      if (!b || b.type === "keyword_argument") continue;
      const q = this.model.resolve(b);
      if (q && this.defs.has(q)) {
        const m = this.findMethod(q, name, depth + 1);
        if (m) return m;
      }
    }
    return undefined;
  }

  /** Applies a same-module callee's summary at a call. */
  private applyLocal(target: { fn: Fn; bound: boolean }, c: CallInfo): Value {
    const { fn } = target;
    this.frame.fn.localCalls.add(fn.kind === "class" ? `${fn.qn}.__init__` : fn.qn);
    if (fn.kind === "class") return this.instantiate(fn, c);
    if (fn.state === 0) this.analyse(fn);
    if (fn.state !== 2) return this.defaultResult(c); // recursion: cut
    const params = this.bindParams(fn, c, target.bound);
    const step = this.stepAt(c.node, `call to ${fn.qn.slice(this.module ? this.module.length + 1 : 0)}`);
    const result = this.substitute(fn.returns, params, step, c.node);
    this.propagateHits(fn, params, step, c.node);
    for (const k of fn.callSites) this.instantiateCall(k, params, step, c.node);
    return result;
  }

  private instantiate(cls: Fn, c: CallInfo): Value {
    const init = this.findMethod(cls.qn, "__init__", 0);
    if (!init) {
      const v = this.defaultResult(c);
      return v;
    }
    if (init.state === 0) this.analyse(init);
    if (init.state !== 2) return this.defaultResult(c);
    const params = this.bindParams(init, c, true, EMPTY);
    const step = this.stepAt(c.node, `call to ${cls.qn.slice(this.module ? this.module.length + 1 : 0)}`);
    this.propagateHits(init, params, step, c.node);
    for (const k of init.callSites) this.instantiateCall(k, params, step, c.node);
    let fields: Map<string, Value> | undefined;
    for (const [attr, v] of init.selfAttrs) {
      const s = this.substitute(v, params, step, c.node);
      if (!isEmpty(s)) (fields ??= new Map()).set(`.${attr}`, s);
    }
    return fields ? { fields } : EMPTY;
  }

  /** Values of a callee's parameters at a call. */
  private bindParams(fn: Fn, c: CallInfo, bound: boolean, self?: Value): Value[] {
    const out: Value[] = new Array(fn.params.length).fill(EMPTY);
    let offset = 0;
    if (bound) {
      out[0] = self ?? c.recvVal;
      offset = 1;
    }
    c.args.forEach((a, i) => {
      const at = i + offset;
      if (fn.varargs !== undefined && at >= fn.varargs) out[fn.varargs] = join(out[fn.varargs], flat(a));
      else if (at < out.length) out[at] = a;
    });
    for (const [k, v] of c.kwargs) {
      const at = fn.params.indexOf(k);
      if (at >= 0 && at !== fn.varargs && at !== fn.kwargs) out[at] = v;
      else if (fn.kwargs !== undefined) out[fn.kwargs] = join(out[fn.kwargs], withField(EMPTY, JSON.stringify(k), v));
    }
    if (!isEmpty(c.spread)) for (let i = offset; i < out.length; i++) out[i] = join(out[i], c.spread);
    return out;
  }

  /** Replaces `P<i>` labels of a callee's value by the call's argument values. */
  private substitute(v: Value, params: readonly Value[], step: PathStep, node: Node, depth = 0): Value {
    if (isEmpty(v)) return v;
    let out: Value = EMPTY;
    let keep: Map<string, Entry> | undefined;
    for (const [label, e] of v.labels ?? []) {
      const kind = labelKind(label);
      if (kind === "R") {
        // a call to another module made with the callee's parameters: a copy of it in the caller's terms
        const { base, path } = splitPath(label);
        const k = this.instantiateCall(Number(base.slice(1)), params, step, node);
        const relabelled = path.reduce((l, part) => appendPath(l, part), `R${k}`);
        (keep ??= new Map()).set(relabelled, e);
        continue;
      }
      if (kind !== "P") {
        (keep ??= new Map()).set(label, e);
        continue;
      }
      const { base, path } = splitPath(label);
      let pv = params[Number(base.slice(1))] ?? EMPTY;
      for (const part of path) pv = part.endsWith("()") ? this.methodOf(pv, part.slice(0, -2), node) : this.attrOf(pv, part, node);
      if (isEmpty(pv)) continue;
      out = join(
        out,
        mapEntries(pv, (_l, pe) => ({ cleaned: pe.cleaned | e.cleaned, flags: pe.flags | e.flags, trail: concatTrail(extend(pe.trail, step), e.trail) })),
      );
    }
    if (keep) out = join(out, { labels: keep });
    if (v.fields && depth < 3) {
      let fields: Map<string, Value> | undefined;
      for (const [k, f] of v.fields) {
        const s = this.substitute(f, params, step, node, depth + 1);
        if (!isEmpty(s)) (fields ??= new Map()).set(k, s);
      }
      if (fields || v.exact) out = join(out, { fields, exact: v.exact });
    }
    return out;
  }

  /**
   * Call site `k` (made inside a callee whose summary is being applied) in the terms of the current caller:
   * the same call if its arguments do not depend on the callee's parameters, else a copy with them substituted.
   */
  private instantiateCall(k: number, params: readonly Value[], step: PathStep, node: Node): number {
    const rec = this.calls[k];
    if (!rec) return k;
    const depends = [...rec.args, ...rec.kwargs.values(), rec.receiver ?? EMPTY, rec.spread ?? EMPTY].some((a) => hasParam(a));
    if (!depends) return k;
    const key = `${k}|${node.id}|${this.frame.fn.qn}`;
    const known = this.clonedCalls.get(key);
    if (known !== undefined) return known;
    const idx = this.calls.length;
    this.clonedCalls.set(key, idx);
    this.frame.fn.callSites.add(idx);
    this.calls.push({ site: { ...rec.site, fn: this.frame.fn.qn }, args: [], kwargs: new Map() }); // placeholder (recursion)
    const sub = (a: Value): Value => this.substitute(a, params, step, node);
    this.calls[idx] = {
      site: { ...rec.site, fn: this.frame.fn.qn },
      args: rec.args.map(sub),
      kwargs: new Map([...rec.kwargs].map(([kw, a]) => [kw, sub(a)])),
      receiver: rec.receiver ? sub(rec.receiver) : undefined,
      spread: rec.spread ? sub(rec.spread) : undefined,
    };
    return idx;
  }

  /** A callee's sinks reached from its parameters (or other modules' results) become the caller's sinks, with the arguments' labels. */
  private propagateHits(fn: Fn, params: readonly Value[], step: PathStep, node: Node): void {
    for (const h of fn.hits.values()) {
      const k = labelKind(h.label);
      if (k !== "P" && k !== "R") continue;
      const v = this.substitute(single(h.label, h.entry), params, step, node);
      const site = this.sinks[h.sink];
      this.recordAt(h.sink, site.kind, v, site.structuredOnly);
    }
  }

  /** `items.append(v)`, `d.update(x)`, `items.pop(0)`: the receiver (a local name or `self.x`) changes. */
  private mutate(c: CallInfo, st: State): void {
    const key = this.varKey(c.recvNode);
    if (!key || !c.method) return;
    const cur = st.vars.get(key);
    if (MUTATING_METHODS.has(c.method)) {
      let added: Value = EMPTY;
      for (const a of c.args) added = join(added, flat(a));
      for (const a of c.kwargs.values()) added = join(added, flat(a));
      added = join(added, c.spread);
      if (isEmpty(added)) return;
      if (c.method === "setdefault" || (c.method === "update" && c.kwargs.size && !c.args.length)) {
        // d.setdefault("k", v), d.update(k=v): keyed
        const k = c.method === "setdefault" ? constKey(this.model.constant(c.argNodes[0])) : undefined;
        if (k !== undefined) {
          st.vars.set(key, withField(cur ?? EMPTY, k, join(field(cur ?? EMPTY, k), c.args[1] ?? EMPTY)));
          return;
        }
      }
      st.vars.set(key, withUnplaced(cur ?? (c.recvNode ? this.eval(c.recvNode, st, 0) : EMPTY), added));
      return;
    }
    if (!cur) return;
    if (c.method === "pop" && cur.exact && !c.args.length) {
      const keys = [...(cur.fields?.keys() ?? [])].filter((k) => /^\d+$/.test(k)).map(Number);
      if (keys.length) st.vars.set(key, removeKey(cur, String(Math.max(...keys))));
      return;
    }
    if (c.method === "pop" || c.method === "remove") {
      if (c.method === "pop") {
        const k = constKey(this.model.constant(c.argNodes[0]));
        if (k !== undefined) st.vars.set(key, removeKey(cur, k));
      }
      return;
    }
    if (c.method === "clear") st.vars.set(key, cur.exact ? { exact: true } : EMPTY);
  }

  // ------------------------------------------------------------------------------------------ sinks

  /** Records the sinks a call reaches; returns the mask of kinds the call is a sink for (its result is not re-reported for them). */
  private sinkCall(c: CallInfo, st: State): number {
    let specs: readonly SinkSpec[] | undefined = c.name ? SINKS.get(c.name) : undefined;
    if (!specs && c.method && c.recvNode) {
      const candidates = METHOD_SINKS.get(c.method);
      if (candidates && !this.isStaticReceiver(c.recvNode) && !this.projectReceiver(c)) specs = candidates.filter((s) => this.methodSinkApplies(s, c));
    }
    if (!specs || !specs.length) return 0;
    let mask = 0;
    for (const spec of specs) {
      const bit = KIND_BIT[spec.kind];
      if (spec.when && !spec.when.every((w) => this.conditionHolds(c, w))) continue;
      if (spec.unlessContentType && (this.rawSocketHandler() || !this.htmlContentType(c.node))) continue;
      // the result of a sink is not reported again for its kind, nor as an HTML body (a response object, a
      // cursor…); what an operation returns (rows, a process's status, a response) is not the input any more
      mask |= PASS_THROUGH & bit ? bit | KIND_BIT.html : ALL_KINDS;
      if (!(this.kinds & bit)) continue;
      const label = spec.label ?? shortText(c.node.childForFieldName("function")?.text ?? "call");
      for (const ref of spec.args) {
        let v = this.argValue(c, ref);
        if (spec.kind === "log" && ref.rest) v = this.logValue(c, ref, v);
        if (isEmpty(v)) continue;
        if (spec.program && v.fields && !this.isShellList(this.argNode(c, ref))) v = field(v, "0");
        if (spec.kind === "nosql") this.nosqlHit(c.node, label, v);
        else this.recordHit(spec.kind, c.node, label, v);
      }
    }
    void st;
    return mask;
  }

  /**
   * A receiver whose type is a class of the project that defines the method (`LocalRunner().execute(…)`,
   * `store = Store(); store.fetch(…)`, `self.execute(…)` in a class defining `execute`; for a class of another
   * project module, any CapWords class): the call is analysed as a project call, so method-name sinks (which
   * are for receivers of unknown type) do not apply.
   */
  private projectReceiver(c: CallInfo): boolean {
    const recv = c.recvNode;
    const method = c.method;
    if (!recv || !method) return false;
    if (c.name && this.defs.get(c.name)?.type === "function_definition") return true;
    const typ = this.model.typeOf(recv);
    if (typ) {
      if (this.defs.get(typ)?.type === "class_definition") return !!this.findMethod(typ, method, 0);
      if (this.isProjectCall(typ) && /^_?[A-Z]/.test(typ.split(".").pop() ?? "")) return true;
    }
    const frame = this.frame.fn;
    if (recv.type === "identifier" && frame.selfName && recv.text === frame.selfName && frame.classQn) return !!this.findMethod(frame.classQn, method, 0);
    return false;
  }

  /** A receiver that names a module or a class (`os.path`, `json`), not an object: method-name sinks do not apply. */
  private isStaticReceiver(node: Node): boolean {
    let n: Node | null = node;
    let attrs = 0;
    for (; attrs < 12 && n?.type === "attribute"; attrs++) n = n.childForFieldName("object");
    if (n?.type !== "identifier") return false;
    const b = this.model.lookup(n.text, n.startIndex);
    if (!b || !(b.kind === "import" || b.kind === "class" || b.kind === "def") || OBJECT_NAMES.has(b.qualifiedName ?? "")) return false;
    // an attribute of a class is an object (a Django model's `objects` manager: `Customer.objects.raw(…)`)
    const isClass = b.kind === "class" || (b.kind === "import" && /^_?[A-Z](?=.*[a-z])\w*$/.test(b.name));
    return !(attrs > 0 && isClass);
  }

  /**
   * True inside a method of a request handler class whose known bases are not HTTP handlers
   * (`socketserver.StreamRequestHandler`): its `self.wfile` is a raw socket, not an HTTP response body. A
   * function outside such a class, or a class with bases of unknown origin, is not one.
   */
  private rawSocketHandler(): boolean {
    const qn = this.frame.fn.classQn;
    return !!qn && this.handlerType(qn, 0) !== undefined && !this.httpHandler(qn, 0);
  }

  /** True when same-module class `classQn` derives (through same-module classes) from an HTTP handler base. */
  private httpHandler(classQn: string, depth: number): boolean {
    if (depth > 8) return false;
    for (const b of this.defs.get(classQn)?.childForFieldName("superclasses")?.namedChildren ?? []) {
      if (!b || b.type === "keyword_argument") continue;
      const q = this.model.resolve(b);
      if (!q) continue;
      if (HTTP_BODY_HANDLER_BASES.has(q)) return true;
      if (this.defs.has(q) && this.httpHandler(q, depth + 1)) return true;
    }
    return false;
  }

  /**
   * For a body written by hand (`self.wfile.write(…)`): false when the enclosing function sets only constant,
   * non-HTML `Content-Type` headers (`send_header("Content-Type", "application/json")`), else true.
   */
  private htmlContentType(node: Node): boolean {
    const frameFn = this.frame.fn;
    const fn = frameFn.node;
    const cached = this.contentTypes.get(fn.id);
    if (cached !== undefined) return cached;
    let html: boolean | undefined;
    for (const call of frameFn.kind === "module" ? [] : fn.descendantsOfType("call")) {
      if (!call || this.model.methodName(call) !== "send_header") continue;
      const name = this.model.constant(this.model.arg(call, 0, "keyword"));
      if (typeof name !== "string" || name.toLowerCase() !== "content-type") continue;
      const value = this.model.constant(this.model.arg(call, 1, "value"));
      html = (html ?? false) || typeof value !== "string" || value.toLowerCase().includes("html");
    }
    void node;
    const out = html ?? true;
    this.contentTypes.set(fn.id, out);
    return out;
  }

  /** A log call's taint: with a constant message whose every conversion is `%r`, the arguments are quoted. */
  private logValue(c: CallInfo, ref: ArgRef, v: Value): Value {
    const msgNode = this.argNode(c, { position: ref.position, keyword: ref.keyword });
    const msg = msgNode ? this.model.constant(msgNode) : undefined;
    if (typeof msg !== "string") return v;
    const convs = [...msg.matchAll(/%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?([a-zA-Z%])/g)].map((m) => m[1]).filter((x) => x !== "%");
    return convs.length && convs.every((x) => x === "r") ? EMPTY : v;
  }

  /** `["sh", "-c", cmd]`: a shell is the program, so the whole list is a command line. */
  private isShellList(n: Node | undefined): boolean {
    if (!n || (n.type !== "list" && n.type !== "tuple")) return false;
    const first = this.model.constant(n.namedChildren[0]);
    return typeof first === "string" && /(^|[\\/])(sh|bash|zsh|dash|ksh|cmd(\.exe)?|powershell(\.exe)?|pwsh)$/i.test(first);
  }

  private methodSinkApplies(s: MethodSinkSpec, c: CallInfo): boolean {
    if (s.requiresImport && !s.requiresImport.some((m) => this.imports.has(m))) return false;
    if (s.receiverText && !s.receiverText.test(c.recvNode?.text ?? "")) return false;
    if (s.looksLikeSql) {
      const a = c.argNodes[0];
      const shape = a ? this.model.stringShape(a) : undefined;
      if (!shape || !looksLikeSql(shape.text)) return false;
    }
    return true;
  }

  private conditionHolds(c: CallInfo, w: ArgCondition): boolean {
    const n = this.argNode(c, w.arg);
    if (w.configuredBy) {
      if (!n) return true;
      const made = this.bindingCall(n, new Set(w.configuredBy.constructors));
      if (!made) return false; // an object of unknown origin: taken as configured safely
      const opt = this.model.arg(made, w.configuredBy.option.position, w.configuredBy.option.keyword);
      const k = opt ? this.model.constant(opt) : undefined;
      return !(opt && k !== undefined && w.configuredBy.safeConstants.includes(k as string | number | boolean | null));
    }
    if (w.onlyWhenGiven && !n) return false;
    if (w.truthy !== undefined) {
      const t = n ? this.model.truthy(n) : false;
      if (w.truthy) return n !== undefined && t !== false;
      return !n || t === false;
    }
    if (!n) return !w.requiredContains;
    const k = this.model.constant(n);
    if (w.requiredContains) return typeof k === "string" && k.toLowerCase().includes(w.requiredContains);
    if (w.safeUnlessContains && typeof k === "string" && !k.toLowerCase().includes(w.safeUnlessContains)) return false;
    if (w.safeConstants && k !== undefined && w.safeConstants.includes(k as string | number | boolean | null)) return false;
    if (w.safeNames) {
      const q = this.model.resolve(n) ?? n.text;
      const last = q.split(".").pop() ?? q;
      if (w.safeNames.includes(last)) return false;
    }
    return true;
  }

  /** A NoSQL filter: a dict literal is dangerous only in `$where` or where structured data lands; anything else whole. */
  private nosqlHit(node: Node, label: string, v: Value): void {
    if (v.fields && !v.labels) {
      for (const [k, f] of v.fields) this.recordHit("nosql", node, label, f, k !== '"$where"');
      return;
    }
    this.recordHit("nosql", node, label, v);
  }

  private sinkSite(node: Node, kind: SinkKind, label: string, structuredOnly: boolean): number {
    const key = `${node.id}|${kind}|${structuredOnly ? 1 : 0}`;
    let idx = this.sinkKeys.get(key);
    if (idx === undefined) {
      idx = this.sinks.length;
      const site: SinkSite = { kind, at: serialStep(this.stepAt(node, `sink: ${label}`), this.file.path), anchor: this.opts.anchor(node) };
      if (structuredOnly) site.structuredOnly = true;
      this.sinks.push(site);
      this.sinkNodes.push(node);
      this.sinkKeys.set(key, idx);
    }
    return idx;
  }

  /** Records that `value` reaches a sink of `kind` at `node`. */
  private recordHit(kind: SinkKind, node: Node, label: string, value: Value, structuredOnly = false): void {
    const bit = KIND_BIT[kind];
    if (!(this.kinds & bit)) return;
    const f = flat(value);
    if (!f.labels) return;
    let idx: number | undefined;
    for (const [l, e] of f.labels) {
      if (e.cleaned & bit) continue;
      const k = labelKind(l);
      if (k === "O") continue;
      if (structuredOnly && (e.cleaned & SCALAR_BIT || (k === "S" && !mayBeStructured(e)))) continue;
      idx ??= this.sinkSite(node, kind, label, structuredOnly);
      this.recordLabel(idx, l, e);
    }
  }

  /** Records a (propagated) value at an existing sink site. */
  private recordAt(sink: number, kind: SinkKind, value: Value, structuredOnly?: boolean): void {
    const bit = KIND_BIT[kind];
    const f = flat(value);
    for (const [l, e] of f.labels ?? []) {
      if (e.cleaned & bit) continue;
      const k = labelKind(l);
      if (k === "O") continue;
      if (structuredOnly && (e.cleaned & SCALAR_BIT || (k === "S" && !mayBeStructured(e)))) continue;
      this.recordLabel(sink, l, e);
    }
  }

  private recordLabel(sink: number, label: string, e: Entry): void {
    const key = `${sink}|${label}`;
    if (labelKind(label) === "S") {
      if (!this.flows.has(key)) this.flows.set(key, { sink, source: Number(label.slice(1)), entry: e });
      return;
    }
    const hits = this.frame.fn.hits;
    if (!hits.has(key)) hits.set(key, { sink, label, entry: e });
  }

  // ------------------------------------------------------------------------------------------ guards

  private applyRefinement(r: Map<string, number>, st: State): void {
    for (const [key, mask] of r) {
      const cur = st.vars.get(key);
      if (cur === undefined) continue;
      st.vars.set(key, clean(cur, mask));
    }
  }

  /** What a test proves about variables, in the branch where it holds and where it fails. */
  private refine(node: Node, st: State, depth: number): Refinement {
    if (depth > 20) return NO_REFINEMENT;
    switch (node.type) {
      case "parenthesized_expression":
        return node.namedChildren[0] ? this.refine(node.namedChildren[0], st, depth + 1) : NO_REFINEMENT;
      case "not_operator": {
        const a = node.childForFieldName("argument");
        if (!a) return NO_REFINEMENT;
        const r = this.refine(a, st, depth + 1);
        return { t: r.f, f: r.t };
      }
      case "boolean_operator": {
        const l = node.childForFieldName("left");
        const r = node.childForFieldName("right");
        if (!l || !r) return NO_REFINEMENT;
        const a = this.refine(l, st, depth + 1);
        const b = this.refine(r, st, depth + 1);
        const op = node.childForFieldName("operator")?.type;
        if (op === "and") {
          const t = unite(a.t, b.t);
          // `t.startswith("/") and not t.startswith("//")`: a path on this site
          for (const v of this.localPathTest(l, r)) t.set(v, (t.get(v) ?? 0) | KIND_BIT.redirect | KIND_BIT.url);
          return { t, f: intersect(a.f, b.f) };
        }
        return { t: intersect(a.t, b.t), f: unite(a.f, b.f) };
      }
      case "comparison_operator":
        return this.refineComparison(node, st);
      case "call":
        return { t: this.guardCall(node, st), f: new Map() };
      case "attribute": {
        // `if not parsed.netloc:` — no host: a relative URL stays on this site
        const hostVars = this.urlHostVars(node, st);
        if (!hostVars.length) return NO_REFINEMENT;
        return { t: new Map(), f: new Map(hostVars.map((v) => [v, KIND_BIT.redirect | KIND_BIT.url])) };
      }
      default:
        return NO_REFINEMENT;
    }
  }

  /** Variables tested by `v.startswith("/") and not v.startswith("//")` (either order). */
  private localPathTest(l: Node, r: Node): string[] {
    const starts = (n: Node, prefix: string): string[] => {
      if (n.type !== "call" || this.model.methodName(n) !== "startswith") return [];
      if (this.model.constant(this.model.arg(n, 0)) !== prefix) return [];
      const o = n.childForFieldName("function")?.childForFieldName("object");
      return o ? this.targetVars(o) : [];
    };
    const negated = (n: Node, prefix: string): string[] => {
      const a = n.type === "not_operator" ? n.childForFieldName("argument") : null;
      if (!a) return [];
      const ps = [prefix, "\\"];
      return a.type === "boolean_operator" ? [] : ps.flatMap((p) => starts(a, p));
    };
    for (const [x, y] of [[l, r], [r, l]] as const) {
      const vs = starts(x, "/");
      if (vs.length && vs.every((v) => negated(y, "//").includes(v))) return vs;
    }
    return [];
  }

  private refineComparison(node: Node, st: State): Refinement {
    const operands = node.namedChildren.filter((c): c is Node => !!c && c.type !== "comment");
    const ops = node.childrenForFieldName("operators").filter((c): c is Node => !!c);
    if (operands.length !== 2 || ops.length !== 1) return NO_REFINEMENT;
    const op = ops[0].type;
    const [left, right] = operands;
    const out: Refinement = { t: new Map(), f: new Map() };
    const put = (m: Map<string, number>, keys: string[], mask: number): void => {
      for (const k of keys) m.set(k, (m.get(k) ?? 0) | mask);
    };
    const urlMask = KIND_BIT.redirect | KIND_BIT.url;
    if (op === "in" || op === "not in") {
      const yes = op === "in" ? out.t : out.f;
      const no = op === "in" ? out.f : out.t;
      // `if ".." in name: abort()`: without a parent reference the name stays under the directory it is joined to
      if (this.model.constant(left) === "..") {
        put(no, this.targetVars(right), KIND_BIT.path);
        return out;
      }
      const hostVars = this.urlHostVars(left, st);
      if (hostVars.length) put(yes, hostVars, urlMask);
      else if (this.isConstantCollection(right)) put(yes, this.targetVars(left), ALL_KINDS);
      return out;
    }
    if (op === "==" || op === "!=") {
      const yes = op === "==" ? out.t : out.f;
      for (const [a, b] of [[left, right], [right, left]] as const) {
        const hostVars = this.urlHostVars(a, st);
        if (hostVars.length) {
          put(yes, hostVars, urlMask);
          continue;
        }
        if (a.type === "call" && this.model.callee(a) === "os.path.commonpath") {
          const list = this.model.arg(a, 0);
          for (const el of list?.namedChildren ?? []) if (el) put(yes, this.pathVars(el), KIND_BIT.path);
          continue;
        }
        if (this.model.constant(b) !== undefined && this.model.constant(a) === undefined) put(yes, this.targetVars(a), ALL_KINDS);
      }
    }
    return out;
  }

  /** Variables named by a guarded expression: a name or `self.x`. */
  private targetVars(node: Node): string[] {
    const k = this.varKey(node.type === "parenthesized_expression" ? (node.namedChildren[0] ?? node) : node);
    return k ? [k] : [];
  }

  /** `urlparse(t).netloc`, `parsed.hostname` (with `parsed = urlparse(t)`): the variables whose URL host is tested. */
  private urlHostVars(node: Node, st: State): string[] {
    if (node.type !== "attribute") return [];
    const attr = node.childForFieldName("attribute")?.text ?? "";
    if (!URL_HOST_ATTRIBUTES.has(attr)) return [];
    const obj = node.childForFieldName("object");
    if (!obj) return [];
    const call = this.bindingCall(obj, URL_PARSERS);
    if (!call) return [];
    const arg = this.model.arg(call, 0, "url");
    const out = arg ? this.targetVars(arg) : [];
    if (obj.type === "identifier") out.push(obj.text);
    void st;
    return out;
  }

  /** `node` itself, or the value a name is bound to, when it is a call to one of `names`. */
  private bindingCall(node: Node, names: ReadonlySet<string>): Node | undefined {
    let n: Node | undefined = node;
    if (n.type === "identifier") {
      const b = this.model.lookup(n.text, n.startIndex);
      n = b && (b.kind === "assign" || b.kind === "walrus") ? b.value : undefined;
    }
    if (n?.type === "call" && names.has(this.model.callee(n) ?? "")) return n;
    return undefined;
  }

  /** Variables inside a resolved-path expression (`realpath(join(BASE, name))` → `name`), and the name holding it. */
  private pathVars(node: Node, depth = 0): string[] {
    if (depth > 6) return [];
    if (node.type === "identifier") {
      const out = [node.text];
      const b = this.model.lookup(node.text, node.startIndex);
      if (b && (b.kind === "assign" || b.kind === "walrus") && b.value && b.value.type === "call") out.push(...this.pathVars(b.value, depth + 1));
      return out;
    }
    if (node.type === "call") {
      const out: string[] = [];
      const fn = node.childForFieldName("function");
      if (fn?.type === "attribute") {
        const o = fn.childForFieldName("object");
        if (o) out.push(...this.pathVars(o, depth + 1));
      }
      for (const a of this.model.args(node).positional) out.push(...this.pathVars(a, depth + 1));
      return out;
    }
    if (node.type === "binary_operator") {
      const out: string[] = [];
      for (const c of [node.childForFieldName("left"), node.childForFieldName("right")]) if (c) out.push(...this.pathVars(c, depth + 1));
      return out;
    }
    return [];
  }

  /** A resolved path: a call to a path resolver, or a name bound to one. */
  private isResolvedPath(node: Node): boolean {
    return !!this.bindingCall(node, PATH_RESOLVERS);
  }

  private guardCall(node: Node, st: State): Map<string, number> {
    const out = new Map<string, number>();
    const name = this.model.callee(node);
    const fn = node.childForFieldName("function");
    const method = this.model.methodName(node);
    const recv = fn?.type === "attribute" ? fn.childForFieldName("object") : null;
    const put = (keys: string[], mask: number): void => {
      for (const k of keys) out.set(k, (out.get(k) ?? 0) | mask);
    };
    if (name) {
      const g = GUARDS.get(name);
      if (g) {
        const a = this.model.arg(node, g.arg?.position ?? 0, g.arg?.keyword);
        if (a) put(this.targetVars(a), maskOf(g.cleans));
        return out;
      }
      const rg = REGEX_GUARD_FUNCTIONS[name];
      if (rg) {
        const p = this.model.constant(this.model.arg(node, rg.pattern, "pattern"));
        const v = this.model.arg(node, rg.value, "string");
        if (typeof p === "string" && v && (rg.anchored || anchoredAtEnd(p))) put(this.targetVars(v), this.patternMask(p));
        return out;
      }
      if (name === "builtins.isinstance") {
        // `isinstance(v, int)`: a number, safe everywhere; `isinstance(v, str)`: text, not a structure
        const t = this.model.arg(node, 1);
        const v = this.model.arg(node, 0);
        const types = (t ? (t.type === "tuple" ? t.namedChildren : [t]) : []).filter((x): x is Node => !!x && x.type !== "comment");
        const names = types.map((x) => this.model.resolve(x) ?? "");
        if (v && names.length) {
          if (names.every((x) => /^builtins\.(int|float|bool|complex)$|^uuid\.UUID$|^decimal\.Decimal$/.test(x))) put(this.targetVars(v), ALL_KINDS | SCALAR_BIT);
          else if (names.every((x) => /^builtins\.(int|float|bool|complex|str|bytes)$|^uuid\.UUID$|^decimal\.Decimal$/.test(x))) put(this.targetVars(v), SCALAR_BIT);
        }
        return out;
      }
      if (MAC_COMPARISONS.has(name)) {
        // `compare_digest(mac, hmac.new(KEY, blob, sha256).digest())`: `blob` is what the server signed
        for (const a of this.model.args(node).positional) for (const m of this.macMessages(a)) put(this.targetVars(m), ALL_KINDS | SCALAR_BIT);
        return out;
      }
    }
    if (method && recv) {
      const gm = GUARD_METHODS[method];
      if (gm) {
        // `v.isdigit()`, or on a transformed copy (`v.replace(".", "").isalnum()`): characters removed before
        // the test (dots, slashes) may remain in `v`, so after `replace` paths and URLs are not assumed safe
        let target: Node | null = recv;
        let mask = maskOf(gm.cleans);
        for (let i = 0; i < 4 && target?.type === "call"; i++) {
          const m = this.model.methodName(target);
          if (!m || !/^(replace|strip|lstrip|rstrip|lower|upper|casefold|removeprefix|removesuffix)$/.test(m)) break;
          if (m === "replace") mask &= ~(KIND_BIT.path | KIND_BIT.url | KIND_BIT.redirect);
          target = target.childForFieldName("function")?.childForFieldName("object") ?? null;
        }
        if (target) put(this.targetVars(target), mask);
        return out;
      }
      if (method === "startswith" || method === "is_relative_to") {
        if (this.isResolvedPath(recv)) put(this.pathVars(recv), KIND_BIT.path);
        return out;
      }
      if (method === "fullmatch" || method === "match") {
        // PATTERN.fullmatch(v) with PATTERN = re.compile(CONST)
        const compiled = this.bindingCall(recv, new Set(["re.compile", "regex.compile"]));
        const p = compiled ? this.model.constant(this.model.arg(compiled, 0, "pattern")) : undefined;
        const v = this.model.arg(node, 0, "string");
        if (typeof p === "string" && v && (method === "fullmatch" || anchoredAtEnd(p))) put(this.targetVars(v), this.patternMask(p));
      }
    }
    return out;
  }

  /** The messages a MAC expression authenticates: `hmac.new(k, msg, …).digest()`, `hmac.digest(k, msg, …)`, or a name bound to one. */
  private macMessages(node: Node): Node[] {
    let n: Node | undefined = node;
    if (n.type === "identifier") {
      const b = this.model.lookup(n.text, n.startIndex);
      n = b && (b.kind === "assign" || b.kind === "walrus") ? b.value : undefined;
    }
    for (let i = 0; i < 3 && n?.type === "call"; i++) {
      const ref = MAC_FUNCTIONS[this.model.callee(n) ?? ""];
      if (ref) {
        const msg = this.model.arg(n, ref.position, ref.keyword);
        return msg ? [msg] : [];
      }
      // `.digest()` / `.hexdigest()` of a MAC object
      const m = this.model.methodName(n);
      if (m !== "digest" && m !== "hexdigest") return [];
      n = n.childForFieldName("function")?.childForFieldName("object") ?? undefined;
    }
    return [];
  }

  /** Kinds a whole-string match against constant pattern `p` makes safe. */
  private patternMask(p: string): number {
    if (!restrictivePattern(p)) return 0;
    let mask = ALL_KINDS;
    if (/[/\\]/.test(p.replace(/\\[dws]/g, ""))) mask &= ~(KIND_BIT.path | KIND_BIT.redirect | KIND_BIT.url);
    return mask;
  }

  /** A constant list/tuple/set/dict (or a name bound only to one): `v in ALLOWED` is an allow-list check. */
  private isConstantCollection(node: Node, depth = 0): boolean {
    if (depth > 4) return false;
    const c = this.model.constant(node);
    if (Array.isArray(c) || typeof c === "string") return Array.isArray(c);
    switch (node.type) {
      case "set":
      case "list":
      case "tuple":
        return node.namedChildren.every((x) => !x || x.type === "comment" || this.model.constant(x) !== undefined);
      case "dictionary":
        return node.namedChildren.every((x) => !x || x.type !== "pair" || this.model.constant(x.childForFieldName("key")) !== undefined);
      case "call": {
        const name = this.model.callee(node);
        if (name === "builtins.frozenset" || name === "builtins.set" || name === "builtins.tuple") {
          const a = this.model.arg(node, 0);
          return !!a && this.isConstantCollection(a, depth + 1);
        }
        if (this.model.methodName(node) === "keys") {
          const fn = node.childForFieldName("function");
          const o = fn?.childForFieldName("object");
          return !!o && this.isConstantCollection(o, depth + 1);
        }
        return false;
      }
      case "identifier":
      case "attribute": {
        if (node.type === "attribute") {
          // settings.ALLOWED_HOSTS and other UPPER_CASE configuration constants
          return /^[A-Z][A-Z0-9_]*$/.test(node.childForFieldName("attribute")?.text ?? "");
        }
        const list = this.model.bindingsOf(node.text, node.startIndex);
        if (!list.length) return false;
        return list.every((b) => b.kind === "assign" && !!b.value && this.isConstantCollection(b.value, depth + 1));
      }
      default:
        return false;
    }
  }

  // ------------------------------------------------------------------------------------------ output

  private localFlows(): LocalFlow[] {
    const out: LocalFlow[] = [];
    for (const f of this.flows.values()) {
      const sink = this.sinks[f.sink];
      out.push({ kind: sink.kind, node: this.sinkNodes[f.sink], sink, source: this.sources[f.source], steps: trailSteps(f.entry.trail) });
    }
    return out;
  }

  private summary(): ModuleSummary {
    const path = this.file.path;
    const functions: Record<string, FunctionSummary> = {};
    for (const fn of this.fns.values()) {
      if (fn.kind === "class") {
        functions[fn.qn] = { params: [], isClass: true, returns: {}, hits: [] };
        continue;
      }
      if (fn.state !== 2) continue;
      const hits: SinkHit[] = [];
      for (const h of fn.hits.values()) hits.push({ sink: h.sink, value: serialise(single(h.label, h.entry), path) });
      const s: FunctionSummary = { params: fn.params, returns: serialise(fn.returns, path), hits };
      if (fn.varargs !== undefined) s.varargs = fn.varargs;
      if (fn.kwargs !== undefined) s.kwargs = fn.kwargs;
      if (fn.method) s.method = true;
      if (fn.localCalls.size) s.calls = [...fn.localCalls].sort();
      if (fn.selfAttrs.size) {
        s.selfAttrs = {};
        for (const [k, v] of fn.selfAttrs) if (!isEmpty(v)) s.selfAttrs[k] = serialise(v, path);
      }
      functions[fn.qn] = s;
    }
    // classes that are never instantiated here are still callable from other modules
    for (const [qn, node] of this.defs) if (node.type === "class_definition" && !functions[qn]) functions[qn] = { params: [], isClass: true, returns: {}, hits: [] };
    return {
      module: this.module,
      path,
      sources: this.sources,
      objects: this.objects,
      calls: this.calls.map((c) => {
        const site: CallSite = { ...c.site, args: c.args.map((a) => serialise(a, path)) };
        if (c.kwargs.size) site.kwargs = Object.fromEntries([...c.kwargs].map(([k, v]) => [k, serialise(v, path)]));
        if (c.receiver) site.receiver = serialise(c.receiver, path);
        if (c.spread) site.spread = serialise(c.spread, path);
        return site;
      }),
      sinks: this.sinks,
      functions,
      ...this.reexports(),
      ...this.routeConverters(),
    };
  }

  /**
   * Django urlpatterns of this module: `path("post/<int:pk>/", views.post)` and `path(…, PostView.as_view())`
   * give the converter of each URL parameter of the view (`str` when none is written); `re_path` groups
   * `(?P<pk>\d+)` / `[0-9]+` count as `int`, `[-\w]+` / `[-a-zA-Z0-9_]+` as `slug`, anything else as `str`.
   * Parameters of an `include()`d prefix are not followed (their views keep them as sources).
   */
  private routeConverters(): { routes?: RouteConverters } {
    if (!this.imports.has("django")) return {};
    const out: RouteConverters = {};
    for (const call of this.model.tree.rootNode.descendantsOfType("call")) {
      if (!call) continue;
      const name = this.model.callee(call) ?? "";
      const isPath = /^django\.urls\.(?:conf\.)?path$/.test(name);
      const isRe = /^django\.urls\.(?:conf\.)?re_path$|^django\.conf\.urls\.url$/.test(name);
      if (!isPath && !isRe) continue;
      const route = this.model.constant(this.model.arg(call, 0, "route"));
      let viewNode = this.model.arg(call, 1, "view");
      if (typeof route !== "string" || !viewNode) continue;
      if (viewNode.type === "call" && this.model.methodName(viewNode) === "as_view") viewNode = viewNode.childForFieldName("function")?.childForFieldName("object") ?? viewNode;
      const view = viewNode.type === "call" ? undefined : this.model.resolve(viewNode);
      if (!view) continue;
      const params: Record<string, string> = {};
      if (isPath) for (const m of route.matchAll(/<(?:([A-Za-z_]\w*):)?([A-Za-z_]\w*)>/g)) params[m[2]] = m[1] ?? "str";
      else {
        for (const [name, body] of namedGroups(route)) {
          params[name] = /^(?:\\d|\[0-9\])(?:\+|\{\d+(?:,\d*)?\})$/.test(body) ? "int" : /^\[(?:-\\w|\\w-|-a-zA-Z0-9_|a-zA-Z0-9_-)\](?:\+|\{\d+(?:,\d*)?\})$/.test(body) ? "slug" : "str";
        }
      }
      const entry = (out[view] ??= {});
      for (const [p, conv] of Object.entries(params)) (entry[p] ??= []).push(conv);
    }
    return Object.keys(out).length ? { routes: out } : {};
  }

  /**
   * Names the module binds by importing them (`from pkg.shell import sh` in `pkg/__init__.py`): local name →
   * qualified name, so that the project phase resolves `pkg.sh` to `pkg.shell.sh`. Relative imports of a
   * package's `__init__.py` are taken relative to the package itself.
   */
  private reexports(): { reexports?: Record<string, string> } {
    const out: Record<string, string> = {};
    const isInit = /(^|[\\/])__init__\.pyi?$/.test(this.file.path);
    for (const [name, list] of this.model.module.bindings) {
      const b = list[list.length - 1];
      if (b?.kind !== "import" || !b.qualifiedName) continue;
      let qn = b.qualifiedName;
      let stmt: Node | null = b.node;
      while (stmt && stmt.type !== "import_from_statement" && stmt.type !== "import_statement" && stmt.type !== "module") stmt = stmt.parent;
      const from = stmt?.type === "import_from_statement" ? stmt.childForFieldName("module_name")?.text.replace(/\s+/g, "") : undefined;
      if (isInit && from?.startsWith(".")) {
        const dots = /^\.+/.exec(from)![0].length;
        const parts = this.module.split(".");
        const base = parts.slice(0, Math.max(0, parts.length - dots + 1));
        const rest = from.slice(dots);
        qn = [...base, ...(rest ? [rest] : []), qn.split(".").pop()!].join(".");
      }
      if (qn !== `${this.module}.${name}`) out[name] = qn;
    }
    return Object.keys(out).length ? { reexports: out } : {};
  }
}

/** What the analyser knows of one call. */
interface CallInfo {
  node: Node;
  name: string | undefined;
  method: string | undefined;
  recvNode: Node | null;
  recvVal: Value;
  args: Value[];
  argNodes: Node[];
  kwargs: Map<string, Value>;
  spread: Value;
  starAt: number;
}

const DEADLINE = Symbol("deadline");

/** A receiver that is an ORM query (`Model.objects.filter(…)`, `Model.query.filter_by(…)`, `session.query(…)`). */
const ORM_QUERY = /(?:^|\.)(?:objects|query)\b|\.query\(|\.scalars?\(/;
/** Modules whose import makes {@link ORM_QUERY} receivers ORM queries. */
const ORM_MODULES = ["django", "sqlalchemy", "flask_sqlalchemy", "sqlmodel", "peewee", "mongoengine", "tortoise", "pony"];

/** Sink kinds whose result still carries the argument's data (marked-safe markup, parsed documents, loaded objects, evaluated values). */
const PASS_THROUGH = KIND_BIT.html | KIND_BIT.deserialize | KIND_BIT.code | KIND_BIT.xml;

function unite(a: Map<string, number>, b: Map<string, number>): Map<string, number> {
  const out = new Map(a);
  for (const [k, m] of b) out.set(k, (out.get(k) ?? 0) | m);
  return out;
}

function intersect(a: Map<string, number>, b: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [k, m] of a) if (b.has(k)) out.set(k, m & b.get(k)!);
  return out;
}

/** True when a value (fields included) holds a parameter label. */
function hasParam(v: Value, depth = 0): boolean {
  for (const l of v.labels?.keys() ?? []) if (l[0] === "P") return true;
  if (v.fields && depth < 4) for (const f of v.fields.values()) if (hasParam(f, depth + 1)) return true;
  return false;
}

function joinAllFlat(values: readonly Value[]): Value {
  let v: Value = EMPTY;
  for (const x of values) v = join(v, flat(x));
  return v;
}

/** Removes field `key` of an exact list or dict; list indexes after it shift down. */
function removeKey(v: Value, key: string): Value {
  if (!v.fields) return v;
  const fields = new Map<string, Value>();
  const idx = /^\d+$/.test(key) ? Number(key) : undefined;
  for (const [k, f] of v.fields) {
    if (k === key) continue;
    if (idx !== undefined && /^\d+$/.test(k) && Number(k) > idx) fields.set(String(Number(k) - 1), f);
    else fields.set(k, f);
  }
  return { labels: v.labels, fields, exact: v.exact };
}

function shortName(q: string): string {
  const parts = q.split(".");
  return parts.slice(-2).join(".");
}

function shortText(t: string): string {
  const s = t.replace(/\s+/g, " ");
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
}

const IMPORT_LINE = /^[ \t]*(?:from[ \t]+([\w.]+)[ \t]+import\b|import[ \t]+([\w., \t]+))/gm;

/**
 * True when a module may hold sources of its own: it imports (or is) a module of `SOURCE_MODULE_ROOTS` for an
 * enabled threat model, or uses a local source while local sources are on. Decided from the text alone.
 */
export function hasOwnSources(moduleName: string, text: string, threats: ReadonlySet<ThreatModel>): boolean {
  const roots: string[] = [];
  for (const t of threats) roots.push(...SOURCE_MODULE_ROOTS[t]);
  const matches = (name: string): boolean => roots.some((r) => name === r || name.startsWith(`${r}.`));
  if (matches(moduleName)) return true;
  if (threats.has("local") && LOCAL_SOURCE_TEXT.test(text)) return true;
  if (!roots.length) return false;
  for (const m of text.matchAll(IMPORT_LINE)) {
    if (m[1] && matches(m[1])) return true;
    if (m[2]) for (const part of m[2].split(",")) if (matches(part.trim().split(/\s+/)[0])) return true;
  }
  return false;
}

/**
 * Analyses one module: summaries of its functions and the flows complete inside it.
 * @returns the module summary (plain data) and the local flows (with their sink nodes, for reporting)
 */
export function analyseModule(opts: AnalyseOptions): ModuleAnalysis {
  return new ModuleAnalyser(opts).run();
}

/**
 * The named groups `(?P<name>body)` of a Python regular expression whose body holds no nested group, in order
 * (a scan rather than a global regex, which backtracks quadratically on hostile patterns). A group with a
 * nested group is left out, as it cannot be a plain converter.
 */
function namedGroups(pattern: string): [string, string][] {
  const out: [string, string][] = [];
  const nameAt = /[A-Za-z_]\w*/y;
  for (let i = pattern.indexOf("(?P<"); i >= 0; i = pattern.indexOf("(?P<", i + 1)) {
    nameAt.lastIndex = i + 4;
    const name = nameAt.exec(pattern)?.[0];
    if (!name || pattern[i + 4 + name.length] !== ">") continue;
    let j = i + 5 + name.length;
    const start = j;
    while (j < pattern.length && pattern[j] !== "(" && pattern[j] !== ")") j += pattern[j] === "\\" ? 2 : 1;
    if (pattern[j] === ")") out.push([name, pattern.slice(start, j)]);
  }
  return out;
}
