/**
 * pyward's syntax tree: a tree-sitter tree copied, in one walk, into flat typed arrays, after which the
 * tree-sitter tree is deleted from the WASM heap. (The native parser, `native.ts`, does the same walk in C
 * beside its own tree and hands over the arrays: see native/pyward_parser.c.)
 *
 * Why: web-tree-sitter answers every question about a node (its type, end, parent, a child by field) by a call
 * into WASM, and creates a fresh JS object (with a position object of its own) for every node-valued answer.
 * The engine, the model, dozens of rules and the taint analysis ask such questions millions of times in a scan;
 * measured, the crossings, the objects and their garbage collection cost more than the parse. The copy reads the
 * subtrees straight from WASM memory (`tree-memory.ts`: ≈ 50–80 ns per node on the standard library, under a
 * tenth of the parse), or, when that reader does not match the runtime, walks a tree cursor (`tree-cursor.ts`:
 * six to seven calls into WASM per node, ≈ 170 ns); either way no object is made per node, and every later
 * question is an array read.
 *
 * Nodes are numbered in document order (pre-order: a node before its children, children left to right), so a
 * node's descendants are the numbers from its own + 1 up to {@link SyntaxTree.afters}: a subtree is a range.
 * Only visible nodes are kept (named and anonymous ones, as web-tree-sitter's `Node.children` lists them);
 * hidden grammar rules are flattened away, as tree-sitter's own node API does.
 *
 * {@link SyntaxNode} answers the part of web-tree-sitter's `Node` interface pyward uses, with the same results
 * (checked node by node against tree-sitter by tests/parse/syntax-tree.test.ts and `scripts/syntax-tree-diff.mjs`)
 * but for three cases where tree-sitter's answer is the odd one: `hasError` is true for every ERROR node
 * (tree-sitter says false for an ERROR leaf of zero error cost, an unexpected character); `childForFieldName`
 * answers only children (tree-sitter can answer a grandchild when an alias made a hidden rule visible: a
 * `match_statement`'s `alternative` is a child of its `block`); and on an ERROR node it answers as
 * `childrenForFieldName` does (tree-sitter's child by field answers null there, its children by field do not).
 * A node's `hasError` counts MISSING tokens of hidden rules (a missing newline) as tree-sitter does; under the
 * cursor fallback only the tree's own flag does (the cursor does not visit hidden tokens).
 */

/** A grammar's tables, read once per runtime (see `parser.ts`). */
export interface GrammarTables {
  /** Type name by type number (tree-sitter's public symbol id; ERROR is mapped to the last number). */
  readonly typeNames: readonly string[];
  /** 1 where the type is named (`Node.isNamed`), by type number. */
  readonly named: Uint8Array;
  /** Field id by field name (tree-sitter field ids, from 1). */
  readonly fieldIds: ReadonlyMap<string, number>;
  /** Type number of ERROR nodes (tree-sitter symbol 65535). */
  readonly errorType: number;
  /** Type masks by the type list they stand for (joined with `\0`), built on first use. */
  readonly masks: Map<string, Uint8Array>;
}

/** Flag bit of {@link SyntaxTree.flags}: the node is named. */
export const NAMED = 1;
/** Flag bit: the node is a MISSING placeholder. */
export const MISSING = 2;
/** Flag bit: the node is an ERROR node or has one (or a MISSING node, hidden ones included) among its descendants. */
export const HAS_ERROR = 4;

/**
 * One parsed file: its text and every visible node, as parallel arrays indexed by node number (0 is the root).
 * Immutable once built.
 */
export class SyntaxTree {
  /** Number of nodes. */
  readonly count: number;
  /** Whether the tree has an ERROR or MISSING node anywhere (tree-sitter's `rootNode.hasError`). */
  readonly hasError: boolean;

  /**
   * @param text the text that was parsed (offsets index into it, in UTF-16 code units)
   * @param grammar the grammar's tables
   * @param types type number of each node
   * @param starts, ends the node's UTF-16 range [start, end)
   * @param fields field id under which the node's parent holds it (0: none)
   * @param parents parent's number (-1 for the root)
   * @param afters the number after the node's last descendant
   * @param flags bits: named, missing, has error
   */
  constructor(
    readonly text: string,
    readonly grammar: GrammarTables,
    readonly types: Uint16Array,
    readonly starts: Int32Array,
    readonly ends: Int32Array,
    readonly fields: Uint16Array,
    readonly parents: Int32Array,
    readonly afters: Int32Array,
    readonly flags: Uint8Array,
  ) {
    this.count = types.length;
    this.hasError = this.count > 0 && (flags[0] & HAS_ERROR) !== 0;
  }

  /** The root (a `module` node). */
  get rootNode(): SyntaxNode {
    return this.node(0);
  }

  /**
   * A view of the node numbered `i`: a fresh object at each call (compare nodes with {@link SyntaxNode.equals} or
   * by `id`, never with `===`). Measured, keeping one object per node for the file's life cost more in garbage
   * collection (≈ 3.4M views on the standard library, every one surviving the young generation) than making them
   * again: ≈ 6% of a run's CPU.
   */
  node(i: number): SyntaxNode {
    return new SyntaxNode(this, i);
  }

  /** A mask over type numbers: 1 for each type named in `names` ("ERROR" included). */
  typeMask(names: string | readonly string[]): Uint8Array {
    const list = typeof names === "string" ? [names] : names;
    const key = list.join("\0");
    let mask = this.grammar.masks.get(key);
    if (!mask) {
      mask = new Uint8Array(this.grammar.typeNames.length);
      const wanted = new Set(list);
      this.grammar.typeNames.forEach((name, i) => {
        if (wanted.has(name)) mask![i] = 1;
      });
      this.grammar.masks.set(key, mask);
    }
    return mask;
  }
}

/**
 * A node of a {@link SyntaxTree}: a view holding only its tree and number. The members mirror web-tree-sitter's
 * `Node` (same names, same answers), so code written against that interface reads this one.
 */
export class SyntaxNode {
  constructor(
    readonly tree: SyntaxTree,
    /** The node's number in its tree: unique within the tree (web-tree-sitter's `id` plays this part). */
    readonly id: number,
  ) {}

  /** Whether `other` is this node (the same number in the same tree): views are not unique, so compare with this. */
  equals(other: SyntaxNode | null | undefined): boolean {
    return !!other && other.id === this.id && other.tree === this.tree;
  }

  /** Type number (see {@link GrammarTables.typeNames}). */
  get typeId(): number {
    return this.tree.types[this.id];
  }

  /** Grammar type name (`call`, `identifier`, `(`, `ERROR`…). */
  get type(): string {
    return this.tree.grammar.typeNames[this.tree.types[this.id]];
  }

  /** Start, in UTF-16 code units from the start of the text. */
  get startIndex(): number {
    return this.tree.starts[this.id];
  }

  /** End (exclusive), in UTF-16 code units. */
  get endIndex(): number {
    return this.tree.ends[this.id];
  }

  /** The node's source text. */
  get text(): string {
    return this.tree.text.slice(this.tree.starts[this.id], this.tree.ends[this.id]);
  }

  /** Named node (a grammar rule) rather than anonymous (a literal token such as `(` or `if`). */
  get isNamed(): boolean {
    return (this.tree.flags[this.id] & NAMED) !== 0;
  }

  /** A zero-width placeholder the parser inserted for a missing token. */
  get isMissing(): boolean {
    return (this.tree.flags[this.id] & MISSING) !== 0;
  }

  /** An ERROR node. */
  get isError(): boolean {
    return this.tree.types[this.id] === this.tree.grammar.errorType;
  }

  /** The node is, or contains, an ERROR or MISSING node (a hidden rule's MISSING token included). */
  get hasError(): boolean {
    return (this.tree.flags[this.id] & HAS_ERROR) !== 0;
  }

  /** The parent, or null for the root. */
  get parent(): SyntaxNode | null {
    const p = this.tree.parents[this.id];
    return p < 0 ? null : this.tree.node(p);
  }

  /** All children (named and anonymous), in order. A fresh array. */
  get children(): SyntaxNode[] {
    const { tree } = this;
    const out: SyntaxNode[] = [];
    const end = tree.afters[this.id];
    for (let j = this.id + 1; j < end; j = tree.afters[j]) out.push(tree.node(j));
    return out;
  }

  /** Named children, in order. A fresh array. */
  get namedChildren(): SyntaxNode[] {
    const { tree } = this;
    const out: SyntaxNode[] = [];
    const end = tree.afters[this.id];
    const flags = tree.flags;
    for (let j = this.id + 1; j < end; j = tree.afters[j]) if (flags[j] & NAMED) out.push(tree.node(j));
    return out;
  }

  /** Number of children. */
  get childCount(): number {
    const { tree } = this;
    let n = 0;
    const end = tree.afters[this.id];
    for (let j = this.id + 1; j < end; j = tree.afters[j]) n++;
    return n;
  }

  /** The `index`th child (from 0), or null. */
  child(index: number): SyntaxNode | null {
    const { tree } = this;
    const end = tree.afters[this.id];
    let k = 0;
    for (let j = this.id + 1; j < end; j = tree.afters[j], k++) if (k === index) return tree.node(j);
    return null;
  }

  /** The first child, or null for a leaf. */
  get firstChild(): SyntaxNode | null {
    return this.id + 1 < this.tree.afters[this.id] ? this.tree.node(this.id + 1) : null;
  }

  /** The last child, or null for a leaf. */
  get lastChild(): SyntaxNode | null {
    const { tree } = this;
    const end = tree.afters[this.id];
    let last = -1;
    for (let j = this.id + 1; j < end; j = tree.afters[j]) last = j;
    return last < 0 ? null : tree.node(last);
  }

  /**
   * The first child the grammar holds under field `name` (`function`, `arguments`, `left`…), or null. Fields of
   * hidden grammar rules are their visible parent's, as in tree-sitter.
   */
  childForFieldName(name: string): SyntaxNode | null {
    const field = this.tree.grammar.fieldIds.get(name);
    if (field === undefined) return null;
    const { tree } = this;
    const end = tree.afters[this.id];
    const fields = tree.fields;
    for (let j = this.id + 1; j < end; j = tree.afters[j]) if (fields[j] === field) return tree.node(j);
    return null;
  }

  /** Every child held under field `name`, in order. A fresh array. */
  childrenForFieldName(name: string): SyntaxNode[] {
    const field = this.tree.grammar.fieldIds.get(name);
    const out: SyntaxNode[] = [];
    if (field === undefined) return out;
    const { tree } = this;
    const end = tree.afters[this.id];
    const fields = tree.fields;
    for (let j = this.id + 1; j < end; j = tree.afters[j]) if (fields[j] === field) out.push(tree.node(j));
    return out;
  }

  /**
   * Nodes of the given types in this subtree, this node included, in document order. As tree-sitter's
   * `descendantsOfType` without a range, a node ending at offset 0 (zero width at the very start) is passed over.
   */
  descendantsOfType(types: string | readonly string[]): SyntaxNode[] {
    const { tree } = this;
    const mask = tree.typeMask(types);
    const end = tree.afters[this.id];
    const t = tree.types;
    const ends = tree.ends;
    // counted first, so the list is made at its size (a list grown by pushes leaves its outgrown copies as garbage)
    let count = 0;
    for (let j = this.id; j < end; j++) if (mask[t[j]] && ends[j] > 0) count++;
    const out = new Array<SyntaxNode>(count);
    for (let j = this.id, k = 0; k < count; j++) if (mask[t[j]] && ends[j] > 0) out[k++] = tree.node(j);
    return out;
  }

  /**
   * The smallest node (named or not) in this subtree that spans [start, end), as tree-sitter's
   * `descendantForIndex`: descend into the first child that reaches `end` and passes `start` (or, when empty,
   * touches it) and starts at or before `start`.
   */
  descendantForIndex(start: number, end = start): SyntaxNode {
    const { tree } = this;
    const { starts, ends, afters } = tree;
    let node = this.id;
    for (let descended = true; descended; ) {
      descended = false;
      const stop = afters[node];
      for (let j = node + 1; j < stop; j = afters[j]) {
        const childEnd = ends[j];
        if (childEnd < end) continue;
        if (starts[j] === childEnd ? childEnd < start : childEnd <= start) continue;
        if (start < starts[j]) break;
        node = j;
        descended = true;
        break;
      }
    }
    return tree.node(node);
  }
}
