#!/usr/bin/env node
/** The `pyward` executable. */
import { runCli } from "./program.js";
import { EXIT } from "./errors.js";

process.on("SIGINT", () => {
  process.stderr.write("pyward: interrupted\n");
  process.exit(EXIT.interrupted);
});

const code = await runCli(process.argv.slice(2));
process.exitCode = code;
