#!/usr/bin/env node
// pyward against the peers, on the same Python files, in one run (issue 7, item 3).
//
//   npm run build && node bench/compare.mjs [PATH] [--runs N] [--bandit-runs N] [--jobs N] [--skip bandit,ruff]
//
// PATH defaults to the local Python standard library. Every measurement runs in a child process under
// `/usr/bin/time`, which reports wall time, CPU time (user + system) and peak memory (max RSS, the worker
// threads included). Printed: the median of N runs of each, then the ratios the speed goals are stated in.
//
//   parse only, 1 job / all jobs   decode + parse every file (web-tree-sitter), nothing else
//   pyward cold, ...               `pyward check` with every default rule, with or without taint, no cache
//   pyward warm                    the same with a cache filled by the run before (unchanged files)
//   bandit                         the Debian `bandit` package (an old 1.6.2 with fewer checks than pyward)
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

/** Runs a measurement `n` times (after `before()` each time) and keeps the medians. */
function repeat(n, argv, options = {}, before = () => {}) {
  const all = [];
  for (let i = 0; i < n; i++) {
    before();
    all.push(measure(argv, options));
  }
  return { wall: median(all.map((m) => m.wall)), cpu: median(all.map((m) => m.cpu)), rss: Math.max(...all.map((m) => m.rss)), runs: n };
}

const results = new Map();
const record = (name, fn) => {
  process.stderr.write(`bench/compare: ${name}…\n`);
  try {
    results.set(name, fn());
  } catch (err) {
    results.set(name, { error: err.message });
  }
};
const cacheDir = path.join(tmp, "cache");
const pyward = (extra) => ["node", cli, "check", target, "--format", "json", "--output", path.join(tmp, "out.json"), "--quiet", "--no-audit", ...extra];
const help = execFileSync("node", [cli, "check", "--help"], { encoding: "utf8" });
const hasJobs = help.includes("--jobs");
const hasCache = help.includes("--no-cache");
const jobsFlag = (n) => (hasJobs ? ["--jobs", String(n)] : []);
const cold = hasCache ? ["--no-cache"] : [];

record("parse only, 1 job", () => repeat(runs, ["node", path.join(here, "parse-only.mjs"), listFile, "1"]));
record(`parse only, ${jobs} jobs`, () => repeat(runs, ["node", path.join(here, "parse-only.mjs"), listFile, String(jobs)]));
// the same with the WASM parser, which pyward falls back to without a C compiler (the goal's baseline was set on it)
const wasm = { env: { PYWARD_PARSER: "wasm" } };
record("parse only (WASM), 1 job", () => repeat(runs, ["node", path.join(here, "parse-only.mjs"), listFile, "1"], wasm));
record(`parse only (WASM), ${jobs} jobs`, () => repeat(runs, ["node", path.join(here, "parse-only.mjs"), listFile, String(jobs)], wasm));
record("pyward cold, taint, 1 job", () => repeat(runs, pyward([...cold, ...jobsFlag(1)])));
record(`pyward cold, taint, ${jobs} jobs`, () => repeat(runs, pyward([...cold, ...jobsFlag(jobs)])));
record(`pyward cold, taint, ${jobs} jobs, WASM`, () => repeat(runs, pyward([...cold, ...jobsFlag(jobs)]), wasm));
record(`pyward cold, no taint, ${jobs} jobs`, () => repeat(runs, pyward([...cold, "--no-taint", ...jobsFlag(jobs)])));
if (hasCache) {
  measure(pyward(["--cache-dir", cacheDir, ...jobsFlag(jobs)])); // fill the cache
  record(`pyward warm, taint, ${jobs} jobs`, () => repeat(runs, pyward(["--cache-dir", cacheDir, ...jobsFlag(jobs)])));
}
let banditVersion = "";
if (!skip.has("bandit")) {
  try {
    banditVersion = execFileSync("bandit", ["--version"], { encoding: "utf8" }).split("\n")[0].trim();
    // bandit reads a list of files; -q keeps it quiet, exit 1 means issues found
    record("bandit", () => repeat(banditRuns, ["bandit", "-q", "-f", "json", "-o", path.join(tmp, "bandit.json"), ...python]));
  } catch {
    results.set("bandit", { error: "bandit not installed (apt-get install bandit)" });
  }
}
if (!skip.has("ruff")) record("ruff (WASM, S rules)", () => repeat(runs, ["node", path.join(here, "ruff-s.mjs"), listFile]));

const fmt = (n, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : "—");
console.log(`target:  ${target}`);
console.log(`files:   ${python.length} Python files, ${lines} lines`);
console.log(`machine: ${cores} cores, node ${process.version}, load average before: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
console.log(`runs:    median of ${runs} (bandit: ${banditRuns})${hasCache ? "" : "; this pyward has no cache (no --no-cache option)"}${hasJobs ? "" : "; this pyward has no --jobs option: every pyward row is one job"}`);
console.log("");
console.log(`${"measurement".padEnd(34)}${"wall s".padStart(9)}${"CPU s".padStart(9)}${"peak MB".padStart(9)}`);
for (const [name, r] of results) {
  if (r.error) console.log(`${name.padEnd(34)}  error: ${r.error}`);
  else console.log(`${name.padEnd(34)}${fmt(r.wall).padStart(9)}${fmt(r.cpu).padStart(9)}${fmt(r.rss, 0).padStart(9)}`);
}
const wall = (name) => results.get(name)?.wall;
const ratio = (a, b) => (a && b ? a / b : NaN);
const coldAll = wall(`pyward cold, taint, ${jobs} jobs`);
console.log("");
console.log("ratios (goal in brackets):");
console.log(`  bandit / pyward cold, all rules + taint, ${jobs} jobs:  ${fmt(ratio(wall("bandit"), coldAll), 1)}×  [≥ 12×]${banditVersion ? `  (${banditVersion}, fewer checks than pyward)` : ""}`);
console.log(`  pyward cold ${jobs} jobs / ruff WASM S rules:           ${fmt(ratio(coldAll, wall("ruff (WASM, S rules)")), 2)}×  [≤ 3×]`);
console.log(`  pyward cold ${jobs} jobs / parse only ${jobs} jobs:       ${fmt(ratio(coldAll, wall(`parse only, ${jobs} jobs`)), 2)}×  [≤ 1.5×]`);
console.log(`  pyward cold 1 job / parse only 1 job:           ${fmt(ratio(wall("pyward cold, taint, 1 job"), wall("parse only, 1 job")), 2)}×`);
console.log(`  pyward cold ${jobs} jobs / parse only WASM ${jobs} jobs:  ${fmt(ratio(coldAll, wall(`parse only (WASM), ${jobs} jobs`)), 2)}×`);
console.log(`  bandit / pyward cold on the WASM parser:         ${fmt(ratio(wall("bandit"), wall(`pyward cold, taint, ${jobs} jobs, WASM`)), 1)}×`);
console.log(`  taint overhead (${jobs} jobs, CPU):                  ${fmt((ratio(results.get(`pyward cold, taint, ${jobs} jobs`)?.cpu, results.get(`pyward cold, no taint, ${jobs} jobs`)?.cpu) - 1) * 100, 0)}%  [≤ 50%]`);
if (hasCache) {
  console.log(`  bandit / pyward warm:                            ${fmt(ratio(wall("bandit"), wall(`pyward warm, taint, ${jobs} jobs`)), 0)}×  [≥ 100×]`);
  console.log(`  pyward warm / cold:                              ${fmt(ratio(wall(`pyward warm, taint, ${jobs} jobs`), coldAll) * 100, 1)}%  [≤ 10%]`);
}
fs.rmSync(tmp, { recursive: true, force: true });
