/**
 * The labelled least-privilege corpus (`bench/corpus/privilege/`): reading its labels and scoring findings
 * against them. Pure logic, no scanning: `bench/privilege-score.ts` runs the built pyward and feeds findings in;
 * `tests/privilege/score.test.ts` runs the sources' `scan()` through {@link scoreCorpus}.
 *
 * The format:
 * - the corpus root holds one folder per framework (`django/`, `drf/`, `flask/`, `fastapi/`), each holding one or
 *   more small projects (one per sub-folder), each scanned on its own (the framework folder as the scan root, the
 *   other projects excluded), so its modules import each other by name and project-wide rules see one project;
 * - a line where a rule must report carries `# expect: PW6xx` at its end (a view's `def`/`class` line, a lookup
 *   line, a settings assignment); a correctly guarded look-alike carries `# safe: PW6xx`. Several codes are
 *   separated by commas, and one line may carry both kinds (`# safe: PW640  # expect: PW641`), in any order.
 * - a finding of a scored rule on any line not labelled `expect` for that rule is a false positive; the false
 *   positive rate divides their number by the rule's `safe` labels.
 */
import fs from "node:fs";
import path from "node:path";

/** Targets per rule. */
export const TARGETS = { tpr: 0.9, fpr: 0.1 } as const;

/** Labels of one corpus file: line → codes. */
export interface FileLabels {
  expect: Map<number, Set<string>>;
  safe: Map<number, Set<string>>;
}

/** A finding as the scorer needs it. */
export interface ScoredFinding {
  /** Absolute path. */
  file: string;
  line: number;
  code: string;
  message: string;
}

/** One project of the corpus. */
export interface CorpusProject {
  /** `framework/project` (`django/shop`), or the framework folder's name when it is one project. */
  id: string;
  /** The framework folder it sits in (`django`, `drf`, `flask`, `fastapi`). */
  framework: string;
  /** Absolute folder path of the project. */
  root: string;
  /**
   * What to scan: the framework folder (so module names keep the project's package, `shop.views`), with the
   * other projects of that folder left out by {@link CorpusProject.exclude}. Findings' paths are relative to it.
   */
  scanRoot: string;
  /** Exclude globs (`/other_project`) for the scan's `extendExclude`. */
  exclude: string[];
  /** Labels by absolute file path. */
  labels: Map<string, FileLabels>;
}

/** Per-rule counts. */
export interface RuleScore {
  code: string;
  expected: number;
  hit: number;
  tpr: number;
  safe: number;
  falsePositives: number;
  fpr: number;
}

const LABEL_RE = /#\s*(expect|safe):\s*(PW\d{3}(?:\s*,\s*PW\d{3})*)/g;

/** Reads the `# expect:` / `# safe:` labels of one file's text. */
export function parseLabels(text: string): FileLabels {
  const out: FileLabels = { expect: new Map(), safe: new Map() };
  text.split(/\r?\n/).forEach((line, i) => {
    for (const m of line.matchAll(LABEL_RE)) {
      const map = m[1] === "expect" ? out.expect : out.safe;
      const set = map.get(i + 1) ?? new Set<string>();
      for (const c of m[2].split(",")) set.add(c.trim());
      map.set(i + 1, set);
    }
  });
  return out;
}

function pythonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...pythonFiles(p));
    else if (e.name.endsWith(".py")) out.push(p);
  }
  return out;
}

/** Sub-folders of `dir`, sorted by name. */
function subFolders(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((n) => path.join(dir, n));
}

/**
 * The corpus's projects, with their labels. Each framework folder of `root` (`django/`, `drf/`…) holds one or more
 * small projects, one per sub-folder (`django/shop/`, `drf/api/`, `drf/settings_default/`), and each project is
 * scanned on its own (the framework folder as the scan root, the other projects excluded), so project-wide rules (PW651: "no settings module of
 * the project sets a default") see one project at a time. A framework folder holding Python files directly is one
 * project itself.
 */
export function loadCorpus(root: string): CorpusProject[] {
  const projects: CorpusProject[] = [];
  for (const fwDir of subFolders(root)) {
    const framework = path.basename(fwDir);
    const direct = fs.readdirSync(fwDir).some((n) => n.endsWith(".py"));
    const dirs = direct ? [fwDir] : subFolders(fwDir);
    for (const dir of dirs) {
      const labels = new Map<string, FileLabels>();
      for (const f of pythonFiles(dir)) labels.set(f, parseLabels(fs.readFileSync(f, "utf8")));
      const exclude = direct ? [] : dirs.filter((d) => d !== dir).map((d) => `/${path.basename(d)}`);
      projects.push({ id: direct ? framework : `${framework}/${path.basename(dir)}`, framework, root: dir, scanRoot: fwDir, exclude, labels });
    }
  }
  return projects;
}

/** Codes labelled anywhere in the corpus. */
export function labelledCodes(projects: readonly CorpusProject[]): string[] {
  const codes = new Set<string>();
  for (const p of projects) for (const l of p.labels.values()) for (const m of [l.expect, l.safe]) for (const s of m.values()) for (const c of s) codes.add(c);
  return [...codes].sort();
}

/** Misses and false positives, for the listing. */
export interface ScoreDetails {
  misses: { file: string; line: number; code: string }[];
  falsePositives: ScoredFinding[];
}

/**
 * Scores the findings of every project against the labels, per rule code in `codes`: expected labels hit by a
 * finding of that code on that line; false positives are findings of that code on lines not labelled `expect` for it.
 */
export function scoreCorpus(projects: readonly CorpusProject[], findings: readonly ScoredFinding[], codes: readonly string[]): { rows: RuleScore[]; details: ScoreDetails } {
  const details: ScoreDetails = { misses: [], falsePositives: [] };
  const found = new Set(findings.map((f) => `${f.file}\0${f.line}\0${f.code}`));
  const labelsOf = new Map<string, FileLabels>();
  for (const p of projects) for (const [f, l] of p.labels) labelsOf.set(f, l);
  const rows: RuleScore[] = [];
  for (const code of codes) {
    let expected = 0;
    let hit = 0;
    let safe = 0;
    for (const [file, l] of labelsOf) {
      for (const [line, set] of l.expect) {
        if (!set.has(code)) continue;
        expected++;
        if (found.has(`${file}\0${line}\0${code}`)) hit++;
        else details.misses.push({ file, line, code });
      }
      for (const set of l.safe.values()) if (set.has(code)) safe++;
    }
    let fp = 0;
    for (const f of findings) {
      if (f.code !== code) continue;
      if (labelsOf.get(f.file)?.expect.get(f.line)?.has(code)) continue;
      fp++;
      details.falsePositives.push(f);
    }
    rows.push({
      code,
      expected,
      hit,
      tpr: expected ? hit / expected : 1,
      safe,
      falsePositives: fp,
      fpr: safe ? Math.min(1, fp / safe) : fp ? 1 : 0,
    });
  }
  return { rows, details };
}

/** True when every row meets {@link TARGETS}. */
export function meetsTargets(rows: readonly RuleScore[]): boolean {
  return rows.every((r) => r.tpr >= TARGETS.tpr && r.fpr <= TARGETS.fpr);
}

/** The score table as text. */
export function formatTable(rows: readonly RuleScore[]): string {
  const head = ["rule", "expected", "hit", "TPR", "safe", "FP", "FPR", "target"];
  const body = rows.map((r) => [
    r.code,
    String(r.expected),
    String(r.hit),
    r.tpr.toFixed(2),
    String(r.safe),
    String(r.falsePositives),
    r.fpr.toFixed(2),
    r.tpr >= TARGETS.tpr && r.fpr <= TARGETS.fpr ? "ok" : "MISSED",
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const fmt = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [fmt(head), fmt(widths.map((w) => "-".repeat(w))), ...body.map(fmt)].join("\n");
}
