/**
 * Reading the work factor and salt of password-hash calls (see `model/knowledge/password-hashing.ts`), and
 * the OWASP Password Storage Cheat Sheet minimums they are held to, shared by the password-storage rules.
 */
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";
import { KEYED, type Handlers, type KeyedHandler } from "../types.js";
import {
  DJANGO_HASHER_CLASSES,
  KDF_CALLS,
  parseWerkzeugMethod,
  pbkdf2Digest,
  RANDOM_BYTES_CALLS,
  WERKZEUG_GENERATE,
  type DjangoHasherClass,
  type KdfCall,
  type ParamAt,
  type WerkzeugMethod,
  type WorkParam,
} from "../../model/knowledge/password-hashing.js";

/** The argument at `at` of `call` (position or keyword), if given. */
export function argAt(model: ModuleModel, call: Node, at: ParamAt | undefined): Node | undefined {
  if (!at) return undefined;
  return model.arg(call, at.pos, at.kw);
}

/** A constant integer value of `node`, or undefined. */
export function constInt(model: ModuleModel, node: Node | null | undefined): number | undefined {
  const v = model.constant(node);
  return typeof v === "number" && Number.isFinite(v) ? Math.trunc(v) : typeof v === "boolean" ? Number(v) : undefined;
}

/**
 * The expression a plain local or module name stands for when every binding of the name in its scope is
 * one assignment (`salt = os.urandom(8)` … `salt`); otherwise `node` itself.
 */
export function followName(model: ModuleModel, node: Node): Node {
  let cur = node;
  for (let i = 0; i < 8 && cur.type === "identifier"; i++) {
    const list = model.bindingsOf(cur.text, cur.startIndex);
    if (list.length !== 1 || list[0].kind !== "assign" || !list[0].value) return cur;
    cur = list[0].value;
  }
  return cur;
}

/**
 * The PBKDF2 digest an argument names: a hashlib name (`"sha256"`), a hashlib constructor (`hashlib.sha512`),
 * a `cryptography` algorithm (`hashes.SHA256()`), a PyCryptodome hash module (`SHA512`). Canonical short name
 * (`sha1`, `sha256`, `sha512`, …) or undefined when unknown.
 */
export function digestOf(model: ModuleModel, node: Node | undefined): string | undefined {
  if (!node) return undefined;
  const c = model.constant(node);
  if (typeof c === "string") return pbkdf2Digest(c);
  const name = model.resolve(node) ?? model.typeOf(node);
  if (!name) return undefined;
  return pbkdf2Digest(name.slice(name.lastIndexOf(".") + 1));
}

/** One work-factor parameter of a call: its value (if constant or defaulted) and the argument node. */
export interface WorkValue {
  value?: number | string;
  /** The argument, when given. */
  node?: Node;
  /** The value is the library's default (the argument was left out). */
  defaulted: boolean;
}

/**
 * The work-factor parameters of a KDF call, each as given (constant value or unknown) or defaulted.
 * A call with `*args`/`**kwargs` that might hide a parameter leaves it unknown rather than defaulted.
 */
export function workValues(model: ModuleModel, call: Node, kdf: KdfCall): Partial<Record<WorkParam, WorkValue>> {
  const out: Partial<Record<WorkParam, WorkValue>> = {};
  const args = model.args(call);
  for (const [param, at] of Object.entries(kdf.params) as [WorkParam, ParamAt][]) {
    const node = argAt(model, call, at);
    if (node) {
      const value = param === "hash" ? digestOf(model, node) : constInt(model, node);
      out[param] = { value, node, defaulted: false };
      continue;
    }
    const hidden = args.hasDoubleStar || (at.pos !== undefined && args.starAt >= 0);
    const dflt = kdf.defaults?.[param];
    out[param] = hidden || dflt === undefined ? { defaulted: false } : { value: dflt, defaulted: true };
  }
  // a digest fixed by the API (passlib's pbkdf2_sha512, Django's PBKDF2SHA1PasswordHasher)
  if (!kdf.params.hash && kdf.defaults?.hash !== undefined) out.hash = { value: kdf.defaults.hash, defaulted: true };
  if (kdf.hashUnknownIf?.some((kw) => args.keywords.has(kw)) && out.hash?.defaulted) out.hash = { defaulted: false };
  return out;
}

/** Reads a numeric rule option, falling back to `fallback` when unset or not a positive number. */
export function numberOption(options: Readonly<Record<string, unknown>>, name: string, fallback: number): number {
  const v = options[name];
  return typeof v === "number" && Number.isFinite(v) && v > 0 ? v : fallback;
}

/** How many random bytes a call such as `os.urandom(8)` or `secrets.token_hex(8)` yields, or undefined. */
export function randomByteCount(model: ModuleModel, call: Node): { n: number; label: string } | undefined {
  if (call.type !== "call") return undefined;
  const name = model.callee(call);
  const spec = name ? RANDOM_BYTES_CALLS[name] : undefined;
  if (!name || !spec) return undefined;
  const arg = argAt(model, call, spec.n);
  const n = arg ? constInt(model, arg) : spec.default;
  return n === undefined ? undefined : { n, label: name };
}

/** Methods and functions that re-encode bytes without changing how many random bits they hold. */
const ENCODERS = new Set(["hex", "encode", "decode", "hexlify", "b64encode", "urlsafe_b64encode", "b32encode", "b16encode", "bytes", "str"]);

/**
 * The random-bytes call at the heart of a salt expression: `os.urandom(8)`, `os.urandom(8).hex()`,
 * `base64.b64encode(os.urandom(8))`, or a name bound once to one of them.
 */
export function randomSource(model: ModuleModel, node: Node): { n: number; label: string; call: Node } | undefined {
  let cur = followName(model, node);
  for (let i = 0; i < 8; i++) {
    if (cur.type === "parenthesized_expression" && cur.namedChildren[0]) {
      cur = cur.namedChildren[0];
      continue;
    }
    if (cur.type !== "call") return undefined;
    const direct = randomByteCount(model, cur);
    if (direct) return { ...direct, call: cur };
    const fn = cur.childForFieldName("function");
    const last = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : fn?.text;
    if (!last || !ENCODERS.has(last)) return undefined;
    // `x.hex()` → x (a method of a value); `base64.b64encode(x)`, `hexlify(x)` → x (a function of a module)
    const obj = fn?.type === "attribute" ? fn.childForFieldName("object") : null;
    const inner = obj && !model.resolve(obj) ? obj : model.arg(cur, 0);
    if (!inner) return undefined;
    cur = followName(model, inner);
  }
  return undefined;
}

// ---------------------------------------------------------------- where work factors are written

/** Work-factor values found in one place (a call, a class, a `CryptContext` scheme), and where to report. */
export interface WorkSite {
  family: KdfCall["family"];
  /** Short name for messages. */
  label: string;
  values: Partial<Record<WorkParam, WorkValue>>;
  /** Where to report. */
  at: Node;
}

/** The qualified names of the {@link KDF_CALLS} of each family, as handler keys (one array per family, made on first use). */
const CALL_NAMES = new Map<KdfCall["family"], readonly string[]>();

/**
 * The handlers the work-factor rules of one KDF family share: subclasses of Django's hashers (`class_definition`),
 * passlib `CryptContext` schemes, and calls of the family's {@link KDF_CALLS}. Each work site of `family` found
 * goes to `check`, with the qualified name of the call for a KDF call. `first`: the rule's own keyed handlers,
 * listed before the KDF calls'.
 */
export function workSiteHandlers(model: ModuleModel, family: KdfCall["family"], check: (site: WorkSite, name?: string) => void, first: readonly KeyedHandler[] = []): Handlers {
  let names = CALL_NAMES.get(family);
  if (!names) CALL_NAMES.set(family, (names = Object.keys(KDF_CALLS).filter((name) => KDF_CALLS[name].family === family)));
  return {
    class_definition(node) {
      const site = djangoHasherSite(model, node);
      if (site?.family === family) check(site);
    },
    "passlib.context.CryptContext"(call) {
      for (const site of cryptContextSites(model, call)) if (site.family === family) check(site);
    },
    [KEYED]: [
      ...first,
      {
        keys: names,
        handler(call, name) {
          const kdf = KDF_CALLS[name];
          check({ family: kdf.family, label: kdf.label, values: workValues(model, call, kdf), at: call }, name);
        },
      },
    ],
  };
}

/**
 * The method of a Werkzeug `generate_password_hash` call (`method="pbkdf2:sha256:1000"`) when it is a string
 * constant: its node, its text and what it says (see `parseWerkzeugMethod`).
 */
export function werkzeugMethod(model: ModuleModel, call: Node): { node: Node; text: string; method: WerkzeugMethod } | undefined {
  const node = argAt(model, call, WERKZEUG_GENERATE.method);
  const text = model.constant(node);
  return typeof text === "string" && node ? { node, text, method: parseWerkzeugMethod(text) } : undefined;
}

/**
 * A subclass of one of Django's configurable hashers (`class Fast(PBKDF2PasswordHasher): iterations = 1000`):
 * the class-level values it sets, Django's defaults for the rest. Undefined when the class sets none of them.
 */
export function djangoHasherSite(model: ModuleModel, node: Node): WorkSite | undefined {
  const cls = node.type === "class_definition" ? node : undefined;
  const supers = cls?.childForFieldName("superclasses");
  const body = cls?.childForFieldName("body");
  if (!cls || !supers || !body) return undefined;
  let spec: DjangoHasherClass | undefined;
  let base = "";
  for (const s of supers.namedChildren) {
    const name = s ? model.resolve(s) : undefined;
    if (name && Object.hasOwn(DJANGO_HASHER_CLASSES, name)) {
      spec = DJANGO_HASHER_CLASSES[name];
      base = name.slice(name.lastIndexOf(".") + 1);
      break;
    }
  }
  if (!spec) return undefined;
  const values: Partial<Record<WorkParam, WorkValue>> = {};
  let first: Node | undefined;
  for (const stmt of body.namedChildren) {
    const assign = stmt?.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
    if (assign?.type !== "assignment") continue;
    const left = assign.childForFieldName("left");
    const right = assign.childForFieldName("right");
    if (left?.type !== "identifier" || !right || !Object.hasOwn(spec.attributes, left.text)) continue;
    const param = spec.attributes[left.text];
    values[param] = { value: param === "hash" ? digestOf(model, right) : constInt(model, right), node: assign, defaulted: false };
    first ??= assign;
  }
  if (!first) return undefined;
  for (const [param, value] of Object.entries(spec.defaults) as [WorkParam, number | string][]) {
    if (!values[param]) values[param] = { value, defaulted: true };
  }
  return { family: spec.family, label: `${cls.childForFieldName("name")?.text ?? "class"}(${base})`, values, at: first };
}

/** passlib `CryptContext` settings: `<scheme>__<setting>` keywords, by setting name → the `using()` keyword. */
const CONTEXT_SETTINGS: Readonly<Record<string, string>> = {
  rounds: "rounds",
  default_rounds: "rounds",
  memory_cost: "memory_cost",
  parallelism: "parallelism",
  block_size: "block_size",
};

/**
 * Splits a `CryptContext` keyword `<scheme>__<setting>` (`pbkdf2_sha256__default_rounds`) as
 * `/^([a-z0-9_]+?)__([a-z_]+)$/` would, in linear time: the setting holds no digit, so the split is the first
 * `__` after the last digit.
 */
function schemeSetting(kw: string): [string, string, string] | undefined {
  if (!/^[a-z0-9_]+$/.test(kw)) return undefined;
  let lastDigit = -1;
  for (let k = kw.length - 1; k >= 0; k--) {
    const c = kw.charCodeAt(k);
    if (c >= 48 && c <= 57) {
      lastDigit = k;
      break;
    }
  }
  const i = kw.indexOf("__", Math.max(1, lastDigit - 1));
  if (i < 0 || i + 2 >= kw.length) return undefined;
  return [kw, kw.slice(0, i), kw.slice(i + 2)];
}

/**
 * The work factors a passlib `CryptContext(...)` call sets per scheme (`pbkdf2_sha256__default_rounds=1000`),
 * each with the scheme's defaults for the rest. Schemes with no such keyword are not listed.
 */
export function cryptContextSites(model: ModuleModel, call: Node): WorkSite[] {
  const byScheme = new Map<string, { kdf: KdfCall; given: Map<string, Node>; at: Node }>();
  for (const [kw, value] of model.args(call).keywords) {
    const m = schemeSetting(kw);
    if (!m || !Object.hasOwn(CONTEXT_SETTINGS, m[2])) continue;
    const kdf = KDF_CALLS[`passlib.hash.${m[1]}.using`];
    if (!kdf) continue;
    const entry = byScheme.get(m[1]) ?? { kdf, given: new Map<string, Node>(), at: value.parent ?? value };
    entry.given.set(CONTEXT_SETTINGS[m[2]], value);
    byScheme.set(m[1], entry);
  }
  const out: WorkSite[] = [];
  for (const [scheme, { kdf, given, at }] of byScheme) {
    const values: Partial<Record<WorkParam, WorkValue>> = {};
    for (const [param, where] of Object.entries(kdf.params) as [WorkParam, ParamAt][]) {
      const node = where.kw ? given.get(where.kw) : undefined;
      if (node) values[param] = { value: constInt(model, node), node, defaulted: false };
      else if (kdf.defaults?.[param] !== undefined) values[param] = { value: kdf.defaults[param], defaulted: true };
    }
    if (kdf.defaults?.hash !== undefined) values.hash = { value: kdf.defaults.hash, defaulted: true };
    out.push({ family: kdf.family, label: `CryptContext ${scheme}`, values, at });
  }
  return out;
}

/** A work factor in a message: `600,000`, with "(default)" when the library chose it. */
export function showValue(v: WorkValue | undefined): string {
  if (!v || v.value === undefined) return "?";
  const text = typeof v.value === "number" ? v.value.toLocaleString("en-US") : v.value;
  return v.defaulted ? `${text} (default)` : text;
}

/**
 * The statement a work-factor finding at `node` belongs to: the whole call for a call site (its argument may
 * sit on a line of its own), the node's own statement otherwise (a class attribute, a setting).
 */
export function siteStatement(site: WorkSite, node: Node): Node {
  return site.at.type === "call" ? site.at : node;
}
