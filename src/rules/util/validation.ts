/**
 * "Is this check used to accept or reject input?" — how the result of a call (a regex match, typically)
 * decides what happens next, read from the code around it:
 *
 * - `assert check(x)`, `if not check(x): raise …`, `if check(x): return True`, `return bool(check(x))` in a
 *   function named like a validator, and `m = check(x)` followed by `if not m: raise …` (when nothing is read
 *   out of `m` with `m.group(…)`, `m[1]`…) make the check a **positive** validation: a match means "valid".
 * - `if check(x): raise …` and `assert not check(x)` make it a **negative** one: a match means "invalid"
 *   (a search for forbidden characters).
 *
 * Anything else (extracting groups, filtering a list, branching on formats) is not a validation.
 */
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";

/** How a check's result is used. */
export type ValidationUse = "positive" | "negative";

/** Words that make a function name announce a validator: `is_valid_email`, `validate_slug`, `check_username`, `isValid`. */
const VALIDATOR_WORDS = new Set(["valid", "validate", "validates", "validator", "validation", "verify", "check", "ensure"]);

/** Words in the name of a call that rejects input (`abort(400)`, `parser.error(…)`, `sys.exit(1)`, `fail(…)`). */
const REJECTING_CALL = /(?:^|[._])(?:abort|exit|error|fail|fatal|die|reject|invalid|bad_request|http_400|raise_?\w*)$/i;

/**
 * The text of a callee expression, or `""` when it is longer than any name worth reading (200 characters): the
 * patterns above are tested on names, and on a long text `REJECTING_CALL` backtracks quadratically.
 */
function shortText(node: Node | null | undefined): string {
  return node && node.endIndex - node.startIndex <= 200 ? node.text : "";
}

const MAX_CLIMB = 12;

/** True when a function name announces a validator. */
export function isValidatorName(name: string | undefined): boolean {
  if (!name) return false;
  const words = name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase().split(/_+/);
  return words.some((w) => VALIDATOR_WORDS.has(w));
}

/** The statements of a block (skipping comments and a docstring), or the single statement of an inline body. */
function statements(block: Node | null | undefined): Node[] {
  if (!block) return [];
  const out = block.namedChildren.filter((c): c is Node => !!c && c.type !== "comment");
  if (out[0]?.type === "expression_statement" && out[0].namedChildren[0]?.type === "string" && out.length > 1) out.shift();
  return out;
}

/** True when a block rejects: raises, returns a false value or nothing, `continue`s, or calls `abort`/`exit`/`*.error`. */
export function rejects(model: ModuleModel, block: Node | null | undefined): boolean {
  for (const s of statements(block)) {
    switch (s.type) {
      case "raise_statement":
      case "continue_statement":
        return true;
      case "return_statement": {
        const v = s.namedChildren.find((c) => c && c.type !== "comment");
        if (!v || model.isFalse(v)) return true;
        if (v.type === "call" && REJECTING_CALL.test(shortText(v.childForFieldName("function")))) return true;
        // `return False, "bad name"` / `return None, error`
        if ((v.type === "tuple" || v.type === "expression_list") && model.isFalse(v.namedChildren[0])) return true;
        return false;
      }
      case "expression_statement": {
        const e = s.namedChildren[0];
        if (e?.type === "call") {
          const fn = shortText(e.childForFieldName("function"));
          if (REJECTING_CALL.test(fn) || /errors?\.(?:append|add|extend)$/i.test(fn)) return true;
        }
        break;
      }
      default:
        break;
    }
  }
  return false;
}

/** True when a block accepts: its first statement returns `True`. */
function accepts(model: ModuleModel, block: Node | null | undefined): boolean {
  const first = statements(block)[0];
  if (first?.type !== "return_statement") return false;
  const v = first.namedChildren.find((c) => c && c.type !== "comment");
  return !!v && model.truthy(v) === true;
}

/** Match-object members that read what was matched. */
const MATCH_READERS = new Set(["group", "groups", "groupdict", "start", "end", "span", "expand", "string", "lastgroup", "lastindex"]);

/** True when `use` (a read of a match variable) takes something out of the match: `m.group(1)`, `m[1]`. */
function extracts(use: Node): boolean {
  const parent = use.parent;
  if (parent?.type === "attribute" && parent.childForFieldName("object")?.id === use.id) {
    return MATCH_READERS.has(parent.childForFieldName("attribute")?.text ?? "");
  }
  return parent?.type === "subscript" && parent.childForFieldName("value")?.id === use.id;
}

/**
 * How the value of `expr` is used as a validation, climbing through `not`, `bool()`, `is None`/`is not None`,
 * `and`/`or` and parentheses to an `if`/`elif`/`while` test, an `assert`, a `return` in a validator-named
 * function, or an assignment to a name that is tested that way.
 */
export function validationUse(model: ModuleModel, expr: Node, depth = 0): ValidationUse | undefined {
  let node = expr;
  let positive = true; // the value seen so far is truthy exactly when the check matched
  for (let i = 0; i < MAX_CLIMB; i++) {
    const parent = node.parent;
    if (!parent) return undefined;
    switch (parent.type) {
      case "parenthesized_expression":
        node = parent;
        continue;
      case "not_operator":
        positive = !positive;
        node = parent;
        continue;
      case "boolean_operator":
        node = parent;
        continue;
      case "argument_list": {
        const call = parent.parent;
        if (call?.type === "call" && model.callee(call) === "builtins.bool" && parent.namedChildren.length === 1) {
          node = call;
          continue;
        }
        return undefined;
      }
      case "comparison_operator": {
        const ops = parent.children.filter((c) => c && !c.isNamed).map((c) => c!.type).join(" ");
        const other = parent.namedChildren.find((c) => c && c.id !== node.id);
        if (!other || other.type !== "none") return undefined;
        if (ops === "is" || ops === "==") positive = !positive;
        else if (ops !== "is not" && ops !== "!=") return undefined;
        node = parent;
        continue;
      }
      case "if_statement":
      case "elif_clause":
      case "while_statement": {
        if (parent.childForFieldName("condition")?.id !== node.id) return undefined;
        const body = parent.childForFieldName("consequence");
        if (rejects(model, body)) return positive ? "negative" : "positive";
        if (accepts(model, body)) return positive ? "positive" : "negative";
        return undefined;
      }
      case "assert_statement":
        return parent.namedChildren[0]?.id === node.id ? (positive ? "positive" : "negative") : undefined;
      case "return_statement": {
        const fn = model.enclosingFunction(parent);
        if (isValidatorName(fn?.name)) return positive ? "positive" : "negative";
        return undefined;
      }
      case "assignment": {
        if (depth > 0 || parent.childForFieldName("right")?.id !== node.id || node.id !== expr.id) return undefined;
        const target = parent.childForFieldName("left");
        if (target?.type !== "identifier") return undefined;
        const binding = model.lookup(target.text, target.startIndex + 1);
        if (!binding || binding.offset !== target.startIndex) return undefined;
        const uses = model.usesOf(binding);
        // reading groups out of the match makes it a parse, not a yes/no check
        if (uses.some(extracts)) return undefined;
        let found: ValidationUse | undefined;
        for (const use of uses) {
          const u = validationUse(model, use, depth + 1);
          if (u === "positive") return "positive";
          found ??= u;
        }
        return found;
      }
      default:
        return undefined;
    }
  }
  return undefined;
}
