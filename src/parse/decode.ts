/**
 * Bytes → text, the way CPython reads a source file: PEP 263 coding cookie, UTF-8 BOM (PEP 3120 default
 * UTF-8), everything else decoded by iconv-lite, which knows Python's codec names once normalised.
 */
import { isUtf8 } from "node:buffer";
import iconv from "iconv-lite";

/** The decoded text, or the reason the bytes are not Python source, with the 1-based line at fault. */
export type DecodeResult =
  | { ok: true; text: string; encoding: string }
  | { ok: false; reason: string; line: number; binary?: boolean };

const COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;
const BLANK_OR_COMMENT = /^[ \t\f]*(?:[#\r\n]|$)/;

/** Python codec names whose iconv-lite spelling differs after normalisation (lower-case, only [a-z0-9]). */
const CODEC_ALIASES: Record<string, string> = {
  utf8sig: "utf8",
  u8: "utf8",
  utf: "utf8",
  cp65001: "utf8",
  latin: "latin1",
  l1: "latin1",
  "8859": "latin1",
  cp819: "latin1",
  iso88591: "latin1",
  usascii: "ascii",
  646: "ascii",
  macroman: "macintosh",
  sjis: "shiftjis",
  s_jis: "shiftjis",
};

/**
 * Finds a PEP 263 coding cookie on line 1, or on line 2 when line 1 is blank or a comment.
 * @returns the codec name as written, and its 1-based line; undefined when there is none
 */
export function findCodingCookie(bytes: Uint8Array): { name: string; line: number } | undefined {
  let pos = 0;
  for (let line = 1; line <= 2; line++) {
    let end = pos;
    while (end < bytes.length && bytes[end] !== 10 && bytes[end] !== 13 && end - pos < 400) end++;
    const text = Buffer.from(bytes.subarray(pos, end)).toString("latin1");
    const m = COOKIE.exec(text);
    if (m) return { name: m[1], line };
    if (line === 1 && !BLANK_OR_COMMENT.test(text)) return undefined;
    if (bytes[end] === 13 && bytes[end + 1] === 10) end++;
    pos = end + 1;
    if (pos >= bytes.length) return undefined;
  }
  return undefined;
}

/** Maps a Python codec name onto an iconv-lite encoding name; undefined when unknown to both. */
export function resolveCodec(name: string): string | undefined {
  const key = name.toLowerCase().replace(/[^0-9a-z]/g, "");
  const mapped = CODEC_ALIASES[key] ?? key;
  if (mapped === "utf8") return "utf8";
  return iconv.encodingExists(mapped) ? mapped : undefined;
}

/** Printable ASCII, and the whitespace a source file holds: an ASCII-compatible codec decodes it unchanged. */
const ASCII_PROBE = Buffer.from(Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join("") + "\t\n\r\f", "latin1");
const asciiCompatible = new Map<string, boolean>();

/**
 * True when `codec` (an iconv-lite name) decodes ASCII bytes as ASCII, as a codec named in a coding cookie must
 * (the cookie itself is read as ASCII): false for UTF-16/32, UTF-7, EBCDIC code pages.
 */
export function isAsciiCompatible(codec: string): boolean {
  let known = asciiCompatible.get(codec);
  if (known === undefined) {
    try {
      known = iconv.decode(ASCII_PROBE, codec) === ASCII_PROBE.toString("latin1");
    } catch {
      known = false;
    }
    asciiCompatible.set(codec, known);
  }
  return known;
}

/** A codec name as quoted in a message: at most 60 characters. */
const quoted = (name: string): string => `'${name.length > 60 ? `${name.slice(0, 57)}...` : name}'`;

/** Returns the byte offset of the first byte that breaks UTF-8 well-formedness, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array, start = 0): number {
  let i = start;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) (need = 1), (min = 0x80);
    else if (b >= 0xe0 && b <= 0xef) (need = 2), (min = 0x800);
    else if (b >= 0xf0 && b <= 0xf4) (need = 3), (min = 0x10000);
    else return i;
    if (i + need >= n) return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) {
    if (bytes[i] === 10) line++;
    else if (bytes[i] === 13 && bytes[i + 1] !== 10) line++;
  }
  return line;
}

/**
 * Decodes a Python source file.
 *
 * Follows PEP 263 and PEP 3120: a UTF-8 BOM means UTF-8 (a cookie naming anything else is an error), a
 * cookie on line 1 or 2 names the codec, and the default is strict UTF-8. UTF-16/32 BOMs and NUL bytes are
 * rejected as CPython rejects them. Never throws.
 */
export function decodePython(bytes: Uint8Array): DecodeResult {
  if (
    (bytes[0] === 0xff && bytes[1] === 0xfe) ||
    (bytes[0] === 0xfe && bytes[1] === 0xff) ||
    (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff)
  ) {
    return { ok: false, reason: "UTF-16/UTF-32 encoded file (Python source must be UTF-8 or declare an ASCII-compatible codec)", line: 1 };
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    return { ok: false, reason: "file contains NUL bytes (binary, or UTF-16 without a BOM)", line: lineOfByte(bytes, nul), binary: true };
  }
  let body = bytes;
  let bom = false;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    body = bytes.subarray(3);
    bom = true;
  }
  const cookie = findCodingCookie(body);
  let codec = "utf8";
  if (cookie) {
    const resolved = resolveCodec(cookie.name);
    if (!resolved) return { ok: false, reason: `unknown encoding ${quoted(cookie.name)} in coding cookie`, line: cookie.line };
    if (bom && resolved !== "utf8") {
      return { ok: false, reason: `encoding problem: ${quoted(cookie.name)} with a UTF-8 BOM`, line: cookie.line };
    }
    if (resolved !== "utf8" && !isAsciiCompatible(resolved)) {
      return { ok: false, reason: `coding cookie names ${quoted(cookie.name)}, which is not ASCII-compatible (as with UTF-16, the file cannot be read as Python source)`, line: cookie.line };
    }
    codec = resolved;
  }
  if (codec === "utf8") {
    // Node's native validator (the same rules: no overlong forms, surrogates or code points past U+10FFFF) says
    // whether the bytes are valid; only invalid ones are walked here, for where the first bad byte is
    const bad = isUtf8(body) ? -1 : firstInvalidUtf8(body);
    if (bad >= 0) {
      const byte = body[bad].toString(16).padStart(2, "0");
      return { ok: false, reason: `invalid UTF-8 (byte 0x${byte})`, line: lineOfByte(body, bad) };
    }
    return { ok: true, text: Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8"), encoding: "utf-8" };
  }
  if (codec === "ascii") {
    const bad = body.findIndex((b) => b > 0x7f);
    if (bad >= 0) return { ok: false, reason: `non-ASCII byte 0x${body[bad].toString(16)} in an ASCII file`, line: lineOfByte(body, bad) };
  }
  try {
    return { ok: true, text: iconv.decode(Buffer.from(body), codec), encoding: cookie!.name.toLowerCase() };
  } catch (err) {
    return { ok: false, reason: `cannot decode as ${quoted(cookie!.name)}: ${String((err as Error).message).split("\n")[0]}`, line: cookie!.line };
  }
}
