/**
 * The command-line program: commander setup, subcommands, and the mapping of every failure onto the
 * documented exit codes (0 clean, 1 findings, 2 usage/config/internal error, 130 interrupted).
 */
import { Command, CommanderError } from "commander";
import { VERSION } from "../version.js";
import { COMMANDS } from "./commands/index.js";
import { EXIT, UsageError } from "./errors.js";
import { GlobTooLongError, MissingPathError } from "../discover/discover.js";
import { UnknownRuleError } from "../engine/select.js";

/** Builds the program (a fresh one per call, for tests). */
export function buildProgram(): Command {
  const program = new Command("pyward");
  program
    .description("Security linter and dependency auditor for Python projects")
    .version(VERSION, "-V, --version")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .showSuggestionAfterError(true);
  for (const register of COMMANDS) register(program);
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

/**
 * Runs the CLI with `argv` (without `node` and the script) and returns the exit code; never throws.
 */
export async function runCli(argv: string[]): Promise<number> {
  process.exitCode = undefined;
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : EXIT.clean;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help") return EXIT.clean;
      return EXIT.error; // commander already printed the message
    }
    if (err instanceof UsageError || err instanceof MissingPathError || err instanceof UnknownRuleError || err instanceof GlobTooLongError) {
      process.stderr.write(`pyward: ${err.message}\n`);
      return EXIT.error;
    }
    process.stderr.write(`pyward: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
    return EXIT.error;
  }
}
