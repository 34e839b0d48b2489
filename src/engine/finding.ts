/**
 * Findings: what every rule, the taint engine and the dependency audit produce, and every report consumes.
 * Plain serialisable data: no tree nodes, no class instances.
 */

/** Harm if the finding is real. SARIF `level`: high → error, medium → warning, low → note. */
export type Severity = "low" | "medium" | "high";
/** How sure pyward is that the finding is real. */
export type Confidence = "low" | "medium" | "high";

/** The ten practices pyward holds code to, plus `other` (TLS, timeouts…). */
export type Practice =
  | "dependencies"
  | "input-validation"
  | "parameterized-queries"
  | "password-storage"
  | "error-handling"
  | "output-escaping"
  | "least-privilege"
  | "regex"
  | "csrf"
  | "logging"
  | "other";

/** All practices, in the order of the mission statement. */
export const PRACTICES: readonly Practice[] = [
  "dependencies",
  "input-validation",
  "parameterized-queries",
  "password-storage",
  "error-handling",
  "output-escaping",
  "least-privilege",
  "regex",
  "csrf",
  "logging",
  "other",
];

/** Ordering of severities and confidences: low < medium < high. */
export const LEVEL_RANK: Readonly<Record<Severity, number>> = { low: 1, medium: 2, high: 3 };

/** A region of a file. Lines and columns are 1-based; columns count Unicode code points; the end is exclusive. */
export interface Region {
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** One step of a taint path: where, and what happens there ("source: request.args", "sink: cursor.execute"). */
export interface PathStep extends Region {
  label: string;
}

/** A text edit that fixes the finding (range replaced by `text`). */
export interface FixEdit extends Region {
  text: string;
}

/** One reported problem. */
export interface Finding extends Region {
  /** Rule code, `PW` + three digits. */
  code: string;
  /** Rule's kebab-case name. */
  name: string;
  practice: Practice;
  severity: Severity;
  confidence: Confidence;
  /** CWE ids (numbers, as in `CWE-89`). */
  cwe: number[];
  /** Peer ids of the rule (Bandit `B602`, Ruff `S602`). */
  aliases: string[];
  message: string;
  /**
   * Stable identity: hash of the rule code, the normalised flagged statement and the enclosing
   * function/class path. Never uses the line number or the file path.
   */
  fingerprint: string;
  /**
   * The same identity by the version 1 scheme (whitespace-only normalisation), to match baselines written
   * before version 2. Internal: no report shows it.
   */
  legacyFingerprint?: string;
  /** The physical lines of the flagged statement (1-based, inclusive), for suppressions and code frames. */
  statementLines?: [number, number];
  /** The source lines of the flagged statement (at most a few), secrets masked: for code frames and reports. */
  snippet?: string[];
  /** Taint path from source to sink, when the finding is a data flow. */
  flow?: PathStep[];
  /** Suggested fix. */
  fix?: { description: string; edits: FixEdit[] };
  /** For dependency findings: the package and versions concerned. */
  package?: { name: string; version?: string; fixedIn?: string[]; advisories?: string[] };
}

/** Orders findings by path, line, column, code, message: the same input always gives the same order. */
export function compareFindings(a: Finding, b: Finding): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  return a.line - b.line || a.column - b.column || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}
