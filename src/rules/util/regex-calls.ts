/**
 * "Where does this call apply a regular expression, and which one?" — shared by the regex rules.
 *
 * Recognises the APIs listed in `model/knowledge/regex.ts` by any import path, and the methods of compiled
 * patterns whose `re.compile(...)` the model can see: a name bound (only) to it, a class attribute read as
 * `self.NAME`, `cls.NAME` or `ClassName.NAME`, or the call itself (`re.compile(p).match(s)`).
 */
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";
import type { Scope } from "../../model/scopes.js";
import { PATTERN_METHODS, RE_FLAG_BITS, REGEX_APIS, REGEX_FLAGS, type RegexApi, type RegexMode } from "../../model/knowledge/regex.js";
import type { RegexFlags } from "./pyregex.js";

/** The flags of a call, as far as they can be read. */
export interface FlagsValue {
  flags: Partial<RegexFlags>;
  /** Every part of the flags expression was understood. */
  known: boolean;
  /** A flag changes matching in a way the analyses do not model (`regex.REVERSE`). */
  unsupported: boolean;
}

/** One place where a pattern is applied (or compiled). */
export interface RegexUse {
  call: Node;
  /** Qualified name of the API (`re.search`, `django.core.validators.RegexValidator`), or `re.Pattern.<method>`. */
  api: string;
  /** How to name the call in a message (`re.search()`, `EMAIL_RE.match()`). */
  label: string;
  mode: RegexMode;
  dialect: "re" | "regex";
  /** The expression that holds the pattern (for a compiled pattern: the argument of its `compile` call). */
  patternNode: Node;
  /** The pattern's constant value, when it has one (bytes patterns read as text). */
  pattern: string | undefined;
  /** Flags of the call (and of the `compile` call behind a compiled pattern). */
  flags: FlagsValue;
  /** The `compile(...)` call behind a compiled pattern's method. */
  compiledAt?: Node;
  /** The API validates input. */
  validator: boolean;
  /** For validators: a match means "invalid" (true), "valid" (false), or cannot tell (undefined). */
  inverse: boolean | undefined;
  /** The call passes a `timeout` (the `regex` module can bound a match's time). */
  timeout: boolean;
}

const MAX_DEPTH = 8;

/** Reads a flags expression: `re.I | re.M`, `re.IGNORECASE + re.VERBOSE`, `2`, a name bound to those. */
export function readFlags(model: ModuleModel, node: Node | undefined, depth = 0): FlagsValue {
  const out: FlagsValue = { flags: {}, known: true, unsupported: false };
  if (!node) return out;
  const visit = (n: Node, d: number): void => {
    if (d > MAX_DEPTH) {
      out.known = false;
      return;
    }
    if (n.type === "parenthesized_expression" && n.namedChildren[0]) return visit(n.namedChildren[0], d + 1);
    if (n.type === "binary_operator") {
      const op = n.childForFieldName("operator")?.type;
      const l = n.childForFieldName("left");
      const r = n.childForFieldName("right");
      if ((op === "|" || op === "+") && l && r) {
        visit(l, d + 1);
        visit(r, d + 1);
        return;
      }
    }
    if (n.type === "attribute" || n.type === "identifier") {
      const name = model.resolve(n);
      const m = name ? /^(?:re|regex|re\.RegexFlag|sre_compile|sre_constants)\.([A-Z0-9_]+)$/.exec(name) : null;
      const effect = m ? REGEX_FLAGS[m[1].replace(/^SRE_FLAG_/, "")] : undefined;
      if (effect) {
        if (effect === "unsupported") out.unsupported = true;
        else if (effect !== "none") out.flags[effect] = true;
        return;
      }
      if (n.type === "identifier" && !name) {
        const bindings = model.bindingsOf(n.text, n.startIndex);
        if (bindings.length === 1 && bindings[0].kind === "assign" && bindings[0].value) return visit(bindings[0].value, d + 1);
      }
    }
    const v = model.constant(n);
    if (typeof v === "number" && Number.isInteger(v)) {
      for (const [bit, effect] of RE_FLAG_BITS) if (v & bit) out.flags[effect as keyof RegexFlags] = true;
      return;
    }
    out.known = false;
  };
  visit(node, depth);
  return out;
}

function mergeFlags(a: FlagsValue, b: FlagsValue): FlagsValue {
  return { flags: { ...a.flags, ...b.flags }, known: a.known && b.known, unsupported: a.unsupported || b.unsupported };
}

/** The class scope of the class a method (or other code) at `node` belongs to. */
function enclosingClass(model: ModuleModel, node: Node): Scope | undefined {
  for (let s: Scope | undefined = model.scopeAt(node.startIndex); s; s = s.parent) if (s.kind === "class") return s;
  return undefined;
}

/** The scope of a `class_definition` node. */
function classScope(model: ModuleModel, classNode: Node): Scope | undefined {
  const body = classNode.childForFieldName("body");
  if (!body) return undefined;
  for (let s: Scope | undefined = model.scopeAt(body.startIndex); s; s = s.parent) if (s.node?.id === classNode.id) return s;
  return undefined;
}

/** True when `call` compiles a pattern (`re.compile`, `regex.compile`). */
export function isCompileCall(model: ModuleModel, call: Node): boolean {
  const name = call.type === "call" ? model.callee(call) : undefined;
  return !!name && REGEX_APIS[name]?.mode === "compile";
}

/**
 * The `compile(...)` call a compiled-pattern expression comes from: the call itself, a name bound only to
 * such calls (with the same pattern), or a class attribute (`self.NAME`, `cls.NAME`, `ClassName.NAME`).
 */
export function compiledPattern(model: ModuleModel, node: Node | null | undefined, depth = 0): Node | undefined {
  if (!node || depth > MAX_DEPTH) return undefined;
  switch (node.type) {
    case "call":
      return isCompileCall(model, node) ? node : undefined;
    case "parenthesized_expression":
      return compiledPattern(model, node.namedChildren[0], depth + 1);
    case "identifier": {
      const bindings = model.bindingsOf(node.text, node.startIndex);
      if (!bindings.length) return undefined;
      let found: Node | undefined;
      for (const b of bindings) {
        if ((b.kind !== "assign" && b.kind !== "walrus") || !b.value) return undefined;
        const c = compiledPattern(model, b.value, depth + 1);
        if (!c) return undefined;
        if (found && model.arg(found, 0, "pattern")?.text !== model.arg(c, 0, "pattern")?.text) return undefined;
        found ??= c;
      }
      return found;
    }
    case "attribute": {
      const obj = node.childForFieldName("object");
      const attr = node.childForFieldName("attribute")?.text;
      if (!obj || !attr || obj.type !== "identifier") return undefined;
      let scope: Scope | undefined;
      if (obj.text === "self" || obj.text === "cls") scope = enclosingClass(model, node);
      else {
        const b = model.lookup(obj.text, obj.startIndex);
        if (b?.kind === "class") scope = classScope(model, b.node);
      }
      const list = scope?.bindings.get(attr);
      if (!list || list.length !== 1 || list[0].kind !== "assign" || !list[0].value) return undefined;
      return compiledPattern(model, list[0].value, depth + 1);
    }
    default:
      return undefined;
  }
}

/** `re.search()` for the module functions, the bare class name (`RegexValidator()`) for the others. */
function labelOf(api: string): string {
  const parts = api.split(".");
  return `${(parts[0] === "re" || parts[0] === "regex") && parts.length === 2 ? api : parts[parts.length - 1]}()`;
}

function fromApi(model: ModuleModel, call: Node, api: string, spec: RegexApi): RegexUse | undefined {
  const args = model.args(call);
  let patternNode = model.arg(call, spec.pattern[0], spec.pattern[1]);
  if (!patternNode) return undefined;
  let flags = readFlags(model, spec.flags ? model.arg(call, spec.flags[0], spec.flags[1]) : undefined);
  if (spec.flags && !model.arg(call, spec.flags[0], spec.flags[1]) && (args.hasDoubleStar || (args.starAt >= 0 && spec.flags[0] !== undefined))) {
    flags = { ...flags, known: false };
  }
  let compiledAt: Node | undefined;
  // `re.search(EMAIL_RE, s)` and `RegexValidator(EMAIL_RE)` accept a compiled pattern
  const compiled = spec.mode !== "compile" ? compiledPattern(model, patternNode) : undefined;
  if (compiled) {
    const inner = model.arg(compiled, 0, "pattern");
    if (!inner) return undefined;
    compiledAt = compiled;
    patternNode = inner;
    flags = mergeFlags(flags, readFlags(model, model.arg(compiled, 1, "flags")));
  }
  const value = model.constant(patternNode);
  let inverse: boolean | undefined = false;
  if (spec.inverse) {
    const inv = model.arg(call, spec.inverse[0], spec.inverse[1]);
    inverse = inv ? model.truthy(inv) : args.hasDoubleStar ? undefined : false;
  }
  return {
    call,
    api,
    label: labelOf(api),
    mode: spec.mode,
    dialect: compiledAt && model.callee(compiledAt)?.startsWith("regex.") ? "regex" : spec.dialect,
    patternNode,
    pattern: typeof value === "string" ? value : undefined,
    flags,
    compiledAt,
    validator: !!spec.validator,
    inverse,
    timeout: args.keywords.has("timeout"),
  };
}

/**
 * Reads a call that applies or compiles a regular expression: a listed API, or a method of a compiled
 * pattern the model can trace to its `compile(...)`. Undefined for any other call.
 */
export function regexUse(model: ModuleModel, call: Node): RegexUse | undefined {
  // several regex rules ask about every call: read each call once per file
  let memo = USES.get(model);
  if (!memo) USES.set(model, (memo = new Map()));
  const hit = memo.get(call.id);
  if (hit !== undefined) return hit ?? undefined;
  const use = readRegexUse(model, call);
  memo.set(call.id, use ?? null);
  return use;
}

/**
 * Handler keys for a rule built on {@link regexUse}: every qualified name of `REGEX_APIS` and, unless `apisOnly`,
 * every compiled-pattern method of any receiver (`.search`, `.match`, …), all mapped to `handler`. The engine then
 * calls it only on the calls that may apply a pattern, once per call, instead of on every call.
 */
export function regexUseHandlers(handler: (call: Node) => void, apisOnly = false): Record<string, (call: Node) => void> {
  const out: Record<string, (call: Node) => void> = {};
  for (const name of Object.keys(REGEX_APIS)) out[name] = handler;
  if (!apisOnly) for (const method of Object.keys(PATTERN_METHODS)) out[`.${method}`] = handler;
  return out;
}

/** {@link regexUse} answers by model and call id (null: not a regex use). */
const USES = new WeakMap<ModuleModel, Map<number, RegexUse | null>>();

function readRegexUse(model: ModuleModel, call: Node): RegexUse | undefined {
  const name = model.callee(call);
  if (name && Object.hasOwn(REGEX_APIS, name)) return fromApi(model, call, name, REGEX_APIS[name]);
  const method = model.methodName(call);
  if (!method || !Object.hasOwn(PATTERN_METHODS, method)) return undefined;
  const receiver = call.childForFieldName("function")?.childForFieldName("object");
  const compiled = compiledPattern(model, receiver);
  if (!compiled) return undefined;
  const patternNode = model.arg(compiled, 0, "pattern");
  if (!patternNode) return undefined;
  const value = model.constant(patternNode);
  const dialect = model.callee(compiled)?.startsWith("regex.") ? "regex" : "re";
  const args = model.args(call);
  return {
    call,
    api: `${dialect}.Pattern.${method}`,
    label: `${receiver!.text.length <= 40 ? receiver!.text : "pattern"}.${method}()`,
    mode: PATTERN_METHODS[method],
    dialect,
    patternNode,
    pattern: typeof value === "string" ? value : undefined,
    flags: readFlags(model, model.arg(compiled, 1, "flags")),
    compiledAt: compiled,
    validator: false,
    inverse: false,
    timeout: args.keywords.has("timeout"),
  };
}

/**
 * How the compiled pattern made by `compileCall` is used, when every use is visible: the compile call is
 * assigned to a name (module, class or function level) and every read of that name calls a pattern method
 * on it. Returns the modes of those methods, or undefined when some use is not visible (the pattern is
 * passed on, returned, or stored elsewhere).
 */
export function compiledUses(model: ModuleModel, compileCall: Node): Exclude<RegexMode, "compile">[] | undefined {
  const parent = compileCall.parent;
  if (parent?.type !== "assignment" || parent.childForFieldName("right")?.id !== compileCall.id) return undefined;
  const target = parent.childForFieldName("left");
  if (target?.type !== "identifier") return undefined;
  const binding = model.lookup(target.text, target.startIndex + 1);
  if (!binding || binding.offset !== target.startIndex) return undefined;
  const modes: Exclude<RegexMode, "compile">[] = [];
  const uses = model.usesOf(binding);
  if (!uses.length) return undefined;
  for (const id of uses) {
    const attr = id.parent;
    const call = attr?.parent;
    const method = attr?.type === "attribute" && attr.childForFieldName("object")?.id === id.id ? attr.childForFieldName("attribute")?.text : undefined;
    if (!method || call?.type !== "call" || call.childForFieldName("function")?.id !== attr!.id || !Object.hasOwn(PATTERN_METHODS, method)) return undefined;
    modes.push(PATTERN_METHODS[method]);
  }
  return modes;
}
