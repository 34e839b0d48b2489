/**
 * `.gitignore` files above the scanned directory: git applies every `.gitignore` from the work tree's top down,
 * and `.git/info/exclude`, so scanning `src/app` inside a repository honours them too.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { discover, wouldDiscover } from "../../src/discover/discover.js";

const temps: string[] = [];
afterAll(() => temps.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A temporary tree holding `files` (path → text; a path ending in `/` is a directory). */
function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-gitignore-above-"));
  temps.push(root);
  for (const [rel, text] of Object.entries(files)) {
    const p = path.join(root, rel);
    if (rel.endsWith("/")) fs.mkdirSync(p, { recursive: true });
    else {
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, text);
    }
  }
  return root;
}

const REPO = {
  ".git/info/exclude": "# local excludes\nprivate_notes.py\n",
  ".gitignore": "generated/\n*.gen.py\n/src/app/local_only.py\n/elsewhere.py\n",
  "src/.gitignore": "scratch.py\n",
  "src/app/a.py": "x = 1\n",
  "src/app/generated/g.py": "x = 1\n",
  "src/app/b.gen.py": "x = 1\n",
  "src/app/local_only.py": "x = 1\n",
  "src/app/private_notes.py": "x = 1\n",
  "src/app/scratch.py": "x = 1\n",
  "src/app/pkg/c.py": "x = 1\n",
};

const paths = (root: string, dir: string, options = {}) => discover([path.join(root, dir)], { cwd: root, ...options }).files.map((f) => f.path);

describe(".gitignore above the scanned directory", () => {
  it("applies every .gitignore from the work tree's top down, and .git/info/exclude", () => {
    const root = tree(REPO);
    expect(paths(root, "src/app")).toEqual(["src/app/a.py", "src/app/pkg/c.py"]);
    // at the top itself, .git/info/exclude applies
    expect(paths(root, ".")).toEqual(["src/app/a.py", "src/app/pkg/c.py"]);
    // anchored patterns stay anchored at their own directory
    expect(paths(root, "src/app/pkg")).toEqual(["src/app/pkg/c.py"]);
    const d = discover([path.join(root, "src/app")], { cwd: root });
    // the work tree's .gitignore files are listed for changed-files mode to compare (.git/info/exclude is no file of it)
    expect(d.ignoreFiles.map((f) => path.relative(root, f)).sort()).toEqual([".gitignore", "src/.gitignore"]);
  });

  it("is off with gitignore: false", () => {
    const root = tree(REPO);
    expect(paths(root, "src/app", { gitignore: false })).toHaveLength(7);
  });

  it("reads none outside a git work tree (no .git above), as git does", () => {
    const { ".git/info/exclude": _, ...noGit } = REPO;
    const root = tree(noGit);
    expect(paths(root, "src/app")).toHaveLength(7);
  });

  it("finds the top through a .git file (a worktree or submodule)", () => {
    const { ".git/info/exclude": _, ...rest } = REPO;
    const root = tree({ ...rest, ".git": "gitdir: /somewhere/else/.git/worktrees/x\n" });
    expect(paths(root, "src/app")).toEqual(["src/app/a.py", "src/app/pkg/c.py", "src/app/private_notes.py"]);
  });

  it("stops at the nearest work tree: a nested repository's top is not under the outer .gitignore files", () => {
    const root = tree({ ...REPO, "src/app/.git/": "" });
    expect(paths(root, "src/app")).toHaveLength(7);
  });

  it("reads a nested work tree by its own ignore files whether it is the scan root or inside it", () => {
    const root = tree({
      ".git/": "",
      ".gitignore": "*.gen.py\n",
      "vendor/lib/.git/info/exclude": "k.py\n",
      "vendor/lib/api.gen.py": "x = 1\n",
      "vendor/lib/k.py": "x = 1\n",
      "vendor/lib/sub/.gitignore": "local.py\n",
      "vendor/lib/sub/local.py": "x = 1\n",
      "vendor/other.gen.py": "x = 1\n",
    });
    expect(paths(root, "vendor/lib")).toEqual(["vendor/lib/api.gen.py"]);
    expect(paths(root, ".")).toEqual(["vendor/lib/api.gen.py"]);
  });

  it("scans a directory named on the command line even when a file above excludes it, and applies that file's other patterns", () => {
    const root = tree({ ".git/": "", ".gitignore": "/vendor/\n*_pb2.py\n", "vendor/lib/v.py": "x = 1\n", "vendor/lib/m_pb2.py": "x = 1\n" });
    expect(paths(root, "vendor")).toEqual(["vendor/lib/v.py"]);
    expect(paths(root, "vendor/lib")).toEqual(["vendor/lib/v.py"]);
    expect(paths(root, ".")).toEqual([]);
  });

  it("applies to changed-files mode's view of removed files too", () => {
    const root = tree(REPO);
    const would = wouldDiscover([path.join(root, "src/app")], { cwd: root });
    expect(would(path.join(root, "src/app/gone.py"))?.path).toBe("src/app/gone.py");
    expect(would(path.join(root, "src/app/gone.gen.py"))).toBeUndefined();
    expect(would(path.join(root, "src/app/generated/gone.py"))).toBeUndefined();
  });
});

describe("layers of .gitignore files", () => {
  it("let a deeper file re-include what a shallower one excluded, as git does", () => {
    const root = tree({
      ".git/": "",
      ".gitignore": "*.gen.py\nlocal/\n",
      "a.gen.py": "x = 1\n",
      "sub/.gitignore": "!keep.gen.py\n",
      "sub/keep.gen.py": "x = 1\n",
      "sub/drop.gen.py": "x = 1\n",
      "local/.gitignore": "!x.py\n",
      "local/x.py": "x = 1\n",
    });
    // a file under an excluded directory stays excluded whatever that directory's own .gitignore says
    expect(paths(root, ".")).toEqual(["sub/keep.gen.py"]);
    expect(paths(root, "sub")).toEqual(["sub/keep.gen.py"]);
  });
});

describe("against git itself", () => {
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" };
  it("lists the Python files `git ls-files --others --exclude-standard` lists, from the top and from below it", () => {
    const root = tree({
      ".gitignore": "*.gen.py\nlocal/\n/src/app/local_only.py\ngenerated/\n",
      "sub/.gitignore": "!keep.gen.py\n*.tmp.py\n",
      "sub/deep/.gitignore": "!x.tmp.py\n/anchored.py\n",
      "a.gen.py": "x = 1\n",
      "ok.py": "x = 1\n",
      "sub/keep.gen.py": "x = 1\n",
      "sub/drop.gen.py": "x = 1\n",
      "sub/y.tmp.py": "x = 1\n",
      "sub/anchored.py": "x = 1\n",
      "sub/deep/anchored.py": "x = 1\n",
      "sub/deep/x.tmp.py": "x = 1\n",
      "sub/deep/z.tmp.py": "x = 1\n",
      "sub/deep/keep.gen.py": "x = 1\n",
      "local/x.py": "x = 1\n",
      "src/app/local_only.py": "x = 1\n",
      "src/app/a.py": "x = 1\n",
      "src/app/generated/g.py": "x = 1\n",
      "src/app/b.gen.py": "x = 1\n",
      // a directory re-included by a deeper file, with a file in it that a shallower pattern still excludes
      "lib/.gitignore": "!generated/\n",
      "lib/generated/g.py": "x = 1\n",
      "lib/generated/h.gen.py": "x = 1\n",
      // patterns match case-sensitively (core.ignorecase is false on Linux)
      "case/.gitignore": "Upper.py\nLOWER/\n",
      "case/upper.py": "x = 1\n",
      "case/Upper.py": "x = 1\n",
      "case/lower/l.py": "x = 1\n",
    });
    execFileSync("git", ["init", "-q", "."], { cwd: root, env });
    fs.writeFileSync(path.join(root, ".git", "info", "exclude"), "ok.py\n");
    const git = execFileSync("git", ["ls-files", "--others", "--exclude-standard"], { cwd: root, env, encoding: "utf8" })
      .split("\n")
      .filter((p) => p.endsWith(".py"))
      .sort();
    // the tree exercises re-inclusion of a file and of a directory, and case
    expect(git).toEqual(expect.arrayContaining(["sub/deep/x.tmp.py", "lib/generated/g.py", "case/upper.py", "case/lower/l.py"]));
    expect(paths(root, ".")).toEqual(git);
    for (const dir of ["sub", "sub/deep", "src/app", "lib", "lib/generated", "case"]) expect(paths(root, dir), dir).toEqual(git.filter((p) => p.startsWith(`${dir}/`)));
  });
});
