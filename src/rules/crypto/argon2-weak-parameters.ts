import { defineRule } from "../types.js";
import { numberOption, siteStatement, workSiteHandlers, type WorkSite, type WorkValue } from "../util/kdf.js";

/** OWASP Password Storage Cheat Sheet minimums for argon2id: 19 MiB, 2 passes, 1 lane. */
const DEFAULTS = { minMemoryKiB: 19_456, minTimeCost: 2, minParallelism: 1 };

/**
 * OWASP's equivalent argon2id settings, as (fraction of the minimum memory, passes added to the minimum):
 * 46 MiB × 1, 19 MiB × 2, 12 MiB × 3, 9 MiB × 4, 7 MiB × 5 at the default minimums.
 */
const TRADE_OFFS: readonly [number, number][] = [
  [47_104 / 19_456, -1],
  [1, 0],
  [12_288 / 19_456, 1],
  [9_216 / 19_456, 2],
  [7_168 / 19_456, 3],
];

const fmt = (n: number): string => n.toLocaleString("en-US");
const dflt = (v: WorkValue | undefined): string => (v?.defaulted ? " (default)" : "");

/** PW324: Argon2 with less memory, fewer passes or fewer lanes than OWASP's minimum. */
export default defineRule({
  meta: {
    code: "PW324",
    name: "argon2-weak-parameters",
    practice: "password-storage",
    cwe: [916],
    severity: "medium",
    confidence: "high",
    aliases: [],
    options: {
      minMemoryKiB: { type: "integer", default: DEFAULTS.minMemoryKiB, min: 1, description: "Minimum Argon2 memory cost, in KiB." },
      minTimeCost: { type: "integer", default: DEFAULTS.minTimeCost, min: 1, description: "Minimum Argon2 time cost (passes)." },
      minParallelism: { type: "integer", default: DEFAULTS.minParallelism, min: 1, description: "Minimum Argon2 parallelism (lanes)." },
    },
    // test suites lower work factors on purpose, to run fast
    skipInTests: true,
    docs: {
      what:
        "Argon2 configured below the OWASP minimum for argon2id — 19 MiB of memory (19,456 KiB), 2 passes, " +
        "parallelism 1 — or one of OWASP's equivalent trade-offs (46 MiB × 1 pass, 12 MiB × 3, 9 MiB × 4, 7 MiB × 5): " +
        "argon2-cffi's `PasswordHasher(time_cost=…, memory_cost=…, parallelism=…)` (parameters left out take " +
        "argon2-cffi's defaults of 3 passes, 64 MiB and 4 lanes), `argon2.low_level.hash_secret(_raw)`, " +
        "`cryptography`'s `Argon2id`, passlib's `argon2` (whose defaults, 512 KiB and 2 passes, are far below " +
        "the minimum) and Django `Argon2PasswordHasher` subclasses. Memory is in KiB, as all these APIs take it. " +
        "Only constant parameters are judged. Options: `minMemoryKiB` (default 19456), `minTimeCost` (default 2), " +
        "`minParallelism` (default 1).",
      why:
        "Argon2's resistance to GPU and ASIC cracking comes from the memory every guess must fill; with a few " +
        "hundred KiB, thousands of guesses run side by side on one card and Argon2 is hardly better than a fast " +
        "hash. Settings copied from tests (`memory_cost=8`, `time_cost=1`) are a common cause.",
      bad: "from argon2 import PasswordHasher\n\nhasher = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)\n",
      good: "from argon2 import PasswordHasher\n\nhasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)\n",
      references: [
        "CWE-916",
        "https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#argon2id",
        "https://www.rfc-editor.org/rfc/rfc9106#section-4",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;
    const minM = numberOption(ctx.options, "minMemoryKiB", DEFAULTS.minMemoryKiB);
    const minT = numberOption(ctx.options, "minTimeCost", DEFAULTS.minTimeCost);
    const minP = numberOption(ctx.options, "minParallelism", DEFAULTS.minParallelism);

    const check = (site: WorkSite): void => {
      const { memoryCost, timeCost, parallelism } = site.values;
      const m = typeof memoryCost?.value === "number" ? memoryCost.value : undefined;
      const t = typeof timeCost?.value === "number" ? timeCost.value : undefined;
      const p = typeof parallelism?.value === "number" ? parallelism.value : undefined;
      // unknown memory: nothing to judge; unknown passes or lanes: assume the most generous reading
      const weakLanes = p !== undefined && p < minP;
      if (m === undefined && !weakLanes) return;
      const tt = t ?? minT + TRADE_OFFS[TRADE_OFFS.length - 1][1];
      const enough = m === undefined || TRADE_OFFS.some(([mf, dt]) => m >= minM * mf && tt >= Math.max(1, minT + dt));
      if (enough && !weakLanes) return;
      const parts: string[] = [];
      if (m !== undefined) parts.push(`memory ${fmt(m)} KiB (${fmt(Math.round((m / 1024) * 10) / 10)} MiB)${dflt(memoryCost)}`);
      if (t !== undefined) parts.push(`${t} pass${t === 1 ? "" : "es"}${dflt(timeCost)}`);
      if (p !== undefined) parts.push(`parallelism ${p}${dflt(parallelism)}`);
      const at = (!enough ? memoryCost?.node : parallelism?.node) ?? site.at;
      ctx.report(
        at,
        `Argon2 with ${parts.join(", ")} (${site.label}); OWASP asks for at least ${fmt(minM)} KiB and ${minT} passes with parallelism ${minP}, or an equivalent trade-off`,
        { statement: siteStatement(site, at) },
      );
    };

    return workSiteHandlers(model, "argon2", check);
  },
});
