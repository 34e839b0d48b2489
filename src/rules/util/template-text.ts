/**
 * Reading Jinja2 and Django templates as text, for the template rules: where the template tags are
 * (`{{ … }}` expressions, `{% … %}` statements), which parts are not template code at all (comments
 * `{# … #}`, `{% comment %}…{% endcomment %}`, `{% raw %}…{% endraw %}`, `{% verbatim %}…{% endverbatim %}`),
 * and the HTML start tags with their attributes. Every scan is a single linear pass; nothing here throws.
 */

/** A template tag: `{{ expr }}` or `{% statement %}`. */
export interface TemplateTag {
  kind: "expr" | "stmt";
  /** Range of the whole tag, delimiters included. */
  start: number;
  end: number;
  /** The text between the delimiters (whitespace-control `-`/`+` removed), and where it starts. */
  inner: string;
  innerStart: number;
}

const BLOCK_OPENERS: Readonly<Record<string, string>> = {
  comment: "endcomment",
  raw: "endraw",
  verbatim: "endverbatim",
};

/** Finds the end of a tag opened at `from` (just past `{{`/`{%`), skipping quoted strings; -1 when unterminated. */
function tagEnd(text: string, from: number, close: string): number {
  let quote = "";
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = "";
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === close[0] && text[i + 1] === "}") return i + 2;
  }
  return -1;
}

/**
 * All template tags outside comments and raw/verbatim blocks, in order. A `{% comment %}`, `{% raw %}` or
 * `{% verbatim %}` block is skipped up to its closing tag.
 */
export function templateTags(text: string): TemplateTag[] {
  const out: TemplateTag[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf("{", i);
    if (open < 0 || open + 1 >= text.length) break;
    const next = text[open + 1];
    if (next === "#") {
      const end = text.indexOf("#}", open + 2);
      if (end < 0) break;
      i = end + 2;
      continue;
    }
    if (next !== "{" && next !== "%") {
      i = open + 1;
      continue;
    }
    const close = next === "{" ? "}}" : "%}";
    const end = tagEnd(text, open + 2, close);
    if (end < 0) break;
    let innerStart = open + 2;
    let innerEnd = end - 2;
    if (text[innerStart] === "-" || text[innerStart] === "+") innerStart++;
    if (innerEnd > innerStart && (text[innerEnd - 1] === "-" || text[innerEnd - 1] === "+")) innerEnd--;
    const inner = text.slice(innerStart, innerEnd);
    const tag: TemplateTag = { kind: next === "{" ? "expr" : "stmt", start: open, end, inner, innerStart };
    i = end;
    if (tag.kind === "stmt") {
      const word = /^\s*(\w+)/.exec(inner)?.[1];
      const closer = word ? BLOCK_OPENERS[word] : undefined;
      if (closer) {
        // skip to the matching end tag (whitespace control allowed)
        const re = new RegExp(`\\{%[-+]?\\s*${closer}\\s*[-+]?%\\}`, "g");
        re.lastIndex = end;
        const m = re.exec(text);
        i = m ? m.index + m[0].length : text.length;
        continue;
      }
    }
    out.push(tag);
  }
  return out;
}

/** Ranges that are not template code (comments, raw blocks): used to skip HTML inside them. */
export function nonCodeRanges(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf("{", i);
    if (open < 0 || open + 1 >= text.length) break;
    const next = text[open + 1];
    if (next === "#") {
      const end = text.indexOf("#}", open + 2);
      const stop = end < 0 ? text.length : end + 2;
      out.push({ start: open, end: stop });
      i = stop;
      continue;
    }
    if (next === "%") {
      const end = tagEnd(text, open + 2, "%}");
      if (end < 0) break;
      const word = /^[-+]?\s*(\w+)/.exec(text.slice(open + 2, end - 2))?.[1];
      const closer = word ? BLOCK_OPENERS[word] : undefined;
      if (closer) {
        const re = new RegExp(`\\{%[-+]?\\s*${closer}\\s*[-+]?%\\}`, "g");
        re.lastIndex = end;
        const m = re.exec(text);
        const stop = m ? m.index + m[0].length : text.length;
        out.push({ start: open, end: stop });
        i = stop;
        continue;
      }
      i = end;
      continue;
    }
    i = open + 1;
  }
  return out;
}

/**
 * Splits a template expression at its top-level filter bars: `user.bio|default("")|safe` →
 * `["user.bio", "default(\"\")", "safe"]`, with each part's offset in `expr`. Bars inside strings, brackets
 * and parentheses do not split.
 */
export function filterChain(expr: string): { text: string; offset: number }[] {
  const parts: { text: string; offset: number }[] = [];
  let depth = 0;
  let quote = "";
  let start = 0;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = "";
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth = Math.max(0, depth - 1);
    else if (c === "|" && depth === 0) {
      parts.push({ text: expr.slice(start, i), offset: start });
      start = i + 1;
    }
  }
  parts.push({ text: expr.slice(start), offset: start });
  return parts;
}

/** The filter name a chain part applies (`default("")` → `default`), or undefined. */
export function filterName(part: string): string | undefined {
  return /^\s*([A-Za-z_][\w.]*)/.exec(part)?.[1];
}

/** True when an expression is a literal (string, number, `True`/`False`/`None`), so its value is fixed. */
export function isLiteralExpression(expr: string): boolean {
  const t = expr.trim();
  return /^(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|-?\d+(?:\.\d+)?|True|False|None|true|false|none)$/.test(t);
}

/** An attribute of an HTML start tag. */
export interface HtmlAttribute {
  name: string;
  /** Range of the value (quotes included), or undefined for a bare attribute. */
  valueStart?: number;
  valueEnd?: number;
  quoted: boolean;
}

/** An HTML start tag: its name and attributes. */
export interface HtmlStartTag {
  name: string;
  start: number;
  end: number;
  attributes: HtmlAttribute[];
}

/** Length of a template tag (`{{…}}`, `{%…%}`, `{#…#}`) starting at `i`, or 0. */
function templateTokenAt(text: string, i: number): number {
  if (text[i] !== "{") return 0;
  const n = text[i + 1];
  if (n === "{" || n === "%") {
    const end = tagEnd(text, i + 2, n === "{" ? "}}" : "%}");
    return end < 0 ? 0 : end - i;
  }
  if (n === "#") {
    const end = text.indexOf("#}", i + 2);
    return end < 0 ? 0 : end + 2 - i;
  }
  return 0;
}

const RAW_TEXT = new Set(["script", "style", "textarea", "title"]);
const TAG_NAME = /[A-Za-z][A-Za-z0-9:-]*/y;

/** HTML whitespace (space, tab, LF, FF, CR). */
function isSpace(c: string): boolean {
  return c === " " || c === "\n" || c === "\t" || c === "\r" || c === "\f";
}

/**
 * HTML start tags of a template, in order, with their attributes; template tags inside a start tag (in
 * names or values) are kept whole. Skips HTML comments, template comments and raw blocks, and the content of
 * `<script>`, `<style>`, `<textarea>` and `<title>`.
 */
export function htmlStartTags(text: string): HtmlStartTag[] {
  const skip = nonCodeRanges(text);
  let s = 0;
  const out: HtmlStartTag[] = [];
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf("<", i);
    if (lt < 0) break;
    while (s < skip.length && skip[s].end <= lt) s++;
    if (s < skip.length && skip[s].start <= lt) {
      i = skip[s].end;
      continue;
    }
    if (text.startsWith("<!--", lt)) {
      const end = text.indexOf("-->", lt + 4);
      i = end < 0 ? text.length : end + 3;
      continue;
    }
    TAG_NAME.lastIndex = lt + 1;
    const nameMatch = TAG_NAME.exec(text);
    if (!nameMatch) {
      i = lt + 1;
      continue;
    }
    const name = nameMatch[0].toLowerCase();
    const tag: HtmlStartTag = { name, start: lt, end: text.length, attributes: [] };
    let j = lt + 1 + nameMatch[0].length;
    // attributes
    while (j < text.length) {
      const c = text[j];
      if (c === ">") {
        j++;
        break;
      }
      if (c === "/" || isSpace(c)) {
        j++;
        continue;
      }
      if (c === "<") break; // malformed: a new tag starts
      // attribute name (template tags may form or stand for names)
      const nameStart = j;
      while (j < text.length) {
        const t = templateTokenAt(text, j);
        if (t) {
          j += t;
          continue;
        }
        const d = text[j];
        if (isSpace(d) || d === '"' || d === "'" || d === ">" || d === "/" || d === "=" || d === "<") break;
        j++;
      }
      if (j === nameStart) {
        j++;
        continue;
      }
      const attr: HtmlAttribute = { name: text.slice(nameStart, j).toLowerCase(), quoted: false };
      let k = j;
      while (k < text.length && isSpace(text[k])) k++;
      if (text[k] === "=") {
        k++;
        while (k < text.length && isSpace(text[k])) k++;
        const q = text[k];
        if (q === '"' || q === "'") {
          const close = text.indexOf(q, k + 1);
          attr.valueStart = k;
          attr.valueEnd = close < 0 ? text.length : close + 1;
          attr.quoted = true;
          j = attr.valueEnd;
        } else {
          attr.valueStart = k;
          while (k < text.length) {
            const t = templateTokenAt(text, k);
            if (t) {
              k += t;
              continue;
            }
            if (isSpace(text[k]) || text[k] === ">") break;
            k++;
          }
          attr.valueEnd = k;
          j = k;
        }
      }
      tag.attributes.push(attr);
    }
    tag.end = j;
    out.push(tag);
    i = j;
    if (RAW_TEXT.has(name)) {
      const re = new RegExp(`</${name}`, "gi");
      re.lastIndex = j;
      const close = re.exec(text);
      i = close ? close.index : text.length;
    }
  }
  return out;
}
