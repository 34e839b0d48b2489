import { defineRule, type Handler } from "../types.js";
import type { Node } from "../../parse/parser.js";

/** Decorators that switch CSRF protection off for a view: qualified name → how to name it. */
const EXEMPTERS: Readonly<Record<string, string>> = {
  "django.views.decorators.csrf.csrf_exempt": "csrf_exempt",
  // Flask-WTF: `csrf = CSRFProtect(app)`, then `@csrf.exempt`
  "flask_wtf.CSRFProtect.exempt": "CSRFProtect.exempt",
  "flask_wtf.csrf.CSRFProtect.exempt": "CSRFProtect.exempt",
};

/** Django's adapter that applies a function decorator to a class-based view's method. */
const METHOD_DECORATOR = "django.utils.decorators.method_decorator";

/** PW801: a view exempted from CSRF protection. */
export default defineRule({
  meta: {
    code: "PW801",
    name: "csrf-exempt",
    practice: "csrf",
    cwe: [352],
    severity: "medium",
    confidence: "high",
    aliases: [],
    skipInTests: true,
    docs: {
      what:
        "Views taken out of CSRF protection with Django's `csrf_exempt`, however it is imported or applied: as a " +
        "decorator (`@csrf_exempt`, `@django.views.decorators.csrf.csrf_exempt`), through " +
        "`@method_decorator(csrf_exempt, name=\"dispatch\")` on a class-based view, or called on a view in URL " +
        "configuration (`path(\"hook/\", csrf_exempt(views.hook))`). Flask-WTF's `@csrf.exempt` is reported too.",
      why:
        "Without the CSRF check, any web page a logged-in user visits can make the browser send a forged, " +
        "cookie-authenticated POST to the view: change an e-mail address, transfer money, delete data. An " +
        "exemption is only safe for endpoints that do not rely on cookies (token-authenticated APIs) or that " +
        "verify the sender another way (a signed webhook).",
      bad:
        'from django.views.decorators.csrf import csrf_exempt\n\n@csrf_exempt\ndef update_email(request):\n' +
        '    request.user.email = request.POST["email"]\n    request.user.save()\n',
      good:
        'from django.views.decorators.http import require_POST\n\n@require_POST\ndef update_email(request):\n' +
        '    request.user.email = request.POST["email"]  # the form posts {% csrf_token %}\n    request.user.save()\n',
      references: [
        "CWE-352",
        "https://docs.djangoproject.com/en/stable/ref/csrf/",
        "https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;
    const FIX = "keep it on, or verify requests another way (API token, signed webhook)";
    /** The exempting decorator an expression names, if any. */
    const exempter = (node: Node | null | undefined): string | undefined => {
      if (!node || (node.type !== "identifier" && node.type !== "attribute")) return undefined;
      const name = model.resolve(node);
      return name && Object.hasOwn(EXEMPTERS, name) ? EXEMPTERS[name] : undefined;
    };
    const viewName = (decorator: Node): string | undefined => {
      const def = decorator.parent?.childForFieldName("definition");
      return def?.childForFieldName("name")?.text;
    };

    const handlers: Record<string, Handler> = {
      decorator(node) {
        const label = exempter(node.namedChildren.find((c) => c && c.type !== "comment"));
        if (!label) return;
        const view = viewName(node);
        ctx.report(node, `@${label} disables CSRF protection for ${view ?? "this view"}; ${FIX}`);
      },
      [METHOD_DECORATOR](call) {
        const first = model.arg(call, 0, "decorator");
        const candidates = first && (first.type === "list" || first.type === "tuple") ? first.namedChildren : [first];
        for (const c of candidates) {
          const label = exempter(c);
          if (!label) continue;
          const view = call.parent?.type === "decorator" ? viewName(call.parent) : undefined;
          ctx.report(call, `method_decorator(${label}) disables CSRF protection for ${view ?? "this view"}; ${FIX}`);
          return;
        }
      },
    };
    for (const [name, label] of Object.entries(EXEMPTERS)) {
      handlers[name] = (call) => {
        const view = model.arg(call, 0, "view_func") ?? model.arg(call, 0, "view");
        ctx.report(call, `${label}(${view && view.text.length <= 40 ? view.text : "…"}) disables CSRF protection for that view; ${FIX}`);
      };
    }
    return handlers;
  },
});
