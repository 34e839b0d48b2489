/**
 * Reading a file that discovery found, defensively: the tree may change between discovery and reading (a file
 * deleted, replaced by a FIFO or a device, or grown past the size limit), and none of that may hang or crash
 * the run.
 */
import fs from "node:fs";

/** The bytes of a file, or why they were not read (one line, ends with "; not analysed"). */
export type ReadOutcome = { ok: true; bytes: Buffer } | { ok: false; reason: string };

const MB = 1024 * 1024;

/** A size in a unit that shows it without rounding to zero: `12.5 MB`, `0.5 MB`, `97.7 KB`, `105 bytes`. */
export function formatSize(bytes: number): string {
  if (bytes >= MB / 10) return `${(bytes / MB).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${Math.round(bytes)} byte${Math.round(bytes) === 1 ? "" : "s"}`;
}

/** The size-limit message shared by discovery-time and read-time checks. */
export function oversizeReason(size: number, maxSize: number): string {
  return `file is ${formatSize(size)}, over the ${formatSize(maxSize)} limit (--max-file-size); not analysed`;
}

function kindOf(st: fs.Stats): string {
  if (st.isFIFO()) return "a FIFO";
  if (st.isSocket()) return "a socket";
  if (st.isCharacterDevice() || st.isBlockDevice()) return "a device";
  if (st.isDirectory()) return "a directory";
  return "not a regular file";
}

/**
 * Reads a source file of at most `maxSize` bytes. Opens without blocking (a FIFO that appeared in the file's
 * place does not wait for a writer), checks on the open descriptor that it is a regular file, and stops
 * reading past the limit (a file that grew after discovery). Never throws.
 */
export function readSourceFile(absPath: string, maxSize: number): ReadOutcome {
  let fd: number | undefined;
  try {
    fd = fs.openSync(absPath, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return { ok: false, reason: `${kindOf(st)}, not a regular file; not analysed` };
    if (st.size > maxSize) return { ok: false, reason: oversizeReason(st.size, maxSize) };
    // read to the end rather than trusting the size (files under /proc report 0), but never past the limit
    const cap = maxSize + 1;
    let buf = Buffer.allocUnsafe(Math.min(cap, Math.max(st.size + 1, 64 * 1024)));
    let total = 0;
    for (;;) {
      if (total === buf.length) {
        if (buf.length >= cap) return { ok: false, reason: oversizeReason(total, maxSize) };
        const bigger = Buffer.allocUnsafe(Math.min(cap, buf.length * 2));
        buf.copy(bigger, 0, 0, total);
        buf = bigger;
      }
      const n = fs.readSync(fd, buf, total, buf.length - total, null);
      if (n === 0) break;
      total += n;
    }
    if (total > maxSize) return { ok: false, reason: oversizeReason(total, maxSize) };
    return { ok: true, bytes: buf.subarray(0, total) };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === "EAGAIN") return { ok: false, reason: "not a regular file (no data available without waiting); not analysed" };
    return { ok: false, reason: `cannot read file (${e.code ?? String(e.message).split("\n")[0]}); not analysed` };
  } finally {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        /* already gone */
      }
    }
  }
}
