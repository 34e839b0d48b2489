/**
 * GitHub Actions workflow commands: one annotation line per finding,
 * `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message` (high → `error`, medium →
 * `warning`, low → `notice`), which GitHub shows on the pull request's changed files and the run summary.
 * Values are escaped as the runner expects (`%`, CR and LF everywhere; `:` and `,` also in properties), so a
 * message can neither end the annotation nor start a new command. Columns are given only for single-line
 * ranges (GitHub drops columns of multi-line annotations). The taint path follows the message on extra lines.
 * Paths are relative to the directory pyward ran in: run it from the repository root.
 * A plain summary line (and any advisory credit) ends the output.
 */
import type { ScanResult } from "../engine/run.js";
import type { Finding, Severity } from "../engine/finding.js";
import { countBySeverity, flowLines, lastLine } from "./common.js";

const COMMAND: Record<Severity, string> = { high: "error", medium: "warning", low: "notice" };

/** Escapes the message part of a workflow command. */
export function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escapes a property value of a workflow command. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

function annotation(f: Finding): string {
  const end = lastLine(f);
  const props: [string, string | number][] = [["file", f.path], ["line", f.line]];
  if (end === f.line) props.push(["col", f.column], ["endLine", end], ["endColumn", Math.max(f.endColumn, f.column)]);
  else props.push(["endLine", end]);
  props.push(["title", `${f.code} ${f.name} (${f.severity} severity, ${f.confidence} confidence)`]);
  const message = [f.message, ...flowLines(f)].join("\n");
  return `::${COMMAND[f.severity]} ${props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(",")}::${escapeData(message)}`;
}

/** Renders the workflow-command report (one line per finding, then a summary; trailing newline). */
export function renderGithub(result: ScanResult): string {
  const lines = result.findings.map(annotation);
  for (const e of result.errors) lines.push(`::error title=${escapeProperty("pyward internal error")}::${escapeData(e)}`);
  const c = countBySeverity(result.findings);
  lines.push(
    result.findings.length
      ? `pyward: ${result.findings.length} finding${result.findings.length === 1 ? "" : "s"} (${c.high} high, ${c.medium} medium, ${c.low} low)`
      : "pyward: no findings",
  );
  for (const credit of result.attribution ?? []) lines.push(credit);
  return `${lines.join("\n")}\n`;
}
