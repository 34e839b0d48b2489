/**
 * text → tree-sitter tree → pyward's syntax tree: by the native parser (`native.ts`) when it was built and
 * checked, else by web-tree-sitter and the grammar WASM shipped in `tree-sitter-python` (the same C sources, the
 * same trees).
 *
 * {@link parsePython} hands out pyward's {@link SyntaxTree} (plain JS data; the tree-sitter tree is already
 * deleted). A tree-sitter tree handed out by {@link parseTreeSitter} must be `.delete()`d by the caller: it lives
 * on the WASM heap, which the garbage collector does not see.
 */
import { createRequire } from "node:module";
import type { Parser, Tree as TreeSitterTree } from "web-tree-sitter";
import { loadNativeParser, NATIVE_MAX_CHARS, type NativeArrays, type NativeParser } from "./native.js";
import { HAS_ERROR, SyntaxTree, type GrammarTables, type SyntaxNode } from "./syntax-tree.js";
import { copyTree, type CursorExports } from "./tree-cursor.js";
import { readTree, type WasmHeap } from "./tree-memory.js";

/** A node of a parsed file (see syntax-tree.ts). */
export type Node = SyntaxNode;
/** A parsed file (see syntax-tree.ts). */
export type Tree = SyntaxTree;
export type { TreeSitterTree };

/** One loaded runtime: the parser, the runtime's WASM exports and memory, and the grammar's tables. */
interface Runtime {
  parser: Parser;
  exports: CursorExports;
  /** The Emscripten module's memory views (read afresh for each tree: they are replaced when memory grows). */
  heap: WasmHeap;
  grammar: GrammarTables;
  /** Copies trees by reading WASM memory ({@link readTree}) rather than by cursor calls ({@link copyTree}). */
  readMemory: boolean;
  /** The native parser, checked against this runtime (see native.ts); undefined: the WASM parser parses every text. */
  native?: NativeParser;
}

let ready: Promise<Runtime> | undefined;
/** How many times the runtime was loaded afresh after a failure (each load is a new WASM instance). */
let generation = 0;
/** Why the last {@link parsePython} call returned no tree, when that was not its time budget. */
let failure: string | undefined;

/**
 * Loads the tree-sitter runtime and the Python grammar once per thread.
 * @throws Error when the grammar WASM cannot be found or loaded (a broken install)
 */
async function getRuntime(): Promise<Runtime> {
  ready ??= loadRuntime(generation);
  return ready;
}

/**
 * The tree-sitter parser of this thread, loaded on first use (for callers that want tree-sitter's own trees,
 * such as the parse-only benchmark; pyward's analysis uses {@link parsePython}).
 * @throws Error when the grammar WASM cannot be found or loaded (a broken install)
 */
export async function getParser(): Promise<Parser> {
  return (await getRuntime()).parser;
}

/**
 * Loads the runtime: the first time `web-tree-sitter` as Node's `require` finds it (its CommonJS build, which
 * the CLI's CommonJS bundle loads as the compiled modules do, without a dynamic import: see
 * src/cli/bundle-loader.ts), after a failure a fresh copy of that module (taken out of `require`'s cache first: a
 * new module instance is a new WASM instance with its own memory), since a trap inside WASM (a stack overflow in
 * C, a heap overrun) can leave the old instance's memory inconsistent for every later parse.
 *
 * The object handed to `Parser.init` becomes the Emscripten module (web-tree-sitter builds it with
 * `MODULARIZE`, which fills in the options object): its `_ts_…` members are the runtime's WASM exports, which
 * {@link copyTree} calls directly.
 */
async function loadRuntime(gen: number): Promise<Runtime> {
  const require = createRequire(import.meta.url);
  if (gen > 0) delete require.cache[require.resolve("web-tree-sitter")];
  const api = require("web-tree-sitter") as typeof import("web-tree-sitter");
  // Emscripten's runtime prints to the console (an abort writes `Aborted()` to stderr, and that abort is already
  // reported as the file's reason, see parseWith): never on pyward's own output streams
  const silent = (): void => {};
  const module: Partial<CursorExports> & { print?: (text: string) => void; printErr?: (text: string) => void } = { print: silent, printErr: silent };
  await api.Parser.init(module);
  for (const name of CURSOR_EXPORTS) {
    if (typeof module[name] !== "function") throw new Error(`web-tree-sitter: the runtime does not export ${name}`);
  }
  const wasm = require.resolve("tree-sitter-python/tree-sitter-python.wasm");
  const language = await api.Language.load(wasm);
  const parser = new api.Parser();
  parser.setLanguage(language);
  // web-tree-sitter's `Node.type` is `language.types[typeId] || "ERROR"`; ERROR (symbol 65535) gets the last number
  const typeNames = Array.from({ length: language.types.length }, (_, i) => language.types[i] || "ERROR");
  const errorType = typeNames.length;
  typeNames.push("ERROR");
  const named = new Uint8Array(typeNames.length);
  for (let i = 0; i < errorType; i++) named[i] = language.nodeTypeIsNamed(i) ? 1 : 0;
  named[errorType] = 1;
  const fieldIds = new Map<string, number>();
  language.fields.forEach((name, id) => {
    if (name && !fieldIds.has(name)) fieldIds.set(name, id);
  });
  const runtime: Runtime = {
    parser,
    exports: module as CursorExports,
    heap: module as unknown as WasmHeap,
    grammar: { typeNames, named, fieldIds, errorType, masks: new Map() },
    readMemory: false,
  };
  runtime.readMemory = memoryReaderWorks(runtime);
  runtime.native = loadNativeParser(runtime.grammar, READER_SAMPLE, (text) => {
    const tree = parser.parse(text);
    if (!tree) return undefined;
    const t = copyOut(tree, runtime, text, runtime.readMemory);
    return [t.types, t.starts, t.ends, t.fields, t.parents, t.afters, t.flags] satisfies NativeArrays;
  });
  return runtime;
}

/**
 * A text with what a tree copy must get right: aliases (a `match` block, `print`), fields through hidden rules,
 * comments (extras) between structural children, strings and f-strings, decorators, ERROR nodes, MISSING nodes
 * stored inline and on the heap, and a hidden MISSING token.
 */
const READER_SAMPLE = [
  "# comment\nimport os, sys as system\nfrom . import \\\n(a, # c\n  b)\n",
  "@decorator(x=1)\nasync def f(a, /, b: int = 2, *args, c, **kw) -> list[int]:\n    '''doc'''\n",
  "    return [y async for y in g(a) if y], {k: v for k, v in kw.items()}, lambda q=1: q\n",
  "class C(Base, metaclass=M):\n    x: int = 1\n    def m(self):\n        print(f'{self.x!r:>{w}} {a + b}', rb'\\x', u'é𝒳')\n",
  "match p:\n    case {'k': [1, *rest]} if rest:\n        pass  # trailing\n    case C(x=0) | None:\n        pass\n",
  "try:\n    x = a[1:2, ::3] if b else not c\nexcept* (A, B) as e:\n    raise E from e\nfinally:\n    del x\n",
  "with open(p) as f, g() as (h, i):\n    y = yield from z\n    global q\n",
  "print >>f, 'py2'\nexec code in ns\nz = (1, 2\nw = [3, 4\n$ = 5\n",
  // a MISSING ')' after 300 bytes of comment and blanks: a leaf too wide to be stored inline
  `def g(:\n${"#".repeat(300)}\n${" ".repeat(300)}\n`,
  // a MISSING newline (a hidden token) at a lone carriage return
  "import os\rx = 1\r",
].join("");

/**
 * Whether {@link readTree} copies trees of this runtime exactly as the cursor walk does, checked on
 * {@link READER_SAMPLE}: a different runtime version with another memory layout falls back to the cursor.
 */
function memoryReaderWorks(runtime: Runtime): boolean {
  const tree = runtime.parser.parse(READER_SAMPLE);
  if (!tree) return false;
  try {
    const byCursor = copyTree(runtime.exports, addressOf(tree), READER_SAMPLE, runtime.grammar);
    const byMemory = readTree(runtime.heap, addressOf(tree), READER_SAMPLE, runtime.grammar);
    const same = (a: ArrayLike<number>, b: ArrayLike<number>): boolean => a.length === b.length && Array.from(a).every((x, i) => x === b[i]);
    return (
      byCursor.count > 100 &&
      same(byCursor.types, byMemory.types) &&
      same(byCursor.starts, byMemory.starts) &&
      same(byCursor.ends, byMemory.ends) &&
      same(byCursor.fields, byMemory.fields) &&
      same(byCursor.parents, byMemory.parents) &&
      same(byCursor.afters, byMemory.afters) &&
      // the error bit below the root may differ: only the memory reader sees hidden MISSING tokens
      same(byCursor.flags.map((f, i) => (i ? f & ~HAS_ERROR : f)), byMemory.flags.map((f, i) => (i ? f & ~HAS_ERROR : f)))
    );
  } catch {
    return false;
  } finally {
    tree.delete();
  }
}

/** Whether this thread's runtime copies trees by reading WASM memory (for tests and benchmarks). */
export async function readsTreeMemory(): Promise<boolean> {
  return (await getRuntime()).readMemory;
}

/** The WASM exports {@link copyTree} calls. */
const CURSOR_EXPORTS: readonly (keyof CursorExports)[] = [
  "_ts_tree_root_node_wasm",
  "_ts_tree_cursor_new_wasm",
  "_ts_tree_cursor_delete_wasm",
  "_ts_tree_cursor_goto_first_child_wasm",
  "_ts_tree_cursor_goto_next_sibling_wasm",
  "_ts_tree_cursor_goto_parent_wasm",
  "_ts_tree_cursor_current_node_type_id_wasm",
  "_ts_tree_cursor_current_field_id_wasm",
  "_ts_tree_cursor_current_node_is_missing_wasm",
  "_ts_tree_cursor_start_index_wasm",
  "_ts_tree_cursor_end_index_wasm",
  "_ts_node_has_error_wasm",
];

/**
 * True when the tree `node` belongs to has no syntax error (no ERROR or MISSING node): then every token is
 * where the grammar puts it, and a node's text alone can tell what its children would (a string literal's
 * body, an attribute's name).
 */
export function parsedCleanly(node: Node): boolean {
  return !node.tree.hasError;
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
 * What the grammar's scanner resets its indentation count after (a line break `\n`, `\r`, a form feed, or a NUL
 * character, which ends a comment as a line break does), followed by what may begin a run of indentation (see
 * {@link tameIndentation}).
 */
const LINE_START = /[\n\r\f\0](?=[ \t\\])/g;

/**
 * Guards the grammar's external scanner against deep indentation.
 *
 * tree-sitter-python 0.25's scanner saves its indentation stack two bytes per level into a 1,024-byte buffer
 * while fewer than 1,024 bytes are written, so with about 380 or more open levels (and an odd number of open
 * string delimiters) it writes a byte or two past the buffer, corrupting the parser's memory: in the WASM
 * parser that parse and every later one in the thread fail ("memory access out of bounds") or the tree is
 * silently wrong; the native parser can crash the process. The stack is strictly increasing and each entry is
 * the width of a run of whitespace the scanner measured (after a line break, `\r`, form feed, or a NUL ending a
 * comment, following backslash continuations; a tab counts 8), so a text with at most
 * {@link MAX_INDENT_COLUMNS} distinct such widths is safe and returned unchanged (every real program). Otherwise
 * each run wider than that has its leading characters replaced by form feeds (which reset the scanner's column,
 * as they do CPython's), leaving a run of at most {@link MAX_INDENT_COLUMNS} columns: offsets are unchanged, so
 * positions in the tree still match the original text; the file's structure past that depth is flattened (such
 * a file is not valid Python anyway).
 *
 * Linear in the text's length: a run that continues with a backslash on the next line reuses that line's run,
 * measured first (runs are measured from the last line start back).
 */
export function tameIndentation(text: string): string {
  const n = text.length;
  // the places a run may start: the text's start, and after a reset character when followed by a space, a tab or
  // a backslash (found by a regular expression, native code, rather than by testing every character)
  const starts: number[] = [0];
  LINE_START.lastIndex = 0;
  for (let m = LINE_START.exec(text); m; m = LINE_START.exec(text)) starts.push(m.index + 1);
  const widths = new Int32Array(starts.length);
  const ends = new Int32Array(starts.length);
  for (let q = starts.length - 1; q >= 0; q--) {
    let width = 0;
    let j = starts[q];
    let end = -1;
    for (; j < n; j++) {
      const c = text.charCodeAt(j);
      if (c === 32) width++;
      else if (c === 9) width += 8;
      else if (c === 92) {
        // backslash continuation: the scanner skips `\`, an optional `\r` and `\n` without resetting its count,
        // and goes on measuring the next line's run, which (a line start) was measured already
        let k = j + 1;
        if (text.charCodeAt(k) === 13) k++;
        if (k < n && text.charCodeAt(k) !== 10) break;
        const next = k + 1;
        if (q + 1 < starts.length && starts[q + 1] === next) {
          width += widths[q + 1];
          end = ends[q + 1];
        } else end = Math.min(next, n);
        break;
      } else break;
    }
    widths[q] = width;
    ends[q] = end < 0 ? j : end;
  }
  const seen = new Set<number>();
  const wide: [number, number][] = []; // [start, end) of runs wider than the limit
  let risky = false;
  for (let q = 0; q < starts.length; q++) {
    const width = widths[q];
    if (width <= 0) continue;
    seen.add(width & 0xffff);
    if (width > MAX_INDENT_COLUMNS) wide.push([starts[q], ends[q]]);
    if (seen.size > MAX_INDENT_COLUMNS) risky = true;
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
 * Parses Python text into pyward's {@link SyntaxTree}. The tree is usable even when the text has syntax errors
 * (error recovery). The tree-sitter tree is copied and deleted at once: nothing is left on the WASM heap.
 * Texts of at most {@link NATIVE_MAX_CHARS} UTF-16 units go to the native parser when this thread has it (a
 * failure there, running out of memory, gives undefined with the reason in {@link lastParseFailure}); the rest
 * to the WASM parser, as follows.
 *
 * Never leaves a broken parser behind: if the runtime fails on a text (a trap inside WASM), it is replaced by
 * a fresh instance and the text parsed once more; if that fails too, or the runtime ran out of memory (not
 * tried again), the runtime is replaced again and the result is undefined, with the reason in
 * {@link lastParseFailure}. A runtime whose heap grew past 256 MB is replaced after its parse.
 * @param timeoutMs abandon the parse after this many milliseconds of parser work; returns undefined then
 */
export async function parsePython(text: string, timeoutMs?: number): Promise<Tree | undefined> {
  const runtime = await getRuntime();
  const native = nativeFor(runtime, text);
  return native ? parseNative(native, runtime.grammar, text, timeoutMs) : parsePythonByWasm(text, timeoutMs);
}

/** The native parser when it takes `text` (this thread has it, and the text is not over {@link NATIVE_MAX_CHARS}). */
function nativeFor(runtime: Runtime, text: string): NativeParser | undefined {
  return text.length <= NATIVE_MAX_CHARS ? runtime.native : undefined;
}

/** {@link parsePython} by the native parser (native.ts): the same tree the WASM parser gives, in one call. */
function parseNative(native: NativeParser, grammar: GrammarTables, text: string, timeoutMs: number | undefined): Tree | undefined {
  failure = undefined;
  const source = tameIndentation(text);
  try {
    const arrays = native.parse(source, timeoutMs ?? -1);
    return arrays ? new SyntaxTree(source, grammar, ...arrays) : undefined;
  } catch (err) {
    failure = `the parser failed on this file (${String((err as Error)?.message ?? err).split("\n")[0]})`;
    return undefined;
  }
}

/**
 * Parses `text` with the parser {@link parsePython} would use and keeps nothing: the parse-only baseline of the
 * benchmarks (bench/parse-only.mjs).
 */
export async function parseOnly(text: string): Promise<void> {
  const native = nativeFor(await getRuntime(), text);
  if (native) native.parseOnly(tameIndentation(text));
  else (await parseTreeSitter(text))?.delete();
}

/** As {@link parsePython}, always by the WASM parser (for tests comparing it with the native one). */
export async function parsePythonByWasm(text: string, timeoutMs?: number): Promise<Tree | undefined> {
  return parseWith(text, timeoutMs, (tree, runtime, source) => copyOut(tree, runtime, source, runtime.readMemory));
}

/**
 * As {@link parsePython}, always copying the tree by cursor calls ({@link copyTree}): the fallback used when the
 * memory reader does not match this runtime; for tests comparing the two copies.
 */
export async function parsePythonByCursor(text: string): Promise<Tree | undefined> {
  return parseWith(text, undefined, (tree, runtime, source) => copyOut(tree, runtime, source, false));
}

/** The address of a web-tree-sitter tree in WASM memory (its private slot 0). */
function addressOf(tree: TreeSitterTree): number {
  return (tree as unknown as { 0: number })[0];
}

/** Copies `tree` (parsed from `source`) into pyward's tree, from memory or by cursor, and deletes it. */
function copyOut(tree: TreeSitterTree, runtime: Runtime, source: string, fromMemory: boolean): Tree {
  try {
    return fromMemory ? readTree(runtime.heap, addressOf(tree), source, runtime.grammar) : copyTree(runtime.exports, addressOf(tree), source, runtime.grammar);
  } finally {
    tree.delete();
  }
}

/**
 * Parses Python text into tree-sitter's own tree, which the caller must `.delete()`; otherwise as
 * {@link parsePython}. For measuring the parser alone (bench/parse-only.mjs): the analysis uses {@link parsePython}.
 */
export async function parseTreeSitter(text: string, timeoutMs?: number): Promise<TreeSitterTree | undefined> {
  return parseWith(text, timeoutMs, (tree) => tree);
}

/**
 * WASM heap size (bytes) past which a runtime is replaced after its parse (see {@link parseWith}): far above what
 * ordinary files need (the standard library's largest, 0.7 MB, stays under 64 MB), well under the 2 GB limit.
 */
const RELEASE_HEAP_BYTES = 256 * 1024 * 1024;

/** Parses `text` (indentation tamed) and hands the tree to `use`, under the retry and budget rules of {@link parsePython}. */
async function parseWith<T>(text: string, timeoutMs: number | undefined, use: (tree: TreeSitterTree, runtime: Runtime, source: string) => T): Promise<T | undefined> {
  failure = undefined;
  const source = tameIndentation(text);
  // one budget for both attempts: a retry must not double the time a file may take
  const deadline = timeoutMs === undefined ? undefined : performance.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    const runtime = await getRuntime();
    const { parser } = runtime;
    try {
      let tree: TreeSitterTree | null;
      if (deadline !== undefined) {
        tree = parser.parse(source, null, { progressCallback: () => performance.now() > deadline });
        parser.reset();
      } else tree = parser.parse(source);
      const out = tree ? use(tree, runtime, source) : undefined;
      // WASM memory never shrinks: after a text that made it grow past RELEASE_HEAP_BYTES, the next text gets a
      // fresh runtime and the garbage collector takes this one's memory back (one huge file must not keep a
      // thread's memory at its peak for the rest of the run)
      if (runtime.heap.HEAPU8.length > RELEASE_HEAP_BYTES) discardRuntime();
      return out;
    } catch (err) {
      discardRuntime();
      const message = String((err as Error)?.message ?? err).split("\n")[0];
      // Emscripten's abort() without assertions: in this parser, a failed allocation (its heap stops at 2 GB).
      // Not tried again: no runtime is kept past RELEASE_HEAP_BYTES, so this text had nearly all the memory a
      // fresh one would give it (a trap, by contrast, may come from an earlier text's damage)
      const outOfMemory = message.startsWith("Aborted(");
      if (attempt >= 1 || outOfMemory || (deadline !== undefined && performance.now() > deadline)) {
        failure = outOfMemory
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
 * (ERROR nodes are gathered separately, only when the tree has errors.)
 */
export const SYNTAX_NODE_TYPES: readonly string[] = ["print_statement", "exec_statement"];

/** Node types the grammar accepts that are Python 2 only (a SyntaxError in Python 3). */
const PYTHON2_ONLY: Record<string, string> = {
  print_statement: "Python 2 print statement (print is a function in Python 3)",
  exec_statement: "Python 2 exec statement (exec is a function in Python 3)",
};

/**
 * Lists the syntax problems of a parsed tree: ERROR and MISSING nodes, and Python 2 only statements.
 * `collected` may hand over the {@link SYNTAX_NODE_TYPES} nodes already gathered by the caller's traversal.
 * At most `limit` are returned.
 */
export function syntaxProblems(tree: Tree, limit = 20, collected?: readonly Node[]): SyntaxProblem[] {
  const out: SyntaxProblem[] = [];
  const root = tree.rootNode;
  const nodes = [...(collected ?? root.descendantsOfType(SYNTAX_NODE_TYPES))];
  if (tree.hasError) nodes.push(...root.descendantsOfType("ERROR"));
  const errors: { start: number; end: number; message: string }[] = [];
  for (const node of nodes) {
    if (node.type === "ERROR") {
      const first = node.text.slice(0, 200).trim().split(/\s+/, 1)[0] ?? "";
      errors.push({ start: node.startIndex, end: node.endIndex, message: first ? `invalid syntax near '${first.slice(0, 40)}'` : "invalid syntax" });
    } else if (node.type in PYTHON2_ONLY && isPython2Only(node)) {
      out.push({ offset: node.startIndex, message: PYTHON2_ONLY[node.type] });
    }
  }
  if (tree.hasError) {
    // MISSING nodes are zero-width leaves; the first is kept even when the ERROR nodes reached the limit (it may
    // be the earliest problem)
    for (let i = 0; i < tree.count; i++) {
      if (tree.starts[i] === tree.ends[i] && tree.node(i).isMissing) {
        errors.push({ start: tree.starts[i], end: tree.starts[i], message: `missing '${tree.node(i).type}'` });
        if (errors.length >= limit * 4) break;
      }
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
