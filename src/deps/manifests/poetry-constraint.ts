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
 *
 * A constraint pins a version only when it admits exactly one ({@link constraintVersion}); anything else,
 * alternatives included, is a range.
 */
import { explain, satisfies } from "@renovatebot/pep440";
import { isPep440, versionsEqual } from "../advisories/version.js";
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
    // atoms are separated by blanks or `,`: `>=1.0<2.0` or `>=1==2` is one garbled atom, as Poetry reads it
    if (pos < s.length && !isSpace(s[pos])) throw new PoetryConstraintError(`cannot read "${s.slice(at)}" (clauses are separated by "," or blanks)`);
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
 * @throws PoetryConstraintError when a part is not a constraint (`^abc`, `>=*`, stray characters, atoms not
 *   separated by `,` or blanks, an empty alternative such as `^1.0 ||`)
 */
export function translatePoetryConstraint(text: string): PoetryConstraint {
  const parts = text.split(/\|\|?/);
  if (parts.length > 1) {
    const empty = parts.findIndex((p) => p.trim() === "");
    if (empty >= 0) throw new PoetryConstraintError(`empty alternative ${empty + 1} of ${parts.length} (around "||")`);
  }
  return { alternatives: parts.map((alt) => translateGroup(alt)) };
}

/**
 * The constraint as one PEP 440-style specifier: a single alternative is a PEP 440 specifier (`>=1.2,<2.0`);
 * alternatives (`^1.2 || ^2.0`), which PEP 440 cannot express, are each translated and joined with ` || `
 * (`>=1.2,<2.0 || >=2.0,<3.0`). An alternative admitting any version (`*`) makes the whole `""` (any version).
 */
export function constraintSpecifier(c: PoetryConstraint): string {
  if (c.alternatives.some((a) => a.length === 0)) return "";
  return c.alternatives.map((a) => a.join(",")).join(" || ");
}

/** The version one alternative admits alone: an `==V` (no wildcard) / `===V` clause, or `>=V` with `<=V`. */
function alternativeVersion(clauses: readonly string[]): string | undefined {
  let pinned: string | undefined;
  for (const clause of clauses) {
    const m = /^(===|==)(.+)$/.exec(clause);
    if (m && !m[2].endsWith(".*")) {
      pinned = m[2];
      break;
    }
  }
  if (pinned === undefined) {
    const lower = clauses.find((x) => x.startsWith(">="))?.slice(2);
    const upper = clauses.find((x) => x.startsWith("<="))?.slice(2);
    if (lower === undefined || upper === undefined || !isPep440(lower) || !versionsEqual(lower, upper)) return undefined;
    pinned = lower;
  }
  const version = pinned;
  // every clause must admit it, else the alternative admits nothing at all
  const admits = (clause: string): boolean => {
    if (clause.startsWith("===")) return clause.slice(3).toLowerCase() === version.toLowerCase();
    if (!isPep440(version)) return false;
    try {
      return satisfies(version, clause, { prereleases: true });
    } catch {
      return false;
    }
  };
  return clauses.every(admits) ? version : undefined;
}

/**
 * The pinned version of a constraint: the one version it admits. Each alternative must admit exactly that
 * version (`1.2.3`, `==1.2.3`, `>=1.2.3,<=1.2.3`, `1.2.3 || ==1.2.3`); any range, wildcard or two different
 * versions (`1.0 || 2.0`) is not a pin.
 */
export function constraintVersion(c: PoetryConstraint): string | undefined {
  let version: string | undefined;
  for (const alternative of c.alternatives) {
    const v = alternativeVersion(alternative);
    if (v === undefined || (version !== undefined && !versionsEqual(v, version))) return undefined;
    version ??= v;
  }
  return version;
}

/**
 * The versions of a constraint whose every alternative admits exactly one version (`2.4.1 || 3.1.4` → both),
 * in order, without repeats; undefined when some alternative is a range. Each may be installed, so each is
 * audited as a pin.
 */
export function alternativeVersions(c: PoetryConstraint): string[] | undefined {
  const out: string[] = [];
  for (const alternative of c.alternatives) {
    const v = alternativeVersion(alternative);
    if (v === undefined) return undefined;
    if (!out.some((o) => versionsEqual(o, v))) out.push(v);
  }
  return out;
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
