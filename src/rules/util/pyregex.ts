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
import { MAX_NESTING, NO_FLAGS, type AltNode, type ClassEscape, type ParsedRegex, type RegexFlags, type RegexNode, type RegexParseError, type SetItem } from "./pyregex-ast.js";

export { MAX_NESTING, NO_FLAGS, type AltNode, type ClassEscape, type ParsedRegex, type RegexFlags, type RegexNode, type RegexParseError, type SetItem } from "./pyregex-ast.js";
export { atomMatches, classMatches, endAnchor, hasAnchor, nullable, startsAnchored, walkRegex, type EndAnchor } from "./pyregex-analysis.js";
export { toJavaScript, type JsRegex, type MatchMode } from "./pyregex-js.js";

/** Python's `MAXREPEAT`: a `{m,n}` bound at or above it means "unbounded". */
const MAXREPEAT = 4294967295;
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
