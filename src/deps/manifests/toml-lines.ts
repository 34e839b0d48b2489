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

/** A recorded key or array element: its line and its children. */
interface LineNode {
  line?: number;
  depth: number;
  kids?: Map<string | number, LineNode>;
  /** For an array of tables: how many `[[…]]` entries so far. */
  tables?: number;
}

/** Stand-in for every node deeper than the recording limit: records nothing. */
const SINK: LineNode = { depth: Infinity };

/** The 1-based line of every key and array element of a TOML document. */
export class TomlLines {
  private readonly root: LineNode = { depth: 0 };

  /**
   * Scans `text` (TOML that parsed without error). Never throws.
   * @param maxDepth record only paths of at most this many parts (deeper values are still scanned past);
   *   lockfile readers pass 3 (`package`, index, key) to skip the hash tables they do not need
   */
  constructor(text: string, maxDepth = Infinity) {
    try {
      new Scanner(text, this.root, maxDepth).document();
    } catch {
      // Stop where the scanner lost its way; what was recorded stays usable.
    }
  }

  /** Line of the key or array element at `path`, undefined when not recorded. */
  line(path: TomlPath): number | undefined {
    let node: LineNode | undefined = this.root;
    for (const part of path) node = node?.kids?.get(part);
    return node === this.root ? undefined : node?.line;
  }

  /**
   * Line of `path`, else of its longest recorded prefix (`["tool","poetry","dependencies","x","version"]` →
   * the line of `x`), else 1.
   */
  nearest(path: TomlPath): number {
    let node: LineNode | undefined = this.root;
    let best = 1;
    for (const part of path) {
      node = node.kids?.get(part);
      if (!node) break;
      if (node.line !== undefined) best = node.line;
    }
    return best;
  }
}

const BARE_KEY = /[A-Za-z0-9_-]/;

const SIMPLE_ESCAPES: Record<string, string> = { b: "\b", t: "\t", n: "\n", f: "\f", r: "\r", '"': '"', "\\": "\\" };

/** Decodes the escapes of a TOML basic string body. */
function unescapeBasic(raw: string): string {
  return raw.replace(/\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)/g, (whole, e: string) => {
    if (e.length > 1) return String.fromCodePoint(parseInt(e.slice(1), 16));
    return SIMPLE_ESCAPES[e] ?? whole;
  });
}

class Scanner {
  private pos = 0;
  private line = 1;

  constructor(
    private readonly text: string,
    private readonly root: LineNode,
    private readonly maxDepth: number,
  ) {}

  /** The child of `node` for `part`, created when missing; {@link SINK} past the depth limit. */
  private child(node: LineNode, part: string | number): LineNode {
    if (node.depth >= this.maxDepth) return SINK;
    node.kids ??= new Map();
    let kid = node.kids.get(part);
    if (!kid) {
      kid = { depth: node.depth + 1 };
      node.kids.set(part, kid);
    }
    return kid;
  }

  /** Records `line` on `node` unless it already has one (the first place a key appears wins). */
  private mark(node: LineNode, line: number): void {
    if (node !== SINK && node.line === undefined) node.line = line;
  }

  private peek(): string {
    return this.text[this.pos] ?? "";
  }

  private startsWith(s: string): boolean {
    return this.text.startsWith(s, this.pos);
  }

  private skipBlanks(): void {
    const t = this.text;
    while (t[this.pos] === " " || t[this.pos] === "\t") this.pos++;
  }

  /** Blanks, newlines and comments. */
  private skipSpace(): void {
    const t = this.text;
    for (;;) {
      const c = t[this.pos];
      if (c === " " || c === "\t" || c === "\r") this.pos++;
      else if (c === "\n") {
        this.pos++;
        this.line++;
      } else if (c === "#") this.skipComment();
      else return;
    }
  }

  /** To the end of the line (the newline itself is left). */
  private skipComment(): void {
    const nl = this.text.indexOf("\n", this.pos);
    this.pos = nl < 0 ? this.text.length : nl;
  }

  private fail(): never {
    throw new Error(`TOML scan stopped at offset ${this.pos}`);
  }

  document(): void {
    let table = this.root;
    for (;;) {
      this.skipSpace();
      if (this.pos >= this.text.length) return;
      const line = this.line;
      if (this.startsWith("[[")) {
        this.pos += 2;
        const parts = this.key("]");
        this.expect("]]");
        // Walk to the array's node, marking every new prefix with the header's line.
        let node = this.walk(parts.slice(0, -1), line);
        node = this.child(node, parts[parts.length - 1]);
        this.mark(node, line);
        const index = node.tables ?? 0;
        if (node !== SINK) node.tables = index + 1;
        table = this.child(node, index);
        this.mark(table, line);
      } else if (this.peek() === "[") {
        this.pos++;
        const parts = this.key("]");
        this.expect("]");
        table = this.walk(parts, line);
      } else {
        this.keyValue(table);
      }
      this.skipBlanks();
      if (this.peek() === "#") this.skipComment();
    }
  }

  /**
   * The node of a header's keys, from the root, stepping into the latest entry of every array of tables on
   * the way (`[package.source]` after the third `[[package]]` is `package[2].source`); marks new nodes.
   */
  private walk(parts: string[], line: number): LineNode {
    let node = this.root;
    for (const part of parts) {
      node = this.child(node, part);
      if (node.tables !== undefined) node = this.child(node, node.tables - 1);
      this.mark(node, line);
    }
    return node;
  }

  private expect(s: string): void {
    this.skipBlanks();
    if (!this.startsWith(s)) this.fail();
    this.pos += s.length;
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
        const start = this.pos;
        while (this.pos < this.text.length && BARE_KEY.test(this.text[this.pos])) this.pos++;
        if (this.pos === start) this.fail();
        parts.push(this.text.slice(start, this.pos));
      }
      this.skipBlanks();
      if (this.peek() === ".") {
        this.pos++;
        continue;
      }
      if (this.peek() !== stop) this.fail();
      return parts;
    }
  }

  private keyValue(table: LineNode): void {
    const line = this.line;
    const parts = this.key("=");
    this.pos++; // "="
    let node = table;
    for (const part of parts) {
      node = this.child(node, part);
      this.mark(node, line);
    }
    this.skipBlanks();
    this.value(node);
  }

  private value(node: LineNode): void {
    const c = this.peek();
    if (this.startsWith('"""')) this.multiline('"""', true);
    else if (this.startsWith("'''")) this.multiline("'''", false);
    else if (c === '"') this.basicString();
    else if (c === "'") this.literalString();
    else if (c === "[") this.array(node);
    else if (c === "{") this.inlineTable(node);
    else {
      // Numbers, booleans, dates: up to a delimiter; never across a line.
      const t = this.text;
      const start = this.pos;
      for (;;) {
        const ch = t[this.pos];
        if (ch === undefined || ch === "," || ch === "]" || ch === "}" || ch === "\r" || ch === "\n" || ch === "#") break;
        this.pos++;
      }
      if (this.pos === start) this.fail();
    }
  }

  private array(node: LineNode): void {
    this.pos++; // "["
    let index = 0;
    for (;;) {
      this.skipSpace();
      if (this.peek() === "]") {
        this.pos++;
        return;
      }
      if (this.pos >= this.text.length) this.fail();
      const item = this.child(node, index);
      this.mark(item, this.line);
      this.value(item);
      this.skipSpace();
      if (this.peek() === ",") {
        this.pos++;
        index++;
      } else if (this.peek() !== "]") this.fail();
    }
  }

  private inlineTable(node: LineNode): void {
    this.pos++; // "{"
    for (;;) {
      this.skipSpace();
      if (this.peek() === "}") {
        this.pos++;
        return;
      }
      if (this.pos >= this.text.length) this.fail();
      this.keyValue(node);
      this.skipSpace();
      if (this.peek() === ",") this.pos++;
      else if (this.peek() !== "}") this.fail();
    }
  }

  /** A one-line basic string; returns its value (escapes decoded) for use as a key. */
  private basicString(): string {
    const t = this.text;
    this.pos++; // opening quote
    const start = this.pos;
    let escaped = false;
    for (;;) {
      const c = t[this.pos];
      if (c === undefined || c === "\n") this.fail();
      if (c === '"') break;
      if (c === "\\") {
        escaped = true;
        this.pos += 2;
      } else this.pos++;
    }
    const raw = t.slice(start, this.pos);
    this.pos++; // closing quote
    return escaped ? unescapeBasic(raw) : raw;
  }

  private literalString(): string {
    this.pos++;
    const end = this.text.indexOf("'", this.pos);
    const nl = this.text.indexOf("\n", this.pos);
    if (end < 0 || (nl >= 0 && nl < end)) this.fail();
    const s = this.text.slice(this.pos, end);
    this.pos = end + 1;
    return s;
  }

  private multiline(delim: string, escapes: boolean): void {
    const t = this.text;
    this.pos += 3;
    for (;;) {
      const c = t[this.pos];
      if (c === undefined) this.fail();
      if (escapes && c === "\\") {
        if (t[this.pos + 1] === "\n") this.line++;
        this.pos += 2;
        continue;
      }
      if (c === delim[0] && t.startsWith(delim, this.pos)) {
        this.pos += 3;
        // Up to two more quote characters may close the string (`""""` = one quote inside + delimiter).
        for (let extra = 0; extra < 2 && t[this.pos] === delim[0]; extra++) this.pos++;
        return;
      }
      if (c === "\n") this.line++;
      this.pos++;
    }
  }
}
