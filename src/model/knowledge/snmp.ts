/**
 * SNMP libraries (pysnmp's high-level and configuration APIs, easysnmp): which calls configure community-based
 * SNMPv1/v2c, how SNMPv3 user entries take their keys and protocols, and which protocols are weak.
 */
import type { Severity } from "../../engine/finding.js";

/** The root of pysnmp's packages; its classes are re-exported under many submodules (`hlapi`, `hlapi.v3arch.asyncio`…). */
export const PYSNMP_ROOT = "pysnmp";

/** pysnmp names (last segment) that configure community-based (v1/v2c) access: class → position of `mpModel`. */
export const PYSNMP_COMMUNITY_CALLS: Readonly<Record<string, { mpModel?: number; kw?: string }>> = {
  CommunityData: { mpModel: 2, kw: "mpModel" },
  addV1System: {},
  add_v1_system: {},
};

/** easysnmp calls taking a `version` (positional 0 for `Session`, keyword for the module functions). */
export const EASYSNMP_SESSION_CALLS: Readonly<Record<string, number | undefined>> = {
  "easysnmp.Session": 0,
  "easysnmp.session.Session": 0,
  "easysnmp.snmp_get": undefined,
  "easysnmp.snmp_set": undefined,
  "easysnmp.snmp_set_multiple": undefined,
  "easysnmp.snmp_get_next": undefined,
  "easysnmp.snmp_get_bulk": undefined,
  "easysnmp.snmp_walk": undefined,
  "easysnmp.snmp_bulkwalk": undefined,
};

/** Where an SNMPv3 user entry takes its keys and protocols. */
export interface UsmCall {
  authKey: number;
  privKey: number;
  authProtocol: number;
  privProtocol: number;
  /**
   * How missing protocols default: `hlapi` (`UsmUserData`) picks HMAC-MD5 and DES when the matching key is
   * given; `config` (`addV3User`) picks no authentication and no privacy.
   */
  defaults: "hlapi" | "config";
}

/** pysnmp SNMPv3 user entries, by last segment of the qualified name. Positions skip no receiver. */
export const PYSNMP_USM_CALLS: Readonly<Record<string, UsmCall>> = {
  UsmUserData: { authKey: 1, privKey: 2, authProtocol: 3, privProtocol: 4, defaults: "hlapi" },
  // config.addV3User(snmpEngine, userName, authProtocol, authKey, privProtocol, privKey, …)
  addV3User: { authProtocol: 2, authKey: 3, privProtocol: 4, privKey: 5, defaults: "config" },
  add_v3_user: { authProtocol: 2, authKey: 3, privProtocol: 4, privKey: 5, defaults: "config" },
};

/** What is weak about an SNMPv3 protocol choice. */
export interface WeakUsmProtocol {
  problem: string;
  severity: Severity;
}

/** Weak SNMPv3 protocols, by the last segment of their pysnmp name (old camelCase and new upper-case spellings). */
export const WEAK_USM_PROTOCOLS: Readonly<Record<string, WeakUsmProtocol>> = {
  usmNoAuthProtocol: { problem: "no authentication", severity: "high" },
  USM_AUTH_NONE: { problem: "no authentication", severity: "high" },
  usmNoPrivProtocol: { problem: "no encryption", severity: "medium" },
  USM_PRIV_NONE: { problem: "no encryption", severity: "medium" },
  usmDESPrivProtocol: { problem: "DES encryption (56-bit key)", severity: "medium" },
  USM_PRIV_CBC56_DES: { problem: "DES encryption (56-bit key)", severity: "medium" },
  usm3DESEDEPrivProtocol: { problem: "Triple DES encryption (64-bit block)", severity: "medium" },
  USM_PRIV_CBC168_3DES: { problem: "Triple DES encryption (64-bit block)", severity: "medium" },
  usmHMACMD5AuthProtocol: { problem: "HMAC-MD5 authentication", severity: "low" },
  USM_AUTH_HMAC96_MD5: { problem: "HMAC-MD5 authentication", severity: "low" },
};

/** easysnmp security levels below authPriv. */
export const EASYSNMP_WEAK_LEVELS: Readonly<Record<string, WeakUsmProtocol>> = {
  noauthnopriv: { problem: "no authentication and no encryption", severity: "high" },
  no_auth_or_privacy: { problem: "no authentication and no encryption", severity: "high" },
  authnopriv: { problem: "no encryption", severity: "medium" },
  auth_without_privacy: { problem: "no encryption", severity: "medium" },
};

/** easysnmp privacy/auth protocol names that are weak (upper-cased). */
export const EASYSNMP_WEAK_PROTOCOLS: Readonly<Record<string, WeakUsmProtocol>> = {
  DES: { problem: "DES encryption (56-bit key)", severity: "medium" },
  "3DES": { problem: "Triple DES encryption (64-bit block)", severity: "medium" },
  MD5: { problem: "HMAC-MD5 authentication", severity: "low" },
};
