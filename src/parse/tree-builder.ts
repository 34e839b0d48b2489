/**
 * Where a copy of a tree-sitter tree writes its nodes, in document order, before they become a
 * {@link SyntaxTree}: one set of growable arrays per thread, shared by both copies (`tree-memory.ts` reading WASM
 * memory, `tree-cursor.ts` walking a cursor). A tree's own arrays are exact-size copies made by {@link finish}.
 */
import { HAS_ERROR, MISSING, SyntaxTree, type GrammarTables } from "./syntax-tree.js";

/** Most nodes whose arrays a thread keeps between trees (≈ 20 bytes each); a larger file's are dropped after it. */
export const SCRATCH_KEPT = 1 << 20;

/** A copy of the typed array `a` with room for `size` elements, keeping its first `keep` (default: all that fit). */
export function widened<T extends Uint8Array | Uint16Array | Int32Array>(a: T, size: number, keep = Math.min(a.length, size)): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a.subarray(0, keep));
  return b;
}

/** Nodes the arrays start with. */
const START_SIZE = 1 << 16;

/** The nodes of one copy in progress (see the module comment). Not reentrant: one copy at a time per thread. */
export class TreeBuilder {
  /** Nodes written so far; the next node's number. */
  count = 0;
  private size = START_SIZE;
  private types = new Uint16Array(START_SIZE);
  private starts = new Int32Array(START_SIZE);
  private ends = new Int32Array(START_SIZE);
  private fields = new Uint16Array(START_SIZE);
  private parents = new Int32Array(START_SIZE);
  private afters = new Int32Array(START_SIZE);
  private flags = new Uint8Array(START_SIZE);
  private grammar!: GrammarTables;

  /** Starts a copy of a tree of `grammar`. */
  begin(grammar: GrammarTables): void {
    this.grammar = grammar;
    this.count = 0;
  }

  /**
   * Writes the next node and returns its number: type number (ERROR already mapped, see
   * {@link GrammarTables.errorType}), UTF-16 range, field id (0: none), parent's number (-1 for the root), and
   * whether it is a MISSING placeholder. Its end of subtree is set by {@link close}.
   */
  add(type: number, start: number, end: number, field: number, parent: number, missing: boolean): number {
    const n = this.count;
    if (n === this.size) this.grow();
    this.types[n] = type;
    this.starts[n] = start;
    this.ends[n] = end;
    this.fields[n] = field;
    this.parents[n] = parent;
    this.flags[n] = this.grammar.named[type] | (type === this.grammar.errorType ? HAS_ERROR : 0) | (missing ? MISSING | HAS_ERROR : 0);
    this.count = n + 1;
    return n;
  }

  /** Node `i`'s subtree ends here: its descendants are the nodes written since it. */
  close(i: number): void {
    this.afters[i] = this.count;
  }

  /** Node `i` holds an error the copy saw without writing a node for it (a hidden MISSING token). */
  markError(i: number): void {
    this.flags[i] |= HAS_ERROR;
  }

  /**
   * The tree of the nodes written, over `text`: errors are carried up to every ancestor, and the arrays copied at
   * their size. A huge file's scratch is not kept for the thread's life.
   */
  finish(text: string): SyntaxTree {
    const n = this.count;
    const { flags, parents } = this;
    // children come after their parent: one backward pass reaches every ancestor
    for (let i = n - 1; i > 0; i--) if (flags[i] & HAS_ERROR) flags[parents[i]] |= HAS_ERROR;
    const tree = new SyntaxTree(
      text,
      this.grammar,
      this.types.slice(0, n),
      this.starts.slice(0, n),
      this.ends.slice(0, n),
      this.fields.slice(0, n),
      parents.slice(0, n),
      this.afters.slice(0, n),
      flags.slice(0, n),
    );
    if (this.size > SCRATCH_KEPT) this.resize(START_SIZE, 0);
    return tree;
  }

  private grow(): void {
    this.resize(this.size * 2, this.count);
  }

  /** New arrays of `size` nodes, keeping the first `keep`. */
  private resize(size: number, keep: number): void {
    const widen = <T extends Uint8Array | Uint16Array | Int32Array>(a: T): T => widened(a, size, keep);
    this.size = size;
    this.types = widen(this.types);
    this.starts = widen(this.starts);
    this.ends = widen(this.ends);
    this.fields = widen(this.fields);
    this.parents = widen(this.parents);
    this.afters = widen(this.afters);
    this.flags = widen(this.flags);
  }
}

/** This thread's builder. */
export const builder = new TreeBuilder();
