/**
 * Source text and positions.
 *
 * tree-sitter (web-tree-sitter, parsing a JS string) reports offsets in UTF-16 code units. pyward reports
 * 1-based lines and 1-based columns counted in Unicode code points (SARIF 2.1.0 §3.30.6
 * `columnKind: "unicodeCodePoints"`), so every conversion happens here, once.
 */

/** A 1-based position: `line` counts physical lines, `column` counts Unicode code points. */
export interface Position {
  line: number;
  column: number;
}

/**
 * One decoded Python source file.
 *
 * Lines end at `\r\n`, `\n` or a lone `\r`, as Python's tokenizer counts them (form feeds are not line breaks).
 */
export class SourceFile {
  /** Offsets (UTF-16 code units) at which each line starts; `lineStarts[0] === 0`. */
  readonly lineStarts: number[];

  /**
   * @param path path relative to the current directory, with `/` separators, as printed in reports
   * @param text the decoded text, without a BOM
   */
  constructor(
    readonly path: string,
    readonly text: string,
  ) {
    const starts = [0];
    if (text.indexOf("\r") < 0) {
      // no carriage return (most files): jump from one line feed to the next
      for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10) starts.push(i + 1);
        else if (c === 13) {
          if (text.charCodeAt(i + 1) === 10) i++;
          starts.push(i + 1);
        }
      }
    }
    this.lineStarts = starts;
  }

  /** Number of physical lines (a trailing newline does not start a new counted line of content). */
  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** 0-based line index containing the UTF-16 offset `offset` (clamped to the text). */
  lineIndexOf(offset: number): number {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Converts a UTF-16 offset to a 1-based line and 1-based code-point column. */
  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const li = this.lineIndexOf(clamped);
    return { line: li + 1, column: codePointCount(this.text, this.lineStarts[li], clamped) + 1 };
  }

  /** The text of 1-based line `line`, without its line break; `""` when out of range. */
  lineText(line: number): string {
    if (line < 1 || line > this.lineStarts.length) return "";
    const start = this.lineStarts[line - 1];
    let end = line < this.lineStarts.length ? this.lineStarts[line] : this.text.length;
    while (end > start && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13)) end--;
    return this.text.slice(start, end);
  }
}

/** Counts Unicode code points in `text[start, end)` (a surrogate pair counts once). */
export function codePointCount(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}
