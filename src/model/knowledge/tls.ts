/**
 * TLS knowledge for the transport rules: protocol-version constants of `ssl` and pyOpenSSL, certificate
 * verification constants and factories, and the OpenSSL cipher-string keywords that select weak suites.
 */
import type { Severity } from "../../engine/finding.js";

/** Modules that re-export the standard library's `ssl` names. */
export const SSL_MODULES = ["ssl", "gevent.ssl", "eventlet.green.ssl"] as const;

/** A protocol version no connection should use. */
export interface BrokenProtocol {
  /** `SSL 3.0`, `TLS 1.0`… */
  label: string;
  severity: Severity;
  /** How the constant selects the version: it pins that one version, or it names a version (a bound). */
  kind: "pinned" | "version";
  /** The attack or document that retired it, for messages. */
  why: string;
}

const SSL2 = { label: "SSL 2.0", severity: "high", why: "broken since 1996 (DROWN)" } as const;
const SSL3 = { label: "SSL 3.0", severity: "high", why: "broken by POODLE (RFC 7568)" } as const;
const TLS10 = { label: "TLS 1.0", severity: "medium", why: "deprecated by RFC 8996 (BEAST, no modern cipher suites)" } as const;
const TLS11 = { label: "TLS 1.1", severity: "medium", why: "deprecated by RFC 8996" } as const;

/** Broken protocol constants, by the part of their qualified name after the module (`PROTOCOL_TLSv1`, `TLSVersion.TLSv1`). */
export const SSL_BROKEN_PROTOCOLS: Readonly<Record<string, BrokenProtocol>> = {
  PROTOCOL_SSLv2: { ...SSL2, kind: "pinned" },
  PROTOCOL_SSLv3: { ...SSL3, kind: "pinned" },
  PROTOCOL_TLSv1: { ...TLS10, kind: "pinned" },
  PROTOCOL_TLSv1_1: { ...TLS11, kind: "pinned" },
  "TLSVersion.SSLv3": { ...SSL3, kind: "version" },
  "TLSVersion.TLSv1": { ...TLS10, kind: "version" },
  "TLSVersion.TLSv1_1": { ...TLS11, kind: "version" },
};

/**
 * pyOpenSSL (`OpenSSL.SSL`) broken methods and version constants. `SSLv23_METHOD`/`TLS_METHOD` negotiate the
 * best version both sides support (and OpenSSL 1.1+ has no SSL 2/3 left to negotiate), so they are not here.
 */
export const PYOPENSSL_BROKEN_PROTOCOLS: Readonly<Record<string, BrokenProtocol>> = {
  SSLv2_METHOD: { ...SSL2, kind: "pinned" },
  SSLv3_METHOD: { ...SSL3, kind: "pinned" },
  TLSv1_METHOD: { ...TLS10, kind: "pinned" },
  TLSv1_1_METHOD: { ...TLS11, kind: "pinned" },
  SSL3_VERSION: { ...SSL3, kind: "version" },
  TLS1_VERSION: { ...TLS10, kind: "version" },
  TLS1_1_VERSION: { ...TLS11, kind: "version" },
};

/** The broken protocol a qualified name denotes (`ssl.PROTOCOL_TLSv1`, `OpenSSL.SSL.TLSv1_METHOD`), if any. */
export function brokenProtocol(name: string | undefined): BrokenProtocol | undefined {
  if (!name) return undefined;
  for (const mod of SSL_MODULES) {
    if (name.startsWith(`${mod}.`)) {
      const rest = name.slice(mod.length + 1);
      return Object.hasOwn(SSL_BROKEN_PROTOCOLS, rest) ? SSL_BROKEN_PROTOCOLS[rest] : undefined;
    }
  }
  if (name.startsWith("OpenSSL.SSL.")) {
    const rest = name.slice("OpenSSL.SSL.".length);
    return Object.hasOwn(PYOPENSSL_BROKEN_PROTOCOLS, rest) ? PYOPENSSL_BROKEN_PROTOCOLS[rest] : undefined;
  }
  return undefined;
}

/** True for `ssl.TLSVersion.MINIMUM_SUPPORTED` (by any `ssl`-like module): as a floor, it allows whatever OpenSSL still speaks. */
export function isMinimumSupported(name: string | undefined): boolean {
  return !!name && SSL_MODULES.some((m) => name === `${m}.TLSVersion.MINIMUM_SUPPORTED`);
}

/** Keyword and dictionary-key names that carry a protocol version (`ssl_version=`, `{"minimum_version": …}`). */
export const PROTOCOL_KEYS: ReadonlySet<string> = new Set([
  "ssl_version",
  "version",
  "protocol",
  "method",
  "minimum_version",
  "maximum_version",
  "ssl_minimum_version",
  "ssl_maximum_version",
]);

/** Attributes of `ssl.SSLContext` that bound the protocol version. */
export const VERSION_BOUND_ATTRIBUTES: ReadonlySet<string> = new Set(["minimum_version", "maximum_version"]);

/** The module-level `ssl.wrap_socket` (deprecated in 3.7, removed in 3.12) and its re-exports. */
export const WRAP_SOCKET_FUNCTIONS: ReadonlySet<string> = new Set(SSL_MODULES.map((m) => `${m}.wrap_socket`));

/**
 * Private `ssl` factories whose contexts skip certificate and host-name checks unless told otherwise:
 * `_create_unverified_context` (and `_create_stdlib_context`, its alias, which `http.client`, `ftplib`,
 * `smtplib`… fall back to).
 */
export const UNVERIFIED_CONTEXT_FACTORIES: ReadonlySet<string> = new Set(
  SSL_MODULES.flatMap((m) => [`${m}._create_unverified_context`, `${m}._create_stdlib_context`]),
);

/** True when `name` is `ssl.<suffix>` for any `ssl`-like module (`CERT_NONE`, `Purpose.CLIENT_AUTH`…). */
export function isSslName(name: string | undefined, suffix: string): boolean {
  return !!name && SSL_MODULES.some((m) => name === `${m}.${suffix}`);
}

/** The type the model gives `ssl.SSLContext` instances (`ssl.create_default_context()` returns one). */
export const SSL_CONTEXT_TYPES: ReadonlySet<string> = new Set([...SSL_MODULES.map((m) => `${m}.SSLContext`)]);

/** pyOpenSSL's "do not verify the peer" flag. */
export const PYOPENSSL_VERIFY_NONE = "OpenSSL.SSL.VERIFY_NONE";

/** What a weak OpenSSL cipher-string keyword or suite component lets in. */
export interface WeakCipherToken {
  /** What is wrong (`no encryption`, `anonymous key exchange`…). */
  problem: string;
  severity: Severity;
}

const NO_ENCRYPTION: WeakCipherToken = { problem: "no encryption at all", severity: "high" };
const ANONYMOUS: WeakCipherToken = { problem: "no server authentication (anonymous key exchange, trivially intercepted)", severity: "high" };
const EXPORT: WeakCipherToken = { problem: "export-grade 40/56-bit keys (FREAK, Logjam)", severity: "high" };
const RC4: WeakCipherToken = { problem: "RC4, prohibited in TLS by RFC 7465", severity: "high" };
const DES: WeakCipherToken = { problem: "single DES with a 56-bit key", severity: "high" };
const RC2: WeakCipherToken = { problem: "RC2, an export-era cipher", severity: "high" };
const TRIPLE_DES: WeakCipherToken = { problem: "Triple DES, a 64-bit block cipher open to Sweet32", severity: "medium" };
const IDEA: WeakCipherToken = { problem: "IDEA, a 64-bit block cipher open to Sweet32", severity: "medium" };
const MD5: WeakCipherToken = { problem: "MD5-based message authentication", severity: "medium" };

/**
 * OpenSSL cipher-string keywords (and tokens of suite names, split at `-` and `_`) that select weak suites,
 * compared case-insensitively. `DES` is single DES; a suite name that also holds `CBC3`/`EDE` is Triple DES.
 */
export const WEAK_CIPHER_TOKENS: Readonly<Record<string, WeakCipherToken>> = {
  null: NO_ENCRYPTION,
  enull: NO_ENCRYPTION,
  anull: ANONYMOUS,
  adh: ANONYMOUS,
  aecdh: ANONYMOUS,
  anon: ANONYMOUS,
  export: EXPORT,
  exp: EXPORT,
  export40: EXPORT,
  export56: EXPORT,
  exp1024: EXPORT,
  des40: EXPORT,
  low: EXPORT,
  rc4: RC4,
  rc2: RC2,
  des: DES,
  "3des": TRIPLE_DES,
  idea: IDEA,
  md5: MD5,
};

/** Cipher-string keywords that add the weak suites OpenSSL leaves out of `DEFAULT`. */
export const COMPLEMENT_KEYWORDS: ReadonlySet<string> = new Set(["complementofdefault", "complementofall"]);

/** Where cipher strings go: methods of a TLS context, and keyword or dictionary-key names. */
export const CIPHER_METHODS: ReadonlySet<string> = new Set(["set_ciphers", "set_cipher_list"]);
/** Keyword and dictionary-key names whose value is an OpenSSL cipher string. */
export const CIPHER_KEYS: ReadonlySet<string> = new Set(["ciphers", "ssl_ciphers", "cipher_list", "ssl_cipher_list"]);
/** Module attributes holding a library's default cipher string (`urllib3.util.ssl_.DEFAULT_CIPHERS`). */
export const DEFAULT_CIPHER_ATTRIBUTES: ReadonlySet<string> = new Set(["DEFAULT_CIPHERS", "DEFAULT_CIPHER_LIST"]);
