/**
 * The text report, for people: `path:line:col: CODE [severity] message (name)`, a code frame, and a
 * summary by severity with a note on files that could not be fully analysed. Colour only when asked
 * (the CLI asks on a TTY unless `NO_COLOR` is set).
 */
import type { ScanResult } from "../engine/run.js";
import type { Finding, Severity } from "../engine/finding.js";
import { codePointCount } from "../parse/source.js";
import { printable } from "./printable.js";

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

/** Longest stretch of one source line a code frame prints (UTF-16 units); longer lines are clipped with `…`. */
const FRAME_WIDTH = 200;

/**
 * The code frame of a finding: the statement's lines (clipped around the flagged column when long), with a
 * caret line under the flagged range. Everything printable-escaped: the code is untrusted.
 */
function frame(f: Finding, color: boolean): string[] {
  if (!f.snippet?.length) return [];
  const first = f.statementLines?.[0] ?? f.line;
  const width = String(first + f.snippet.length - 1).length;
  const out: string[] = [];
  f.snippet.forEach((raw, i) => {
    const line = first + i;
    const text = raw.replace(/\t/g, "    ");
    const startCol = line === f.line ? offsetOfColumn(raw, f.column) + (raw.slice(0, offsetOfColumn(raw, f.column)).match(/\t/g)?.length ?? 0) * 3 : 0;
    const from = text.length > FRAME_WIDTH ? Math.max(0, Math.min(startCol - 40, text.length - FRAME_WIDTH)) : 0;
    const to = Math.min(text.length, from + FRAME_WIDTH);
    const lead = from > 0 ? "…" : "";
    const shown = lead + printable(text.slice(from, to)) + (to < text.length ? "…" : "");
    out.push(paint(color, ANSI.gray, `  ${String(line).padStart(width)} | `) + shown);
    if (line === f.line) {
      const before = lead + printable(text.slice(from, Math.max(from, startCol)));
      const pad = codePointCount(before, 0, before.length);
      const lineEndCol = codePointCount(raw, 0, raw.length) + 1;
      const endCol = f.endLine === f.line ? f.endColumn : lineEndCol;
      const len = Math.max(1, Math.min(endCol - f.column, shown.length - pad));
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
    const where = paint(color, ANSI.bold, `${printable(f.path)}:${f.line}:${f.column}:`);
    const sev = paint(color, SEVERITY_COLOR[f.severity], `[${f.severity}]`);
    lines.push(`${where} ${paint(color, ANSI.bold, f.code)} ${sev} ${printable(f.message)} (${f.name}${f.confidence !== "high" ? `, ${f.confidence} confidence` : ""})`);
    if (f.flow?.length) {
      for (const step of f.flow) lines.push(`    ${printable(step.label)} at ${printable(step.path)}:${step.line}:${step.column}`);
    }
    if (frames) lines.push(...frame(f, color));
    if (frames) lines.push("");
  }
  for (const note of result.notes) lines.push(paint(color, ANSI.gray, `note: ${note.path ? `${printable(note.path)}: ` : ""}${printable(note.reason)}`));
  for (const err of result.errors) lines.push(paint(color, ANSI.red, `internal error: ${printable(err)}`));
  const count = { high: 0, medium: 0, low: 0 };
  for (const f of result.findings) count[f.severity]++;
  // templates scanned are named too (a run over templates only did not scan nothing); manifests only when
  // nothing else was scanned
  const others = [
    result.files.template ? plural(result.files.template, "template") : "",
    result.files.manifest && !result.files.python && !result.files.template ? plural(result.files.manifest, "manifest") : "",
  ].filter(Boolean);
  const python = `${plural(result.files.python, "Python file")} (${plural(result.lines, "line")})`;
  const scanned = others.length ? (result.files.python ? `${python}, ${others.join(", ")}` : others.join(", ")) : python;
  if (result.findings.length) {
    lines.push(
      `Found ${plural(result.findings.length, "finding")} (${count.high} high, ${count.medium} medium, ${count.low} low) in ${scanned}.`,
    );
  } else {
    lines.push(`No findings in ${scanned}.`);
  }
  if (result.changedFiles) {
    const c = result.changedFiles;
    lines.push(`Changed-files mode (--diff): only findings in the ${plural(c.python + c.template + c.manifest, "changed file")}, flows through them and project-wide or cross-module findings the change introduced are reported.`);
  }
  if (result.problemFiles) {
    lines.push(`${plural(result.problemFiles, "file")} could not be fully analysed (syntax errors, undecodable or skipped; see PW001–PW003 above).`);
  }
  for (const credit of result.attribution ?? []) lines.push(credit);
  return `${lines.join("\n")}\n`;
}
