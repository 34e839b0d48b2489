/**
 * The secret behind the names of result-cache entries.
 *
 * The cache lives in the scanned project (`.pyward_cache/`), and the project is untrusted: a repository can commit
 * a `.pyward_cache` of its own. Were entry names a function of public facts only (pyward's version and code
 * identity, the configuration, a file's bytes), a repository could ship entries saying its files have no findings,
 * and a scan in CI would report none (an npm install gives every file of the package the same modification time,
 * so even the code identity is predictable). So each entry's file name is an HMAC of its key under a secret that
 * never lives in the project: `$PYWARD_CACHE_SECRET` when set (CI jobs that keep `.pyward_cache` between runs can
 * keep the secret with their other secrets), else a random 256-bit value kept in pyward's user cache directory
 * (`cache-secret`, mode 0600, created on first use; see `cacheDir` in `src/deps/advisories/store.ts`).
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { cacheDir } from "../deps/advisories/store.js";
import { makeDirectory } from "../util/fs.js";

/** File name of the secret in the user cache directory. */
export const SECRET_FILE = "cache-secret";
/** Fewest characters of a secret: 64 hex digits (256 bits) when pyward makes it; an environment value must be as long. */
const MIN_SECRET_LENGTH = 32;

const known = new Map<string, Buffer>();

/**
 * The cache secret, or a one-line reason there is none (the caller then uses no cache).
 * @param env the environment (`PYWARD_CACHE_SECRET`, and the variables `cacheDir` reads)
 */
export function cacheSecret(env: NodeJS.ProcessEnv = process.env): { secret: Buffer } | { problem: string } {
  const given = env.PYWARD_CACHE_SECRET;
  if (given !== undefined && given !== "") {
    if (given.length < MIN_SECRET_LENGTH) return { problem: `PYWARD_CACHE_SECRET is shorter than ${MIN_SECRET_LENGTH} characters` };
    return { secret: Buffer.from(given, "utf8") };
  }
  const file = path.join(cacheDir(env), SECRET_FILE);
  const had = known.get(file);
  if (had) return { secret: had };
  try {
    let secret = readSecret(file);
    if (!secret) {
      makeDirectory(path.dirname(file));
      try {
        fs.writeFileSync(file, `${randomBytes(32).toString("hex")}\n`, { flag: "wx", mode: 0o600 });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err; // another run made it first: use theirs
      }
      secret = readSecret(file);
    }
    if (!secret) return { problem: `no cache secret in ${file} (not a file of at least ${MIN_SECRET_LENGTH} characters)` };
    known.set(file, secret);
    return { secret };
  } catch (err) {
    return { problem: `no cache secret in ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
  }
}

/** The secret in `file`: its first line, when it is a regular file (not followed if a link) of enough characters. */
function readSecret(file: string): Buffer | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  try {
    if (!fs.fstatSync(fd).isFile()) return undefined;
    const buf = Buffer.alloc(256);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    const line = buf.subarray(0, n).toString("utf8").split("\n")[0].trim();
    return line.length >= MIN_SECRET_LENGTH ? Buffer.from(line, "utf8") : undefined;
  } finally {
    fs.closeSync(fd);
  }
}
