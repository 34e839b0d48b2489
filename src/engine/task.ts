/**
 * One file's share of a run, as plain data that can cross a thread boundary: what to analyse ({@link FileTask}),
 * the settings of the per-file phase in serialisable form ({@link TaskSettings}), and the outcome
 * ({@link TaskOutcome}). The same functions run in the main thread (`--jobs 1`, small scans) and in workers
 * (`worker.ts`), so both paths give the same results.
 */
import { createHash } from "node:crypto";
import { readSourceFile } from "../discover/read.js";
import { ALL_RULES } from "../rules/index.js";
import type { Rule } from "../rules/types.js";
import { decodePython } from "../parse/decode.js";
import { hasOwnSources, type ModuleSummary, type ThreatModel } from "../taint/index.js";
import { checkFile, checkFileAndSummarise, summariseForTaint, type CheckOptions, type FileInput, type FileResult } from "./check-file.js";

/** A Python file to analyse. */
export interface FileTask {
  /** Path as reported. */
  path: string;
  /** Absolute path to read (workers get paths, never bytes). */
  absPath: string;
  moduleName: string;
  /** Test file whose quiet-in-tests rules are skipped (already false under `--check-tests`). */
  isTest: boolean;
  /** In this run's shard: false when the file only feeds the project phase. */
  owned: boolean;
  /** Size at discovery, in bytes. */
  size: number;
}

/** Settings of the per-file phase as plain data (rules by code, sets as arrays). */
export interface TaskSettings {
  /** Codes of the rules run on owned files, in catalogue order. */
  rules: string[];
  /** Codes of the rules run on files outside the shard (those that feed the project phase). */
  feeders: string[];
  explicit: string[];
  ruleOptions?: Record<string, Record<string, unknown>>;
  taintSources?: ThreatModel[];
  projectModules: string[];
  /** Size limit in bytes. */
  maxSize: number;
}

/** {@link TaskSettings} with the rules resolved, ready for {@link analyseTask}. */
export interface TaskContext {
  rules: readonly Rule[];
  feeders: readonly Rule[];
  check: Omit<CheckOptions, "rules">;
  maxSize: number;
}

/**
 * Which module names the analysis asked about and whether each was a module of the project then (the taint
 * analysis asks whether a called name lies in another project module). A cached result stays valid while every
 * answer is the same: adding or removing an unrelated module does not invalidate it.
 */
export type ModuleProbes = Record<string, boolean>;

/**
 * A view of the project-module set that records the questions asked of it (see {@link ModuleProbes}). It wraps
 * the set rather than copying it: one is made per file, and a copy of a large project's module names per file
 * was a measurable share of a run.
 */
class ProbedModules implements ReadonlySet<string> {
  readonly probes: ModuleProbes = {};
  constructor(private readonly modules: ReadonlySet<string>) {}
  has(name: string): boolean {
    const answer = this.modules.has(name);
    this.probes[name] = answer;
    return answer;
  }
  get size(): number {
    return this.modules.size;
  }
  forEach(fn: (value: string, key: string, set: ReadonlySet<string>) => void, thisArg?: unknown): void {
    for (const m of this.modules) fn.call(thisArg, m, m, this);
  }
  entries(): SetIterator<[string, string]> {
    return this.modules.entries();
  }
  keys(): SetIterator<string> {
    return this.modules.keys();
  }
  values(): SetIterator<string> {
    return this.modules.values();
  }
  [Symbol.iterator](): SetIterator<string> {
    return this.modules[Symbol.iterator]();
  }
}

/** Whether every recorded answer still holds for `modules`. */
export function probesHold(probes: ModuleProbes | undefined, modules: ReadonlySet<string>): boolean {
  if (!probes) return true;
  for (const [name, answer] of Object.entries(probes)) if (modules.has(name) !== answer) return false;
  return true;
}

/** The options of one file's analysis, with a fresh probe of the project-module set. */
function probed(check: TaskContext["check"]): { check: TaskContext["check"]; probes?: ModuleProbes } {
  if (!check.projectModules) return { check };
  const modules = new ProbedModules(check.projectModules);
  return { check: { ...check, projectModules: modules }, probes: modules.probes };
}

/**
 * What became of one file: analysed (with the SHA-256 of the bytes analysed and the module questions it
 * depends on) or skipped with a one-line reason.
 */
export type TaskOutcome = { kind: "result"; result: FileResult; hash: string; probes?: ModuleProbes } | { kind: "skip"; reason: string };

/** The on-demand taint summary of a module without sources of its own (see `summariseForTaint`). */
export interface SummaryOutcome {
  summary?: ModuleSummary;
  errors: string[];
  /** SHA-256 of the bytes analysed; undefined when the file could not be read. */
  hash?: string;
  /** The module questions the summary depends on. */
  probes?: ModuleProbes;
}

/** SHA-256 of a file's bytes, hex. */
export function contentHash(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Resolves settings against the catalogue (the registered rules, or the `catalog` given in-process).
 * @throws Error when a code names no rule of the catalogue (settings made from another catalogue)
 */
export function taskContext(settings: TaskSettings, catalog: readonly Rule[] = ALL_RULES): TaskContext {
  const byCode = new Map(catalog.map((r) => [r.meta.code, r]));
  const pick = (codes: string[]): Rule[] =>
    codes.map((c) => {
      const r = byCode.get(c);
      if (!r) throw new Error(`unknown rule ${c} in the worker's settings`);
      return r;
    });
  return {
    rules: pick(settings.rules),
    feeders: pick(settings.feeders),
    check: {
      explicit: new Set(settings.explicit),
      ruleOptions: settings.ruleOptions,
      taintSources: settings.taintSources,
      projectModules: new Set(settings.projectModules),
    },
    maxSize: settings.maxSize,
  };
}

/** The per-file input of a task and its bytes. */
function input(task: FileTask, bytes: Uint8Array): FileInput {
  return { path: task.path, moduleName: task.moduleName, bytes, isTest: task.isTest };
}

/**
 * Reads (defensively, see `readSourceFile`) and analyses one file. `bytes` may hand over what the caller read
 * already (to hash it for the cache), with `hash` its {@link contentHash} when the caller has it. Never throws:
 * a failure of the per-file phase itself becomes an internal error line of the result.
 */
export async function analyseTask(task: FileTask, ctx: TaskContext, bytes?: Uint8Array, hash?: string): Promise<TaskOutcome> {
  return (await analyse(task, ctx, bytes, hash, false)).outcome;
}

/**
 * {@link analyseTask}, and from the same parse the module's on-demand taint summary, as {@link summariseTask}
 * gives it: for a module the project phase asks for before its per-file analysis ran. The summary is computed
 * on its own (the file parsed again) when the per-file analysis failed inside. Never throws.
 */
export async function analyseAndSummarise(task: FileTask, ctx: TaskContext): Promise<{ outcome: TaskOutcome; summary: SummaryOutcome }> {
  const { outcome, summary } = await analyse(task, ctx, undefined, undefined, true);
  return { outcome, summary: summary! };
}

/** {@link analyseTask}, with the summary of {@link analyseAndSummarise} when `withSummary`. */
async function analyse(task: FileTask, ctx: TaskContext, bytes: Uint8Array | undefined, hash: string | undefined, withSummary: boolean): Promise<{ outcome: TaskOutcome; summary?: SummaryOutcome }> {
  if (!bytes) {
    const read = readSourceFile(task.absPath, ctx.maxSize);
    if (!read.ok) return { outcome: { kind: "skip", reason: read.reason }, summary: withSummary ? { errors: [] } : undefined };
    bytes = read.bytes;
    hash = undefined;
  }
  hash ??= contentHash(bytes);
  try {
    const own = probed(ctx.check);
    const options = { ...own.check, rules: task.owned ? ctx.rules : ctx.feeders };
    if (!withSummary) return { outcome: { kind: "result", result: await checkFile(input(task, bytes), options), hash, probes: own.probes } };
    const forSummary = probed(ctx.check);
    const { result, summary } = await checkFileAndSummarise(input(task, bytes), options, { ...forSummary.check, rules: ctx.rules });
    return {
      outcome: { kind: "result", result, hash, probes: own.probes },
      summary: summary ? { ...summary, hash, probes: forSummary.probes } : await summariseTask(task, ctx, bytes, hash),
    };
  } catch (err) {
    // checkFile does not throw by contract; should it, the file still ends with a line, not a crashed run
    const result: FileResult = { path: task.path, findings: [], lines: 0, errors: [`${task.path}: internal error in the per-file phase: ${(err as Error)?.message ?? String(err)}`], analysed: false, facts: {}, imports: [] };
    return { outcome: { kind: "result", result, hash }, summary: withSummary ? { errors: [], hash } : undefined };
  }
}

/**
 * Whether the per-file phase may give `task` a taint summary (sources of its own, see `hasOwnSources`), decided
 * from its bytes as the per-file phase decides it: false means its outcome carries no summary when analysed
 * from these bytes. Undecodable bytes cannot (the per-file phase reports them and analyses nothing); `bytes`
 * undefined (the caller could not read them) answers true, as the file may be readable when analysed.
 */
export function mayHoldSources(task: FileTask, ctx: TaskContext, bytes: Uint8Array | undefined): boolean {
  if (!bytes) return true;
  const decoded = decodePython(bytes);
  return decoded.ok && hasOwnSources(task.moduleName, decoded.text, new Set(ctx.check.taintSources ?? ["remote"]));
}

/**
 * The on-demand taint summary of one module (project phase). `bytes` and `hash` as for {@link analyseTask}.
 * Never throws.
 */
export async function summariseTask(task: FileTask, ctx: TaskContext, bytes?: Uint8Array, hash?: string): Promise<SummaryOutcome> {
  if (!bytes) {
    const read = readSourceFile(task.absPath, ctx.maxSize);
    if (!read.ok) return { errors: [] };
    bytes = read.bytes;
    hash = undefined;
  }
  hash ??= contentHash(bytes);
  try {
    const { check, probes } = probed(ctx.check);
    const r = await summariseForTaint(input(task, bytes), { ...check, rules: ctx.rules });
    return { ...r, hash, probes };
  } catch (err) {
    return { errors: [`${task.path}: internal error in the taint analysis: ${(err as Error)?.message ?? String(err)}`], hash };
  }
}
