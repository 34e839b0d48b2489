import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blobId, gitBaseline, GitDiffError } from "../../src/discover/git-changes.js";

const env = { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null", GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" };
const run = (cwd: string, ...args: string[]): string => execFileSync("git", args, { cwd, env, encoding: "utf8" }).trim();

/**
 * Runs `body` in a scratch repository whose first commit holds `files` (relative path → content; `{ link }` is a
 * symbolic link to `link`), with `at` joining paths under it; the repository is removed afterwards.
 */
function withRepo(name: string, files: Record<string, string | Buffer | { link: string }>, body: (r: string, at: (...p: string[]) => string) => void): void {
  const r = fs.mkdtempSync(path.join(os.tmpdir(), `pyward-git-${name}-`));
  try {
    run(r, "init", "-q", "-b", "main");
    for (const [rel, content] of Object.entries(files)) {
      const p = path.join(r, rel);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      if (typeof content === "object" && !Buffer.isBuffer(content)) fs.symlinkSync(content.link, p);
      else fs.writeFileSync(p, content);
    }
    run(r, "add", ".");
    run(r, "commit", "-q", "-m", "one");
    body(r, (...p) => path.join(r, ...p));
  } finally {
    fs.rmSync(r, { recursive: true, force: true });
  }
}

/** A scratch repository with one commit (of an empty file), handed to `body`, then removed. */
async function withRepoAsync(body: (r: string) => Promise<void>): Promise<void> {
  const r = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-git-async-"));
  try {
    run(r, "init", "-q", "-b", "main");
    fs.writeFileSync(path.join(r, "first.py"), "");
    run(r, "add", ".");
    run(r, "commit", "-q", "-m", "one");
    await body(r);
  } finally {
    fs.rmSync(r, { recursive: true, force: true });
  }
}

describe("changed files since a revision (--diff)", () => {
  let repo: string;
  let marker: string;
  let base: string;
  beforeAll(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-git-"));
    marker = path.join(repo, "..", `${path.basename(repo)}-pwned`);
    run(repo, "init", "-q", "-b", "main");
    fs.writeFileSync(path.join(repo, "a.py"), "import os\n");
    fs.writeFileSync(path.join(repo, "b.py"), "x = 1\n");
    fs.writeFileSync(path.join(repo, "c.py"), "y = 2\n");
    run(repo, "add", ".");
    run(repo, "commit", "-q", "-m", "one");
    base = run(repo, "rev-parse", "HEAD");
    fs.writeFileSync(path.join(repo, "b.py"), "x = 2\n");
    run(repo, "commit", "-q", "-am", "two");
    // an untrusted repository's configuration naming programs to run
    const hook = `touch ${marker}`;
    fs.writeFileSync(path.join(repo, ".gitattributes"), "*.py diff=evil filter=evil\n");
    run(repo, "config", "core.fsmonitor", hook);
    run(repo, "config", "diff.external", hook);
    run(repo, "config", "diff.evil.textconv", hook);
    run(repo, "config", "filter.evil.clean", hook);
    run(repo, "config", "filter.evil.smudge", hook);
    run(repo, "config", "core.pager", hook);
    fs.mkdirSync(path.join(repo, ".git", "hooks"), { recursive: true });
    fs.writeFileSync(path.join(repo, ".git", "hooks", "post-checkout"), `#!/bin/sh\n${hook}\n`, { mode: 0o755 });
    // working-tree edits: one changed file, one new file
    fs.writeFileSync(path.join(repo, "c.py"), "y = 3\n");
    fs.writeFileSync(path.join(repo, "d.py"), "z = 4\n");
  });
  afterAll(() => {
    fs.rmSync(repo, { recursive: true, force: true });
    fs.rmSync(marker, { force: true });
  });

  it("takes a message search as the revision (`:/one`: the newest commit whose message matches)", () => {
    expect(gitBaseline(":/one", repo).commit).toBe(base);
    expect(gitBaseline("main^{/one}", repo).commit).toBe(base);
    expect(() => gitBaseline(":/no such message", repo)).toThrow(/':\/no such message' is not a commit/);
  });

  it("names files changed by commits, in the working tree and new ones, and nothing else", () => {
    const g = gitBaseline(base, repo);
    expect(g.commit).toBe(base);
    const changed = ["a.py", "b.py", "c.py", "d.py"].filter((f) => g.isChanged(path.join(repo, f)));
    expect(changed).toEqual(["b.py", "c.py", "d.py"]);
    // HEAD itself: only the working-tree edits
    const h = gitBaseline("HEAD", repo);
    expect(["a.py", "b.py", "c.py", "d.py"].filter((f) => h.isChanged(path.join(repo, f)))).toEqual(["c.py", "d.py"]);
  });

  it("reads HEAD's tree while the caller goes on, or when first asked: the same answers either way", async () => {
    const waited = gitBaseline(base, repo);
    await waited.ready();
    const asked = gitBaseline(base, repo); // asked at once: read then, in a process of its own
    const files = ["a.py", "b.py", "c.py", "d.py"].map((f) => path.join(repo, f));
    expect(files.map((f) => asked.isChanged(f))).toEqual([false, true, true, true]);
    expect(files.map((f) => waited.isChanged(f))).toEqual([false, true, true, true]);
    await asked.ready(); // resolves all the same
    // a file untracked since HEAD, in a repository of one commit
    await withRepoAsync(async (r) => {
      fs.writeFileSync(path.join(r, "n.py"), "x = 1\n");
      const fresh = gitBaseline("HEAD", r);
      await fresh.ready();
      expect(fresh.isChanged(path.join(r, "n.py"))).toBe(true);
    });
  });

  it("runs nothing the repository's configuration names", async () => {
    await gitBaseline("HEAD~1", path.join(repo)).ready();
    expect(fs.existsSync(marker)).toBe(false);
  });

  it("hashes blobs as git does", () => {
    const bytes = fs.readFileSync(path.join(repo, "a.py"));
    expect(blobId(bytes)).toBe(execFileSync("git", ["hash-object", "--no-filters", path.join(repo, "a.py")], { cwd: repo, env, encoding: "utf8" }).trim());
  });

  it("gives a revision's bytes as stored (no filter runs), null where it had no file", () => {
    const g = gitBaseline(base, repo);
    const files = ["a.py", "b.py", "c.py", "d.py"].map((f) => path.join(repo, f));
    const outside = path.join(os.tmpdir(), "elsewhere.py");
    const got = g.contentAt([...files, outside]);
    expect(files.map((f) => got.get(f)?.toString("utf8") ?? got.get(f))).toEqual(["import os\n", "x = 1\n", "y = 2\n", null]);
    expect(got.has(outside) && got.get(outside) === undefined).toBe(true); // cannot tell
    expect(fs.existsSync(marker)).toBe(false); // the filter and textconv named by .gitattributes did not run
  });

  it("lists the files a revision has and the working tree lost; links and submodule-like entries are not files", () => {
    const binary = Buffer.from([0, 1, 2, 10, 255, 10, 13, 10]);
    withRepo("rm", { "pkg/gone.py": binary, "kept.py": "k = 1\n", "link.py": { link: "kept.py" } }, (r) => {
      fs.rmSync(path.join(r, "pkg"), { recursive: true });
      fs.rmSync(path.join(r, "link.py"));
      const g = gitBaseline("HEAD", r);
      expect(g.removedSince().map((p) => path.relative(r, p))).toEqual([path.join("pkg", "gone.py")]);
      const got = g.contentAt([path.join(r, "pkg", "gone.py"), path.join(r, "link.py"), path.join(r, "kept.py")]);
      expect(Buffer.compare(got.get(path.join(r, "pkg", "gone.py"))!, binary)).toBe(0);
      expect(got.get(path.join(r, "link.py"))).toBeUndefined(); // a symbolic link: its blob is the link's text
      expect(got.get(path.join(r, "kept.py"))?.toString("utf8")).toBe("k = 1\n");
    });
  });

  it("a committed symbolic link, or a file reached through one, is unchanged while the links and the target are", () => {
    const files = { "lib/real.py": "r = 1\n", "lib/other.py": "o = 1\n", "lib/pkg/mod.py": "m = 1\n", "src/link.py": { link: "../lib/real.py" }, "src/pkg": { link: "../lib/pkg" } };
    withRepo("link", files, (r, at) => {
      expect(gitBaseline("HEAD", r).isChanged(at("src", "link.py"))).toBe(false);
      expect(gitBaseline("HEAD", r).isChanged(at("src", "pkg", "mod.py"))).toBe(false);
      fs.writeFileSync(path.join(r, "lib", "pkg", "mod.py"), "m = 2\n"); // the target through a linked directory
      expect(gitBaseline("HEAD", r).isChanged(at("src", "pkg", "mod.py"))).toBe(true);
      fs.writeFileSync(path.join(r, "lib", "real.py"), "r = 2\n"); // the target edited
      expect(gitBaseline("HEAD", r).isChanged(at("src", "link.py"))).toBe(true);
      run(r, "checkout", "-q", "--", "lib");
      fs.rmSync(at("src", "link.py"));
      fs.symlinkSync("../lib/other.py", at("src", "link.py")); // the link retargeted
      expect(gitBaseline("HEAD", r).isChanged(at("src", "link.py"))).toBe(true);
      // a chain of links: a change to the second one is a change too
      fs.mkdirSync(at("safe2"));
      fs.mkdirSync(at("evil"));
      fs.writeFileSync(at("safe2", "h.py"), "h = 1\n");
      fs.writeFileSync(at("evil", "h.py"), "h = 2\n");
      fs.symlinkSync("safe2", at("safe"));
      fs.symlinkSync("safe", at("chain"));
      run(r, "add", "-A");
      run(r, "commit", "-q", "-m", "two");
      expect(gitBaseline("HEAD", r).isChanged(at("chain", "h.py"))).toBe(false);
      fs.rmSync(at("safe"));
      fs.symlinkSync("evil", at("safe"));
      expect(gitBaseline("HEAD", r).isChanged(at("chain", "h.py"))).toBe(true);
    });
  });

  it("a CRLF checkout of an LF blob (eol=crlf) is unchanged; an edit under it is a change", () => {
    withRepo("crlf", { ".gitattributes": "*.py text eol=crlf\n", "a.py": "x = 1\r\ny = 2\r\n" }, (r) => {
      // git stored LF; the working tree holds CRLF
      expect(run(r, "cat-file", "-p", "HEAD:a.py")).toBe("x = 1\ny = 2");
      const file = path.join(r, "a.py");
      expect(gitBaseline("HEAD", r).isChanged(file)).toBe(false);
      expect(gitBaseline("HEAD", r).isChanged(file, () => blobId(fs.readFileSync(file)))).toBe(false);
      fs.writeFileSync(file, "x = 1\r\ny = 3\r\n");
      expect(gitBaseline("HEAD", r).isChanged(file)).toBe(true);
      expect(gitBaseline("HEAD", r).isChanged(file, () => blobId(fs.readFileSync(file)))).toBe(true);
    });
  });

  it("never fetches a missing blob through a transport the repository names (partial clone), and says it cannot tell", () => {
    withRepo("lazy", { "ext.py": "protected = True\n" }, (r) => {
      const pwned = `${r}-pwned`;
      const old = run(r, "rev-parse", "HEAD:ext.py");
      fs.rmSync(path.join(r, ".git", "objects", old.slice(0, 2), old.slice(2)), { force: true });
      fs.writeFileSync(path.join(r, "ext.py"), "protected = False\n");
      // a promisor remote whose upload-pack is a command, with the file protocol allowed by the repository
      for (const [k, v] of [["core.repositoryformatversion", "1"], ["extensions.partialClone", "origin"], ["remote.origin.promisor", "true"], ["remote.origin.url", r], ["protocol.file.allow", "always"], ["remote.origin.uploadpack", `touch ${pwned}; false`]]) run(r, "config", k, v);
      const g = gitBaseline("HEAD", r);
      const got = g.contentAt([path.join(r, "ext.py")]);
      expect(got.get(path.join(r, "ext.py"))).toBeUndefined(); // not in the objects: cannot tell
      try {
        expect(fs.existsSync(pwned)).toBe(false);
      } finally {
        fs.rmSync(pwned, { force: true });
      }
    });
  });

  it("in a real partial clone, an old blob not fetched is unknown (no fetch, no error)", () => {
    const src = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-git-src-"));
    const clone = `${src}-clone`;
    try {
      run(src, "init", "-q", "-b", "main");
      run(src, "config", "uploadpack.allowFilter", "true");
      fs.writeFileSync(path.join(src, "a.py"), "v = 1\n");
      run(src, "add", ".");
      run(src, "commit", "-q", "-m", "one");
      fs.writeFileSync(path.join(src, "a.py"), "v = 2\n");
      run(src, "commit", "-q", "-am", "two");
      execFileSync("git", ["clone", "-q", "--filter=blob:none", `file://${src}`, clone], { env, stdio: "pipe" });
      const g = gitBaseline("HEAD~1", clone);
      expect(g.isChanged(path.join(clone, "a.py"))).toBe(true);
      const got = g.contentAt([path.join(clone, "a.py")]);
      expect(got.has(path.join(clone, "a.py")) && got.get(path.join(clone, "a.py")) === undefined).toBe(true);
    } finally {
      fs.rmSync(src, { recursive: true, force: true });
      fs.rmSync(clone, { recursive: true, force: true });
    }
  });

  it.runIf(process.getuid?.() === 0)("works in a repository owned by another user (git runs nothing the repository names)", () => {
    withRepo("owner", { "a.py": "x = 1\n" }, (r) => {
      execFileSync("chown", ["-R", "nobody", r]);
      expect(() => execFileSync("git", ["rev-parse", "HEAD"], { cwd: r, env, stdio: "pipe" })).toThrow(/dubious ownership/);
      expect(gitBaseline("HEAD", r).isChanged(path.join(r, "a.py"))).toBe(false);
    });
  });

  it("rejects options, unknown revisions and directories outside a repository with one line", () => {
    expect(() => gitBaseline("--output=/tmp/x", repo)).toThrow(GitDiffError);
    expect(() => gitBaseline("no-such-branch", repo)).toThrow(/'no-such-branch' is not a commit/);
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-nogit-"));
    try {
      expect(() => gitBaseline("HEAD", outside)).toThrow(GitDiffError);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
});
