/**
 * The cross-module taint phase of a run: the summaries of the files with sources of their own, completed on demand
 * with the summaries of the modules tainted data is passed to (from the cache, else analysed in the workers or in
 * this thread), resolved into findings (`runTaintProject`). `run.ts` runs it once per run; changed-files mode
 * (`diff-base.ts`) runs it again over the files as they were at the revision.
 */
import { readSourceFile } from "../discover/read.js";
import type { Rule } from "../rules/types.js";
import { DEMAND_LIMITS, runTaintProject, type ModuleSummary } from "../taint/index.js";
import type { ScanCache } from "./cache.js";
import type { Finding } from "./finding.js";
import type { FilePool } from "./pool.js";
import { contentHash, summariseTask, type FileTask, type SummaryOutcome, type TaskContext } from "./task.js";

/**
 * What the cross-module taint phase of a run read and produced (kept with the run in the cache, `PhaseOutput` in
 * run.ts). Its output is a function of the summaries it took in (those of files with sources of their own) and of
 * those it asked for on demand (modules tainted data was passed to), given the configuration and the project's
 * module names, which the run key fixes. So a later run under the same key, in which none of those files changed
 * and no other file gained sources, reuses `findings` and `notes` as they are: the dependency graph of the phase
 * decides what an edit invalidates.
 */
export interface TaintPhaseRecord {
  /** Each file the phase depended on (reported path) and the identity of its bytes then (content hash, or `size:N` over the limit), sorted. */
  deps: [string, string][];
  findings: Finding[];
  /** Reasons of the notes the phase added (the on-demand limit). */
  notes: string[];
}

/** What the taint phase works on. */
export interface TaintPhaseInput {
  /** Every Python file of the project (the modules calls may reach). */
  tasks: readonly FileTask[];
  /** The summaries the per-file phase produced (files with sources of their own). */
  summaries: readonly ModuleSummary[];
  /** The files those summaries came from. */
  withSources: readonly FileTask[];
  /**
   * The identity of each file's bytes as known when the phase starts (content hash, or `size:N` over the limit)
   * by reported path, for the summary cache; absent: not known (the file is read and hashed when needed).
   */
  identity: ReadonlyMap<string, string>;
  rules: readonly Rule[];
  /** Settings of an analysis in this thread (its `check.projectModules` is the module set the summaries see). */
  ctx: TaskContext;
  /** Size limit in bytes. */
  maxSize: number;
  cache?: ScanCache;
  /**
   * Where on-demand modules are analysed (workers set up with the same module set as `ctx`, or this thread's queue),
   * if it was started; else they are analysed here as asked.
   */
  pool?: FilePool;
  /** A file's bytes when they are not the ones on disk (the revision's, in changed-files mode); undefined: read the file. */
  bytesOf?: (task: FileTask) => Uint8Array | undefined;
  /**
   * A module's summary computed with its per-file analysis when that is still to come (`CheckPool.promote`), so
   * that the file is parsed once; undefined when it is not (the module is then analysed on its own).
   */
  promote?: (task: FileTask) => Promise<SummaryOutcome> | undefined;
}

/** What the taint phase produced. */
export interface TaintPhaseOutput {
  findings: Finding[];
  /** Reasons of the notes it adds (the on-demand limit). */
  notes: string[];
  /** Internal errors of on-demand analyses, one line each. */
  errors: string[];
  /** Each file the phase depended on (reported path), sorted: what it held decided the output. */
  depends: string[];
  /** On-demand summaries computed with their file's per-file analysis ({@link TaintPhaseInput.promote}). */
  promoted: number;
}

/**
 * Runs the cross-module taint phase. Never rejects for one file: an unreadable module or a crash of its analysis
 * is left out (with an internal error line for a crash).
 */
export async function runTaintPhase(input: TaintPhaseInput): Promise<TaintPhaseOutput> {
  const { tasks, identity, cache, maxSize, ctx } = input;
  const projectModules = ctx.check.projectModules ?? new Set<string>();
  const errors: string[] = [];
  const notes: string[] = [];
  const deps = new Set<string>();
  let promotions = 0;
  const depend = (t: FileTask): void => {
    deps.add(t.path);
  };
  input.withSources.forEach(depend);
  const byModule = new Map(tasks.map((t) => [t.moduleName, t]));
  const loaded = new Set(input.summaries.map((s) => s.module));
  /** The project module that defines `callee` (its longest dotted prefix naming one), if any. */
  const moduleOf = (callee: string): FileTask | undefined => {
    const parts = callee.split(".");
    for (let i = parts.length - 1; i >= 1; i--) {
      const task = byModule.get(parts.slice(0, i).join("."));
      if (task) return task;
    }
    return undefined;
  };
  // in the workers when there are some (their code is warm, and prefetched modules run side by side), else here
  const pool = input.pool !== undefined && input.pool.spawned > 0 ? input.pool : undefined;
  /** One module's summary: from the cache, else analysed; undefined when unreadable. Never rejects. */
  const summaryOf = async (task: FileTask): Promise<SummaryOutcome | undefined> => {
    // one bad file (unreadable, deleted meanwhile, a crash of its analysis) must not end the whole phase
    try {
      // the hash taken in the per-file phase serves the lookup; the bytes are read only to analyse
      // (never a `size:N` identity: modules over the limit are not summarised)
      const known = cache ? identity.get(task.path) : undefined;
      const hit = known ? cache!.getSummary(cache!.key("summary", known, task), projectModules) : undefined;
      if (hit) return { summary: hit.summary, errors: [] };
      const promoted = input.promote?.(task);
      if (promoted) {
        promotions++;
        const r = await promoted;
        if (cache && r.hash) cache.putSummary(cache.key("summary", r.hash, task), r);
        return r;
      }
      let bytes = input.bytesOf?.(task);
      if (!bytes) {
        const read = readSourceFile(task.absPath, maxSize);
        if (!read.ok) return undefined;
        bytes = read.bytes;
      }
      const hash = contentHash(bytes);
      const key = cache?.key("summary", hash, task);
      const again = key && hash !== known ? cache!.getSummary(key, projectModules) : undefined;
      if (again) return { summary: again.summary, errors: [] };
      const r = pool ? await pool.summarise(task, bytes, hash) : await summariseTask(task, ctx, bytes, hash);
      if (key) cache!.putSummary(key, r);
      return r;
    } catch (err) {
      return { errors: [`${task.path}: internal error in the taint analysis (project phase): ${(err as Error)?.message ?? String(err)}`] };
    }
  };
  /** Analyses started, ahead (prefetch) or on demand, by module name. */
  const started = new Map<string, Promise<SummaryOutcome | undefined>>();
  const start = (task: FileTask): Promise<SummaryOutcome | undefined> => {
    let p = started.get(task.moduleName);
    if (!p) started.set(task.moduleName, (p = summaryOf(task)));
    return p;
  };
  // modules without sources of their own are analysed when a call passes them tainted data; what a module's
  // analysis reports counts when the phase asks for it, so prefetching changes nothing but the time taken
  const load = async (callee: string): Promise<ModuleSummary | undefined> => {
    const task = moduleOf(callee);
    if (!task || loaded.has(task.moduleName)) return undefined;
    depend(task); // what it holds decides the phase's output, even when it cannot be read
    if (task.size > maxSize) return undefined;
    loaded.add(task.moduleName);
    const r = await start(task);
    if (!r) return undefined;
    errors.push(...r.errors);
    return r.summary;
  };
  const prefetch = (callee: string): boolean => {
    // ahead of need only where analyses run side by side: in one thread it would only add work
    const task = pool?.parallel ? moduleOf(callee) : undefined;
    if (!task || loaded.has(task.moduleName) || started.has(task.moduleName) || task.size > maxSize) return false;
    void start(task);
    return true;
  };
  const limitReached = (): void => {
    notes.push(`taint analysis: tainted data reaches more than ${DEMAND_LIMITS.modules} modules without sources of their own; flows into the modules past that limit are not reported`);
  };
  const findings = await runTaintProject(input.summaries, input.rules, load, prefetch, limitReached);
  return { findings, notes, errors, depends: [...deps].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), promoted: promotions };
}

/**
 * A run's cross-module taint phase: the output recorded by an earlier run under the same run key (`prior`) when
 * every file it depended on has the same identity now and every file with sources now was among them (see {@link TaintPhaseRecord}), else {@link runTaintPhase}. `input.identity` must be complete for the reuse.
 * @returns the phase's output, with `reused` set when it is the prior record's
 */
export async function runOrReuseTaintPhase(input: TaintPhaseInput, prior: TaintPhaseRecord | undefined): Promise<TaintPhaseOutput & { reused?: TaintPhaseRecord }> {
  const priorDeps = new Map(prior?.deps ?? []);
  if (prior && input.withSources.every((t) => priorDeps.has(t.path)) && prior.deps.every(([p, h]) => input.identity.get(p) === h)) {
    return { findings: prior.findings, notes: prior.notes, errors: [], depends: prior.deps.map(([p]) => p), promoted: 0, reused: prior };
  }
  return runTaintPhase(input);
}
