import { defineRule } from "../types.js";
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";
import { LOOKUP_OR_404, MESSAGE_VARIABLE, NOT_FOUND_EXCEPTIONS, USER_MESSAGE_CALLS } from "../../model/knowledge/account-flows.js";
import { authCheckOf, caughtTypes, failurePath, followTest, isLoggingCall, runningDescendants, statementsOf, type AuthTest } from "../util/security-events.js";
import { isLoginName, isResetName, looksLikeView } from "../util/account-flows.js";

/** Names of variables (and lookups) that hold an account. */
const ACCOUNT_TEXT = /user|account|member|customer|profile|person|employee/i;

/** What a branch shows the client: its messages, templates and status codes, as a sorted list. */
function signature(model: ModuleModel, statements: readonly Node[]): string[] {
  const out = new Set<string>();
  const collect = (root: Node, statuses: boolean): void => {
    const nodes = root.type === "string" ? [root] : root.descendantsOfType(["string", "integer"]);
    for (const n of nodes) {
      if (!n) continue;
      if (n.type === "integer") {
        const v = model.constant(n);
        if (statuses && typeof v === "number" && v >= 100 && v < 600) out.add(`status ${v}`);
        continue;
      }
      if (n.parent?.type === "string" || n.parent?.type === "concatenated_string") continue;
      // a dictionary key (`{"error": "user_not_found"}`) names a field; only the values are messages
      if (n.parent?.type === "pair" && n.parent.childForFieldName("key")?.id === n.id) continue;
      const v = model.constant(n);
      const text = typeof v === "string" ? v : model.stringShape(n)?.text;
      if (text) out.add(JSON.stringify(text));
    }
  };
  for (const s of statements) {
    for (const n of runningDescendants(s, ["return_statement", "raise_statement", "call", "assignment"])) {
      if (n.type === "return_statement" || n.type === "raise_statement") {
        // a call to a logger inside a return is rare; strings of a returned response are what the client sees
        collect(n, true);
      } else if (n.type === "call") {
        if (isLoggingCall(model, n)) continue;
        const fn = n.childForFieldName("function");
        const last = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : fn?.text;
        if (last && USER_MESSAGE_CALLS.has(last)) {
          const args = n.childForFieldName("arguments");
          if (args) collect(args, true);
        }
      } else {
        const left = n.childForFieldName("left");
        const name = left?.type === "identifier" ? left.text : left?.type === "subscript" ? String(model.constant(left.childForFieldName("subscript")) ?? "") : "";
        const right = n.childForFieldName("right");
        if (name && MESSAGE_VARIABLE.test(name) && right) collect(right, false);
      }
    }
  }
  return [...out].sort();
}

/** The statements of the branch where a test's condition does *not* signal failure (the "found" branch). */
function otherPath(model: ModuleModel, t: AuthTest): Node[] | undefined {
  return failurePath(model, { test: t.test, successWhenTrue: !t.successWhenTrue });
}

/** The test of a name assigned from a check (`user = authenticate(...)`; `if user is None:`), as in PW910. */
function testOfName(model: ModuleModel, target: Node, success: boolean): AuthTest | undefined {
  const b = model.bindingsOf(target.text, target.startIndex + 1).find((x) => x.offset === target.startIndex);
  if (!b) return undefined;
  for (const use of model.usesOf(b)) {
    if (use.startIndex < target.endIndex) continue;
    const r = followTest(model, use);
    if (r && "test" in r) return { test: r.test, successWhenTrue: r.successWhenTrue === success };
  }
  return undefined;
}

/** The account names a password check reads (`user` in `user.check_password(pw)`, `check_password_hash(user.pw_hash, pw)`). */
function accountNames(call: Node): Set<string> {
  const out = new Set<string>();
  const fn = call.childForFieldName("function");
  const add = (n: Node | null | undefined): void => {
    let x = n;
    while (x?.type === "attribute" || x?.type === "subscript") x = x.childForFieldName(x.type === "attribute" ? "object" : "value");
    if (x?.type === "identifier" && x.text !== "self" && x.text !== "request") out.add(x.text);
  };
  if (fn?.type === "attribute") add(fn.childForFieldName("object"));
  for (const a of call.childForFieldName("arguments")?.namedChildren ?? []) {
    if (a?.type === "attribute" || a?.type === "subscript") add(a);
  }
  return out;
}

/** How an unknown account is answered: a branch of statements, or the 404 of a `get_object_or_404` lookup. */
type Unknown = { test?: Node; statements: Node[]; tryStatement?: Node } | { implicit404: string };

/** PW656: a login or password-reset handler that answers differently for unknown accounts. */
export default defineRule({
  meta: {
    code: "PW656",
    name: "account-enumeration",
    practice: "least-privilege",
    cwe: [204, 203],
    severity: "medium",
    confidence: "medium",
    aliases: [],
    skipInTests: true,
    docs: {
      what:
        "A login view whose \"unknown account\" branch (a lookup that finds no user: `if user is None`, " +
        "`except User.DoesNotExist`, `if not User.objects.filter(...).exists()`, `get_object_or_404(User, ...)`) " +
        "answers with other messages, templates or status codes than its \"wrong password\" branch (the failure " +
        "of `check_password`, `check_password_hash`, `authenticate`, `bcrypt.checkpw`…); and a password-reset view " +
        "whose \"unknown account\" answer differs from its \"reset link sent\" answer. What a branch shows is read " +
        "from its returns and raises, `flash`/`messages.*`/`add_error`/`abort` calls and `error = \"…\"` " +
        "assignments; log calls do not count. One combined test (`if user is None or not user.check_password(pw)`) " +
        "is the fix and is never reported.",
      why:
        "When \"no such user\" and \"wrong password\" look different, an attacker learns which e-mail addresses " +
        "have accounts, then guesses passwords, phishes or stuffs credentials only for those. Least privilege for " +
        "an anonymous visitor includes not learning who your users are: the answer must be the same whichever " +
        "half of the credentials was wrong.",
      bad:
        "@app.post(\"/login\")\ndef login():\n    user = User.query.filter_by(email=request.form[\"email\"]).first()\n" +
        "    if user is None:\n        return \"no such user\", 404\n" +
        "    if not check_password_hash(user.pw_hash, request.form[\"password\"]):\n        return \"wrong password\", 401\n" +
        "    login_user(user)\n    return redirect(\"/\")\n",
      good:
        "@app.post(\"/login\")\ndef login():\n    user = User.query.filter_by(email=request.form[\"email\"]).first()\n" +
        "    if user is None or not check_password_hash(user.pw_hash, request.form[\"password\"]):\n" +
        "        return \"invalid e-mail or password\", 401\n    login_user(user)\n    return redirect(\"/\")\n",
      references: [
        "CWE-204",
        "CWE-203",
        "https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#authentication-and-error-messages",
        "https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/03-Identity_Management_Testing/04-Testing_for_Account_Enumeration_and_Guessable_User_Account",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;

    /** The unknown-account answers reachable from the lookups of `names` in `fnNode`, before `before`. */
    const unknownBranches = (fnNode: Node, names: Set<string> | undefined, calls: Node[], before: number): Unknown[] => {
      const out: Unknown[] = [];
      for (const call of calls) {
        if (call.startIndex >= before) break;
        // `if not User.objects.filter(email=e).exists():`
        if (model.methodName(call) === "exists" && ACCOUNT_TEXT.test(call.text.slice(0, 300))) {
          const r = followTest(model, call);
          if (r && "test" in r) out.push({ test: r.test, statements: failurePath(model, r) ?? [] });
          continue;
        }
        // `user = <lookup>`
        const assign = call.parent;
        if (assign?.type !== "assignment" || assign.childForFieldName("right")?.id !== call.id) continue;
        const target = assign.childForFieldName("left");
        if (target?.type !== "identifier") continue;
        if (names ? !names.has(target.text) : !ACCOUNT_TEXT.test(target.text) && !ACCOUNT_TEXT.test(call.text.slice(0, 200))) continue;
        const fn = call.childForFieldName("function");
        const last = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : fn?.text;
        if (last && LOOKUP_OR_404.has(last)) {
          out.push({ implicit404: `${last}()` });
          continue;
        }
        const t = testOfName(model, target, true);
        if (t && t.test.startIndex < before) out.push({ test: t.test, statements: failurePath(model, t) ?? [] });
        // try: user = User.objects.get(...) / except User.DoesNotExist:
        let p: Node | null = assign.parent;
        for (let d = 0; p && d < 4 && p.id !== fnNode.id; p = p.parent, d++) {
          if (p.type !== "try_statement") continue;
          for (const clause of p.namedChildren) {
            if (clause?.type !== "except_clause") continue;
            const types = caughtTypes(model, clause);
            const texts = types.length ? types : [clause.text.split(":")[0]];
            if (!texts.some((x) => NOT_FOUND_EXCEPTIONS.test(x.replace(/^except\s+/, "").trim()))) continue;
            out.push({ statements: statementsOf(clause.namedChildren.find((c) => c?.type === "block")), tryStatement: p });
          }
          break;
        }
      }
      return out;
    };

    const describe = (sig: string[]): string => sig.join(", ");

    return {
      function_definition(fnNode) {
        if (!looksLikeView(fnNode)) return;
        const name = fnNode.childForFieldName("name")?.text ?? "";
        const cls = fnNode.parent?.type === "block" ? fnNode.parent.parent : fnNode.parent?.parent?.type === "block" ? fnNode.parent.parent.parent : null;
        const clsName = cls?.type === "class_definition" ? (cls.childForFieldName("name")?.text ?? "") : "";
        const login = isLoginName(name) || isLoginName(clsName);
        const reset = !login && (isResetName(name) || isResetName(clsName));
        if (!login && !reset) return;
        const body = fnNode.childForFieldName("body");
        if (!body) return;
        const calls = runningDescendants(body, ["call"]);

        if (login) {
          const check = calls.find((c) => {
            const a = authCheckOf(model, c);
            return !!a && a.result === "falsy" && a.label !== "login_user";
          });
          if (!check) return;
          // the wrong-password branch
          const r = followTest(model, check);
          let wrongTest: AuthTest | undefined;
          if (r && "test" in r) wrongTest = r;
          else if (r) wrongTest = testOfName(model, r.target, r.successWhenTrue);
          if (!wrongTest) return;
          const wrong = failurePath(model, wrongTest);
          if (!wrong?.length) return;
          const names = accountNames(check);
          const unknowns = unknownBranches(fnNode, names.size ? names : undefined, calls, check.startIndex);
          const wrongSig = signature(model, wrong);
          for (const u of unknowns) {
            let unknownSig: string[];
            if ("implicit404" in u) unknownSig = [`status 404 (${u.implicit404})`];
            else {
              if (u.test && u.test.id === wrongTest.test.id) continue; // one combined test
              if (!u.statements.length || u.statements[0].id === wrong[0].id) continue;
              unknownSig = signature(model, u.statements);
            }
            if (!unknownSig.length || !wrongSig.length) continue;
            if ("implicit404" in u ? wrongSig.includes("status 404") : unknownSig.join("\0") === wrongSig.join("\0")) continue;
            ctx.report(fnNode, `${name}() tells unknown accounts from wrong passwords (unknown account → ${describe(unknownSig)}; wrong password → ${describe(wrongSig)}): attackers learn which accounts exist; answer both with the same message and status`);
            return;
          }
          return;
        }

        // reset: the unknown-account answer against the "found" answer
        for (const u of unknownBranches(fnNode, undefined, calls, body.endIndex)) {
          if ("implicit404" in u) {
            ctx.report(fnNode, `${name}() answers unknown accounts with a 404 (${u.implicit404}): attackers learn which accounts exist; answer every request with the same "if the account exists, we sent a link" message`);
            return;
          }
          if (!u.statements.length) continue;
          const unknownSig = signature(model, u.statements);
          // the other branch of the same test, or what runs after the `try` when the lookup succeeds
          const found = u.test ? otherPathOf(model, u.test, u.statements) : u.tryStatement ? statementsOf(u.tryStatement.parent).filter((x) => x.startIndex > u.tryStatement!.startIndex) : undefined;
          if (!found?.length) continue;
          const foundSig = signature(model, found);
          if (!unknownSig.length || !foundSig.length || unknownSig.join("\0") === foundSig.join("\0")) continue;
          ctx.report(fnNode, `${name}() answers unknown accounts differently from known ones (unknown → ${describe(unknownSig)}; known → ${describe(foundSig)}): attackers learn which accounts exist; answer every request with the same message`);
          return;
        }
      },
    };
  },
});

/** The branch of `test` that is not `failure` (whichever way its condition reads). */
function otherPathOf(model: ModuleModel, test: Node, failure: Node[]): Node[] | undefined {
  for (const successWhenTrue of [true, false]) {
    const f = failurePath(model, { test, successWhenTrue });
    if (f?.length && f[0].id === failure[0].id) return otherPath(model, { test, successWhenTrue });
  }
  return undefined;
}
