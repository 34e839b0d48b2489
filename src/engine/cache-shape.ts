/**
 * Shape checks of what the result cache reads back (`cache.ts`): an entry is JSON written by pyward, but the
 * cache directory may be damaged, edited or left by another program, and an entry of the wrong shape must be a
 * miss, never a crash of the run. These check what the run and the reports read (not every optional field's
 * contents: a wrong optional field is caught where it is used, or ignored).
 */
import type { Finding } from "./finding.js";

const LEVELS = new Set(["low", "medium", "high"]);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 0;
/** Whether `v` is a list of strings. */
export const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === "string");
const isOptional = (v: unknown, check: (x: unknown) => boolean): boolean => v === undefined || check(v);

/** Whether `v` is module questions as stored (`ModuleProbes` in `task.ts`): absent, or names mapped to booleans. */
export function isProbesShape(v: unknown): boolean {
  return v === undefined || (isObject(v) && Object.values(v).every((b) => typeof b === "boolean"));
}

/** Whether `v` has the shape of a {@link Finding}: every required field with its type (`finding.ts`). */
export function isFindingShape(v: unknown): v is Finding {
  if (!isObject(v)) return false;
  return (
    typeof v.code === "string" &&
    typeof v.name === "string" &&
    typeof v.practice === "string" &&
    LEVELS.has(v.severity as string) &&
    LEVELS.has(v.confidence as string) &&
    Array.isArray(v.cwe) &&
    v.cwe.every((n) => typeof n === "number") &&
    isStrings(v.aliases) &&
    typeof v.message === "string" &&
    typeof v.fingerprint === "string" &&
    typeof v.path === "string" &&
    isCount(v.line) &&
    isCount(v.column) &&
    isCount(v.endLine) &&
    isCount(v.endColumn) &&
    isOptional(v.snippet, isStrings) &&
    isOptional(v.statementLines, (s) => Array.isArray(s) && s.length === 2 && s.every(isCount)) &&
    isOptional(v.flow, (f) => Array.isArray(f) && f.every((step) => isObject(step) && typeof step.path === "string" && isCount(step.line) && typeof step.label === "string"))
  );
}

/** Whether `v` is a list of findings of the right shape. */
export function isFindings(v: unknown): v is Finding[] {
  return Array.isArray(v) && v.every(isFindingShape);
}

/** Whether `v` has the shape of a per-file result (`FileResult` in `check-file.ts`). */
export function isFileResultShape(v: unknown): boolean {
  if (!isObject(v)) return false;
  return (
    typeof v.path === "string" &&
    isFindings(v.findings) &&
    isCount(v.lines) &&
    isStrings(v.errors) &&
    typeof v.analysed === "boolean" &&
    isFactsShape(v.facts) &&
    isStrings(v.imports) &&
    isOptional(v.notes, isStrings) &&
    isOptional(v.timed, (t) => typeof t === "boolean") &&
    isOptional(v.suppressed, (m) => Array.isArray(m) && m.every((x) => isObject(x) && typeof x.code === "string" && typeof x.path === "string" && isCount(x.line))) &&
    isOptional(v.taint, isSummaryShape)
  );
}

/** Whether `v` has the shape of a result's project facts (`FileResult.facts`): lists of facts by rule code. */
export function isFactsShape(v: unknown): boolean {
  return isObject(v) && Object.values(v).every((list) => Array.isArray(list) && list.every((f) => isObject(f) && typeof f.path === "string" && isObject(f.anchor)));
}

/** Whether `v` has the outline of a module's taint summary (`ModuleSummary` in `src/taint/summary.ts`). */
export function isSummaryShape(v: unknown): boolean {
  if (!isObject(v)) return false;
  return (
    typeof v.module === "string" &&
    typeof v.path === "string" &&
    Array.isArray(v.sources) &&
    Array.isArray(v.objects) &&
    Array.isArray(v.calls) &&
    Array.isArray(v.sinks) &&
    isObject(v.functions) &&
    isOptional(v.reexports, isObject) &&
    isOptional(v.deferred, (d) => Array.isArray(d) && d.every((x) => isObject(x) && isFindingShape(x.finding)))
  );
}

/** Whether `v` has the shape of a whole run's output (`PhaseOutput` in `run.ts`). */
export function isPhaseOutputShape(v: unknown): boolean {
  if (!isObject(v)) return false;
  return (
    isFindings(v.findings) &&
    isCount(v.lines) &&
    isCount(v.problemFiles) &&
    isStrings(v.imports) &&
    Array.isArray(v.notes) &&
    v.notes.every((n) => isObject(n) && typeof n.path === "string" && typeof n.reason === "string") &&
    (v.taint === undefined || isTaintRecordShape(v.taint)) &&
    (v.project === undefined || (isObject(v.project) && typeof v.project.digest === "string" && isFindings(v.project.findings))) &&
    (v.nonlocal === undefined || isStrings(v.nonlocal)) &&
    (v.revision === undefined ||
      (isObject(v.revision) && typeof v.revision.commit === "string" && isStrings(v.revision.removed) && (v.revision.keys === undefined || isStrings(v.revision.keys))))
  );
}

/** The shape of a `TaintPhaseRecord` (taint-phase.ts). */
function isTaintRecordShape(v: unknown): boolean {
  return (
    isObject(v) &&
    Array.isArray(v.deps) &&
    v.deps.every((d) => Array.isArray(d) && d.length === 2 && typeof d[0] === "string" && typeof d[1] === "string") &&
    isFindings(v.findings) &&
    isStrings(v.notes)
  );
}
