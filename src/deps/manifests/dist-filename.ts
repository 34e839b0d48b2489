/**
 * The name and version a distribution file's name tells, for direct references (`pkg @ https://…/f.whl`, a URL
 * or path line in a requirements file, Poetry `url` / `path`), so that a version fixed by the file is audited
 * like a `==` pin.
 *
 * Specs followed:
 * - wheels: PEP 427 and the PyPA "Binary distribution format" specification — the file name is
 *   `{distribution}-{version}(-{build tag})?-{python tag}-{abi tag}-{platform tag}.whl`, no part contains `-`
 *   (names and versions write it as `_`), and a build tag starts with a digit;
 * - sdists: the PyPA "Source distribution format" specification — `{name}-{version}.tar.gz`; older archives
 *   (`.zip`, `.tar.bz2`, `.tgz`, …) and names still spelled with `-` are accepted too, as pip does;
 * - names compared after PEP 503 normalisation; the version must be a valid PEP 440 version (checked with
 *   `@renovatebot/pep440`), else the file tells no version.
 *
 * Everything here is plain string scanning (linear in the length of the text): URLs come from scanned files.
 */
import { valid } from "@renovatebot/pep440";
import { cutTail } from "../../util/text.js";
import { normalizeName } from "../advisories/names.js";

/** What a distribution file name tells. */
export interface DistributionFile {
  /** The distribution name as spelled in the file name. */
  name: string;
  /** The version (valid PEP 440). */
  version: string;
  kind: "wheel" | "sdist";
}

const SDIST_EXTENSIONS = [".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tar.xz", ".txz", ".tar", ".zip"];

/** Whether `c` may appear in a PEP 508 distribution name. */
function isNameChar(c: string): boolean {
  return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c === "." || c === "_" || c === "-";
}

function isAlnum(c: string | undefined): boolean {
  return c !== undefined && ((c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9"));
}

/** Whether `text` is a whole PEP 508 distribution name (letters, digits, `.`, `_`, `-`; alphanumeric at both ends). */
export function isDistributionName(text: string): boolean {
  if (!isAlnum(text[0]) || !isAlnum(text[text.length - 1])) return false;
  for (const c of text) if (!isNameChar(c)) return false;
  return true;
}

function isSeparator(c: string): boolean {
  return c === "-" || c === "_" || c === ".";
}

/**
 * Length of the prefix of `text` that spells the PEP 503 normalised name `normalized` (any case, each run of
 * `-`, `_`, `.` standing for one `-`), or -1 when `text` does not start with it. One pass over `text`.
 */
export function namePrefixLength(text: string, normalized: string): number {
  let i = 0;
  let j = 0;
  while (j < normalized.length) {
    if (normalized[j] === "-") {
      if (i >= text.length || !isSeparator(text[i])) return -1;
      while (i < text.length && isSeparator(text[i])) i++;
    } else {
      if (i >= text.length || text[i].toLowerCase() !== normalized[j]) return -1;
      i++;
    }
    j++;
  }
  return i;
}

/** A version as the file tells it: valid PEP 440, else undefined. */
function pep440(version: string): string | undefined {
  return version !== "" && valid(version) !== null ? version : undefined;
}

/**
 * Parses a wheel file name (PEP 427 / "Binary distribution format"):
 * `{distribution}-{version}(-{build tag})?-{python tag}-{abi tag}-{platform tag}.whl`.
 * @returns undefined when the name does not have that form or its version is not PEP 440
 */
export function parseWheelFilename(fileName: string): DistributionFile | undefined {
  if (!fileName.toLowerCase().endsWith(".whl")) return undefined;
  const parts = fileName.slice(0, -4).split("-");
  if (parts.length !== 5 && parts.length !== 6) return undefined;
  if (parts.some((p) => p === "")) return undefined;
  if (parts.length === 6 && !(parts[2][0] >= "0" && parts[2][0] <= "9")) return undefined;
  const [name, rawVersion] = parts;
  if (!isDistributionName(name)) return undefined;
  const version = pep440(rawVersion);
  return version === undefined ? undefined : { name, version, kind: "wheel" };
}

/**
 * Parses an sdist file name (`{name}-{version}.tar.gz`, "Source distribution format"; legacy archive suffixes
 * too). With `expected` (a requirement's or `#egg=` name) the name part must spell it (PEP 503 comparison), so a
 * name containing `-` (`python-dateutil-2.8.2.tar.gz`) splits where it should. Without one, the version is what
 * follows the last `-` when that starts with a digit.
 * @returns undefined when the name does not have that form or its version is not PEP 440
 */
export function parseSdistFilename(fileName: string, expected?: string): DistributionFile | undefined {
  const lower = fileName.toLowerCase();
  const ext = SDIST_EXTENSIONS.find((e) => lower.endsWith(e));
  if (ext === undefined) return undefined;
  const stem = fileName.slice(0, -ext.length);
  if (expected !== undefined) {
    const at = namePrefixLength(stem, normalizeName(expected));
    if (at > 0 && stem[at] === "-") {
      const version = pep440(stem.slice(at + 1));
      if (version !== undefined) return { name: stem.slice(0, at), version, kind: "sdist" };
    }
  }
  const dash = stem.lastIndexOf("-");
  if (dash <= 0) return undefined;
  const name = stem.slice(0, dash);
  const first = stem[dash + 1];
  if (!(first >= "0" && first <= "9") || !isDistributionName(name)) return undefined;
  const version = pep440(stem.slice(dash + 1));
  return version === undefined ? undefined : { name, version, kind: "sdist" };
}

/** Whether a URL is a VCS reference (`git+https://…`, `hg+…`, `svn+…`, `bzr+…`): a repository, not a file. */
export function isVcsUrl(location: string): boolean {
  const plus = location.indexOf("+");
  if (plus < 0) return false;
  const scheme = location.slice(0, plus).toLowerCase();
  return scheme === "git" || scheme === "hg" || scheme === "svn" || scheme === "bzr";
}

/** The last path segment of a URL or path (query and fragment removed), percent-decoded when that is valid. */
export function locationFileName(location: string): string {
  const path = cutTail(location, "?#");
  const base = path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1);
  try {
    return decodeURIComponent(base);
  } catch {
    return base;
  }
}

/**
 * The distribution file a URL or path points at (a wheel or an sdist, see {@link parseWheelFilename} and
 * {@link parseSdistFilename}); undefined for a VCS URL (its path is a repository, and a branch or tag is not a
 * version) or any other name.
 * @param expected the name the requirement gives (`name @ url`, `#egg=name`), to split sdist names
 */
export function distributionFileOf(location: string, expected?: string): DistributionFile | undefined {
  if (isVcsUrl(location)) return undefined;
  const base = locationFileName(location);
  return parseWheelFilename(base) ?? parseSdistFilename(base, expected);
}

/**
 * The version a direct reference pins through its file name, for a requirement named `name`.
 * @returns `{ version }` when the file is a wheel or sdist of `name` (PEP 503 comparison); `{ otherName }` when
 *   it is the file of another distribution (no version is taken from it); undefined when the file name tells
 *   nothing (a VCS URL, a directory, an unversioned archive)
 */
export function directReferenceVersion(location: string, name: string): { version?: string; otherName?: string } | undefined {
  const file = distributionFileOf(location, name);
  if (!file) return undefined;
  return normalizeName(file.name) === normalizeName(name) ? { version: file.version } : { otherName: file.name };
}
