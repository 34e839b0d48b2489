import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discover, excludeMatcher, MissingPathError } from "../../src/discover/discover.js";
import { classifyByName, isPythonName, isPythonShebang, isTestPath, moduleNameOf } from "../../src/discover/classify.js";

let root: string;
const write = (rel: string, text = "x = 1\n"): void => {
  const p = path.join(root, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
};

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-discover-"));
  write("app/main.py");
  write("app/gui.pyw");
  write("app/types.pyi");
  write("app/__init__.py");
  write("bin/tool", "#!/usr/bin/env python3\nprint('hi')\n");
  write("bin/shell", "#!/bin/sh\necho hi\n");
  write("tests/test_main.py");
  write("app/main_test.py");
  write("conftest.py");
  write("generated/big.py");
  write("legacy/old.py");
  write(".venv/lib/x.py");
  write("myenv/pyvenv.cfg", "home = /usr\n");
  write("myenv/lib/site.py");
  write("build/lib/x.py");
  write("node_modules/pkg/x.py");
  write("__pycache__/x.py");
  write("ignored_by_git/x.py");
  write(".gitignore", "ignored_by_git/\n*.tmp.py\n");
  write("app/scratch.tmp.py");
  write("app/sub/.gitignore", "local.py\n");
  write("app/sub/local.py");
  write("app/sub/kept.py");
  write("templates/index.html", "<p>{{ x }}</p>\n");
  write("requirements.txt", "flask==2.0\n");
  write("requirements-dev.in", "pytest\n");
  write("MANIFEST.in", "include README\n");
  write("pyproject.toml", "[project]\nname='x'\n");
  fs.symlinkSync(os.tmpdir(), path.join(root, "outside-link"));
  fs.symlinkSync(path.join(root, "app"), path.join(root, "app-link"));
  fs.symlinkSync(root, path.join(root, "app", "loop"));
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("discover", () => {
  it("finds Python, template and manifest files, honouring default excludes and .gitignore", () => {
    const { files, notes } = discover([root], { cwd: root });
    const byPath = Object.fromEntries(files.map((f) => [f.path, f]));
    expect(Object.keys(byPath).sort()).toEqual(
      [
        "app/__init__.py",
        "app/gui.pyw",
        "app/main.py",
        "app/main_test.py",
        "app/sub/kept.py",
        "bin/tool",
        "conftest.py",
        "generated/big.py",
        "legacy/old.py",
        "pyproject.toml",
        "requirements-dev.in",
        "requirements.txt",
        "templates/index.html",
        "tests/test_main.py",
      ].sort(),
    );
    expect(byPath["templates/index.html"].kind).toBe("template");
    expect(byPath["requirements.txt"].kind).toBe("manifest");
    expect(byPath["tests/test_main.py"].isTest).toBe(true);
    expect(byPath["app/main_test.py"].isTest).toBe(true);
    expect(byPath["conftest.py"].isTest).toBe(true);
    expect(byPath["app/main.py"].isTest).toBe(false);
    expect(byPath["app/__init__.py"].moduleName).toBe("app");
    expect(notes.map((n) => n.path).sort()).toEqual(["app-link", "app/loop", "myenv", "outside-link"]);
    expect(notes.find((n) => n.path === "outside-link")?.reason).toMatch(/leaves the scan root/);
  });

  it("applies --exclude/--extend-exclude globs with or without ./", () => {
    const a = discover([root], { cwd: root, extendExclude: ["./generated/", "legacy"] }).files.map((f) => f.path);
    expect(a).not.toContain("generated/big.py");
    expect(a).not.toContain("legacy/old.py");
    const b = discover(["."], { cwd: root, extendExclude: ["generated/**", "*.pyw"] }).files.map((f) => f.path);
    expect(b).not.toContain("generated/big.py");
    expect(b).not.toContain("app/gui.pyw");
    expect(b).toContain("legacy/old.py");
    const c = discover([root], { cwd: root, exclude: [] }).files.map((f) => f.path);
    expect(c).toContain("build/lib/x.py");
  });

  it("scans files named explicitly unless --force-exclude", () => {
    const explicit = path.join(root, "generated/big.py");
    expect(discover([explicit], { cwd: root, extendExclude: ["generated"] }).files.map((f) => f.path)).toEqual(["generated/big.py"]);
    expect(discover([explicit], { cwd: root, extendExclude: ["generated"], forceExclude: true }).files).toEqual([]);
    expect(discover(["./generated/big.py"], { cwd: root, extendExclude: ["./generated/big.py"], forceExclude: true }).files).toEqual([]);
  });

  it("can ignore .gitignore", () => {
    const files = discover([root], { cwd: root, gitignore: false }).files.map((f) => f.path);
    expect(files).toContain("ignored_by_git/x.py");
    expect(files).toContain("app/sub/local.py");
  });

  it("throws a clear error for a missing path", () => {
    expect(() => discover([path.join(root, "nope")], { cwd: root })).toThrow(MissingPathError);
  });

  it("says why a path on the command line cannot be scanned: a link loop, a name that is not UTF-8", () => {
    const loop = path.join(root, "cli_loop.py");
    fs.symlinkSync("cli_loop.py", loop);
    try {
      expect(() => discover([loop], { cwd: root })).toThrow(/cli_loop\.py: a symbolic link loop$/);
      expect(() => discover([path.join(root, "bad\uFFFD.py")], { cwd: root })).toThrow(/not valid UTF-8/);
      expect(() => discover([path.join(root, "nope")], { cwd: root })).toThrow(/nope: no such file or directory$/);
    } finally {
      fs.rmSync(loop);
    }
  });

  it("skips FIFOs", () => {
    const fifo = path.join(root, "app", "pipe.py");
    try {
      execFileSync("mkfifo", [fifo]);
    } catch {
      return; // no mkfifo here
    }
    const files = discover([root], { cwd: root }).files.map((f) => f.path);
    expect(files).not.toContain("app/pipe.py");
    fs.rmSync(fifo);
  });
});

describe("classification", () => {
  it("classifies by name and shebang", () => {
    expect(classifyByName("x.py")).toBe("python");
    expect(classifyByName("x.pyi")).toBeUndefined();
    expect(classifyByName("page.jinja2")).toBe("template");
    expect(classifyByName("poetry.lock")).toBe("manifest");
    expect(classifyByName("pylock.dev.toml")).toBe("manifest");
    expect(classifyByName("MANIFEST.in")).toBeUndefined();
    expect(isPythonShebang(Buffer.from("#!/usr/bin/python3.12\n"))).toBe(true);
    expect(isPythonShebang(Buffer.from("#!/usr/bin/env -S python3 -u\n"))).toBe(true);
    expect(isPythonShebang(Buffer.from("#!/bin/bash\n"))).toBe(false);
    expect(isTestPath("pkg/tests/helpers.py")).toBe(true);
    expect(isTestPath("pkg/contest.py")).toBe(false);
    expect(moduleNameOf("src/pkg/mod.py")).toBe("src.pkg.mod");
  });

  it("isPythonName agrees with classifyByName on every kind of name", () => {
    const names = ["x.py", "X.PY", "gui.pyw", "a/b/c.Pyw", "a\\b\\c.py", "pkg/mod.py/", "pkg\\mod.py\\", ".py", "a/.py", "x.pyi", "x.py.txt", "x.pyc", "py", "a.b/c", "requirements.txt", "page.jinja2", "", "/", "a/b.py//", "dir.py/file"];
    for (const n of names) expect([n, isPythonName(n)]).toEqual([n, classifyByName(n) === "python"]);
    expect(names.filter(isPythonName)).toEqual(["x.py", "X.PY", "gui.pyw", "a/b/c.Pyw", "a\\b\\c.py", "pkg/mod.py/", "pkg\\mod.py\\", "a/b.py//"]);
  });

  it("matches exclude globs on names anywhere and on root-relative paths", () => {
    const m = excludeMatcher(["./build/", "*.gen.py", "docs/**"]);
    expect(m("build/x.py", false)).toBe(true);
    expect(m("a/b/c.gen.py", false)).toBe(true);
    expect(m("docs/conf.py", false)).toBe(true);
    expect(m("src/docs.py", false)).toBe(false);
  });
});
