/**
 * The examples in the docs of the password-storage (PW320–PW328) and error-handling (PW410–PW412) rules
 * tell the truth: the bad example is flagged by its rule and the fixed one is not.
 */
import { describe, expect, it } from "vitest";
import { ALL_RULES } from "../../src/rules/index.js";
import { checkSource } from "../helpers/fixtures.js";

const CODES = ["PW320", "PW321", "PW322", "PW323", "PW324", "PW325", "PW326", "PW327", "PW328", "PW410", "PW411", "PW412"];

describe("docs examples", () => {
  for (const code of CODES) {
    const rule = ALL_RULES.find((r) => r.meta.code === code);
    it(`${code} flags its bad example and not its fixed one`, async () => {
      expect(rule).toBeDefined();
      const run = async (source: string) => {
        const result = await checkSource(source, { rules: [rule!], explicit: new Set([code]) }, "shop/settings.py");
        expect(result.errors).toEqual([]);
        return result.findings.filter((f) => f.code === code);
      };
      expect((await run(rule!.meta.docs.bad)).length).toBeGreaterThan(0);
      expect(await run(rule!.meta.docs.good)).toEqual([]);
    });
  }
});
