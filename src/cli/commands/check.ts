/**
 * `pyward check [PATH…]`: scan Python code and report insecure patterns.
 */
import fs from "node:fs";
import path from "node:path";
import { Command, Option } from "commander";
import { scan, DEFAULT_MAX_FILE_SIZE, type ScanOptions, type ScanResult } from "../../engine/run.js";
import { LEVEL_RANK, type Severity } from "../../engine/finding.js";
import { renderReport, REPORT_FORMATS } from "../../report/index.js";
import { EXIT, UsageError } from "../errors.js";
import { gitBaseline, GitDiffError } from "../../discover/git-changes.js";
import { bindDestinations, checkOutputs, recordReportArg, writeFilesAtomic, type ReportArg } from "../output.js";
import { collect, collectChoice, commaList, parseSize } from "../options.js";
import { markerEnvironment } from "./audit.js";
import { AuditOptionError } from "../../deps/audit.js";
import { AdvisoryDbError } from "../../deps/advisories/index.js";
import { ConfigError, effectiveSettings, loadConfig, type LoadedConfig } from "../../config/index.js";
import { BaselineError, createBaseline, filterBaseline, readBaseline, serializeBaseline, type Baseline } from "../../engine/baseline.js";
import { progressFor } from "../progress.js";
import { parseShard, ShardSpecError, type Shard } from "../../engine/shard.js";
import { defaultCacheDir } from "../../engine/cache.js";
import { setImmediate } from "node:timers/promises";

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
  jobs?: number;
  diff?: string;
  cache: boolean;
  cacheDir?: string;
}

/** Parses `--jobs N` (a positive integer); a bad value is a usage error (exit 2). */
function jobsOption(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) throw new UsageError(`--jobs: expected a positive whole number, got '${value}'`);
  return n;
}

/**
 * The cache directory of a run: none with `--no-cache`; `--cache-dir` when given; else the configuration file's
 * `cache = false` (none) or `cache-dir` (relative to the file's directory); else none when the environment
 * variable `PYWARD_NO_CACHE` is set (non-empty, not `0`); else `.pyward_cache` in the project root.
 */
export function cacheDirFor(
  opts: { cache: boolean; cacheDir?: string },
  paths: readonly string[],
  configDir: string | undefined,
  file: { cache?: boolean; cacheDir?: string } = {},
): string | undefined {
  if (!opts.cache) return undefined;
  if (opts.cacheDir) return opts.cacheDir;
  if (file.cache === false) return undefined;
  if (file.cacheDir) {
    // the configuration file belongs to the scanned repository, which is untrusted: its cache stays inside it
    const base = path.resolve(configDir ?? ".");
    const dir = path.resolve(base, file.cacheDir);
    if (dir === base || !dir.startsWith(base + path.sep) || leavesThroughLink(base, dir)) throw new UsageError(`cache-dir = ${JSON.stringify(file.cacheDir)} in the configuration file: must name a directory inside ${base} (use --cache-dir for one elsewhere)`);
    return dir;
  }
  const env = process.env.PYWARD_NO_CACHE;
  if (env && env !== "0") return undefined;
  return defaultCacheDir(paths[0] ?? ".", configDir);
}

/**
 * Whether `dir` (a path under `base`) leaves `base` through a symbolic link on the way: the deepest part of it that
 * exists, resolved, lies outside `base` (resolved).
 */
function leavesThroughLink(base: string, dir: string): boolean {
  let realBase: string;
  try {
    realBase = fs.realpathSync(base);
  } catch {
    return false;
  }
  for (let d = dir; d.startsWith(base + path.sep); d = path.dirname(d)) {
    let real: string;
    try {
      real = fs.realpathSync(d);
    } catch {
      try {
        if (fs.lstatSync(d, { throwIfNoEntry: false })?.isSymbolicLink()) return true; // a dangling link: where would it lead
      } catch {
        return true; // cannot be looked at (a file on the way): not a directory of the project
      }
      continue; // not made yet
    }
    return real !== realBase && !real.startsWith(realBase + path.sep);
  }
  return false;
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
  /** `--format` and `--output` values in command-line order: each format binds to the output after it. */
  const reportArgs: ReportArg[] = [];
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
    .addOption(new Option("--format <format>", "report format (repeatable; applies to the --output that follows it)").argParser(recordReportArg(reportArgs, "format", collectChoice(REPORT_FORMATS))).default([]))
    .option("-o, --output <file>", "write the report to FILE ('-' for standard output) instead of standard output (repeatable)", recordReportArg(reportArgs, "output", collect), [])
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
    .option("-j, --jobs <N>", "worker threads analysing files (default: the number of cores; 1 = no workers; scans of under 50 Python files use none)", jobsOption)
    .option("--no-cache", "neither read nor write the result cache")
    .option("--cache-dir <dir>", "directory of the result cache (default: .pyward_cache in the project root: the configuration file's directory, else the git root, else the current directory)")
    .option("--diff <rev>", "report only findings in files changed since the git revision REV (committed, staged, unstaged or new), data flows passing through them, and project-wide or cross-module findings the change introduced; the whole project is still analysed (cached results are reused)")
    .option("--db <path>", "advisory database for the dependency audit (default: the local one `pyward db update` keeps)")
    .option("--ignore-vuln <id>", "ignore a vulnerability by id or alias, optionally until a date: ID[:YYYY-MM-DD] (repeatable)", collect, [])
    .option("--python-version <X.Y>", "target Python for dependency environment markers (default: the local python3)")
    .addOption(new Option("--platform <platform>", "target platform for dependency environment markers").choices(["linux", "darwin", "win32"]))
    .action(async (paths: string[], opts: CheckCliOptions, command: Command) => {
      const destinations = bindDestinations(reportArgs);
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
      // a report that could not be written is said now, not after a scan of many minutes
      if (opts.baseline === "") throw new UsageError("--baseline needs a file name");
      checkOutputs([
        ...(opts.writeBaseline !== undefined ? [{ option: "--write-baseline", file: opts.writeBaseline }] : []),
        ...destinations.flatMap((d) => (d.file ? [{ option: "--output", file: d.file }] : [])),
      ]);
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
      let changed: ScanOptions["changed"];
      let revision: ScanOptions["revision"];
      if (opts.diff !== undefined) {
        try {
          // the repository holding the first path scanned (files outside it count as changed)
          const first = path.resolve(paths[0] ?? ".");
          const g = gitBaseline(opts.diff, fs.existsSync(first) && !fs.statSync(first).isDirectory() ? path.dirname(first) : first);
          // every other path must be in the same repository: outside it nothing could be compared
          const top = fs.realpathSync(g.root);
          for (const other of paths.slice(1)) {
            let real = path.resolve(other);
            try {
              real = fs.realpathSync(real);
            } catch {
              continue; // a missing path is reported by the scan
            }
            if (real !== top && !real.startsWith(top + path.sep)) throw new UsageError(`--diff ${opts.diff}: ${path.resolve(other)}: outside the git repository at ${g.root}`);
          }
          changed = (p, blob) => g.isChanged(p, blob);
          revision = g;
        } catch (err) {
          // git's own words (`not a git repository …`) say neither the option nor the path: both are added
          if (err instanceof GitDiffError) throw new UsageError(err.message.startsWith("--diff") ? err.message : `--diff ${opts.diff}: ${path.resolve(paths[0] ?? ".")}: ${err.message}`);
          throw err;
        }
      }
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
        changed,
        revision,
        configFile: config?.file,
        jobs: opts.jobs ?? config?.settings.jobs,
        cacheDir: cacheDirFor(opts, paths, config?.dir, config?.settings),
        ...eff.scan,
        onFile: progress?.update,
        markerEnvironment: () => markerEnvironment({ pythonVersion: eff.pythonVersion, platform: opts.platform }).env,
      }).catch((err: unknown) => {
        if (err instanceof AdvisoryDbError || err instanceof AuditOptionError) throw new UsageError(err.message);
        if (err instanceof GitDiffError) throw new UsageError(`--diff ${opts.diff}: git: ${err.message}`);
        throw err;
      }).finally(() => progress?.finish());
      // a cache directory given explicitly that cannot be written is worth a line; the default one is silently skipped
      // a cache named explicitly that cannot be used, or a PYWARD_CACHE_SECRET that cannot be (the user's own setting), is said
      const secretProblem = (result.cache?.problem ?? "").includes("PYWARD_CACHE_SECRET");
      if (result.cache?.problem && (opts.cacheDir || config?.settings.cacheDir || secretProblem) && !opts.quiet) process.stderr.write(`pyward: ${result.cache.problem}; continuing without it\n`);
      // the baseline records every finding, before --baseline filters them
      const baselineFile = opts.writeBaseline !== undefined ? [{ file: opts.writeBaseline, text: serializeBaseline(createBaseline(result.findings)) }] : [];
      const recorded = result.findings.length;
      if (baseline) {
        const { findings, known } = filterBaseline(result.findings, baseline);
        result.findings = findings;
        if (known) result.notes.push({ path: "", reason: `${known} known finding${known === 1 ? "" : "s"} in the baseline ${opts.baseline} not reported` });
      }
      const reports = destinations.map((d) => {
        const color = !d.file && opts.color !== false && !process.env.NO_COLOR && process.stdout.isTTY === true;
        return { file: d.file, text: renderReport(d.format, result, { color }) };
      });
      // the scan's last phases and the rendering run without a turn of the event loop (seconds on a large
      // project): a Ctrl-C that came meanwhile is handled here (exit 130), before anything is written. Then every
      // file (the baseline, the reports) is written in one synchronous step: all of them or none
      await setImmediate();
      writeFilesAtomic([...baselineFile, ...reports.flatMap((r) => (r.file ? [{ file: r.file, text: r.text }] : []))]);
      if (opts.writeBaseline !== undefined && !opts.quiet) process.stderr.write(`pyward: wrote baseline ${opts.writeBaseline} (${recorded} finding${recorded === 1 ? "" : "s"})\n`);
      for (const r of reports) if (!r.file) process.stdout.write(r.text);
      process.exitCode = exitCodeFor(result, eff.failOn);
    });
}

export { UsageError };
