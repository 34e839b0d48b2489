/**
 * `pyward check [PATH…]`: scan Python code and report insecure patterns.
 */
import { Command, Option } from "commander";
import { scan, DEFAULT_MAX_FILE_SIZE, type ScanResult } from "../../engine/run.js";
import { LEVEL_RANK, type Severity } from "../../engine/finding.js";
import { renderReport, REPORT_FORMATS } from "../../report/index.js";
import { EXIT, UsageError } from "../errors.js";
import { pairDestinations, writeFileAtomic } from "../output.js";
import { collect, collectChoice, commaList, parseSize } from "../options.js";
import { markerEnvironment } from "./audit.js";
import { AuditOptionError } from "../../deps/audit.js";
import { AdvisoryDbError } from "../../deps/advisories/index.js";
import { ConfigError, effectiveSettings, loadConfig, type LoadedConfig } from "../../config/index.js";
import { BaselineError, createBaseline, filterBaseline, readBaseline, serializeBaseline, type Baseline } from "../../engine/baseline.js";
import { progressFor } from "../progress.js";
import { parseShard, ShardSpecError, type Shard } from "../../engine/shard.js";

/** Options of `pyward check`, as commander parses them. */
interface CheckCliOptions {
  select: string[];
  extendSelect: string[];
  ignore: string[];
  exclude?: string[];
  extendExclude: string[];
  forceExclude?: boolean;
  gitignore: boolean;
  format: string[];
  output: string[];
  failOn: Severity;
  minSeverity?: Severity;
  minConfidence?: Severity;
  maxFileSize: number;
  quiet?: boolean;
  color?: boolean;
  audit: boolean;
  checkTests?: boolean;
  db?: string;
  ignoreVuln: string[];
  config?: string;
  isolated?: boolean;
  baseline?: string;
  writeBaseline?: string;
  pythonVersion?: string;
  platform?: "linux" | "darwin" | "win32";
  taintSources: string[];
  taint: boolean;
  shard?: Shard;
}

/** Parses `--shard k/n`; a bad value is a usage error (exit 2). */
function shardOption(value: string): Shard {
  try {
    return parseShard(value);
  } catch (err) {
    if (err instanceof ShardSpecError) throw new UsageError(err.message);
    throw err;
  }
}

/** Threat models `--taint-sources` accepts. */
const THREAT_MODELS = ["remote", "local"] as const;

/** Parses `--taint-sources remote,local` (repeatable) into a list of threat models. */
function taintSources(value: string, previous: string[] = []): string[] {
  const out = [...previous];
  for (const v of commaList(value, [])) {
    if (!(THREAT_MODELS as readonly string[]).includes(v)) throw new UsageError(`--taint-sources: unknown threat model '${v}' (expected ${THREAT_MODELS.join(", ")})`);
    if (!out.includes(v)) out.push(v);
  }
  return out;
}

/** Exit code for a finished scan: 2 on internal errors, 1 when a finding is at or above `failOn`, else 0. */
export function exitCodeFor(result: ScanResult, failOn: Severity): number {
  if (result.errors.length) return EXIT.error;
  return result.findings.some((f) => LEVEL_RANK[f.severity] >= LEVEL_RANK[failOn]) ? EXIT.findings : EXIT.clean;
}

/** Registers `check` on the program. */
export function register(program: Command): void {
  const levels = ["low", "medium", "high"];
  program
    .command("check", { isDefault: true })
    .description("scan Python files and directories for insecure code")
    .argument("[paths...]", "files or directories to scan (default: .)")
    .option("--select <ids>", "run only these rules: codes, names, Bandit/Ruff ids or code prefixes, comma-separated (repeatable)", commaList, [])
    .option("--extend-select <ids>", "add rules to the default set (e.g. rules off by default)", commaList, [])
    .option("--ignore <ids>", "do not run these rules", commaList, [])
    .option("--exclude <globs>", "replace the default excludes with these globs (comma-separated, repeatable)", commaList)
    .option("--extend-exclude <globs>", "exclude these globs in addition to the defaults", commaList, [])
    .option("--force-exclude", "apply excludes to files named explicitly too (for pre-commit)")
    .option("--no-gitignore", "do not honour .gitignore files")
    .addOption(new Option("--format <format>", "report format (repeatable, paired with --output in order)").argParser(collectChoice(REPORT_FORMATS)).default([]))
    .option("-o, --output <file>", "write the report to FILE instead of standard output (repeatable)", collect, [])
    .addOption(new Option("--fail-on <severity>", "exit 1 when a finding has at least this severity").choices(levels).default("low"))
    .addOption(new Option("--min-severity <severity>", "report only findings of at least this severity").choices(levels))
    .addOption(new Option("--min-confidence <confidence>", "report only findings of at least this confidence").choices(levels))
    .addOption(new Option("--max-file-size <MB>", "skip (and report) Python files larger than this many megabytes").argParser(parseSize).default(DEFAULT_MAX_FILE_SIZE, "10"))
    .option("-q, --quiet", "print nothing but findings (text) or the report")
    .option("-c, --config <file>", "read the configuration from FILE (pyproject.toml, pyward.toml or .bandit) instead of searching for one")
    .option("--isolated", "ignore every configuration file")
    .option("--baseline <file>", "report only findings that are not in this baseline (see --write-baseline)")
    .option("--write-baseline <file>", "record the findings of this run in FILE, for --baseline")
    .option("--no-color", "never colour text output (NO_COLOR is honoured too)")
    .option("--check-tests", "report every rule in test files too (by default rules marked 'not in tests' in `pyward rules` skip them)")
    .option("--no-audit", "skip the dependency audit of the manifests and lockfiles found")
    .option("--taint-sources <models>", "untrusted-data sources of the taint analysis, comma-separated: remote (HTTP requests; the default), local (argv, input(), environment, files read)", taintSources, [])
    .option("--no-taint", "turn the taint analysis (rules PW250-PW279) off")
    .option("--shard <k/n>", "report only shard k of n (split by a hash of each file's path; every shard still analyses all files for project-wide facts); join the shards' SARIF with `pyward merge-sarif`", shardOption)
    .option("--db <path>", "advisory database for the dependency audit (default: the local one `pyward db update` keeps)")
    .option("--ignore-vuln <id>", "ignore a vulnerability by id or alias, optionally until a date: ID[:YYYY-MM-DD] (repeatable)", collect, [])
    .option("--python-version <X.Y>", "target Python for dependency environment markers (default: the local python3)")
    .addOption(new Option("--platform <platform>", "target platform for dependency environment markers").choices(["linux", "darwin", "win32"]))
    .action(async (paths: string[], opts: CheckCliOptions, command: Command) => {
      const destinations = pairDestinations(opts.format, opts.output);
      if (opts.config && opts.isolated) throw new UsageError("use either --config FILE or --isolated, not both");
      let config: LoadedConfig | undefined;
      let baseline: Baseline | undefined;
      try {
        config = loadConfig({ paths, config: opts.config, isolated: opts.isolated });
        if (opts.baseline) baseline = readBaseline(opts.baseline);
      } catch (err) {
        if (err instanceof ConfigError || err instanceof BaselineError) throw new UsageError(err.message);
        throw err;
      }
      if (config?.note && !opts.quiet) process.stderr.write(`pyward: ${config.note}\n`);
      const given = (key: string): boolean => command.getOptionValueSource(key) === "cli";
      const eff = effectiveSettings(config, {
        select: opts.select,
        extendSelect: opts.extendSelect,
        ignore: opts.ignore,
        exclude: opts.exclude,
        extendExclude: opts.extendExclude,
        minSeverity: opts.minSeverity,
        minConfidence: opts.minConfidence,
        failOn: given("failOn") ? opts.failOn : undefined,
        targetVersion: opts.pythonVersion,
        taintSources: opts.taintSources as ("remote" | "local")[],
        maxFileSize: given("maxFileSize") ? opts.maxFileSize : undefined,
      });
      const progress = progressFor(process.stderr, opts.quiet);
      const result = await scan(paths, {
        select: opts.select.length ? opts.select : undefined,
        extendSelect: opts.extendSelect,
        ignore: opts.ignore,
        exclude: opts.exclude,
        extendExclude: opts.extendExclude,
        forceExclude: opts.forceExclude,
        gitignore: opts.gitignore,
        minSeverity: opts.minSeverity,
        minConfidence: opts.minConfidence,
        maxFileSize: opts.maxFileSize,
        audit: opts.audit,
        checkTests: opts.checkTests,
        db: opts.db,
        ignoreVuln: opts.ignoreVuln,
        taintSources: opts.taintSources.length ? (opts.taintSources as ("remote" | "local")[]) : undefined,
        taint: opts.taint,
        shard: opts.shard,
        ...eff.scan,
        onFile: progress?.update,
        markerEnvironment: () => markerEnvironment({ pythonVersion: eff.pythonVersion, platform: opts.platform }).env,
      }).catch((err: unknown) => {
        if (err instanceof AdvisoryDbError || err instanceof AuditOptionError) throw new UsageError(err.message);
        throw err;
      }).finally(() => progress?.finish());
      if (opts.writeBaseline) {
        writeFileAtomic(opts.writeBaseline, serializeBaseline(createBaseline(result.findings)));
        if (!opts.quiet) process.stderr.write(`pyward: wrote baseline ${opts.writeBaseline} (${result.findings.length} finding${result.findings.length === 1 ? "" : "s"})\n`);
      }
      if (baseline) {
        const { findings, known } = filterBaseline(result.findings, baseline);
        result.findings = findings;
        if (known) result.notes.push({ path: "", reason: `${known} known finding${known === 1 ? "" : "s"} in the baseline ${opts.baseline} not reported` });
      }
      for (const d of destinations) {
        const color = !d.file && opts.color !== false && !process.env.NO_COLOR && process.stdout.isTTY === true;
        const text = renderReport(d.format, result, { color });
        if (d.file) writeFileAtomic(d.file, text);
        else process.stdout.write(text);
      }
      process.exitCode = exitCodeFor(result, eff.failOn);
    });
}

export { UsageError };
