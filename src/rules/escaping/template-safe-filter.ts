import { defineRule } from "../types.js";
import { filterChain, filterName, isLiteralExpression, templateTags } from "../util/template-text.js";

/** Filters that turn off escaping for their input. */
const SAFE_FILTERS = new Set(["safe", "safeseq"]);

/** Filters whose output is already escaped, or cannot hold markup (numbers, encoded text, JSON for scripts). */
const ESCAPING_FILTERS = new Set([
  "escape", "e", "forceescape", "escapejs", "tojson", "json_script", "urlencode", "iriencode",
  "int", "float", "length", "count", "wordcount", "filesizeformat", "floatformat", "intcomma", "yesno",
]);

/** PW511: the `safe` filter applied to a value in a template. */
export default defineRule({
  meta: {
    code: "PW511",
    name: "template-safe-filter",
    practice: "output-escaping",
    cwe: [79],
    severity: "medium",
    confidence: "medium",
    aliases: [],
    fileKind: "template",
    docs: {
      what:
        "The `safe` (or Django's `safeseq`) filter applied to an expression in a Jinja2 or Django template " +
        "(`.html`, `.jinja`, `.jinja2`, `.j2`, `.djhtml`): `{{ comment.body|safe }}`, `{% set html = x|safe %}`. " +
        "Literals (`{{ \"<br>\"|safe }}`) and values that an earlier filter already escaped or turned into a " +
        "number or JSON (`|escape`, `|tojson`, `|urlencode`, `|int`, `|length`) are not reported. Comments and " +
        "`raw`/`verbatim` blocks are skipped; `{# nosec #}` on the line silences a finding.",
      why:
        "`safe` tells the engine the value is trusted HTML and must not be escaped. When any part of it comes from " +
        "a user — a profile field, a comment rendered from Markdown, a query parameter — its `<script>` or " +
        "`onerror=` runs in the browsers of everyone who views the page (stored or reflected XSS).",
      bad: '<div class="bio">{{ user.bio|safe }}</div>\n',
      good:
        '<div class="bio">{{ user.bio }}</div>\n' +
        "{# or sanitise in Python (bleach/nh3) and pass markupsafe.Markup(cleaned) #}\n",
      references: [
        "CWE-79",
        "https://jinja.palletsprojects.com/en/stable/templates/#html-escaping",
        "https://docs.djangoproject.com/en/stable/ref/templates/builtins/#safe",
        "https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html",
      ],
    },
  },
  create: () => ({}),
  checkTemplate(ctx) {
    for (const tag of templateTags(ctx.file.text)) {
      let expr = tag.inner;
      if (tag.kind === "stmt") {
        // `{% set x = … %}`, `{% with x=… %}`, `{% if … %}`: look at the expression part after the keyword
        const m = /^\s*(?:set|with|if|elif|for|include|do|print)\b/.exec(expr);
        if (!m) continue;
        expr = expr.slice(m[0].length);
      }
      const chain = filterChain(expr);
      for (let i = 1; i < chain.length; i++) {
        const name = filterName(chain[i].text);
        if (!name || !SAFE_FILTERS.has(name)) continue;
        const base = chain[0].text.replace(/^.*=\s*/s, "");
        if (isLiteralExpression(base)) continue;
        if (chain.slice(1, i).some((p) => ESCAPING_FILTERS.has(filterName(p.text) ?? ""))) continue;
        const shown = base.trim().length <= 60 ? base.trim() : `${base.trim().slice(0, 57)}…`;
        ctx.report(
          { start: tag.start, end: tag.end },
          `|${name} turns off HTML escaping for ${shown}; render it escaped, or sanitise it in Python and mark only the sanitised result safe`,
        );
        break;
      }
    }
  },
});
