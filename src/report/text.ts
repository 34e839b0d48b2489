/**
 * The text report, for people: `path:line:col: CODE [severity] message (name)`, a code frame, and a
 * summary by severity with a note on files that could not be fully analysed. Colour only when asked
 * (the CLI asks on a TTY unless `NO_COLOR` is set).
 */
import type { ScanResult } from "../engine/run.js";
import type { Finding, Severity } from "../engine/finding.js";
import { codePointCount } from "../parse/source.js";

/** Text report options. */
export interface TextOptions {
  color?: boolean;
  /** Print code frames under each finding (default true). */
  frames?: boolean;
}

const ANSI = { red: 31, yellow: 33, cyan: 36, gray: 90, bold: 1 } as const;

function paint(enabled: boolean, code: number, s: string): string {
  return enabled ? `\u001b[${code}m${s}\u001b[0m` : s;
}

const SEVERITY_COLOR: Record<Severity, number> = { high: ANSI.red, medium: ANSI.yellow, low: ANSI.cyan };

function frame(f: Finding, color: boolean): string[] {
  if (!f.snippet?.length) return [];
  const first = f.statementLines?.[0] ?? f.line;
  const width = String(first + f.snippet.length - 1).length;
  const out: string[] = [];
  f.snippet.forEach((text, i) => {
    const line = first + i;
    const shown = text.replace(/\t/g, "    ");
    out.push(paint(color, ANSI.gray, `  ${String(line).padStart(width)} | `) + shown);
    if (line === f.line) {
      const before = text.slice(0, Math.max(0, offsetOfColumn(text, f.column)));
      const pad = codePointCount(before.replace(/\t/g, "    "), 0, before.replace(/\t/g, "    ").length);
      const lineEndCol = codePointCount(text, 0, text.length) + 1;
      const endCol = f.endLine === f.line ? f.endColumn : lineEndCol;
      const len = Math.max(1, endCol - f.column);
      out.push(paint(color, ANSI.gray, `  ${" ".repeat(width)} | `) + " ".repeat(pad) + paint(color, SEVERITY_COLOR[f.severity], "^".repeat(Math.min(len, 120))));
    }
  });
  return out;
}

/** UTF-16 offset of 1-based code point column `column` in `text`. */
function offsetOfColumn(text: string, column: number): number {
  let cp = 1;
  let i = 0;
  while (i < text.length && cp < column) {
    const c = text.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
    cp++;
  }
  return i;
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;
}

/** Renders the text report. */
export function renderText(result: ScanResult, options: TextOptions = {}): string {
  const color = options.color ?? false;
  const frames = options.frames ?? true;
  const lines: string[] = [];
  for (const f of result.findings) {
    const where = paint(color, ANSI.bold, `${f.path}:${f.line}:${f.column}:`);
    const sev = paint(color, SEVERITY_COLOR[f.severity], `[${f.severity}]`);
    lines.push(`${where} ${paint(color, ANSI.bold, f.code)} ${sev} ${f.message} (${f.name}${f.confidence !== "high" ? `, ${f.confidence} confidence` : ""})`);
    if (f.flow?.length) {
      for (const step of f.flow) lines.push(`    ${step.label} at ${step.path}:${step.line}:${step.column}`);
    }
    if (frames) lines.push(...frame(f, color));
    if (frames) lines.push("");
  }
  for (const note of result.notes) lines.push(paint(color, ANSI.gray, `note: ${note.path ? `${note.path}: ` : ""}${note.reason}`));
  for (const err of result.errors) lines.push(paint(color, ANSI.red, `internal error: ${err}`));
  const count = { high: 0, medium: 0, low: 0 };
  for (const f of result.findings) count[f.severity]++;
  const scanned = `${plural(result.files.python, "Python file")} (${plural(result.lines, "line")})`;
  if (result.findings.length) {
    lines.push(
      `Found ${plural(result.findings.length, "finding")} (${count.high} high, ${count.medium} medium, ${count.low} low) in ${scanned}.`,
    );
  } else {
    lines.push(`No findings in ${scanned}.`);
  }
  if (result.problemFiles) {
    lines.push(`${plural(result.problemFiles, "file")} could not be fully analysed (syntax errors, undecodable or skipped; see PW001–PW003 above).`);
  }
  for (const credit of result.attribution ?? []) lines.push(credit);
  return `${lines.join("\n")}\n`;
}
