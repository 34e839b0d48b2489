import { defineTaintRule } from "./define.js";

/** PW266: Untrusted input is written into an HTTP response header. */
export default defineTaintRule(
  { kind: "header", what: "an HTTP response header", advice: "remove CR and LF from it, or encode it (urllib.parse.quote)" },
  {
    code: "PW266",
    name: "header-injection",
    practice: "input-validation",
    cwe: [113],
    severity: "high",
    confidence: "high",
    aliases: [],
    docs: {
      what: "Untrusted input is written into an HTTP response header: `response.headers[...]`, Django `response[...]`, `headers=` of a response, `send_header` of `http.server`.",
      why: "A CR LF in the value ends the header: an attacker adds headers (cookies) or a whole forged body to the response (HTTP response splitting).",
      bad: "resp = make_response(\"ok\")\nresp.headers[\"X-Name\"] = request.args[\"name\"]\n",
      good: "resp = make_response(\"ok\")\nresp.headers[\"X-Name\"] = quote(request.args[\"name\"])\n",
      references: ["CWE-113", "https://owasp.org/www-community/attacks/HTTP_Response_Splitting"],
    },
  },
);
