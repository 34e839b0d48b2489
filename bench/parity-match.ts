/**
 * The matching logic of `bench/parity.ts`, kept apart so it can be unit-tested without running Ruff or a scan:
 * which pyward rules answer for a Ruff `S` code (through `meta.aliases`, and through `meta.supersedes` since a
 * superseded finding is folded into the more specific one), whether a pyward finding stands at a Ruff
 * finding's line, and the checked-in file of deliberate differences.
 */
import picomatch from "picomatch";

/** One Ruff diagnostic, reduced to what the comparison needs. Lines are 1-based, inclusive. */
export interface RuffHit {
  /** Path relative to the scanned root, `/` separators. */
  path: string;
  /** Ruff code, `S` + three digits. */
  code: string;
  line: number;
  endLine: number;
  /** 1-based column (UTF-16 code units), when known. */
  column?: number;
  message: string;
}

/** One pyward finding, reduced to what the comparison needs. Lines are 1-based, inclusive. */
export interface PywardHit {
  /** Path relative to the scanned root, `/` separators. */
  path: string;
  /** pyward rule code (`PW202`). */
  code: string;
  line: number;
  endLine: number;
  /** The flagged statement's physical lines, when known. */
  statementLines?: [number, number];
  message: string;
}

/** The part of a rule's metadata the matching reads. */
export interface RuleLike {
  meta: { code: string; aliases: readonly string[]; supersedes?: readonly string[] };
}

/**
 * Ruff code → the pyward rule codes that answer for it: every rule listing the code among its aliases, and every
 * rule that (directly or through a chain) supersedes such a rule, since the engine drops a superseded finding
 * where the more specific one overlaps it (PW320 "fast hash of a password" replaces PW301 "weak hash", S324).
 * Only Ruff-style `S` + digits aliases are indexed.
 */
export function ruffAliasIndex(rules: readonly RuleLike[]): Map<string, Set<string>> {
  const index = new Map<string, Set<string>>();
  const supersededBy = new Map<string, string[]>();
  for (const r of rules) {
    for (const s of r.meta.supersedes ?? []) {
      const list = supersededBy.get(s) ?? [];
      list.push(r.meta.code);
      supersededBy.set(s, list);
    }
  }
  for (const r of rules) {
    for (const alias of r.meta.aliases) {
      const code = alias.toUpperCase();
      if (!/^S\d{3}$/.test(code)) continue;
      const set = index.get(code) ?? new Set<string>();
      // the rule itself and, transitively, every rule that supersedes it
      const queue = [r.meta.code];
      while (queue.length) {
        const c = queue.pop()!;
        if (set.has(c)) continue;
        set.add(c);
        queue.push(...(supersededBy.get(c) ?? []));
      }
      index.set(code, set);
    }
  }
  return index;
}

/** The pyward rule codes whose own aliases name a Ruff code (superseding rules not included): rule → Ruff codes. */
export function ruffCodesOfRules(rules: readonly RuleLike[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of rules) {
    const codes = r.meta.aliases.map((a) => a.toUpperCase()).filter((a) => /^S\d{3}$/.test(a));
    if (codes.length) out.set(r.meta.code, codes);
  }
  return out;
}

/**
 * True when a pyward finding stands at a Ruff finding's place: same file, and the Ruff finding's lines overlap
 * the pyward finding's range, or its first line falls inside the statement pyward flagged (the two tools anchor
 * at different nodes of one statement: the call, a keyword argument, the string).
 */
export function sameLine(ruff: RuffHit, pw: PywardHit): boolean {
  if (ruff.path !== pw.path) return false;
  if (ruff.line <= pw.endLine && pw.line <= ruff.endLine) return true;
  const stmt = pw.statementLines;
  return !!stmt && ruff.line >= stmt[0] && ruff.line <= stmt[1];
}

/** Per-file lookup of pyward findings by rule code. */
export class PywardIndex {
  private readonly byFile = new Map<string, PywardHit[]>();

  constructor(hits: readonly PywardHit[]) {
    for (const h of hits) {
      const list = this.byFile.get(h.path) ?? [];
      list.push(h);
      this.byFile.set(h.path, list);
    }
  }

  /** The pyward findings of any of `codes` at the Ruff finding's place. */
  at(ruff: RuffHit, codes: ReadonlySet<string> | undefined): PywardHit[] {
    if (!codes?.size) return [];
    return (this.byFile.get(ruff.path) ?? []).filter((p) => codes.has(p.code) && sameLine(ruff, p));
  }
}

/** One entry of `bench/parity-differences.json`. */
export interface DifferenceEntry {
  /** Ruff code(s) the entry is about. */
  rule: string | string[];
  /** Why pyward does not report these findings: must be true of every finding the entry covers. */
  reason: string;
  /** One file (path relative to the scanned root); with `line`, one finding. */
  path?: string;
  line?: number;
  /** Glob(s) of paths relative to the scanned root (picomatch); the entry covers the rule's findings there. */
  paths?: string[];
  /** Individual findings, `"path:line"`. */
  at?: string[];
}

/** The checked-in list of deliberate differences. */
export interface DifferencesFile {
  /** What the file is, for humans. */
  $comment?: string | string[];
  /** The Ruff version and the Python standard library the line numbers were taken from. */
  recordedWith?: Record<string, string>;
  differences: DifferenceEntry[];
}

/** A loaded difference entry, ready to test findings against. */
export interface Difference {
  entry: DifferenceEntry;
  codes: Set<string>;
  /** Findings this entry names one by one (`path:line`), or undefined for a path- or rule-wide entry. */
  points?: Set<string>;
  /** Path matcher for a `paths`/`path`-without-`line` entry, or undefined for any path. */
  matchPath?: (path: string) => boolean;
  /** How many missed Ruff findings this entry accounted for (filled by {@link DifferenceList.explain}). */
  used: number;
}

/** Raised for a malformed differences file. */
export class DifferencesError extends Error {}

/** The deliberate differences, with a lookup for one missed Ruff finding. */
export class DifferenceList {
  readonly items: Difference[];

  constructor(file: DifferencesFile) {
    if (!file || !Array.isArray(file.differences)) throw new DifferencesError("differences file: expected an object with a `differences` array");
    this.items = file.differences.map((entry, i) => {
      const where = `differences[${i}]`;
      const codes = (Array.isArray(entry.rule) ? entry.rule : [entry.rule]).map((c) => String(c).toUpperCase());
      if (!codes.length || codes.some((c) => !/^S\d{3}$/.test(c))) throw new DifferencesError(`${where}: \`rule\` must be a Ruff code like S603 (or a list of them)`);
      if (typeof entry.reason !== "string" || entry.reason.trim().length < 10) throw new DifferencesError(`${where}: every entry needs a \`reason\` (a sentence)`);
      if (entry.line !== undefined && (!entry.path || !Number.isInteger(entry.line) || entry.line < 1)) throw new DifferencesError(`${where}: \`line\` needs a \`path\` and must be a positive integer`);
      if (entry.path !== undefined && entry.paths !== undefined) throw new DifferencesError(`${where}: use either \`path\` or \`paths\``);
      const item: Difference = { entry, codes: new Set(codes), used: 0 };
      const points: string[] = [];
      if (entry.path && entry.line) points.push(`${entry.path}:${entry.line}`);
      for (const p of entry.at ?? []) {
        if (typeof p !== "string" || !/^.+:\d+$/.test(p)) throw new DifferencesError(`${where}: \`at\` entries are "path:line" (got ${JSON.stringify(p)})`);
        points.push(p);
      }
      if (points.length) {
        if (entry.paths) throw new DifferencesError(`${where}: use either \`at\`/\`line\` or \`paths\``);
        item.points = new Set(points);
      } else if (entry.paths || entry.path) {
        const globs = entry.paths ?? [entry.path!];
        if (!globs.length || globs.some((g) => typeof g !== "string" || !g)) throw new DifferencesError(`${where}: \`paths\` must be non-empty globs`);
        item.matchPath = picomatch(globs, { dot: true });
      }
      return item;
    });
  }

  /** Parses the JSON text of a differences file. @throws DifferencesError */
  static parse(text: string): DifferenceList {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw new DifferencesError(`differences file is not JSON: ${(err as Error).message}`);
    }
    return new DifferenceList(data as DifferencesFile);
  }

  /**
   * The entry that lists a missed Ruff finding as deliberate, or undefined. The most specific entry wins: one
   * naming the finding, then a path-wide one, then a rule-wide one. Counts the use on the entry.
   */
  explain(hit: RuffHit): Difference | undefined {
    const key = `${hit.path}:${hit.line}`;
    const candidates = this.items.filter((d) => d.codes.has(hit.code));
    const found =
      candidates.find((d) => d.points?.has(key)) ??
      candidates.find((d) => !d.points && d.matchPath?.(hit.path)) ??
      candidates.find((d) => !d.points && !d.matchPath);
    if (found) found.used++;
    return found;
  }

  /**
   * Entries that named findings one by one, with the points that no missed finding used (stale lines).
   * @param scanned when given, only points in these files count (a run over part of the tree says nothing of the rest)
   */
  stalePoints(missed: readonly RuffHit[], scanned?: ReadonlySet<string>): { entry: DifferenceEntry; points: string[] }[] {
    const out: { entry: DifferenceEntry; points: string[] }[] = [];
    for (const d of this.items) {
      if (!d.points) continue;
      const live = new Set(missed.filter((m) => d.codes.has(m.code)).map((m) => `${m.path}:${m.line}`));
      const stale = [...d.points].filter((p) => !live.has(p) && (!scanned || scanned.has(p.slice(0, p.lastIndexOf(":")))));
      if (stale.length) out.push({ entry: d.entry, points: stale });
    }
    return out;
  }
}

/** Counts for one Ruff rule. */
export interface RuffRuleCounts {
  code: string;
  ruff: number;
  /** pyward reports it at that line, under a rule aliased to the code. */
  matched: number;
  /** Not reported by pyward. */
  missed: number;
  /** Of the missed: listed as deliberate differences. */
  listed: number;
}

/** What the comparison found. */
export interface ParityResult {
  byRuffRule: RuffRuleCounts[];
  /** Missed Ruff findings not listed as deliberate: each one fails the bench. */
  unlisted: RuffHit[];
  /** Missed Ruff findings listed as deliberate, with their entry. */
  listed: { hit: RuffHit; difference: Difference }[];
  /** pyward findings of a Ruff-aliased rule with no Ruff finding of those codes at that place, by pyward rule. */
  extra: Map<string, PywardHit[]>;
  /** Ruff codes seen in the run that no pyward rule answers for. */
  noCounterpart: string[];
}

/**
 * Compares the two tools' findings.
 * @param ruff Ruff's `S` findings
 * @param pyward pyward's findings (any rule; only Ruff-aliased ones count as extra)
 * @param rules pyward's rule catalogue (for aliases and supersedes)
 * @param differences the deliberate differences
 */
export function compareFindings(ruff: readonly RuffHit[], pyward: readonly PywardHit[], rules: readonly RuleLike[], differences: DifferenceList): ParityResult {
  const index = ruffAliasIndex(rules);
  const pw = new PywardIndex(pyward);
  const counts = new Map<string, RuffRuleCounts>();
  const result: ParityResult = { byRuffRule: [], unlisted: [], listed: [], extra: new Map(), noCounterpart: [] };
  const matchedPw = new Set<PywardHit>();
  const noCounterpart = new Set<string>();
  for (const hit of ruff) {
    const c = counts.get(hit.code) ?? { code: hit.code, ruff: 0, matched: 0, missed: 0, listed: 0 };
    counts.set(hit.code, c);
    c.ruff++;
    const codes = index.get(hit.code);
    if (!codes) noCounterpart.add(hit.code);
    const at = pw.at(hit, codes);
    if (at.length) {
      c.matched++;
      for (const p of at) matchedPw.add(p);
      continue;
    }
    c.missed++;
    const d = differences.explain(hit);
    if (d) {
      c.listed++;
      result.listed.push({ hit, difference: d });
    } else {
      result.unlisted.push(hit);
    }
  }
  result.byRuffRule = [...counts.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  result.noCounterpart = [...noCounterpart].sort();
  // pyward findings of aliased rules that no Ruff finding of an aliased code stands at
  const aliased = ruffCodesOfRules(rules);
  const ruffByFile = new Map<string, RuffHit[]>();
  for (const h of ruff) {
    const list = ruffByFile.get(h.path) ?? [];
    list.push(h);
    ruffByFile.set(h.path, list);
  }
  for (const p of pyward) {
    const codes = aliased.get(p.code);
    if (!codes || matchedPw.has(p)) continue;
    const near = (ruffByFile.get(p.path) ?? []).some((h) => codes.includes(h.code) && sameLine(h, p));
    if (near) continue;
    const list = result.extra.get(p.code) ?? [];
    list.push(p);
    result.extra.set(p.code, list);
  }
  return result;
}
