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
 *
 * The analyser is split by responsibility: `analyse-support.ts` (state, records, helpers) and the class layers
 * `analyser-base.ts`, `analyser-params.ts` (handler parameters), `analyser-guards.ts`, `analyser-sinks.ts`,
 * `analyser-calls.ts`, `analyser-statements.ts`, topped by `ModuleAnalyser` here (expressions).
 */
import type { Node } from "../parse/parser.js";
import {
  OBJECT_NAMES,
  OBJECT_TYPES,
  ROUTES,
  SOURCE_NAMES,
  type ArgRef,
} from "../model/knowledge/frameworks/index.js";
import { EMPTY, KIND_BIT, clean, field, flat, isEmpty, join, labelKind, single, type Value } from "./value.js";
import {
  State,
  joinStates,
  type Fn,
  type Frame,
  constKey,
  type AnalyseOptions,
  type ModuleAnalysis,
  type CallInfo,
  DEADLINE,
  joinAllFlat,
} from "./analyse-support.js";
import { StatementAnalyser } from "./analyser-statements.js";

/** Recursion limit of expression evaluation; deeper expressions fall back to the union of their identifiers. */
export const MAX_EXPR_DEPTH = 120;

/** Nested on-demand analyses of same-module callees at most. */
const MAX_CALL_DEPTH = 40;

/** Redirect and request targets built after this prefix keep their host: `"/profile/" + name`, `"https://api.example.com/" + p`. */
const SAFE_URL_PREFIX = /^(?:[a-z][a-z0-9+.-]*:)?\/\/[^/?#\\]+[/?#]|^\/[^/\\]|^[?#]/i;

export type { AnalyseOptions, LocalFlow, ModuleAnalysis } from "./analyse-support.js";

/**
 * The per-module analyser: the entry point, the analysis of one function, and expression evaluation. Built on
 * the layers of `analyser-*.ts`: base (state, functions, routes, parameters, sources, summary) → guards → sinks →
 * calls → statements.
 */
class ModuleAnalyser extends StatementAnalyser {
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

  /** Analyses `fn` once (recursion is cut: a function being analysed is not re-entered). */
  protected analyse(fn: Fn): void {
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

  // ------------------------------------------------------------------------------------------ expressions

  protected eval(node: Node, st: State, d: number): Value {
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
  protected fallback(node: Node, st: State): Value {
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

  protected objectsAsData(v: Value, node: Node): Value {
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
  protected name(node: Node, st: State): Value {
    const n = node.text;
    const local = st.vars.get(n);
    if (local !== undefined) return local;
    const b = this.model.lookup(n, node.startIndex);
    // unbound: a name read through a star import (`request` after `from flask import *`) as the model resolves it
    if (!b) return this.importedValue(this.model.resolve(node) ?? "", n, node);
    if (b.kind === "import") return this.importedValue(b.qualifiedName ?? "", n, node);
    if (b.kind === "def" || b.kind === "class") return EMPTY;
    const frame = this.frames.length ? this.frame : undefined;
    if (frame && frame.fn.kind !== "module" && this.moduleState && this.model.scopeAt(b.offset).kind === "module") {
      return this.moduleState.vars.get(n) ?? EMPTY;
    }
    return EMPTY;
  }

  /** The value of name `n` at `node` that imports qualified name `q`: a source object or source name, else nothing. */
  private importedValue(q: string, n: string, node: Node): Value {
    const obj = OBJECT_NAMES.get(q);
    if (obj) return this.objectValue(obj, n, node);
    const src = SOURCE_NAMES.get(q);
    if (src) return this.sourceValue(`name:${node.startIndex}`, src, node);
    return EMPTY;
  }

  protected attribute(node: Node, st: State, d: number): Value {
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

  protected subscript(node: Node, st: State, d: number): Value {
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

  protected binary(node: Node, st: State, d: number): Value {
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
  protected constantPrefix(node: Node, op: string): string | undefined {
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

  protected fstring(node: Node, st: State, d: number): Value {
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

  protected sequence(node: Node, st: State, d: number): Value {
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

  protected dictionary(node: Node, st: State, d: number): Value {
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

  protected comprehension(node: Node, st: State, d: number): Value {
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

  // ------------------------------------------------------------------ route, `self` attribute and log helpers
  //
  // These belong with the route, statement and sink layers but stay in this file: tests/hostile/redos.test.ts
  // lists their regexes (the Flask route pattern, the `self.<attr> =` scan, the %-format scan) under
  // `src/taint/analyse.ts`.

  /** Marks route handlers: decorated with a route decorator, or registered with `add_get(…)`. */
  protected detectRoute(fn: Fn): void {
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
          for (const m of rule.matchAll(/<(?:([a-zA-Z_][\w]*)(?:\((?:[^)<]|<(?![a-zA-Z_]))*\))?:)?([a-zA-Z_]\w*)>/g)) fn.ruleParams.set(m[2], m[1] ?? "string");
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

  /** Concrete taint of `self.<attr>` written by any method of the class (those methods are analysed first). */
  protected classAttr(classQn: string, attr: string): Value {
    if (!this.classScanned.has(classQn)) {
      this.classScanned.add(classQn);
      const prefix = `${classQn}.`;
      for (const [qn, node] of this.defs) {
        if (!qn.startsWith(prefix) || qn.slice(prefix.length).includes(".") || node.type !== "function_definition") continue;
        const fn = this.fnFor(qn);
        if (!fn || fn.state !== 0 || !fn.selfName) continue;
        if (!new RegExp(`\\b${fn.selfName}\\.\\w+\\s*(?:\\[[^\\][]*\\]\\s*)?[-+*/|&]?=[^=]`).test(node.text)) continue;
        this.analyse(fn);
      }
    }
    return this.classAttrs.get(classQn)?.get(attr) ?? EMPTY;
  }

  /** A log call's taint: with a constant message whose every conversion is `%r`, the arguments are quoted. */
  protected logValue(c: CallInfo, ref: ArgRef, v: Value): Value {
    const msgNode = this.argNode(c, { position: ref.position, keyword: ref.keyword });
    const msg = msgNode ? this.model.constant(msgNode) : undefined;
    if (typeof msg !== "string") return v;
    const convs = [...msg.matchAll(/%(?:\([^)]{0,200}\))?[-#0 +]*(?:[1-9]\d*)?(?:\.\d+)?([a-zA-Z%])/g)].map((m) => m[1]).filter((x) => x !== "%");
    return convs.length && convs.every((x) => x === "r") ? EMPTY : v;
  }
}

/**
 * Analyses one module: summaries of its functions and the flows complete inside it.
 * @returns the module summary (plain data) and the local flows (with their sink nodes, for reporting)
 */
export function analyseModule(opts: AnalyseOptions): ModuleAnalysis {
  return new ModuleAnalyser(opts).run();
}
