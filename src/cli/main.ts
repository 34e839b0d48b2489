#!/usr/bin/env node
/** The `pyward` executable. */
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { EXIT } from "./errors.js";
import { applyMainHeapFlags, loadBundled } from "./bundle-loader.js";

// A larger young generation for the garbage of the per-file phase (see heap.ts), set before anything is
// allocated in earnest; workers get theirs through `resourceLimits` (pool.ts).
applyMainHeapFlags();

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

// the bundle of the program (scripts/bundle.mjs) loads in less than half the time of its ~300 modules, and with
// its code cache (bundle-loader.ts) compiles next to nothing; it is used unless a later compile left it stale
// (then, or when there is none, the modules themselves)
const program = import.meta.url.endsWith(".js") ? bundledProgram() : undefined;
const { runCli } = (program ? loadBundled(program) : await import("./program.js")) as typeof import("./program.js");
process.exitCode = await runCli(process.argv.slice(2));

/**
 * The path of the bundled program when it exists and may be trusted to match the compiled modules: always in an
 * installed package (no `src/` beside `dist/`: nothing there recompiles, and npm gives unpacked files the time of
 * unpacking, in no useful order), and in a development checkout only while it is no older than the compiled
 * `program.js` beside this file (a `tsc` run without `scripts/bundle.mjs` leaves it stale).
 */
function bundledProgram(): string | undefined {
  try {
    const bundle = fileURLToPath(new URL("../bundle/program.cjs", import.meta.url));
    const bundleTime = fs.statSync(bundle).mtimeMs;
    if (!fs.existsSync(fileURLToPath(new URL("../../src/cli/program.ts", import.meta.url)))) return bundle;
    const compiled = fileURLToPath(new URL("./program.js", import.meta.url));
    return bundleTime >= fs.statSync(compiled).mtimeMs ? bundle : undefined;
  } catch {
    return undefined;
  }
}
