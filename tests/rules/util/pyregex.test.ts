import { describe, expect, it } from "vitest";
import { endAnchor, hasAnchor, isParseError, parseRegex, startsAnchored, toJavaScript, type ParsedRegex } from "../../../src/rules/util/pyregex.js";
import { analyseRedos } from "../../../src/rules/util/redos.js";

const parse = (p: string, flags = {}): ParsedRegex => {
  const r = parseRegex(p, flags);
  if (isParseError(r)) throw new Error(`${p}: ${r.error}`);
  return r;
};
const js = (p: string, flags = {}) => toJavaScript(parse(p, flags));

describe("Python regex parsing", () => {
  it("reads Python-only syntax into JavaScript", () => {
    expect(js(String.raw`(?P<year>\d{4})-(?P=year)`).source).toBe(String.raw`(\d{4})-(?:\1)`);
    expect(js(String.raw`\Aabc\Z`).source).toBe("^abc$");
    expect(js(String.raw`a{,3}b{2,}`).source).toBe("a{0,3}b{2,}");
    expect(js(String.raw`(?i)abc`).flags).toBe("ui");
    expect(js("a.b", { dotAll: true }).source).toBe(String.raw`a[\s\S]b`);
    expect(js("a.b").source).toBe(String.raw`a[^\n]b`);
    expect(js(String.raw`(?#comment)x`).source).toBe("x");
    expect(js(String.raw`(?(1)a|b)`).source).toBe("(?:a|b)");
  });

  it("strips whitespace and comments of verbose patterns, inline or by flag", () => {
    expect(js("(?x) a b  # letters\n c [ ]").source).toBe("abc[ ]");
    expect(js("a b", { verbose: true }).source).toBe("ab");
    expect(js(String.raw`a\ b`, { verbose: true }).source).toBe("a b");
  });

  it("makes atomic groups and possessive quantifiers opaque, renumbering groups", () => {
    const r = js(String.raw`(?>(a+))(b)\2c*+`);
    expect(r.approximate).toBe(true);
    expect(r.source).toBe(String.raw`\u{e000}(b)(?:\1)\u{e001}?`);
  });

  it("applies the match mode", () => {
    expect(toJavaScript(parse("a|b"), "match").source).toBe("^(?:a|b)");
    expect(toJavaScript(parse("a|b"), "fullmatch").source).toBe("^(?:a|b)$");
  });

  it("reports what Python rejects", () => {
    for (const bad of ["[a-Z]", String.raw`[\w-.]`, "(abc", "a**", "*a", String.raw`\q`, "(?P=nope)", String.raw`\3`]) {
      expect(isParseError(parseRegex(bad)), bad).toBe(true);
    }
    expect(isParseError(parseRegex("a{,}"))).toBe(false); // a literal "{,}"
    expect(isParseError(parseRegex("[]a]"))).toBe(false);
  });

  it("survives deep nesting and long patterns without overflowing", () => {
    const deep = "(".repeat(50_000) + "a" + ")".repeat(50_000);
    expect(isParseError(parseRegex(deep))).toBe(true);
    const nested = "(".repeat(150) + "a" + ")".repeat(150);
    expect(isParseError(parseRegex(nested))).toBe(false);
  });

  it("tells anchors apart", () => {
    expect(startsAnchored(parse("^a|^b").root)).toBe(true);
    expect(startsAnchored(parse("^a|b").root)).toBe(false);
    expect(startsAnchored(parse("(?m)^a").root)).toBe(false);
    expect(endAnchor(parse("^a$").root)).toBe("dollar");
    expect(endAnchor(parse(String.raw`^a\Z`).root)).toBe("Z");
    expect(endAnchor(parse(String.raw`^(?:a$|b\Z)`).root)).toBe("dollar");
    expect(endAnchor(parse("^a").root)).toBe("none");
    expect(hasAnchor(parse(String.raw`\bword\b`).root)).toBe(false);
  });
});

describe("ReDoS analysis", () => {
  const opts = { timeoutMs: 1000, mode: "search" as const };
  it("finds exponential and polynomial backtracking", () => {
    expect(analyseRedos(String.raw`^(\w+\s?)*$`, {}, "re", opts).complexity).toBe("exponential");
    expect(analyseRedos(String.raw`^(?:a|b|ab)*c$`, {}, "re", opts).complexity).toBe("exponential");
    const q = analyseRedos(String.raw`\s+$`, {}, "re", opts);
    expect(q.complexity).toBe("polynomial");
    expect(q.moving).toBe(true);
    expect(analyseRedos(String.raw`\s+$`, {}, "re", { ...opts, mode: "match" }).status).toBe("safe");
  });

  it("does not blame atomic groups or possessive quantifiers", () => {
    expect(analyseRedos(String.raw`^(?>\w+\s?)*$`, {}, "re", opts).status).toBe("safe");
    expect(analyseRedos(String.raw`^(\w++\s?)*$`, {}, "re", opts).status).toBe("safe");
  });

  it("keeps to its time budget", () => {
    const t0 = performance.now();
    const alternatives = Array.from({ length: 40 }, (_, i) => `a{1,${i + 2}}b?`).join("|");
    analyseRedos(`^(?:${alternatives})*(?:x|xy|xyz)+$`, {}, "re", { timeoutMs: 200, mode: "search" });
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});
