/**
 * asciiJson (src/util/text.ts): the cache writes its entries in pure ASCII, so they read as one-byte strings.
 * The value must come back unchanged, whatever the strings held.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { asciiJson } from "../../src/util/text.js";

describe("asciiJson", () => {
  it("escapes non-ASCII code units and nothing else", () => {
    expect(asciiJson('{"a":"plain"}')).toBe('{"a":"plain"}');
    expect(asciiJson(JSON.stringify({ s: "café ☃ 𝄞" }))).toBe('{"s":"caf\\u00e9 \\u2603 \\ud834\\udd1e"}');
    expect(asciiJson(JSON.stringify("\u0080\u07ff\uffff"))).toBe('"\\u0080\\u07ff\\uffff"');
  });

  it("gives the same value back for any JSON value, lone surrogates included", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" }), (value, s, raw) => {
        const doc = { value, s, raw, lone: "\ud800x\udfff" };
        const text = asciiJson(JSON.stringify(doc));
        expect(Buffer.byteLength(text, "utf8")).toBe(text.length);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(doc)));
      }),
      { numRuns: 300 },
    );
  });
});
