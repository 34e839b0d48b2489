/**
 * PEP 440 version ordering for advisory matching, on top of `@renovatebot/pep440`.
 *
 * Advisory data holds some strings that are not PEP 440 versions (`2.0.0-final`, `0.7.10p1`, dates). They are
 * "legacy" versions here: never thrown on, sorted before every valid version (as pip's old `LegacyVersion`
 * did), and matched only by exact string (see {@link versionsEqual}).
 */
import { compare as pep440Compare, valid as pep440Valid } from "@renovatebot/pep440";

const validity = new Map<string, boolean>();

/** True when `v` is a valid PEP 440 version (public or local; a leading `v` and surrounding spaces allowed). */
export function isPep440(v: string): boolean {
  let ok = validity.get(v);
  if (ok === undefined) {
    ok = pep440Valid(v.trim()) !== null;
    if (validity.size > 200_000) validity.clear();
    validity.set(v, ok);
  }
  return ok;
}

/**
 * Total order over version strings: legacy (non-PEP 440) versions first, by plain string order, then valid
 * versions in PEP 440 order (epochs, pre/post/dev releases, local versions above their public version).
 *
 * @returns negative when `a` sorts first, 0 when equal under PEP 440, positive otherwise. Never throws.
 */
export function compareVersions(a: string, b: string): number {
  const va = isPep440(a);
  const vb = isPep440(b);
  if (va && vb) return pep440Compare(a.trim(), b.trim());
  if (va !== vb) return va ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Equality as an advisory `versions[]` entry is matched: PEP 440 equality (`1.0` = `1.0.0`) when both are
 * valid, otherwise exact string equality, ignoring case and surrounding space. Never throws.
 */
export function versionsEqual(a: string, b: string): boolean {
  if (isPep440(a) && isPep440(b)) return pep440Compare(a.trim(), b.trim()) === 0;
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
