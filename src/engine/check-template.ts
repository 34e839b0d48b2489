/**
 * The per-file phase for templates (`.html`, `.jinja`, `.jinja2`, `.j2`, `.djhtml`): rules with
 * `meta.fileKind: "template"` read the text. Suppressions: `{# nosec #}`, `{# pyward: ignore[PW5xx] #}` or
 * `<!-- nosec -->` on the flagged line.
 */
import { SourceFile } from "../parse/source.js";
import type { Rule } from "../rules/types.js";
import type { FileResult } from "./check-file.js";
import { makeFinding } from "./finding-at.js";
import { parseSuppression, SuppressionIndex } from "./suppress.js";

/**
 * Checks one template file with the template rules among `rules`. Never throws.
 * @param bytes the file's bytes (decoded as UTF-8, invalid sequences replaced)
 */
export function checkTemplate(input: { path: string; bytes: Uint8Array; isTest: boolean }, rules: readonly Rule[], ruleOptions?: Record<string, Record<string, unknown>>): FileResult {
  const result: FileResult = { path: input.path, findings: [], lines: 0, errors: [], analysed: true, facts: {}, imports: [] };
  const templateRules = rules.filter((r) => r.meta.fileKind === "template" && r.checkTemplate);
  if (!templateRules.length) return result;
  let text = new TextDecoder("utf-8", { fatal: false }).decode(input.bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const file = new SourceFile(input.path, text);
  const suppressions = new SuppressionIndex();
  for (let line = 1; line <= file.lineCount; line++) {
    const t = file.lineText(line);
    if (!/nosec|noqa|pyward/i.test(t)) continue;
    const s = parseSuppression(t.replace(/\{#|<!--/g, "#"));
    if (s) suppressions.add(line, s);
  }
  for (const rule of templateRules) {
    if (input.isTest && rule.meta.skipInTests) continue;
    try {
      rule.checkTemplate!({
        file,
        isTest: input.isTest,
        options: ruleOptions?.[rule.meta.code] ?? {},
        report(range, message, extra = {}) {
          const first = file.position(range.start).line;
          const last = file.position(Math.max(range.start, range.end - 1)).line;
          if (suppressions.suppresses(first, last, [rule.meta.code, rule.meta.name, ...rule.meta.aliases])) return;
          const f = makeFinding(rule.meta, file, range.start, range.end, message, { text: text.slice(range.start, range.end), first, last, context: "" }, extra);
          f.snippet = [];
          for (let l = first; l <= Math.min(last, first + 5); l++) f.snippet.push(file.lineText(l));
          result.findings.push(f);
        },
      });
    } catch (err) {
      result.errors.push(`${input.path}: internal error in rule ${rule.meta.code} (${rule.meta.name}): ${(err as Error).message}`);
    }
  }
  return result;
}
