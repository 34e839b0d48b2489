/**
 * Merging findings of related rules at the same place, so one problem is reported once, by the most specific rule:
 * a finding of a rule whose `meta.supersedes` names another rule removes that rule's findings whose range overlaps
 * it (taint findings fold pattern findings likewise: `foldPatternFindings` in `src/taint/index.ts`). And a comment
 * that removed the folded rule's finding at a call removes the folding rule's finding there too
 * ({@link foldSuppressed}).
 */
import type { Finding } from "./finding.js";
import type { Rule } from "../rules/types.js";
import { FOLDED_PATTERN_RULES, taintSpecOf } from "../rules/taint/define.js";
import { ALL_RULES } from "../rules/index.js";

/**
 * A finding a suppression comment removed, by rule code and start (1-based line and column, as `Finding`): kept
 * (`FileResult.suppressed`) when another rule's finding at the same call would have folded it in, so that comment
 * silences that finding too (see {@link foldSuppressed}).
 */
export interface SuppressedMark {
  code: string;
  path: string;
  line: number;
  column: number;
}

/**
 * By rule code, the rules whose suppressed findings silence that rule's findings at the same call: the pattern
 * rules at a taint rule's sinks (but for URLs, below) and `meta.supersedes`.
 */
const FOLDS = new WeakMap<readonly Rule[], Map<string, ReadonlySet<string>>>();

/** {@link FOLDS} of `rules`, made on first use. */
function foldsOf(rules: readonly Rule[]): Map<string, ReadonlySet<string>> {
  let folds = FOLDS.get(rules);
  if (folds) return folds;
  folds = new Map();
  for (const rule of rules) {
    const spec = taintSpecOf(rule);
    // not the URL sinks: PW214 judges only the scheme of a URL opened, the flow (SSRF) the whole URL, so a comment
    // that accepts the scheme (`# nosec B310  scheme checked`) does not accept an attacker's host
    const pattern = spec && spec.kind !== "url" ? (FOLDED_PATTERN_RULES[spec.kind] ?? []) : [];
    const codes = [...(rule.meta.supersedes ?? []), ...pattern];
    if (codes.length) folds.set(rule.meta.code, new Set(codes));
  }
  FOLDS.set(rules, folds);
  return folds;
}

/** Rules the selected ones fold in but that are not selected, by selected rule list (see {@link markOnlyRules}). */
const MARK_ONLY = new WeakMap<readonly Rule[], readonly Rule[]>();

/**
 * The rules of the catalogue that a rule of `selected` folds in but that are not selected themselves. They run
 * only to place marks: their findings are dropped, but where a comment removed one, the finding that would have
 * folded it in is dropped too, as when they are selected. So `# nosec B602` silences PW251's flow there with
 * `--select PW251` or `--ignore PW202` as in the default run: a narrower selection reports a subset.
 */
export function markOnlyRules(selected: readonly Rule[]): readonly Rule[] {
  let only = MARK_ONLY.get(selected);
  if (only) return only;
  const codes = foldedCodes(selected);
  const chosen = new Set(selected.map((r) => r.meta.code));
  only = ALL_RULES.filter((r) => codes.has(r.meta.code) && !chosen.has(r.meta.code));
  MARK_ONLY.set(selected, only);
  return only;
}

/** The codes some rule of a rule list folds in, by rule list. */
const FOLDED = new WeakMap<readonly Rule[], ReadonlySet<string>>();

/** The codes of the rules some rule of `rules` folds in, made on first use. */
function foldedCodes(rules: readonly Rule[]): ReadonlySet<string> {
  let codes = FOLDED.get(rules);
  if (!codes) FOLDED.set(rules, (codes = new Set([...foldsOf(rules).values()].flatMap((c) => [...c]))));
  return codes;
}

/** True when some rule of `rules` folds in the findings of rule `code`: its suppressed findings are kept as marks. */
export function isFoldedIn(code: string, rules: readonly Rule[]): boolean {
  return foldedCodes(rules).has(code);
}

/**
 * Drops the findings that would have folded in a finding a suppression comment removed at the same place (the
 * same start: the same call, not another call inside its arguments): one problem is reported once, so the comment
 * written for the pattern finding (`# nosec B602` on PW202's `shell=True` call) silences the flow found there too
 * (PW251). Only where that finding was: an id of a rule that did not fire at the place silences nothing else.
 */
export function foldSuppressed(findings: readonly Finding[], marks: readonly SuppressedMark[], rules: readonly Rule[]): Finding[] {
  if (!marks.length) return [...findings];
  const folds = foldsOf(rules);
  const byPath = new Map<string, SuppressedMark[]>();
  for (const m of marks) {
    const list = byPath.get(m.path);
    if (list) list.push(m);
    else byPath.set(m.path, [m]);
  }
  return findings.filter((f) => {
    const codes = folds.get(f.code);
    const here = codes && byPath.get(f.path);
    return !here?.some((m) => codes!.has(m.code) && m.line === f.line && m.column === f.column);
  });
}

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
