/**
 * String composition for the semantic model: the {@link StringShape} of a string-valued expression, its
 * known text with {@link HOLE} where a value varies (literals, f-strings, `+`, `%`, `.format`, `join`).
 */
import type { Node } from "../parse/parser.js";
import { MAX_DEPTH, printfFormat, pyStr, type ConstValue } from "./constants.js";
import type { CallArgs } from "./call-args.js";
import type { Binding } from "./scopes.js";
import { stringPieces, stringPrefix } from "./strings.js";

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

/** What string composition asks of the model: name lookup, call arguments, constant values. */
export interface ShapeContext {
  lookup(name: string, offset: number): Binding | undefined;
  bindingsOf(name: string, offset: number): Binding[];
  args(call: Node): CallArgs;
  constantAt(node: Node, depth: number): ConstValue | undefined;
}

/** Computes string shapes of one module's expressions. */
export class StringShaper {
  constructor(private readonly model: ShapeContext) {}

  /** The shape of `node` (see `ModuleModel.stringShape`); `seen` guards against cycles. */
  shapeAt(node: Node, depth: number, seen: Set<number>): StringShape | undefined {
    if (depth > MAX_DEPTH || seen.has(node.id)) return undefined;
    const c = this.model.constantAt(node, depth);
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
            const v = p.conversion || p.formatSpec || p.selfDoc ? undefined : this.model.constantAt(p.expression, depth);
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
          const rc = this.model.constantAt(right, depth);
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
            const v = arg && right.type === "tuple" ? this.model.constantAt(arg, depth) : undefined;
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
          const args = this.model.args(node);
          const dynamic = [...base.dynamic];
          let holes = base.holes;
          let auto = 0;
          const text = base.text.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (m, field: string | undefined) => {
            if (m === "{{") return "{";
            if (m === "}}") return "}";
            const key = (field ?? "").split(/[!:.[]/, 1)[0];
            const arg = key === "" ? args.positional[auto++] : /^\d+$/.test(key) ? args.positional[Number(key)] : args.keywords.get(key);
            const v = arg && !/[!:]/.test(field ?? "") ? this.model.constantAt(arg, depth) : undefined;
            if (v !== undefined) return pyStr(v);
            holes++;
            if (arg) dynamic.push(arg);
            return HOLE;
          });
          return { text, holes, dynamic, composed: true };
        }
        if (method === "join") {
          const sep = this.model.constantAt(obj, depth);
          const arg = this.model.args(node).positional[0];
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
        const b = this.model.lookup(node.text, node.startIndex);
        if (b && (b.kind === "assign" || b.kind === "walrus") && b.value) {
          const s = this.shapeAt(b.value, depth, seen);
          if (!s) return undefined;
          const list = this.model.bindingsOf(node.text, node.startIndex);
          if (list.length > 1 && list.some((x) => x !== b && !(x.value && this.model.constantAt(x.value, depth) !== undefined))) {
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
            const prev = this.model.lookup(node.text, b.offset);
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
}

const STR_METHODS = new Set(["strip", "lstrip", "rstrip", "lower", "upper", "title", "replace", "encode", "decode", "casefold", "capitalize", "zfill", "ljust", "rjust", "center"]);

function join(parts: StringShape[], composed: boolean): StringShape {
  return {
    text: parts.map((p) => p.text).join(""),
    holes: parts.reduce((n, p) => n + p.holes, 0),
    dynamic: parts.flatMap((p) => p.dynamic),
    composed: composed || parts.some((p) => p.composed),
  };
}
