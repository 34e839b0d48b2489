/** Every subcommand's `register` function, in the order `pyward --help` lists them. */
import type { Command } from "commander";
import { register as check } from "./check.js";
import { register as rules } from "./rules.js";
import { register as audit } from "./audit.js";
import { register as db } from "./db.js";
import { register as config } from "./config.js";
import { register as mergeSarif } from "./merge-sarif.js";

/** Registrars of all subcommands. */
export const COMMANDS: ReadonlyArray<(program: Command) => void> = [check, audit, rules, db, mergeSarif, config];
