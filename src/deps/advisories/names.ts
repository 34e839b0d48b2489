/** Package name normalisation. */

/**
 * PEP 503 normalised form of a distribution name: lower-case, every run of `-`, `_` and `.` turned into a
 * single `-` (`Django_Rest.Framework` → `django-rest-framework`).
 */
export function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/[-_.]+/g, "-");
}
