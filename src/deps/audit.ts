/**
 * The dependency audit: dependencies (from manifest and lockfile readers) × advisories (OSV) → findings.
 *
 * - PW101 `vulnerable-dependency`: a pinned or locked version affected by an advisory; one finding per
 *   vulnerability (aliases merged) per manifest entry, severity from the advisory, the smallest fixed version
 *   the vulnerability does not also affect, and whether the scanned code imports the package.
 * - PW102 `unpinned-dependency`: in an application, a requirement with no version or only lower bounds that no
 *   lockfile or exact pin in the project covers.
 * - PW103 `manifest-error`: a manifest reading error (not a mere warning) at its file and line: a missing `-r`
 *   include, an invalid requirement line, invalid TOML or JSON. What the broken part declares is not audited.
 *
 * A package pinned both by a manifest (`pyproject.toml`, a requirements file) and by a lockfile in the same
 * directory or a parent directory is reported once, at the lockfile entry: the version actually installed.
 *
 * Runs in the project phase, in the main thread; reads only manifest text (for finding positions) and, when
 * asked, installed `*.dist-info` metadata. Never touches the network.
 *
 * `--ignore-vuln` parsing lives in `audit-ignore.ts`, the upgrade advice in `advice.ts` and manifest collection
 * in `collect.ts`; this module re-exports their public names.
 */
import { createHash } from "node:crypto";
import path from "node:path";
import { compareFindings, type Finding, type Severity } from "../engine/finding.js";
import type { RuleMeta } from "../rules/types.js";
import vulnerableDependency from "../rules/deps/vulnerable-dependency.js";
import unpinnedDependency from "../rules/deps/unpinned-dependency.js";
import manifestError from "../rules/deps/manifest-error.js";
import type { Dependency, ManifestProblem } from "./types.js";
import { isConstraintsName, manifestKind } from "./manifests/index.js";
import { AdvisoryDbError } from "./advisories/load.js";
import { openAdvisoryDb, openDefaultDb, type OpenedDb } from "./advisories/store.js";
import type { AdvisorySource } from "./advisories/types.js";
import { isAffected, matchVersion, safeFromVersion, type Vulnerability } from "./advisories/match.js";
import { isPep440 } from "./advisories/version.js";
import { attributionFor } from "./advisories/attribution.js";
import { environmentNote, markerApplies, type MarkerEnvironment } from "./markers.js";
import { readInstalledTopLevel, reachability, type InstalledTopLevel } from "./reachability.js";
import { parseIgnore, type IgnoreEntry } from "./audit-ignore.js";
import { fixAdvice, fixedCandidates, smallestSafeVersion } from "./advice.js";
import { collectDependencies } from "./collect.js";
import { readManifestText, tryReadManifestText } from "./manifests/read-file.js";
import { isSpace, trimEndWhile } from "../util/text.js";

export { AuditOptionError, parseIgnore, type IgnoreEntry } from "./audit-ignore.js";
export { smallestSafeVersion } from "./advice.js";
export { collectDependencies, type CollectedDependencies } from "./collect.js";

/** Options of {@link runAudit}. */
export interface AuditOptions {
  /** Vulnerabilities to leave out: ids or aliases, as strings (`ID[:YYYY-MM-DD]`) or parsed entries. */
  ignore?: readonly (string | IgnoreEntry)[];
  /** Today's date for ignore expiry, `YYYY-MM-DD` (default: the current UTC date). */
  today?: string;
  /**
   * Top-level module names the scanned code imports (`import yaml.constructor` → `yaml`). When given, each
   * vulnerable package is marked imported or not (message and `package.imported`); when absent, unknown.
   */
  importedModules?: ReadonlySet<string>;
  /** site-packages directories whose `*.dist-info/top_level.txt` map distributions to import names. */
  sitePackages?: readonly string[];
  /** Already-read installed metadata (overrides `sitePackages`). */
  installed?: InstalledTopLevel;
  /**
   * Target environment for PEP 508 markers: a dependency whose marker is false there is left out. When
   * absent, markers are not evaluated (every dependency counts).
   */
  environment?: MarkerEnvironment;
  /**
   * Force the project kind for PW102: `application` reports unpinned requirements everywhere, `library`
   * nowhere. Default: decided per directory from `libraryFiles`.
   */
  projectKind?: "application" | "library";
  /**
   * Manifests the readers found to declare a library (pyproject.toml / setup.cfg with `isLibrary`). Requirements
   * in the same directory or below are not reported as unpinned.
   */
  libraryFiles?: Iterable<string>;
  /**
   * Reads a manifest's text for finding positions and code frames (default: `tryReadManifestText`: regular
   * files of at most 10 MB, never blocking; a file it refuses has no snippet).
   */
  readFile?: (file: string) => string | undefined;
  /**
   * Problems the manifest readers met ({@link CollectedDependencies.problems}): each `error` becomes a PW103
   * finding at its file and line (in {@link AuditResult.manifestErrors}); warnings are left to the caller.
   */
  problems?: readonly ManifestProblem[];
}

/** What a dependency finding says about its package (extends {@link Finding}'s `package`). */
export interface AuditPackage {
  /** Name as written in the manifest. */
  name: string;
  /** Pinned / locked version. */
  version?: string;
  /** PW101: safe fixed versions of this vulnerability, ascending; the first is the smallest. */
  fixedIn?: string[];
  /** PW101: the vulnerability's id first, then every alias (CVE, GHSA, …). */
  advisories?: string[];
  /** PW101: true when the scanned code imports the package, false when not; absent when unknown. */
  imported?: boolean;
  /** PW101: import names that matched (when imported) or that were looked for (when not). */
  importNames?: string[];
  /** PW101: the advisory's one-line summary. */
  summary?: string;
  /** PW101: CVSS v3 base score and vector, when the advisory gives one. */
  cvssScore?: number;
  cvssVector?: string;
  /** PW102: the specifier as written (`>=2.2`), "" when none. */
  specifier?: string;
}

/** A finding of the audit: a {@link Finding} whose `package` is an {@link AuditPackage}. */
export interface AuditFinding extends Finding {
  package: AuditPackage;
}

/** Per dependency: what matched, for `--fix` and the SBOM. */
export interface AuditedDependency {
  dependency: Dependency;
  /** The version matched (the pin, a lockfile version, or the version a pip constraint pins). */
  version?: string;
  /** Vulnerabilities reported (ignored ones left out). */
  vulnerabilities: Vulnerability[];
  /**
   * Smallest version above `version` that no (non-ignored) advisory of the package affects, taken among the
   * advisories' fixed versions; undefined when there is none or nothing is vulnerable.
   */
  safeVersion?: string;
  /**
   * Set for a manifest entry whose package a lockfile in the same or a parent directory pins: that lockfile
   * entry (the installed version) carries the findings, so `vulnerabilities` here produce none (they are kept
   * for `--fix`, which still bumps the manifest pin).
   */
  reportedAt?: { file: string; line: number };
}

/** The outcome of {@link runAudit}. */
export interface AuditResult {
  /** PW101 and PW102 findings, sorted by file, line, code, message. */
  findings: AuditFinding[];
  /** PW103 findings (manifest errors from {@link AuditOptions.problems}), sorted the same way. */
  manifestErrors: Finding[];
  /** Every dependency that counted (markers true), with its vulnerabilities. */
  audited: AuditedDependency[];
  /** Dependencies left out because their PEP 508 marker is false for the target environment. */
  excludedByMarker: number;
  /** One-line notes: expired or unused ignores, markers that could not be evaluated, versions not PEP 440. */
  notes: string[];
  /** Credit lines owed for the advisory text in the findings (empty when there is none). */
  attribution: string[];
}

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

function fingerprint(code: string, ...parts: string[]): string {
  return createHash("sha256").update([code, ...parts].join("\0")).digest("hex").slice(0, 32);
}

function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Region of a dependency on its line: from its name to the end of the entry (comment and trailing space excluded). */
function regionOf(dep: Dependency, lineText: string | undefined): { column: number; endColumn: number } {
  if (lineText === undefined) return { column: 1, endColumn: 1 };
  const lower = lineText.toLowerCase();
  let at = lower.indexOf(dep.name.toLowerCase());
  if (at < 0) at = lower.indexOf(dep.normalizedName);
  const firstNonSpace = lineText.length - lineText.trimStart().length;
  const start = at >= 0 ? at : firstNonSpace;
  let end = lineText.length;
  const hash = lineText.search(/\s#/);
  if (hash >= start) end = hash;
  end = start + trimEndWhile(lineText.slice(start, end), (c) => c === "\\" || isSpace(c)).length;
  if (end <= start) end = lineText.length;
  return { column: codePoints(lineText.slice(0, start)) + 1, endColumn: codePoints(lineText.slice(0, end)) + 1 };
}

function makeAuditFinding(meta: RuleMeta, dep: Dependency, lineText: string | undefined, message: string, severity: Severity, pkg: AuditPackage, fp: string): AuditFinding {
  const { column, endColumn } = regionOf(dep, lineText);
  const f: AuditFinding = {
    code: meta.code,
    name: meta.name,
    practice: meta.practice,
    severity,
    confidence: meta.confidence,
    cwe: [...meta.cwe],
    aliases: [...meta.aliases],
    message,
    path: dep.file,
    line: dep.line,
    column,
    endLine: dep.line,
    endColumn,
    fingerprint: fp,
    statementLines: [dep.line, dep.line],
    package: pkg,
  };
  if (lineText !== undefined) f.snippet = [lineText];
  return f;
}

/** `text` without its final dots and whitespace: `text.replace(/[.\s]+$/, "")` in linear time. */
function withoutFinalDots(text: string): string {
  return trimEndWhile(text, (c) => c === "." || isSpace(c));
}

/** A PW103 finding for a manifest reading error, spanning its line (leading and trailing space excluded). */
function makeManifestErrorFinding(p: ManifestProblem, lineText: string | undefined): Finding {
  const meta = manifestError.meta;
  let column = 1;
  let endColumn = 1;
  if (lineText !== undefined && lineText.trim() !== "") {
    const start = lineText.length - lineText.trimStart().length;
    const end = lineText.trimEnd().length;
    column = codePoints(lineText.slice(0, start)) + 1;
    endColumn = codePoints(lineText.slice(0, end)) + 1;
  }
  // words naming a path (with `/` or `\`) are dropped; each word is matched once, from its start
  const stable = lineText?.trim().replace(/\s+/g, " ") || p.message.replace(/\S+/g, (w) => (w.includes("/") || w.includes("\\") ? "" : w));
  const f: Finding = {
    code: meta.code,
    name: meta.name,
    practice: meta.practice,
    severity: meta.severity,
    confidence: meta.confidence,
    cwe: [...meta.cwe],
    aliases: [...meta.aliases],
    message: `${withoutFinalDots(p.message)}; what this part of the file declares is not audited`,
    path: p.file,
    line: Math.max(1, p.line),
    column,
    endLine: Math.max(1, p.line),
    endColumn,
    fingerprint: fingerprint(meta.code, stable),
    statementLines: [Math.max(1, p.line), Math.max(1, p.line)],
  };
  if (lineText !== undefined) f.snippet = [lineText];
  return f;
}

/**
 * True when the specifier (PEP 440) fixes no upper bound: empty, or made only of `>=`, `>`, `!=` clauses. For
 * Poetry alternatives (`>=1.0,<1.5 || >=2.0`, see `Dependency.specifier`) each alternative is a range of its
 * own: the whole is loose when any alternative is.
 */
export function isLoose(specifier: string): boolean {
  const alternatives = specifier.split("||");
  if (alternatives.length > 1) return alternatives.some((a) => isLoose(a));
  const clauses = specifier.split(",").map((c) => c.trim()).filter(Boolean);
  if (clauses.length === 0) return true;
  return clauses.every((c) => /^(>=|>|!=)/.test(c));
}

function isAncestorOrSame(dir: string, of: string): boolean {
  const rel = path.relative(dir, of);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

function vulnMessage(
  dep: Dependency,
  version: string,
  v: Vulnerability,
  reach: string,
  via: string,
  safe: string | undefined,
  safeFrom: string | undefined,
  othersAffect: (version: string) => boolean,
): string {
  const aka = v.aliases.length ? ` (${v.aliases.join(", ")})` : "";
  const cvss = v.score !== undefined ? `, CVSS ${v.score.toFixed(1)}` : "";
  const summary = v.summary ? `: ${withoutFinalDots(v.summary)}` : "";
  return `${dep.name} ${version}${via} is affected by ${v.id}${aka}${cvss}${summary}${fixAdvice(dep.name, v, safe, safeFrom, othersAffect)}${reach}`;
}

/**
 * Audits dependencies against an advisory source.
 *
 * @param dependencies from the manifest/lockfile readers (constraint entries are ignored)
 * @param db advisories by PEP 503 name; may be undefined to report only PW102
 * @throws AuditOptionError for a malformed ignore entry; any other bad input becomes a note
 */
export function runAudit(dependencies: readonly Dependency[], db: AdvisorySource | undefined, options: AuditOptions = {}): AuditResult {
  const notes: string[] = [];
  const today = options.today ?? todayUtc();
  const ignores = (options.ignore ?? []).map((e) => (typeof e === "string" ? parseIgnore(e) : e));
  const ignoreUsed = new Set<IgnoreEntry>();
  const expiredSeen = new Set<string>();
  const installed = options.installed ?? (options.sitePackages?.length ? readInstalledTopLevel(options.sitePackages) : undefined);
  const texts = new Map<string, string[] | undefined>();
  const readFile = options.readFile ?? ((f: string) => tryReadManifestText(f));
  const lineOf = (file: string, line: number): string | undefined => {
    if (!texts.has(file)) {
      const t = readFile(file);
      texts.set(file, t === undefined ? undefined : t.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/));
    }
    return texts.get(file)?.[line - 1];
  };

  // 1. Dependencies that count in the target environment.
  const deps: Dependency[] = [];
  const seen = new Set<string>();
  let excludedByMarker = 0;
  for (const d of dependencies) {
    if (d.constraint) continue;
    const key = `${d.file}\0${d.line}\0${d.normalizedName}\0${d.version ?? ""}\0${d.specifier}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (options.environment && d.marker) {
      const m = markerApplies(d.marker, options.environment);
      if (m.error?.kind === "evaluation") notes.push(`${d.file}:${d.line}: marker of ${d.name} could not be evaluated (${m.error.message}); the dependency is audited`);
      if (!m.applies) {
        excludedByMarker++;
        continue;
      }
    }
    deps.push(d);
  }

  const findings: AuditFinding[] = [];
  const audited: AuditedDependency[] = [];
  const shownIds = new Set<string>();
  const imported = options.importedModules;
  // Lockfile entries (whatever their marker) that pin a package for manifests in their directory or below.
  const lockEntries = dependencies.filter((d) => d.locked && !d.constraint && d.version !== undefined);
  // A pip-tools input (`requirements.in`) beside its compiled output (`requirements.txt`): the output pins what
  // is installed, so it reports the package, once, like a lockfile does for its manifests.
  const compiledPins = new Map<string, Dependency>();
  for (const d of dependencies) if (!d.constraint && d.version !== undefined && /\.txt$/i.test(d.file)) compiledPins.set(`${d.file.slice(0, -4).toLowerCase()}\0${d.normalizedName}`, d);
  const compiledFor = (dep: Dependency): Dependency | undefined =>
    /\.in$/i.test(dep.file) ? compiledPins.get(`${dep.file.slice(0, -3).toLowerCase()}\0${dep.normalizedName}`) : undefined;
  const lockFor = (dep: Dependency): Dependency | undefined =>
    dep.locked ? undefined : (lockEntries.find((l) => l.normalizedName === dep.normalizedName && isAncestorOrSame(path.dirname(l.file), path.dirname(dep.file))) ?? compiledFor(dep));

  // 2. Vulnerabilities (PW101).
  for (const dep of deps) {
    const version = dep.version ?? dep.constrainedBy?.version;
    const entry: AuditedDependency = { dependency: dep, vulnerabilities: [] };
    if (version !== undefined) entry.version = version;
    audited.push(entry);
    if (version === undefined || !db) continue;
    if (!isPep440(version)) notes.push(`${dep.file}:${dep.line}: ${dep.name} ${version} is not a PEP 440 version; matched only against exact versions listed by advisories`);
    const advisories = db.lookup(dep.normalizedName);
    if (advisories.length === 0) continue;
    const keep: Vulnerability[] = [];
    for (const v of matchVersion(advisories, version)) {
      const names = [v.id, ...v.aliases].map((s) => s.toUpperCase());
      const hit = ignores.find((i) => names.includes(i.id.toUpperCase()));
      if (hit) {
        ignoreUsed.add(hit);
        if (!hit.until || today <= hit.until) continue;
        if (!expiredSeen.has(`${hit.id}:${hit.until}`)) {
          expiredSeen.add(`${hit.id}:${hit.until}`);
          notes.push(`--ignore-vuln ${hit.id}:${hit.until} expired; ${v.id} is reported again`);
        }
      }
      keep.push(v);
    }
    entry.vulnerabilities = keep;
    if (keep.length === 0) continue;
    const ignoredIds = new Set<string>();
    for (const v of matchVersion(advisories, version)) if (!keep.some((k) => k.id === v.id)) for (const a of v.advisories) ignoredIds.add(a.id);
    const considered = advisories.filter((a) => !ignoredIds.has(a.id));
    const safe = smallestSafeVersion(considered, version);
    if (safe !== undefined) entry.safeVersion = safe;
    const safeFrom = safeFromVersion(considered, fixedCandidates(considered, version));
    const reach = imported ? reachability(dep.name, imported, installed) : undefined;
    const reachText = !reach
      ? ""
      : reach.imported
        ? `; the scanned code imports it (${reach.via.join(", ")})`
        : `; the scanned code does not import it (looked for ${reach.importNames.join(", ")})`;
    const via = dep.version === undefined && dep.constrainedBy ? ` (pinned by ${dep.constrainedBy.file}:${dep.constrainedBy.line})` : "";
    const lock = lockFor(dep);
    if (lock) {
      // The lockfile entry reports what is installed; the manifest pin is kept only for --fix.
      entry.reportedAt = { file: lock.file, line: lock.line };
      continue;
    }
    for (const v of keep) {
      shownIds.add(v.id);
      for (const a of v.advisories) shownIds.add(a.id);
      const pkg: AuditPackage = { name: dep.name, version, fixedIn: v.fixedIn, advisories: [v.id, ...v.aliases] };
      if (reach) {
        pkg.imported = reach.imported;
        pkg.importNames = reach.imported ? reach.via : reach.importNames;
      }
      if (v.summary) pkg.summary = v.summary;
      if (v.score !== undefined) pkg.cvssScore = v.score;
      if (v.vector) pkg.cvssVector = v.vector;
      findings.push(
        makeAuditFinding(
          vulnerableDependency.meta,
          dep,
          lineOf(dep.file, dep.line),
          vulnMessage(dep, version, v, reachText, via, safe, safeFrom, (x) => considered.some((a) => !v.advisories.includes(a) && isAffected(a, x))),
          v.severity,
          pkg,
          fingerprint(vulnerableDependency.meta.code, dep.normalizedName, v.id),
        ),
      );
    }
  }

  // 3. Unpinned requirements in applications (PW102).
  if (options.projectKind !== "library") {
    const libraryDirs = [...(options.libraryFiles ?? [])].map((f) => path.dirname(f));
    const pins = deps.filter((d) => d.version !== undefined || d.constrainedBy?.version !== undefined);
    for (const dep of deps) {
      if (dep.locked || dep.version !== undefined || dep.constrainedBy?.version !== undefined) continue;
      if (dep.url !== undefined || dep.editable) continue;
      if (dep.kind !== "requirements" && dep.kind !== "pyproject" && dep.kind !== "setup.cfg") continue;
      if (dep.kind === "requirements" && isConstraintsName(dep.file)) continue; // a constraints file read on its own installs nothing
      const spec = dep.specifier.trim();
      if (!isLoose(spec)) continue;
      const dir = path.dirname(dep.file);
      if (options.projectKind !== "application" && libraryDirs.some((l) => isAncestorOrSame(l, dir))) continue;
      if (pins.some((p) => p.normalizedName === dep.normalizedName && isAncestorOrSame(path.dirname(p.file), dir))) continue;
      const what = !spec ? "has no version" : spec.includes("||") ? `has an alternative with no upper bound (${dep.rawSpecifier ?? spec})` : `has only a lower bound (${spec})`;
      findings.push(
        makeAuditFinding(
          unpinnedDependency.meta,
          dep,
          lineOf(dep.file, dep.line),
          `${dep.name} ${what} and no lockfile pins it; pin an exact version (or lock the project) so every install gets the audited version`,
          unpinnedDependency.meta.severity,
          { name: dep.name, specifier: spec },
          fingerprint(unpinnedDependency.meta.code, dep.normalizedName, spec.replace(/\s+/g, "")),
        ),
      );
    }
  }

  // 4. Manifest reading errors (PW103), once per file, line and message (an included file can be read twice).
  const manifestErrors: Finding[] = [];
  const problemSeen = new Set<string>();
  for (const p of options.problems ?? []) {
    if (p.severity !== "error") continue;
    const key = `${p.file}\0${p.line}\0${p.message}`;
    if (problemSeen.has(key)) continue;
    problemSeen.add(key);
    manifestErrors.push(makeManifestErrorFinding(p, lineOf(p.file, Math.max(1, p.line))));
  }

  for (const i of ignores) {
    if (!ignoreUsed.has(i)) notes.push(`--ignore-vuln ${i.id}${i.until ? `:${i.until}` : ""} matched no reported vulnerability`);
  }
  findings.sort(compareFindings);
  manifestErrors.sort(compareFindings);
  return { findings, manifestErrors, audited, excludedByMarker, notes, attribution: attributionFor(shownIds) };
}

/**
 * Audits dependencies and returns only the findings (see {@link runAudit} for notes, per-dependency results
 * and attribution).
 * @throws AuditOptionError for a malformed ignore entry
 */
export function audit(dependencies: readonly Dependency[], db: AdvisorySource | undefined, options: AuditOptions = {}): AuditFinding[] {
  return runAudit(dependencies, db, options).findings;
}

/** Options of {@link auditForCheck}. */
export interface CheckAuditOptions extends Omit<AuditOptions, "importedModules" | "libraryFiles" | "readFile"> {
  /** Directory that finding paths are made relative to (default `process.cwd()`). */
  cwd?: string;
  /** An advisory source path (`--db`); default: the database `pyward db update` keeps, when it exists. */
  db?: string;
  /** Cache directory (default: `$PYWARD_CACHE_DIR`, …; see `cacheDir`). */
  cacheDir?: string;
  /**
   * Size limit of a manifest or lockfile in bytes (`--max-file-size`); default `MANIFEST_MAX_FILE_SIZE`
   * (10 MB, as for Python sources). A larger file, or one that is not a regular file, is a PW103 finding.
   */
  maxFileSize?: number;
}

/** What {@link auditForCheck} produced. */
export interface CheckAuditOutcome {
  /** PW101 and PW102 findings ({@link AuditFinding}) and PW103 findings (manifest errors), sorted. */
  findings: Finding[];
  /** One-line notes: manifest problems (`file:line: message`), audit notes, index notes. */
  notes: string[];
  /** Credit lines owed for the advisory text in the findings; print them last / put them in the json. */
  attribution: string[];
  /** Set (one line) when the vulnerability audit did not run: no local database. PW102 still ran. */
  skipped?: string;
}

/** The one line `pyward check` prints when it has no local advisory database. */
export const CHECK_AUDIT_SKIPPED =
  "dependency audit skipped: no local advisory database (run `pyward db update` once, or `pyward audit --db PATH`)";

/**
 * The dependency audit inside `pyward check`: reads the manifests the scan found, opens the local advisory
 * database (never the network: `--db` or the one `pyward db update` keeps), and audits with the scan's imports
 * for reachability. Without a database only PW102 runs and `skipped` says so in one line.
 *
 * @param manifests manifest and lockfile paths (absolute or relative; `ScanResult.manifests`)
 * @param imports top-level modules the scanned code imports (`ScanResult.imports`)
 * @throws AdvisoryDbError (one line) when the database (`options.db`, or the local one when it exists) is
 *   missing, unreadable, not OSV data or holds no advisory
 */
export function auditForCheck(manifests: readonly string[], imports: readonly string[], options: CheckAuditOptions = {}): CheckAuditOutcome {
  const cwd = options.cwd ?? process.cwd();
  const shown = (p: string): string => {
    const r = path.relative(cwd, path.resolve(cwd, p));
    return (r === "" ? p : r).split(path.sep).join("/");
  };
  const paths = manifests.map(shown).filter((p) => manifestKind(p) !== undefined);
  const read = (f: string): string => readManifestText(path.resolve(cwd, f), options.maxFileSize);
  const collected = collectDependencies(paths, { readFile: read });
  const notes = collected.problems.filter((p) => p.severity !== "error").map((p) => `${p.file}:${p.line}: ${p.message}`);
  const envNote = environmentNote(options.environment);
  if (envNote) notes.push(envNote);
  let opened: OpenedDb | undefined;
  if (options.db) opened = openAdvisoryDb(options.db, { cacheDir: options.cacheDir });
  else {
    try {
      opened = openDefaultDb({ cacheDir: options.cacheDir });
    } catch (e) {
      // A broken local database must not pass as "no vulnerabilities": fail the run, saying how to repair it.
      if (e instanceof AdvisoryDbError) throw new AdvisoryDbError(`${e.message}; run \`pyward db update\` to download it again`);
      throw e;
    }
  }
  if (opened) {
    notes.push(...opened.notes);
    const first = opened.problems[0];
    if (first) {
      const n = opened.problemCount;
      notes.push(`${n} advisory record${n === 1 ? "" : "s"} could not be read (first: ${first.file}${first.line > 0 ? `:${first.line}` : ""}: ${first.message}); see \`pyward db status\``);
    }
  }
  const result = runAudit(collected.dependencies, opened?.db, {
    ...options,
    importedModules: new Set(imports),
    libraryFiles: collected.libraryFiles,
    problems: collected.problems,
    readFile: (f) => {
      try {
        return read(f);
      } catch {
        return undefined;
      }
    },
  });
  notes.push(...result.notes);
  const findings: Finding[] = [...result.findings, ...result.manifestErrors].sort(compareFindings);
  const outcome: CheckAuditOutcome = { findings, notes, attribution: result.attribution };
  if (!opened) outcome.skipped = CHECK_AUDIT_SKIPPED;
  return outcome;
}
