import { defineRule, type Handler } from "../types.js";
import type { Node } from "../../parse/parser.js";
import { LEVEL_RANK, type Severity } from "../../engine/finding.js";
import { CIPHER_KEYS, CIPHER_METHODS, DEFAULT_CIPHER_ATTRIBUTES } from "../../model/knowledge/tls.js";
import { weakCipherEntries } from "../util/cipher-string.js";
import { assignmentChain } from "../util/assignment.js";

const MAX_LISTED = 3;

/** PW313: a TLS cipher string that enables NULL, anonymous, export-grade, RC4, DES, 3DES or MD5 suites. */
export default defineRule({
  meta: {
    code: "PW313",
    name: "insecure-cipher-suite",
    practice: "other",
    cwe: [327],
    severity: "high",
    confidence: "high",
    aliases: [],
    skipInTests: true,
    docs: {
      what:
        "OpenSSL cipher strings that let weak suites in: `set_ciphers(...)` on an `ssl.SSLContext`, pyOpenSSL's " +
        "`set_cipher_list(...)`, `ciphers=`/`ssl_ciphers=` arguments (urllib3, `ssl.wrap_socket`, servers), the same " +
        "keys in settings dictionaries, and assignments to a library's `DEFAULT_CIPHERS`. An entry is weak when it " +
        "adds NULL (no encryption), anonymous (`aNULL`, `ADH`, `AECDH`, `anon`), export-grade or `LOW`, RC4, RC2 or " +
        "single-DES suites (high severity), Triple DES, IDEA or MD5 suites (medium), `COMPLEMENTOFDEFAULT`/" +
        "`COMPLEMENTOFALL`, `@SECLEVEL=0`, or `ALL` without `!aNULL` — unless the same string removes it with `!` or " +
        "`-`. The string may be built at run time: only the constant parts are read. Neither Bandit nor Ruff checks " +
        "cipher strings.",
      why:
        "The cipher list decides what protects the connection. NULL suites encrypt nothing, anonymous suites " +
        "authenticate no one (a man in the middle just answers), export and DES keys are brute-forced, RC4 leaks " +
        "plaintext, and 64-bit-block ciphers fall to Sweet32. An attacker on the path can force the weakest suite " +
        "both sides accept.",
      bad: 'import ssl\n\ncontext = ssl.create_default_context()\ncontext.set_ciphers("ALL:RC4-SHA:DES-CBC3-SHA")\n',
      good:
        'import ssl\n\ncontext = ssl.create_default_context()  # OpenSSL\'s defaults are sound\n' +
        'context.set_ciphers("ECDHE+AESGCM:ECDHE+CHACHA20:!aNULL:!MD5")\n',
      references: [
        "CWE-327",
        "https://cheatsheetseries.owasp.org/cheatsheets/Transport_Layer_Security_Cheat_Sheet.html#cipher-suites",
        "https://www.openssl.org/docs/manmaster/man1/openssl-ciphers.html",
        "https://datatracker.ietf.org/doc/html/rfc7465",
      ],
    },
  },
  create(ctx): Record<string, Handler> {
    const { model } = ctx;
    /** Reports the weak entries of the cipher string `value` (constant parts only). */
    const check = (value: Node | null | undefined, where: string, at?: Node): void => {
      if (!value) return;
      const shape = model.stringShape(value);
      if (!shape) return;
      const weak = weakCipherEntries(shape.text);
      if (!weak.length) return;
      let severity: Severity = "low";
      for (const w of weak) if (LEVEL_RANK[w.severity] > LEVEL_RANK[severity]) severity = w.severity;
      const listed = weak.slice(0, MAX_LISTED).map((w) => `${w.entry} (${w.problem})`);
      const more = weak.length > MAX_LISTED ? ` and ${weak.length - MAX_LISTED} more` : "";
      ctx.report(at ?? value, `${where} enables weak TLS cipher suites: ${listed.join("; ")}${more}; remove them, or keep OpenSSL's default list`, {
        severity,
        confidence: shape.holes ? "medium" : "high",
      });
    };

    const handlers: Record<string, Handler> = {
      call(call) {
        const method = model.methodName(call);
        if (method && CIPHER_METHODS.has(method)) {
          check(model.arg(call, 0, method === "set_ciphers" ? "cipherlist" : "cipher_list"), `${method}()`);
          return;
        }
        const args = model.args(call);
        for (const [key, value] of args.keywords) if (CIPHER_KEYS.has(key)) check(value, `${key}=`);
      },
      pair(node) {
        const key = model.constant(node.childForFieldName("key"));
        if (typeof key === "string" && CIPHER_KEYS.has(key)) check(node.childForFieldName("value"), `"${key}" setting`);
      },
      assignment(node) {
        const chain = assignmentChain(node);
        if (!chain?.value) return;
        for (const left of chain.targets) {
          const attr = left.type === "attribute" ? left.childForFieldName("attribute")?.text : undefined;
          if (attr && DEFAULT_CIPHER_ATTRIBUTES.has(attr)) {
            check(chain.value, attr, node);
            return;
          }
        }
      },
      augmented_assignment(node) {
        const left = node.childForFieldName("left");
        const attr = left?.type === "attribute" ? left.childForFieldName("attribute")?.text : undefined;
        if (attr && DEFAULT_CIPHER_ATTRIBUTES.has(attr) && node.childForFieldName("operator")?.type === "+=") {
          check(node.childForFieldName("right"), attr, node);
        }
      },
    };
    // the methods, keywords (spelled, or literal keys of `**{…}`) and attributes are written out in the text;
    // dictionary keys may be computed, so `pair` always runs
    if (!ctx.file.text.includes("cipher")) delete handlers.call;
    if (!ctx.file.text.includes("CIPHER")) {
      delete handlers.assignment;
      delete handlers.augmented_assignment;
    }
    return handlers;
  },
});
