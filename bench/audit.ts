/**
 * Speed of the offline dependency audit against a database the size of OSV's PyPI export.
 *
 *   npx tsc -p tsconfig.json --noEmit false --declaration false --sourceMap false --outDir tmp/bench \
 *     && node tmp/bench/bench/audit.js [--records 15000] [--pins 500] [--runs 5]
 *
 * Generates (seeded, so every run makes the same data) a synthetic database of ~15,000 OSV records over
 * ~5,000 packages — several windows per record, aliases with GHSA duplicates to merge, long `versions` lists,
 * GIT ranges, CVSS vectors, withdrawn records — as a zip like OSV's `PyPI/all.zip` and as a directory of JSON
 * files, and a 500-pin `poetry.lock`. Indexes each source once, then times complete audits, each in a fresh
 * Node process (start-up, opening the index, reading the lockfile, matching): wall time per run, the median,
 * and the split reported by the child. Prints the figures; exits 1 when the median audit exceeds 1 s.
 * `BENCH_KEEP=1` keeps the generated files (their directory is printed) for profiling a child run.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { zipSync, strToU8 } from "fflate";
import { openAdvisoryDb } from "../src/deps/advisories/store.js";
import { readManifest } from "../src/deps/manifests/index.js";
import { runAudit } from "../src/deps/audit.js";

const args = process.argv.slice(2);
const value = (name: string, dflt: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : dflt;
};

/** Child mode: one audit, timings as JSON on stdout. */
function child(source: string, lock: string, cache: string): void {
  const t0 = performance.now();
  const opened = openAdvisoryDb(source, { cacheDir: cache });
  if (opened.built) throw new Error("bench child rebuilt the index: the cache was not used");
  const t1 = performance.now();
  const read = readManifest(lock, fs.readFileSync(lock, "utf8"));
  const t2 = performance.now();
  const result = runAudit(read.dependencies, opened.db, { readFile: () => undefined });
  const t3 = performance.now();
  const vulnerable = result.audited.filter((a) => a.vulnerabilities.length > 0).length;
  process.stdout.write(
    JSON.stringify({ openMs: t1 - t0, readMs: t2 - t1, matchMs: t3 - t2, pins: read.dependencies.length, findings: result.findings.length, vulnerable }),
  );
}

/** mulberry32: a small seeded PRNG, so the generated data is the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Generated {
  records: Record<string, unknown>[];
  releases: Map<string, string[]>;
}

function generate(recordCount: number, seed = 42): Generated {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const packageCount = Math.round(recordCount / 3);
  const releases = new Map<string, string[]>();
  for (let p = 0; p < packageCount; p++) {
    const name = `pkg-${p.toString().padStart(5, "0")}`;
    const list: string[] = [];
    const majors = 1 + Math.floor(rand() * 4);
    for (let M = 0; M < majors; M++) {
      const minors = 2 + Math.floor(rand() * 8);
      for (let m = 0; m < minors; m++) {
        const patches = 1 + Math.floor(rand() * 6);
        if (rand() < 0.2) list.push(`${M}.${m}.0rc1`);
        for (let x = 0; x < patches; x++) list.push(`${M}.${m}.${x}`);
        if (rand() < 0.05) list.push(`${M}.${m}.${patches}.post1`);
      }
    }
    releases.set(name, list);
  }
  const names = [...releases.keys()];
  const vectors = [
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N",
    "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N",
    "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H",
  ];
  const records: Record<string, unknown>[] = [];
  let n = 0;
  while (records.length < recordCount) {
    const name = pick(names);
    const list = releases.get(name)!;
    const events: Record<string, string>[] = [];
    const windows = rand() < 0.4 ? 2 + Math.floor(rand() * 2) : 1;
    const affected: string[] = [];
    let start = 0;
    for (let w = 0; w < windows && start < list.length - 1; w++) {
      const from = w === 0 && rand() < 0.6 ? -1 : start + Math.floor(rand() * Math.max(1, (list.length - start) / 3));
      const to = Math.min(list.length - 1, Math.max(from + 1, 0) + 1 + Math.floor(rand() * 12));
      events.push({ introduced: from < 0 ? "0" : list[from] });
      if (rand() < 0.93) events.push({ fixed: list[to] });
      else if (rand() < 0.5) events.push({ last_affected: list[to - 1] });
      for (let i = Math.max(from, 0); i < to; i++) affected.push(list[i]);
      start = to + 1;
    }
    if (rand() < 0.5) events.reverse(); // unsorted windows, as in the real data
    const year = 2015 + Math.floor(rand() * 10);
    const id = `PYSEC-${year}-${++n}`;
    const cve = `CVE-${year}-${10000 + n}`;
    const ghsa = `GHSA-${n.toString(36).padStart(4, "0")}-bench-${(n * 7).toString(36).padStart(4, "0")}`;
    const rec: Record<string, unknown> = {
      schema_version: "1.6.0",
      id,
      modified: `${year}-06-01T00:00:00Z`,
      published: `${year}-05-01T00:00:00Z`,
      aliases: [cve, ghsa],
      details: `Synthetic advisory ${id} for ${name}. `.repeat(4 + Math.floor(rand() * 20)),
      affected: [
        {
          package: { ecosystem: "PyPI", name, purl: `pkg:pypi/${name}` },
          ranges: [
            { type: "GIT", repo: `https://example.invalid/${name}`, events: [{ introduced: "0" }, { fixed: "0123456789abcdef" }] },
            { type: "ECOSYSTEM", events },
          ],
          versions: affected,
        },
      ],
      references: [{ type: "WEB", url: `https://example.invalid/${id}` }],
    };
    if (rand() < 0.3) rec.severity = [{ type: "CVSS_V3", score: pick(vectors) }];
    if (rand() < 0.01) rec.withdrawn = `${year}-07-01T00:00:00Z`;
    records.push(rec);
    // A GHSA copy of some records (as OSV's export holds both), merged by alias.
    if (rand() < 0.15 && records.length < recordCount) {
      records.push({ ...rec, id: ghsa, aliases: [cve, id], severity: undefined, database_specific: { severity: "HIGH" } });
    }
  }
  return { records, releases };
}

function poetryLock(releases: Map<string, string[]>, pins: number, seed = 7): string {
  const rand = rng(seed);
  const names = [...releases.keys()];
  const chosen = new Set<string>();
  const parts = ["# This file is automatically @generated by Poetry (synthetic, bench/audit.ts)", ""];
  while (chosen.size < pins) {
    // Four in five pins are packages the database knows; the rest are not in it.
    const name = rand() < 0.8 ? names[Math.floor(rand() * names.length)] : `other-${chosen.size}`;
    if (chosen.has(name)) continue;
    chosen.add(name);
    const list = releases.get(name) ?? ["1.0.0"];
    const version = list[Math.floor(rand() * list.length)];
    parts.push("[[package]]", `name = "${name}"`, `version = "${version}"`, `description = "synthetic"`, "optional = false", `python-versions = ">=3.8"`, "");
  }
  parts.push("[metadata]", 'lock-version = "2.0"', 'python-versions = "^3.9"', 'content-hash = "0"', "");
  return parts.join("\n");
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const fmt = (ms: number): string => `${ms.toFixed(0).padStart(6)} ms`;

function main(): void {
  const recordCount = Number(value("--records", "15000"));
  const pins = Number(value("--pins", "500"));
  const runs = Number(value("--runs", "5"));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-bench-audit-"));
  try {
    let t = performance.now();
    const { records, releases } = generate(recordCount);
    const zipPath = path.join(work, "all.zip");
    const entries: Record<string, Uint8Array> = {};
    for (const r of records) entries[`${r.id as string}.json`] = strToU8(JSON.stringify(r, null, 2));
    fs.writeFileSync(zipPath, zipSync(entries, { level: 6 }));
    const dir = path.join(work, "osv");
    fs.mkdirSync(dir);
    for (const r of records) fs.writeFileSync(path.join(dir, `${r.id as string}.json`), JSON.stringify(r, null, 2));
    const lock = path.join(work, "poetry.lock");
    fs.writeFileSync(lock, poetryLock(releases, pins));
    const genMs = performance.now() - t;
    const jsonBytes = Object.values(entries).reduce((s, e) => s + e.length, 0);
    console.log(`generated ${records.length.toLocaleString("en-US")} OSV records for ${releases.size.toLocaleString("en-US")} packages ` +
      `(${(jsonBytes / 1048576).toFixed(1)} MB of JSON, zip ${(fs.statSync(zipPath).size / 1048576).toFixed(1)} MB) and a ${pins}-pin poetry.lock in ${genMs.toFixed(0)} ms`);

    const self = fileURLToPath(import.meta.url);
    let failed = false;
    for (const [label, source] of [["zip (as `pyward db update` keeps it)", zipPath], ["directory of JSON files (--db DIR)", dir]] as const) {
      const cache = path.join(work, `cache-${label.split(" ")[0]}`);
      t = performance.now();
      const built = openAdvisoryDb(source, { cacheDir: cache });
      const buildMs = performance.now() - t;
      const indexBytes = fs.statSync(built.indexPath!).size;
      console.log(`\n${label}`);
      console.log(`  index built once: ${fmt(buildMs)}  (${built.header!.advisories.toLocaleString("en-US")} advisories, ${built.header!.packages.toLocaleString("en-US")} packages, ${built.header!.withdrawn} withdrawn skipped, index ${(indexBytes / 1048576).toFixed(1)} MB)`);
      const walls: number[] = [];
      let last: Record<string, number> = {};
      for (let i = 0; i < runs; i++) {
        const start = performance.now();
        const out = execFileSync(process.execPath, [self, "--child", source, lock, cache], { encoding: "utf8" });
        walls.push(performance.now() - start);
        last = JSON.parse(out) as Record<string, number>;
      }
      const med = median(walls);
      console.log(`  audit, fresh process each run (${runs} runs): median ${fmt(med)}, min ${fmt(Math.min(...walls))}, max ${fmt(Math.max(...walls))}`);
      console.log(`    inside the last run: open index ${fmt(last.openMs)}, read lockfile ${fmt(last.readMs)}, match ${fmt(last.matchMs)}`);
      console.log(`    ${last.pins} pins, ${last.vulnerable} vulnerable, ${last.findings} findings`);
      if (med > 1000) failed = true;
    }
    console.log(`\ngoal: under 1,000 ms wall per audit after indexing — ${failed ? "MISSED" : "met"}`);
    process.exitCode = failed ? 1 : 0;
  } finally {
    if (!process.env.BENCH_KEEP) fs.rmSync(work, { recursive: true, force: true }); else console.log("kept", work);
  }
}

if (args[0] === "--child") child(args[1], args[2], args[3]);
else main();
