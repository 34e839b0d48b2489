import { defineTaintRule } from "./define.js";

/** PW265: Untrusted input is stored in the session (`flask. */
export default defineTaintRule(
  { kind: "session", what: "the session", advice: "validate it against the expected values before storing it, and keep authorization data (roles, ids) server-side" },
  {
    code: "PW265",
    name: "trust-boundary-violation",
    practice: "input-validation",
    cwe: [501],
    severity: "high",
    confidence: "high",
    aliases: [],
    docs: {
      what: "Untrusted input is stored in the session (`flask.session[...]`, Django and Starlette `request.session[...]`) without validation, mixing client-supplied data with data the application trusts.",
      why: "Code that later reads the session treats its values as the application's own: a role, user id or flag copied from a header or parameter lets the client grant itself privileges (trust boundary violation).",
      bad: "session[\"role\"] = request.headers.get(\"X-Role\")\n",
      good: "role = request.headers.get(\"X-Role\")\nif role in {\"viewer\", \"editor\"}:\n    session[\"role\"] = role\n",
      references: ["CWE-501", "https://cwe.mitre.org/data/definitions/501.html"],
    },
  },
);
