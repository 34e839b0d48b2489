/**
 * Advisory stores: an in-memory one, and the compact local index pyward builds once per source in the
 * user's cache directory so later runs never re-read thousands of OSV JSON files.
 *
 * Index format (`pyward-advisory-index`, version {@link INDEX_FORMAT_VERSION}), UTF-8, one entry per line:
 * - line 1: a JSON header ({@link IndexHeader}): source path, its fingerprint, counts, the first problems;
 * - then one line per package, sorted by PEP 503 name: `name<TAB>[Advisory, …]` (JSON array, id order).
 * Opening reads the file and splits the lines; a package's JSON is parsed only when it is looked up.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { compileRecord, type PackageAdvisory } from "./osv.js";
import { AdvisoryDbError, readOsvSource, sourceFingerprint, sourceKind, type SourceKind } from "./load.js";
import type { Advisory, AdvisoryProblem, AdvisorySource } from "./types.js";
import { normalizeName } from "./names.js";
import { commitStaged, makeDirectory, stageBeside, writeTarget } from "../../util/fs.js";

/** Bumped whenever the index layout or the meaning of its fields changes; older indexes are rebuilt. */
export const INDEX_FORMAT_VERSION = 1;
const FORMAT = "pyward-advisory-index";
/** File name of the OSV PyPI export that `pyward db update` keeps in the cache directory. */
export const DEFAULT_DB_FILE = "osv-PyPI.zip";

/**
 * pyward's cache directory: `$PYWARD_CACHE_DIR`, else `$XDG_CACHE_HOME/pyward`, else `%LOCALAPPDATA%/pyward`
 * on Windows, else `~/.cache/pyward`. Not created here.
 */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PYWARD_CACHE_DIR) return path.resolve(env.PYWARD_CACHE_DIR);
  if (env.XDG_CACHE_HOME) return path.join(path.resolve(env.XDG_CACHE_HOME), "pyward");
  if (process.platform === "win32" && env.LOCALAPPDATA) return path.join(env.LOCALAPPDATA, "pyward");
  return path.join(os.homedir(), ".cache", "pyward");
}

/** Line 1 of an index file. */
export interface IndexHeader {
  format: typeof FORMAT;
  version: number;
  /** Absolute path of the source the index was built from. */
  source: string;
  sourceKind: SourceKind;
  /** {@link sourceFingerprint} of the source when indexed. */
  fingerprint: string;
  /** Advisory entries (record × package) and distinct packages indexed. */
  advisories: number;
  packages: number;
  /** Records read, withdrawn records skipped, records with problems. */
  records: number;
  withdrawn: number;
  problemCount: number;
  /** The first 20 problems, for `pyward db status`. */
  problems: AdvisoryProblem[];
  /** Newest OSV `modified` timestamp among the records ("" when none). */
  newestModified: string;
  /** SHA-256 (hex) of everything after the header line: a truncated or damaged index is rebuilt. */
  bodySha256: string;
}

/** Advisories held in memory, keyed by PEP 503 name. */
export class MemoryAdvisoryDb implements AdvisorySource {
  private readonly byName = new Map<string, Map<string, Advisory>>();
  private readonly sorted = new Map<string, Advisory[]>();

  /** @param description where the data came from, for messages. */
  constructor(readonly description: string, entries: Iterable<PackageAdvisory> = []) {
    for (const e of entries) this.add(e);
  }

  /**
   * Builds a store from raw OSV records (objects as parsed from JSON). Withdrawn and malformed records are
   * skipped; malformed ones are reported in `problems` with `file` = `description`.
   */
  static fromRecords(description: string, records: Iterable<unknown>, problems: AdvisoryProblem[] = []): MemoryAdvisoryDb {
    const db = new MemoryAdvisoryDb(description);
    let i = 0;
    for (const raw of records) {
      i++;
      const c = compileRecord(raw);
      if (c.error) problems.push({ file: description, line: 0, message: `record ${i}: ${c.error}` });
      for (const e of c.entries) db.add(e);
    }
    return db;
  }

  /** Adds one advisory; a second entry with the same package and id replaces the first unless older (`modified`). */
  add(e: PackageAdvisory): void {
    let byId = this.byName.get(e.name);
    if (!byId) this.byName.set(e.name, (byId = new Map()));
    const old = byId.get(e.advisory.id);
    if (!old || (e.advisory.modified ?? "") >= (old.modified ?? "")) byId.set(e.advisory.id, e.advisory);
    this.sorted.delete(e.name);
  }

  lookup(normalizedName: string): readonly Advisory[] {
    const name = normalizeName(normalizedName);
    let list = this.sorted.get(name);
    if (!list) {
      const byId = this.byName.get(name);
      if (!byId) return [];
      list = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      this.sorted.set(name, list);
    }
    return list;
  }

  /** Package names held, sorted. */
  names(): string[] {
    return [...this.byName.keys()].sort();
  }

  /** Number of (package, advisory) entries. */
  get size(): number {
    let n = 0;
    for (const m of this.byName.values()) n += m.size;
    return n;
  }
}

/** An opened index file. Lookups parse one package's line on first use and keep the result. */
export class IndexedAdvisoryDb implements AdvisorySource {
  private readonly lines = new Map<string, string>();
  private readonly parsed = new Map<string, Advisory[]>();
  readonly description: string;

  /** @throws AdvisoryDbError when `text` is not an index of the current format. */
  constructor(readonly indexPath: string, text: string, readonly header: IndexHeader = parseHeader(indexPath, text)) {
    this.description = header.source;
    let start = text.indexOf("\n") + 1;
    if (start === 0 || createHash("sha256").update(text.slice(start)).digest("hex") !== header.bodySha256) {
      throw new AdvisoryDbError(`advisory index ${indexPath} is damaged (checksum mismatch)`);
    }
    while (start > 0 && start < text.length) {
      let end = text.indexOf("\n", start);
      if (end < 0) end = text.length;
      const tab = text.indexOf("\t", start);
      if (tab > start && tab < end) this.lines.set(text.slice(start, tab), text.slice(tab + 1, end));
      start = end + 1;
    }
  }

  lookup(normalizedName: string): readonly Advisory[] {
    const name = normalizeName(normalizedName);
    let list = this.parsed.get(name);
    if (!list) {
      const line = this.lines.get(name);
      if (line === undefined) return [];
      try {
        list = JSON.parse(line) as Advisory[];
      } catch {
        throw new AdvisoryDbError(`corrupt advisory index ${this.indexPath} (entry ${name}); delete it or run \`pyward db update\``);
      }
      this.parsed.set(name, list);
    }
    return list;
  }

  /** Number of packages in the index. */
  get packages(): number {
    return this.lines.size;
  }
}

function parseHeader(indexPath: string, text: string): IndexHeader {
  const nl = text.indexOf("\n");
  let h: Partial<IndexHeader> | undefined;
  try {
    h = JSON.parse(nl < 0 ? text : text.slice(0, nl)) as Partial<IndexHeader>;
  } catch {
    h = undefined;
  }
  if (!h || h.format !== FORMAT || h.version !== INDEX_FORMAT_VERSION) {
    throw new AdvisoryDbError(`${indexPath} is not a pyward advisory index of format version ${INDEX_FORMAT_VERSION}`);
  }
  return h as IndexHeader;
}

/** Path of the index of `source` inside `cache`: `<cache>/index/<sha256(absolute source path)[0:16]>.jsonl`. */
export function indexPathFor(source: string, cache: string): string {
  const key = createHash("sha256").update(path.resolve(source)).digest("hex").slice(0, 16);
  return path.join(cache, "index", `${key}.jsonl`);
}

/**
 * Writes `data` to `file` through a temporary file and a rename, creating the directory: the temporary file is
 * new, under a random name, with `file`'s permission bits ({@link stageBeside}); a symbolic link is followed, so
 * the file it names is replaced and the link stays ({@link writeTarget}).
 * @throws the error of the write or the rename (the temporary file is removed)
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  makeDirectory(path.dirname(file));
  const target = writeTarget(file);
  commitStaged(stageBeside(target, data), target);
}

/** Result of compiling a whole source. */
export interface CompiledSource {
  db: MemoryAdvisoryDb;
  kind: SourceKind;
  records: number;
  withdrawn: number;
  problems: AdvisoryProblem[];
  newestModified: string;
}

/**
 * Reads and compiles every record of the source at `source` (see {@link readOsvSource}).
 * @throws AdvisoryDbError when the source is missing or unreadable as a whole.
 */
export function compileSource(source: string): CompiledSource {
  const problems: AdvisoryProblem[] = [];
  const db = new MemoryAdvisoryDb(source);
  let records = 0;
  let withdrawn = 0;
  let newest = "";
  const kind = readOsvSource(
    source,
    (r) => {
      records++;
      const c = compileRecord(r.raw);
      if (c.error) {
        problems.push({ file: r.file, line: r.line(), message: r.index !== undefined ? `entry ${r.index + 1}: ${c.error}` : c.error });
        return;
      }
      if (c.withdrawn) withdrawn++;
      const modified = (r.raw as { modified?: unknown }).modified;
      if (typeof modified === "string" && modified > newest) newest = modified;
      for (const e of c.entries) db.add(e);
    },
    problems,
  );
  return { db, kind, records, withdrawn, problems, newestModified: newest };
}

/** The counts {@link unusableReason} judges a source by: from a {@link CompiledSource} or an {@link IndexHeader}. */
export interface SourceCounts {
  /** Advisory entries (record × package) compiled. */
  advisories: number;
  records: number;
  withdrawn: number;
  /** Problems met (at least the first one); `problemCount` when more were counted than kept. */
  problems: readonly AdvisoryProblem[];
  problemCount?: number;
}

function where(source: string, p: AdvisoryProblem): string {
  const line = p.line > 0 ? p.line : undefined;
  if (p.file === source) return line ? `line ${line}: ` : "";
  return line ? `${p.file}:${line}: ` : `${p.file}: `;
}

/**
 * Why advisory data read from `source` cannot be used, as one line naming the source (and the file and line of
 * the first problem), or undefined when it can. Data that yields no advisory at all is never usable: a file that
 * is not JSON (a truncated download), JSON that is not OSV records (`{}`, `[]`, another tool's format), or
 * records of which none concerns a PyPI package. Partial damage (some records unreadable) is usable; the
 * problems are reported as notes.
 */
export function unusableReason(source: string, c: SourceCounts): string | undefined {
  if (c.advisories > 0) return undefined;
  const abs = path.resolve(source);
  const first = c.problems[0];
  const count = c.problemCount ?? c.problems.length;
  if (first) {
    const more = count > 1 ? ` (and ${count - 1} more problem${count === 2 ? "" : "s"})` : "";
    const what = /^(invalid JSON|cannot read)/.test(first.message) ? first.message : `not OSV data: ${first.message}`;
    return `cannot use advisory database ${source}: ${where(abs, first)}${what}${more}`;
  }
  if (c.records === 0) return `cannot use advisory database ${source}: it holds no OSV records`;
  const withdrawn = c.withdrawn ? ` (${c.withdrawn} withdrawn)` : "";
  return `cannot use advisory database ${source}: none of its ${c.records} OSV records${withdrawn} concerns a PyPI package`;
}

/** Serialises a compiled source as an index file's text. */
export function serializeIndex(source: string, fingerprint: string, c: CompiledSource): string {
  const names = c.db.names();
  const header: IndexHeader = {
    format: FORMAT,
    version: INDEX_FORMAT_VERSION,
    source: path.resolve(source),
    sourceKind: c.kind,
    fingerprint,
    advisories: c.db.size,
    packages: names.length,
    records: c.records,
    withdrawn: c.withdrawn,
    problemCount: c.problems.length,
    problems: c.problems.slice(0, 20),
    newestModified: c.newestModified,
    bodySha256: "",
  };
  const body = names.map((n) => `${n}\t${JSON.stringify(c.db.lookup(n))}\n`).join("");
  header.bodySha256 = createHash("sha256").update(body).digest("hex");
  return `${JSON.stringify(header)}\n${body}`;
}

/** Options of {@link openAdvisoryDb}. */
export interface OpenOptions {
  /** Cache directory (default {@link cacheDir}()). */
  cacheDir?: string;
  /** Rebuild the index even when it looks current. */
  rebuild?: boolean;
}

/** What {@link openAdvisoryDb} opened. */
export interface OpenedDb {
  db: AdvisorySource;
  /** The index file, when one was used or written. */
  indexPath?: string;
  header?: IndexHeader;
  /** True when the index was (re)built by this call. */
  built: boolean;
  /**
   * Problems in the source: every one met while building, or the first ones the index header kept when an
   * existing index was used (see `problemCount`).
   */
  problems: AdvisoryProblem[];
  /** How many problems the source has in all (`problems` may hold only the first 20). */
  problemCount: number;
  /** One-line notes (e.g. the cache directory was not writable and the data stayed in memory). */
  notes: string[];
}

/**
 * Opens the advisory database at `source` (directory, zip or JSON; see {@link readOsvSource}) through its
 * index in the cache directory: uses the index when its header matches the source's current fingerprint,
 * otherwise reads the source once, writes a new index (atomically) and uses that. When the cache directory
 * cannot be written, the compiled data is used from memory and a note says so.
 *
 * A source that yields no advisory ({@link unusableReason}: not JSON, not OSV, empty) is an error, is never
 * indexed, and an index of it left by an earlier version is deleted rather than served.
 *
 * @throws AdvisoryDbError when the source is missing, unreadable as a whole, or unusable.
 */
export function openAdvisoryDb(source: string, options: OpenOptions = {}): OpenedDb {
  const abs = path.resolve(source);
  sourceKind(abs); // throws a clear error for a missing path
  const cache = options.cacheDir ?? cacheDir();
  const indexPath = indexPathFor(abs, cache);
  const fingerprint = sourceFingerprint(abs);
  if (!options.rebuild) {
    const existing = readIndex(indexPath);
    if (existing && existing.header.fingerprint === fingerprint && existing.header.source === abs && !unusableReason(source, existing.header)) {
      const h = existing.header;
      return { db: existing, indexPath, header: h, built: false, problems: [...h.problems], problemCount: h.problemCount, notes: [] };
    }
  }
  const compiled = compileSource(abs);
  const reason = unusableReason(source, { ...compiled, advisories: compiled.db.size });
  if (reason) {
    fs.rmSync(indexPath, { force: true });
    throw new AdvisoryDbError(reason);
  }
  return writeIndex(abs, fingerprint, compiled, indexPath);
}

/** Writes the index of a compiled source and opens it (from memory when the index cannot be written). */
function writeIndex(abs: string, fingerprint: string, compiled: ReturnType<typeof compileSource>, indexPath: string): OpenedDb {
  const text = serializeIndex(abs, fingerprint, compiled);
  const problemCount = compiled.problems.length;
  try {
    writeFileAtomic(indexPath, text);
  } catch (e) {
    return {
      db: compiled.db,
      built: true,
      problems: compiled.problems,
      problemCount,
      notes: [`could not write the advisory index to ${indexPath} (${(e as Error).message}); using the data from memory`],
    };
  }
  const db = new IndexedAdvisoryDb(indexPath, text);
  return { db, indexPath, header: db.header, built: true, problems: compiled.problems, problemCount, notes: [] };
}

/**
 * Installs a newly downloaded database: indexes the file at `staging` and, only when it is a usable
 * database, renames it over `target` (replacing the previous copy) and writes its index. An unusable
 * download is deleted and the previous copy at `target` is left as it was, still usable.
 * @param staging the downloaded file (on the same file system as `target`)
 * @param target where the database lives (the local database `pyward db update` keeps)
 * @throws AdvisoryDbError when the download is not a usable database
 */
export function installAdvisoryDb(staging: string, target: string, options: { cacheDir?: string } = {}): OpenedDb {
  const cache = options.cacheDir ?? cacheDir();
  let compiled: ReturnType<typeof compileSource>;
  try {
    compiled = compileSource(path.resolve(staging));
    const reason = unusableReason(staging, { ...compiled, advisories: compiled.db.size });
    if (reason) throw new AdvisoryDbError(reason);
  } catch (e) {
    fs.rmSync(staging, { force: true });
    throw e;
  }
  fs.renameSync(staging, target);
  const abs = path.resolve(target);
  return writeIndex(abs, sourceFingerprint(abs), compiled, indexPathFor(abs, cache));
}

/** Reads an index file; undefined when absent, unreadable, damaged (checksum) or of another format. */
export function readIndex(indexPath: string): IndexedAdvisoryDb | undefined {
  let text: string;
  try {
    text = fs.readFileSync(indexPath, "utf8");
  } catch {
    return undefined;
  }
  try {
    return new IndexedAdvisoryDb(indexPath, text);
  } catch {
    return undefined;
  }
}

/** Path of the database `pyward db update` maintains: `<cache>/osv-PyPI.zip`. */
export function defaultDbPath(cache: string = cacheDir()): string {
  return path.join(cache, DEFAULT_DB_FILE);
}

/**
 * Opens the database `pyward db update` maintains, when it exists (never touches the network).
 * @returns undefined when there is none yet.
 */
export function openDefaultDb(options: OpenOptions = {}): OpenedDb | undefined {
  const p = defaultDbPath(options.cacheDir ?? cacheDir());
  if (!fs.existsSync(p)) return undefined;
  return openAdvisoryDb(p, options);
}

/** The one-line message for "no local advisory database". */
export const NO_DATABASE_MESSAGE =
  "no local advisory database: run `pyward db update` (downloads OSV's PyPI data), pass --db PATH, or use --online";
