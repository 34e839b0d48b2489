/**
 * text → tree-sitter tree, using web-tree-sitter and the grammar WASM shipped in `tree-sitter-python`.
 *
 * Every `Tree` and `TreeCursor` handed out must be `.delete()`d by the caller: they live on the WASM heap,
 * which the garbage collector does not see.
 */
import { createRequire } from "node:module";
import type { Node, Parser, Tree } from "web-tree-sitter";

export type { Node, Tree } from "web-tree-sitter";

let ready: Promise<Parser> | undefined;
/** How many times the runtime was loaded afresh after a failure (each load is a new WASM instance). */
let generation = 0;
/** Why the last {@link parsePython} call returned no tree, when that was not its time budget. */
let failure: string | undefined;

/**
 * Loads the tree-sitter runtime and the Python grammar once per thread.
 * @throws Error when the grammar WASM cannot be found or loaded (a broken install)
 */
export function getParser(): Promise<Parser> {
  ready ??= loadRuntime(generation);
  return ready;
}

/**
 * Loads the runtime: the first time `web-tree-sitter` as Node's `require` finds it (its CommonJS build, which
 * the CLI's CommonJS bundle loads as the compiled modules do, without a dynamic import: see
 * src/cli/bundle-loader.ts), after a failure a fresh copy of that module (taken out of `require`'s cache first: a
 * new module instance is a new WASM instance with its own memory), since a trap inside WASM (a stack overflow in
 * C, a heap overrun) can leave the old instance's memory inconsistent for every later parse.
 */
async function loadRuntime(gen: number): Promise<Parser> {
  const require = createRequire(import.meta.url);
  if (gen > 0) delete require.cache[require.resolve("web-tree-sitter")];
  const api = require("web-tree-sitter") as typeof import("web-tree-sitter");
  await api.Parser.init();
  memoiseNodes(api);
  const wasm = require.resolve("tree-sitter-python/tree-sitter-python.wasm");
  const language = await api.Language.load(wasm);
  const parser = new api.Parser();
  parser.setLanguage(language);
  return parser;
}

/** Property of a `Node` class prototype once {@link memoiseNodes} has patched it. */
const PATCHED = Symbol("pyward.memoised");

/** Memoised facts of a node, in one object of one shape (the node gets one own property, `_pw`). */
class NodeMemo {
  type: string | undefined = undefined;
  endIndex: number | undefined = undefined;
  /**
   * Children by field: the first two fields asked for in slots of their own (most nodes are asked about one or
   * two: a call's function and arguments, an attribute's object and name), any more in a map. An array indexed
   * by field id cost a backing store of ≈ 50 slots per node (V8 grows an array written past its end by half
   * plus 16), ≈ 5% of all allocation in a scan.
   */
  fieldA = -1;
  childA: Node | null = null;
  fieldB = -1;
  childB: Node | null = null;
  fields: Map<number, Node | null> | undefined = undefined;
  isNamed: boolean | undefined = undefined;
}
type Memoised = Node & { _pw?: NodeMemo };

/**
 * Memoises on each web-tree-sitter `Node` object what cannot change in a tree that is never edited (pyward
 * never edits one): its type, end, whether it is named, and its children by field. (Not its counts or error
 * flags: asked too rarely to pay for a slot in every memo, ~4 million of them in a scan of the standard library.)
 *
 * web-tree-sitter answers every property (`type`, `endIndex`, `childForFieldName`…) by a call into WASM and
 * creates a fresh `Node` for every node-valued answer. The engine hands the same node object to every rule's
 * handler, and dozens of rules, the model and the taint analysis ask about the same nodes, so without this
 * they paid those crossings (and allocations) again and again; with it, the first access crosses once and
 * every later one reads a JS property, and a node reached again through the same path is the same object.
 * (Text and parent are not memoised: measured, keeping whole node graphs alive for the file costs more in
 * garbage collection than the repeated crossings.)
 */
function memoiseNodes(api: typeof import("web-tree-sitter")): void {
  const proto = api.Node.prototype as unknown as Record<PropertyKey, unknown>;
  if (proto[PATCHED]) return;
  proto[PATCHED] = true;
  const getter = (name: string): ((this: unknown) => unknown) => {
    const d = Object.getOwnPropertyDescriptor(api.Node.prototype, name);
    if (!d?.get) throw new Error(`web-tree-sitter: Node has no getter ${name}`);
    return d.get;
  };
  const define = (name: string, get: (this: Memoised) => unknown): void => {
    Object.defineProperty(api.Node.prototype, name, { get, configurable: true, enumerable: false });
  };
  // one getter each (not one generic getter keyed by name), so every property access stays monomorphic
  const type = getter("type");
  const endIndex = getter("endIndex");
  const isNamed = getter("isNamed");
  define("type", function () {
    const m = this._pw ?? (this._pw = new NodeMemo());
    return m.type ?? (m.type = type.call(this) as string);
  });
  define("endIndex", function () {
    const m = this._pw ?? (this._pw = new NodeMemo());
    return m.endIndex ?? (m.endIndex = endIndex.call(this) as number);
  });
  define("isNamed", function () {
    const m = this._pw ?? (this._pw = new NodeMemo());
    return m.isNamed ?? (m.isNamed = isNamed.call(this) as boolean);
  });
  const fields = new Map<string, number>();
  const byId = proto.childForFieldId as (this: Node, id: number) => Node | null;
  proto.childForFieldName = function (this: Memoised, name: string): Node | null {
    let id = fields.get(name);
    if (id === undefined) fields.set(name, (id = this.tree.language.fields.indexOf(name)));
    if (id === -1) return null;
    const m = this._pw ?? (this._pw = new NodeMemo());
    if (m.fieldA === id) return m.childA;
    if (m.fieldB === id) return m.childB;
    const hit = m.fields?.get(id);
    if (hit !== undefined) return hit;
    const child = byId.call(this, id);
    if (m.fieldA === -1) {
      m.fieldA = id;
      m.childA = child;
    } else if (m.fieldB === -1) {
      m.fieldB = id;
      m.childB = child;
    } else (m.fields ??= new Map()).set(id, child);
    return child;
  };
}

/** Whether each tree parsed without error, by tree (asked once per tree: `rootNode` crosses into WASM). */
const CLEAN = new WeakMap<Tree, boolean>();

/**
 * True when the tree `node` belongs to has no syntax error (no ERROR or MISSING node): then every token is
 * where the grammar puts it, and a node's text alone can tell what its children would (a string literal's
 * body, an attribute's name).
 */
export function parsedCleanly(node: Node): boolean {
  const tree = node.tree;
  let clean = CLEAN.get(tree);
  if (clean === undefined) CLEAN.set(tree, (clean = !tree.rootNode.hasError));
  return clean;
}

/** Drops the current runtime (it is not deleted: its memory may be corrupt); the next parse loads a fresh one. */
function discardRuntime(): void {
  generation++;
  ready = undefined;
}

/**
 * Widest run of leading whitespace, in columns, left as is when a text has more distinct indentation widths
 * than this (see {@link tameIndentation}). CPython itself stops at 100 levels of indentation.
 */
export const MAX_INDENT_COLUMNS = 300;

/**
 * Guards the grammar's external scanner against deep indentation.
 *
 * tree-sitter-python 0.25's scanner saves its indentation stack two bytes per level into a 1,024-byte buffer
 * while fewer than 1,024 bytes are written, so with about 380 or more open levels (and an odd number of open
 * string delimiters) it writes a byte or two past the buffer, corrupting the parser's memory: that parse and
 * every later one in the thread fail ("memory access out of bounds"). The stack is strictly increasing and each
 * entry is the width of a run of whitespace the scanner measured (after a line break, `\r` or form feed,
 * following backslash continuations; a tab counts 8), so a text with at most {@link MAX_INDENT_COLUMNS}
 * distinct such widths is safe and returned unchanged (every real program). Otherwise each run wider than that
 * has its leading characters replaced by form feeds (which reset the scanner's column, as they do CPython's),
 * leaving a run of at most {@link MAX_INDENT_COLUMNS} columns: offsets are unchanged, so positions in the tree
 * still match the original text; the file's structure past that depth is flattened (such a file is not valid
 * Python anyway).
 */
export function tameIndentation(text: string): string {
  const widths = new Set<number>();
  const wide: [number, number][] = []; // [start, end) of runs wider than the limit
  const n = text.length;
  let risky = false;
  for (let i = 0; i <= n; i++) {
    const prev = i === 0 ? 10 : text.charCodeAt(i - 1);
    if (prev !== 10 && prev !== 13 && prev !== 12) continue;
    let width = 0;
    let j = i;
    for (; j < n; j++) {
      const c = text.charCodeAt(j);
      if (c === 32) width++;
      else if (c === 9) width += 8;
      else if (c === 92) {
        // backslash continuation: the scanner skips `\`, an optional `\r` and `\n` without resetting its count
        let k = j + 1;
        if (text.charCodeAt(k) === 13) k++;
        if (k < n && text.charCodeAt(k) !== 10) break;
        j = k;
      } else break;
    }
    if (width > 0) {
      widths.add(width & 0xffff);
      if (width > MAX_INDENT_COLUMNS) wide.push([i, j]);
      if (widths.size > MAX_INDENT_COLUMNS) risky = true;
    }
  }
  if (!risky) return text;
  const out: string[] = [];
  let last = 0;
  for (const [start, end] of wide) {
    if (start < last) continue; // a run nested in one already narrowed (after a continuation)
    // keep the longest all-blank suffix of at most MAX_INDENT_COLUMNS columns; the rest becomes form feeds
    let cut = end;
    let width = 0;
    while (cut > start) {
      const c = text.charCodeAt(cut - 1);
      const w = c === 32 ? 1 : c === 9 ? 8 : -1;
      if (w < 0 || width + w > MAX_INDENT_COLUMNS) break;
      width += w;
      cut--;
    }
    out.push(text.slice(last, start));
    for (let k = start; k < cut; k++) {
      const c = text.charCodeAt(k);
      out.push(c === 10 || c === 13 ? text[k] : "\f");
    }
    last = cut;
  }
  out.push(text.slice(last));
  return out.join("");
}

/**
 * Why the last {@link parsePython} call returned undefined when it was not its time budget (the parser failed
 * on that text; the runtime was reloaded), or undefined.
 */
export function lastParseFailure(): string | undefined {
  return failure;
}

/**
 * Parses Python text. The tree is usable even when the text has syntax errors (error recovery).
 *
 * Never leaves a broken parser behind: if the runtime fails on a text (a trap inside WASM), it is replaced by
 * a fresh instance and the text parsed once more; if that fails too, the runtime is replaced again and the
 * result is undefined, with the reason in {@link lastParseFailure}.
 * @param timeoutMs abandon the parse after this many milliseconds of parser work; returns undefined then
 */
export async function parsePython(text: string, timeoutMs?: number): Promise<Tree | undefined> {
  failure = undefined;
  const source = tameIndentation(text);
  // one budget for both attempts: a retry must not double the time a file may take
  const deadline = timeoutMs === undefined ? undefined : performance.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    const parser = await getParser();
    try {
      if (deadline !== undefined) {
        const tree = parser.parse(source, null, { progressCallback: () => performance.now() > deadline });
        parser.reset();
        return tree ?? undefined;
      }
      return parser.parse(source) ?? undefined;
    } catch (err) {
      discardRuntime();
      if (attempt >= 1 || (deadline !== undefined && performance.now() > deadline)) {
        const message = String((err as Error)?.message ?? err).split("\n")[0];
        // Emscripten's abort() without assertions: in this parser, a failed allocation (its heap stops at 2 GB)
        failure = message.startsWith("Aborted(")
          ? "the parser aborted on this file, most likely out of memory (its heap is limited to 2 GB)"
          : `the parser failed on this file (${message})`;
        return undefined;
      }
    }
  }
}

/** One syntax problem: where (UTF-16 offset) and what. */
export interface SyntaxProblem {
  offset: number;
  message: string;
}

/**
 * Node types {@link syntaxProblems} reads from the caller's traversal: statements that exist only in Python 2.
 * (ERROR nodes are gathered separately, only when the tree has errors: web-tree-sitter 0.25's
 * `descendantsOfType` returns nothing at all when "ERROR" is mixed with other types.)
 */
export const SYNTAX_NODE_TYPES: readonly string[] = ["print_statement", "exec_statement"];

/** Node types the grammar accepts that are Python 2 only (a SyntaxError in Python 3). */
const PYTHON2_ONLY: Record<string, string> = {
  print_statement: "Python 2 print statement (print is a function in Python 3)",
  exec_statement: "Python 2 exec statement (exec is a function in Python 3)",
};

/**
 * Lists the syntax problems of a parsed tree: ERROR and MISSING nodes, and Python 2 only statements.
 * `collected` may hand over the {@link SYNTAX_NODE_TYPES} nodes already gathered by the caller's traversal;
 * MISSING nodes are found by an iterative cursor walk only when the tree has errors. At most `limit` are returned.
 */
export function syntaxProblems(tree: Tree, limit = 20, collected?: readonly Node[]): SyntaxProblem[] {
  const out: SyntaxProblem[] = [];
  const root = tree.rootNode;
  const nodes = [...(collected ?? root.descendantsOfType([...SYNTAX_NODE_TYPES]).filter((n): n is Node => !!n))];
  if (root.hasError) for (const n of root.descendantsOfType("ERROR")) if (n) nodes.push(n);
  const errors: { start: number; end: number; message: string }[] = [];
  for (const node of nodes) {
    if (node.type === "ERROR") {
      const first = node.text.slice(0, 200).trim().split(/\s+/, 1)[0] ?? "";
      errors.push({ start: node.startIndex, end: node.endIndex, message: first ? `invalid syntax near '${first.slice(0, 40)}'` : "invalid syntax" });
    } else if (node.type in PYTHON2_ONLY && isPython2Only(node)) {
      out.push({ offset: node.startIndex, message: PYTHON2_ONLY[node.type] });
    }
  }
  if (root.hasError) {
    // MISSING nodes are zero-width leaves: a cursor walk that reads only offsets finds them cheaply
    const cursor = root.walk();
    try {
      for (let steps = 0; steps < 5_000_000; steps++) {
        if (cursor.startIndex === cursor.endIndex && cursor.currentNode.isMissing) {
          errors.push({ start: cursor.startIndex, end: cursor.startIndex, message: `missing '${cursor.nodeType}'` });
          if (errors.length >= limit * 4) break;
        }
        if (cursor.gotoFirstChild()) continue;
        if (cursor.gotoNextSibling()) continue;
        let climbed = false;
        while (cursor.gotoParent()) {
          if (cursor.gotoNextSibling()) {
            climbed = true;
            break;
          }
        }
        if (!climbed) break;
      }
    } finally {
      cursor.delete();
    }
  }
  // drop recovery spans that contain a more precise problem
  for (const e of errors) {
    const inner = errors.some((o) => o !== e && o.start >= e.start && o.end <= e.end && (o.start > e.start || o.end < e.end));
    if (!inner) out.push({ offset: e.start, message: e.message });
  }
  out.sort((a, b) => a.offset - b.offset);
  return out.slice(0, limit);
}

/**
 * A `print`/`exec` statement the grammar accepts is Python 2 only unless Python 3 reads the same text as an
 * expression: `print >>f, x` (a tuple of a shift), `print -1`, `print (x), y`.
 */
function isPython2Only(node: Node): boolean {
  const keyword = node.type === "print_statement" ? "print" : "exec";
  const rest = node.text.slice(keyword.length).trimStart();
  return /^[A-Za-z0-9_"'{`~\\]/.test(rest) && !/^(?:and|or|if|else|in|is|not)\b/.test(rest);
}

/** True when `node` is null/undefined or a MISSING placeholder. */
export function absent(node: Node | null | undefined): node is null | undefined {
  return !node || node.isMissing;
}
