/**
 * The base layer of the per-module taint analyser: its state (sources, objects, calls, sinks, flows, functions),
 * the functions and classes of the module, route detection and registration, the values of handler parameters
 * (Flask/Django/FastAPI, pydantic models, dependencies), sources and objects with their attributes and methods,
 * and the module summary. The layers above add guards, sinks, calls, statements and expressions.
 */
import type { Node } from "../parse/parser.js";
import type { SourceFile } from "../parse/source.js";
import type { PathStep } from "../engine/finding.js";
import type { ModuleModel } from "../model/module.js";
import {
  DJANGO_VIEW_HINTS,
  DJANGO_VIEW_METHODS,
  FASTAPI_DEPENDENCY_DEFAULTS,
  FASTAPI_SAFE_ANNOTATIONS,
  FASTAPI_STRUCTURED_ANNOTATIONS,
  HANDLER_CLASSES,
  OBJECT_ANNOTATIONS,
  OBJECT_TYPES,
  REGISTRATIONS,
  ROUTES,
  SCALAR_METHODS,
  type DataSpec,
  type RouteSpec,
  type SinkKind,
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
  shortName,
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
  protected readonly handlerCache = new Map<string, string | undefined>();
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

  /** The initial value of parameter `i` of `fn`: a source for handlers and views, else the label `P<i>`. */
  protected paramValue(fn: Fn, i: number): Value {
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
  protected fastapiParam(fn: Fn, i: number, depth: number): Value {
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
  protected modelScalarFields(name: string, at: Node, depth: number): Record<string, SinkKind[]> | undefined {
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
  protected dependencyCall(p: Node): Node | undefined {
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
  protected dependencyValue(dep: Node, p: Node, depth: number): Value {
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
  protected annotationTypes(annotation: Node): string[] {
    let t = annotation.text;
    for (let i = 0; i < 5 && /\([^()]*\)/.test(t); i++) t = t.replace(/\([^()]*\)/g, "");
    const wrappers = new Set(["None", "Optional", "Union", "Annotated", "typing", "typing_extensions", "Query", "Path", "Header", "Cookie", "Form", "Body", "File", "fastapi", "params", "list", "List", "Sequence", "set", "Set", "tuple", "Tuple", "frozenset"]);
    return (t.match(/[A-Za-z_]\w*/g) ?? []).filter((x) => !wrappers.has(x));
  }

  /** True when `name`, in the annotation's scope, is an enum class (its values are validated against the members). */
  protected isEnumClass(name: string, at: Node): boolean {
    const b = this.model.lookup(name, at.startIndex);
    if (!b || b.kind !== "class") return false;
    const supers = b.node.childForFieldName("superclasses");
    return (supers?.namedChildren ?? []).some((x) => !!x && /(^|\.)(Enum|IntEnum|StrEnum|IntFlag|Flag)$/.test(this.model.resolve(x) ?? x.text));
  }

  /** A function with a `request` parameter that Django routes to: in a views module, decorated, or a class-based view method. */
  protected isDjangoView(fn: Fn): boolean {
    if (/(^|\.)views?(\.|$)|_views?$/.test(this.module)) return true;
    if (fn.classQn) return DJANGO_VIEW_METHODS.has(fn.qn.slice(fn.classQn.length + 1));
    return this.decorators(fn.node).some((d) => {
      const e = d.namedChildren[0];
      const q = e ? this.model.resolve(e.type === "call" ? e.childForFieldName("function") : e) : undefined;
      return !!q && (q.startsWith("django.") || q.startsWith("rest_framework."));
    });
  }

  /** The source-object type of `self` in methods of `classQn` (through same-module bases), if a handler class. */
  protected handlerType(classQn: string, depth: number): string | undefined {
    if (depth > 8) return undefined;
    if (depth === 0 && this.handlerCache.has(classQn)) return this.handlerCache.get(classQn);
    const t = this.computeHandlerType(classQn, depth);
    if (depth === 0) this.handlerCache.set(classQn, t);
    return t;
  }

  protected computeHandlerType(classQn: string, depth: number): string | undefined {
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
