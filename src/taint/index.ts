/**
 * The taint engine's public API, used by the engine (`src/engine/`):
 *
 * - {@link runTaintFile} — the per-file phase: analyses one module, reports the flows complete inside it, and
 *   returns the module's summary (plain data) for the project phase;
 * - {@link runTaintProject} — the project phase: resolves flows through calls between modules;
 * - {@link foldPatternFindings} — drops a pattern rule's finding at a sink where a taint finding of a related
 *   rule proves the flow.
 *
 * See `docs/taint-design.md`.
 */
import type { Node } from "../parse/parser.js";
import type { SourceFile } from "../parse/source.js";
import type { ModuleModel } from "../model/module.js";
import type { Finding, PathStep } from "../engine/finding.js";
import type { SinkKind, ThreatModel } from "../model/knowledge/frameworks/types.js";
import type { Rule } from "../rules/types.js";
import { FOLDED_PATTERN_RULES, taintSpecOf } from "../rules/taint/define.js";
import { analyseModule } from "./analyse.js";
import { hasOwnSources } from "./screen.js";
import { completeSummaries, convertedClean, resolveProject, routeTable, type SummaryLoader, type SummaryPrefetch, type TaintRuleTable } from "./project.js";
import { isSuppressed, taintFinding } from "./report.js";
import type { ModuleSummary, SinkAnchor } from "./summary.js";
import { readStep } from "./value.js";

export type { ModuleSummary, FunctionSummary, SinkAnchor, CallSite, SinkSite, SourceSite, SinkHit } from "./summary.js";
export type { ThreatModel, SinkKind } from "../model/knowledge/frameworks/types.js";
export { hasOwnSources } from "./screen.js";
export { analyseModule, type AnalyseOptions, type LocalFlow, type ModuleAnalysis } from "./analyse.js";

/** The taint rules among `rules`, by sink kind. */
export function taintRuleTable(rules: readonly Rule[]): TaintRuleTable {
  const out = new Map<SinkKind, { rule: Rule; spec: NonNullable<ReturnType<typeof taintSpecOf>> }>();
  for (const rule of rules) {
    const spec = taintSpecOf(rule);
    if (spec) out.set(spec.kind, { rule, spec });
  }
  return out;
}

/** Input of the per-file taint phase. */
export interface TaintFileInput {
  model: ModuleModel;
  file: SourceFile;
  moduleName: string;
  /** Nodes of the engine's traversal (at least the function and class definitions). */
  nodes: readonly Node[];
  /** The taint rules that run on this file. */
  rules: readonly Rule[];
  /** Threat models whose sources count (default: remote). */
  threats?: readonly ThreatModel[];
  /** Dotted names of the project's modules (see `AnalyseOptions.projectModules`). */
  projectModules?: ReadonlySet<string>;
  /** Identity and suppressions of a finding at a node. */
  anchor(node: Node): SinkAnchor;
  /** Give up after this time (`performance.now()`). */
  deadline?: number;
  /**
   * Analyse only a module that may hold sources of its own (see `hasOwnSources`); others are analysed on
   * demand by the project phase when tainted data reaches them. Default false (always analyse).
   */
  onlyWithSources?: boolean;
}

/** Output of the per-file taint phase. */
export interface TaintFileResult {
  /** Undefined when the module was not analysed (`onlyWithSources` and no source of its own). */
  summary?: ModuleSummary;
  /** Flows complete inside the file (suppressions honoured). */
  findings: Finding[];
  /** The analysis ran out of time: the summary and the findings are partial. */
  partial: boolean;
}

/** Runs the per-file taint phase on one module. */
export function runTaintFile(input: TaintFileInput): TaintFileResult {
  const table = taintRuleTable(input.rules);
  const threats = new Set<ThreatModel>(input.threats ?? ["remote"]);
  if (input.onlyWithSources && !hasOwnSources(input.moduleName, input.file.text, threats)) return { findings: [], partial: false };
  const analysis = analyseModule({
    model: input.model,
    file: input.file,
    moduleName: input.moduleName,
    nodes: input.nodes,
    kinds: new Set(table.keys()),
    threats,
    projectModules: input.projectModules,
    anchor: input.anchor,
    deadline: input.deadline,
  });
  const findings: Finding[] = [];
  const path = input.file.path;
  // one finding per (source site, sink): a source read at one place reaching the sink through several paths
  // counts once; each other place reading the same input (another route's `request.args`) is its own finding
  const seen = new Set<string>();
  for (const flow of analysis.flows) {
    const entry = table.get(flow.kind);
    if (!entry) continue;
    const key = `${flow.kind}|${flow.sink.at.join(":")}|${flow.source.at.slice(0, 2).join(":")}|${flow.source.label}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const sink = { at: readStep(flow.sink.at, path), anchor: flow.sink.anchor };
    if (isSuppressed(entry.rule, sink)) continue;
    const source = { label: flow.source.label, at: readStep(flow.source.at, path) };
    const finding = taintFinding(entry.rule, entry.spec, source, flow.steps as PathStep[], sink);
    // a Django URL parameter is data unless urls.py (another module) converts it: the project phase decides
    if (flow.source.urlParam) (analysis.summary.deferred ??= []).push({ finding, kind: flow.kind, urlParam: flow.source.urlParam });
    else findings.push(finding);
  }
  return { summary: analysis.summary, findings, partial: analysis.partial };
}

export { DEMAND_LIMITS, type SummaryLoader, type SummaryPrefetch } from "./project.js";

/**
 * Runs the project-wide taint phase.
 * @param summaries the modules' summaries (from {@link runTaintFile})
 * @param rules the selected rules (taint rules among them are used)
 * @param load analyses, on demand, a module that tainted data reaches through a call (see `completeSummaries`)
 * @param prefetch told ahead of the modules `load` will probably be asked for (a hint; results do not depend on it)
 * @param onLimit called once when tainted data reaches more modules than `DEMAND_LIMITS` lets `load` analyse
 */
export async function runTaintProject(
  summaries: readonly ModuleSummary[],
  rules: readonly Rule[],
  load?: SummaryLoader,
  prefetch?: SummaryPrefetch,
  onLimit?: () => void,
): Promise<Finding[]> {
  const table = taintRuleTable(rules);
  if (!table.size || !summaries.length) return [];
  const all = load ? await completeSummaries(summaries, load, prefetch, onLimit) : summaries;
  const routes = routeTable(all);
  const deferred = all.flatMap((s) => (s.deferred ?? []).filter((d) => !convertedClean(routes, d.urlParam, d.kind)).map((d) => d.finding));
  return [...deferred, ...(await resolveProject(all, table, routes))];
}

/**
 * Drops pattern findings that a taint finding proves: same file, overlapping range, and a pattern rule related
 * to the taint rule's sink kind (`FOLDED_PATTERN_RULES`: PW201 with SQL injection, PW202/PW203 with command
 * injection…). The taint finding stays (high confidence, with its path). Also keeps one taint finding per
 * (source site, sink) when both phases found it.
 */
export function foldPatternFindings(findings: readonly Finding[], rules: readonly Rule[]): Finding[] {
  const related = new Map<string, Set<string>>();
  for (const rule of rules) {
    const spec = taintSpecOf(rule);
    if (spec) related.set(rule.meta.code, new Set(FOLDED_PATTERN_RULES[spec.kind] ?? []));
  }
  if (!related.size) return [...findings];
  // the same (source, sink) found by the per-file and the project phase (through different paths) counts once
  const seen = new Set<string>();
  findings = findings.filter((f) => {
    if (!related.has(f.code) || !f.flow?.length) return true;
    const src = f.flow[0];
    const key = `${f.code}|${f.path}|${f.line}|${f.column}|${src.path}:${src.line}:${src.column}|${src.label}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const taint = findings.filter((f) => related.has(f.code));
  if (!taint.length) return [...findings];
  const byPath = new Map<string, Finding[]>();
  for (const t of taint) byPath.set(t.path, [...(byPath.get(t.path) ?? []), t]);
  const before = (l1: number, c1: number, l2: number, c2: number): boolean => l1 < l2 || (l1 === l2 && c1 < c2);
  return findings.filter((f) => {
    const candidates = byPath.get(f.path);
    if (!candidates) return true;
    return !candidates.some(
      (t) =>
        related.get(t.code)!.has(f.code) &&
        before(f.line, f.column, t.endLine, t.endColumn) &&
        before(t.line, t.column, f.endLine, f.endColumn),
    );
  });
}
