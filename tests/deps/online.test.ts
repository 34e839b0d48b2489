/** The OSV API client and `db update`, against an HTTP server on 127.0.0.1 started here (never the network). */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { strToU8, zipSync } from "fflate";
import { OnlineError, queryOsvOnline, updateDatabase } from "../../src/deps/advisories/online.js";
import { openDefaultDb } from "../../src/deps/advisories/store.js";
import { matchVersion } from "../../src/deps/advisories/match.js";
import { runAudit } from "../../src/deps/audit.js";
import { dep, record, rmTemp, tempDir } from "./audit-helpers.js";

const RECORDS: Record<string, unknown> = {
  "PYSEC-2021-108": record("PYSEC-2021-108", "urllib3", [{ introduced: "0" }, { fixed: "1.26.5" }], { aliases: ["GHSA-q2q7-5pp4-w6pg"] }),
  "GHSA-q2q7-5pp4-w6pg": record("GHSA-q2q7-5pp4-w6pg", "urllib3", [{ introduced: "0" }, { fixed: "1.26.5" }], { aliases: ["PYSEC-2021-108"] }),
  "PYSEC-2014-8": record("PYSEC-2014-8", "jinja2", [{ introduced: "0" }, { fixed: "2.7.2" }]),
};
const ZIP = zipSync({ "PYSEC-2021-108.json": strToU8(JSON.stringify(RECORDS["PYSEC-2021-108"])), "PYSEC-2014-8.json": strToU8(JSON.stringify(RECORDS["PYSEC-2014-8"])) });

interface Seen {
  method: string;
  url: string;
  body?: any;
  headers: http.IncomingHttpHeaders;
}
let server: http.Server;
let base: string;
let seen: Seen[];
let failFirst: number;
let hang = false;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let data = "";
    req.on("data", (c) => (data += c));
    req.on("end", () => {
      const s: Seen = { method: req.method ?? "", url: req.url ?? "", headers: req.headers };
      if (data) s.body = JSON.parse(data);
      seen.push(s);
      if (hang) return; // never answer: the client must time out
      if (failFirst > 0) {
        failFirst--;
        res.writeHead(503).end("busy");
        return;
      }
      if (req.method === "POST" && req.url === "/v1/querybatch") {
        const results = (s.body.queries as any[]).map((q) => {
          if (q.package.name === "urllib3" && q.version === "1.26.4") {
            return q.page_token === "page2" ? { vulns: [{ id: "GHSA-q2q7-5pp4-w6pg" }] } : { vulns: [{ id: "PYSEC-2021-108" }], next_page_token: "page2" };
          }
          if (q.package.name === "jinja2") return { vulns: [{ id: "PYSEC-2014-8" }] };
          return {};
        });
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ results }));
        return;
      }
      const m = /^\/v1\/vulns\/(.+)$/.exec(req.url ?? "");
      if (req.method === "GET" && m && RECORDS[decodeURIComponent(m[1])]) {
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(RECORDS[decodeURIComponent(m[1])]));
        return;
      }
      if (req.url === "/PyPI/all.zip") {
        if (req.headers["if-none-match"] === '"v1"') {
          res.writeHead(304).end();
          return;
        }
        res.writeHead(200, { "content-type": "application/zip", etag: '"v1"' }).end(Buffer.from(ZIP));
        return;
      }
      if (req.url === "/emptyzip") {
        // a zip, but with no advisory in it: unusable as a database
        res.writeHead(200, { "content-type": "application/zip", etag: '"v2"' }).end(Buffer.from(zipSync({ "README.txt": strToU8("moved") })));
        return;
      }
      if (req.url === "/notzip") {
        res.writeHead(200).end("<html>captive portal</html>");
        return;
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  seen = [];
  failFirst = 0;
  hang = false;
});

const FAST = { backoffMs: 1, timeoutMs: 2000 };

describe("audit --online", () => {
  it("batch-queries, follows page tokens, fetches each record once, then matches locally", async () => {
    const r = await queryOsvOnline(
      [{ name: "urllib3", version: "1.26.4" }, { name: "jinja2", version: "2.4.1" }, { name: "urllib3", version: "1.26.4" }, { name: "six", version: "1.16.0" }],
      { apiBase: base, ...FAST },
    );
    expect(r.ids).toEqual(["GHSA-q2q7-5pp4-w6pg", "PYSEC-2014-8", "PYSEC-2021-108"]);
    const posts = seen.filter((s) => s.method === "POST");
    expect(posts).toHaveLength(2);
    expect(posts[0].body.queries).toEqual([
      { package: { name: "urllib3", ecosystem: "PyPI" }, version: "1.26.4" },
      { package: { name: "jinja2", ecosystem: "PyPI" }, version: "2.4.1" },
      { package: { name: "six", ecosystem: "PyPI" }, version: "1.16.0" },
    ]);
    expect(posts[1].body.queries).toEqual([{ package: { name: "urllib3", ecosystem: "PyPI" }, version: "1.26.4", page_token: "page2" }]);
    expect(seen.filter((s) => s.method === "GET").map((s) => s.url).sort()).toEqual([
      "/v1/vulns/GHSA-q2q7-5pp4-w6pg", "/v1/vulns/PYSEC-2014-8", "/v1/vulns/PYSEC-2021-108",
    ]);
    const findings = runAudit([dep("urllib3", { version: "1.26.4" }), dep("jinja2", { version: "2.4.1" })], r.db, {}).findings;
    expect(findings.map((f) => f.package.advisories)).toEqual([
      ["PYSEC-2014-8"],
      ["PYSEC-2021-108", "GHSA-q2q7-5pp4-w6pg"],
    ]);
  });

  it("takes the base URL from $PYWARD_OSV_API", async () => {
    const r = await queryOsvOnline([{ name: "jinja2", version: "2.4.1" }], { env: { PYWARD_OSV_API: `${base}/` }, ...FAST });
    expect(r.ids).toEqual(["PYSEC-2014-8"]);
  });

  it("retries 5xx answers with backoff", async () => {
    failFirst = 2;
    const r = await queryOsvOnline([{ name: "jinja2", version: "2.4.1" }], { apiBase: base, ...FAST });
    expect(r.ids).toEqual(["PYSEC-2014-8"]);
    expect(seen.filter((s) => s.method === "POST")).toHaveLength(3);
  });

  it("gives up after the retries with a one-line error", async () => {
    failFirst = 100;
    const err = await queryOsvOnline([{ name: "jinja2", version: "2.4.1" }], { apiBase: base, retries: 2, ...FAST }).catch((e) => e);
    expect(err).toBeInstanceOf(OnlineError);
    expect(err.message).toBe(
      `OSV query failed after 3 attempts: cannot reach ${base} (HTTP 503 Service Unavailable); are you offline? Use --db PATH or a database from \`pyward db update\` instead`,
    );
    expect(err.message).not.toContain("\n");
  });

  it("fails at once on a 4xx answer", async () => {
    const err = await queryOsvOnline([{ name: "jinja2", version: "2.4.1" }], { apiBase: `${base}/nowhere`, ...FAST }).catch((e) => e);
    expect(err.message).toBe(`OSV query failed: HTTP 404 Not Found from ${base}/nowhere/v1/querybatch`);
    expect(seen).toHaveLength(1);
  });

  it("says clearly when nothing listens (offline)", async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const err = await queryOsvOnline([{ name: "x", version: "1" }], { apiBase: `http://127.0.0.1:${port}`, retries: 1, ...FAST }).catch((e) => e);
    expect(err).toBeInstanceOf(OnlineError);
    expect(err.message).toMatch(new RegExp(`^OSV query failed after 2 attempts: cannot reach http://127\\.0\\.0\\.1:${port} \\(fetch failed: ECONNREFUSED\\); are you offline\\?`));
  });

  it("times out a server that does not answer", async () => {
    hang = true;
    const t = Date.now();
    const err = await queryOsvOnline([{ name: "x", version: "1" }], { apiBase: base, retries: 1, backoffMs: 1, timeoutMs: 150 }).catch((e) => e);
    expect(err.message).toMatch(/^OSV query failed after 2 attempts: cannot reach .* \(timed out\)/);
    expect(Date.now() - t).toBeLessThan(5000);
    expect(seen).toHaveLength(2);
  });
});

describe("db update", () => {
  let cache: string;
  beforeAll(() => {
    cache = tempDir();
  });
  afterAll(() => rmTemp(cache));

  it("downloads the export into the cache, indexes it, and skips an unchanged download", async () => {
    const env = { PYWARD_OSV_EXPORT_URL: `${base}/PyPI/all.zip` };
    const first = await updateDatabase({ env, cacheDir: cache, ...FAST });
    expect(first.downloaded).toBe(true);
    expect(first.bytes).toBe(ZIP.length);
    expect(first.path).toBe(path.join(cache, "osv-PyPI.zip"));
    expect(first.opened.built).toBe(true);
    expect(first.opened.header?.records).toBe(2);
    expect(fs.readFileSync(path.join(cache, "osv-PyPI.zip.etag"), "utf8")).toBe('"v1"');
    const opened = openDefaultDb({ cacheDir: cache });
    expect(opened?.built).toBe(false);
    expect(matchVersion(opened!.db.lookup("jinja2"), "2.4.1").map((v) => v.id)).toEqual(["PYSEC-2014-8"]);
    const second = await updateDatabase({ env, cacheDir: cache, ...FAST });
    expect(second.downloaded).toBe(false);
    expect(seen.at(-1)?.headers["if-none-match"]).toBe('"v1"');
    expect(second.opened.built).toBe(false);
  });

  it("keeps the previous database when a new download is not a usable database", async () => {
    const dir = path.join(cache, "keep");
    const first = await updateDatabase({ exportUrl: `${base}/PyPI/all.zip`, cacheDir: dir, ...FAST });
    expect(first.downloaded).toBe(true);
    const before = fs.readFileSync(path.join(dir, "osv-PyPI.zip"));
    const err = await updateDatabase({ exportUrl: `${base}/emptyzip`, cacheDir: dir, ...FAST }).catch((e) => e);
    expect(err).toBeInstanceOf(OnlineError);
    expect(err.message).toMatch(/is not a usable advisory database .*the previous local database is kept$/);
    expect(fs.readFileSync(path.join(dir, "osv-PyPI.zip")).equals(before)).toBe(true);
    expect(fs.readdirSync(dir).filter((f) => f.includes(".download"))).toEqual([]);
    const opened = openDefaultDb({ cacheDir: dir });
    expect(matchVersion(opened!.db.lookup("jinja2"), "2.4.1").map((v) => v.id)).toEqual(["PYSEC-2014-8"]);
  });

  it("refuses a download that is not a zip", async () => {
    const err = await updateDatabase({ exportUrl: `${base}/notzip`, cacheDir: path.join(cache, "other"), ...FAST }).catch((e) => e);
    expect(err).toBeInstanceOf(OnlineError);
    expect(err.message).toBe(`download from ${base}/notzip is not a zip archive (27 bytes); check PYWARD_OSV_EXPORT_URL`);
    expect(fs.existsSync(path.join(cache, "other", "osv-PyPI.zip"))).toBe(false);
  });
});
