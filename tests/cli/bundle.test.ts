/**
 * The bundled program (`dist/bundle/`, built by scripts/bundle.mjs, which `dist/cli/main.js` prefers when it is
 * fresh) behaves exactly as the compiled modules: the same report, byte for byte, and the same exit code, with
 * worker threads started from the bundle's own worker entry; and it reads pyward's version from package.json
 * two levels up.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const BUNDLE = path.resolve("dist/bundle/program.mjs");
const MODULES = path.resolve("dist/cli/program.js");
const built = fs.existsSync(BUNDLE) && fs.existsSync(MODULES);

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-bundle-"));
  // more files than the worker threshold (50), with findings, including a cross-module flow
  fs.cpSync("examples/flask_app", path.join(dir, "proj"), { recursive: true });
  for (let i = 0; i < 60; i++) fs.copyFileSync(`tests/fixtures/${["PW202", "PW301", "PW605"][i % 3]}.py`, path.join(dir, "proj", `m${i}.py`));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI's `runCli` from `entry` with `args` (through a script file: workers inherit Node's options); stdout, stderr, exit code. */
function runFrom(entry: string, args: string[]) {
  const script = path.join(dir, `run-${path.basename(entry)}.mjs`);
  fs.writeFileSync(script, `const { runCli } = await import(${JSON.stringify(pathToFileURL(entry).href)});\nprocess.exitCode = await runCli(process.argv.slice(2));\n`);
  const r = spawnSync(process.execPath, [script, ...args], { encoding: "utf8", cwd: dir, maxBuffer: 1 << 28 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
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

  it("reports pyward's version", () => {
    const { version } = JSON.parse(fs.readFileSync("package.json", "utf8")) as { version: string };
    expect(runFrom(BUNDLE, ["--version"]).stdout.trim()).toBe(version);
  });

  it("dist/cli/main.js runs the bundle when it is fresh, the compiled modules when a later compile left it stale", () => {
    // a copy of dist/ whose bundled program only says which it is
    const copy = path.join(dir, "copy");
    fs.cpSync("dist", path.join(copy, "dist"), { recursive: true });
    fs.copyFileSync("package.json", path.join(copy, "package.json"));
    fs.symlinkSync(path.resolve("node_modules"), path.join(copy, "node_modules"));
    const bundle = path.join(copy, "dist", "bundle", "program.mjs");
    fs.writeFileSync(bundle, 'export async function runCli() { process.stdout.write("from the bundle\\n"); return 0; }\n');
    const main = path.join(copy, "dist", "cli", "main.js");
    const version = () => spawnSync(process.execPath, [main, "--version"], { encoding: "utf8" }).stdout.trim();
    const later = (file: string, than: string) => {
      const t = fs.statSync(than).mtime.getTime() / 1000 + 10;
      fs.utimesSync(file, t, t);
    };
    later(bundle, path.join(copy, "dist", "cli", "program.js"));
    expect(version()).toBe("from the bundle");
    later(path.join(copy, "dist", "cli", "program.js"), bundle);
    expect(version()).toMatch(/^\d+\.\d+\.\d+/);
  }, 60_000);
});
