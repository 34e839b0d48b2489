import { defineRule, type Handler } from "../types.js";
import type { Node } from "../../parse/parser.js";

/** Mako filters that HTML- or XML-escape every expression. */
const ESCAPING_FILTERS = new Set(["h", "x"]);

/** File names whose templates are not HTML (generated code, configuration, text). */
const NOT_HTML = /\.(py|txt|sql|sh|ini|cfg|conf|toml|ya?ml|json|md|rst|csv|c|h|js|css)(\.mako)?$/i;

/** A `<%page expression_filter="h"/>` tag (read from its opening): the template escapes its own expressions. */
const PAGE_ESCAPES = /^<%page\b[^>]*\bexpression_filter\s*=\s*["'][^"']*\b[hx]\b/;

/** Longest `<%page …>` tag read: {@link PAGE_ESCAPES} is quadratic in the length of what it is tested on. */
const MAX_PAGE_TAG = 1000;

/**
 * True when a `<%page>` tag of `text` sets an escaping `expression_filter`, in linear time: only the first
 * `<%page` before each `>` is tried (a later one in the same span can match only if the first does).
 */
function pageEscapes(text: string): boolean {
  const start = /<%page\b/g;
  for (let m = start.exec(text); m; m = start.exec(text)) {
    const close = text.indexOf(">", m.index);
    const end = close < 0 ? m.index + MAX_PAGE_TAG : Math.min(close + 1, m.index + MAX_PAGE_TAG);
    if (PAGE_ESCAPES.test(text.slice(m.index, end))) return true;
    if (close < 0) return false;
    start.lastIndex = close + 1;
  }
  return false;
}

/** PW503: Mako templates and lookups created without HTML escaping. */
export default defineRule({
  namesOnly: true,
  meta: {
    code: "PW503",
    name: "mako-no-html-escape",
    practice: "output-escaping",
    cwe: [79, 116],
    severity: "high",
    confidence: "medium",
    aliases: ["B702", "S702"],
    docs: {
      what:
        "`mako.template.Template(...)` and `mako.lookup.TemplateLookup(...)` (by any import path) created " +
        "without a `default_filters` list containing the escaping filter `\"h\"` (or `\"x\"`): Mako escapes " +
        "nothing by default. Not reported: a `default_filters` that includes `\"h\"`, a `default_filters` taken " +
        "from a variable (an explicit choice pyward cannot see), calls passing `**options`, and a constant " +
        "template text that escapes itself with `<%page expression_filter=\"h\"/>`. Templates loaded from a " +
        "file whose name says it is not HTML (`alembic/script.py.mako`, `.txt`, `.sql`…) are reported with low " +
        "confidence.",
      why:
        "Every `${value}` is written into the page as is: a name, comment or query parameter holding `<script>` " +
        "runs in the browsers of everyone who views the page (cross-site scripting). Escaping by default makes " +
        "the unsafe case the one that has to be written out (`${trusted_html | n}`).",
      bad: 'from mako.lookup import TemplateLookup\n\nlookup = TemplateLookup(directories=["templates"])\n',
      good:
        'from mako.lookup import TemplateLookup\n\nlookup = TemplateLookup(directories=["templates"], default_filters=["str", "h"])\n',
      references: [
        "CWE-79",
        "CWE-116",
        "https://docs.makotemplates.org/en/latest/filtering.html#the-default-filters-argument",
        "https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;

    const check = (call: Node, kind: "Template" | "TemplateLookup"): void => {
      const a = model.args(call);
      const filters = a.keywords.get("default_filters");
      let problem: string;
      const v = filters ? model.constant(filters) : null;
      if (filters && v !== null) {
        if (!Array.isArray(v)) return; // from a variable: an explicit choice
        if (v.some((f) => typeof f === "string" && ESCAPING_FILTERS.has(f.trim()))) return;
        problem = `with default_filters=${filters.text.length > 40 ? "[…]" : filters.text} (no "h") escapes nothing`;
      } else {
        if (a.hasDoubleStar) return;
        problem = "without default_filters escapes nothing";
      }
      let confidence: "low" | undefined;
      if (kind === "Template") {
        const text = model.constant(model.arg(call, 0, "text"));
        if (typeof text === "string" && pageEscapes(text)) return;
        const file = model.constant(model.arg(call, 1, "filename"));
        if (typeof file === "string" && NOT_HTML.test(file)) confidence = "low";
      }
      ctx.report(call, `Mako ${kind}() ${problem}, so variables are rendered as raw HTML; pass default_filters=["str", "h"]`, confidence ? { confidence } : {});
    };

    const handlers: Record<string, Handler> = {
      "mako.template.Template": (call) => check(call, "Template"),
      "mako.lookup.TemplateLookup": (call) => check(call, "TemplateLookup"),
    };
    return handlers;
  },
});
