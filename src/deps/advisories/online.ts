/**
 * Network access, only when the user asks for it: the OSV API for `pyward audit --online`
 * (`POST /v1/querybatch`, then `GET /v1/vulns/{id}`; https://google.github.io/osv.dev/api/), and the download
 * of OSV's PyPI export for `pyward db update`. Every request has a timeout and is retried with exponential
 * backoff on network errors, timeouts, 429 and 5xx answers. Failures become one-line {@link OnlineError}s.
 *
 * Base URLs come from options, else `$PYWARD_OSV_API` / `$PYWARD_OSV_EXPORT_URL`, else OSV's public ones.
 */
import fs from "node:fs";
import path from "node:path";
import { AdvisoryDbError } from "./load.js";
import { MemoryAdvisoryDb, cacheDir, defaultDbPath, installAdvisoryDb, openAdvisoryDb, writeFileAtomic, type OpenedDb } from "./store.js";
import type { AdvisoryProblem } from "./types.js";
import { makeDirectory } from "../../util/fs.js";

/** Default OSV API base URL. */
export const DEFAULT_OSV_API = "https://api.osv.dev";
/** Default URL of OSV's PyPI export (a zip of one JSON file per record). */
export const DEFAULT_OSV_EXPORT_URL = "https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip";

/** A network failure, with a one-line message fit for the CLI. */
export class OnlineError extends Error {
  override name = "OnlineError";
}

/** Options shared by the network functions. */
export interface NetOptions {
  /** Per-request timeout in milliseconds (default 20,000 for the API, 300,000 for the export download). */
  timeoutMs?: number;
  /** Retries after the first attempt (default 3). */
  retries?: number;
  /** First backoff delay in milliseconds, doubled each retry (default 500; capped at 10,000). */
  backoffMs?: number;
  /** The fetch to use (default the global `fetch`). */
  fetch?: typeof fetch;
  /** Environment for the base-URL variables (default `process.env`). */
  env?: NodeJS.ProcessEnv;
}

/** Options of {@link queryOsvOnline}. */
export interface OnlineOptions extends NetOptions {
  /** API base URL (default `$PYWARD_OSV_API`, else {@link DEFAULT_OSV_API}). */
  apiBase?: string;
  /** Parallel `GET /v1/vulns/{id}` requests (default 8). */
  concurrency?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function describe(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === "TimeoutError" || e?.name === "AbortError") return "timed out";
  const cause = e?.cause?.code ?? e?.cause?.message;
  return cause ? `${e?.message ?? "error"}: ${cause}` : (e?.message ?? String(err));
}

/**
 * One HTTP request with timeout and retries.
 * @returns the response (status < 400, or 304)
 * @throws OnlineError after the last failed attempt, or at once for a 4xx answer other than 408/429
 */
async function request(url: string, init: RequestInit, what: string, options: NetOptions, defaultTimeout: number): Promise<Response> {
  const doFetch = options.fetch ?? fetch;
  const retries = options.retries ?? 3;
  const base = options.backoffMs ?? 500;
  let last = "";
  for (let attempt = 0; attempt <= retries; attempt++) {
    let res: Response | undefined;
    try {
      res = await doFetch(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs ?? defaultTimeout) });
    } catch (err) {
      last = describe(err);
    }
    if (res) {
      if (res.status < 400) return res;
      last = `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}`;
      const retryable = res.status === 408 || res.status === 429 || res.status >= 500;
      await res.body?.cancel().catch(() => undefined);
      if (!retryable) throw new OnlineError(`${what} failed: ${last} from ${url}`);
      const after = Number(res.headers.get("retry-after"));
      if (attempt < retries && Number.isFinite(after) && after > 0) {
        await sleep(Math.min(after * 1000, 10_000));
        continue;
      }
    }
    if (attempt < retries) await sleep(Math.min(base * 2 ** attempt, 10_000));
  }
  throw new OnlineError(`${what} failed after ${retries + 1} attempts: cannot reach ${new URL(url).origin} (${last}); are you offline? Use --db PATH or a database from \`pyward db update\` instead`);
}

async function json(res: Response, what: string, url: string): Promise<unknown> {
  try {
    return await res.json();
  } catch (err) {
    throw new OnlineError(`${what}: invalid JSON from ${url} (${describe(err)})`);
  }
}

/** A package version to ask the OSV API about. */
export interface PackageQuery {
  /** Distribution name (any spelling; the API normalises PyPI names). */
  name: string;
  version: string;
}

/** What {@link queryOsvOnline} fetched. */
export interface OnlineResult {
  /** The full records of every advisory the API reported, ready for matching. */
  db: MemoryAdvisoryDb;
  /** Ids the API reported, sorted. */
  ids: string[];
  problems: AdvisoryProblem[];
}

/**
 * Asks the OSV API which advisories affect each (name, version) — `POST /v1/querybatch` in batches of 1,000,
 * following `next_page_token` — then fetches every reported record with `GET /v1/vulns/{id}`.
 * The records are matched locally afterwards, exactly like offline data.
 *
 * @throws OnlineError (one line) when the API cannot be reached or answers with an error
 */
export async function queryOsvOnline(packages: readonly PackageQuery[], options: OnlineOptions = {}): Promise<OnlineResult> {
  const env = options.env ?? process.env;
  const base = (options.apiBase ?? env.PYWARD_OSV_API ?? DEFAULT_OSV_API).replace(/\/+$/, "");
  const unique = [...new Map(packages.map((p) => [`${p.name.toLowerCase()}\0${p.version}`, p])).values()];
  const ids = new Set<string>();
  type Pending = { q: PackageQuery; token?: string };
  let pending: Pending[] = unique.map((q) => ({ q }));
  for (let round = 0; pending.length > 0 && round < 100; round++) {
    const next: Pending[] = [];
    for (let i = 0; i < pending.length; i += 1000) {
      const chunk = pending.slice(i, i + 1000);
      const url = `${base}/v1/querybatch`;
      const body = {
        queries: chunk.map((p) => ({
          package: { name: p.q.name, ecosystem: "PyPI" },
          version: p.q.version,
          ...(p.token ? { page_token: p.token } : {}),
        })),
      };
      const res = await request(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }, "OSV query", options, 20_000);
      const data = (await json(res, "OSV query", url)) as { results?: { vulns?: { id?: unknown }[]; next_page_token?: unknown }[] };
      if (!data || !Array.isArray(data.results)) throw new OnlineError(`OSV query: unexpected answer from ${url} (no \`results\` array)`);
      data.results.forEach((r, k) => {
        for (const v of r?.vulns ?? []) if (typeof v?.id === "string") ids.add(v.id);
        if (typeof r?.next_page_token === "string" && r.next_page_token && chunk[k]) next.push({ q: chunk[k].q, token: r.next_page_token });
      });
    }
    pending = next;
  }
  const sorted = [...ids].sort();
  const records: unknown[] = new Array(sorted.length);
  const concurrency = Math.max(1, options.concurrency ?? 8);
  let at = 0;
  const worker = async (): Promise<void> => {
    while (at < sorted.length) {
      const i = at++;
      const url = `${base}/v1/vulns/${encodeURIComponent(sorted[i])}`;
      const res = await request(url, { method: "GET" }, `OSV record ${sorted[i]}`, options, 20_000);
      records[i] = await json(res, `OSV record ${sorted[i]}`, url);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, sorted.length) }, worker));
  const problems: AdvisoryProblem[] = [];
  const db = MemoryAdvisoryDb.fromRecords(`${base} (OSV API)`, records, problems);
  return { db, ids: sorted, problems };
}

/** Options of {@link updateDatabase}. */
export interface UpdateOptions extends NetOptions {
  /** Export URL (default `$PYWARD_OSV_EXPORT_URL`, else {@link DEFAULT_OSV_EXPORT_URL}). */
  exportUrl?: string;
  /** Cache directory (default {@link cacheDir}()). */
  cacheDir?: string;
}

/** What {@link updateDatabase} did. */
export interface UpdateResult {
  /** Path of the downloaded export. */
  path: string;
  /** False when the server said the copy we have is current (HTTP 304). */
  downloaded: boolean;
  /** Bytes downloaded (0 when not downloaded). */
  bytes: number;
  /** The opened (and, after a download, rebuilt) index. */
  opened: OpenedDb;
}

/**
 * `pyward db update`: downloads OSV's PyPI export into the cache directory (`osv-PyPI.zip`, written through a
 * temporary name; `If-None-Match` with the last ETag avoids a second download of the same data) and indexes it.
 *
 * The download is indexed before it replaces the previous copy, so a bad download leaves the old database in use.
 *
 * @throws OnlineError when the download fails, is not a zip, or is not a usable advisory database
 */
export async function updateDatabase(options: UpdateOptions = {}): Promise<UpdateResult> {
  const env = options.env ?? process.env;
  const url = options.exportUrl ?? env.PYWARD_OSV_EXPORT_URL ?? DEFAULT_OSV_EXPORT_URL;
  const cache = options.cacheDir ?? cacheDir(env);
  const target = defaultDbPath(cache);
  const etagFile = `${target}.etag`;
  const headers: Record<string, string> = {};
  if (fs.existsSync(target) && fs.existsSync(etagFile)) headers["if-none-match"] = fs.readFileSync(etagFile, "utf8").trim();
  let res = await request(url, { method: "GET", headers }, "download of the OSV PyPI export", options, 300_000);
  if (res.status === 304) {
    await res.body?.cancel().catch(() => undefined);
    try {
      return { path: target, downloaded: false, bytes: 0, opened: openAdvisoryDb(target, { cacheDir: cache }) };
    } catch (e) {
      if (!(e instanceof AdvisoryDbError)) throw e;
      // The copy the ETag names is unusable (damaged on disk): download it again, unconditionally.
      fs.rmSync(etagFile, { force: true });
      res = await request(url, { method: "GET" }, "download of the OSV PyPI export", options, 300_000);
    }
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await res.arrayBuffer());
  } catch (err) {
    throw new OnlineError(`download of the OSV PyPI export from ${url} was cut off (${describe(err)})`);
  }
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)) {
    throw new OnlineError(`download from ${url} is not a zip archive (${bytes.length} bytes); check PYWARD_OSV_EXPORT_URL`);
  }
  makeDirectory(path.dirname(target));
  // index the download before it replaces the current copy: a bad download leaves the old database in use
  const staging = `${target}.download-${process.pid}`;
  writeFileAtomic(staging, bytes);
  let opened: OpenedDb;
  try {
    opened = installAdvisoryDb(staging, target, { cacheDir: cache });
  } catch (e) {
    if (!(e instanceof AdvisoryDbError)) throw e;
    throw new OnlineError(`download from ${url} is not a usable advisory database (${e.message}); the previous local database is kept`);
  }
  const etag = res.headers.get("etag");
  if (etag) writeFileAtomic(etagFile, etag);
  else fs.rmSync(etagFile, { force: true });
  return { path: target, downloaded: true, bytes: bytes.length, opened };
}
