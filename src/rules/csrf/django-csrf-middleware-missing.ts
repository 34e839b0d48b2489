import { defineRule, type ProjectFact } from "../types.js";
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";
import { assignmentChain } from "../util/assignment.js";
import { DJANGO_COOKIE_AUTH_MIDDLEWARE, DJANGO_CSRF_MIDDLEWARE, DJANGO_MIDDLEWARE_SETTINGS } from "../../model/knowledge/csrf-cookies.js";

/** What the per-file phase records. */
type Fact =
  /** A literal middleware list without CSRF middleware. */
  | { kind: "list"; setting: string; entries: string[]; commentedOut: boolean; cookieAuth: boolean }
  /** CSRF middleware added to a middleware list elsewhere (`MIDDLEWARE += [...]`, `.insert(...)`). */
  | { kind: "adds" }
  /** CSRF middleware removed from a list (`MIDDLEWARE.remove("...CsrfViewMiddleware")`). */
  | { kind: "removed"; setting: string }
  /** A project class derived from Django's CSRF middleware (a list naming it is protected). */
  | { kind: "subclass"; name: string };

/** A middleware path that names CSRF middleware (Django's or any project's `…CsrfMiddleware`). */
const isCsrfEntry = (s: string): boolean => /csrf/i.test(s.split(".").pop() ?? s);

/** The string constants inside an expression that name CSRF middleware (a bounded search of the subtree). */
function csrfStrings(model: ModuleModel, node: Node): boolean {
  if (node.type === "string") return isCsrfEntry(String(model.constant(node) ?? ""));
  for (const s of node.descendantsOfType("string")) {
    if (!s) continue;
    const v = model.constant(s);
    if (typeof v === "string" && isCsrfEntry(v)) return true;
  }
  return false;
}

/** The setting a list expression is (`MIDDLEWARE`, `settings.MIDDLEWARE`), if any. */
function middlewareSetting(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  const name = node.type === "identifier" ? node.text : node.type === "attribute" ? node.childForFieldName("attribute")?.text : undefined;
  return name && DJANGO_MIDDLEWARE_SETTINGS.has(name) ? name : undefined;
}

/** PW802: a Django settings module whose middleware list leaves out CsrfViewMiddleware. */
export default defineRule({
  meta: {
    code: "PW802",
    name: "django-csrf-middleware-missing",
    practice: "csrf",
    cwe: [352],
    severity: "high",
    confidence: "high",
    aliases: [],
    skipInTests: true,
    docs: {
      what:
        "A Django settings module whose `MIDDLEWARE` (or old-style `MIDDLEWARE_CLASSES`) is a literal list of " +
        "Django middleware without `django.middleware.csrf.CsrfViewMiddleware`, or code that removes it " +
        "(`MIDDLEWARE.remove(...)`). Only literal lists that name other `django.` middleware are judged, so a " +
        "list built from variables is never guessed at. Project-wide: the list is fine when any module of the " +
        "project adds CSRF middleware (`MIDDLEWARE += [...]`, `.insert(...)`, `.append(...)`) or when it names a " +
        "project class derived from `CsrfViewMiddleware` (or any `…Csrf…Middleware`). Confidence is medium when " +
        "the list has neither session nor authentication middleware (likely a token API).",
      why:
        "`CsrfViewMiddleware` is what checks the CSRF token of every POST, PUT, PATCH and DELETE request; " +
        "`{% csrf_token %}` in templates does nothing without it. Left out (often commented out while " +
        "debugging a 403), every form of the site can be submitted by another site on behalf of a logged-in user.",
      bad:
        "MIDDLEWARE = [\n    \"django.middleware.security.SecurityMiddleware\",\n" +
        "    \"django.contrib.sessions.middleware.SessionMiddleware\",\n" +
        "    # \"django.middleware.csrf.CsrfViewMiddleware\",\n" +
        "    \"django.contrib.auth.middleware.AuthenticationMiddleware\",\n]\n",
      good:
        "MIDDLEWARE = [\n    \"django.middleware.security.SecurityMiddleware\",\n" +
        "    \"django.contrib.sessions.middleware.SessionMiddleware\",\n" +
        "    \"django.middleware.csrf.CsrfViewMiddleware\",\n" +
        "    \"django.contrib.auth.middleware.AuthenticationMiddleware\",\n]\n",
      references: [
        "CWE-352",
        "https://docs.djangoproject.com/en/stable/ref/csrf/",
        "https://docs.djangoproject.com/en/stable/ref/middleware/#module-django.middleware.csrf",
        "https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;
    const atStaticLevel = (node: Node): boolean => {
      const s = model.scopeAt(node.startIndex);
      return s.kind === "module" || s.kind === "class";
    };
    /** `MIDDLEWARE.<method>(...)`: adds or removes the CSRF middleware. */
    const listCall = (call: Node, method: string): void => {
      const fn = call.childForFieldName("function");
      if (fn?.type !== "attribute") return;
      const setting = middlewareSetting(fn.childForFieldName("object"));
      if (!setting) return;
      const found = model.args(call).positional.some((a) => csrfStrings(model, a));
      if (!found) return;
      ctx.record(call, (method === "remove" ? { kind: "removed", setting } : { kind: "adds" }) satisfies Fact);
    };
    return {
      assignment(node) {
        const chain = assignmentChain(node);
        const value = chain?.value;
        if (!chain || !value) return;
        const setting = chain.targets.map((t) => (t.type === "identifier" ? middlewareSetting(t) : undefined)).find(Boolean);
        if (!setting || !atStaticLevel(node)) return;
        if (value.type !== "list" && value.type !== "tuple") {
          if (csrfStrings(model, value)) ctx.record(node, { kind: "adds" } satisfies Fact);
          return;
        }
        const entries: string[] = [];
        let literal = true;
        let commentedOut = false;
        for (const el of value.namedChildren) {
          if (!el) continue;
          if (el.type === "comment") {
            if (/CsrfViewMiddleware/i.test(el.text)) commentedOut = true;
            continue;
          }
          const v = model.constant(el);
          if (typeof v === "string") entries.push(v);
          else literal = false;
        }
        if (entries.some(isCsrfEntry)) return;
        if (!literal) return; // `*BASE_MIDDLEWARE` or a variable may hold it
        if (!entries.some((e) => e.startsWith("django."))) return;
        const cookieAuth = entries.some((e) => DJANGO_COOKIE_AUTH_MIDDLEWARE.has(e));
        ctx.record(node, { kind: "list", setting, entries, commentedOut, cookieAuth } satisfies Fact);
      },
      augmented_assignment(node) {
        const right = node.childForFieldName("right");
        if (middlewareSetting(node.childForFieldName("left")) && right && csrfStrings(model, right)) ctx.record(node, { kind: "adds" } satisfies Fact);
      },
      // `MIDDLEWARE.append(...)` and the like: by method name, so other calls cost nothing
      ...Object.fromEntries(["append", "insert", "extend", "remove"].map((method) => [`.${method}`, (call: Node) => listCall(call, method)])),
      class_definition(node) {
        const bases = node.childForFieldName("superclasses")?.namedChildren ?? [];
        if (!bases.some((b) => b && model.resolve(b) === DJANGO_CSRF_MIDDLEWARE)) return;
        const name = node.childForFieldName("name")?.text;
        if (name) ctx.record(node, { kind: "subclass", name: model.moduleName ? `${model.moduleName}.${name}` : name } satisfies Fact);
      },
    };
  },
  checkProject(facts, reporter) {
    const live = facts.filter((f) => !f.isTest) as ProjectFact<Fact>[];
    const subclasses = new Set(live.flatMap((f) => (f.data.kind === "subclass" ? [f.data.name] : [])));
    const added = live.some((f) => f.data.kind === "adds");
    for (const f of live) {
      const d = f.data;
      if (d.kind === "removed") {
        reporter.report(f, `${d.setting} has ${DJANGO_CSRF_MIDDLEWARE} removed: no view checks CSRF tokens any more`);
      }
      if (d.kind !== "list" || added) continue;
      if (d.entries.some((e) => subclasses.has(e))) continue;
      const why = d.commentedOut ? " (it is commented out)" : "";
      reporter.report(
        f,
        `${d.setting} lists Django middleware but not ${DJANGO_CSRF_MIDDLEWARE}${why}: forms and POST views accept forged cross-site requests`,
        { confidence: d.cookieAuth ? "high" : "medium" },
      );
    }
  },
});
