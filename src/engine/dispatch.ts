/**
 * The handlers of one file's rules, by key (node type, qualified name, `.method`), for the engine's traversal.
 *
 * Every rule's `create` returns a fresh handler object per file, but its keys rarely change from file to file,
 * and the catalogue registers over a thousand of them (qualified names mostly), of which a file uses a few
 * dozen. So where each key's handlers sit (a {@link Layout}) is worked out once and reused while the rules and
 * their keys repeat; per file only the handler functions are read, and a key's list of handlers is made when
 * the traversal first asks for it.
 */
import type { Handler, Rule } from "../rules/types.js";

/** One handler of one rule. */
export interface HandlerEntry {
  rule: Rule;
  handler: Handler;
}

/** Where one handler is: the index of its rule in the file's rule list and of its key among the rule's keys. */
interface Slot {
  rule: number;
  key: number;
}

/** Which handlers each key has, for one sequence of rules with given handler keys. */
interface Layout {
  rules: Rule[];
  /** Each rule's handler keys, in the order of its handler object. */
  keys: string[][];
  byType: Map<string, Slot[]>;
  byName: Map<string, Slot[]>;
  /** By method name (the key without its leading dot). */
  byMethod: Map<string, Slot[]>;
  /** Node types the traversal must visit: the `byType` keys, then `call` for names and methods. */
  types: string[];
}

/** The layout of the last file (the next file almost always has the same). */
let lastLayout: Layout | undefined;

/** True when `layout` was made for these rules with these keys. */
function fits(layout: Layout, rules: readonly Rule[], keys: readonly string[][]): boolean {
  if (layout.rules.length !== rules.length) return false;
  for (let i = 0; i < rules.length; i++) {
    if (layout.rules[i] !== rules[i]) return false;
    const a = layout.keys[i];
    const b = keys[i];
    if (a.length !== b.length) return false;
    for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) return false;
  }
  return true;
}

function makeLayout(rules: readonly Rule[], keys: string[][]): Layout {
  const layout: Layout = { rules: [...rules], keys, byType: new Map(), byName: new Map(), byMethod: new Map(), types: [] };
  for (let r = 0; r < rules.length; r++) {
    keys[r].forEach((key, k) => {
      const method = key.startsWith(".");
      const map = method ? layout.byMethod : key.includes(".") ? layout.byName : layout.byType;
      const name = method ? key.slice(1) : key;
      let list = map.get(name);
      if (!list) map.set(name, (list = []));
      list.push({ rule: r, key: k });
    });
  }
  layout.types = [...new Set([...layout.byType.keys(), ...(layout.byName.size || layout.byMethod.size ? ["call"] : [])])];
  return layout;
}

/** One file's handlers, by key. */
export class HandlerTable {
  /** Whether the layout was made for this file (it differs from the last file's). */
  readonly fresh: boolean;
  private readonly layout: Layout;
  private readonly handlers: readonly Record<string, Handler>[];
  /** The handlers of each node type, made for the file at once (a file meets most of them). */
  private readonly types = new Map<string, HandlerEntry[]>();
  /** The handlers of each name or method met so far in the file. */
  private readonly names = new Map<string, HandlerEntry[]>();
  private readonly methods = new Map<string, HandlerEntry[]>();

  /**
   * @param rules the rules that run on the file, in order
   * @param handlers each rule's handler object for the file (parallel to `rules`)
   */
  constructor(rules: readonly Rule[], handlers: readonly Record<string, Handler>[]) {
    this.handlers = handlers;
    const keys = handlers.map((h) => Object.keys(h));
    this.fresh = !(lastLayout && fits(lastLayout, rules, keys));
    if (this.fresh) lastLayout = makeLayout(rules, keys);
    this.layout = lastLayout!;
    for (const [type, slots] of this.layout.byType) this.types.set(type, this.entries(slots));
  }

  /** Each rule's handler keys (parallel to the rules given). */
  get keys(): readonly (readonly string[])[] {
    return this.layout.keys;
  }

  /** Node types some handler asked for: the node-type keys, then `call` when there are name or method keys. */
  get nodeTypes(): readonly string[] {
    return this.layout.types;
  }

  /** Whether some handler is keyed by a qualified name. */
  get hasNames(): boolean {
    return this.layout.byName.size > 0;
  }

  /** Whether some handler is keyed by a method name. */
  get hasMethods(): boolean {
    return this.layout.byMethod.size > 0;
  }

  /** The handlers of a node type, in rule order. */
  ofType(type: string): HandlerEntry[] | undefined {
    return this.types.get(type);
  }

  /** The handlers of a qualified name, in rule order. */
  ofName(name: string): HandlerEntry[] | undefined {
    return this.lookup(this.names, this.layout.byName, name);
  }

  /** The handlers of a method name (without its dot), in rule order. */
  ofMethod(method: string): HandlerEntry[] | undefined {
    return this.lookup(this.methods, this.layout.byMethod, method);
  }

  private lookup(cache: Map<string, HandlerEntry[]>, slots: Map<string, Slot[]>, key: string): HandlerEntry[] | undefined {
    const list = slots.get(key);
    if (!list) return undefined;
    let out = cache.get(key);
    if (!out) cache.set(key, (out = this.entries(list)));
    return out;
  }

  /** The handlers at `slots`, read from this file's handler objects. */
  private entries(slots: readonly Slot[]): HandlerEntry[] {
    return slots.map((s) => ({ rule: this.layout.rules[s.rule], handler: this.handlers[s.rule][this.layout.keys[s.rule][s.key]] }));
  }
}
