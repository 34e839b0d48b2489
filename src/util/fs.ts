/**
 * File-system helpers shared by the cache, the advisory database and report writing.
 */
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
