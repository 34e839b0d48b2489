import { defineTaintRule } from "./define.js";

/** PW256: Untrusted input chooses where a response redirects. */
export default defineTaintRule(
  { kind: "redirect", what: "a redirect target", advice: "redirect only to relative paths or to hosts checked against an allow-list (urlparse(target).netloc in ALLOWED)" },
  {
    code: "PW256",
    name: "open-redirect",
    practice: "input-validation",
    cwe: [601],
    severity: "high",
    confidence: "high",
    aliases: [],
    docs: {
      what: "Untrusted input chooses where a response redirects: Flask/Werkzeug `redirect`, Django `redirect`/`HttpResponseRedirect`, Starlette `RedirectResponse`, aiohttp `HTTPFound`. A target built after a fixed host or path prefix (`\"/profile/\" + name`) is not reported.",
      why: "A link to the trusted site that bounces to an attacker's page makes phishing credible and can leak tokens in the URL (open redirect).",
      bad: "target = request.args.get(\"next\")\nreturn redirect(target)\n",
      good: "target = request.args.get(\"next\", \"/\")\nif urlparse(target).netloc in ALLOWED_HOSTS:\n    return redirect(target)\nreturn redirect(\"/\")\n",
      references: ["CWE-601", "https://cheatsheetseries.owasp.org/cheatsheets/Unvalidated_Redirects_and_Forwards_Cheat_Sheet.html"],
    },
  },
);
