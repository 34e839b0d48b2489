import { defineRule } from "../types.js";
import { templateTags } from "../util/template-text.js";

/** PW512: a template block that switches autoescaping off. */
export default defineRule({
  meta: {
    code: "PW512",
    name: "template-autoescape-off",
    practice: "output-escaping",
    cwe: [79, 116],
    severity: "medium",
    confidence: "high",
    aliases: [],
    fileKind: "template",
    docs: {
      what:
        "`{% autoescape off %}` (Django) and `{% autoescape false %}` (Jinja2) blocks in templates (`.html`, " +
        "`.jinja`, `.jinja2`, `.j2`, `.djhtml`), whitespace-control forms (`{%- autoescape false -%}`) included. " +
        "`on`/`true` and a variable are not reported; `{# nosec #}` on the line silences a finding.",
      why:
        "Inside the block every `{{ value }}` is inserted as raw HTML. One user-controlled value in it — today or " +
        "after the next edit — is cross-site scripting, and the block hides that from a reviewer who sees only " +
        "`{{ value }}`.",
      bad: "{% autoescape off %}\n  <p>{{ message }}</p>\n{% endautoescape %}\n",
      good: "<p>{{ message }}</p>\n{# trusted, pre-rendered HTML: pass it as markupsafe.Markup / mark_safe from Python #}\n",
      references: [
        "CWE-79",
        "CWE-116",
        "https://docs.djangoproject.com/en/stable/ref/templates/builtins/#autoescape",
        "https://jinja.palletsprojects.com/en/stable/templates/#autoescape-overrides",
      ],
    },
  },
  create: () => ({}),
  checkTemplate(ctx) {
    for (const tag of templateTags(ctx.file.text)) {
      if (tag.kind !== "stmt") continue;
      const m = /^\s*autoescape\s+(off|false|False|0)\s*$/.exec(tag.inner);
      if (!m) continue;
      ctx.report({ start: tag.start, end: tag.end }, `autoescape ${m[1]} renders every variable in the block as raw HTML; keep escaping on and mark only trusted HTML safe in Python`);
    }
  },
});
