/**
 * The upgrade advice of the dependency audit (PW101): the fixed versions above a pinned version, the smallest
 * version no advisory affects (`--fix`'s target) and the advice text ending a vulnerability's message.
 */
import type { Advisory } from "./advisories/types.js";
import { isAffected, type Vulnerability } from "./advisories/match.js";
import { compareVersions, isPep440 } from "./advisories/version.js";

/**
 * The upgrade advice of a PW101 message. "upgrade to X or later" is said only when it is true of this
 * vulnerability (no later version is affected again) and of every other known advisory of the package
 * (`safeFrom`: the smallest fixed version from which on none affects any version). Otherwise the message says
 * what this advisory's fix is and names `safe` (the smallest version no advisory affects, `--fix`'s target)
 * and `safeFrom`.
 */
export function fixAdvice(name: string, v: Vulnerability, safe: string | undefined, safeFrom: string | undefined, othersAffect: (version: string) => boolean): string {
  if (v.fixedIn.length === 0) return "; no fixed version is known";
  const own = v.fixedFrom;
  if (own !== undefined && own === safeFrom) {
    const backport = v.fixedIn[0] !== own ? ` (${v.fixedIn[0]} also fixes it, but some later versions are affected again)` : "";
    return `; upgrade to ${own} or later${backport}`;
  }
  let fixed: string;
  let others = "";
  if (own === undefined) fixed = `fixed in ${v.fixedIn.join(", ")}, but later versions are affected again`;
  else if (othersAffect(own)) fixed = `fixed in ${own}, which other known advisories of ${name} affect`;
  else {
    fixed = `fixed in ${own} or later`;
    others = `, but other known advisories of ${name} affect later versions`;
  }
  let target: string;
  if (safe !== undefined && safeFrom !== undefined) target = safe === safeFrom ? `upgrade to ${safe} or later` : `upgrade to ${safe}, or to ${safeFrom} or later`;
  else if (safe !== undefined) target = `upgrade to ${safe}`;
  else if (safeFrom !== undefined) target = `upgrade to ${safeFrom} or later`;
  else return `; ${fixed}${others}; no version free of every known advisory of ${name} is known`;
  return `; ${fixed}${others}: ${target}`;
}

/** Valid PEP 440 `fixed` versions of `advisories` above `version` (all of them when `version` is not PEP 440). */
export function fixedCandidates(advisories: readonly Advisory[], version: string): string[] {
  const valid = isPep440(version);
  const out: string[] = [];
  for (const a of advisories) {
    for (const r of a.ranges) {
      for (const [kind, v] of r) {
        if (kind === "f" && isPep440(v) && (!valid || compareVersions(v, version) > 0)) out.push(v);
      }
    }
  }
  return out.sort(compareVersions);
}

/**
 * The smallest version above `version` that none of `advisories` affects, among their fixed versions; undefined
 * when there is none. Used as the `--fix` target.
 */
export function smallestSafeVersion(advisories: readonly Advisory[], version: string): string | undefined {
  return fixedCandidates(advisories, version).find((c) => !advisories.some((a) => isAffected(a, c)));
}
