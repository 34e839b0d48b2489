/**
 * `ambiguousAlternation` decides which patterns go to the slow second ReDoS tier (recheck's automaton checker):
 * an alternation under an unbounded quantifier whose branches can start alike, told apart by up to two
 * characters of look-ahead. A pattern it lets through must be one recheck finds no exponential backtracking in;
 * a pattern it stops must still reach recheck when the branches cannot be told apart.
 */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { isParseError, parseRegex, toJavaScript, type ParsedRegex, type RegexFlags } from "../../../src/rules/util/pyregex.js";
import { ambiguousAlternation, analyseRedos } from "../../../src/rules/util/redos.js";

const parse = (p: string, flags: Partial<RegexFlags> = {}): ParsedRegex => {
  const r = parseRegex(p, flags);
  if (isParseError(r)) throw new Error(`${p}: ${r.error}`);
  return r;
};

interface Recheck {
  checkSync(source: string, flags: string, params?: Record<string, unknown>): { status: string; complexity?: { type: string } };
}

/** Branches that share a first character but are decided by the second. */
const DECIDED_BY_SECOND = [
  // an escape-sequence reader from the standard library (took recheck about a second to call safe)
  String.raw`((\\[\\abfnrtv'"]|\\[0-9]..|\\x..|\\u....)+)`,
  String.raw`(?:ab|ac)*$`,
  String.raw`^(?:%d|%s|%%)+$`,
  String.raw`(?:\\n|\\t|[^\\])*`,
];

/** Branches no look-ahead of two characters tells apart: these must reach the second tier. */
const STILL_AMBIGUOUS: [string, Partial<RegexFlags>][] = [
  [String.raw`^(?:a|ab)*c$`, {}], // one branch can end after its first character
  [String.raw`^(?:ab|a.)*c$`, {}],
  [String.raw`^(?:ab|a[a-c])*$`, {}],
  [String.raw`^(?:abc|abd)*$`, {}], // alike for two characters: decided only by the third
  [String.raw`^(?:xa|xA)*$`, { ignoreCase: true }],
  [String.raw`^(?i:xa|xA)*$`, {}],
  [String.raw`^(?:é|éa)*$`, {}], // non-ASCII first characters
  [String.raw`^(?:\w|é)*$`, {}],
  [String.raw`^(?:a\w|a\S)*$`, {}],
  [String.raw`^(?:(?:ab)|a)*$`, {}], // a group first: its first character, then anything
  // an optional tail that overlaps the next iteration: `xab` is one iteration or three (found by a review)
  [String.raw`^(?:\w(?:ab|ac)?)+$`, {}],
  [String.raw`(?:[a-z](?:ba|bc)?)+!`, {}],
  [String.raw`^(?:a|b(?:ab|ac)?)+!`, {}],
  [String.raw`^(?:[a-z](?:[ab]é|ba)?)+!`, {}],
  [String.raw`^(?:ab|ac|a)+$`, {}],
  [String.raw`^(?:xi|xı)*$`, { ignoreCase: true }], // IGNORECASE: i matches the dotless ı
];

describe("ambiguousAlternation", () => {
  it("lets through alternations whose branches a second character decides", () => {
    for (const p of DECIDED_BY_SECOND) expect(ambiguousAlternation(parse(p)), p).toBe(false);
  });

  it("keeps the ones two characters cannot decide, case-folded and beyond ASCII", () => {
    for (const [p, flags] of STILL_AMBIGUOUS) expect(ambiguousAlternation(parse(p, flags)), p).toBe(true);
    // disjoint first characters need no look at the second, as before
    expect(ambiguousAlternation(parse(String.raw`^(?:a|b)*$`))).toBe(false);
    // …but not when case folds them together
    expect(ambiguousAlternation(parse(String.raw`^(?:a|A)*$`, { ignoreCase: true }))).toBe(true);
  });

  it("lets through only what recheck finds no exponential backtracking in", () => {
    const recheck = createRequire(import.meta.url)("recheck") as Recheck;
    for (const p of DECIDED_BY_SECOND) {
      const js = toJavaScript(parse(p), "search");
      const d = recheck.checkSync(js.source, js.flags, { timeout: 10_000, checker: "automaton", randomSeed: 0 });
      expect(d.status === "vulnerable" && d.complexity?.type === "exponential", p).toBe(false);
      expect(d.status, p).not.toBe("unknown");
    }
    // the shape a review found: exponential in Python, and still reported
    const found = analyseRedos(String.raw`^(?:\w(?:ab|ac)?)+$`, {}, "re", { timeoutMs: 10_000, mode: "match" });
    expect(found.complexity).toBe("exponential");
    // and the classic ambiguous one is still found exponential by it
    const js = toJavaScript(parse(String.raw`^(?:a|b|ab)*c$`), "search");
    const d = recheck.checkSync(js.source, js.flags, { timeout: 10_000, checker: "automaton", randomSeed: 0 });
    expect(d.status).toBe("vulnerable");
  }, 60_000);
});
