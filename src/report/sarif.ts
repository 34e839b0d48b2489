/**
 * The SARIF 2.1.0 report (OASIS SARIF v2.1.0): one run, the rules that ran as `tool.driver.rules`
 * (with markdown help, CWE tags written `external/cwe/cwe-89`, peer ids in `properties.aliases`, a
 * `security-severity` score), results with regions in Unicode code point columns (§3.30.6 `columnKind`),
 * `partialFingerprints`, and `codeFlows` for taint paths (§3.36).
 */
import type * as Sarif from "sarif";
import type { ScanResult } from "../engine/run.js";
import type { Finding, Region, Severity } from "../engine/finding.js";
import type { Rule } from "../rules/types.js";
import { VERSION } from "../version.js";

const LEVEL: Record<Severity, Sarif.Result.level> = { high: "error", medium: "warning", low: "note" };
/** GitHub code scanning reads `security-severity` (0.0–10.0): high ≥ 7, medium 4–6.9, low < 4. */
const SECURITY_SEVERITY: Record<Severity, string> = { high: "8.0", medium: "5.5", low: "3.0" };

/** Markdown help for a rule, from its docs. */
export function ruleMarkdown(rule: Rule): string {
  const d = rule.meta.docs;
  const refs = d.references.map((r) => (r.startsWith("CWE-") ? `- [${r}](https://cwe.mitre.org/data/definitions/${r.slice(4)}.html)` : `- ${r}`));
  return [
    `## What it does`, d.what, ``, `## Why is this bad?`, d.why, ``, `## Example`, "```python", d.bad.trimEnd(), "```", ``,
    `Use instead:`, "```python", d.good.trimEnd(), "```", ...(refs.length ? [``, `## References`, ...refs] : []),
  ].join("\n");
}

function sarifRule(rule: Rule): Sarif.ReportingDescriptor {
  const m = rule.meta;
  return {
    id: m.code,
    name: m.name,
    shortDescription: { text: m.docs.what.split(/(?<=\.)\s/)[0] },
    fullDescription: { text: m.docs.what },
    help: { text: `${m.docs.what}\n\n${m.docs.why}`, markdown: ruleMarkdown(rule) },
    defaultConfiguration: { level: LEVEL[m.severity] },
    properties: {
      tags: ["security", m.practice, ...m.cwe.map((n) => `external/cwe/cwe-${n}`)],
      precision: m.confidence === "high" ? "high" : m.confidence === "medium" ? "medium" : "low",
      "security-severity": SECURITY_SEVERITY[m.severity],
      aliases: m.aliases,
      practice: m.practice,
    },
  };
}

/**
 * A relative path as a SARIF `uri` (a URI reference, §3.4.3): each segment percent-encoded, so a name with
 * `#`, `?`, `%` or a `:` in its first segment (which would read as a scheme) keeps its meaning.
 * `decodeURIComponent` gives the path back.
 */
export function pathToUri(p: string): string {
  return p.split("/").map(encodeURIComponent).join("/");
}

function location(r: Region, message?: string): Sarif.Location {
  const loc: Sarif.Location = {
    physicalLocation: {
      artifactLocation: { uri: pathToUri(r.path), uriBaseId: "%SRCROOT%" },
      region: { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn },
    },
  };
  if (message) loc.message = { text: message };
  return loc;
}

/**
 * `occurrence` numbers findings that share a fingerprint within one file (1, 2, …, in report order), so two
 * identical calls in one function stay two results for code scanning (`partialFingerprints`, §3.27.17).
 */
function sarifResult(f: Finding, ruleIndex: Map<string, number>, occurrence = 1): Sarif.Result {
  const res: Sarif.Result = {
    ruleId: f.code,
    ruleIndex: ruleIndex.get(f.code),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [location(f)],
    partialFingerprints: { "pyward/v2": `${f.fingerprint}:${occurrence}` },
    properties: { severity: f.severity, confidence: f.confidence, name: f.name },
  };
  if (f.flow?.length) {
    res.codeFlows = [
      { threadFlows: [{ locations: f.flow.map((step) => ({ location: location(step, step.label) })) }] },
    ];
  }
  if (f.fix) {
    const byFile = new Map<string, Sarif.Replacement[]>();
    for (const e of f.fix.edits) {
      const list = byFile.get(e.path) ?? [];
      list.push({
        deletedRegion: { startLine: e.line, startColumn: e.column, endLine: e.endLine, endColumn: e.endColumn },
        insertedContent: { text: e.text },
      });
      byFile.set(e.path, list);
    }
    res.fixes = [
      {
        description: { text: f.fix.description },
        artifactChanges: [...byFile].map(([p, replacements]) => ({ artifactLocation: { uri: pathToUri(p), uriBaseId: "%SRCROOT%" }, replacements })),
      },
    ];
  }
  if (f.package) res.properties = { ...res.properties, package: f.package };
  return res;
}

/** Pairs each finding with its occurrence number among findings of the same file and fingerprint. */
function withOccurrences(findings: readonly Finding[]): [Finding, number][] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const key = `${f.path}\0${f.fingerprint}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return [f, n];
  });
}

/** Builds the SARIF log object. */
export function buildSarif(result: ScanResult): Sarif.Log {
  const used = new Set(result.findings.map((f) => f.code));
  const rules = result.rules.filter((r) => used.has(r.meta.code) || !r.meta.code.startsWith("PW0"));
  const ruleIndex = new Map(rules.map((r, i) => [r.meta.code, i]));
  return {
    version: "2.1.0",
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    runs: [
      {
        tool: {
          driver: {
            name: "pyward",
            version: VERSION,
            semanticVersion: VERSION,
            rules: rules.map(sarifRule),
          },
        },
        columnKind: "unicodeCodePoints",
        originalUriBaseIds: { "%SRCROOT%": { description: { text: "The directory pyward was run from." } } },
        results: withOccurrences(result.findings).map(([f, n]) => sarifResult(f, ruleIndex, n)),
        ...(result.attribution?.length ? { properties: { advisoryAttribution: result.attribution } } : {}),
        invocations: [
          {
            executionSuccessful: result.errors.length === 0,
            toolExecutionNotifications: result.errors.map((e) => ({ level: "error" as const, message: { text: e } })),
            // a share of a sharded run (`--shard k/n`): `pyward merge-sarif` checks and drops it
            ...(result.shard ? { properties: { shard: `${result.shard.index}/${result.shard.count}` } } : {}),
          },
        ],
      },
    ],
  };
}

/** Renders the SARIF report as text (2-space indented, trailing newline). */
export function renderSarif(result: ScanResult): string {
  return `${JSON.stringify(buildSarif(result), null, 2)}\n`;
}
