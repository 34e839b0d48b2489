/**
 * Recognising SQL by the constant text of a string (as given by `ModuleModel.stringShape`, where
 * `HOLE` stands for each part that varies). Case-insensitive; keywords may come from different literals
 * of one composition, since the shape's text joins them.
 */
import { HOLE } from "../../model/module.js";

/** A test of the (normalised) text of a string. */
type TextTest = (text: string) => boolean;

/**
 * Words in order, each searched from where the previous one ended: `inOrder(/\bselect\b/gi, /\bfrom\b/gi)` is
 * `/\bselect\b[\s\S]*?\bfrom\b/i` in linear time (with a lazy gap, every `select` without a `from` after it
 * scans to the end of the text: quadratic, and cubic with two gaps). Taking the first match of each word is
 * enough to decide whether the sequence occurs. Each regex needs the `g` flag.
 */
function inOrder(...words: RegExp[]): TextTest {
  return (text) => {
    let from = 0;
    for (const word of words) {
      word.lastIndex = from;
      const m = word.exec(text);
      if (!m) return false;
      from = m.index + m[0].length;
    }
    return true;
  };
}

const matches =
  (re: RegExp): TextTest =>
  (text) =>
    re.test(text);

/** Statement patterns: a string matching one of them reads as a whole SQL statement. */
const STATEMENT: readonly TextTest[] = [
  inOrder(/\bselect\b/gi, /\bfrom\b/gi),
  matches(/\binsert\s+(?:or\s+[a-z]+\s+|ignore\s+)?into\b/i),
  inOrder(/\bupdate\b/gi, /\bset\b/gi),
  matches(/\bdelete\s+from\b/i),
  matches(/\b(?:replace|merge|upsert)\s+into\b/i),
  matches(/\b(?:create|drop|alter|truncate)\s+(?:or\s+replace\s+)?(?:temp(?:orary)?\s+|unique\s+|materialized\s+)?(?:table|index|view|database|schema|sequence|trigger|function|procedure|user|role)\b/i),
  inOrder(/\bgrant\b/gi, /\bon\b/gi, /\bto\b/gi),
  matches(/^[\s(]*(?:select|with|pragma|exec|execute|call|vacuum|analyze|explain|show|describe|set|begin|commit|rollback)\b/i),
];

/** Clause patterns: fragments of SQL (`WHERE x = …`, `ORDER BY …`) that are typical of query builders. */
const CLAUSE: readonly TextTest[] = [
  inOrder(/\bwhere\b/gi, /[=<>]|\blike\b|\bin\s*\(|\bis\s+(?:not\s+)?null\b|\bbetween\b/gi),
  matches(/\b(?:order|group)\s+by\b/i),
  matches(/\b(?:inner|left|right|full|cross)\s+(?:outer\s+)?join\b/i),
];

/** Comparison fragments (`name = %s`, `id IN (…)`) that SQL `WHERE` lists such as Django's `extra(where=…)` hold. */
const CONDITION = /[=<>]|\blike\b|\bin\s*\(|\bis\s+(?:not\s+)?null\b|\bbetween\b|\bexists\b/i;

/** Only this much of a string is examined: SQL keywords come early. */
const MAX_TEXT = 20_000;

/** Blanks the holes so that a keyword never runs into a value (`SELECT{x}FROM` still reads as two words). */
function normalise(text: string): string {
  return text.slice(0, MAX_TEXT).split(HOLE).join(" ");
}

/**
 * True when `text` reads as an SQL statement or a characteristic SQL clause.
 * @param text known text of a string, with `HOLE` where values vary
 */
export function looksLikeSql(text: string): boolean {
  const t = normalise(text);
  return STATEMENT.some((test) => test(t)) || CLAUSE.some((test) => test(t));
}

/**
 * True when `text` reads as SQL or as an SQL condition fragment (`"status = '%s'"`): for arguments that are
 * SQL by construction, such as Django's `QuerySet.extra(where=[…])`.
 */
export function looksLikeSqlFragment(text: string): boolean {
  return looksLikeSql(text) || CONDITION.test(normalise(text));
}
