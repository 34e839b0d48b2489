/**
 * Manifest and lockfile readers: which files are manifests (by file name), and one entry point that reads any
 * of them into {@link Dependency} records with file and line.
 *
 * File names recognised (compared case-insensitively, on the base name and its parent directory):
 * - `requirements` — pip requirements files and pip-tools inputs:
 *   - `requirements*.txt` / `requirements*.in` (`requirements.txt`, `requirements-dev.txt`,
 *     `requirements_test.txt`, `requirements.prod.txt`, `requirements.in`);
 *   - `<anything>-requirements.txt`, `<anything>_requirements.txt`, `<anything>.requirements.txt` (and `.in`):
 *     `dev-requirements.txt`, `test_requirements.txt`;
 *   - any `*.txt` or `*.in` directly inside a directory named `requirements` (`requirements/base.txt`,
 *     `requirements/dev.in`), except documentation (`requirements/README.txt`, `notes.txt`, `LICENSE.txt`);
 *   - pip constraints files `constraints*.txt`, `<anything>-constraints.txt`, `<anything>_constraints.txt`
 *     (read as requirements files when no requirements file includes them with `-c`);
 *   - other `*.in` files only when a word of the name says requirements or constraints (`test-req.in`,
 *     `constraint-prod.in`; not `MANIFEST.in`, `Makefile.in`, `config.h.in`);
 * - `pyproject` — `pyproject.toml`; `setup.cfg`; `poetry.lock`; `Pipfile.lock`; `uv.lock`; `pdm.lock`;
 * - `pylock.toml` — `pylock.toml` and PEP 751 named lock files `pylock.<name>.toml`.
 *
 * `src/discover/classify.ts` (`classifyByName`) recognises the same names as manifests, so that what directory
 * search finds is what the audit reads.
 */
import type { Dependency, ManifestKind } from "../types.js";
import { readPdmLock, readPipfileLock, readPoetryLock, readPylock, readUvLock } from "./lockfiles.js";
import { readPyproject } from "./pyproject.js";
import { readRequirements } from "./requirements.js";
import { isRequirementsName } from "../../discover/classify.js";
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
  if (isRequirementsName(base, parent)) return "requirements";
  return undefined;
}

/**
 * Whether the path names a pip constraints file by its name (`constraints.txt`, `constraints-py311.txt`,
 * `dev-constraints.txt`): its entries limit versions rather than declare what to install.
 */
export function isConstraintsName(path: string): boolean {
  const base = (path.split(/[\\/]/).pop() ?? "").toLowerCase();
  const m = /^(.+)\.(txt|in)$/.exec(base);
  return m !== null && /(^|[-_.])constraints?([-_.]|$)/.test(m[1]);
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
