import { defineRule, type Handler } from "../types.js";
import { EASYSNMP_SESSION_CALLS, PYSNMP_COMMUNITY_CALLS, PYSNMP_ROOT } from "../../model/knowledge/snmp.js";
import { calleeName, lastSegment, within } from "../util/qualified.js";

/** The packages this rule looks into (every name it judges lies in one): a file that can name neither has nothing to report. */
const STAR_ROOTS = [PYSNMP_ROOT, "easysnmp"];


/** PW311: SNMP configured for community-based v1/v2c instead of SNMPv3. */
export default defineRule({
  meta: {
    code: "PW311",
    name: "snmp-insecure-version",
    practice: "other",
    cwe: [319, 523],
    severity: "medium",
    confidence: "high",
    aliases: ["B508", "S508"],
    skipInTests: true,
    docs: {
      what:
        "SNMP access configured with a community string, i.e. SNMPv1 or v2c: every pysnmp `CommunityData(...)` " +
        "(any of its import paths, including `from pysnmp.hlapi import *`), pysnmp's `config.addV1System`, and " +
        "easysnmp sessions and helpers with `version=1` or `version=2`. Bandit and Ruff (B508/S508) only flag " +
        "`CommunityData` with an explicit `mpModel=0` or `1`, yet leaving `mpModel` out also means v2c, and " +
        "`CommunityData` can do nothing else.",
      why:
        "SNMPv1 and v2c send the community string — the only credential — in clear text with every packet and " +
        "have no integrity protection. Anyone who can sniff the management network learns it and can read device " +
        "configuration, or change it where the community has write access.",
      bad:
        "from pysnmp.hlapi import CommunityData, SnmpEngine, UdpTransportTarget, getCmd\n\n" +
        "auth = CommunityData(\"public\", mpModel=1)\n",
      good:
        "from pysnmp.hlapi import UsmUserData, usmHMAC192SHA256AuthProtocol, usmAesCfb128Protocol\n\n" +
        "auth = UsmUserData(user, auth_key, priv_key, authProtocol=usmHMAC192SHA256AuthProtocol, privProtocol=usmAesCfb128Protocol)\n",
      references: ["CWE-319", "CWE-523", "https://datatracker.ietf.org/doc/html/rfc3414", "https://pysnmp.readthedocs.io/"],
    },
  },
  create(ctx): Record<string, Handler> {
    const { model } = ctx;
    if (!model.mayName(STAR_ROOTS)) return {};
    return {
      call(call) {
        const name = calleeName(model, call, STAR_ROOTS);
        if (!name) return;
        if (within(name, PYSNMP_ROOT)) {
          const last = lastSegment(name);
          if (!Object.hasOwn(PYSNMP_COMMUNITY_CALLS, last)) return;
          const spec = PYSNMP_COMMUNITY_CALLS[last];
          const mp = spec.kw ? model.constant(model.arg(call, spec.mpModel, spec.kw)) : undefined;
          const version = mp === 0 ? "SNMPv1" : last === "CommunityData" && (mp === undefined || mp === null || mp === 1) ? "SNMPv2c" : "SNMPv1/v2c";
          if (typeof mp === "number" && mp > 1) return; // not a v1/v2c model number: leave it
          ctx.report(call, `${last} configures ${version}, which sends the community string in clear text and authenticates nothing; use SNMPv3 (UsmUserData) with authentication and privacy`);
          return;
        }
        if (Object.hasOwn(EASYSNMP_SESSION_CALLS, name)) {
          const version = model.constant(model.arg(call, EASYSNMP_SESSION_CALLS[name], "version"));
          if (version === 1 || version === 2) {
            ctx.report(call, `easysnmp with version=${version} uses SNMP${version === 1 ? "v1" : "v2c"}: the community string travels in clear text; use version=3 with security_level="auth_with_privacy"`);
          }
        }
      },
    };
  },
});
