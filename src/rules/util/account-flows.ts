/**
 * Shared helpers of the over-broad-privilege and account-flow rules (PW650–PW657): what is data a client
 * submitted, what names a login or reset handler, which decorators a definition carries, and whether a
 * function checks that its caller is an administrator. Every search is bounded to one expression or one
 * function's text; no helper walks a whole file.
 */
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";
import { OBJECT_NAMES } from "../../model/knowledge/frameworks/index.js";
import {
  LOGIN_WORD_PAIRS,
  LOGIN_WORDS,
  REQUEST_DATA_ATTRIBUTES,
  REQUEST_DATA_METHODS,
  REQUEST_DATA_PASS_THROUGH,
  REQUEST_NAMES,
  RESET_WORDS,
} from "../../model/knowledge/account-flows.js";
import { identifierWords } from "./names.js";

/** True when `node` is a request object: Flask's `request`, a parameter named `request`, `self.request`. */
export function isRequestObject(model: ModuleModel, node: Node | null | undefined): boolean {
  if (!node) return false;
  const q = model.resolve(node);
  if (q && OBJECT_NAMES.has(q)) return true;
  if (node.type === "identifier") {
    if (!REQUEST_NAMES.has(node.text)) return false;
    const b = model.lookup(node.text, node.startIndex);
    return !b || b.kind === "param" || (b.kind === "import" && !!q && OBJECT_NAMES.has(q));
  }
  if (node.type === "attribute") {
    const obj = node.childForFieldName("object");
    return obj?.type === "identifier" && obj.text === "self" && REQUEST_NAMES.has(node.childForFieldName("attribute")?.text ?? "");
  }
  return false;
}

/** Strips wrappers that keep a value the same data: parentheses, `await`, `.dict()`, `.copy()`, `dict(...)`. */
function unwrap(model: ModuleModel, node: Node): Node {
  let n = node;
  for (let depth = 0; depth < 10; depth++) {
    if (n.type === "parenthesized_expression" || n.type === "await") {
      const inner = n.namedChildren[0];
      if (!inner) return n;
      n = inner;
      continue;
    }
    if (n.type === "call") {
      const fn = n.childForFieldName("function");
      const method = model.methodName(n);
      if (method && REQUEST_DATA_PASS_THROUGH.has(method) && fn?.type === "attribute") {
        const obj = fn.childForFieldName("object");
        if (obj && !isRequestObject(model, obj)) {
          n = obj;
          continue;
        }
      }
      if (model.callee(n) === "builtins.dict") {
        const first = model.args(n).positional[0];
        if (first) {
          n = first;
          continue;
        }
      }
    }
    return n;
  }
  return n;
}

/** Parsers whose result, given the request body, is the submitted data. */
const JSON_PARSERS: ReadonlySet<string> = new Set(["json.loads", "orjson.loads", "ujson.loads", "simplejson.loads", "rapidjson.loads"]);

/** Raw request bodies (`request.body` in Django, `request.data`/`get_data()` in Flask). */
const REQUEST_BODY_ATTRIBUTES: ReadonlySet<string> = new Set(["body", "data", "stream"]);

/**
 * True when an expression is the whole of what a client submitted: `request.POST`, `request.data`,
 * `request.get_json()`, `await request.json()`, `request.form.to_dict()`, or a local name assigned one of
 * these (`data = request.get_json()`).
 */
export function isRequestData(model: ModuleModel, node: Node | null | undefined, depth = 0): boolean {
  if (!node || depth > 3) return false;
  const n = unwrap(model, node);
  if (n.type === "attribute") {
    const attr = n.childForFieldName("attribute")?.text ?? "";
    return REQUEST_DATA_ATTRIBUTES.has(attr) && isRequestObject(model, n.childForFieldName("object"));
  }
  if (n.type === "call") {
    const fn = n.childForFieldName("function");
    const method = model.methodName(n);
    // `json.loads(request.body)`: the parsed body is the submitted data
    if (JSON_PARSERS.has(model.callee(n) ?? "")) {
      const arg = model.arg(n, 0, "s");
      let a = arg ? unwrap(model, arg) : undefined;
      // `request.body.decode("utf-8")`
      if (a?.type === "call" && model.methodName(a) === "decode") a = a.childForFieldName("function")?.childForFieldName("object") ?? a;
      if (a?.type === "attribute" && REQUEST_BODY_ATTRIBUTES.has(a.childForFieldName("attribute")?.text ?? "") && isRequestObject(model, a.childForFieldName("object"))) return true;
      return isRequestData(model, arg, depth + 1);
    }
    return !!method && REQUEST_DATA_METHODS.has(method) && fn?.type === "attribute" && isRequestObject(model, fn.childForFieldName("object"));
  }
  if (n.type === "identifier") {
    const b = model.lookup(n.text, n.startIndex);
    if (b?.kind === "assign" && b.value && b.value.id !== n.id) return isRequestData(model, b.value, depth + 1);
  }
  return false;
}

/**
 * True when an expression reads a client's submitted data anywhere inside it (`request.POST.get("is_staff")
 * == "on"`, `bool(data["admin"])` after `data = request.get_json()`): a bounded search of the expression's subtree.
 */
export function readsRequestData(model: ModuleModel, node: Node | null | undefined): boolean {
  if (!node) return false;
  if (isRequestData(model, node)) return true;
  let count = 0;
  for (const n of node.descendantsOfType(["attribute", "call", "identifier"])) {
    if (!n || ++count > 400) break;
    if (n.type === "identifier" && n.parent?.type === "attribute" && n.parent.childForFieldName("attribute")?.id === n.id) continue;
    if (isRequestData(model, n)) return true;
  }
  return false;
}

/** True when a name's words say it handles logging in (`login`, `user_login`, `LoginView`, `sign_in`, `obtain_token`). */
export function isLoginName(name: string): boolean {
  const words = identifierWords(name);
  if (words.some((w) => LOGIN_WORDS.has(w))) return true;
  for (const [a, b] of LOGIN_WORD_PAIRS) {
    for (let i = 0; i + 1 < words.length; i++) if (words[i] === a && words[i + 1] === b) return true;
  }
  return false;
}

/** True when a name's words say it handles password resets (`password_reset`, `forgot_password`, `RecoverView`). */
export function isResetName(name: string): boolean {
  return identifierWords(name).some((w) => RESET_WORDS.has(w));
}

/** The decorator expressions of a function or class definition (empty when it has none). */
export function decoratorsOf(def: Node): Node[] {
  const parent = def.parent;
  if (parent?.type !== "decorated_definition") return [];
  return parent.namedChildren.filter((c): c is Node => c?.type === "decorator").map((d) => d.namedChildren[0]).filter((c): c is Node => !!c);
}

/** The callee part of a decorator (`app.route` for `@app.route("/x")`). */
export function decoratorCallee(dec: Node): Node {
  return dec.type === "call" ? (dec.childForFieldName("function") ?? dec) : dec;
}

/** Decorator texts that restrict a view to administrators or to holders of a permission. */
const ADMIN_DECORATOR = /(?:staff|admin|superuser|permission_required|user_passes_test|roles?_required|requires?_role|IsAdminUser)/i;

/** Body text that checks the current user is an administrator (or holds a permission) before acting (not an assignment to the flag). */
const ADMIN_CHECK = /(?:request\.user|current_user|self\.request\.user)\.(?:is_superuser|is_staff|is_admin|has_perm|has_role)\b(?!\s*=[^=])|\bhas_perm\s*\(|\brequire_admin\b|\bIsAdminUser\b|\bcheck_admin\b|\bis_admin\s*\(/;

/**
 * True when a function (or the class it is a method of) is restricted to administrators: an admin or
 * permission decorator (`@staff_member_required`, `@permission_required`), `permission_classes` naming
 * `IsAdminUser`, or a check of the current user's `is_superuser`/`is_staff`/`has_perm` in its body.
 */
export function adminOnly(fnNode: Node): boolean {
  if (decoratorsOf(fnNode).some((d) => ADMIN_DECORATOR.test(d.text))) return true;
  const body = fnNode.childForFieldName("body");
  if (body && ADMIN_CHECK.test(body.text.slice(0, 20_000))) return true;
  // a method: look at its class's decorators and `permission_classes`
  const cls = fnNode.parent?.type === "block" ? fnNode.parent.parent : fnNode.parent?.parent?.type === "block" ? fnNode.parent.parent.parent : null;
  if (cls?.type === "class_definition") {
    if (decoratorsOf(cls).some((d) => ADMIN_DECORATOR.test(d.text))) return true;
    const bases = cls.childForFieldName("superclasses")?.text ?? "";
    if (ADMIN_DECORATOR.test(bases)) return true;
    for (const s of cls.childForFieldName("body")?.namedChildren ?? []) {
      if (s?.type === "expression_statement" && /^\s*permission_classes\s*=/.test(s.text) && /IsAdminUser|Admin|Staff|Superuser/.test(s.text)) return true;
    }
  }
  return false;
}

/** True when a module or function path is a management command, migration or seed script. */
export function isAdminTooling(moduleName: string): boolean {
  const parts = moduleName.split(".");
  return parts.some((p) => p === "migrations" || p === "seeds" || p === "seed" || p === "scripts") ||
    (parts.includes("management") && parts.includes("commands"));
}

/**
 * True when a function definition is an HTTP view: route-decorated, a method of a class, or taking a first
 * parameter named `request`.
 */
export function looksLikeView(fnNode: Node): boolean {
  if (decoratorsOf(fnNode).length) return true;
  const params = fnNode.childForFieldName("parameters")?.namedChildren ?? [];
  const names = params.map((p) => (p?.type === "identifier" ? p.text : p?.childForFieldName("name")?.text ?? p?.namedChildren[0]?.text));
  return names[0] === "request" || (names[0] === "self" && names[1] === "request") || names.includes("request");
}
