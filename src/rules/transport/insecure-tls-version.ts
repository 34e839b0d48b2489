import { defineRule, type Handler } from "../types.js";
import type { Node } from "../../parse/parser.js";
import type { Confidence } from "../../engine/finding.js";
import {
  brokenProtocol,
  isMinimumSupported,
  PROTOCOL_KEYS,
  SSL_MODULES,
  VERSION_BOUND_ATTRIBUTES,
  type BrokenProtocol,
} from "../../model/knowledge/tls.js";
import { lastSegment, qualifiedName, rootsOf } from "../util/qualified.js";
import { assignmentChain } from "../util/assignment.js";

const STAR_ROOTS = [...SSL_MODULES, "OpenSSL.SSL"];
/** The packages of every name this rule reports (`brokenProtocol`, `isMinimumSupported`): a file that can name none has nothing to report. */
const ROOTS = rootsOf(STAR_ROOTS);

/** PW306: SSL 2/3 or TLS 1.0/1.1 chosen for a connection, as an argument, a version bound or a parameter default. */
export default defineRule({
  meta: {
    code: "PW306",
    name: "insecure-tls-version",
    practice: "other",
    cwe: [326, 327],
    severity: "medium",
    confidence: "high",
    aliases: ["B502", "S502", "B503", "S503"],
    skipInTests: true,
    docs: {
      what:
        "A broken protocol version selected for TLS: `ssl.PROTOCOL_SSLv2/SSLv3/TLSv1/TLSv1_1` or pyOpenSSL's " +
        "`SSLv2_METHOD/SSLv3_METHOD/TLSv1_METHOD/TLSv1_1_METHOD` passed to any call (`ssl.SSLContext(...)`, " +
        "`wrap_socket(ssl_version=...)`, `OpenSSL.SSL.Context(...)`, urllib3…), `ssl.TLSVersion.SSLv3/TLSv1/TLSv1_1` " +
        "or pyOpenSSL `TLS1_VERSION`-style constants as a version bound (`ctx.minimum_version = ...`, " +
        "`set_min_proto_version(...)`), `TLSVersion.MINIMUM_SUPPORTED` as the minimum, the same constants under a " +
        "protocol key of a settings dictionary (`{\"ssl_version\": ...}`), and as the default value of a function " +
        "parameter. It merges Bandit/Ruff B502/S502 (calls) and B503/S503 (parameter defaults, reported with medium " +
        "confidence since callers may override them). Unlike the peers it does not flag `SSLv23_METHOD`, which " +
        "negotiates the best version both sides support.",
      why:
        "SSL 2.0 and 3.0 are broken (DROWN, POODLE) and TLS 1.0/1.1 are deprecated by RFC 8996: they lack modern " +
        "cipher suites and are open to downgrade and padding-oracle attacks. Pinning or allowing them lets a " +
        "network attacker decrypt or tamper with the traffic, and fails PCI DSS and similar baselines.",
      bad: "import ssl\n\ncontext = ssl.SSLContext(ssl.PROTOCOL_TLSv1)\ncontext.minimum_version = ssl.TLSVersion.TLSv1\n",
      good:
        "import ssl\n\ncontext = ssl.create_default_context()\ncontext.minimum_version = ssl.TLSVersion.TLSv1_2\n",
      references: [
        "CWE-326",
        "CWE-327",
        "https://datatracker.ietf.org/doc/html/rfc8996",
        "https://cheatsheetseries.owasp.org/cheatsheets/Transport_Layer_Security_Cheat_Sheet.html",
        "https://docs.python.org/3/library/ssl.html#ssl.SSLContext.minimum_version",
      ],
    },
  },
  create(ctx): Record<string, Handler> {
    const { model } = ctx;
    if (!model.mayName(ROOTS)) return {};
    const nameOf = (node: Node | null | undefined): string | undefined => qualifiedName(model, node, STAR_ROOTS);
    const describe = (name: string, p: BrokenProtocol): string => `${p.label} (${lastSegment(name)})`;

    /** Reports `value` when it names a broken protocol; `bound` says it sets a minimum/maximum version. */
    const check = (value: Node | null | undefined, where: string, confidence?: Confidence, bound?: "minimum" | "maximum"): void => {
      if (!value) return;
      const name = nameOf(value);
      if (!name) return;
      const p = brokenProtocol(name);
      if (p) {
        const verb = bound === "maximum" ? "caps connections at" : bound === "minimum" || p.kind === "version" ? "allows" : "pins connections to";
        ctx.report(value, `${where} ${verb} ${describe(name, p)}, ${p.why}; require TLS 1.2 or later (ssl.TLSVersion.TLSv1_2)`, {
          severity: p.severity,
          ...(confidence ? { confidence } : {}),
        });
        return;
      }
      if (bound === "minimum" && isMinimumSupported(name)) {
        ctx.report(value, `${where} sets no real floor (TLSVersion.MINIMUM_SUPPORTED lets in whatever old version OpenSSL still speaks); use ssl.TLSVersion.TLSv1_2`, {
          confidence: confidence ?? "medium",
        });
      }
    };

    const boundOf = (key: string | undefined): "minimum" | "maximum" | undefined =>
      key && /min/.test(key) ? "minimum" : key && /max/.test(key) ? "maximum" : undefined;

    const parameterDefault: Handler = (param) => {
      check(param.childForFieldName("value"), "parameter default", "medium");
    };

    return {
      call(call) {
        const method = model.methodName(call);
        if (method && /^assert/.test(method)) return; // comparing against the constant in a test
        const list = call.childForFieldName("arguments");
        if (!list || list.type !== "argument_list") return;
        const bound = method === "set_min_proto_version" ? "minimum" : method === "set_max_proto_version" ? "maximum" : undefined;
        for (const a of list.namedChildren) {
          if (!a) continue;
          if (a.type === "keyword_argument") {
            const key = a.childForFieldName("name")?.text;
            check(a.childForFieldName("value"), `${key}=`, undefined, boundOf(key));
          } else if (a.type === "identifier" || a.type === "attribute") {
            const fn = call.childForFieldName("function")?.text ?? "";
            check(a, fn && fn.length <= 40 ? `${fn}(...)` : "call argument", undefined, bound);
          }
        }
      },
      assignment(node) {
        const chain = assignmentChain(node);
        if (!chain?.value) return;
        for (const target of chain.targets) {
          if (target.type !== "attribute") continue;
          const attr = target.childForFieldName("attribute")?.text;
          if (!attr || !VERSION_BOUND_ATTRIBUTES.has(attr)) continue;
          check(chain.value, attr, undefined, boundOf(attr));
        }
      },
      pair(node) {
        const key = model.constant(node.childForFieldName("key"));
        if (typeof key !== "string" || !PROTOCOL_KEYS.has(key)) return;
        check(node.childForFieldName("value"), `"${key}" setting`, undefined, boundOf(key));
      },
      default_parameter: parameterDefault,
      typed_default_parameter: parameterDefault,
    };
  },
});
