/**
 * Entry point of a worker thread of the pool (`pool.ts`). The worker loads the rules, the parser and its WASM
 * once, then answers batches of file paths with plain {@link TaskOutcome}s, one batch at a time (the per-file
 * phase is not re-entrant: the parser is shared). Settings come once, in `workerData`.
 */
import { parentPort, workerData } from "node:worker_threads";
import { analyseTask, taskContext, type FileTask, type TaskOutcome, type TaskSettings } from "./task.js";

/** A request from the pool: analyse these files. */
export interface BatchRequest {
  id: number;
  tasks: FileTask[];
}

/** The answer: one outcome per task, in order. */
export interface BatchResponse {
  id: number;
  outcomes: TaskOutcome[];
}

const port = parentPort;
if (port) {
  const ctx = taskContext(workerData as TaskSettings);
  let chain = Promise.resolve();
  port.on("message", (req: BatchRequest) => {
    chain = chain.then(async () => {
      const outcomes: TaskOutcome[] = [];
      for (const task of req.tasks) outcomes.push(await analyseTask(task, ctx));
      port.postMessage({ id: req.id, outcomes } satisfies BatchResponse);
    });
  });
}
