import { defineRule, type ProjectFact } from "../types.js";
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";
import {
  AUTHORSHIP_FIELD_NAMES,
  DJANGO_LOOKUP_SHORTCUTS,
  ID_LOOKUP_KEYWORDS,
  OWNER_FIELD_NAMES,
  RELATION_FIELD_CALLS,
} from "../../model/knowledge/access-control.js";
import { lastName, mayCheckUserAttribute, permissionList, readsCurrentUser, snakeName, type ViewFramework } from "../util/access-views.js";
import { ACCESS_VIEWS_CHANNEL, mergeHandlers, ProjectViews, routerName, sharedViewFacts, type ViewFact } from "../util/access-project.js";

/** Per view function: whether its body checks the fetched object against the caller. Shared by its lookups. */
interface CheckState {
  checked: string | null;
}

/** What the per-file phase records. */
type Fact =
  /** A model class with a field that names its owner. */
  | { kind: "owned"; model: string; field: string }
  /** A model's primary-key field other than `id` (`number = models.CharField(primary_key=True)`). */
  | { kind: "pk"; model: string; field: string }
  /**
   * A lookup of `model` by a request-supplied value of field `key`, not filtered on the current user, in view
   * `view` (qualified name, when the view model knows it).
   */
  | { kind: "lookup"; model: string; id: string; key: string; view?: string; framework?: ViewFramework; state: CheckState }
  /** A DRF generic view or viewset that retrieves one object of `model` from an unfiltered `queryset`. */
  | { kind: "generic"; model: string; view: string; permissions: string[] }
  /** A DRF permission class of the project that checks each object (`has_object_permission`). */
  | { kind: "object-permission"; qname: string }
  /** The shared view model's facts (views, guards, routes, settings). */
  | ViewFact;

/** DRF generic views and viewsets that fetch one object by the URL's id (`get_object()`). */
const DRF_DETAIL_BASES = new Set([
  "rest_framework.generics.RetrieveAPIView", "rest_framework.generics.UpdateAPIView", "rest_framework.generics.DestroyAPIView",
  "rest_framework.generics.RetrieveUpdateAPIView", "rest_framework.generics.RetrieveDestroyAPIView",
  "rest_framework.generics.RetrieveUpdateDestroyAPIView", "rest_framework.viewsets.ModelViewSet",
  "rest_framework.viewsets.ReadOnlyModelViewSet", "rest_framework.mixins.RetrieveModelMixin",
  "rest_framework.mixins.UpdateModelMixin", "rest_framework.mixins.DestroyModelMixin",
]);

/** DRF's own permission classes that check each object. */
const DRF_OBJECT_PERMISSIONS = new Set(["rest_framework.permissions.DjangoObjectPermissions"]);

/** How to scope the lookup to the caller, per framework. */
function fixAdvice(framework: ViewFramework | undefined, model: string, field: string): string {
  const col = field.endsWith("_id") ? field : `${field}_id`;
  switch (framework) {
    case "drf":
      return `filter the queryset on the caller (\`get_queryset()\` returning \`${model}.objects.filter(${field.replace(/_id$/, "")}=self.request.user)\`, or \`${field.replace(/_id$/, "")}=request.user\` in the lookup)`;
    case "flask":
      return `scope the query to the caller (\`${model}.query.filter_by(id=…, ${col}=current_user.id)\`)`;
    case "fastapi":
      return `scope the query to the caller (\`.filter(${model}.id == …, ${model}.${col} == user.id)\` with the user from the security dependency)`;
    default:
      return `add \`${field.replace(/_id$/, "")}=request.user\` to the lookup`;
  }
}

/** Methods whose call ends or continues a lookup chain (`Invoice.objects.filter(pk=…).first()`). */
const CHAIN_METHODS = new Set([
  "get", "filter", "filter_by", "exclude", "first", "last", "one", "one_or_none", "scalar", "get_or_404",
  "first_or_404", "one_or_404", "order_by", "all", "select_related", "prefetch_related", "only", "defer", "values",
  "where", "execute", "scalars", "scalar_one", "scalar_one_or_none",
]);

/** Methods that fetch by id or by lookups. */
const FETCH_METHODS = new Set(["get", "filter", "filter_by", "get_or_404", "first_or_404", "where"]);

/** Request data: a query/form/body field, or a URL keyword of a class-based view. */
const REQUEST_DATA = /\brequest\.(GET|POST|data|query_params|args|form|json|values|get_json|view_args|path_params)\b|\bself\.kwargs\b|\bkwargs\s*\[/;

/** Decorators that make a function a route. */
const ROUTE_DECORATOR = /^@\s*[\w.]+\.(route|get|post|put|patch|delete|api_route)\(|^@\s*api_view\b/m;

/** Methods of class-based views that receive URL parameters. */
const VIEW_METHODS = new Set(["get", "post", "put", "patch", "delete", "retrieve", "update", "partial_update", "destroy", "dispatch"]);

/** Parameters that are never request ids. */
const NOT_IDS = new Set(["self", "cls", "request", "db", "session", "current_user", "user"]);

/** The function definition node of a scope, if it is a view (route decorator, `request` parameter, view method). */
function viewParams(model: ModuleModel, node: Node): Set<string> | undefined {
  const scope = model.enclosingFunction(node);
  const def = scope?.node;
  if (!def || def.type !== "function_definition") return undefined;
  const names: string[] = [];
  for (const p of def.childForFieldName("parameters")?.namedChildren ?? []) {
    if (!p) continue;
    const n = p.type === "identifier" ? p.text : (p.childForFieldName("name")?.text ?? p.namedChildren[0]?.text ?? "");
    // FastAPI dependencies are not client input
    if (/\b(Depends|Security)\(/.test(p.text)) continue;
    names.push(n);
  }
  const decorated = def.parent?.type === "decorated_definition" && ROUTE_DECORATOR.test(def.parent.text.slice(0, def.startIndex - def.parent.startIndex));
  const isMethod = scope?.parent?.kind === "class";
  const name = def.childForFieldName("name")?.text ?? "";
  const isView = decorated || names.includes("request") || (isMethod && VIEW_METHODS.has(name));
  return isView ? new Set(names.filter((n) => !NOT_IDS.has(n))) : undefined;
}

/** True when `value` carries an id the client chose: request data, a URL parameter, or a local set from one. */
function fromRequest(model: ModuleModel, value: Node, params: Set<string>, depth = 0): boolean {
  if (depth > 8) return false;
  const text = value.text;
  if (REQUEST_DATA.test(text)) return true;
  if (value.type === "identifier") {
    if (params.has(value.text)) return true;
    const b = model.lookup(value.text, value.startIndex);
    if (b?.value && b.kind !== "param" && REQUEST_DATA.test(b.value.text)) return true;
    if (b?.value && b.value.type === "call" && /^(int|str|uuid\.UUID|UUID)$/.test(b.value.childForFieldName("function")?.text ?? "")) {
      const inner = model.arg(b.value, 0);
      return !!inner && (REQUEST_DATA.test(inner.text) || (inner.type === "identifier" && params.has(inner.text)));
    }
  }
  if (value.type === "call" && /^(int|str|uuid\.UUID|UUID)$/.test(value.childForFieldName("function")?.text ?? "")) {
    const inner = model.arg(value, 0);
    return !!inner && fromRequest(model, inner, params, depth + 1);
  }
  return false;
}

/** True when a lookup keyword (`owner=`, `user__id=`, `author_id=`) or its value ties the lookup to the caller. */
function scopesToUser(key: string, value: Node | undefined): boolean {
  const field = key.split("__")[0].replace(/_id$/, "");
  return OWNER_FIELD_NAMES.has(field) || (!!value && readsCurrentUser(value.text));
}

/** PW641: an object fetched by a request-supplied id from a model with an owner, without filtering on the caller. */
export default defineRule({
  meta: {
    code: "PW641",
    name: "object-lookup-without-owner-check",
    practice: "least-privilege",
    cwe: [639],
    severity: "high",
    confidence: "medium",
    aliases: [],
    skipInTests: true,
    docs: {
      what:
        "A view fetches an object by an id taken from the request (`Invoice.objects.get(pk=request.GET[\"id\"])`, " +
        "`get_object_or_404(Invoice, pk=pk)`, `Invoice.query.get_or_404(invoice_id)`, " +
        "`db.query(Invoice).filter(Invoice.id == invoice_id)`), or a DRF generic view/viewset serves single objects " +
        "from an unfiltered `queryset = Invoice.objects.all()` (no `get_queryset` reading `self.request.user`, no " +
        "object-level permission class), from a model that has an owner field (`owner`/`user`/`customer`… as a " +
        "ForeignKey or relationship), without filtering on the current user and without comparing the result with " +
        "the caller or checking a permission on it. Only lookups by the object's own identity count — `pk`, `id`, " +
        "`uuid`, `<model>_id`, or the model's primary-key field — so `Comment.objects.filter(article_id=…)` is a " +
        "listing, not a fetch. Not reported: views behind a staff, admin or permission guard " +
        "(`@staff_member_required`, `@permission_required`, `user_passes_test(lambda u: u.is_staff)`, `IsAdminUser`, " +
        "an admin-only blueprint or router), which may reach any object; and views with no sign-in at all: a state " +
        "change there is PW640's finding (authenticate first), and a read of authored content (`Post.author`) is " +
        "public by design — only a read of privately owned data (an `owner`/`user` field) in a view with no sign-in " +
        "is reported, as readable by anyone. Project-wide: the model and the guards may be defined in other files. " +
        "Medium confidence: some objects are meant to be shared.",
      why:
        "Least privilege for data means a user reaches only their own records. When the id comes from the client, " +
        "an authenticated attacker changes it to another customer's id and reads, edits or deletes their invoice " +
        "(insecure direct object reference). Signing in does not help: the check must tie the object to the user.",
      bad:
        "from django.contrib.auth.decorators import login_required\nfrom django.http import JsonResponse\n" +
        "from .models import Invoice\n\n@login_required\ndef invoice(request):\n" +
        "    inv = Invoice.objects.get(pk=request.GET[\"id\"])\n    return JsonResponse({\"total\": inv.total})\n",
      good:
        "# Django: filter the lookup on the caller\n" +
        "@login_required\ndef invoice(request):\n" +
        "    inv = Invoice.objects.get(pk=request.GET[\"id\"], owner=request.user)\n    return JsonResponse({\"total\": inv.total})\n\n" +
        "# Django REST framework: scope the queryset to the caller\n" +
        "class InvoiceDetail(generics.RetrieveUpdateDestroyAPIView):\n    permission_classes = [IsAuthenticated]\n\n" +
        "    def get_queryset(self):\n        return Invoice.objects.filter(owner=self.request.user)\n\n" +
        "# Flask-SQLAlchemy\n@bp.get(\"/invoices/<int:invoice_id>\")\n@login_required\ndef show_invoice(invoice_id):\n" +
        "    inv = Invoice.query.filter_by(id=invoice_id, owner_id=current_user.id).first_or_404()\n    return {\"total\": inv.total}\n\n" +
        "# FastAPI + SQLAlchemy\n@router.get(\"/invoices/{invoice_id}\")\n" +
        "def read_invoice(invoice_id: int, user: User = Depends(get_current_user), db: Session = Depends(get_db)):\n" +
        "    inv = db.query(Invoice).filter(Invoice.id == invoice_id, Invoice.owner_id == user.id).first()\n" +
        "    if inv is None:\n        raise HTTPException(status_code=404)\n    return {\"total\": inv.total}\n",
      references: [
        "CWE-639",
        "https://cheatsheetseries.owasp.org/cheatsheets/Insecure_Direct_Object_Reference_Prevention_Cheat_Sheet.html",
        "https://docs.djangoproject.com/en/stable/topics/db/queries/#retrieving-specific-objects-with-filters",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;
    const { handlers: viewHandlers, viewOf } = sharedViewFacts(ctx);
    const mods = model.importedModules();
    const fileFramework: ViewFramework | undefined = mods.includes("fastapi") ? "fastapi" : mods.includes("flask") ? "flask" : mods.includes("rest_framework") ? "drf" : mods.includes("django") ? "django" : undefined;
    const states = new Map<number, CheckState>();
    const stateOf = (node: Node): CheckState | undefined => {
      const fn = model.enclosingFunction(node);
      if (!fn) return undefined;
      let s = states.get(fn.start);
      if (!s) states.set(fn.start, (s = { checked: null }));
      return s;
    };
    const check = (node: Node, how: string): void => {
      const s = stateOf(node);
      if (s && !s.checked) s.checked = how;
    };

    /** Reads one lookup chain from its outermost call down; records it when it fetches an owned-looking model by a request id. */
    const lookup = (top: Node): void => {
      const params = viewParams(model, top);
      if (!params) return;
      let modelName: string | undefined;
      let id: string | undefined;
      let keyName: string | undefined;
      let scoped = false;
      let node: Node | null | undefined = top;
      let fetches = false;
      for (let depth = 0; node && depth < 12; depth++) {
        if (node.type === "call") {
          const fn: Node | null = node.childForFieldName("function");
          const method = fn?.type === "attribute" ? (fn.childForFieldName("attribute")?.text ?? "") : "";
          const callee = model.callee(node);
          const args = model.args(node);
          if (FETCH_METHODS.has(method) || (callee && DJANGO_LOOKUP_SHORTCUTS.has(callee))) fetches = true;
          for (const [key, value] of args.keywords) {
            if (scopesToUser(key, value)) scoped = true;
            else if (ID_LOOKUP_KEYWORDS.test(key) && value && fromRequest(model, value, params) && !id) {
              id = `${key}=${value.text}`;
              keyName = key.replace(/__i?exact$/, "");
            }
          }
          for (const a of args.positional) {
            if (!a) continue;
            if (a.type === "comparison_operator") {
              const [l, r] = [a.namedChildren[0], a.namedChildren[1]];
              const lname = lastName(l) ?? "";
              if (readsCurrentUser(a.text) || (OWNER_FIELD_NAMES.has(lname.replace(/_id$/, "")) && lname !== "id")) scoped = true;
              else if (l && r && /^(id|pk|uuid)$|_id$/.test(lname) && fromRequest(model, r, params) && !id) {
                id = a.text;
                keyName = lname;
              }
            } else if (readsCurrentUser(a.text)) scoped = true;
          }
          if (callee && DJANGO_LOOKUP_SHORTCUTS.has(callee)) {
            // get_object_or_404(Model, pk=…) or get_object_or_404(Model.objects.filter(…), pk=…)
            const first = args.positional[0];
            if (first?.type === "identifier") modelName = first.text;
            else if (first) {
              node = first;
              continue;
            }
            break;
          }
          if (method === "get" || method === "get_or_404") {
            // SQLAlchemy: `session.get(Model, id)`, `Model.query.get(id)`
            const [a0, a1] = [args.positional[0], args.positional[1]];
            if (a1 && a0?.type === "identifier" && /^[A-Z]/.test(a0.text)) {
              modelName ??= a0.text;
              if (fromRequest(model, a1, params) && !id) {
                id = a1.text;
                keyName = "pk";
              }
            } else if (a0 && !a1 && /\.query$/.test(fn?.childForFieldName("object")?.text ?? "") && fromRequest(model, a0, params) && !id) {
              id = a0.text;
              keyName = "pk";
            }
          }
          if (method === "query" || method === "select" || callee === "sqlalchemy.select") {
            const a0 = args.positional[0];
            if (a0?.type === "identifier") modelName ??= a0.text;
          }
          node = fn?.type === "attribute" ? fn.childForFieldName("object") : undefined;
          continue;
        }
        if (node.type === "attribute") {
          const attr = node.childForFieldName("attribute")?.text ?? "";
          const obj: Node | null = node.childForFieldName("object");
          if ((attr === "objects" || attr === "query" || attr === "_default_manager") && obj?.type === "identifier") modelName ??= obj.text;
          if (readsCurrentUser(node.text) && /\b(request\.user|current_user)\./.test(node.text)) scoped = true;
          node = obj;
          continue;
        }
        break;
      }
      if (!fetches || !modelName || !id || scoped) return;
      const state = stateOf(top);
      if (!state) return;
      const view = viewOf(top);
      const fact: Fact = { kind: "lookup", model: modelName, id, key: keyName ?? "pk", state };
      if (view) fact.view = view.qname;
      const framework = view?.framework ?? fileFramework;
      if (framework) fact.framework = framework;
      ctx.record(top, fact);
    };

    /** DRF generic views/viewsets that fetch one object from an unfiltered `queryset` (no caller-scoped `get_queryset`). */
    const drfGeneric = (cls: Node, name: string): void => {
      const bases = (cls.childForFieldName("superclasses")?.namedChildren ?? []).map((b) => (b ? model.resolve(b) ?? "" : ""));
      if (!bases.some((b) => DRF_DETAIL_BASES.has(b))) return;
      let queryModel: string | undefined;
      let scoped = false;
      const permissions: string[] = [];
      for (const stmt of cls.childForFieldName("body")?.namedChildren ?? []) {
        const a = stmt?.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
        if (a?.type === "assignment") {
          const left = a.childForFieldName("left")?.text;
          const right = a.childForFieldName("right");
          if (left === "queryset" && right) {
            const m = /^([A-Z]\w*)\.objects\b/.exec(right.text);
            if (m) queryModel = m[1];
            if (readsCurrentUser(right.text)) scoped = true;
          } else if (left === "permission_classes" && right && permissionList(model, right) === "guard") {
            for (const c of right.namedChildren) if (c) permissions.push(model.resolve(c) ?? routerName(model, c) ?? c.text);
          }
          continue;
        }
        const def = stmt?.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
        if (def?.type !== "function_definition") continue;
        const fname = def.childForFieldName("name")?.text ?? "";
        // a get_queryset/get_object of its own: scoped when it reads the caller (or checks object permissions)
        if ((fname === "get_queryset" || fname === "get_object") && /\b(request\.user|check_object_permissions|user)\b/.test(def.text)) scoped = true;
        if (fname === "get_queryset" && !/\b(request\.user|user)\b/.test(def.text)) queryModel ??= /\b([A-Z]\w*)\.objects\b/.exec(def.text)?.[1];
      }
      if (!queryModel || scoped) return;
      ctx.record(cls.childForFieldName("name") ?? cls, { kind: "generic", model: queryModel, view: model.moduleName ? `${model.moduleName}.${name}` : name, permissions } satisfies Fact);
    };

    const handlers = mergeHandlers(viewHandlers, {
      class_definition(cls) {
        const name = cls.childForFieldName("name")?.text ?? "";
        drfGeneric(cls, name);
        const body = cls.childForFieldName("body");
        for (const stmt of body?.namedChildren ?? []) {
          const def = stmt?.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
          if (def?.type === "function_definition" && def.childForFieldName("name")?.text === "has_object_permission") {
            ctx.record(cls.childForFieldName("name") ?? cls, { kind: "object-permission", qname: model.moduleName ? `${model.moduleName}.${name}` : name } satisfies Fact);
          }
          const a = stmt?.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
          if (a?.type !== "assignment") continue;
          const left = a.childForFieldName("left");
          const right = a.childForFieldName("right");
          if (left?.type !== "identifier" || right?.type !== "call") continue;
          if (/\bprimary_key\s*=\s*True\b/.test(right.text) && left.text !== "id") ctx.record(left, { kind: "pk", model: name, field: left.text } satisfies Fact);
          const field = left.text.replace(/_id$/, "");
          if (!OWNER_FIELD_NAMES.has(field)) continue;
          const callee = model.callee(right) ?? "";
          const relation = RELATION_FIELD_CALLS.has(callee) || /\b(ForeignKey|OneToOneField|relationship|ForeignKeyField)\b/.test(right.text);
          if (relation) ctx.record(cls.childForFieldName("name") ?? cls, { kind: "owned", model: name, field: left.text } satisfies Fact);
        }
      },
      call(call) {
        const fn = call.childForFieldName("function");
        const method = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : undefined;
        const callee = model.callee(call);
        const isLookup = (method && CHAIN_METHODS.has(method)) || (callee && DJANGO_LOOKUP_SHORTCUTS.has(callee));
        const last = lastName(fn) ?? "";
        const isCheck = last === "has_perm" || last === "has_perms" || last === "check_object_permissions" || last === "has_object_permission";
        // nothing to do for most calls: known before looking at `call.parent`
        if (!isLookup && !isCheck) return;
        const parent = call.parent;
        // only the outermost call of a lookup chain
        if (parent?.type === "attribute" && parent.parent?.type === "call" && CHAIN_METHODS.has(parent.childForFieldName("attribute")?.text ?? "")) {
          // …unless this call is the chain's own end (`.get(...).delete()` is not a chain method)
          return;
        }
        if (isLookup) lookup(call);
        // checks of the result against the caller
        if (last === "has_perm" || last === "has_perms") {
          if (model.args(call).positional.length >= 2) check(call, `${last}(…, obj)`);
        } else if (last === "check_object_permissions" || last === "has_object_permission") check(call, `${last}()`);
      },
      comparison_operator(node) {
        // `if invoice.owner != request.user: raise PermissionDenied`
        if (/\b(request\.user|current_user|g\.user|user\.id|user_id)\b/.test(node.text)) check(node, node.text);
      },
      attribute(node) {
        const attr = node.childForFieldName("attribute")?.text ?? "";
        if ((attr === "is_staff" || attr === "is_superuser" || attr === "is_admin") && readsCurrentUser(node.childForFieldName("object")?.text ?? "")) check(node, node.text);
      },
    });
    // attribute nodes are the commonest of all: ask for them only in a file where one can be a user check
    if (!mayCheckUserAttribute(ctx.file.text)) delete handlers.attribute;
    return handlers;
  },
  factChannels: [ACCESS_VIEWS_CHANNEL],
  checkProject(facts, reporter) {
    const live = (facts as ProjectFact<Fact>[]).filter((f) => !f.isTest);
    const project = new ProjectViews(facts);
    const owned = new Map<string, string>();
    const pks = new Map<string, Set<string>>();
    const objectPermissions = new Set<string>(DRF_OBJECT_PERMISSIONS);
    for (const f of live) {
      const d = f.data;
      if (d.kind === "owned") owned.set(d.model, d.field);
      else if (d.kind === "pk") pks.set(d.model, new Set([...(pks.get(d.model) ?? []), d.field]));
      else if (d.kind === "object-permission") objectPermissions.add(d.qname);
    }
    /** The key picks the object itself: `pk`, `id`, `uuid`, `<model>_id`, or the model's primary-key field. */
    const ownKey = (modelName: string, key: string): boolean => {
      const snake = snakeName(modelName);
      return /^(pk|id|uuid)$/.test(key) || key === `${snake}_id` || key === `${snake}_pk` || key === `${snake}_uuid` || !!pks.get(modelName)?.has(key);
    };
    for (const f of live) {
      const d = f.data;
      if (d.kind === "generic") {
        const field = owned.get(d.model);
        if (!field) continue;
        const v = project.byQname.get(d.view);
        // unauthenticated or staff-only views are PW640's business or may reach every object
        if (!v?.guard || v.privileged) continue;
        if (d.permissions.some((p) => objectPermissions.has(p) || [...objectPermissions].some((o) => o.endsWith(`.${p}`)))) continue;
        reporter.report(
          f,
          `\`${d.view.split(".").pop()}\` serves single \`${d.model}\` objects by the id in the URL from \`queryset = ${d.model}.objects…\`, not filtered on its \`${field}\` and with no object-level permission: ` +
            `any signed-in user can read or change another user's object; ${fixAdvice("drf", d.model, field)}`,
          { confidence: "medium" },
        );
        continue;
      }
      if (d.kind !== "lookup" || d.state.checked) continue;
      const field = owned.get(d.model);
      if (!field) continue;
      if (!ownKey(d.model, d.key)) continue; // `Comment.objects.filter(article_id=…)` lists by another model's key
      const v = d.view ? project.byQname.get(d.view) : undefined;
      let who = "any signed-in user can reach another user's object";
      if (v) {
        if (v.privileged) continue; // staff/admin/permission-guarded views may reach any object
        if (!v.guard && !v.data.readsUser) {
          // no sign-in at all: a state change is PW640's finding (authenticate first); a read of authored content
          // (`Post.author`) is public by design; a read of privately owned data leaks it to anyone
          if (v.changes.length || AUTHORSHIP_FIELD_NAMES.has(field.replace(/_id$/, ""))) continue;
          who = "anyone, signed in or not, can read another user's object";
        }
      }
      reporter.report(
        f,
        `\`${d.model}\` is fetched by a request-supplied id (${d.id.length > 60 ? d.id.slice(0, 57) + "..." : d.id}) with no filter on its \`${field}\`: ` +
          `${who}; ${fixAdvice(d.framework, d.model, field)}`,
        { confidence: "medium" },
      );
    }
  },
});
