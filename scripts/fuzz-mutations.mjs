// Mutations of real Python snippets for fuzzing pyward (issue 7, item 7): fast-check arbitraries shared by
// tests/hostile/fuzz.test.ts (a few runs) and scripts/fuzz.mjs (many runs, failures kept as regressions).
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";

/** Python snippets to mutate: the rule fixtures and the example app (text of each file). */
export function loadCorpus(root = ".") {
  const files = [];
  const fixtures = path.join(root, "tests", "fixtures");
  for (const name of fs.readdirSync(fixtures).sort()) if (name.endsWith(".py")) files.push(path.join(fixtures, name));
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith(".py")) files.push(p);
    }
  };
  walk(path.join(root, "examples"));
  return files.map((f) => fs.readFileSync(f, "utf8"));
}

/** Fragments that stress tokenizers and parsers when inserted anywhere. */
const NASTY = [
  "(", ")", "[", "]", "{", "}", ":", ",", "\\", "\\\n", "\n", "\r", "\r\n", "\t", "\f", "    ", "\u00a0", "\ufeff", "\u200b",
  "'", '"', "'''", '"""', "f'{", "f\"{x!r:{y}}\"", "rb'\\", "}", "#", "# nosec", "# pyward: ignore[", "# coding: latin-1\n",
  "# -*- coding: klingon -*-\n", "lambda", "lambda *a, **k: ", "yield", "await ", "async ", "def ", "class ", "import ", "from . import *",
  "@", "->", ":=", "**", "*", "...", "if", "else", "elif x:", "match x:\n    case _:", "try:", "except*", "with (", "global x", "nonlocal y",
  "0x", "1e", "1_", "0o8", ".5j", "\u{1d4d0}", "é", "😀", "\u202e", "\x00", "\x1b", "eval(", "exec(", "os.system(", "subprocess.run(",
  "shell=True", "cursor.execute(", "%s", "%(", "{}", ".format(", " + ", "request.args['q']", "pickle.loads(", "yaml.load(",
];

/** Splits text into tokens: identifiers/numbers, runs of blanks, line breaks, and single other characters. */
function tokens(text) {
  return text.match(/[A-Za-z0-9_]+|[ \t]+|\r\n|[\s\S]/gu) ?? [];
}

const at = (length, fraction) => Math.min(length, Math.floor(fraction * (length + 1)));

/**
 * Applies one mutation to `bytes`. `op` is plain data (so a failing case prints as JSON and replays exactly).
 * @param corpus the snippets, for splicing lines from another one
 */
export function applyMutation(bytes, op, corpus) {
  const text = () => Buffer.from(bytes).toString("utf8");
  switch (op.kind) {
    case "deleteToken":
    case "duplicateToken":
    case "swapTokens": {
      const t = tokens(text());
      if (!t.length) return bytes;
      const i = at(t.length - 1, op.a);
      const j = at(t.length - 1, op.b);
      if (op.kind === "deleteToken") t.splice(i, 1 + Math.floor(op.b * 3));
      else if (op.kind === "duplicateToken") t.splice(i, 0, ...t.slice(i, i + 1 + Math.floor(op.b * 3)).flatMap((x) => Array(op.n).fill(x)));
      else [t[i], t[j]] = [t[j], t[i]];
      return Buffer.from(t.join(""), "utf8");
    }
    case "spliceLines": {
      const lines = text().split("\n");
      const other = corpus[op.n % corpus.length].split("\n");
      const from = at(other.length - 1, op.b);
      const piece = other.slice(from, from + 1 + (op.n % 12));
      lines.splice(at(lines.length, op.a), op.n % 3, ...piece);
      return Buffer.from(lines.join("\n"), "utf8");
    }
    case "deleteLines": {
      const lines = text().split("\n");
      lines.splice(at(lines.length, op.a), 1 + (op.n % 8));
      return Buffer.from(lines.join("\n"), "utf8");
    }
    case "indent": {
      const lines = text().split("\n");
      const i = at(lines.length - 1, op.a);
      lines[i] = " ".repeat(op.n % 17) + (op.b < 0.3 ? "\t" : "") + lines[i];
      return Buffer.from(lines.join("\n"), "utf8");
    }
    case "insertNasty": {
      const s = text();
      const i = at(s.length, op.a);
      const piece = NASTY[op.n % NASTY.length].repeat(1 + Math.floor(op.b * op.b * 40));
      return Buffer.from(s.slice(0, i) + piece + s.slice(i), "utf8");
    }
    case "insertBytes": {
      const i = at(bytes.length, op.a);
      return Buffer.concat([bytes.subarray(0, i), Buffer.from(op.bytes), bytes.subarray(i)]);
    }
    case "flipByte": {
      if (!bytes.length) return bytes;
      const out = Buffer.from(bytes);
      out[at(out.length - 1, op.a)] ^= op.n & 0xff || 0x80;
      return out;
    }
    case "truncate":
      return bytes.subarray(0, at(bytes.length, op.a));
    case "repeat": {
      // a line repeated many times, or nested: long chains and deep nesting
      const lines = text().split("\n");
      const i = at(lines.length - 1, op.a);
      const times = 2 + Math.floor(op.b * op.b * 300);
      if (op.n % 2) lines.splice(i, 0, ...Array(times).fill(lines[i]));
      else lines[i] = "(".repeat(times) + lines[i] + ")".repeat(times);
      return Buffer.from(lines.join("\n"), "utf8");
    }
    default:
      return bytes;
  }
}

const fraction = fc.double({ min: 0, max: 1, noNaN: true });

/** One mutation, as plain data. */
export const mutationArb = fc.oneof(
  fc.record({ kind: fc.constantFrom("deleteToken", "duplicateToken", "swapTokens", "spliceLines", "deleteLines", "indent", "insertNasty", "flipByte", "truncate", "repeat"), a: fraction, b: fraction, n: fc.nat({ max: 1000 }) }),
  fc.record({ kind: fc.constant("insertBytes"), a: fraction, b: fraction, n: fc.nat({ max: 1000 }), bytes: fc.array(fc.nat({ max: 255 }), { minLength: 1, maxLength: 8 }) }),
);

/** A fuzz case: which snippet, and the mutations applied to it in order. */
export function caseArb(corpusSize) {
  return fc.record({ source: fc.nat({ max: corpusSize - 1 }), mutations: fc.array(mutationArb, { minLength: 1, maxLength: 6 }) });
}

/**
 * Largest case (bytes) kept after each mutation; longer ones are cut there, and a mutation whose result a string
 * cannot hold is skipped. Chained duplications and repeats (up to 1,000 copies each, six mutations) otherwise
 * grew past what a string can hold (a RangeError in the harness, which fast-check then spent minutes shrinking:
 * `scripts/fuzz.mjs --seed 20261206` stalled in its second batch) or to hundreds of MB (files pyward's 10 MB size
 * limit keeps from ever being analysed). Large and deep inputs have their own tests (tests/hostile/).
 */
export const MAX_CASE_BYTES = 1 << 20;

/** The bytes of a fuzz case. */
export function buildCase(c, corpus) {
  let bytes = Buffer.from(corpus[c.source], "utf8");
  for (const m of c.mutations) {
    try {
      bytes = applyMutation(bytes, m, corpus);
    } catch (err) {
      // a duplication past what a string can hold (a long run of blanks copied a thousand times): skipped
      if (!(err instanceof RangeError)) throw err;
    }
    if (bytes.length > MAX_CASE_BYTES) bytes = bytes.subarray(0, MAX_CASE_BYTES);
  }
  return bytes;
}

/** Physical lines of `bytes` read as text: line breaks are `\n`, `\r\n` and a lone `\r`; at least 1. */
export function lineCount(bytes) {
  let n = 1;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 10) n++;
    else if (bytes[i] === 13 && bytes[i + 1] !== 10) n++;
  }
  return n;
}

/**
 * What is wrong with a per-file result, or an empty list: no internal error, registered codes, lines within the
 * file, columns ≥ 1, ends not before starts, a message, known severity and confidence.
 */
export function problemsOf(result, bytes, codes) {
  const out = [];
  for (const e of result.errors) out.push(`internal error: ${e.split("\n")[0]}`);
  const max = lineCount(bytes);
  const levels = new Set(["low", "medium", "high"]);
  for (const f of result.findings) {
    const where = `${f.code} ${f.line}:${f.column}-${f.endLine}:${f.endColumn}`;
    if (!codes.has(f.code)) out.push(`${where}: unregistered code`);
    if (!Number.isInteger(f.line) || f.line < 1 || f.line > max) out.push(`${where}: line outside 1..${max}`);
    if (!Number.isInteger(f.endLine) || f.endLine < f.line || f.endLine > max) out.push(`${where}: end line outside ${f.line}..${max}`);
    if (!Number.isInteger(f.column) || f.column < 1 || !Number.isInteger(f.endColumn) || f.endColumn < 1) out.push(`${where}: column < 1`);
    if (f.endLine === f.line && f.endColumn < f.column) out.push(`${where}: ends before it starts`);
    if (typeof f.message !== "string" || !f.message.trim()) out.push(`${where}: no message`);
    if (!levels.has(f.severity) || !levels.has(f.confidence)) out.push(`${where}: severity/confidence`);
  }
  return out;
}
