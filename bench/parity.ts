/**
 * Parity with Ruff's `S` rules (the flake8-bandit port): runs Ruff (its WASM build, pinned in devDependencies)
 * and pyward over the same Python files — the local standard library by default — and prints the difference
 * by rule.
 *
 *   npm run bench:parity [-- PATH] [--differences FILE] [--show-missed] [--show-extra [PWnnn]] [--dump FILE]
 *                        [--no-test-exemption]
 *
 * which is `npm run build`, then this file compiled like `bench/audit.ts` (into `tmp/bench/`) and run with Node.
 *
 * - Ruff: every `S` rule, preview rules included (the `S4xx` import rules are preview-only), default settings
 *   otherwise, each file's text given to the WASM `Workspace.check` (so no per-file ignores, no configuration
 *   file, no path-based exemptions).
 * - pyward: the built package's in-process `scan()` (`dist/engine/run.js`) with `select: ["ALL"]` (rules off by
 *   default count too), no dependency audit, no taint analysis; test files are treated as pyward always treats
 *   them (rules marked `skipInTests` stay quiet there; `--no-test-exemption` selects every rule by code instead,
 *   which makes them report there too, to see what the exemption alone accounts for).
 * - Files: pyward's discovery of PATH (default excludes such as `site-packages`); files pyward cannot decode are
 *   left out of both.
 * - Matching: a Ruff finding is matched when pyward reports, in the same file and at an overlapping line (or in
 *   the statement pyward flagged), a rule whose `aliases` include the Ruff code (or a rule superseding one).
 *
 * Prints, per Ruff rule: Ruff's count, matched, missed, missed-but-listed; per pyward rule with a Ruff alias:
 * its findings Ruff does not have (a sample of each, or all with `--show-extra`). Exits 1 when a missed Ruff
 * finding is not listed in `bench/parity-differences.json`, 2 on a usage or setup error.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { PositionEncoding, Workspace } from "@astral-sh/ruff-wasm-nodejs";
import type { scan as ScanFn } from "../src/engine/run.js";
import type { discover as DiscoverFn } from "../src/discover/discover.js";
import type { decodePython as DecodeFn } from "../src/parse/decode.js";
import type { Rule } from "../src/rules/types.js";
import { compareFindings, DifferenceList, DifferencesError, type PywardHit, type RuffHit } from "./parity-match.js";

const args = process.argv.slice(2);
const flag = (name: string): boolean => args.includes(name);
const value = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined && !args[i + 1].startsWith("--") ? args[i + 1] : undefined;
};
const VALUED = new Set(["--differences", "--dump", "--show-extra"]);

/** The repository root: the nearest directory above this script holding pyward's package.json and `bench/parity.ts`. */
function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, "package.json");
    const ours = fs.existsSync(pkg) && fs.existsSync(path.join(dir, "bench", "parity.ts"));
    if (ours && (JSON.parse(fs.readFileSync(pkg, "utf8")) as { name?: string }).name === "pyward") return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error("cannot find pyward's package.json above the bench script");
    dir = up;
  }
}

/** Ruff's `S` codes known to this Ruff build (a stable-mode selector of an unknown code is an error). */
function ruffSCodes(): string[] {
  const codes: string[] = [];
  for (let i = 100; i < 800; i++) {
    const code = `S${i}`;
    try {
      new Workspace({ lint: { select: [code] } }, PositionEncoding.Utf16).free();
      codes.push(code);
    } catch {
      // not a rule of this Ruff version
    }
  }
  return codes;
}

const pad = (s: string | number, n: number): string => String(s).padStart(n);
const padEnd = (s: string | number, n: number): string => String(s).padEnd(n);

async function main(): Promise<number> {
  const root = repoRoot();
  const dist = (p: string): string => pathToFileURL(path.join(root, "dist", p)).href;
  if (!fs.existsSync(path.join(root, "dist", "engine", "run.js"))) {
    process.stderr.write("dist/ is missing: run `npm run build` first (npm run bench:parity does)\n");
    return 2;
  }
  const { scan } = (await import(dist("engine/run.js"))) as { scan: typeof ScanFn };
  const { discover } = (await import(dist("discover/discover.js"))) as { discover: typeof DiscoverFn };
  const { decodePython } = (await import(dist("parse/decode.js"))) as { decodePython: typeof DecodeFn };
  const { ALL_RULES } = (await import(dist("rules/index.js"))) as { ALL_RULES: readonly Rule[] };

  const positional = args.filter((a, i) => !a.startsWith("--") && !(i > 0 && VALUED.has(args[i - 1])));
  const target = path.resolve(
    positional[0] ?? execFileSync("python3", ["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: "utf8" }).trim(),
  );
  if (!fs.existsSync(target)) {
    process.stderr.write(`no such path: ${target}\n`);
    return 2;
  }
  const base = fs.statSync(target).isDirectory() ? target : path.dirname(target);
  let differences: DifferenceList;
  const differencesPath = path.resolve(value("--differences") ?? path.join(root, "bench", "parity-differences.json"));
  try {
    differences = fs.existsSync(differencesPath) ? DifferenceList.parse(fs.readFileSync(differencesPath, "utf8")) : new DifferenceList({ differences: [] });
  } catch (err) {
    if (err instanceof DifferencesError) {
      process.stderr.write(`${differencesPath}: ${err.message}\n`);
      return 2;
    }
    throw err;
  }

  // the same files for both tools: pyward's discovery, minus files that do not decode
  const files = discover([target], { cwd: base }).files.filter((f) => f.kind === "python");
  const ruffVersion = Workspace.version();
  const workspace = new Workspace({ "output-prefer-rule-codes": true, lint: { select: ["S"], preview: true } }, PositionEncoding.Utf16);
  const ruff: RuffHit[] = [];
  const compared = new Set<string>();
  let lines = 0;
  const t0 = performance.now();
  for (const f of files) {
    const decoded = decodePython(fs.readFileSync(f.absPath));
    if (!decoded.ok) continue;
    compared.add(f.path);
    lines += decoded.text.split("\n").length;
    const diagnostics = workspace.check(decoded.text) as { code: string | null; message: string; start_location: { row: number; column: number }; end_location: { row: number } }[];
    for (const d of diagnostics) {
      if (!d.code || !/^S\d{3}$/.test(d.code)) continue;
      ruff.push({ path: f.path, code: d.code, line: d.start_location.row, endLine: d.end_location.row, column: d.start_location.column, message: d.message });
    }
  }
  const ruffMs = performance.now() - t0;

  const t1 = performance.now();
  // --no-test-exemption: every rule selected by code, so rules marked `skipInTests` report in test files too
  const select = flag("--no-test-exemption") ? ALL_RULES.map((r) => r.meta.code) : ["ALL"];
  const scanned = await scan([target], { cwd: base, select, audit: false, taint: false });
  const pywardMs = performance.now() - t1;
  for (const e of scanned.errors) process.stderr.write(`pyward internal error: ${e}\n`);
  const pyward: PywardHit[] = scanned.findings
    .filter((f) => compared.has(f.path))
    .map((f) => ({ path: f.path, code: f.code, line: f.line, endLine: f.endLine, statementLines: f.statementLines, message: f.message }));

  const result = compareFindings(ruff, pyward, ALL_RULES, differences);
  const out = (s = ""): void => void process.stdout.write(s + "\n");

  out(`Parity with Ruff's S rules: ${target}`);
  out(`  ${compared.size} Python files, ${lines} lines; Ruff ${ruffVersion} (WASM, S rules incl. preview) ${(ruffMs / 1000).toFixed(1)} s; pyward (ALL rules, no taint, no audit) ${(pywardMs / 1000).toFixed(1)} s`);
  out();
  out(`${padEnd("Ruff rule", 10)}${pad("Ruff", 7)}${pad("matched", 9)}${pad("missed", 8)}${pad("listed", 8)}  pyward rule`);
  const ruffToPw = new Map<string, string[]>();
  for (const r of ALL_RULES) for (const a of r.meta.aliases) if (/^S\d{3}$/i.test(a)) ruffToPw.set(a.toUpperCase(), [...(ruffToPw.get(a.toUpperCase()) ?? []), r.meta.code]);
  const total = { ruff: 0, matched: 0, missed: 0, listed: 0 };
  for (const c of result.byRuffRule) {
    out(`${padEnd(c.code, 10)}${pad(c.ruff, 7)}${pad(c.matched, 9)}${pad(c.missed, 8)}${pad(c.listed, 8)}  ${(ruffToPw.get(c.code) ?? ["—"]).join(", ")}`);
    total.ruff += c.ruff;
    total.matched += c.matched;
    total.missed += c.missed;
    total.listed += c.listed;
  }
  out(`${padEnd("total", 10)}${pad(total.ruff, 7)}${pad(total.matched, 9)}${pad(total.missed, 8)}${pad(total.listed, 8)}`);

  out();
  out("pyward findings Ruff does not have (rules with a Ruff alias), for sampling false positives:");
  const byCode = new Map(ALL_RULES.map((r) => [r.meta.code, r]));
  const showExtra = flag("--show-extra");
  const extraRule = value("--show-extra")?.toUpperCase();
  let extraTotal = 0;
  const extraCodes = [...result.extra.keys()].sort();
  if (!extraCodes.length) out("  none");
  for (const code of extraCodes) {
    const list = result.extra.get(code)!;
    extraTotal += list.length;
    const rule = byCode.get(code)!;
    const aliases = rule.meta.aliases.filter((a) => /^S\d{3}$/i.test(a)).join("/");
    out(`  ${padEnd(code, 6)} ${padEnd(rule.meta.name, 34)} ${padEnd(aliases, 14)} ${pad(list.length, 6)}`);
    const all = showExtra && (!extraRule || extraRule === code);
    for (const p of all ? list : list.slice(0, showExtra ? 0 : 3)) out(`           ${p.path}:${p.line}  ${p.message.slice(0, 140)}`);
  }
  out(`  total ${extraTotal}`);

  const known = ruffSCodes();
  const noCounterpart = known.filter((c) => !ruffToPw.has(c));
  out();
  out(`Ruff ${ruffVersion} has ${known.length} S rules; without a pyward counterpart: ${noCounterpart.length ? noCounterpart.join(", ") : "none"}`);
  const unusedRuleWide = differences.items.filter((d) => !d.points && d.used === 0);
  for (const d of unusedRuleWide) out(`note: differences entry for ${[...d.codes].join("/")} (${d.entry.reason.slice(0, 60)}…) matched nothing`);
  const stale = differences.stalePoints([...result.unlisted, ...result.listed.map((l) => l.hit)], compared);
  for (const s of stale) out(`note: differences entry "${s.entry.reason.slice(0, 60)}…" lists findings no longer missed: ${s.points.slice(0, 5).join(", ")}${s.points.length > 5 ? ", …" : ""}`);

  const dump = value("--dump");
  if (dump) {
    fs.writeFileSync(
      dump,
      JSON.stringify(
        {
          target,
          ruffVersion,
          byRuffRule: result.byRuffRule,
          unlisted: result.unlisted,
          listed: result.listed.map((l) => ({ ...l.hit, reason: l.difference.entry.reason })),
          extra: Object.fromEntries([...result.extra].map(([k, v]) => [k, v])),
        },
        null,
        1,
      ) + "\n",
    );
    out(`wrote ${dump}`);
  }

  if (result.unlisted.length) {
    out();
    out(`${result.unlisted.length} Ruff finding(s) pyward misses that are not listed in ${path.relative(process.cwd(), differencesPath) || differencesPath}:`);
    const show = flag("--show-missed") ? result.unlisted : result.unlisted.slice(0, 50);
    for (const h of show) out(`  ${h.code} ${h.path}:${h.line}  ${h.message.slice(0, 120)}`);
    if (show.length < result.unlisted.length) out(`  … and ${result.unlisted.length - show.length} more (--show-missed lists all)`);
    return 1;
  }
  out();
  out("every Ruff finding pyward misses is listed as a deliberate difference");
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`bench/parity: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 2;
  },
);
