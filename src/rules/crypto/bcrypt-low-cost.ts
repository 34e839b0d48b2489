import { defineRule, type Handler } from "../types.js";
import { constInt, numberOption, showValue, siteStatement, workSiteHandlers, type WorkSite } from "../util/kdf.js";
import { settingContext, settingWrites } from "../util/framework-settings.js";

/** OWASP Password Storage Cheat Sheet minimum bcrypt work factor (log2 of the rounds). */
const DEFAULT_MIN_COST = 10;

/** Flask-Bcrypt's setting for the cost of `generate_password_hash` without `rounds`. */
const FLASK_BCRYPT_SETTING = "BCRYPT_LOG_ROUNDS";

/** PW322: bcrypt with a cost factor below OWASP's minimum. */
export default defineRule({
  meta: {
    code: "PW322",
    name: "bcrypt-low-cost",
    practice: "password-storage",
    cwe: [916],
    severity: "medium",
    confidence: "high",
    aliases: [],
    options: {
      minCost: { type: "integer", default: DEFAULT_MIN_COST, min: 1, description: "Minimum bcrypt cost (log2 of the rounds)." },
    },
    // test suites lower work factors on purpose, to run fast
    skipInTests: true,
    docs: {
      what:
        "bcrypt configured with a cost (log2 of its rounds) below the OWASP minimum: `bcrypt.gensalt(rounds=…)`, " +
        "passlib's `bcrypt`/`bcrypt_sha256` (`.using(rounds=…)`, `CryptContext(bcrypt__rounds=…)`), Flask-Bcrypt's " +
        "`generate_password_hash(pw, rounds)` and its `BCRYPT_LOG_ROUNDS` setting (not in test or development " +
        "configuration), and Django `BCryptSHA256PasswordHasher` subclasses setting `rounds`. Only constant costs " +
        "are judged; library defaults (12) are enough. Option: `minCost` (default 10).",
      why:
        "Each step of the cost doubles the work per guess. A cost of 4 to 8 — common in examples and copied test " +
        "settings — makes bcrypt 4 to 64 times cheaper to attack than the minimum, and lets a GPU rig test " +
        "hundreds of thousands of guesses a second against a leaked hash.",
      bad: "import bcrypt\n\nhashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=6))\n",
      good: "import bcrypt\n\nhashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=12))\n",
      references: ["CWE-916", "https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#bcrypt"],
    },
  },
  create(ctx) {
    const { model } = ctx;
    const minCost = numberOption(ctx.options, "minCost", DEFAULT_MIN_COST);

    const check = (site: WorkSite): void => {
      const cost = site.values.cost;
      if (!cost || typeof cost.value !== "number" || cost.value >= minCost) return;
      const at = cost.node ?? site.at;
      ctx.report(at, `bcrypt cost ${showValue(cost)} (${site.label}) is 2^${cost.value} rounds; OWASP asks for a cost of at least ${minCost}`, { statement: siteStatement(site, at) });
    };

    /** `BCRYPT_LOG_ROUNDS = 4` outside test and development configuration. */
    const setting = (node: Parameters<Handler>[0]): void => {
      for (const write of settingWrites(model, node)) {
        if (write.name !== FLASK_BCRYPT_SETTING || settingContext(model, write)) continue;
        const value = constInt(model, write.value);
        if (value === undefined) continue;
        check({ family: "bcrypt", label: FLASK_BCRYPT_SETTING, values: { cost: { value, node: write.at, defaulted: false } }, at: write.at });
      }
    };
    return { ...workSiteHandlers(model, "bcrypt", check), assignment: setting, call: setting };
  },
});
