/**
 * Password hashing and key derivation in the Python libraries: fast digests that must not hash passwords,
 * the slow password hashes (PBKDF2, bcrypt, scrypt, Argon2) with the parameters that set their work factor
 * and salt, Django's password hashers and Werkzeug's method strings. Used by the password-storage rules.
 *
 * Positions count from the first argument after the receiver. Library defaults are listed only where they
 * are the same in every release still in use; a parameter without a default is either required or varies
 * between releases (then a call that leaves it out is not judged on it).
 */

/** Where a call takes one parameter: its position (when it may be positional) and its keyword. */
export interface ParamAt {
  pos?: number;
  kw?: string;
}

/** The slow password-hash families, each with its own work-factor rule. */
export type KdfFamily = "pbkdf2" | "bcrypt" | "scrypt" | "argon2";

/**
 * Work-factor parameters: PBKDF2 `iterations` and `hash` (a digest name, hashlib constructor or
 * `cryptography` algorithm); bcrypt `cost` (log2 of the rounds); scrypt `n` (CPU/memory cost), `logN`
 * (the same as a power of two), `r` (block size), `p` (parallelism); Argon2 `timeCost` (passes),
 * `memoryCost` (KiB) and `parallelism` (lanes).
 */
export type WorkParam = "iterations" | "hash" | "cost" | "n" | "logN" | "r" | "p" | "timeCost" | "memoryCost" | "parallelism";

/** A call that hashes a password (or derives a key) with a slow KDF, or configures one. */
export interface KdfCall {
  family: KdfFamily;
  /** Short name for messages (`hashlib.pbkdf2_hmac`, `PasswordHasher`). */
  label: string;
  /** Where the call takes its work-factor parameters. */
  params: Partial<Record<WorkParam, ParamAt>>;
  /** What the library uses when a parameter is left out (only where stable across releases). */
  defaults?: Partial<Record<WorkParam, number | string>>;
  /** Keywords whose presence makes the digest unknown (PyCryptodome's custom `prf`). */
  hashUnknownIf?: string[];
  /** Where the call takes a salt (raw bytes or text). */
  salt?: ParamAt;
  /** Where the call takes the length of the salt it generates, in bytes. */
  saltLength?: ParamAt;
}

/** One hash function that is fast by design (a digest, not a password hash). */
export interface FastHash {
  /** Human name (`SHA-256`). */
  label: string;
  /** Where the data to hash goes; for `update` methods, position 0. */
  data: ParamAt;
  /** Keyword that turns the hash into a keyed MAC (`blake2b(key=…)`): then it is no plain digest. */
  keyedBy?: string;
}

const HASHLIB_DIGESTS: Readonly<Record<string, string>> = {
  md5: "MD5",
  sha1: "SHA-1",
  sha224: "SHA-224",
  sha256: "SHA-256",
  sha384: "SHA-384",
  sha512: "SHA-512",
  sha3_224: "SHA3-224",
  sha3_256: "SHA3-256",
  sha3_384: "SHA3-384",
  sha3_512: "SHA3-512",
  blake2b: "BLAKE2b",
  blake2s: "BLAKE2s",
  shake_128: "SHAKE128",
  shake_256: "SHAKE256",
};

const PYCRYPTO_DIGESTS: Readonly<Record<string, string>> = {
  MD5: "MD5",
  MD4: "MD4",
  SHA: "SHA-1",
  SHA1: "SHA-1",
  SHA224: "SHA-224",
  SHA256: "SHA-256",
  SHA384: "SHA-384",
  SHA512: "SHA-512",
  SHA3_224: "SHA3-224",
  SHA3_256: "SHA3-256",
  SHA3_384: "SHA3-384",
  SHA3_512: "SHA3-512",
  BLAKE2b: "BLAKE2b",
  BLAKE2s: "BLAKE2s",
  RIPEMD160: "RIPEMD-160",
};

/**
 * Fast digests by qualified name: constructors that take the data (`hashlib.sha256(data)`,
 * `Crypto.Hash.SHA256.new(data)`) and the `update` method of the objects they return
 * (`hashlib.sha256.update`, `cryptography.hazmat.primitives.hashes.Hash.update`). `hashlib.new` is listed
 * with an empty label: its first argument names the digest.
 */
export const FAST_HASH_CALLS: Readonly<Record<string, FastHash>> = (() => {
  const t: Record<string, FastHash> = {};
  for (const [name, label] of Object.entries(HASHLIB_DIGESTS)) {
    const keyedBy = name.startsWith("blake2") ? "key" : undefined;
    t[`hashlib.${name}`] = { label, data: { pos: 0, kw: "data" }, keyedBy };
    t[`hashlib.${name}.update`] = { label, data: { pos: 0, kw: "data" } };
  }
  t["hashlib.new"] = { label: "", data: { pos: 1, kw: "data" } };
  t["hashlib._Hash.update"] = { label: "", data: { pos: 0, kw: "data" } };
  for (const lib of ["Crypto", "Cryptodome"]) {
    for (const [name, label] of Object.entries(PYCRYPTO_DIGESTS)) {
      const keyedBy = name.startsWith("BLAKE2") ? "key" : undefined;
      t[`${lib}.Hash.${name}.new`] = { label, data: { pos: 0, kw: "data" }, keyedBy };
      t[`${lib}.Hash.${name}.new.update`] = { label, data: { pos: 0, kw: "data" } };
    }
  }
  t["cryptography.hazmat.primitives.hashes.Hash.update"] = { label: "", data: { pos: 0, kw: "data" } };
  return t;
})();

/** Human name of a `hashlib.new` digest name (`"sha256"` → `SHA-256`), or the name itself. */
export function digestLabel(name: string): string {
  const key = name.toLowerCase().replace(/-/g, "_");
  return HASHLIB_DIGESTS[key] ?? (key === "sha" ? "SHA-1" : name);
}

/**
 * passlib schemes that are a fast or unsalted digest, or a legacy crypt too cheap to slow down guessing:
 * `passlib.hash.<scheme>.hash(password)` stores a password no better than a plain digest.
 */
export const PASSLIB_FAST_SCHEMES: Readonly<Record<string, string>> = {
  hex_md4: "unsalted MD4",
  hex_md5: "unsalted MD5",
  hex_sha1: "unsalted SHA-1",
  hex_sha256: "unsalted SHA-256",
  hex_sha512: "unsalted SHA-512",
  ldap_md5: "unsalted MD5",
  ldap_sha1: "unsalted SHA-1",
  ldap_hex_md5: "unsalted MD5",
  ldap_hex_sha1: "unsalted SHA-1",
  ldap_salted_md5: "single salted MD5",
  ldap_salted_sha1: "single salted SHA-1",
  ldap_salted_sha256: "single salted SHA-256",
  ldap_salted_sha512: "single salted SHA-512",
  ldap_plaintext: "plain text",
  plaintext: "plain text",
  md5_crypt: "MD5-crypt (1,000 MD5 rounds)",
  apr_md5_crypt: "Apache MD5-crypt (1,000 MD5 rounds)",
  des_crypt: "DES-crypt (8-character limit)",
  bsdi_crypt: "BSDi DES-crypt",
  bigcrypt: "BigCrypt (DES)",
  crypt16: "Crypt16 (DES)",
  mysql323: "MySQL 3.2.3 hash",
  mysql41: "MySQL 4.1 hash (double SHA-1)",
  postgres_md5: "PostgreSQL MD5",
  oracle10: "Oracle 10g hash",
  oracle11: "Oracle 11g hash (salted SHA-1)",
  lmhash: "LanMan hash",
  nthash: "NT hash (MD4)",
  msdcc: "Windows domain cached credentials (MD4)",
  msdcc2: "Windows domain cached credentials v2",
  django_salted_md5: "Django salted MD5",
  django_salted_sha1: "Django salted SHA-1",
};

/** Methods of a passlib scheme that hash a new password. */
export const PASSLIB_HASH_METHODS = ["hash", "encrypt"] as const;

const PBKDF2_HASH_OF_SCHEME: Readonly<Record<string, string>> = { pbkdf2_sha1: "sha1", pbkdf2_sha256: "sha256", pbkdf2_sha512: "sha512" };

/** passlib's default PBKDF2 rounds (passlib 1.7, its last release line). */
const PASSLIB_PBKDF2_ROUNDS: Readonly<Record<string, number>> = { pbkdf2_sha1: 131_000, pbkdf2_sha256: 29_000, pbkdf2_sha512: 25_000 };

/** The slow password hashes, by qualified name of the call. */
export const KDF_CALLS: Readonly<Record<string, KdfCall>> = (() => {
  const t: Record<string, KdfCall> = {};
  // ---- PBKDF2
  t["hashlib.pbkdf2_hmac"] = {
    family: "pbkdf2",
    label: "hashlib.pbkdf2_hmac",
    params: { hash: { pos: 0, kw: "hash_name" }, iterations: { pos: 3, kw: "iterations" } },
    salt: { pos: 2, kw: "salt" },
  };
  t["cryptography.hazmat.primitives.kdf.pbkdf2.PBKDF2HMAC"] = {
    family: "pbkdf2",
    label: "PBKDF2HMAC",
    params: { hash: { pos: 0, kw: "algorithm" }, iterations: { pos: 3, kw: "iterations" } },
    salt: { pos: 2, kw: "salt" },
  };
  for (const lib of ["Crypto", "Cryptodome"]) {
    t[`${lib}.Protocol.KDF.PBKDF2`] = {
      family: "pbkdf2",
      label: "PyCryptodome PBKDF2",
      params: { iterations: { pos: 3, kw: "count" }, hash: { pos: 5, kw: "hmac_hash_module" } },
      defaults: { iterations: 1000, hash: "sha1" },
      hashUnknownIf: ["prf"],
      salt: { pos: 1, kw: "salt" },
    };
    t[`${lib}.Protocol.KDF.scrypt`] = {
      family: "scrypt",
      label: "PyCryptodome scrypt",
      params: { n: { pos: 3, kw: "N" }, r: { pos: 4, kw: "r" }, p: { pos: 5, kw: "p" } },
      salt: { pos: 1, kw: "salt" },
    };
  }
  t["django.utils.crypto.pbkdf2"] = {
    family: "pbkdf2",
    label: "django.utils.crypto.pbkdf2",
    params: { iterations: { pos: 2, kw: "iterations" }, hash: { pos: 4, kw: "digest" } },
    defaults: { hash: "sha256" },
    salt: { pos: 1, kw: "salt" },
  };
  t["django.contrib.auth.hashers.PBKDF2PasswordHasher.encode"] = {
    family: "pbkdf2",
    label: "PBKDF2PasswordHasher.encode",
    params: { iterations: { pos: 2, kw: "iterations" } },
    defaults: { hash: "sha256" },
    salt: { pos: 1, kw: "salt" },
  };
  t["django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher.encode"] = {
    family: "pbkdf2",
    label: "PBKDF2SHA1PasswordHasher.encode",
    params: { iterations: { pos: 2, kw: "iterations" } },
    defaults: { hash: "sha1" },
    salt: { pos: 1, kw: "salt" },
  };
  for (const [scheme, hash] of Object.entries(PBKDF2_HASH_OF_SCHEME)) {
    for (const method of [...PASSLIB_HASH_METHODS, "using"]) {
      t[`passlib.hash.${scheme}.${method}`] = {
        family: "pbkdf2",
        label: `passlib ${scheme}.${method}`,
        params: { iterations: { kw: "rounds" } },
        defaults: { iterations: PASSLIB_PBKDF2_ROUNDS[scheme], hash },
        salt: { kw: "salt" },
        saltLength: { kw: "salt_size" },
      };
    }
  }
  // ---- bcrypt
  t["bcrypt.gensalt"] = { family: "bcrypt", label: "bcrypt.gensalt", params: { cost: { pos: 0, kw: "rounds" } }, defaults: { cost: 12 } };
  for (const scheme of ["bcrypt", "bcrypt_sha256"]) {
    for (const method of [...PASSLIB_HASH_METHODS, "using"]) {
      t[`passlib.hash.${scheme}.${method}`] = {
        family: "bcrypt",
        label: `passlib ${scheme}.${method}`,
        params: { cost: { kw: "rounds" } },
        defaults: { cost: 12 },
        salt: { kw: "salt" },
      };
    }
  }
  t["flask_bcrypt.generate_password_hash"] = { family: "bcrypt", label: "flask_bcrypt.generate_password_hash", params: { cost: { pos: 1, kw: "rounds" } } };
  t["flask_bcrypt.Bcrypt.generate_password_hash"] = { family: "bcrypt", label: "Bcrypt.generate_password_hash", params: { cost: { pos: 1, kw: "rounds" } } };
  // ---- scrypt
  t["hashlib.scrypt"] = {
    family: "scrypt",
    label: "hashlib.scrypt",
    params: { n: { kw: "n" }, r: { kw: "r" }, p: { kw: "p" } },
    salt: { kw: "salt" },
  };
  t["cryptography.hazmat.primitives.kdf.scrypt.Scrypt"] = {
    family: "scrypt",
    label: "Scrypt",
    params: { n: { pos: 2, kw: "n" }, r: { pos: 3, kw: "r" }, p: { pos: 4, kw: "p" } },
    salt: { pos: 0, kw: "salt" },
  };
  t["scrypt.hash"] = {
    family: "scrypt",
    label: "scrypt.hash",
    params: { n: { pos: 2, kw: "N" }, r: { pos: 3, kw: "r" }, p: { pos: 4, kw: "p" } },
    defaults: { n: 16_384, r: 8, p: 1 },
    salt: { pos: 1, kw: "salt" },
  };
  for (const method of [...PASSLIB_HASH_METHODS, "using"]) {
    t[`passlib.hash.scrypt.${method}`] = {
      family: "scrypt",
      label: `passlib scrypt.${method}`,
      params: { logN: { kw: "rounds" }, r: { kw: "block_size" }, p: { kw: "parallelism" } },
      defaults: { logN: 16, r: 8, p: 1 },
      salt: { kw: "salt" },
      saltLength: { kw: "salt_size" },
    };
  }
  // ---- Argon2
  t["argon2.PasswordHasher"] = {
    family: "argon2",
    label: "argon2.PasswordHasher",
    params: { timeCost: { pos: 0, kw: "time_cost" }, memoryCost: { pos: 1, kw: "memory_cost" }, parallelism: { pos: 2, kw: "parallelism" } },
    // argon2-cffi ≥ 21.2 (RFC 9106 low-memory profile); earlier releases had other, also sufficient, defaults
    defaults: { timeCost: 3, memoryCost: 65_536, parallelism: 4 },
    saltLength: { pos: 4, kw: "salt_len" },
  };
  for (const fn of ["hash_secret", "hash_secret_raw"]) {
    t[`argon2.low_level.${fn}`] = {
      family: "argon2",
      label: `argon2.low_level.${fn}`,
      params: { timeCost: { pos: 2, kw: "time_cost" }, memoryCost: { pos: 3, kw: "memory_cost" }, parallelism: { pos: 4, kw: "parallelism" } },
      salt: { pos: 1, kw: "salt" },
    };
  }
  for (const fn of ["hash_password", "hash_password_raw"]) {
    t[`argon2.${fn}`] = {
      family: "argon2",
      label: `argon2.${fn}`,
      params: { timeCost: { pos: 2, kw: "time_cost" }, memoryCost: { pos: 3, kw: "memory_cost" }, parallelism: { pos: 4, kw: "parallelism" } },
      salt: { pos: 1, kw: "salt" },
    };
  }
  t["cryptography.hazmat.primitives.kdf.argon2.Argon2id"] = {
    family: "argon2",
    label: "Argon2id",
    params: { timeCost: { kw: "iterations" }, memoryCost: { kw: "memory_cost" }, parallelism: { kw: "lanes" } },
    salt: { kw: "salt" },
  };
  for (const method of [...PASSLIB_HASH_METHODS, "using"]) {
    t[`passlib.hash.argon2.${method}`] = {
      family: "argon2",
      label: `passlib argon2.${method}`,
      params: { timeCost: { kw: "rounds" }, memoryCost: { kw: "memory_cost" }, parallelism: { kw: "parallelism" } },
      defaults: { timeCost: 2, memoryCost: 512, parallelism: 2 },
      salt: { kw: "salt" },
      saltLength: { kw: "salt_size" },
    };
  }
  return t;
})();

/** A Django password hasher class whose work factor a subclass sets with class attributes. */
export interface DjangoHasherClass {
  family: KdfFamily;
  /** Class attribute → parameter. */
  attributes: Readonly<Record<string, WorkParam>>;
  /** Django's own values, used for attributes the subclass leaves alone. */
  defaults: Partial<Record<WorkParam, number | string>>;
}

const DJANGO_HASHERS = "django.contrib.auth.hashers";

/**
 * Django's configurable hashers, by qualified class name. Defaults are Django 4.2's (the oldest supported
 * release) for PBKDF2 and the same in every release for the others.
 */
export const DJANGO_HASHER_CLASSES: Readonly<Record<string, DjangoHasherClass>> = {
  [`${DJANGO_HASHERS}.PBKDF2PasswordHasher`]: {
    family: "pbkdf2",
    attributes: { iterations: "iterations", digest: "hash" },
    defaults: { iterations: 600_000, hash: "sha256" },
  },
  [`${DJANGO_HASHERS}.PBKDF2SHA1PasswordHasher`]: {
    family: "pbkdf2",
    attributes: { iterations: "iterations", digest: "hash" },
    defaults: { iterations: 600_000, hash: "sha1" },
  },
  [`${DJANGO_HASHERS}.BCryptSHA256PasswordHasher`]: { family: "bcrypt", attributes: { rounds: "cost" }, defaults: { cost: 12 } },
  [`${DJANGO_HASHERS}.BCryptPasswordHasher`]: { family: "bcrypt", attributes: { rounds: "cost" }, defaults: { cost: 12 } },
  [`${DJANGO_HASHERS}.ScryptPasswordHasher`]: {
    family: "scrypt",
    attributes: { work_factor: "n", block_size: "r", parallelism: "p" },
    defaults: { n: 2 ** 14, r: 8, p: 1 },
  },
  [`${DJANGO_HASHERS}.Argon2PasswordHasher`]: {
    family: "argon2",
    attributes: { time_cost: "timeCost", memory_cost: "memoryCost", parallelism: "parallelism" },
    defaults: { timeCost: 2, memoryCost: 102_400, parallelism: 8 },
  },
};

/**
 * Django hashers that store a password as a fast digest (salted or not) or with DES `crypt`, by dotted path
 * as written in `PASSWORD_HASHERS`, with what they do.
 */
export const DJANGO_WEAK_HASHERS: Readonly<Record<string, string>> = {
  [`${DJANGO_HASHERS}.MD5PasswordHasher`]: "a single salted MD5",
  [`${DJANGO_HASHERS}.SHA1PasswordHasher`]: "a single salted SHA-1",
  [`${DJANGO_HASHERS}.UnsaltedMD5PasswordHasher`]: "an unsalted MD5",
  [`${DJANGO_HASHERS}.UnsaltedSHA1PasswordHasher`]: "an unsalted SHA-1",
  [`${DJANGO_HASHERS}.CryptPasswordHasher`]: "Unix DES crypt (8 characters, 2-character salt)",
};

/** The `algorithm` names of {@link DJANGO_WEAK_HASHERS}, as `make_password(…, hasher=…)` takes them. */
export const DJANGO_WEAK_ALGORITHMS: Readonly<Record<string, string>> = {
  md5: "a single salted MD5",
  sha1: "a single salted SHA-1",
  unsalted_md5: "an unsalted MD5",
  unsalted_sha1: "an unsalted SHA-1",
  crypt: "Unix DES crypt (8 characters, 2-character salt)",
};

/** `django.contrib.auth.hashers.make_password(password, salt=None, hasher="default")`. */
export const DJANGO_MAKE_PASSWORD = { name: `${DJANGO_HASHERS}.make_password`, salt: { pos: 1, kw: "salt" }, hasher: { pos: 2, kw: "hasher" } } as const;

/** Werkzeug's `generate_password_hash(password, method="scrypt", salt_length=16)`. */
export const WERKZEUG_GENERATE = {
  names: ["werkzeug.security.generate_password_hash", "werkzeug.generate_password_hash"],
  method: { pos: 1, kw: "method" } as ParamAt,
  /** Salt length in characters (Werkzeug's default is 16). */
  saltLength: { pos: 2, kw: "salt_length" } as ParamAt,
};

/** What a Werkzeug method string asks for. */
export type WerkzeugMethod =
  | { family: "pbkdf2"; hash: string; iterations?: number }
  | { family: "scrypt"; n?: number; r?: number; p?: number }
  | { family: "fast"; hash: string }
  | undefined;

/**
 * Parses a Werkzeug `method` string: `"pbkdf2:sha256:600000"`, `"pbkdf2"`, `"scrypt:32768:8:1"`, `"scrypt"`,
 * and the salted single digests of Werkzeug before 2.3 (`"sha256"`, `"md5"`, `"plain"`). Parameters left
 * out are undefined (Werkzeug's own default, which changes between releases). Undefined for anything else.
 */
export function parseWerkzeugMethod(method: string): WerkzeugMethod {
  const parts = method.trim().toLowerCase().split(":");
  const num = (s: string | undefined): number | undefined => (s !== undefined && /^\d+$/.test(s) ? Number(s) : undefined);
  if (parts[0] === "pbkdf2") return { family: "pbkdf2", hash: parts[1] || "sha256", iterations: num(parts[2]) };
  if (parts[0] === "scrypt") return { family: "scrypt", n: num(parts[1]), r: num(parts[2]), p: num(parts[3]) };
  if (parts.length === 1 && (parts[0] === "plain" || parts[0] in HASHLIB_DIGESTS)) return { family: "fast", hash: parts[0] };
  return undefined;
}

/**
 * Functions that return `n` random bytes (or `n` bytes' worth of random text), by qualified name, with where
 * they take `n` and the value used when it is left out.
 */
export const RANDOM_BYTES_CALLS: Readonly<Record<string, { n: ParamAt; default?: number }>> = {
  "os.urandom": { n: { pos: 0, kw: "size" } },
  "secrets.token_bytes": { n: { pos: 0, kw: "nbytes" }, default: 32 },
  "secrets.token_hex": { n: { pos: 0, kw: "nbytes" }, default: 32 },
  "secrets.token_urlsafe": { n: { pos: 0, kw: "nbytes" }, default: 32 },
  "random.randbytes": { n: { pos: 0, kw: "n" } },
  "Crypto.Random.get_random_bytes": { n: { pos: 0, kw: "N" } },
  "Cryptodome.Random.get_random_bytes": { n: { pos: 0, kw: "N" } },
  "nacl.utils.random": { n: { pos: 0, kw: "size" }, default: 32 },
};

/**
 * Calls besides {@link KDF_CALLS} that take a salt: a bcrypt or crypt(3) setting string (`"setting"`, where
 * only a constant is wrong) or raw salt bytes.
 */
export const SALT_CALLS: Readonly<Record<string, { label: string; salt: ParamAt; kind: "bytes" | "setting"; fresh?: string }>> = {
  "bcrypt.hashpw": { label: "bcrypt.hashpw", salt: { pos: 1, kw: "salt" }, kind: "setting", fresh: "pass bcrypt.gensalt()" },
  "bcrypt.kdf": { label: "bcrypt.kdf", salt: { pos: 1, kw: "salt" }, kind: "bytes" },
  "crypt.crypt": { label: "crypt.crypt", salt: { pos: 1, kw: "salt" }, kind: "setting", fresh: "pass crypt.mksalt()" },
  [DJANGO_MAKE_PASSWORD.name]: { label: "make_password", salt: DJANGO_MAKE_PASSWORD.salt, kind: "bytes", fresh: "leave salt out and Django makes one" },
};

/** PBKDF2 digests, by lower-case name (hashlib spelling, `cryptography` class or module), to a canonical name. */
export function pbkdf2Digest(name: string): string | undefined {
  const n = name.toLowerCase().replace(/[-_]/g, "");
  const map: Record<string, string> = {
    md5: "md5",
    sha: "sha1",
    sha1: "sha1",
    sha224: "sha224",
    sha256: "sha256",
    sha384: "sha384",
    sha512: "sha512",
    sha512224: "sha512",
    sha512256: "sha512",
    sha3224: "sha3",
    sha3256: "sha3",
    sha3384: "sha3",
    sha3512: "sha3",
    blake2b: "blake2",
    blake2s: "blake2",
    sm3: "sm3",
  };
  return map[n];
}
