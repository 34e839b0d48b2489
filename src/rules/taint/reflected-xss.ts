import { defineTaintRule } from "./define.js";

/** PW255: Untrusted input reaches an HTML response body without escaping. */
export default defineTaintRule(
  { kind: "html", what: "an HTML response", advice: "escape it (markupsafe.escape, html.escape) or render it through an autoescaping template" },
  {
    code: "PW255",
    name: "reflected-xss",
    practice: "output-escaping",
    cwe: [79],
    severity: "high",
    confidence: "high",
    aliases: [],
    docs: {
      what: "Untrusted input reaches an HTML response body without escaping: a string returned by a Flask view (or a FastAPI route with an HTML response class), `make_response`, `Response`, Django `HttpResponse`, `HTMLResponse`, or markup declared safe (`Markup`, `mark_safe`, `format_html`'s format string).",
      why: "The browser runs any `<script>` or event handler in the input in the site's origin: an attacker who sends a victim a crafted link reads their session and acts as them (reflected cross-site scripting).",
      bad: "q = request.args.get(\"q\")\nreturn f\"<p>Results for {q}</p>\"\n",
      good: "q = request.args.get(\"q\")\nreturn f\"<p>Results for {escape(q)}</p>\"\n",
      references: ["CWE-79", "https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html"],
    },
  },
);
