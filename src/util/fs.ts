/**
 * File-system helpers shared by the cache, the advisory database and report writing.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * Creates `dir` and its missing parents (`mkdir -p`), one directory at a time. Node 20's
 * `mkdirSync(dir, { recursive: true })` never returns for some paths (a directory under `/proc/<pid>/`, where
 * `mkdir` keeps answering ENOENT), and on a read-only file system it reports ENOENT rather than EROFS. Here
 * every step is one `mkdir`, so the loop is bounded by the path's depth and the error thrown is the one the
 * failing `mkdir` gave.
 * @throws the `mkdir` or `stat` error (`EROFS`, `EACCES`, `ENOENT`, `ENOTDIR`…) of the first directory that
 * cannot be created or used
 */
export function makeDirectory(dir: string): void {
  const missing: string[] = [];
  let d = path.resolve(dir);
  for (;;) {
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(d);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
    if (st) {
      if (!st.isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${d}'`), { code: "ENOTDIR", path: d });
      break;
    }
    missing.push(d);
    const parent = path.dirname(d);
    if (parent === d) break;
    d = parent;
  }
  for (let i = missing.length - 1; i >= 0; i--) {
    try {
      fs.mkdirSync(missing[i]);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err; // a concurrent run made it: fine
    }
  }
}

/**
 * The file a write to `file` replaces, as the kernel would find it: symbolic links followed (each link's text
 * read from its directory's real location, so `..` in it means what it means to `open`), a dangling one to the
 * path it names (so the link stays and its target is created), else `file` under its directory's real path.
 * @throws an `ELOOP` error for a chain of links that never ends
 */
export function writeTarget(file: string): string {
  let p = path.resolve(file);
  for (let hops = 0; hops < 40; hops++) {
    try {
      return fs.realpathSync(p);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ELOOP") throw err;
    }
    const base = realDirectory(path.dirname(p));
    let st: fs.Stats;
    try {
      st = fs.lstatSync(p);
    } catch {
      return path.join(base, path.basename(p));
    }
    if (!st.isSymbolicLink()) return path.join(base, path.basename(p));
    p = path.resolve(base, fs.readlinkSync(p));
  }
  throw Object.assign(new Error(`ELOOP: too many symbolic links, '${file}'`), { code: "ELOOP", path: file });
}

/** `dir`'s real path, or `dir` itself when it cannot be resolved (missing). */
function realDirectory(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return dir;
  }
}

/** Temporary files written and not yet renamed or removed: removed if the process exits meanwhile (a Ctrl-C). */
const pending = new Set<string>();
process.once("exit", () => {
  for (const tmp of [...pending]) discardStaged(tmp);
});

/** Removes a temporary file of {@link stageBeside} that will not be renamed into place. Never throws. */
export function discardStaged(tmp: string): void {
  try {
    fs.rmSync(tmp, { force: true });
  } catch {
    /* nothing to clean */
  }
  pending.delete(tmp);
}

/**
 * Renames a temporary file of {@link stageBeside} over `target`.
 * @throws the rename's error, after removing the temporary file
 */
export function commitStaged(tmp: string, target: string): void {
  try {
    fs.renameSync(tmp, target);
    pending.delete(tmp);
  } catch (err) {
    discardStaged(tmp);
    throw err;
  }
}

/**
 * Writes `data` to a new file beside `target` for a later rename over it: created exclusively (`wx`, O_CREAT |
 * O_EXCL: never an existing name, a symbolic link included, so nothing planted in the directory is written
 * through) under a short random name (`.pyward-<16 hex>.tmp`, whatever the length of the target's), with the
 * permission bits of `target` when it exists (a report or requirements file kept private stays private; the
 * setuid, setgid and sticky bits are not carried over), set on the open descriptor, and, when this process runs
 * as root, its owner. Removed if the process exits before {@link commitStaged} or {@link discardStaged}.
 * @returns the temporary file's path
 * @throws the write's error (ENOSPC, EACCES…); a file it created is removed first
 */
export function stageBeside(target: string, data: string | Uint8Array): string {
  let existing: fs.Stats | undefined;
  try {
    existing = fs.statSync(target);
  } catch {
    /* a new file: the process's umask decides */
  }
  for (let attempt = 0; ; attempt++) {
    const tmp = path.join(path.dirname(target), `.pyward-${randomBytes(8).toString("hex")}.tmp`);
    let fd: number | undefined;
    try {
      fd = fs.openSync(tmp, "wx", existing ? existing.mode & 0o777 : 0o666);
      pending.add(tmp);
      fs.writeFileSync(fd, data);
      if (existing) {
        fs.fchmodSync(fd, existing.mode & 0o777); // the umask narrowed the creation mode
        if (typeof process.getuid === "function" && process.getuid() === 0) fs.fchownSync(fd, existing.uid, existing.gid);
      }
      fs.closeSync(fd);
      return tmp;
    } catch (err) {
      if (fd !== undefined) {
        try {
          fs.closeSync(fd);
        } catch {
          /* closed already */
        }
        discardStaged(tmp); // ours, partly written; an existing name (EEXIST: no fd) is not
      }
      if ((err as NodeJS.ErrnoException).code !== "EEXIST" || attempt >= 8) throw err;
    }
  }
}
