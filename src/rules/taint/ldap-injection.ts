import { defineTaintRule } from "./define.js";

/** PW261: Untrusted input is built into an LDAP search filter or base DN. */
export default defineTaintRule(
  { kind: "ldap", what: "an LDAP search", advice: "escape it with escape_filter_chars (or escape_rdn for DNs) before building the filter" },
  {
    code: "PW261",
    name: "ldap-injection",
    practice: "input-validation",
    cwe: [90],
    severity: "high",
    confidence: "high",
    aliases: [],
    docs: {
      what: "Untrusted input is built into an LDAP search filter or base DN: python-ldap `search*`, ldap3 `Connection.search`.",
      why: "Filter syntax in the input (`*`, `)(`, `|`) changes what the directory returns: an attacker lists other accounts or bypasses an authentication filter (LDAP injection).",
      bad: "user = request.args[\"user\"]\nconn.search_s(BASE, ldap.SCOPE_SUBTREE, \"(uid=\" + user + \")\")\n",
      good: "user = escape_filter_chars(request.args[\"user\"])\nconn.search_s(BASE, ldap.SCOPE_SUBTREE, \"(uid=\" + user + \")\")\n",
      references: ["CWE-90", "https://cheatsheetseries.owasp.org/cheatsheets/LDAP_Injection_Prevention_Cheat_Sheet.html"],
    },
  },
);
