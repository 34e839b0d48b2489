/**
 * Which rule handlers the per-file walk calls on a node, kept across the files of a run.
 *
 * Every rule's `create` runs again for each file and returns fresh handler closures, but the *keys* it
 * returns (node types, `.method` names, qualified names; see `src/rules/types.ts`) rarely change from one file
 * to the next. The catalogue registers over a thousand qualified-name keys; filing every one of them into
 * fresh maps for each file cost more than the calls it served. So the keys are filed once per run and again
 * only for a rule whose keys changed, and a file ({@link FileHandlers}) keeps just the handler objects, indexed by
 * rule, beside small maps of its node-type and method keys. A rule's keyed handlers (`KEYED`: one function for a
 * module-level list of keys) count as changed only when their key arrays are other arrays.
 */
import { KEYED, keyedOnly, type Handler, type Handlers, type KeyedHandler, type Rule } from "../rules/types.js";

/** The handler keys of one rule, as last seen, sorted by kind. */
interface RuleKeys {
  /** The string keys, in the order the handler object listed them (compared to tell a change). */
  all: string[];
  /** The key lists of its keyed handlers (`KEYED`), compared by identity to tell a change. */
  lists: readonly (readonly string[])[];
  /** Keys served by a keyed handler only: the position of that handler in the object's `KEYED` list. */
  keyed: Map<string, number> | undefined;
  /** Node-type keys (`call`, `string`…). */
  types: string[];
  /** Method keys, with their dot (`.execute`). */
  methods: string[];
  /** Node types the keys ask the walk for: the node-type keys, and `call` for method or qualified-name keys. */
  nodeTypes: Set<string>;
  /** Some key is a qualified name. */
  names: boolean;
  /** The top-level modules of the qualified-name keys (`hashlib` for `hashlib.md5`), without repeats. */
  roots: string[];
}

/**
 * The handler keys of the rules of one run (one rule list), by rule position in {@link HandlerIndex.rules}.
 * Qualified-name keys are filed by name; node-type and method keys are kept per rule, for the file to file
 * into its own small maps.
 */
export class HandlerIndex {
  /** By qualified name: positions of the rules whose last handlers had that key, ascending. */
  readonly byName = new Map<string, number[]>();
  private readonly keys: (RuleKeys | undefined)[] = [];

  /**
   * @param rules every rule a file of the run may run, in the order their handlers run on a node (the
   *   selected rules, then the secret rules that only contribute mask ranges)
   */
  constructor(readonly rules: readonly Rule[]) {}

  /**
   * Takes note of the handler keys rule number `i` returned for a file, and returns them sorted by kind.
   * Cheap when they are the keys it returned last (compared one by one, in order); otherwise they are filed
   * again. A name key a rule stops returning stays filed: the walk then finds no handler under it in that
   * rule's object and passes on.
   */
  note(i: number, handlers: Handlers): RuleKeys {
    const all = Object.keys(handlers);
    const groups = handlers[KEYED] ?? NO_GROUPS;
    const last = this.keys[i];
    if (last && sameKeys(last.all, all) && sameLists(last.lists, groups)) return last;
    const keyed = keyedOnly(handlers);
    const keys: RuleKeys = { all, lists: groups.map((g) => g.keys), keyed, types: [], methods: [], nodeTypes: new Set(), names: false, roots: [] };
    for (const key of keyed ? [...all, ...keyed.keys()] : all) {
      if (key.charCodeAt(0) === 46 /* . */) {
        keys.methods.push(key);
        keys.nodeTypes.add("call");
      } else if (key.includes(".")) {
        keys.names = true;
        keys.nodeTypes.add("call");
        const root = key.slice(0, key.indexOf("."));
        if (!keys.roots.includes(root)) keys.roots.push(root);
        const list = this.byName.get(key);
        if (!list) this.byName.set(key, [i]);
        else if (!list.includes(i)) {
          list.push(i);
          list.sort((a, b) => a - b);
        }
      } else {
        keys.types.push(key);
        keys.nodeTypes.add(key);
      }
    }
    this.keys[i] = keys;
    return keys;
  }

  /**
   * The top-level modules of the qualified-name keys rule number `i` returned last (see {@link RuleKeys.roots});
   * undefined before its first file.
   */
  roots(i: number): readonly string[] | undefined {
    return this.keys[i]?.roots;
  }
}

const NO_GROUPS: readonly KeyedHandler[] = [];

/** True when `groups` lists the same key arrays (by identity) as `lists`, in the same order. */
function sameLists(lists: readonly (readonly string[])[], groups: readonly KeyedHandler[]): boolean {
  if (lists.length !== groups.length) return false;
  for (let g = 0; g < lists.length; g++) if (lists[g] !== groups[g].keys) return false;
  return true;
}

/** The handler `handlers` has for `key` (sorted as `keys`); undefined when it has none. */
function handlerOf(handlers: Handlers, keys: RuleKeys, key: string): Handler | undefined {
  if (Object.hasOwn(handlers, key)) return handlers[key];
  const g = keys.keyed?.get(key);
  return g === undefined ? undefined : handlers[KEYED]![g].handler;
}

/** True when two key lists are the same keys in the same order. */
function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/** Indexes by the rule list they were made for (the same array for every file of a run). */
const INDEXES = new WeakMap<readonly Rule[], HandlerIndex>();

/**
 * The handler index of a run whose selected rules are `selected` (the run's one rule array), made on first use.
 * @param masking the rules a file runs after the selected ones, for their mask ranges only (read on first use)
 */
export function handlerIndex(selected: readonly Rule[], masking: Iterable<Rule>): HandlerIndex {
  let index = INDEXES.get(selected);
  if (!index) INDEXES.set(selected, (index = new HandlerIndex([...selected, ...masking])));
  return index;
}

/** A rule's handler, as the walk calls it. */
export interface HandlerEntry {
  rule: Rule;
  handler: Handler;
  /** The key it was found under (passed to it). */
  key: string;
}

/**
 * The handlers of one file: by node type and by method name in small maps of their own, by qualified name
 * through the run's {@link HandlerIndex}.
 */
export class FileHandlers {
  /** Handlers keyed by node type, in rule order. */
  readonly byType = new Map<string, HandlerEntry[]>();
  /** Handlers keyed `.method`, by method name (no dot), in rule order. */
  readonly byMethod = new Map<string, HandlerEntry[]>();
  /** Some rule of the file has a qualified-name handler. */
  names = false;
  /** The handler objects of this file, by rule position in the index. */
  private readonly objects: (Handlers | undefined)[] = [];
  /** Their keys, sorted (`HandlerIndex.note`), by rule position. */
  private readonly sorted: (RuleKeys | undefined)[] = [];

  constructor(readonly index: HandlerIndex) {}

  /**
   * Adds the handlers rule number `i` returned for this file.
   * @returns the node types they ask the walk for (see {@link HandlerIndex.note})
   */
  add(i: number, handlers: Handlers): ReadonlySet<string> {
    const keys = this.index.note(i, handlers);
    const rule = this.index.rules[i];
    this.objects[i] = handlers;
    this.sorted[i] = keys;
    if (keys.names) this.names = true;
    for (const key of keys.types) file(this.byType, key, { rule, handler: handlerOf(handlers, keys, key)!, key });
    for (const key of keys.methods) file(this.byMethod, key.slice(1), { rule, handler: handlerOf(handlers, keys, key)!, key });
    return keys.nodeTypes;
  }

  /** The handlers for calls of the qualified name `name`, in rule order; undefined when there is none. */
  named(name: string): HandlerEntry[] | undefined {
    const positions = this.index.byName.get(name);
    if (!positions) return undefined;
    let out: HandlerEntry[] | undefined;
    for (let n = 0; n < positions.length; n++) {
      const at = positions[n];
      const handlers = this.objects[at];
      const handler = handlers && handlerOf(handlers, this.sorted[at]!, name);
      if (handler) (out ??= []).push({ rule: this.index.rules[at], handler, key: name });
    }
    return out;
  }
}

/** Adds `entry` to the list under `key`. */
function file(map: Map<string, HandlerEntry[]>, key: string, entry: HandlerEntry): void {
  const list = map.get(key);
  if (list) list.push(entry);
  else map.set(key, [entry]);
}
