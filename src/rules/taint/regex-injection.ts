import { defineTaintRule } from "./define.js";

/** PW263: Untrusted input is compiled as a regular expression pattern. */
export default defineTaintRule(
  { kind: "regex", what: "a regular expression", advice: "escape it with re.escape, or match it as plain text" },
  {
    code: "PW263",
    name: "regex-injection",
    practice: "regex",
    cwe: [730],
    severity: "high",
    confidence: "high",
    aliases: [],
    docs: {
      what: "Untrusted input is compiled as a regular expression pattern: `re.compile`, `re.search`/`match`/`fullmatch`/`findall`/`sub`/`split`, the `regex` module.",
      why: "A pattern chosen by an attacker can backtrack for minutes on a short input, tying up a worker per request (regular-expression denial of service), or match more than the code expects.",
      bad: "pattern = request.args[\"q\"]\nhits = [n for n in names if re.search(pattern, n)]\n",
      good: "pattern = re.escape(request.args[\"q\"])\nhits = [n for n in names if re.search(pattern, n)]\n",
      references: ["CWE-730", "CWE-1333", "https://owasp.org/www-community/attacks/Regular_expression_Denial_of_Service_-_ReDoS"],
    },
  },
);
