#!/usr/bin/env node
// Bundles the compiled CLI (dist/cli/program.js) and the worker thread's entry (dist/engine/worker.js) into
// dist/bundle/, with rolldown. Run by `npm run build` after tsc.
//
// Why: Node 20 loads an ES module graph file by file (resolve, read, compile, link each of ~300 modules plus the
// dependencies'), which cost ~0.4 s of every command's start-up here; one bundle costs ~0.17 s. The bundle is
// CommonJS so that it can be compiled with V8's code cache (Node 20 has none for ES modules): after bundling,
// scripts/code-cache.mjs makes `<file>.cache` beside each bundle file, which src/cli/bundle-loader.ts uses. The CLI
// (dist/cli/main.js) uses the bundle when it is at least as new as dist/cli/program.js, else the module graph;
// the library entry points (dist/index.js …) are the unbundled modules.
//
// Kept outside the bundle, loaded from node_modules at run time: the parser runtime and grammar (loaded from
// their own files, and re-imported under a fresh URL after a WASM trap, see src/parse/parser.ts), the ReDoS
// analysers and the CycloneDX library (loaded on first use). Licence comments of bundled code are kept, other
// comments dropped (less to read and decode at start-up).
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
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
  output: { dir: out, format: "cjs", entryFileNames: "[name].cjs", chunkFileNames: "[name]-[hash].cjs", comments: { legal: true, annotation: false, jsdoc: false } },
});

// Every non-ASCII character of the bundle (iconv-lite's code tables, messages) written as a \uXXXX escape, which
// means the same in JavaScript's string, template and regular-expression literals and identifiers: an ASCII file
// reads into a one-byte string, half the memory and faster to decode than the two-byte string one non-ASCII
// character makes of the whole file. Refused where a backslash precedes one (an escape of it would change) and
// for String.raw (which sees escapes as written).
for (const name of fs.readdirSync(out).filter((n) => n.endsWith(".cjs"))) {
  const file = path.join(out, name);
  const text = fs.readFileSync(file, "utf8");
  const raw = text.includes("String.raw");
  let ascii = "";
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (text[i - 1] === "\\" || raw) {
      console.error(`scripts/bundle: ${name}: cannot write the non-ASCII character at offset ${i} as an escape`);
      process.exit(2);
    }
    ascii += text.slice(from, i) + `\\u${c.toString(16).padStart(4, "0")}`;
    from = i + 1;
  }
  if (from) fs.writeFileSync(file, ascii + text.slice(from));
}

// V8's code cache of the bundle files, made by running the example project through them once (see
// src/cli/bundle-loader.ts); a failure leaves the bundle without it (slower start, same results)
const made = spawnSync(process.execPath, [path.join(root, "scripts", "code-cache.mjs")], { cwd: root, encoding: "utf8" });
if (made.status !== 0) console.error(`scripts/bundle: no code cache made (${(made.stderr || made.error?.message || "").trim().split("\n")[0]})`);
