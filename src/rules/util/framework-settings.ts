/**
 * Framework settings written in code: Django settings modules and Flask config objects. One setting can be
 * written several ways, and the rules that care about a setting's value (CSRF switches, cookie attributes)
 * read them all through {@link settingWrites}:
 *
 * - a module-level or class-level constant: `SESSION_COOKIE_SECURE = False` (a Django settings module, a Flask
 *   config class or `from_object` module);
 * - a config key: `app.config["SESSION_COOKIE_SECURE"] = False` (any object whose last name ends in `config`);
 * - a mapping call: `app.config.update(SESSION_COOKIE_SECURE=False)`, `app.config.from_mapping({...})`,
 *   `django.conf.settings.configure(SESSION_COOKIE_SECURE=False)`;
 * - an attribute of Django's settings object: `settings.SESSION_COOKIE_SECURE = False`.
 *
 * {@link settingContext} tells settings meant for tests or local development from the rest.
 */
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";
import type { Scope } from "../../model/scopes.js";
import { assignmentChain } from "./assignment.js";
import { identifierWords } from "./names.js";

/** One write of a setting. */
export interface SettingWrite {
  /** Setting name (`WTF_CSRF_ENABLED`). */
  name: string;
  /** The value written. */
  value: Node;
  /** Where to report: the assignment statement, or the keyword/pair inside a mapping call. */
  at: Node;
  /** How it is written. */
  form: "constant" | "config-key" | "config-call" | "settings-attribute";
  /** For class-level constants, the class scope (a config class such as `ProductionConfig`). */
  classScope?: Scope;
  /** For mapping calls, the call (to look at the other keys it sets). */
  call?: Node;
}

/** A setting name: upper case with underscores (`SESSION_COOKIE_SECURE`). */
const SETTING_NAME = /^[A-Z][A-Z0-9_]*$/;
/** Methods of Flask's `Config` that take a mapping of settings. */
const MAPPING_METHODS = new Set(["update", "from_mapping"]);
/** Django's `settings.configure(**options)` for standalone use. */
const DJANGO_CONFIGURE = "django.conf.settings.configure";
/** Django's lazy settings object. */
const DJANGO_SETTINGS = "django.conf.settings";

/** Words that mark a settings class, module or branch as meant for tests. */
const TEST_WORDS = new Set(["test", "tests", "testing", "pytest", "unittest", "ci"]);
/** Words that mark a settings class, module or branch as meant for local development. */
const DEV_WORDS = new Set(["dev", "develop", "development", "local", "debug", "devel"]);

/** True when the receiver expression names a config object: its last name ends in `config` (`app.config`, `cfg`). */
function isConfigObject(node: Node | null | undefined): boolean {
  if (!node) return false;
  const last = node.type === "attribute" ? node.childForFieldName("attribute")?.text : node.type === "identifier" ? node.text : undefined;
  return !!last && /(?:^|_)(?:config|conf|cfg)$/i.test(last);
}

/** The scope a module- or class-level statement at `node` runs in, or undefined inside a function. */
function staticScope(model: ModuleModel, node: Node): Scope | undefined {
  const s = model.scopeAt(node.startIndex);
  return s.kind === "module" || s.kind === "class" ? s : undefined;
}

/** Settings written by one `assignment` node (the outermost of a chain; inner links return nothing). */
function writesOfAssignment(model: ModuleModel, node: Node): SettingWrite[] {
  const chain = assignmentChain(node);
  if (!chain?.value) return [];
  const out: SettingWrite[] = [];
  for (const target of chain.targets) {
    if (target.type === "identifier" && SETTING_NAME.test(target.text)) {
      const scope = staticScope(model, node);
      if (!scope) continue;
      out.push({ name: target.text, value: chain.value, at: node, form: "constant", classScope: scope.kind === "class" ? scope : undefined });
    } else if (target.type === "subscript" && isConfigObject(target.childForFieldName("value"))) {
      const key = model.constant(target.childForFieldName("subscript"));
      if (typeof key === "string" && SETTING_NAME.test(key)) out.push({ name: key, value: chain.value, at: node, form: "config-key" });
    } else if (target.type === "attribute") {
      const attr = target.childForFieldName("attribute")?.text ?? "";
      const obj = target.childForFieldName("object");
      if (SETTING_NAME.test(attr) && obj && (model.resolve(obj) === DJANGO_SETTINGS || isConfigObject(obj))) {
        out.push({ name: attr, value: chain.value, at: node, form: "settings-attribute" });
      }
    }
  }
  return out;
}

/** Settings written by a mapping call (`app.config.update(...)`, `settings.configure(...)`). */
function writesOfCall(model: ModuleModel, call: Node): SettingWrite[] {
  const fn = call.childForFieldName("function");
  if (fn?.type !== "attribute") return [];
  const method = fn.childForFieldName("attribute")?.text ?? "";
  const isMapping = MAPPING_METHODS.has(method) && isConfigObject(fn.childForFieldName("object"));
  if (!isMapping && !(method === "configure" && model.callee(call) === DJANGO_CONFIGURE)) return [];
  const out: SettingWrite[] = [];
  const args = model.args(call);
  for (const [name, value] of args.keywords) {
    if (!SETTING_NAME.test(name)) continue;
    out.push({ name, value, at: value.parent ?? value, form: "config-call", call });
  }
  let first: Node | undefined = args.positional[0];
  // `update(dict(KEY=value))`
  if (first?.type === "call" && model.callee(first) === "builtins.dict") {
    for (const [name, value] of model.args(first).keywords) {
      if (SETTING_NAME.test(name)) out.push({ name, value, at: value.parent ?? value, form: "config-call", call });
    }
    first = undefined;
  }
  if (first?.type === "dictionary") {
    for (const pair of first.namedChildren) {
      if (pair?.type !== "pair") continue;
      const key = model.constant(pair.childForFieldName("key"));
      const value = pair.childForFieldName("value");
      if (typeof key === "string" && SETTING_NAME.test(key) && value) out.push({ name: key, value, at: pair, form: "config-call", call });
    }
  }
  return out;
}

/**
 * The settings an `assignment` or `call` node writes (empty for any other node, and for inner links of an
 * assignment chain, so that a handler on every `assignment` sees each write once).
 */
export function settingWrites(model: ModuleModel, node: Node): readonly SettingWrite[] {
  // several rules ask about the same node one after the other (the engine runs a node's handlers together)
  if (last && last.model === model && last.id === node.id) return last.writes;
  const writes = node.type === "assignment" ? writesOfAssignment(model, node) : node.type === "call" ? writesOfCall(model, node) : [];
  last = { model, id: node.id, writes };
  return writes;
}

/** The node {@link settingWrites} answered for last, and its answer (shared: read only). */
let last: { model: ModuleModel; id: number; writes: readonly SettingWrite[] } | undefined;

/** The value another setting gets in the same config class or mapping call (`TESTING = True` next to a write). */
function siblingValue(model: ModuleModel, write: SettingWrite, name: string): Node | undefined {
  if (write.classScope) {
    const b = write.classScope.bindings.get(name)?.find((x) => x.kind === "assign" && x.value);
    return b?.value;
  }
  if (write.call) return settingWrites(model, write.call).find((w) => w.name === name)?.value;
  return undefined;
}

/** Lower-case words of the conditions of the `if` statements around `node`, up to its function or module. */
function guardWords(node: Node): string[] {
  const out: string[] = [];
  let child: Node = node;
  for (let p = node.parent, depth = 0; p && depth < 200; child = p, p = p.parent, depth++) {
    if (p.type === "function_definition" || p.type === "class_definition" || p.type === "module") break;
    if ((p.type === "if_statement" || p.type === "elif_clause") && p.childForFieldName("condition")?.id !== child.id) {
      const cond = p.childForFieldName("condition");
      if (cond) out.push(...identifierWords(cond.text.slice(0, 300)));
    }
  }
  return out;
}

/**
 * Whether a setting is written for tests or local development rather than for production: the config class
 * (`TestingConfig`, `DevelopmentConfig`), the module (`settings/testing.py`, `settings/local.py`), the
 * enclosing function (`create_test_app`) or an `if` around it (`if app.testing:`) says so, or the same class or
 * call also sets `TESTING = True` (or `DEBUG = True`, for development).
 */
export function settingContext(model: ModuleModel, write: SettingWrite): "test" | "development" | undefined {
  const words: string[] = [];
  const moduleLast = model.moduleName.split(".").pop() ?? "";
  words.push(...identifierWords(moduleLast));
  for (let s: Scope | undefined = model.scopeAt(write.at.startIndex); s; s = s.parent) {
    if (s.kind === "class" || s.kind === "function") words.push(...identifierWords(s.name));
  }
  const guards = guardWords(write.at);
  if ([...words, ...guards].some((w) => TEST_WORDS.has(w))) return "test";
  if (model.truthy(siblingValue(model, write, "TESTING")) === true) return "test";
  if ([...words, ...guards].some((w) => DEV_WORDS.has(w))) return "development";
  if (model.truthy(siblingValue(model, write, "DEBUG")) === true) return "development";
  return undefined;
}
