import { defineRule } from "../types.js";
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";
import {
  DRF_ALLOW_ANY,
  DRF_API_VIEW,
  DRF_DEFAULT_PERMISSION_KEY,
  DRF_PERMISSION_CLASSES_DECORATOR,
  DRF_VIEW_BASES,
  DRF_WRITE_BASES,
  DRF_WRITE_METHODS,
  PUBLIC_ENDPOINT_WORDS,
  WRITE_HTTP_METHODS,
} from "../../model/knowledge/account-flows.js";
import { identifierWords } from "../util/names.js";
import { decoratorsOf } from "../util/account-flows.js";

/** True when a permission-class expression (or a string naming one) is `AllowAny`. */
function isAllowAny(model: ModuleModel, node: Node | null | undefined): boolean {
  if (!node) return false;
  const v = model.constant(node);
  if (typeof v === "string") return DRF_ALLOW_ANY.has(v);
  const q = model.resolve(node);
  return !!q && DRF_ALLOW_ANY.has(q);
}

/** True when a list/tuple of permission classes (or a single one) includes `AllowAny`. */
function listsAllowAny(model: ModuleModel, node: Node | null | undefined): boolean {
  if (!node) return false;
  if (node.type === "list" || node.type === "tuple" || node.type === "parenthesized_expression") {
    return node.namedChildren.some((c) => isAllowAny(model, c));
  }
  return isAllowAny(model, node);
}

/** True when a class or function name says it serves anonymous visitors (login, sign-up, webhooks). */
function isPublicEndpoint(name: string): boolean {
  return identifierWords(name).some((w) => PUBLIC_ENDPOINT_WORDS.has(w));
}

/** The HTTP methods named by `http_method_names = [...]` or `@action(methods=[...])` (upper case), or undefined. */
function methodList(model: ModuleModel, node: Node | null | undefined): string[] | undefined {
  const v = node ? model.constant(node) : undefined;
  if (!Array.isArray(v)) return undefined;
  return v.filter((x): x is string => typeof x === "string").map((x) => x.toUpperCase());
}

/** PW650: Django REST framework's `AllowAny` as the project default, or on a view that writes. */
export default defineRule({
  meta: {
    code: "PW650",
    name: "drf-allow-any-write",
    practice: "least-privilege",
    cwe: [862, 732],
    severity: "high",
    confidence: "high",
    aliases: [],
    skipInTests: true,
    docs: {
      what:
        "Django REST framework's `AllowAny` permission as `REST_FRAMEWORK[\"DEFAULT_PERMISSION_CLASSES\"]`, or as " +
        "the `permission_classes` of a view that changes data: a `ModelViewSet`, a generic create/update/destroy " +
        "view, the create/update/destroy mixins, an `APIView` or `ViewSet` defining `post`/`put`/`patch`/`delete` " +
        "(or `create`/`update`/`destroy`, or an `@action` for a write method), and an `@api_view([\"POST\"])` " +
        "function with `@permission_classes([AllowAny])`. Read-only views (`ReadOnlyModelViewSet`, " +
        "`ListAPIView`, `http_method_names` without writes) and endpoints meant for anonymous visitors, by their " +
        "name (login, sign-up, token, password reset, webhooks), are not reported.",
      why:
        "Least privilege for an API means that an anonymous caller can do only what an anonymous caller must: read " +
        "a public catalogue, log in, sign up. `AllowAny` on a viewset that creates, edits and deletes rows lets " +
        "anyone on the internet change or wipe the data behind it; as the project default, every view that " +
        "forgets its own `permission_classes` is open the same way.",
      bad:
        "from rest_framework import viewsets\nfrom rest_framework.permissions import AllowAny\n\n" +
        "class InvoiceViewSet(viewsets.ModelViewSet):\n    queryset = Invoice.objects.all()\n" +
        "    serializer_class = InvoiceSerializer\n    permission_classes = [AllowAny]\n",
      good:
        "from rest_framework import viewsets\nfrom rest_framework.permissions import IsAuthenticated\n\n" +
        "class InvoiceViewSet(viewsets.ModelViewSet):\n    serializer_class = InvoiceSerializer\n" +
        "    permission_classes = [IsAuthenticated]\n\n    def get_queryset(self):\n" +
        "        return Invoice.objects.filter(owner=self.request.user)\n\n" +
        "# settings.py: deny by default, open single views on purpose\n" +
        "REST_FRAMEWORK = {\"DEFAULT_PERMISSION_CLASSES\": [\"rest_framework.permissions.IsAuthenticated\"]}\n",
      references: [
        "CWE-862",
        "CWE-732",
        "https://www.django-rest-framework.org/api-guide/permissions/#setting-the-permission-policy",
        "https://owasp.org/API-Security/editions/2023/en/0xa5-broken-function-level-authorization/",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;
    return {
      class_definition(cls) {
        const name = cls.childForFieldName("name")?.text ?? "";
        const bases = (cls.childForFieldName("superclasses")?.namedChildren ?? []).map((b) => (b ? model.resolve(b) : undefined));
        const writesByBase = bases.some((b) => !!b && DRF_WRITE_BASES.has(b));
        if (!writesByBase && !bases.some((b) => !!b && DRF_VIEW_BASES.has(b))) return;
        let allowAny: Node | undefined;
        let writes = writesByBase;
        let allowed: string[] | undefined;
        for (const stmt of cls.childForFieldName("body")?.namedChildren ?? []) {
          if (!stmt) continue;
          if (stmt.type === "expression_statement" && stmt.namedChildren[0]?.type === "assignment") {
            const a = stmt.namedChildren[0];
            const target = a.childForFieldName("left")?.text;
            if (target === "permission_classes" && listsAllowAny(model, a.childForFieldName("right"))) allowAny = a;
            if (target === "http_method_names") allowed = methodList(model, a.childForFieldName("right"));
            continue;
          }
          const def = stmt.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
          if (def?.type !== "function_definition") continue;
          const fname = def.childForFieldName("name")?.text ?? "";
          if (DRF_WRITE_METHODS.has(fname)) writes = true;
          for (const d of decoratorsOf(def)) {
            if (d.type !== "call" || !/(?:^|\.)action$/.test(d.childForFieldName("function")?.text ?? "")) continue;
            const methods = methodList(model, model.arg(d, undefined, "methods"));
            if (methods?.some((m) => WRITE_HTTP_METHODS.has(m))) writes = true;
          }
        }
        if (!allowAny || !writes) return;
        if (allowed && !allowed.some((m) => WRITE_HTTP_METHODS.has(m))) return;
        if (isPublicEndpoint(name)) return;
        ctx.report(cls, `${name} lets anyone create, change or delete data: permission_classes is AllowAny on a view with write methods; require IsAuthenticated (or a stricter permission) and open only what anonymous visitors need`);
      },
      function_definition(fn) {
        const decs = decoratorsOf(fn);
        if (!decs.length) return;
        let writes = false;
        let allowAny = false;
        for (const d of decs) {
          if (d.type !== "call") continue;
          const callee = model.callee(d);
          if (callee === DRF_API_VIEW) {
            const methods = methodList(model, model.arg(d, 0, "http_method_names"));
            if (methods?.some((m) => WRITE_HTTP_METHODS.has(m))) writes = true;
          } else if (callee === DRF_PERMISSION_CLASSES_DECORATOR) {
            if (listsAllowAny(model, model.arg(d, 0, "permission_classes"))) allowAny = true;
          }
        }
        const name = fn.childForFieldName("name")?.text ?? "";
        if (!writes || !allowAny || isPublicEndpoint(name)) return;
        ctx.report(fn, `${name}() lets anyone change data: @permission_classes([AllowAny]) on an @api_view that accepts write methods; require IsAuthenticated (or a stricter permission)`);
      },
      pair(pair) {
        if (model.constant(pair.childForFieldName("key")) !== DRF_DEFAULT_PERMISSION_KEY) return;
        if (!listsAllowAny(model, pair.childForFieldName("value"))) return;
        ctx.report(pair, "DEFAULT_PERMISSION_CLASSES is AllowAny: every API view without its own permission_classes is open to anonymous callers; default to IsAuthenticated and open single views on purpose");
      },
      assignment(node) {
        const left = node.childForFieldName("left");
        if (left?.type !== "subscript" || model.constant(left.childForFieldName("subscript")) !== DRF_DEFAULT_PERMISSION_KEY) return;
        if (!/REST_FRAMEWORK$/.test(left.childForFieldName("value")?.text ?? "")) return;
        if (!listsAllowAny(model, node.childForFieldName("right"))) return;
        ctx.report(node, "DEFAULT_PERMISSION_CLASSES is AllowAny: every API view without its own permission_classes is open to anonymous callers; default to IsAuthenticated and open single views on purpose");
      },
    };
  },
});
