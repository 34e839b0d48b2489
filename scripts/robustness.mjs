#!/usr/bin/env node
// Robustness over the whole local Python installation (issue 7, item 5: "nothing crashes the run").
//
//   npm run build && node scripts/robustness.mjs [PATH...] [--select IDS] [--json FILE]
//
// Scans the standard library (site-packages included: the default excludes are replaced so that packages
// named `build`, `dist`, … are scanned too), its site-packages and /usr/lib/python3/dist-packages when present
// (default paths from `python3 -c "import sysconfig; …"`), with every rule (--select ALL) and the taint
// analysis, in-process against dist/. Prints files, lines, analysed files, files with syntax errors (still
// analysed), undecodable and skipped files with their reasons, internal errors (each in full: there must be
// none), wall time and peak memory; exits 1 when there is an internal error. --json FILE writes the details.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { scan } from "../dist/engine/run.js";

const args = process.argv.slice(2);
const value = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const options = new Set(["--select", "--json"]);
const paths = args.filter((a, i) => !a.startsWith("--") && !(i > 0 && options.has(args[i - 1])));
if (!paths.length) {
  const out = execFileSync("python3", ["-c", "import sysconfig; p = sysconfig.get_paths(); print(p['stdlib']); print(p['purelib'])"], { encoding: "utf8" });
  paths.push(...out.trim().split("\n"));
  if (fs.existsSync("/usr/lib/python3/dist-packages")) paths.push("/usr/lib/python3/dist-packages");
}
const select = (value("--select") ?? "ALL").split(",");

const t0 = performance.now();
const result = await scan(paths, { select, exclude: ["__pycache__"], audit: false, gitignore: false });
const wall = (performance.now() - t0) / 1000;

const byCode = (code) => new Map(result.findings.filter((f) => f.code === code).map((f) => [f.path, f.message]));
const syntax = byCode("PW001");
const undecodable = byCode("PW002");
const skippedAll = byCode("PW003");
// PW003 also reports an analysis abandoned part way (time budget): the file was still analysed up to there
const partial = new Map([...skippedAll].filter(([, m]) => /abandoned|findings after it may be missing|flows through this file may be missing/.test(m)));
const skipped = new Map([...skippedAll].filter(([p]) => !partial.has(p)));
const analysed = result.files.python - undecodable.size - skipped.size;
const reasons = (map) => {
  const counts = new Map();
  for (const m of map.values()) {
    const r = m.replace(/\(line \d+\)/g, "(line N)").replace(/\d+(\.\d+)? MB/g, "N MB").replace(/at line \d+/g, "at line N").replace(/'[^']*'/g, "'…'");
    counts.set(r, (counts.get(r) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]);
};

const lines = [];
const say = (s) => lines.push(s);
say(`paths:            ${paths.join(", ")}`);
say(`rules:            ${result.rules.length} (--select ${select.join(",")}), taint on, node ${process.version}`);
say(`files:            ${result.files.python} Python, ${result.files.template} templates, ${result.files.manifest} manifests`);
say(`lines:            ${result.lines}`);
say(`analysed:         ${analysed} Python files (${syntax.size} of them with syntax errors, still analysed; ${partial.size} partly, over a time budget)`);
say(`undecodable:      ${undecodable.size}`);
for (const [r, n] of reasons(undecodable)) say(`    ${String(n).padStart(5)}  ${r}`);
say(`skipped:          ${skipped.size}`);
for (const [r, n] of reasons(skipped)) say(`    ${String(n).padStart(5)}  ${r}`);
if (partial.size) {
  say(`partly analysed:  ${partial.size}`);
  for (const [p, m] of partial) say(`    ${p}: ${m}`);
}
say(`discovery notes:  ${result.notes.length}`);
for (const [r, n] of reasons(new Map(result.notes.map((n, i) => [String(i), n.reason])))) say(`    ${String(n).padStart(5)}  ${r}`);
say(`findings:         ${result.findings.length}`);
say(`internal errors:  ${result.errors.length}`);
for (const e of result.errors) say(`    ${e.split("\n")[0]}`);
say(`wall time:        ${wall.toFixed(1)} s`);
say(`peak memory:      ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (max RSS)`);
console.log(lines.join("\n"));

const json = value("--json");
if (json) {
  fs.writeFileSync(
    json,
    JSON.stringify(
      {
        paths,
        files: result.files,
        lines: result.lines,
        analysed,
        syntaxErrors: Object.fromEntries(syntax),
        undecodable: Object.fromEntries(undecodable),
        skipped: Object.fromEntries(skipped),
        partial: Object.fromEntries(partial),
        notes: result.notes,
        errors: result.errors,
        wallSeconds: wall,
      },
      null,
      1,
    ),
  );
}
process.exitCode = result.errors.length ? 1 : 0;
