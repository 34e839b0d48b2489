/**
 * The second ReDoS tier is skipped for patterns whose JavaScript translation keeps a look-around
 * (`keepsLookaround`): that is only safe while recheck's automaton checker answers "unsupported" for every
 * such pattern, which this test checks against the installed recheck.
 */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { isParseError, parseRegex, toJavaScript, type ParsedRegex } from "../../../src/rules/util/pyregex.js";
import { keepsLookaround } from "../../../src/rules/util/redos.js";

const parse = (p: string): ParsedRegex => {
  const r = parseRegex(p);
  if (isParseError(r)) throw new Error(`${p}: ${r.error}`);
  return r;
};

interface Recheck {
  checkSync(source: string, flags: string, params?: Record<string, unknown>): { status: string; error?: { kind: string } };
}

describe("keepsLookaround", () => {
  it("sees look-arounds the translation keeps, not those inside opaque units or {0}", () => {
    for (const p of [String.raw`(?<=x)(a|ab)*c`, String.raw`(a|ab)*(?!b)$`, String.raw`(?:(?=a))?(a|a)*$`, String.raw`(?:x|(?<!y)z)+`, String.raw`(a)?(?(1)(?=b)|c)(a|ab)*`]) {
      expect(keepsLookaround(parse(p)), p).toBe(true);
    }
    for (const p of [String.raw`(a|ab)*c`, String.raw`(?:(?=a)){0}(a|a)*$`, String.raw`(?>(?=a)b)(a|ab)*c`, String.raw`(?:(?=a)b)*+(a|ab)*c`, String.raw`(a)\1(a|ab)*`]) {
      expect(keepsLookaround(parse(p)), p).toBe(false);
    }
  });

  it("matches what recheck's automaton checker cannot compile", () => {
    const previous = process.env.RECHECK_SYNC_BACKEND;
    process.env.RECHECK_SYNC_BACKEND = "pure";
    try {
      const recheck = createRequire(import.meta.url)("recheck") as Recheck;
      for (const p of [String.raw`(?<=x)(a|a)*$`, String.raw`^(?=x)(a|a)*$`, String.raw`(a|a)*(?!b)$`, String.raw`(?:(?=a))?(a|a)*$`, String.raw`(?:(?=a)|b)*(a|a)*$`]) {
        const parsed = parse(p);
        expect(keepsLookaround(parsed), p).toBe(true);
        const js = toJavaScript(parsed, "search");
        const d = recheck.checkSync(js.source, js.flags, { timeout: 5000, checker: "automaton", randomSeed: 0 });
        expect([d.status, d.error?.kind], p).toEqual(["unknown", "unsupported"]);
      }
    } finally {
      if (previous === undefined) delete process.env.RECHECK_SYNC_BACKEND;
      else process.env.RECHECK_SYNC_BACKEND = previous;
    }
  });
});
