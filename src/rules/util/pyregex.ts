/**
 * Python regular expressions (`re`, and the `re`-compatible part of the third-party `regex` module) read
 * into a small syntax tree, so that regex rules can look at anchors, character ranges and structure, and
 * translated into an equivalent JavaScript pattern for a ReDoS analyser.
 *
 * The parser follows `re._parser` (Python 3.11+): `(?P<name>…)`, `(?P=name)`, `(?#…)`, lookarounds,
 * conditionals `(?(1)…|…)`, atomic groups `(?>…)`, possessive quantifiers (`*+`, `++`, `?+`, `{m,n}+`),
 * global inline flags `(?aiLmsux)` and scoped ones `(?i-s:…)`, `{,n}`, verbose mode, `\A \Z \z \b \B`,
 * octal and `\x \u \U \N{…}` escapes, `]` first in a set. It never throws and never recurses deeper than
 * {@link MAX_NESTING}: anything it cannot read comes back as a parse failure.
 */

/** Flags that change how a pattern is read or matched. */
export interface RegexFlags {
  ignoreCase: boolean;
  multiline: boolean;
  dotAll: boolean;
  verbose: boolean;
  ascii: boolean;
}

/** No flags set. */
export const NO_FLAGS: Readonly<RegexFlags> = { ignoreCase: false, multiline: false, dotAll: false, verbose: false, ascii: false };

/** A class escape: `\d \D \w \W \s \S`. */
export type ClassEscape = "d" | "D" | "w" | "W" | "s" | "S";

/** An item of a character set `[…]`. */
export type SetItem =
  | { kind: "char"; cp: number; start: number; end: number }
  | { kind: "range"; lo: number; hi: number; start: number; end: number }
  | { kind: "class"; cls: ClassEscape; start: number; end: number };

/** Alternatives (`a|b`; a single branch when there is no `|`), each a sequence of nodes. */
export interface AltNode {
  kind: "alt";
  branches: RegexNode[][];
  start: number;
  end: number;
}

/** A node of the syntax tree; `start`/`end` are offsets into the pattern text. */
export type RegexNode =
  | AltNode
  | { kind: "char"; cp: number; start: number; end: number }
  | { kind: "class"; cls: ClassEscape; start: number; end: number }
  | { kind: "dot"; dotAll: boolean; start: number; end: number }
  | { kind: "set"; negated: boolean; items: SetItem[]; start: number; end: number }
  | { kind: "anchor"; anchor: "^" | "$" | "A" | "Z" | "b" | "B"; multiline: boolean; start: number; end: number }
  | {
      kind: "group";
      /** `capture`: `(…)`/`(?P<n>…)`; `plain`: `(?:…)` and scoped flags; `atomic`: `(?>…)`; lookarounds. */
      group: "capture" | "plain" | "atomic" | "ahead" | "not-ahead" | "behind" | "not-behind";
      /** Python's number of a capturing group. */
      index?: number;
      name?: string;
      /** A `(?i-s:…)` group with flags of its own. */
      scoped?: boolean;
      body: AltNode;
      start: number;
      end: number;
    }
  | { kind: "backref"; index: number; start: number; end: number }
  | { kind: "cond"; yes: AltNode; no: AltNode | undefined; start: number; end: number }
  | { kind: "quant"; min: number; max: number; lazy: boolean; possessive: boolean; atom: RegexNode; start: number; end: number };

/** A parsed pattern. */
export interface ParsedRegex {
  /** The whole pattern (an `alt` node, possibly with one branch). */
  root: AltNode;
  /** Flags in effect: those passed to the call merged with the global inline flags. */
  flags: RegexFlags;
  /** Number of capturing groups. */
  groups: number;
}

/** Why a pattern could not be read. */
export interface RegexParseError {
  error: string;
  offset: number;
}

/** Python's `MAXREPEAT`: a `{m,n}` bound at or above it means "unbounded". */
const MAXREPEAT = 4294967295;
/** Deepest group nesting read; deeper patterns are reported as unreadable rather than overflowing the stack. */
export const MAX_NESTING = 200;
/** Longest pattern read (characters). */
export const MAX_PATTERN_LENGTH = 20_000;

const VERBOSE_SPACE = new Set([" ", "\t", "\n", "\r", "\v", "\f"]);
const CLASS_ESCAPES = new Set(["d", "D", "w", "W", "s", "S"]);
const CONTROL_ESCAPES: Readonly<Record<string, number>> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };
const FLAG_LETTERS = "aiLmsux";

class Failure extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/**
 * Parses a Python pattern.
 * @param pattern the pattern's value (escapes of the string literal already decoded)
 * @param flags flags given to the call (`re.I`, `flags=re.VERBOSE`…)
 * @param dialect `regex` accepts the `regex` module's `(?<name>…)` spelling too
 */
export function parseRegex(pattern: string, flags: Partial<RegexFlags> = {}, dialect: "re" | "regex" = "re"): ParsedRegex | RegexParseError {
  if (pattern.length > MAX_PATTERN_LENGTH) return { error: "pattern too long to analyse", offset: 0 };
  const merged: RegexFlags = { ...NO_FLAGS, ...flags };
  // global inline flags: Python 3.11 requires them at the start; older versions applied them wherever they stood
  for (const m of pattern.matchAll(/\(\?([aiLmsux]+)\)/g)) {
    if (m.index > 0 && pattern[m.index - 1] === "\\") continue;
    applyFlagLetters(merged, m[1]);
  }
  try {
    const parser = new Parser(pattern, merged, dialect);
    const root = parser.parseAlternation(0);
    if (parser.pos < pattern.length) throw new Failure(pattern[parser.pos] === ")" ? "unbalanced parenthesis" : "unexpected character", parser.pos);
    return { root, flags: merged, groups: parser.groupCount };
  } catch (err) {
    if (err instanceof Failure) return { error: err.message, offset: err.offset };
    return { error: (err as Error).message, offset: 0 };
  }
}

/** True when {@link parseRegex} failed. */
export function isParseError(r: ParsedRegex | RegexParseError): r is RegexParseError {
  return "error" in r;
}

function applyFlagLetters(flags: RegexFlags, letters: string): void {
  for (const c of letters) {
    if (c === "i") flags.ignoreCase = true;
    else if (c === "m") flags.multiline = true;
    else if (c === "s") flags.dotAll = true;
    else if (c === "x") flags.verbose = true;
    else if (c === "a") flags.ascii = true;
  }
}

class Parser {
  pos = 0;
  groupCount = 0;
  private readonly names = new Map<string, number>();
  private depth = 0;

  constructor(
    private readonly src: string,
    private flags: RegexFlags,
    private readonly dialect: "re" | "regex",
  ) {}

  private peek(offset = 0): string {
    return this.src[this.pos + offset] ?? "";
  }

  private skipVerbose(): void {
    if (!this.flags.verbose) return;
    while (this.pos < this.src.length) {
      const c = this.src[this.pos];
      if (VERBOSE_SPACE.has(c)) this.pos++;
      else if (c === "#") {
        while (this.pos < this.src.length && this.src[this.pos] !== "\n") this.pos++;
      } else break;
    }
  }

  parseAlternation(start: number): AltNode {
    if (++this.depth > MAX_NESTING) throw new Failure("pattern nested too deeply to analyse", this.pos);
    const branches: RegexNode[][] = [this.parseSequence()];
    while (this.peek() === "|") {
      this.pos++;
      branches.push(this.parseSequence());
    }
    this.depth--;
    return { kind: "alt", branches, start, end: this.pos };
  }

  private parseSequence(): RegexNode[] {
    const out: RegexNode[] = [];
    for (;;) {
      this.skipVerbose();
      const c = this.peek();
      if (c === "" || c === "|" || c === ")") return out;
      const atomStart = this.pos;
      const atom = this.parseAtom();
      if (!atom) continue; // comment or global flags
      this.skipVerbose();
      const q = this.parseQuantifier();
      if (q) {
        if (atom.kind === "anchor") throw new Failure("nothing to repeat", atomStart);
        this.skipVerbose();
        if (this.isQuantifierStart()) throw new Failure("multiple repeat", this.pos);
        out.push({ kind: "quant", ...q, atom, start: atomStart, end: this.pos });
      } else out.push(atom);
    }
  }

  private isQuantifierStart(): boolean {
    const c = this.peek();
    if (c === "*" || c === "+" || c === "?") return true;
    return c === "{" && /^\{(\d*)(,\d*)?\}/.test(this.src.slice(this.pos, this.pos + 24)) && this.src.slice(this.pos, this.pos + 3) !== "{,}";
  }

  private parseQuantifier(): { min: number; max: number; lazy: boolean; possessive: boolean } | undefined {
    const c = this.peek();
    let min: number;
    let max: number;
    if (c === "*") [min, max] = [0, Infinity];
    else if (c === "+") [min, max] = [1, Infinity];
    else if (c === "?") [min, max] = [0, 1];
    else if (c === "{") {
      const m = /^\{(\d*)(?:(,)(\d*))?\}/.exec(this.src.slice(this.pos, this.pos + 48));
      if (!m || (m[1] === "" && m[2] === undefined)) return undefined; // a literal `{`
      min = m[1] === "" ? 0 : Number(m[1]);
      max = m[2] === undefined ? min : m[3] === "" ? Infinity : Number(m[3]);
      if (max >= MAXREPEAT) max = Infinity;
      if (min >= MAXREPEAT) throw new Failure("the repetition number is too large", this.pos);
      if (max < min) throw new Failure("min repeat greater than max repeat", this.pos);
      this.pos += m[0].length - 1;
    } else return undefined;
    this.pos++;
    let lazy = false;
    let possessive = false;
    if (this.peek() === "?") {
      lazy = true;
      this.pos++;
    } else if (this.peek() === "+") {
      possessive = true;
      this.pos++;
    }
    return { min, max, lazy, possessive };
  }

  private parseAtom(): RegexNode | undefined {
    const start = this.pos;
    const c = this.src[this.pos++];
    switch (c) {
      case "(":
        return this.parseGroup(start);
      case "[":
        return this.parseSet(start);
      case ".":
        return { kind: "dot", dotAll: this.flags.dotAll, start, end: this.pos };
      case "^":
        return { kind: "anchor", anchor: "^", multiline: this.flags.multiline, start, end: this.pos };
      case "$":
        return { kind: "anchor", anchor: "$", multiline: this.flags.multiline, start, end: this.pos };
      case "\\":
        return this.parseEscape(start, false) as RegexNode;
      case "*":
      case "+":
      case "?":
        throw new Failure("nothing to repeat", start);
      case "{":
        this.pos = start;
        if (this.isQuantifierStart()) throw new Failure("nothing to repeat", start);
        this.pos = start + 1;
        return { kind: "char", cp: 0x7b, start, end: this.pos };
      default: {
        const cp = this.src.codePointAt(start)!;
        this.pos = start + (cp > 0xffff ? 2 : 1);
        return { kind: "char", cp, start, end: this.pos };
      }
    }
  }

  private parseGroup(start: number): RegexNode | undefined {
    const saved = this.flags;
    try {
      if (this.peek() !== "?") {
        const index = ++this.groupCount;
        const body = this.parseAlternation(this.pos);
        this.expect(")");
        return { kind: "group", group: "capture", index, body, start, end: this.pos };
      }
      this.pos++;
      const c = this.src[this.pos++] ?? "";
      if (c === ":") return this.groupBody("plain", start);
      if (c === ">") return this.groupBody("atomic", start);
      if (c === "=") return this.groupBody("ahead", start);
      if (c === "!") return this.groupBody("not-ahead", start);
      if (c === "#") {
        const close = this.src.indexOf(")", this.pos);
        if (close < 0) throw new Failure("missing ), unterminated comment", start);
        this.pos = close + 1;
        return undefined;
      }
      if (c === "<") {
        if (this.peek() === "=") {
          this.pos++;
          return this.groupBody("behind", start);
        }
        if (this.peek() === "!") {
          this.pos++;
          return this.groupBody("not-behind", start);
        }
        if (this.dialect === "regex") return this.namedGroup(start, ">");
        throw new Failure("unknown extension ?<" + this.peek(), start);
      }
      if (c === "P") {
        const d = this.src[this.pos++];
        if (d === "<") return this.namedGroup(start, ">");
        if (d === "=") {
          const close = this.src.indexOf(")", this.pos);
          if (close < 0) throw new Failure("missing ), unterminated name", start);
          const name = this.src.slice(this.pos, close);
          this.pos = close + 1;
          const index = this.names.get(name);
          if (index === undefined) throw new Failure(`unknown group name '${name}'`, start);
          return { kind: "backref", index, start, end: this.pos };
        }
        throw new Failure("unknown extension ?P" + (d ?? ""), start);
      }
      if (c === "(") {
        const close = this.src.indexOf(")", this.pos);
        if (close < 0) throw new Failure("missing ), unterminated name", start);
        this.pos = close + 1;
        const body = this.parseAlternation(this.pos);
        this.expect(")");
        if (body.branches.length > 2) throw new Failure("conditional backref with more than two branches", start);
        const yes: AltNode = { kind: "alt", branches: [body.branches[0]], start: body.start, end: body.end };
        const no: AltNode | undefined = body.branches[1] ? { kind: "alt", branches: [body.branches[1]], start: body.start, end: body.end } : undefined;
        return { kind: "cond", yes, no, start, end: this.pos };
      }
      if (FLAG_LETTERS.includes(c) || c === "-") {
        // flags: global `(?imx)` or scoped `(?i-s:…)`
        this.pos--;
        const m = /^([aiLmsux]*)(?:-([imsx]+))?([:)])/.exec(this.src.slice(this.pos, this.pos + 16));
        if (!m) throw new Failure("unknown flag", this.pos);
        this.pos += m[0].length;
        if (m[3] === ")") return undefined; // global flags, applied by parseRegex
        const scoped = { ...this.flags };
        applyFlagLetters(scoped, m[1]);
        for (const f of m[2] ?? "") {
          if (f === "i") scoped.ignoreCase = false;
          else if (f === "m") scoped.multiline = false;
          else if (f === "s") scoped.dotAll = false;
          else if (f === "x") scoped.verbose = false;
        }
        this.flags = scoped;
        return { ...this.groupBody("plain", start), scoped: true } as RegexNode;
      }
      throw new Failure("unknown extension ?" + c, start);
    } finally {
      this.flags = saved;
    }
  }

  private namedGroup(start: number, closer: string): RegexNode {
    const close = this.src.indexOf(closer, this.pos);
    if (close < 0) throw new Failure("missing >, unterminated name", start);
    const name = this.src.slice(this.pos, close);
    if (!/^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u.test(name)) throw new Failure(`bad character in group name '${name}'`, start);
    if (this.names.has(name)) throw new Failure(`redefinition of group name '${name}'`, start);
    this.pos = close + 1;
    const index = ++this.groupCount;
    this.names.set(name, index);
    const body = this.parseAlternation(this.pos);
    this.expect(")");
    return { kind: "group", group: "capture", index, name, body, start, end: this.pos };
  }

  private groupBody(group: Extract<RegexNode, { kind: "group" }>["group"], start: number): RegexNode {
    const body = this.parseAlternation(this.pos);
    this.expect(")");
    return { kind: "group", group, body, start, end: this.pos };
  }

  private expect(ch: string): void {
    if (this.peek() !== ch) throw new Failure(`missing ${ch}, unterminated subpattern`, this.pos);
    this.pos++;
  }

  private parseSet(start: number): RegexNode {
    let negated = false;
    if (this.peek() === "^") {
      negated = true;
      this.pos++;
    }
    const items: SetItem[] = [];
    let first = true;
    for (;;) {
      if (this.pos >= this.src.length) throw new Failure("unterminated character set", start);
      const itemStart = this.pos;
      const c = this.src[this.pos];
      if (c === "]" && !first) {
        this.pos++;
        break;
      }
      first = false;
      const lo = this.setAtom();
      // a range `a-z` (a `-` before `]` is literal)
      if (this.peek() === "-" && this.peek(1) !== "]" && this.peek(1) !== "" && lo.kind === "char") {
        this.pos++;
        const hiStart = this.pos;
        const hi = this.setAtom();
        if (hi.kind !== "char") throw new Failure("bad character range", hiStart);
        if (hi.cp < lo.cp) {
          throw new Failure(`bad character range ${this.src.slice(itemStart, this.pos)}`, itemStart);
        }
        items.push({ kind: "range", lo: lo.cp, hi: hi.cp, start: itemStart, end: this.pos });
      } else if (this.peek() === "-" && this.peek(1) !== "]" && this.peek(1) !== "" && lo.kind === "class") {
        throw new Failure(`bad character range ${this.src.slice(itemStart, this.pos + 2)}`, itemStart);
      } else items.push({ ...lo, start: itemStart, end: this.pos } as SetItem);
    }
    return { kind: "set", negated, items, start, end: this.pos };
  }

  private setAtom(): { kind: "char"; cp: number } | { kind: "class"; cls: ClassEscape } {
    const start = this.pos;
    const c = this.src[this.pos];
    if (c === "\\") {
      this.pos++;
      const r = this.parseEscape(start, true);
      if (r.kind === "char" || r.kind === "class") return r.kind === "char" ? { kind: "char", cp: r.cp } : { kind: "class", cls: r.cls };
      throw new Failure("bad escape in set", start);
    }
    const cp = this.src.codePointAt(this.pos)!;
    this.pos += cp > 0xffff ? 2 : 1;
    return { kind: "char", cp };
  }

  /** Reads an escape after its backslash (`this.pos` is just past it). */
  private parseEscape(start: number, inSet: boolean): RegexNode {
    const c = this.src[this.pos];
    if (c === undefined) throw new Failure("bad escape (end of pattern)", start);
    this.pos++;
    const char = (cp: number): RegexNode => ({ kind: "char", cp, start, end: this.pos });
    if (CLASS_ESCAPES.has(c)) return { kind: "class", cls: c as ClassEscape, start, end: this.pos };
    if (c in CONTROL_ESCAPES) return char(CONTROL_ESCAPES[c]);
    if (c === "\\") return char(0x5c);
    if (c === "x") {
      const m = /^[0-9a-fA-F]{2}/.exec(this.src.slice(this.pos, this.pos + 2));
      if (!m) throw new Failure("incomplete escape \\x", start);
      this.pos += 2;
      return char(parseInt(m[0], 16));
    }
    if (c === "u" || c === "U") {
      const n = c === "u" ? 4 : 8;
      const hex = this.src.slice(this.pos, this.pos + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) throw new Failure(`incomplete escape \\${c}`, start);
      this.pos += n;
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff) throw new Failure("bad escape", start);
      return char(cp);
    }
    if (c === "N") {
      if (this.peek() !== "{") throw new Failure("missing {", start);
      const close = this.src.indexOf("}", this.pos);
      if (close < 0) throw new Failure("missing }, unterminated name", start);
      this.pos = close + 1;
      return char(0xf8ff); // a named character: its value does not matter to the analyses
    }
    if (c === "0") {
      let digits = "";
      while (digits.length < 2 && /[0-7]/.test(this.peek())) digits += this.src[this.pos++];
      return char(parseInt(digits || "0", 8));
    }
    if (c >= "1" && c <= "9") {
      // three octal digits make an octal escape; else a group reference (never inside a set)
      const two = this.src.slice(this.pos, this.pos + 2);
      if (/^[0-7]{2}$/.test(two) && c <= "7") {
        const value = parseInt(c + two, 8);
        if (value > 0o377) throw new Failure("octal escape value outside of range 0-0o377", start);
        this.pos += 2;
        return char(value);
      }
      if (inSet) throw new Failure("bad escape in set", start);
      let digits = c;
      if (/[0-9]/.test(this.peek())) digits += this.src[this.pos++];
      const index = Number(digits);
      if (index > this.groupCount) throw new Failure("invalid group reference", start);
      return { kind: "backref", index, start, end: this.pos };
    }
    if (!inSet) {
      if (c === "A") return { kind: "anchor", anchor: "A", multiline: false, start, end: this.pos };
      if (c === "Z" || c === "z") return { kind: "anchor", anchor: "Z", multiline: false, start, end: this.pos };
      if (c === "b") return { kind: "anchor", anchor: "b", multiline: false, start, end: this.pos };
      if (c === "B") return { kind: "anchor", anchor: "B", multiline: false, start, end: this.pos };
    } else if (c === "b") return char(8);
    if (/[A-Za-z]/.test(c)) throw new Failure(`bad escape \\${c}`, start);
    this.pos = start + 1;
    const cp = this.src.codePointAt(this.pos)!;
    this.pos += cp > 0xffff ? 2 : 1;
    return char(cp);
  }
}

// ---------------------------------------------------------------- analyses

/** True when `node` can match the empty string. */
export function nullable(node: RegexNode, depth = 0): boolean {
  if (depth > MAX_NESTING * 2) return true;
  switch (node.kind) {
    case "alt":
      return node.branches.some((b) => b.every((n) => nullable(n, depth + 1)));
    case "char":
    case "class":
    case "dot":
    case "set":
      return false;
    case "anchor":
      return true;
    case "group":
      return node.group !== "capture" && node.group !== "plain" && node.group !== "atomic" ? true : nullable(node.body, depth + 1);
    case "backref":
      return true;
    case "cond":
      return nullable(node.yes, depth + 1) || !node.no || nullable(node.no, depth + 1);
    case "quant":
      return node.min === 0 || nullable(node.atom, depth + 1);
  }
}

/** Visits every node of the tree (iteratively; no recursion limit). */
export function walkRegex(root: RegexNode, visit: (node: RegexNode) => void): void {
  const stack: RegexNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    visit(node);
    switch (node.kind) {
      case "alt":
        for (let i = node.branches.length - 1; i >= 0; i--) for (let j = node.branches[i].length - 1; j >= 0; j--) stack.push(node.branches[i][j]);
        break;
      case "group":
        stack.push(node.body);
        break;
      case "cond":
        if (node.no) stack.push(node.no);
        stack.push(node.yes);
        break;
      case "quant":
        stack.push(node.atom);
        break;
      default:
        break;
    }
  }
}

/** The pieces of a sequence that a match of it must start with, seen through plain and capturing groups. */
function branchesOf(node: RegexNode): RegexNode[][] | undefined {
  if (node.kind === "alt") return node.branches;
  if (node.kind === "group" && (node.group === "capture" || node.group === "plain" || node.group === "atomic")) return node.body.branches;
  return undefined;
}

/**
 * True when every way through the pattern starts at the beginning of the string: each branch begins with
 * `\A`, or with `^` outside MULTILINE mode (zero-width lookarounds before it are skipped).
 */
export function startsAnchored(node: RegexNode, depth = 0): boolean {
  const branches = branchesOf(node);
  if (!branches || depth > MAX_NESTING) return false;
  return branches.every((seq) => {
    for (const n of seq) {
      if (n.kind === "anchor") return n.anchor === "A" || (n.anchor === "^" && !n.multiline);
      if (n.kind === "group" && n.group !== "capture" && n.group !== "plain" && n.group !== "atomic") continue;
      if (n.kind === "group") return startsAnchored(n, depth + 1);
      return false;
    }
    return false;
  });
}

/** How the branches of a pattern end: at `\Z`, at `$`, or not anchored at the end. */
export type EndAnchor = "Z" | "dollar" | "none";

/**
 * How every way through the pattern ends: `Z` when each branch ends with `\Z`; `dollar` when each ends with
 * `\Z` or `$` and at least one with `$` (outside MULTILINE mode, `$` also matches before a final newline);
 * `none` when some branch is not anchored at the end (or only by a MULTILINE `$`). Trailing lookarounds are
 * skipped.
 */
export function endAnchor(node: RegexNode, depth = 0): EndAnchor {
  const branches = branchesOf(node);
  if (!branches || depth > MAX_NESTING) return "none";
  let result: EndAnchor = "Z";
  for (const seq of branches) {
    let found: EndAnchor = "none";
    for (let i = seq.length - 1; i >= 0; i--) {
      const n = seq[i];
      if (n.kind === "anchor") {
        if (n.anchor === "Z") found = "Z";
        else if (n.anchor === "$" && !n.multiline) found = "dollar";
        else if (n.anchor === "b" || n.anchor === "B") continue;
        break;
      }
      if (n.kind === "group" && n.group !== "capture" && n.group !== "plain" && n.group !== "atomic") continue;
      if (n.kind === "group") found = endAnchor(n, depth + 1);
      break;
    }
    if (found === "none") return "none";
    if (found === "dollar") result = "dollar";
  }
  return result;
}

/** True when the pattern has a start or end anchor (`^ $ \A \Z`) anywhere; word boundaries do not count. */
export function hasAnchor(root: RegexNode): boolean {
  let found = false;
  walkRegex(root, (n) => {
    if (n.kind === "anchor" && n.anchor !== "b" && n.anchor !== "B") found = true;
  });
  return found;
}

/** True when a set item list (or class escape) can match `cp`, for ASCII `cp` only. */
export function classMatches(cls: ClassEscape, cp: number): boolean {
  const ch = String.fromCodePoint(cp);
  switch (cls) {
    case "d":
      return /\d/.test(ch);
    case "D":
      return !/\d/.test(ch);
    case "w":
      return /\w/.test(ch);
    case "W":
      return !/\w/.test(ch);
    case "s":
      return /\s/.test(ch);
    case "S":
      return !/\s/.test(ch);
  }
}

/** True when a single-character node (char, class, dot, set) can match code point `cp` (case-sensitively). */
export function atomMatches(node: RegexNode, cp: number): boolean {
  switch (node.kind) {
    case "char":
      return node.cp === cp;
    case "class":
      return classMatches(node.cls, cp);
    case "dot":
      return node.dotAll || cp !== 10;
    case "set": {
      const hit = node.items.some((it) => (it.kind === "char" ? it.cp === cp : it.kind === "range" ? it.lo <= cp && cp <= it.hi : classMatches(it.cls, cp)));
      return node.negated ? !hit : hit;
    }
    default:
      return false;
  }
}

// ---------------------------------------------------------------- translation to JavaScript

/** A pattern translated to JavaScript syntax (for the `u` flag), with the flags to compile it with. */
export interface JsRegex {
  source: string;
  flags: string;
  /** The translation is approximate: atomic/possessive parts replaced by opaque units, conditionals by alternation, scoped `i` flags dropped. */
  approximate: boolean;
}

/** How a Python call applies a pattern: anywhere in the string, at its start, or to the whole of it. */
export type MatchMode = "search" | "match" | "fullmatch";

const SYNTAX = new Set([..."^$\\.*+?()[]{}|/"]);
const SET_SPECIAL = new Set([..."\\]^-["]);

function emitChar(cp: number, inSet: boolean): string {
  const ch = String.fromCodePoint(cp);
  if (/^[A-Za-z0-9]$/.test(ch)) return ch;
  if (cp >= 0x20 && cp < 0x7f) {
    if (inSet) return SET_SPECIAL.has(ch) ? `\\${ch}` : ch;
    return SYNTAX.has(ch) ? `\\${ch}` : ch;
  }
  return `\\u{${cp.toString(16)}}`;
}

/**
 * Translates a parsed Python pattern into JavaScript for a backtracking analysis. Capturing groups are
 * renumbered, named groups become numbered ones, `\Z`→`$`, `\A`→`^`, `.` spells out whether it matches a
 * newline. Atomic groups and possessive quantifiers cannot backtrack into themselves: each becomes one
 * opaque character of its own (optional when it can match nothing), so they are never blamed for
 * backtracking. Conditionals become an alternation of their branches.
 */
export function toJavaScript(parsed: ParsedRegex, mode: MatchMode = "search"): JsRegex {
  let approximate = false;
  let opaque = 0xe000;
  const jsIndex = new Map<number, number>();
  let nextJs = 0;
  // number the JS capturing groups in order, skipping those hidden inside opaque parts
  const hiddenGroups = new Set<number>();
  walkRegex(parsed.root, (n) => {
    if ((n.kind === "group" && n.group === "atomic") || (n.kind === "quant" && n.possessive)) {
      walkRegex(n, (m) => {
        if (m.kind === "group" && m.group === "capture" && m.index !== undefined) hiddenGroups.add(m.index);
      });
    }
  });
  walkRegex(parsed.root, (n) => {
    if (n.kind === "group" && n.group === "capture" && n.index !== undefined && !hiddenGroups.has(n.index) && !jsIndex.has(n.index)) jsIndex.set(n.index, ++nextJs);
  });

  const opaqueUnit = (node: RegexNode): string => {
    approximate = true;
    const unit = `\\u{${(opaque++).toString(16)}}`;
    if (opaque > 0xf8fe) opaque = 0xe000;
    return nullable(node) ? `${unit}?` : unit;
  };

  const emit = (node: RegexNode, depth: number): string => {
    if (depth > MAX_NESTING * 3) throw new Error("pattern nested too deeply to analyse");
    switch (node.kind) {
      case "alt":
        return node.branches.map((seq) => seq.map((n) => emit(n, depth + 1)).join("")).join("|");
      case "char":
        return emitChar(node.cp, false);
      case "class":
        return `\\${node.cls}`;
      case "dot":
        return node.dotAll ? "[\\s\\S]" : "[^\\n]";
      case "set": {
        const items = node.items.map((it) =>
          it.kind === "char" ? emitChar(it.cp, true) : it.kind === "range" ? `${emitChar(it.lo, true)}-${emitChar(it.hi, true)}` : `\\${it.cls}`,
        );
        if (!items.length) return node.negated ? "[\\s\\S]" : "[]";
        return `[${node.negated ? "^" : ""}${items.join("")}]`;
      }
      case "anchor":
        switch (node.anchor) {
          case "A":
            return "^";
          case "Z":
            return "$";
          case "b":
            return "\\b";
          case "B":
            return "\\B";
          default:
            return node.anchor;
        }
      case "group": {
        if (node.group === "atomic") return opaqueUnit(node);
        const body = emit(node.body, depth + 1);
        switch (node.group) {
          case "capture":
            return `(${body})`;
          case "plain":
            return `(?:${body})`;
          case "ahead":
            return `(?=${body})`;
          case "not-ahead":
            return `(?!${body})`;
          case "behind":
            return `(?<=${body})`;
          case "not-behind":
            return `(?<!${body})`;
        }
        return `(?:${body})`;
      }
      case "backref": {
        const target = jsIndex.get(node.index);
        if (target === undefined) return opaqueUnit(node);
        return `(?:\\${target})`;
      }
      case "cond":
        approximate = true;
        return `(?:${emit(node.yes, depth + 1)}|${node.no ? emit(node.no, depth + 1) : ""})`;
      case "quant": {
        if (node.possessive) return opaqueUnit(node);
        let atom = emit(node.atom, depth + 1);
        if (node.atom.kind === "group" && node.atom.group !== "capture" && node.atom.group !== "plain") atom = `(?:${atom})`;
        else if (atom.endsWith("?") && node.atom.kind !== "group") atom = `(?:${atom})`;
        const q =
          node.min === 0 && node.max === Infinity
            ? "*"
            : node.min === 1 && node.max === Infinity
              ? "+"
              : node.min === 0 && node.max === 1
                ? "?"
                : node.max === Infinity
                  ? `{${node.min},}`
                  : node.min === node.max
                    ? `{${node.min}}`
                    : `{${node.min},${node.max}}`;
        return `${atom}${q}${node.lazy ? "?" : ""}`;
      }
    }
  };

  let source = emit(parsed.root, 0);
  if (mode === "match") source = `^(?:${source})`;
  else if (mode === "fullmatch") source = `^(?:${source})$`;
  let flags = "u";
  if (parsed.flags.ignoreCase) flags += "i";
  if (parsed.flags.multiline) flags += "m";
  walkRegex(parsed.root, (n) => {
    if (n.kind === "group" && n.scoped) {
      // scoped flags such as `(?i:…)` are dropped (JavaScript engines of Node 20 lack them)
      approximate = true;
    }
  });
  return { source, flags, approximate };
}
