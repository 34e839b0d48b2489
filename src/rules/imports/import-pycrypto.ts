import { defineRule, type Handler } from "../types.js";
import type { Node } from "../../parse/parser.js";
import { importedItems, isUnder, type ImportedItem } from "../util/imports.js";

/**
 * Modules and names that exist in PyCrypto but were removed from PyCryptodome (its maintained, API-compatible
 * successor that installs under the same `Crypto` package): importing one proves the project runs PyCrypto.
 */
const PYCRYPTO_ONLY = [
  "Crypto.Random.OSRNG",
  "Crypto.Random.randpool",
  "Crypto.Util.winrandom",
  "Crypto.Util.randpool",
  "Crypto.Cipher.XOR",
  "Crypto.Protocol.AllOrNothing",
  "Crypto.Protocol.Chaffing",
  "Crypto.Util.number.getRandomNumber",
  "Crypto.pct_warnings",
];

/** Modules and names that only PyCryptodome has: their use anywhere shows that `Crypto` is PyCryptodome. */
const PYCRYPTODOME_ONLY = [
  "Crypto.Cipher.ChaCha20",
  "Crypto.Cipher.ChaCha20_Poly1305",
  "Crypto.Cipher.Salsa20",
  "Crypto.PublicKey.ECC",
  "Crypto.Signature.pkcs1_15",
  "Crypto.Signature.pss",
  "Crypto.Signature.DSS",
  "Crypto.Signature.eddsa",
  "Crypto.Hash.SHA3_224",
  "Crypto.Hash.SHA3_256",
  "Crypto.Hash.SHA3_384",
  "Crypto.Hash.SHA3_512",
  "Crypto.Hash.SHAKE128",
  "Crypto.Hash.SHAKE256",
  "Crypto.Hash.BLAKE2b",
  "Crypto.Hash.BLAKE2s",
  "Crypto.Hash.keccak",
  "Crypto.Hash.Poly1305",
  "Crypto.Hash.KMAC128",
  "Crypto.Hash.KMAC256",
  "Crypto.Hash.TupleHash128",
  "Crypto.Hash.TupleHash256",
  "Crypto.Hash.cSHAKE128",
  "Crypto.Hash.cSHAKE256",
  "Crypto.Hash.KangarooTwelve",
  "Crypto.Hash.TurboSHAKE128",
  "Crypto.Hash.TurboSHAKE256",
  "Crypto.Util.Padding",
  "Crypto.Protocol.SecretSharing",
  "Crypto.Protocol.DH",
  "Crypto.Protocol.KDF.scrypt",
  "Crypto.Protocol.KDF.bcrypt",
  "Crypto.Protocol.KDF.bcrypt_check",
  "Crypto.Protocol.KDF.SP800_108_Counter",
  "Crypto.Math",
];

/** Authenticated cipher modes that PyCrypto 2.6 never shipped (`AES.MODE_GCM`). */
const PYCRYPTODOME_MODES = new Set(["MODE_GCM", "MODE_EAX", "MODE_SIV", "MODE_CCM", "MODE_OCB"]);

/** A fact of this rule: a `Crypto` import that PyCrypto and PyCryptodome share, or proof of PyCryptodome. */
interface Fact {
  kind: "shared-import" | "pycryptodome";
  name: string;
}

/** The dotted names an import item brings in (`from Crypto.Cipher import AES, XOR` → both full names). */
function fullNames(item: ImportedItem): string[] {
  return item.names ? item.names.map((n) => `${item.module}.${n}`) : [item.module];
}

/** PW620: the unmaintained PyCrypto library in use. */
export default defineRule({
  meta: {
    code: "PW620",
    name: "import-pycrypto",
    practice: "dependencies",
    cwe: [1104, 327],
    severity: "high",
    confidence: "high",
    aliases: ["B413", "S413"],
    options: {
      reportShared: { type: "boolean", default: false, description: "Also report imports PyCrypto shares with PyCryptodome when nothing proves PyCryptodome is used." },
    },
    docs: {
      what:
        "Imports that prove the project uses PyCrypto, the `Crypto` package abandoned in 2013: modules and names " +
        "that PyCryptodome removed (`Crypto.Random.OSRNG`, `Crypto.Cipher.XOR`, `Crypto.Util.randpool`, " +
        "`Crypto.Protocol.AllOrNothing`…). A plain `from Crypto.Cipher import AES` is ambiguous, since PyCryptodome " +
        "installs under the same name; with the option `reportShared: true` such imports are reported too (low " +
        "confidence, as Bandit B413 and Ruff S413 report every `Crypto` import), but only when no file of the " +
        "project uses an API that PyCryptodome alone has (`Crypto.PublicKey.ECC`, `Crypto.Util.Padding`, " +
        "`AES.MODE_GCM`…). A `pycrypto` requirement in a manifest is reported by the dependency audit. Bandit's " +
        "B414 (PyCryptodome) was withdrawn by Bandit, since PyCryptodome is maintained; pyward has no rule for it.",
      why:
        "PyCrypto has had no release since 2013 and carries known flaws, among them a heap overflow in its block " +
        "cipher setup (CVE-2013-7459) and weak randomness after fork. Nothing in it will be fixed.",
      bad: "from Crypto.Random import OSRNG\nrng = OSRNG.new()\n",
      good: "import secrets\nkey = secrets.token_bytes(32)\n# ciphers: the `cryptography` package, or PyCryptodome\n",
      references: ["CWE-1104", "https://nvd.nist.gov/vuln/detail/CVE-2013-7459", "https://www.pycryptodome.org/src/vs_pycrypto", "https://cryptography.io/"],
    },
  },
  create(ctx) {
    const { model } = ctx;
    const reportShared = ctx.options.reportShared === true;
    let provenModern = false;
    const modern = (node: Node, name: string): void => {
      if (!reportShared || provenModern) return;
      provenModern = true;
      ctx.record(node, { kind: "pycryptodome", name } satisfies Fact);
    };
    const statement: Handler = (node) => {
      let shared: string | undefined;
      for (const item of importedItems(node)) {
        for (const name of fullNames(item)) {
          if (!isUnder(name, "Crypto")) continue;
          const legacy = PYCRYPTO_ONLY.find((p) => isUnder(name, p));
          if (legacy) {
            ctx.report(node, `${legacy} exists only in PyCrypto, which is unmaintained and has known vulnerabilities; use the cryptography package or PyCryptodome`);
            return;
          }
          if (PYCRYPTODOME_ONLY.some((p) => isUnder(name, p))) modern(node, name);
          else shared ??= name;
        }
      }
      if (shared && reportShared) ctx.record(node, { kind: "shared-import", name: shared } satisfies Fact);
    };
    const handlers: Record<string, Handler> = { import_statement: statement, import_from_statement: statement };
    if (reportShared) {
      handlers.attribute = (node) => {
        if (provenModern) return;
        const attr = node.childForFieldName("attribute")?.text;
        if (!attr || !PYCRYPTODOME_MODES.has(attr)) return;
        const name = model.resolve(node);
        if (name && isUnder(name, "Crypto.Cipher")) modern(node, name);
      };
    }
    return handlers;
  },
  checkProject(facts, reporter) {
    if (facts.some((f) => (f.data as Fact).kind === "pycryptodome")) return;
    for (const f of facts) {
      const data = f.data as Fact;
      if (data.kind !== "shared-import") continue;
      reporter.report(
        f,
        `imports ${data.name}: if this is PyCrypto rather than PyCryptodome, it is unmaintained and has known vulnerabilities; move to the cryptography package or PyCryptodome`,
        { severity: "medium", confidence: "low" },
      );
    }
  },
});
