/**
 * The json report. Schema `pyward-report`, version {@link JSON_SCHEMA_VERSION}; documented in
 * `docs/json-report.md`. Holds no timestamps or other run-dependent values: identical input gives
 * byte-identical output.
 */
import type { ScanResult } from "../engine/run.js";
import type { Finding } from "../engine/finding.js";
import { VERSION } from "../version.js";

/** Bumped on any incompatible change to the json report's shape. */
export const JSON_SCHEMA_VERSION = 1;

/** One finding as the json report writes it (field order fixed). */
export interface JsonFinding {
  code: string;
  name: string;
  aliases: string[];
  cwe: string[];
  practice: string;
  severity: string;
  confidence: string;
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  fingerprint: string;
  flow?: Finding["flow"];
  fix?: Finding["fix"];
  package?: Finding["package"];
}

/** Converts a finding to its json form. */
export function toJsonFinding(f: Finding): JsonFinding {
  const out: JsonFinding = {
    code: f.code,
    name: f.name,
    aliases: f.aliases,
    cwe: f.cwe.map((n) => `CWE-${n}`),
    practice: f.practice,
    severity: f.severity,
    confidence: f.confidence,
    path: f.path,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    message: f.message,
    fingerprint: f.fingerprint,
  };
  if (f.flow) out.flow = f.flow;
  if (f.fix) out.fix = f.fix;
  if (f.package) out.package = f.package;
  return out;
}

/** Renders the json report (2-space indented, trailing newline). */
export function renderJson(result: ScanResult): string {
  const bySeverity = { high: 0, medium: 0, low: 0 };
  for (const f of result.findings) bySeverity[f.severity]++;
  const report = {
    schema: "pyward-report",
    schemaVersion: JSON_SCHEMA_VERSION,
    tool: { name: "pyward", version: VERSION },
    summary: {
      files: result.files,
      lines: result.lines,
      findings: result.findings.length,
      bySeverity,
      problemFiles: result.problemFiles,
    },
    findings: result.findings.map(toJsonFinding),
    notes: result.notes,
    errors: result.errors,
    ...(result.attribution?.length ? { advisoryAttribution: result.attribution } : {}),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
