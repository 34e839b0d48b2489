#!/usr/bin/env node
// Makes V8's code cache of the bundled program (dist/bundle/*.cjs.cache, see src/cli/bundle-loader.ts): loads the
// bundle as the CLI does, under the same V8 flags, checks the bundled example project with one job (so that the
// rules, the model, the taint analysis and the report code all run, and are compiled, in this thread), then saves
// each loaded file's cache. Run by scripts/bundle.mjs; exits 2 with one line on failure.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-code-cache-"));
try {
  const { applyMainHeapFlags, loadBundled, saveCodeCaches } = await import(new URL("../dist/cli/bundle-loader.js", import.meta.url).href);
  applyMainHeapFlags();
  const { runCli } = loadBundled(path.join(root, "dist", "bundle", "program.cjs"));
  const example = path.join(root, "examples", "flask_app");
  for (const format of ["json", "sarif", "text"]) {
    const code = await runCli(["check", example, "--no-cache", "--no-audit", "--jobs", "1", "--quiet", "--format", format, "--output", path.join(tmp, `report.${format}`)]);
    if (code !== 0 && code !== 1) throw new Error(`pyward check of the example exited ${code}`);
  }
  const written = saveCodeCaches();
  process.exitCode = 0; // the checks' own exit codes (findings: 1) are not this script's
  console.log(`scripts/code-cache: ${written.map((f) => path.relative(root, f)).join(", ")}`);
} catch (err) {
  console.error(`scripts/code-cache: ${String(err?.message ?? err).split("\n")[0]}`);
  process.exitCode = 2;
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
