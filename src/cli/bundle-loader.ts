/**
 * Loads the bundled program (`dist/bundle/*.cjs`, built by `scripts/bundle.mjs`) with V8's code cache.
 *
 * Node 20 has no compile cache for ES modules, and compiling the bundle's ≈ 1.9 MB (the top level, then each
 * function the first time it runs) cost ≈ 0.15–0.25 s of every command, a large part of a `--diff` run. A
 * CommonJS file compiled through `vm.Script` can take `cachedData`: the bytecode V8 made for the same source
 * before. `scripts/code-cache.mjs` runs the example project through the bundle once at build time and saves,
 * beside each bundle file, `<file>.cache` = SHA-256 of the source (32 bytes), SHA-256 of the data (32 bytes), V8's data
 * (`script.createCachedData()`, which then holds every function that ran).
 *
 * The cache is only ever read from beside the bundle (pyward's own install directory, as trusted as its code),
 * never from a scanned project or a user directory. V8 itself checks only the source length and its version and
 * flags (a stale cache of a same-length source would run old bytecode), so the source's hash is checked first;
 * a cache V8 rejects (another Node, other flags) is ignored and the source compiled as usual.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import v8 from "node:v8";
import vm from "node:vm";
import { INTERRUPT_BUDGET, MAIN_SEMI_SPACE_MB } from "../engine/heap.js";
import { decodeText } from "../util/text.js";

/** The length of the source hash at the start of a `.cache` file (SHA-256), in bytes. */
const HASH_BYTES = 32;

/** What became of one bundle file's code cache: used, rejected by V8, absent or stale (source hash differs). */
export type CodeCacheState = "accepted" | "rejected" | "absent" | "stale";

interface Loaded {
  exports: Record<string, unknown>;
  script?: vm.Script;
  /** SHA-256 of the source ({@link sha256}). */
  hash?: Buffer;
  state: CodeCacheState;
}

const loaded = new Map<string, Loaded>();

/**
 * The V8 flags of a CLI run (see `src/engine/heap.ts`): the main thread's larger young generation, and for every
 * thread (V8's flags are the process's) a larger optimization budget. Set by the CLI before anything else and by
 * `scripts/code-cache.mjs` before making the cache, since V8 accepts a code cache only under the flags it was
 * made with.
 */
export function applyMainHeapFlags(): void {
  v8.setFlagsFromString(`--max-semi-space-size=${MAIN_SEMI_SPACE_MB}`);
  v8.setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
}

/** The SHA-256 of a bundle file's bytes, or of a cache's data: 32 bytes. */
function sha256(bytes: Buffer): Buffer {
  return createHash("sha256").update(bytes).digest();
}

/**
 * Runs the CommonJS bundle file `file` (absolute path) and returns its exports; a file already loaded returns
 * the same exports. Relative `require`s of the bundle (`./task-….cjs`) load the same way; any other
 * (`node:` modules, packages) goes to Node's `require` from `file`'s directory. Uses `<file>.cache` when its
 * source hash matches and V8 accepts it. The bundle must not use `import()`: a `vm.Script` may only with an
 * experimental option, which prints a warning; pyward's code loads its dependencies with `require`.
 * @throws what reading, compiling or running the file throws
 */
export function loadBundled(file: string): Record<string, unknown> {
  const known = loaded.get(file);
  if (known) return known.exports;
  const nodeRequire = createRequire(file);
  const bytes = fs.readFileSync(file);
  const hash = sha256(bytes);
  const source = decodeText(bytes); // the build writes ASCII
  let cachedData: Buffer | undefined;
  let state: CodeCacheState = "absent";
  try {
    // the source's hash, the data's hash, the data: V8 checks neither the data (a damaged one crashed the process)
    // nor more of the source than its length
    const cache = fs.readFileSync(`${file}.cache`);
    const data = cache.subarray(2 * HASH_BYTES);
    if (cache.length > 2 * HASH_BYTES && cache.subarray(0, HASH_BYTES).equals(hash) && cache.subarray(HASH_BYTES, 2 * HASH_BYTES).equals(sha256(data))) cachedData = data;
    else state = "stale";
  } catch {
    /* no cache: compiled as usual */
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData,
  });
  if (cachedData) state = script.cachedDataRejected ? "rejected" : "accepted";
  const module = { exports: {} as Record<string, unknown> };
  const entry: Loaded = { exports: module.exports, script, hash, state };
  loaded.set(file, entry);
  const dir = path.dirname(file);
  const require = (id: string): unknown => (id.startsWith("./") && id.endsWith(".cjs") ? loadBundled(path.join(dir, id)) : nodeRequire(id));
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, require, module, file, dir);
  entry.exports = module.exports;
  return module.exports;
}

/** Each bundle file loaded so far (absolute path) and what became of its code cache. */
export function codeCacheStates(): Map<string, CodeCacheState> {
  return new Map([...loaded].map(([file, l]) => [file, l.state]));
}

/**
 * Writes `<file>.cache` for every bundle file loaded so far: the source hash, then V8's code cache of the
 * script as it is now (every function compiled so far). Returns the files written.
 * @throws what writing throws
 */
export function saveCodeCaches(): string[] {
  const written: string[] = [];
  for (const [file, l] of loaded) {
    if (!l.script || !l.hash) continue;
    const data = l.script.createCachedData();
    fs.writeFileSync(`${file}.cache`, Buffer.concat([l.hash, sha256(data), data]));
    written.push(file);
  }
  return written;
}
