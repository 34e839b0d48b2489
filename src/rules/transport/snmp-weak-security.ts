import { defineRule, type Handler } from "../types.js";
import type { Node } from "../../parse/parser.js";
import { LEVEL_RANK, type Severity } from "../../engine/finding.js";
import {
  EASYSNMP_SESSION_CALLS,
  EASYSNMP_WEAK_LEVELS,
  EASYSNMP_WEAK_PROTOCOLS,
  PYSNMP_ROOT,
  PYSNMP_USM_CALLS,
  WEAK_USM_PROTOCOLS,
  type WeakUsmProtocol,
} from "../../model/knowledge/snmp.js";
import { calleeName, lastSegment, refName, within } from "../util/qualified.js";

/** The packages this rule looks into (every name it judges lies in one): a file that can name neither has nothing to report. */
const STAR_ROOTS = [PYSNMP_ROOT, "easysnmp"];
const EASYSNMP_V3_KEYWORDS = ["security_level", "security_username", "auth_password", "privacy_password", "auth_protocol", "privacy_protocol"];

/** What one protocol slot says: weak (with why), fine, or unknown (computed at run time). */
type Verdict = WeakUsmProtocol | "ok" | "unknown";


/** PW312: an SNMPv3 user without authentication or encryption, or with MD5/DES (pysnmp's defaults). */
export default defineRule({
  meta: {
    code: "PW312",
    name: "snmp-weak-security",
    practice: "other",
    cwe: [287, 319, 327],
    severity: "medium",
    confidence: "high",
    aliases: ["B509", "S509"],
    skipInTests: true,
    docs: {
      what:
        "SNMPv3 user entries below authPriv with strong algorithms: pysnmp `UsmUserData` without an `authKey` " +
        "(noAuthNoPriv, high severity) or without a `privKey` (authNoPriv), with DES, Triple DES or no privacy " +
        "protocol, or with HMAC-MD5 authentication — including the implicit choices, since `UsmUserData(user, " +
        "auth_key, priv_key)` silently selects HMAC-MD5 and DES; pysnmp's `config.addV3User` with the same; and " +
        "easysnmp v3 sessions with a security level below `auth_with_privacy` or a DES/MD5 protocol. Bandit and " +
        "Ruff (B509/S509) only count `UsmUserData`'s positional arguments and accept the MD5/DES defaults.",
      why:
        "Without authentication anyone can send SNMP requests as the user; without privacy, device data and " +
        "configuration cross the network in clear text. DES keys are brute-forced cheaply, so DES privacy only " +
        "looks encrypted.",
      bad: "from pysnmp.hlapi import UsmUserData\n\nuser = UsmUserData(\"monitor\", auth_key, priv_key)  # HMAC-MD5 + DES\n",
      good:
        "from pysnmp.hlapi import UsmUserData, usmHMAC192SHA256AuthProtocol, usmAesCfb128Protocol\n\n" +
        "user = UsmUserData(\"monitor\", auth_key, priv_key,\n" +
        "                   authProtocol=usmHMAC192SHA256AuthProtocol, privProtocol=usmAesCfb128Protocol)\n",
      references: ["CWE-287", "CWE-319", "CWE-327", "https://datatracker.ietf.org/doc/html/rfc3414", "https://datatracker.ietf.org/doc/html/rfc7860"],
    },
  },
  create(ctx): Record<string, Handler> {
    const { model } = ctx;
    if (!model.mayName(STAR_ROOTS)) return {};
    /** Present and not the constant None. */
    const given = (n: Node | undefined): n is Node => !!n && model.constant(n) !== null;
    const protocolVerdict = (n: Node): Verdict => {
      const name = refName(model, n, STAR_ROOTS);
      if (!name) return "unknown";
      const last = lastSegment(name);
      return Object.hasOwn(WEAK_USM_PROTOCOLS, last) ? WEAK_USM_PROTOCOLS[last] : "ok";
    };
    const report = (call: Node, problems: WeakUsmProtocol[]): void => {
      if (!problems.length) return;
      let severity: Severity = "low";
      for (const p of problems) if (LEVEL_RANK[p.severity] > LEVEL_RANK[severity]) severity = p.severity;
      ctx.report(
        call,
        `SNMPv3 user with ${problems.map((p) => p.problem).join(" and ")}; use authPriv with SHA-2 authentication (usmHMAC192SHA256AuthProtocol) and AES privacy (usmAesCfb128Protocol)`,
        { severity },
      );
    };

    const checkPysnmp = (call: Node, last: string): void => {
      const spec = PYSNMP_USM_CALLS[last];
      const args = model.args(call);
      if (args.hasDoubleStar || args.starAt >= 0) return;
      const authKey = model.arg(call, spec.authKey, "authKey");
      const privKey = model.arg(call, spec.privKey, "privKey");
      const authProto = model.arg(call, spec.authProtocol, "authProtocol");
      const privProto = model.arg(call, spec.privProtocol, "privProtocol");
      const none = { problem: "no authentication and no encryption (noAuthNoPriv)", severity: "high" } as const;
      let auth: Verdict;
      if (given(authProto)) auth = protocolVerdict(authProto);
      else if (spec.defaults === "hlapi" && given(authKey)) auth = { problem: "HMAC-MD5 authentication (the default when authProtocol is left out)", severity: "low" };
      else auth = WEAK_USM_PROTOCOLS.usmNoAuthProtocol;
      if (auth !== "ok" && auth !== "unknown" && auth.problem === "no authentication") {
        report(call, [none]);
        return;
      }
      let priv: Verdict;
      if (given(privProto)) priv = protocolVerdict(privProto);
      else if (spec.defaults === "hlapi" && given(privKey)) priv = { problem: "DES encryption (the default when privProtocol is left out)", severity: "medium" };
      else priv = { problem: "no encryption (authNoPriv)", severity: "medium" };
      report(call, [auth, priv].filter((v): v is WeakUsmProtocol => typeof v === "object"));
    };

    const checkEasysnmp = (call: Node, name: string): void => {
      const versionNode = model.arg(call, EASYSNMP_SESSION_CALLS[name], "version");
      const version = model.constant(versionNode);
      if (versionNode ? version !== 3 : !EASYSNMP_V3_KEYWORDS.some((k) => model.arg(call, undefined, k))) return;
      const args = model.args(call);
      const problems: WeakUsmProtocol[] = [];
      const levelNode = model.arg(call, undefined, "security_level");
      const level = model.constant(levelNode);
      if (!levelNode) {
        if (!args.hasDoubleStar) problems.push(EASYSNMP_WEAK_LEVELS.no_auth_or_privacy);
      } else if (typeof level === "string" && Object.hasOwn(EASYSNMP_WEAK_LEVELS, level.toLowerCase())) {
        problems.push(EASYSNMP_WEAK_LEVELS[level.toLowerCase()]);
      }
      for (const kw of ["auth_protocol", "privacy_protocol"]) {
        const v = model.constant(model.arg(call, undefined, kw));
        if (typeof v === "string" && Object.hasOwn(EASYSNMP_WEAK_PROTOCOLS, v.toUpperCase())) problems.push(EASYSNMP_WEAK_PROTOCOLS[v.toUpperCase()]);
      }
      report(call, problems);
    };

    return {
      call(call) {
        const name = calleeName(model, call, STAR_ROOTS);
        if (!name) return;
        if (within(name, PYSNMP_ROOT)) {
          const last = lastSegment(name);
          if (Object.hasOwn(PYSNMP_USM_CALLS, last)) checkPysnmp(call, last);
          return;
        }
        if (Object.hasOwn(EASYSNMP_SESSION_CALLS, name)) checkEasysnmp(call, name);
      },
    };
  },
});
