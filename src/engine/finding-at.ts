/**
 * Findings made at a place of a file: the flagged range, the statement around it (its lines, text and identity
 * for the fingerprint), the code frame, and the masking of a secret in them. Used by the per-file phase
 * (`check-file.ts`), templates and the whole-run diagnostics.
 */
import type { Node } from "../parse/parser.js";
import type { SourceFile } from "../parse/source.js";
import type { RuleMeta } from "../rules/types.js";
import type { Finding, Region } from "./finding.js";
import { maskRange } from "./mask.js";
import { fingerprint as fingerprintOf, legacyFingerprint } from "./fingerprint.js";

/** Statements whose every line belongs to a finding's statement. */
const SIMPLE_STATEMENTS = new Set([
  "expression_statement", "return_statement", "delete_statement", "raise_statement", "pass_statement",
  "break_statement", "continue_statement", "import_statement", "import_from_statement",
  "future_import_statement", "assert_statement", "global_statement", "nonlocal_statement", "print_statement",
  "exec_statement", "type_alias_statement", "decorator",
]);
/** Statements of which only the header (up to the block) belongs to a finding's statement. */
const COMPOUND_STATEMENTS = new Set([
  "if_statement", "elif_clause", "else_clause", "for_statement", "while_statement", "try_statement",
  "except_clause", "except_group_clause", "finally_clause", "with_statement", "function_definition",
  "class_definition", "match_statement", "case_clause",
]);

/** The statement a finding is fingerprinted by: its text, its lines (1-based) and its enclosing function or class path. */
export interface FindingStatement {
  text: string;
  first: number;
  last: number;
  context: string;
}

/**
 * A finding of `meta` over `region` of the file at `path` (1-based lines and columns, as `Region`), fingerprinted
 * by its statement: what every phase's findings are made of (per-file, project facts, taint flows).
 */
export function findingOf(
  meta: RuleMeta,
  path: string,
  region: Pick<Region, "line" | "column" | "endLine" | "endColumn">,
  message: string,
  statement: FindingStatement,
  extra: { severity?: Finding["severity"]; confidence?: Finding["confidence"] } = {},
): Finding {
  return {
    code: meta.code,
    name: meta.name,
    practice: meta.practice,
    severity: extra.severity ?? meta.severity,
    confidence: extra.confidence ?? meta.confidence,
    cwe: [...meta.cwe],
    aliases: [...meta.aliases],
    message,
    path,
    line: region.line,
    column: region.column,
    endLine: region.endLine,
    endColumn: region.endColumn,
    fingerprint: fingerprintOf(meta.code, statement.text, statement.context),
    legacyFingerprint: legacyFingerprint(meta.code, statement.text, statement.context),
    statementLines: [statement.first, statement.last],
  };
}

/**
 * A finding at an anchor taken in the per-file phase (`ProjectFact.anchor`, the taint analysis' `SinkAnchor`):
 * {@link findingOf} with the anchor's statement identity, and its code frame.
 */
export function anchoredFinding(
  meta: RuleMeta,
  path: string,
  region: Pick<Region, "line" | "column" | "endLine" | "endColumn">,
  message: string,
  anchor: { statement: string; context: string; first: number; last: number; snippet: string[] },
  extra: { severity?: Finding["severity"]; confidence?: Finding["confidence"] } = {},
): Finding {
  const f = findingOf(meta, path, region, message, { text: anchor.statement, first: anchor.first, last: anchor.last, context: anchor.context }, extra);
  f.snippet = anchor.snippet;
  return f;
}

/** Makes a finding for `meta` over a UTF-16 range `[start, end)` of `file`. */
export function makeFinding(
  meta: RuleMeta,
  file: SourceFile,
  start: number,
  end: number,
  message: string,
  statement: FindingStatement,
  extra: { severity?: Finding["severity"]; confidence?: Finding["confidence"] } = {},
): Finding {
  const s = file.position(start);
  const e = file.position(end);
  return findingOf(meta, file.path, { line: s.line, column: s.column, endLine: e.line, endColumn: e.column }, message, statement, extra);
}

/** A finding over line `line` of `file` (its whole text), for the file-level diagnostics. */
export function lineFinding(meta: RuleMeta, file: SourceFile, line: number, message: string): Finding {
  const start = file.lineStarts[Math.max(0, Math.min(line, file.lineStarts.length) - 1)] ?? 0;
  const text = file.lineText(line);
  const f = makeFinding(meta, file, start, start + text.length, message, { text: `${meta.code}:${message}`, first: line, last: line, context: "" });
  if (text) f.snippet = [text];
  return f;
}

/** The UTF-16 range of a secret to mask; for a string literal, only its content (quotes and prefix stay). */
export function secretRange(secret: Node | { start: number; end: number }): [number, number] {
  if (!("startIndex" in secret)) return [secret.start, secret.end];
  if (secret.type === "string") {
    const first = secret.firstChild;
    const last = secret.lastChild;
    if (first?.type === "string_start" && last?.type === "string_end") return [first.endIndex, last.startIndex];
  }
  return [secret.startIndex, secret.endIndex];
}

/** Masks the part of `text` (which starts at file offset `textStart`) that overlaps `range`. */
export function maskWithin(text: string, textStart: number, range: [number, number] | undefined): string {
  if (!range) return text;
  return maskRange(text, range[0] - textStart, range[1] - textStart);
}

/** Most lines of a finding's code frame. */
const SNIPPET_LINES = 6;

/** The statement's source lines (at most {@link SNIPPET_LINES}), with a secret range masked. */
export function snippetOf(file: SourceFile, first: number, last: number, secret: [number, number] | undefined): string[] {
  const out: string[] = [];
  for (let line = first; line <= Math.min(last, first + SNIPPET_LINES - 1); line++) {
    const text = file.lineText(line);
    out.push(secret ? maskWithin(text, file.lineStarts[line - 1], secret) : text);
  }
  return out;
}

/** The statement around `node`: its lines (for compound statements, only the header) and text. */
export function statementOf(node: Node, file: SourceFile): { text: string; first: number; last: number; start: number } {
  let n: Node | null = node;
  for (let depth = 0; n && depth < 500; depth++, n = n.parent) {
    if (SIMPLE_STATEMENTS.has(n.type)) {
      return { text: n.text, first: file.position(n.startIndex).line, last: file.position(Math.max(n.startIndex, n.endIndex - 1)).line, start: n.startIndex };
    }
    if (COMPOUND_STATEMENTS.has(n.type)) {
      const first = file.position(n.startIndex).line;
      const block = n.children.find((c) => c?.type === "block");
      let headerEnd = block ? block.startIndex : n.endIndex;
      let last = file.position(headerEnd).line;
      if (block && last > first) last -= 1;
      if (!block) last = file.position(Math.max(n.startIndex, n.endIndex - 1)).line;
      headerEnd = Math.min(headerEnd, n.endIndex);
      return { text: file.text.slice(n.startIndex, headerEnd), first, last, start: n.startIndex };
    }
  }
  const line = file.position(node.startIndex).line;
  return { text: node.text, first: line, last: file.position(node.endIndex).line, start: node.startIndex };
}
