import { defineRule } from "../types.js";
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";
import {
  DJANGO_PERMISSION_MODEL,
  GRANT_ALL_SQL,
  GRANT_METHODS,
  PERMISSION_MANAGERS,
  SUPERUSER_FACTORIES,
} from "../../model/knowledge/account-flows.js";
import { adminOnly, isAdminTooling, looksLikeView } from "../util/account-flows.js";

/** True when an expression is every permission: `Permission.objects.all()` (or a name bound to it), `*` of it. */
function isEveryPermission(model: ModuleModel, node: Node | null | undefined, depth = 0): boolean {
  if (!node || depth > 3) return false;
  if (node.type === "list_splat" || node.type === "parenthesized_expression") return isEveryPermission(model, node.namedChildren[0], depth + 1);
  if (node.type === "identifier") {
    const b = model.lookup(node.text, node.startIndex);
    return b?.kind === "assign" && !!b.value && isEveryPermission(model, b.value, depth + 1);
  }
  if (node.type !== "call" || model.methodName(node) !== "all") return false;
  const recv = node.childForFieldName("function")?.childForFieldName("object");
  if (recv?.type !== "attribute" || recv.childForFieldName("attribute")?.text !== "objects") return false;
  const cls = recv.childForFieldName("object");
  const q = cls ? model.resolve(cls) : undefined;
  return q === DJANGO_PERMISSION_MODEL || (!q && cls?.text === "Permission");
}

/** PW654: every permission granted at once (all Django permissions, SQL `GRANT ALL`, a superuser made by a view). */
export default defineRule({
  meta: {
    code: "PW654",
    name: "all-permissions-granted",
    practice: "least-privilege",
    cwe: [269, 250],
    severity: "medium",
    confidence: "high",
    aliases: [],
    skipInTests: true,
    docs: {
      what:
        "Code that grants every privilege in one go: `user.user_permissions.set(Permission.objects.all())` (or " +
        "`.add(*Permission.objects.all())`, or a group's `permissions`), SQL text with `GRANT ALL [PRIVILEGES] ON`, " +
        "and a view that creates a superuser (`create_superuser(...)`, `create_user(..., is_superuser=True)`, " +
        "`user.is_superuser = True`). Management commands, migrations and seed scripts, and views restricted to " +
        "superusers, are not reported for superuser creation.",
      why:
        "Least privilege means granting the permissions a role's task needs, one by one: a support agent needs to " +
        "read orders, not to delete users or change the site's configuration. An account holding every " +
        "permission, or a database role holding every privilege, turns any takeover of it into a takeover of " +
        "everything; a web request that can mint superusers is one bug away from doing so for an attacker.",
      bad:
        "def make_support(user):\n    user.user_permissions.set(Permission.objects.all())\n\n" +
        "cursor.execute(\"GRANT ALL PRIVILEGES ON shop.* TO 'app'@'%'\")\n",
      good:
        "def make_support(user):\n    support = Group.objects.get(name=\"support\")  # view_order, change_order\n" +
        "    user.groups.add(support)\n\n" +
        "cursor.execute(\"GRANT SELECT, INSERT, UPDATE ON shop.orders TO 'app'@'%'\")\n",
      references: [
        "CWE-269",
        "CWE-250",
        "https://docs.djangoproject.com/en/stable/topics/auth/default/#permissions-and-authorization",
        "https://cheatsheetseries.owasp.org/cheatsheets/Authorization_Cheat_Sheet.html#enforce-least-privileges",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;
    const tooling = isAdminTooling(model.moduleName);
    /** In a view not restricted to superusers (where creating superusers is out of place). */
    const inOpenView = (node: Node): boolean => {
      if (tooling) return false;
      const fn = model.enclosingFunction(node);
      return !!fn?.node && looksLikeView(fn.node) && !adminOnly(fn.node) && !/\bcommand\b|\bcli\b/.test(fn.node.parent?.type === "decorated_definition" ? fn.node.parent.text.slice(0, fn.node.startIndex - fn.node.parent.startIndex) : "");
    };
    return {
      call(call) {
        const method = model.methodName(call);
        const fn = call.childForFieldName("function");
        if (method && GRANT_METHODS.has(method) && fn?.type === "attribute") {
          const recv = fn.childForFieldName("object");
          const manager = recv?.type === "attribute" ? recv.childForFieldName("attribute")?.text : undefined;
          if (manager && PERMISSION_MANAGERS.has(manager) && (call.childForFieldName("arguments")?.namedChildren ?? []).some((a) => isEveryPermission(model, a))) {
            ctx.report(call, `${manager}.${method}() grants every permission of every app at once; grant the few permissions the role needs (through a group)`);
            return;
          }
        }
        if (method && SUPERUSER_FACTORIES.has(method) && inOpenView(call)) {
          ctx.report(call, `${method}() in a view: a web request creates an account holding every permission; create superusers with a management command, and only let superusers promote others`);
          return;
        }
        const flag = model.arg(call, undefined, "is_superuser");
        if (flag && model.truthy(flag) === true && model.isConstant(flag) && inOpenView(call)) {
          ctx.report(flag.parent ?? flag, "is_superuser=True in a view: a web request creates an account holding every permission; create superusers with a management command, and only let superusers promote others");
        }
      },
      assignment(node) {
        const left = node.childForFieldName("left");
        if (left?.type !== "attribute" || left.childForFieldName("attribute")?.text !== "is_superuser") return;
        const right = node.childForFieldName("right");
        if (!right || model.constant(right) !== true || !inOpenView(node)) return;
        ctx.report(node, "is_superuser = True in a view: a web request hands out every permission; only let superusers promote others, and prefer a group with the permissions the role needs");
      },
      string(node) {
        // the text tests first: they rule out almost every string, and `.parent` is costly (a walk from the root);
        // without escapes or interpolations (whose constant values the shape may fill in), the value's text is a
        // part of the literal's own
        const raw = node.text;
        if (!/[\\{]/.test(raw) && !/grant/i.test(raw)) return;
        const shape = model.stringShape(node);
        const text = shape?.text ?? String(model.constant(node) ?? "");
        if (!GRANT_ALL_SQL.test(text)) return;
        if (node.parent?.type === "expression_statement" || node.parent?.type === "concatenated_string") return; // docstrings; parts are checked whole
        ctx.report(node, "GRANT ALL gives the database role every privilege on the object: grant only the statements the application runs (SELECT, INSERT, UPDATE…) on the tables it needs");
      },
    };
  },
});
