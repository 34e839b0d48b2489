/**
 * PEP 440 version ordering for advisory matching, on top of `@renovatebot/pep440`.
 *
 * Versions are parsed once with `@renovatebot/pep440`'s `parse` and turned into a cached sort key following
 * PEP 440's "Summary of permitted suffixes and relative ordering" (epoch, release with trailing zeros
 * ignored, dev < pre < final < post, local versions above their public version, numeric local segments above
 * alphanumeric ones). Tests check the order agrees with `@renovatebot/pep440`'s own `compare`.
 *
 * Advisory data holds some strings that are not PEP 440 versions (`2.0.0-final`, `0.7.10p1`, dates). They are
 * "legacy" versions here: never thrown on, sorted before every valid version (as pip's old `LegacyVersion`
 * did), and matched only by exact string (see {@link versionsEqual}).
 */
import { parse as pep440Parse } from "@renovatebot/pep440";

/** Sort key of a valid version. Infinity stands for "absent, sorts last" and -Infinity for "sorts first". */
interface Key {
  epoch: number;
  release: number[];
  /** [letter rank (a=0, b=1, rc=2), number] or ±Infinity. */
  pre: [number, number] | number;
  post: number;
  dev: number;
  /** Local segments: numbers, or strings (which sort below any number); empty when none. */
  local: (number | string)[] | null;
}

const keys = new Map<string, Key | null>();
const PRE_RANK: Record<string, number> = { a: 0, b: 1, rc: 2 };

function keyOf(v: string): Key | null {
  let k = keys.get(v);
  if (k !== undefined) return k;
  const p = pep440Parse(v.trim());
  if (!p) k = null;
  else {
    const release = p.release.slice();
    while (release.length > 0 && release[release.length - 1] === 0) release.pop();
    const pre = p.pre as unknown as [string, number] | null;
    const post = p.post as unknown as [string, number] | null;
    const dev = p.dev as unknown as [string, number] | null;
    k = {
      epoch: p.epoch,
      release,
      pre: pre ? [PRE_RANK[pre[0]] ?? 2, Number(pre[1])] : !post && dev ? -Infinity : Infinity,
      post: post ? Number(post[1]) : -Infinity,
      dev: dev ? Number(dev[1]) : Infinity,
      local: (p.local as unknown as (number | string)[] | null) ?? null,
    };
  }
  if (keys.size > 500_000) keys.clear();
  keys.set(v, k);
  return k;
}

function cmpNum(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function cmpKey(a: Key, b: Key): number {
  let c = cmpNum(a.epoch, b.epoch);
  if (c) return c;
  const n = Math.min(a.release.length, b.release.length);
  for (let i = 0; i < n; i++) if ((c = cmpNum(a.release[i], b.release[i]))) return c;
  if ((c = cmpNum(a.release.length, b.release.length))) return c;
  const ap = a.pre;
  const bp = b.pre;
  if (typeof ap === "number" || typeof bp === "number") {
    const x = typeof ap === "number" ? ap : 0;
    const y = typeof bp === "number" ? bp : 0;
    if ((c = cmpNum(x, y))) return c;
  } else if ((c = cmpNum(ap[0], bp[0]) || cmpNum(ap[1], bp[1]))) return c;
  if ((c = cmpNum(a.post, b.post))) return c;
  if ((c = cmpNum(a.dev, b.dev))) return c;
  if (!a.local || !b.local) return a.local === b.local ? 0 : a.local ? 1 : -1;
  const m = Math.min(a.local.length, b.local.length);
  for (let i = 0; i < m; i++) {
    const x = a.local[i];
    const y = b.local[i];
    if (typeof x === "number" && typeof y === "number") c = cmpNum(x, y);
    else if (typeof x === "number") c = 1;
    else if (typeof y === "number") c = -1;
    else c = x < y ? -1 : x > y ? 1 : 0;
    if (c) return c;
  }
  return cmpNum(a.local.length, b.local.length);
}

/** True when `v` is a valid PEP 440 version (public or local; a leading `v` and surrounding spaces allowed). */
export function isPep440(v: string): boolean {
  return keyOf(v) !== null;
}

/**
 * Total order over version strings: legacy (non-PEP 440) versions first, by plain string order, then valid
 * versions in PEP 440 order.
 *
 * @returns negative when `a` sorts first, 0 when equal under PEP 440 (`1.0` = `1.0.0`), positive otherwise.
 * Never throws.
 */
export function compareVersions(a: string, b: string): number {
  const ka = keyOf(a);
  const kb = keyOf(b);
  if (ka && kb) return cmpKey(ka, kb);
  if (ka || kb) return ka ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Equality as an advisory `versions[]` entry is matched: PEP 440 equality (`1.0` = `1.0.0`) when both are
 * valid, otherwise exact string equality, ignoring case and surrounding space. Never throws.
 */
export function versionsEqual(a: string, b: string): boolean {
  const ka = keyOf(a);
  const kb = keyOf(b);
  if (ka && kb) return cmpKey(ka, kb) === 0;
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
