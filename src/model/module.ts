/**
 * The per-module semantic model: scopes and bindings, qualified names of calls and attributes, receiver
 * types of well-known constructors, constant values and string composition, call arguments.
 *
 * Lives only during a file's phase (it holds tree-sitter nodes); what leaves the phase is plain data.
 */
import { parsedCleanly, type Node, type Tree } from "../parse/parser.js";
import { CANONICAL_NAMES, RETURN_TYPES } from "./knowledge/return-types.js";
import { canonical, collectBindings } from "./bindings.js";
import { DIVISION_RETURNS_SELF } from "./knowledge/operators.js";
import { BUILTINS, SCOPE_TYPES, type Binding, type Scope } from "./scopes.js";
import { ConstantFolder, MAX_DEPTH, PENDING, pyTruthy, type ConstValue } from "./constants.js";
import { StringShaper, type StringShape } from "./string-shapes.js";
import { callArgs, type CallArgs } from "./call-args.js";

export { pyStr, pyTruthy, type ConstValue } from "./constants.js";
export { HOLE, type StringShape } from "./string-shapes.js";
export { canonical } from "./bindings.js";
export type { CallArgs } from "./call-args.js";

/** A reference resolved by the model: a qualified name, and whether it names an instance of that type. */
export interface ResolvedRef {
  /** Qualified name: `hashlib.md5`, `requests.Session`, `app.views.helper`. */
  name: string;
  /** True when the expression is an instance of `name` (a call result), not `name` itself. */
  instance: boolean;
}

/** Node types the model reads from every file (besides the scope types). */
export const MODEL_NODE_TYPES = [
  "import_statement",
  "import_from_statement",
  "assignment",
  "augmented_assignment",
  "for_statement",
  "for_in_clause",
  "with_item",
  "except_clause",
  "named_expression",
  "case_clause",
  "global_statement",
  "nonlocal_statement",
  ...Object.keys(SCOPE_TYPES),
];

/**
 * The name an attribute node ends with, read from its text (`a.b(c).name` → `name`) when the tree has no error
 * and the name is ASCII; undefined otherwise (then the caller asks for the `attribute` child). Spares a node
 * for each of a file's method calls, whose names the engine reads to dispatch `.method` handlers.
 */
function trailingName(attribute: Node): string | undefined {
  if (!parsedCleanly(attribute)) return undefined;
  const text = attribute.text;
  let i = text.length;
  for (; i > 0; i--) {
    const c = text.charCodeAt(i - 1);
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95)) break;
  }
  // empty, or preceded by a character that may belong to a non-ASCII identifier
  if (i === text.length || (i > 0 && text.charCodeAt(i - 1) >= 128)) return undefined;
  return text.slice(i);
}

/** The top-level module of a dotted name. */
const rootOf = (name: string): string => name.split(".")[0];

/**
 * Top-level packages a qualified name under a given one can turn into: by a re-export ({@link CANONICAL_NAMES})
 * or by what a call returns (`RETURN_TYPES`). See {@link ModuleModel.mayName}.
 */
const ROOT_LINKS: ReadonlyMap<string, readonly string[]> = (() => {
  const links = new Map<string, string[]>();
  for (const table of [CANONICAL_NAMES, RETURN_TYPES]) {
    for (const [from, to] of Object.entries(table)) {
      const a = rootOf(from);
      const b = rootOf(to);
      if (a === b) continue;
      const list = links.get(a) ?? [];
      if (!list.includes(b)) list.push(b);
      links.set(a, list);
    }
  }
  return links;
})();

/**
 * Semantic model of one module.
 *
 * Built from the nodes the engine collected in one pass (`descendantsOfType`), in document order.
 */
export class ModuleModel {
  /** The module scope. */
  readonly module: Scope;
  /** All scopes, sorted by start offset. */
  private readonly scopes: Scope[];
  /** Constant folding (see {@link constant}). */
  private readonly folder: ConstantFolder = new ConstantFolder(this);
  /** String composition (see {@link stringShape}). */
  private readonly shaper: StringShaper = new StringShaper({
    lookup: (name, offset) => this.lookup(name, offset),
    bindingsOf: (name, offset) => this.bindingsOf(name, offset),
    args: (call) => this.args(call),
    constantAt: (node, depth) => this.folder.constantAt(node, depth),
  });
  private readonly refCache = new Map<number, ResolvedRef | undefined | typeof PENDING>();
  private readonly argsCache = new Map<number, CallArgs>();
  /** {@link methodName} answers by node id (null: not a method call). */
  private readonly methodCache = new Map<number, string | null>();
  /** Modules imported with `from m import *`, in document order (see {@link starImports}). */
  private readonly starModules: string[];
  /** {@link usesOf} answers by binding. */
  private readonly usesCache = new Map<Binding, Node[]>();
  /** The text the tree was parsed from (read once, on demand). */
  private sourceText: string | undefined;
  /** Top-level modules of the qualified names this file can resolve (see {@link mayName}), made on first use. */
  private nameRoots: Set<string> | undefined;

  /**
   * @param moduleName the module's dotted name (`pkg.sub.mod`), from its path
   * @param tree the parsed tree (not owned: the engine deletes it)
   * @param nodes the nodes of {@link MODEL_NODE_TYPES}, in document order
   */
  constructor(
    readonly moduleName: string,
    readonly tree: Tree,
    nodes: Node[],
  ) {
    const bindings = collectBindings(moduleName, tree, nodes);
    this.module = bindings.module;
    this.scopes = bindings.scopes;
    this.starModules = bindings.starModules;
    if (bindings.sawAssignment) INNER_LINKS.set(tree, bindings.innerLinks);
  }

  // ---------------------------------------------------------------- scopes and bindings

  /** The innermost scope containing `offset`. */
  scopeAt(offset: number): Scope {
    let best = this.module;
    let lo = 0;
    let hi = this.scopes.length - 1;
    // scopes are sorted by start: find the last one starting at or before offset, then climb to one containing it
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.scopes[mid].start <= offset) lo = mid;
      else hi = mid - 1;
    }
    for (let s: Scope | undefined = this.scopes[lo]; s; s = s.parent) {
      if (s.start <= offset && offset < s.end) {
        best = s;
        break;
      }
    }
    return best;
  }

  /** The innermost function (or lambda) enclosing `node`, or undefined at module or class level. */
  enclosingFunction(node: Node): Scope | undefined {
    for (let s: Scope | undefined = this.scopeAt(node.startIndex); s; s = s.parent) {
      if (s.kind === "function" || s.kind === "lambda") return s;
    }
    return undefined;
  }

  /** `Outer.method` style path of the innermost named function or class around `node` ("" at module level). */
  enclosingPath(node: Node): string {
    for (let s: Scope | undefined = this.scopeAt(node.startIndex); s; s = s.parent) {
      if (s.kind === "function" || s.kind === "class") return s.path;
    }
    return "";
  }


  /**
   * Finds the binding a name refers to at `offset`, following Python's scoping: the local scope if the
   * name is bound there, else the enclosing function scopes, the module, the builtins (undefined).
   */
  lookup(name: string, offset: number): Binding | undefined {
    let scope: Scope | undefined = this.scopeAt(offset);
    let first = true;
    while (scope) {
      if (!first && scope.kind === "class") {
        scope = scope.parent;
        continue;
      }
      if (scope.globals.has(name)) scope = this.module;
      const list = scope.bindings.get(name);
      if (list && list.length) {
        if (first || scope === this.module) {
          // last binding before the use, else (loop-carried or later definition) the last one
          let pick: Binding | undefined;
          for (const b of list) if (b.offset < offset) pick = b;
          if (first || pick) return pick ?? list[list.length - 1];
          return list[list.length - 1];
        }
        return list[list.length - 1];
      }
      first = false;
      scope = scope.parent;
    }
    return undefined;
  }

  /** All bindings of `name` in the scope that `offset`'s lookup lands in (for "is every binding constant?"). */
  bindingsOf(name: string, offset: number): Binding[] {
    const b = this.lookup(name, offset);
    if (!b) return [];
    for (let s: Scope | undefined = this.scopeAt(b.offset); s; s = s.parent) {
      const list = s.bindings.get(name);
      if (list?.includes(b)) return list;
    }
    return [b];
  }

  /**
   * Modules this file imports with `from m import *` (absolute dotted names, document order). Star imports
   * bind names the model cannot see: with one of them, {@link resolve} reads an unbound public name through it
   * (`system` after `from os import *` → `os.system`); with several it leaves such a name unresolved, and a rule
   * that knows what a library exports may use this list to resolve a name it looks for (`CommunityData` after
   * `from pysnmp.hlapi import *`).
   */
  starImports(): readonly string[] {
    return this.starModules;
  }

  /** Top-level names of every module this file imports (`import a.b` and `from a.b import c` → `a`), sorted. */
  importedModules(): string[] {
    const out = new Set<string>();
    for (const scope of this.scopes) {
      for (const list of scope.bindings.values()) {
        for (const b of list) if (b.kind === "import" && b.qualifiedName) out.add(rootOf(b.qualifiedName));
      }
    }
    for (const m of this.starModules) out.add(rootOf(m)); // `from m import *` binds no name of its own
    out.delete("");
    if (this.moduleName) out.delete(rootOf(this.moduleName));
    return [...out].sort();
  }

  /**
   * True when a qualified name under one of the top-level modules `roots` can arise in this file, as far as
   * {@link resolveRef} makes them: through an import of a module under one of them (any scope, `from m import *`
   * too), as a definition of this module itself (its own top-level package), as a builtin (`builtins`), or
   * through a re-export or return type that leads there from one of those ({@link CANONICAL_NAMES},
   * `RETURN_TYPES`: `jinja2.Markup` is `markupsafe.Markup`). A rule whose every finding concerns names under
   * some modules asks it first and gives a file that can name none of them no handlers.
   * @param roots top-level module names (`ssl`, `Crypto`), no dots
   */
  mayName(roots: readonly string[]): boolean {
    if (!this.nameRoots) {
      const found = new Set<string>(["builtins", rootOf(this.moduleName), ...this.importedModules()]);
      // follow re-exports and return types into other packages, to a fixed point
      const queue = [...found];
      for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
        for (const to of ROOT_LINKS.get(next) ?? []) {
          if (!found.has(to)) {
            found.add(to);
            queue.push(to);
          }
        }
      }
      this.nameRoots = found;
    }
    return roots.some((r) => this.nameRoots!.has(r));
  }

  /**
   * The identifiers that read binding `b`: every identifier named like it, inside the scope the binding lives
   * in, that {@link lookup} resolves to `b` (the binding's own target excluded), in document order.
   * Computed on demand from the name's occurrences in the text of that scope, so rules never need an
   * `identifier` handler.
   */
  usesOf(b: Binding): Node[] {
    let owner: Scope = this.module;
    for (let s: Scope | undefined = this.scopeAt(b.offset); s; s = s.parent) {
      if (s.bindings.get(b.name)?.includes(b)) {
        owner = s;
        break;
      }
    }
    const cached = this.usesCache.get(b);
    if (cached) return [...cached];
    const root = owner.node ?? this.tree.rootNode;
    const out: Node[] = [];
    // Find the name's occurrences in the text and ask the tree for the identifier at each one, rather than
    // materialising every identifier of the scope: the same identifiers, in document order, at a fraction of
    // the cost (a module-level binding's scope is the whole file).
    const text = (this.sourceText ??= this.tree.rootNode.text);
    const name = b.name;
    const end = root.endIndex;
    for (let i = text.indexOf(name, root.startIndex); i >= 0 && i + name.length <= end; i = text.indexOf(name, i + 1)) {
      if (i === b.offset || isAsciiNameChar(text.charCodeAt(i - 1)) || isAsciiNameChar(text.charCodeAt(i + name.length))) continue;
      const id = root.descendantForIndex(i, i + name.length);
      if (!id || id.type !== "identifier" || id.startIndex !== i || id.endIndex !== i + name.length) continue;
      const parent = id.parent;
      // `x.name` and `f(name=…)` mention the text, not the variable
      if (parent?.type === "attribute" && parent.childForFieldName("attribute")?.id === id.id) continue;
      if (parent?.type === "keyword_argument" && parent.childForFieldName("name")?.id === id.id) continue;
      if (this.lookup(b.name, id.startIndex) === b) out.push(id);
    }
    this.usesCache.set(b, out);
    return [...out];
  }

  // ---------------------------------------------------------------- qualified names

  /**
   * The qualified name an expression refers to: `h.md5` after `import hashlib as h` → `hashlib.md5`;
   * `s.get` after `s = requests.Session()` → `requests.Session.get`; `eval` → `builtins.eval`.
   * Undefined for values of unknown origin, and for instances (use {@link typeOf}).
   */
  resolve(node: Node | null | undefined): string | undefined {
    if (!node) return undefined;
    const r = this.resolveRef(node, 0);
    return r && !r.instance ? r.name : undefined;
  }

  /** The qualified name of the callee of a `call` node (see {@link resolve}). */
  callee(call: Node): string | undefined {
    return this.resolve(call.childForFieldName("function"));
  }

  /** The type of an instance expression (`requests.Session()` or a name bound to one), else undefined. */
  typeOf(node: Node | null | undefined): string | undefined {
    if (!node) return undefined;
    const r = this.resolveRef(node, 0);
    return r?.instance ? r.name : undefined;
  }

  /**
   * The method name of a call `x.name(...)`, whatever `x` is; undefined for a plain function call.
   * Memoised per node id: the engine asks it of every call (to dispatch `.method` handlers), and rules ask again.
   */
  methodName(call: Node): string | undefined {
    const hit = this.methodCache.get(call.id);
    if (hit !== undefined) return hit ?? undefined;
    const fn = call.childForFieldName("function");
    const name = fn?.type === "attribute" ? (trailingName(fn) ?? fn.childForFieldName("attribute")?.text) : undefined;
    this.methodCache.set(call.id, name ?? null);
    return name;
  }

  /** Resolves a reference, memoised per node id. */
  resolveRef(node: Node, depth: number): ResolvedRef | undefined {
    const cached = this.refCache.get(node.id);
    if (cached === PENDING) return undefined;
    if (cached !== undefined || this.refCache.has(node.id)) return cached as ResolvedRef | undefined;
    if (depth > MAX_DEPTH) return undefined;
    this.refCache.set(node.id, PENDING);
    const result = this.computeRef(node, depth);
    this.refCache.set(node.id, result);
    return result;
  }

  private computeRef(node: Node, depth: number): ResolvedRef | undefined {
    switch (node.type) {
      case "identifier": {
        const name = node.text;
        const b = this.lookup(name, node.startIndex);
        if (b) return this.bindingRef(b, depth);
        if (BUILTINS.has(name)) return { name: `builtins.${name}`, instance: false };
        // a file with one `from m import *` takes every unbound public name from m (or fails on it): `system`
        // after `from os import *` is `os.system`. With several, which one defines the name is not known here.
        if (this.starModules.length === 1 && name.charCodeAt(0) !== 95 /* _ */) return { name: canonical(`${this.starModules[0]}.${name}`), instance: false };
        return undefined;
      }
      case "attribute": {
        const obj = node.childForFieldName("object");
        const attr = node.childForFieldName("attribute")?.text;
        if (!obj || !attr) return undefined;
        const base = this.resolveRef(obj, depth + 1);
        if (!base) return undefined;
        return { name: canonical(`${base.name}.${attr}`), instance: false };
      }
      case "call": {
        const fnNode = node.childForFieldName("function");
        const fn = fnNode ? this.resolveRef(fnNode, depth + 1) : undefined;
        if (!fn || fn.instance) return undefined;
        return { name: RETURN_TYPES[fn.name] ?? fn.name, instance: true };
      }
      case "parenthesized_expression":
        return node.namedChildren[0] ? this.resolveRef(node.namedChildren[0], depth + 1) : undefined;
      case "await":
        return node.namedChildren[0] ? this.resolveRef(node.namedChildren[0], depth + 1) : undefined;
      case "binary_operator": {
        // `Path(base) / "name"`: types listed in DIVISION_RETURNS_SELF yield an instance of the same type
        if (node.childForFieldName("operator")?.type !== "/") return undefined;
        const left = node.childForFieldName("left");
        const l = left ? this.resolveRef(left, depth + 1) : undefined;
        return l?.instance && DIVISION_RETURNS_SELF.has(l.name) ? l : undefined;
      }
      default:
        return undefined;
    }
  }

  private bindingRef(b: Binding, depth: number): ResolvedRef | undefined {
    switch (b.kind) {
      case "import":
        return b.qualifiedName ? { name: b.qualifiedName, instance: false } : undefined;
      case "def":
      case "class":
        return b.qualifiedName ? { name: b.qualifiedName, instance: false } : undefined;
      case "assign":
        // `try: import ssl` / `except ImportError: ssl = None`: the None fallback does not hide the module
        if (b.value?.type === "none") {
          const imported = this.bindingsOf(b.name, b.offset).find((x) => x.kind === "import");
          if (imported) return this.bindingRef(imported, depth + 1);
        }
        return b.value ? this.resolveRef(b.value, depth + 1) : undefined;
      case "with":
      case "walrus":
        return b.value ? this.resolveRef(b.value, depth + 1) : undefined;
      case "param": {
        if (!b.annotation) return undefined;
        const t = this.resolveRef(b.annotation.type === "type" ? (b.annotation.namedChildren[0] ?? b.annotation) : b.annotation, depth + 1);
        return t && !t.instance ? { name: t.name, instance: true } : undefined;
      }
      default:
        return undefined;
    }
  }

  // ---------------------------------------------------------------- constants

  /**
   * The constant value of an expression, when every part of it is constant: literals, names bound only to
   * constants, `+ - * / // % **`, `%`/`.format`/f-string/`join` composition of constants, tuples and lists,
   * comparisons, `and`/`or`/`not`, and conditional expressions with a constant test.
   * Undefined when any part varies.
   */
  constant(node: Node | null | undefined): ConstValue | undefined {
    if (!node) return undefined;
    return this.folder.constantAt(node, 0);
  }

  /** True when the expression's value is a compile-time constant (see {@link constant}). */
  isConstant(node: Node | null | undefined): boolean {
    return this.constant(node) !== undefined;
  }

  /** Python truthiness of a constant expression: true, false, or undefined when not constant. */
  truthy(node: Node | null | undefined): boolean | undefined {
    const v = this.constant(node);
    return v === undefined ? undefined : pyTruthy(v);
  }

  /** True when `node` is a constant whose Python truthiness is false (`False`, `0`, `None`, `""`). */
  isFalse(node: Node | null | undefined): boolean {
    return this.truthy(node) === false;
  }

  /** Mutating methods of lists (and sets/dicts) that change a container in place. */
  private static readonly MUTATORS = new Set(["append", "extend", "insert", "add", "update", "setdefault", "__setitem__", "__iadd__"]);

  /**
   * True when a container bound by `b` is changed in place anywhere it is read: a mutating method call
   * (`x.append(v)`), an item or slice assignment (`x[i] = v`), or an augmented assignment (`x += [v]`).
   */
  isMutated(b: Binding): boolean {
    for (const use of this.usesOf(b)) {
      const parent = use.parent;
      if (!parent) continue;
      if (parent.type === "attribute" && parent.childForFieldName("object")?.id === use.id) {
        const name = parent.childForFieldName("attribute")?.text ?? "";
        if (ModuleModel.MUTATORS.has(name) && parent.parent?.type === "call") return true;
      }
      if (parent.type === "subscript" && parent.childForFieldName("value")?.id === use.id) {
        const holder = parent.parent;
        if ((holder?.type === "assignment" || holder?.type === "augmented_assignment") && holder.childForFieldName("left")?.id === parent.id) return true;
      }
      if (parent.type === "augmented_assignment" && parent.childForFieldName("left")?.id === use.id) return true;
    }
    return false;
  }

  // ---------------------------------------------------------------- string composition

  /**
   * The shape of a string-valued expression: its known text with {@link HOLE} for each varying part.
   * Follows literals, implicit concatenation, `+`, `%`, `.format`, f-strings, `str.join`, and names bound
   * once to such expressions. Undefined when the expression is not recognisably a string.
   */
  stringShape(node: Node | null | undefined): StringShape | undefined {
    if (!node) return undefined;
    return this.shaper.shapeAt(node, 0, new Set());
  }

  // ---------------------------------------------------------------- call arguments

  /**
   * Splits a call's arguments into positional and keyword ones. Memoised per call node: the result is shared
   * by every caller and must not be changed (its `positional` array is frozen).
   */
  args(call: Node): CallArgs {
    let out = this.argsCache.get(call.id);
    if (!out) {
      out = callArgs(call);
      Object.freeze(out.positional);
      this.argsCache.set(call.id, out);
    }
    return out;
  }

  /**
   * One argument of a call, by position or keyword: `arg(call, 0, "args")` finds the command of
   * `Popen("ls")` and of `Popen(args="ls")`. Undefined when absent or hidden behind `*args`.
   * @param index 0-based position, or undefined for keyword-only parameters
   */
  arg(call: Node, index: number | undefined, keyword?: string): Node | undefined {
    const a = this.args(call);
    if (keyword && a.keywords.has(keyword)) return a.keywords.get(keyword);
    if (index === undefined) return undefined;
    if (a.starAt >= 0 && index >= a.starAt) return undefined;
    return a.positional[index];
  }

  /** Source text of a node. */
  text(node: Node): string {
    return node.text;
  }
}

/** True for the code unit of an ASCII letter, digit or underscore (a name cannot begin or end next to one). */
function isAsciiNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** Inner links of assignment chains by tree, recorded by the model built from the tree's assignment nodes. */
const INNER_LINKS = new WeakMap<Tree, ReadonlySet<number>>();

/**
 * Ids of the `assignment` nodes of `tree` that are inner links of a chain (`b = v` in `a = b = v`, whose
 * parent is an assignment), when a model was built from the tree's assignment nodes; else undefined.
 * Lets callers tell an inner link without looking at `node.parent`.
 */
export function innerAssignmentLinks(tree: Tree): ReadonlySet<number> | undefined {
  return INNER_LINKS.get(tree);
}
