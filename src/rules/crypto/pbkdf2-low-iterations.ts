import { defineRule } from "../types.js";
import { digestLabel, WERKZEUG_GENERATE } from "../../model/knowledge/password-hashing.js";
import { numberOption, showValue, siteStatement, werkzeugMethod, workSiteHandlers, type WorkSite } from "../util/kdf.js";

/** OWASP Password Storage Cheat Sheet minimums for PBKDF2, by HMAC digest. */
const DEFAULTS = { minIterationsSha1: 1_300_000, minIterationsSha256: 600_000, minIterationsSha512: 210_000 };

/** PW321: PBKDF2 with fewer iterations than OWASP's minimum for its digest. */
export default defineRule({
  meta: {
    code: "PW321",
    name: "pbkdf2-low-iterations",
    practice: "password-storage",
    cwe: [916],
    severity: "medium",
    confidence: "high",
    aliases: [],
    options: {
      minIterationsSha1: { type: "integer", default: DEFAULTS.minIterationsSha1, min: 1, description: "Minimum PBKDF2 iterations with HMAC-SHA1 (also used for MD5)." },
      minIterationsSha256: { type: "integer", default: DEFAULTS.minIterationsSha256, min: 1, description: "Minimum PBKDF2 iterations with HMAC-SHA256 (also SHA-224, SHA-3, BLAKE2)." },
      minIterationsSha512: { type: "integer", default: DEFAULTS.minIterationsSha512, min: 1, description: "Minimum PBKDF2 iterations with HMAC-SHA512 (also SHA-384)." },
    },
    // test suites lower work factors on purpose, to run fast
    skipInTests: true,
    docs: {
      what:
        "PBKDF2 run with fewer iterations than the OWASP Password Storage Cheat Sheet asks for its HMAC digest: " +
        "`hashlib.pbkdf2_hmac`, `cryptography`'s `PBKDF2HMAC`, PyCryptodome's `PBKDF2` (default 1,000 rounds of " +
        "SHA-1), `django.utils.crypto.pbkdf2`, Django's `PBKDF2PasswordHasher` (a subclass setting `iterations`, " +
        "or `encode(..., iterations=…)`), passlib's `pbkdf2_sha1/256/512` (their defaults of 131,000/29,000/" +
        "25,000 rounds are below the minimums too, and `CryptContext(pbkdf2_sha256__rounds=…)`), and Werkzeug " +
        "method strings such as `\"pbkdf2:sha256:50000\"`. Only constant counts are judged. Options: " +
        "`minIterationsSha1` (default 1,300,000; also used for MD5), `minIterationsSha256` (default 600,000; also " +
        "SHA-224, SHA-3, BLAKE2) and `minIterationsSha512` (default 210,000; also SHA-384). When the digest " +
        "cannot be told, the smallest minimum applies.",
      why:
        "PBKDF2's only defence is its iteration count: each guess costs the attacker that many HMAC " +
        "computations. Counts from old tutorials (1,000, 10,000, 100,000) let a single GPU test millions of " +
        "candidate passwords a second against a leaked hash table. OWASP sets the minimums so that PBKDF2 costs " +
        "about as much per guess as its recommended memory-hard alternatives.",
      bad: 'import hashlib, os\n\nsalt = os.urandom(16)\nkey = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 100_000)\n',
      good: 'import hashlib, os\n\nsalt = os.urandom(16)\nkey = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600_000)\n',
      references: [
        "CWE-916",
        "https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#pbkdf2",
      ],
    },
  },
  create(ctx) {
    const o = ctx.options;
    const sha1 = numberOption(o, "minIterationsSha1", DEFAULTS.minIterationsSha1);
    const sha256 = numberOption(o, "minIterationsSha256", DEFAULTS.minIterationsSha256);
    const sha512 = numberOption(o, "minIterationsSha512", DEFAULTS.minIterationsSha512);
    const minimumFor = (hash: string | undefined): number => {
      if (hash === undefined) return Math.min(sha1, sha256, sha512);
      if (hash === "sha1" || hash === "md5") return sha1;
      if (hash === "sha512" || hash === "sha384") return sha512;
      return sha256;
    };

    const check = (site: WorkSite): void => {
      const it = site.values.iterations;
      if (!it || typeof it.value !== "number") return;
      const hash = typeof site.values.hash?.value === "string" ? site.values.hash.value : undefined;
      const minimum = minimumFor(hash);
      if (it.value >= minimum) return;
      const digest = hash ? `HMAC-${digestLabel(hash)}` : "an unknown HMAC digest";
      const at = it.node ?? site.at;
      ctx.report(
        at,
        `PBKDF2 with ${digest} and ${showValue(it)} iterations (${site.label}); OWASP asks for at least ${minimum.toLocaleString("en-US")}`,
        { statement: siteStatement(site, at) },
      );
    };

    return workSiteHandlers(ctx.model, "pbkdf2", check, [
      {
        keys: WERKZEUG_GENERATE.names,
        handler(call) {
          const given = werkzeugMethod(ctx.model, call);
          if (given?.method?.family !== "pbkdf2" || given.method.iterations === undefined) return;
          check({
            family: "pbkdf2",
            label: "generate_password_hash",
            values: { iterations: { value: given.method.iterations, node: given.node, defaulted: false }, hash: { value: given.method.hash, defaulted: false } },
            at: call,
          });
        },
      },
    ]);
  },
});
