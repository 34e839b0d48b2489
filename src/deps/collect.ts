/**
 * Manifest collection for the dependency audit: reads a set of manifests and lockfiles with the manifest
 * readers, following requirements includes, into dependencies, reading problems and library manifests.
 */
import fs from "node:fs";
import path from "node:path";
import type { Dependency, ManifestKind, ManifestProblem } from "./types.js";
import { isConstraintsName, manifestKind, readManifest } from "./manifests/index.js";
import { outsideRoot } from "./manifests/requirements.js";
import { ManifestReadError, readManifestText } from "./manifests/read-file.js";

/** Dependencies read from a set of manifests and lockfiles. */
export interface CollectedDependencies {
  /** Every dependency, in file order (constraint entries excluded). */
  dependencies: Dependency[];
  /**
   * Reading problems, each with file and line, once each; never fatal here. Pass them to {@link runAudit}
   * (`problems`): errors become PW103 findings.
   */
  problems: ManifestProblem[];
  /** Manifests that declare a library (`isLibrary`), for {@link AuditOptions.libraryFiles}. */
  libraryFiles: string[];
  /** Every file read (includes followed), without duplicates. */
  files: string[];
}

/**
 * The directory the includes of the manifest at `p` (`-r`, `-c`, setup.cfg `file:`) must stay in: the top level of
 * its repository (the nearest directory at or above it holding `.git`), else the current directory when the
 * manifest lies in it, else the manifest's own directory. The scanned tree is untrusted: `-r /etc/passwd` or
 * `-r ~/.ssh/id_rsa` would otherwise be read and its lines echoed in PW103 findings and reports.
 */
export function includeRootOf(p: string, cwd = process.cwd()): string {
  const abs = path.resolve(cwd, p);
  for (let d = path.dirname(abs); ; ) {
    if (fs.existsSync(path.join(d, ".git"))) return d;
    const up = path.dirname(d);
    if (up === d) break;
    d = up;
  }
  return outsideRoot(cwd, abs) ? path.dirname(abs) : path.resolve(cwd);
}

/**
 * Reads manifests and lockfiles with the manifest readers (`readManifest`), following requirements includes.
 * A path whose name is not a known manifest is read as `fallbackKind` when given (an explicit
 * `deps/prod.txt`), else skipped with a problem. Never throws: unreadable files become problems. A constraints
 * file (`constraints*.txt`) is read as a requirements file only when no other file read includes it (`-c`).
 *
 * @param paths files as they should appear in findings (relative to the current directory, say)
 * @param options `env` for `${VAR}` placeholders in requirements files; `readFile` to read (default
 *   `readManifestText`: a device, FIFO, socket or directory, or a file over `maxFileSize` (default 10 MB), is an
 *   error problem naming it, for the top-level file and for every include alike)
 */
export function collectDependencies(
  paths: readonly string[],
  options: { env?: Readonly<Record<string, string | undefined>>; readFile?: (file: string) => string; fallbackKind?: ManifestKind; maxFileSize?: number } = {},
): CollectedDependencies {
  const out: CollectedDependencies = { dependencies: [], problems: [], libraryFiles: [], files: [] };
  const maxFileSize = options.maxFileSize;
  const read = options.readFile ?? ((f: string) => readManifestText(f, maxFileSize));
  const files = new Set<string>();
  const readKeys = new Set<string>();
  const problemKeys = new Set<string>();
  // Constraints files last: one that a requirements file includes with `-c` has been read as constraints
  // then, and is not read again as a list of requirements.
  const ordered = [...paths.filter((p) => !isConstraintsName(p)), ...paths.filter((p) => isConstraintsName(p))];
  for (const p of ordered) {
    if (isConstraintsName(p) && readKeys.has(path.resolve(p))) continue;
    const kind = manifestKind(p) ?? options.fallbackKind;
    if (!kind) {
      out.problems.push({ file: p, line: 1, message: "not a recognised manifest or lockfile name; skipped", severity: "warning" });
      continue;
    }
    let text: string;
    try {
      text = read(p);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      out.problems.push({ file: p, line: 1, message: `cannot read: ${err instanceof ManifestReadError ? err.message : (err.code ?? err.message)}`, severity: "error" });
      continue;
    }
    const r = readManifest(p, text, { kind, readFile: read, includeRoot: includeRootOf(p), ...(options.env ? { env: options.env } : {}) });
    out.dependencies.push(...r.dependencies);
    for (const q of r.problems) {
      const key = `${q.file}\0${q.line}\0${q.message}`;
      if (problemKeys.has(key)) continue;
      problemKeys.add(key);
      out.problems.push(q);
    }
    if (r.isLibrary) out.libraryFiles.push(p);
    for (const f of r.files) {
      files.add(f);
      readKeys.add(path.resolve(f));
    }
  }
  out.files = [...files];
  return out;
}
