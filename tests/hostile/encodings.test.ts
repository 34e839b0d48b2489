/**
 * Bytes that are not (UTF-8) Python source: each file is reported PW002 with a one-line reason and its line,
 * or analysed when CPython would read it, and the canary beside it is still reported.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scan, type ScanResult } from "../../src/engine/run.js";
import { expectCanary, expectOneLine, expectWellFormed, outcomeOf, put, removeTree, tempTree } from "./helpers.js";

const SOURCE = "import os\nos.system('rm ' + x)\n";
const utf16le = (s: string): Buffer => Buffer.from(s, "utf16le");
const utf16be = (s: string): Buffer => {
  const le = utf16le(s);
  const be = Buffer.alloc(le.length);
  for (let i = 0; i + 1 < le.length; i += 2) (be[i] = le[i + 1]), (be[i + 1] = le[i]);
  return be;
};
const cat = (...parts: (number[] | Buffer | string)[]): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p))));

/** File name → bytes, expected status, and a pattern of the reason (PW002) — and line, when it matters. */
const CASES: Record<string, { bytes: Buffer; status: "analysed" | "PW001" | "PW002"; reason?: RegExp; line?: number }> = {
  "nul_bytes.py": { bytes: cat("x = 1\ny = '", [0], "'\n"), status: "PW002", reason: /NUL bytes/, line: 2 },
  "binary.py": { bytes: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), status: "PW002" },
  "invalid_utf8.py": { bytes: cat("x = 1\n\ns = '", [0xc3, 0x28], "'\n"), status: "PW002", reason: /invalid UTF-8 \(byte 0xc3\)/, line: 3 },
  "overlong_utf8.py": { bytes: cat("s = '", [0xc0, 0xaf], "'\n"), status: "PW002", reason: /invalid UTF-8/ },
  "surrogate_utf8.py": { bytes: cat("s = '", [0xed, 0xa0, 0x80], "'\n"), status: "PW002", reason: /invalid UTF-8/ },
  "truncated_utf8.py": { bytes: cat("s = 'caf", [0xc3]), status: "PW002", reason: /invalid UTF-8/ },
  "unknown_codec.py": { bytes: cat("# -*- coding: klingon-9 -*-\n", SOURCE), status: "PW002", reason: /unknown encoding 'klingon-9'/, line: 1 },
  "unknown_codec_line2.py": { bytes: cat("#!/usr/bin/env python\n# vim: set fileencoding=nope :\n", SOURCE), status: "PW002", reason: /unknown encoding 'nope'/, line: 2 },
  "long_cookie.py": { bytes: cat(`# coding: ${"a".repeat(100_000)}\n`, SOURCE), status: "PW002", reason: /unknown encoding/ },
  "bom_and_latin1.py": { bytes: cat([0xef, 0xbb, 0xbf], "# coding: latin-1\n", SOURCE), status: "PW002", reason: /BOM/ },
  "utf16_cookie.py": { bytes: cat("# coding: utf-16\n", SOURCE), status: "PW002", reason: /ASCII-compatible|UTF-16/ },
  "utf16le_bom.py": { bytes: cat([0xff, 0xfe], utf16le(SOURCE)), status: "PW002", reason: /UTF-16/ },
  "utf16be_bom.py": { bytes: cat([0xfe, 0xff], utf16be(SOURCE)), status: "PW002", reason: /UTF-16/ },
  "utf16le_no_bom.py": { bytes: utf16le(SOURCE), status: "PW002", reason: /NUL bytes/ },
  "utf16be_no_bom.py": { bytes: utf16be(SOURCE), status: "PW002", reason: /NUL bytes/ },
  "utf32_bom.py": { bytes: cat([0xff, 0xfe, 0, 0], Buffer.from(SOURCE.split("").flatMap((c) => [c.charCodeAt(0), 0, 0, 0]))), status: "PW002" },
  "latin1_cookie.py": { bytes: cat("# -*- coding: latin-1 -*-\nname = '", [0xe9], "'\n", SOURCE), status: "analysed" },
  "cp1252_cookie.py": { bytes: cat("# coding=cp1252\ns = '", [0x80, 0x93], "'\n", SOURCE), status: "analysed" },
  "utf8_bom.py": { bytes: cat([0xef, 0xbb, 0xbf], SOURCE), status: "analysed" },
  "shift_jis.py": { bytes: cat("# coding: shift_jis\ns = '", [0x93, 0xfa, 0x96, 0x7b], "'\n", SOURCE), status: "analysed" },
  "lone_cr.py": { bytes: cat("x = 1\ry = 2\r", SOURCE.replace(/\n/g, "\r")), status: "analysed" },
  "form_feeds.py": { bytes: cat("\f\fimport os\n\f\nos.system('rm ' + x)\f\n"), status: "analysed" },
  "control_chars.py": { bytes: cat("x = '\x01\x02\x1b[31m'\n", SOURCE), status: "analysed" },
  "bidi_and_zero_width.py": { bytes: cat("s = '\u202e\u2066'  # \u200b\u2060\ufeff\n", SOURCE), status: "analysed" },
  "non_bmp.py": { bytes: cat("s = '\u{1f600}\u{10ffff}'; \u{1d4d0} = 1\n", SOURCE), status: "analysed" },
  "empty.py": { bytes: Buffer.alloc(0), status: "analysed" },
  "only_bom.py": { bytes: Buffer.from([0xef, 0xbb, 0xbf]), status: "analysed" },
  "only_newlines.py": { bytes: Buffer.from("\n".repeat(100_000)), status: "analysed" },
};

let dir: string;
let result: ScanResult;
beforeAll(async () => {
  dir = tempTree("enc");
  for (const [name, c] of Object.entries(CASES)) put(dir, name, c.bytes);
  result = await scan([dir], { select: ["ALL"], audit: false });
});
afterAll(() => removeTree(dir));

describe("undecodable and unusual encodings", () => {
  it("reports every other file's findings and no internal error", () => {
    expectCanary(result);
    expectWellFormed(result.findings);
  });

  for (const [name, c] of Object.entries(CASES)) {
    it(`${name}: ${c.status}`, () => {
      const outcome = outcomeOf(result, name);
      if (c.status === "analysed") expect(["analysed", "PW001"], `${name}: ${outcome.reason}`).toContain(outcome.status);
      else {
        expect(outcome.status, `${name}: ${outcome.reason}`).toBe(c.status);
        expectOneLine(outcome.reason);
        if (c.reason) expect(outcome.reason).toMatch(c.reason);
        const f = result.findings.find((x) => x.code === c.status && x.path.endsWith(`/${name}`))!;
        if (c.line) expect(f.line).toBe(c.line);
        expect(result.findings.filter((x) => x.path.endsWith(`/${name}`))).toHaveLength(1); // nothing else from an undecodable file
      }
    });
  }

  it("decodes a coding cookie's codec, so findings in a latin-1 file are still found", () => {
    const got = result.findings.filter((f) => path.basename(f.path) === "latin1_cookie.py").map((f) => `${f.line}:${f.code}`);
    expect(got.some((g) => g.startsWith("4:PW2"))).toBe(true);
  });
});
