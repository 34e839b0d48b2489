/**
 * Content hashes remembered by file status, so a warm run does not read every unchanged file to learn that it is
 * unchanged: the same idea as git's index. Each entry ties a path to the status of the file when its bytes were
 * hashed (size, modification and change times in nanoseconds, inode and device) and to the hashes taken then:
 * the SHA-256 the result cache is keyed by and, once `--diff` asked, git's blob id of the bytes.
 *
 * An entry is used only when the file's status now is exactly the recorded one. The change time (ctime) cannot be
 * set by a user: every write, truncation or `touch` moves it to the current time. So a file written after it was
 * hashed has another ctime, however its modification time, size and inode were made to look.
 *
 * The one gap is a write in the same clock tick as the hashing (file systems keep times at the kernel's tick,
 * a few milliseconds): the ctime would not move. As git does with "racily clean" entries, a file is recorded
 * only when its ctime is at least {@link RACY_MARGIN_MS} older than the moment its status was taken; a file
 * changed more recently is hashed again next time. Clocks that step backwards or network file systems whose
 * server clock differs can defeat this, as they defeat git and make: `--no-cache` reads everything.
 */
import fs from "node:fs";
import { createHash } from "node:crypto";
import { blobId } from "../discover/git-changes.js";
import { readSourceFile } from "../discover/read.js";
import { contentHash, type FileTask } from "./task.js";
import type { RunEntry } from "./cache.js";
import { setImmediate } from "node:timers/promises";

/** Files changed less than this long (milliseconds) before their status was taken are not recorded. */
export const RACY_MARGIN_MS = 2000;

/** Git's object formats, each naming its hash. */
export type BlobAlgorithm = "sha1" | "sha256";

/**
 * One file's entry as stored: `[size, mtimeNs, ctimeNs, ino, dev, sha256, blobSha1, blobSha256]`, numbers as
 * decimal strings, an absent blob id as "".
 */
type StoredEntry = [string, string, string, string, string, string, string, string];

/** What {@link FileHashIndex.hash} gives: the SHA-256, and the bytes when it had to read them. */
export type HashOutcome = { ok: true; hash: string; bytes?: Buffer } | { ok: false; reason: string };

function statusOf(st: fs.BigIntStats): string[] {
  return [String(st.size), String(st.mtimeNs), String(st.ctimeNs), String(st.ino), String(st.dev)];
}

/** The current time in nanoseconds (the clock file times are taken from). */
function nowNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}

/**
 * The index of one scan (see the module comment). Lookups stat the file; reads go through `readSourceFile`
 * (regular files only, never past the size limit, never blocking). Never throws.
 */
export class FileHashIndex {
  private readonly entries = new Map<string, StoredEntry>();
  /** Paths looked up or recorded by this run: only those are written back (a deleted file's entry goes). */
  private readonly seen = new Set<string>();
  private changed = false;
  private readonly loaded: number;

  /** The status of each file asked about, taken once per run (or given by discovery); null: not a file or gone. */
  private readonly statuses = new Map<string, fs.BigIntStats | null>();

  /**
   * @param stored an earlier {@link FileHashIndex.toJSON} value; anything of another shape is ignored
   * @param now the current time in nanoseconds since the epoch (the clock file times come from; tests move it)
   * @param known statuses discovery took this run (`Discovery.stats`), used instead of asking again: the run
   * judges each file by one status, taken once
   */
  constructor(stored?: unknown, private readonly now: () => bigint = nowNs, known?: ReadonlyMap<string, fs.BigIntStats>) {
    if (known) for (const [p, st] of known) this.statuses.set(p, st);
    const files = (stored as { files?: unknown } | undefined)?.files;
    if (files && typeof files === "object" && !Array.isArray(files)) {
      for (const [p, e] of Object.entries(files as Record<string, unknown>)) {
        if (Array.isArray(e) && e.length === 8 && e.every((x) => typeof x === "string")) this.entries.set(p, e as StoredEntry);
      }
    }
    this.loaded = this.entries.size;
  }

  /** The entry of `absPath` if the file's status now is the recorded one. */
  private current(absPath: string): StoredEntry | undefined {
    this.seen.add(absPath);
    const e = this.entries.get(absPath);
    if (!e) return undefined;
    let st = this.statuses.get(absPath);
    if (st === undefined) {
      try {
        st = fs.statSync(absPath, { bigint: true, throwIfNoEntry: false }) ?? null;
      } catch {
        st = null;
      }
      this.statuses.set(absPath, st);
    }
    if (!st || !st.isFile()) return undefined;
    const now = statusOf(st);
    for (let i = 0; i < 5; i++) if (now[i] !== e[i]) return undefined;
    return e;
  }

  /** Records hashes of bytes read from a descriptor whose status was `st`, unless the file is racily clean. */
  private record(absPath: string, st: fs.BigIntStats, sha256: string, blob?: { algorithm: BlobAlgorithm; id: string }): void {
    this.seen.add(absPath);
    if (st.ctimeNs + BigInt(RACY_MARGIN_MS) * 1_000_000n > this.now()) {
      if (this.entries.delete(absPath)) this.changed = true;
      return;
    }
    const status = statusOf(st);
    const old = this.entries.get(absPath);
    const same = old && status.every((v, i) => v === old[i]) && old[5] === sha256;
    const entry: StoredEntry = [...status, sha256, same ? old[6] : "", same ? old[7] : ""] as StoredEntry;
    if (blob) entry[blob.algorithm === "sha1" ? 6 : 7] = blob.id;
    if (!old || old.some((v, i) => v !== entry[i])) {
      this.entries.set(absPath, entry);
      this.changed = true;
    }
  }

  /**
   * The SHA-256 of the file's bytes: remembered when its status is unchanged, else read (at most `maxSize`
   * bytes) and hashed, and the bytes returned too.
   */
  hash(absPath: string, maxSize: number): HashOutcome {
    const e = this.current(absPath);
    if (e && Number(e[0]) <= maxSize) return { ok: true, hash: e[5] };
    const read = readSourceFile(absPath, maxSize);
    if (!read.ok) {
      if (this.entries.delete(absPath)) this.changed = true;
      return read;
    }
    const hash = contentHash(read.bytes);
    this.record(absPath, read.stat, hash);
    return { ok: true, hash, bytes: read.bytes };
  }

  /**
   * Git's blob id of the file's bytes in `algorithm`: remembered, else read (at most `maxSize` bytes) and
   * computed. Undefined when the file cannot be read that way (the caller then decides itself).
   */
  blobId(absPath: string, algorithm: BlobAlgorithm, maxSize: number): string | undefined {
    const e = this.current(absPath);
    const known = e?.[algorithm === "sha1" ? 6 : 7];
    if (known) return known;
    const read = readSourceFile(absPath, maxSize);
    if (!read.ok) return undefined;
    const id = blobId(read.bytes, algorithm);
    this.record(absPath, read.stat, contentHash(read.bytes), { algorithm, id });
    return id;
  }

  /** Whether the index differs from the one it was loaded from (worth writing back). */
  get dirty(): boolean {
    return this.changed || [...this.entries.keys()].some((p) => !this.seen.has(p)) || this.entries.size !== this.loaded;
  }

  /** The value to store: the entries of the files this run looked at, by absolute path, in sorted order. */
  toJSON(): { files: Record<string, StoredEntry> } {
    const files: Record<string, StoredEntry> = {};
    for (const p of [...this.entries.keys()].filter((k) => this.seen.has(k)).sort()) files[p] = this.entries.get(p)!;
    return { files };
  }
}

/**
 * The cache key of the index of a scan of these inputs (absolute paths, in the order given) by this pyward
 * (`identity`: `codeIdentity()` of cache.ts, which covers the installed code's files). Like every entry name, it
 * cannot be known to a scanned repository that ships a `.pyward_cache` of its own.
 */
export function indexKey(identity: string, inputs: readonly string[]): string {
  return createHash("sha256").update(`file-hashes\0v1\0${identity}\0${inputs.join("\0")}`).digest("hex");
}

/**
 * Whether the files of a cached whole run are byte for byte the ones of this run: each Python file is read and
 * hashed (its hash kept in `hashes` for the per-file phase) and compared, in order, until the first difference;
 * a file over the size limit compares by size. Never throws: an unreadable file is a difference.
 */
export async function sameInputs(
  stored: Pick<RunEntry<unknown>, "files" | "templates">,
  tasks: readonly FileTask[],
  templates: readonly { absPath: string }[],
  maxSize: number,
  hashes: (string | undefined)[],
  index: FileHashIndex,
): Promise<boolean> {
  if (stored.files.length !== tasks.length || stored.templates.length !== templates.length) return false;
  for (let i = 0; i < tasks.length; i++) {
    const task = tasks[i];
    if (task.size > maxSize) {
      if (stored.files[i] !== `size:${task.size}`) return false;
      continue;
    }
    const read = index.hash(task.absPath, maxSize);
    if (!read.ok) return false;
    hashes[i] = read.hash;
    if (hashes[i] !== stored.files[i]) return false;
    if ((i & 255) === 255) await setImmediate(); // Ctrl-C stays prompt
  }
  for (let i = 0; i < templates.length; i++) {
    const read = index.hash(templates[i].absPath, maxSize);
    if (!read.ok || read.hash !== stored.templates[i]) return false;
  }
  return true;
}
