/**
 * The `--ignore-vuln` option of the dependency audit: parsing `ID[:YYYY-MM-DD]` entries, and the error a
 * malformed audit option raises ({@link AuditOptionError}).
 */

/** A bad audit option (e.g. a malformed `--ignore-vuln`): its message is one line, fit for the CLI. */
export class AuditOptionError extends Error {
  override name = "AuditOptionError";
}

/** One `--ignore-vuln` entry: an advisory id or alias, ignored through the end of `until` (UTC) when set. */
export interface IgnoreEntry {
  id: string;
  /** `YYYY-MM-DD`; after this day the ignore lapses and the vulnerability is reported again. */
  until?: string;
}

function validDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/**
 * Parses `ID` or `ID:YYYY-MM-DD` (`--ignore-vuln PYSEC-2021-66:2025-06-30`). Advisory ids hold no `:`, so
 * whatever follows the last colon is the expiry date and must be one (`ID:tomorrow`, `ID:` and `ID:2025/06/30`
 * are errors, never an id that matches nothing).
 * @throws AuditOptionError for an empty id, an expiry that is not written YYYY-MM-DD, or an impossible date
 */
export function parseIgnore(spec: string): IgnoreEntry {
  const s = spec.trim();
  const colon = s.lastIndexOf(":");
  const id = (colon >= 0 ? s.slice(0, colon) : s).trim();
  const until = colon >= 0 ? s.slice(colon + 1).trim() : undefined;
  if (!id || /\s/.test(id)) throw new AuditOptionError(`--ignore-vuln "${spec}": expected an advisory id, optionally followed by :YYYY-MM-DD`);
  if (until === undefined) return { id };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(until)) {
    throw new AuditOptionError(`--ignore-vuln "${spec}": the expiry date must be written YYYY-MM-DD${until ? ` (got "${until}")` : ""}`);
  }
  if (!validDate(until)) throw new AuditOptionError(`--ignore-vuln "${spec}": ${until} is not a valid date (expected YYYY-MM-DD)`);
  return { id, until };
}
