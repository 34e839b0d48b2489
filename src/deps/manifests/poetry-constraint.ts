/**
 * Poetry version constraints → PEP 440 specifiers, as Poetry documents them
 * (https://python-poetry.org/docs/dependency-specification/):
 *
 * - caret `^1.2.3` → `>=1.2.3,<2.0.0`; the upper bound bumps the first non-zero release part
 *   (`^0.2.3` → `<0.3.0`, `^0.0.3` → `<0.0.4`), or the last given part when all are zero (`^0.0` → `<0.1`);
 * - tilde `~1.2.3` → `>=1.2.3,<1.3.0`; with one part `~1` → `>=1,<2`;
 * - wildcard `1.2.*` → `==1.2.*`, `*` or `""` → any version;
 * - a bare version `1.2.3` (or `=1.2.3`) → `==1.2.3`;
 * - `>=`, `<=`, `>`, `<`, `!=`, `==`, `~=`, `===` pass through;
 * - clauses separated by `,` or blanks are all required (AND); `||` (or `|`) separates alternatives (OR).
 */
import { explain } from "@renovatebot/pep440";
import { isSpace } from "../../util/text.js";

/** A translated constraint: alternatives (OR) of clause lists (AND). `[[]]` means any version. */
export interface PoetryConstraint {
  alternatives: string[][];
}

/** Thrown by {@link translatePoetryConstraint} for text that is not a Poetry constraint. */
export class PoetryConstraintError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PoetryConstraintError";
  }
}

function bumped(version: string, index: number): string {
  const info = explain(version);
  if (!info) throw new PoetryConstraintError(`"${version}" is not a version`);
  const release = info.release.slice();
  const parts = release.map((n, i) => (i < index ? n : i === index ? n + 1 : 0));
  return parts.join(".");
}

function caret(version: string): string[] {
  const info = explain(version);
  if (!info) throw new PoetryConstraintError(`"${version}" is not a version`);
  const release = info.release;
  let index = release.findIndex((n) => n !== 0);
  if (index < 0) index = release.length - 1;
  return [`>=${version}`, `<${bumped(version, index)}`];
}

function tilde(version: string): string[] {
  const info = explain(version);
  if (!info) throw new PoetryConstraintError(`"${version}" is not a version`);
  const index = info.release.length === 1 ? 0 : 1;
  return [`>=${version}`, `<${bumped(version, index)}`];
}

// One atom is an optional operator, blanks, and a version, read in three steps: as one regex,
// `(op)?\s*(version)`, a run of blanks was scanned again from each of its characters when it led nowhere.
// Longer operators come first; a shorter one could not lead further (what it leaves is not a version character).
const OPERATOR = /\^|~=|~|===|==|!=|>=|<=|>|<|=/y;
const VERSION = /[A-Za-z0-9*.!+_-]+/y;

function translateGroup(text: string): string[] {
  const clauses: string[] = [];
  const s = text.replace(/,/g, " ").trim();
  let pos = 0;
  while (pos < s.length) {
    while (s[pos] === " " || s[pos] === "\t") pos++;
    if (pos >= s.length) break;
    OPERATOR.lastIndex = pos;
    const op = OPERATOR.exec(s)?.[0] ?? "";
    let at = pos + op.length;
    while (at < s.length && isSpace(s[at])) at++;
    VERSION.lastIndex = at;
    const v = VERSION.exec(s)?.[0];
    if (v === undefined) throw new PoetryConstraintError(`cannot read "${s.slice(pos)}"`);
    pos = VERSION.lastIndex;
    if (v === "*") {
      if (op !== "" && op !== "=" && op !== "==") throw new PoetryConstraintError(`"${op}*" is not a constraint`);
      continue;
    }
    if (op === "^") clauses.push(...caret(v));
    else if (op === "~") clauses.push(...tilde(v));
    else if (op === "" || op === "=") clauses.push(`==${v}`);
    else clauses.push(op + v);
  }
  return clauses;
}

/**
 * Translates a Poetry constraint into PEP 440 clauses.
 * @throws PoetryConstraintError when a part is not a constraint (`^abc`, `>=*`, stray characters)
 */
export function translatePoetryConstraint(text: string): PoetryConstraint {
  return { alternatives: text.split(/\|\|?/).map((alt) => translateGroup(alt)) };
}

/** A single-alternative constraint as one PEP 440 specifier (`>=1.2,<2.0`); undefined when it has `||`. */
export function constraintSpecifier(c: PoetryConstraint): string | undefined {
  return c.alternatives.length === 1 ? c.alternatives[0].join(",") : undefined;
}

/** The pinned version (`==V`, no wildcard, or `===V`) of a one-clause, one-alternative constraint. */
export function constraintVersion(c: PoetryConstraint): string | undefined {
  if (c.alternatives.length !== 1 || c.alternatives[0].length !== 1) return undefined;
  const m = /^(===|==)(.+)$/.exec(c.alternatives[0][0]);
  return m && !m[2].endsWith(".*") ? m[2] : undefined;
}

/**
 * A PEP 508 marker saying "the interpreter satisfies this constraint", for Poetry's `python = "^3.8"` in a
 * dependency table: each clause compares `python_full_version`; alternatives are joined with `or`.
 * @returns undefined when the constraint allows every version
 */
export function pythonMarker(c: PoetryConstraint): string | undefined {
  const alts = c.alternatives.filter((a) => a.length > 0);
  if (alts.length < c.alternatives.length) return undefined; // one alternative is "any"
  const parts = alts.map((clauses) => {
    const inner = clauses
      .map((clause) => {
        const m = /^(===|==|!=|~=|<=|>=|<|>)(.+)$/.exec(clause)!;
        return `python_full_version ${m[1]} "${m[2]}"`;
      })
      .join(" and ");
    return alts.length > 1 && clauses.length > 1 ? `(${inner})` : inner;
  });
  return parts.join(" or ");
}
