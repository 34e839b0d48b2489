/**
 * Module-level helpers of the per-file taint analysis (`analyse.ts` and its `analyser-*.ts` layers): the options and
 * results of an analysis, the flow state of variables and its join, the analysed-function and call records,
 * small value helpers (guard maps, parameter markers, keys, labels) and the Python named-group scan of urls.py routes.
 */
import type { Node } from "../parse/parser.js";
import type { SourceFile } from "../parse/source.js";
import type { PathStep } from "../engine/finding.js";
import type { ModuleModel } from "../model/module.js";
import type { Scope } from "../model/scopes.js";
import type { RouteSpec, SinkKind, ThreatModel } from "../model/knowledge/frameworks/index.js";
import type { ModuleSummary, SinkAnchor, SinkSite, SourceSite } from "./summary.js";
import { EMPTY, KIND_BIT, flat, join, sameTaint, type Entry, type Value } from "./value.js";

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
export class State {
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
export function joinStates(states: readonly State[]): State {
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

export function sameState(a: State, b: State): boolean {
  if (a.dead !== b.dead || a.vars.size !== b.vars.size) return false;
  for (const [k, v] of a.vars) {
    const o = b.vars.get(k);
    if (!o || !sameTaint(v, o)) return false;
  }
  return true;
}

/** Guard refinement: variables cleaned (mask per variable) where the test holds (`t`) or fails (`f`). */
export interface Refinement {
  t: Map<string, number>;
  f: Map<string, number>;
}

export const NO_REFINEMENT: Refinement = { t: new Map(), f: new Map() };

/** A function (or the module body, or a class) of the module. */
export interface Fn {
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
export interface Frame {
  fn: Fn;
  loops: { breaks: State[]; continues: State[] }[];
  exits: State[];
}

export const nodeStep = (file: SourceFile, node: Node, label: string): PathStep => {
  const s = file.position(node.startIndex);
  const e = file.position(node.endIndex);
  return { path: file.path, line: s.line, column: s.column, endLine: e.line, endColumn: e.column, label };
};

/** Key of a constant subscript: `"name"` for strings, `0` for non-negative integers. */
export function constKey(c: unknown): string | undefined {
  if (typeof c === "string") return JSON.stringify(c);
  if (typeof c === "number" && Number.isInteger(c) && c >= 0) return String(c);
  return undefined;
}

/** True when a constant regex admits only "harmless" characters: no wildcard, no negated class, no `\S \W \D`. */
export function restrictivePattern(p: string): boolean {
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
export function anchoredAtEnd(p: string): boolean {
  return /(?:^|[^\\])\$$/.test(p) || p.endsWith("\\Z") || p.endsWith("\\z");
}

/** What the analyser knows of one call. */
export interface CallInfo {
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

export const DEADLINE = Symbol("deadline");

/** A receiver that is an ORM query (`Model.objects.filter(…)`, `Model.query.filter_by(…)`, `session.query(…)`). */
export const ORM_QUERY = /(?:^|\.)(?:objects|query)\b|\.query\(|\.scalars?\(/;

/** Modules whose import makes {@link ORM_QUERY} receivers ORM queries. */
export const ORM_MODULES = ["django", "sqlalchemy", "flask_sqlalchemy", "sqlmodel", "peewee", "mongoengine", "tortoise", "pony"];

/** Sink kinds whose result still carries the argument's data (marked-safe markup, parsed documents, loaded objects, evaluated values). */
export const PASS_THROUGH = KIND_BIT.html | KIND_BIT.deserialize | KIND_BIT.code | KIND_BIT.xml;

export function unite(a: Map<string, number>, b: Map<string, number>): Map<string, number> {
  const out = new Map(a);
  for (const [k, m] of b) out.set(k, (out.get(k) ?? 0) | m);
  return out;
}

export function intersect(a: Map<string, number>, b: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [k, m] of a) if (b.has(k)) out.set(k, m & b.get(k)!);
  return out;
}

/** True when a value (fields included) holds a parameter label. */
export function hasParam(v: Value, depth = 0): boolean {
  for (const l of v.labels?.keys() ?? []) if (l[0] === "P") return true;
  if (v.fields && depth < 4) for (const f of v.fields.values()) if (hasParam(f, depth + 1)) return true;
  return false;
}

export function joinAllFlat(values: readonly Value[]): Value {
  let v: Value = EMPTY;
  for (const x of values) v = join(v, flat(x));
  return v;
}

/** Removes field `key` of an exact list or dict; list indexes after it shift down. */
export function removeKey(v: Value, key: string): Value {
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

export function shortName(q: string): string {
  const parts = q.split(".");
  return parts.slice(-2).join(".");
}

export function shortText(t: string): string {
  const s = t.replace(/\s+/g, " ");
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
}

/**
 * The named groups `(?P<name>body)` of a Python regular expression whose body holds no nested group, in order
 * (a scan rather than a global regex, which backtracks quadratically on hostile patterns). A group with a
 * nested group is left out, as it cannot be a plain converter.
 */
export function namedGroups(pattern: string): [string, string][] {
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
