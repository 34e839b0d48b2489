/**
 * Reading a file that discovery found, defensively: the tree may change between discovery and reading (a file
 * deleted, replaced by a FIFO or a device, or grown past the size limit), and none of that may hang or crash
 * the run. The same checks serve the dependency audit's manifest reading (`readRegularFile`, used by
 * `src/deps/manifests/read-file.ts`), which words its refusals for PW103.
 */
import fs from "node:fs";

/** The bytes of a file, or why they were not read (one line, ends with "; not analysed"). */
export type ReadOutcome = { ok: true; bytes: Buffer; stat: fs.BigIntStats } | { ok: false; reason: string };

const MB = 1024 * 1024;

/** A size in a unit that shows it without rounding to zero: `12.5 MB`, `0.5 MB`, `97.7 KB`, `105 bytes`. */
export function formatSize(bytes: number): string {
  if (bytes >= MB / 10) return `${(bytes / MB).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${Math.round(bytes)} byte${Math.round(bytes) === 1 ? "" : "s"}`;
}

/** Default size limit of a file pyward reads from the scanned tree (sources, templates, manifests): 10 MB. */
export const DEFAULT_MAX_FILE_SIZE = 10 * MB;

/** One line saying a file is over the limit: `file is 600.0 MB, over the 10.0 MB limit`. */
export function sizeOverLimit(size: number, maxSize: number): string {
  return `file is ${formatSize(size)}, over the ${formatSize(maxSize)} limit`;
}

/** The size-limit message shared by discovery-time and read-time checks of sources. */
export function oversizeReason(size: number, maxSize: number): string {
  return `${sizeOverLimit(size, maxSize)} (--max-file-size); not analysed`;
}

/**
 * What a file that is not a regular file is, in a few words: `a FIFO`, `a socket`, `a character device`,
 * `a block device`, `a directory`, else `not a regular file`.
 */
export function fileTypeOf(st: fs.Stats | fs.BigIntStats): string {
  if (st.isFIFO()) return "a FIFO";
  if (st.isSocket()) return "a socket";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isDirectory()) return "a directory";
  return "not a regular file";
}

/**
 * Why {@link readRegularFile} did not return the bytes: not a regular file (`what` from {@link fileTypeOf}), over
 * the limit (`size`: the size stat gave, or the bytes read when stat said less), a FIFO-like file with no data
 * now (`would-block`), or any other error (`error`, as thrown by the file system).
 */
export type RegularFileFailure =
  | { kind: "not-regular"; what: string }
  | { kind: "oversize"; size: number }
  | { kind: "would-block" }
  | { kind: "error"; error: NodeJS.ErrnoException };

/**
 * The bytes of a regular file and the status of the open descriptor they were read from (taken before reading,
 * times in nanoseconds), or why they were not read.
 */
export type RegularFileRead = { ok: true; bytes: Buffer; stat: fs.BigIntStats } | ({ ok: false } & RegularFileFailure);

/**
 * Reads a regular file of at most `maxSize` bytes, following symbolic links. Opens without blocking (a FIFO
 * does not wait for a writer), checks on the open descriptor that it is a regular file (a device, FIFO, socket
 * or directory is refused before any read), and reads at most `maxSize + 1` bytes whatever stat says (files
 * under /proc report size 0 but stream). Never throws. Shared by {@link readSourceFile} (Python sources) and the
 * dependency audit's manifest reading (`src/deps/manifests/read-file.ts`), which word the failure each their way.
 */
export function readRegularFile(absPath: string, maxSize: number): RegularFileRead {
  let fd: number | undefined;
  try {
    fd = fs.openSync(absPath, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const st = fs.fstatSync(fd, { bigint: true });
    const size = Number(st.size);
    if (!st.isFile()) return { ok: false, kind: "not-regular", what: fileTypeOf(st) };
    if (size > maxSize) return { ok: false, kind: "oversize", size };
    // read to the end rather than trusting the size (files under /proc report 0), but never past the limit; a
    // buffer of the size stat gave and one byte more (the read that finds the end), so that a small file does not
    // cost a large allocation outside the heap (the garbage collector counts them)
    const cap = maxSize + 1;
    let buf = Buffer.allocUnsafe(Math.min(cap, size > 0 ? size + 1 : 64 * 1024));
    let total = 0;
    for (;;) {
      if (total === buf.length) {
        if (buf.length >= cap) return { ok: false, kind: "oversize", size: total };
        const bigger = Buffer.allocUnsafe(Math.min(cap, buf.length * 2));
        buf.copy(bigger, 0, 0, total);
        buf = bigger;
      }
      const n = fs.readSync(fd, buf, total, buf.length - total, null);
      if (n === 0) break;
      total += n;
    }
    if (total > maxSize) return { ok: false, kind: "oversize", size: total };
    return { ok: true, bytes: buf.subarray(0, total), stat: st };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === "EAGAIN") return { ok: false, kind: "would-block" };
    return { ok: false, kind: "error", error: e };
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

/**
 * Reads a source file of at most `maxSize` bytes through {@link readRegularFile}: a FIFO that appeared in the
 * file's place does not wait for a writer, a device or directory is refused, and reading stops past the limit
 * (a file that grew after discovery). Never throws.
 */
export function readSourceFile(absPath: string, maxSize: number): ReadOutcome {
  const r = readRegularFile(absPath, maxSize);
  if (r.ok) return r;
  switch (r.kind) {
    case "not-regular": {
      const what = r.what === "a character device" || r.what === "a block device" ? "a device" : r.what;
      return { ok: false, reason: `${what}, not a regular file; not analysed` };
    }
    case "oversize":
      return { ok: false, reason: oversizeReason(r.size, maxSize) };
    case "would-block":
      return { ok: false, reason: "not a regular file (no data available without waiting); not analysed" };
    case "error":
      // Node.js names files by strings: a name whose bytes are not UTF-8 comes out of a directory listing with
      // U+FFFD in their place, a name no file has
      if (r.error.code === "ENOENT" && absPath.includes("\uFFFD")) return { ok: false, reason: "cannot read file (ENOENT): its name is not valid UTF-8, which Node.js cannot open by name; not analysed" };
      return { ok: false, reason: `cannot read file (${r.error.code ?? String(r.error.message).split("\n")[0]}); not analysed` };
  }
}
