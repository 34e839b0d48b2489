/**
 * What every manifest and lockfile reader returns, and the options they share.
 */
import type { Dependency, ManifestProblem } from "../types.js";

/**
 * Reads a file the manifest refers to (a `-r` include, a `file:` directive) and returns its text.
 * Paths are what the reader computed: the including file's directory joined with the reference.
 * @throws any Error when the file cannot be read; the reader turns it into a {@link ManifestProblem}
 */
export type ReadFile = (path: string) => string;

/** Options shared by the readers. */
export interface ReadOptions {
  /**
   * How included files are read; default `readManifestText(path)` (`read-file.ts`: regular files of at most
   * 10 MB only, never blocking), which resolves relative paths against the process's working directory — pass absolute manifest paths, or a `readFile` that resolves
   * against the scan root.
   */
  readFile?: ReadFile;
  /**
   * When set, an include (`-r`, `-c`, setup.cfg `file:`) whose path resolves outside this directory is not
   * read (an error problem says so: PW103), so a scanned repository cannot make pyward read and echo arbitrary files such as
   * `-r /etc/passwd`, nor through a symbolic link that leads out of it. Default here: no limit, as pip;
   * `collectDependencies` (what `check` and `audit` use) sets it to the manifest's project (`includeRootOf`).
   */
  includeRoot?: string;
  /**
   * Values for `${VAR}` placeholders in requirements files (pip expands only `${NAME}` with upper-case letters,
   * digits and `_`). A placeholder whose variable is missing here is left as written. Default: none expanded —
   * pass `process.env` to behave like pip.
   */
  env?: Readonly<Record<string, string | undefined>>;
}

/** The outcome of reading one manifest or lockfile (and, for requirements files, everything it includes). */
export interface ManifestResult {
  /** Declared or locked dependencies, in file order (an include's entries where the `-r` line is). */
  dependencies: Dependency[];
  /**
   * Entries of pip constraints files (`-c`), each with `constraint: true`. They are not dependencies: a
   * constraint only limits the version of a package that something else installs. A dependency of the same
   * name gets `constrainedBy`. Always empty for other kinds.
   */
  constraints: Dependency[];
  /** Everything that went wrong, each with file and line; reading always goes on. */
  problems: ManifestProblem[];
  /**
   * For `pyproject.toml` and `setup.cfg`: true for a library (distributable package), false for an
   * application. Undefined for requirements files and lockfiles, which do not say.
   */
  isLibrary?: boolean;
  /** Why `isLibrary` has its value (`"[build-system] table present"`), for messages. */
  libraryReason?: string;
  /** Every file read, the manifest first (requirements includes come after), as paths were reported. */
  files: string[];
}

/** An empty result for `file`. */
export function emptyResult(file: string): ManifestResult {
  return { dependencies: [], constraints: [], problems: [], files: [file] };
}
