/**
 * The two whole-text scans every file goes through before its parse, `SourceFile`'s line starts and
 * `tameIndentation`'s indentation widths, jump between line breaks with native searches. Each is compared here
 * with a plain character-by-character reference on generated texts made of the characters that matter (spaces,
 * tabs, backslashes, `\n`, `\r`, `\r\n`, form feeds), including texts with more distinct widths than the limit.
 */
import { describe, expect, it } from "vitest";
import { MAX_INDENT_COLUMNS, tameIndentation } from "../../src/parse/parser.js";
import { SourceFile } from "../../src/parse/source.js";

/** Line starts, one character at a time: after `\n`, after `\r\n`, after a lone `\r`. */
function referenceLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "\n") starts.push(i + 1);
    else if (text[i] === "\r") {
      if (text[i + 1] === "\n") i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/**
 * `tameIndentation` as first written: every position whose predecessor is a line break, a form feed or a NUL is
 * examined, and each run measured on its own (quadratic on a chain of continuation lines, which the real one is not).
 */
function referenceTame(text: string): string {
  const widths = new Set<number>();
  const wide: [number, number][] = [];
  let risky = false;
  for (let i = 0; i <= text.length; i++) {
    const prev = i === 0 ? "\n" : text[i - 1];
    if (prev !== "\n" && prev !== "\r" && prev !== "\f" && prev !== "\0") continue;
    let width = 0;
    let j = i;
    for (; j < text.length; j++) {
      if (text[j] === " ") width++;
      else if (text[j] === "\t") width += 8;
      else if (text[j] === "\\") {
        let k = j + 1;
        if (text[k] === "\r") k++;
        if (k < text.length && text[k] !== "\n") break;
        j = k;
      } else break;
    }
    j = Math.min(j, text.length);
    if (width > 0) {
      widths.add(width & 0xffff);
      if (width > MAX_INDENT_COLUMNS) wide.push([i, j]);
      if (widths.size > MAX_INDENT_COLUMNS) risky = true;
    }
  }
  if (!risky) return text;
  let out = "";
  let last = 0;
  for (const [start, end] of wide) {
    if (start < last) continue;
    let cut = end;
    let width = 0;
    while (cut > start) {
      const w = text[cut - 1] === " " ? 1 : text[cut - 1] === "\t" ? 8 : -1;
      if (w < 0 || width + w > MAX_INDENT_COLUMNS) break;
      width += w;
      cut--;
    }
    out += text.slice(last, start);
    for (let k = start; k < cut; k++) out += text[k] === "\n" || text[k] === "\r" ? text[k] : "\f";
    last = cut;
  }
  return out + text.slice(last);
}

/** A small deterministic generator (the same texts every run). */
function generator(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % n;
  };
}

const PIECES = [" ", "\t", "\\", "\n", "\r", "\r\n", "\f", "x", "  ", "\\\n", "#\0", "\0"];

describe("line scans", () => {
  const random = generator(7);
  const texts: string[] = ["", "\n", "\r", "\r\n", " ", "\\", "x\r\r\n\n", "\f  x", " \\\n  y\n\tz"];
  for (let k = 0; k < 5000; k++) {
    let t = "";
    for (let q = random(50); q > 0; q--) t += PIECES[random(PIECES.length)];
    texts.push(t);
  }
  // more distinct widths than the limit, with form feeds and continuations among them
  for (let k = 0; k < 20; k++) {
    let t = "";
    for (let w = 1; w < 2.5 * MAX_INDENT_COLUMNS; w++) t += ["\f", "\n", "\r\n", "#\0"][random(4)] + " ".repeat(w + random(3)) + (random(5) === 0 ? "\\\n" : "x");
    texts.push(t, t + "\n" + " ".repeat(2 * MAX_INDENT_COLUMNS) + "\\", t + "\n" + " ".repeat(2 * MAX_INDENT_COLUMNS) + "\\\r");
  }

  it("SourceFile finds the line starts a character-by-character scan finds", () => {
    for (const t of texts) expect(new SourceFile("m.py", t).lineStarts).toEqual(referenceLineStarts(t));
  });

  it("tameIndentation keeps a risky text's length when it ends in a continuation backslash", () => {
    let t = "";
    for (let w = 1; w <= MAX_INDENT_COLUMNS + 5; w++) t += "\n" + " ".repeat(w) + "x";
    for (const end of ["\\", "\\\r"]) {
      const text = t + "\n" + " ".repeat(2 * MAX_INDENT_COLUMNS) + end;
      const tamed = tameIndentation(text);
      expect(tamed).not.toBe(text);
      expect(tamed.length).toBe(text.length);
    }
  });

  it("tameIndentation measures a chain of 500,000 continuation lines in one pass", () => {
    // each line's run continues into the next: measured from every line start on its own, that was ≈ 10^11 steps
    // (compared as booleans: a failing string comparison of this size would take vitest minutes to print)
    const text = "x = 1 + \\\n" + "\\\n".repeat(500_000) + "2\n";
    expect(tameIndentation(text) === text).toBe(true);
    // the same chain of blanks adds up (the scanner does not reset its count at a continuation): risky, narrowed
    const blanks = "x = 1 + \\\n" + " \\\n".repeat(500_000) + "2\n";
    const tamed = tameIndentation(blanks);
    expect([tamed.length, tamed === blanks, tamed.endsWith("\n\f\f\n2\n")]).toEqual([blanks.length, false, true]);
  });

  it("tameIndentation gives what examining every line start gives, risky texts included", () => {
    let risky = 0;
    for (const t of texts) {
      const expected = referenceTame(t);
      if (expected !== t) risky++;
      expect(tameIndentation(t)).toBe(expected);
    }
    expect(risky).toBeGreaterThan(5);
  });
});
