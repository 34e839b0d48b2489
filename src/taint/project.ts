/**
 * The project-wide taint phase: module summaries are joined by qualified name; results of calls to other
 * modules (`R<n>`) are resolved by substituting the callee's returned value with the call's arguments (to a
 * depth-limited fixpoint, cycles cut); a sink reached from a parameter (`P<i>`) propagates to every call site of
 * that function in other modules. A sink whose labels resolve to a concrete source is a finding — one per
 * (source, sink) pair, with the path through both files.
 *
 * Only summaries are held, never a whole-program graph: memory grows with the number of functions.
 */
import { setImmediate } from "node:timers/promises";
import type { Finding, PathStep } from "../engine/finding.js";
import { OBJECT_TYPES, SCALAR_METHODS, type SinkKind } from "../model/knowledge/frameworks/index.js";
import type { Rule } from "../rules/types.js";
import type { TaintRuleSpec } from "../rules/taint/define.js";
import type { CallSite, FunctionSummary, ModuleSummary, RouteConverters, SinkHit, UrlParam } from "./summary.js";
import { isSuppressed, taintFinding, type ReportedSource } from "./report.js";
import {
  EMPTY,
  FLAG_STRUCTURED,
  KIND_BIT,
  appendPath,
  concatTrail,
  deserialise,
  extend,
  flat,
  isEmpty,
  join,
  labelKind,
  mapEntries,
  mayBeStructured,
  readStep,
  single,
  splitPath,
  trailSteps,
  withField,
  type Entry,
  type SerialValue,
  type Value,
} from "./value.js";

/** Nested resolutions at most (calls within calls, callers of callers). */
const MAX_DEPTH = 30;

/** Kinds a Django `slug` URL parameter (only `[-a-zA-Z0-9_]`) cannot inject into. */
const SLUG_CLEAN: ReadonlySet<SinkKind> = new Set<SinkKind>(["path", "sql", "command", "html"]);

/** The converters of every Django route of the project (see `ModuleSummary.routes`), merged by view. */
export function routeTable(mods: readonly ModuleSummary[]): RouteConverters {
  const out: RouteConverters = {};
  for (const s of mods) {
    for (const [view, params] of Object.entries(s.routes ?? {})) {
      const entry = (out[view] ??= {});
      for (const [p, convs] of Object.entries(params)) (entry[p] ??= []).push(...convs);
    }
  }
  return out;
}

/**
 * True when every route to the view converts URL parameter `p` to a value clean for `kind`: `int` and `uuid`
 * for every kind, `slug` for paths, SQL, commands and HTML. A parameter no known route declares stays data.
 */
export function convertedClean(routes: RouteConverters, p: UrlParam, kind: SinkKind): boolean {
  const convs = routes[p.view]?.[p.name];
  return !!convs?.length && convs.every((c) => c === "int" || c === "uuid" || (c === "slug" && SLUG_CLEAN.has(kind)));
}

/** Re-exports followed at most to resolve one callee (`pkg.sh` → `pkg.shell.sh` → …). */
const MAX_REEXPORT_HOPS = 8;

/**
 * The qualified name a callee really has when it is reached through a module's re-exports (`from pkg.shell
 * import sh` in `pkg/__init__.py`: `pkg.sh` → `pkg.shell.sh`; `pkg.Cls.run` → `pkg.models.Cls.run`), following
 * them at most {@link MAX_REEXPORT_HOPS} times and never twice through the same name (cycles). Unchanged when
 * `defined(callee)` or when no known module re-exports it.
 */
export function resolveReexport(callee: string, modules: ReadonlyMap<string, ModuleSummary>, defined: (qn: string) => boolean): string {
  let qn = callee;
  const seen = new Set<string>([qn]);
  for (let hop = 0; hop < MAX_REEXPORT_HOPS && !defined(qn); hop++) {
    const next = reexportStep(qn, modules);
    if (!next || seen.has(next)) break;
    seen.add(next);
    qn = next;
  }
  return defined(qn) ? qn : callee;
}

/** One re-export step: the longest module prefix of `qn` whose summary re-exports the next part. */
function reexportStep(qn: string, modules: ReadonlyMap<string, ModuleSummary>): string | undefined {
  const parts = qn.split(".");
  for (let i = parts.length - 1; i >= 1; i--) {
    const mod = modules.get(parts.slice(0, i).join("."));
    if (!mod) continue;
    const target = mod.reexports?.[parts[i]];
    return target ? [target, ...parts.slice(i + 1)].join(".") : undefined;
  }
  return undefined;
}

interface Target {
  m: number;
  qn: string;
  fn: FunctionSummary;
}

/** A taint rule with its spec, by sink kind. */
export type TaintRuleTable = ReadonlyMap<SinkKind, { rule: Rule; spec: TaintRuleSpec }>;

class ProjectResolver {
  private readonly index = new Map<string, Target>();
  private readonly callers = new Map<string, { m: number; n: number }[]>();
  private readonly memo = new Map<string, Value>();
  private readonly pending = new Set<string>();
  private readonly visited = new Set<string>();
  private readonly seen = new Set<string>();
  readonly findings: Finding[] = [];

  /** Each module's call sites' callees, resolved through re-exports. */
  private readonly callees: string[][];

  constructor(
    private readonly mods: readonly ModuleSummary[],
    private readonly rules: TaintRuleTable,
    private readonly routes: RouteConverters = {},
  ) {
    const byName = new Map<string, ModuleSummary>();
    mods.forEach((s, m) => {
      if (!byName.has(s.module)) byName.set(s.module, s);
      for (const [qn, fn] of Object.entries(s.functions)) if (!this.index.has(qn)) this.index.set(qn, { m, qn, fn });
    });
    this.callees = mods.map((s) => s.calls.map((c) => resolveReexport(c.callee, byName, (qn) => this.index.has(qn))));
    mods.forEach((s, m) => {
      s.calls.forEach((_c, n) => {
        const callee = this.callees[m][n];
        const list = this.callers.get(callee) ?? [];
        list.push({ m, n });
        this.callers.set(callee, list);
      });
    });
  }

  /**
   * Resolves every hit. Hands the event loop over about every {@link YIELD_AFTER_MS} ms of work (a large project's
   * resolution takes seconds, during which the thread would otherwise take in no worker answer and no Ctrl-C);
   * the findings do not depend on it.
   */
  async run(): Promise<void> {
    let since = performance.now();
    for (let m = 0; m < this.mods.length; m++) {
      for (const [qn, fn] of Object.entries(this.mods[m].functions)) {
        for (const h of fn.hits) this.resolveHit(m, qn, h);
        if (performance.now() - since > YIELD_AFTER_MS) {
          await setImmediate();
          since = performance.now();
        }
      }
    }
  }

  // -------------------------------------------------------------------------------------------- values

  private qualify(m: number): (label: string) => string {
    return (label) => (label[0] === "P" ? label : `${m}:${label}`);
  }

  /** A serialised value of module `m`, with its labels qualified and its call results resolved. */
  private expand(s: SerialValue, m: number, depth: number): Value {
    const v = deserialise(s, this.mods[m].path, this.qualify(m));
    return this.resolveCalls(v, depth);
  }

  private resolveCalls(v: Value, depth: number): Value {
    if (isEmpty(v)) return v;
    let out: Value = EMPTY;
    let keep: Map<string, Entry> | undefined;
    for (const [label, e] of v.labels ?? []) {
      if (labelKind(label) !== "R") {
        (keep ??= new Map()).set(label, e);
        continue;
      }
      const { base, path } = splitPath(label);
      const [m, n] = base.split(":R").map(Number);
      let cv = this.callValue(m, n, depth + 1);
      for (const part of path) cv = this.applyPart(cv, part);
      out = join(out, mapEntries(cv, (_l, ce) => ({ cleaned: ce.cleaned | e.cleaned, flags: ce.flags | e.flags, trail: concatTrail(ce.trail, e.trail) })));
    }
    if (keep) out = join(out, { labels: keep });
    if (v.fields) {
      let fields: Map<string, Value> | undefined;
      for (const [k, f] of v.fields) {
        const r = this.resolveCalls(f, depth + 1);
        if (!isEmpty(r)) (fields ??= new Map()).set(k, r);
      }
      if (fields || v.exact) out = join(out, { fields, exact: v.exact });
    }
    return out;
  }

  /** The value of call site `n` of module `m`: in terms of concrete sources and the enclosing function's parameters. */
  private callValue(m: number, n: number, depth: number): Value {
    const key = `${m}:${n}`;
    const memo = this.memo.get(key);
    if (memo) return memo;
    if (this.pending.has(key) || depth > MAX_DEPTH) return EMPTY;
    this.pending.add(key);
    let result: Value = EMPTY;
    try {
      const cs = this.mods[m].calls[n];
      const target = this.index.get(this.callees[m][n]);
      const step = readStep(cs.at, this.mods[m].path);
      if (!target) result = this.defaultValue(cs, m, depth);
      else if (target.fn.isClass) result = this.instantiate(target, cs, m, step, depth);
      else {
        const params = this.bind(target.fn, cs, m, depth, !!target.fn.method && cs.receiver !== undefined);
        const ret = this.expand(target.fn.returns, target.m, depth + 1);
        result = this.substitute(ret, params, step);
      }
    } finally {
      this.pending.delete(key);
    }
    this.memo.set(key, result);
    return result;
  }

  /** A call into the project without a summary: taint passes from arguments and receiver to the result. */
  private defaultValue(cs: CallSite, m: number, depth: number): Value {
    let v: Value = EMPTY;
    const method = cs.callee.split(".").pop() ?? "";
    if (SCALAR_METHODS.has(method)) return EMPTY;
    for (const a of cs.args) v = join(v, flat(this.expand(a, m, depth + 1)));
    for (const a of Object.values(cs.kwargs ?? {})) v = join(v, flat(this.expand(a, m, depth + 1)));
    if (cs.receiver) v = join(v, flat(this.expand(cs.receiver, m, depth + 1)));
    if (cs.spread) v = join(v, flat(this.expand(cs.spread, m, depth + 1)));
    return v;
  }

  private instantiate(cls: Target, cs: CallSite, m: number, step: PathStep, depth: number): Value {
    const init = this.index.get(`${cls.qn}.__init__`);
    if (!init) return this.defaultValue(cs, m, depth);
    const params = this.bind(init.fn, cs, m, depth, true, EMPTY);
    let fields: Map<string, Value> | undefined;
    for (const [attr, s] of Object.entries(init.fn.selfAttrs ?? {})) {
      const v = this.substitute(this.expand(s, init.m, depth + 1), params, step);
      if (!isEmpty(v)) (fields ??= new Map()).set(`.${attr}`, v);
    }
    return fields ? { fields } : EMPTY;
  }

  /** The values of a callee's parameters at call site `cs` (in the caller's terms). */
  private bind(fn: FunctionSummary, cs: CallSite, m: number, depth: number, bound: boolean, self?: Value): Value[] {
    const out: Value[] = new Array(fn.params.length).fill(EMPTY);
    let offset = 0;
    if (bound) {
      out[0] = self ?? (cs.receiver ? this.expand(cs.receiver, m, depth + 1) : EMPTY);
      offset = 1;
    }
    cs.args.forEach((a, i) => {
      const at = i + offset;
      const v = this.expand(a, m, depth + 1);
      if (fn.varargs !== undefined && at >= fn.varargs) out[fn.varargs] = join(out[fn.varargs], flat(v));
      else if (at < out.length) out[at] = v;
    });
    for (const [k, a] of Object.entries(cs.kwargs ?? {})) {
      const v = this.expand(a, m, depth + 1);
      const at = fn.params.indexOf(k);
      if (at >= 0 && at !== fn.varargs && at !== fn.kwargs) out[at] = v;
      else if (fn.kwargs !== undefined) out[fn.kwargs] = join(out[fn.kwargs], withField(EMPTY, JSON.stringify(k), v));
    }
    if (cs.spread) {
      const v = flat(this.expand(cs.spread, m, depth + 1));
      for (let i = offset; i < out.length; i++) out[i] = join(out[i], v);
    }
    return out;
  }

  /** Replaces parameter labels of a callee's value by the bound values (access paths applied). */
  private substitute(v: Value, params: readonly Value[], step: PathStep, depth = 0): Value {
    if (isEmpty(v)) return v;
    let out: Value = EMPTY;
    let keep: Map<string, Entry> | undefined;
    for (const [label, e] of v.labels ?? []) {
      if (labelKind(label) !== "P") {
        (keep ??= new Map()).set(label, e);
        continue;
      }
      const { base, path } = splitPath(label);
      let pv = params[Number(base.slice(1))] ?? EMPTY;
      for (const part of path) pv = this.applyPart(pv, part);
      if (isEmpty(pv)) continue;
      out = join(out, mapEntries(pv, (_l, pe) => ({ cleaned: pe.cleaned | e.cleaned, flags: pe.flags | e.flags, trail: concatTrail(extend(pe.trail, step), e.trail) })));
    }
    if (keep) out = join(out, { labels: keep });
    if (v.fields && depth < 3) {
      let fields: Map<string, Value> | undefined;
      for (const [k, f] of v.fields) {
        const s = this.substitute(f, params, step, depth + 1);
        if (!isEmpty(s)) (fields ??= new Map()).set(k, s);
      }
      if (fields || v.exact) out = join(out, { fields, exact: v.exact });
    }
    return out;
  }

  /** One access-path part (`cookies`, `get_json()`) applied to a value. */
  private applyPart(v: Value, part: string): Value {
    if (isEmpty(v)) return v;
    const isCall = part.endsWith("()");
    const name = isCall ? part.slice(0, -2) : part;
    if (isCall && SCALAR_METHODS.has(name)) return EMPTY;
    const fieldValue = isCall ? undefined : v.fields?.get(`.${name}`);
    const labels = fieldValue ? v.labels : flat(v).labels;
    let out: Value = fieldValue ?? EMPTY;
    for (const [label, e] of labels ?? []) {
      const k = labelKind(label);
      if (k === "O") {
        const [m, o] = label.split(":O");
        const site = this.mods[Number(m)]?.objects[Number(o)];
        const spec = site ? OBJECT_TYPES.get(site.type) : undefined;
        if (!spec) continue;
        const data = isCall ? spec.methods[name] : spec.attributes[name];
        if (data) out = join(out, single(`${m}:S@${o}|${part}`, { cleaned: e.cleaned, flags: data.structured ? FLAG_STRUCTURED : 0, trail: e.trail }));
        // attributes that are other source objects are not followed across modules
      } else if (k === "P" || k === "R") out = join(out, single(appendPath(label, part), e));
      else out = join(out, single(label, e));
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------- sinks

  private resolveHit(m: number, qn: string, h: SinkHit): void {
    const v = this.expand(h.value, m, 0);
    this.reach(m, h.sink, flat(v), qn, 0);
  }

  /** Labels reaching sink `sink` of module `sm` from inside function `qn` (whose parameters they may name). */
  private reach(sm: number, sink: number, v: Value, qn: string, depth: number): void {
    const site = this.mods[sm].sinks[sink];
    const bit = KIND_BIT[site.kind];
    for (const [label, e] of v.labels ?? []) {
      if (e.cleaned & bit) continue;
      const k = labelKind(label);
      if (k === "S") {
        if (site.structuredOnly && !mayBeStructured(e)) continue;
        this.report(sm, sink, label, e);
      } else if (k === "P") this.toCallers(sm, sink, qn, label, e, depth);
    }
  }

  /** A sink reached from parameter label `label` of `qn`: every call site of `qn` in other modules reaches it too. */
  private toCallers(sm: number, sink: number, qn: string, label: string, e: Entry, depth: number): void {
    if (depth > MAX_DEPTH) return;
    const key = `${sm}|${sink}|${qn}|${label}`;
    if (this.visited.has(key)) return;
    this.visited.add(key);
    const target = this.index.get(qn);
    if (!target) return;
    const sites: { m: number; n: number; init: boolean }[] = (this.callers.get(qn) ?? []).map((c) => ({ ...c, init: false }));
    if (qn.endsWith(".__init__")) for (const c of this.callers.get(qn.slice(0, -".__init__".length)) ?? []) sites.push({ ...c, init: true });
    for (const { m, n, init } of sites) {
      const cs = this.mods[m].calls[n];
      const bound = init || (!!target.fn.method && cs.receiver !== undefined);
      const params = this.bind(target.fn, cs, m, depth, bound, init ? EMPTY : undefined);
      const v = this.substitute(single(label, e), params, readStep(cs.at, this.mods[m].path));
      this.reach(sm, sink, flat(v), cs.fn, depth + 1);
    }
  }

  private report(sm: number, sink: number, label: string, e: Entry): void {
    const site = this.mods[sm].sinks[sink];
    const entry = this.rules.get(site.kind);
    if (!entry) return;
    const source = this.sourceOf(label);
    if (!source) return;
    if (source.urlParam && convertedClean(this.routes, source.urlParam, site.kind)) return;
    // one finding per (source site, sink): each place reading an input is its own finding
    const key = `${sm}|${sink}|${source.at.path}:${source.at.line}:${source.at.column}|${source.label}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const at = readStep(site.at, this.mods[sm].path);
    const reported = { at, anchor: site.anchor };
    if (isSuppressed(entry.rule, reported)) return;
    this.findings.push(taintFinding(entry.rule, entry.spec, source, trailSteps(e.trail), reported));
  }

  /** The description and place of a global source label (`3:S1`, or `3:S@2|cookies` derived from a request object). */
  private sourceOf(label: string): (ReportedSource & { urlParam?: UrlParam }) | undefined {
    const colon = label.indexOf(":");
    const m = Number(label.slice(0, colon));
    const mod = this.mods[m];
    if (!mod) return undefined;
    const rest = label.slice(colon + 1);
    if (rest.startsWith("S@")) {
      const [o, part] = rest.slice(2).split("|");
      const site = mod.objects[Number(o)];
      if (!site) return undefined;
      const text = `${site.label}.${part}`;
      const at = readStep(site.at, mod.path);
      return { label: text, at: { ...at, label: `source: ${text}` } };
    }
    const src = mod.sources[Number(splitPath(rest).base.slice(1))];
    if (!src) return undefined;
    return { label: src.label, at: readStep(src.at, mod.path), urlParam: src.urlParam };
  }
}

/**
 * Loads the summary of the project module that defines `callee` (a qualified name), analysing it on demand;
 * undefined when no module of the project defines it or it was loaded already.
 */
export type SummaryLoader = (callee: string) => Promise<ModuleSummary | undefined>;

/**
 * Told, ahead of time, of a callee whose module a {@link SummaryLoader} will probably be asked for, so that the
 * analysis can start in parallel (in another worker). A hint only: what `completeSummaries` returns does not
 * depend on it. Returns true when the hint started an analysis not started before (hints stop once those and the
 * loads reach {@link DEMAND_LIMITS}).
 */
export type SummaryPrefetch = (callee: string) => boolean;

/** Bounds of on-demand analysis: modules loaded in all. */
export const DEMAND_LIMITS = { modules: 400 };

/** True when a value holds a label that may carry taint into a callee: concrete, a call result, or a parameter of a reached function. */
function carries(v: SerialValue | undefined, params: boolean, depth = 0): boolean {
  if (!v) return false;
  for (const label of Object.keys(v.l ?? {})) {
    const k = label[0];
    if (k === "S" || k === "O" || k === "R" || (k === "P" && params)) return true;
  }
  if (v.f && depth < 4) for (const f of Object.values(v.f)) if (carries(f, params, depth + 1)) return true;
  return false;
}

/**
 * Completes the set of summaries on demand. A module without sources of its own matters only where tainted
 * data reaches it: functions are *reached* when a call passes them data that may be tainted (a concrete
 * source, another module's result, or a parameter of a reached function); the module of a reached function
 * is analysed, its same-module callees are reached too, and so on, until nothing new is reached (or
 * {@link DEMAND_LIMITS} modules were loaded). Calls made by same-module helpers were copied into their
 * callers' terms by the per-file phase, so a view's data passed on by a helper is seen at the view.
 * `onLimit` is called once when a module would be loaded past the limit.
 */
export async function completeSummaries(
  summaries: readonly ModuleSummary[],
  load: SummaryLoader,
  prefetch?: SummaryPrefetch,
  onLimit?: () => void,
): Promise<ModuleSummary[]> {
  let limited = false;
  const all = [...summaries];
  const loadedModules = new Set(all.map((s) => s.module));
  const byName = new Map<string, ModuleSummary>();
  for (const s of all) if (!byName.has(s.module)) byName.set(s.module, s);
  const fns = new Map<string, { s: ModuleSummary; fn: FunctionSummary }>();
  const callsByFn = new Map<string, CallSite[]>();
  const reached = new Set<string>();
  const queue: CallSite[] = [];
  const index = (s: ModuleSummary, allReached: boolean): void => {
    for (const [qn, fn] of Object.entries(s.functions)) if (!fns.has(qn)) fns.set(qn, { s, fn });
    for (const c of s.calls) {
      const list = callsByFn.get(c.fn) ?? [];
      list.push(c);
      callsByFn.set(c.fn, list);
      if (allReached || reached.has(c.fn)) queue.push(c);
    }
  };
  const reach = (qn: string): void => {
    const stack = [qn];
    while (stack.length) {
      const q = stack.pop()!;
      if (reached.has(q)) continue;
      reached.add(q);
      for (const c of callsByFn.get(q) ?? []) queue.push(c);
      for (const callee of fns.get(q)?.fn.calls ?? []) stack.push(callee);
    }
  };
  const passesTaint = (c: CallSite): boolean => {
    const params = reached.has(c.fn);
    return c.args.some((a) => carries(a, params)) || Object.values(c.kwargs ?? {}).some((a) => carries(a, params)) || carries(c.receiver, params) || carries(c.spread, params);
  };
  for (const s of all) index(s, true);
  let loads = 0;
  let hinted = 0;
  let ahead = 0;
  for (let head = 0; head < queue.length; head++) {
    // hint at the modules the calls queued so far will ask for (in order, as far as the load limit allows), so
    // that their analyses run in parallel while this loop waits for one
    for (ahead = Math.max(ahead, head); prefetch && ahead < queue.length && loads + hinted < DEMAND_LIMITS.modules; ahead++) {
      const q = queue[ahead];
      if (!fns.has(q.callee) && passesTaint(q) && prefetch(q.callee)) hinted++;
    }
    const c = queue[head];
    if (!passesTaint(c)) continue;
    // a callee re-exported by a package (`pkg.sh` defined as `pkg.shell.sh`): load hop by hop
    let callee = c.callee;
    const tried = new Set<string>();
    for (let hop = 0; hop <= MAX_REEXPORT_HOPS && !fns.has(callee) && !tried.has(callee); hop++) {
      tried.add(callee);
      if (loads >= DEMAND_LIMITS.modules) {
        if (!limited) onLimit?.();
        limited = true;
      } else {
        const loaded = await load(callee);
        if (loaded && !loadedModules.has(loaded.module)) {
          loads++;
          loadedModules.add(loaded.module);
          byName.set(loaded.module, loaded);
          all.push(loaded);
          index(loaded, false);
        }
      }
      const next = fns.has(callee) ? undefined : reexportStep(callee, byName);
      if (!next) break;
      callee = next;
    }
    const target = fns.get(callee);
    if (!target) continue;
    reach(target.fn.isClass ? `${callee}.__init__` : callee);
  }
  return all;
}

/**
 * Resolves flows across modules.
 * @param summaries every module's summary
 * @param rules the selected taint rules, by sink kind
 * @returns findings for flows the per-file phase could not see (through calls between modules)
 */
export async function resolveProject(summaries: readonly ModuleSummary[], rules: TaintRuleTable, routes?: RouteConverters): Promise<Finding[]> {
  if (!summaries.length || !rules.size) return [];
  const r = new ProjectResolver(summaries, rules, routes ?? routeTable(summaries));
  await r.run();
  return r.findings;
}

/** Milliseconds of {@link resolveProject}'s work between two turns of the event loop. */
const YIELD_AFTER_MS = 20;

