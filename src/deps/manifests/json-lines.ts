/**
 * Line numbers for JSON values: a lexical scan (strings, objects, arrays, scalars) of text that `JSON.parse`
 * accepted, recording the 1-based line of every object key and array element under its path
 * (`["default", "urllib3"]`). Spec followed: RFC 8259.
 */
import type { TomlPath } from "./toml-lines.js";

/** The 1-based line of every key and array element of a JSON document. */
export class JsonLines {
  private readonly lines = new Map<string, number>();
  private pos = 0;
  private line = 1;

  /** Scans `text` (valid JSON). Never throws; stops early on unexpected input. */
  constructor(private readonly text: string) {
    try {
      this.skip();
      this.value([]);
    } catch {
      // keep what was recorded
    }
  }

  /** Line of the key or element at `path`, else of its longest recorded prefix, else 1. */
  nearest(path: TomlPath): number {
    for (let n = path.length; n > 0; n--) {
      const found = this.lines.get(JSON.stringify(path.slice(0, n)));
      if (found !== undefined) return found;
    }
    return 1;
  }

  private skip(): void {
    for (;;) {
      const c = this.text[this.pos];
      if (c === "\n") this.line++;
      if (c === " " || c === "\t" || c === "\r" || c === "\n") this.pos++;
      else return;
    }
  }

  private string(): string {
    const start = this.pos;
    this.pos++;
    while (this.pos < this.text.length && this.text[this.pos] !== '"') {
      this.pos += this.text[this.pos] === "\\" ? 2 : 1;
    }
    if (this.pos >= this.text.length) throw new Error("unterminated string");
    this.pos++;
    return JSON.parse(this.text.slice(start, this.pos)) as string;
  }

  private value(path: (string | number)[]): void {
    const c = this.text[this.pos];
    if (c === "{") {
      this.pos++;
      this.skip();
      if (this.text[this.pos] === "}") {
        this.pos++;
        return;
      }
      for (;;) {
        this.skip();
        const line = this.line;
        const key = this.string();
        const child = [...path, key];
        const k = JSON.stringify(child);
        if (!this.lines.has(k)) this.lines.set(k, line);
        this.skip();
        if (this.text[this.pos] !== ":") throw new Error("expected :");
        this.pos++;
        this.skip();
        this.value(child);
        this.skip();
        const d = this.text[this.pos++];
        if (d === "}") return;
        if (d !== ",") throw new Error("expected , or }");
      }
    }
    if (c === "[") {
      this.pos++;
      this.skip();
      if (this.text[this.pos] === "]") {
        this.pos++;
        return;
      }
      for (let i = 0; ; i++) {
        this.skip();
        this.lines.set(JSON.stringify([...path, i]), this.line);
        this.value([...path, i]);
        this.skip();
        const d = this.text[this.pos++];
        if (d === "]") return;
        if (d !== ",") throw new Error("expected , or ]");
      }
    }
    if (c === '"') {
      this.string();
      return;
    }
    const start = this.pos;
    while (this.pos < this.text.length && /[^,\]}\s]/.test(this.text[this.pos])) this.pos++;
    if (this.pos === start) throw new Error("expected a value");
  }
}
