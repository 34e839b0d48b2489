import { defineRule } from "../types.js";
import type { Node } from "../../parse/parser.js";
import type { Confidence } from "../../engine/finding.js";
import { identifierWords, isPasswordLike, secretKind, type SecretKind } from "../util/names.js";
import { followName } from "../util/kdf.js";

/** Name kinds (see `names.ts`) whose values an attacker may guess byte by byte through response timing. */
const TIMED_KINDS: ReadonlySet<SecretKind> = new Set(["password", "secret", "token", "key", "credential", "otp", "code"]);

/** Head words of MACs and signatures. */
const SIGNATURE_HEADS: Readonly<Record<string, string>> = {
  signature: "signature",
  signatures: "signature",
  hmac: "HMAC",
  hexdigest: "digest",
  digest: "digest",
};

/** Words before `signature`/`digest` that make the name a flag, setting or type (`verify_signature`, `digest_size`). */
const NOT_A_VALUE = new Set(["verify", "check", "validate", "skip", "require", "requires", "required", "has", "is", "use", "enable", "enabled", "disable", "no", "without", "type", "kind", "method", "scheme", "algorithm", "alg", "size", "len", "length", "name"]);

/** Words around a password that mean "its hash" (`password_hash`, `pw_digest`). */
const HASH_WORDS = new Set(["hash", "hashed", "digest", "hexdigest"]);

/** Words of a confirmation field: `password == password_confirm` checks typing, not a secret. */
const CONFIRM_WORDS = new Set(["confirm", "confirmation", "confirmed", "again", "repeat", "repeated", "retype", "retyped", "re", "verify", "2", "new"]);

/** Qualifiers of a token that is a version stamp or position rather than a credential (`cache_token`). */
const NOT_CREDENTIAL = new Set(["cache", "etag", "version", "revision", "state", "change", "changes", "progress", "resume", "continuation", "cursor", "page", "sync"]);

/** Methods that compare objects field by field: `self.signature == other.signature` there is no secret check. */
const EQUALITY_METHODS = new Set(["__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__hash__", "__cmp__"]);

/** Trailing words that describe a representation, skipped when finding the head word. */
const TRAILING = new Set(["value", "str", "string", "bytes", "hex", "b64", "raw", "header", "param"]);

/** Calls whose result is an HMAC: `hmac.new(...).hexdigest()`, `hmac.digest(...)`. */
const HMAC_TYPES = new Set(["hmac.new", "hmac.HMAC"]);

/** What a compared operand holds, for the message. */
interface Timed {
  what: string;
  confidence: Confidence;
  /** Too common a word to tell by itself (a bare `token`, a file `digest`): needs a secret on the other side. */
  bare?: boolean;
  password?: boolean;
}

/** PW327: a secret, token, signature or MAC compared with `==`/`!=`, which leaks its bytes through timing. */
export default defineRule({
  meta: {
    code: "PW327",
    name: "non-constant-time-comparison",
    practice: "password-storage",
    cwe: [208],
    severity: "medium",
    confidence: "medium",
    aliases: [],
    skipInTests: true,
    docs: {
      what:
        "An `==` or `!=` comparison between a value whose name says it is a password, secret, token, API key, " +
        "one-time code, signature, HMAC or digest (`provided_signature`, `request.headers[\"X-Hub-Signature\"]`, " +
        "`session[\"csrf_token\"]`, `hmac.new(...).hexdigest()`) and another value that is not a constant. " +
        "Comparisons with constants are PW303's (a hard-coded secret) or harmless (`token is None`, `sig == \"\"`); " +
        "a bare `token` or `digest` counts only against a secret on the other side or a digest computed by `hmac` " +
        "(lexers compare tokens, and downloads are checked against published digests); password " +
        "confirmation checks (`password1 != password2`, `new_password == confirm_password`) are not reported.",
      why:
        "`==` on strings and bytes returns at the first differing byte, so the time a failed check takes tells " +
        "an attacker how many leading bytes of a guess were right. Measured over many requests, this recovers a " +
        "webhook signature, API key or reset token byte by byte. `hmac.compare_digest` takes the same time " +
        "whatever the inputs.",
      bad:
        "import hashlib, hmac\n\ndef verify(body: bytes, signature: str, key: bytes) -> bool:\n" +
        "    expected = hmac.new(key, body, hashlib.sha256).hexdigest()\n    return expected == signature\n",
      good:
        "import hashlib, hmac\n\ndef verify(body: bytes, signature: str, key: bytes) -> bool:\n" +
        "    expected = hmac.new(key, body, hashlib.sha256).hexdigest()\n    return hmac.compare_digest(expected, signature)\n",
      references: [
        "CWE-208",
        "https://docs.python.org/3/library/hmac.html#hmac.compare_digest",
        "https://docs.python.org/3/library/secrets.html#secrets.compare_digest",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;

    /** Classifies a name by the timing-sensitive value it holds. */
    const classify = (name: string): Timed | undefined => {
      const words = identifierWords(name);
      const kind = secretKind(name);
      if (kind === "token" && words.some((w) => NOT_CREDENTIAL.has(w))) return undefined;
      if (kind && TIMED_KINDS.has(kind)) {
        const bare = kind === "token" && words.filter((w) => !TRAILING.has(w)).length === 1;
        return { what: kind === "key" ? "key" : kind === "otp" || kind === "code" ? "one-time code" : kind, confidence: "medium", bare, password: kind === "password" };
      }
      let end = words.length;
      while (end > 1 && (TRAILING.has(words[end - 1]) || /^\d+$/.test(words[end - 1]))) end--;
      const head = words[end - 1];
      const before = words.slice(0, end - 1);
      if (before.some((w) => isPasswordLike(w)) && HASH_WORDS.has(head)) return { what: "password hash", confidence: "low", password: true };
      if (head && Object.hasOwn(SIGNATURE_HEADS, head) && !before.some((w) => NOT_A_VALUE.has(w))) {
        const what = SIGNATURE_HEADS[head];
        return { what, confidence: "medium", bare: what === "digest" };
      }
      return undefined;
    };

    /** Is an operand named like a confirmation field (`confirm`, `password2`, `retype_pw`)? */
    const confirmLike = (node: Node): boolean => {
      const name = operandName(node);
      return !!name && identifierWords(name).some((w) => CONFIRM_WORDS.has(w));
    };

    /** The name an operand stands for: variable, attribute, constant subscript key, key read with `get`. */
    const operandName = (node: Node): string | undefined => {
      switch (node.type) {
        case "identifier":
          return node.text;
        case "attribute":
          return node.childForFieldName("attribute")?.text;
        case "subscript": {
          const key = model.constant(node.childForFieldName("subscript"));
          return typeof key === "string" ? key : undefined;
        }
        case "call": {
          const fn = node.childForFieldName("function");
          const method = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : undefined;
          if (method !== "get" && method !== "pop") return undefined;
          const key = model.constant(model.arg(node, 0));
          return typeof key === "string" ? key : undefined;
        }
        default:
          return undefined;
      }
    };

    /** What an operand holds (a named secret, an HMAC), and how to show it. */
    const operand = (node: Node): { label: string; timed: Timed } | undefined => {
      // a local name bound to an HMAC (`digest = hmac.new(key, msg, "sha256").digest()`)
      if (node.type === "identifier") {
        const value = followName(model, node);
        if (!value.equals(node) && value.type === "call") {
          const hmacValue = operand(value);
          if (hmacValue?.timed.what === "HMAC") return { label: `'${node.text}'`, timed: hmacValue.timed };
        }
      }
      if (node.type === "call") {
        const fn = node.childForFieldName("function");
        const method = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : undefined;
        if (model.callee(node) === "hmac.digest") return { label: "from hmac.digest()", timed: { what: "HMAC", confidence: "high" } };
        if ((method === "hexdigest" || method === "digest") && fn) {
          const receiver = model.typeOf(fn.childForFieldName("object"));
          if (receiver && HMAC_TYPES.has(receiver)) return { label: `from ${receiver}(…).${method}()`, timed: { what: "HMAC", confidence: "high" } };
        }
      }
      const label = operandName(node);
      if (!label) return undefined;
      const timed = classify(label);
      return timed ? { label: `'${label}'`, timed } : undefined;
    };

    return {
      comparison_operator(node) {
        const operands = node.namedChildren.filter((c): c is Node => !!c && c.type !== "comment");
        const ops = node.children.filter((c): c is Node => !!c && !c.isNamed).map((c) => c.type);
        if (operands.length !== 2 || ops.length !== 1 || (ops[0] !== "==" && ops[0] !== "!=")) return;
        const [a, b] = operands;
        if (model.isConstant(a) || model.isConstant(b)) return;
        const fn = model.enclosingFunction(node);
        if (fn && EQUALITY_METHODS.has(fn.name)) return;
        const left = operand(a);
        const right = operand(b);
        if (!left && !right) return;
        // a library constant on either side (`signal.SIGTERM`; not `settings.API_KEY`): no secret is checked
        if ((!left && model.resolve(a)) || (!right && model.resolve(b))) return;
        // a cache or version token on either side: both are stamps, not credentials
        if ([a, b].some((x) => {
          const name = operandName(x);
          return !!name && secretKind(name) === "token" && identifierWords(name).some((w) => NOT_CREDENTIAL.has(w));
        })) return;
        // password confirmation fields compare two user inputs (`password != confirm`, `pw1 != pw2`)
        if ((left?.timed.password || right?.timed.password) && [a, b].some((x) => confirmLike(x))) return;
        // a bare `token` or `digest` needs a qualified secret on the other side
        const pick = [left, right].find((x) => x && !x.timed.bare) ?? undefined;
        if (!pick) return;
        const confidence = [left, right].some((x) => x && !x.timed.bare && x.timed.confidence === "high")
          ? "high"
          : [left, right].some((x) => x && !x.timed.bare && x.timed.confidence === "medium")
            ? "medium"
            : "low";
        ctx.report(
          node,
          `${pick.timed.what} ${pick.label} compared with ${ops[0]}, which returns at the first differing byte and leaks through timing how much of a guess is right; use hmac.compare_digest()`,
          { confidence },
        );
      },
    };
  },
});
