/**
 * The labelled taint corpus (`bench/corpus/taint/`): reading its labels, and scoring what the taint analysis
 * reports against them. Pure logic, no scanning: `bench/taint-score.ts` runs pyward and feeds the findings in;
 * `tests/bench/taint-score.test.ts` tests this module alone.
 *
 * The format (also described in `bench/corpus/taint/README.md`):
 * - the corpus root holds one folder per CWE (any name, `cwe-089`), each with `vulnerable/` and `safe/`;
 * - each entry of those two folders is a case: a `.py` file, or a folder (a small project for cross-module
 *   flows, scanned with the folder as its root so its modules import each other by name);
 * - every `.py` file starts with a comment header holding `# label: CWE-<n>` (a vulnerable flow),
 *   `# label: safe CWE-<n>` (a safe look-alike of a CWE-<n> flow) or `# label: helper` (a module of a project
 *   case that is not scored by itself); optional `# framework:`, `# flow:` and `# why:` lines describe it;
 * - a vulnerable file marks its sink line with a `# sink` comment at the end of the line (exactly one);
 *   safe files may mark the look-alike sink the same way (for the reader; not scored).
 */
import fs from "node:fs";
import path from "node:path";

/** What a file's `# label:` line says. */
export type Label =
  | { kind: "vulnerable"; cwe: number }
  | { kind: "safe"; cwe: number }
  | { kind: "helper" };

/** The parsed header and markers of one corpus file. */
export interface FileLabel {
  label: Label;
  /** 1-based lines carrying a `# sink` marker. */
  sinkLines: number[];
  framework?: string;
  /** The `# flow:` or `# why:` text. */
  note?: string;
}

/** A corpus file with its label. */
export interface LabelledFile extends FileLabel {
  /** Absolute path. */
  path: string;
  /** Path relative to the corpus root, with `/` separators. */
  rel: string;
}

/** One case: a single file, or a folder scanned as a small project. */
export interface CorpusCase {
  /** Path of the case relative to the corpus root (`cwe-089/safe/flask-sqlite-bound.py`). */
  id: string;
  /** What the folder it sits in says: `vulnerable/` or `safe/`. */
  expected: "vulnerable" | "safe";
  /** What to scan: the file, or the project folder. */
  root: string;
  /** Every `.py` file of the case, helpers included. */
  files: LabelledFile[];
}

/** A problem with the corpus itself (a missing label, a vulnerable file without its sink marker…). */
export class CorpusError extends Error {}

const LABEL_RE = /^#\s*label:\s*(.*?)\s*$/i;
const SINK_RE = /^#\s*sink\b/i;

/**
 * Parses the header and sink markers of one corpus file.
 * @throws CorpusError when the label is missing or malformed, or a vulnerable file has not exactly one sink marker
 */
export function parseLabels(text: string, where = "<text>"): FileLabel {
  const lines = text.split(/\r?\n/);
  let label: Label | undefined;
  let framework: string | undefined;
  let note: string | undefined;
  // the header: the leading comment lines (blank lines allowed), before any code
  for (const raw of lines) {
    const line = raw.trim();
    if (line === "") continue;
    if (!line.startsWith("#")) break;
    const m = LABEL_RE.exec(line);
    if (m) {
      if (label) throw new CorpusError(`${where}: more than one '# label:' line`);
      label = parseLabelValue(m[1], where);
      continue;
    }
    const kv = /^#\s*(framework|flow|why):\s*(.*?)\s*$/i.exec(line);
    if (kv) {
      if (kv[1].toLowerCase() === "framework") framework = kv[2];
      else note = kv[2];
    }
  }
  if (!label) throw new CorpusError(`${where}: no '# label:' line in the leading comments`);
  const sinkLines: number[] = [];
  lines.forEach((raw, i) => {
    const hash = codeCommentStart(raw);
    if (hash >= 0 && SINK_RE.test(raw.slice(hash)) && raw.slice(0, hash).trim() !== "") sinkLines.push(i + 1);
  });
  if (label.kind === "vulnerable" && sinkLines.length !== 1) {
    throw new CorpusError(`${where}: a vulnerable file needs exactly one '# sink' marker at the end of a code line (found ${sinkLines.length})`);
  }
  return { label, sinkLines, framework, note };
}

function parseLabelValue(value: string, where: string): Label {
  const v = value.trim();
  if (/^helper$/i.test(v)) return { kind: "helper" };
  const m = /^(safe\s+)?CWE-(\d+)$/i.exec(v);
  if (!m) throw new CorpusError(`${where}: bad label '${v}' (expected 'CWE-<n>', 'safe CWE-<n>' or 'helper')`);
  const cwe = Number(m[2]);
  return m[1] ? { kind: "safe", cwe } : { kind: "vulnerable", cwe };
}

/** Offset of the `#` that starts a comment on a Python line (outside string literals), or -1. */
function codeCommentStart(line: string): number {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === "\\") i++;
      else if (line.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = undefined;
      }
    } else if (c === "#") return i;
    else if (c === '"' || c === "'") quote = line.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
  }
  return -1;
}

function pyFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== "__pycache__") out.push(...pyFiles(p));
    } else if (e.name.endsWith(".py")) out.push(p);
  }
  return out;
}

const slash = (p: string): string => p.split(path.sep).join("/");

/**
 * Reads the corpus under `root`: its cases, and every problem found (a case with a problem is left out).
 */
export function loadCorpus(root: string): { cases: CorpusCase[]; errors: string[] } {
  const cases: CorpusCase[] = [];
  const errors: string[] = [];
  const groups = fs.readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  for (const group of groups) {
    const gdir = path.join(root, group);
    for (const e of fs.readdirSync(gdir, { withFileTypes: true })) {
      if (e.isFile() && e.name.endsWith(".py")) errors.push(`${group}/${e.name}: a case must sit in ${group}/vulnerable/ or ${group}/safe/`);
      if (e.isDirectory() && e.name !== "vulnerable" && e.name !== "safe") errors.push(`${group}/${e.name}/: unexpected folder (only vulnerable/ and safe/)`);
    }
    for (const expected of ["vulnerable", "safe"] as const) {
      const kdir = path.join(gdir, expected);
      if (!fs.existsSync(kdir)) continue;
      for (const entry of fs.readdirSync(kdir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const abs = path.join(kdir, entry.name);
        const id = slash(path.relative(root, abs));
        if (entry.isFile() && !entry.name.endsWith(".py")) continue;
        if (!entry.isFile() && !entry.isDirectory()) continue;
        try {
          const paths = entry.isDirectory() ? pyFiles(abs) : [abs];
          const files = paths.map((p): LabelledFile => {
            const rel = slash(path.relative(root, p));
            return { path: p, rel, ...parseLabels(fs.readFileSync(p, "utf8"), rel) };
          });
          cases.push(checkCase({ id, expected, root: abs, files }));
        } catch (err) {
          if (err instanceof CorpusError) errors.push(err.message);
          else throw err;
        }
      }
    }
  }
  return { cases, errors };
}

/**
 * Checks that a case's labels agree with its folder: at least one scored file, every scored label of the
 * folder's kind, a single file never a helper.
 * @throws CorpusError otherwise
 */
export function checkCase(c: CorpusCase): CorpusCase {
  const scored = c.files.filter((f) => f.label.kind !== "helper");
  if (!scored.length) throw new CorpusError(`${c.id}: no labelled file (only helpers)`);
  for (const f of scored) {
    if (f.label.kind !== c.expected) throw new CorpusError(`${f.rel}: labelled ${f.label.kind} but sits in ${c.expected}/`);
  }
  return c;
}

/** A taint finding as the scorer needs it. */
export interface ReportedFinding {
  /** Absolute path of the file it is reported in. */
  file: string;
  line: number;
  endLine: number;
  /** First and last line of the flagged statement, when known. */
  statementLines?: [number, number];
  code: string;
  cwe: number[];
  message: string;
}

/** The CWE group a CWE id is counted under: 94 and 95 (code injection) are one group. */
export function cweKey(cwe: number): string {
  return cwe === 94 || cwe === 95 ? "94/95" : String(cwe);
}

/** What happened to one scored file. */
export interface Outcome {
  caseId: string;
  file: LabelledFile;
  expected: "vulnerable" | "safe";
  /** CWE group of the label. */
  cwe: string;
  /** Vulnerable: a finding of the label's CWE covers the sink line. */
  detected: boolean;
  /** Safe: any taint finding anywhere in the case. */
  falsePositive: boolean;
  /** Vulnerable: the findings on the sink line; safe: every finding of the case. */
  matched: ReportedFinding[];
  /** Findings of the case not counted above (other lines, other CWEs; informational). */
  other: ReportedFinding[];
}

/** True when `f` covers `line` of `file` (its own lines or its statement's). */
export function covers(f: ReportedFinding, file: string, line: number): boolean {
  if (f.file !== file) return false;
  if (f.line <= line && line <= Math.max(f.line, f.endLine)) return true;
  return !!f.statementLines && f.statementLines[0] <= line && line <= f.statementLines[1];
}

/** Scores one case against the taint findings of its scan. */
export function scoreCase(c: CorpusCase, findings: readonly ReportedFinding[]): Outcome[] {
  const out: Outcome[] = [];
  for (const file of c.files) {
    if (file.label.kind === "helper") continue;
    const cwe = cweKey(file.label.cwe);
    if (file.label.kind === "vulnerable") {
      const sink = file.sinkLines[0];
      const matched = findings.filter((f) => covers(f, file.path, sink) && f.cwe.some((x) => cweKey(x) === cwe));
      out.push({ caseId: c.id, file, expected: "vulnerable", cwe, detected: matched.length > 0, falsePositive: false, matched, other: findings.filter((f) => !matched.includes(f)) });
    } else {
      out.push({ caseId: c.id, file, expected: "safe", cwe, detected: false, falsePositive: findings.length > 0, matched: [...findings], other: [] });
    }
  }
  return out;
}

/** Counts and rates of one CWE group (or of all). */
export interface ScoreRow {
  cwe: string;
  /** Scored files: vulnerable + safe. */
  files: number;
  vulnerable: number;
  safe: number;
  truePositives: number;
  falseNegatives: number;
  falsePositives: number;
  /** TP / vulnerable, or NaN without vulnerable files. */
  tpr: number;
  /** FP / safe, or NaN without safe files. */
  fpr: number;
  /** tpr − fpr. */
  difference: number;
}

/** The targets of the taint issue: at least 0.9 true positives and at most 0.1 false positives per CWE. */
export const TARGETS = { tpr: 0.9, fpr: 0.1 } as const;

function row(cwe: string, os: readonly Outcome[]): ScoreRow {
  const vulnerable = os.filter((o) => o.expected === "vulnerable").length;
  const safe = os.length - vulnerable;
  const tp = os.filter((o) => o.expected === "vulnerable" && o.detected).length;
  const fp = os.filter((o) => o.expected === "safe" && o.falsePositive).length;
  const tpr = vulnerable ? tp / vulnerable : NaN;
  const fpr = safe ? fp / safe : NaN;
  return { cwe, files: os.length, vulnerable, safe, truePositives: tp, falseNegatives: vulnerable - tp, falsePositives: fp, tpr, fpr, difference: tpr - fpr };
}

/** Numeric order of CWE group keys ("22" < "78" < "94/95" < "1336"). */
function byCwe(a: string, b: string): number {
  return parseInt(a, 10) - parseInt(b, 10) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Per-CWE rows (in CWE order) and the totals. */
export function summarise(outcomes: readonly Outcome[]): { rows: ScoreRow[]; total: ScoreRow } {
  const groups = new Map<string, Outcome[]>();
  for (const o of outcomes) (groups.get(o.cwe) ?? groups.set(o.cwe, []).get(o.cwe)!).push(o);
  const rows = [...groups.keys()].sort(byCwe).map((k) => row(k, groups.get(k)!));
  return { rows, total: row("total", outcomes) };
}

/** True when a row meets the targets (a row without vulnerable or without safe files does not). */
export function meetsTargets(r: ScoreRow, targets: { tpr: number; fpr: number } = TARGETS): boolean {
  return !Number.isNaN(r.tpr) && !Number.isNaN(r.fpr) && r.tpr >= targets.tpr && r.fpr <= targets.fpr;
}

const rate = (x: number): string => (Number.isNaN(x) ? "-" : x.toFixed(2));

/** The per-CWE table as text, with the totals last and a mark on rows that miss the targets. */
export function formatTable(rows: readonly ScoreRow[], total: ScoreRow, targets: { tpr: number; fpr: number } = TARGETS): string {
  const head = ["CWE", "files", "vuln", "safe", "TP", "FN", "FP", "TPR", "FPR", "TPR-FPR", ""];
  const cells = (r: ScoreRow, mark: string): string[] => [
    r.cwe === "total" ? "total" : `CWE-${r.cwe}`,
    String(r.files),
    String(r.vulnerable),
    String(r.safe),
    String(r.truePositives),
    String(r.falseNegatives),
    String(r.falsePositives),
    rate(r.tpr),
    rate(r.fpr),
    rate(r.difference),
    mark,
  ];
  const body = rows.map((r) => cells(r, meetsTargets(r, targets) ? "" : "MISSES TARGET"));
  const all = [head, ...body, cells(total, "")];
  const widths = head.map((_, i) => Math.max(...all.map((c) => c[i].length)));
  const fmt = (c: string[]): string => c.map((x, i) => (i === 0 || i === c.length - 1 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join("  ").trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ").trimEnd();
  return [fmt(head), rule, ...body.map(fmt), rule, fmt(all[all.length - 1])].join("\n");
}
