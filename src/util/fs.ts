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
 * The file a write to `file` replaces: symbolic links followed, a dangling one to the path it names (so the
 * link stays and its target is created), else `file` resolved, its directory's links resolved when it exists.
 * @throws an `ELOOP` error for a chain of links that never ends
 */
export function writeTarget(file: string): string {
  let p = path.resolve(file);
  for (let hops = 0; hops < 40; hops++) {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(p);
    } catch {
      try {
        return path.join(fs.realpathSync(path.dirname(p)), path.basename(p));
      } catch {
        return p;
      }
    }
    if (!st.isSymbolicLink()) return fs.realpathSync(p);
    p = path.resolve(path.dirname(p), fs.readlinkSync(p));
  }
  throw Object.assign(new Error(`ELOOP: too many symbolic links, '${file}'`), { code: "ELOOP", path: file });
}

/**
 * Writes `data` to a new file beside `target` for a later rename over it: created exclusively (`wx`, O_CREAT |
 * O_EXCL: never an existing name, a symbolic link included, so nothing planted in the directory is written
 * through) under a short random name (`.pyward-<16 hex>.tmp`, whatever the length of the target's), with the
 * permission bits of `target` when it exists (a report or requirements file kept private stays private).
 * @returns the temporary file's path
 * @throws the write's error (ENOSPC, EACCES…); a file it created is removed first
 */
export function stageBeside(target: string, data: string | Uint8Array): string {
  let mode: number | undefined;
  try {
    mode = fs.statSync(target).mode & 0o7777;
  } catch {
    /* a new file: the process's umask decides */
  }
  for (let attempt = 0; ; attempt++) {
    const tmp = path.join(path.dirname(target), `.pyward-${randomBytes(8).toString("hex")}.tmp`);
    try {
      fs.writeFileSync(tmp, data, { flag: "wx", mode: mode ?? 0o666 });
      if (mode !== undefined) fs.chmodSync(tmp, mode); // the umask narrowed the creation mode
      return tmp;
    } catch (err) {
      const exists = (err as NodeJS.ErrnoException).code === "EEXIST";
      if (!exists) fs.rmSync(tmp, { force: true }); // ours, partly written; an existing name is not
      if (!exists || attempt >= 8) throw err;
    }
  }
}
