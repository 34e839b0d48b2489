/**
 * Rule selection: `--select`, `--extend-select`, `--ignore`, by code, name, peer alias or code prefix.
 */
import type { Rule } from "../rules/types.js";
import { RETIRED_PEER_IDS } from "../rules/retired-peers.js";

/** Raised for a rule id that matches no rule (a usage error, exit 2). */
export class UnknownRuleError extends Error {}


/** Selection options: lists of rule ids (code `PW202`, name `subprocess-shell-injection`, alias `B602`/`S602`, prefix `PW2`, `ALL`). */
export interface Selection {
  select?: readonly string[];
  extendSelect?: readonly string[];
  ignore?: readonly string[];
  /**
   * A later layer applied on top of this one (the command line over a configuration file): a non-empty
   * `select` there replaces every rule chosen so far, its `extendSelect` adds rules and its `ignore` removes them.
   */
  override?: Selection;
}

/** True when `id` designates `rule`: its code, name or an alias (any case), a prefix of its code or of an alias, or `ALL`. */
export function matchesRule(rule: Rule, id: string): boolean {
  const key = id.trim().toUpperCase();
  if (!key) return false;
  if (key === "ALL") return true;
  const { code, name, aliases } = rule.meta;
  if (key === code || key === name.toUpperCase()) return true;
  if (/^[A-Z]+\d*$/.test(key)) {
    if (code.startsWith(key)) return true;
    return aliases.some((a) => a.toUpperCase().startsWith(key));
  }
  return false;
}

/**
 * Resolves a selection to the rules that run. pyward's own diagnostics (PW0xx) always run unless ignored.
 * @returns the rules, and the codes selected explicitly (by code, name or alias rather than default or ALL)
 * @throws UnknownRuleError naming the first id that matches no rule
 */
export function selectRules(all: readonly Rule[], sel: Selection): { rules: Rule[]; explicit: Set<string> } {
  const check = (ids: readonly string[] | undefined): void => {
    for (const id of ids ?? []) {
      if (all.some((r) => matchesRule(r, id))) continue;
      const retired = RETIRED_PEER_IDS[id.trim().toUpperCase()];
      throw new UnknownRuleError(`unknown rule '${id}' (${retired ? `${retired}; ` : ""}see 'pyward rules')`);
    }
  };
  for (let layer: Selection | undefined = sel; layer; layer = layer.override) {
    check(layer.select);
    check(layer.extendSelect);
    check(layer.ignore);
  }
  const explicit = new Set<string>();
  const chosen = new Set<Rule>();
  const markExplicit = (ids: readonly string[]): void => {
    for (const id of ids) {
      if (id.trim().toUpperCase() === "ALL") continue;
      for (const r of all) if (matchesRule(r, id)) explicit.add(r.meta.code);
    }
  };
  for (let layer: Selection | undefined = sel, first = true; layer; layer = layer.override, first = false) {
    if (layer.select && layer.select.length) {
      chosen.clear();
      explicit.clear();
      for (const r of all) if (layer.select.some((id) => matchesRule(r, id))) chosen.add(r);
      markExplicit(layer.select);
    } else if (first) {
      for (const r of all) if (r.meta.enabledByDefault !== false) chosen.add(r);
    }
    // pyward's own diagnostics (PW0xx: syntax errors, undecodable or skipped files) stay on unless ignored
    if (first || layer.select?.length) for (const r of all) if (r.meta.code.startsWith("PW0")) chosen.add(r);
    for (const r of all) if (layer.extendSelect?.some((id) => matchesRule(r, id))) chosen.add(r);
    markExplicit(layer.extendSelect ?? []);
    for (const r of [...chosen]) if (layer.ignore?.some((id) => matchesRule(r, id))) chosen.delete(r);
  }
  return { rules: all.filter((r) => chosen.has(r)), explicit };
}
