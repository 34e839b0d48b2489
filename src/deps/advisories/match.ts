/**
 * Matching a version against OSV advisories (OSV schema "Evaluation" of `affected[].ranges` and
 * `affected[].versions`, PEP 440 ordering), merging aliases, and finding the smallest safe fixed version.
 */
import type { Severity } from "../../engine/finding.js";
import { LEVEL_RANK } from "../../engine/finding.js";
import type { Advisory, CompactEvent, OsvEvent } from "./types.js";
import { compareVersions, isPep440, versionsEqual } from "./version.js";

/**
 * Turns OSV events into compact events sorted by version, `"0"` first, legacy (non-PEP 440) versions before
 * valid ones. The sort is stable. `limit` events and events with no version are dropped.
 */
export function sortEvents(events: readonly OsvEvent[]): CompactEvent[] {
  const out: CompactEvent[] = [];
  for (const e of events) {
    if (!e || typeof e !== "object") continue;
    if (typeof e.introduced === "string") out.push(["i", e.introduced]);
    else if (typeof e.fixed === "string") out.push(["f", e.fixed]);
    else if (typeof e.last_affected === "string") out.push(["l", e.last_affected]);
  }
  return out.sort((a, b) => {
    const za = a[0] === "i" && a[1] === "0";
    const zb = b[0] === "i" && b[1] === "0";
    if (za || zb) return za === zb ? 0 : za ? -1 : 1;
    return compareVersions(a[1], b[1]);
  });
}

/**
 * Whether `version` (a valid PEP 440 version) falls in one sorted ECOSYSTEM range. Walks the events in
 * order: `introduced` ≤ version → affected; `fixed` ≤ version → not affected; `last_affected` < version →
 * not affected; stops at the first event above the version. Several introduced/fixed windows work.
 * Pre-releases and local versions are ordinary versions here (`2.0rc1` lies inside `[1.0, 2.0)`).
 */
export function rangeAffects(range: readonly CompactEvent[], version: string): boolean {
  let affected = false;
  for (const [kind, v] of range) {
    const c = kind === "i" && v === "0" ? 1 : compareVersions(version, v);
    if (kind === "i") {
      if (c < 0) break;
      affected = true;
    } else if (kind === "f") {
      if (c < 0) break;
      affected = false;
    } else {
      if (c < 0) break;
      if (c > 0) affected = false;
    }
  }
  return affected;
}

/** Whether any ECOSYSTEM range of `adv` covers `version`. Legacy (non-PEP 440) versions never are. */
export function rangesAffect(adv: Pick<Advisory, "ranges">, version: string): boolean {
  if (!isPep440(version)) return false;
  return adv.ranges.some((r) => rangeAffects(r, version));
}

/**
 * Whether `version` is affected by `adv`: inside one of its ranges, or equal to one of its listed
 * `versions` (PEP 440 equality when both are valid, else exact string). Never throws on odd strings.
 */
export function isAffected(adv: Pick<Advisory, "ranges" | "versions">, version: string): boolean {
  if (rangesAffect(adv, version)) return true;
  return adv.versions.some((v) => versionsEqual(v, version));
}

/**
 * Whether `adv` affects `version` or any later version: `version` itself is affected, a range introduces the
 * vulnerability again above it, or a listed version lies above it. When this is false, "upgrade to `version`
 * or later" is true of `adv`. A `version` that is not PEP 440 cannot be ordered, so the answer is then true.
 */
export function affectsAtOrAfter(adv: Pick<Advisory, "ranges" | "versions">, version: string): boolean {
  if (isAffected(adv, version) || !isPep440(version)) return true;
  for (const range of adv.ranges) {
    for (const [kind, v] of range) if (kind === "i" && v !== "0" && isPep440(v) && compareVersions(v, version) > 0) return true;
  }
  return adv.versions.some((v) => isPep440(v) && compareVersions(v, version) > 0);
}

/**
 * The smallest of `candidates` (PEP 440 versions) from which on none of `advisories` affects any version, or
 * undefined when there is none: the version an "upgrade to X or later" may name.
 */
export function safeFromVersion(advisories: readonly Pick<Advisory, "ranges" | "versions">[], candidates: readonly string[]): string | undefined {
  return [...candidates].sort(compareVersions).find((c) => !advisories.some((a) => affectsAtOrAfter(a, c)));
}

/** One vulnerability found for a version: one or more advisories that are the same issue (merged by alias). */
export interface Vulnerability {
  /** Preferred id: a matched record's id, PYSEC before GHSA before others (then alphabetical). */
  id: string;
  /** Every other id and alias of the merged records, sorted, without `id`. */
  aliases: string[];
  /** The matched records, in id order. */
  advisories: Advisory[];
  /** Summary of the first record (by preference order) that has one. */
  summary: string;
  /**
   * Severity of the record with the highest CVSS score when any has one, else the highest severity of the
   * records; `score` and `vector` are that record's.
   */
  severity: Severity;
  score?: number;
  vector?: string;
  /**
   * Fixed versions above the matched version that no merged record affects, ascending (PEP 440). The first
   * is the smallest safe upgrade; empty when the data names no fix.
   */
  fixedIn: string[];
  /**
   * The smallest of `fixedIn` from which on no version is affected by these records: "upgrade to `fixedFrom` or
   * later" is true. Differs from `fixedIn[0]` when a fix is followed by affected versions (a backport such as
   * 2.9.3 while 2.10.0 is affected); undefined when every known fix is followed by affected versions.
   */
  fixedFrom?: string;
}

function idRank(id: string): number {
  const u = id.toUpperCase();
  if (u.startsWith("PYSEC-")) return 0;
  if (u.startsWith("GHSA-")) return 1;
  if (u.startsWith("CVE-")) return 3;
  return 2;
}

function byPreference(a: string, b: string): number {
  return idRank(a) - idRank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Fixed versions named by `advisories` (valid PEP 440 `fixed` events above `version`, or all of them when
 * `version` is not PEP 440) that none of `advisories` affects, ascending and without duplicates.
 */
export function safeFixedVersions(advisories: readonly Advisory[], version: string): string[] {
  const valid = isPep440(version);
  const seen: string[] = [];
  for (const adv of advisories) {
    for (const range of adv.ranges) {
      for (const [kind, v] of range) {
        if (kind !== "f" || !isPep440(v)) continue;
        if (valid && compareVersions(v, version) <= 0) continue;
        if (seen.some((s) => compareVersions(s, v) === 0)) continue;
        seen.push(v);
      }
    }
  }
  return seen.sort(compareVersions).filter((v) => !advisories.some((a) => isAffected(a, v)));
}

/**
 * The advisories among `advisories` that affect `version`, merged into vulnerabilities: records sharing an id
 * or alias (transitively) become one {@link Vulnerability}. Sorted by id. Withdrawn records must already be
 * out (the loaders drop them).
 */
export function matchVersion(advisories: readonly Advisory[], version: string): Vulnerability[] {
  const hits = advisories.filter((a) => isAffected(a, version));
  if (hits.length === 0) return [];
  // Union-find over the hits, joined by shared ids/aliases.
  const parent = hits.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const owner = new Map<string, number>();
  hits.forEach((adv, i) => {
    for (const key of [adv.id, ...adv.aliases]) {
      const k = key.toUpperCase();
      const j = owner.get(k);
      if (j === undefined) owner.set(k, i);
      else parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, Advisory[]>();
  hits.forEach((adv, i) => {
    const root = find(i);
    const g = groups.get(root);
    if (g) g.push(adv);
    else groups.set(root, [adv]);
  });
  const out: Vulnerability[] = [];
  for (const group of groups.values()) {
    group.sort((a, b) => byPreference(a.id, b.id));
    const id = group[0].id;
    const names = new Map<string, string>();
    for (const adv of group) for (const n of [adv.id, ...adv.aliases]) if (!names.has(n.toUpperCase())) names.set(n.toUpperCase(), n);
    names.delete(id.toUpperCase());
    let severity: Severity = group[0].severity;
    let scored: Advisory | undefined;
    for (const adv of group) {
      if (LEVEL_RANK[adv.severity] > LEVEL_RANK[severity]) severity = adv.severity;
      if (adv.score !== undefined && (scored?.score === undefined || adv.score > scored.score)) scored = adv;
    }
    const v: Vulnerability = {
      id,
      aliases: [...names.values()].sort(byPreference),
      advisories: group,
      summary: group.find((a) => a.summary)?.summary ?? "",
      severity: scored ? scored.severity : severity,
      fixedIn: safeFixedVersions(group, version),
    };
    const from = safeFromVersion(group, v.fixedIn);
    if (from !== undefined) v.fixedFrom = from;
    if (scored?.score !== undefined) {
      v.score = scored.score;
      if (scored.vector) v.vector = scored.vector;
    }
    out.push(v);
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
