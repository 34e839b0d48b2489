/**
 * The worker pool of the per-file phase: plain `worker_threads`, started lazily (a run whose files all come
 * from the cache starts none), each loading the rules and the parser once. Files go out as batches of paths
 * (workers read the bytes themselves, nothing large is copied), and each batch comes back as plain
 * {@link TaskOutcome}s. The caller merges outcomes in its own (discovery) order, so results do not depend on
 * which worker finished first. The same workers then compute the on-demand taint summaries of the project phase
 * ({@link CheckPool.summarise}), one module per request, from bytes the main thread read and hashed.
 *
 * A worker that dies (an out-of-memory abort, a crash in native code) is replaced; the files of its batches are
 * retried one per batch, and a file that kills a worker on its own is reported as not analysed.
 *
 * Where the worker code comes from: the built package runs `worker.js` beside this file. Under vitest (the
 * tests run the TypeScript sources, which Node cannot load in a worker by itself) workers are used only when
 * the environment variable `PYWARD_WORKER_IMPORT` names a loader module to `--import` in each worker
 * (`tests/helpers/ts-loader.mjs`); otherwise {@link workerEntry} returns undefined and the run stays in-process.
 */
import os from "node:os";
import path from "node:path";
import fs from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { WORKER_YOUNG_GENERATION_MB } from "./heap.js";
import type { FileTask, SummaryOutcome, TaskOutcome, TaskSettings } from "./task.js";
import type { CheckRequest, CheckResponse, SummaryRequest, SummaryResponse, WorkerResponse } from "./worker.js";
import { parserNoticeFlag } from "../parse/native.js";

/** Fewer Python files than this are analysed in-process whatever `--jobs` says: starting workers costs more. */
export const MIN_FILES_FOR_WORKERS = 50;

/** Files per batch sent to a worker. */
const BATCH_SIZE = 8;
/** Batches a worker holds at once (one running, one queued, so it never waits for the main thread). */
const IN_FLIGHT = 2;
/**
 * Files larger than this (bytes) are heavy: each is analysed in a job of its own, and heavy files run side by
 * side only while their sizes add up to at most {@link HEAVY_BUDGET_BYTES}. A file's analysis can take a few
 * hundred times its size in memory (a 9.6 MB file of one-line statements peaked near 3 GB), so two such files
 * at once on two workers could double the peak of a run.
 */
export const HEAVY_FILE_BYTES = 1024 * 1024;
/** Most bytes of heavy files analysed at once across the pool (a single larger file still runs, alone). */
export const HEAVY_BUDGET_BYTES = 8 * 1024 * 1024;
/**
 * A worker that analysed a file larger than this (bytes) is replaced afterwards (see `retire`): its heap does
 * not shrink back, and another such file on another worker would add its own peak to it. Starting a worker
 * costs about half a second, so smaller heavy files do not.
 */
export const RETIRE_AFTER_BYTES = 4 * 1024 * 1024;
/** Workers replaced after dying, at most, in one run. */
const MAX_RESPAWNS = 16;

/** Default `--jobs`: the parallelism the OS grants this process. */
export function defaultJobs(): number {
  return Math.max(1, typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length);
}

/**
 * How to start a worker: its module, and extra Node options; undefined when workers cannot run here (from the
 * TypeScript sources without a loader, or a `worker.js` missing beside this file): the scan then stays in-process.
 */
export function workerEntry(): { url: URL; execArgv?: string[] } | undefined {
  const here = import.meta.url;
  if (here.endsWith(".js") || here.endsWith(".cjs")) {
    // compiled modules: worker.js beside this file; the bundle (scripts/bundle.mjs): dist/cli/bundle-worker.js,
    // which loads the bundle's worker.cjs with its code cache
    const url = new URL(here.endsWith(".cjs") ? "../cli/bundle-worker.js" : "./worker.js", here);
    return url.protocol === "file:" && fs.existsSync(fileURLToPath(url)) ? { url } : undefined;
  }
  const loader = process.env.PYWARD_WORKER_IMPORT;
  if (!loader || !here.startsWith("file:")) return undefined;
  const loaderUrl = loader.startsWith("file:") ? loader : pathToFileURL(path.resolve(loader)).href;
  return { url: new URL("./worker.ts", here), execArgv: ["--import", loaderUrl] };
}

/** One request waiting for, or running on, a worker. */
interface Job {
  id: number;
  /** What the worker is asked (the id is added when sent). */
  request: Omit<CheckRequest, "id"> | Omit<SummaryRequest, "id">;
  /** Settles the job from the worker's answer. */
  answer(res: WorkerResponse): void;
  /** The worker died while running the job (`why`: one line); the job may be queued again, split. */
  lost(why: string): void;
  /** The job cannot run at all (no worker can start): settles it as failed with `why`. */
  fail(why: string): void;
  /** A batch of the per-file phase: its files and their settle functions, in step (files can be taken out before it is sent). */
  batch?: { tasks: FileTask[]; settle: ((o: TaskOutcome) => void)[] };
  /** Bytes of the files over {@link HEAVY_FILE_BYTES} it analyses (0: none): see {@link HEAVY_BUDGET_BYTES}. */
  heavy: number;
}

interface Slot {
  worker: Worker;
  inFlight: Map<number, Job>;
  dead: boolean;
}

/**
 * What the run asks of the per-file phase when files are queued rather than analysed one by one as found: the
 * worker pool ({@link CheckPool}), or the same steps in this thread (`InThreadPool`, in-thread-pool.ts).
 */
export interface FilePool {
  /** Whether queued work runs side by side (so computing a summary ahead of need can save time). */
  readonly parallel: boolean;
  /** How many workers started (0 before {@link start}). */
  readonly spawned: number;
  /** Starts the workers now, before the first file. */
  start(): void;
  /** Queues a file; settles with its outcome, never rejects. */
  submit(task: FileTask): Promise<TaskOutcome>;
  /** The on-demand taint summary of a module from bytes read and hashed, ahead of the queued files. Never rejects. */
  summarise(task: FileTask, bytes: Uint8Array, hash: string): Promise<SummaryOutcome>;
  /** The summary of a module whose file is still queued, from one parse with its analysis; undefined if not queued. */
  promote(task: FileTask): Promise<SummaryOutcome> | undefined;
  /** Sends what is queued: call once every file was submitted. */
  flush(): void;
  /** Stops; what is still queued settles as failed. */
  close(): Promise<void>;
}

/** A pool of `jobs` workers analysing files with the same settings. */
export class CheckPool implements FilePool {
  /** Workers run side by side. */
  readonly parallel = true;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  /** Requests of the project phase (summaries, files promoted for one): sent before any queued batch. */
  private readonly urgent: Job[] = [];
  private pending: { task: FileTask; settle: (o: TaskOutcome) => void }[] = [];
  private nextId = 1;
  private respawns = 0;
  private closed = false;
  /** Workers started so far (replacements included). */
  spawned = 0;
  /** The most jobs on heavy files ({@link HEAVY_FILE_BYTES}) that ran at once so far (a diagnostic). */
  heavyPeak = 0;

  /**
   * @param jobs number of workers (at least 1)
   * @param settings the per-file settings, sent once to each worker
   * @param entry where the worker code is (default {@link workerEntry}); the caller checks it exists first
   */
  constructor(
    private readonly jobs: number,
    private readonly settings: TaskSettings,
    private readonly entry = workerEntry(),
  ) {
    if (!entry) throw new Error("worker threads are not available when running from TypeScript sources without PYWARD_WORKER_IMPORT");
  }

  /**
   * Starts every worker now (at most `jobs`), so that they load the rules and the parser while the caller is
   * still preparing the first files; otherwise workers start with the first batch.
   */
  start(): void {
    while (!this.closed && this.slots.length < this.jobs && this.respawns <= MAX_RESPAWNS && this.spawn());
  }

  /** Queues a file; the promise settles with its outcome (never rejects). */
  submit(task: FileTask): Promise<TaskOutcome> {
    return new Promise((settle) => {
      if (task.size > HEAVY_FILE_BYTES) this.queue.push(this.checkJob([task], [settle], false));
      else {
        this.pending.push({ task, settle });
        if (this.pending.length >= BATCH_SIZE) this.cut();
      }
      this.dispatch();
    });
  }

  /**
   * Queues the on-demand taint summary of one module (project phase), from bytes already read and hashed;
   * the promise settles with its outcome (never rejects: a worker lost on it gives an error line). Sent ahead
   * of the batches of files still queued, in the order asked.
   */
  summarise(task: FileTask, bytes: Uint8Array, hash: string): Promise<SummaryOutcome> {
    return new Promise((settle) => {
      this.urgent.push({
        id: this.nextId++,
        request: { kind: "summary", task, bytes, hash },
        answer: (res) => settle((res as SummaryResponse).summary ?? { errors: [], hash }),
        lost: (why) => settle(summaryLost(task, why, hash)),
        fail: (why) => settle(summaryNotComputed(task, why, hash)),
        heavy: heavyBytes([task]),
      });
      if (this.closed) this.failAll("the worker pool was closed");
      else this.dispatch();
    });
  }

  /**
   * The on-demand taint summary of a module whose file was submitted but not sent yet: the file is taken out of
   * its batch and sent at once, ahead of the queued batches, to be analysed and summarised from one parse
   * (`analyseAndSummarise`); its outcome still settles the promise {@link submit} gave. Undefined when the file is
   * not waiting here (sent already, or never submitted): then ask {@link summarise}.
   */
  promote(task: FileTask): Promise<SummaryOutcome> | undefined {
    let settle: ((o: TaskOutcome) => void) | undefined;
    const p = this.pending.findIndex((x) => x.task === task);
    if (p >= 0) settle = this.pending.splice(p, 1)[0].settle;
    else {
      for (let j = 0; j < this.queue.length && !settle; j++) {
        const batch = this.queue[j].batch;
        const k = batch ? batch.tasks.indexOf(task) : -1;
        if (k < 0) continue;
        batch!.tasks.splice(k, 1);
        settle = batch!.settle.splice(k, 1)[0];
        if (!batch!.tasks.length) this.queue.splice(j, 1);
      }
    }
    if (!settle) return undefined;
    const once = settle;
    return new Promise((resolve) => {
      this.urgent.push(this.checkJob([task], [once], false, resolve));
      this.dispatch();
    });
  }

  /** Sends the last, partial batch: call once every file was submitted. */
  flush(): void {
    if (this.pending.length) this.cut();
    this.dispatch();
  }

  /** Stops every worker; jobs not answered yet settle as failed. Safe to call twice. */
  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    this.failAll("the run stopped before this job ran");
    for (const slot of slots) for (const job of slot.inFlight.values()) job.fail("the run stopped before this job ended");
    await Promise.all(slots.map((s) => s.worker.terminate().catch(() => undefined)));
  }

  private cut(): void {
    const items = this.pending;
    this.pending = [];
    this.queue.push(this.checkJob(items.map((i) => i.task), items.map((i) => i.settle), false));
  }

  /**
   * A batch of files for the per-file phase. Lost with its worker, a batch is retried file by file; a single
   * file that killed its worker (`retry`: already a retry of a larger batch) is reported as not analysed.
   */
  private checkJob(tasks: FileTask[], settle: ((o: TaskOutcome) => void)[], retry: boolean, summary?: (s: SummaryOutcome) => void): Job {
    return {
      id: this.nextId++,
      request: summary ? { kind: "check", tasks, summarise: true } : { kind: "check", tasks },
      batch: summary ? undefined : { tasks, settle },
      answer: (res) => {
        settle.forEach((s, i) => s((res as CheckResponse).outcomes?.[i] ?? { kind: "skip", reason: "no result from the worker; not analysed" }));
        summary?.((res as CheckResponse).summary ?? summaryNotComputed(tasks[0], "no answer from the worker"));
      },
      lost: (why) => {
        if (retry || tasks.length === 1) {
          for (const s of settle) s({ kind: "skip", reason: `the analysis crashed its worker thread (${why}); not analysed` });
          summary?.(summaryLost(tasks[0], why));
          return;
        }
        tasks.forEach((task, i) => this.queue.push(this.checkJob([task], [settle[i]], true)));
      },
      fail: (why) => {
        for (const s of settle) s({ kind: "skip", reason: `${why}; not analysed` });
        summary?.(summaryNotComputed(tasks[0], why));
      },
      heavy: heavyBytes(tasks),
    };
  }

  /** Jobs on heavy files running on some worker now, and their heavy bytes. */
  private heavyRunning(): { jobs: number; bytes: number } {
    let jobs = 0;
    let bytes = 0;
    for (const slot of this.slots) {
      for (const job of slot.inFlight.values()) {
        if (!job.heavy) continue;
        jobs++;
        bytes += job.heavy;
      }
    }
    return { jobs, bytes };
  }

  /**
   * Takes the next job that may run now: the first urgent one, else the first queued one, passing over jobs on
   * heavy files that would take the heavy bytes running past {@link HEAVY_BUDGET_BYTES} (one runs whatever its
   * size when no other does). Undefined when none may.
   */
  private next(): Job | undefined {
    const running = this.heavyRunning().bytes;
    const fits = (job: Job): boolean => !job.heavy || running === 0 || running + job.heavy <= HEAVY_BUDGET_BYTES;
    for (const list of [this.urgent, this.queue]) {
      const i = list.findIndex(fits);
      if (i >= 0) return list.splice(i, 1)[0];
    }
    return undefined;
  }

  private dispatch(): void {
    if (this.closed) return;
    while (this.urgent.length || this.queue.length) {
      // an idle worker first, then a new one (up to `jobs`), then one with room in its queue
      let slot = this.slots.find((s) => s.inFlight.size === 0);
      if (!slot && this.slots.length < this.jobs) {
        if (this.respawns > MAX_RESPAWNS) {
          if (!this.slots.length) this.failAll("worker threads keep failing");
          return;
        }
        slot = this.spawn();
      }
      slot ??= this.slots.find((s) => s.inFlight.size < IN_FLIGHT);
      if (!slot) return;
      const job = this.next();
      if (!job) return;
      slot.inFlight.set(job.id, job);
      if (job.heavy) this.heavyPeak = Math.max(this.heavyPeak, this.heavyRunning().jobs);
      slot.worker.postMessage({ id: job.id, ...job.request });
    }
  }

  private spawn(): Slot | undefined {
    const entry = this.entry!;
    let worker: Worker;
    try {
      worker = new Worker(entry.url, {
        // the settings, and the flag that keeps the native parser's fallback notice to one line per run
        workerData: { ...this.settings, parserNotice: parserNoticeFlag() },
        execArgv: entry.execArgv,
        resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
      });
    } catch (err) {
      this.failAll(`cannot start a worker thread (${(err as Error).message})`);
      return undefined;
    }
    this.spawned++;
    const slot: Slot = { worker, inFlight: new Map(), dead: false };
    worker.on("message", (res: WorkerResponse) => {
      const job = slot.inFlight.get(res.id);
      if (!job) return;
      slot.inFlight.delete(res.id);
      job.answer(res);
      if (job.heavy > RETIRE_AFTER_BYTES) this.retire(slot);
      this.dispatch();
    });
    const lost = (why: string): void => {
      if (slot.dead) return;
      slot.dead = true;
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      if (this.closed) return;
      void worker.terminate().catch(() => undefined);
      // a worker runs its batches in order: the first was running when it died, the others had not started
      const [running, ...waiting] = slot.inFlight.values();
      slot.inFlight.clear();
      this.queue.unshift(...waiting);
      if (running) running.lost(why);
      this.respawns++;
      this.dispatch();
    };
    worker.on("error", (err) => lost(String((err as Error)?.message ?? err).split("\n")[0]));
    worker.on("messageerror", (err) => lost(`unreadable message (${err.message})`));
    worker.on("exit", (code) => lost(`worker exited with code ${code}`));
    this.slots.push(slot);
    return slot;
  }

  /**
   * Stops a worker that analysed a file over {@link RETIRE_AFTER_BYTES}: its heap (V8's, and the parser's WASM
   * memory) stays near that file's peak for the worker's life otherwise, and a later such file on another worker
   * would add its own peak to it. The jobs it still held had not started (a worker answers them in order): they
   * go back to the front of the queue, and a fresh worker is started when there is work for it.
   */
  private retire(slot: Slot): void {
    if (slot.dead || this.closed) return;
    slot.dead = true;
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    this.queue.unshift(...slot.inFlight.values());
    slot.inFlight.clear();
    void slot.worker.terminate().catch(() => undefined);
  }

  private failAll(why: string): void {
    for (const job of this.urgent.splice(0)) job.fail(why);
    for (const job of this.queue.splice(0)) job.fail(why);
    for (const p of this.pending.splice(0)) p.settle({ kind: "skip", reason: `${why}; not analysed` });
  }
}

/** Bytes of the files among `tasks` over {@link HEAVY_FILE_BYTES} (0: none is heavy). */
function heavyBytes(tasks: readonly FileTask[]): number {
  let bytes = 0;
  for (const t of tasks) if (t.size > HEAVY_FILE_BYTES) bytes += t.size;
  return bytes;
}

/** The outcome of a summary whose worker died while computing it (`why`: one line); `hash` of the bytes sent, if any. */
function summaryLost(task: FileTask, why: string, hash?: string): SummaryOutcome {
  return { errors: [`${task.path}: the taint analysis crashed its worker thread (${why})`], hash };
}

/** The outcome of a summary that could not be computed at all (`why`: one line). */
function summaryNotComputed(task: FileTask, why: string, hash?: string): SummaryOutcome {
  return { errors: [`${task.path}: taint summary not computed: ${why}`], hash };
}
