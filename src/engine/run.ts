/**
 * A whole run: discover → per-file phase on every file → project-wide phase → sorted findings.
 */
import path from "node:path";
import { setImmediate } from "node:timers/promises";
import { discover, type DiscoverOptions, type DiscoveryNote } from "../discover/discover.js";
import type { FileKind } from "../discover/classify.js";
import { ALL_RULES } from "../rules/index.js";
import type { Rule } from "../rules/types.js";
import fileSkipped from "../rules/diagnostics/file-skipped.js";
import { RULE_TIMES, type FileResult } from "./check-file.js";
import { makeFinding } from "./finding-at.js";
import { analyseTask, contentHash, mayHoldSources, type FileTask, type TaskContext, type TaskOutcome, type TaskSettings } from "./task.js";
import { InThreadPool } from "./in-thread-pool.js";
import { CheckPool, defaultJobs, MIN_FILES_FOR_WORKERS, workerEntry, type FilePool } from "./pool.js";
import { codeIdentity, configDigest, isCacheable, ScanCache, type CacheStats, type RunEntry } from "./cache.js";
import { isPhaseOutputShape, isProbesShape } from "./cache-shape.js";
import { FileHashIndex, indexKey, sameInputs, type BlobAlgorithm } from "./file-hashes.js";
import { DEFAULT_MAX_FILE_SIZE, oversizeReason, readSourceFile } from "../discover/read.js";
import { checkTemplate } from "./check-template.js";
import { factsOf, runProjectPhase } from "./project.js";
import { DamagedPackError, factsDigest, hasTaint } from "./pack.js";
import { runOrReuseTaintPhase, type TaintPhaseRecord } from "./taint-phase.js";
export type { TaintPhaseRecord } from "./taint-phase.js";
import { findingKey, findingsAtRevision } from "./diff-base.js";
import type { GitBaseline } from "../discover/git-changes.js";
import { changedFiles, hiddenSince, linksMoved, removedTasks, submoduleScanned } from "./diff-scope.js";
import { foldSuperseded, foldSuppressed, type SuppressedMark } from "./fold.js";
import { auditForCheck } from "../deps/audit.js";
import type { MarkerEnvironment } from "../deps/markers.js";
import { compareFindings, LEVEL_RANK, type Confidence, type Finding, type Severity } from "./finding.js";
import { selectRules, type Selection } from "./select.js";
import { perFileIgnoreFilter, type PerFileIgnore } from "./per-file-ignores.js";
import { SourceFile } from "../parse/source.js";
import { inShard, type Shard } from "./shard.js";
import { isTaintRule } from "../rules/taint/define.js";
import { foldPatternFindings, type ThreatModel } from "../taint/index.js";

/** Options of a scan. */
export interface ScanOptions extends DiscoverOptions, Selection {
  /** Files larger than this many bytes are reported (PW003) and not analysed. Default 10 MB. */
  maxFileSize?: number;
  /** Drop findings below this severity. */
  minSeverity?: Severity;
  /** Drop findings below this confidence. */
  minConfidence?: Confidence;
  /** Rule options by rule code. */
  ruleOptions?: Record<string, Record<string, unknown>>;
  /** Rules silenced in the files a glob matches (`per-file-ignores` of the configuration). */
  perFileIgnores?: readonly PerFileIgnore[];
  /** Called after each file (for progress display). */
  onFile?: (done: number, total: number, findings: number) => void;
  /** The rule catalogue (default: every registered rule). */
  catalog?: readonly Rule[];
  /** Threat models of taint sources: `remote` (request data; the default) and/or `local` (argv, input(), environment, files). */
  taintSources?: ThreatModel[];
  /** `false` turns the taint analysis (and its rules) off. */
  taint?: boolean;
  /**
   * Treat test files (`test_*.py`, `tests/`…) like any other file: rules marked quiet in tests
   * (`skipInTests`) report there too. Default false.
   */
  checkTests?: boolean;
  /** Run the dependency audit on the manifests found (default true; it never touches the network). */
  audit?: boolean;
  /** Advisory database path for the audit (default: the local database `pyward db update` keeps, if any). */
  db?: string;
  /** Vulnerabilities to ignore (`ID` or `ID:YYYY-MM-DD`). */
  ignoreVuln?: string[];
  /** Target environment for PEP 508 markers, or a function computing it (called only when manifests exist). */
  markerEnvironment?: MarkerEnvironment | (() => MarkerEnvironment);
  /**
   * Report only this shard's share of the files (`--shard k/n`; see `shard.ts` for the partition). The
   * project-wide phase still sees every file: files outside the share are parsed and modelled and run only
   * the rules that feed the project phase (rules with `checkProject`, the taint rules for module summaries)
   * and the import collection for the dependency audit; their own findings are dropped. At the end only
   * findings located in files of the share are kept (project, cross-module taint and dependency findings
   * included), so the shards' findings together are exactly an unsharded run's.
   */
  shard?: Shard;
  /**
   * Worker threads for the per-file phase (default: the number of cores). 1 runs everything in this thread;
   * scans of fewer than 50 Python files always do, and so does a scan with a custom `catalog` (workers load
   * the registered rules) or one running from the TypeScript sources (see `pool.ts`).
   */
  jobs?: number;
  /**
   * Fewest Python files needing analysis (not served by the cache) for which workers are started (default 50):
   * below, they are analysed in this thread, which costs less than starting workers.
   */
  minFilesForWorkers?: number;
  /** Directory of the result cache (see `cache.ts`); no cache when undefined, or with a custom `catalog`. */
  cacheDir?: string;
  /**
   * Changed-files mode (`--diff REV`): whether a discovered file changed (see `gitBaseline` in
   * `src/discover/git-changes.ts`). Every file is still analysed exactly as in a full run (so cached results
   * are reused and cross-module taint and project facts see the whole project), but only findings located in
   * changed files are kept, plus data-flow findings whose path passes through a changed file. With a cache,
   * `blobId` gives git's blob id of the file's bytes, remembered by file status (`file-hashes.ts`) when the file
   * is unchanged since an earlier run, so the file need not be read; undefined when it cannot be read.
   */
  changed?: (absPath: string, blobId?: (algorithm: BlobAlgorithm) => string | undefined) => boolean;
  /**
   * With {@link changed}: the project at the revision (see `GitBaseline` in `src/discover/git-changes.ts`), so
   * that project-rule and cross-module taint findings in unchanged files that the change introduced are kept
   * (`diff-base.ts`). Without it, every such finding in an unchanged file is kept once a Python file changed.
   */
  revision?: Pick<GitBaseline, "commit" | "contentAt" | "filesAt" | "removedSince" | "submodulesAt" | "hasLinks" | "linksChangedSince" | "ready">;
  /** The configuration file the run's settings came from, if any (changed-files mode compares it with the revision). */
  configFile?: string;
}

/** Per-kind file counts. */
export type FileCounts = Record<FileKind, number>;

/** What a scan found: plain data, ready for any report. */
export interface ScanResult {
  findings: Finding[];
  /** Files seen, by kind. */
  files: FileCounts;
  /** Lines of Python analysed. */
  lines: number;
  /** Python files that could not be analysed fully (syntax errors, decode failures, skips), by path. */
  problemFiles: number;
  /** Files passed over during discovery and why. */
  notes: DiscoveryNote[];
  /** Internal errors (a rule that threw); any makes the exit code 2. */
  errors: string[];
  /** The rules that ran. */
  rules: Rule[];
  /** Top-level modules imported anywhere in the scanned Python code (for dependency reachability). */
  imports?: string[];
  /** Manifest and lockfile paths found (absolute), for the dependency audit. */
  manifests?: string[];
  /** Credit lines owed for advisory text in the findings (CC-BY data): print them last. */
  attribution?: string[];
  /** Files that changed (`--diff`), counted like {@link ScanResult.files}; absent in a full run. */
  changedFiles?: FileCounts;
  /** The shard this result is a share of (`--shard`), when sharded. */
  shard?: Shard;
  /** Use of the result cache, when there was one (not part of any report). */
  cache?: CacheStats;
  /** Worker threads the per-file phase started (0: it ran in this thread). Not part of any report. */
  workers?: number;
  /**
   * On-demand taint summaries the cross-module phase had computed with their file's per-file analysis, parsing
   * it once (with workers, see `runPhases`). Not part of any report.
   */
  promotedSummaries?: number;
}

/**
 * A run writes a new result pack (`ResultPack` in cache.ts) when more than this many of its files (and more than
 * one in twenty) were not served by the old one; below that the old pack keeps serving the unchanged files.
 */
const PACK_STALE_FILES = 50;

/**
 * What the per-file, template, cross-module taint and project phases of a run add to its {@link ScanResult}:
 * the part of a run cached whole (`RunEntry` in `cache.ts`). Findings are those of every rule, before the
 * dependency audit, the severity, confidence and changed-files filters and the final sort.
 */
export interface PhaseOutput {
  findings: Finding[];
  lines: number;
  problemFiles: number;
  imports: string[];
  /** Notes the phases added (unreadable templates, the taint limit). */
  notes: DiscoveryNote[];
  /** The cross-module taint phase's inputs and output, for a later run whose edits leave its inputs alone. */
  taint?: TaintPhaseRecord;
  /**
   * The project phase's findings and the digest of the facts it read (`factsDigest` in `pack.ts`): given the run
   * key (configuration, files, module names), a later run whose facts have the same digest has the same findings.
   */
  project?: { digest: string; findings: Finding[] };
  /** The project-rule and cross-module taint findings among `findings`, as `findingKey`s (for `--diff`). */
  nonlocal?: string[];
  /**
   * Changed-files mode: the commit compared with, the removed files put back (reported paths) and the keys of
   * the project-rule and cross-module taint findings of the project there (`diff-base.ts`; absent when it could
   * not be analysed). Given the same files now, these fix that result: a later `--diff` of the same commit reuses it.
   */
  revision?: { commit: string; removed: string[]; keys?: string[] };
}

/** Default size limit: 10 MB (defined with the reading of files, `src/discover/read.ts`). */
export { DEFAULT_MAX_FILE_SIZE };

export { compareFindings } from "./finding.js";

/**
 * Runs a scan.
 * @throws MissingPathError for a path that does not exist; UnknownRuleError for an unknown rule id
 */
export async function scan(inputs: readonly string[], options: ScanOptions = {}): Promise<ScanResult> {
  try {
    return await scanOnce(inputs, options, true);
  } catch (err) {
    // a result pack whose facts or summary turn out damaged when read (pack.ts): the scan again without it
    if (!(err instanceof DamagedPackError)) throw err;
    return scanOnce(inputs, options, false);
  }
}

async function scanOnce(inputs: readonly string[], options: ScanOptions, usePack: boolean): Promise<ScanResult> {
  const selected = selectRules(options.catalog ?? ALL_RULES, options);
  const explicit = selected.explicit;
  const rules = options.taint === false ? selected.rules.filter((r) => !isTaintRule(r)) : selected.rules;
  const { files, notes, ignoreFiles, stats } = discover(inputs, options);
  const maxSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const result: ScanResult = { findings: [], files: { python: 0, template: 0, manifest: 0 }, lines: 0, problemFiles: 0, notes, errors: [], rules, imports: [], manifests: [] };
  const imports = new Set<string>();
  /** The results that feed the project and taint phases, in order (their facts and summaries are read only when a phase runs: `pack.ts`). */
  const feeding: FileResult[] = [];
  const suppressed: SuppressedMark[] = []; // findings comments removed that others would have folded in (fold.ts)
  const absorb = (r: FileResult): void => {
    result.errors.push(...r.errors);
    result.findings.push(...r.findings);
    if (r.suppressed) suppressed.push(...r.suppressed);
    for (const m of r.imports) imports.add(m);
    feeding.push(r);
  };
  const active = new Set(rules.map((r) => r.meta.code));
  const python = files.filter((f) => f.kind === "python");
  const projectModules = new Set(python.map((f) => f.moduleName).filter(Boolean));
  result.manifests = files.filter((f) => f.kind === "manifest").map((f) => f.absPath);
  // sharded: files outside the share only feed the project phase (facts, taint summaries, imports)
  const shard = options.shard;
  const mine = (p: string): boolean => inShard(p, shard);
  const feeders = shard ? rules.filter((r) => r.checkProject || isTaintRule(r)) : rules;
  if (shard) result.shard = shard;
  for (const f of files) if (mine(f.path)) result.files[f.kind]++;

  const settings: TaskSettings = {
    rules: rules.map((r) => r.meta.code),
    feeders: feeders.map((r) => r.meta.code),
    explicit: [...(explicit ?? [])].sort(),
    ruleOptions: options.ruleOptions,
    taintSources: options.taintSources,
    projectModules: [...projectModules].sort(),
    maxSize,
  };
  const ctx: TaskContext = { rules, feeders, maxSize, check: { explicit, ruleOptions: options.ruleOptions, taintSources: options.taintSources, projectModules } };
  const catalogIsRegistry = !options.catalog || options.catalog === ALL_RULES;
  // a custom catalogue's rules cannot be identified by their code alone: no cache then (nor workers, below)
  const cache = options.cacheDir && catalogIsRegistry ? new ScanCache(options.cacheDir, configDigest({ ...settings, projectModules: undefined, maxSize: undefined, checkTests: !!options.checkTests })) : undefined;
  // content hashes remembered by file status (file-hashes.ts): unchanged files are not read again
  const indexKeyOfRun = cache ? indexKey(codeIdentity(), inputs.map((i) => path.resolve(options.cwd ?? process.cwd(), i))) : undefined;
  const index = cache ? new FileHashIndex(cache.getIndex(indexKeyOfRun!), undefined, stats) : undefined;
  const tasks: FileTask[] = python.map((f) => ({ path: f.path, absPath: f.absPath, moduleName: f.moduleName, isTest: f.isTest && !options.checkTests, owned: mine(f.path), size: f.size }));

  const checkTemplates = rules.some((r) => r.meta.fileKind === "template");
  const templates = checkTemplates ? files.filter((f) => f.kind === "template" && f.size <= maxSize && mine(f.path)) : [];
  const templateTests = (f: (typeof templates)[number]): boolean => f.isTest && !options.checkTests;

  // A whole cached run (see `RunEntry` in cache.ts) is reused when every file's bytes are the ones it saw. The
  // hashes taken while checking are kept: on a miss, the per-file phase below does not read those files again.
  const hashes: (string | undefined)[] = new Array(tasks.length);
  const runKey = cache?.runKey(tasks, templates.map((f) => ({ path: f.path, isTest: templateTests(f) })), maxSize);
  const stored = runKey ? cache!.getRun<PhaseOutput>(runKey, isPhaseOutputShape) : undefined;
  /** The taint phase's record of this run (set by `runPhases` when the phase ran cleanly or was reused). */
  let taintRecord: TaintPhaseRecord | undefined;
  /** The project phase's record of this run (set by `runPhases`). */
  let projectRecord: PhaseOutput["project"];
  // changed-files mode: which files differ from the revision; with Python files changed or removed, the project
  // and taint phases run again over the project as it was there (`diff-base.ts`), so the whole run is not reused
  if (options.changed) await options.revision?.ready(); // HEAD's tree, read by git while discovery ran
  const changed = options.changed ? changedFiles(files, options.changed, index, maxSize) : undefined;
  const changedTasks = new Set(changed ? tasks.flatMap((t, i) => (changed.has(t.path) ? [i] : [])) : []);
  const removed = changed && options.revision ? removedTasks(options.revision, python, inputs, options, mine) : [];
  // a submodule among the scanned paths hides which of its files the revision had (they are in its own objects):
  // then no comparison can be made, and every finding no single file decides is kept
  // so does a change of what discovery passes over (a .gitignore, the configuration's excludes) when files the
  // revision has are passed over now: they may have been scanned there
  const opaque =
    changed !== undefined &&
    options.revision !== undefined &&
    (submoduleScanned(options.revision.submodulesAt(), inputs, options.cwd) ||
      hiddenSince(options.revision, options.changed!, files, ignoreFiles, inputs, options) ||
      linksMoved(options.revision, inputs, options));
  const againAtRevision = changed !== undefined && (changedTasks.size > 0 || removed.length > 0 || opaque);
  /** The project-rule and cross-module taint findings of this run, and (changed-files mode) those at the revision. */
  let nonlocal: string[] = [];
  let atRevision: Set<string> | undefined;
  const removedPaths = removed.map((t) => t.path);
  const storedRevision = stored?.output.revision;
  const revisionKnown =
    !againAtRevision || (stored?.output.nonlocal !== undefined && storedRevision?.commit === options.revision?.commit && storedRevision?.removed.join("\0") === removedPaths.join("\0"));
  if (revisionKnown && stored && (await sameInputs(stored, tasks, templates, maxSize, hashes, index!))) {
    cache!.reusedRun(stored.keys, tasks.length);
    const out = stored.output;
    result.findings = out.findings;
    result.lines = out.lines;
    result.problemFiles = out.problemFiles;
    for (const m of out.imports) imports.add(m);
    result.notes.push(...out.notes);
    nonlocal = out.nonlocal ?? [];
    if (storedRevision?.keys) atRevision = new Set(storedRevision.keys);
    result.workers = 0;
    options.onFile?.(tasks.length, tasks.length, out.findings.filter((f) => mine(f.path)).length);
  } else {
    const notesBefore = result.notes.length;
    const inputs = await runPhases();
    if (cache && inputs && !result.errors.length) {
      const output: PhaseOutput = { findings: result.findings, lines: result.lines, problemFiles: result.problemFiles, imports: [...imports].sort(), notes: result.notes.slice(notesBefore), taint: taintRecord, project: projectRecord, nonlocal };
      if (againAtRevision && options.revision) output.revision = { commit: options.revision.commit, removed: removedPaths, keys: atRevision ? [...atRevision].sort() : undefined };
      cache.putRun(runKey!, { ...inputs, keys: cache.usedKeys(), output });
    }
  }

  /**
   * The per-file, template, cross-module taint and project phases, into `result`. Returns the content hashes of
   * the Python files and templates when the output may be cached whole: every file analysed or over the size
   * limit, nothing that depends on timing, no internal error.
   */
  async function runPhases(): Promise<Omit<RunEntry<PhaseOutput>, "keys" | "output"> | undefined> {
    // The per-file phase: cached results first, the rest in workers or in this thread. Outcomes are merged in
    // discovery order whatever order they complete in, so any job count gives the same result.
    const outcomes: TaskOutcome[] = new Array(tasks.length);
    let done = 0;
    let found = 0;
    const finished = (i: number, outcome: TaskOutcome): void => {
      outcomes[i] = outcome;
      done++;
      if (tasks[i].owned) found += outcome.kind === "skip" ? 1 : outcome.result.findings.length;
      options.onFile?.(done, tasks.length, found);
    };
    const store = (i: number, outcome: TaskOutcome): void => {
      if (cache && outcome.kind === "result") cache.putFile(cache.key("file", outcome.hash, tasks[i]), outcome.result, outcome.probes);
      finished(i, outcome);
    };
    const jobs = Math.max(1, Math.floor(options.jobs ?? defaultJobs()));
    const threshold = Math.max(1, options.minFilesForWorkers ?? MIN_FILES_FOR_WORKERS);
    const usePool = jobs > 1 && tasks.length >= threshold && catalogIsRegistry && workerEntry() !== undefined;
    const workers = usePool ? Math.min(jobs, tasks.length) : 0;
    // without workers, the files still go through a queue (in this thread, one after another): the taint phase
    // can then start early and take the modules it asks for out of the queue, as with workers
    const pool: FilePool = usePool ? new CheckPool(workers, settings) : new InThreadPool(ctx);
    let storable = true;
    /** Files needing analysis, held back while too few for workers (indices into `tasks`). */
    const deferred: number[] = [];
    const fileHashes: string[] = [];
    const templateHashes: string[] = [];
    // the previous run's results in one entry (`ResultPack`): read once instead of one entry per unchanged file
    const pack = stored?.pack && usePack ? cache!.getPack(stored.pack) : undefined;
    let fromPack = 0;
    try {
      const waiting: Promise<void>[] = [];
      // The cross-module taint phase overlaps the per-file phase: the files that may hold sources of their own
      // (screened here from their bytes, as the per-file phase decides it: `mayHoldSources`) are queued first (for
      // the workers, or for this thread: `InThreadPool`), and once they are analysed the phase starts while the
      // other files are still queued or being analysed. A module it asks for whose file is still queued is taken
      // out of the queue and analysed at once with its summary, from one parse (`FilePool.promote`); others are
      // summarised ahead of the queued files. The bytes read here serve only the screen: the file is read again
      // where it is analysed.
      // Only the screened files can give a summary; should another one give one all the same (its bytes changed
      // since), or a file's identity change meanwhile, the phase runs again at the end. The outcome is the same
      // as when the phase follows the per-file phase: only the work is reordered.
      const screening = rules.some(isTaintRule);
      const first: Promise<void>[] = [];
      const later: number[] = [];
      /** The content hash of each file this thread read (with a cache), by index. */
      const readHashes: (string | undefined)[] = new Array(tasks.length);
      /** Queues file `j` (for the workers, or for this thread). */
      const submit = (j: number): Promise<void> => {
        const done = pool.submit(tasks[j]).then((o) => store(j, o));
        waiting.push(done);
        return done;
      };
      /** Queues file `j` now if it may hold sources (or nothing is screened), else after the loop. */
      const send = (j: number, bytes?: Uint8Array): void => {
        if (!pool.spawned) pool.start(); // the workers load while this thread screens
        if (!screening) {
          submit(j);
          return;
        }
        if (!bytes) {
          const read = readSourceFile(tasks[j].absPath, maxSize);
          bytes = read.ok ? read.bytes : undefined;
        }
        if (mayHoldSources(tasks[j], ctx, bytes)) first.push(submit(j));
        else later.push(j);
      };
      for (let i = 0; i < tasks.length; i++) {
        const task = tasks[i];
        if (task.size > maxSize) {
          finished(i, { kind: "skip", reason: oversizeReason(task.size, maxSize) });
          continue;
        }
        let bytes: Buffer | undefined;
        let hash: string | undefined;
        if (cache) {
          hash = hashes[i];
          if (hash === undefined) {
            const read = index!.hash(task.absPath, maxSize);
            if (!read.ok) {
              finished(i, { kind: "skip", reason: read.reason });
              continue;
            }
            bytes = read.bytes;
            hash = read.hash;
          }
          readHashes[i] = hash;
          const packed = pack && pack.files[i] === hash ? pack.results[i] : null;
          if (packed) {
            cache.servedFromPack(cache.key("file", hash, task));
            const probes = pack!.probes?.[i];
            finished(i, { kind: "result", result: packed, hash, probes: isProbesShape(probes) && probes ? probes : undefined });
            fromPack++;
            continue;
          }
          const hit = cache.getFileEntry(cache.key("file", hash, task), projectModules);
          if (hit) {
            finished(i, { kind: "result", result: hit.result, hash, probes: hit.probes });
            if ((i & 63) === 63) await setImmediate(); // Ctrl-C stays prompt
            continue;
          }
        }
        // with a cache, workers start only once enough files need analysis; until then the misses wait here
        if (cache && pool.parallel && deferred.length < threshold - 1) {
          deferred.push(i);
          continue;
        }
        for (const j of deferred.splice(0)) send(j);
        send(i, bytes);
        // hand the event loop over now and then: worker answers are taken in, more batches go out, files queued
        // in this thread are analysed, and Ctrl-C (SIGINT) is handled promptly
        if ((i & 15) === 15) await setImmediate();
      }
      // too few misses to be worth starting workers: analysed here
      for (const j of deferred) {
        store(j, await analyseTask(tasks[j], ctx));
        await setImmediate();
      }
      pool.flush();
      for (const j of later) submit(j);
      pool.flush();
      /** Each file's identity known now, by reported path: its outcome's (absent: unreadable), else this thread's hash. */
      const identityNow = (): Map<string, string> => {
        const identity = new Map<string, string>();
        tasks.forEach((t, i) => {
          const o = outcomes[i];
          const known = t.size > maxSize ? `size:${t.size}` : o ? (o.kind === "result" ? o.hash : undefined) : readHashes[i];
          if (known !== undefined) identity.set(t.path, known);
        });
        return identity;
      };
      /** File `i`'s result, if it has one so far. */
      const resultAt = (i: number): FileResult | undefined => (outcomes[i]?.kind === "result" ? (outcomes[i] as { result: FileResult }).result : undefined);
      /** The files analysed so far whose results carry a taint summary, in discovery order. */
      const sourcedNow = (): number[] => tasks.flatMap((_, i) => (resultAt(i) && hasTaint(resultAt(i)!) ? [i] : []));
      const taintPhase = (sourced: number[], identity: Map<string, string>) => {
        const withSourcesThen = sourced.map((i) => tasks[i]);
        const summaries = sourced.map((i) => resultAt(i)!.taint!);
        return runOrReuseTaintPhase({ tasks, summaries, withSources: withSourcesThen, identity, rules, ctx, maxSize, cache, pool, promote: (t) => pool.promote(t) }, stored?.output.taint);
      };
      let early: { sourced: number[]; identity: Map<string, string>; output: ReturnType<typeof taintPhase> } | undefined;
      const taintStart = RULE_TIMES ? performance.now() : 0;
      if (screening) {
        await Promise.all(first);
        const sourced = sourcedNow();
        const identity = identityNow();
        early = { sourced, identity, output: taintPhase(sourced, identity) };
        early.output.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
      }
      await Promise.all(waiting);
      // the pool stays open for the on-demand taint summaries of the project phase
      result.workers = pool.parallel ? pool.spawned : 0;
      for (let i = 0; i < tasks.length; i++) {
        const task = tasks[i];
        const outcome = outcomes[i];
        if (outcome.kind === "skip") {
          if (task.size > maxSize) fileHashes.push(`size:${task.size}`);
          else storable = false; // unreadable now: perhaps not next time
          if (!task.owned) continue;
          const file = new SourceFile(task.path, "");
          result.findings.push(makeFinding(fileSkipped.meta, file, 0, 0, outcome.reason, { text: outcome.reason, first: 1, last: 1, context: "" }));
          result.problemFiles++;
          continue;
        }
        const r = outcome.result;
        fileHashes.push(outcome.hash);
        if (!isCacheable(r)) storable = false;
        if (task.owned) {
          for (const reason of r.notes ?? []) result.notes.push({ path: task.path, reason });
          result.lines += r.lines;
          if (r.findings.some((x) => x.code === "PW001" || x.code === "PW002" || x.code === "PW003")) result.problemFiles++;
          absorb(r);
        } else absorb({ ...r, findings: [], errors: [] }); // the owning shard reports them
      }
      for (const f of templates) {
        const read = readSourceFile(f.absPath, maxSize);
        if (!read.ok) {
          result.notes.push({ path: f.path, reason: `template ${read.reason}` });
          storable = false;
          continue;
        }
        templateHashes.push(contentHash(read.bytes));
        try {
          absorb(checkTemplate({ path: f.path, bytes: read.bytes, isTest: templateTests(f) }, rules, options.ruleOptions));
        } catch (err) {
          result.errors.push(`${f.path}: internal error in the template checks: ${(err as Error)?.message ?? String(err)}`);
        }
      }
      // taint flows through calls between modules; pattern findings a taint finding proves are folded into it
      // the phase started early stands when it started from what the per-file phase ended with: the same files
      // with summaries, and no identity it knew changed since (a file edited during the run)
      const identity = identityNow();
      const sourced = sourcedNow();
      const stands = early !== undefined && early.sourced.join() === sourced.join() && [...early.identity].every(([p, h]) => identity.get(p) === h);
      if (early && !stands) await early.output.catch(() => undefined);
      try {
        const out = await (stands ? early!.output : taintPhase(sourced, identity));
        result.errors.push(...out.errors);
        result.promotedSummaries = out.promoted;
        for (const reason of out.notes) result.notes.push({ path: "", reason });
        result.findings.push(...out.findings);
        nonlocal.push(...out.findings.map(findingKey));
        taintRecord = out.reused ?? { deps: out.depends.map((p) => [p, identity.get(p) ?? "unreadable"]), findings: out.findings, notes: out.notes };
        if (cache && out.reused) cache.stats.taintReused = true;
      } catch (err) {
        if (err instanceof DamagedPackError) throw err;
        result.errors.push(`project phase: internal error in the taint analysis: ${(err as Error).message}`);
      }
      if (RULE_TIMES) RULE_TIMES.set("taint (project phase)", (RULE_TIMES.get("taint (project phase)") ?? 0) + performance.now() - taintStart);
    } finally {
      await pool.close();
    }
    // project rules after the workers are gone: both build large structures over the whole project (the peak
    // memory of a scan of the standard library with its site-packages was their sum)
    // reused when the facts are those of the stored run (most edits change none): they are not even parsed then
    const digest = factsDigest(feeding);
    const prior = stored?.output.project;
    const project = prior?.digest === digest ? { findings: prior.findings, errors: [] } : runProjectPhase(rules, factsOf(feeding));
    if (cache && prior?.digest === digest) cache.stats.projectReused = true;
    if (!project.errors.length) projectRecord = { digest, findings: project.findings };
    result.findings = foldPatternFindings(foldSuppressed(result.findings, suppressed, rules), rules);
    result.findings.push(...project.findings);
    result.errors.push(...project.errors);
    nonlocal.push(...project.findings.map(findingKey));
    if (againAtRevision && options.revision && !opaque) {
      const edited = changed!;
      const there = await findingsAtRevision({
        ...{ tasks, outcomes, changed: changedTasks, removed, contentAt: options.revision.contentAt, rules, ctx, maxSize, cache },
        now: { project: project.findings, taint: taintRecord?.findings ?? [] },
        taintDeps: taintRecord ? new Set(taintRecord.deps.map(([p]) => p)) : undefined,
        undecided: (f) => !edited.has(f.path) && !(f.flow ?? []).some((step) => edited.has(step.path)),
      });
      atRevision = there.keys;
      nonlocal.push(...there.alsoCovered);
    }
    if (!storable || !cache) return undefined;
    // a new pack when none served this run or too many files came from elsewhere; else the old one serves on
    let packKey = pack ? stored!.pack : undefined;
    if (!pack || tasks.length - fromPack > Math.max(PACK_STALE_FILES, tasks.length / 20)) {
      const results = outcomes.map((o) => (o.kind === "result" && isCacheable(o.result) ? o.result : null));
      const probes = outcomes.map((o) => (o.kind === "result" && isCacheable(o.result) ? (o.probes ?? null) : null));
      packKey = cache.putPack(runKey!, { files: fileHashes, results, probes });
    }
    return { files: fileHashes, templates: templateHashes, pack: packKey };
  }
  result.imports = [...imports].sort();
  if (options.audit !== false && rules.some((r) => r.meta.practice === "dependencies") && result.manifests!.length) {
    const env = typeof options.markerEnvironment === "function" ? options.markerEnvironment() : options.markerEnvironment;
    const outcome = auditForCheck(result.manifests!, result.imports, { cwd: options.cwd, db: options.db, ignore: options.ignoreVuln, environment: env, maxFileSize: maxSize });
    result.findings.push(...outcome.findings);
    for (const n of outcome.notes) result.notes.push({ path: "", reason: `dependency audit: ${n}` });
    if (outcome.skipped) result.notes.push({ path: "", reason: outcome.skipped });
    if (outcome.attribution.length) result.attribution = outcome.attribution;
  }
  result.findings = foldSuperseded(result.findings, rules);
  const minSev = options.minSeverity ? LEVEL_RANK[options.minSeverity] : 0;
  const minConf = options.minConfidence ? LEVEL_RANK[options.minConfidence] : 0;
  if (options.perFileIgnores?.length) result.findings = result.findings.filter(perFileIgnoreFilter(options.perFileIgnores, options.catalog ?? ALL_RULES, options.cwd));
  result.findings = result.findings
    .filter((f) => active.has(f.code) && mine(f.path) && LEVEL_RANK[f.severity] >= minSev && LEVEL_RANK[f.confidence] >= minConf)
    .sort(compareFindings);
  if (shard) result.notes = result.notes.filter((n) => !n.path || mine(n.path));
  if (changed) {
    const counts: FileCounts = { python: 0, template: 0, manifest: 0 };
    for (const f of files) if (changed.has(f.path) && mine(f.path)) counts[f.kind]++;
    result.changedFiles = counts;
    // a finding no single file decides, in an unchanged file, counts when the project at the revision lacks it
    // (without the revision's content, or when it could not be analysed: whenever a Python file changed)
    const introduced = new Set(nonlocal.filter((k) => againAtRevision && !atRevision?.has(k)));
    result.findings = result.findings.filter((f) => changed.has(f.path) || (f.flow ?? []).some((step) => changed.has(step.path)) || introduced.has(findingKey(f)));
    result.notes = result.notes.filter((n) => !n.path || changed.has(n.path));
  }
  if (cache) {
    if (index?.dirty) cache.putIndex(indexKeyOfRun!, index.toJSON());
    cache.prune();
    result.cache = cache.stats;
  }
  return result;
}

