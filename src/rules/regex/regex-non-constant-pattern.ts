import { defineRule, type Handler } from "../types.js";
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";

/** Module functions whose first parameter (`pattern`) is a regular expression. */
const FUNCTIONS = ["compile", "match", "fullmatch", "search", "findall", "finditer", "split", "sub", "subn"];
/** Extra functions of the third-party `regex` module. */
const REGEX_ONLY = ["splititer", "subf", "subfn"];
const ESCAPES = new Set(["re.escape", "regex.escape"]);
const COMPILERS = new Set(["re.compile", "regex.compile"]);
/** A name spelled like a constant (`EMAIL_RE`, `settings.SLUG_PATTERN`) whose value is defined out of sight. */
const CONSTANT_NAME = /^_*[A-Z][A-Z0-9_]*$/;
const NUMERIC_TYPES = new Set(["int", "float", "builtins.int", "builtins.float"]);
const MAX_DEPTH = 30;

/**
 * Decides whether a pattern expression is safe: constant, or built only from constants, `re.escape(...)`
 * results, numbers, compiled patterns and constant-looking names defined elsewhere.
 */
class PatternJudge {
  constructor(private readonly model: ModuleModel) {}

  /** True when the whole pattern expression is safe. */
  safe(node: Node | null | undefined, depth = 0): boolean {
    if (!node || depth > MAX_DEPTH) return false;
    const m = this.model;
    if (m.isConstant(node)) return true;
    const shape = m.stringShape(node);
    if (shape) {
      // a hole without an expression comes from a name whose other bindings vary
      if (shape.holes > shape.dynamic.length) return false;
      return shape.dynamic.every((d) => !d.equals(node) && this.safePart(d, depth + 1));
    }
    return this.safePart(node, depth + 1);
  }

  /** True when one varying part of a pattern cannot inject regex syntax. */
  private safePart(node: Node, depth: number): boolean {
    if (depth > MAX_DEPTH) return false;
    const m = this.model;
    if (m.isConstant(node)) return true;
    switch (node.type) {
      case "parenthesized_expression":
        return this.safe(node.namedChildren[0], depth + 1);
      case "call": {
        const name = m.callee(node);
        if (name && (ESCAPES.has(name) || COMPILERS.has(name))) return true;
        if (name === "builtins.len" || name === "builtins.int") return true;
        // `"|".join(KEYWORDS.keys())` over a dictionary with constant keys
        if ((m.methodName(node) === "keys" || name === "builtins.sorted") && !m.args(node).hasDoubleStar) {
          const source = name === "builtins.sorted" ? m.args(node).positional[0] : node.childForFieldName("function")?.childForFieldName("object");
          return !!source && this.safe(source, depth + 1);
        }
        if (name === "builtins.map") {
          const fn = m.args(node).positional[0];
          return !!fn && ESCAPES.has(m.resolve(fn) ?? "");
        }
        return false;
      }
      case "generator_expression":
      case "list_comprehension":
      case "set_comprehension":
        // `"|".join(re.escape(w) for w in words)`
        return this.safe(node.childForFieldName("body"), depth + 1);
      case "dictionary":
        // iterating a dictionary yields its keys
        return node.namedChildren.every((p) => !p || p.type === "comment" || (p.type === "pair" && m.isConstant(p.childForFieldName("key"))));
      case "set":
        return node.namedChildren.every((c) => !c || c.type === "comment" || m.isConstant(c));
      case "attribute": {
        const attr = node.childForFieldName("attribute")?.text ?? "";
        return CONSTANT_NAME.test(attr);
      }
      case "identifier":
        return this.safeName(node, depth);
      default:
        return false;
    }
  }

  private safeName(node: Node, depth: number): boolean {
    const m = this.model;
    const used = m.lookup(node.text, node.startIndex);
    if (!used) return false;
    if (used.kind === "import") return CONSTANT_NAME.test(node.text);
    if (used.kind === "param") {
      const t = used.annotation;
      const ann = t?.type === "type" ? t.namedChildren[0] : t;
      return !!ann && NUMERIC_TYPES.has(m.resolve(ann) ?? ann.text);
    }
    if (used.kind === "for") return this.constantLoop(used.node);
    const bindings = m.bindingsOf(node.text, node.startIndex);
    if (!bindings.length) return false;
    return bindings.every((b) => (b.kind === "assign" || b.kind === "walrus") && !!b.value && this.safe(b.value, depth + 1));
  }

  /** `for pattern in (r"\d+", r"\w+"):` — the loop variable only takes constant values. */
  private constantLoop(target: Node): boolean {
    let n: Node | null = target.parent;
    for (let i = 0; n && i < 4; i++, n = n.parent) {
      if (n.type === "for_statement" || n.type === "for_in_clause") {
        const left = n.childForFieldName("left");
        if (left?.type !== "identifier") return false;
        const v = this.model.constant(n.childForFieldName("right"));
        return Array.isArray(v) && v.every((x) => typeof x === "string");
      }
    }
    return false;
  }
}

/** PW701: a regular expression whose pattern is not a constant. */
export default defineRule({
  namesOnly: true,
  meta: {
    code: "PW701",
    name: "regex-non-constant-pattern",
    practice: "regex",
    cwe: [730, 1333],
    severity: "medium",
    confidence: "low",
    aliases: [],
    skipInTests: true,
    docs: {
      what:
        "`re` (and `regex`) functions — `compile`, `match`, `fullmatch`, `search`, `findall`, `finditer`, `split`, " +
        "`sub`, `subn` — whose pattern is built at run time. Constants, compositions of constants, text passed " +
        "through `re.escape`, numbers, already-compiled patterns and constant-style names (`EMAIL_RE`) defined " +
        "elsewhere are not reported. Confidence is low until data flow shows the value comes from a user.",
      why:
        "A pattern an attacker controls can be chosen to backtrack catastrophically (ReDoS), freezing the " +
        "worker on a short input, or can change what a validation or search matches. Text meant to be matched " +
        "literally must be escaped.",
      bad: 'import re\nre.search(request.args["q"], document)\n',
      good: 'import re\nre.search(re.escape(request.args["q"]), document)\n# or plain substring search: request.args["q"] in document\n',
      references: [
        "CWE-730",
        "CWE-1333",
        "https://owasp.org/www-community/attacks/Regular_expression_Denial_of_Service_-_ReDoS",
        "https://docs.python.org/3/library/re.html#re.escape",
      ],
    },
  },
  create(ctx) {
    const judge = new PatternJudge(ctx.model);
    const check = (call: Node, label: string): void => {
      const pattern = ctx.model.arg(call, 0, "pattern");
      if (!pattern || judge.safe(pattern)) return;
      ctx.report(call, `${label} with a pattern built at run time; escape inserted text with re.escape() or keep the pattern constant`);
    };
    const handlers: Record<string, Handler> = {};
    for (const fn of FUNCTIONS) {
      handlers[`re.${fn}`] = (call) => check(call, `re.${fn}`);
      handlers[`regex.${fn}`] = (call) => check(call, `regex.${fn}`);
    }
    for (const fn of REGEX_ONLY) handlers[`regex.${fn}`] = (call) => check(call, `regex.${fn}`);
    return handlers;
  },
});
