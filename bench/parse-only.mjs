#!/usr/bin/env node
// Decode and parse the files listed in LIST (one absolute path per line) with N worker threads; prints
// files and lines. The parse-only baseline of bench/compare.mjs (the speed goals are ratios to it). It parses
// with the parser pyward's analysis uses: the native one when it was built, else (or with PYWARD_PARSER=wasm)
// the WASM one; either way the tree is dropped without being copied into pyward's syntax tree.
//
//   node bench/parse-only.mjs LIST [N]
import fs from "node:fs";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { parseOnly } from "../dist/parse/parser.js";
import { decodePython } from "../dist/parse/decode.js";

/** Parses `paths` one by one, deleting each tree. @returns the number of lines decoded */
async function parseAll(paths) {
  let lines = 0;
  for (const p of paths) {
    const d = decodePython(fs.readFileSync(p));
    if (!d.ok) continue;
    await parseOnly(d.text);
    lines += d.text.split("\n").length;
  }
  return lines;
}

if (isMainThread) {
  const paths = fs.readFileSync(process.argv[2], "utf8").split("\n").filter(Boolean);
  const n = Math.max(1, Number(process.argv[3] ?? "1"));
  let lines = 0;
  if (n === 1) lines = await parseAll(paths);
  else {
    // deal the files round-robin so each worker gets a similar mix of sizes
    const shares = Array.from({ length: n }, (_, i) => paths.filter((_, j) => j % n === i));
    const counts = await Promise.all(
      shares.map((share) => new Promise((resolve, reject) => {
        const w = new Worker(new URL(import.meta.url), { workerData: share });
        w.once("message", resolve);
        w.once("error", reject);
      })),
    );
    lines = counts.reduce((a, b) => a + b, 0);
  }
  console.log(`${paths.length} files, ${lines} lines`);
} else {
  parentPort.postMessage(await parseAll(workerData));
}
