/**
 * `pyward merge-sarif OUT IN…`: join SARIF logs, typically the shards of `pyward check --shard k/n`, into one
 * (see `src/report/merge-sarif.ts` for what merging means).
 */
import fs from "node:fs";
import type { Command } from "commander";
import { ALL_RULES } from "../../rules/index.js";
import { mergeSarif, renderMergedSarif, SarifMergeError, type SarifInput } from "../../report/merge-sarif.js";
import { EXIT, UsageError } from "../errors.js";
import { writeFileAtomic } from "../output.js";

/** pyward's catalog order, to order rules no single shard lists together. */
const CATALOG_RANK = new Map(ALL_RULES.map((r, i) => [r.meta.code, i]));

/** Reads and parses one input log. @throws UsageError naming the file */
function readLog(file: string): SarifInput {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    return { name: file, log: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) };
  } catch (err) {
    throw new UsageError(`${file}: not valid JSON (${(err as Error).message})`);
  }
}

/** Registers `merge-sarif` on the program. */
export function register(program: Command): void {
  program
    .command("merge-sarif")
    .description("merge SARIF files (e.g. the shards of `check --shard k/n`) into one: one run per tool, rules united, results in pyward's order")
    .argument("<out>", "the merged SARIF file to write ('-' for standard output)")
    .argument("<inputs...>", "SARIF files to merge")
    .option("--partial", "accept an incomplete set of shards (by default a missing shard is an error)")
    .action((out: string, inputs: string[], opts: { partial?: boolean }) => {
      const logs = inputs.map(readLog);
      let text: string;
      try {
        text = renderMergedSarif(
          mergeSarif(logs, { partial: opts.partial, ruleRank: (tool, id) => (tool === "pyward" ? CATALOG_RANK.get(id) : undefined) }),
        );
      } catch (err) {
        if (err instanceof SarifMergeError) throw new UsageError(err.message);
        throw err;
      }
      if (out === "-") process.stdout.write(text);
      else writeFileAtomic(out, text);
      process.exitCode = EXIT.clean;
    });
}
