import { defineRule } from "../types.js";
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";
import type { Scope } from "../../model/scopes.js";
import { isLogSensitiveName, isPaymentCardName, secretKind } from "../util/names.js";
import { annotationMembers } from "../util/annotations.js";

/** Methods of stdlib, structlog and loguru loggers that write a record. */
const LOG_METHODS = new Set([
  "debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log", "msg", "trace", "success",
]);
/** Logger types whose methods take printf-style arguments and only `exc_info`-like keywords. */
const STDLIB_LOGGERS = ["logging.Logger", "logging.LoggerAdapter", "logging.RootLogger"];
/** Logger types whose keyword arguments become fields of the record. */
const STRUCTURED_LOGGERS = ["structlog.BoundLogger", "structlog.stdlib.BoundLogger", "loguru.logger"];
/** Keywords of stdlib logging calls that carry no message data. */
const STDLIB_OPTIONS = new Set(["exc_info", "stack_info", "stacklevel"]);
/** Receivers called like a logger by convention (`log`, `self.logger`, `LOGGER`). */
const LOGGER_NAME = /^_*(?:log|logger)$/i;
/** Annotations and types that print as `**********`. */
const MASKED_TYPE = /\bSecret(?:Str|Bytes)\b/;
/** Annotations of values that cannot be a secret. */
const HARMLESS_TYPE = /^(?:int|float|bool|complex|builtins\.(?:int|float|bool))$/;
/** String methods that return (a form of) their receiver. */
const PASS_THROUGH = new Set(["strip", "lstrip", "rstrip", "lower", "upper", "encode", "decode", "title", "casefold"]);
/** Calls that render their argument. */
const RENDERERS = new Set(["builtins.str", "builtins.repr", "builtins.format", "builtins.bytes", "json.dumps"]);
/** Calls that return an unmasked secret. */
const UNMASKERS = new Set(["get_secret_value"]);
const MAX_DEPTH = 40;

/** A secret-looking value found in a log call's arguments. */
interface Hit {
  node: Node;
  /** The name that gave it away (`db_password`, `"api_key"`). */
  name: string;
}

/** How a call writes its arguments: printf-style logging, structured logging (keywords are fields), or `print`. */
type Sink = "stdlib" | "structured" | "print";

/** Finds secret-looking values inside an argument expression. */
class SecretFinder {
  constructor(private readonly model: ModuleModel) {}

  /** The first secret-looking value in `node`, searching through string building but not through other calls. */
  find(node: Node | null | undefined, depth = 0): Hit | undefined {
    if (!node || depth > MAX_DEPTH) return undefined;
    const m = this.model;
    switch (node.type) {
      case "identifier":
        return isLogSensitiveName(node.text) && this.secretValue(node) ? { node, name: node.text } : undefined;
      case "attribute": {
        const attr = node.childForFieldName("attribute")?.text ?? "";
        return isLogSensitiveName(attr) && !this.maskedAttribute(node, attr) ? { node, name: attr } : undefined;
      }
      case "subscript": {
        // `creds["password"]`; a slice (`token[:6]`) shows only a prefix, on purpose
        const key = node.childForFieldName("subscript");
        if (!key || key.type === "slice") return undefined;
        const k = m.constant(key);
        return typeof k === "string" && isLogSensitiveName(k) ? { node, name: JSON.stringify(k) } : undefined;
      }
      case "string":
        for (const c of node.children) {
          if (c?.type !== "interpolation") continue;
          const hit = this.find(c.childForFieldName("expression"), depth + 1);
          if (hit) return hit;
        }
        return undefined;
      case "concatenated_string":
      case "tuple":
      case "list":
      case "set":
      case "expression_list":
      case "parenthesized_expression":
        return this.first(node.namedChildren, depth);
      case "binary_operator":
        return this.first([node.childForFieldName("left"), node.childForFieldName("right")], depth);
      case "boolean_operator":
        // `secret and "set"` yields the secret only when it is empty; `secret or "-"` yields it whole
        if (node.childForFieldName("operator")?.type === "and") return this.find(node.childForFieldName("right"), depth + 1);
        return this.first([node.childForFieldName("left"), node.childForFieldName("right")], depth);
      case "conditional_expression": {
        const [a, , b] = node.namedChildren;
        return this.first([a, b], depth);
      }
      case "dictionary":
        for (const pair of node.namedChildren) {
          if (pair?.type !== "pair") continue;
          const hit = this.field(pair.childForFieldName("key"), pair.childForFieldName("value"), depth);
          if (hit) return hit;
        }
        return undefined;
      case "keyword_argument":
        return this.find(node.childForFieldName("value"), depth + 1);
      case "call":
        return this.inCall(node, depth);
      default:
        return undefined;
    }
  }

  /** A `key: value` pair or `key=value` keyword: the key names a secret, or the value is one. */
  field(key: Node | null | undefined, value: Node | null | undefined, depth: number, keyName?: string): Hit | undefined {
    if (!value) return undefined;
    const k = keyName ?? (key ? this.model.constant(key) : undefined);
    if (typeof k === "string" && isLogSensitiveName(k) && !this.model.isConstant(value) && !this.masked(value)) {
      return { node: value, name: JSON.stringify(k) };
    }
    return this.find(value, depth + 1);
  }

  private first(nodes: (Node | null | undefined)[], depth: number): Hit | undefined {
    for (const n of nodes) {
      if (!n || n.type === "comment") continue;
      const hit = this.find(n, depth + 1);
      if (hit) return hit;
    }
    return undefined;
  }

  private inCall(call: Node, depth: number): Hit | undefined {
    const m = this.model;
    const fn = call.childForFieldName("function");
    const method = m.methodName(call);
    const obj = fn?.type === "attribute" ? fn.childForFieldName("object") : null;
    const args = m.args(call);
    // `os.environ.get("API_KEY")`, `config.get("password")`, `os.getenv("DB_PASSWORD")`
    if (method === "get" || method === "pop" || method === "getenv" || m.callee(call) === "os.getenv") {
      const k = m.constant(args.positional[0]);
      if (typeof k === "string" && isLogSensitiveName(k)) return { node: call, name: JSON.stringify(k) };
      return undefined;
    }
    if (method && UNMASKERS.has(method) && obj) return { node: call, name: obj.text };
    if (method === "format" && obj) {
      return this.first([obj, ...args.positional], depth) ?? this.keywords(args.keywords, depth);
    }
    if (method === "join" && obj && m.isConstant(obj)) return this.first(args.positional, depth);
    if (method && PASS_THROUGH.has(method) && obj) return this.find(obj, depth + 1);
    const name = m.callee(call);
    if (name && RENDERERS.has(name)) return this.first(args.positional.slice(0, 1), depth);
    return undefined;
  }

  /** Keyword arguments whose name or value is a secret (`password=pw` in a structured log call). */
  keywords(keywords: Map<string, Node>, depth: number, skip?: ReadonlySet<string>): Hit | undefined {
    for (const [name, value] of keywords) {
      if (skip?.has(name)) continue;
      const hit = this.field(undefined, value, depth, name);
      if (hit) return hit;
    }
    return undefined;
  }

  /** The value of a secret-named identifier is worth reporting: not a constant, not masked, not a number. */
  private secretValue(node: Node): boolean {
    const m = this.model;
    if (m.isConstant(node)) return false; // a literal is visible in the source anyway (another rule's concern)
    return !this.masked(node);
  }

  /** The expression's type says it prints masked (`SecretStr`) or cannot hold a secret (`int`). */
  private masked(node: Node): boolean {
    const m = this.model;
    const type = m.typeOf(node);
    if (type && (MASKED_TYPE.test(type) || HARMLESS_TYPE.test(type))) return true;
    if (node.type === "attribute") return this.maskedAttribute(node, node.childForFieldName("attribute")?.text ?? "");
    if (node.type !== "identifier") return false;
    const b = m.lookup(node.text, node.startIndex);
    if (!b) return false;
    if (b.annotation && this.harmlessAnnotation(b.annotation)) return true;
    if ((b.kind === "assign" || b.kind === "walrus") && b.value) {
      const v = b.value;
      if (v.type === "call") {
        const name = m.callee(v);
        if (name === "builtins.len" || name === "builtins.int" || name === "builtins.bool" || name === "builtins.float") return true;
        if (name && MASKED_TYPE.test(name)) return true;
      }
      if (v.type === "comparison_operator" || v.type === "not_operator" || v.type === "integer" || v.type === "float") return true;
    }
    return false;
  }

  /** Every type the annotation allows (through `Optional`, `Union`, `|`, `Annotated`, aliases) prints masked or holds no secret. */
  private harmlessAnnotation(annotation: Node): boolean {
    const members = annotationMembers(this.model, annotation);
    return members.length > 0 && members.every((t) => HARMLESS_TYPE.test(t.name) || MASKED_TYPE.test(t.name) || MASKED_TYPE.test(t.text));
  }

  /** `self.password` / `settings.password` where the class declares `password: SecretStr` (or `int`). */
  private maskedAttribute(node: Node, attr: string): boolean {
    const m = this.model;
    const obj = node.childForFieldName("object");
    if (!obj) return false;
    let classScope: Scope | undefined;
    if (obj.type === "identifier" && (obj.text === "self" || obj.text === "cls")) {
      for (let s: Scope | undefined = m.scopeAt(node.startIndex); s; s = s.parent) {
        if (s.kind === "class") {
          classScope = s;
          break;
        }
      }
    } else {
      const type = m.typeOf(obj);
      const prefix = m.moduleName ? `${m.moduleName}.` : "";
      if (type && type.startsWith(prefix)) {
        const path = type.slice(prefix.length);
        const b = path.includes(".") ? undefined : m.module.bindings.get(path)?.find((x) => x.kind === "class");
        const body = b?.node.childForFieldName("body");
        if (body) {
          const s = m.scopeAt(body.startIndex);
          if (s.kind === "class") classScope = s;
        }
      }
    }
    const field = classScope?.bindings.get(attr)?.find((b) => b.annotation);
    return !!field?.annotation && this.harmlessAnnotation(field.annotation);
  }
}

/** PW901: a password, secret, token or API key written to a log or to standard output. */
export default defineRule({
  meta: {
    code: "PW901",
    name: "secret-in-log",
    practice: "logging",
    cwe: [532],
    severity: "medium",
    confidence: "medium",
    aliases: [],
    skipInTests: true,
    docs: {
      what:
        "A variable, attribute, dictionary item or keyword whose name says it holds a password, secret, token, " +
        "API key, session id (`session_id`) or payment card data (`card_number`, `cc_num`, `cvv`), passed — directly or inside an f-string, `%`, `.format` or concatenation — to `logging` " +
        "functions, `Logger` methods (of `logging.getLogger(...)` or a `log`/`logger` object), structlog or " +
        "loguru loggers, or `print`. Values typed `SecretStr`/`SecretBytes` print masked and are not reported (by any import name, also inside " +
        "`Optional[…]`, `Union[…, None]`, `… | None`, `Annotated[…]` or a string annotation); " +
        "nor are counts and flags (`num_tokens`, `password_length: int`), slices such as `token[:6]`, or " +
        "values passed through a function such as `len()` or `mask()`.",
      why:
        "Logs are copied to files, aggregators, tickets and backups and read by far more people than the " +
        "secret was meant for, and are kept for a long time. A credential in a log is a credential leaked; " +
        "rotating it after the fact is the only fix.",
      bad: 'logger.info("connecting to %s with password %s", host, db_password)\n',
      good:
        'logger.info("connecting to %s as %s", host, db_user)\n# or keep secrets in pydantic.SecretStr, which prints as **********\n',
      references: [
        "CWE-532",
        "https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html#data-to-exclude",
        "https://docs.pydantic.dev/latest/api/types/#pydantic.types.SecretStr",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;
    const finder = new SecretFinder(model);

    /** Which kind of log call `call` is, and a short label for it. */
    const classify = (call: Node): { sink: Sink; label: string; short?: string } | undefined => {
      const name = model.callee(call);
      if (name === "builtins.print") return { sink: "print", label: "print" };
      const short = name?.split(".").pop() ?? model.methodName(call);
      if (!short || !LOG_METHODS.has(short)) return undefined;
      if (name === `logging.${short}`) return { sink: "stdlib", label: name, short };
      const owner = name?.slice(0, name.length - short.length - 1);
      if (owner && STDLIB_LOGGERS.includes(owner)) return { sink: "stdlib", label: `logger.${short}`, short };
      if (owner && STRUCTURED_LOGGERS.includes(owner)) return { sink: "structured", label: `logger.${short}`, short };
      const receiver = call.childForFieldName("function")?.childForFieldName("object");
      const last = receiver?.type === "attribute" ? receiver.childForFieldName("attribute")?.text : receiver?.type === "identifier" ? receiver.text : undefined;
      // an untyped `self.logger` or imported `log`: keywords may be record fields (structlog) or options
      if (last && LOGGER_NAME.test(last)) return { sink: "structured", label: `${last}.${short}`, short };
      return undefined;
    };

    return {
      call(call) {
        const kind = classify(call);
        if (!kind) return;
        const args = model.args(call);
        const positional = kind.short === "log" ? args.positional.slice(1) : args.positional;
        let hit: Hit | undefined;
        for (const a of positional) if ((hit = finder.find(a))) break;
        if (!hit && kind.sink === "stdlib") {
          const extra = args.keywords.get("extra");
          if (extra) hit = finder.find(extra);
        }
        if (!hit && kind.sink === "structured") hit = finder.keywords(args.keywords, 0, STDLIB_OPTIONS);
        if (!hit) return;
        const kindName = secretKind(hit.name.replace(/^"|"$/g, ""));
        const bare = hit.name.replace(/^"|"$/g, "");
        const what =
          kindName === "key" ? "secret key" : kindName === "session-id" ? "session id" : !kindName && isPaymentCardName(bare) ? "payment card number" : (kindName ?? "secret");
        const shown = hit.name.length <= 40 ? hit.name : `${hit.name.slice(0, 37)}…`;
        const where = kind.sink === "print" ? "prints" : `${kind.label} logs`;
        ctx.report(call, `${where} ${shown} (a ${what}); leave it out or show a redacted form`);
      },
    };
  },
});
