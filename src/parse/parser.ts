/**
 * text → tree-sitter tree, using web-tree-sitter and the grammar WASM shipped in `tree-sitter-python`.
 *
 * Every `Tree` and `TreeCursor` handed out must be `.delete()`d by the caller: they live on the WASM heap,
 * which the garbage collector does not see.
 */
import { createRequire } from "node:module";
import { Language, Parser, type Node, type Tree } from "web-tree-sitter";

export type { Node, Tree } from "web-tree-sitter";

let ready: Promise<Parser> | undefined;

/**
 * Loads the tree-sitter runtime and the Python grammar once per thread.
 * @throws Error when the grammar WASM cannot be found or loaded (a broken install)
 */
export function getParser(): Promise<Parser> {
  ready ??= (async () => {
    await Parser.init();
    const require = createRequire(import.meta.url);
    const wasm = require.resolve("tree-sitter-python/tree-sitter-python.wasm");
    const language = await Language.load(wasm);
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return ready;
}

/**
 * Parses Python text. The tree is usable even when the text has syntax errors (error recovery).
 * @param timeoutMs abandon the parse after this many milliseconds of parser work; returns undefined then
 */
export async function parsePython(text: string, timeoutMs?: number): Promise<Tree | undefined> {
  const parser = await getParser();
  if (timeoutMs !== undefined) {
    const deadline = performance.now() + timeoutMs;
    const tree = parser.parse(text, null, { progressCallback: () => performance.now() > deadline });
    parser.reset();
    return tree ?? undefined;
  }
  return parser.parse(text) ?? undefined;
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
