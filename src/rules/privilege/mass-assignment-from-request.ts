import { defineRule } from "../types.js";
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";
import { ORM_WRITE_METHODS, PRIVILEGED_FLAGS, SCHEMA_CLASS_SUFFIX } from "../../model/knowledge/account-flows.js";
import { adminOnly, isRequestData, readsRequestData } from "../util/account-flows.js";

/** Receivers of an ORM write method: a manager, a query or queryset, a session. */
const ORM_RECEIVER = /\bobjects\b|\bquery\b|\.filter(?:_by)?\s*\(|\.exclude\s*\(|\bsession\b|_set\b/;

/** Bases of a class defined in the file that make it a stored model (Django, SQLAlchemy, peewee, mongoengine…). */
const MODEL_BASE = /(?:^|\.)(?:Model|Base|Document|AbstractUser|AbstractBaseUser|DeclarativeBase|SQLModel|UserMixin)$/;

/** Names of model classes whose instances are accounts. */
const ACCOUNT_CLASS = /(?:User|Account|Member|Customer|Profile|Employee)$/;

/**
 * True when a call constructs a stored model (not a validation schema): the class resolves into a `models`
 * module, is defined here on a model base, or is named like an account class.
 */
function constructsModel(model: ModuleModel, call: Node): boolean {
  const fn = call.childForFieldName("function");
  if (!fn || (fn.type !== "identifier" && fn.type !== "attribute")) return false;
  const last = fn.type === "identifier" ? fn.text : (fn.childForFieldName("attribute")?.text ?? "");
  if (!/^[A-Z]/.test(last)) return false;
  const q = model.resolve(fn) ?? "";
  if (q.startsWith("builtins.") || q.startsWith("pydantic") || q.startsWith("rest_framework") || q.startsWith("django.http") || q.startsWith("flask") || q.startsWith("fastapi") || q.startsWith("starlette")) return false;
  if (/(?:^|\.)(?:models|model|entities|orm|tables)\./.test(q) && !SCHEMA_CLASS_SUFFIX.test(last)) return true;
  const b = fn.type === "identifier" ? model.lookup(fn.text, fn.startIndex) : undefined;
  if (b?.kind === "class" && b.node) {
    const bases = b.node.childForFieldName("superclasses")?.namedChildren ?? [];
    if (bases.some((x) => !!x && /BaseModel|Schema|TypedDict|dataclass/.test(x.text))) return false;
    return bases.some((x) => !!x && MODEL_BASE.test(x.text));
  }
  return ACCOUNT_CLASS.test(last) && !SCHEMA_CLASS_SUFFIX.test(last.replace(ACCOUNT_CLASS, ""));
}

/** The `for` statement a node sits in (within a few levels), when no `if` filters in between. */
function unfilteredLoop(node: Node): Node | undefined {
  let p = node.parent;
  for (let depth = 0; p && depth < 8; p = p.parent, depth++) {
    if (p.type === "if_statement" || p.type === "elif_clause" || p.type === "conditional_expression" || p.type === "try_statement") return undefined;
    if (p.type === "for_statement") return p;
    if (p.type === "function_definition" || p.type === "class_definition") return undefined;
  }
  return undefined;
}

/** PW652: a model or user created or updated from everything the client sent, or given privileges from it. */
export default defineRule({
  meta: {
    code: "PW652",
    name: "mass-assignment-from-request",
    practice: "least-privilege",
    cwe: [915, 269],
    severity: "high",
    confidence: "medium",
    aliases: [],
    skipInTests: true,
    docs: {
      what:
        "A model or user built or updated from the whole of the submitted data — `User.objects.create(**request." +
        "POST.dict())`, `Invoice(**request.get_json())`, `qs.update(**request.data)`, `setattr(obj, key, value)` in " +
        "a loop over `request.form.items()` with no filter, `obj.__dict__.update(request.json)` — and privilege " +
        "flags (`is_staff`, `is_superuser`, `is_admin`, `role`, `groups`, `user_permissions`…) set from request data, " +
        "as a keyword (`create_user(..., is_staff=request.POST.get(\"is_staff\"))`) or an attribute " +
        "(`user.is_admin = data[\"is_admin\"]`). Flags set in a view restricted to administrators (an admin or " +
        "permission decorator, a check of `request.user.is_superuser`/`has_perm`) are not reported; `**data` " +
        "into a validation schema (pydantic models, `…Schema`, `…In`, `…Create`) is the safe pattern and not reported.",
      why:
        "Mass assignment lets the client choose which fields it writes: adding `is_superuser=1` or `role=admin` " +
        "to a sign-up or profile form turns any visitor into an administrator, and `owner_id=…` hands them other " +
        "people's rows. Least privilege means the client may set only the fields its task needs, listed one by one.",
      bad:
        "def register(request):\n    user = User.objects.create(**request.POST.dict())\n" +
        "    user.is_staff = request.POST.get(\"is_staff\") == \"on\"\n    user.save()\n",
      good:
        "def register(request):\n    form = SignUpForm(request.POST)  # Meta.fields = [\"username\", \"email\", \"password1\", \"password2\"]\n" +
        "    if form.is_valid():\n        user = form.save()  # is_staff stays False\n",
      references: [
        "CWE-915",
        "CWE-269",
        "https://cheatsheetseries.owasp.org/cheatsheets/Mass_Assignment_Cheat_Sheet.html",
        "https://owasp.org/API-Security/editions/2023/en/0xa3-broken-object-property-level-authorization/",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;
    const guarded = (node: Node): boolean => {
      const fn = model.enclosingFunction(node);
      return !!fn?.node && adminOnly(fn.node);
    };
    const flagMessage = (flag: string): string =>
      `${flag} is set from request data: any client can grant itself this privilege; set it only in an administrator-only view, never from what the client sends`;
    return {
      call(call) {
        const callee = model.callee(call);
        const method = model.methodName(call);
        const fn = call.childForFieldName("function");
        const a = model.args(call);
        // setattr loops over the submitted fields
        if (callee === "builtins.setattr") {
          const loop = unfilteredLoop(call);
          if (loop && isRequestData(model, loop.childForFieldName("right"))) {
            ctx.report(call, "setattr() in a loop over request data writes every field the client sends (is_staff, owner…); copy only an explicit list of allowed fields");
          }
          return;
        }
        // obj.__dict__.update(request.json), vars(obj).update(...)
        if (method === "update" && fn?.type === "attribute") {
          const recv = fn.childForFieldName("object");
          const isDict = recv?.type === "attribute" ? recv.childForFieldName("attribute")?.text === "__dict__" : recv?.type === "call" && model.callee(recv) === "builtins.vars";
          if (isDict && isRequestData(model, a.positional[0])) {
            ctx.report(call, "the object's attributes are overwritten with request data: the client chooses every field it writes (is_staff, owner…); copy only an explicit list of allowed fields");
            return;
          }
        }
        // **request.data into an ORM write or a model constructor
        const splat = call.childForFieldName("arguments")?.namedChildren.find((c) => c?.type === "dictionary_splat" && isRequestData(model, c.namedChildren[0]));
        if (splat) {
          const recvText = fn?.type === "attribute" ? (fn.childForFieldName("object")?.text ?? "") : "";
          const ormWrite = !!method && ORM_WRITE_METHODS.has(method) && (ORM_RECEIVER.test(recvText) || method === "create_user" || method === "create_superuser");
          if (ormWrite || (!method || /^[A-Z]/.test(method)) && constructsModel(model, call)) {
            ctx.report(call, `${fn?.text ?? "the model"} is given every field of the request (**request data): the client chooses what it writes, privilege and ownership fields included; pass an explicit list of allowed fields or validate with a form/serializer`);
            return;
          }
        }
        // privileged flags as keywords
        for (const [name, value] of a.keywords) {
          if (!PRIVILEGED_FLAGS.has(name) || !readsRequestData(model, value)) continue;
          if (guarded(call)) return;
          ctx.report(value.parent ?? value, flagMessage(name));
        }
      },
      assignment(node) {
        const left = node.childForFieldName("left");
        if (left?.type !== "attribute") return;
        const attr = left.childForFieldName("attribute")?.text ?? "";
        if (!PRIVILEGED_FLAGS.has(attr)) return;
        const obj = left.childForFieldName("object");
        if (obj?.type === "identifier" && obj.text === "self") return; // a model's own __init__ or a form's field
        if (!readsRequestData(model, node.childForFieldName("right"))) return;
        if (guarded(node)) return;
        ctx.report(node, flagMessage(attr));
      },
    };
  },
});
