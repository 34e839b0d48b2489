#!/usr/bin/env node
// Speed and memory of `pyward check` over a Python tree (default: the local standard library).
//
//   npm run build && node bench/check.mjs [PATH] [--runs N] [--parse-only] [--no-taint] [--jobs N] [--cache DIR]
//   PYWARD_PROFILE_RULES=1 node bench/check.mjs …   also prints the time spent in each rule's handlers
//
// Prints files, lines, lines per second, findings, wall time (median of N runs) and peak memory (max RSS).
// Runs in-process against the built package in dist/. --jobs N: worker threads (default 1; the CLI's default is
// the number of cores). --cache DIR: use (and fill) the result cache in DIR — the first run is cold when DIR is
// empty, later runs are warm; without it no cache is used. CPU time and peak memory count this thread and its
// workers (process-wide figures).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { scan } from "../dist/engine/run.js";
import { RULE_TIMES } from "../dist/engine/check-file.js";
import { discover } from "../dist/discover/discover.js";
import { parseOnly as parseText } from "../dist/parse/parser.js";
import { decodePython } from "../dist/parse/decode.js";

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const value = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const target =
  args.find((a, i) => !a.startsWith("--") && !(i > 0 && ["--runs", "--jobs", "--cache"].includes(args[i - 1]))) ??
  execFileSync("python3", ["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: "utf8" }).trim();
const runs = Number(value("--runs", "3"));
const jobs = Number(value("--jobs", "1"));
const cacheDir = value("--cache", undefined);

async function parseOnly() {
  const { files } = discover([target]);
  let lines = 0;
  for (const f of files) {
    if (f.kind !== "python") continue;
    const d = decodePython(fs.readFileSync(f.absPath));
    if (!d.ok) continue;
    await parseText(d.text); // pyward's parser: the native one when built (PYWARD_PARSER=wasm: the WASM one)
    lines += d.text.split("\n").length;
  }
  return { files: files.filter((f) => f.kind === "python").length, lines, findings: 0 };
}

async function full() {
  const r = await scan([target], { ...(flag("--no-taint") ? { taint: false } : {}), jobs, cacheDir });
  return { files: r.files.python, lines: r.lines, findings: r.findings.length, errors: r.errors.length, problemFiles: r.problemFiles, cache: r.cache };
}

const times = [];
const cpu0 = process.cpuUsage();
let last;
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  last = flag("--parse-only") ? await parseOnly() : await full();
  times.push((performance.now() - t0) / 1000);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
const rssMb = process.resourceUsage().maxRSS / 1024;
console.log(`target:        ${target}`);
console.log(`mode:          ${flag("--parse-only") ? "parse only" : `full check (all default rules${flag("--no-taint") ? ", taint analysis off" : ""})`}, ${flag("--parse-only") ? 1 : jobs} job(s)${cacheDir ? `, cache ${cacheDir}` : ""}, ${runs} run(s), node ${process.version}`);
console.log(`files:         ${last.files}`);
console.log(`lines:         ${last.lines}`);
if (!flag("--parse-only")) console.log(`findings:      ${last.findings}  (files not fully analysed: ${last.problemFiles}, internal errors: ${last.errors})`);
if (last.cache) console.log(`cache (last run): ${last.cache.hits} hits, ${last.cache.misses} misses, ${last.cache.writes} written`);
console.log(`wall (median): ${median.toFixed(2)} s   [${times.map((t) => t.toFixed(2)).join(", ")}]`);
console.log(`lines/s:       ${Math.round(last.lines / median)}`);
const cpu = process.cpuUsage(cpu0);
console.log(`cpu (all runs): ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s user+sys (steadier than wall time on a busy machine)`);
console.log(`peak memory:   ${rssMb.toFixed(0)} MB (max RSS)`);
if (RULE_TIMES) {
  console.log("time in rule handlers (all runs, ms; PYWARD_PROFILE_RULES is set):");
  for (const [code, ms] of [...RULE_TIMES].sort((a, b) => b[1] - a[1])) console.log(`  ${code} ${ms.toFixed(0)}`);
}
