/**
 * Taint values: label sets with per-sink-kind cleansing masks and a short provenance, optionally split into
 * fields (dict keys, list indexes, object attributes).
 *
 * Labels:
 * - `S<n>` a concrete source of the module (its description and place in the module's source table);
 * - `O<n>` a source *object* (a request): not data itself, but its attributes are (`request.args`);
 * - `P<i>` the i-th parameter of the function being summarised, possibly with an access path (`P0.cookies`,
 *   `P0.get_json()`) of at most {@link MAX_PATH} parts;
 * - `R<n>` the result of call site `n` to a function of another module (resolved in the project phase).
 * In the project phase `S`, `O` and `R` labels are qualified by a module index (`3:S1`).
 *
 * Values are immutable: every operation returns a new value (or the same one when nothing changes).
 */
import type { SinkKind } from "../model/knowledge/frameworks/types.js";
import { SINK_KINDS } from "../model/knowledge/frameworks/types.js";
import type { PathStep } from "../engine/finding.js";

/** Bit of each sink kind in a cleansing mask. */
export const KIND_BIT: Readonly<Record<SinkKind, number>> = Object.fromEntries(SINK_KINDS.map((k, i) => [k, 1 << i])) as Record<SinkKind, number>;
/** A mask with every kind's bit set. */
export const ALL_KINDS = (1 << SINK_KINDS.length) - 1;
/** Mask of a list of kinds (or every kind for `all`). */
export function maskOf(kinds: readonly SinkKind[] | "all"): number {
  if (kinds === "all") return ALL_KINDS;
  let m = 0;
  for (const k of kinds) m |= KIND_BIT[k];
  return m;
}

/** Entry flag: the data may be a structure an attacker shapes (a parsed JSON body). */
export const FLAG_STRUCTURED = 1;

/**
 * A cleansing bit beside the kinds' bits: the value was made a plain scalar (`str(v)`, a branch where
 * `isinstance(v, str)` holds), so it is no structure whatever it stands for (a parameter later bound to a JSON
 * body). Joined like the kinds' bits: set only when set on every path. Only NoSQL filters written as dict literals
 * (sink sites marked `structuredOnly`) read it.
 */
export const SCALAR_BIT = 1 << SINK_KINDS.length;

/** True when an entry may carry a structure an attacker shapes into a sink site that only structures reach. */
export function mayBeStructured(e: Entry): boolean {
  return (e.flags & FLAG_STRUCTURED) !== 0 && (e.cleaned & SCALAR_BIT) === 0;
}

/** Steps kept per entry (the source itself is kept apart, in the source table). */
export const MAX_STEPS = 8;
/** Labels kept per value: beyond, further labels are dropped (deterministically, first come first kept). */
export const MAX_LABELS = 24;
/** Parts of an access path on a parameter or call-result label. */
export const MAX_PATH = 2;
/** Nesting of fields kept (`d["a"]["b"]`). */
export const MAX_FIELD_DEPTH = 3;

/** Provenance: a persistent list of steps, newest first. */
export interface Trail {
  readonly step: PathStep;
  readonly prev: Trail | undefined;
  readonly n: number;
}

/** What a value knows about one label. */
export interface Entry {
  /** Sink kinds this label is cleaned for (bit per {@link KIND_BIT}). */
  readonly cleaned: number;
  /** {@link FLAG_STRUCTURED} and friends. */
  readonly flags: number;
  readonly trail: Trail | undefined;
}

/** A taint value. */
export interface Value {
  /** Labels of the value as a whole (for a container: of elements at unknown places). */
  readonly labels?: ReadonlyMap<string, Entry>;
  /** Field values, by key: `"name"` (JSON string) for dict keys, `0` for list indexes, `.attr` for attributes. */
  readonly fields?: ReadonlyMap<string, Value>;
  /** The fields are all there is (a literal): indexes may be shifted by `pop`, absent keys hold nothing. */
  readonly exact?: boolean;
}

/** The value with no taint. */
export const EMPTY: Value = Object.freeze({});

/** Appends a step to a trail (no-op past {@link MAX_STEPS}). */
export function extend(trail: Trail | undefined, step: PathStep): Trail | undefined {
  const n = trail ? trail.n : 0;
  if (n >= MAX_STEPS) return trail;
  if (trail && trail.step.line === step.line && trail.step.label === step.label && trail.step.path === step.path) return trail;
  return { step, prev: trail, n: n + 1 };
}

/** The trail as an array, oldest first. */
export function trailSteps(trail: Trail | undefined): PathStep[] {
  const out: PathStep[] = [];
  for (let t = trail; t; t = t.prev) out.push(t.step);
  return out.reverse();
}

/** A trail from an array (oldest first). */
export function trailOf(steps: readonly PathStep[], base?: Trail): Trail | undefined {
  let t = base;
  for (const s of steps) t = extend(t, s);
  return t;
}

/** Appends every step of `tail` (oldest first) after `head`. */
export function concatTrail(head: Trail | undefined, tail: Trail | undefined): Trail | undefined {
  if (!tail) return head;
  if (!head) return tail;
  return trailOf(trailSteps(tail), head);
}

/** True when the value carries no label anywhere. */
export function isEmpty(v: Value): boolean {
  if (v.labels && v.labels.size) return false;
  if (v.fields) for (const f of v.fields.values()) if (!isEmpty(f)) return false;
  return true;
}

/** A value of one label. */
export function single(label: string, entry: Entry): Value {
  return { labels: new Map([[label, entry]]) };
}

function joinEntry(a: Entry, b: Entry): Entry {
  if (a === b) return a;
  // cleaned only when cleaned on every path; structured when it may be; keep the shorter provenance
  const cleaned = a.cleaned & b.cleaned;
  const flags = a.flags | b.flags;
  const trail = (a.trail?.n ?? 0) <= (b.trail?.n ?? 0) ? a.trail : b.trail;
  if (cleaned === a.cleaned && flags === a.flags && trail === a.trail) return a;
  return { cleaned, flags, trail };
}

function joinLabels(a: ReadonlyMap<string, Entry> | undefined, b: ReadonlyMap<string, Entry> | undefined): ReadonlyMap<string, Entry> | undefined {
  if (!a || !a.size) return b;
  if (!b || !b.size || a === b) return a;
  let out: Map<string, Entry> | undefined;
  for (const [k, e] of b) {
    const old = (out ?? a).get(k);
    const next = old ? joinEntry(old, e) : e;
    if (next === old) continue;
    if (!old && (out ?? a).size >= MAX_LABELS) continue;
    out ??= new Map(a);
    out.set(k, next);
  }
  return out ?? a;
}

/**
 * Joins two values (two branches, or the parts of an expression): a label is kept if either has it; its mask
 * is cleaned only for the kinds both clean. Fields are joined key by key.
 */
export function join(a: Value, b: Value): Value {
  if (a === b || isBare(b)) return a;
  if (isBare(a)) return b;
  const labels = joinLabels(a.labels, b.labels);
  let fields: Map<string, Value> | undefined;
  if (a.fields || b.fields) {
    fields = new Map(a.fields ?? []);
    for (const [k, v] of b.fields ?? []) fields.set(k, fields.has(k) ? join(fields.get(k)!, v) : v);
  }
  const exact = !!a.exact && !!b.exact && sameKeys(a.fields, b.fields);
  return make(labels, fields, exact);
}

function isBare(v: Value): boolean {
  return v === EMPTY || (!v.labels?.size && !v.fields?.size);
}

function sameKeys(a: ReadonlyMap<string, Value> | undefined, b: ReadonlyMap<string, Value> | undefined): boolean {
  if ((a?.size ?? 0) !== (b?.size ?? 0)) return false;
  for (const k of a?.keys() ?? []) if (!b?.has(k)) return false;
  return true;
}

function make(labels: ReadonlyMap<string, Entry> | undefined, fields: ReadonlyMap<string, Value> | undefined, exact = false): Value {
  const l = labels && labels.size ? labels : undefined;
  const f = fields && fields.size ? fields : undefined;
  if (!l && !f && !exact) return EMPTY;
  const out: { labels?: ReadonlyMap<string, Entry>; fields?: ReadonlyMap<string, Value>; exact?: boolean } = {};
  if (l) out.labels = l;
  if (f) out.fields = f;
  if (exact) out.exact = true;
  return out;
}

/** Joins many values. */
export function joinAll(values: readonly Value[]): Value {
  let out = EMPTY;
  for (const v of values) out = join(out, v);
  return out;
}

/** The labels of the value as a whole: its own labels and every field's, flattened (a container used as a whole). */
export function flat(v: Value, depth = 0): Value {
  if (!v.fields) return v.exact ? make(v.labels, undefined) : v;
  let labels = v.labels;
  if (depth < MAX_FIELD_DEPTH) for (const f of v.fields.values()) labels = joinLabels(labels, flat(f, depth + 1).labels);
  return make(labels, undefined);
}

/** Reads field `key` of a container: the field's value and the container's own (unplaced) labels. */
export function field(v: Value, key: string): Value {
  const f = v.fields?.get(key);
  if (f) return v.labels ? join(f, make(v.labels, undefined)) : f;
  // another constant key: only what was stored at unknown places (fields are strong updates of distinct keys)
  return make(v.labels, undefined);
}

/** The container with field `key` replaced (a strong update: `d["k"] = v`, `self.x = v`). */
export function withField(v: Value, key: string, value: Value): Value {
  const fields = new Map(v.fields ?? []);
  fields.set(key, value);
  return make(v.labels, fields, !!v.exact);
}

/** The container with `value`'s labels added at an unknown place (`d.update(x)`, `items.append(x)`). */
export function withUnplaced(v: Value, value: Value): Value {
  const f = flat(value);
  if (!f.labels) return v;
  return make(joinLabels(v.labels, f.labels), v.fields, false);
}

/** Maps every entry of the value (fields included) through `fn`. */
export function mapEntries(v: Value, fn: (label: string, e: Entry) => Entry | undefined, depth = 0): Value {
  let labels: Map<string, Entry> | undefined;
  let changed = false;
  if (v.labels) {
    for (const [k, e] of v.labels) {
      const n = fn(k, e);
      if (n !== e) changed = true;
      if (n) (labels ??= new Map()).set(k, n);
    }
  }
  let fields: Map<string, Value> | undefined;
  if (v.fields && depth < MAX_FIELD_DEPTH) {
    for (const [k, f] of v.fields) {
      const n = mapEntries(f, fn, depth + 1);
      if (n !== f) changed = true;
      (fields ??= new Map()).set(k, n);
    }
  }
  if (!changed) return v;
  return make(labels, fields ?? v.fields, !!v.exact);
}

/** Adds a step to every entry. */
export function withStep(v: Value, step: PathStep): Value {
  if (isBare(v)) return v;
  return mapEntries(v, (_k, e) => {
    const t = extend(e.trail, step);
    return t === e.trail ? e : { cleaned: e.cleaned, flags: e.flags, trail: t };
  });
}

/** Marks every entry cleaned for the kinds in `mask`. */
export function clean(v: Value, mask: number): Value {
  if (!mask || isBare(v)) return v;
  if ((mask & ALL_KINDS) === ALL_KINDS) return EMPTY;
  return mapEntries(v, (_k, e) => ((e.cleaned | mask) === e.cleaned ? e : { cleaned: e.cleaned | mask, flags: e.flags, trail: e.trail }));
}

/** Sets or clears flags on every entry. */
export function withFlags(v: Value, set: number, clear = 0): Value {
  if (isBare(v)) return v;
  return mapEntries(v, (_k, e) => {
    const flags = (e.flags | set) & ~clear;
    return flags === e.flags ? e : { cleaned: e.cleaned, flags, trail: e.trail };
  });
}

/** Same labels and masks (provenance ignored): for loop fixpoints. */
export function sameTaint(a: Value, b: Value, depth = 0): boolean {
  if (a === b) return true;
  const al = a.labels?.size ?? 0;
  const bl = b.labels?.size ?? 0;
  if (al !== bl) return false;
  if (al) {
    for (const [k, e] of a.labels!) {
      const o = b.labels!.get(k);
      if (!o || o.cleaned !== e.cleaned || o.flags !== e.flags) return false;
    }
  }
  if ((a.fields?.size ?? 0) !== (b.fields?.size ?? 0)) return false;
  if (a.fields && depth < MAX_FIELD_DEPTH) {
    for (const [k, f] of a.fields) {
      const o = b.fields!.get(k);
      if (!o || !sameTaint(f, o, depth + 1)) return false;
    }
  }
  return true;
}

/** Kind of a label: its first letter (`S`, `O`, `P`, `R`), after any module qualifier. */
export function labelKind(label: string): string {
  const colon = label.indexOf(":");
  return colon >= 0 ? label[colon + 1] : label[0];
}

/** Splits a parameter or call-result label into its base (`P0`, `3:R2`) and access path (`["cookies"]`). */
export function splitPath(label: string): { base: string; path: string[] } {
  const dot = label.indexOf(".");
  if (dot < 0) return { base: label, path: [] };
  return { base: label.slice(0, dot), path: label.slice(dot + 1).split(".") };
}

/** The label with one more access-path part (`P0` + `cookies` → `P0.cookies`); unchanged past {@link MAX_PATH}. */
export function appendPath(label: string, part: string): string {
  const { path } = splitPath(label);
  return path.length >= MAX_PATH ? label : `${label}.${part}`;
}

// ------------------------------------------------------------------------------------------- plain data

/** A step as plain data: `[line, column, endLine, endColumn, label, path?]`. */
export type SerialStep = [number, number, number, number, string, string?];
/** An entry as plain data: `[cleaned, flags, steps]`. */
export type SerialEntry = [number, number, SerialStep[]];
/** A value as plain data (JSON-safe). */
export interface SerialValue {
  l?: Record<string, SerialEntry>;
  f?: Record<string, SerialValue>;
  x?: true;
}

/** Serialises a step; the path is omitted when it is `path` (the module's own file). */
export function serialStep(s: PathStep, path: string): SerialStep {
  return s.path === path ? [s.line, s.column, s.endLine, s.endColumn, s.label] : [s.line, s.column, s.endLine, s.endColumn, s.label, s.path];
}

/** Reads a serialised step back (`path` is the module's file). */
export function readStep(s: SerialStep, path: string): PathStep {
  return { path: s[5] ?? path, line: s[0], column: s[1], endLine: s[2], endColumn: s[3], label: s[4] };
}

/** Serialises a value. */
export function serialise(v: Value, path: string, depth = 0): SerialValue {
  const out: SerialValue = {};
  if (v.labels?.size) {
    out.l = {};
    for (const [k, e] of v.labels) out.l[k] = [e.cleaned, e.flags, trailSteps(e.trail).map((s) => serialStep(s, path))];
  }
  if (v.fields?.size && depth < MAX_FIELD_DEPTH) {
    out.f = {};
    for (const [k, f] of v.fields) out.f[k] = serialise(f, path, depth + 1);
  }
  if (v.exact) out.x = true;
  return out;
}

/** Reads a serialised value back, renaming labels with `rename` (the project phase qualifies them). */
export function deserialise(s: SerialValue, path: string, rename: (label: string) => string = (l) => l): Value {
  let labels: Map<string, Entry> | undefined;
  if (s.l) {
    labels = new Map();
    for (const [k, [cleaned, flags, steps]] of Object.entries(s.l)) labels.set(rename(k), { cleaned, flags, trail: trailOf(steps.map((x) => readStep(x, path))) });
  }
  let fields: Map<string, Value> | undefined;
  if (s.f) {
    fields = new Map();
    for (const [k, f] of Object.entries(s.f)) fields.set(k, deserialise(f, path, rename));
  }
  return make(labels, fields, !!s.x);
}
