import { defineRule, KEYED, type Handlers } from "../types.js";
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";
import { CLIENT_CALL_NAMES, CLIENT_CALLS, SESSION_TYPES_WITH_VERIFY, type RequestCall } from "../../model/knowledge/http-clients.js";

/**
 * True when `node` is a constant that turns verification off: `False`, `0`, `""`. `None` is not: requests
 * reads it as "use the session's setting", which verifies by default.
 */
function disables(model: ModuleModel, node: Node | undefined): boolean {
  if (!node) return false;
  const v = model.constant(node);
  return v !== undefined && v !== null && model.truthy(node) === false;
}

/** PW603: TLS certificate verification switched off on an HTTP client. */
export default defineRule({
  meta: {
    code: "PW603",
    name: "tls-verification-disabled",
    practice: "other",
    cwe: [295],
    severity: "high",
    confidence: "high",
    aliases: ["B501", "S501"],
    docs: {
      what:
        "`verify=False` (or another false constant) on `requests` functions and `requests.Session` methods, on " +
        "`httpx` functions, `httpx.Client`/`httpx.AsyncClient` and their methods, `ssl=False`/`verify_ssl=False` " +
        "on `aiohttp` sessions and connectors, and `session.verify = False` on a requests session.",
      why:
        "Without certificate verification the client accepts any certificate, so anyone on the network path " +
        "(public Wi-Fi, a compromised router, a proxy) can impersonate the server, read the traffic and alter " +
        "responses — credentials and tokens sent over that connection are exposed.",
      bad: 'requests.get("https://internal.example/api", verify=False, timeout=10)\n',
      good:
        'requests.get("https://internal.example/api", verify="/etc/ssl/internal-ca.pem", timeout=10)\n',
      references: [
        "CWE-295",
        "https://requests.readthedocs.io/en/latest/user/advanced/#ssl-cert-verification",
        "https://www.python-httpx.org/advanced/ssl/",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;
    const check = (call: Node, spec: RequestCall): void => {
      if (spec.library === "aiohttp") {
        const ssl = model.arg(call, undefined, "ssl") ?? model.arg(call, undefined, "verify_ssl");
        if (disables(model, ssl)) ctx.report(call, `${spec.label} with certificate verification off (ssl=False); remove it or pass an ssl.SSLContext that trusts your CA`);
        return;
      }
      const verify = model.arg(call, spec.verifyPos, "verify");
      if (disables(model, verify)) {
        const shown = verify!.text.length <= 24 ? verify!.text : `${verify!.text.slice(0, 21)}…`;
        ctx.report(call, `${spec.label} with TLS certificate verification off (verify=${shown}); remove it, or pass verify="/path/to/ca-bundle.pem"`);
      }
    };
    const handlers: Handlers = {
      "aiohttp.TCPConnector"(call) {
        const ssl = model.arg(call, undefined, "ssl") ?? model.arg(call, undefined, "verify_ssl");
        if (disables(model, ssl)) ctx.report(call, "aiohttp.TCPConnector with certificate verification off; remove ssl=False or pass an ssl.SSLContext that trusts your CA");
      },
      assignment(node) {
        const left = node.childForFieldName("left");
        const right = node.childForFieldName("right");
        if (left?.type !== "attribute" || left.childForFieldName("attribute")?.text !== "verify" || !right) return;
        const type = model.typeOf(left.childForFieldName("object"));
        if (!type || !SESSION_TYPES_WITH_VERIFY.has(type)) return;
        if (disables(model, right)) {
          ctx.report(node, "session.verify set to a false value: every request of this session skips TLS certificate checks; point it at a CA bundle instead");
        }
      },
      [KEYED]: [{ keys: CLIENT_CALL_NAMES, handler: (call, name) => check(call, CLIENT_CALLS[name]) }],
    };
    return handlers;
  },
});
