/**
 * `pyward rules` lists the catalogue by practice; `pyward explain <id>` prints one rule's docs.
 */
import { Command, Option } from "commander";
import { ALL_RULES, findRule } from "../../rules/index.js";
import { PRACTICES } from "../../engine/finding.js";
import type { Rule } from "../../rules/types.js";
import { UsageError } from "../errors.js";

/** A rule's catalogue entry as `pyward rules --format json` prints it. */
export function ruleSummary(rule: Rule): Record<string, unknown> {
  const m = rule.meta;
  return {
    code: m.code,
    name: m.name,
    practice: m.practice,
    severity: m.severity,
    confidence: m.confidence,
    cwe: m.cwe.map((n) => `CWE-${n}`),
    aliases: m.aliases,
    enabledByDefault: m.enabledByDefault !== false,
    skipInTests: m.skipInTests === true,
    summary: m.docs.what,
  };
}

/** The text of `pyward explain`: what, why, example, fix, references. */
export function explainText(rule: Rule): string {
  const m = rule.meta;
  const indent = (s: string): string => s.trimEnd().split("\n").map((l) => `    ${l}`).join("\n");
  return [
    `${m.code} ${m.name}`,
    `practice: ${m.practice}   severity: ${m.severity}   confidence: ${m.confidence}`,
    `CWE: ${m.cwe.length ? m.cwe.map((n) => `CWE-${n}`).join(", ") : "-"}   aliases: ${m.aliases.join(", ") || "-"}${m.enabledByDefault === false ? "   (off by default)" : ""}${m.skipInTests ? "   (quiet in test files; --check-tests reports them)" : ""}`,
    "",
    "What it does",
    `  ${m.docs.what}`,
    "",
    "Why is this bad?",
    `  ${m.docs.why}`,
    "",
    "Example",
    indent(m.docs.bad),
    "",
    "Use instead",
    indent(m.docs.good),
    ...(m.docs.references.length ? ["", "References", ...m.docs.references.map((r) => `  ${r}`)] : []),
    "",
  ].join("\n");
}

/** Registers `rules` and `explain`. */
export function register(program: Command): void {
  program
    .command("rules")
    .description("list every rule by practice, with severity and peer aliases")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .action((opts: { format: string }) => {
      if (opts.format === "json") {
        process.stdout.write(`${JSON.stringify(ALL_RULES.map(ruleSummary), null, 2)}\n`);
        return;
      }
      const out: string[] = [];
      for (const practice of PRACTICES) {
        const rules = ALL_RULES.filter((r) => r.meta.practice === practice);
        if (!rules.length) continue;
        out.push(`${practice}`);
        for (const r of rules) {
          const m = r.meta;
          const aliases = m.aliases.length ? `  [${m.aliases.join(", ")}]` : "";
          out.push(`  ${m.code}  ${m.name.padEnd(34)} ${m.severity.padEnd(6)}${m.enabledByDefault === false ? " (off)" : ""}${m.skipInTests ? " (not in tests)" : ""}${aliases}`);
        }
        out.push("");
      }
      process.stdout.write(out.join("\n"));
    });
  program
    .command("explain")
    .description("print the documentation of a rule")
    .argument("<id>", "rule code, name or Bandit/Ruff alias")
    .action((id: string) => {
      const rule = findRule(id);
      if (!rule) throw new UsageError(`unknown rule '${id}' (see 'pyward rules')`);
      process.stdout.write(explainText(rule));
    });
}
