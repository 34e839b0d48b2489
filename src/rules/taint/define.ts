/**
 * Taint rules: one per sink kind. A taint rule has no node handlers: the engine runs the taint analysis
 * (`src/taint/`) once per file for all selected taint rules and reports each flow under the rule of its sink
 * kind, with the path from the source to the sink (`Finding.flow`).
 */
import type { SinkKind } from "../../model/knowledge/frameworks/types.js";
import { defineRule, type Rule, type RuleMeta } from "../types.js";

/** What a taint rule adds to a rule: its sink kind and how its messages read. */
export interface TaintRuleSpec {
  kind: SinkKind;
  /** What the sink is, for messages ("an SQL query", "a shell command"). */
  what: string;
  /** The fix, in a few words ("pass it as a query parameter"). */
  advice: string;
}

const SPECS = new Map<Rule, TaintRuleSpec>();
const BY_KIND = new Map<SinkKind, Rule>();

/** Defines a taint rule for one sink kind. */
export function defineTaintRule(spec: TaintRuleSpec, meta: RuleMeta): Rule {
  const rule = defineRule({ meta, create: () => ({}) });
  SPECS.set(rule, spec);
  BY_KIND.set(spec.kind, rule);
  return rule;
}

/** The taint spec of a rule, or undefined for other rules. */
export function taintSpecOf(rule: Rule): TaintRuleSpec | undefined {
  return SPECS.get(rule);
}

/** True for taint rules. */
export function isTaintRule(rule: Rule): boolean {
  return SPECS.has(rule);
}

/**
 * Pattern rules whose finding at a sink is folded into a taint finding at the same place (the pattern finding
 * is dropped, the proven flow kept): by taint sink kind, the pattern rule codes.
 */
export const FOLDED_PATTERN_RULES: Readonly<Partial<Record<SinkKind, readonly string[]>>> = {
  sql: ["PW201"],
  command: ["PW202", "PW203", "PW207", "PW210"],
  code: ["PW204"],
  deserialize: ["PW205", "PW206"],
  html: ["PW502"],
  regex: ["PW701"],
  url: ["PW214"],
  template: ["PW510"],
  xml: ["PW215", "PW216"],
};
