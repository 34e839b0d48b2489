import { defineTaintRule } from "./define.js";

/** PW260: Untrusted input is spliced into an XPath expression. */
export default defineTaintRule(
  { kind: "xpath", what: "an XPath expression", advice: "pass the value as an XPath variable (tree.xpath(\"//u[@name=$n]\", n=value))" },
  {
    code: "PW260",
    name: "xpath-injection",
    practice: "input-validation",
    cwe: [643],
    severity: "high",
    confidence: "high",
    aliases: [],
    docs: {
      what: "Untrusted input is spliced into an XPath expression: `xpath()` of lxml elements and trees, `lxml.etree.XPath`.",
      why: "Quotes in the input close the literal and change the query: an attacker selects other nodes than intended, e.g. bypasses a login check stored in XML (XPath injection).",
      bad: "name = request.args[\"name\"]\nusers = tree.xpath(\"//user[@name='\" + name + \"']\")\n",
      good: "name = request.args[\"name\"]\nusers = tree.xpath(\"//user[@name=$name]\", name=name)\n",
      references: ["CWE-643", "https://owasp.org/www-community/attacks/XPATH_Injection"],
    },
  },
);
