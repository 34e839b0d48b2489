import { defineRule } from "../types.js";
import type { Node } from "../../parse/parser.js";

/**
 * Words in an assertion that make it look like a security decision (access control, authentication,
 * integrity, request validation) rather than an internal invariant.
 */
const SECURITY_WORDS =
  /\b(?:is_authenticated|is_anonymous|is_admin|is_superuser|is_staff|has_perms?|has_permission|has_object_permission|permissions?|authori[sz]ed|authenticated|check_password|verify\w*|compare_digest|csrf\w*|signature|token|password|is_owner|owner|is_safe_url|url_has_allowed_host_and_scheme|request)\b/i;

/** An assertion that only narrows a type for a type checker: `isinstance(...)`, `x is not None`. */
function isTypeNarrowing(test: Node): boolean {
  if (test.type === "call") return /^(?:isinstance|issubclass|callable)$/.test(test.childForFieldName("function")?.text ?? "");
  if (test.type === "comparison_operator") {
    const ops = test.children.filter((c) => c && !c.isNamed).map((c) => c!.type);
    const operands = test.namedChildren.filter((c) => c && c.type !== "comment");
    return ops.length === 1 && (ops[0] === "is not" || ops[0] === "is") && operands.some((c) => c?.type === "none");
  }
  return false;
}

/** PW402: `assert` used for a check that must hold in production. */
export default defineRule({
  meta: {
    code: "PW402",
    name: "assert-used",
    practice: "error-handling",
    cwe: [617, 703],
    severity: "low",
    confidence: "high",
    aliases: ["B101", "S101"],
    skipInTests: true,
    docs: {
      what:
        "`assert` statements outside test files. Assertions whose condition looks like a security decision " +
        "(permissions, authentication, tokens, signatures, the request) are medium severity; assertions that only " +
        "narrow a type for a type checker (`assert isinstance(x, Foo)`, `assert x is not None`) are reported with " +
        "low confidence. Test files (`test_*.py`, `*_test.py`, `tests/`, `conftest.py`) are skipped unless the rule " +
        "is selected explicitly.",
      why:
        "Python removes every `assert` when it runs with `-O` or `PYTHONOPTIMIZE`, as many container images and " +
        "packagers do. A permission or input check written as an assertion then silently stops happening, and " +
        "when it does run, a failed check raises `AssertionError` instead of an error the caller handles.",
      bad: 'def delete_invoice(request, invoice):\n    assert request.user.has_perm("billing.delete_invoice")\n    invoice.delete()\n',
      good:
        'from django.core.exceptions import PermissionDenied\n\ndef delete_invoice(request, invoice):\n' +
        '    if not request.user.has_perm("billing.delete_invoice"):\n        raise PermissionDenied\n    invoice.delete()\n',
      references: ["CWE-617", "CWE-703", "https://docs.python.org/3/reference/simple_stmts.html#the-assert-statement", "https://docs.python.org/3/using/cmdline.html#cmdoption-O"],
    },
  },
  create(ctx) {
    return {
      assert_statement(node) {
        const test = node.namedChildren.find((c) => c && c.type !== "comment");
        if (!test) return;
        if (SECURITY_WORDS.test(test.text)) {
          ctx.report(node, "security check written as assert: it disappears under python -O; raise an exception (PermissionDenied, ValueError…) instead", {
            severity: "medium",
          });
          return;
        }
        const confidence = isTypeNarrowing(test) ? "low" : undefined;
        ctx.report(node, "assert is removed when Python runs with -O; use an explicit check and raise for conditions that must hold in production", confidence ? { confidence } : {});
      },
    };
  },
});
