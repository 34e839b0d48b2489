/**
 * The base layer of the per-module taint analyser: its state (sources, objects, calls, sinks, flows, functions),
 * the functions and classes of the module, route detection and registration, sources and objects with their
 * attributes and methods, and the module summary. The layers above add handler parameters, guards, sinks,
 * calls, statements and expressions.
 */
import type { Node } from "../parse/parser.js";
import type { SourceFile } from "../parse/source.js";
import type { PathStep } from "../engine/finding.js";
import type { ModuleModel } from "../model/module.js";
import {
  OBJECT_TYPES,
  REGISTRATIONS,
  ROUTES,
  SCALAR_METHODS,
  type DataSpec,
  type RouteSpec,
  type SourceSpec,
  type ThreatModel,
} from "../model/knowledge/frameworks/index.js";
import type {
  CallSite,
  FunctionSummary,
  ModuleSummary,
  ObjectSite,
  RouteConverters,
  SinkHit,
  SinkSite,
  SourceSite,
  UrlParam,
} from "./summary.js";
import {
  EMPTY,
  FLAG_STRUCTURED,
  KIND_BIT,
  appendPath,
  clean,
  flat,
  isEmpty,
  join,
  labelKind,
  maskOf,
  serialStep,
  serialise,
  single,
  trailSteps,
  type Entry,
  type SerialStep,
  type Trail,
  type Value,
} from "./value.js";
import {
  State,
  type Fn,
  type Frame,
  nodeStep,
  type AnalyseOptions,
  type LocalFlow,
  DEADLINE,
  namedGroups,
} from "./analyse-support.js";

/** The state of the per-module analyser and what it knows of the module's functions, routes and sources. */
export abstract class AnalyserBase {
  protected readonly model: ModuleModel;
  protected readonly file: SourceFile;
  protected readonly text: string;
  protected readonly module: string;
  protected readonly kinds: number;
  protected readonly threats: ReadonlySet<ThreatModel>;
  protected readonly imports: ReadonlySet<string>;
  /** Sources that are a Django class-based view's `self.kwargs`, by index: the view class. */
  protected readonly kwargsSources = new Map<number, string>();
  protected readonly sources: SourceSite[] = [];
  protected readonly sourceKeys = new Map<string, number>();
  /** The data spec of source `S<n>` when it has attributes the framework cleaned (`request.FILES[k].name`). */
  protected readonly sourceSpecs = new Map<number, DataSpec>();
  protected readonly objects: ObjectSite[] = [];
  protected readonly objectKeys = new Map<string, number>();
  protected readonly calls: { site: Omit<CallSite, "args" | "kwargs" | "receiver" | "spread">; args: Value[]; kwargs: Map<string, Value>; receiver?: Value; spread?: Value }[] = [];
  protected readonly callKeys = new Map<number, number>();
  protected readonly clonedCalls = new Map<string, number>();
  /** Per function node id: whether a body it writes by hand may be HTML (see `htmlContentType`). */
  protected readonly contentTypes = new Map<number, boolean>();
  protected readonly sinks: SinkSite[] = [];
  protected readonly sinkKeys = new Map<string, number>();
  protected readonly sinkNodes: Node[] = [];
  protected readonly flows = new Map<string, { sink: number; source: number; entry: Entry }>();
  /** Function and class definition nodes by qualified name. */
  protected readonly defs = new Map<string, Node>();
  protected readonly fns = new Map<string, Fn>();
  /** Concrete taint written to `self.<attr>` in any method, per class (the attribute is tainted for every method). */
  protected readonly classAttrs = new Map<string, Map<string, Value>>();
  protected readonly classScanned = new Set<string>();
  protected readonly frames: Frame[] = [];
  protected moduleFn!: Fn;
  protected moduleState: State | undefined;
  protected readonly registered = new Map<string, RouteSpec>();
  protected budgetTick = 0;
  partial = false;

  constructor(protected readonly opts: AnalyseOptions) {
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

  protected qualify(path: string): string {
    return this.module ? `${this.module}.${path}` : path;
  }

  protected tick(): void {
    if ((++this.budgetTick & 1023) === 0 && this.opts.deadline !== undefined && performance.now() > this.opts.deadline) throw DEADLINE;
  }

  // ------------------------------------------------------------------------------------------ functions

  protected newFn(qn: string, node: Node, kind: Fn["kind"]): Fn {
    const fn: Fn = { qn, node, kind, params: [], paramNodes: [], method: false, state: 0, returns: EMPTY, hits: new Map(), selfAttrs: new Map(), localCalls: new Set(), callSites: new Set() };
    this.fns.set(qn, fn);
    return fn;
  }

  /** The function (or class) `qn` of this module, created on first use. */
  protected fnFor(qn: string): Fn | undefined {
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
  protected decorators(node: Node): Node[] {
    const parent = node.parent;
    if (parent?.type !== "decorated_definition") return [];
    return parent.namedChildren.filter((c): c is Node => c?.type === "decorator");
  }

  /**
   * A route decorator on an application object the model cannot type (`from app import app`, a blueprint made
   * in another module): `@x.route(…)`, `@x.get(…)`… in a file that imports the framework.
   */
  protected guessRoute(expr: Node): RouteSpec | undefined {
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
  protected findRegistrations(): void {
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

  protected get frame(): Frame {
    return this.frames[this.frames.length - 1];
  }

  // ------------------------------------------------------------------------------------------ sources

  protected stepAt(node: Node, label: string): PathStep {
    return nodeStep(this.file, node, label);
  }

  protected sourceValue(key: string, spec: SourceSpec, node: Node, trail?: Trail, at?: SerialStep, data?: DataSpec, urlParam?: UrlParam): Value {
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

  protected objectValue(type: string, label: string, node: Node): Value {
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
  protected attrOf(base: Value, attr: string, node: Node): Value {
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
  protected urlKwarg(v: Value, key: string | undefined, node: Node): Value {
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
  protected methodOf(base: Value, m: string, node: Node): Value {
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

  /** The state key of a target expression: a name, or `self.<attr>` in a method. */
  protected varKey(node: Node | null): string | undefined {
    if (!node) return undefined;
    if (node.type === "identifier") return node.text;
    if (node.type === "attribute") {
      const obj = node.childForFieldName("object");
      const sn = this.frames.length ? this.frame.fn.selfName : undefined;
      if (obj?.type === "identifier" && sn && obj.text === sn) return `self.${node.childForFieldName("attribute")?.text}`;
    }
    return undefined;
  }

  // ------------------------------------------------------------------------------------------ output

  protected localFlows(): LocalFlow[] {
    const out: LocalFlow[] = [];
    for (const f of this.flows.values()) {
      const sink = this.sinks[f.sink];
      out.push({ kind: sink.kind, node: this.sinkNodes[f.sink], sink, source: this.sources[f.source], steps: trailSteps(f.entry.trail) });
    }
    return out;
  }

  protected summary(): ModuleSummary {
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
  protected routeConverters(): { routes?: RouteConverters } {
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
  protected reexports(): { reexports?: Record<string, string> } {
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

  // ---------------------------------------------------------------- implemented by the layers above

  protected abstract detectRoute(fn: Fn): void;
  protected abstract analyse(fn: Fn): void;
  protected abstract substitute(v: Value, params: readonly Value[], step: PathStep, node: Node, depth?: number): Value;
  protected abstract instantiateCall(k: number, params: readonly Value[], step: PathStep, node: Node): number;
  protected abstract propagateHits(fn: Fn, params: readonly Value[], step: PathStep, node: Node): void;
}
