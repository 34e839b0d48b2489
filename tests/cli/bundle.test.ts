/**
 * The bundled program (`dist/bundle/`, built by scripts/bundle.mjs, which `dist/cli/main.js` prefers when it is
 * fresh) behaves exactly as the compiled modules: the same report, byte for byte, and the same exit code, with
 * worker threads started from the bundle's own worker entry; and it reads pyward's version from package.json
 * two levels up.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);

const BUNDLE = path.resolve("dist/bundle/program.cjs");
const MODULES = path.resolve("dist/cli/program.js");
const LOADER = path.resolve("dist/cli/bundle-loader.js");
const built = fs.existsSync(BUNDLE) && fs.existsSync(MODULES);

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-bundle-"));
  // more files than the worker threshold (50), with findings, including a cross-module flow
  fs.cpSync("examples/flask_app", path.join(dir, "proj"), { recursive: true });
  for (let i = 0; i < 60; i++) fs.copyFileSync(`tests/fixtures/${["PW202", "PW301", "PW605"][i % 3]}.py`, path.join(dir, "proj", `m${i}.py`));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/**
 * Runs the CLI's `runCli` from `entry` with `args` (through a script file: workers inherit Node's options); stdout,
 * stderr, exit code. A bundle file is loaded as `dist/cli/main.js` loads it (bundle-loader.ts, with the V8 flags
 * and code cache); the script then writes each bundle file's code-cache state to `states` (JSON).
 */
function runFrom(entry: string, args: string[], loader = LOADER) {
  const script = path.join(dir, `run-${path.basename(entry)}.mjs`);
  const states = path.join(dir, "states.json");
  fs.rmSync(states, { force: true });
  const load = entry.endsWith(".cjs")
    ? [
        `import fs from "node:fs";`,
        `import path from "node:path";`,
        `const { applyMainHeapFlags, loadBundled, codeCacheStates } = await import(${JSON.stringify(pathToFileURL(loader).href)});`,
        `applyMainHeapFlags();`,
        `const { runCli } = loadBundled(${JSON.stringify(entry)});`,
        `process.exitCode = await runCli(process.argv.slice(2));`,
        `fs.writeFileSync(${JSON.stringify(states)}, JSON.stringify(Object.fromEntries([...codeCacheStates()].map(([f, s]) => [path.basename(f), s]))));`,
      ]
    : [`const { runCli } = await import(${JSON.stringify(pathToFileURL(entry).href)});`, `process.exitCode = await runCli(process.argv.slice(2));`];
  fs.writeFileSync(script, load.join("\n") + "\n");
  const r = spawnSync(process.execPath, [script, ...args], { encoding: "utf8", cwd: dir, maxBuffer: 1 << 28 });
  const cache = fs.existsSync(states) ? (JSON.parse(fs.readFileSync(states, "utf8")) as Record<string, string>) : {};
  return { stdout: r.stdout, stderr: r.stderr, status: r.status, cache };
}

describe.skipIf(!built)("the bundled program", () => {
  it("gives the compiled modules' report and exit code, with two workers", () => {
    const args = ["check", "proj", "--no-cache", "--no-audit", "--jobs", "2", "--format", "json"];
    const bundled = runFrom(BUNDLE, args);
    const modules = runFrom(MODULES, args);
    expect(bundled.stderr).toBe("");
    expect(bundled.status).toBe(1);
    expect(modules.status).toBe(1);
    const report = JSON.parse(bundled.stdout) as { findings: { path: string }[]; errors: string[] };
    expect(report.errors).toEqual([]);
    expect(report.findings.filter((f) => /(^|\/)m\d+\.py$/.test(f.path)).length).toBeGreaterThan(60);
    expect(bundled.stdout).toBe(modules.stdout);
  }, 120_000);

  it("is compiled from the code cache made at build time, never from a stale or foreign one", () => {
    const files = fs.readdirSync("dist/bundle").filter((n) => n.endsWith(".cjs"));
    // every bundle file is ASCII (one-byte strings), and each but the tiny worker entry has its cache
    for (const f of files) expect([f, require("node:buffer").isAscii(fs.readFileSync(path.join("dist/bundle", f)))]).toEqual([f, true]);
    // and none uses import(): a script compiled through vm.Script cannot without an experimental option
    for (const f of files) expect([f, /(?<![\w$.])import\s*\(/.test(fs.readFileSync(path.join("dist/bundle", f), "latin1"))]).toEqual([f, false]);
    const fresh = runFrom(BUNDLE, ["--version"]);
    expect(Object.keys(fresh.cache).sort()).toEqual(files.filter((f) => f !== "worker.cjs").sort());
    expect(new Set(Object.values(fresh.cache))).toEqual(new Set(["accepted"]));
    // a copy whose program differs in one character (same length: V8 alone would take the old bytecode)
    const copy = path.join(dir, "stale");
    fs.cpSync("dist", path.join(copy, "dist"), { recursive: true });
    fs.copyFileSync("package.json", path.join(copy, "package.json"));
    fs.symlinkSync(path.resolve("node_modules"), path.join(copy, "node_modules"));
    const program = path.join(copy, "dist", "bundle", "program.cjs");
    const text = fs.readFileSync(program, "utf8");
    const at = text.indexOf("not followed");
    expect(at).toBeGreaterThan(0);
    fs.writeFileSync(program, text.slice(0, at) + "NOT followed" + text.slice(at + 12));
    // and a task chunk whose cache has the right source hash but data V8 does not take
    const chunk = files.find((f) => f.startsWith("task-"))!;
    const cacheFile = path.join(copy, "dist", "bundle", `${chunk}.cache`);
    const cache = fs.readFileSync(cacheFile);
    const junk = Buffer.from("not V8's code cache");
    fs.writeFileSync(cacheFile, Buffer.concat([cache.subarray(0, 32), createHash("sha256").update(junk).digest(), junk]));
    const other = runFrom(program, ["--version"], path.join(copy, "dist", "cli", "bundle-loader.js"));
    expect(other.stderr).toBe("");
    expect(other.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(other.cache).toEqual({ "program.cjs": "stale", [chunk]: "rejected" });
    // V8's data damaged under intact hashes of the source (V8 does not check its data: this crashed the process)
    fs.writeFileSync(program, text);
    const programCache = path.join(copy, "dist", "bundle", "program.cjs.cache");
    const damaged = Buffer.from(fs.readFileSync(path.join("dist", "bundle", "program.cjs.cache")));
    damaged.fill(0, 1000, 5096);
    fs.writeFileSync(programCache, damaged);
    const again = runFrom(program, ["--version"], path.join(copy, "dist", "cli", "bundle-loader.js"));
    expect([again.status, again.stderr]).toEqual([0, ""]);
    expect(again.cache["program.cjs"]).toBe("stale");
  }, 60_000);

  it("reports pyward's version", () => {
    const { version } = JSON.parse(fs.readFileSync("package.json", "utf8")) as { version: string };
    expect(runFrom(BUNDLE, ["--version"]).stdout.trim()).toBe(version);
  });

  it("dist/cli/main.js runs the bundle when it is fresh or installed, the compiled modules when a later compile left it stale", () => {
    // a copy of dist/ whose bundled program only says which it is
    const copy = path.join(dir, "copy");
    fs.cpSync("dist", path.join(copy, "dist"), { recursive: true });
    fs.copyFileSync("package.json", path.join(copy, "package.json"));
    fs.symlinkSync(path.resolve("node_modules"), path.join(copy, "node_modules"));
    const bundle = path.join(copy, "dist", "bundle", "program.cjs");
    fs.writeFileSync(bundle, 'exports.runCli = async function () { process.stdout.write("from the bundle\\n"); return 0; };\n');
    const main = path.join(copy, "dist", "cli", "main.js");
    const version = () => spawnSync(process.execPath, [main, "--version"], { encoding: "utf8" }).stdout.trim();
    const later = (file: string, than: string) => {
      const t = fs.statSync(than).mtime.getTime() / 1000 + 10;
      fs.utimesSync(file, t, t);
    };
    // an installed package (no src/ beside dist/): npm unpacks files in no useful time order, and nothing recompiles
    later(path.join(copy, "dist", "cli", "program.js"), bundle);
    expect(version()).toBe("from the bundle");
    // a development checkout: a compile newer than the bundle leaves it stale
    fs.mkdirSync(path.join(copy, "src", "cli"), { recursive: true });
    fs.writeFileSync(path.join(copy, "src", "cli", "program.ts"), "");
    later(bundle, path.join(copy, "dist", "cli", "program.js"));
    expect(version()).toBe("from the bundle");
    later(path.join(copy, "dist", "cli", "program.js"), bundle);
    expect(version()).toMatch(/^\d+\.\d+\.\d+/);
  }, 60_000);
});
