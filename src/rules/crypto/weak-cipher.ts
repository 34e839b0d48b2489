import { defineRule, type Handler } from "../types.js";
import { WEAK_CIPHER_CALLS } from "../../model/knowledge/crypto.js";
import { calleeName, lastSegment, rootsOf } from "../util/qualified.js";

const STAR_ROOTS = ["Crypto.Cipher", "Cryptodome.Cipher", "cryptography.hazmat", "pyDes"];
/** The packages every name of {@link WEAK_CIPHER_CALLS} lies in: a file that can name none of them has nothing to report. */
const ROOTS = rootsOf(Object.keys(WEAK_CIPHER_CALLS));

/** PW304: a broken or obsolete symmetric cipher (RC4, DES, RC2, Blowfish, Triple DES…). */
export default defineRule({
  meta: {
    code: "PW304",
    name: "weak-cipher",
    practice: "other",
    cwe: [327],
    severity: "high",
    confidence: "high",
    aliases: ["B304", "S304"],
    skipInTests: true,
    docs: {
      what:
        "Creating a cipher object for RC2, RC4 (`ARC4`), DES, Triple DES, Blowfish, CAST5, IDEA, SEED or XOR " +
        "with PyCrypto/PyCryptodome (`Crypto.Cipher`), PyCryptodomex (`Cryptodome.Cipher`), pyca `cryptography` " +
        "(`algorithms.*`, including the `hazmat.decrepit` module) or `pyDes`, by any import path. Severity follows " +
        "the cipher: broken ones (RC2, RC4, DES, XOR) are high, 64-bit-block ciphers (Triple DES, Blowfish, CAST5, " +
        "IDEA) medium, SEED low. Bandit and Ruff leave out Triple DES, CAST5, SEED and the decrepit module; pyward " +
        "covers them.",
      why:
        "DES keys fall to brute force, RC4's keystream leaks plaintext, and 64-bit-block ciphers leak plaintext " +
        "through block collisions after a few dozen gigabytes under one key (Sweet32). Data encrypted with them can " +
        "be read or altered by an attacker who captures it. Decrypting legacy data is the one legitimate use: keep " +
        "it to a migration path and suppress the finding there with a reason.",
      bad:
        "from Crypto.Cipher import DES\n\ncipher = DES.new(key, DES.MODE_CBC, iv)\ntoken = cipher.encrypt(pad(payload, 8))\n",
      good:
        "from cryptography.hazmat.primitives.ciphers.aead import AESGCM\n\n" +
        "nonce = os.urandom(12)\ntoken = nonce + AESGCM(key).encrypt(nonce, payload, None)\n",
      references: [
        "CWE-327",
        "https://cheatsheetseries.owasp.org/cheatsheets/Cryptographic_Storage_Cheat_Sheet.html#algorithms",
        "https://sweet32.info/",
        "https://cryptography.io/en/latest/hazmat/decrepit/ciphers/",
      ],
    },
  },
  create(ctx): Record<string, Handler> {
    const { model } = ctx;
    if (!model.mayName(ROOTS)) return {};
    return {
      call(call) {
        const name = calleeName(model, call, STAR_ROOTS);
        if (!name || !Object.hasOwn(WEAK_CIPHER_CALLS, name)) return;
        const cipher = WEAK_CIPHER_CALLS[name];
        const shown = name.endsWith(".new") ? name.split(".").slice(-2).join(".") : lastSegment(name);
        ctx.report(call, `${cipher.label} cipher (${shown}) has ${cipher.weakness}; use AES-GCM or ChaCha20-Poly1305`, {
          severity: cipher.severity,
        });
      },
    };
  },
});
