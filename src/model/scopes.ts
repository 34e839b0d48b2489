/**
 * Scopes and bindings of one module, following the Python execution model (Python Language Reference
 * §4.2 "Naming and binding"): functions, lambdas, classes and comprehensions open scopes; a name bound
 * anywhere in a function is local to it unless declared `global`/`nonlocal`; class scopes are not seen
 * from the functions nested in them.
 */
import type { Node } from "../parse/parser.js";

/** How a name got bound. */
export type BindingKind =
  | "import"
  | "assign"
  | "augassign"
  | "param"
  | "def"
  | "class"
  | "for"
  | "with"
  | "except"
  | "walrus"
  | "match"
  | "other";

/** One binding of a name in a scope. Lives only during the per-file phase (holds tree nodes). */
export interface Binding {
  name: string;
  kind: BindingKind;
  /** UTF-16 offset of the binding target; bindings in a scope are kept in this order. */
  offset: number;
  /** For imports: the qualified name bound (`import a.b as c` → `a.b`; `from x import y` → `x.y`). */
  qualifiedName?: string;
  /** The value bound, when the binding has one that can be read (assignment right side, with item, default). */
  value?: Node;
  /** The annotation of a parameter or annotated assignment. */
  annotation?: Node;
  /** The node that made the binding (identifier target, def, import statement). */
  node: Node;
}

/** Kind of scope. */
export type ScopeKind = "module" | "function" | "lambda" | "class" | "comprehension";

/** One scope: its text range and its bindings. */
export interface Scope {
  kind: ScopeKind;
  /** Scope's name (function or class name; `<lambda>`, `<comprehension>`, or `""` for the module). */
  name: string;
  /** Dotted path of enclosing function/class names, e.g. `Outer.method`. */
  path: string;
  start: number;
  end: number;
  parent?: Scope;
  node?: Node;
  bindings: Map<string, Binding[]>;
  /** Names declared `global` here. */
  globals: Set<string>;
  /** Names declared `nonlocal` here. */
  nonlocals: Set<string>;
}

/** Node types that open a scope, with their kind. */
export const SCOPE_TYPES: Record<string, ScopeKind> = {
  function_definition: "function",
  lambda: "lambda",
  class_definition: "class",
  list_comprehension: "comprehension",
  set_comprehension: "comprehension",
  dictionary_comprehension: "comprehension",
  generator_expression: "comprehension",
};

/** Creates a scope object. */
export function newScope(kind: ScopeKind, name: string, start: number, end: number, parent?: Scope, node?: Node): Scope {
  const path = parent && parent.kind !== "module" ? `${parent.path}.${name}` : name;
  return { kind, name, path, start, end, parent, node, bindings: new Map(), globals: new Set(), nonlocals: new Set() };
}

/** Adds a binding to a scope, keeping bindings in offset order. */
export function addBinding(scope: Scope, b: Binding): void {
  let list = scope.bindings.get(b.name);
  if (!list) {
    list = [];
    scope.bindings.set(b.name, list);
  }
  let i = list.length;
  while (i > 0 && list[i - 1].offset > b.offset) i--;
  list.splice(i, 0, b);
}

/** Python's builtins that rules care to resolve (`eval` → `builtins.eval`). */
export const BUILTINS = new Set([
  "abs", "all", "any", "ascii", "bin", "bool", "breakpoint", "bytearray", "bytes", "callable", "chr",
  "classmethod", "compile", "complex", "delattr", "dict", "dir", "divmod", "enumerate", "eval", "exec",
  "filter", "float", "format", "frozenset", "getattr", "globals", "hasattr", "hash", "help", "hex", "id",
  "input", "int", "isinstance", "issubclass", "iter", "len", "list", "locals", "map", "max", "memoryview",
  "min", "next", "object", "oct", "open", "ord", "pow", "print", "property", "range", "repr", "reversed",
  "round", "set", "setattr", "slice", "sorted", "staticmethod", "str", "sum", "super", "tuple", "type",
  "vars", "zip", "__import__", "raw_input", "execfile", "unicode", "reload", "file",
  "Exception", "BaseException", "ValueError", "TypeError", "KeyError", "RuntimeError",
]);
