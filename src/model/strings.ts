/**
 * Python string literals: prefixes, escape sequences (Python Language Reference §2.4.1), f-string pieces.
 */
import { parsedCleanly, type Node } from "../parse/parser.js";

/** A string literal's prefix flags, read from its `string_start` token (`rb"`, `f'''`, `U"`…). */
export interface StringPrefix {
  raw: boolean;
  bytes: boolean;
  format: boolean;
  template: boolean;
}

/**
 * Reads the prefix of a `string` node: the letters before its first quote (its `string_start` token is those
 * letters and the quote; read from the node's text, no child is materialised).
 */
export function stringPrefix(node: Node): StringPrefix {
  const text = node.text.slice(0, 4);
  let raw = false;
  let bytes = false;
  let format = false;
  let template = false;
  for (const ch of text) {
    if (ch === '"' || ch === "'") break;
    const c = ch.toLowerCase();
    if (c === "r") raw = true;
    else if (c === "b") bytes = true;
    else if (c === "f") format = true;
    else if (c === "t") template = true;
  }
  return { raw, bytes, format, template };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  "\\": "\\",
  "'": "'",
  '"': '"',
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
};

/**
 * Decodes the escape sequences of a non-raw literal body. Unknown escapes keep their backslash, as Python
 * does; `\N{…}` is kept as written (no Unicode name table is needed for analysis).
 */
export function decodeEscapes(body: string, bytes: boolean): string {
  if (!body.includes("\\")) return body;
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== "\\" || i + 1 >= body.length) {
      out += ch;
      continue;
    }
    const next = body[i + 1];
    if (next in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[next];
      i++;
    } else if (next === "\n") {
      i++;
    } else if (next === "\r") {
      i += body[i + 2] === "\n" ? 2 : 1;
    } else if (next >= "0" && next <= "7") {
      let j = i + 1;
      let digits = "";
      while (j < body.length && digits.length < 3 && body[j] >= "0" && body[j] <= "7") digits += body[j++];
      out += String.fromCharCode(parseInt(digits, 8));
      i = j - 1;
    } else if (next === "x" && /^[0-9a-fA-F]{2}$/.test(body.slice(i + 2, i + 4))) {
      out += String.fromCharCode(parseInt(body.slice(i + 2, i + 4), 16));
      i += 3;
    } else if (!bytes && next === "u" && /^[0-9a-fA-F]{4}$/.test(body.slice(i + 2, i + 6))) {
      out += String.fromCharCode(parseInt(body.slice(i + 2, i + 6), 16));
      i += 5;
    } else if (!bytes && next === "U" && /^[0-9a-fA-F]{8}$/.test(body.slice(i + 2, i + 10))) {
      const cp = parseInt(body.slice(i + 2, i + 10), 16);
      out += cp <= 0x10ffff ? String.fromCodePoint(cp) : body.slice(i, i + 10);
      i += 9;
    } else {
      out += ch;
    }
  }
  return out;
}

/** One piece of a string literal: literal text, or an interpolated expression of an f-string. */
export type StringPiece = { text: string } | { expression: Node; conversion: boolean; formatSpec: boolean; selfDoc: boolean };

/**
 * Splits a `string` node into literal text and interpolations, escapes decoded.
 * For a plain literal this yields one text piece.
 */
export function stringPieces(node: Node): StringPiece[] {
  const prefix = stringPrefix(node);
  const pieces: StringPiece[] = [];
  let text = "";
  const body = (raw: string): string => {
    let t = prefix.raw ? raw : decodeEscapes(raw, prefix.bytes);
    if (prefix.format || prefix.template) t = t.replace(/\{\{/g, "{").replace(/\}\}/g, "}");
    return t;
  };
  if (!prefix.format && !prefix.template) {
    // the body between the quotes, from the text alone when the tree has no error (every string is closed)
    const whole = node.text;
    const span = parsedCleanly(node) ? quotedBody(whole) : undefined;
    if (span) return [{ text: body(whole.slice(span[0], span[1])) }];
  }
  const children = node.children;
  if (!prefix.format && !prefix.template) {
    const first = children[0];
    const last = children[children.length - 1];
    if (first?.type === "string_start" && last?.type === "string_end") {
      return [{ text: body(node.text.slice(first.endIndex - node.startIndex, last.startIndex - node.startIndex)) }];
    }
  }
  let cursor = children[0]?.type === "string_start" ? children[0].endIndex : node.startIndex;
  for (const child of children) {
    if (!child) continue;
    if (child.type === "interpolation") {
      text += body(node.text.slice(cursor - node.startIndex, child.startIndex - node.startIndex));
      if (text) pieces.push({ text });
      text = "";
      const expression = child.childForFieldName("expression");
      if (expression) {
        const childTypes = child.children.map((c) => c?.type);
        pieces.push({
          expression,
          conversion: childTypes.includes("type_conversion"),
          formatSpec: childTypes.includes("format_specifier"),
          selfDoc: childTypes.includes("="),
        });
      }
      cursor = child.endIndex;
    } else if (child.type === "string_end") {
      text += body(node.text.slice(cursor - node.startIndex, child.startIndex - node.startIndex));
      cursor = child.endIndex;
    }
  }
  if (text) pieces.push({ text });
  return pieces;
}

/**
 * The UTF-16 span of a closed literal's body within its text (`rb"""x"""` → the span of `x`): after the prefix
 * letters and the opening quote (one or three), before the closing one; undefined when the text does not end
 * with the quote it opens with.
 */
function quotedBody(text: string): [number, number] | undefined {
  let p = 0;
  while (p < text.length && p < 3 && text[p] !== '"' && text[p] !== "'") p++;
  const q = text[p];
  if (q !== '"' && q !== "'") return undefined;
  const triple = q + q + q;
  if (text.length >= p + 6 && text.startsWith(triple, p) && text.endsWith(triple)) return [p + 3, text.length - 3];
  if (text.length >= p + 2 && text.endsWith(q)) return [p + 1, text.length - 1];
  return undefined;
}
