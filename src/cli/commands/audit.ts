/**
 * `pyward audit [PATH…]`: read manifests and lockfiles, match pinned versions against OSV advisories
 * (`--db PATH`, the database `pyward db update` keeps, or `--online`), report vulnerable (PW101) and unpinned
 * (PW102) dependencies, optionally rewrite pins (`--fix`, `--dry-run`), and write text, json, sarif or a
 * CycloneDX SBOM. No network access unless `--online` is given.
 */
import fs from "node:fs";
import path from "node:path";
import { Command, Option } from "commander";
import { discover } from "../../discover/discover.js";
import { LEVEL_RANK, type Finding, type Severity } from "../../engine/finding.js";
import type { ScanResult } from "../../engine/run.js";
import { DEFAULT_MAX_FILE_SIZE, readSourceFile } from "../../discover/read.js";
import { renderReport } from "../../report/index.js";
import vulnerableDependency from "../../rules/deps/vulnerable-dependency.js";
import unpinnedDependency from "../../rules/deps/unpinned-dependency.js";
import manifestError from "../../rules/deps/manifest-error.js";
import { AuditOptionError, collectDependencies, parseIgnore, runAudit, type AuditResult, type IgnoreEntry } from "../../deps/audit.js";
import { AdvisoryDbError } from "../../deps/advisories/load.js";
import { NO_DATABASE_MESSAGE, openAdvisoryDb, openDefaultDb, type OpenedDb } from "../../deps/advisories/store.js";
import { OnlineError, queryOsvOnline } from "../../deps/advisories/online.js";
import type { AdvisorySource } from "../../deps/advisories/types.js";
import { detectLocalEnvironment, environmentFor, noteEnvironment, type DetectedEnvironment, type MarkerEnvironment, type TargetPlatform } from "../../deps/markers.js";
import { importsInSource } from "../../deps/reachability.js";
import { manifestKind } from "../../deps/manifests/index.js";
import { applyFixes, planDiff, planFixes } from "../../deps/fix.js";
import { renderCycloneDx } from "../../deps/sbom.js";
import { EXIT, UsageError } from "../errors.js";
import { bindDestinations, checkOutputs, recordReportArg, writeFilesAtomic, type ReportArg } from "../output.js";
import { collect, collectChoice } from "../options.js";

/** Report formats `pyward audit` writes. */
export const AUDIT_FORMATS = ["text", "json", "sarif", "cyclonedx"];

/** Options of `pyward audit`, as commander parses them. */
interface AuditCliOptions {
  db?: string;
  online?: boolean;
  ignoreVuln: string[];
  fix?: boolean;
  dryRun?: boolean;
  format: string[];
  output: string[];
  pythonVersion?: string;
  platform?: TargetPlatform;
  sitePackages: string[];
  projectKind?: "application" | "library";
  failOn: Severity;
  exclude?: string[];
  gitignore: boolean;
  quiet?: boolean;
  color?: boolean;
}

/** Everything one audit run produced, for rendering. */
export interface AuditRun {
  result: AuditResult;
  /** Manifests and lockfiles read. */
  manifests: string[];
  /** Python files scanned for imports. */
  pythonFiles: number;
  /** One-line notes (manifest problems as `file:line: message`, audit notes, environment). */
  notes: { path: string; reason: string }[];
  /** Where advisories came from. */
  database: string;
  /** Marker environment description (`CPython 3.12 on linux (local python3)`). */
  environment: string;
}

/** site-packages directories of a virtualenv inside `dir` (`.venv`/`venv`, POSIX and Windows layouts). */
function venvSitePackages(dir: string): string[] {
  const out: string[] = [];
  for (const venv of [".venv", "venv"]) {
    const lib = path.join(dir, venv, "lib");
    try {
      for (const e of fs.readdirSync(lib)) if (/^python\d/.test(e)) out.push(path.join(lib, e, "site-packages"));
    } catch {
      /* no POSIX venv here */
    }
    const win = path.join(dir, venv, "Lib", "site-packages");
    if (fs.existsSync(win)) out.push(win);
  }
  return out.filter((p) => fs.existsSync(p));
}

/** `platform_machine` of this machine as Python spells it on `platform`, from Node's `process.arch`. */
function localMachine(platform: TargetPlatform): string | undefined {
  const arch = process.arch;
  if (arch === "x64") return platform === "win32" ? "AMD64" : "x86_64";
  if (arch === "arm64") return platform === "linux" ? "aarch64" : platform === "win32" ? "ARM64" : "arm64";
  return undefined;
}

/** What {@link markerEnvironment} built. */
export interface MarkerEnvironmentChoice {
  env: MarkerEnvironment;
  /** For the summary line: `Python 3.11 on linux (local python3)`. */
  label: string;
  /**
   * Set (one line) when the local interpreter was asked but did not answer and the default Python version was
   * used instead; also attached to `env` ({@link environmentNote}) for the audit inside `pyward check`.
   */
  note?: string;
}

/**
 * Builds the marker environment: `--python-version` and `--platform` when both are given; the Python version
 * from `--python-version` and this machine's platform when only it is given; the local python3's version (and
 * implementation) on `--platform` when only that is given; the local python3 entirely when neither is. When the
 * local python3 is needed but does not answer, the documented default (CPython 3.12) is used and `note` says so.
 *
 * @param detect how to ask the local interpreter (injected in tests)
 * @throws UsageError for a malformed `--python-version`
 */
export function markerEnvironment(
  opts: { pythonVersion?: string; platform?: TargetPlatform },
  detect: () => DetectedEnvironment = () => detectLocalEnvironment(),
): MarkerEnvironmentChoice {
  if (opts.pythonVersion) {
    const platform = opts.platform ?? (["linux", "darwin", "win32"].includes(process.platform) ? (process.platform as TargetPlatform) : undefined);
    const machine = !opts.platform && platform ? localMachine(platform) : undefined;
    let env: MarkerEnvironment;
    try {
      env = environmentFor({ python: opts.pythonVersion, platform, ...(machine ? { machine } : {}) });
    } catch (e) {
      throw new UsageError(`--python-version: ${(e as Error).message}`);
    }
    return { env, label: `Python ${env.python_version} on ${env.sys_platform}` };
  }
  const local = detect();
  let env: MarkerEnvironment;
  if (opts.platform) {
    const target = environmentFor({ platform: opts.platform });
    env = {
      ...target,
      python_version: local.env.python_version,
      python_full_version: local.env.python_full_version,
      platform_python_implementation: local.env.platform_python_implementation,
      implementation_name: local.env.implementation_name,
      implementation_version: local.env.implementation_version,
    };
  } else env = { ...local.env };
  const what = opts.platform ? "Python version" : "environment";
  if (local.source === "local") {
    return { env, label: `Python ${env.python_version} on ${env.sys_platform} (${opts.platform ? "Python version of the local python3" : "local python3"})` };
  }
  const note = `environment markers are evaluated for the default Python ${env.python_version}${opts.platform ? "" : ` on ${env.sys_platform}`}, not the local interpreter: ${local.reason ?? "python3 did not answer"}; pass --python-version to choose the target`;
  noteEnvironment(env, note);
  return { env, label: `Python ${env.python_version} on ${env.sys_platform} (default ${what}; ${local.reason ?? "no python3 found"})`, note };
}

/**
 * Runs the audit for the CLI: discovery, manifests, advisories, matching, reachability.
 * @throws UsageError for every failure the user can fix (bad option, missing database, network down)
 */
export async function auditForCli(paths: string[], opts: AuditCliOptions): Promise<AuditRun> {
  if (opts.online && opts.db) throw new UsageError("use either --db PATH or --online, not both");
  if (opts.dryRun && !opts.fix) throw new UsageError("--dry-run only makes sense with --fix");
  let ignore: IgnoreEntry[];
  try {
    ignore = opts.ignoreVuln.map(parseIgnore);
  } catch (e) {
    if (e instanceof AuditOptionError) throw new UsageError(e.message);
    throw e;
  }
  const inputs = paths.length ? paths : ["."];
  const { files, notes: discoveryNotes } = discover(inputs, { exclude: opts.exclude, gitignore: opts.gitignore });
  // Found in directories: the names the manifest readers know (`requirements/*.txt`, `dev-requirements.txt`,
  // `constraints.txt` …). Named explicitly: those, and any other `.txt`/`.in`, read as a requirements file.
  const isManifestFile = (f: (typeof files)[number]): boolean => manifestKind(f.path) !== undefined || (f.explicit && /\.(txt|in)$/i.test(f.path));
  const manifestPaths = files.filter(isManifestFile).map((f) => f.path);
  const manifestSet = new Set(manifestPaths);
  const explicitOther = files.filter((f) => f.explicit && !manifestSet.has(f.path) && !/\.pyw?$/i.test(f.path) && f.kind !== "template").map((f) => f.path);
  const collected = collectDependencies(manifestPaths, { env: process.env, fallbackKind: "requirements" });
  const notes: { path: string; reason: string }[] = [...discoveryNotes];
  for (const p of explicitOther) notes.push({ path: p, reason: "not a manifest or lockfile; skipped" });
  // Errors become PW103 findings (runAudit); warnings stay notes.
  for (const p of collected.problems) if (p.severity !== "error") notes.push({ path: `${p.file}:${p.line}`, reason: `${p.severity}: ${p.message}` });

  // Reachability: imports of the Python files under the same paths (lexical scan; nothing is executed).
  const python = files.filter((f) => f.kind === "python" && !manifestSet.has(f.path) && !explicitOther.includes(f.path));
  const imported = new Set<string>();
  for (const f of python) {
    // read like `check` reads sources: regular files only, at most the size limit (a scanned tree is untrusted)
    const read = readSourceFile(f.absPath, DEFAULT_MAX_FILE_SIZE);
    if (!read.ok) continue; // unreadable or too large: the check command reports such files
    for (const m of importsInSource(read.bytes.toString("utf8"))) imported.add(m);
  }
  const sitePackages = [...opts.sitePackages, ...inputs.filter((p) => fs.existsSync(p) && fs.statSync(p).isDirectory()).flatMap(venvSitePackages)];

  const { env, label, note: envNote } = markerEnvironment(opts);
  if (envNote) notes.push({ path: "", reason: envNote });

  let db: AdvisorySource;
  let database: string;
  try {
    if (opts.online) {
      const pinned = collected.dependencies
        .map((d) => ({ name: d.name, version: d.version ?? d.constrainedBy?.version }))
        .filter((q): q is { name: string; version: string } => q.version !== undefined);
      const online = await queryOsvOnline(pinned);
      db = online.db;
      database = online.db.description;
      for (const p of online.problems) notes.push({ path: p.file, reason: p.message });
    } else {
      let opened: OpenedDb | undefined;
      if (opts.db) opened = openAdvisoryDb(opts.db);
      else opened = openDefaultDb();
      if (!opened) throw new UsageError(NO_DATABASE_MESSAGE);
      db = opened.db;
      database = opened.db.description;
      for (const n of opened.notes) notes.push({ path: database, reason: n });
      for (const p of opened.problems.slice(0, 20)) notes.push({ path: `${p.file}:${p.line}`, reason: p.message });
      const shownProblems = Math.min(opened.problems.length, 20);
      if (opened.problemCount > shownProblems) notes.push({ path: database, reason: `${opened.problemCount - shownProblems} more problems in the advisory data` });
    }
  } catch (e) {
    if (e instanceof AdvisoryDbError || e instanceof OnlineError) throw new UsageError(e.message);
    throw e;
  }

  let result: AuditResult;
  try {
    result = runAudit(collected.dependencies, db, {
      ignore,
      environment: env,
      importedModules: python.length ? imported : undefined,
      sitePackages,
      libraryFiles: collected.libraryFiles,
      projectKind: opts.projectKind,
      problems: collected.problems,
    });
  } catch (e) {
    if (e instanceof AdvisoryDbError) throw new UsageError(e.message);
    throw e;
  }
  for (const n of result.notes) notes.push({ path: "audit", reason: n });
  return { result, manifests: collected.files, pythonFiles: python.length, notes, database, environment: label };
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;
}

/** Every finding of the run (PW101, PW102, PW103), sorted by file, line, column, code, message. */
export function auditFindings(run: AuditRun): Finding[] {
  return [...run.result.findings, ...run.result.manifestErrors].sort(
    (a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column || (a.code < b.code ? -1 : a.code > b.code ? 1 : a.message < b.message ? -1 : a.message > b.message ? 1 : 0)),
  );
}

/** The one-line audit summary of the text report. */
export function auditSummary(run: AuditRun): string {
  const vulns = run.result.findings.filter((f) => f.code === "PW101");
  const unpinned = run.result.findings.filter((f) => f.code === "PW102").length;
  const errors = run.result.manifestErrors.length;
  const count = { high: 0, medium: 0, low: 0 };
  for (const f of vulns) count[f.severity]++;
  const packages = new Set(vulns.map((f) => `${f.package.name.toLowerCase()}@${f.package.version}`)).size;
  const what = vulns.length
    ? `${plural(vulns.length, "known vulnerability").replace("vulnerabilitys", "vulnerabilities")} in ${plural(packages, "package")} (${count.high} high, ${count.medium} medium, ${count.low} low)`
    : "no known vulnerabilities";
  const left = run.result.excludedByMarker ? `, ${run.result.excludedByMarker} left out by markers` : "";
  return `Audited ${plural(run.result.audited.length, "dependency").replace("dependencys", "dependencies")} from ${plural(run.manifests.length, "file")} against ${run.database} (markers for ${run.environment}${left}): ${what}, ${plural(unpinned, "unpinned requirement")}${errors ? `, ${plural(errors, "manifest error")}` : ""}.`;
}

/** A ScanResult carrying the audit's findings, for the shared text/json/sarif renderers. */
function asScanResult(run: AuditRun): ScanResult {
  return {
    findings: auditFindings(run),
    files: { python: run.pythonFiles, template: 0, manifest: run.manifests.length },
    lines: 0,
    problemFiles: 0,
    notes: run.notes,
    errors: [],
    rules: [vulnerableDependency, unpinnedDependency, manifestError],
  };
}

/**
 * Renders one report format. Text: the shared finding lines, then the audit summary, then the CC-BY credit
 * as the final line when advisory text was shown. json: the shared report plus `audit` and
 * `advisoryAttribution` properties. sarif: the shared report with the credit in `runs[0].properties`.
 * cyclonedx: the SBOM.
 */
export function renderAudit(format: string, run: AuditRun, options: { color?: boolean } = {}): string {
  const attribution = run.result.attribution;
  if (format === "cyclonedx") return renderCycloneDx(run.result, { projectName: path.basename(process.cwd()) });
  const scan = asScanResult(run);
  if (format === "text") {
    const lines = renderReport("text", scan, options).replace(/\n$/, "").split("\n");
    // Replace the scan summary (about Python files) with the audit's own.
    while (lines.length && /^(Found \d|No findings in )/.test(lines[lines.length - 1])) lines.pop();
    lines.push(auditSummary(run), ...attribution);
    return `${lines.join("\n")}\n`;
  }
  const text = renderReport(format, scan, options);
  if (format === "json") {
    const report = JSON.parse(text) as Record<string, unknown>;
    report.audit = {
      database: run.database,
      environment: run.environment,
      files: run.manifests,
      dependencies: run.result.audited.length,
      excludedByMarker: run.result.excludedByMarker,
      vulnerable: run.result.audited.filter((a) => a.vulnerabilities.length > 0 && !a.reportedAt).length,
    };
    report.advisoryAttribution = attribution;
    return `${JSON.stringify(report, null, 2)}\n`;
  }
  if (format === "sarif" && attribution.length) {
    const log = JSON.parse(text) as { runs: { properties?: Record<string, unknown> }[] };
    for (const r of log.runs) r.properties = { ...(r.properties ?? {}), advisoryAttribution: attribution };
    return `${JSON.stringify(log, null, 2)}\n`;
  }
  return text;
}

/** Registers `audit` on the program. */
export function register(program: Command): void {
  const levels = ["low", "medium", "high"];
  /** `--format` and `--output` values in command-line order: each format binds to the output after it. */
  const reportArgs: ReportArg[] = [];
  program
    .command("audit")
    .description("audit dependencies (requirements, pyproject.toml, setup.cfg, lockfiles) for known vulnerabilities and loose pins")
    .argument("[paths...]", "manifests, lockfiles or directories to search for them (default: .)")
    .option("--db <path>", "OSV advisories: a directory of OSV JSON files, a zip of them (OSV's PyPI/all.zip) or a JSON array; indexed once into the cache")
    .option("--online", "query the OSV API (api.osv.dev, or $PYWARD_OSV_API) instead of a local database")
    .option("--ignore-vuln <id[:YYYY-MM-DD]>", "ignore an advisory (id or alias), optionally until a date (repeatable)", collect, [])
    .option("--fix", "rewrite vulnerable pins in requirements files and pyproject.toml to the smallest safe version")
    .option("--dry-run", "with --fix: print a unified diff instead of writing files")
    .addOption(new Option("--format <format>", "report format (repeatable; applies to the --output that follows it)").argParser(recordReportArg(reportArgs, "format", collectChoice(AUDIT_FORMATS))).default([]))
    .option("-o, --output <file>", "write the report to FILE ('-' for standard output) instead of standard output (repeatable)", recordReportArg(reportArgs, "output", collect), [])
    .option("--python-version <X.Y>", "target Python version for environment markers (default: the local python3, else 3.12)")
    .addOption(new Option("--platform <platform>", "target platform for environment markers (default: this machine's)").choices(["linux", "darwin", "win32"]))
    .option("--site-packages <dir>", "site-packages whose *.dist-info/top_level.txt map packages to import names (repeatable; .venv is found by itself)", collect, [])
    .addOption(new Option("--project-kind <kind>", "treat the project as an application (report unpinned requirements) or a library (never)").choices(["application", "library"]))
    .addOption(new Option("--fail-on <severity>", "exit 1 when a finding has at least this severity").choices(levels).default("low"))
    .option("--no-gitignore", "do not honour .gitignore files when searching directories")
    .option("-q, --quiet", "print nothing but the report")
    .option("--no-color", "never colour text output (NO_COLOR is honoured too)")
    .action(async (paths: string[], opts: AuditCliOptions) => {
      const destinations = bindDestinations(reportArgs);
      if (opts.dryRun && destinations.some((d) => !d.file && d.format !== "text")) {
        throw new UsageError("--dry-run prints a diff on standard output; write the report to a file with --output");
      }
      checkOutputs(destinations.flatMap((d) => (d.file ? [{ option: "--output", file: d.file }] : [])));
      const run = await auditForCli(paths, opts);
      let fixedFiles = new Set<string>();
      let diff = "";
      if (opts.fix) {
        const plan = planFixes(run.result.audited);
        if (opts.dryRun) diff = planDiff(plan);
        else {
          try {
            applyFixes(plan);
          } catch (e) {
            throw new UsageError((e as Error).message);
          }
        }
        fixedFiles = new Set(plan.changes.map((c) => `${c.file}\0${c.line}`));
        if (!opts.quiet) {
          for (const c of plan.changes) {
            process.stderr.write(`pyward: ${opts.dryRun ? "would bump" : "bumped"} ${c.name} ${c.from} → ${c.to} in ${c.file}:${c.line}\n`);
          }
          for (const m of plan.messages) process.stderr.write(`pyward: note: ${m}\n`);
          if (plan.changes.length === 0) process.stderr.write("pyward: --fix: nothing to rewrite\n");
        }
      }
      // every report file in one step (all or none), then standard output
      const reports = destinations.map((d) => {
        const color = d.format === "text" && !d.file && opts.color !== false && !process.env.NO_COLOR && process.stdout.isTTY === true;
        return { file: d.file, text: renderAudit(d.format, run, { color }) };
      });
      writeFilesAtomic(reports.flatMap((r) => (r.file ? [{ file: r.file, text: r.text }] : [])));
      for (const r of reports) if (!r.file) process.stdout.write(r.text);
      if (diff) process.stdout.write(diff);
      // Findings whose pin --fix rewrote (not in a dry run) no longer fail the run.
      const remaining = auditFindings(run).filter((f) => opts.dryRun || !fixedFiles.has(`${f.path}\0${f.line}`) || f.code !== "PW101");
      process.exitCode = remaining.some((f) => LEVEL_RANK[f.severity] >= LEVEL_RANK[opts.failOn]) ? EXIT.findings : EXIT.clean;
    });
}
