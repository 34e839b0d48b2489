/**
 * Merging findings of related rules at the same place: a finding of a rule whose `meta.supersedes` names
 * another rule removes that rule's findings whose range overlaps it, so one problem is reported once, by
 * the most specific rule.
 */
import type { Finding } from "./finding.js";
import type { Rule } from "../rules/types.js";

const before = (l1: number, c1: number, l2: number, c2: number): boolean => l1 < l2 || (l1 === l2 && c1 < c2);

/** True when two findings' ranges in the same file overlap (or touch the same start). */
export function overlaps(a: Finding, b: Finding): boolean {
  if (a.path !== b.path) return false;
  if (a.line === b.line && a.column === b.column) return true;
  return before(a.line, a.column, b.endLine, b.endColumn) && before(b.line, b.column, a.endLine, a.endColumn);
}

/** Drops findings superseded by an overlapping finding of a more specific rule (see `RuleMeta.supersedes`). */
export function foldSuperseded(findings: readonly Finding[], rules: readonly Rule[]): Finding[] {
  const supersedes = new Map<string, Set<string>>();
  for (const r of rules) if (r.meta.supersedes?.length) supersedes.set(r.meta.code, new Set(r.meta.supersedes));
  if (!supersedes.size) return [...findings];
  const strong = findings.filter((f) => supersedes.has(f.code));
  if (!strong.length) return [...findings];
  return findings.filter((f) => !strong.some((s) => s !== f && supersedes.get(s.code)!.has(f.code) && overlaps(s, f)));
}
