/**
 * Writing reports: to stdout, or to a file through a temporary name and a rename, so an interrupted run
 * or a failed write never leaves a partial report behind.
 */
import fs from "node:fs";
import path from "node:path";
import { UsageError } from "./errors.js";

/**
 * Writes `text` to `file` atomically (write `file.<pid>.tmp`, then rename).
 * @throws UsageError with a one-line message when the directory is missing, unwritable, or the disk is full
 */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  } catch (err) {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      /* nothing to clean */
    }
    const e = err as NodeJS.ErrnoException;
    throw new UsageError(`cannot write ${file}: ${e.code === "ENOSPC" ? "no space left on device" : (e.code ?? e.message)}`);
  }
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
