import { defineRule, type Handler } from "../types.js";
import { isSslName, SSL_MODULES, WRAP_SOCKET_FUNCTIONS } from "../../model/knowledge/tls.js";
import { calleeName, qualifiedName, rootsOf } from "../util/qualified.js";

/** Parameter positions of `ssl.wrap_socket(sock, keyfile, certfile, server_side, cert_reqs, ssl_version, ca_certs, …)`. */
const SERVER_SIDE = 3;
const CERT_REQS = 4;
const SSL_VERSION = 5;

/** The packages of {@link WRAP_SOCKET_FUNCTIONS}: a file that can name none of them has nothing to report. */
const ROOTS = rootsOf(WRAP_SOCKET_FUNCTIONS);

/** PW307: the module-level `ssl.wrap_socket`, which neither checks host names nor (by default) certificates. */
export default defineRule({
  meta: {
    code: "PW307",
    name: "ssl-wrap-socket",
    practice: "other",
    cwe: [295, 297],
    severity: "high",
    confidence: "high",
    aliases: ["B504", "S504"],
    skipInTests: true,
    docs: {
      what:
        "Calls of the module-level `ssl.wrap_socket` (deprecated since Python 3.7, removed in 3.12). On the client " +
        "side it is flagged with high severity unless `cert_reqs=ssl.CERT_REQUIRED`, and with medium severity even " +
        "then, because it never checks the host name; on the server side (`server_side=True`) it is flagged with low " +
        "severity when no `ssl_version` is given, since it offers no way to set a minimum version. Bandit and Ruff " +
        "(B504/S504) only ask for an `ssl_version`, which does not make a client connection safe; a broken " +
        "`ssl_version` value is reported by PW306.",
      why:
        "By default `ssl.wrap_socket` uses `CERT_NONE`: the client encrypts to whoever answers, so any machine on " +
        "the path can present its own certificate and read or alter the traffic. Even with `CERT_REQUIRED` it " +
        "accepts a valid certificate issued for any other host name.",
      bad: "import socket, ssl\n\nraw = socket.create_connection((host, 443))\nconn = ssl.wrap_socket(raw)\n",
      good:
        "import socket, ssl\n\ncontext = ssl.create_default_context()\nraw = socket.create_connection((host, 443))\n" +
        "conn = context.wrap_socket(raw, server_hostname=host)\n",
      references: [
        "CWE-295",
        "CWE-297",
        "https://docs.python.org/3.11/library/ssl.html#ssl.wrap_socket",
        "https://cheatsheetseries.owasp.org/cheatsheets/Transport_Layer_Security_Cheat_Sheet.html",
      ],
    },
  },
  create(ctx): Record<string, Handler> {
    const { model } = ctx;
    if (!model.mayName(ROOTS)) return {};
    return {
      call(call) {
        const name = calleeName(model, call, SSL_MODULES);
        if (!name || !WRAP_SOCKET_FUNCTIONS.has(name)) return;
        const serverSide = model.truthy(model.arg(call, SERVER_SIDE, "server_side"));
        if (serverSide === true) {
          if (model.arg(call, SSL_VERSION, "ssl_version")) return;
          ctx.report(
            call,
            "ssl.wrap_socket on the server side cannot set a minimum TLS version (and is removed in Python 3.12); use ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER) with minimum_version = ssl.TLSVersion.TLSv1_2",
            { severity: "low" },
          );
          return;
        }
        // `**kwargs` (or `*args` reaching the option positions) may carry server_side or cert_reqs
        const args = model.args(call);
        const hidden = (args.hasDoubleStar && !args.keywords.has("cert_reqs")) || (args.starAt >= 0 && args.starAt <= CERT_REQS);
        const confidence = hidden ? "low" : serverSide === undefined && model.arg(call, SERVER_SIDE, "server_side") ? "medium" : "high";
        const reqsNode = model.arg(call, CERT_REQS, "cert_reqs");
        const reqs = qualifiedName(model, reqsNode, SSL_MODULES);
        if (isSslName(reqs, "CERT_REQUIRED") || isSslName(reqs, "CERT_OPTIONAL")) {
          ctx.report(
            call,
            "ssl.wrap_socket never checks the server's host name, so any valid certificate for another host is accepted; use ssl.create_default_context().wrap_socket(sock, server_hostname=host)",
            { severity: "medium", confidence },
          );
          return;
        }
        if (reqsNode && !isSslName(reqs, "CERT_NONE") && model.constant(reqsNode) !== 0) {
          ctx.report(
            call,
            "ssl.wrap_socket never checks the server's host name and verifies certificates only if cert_reqs is CERT_REQUIRED at run time; use ssl.create_default_context().wrap_socket(sock, server_hostname=host)",
            { confidence: "medium" },
          );
          return;
        }
        ctx.report(
          call,
          "ssl.wrap_socket verifies no certificate by default (cert_reqs=CERT_NONE) and no host name; use ssl.create_default_context().wrap_socket(sock, server_hostname=host)",
          { confidence },
        );
      },
    };
  },
});
