/**
 * Calls of the per-module taint analyser: evaluating a call, its result (sources, sanitizers, sinks, library and
 * project calls), same-module callees analysed on demand and their summaries substituted, and argument mutation.
 */
import type { Node } from "../parse/parser.js";
import type { PathStep } from "../engine/finding.js";
import {
  LIBRARY_ROOTS,
  MUTATING_METHODS,
  SANITIZERS,
  SCALAR_METHODS,
  SINKS,
  SOURCE_CALLS,
  SQL_BUILDER_METHODS,
  STRUCTURING_CALLS,
  type ArgRef,
} from "../model/knowledge/frameworks/index.js";
import {
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
  serialStep,
  single,
  splitPath,
  withField,
  withFlags,
  withUnplaced,
  type Entry,
  type Value,
} from "./value.js";
import {
  State,
  type Fn,
  constKey,
  type CallInfo,
  ORM_QUERY,
  ORM_MODULES,
  hasParam,
  removeKey,
  shortName,
} from "./analyse-support.js";
import { SinkAnalyser } from "./analyser-sinks.js";

/** The per-module analyser's calls: call evaluation, same-module callees and their summaries. */
export abstract class CallAnalyser extends SinkAnalyser {
  // ------------------------------------------------------------------------------------------ calls

  protected call(node: Node, st: State, d: number): Value {
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
  protected instanceCallee(fnNode: Node): string | undefined {
    if (fnNode.type !== "identifier" && fnNode.type !== "attribute") return undefined;
    const t = this.model.typeOf(fnNode);
    return t && SINKS.has(`${t}.__call__`) ? `${t}.__call__` : undefined;
  }

  protected callResult(c: CallInfo, st: State): Value {
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
  protected defaultResult(c: CallInfo): Value {
    let v: Value = c.method ? this.methodOf(c.recvVal, c.method, c.node) : flat(c.recvVal);
    if (c.method && SCALAR_METHODS.has(c.method)) return EMPTY;
    for (const a of c.args) v = join(v, flat(a));
    for (const a of c.kwargs.values()) v = join(v, flat(a));
    return join(v, c.spread);
  }

  protected argValue(c: CallInfo, ref: ArgRef): Value {
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

  protected argNode(c: CallInfo, ref: ArgRef): Node | undefined {
    if (ref.keyword) {
      const a = this.model.arg(c.node, undefined, ref.keyword);
      if (a) return a;
    }
    if (ref.position === undefined || (c.starAt >= 0 && ref.position >= c.starAt)) return undefined;
    return c.argNodes[ref.position];
  }

  /** True when `name` is in a module of the scanned project (not a library, not this module). */
  protected isProjectCall(name: string): boolean {
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
  protected projectCall(c: CallInfo): Value {
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
  protected localCallee(c: CallInfo): { fn: Fn; bound: boolean } | undefined {
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
  protected findMethod(classQn: string, name: string, depth: number): Fn | undefined {
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
  protected applyLocal(target: { fn: Fn; bound: boolean }, c: CallInfo): Value {
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

  protected instantiate(cls: Fn, c: CallInfo): Value {
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
  protected bindParams(fn: Fn, c: CallInfo, bound: boolean, self?: Value): Value[] {
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
  protected substitute(v: Value, params: readonly Value[], step: PathStep, node: Node, depth = 0): Value {
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
  protected instantiateCall(k: number, params: readonly Value[], step: PathStep, node: Node): number {
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
  protected propagateHits(fn: Fn, params: readonly Value[], step: PathStep, node: Node): void {
    for (const h of fn.hits.values()) {
      const k = labelKind(h.label);
      if (k !== "P" && k !== "R") continue;
      const v = this.substitute(single(h.label, h.entry), params, step, node);
      const site = this.sinks[h.sink];
      this.recordAt(h.sink, site.kind, v, site.structuredOnly);
    }
  }

  /** `items.append(v)`, `d.update(x)`, `items.pop(0)`: the receiver (a local name or `self.x`) changes. */
  protected mutate(c: CallInfo, st: State): void {
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

  // ---------------------------------------------------------------- implemented by the layers above

  protected abstract eval(node: Node, st: State, d: number): Value;
}
