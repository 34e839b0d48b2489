#!/usr/bin/env node
/** The `pyward` executable. */
import { EXIT } from "./errors.js";

// Registered before the program (rules, parser, …) is loaded, so Ctrl-C during start-up exits 130 too. Reports
// are written synchronously to a temporary name and renamed, so exiting here never leaves a partial one.
process.on("SIGINT", () => {
  process.stderr.write("pyward: interrupted\n");
  process.exit(EXIT.interrupted);
});

const { runCli } = await import("./program.js");
const code = await runCli(process.argv.slice(2));
process.exitCode = code;
