/**
 * The one way the dependency audit reads a file of the scanned project: manifests and lockfiles (top-level or
 * reached through `-r` / `-c` / setup.cfg `file:`), their text again for finding positions and `--fix`, and
 * installed `*.dist-info` metadata. Scanned repositories are untrusted: an include may name `/dev/zero`, a FIFO,
 * `/proc/self/fd/0`, a directory or a 600 MB file. Reading goes through {@link readRegularFile}
 * (`src/discover/read.ts`, shared with Python sources), so nothing blocks and at most `maxSize + 1` bytes are
 * read; a refusal is an error whose one-line message the manifest readers turn into a PW103 finding.
 */
import { DEFAULT_MAX_FILE_SIZE, readRegularFile, sizeOverLimit } from "../../discover/read.js";

/**
 * Default size limit of a manifest or lockfile, in bytes: `DEFAULT_MAX_FILE_SIZE` (10 MB), as for Python
 * sources. `pyward check` passes its `--max-file-size` when it gives one (`CheckAuditOptions.maxFileSize`).
 */
export const MANIFEST_MAX_FILE_SIZE = DEFAULT_MAX_FILE_SIZE;

/**
 * A manifest that was refused without being read: not a regular file, or over the size limit. Its message is
 * one line (`not a regular file (a character device)`, `file is 600.0 MB, over the 10.0 MB limit`); `code` is
 * `EPYWARDREFUSED` so callers that print `err.code` can tell it from a file-system error.
 */
export class ManifestReadError extends Error {
  /** Always `EPYWARDREFUSED`. */
  readonly code = "EPYWARDREFUSED";
  constructor(message: string) {
    super(message);
    this.name = "ManifestReadError";
  }
}

/**
 * Reads a manifest, lockfile or metadata file of the scanned project as UTF-8 text, following symbolic links.
 * Never blocks and never reads more than `maxSize + 1` bytes.
 *
 * @param file path to read (relative paths resolve against the working directory)
 * @param maxSize size limit in bytes (default {@link MANIFEST_MAX_FILE_SIZE})
 * @throws ManifestReadError when the file is not a regular file (device, FIFO, socket, directory) or is over
 *   `maxSize`; the file-system error itself (with its `code`, `ENOENT` say) when it cannot be opened or read
 */
export function readManifestText(file: string, maxSize: number = MANIFEST_MAX_FILE_SIZE): string {
  const r = readRegularFile(file, maxSize);
  if (r.ok) return r.bytes.toString("utf8");
  switch (r.kind) {
    case "not-regular":
      throw new ManifestReadError(r.what === "not a regular file" ? r.what : `not a regular file (${r.what})`);
    case "would-block":
      throw new ManifestReadError("not a regular file (no data available without waiting)");
    case "oversize":
      throw new ManifestReadError(sizeOverLimit(r.size, maxSize));
    case "error":
      throw r.error;
  }
}

/**
 * {@link readManifestText} that returns `undefined` instead of throwing, for re-reading text that only serves
 * finding positions and snippets.
 */
export function tryReadManifestText(file: string, maxSize: number = MANIFEST_MAX_FILE_SIZE): string | undefined {
  try {
    return readManifestText(file, maxSize);
  } catch {
    return undefined;
  }
}
