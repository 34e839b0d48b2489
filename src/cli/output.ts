/**
 * Writing reports: to stdout, or to a file through a temporary name and a rename, so an interrupted run
 * or a failed write never leaves a partial report behind.
 */
import fs from "node:fs";
import path from "node:path";
import { UsageError } from "./errors.js";

/** One-line explanations of the errors a report write meets. */
const WRITE_ERRORS: Record<string, string> = {
  ENOSPC: "no space left on device",
  EDQUOT: "disk quota exceeded",
  ENOENT: "no such directory",
  ENOTDIR: "a parent of that path is not a directory",
  EISDIR: "it is a directory",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "read-only file system",
  ENAMETOOLONG: "file name too long",
  EIO: "input/output error",
};

/**
 * Writes `text` to `file` atomically: to `.<name>.<pid>.tmp` beside it, then renamed, so an interrupted run or a
 * failed write never leaves a partial report. A path that exists and is not a regular file (`/dev/stdout`, a
 * FIFO, a device) is written directly — renaming over it would replace it; a symbolic link is followed, so the
 * file it points to is replaced, not the link.
 * @throws UsageError with a one-line message when the directory is missing, unwritable, or the disk is full
 */
export function writeFileAtomic(file: string, text: string): void {
  let target = file;
  try {
    if (!fs.statSync(file).isFile()) {
      try {
        fs.writeFileSync(file, text);
      } catch (err) {
        throw writeError(file, err);
      }
      return;
    }
    target = fs.realpathSync(file);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    /* does not exist yet (or cannot be inspected): the write below says why if it fails */
  }
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, target);
  } catch (err) {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      /* nothing to clean */
    }
    throw writeError(file, err);
  }
}

function writeError(file: string, err: unknown): UsageError {
  const e = err as NodeJS.ErrnoException;
  const why = e.code ? (WRITE_ERRORS[e.code] ? `${WRITE_ERRORS[e.code]} (${e.code})` : e.code) : String(e.message).split("\n")[0];
  return new UsageError(`cannot write ${file}: ${why}`);
}

/** A report destination: a format and a file, or stdout when `file` is undefined. */
export interface Destination {
  format: string;
  file?: string;
}

/**
 * Pairs `--format` and `--output` options in order: the i-th format goes to the i-th output; a format
 * without an output goes to stdout (at most one may); an output without a format takes the format its
 * extension implies (`.sarif`, `.json`, `.html`, `.xml`), else the first format.
 * @throws UsageError when two formats would share stdout
 */
export function pairDestinations(formats: string[], outputs: string[], fallback = "text"): Destination[] {
  const byExt: Record<string, string> = { ".sarif": "sarif", ".json": "json", ".txt": "text", ".html": "html", ".xml": "junit" };
  const out: Destination[] = [];
  const n = Math.max(formats.length, outputs.length, 1);
  for (let i = 0; i < n; i++) {
    const file = outputs[i];
    const format = formats[i] ?? (file ? byExt[path.extname(file).toLowerCase()] : undefined) ?? formats[0] ?? fallback;
    out.push({ format, file });
  }
  if (out.filter((d) => !d.file).length > 1) throw new UsageError("several --format options need an --output each (only one report can go to standard output)");
  return out;
}
