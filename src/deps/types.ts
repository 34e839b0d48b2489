/**
 * Shared types of the dependency audit: what manifest and lockfile parsers produce, and what the advisory
 * matcher consumes.
 */

/** Kind of file a dependency was read from. */
export type ManifestKind =
  | "requirements"
  | "pyproject"
  | "setup.cfg"
  | "poetry.lock"
  | "Pipfile.lock"
  | "uv.lock"
  | "pdm.lock"
  | "pylock.toml";

/** One declared or locked dependency, with where it came from. */
export interface Dependency {
  /** Name as written in the file. */
  name: string;
  /** PEP 503 normalised name (lower-case, runs of `-_.` → `-`). */
  normalizedName: string;
  /**
   * Exact version when pinned (`==1.2.3`, `===1.2.3`, a Poetry constraint admitting one version, a lockfile
   * entry, or a direct reference to a wheel / sdist whose file name carries the version); undefined otherwise.
   */
  version?: string;
  /**
   * The version specifier as written (`>=2.2,<3`), "" when none. Poetry alternatives (`^1.2 || ^2.0`), which PEP
   * 440 cannot express, are each translated and joined with ` || ` (`>=1.2,<2.0 || >=2.0,<3.0`).
   */
  specifier: string;
  /** Extras (`requests[socks]` → `["socks"]`). */
  extras: string[];
  /** PEP 508 environment marker text, if any. */
  marker?: string;
  /** Hashes given with `--hash` (algorithm:hex). */
  hashes: string[];
  /** Direct URL / VCS / local path source, when not from an index. */
  url?: string;
  editable?: boolean;
  /** File it was read from (path as reported) and its 1-based line. */
  file: string;
  line: number;
  /** Kind of the file. */
  kind: ManifestKind;
  /** True for lockfile entries (exact resolution), false for manifest declarations. */
  locked: boolean;
  /** Group / section it belongs to (`dev`, `optional:docs`, `group:test`), when the format has one. */
  group?: string;
  /**
   * The constraint as written when the file's syntax is not PEP 440 (Poetry `^1.2`, `~1.2`, `1.2.*`); then
   * `specifier` holds its PEP 440 translation (`>=1.2,<2.0`; alternatives joined with ` || `).
   */
  rawSpecifier?: string;
  /**
   * True for an entry of a pip constraints file (`-c constraints.txt`): it limits which version is installed
   * if the package is installed at all, but does not install it. Constraint entries are returned apart from
   * dependencies (`ManifestResult.constraints`), never in the dependency list.
   */
  constraint?: boolean;
  /** The first constraint-file entry for the same (normalised) name, when the requirements file has one. */
  constrainedBy?: ConstraintRef;
}

/** Where a constraint applying to a requirement was declared, and what it says. */
export interface ConstraintRef {
  file: string;
  /** 1-based line. */
  line: number;
  /** PEP 440 specifier of the constraint (`==1.26.4`). */
  specifier: string;
  /** Pinned version when the constraint is `==V` / `===V`. */
  version?: string;
}

/** A problem reading a manifest: file, 1-based line, message. Never fatal for the run. */
export interface ManifestProblem {
  file: string;
  line: number;
  message: string;
  severity: "warning" | "error";
}
