#!/usr/bin/env node
/** The `pyward` executable. */
import v8 from "node:v8";
import { EXIT } from "./errors.js";
import { MAIN_SEMI_SPACE_MB } from "../engine/heap.js";

// A larger young generation for the garbage of the per-file phase (see heap.ts), set before anything is
// allocated in earnest; workers get theirs through `resourceLimits` (pool.ts).
v8.setFlagsFromString(`--max-semi-space-size=${MAIN_SEMI_SPACE_MB}`);

// Registered before the program (rules, parser, …) is loaded, so Ctrl-C during start-up exits 130 too. Reports
// are written synchronously to a temporary name and renamed, so exiting here never leaves a partial one.
process.on("SIGINT", () => {
  process.stderr.write("pyward: interrupted\n");
  process.exit(EXIT.interrupted);
});

// A reader that stops early (`pyward rules --format json | head -c 10`) closes the pipe: the rest of the
// output has nowhere to go, which is not an error of pyward's. Later writes are dropped quietly and the run
// ends with its usual exit code; any other stream error still surfaces.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE" || err.code === "ERR_STREAM_DESTROYED") return;
    throw err;
  });
}

const { runCli } = await import("./program.js");
const code = await runCli(process.argv.slice(2));
process.exitCode = code;
