#!/usr/bin/env node
// pyward against the peers, on the same Python files, in one run (issue 7, item 3).
//
//   npm run build && node bench/compare.mjs [PATH] [--runs N] [--bandit-runs N] [--jobs N] [--skip bandit,ruff]
//
// PATH defaults to the local Python standard library. Every measurement runs in a child process under
// `/usr/bin/time`, which reports wall time, CPU time (user + system) and peak memory (max RSS, the worker
// threads included). The measurements below run round-robin, one round per --runs (each round runs every one of
// them once), so that a slow spell of the machine, which lasts minutes here, falls on all of them alike. Printed:
// the median of the N runs of each, then the ratios the speed goals are stated in.
//
//   parse only, 1 job / all jobs   decode + parse every file by pyward's parser (the native one when built; also
//                                  the WASM one, PYWARD_PARSER=wasm), nothing else
//   pyward cold, ...               `pyward check` with every default rule, with or without taint, no cache; the
//                                  taint overhead is the median over the rounds of each round's CPU with taint
//                                  over its CPU without
//   pyward warm                    the same with a cache filled before the first round (unchanged files)
//   bandit                         the Debian `bandit` package (an old 1.6.2 with fewer checks than pyward), each
//                                  of its --bandit-runs runs between two runs of pyward cold (taint, all jobs),
//                                  the row "beside bandit"; the paired ratio is each bandit run's time over the
//                                  mean of those two, and its median is printed beside the ratio of the medians
//   ruff (WASM, S rules)           Ruff's WebAssembly build, only its flake8-bandit `S` rules, no data flow
//
// The files are pyward's own discovery of PATH (default excludes: tests are kept, site-packages is not); the
// same list is handed to bandit and Ruff.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { discover } from "../dist/discover/discover.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const cli = path.join(root, "dist", "cli", "main.js");
const args = process.argv.slice(2);
const value = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const valued = new Set(["--runs", "--bandit-runs", "--jobs", "--skip"]);
const target = path.resolve(
  args.find((a, i) => !a.startsWith("--") && !(i > 0 && valued.has(args[i - 1]))) ??
    execFileSync("python3", ["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: "utf8" }).trim(),
);
const runs = Number(value("--runs", "3"));
const banditRuns = Number(value("--bandit-runs", "1"));
const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
const jobs = Number(value("--jobs", String(cores)));
const skip = new Set(String(value("--skip", "")).split(",").filter(Boolean));
if (!fs.existsSync(cli)) {
  console.error("bench/compare: dist/ is missing; run `npm run build` first");
  process.exit(2);
}
if (!fs.existsSync("/usr/bin/time")) {
  console.error("bench/compare: /usr/bin/time is missing (Debian package `time`)");
  process.exit(2);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-compare-"));
const { files } = discover([target]);
const python = files.filter((f) => f.kind === "python").map((f) => f.absPath);
const listFile = path.join(tmp, "files.txt");
fs.writeFileSync(listFile, python.join("\n"));
let lines = 0;
for (const f of python) {
  const text = fs.readFileSync(f, "latin1");
  lines += text.split("\n").length;
}

/**
 * Runs `argv` once under /usr/bin/time.
 * @returns wall and CPU seconds and peak RSS in MB
 */
function measure(argv, { okCodes = [0, 1], env = {} } = {}) {
  const timeFile = path.join(tmp, "time.txt");
  const r = spawnSync("/usr/bin/time", ["-f", "%e %U %S %M", "-o", timeFile, ...argv], {
    encoding: "utf8",
    env: { ...process.env, ...env },
    maxBuffer: 1 << 30,
    stdio: ["ignore", "ignore", "pipe"],
  });
  if (!okCodes.includes(r.status ?? -1)) {
    throw new Error(`${argv.join(" ")} exited ${r.status}: ${(r.stderr ?? "").split("\n").slice(-5).join(" | ")}`);
  }
  const [wall, user, sys, rssKb] = fs.readFileSync(timeFile, "utf8").trim().split("\n").pop().split(/\s+/).map(Number);
  return { wall, cpu: user + sys, rss: rssKb / 1024 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The medians of wall and CPU seconds of some measurements, and their largest peak memory. */
function summary(all) {
  return { wall: median(all.map((m) => m.wall)), cpu: median(all.map((m) => m.cpu)), rss: Math.max(...all.map((m) => m.rss)), runs: all.length };
}

const results = new Map();
const cacheDir = path.join(tmp, "cache");
const pyward = (extra) => ["node", cli, "check", target, "--format", "json", "--output", path.join(tmp, "out.json"), "--quiet", "--no-audit", ...extra];
const help = execFileSync("node", [cli, "check", "--help"], { encoding: "utf8" });
const hasJobs = help.includes("--jobs");
const hasCache = help.includes("--no-cache");
const jobsFlag = (n) => (hasJobs ? ["--jobs", String(n)] : []);
const cold = hasCache ? ["--no-cache"] : [];
const parseOnly = (n) => ["node", path.join(here, "parse-only.mjs"), listFile, String(n)];
// the WASM parser, which pyward falls back to without a C compiler (the parse-only goal's baseline was set on it)
const wasm = { env: { PYWARD_PARSER: "wasm" } };
const coldAll = `pyward cold, taint, ${jobs} jobs`;
const noTaint = `pyward cold, no taint, ${jobs} jobs`;

/** The measurements made round-robin: name, command, options. */
const rows = [
  ["parse only, 1 job", parseOnly(1)],
  [`parse only, ${jobs} jobs`, parseOnly(jobs)],
  ["parse only (WASM), 1 job", parseOnly(1), wasm],
  [`parse only (WASM), ${jobs} jobs`, parseOnly(jobs), wasm],
  ["pyward cold, taint, 1 job", pyward([...cold, ...jobsFlag(1)])],
  [coldAll, pyward([...cold, ...jobsFlag(jobs)])],
  [noTaint, pyward([...cold, "--no-taint", ...jobsFlag(jobs)])],
  [`pyward cold, taint, ${jobs} jobs, WASM`, pyward([...cold, ...jobsFlag(jobs)]), wasm],
];
if (hasCache) rows.push([`pyward warm, taint, ${jobs} jobs`, pyward(["--cache-dir", cacheDir, ...jobsFlag(jobs)])]);
if (!skip.has("ruff")) rows.push(["ruff (WASM, S rules)", ["node", path.join(here, "ruff-s.mjs"), listFile]]);

if (hasCache) measure(pyward(["--cache-dir", cacheDir, ...jobsFlag(jobs)])); // fill the cache for the warm runs
// Each round runs every measurement once, so that a slow spell of the machine (they last minutes here) falls on
// all of them alike instead of on the one that happened to run then; a measurement that fails is not run again.
const measured = new Map(rows.map(([name]) => [name, []]));
for (let round = 1; round <= runs; round++) {
  for (const [name, argv, options] of rows) {
    if (results.has(name)) continue; // failed
    process.stderr.write(`bench/compare: ${name} (round ${round} of ${runs})…\n`);
    try {
      measured.get(name).push(measure(argv, options));
    } catch (err) {
      results.set(name, { error: err.message });
    }
  }
}
for (const [name] of rows) if (!results.has(name)) results.set(name, summary(measured.get(name)));
/** Taint's cost: each round's CPU with it over its CPU without it, minus one. */
const overhead = measured.get(coldAll).flatMap((m, i) => (measured.get(noTaint)[i] ? [m.cpu / measured.get(noTaint)[i].cpu - 1] : []));

let banditVersion = "";
/** bandit's time over pyward's (cold, taint, all jobs) in the runs either side of it, one per bandit run. */
const paired = [];
if (!skip.has("bandit")) {
  try {
    banditVersion = execFileSync("bandit", ["--version"], { encoding: "utf8" }).split("\n")[0].trim();
  } catch {
    results.set("bandit", { error: "bandit not installed (apt-get install bandit)" });
  }
}
if (banditVersion) {
  // bandit reads a list of files; -q keeps it quiet, exit 1 means issues found
  const banditArgv = ["bandit", "-q", "-f", "json", "-o", path.join(tmp, "bandit.json"), ...python];
  const coldArgv = pyward([...cold, ...jobsFlag(jobs)]);
  // each bandit run sits between two runs of pyward cold (taint, all jobs): the paired ratio compares times
  // taken a minute or two apart, so that a slow spell of the machine weighs on both sides of it
  process.stderr.write(`bench/compare: bandit (${banditRuns} runs), each between two runs of pyward cold…\n`);
  try {
    const around = [measure(coldArgv)];
    const banditTimes = [];
    for (let i = 0; i < banditRuns; i++) {
      banditTimes.push(measure(banditArgv));
      around.push(measure(coldArgv));
      paired.push(banditTimes[i].wall / ((around[i].wall + around[i + 1].wall) / 2));
    }
    results.set(`${coldAll}, beside bandit`, summary(around));
    results.set("bandit", summary(banditTimes));
  } catch (err) {
    results.set("bandit", { error: err.message });
  }
}

const fmt = (n, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : "—");
console.log(`target:  ${target}`);
console.log(`files:   ${python.length} Python files, ${lines} lines`);
console.log(`machine: ${cores} cores, node ${process.version}, load average before: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
console.log(`runs:    median of ${runs} (bandit: ${banditRuns})${hasCache ? "" : "; this pyward has no cache (no --no-cache option)"}${hasJobs ? "" : "; this pyward has no --jobs option: every pyward row is one job"}`);
console.log("");
console.log(`${"measurement".padEnd(46)}${"wall s".padStart(9)}${"CPU s".padStart(9)}${"peak MB".padStart(9)}`);
for (const [name, r] of results) {
  if (r.error) console.log(`${name.padEnd(46)}  error: ${r.error}`);
  else console.log(`${name.padEnd(46)}${fmt(r.wall).padStart(9)}${fmt(r.cpu).padStart(9)}${fmt(r.rss, 0).padStart(9)}`);
}
const wall = (name) => results.get(name)?.wall;
const ratio = (a, b) => (a && b ? a / b : NaN);
const coldWall = wall(coldAll);
console.log("");
console.log("ratios (goal in brackets):");
console.log(`  bandit / pyward cold, all rules + taint, ${jobs} jobs:  ${fmt(ratio(wall("bandit"), coldWall), 1)}×  [≥ 12×]${banditVersion ? `  (${banditVersion}, fewer checks than pyward)` : ""}`);
if (paired.length) {
  console.log(`  the same, paired (each bandit run against the pyward runs either side of it): ${fmt(median(paired), 1)}×  [${paired.map((r) => fmt(r, 1)).join(", ")}]`);
}
console.log(`  pyward cold ${jobs} jobs / ruff WASM S rules:           ${fmt(ratio(coldWall, wall("ruff (WASM, S rules)")), 2)}×  [≤ 3×]`);
console.log(`  pyward cold ${jobs} jobs / parse only ${jobs} jobs:       ${fmt(ratio(coldWall, wall(`parse only, ${jobs} jobs`)), 2)}×  [≤ 1.5×]`);
console.log(`  pyward cold 1 job / parse only 1 job:           ${fmt(ratio(wall("pyward cold, taint, 1 job"), wall("parse only, 1 job")), 2)}×`);
console.log(`  pyward cold ${jobs} jobs / parse only WASM ${jobs} jobs:  ${fmt(ratio(coldWall, wall(`parse only (WASM), ${jobs} jobs`)), 2)}×`);
console.log(`  bandit / pyward cold on the WASM parser:         ${fmt(ratio(wall("bandit"), wall(`pyward cold, taint, ${jobs} jobs, WASM`)), 1)}×`);
console.log(`  taint overhead (${jobs} jobs, CPU, per round):        ${overhead.length ? fmt(median(overhead) * 100, 0) : "—"}%  [≤ 50%]  [${overhead.map((o) => fmt(o * 100, 0)).join(", ")}]`);
if (hasCache) {
  console.log(`  bandit / pyward warm:                            ${fmt(ratio(wall("bandit"), wall(`pyward warm, taint, ${jobs} jobs`)), 0)}×  [≥ 100×]`);
  console.log(`  pyward warm / cold:                              ${fmt(ratio(wall(`pyward warm, taint, ${jobs} jobs`), coldWall) * 100, 1)}%  [≤ 10%]`);
}
fs.rmSync(tmp, { recursive: true, force: true });
