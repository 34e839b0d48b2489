/**
 * Recognising SQL by the constant text of a string (as given by `ModuleModel.stringShape`, where
 * `HOLE` stands for each part that varies). Case-insensitive; keywords may come from different literals
 * of one composition, since the shape's text joins them.
 */
import { HOLE } from "../../model/module.js";

/** Statement patterns: a string matching one of them reads as a whole SQL statement. */
const STATEMENT: readonly RegExp[] = [
  /\bselect\b[\s\S]*?\bfrom\b/i,
  /\binsert\s+(?:or\s+[a-z]+\s+|ignore\s+)?into\b/i,
  /\bupdate\b[\s\S]*?\bset\b/i,
  /\bdelete\s+from\b/i,
  /\b(?:replace|merge|upsert)\s+into\b/i,
  /\b(?:create|drop|alter|truncate)\s+(?:or\s+replace\s+)?(?:temp(?:orary)?\s+|unique\s+|materialized\s+)?(?:table|index|view|database|schema|sequence|trigger|function|procedure|user|role)\b/i,
  /\bgrant\b[\s\S]*?\bon\b[\s\S]*?\bto\b/i,
  /^[\s(]*(?:select|with|pragma|exec|execute|call|vacuum|analyze|explain|show|describe|set|begin|commit|rollback)\b/i,
];

/** Clause patterns: fragments of SQL (`WHERE x = …`, `ORDER BY …`) that are typical of query builders. */
const CLAUSE: readonly RegExp[] = [
  /\bwhere\b[\s\S]*?(?:[=<>]|\blike\b|\bin\s*\(|\bis\s+(?:not\s+)?null\b|\bbetween\b)/i,
  /\b(?:order|group)\s+by\b/i,
  /\b(?:inner|left|right|full|cross)\s+(?:outer\s+)?join\b/i,
];

/** Comparison fragments (`name = %s`, `id IN (…)`) that SQL `WHERE` lists such as Django's `extra(where=…)` hold. */
const CONDITION = /[=<>]|\blike\b|\bin\s*\(|\bis\s+(?:not\s+)?null\b|\bbetween\b|\bexists\b/i;

/** Only this much of a string is examined: SQL keywords come early, and the patterns stay linear in practice. */
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
  return STATEMENT.some((re) => re.test(t)) || CLAUSE.some((re) => re.test(t));
}

/**
 * True when `text` reads as SQL or as an SQL condition fragment (`"status = '%s'"`): for arguments that are
 * SQL by construction, such as Django's `QuerySet.extra(where=[…])`.
 */
export function looksLikeSqlFragment(text: string): boolean {
  return looksLikeSql(text) || CONDITION.test(normalise(text));
}
