#!/usr/bin/env node
// pyward against the peers, on the same Python files, in one run (issue 7, item 3).
//
//   npm run build && node bench/compare.mjs [PATH] [--runs N] [--bandit-runs N] [--jobs N] [--skip bandit,ruff]
//
//   --runs N          rounds of the round-robin measurements (default 3; odd counts give a middle value)
//   --bandit-runs N   bandit runs, each between two runs of pyward cold (default 1; 0 skips bandit)
//   --jobs N          the "all jobs" rows' --jobs (default: the number of cores; 1 drops those rows)
//   --skip LIST       leave out bandit and/or ruff
//
// PATH defaults to the local Python standard library. Every measurement runs in a child process under
// `/usr/bin/time`, which reports wall time, CPU time (user + system) and peak memory (max RSS, the worker
// threads included). The measurements below run round-robin, one round per --runs (each round runs every one of
// them once), so that a slow spell of the machine, which lasts minutes here, falls on all of them alike. Printed:
// the median of the N runs of each (the mean of the middle two for an even N) and the largest peak memory, then
// the ratios the speed goals are stated in. A measurement that fails is not run again: its row says in which
// round, and the runs it made before are kept. A run fails when it exits with an error (for pyward and bandit, 1
// means findings) or, for pyward and bandit, writes no readable JSON report. Exit codes: 0, 1 when a measurement
// failed, 2 on a bad option, 130 on Ctrl-C, 143 on SIGTERM and 129 on SIGHUP (the measured command is stopped
// too); the temporary directory is removed on every exit.
//
//   parse only, 1 job / all jobs   decode + parse every file by pyward's parser (the native one when built; also
//                                  the WASM one, PYWARD_PARSER=wasm), nothing else
//   pyward cold, ...               `pyward check` with every default rule, with or without taint, no cache; the
//                                  taint overhead is the median over the rounds of each round's CPU with taint
//                                  over its CPU without
//   pyward warm                    the same with a cache filled before the first round (unchanged files)
//   bandit                         after the rounds: the Debian `bandit` package (an old 1.6.2 with fewer checks
//                                  than pyward), each of its --bandit-runs runs between two runs of pyward cold
//                                  (taint, all jobs: the row "beside bandit"); the paired ratio is each bandit
//                                  run's time over the mean of those two, and its median is printed beside the
//                                  ratio of the medians
//   ruff (WASM, S rules)           Ruff's WebAssembly build, only its flake8-bandit `S` rules, no data flow
//
// The files are pyward's own discovery of PATH (default excludes: tests are kept, site-packages is not); the
// same list is handed to bandit and Ruff.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { discover } from "../dist/discover/discover.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const cli = path.join(root, "dist", "cli", "main.js");
/** The Node that runs the bench runs every measured Node script too. */
const node = process.execPath;
const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;

/** The bench's temporary directory (file list, reports, cache), once made; removed on every exit (see below). */
let tmp;

/** Exits 2 with a one-line message. */
function usage(message) {
  console.error(`bench/compare: ${message}`);
  process.exit(2); // the exit handler removes the temporary directory
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: { runs: { type: "string" }, "bandit-runs": { type: "string" }, jobs: { type: "string" }, skip: { type: "string", multiple: true } },
  });
} catch (err) {
  usage(`${err.message.replace(/\s*\n\s*/g, " ")} (usage: node bench/compare.mjs [PATH] [--runs N] [--bandit-runs N] [--jobs N] [--skip bandit,ruff])`);
}
if (parsed.positionals.length > 1) usage(`one PATH at most, got ${parsed.positionals.length}: ${parsed.positionals.join(" ")}`);
/** The integer value of option `name` (from `min` to 100), or `dflt` when it is not given. */
function count(name, dflt, min) {
  const raw = parsed.values[name];
  if (raw === undefined) return dflt;
  if (!/^\d{1,3}$/.test(raw) || Number(raw) < min || Number(raw) > 100) usage(`--${name} must be an integer from ${min} to 100, got '${raw}'`);
  return Number(raw);
}
const runs = count("runs", 3, 1);
const banditRuns = count("bandit-runs", 1, 0);
const jobs = count("jobs", cores, 1);
const skip = new Set((parsed.values.skip ?? []).flatMap((v) => v.split(",")).filter(Boolean));
for (const s of skip) if (s !== "bandit" && s !== "ruff") usage(`--skip takes bandit and ruff, got '${s}'`);
/** The local Python's standard library (the default PATH). */
function stdlib() {
  try {
    return execFileSync("python3", ["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  } catch (err) {
    return usage(`no PATH given and python3 cannot name its standard library (${err.message.split("\n")[0]})`);
  }
}
const target = path.resolve(parsed.positionals[0] ?? stdlib());
if (!fs.existsSync(target)) usage(`${target}: no such file or directory`);
if (!fs.existsSync(cli)) usage("dist/ is missing; run `npm run build` first");
if (!fs.existsSync("/usr/bin/time")) usage("/usr/bin/time is missing (Debian package `time`)");

tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-compare-"));
/**
 * The measurement running now: the leader of a process group of its own (/usr/bin/time), so that it can be
 * stopped with what it runs. It does not share the terminal's signals, so every way out stops it here.
 */
let running;
process.on("exit", () => {
  if (running) {
    try {
      process.kill(-running.pid, "SIGKILL");
    } catch {
      // the group has ended already
    }
  }
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});
for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143], ["SIGHUP", 129]]) {
  process.on(signal, () => {
    console.error(`bench/compare: interrupted (${signal})`);
    process.exit(code);
  });
}
process.exitCode = await main();

/** Runs the bench; returns the exit code (1 when a measurement failed). */
async function main() {
  const { files } = discover([target]);
  const python = files.filter((f) => f.kind === "python").map((f) => f.absPath);
  if (!python.length) usage(`${target}: no Python files to measure`);
  const listFile = path.join(tmp, "files.txt");
  fs.writeFileSync(listFile, python.join("\n"));
  /** Lines as pyward counts them: those `wc -l` counts, and a last line without a newline. */
  let lines = 0;
  for (const f of python) {
    const text = fs.readFileSync(f, "latin1");
    for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) lines++;
    if (text.length && !text.endsWith("\n")) lines++;
  }

  /**
   * Runs `argv` once under /usr/bin/time.
   * @returns wall and CPU seconds and peak RSS in MB
   * @param options.okCodes the exit codes of a run that did its work (1 is also a crash for a Node script)
   * @param options.report a JSON report the command must write: removed before the run, read after it
   * @throws Error when the command exits with another status or its report is missing or not JSON
   */
  async function measure(argv, { okCodes = [0], env = {}, report } = {}) {
    const timeFile = path.join(tmp, "time.txt");
    if (report) fs.rmSync(report, { force: true });
    // a process group of its own, so that an interrupt stops the measured command too (GNU time ignores SIGINT)
    const child = spawn("/usr/bin/time", ["-f", "%e %U %S %M", "-o", timeFile, ...argv], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "ignore", "pipe"],
      detached: true,
    });
    running = child;
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (d) => {
      stderr = (stderr + d).slice(-4096);
    });
    const status = await new Promise((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (code, signal) => resolve(code ?? signal));
    }).finally(() => {
      running = undefined;
    });
    const what = argv[0] !== node ? path.basename(argv[0]) : argv[1] === cli ? "pyward" : path.basename(argv[1]);
    if (!okCodes.includes(status)) {
      // the line that names the error (Node's and Python's put it among others), else the last one
      const said = stderr.split("\n").map((l) => l.trim()).filter(Boolean);
      throw new Error(`${what} exited ${status}: ${said.find((l) => /\b\w*Error\b/.test(l)) ?? said.pop() ?? "(nothing on stderr)"}`);
    }
    if (report) {
      try {
        JSON.parse(fs.readFileSync(report, "utf8"));
      } catch (err) {
        throw new Error(`${what} exited ${status} without a readable report (${err.message.split("\n")[0]})`);
      }
    }
    const [wall, user, sys, rssKb] = fs.readFileSync(timeFile, "utf8").trim().split("\n").pop().split(/\s+/).map(Number);
    return { wall, cpu: user + sys, rss: rssKb / 1024 };
  }

  /** A row's measurements, and the error that stopped them (with the round it came in). */
  const rowsMeasured = new Map();
  const row = (name) => {
    let r = rowsMeasured.get(name);
    if (!r) rowsMeasured.set(name, (r = { all: [], error: undefined }));
    return r;
  };
  /** Measures `argv` into row `name` unless an earlier run of it failed; returns the measurement or undefined. */
  const into = async (name, argv, options, where) => {
    const r = row(name);
    if (r.error) return undefined;
    try {
      const m = await measure(argv, options);
      r.all.push(m);
      return m;
    } catch (err) {
      r.error = `failed ${where} (${r.all.length} run${r.all.length === 1 ? "" : "s"} kept): ${err.message}`;
      return undefined;
    }
  };

  const cacheDir = path.join(tmp, "cache");
  const outJson = path.join(tmp, "out.json");
  const pyward = (extra) => [node, cli, "check", target, "--format", "json", "--output", outJson, "--quiet", "--no-audit", ...extra];
  // exit 1 is pyward's "findings"; its report proves it ran to the end
  const checked = { okCodes: [0, 1], report: outJson };
  const help = execFileSync(node, [cli, "check", "--help"], { encoding: "utf8" });
  const hasJobs = help.includes("--jobs");
  const hasCache = help.includes("--no-cache");
  const jobsFlag = (n) => (hasJobs ? ["--jobs", String(n)] : []);
  const cold = hasCache ? ["--no-cache"] : [];
  const parseOnly = (n) => [node, path.join(here, "parse-only.mjs"), listFile, String(n)];
  // the WASM parser, which pyward falls back to without a C compiler (the parse-only goal's baseline was set on it)
  const wasm = { env: { PYWARD_PARSER: "wasm" } };
  const banditJson = path.join(tmp, "bandit.json");
  // bandit is looked up before the rounds, so that a missing one is told at once
  let banditVersion = "";
  if (!skip.has("bandit") && banditRuns > 0) {
    try {
      banditVersion = execFileSync("bandit", ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).split("\n")[0].trim();
    } catch (err) {
      const said = String(err.stderr ?? "").trim().split("\n").pop();
      row("bandit").error = err.code === "ENOENT" ? "bandit not installed (apt-get install bandit)" : `bandit --version failed${said ? `: ${said}` : ""}`;
      process.stderr.write(`bench/compare: ${row("bandit").error}\n`);
    }
  }
  const jobsName = (n) => `${n} job${n === 1 ? "" : "s"}`;
  const coldAll = `pyward cold, taint, ${jobsName(jobs)}`;
  const noTaint = `pyward cold, no taint, ${jobsName(jobs)}`;
  const warmAll = `pyward warm, taint, ${jobsName(jobs)}`;

  /** The measurements made round-robin: name, command, options (with --jobs 1, the all-jobs rows are the 1-job ones). */
  const rows = [
    ["parse only, 1 job", parseOnly(1)],
    [`parse only, ${jobsName(jobs)}`, parseOnly(jobs)],
    ["parse only (WASM), 1 job", parseOnly(1), wasm],
    [`parse only (WASM), ${jobsName(jobs)}`, parseOnly(jobs), wasm],
    ["pyward cold, taint, 1 job", pyward([...cold, ...jobsFlag(1)]), checked],
    [coldAll, pyward([...cold, ...jobsFlag(jobs)]), checked],
    [noTaint, pyward([...cold, "--no-taint", ...jobsFlag(jobs)]), checked],
    [`pyward cold, taint, ${jobsName(jobs)}, WASM`, pyward([...cold, ...jobsFlag(jobs)]), { ...checked, ...wasm }],
  ].filter(([name], i, all) => all.findIndex(([other]) => other === name) === i);
  if (hasCache) {
    try {
      await measure(pyward(["--cache-dir", cacheDir, ...jobsFlag(jobs)]), checked); // fill the cache for the warm runs
      rows.push([warmAll, pyward(["--cache-dir", cacheDir, ...jobsFlag(jobs)]), checked]);
    } catch (err) {
      row(warmAll).error = `filling the cache failed: ${err.message}`;
    }
  }
  const ruffRow = "ruff (WASM, S rules)";
  if (!skip.has("ruff")) rows.push([ruffRow, [node, path.join(here, "ruff-s.mjs"), listFile]]);

  // Each round runs every measurement once, so that a slow spell of the machine (they last minutes here) falls on
  // all of them alike instead of on the one that happened to run then.
  /** Taint's cost: each round's CPU with it over its CPU without it, minus one (rounds where both ran). */
  const overhead = [];
  for (let round = 1; round <= runs; round++) {
    const got = new Map();
    for (const [name, argv, options] of rows) {
      if (row(name).error) continue;
      process.stderr.write(`bench/compare: ${name} (round ${round} of ${runs})…\n`);
      const m = await into(name, argv, options, `in round ${round}`);
      if (m) got.set(name, m);
    }
    if (got.has(coldAll) && got.has(noTaint)) overhead.push(got.get(coldAll).cpu / got.get(noTaint).cpu - 1);
  }

  /** bandit's time over pyward's (cold, taint, all jobs) in the runs either side of it, one per bandit run. */
  const paired = [];
  const beside = `${coldAll}, beside bandit`;
  if (banditVersion) {
    // bandit reads a list of files; -q keeps it quiet, exit 1 means issues found
    const banditArgv = ["bandit", "-q", "-f", "json", "-o", banditJson, ...python];
    const coldArgv = pyward([...cold, ...jobsFlag(jobs)]);
    // each bandit run sits between two runs of pyward cold (taint, all jobs): the paired ratio compares times
    // taken a minute or two apart, so that a slow spell of the machine weighs on both sides of it
    process.stderr.write(`bench/compare: bandit (${banditRuns} run${banditRuns === 1 ? "" : "s"}), each between two runs of pyward cold…\n`);
    let before = await into(beside, coldArgv, checked, "before the first bandit run");
    for (let i = 0; i < banditRuns && before; i++) {
      const b = await into("bandit", banditArgv, { okCodes: [0, 1], report: banditJson }, `in run ${i + 1}`);
      if (!b) break;
      const after = await into(beside, coldArgv, checked, `after bandit run ${i + 1}`);
      if (!after) {
        row("bandit").error = `stopped after run ${i + 1} of ${banditRuns}: pyward cold failed after it, so that run is not paired`;
        break;
      }
      paired.push(b.wall / ((before.wall + after.wall) / 2));
      before = after;
    }
    if (!row("bandit").all.length && !row("bandit").error) row("bandit").error = "not run: pyward cold failed before it";
  }

  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const h = Math.floor(s.length / 2);
    return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
  };
  /** Row `name`: medians of wall and CPU seconds, the largest peak memory, or undefined when it has no run. */
  const summary = (name) => {
    const all = rowsMeasured.get(name)?.all ?? [];
    if (!all.length) return undefined;
    return { wall: median(all.map((m) => m.wall)), cpu: median(all.map((m) => m.cpu)), rss: Math.max(...all.map((m) => m.rss)), runs: all.length };
  };

  const fmt = (n, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : "—");
  console.log(`target:  ${target}`);
  console.log(`files:   ${python.length} Python file${python.length === 1 ? "" : "s"}, ${lines} lines`);
  console.log(`machine: ${cores} cores, node ${process.version}, load average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  const banditNote = skip.has("bandit") || banditRuns === 0 ? "bandit skipped" : `bandit: ${banditRuns} run${banditRuns === 1 ? "" : "s"}`;
  console.log(`runs:    median of ${runs} round${runs === 1 ? "" : "s"} (${banditNote})${hasCache ? "" : "; this pyward has no cache (no --no-cache option)"}${hasJobs ? "" : "; this pyward has no --jobs option: every pyward row is one job"}`);
  console.log("");
  console.log(`${"measurement".padEnd(46)}${"runs".padStart(5)}${"wall s".padStart(9)}${"CPU s".padStart(9)}${"peak MB".padStart(9)}`);
  // a fixed order: the round-robin rows, then the bandit phase (rows that were not measured are left out)
  const order = [...rows.map(([n]) => n).filter((n) => n !== warmAll && n !== ruffRow), warmAll, ruffRow, beside, "bandit"];
  for (const name of order) {
    const r = rowsMeasured.get(name);
    if (!r) continue;
    const m = summary(name);
    const line = `${name.padEnd(46)}${String(r.all.length).padStart(5)}${fmt(m?.wall).padStart(9)}${fmt(m?.cpu).padStart(9)}${fmt(m?.rss, 0).padStart(9)}`;
    console.log(r.error ? `${line}  ${r.error}` : line);
  }
  const wall = (name) => summary(name)?.wall;
  const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : NaN);
  const coldWall = wall(coldAll);
  const withBandit = rowsMeasured.has("bandit");
  console.log("");
  console.log("ratios (goal in brackets):");
  if (withBandit) {
    console.log(`  bandit / pyward cold, all rules + taint, ${jobsName(jobs)}:  ${fmt(ratio(wall("bandit"), coldWall), 1)}×  [≥ 12×]${banditVersion ? `  (${banditVersion}, fewer checks than pyward)` : ""}`);
    if (paired.length) {
      const of = paired.length < banditRuns ? `, ${paired.length} of ${banditRuns} runs paired` : "";
      console.log(`  the same, paired (each bandit run against the pyward runs either side of it): ${fmt(median(paired), 1)}×  [${paired.map((r) => fmt(r, 1)).join(", ")}${of}]`);
    }
  }
  if (rowsMeasured.has(ruffRow)) console.log(`  pyward cold ${jobsName(jobs)} / ruff WASM S rules:           ${fmt(ratio(coldWall, wall(ruffRow)), 2)}×  [≤ 3×]`);
  console.log(`  pyward cold ${jobsName(jobs)} / parse only ${jobsName(jobs)}:       ${fmt(ratio(coldWall, wall(`parse only, ${jobsName(jobs)}`)), 2)}×  [≤ 1.5×]`);
  if (jobs !== 1) console.log(`  pyward cold 1 job / parse only 1 job:           ${fmt(ratio(wall("pyward cold, taint, 1 job"), wall("parse only, 1 job")), 2)}×`);
  console.log(`  pyward cold ${jobsName(jobs)} / parse only WASM ${jobsName(jobs)}:  ${fmt(ratio(coldWall, wall(`parse only (WASM), ${jobsName(jobs)}`)), 2)}×`);
  if (withBandit) console.log(`  bandit / pyward cold on the WASM parser:         ${fmt(ratio(wall("bandit"), wall(`pyward cold, taint, ${jobsName(jobs)}, WASM`)), 1)}×`);
  console.log(`  taint overhead (${jobsName(jobs)}, CPU, per round):        ${overhead.length ? fmt(median(overhead) * 100, 0) : "—"}%  [≤ 50%]  [${overhead.map((o) => fmt(o * 100, 0)).join(", ")}]`);
  if (hasCache) {
    if (withBandit) console.log(`  bandit / pyward warm:                            ${fmt(ratio(wall("bandit"), wall(warmAll)), 0)}×  [≥ 100×]`);
    console.log(`  pyward warm / cold:                              ${fmt(ratio(wall(warmAll), coldWall) * 100, 1)}%  [≤ 10%]`);
  }
  const failed = [...rowsMeasured].filter(([, r]) => r.error).map(([name]) => name);
  if (failed.length) console.error(`bench/compare: ${failed.length} measurement${failed.length === 1 ? "" : "s"} failed or stopped early: ${failed.join("; ")}`);
  return failed.length ? 1 : 0;
}
