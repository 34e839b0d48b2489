/**
 * The advisory side of the dependency audit: OSV data in (`--db PATH`, the cache `pyward db update` fills, or
 * the OSV API), PEP 440 matching out. See the modules for details.
 */
export type { Advisory, AdvisoryProblem, AdvisorySource, CompactEvent, OsvRecord } from "./types.js";
export { normalizeName } from "./names.js";
export { compareVersions, isPep440, versionsEqual } from "./version.js";
export { cvss3BaseScore, severityOfScore, advisorySeverity } from "./cvss.js";
export { compileRecord, summarize } from "./osv.js";
export { affectsAtOrAfter, isAffected, matchVersion, rangeAffects, safeFixedVersions, safeFromVersion, sortEvents, type Vulnerability } from "./match.js";
export { AdvisoryDbError, readOsvSource, sourceFingerprint, sourceKind, type SourceKind } from "./load.js";
export {
  DEFAULT_DB_FILE,
  INDEX_FORMAT_VERSION,
  IndexedAdvisoryDb,
  MemoryAdvisoryDb,
  NO_DATABASE_MESSAGE,
  cacheDir,
  compileSource,
  defaultDbPath,
  indexPathFor,
  openAdvisoryDb,
  openDefaultDb,
  readIndex,
  unusableReason,
  type IndexHeader,
  type OpenOptions,
  type OpenedDb,
} from "./store.js";
export { DEFAULT_OSV_API, DEFAULT_OSV_EXPORT_URL, OnlineError, queryOsvOnline, updateDatabase, type OnlineOptions, type UpdateOptions } from "./online.js";
export { GHSA_ATTRIBUTION, PYPA_ATTRIBUTION, attributionFor } from "./attribution.js";
