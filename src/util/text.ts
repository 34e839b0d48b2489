/**
 * Small string helpers that do in linear time what a short regular expression did with super-linear
 * backtracking. pyward runs them on text a scanned repository controls (manifests, configuration, Python
 * source), where a regex such as `/\/+$/` is quadratic in V8: it is retried from every start of a long run of
 * `/` that is followed by another character, and each retry scans the rest of the run.
 *
 * Each helper states the regex it stands for and returns exactly what that regex gave, on every input.
 */
import { isAscii } from "node:buffer";

const SPACE = /\s/;

/**
 * Whether `c` (one UTF-16 code unit) is whitespace as the regex class `\s` sees it — the same set as
 * `String.prototype.trim` removes (white space and line terminators).
 */
export function isSpace(c: string): boolean {
  return SPACE.test(c);
}

/** Whether `c` is a space or a tab (the regex class `[ \t]`). */
export function isBlank(c: string): boolean {
  return c === " " || c === "\t";
}

/** Whether `c` is a line terminator — a character the regex `.` does not match: LF, CR, U+2028, U+2029. */
export function isLineTerminator(c: string): boolean {
  return c === "\n" || c === "\r" || c === "\u2028" || c === "\u2029";
}

/**
 * `text` without its longest suffix of characters for which `strip` holds: what `text.replace(/[…]+$/, "")`
 * gives for the class `[…]` that `strip` tests, found by one scan from the end.
 * @param strip tests one UTF-16 code unit
 */
export function trimEndWhile(text: string, strip: (c: string) => boolean): string {
  let end = text.length;
  while (end > 0 && strip(text[end - 1])) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** `text` without trailing `/` characters: `text.replace(/\/+$/, "")` in linear time. */
export function trimTrailingSlashes(text: string): string {
  return trimEndWhile(text, (c) => c === "/");
}

/**
 * Where `/[chars].*$/` (no flags) matches `text`: the first of `chars` after the last line terminator (from an
 * earlier one `.*` cannot reach the end, since `.` does not cross a line terminator and `$` is the end of the
 * text); -1 when there is none. Found with two scans instead of one scan to the end from every candidate.
 * @param chars the characters of the class, each one UTF-16 code unit
 */
export function tailStart(text: string, chars: string): number {
  let from = text.length;
  while (from > 0 && !isLineTerminator(text[from - 1])) from--;
  for (let i = from; i < text.length; i++) if (chars.includes(text[i])) return i;
  return -1;
}

/** `text` cut before {@link tailStart}: `text.replace(/[chars].*$/, "")` in linear time. */
export function cutTail(text: string, chars: string): string {
  const at = tailStart(text, chars);
  return at < 0 ? text : text.slice(0, at);
}

/**
 * What `/^\s*(.*)$/` (no flags) captures from `text`: `text` without its leading whitespace, or undefined when
 * that rest holds a line terminator (`.` cannot cross it, and `$` is only the end of the text). The regex spends
 * quadratic time there, giving the blanks back to `(.*)` one at a time; this scans the text once.
 */
export function restOfLine(text: string): string | undefined {
  const rest = text.trimStart();
  for (let i = 0; i < rest.length; i++) if (isLineTerminator(rest[i])) return undefined;
  return rest;
}

/**
 * `json` (the text of a JSON value) with every non-ASCII UTF-16 code unit written as a `\uXXXX` escape (RFC 8259
 * §7), the same value in pure ASCII; `json` itself when it is ASCII already. V8 decodes and parses a one-byte
 * string about twice as fast as a two-byte one, and a single non-ASCII character anywhere makes a whole read file
 * two-byte: the cache writes its entries this way (`src/engine/cache.ts`). Outside strings JSON text is ASCII, so
 * only string contents are escaped; surrogate pairs become two escapes, which JSON decodes back to the pair.
 */
export function asciiJson(json: string): string {
  // one character class, no quantifier: linear; V8 scans for it natively, much faster than a loop over the text
  return NON_ASCII.test(json) ? json.replace(NON_ASCII_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) : json;
}

/** A UTF-16 code unit outside ASCII (each half of a surrogate pair on its own). */
const NON_ASCII = /[^\u0000-\u007f]/;
const NON_ASCII_ALL = /[^\u0000-\u007f]/g;

/**
 * The text of bytes pyward wrote as UTF-8 (cache entries, the bundle): as Latin-1 when they are ASCII, which
 * decodes fastest and gives the one-byte string V8 parses fastest, else as UTF-8. Decoded from a Buffer rather
 * than read as a string: Node 20's direct UTF-8 read of a file made a string that took twice as long to read and
 * then to parse.
 */
export function decodeText(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
}
