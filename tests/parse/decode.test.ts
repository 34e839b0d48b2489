import { isUtf8 } from "node:buffer";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodePython, findCodingCookie, firstInvalidUtf8 } from "../../src/parse/decode.js";
import { SourceFile } from "../../src/parse/source.js";

const bytes = (s: string, enc: BufferEncoding = "utf8"): Uint8Array => Buffer.from(s, enc);

describe("decodePython (PEP 263 / PEP 3120)", () => {
  it("decodes UTF-8 by default and strips a UTF-8 BOM", () => {
    expect(decodePython(bytes("x = 'é'\n"))).toEqual({ ok: true, text: "x = 'é'\n", encoding: "utf-8" });
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes("x = 1\n")]);
    expect(decodePython(withBom)).toMatchObject({ ok: true, text: "x = 1\n" });
  });

  it("honours a coding cookie on line 1 or 2, with Python's codec names", () => {
    const latin = new Uint8Array([...bytes("# -*- coding: latin-1 -*-\ns = '"), 0xe9, ...bytes("'\n")]);
    expect(decodePython(latin)).toMatchObject({ ok: true, text: "# -*- coding: latin-1 -*-\ns = 'é'\n" });
    const line2 = new Uint8Array([...bytes("#!/usr/bin/env python\n# vim: set fileencoding=iso8859_15 :\ns = '"), 0xa4, ...bytes("'\n")]);
    expect(decodePython(line2)).toMatchObject({ ok: true });
    expect((decodePython(line2) as { text: string }).text).toContain("s = '€'");
    expect(findCodingCookie(bytes("import os\n# coding: latin-1\n"))).toBeUndefined();
    expect(findCodingCookie(bytes("\n# coding=cp1252\n"))).toEqual({ name: "cp1252", line: 2 });
  });

  it("reports an unknown codec with its line", () => {
    expect(decodePython(bytes("# coding: klingon-8\nx = 1\n"))).toEqual({ ok: false, reason: "unknown encoding 'klingon-8' in coding cookie", line: 1 });
  });

  it("rejects invalid UTF-8 with the line of the first bad byte", () => {
    const bad = new Uint8Array([...bytes("a = 1\nb = '"), 0xff, ...bytes("'\n")]);
    const r = decodePython(bad);
    expect(r).toMatchObject({ ok: false, line: 2 });
    expect(firstInvalidUtf8(new Uint8Array([0xe2, 0x82]))).toBe(0);
    expect(firstInvalidUtf8(new Uint8Array([0xed, 0xa0, 0x80]))).toBe(0); // surrogate
    expect(firstInvalidUtf8(bytes("€😀"))).toBe(-1);
  });

  it("finds invalid UTF-8 exactly where Node's native validator does (decodePython asks that one first)", () => {
    // boundary bytes of every UTF-8 rule: continuation ranges, overlong leads (C0, C1, E0 80, F0 80), surrogates
    // (ED A0), past U+10FFFF (F4 90, F5), truncated sequences
    const edge = fc.constantFrom(0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff);
    fc.assert(
      fc.property(fc.array(fc.oneof(edge, fc.integer({ min: 0, max: 255 })), { maxLength: 12 }), (list) => {
        const b = new Uint8Array(list);
        expect(firstInvalidUtf8(b) < 0).toBe(isUtf8(b));
      }),
      { numRuns: 20_000 },
    );
    for (const cp of [0x80, 0x7ff, 0x800, 0xd7ff, 0xe000, 0xffff, 0x10000, 0x10ffff]) {
      const b = bytes(String.fromCodePoint(cp));
      expect([firstInvalidUtf8(b), isUtf8(b)]).toEqual([-1, true]);
    }
  });

  it("rejects UTF-16 and NUL bytes as CPython does", () => {
    expect(decodePython(new Uint8Array([0xff, 0xfe, 0x78, 0x00]))).toMatchObject({ ok: false, line: 1 });
    expect(decodePython(bytes("x = 1\ny = '\0'\n"))).toMatchObject({ ok: false, line: 2, binary: true });
  });

  it("rejects non-ASCII bytes in a file that declares ascii", () => {
    const r = decodePython(new Uint8Array([...bytes("# coding: ascii\nx = '"), 0xc3, 0xa9, ...bytes("'\n")]));
    expect(r).toMatchObject({ ok: false, line: 2 });
  });
});

describe("SourceFile positions", () => {
  it("counts lines at \\n, \\r\\n and lone \\r, columns in code points", () => {
    const f = new SourceFile("a.py", "é = '😀'; x\r\nz = 1\rw = 2\n");
    expect(f.position(0)).toEqual({ line: 1, column: 1 });
    expect(f.position("é = '😀'; ".length)).toEqual({ line: 1, column: 10 });
    expect(f.position(f.text.indexOf("z"))).toEqual({ line: 2, column: 1 });
    expect(f.position(f.text.indexOf("w"))).toEqual({ line: 3, column: 1 });
    expect(f.lineText(1)).toBe("é = '😀'; x");
    expect(f.lineText(2)).toBe("z = 1");
  });
});
