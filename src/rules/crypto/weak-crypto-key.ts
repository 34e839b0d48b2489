import { defineRule, type Handler } from "../types.js";
import type { Node } from "../../parse/parser.js";
import type { Severity } from "../../engine/finding.js";
import {
  CURVE_CALLS,
  CURVE_MODULES,
  KEY_SIZE_CALLS,
  PYOPENSSL_GENERATE_KEY,
  PYOPENSSL_KEY_TYPES,
  CURVE_NAME_SIZES,
  CURVE_SIZES,
  type KeyFamily,
} from "../../model/knowledge/crypto.js";
import { calleeName, lastSegment, refName, rootsOf } from "../util/qualified.js";

const STAR_ROOTS = ["Crypto.PublicKey", "Cryptodome.PublicKey", "cryptography.hazmat.primitives.asymmetric", "ecdsa", "OpenSSL.crypto"];

/** Default minimum modulus size (RSA, DSA, DH, ElGamal), after NIST SP 800-131A and the OWASP cheat sheet. */
export const DEFAULT_MIN_KEY_BITS = 2048;
/** Default minimum elliptic-curve size (NIST SP 800-57: 224-bit curves for 112-bit security). */
export const DEFAULT_MIN_CURVE_BITS = 224;

const FAMILY_LABEL: Record<KeyFamily, string> = { rsa: "RSA", dsa: "DSA", dh: "Diffie-Hellman", elgamal: "ElGamal" };

/** A positive integer option, or the default. */
function intOption(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : fallback;
}

/** The packages of every key generator this rule judges: a file that can name none of them has nothing to report. */
const ROOTS = rootsOf([...Object.keys(KEY_SIZE_CALLS), ...Object.keys(CURVE_CALLS), PYOPENSSL_GENERATE_KEY]);

/** PW309: an RSA/DSA/DH/ElGamal key below 2048 bits or an elliptic curve below 224 bits. */
export default defineRule({
  meta: {
    code: "PW309",
    name: "weak-crypto-key",
    practice: "other",
    cwe: [326],
    severity: "medium",
    confidence: "high",
    aliases: ["B505", "S505"],
    options: {
      minKeyBits: { type: "integer", default: DEFAULT_MIN_KEY_BITS, min: 1, description: "Smallest acceptable RSA/DSA/DH/ElGamal key, in bits." },
      minCurveBits: { type: "integer", default: DEFAULT_MIN_CURVE_BITS, min: 1, description: "Smallest acceptable elliptic curve, in bits." },
    },
    skipInTests: true,
    docs: {
      what:
        "Key generation with a constant size below the minimum: RSA, DSA, Diffie-Hellman and ElGamal moduli under " +
        "2048 bits (pyca `cryptography` `rsa`/`dsa`/`dh`, PyCrypto/PyCryptodome `RSA`/`DSA`/`ElGamal.generate`, " +
        "python-`rsa` `newkeys`, paramiko `RSAKey`/`DSSKey.generate` — a DSS key is always 1024 bits — and pyOpenSSL " +
        "`PKey.generate_key`), and elliptic curves under 224 bits (`ec.SECP192R1`, `SECT163K1`, `SECT163R2`, " +
        "PyCryptodome `ECC.generate(curve=\"P-192\")`, python-`ecdsa` `SigningKey.generate()`, whose default curve is " +
        "NIST P-192). Sizes below 1024 bits (160 for curves) are high severity. Options: `minKeyBits` (default 2048) " +
        "and `minCurveBits` (default 224). Sizes computed at run time are not reported.",
      why:
        "Factoring and discrete-log records keep falling: 512-bit RSA breaks in hours on rented machines and " +
        "1024-bit keys are within reach of well-funded attackers, while NIST has disallowed them since 2013. A " +
        "broken key exposes everything it ever signed or encrypted, and certificates and SSH keys live for years.",
      bad:
        "from cryptography.hazmat.primitives.asymmetric import rsa, ec\n\n" +
        "key = rsa.generate_private_key(public_exponent=65537, key_size=1024)\nsigning = ec.generate_private_key(ec.SECP192R1())\n",
      good:
        "from cryptography.hazmat.primitives.asymmetric import rsa, ec\n\n" +
        "key = rsa.generate_private_key(public_exponent=65537, key_size=3072)\nsigning = ec.generate_private_key(ec.SECP256R1())\n",
      references: [
        "CWE-326",
        "https://cheatsheetseries.owasp.org/cheatsheets/Cryptographic_Storage_Cheat_Sheet.html#key-lengths",
        "https://csrc.nist.gov/pubs/sp/800/131/a/r2/final",
        "https://www.keylength.com/",
      ],
    },
  },
  create(ctx): Record<string, Handler> {
    const { model } = ctx;
    if (!model.mayName(ROOTS)) return {};
    const minKeyBits = intOption(ctx.options.minKeyBits, DEFAULT_MIN_KEY_BITS);
    const minCurveBits = intOption(ctx.options.minCurveBits, DEFAULT_MIN_CURVE_BITS);

    const reportModulus = (at: Node, family: KeyFamily, bits: number, defaulted: boolean): void => {
      if (bits >= minKeyBits) return;
      const severity: Severity = bits < 1024 ? "high" : "medium";
      const how = defaulted ? ` (the default size)` : "";
      ctx.report(at, `${FAMILY_LABEL[family]} key of ${bits} bits${how} is too small to resist factoring/discrete-log attacks; use at least ${Math.max(minKeyBits, 2048)} bits (3072 for keys that must last beyond 2030)`, {
        severity,
      });
    };
    const reportCurve = (at: Node, label: string, bits: number, defaulted: boolean): void => {
      if (bits >= minCurveBits) return;
      const severity: Severity = bits < 160 ? "high" : "medium";
      const how = defaulted ? " (the default curve)" : "";
      ctx.report(at, `elliptic curve ${label}${how} gives only ${bits} bits (about ${bits >> 1}-bit security); use P-256 (SECP256R1), P-384 or Ed25519`, { severity });
    };

    /** Size in bits of a curve argument: a curve class or instance, a python-ecdsa constant, or a PyCryptodome name. */
    const curveBits = (node: Node): { label: string; bits: number } | undefined => {
      const name = refName(model, node, STAR_ROOTS);
      if (name) {
        const last = lastSegment(name);
        const parent = name.slice(0, -(last.length + 1));
        if (Object.hasOwn(CURVE_SIZES, last) && (CURVE_MODULES as readonly string[]).includes(parent)) {
          return { label: last, bits: CURVE_SIZES[last] };
        }
        return undefined;
      }
      const text = model.constant(node);
      if (typeof text === "string") {
        const key = text.toLowerCase().replace(/[\s_-]/g, "");
        if (Object.hasOwn(CURVE_NAME_SIZES, key)) return { label: text, bits: CURVE_NAME_SIZES[key] };
      }
      return undefined;
    };

    return {
      call(call) {
        const name = calleeName(model, call, STAR_ROOTS);
        if (!name) return;
        const args = model.args(call);
        const unknownArgs = args.hasDoubleStar || args.starAt >= 0;
        if (Object.hasOwn(KEY_SIZE_CALLS, name)) {
          const spec = KEY_SIZE_CALLS[name];
          const size = model.arg(call, spec.pos, spec.kw);
          if (!size) {
            if (spec.defaultBits !== undefined && !unknownArgs) reportModulus(call, spec.family, spec.defaultBits, true);
            return;
          }
          const bits = model.constant(size);
          if (typeof bits === "number") reportModulus(size, spec.family, bits, false);
          return;
        }
        if (Object.hasOwn(CURVE_CALLS, name)) {
          const spec = CURVE_CALLS[name];
          const curve = model.arg(call, spec.pos, spec.kw);
          if (!curve) {
            if (spec.defaultBits !== undefined && !unknownArgs) reportCurve(call, spec.defaultName ?? "default", spec.defaultBits, true);
            return;
          }
          const c = curveBits(curve);
          if (c) reportCurve(curve, c.label, c.bits, false);
          return;
        }
        if (name === PYOPENSSL_GENERATE_KEY) {
          const type = refName(model, model.arg(call, 0, "type"), STAR_ROOTS);
          const family = type && Object.hasOwn(PYOPENSSL_KEY_TYPES, type) ? PYOPENSSL_KEY_TYPES[type] : undefined;
          const size = model.arg(call, 1, "bits");
          const bits = model.constant(size);
          if (family && size && typeof bits === "number") reportModulus(size, family, bits, false);
        }
      },
    };
  },
});
