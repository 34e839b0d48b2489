/**
 * Symmetric ciphers, block-cipher modes and key generators of the Python cryptography libraries
 * (PyCrypto and PyCryptodome as `Crypto`, PyCryptodomex as `Cryptodome`, pyca `cryptography`, `pyDes`,
 * `pyaes`, python-`rsa`, `ecdsa`, `paramiko`, pyOpenSSL), for the cryptography rules.
 */
import type { Severity } from "../../engine/finding.js";

/** A cipher that no longer protects data, and why. */
export interface WeakCipher {
  /** Human name (`RC4`, `Triple DES`). */
  label: string;
  /** How bad using it is: broken outright (high) or weakened by a small block or key (medium, low). */
  severity: Severity;
  /** One phrase on the weakness, for messages. */
  weakness: string;
}

const RC2: WeakCipher = { label: "RC2", severity: "high", weakness: "a 64-bit block, related-key attacks and export-grade key schedules" };
const RC4: WeakCipher = { label: "RC4", severity: "high", weakness: "keystream biases that recover plaintext (prohibited in TLS by RFC 7465)" };
const DES: WeakCipher = { label: "DES", severity: "high", weakness: "a 56-bit key that is brute-forced in hours" };
const XOR: WeakCipher = { label: "XOR", severity: "high", weakness: "no real encryption: a repeating key XOR is undone by frequency analysis" };
const TRIPLE_DES: WeakCipher = { label: "Triple DES", severity: "medium", weakness: "a 64-bit block open to birthday attacks (Sweet32); NIST disallows it for encryption" };
const BLOWFISH: WeakCipher = { label: "Blowfish", severity: "medium", weakness: "a 64-bit block open to birthday attacks (Sweet32)" };
const CAST5: WeakCipher = { label: "CAST5", severity: "medium", weakness: "a 64-bit block open to birthday attacks (Sweet32)" };
const IDEA: WeakCipher = { label: "IDEA", severity: "medium", weakness: "a 64-bit block open to birthday attacks and classes of weak keys" };
const SEED: WeakCipher = { label: "SEED", severity: "low", weakness: "little cryptanalytic scrutiny; pyca moved it to its `decrepit` module" };

/** Weak cipher constructors and factories, by qualified name. */
export const WEAK_CIPHER_CALLS: Readonly<Record<string, WeakCipher>> = (() => {
  const t: Record<string, WeakCipher> = {};
  for (const lib of ["Crypto", "Cryptodome"]) {
    t[`${lib}.Cipher.ARC2.new`] = RC2;
    t[`${lib}.Cipher.ARC4.new`] = RC4;
    t[`${lib}.Cipher.Blowfish.new`] = BLOWFISH;
    t[`${lib}.Cipher.CAST.new`] = CAST5;
    t[`${lib}.Cipher.DES.new`] = DES;
    t[`${lib}.Cipher.DES3.new`] = TRIPLE_DES;
    t[`${lib}.Cipher.XOR.new`] = XOR;
  }
  for (const mod of ["cryptography.hazmat.primitives.ciphers.algorithms", "cryptography.hazmat.decrepit.ciphers.algorithms"]) {
    t[`${mod}.ARC4`] = RC4;
    t[`${mod}.RC2`] = RC2;
    t[`${mod}.Blowfish`] = BLOWFISH;
    t[`${mod}.CAST5`] = CAST5;
    t[`${mod}.IDEA`] = IDEA;
    t[`${mod}.SEED`] = SEED;
    t[`${mod}.TripleDES`] = TRIPLE_DES;
  }
  t["pyDes.des"] = DES;
  t["pyDes.triple_des"] = TRIPLE_DES;
  return t;
})();

/** Block ciphers of PyCrypto/PyCryptodome whose `new(key, mode, …)` takes a mode constant. */
export const MODE_CIPHERS = ["AES", "DES", "DES3", "ARC2", "Blowfish", "CAST"] as const;

/** The libraries that ship a `Cipher` package of {@link MODE_CIPHERS}. */
export const PYCRYPTO_ROOTS = ["Crypto", "Cryptodome"] as const;

/** `MODE_ECB`'s value in PyCrypto and PyCryptodome (`AES.new(key, 1)` is ECB). */
export const PYCRYPTO_MODE_ECB = 1;

/** Calls that select ECB mode by themselves. */
export const ECB_MODE_CALLS: ReadonlySet<string> = new Set([
  "cryptography.hazmat.primitives.ciphers.modes.ECB",
  "pyaes.AESModeOfOperationECB",
  "pyaes.aes.AESModeOfOperationECB",
]);

/** Which public-key family a generator makes (decides the size threshold). */
export type KeyFamily = "rsa" | "dsa" | "dh" | "elgamal";

/** A key generator whose strength is a bit size. */
export interface KeySizeCall {
  family: KeyFamily;
  /** Position of the size argument (after the receiver), if it may be positional. */
  pos?: number;
  /** Keyword of the size argument. */
  kw: string;
  /** The size used when the argument is left out (only where the library has one). */
  defaultBits?: number;
}

/** Key and parameter generators with a modulus size, by qualified name. */
export const KEY_SIZE_CALLS: Readonly<Record<string, KeySizeCall>> = (() => {
  const asym = "cryptography.hazmat.primitives.asymmetric";
  const t: Record<string, KeySizeCall> = {
    [`${asym}.rsa.generate_private_key`]: { family: "rsa", pos: 1, kw: "key_size" },
    [`${asym}.dsa.generate_private_key`]: { family: "dsa", pos: 0, kw: "key_size" },
    [`${asym}.dsa.generate_parameters`]: { family: "dsa", pos: 0, kw: "key_size" },
    [`${asym}.dh.generate_parameters`]: { family: "dh", pos: 1, kw: "key_size" },
    "rsa.newkeys": { family: "rsa", pos: 0, kw: "nbits" },
    "rsa.key.newkeys": { family: "rsa", pos: 0, kw: "nbits" },
    "paramiko.RSAKey.generate": { family: "rsa", pos: 0, kw: "bits" },
    "paramiko.rsakey.RSAKey.generate": { family: "rsa", pos: 0, kw: "bits" },
    // SSH DSA keys are 1024 bits by definition (FIPS 186-2); paramiko's default is that size
    "paramiko.DSSKey.generate": { family: "dsa", pos: 0, kw: "bits", defaultBits: 1024 },
    "paramiko.dsskey.DSSKey.generate": { family: "dsa", pos: 0, kw: "bits", defaultBits: 1024 },
  };
  for (const lib of ["Crypto", "Cryptodome"]) {
    t[`${lib}.PublicKey.RSA.generate`] = { family: "rsa", pos: 0, kw: "bits" };
    t[`${lib}.PublicKey.DSA.generate`] = { family: "dsa", pos: 0, kw: "bits" };
    t[`${lib}.PublicKey.ElGamal.generate`] = { family: "elgamal", pos: 0, kw: "bits" };
  }
  return t;
})();

/** pyOpenSSL `PKey.generate_key(type, bits)`: the key types it sizes, by the type constant's qualified name. */
export const PYOPENSSL_KEY_TYPES: Readonly<Record<string, KeyFamily>> = {
  "OpenSSL.crypto.TYPE_RSA": "rsa",
  "OpenSSL.crypto.TYPE_DSA": "dsa",
  "OpenSSL.crypto.TYPE_DH": "dh",
};

/** The qualified name of pyOpenSSL's key-generation method (on a `PKey` instance). */
export const PYOPENSSL_GENERATE_KEY = "OpenSSL.crypto.PKey.generate_key";

/** Elliptic-curve key generators: where the curve goes, and the curve used when it is left out. */
export interface CurveCall {
  pos?: number;
  kw: string;
  /** The curve's size when the argument is left out (python-ecdsa defaults to NIST P-192). */
  defaultBits?: number;
  defaultName?: string;
}

/** Elliptic-curve key generators, by qualified name. */
export const CURVE_CALLS: Readonly<Record<string, CurveCall>> = (() => {
  const ec = "cryptography.hazmat.primitives.asymmetric.ec";
  const t: Record<string, CurveCall> = {
    [`${ec}.generate_private_key`]: { pos: 0, kw: "curve" },
    [`${ec}.derive_private_key`]: { pos: 1, kw: "curve" },
    "ecdsa.SigningKey.generate": { pos: 0, kw: "curve", defaultBits: 192, defaultName: "NIST192p" },
    "ecdsa.keys.SigningKey.generate": { pos: 0, kw: "curve", defaultBits: 192, defaultName: "NIST192p" },
  };
  for (const lib of ["Crypto", "Cryptodome"]) t[`${lib}.PublicKey.ECC.generate`] = { kw: "curve" };
  return t;
})();

/** Curve classes and constants, by the last segment of their qualified name → size in bits. */
export const CURVE_SIZES: Readonly<Record<string, number>> = {
  // pyca cryptography (classes under cryptography.hazmat.primitives.asymmetric.ec)
  SECT163K1: 163,
  SECT163R2: 163,
  SECP192R1: 192,
  SECP224R1: 224,
  SECT233K1: 233,
  SECT233R1: 233,
  SECP256R1: 256,
  SECP256K1: 256,
  BrainpoolP256R1: 256,
  SECT283K1: 283,
  SECT283R1: 283,
  SECP384R1: 384,
  BrainpoolP384R1: 384,
  SECT409K1: 409,
  SECT409R1: 409,
  BrainpoolP512R1: 512,
  SECP521R1: 521,
  SECT571K1: 571,
  SECT571R1: 571,
  // python-ecdsa (constants under ecdsa / ecdsa.curves)
  SECP112r1: 112,
  SECP112r2: 112,
  SECP128r1: 128,
  SECP160r1: 160,
  BRAINPOOLP160r1: 160,
  BRAINPOOLP160t1: 160,
  NIST192p: 192,
  BRAINPOOLP192r1: 192,
  BRAINPOOLP192t1: 192,
  NIST224p: 224,
  BRAINPOOLP224r1: 224,
  BRAINPOOLP224t1: 224,
  NIST256p: 256,
  SECP256k1: 256,
  BRAINPOOLP256r1: 256,
  BRAINPOOLP256t1: 256,
  BRAINPOOLP320r1: 320,
  BRAINPOOLP320t1: 320,
  NIST384p: 384,
  BRAINPOOLP384r1: 384,
  BRAINPOOLP384t1: 384,
  BRAINPOOLP512r1: 512,
  BRAINPOOLP512t1: 512,
  NIST521p: 521,
};

/** Module prefixes under which {@link CURVE_SIZES} names are curves. */
export const CURVE_MODULES = ["cryptography.hazmat.primitives.asymmetric.ec", "ecdsa", "ecdsa.curves"] as const;

/**
 * PyCryptodome's `ECC.generate(curve=…)` names of the NIST curves (matched case-insensitively, spaces,
 * dashes and underscores ignored) → size in bits. Edwards curves (`ed25519`, `ed448`) are strong and absent.
 */
export const CURVE_NAME_SIZES: Readonly<Record<string, number>> = {
  p192: 192,
  nistp192: 192,
  prime192v1: 192,
  secp192r1: 192,
  p224: 224,
  nistp224: 224,
  secp224r1: 224,
  p256: 256,
  nistp256: 256,
  prime256v1: 256,
  secp256r1: 256,
  p384: 384,
  nistp384: 384,
  secp384r1: 384,
  p521: 521,
  nistp521: 521,
  secp521r1: 521,
};
