import { defineRule, type Handler } from "../types.js";
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";
import { settingContext, settingWrites } from "../util/framework-settings.js";

/** Calls that read a setting from the environment with a default: qualified name or method → default position/keyword. */
const ENV_READERS: Readonly<Record<string, [number, string]>> = {
  "os.environ.get": [1, "default"],
  "os.getenv": [1, "default"],
  "decouple.config": [1, "default"],
};
/** Methods of environment helpers (`environ.Env`, `environs.Env`) that take a `default=`. */
const ENV_METHODS = new Set(["list", "str", "tuple", "get_value", "get"]);

/** True when a constant value is `"*"` or a list/tuple/comma-separated string containing it. */
function constantHasWildcard(v: unknown): boolean {
  if (typeof v === "string") return v.split(/[\s,]+/).includes("*");
  return Array.isArray(v) && v.some((x) => x === "*");
}

/**
 * How `ALLOWED_HOSTS` gets a wildcard: as written (`["*"]`, `["example.com", "*"]`), or as the default of an
 * environment lookup (`os.environ.get("ALLOWED_HOSTS", "*").split(",")`, `env.list("ALLOWED_HOSTS", default=["*"])`).
 */
function wildcard(model: ModuleModel, value: Node, depth = 0): "value" | "default" | undefined {
  if (depth > 6) return undefined;
  const v = model.constant(value);
  if (v !== undefined) return constantHasWildcard(v) ? "value" : undefined;
  if (value.type === "list" || value.type === "tuple" || value.type === "set") {
    return value.namedChildren.some((c) => c && model.constant(c) === "*") ? "value" : undefined;
  }
  if (value.type === "parenthesized_expression" && value.namedChildren[0]) return wildcard(model, value.namedChildren[0], depth + 1);
  if (value.type === "binary_operator" && value.childForFieldName("operator")?.type === "+") {
    const l = value.childForFieldName("left");
    const r = value.childForFieldName("right");
    return (l && wildcard(model, l, depth + 1)) || (r && wildcard(model, r, depth + 1)) || undefined;
  }
  if (value.type !== "call") return undefined;
  const method = model.methodName(value);
  // `….split(",")`, `list(…)`: look at what is split or listed
  if (method === "split" || method === "strip") return wildcard(model, value.childForFieldName("function")!.childForFieldName("object")!, depth + 1);
  const name = model.callee(value);
  if ((name === "builtins.list" || name === "builtins.tuple") && model.args(value).positional[0]) return wildcard(model, model.args(value).positional[0], depth + 1);
  const reader = name && Object.hasOwn(ENV_READERS, name) ? ENV_READERS[name] : method && ENV_METHODS.has(method) ? ([-1, "default"] as [number, string]) : undefined;
  if (!reader) return undefined;
  const def = model.arg(value, reader[0] < 0 ? undefined : reader[0], reader[1]);
  if (!def) return undefined;
  const dv = model.constant(def);
  return dv !== undefined && constantHasWildcard(dv) ? "default" : undefined;
}

/** PW630: Django `ALLOWED_HOSTS` that accepts any `Host` header. */
export default defineRule({
  meta: {
    code: "PW630",
    name: "django-allowed-hosts-wildcard",
    practice: "least-privilege",
    cwe: [183, 346],
    severity: "medium",
    confidence: "high",
    aliases: [],
    skipInTests: true,
    docs: {
      what:
        "Django's `ALLOWED_HOSTS` set to `[\"*\"]` or to a list that contains `\"*\"` — in a settings module " +
        "(module or settings-class level), through `settings.ALLOWED_HOSTS = …` or `settings.configure(...)` — " +
        "or read from the environment with `\"*\"` as the default (`os.environ.get(\"ALLOWED_HOSTS\", \"*\").split(\",\")`, " +
        "`env.list(\"ALLOWED_HOSTS\", default=[\"*\"])`, lower confidence). Settings for tests are not reported; " +
        "settings for local development (a `local`/`dev` module or class, `DEBUG = True` beside it) are low severity. " +
        "Leading-dot subdomain entries (`.example.com`) are fine. CWE-183 (a permissive allow-list) and CWE-346 " +
        "(the origin of a request, its `Host`, is not validated).",
      why:
        "`ALLOWED_HOSTS` is Django's defence against forged `Host` headers. With `\"*\"`, `request.get_host()` and " +
        "`build_absolute_uri()` return whatever the client sent, so password-reset and activation e-mails can carry " +
        "links to an attacker's domain (the token leaks when the victim clicks), and caches can be poisoned with " +
        "pages that point elsewhere.",
      bad: 'DEBUG = False\nALLOWED_HOSTS = ["*"]\n',
      good: 'import os\n\nDEBUG = False\nALLOWED_HOSTS = os.environ["DJANGO_ALLOWED_HOSTS"].split(",")  # e.g. "example.com,.example.org"\n',
      references: [
        "CWE-183",
        "CWE-346",
        "https://docs.djangoproject.com/en/stable/ref/settings/#allowed-hosts",
        "https://docs.djangoproject.com/en/stable/topics/security/#host-header-validation",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;
    const check: Handler = (node) => {
      for (const write of settingWrites(model, node)) {
        if (write.name !== "ALLOWED_HOSTS" || write.form === "config-key") continue;
        const how = wildcard(model, write.value);
        if (!how) continue;
        const context = settingContext(model, write);
        if (context === "test") continue;
        const dev = context === "development";
        const message =
          how === "value"
            ? `ALLOWED_HOSTS contains "*": Django accepts any Host header, so absolute URLs (password-reset links) and cached pages can point to an attacker's domain; list the served host names`
            : `ALLOWED_HOSTS falls back to "*" when the environment does not set it; fail instead (no default) so a missing variable cannot open Host header validation`;
        ctx.report(write.at, message, {
          severity: dev ? "low" : "medium",
          confidence: dev || how === "default" ? "medium" : "high",
        });
      }
    };
    return { assignment: check, call: check };
  },
});
