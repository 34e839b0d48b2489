/**
 * Reading OSV records (schema https://ossf.github.io/osv-schema/, 1.x) into compact {@link Advisory} entries,
 * one per PyPI package a record affects.
 */
import { advisorySeverity } from "./cvss.js";
import { rangesAffect, sortEvents } from "./match.js";
import { normalizeName } from "./names.js";
import type { Advisory, CompactEvent, OsvEvent, OsvRecord } from "./types.js";

/** An advisory together with the PEP 503 name of the package it is about. */
export interface PackageAdvisory {
  name: string;
  advisory: Advisory;
}

/** What {@link compileRecord} made of one record. */
export interface CompiledRecord {
  /** One entry per PyPI package the record affects (none when it affects no PyPI package). */
  entries: PackageAdvisory[];
  /** Set when the record was skipped because OSV `withdrawn` is set. */
  withdrawn?: boolean;
  /** Why the record could not be read (then `entries` is empty). */
  error?: string;
}

const SUMMARY_MAX = 200;

/** A short one-line summary: OSV `summary`, else the first sentence or line of `details`, cut to 200 chars. */
export function summarize(summary: unknown, details: unknown): string {
  let s = typeof summary === "string" ? summary.trim() : "";
  if (!s && typeof details === "string") {
    const text = details.slice(0, 2000).trim().replace(/\s+/g, " ");
    const m = /^(.+?[.!?])(\s|$)/.exec(text);
    s = m ? m[1] : text;
  }
  s = s.replace(/\s+/g, " ");
  return s.length > SUMMARY_MAX ? `${s.slice(0, SUMMARY_MAX - 1).trimEnd()}…` : s;
}

/** True for an OSV ecosystem string naming PyPI (`PyPI`, or `PyPI:<variant>`). */
function isPyPI(ecosystem: unknown): boolean {
  return typeof ecosystem === "string" && (ecosystem === "PyPI" || ecosystem.startsWith("PyPI:"));
}

function strings(x: unknown): string[] {
  return Array.isArray(x) ? x.filter((s): s is string => typeof s === "string" && s.trim() !== "").map((s) => s.trim()) : [];
}

/**
 * Compiles one OSV record. Keeps only `affected[]` entries whose `package.ecosystem` is PyPI, their
 * `ECOSYSTEM` ranges (GIT/SEMVER ignored) with events sorted, and their `versions[]` entries not already
 * covered by those ranges. Entries for the same package are merged. Never throws: a record that is not an
 * object with a string `id` gives `error`; withdrawn records (OSV `withdrawn`) give `withdrawn: true`.
 */
export function compileRecord(raw: unknown): CompiledRecord {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return { entries: [], error: "advisory is not a JSON object" };
  const rec = raw as Partial<OsvRecord>;
  if (typeof rec.id !== "string" || rec.id.trim() === "") return { entries: [], error: "advisory has no string `id`" };
  if (rec.withdrawn !== undefined && rec.withdrawn !== null && rec.withdrawn !== "") return { entries: [], withdrawn: true };
  if (rec.affected !== undefined && !Array.isArray(rec.affected)) return { entries: [], error: `${rec.id}: \`affected\` is not an array` };
  const id = rec.id.trim();
  const aliases = strings(rec.aliases).filter((a) => a !== id);
  const summary = summarize(rec.summary, rec.details);
  const references = Array.isArray(rec.references)
    ? rec.references.map((r) => (r && typeof r.url === "string" ? r.url : "")).filter((u) => u !== "").slice(0, 3)
    : [];
  const byName = new Map<string, { ranges: CompactEvent[][]; versions: Set<string>; severity: ReturnType<typeof advisorySeverity> }>();
  const recordSeverity = advisorySeverity(
    Array.isArray(rec.severity) ? rec.severity : undefined,
    rec.database_specific && typeof rec.database_specific === "object" ? rec.database_specific.severity : undefined,
  );
  for (const aff of rec.affected ?? []) {
    if (!aff || typeof aff !== "object" || !isPyPI(aff.package?.ecosystem) || typeof aff.package?.name !== "string") continue;
    const name = normalizeName(aff.package.name);
    if (!name) continue;
    let entry = byName.get(name);
    if (!entry) {
      entry = { ranges: [], versions: new Set(), severity: recordSeverity };
      byName.set(name, entry);
    }
    if (Array.isArray(aff.severity) && aff.severity.length > 0) {
      const s = advisorySeverity(aff.severity);
      if (s.score !== undefined && (entry.severity.score === undefined || s.score > entry.severity.score)) entry.severity = s;
    }
    for (const range of Array.isArray(aff.ranges) ? aff.ranges : []) {
      if (!range || range.type !== "ECOSYSTEM" || !Array.isArray(range.events)) continue;
      const events = sortEvents(range.events as OsvEvent[]);
      if (events.length > 0) entry.ranges.push(events);
    }
    for (const v of strings(aff.versions)) entry.versions.add(v);
  }
  const entries: PackageAdvisory[] = [];
  for (const [name, e] of byName) {
    const advisory: Advisory = {
      id,
      aliases,
      summary,
      severity: e.severity.severity,
      ranges: e.ranges,
      versions: [...e.versions].filter((v) => !rangesAffect({ ranges: e.ranges }, v)),
    };
    if (e.severity.score !== undefined) advisory.score = e.severity.score;
    if (e.severity.vector) advisory.vector = e.severity.vector;
    if (typeof rec.published === "string") advisory.published = rec.published;
    if (typeof rec.modified === "string") advisory.modified = rec.modified;
    if (references.length) advisory.references = references;
    entries.push({ name, advisory });
  }
  return { entries };
}
