import { defineRule } from "../types.js";
import { filterChain, filterName, htmlStartTags, isLiteralExpression, templateTags } from "../util/template-text.js";

/** Filters whose output has no spaces, quotes or `>`: safe in an unquoted attribute value. */
const ATTRIBUTE_SAFE_FILTERS = new Set(["int", "float", "length", "count", "wordcount", "urlencode", "iriencode", "slugify", "floatformat"]);

/** PW513: a template expression in an unquoted HTML attribute value. */
export default defineRule({
  meta: {
    code: "PW513",
    name: "template-unquoted-attribute",
    practice: "output-escaping",
    cwe: [79, 83],
    severity: "medium",
    confidence: "high",
    aliases: [],
    fileKind: "template",
    docs: {
      what:
        "An HTML attribute whose value is not quoted and holds a template expression: `<a href={{ url }}>`, " +
        "`<div class=item-{{ kind }}>`, `<input value={{ name }}>`. Expressions that are literals or end in a filter " +
        "producing a number or URL-encoded text (`|int`, `|length`, `|urlencode`) are not reported. Content of " +
        "`<script>`/`<style>`, HTML and template comments and raw blocks are skipped; `{# nosec #}` on the line " +
        "silences a finding.",
      why:
        "HTML escaping (`&`, `<`, `>`, quotes) does not stop a value from ending an *unquoted* attribute: a space " +
        "does. `x onmouseover=alert(document.cookie)` passes through autoescaping untouched and adds an event " +
        "handler to the element (cross-site scripting).",
      bad: "<a href={{ profile_url }}>{{ name }}</a>\n",
      good: '<a href="{{ profile_url }}">{{ name }}</a>\n',
      references: [
        "CWE-79",
        "CWE-83",
        "https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html",
        "https://html.spec.whatwg.org/multipage/syntax.html#unquoted",
      ],
    },
  },
  create: () => ({}),
  checkTemplate(ctx) {
    const text = ctx.file.text;
    const tags = templateTags(text).filter((t) => t.kind === "expr");
    let t = 0;
    for (const el of htmlStartTags(text)) {
      for (const attr of el.attributes) {
        if (attr.quoted || attr.valueStart === undefined || attr.valueEnd === undefined) continue;
        while (t < tags.length && tags[t].end <= attr.valueStart) t++;
        for (let k = t; k < tags.length && tags[k].start < attr.valueEnd; k++) {
          const tag = tags[k];
          if (tag.start < attr.valueStart || tag.end > attr.valueEnd) continue;
          const chain = filterChain(tag.inner);
          const last = filterName(chain[chain.length - 1].text);
          if (chain.length === 1 && isLiteralExpression(chain[0].text)) continue;
          if (chain.length > 1 && last && ATTRIBUTE_SAFE_FILTERS.has(last)) continue;
          ctx.report(
            { start: attr.valueStart, end: attr.valueEnd },
            `unquoted attribute ${attr.name}=${text.slice(attr.valueStart, attr.valueEnd)}: a space in the value starts a new attribute, which escaping does not prevent; quote the value`,
          );
          break;
        }
      }
    }
  },
});
