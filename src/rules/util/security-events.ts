/**
 * Paths through a function that a security event takes, and whether they write a log record: shared by the
 * rules that want failed logins (PW910) and access denials (PW911) logged.
 *
 * Everything here looks only at the statements of one function around a given node (its branch, the
 * statements before it in each enclosing block), with `descendantsOfType` queries (array scans) on those
 * statements, never at the whole file. Calls inside nested functions, lambdas and classes do not run on the
 * path and are ignored.
 */
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";
import {
  ABORT_FUNCTIONS,
  AUTH_CHECK_FUNCTIONS,
  AUTH_CHECK_NAMES,
  AUTH_CHECK_VERIFY_PREFIXES,
  AUTH_FAILURE_EXCEPTIONS,
  DENIAL_STATUS_NAMES,
  DENIAL_TYPES,
  EVENT_RECORDERS,
  LOG_METHODS,
  LOGGING_PREFIXES,
  LOGGING_WORDS,
  LOGIN_ACTIONS,
  STATUS_TYPES,
  type AuthCheckResult,
  type StatusParam,
} from "../../model/knowledge/security-events.js";
import { identifierWords } from "./names.js";

/** First words of function names that make or configure a logger rather than write to it. */
const SETUP_VERBS = new Set(["get", "create", "make", "new", "build", "setup", "set", "configure", "config", "init", "initialize", "add", "remove", "disable", "enable", "reset", "is", "has"]);
const NESTED_SCOPES = new Set(["function_definition", "lambda", "class_definition"]);
const MAX_UP = 200;

/** True when `node` sits in a function, lambda or class nested inside `root` (so it does not run with it). */
function inNestedScope(node: Node, root: Node): boolean {
  for (let p = node.parent, depth = 0; p && depth < MAX_UP; p = p.parent, depth++) {
    if (p.id === root.id) return false;
    if (NESTED_SCOPES.has(p.type)) return true;
  }
  return false;
}

/** The nodes of `types` in `root` (itself included) that run when `root` runs. */
export function runningDescendants(root: Node, types: string[]): Node[] {
  const out: Node[] = types.includes(root.type) ? [root] : [];
  if (NESTED_SCOPES.has(root.type)) return out;
  for (const n of root.descendantsOfType(types)) if (n && !inNestedScope(n, root)) out.push(n);
  return out;
}

/** True when a name's words mark it as logging or auditing (`audit_log`, `log_failure`, `security_logger`), not `log_in`. */
export function hasLoggingWord(name: string): boolean {
  const words = identifierWords(name);
  for (const pair of LOGIN_ACTIONS) {
    for (let i = 0; i + 1 < words.length; i++) if (words[i] === pair[0] && words[i + 1] === pair[1]) return false;
  }
  return words.some((w) => LOGGING_WORDS.has(w));
}

/** The last name of an expression (`self.logger` → `logger`, `log` → `log`), if it has one. */
function lastName(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === "identifier") return node.text;
  if (node.type === "attribute") return node.childForFieldName("attribute")?.text;
  return undefined;
}

/**
 * True when a call writes a log or audit record: a logging library call (`logging.warning`, a `Logger`'s,
 * structlog's or loguru's level methods), a level method on a receiver named like a logger (`app.logger`,
 * `self.log`, `audit.warning`), an error-tracker or audit call (`sentry_sdk.capture_message`), Django's
 * `user_login_failed.send(...)`, or any function or method named like logging (`audit_log(...)`,
 * `log_failed_login(...)`, `record_attempt(...)`). `print` is not a log.
 */
export function isLoggingCall(model: ModuleModel, call: Node): boolean {
  const name = model.callee(call);
  if (name) {
    if (EVENT_RECORDERS.has(name)) return true;
    const last = name.slice(name.lastIndexOf(".") + 1);
    // `logging.getLogger(...)`, `logging.basicConfig(...)`: the library, but no record written
    if (LOGGING_PREFIXES.some((p) => name.startsWith(p))) return LOG_METHODS.has(last);
  }
  const fn = call.childForFieldName("function");
  if (!fn) return false;
  const callName = lastName(fn);
  if (!callName) return false;
  const receiver = fn.type === "attribute" ? fn.childForFieldName("object") : null;
  if (receiver && LOG_METHODS.has(callName)) {
    const type = model.typeOf(receiver);
    if (type && LOGGING_PREFIXES.some((p) => type.startsWith(p))) return true;
    const r = lastName(receiver);
    if (r && hasLoggingWord(r)) return true;
  }
  if (receiver && (callName === "send" || callName === "send_robust")) {
    const r = lastName(receiver);
    if (r && /(?:fail|denied|rejected)/i.test(r)) return true;
  }
  // `get_logger()`, `setup_logging()`: makes or configures a logger, writes nothing
  if (SETUP_VERBS.has(identifierWords(callName)[0] ?? "")) return false;
  return hasLoggingWord(callName);
}

/** Whether statements write a log record (and whether they only `print`). */
export interface LogSearch {
  logs: boolean;
  prints: boolean;
}

/** Searches the statements (and everything nested in them that runs with them) for a logging call. */
export function searchLogging(model: ModuleModel, statements: readonly Node[]): LogSearch {
  let prints = false;
  for (const s of statements) {
    for (const call of runningDescendants(s, ["call"])) {
      if (isLoggingCall(model, call)) return { logs: true, prints };
      if (model.callee(call) === "builtins.print") prints = true;
    }
  }
  return { logs: false, prints };
}

/** The statements of a block, comments left out. */
export function statementsOf(block: Node | null | undefined): Node[] {
  return (block?.namedChildren ?? []).filter((c): c is Node => !!c && c.type !== "comment");
}

/**
 * The statements that run before `node` in its function: in each block from `node` up to the function body,
 * the siblings that precede the statement holding `node`.
 */
export function precedingStatements(node: Node, fnNode: Node): Node[] {
  const out: Node[] = [];
  let child: Node = node;
  for (let p = node.parent, depth = 0; p && depth < MAX_UP; child = p, p = p.parent, depth++) {
    if (p.type === "block" || p.type === "module") {
      for (const s of statementsOf(p)) {
        if (s.startIndex >= child.startIndex) break;
        out.push(s);
      }
    }
    if (p.id === fnNode.id) break;
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ checks

/** An authentication check call: its label for messages, how it fails, its qualified name when known. */
export interface AuthCheck {
  label: string;
  result: AuthCheckResult;
  qualified?: string;
}

/** The authentication check a call performs, if it is one (see `knowledge/security-events.ts`). */
export function authCheckOf(model: ModuleModel, call: Node): AuthCheck | undefined {
  const q = model.callee(call);
  if (q) {
    // `CryptContext.verify`, `check_password_hash`: a method keeps its class name
    const parts = q.split(".");
    const label = parts.length > 1 && /^[A-Z]/.test(parts[parts.length - 2]) ? parts.slice(-2).join(".") : parts[parts.length - 1];
    if (Object.hasOwn(AUTH_CHECK_FUNCTIONS, q)) return { label, result: AUTH_CHECK_FUNCTIONS[q], qualified: q };
    if (q.endsWith(".verify") && AUTH_CHECK_VERIFY_PREFIXES.some((p) => q.startsWith(p))) return { label: q.split(".").slice(-2).join("."), result: "falsy", qualified: q };
  }
  const name = lastName(call.childForFieldName("function"));
  if (name && AUTH_CHECK_NAMES.has(name)) return { label: name, result: "falsy", qualified: q };
  return undefined;
}

/** True when an `except` clause catches a failed credential check (`except VerifyMismatchError:`). */
export function catchesAuthFailure(model: ModuleModel, clause: Node): boolean {
  return caughtTypes(model, clause).some((t) => AUTH_FAILURE_EXCEPTIONS.has(t));
}

/** Qualified names of the exception types an `except` clause names. */
export function caughtTypes(model: ModuleModel, clause: Node): string[] {
  let value = clause.childForFieldName("value") ?? clause.namedChildren.find((c) => c && c.type !== "block" && c.type !== "comment") ?? null;
  if (value?.type === "as_pattern") value = value.namedChildren[0] ?? null;
  if (!value) return [];
  const items = value.type === "tuple" || value.type === "parenthesized_expression" ? value.namedChildren : [value];
  const out: string[] = [];
  for (const item of items) {
    const name = item ? model.resolve(item) : undefined;
    if (name) out.push(name);
  }
  return out;
}

/** Where a truth test of an authentication result leads. */
export interface AuthTest {
  /** The `if_statement` or `elif_clause` whose condition tests the result. */
  test: Node;
  /** The condition is true when the check succeeded (`if user:`), false when it tests failure (`if not ok:`). */
  successWhenTrue: boolean;
}

/** The operator tokens of a comparison (`is not`, `==`). */
function comparisonOperator(node: Node): string {
  return node.children
    .filter((c): c is Node => !!c && !c.isNamed)
    .map((c) => c.type)
    .join(" ");
}

/**
 * Follows a value (an auth-check call or a name holding its result) up through `not`, `is None`/`is not None`,
 * `== False`, `and`, `or`, parentheses, `await` and walrus to the `if`/`elif` whose condition it decides.
 * Returns the test, or — when the value is assigned to a name (`user = authenticate(...)`) — that target.
 * Undefined when the value is used otherwise (returned, passed on, compared with something else).
 */
export function followTest(model: ModuleModel, start: Node): AuthTest | { target: Node; assignment: Node; successWhenTrue: boolean } | undefined {
  let node = start;
  let success = true;
  for (let depth = 0; depth < 50; depth++) {
    const p = node.parent;
    if (!p) return undefined;
    switch (p.type) {
      case "parenthesized_expression":
      case "await":
        break;
      case "named_expression":
        if (p.childForFieldName("value")?.id !== node.id) return undefined;
        break;
      case "not_operator":
        success = !success;
        break;
      case "comparison_operator": {
        const operands = p.namedChildren.filter((c): c is Node => !!c && c.type !== "comment");
        if (operands.length !== 2) return undefined;
        const other = operands[0].id === node.id ? operands[1] : operands[0];
        const v = model.constant(other);
        if (v !== null && v !== true && v !== false) return undefined;
        const op = comparisonOperator(p);
        const negated = op === "is not" || op === "!=";
        if (!negated && op !== "is" && op !== "==") return undefined;
        // `x is None` / `x == False`: true on failure; `x is True`: true on success
        const trueOnSuccess = v === true ? !negated : negated;
        if (!trueOnSuccess) success = !success;
        break;
      }
      case "boolean_operator": {
        // `ok and extra` keeps "true ⇒ success"; `not ok or locked` keeps "true ⇒ failure"; `ok or x` tells nothing
        const op = p.childForFieldName("operator")?.type;
        if (op === "or" && success) return undefined;
        break;
      }
      case "if_statement":
      case "elif_clause":
        return p.childForFieldName("condition")?.id === node.id ? { test: p, successWhenTrue: success } : undefined;
      case "assignment": {
        const left = p.childForFieldName("left");
        if (p.childForFieldName("right")?.id !== node.id || left?.type !== "identifier") return undefined;
        return { target: left, assignment: p, successWhenTrue: success };
      }
      default:
        return undefined;
    }
    node = p;
  }
  return undefined;
}

/** The last statement of a block leaves it: `return`, `raise`, or an `abort(...)` call. */
function alwaysExits(model: ModuleModel, block: Node | null | undefined): boolean {
  const last = statementsOf(block).pop();
  if (!last) return false;
  if (last.type === "return_statement" || last.type === "raise_statement") return true;
  const call = last.type === "expression_statement" ? last.namedChildren[0] : undefined;
  if (call?.type !== "call") return false;
  const name = model.callee(call);
  return !!name && (Object.hasOwn(ABORT_FUNCTIONS, name) || name === "sys.exit");
}

/**
 * The statements of the failure path of a test: the `if` body when the condition is true on failure, else
 * the `else` body, or — with no `else` and a body that always leaves — the statements after the `if`.
 * Undefined when the failure path is unclear (`elif` chains) or empty.
 */
export function failurePath(model: ModuleModel, t: AuthTest): Node[] | undefined {
  if (!t.successWhenTrue) return statementsOf(t.test.childForFieldName("consequence"));
  const owner = t.test.type === "elif_clause" ? t.test.parent : t.test;
  if (!owner) return undefined;
  const alternatives = owner.childrenForFieldName("alternative").filter((c): c is Node => !!c);
  if (t.test.type === "elif_clause") {
    const i = alternatives.findIndex((a) => a.id === t.test.id);
    const next = alternatives[i + 1];
    return next?.type === "else_clause" && i + 2 === alternatives.length ? statementsOf(next.childForFieldName("body")) : undefined;
  }
  if (alternatives.length === 1 && alternatives[0].type === "else_clause") return statementsOf(alternatives[0].childForFieldName("body"));
  if (alternatives.length) return undefined;
  if (!alwaysExits(model, owner.childForFieldName("consequence"))) return undefined;
  const after = continuation(owner);
  return after.length ? after : undefined;
}

/**
 * The statements that run after `stmt` in its function: its following siblings, then those of each enclosing
 * compound statement, up to the end of the function body (`if form.validate(): … if ok: return …` falls
 * through to the `return render(...)` after the outer `if`).
 */
function continuation(stmt: Node): Node[] {
  const out: Node[] = [];
  let x: Node = stmt;
  for (let depth = 0; depth < MAX_UP; depth++) {
    const block = x.parent;
    if (block?.type !== "block") break;
    for (const s of statementsOf(block)) if (s.startIndex > x.startIndex) out.push(s);
    // climb to the compound statement that owns the block (through `else`/`elif`/`except` clauses)
    let owner: Node | null = block.parent;
    while (owner && owner.parent && owner.parent.type !== "block" && !NESTED_SCOPES.has(owner.type)) owner = owner.parent;
    if (!owner || NESTED_SCOPES.has(owner.type) || owner.parent?.type !== "block") break;
    x = owner;
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ denials

/** The HTTP status an expression stands for when it is 401 or 403 (`403`, `status.HTTP_403_FORBIDDEN`, `HTTPStatus.FORBIDDEN`). */
export function denialStatus(model: ModuleModel, node: Node | null | undefined): 401 | 403 | undefined {
  if (!node) return undefined;
  const v = model.constant(node);
  if (v === 401 || v === 403) return v;
  let target = node;
  if (target.type === "attribute" && target.childForFieldName("attribute")?.text === "value") target = target.childForFieldName("object") ?? target;
  const name = model.resolve(target);
  if (!name) return undefined;
  const parts = name.split(".");
  const last = parts[parts.length - 1];
  const last2 = parts.slice(-2).join(".");
  if (Object.hasOwn(DENIAL_STATUS_NAMES, last2)) return DENIAL_STATUS_NAMES[last2];
  if (Object.hasOwn(DENIAL_STATUS_NAMES, last)) return DENIAL_STATUS_NAMES[last];
  return undefined;
}

/** The status argument of a call, by a {@link StatusParam}. */
function statusArg(model: ModuleModel, call: Node, p: StatusParam): Node | undefined {
  return model.arg(call, p.position, p.keyword);
}

/** An access denial: the node, its status, and a label for messages. */
export interface Denial {
  status: 401 | 403;
  label: string;
}

/**
 * The access denial a node makes, if any: a call to `abort(403)`, a denial exception or response
 * (`PermissionDenied()`, `HttpResponseForbidden()`, `HTTPException(status_code=403)`, `Response(status=403)`),
 * a bare `raise PermissionDenied`, or `return body, 403`.
 */
export function denialOf(model: ModuleModel, node: Node): Denial | undefined {
  if (node.type === "call") {
    const name = model.callee(node);
    if (!name) return undefined;
    const short = name.slice(name.lastIndexOf(".") + 1);
    if (Object.hasOwn(DENIAL_TYPES, name)) return { status: DENIAL_TYPES[name], label: short };
    const p = Object.hasOwn(ABORT_FUNCTIONS, name) ? ABORT_FUNCTIONS[name] : Object.hasOwn(STATUS_TYPES, name) ? STATUS_TYPES[name] : undefined;
    if (!p) return undefined;
    const status = denialStatus(model, statusArg(model, node, p));
    return status ? { status, label: `${short}(${status})` } : undefined;
  }
  if (node.type === "raise_statement") {
    const raised = node.namedChildren[0];
    if (!raised || (raised.type !== "identifier" && raised.type !== "attribute")) return undefined;
    const name = model.resolve(raised);
    return name && Object.hasOwn(DENIAL_TYPES, name) ? { status: DENIAL_TYPES[name], label: name.slice(name.lastIndexOf(".") + 1) } : undefined;
  }
  if (node.type === "return_statement") {
    let value = node.namedChildren[0];
    if (value?.type === "parenthesized_expression") value = value.namedChildren[0];
    if (!value || (value.type !== "expression_list" && value.type !== "tuple")) return undefined;
    const items = value.namedChildren.filter((c): c is Node => !!c && c.type !== "comment");
    if (items.length < 2 || items.length > 3) return undefined;
    const status = denialStatus(model, items[1]);
    return status ? { status, label: `a ${status} response` } : undefined;
  }
  return undefined;
}

/** True when the statements handle a failure: raise, abort, deny, redirect, or return something to the client. */
export function handlesFailure(model: ModuleModel, statements: readonly Node[], looksLikeView: boolean): boolean {
  for (const s of statements) {
    for (const n of runningDescendants(s, ["raise_statement", "return_statement", "call"])) {
      if (n.type === "raise_statement") return true;
      if (n.type === "call") {
        const name = model.callee(n);
        if (name && (Object.hasOwn(ABORT_FUNCTIONS, name) || /(?:^|\.)redirect$/.test(name))) return true;
        if (denialOf(model, n)) return true;
        continue;
      }
      const value = n.namedChildren[0];
      if (!value) continue; // bare `return`: the caller decides
      const v = model.constant(value);
      if (v === undefined) return true; // a response, a rendered page, an error object
      if (Array.isArray(v) && v.some((x) => typeof x === "number" && x >= 400)) return true; // `return "denied", 401`
      if (typeof v === "string" && v && looksLikeView) return true; // a view's response body
    }
  }
  return false;
}
