import { defineRule, type Handler } from "../types.js";
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";
import { ERROR_HANDLER_DECORATORS, LOGIN_STATE_ATTRIBUTES } from "../../model/knowledge/security-events.js";
import {
  authCheckOf,
  catchesAuthFailure,
  denialOf,
  precedingStatements,
  runningDescendants,
  searchLogging,
  statementsOf,
} from "../util/security-events.js";
import { identifierWords } from "../util/names.js";

/** The innermost conditional branch around a denial, inside its function. */
interface Branch {
  /** The branch's block. */
  block: Node;
  /** The `if`/`elif` condition deciding it (for an `else`, the condition of its `if`). */
  condition?: Node;
  /** The `except` clause, when the branch is one. */
  clause?: Node;
}

/** Words of a function name that make it a denial-response helper or error page, not a decision. */
const RESPONSE_HELPER_WORDS = new Set(["forbidden", "unauthorized", "unauthorised", "denied", "denial", "403", "401"]);

/** The innermost `if`/`elif`/`else`/`except`/`case` block around `node`, stopping at the function. */
function innermostBranch(node: Node, fnNode: Node): Branch | undefined {
  for (let p = node.parent, depth = 0; p && depth < 200 && p.id !== fnNode.id; p = p.parent, depth++) {
    if (p.type !== "block") continue;
    const owner = p.parent;
    if (!owner) return undefined;
    switch (owner.type) {
      case "if_statement":
      case "elif_clause":
        if (owner.childForFieldName("consequence")?.id === p.id) return { block: p, condition: owner.childForFieldName("condition") ?? undefined };
        break;
      case "else_clause": {
        const ifNode = owner.parent;
        if (ifNode?.type === "if_statement") return { block: p, condition: ifNode.childForFieldName("condition") ?? undefined };
        break; // `for … else`, `try … else`: not a decision
      }
      case "except_clause":
        return { block: p, clause: owner };
      case "case_clause":
        return { block: p };
    }
  }
  return undefined;
}

/** True when the function is registered as an error handler, or named as one or as a denial-response helper. */
function isErrorHandler(fnNode: Node): boolean {
  const name = fnNode.childForFieldName("name")?.text ?? "";
  const words = identifierWords(name);
  if (words.some((w) => RESPONSE_HELPER_WORDS.has(w)) || /^handler40[13]$/.test(name)) return true;
  // `custom_exception_handler(exc, context)`, `handle_error(e)`
  if (words.some((w) => w === "handler" || w === "handle") && words.some((w) => w === "exception" || w === "error" || w === "errors")) return true;
  const decorated = fnNode.parent?.type === "decorated_definition" ? fnNode.parent : undefined;
  for (const d of decorated?.namedChildren ?? []) {
    if (d?.type !== "decorator") continue;
    let e = d.namedChildren.find((c) => c && c.type !== "comment") ?? null;
    if (e?.type === "call") e = e.childForFieldName("function");
    const last = e?.type === "attribute" ? e.childForFieldName("attribute")?.text : e?.text;
    if (last && ERROR_HANDLER_DECORATORS.has(last)) return true;
  }
  return false;
}

/** The condition tests an authentication result: PW910 judges that path. */
function testsAuthResult(model: ModuleModel, condition: Node): boolean {
  for (const call of runningDescendants(condition, ["call"])) if (authCheckOf(model, call)) return true;
  for (const id of runningDescendants(condition, ["identifier"])) {
    const b = model.lookup(id.text, id.startIndex);
    if (b?.kind === "assign" && b.value?.type === "call" && authCheckOf(model, b.value)) return true;
    if (b?.kind === "assign" && b.value?.type === "await" && b.value.namedChildren[0]?.type === "call" && authCheckOf(model, b.value.namedChildren[0])) return true;
  }
  return false;
}

/** The condition asks whether anybody is logged in (`current_user.is_authenticated`, `request.user.is_anonymous`). */
function testsLoginState(condition: Node): boolean {
  return runningDescendants(condition, ["attribute"]).some((a) => LOGIN_STATE_ATTRIBUTES.has(a.childForFieldName("attribute")?.text ?? ""));
}

/** A plain value: a name, attribute, subscript or `.get(...)` lookup. */
function isLookup(node: Node | null | undefined): boolean {
  if (!node) return false;
  if (node.type === "identifier" || node.type === "attribute" || node.type === "subscript") return true;
  if (node.type === "call") {
    const fn = node.childForFieldName("function");
    const m = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : undefined;
    return m === "get" || m === "getenv";
  }
  return false;
}

/**
 * The condition only asks whether credentials were sent at all (`not token`, `user is None`,
 * `"Authorization" not in request.headers`): a 401 for an anonymous request, not a failed check.
 */
function testsPresence(node: Node | null | undefined, depth = 0): boolean {
  if (!node || depth > 40) return false;
  switch (node.type) {
    case "parenthesized_expression":
      return testsPresence(node.namedChildren[0], depth + 1);
    case "not_operator":
      return isLookup(node.childForFieldName("argument"));
    case "boolean_operator":
      return node.childForFieldName("operator")?.type === "or" && testsPresence(node.childForFieldName("left"), depth + 1) && testsPresence(node.childForFieldName("right"), depth + 1);
    case "comparison_operator": {
      const ops = node.children.filter((c) => c && !c.isNamed).map((c) => c!.type).join(" ");
      const [a, b] = node.namedChildren;
      if (ops === "not in") return true;
      if ((ops === "is" || ops === "==") && b?.type === "none") return isLookup(a);
      if (ops === "==" && b?.type === "string" && b.text.length <= 3) return isLookup(a);
      return false;
    }
    default:
      return isLookup(node);
  }
}

/** PW911: access denied without a log record. */
export default defineRule({
  meta: {
    code: "PW911",
    name: "access-denial-not-logged",
    practice: "logging",
    cwe: [778],
    severity: "low",
    confidence: "medium",
    aliases: [],
    skipInTests: true,
    docs: {
      what:
        "An access-control decision that refuses a request without writing a log record: `abort(403)`/`abort(401)`, " +
        "`raise PermissionDenied`, `HttpResponseForbidden(...)`, `HTTPException(status_code=403)`, " +
        "`Response(..., status=403)`, `return body, 403` and their framework equivalents (Django, DRF, Flask/" +
        "Werkzeug, FastAPI/Starlette, aiohttp, Tornado, Falcon, Pyramid), inside a conditional branch (`if`, " +
        "`else`, `except`, `case`) of a function where neither that branch nor any statement before it on the " +
        "way logs anything (see PW910 for what counts as a logging call; `print()` does not). Not reported: " +
        "denials that are not decisions (a function that always returns 403, error handlers registered with " +
        "`errorhandler`/`exception_handler`, helpers named `forbidden`/`unauthorized`…), views guarded only by " +
        "decorators such as `@login_required` or `@permission_required` (the library denies), checks of " +
        "whether anybody is logged in (`is_authenticated`/`is_anonymous`), 401s for requests that sent no " +
        "credentials at all (`if not token:`), and branches testing a credential check (PW910 reports those).",
      why:
        "Refused requests for other users' data or for admin functions are how access-control probing and " +
        "privilege escalation attempts show up. A web server's access log records only a status code; without " +
        "an application log naming the user, the resource and the reason, the attempts go unnoticed. Django " +
        "logs 4xx responses to `django.request` at WARNING, but without user or reason, and the default " +
        "configuration drops them in production.",
      bad:
        "@bp.post(\"/invoices/<int:invoice_id>/void\")\ndef void_invoice(invoice_id):\n" +
        "    invoice = Invoice.query.get_or_404(invoice_id)\n    if invoice.owner_id != current_user.id:\n" +
        "        abort(403)\n    invoice.void()\n    return redirect(url_for(\"invoices.show\", invoice_id=invoice_id))\n",
      good:
        "@bp.post(\"/invoices/<int:invoice_id>/void\")\ndef void_invoice(invoice_id):\n" +
        "    invoice = Invoice.query.get_or_404(invoice_id)\n    if invoice.owner_id != current_user.id:\n" +
        "        audit_log.warning(\"user %s denied voiding invoice %s\", current_user.id, invoice_id)\n" +
        "        abort(403)\n    invoice.void()\n    return redirect(url_for(\"invoices.show\", invoice_id=invoice_id))\n",
      references: [
        "CWE-778",
        "https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html",
        "https://owasp.org/Top10/A09_2021-Security_Logging_and_Monitoring_Failures/",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;
    const check = (node: Node): void => {
      const denial = denialOf(model, node);
      if (!denial) return;
      const fn = model.enclosingFunction(node);
      const fnNode = fn?.kind === "function" ? fn.node : undefined;
      if (!fnNode || isErrorHandler(fnNode)) return;
      const branch = innermostBranch(node, fnNode);
      if (!branch) return; // unconditional: a response helper, the decision is elsewhere
      if (branch.clause && catchesAuthFailure(model, branch.clause)) return;
      if (branch.condition) {
        if (testsAuthResult(model, branch.condition) || testsLoginState(branch.condition)) return;
        if (denial.status === 401 && testsPresence(branch.condition)) return;
      }
      const inBranch = searchLogging(model, statementsOf(branch.block));
      if (inBranch.logs || searchLogging(model, precedingStatements(node, fnNode)).logs) return;
      const note = inBranch.prints ? " (print() is not a log)" : "";
      ctx.report(
        node,
        `access denied with ${denial.label} but nothing is logged on this path${note}: log who was refused what, and why`,
      );
    };
    const handlers: Record<string, Handler> = {
      call: check,
      raise_statement: check,
      return_statement: check,
    };
    return handlers;
  },
});
