/**
 * The per-module semantic model: scopes and bindings, qualified names of calls and attributes, receiver
 * types of well-known constructors, constant values and string composition, call arguments.
 *
 * Lives only during a file's phase (it holds tree-sitter nodes); what leaves the phase is plain data.
 */
import type { Node, Tree } from "../parse/parser.js";
import { CANONICAL_NAMES, RETURN_TYPES } from "./knowledge/return-types.js";
import { DIVISION_RETURNS_SELF } from "./knowledge/operators.js";
import { addBinding, BUILTINS, newScope, SCOPE_TYPES, type Binding, type Scope } from "./scopes.js";
import { stringPieces, stringPrefix } from "./strings.js";

/** A constant Python value: str/bytes → string, int/float → number, bool, None → null, tuple/list → array. */
export type ConstValue = string | number | boolean | null | ConstValue[];

/** A reference resolved by the model: a qualified name, and whether it names an instance of that type. */
export interface ResolvedRef {
  /** Qualified name: `hashlib.md5`, `requests.Session`, `app.views.helper`. */
  name: string;
  /** True when the expression is an instance of `name` (a call result), not `name` itself. */
  instance: boolean;
}

/** The arguments of a call, split the way Python binds them. */
export interface CallArgs {
  positional: Node[];
  /** Keyword arguments by name, also those spelled out by a `**{"name": value}` dict literal (the value node is then the pair's value). */
  keywords: Map<string, Node>;
  /** A `*args` occurs; positions at or after `starAt` are unknown. */
  starAt: number;
  /** A `**kwargs` occurs: any keyword may be present. */
  hasDoubleStar: boolean;
}

/** The string a composition builds: known text with `HOLE` where a value varies. */
export interface StringShape {
  text: string;
  /** Number of parts whose value is not constant. */
  holes: number;
  /** The expressions that fill the holes. */
  dynamic: Node[];
  /** Built by an operator or method (`+`, `%`, `.format`, f-string, `join`) rather than written as one literal. */
  composed: boolean;
}

/** Placeholder for a non-constant part in a {@link StringShape}. */
export const HOLE = "\uFFFC";

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
  "global_statement",
  "nonlocal_statement",
  ...Object.keys(SCOPE_TYPES),
];

const MAX_DEPTH = 60;

/**
 * Semantic model of one module.
 *
 * Built from the nodes the engine collected in one pass (`descendantsOfType`), in document order.
 */
export class ModuleModel {
  /** The module scope. */
  readonly module: Scope;
  /** All scopes, sorted by start offset. */
  private readonly scopes: Scope[] = [];
  private readonly constCache = new Map<number, ConstValue | undefined | typeof PENDING>();
  private readonly refCache = new Map<number, ResolvedRef | undefined | typeof PENDING>();
  private readonly argsCache = new Map<number, CallArgs>();
  /** Modules imported with `from m import *`, in document order (see {@link starImports}). */
  private readonly starModules: string[] = [];
  /** {@link usesOf} answers by binding. */
  private readonly usesCache = new Map<Binding, Node[]>();
  /** The text the tree was parsed from (read once, on demand). */
  private sourceText: string | undefined;
  /** Ids of the inner links of assignment chains (see {@link innerAssignmentLinks}). */
  private readonly innerLinks = new Set<number>();
  /** The value of the assignment chain last bound, and where the chain ends (see `bindStatement`). */
  private chainValue: { end: number; value: Node | null } | undefined;

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
    const root = tree.rootNode;
    this.module = newScope("module", "", root.startIndex, root.endIndex, undefined, root);
    this.scopes.push(this.module);
    const stack: Scope[] = [this.module];
    let sawAssignment = false;
    for (const node of nodes) {
      while (stack.length > 1 && node.startIndex >= stack[stack.length - 1].end) stack.pop();
      const kind = SCOPE_TYPES[node.type];
      if (kind) {
        const parent = stack[stack.length - 1];
        const nameNode = kind === "function" || kind === "class" ? node.childForFieldName("name") : null;
        const name = nameNode?.text ?? (kind === "lambda" ? "<lambda>" : "<comprehension>");
        const scope = newScope(kind, name, node.startIndex, node.endIndex, parent, node);
        if (nameNode) {
          const local = parent.kind === "module" ? name : `${parent.path}.${name}`;
          addBinding(this.bindingScope(parent, name), {
            name,
            kind: kind === "class" ? "class" : "def",
            offset: nameNode.startIndex,
            node,
            qualifiedName: this.moduleName ? `${this.moduleName}.${local}` : local,
          });
        }
        if (kind === "function" || kind === "lambda") this.bindParameters(scope, node);
        this.scopes.push(scope);
        stack.push(scope);
        continue;
      }
      this.bindStatement(stack[stack.length - 1], node);
      if (node.type === "assignment") sawAssignment = true;
    }
    if (sawAssignment) INNER_LINKS.set(tree, this.innerLinks);
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

  /** Where a binding of `name` made in `scope` lands: `global` names go to the module, walrus targets leave comprehensions. */
  private bindingScope(scope: Scope, name: string, kind?: Binding["kind"]): Scope {
    let s = scope;
    if (s.globals.has(name)) return this.module;
    if (kind === "walrus") while (s.kind === "comprehension" && s.parent) s = s.parent;
    return s;
  }

  private bindParameters(scope: Scope, fn: Node): void {
    const params = fn.childForFieldName("parameters");
    if (!params) return;
    for (const p of params.namedChildren) {
      if (!p) continue;
      let nameNode: Node | null = null;
      let value: Node | undefined;
      let annotation: Node | undefined;
      switch (p.type) {
        case "identifier":
          nameNode = p;
          break;
        case "default_parameter":
        case "typed_default_parameter":
          nameNode = p.childForFieldName("name");
          value = p.childForFieldName("value") ?? undefined;
          annotation = p.childForFieldName("type") ?? undefined;
          break;
        case "typed_parameter":
          nameNode = p.namedChildren.find((c) => c?.type === "identifier") ?? null;
          if (!nameNode) nameNode = p.namedChildren[0]?.namedChildren.find((c) => c?.type === "identifier") ?? null;
          annotation = p.childForFieldName("type") ?? undefined;
          break;
        case "list_splat_pattern":
        case "dictionary_splat_pattern":
          nameNode = p.namedChildren.find((c) => c?.type === "identifier") ?? null;
          break;
      }
      if (nameNode?.type === "identifier") {
        addBinding(scope, { name: nameNode.text, kind: "param", offset: nameNode.startIndex, node: nameNode, value, annotation });
      }
    }
  }

  private bindTarget(scope: Scope, target: Node | null, kind: Binding["kind"], value?: Node, annotation?: Node): void {
    if (!target) return;
    switch (target.type) {
      case "identifier": {
        const name = target.text;
        addBinding(this.bindingScope(scope, name, kind), { name, kind, offset: target.startIndex, node: target, value, annotation });
        return;
      }
      case "pattern_list":
      case "tuple_pattern":
      case "list_pattern":
      case "expression_list":
      case "tuple":
      case "list": {
        const targets = target.namedChildren.filter((c): c is Node => !!c);
        const values =
          value && (value.type === "expression_list" || value.type === "tuple" || value.type === "list")
            ? value.namedChildren.filter((c): c is Node => !!c)
            : undefined;
        const exact = values && values.length === targets.length && !targets.some((t) => t.type === "list_splat_pattern");
        targets.forEach((t, i) => this.bindTarget(scope, t, kind, exact ? values[i] : undefined));
        return;
      }
      case "parenthesized_expression":
        this.bindTarget(scope, target.namedChildren[0] ?? null, kind, value);
        return;
      case "list_splat_pattern":
        this.bindTarget(scope, target.namedChildren[0] ?? null, kind);
        return;
      default:
        return; // attribute, subscript: not a name binding
    }
  }

  private bindStatement(scope: Scope, node: Node): void {
    switch (node.type) {
      case "import_statement":
        for (const item of node.childrenForFieldName("name")) {
          if (!item) continue;
          if (item.type === "aliased_import") {
            const dotted = item.childForFieldName("name")?.text;
            const alias = item.childForFieldName("alias");
            if (dotted && alias) this.bindImport(scope, alias.text, dotted, alias);
          } else {
            const dotted = item.text.replace(/\s+/g, "");
            const head = dotted.split(".")[0];
            this.bindImport(scope, head, head, item);
          }
        }
        return;
      case "import_from_statement": {
        const moduleNode = node.childForFieldName("module_name");
        const from = moduleNode ? this.absoluteModule(moduleNode.text.replace(/\s+/g, "")) : "";
        if (from && node.namedChildren.some((c) => c?.type === "wildcard_import")) this.starModules.push(from);
        for (const item of node.childrenForFieldName("name")) {
          if (!item) continue;
          if (item.type === "aliased_import") {
            const name = item.childForFieldName("name")?.text;
            const alias = item.childForFieldName("alias");
            if (name && alias) this.bindImport(scope, alias.text, `${from}.${name}`, alias);
          } else {
            this.bindImport(scope, item.text, `${from}.${item.text}`, item);
          }
        }
        return;
      }
      case "assignment": {
        // `a = b = … = v`: inner links come right after their outer one and end where it ends, so the value
        // found for the outermost link is reused (walking the chain from every link would be quadratic)
        let value: Node | null;
        const chain = this.chainValue;
        if (chain && chain.end === node.endIndex && chain.value && chain.value.startIndex > node.startIndex) value = chain.value;
        else {
          value = node.childForFieldName("right");
          while (value?.type === "assignment") {
            this.innerLinks.add(value.id);
            value = value.childForFieldName("right");
          }
          this.chainValue = { end: node.endIndex, value };
        }
        const left = node.childForFieldName("left");
        const annotation = node.childForFieldName("type") ?? undefined;
        this.bindTarget(scope, left, "assign", value ?? undefined, annotation);
        return;
      }
      case "augmented_assignment":
        this.bindTarget(scope, node.childForFieldName("left"), "augassign", node);
        return;
      case "for_statement":
      case "for_in_clause":
        this.bindTarget(scope, node.childForFieldName("left"), "for");
        return;
      case "with_item": {
        const v = node.childForFieldName("value");
        if (v?.type === "as_pattern") {
          const target = v.childForFieldName("alias")?.namedChildren[0] ?? null;
          this.bindTarget(scope, target, "with", v.namedChildren[0] ?? undefined);
        }
        return;
      }
      case "except_clause": {
        const alias = node.childForFieldName("alias");
        if (alias) this.bindTarget(scope, alias, "except");
        else {
          const asPattern = node.namedChildren.find((c) => c?.type === "as_pattern");
          const t = asPattern?.childForFieldName("alias")?.namedChildren[0];
          if (t) this.bindTarget(scope, t, "except");
        }
        return;
      }
      case "named_expression":
        this.bindTarget(scope, node.childForFieldName("name"), "walrus", node.childForFieldName("value") ?? undefined);
        return;
      case "global_statement":
        for (const n of node.namedChildren) if (n?.type === "identifier") scope.globals.add(n.text);
        return;
      case "nonlocal_statement":
        for (const n of node.namedChildren) if (n?.type === "identifier") scope.nonlocals.add(n.text);
        return;
    }
  }

  private bindImport(scope: Scope, name: string, qualifiedName: string, node: Node): void {
    addBinding(this.bindingScope(scope, name), { name, kind: "import", offset: node.startIndex, node, qualifiedName: canonical(qualifiedName) });
  }

  /** Turns a relative module (`.`, `..utils`) into an absolute dotted name using this module's name. */
  private absoluteModule(text: string): string {
    if (!text.startsWith(".")) return text;
    const dots = /^\.+/.exec(text)![0].length;
    const rest = text.slice(dots);
    const parts = this.moduleName.split(".");
    const base = parts.slice(0, Math.max(0, parts.length - dots));
    return [...base, ...(rest ? [rest] : [])].join(".") || rest;
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
   * bind names the model cannot see, so {@link resolve} leaves those names unresolved; a rule that knows
   * what a library exports may use this list to resolve an unbound name it looks for (`CommunityData` after
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
        for (const b of list) if (b.kind === "import" && b.qualifiedName) out.add(b.qualifiedName.split(".")[0]);
      }
    }
    for (const m of this.starModules) out.add(m.split(".")[0]); // `from m import *` binds no name of its own
    out.delete("");
    if (this.moduleName) out.delete(this.moduleName.split(".")[0]);
    return [...out].sort();
  }

  /**
   * The identifiers that read binding `b`: every identifier named like it, inside the scope the binding lives
   * in, that {@link lookup} resolves to `b` (the binding's own target excluded), in document order.
   * Computed on demand with one native query over that scope, so rules never need an `identifier` handler.
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

  /** The method name of a call `x.name(...)`, whatever `x` is; undefined for a plain function call. */
  methodName(call: Node): string | undefined {
    const fn = call.childForFieldName("function");
    return fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : undefined;
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
        if (!b) return BUILTINS.has(name) ? { name: `builtins.${name}`, instance: false } : undefined;
        return this.bindingRef(b, depth);
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
    return this.constantAt(node, 0);
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

  private constantAt(node: Node, depth: number): ConstValue | undefined {
    const cached = this.constCache.get(node.id);
    if (cached === PENDING) return undefined;
    if (cached !== undefined || this.constCache.has(node.id)) return cached as ConstValue | undefined;
    if (depth > MAX_DEPTH) return undefined;
    this.constCache.set(node.id, PENDING);
    let v: ConstValue | undefined;
    try {
      v = this.computeConstant(node, depth + 1);
    } catch {
      v = undefined;
    }
    this.constCache.set(node.id, v);
    return v;
  }

  private computeConstant(node: Node, depth: number): ConstValue | undefined {
    switch (node.type) {
      case "string": {
        let out = "";
        for (const piece of stringPieces(node)) {
          if ("text" in piece) out += piece.text;
          else {
            if (piece.conversion || piece.formatSpec || piece.selfDoc) return undefined;
            const v = this.constantAt(piece.expression, depth);
            if (v === undefined) return undefined;
            out += pyStr(v);
          }
        }
        return out;
      }
      case "concatenated_string": {
        let out = "";
        for (const c of node.namedChildren) {
          if (!c) continue;
          const v = this.constantAt(c, depth);
          if (typeof v !== "string") return undefined;
          out += v;
        }
        return out;
      }
      case "integer": {
        const t = node.text.replace(/_/g, "").toLowerCase();
        if (t.endsWith("l")) return Number(t.slice(0, -1));
        if (/^0[0-7]+$/.test(t)) return parseInt(t.slice(1), 8);
        if (t.startsWith("0o")) return parseInt(t.slice(2), 8);
        if (t.startsWith("0b")) return parseInt(t.slice(2), 2);
        if (t.endsWith("j")) return undefined;
        const n = Number(t);
        return Number.isNaN(n) ? undefined : n;
      }
      case "float": {
        const t = node.text.replace(/_/g, "");
        if (/j$/i.test(t)) return undefined;
        const n = Number(t);
        return Number.isNaN(n) ? undefined : n;
      }
      case "true":
        return true;
      case "false":
        return false;
      case "none":
        return null;
      case "parenthesized_expression":
        return node.namedChildren.length === 1 && node.namedChildren[0] ? this.constantAt(node.namedChildren[0], depth) : undefined;
      case "tuple":
      case "list":
      case "expression_list": {
        const out: ConstValue[] = [];
        for (const c of node.namedChildren) {
          if (!c || c.type === "comment") continue;
          const v = this.constantAt(c, depth);
          if (v === undefined) return undefined;
          out.push(v);
        }
        return out;
      }
      case "identifier":
        return this.constantOfName(node, depth);
      case "unary_operator": {
        const v = this.constantAt(node.childForFieldName("argument")!, depth);
        const op = node.childForFieldName("operator")?.type ?? node.firstChild?.type;
        if (typeof v === "boolean" || typeof v === "number") {
          const n = Number(v);
          if (op === "-") return -n;
          if (op === "+") return n;
          if (op === "~") return ~n;
        }
        return undefined;
      }
      case "not_operator": {
        const v = this.constantAt(node.childForFieldName("argument")!, depth);
        return v === undefined ? undefined : !pyTruthy(v);
      }
      case "boolean_operator": {
        const left = this.constantAt(node.childForFieldName("left")!, depth);
        if (left === undefined) return undefined;
        const op = node.childForFieldName("operator")?.type;
        if (op === "and") return pyTruthy(left) ? this.constantAt(node.childForFieldName("right")!, depth) : left;
        return pyTruthy(left) ? left : this.constantAt(node.childForFieldName("right")!, depth);
      }
      case "conditional_expression": {
        const [a, test, b] = node.namedChildren;
        if (!a || !test || !b) return undefined;
        const t = this.constantAt(test, depth);
        if (t === undefined) return undefined;
        return this.constantAt(pyTruthy(t) ? a : b, depth);
      }
      case "comparison_operator":
        return this.compare(node, depth);
      case "binary_operator":
        return this.binary(node, depth);
      case "call":
        return this.constantCall(node, depth);
      case "subscript":
        return this.constantSubscript(node, depth);
      default:
        return undefined;
    }
  }

  /**
   * `parts["keep"]` / `items[0]`: the entry of a dict, list or tuple literal (written in place, or bound once to a
   * name that is never changed in place) under a constant key or index, when that entry is constant — the other
   * entries may vary (`{"keep": "ls", "user": request.args["u"]}`). Undefined when a key is computed (it might be
   * the one asked for), the literal spreads another container, or the key is missing.
   */
  private constantSubscript(node: Node, depth: number): ConstValue | undefined {
    const subs = node.childrenForFieldName("subscript");
    if (subs.length !== 1 || !subs[0] || subs[0].type === "slice") return undefined;
    const key = this.constantAt(subs[0], depth);
    if (typeof key !== "string" && typeof key !== "number") return undefined;
    let holder = node.childForFieldName("value");
    if (holder?.type === "identifier") {
      const list = this.bindingsOf(holder.text, holder.startIndex);
      const b = this.lookup(holder.text, holder.startIndex);
      if (!b || list.length !== 1 || list[0] !== b || b.kind !== "assign" || !b.value || this.isMutated(b)) return undefined;
      holder = b.value;
    }
    if (!holder) return undefined;
    if (holder.type === "dictionary") {
      let found: Node | undefined;
      for (const c of holder.namedChildren) {
        if (!c || c.type === "comment") continue;
        if (c.type !== "pair") return undefined; // `**other`, a comprehension
        const k = this.constantAt(c.childForFieldName("key")!, depth);
        if (k === undefined) return undefined;
        if (k === key) found = c.childForFieldName("value") ?? undefined;
      }
      return found ? this.constantAt(found, depth) : undefined;
    }
    if ((holder.type === "list" || holder.type === "tuple") && typeof key === "number" && Number.isInteger(key)) {
      const items = holder.namedChildren.filter((c): c is Node => !!c && c.type !== "comment");
      if (items.some((c) => c.type === "list_splat" || c.type === "parenthesized_list_splat")) return undefined;
      const item = items[key < 0 ? items.length + key : key];
      return item ? this.constantAt(item, depth) : undefined;
    }
    return undefined;
  }

  private constantOfName(node: Node, depth: number): ConstValue | undefined {
    const list = this.bindingsOf(node.text, node.startIndex);
    const b = this.lookup(node.text, node.startIndex);
    if (!b || !list.length) return undefined;
    // every binding of the name in its scope must be a constant assignment
    let value: ConstValue | undefined;
    for (const each of list) {
      if (each.kind !== "assign" || !each.value) return undefined;
      const v = this.constantAt(each.value, depth);
      if (v === undefined) return undefined;
      if (each === b) value = v;
    }
    // a list bound to a constant literal but changed in place later (`parts.append(user)`) is not constant
    if (Array.isArray(value) && b.value && (b.value.type === "list" || b.value.type === "set") && this.isMutated(b)) return undefined;
    return value;
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

  private binary(node: Node, depth: number): ConstValue | undefined {
    const leftNode = node.childForFieldName("left");
    const rightNode = node.childForFieldName("right");
    const op = node.childForFieldName("operator")?.type;
    if (!leftNode || !rightNode || !op) return undefined;
    const l = this.constantAt(leftNode, depth);
    if (l === undefined) return undefined;
    if (op === "%" && typeof l === "string") {
      const r = this.constantAt(rightNode, depth);
      if (r === undefined) return undefined;
      return printfFormat(l, Array.isArray(r) ? r : [r]);
    }
    const r = this.constantAt(rightNode, depth);
    if (r === undefined) return undefined;
    if (op === "+") {
      if (typeof l === "string" && typeof r === "string") return l + r;
      if (Array.isArray(l) && Array.isArray(r)) return [...l, ...r];
      if (isNum(l) && isNum(r)) return Number(l) + Number(r);
      return undefined;
    }
    if (op === "*") {
      if (typeof l === "string" && typeof r === "number" && r < 10_000) return l.repeat(Math.max(0, r));
      if (isNum(l) && isNum(r)) return Number(l) * Number(r);
      return undefined;
    }
    if (!isNum(l) || !isNum(r)) return undefined;
    const a = Number(l);
    const b = Number(r);
    switch (op) {
      case "-":
        return a - b;
      case "/":
        return b === 0 ? undefined : a / b;
      case "//":
        return b === 0 ? undefined : Math.floor(a / b);
      case "%":
        return b === 0 ? undefined : ((a % b) + b) % b;
      case "**":
        return a ** b;
      case "<<":
        return a * 2 ** b;
      case ">>":
        return Math.floor(a / 2 ** b);
      case "&":
        return a & b;
      case "|":
        return a | b;
      case "^":
        return a ^ b;
      default:
        return undefined;
    }
  }

  private compare(node: Node, depth: number): ConstValue | undefined {
    const children = node.children.filter((c): c is Node => !!c);
    const operands: ConstValue[] = [];
    const ops: string[] = [];
    let pendingOp = "";
    for (const c of children) {
      if (c.isNamed && c.type !== "comment") {
        const v = this.constantAt(c, depth);
        if (v === undefined) return undefined;
        operands.push(v);
        if (operands.length > 1) ops.push(pendingOp.trim());
        pendingOp = "";
      } else pendingOp += ` ${c.type}`;
    }
    for (let i = 0; i < ops.length; i++) {
      const r = compareValues(operands[i], ops[i], operands[i + 1]);
      if (r === undefined) return undefined;
      if (!r) return false;
    }
    return true;
  }

  private constantCall(node: Node, depth: number): ConstValue | undefined {
    const fn = node.childForFieldName("function");
    if (fn?.type !== "attribute") {
      const name = this.resolve(fn);
      const args = this.args(node);
      if (name === "builtins.str" && args.positional.length === 1) {
        const v = this.constantAt(args.positional[0], depth);
        return v === undefined ? undefined : pyStr(v);
      }
      if (name === "builtins.int" && args.positional.length === 1) {
        const v = this.constantAt(args.positional[0], depth);
        const n = typeof v === "string" ? Number(v.trim()) : typeof v === "number" || typeof v === "boolean" ? Math.trunc(Number(v)) : NaN;
        return Number.isInteger(n) ? n : undefined;
      }
      return undefined;
    }
    const method = fn.childForFieldName("attribute")?.text;
    const objNode = fn.childForFieldName("object");
    if (!objNode || !method) return undefined;
    const obj = this.constantAt(objNode, depth);
    if (typeof obj !== "string") return undefined;
    const args = this.args(node);
    const argValues: ConstValue[] = [];
    for (const a of args.positional) {
      const v = this.constantAt(a, depth);
      if (v === undefined) return undefined;
      argValues.push(v);
    }
    if (args.starAt >= 0 || args.hasDoubleStar) return undefined;
    const kw: Record<string, ConstValue> = {};
    for (const [k, n] of args.keywords) {
      const v = this.constantAt(n, depth);
      if (v === undefined) return undefined;
      kw[k] = v;
    }
    switch (method) {
      case "format":
        return pyFormat(obj, argValues, kw);
      case "join":
        return Array.isArray(argValues[0]) && argValues[0].every((x) => typeof x === "string") ? (argValues[0] as string[]).join(obj) : undefined;
      case "lower":
      case "casefold":
        return obj.toLowerCase();
      case "upper":
        return obj.toUpperCase();
      case "strip":
        return argValues.length ? undefined : obj.trim();
      case "encode":
      case "decode":
        return obj;
      case "replace":
        return typeof argValues[0] === "string" && typeof argValues[1] === "string" ? obj.split(argValues[0]).join(argValues[1]) : undefined;
      default:
        return undefined;
    }
  }

  // ---------------------------------------------------------------- string composition

  /**
   * The shape of a string-valued expression: its known text with {@link HOLE} for each varying part.
   * Follows literals, implicit concatenation, `+`, `%`, `.format`, f-strings, `str.join`, and names bound
   * once to such expressions. Undefined when the expression is not recognisably a string.
   */
  stringShape(node: Node | null | undefined): StringShape | undefined {
    if (!node) return undefined;
    return this.shapeAt(node, 0, new Set());
  }

  private shapeAt(node: Node, depth: number, seen: Set<number>): StringShape | undefined {
    if (depth > MAX_DEPTH || seen.has(node.id)) return undefined;
    const c = this.constantAt(node, depth);
    if (typeof c === "string") return { text: c, holes: 0, dynamic: [], composed: node.type !== "string" && node.type !== "concatenated_string" };
    seen.add(node.id);
    try {
      return this.computeShape(node, depth + 1, seen);
    } finally {
      seen.delete(node.id);
    }
  }

  private piece(node: Node, depth: number, seen: Set<number>): StringShape {
    const s = this.shapeAt(node, depth, seen);
    return s ?? { text: HOLE, holes: 1, dynamic: [node], composed: false };
  }

  private computeShape(node: Node, depth: number, seen: Set<number>): StringShape | undefined {
    switch (node.type) {
      case "string": {
        if (stringPrefix(node).raw && !stringPrefix(node).format) return undefined;
        const parts: StringShape[] = [];
        for (const p of stringPieces(node)) {
          if ("text" in p) parts.push({ text: p.text, holes: 0, dynamic: [], composed: false });
          else {
            const v = p.conversion || p.formatSpec || p.selfDoc ? undefined : this.constantAt(p.expression, depth);
            parts.push(v !== undefined ? { text: pyStr(v), holes: 0, dynamic: [], composed: false } : { text: HOLE, holes: 1, dynamic: [p.expression], composed: false });
          }
        }
        return join(parts, true);
      }
      case "concatenated_string":
        return join(node.namedChildren.filter((c): c is Node => !!c).map((c) => this.piece(c, depth, seen)), true);
      case "parenthesized_expression":
        return node.namedChildren[0] ? this.shapeAt(node.namedChildren[0], depth, seen) : undefined;
      case "binary_operator": {
        const op = node.childForFieldName("operator")?.type;
        const left = node.childForFieldName("left");
        const right = node.childForFieldName("right");
        if (!left || !right) return undefined;
        if (op === "+") {
          const l = this.shapeAt(left, depth, seen);
          const r = this.shapeAt(right, depth, seen);
          if (!l && !r) return undefined;
          return join([l ?? this.piece(left, depth, seen), r ?? this.piece(right, depth, seen)], true);
        }
        if (op === "%") {
          const l = this.shapeAt(left, depth, seen);
          if (!l) return undefined;
          const rc = this.constantAt(right, depth);
          if (rc !== undefined && l.holes === 0) {
            const v = printfFormat(l.text, Array.isArray(rc) ? rc : [rc]);
            return v === undefined ? undefined : { text: v, holes: 0, dynamic: [], composed: true };
          }
          const args = right.type === "tuple" ? right.namedChildren.filter((c): c is Node => !!c) : [right];
          let i = 0;
          const dynamic = [...l.dynamic];
          let holes = l.holes;
          // a width starts with 1-9 (zeros are flags) and a mapping key is at most 200 characters: with `[-#0 +]*\d*`
          // and an unbounded key the pattern backtracks cubically on hostile strings ("%" + "0" * n, "%(" * n)
          const text = l.text.replace(/%(?:\([^)]{0,200}\))?[-#0 +]*(?:\*|[1-9]\d*)?(?:\.\d+)?[hlL]?([diouxXeEfFgGcrsab%])/g, (m, conv: string) => {
            if (conv === "%") return "%";
            const arg = args[Math.min(i++, args.length - 1)];
            const v = arg && right.type === "tuple" ? this.constantAt(arg, depth) : undefined;
            if (v !== undefined) return pyStr(v);
            holes++;
            if (arg) dynamic.push(arg);
            return HOLE;
          });
          return { text, holes, dynamic, composed: true };
        }
        return undefined;
      }
      case "call": {
        const fn = node.childForFieldName("function");
        if (fn?.type !== "attribute") return undefined;
        const method = fn.childForFieldName("attribute")?.text;
        const obj = fn.childForFieldName("object");
        if (!obj) return undefined;
        if (method === "format") {
          const base = this.shapeAt(obj, depth, seen);
          if (!base) return undefined;
          const args = this.args(node);
          const dynamic = [...base.dynamic];
          let holes = base.holes;
          let auto = 0;
          const text = base.text.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (m, field: string | undefined) => {
            if (m === "{{") return "{";
            if (m === "}}") return "}";
            const key = (field ?? "").split(/[!:.[]/, 1)[0];
            const arg = key === "" ? args.positional[auto++] : /^\d+$/.test(key) ? args.positional[Number(key)] : args.keywords.get(key);
            const v = arg && !/[!:]/.test(field ?? "") ? this.constantAt(arg, depth) : undefined;
            if (v !== undefined) return pyStr(v);
            holes++;
            if (arg) dynamic.push(arg);
            return HOLE;
          });
          return { text, holes, dynamic, composed: true };
        }
        if (method === "join") {
          const sep = this.constantAt(obj, depth);
          const arg = this.args(node).positional[0];
          if (typeof sep !== "string" || !arg) return undefined;
          if (arg.type === "list" || arg.type === "tuple") {
            const parts = arg.namedChildren.filter((c): c is Node => !!c).map((c) => this.piece(c, depth, seen));
            const withSep: StringShape[] = [];
            parts.forEach((p, i) => {
              if (i) withSep.push({ text: sep, holes: 0, dynamic: [], composed: false });
              withSep.push(p);
            });
            return join(withSep, true);
          }
          return { text: HOLE, holes: 1, dynamic: [arg], composed: true };
        }
        if (method && STR_METHODS.has(method)) {
          const base = this.shapeAt(obj, depth, seen);
          return base && base.holes > 0 ? { ...base, composed: true } : undefined;
        }
        return undefined;
      }
      case "identifier": {
        const b = this.lookup(node.text, node.startIndex);
        if (b && (b.kind === "assign" || b.kind === "walrus") && b.value) {
          const s = this.shapeAt(b.value, depth, seen);
          if (!s) return undefined;
          const list = this.bindingsOf(node.text, node.startIndex);
          if (list.length > 1 && list.some((x) => x !== b && !(x.value && this.constantAt(x.value, depth) !== undefined))) {
            // other, varying bindings: the value here may differ from the one we followed
            return { ...s, holes: Math.max(1, s.holes) };
          }
          return s;
        }
        if (b && b.kind === "augassign") {
          const aug = b.value;
          const target = aug?.childForFieldName("left");
          const right = aug?.childForFieldName("right");
          if (aug?.childForFieldName("operator")?.type === "+=" && target && right) {
            const prev = this.lookup(node.text, b.offset);
            const before = prev && prev !== b && prev.value ? this.shapeAt(prev.value, depth, seen) : undefined;
            const add = this.piece(right, depth, seen);
            return join([before ?? { text: HOLE, holes: 1, dynamic: [target], composed: false }, add], true);
          }
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  // ---------------------------------------------------------------- call arguments

  /**
   * Splits a call's arguments into positional and keyword ones. Memoised per call node: the result is shared
   * by every caller and must not be changed (its `positional` array is frozen).
   */
  args(call: Node): CallArgs {
    let out = this.argsCache.get(call.id);
    if (!out) {
      out = this.computeArgs(call);
      Object.freeze(out.positional);
      this.argsCache.set(call.id, out);
    }
    return out;
  }

  private computeArgs(call: Node): CallArgs {
    const out: CallArgs = { positional: [], keywords: new Map(), starAt: -1, hasDoubleStar: false };
    const list = call.childForFieldName("arguments");
    if (!list) return out;
    if (list.type === "generator_expression") {
      out.positional.push(list);
      return out;
    }
    for (const a of list.namedChildren) {
      if (!a || a.type === "comment") continue;
      if (a.type === "keyword_argument") {
        const name = a.childForFieldName("name")?.text;
        const value = a.childForFieldName("value");
        if (name && value) out.keywords.set(name, value);
      } else if (a.type === "list_splat") {
        if (out.starAt < 0) out.starAt = out.positional.length;
      } else if (a.type === "dictionary_splat") {
        // `f(**{"shell": True})`: a dict literal with constant string keys is spelled-out keyword arguments
        const literal = splatKeywords(a);
        if (literal) for (const [k, v] of literal) out.keywords.set(k, v);
        else out.hasDoubleStar = true;
      } else {
        out.positional.push(a);
      }
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

const PENDING = Symbol("pending");

/** True for the code unit of an ASCII letter, digit or underscore (a name cannot begin or end next to one). */
function isAsciiNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** Inner links of assignment chains by tree, recorded by the model built from the tree's assignment nodes. */
const INNER_LINKS = new WeakMap<Tree, ReadonlySet<number>>();

/**
 * Ids of the `assignment` nodes of `tree` that are inner links of a chain (`b = v` in `a = b = v`, whose
 * parent is an assignment), when a model was built from the tree's assignment nodes; else undefined.
 * Spares callers `node.parent`, which costs the node's depth in tree-sitter.
 */
export function innerAssignmentLinks(tree: Tree): ReadonlySet<number> | undefined {
  return INNER_LINKS.get(tree);
}

/**
 * The keyword arguments a `**{...}` splat spells out, when its operand is a dict literal whose keys are all
 * string literals (`f(**{"shell": True})` is `f(shell=True)`); undefined for any other splat (a variable,
 * a comprehension, a non-literal or duplicated key, a nested `**`), which stays an unknown `**kwargs`.
 */
function splatKeywords(splat: Node): [string, Node][] | undefined {
  let d = splat.namedChildren.find((c) => c && c.type !== "comment") ?? null;
  while (d?.type === "parenthesized_expression") d = d.namedChildren.find((c) => c && c.type !== "comment") ?? null;
  if (d?.type !== "dictionary") return undefined;
  const out: [string, Node][] = [];
  for (const pair of d.namedChildren) {
    if (!pair || pair.type === "comment") continue;
    if (pair.type !== "pair") return undefined;
    const key = pair.childForFieldName("key");
    const value = pair.childForFieldName("value");
    if (!key || !value || key.type !== "string" || key.namedChildren.some((c) => c?.type === "interpolation")) return undefined;
    const content = key.namedChildren.filter((c) => c?.type === "string_content");
    if (key.namedChildren.some((c) => c && !["string_start", "string_content", "string_end"].includes(c.type))) return undefined;
    const name = content.map((c) => c!.text).join("");
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || out.some(([k]) => k === name)) return undefined;
    out.push([name, value]);
  }
  return out;
}

const STR_METHODS = new Set(["strip", "lstrip", "rstrip", "lower", "upper", "title", "replace", "encode", "decode", "casefold", "capitalize", "zfill", "ljust", "rjust", "center"]);

/** Maps re-exported qualified names onto canonical ones (see {@link CANONICAL_NAMES}). */
export function canonical(name: string): string {
  return CANONICAL_NAMES[name] ?? name;
}

function join(parts: StringShape[], composed: boolean): StringShape {
  return {
    text: parts.map((p) => p.text).join(""),
    holes: parts.reduce((n, p) => n + p.holes, 0),
    dynamic: parts.flatMap((p) => p.dynamic),
    composed: composed || parts.some((p) => p.composed),
  };
}

function isNum(v: ConstValue): v is number | boolean {
  return typeof v === "number" || typeof v === "boolean";
}

/** Python truthiness of a constant. */
export function pyTruthy(v: ConstValue): boolean {
  if (v === null) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === "string") return v.length > 0;
  if (typeof v === "number") return v !== 0;
  return v;
}

/** Python `str()` of a constant (floats print as JavaScript prints them). */
export function pyStr(v: ConstValue): string {
  if (v === null) return "None";
  if (v === true) return "True";
  if (v === false) return "False";
  if (Array.isArray(v)) return `(${v.map((x) => (typeof x === "string" ? `'${x}'` : pyStr(x))).join(", ")})`;
  return String(v);
}

function compareValues(a: ConstValue, op: string, b: ConstValue): boolean | undefined {
  const comparable = (typeof a === "string" && typeof b === "string") || (isNum(a) && isNum(b));
  switch (op) {
    case "==":
      return JSON.stringify(a) === JSON.stringify(b);
    case "!=":
      return JSON.stringify(a) !== JSON.stringify(b);
    case "<":
      return comparable ? (a as number) < (b as number) : undefined;
    case "<=":
      return comparable ? (a as number) <= (b as number) : undefined;
    case ">":
      return comparable ? (a as number) > (b as number) : undefined;
    case ">=":
      return comparable ? (a as number) >= (b as number) : undefined;
    case "in":
      if (typeof b === "string" && typeof a === "string") return b.includes(a);
      if (Array.isArray(b)) return b.some((x) => JSON.stringify(x) === JSON.stringify(a));
      return undefined;
    case "not in": {
      const r = compareValues(a, "in", b);
      return r === undefined ? undefined : !r;
    }
    case "is":
      return a === null || b === null || typeof a === "boolean" ? a === b : undefined;
    case "is not":
      return a === null || b === null || typeof a === "boolean" ? a !== b : undefined;
    default:
      return undefined;
  }
}

/** printf-style `%` formatting of constants (`%s %d %r %%`); undefined for anything else. */
function printfFormat(format: string, args: ConstValue[]): string | undefined {
  let i = 0;
  let bad = false;
  // width digits start with 1-9 (zeros are flags), so the pattern cannot backtrack quadratically on "%000…"
  const out = format.replace(/%([-#0 +]*(?:[1-9]\d*)?(?:\.\d+)?)([sdirf%])/g, (_m, _flags: string, conv: string) => {
    if (conv === "%") return "%";
    if (i >= args.length) {
      bad = true;
      return "";
    }
    const v = args[i++];
    if (conv === "r") return typeof v === "string" ? `'${v}'` : pyStr(v);
    if (conv === "d" || conv === "i") return isNum(v) ? String(Math.trunc(Number(v))) : ((bad = true), "");
    return pyStr(v);
  });
  return bad || i !== args.length ? undefined : out;
}

/** `str.format` of constants with `{}`, `{0}` and `{name}` fields and no conversion or spec. */
function pyFormat(format: string, args: ConstValue[], kw: Record<string, ConstValue>): string | undefined {
  let auto = 0;
  let bad = false;
  const out = format.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (m, field: string | undefined) => {
    if (m === "{{") return "{";
    if (m === "}}") return "}";
    const f = field ?? "";
    if (/[!:.[]/.test(f)) {
      bad = true;
      return "";
    }
    const v = f === "" ? args[auto++] : /^\d+$/.test(f) ? args[Number(f)] : kw[f];
    if (v === undefined) {
      bad = true;
      return "";
    }
    return pyStr(v);
  });
  return bad ? undefined : out;
}
