import { defineTaintRule } from "./define.js";

/** PW257: Untrusted input chooses the URL (or host) of a request the server sends. */
export default defineTaintRule(
  { kind: "url", what: "the URL of an outgoing request", advice: "fix the host and let input choose only a path or a parameter, or check the host against an allow-list" },
  {
    code: "PW257",
    name: "server-side-request-forgery",
    practice: "input-validation",
    cwe: [918],
    severity: "high",
    confidence: "high",
    aliases: [],
    docs: {
      what: "Untrusted input chooses the URL (or host) of a request the server sends: `requests`, `httpx`, `aiohttp` clients, `urllib.request.urlopen`, `http.client`, `urllib3`.",
      why: "The server becomes the attacker's proxy: it reaches internal services, cloud metadata endpoints (credentials) and hosts behind the firewall (server-side request forgery).",
      bad: "url = request.args[\"url\"]\nresp = requests.get(url, timeout=5)\n",
      good: "item = request.args[\"item\"]\nresp = requests.get(\"https://api.example.com/items/\" + quote(item), timeout=5)\n",
      references: ["CWE-918", "https://cheatsheetseries.owasp.org/cheatsheets/Server_Side_Request_Forgery_Prevention_Cheat_Sheet.html"],
    },
  },
);
