/**
 * The result cache (`.pyward_cache/` in the project root, or `--cache-dir`): one JSON file per analysed file,
 * holding its plain {@link FileResult}, named by a hash of
 *
 * - the file's bytes (SHA-256), its reported path, module name, test-file status and shard membership;
 * - the effective configuration: pyward's version and an identity of its code (sizes and times of its own
 *   modules, so a rebuilt pyward never reads an older build's entries), the selected rules and those feeding
 *   the project phase, rules selected explicitly, rule options, taint sources and `--check-tests`.
 *
 * The set of the project's module names is not part of the key, although it decides whether a call leads into
 * another project module: each entry records the module names its analysis asked about and the answers
 * (`ModuleProbes` in `task.ts`), and a hit whose answers differ now is a miss. So adding a file invalidates
 * only the entries that asked about its module name, not the whole cache.
 *
 * On-demand taint summaries of modules without sources of their own (the project phase's `load`) are cached
 * the same way, under a distinct key.
 *
 * A whole run is cached too ({@link RunEntry}): keyed by the configuration and the identity of every analysed
 * file (path, module name, test status, shard membership), it holds each file's content hash and everything
 * the per-file, template, cross-module taint and project phases produced. When every file's bytes hash the
 * same as then, that output is reused as it is, without reading the per-file entries or re-running the
 * cross-module phase: the phases are deterministic functions of exactly those inputs. Any edit, addition,
 * removal or rename misses it, and the run falls back to the per-file entries. The cross-module taint phase itself always runs again, from the cached
 * summaries: it is cheap, and so an edit in one module can never leave another module's cross-module findings
 * stale (the summaries are per module and exact for their bytes; everything between modules is recomputed).
 *
 * Entry files are named by an HMAC of the key under a secret kept outside the project (`cache-secret.ts`), so a
 * scanned repository cannot ship entries a run would read.
 *
 * Safe to delete at any time. Safe against concurrent runs: entries are written to a unique temporary name and
 * renamed into place, and an entry that cannot be read or parsed, or whose stored key differs, counts as a miss.
 * Results that depend on timing (a per-file time budget ran out) or that carry internal errors are never
 * stored. Bounded: {@link ScanCache.prune} deletes entries this run did not use once they are a week old, or
 * sooner when the cache holds more than {@link MAX_UNUSED_FACTOR} times this run's entries.
 */
import { createHash, createHmac, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { threadId } from "node:worker_threads";
import type { FileResult } from "./check-file.js";
import { probesHold, type FileTask, type ModuleProbes } from "./task.js";
import type { ModuleSummary } from "../taint/index.js";
import { isFileResultShape, isProbesShape, isStrings, isSummaryShape } from "./cache-shape.js";
import { makeDirectory } from "../util/fs.js";
import { asciiJson, decodeText } from "../util/text.js";
import { isPackTexts, packResults, unpackResult, type PackTexts } from "./pack.js";
import { cacheSecret } from "./cache-secret.js";
import { codeIdentity, configDigest, stableStringify } from "./cache-key.js";

export { codeIdentity, configDigest, stableStringify };

/** Name of the cache directory in the project root. */
export const CACHE_DIR_NAME = ".pyward_cache";

/** Layout version of the entries (a subdirectory, so another layout never reads these). */
const LAYOUT = "v1";

/** Unused entries older than this are deleted. */
const MAX_AGE_MS = 7 * 24 * 3600 * 1000;
/** More entries than this many times the run's own (and at least {@link MIN_KEEP}): unused ones go, oldest first. */
export const MAX_UNUSED_FACTOR = 4;
const MIN_KEEP = 2000;
/** A run that wrote fewer entries than this prunes only when the last pruning is older than {@link PRUNE_INTERVAL_MS}. */
export const PRUNE_ALWAYS_WRITES = 64;
/** An entry read is marked used (its time set to now, for pruning) when its time is older than this (ms). */
const TOUCH_AFTER_MS = 3600_000;
/** Milliseconds between prunings by runs that wrote only a few entries. */
export const PRUNE_INTERVAL_MS = 3600_000;


/** Counters of one run's use of the cache. */
export interface CacheStats {
  dir: string;
  hits: number;
  misses: number;
  writes: number;
  pruned: number;
  /** Why the cache was not (fully) usable, one line, when it was not. */
  problem?: string;
  /**
   * The whole run's output was reused ({@link RunEntry}): nothing was re-analysed and the cross-module phase did
   * not run again. `hits` then counts the Python files whose results it holds.
   */
  whole?: boolean;
  /**
   * The cross-module taint phase's output was reused from the cached run (`TaintPhaseRecord` in taint-phase.ts): no file
   * it depended on changed and no file gained sources.
   */
  taintReused?: boolean;
  /** The project phase's findings were reused from the cached run (`PhaseOutput.project` in run.ts): the facts are the same. */
  projectReused?: boolean;
  /** Of the hits, the files whose results came from the previous run's {@link ResultPack} (one entry for them all). */
  packed?: number;
}

/**
 * A cached whole run (see the module comment). `files[i]` is the content hash of the run's i-th Python file
 * (in discovery order), or `size:N` for one over the size limit (reported, not read); `templates[i]` likewise
 * for the i-th template checked. `keys` are the per-file and summary entries the run used (kept from pruning
 * while the whole run is reused). `output` is opaque here (`run.ts` defines it).
 */
export interface RunEntry<T> {
  files: string[];
  templates: string[];
  keys: string[];
  output: T;
  /** The key of a {@link ResultPack} of this run's files (written by this run or carried over from an earlier one). */
  pack?: string;
}

/**
 * Every Python file's result of one run in a single entry, so that a later run under the same whole-run key
 * (same configuration, same file identities, hence the same module names) in which a few files changed reads one
 * entry instead of one per file. `files[i]` is the content hash the i-th file had (as in {@link RunEntry}) and
 * `results[i]` its cacheable result, or null. A file whose hash differs now is looked up in the per-file entries.
 */
export interface ResultPack {
  files: string[];
  results: (FileResult | null)[];
  /** `probes[i]`: the module questions `results[i]` depends on (`ModuleProbes` in task.ts), null when not known. */
  probes?: (ModuleProbes | null)[];
}

/** The cache of one run: entries for one configuration digest. */
export class ScanCache {
  readonly stats: CacheStats;
  private readonly root: string;
  private readonly used = new Set<string>();
  /** Entry directories found to be real directories this run (see `realDirectory`). */
  private readonly checkedDirs = new Set<string>();
  /** Key of the HMAC naming entries (see `cache-secret.ts`). */
  private readonly secret: Buffer;
  private writable = true;

  /**
   * Opens (creating it when missing, with a `.gitignore` holding `*` and a `CACHEDIR.TAG`) the cache in `dir`.
   * Never throws: an unusable directory gives a cache that misses and records why in `stats.problem`.
   * @param digest the {@link configDigest} of the run
   */
  constructor(dir: string, private readonly digest: string) {
    this.stats = { dir, hits: 0, misses: 0, writes: 0, pruned: 0 };
    this.root = path.join(dir, LAYOUT);
    // entry names are keyed by a secret kept outside the project (cache-secret.ts): without it, no entry can be
    // found and none is written
    const secret = cacheSecret();
    this.secret = "secret" in secret ? secret.secret : randomBytes(32);
    if ("problem" in secret) {
      this.disable({ code: secret.problem });
      return;
    }
    try {
      // a scanned repository can commit `.pyward_cache` (or its `v1`) as a symbolic link to anywhere: writing
      // and pruning through it would plant files and delete `*.json` outside the project. Never followed.
      for (const [p, what] of [[dir, path.basename(dir) === CACHE_DIR_NAME ? "cache directory" : ""], [this.root, "cache layout directory"]] as const) {
        if (what && fs.lstatSync(p, { throwIfNoEntry: false })?.isSymbolicLink()) throw Object.assign(new Error(`${p} is a symbolic link`), { code: "a symbolic link, not followed" });
      }
      this.makeLayout();
    } catch (err) {
      this.disable(err);
    }
  }

  /** Creates the layout directory and the cache directory's `.gitignore` and `CACHEDIR.TAG` where missing. @throws the file-system error */
  private makeLayout(): void {
    makeDirectory(this.root);
    const dir = this.stats.dir;
    const ignore = path.join(dir, ".gitignore");
    if (!fs.existsSync(ignore)) writeAtomic(ignore, "# created by pyward: the whole cache stays out of version control\n*\n");
    const tag = path.join(dir, "CACHEDIR.TAG");
    if (!fs.existsSync(tag)) writeAtomic(tag, "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by pyward.\n");
  }

  /** The entry key of a file's result (`kind` "file") or on-demand summary (`kind` "summary"). */
  key(kind: "file" | "summary", hash: string, task: FileTask): string {
    return createHash("sha256")
      .update(`${this.digest}\0${kind}\0${hash}\0${task.path}\0${task.moduleName}\0${task.isTest}\0${task.owned}`)
      .digest("hex");
  }

  /**
   * The key of a whole run: the configuration digest, the size limit and the identity of each Python file
   * (`tasks`, in order) and template (`templates`, path and test status), but not their contents (those are
   * in the entry, checked by the caller).
   */
  runKey(tasks: readonly FileTask[], templates: readonly { path: string; isTest: boolean }[], maxSize: number): string {
    const h = createHash("sha256").update(`${this.digest}\0run\0${maxSize}\0`);
    for (const t of tasks) h.update(`${t.path}\0${t.moduleName}\0${t.isTest}\0${t.owned}\n`);
    h.update("\0templates\0");
    for (const t of templates) h.update(`${t.path}\0${t.isTest}\n`);
    return h.digest("hex");
  }

  /**
   * The cached whole run under `key`, or undefined (not counted as a hit or miss: the caller checks its
   * contents). An entry whose output fails `isOutput` is a miss, as is one of another shape.
   */
  getRun<T>(key: string, isOutput: (v: unknown) => boolean): RunEntry<T> | undefined {
    const entry = this.get(key, false) as RunEntry<T> | undefined;
    return entry && isStrings(entry.files) && isStrings(entry.templates) && isStrings(entry.keys) && isOutput(entry.output) && (entry.pack === undefined || typeof entry.pack === "string") ? entry : undefined;
  }

  /** The result pack under `key` (see {@link ResultPack}), or undefined when missing or of another shape. */
  getPack(key: string): ResultPack | undefined {
    const v = this.get(key, false) as { files?: unknown; results?: unknown; probes?: unknown } | undefined;
    if (!v || !isStrings(v.files) || !Array.isArray(v.results) || v.results.length !== v.files.length) return undefined;
    // the facts' and summaries' texts (pack.ts): read when a phase first needs them, kept from pruning meanwhile
    const n = v.results.length;
    this.used.add(packTextsKey(key));
    let texts: PackTexts | undefined;
    let read = false;
    const loadTexts = (): PackTexts | undefined => {
      if (!read) {
        read = true;
        const t = this.get(packTextsKey(key), false);
        texts = isPackTexts(t, n) ? t : undefined;
      }
      return texts;
    };
    // a result of another shape is null (not served); module questions of another shape are unknown, not wrong
    const results = v.results.map((r, i) => unpackResult(r, i, loadTexts) ?? null);
    return { files: v.files, results, probes: Array.isArray(v.probes) && v.probes.length === n ? v.probes : undefined };
  }

  /** Stores a result pack under a key derived from the run's key; returns that key. Not counted as a write. */
  putPack(runKey: string, pack: ResultPack): string {
    const key = createHash("sha256").update(`${runKey}\0pack`).digest("hex");
    const { packed, texts } = packResults(pack.results);
    // the texts first: a pack is never read without them (and a pack found without them reads as damaged)
    this.put(packTextsKey(key), texts, false);
    // written result by result: on a large project the pack's text is tens of megabytes, never held whole
    this.put(key, undefined, false, function* () {
      yield `{"key":${JSON.stringify(key)},"value":{"files":${JSON.stringify(pack.files)},"results":[`;
      for (let i = 0; i < packed.length; i++) yield `${i ? "," : ""}${JSON.stringify(packed[i])}`;
      yield pack.probes ? `],"probes":${JSON.stringify(pack.probes)}}}` : "]}}";
    });
    return key;
  }

  /**
   * A file's result served from a {@link ResultPack}: its per-file entry (`key`) counts as used, so pruning keeps
   * it for when the pack no longer matches, and the file counts as a hit.
   */
  servedFromPack(key: string): void {
    this.used.add(key);
    this.stats.hits++;
    this.stats.packed = (this.stats.packed ?? 0) + 1;
  }

  /** Stores a whole run. */
  putRun<T>(key: string, entry: RunEntry<T>): void {
    this.put(key, entry);
  }

  /**
   * The stored file-hash index under `key` (`FileHashIndex` in file-hashes.ts, which checks its shape), or
   * undefined. Not counted as a hit or miss.
   */
  getIndex(key: string): unknown {
    return this.get(key, false);
  }

  /** Stores the file-hash index (not counted as a write: it alone does not make the run prune). */
  putIndex(key: string, value: unknown): void {
    this.put(key, value, false);
  }

  /** The keys of the entries this run read or wrote so far. */
  usedKeys(): string[] {
    return [...this.used];
  }

  /**
   * Records that a cached whole run was reused: its entries (`keys`) count as used (kept by pruning), and its
   * `files` Python files' results as hits.
   */
  reusedRun(keys: readonly string[], files: number): void {
    for (const k of keys) this.used.add(k);
    this.stats.hits += files;
    this.stats.whole = true;
  }

  /**
   * The cached result of a file, or undefined. A result whose module questions (`ModuleProbes` in `task.ts`)
   * are answered differently by `modules` (the project's modules now) is a miss.
   */
  getFile(key: string, modules: ReadonlySet<string>): FileResult | undefined {
    return this.getFileEntry(key, modules)?.result;
  }

  /** {@link getFile} with the module questions the result depends on (`{}` when the entry has none recorded). */
  getFileEntry(key: string, modules: ReadonlySet<string>): { result: FileResult; probes: ModuleProbes } | undefined {
    const entry = this.get(key) as { result?: FileResult; probes?: ModuleProbes } | undefined;
    if (!entry) return undefined;
    if (!isFileResultShape(entry.result) || !isProbesShape(entry.probes)) return this.stale(); // damaged: analysed again
    if (!probesHold(entry.probes, modules)) return this.stale();
    return { result: entry.result!, probes: entry.probes ?? {} };
  }

  /** Stores a file's result (and the module questions it depends on) when it is {@link isCacheable}. */
  putFile(key: string, result: FileResult, probes?: ModuleProbes): void {
    if (isCacheable(result)) this.put(key, { result, probes });
  }

  /** The cached on-demand summary (`{ summary }`, where a module with nothing to summarise has none), or undefined. */
  getSummary(key: string, modules: ReadonlySet<string>): { summary?: ModuleSummary } | undefined {
    const entry = this.get(key) as { summary?: ModuleSummary; probes?: ModuleProbes } | undefined;
    if (!entry) return undefined;
    // a value that is not an object (`5`) has no fields to check: a miss, never "no summary" (it lost flows)
    if (typeof entry !== "object" || Array.isArray(entry)) return this.stale();
    if (!isProbesShape(entry.probes) || !(entry.summary === undefined || isSummaryShape(entry.summary))) return this.stale();
    if (!probesHold(entry.probes, modules)) return this.stale();
    return entry.summary ? { summary: entry.summary } : {};
  }

  /** Stores an on-demand summary unless its analysis reported errors. */
  putSummary(key: string, value: { summary?: ModuleSummary; errors: string[]; probes?: ModuleProbes }): void {
    if (value.errors.length) return;
    this.put(key, value.summary ? { summary: value.summary, probes: value.probes } : { probes: value.probes });
  }

  /** Counts a hit that turned out stale (the project's modules changed what it depends on) as a miss. */
  private stale(): undefined {
    this.stats.hits--;
    this.stats.misses++;
    return undefined;
  }

  /**
   * The file of the entry under `key`: named by an HMAC-SHA-256 of the key under the cache secret (64 hex digits,
   * in a directory named by the first two), so a scanned repository cannot name an entry a run would read.
   */
  entryPath(key: string): string {
    const name = createHmac("sha256", this.secret).update(key).digest("hex");
    return path.join(this.root, name.slice(0, 2), `${name}.json`);
  }

  /**
   * Whether the directory of an entry file is a real directory of the cache (checked once per run): a repository
   * can ship `v1/00`…`v1/ff` as symbolic links, and entries written or read through them would live elsewhere.
   * A missing directory is fine (it is made as a directory); any other thing makes the entry a miss, never written.
   */
  private realDirectory(dir: string): boolean {
    if (this.checkedDirs.has(dir)) return true;
    const st = fs.lstatSync(dir, { throwIfNoEntry: false });
    if (st && !st.isDirectory()) return false;
    if (st) this.checkedDirs.add(dir);
    return true;
  }

  /** An entry's value, or undefined; `count` false leaves the hit and miss counters alone. */
  private get(key: string, count = true): unknown {
    const file = this.entryPath(key);
    let text: string;
    let fd: number | undefined;
    let stale = false;
    try {
      if (!this.realDirectory(path.dirname(file))) throw new Error("entry directory is not a directory");
      // never blocks (a FIFO planted as an entry) nor follows a link: either is a miss
      fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOFOLLOW ?? 0));
      const st = fs.fstatSync(fd);
      if (!st.isFile()) throw new Error("not a regular file");
      stale = Date.now() - st.mtimeMs > TOUCH_AFTER_MS;
      text = decodeText(fs.readFileSync(fd));
    } catch {
      if (fd !== undefined) fs.closeSync(fd);
      if (count) this.stats.misses++;
      return undefined;
    }
    try {
      const entry = JSON.parse(text) as { key?: string; value?: unknown };
      if (entry?.key !== key || entry.value === undefined) throw new Error("not an entry for this key");
      this.used.add(key);
      if (count) this.stats.hits++;
      if (stale) {
        try {
          const now = new Date();
          fs.futimesSync(fd, now, now); // recently used: kept by pruning
        } catch {
          /* read-only cache: still usable */
        }
      }
      return entry.value;
    } catch {
      if (count) this.stats.misses++; // corrupt or foreign: overwritten by this run's result
      return undefined;
    } finally {
      fs.closeSync(fd);
    }
  }

  /**
   * Writes an entry; `count` false leaves the write counter alone; `parts`, when given, yields the entry's text
   * (`{"key":…,"value":…}`) piece by piece instead of `value`.
   */
  private put(key: string, value: unknown, count = true, parts?: () => Iterable<string>): void {
    this.used.add(key);
    if (!this.writable) return;
    const file = this.entryPath(key);
    try {
      // the cache deleted while this run goes on is made again whole, its .gitignore with it
      if (!fs.existsSync(path.dirname(file))) this.makeLayout();
      if (!this.realDirectory(path.dirname(file))) return;
      makeDirectory(path.dirname(file));
      // in ASCII (asciiJson): a one-byte string reads and parses about twice as fast
      writeAtomic(file, parts ? mapParts(parts(), asciiJson) : asciiJson(JSON.stringify({ key, value })));
      if (count) this.stats.writes++;
    } catch (err) {
      this.disable(err);
    }
  }

  private disable(err: unknown): void {
    this.writable = false;
    const e = err as NodeJS.ErrnoException;
    this.stats.problem ??= `cache ${this.stats.dir} not written (${e?.code ?? String(e?.message ?? err).split("\n")[0]})`;
  }

  /**
   * Deletes entries this run did not use when they are older than a week, or, when the cache holds more than
   * {@link MAX_UNUSED_FACTOR} times this run's entries (at least 2,000), the oldest unused ones down to that
   * bound; and temporary files older than an hour (left by an interrupted run). A run that wrote nothing did not
   * grow the cache and leaves it as it is, and one that wrote fewer than {@link PRUNE_ALWAYS_WRITES} entries
   * prunes only when the last pruning (the `last-prune` file's time) is over an hour old. Never throws.
   */
  prune(): void {
    if (!this.writable || this.stats.writes === 0) return;
    const now = Date.now();
    // a run that wrote few entries (an edit or two) walks the whole cache at most once an hour
    const marker = path.join(this.root, "last-prune");
    if (this.stats.writes < PRUNE_ALWAYS_WRITES) {
      try {
        const st = fs.lstatSync(marker);
        if (st.isFile() && now - st.mtimeMs < PRUNE_INTERVAL_MS) return;
      } catch {
        /* never pruned: prune now */
      }
    }
    // the marker is made anew, never written through: a repository can ship `v1/last-prune` as a link to any file
    // (truncating it) or a FIFO (opening it would wait)
    try {
      if (!fs.lstatSync(marker, { throwIfNoEntry: false })?.isFile()) fs.rmSync(marker, { force: true, recursive: false });
      const fd = fs.openSync(marker, fs.constants.O_WRONLY | fs.constants.O_CREAT | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0), 0o644);
      try {
        const t = new Date(now);
        fs.futimesSync(fd, t, t);
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      /* pruned again next time */
    }
    const unused: { file: string; mtime: number }[] = [];
    // entries are named by their keys' HMAC (entryPath)
    const usedNames = new Set([...this.used].map((k) => path.basename(this.entryPath(k), ".json")));
    let total = 0;
    let subdirs: fs.Dirent[];
    try {
      subdirs = fs.readdirSync(this.root, { withFileTypes: true });
    } catch {
      return;
    }
    // only what a cache writes: two-hex-digit directories holding `<64 hex>.json` entries (and their temporary
    // files); directory entries' types are not followed, so a symbolic link is neither entered nor deleted
    for (const sub of subdirs) {
      if (!sub.isDirectory() || !/^[0-9a-f]{2}$/.test(sub.name)) continue;
      const dir = path.join(this.root, sub.name);
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries) {
        const name = entry.name;
        if (!entry.isFile() || !/^[0-9a-f]{64}\.json(?:\..*\.tmp)?$/.test(name)) continue;
        const file = path.join(dir, name);
        if (name.endsWith(".tmp")) {
          try {
            if (now - fs.statSync(file).mtimeMs > 3600_000) fs.rmSync(file, { force: true });
          } catch {
            /* gone */
          }
          continue;
        }
        total++;
        if (usedNames.has(name.slice(0, -5))) continue;
        try {
          unused.push({ file, mtime: fs.statSync(file).mtimeMs });
        } catch {
          /* deleted by a concurrent run */
        }
      }
    }
    if (!unused.length) return;
    unused.sort((a, b) => a.mtime - b.mtime);
    const keep = Math.max(MIN_KEEP, MAX_UNUSED_FACTOR * this.used.size);
    let excess = total - keep;
    for (const u of unused) {
      if (excess <= 0 && now - u.mtime <= MAX_AGE_MS) break;
      try {
        fs.rmSync(u.file, { force: true });
        this.stats.pruned++;
        excess--;
      } catch {
        /* a concurrent run removed it */
      }
    }
  }
}

/**
 * Whether a file's result may be cached: it holds no internal error, and nothing in it depends on timing (a time
 * budget that ran out: PW003, or a rule's note saying so, `FileResult.timed`).
 */
export function isCacheable(result: FileResult): boolean {
  return !result.errors.length && !result.timed && !result.findings.some((f) => f.code === "PW003");
}

/** The key of the second entry of the pack under `packKey` (`PackTexts` in pack.ts). */
function packTextsKey(packKey: string): string {
  return createHash("sha256").update(`${packKey}\0texts`).digest("hex");
}

/** The parts of `parts`, each through `f`, lazily. */
function* mapParts(parts: Iterable<string>, f: (part: string) => string): Iterable<string> {
  for (const part of parts) yield f(part);
}

/** Writes `text` to a unique temporary file beside `file` and renames it into place. */
function writeAtomic(file: string, text: string | Iterable<string>): void {
  const tmp = `${file}.${process.pid}-${threadId}-${randomBytes(4).toString("hex")}.tmp`;
  try {
    if (typeof text === "string") fs.writeFileSync(tmp, text);
    else writeParts(tmp, text);
    fs.renameSync(tmp, file);
  } catch (err) {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      /* nothing to clean */
    }
    throw err;
  }
}

/** Writes the concatenation of `parts` to `file` in chunks of about 1 MB: the whole text never exists at once. */
function writeParts(file: string, parts: Iterable<string>): void {
  const fd = fs.openSync(file, "w");
  try {
    let chunk: string[] = [];
    let size = 0;
    for (const part of parts) {
      chunk.push(part);
      size += part.length;
      if (size >= 1 << 20) {
        fs.writeSync(fd, chunk.join(""));
        chunk = [];
        size = 0;
      }
    }
    if (chunk.length) fs.writeSync(fd, chunk.join(""));
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The default cache directory: `.pyward_cache` in the project root, which is the directory of the configuration
 * file when one was found, else the nearest directory holding `.git` at or above where the search starts (the
 * first scanned path), else the current directory.
 */
export function defaultCacheDir(start: string, configDir: string | undefined, cwd = process.cwd()): string {
  if (configDir) return path.join(configDir, CACHE_DIR_NAME);
  let dir = path.resolve(cwd, start);
  try {
    if (!fs.statSync(dir).isDirectory()) dir = path.dirname(dir);
  } catch {
    dir = path.dirname(dir);
  }
  for (;;) {
    if (fs.existsSync(path.join(dir, ".git"))) return path.join(dir, CACHE_DIR_NAME);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return path.join(path.resolve(cwd), CACHE_DIR_NAME);
}
