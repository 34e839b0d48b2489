/**
 * Changed-files mode (`--diff REV`) for the findings no single file decides: those of the project rules
 * (`checkProject` over facts from every file) and of the cross-module taint phase. Such a finding can sit in an
 * unchanged file and still be caused by the change: a re-export removed from a package's `__init__.py`, a
 * `CSRFProtect(app)` line deleted from another module, a helper that lost its sanitizer. So both phases are run a
 * second time over the project as it was at the revision (the changed files' bytes read from git, the removed
 * files put back, the new ones left out; every other file's per-file result reused), and a finding of theirs in
 * an unchanged file is reported when that run does not have it: the change introduced it.
 */
import type { GitBaseline } from "../discover/git-changes.js";
import type { Rule } from "../rules/types.js";
import type { ScanCache } from "./cache.js";
import type { FileResult } from "./check-file.js";
import type { Finding } from "./finding.js";
import { factsOf, runProjectPhase } from "./project.js";
import { hasFacts, hasTaint } from "./pack.js";
import { runTaintPhase } from "./taint-phase.js";
import { analyseTask, contentHash, probesHold, type FileTask, type TaskContext, type TaskOutcome } from "./task.js";

/** The files' contents at the revision (see `GitBaseline.contentAt` in `src/discover/git-changes.ts`). */
export type ContentAt = GitBaseline["contentAt"];

/** What {@link findingsAtRevision} needs of the run now. */
export interface RevisionInput {
  /** The run's Python files and what became of each (same order). */
  tasks: readonly FileTask[];
  outcomes: readonly TaskOutcome[];
  /** Indices into `tasks` of the files that differ from the revision. */
  changed: ReadonlySet<number>;
  /** Python files the revision has and the working tree no longer has, as discovery would have listed them. */
  removed: readonly FileTask[];
  contentAt: ContentAt;
  rules: readonly Rule[];
  /** The run's analysis settings (its `check.projectModules` are the project's modules now). */
  ctx: TaskContext;
  /** Size limit in bytes. */
  maxSize: number;
  cache?: ScanCache;
  /** The run's own project-rule and cross-module taint findings. */
  now: { project: readonly Finding[]; taint: readonly Finding[] };
  /** The files the run's taint phase depended on (`TaintPhaseRecord.deps`), by reported path; undefined: unknown. */
  taintDeps?: ReadonlySet<string>;
  /** Whether a finding is left to this comparison (not kept already for lying in, or flowing through, a changed file). */
  undecided: (f: Finding) => boolean;
}

/** What the project at the revision has, for the findings the comparison covers. */
export interface RevisionFindings {
  /**
   * {@link findingKey}s of the revision's project-rule and cross-module taint findings, and of the own findings of
   * the files below; undefined when the comparison cannot be made (an old content git cannot give as a file, an
   * internal error in the analysis): the caller then keeps every finding it would have covered.
   */
  keys: Set<string> | undefined;
  /**
   * Keys of this run's own findings of unchanged files whose analysis depends on a module the change added or
   * removed (its module questions are answered differently there): compared like the project-wide ones.
   */
  alsoCovered: string[];
}

/**
 * The identity of a finding across two runs of the same unchanged file: rule, place, fingerprint, severity and
 * confidence (a finding whose confidence a change raised passes `--min-confidence` now: it is new to that report).
 */
export function findingKey(f: Finding): string {
  return `${f.code}\0${f.path}\0${f.line}\0${f.column}\0${f.fingerprint}\0${f.severity}\0${f.confidence}`;
}

/**
 * What the project as it was at the revision has of the findings no single file decides: the project-rule and
 * cross-module taint findings, and the own findings of unchanged files whose analysis asked about a module the
 * change added or removed (see {@link RevisionFindings}). Never throws; when the comparison cannot be made (a
 * changed file whose content there git cannot give as a file: a symbolic link, a submodule, a missing blob; an
 * internal error in the analysis of the old bytes) `keys` is undefined and the caller keeps every such finding:
 * reporting too much is safe, losing a finding is not.
 */
export async function findingsAtRevision(input: RevisionInput): Promise<RevisionFindings> {
  const { tasks, outcomes, maxSize, cache, now } = input;
  const needProject = now.project.some(input.undecided);
  const needTaint = now.taint.some(input.undecided);
  const wanted = [...[...input.changed].map((i) => tasks[i].absPath), ...input.removed.map((t) => t.absPath)];
  const content = input.contentAt(wanted);

  // the files at the revision: the unchanged ones as now, the changed ones with their old bytes, the new ones
  // left out, the removed ones back
  const base: { task: FileTask; old?: Uint8Array; outcome?: TaskOutcome }[] = [];
  tasks.forEach((task, i) => {
    if (!input.changed.has(i)) base.push({ task, outcome: outcomes[i] });
    else {
      const old = content.get(task.absPath);
      if (old) base.push({ task: { ...task, size: old.length }, old });
    }
  });
  for (const task of input.removed) {
    const old = content.get(task.absPath);
    if (old) base.push({ task: { ...task, size: old.length }, old });
  }
  const modulesNow = input.ctx.check.projectModules ?? new Set<string>();
  // (a file whose old content cannot be had was there in some form: its module counts as present)
  const notKnown = [...[...input.changed].map((i) => tasks[i]), ...input.removed].filter((t) => content.get(t.absPath) === undefined);
  const modules = new Set([...base.map((b) => b.task.moduleName), ...notKnown.map((t) => t.moduleName)]);
  const sameModules = modules.size === modulesNow.size && [...modules].every((m) => modulesNow.has(m));
  const ctx: TaskContext = sameModules ? input.ctx : { ...input.ctx, check: { ...input.ctx.check, projectModules: modules } };
  // a result stands at the revision when the module questions its analysis asked have the same answers there; an
  // unchanged file whose result does not (it calls into a module the change added or removed) is analysed again,
  // and its own findings are compared too
  const stands = (o: TaskOutcome): boolean => sameModules || (o.kind === "result" && o.probes !== undefined && probesHold(o.probes, modules));
  const alsoCovered = base.flatMap((b) => (b.outcome?.kind === "result" && !stands(b.outcome) ? b.outcome.result.findings.map(findingKey) : []));
  // the comparison cannot be made: every finding it would cover is kept
  const unknowable: RevisionFindings = { keys: undefined, alsoCovered };
  if (notKnown.length) return unknowable;
  if (!needProject && !needTaint && !alsoCovered.length) return { keys: new Set(), alsoCovered }; // all reported already, or none
  const keys = new Set<string>();

  const identity = new Map<string, string>();
  const oldBytes = new Map<string, Uint8Array>();
  /** The results of the project at the revision, with their files (facts and summaries read only if a phase runs). */
  const taken: { task: FileTask; r: FileResult }[] = [];
  // whether the project phase's facts, or the summaries the taint phase can read, differ from the run's own: when
  // neither does, that phase's findings at the revision are the run's (it is a function of those inputs)
  let factsDiffer = false;
  let summariesDiffer = input.taintDeps === undefined || input.removed.length > 0;
  for (const i of input.changed) {
    const o = outcomes[i];
    const r = o.kind === "result" ? o.result : undefined;
    if (!r || hasFacts(r)) factsDiffer = true;
    if (!r || hasTaint(r) || input.taintDeps?.has(tasks[i].path)) summariesDiffer = true;
  }
  const take = (task: FileTask, r: FileResult, old: boolean): void => {
    if (old) {
      if (hasFacts(r)) factsDiffer = true;
      if (hasTaint(r)) summariesDiffer = true;
    }
    taken.push({ task, r });
  };
  /** A file's result at the revision from the cache, else analysed there (`bytes`, or the file as it is now). */
  const resultThere = async (task: FileTask, hash: string, bytes?: Uint8Array): Promise<FileResult | undefined> => {
    const hit = cache?.getFile(cache.key("file", hash, task), modules);
    if (hit) return hit;
    const analysed = await analyseTask(task, ctx, bytes, bytes && hash);
    if (analysed.kind === "skip") return undefined;
    cache?.putFile(cache.key("file", analysed.hash, task), analysed.result, analysed.probes);
    return analysed.result;
  };
  for (const { task, old, outcome } of base) {
    if (task.size > maxSize) {
      identity.set(task.path, `size:${task.size}`);
      continue;
    }
    if (outcome?.kind === "skip") continue; // unreadable now: left out of the phases now as well
    const hash = outcome ? outcome.hash : contentHash(old!);
    identity.set(task.path, hash);
    if (old) oldBytes.set(task.path, old);
    // an unchanged file whose result stands is taken as it is; the others are analysed as they were
    const same = outcome !== undefined && stands(outcome);
    const r = same ? outcome.result : await resultThere(task, hash, old);
    if (!r) continue;
    if (r.errors.length) return unknowable;
    take(task, r, !same);
    if (outcome && !same) for (const f of r.findings) keys.add(findingKey(f));
  }

  const covered = (): RevisionFindings => ({ keys, alsoCovered });
  if (needProject && factsDiffer) {
    const project = runProjectPhase(input.rules, factsOf(taken.map((t) => t.r)));
    if (project.errors.length) return unknowable;
    for (const f of project.findings) keys.add(findingKey(f));
  } else for (const f of now.project) keys.add(findingKey(f));
  if (!needTaint || !summariesDiffer) {
    for (const f of now.taint) keys.add(findingKey(f));
    return covered();
  }
  const sourced = taken.filter((t) => hasTaint(t.r));
  const taint = await runTaintPhase({
    tasks: base.map((b) => b.task),
    summaries: sourced.map((t) => t.r.taint!),
    withSources: sourced.map((t) => t.task),
    identity,
    rules: input.rules,
    ctx,
    maxSize,
    cache,
    bytesOf: (task) => oldBytes.get(task.path),
  });
  if (taint.errors.length) return unknowable;
  for (const f of taint.findings) keys.add(findingKey(f));
  return covered();
}
