/**
 * The result pack's storage of results (src/engine/pack.ts): facts and taint summary kept as JSON text in a
 * second entry and parsed on first read; the value read back is the value stored; presence and a digest of the
 * facts are known without reading them; a missing or damaged text is said when read, never taken as empty.
 */
import { describe, expect, it } from "vitest";
import type { FileResult } from "../../src/engine/check-file.js";
import { DamagedPackError, factsDigest, factsSumOf, hasFacts, hasTaint, packResults, unpackResult, type PackTexts } from "../../src/engine/pack.js";

const fact = { path: "a.py", line: 3, column: 1, endLine: 3, endColumn: 9, anchor: { statement: "csrf = CSRFProtect(app)", context: "", first: 3, last: 3, snippet: ["csrf = CSRFProtect(app)"] } };
const summary = { module: "a", path: "a.py", sources: [], objects: [], calls: [], sinks: [], functions: {} };
const result = (over: Partial<FileResult> = {}): FileResult =>
  ({ path: "a.py", findings: [], lines: 3, errors: [], analysed: true, facts: { PW803: [fact] }, imports: ["flask"], taint: summary, ...over }) as unknown as FileResult;

/** Results through a pack's two entries (as JSON) and back; `reads` counts reads of the texts entry. */
function roundTrip(results: (FileResult | null)[], damage: (t: PackTexts) => void = () => {}) {
  const { packed, texts } = packResults(results);
  const storedTexts = JSON.parse(JSON.stringify(texts)) as PackTexts;
  damage(storedTexts);
  const reads = { n: 0 };
  const back = (JSON.parse(JSON.stringify(packed)) as unknown[]).map((v, i) => unpackResult(v, i, () => (reads.n++, storedTexts)));
  return { back, reads };
}

describe("packed results", () => {
  it("read back as the stored value, facts and summary read and parsed when first asked for", () => {
    const results = [result(), null, result({ path: "b.py", taint: undefined, facts: {} })];
    const { back, reads } = roundTrip(results);
    expect(back[1]).toBeUndefined(); // null stays no result
    for (const i of [0, 2]) {
      const r = results[i]!;
      const b = back[i]!;
      expect(typeof Object.getOwnPropertyDescriptor(b, "facts")!.get).toBe("function"); // not read yet
      expect(hasTaint(b)).toBe(r.taint !== undefined);
      expect(hasFacts(b)).toBe(Object.keys(r.facts).length > 0);
      expect(factsSumOf(b)).toBe(factsSumOf(r));
    }
    expect(reads.n).toBe(0);
    for (const i of [0, 2]) {
      const b = back[i]!;
      expect(JSON.parse(JSON.stringify(b))).toEqual(JSON.parse(JSON.stringify(results[i])));
      expect(Object.getOwnPropertyDescriptor(b, "facts")!.value).toEqual(results[i]!.facts); // parsed once, now plain data
      expect({ ...b }.taint).toEqual(results[i]!.taint);
    }
    expect(reads.n).toBe(2); // one result's facts and summary; no facts needs no text
  });

  it("refuses a stored result of the wrong shape, and says a missing or damaged text when it is read", () => {
    const [stored] = JSON.parse(JSON.stringify(packResults([result()]).packed)) as Record<string, unknown>[];
    const texts = () => undefined;
    expect(unpackResult({ ...stored, factsSum: 3 }, 0, texts)).toBeUndefined();
    expect(unpackResult({ ...stored, sourced: "yes" }, 0, texts)).toBeUndefined();
    expect(unpackResult({ ...stored, findings: "none" }, 0, texts)).toBeUndefined();
    expect(unpackResult(null, 0, texts)).toBeUndefined();
    const missing = unpackResult(stored, 0, texts)!;
    expect(hasFacts(missing)).toBe(true); // known without the texts
    expect(() => missing.facts).toThrow(DamagedPackError);
    const { back } = roundTrip([result()], (t) => {
      t.facts[0] = '{"PW803": [';
      t.taint[0] = '{"module": 1}';
    });
    expect(() => back[0]!.facts).toThrow(DamagedPackError);
    expect(() => back[0]!.taint).toThrow(/a\.py is damaged/);
    // well-formed texts of another run (a second entry written by a run killed before its pack entry): damage too
    const other = packResults([result({ facts: {} as FileResult["facts"], taint: { ...summary, module: "b" } as unknown as FileResult["taint"] }), null]).texts;
    const { packed } = packResults([result(), null]);
    const swapped = (JSON.parse(JSON.stringify(packed)) as unknown[]).map((v, i) => unpackResult(v, i, () => JSON.parse(JSON.stringify({ facts: ['{"PW803":[]}', null], taint: other.taint })) as PackTexts));
    expect(() => swapped[0]!.facts).toThrow(DamagedPackError);
    expect(() => swapped[0]!.taint).toThrow(DamagedPackError);
  });

  it("digests facts alike whether read from a pack or made now, and tells other facts apart", () => {
    const fresh = [result(), result({ path: "b.py", facts: {} })];
    const { back, reads } = roundTrip(fresh);
    expect(factsDigest(back as FileResult[])).toBe(factsDigest(fresh));
    expect(reads.n).toBe(0); // digested unread
    const moved = result({ facts: { PW803: [{ ...fact, line: 4 }] } as unknown as FileResult["facts"] });
    expect(factsDigest([moved, fresh[1]])).not.toBe(factsDigest(fresh));
    expect(factsDigest([fresh[1], fresh[0]])).not.toBe(factsDigest(fresh)); // order counts
  });
});
