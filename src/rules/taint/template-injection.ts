import { defineTaintRule } from "./define.js";

/** PW258: Untrusted input becomes the source text of a template. */
export default defineTaintRule(
  { kind: "template", what: "the source of a template", advice: "load templates from files and pass input as template variables" },
  {
    code: "PW258",
    name: "template-injection",
    practice: "output-escaping",
    cwe: [1336],
    severity: "high",
    confidence: "high",
    aliases: [],
    docs: {
      what: "Untrusted input becomes the source text of a template: `render_template_string`, `jinja2.Template`, `Environment.from_string`, Django `Template`, Mako and Tornado templates.",
      why: "Template languages can reach Python objects: `{{ ''.__class__.__mro__ }}` style payloads read secrets and run code on the server (server-side template injection).",
      bad: "name = request.args[\"name\"]\nreturn render_template_string(\"<h1>Hello \" + name + \"</h1>\")\n",
      good: "name = request.args[\"name\"]\nreturn render_template_string(\"<h1>Hello {{ name }}</h1>\", name=name)\n",
      references: ["CWE-1336", "https://portswigger.net/web-security/server-side-template-injection"],
    },
  },
);
