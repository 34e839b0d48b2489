/**
 * Entry point of a worker thread of the pool (`pool.ts`). The worker loads the rules, the parser and its WASM
 * once, then answers requests one at a time (the per-file phase is not re-entrant: the parser is shared):
 * batches of file paths with plain {@link TaskOutcome}s, and on-demand taint summaries of the project phase
 * with a {@link SummaryOutcome} (of bytes the main thread read, or with a file's per-file analysis). Settings come once, in `workerData`.
 */
import { parentPort, workerData } from "node:worker_threads";
import { useParserNoticeFlag } from "../parse/native.js";
import { analyseAndSummarise, analyseTask, summariseTask, taskContext, type FileTask, type SummaryOutcome, type TaskOutcome, type TaskSettings } from "./task.js";

/** A request from the pool: analyse these files (per-file phase). */
export interface CheckRequest {
  id: number;
  kind: "check";
  tasks: FileTask[];
  /** Also the on-demand taint summary of the one file in `tasks`, from the same parse (`analyseAndSummarise`). */
  summarise?: boolean;
}

/** A request from the pool: the taint summary of one module, from bytes the main thread read and hashed. */
export interface SummaryRequest {
  id: number;
  kind: "summary";
  task: FileTask;
  bytes: Uint8Array;
  /** SHA-256 of `bytes`, hex. */
  hash: string;
}

/** What the pool asks a worker. */
export type WorkerRequest = CheckRequest | SummaryRequest;

/** The answer to a {@link CheckRequest}: one outcome per task, in order. */
export interface CheckResponse {
  id: number;
  outcomes: TaskOutcome[];
  /** The summary a {@link CheckRequest} with `summarise` asked for. */
  summary?: SummaryOutcome;
}

/** The answer to a {@link SummaryRequest}. */
export interface SummaryResponse {
  id: number;
  summary: SummaryOutcome;
}

/** What a worker answers. */
export type WorkerResponse = CheckResponse | SummaryResponse;

const port = parentPort;
if (port) {
  useParserNoticeFlag((workerData as { parserNotice?: Int32Array }).parserNotice);
  const ctx = taskContext(workerData as TaskSettings);
  let chain = Promise.resolve();
  port.on("message", (req: WorkerRequest) => {
    chain = chain.then(async () => {
      if (req.kind === "summary") {
        const summary = await summariseTask(req.task, ctx, req.bytes, req.hash);
        port.postMessage({ id: req.id, summary } satisfies SummaryResponse);
        return;
      }
      if (req.summarise && req.tasks.length === 1) {
        const { outcome, summary } = await analyseAndSummarise(req.tasks[0], ctx);
        port.postMessage({ id: req.id, outcomes: [outcome], summary } satisfies CheckResponse);
        return;
      }
      const outcomes: TaskOutcome[] = [];
      for (const task of req.tasks) outcomes.push(await analyseTask(task, ctx));
      port.postMessage({ id: req.id, outcomes } satisfies CheckResponse);
    });
  });
}
