import { defineRule, type Handler } from "../types.js";
import type { Node } from "../../parse/parser.js";
import { runningDescendants } from "../util/security-events.js";

/** Functions and types that declare a string safe HTML as it is: qualified name → how to name it. */
const MARK_SAFE: Readonly<Record<string, string>> = {
  "django.utils.safestring.mark_safe": "mark_safe",
  "django.utils.html.mark_safe": "mark_safe",
  "django.utils.safestring.SafeString": "SafeString",
  "django.utils.safestring.SafeText": "SafeText",
};

/** `markupsafe.Markup` under every name it is exported as (the model canonicalises `flask.Markup`, `jinja2.Markup`). */
const MARKUP = ["markupsafe.Markup", "jinja2.utils.Markup", "flask.Markup", "jinja2.Markup"];

/** Django helpers that escape their arguments but trust their format string: name → format position. */
const FORMATTERS: Readonly<Record<string, number>> = {
  "django.utils.html.format_html": 0,
  "django.utils.html.format_html_join": 1,
};

/** Calls whose result is escaped (or otherwise HTML-safe) whatever their input. */
const ESCAPERS = new Set([
  "html.escape",
  "cgi.escape",
  "django.utils.html.escape",
  "django.utils.html.conditional_escape",
  "django.utils.html.format_html",
  "django.utils.html.format_html_join",
  "django.utils.html.escapejs",
  "django.utils.html.json_script",
  "django.template.loader.render_to_string",
  "django.shortcuts.render_to_string",
  "markupsafe.escape",
  "markupsafe.Markup.escape",
  "flask.escape",
  "jinja2.escape",
  "flask.render_template",
  "bleach.clean",
  "bleach.linkify",
  "nh3.clean",
  "builtins.len",
  "builtins.int",
  "builtins.float",
  "builtins.round",
  "builtins.abs",
]);

/** Translation calls: their result is the (trusted) translation of their constant argument. */
const TRANSLATORS = new Set([
  "django.utils.translation.gettext",
  "django.utils.translation.gettext_lazy",
  "django.utils.translation.ugettext",
  "django.utils.translation.ugettext_lazy",
  "django.utils.translation.pgettext",
  "django.utils.translation.pgettext_lazy",
  "django.utils.translation.ngettext",
  "django.utils.translation.ngettext_lazy",
  "gettext.gettext",
  "flask_babel.gettext",
  "flask_babel.lazy_gettext",
]);

const MAX_DEPTH = 12;

/** PW502: HTML marked safe (exempt from escaping) although it is built from values at run time. */
export default defineRule({
  meta: {
    code: "PW502",
    name: "unsafe-markup",
    practice: "output-escaping",
    cwe: [79],
    severity: "medium",
    confidence: "medium",
    aliases: ["B308", "S308", "B703", "B704", "S704"],
    skipInTests: true,
    docs: {
      what:
        "Django's `mark_safe`, `SafeString` and `SafeText`, and `markupsafe.Markup` (also imported from `flask` or " +
        "`jinja2`), applied to a value built at run time, `@mark_safe` used as a decorator (unless every value the function returns is a constant or escaped), and Django's " +
        "`format_html`/`format_html_join` with a format string built at run time. Constants are fine, and so are " +
        "values whose variable parts are all escaped (`escape`, `conditional_escape`, `format_html`, " +
        "`markupsafe.escape`, `bleach.clean`, numbers from `len`/`int`). `format_html` escapes its arguments, so " +
        "only its format string matters.",
      why:
        "Marking a string safe turns off the template engine's escaping for it. If any part of it comes from a " +
        "user (a name, a comment, a query parameter), `<script>` or an event-handler attribute in that part runs " +
        "in other users' browsers (cross-site scripting).",
      bad:
        'from django.utils.safestring import mark_safe\n\ndef badge(label):\n    return mark_safe("<span class=badge>" + label + "</span>")\n',
      good:
        'from django.utils.html import format_html\n\ndef badge(label):\n    return format_html("<span class=badge>{}</span>", label)\n',
      references: [
        "CWE-79",
        "https://docs.djangoproject.com/en/stable/ref/utils/#django.utils.safestring.mark_safe",
        "https://docs.djangoproject.com/en/stable/ref/utils/#django.utils.html.format_html",
        "https://markupsafe.palletsprojects.com/en/stable/escaping/",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;

    /** True when `node`'s value is HTML-safe: constant, escaped, translated constant, or built only from those. */
    const safe = (node: Node | null | undefined, depth = 0): boolean => {
      if (!node || depth > MAX_DEPTH) return false;
      if (model.isConstant(node)) return true;
      if (node.type === "parenthesized_expression") return safe(node.namedChildren[0], depth + 1);
      if (node.type === "call") {
        const name = model.callee(node);
        if (name && ESCAPERS.has(name)) return true;
        if (name && TRANSLATORS.has(name)) return model.args(node).positional.every((a) => model.isConstant(a));
        // Markup("<b>{}</b>").format(x) and Markup("...") % x escape what they insert
        if (model.methodName(node) === "format") {
          const obj = node.childForFieldName("function")?.childForFieldName("object");
          if (obj?.type === "call" && isMarkup(obj) && safe(model.arg(obj, 0, "base"), depth + 1)) return true;
        }
      }
      if (node.type === "identifier") {
        const list = model.bindingsOf(node.text, node.startIndex);
        if (list.length && list.every((b) => b.kind === "assign" && b.value && safe(b.value, depth + 1))) return true;
      }
      const shape = model.stringShape(node);
      if (shape && shape.holes > 0 && shape.dynamic.length === shape.holes) {
        return shape.dynamic.every((d) => d.id !== node.id && safe(d, depth + 1));
      }
      return false;
    };

    const isMarkup = (call: Node): boolean => {
      const name = model.callee(call);
      return !!name && MARKUP.includes(name);
    };

    const markSafe = (label: string): Handler => (call) => {
      const value = model.arg(call, 0, label === "Markup" ? "base" : "s");
      if (!value || safe(value)) return;
      const fix = label === "Markup" ? 'use Markup("…{}…").format(value) or markupsafe.escape()' : "use format_html() or escape the variable parts";
      ctx.report(call, `${label}() on a value built at run time turns off HTML escaping for it; ${fix}`);
    };

    const formatter = (label: string, position: number): Handler => (call) => {
      const format = model.arg(call, position, "format_string");
      if (!format || safe(format)) return;
      const shape = model.stringShape(format);
      const visible = !!shape && shape.holes > 0;
      ctx.report(
        call,
        `${label}() with a format string built at run time: what goes into the format string is not escaped; use a constant format string and pass values as arguments`,
        { confidence: visible ? "medium" : "low" },
      );
    };

    const handlers: Record<string, Handler> = {
      decorator(node) {
        const expr = node.namedChildren.find((c) => c && c.type !== "comment");
        if (!expr || (expr.type !== "identifier" && expr.type !== "attribute")) return;
        const name = model.resolve(expr);
        const label = name && Object.hasOwn(MARK_SAFE, name) ? MARK_SAFE[name] : undefined;
        if (!label) return;
        const def = node.parent?.childForFieldName("definition");
        const fn = def?.childForFieldName("name")?.text;
        // a function whose every return value is safe (a constant, escaped) marks nothing unsafe
        const body = def?.type === "function_definition" ? def.childForFieldName("body") : undefined;
        if (body) {
          const exits = runningDescendants(body, ["return_statement", "yield"]);
          const valueOf = (r: Node): Node | undefined => r.namedChildren.find((c) => c && c.type !== "comment") ?? undefined;
          if (exits.every((r) => r.type === "return_statement" && (!valueOf(r) || safe(valueOf(r))))) return;
        }
        ctx.report(node, `@${label} marks everything ${fn ? `${fn}()` : "the function"} returns as safe HTML, unescaped; build the result with format_html() instead`);
      },
    };
    for (const [name, label] of Object.entries(MARK_SAFE)) handlers[name] = markSafe(label);
    for (const name of MARKUP) handlers[name] = markSafe("Markup");
    for (const [name, position] of Object.entries(FORMATTERS)) handlers[name] = formatter(name.split(".").pop()!, position);
    return handlers;
  },
});
