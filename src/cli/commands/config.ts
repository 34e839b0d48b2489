/**
 * `pyward config --show [PATH]`: the effective configuration for PATH (default `.`) — the file found (or
 * named with `--config`), every key's value with its default filled in, and where each value came from.
 */
import fs from "node:fs";
import { Command, Option } from "commander";
import { ConfigError, loadConfig, renderConfig } from "../../config/index.js";
import { ALL_RULES } from "../../rules/index.js";
import { UsageError } from "../errors.js";

/** Options of `pyward config`. */
interface ConfigCliOptions {
  show?: boolean;
  config?: string;
  isolated?: boolean;
  format: "toml" | "json";
}

/** Registers `config` on the program. */
export function register(program: Command): void {
  program
    .command("config")
    .description("print the effective configuration (pyproject.toml [tool.pyward], pyward.toml, or Bandit's) and where it came from")
    .argument("[path]", "the directory (or file) whose configuration to show (default: .)")
    .option("--show", "print the effective configuration (the default action)")
    .option("-c, --config <file>", "read the configuration from FILE instead of searching for one")
    .option("--isolated", "ignore every configuration file (shows the defaults)")
    .addOption(new Option("--format <format>", "output format").choices(["toml", "json"]).default("toml"))
    .action((target: string | undefined, opts: ConfigCliOptions) => {
      if (opts.config && opts.isolated) throw new UsageError("use either --config FILE or --isolated, not both");
      if (target !== undefined && !fs.existsSync(target)) throw new UsageError(`${target}: no such file or directory`);
      try {
        const config = loadConfig({ paths: target ? [target] : [], config: opts.config, isolated: opts.isolated });
        process.stdout.write(renderConfig(config, ALL_RULES, opts.format));
      } catch (err) {
        if (err instanceof ConfigError) throw new UsageError(err.message);
        throw err;
      }
    });
}
