import { defineRule, type Handler } from "../types.js";
import type { Node } from "../../parse/parser.js";

const WEAK = new Set(["md4", "md5", "sha", "sha1", "md5-sha1", "ripemd160", "mdc2"]);
const DIRECT = ["hashlib.md5", "hashlib.sha1", "Crypto.Hash.MD5.new", "Crypto.Hash.MD4.new", "Crypto.Hash.SHA.new", "Crypto.Hash.SHA1.new", "Cryptodome.Hash.MD5.new", "Cryptodome.Hash.SHA1.new", "Cryptodome.Hash.MD4.new"];
const CRYPTOGRAPHY = ["cryptography.hazmat.primitives.hashes.MD5", "cryptography.hazmat.primitives.hashes.SHA1"];

/** PW301: MD5/SHA-1 (and older) hashes used where security depends on them. */
export default defineRule({
  namesOnly: true,
  meta: {
    code: "PW301",
    name: "weak-hash",
    practice: "password-storage",
    cwe: [327, 328],
    severity: "medium",
    confidence: "high",
    aliases: ["B324", "S324", "B303", "S303"],
    docs: {
      what:
        "Calls of MD4, MD5 or SHA-1 through `hashlib` (directly or via `hashlib.new(name)`), PyCryptodome or " +
        "`cryptography`, unless `usedforsecurity=False` says the digest protects nothing.",
      why:
        "MD5 and SHA-1 have practical collision attacks, and all fast hashes can be brute-forced at billions of " +
        "guesses per second. Signatures, integrity checks and password storage built on them can be forged or cracked.",
      bad: 'import hashlib\ndigest = hashlib.md5(password.encode()).hexdigest()\n',
      good:
        'import hashlib\ndigest = hashlib.sha256(data).hexdigest()\n# passwords: a slow salted KDF\n' +
        'key = hashlib.scrypt(password.encode(), salt=salt, n=2**17, r=8, p=1, maxmem=2**28)\n',
      references: ["CWE-327", "CWE-328", "https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html"],
    },
  },
  create(ctx) {
    const { model } = ctx;
    const notForSecurity = (call: Node): boolean =>
      model.isFalse(model.arg(call, undefined, "usedforsecurity"));
    const handlers: Record<string, Handler> = {
      "hashlib.new"(call) {
        const name = model.constant(model.arg(call, 0, "name"));
        if (typeof name !== "string" || !WEAK.has(name.toLowerCase().replace(/_/g, "-"))) return;
        if (notForSecurity(call)) return;
        ctx.report(call, `weak hash algorithm '${name}' via hashlib.new; use SHA-256 or better, or pass usedforsecurity=False if it protects nothing`);
      },
    };
    for (const name of [...DIRECT, ...CRYPTOGRAPHY]) {
      handlers[name] = (call) => {
        if (notForSecurity(call)) return;
        const short = name.split(".").slice(-2).join(".");
        ctx.report(call, `weak hash algorithm ${short}; use SHA-256 or better, or pass usedforsecurity=False if it protects nothing`);
      };
    }
    return handlers;
  },
});
