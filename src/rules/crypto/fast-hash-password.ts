import { defineRule, type Handler } from "../types.js";
import type { Node } from "../../parse/parser.js";
import {
  digestLabel,
  FAST_HASH_CALLS,
  PASSLIB_FAST_SCHEMES,
  PASSLIB_HASH_METHODS,
  WERKZEUG_GENERATE,
} from "../../model/knowledge/password-hashing.js";
import { identifierWords, isPasswordLike } from "../util/names.js";
import { argAt, followName, werkzeugMethod } from "../util/kdf.js";
import { findInExpression, mentionedName } from "../util/expressions.js";

/** Verbs that, in a function name next to a password word, say the function stores or checks a password. */
const STORE_VERBS = new Set([
  "hash", "set", "make", "encode", "encrypt", "digest", "store", "save", "check", "verify", "validate", "compare",
  "crypt", "salt",
]);

/** Words that mark a breached-password lookup (Have I Been Pwned's range API wants a SHA-1 of the password). */
const BREACH_WORDS = new Set(["pwned", "pwnd", "hibp", "breach", "breached", "breaches", "compromised", "leaked", "haveibeenpwned"]);

const ADVICE = "use a slow salted password hash (argon2id, scrypt, bcrypt or PBKDF2 with OWASP work factors)";

/** PW320: a fast digest (MD5, SHA-1, SHA-2, SHA-3, BLAKE2) applied to a password. */
export default defineRule({
  namesOnly: true,
  meta: {
    code: "PW320",
    name: "fast-hash-password",
    practice: "password-storage",
    cwe: [916, 759],
    severity: "high",
    confidence: "medium",
    aliases: [],
    supersedes: ["PW301"],
    skipInTests: true,
    docs: {
      what:
        "A fast digest — MD5, SHA-1, SHA-2, SHA-3, BLAKE2 or SHAKE, through `hashlib` (also `hashlib.new(name)` and " +
        "`.update(...)` on a hash object), PyCryptodome or `cryptography`'s `hashes.Hash` — applied to a password: " +
        "the hashed value mentions a password-like name (`password`, `user.passwd`, `form[\"pwd\"]`), or the " +
        "enclosing function stores or checks passwords (`hash_password`, `set_password`, `check_password`) and " +
        "hashes one of its parameters. Also passlib schemes that are plain or legacy digests (`hex_sha256`, " +
        "`ldap_salted_sha1`, `md5_crypt`, …, directly or as a `CryptContext`'s first scheme) and Werkzeug's old " +
        "single-digest methods (`generate_password_hash(pw, method=\"sha256\")`). Keyed BLAKE2 (`key=`) and HMAC " +
        "are MACs, not plain digests; `usedforsecurity=False` and breached-password lookups (a function named " +
        "for Have I Been Pwned) are not reported. PW301 reports MD5 and SHA-1 wherever they are used; this rule " +
        "adds that no fast digest, however strong, stores a password.",
      why:
        "A fast hash is built to be computed billions of times a second on a GPU, so a leaked table of " +
        "SHA-256 password hashes is cracked as quickly as one of MD5 hashes: every common password falls in " +
        "minutes, and without a per-user salt one precomputed table cracks every account at once. Password " +
        "hashes must be slow and salted on purpose.",
      bad:
        "import hashlib\n\ndef hash_password(password: str) -> str:\n" +
        "    return hashlib.sha256(password.encode()).hexdigest()\n",
      good:
        "from argon2 import PasswordHasher\n\n_hasher = PasswordHasher()  # argon2id, 64 MiB, 3 passes\n\n" +
        "def hash_password(password: str) -> str:\n    return _hasher.hash(password)\n",
      references: [
        "CWE-916",
        "CWE-759",
        "https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;

    /** The function around `node`, its name and parameter names (self/cls excluded). */
    const enclosing = (node: Node): { name: string; node: Node | undefined } | undefined => {
      const fn = model.enclosingFunction(node);
      return fn ? { name: fn.name, node: fn.node } : undefined;
    };

    const inBreachLookup = (node: Node): boolean => {
      const fn = enclosing(node);
      return !!fn && identifierWords(fn.name).some((w) => BREACH_WORDS.has(w));
    };

    /** Is the function named like one that stores or checks passwords (`hash_password`, `set_pwd`)? */
    const storesPasswords = (name: string): boolean => {
      const words = identifierWords(name);
      const rest = words.filter((w) => !STORE_VERBS.has(w));
      return rest.length < words.length && rest.length > 0 && isPasswordLike(rest.join("_"));
    };

    /** Why `data` is a password: the password-like name it mentions, or the parameter of a password function. */
    const passwordEvidence = (data: Node): string | undefined => {
      const named = mentionedName(model, data, isPasswordLike);
      if (named) return `'${named}'`;
      const fn = model.enclosingFunction(data);
      if (!fn || !storesPasswords(fn.name)) return undefined;
      const param = findInExpression<string>(data, (n) => {
        if (n.type !== "identifier" || n.text === "self" || n.text === "cls") return undefined;
        const parent = n.parent;
        if (parent?.type === "attribute") {
          // `raw.encode()` hashes the parameter; `user.hashed_password` hashes something it holds
          if (parent.childForFieldName("attribute")?.id === n.id) return undefined;
          if (parent.parent?.type !== "call" || parent.parent.childForFieldName("function")?.id !== parent.id) return false;
        }
        const b = model.lookup(n.text, n.startIndex);
        return b?.kind === "param" && fn.node && b.offset >= fn.node.startIndex && b.offset < fn.node.endIndex ? n.text : undefined;
      });
      return param ? `parameter '${param}' of ${fn.name}()` : undefined;
    };

    /** Human name of the digest behind a hash object (`h` after `h = hashlib.new("sha256")`). */
    const objectLabel = (call: Node): string => {
      const fn = call.childForFieldName("function");
      const obj = fn?.type === "attribute" ? fn.childForFieldName("object") : null;
      const origin = obj ? followName(model, obj) : undefined;
      if (origin?.type === "call") {
        const name = model.callee(origin);
        if (name === "hashlib.new") {
          const n = model.constant(model.arg(origin, 0, "name"));
          if (typeof n === "string") return digestLabel(n);
        }
        if (name === "cryptography.hazmat.primitives.hashes.Hash") {
          const alg = model.typeOf(model.arg(origin, 0, "algorithm"));
          if (alg) return digestLabel(alg.slice(alg.lastIndexOf(".") + 1));
        }
      }
      return "a fast digest";
    };

    const handlers: Record<string, Handler> = {};
    for (const [name, spec] of Object.entries(FAST_HASH_CALLS)) {
      handlers[name] = (call) => {
        if (spec.keyedBy && model.args(call).keywords.has(spec.keyedBy)) return;
        if (model.isFalse(model.arg(call, undefined, "usedforsecurity"))) return;
        const data = argAt(model, call, spec.data) ?? model.arg(call, undefined, "string");
        if (!data || model.isConstant(data)) return;
        const evidence = passwordEvidence(data);
        if (!evidence || inBreachLookup(call)) return;
        let label = spec.label;
        if (name === "hashlib.new") {
          const n = model.constant(model.arg(call, 0, "name"));
          label = typeof n === "string" ? digestLabel(n) : "a fast digest";
        } else if (!label) label = objectLabel(call);
        ctx.report(call, `password (${evidence}) hashed with ${label}, a fast digest that GPUs try billions of times a second; ${ADVICE}`);
      };
    }

    // passlib schemes that are plain digests or legacy crypts
    for (const [scheme, what] of Object.entries(PASSLIB_FAST_SCHEMES)) {
      const report: Handler = (call) => {
        ctx.report(call, `password hashed with passlib's ${scheme}: ${what}; ${ADVICE}`, { confidence: "high" });
      };
      for (const method of PASSLIB_HASH_METHODS) {
        handlers[`passlib.hash.${scheme}.${method}`] = report;
        handlers[`passlib.hash.${scheme}.using.${method}`] = report;
      }
    }
    handlers["passlib.context.CryptContext"] = (call) => {
      const schemes = model.constant(model.arg(call, 0, "schemes"));
      if (!Array.isArray(schemes) || typeof schemes[0] !== "string") return;
      const chosen = model.constant(model.arg(call, undefined, "default"));
      const scheme = typeof chosen === "string" ? chosen : schemes[0];
      const what = Object.hasOwn(PASSLIB_FAST_SCHEMES, scheme) ? PASSLIB_FAST_SCHEMES[scheme] : undefined;
      if (what !== undefined) ctx.report(call, `CryptContext hashes new passwords with ${scheme}: ${what}; ${ADVICE}`, { confidence: "high" });
    };

    // Werkzeug before 2.3: `method="sha256"` is one salted HMAC, not a password hash
    for (const name of WERKZEUG_GENERATE.names) {
      handlers[name] = (call) => {
        const given = werkzeugMethod(model, call);
        if (given?.method?.family !== "fast") return;
        const what = given.method.hash === "plain" ? "plain text" : `a single salted ${digestLabel(given.method.hash)}`;
        ctx.report(call, `generate_password_hash with method "${given.text}" stores ${what}; use the default (scrypt) or "pbkdf2:sha256:600000"`, {
          confidence: "high",
        });
      };
    }
    return handlers;
  },
});
