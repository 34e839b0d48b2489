import { defineRule, type ProjectFact } from "../types.js";
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";
import { DRF_DEFAULT_PERMISSION_KEY } from "../../model/knowledge/account-flows.js";
import { assignmentChain } from "../util/assignment.js";
import { identifierWords } from "../util/names.js";

/** What the per-file phase records. */
type Fact =
  /** `INSTALLED_APPS` lists `rest_framework`. */
  | { kind: "installed" }
  /** Some settings module sets (or may set) `REST_FRAMEWORK["DEFAULT_PERMISSION_CLASSES"]`. */
  | { kind: "default-set" };

/** Words of a settings module's name that mark it as meant for tests. */
const TEST_WORDS = new Set(["test", "tests", "testing", "pytest", "ci"]);

/** True when a dictionary literal sets the default permission classes, or may (`**BASE`). */
function dictSetsDefault(model: ModuleModel, dict: Node): boolean {
  for (const c of dict.namedChildren) {
    if (c?.type === "dictionary_splat") return true;
    if (c?.type === "pair" && model.constant(c.childForFieldName("key")) === DRF_DEFAULT_PERMISSION_KEY) return true;
  }
  return false;
}

/** True when a name is the `REST_FRAMEWORK` setting (`REST_FRAMEWORK`, `settings.REST_FRAMEWORK`). */
const isRestFramework = (node: Node | null | undefined): boolean =>
  !!node && (node.type === "identifier" || node.type === "attribute") && /(?:^|\.)REST_FRAMEWORK$/.test(node.text);

/** PW651: `rest_framework` installed with no default permission classes: DRF's default is AllowAny. */
export default defineRule({
  meta: {
    code: "PW651",
    name: "drf-default-permission-missing",
    practice: "least-privilege",
    cwe: [862, 276],
    severity: "medium",
    confidence: "medium",
    aliases: [],
    skipInTests: true,
    docs: {
      what:
        "A Django settings module whose `INSTALLED_APPS` lists `rest_framework` while no settings module of the " +
        "project sets `REST_FRAMEWORK[\"DEFAULT_PERMISSION_CLASSES\"]` (as a key of the `REST_FRAMEWORK` " +
        "dictionary, by item assignment or `update()`). Project-wide: the dictionary may live in another settings " +
        "file (`settings/base.py` and `settings/production.py`); a `REST_FRAMEWORK` built from something the " +
        "scanner cannot read (`**BASE`, a function call) counts as setting it. Reported once, at `INSTALLED_APPS`.",
      why:
        "When no default is configured, DRF falls back to `AllowAny`: every API view that does not name its own " +
        "`permission_classes` serves anonymous callers, including the ones that write. Least privilege means " +
        "denying by default and opening single views on purpose, so that a forgotten attribute fails closed.",
      bad:
        "INSTALLED_APPS = [\n    \"django.contrib.auth\",\n    \"django.contrib.contenttypes\",\n    \"rest_framework\",\n]\n",
      good:
        "INSTALLED_APPS = [\n    \"django.contrib.auth\",\n    \"django.contrib.contenttypes\",\n    \"rest_framework\",\n]\n\n" +
        "REST_FRAMEWORK = {\n    \"DEFAULT_PERMISSION_CLASSES\": [\"rest_framework.permissions.IsAuthenticated\"],\n}\n",
      references: [
        "CWE-862",
        "CWE-276",
        "https://www.django-rest-framework.org/api-guide/permissions/#setting-the-permission-policy",
        "https://www.django-rest-framework.org/api-guide/settings/#default_permission_classes",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;
    const staticLevel = (node: Node): boolean => {
      const s = model.scopeAt(node.startIndex);
      return s.kind === "module" || s.kind === "class";
    };
    const listsDrf = (node: Node | null | undefined): boolean => {
      const v = node ? model.constant(node) : undefined;
      return Array.isArray(v) && v.some((x) => x === "rest_framework" || x === "rest_framework.apps.RestFrameworkConfig");
    };
    /** `REST_FRAMEWORK.update(...)` / `.setdefault(...)` that sets the default permission classes. */
    function settingsCall(call: Node, method: "update" | "setdefault"): void {
      const fn = call.childForFieldName("function");
      if (fn?.type !== "attribute" || !isRestFramework(fn.childForFieldName("object"))) return;
      const a = model.args(call);
      const first = a.positional[0];
      const sets =
        a.keywords.has(DRF_DEFAULT_PERMISSION_KEY) || a.hasDoubleStar ||
        (first?.type === "dictionary" ? dictSetsDefault(model, first) : first ? (method === "update" || model.constant(first) === DRF_DEFAULT_PERMISSION_KEY) : false);
      if (sets) ctx.record(call, { kind: "default-set" } satisfies Fact);
    }
    return {
      assignment(node) {
        const chain = assignmentChain(node);
        if (!chain?.value) return;
        for (const t of chain.targets) {
          if (t.type === "identifier" && t.text === "INSTALLED_APPS" && staticLevel(node) && listsDrf(chain.value)) {
            ctx.record(node, { kind: "installed" } satisfies Fact);
          } else if (isRestFramework(t)) {
            if (chain.value.type !== "dictionary" || dictSetsDefault(model, chain.value)) ctx.record(node, { kind: "default-set" } satisfies Fact);
          } else if (t.type === "subscript" && isRestFramework(t.childForFieldName("value"))) {
            if (model.constant(t.childForFieldName("subscript")) === DRF_DEFAULT_PERMISSION_KEY) ctx.record(node, { kind: "default-set" } satisfies Fact);
          }
        }
      },
      augmented_assignment(node) {
        const left = node.childForFieldName("left");
        if (left?.type === "identifier" && left.text === "INSTALLED_APPS" && staticLevel(node) && listsDrf(node.childForFieldName("right"))) {
          ctx.record(node, { kind: "installed" } satisfies Fact);
        }
        if (isRestFramework(left)) ctx.record(node, { kind: "default-set" } satisfies Fact);
      },
      // `REST_FRAMEWORK.update(...)` / `.setdefault(...)`: by method name, so other calls cost nothing
      ".update": (call) => settingsCall(call, "update"),
      ".setdefault": (call) => settingsCall(call, "setdefault"),
    };
  },
  checkProject(facts, reporter) {
    const live = (facts as ProjectFact<Fact>[]).filter(
      (f) => !f.isTest && !identifierWords(f.module.split(".").pop() ?? "").some((w) => TEST_WORDS.has(w)),
    );
    if (live.some((f) => f.data.kind === "default-set")) return;
    for (const f of live) {
      if (f.data.kind !== "installed") continue;
      reporter.report(
        f,
        "rest_framework is installed but no REST_FRAMEWORK[\"DEFAULT_PERMISSION_CLASSES\"] is set: DRF then defaults to AllowAny and every view without its own permission_classes is open to anonymous callers",
      );
    }
  },
});
