/**
 * Types of the advisory side: the subset of the OSV schema (https://ossf.github.io/osv-schema/) pyward reads,
 * and the compact form it matches against and stores in its local index.
 */
import type { Severity } from "../../engine/finding.js";

/** An OSV `affected[].ranges[].events[]` entry: exactly one of the keys is expected. */
export interface OsvEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

/** An OSV `affected[].ranges[]` entry. `type` is `ECOSYSTEM`, `SEMVER` or `GIT`. */
export interface OsvRange {
  type: string;
  repo?: string;
  events: OsvEvent[];
}

/** An OSV `affected[]` entry. */
export interface OsvAffected {
  package?: { ecosystem?: string; name?: string; purl?: string };
  ranges?: OsvRange[];
  versions?: string[];
  severity?: { type?: string; score?: string }[];
  database_specific?: Record<string, unknown>;
  ecosystem_specific?: Record<string, unknown>;
}

/** One OSV record (schema 1.x), as read from a file or the OSV API; only the fields pyward reads are typed. */
export interface OsvRecord {
  id: string;
  aliases?: string[];
  related?: string[];
  summary?: string;
  details?: string;
  modified?: string;
  published?: string;
  withdrawn?: string;
  affected?: OsvAffected[];
  severity?: { type?: string; score?: string }[];
  references?: { type?: string; url?: string }[];
  database_specific?: Record<string, unknown>;
}

/**
 * One event of a compact range: `i` introduced, `f` fixed, `l` last_affected; then the version string as
 * the data wrote it (`"0"` for "from the first release").
 */
export type CompactEvent = [kind: "i" | "f" | "l", version: string];

/**
 * An advisory as pyward matches it: one OSV record restricted to one PyPI package (PEP 503 name), holding
 * only what matching and reporting need.
 */
export interface Advisory {
  /** OSV `id` (`PYSEC-2014-8`, `GHSA-…`). */
  id: string;
  /** OSV `aliases` (`CVE-…`, `GHSA-…`), as written; empty when none. */
  aliases: string[];
  /** OSV `summary`, else the first sentence of `details`, cut to 200 characters; "" when neither. */
  summary: string;
  /** From the highest CVSS v3 base score (≥7 high, ≥4 medium, else low); `medium` when no vector. */
  severity: Severity;
  /** CVSS v3 base score (0–10) when a vector was given. */
  score?: number;
  /** The CVSS vector the score came from. */
  vector?: string;
  /**
   * The `ECOSYSTEM` ranges of the package (GIT and SEMVER ranges dropped), each a list of events sorted by
   * version with `"0"` first (a stable sort: events of equal version keep the data's order).
   */
  ranges: CompactEvent[][];
  /** Entries of OSV `affected[].versions` that the ranges do not already cover (legacy strings included). */
  versions: string[];
  /** OSV `published` / `modified` (RFC 3339 strings, as written). */
  published?: string;
  modified?: string;
  /** Up to 3 reference URLs (OSV `references[].url`). */
  references?: string[];
}

/** A problem met while reading advisory data: file (and entry), 1-based line (0 when unknown), message. */
export interface AdvisoryProblem {
  file: string;
  line: number;
  message: string;
}

/** Something to look advisories up in, by PEP 503 package name. */
export interface AdvisorySource {
  /** Advisories of the package named `normalizedName` (PEP 503), in id order; empty when none. */
  lookup(normalizedName: string): readonly Advisory[];
  /** Description of where the data came from (path or URL), for messages and `db status`. */
  readonly description: string;
}
