/**
 * Scope and binding collection for the semantic model: walks the nodes the engine collected once, in
 * document order, opening scopes and recording what every import, assignment, parameter, loop target,
 * `with`/`except` alias, walrus and `global`/`nonlocal` declaration binds.
 */
import type { Node, Tree } from "../parse/parser.js";
import { CANONICAL_NAMES } from "./knowledge/return-types.js";
import { addBinding, newScope, SCOPE_TYPES, type Binding, type Scope } from "./scopes.js";

/** Maps re-exported qualified names onto canonical ones (see {@link CANONICAL_NAMES}). */
export function canonical(name: string): string {
  return CANONICAL_NAMES[name] ?? name;
}

/** The scopes and bindings of one module, as {@link collectBindings} finds them. */
export interface CollectedBindings {
  /** The module scope. */
  module: Scope;
  /** All scopes, sorted by start offset. */
  scopes: Scope[];
  /** Modules imported with `from m import *`, in document order. */
  starModules: string[];
  /** Ids of the inner links of assignment chains. */
  innerLinks: Set<number>;
  /** True when an `assignment` node was among the nodes (so {@link innerLinks} is complete). */
  sawAssignment: boolean;
}

/**
 * Builds the scopes and bindings of a module from the nodes of `MODEL_NODE_TYPES`, in document order.
 * @param moduleName the module's dotted name (`pkg.sub.mod`), from its path
 * @param tree the parsed tree
 * @param nodes the collected nodes, in document order
 */
export function collectBindings(moduleName: string, tree: Tree, nodes: Node[]): CollectedBindings {
  return new BindingCollector(moduleName, tree, nodes).result();
}

/** One module's binding walk; holds the state of the assignment chain being bound. */
class BindingCollector {
  readonly module: Scope;
  readonly scopes: Scope[] = [];
  readonly starModules: string[] = [];
  readonly innerLinks = new Set<number>();
  private sawAssignment = false;
  /** The value of the assignment chain last bound, and where the chain ends (see `bindStatement`). */
  private chainValue: { end: number; value: Node | null } | undefined;

  constructor(
    readonly moduleName: string,
    tree: Tree,
    nodes: Node[],
  ) {
    const root = tree.rootNode;
    this.module = newScope("module", "", root.startIndex, root.endIndex, undefined, root);
    this.scopes.push(this.module);
    const stack: Scope[] = [this.module];
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
        // PEP 695 type parameters (`def f[T](x)`) are names of the function's own scope
        if (kind === "function") {
          for (const t of node.namedChildren.find((c) => c?.type === "type_parameter")?.namedChildren ?? []) {
            const id = t?.type === "type" ? t.namedChildren[0] : t;
            if (id?.type === "identifier") addBinding(scope, { name: id.text, kind: "other", offset: id.startIndex, node: id });
          }
        }
        this.scopes.push(scope);
        stack.push(scope);
        continue;
      }
      this.bindStatement(stack[stack.length - 1], node);
      if (node.type === "assignment") this.sawAssignment = true;
    }
  }

  result(): CollectedBindings {
    return { module: this.module, scopes: this.scopes, starModules: this.starModules, innerLinks: this.innerLinks, sawAssignment: this.sawAssignment };
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

  /**
   * The names a `case` pattern captures (PEP 634): a bare name (`case x`, `case {"k": x}`, `case C(k=x)`), a
   * star or double-star rest (`*rest`, `**rest`) and an `as` name, `_` excepted. Dotted names are values, and a
   * class pattern's name is the class. Walks the patterns only, not the guard or the body.
   */
  private bindCaptures(scope: Scope, clause: Node): void {
    const stack = clause.namedChildren.filter((c): c is Node => !!c && c.type !== "block" && c.type !== "if_clause");
    const bind = (id: Node | null | undefined): void => {
      if (id?.type === "identifier" && id.text !== "_") this.bindTarget(scope, id, "match");
    };
    while (stack.length) {
      const n = stack.pop()!;
      switch (n.type) {
        case "dotted_name":
          if (n.parent?.type !== "class_pattern" && n.namedChildren.length === 1) bind(n.namedChildren[0]);
          continue;
        case "splat_pattern":
          bind(n.namedChildren.find((c) => c?.type === "identifier"));
          continue;
        case "as_pattern":
          for (const c of n.namedChildren) if (c?.type === "identifier") bind(c);
          break;
        case "keyword_pattern":
          // `k=x`: the keyword is no binding, the pattern after it may be
          for (const c of n.namedChildren.slice(1)) if (c) stack.push(c);
          continue;
      }
      for (const c of n.namedChildren) if (c && c.type !== "identifier") stack.push(c);
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
        // (only at module level: Python 3 refuses `import *` in a function, and Python 2 code's would not reach the module)
        if (from && scope.kind === "module" && node.namedChildren.some((c) => c?.type === "wildcard_import")) this.starModules.push(from);
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
      case "case_clause":
        this.bindCaptures(scope, node);
        return;
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
}
