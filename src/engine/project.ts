/**
 * The project-wide phase: after every file's per-file phase, each rule with `checkProject` sees the facts it
 * recorded in all files and reports findings at their places.
 */
import { anchoredFinding } from "./finding-at.js";
import type { Finding } from "./finding.js";
import type { ProjectFact, Rule } from "../rules/types.js";
import { suppressedBy } from "./suppress.js";
import type { FileResult } from "./check-file.js";

/** The project phase's input: the facts of `results`, merged by rule code (or channel), in the results' order. */
export function factsOf(results: Iterable<Pick<FileResult, "facts">>): Map<string, ProjectFact[]> {
  const facts = new Map<string, ProjectFact[]>();
  for (const r of results) {
    for (const [code, list] of Object.entries(r.facts)) {
      const all = facts.get(code);
      if (all) all.push(...list);
      else facts.set(code, [...list]);
    }
  }
  return facts;
}

/** A finding at the place of a fact; fingerprinted like per-file findings (code, statement, enclosing path). */
export function findingAtFact(rule: Rule, fact: ProjectFact, message: string, extra: { severity?: Finding["severity"]; confidence?: Finding["confidence"] } = {}): Finding {
  return anchoredFinding(rule.meta, fact.path, fact, message, fact.anchor, extra);
}

/**
 * Runs every project rule over the facts gathered from all files.
 * @param facts facts by rule code or shared channel (`Rule.factChannels`), from all files
 * @returns findings (suppressions honoured) and internal errors
 */
export function runProjectPhase(rules: readonly Rule[], facts: Map<string, ProjectFact[]>): { findings: Finding[]; errors: string[] } {
  const findings: Finding[] = [];
  const errors: string[] = [];
  for (const rule of rules) {
    if (!rule.checkProject) continue;
    const list = [rule.meta.code, ...(rule.factChannels ?? [])].flatMap((k) => facts.get(k) ?? []).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column));
    const ids = [rule.meta.code, rule.meta.name, ...rule.meta.aliases];
    try {
      rule.checkProject(list, {
        report(at, message, extra) {
          if (suppressedBy(at.anchor.suppressed, ids)) return;
          findings.push(findingAtFact(rule, at, message, extra));
        },
      });
    } catch (err) {
      errors.push(`project phase: internal error in rule ${rule.meta.code} (${rule.meta.name}): ${(err as Error).message}`);
    }
  }
  return { findings, errors };
}
