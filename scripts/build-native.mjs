#!/usr/bin/env node
// Builds pyward's native parser (native/pyward_parser.c, a Node-API addon) into dist/native/pyward-parser.node
// with the C compiler (CC, else cc): tree-sitter's C library from the `tree-sitter` package's vendored sources
// (an optional dependency, its own install script denied in package.json: only its sources are used), checked to
// be the sources web-tree-sitter's WASM runtime was built from, and the Python grammar's parser.c and scanner.c
// from `tree-sitter-python`. Node's headers come from npm's nodedir, else beside the running node. With GCC the
// build is profile-guided (see below). The addon's SHA-256 is written beside it (`.sha256`): pyward loads only
// that file.
//
// Never fails the build: when something is missing (no compiler, no headers, other sources) it says why in one
// line and pyward parses with the WASM build instead (src/parse/native.ts), which gives the same trees.
// Skipped when the addon is newer than every source and matches its SHA-256. Set PYWARD_NATIVE=0 to skip it (and
// remove the addon).
//
//   node scripts/build-native.mjs
import { execFile, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = path.join(root, "dist", "native", "pyward-parser.node");
const require = createRequire(path.join(root, "package.json"));

/** Prints why the addon is not built and leaves the WASM parser in charge. */
function skip(reason) {
  fs.rmSync(out, { force: true });
  fs.rmSync(`${out}.sha256`, { force: true });
  console.log(`pyward: native parser not built (${reason}); the WASM parser will be used`);
  process.exit(0);
}

if (process.env.PYWARD_NATIVE === "0") skip("PYWARD_NATIVE=0");
if (process.platform === "win32") skip("building it on Windows is not supported");

/** The folder of the installed package `name` (package.json `exports` may hide its files from require.resolve). */
function packageDir(name) {
  const dir = (require.resolve.paths(name) ?? []).map((p) => path.join(p, name)).find((d) => fs.existsSync(path.join(d, "package.json")));
  if (!dir) skip(`the package ${name}, whose C sources it needs, is not installed`);
  return dir;
}

const core = path.join(packageDir("tree-sitter"), "vendor", "tree-sitter", "lib");
const wasmCore = path.join(packageDir("web-tree-sitter"), "lib");
const grammar = path.join(packageDir("tree-sitter-python"), "src");

// the native and WASM parsers must build the same trees: the same C sources, file for file (web-tree-sitter's
// lib/ also holds its own WASM bindings, tree-sitter.c, which the native build does not use)
if (!fs.existsSync(path.join(core, "src", "lib.c"))) skip(`tree-sitter's C sources are not in ${core}`);
for (const name of fs.readdirSync(path.join(core, "src")).filter((f) => /\.[ch]$/.test(f))) {
  const theirs = path.join(wasmCore, name);
  if (!fs.existsSync(theirs) || !fs.readFileSync(path.join(core, "src", name)).equals(fs.readFileSync(theirs))) {
    skip(`tree-sitter's ${name} differs from the one web-tree-sitter was built from`);
  }
}

const headerDirs = [
  process.env.npm_config_nodedir && path.join(process.env.npm_config_nodedir, "include", "node"),
  path.join(path.dirname(process.execPath), "..", "include", "node"),
].filter(Boolean);
const nodeHeaders = headerDirs.find((d) => fs.existsSync(path.join(d, "node_api.h")));
if (!nodeHeaders) skip(`Node's headers (node_api.h) are not in ${headerDirs.join(" or ")}`);

const units = [path.join(core, "src", "lib.c"), path.join(grammar, "parser.c"), path.join(grammar, "scanner.c"), path.join(root, "native", "pyward_parser.c"), path.join(root, "native", "arena.c")];
const inputs = [...units, ...fs.readdirSync(path.join(root, "native")).map((f) => path.join(root, "native", f)), ...fs.readdirSync(path.join(core, "src")).map((f) => path.join(core, "src", f)), path.join(core, "include", "tree_sitter", "api.h")];
const newest = Math.max(...inputs.filter((f) => fs.statSync(f).isFile()).map((f) => fs.statSync(f).mtimeMs), fs.statSync(fileURLToPath(import.meta.url)).mtimeMs);
/** Whether the addon is the file the build made: its SHA-256 is the one written beside it. */
function intact() {
  try {
    return createHash("sha256").update(fs.readFileSync(out)).digest("hex") === fs.readFileSync(`${out}.sha256`, "utf8").trim();
  } catch {
    return false;
  }
}
// up to date: newer than every source, and not damaged since (a damaged one is built again, as pyward's message says)
if (fs.existsSync(out) && fs.statSync(out).mtimeMs > newest && intact()) process.exit(0);

const cc = process.env.CC || "cc";
const flags = ["-O2", "-fPIC", "-std=gnu11", "-DNDEBUG", "-fvisibility=hidden", `-I${path.join(core, "include")}`, `-I${path.join(core, "src")}`, `-I${grammar}`, `-I${nodeHeaders}`];
const work = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-native-"));
const objects = units.map((u, i) => path.join(work, `${i}-${path.basename(u, ".c")}.o`));
const staged = path.join(work, "pyward-parser.node");

/** Compiles every unit with `extra` flags and links them into `staged`. @throws Error (the compiler's) on failure */
async function compile(extra) {
  // the third-party sources' warnings are not ours to fix
  await Promise.all(units.map((u, i) => run(cc, [...flags, ...extra, u.startsWith(path.join(root, "native")) ? "-Wall" : "-w", "-c", u, "-o", objects[i]], { maxBuffer: 1 << 24 })));
  await run(cc, ["-shared", ...extra, "-o", staged, ...objects], { maxBuffer: 1 << 24 });
}

/** The project's own Python files (fixtures, bench corpora, the example app), in a fixed order: PGO's training set. */
function trainingFiles() {
  const found = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name.startsWith(".") || ["node_modules", "dist", "tmp"].includes(entry.name)) continue;
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile() && entry.name.endsWith(".py")) found.push(p);
    }
  };
  walk(root);
  return found;
}

// Profile-guided optimisation (GCC only): an instrumented build parses the project's own Python files, and the
// final build is laid out by that profile. Measured on the standard library, the parse takes ≈ 25% less time
// than with -O2 alone. Without GCC, or when a step fails, the plain -O2 build is made.
const TRAINER = `
const fs = require("node:fs");
const addon = require(process.env.PYWARD_TRAIN_ADDON);
addon.init(new Uint8Array(1024), 1023, [1, 2, 4]);
for (const f of fs.readFileSync(0, "utf8").split("\\n").filter(Boolean)) addon.parse(fs.readFileSync(f, "utf8"), -1);
`;
let failed;
let optimised = "";
try {
  const { stdout } = await run(cc, ["--version"]);
  let trained = false;
  if (/\bgcc\b|Free Software Foundation/i.test(stdout)) {
    try {
      await compile(["-fprofile-generate", "-fprofile-update=single"]);
      execFileSync(process.execPath, ["-e", TRAINER], { input: trainingFiles().join("\n"), env: { ...process.env, PYWARD_TRAIN_ADDON: staged }, stdio: ["pipe", "ignore", "pipe"] });
      await compile(["-fprofile-use", "-Wno-missing-profile"]);
      trained = true;
      optimised = ", profile-guided";
    } catch {
      trained = false;
    }
  }
  if (!trained) await compile([]);
  // the addon's SHA-256 beside it: src/parse/native.ts loads only that file (a truncated or half-copied shared
  // object crashes the process that loads it, SIGBUS, which no exception handler can catch)
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(`${out}.sha256.tmp`, `${createHash("sha256").update(fs.readFileSync(staged)).digest("hex")}\n`);
  fs.renameSync(`${out}.sha256.tmp`, `${out}.sha256`);
  fs.copyFileSync(staged, `${out}.tmp`);
  fs.renameSync(`${out}.tmp`, out);
  console.log(`pyward: native parser built (${path.relative(root, out)}${optimised})`);
} catch (err) {
  const first = String(err?.stderr || err?.message || err).split("\n").find((l) => l.trim()) ?? "unknown error";
  failed = `${cc} failed: ${first.slice(0, 300)}`;
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
if (failed) skip(failed);
