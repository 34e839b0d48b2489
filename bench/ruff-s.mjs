#!/usr/bin/env node
// Ruff's WASM build with only its `S` (flake8-bandit) rules over the files listed in LIST (one absolute
// path per line); prints files and diagnostics. The Ruff row of bench/compare.mjs.
//
//   node bench/ruff-s.mjs LIST
import fs from "node:fs";
import { PositionEncoding, Workspace } from "@astral-sh/ruff-wasm-nodejs";

const paths = fs.readFileSync(process.argv[2], "utf8").split("\n").filter(Boolean);
const workspace = new Workspace({ lint: { select: ["S"] } }, PositionEncoding.Utf16);
let diagnostics = 0;
let failed = 0;
for (const p of paths) {
  try {
    diagnostics += workspace.check(fs.readFileSync(p, "utf8")).length;
  } catch {
    failed++;
  }
}
workspace.free();
console.log(`${paths.length} files, ${diagnostics} diagnostics, ${failed} not checked (Ruff ${Workspace.version()})`);
