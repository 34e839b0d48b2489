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
import { LEVEL_RANK, type Severity } from "../../engine/finding.js";
import type { ScanResult } from "../../engine/run.js";
import { renderReport } from "../../report/index.js";
import vulnerableDependency from "../../rules/deps/vulnerable-dependency.js";
import unpinnedDependency from "../../rules/deps/unpinned-dependency.js";
import { AuditOptionError, collectDependencies, parseIgnore, runAudit, type AuditResult, type IgnoreEntry } from "../../deps/audit.js";
import { AdvisoryDbError } from "../../deps/advisories/load.js";
import { NO_DATABASE_MESSAGE, openAdvisoryDb, openDefaultDb, type OpenedDb } from "../../deps/advisories/store.js";
import { OnlineError, queryOsvOnline } from "../../deps/advisories/online.js";
import type { AdvisorySource } from "../../deps/advisories/types.js";
import { detectLocalEnvironment, environmentFor, type MarkerEnvironment, type TargetPlatform } from "../../deps/markers.js";
import { importsInSource } from "../../deps/reachability.js";
import { manifestKind } from "../../deps/manifests/index.js";
import { applyFixes, planDiff, planFixes } from "../../deps/fix.js";
import { renderCycloneDx } from "../../deps/sbom.js";
import { EXIT, UsageError } from "../errors.js";
import { pairDestinations, writeFileAtomic } from "../output.js";
import { collect } from "../options.js";

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

/**
 * Builds the marker environment from `--python-version` / `--platform`, else the local python3, else the default.
 * @throws UsageError for a malformed `--python-version`
 */
export function markerEnvironment(opts: { pythonVersion?: string; platform?: TargetPlatform }): { env: MarkerEnvironment; label: string } {
  if (opts.pythonVersion || opts.platform) {
    let env: MarkerEnvironment;
    try {
      env = environmentFor({ python: opts.pythonVersion, platform: opts.platform });
    } catch (e) {
      throw new UsageError(`--python-version: ${(e as Error).message}`);
    }
    return { env, label: `Python ${env.python_version} on ${env.sys_platform}` };
  }
  const { env, source } = detectLocalEnvironment();
  return { env, label: `Python ${env.python_version} on ${env.sys_platform} (${source === "local" ? "local python3" : "default; no python3 found"})` };
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
  // Found in directories: only names the manifest readers know (a `constraints.txt` is read through `-c`).
  // Named explicitly: any `.txt`/`.in` is read as a requirements file.
  const explicitReq = (f: (typeof files)[number]): boolean => f.explicit && manifestKind(f.path) === undefined && /\.(txt|in)$/i.test(f.path);
  const manifestPaths = files.filter((f) => (f.kind === "manifest" && manifestKind(f.path) !== undefined) || explicitReq(f)).map((f) => f.path);
  const manifestSet = new Set(manifestPaths);
  const explicitOther = files.filter((f) => f.explicit && !manifestSet.has(f.path) && !/\.pyw?$/i.test(f.path) && f.kind !== "template").map((f) => f.path);
  const collected = collectDependencies(manifestPaths, { env: process.env, fallbackKind: "requirements" });
  const notes: { path: string; reason: string }[] = [...discoveryNotes];
  for (const p of explicitOther) notes.push({ path: p, reason: "not a manifest or lockfile; skipped" });
  for (const p of collected.problems) notes.push({ path: `${p.file}:${p.line}`, reason: `${p.severity}: ${p.message}` });

  // Reachability: imports of the Python files under the same paths (lexical scan; nothing is executed).
  const python = files.filter((f) => f.kind === "python" && !manifestSet.has(f.path) && !explicitOther.includes(f.path));
  const imported = new Set<string>();
  for (const f of python) {
    try {
      for (const m of importsInSource(fs.readFileSync(f.absPath, "utf8"))) imported.add(m);
    } catch {
      /* unreadable: the check command reports such files */
    }
  }
  const sitePackages = [...opts.sitePackages, ...inputs.filter((p) => fs.existsSync(p) && fs.statSync(p).isDirectory()).flatMap(venvSitePackages)];

  const { env, label } = markerEnvironment(opts);

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
      if (opened.problems.length > 20) notes.push({ path: database, reason: `${opened.problems.length - 20} more problems in the advisory data` });
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

/** The one-line audit summary of the text report. */
export function auditSummary(run: AuditRun): string {
  const vulns = run.result.findings.filter((f) => f.code === "PW101");
  const unpinned = run.result.findings.filter((f) => f.code === "PW102").length;
  const count = { high: 0, medium: 0, low: 0 };
  for (const f of vulns) count[f.severity]++;
  const packages = new Set(vulns.map((f) => `${f.package.name.toLowerCase()}@${f.package.version}`)).size;
  const what = vulns.length
    ? `${plural(vulns.length, "known vulnerability").replace("vulnerabilitys", "vulnerabilities")} in ${plural(packages, "package")} (${count.high} high, ${count.medium} medium, ${count.low} low)`
    : "no known vulnerabilities";
  const left = run.result.excludedByMarker ? `, ${run.result.excludedByMarker} left out by markers` : "";
  return `Audited ${plural(run.result.audited.length, "dependency").replace("dependencys", "dependencies")} from ${plural(run.manifests.length, "file")} against ${run.database} (markers for ${run.environment}${left}): ${what}, ${plural(unpinned, "unpinned requirement")}.`;
}

/** A ScanResult carrying the audit's findings, for the shared text/json/sarif renderers. */
function asScanResult(run: AuditRun): ScanResult {
  return {
    findings: run.result.findings,
    files: { python: run.pythonFiles, template: 0, manifest: run.manifests.length },
    lines: 0,
    problemFiles: 0,
    notes: run.notes,
    errors: [],
    rules: [vulnerableDependency, unpinnedDependency],
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
      vulnerable: run.result.audited.filter((a) => a.vulnerabilities.length > 0).length,
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
  program
    .command("audit")
    .description("audit dependencies (requirements, pyproject.toml, setup.cfg, lockfiles) for known vulnerabilities and loose pins")
    .argument("[paths...]", "manifests, lockfiles or directories to search for them (default: .)")
    .option("--db <path>", "OSV advisories: a directory of OSV JSON files, a zip of them (OSV's PyPI/all.zip) or a JSON array; indexed once into the cache")
    .option("--online", "query the OSV API (api.osv.dev, or $PYWARD_OSV_API) instead of a local database")
    .option("--ignore-vuln <id[:YYYY-MM-DD]>", "ignore an advisory (id or alias), optionally until a date (repeatable)", collect, [])
    .option("--fix", "rewrite vulnerable pins in requirements files and pyproject.toml to the smallest safe version")
    .option("--dry-run", "with --fix: print a unified diff instead of writing files")
    .addOption(new Option("--format <format>", "report format (repeatable, paired with --output in order)").choices(AUDIT_FORMATS).argParser(collect).default([]))
    .option("-o, --output <file>", "write the report to FILE instead of standard output (repeatable)", collect, [])
    .option("--python-version <X.Y>", "target Python version for environment markers (default: the local python3, else 3.12)")
    .addOption(new Option("--platform <platform>", "target platform for environment markers (default: this machine's)").choices(["linux", "darwin", "win32"]))
    .option("--site-packages <dir>", "site-packages whose *.dist-info/top_level.txt map packages to import names (repeatable; .venv is found by itself)", collect, [])
    .addOption(new Option("--project-kind <kind>", "treat the project as an application (report unpinned requirements) or a library (never)").choices(["application", "library"]))
    .addOption(new Option("--fail-on <severity>", "exit 1 when a finding has at least this severity").choices(levels).default("low"))
    .option("--no-gitignore", "do not honour .gitignore files when searching directories")
    .option("-q, --quiet", "print nothing but the report")
    .option("--no-color", "never colour text output (NO_COLOR is honoured too)")
    .action(async (paths: string[], opts: AuditCliOptions) => {
      const destinations = pairDestinations(opts.format, opts.output);
      if (opts.dryRun && destinations.some((d) => !d.file && d.format !== "text")) {
        throw new UsageError("--dry-run prints a diff on standard output; write the report to a file with --output");
      }
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
      for (const d of destinations) {
        const color = d.format === "text" && !d.file && opts.color !== false && !process.env.NO_COLOR && process.stdout.isTTY === true;
        const text = renderAudit(d.format, run, { color });
        if (d.file) writeFileAtomic(d.file, text);
        else process.stdout.write(text);
      }
      if (diff) process.stdout.write(diff);
      // Findings whose pin --fix rewrote (not in a dry run) no longer fail the run.
      const remaining = run.result.findings.filter((f) => opts.dryRun || !fixedFiles.has(`${f.path}\0${f.line}`) || f.code !== "PW101");
      process.exitCode = remaining.some((f) => LEVEL_RANK[f.severity] >= LEVEL_RANK[opts.failOn]) ? EXIT.findings : EXIT.clean;
    });
}
