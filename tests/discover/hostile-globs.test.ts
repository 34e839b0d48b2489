/**
 * Exclude globs and `.gitignore` patterns from a scanned repository: `./name/` is anchored at the scan root, a
 * pattern too long to compile is left out with a note (never a crash), and an over-long exclude glob is a
 * one-line configuration error.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discover, excludeMatcher, GlobTooLongError, MAX_GLOB_LENGTH } from "../../src/discover/discover.js";
import { runCli } from "../../src/cli/program.js";

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-globs-"));
  for (const rel of ["scripts/m.py", "a/scripts/m.py", "gen/m.py", "src/gen/m.py", "keep.py"]) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), "x = 1\n");
  }
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const found = (options: Parameters<typeof discover>[1]): string[] =>
  discover([root], options)
    .files.map((f) => path.relative(root, f.absPath).split(path.sep).join("/"))
    .sort();

describe("exclude globs", () => {
  it("`./scripts/`, `./scripts` and `/gen` name the directory at the scan root only; `scripts/` and `gen` any", () => {
    expect(found({ extendExclude: ["./scripts/"] })).toEqual(["a/scripts/m.py", "gen/m.py", "keep.py", "src/gen/m.py"]);
    expect(found({ extendExclude: ["./scripts"] })).toEqual(["a/scripts/m.py", "gen/m.py", "keep.py", "src/gen/m.py"]);
    expect(found({ extendExclude: ["/gen"] })).toEqual(["a/scripts/m.py", "keep.py", "scripts/m.py", "src/gen/m.py"]);
    expect(found({ extendExclude: ["scripts/"] })).toEqual(["gen/m.py", "keep.py", "src/gen/m.py"]);
    expect(found({ extendExclude: ["gen"] })).toEqual(["a/scripts/m.py", "keep.py", "scripts/m.py"]);
  });

  it("a glob too long to compile is a configuration error, one line, exit 2", async () => {
    expect(() => excludeMatcher(["a" + "*/".repeat(MAX_GLOB_LENGTH)])).toThrow(GlobTooLongError);
    const err: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (err.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      const code = await runCli(["check", root, "--no-audit", "--no-cache", "-q", "--extend-exclude", "b".repeat(70_000)]);
      expect(code).toBe(2);
    } finally {
      process.stderr.write = write;
    }
    expect(err.join("")).toMatch(/^pyward: exclude glob of 70000 characters is longer than the 4096 allowed: "b+"…\n$/);
  });
});

describe("a hostile .gitignore", () => {
  it("an over-long or broken pattern is left out with a note naming the line; the other patterns still apply", () => {
    fs.writeFileSync(path.join(root, ".gitignore"), ["gen/", "/".repeat(50_000), "a" + "*/".repeat(10_000), "keep.py", ""].join("\n"));
    try {
      const d = discover([root], {});
      const files = d.files.map((f) => path.relative(root, f.absPath).split(path.sep).join("/")).sort();
      expect(files).toEqual(["a/scripts/m.py", "scripts/m.py"]);
      const reasons = d.notes.filter((n) => n.path.endsWith(".gitignore")).map((n) => n.reason);
      expect(reasons).toEqual([expect.stringMatching(/^line 2: pattern of 50000 characters ignored/), expect.stringMatching(/^line 3: pattern of 20001 characters ignored/)]);
    } finally {
      fs.rmSync(path.join(root, ".gitignore"));
    }
  });
});
