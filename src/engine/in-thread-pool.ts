/**
 * The per-file phase in this thread, behind the same interface as the worker pool ({@link FilePool}): a run with
 * one job, or too few files for workers, goes through the same steps as one with workers (files that may hold
 * sources first, the cross-module taint phase starting while the others wait, a module it asks for taken out of
 * the queue and analysed with its summary from one parse), so that no file is parsed twice for its summary.
 *
 * Files are analysed one at a time, in the order queued (requests of the taint phase first), each in a turn of
 * the event loop of its own: the caller's loop, the taint phase and signal handlers (Ctrl-C) run in between.
 */
import { setImmediate as nextTurn } from "node:timers/promises";
import type { FilePool } from "./pool.js";
import { analyseAndSummarise, analyseTask, summariseTask, type FileTask, type SummaryOutcome, type TaskContext, type TaskOutcome } from "./task.js";

/** A file waiting for its analysis. */
interface Waiting {
  task: FileTask;
  settle: (o: TaskOutcome) => void;
}

/** The per-file phase run in this thread, one file after another. */
export class InThreadPool implements FilePool {
  /** Never: analyses here run one after another, so nothing is computed ahead of need. */
  readonly parallel = false;
  /** 1 once started (the taint phase then sends its requests here rather than computing them itself). */
  spawned = 0;
  private readonly queue: Waiting[] = [];
  /** Requests of the taint phase (summaries, files promoted for one): run before any queued file. */
  private readonly urgent: { run: () => Promise<void>; fail: (why: string) => void }[] = [];
  private running = false;
  private closed = false;

  /** @param ctx the run's settings, resolved (the rules of this thread) */
  constructor(private readonly ctx: TaskContext) {}

  /** Marks the pool started; nothing to load. */
  start(): void {
    if (!this.closed) this.spawned = 1;
  }

  /** Queues a file; the promise settles with its outcome (never rejects). */
  submit(task: FileTask): Promise<TaskOutcome> {
    return new Promise((settle) => {
      if (this.closed) {
        settle({ kind: "skip", reason: "the run stopped before this job ran; not analysed" });
        return;
      }
      this.queue.push({ task, settle });
      this.wake();
    });
  }

  /** The on-demand taint summary of one module, from bytes already read and hashed, ahead of the queued files. */
  summarise(task: FileTask, bytes: Uint8Array, hash: string): Promise<SummaryOutcome> {
    return new Promise((resolve) => {
      const fail = (why: string): void => resolve({ errors: [`${task.path}: taint summary not computed: ${why}`], hash });
      if (this.closed) return fail("the run stopped before this job ran");
      this.urgent.push({ run: async () => resolve(await summariseTask(task, this.ctx, bytes, hash)), fail });
      this.wake();
    });
  }

  /**
   * As `CheckPool.promote`: the summary of a module whose file is still queued, analysed with it from one parse
   * ahead of the queue (its outcome settles the promise {@link submit} gave); undefined when it is not queued.
   */
  promote(task: FileTask): Promise<SummaryOutcome> | undefined {
    const at = this.queue.findIndex((w) => w.task === task);
    if (at < 0) return undefined;
    const [waiting] = this.queue.splice(at, 1);
    return new Promise((resolve) => {
      this.urgent.push({
        run: async () => {
          const { outcome, summary } = await analyseAndSummarise(task, this.ctx);
          waiting.settle(outcome);
          resolve(summary);
        },
        fail: (why) => {
          waiting.settle({ kind: "skip", reason: `${why}; not analysed` });
          resolve({ errors: [`${task.path}: taint summary not computed: ${why}`] });
        },
      });
      this.wake();
    });
  }

  /** Nothing is batched here: files run as soon as queued. */
  flush(): void {
    this.wake();
  }

  /** Stops; what is still queued settles as not analysed. Safe to call twice. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.urgent.splice(0)) job.fail("the run stopped before this job ran");
    for (const w of this.queue.splice(0)) w.settle({ kind: "skip", reason: "the run stopped before this job ran; not analysed" });
  }

  /** Starts the loop that runs the queue, unless it runs already. */
  private wake(): void {
    if (this.running || this.closed) return;
    this.running = true;
    void this.drain();
  }

  /** Runs queued work one item per turn of the event loop until none is left. Never rejects. */
  private async drain(): Promise<void> {
    try {
      for (;;) {
        await nextTurn();
        if (this.closed) return;
        const job = this.urgent.shift();
        if (job) {
          try {
            await job.run();
          } catch (err) {
            job.fail(`internal error (${String((err as Error)?.message ?? err).split("\n")[0]})`);
          }
          continue;
        }
        const next = this.queue.shift();
        if (!next) return;
        // analyseTask never throws (its contract): a failure inside is an error line of the outcome
        next.settle(await analyseTask(next.task, this.ctx));
      }
    } finally {
      this.running = false;
      // work queued while the last item was finishing
      if (!this.closed && (this.urgent.length || this.queue.length)) this.wake();
    }
  }
}
