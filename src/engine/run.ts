/**
 * A whole run: discover → per-file phase on every file → project-wide phase → sorted findings.
 */
import fs from "node:fs";
import { discover, type DiscoverOptions, type DiscoveryNote } from "../discover/discover.js";
import type { FileKind } from "../discover/classify.js";
import { ALL_RULES } from "../rules/index.js";
import type { Rule } from "../rules/types.js";
import fileSkipped from "../rules/diagnostics/file-skipped.js";
import { checkFile, makeFinding, type FileResult } from "./check-file.js";
import { checkTemplate } from "./check-template.js";
import { runProjectPhase } from "./project.js";
import type { ProjectFact } from "../rules/types.js";
import { auditForCheck } from "../deps/audit.js";
import type { MarkerEnvironment } from "../deps/markers.js";
import { LEVEL_RANK, type Confidence, type Finding, type Severity } from "./finding.js";
import { selectRules, type Selection } from "./select.js";
import { SourceFile } from "../parse/source.js";

/** Options of a scan. */
export interface ScanOptions extends DiscoverOptions, Selection {
  /** Files larger than this many bytes are reported (PW003) and not analysed. Default 10 MB. */
  maxFileSize?: number;
  /** Drop findings below this severity. */
  minSeverity?: Severity;
  /** Drop findings below this confidence. */
  minConfidence?: Confidence;
  /** Rule options by rule code. */
  ruleOptions?: Record<string, Record<string, unknown>>;
  /** Called after each file (for progress display). */
  onFile?: (done: number, total: number, findings: number) => void;
  /** The rule catalogue (default: every registered rule). */
  catalog?: readonly Rule[];
  /** Run the dependency audit on the manifests found (default true; it never touches the network). */
  audit?: boolean;
  /** Advisory database path for the audit (default: the local database `pyward db update` keeps, if any). */
  db?: string;
  /** Vulnerabilities to ignore (`ID` or `ID:YYYY-MM-DD`). */
  ignoreVuln?: string[];
  /** Target environment for PEP 508 markers, or a function computing it (called only when manifests exist). */
  markerEnvironment?: MarkerEnvironment | (() => MarkerEnvironment);
}

/** Per-kind file counts. */
export type FileCounts = Record<FileKind, number>;

/** What a scan found: plain data, ready for any report. */
export interface ScanResult {
  findings: Finding[];
  /** Files seen, by kind. */
  files: FileCounts;
  /** Lines of Python analysed. */
  lines: number;
  /** Python files that could not be analysed fully (syntax errors, decode failures, skips), by path. */
  problemFiles: number;
  /** Files passed over during discovery and why. */
  notes: DiscoveryNote[];
  /** Internal errors (a rule that threw); any makes the exit code 2. */
  errors: string[];
  /** The rules that ran. */
  rules: Rule[];
  /** Top-level modules imported anywhere in the scanned Python code (for dependency reachability). */
  imports?: string[];
  /** Manifest and lockfile paths found (absolute), for the dependency audit. */
  manifests?: string[];
  /** Credit lines owed for advisory text in the findings (CC-BY data): print them last. */
  attribution?: string[];
}

/** Default size limit: 10 MB. */
export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

/** Orders findings by path, line, column, code, message: the same input always gives the same order. */
export function compareFindings(a: Finding, b: Finding): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  return a.line - b.line || a.column - b.column || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}

/**
 * Runs a scan.
 * @throws MissingPathError for a path that does not exist; UnknownRuleError for an unknown rule id
 */
export async function scan(inputs: readonly string[], options: ScanOptions = {}): Promise<ScanResult> {
  const { rules, explicit } = selectRules(options.catalog ?? ALL_RULES, options);
  const { files, notes } = discover(inputs, options);
  const maxSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const result: ScanResult = { findings: [], files: { python: 0, template: 0, manifest: 0 }, lines: 0, problemFiles: 0, notes, errors: [], rules, imports: [], manifests: [] };
  const facts = new Map<string, ProjectFact[]>();
  const imports = new Set<string>();
  const absorb = (r: FileResult): void => {
    result.errors.push(...r.errors);
    result.findings.push(...r.findings);
    for (const m of r.imports) imports.add(m);
    for (const [code, list] of Object.entries(r.facts)) {
      const all = facts.get(code) ?? [];
      all.push(...list);
      facts.set(code, all);
    }
  };
  const active = new Set(rules.map((r) => r.meta.code));
  const python = files.filter((f) => f.kind === "python");
  result.manifests = files.filter((f) => f.kind === "manifest").map((f) => f.absPath);
  for (const f of files) result.files[f.kind]++;
  let done = 0;
  for (const f of python) {
    const skip = (reason: string): void => {
      const file = new SourceFile(f.path, "");
      result.findings.push(makeFinding(fileSkipped.meta, file, 0, 0, reason, { text: reason, first: 1, last: 1, context: "" }));
      result.problemFiles++;
    };
    if (f.size > maxSize) {
      skip(`file is ${(f.size / 1048576).toFixed(1)} MB, over the ${(maxSize / 1048576).toFixed(1)} MB limit (--max-file-size); not analysed`);
    } else {
      let bytes: Buffer | undefined;
      try {
        bytes = fs.readFileSync(f.absPath);
      } catch (err) {
        skip(`cannot read file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); not analysed`);
      }
      if (bytes) {
        const r = await checkFile({ path: f.path, moduleName: f.moduleName, bytes, isTest: f.isTest }, { rules, explicit, ruleOptions: options.ruleOptions });
        result.lines += r.lines;
        if (r.findings.some((x) => x.code === "PW001" || x.code === "PW002" || x.code === "PW003")) result.problemFiles++;
        absorb(r);
      }
    }
    done++;
    options.onFile?.(done, python.length, result.findings.length);
  }
  if (rules.some((r) => r.meta.fileKind === "template")) {
    for (const f of files) {
      if (f.kind !== "template" || f.size > maxSize) continue;
      try {
        absorb(checkTemplate({ path: f.path, bytes: fs.readFileSync(f.absPath), isTest: f.isTest }, rules, options.ruleOptions));
      } catch (err) {
        result.notes.push({ path: f.path, reason: `cannot read template (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` });
      }
    }
  }
  const project = runProjectPhase(rules, facts);
  result.findings.push(...project.findings);
  result.errors.push(...project.errors);
  result.imports = [...imports].sort();
  if (options.audit !== false && rules.some((r) => r.meta.practice === "dependencies") && result.manifests!.length) {
    const env = typeof options.markerEnvironment === "function" ? options.markerEnvironment() : options.markerEnvironment;
    const outcome = auditForCheck(result.manifests!, result.imports, { cwd: options.cwd, db: options.db, ignore: options.ignoreVuln, environment: env });
    result.findings.push(...outcome.findings);
    for (const n of outcome.notes) result.notes.push({ path: "", reason: `dependency audit: ${n}` });
    if (outcome.skipped) result.notes.push({ path: "", reason: outcome.skipped });
    if (outcome.attribution.length) result.attribution = outcome.attribution;
  }
  const minSev = options.minSeverity ? LEVEL_RANK[options.minSeverity] : 0;
  const minConf = options.minConfidence ? LEVEL_RANK[options.minConfidence] : 0;
  result.findings = result.findings
    .filter((f) => active.has(f.code) && LEVEL_RANK[f.severity] >= minSev && LEVEL_RANK[f.confidence] >= minConf)
    .sort(compareFindings);
  return result;
}
