import { defineRule } from "../types.js";
import type { Node } from "../../parse/parser.js";
import type { ModuleModel, ConstValue } from "../../model/module.js";
import { pyTruthy } from "../../model/module.js";
import { settingContext, settingWrites, type SettingWrite } from "../util/framework-settings.js";

/** Module-level names that only a Django settings module defines. */
const SETTINGS_MARKERS = ["INSTALLED_APPS", "MIDDLEWARE", "MIDDLEWARE_CLASSES", "ROOT_URLCONF", "WSGI_APPLICATION", "ASGI_APPLICATION"];

/** Base classes of django-configurations' settings classes. */
const CONFIGURATION_CLASSES = new Set(["configurations.Configuration", "configurations.base.Configuration"]);

/** Calls that read an environment variable with a default: where the default goes. */
const ENV_READERS: Readonly<Record<string, { pos?: number; kw: string; parse?: "bool" }>> = {
  "os.environ.get": { pos: 1, kw: "default" },
  "os.getenv": { pos: 1, kw: "default" },
  "decouple.config": { kw: "default", parse: "bool" },
  "environ.Env.bool": { pos: 1, kw: "default" },
  "environ.Env": { kw: "default" },
  "environ.Env.get_value": { kw: "default" },
};

/** Strings `strtobool`, python-decouple and django-environ read as true. */
const TRUE_WORDS = new Set(["y", "yes", "t", "true", "on", "1"]);

/**
 * True when the module is a Django settings module: named `settings`, `settings_*` or `*_settings`, inside a
 * `settings` package, or defining `INSTALLED_APPS`, `MIDDLEWARE`, `ROOT_URLCONF` or the like at module level.
 */
export function isSettingsModule(model: ModuleModel): boolean {
  const parts = model.moduleName.split(".");
  const last = parts[parts.length - 1] ?? "";
  if (last === "settings" || last.startsWith("settings_") || last.endsWith("_settings") || parts.slice(0, -1).includes("settings")) return true;
  return SETTINGS_MARKERS.some((name) => model.module.bindings.has(name));
}

/** PW411: Django `DEBUG` on (or defaulting to on) in a settings module. */
export default defineRule({
  meta: {
    code: "PW411",
    name: "django-debug-enabled",
    practice: "error-handling",
    cwe: [489, 215],
    severity: "high",
    confidence: "medium",
    aliases: [],
    skipInTests: true,
    docs: {
      what:
        "`DEBUG = True` (any truthy constant) in a Django settings module — one named `settings`, `settings_*` or " +
        "`*_settings`, a module of a `settings/` package, or a module defining `INSTALLED_APPS`, `MIDDLEWARE` or " +
        "`ROOT_URLCONF` — in a django-configurations class, or in `settings.configure(DEBUG=True)`. Also a `DEBUG` " +
        "read from the environment that is on when the variable is missing (`os.getenv(\"DEBUG\", \"True\") == " +
        "\"True\"`, `config(\"DEBUG\", default=True, cast=bool)`, `env.bool(\"DEBUG\", default=True)`), and " +
        "`os.getenv(\"DEBUG\", \"False\")` without a conversion, which is the non-empty, hence true, string " +
        "`\"False\"`. Settings for tests or local development (`settings/dev.py`, `local_settings.py`, " +
        "`class Dev(Configuration)`, `if ENVIRONMENT == \"local\":`) are not reported.",
      why:
        "With `DEBUG` on, every error page shows the traceback, local variables, the settings (with secrets " +
        "partly masked) and the URL patterns; Django also keeps every SQL query in memory and serves the " +
        "technical 404 page listing all routes. `startproject` writes `DEBUG = True`, so it ships unless " +
        "production settings turn it off — and a setting that defaults to on fails open whenever the " +
        "environment variable is forgotten.",
      bad: 'INSTALLED_APPS = ["django.contrib.admin", "shop"]\n\nDEBUG = True\n',
      good: 'import os\n\nINSTALLED_APPS = ["django.contrib.admin", "shop"]\n\nDEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"\n',
      references: [
        "CWE-489",
        "CWE-215",
        "https://docs.djangoproject.com/en/stable/ref/settings/#debug",
        "https://docs.djangoproject.com/en/stable/howto/deployment/checklist/",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;
    const settingsModule = isSettingsModule(model);

    /** The environment read inside `node` and its default, when `node` is one. */
    const envRead = (node: Node): { default: ConstValue; parse?: "bool" } | undefined => {
      if (node.type !== "call") return undefined;
      const callee = model.callee(node) ?? model.typeOf(node.childForFieldName("function"));
      const spec = callee ? ENV_READERS[callee] : undefined;
      if (!spec) return undefined;
      const arg = model.arg(node, spec.pos, spec.kw);
      if (!arg) return { default: null, parse: spec.parse };
      const v = model.constant(arg);
      if (v === undefined) return undefined;
      const cast = model.arg(node, undefined, "cast");
      const castsBool = cast ? model.resolve(cast) === "builtins.bool" : false;
      return { default: v, parse: spec.parse === "bool" && castsBool ? "bool" : callee === "environ.Env.bool" ? "bool" : undefined };
    };

    const boolWord = (v: ConstValue): boolean => (typeof v === "string" ? TRUE_WORDS.has(v.trim().toLowerCase()) : pyTruthy(v));

    /**
     * The value `node` has when every environment variable it reads is missing (its default), as far as it can
     * be worked out: the read itself, string methods, `bool`/`int`/`strtobool`, comparisons with constants.
     * `read` is set when an environment read was involved.
     */
    const withDefaults = (node: Node, read: { found: boolean }, depth = 0): ConstValue | undefined => {
      if (depth > 20) return undefined;
      const env = envRead(node);
      if (env) {
        read.found = true;
        return env.parse === "bool" ? boolWord(env.default) : env.default;
      }
      switch (node.type) {
        case "parenthesized_expression":
          return node.namedChildren[0] ? withDefaults(node.namedChildren[0], read, depth + 1) : undefined;
        case "call": {
          const fn = node.childForFieldName("function");
          const method = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : undefined;
          if (method && fn) {
            const obj = fn.childForFieldName("object");
            const inner = obj ? withDefaults(obj, read, depth + 1) : undefined;
            if (typeof inner !== "string") return undefined;
            if (method === "lower" || method === "casefold") return inner.toLowerCase();
            if (method === "upper") return inner.toUpperCase();
            if (method === "strip") return inner.trim();
            return undefined;
          }
          const callee = model.callee(node) ?? "";
          const arg = model.arg(node, 0);
          const inner = arg ? withDefaults(arg, read, depth + 1) : undefined;
          if (inner === undefined) return undefined;
          if (callee === "builtins.bool") return pyTruthy(inner);
          if (callee === "builtins.int") {
            const n = typeof inner === "string" ? Number(inner.trim()) : Number(inner);
            return Number.isInteger(n) ? n : undefined;
          }
          if (callee.endsWith("strtobool")) return boolWord(inner) ? 1 : 0;
          return undefined;
        }
        case "comparison_operator": {
          const operands = node.namedChildren.filter((c): c is Node => !!c && c.type !== "comment");
          const ops = node.children.filter((c): c is Node => !!c && !c.isNamed).map((c) => c.type);
          if (operands.length !== 2 || ops.length < 1) return undefined;
          const op = ops.join(" ");
          const l = withDefaults(operands[0], read, depth + 1);
          const r = withDefaults(operands[1], read, depth + 1);
          if (l === undefined || r === undefined) return undefined;
          const eq = JSON.stringify(l) === JSON.stringify(r);
          if (op === "==") return eq;
          if (op === "!=") return !eq;
          if (op === "in" || op === "not in") {
            const inside = Array.isArray(r) ? r.some((x) => JSON.stringify(x) === JSON.stringify(l)) : typeof r === "string" && typeof l === "string" && r.includes(l);
            return op === "in" ? inside : !inside;
          }
          return undefined;
        }
        default:
          return model.constant(node);
      }
    };

    const judge = (write: SettingWrite): void => {
      if (write.name !== "DEBUG") return;
      if (write.form === "constant") {
        if (write.classScope) {
          const cls = write.classScope.node;
          const supers = cls?.childForFieldName("superclasses")?.namedChildren ?? [];
          if (!supers.some((s) => s && CONFIGURATION_CLASSES.has(model.resolve(s) ?? ""))) return;
        } else if (!settingsModule) return;
      } else if (write.form !== "config-call" || model.callee(write.call!) !== "django.conf.settings.configure") return;
      // (the context check looks at sibling settings for `DEBUG = True`; this write is that sibling)
      if (settingContext(model, { ...write, call: undefined, classScope: undefined })) return;
      const value = write.value;
      if (model.truthy(value) === true) {
        ctx.report(write.at, `DEBUG = ${value.text} in a settings module: error pages show tracebacks, local variables and settings to every visitor; read it from the environment, off by default`);
        return;
      }
      const read = { found: false };
      const v = withDefaults(value, read);
      if (!read.found || v === undefined || !pyTruthy(v)) return;
      const trap = typeof v === "string" && !boolWord(v) ? ` (the string "${v}" is true in Python)` : "";
      ctx.report(write.at, `DEBUG is on when the environment variable is missing${trap}: a forgotten variable in production turns on debug pages; default to off`, {
        confidence: "medium",
      });
    };

    return {
      assignment(node) {
        for (const write of settingWrites(model, node)) judge(write);
      },
      call(call) {
        for (const write of settingWrites(model, call)) judge(write);
      },
    };
  },
});
