/**
 * Manifest and lockfile readers: which files are manifests (by file name), and one entry point that reads any
 * of them into {@link Dependency} records with file and line.
 *
 * File names recognised (compared case-insensitively, on the base name):
 * - `requirements` — `requirements*.txt` (`requirements.txt`, `requirements-dev.txt`, `requirements_test.txt`,
 *   `requirements.prod.txt`), any `*.txt` directly inside a directory named `requirements`, and pip-tools
 *   inputs `*.in` except files that are clearly something else: `MANIFEST.in`, `Makefile.in`, and names with
 *   another extension before `.in` (`config.h.in`) unless they start with `requirements`;
 * - `pyproject` — `pyproject.toml`; `setup.cfg`; `poetry.lock`; `Pipfile.lock`; `uv.lock`; `pdm.lock`;
 * - `pylock.toml` — `pylock.toml` and PEP 751 named lock files `pylock.<name>.toml`.
 */
import type { Dependency, ManifestKind } from "../types.js";
import { readPdmLock, readPipfileLock, readPoetryLock, readPylock, readUvLock } from "./lockfiles.js";
import { readPyproject } from "./pyproject.js";
import { readRequirements } from "./requirements.js";
import { readSetupCfg } from "./setup-cfg.js";
import type { ManifestResult, ReadOptions } from "./types.js";

export type { ManifestResult, ReadFile, ReadOptions } from "./types.js";
export { normalizeName, parseRequirement, RequirementSyntaxError, type ParsedRequirement } from "./pep508.js";
export { readRequirements, logicalLines } from "./requirements.js";
export { readPyproject } from "./pyproject.js";
export { readSetupCfg } from "./setup-cfg.js";
export { readPoetryLock, readPipfileLock, readUvLock, readPdmLock, readPylock } from "./lockfiles.js";
export { translatePoetryConstraint } from "./poetry-constraint.js";
export { TomlLines, type TomlPath } from "./toml-lines.js";

const LOCK_KINDS: ReadonlySet<ManifestKind> = new Set<ManifestKind>([
  "poetry.lock",
  "Pipfile.lock",
  "uv.lock",
  "pdm.lock",
  "pylock.toml",
]);

/**
 * The kind of manifest a path names, from its file name (and, for `requirements/*.txt`, its parent directory);
 * undefined when it is not one. Accepts `/` and `\` separators. Reads nothing.
 */
export function manifestKind(path: string): ManifestKind | undefined {
  const parts = path.split(/[\\/]/).filter((p) => p !== "");
  const base = (parts[parts.length - 1] ?? "").toLowerCase();
  const parent = (parts[parts.length - 2] ?? "").toLowerCase();
  switch (base) {
    case "pyproject.toml":
      return "pyproject";
    case "setup.cfg":
      return "setup.cfg";
    case "poetry.lock":
      return "poetry.lock";
    case "pipfile.lock":
      return "Pipfile.lock";
    case "uv.lock":
      return "uv.lock";
    case "pdm.lock":
      return "pdm.lock";
  }
  if (/^pylock(?:\.[^.\\/]+)?\.toml$/.test(base)) return "pylock.toml";
  if (/^requirements.*\.txt$/.test(base)) return "requirements";
  if (parent === "requirements" && base.endsWith(".txt")) return "requirements";
  if (base.endsWith(".in") && base.length > 3) {
    if (base === "manifest.in" || base === "makefile.in") return undefined;
    const stem = base.slice(0, -3);
    if (stem.includes(".") && !stem.startsWith("requirements")) return undefined;
    return "requirements";
  }
  return undefined;
}

/** Whether discovery should treat the path as a manifest or lockfile ({@link manifestKind} knows it). */
export function isManifest(path: string): boolean {
  return manifestKind(path) !== undefined;
}

/** Whether a kind is a lockfile (exact resolutions) rather than a declaration of requirements. */
export function isLockfileKind(kind: ManifestKind): boolean {
  return LOCK_KINDS.has(kind);
}

/** Options of {@link readManifest}. */
export interface ReadManifestOptions extends ReadOptions {
  /** Read the file as this kind whatever its name (for an explicit path such as `deps/prod.txt`). */
  kind?: ManifestKind;
}

/**
 * Reads one manifest or lockfile. Dispatches on `options.kind`, else on {@link manifestKind}(path).
 * Requirements files follow their `-r`/`-c` includes through `options.readFile` (default: the file system),
 * resolved against the including file's directory; `setup.cfg` follows `file:` the same way.
 *
 * Never throws for bad content: every problem is in `problems` with file and 1-based line, and what could be
 * read is returned. A path that is not a manifest gives no dependencies and one error problem.
 * @param path the file's path as it should appear in findings (relative to the scan root, say)
 * @param text its content (a UTF-8 BOM is ignored)
 */
export function readManifest(path: string, text: string, options: ReadManifestOptions = {}): ManifestResult {
  const kind = options.kind ?? manifestKind(path);
  switch (kind) {
    case "requirements":
      return readRequirements(path, text, options);
    case "pyproject":
      return readPyproject(path, text);
    case "setup.cfg":
      return readSetupCfg(path, text, options);
    case "poetry.lock":
      return readPoetryLock(path, text);
    case "Pipfile.lock":
      return readPipfileLock(path, text);
    case "uv.lock":
      return readUvLock(path, text);
    case "pdm.lock":
      return readPdmLock(path, text);
    case "pylock.toml":
      return readPylock(path, text);
    case undefined:
      return {
        dependencies: [],
        constraints: [],
        problems: [
          { file: path, line: 1, message: "not a recognised manifest or lockfile name", severity: "error" },
        ],
        files: [path],
      };
  }
}

export type { Dependency };
