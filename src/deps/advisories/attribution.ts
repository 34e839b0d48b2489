/**
 * Credit lines for advisory data. The PyPA advisory database and the GitHub advisory database are published
 * under CC-BY 4.0, which asks for credit wherever their text is shown (see `NOTICE`).
 */

/** Credit for the Python Packaging Advisory Database (wording asked for by the PyPA snapshot's README). */
export const PYPA_ATTRIBUTION =
  "Contains advisories from the Python Packaging Advisory Database (https://github.com/pypa/advisory-database), CC-BY-4.0; converted and shortened.";

/** Credit for the GitHub Advisory Database (GHSA records, as found in OSV's PyPI export and API). */
export const GHSA_ATTRIBUTION =
  "Contains advisories from the GitHub Advisory Database (https://github.com/github/advisory-database), CC-BY-4.0; converted and shortened.";

/**
 * The credit lines owed for a set of shown advisory ids: PyPA's always (PYSEC records, and OSV data in
 * general), GitHub's too when a `GHSA-` record is among them. Empty when `ids` is empty.
 */
export function attributionFor(ids: Iterable<string>): string[] {
  let any = false;
  let ghsa = false;
  for (const id of ids) {
    any = true;
    if (id.toUpperCase().startsWith("GHSA-")) ghsa = true;
  }
  if (!any) return [];
  return ghsa ? [PYPA_ATTRIBUTION, GHSA_ATTRIBUTION] : [PYPA_ATTRIBUTION];
}
