/**
 * The rule catalogue rendered as Markdown pages: `docs/rules/<CODE>.md` per rule and `docs/rules/README.md`
 * as the index by practice. `npm run docs` writes them; a test checks they are up to date.
 */
import { PRACTICES } from "../engine/finding.js";
import type { Rule } from "../rules/types.js";

const PRACTICE_TITLES: Record<string, string> = {
  dependencies: "1. Dependencies kept current",
  "input-validation": "2. Input validation",
  "parameterized-queries": "3. Parameterized queries",
  "password-storage": "4. Password storage, randomness and secrets",
  "error-handling": "5. Error handling that does not overshare",
  "output-escaping": "6. Output escaping",
  "least-privilege": "7. Least privilege",
  regex: "8. Regular expressions",
  csrf: "9. CSRF and cookies",
  logging: "10. Security logging",
  other: "Other (transport, parsers, pyward's own diagnostics)",
};

function cweLink(n: number): string {
  return `[CWE-${n}](https://cwe.mitre.org/data/definitions/${n}.html)`;
}

/** The Markdown page of one rule. */
export function rulePage(rule: Rule): string {
  const m = rule.meta;
  const d = m.docs;
  const refs = d.references.map((r) => (/^CWE-\d+$/.test(r) ? `- ${cweLink(Number(r.slice(4)))}` : `- ${r}`));
  return [
    `# ${m.code} ${m.name}`,
    "",
    "| | |",
    "| --- | --- |",
    `| practice | ${m.practice} |`,
    `| severity | ${m.severity} |`,
    `| confidence | ${m.confidence} |`,
    `| CWE | ${m.cwe.length ? m.cwe.map(cweLink).join(", ") : "-"} |`,
    `| aliases | ${m.aliases.length ? m.aliases.map((a) => `\`${a}\``).join(", ") : "-"} |`,
    `| default | ${m.enabledByDefault === false ? "off (select it with `--extend-select " + m.code + "`)" : "on"}${m.skipInTests ? "; not reported in test files" : ""} |`,
    `| checks | ${m.fileKind === "template" ? "templates" : m.fileKind === "manifest" ? "dependency manifests and lockfiles" : "Python source"} |`,
    "",
    "## What it does",
    "",
    d.what,
    "",
    "## Why is this bad?",
    "",
    d.why,
    "",
    "## Example",
    "",
    "```" + (m.fileKind === "template" ? "html" : m.fileKind === "manifest" ? "" : "python"),
    d.bad.trimEnd(),
    "```",
    "",
    "Use instead:",
    "",
    "```" + (m.fileKind === "template" ? "html" : m.fileKind === "manifest" ? "" : "python"),
    d.good.trimEnd(),
    "```",
    ...(refs.length ? ["", "## References", "", ...refs] : []),
    "",
    `Suppress one finding with \`# pyward: ignore[${m.code}]\`${m.aliases.length ? ` (or \`# nosec ${m.aliases.find((a) => a.startsWith("B")) ?? m.aliases[0]}\`)` : ""} on the flagged statement.`,
    "",
  ].join("\n");
}

/** The index page: every rule by practice. */
export function ruleIndex(rules: readonly Rule[]): string {
  const out = ["# pyward rules", "", "Generated from the rule catalogue by `npm run docs`; do not edit by hand.", ""];
  for (const practice of PRACTICES) {
    const list = rules.filter((r) => r.meta.practice === practice);
    if (!list.length) continue;
    out.push(`## ${PRACTICE_TITLES[practice] ?? practice}`, "", "| code | name | severity | aliases | default |", "| --- | --- | --- | --- | --- |");
    for (const r of list) {
      const m = r.meta;
      out.push(`| [${m.code}](${m.code}.md) | ${m.name} | ${m.severity} | ${m.aliases.join(", ") || "-"} | ${m.enabledByDefault === false ? "off" : "on"} |`);
    }
    out.push("");
  }
  return out.join("\n");
}

/** Every generated file: path relative to `docs/rules/` → content. */
export function rulePages(rules: readonly Rule[]): Map<string, string> {
  const pages = new Map<string, string>();
  pages.set("README.md", ruleIndex(rules));
  for (const r of rules) pages.set(`${r.meta.code}.md`, rulePage(r));
  return pages;
}
