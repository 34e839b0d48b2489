/**
 * `pyward check [PATH…]`: scan Python code and report insecure patterns.
 */
import { Command, Option } from "commander";
import { scan, DEFAULT_MAX_FILE_SIZE, type ScanResult } from "../../engine/run.js";
import { LEVEL_RANK, type Severity } from "../../engine/finding.js";
import { renderReport, REPORT_FORMATS } from "../../report/index.js";
import { EXIT, UsageError } from "../errors.js";
import { pairDestinations, writeFileAtomic } from "../output.js";
import { collect, commaList, parseSize } from "../options.js";
import { markerEnvironment } from "./audit.js";
import { AuditOptionError } from "../../deps/audit.js";
import { AdvisoryDbError } from "../../deps/advisories/index.js";

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
  db?: string;
  ignoreVuln: string[];
  pythonVersion?: string;
  platform?: "linux" | "darwin" | "win32";
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
    .addOption(new Option("--format <format>", "report format (repeatable, paired with --output in order)").choices(REPORT_FORMATS).argParser(collect).default([]))
    .option("-o, --output <file>", "write the report to FILE instead of standard output (repeatable)", collect, [])
    .addOption(new Option("--fail-on <severity>", "exit 1 when a finding has at least this severity").choices(levels).default("low"))
    .addOption(new Option("--min-severity <severity>", "report only findings of at least this severity").choices(levels))
    .addOption(new Option("--min-confidence <confidence>", "report only findings of at least this confidence").choices(levels))
    .option("--max-file-size <MB>", "skip (and report) Python files larger than this many megabytes", parseSize, DEFAULT_MAX_FILE_SIZE)
    .option("-q, --quiet", "print nothing but findings (text) or the report")
    .option("--no-color", "never colour text output (NO_COLOR is honoured too)")
    .option("--no-audit", "skip the dependency audit of the manifests and lockfiles found")
    .option("--db <path>", "advisory database for the dependency audit (default: the local one `pyward db update` keeps)")
    .option("--ignore-vuln <id>", "ignore a vulnerability by id or alias, optionally until a date: ID[:YYYY-MM-DD] (repeatable)", collect, [])
    .option("--python-version <X.Y>", "target Python for dependency environment markers (default: the local python3)")
    .addOption(new Option("--platform <platform>", "target platform for dependency environment markers").choices(["linux", "darwin", "win32"]))
    .action(async (paths: string[], opts: CheckCliOptions) => {
      const destinations = pairDestinations(opts.format, opts.output);
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
        db: opts.db,
        ignoreVuln: opts.ignoreVuln,
        markerEnvironment: () => markerEnvironment({ pythonVersion: opts.pythonVersion, platform: opts.platform }).env,
      }).catch((err: unknown) => {
        if (err instanceof AdvisoryDbError || err instanceof AuditOptionError) throw new UsageError(err.message);
        throw err;
      });
      for (const d of destinations) {
        const color = !d.file && opts.color !== false && !process.env.NO_COLOR && process.stdout.isTTY === true;
        const text = renderReport(d.format, result, { color });
        if (d.file) writeFileAtomic(d.file, text);
        else process.stdout.write(text);
      }
      process.exitCode = exitCodeFor(result, opts.failOn);
    });
}

export { UsageError };
