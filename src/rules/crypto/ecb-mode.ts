import { defineRule, type Handler } from "../types.js";
import type { Node } from "../../parse/parser.js";
import { ECB_MODE_CALLS, MODE_CIPHERS, PYCRYPTO_MODE_ECB, PYCRYPTO_ROOTS } from "../../model/knowledge/crypto.js";
import { calleeName, qualifiedName, rootsOf } from "../util/qualified.js";

const STAR_ROOTS = ["Crypto.Cipher", "Cryptodome.Cipher", "cryptography.hazmat.primitives.ciphers", "pyaes"];

/** `Crypto.Cipher.AES.new` → its library root (`Crypto`), for the PyCrypto-style ciphers that take a mode. */
function pycryptoNew(name: string): { root: string } | undefined {
  const m = /^(Crypto|Cryptodome)\.Cipher\.(\w+)\.new$/.exec(name);
  if (!m || !(MODE_CIPHERS as readonly string[]).includes(m[2]) || !(PYCRYPTO_ROOTS as readonly string[]).includes(m[1])) return undefined;
  return { root: m[1] };
}

/** The packages of every call this rule judges: a file that can name none of them has nothing to report. */
const ROOTS = rootsOf([...ECB_MODE_CALLS, ...PYCRYPTO_ROOTS]);

/** PW305: a block cipher in ECB mode. */
export default defineRule({
  meta: {
    code: "PW305",
    name: "ecb-mode",
    practice: "other",
    cwe: [327],
    severity: "medium",
    confidence: "high",
    aliases: ["B305", "S305"],
    skipInTests: true,
    docs: {
      what:
        "Block ciphers used in Electronic Codebook mode: `cryptography`'s `modes.ECB()`, `pyaes.AESModeOfOperationECB`, " +
        "and PyCrypto/PyCryptodome `new(key, MODE_ECB)` for AES, DES, Triple DES, RC2, Blowfish and CAST (by position " +
        "or `mode=`, by any import path, or as the literal `1`). Also `Crypto.Cipher.AES.new(key)` with no mode: " +
        "legacy PyCrypto silently used ECB there (PyCryptodome refuses the call), so that finding has medium " +
        "confidence. Bandit and Ruff only look at `cryptography`'s `modes.ECB`.",
      why:
        "ECB encrypts equal plaintext blocks to equal ciphertext blocks, so patterns in the data show through " +
        "(the well-known ECB penguin), blocks can be reordered or replayed, and an attacker who can inject " +
        "chosen plaintext next to a secret can decrypt the secret byte by byte. ECB also provides no integrity. " +
        "The one sound use is a primitive that encrypts exactly one block per key by design (AES key wrap, " +
        "RFC 3394, is built that way): suppress the finding there with that reason.",
      bad: "from Crypto.Cipher import AES\n\ncipher = AES.new(key, AES.MODE_ECB)\nblob = cipher.encrypt(pad(record, 16))\n",
      good:
        "from Crypto.Cipher import AES\n\ncipher = AES.new(key, AES.MODE_GCM)\nblob, tag = cipher.encrypt_and_digest(record)\n" +
        "stored = cipher.nonce + tag + blob\n",
      references: [
        "CWE-327",
        "https://cheatsheetseries.owasp.org/cheatsheets/Cryptographic_Storage_Cheat_Sheet.html#cipher-modes",
        "https://en.wikipedia.org/wiki/Block_cipher_mode_of_operation#Electronic_codebook_(ECB)",
      ],
    },
  },
  create(ctx): Record<string, Handler> {
    const { model } = ctx;
    if (!model.mayName(ROOTS)) return {};
    const isEcbConstant = (node: Node): boolean => {
      const name = qualifiedName(model, node, STAR_ROOTS);
      if (name) return name.endsWith(".MODE_ECB") && (PYCRYPTO_ROOTS as readonly string[]).some((r) => name.startsWith(`${r}.`));
      return model.constant(node) === PYCRYPTO_MODE_ECB;
    };
    return {
      call(call: Node) {
        const name = calleeName(model, call, STAR_ROOTS);
        if (!name) return;
        if (ECB_MODE_CALLS.has(name)) {
          ctx.report(call, "ECB mode leaks patterns of the plaintext and has no integrity; use GCM (or CBC/CTR with a MAC)");
          return;
        }
        const cipher = pycryptoNew(name);
        if (!cipher) return;
        const args = model.args(call);
        const mode = model.arg(call, 1, "mode");
        if (mode) {
          if (isEcbConstant(mode)) {
            ctx.report(call, "cipher created in ECB mode (MODE_ECB): equal blocks encrypt alike and nothing detects tampering; use MODE_GCM");
          }
          return;
        }
        // no mode: legacy PyCrypto (the `Crypto` package) defaulted to ECB; PyCryptodome requires one
        if (cipher.root === "Crypto" && args.starAt < 0 && !args.hasDoubleStar && args.positional.length <= 1) {
          ctx.report(call, "cipher created without a mode: legacy PyCrypto falls back to ECB; pass MODE_GCM explicitly", { confidence: "medium" });
        }
      },
    };
  },
});
