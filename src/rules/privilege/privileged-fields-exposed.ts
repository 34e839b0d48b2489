import { defineRule } from "../types.js";
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";
import { DJANGO_USER_BASES, DJANGO_USER_MODELS, MODEL_FORM_BASES, PRIVILEGED_USER_FIELDS } from "../../model/knowledge/account-flows.js";

/**
 * Names of serializers and forms meant for administrators or for output only: the class name contains `Admin`,
 * `Superuser`, `ReadOnly` or `Output`, or ends in `Out`. `Staff` alone does not count: a `StaffForm` that lets a
 * member of staff edit `is_staff`/`is_superuser` is still a way up the ladder for whoever may reach it.
 */
const ADMIN_NAME = /Admin|Superuser|ReadOnly|Output|Out$/;

/** Privileged fields that are dangerous on any model (`groups` only on a user model). */
const ANY_MODEL_FIELDS = new Set(["is_staff", "is_superuser", "user_permissions"]);

/** The string items of a constant list/tuple, or "__all__", or undefined when not constant. */
function fieldList(model: ModuleModel, node: Node | null | undefined): string[] | "__all__" | undefined {
  const v = node ? model.constant(node) : undefined;
  if (v === "__all__") return "__all__";
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === "string");
  return undefined;
}

/** True when a `Meta.model` expression is a user model: Django's, `get_user_model()`, or a class built on `AbstractUser`. */
function isUserModel(model: ModuleModel, node: Node | null | undefined): boolean {
  if (!node) return false;
  const target = node.type === "call" ? node.childForFieldName("function") : node;
  const q = target ? model.resolve(target) : undefined;
  if (q && DJANGO_USER_MODELS.has(q)) return true;
  if (node.type === "attribute" && /(?:^|\.)AUTH_USER_MODEL$/.test(node.text)) return true;
  if (target?.type === "identifier") {
    const b = model.lookup(target.text, target.startIndex);
    if (b?.kind === "class" && b.node) {
      const bases = b.node.childForFieldName("superclasses")?.namedChildren ?? [];
      return bases.some((x) => !!x && DJANGO_USER_BASES.has(model.resolve(x) ?? ""));
    }
    if (b?.kind === "assign" && b.value?.type === "call") return isUserModel(model, b.value);
  }
  const last = (q ?? target?.text ?? "").split(".").pop() ?? "";
  return /^(?:[A-Z]\w*)?User$/.test(last) || last === "Account";
}

/** PW653: a model serializer or model form that lets clients write a user's privilege fields. */
export default defineRule({
  meta: {
    code: "PW653",
    name: "privileged-fields-exposed",
    practice: "least-privilege",
    cwe: [915],
    severity: "high",
    confidence: "medium",
    aliases: [],
    skipInTests: true,
    docs: {
      what:
        "A DRF `ModelSerializer` or Django `ModelForm` whose `Meta` lets a client write the privilege fields of " +
        "a user model — `is_staff`, `is_superuser`, `groups`, `user_permissions` — by listing them in `fields`, " +
        "by `fields = \"__all__\"`, or by an `exclude` that leaves them in. Fields made read-only " +
        "(`read_only_fields`, `extra_kwargs={...: {\"read_only\": True}}`, a declared `read_only=True` field) are " +
        "not reported, nor are classes named for administrators or output — the name contains `Admin`, " +
        "`Superuser`, `ReadOnly` or `Output`, or ends in `Out` (`AdminUserSerializer`, `UserReadOnlySerializer`, " +
        "`UserOut`). The name is the only sign read: such a class used outside admin-only views is missed, and a " +
        "class named `Staff…` (`StaffForm`) is reported, since staff editing `is_staff` or `is_superuser` still " +
        "climbs privileges. `is_staff`, `is_superuser` and `user_permissions` are reported on any model.",
      why:
        "A serializer or form is the list of fields a client may set. When it includes `is_superuser` (or " +
        "includes everything), a sign-up or profile update that sends `\"is_superuser\": true` makes the caller " +
        "an administrator. Least privilege means listing the fields the form's task needs and nothing more.",
      bad:
        "class ProfileSerializer(serializers.ModelSerializer):\n    class Meta:\n        model = User\n        fields = \"__all__\"\n",
      good:
        "class ProfileSerializer(serializers.ModelSerializer):\n    class Meta:\n        model = User\n" +
        "        fields = [\"first_name\", \"last_name\", \"email\"]\n",
      references: [
        "CWE-915",
        "https://cheatsheetseries.owasp.org/cheatsheets/Mass_Assignment_Cheat_Sheet.html",
        "https://www.django-rest-framework.org/api-guide/serializers/#specifying-which-fields-to-include",
        "https://docs.djangoproject.com/en/stable/topics/forms/modelforms/#selecting-the-fields-to-use",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;
    return {
      class_definition(cls) {
        const bases = cls.childForFieldName("superclasses")?.namedChildren ?? [];
        if (!bases.some((b) => !!b && MODEL_FORM_BASES.has(model.resolve(b) ?? ""))) return;
        const name = cls.childForFieldName("name")?.text ?? "";
        if (ADMIN_NAME.test(name)) return;
        const readOnly = new Set<string>();
        let meta: Node | undefined;
        for (const stmt of cls.childForFieldName("body")?.namedChildren ?? []) {
          if (stmt?.type === "class_definition" && stmt.childForFieldName("name")?.text === "Meta") meta = stmt;
          const a = stmt?.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
          if (a?.type !== "assignment") continue;
          const target = a.childForFieldName("left")?.text ?? "";
          const value = a.childForFieldName("right");
          // declared fields: `is_staff = serializers.BooleanField(read_only=True)` (or any declared field with read_only)
          if (PRIVILEGED_USER_FIELDS.has(target) && value?.type === "call" && model.truthy(model.arg(value, undefined, "read_only"))) readOnly.add(target);
        }
        if (!meta) return;
        let modelNode: Node | undefined;
        let fields: string[] | "__all__" | undefined;
        let exclude: string[] | undefined;
        let hasFields = false;
        for (const stmt of meta.childForFieldName("body")?.namedChildren ?? []) {
          const a = stmt?.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
          if (a?.type !== "assignment") continue;
          const target = a.childForFieldName("left")?.text ?? "";
          const value = a.childForFieldName("right");
          if (target === "model") modelNode = value ?? undefined;
          else if (target === "fields") {
            hasFields = true;
            fields = fieldList(model, value);
          } else if (target === "exclude") {
            const e = fieldList(model, value);
            exclude = Array.isArray(e) ? e : undefined;
            if (!exclude) return; // unknown exclude: do not guess
          } else if (target === "read_only_fields") {
            const r = fieldList(model, value);
            if (Array.isArray(r)) r.forEach((f) => readOnly.add(f));
            else if (value) return; // unknown read-only list
          } else if (target === "extra_kwargs" && value?.type === "dictionary") {
            for (const pair of value.namedChildren) {
              if (pair?.type !== "pair") continue;
              const key = model.constant(pair.childForFieldName("key"));
              if (typeof key === "string" && /["']read_only["']\s*:\s*True/.test(pair.childForFieldName("value")?.text ?? "")) readOnly.add(key);
            }
          }
        }
        if (hasFields && fields === undefined) return; // fields computed: unknown
        const user = isUserModel(model, modelNode);
        let exposed: string[];
        if (fields === "__all__" || (!hasFields && exclude)) {
          if (!user) return;
          exposed = [...PRIVILEGED_USER_FIELDS].filter((f) => !(exclude ?? []).includes(f));
        } else if (Array.isArray(fields)) {
          exposed = fields.filter((f) => PRIVILEGED_USER_FIELDS.has(f) && (user || ANY_MODEL_FIELDS.has(f)));
        } else return;
        exposed = exposed.filter((f) => !readOnly.has(f));
        if (!exposed.length) return;
        const how = fields === "__all__" ? "fields = \"__all__\"" : Array.isArray(fields) ? "its fields" : "its exclude list";
        ctx.report(cls, `${name} lets clients write ${exposed.join(", ")} (${how}): anyone who can submit it can grant themselves privileges; list only the fields the form needs, or make these read-only`);
      },
    };
  },
});
