import { defineRule, type Handler } from "../types.js";
import type { Node } from "../../parse/parser.js";
import { KDF_CALLS, SALT_CALLS, WERKZEUG_GENERATE, type ParamAt } from "../../model/knowledge/password-hashing.js";
import { argAt, constInt, numberOption, randomSource } from "../util/kdf.js";

/** Minimum salt length, in bytes (128 bits). */
const DEFAULT_MIN_SALT_BYTES = 16;

/** PW325: a password hash or KDF given a constant salt, or too few random bytes of salt. */
export default defineRule({
  namesOnly: true,
  meta: {
    code: "PW325",
    name: "weak-password-salt",
    practice: "password-storage",
    cwe: [759, 760],
    severity: "medium",
    confidence: "high",
    aliases: [],
    options: {
      minSaltBytes: { type: "integer", default: DEFAULT_MIN_SALT_BYTES, min: 1, description: "Smallest acceptable salt, in bytes." },
    },
    skipInTests: true,
    docs: {
      what:
        "A salt that is a constant (`salt=b\"static\"`, a module-level `SALT = \"…\"`, a fixed bcrypt or crypt " +
        "setting string) or fewer than 16 random bytes (`os.urandom(8)`, `secrets.token_hex(4)`, also through " +
        "`.hex()`/`b64encode` or a variable) given to a password hash or KDF: `hashlib.pbkdf2_hmac`, " +
        "`hashlib.scrypt`, `cryptography`'s `PBKDF2HMAC`/`Scrypt`/`Argon2id`, PyCryptodome's `PBKDF2`/`scrypt`, " +
        "`argon2.low_level.hash_secret`, `bcrypt.hashpw`/`bcrypt.kdf`, `crypt.crypt`, Django's `make_password` " +
        "and hasher `encode`, passlib's `using(salt=…)`. Also a generated salt length below the minimum: " +
        "`PasswordHasher(salt_len=8)`, passlib `salt_size=8`, Werkzeug `salt_length=8` (characters). Option: " +
        "`minSaltBytes` (default 16).",
      why:
        "A salt makes each stored hash unique, so equal passwords hash differently and an attacker must crack " +
        "every account separately. A constant salt is no salt: one precomputed table or one cracking run covers " +
        "every user. A short random salt repeats across a large user base and allows precomputation for the " +
        "likely values.",
      bad: 'import hashlib\n\nkey = hashlib.pbkdf2_hmac("sha256", password.encode(), b"app-salt", 600_000)\n',
      good:
        'import hashlib, os\n\nsalt = os.urandom(16)  # new for every password, stored next to the hash\n' +
        'key = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600_000)\n',
      references: [
        "CWE-759",
        "CWE-760",
        "https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#salting",
        "https://pages.nist.gov/800-63-3/sp800-63b.html#memsecretver",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;
    const minBytes = numberOption(ctx.options, "minSaltBytes", DEFAULT_MIN_SALT_BYTES);

    /** Judges the salt argument `at` of `call`; `setting` salts (bcrypt, crypt) are only judged for being constant. */
    const checkSalt = (call: Node, at: ParamAt | undefined, label: string, setting: boolean, fresh?: string): void => {
      const salt = argAt(model, call, at);
      if (!salt) return;
      const value = model.constant(salt);
      if (typeof value === "string") {
        ctx.report(
          salt,
          `constant salt for ${label}: every password shares it, so equal passwords hash alike and one precomputed table covers all; ` +
            (fresh ? `${fresh} for every password` : `generate os.urandom(${minBytes}) per password and store it with the hash`),
          { statement: call },
        );
        return;
      }
      if (setting) return;
      const random = randomSource(model, salt);
      if (random && random.n < minBytes) {
        ctx.report(salt, `salt of ${random.n} random bytes (${random.label}) for ${label}; use at least ${minBytes} bytes (${minBytes * 8} bits)`, {
          statement: call,
        });
      }
    };

    /** Judges a generated-salt length argument (bytes, or characters for Werkzeug). */
    const checkLength = (call: Node, at: ParamAt | undefined, label: string, unit: string): void => {
      const node = argAt(model, call, at);
      const n = constInt(model, node);
      if (!node || n === undefined || n >= minBytes) return;
      ctx.report(node, `${label} generates salts of ${n} ${unit}; use at least ${minBytes}`, { statement: call });
    };

    const handlers: Record<string, Handler> = {};
    for (const [name, kdf] of Object.entries(KDF_CALLS)) {
      if (!kdf.salt && !kdf.saltLength) continue;
      handlers[name] = (call) => {
        if (kdf.salt) checkSalt(call, kdf.salt, kdf.label, false);
        if (kdf.saltLength) checkLength(call, kdf.saltLength, kdf.label, "bytes");
      };
    }
    for (const [name, spec] of Object.entries(SALT_CALLS)) {
      handlers[name] = (call) => checkSalt(call, spec.salt, spec.label, spec.kind === "setting", spec.fresh);
    }
    for (const name of WERKZEUG_GENERATE.names) {
      handlers[name] = (call) => checkLength(call, WERKZEUG_GENERATE.saltLength, "generate_password_hash", "characters");
    }
    return handlers;
  },
});
