/**
 * Taint findings: one per (source, sink) pair, with the path from the source to the sink as `Finding.flow`.
 * Fingerprinted like every finding (rule code, normalised statement, enclosing function), so per-file and
 * project-wide taint findings behave alike in baselines.
 */
import { anchoredFinding } from "../engine/finding-at.js";
import type { Finding, PathStep } from "../engine/finding.js";
import { suppressedBy } from "../engine/suppress.js";
import type { Rule } from "../rules/types.js";
import type { TaintRuleSpec } from "../rules/taint/define.js";
import type { SinkAnchor } from "./summary.js";

/** A source as the report shows it. */
export interface ReportedSource {
  label: string;
  at: PathStep;
}

/** A sink as the report shows it. */
export interface ReportedSink {
  at: PathStep;
  anchor: SinkAnchor;
}

/** True when the finding of `rule` at `sink` is suppressed by a comment there. */
export function isSuppressed(rule: Rule, sink: ReportedSink): boolean {
  return suppressedBy(sink.anchor.suppressed, [rule.meta.code, rule.meta.name, ...rule.meta.aliases]);
}

/** Builds the finding of a flow from `source` through `steps` to `sink`. */
export function taintFinding(rule: Rule, spec: TaintRuleSpec, source: ReportedSource, steps: readonly PathStep[], sink: ReportedSink): Finding {
  const at = sink.at;
  const where = source.at.path === at.path ? `line ${source.at.line}` : `${source.at.path}:${source.at.line}`;
  const sinkName = at.label.replace(/^sink: /, "");
  const message = `untrusted ${source.label} (${where}) reaches ${spec.what} (${sinkName}); ${spec.advice}`;
  const flow: PathStep[] = [source.at];
  for (const s of steps) {
    const last = flow[flow.length - 1];
    if (last.path === s.path && last.line === s.line && last.column === s.column && last.label === s.label) continue;
    flow.push(s);
  }
  flow.push(at);
  const f = anchoredFinding(rule.meta, at.path, at, message, sink.anchor);
  f.flow = flow;
  return f;
}
