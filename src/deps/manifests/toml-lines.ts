/**
 * Line numbers for TOML values.
 *
 * Values come from `smol-toml`, which gives no positions. This module finds them with a second, purely lexical
 * pass over the same text: a small scanner that knows TOML's token shapes (comments, the four string forms,
 * arrays, inline tables, dotted and quoted keys, `[table]` and `[[array-of-tables]]` headers) but builds no
 * values. It records the 1-based line where each key is written and where each array element starts, under
 * the same path the parsed value has, with array-of-tables entries indexed in order (`package[3].name`).
 *
 * It is only run on text that `smol-toml` has already accepted, so it does not validate; on unexpected input
 * it stops early and the lines it has not reached are unknown (callers fall back to the nearest known line).
 * Spec followed: TOML v1.0.0 (https://toml.io/en/v1.0.0).
 */

/** A path to a value: table keys and array indices (`["project", "dependencies", 2]`). */
export type TomlPath = readonly (string | number)[];

/** The 1-based line of every key and array element of a TOML document. */
export class TomlLines {
  private readonly lines = new Map<string, number>();

  /** Scans `text` (TOML that parsed without error). Never throws. */
  constructor(text: string) {
    try {
      new Scanner(text, this.lines).document();
    } catch {
      // Stop where the scanner lost its way; what was recorded stays usable.
    }
  }

  /** Line of the key or array element at `path`, undefined when not recorded. */
  line(path: TomlPath): number | undefined {
    return this.lines.get(key(path));
  }

  /**
   * Line of `path`, else of its longest recorded prefix (`["tool","poetry","dependencies","x","version"]` →
   * the line of `x`), else 1.
   */
  nearest(path: TomlPath): number {
    for (let n = path.length; n > 0; n--) {
      const found = this.lines.get(key(path.slice(0, n)));
      if (found !== undefined) return found;
    }
    return 1;
  }
}

function key(path: TomlPath): string {
  return JSON.stringify(path);
}

const BARE_KEY = /[A-Za-z0-9_-]/;

class Scanner {
  private pos = 0;
  private line = 1;
  /** Array-of-tables paths (resolved) → how many entries so far. */
  private readonly aot = new Map<string, number>();

  constructor(
    private readonly text: string,
    private readonly out: Map<string, number>,
  ) {}

  private record(path: (string | number)[], line: number): void {
    const k = key(path);
    if (!this.out.has(k)) this.out.set(k, line);
  }

  private peek(offset = 0): string {
    return this.text[this.pos + offset] ?? "";
  }

  private startsWith(s: string): boolean {
    return this.text.startsWith(s, this.pos);
  }

  private advance(n = 1): void {
    for (let i = 0; i < n && this.pos < this.text.length; i++) {
      if (this.text[this.pos] === "\n") this.line++;
      this.pos++;
    }
  }

  private skipBlanks(): void {
    while (this.peek() === " " || this.peek() === "\t") this.advance();
  }

  /** Blanks, newlines and comments. */
  private skipSpace(): void {
    for (;;) {
      const c = this.peek();
      if (c === " " || c === "\t" || c === "\r" || c === "\n") this.advance();
      else if (c === "#") this.skipComment();
      else return;
    }
  }

  private skipComment(): void {
    while (this.pos < this.text.length && this.peek() !== "\n") this.advance();
  }

  private fail(): never {
    throw new Error(`TOML scan stopped at offset ${this.pos}`);
  }

  document(): void {
    let table: (string | number)[] = [];
    for (;;) {
      this.skipSpace();
      if (this.pos >= this.text.length) return;
      const line = this.line;
      if (this.startsWith("[[")) {
        this.advance(2);
        const parts = this.key("]");
        this.expect("]]");
        const parent = this.resolve(parts.slice(0, -1));
        const full = [...parent, parts[parts.length - 1]];
        const n = this.aot.get(key(full)) ?? 0;
        this.aot.set(key(full), n + 1);
        this.recordPrefixes(full, line);
        table = [...full, n];
        this.record(table, line);
      } else if (this.peek() === "[") {
        this.advance();
        const parts = this.key("]");
        this.expect("]");
        table = this.resolve(parts);
        this.recordPrefixes(table, line);
      } else {
        this.keyValue(table);
      }
      this.skipBlanks();
      if (this.peek() === "#") this.skipComment();
    }
  }

  /** Header keys → path, inserting the current index after every array-of-tables prefix. */
  private resolve(parts: string[]): (string | number)[] {
    const out: (string | number)[] = [];
    for (const part of parts) {
      out.push(part);
      const n = this.aot.get(key(out));
      if (n !== undefined) out.push(n - 1);
    }
    return out;
  }

  private recordPrefixes(path: (string | number)[], line: number): void {
    for (let n = 1; n <= path.length; n++) this.record(path.slice(0, n), line);
  }

  private expect(s: string): void {
    this.skipBlanks();
    if (!this.startsWith(s)) this.fail();
    this.advance(s.length);
  }

  /** A (dotted) key, up to `stop` (`=` or `]`), not consumed. */
  private key(stop: string): string[] {
    const parts: string[] = [];
    for (;;) {
      this.skipBlanks();
      const c = this.peek();
      if (c === '"') parts.push(this.basicString());
      else if (c === "'") parts.push(this.literalString());
      else {
        let s = "";
        while (BARE_KEY.test(this.peek())) {
          s += this.peek();
          this.advance();
        }
        if (s === "") this.fail();
        parts.push(s);
      }
      this.skipBlanks();
      if (this.peek() === ".") {
        this.advance();
        continue;
      }
      if (this.peek() !== stop) this.fail();
      return parts;
    }
  }

  private keyValue(table: (string | number)[]): void {
    const line = this.line;
    const parts = this.key("=");
    this.advance(); // "="
    const path = [...table, ...parts];
    for (let n = table.length + 1; n <= path.length; n++) this.record(path.slice(0, n), line);
    this.skipBlanks();
    this.value(path);
  }

  private value(path: (string | number)[]): void {
    const c = this.peek();
    if (this.startsWith('"""')) this.multiline('"""', true);
    else if (this.startsWith("'''")) this.multiline("'''", false);
    else if (c === '"') this.basicString();
    else if (c === "'") this.literalString();
    else if (c === "[") this.array(path);
    else if (c === "{") this.inlineTable(path);
    else {
      const start = this.pos;
      while (this.pos < this.text.length && !/[,\]}\r\n#]/.test(this.peek())) this.advance();
      if (this.pos === start) this.fail();
    }
  }

  private array(path: (string | number)[]): void {
    this.advance(); // "["
    let index = 0;
    for (;;) {
      this.skipSpace();
      if (this.peek() === "]") {
        this.advance();
        return;
      }
      if (this.pos >= this.text.length) this.fail();
      const item = [...path, index];
      this.record(item, this.line);
      this.value(item);
      this.skipSpace();
      if (this.peek() === ",") {
        this.advance();
        index++;
      } else if (this.peek() !== "]") this.fail();
    }
  }

  private inlineTable(path: (string | number)[]): void {
    this.advance(); // "{"
    for (;;) {
      this.skipSpace();
      if (this.peek() === "}") {
        this.advance();
        return;
      }
      if (this.pos >= this.text.length) this.fail();
      this.keyValue(path);
      this.skipSpace();
      if (this.peek() === ",") this.advance();
      else if (this.peek() !== "}") this.fail();
    }
  }

  private basicString(): string {
    this.advance(); // opening quote
    let s = "";
    for (;;) {
      const c = this.peek();
      if (c === "" || c === "\n") this.fail();
      if (c === '"') {
        this.advance();
        return s;
      }
      if (c === "\\") {
        const e = this.peek(1);
        const simple: Record<string, string> = { b: "\b", t: "\t", n: "\n", f: "\f", r: "\r", '"': '"', "\\": "\\" };
        if (e in simple) {
          s += simple[e];
          this.advance(2);
        } else if (e === "u" || e === "U") {
          const len = e === "u" ? 4 : 8;
          const hex = this.text.slice(this.pos + 2, this.pos + 2 + len);
          s += String.fromCodePoint(parseInt(hex, 16));
          this.advance(2 + len);
        } else this.fail();
        continue;
      }
      s += c;
      this.advance();
    }
  }

  private literalString(): string {
    this.advance();
    const end = this.text.indexOf("'", this.pos);
    const nl = this.text.indexOf("\n", this.pos);
    if (end < 0 || (nl >= 0 && nl < end)) this.fail();
    const s = this.text.slice(this.pos, end);
    this.advance(end + 1 - this.pos);
    return s;
  }

  private multiline(delim: string, escapes: boolean): void {
    this.advance(3);
    for (;;) {
      if (this.pos >= this.text.length) this.fail();
      if (escapes && this.peek() === "\\") {
        this.advance(2);
        continue;
      }
      if (this.startsWith(delim)) {
        this.advance(3);
        // Up to two more quote characters may close the string (`""""` = one quote inside + delimiter).
        for (let extra = 0; extra < 2 && this.peek() === delim[0]; extra++) this.advance();
        return;
      }
      this.advance();
    }
  }
}
