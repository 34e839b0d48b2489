#!/usr/bin/env node
// Bundles the compiled CLI (dist/cli/program.js) and the worker thread's entry (dist/engine/worker.js) into
// dist/bundle/, with rolldown. Run by `npm run build` after tsc.
//
// Why: Node 20 loads an ES module graph file by file (resolve, read, compile, link each of ~300 modules plus the
// dependencies'), which cost ~0.4 s of every command's start-up here; one bundle costs ~0.17 s. The CLI
// (dist/cli/main.js) uses the bundle when it is at least as new as dist/cli/program.js, else the module graph;
// the library entry points (dist/index.js …) are the unbundled modules.
//
// Kept outside the bundle, loaded from node_modules at run time: the parser runtime and grammar (loaded from
// their own files, and re-imported under a fresh URL after a WASM trap, see src/parse/parser.ts), the ReDoS
// analysers and the CycloneDX library (loaded on first use). Licence comments of bundled code are kept, other
// comments dropped (less to read and decode at start-up).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "rolldown";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = path.join(root, "dist", "bundle");
const EXTERNAL = ["web-tree-sitter", "tree-sitter-python", "recheck", "scslre", "@cyclonedx/cyclonedx-library"];

for (const entry of ["dist/cli/program.js", "dist/engine/worker.js"]) {
  if (!fs.existsSync(path.join(root, entry))) {
    console.error(`scripts/bundle: ${entry} is missing; run tsc -p tsconfig.build.json first`);
    process.exit(2);
  }
}
fs.rmSync(out, { recursive: true, force: true });
await build({
  cwd: root,
  input: { program: "dist/cli/program.js", worker: "dist/engine/worker.js" },
  platform: "node",
  external: (id) => id.startsWith("node:") || EXTERNAL.some((e) => id === e || id.startsWith(`${e}/`)),
  logLevel: "warn",
  output: { dir: out, format: "esm", entryFileNames: "[name].mjs", chunkFileNames: "[name]-[hash].mjs", comments: { legal: true, annotation: false, jsdoc: false } },
});
