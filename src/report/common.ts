/**
 * Small helpers the report formats share: the last line a region really covers, the rule of a finding,
 * practice labels, and the plain-text form of a taint path.
 */
import type { ScanResult } from "../engine/run.js";
import type { Finding, Practice, Region } from "../engine/finding.js";
import type { Rule } from "../rules/types.js";

/**
 * The last line a region covers, inclusive. Ends are exclusive, so a region that ends at column 1 of a
 * line (a whole-line or multi-line statement) stops on the line before.
 */
export function lastLine(r: Region): number {
  return r.endLine > r.line && r.endColumn <= 1 ? r.endLine - 1 : Math.max(r.line, r.endLine);
}

/** The rules of a scan by code. */
export function rulesByCode(result: ScanResult): Map<string, Rule> {
  return new Map(result.rules.map((r) => [r.meta.code, r]));
}

/** Human labels of the practices, for reports read by people. */
export const PRACTICE_LABELS: Readonly<Record<Practice, string>> = {
  dependencies: "Dependencies",
  "input-validation": "Input validation",
  "parameterized-queries": "Parameterized queries",
  "password-storage": "Password storage & secrets",
  "error-handling": "Error handling",
  "output-escaping": "Output escaping",
  "least-privilege": "Least privilege",
  regex: "Regular expressions",
  csrf: "CSRF & cookies",
  logging: "Logging",
  other: "Other",
};

/** The taint path of a finding as plain lines (`source: request.args at app/views.py:10:12`). */
export function flowLines(f: Finding): string[] {
  return (f.flow ?? []).map((s) => `${s.label} at ${s.path}:${s.line}:${s.column}`);
}

/** Finding counts by severity. */
export function countBySeverity(findings: readonly Finding[]): { high: number; medium: number; low: number } {
  const out = { high: 0, medium: 0, low: 0 };
  for (const f of findings) out[f.severity]++;
  return out;
}
