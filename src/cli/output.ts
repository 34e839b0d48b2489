/**
 * Writing reports: to stdout, or to files through temporary names and renames, all reports of a run at once,
 * so an interrupted run or a failed write never leaves a partial report, or some reports new and others stale.
 */
import fs from "node:fs";
import path from "node:path";
import { UsageError } from "./errors.js";
import { commitStaged, discardStaged, stageBeside, writeTarget } from "../util/fs.js";

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
  ENXIO: "a FIFO no process is reading",
  EPIPE: "the process reading the FIFO closed it",
  ETIMEDOUT: "the process reading the FIFO stopped reading",
  ELOOP: "a symbolic link loop",
  EIO: "input/output error",
};

/**
 * Writes `text` to `file` atomically (see {@link writeFilesAtomic}).
 * @throws UsageError with a one-line message when the directory is missing, unwritable, or the disk is full
 */
export function writeFileAtomic(file: string, text: string): void {
  writeFilesAtomic([{ file, text }]);
}

/**
 * Writes several reports as one, so that neither an interrupted run (a Ctrl-C is handled between event loop
 * turns, never inside this call) nor a failed write leaves some reports new and others missing or stale:
 * 1. each report whose path is a regular file, or none yet, is written to a new temporary file beside it
 *    (`.pyward-<random>.tmp`, created exclusively: a name planted in the directory, a symbolic link among
 *    them, is never written through);
 * 2. each path that exists and is not a regular file (`/dev/stdout`, a FIFO, a device) is written directly,
 *    as renaming over it would replace it (a FIFO only when a reader has it open: no wait without end);
 * 3. the temporary files are renamed over their reports in one synchronous step (a symbolic link is followed:
 *    the file it points to is replaced, not the link).
 * When step 1 or 2 fails, every temporary file is removed and no report is replaced; a rename failing in step
 * 3 (which {@link checkOutputs} makes unlikely) removes the temporary files not yet renamed.
 * @param writes the reports, by path and text
 * @throws UsageError with a one-line message naming the first report that could not be written and why
 */
export function writeFilesAtomic(writes: readonly { file: string; text: string }[]): void {
  const staged: { file: string; tmp: string; target: string }[] = [];
  const direct: { file: string; text: string }[] = [];
  const removeStaged = (from = 0): void => {
    for (const s of staged.slice(from)) discardStaged(s.tmp);
  };
  for (const { file, text } of writes) {
    try {
      // an existing path that is not a regular file (or not a file at all) is written as it is
      let existing: fs.Stats | undefined;
      try {
        existing = fs.statSync(file);
      } catch {
        /* none yet, or a dangling link: staged for its target */
      }
      if (existing && !existing.isFile()) {
        direct.push({ file, text });
        continue;
      }
      const target = writeTarget(file);
      staged.push({ file, tmp: stageBeside(target, text), target });
    } catch (err) {
      removeStaged();
      throw writeError(file, err);
    }
  }
  for (const { file, text } of direct) {
    try {
      writeDirect(file, text);
    } catch (err) {
      removeStaged();
      throw writeError(file, err);
    }
  }
  for (let i = 0; i < staged.length; i++) {
    try {
      commitStaged(staged[i].tmp, staged[i].target);
    } catch (err) {
      removeStaged(i + 1);
      throw writeError(staged[i].file, err);
    }
  }
}

/**
 * Writes `text` to an existing path that is not a regular file. A FIFO (`/dev/stdout` on a pipe included) is
 * opened without waiting, so one no process reads is an error (ENXIO) instead of a wait no signal can end, and
 * written through that same descriptor; a reader that stops reading for {@link FIFO_STALL_MS} is an error too.
 */
function writeDirect(file: string, text: string): void {
  if (!fs.statSync(file).isFIFO()) {
    fs.writeFileSync(file, text);
    return;
  }
  const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK); // ENXIO: no reader
  try {
    const data = Buffer.from(text);
    const nap = new Int32Array(new SharedArrayBuffer(4));
    let stalled = 0;
    for (let offset = 0; offset < data.length; ) {
      try {
        offset += fs.writeSync(fd, data, offset);
        stalled = 0;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EAGAIN") throw err; // EPIPE: the reader closed it
        if ((stalled += 5) > FIFO_STALL_MS) throw Object.assign(new Error("stalled"), { code: "ETIMEDOUT" });
        Atomics.wait(nap, 0, 0, 5); // the pipe is full: wait 5 ms for the reader
      }
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** How long (ms) a FIFO's reader may leave the pipe full before the write gives up. */
const FIFO_STALL_MS = 30_000;

/**
 * Checks, before a long run, that every report can later be written: {@link checkWritable} for each path,
 * and no two paths naming the same file (through a symbolic link, `./`, or a baseline and a report).
 * @param outputs each file with the option that names it (`--output`, `--write-baseline`), in command-line order
 * @throws UsageError (one line) for the first path that cannot be written, or the second name of a file
 */
export function checkOutputs(outputs: readonly { option: string; file: string }[]): void {
  const seen = new Map<string, { option: string; file: string }>();
  for (const out of outputs) {
    if (out.file === "") throw new UsageError(`${out.option} needs a file name`);
    if (out.file.includes("\uFFFD")) throw new UsageError(`${out.option} ${out.file}: a name that is not valid UTF-8 cannot be given to Node.js`);
    const key = checkWritable(out.file);
    const first = seen.get(key);
    if (first) throw new UsageError(`${out.option} ${out.file} names the same file as ${first.option} ${first.file}; each report needs its own file`);
    seen.set(key, out);
  }
}

/**
 * Checks, before a long run, that a report can later be written to `file`: it is not a directory (nor named
 * like one, with a trailing slash), its name is not too long, its directory exists, this process may create
 * files there, and (in a sticky directory such as /tmp) may replace it. For a path that is not a regular file,
 * that it may be written. The write itself may still fail (a full disk, a file system that refuses new names):
 * {@link writeFilesAtomic} says so then.
 * @returns the file a write would replace ({@link writeTarget})
 * @throws UsageError with the one-line message the write would give
 */
export function checkWritable(file: string): string {
  if (file.endsWith("/") || file.endsWith(path.sep)) throw new UsageError(`cannot write ${file}: a name ending in "/" names a directory`);
  const fail = (code: string): never => {
    throw Object.assign(new Error(code), { code });
  };
  try {
    if (Buffer.byteLength(path.basename(file)) > 255) fail("ENAMETOOLONG");
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
    if (stat?.isDirectory()) fail("EISDIR");
    const target = writeTarget(file); // a dangling link's target is created where it points
    if (stat && !stat.isFile()) {
      fs.accessSync(file, fs.constants.W_OK);
      return target;
    }
    const dirStat = fs.statSync(path.dirname(target));
    if (!dirStat.isDirectory()) fail("ENOTDIR");
    fs.accessSync(path.dirname(target), fs.constants.W_OK | fs.constants.X_OK);
    // in a sticky directory only a file's owner (or the directory's, or root) may rename over it
    const uid = typeof process.getuid === "function" ? process.getuid() : undefined;
    if (stat && uid !== undefined && uid !== 0 && dirStat.mode & 0o1000 /* S_ISVTX */ && stat.uid !== uid && dirStat.uid !== uid) fail("EPERM");
    return target;
  } catch (err) {
    throw writeError(file, err);
  }
}

function writeError(file: string, err: unknown): UsageError {
  const e = err as NodeJS.ErrnoException;
  let why = e.code ? (WRITE_ERRORS[e.code] ? `${WRITE_ERRORS[e.code]} (${e.code})` : e.code) : String(e.message).split("\n")[0];
  // ENOENT from an existing directory (`/proc`, a file system that refuses new names) is not a missing directory
  if (e.code === "ENOENT" && isDirectory(path.dirname(path.resolve(file)))) why = `the directory exists but no file can be created in it (${e.code})`;
  return new UsageError(`cannot write ${file}: ${why}`);
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** A report destination: a format and a file, or stdout when `file` is undefined. */
export interface Destination {
  format: string;
  file?: string;
}

/** One `--format` or `--output` option, in command-line order. */
export interface ReportArg {
  kind: "format" | "output";
  value: string;
}

/** Names of standard output an `--output` may give, taken as `-`. */
const STDOUT_NAMES = new Set(["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"]);

/** The formats a file extension can hold (SARIF, GitLab reports and CycloneDX SBOMs are JSON too). */
const EXTENSION_FORMATS: Readonly<Record<string, readonly string[]>> = {
  ".sarif": ["sarif"],
  ".json": ["json", "gitlab", "sarif", "cyclonedx"],
  ".html": ["html"],
  ".htm": ["html"],
  ".xml": ["junit"],
  ".txt": ["text", "github"],
};

/**
 * Binds `--format` and `--output` options by position: each `--format` goes to the `--output` that follows
 * it; an `--output` with no format before it takes the format its extension implies (`.sarif`, `.json`,
 * `.html`, `.xml` → junit, `.txt`), or a `--format` given right after it that has no output of its own
 * (`-o out.json --format gitlab`) when the extension allows that format, else text; any other `--format` with
 * no output goes to standard output, as does `--output -`. The grouped spelling — every `--format`, then as
 * many `--output`s (`--format sarif --format html -o a.sarif -o b.html`) — pairs them in order.
 * @param args the options in command-line order (see {@link recordReportArg})
 * @throws UsageError (one line) for a format the output's extension rules out (`--format gitlab -o
 *   out.sarif`), an output given twice or as an empty name, or two reports on standard output
 */
export function bindDestinations(args: readonly ReportArg[], fallback = "text"): Destination[] {
  // the older grouped spelling `--format a --format b -o A -o B` (every format, then as many outputs) pairs in order
  const k = args.findIndex((a) => a.kind === "output");
  if (k >= 2 && args.length === 2 * k && args.slice(k).every((a) => a.kind === "output")) {
    return bindDestinations(args.slice(0, k).flatMap((f, i) => [f, args[k + i]]), fallback);
  }
  const out: (Destination & { fromExtension?: boolean })[] = [];
  const extOf = (file: string): string => path.extname(file).toLowerCase();
  let pending: string | undefined;
  /**
   * A format with no output of its own names the format of the output just before it when that output had
   * none (`-o out.json --format gitlab`) and its extension allows it; otherwise it goes to standard output.
   */
  const settle = (format: string): void => {
    const last = out[out.length - 1];
    const allowed = last?.file ? EXTENSION_FORMATS[extOf(last.file)] : undefined;
    if (last?.fromExtension && last.file && (!allowed || allowed.includes(format))) {
      last.format = format;
      last.fromExtension = false;
    } else out.push({ format });
  };
  for (const a of args) {
    if (a.kind === "format") {
      if (pending !== undefined) settle(pending);
      pending = a.value;
      continue;
    }
    if (a.value === "") throw new UsageError("--output needs a file name (or - for standard output)");
    // `/dev/stdout` is standard output, written as the stream it is (a file opened for appending, a socket, a
    // pipe whose reader leaves early), never reopened or renamed over
    const file = a.value === "-" || STDOUT_NAMES.has(a.value) ? undefined : a.value;
    if (pending !== undefined) {
      const allowed = file ? EXTENSION_FORMATS[extOf(file)] : undefined;
      if (file && allowed && !allowed.includes(pending)) {
        throw new UsageError(
          `--format ${pending} does not fit --output ${file} (a ${extOf(file)} file holds ${allowed.length > 1 ? `${allowed.slice(0, -1).join(", ")} or ${allowed[allowed.length - 1]}` : allowed[0]}); give each --format just before its --output`,
        );
      }
      out.push({ format: pending, file });
      pending = undefined;
    } else {
      out.push({ format: file ? (EXTENSION_FORMATS[extOf(file)]?.[0] ?? "") : fallback, file, fromExtension: true });
    }
  }
  if (pending !== undefined) settle(pending);
  for (const d of out) if (!d.format) d.format = fallback;
  if (!out.length) out.push({ format: fallback });
  const seen = new Map<string, string>();
  for (const d of out) {
    if (!d.file) continue;
    const key = path.resolve(d.file);
    if (seen.has(key)) throw new UsageError(`--output ${seen.get(key)} is given twice; each report needs its own file`);
    seen.set(key, d.file);
  }
  if (out.filter((d) => !d.file).length > 1) throw new UsageError("several --format options need an --output each (only one report can go to standard output)");
  return out.map(({ format, file }) => (file === undefined ? { format } : { format, file }));
}

/**
 * A commander option parser that records each value of a report option in `order` (command-line order,
 * which commander's separate arrays lose) and accumulates it like {@link collect}.
 */
export function recordReportArg(order: ReportArg[], kind: ReportArg["kind"], parse: (value: string, previous?: string[]) => string[] = (v, p = []) => [...p, v]) {
  return (value: string, previous?: string[]): string[] => {
    const next = parse(value, previous);
    order.push({ kind, value });
    return next;
  };
}
