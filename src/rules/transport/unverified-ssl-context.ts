import { defineRule, type Handler } from "../types.js";
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";
import {
  isSslName,
  PYOPENSSL_VERIFY_NONE,
  SSL_CONTEXT_TYPES,
  SSL_MODULES,
  UNVERIFIED_CONTEXT_FACTORIES,
  WRAP_SOCKET_FUNCTIONS,
} from "../../model/knowledge/tls.js";
import { calleeName, qualifiedName, rootsOf } from "../util/qualified.js";
import { assignmentChain } from "../util/assignment.js";

const STAR_ROOTS = [...SSL_MODULES, "OpenSSL.SSL"];
/** The packages of every name this rule looks for (contexts, factories, constants). */
const ROOTS = rootsOf(STAR_ROOTS);

/** True for `ssl.CERT_NONE` (any ssl-like module) or urllib3's string spellings of it. */
function isCertNone(model: ModuleModel, node: Node | undefined): boolean {
  if (!node) return false;
  if (isSslName(qualifiedName(model, node, SSL_MODULES), "CERT_NONE")) return true;
  const v = model.constant(node);
  return typeof v === "string" && /^(?:CERT_)?NONE$/i.test(v);
}

/**
 * True when the call creates a server-side context, where not verifying the peer (the client) is the normal
 * default: `create_default_context(Purpose.CLIENT_AUTH)`, `SSLContext(PROTOCOL_TLS_SERVER)`.
 */
function createsServerContext(model: ModuleModel, call: Node): boolean {
  const name = calleeName(model, call, SSL_MODULES);
  if (!name) return false;
  if (SSL_MODULES.some((m) => name === `${m}.create_default_context`) || UNVERIFIED_CONTEXT_FACTORIES.has(name)) {
    const purpose = name.endsWith("create_default_context") ? model.arg(call, 0, "purpose") : model.arg(call, undefined, "purpose");
    return isSslName(qualifiedName(model, purpose, SSL_MODULES), "Purpose.CLIENT_AUTH");
  }
  if (SSL_CONTEXT_TYPES.has(name)) return isSslName(qualifiedName(model, model.arg(call, 0, "protocol"), SSL_MODULES), "PROTOCOL_TLS_SERVER");
  return false;
}

/**
 * What a context-holding expression is: a server context, a known client-capable `SSLContext`, `self` (a
 * class setting its own attribute: often a context look-alike stating defaults), or unknown.
 */
function contextKind(model: ModuleModel, receiver: Node | null): "server" | "context" | "self" | "unknown" {
  if (!receiver) return "unknown";
  if (receiver.type === "identifier" && receiver.text === "self") return "self";
  let value: Node | undefined = receiver;
  if (receiver.type === "identifier") {
    const b = model.lookup(receiver.text, receiver.startIndex);
    value = b && (b.kind === "assign" || b.kind === "with" || b.kind === "walrus") ? b.value : undefined;
  }
  if (value?.type === "call" && createsServerContext(model, value)) return "server";
  const type = model.typeOf(receiver);
  return type && SSL_CONTEXT_TYPES.has(type) ? "context" : "unknown";
}

/** PW308: an `ssl` context that skips certificate or host-name verification. */
export default defineRule({
  meta: {
    code: "PW308",
    name: "unverified-ssl-context",
    practice: "other",
    cwe: [295, 297],
    severity: "high",
    confidence: "high",
    aliases: ["B323", "S323"],
    skipInTests: true,
    docs: {
      what:
        "TLS contexts that do not verify the peer: calls of `ssl._create_unverified_context` and its alias " +
        "`ssl._create_stdlib_context` (unless they ask for `cert_reqs=CERT_REQUIRED` and `check_hostname=True`), " +
        "installing one process-wide (`ssl._create_default_https_context = ssl._create_unverified_context`), " +
        "`ctx.check_hostname = False` and `ctx.verify_mode = ssl.CERT_NONE` on a client context, " +
        "`cert_reqs=ssl.CERT_NONE` (or `\"CERT_NONE\"`) passed to any call such as urllib3's `PoolManager`, and " +
        "pyOpenSSL's `set_verify(VERIFY_NONE, …)` (medium confidence: also normal on servers). Server contexts " +
        "(`create_default_context(ssl.Purpose.CLIENT_AUTH)`, `SSLContext(ssl.PROTOCOL_TLS_SERVER)`) are not flagged. " +
        "When the object's type is unknown, the attribute assignments are reported with medium confidence (low " +
        "for `self.…`, typically a wrapper class stating defaults). Bandit " +
        "and Ruff (B323/S323) only flag the `_create_unverified_context` call.",
      why:
        "A client that skips certificate or host-name checks talks to whoever answers: an attacker on the network " +
        "path presents any certificate and reads or modifies everything, credentials included. Patching the " +
        "default HTTPS context turns the check off for every `urllib` request in the process.",
      bad:
        "import ssl, urllib.request\n\ncontext = ssl.create_default_context()\ncontext.check_hostname = False\n" +
        "context.verify_mode = ssl.CERT_NONE\nurllib.request.urlopen(url, context=context)\n",
      good:
        "import ssl, urllib.request\n\ncontext = ssl.create_default_context(cafile=\"/etc/ssl/internal-ca.pem\")\n" +
        "urllib.request.urlopen(url, context=context)\n",
      references: [
        "CWE-295",
        "CWE-297",
        "https://docs.python.org/3/library/ssl.html#ssl-security",
        "https://peps.python.org/pep-0476/",
        "https://cheatsheetseries.owasp.org/cheatsheets/Transport_Layer_Security_Cheat_Sheet.html",
      ],
    },
  },
  create(ctx): Record<string, Handler> {
    const { model } = ctx;
    // what can matter in this file: names of the ssl-like modules, and the spelled-out keyword and attributes
    const sslNames = model.mayName(ROOTS);
    const certReqs = ctx.file.text.includes("cert_reqs");
    const attributes = ctx.file.text.includes("check_hostname") || ctx.file.text.includes("verify_mode");
    const handlers: Record<string, Handler> = {
      call(call) {
        const name = sslNames ? calleeName(model, call, STAR_ROOTS) : undefined;
        if (name && UNVERIFIED_CONTEXT_FACTORIES.has(name)) {
          if (createsServerContext(model, call)) return;
          const reqs = qualifiedName(model, model.arg(call, undefined, "cert_reqs"), SSL_MODULES);
          const verifies = isSslName(reqs, "CERT_REQUIRED") && model.truthy(model.arg(call, undefined, "check_hostname")) === true;
          if (verifies) return;
          const short = name.slice(name.lastIndexOf(".") + 1);
          ctx.report(call, `ssl.${short}() builds a context that checks neither certificates nor host names; use ssl.create_default_context() (with cafile= for a private CA)`);
          return;
        }
        if (name && WRAP_SOCKET_FUNCTIONS.has(name)) return; // PW307 reports ssl.wrap_socket
        const method = model.methodName(call);
        if (method === "set_verify") {
          const mode = model.arg(call, 0, "mode");
          if (qualifiedName(model, mode, STAR_ROOTS) === PYOPENSSL_VERIFY_NONE) {
            ctx.report(call, "set_verify(VERIFY_NONE) turns off peer certificate verification; on a client use VERIFY_PEER with trusted CA locations", {
              confidence: "medium",
            });
          }
          return;
        }
        if (!certReqs) return;
        const reqs = model.arg(call, undefined, "cert_reqs");
        if (isCertNone(model, reqs) && model.truthy(model.arg(call, undefined, "server_side")) !== true) {
          ctx.report(reqs!, "cert_reqs=CERT_NONE accepts any certificate; require verification (CERT_REQUIRED) against a trusted CA bundle");
        }
      },
      assignment(node) {
        const chain = assignmentChain(node);
        if (!chain?.value) return;
        const value = chain.value;
        for (const target of chain.targets) {
          if (target.type !== "attribute") continue;
          const attr = target.childForFieldName("attribute")?.text;
          if (attr === "check_hostname" || attr === "verify_mode") {
            const off = attr === "check_hostname" ? model.isFalse(value) && model.constant(value) !== null : isCertNone(model, value);
            if (!off) continue;
            const kind = contextKind(model, target.childForFieldName("object"));
            if (kind === "server") continue;
            const message =
              attr === "check_hostname"
                ? "check_hostname = False accepts a valid certificate issued for any other host; keep host-name checking on"
                : "verify_mode = CERT_NONE accepts any certificate, so anyone on the path can impersonate the server; keep CERT_REQUIRED and load the CA you trust";
            ctx.report(node, message, { confidence: kind === "context" ? "high" : kind === "self" ? "low" : "medium", statement: node });
            continue;
          }
          // `ssl._create_default_https_context = ssl._create_unverified_context` turns verification off process-wide
          if (!sslNames) continue;
          const assigned = qualifiedName(model, value, STAR_ROOTS);
          if (assigned && UNVERIFIED_CONTEXT_FACTORIES.has(assigned)) {
            ctx.report(node, `installing ${assigned.slice(assigned.lastIndexOf(".") + 1)} as a default turns off certificate and host-name checks for every connection that uses it`);
          }
        }
      },
    };
    if (!sslNames && !certReqs && !attributes) return {};
    if (!sslNames && !attributes) delete handlers.assignment;
    return handlers;
  },
});
