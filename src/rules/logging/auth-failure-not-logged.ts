import { defineRule, type ProjectFact } from "../types.js";
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";
import type { Scope } from "../../model/scopes.js";
import { DJANGO_LOGIN_FAILED_SIGNAL } from "../../model/knowledge/security-events.js";
import {
  authCheckOf,
  catchesAuthFailure,
  failurePath,
  followTest,
  handlesFailure,
  precedingStatements,
  searchLogging,
  statementsOf,
  type AuthTest,
} from "../util/security-events.js";

/** What the per-file phase records. */
type Fact =
  /** A failed check whose failure path writes no log. `django` when the check is Django's `authenticate()`. */
  | { kind: "unlogged"; message: string; django: boolean }
  /** Something logs every failed Django login: a `user_login_failed` receiver, django-axes. */
  | { kind: "django-failures-logged" };

/** True when the function looks like a view: decorated (`@app.post`, `@require_POST`) or taking `request`. */
function looksLikeView(fn: Scope): boolean {
  const node = fn.node;
  if (!node) return false;
  if (node.parent?.type === "decorated_definition") return true;
  const params = node.childForFieldName("parameters")?.namedChildren ?? [];
  return params.some((p) => {
    const name = p?.type === "identifier" ? p.text : p?.childForFieldName("name")?.text ?? p?.namedChildren[0]?.text;
    return name === "request" || name === "req";
  });
}

/** The first `if`/`elif` after `assignment` that tests the name it binds, and the statements run in between. */
function testOfAssigned(model: ModuleModel, target: Node, assignment: Node, success: boolean): { test: AuthTest; between: Node[] } | undefined {
  const b = model.bindingsOf(target.text, target.startIndex + 1).find((x) => x.offset === target.startIndex);
  if (!b) return undefined;
  for (const use of model.usesOf(b)) {
    if (use.startIndex < assignment.endIndex) continue;
    const r = followTest(model, use);
    if (r && "test" in r) {
      // statements between the assignment and the `if`, in the assignment's block
      const stmt = assignment.parent;
      const block = stmt?.parent;
      const between: Node[] = [];
      if (stmt && block) {
        for (const s of statementsOf(block)) {
          if (s.startIndex <= stmt.startIndex) continue;
          if (s.startIndex <= r.test.startIndex && r.test.endIndex <= s.endIndex) break;
          between.push(s);
        }
      }
      return { test: { test: r.test, successWhenTrue: r.successWhenTrue === success }, between };
    }
    // returned or handed on before any test: whoever receives it decides
    for (let p = use.parent, d = 0; p && d < 10; p = p.parent, d++) {
      if (p.type === "return_statement" || p.type === "argument_list") return undefined;
      if (p.type.endsWith("statement")) break;
    }
  }
  return undefined;
}

/** PW910: a failed authentication check that is not logged. */
export default defineRule({
  meta: {
    code: "PW910",
    name: "auth-failure-not-logged",
    practice: "logging",
    cwe: [778],
    severity: "low",
    confidence: "medium",
    aliases: [],
    skipInTests: true,
    docs: {
      what:
        "An authentication check — `authenticate()`, `check_password()`, `check_password_hash()`, " +
        "`verify_password()`, `bcrypt.checkpw()`, passlib's `verify()`, `login_user()`, argon2's " +
        "`PasswordHasher.verify()` (whose failure is the `except VerifyMismatchError:` clause) — whose failure " +
        "path handles the failure (raises, aborts, redirects, returns a response) without writing any log " +
        "record. The failure path is the branch that tests the result (`if not ok:`, `if user is None:`, the " +
        "`else:` of `if user:`, or the code after an `if ok: return …`), also when the result is first " +
        "assigned to a name. A logging call counts anywhere on that path, or between the check and its test: " +
        "`logging`/`Logger` methods, structlog, loguru, a level method on anything named like a logger, " +
        "Sentry's `capture_*`, Django's `user_login_failed.send()`, and any helper named like logging or " +
        "auditing (`audit_log(...)`, `log_failed_login(...)`, `record_attempt(...)`). `print()` does not count: " +
        "standard output is not a security log. A failure path that only returns `False`/`None` passes the " +
        "decision to the caller and is not reported. Project-wide: failed Django `authenticate()` calls are not " +
        "reported when the project connects a receiver to `user_login_failed` or installs django-axes.",
      why:
        "Failed logins are the first trace of password guessing and credential stuffing. Without a log record " +
        "of who failed, from where and when, nobody can see an attack under way, lock the account, or " +
        "investigate afterwards; OWASP lists authentication failures first among the events to log.",
      bad:
        "@app.post(\"/login\")\ndef login():\n    user = User.query.filter_by(name=request.form[\"name\"]).first()\n" +
        "    if user is None or not check_password_hash(user.pw_hash, request.form[\"password\"]):\n" +
        "        return render_template(\"login.html\", error=\"Invalid credentials\"), 401\n" +
        "    login_user(user)\n    return redirect(\"/\")\n",
      good:
        "@app.post(\"/login\")\ndef login():\n    user = User.query.filter_by(name=request.form[\"name\"]).first()\n" +
        "    if user is None or not check_password_hash(user.pw_hash, request.form[\"password\"]):\n" +
        "        security_log.warning(\"login failed for %r from %s\", request.form[\"name\"], request.remote_addr)\n" +
        "        return render_template(\"login.html\", error=\"Invalid credentials\"), 401\n" +
        "    login_user(user)\n    return redirect(\"/\")\n",
      references: [
        "CWE-778",
        "https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html",
        "https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#logging-and-monitoring",
        "https://owasp.org/Top10/A09_2021-Security_Logging_and_Monitoring_Failures/",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;
    const ADVICE = "log the failure (who, from where, when) so that guessing attacks can be seen";
    const emit = (at: Node, message: string, django: boolean): void => {
      ctx.record(at, { kind: "unlogged", message, django } satisfies Fact);
    };
    const printNote = (prints: boolean): string => (prints ? " (print() is not a log)" : "");

    return {
      call(call) {
        // receivers and integrations that log failed Django logins
        const name = model.callee(call);
        if (name === "django.dispatch.receiver" || name === `${DJANGO_LOGIN_FAILED_SIGNAL}.connect`) {
          const signal = name === "django.dispatch.receiver" ? model.arg(call, 0, "signal") : undefined;
          const signals = signal?.type === "list" || signal?.type === "tuple" ? signal.namedChildren : [signal];
          if (name !== "django.dispatch.receiver" || signals.some((s) => s && model.resolve(s) === DJANGO_LOGIN_FAILED_SIGNAL)) {
            ctx.record(call, { kind: "django-failures-logged" } satisfies Fact);
          }
          return;
        }
        const check = authCheckOf(model, call);
        if (!check || check.result !== "falsy") return;
        const fn = model.enclosingFunction(call);
        if (!fn || fn.kind !== "function" || !fn.node) return;
        const r = followTest(model, call);
        if (!r) return;
        let test: AuthTest;
        let between: Node[] = [];
        if ("test" in r) test = r;
        else {
          const found = testOfAssigned(model, r.target, r.assignment, r.successWhenTrue);
          if (!found) return;
          test = found.test;
          between = found.between;
        }
        const path = failurePath(model, test);
        if (!path?.length || !handlesFailure(model, path, looksLikeView(fn))) return;
        const onPath = searchLogging(model, path);
        if (onPath.logs || searchLogging(model, between).logs) return;
        const line = ctx.file.position(path[0].startIndex).line;
        emit(
          call,
          `failed ${check.label}() is not logged: its failure path (line ${line}) writes no log record${printNote(onPath.prints)}; ${ADVICE}`,
          check.qualified === "django.contrib.auth.authenticate" || check.qualified === "django.contrib.auth.aauthenticate",
        );
      },
      except_clause(clause) {
        if (!catchesAuthFailure(model, clause)) return;
        const fn = model.enclosingFunction(clause);
        if (!fn || fn.kind !== "function" || !fn.node) return;
        const body = statementsOf(clause.namedChildren.find((c) => c?.type === "block"));
        if (!body.length || !handlesFailure(model, body, looksLikeView(fn))) return;
        const found = searchLogging(model, body);
        if (found.logs) return;
        emit(clause, `failed password verification is not logged: this except clause writes no log record${printNote(found.prints)}; ${ADVICE}`, false);
      },
      assignment(node) {
        // django-axes in INSTALLED_APPS logs every failed login
        const left = node.childForFieldName("left");
        if (left?.type !== "identifier" || left.text !== "INSTALLED_APPS") return;
        const v = model.constant(node.childForFieldName("right"));
        if (Array.isArray(v) && v.some((x) => typeof x === "string" && (x === "axes" || x.startsWith("axes.")))) {
          ctx.record(node, { kind: "django-failures-logged" } satisfies Fact);
        }
      },
    };
  },
  checkProject(facts, reporter) {
    const all = facts as ProjectFact<Fact>[];
    const djangoLogged = all.some((f) => f.data.kind === "django-failures-logged" && !f.isTest);
    for (const f of all) {
      if (f.data.kind !== "unlogged" || (f.data.django && djangoLogged)) continue;
      reporter.report(f, f.data.message);
    }
  },
});
