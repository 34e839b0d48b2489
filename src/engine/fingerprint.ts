/**
 * Finding fingerprints: a hash of the rule code, the flagged statement's source normalised at the token
 * level, and the enclosing function/class path — never the line or the path.
 *
 * The normalisation makes a code formatter's run (black, ruff format, autopep8) leave fingerprints alone:
 * whitespace, line breaks and line continuations between tokens, comments, a trailing comma before a closing
 * bracket (black's "magic trailing comma"; kept in a one-element tuple `(x,)`, which means something), the
 * quote style of string literals (`'a'` and `"a"`, escaped quotes), triple quotes and the case of string
 * prefixes do not count. Everything else does: identifiers, operators, literal contents.
 *
 * Version 1 fingerprints (pyward 0.1 baselines) normalised whitespace only; {@link legacyFingerprint} still
 * computes them so old baselines keep matching.
 */
import { createHash } from "node:crypto";

/** The fingerprint scheme this build computes (baseline format 2). */
export const FINGERPRINT_VERSION = 2;

const OPENERS = "([{";
const CLOSERS = ")]}";
const MAX_TOKENS = 20_000;
/** Keywords after which a bracket opens a tuple, list or grouping rather than a call or subscript. */
const KEYWORDS = new Set([
  "in", "not", "and", "or", "is", "if", "elif", "else", "while", "for", "return", "yield", "await", "assert",
  "del", "lambda", "with", "as", "from", "import", "raise", "except", "print", "exec", "case", "match",
]);

/**
 * Python source (one statement, possibly several lines) as a canonical token string: tokens separated by one
 * space, comments and layout dropped, trailing commas dropped, strings re-quoted with `"`.
 * Linear and non-recursive; text that does not tokenise (an unterminated string) is kept as it is.
 */
export function normaliseCode(text: string): string {
  const tokens: string[] = [];
  /** Per open bracket: its index in `tokens`, whether it is a call/subscript bracket, and commas seen at its level. */
  const stack: { call: boolean; commas: number }[] = [];
  const n = text.length;
  let i = 0;
  while (i < n && tokens.length < MAX_TOKENS) {
    const c = text[i];
    if (c === " " || c === "\t" || c === "\r" || c === "\n" || c === "\f" || c === "\v") {
      i++;
      continue;
    }
    if (c === "\\" && (text[i + 1] === "\n" || text[i + 1] === "\r")) {
      i += 2;
      continue;
    }
    if (c === "#") {
      while (i < n && text[i] !== "\n" && text[i] !== "\0") i++;
      continue;
    }
    // a string literal, with an optional prefix
    const prefix = /^[rRbBuUfFtT]{0,2}(?=["'])/.exec(text.slice(i, i + 3));
    if (prefix) {
      const start = i + prefix[0].length;
      const q = text[start];
      const triple = text.startsWith(q.repeat(3), start);
      const delim = triple ? q.repeat(3) : q;
      let j = start + delim.length;
      let closed = false;
      while (j < n) {
        if (text[j] === "\\") {
          j += 2;
          continue;
        }
        if (text.startsWith(delim, j)) {
          closed = true;
          break;
        }
        if (!triple && text[j] === "\n") break;
        j++;
      }
      if (!closed) {
        tokens.push(text.slice(i).replace(/\s+/g, " ").trim());
        break;
      }
      const pre = prefix[0].toLowerCase();
      let body = text.slice(start + delim.length, j);
      if (!pre.includes("r")) body = body.replace(/\\(["'])/g, "$1");
      body = body.replace(/"/g, '\\"');
      tokens.push(`${pre}"${body}"`);
      i = j + delim.length;
      continue;
    }
    if (/[A-Za-z_\u0080-\uffff]/.test(c)) {
      let j = i + 1;
      while (j < n && /[\w\u0080-\uffff]/.test(text[j])) j++;
      tokens.push(text.slice(i, j));
      i = j;
      continue;
    }
    if (/[0-9]/.test(c)) {
      let j = i + 1;
      while (j < n && /[\w.]/.test(text[j])) j++;
      tokens.push(text.slice(i, j));
      i = j;
      continue;
    }
    if (OPENERS.includes(c)) {
      const prev = tokens[tokens.length - 1];
      // `f(`, `x[`, `f()(`: a call or subscript, where a trailing comma never changes the meaning
      const call = c !== "{" && prev !== undefined && ((/^[A-Za-z0-9_\u0080-\uffff]/.test(prev) && !KEYWORDS.has(prev)) || prev === ")" || prev === "]" || /"$/.test(prev));
      stack.push({ call, commas: 0 });
      tokens.push(c);
      i++;
      continue;
    }
    if (CLOSERS.includes(c)) {
      const open = stack.pop();
      if (tokens[tokens.length - 1] === ",") {
        // `(x,)` is a one-element tuple: that comma is meaning, not layout
        const tuple = c === ")" && open && !open.call && open.commas === 1;
        if (!tuple) tokens.pop();
      }
      tokens.push(c);
      i++;
      continue;
    }
    if (c === ",") {
      const top = stack[stack.length - 1];
      if (top) top.commas++;
    }
    tokens.push(c);
    i++;
  }
  return tokens.join(" ");
}

function hash(code: string, normalized: string, context: string): string {
  return createHash("sha256").update(`${code}\0${normalized}\0${context}`).digest("hex").slice(0, 32);
}

/**
 * The fingerprint of a finding of rule `code` on `statement` (its source, possibly with the flagged
 * expression appended after a NUL) inside `context` (the enclosing function/class path).
 */
export function fingerprint(code: string, statement: string, context: string): string {
  return hash(code, normaliseCode(statement), context);
}

/** The version 1 fingerprint (whitespace runs collapsed only), to match baselines written before version 2. */
export function legacyFingerprint(code: string, statement: string, context: string): string {
  return hash(code, statement.replace(/\s+/g, " ").trim(), context);
}
