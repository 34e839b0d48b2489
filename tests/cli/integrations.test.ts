/**
 * The pre-commit hooks (`.pre-commit-hooks.yaml`) and the GitHub Action (`action.yml`).
 *
 * Neither pre-commit nor GitHub's runner is available here, so this test checks what can be checked locally:
 * both files parse as YAML and have the shape their consumers require; the hooks' `files` pattern selects
 * exactly the files pyward's own classifier reads; the action never expands an input inside a script; and
 * the action's `Run pyward` script, run by bash with a stand-in for the pyward executable, passes the inputs
 * as the intended arguments and reports the exit code as the later steps expect. Whether GitHub accepts the
 * action, and whether `upload-sarif` succeeds, is not tested.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { classifyByName } from "../../src/discover/classify.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const read = (file: string): unknown => parse(fs.readFileSync(path.join(ROOT, file), "utf8"));

interface Hook {
  id: string;
  name: string;
  entry: string;
  language: string;
  files: string;
  require_serial?: boolean;
  pass_filenames?: boolean;
  [key: string]: unknown;
}

/** The keys pre-commit accepts in a hook definition (from its documentation). */
const HOOK_KEYS = new Set([
  "id", "name", "entry", "language", "files", "exclude", "types", "types_or", "exclude_types", "always_run", "fail_fast",
  "verbose", "pass_filenames", "require_serial", "description", "language_version", "minimum_pre_commit_version", "args", "stages",
]);

/** pre-commit's patterns are Python regular expressions; this one uses only syntax JavaScript shares, apart from a leading `(?i)`. */
function pythonPattern(p: string): RegExp {
  return p.startsWith("(?i)") ? new RegExp(p.slice(4), "i") : new RegExp(p);
}

describe(".pre-commit-hooks.yaml", () => {
  const hooks = read(".pre-commit-hooks.yaml") as Hook[];

  it("defines the pyward hooks with the keys pre-commit knows", () => {
    expect(hooks.map((h) => h.id)).toEqual(["pyward", "pyward-project"]);
    for (const h of hooks) {
      for (const key of Object.keys(h)) expect(HOOK_KEYS, `${h.id}: ${key}`).toContain(key);
      expect(h.language).toBe("node");
      expect(h.name).toBeTruthy();
      // one process sees all the files: project-wide facts need them together
      expect(h.require_serial).toBe(true);
    }
    const [staged, project] = hooks;
    expect(staged.entry).toBe("pyward check --force-exclude");
    expect(staged.pass_filenames).toBeUndefined(); // pre-commit passes the staged files
    expect(project.entry).toBe("pyward check");
    expect(project.pass_filenames).toBe(false);
    // `entry` names the executable the npm package installs
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    expect(Object.keys(pkg.bin)).toContain(staged.entry.split(" ")[0]);
  });

  it("its files pattern selects exactly what pyward classifies as Python, template or manifest", () => {
    const samples = [
      "app.py", "pkg/mod.py", "gui/main.pyw", "stubs/mod.pyi", "templates/a.html", "t/b.htm", "t/c.jinja", "t/d.jinja2", "t/e.j2",
      "t/f.djhtml", "README.md", "docs/index.rst", "pyproject.toml", "sub/pyproject.toml", "ruff.toml", "setup.cfg", "tox.ini",
      "setup.py", "poetry.lock", "Pipfile.lock", "Pipfile", "uv.lock", "pdm.lock", "pylock.toml", "pylock.dev.toml", "package-lock.json",
      "requirements.txt", "requirements-dev.txt", "reqs/requirements/base.in", "dev-requirements.txt", "requirements.in", "constraints.txt",
      "test-req.in", "constraint-prod.in", "MANIFEST.in", "notes.txt", "Makefile", "REQUIREMENTS.TXT", "app.PY", "a/b.Html",
      "requirements/base.txt", "requirements/dev.in", "test_requirements.txt", "requirements_dev.txt", "ci/constraints-py311.txt",
      "dev-constraints.txt", "docs/requirements", "frequency.h.in", "config.h.in", "requirements/.txt", "dev.in", "lib/requirements.py",
    ];
    const pattern = pythonPattern(hooks[0].files);
    expect(hooks[1].files).toBe(hooks[0].files);
    for (const p of samples) expect(pattern.test(p), p).toBe(classifyByName(p) !== undefined);
  });
});

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  shell?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  "working-directory"?: string;
}

describe("action.yml", () => {
  const action = read("action.yml") as {
    name: string;
    description: string;
    inputs: Record<string, { description: string; required?: boolean; default?: string }>;
    outputs: Record<string, { description: string; value: string }>;
    runs: { using: string; steps: Step[] };
  };
  const steps = action.runs.steps;
  const step = (pred: (s: Step) => boolean): Step => {
    const s = steps.find(pred);
    expect(s).toBeDefined();
    return s!;
  };

  it("is a composite action with the documented inputs and defaults", () => {
    expect(action.name).toBe("pyward");
    expect(action.description).toBeTruthy();
    expect(action.runs.using).toBe("composite");
    expect(Object.keys(action.inputs)).toEqual(["paths", "args", "sarif-file", "fail-on", "upload", "category"]);
    expect(action.inputs["sarif-file"].default).toBe("pyward.sarif");
    // empty: the project's configured fail-on applies unless the workflow sets one
    expect(action.inputs["fail-on"].default).toBe("");
    expect(action.inputs.paths.default).toBe(".");
    for (const input of Object.values(action.inputs)) expect(input.description).toBeTruthy();
    for (const output of Object.values(action.outputs)) expect(output.value).toMatch(/^\$\{\{ steps\.check\.outputs\.[a-z-]+ \}\}$/);
  });

  it("sets up Node 20, installs pyward in the action's directory, and uploads the SARIF with upload-sarif", () => {
    expect(step((s) => s.uses?.startsWith("actions/setup-node@") ?? false).with).toEqual({ "node-version": 20 });
    const install = step((s) => s.run?.includes("npm ci") ?? false);
    expect(install["working-directory"]).toBe("${{ github.action_path }}");
    const check = step((s) => s.id === "check");
    expect(check.env?.PYWARD_CLI).toBe("${{ github.action_path }}/dist/cli/main.js");
    // the CLI the action runs is the one this package builds
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    expect(check.env?.PYWARD_CLI).toContain(pkg.bin.pyward.replace(/^\.\//, ""));
    const upload = step((s) => s.uses?.startsWith("github/codeql-action/upload-sarif@") ?? false);
    expect(upload.with).toEqual({ sarif_file: "${{ inputs.sarif-file }}", category: "${{ inputs.category }}" });
    expect(upload.if).toContain("always()");
    expect(upload.if).toContain("inputs.upload == 'true'");
    // the failing step comes after the upload, so findings reach code scanning before the job fails
    const fail = step((s) => s.name === "Fail on findings");
    expect(steps.indexOf(fail)).toBeGreaterThan(steps.indexOf(upload));
    expect(fail.if).toContain("steps.check.outputs.exit-code == '1'");
  });

  it("gives every script a shell and never expands an input or expression inside a script", () => {
    const names = new Set(Object.keys(action.inputs));
    for (const s of steps) {
      if (s.run !== undefined) {
        expect(s.shell, s.name).toBe("bash");
        expect(s.run, s.name).not.toContain("${{");
      }
      // every input referenced anywhere is declared
      for (const m of JSON.stringify(s).matchAll(/inputs\.([A-Za-z0-9_-]+)/g)) expect(names, m[1]).toContain(m[1]);
    }
  });

  describe("the Run pyward script, with a stand-in for pyward", () => {
    let dir: string;
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-action-"));
      // the stand-in records its arguments and exits with $STUB_EXIT
      fs.writeFileSync(
        path.join(dir, "stub.mjs"),
        'import fs from "node:fs";\nfs.writeFileSync(process.env.STUB_ARGS, JSON.stringify(process.argv.slice(2)));\nprocess.exit(Number(process.env.STUB_EXIT));\n',
      );
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    /** Runs the step's script as GitHub would (bash, `-e`, env from the step), inputs given. */
    function runScript(inputs: { paths: string; args: string; sarif: string; failOn: string }, stubExit: number) {
      const check = steps.find((s) => s.id === "check")!;
      const script = path.join(dir, "run.sh");
      fs.writeFileSync(script, check.run!);
      const out = path.join(dir, `output-${Math.random().toString(36).slice(2)}`);
      const argsFile = path.join(dir, "args.json");
      fs.rmSync(argsFile, { force: true });
      fs.writeFileSync(out, "");
      // GitHub runs `shell: bash` as `bash --noprofile --norc -eo pipefail {0}`
      const r = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], {
        cwd: dir,
        encoding: "utf8",
        env: {
          PATH: process.env.PATH,
          GITHUB_OUTPUT: out,
          PYWARD_CLI: path.join(dir, "stub.mjs"),
          PYWARD_PATHS: inputs.paths,
          PYWARD_ARGS: inputs.args,
          PYWARD_SARIF: inputs.sarif,
          PYWARD_FAIL_ON: inputs.failOn,
          STUB_ARGS: argsFile,
          STUB_EXIT: String(stubExit),
        },
      });
      const outputs = Object.fromEntries(
        fs.readFileSync(out, "utf8").split("\n").filter(Boolean).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
      );
      const argv = fs.existsSync(argsFile) ? (JSON.parse(fs.readFileSync(argsFile, "utf8")) as string[]) : undefined;
      return { status: r.status, stdout: r.stdout, outputs, argv };
    }

    it("is valid bash", () => {
      const check = steps.find((s) => s.id === "check")!;
      const script = path.join(dir, "syntax.sh");
      fs.writeFileSync(script, check.run!);
      execFileSync("bash", ["-n", script]);
    });

    it("passes paths and args as separate words, literally, and records the exit code", () => {
      const r = runScript({ paths: "src lib/*.py", args: "--select PW2,PW3  --shard 1/4 $HOME", sarif: "out dir/p.sarif", failOn: "medium" }, 1);
      expect(r.status).toBe(0); // findings: the upload runs, the last step fails the job
      expect(r.argv).toEqual([
        "check", "src", "lib/*.py", "--select", "PW2,PW3", "--shard", "1/4", "$HOME",
        "--fail-on", "medium", "--format", "sarif", "--output", "out dir/p.sarif", "--format", "text", "--output", "-",
      ]);
      expect(r.outputs).toEqual({ "sarif-file": "out dir/p.sarif", "exit-code": "1" });
    });

    it("scans the default path with no extra args; fail-on none never fails on findings", () => {
      const r = runScript({ paths: ".", args: "", sarif: "pyward.sarif", failOn: "none" }, 0);
      expect(r.status).toBe(0);
      expect(r.argv).toEqual(["check", ".", "--fail-on", "high", "--format", "sarif", "--output", "pyward.sarif", "--format", "text", "--output", "-"]);
      expect(r.outputs["exit-code"]).toBe("0");
    });

    it("passes --fail-on only when the input is set, so a configured fail-on is not overridden", () => {
      const r = runScript({ paths: ".", args: "", sarif: "pyward.sarif", failOn: "" }, 0);
      expect(r.status).toBe(0);
      expect(r.argv).toEqual(["check", ".", "--format", "sarif", "--output", "pyward.sarif", "--format", "text", "--output", "-"]);
    });

    it("fails the step at once on pyward's errors and on a bad fail-on", () => {
      const err = runScript({ paths: ".", args: "", sarif: "pyward.sarif", failOn: "low" }, 2);
      expect(err.status).toBe(2);
      expect(err.outputs["exit-code"]).toBe("2");
      const bad = runScript({ paths: ".", args: "", sarif: "pyward.sarif", failOn: "critical" }, 0);
      expect(bad.status).toBe(2);
      expect(bad.argv).toBeUndefined();
      expect(bad.stdout).toContain("::error::pyward: fail-on must be low, medium, high or none, not 'critical'");
    });
  });
});
