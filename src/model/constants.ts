/**
 * Constant folding for the semantic model: the compile-time value of a Python expression (literals, names
 * bound only to constants, arithmetic, comparisons, `%`/`.format`/f-string/`join` composition, subscripts of
 * constant literals), plus the Python semantics it needs (`str()`, truthiness, comparisons, formatting).
 */
import type { Node } from "../parse/parser.js";
import type { Binding } from "./scopes.js";
import type { CallArgs } from "./call-args.js";
import { stringPieces } from "./strings.js";

/** A constant Python value: str/bytes → string, int/float → number, bool, None → null, tuple/list → array. */
export type ConstValue = string | number | boolean | null | ConstValue[];

/** Recursion limit of the model's memoised walks (constants, references, string shapes). */
export const MAX_DEPTH = 60;

/** Cache marker of a value being computed (a cycle reads it as "unknown"). */
export const PENDING = Symbol("pending");

/** What constant folding asks of the model: name lookup, call arguments, in-place mutation. */
export interface ConstantContext {
  lookup(name: string, offset: number): Binding | undefined;
  bindingsOf(name: string, offset: number): Binding[];
  isMutated(b: Binding): boolean;
  resolve(node: Node | null | undefined): string | undefined;
  args(call: Node): CallArgs;
}

/** Folds expressions of one module to constants, memoised per node id. */
export class ConstantFolder {
  private readonly constCache = new Map<number, ConstValue | undefined | typeof PENDING>();

  constructor(private readonly model: ConstantContext) {}

  /** The constant value of `node` (see `ModuleModel.constant`), at recursion depth `depth`. */
  constantAt(node: Node, depth: number): ConstValue | undefined {
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
      const list = this.model.bindingsOf(holder.text, holder.startIndex);
      const b = this.model.lookup(holder.text, holder.startIndex);
      if (!b || list.length !== 1 || list[0] !== b || b.kind !== "assign" || !b.value || this.model.isMutated(b)) return undefined;
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
    const list = this.model.bindingsOf(node.text, node.startIndex);
    const b = this.model.lookup(node.text, node.startIndex);
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
    if (Array.isArray(value) && b.value && (b.value.type === "list" || b.value.type === "set") && this.model.isMutated(b)) return undefined;
    return value;
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
      const name = this.model.resolve(fn);
      const args = this.model.args(node);
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
    const args = this.model.args(node);
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
export function printfFormat(format: string, args: ConstValue[]): string | undefined {
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
