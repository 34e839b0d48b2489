import { defineRule } from "../types.js";
import type { Node } from "../../parse/parser.js";
import { WERKZEUG_GENERATE } from "../../model/knowledge/password-hashing.js";
import { numberOption, siteStatement, werkzeugMethod, workSiteHandlers, type WorkSite } from "../util/kdf.js";

/** OWASP Password Storage Cheat Sheet minimums for scrypt. */
const DEFAULTS = { minN: 2 ** 17, minR: 8, minP: 1 };

/**
 * OWASP's equivalent scrypt settings, as (fraction of the minimum N, multiple of the minimum p): halving the
 * memory is paid for with more parallel work.
 */
const TRADE_OFFS: readonly [number, number][] = [
  [1, 1],
  [1 / 2, 2],
  [1 / 4, 3],
  [1 / 8, 5],
  [1 / 16, 10],
];

const fmt = (n: number): string => n.toLocaleString("en-US");
const pow2 = (n: number): string => (Number.isInteger(Math.log2(n)) ? `2^${Math.log2(n)}` : fmt(n));

/** PW323: scrypt with a cost, block size or parallelism below OWASP's minimum. */
export default defineRule({
  meta: {
    code: "PW323",
    name: "scrypt-weak-parameters",
    practice: "password-storage",
    cwe: [916],
    severity: "medium",
    confidence: "high",
    aliases: [],
    options: {
      minN: { type: "integer", default: DEFAULTS.minN, min: 1, description: "Minimum scrypt CPU/memory cost N." },
      minR: { type: "integer", default: DEFAULTS.minR, min: 1, description: "Minimum scrypt block size r." },
      minP: { type: "integer", default: DEFAULTS.minP, min: 1, description: "Minimum scrypt parallelism p." },
    },
    // test suites lower work factors on purpose, to run fast
    skipInTests: true,
    docs: {
      what:
        "scrypt configured below the OWASP minimum of N=2^17 (128 MiB), r=8, p=1, or one of OWASP's equivalent " +
        "trade-offs (N=2^16 with p=2, N=2^15 with p=3, N=2^14 with p=5, N=2^13 with p=10; a larger r counts as a " +
        "larger N): `hashlib.scrypt`, `cryptography`'s `Scrypt`, PyCryptodome's `scrypt`, the `scrypt` package " +
        "(default N=2^14), passlib's `scrypt` (default 2^16 with p=1), Django `ScryptPasswordHasher` subclasses " +
        "and Werkzeug method strings such as `\"scrypt:16384:8:1\"`. Only constant parameters are judged. " +
        "Options: `minN` (default 131072), `minR` (default 8), `minP` (default 1).",
      why:
        "scrypt's strength is the memory each guess needs: at N=2^14 and r=8 a guess takes 16 MiB, and an " +
        "attacker's GPU runs eight times as many guesses in parallel as at the minimum. Note that " +
        "`hashlib.scrypt` refuses to use more than 32 MiB unless `maxmem` is raised, which is why code often " +
        "lowers N instead: raise `maxmem`.",
      bad: "import hashlib, os\n\nsalt = os.urandom(16)\nkey = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)\n",
      good:
        "import hashlib, os\n\nsalt = os.urandom(16)\n# N=2^17, r=8 needs 128 MiB: raise maxmem above it (the default limit is 32 MiB)\n" +
        "key = hashlib.scrypt(password.encode(), salt=salt, n=2**17, r=8, p=1, maxmem=256 * 1024 * 1024)\n",
      references: ["CWE-916", "https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#scrypt"],
    },
  },
  create(ctx) {
    const { model } = ctx;
    const minN = numberOption(ctx.options, "minN", DEFAULTS.minN);
    const minR = numberOption(ctx.options, "minR", DEFAULTS.minR);
    const minP = numberOption(ctx.options, "minP", DEFAULTS.minP);

    const check = (site: WorkSite, hashlib = false): void => {
      const { n, logN, r, p } = site.values;
      const nValue = typeof n?.value === "number" ? n.value : typeof logN?.value === "number" ? 2 ** logN.value : undefined;
      if (nValue === undefined) return;
      const rValue = typeof r?.value === "number" ? r.value : minR;
      // unknown parallelism: assume the most generous trade-off
      const pValue = typeof p?.value === "number" ? p.value : TRADE_OFFS[TRADE_OFFS.length - 1][1] * minP;
      const memoryFactor = (nValue * rValue) / minR;
      if (TRADE_OFFS.some(([nf, pf]) => memoryFactor >= minN * nf && pValue >= pf * minP)) return;
      const given = [
        `N=${pow2(nValue)}${n?.defaulted || logN?.defaulted ? " (default)" : ""}`,
        `r=${typeof r?.value === "number" ? r.value : "?"}${r?.defaulted ? " (default)" : ""}`,
        `p=${typeof p?.value === "number" ? p.value : "?"}${p?.defaulted ? " (default)" : ""}`,
      ].join(", ");
      const mib = (128 * nValue * rValue) / 2 ** 20;
      const hint = hashlib ? "; raise maxmem rather than N (hashlib.scrypt refuses over 32 MiB by default)" : "";
      const at = n?.node ?? logN?.node ?? site.at;
      ctx.report(
        at,
        `scrypt with ${given} (${site.label}) needs ${mib >= 1 ? `${fmt(mib)} MiB` : "under 1 MiB"} per guess; OWASP asks for N=${pow2(minN)}, r=${minR}, p=${minP} or an equivalent trade-off${hint}`,
        { statement: siteStatement(site, at) },
      );
    };

    const werkzeugCall = (call: Node): void => {
      const given = werkzeugMethod(model, call);
      // without N, Werkzeug's own default applies (it changes between releases): not judged
      if (given?.method?.family !== "scrypt" || given.method.n === undefined) return;
      const { n, r, p } = given.method;
      check({
        family: "scrypt",
        label: "generate_password_hash",
        values: {
          n: { value: n, node: given.node, defaulted: false },
          r: { value: r ?? 8, defaulted: r === undefined },
          p: { value: p ?? 1, defaulted: p === undefined },
        },
        at: call,
      });
    };
    return workSiteHandlers(model, "scrypt", (site, name) => check(site, name === "hashlib.scrypt"), [{ keys: WERKZEUG_GENERATE.names, handler: werkzeugCall }]);
  },
});
