/**
 * What a suppression comment may call a rule's findings: the rule's code, name and aliases, and those of the
 * rules its findings fold with.
 *
 * One problem is reported once: a taint finding replaces the pattern findings at its sink (`FOLDED_PATTERN_RULES`:
 * PW251's flow into a shell replaces PW202's `shell=True` finding) and a rule can supersede another
 * (`RuleMeta.supersedes`: PW320 over PW301). The comment a user wrote for one of them must then silence the
 * other too: `# nosec B602` (PW202's Bandit alias) silences PW251's flow on that line, and
 * `# pyward: ignore[PW251]` silences PW202's finding, which would otherwise show again once nothing folds it.
 * The relation is one step, not transitive: `B602` silences PW251 but not PW203, which PW251 also folds.
 */
import { ALL_RULES } from "../rules/index.js";
import { FOLDED_PATTERN_RULES, taintSpecOf } from "../rules/taint/define.js";
import type { RuleMeta } from "../rules/types.js";

/** By rule code: the ids a suppression may use, and the codes of the rules it folds with; made on first use from the catalogue. */
let TABLE: { ids: Map<string, readonly string[]>; links: Map<string, string[]> } | undefined;

/** Builds {@link TABLE}: each catalogue rule's own ids, then those of every rule it folds with, without repeats. */
function build(): NonNullable<typeof TABLE> {
  const byCode = new Map(ALL_RULES.map((r) => [r.meta.code, r.meta]));
  const links = new Map<string, string[]>();
  const link = (a: string, b: string): void => {
    for (const [x, y] of [[a, b], [b, a]]) {
      const list = links.get(x) ?? [];
      if (!list.includes(y)) list.push(y);
      links.set(x, list);
    }
  };
  for (const rule of ALL_RULES) {
    for (const code of rule.meta.supersedes ?? []) link(rule.meta.code, code);
    const spec = taintSpecOf(rule);
    if (spec) for (const code of FOLDED_PATTERN_RULES[spec.kind] ?? []) link(rule.meta.code, code);
  }
  const ids = new Map<string, readonly string[]>();
  for (const [code, meta] of byCode) {
    const all = new Set(own(meta));
    for (const other of links.get(code) ?? []) {
      const m = byCode.get(other);
      if (m) for (const id of own(m)) all.add(id);
    }
    ids.set(code, [...all]);
  }
  return { ids, links };
}

/** A rule's own ids: code, name, aliases. */
function own(meta: Pick<RuleMeta, "code" | "name" | "aliases">): string[] {
  return [meta.code, meta.name, ...meta.aliases];
}

/**
 * The ids (code, name, aliases) under which a suppression comment silences the findings of the rule `meta`
 * describes: its own, and those of the rules its findings fold with (see the module comment). A rule outside the
 * catalogue (a test's) has only its own.
 */
export function suppressionIds(meta: Pick<RuleMeta, "code" | "name" | "aliases">): readonly string[] {
  TABLE ??= build();
  return TABLE.ids.get(meta.code) ?? own(meta);
}

/** The codes of the rules whose findings fold with those of rule `code` (either way; see the module comment). */
export function foldsWith(code: string): readonly string[] {
  TABLE ??= build();
  return TABLE.links.get(code) ?? [];
}
