import { defineRule } from "../types.js";
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";

/** Exception classes that catch (nearly) everything. */
const BROAD = new Set(["builtins.Exception", "builtins.BaseException"]);

/** How an `except` clause's body ignores the exception, or undefined when it does something with it. */
function ignoredBy(body: Node | null): "pass" | "continue" | undefined {
  if (!body) return undefined;
  const statements = body.namedChildren.filter((c): c is Node => !!c && c.type !== "comment");
  if (statements.length !== 1) return undefined;
  const only = statements[0];
  if (only.type === "pass_statement") return "pass";
  if (only.type === "continue_statement") return "continue";
  if (only.type === "expression_statement" && only.namedChildren.length === 1 && only.namedChildren[0]?.type === "ellipsis") return "pass";
  return undefined;
}

/** The exception-type expression of an `except` clause (without `as name`), or undefined for a bare `except:`. */
function caughtType(clause: Node): Node | undefined {
  const value = clause.childForFieldName("value");
  if (!value) return undefined;
  if (value.type === "as_pattern") return value.namedChildren[0] ?? undefined;
  return value;
}

/** `"bare"`, `"broad"` (Exception/BaseException, alone or in a tuple) or `"typed"`. */
function breadth(model: ModuleModel, type: Node | undefined): "bare" | "broad" | "typed" {
  if (!type) return "bare";
  const types = type.type === "tuple" || type.type === "parenthesized_expression" ? type.namedChildren.filter((c): c is Node => !!c) : [type];
  return types.some((t) => BROAD.has(model.resolve(t) ?? "")) ? "broad" : "typed";
}

/** PW403: an exception caught and ignored with `pass` / `continue` (or `contextlib.suppress(Exception)`). */
export default defineRule({
  meta: {
    code: "PW403",
    name: "swallowed-exception",
    practice: "error-handling",
    cwe: [390, 703],
    severity: "low",
    confidence: "high",
    aliases: ["B110", "S110", "B112", "S112"],
    options: {
      checkTypedExceptions: { type: "boolean", default: false, description: "Also report named, specific exceptions that are ignored (low confidence)." },
    },
    docs: {
      what:
        "`except:`, `except Exception:` and `except BaseException:` clauses (alone, in a tuple, with `as e`, or " +
        "`except*`) whose whole body is `pass`, `...` or `continue`, and `contextlib.suppress(Exception)`. One rule " +
        "covers both peer checks, try/except/pass (B110, S110) and try/except/continue (B112, S112). An `except` " +
        "that does anything else — logs, counts, re-raises, returns a value — is not reported. Catching a named, " +
        "specific exception and ignoring it (`except KeyError: pass`, `except FileNotFoundError: pass`) is a " +
        "deliberate decision and is not reported unless the option `checkTypedExceptions: true` is set (then low " +
        "confidence).",
      why:
        "An exception swallowed without a trace hides failures that matter: a permission check that crashed, a " +
        "signature that failed to verify, a write that never happened. The program goes on in a state nobody " +
        "intended, and no log shows why. A bare `except:` also catches `KeyboardInterrupt` and `SystemExit`.",
      bad: "try:\n    verify_signature(payload, signature)\nexcept Exception:\n    pass\n",
      good:
        'try:\n    verify_signature(payload, signature)\nexcept InvalidSignature:\n    log.warning("rejected payload with a bad signature")\n    raise\n',
      references: ["CWE-390", "CWE-703", "https://docs.python.org/3/tutorial/errors.html#handling-exceptions", "https://cheatsheetseries.owasp.org/cheatsheets/Error_Handling_Cheat_Sheet.html"],
    },
  },
  create(ctx) {
    const { model } = ctx;
    const checkTyped = ctx.options.checkTypedExceptions === true;
    return {
      except_clause(clause) {
        const how = ignoredBy(clause.childForFieldName("body") ?? clause.namedChildren.find((c) => c?.type === "block") ?? null);
        if (!how) return;
        const type = caughtType(clause);
        const kind = breadth(model, type);
        if (kind === "typed" && !checkTyped) return;
        const header = type ? `except ${type.text.replace(/\s+/g, " ").slice(0, 60)}` : "except";
        if (kind === "typed") {
          ctx.report(clause, `\`${header}: ${how}\` ignores the exception without a trace; log it or say why it is safe to ignore`, { confidence: "low" });
          return;
        }
        const extra = kind === "bare" ? ", KeyboardInterrupt and SystemExit included," : "";
        ctx.report(clause, `\`${header}: ${how}\` silently ignores every exception${extra} in the try block; catch the specific exceptions expected and log or handle the rest`);
      },
      "contextlib.suppress"(call) {
        const a = model.args(call);
        const broad = a.positional.find((t) => BROAD.has(model.resolve(t) ?? ""));
        if (!broad) return;
        ctx.report(call, `contextlib.suppress(${broad.text}) silently ignores every exception in its block; suppress only the specific exceptions expected`);
      },
    };
  },
});
