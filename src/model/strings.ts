/**
 * Python string literals: prefixes, escape sequences (Python Language Reference §2.4.1), f-string pieces.
 */
import type { Node } from "../parse/parser.js";

/** A string literal's prefix flags, read from its `string_start` token (`rb"`, `f'''`, `U"`…). */
export interface StringPrefix {
  raw: boolean;
  bytes: boolean;
  format: boolean;
  template: boolean;
}

/** Reads the prefix of a `string` node. */
export function stringPrefix(node: Node): StringPrefix {
  const start = node.firstChild;
  const text = start?.type === "string_start" ? start.text : node.text.slice(0, 4);
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
  const children = node.children;
  let text = "";
  const body = (raw: string): string => {
    let t = prefix.raw ? raw : decodeEscapes(raw, prefix.bytes);
    if (prefix.format || prefix.template) t = t.replace(/\{\{/g, "{").replace(/\}\}/g, "}");
    return t;
  };
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
