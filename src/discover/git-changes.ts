/**
 * Changed-files mode (`pyward check --diff REV`): which files differ from a git revision.
 *
 * The scanned repository is untrusted, and a repository's own configuration (`.git/config`, `.gitattributes`)
 * can name programs git runs: `core.fsmonitor` (on any command that reads the index), `diff.external`,
 * textconv and filter drivers (when git compares the working tree), hooks. So git is asked only tree-level
 * questions that run none of them: `rev-parse` (resolve the revision), `diff-tree` between two commits (no
 * working tree, no index, names only) and `ls-tree` (the blob ids of HEAD). Whether a working-tree file differs
 * from HEAD is decided here, by hashing its bytes the way git names a blob (`blob <size>\0<bytes>` with SHA-1,
 * or SHA-256 in a SHA-256 repository). A file whose checkout is rewritten by a filter (line endings) then
 * counts as changed: scanning too much is safe, missing a change is not. Git also runs with every
 * configuration file outside the repository ignored, the fsmonitor and hooks forced off, no pager, no
 * prompts and no optional locks.
 */
import { execFile, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** A `--diff` revision that cannot be used, or git failing: the message is one line for the user. */
export class GitDiffError extends Error {}

/** What the working tree has changed since a revision. */
export interface GitBaseline {
  /** Absolute path of the repository's top-level directory. */
  root: string;
  /** The revision as given, and the commit id it resolved to. */
  rev: string;
  commit: string;
  /**
   * Whether the file at `absPath` differs from `rev`: it is new since, changed by a commit since, or changed in
   * the working tree since the last commit. Paths outside the repository are changed (nothing to compare with).
   * `known` gives the file's content, or a function giving git's blob id of it in an object format (undefined
   * when it cannot tell); without either, or when the function cannot tell, the file is read.
   */
  isChanged(absPath: string, known?: Uint8Array | ((algorithm: "sha1" | "sha256") => string | undefined)): boolean;
  /**
   * The files' contents at `rev`, by the absolute paths given: the bytes of the blob, `null` when `rev` has no
   * file there, or `undefined` when it cannot tell (a symbolic link, a submodule, a path outside the repository,
   * a blob git cannot read). Blobs are read with `git cat-file --batch`, which runs no filter or textconv.
   * @throws GitDiffError when git fails
   */
  contentAt(absPaths: readonly string[]): Map<string, Buffer | null | undefined>;
  /**
   * Absolute paths of the regular files `rev` has that the working tree no longer has (nothing at that path now),
   * sorted; only those `wanted` accepts are looked for on disk (all without it).
   */
  removedSince(wanted?: (absPath: string) => boolean): string[];
  /**
   * Whether a symbolic link `rev` has (among those `wanted` accepts) is not what it was: gone, no longer a link,
   * pointing elsewhere, or changed by a commit since. Files reached through such links were scanned there by
   * the link's path, which `rev`'s tree does not list as a file.
   */
  linksChangedSince(wanted: (absPath: string) => boolean): boolean;
  /** Whether `rev` has a symbolic link that `wanted` accepts. */
  hasLinks(wanted: (absPath: string) => boolean): boolean;
  /** Absolute paths of the regular files `rev` has that `wanted` accepts, sorted. */
  filesAt(wanted: (absPath: string) => boolean): string[];
  /**
   * Resolves once HEAD's tree, read by a git process started with the baseline, is in: call it before the first
   * {@link GitBaseline.isChanged} to let that process run meanwhile (discovery does); asked before, the tree is
   * read then, in a process of its own. Never rejects (a failure is met again when the tree is read).
   */
  ready(): Promise<void>;
  /**
   * Absolute paths of the submodules `rev` has: their files are not in its tree, so what they held there (and
   * which of them were removed since) cannot be told here.
   */
  submodulesAt(): string[];
}

/** A full object id, SHA-1 or SHA-256, as git prints it. */
const OBJECT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/** Settings that keep git from running anything named by the repository or by the user's configuration. */
const SAFE_CONFIG = [
  "-c", "core.fsmonitor=false",
  "-c", "core.hooksPath=/dev/null",
  "-c", "core.untrackedCache=false",
  "-c", "diff.external=",
  // no transport at all: `protocol.allow` is only the default, and a repository's own `protocol.file.allow=always`
  // would win over it, so each is denied by name (a partial clone would otherwise fetch a missing blob through a
  // `remote.*.uploadpack` the repository names); GIT_ALLOW_PROTOCOL and GIT_NO_LAZY_FETCH below say the same
  ...["file", "git", "ssh", "http", "https", "ext", "ftp", "ftps"].flatMap((p) => ["-c", `protocol.${p}.allow=never`]),
  "-c", "protocol.allow=never",
  // git's own commands here run nothing the repository names, so its owner does not matter (CI containers and
  // mounted checkouts often belong to another user, which git otherwise refuses)
  "-c", "safe.directory=*",
];

/** Runs one read-only git command in `cwd`. @throws GitDiffError with git's first error line */
/** The environment git runs in: nothing of the user's git configuration, no prompt, no pager, no fetch. */
function gitEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LC_ALL: "C",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_TERMINAL_PROMPT: "0",
    GIT_OPTIONAL_LOCKS: "0",
    GIT_PAGER: "cat",
    GIT_NO_REPLACE_OBJECTS: "1",
    // only this (made-up) protocol is allowed, whatever the configuration says; and no fetch of missing objects
    GIT_ALLOW_PROTOCOL: "none",
    GIT_NO_LAZY_FETCH: "1",
  };
}

/** The arguments of a git command: the safe configuration first (see {@link SAFE_CONFIG}). */
const gitArgs = (args: readonly string[]): string[] => ["--no-pager", "--no-optional-locks", ...SAFE_CONFIG, ...args];

/** The GitDiffError of a failed git process: its first line of error output, else the error's message. */
function gitFailure(err: unknown): GitDiffError {
  const e = err as NodeJS.ErrnoException & { stderr?: Buffer };
  if (e.code === "ENOENT") return new GitDiffError("--diff needs git, and git was not found on PATH");
  const first = (e.stderr?.toString("utf8") ?? e.message).split("\n").find((l) => l.trim()) ?? "git failed";
  return new GitDiffError(first.replace(/^(fatal|error): /, "").trim());
}

/** Runs git in `cwd` with `args` (and `input` on its standard input); its standard output. @throws GitDiffError */
function git(cwd: string, args: readonly string[], input?: string): Buffer {
  try {
    return execFileSync("git", gitArgs(args), {
      cwd,
      env: gitEnv(),
      stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
      input,
      maxBuffer: 1 << 30,
    });
  } catch (err) {
    throw gitFailure(err);
  }
}

/** {@link git} without waiting: the process runs while this thread goes on. Rejects with a GitDiffError. */
function gitLater(cwd: string, args: readonly string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile("git", gitArgs(args), { cwd, env: gitEnv(), encoding: "buffer", maxBuffer: 1 << 30 }, (err, stdout, stderr) => (err ? reject(gitFailure(Object.assign(err, { stderr }))) : resolve(stdout)));
  });
}

/**
 * Resolves `rev` in the repository holding `cwd` and prepares {@link GitBaseline.isChanged}.
 * @param rev a revision git understands (`main`, `HEAD~3`, a commit id); never read as an option
 * @param cwd a directory inside the repository
 * @throws GitDiffError when `cwd` is not in a git repository, `rev` is not a commit, or git fails
 */
export function gitBaseline(rev: string, cwd: string): GitBaseline {
  if (!rev || rev.startsWith("-")) throw new GitDiffError(`--diff: '${rev}' is not a revision`);
  // a range or an exclusion names several commits: the comparison needs one
  if (rev.startsWith("^") || rev.includes("..")) throw new GitDiffError(`--diff: '${rev}' names a range of commits; give the one revision to compare with (e.g. main, HEAD~1)`);
  let root: string | undefined;
  let format: string | undefined;
  let commit: string | undefined;
  let head: string | undefined;
  // the usual case in one process: top level, object format, the revision's commit and HEAD's, one per line
  try {
    // some versions of git (2.39 here) print `--end-of-options` back as a line of its own
    const lines = git(cwd, ["rev-parse", "--show-toplevel", "--show-object-format", "--end-of-options", `${rev}^{commit}`, "HEAD^{commit}"]).toString("utf8").split("\n").filter((l) => l !== "--end-of-options");
    if (lines.length === 5 && lines[4] === "" && OBJECT_ID.test(lines[2]) && OBJECT_ID.test(lines[3])) [root, format, commit, head] = lines;
  } catch {
    /* asked one at a time below, for the right message */
  }
  if (root === undefined || commit === undefined) {
    // git before 2.25 echoes the unknown `--show-object-format`: read as "not sha256"
    [root, format] = git(cwd, ["rev-parse", "--show-toplevel", "--show-object-format"]).toString("utf8").split("\n");
    try {
      commit = git(root, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${rev}^{commit}`]).toString("utf8").trim();
    } catch {
      // a message search (`:/fix`, `main^{/fix}`) takes all that follows as its text, `^{commit}` included:
      // the revision is resolved on its own first, then its object peeled to a commit
      try {
        const object = git(root, ["rev-parse", "--verify", "--quiet", "--end-of-options", rev]).toString("utf8").trim();
        if (OBJECT_ID.test(object)) commit = git(root, ["rev-parse", "--verify", "--quiet", `${object}^{commit}`]).toString("utf8").trim();
      } catch {
        /* not a revision at all */
      }
    }
    if (!commit || !OBJECT_ID.test(commit)) throw new GitDiffError(`--diff: '${rev}' is not a commit of the repository at ${root}`);
    try {
      head = git(root, ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"]).toString("utf8").trim() || undefined;
    } catch {
      head = undefined; // no commit on the current branch yet: every file is new
    }
  }
  // files a commit since `rev` touched
  const committed = new Set<string>();
  if (head && head !== commit) {
    const out = git(root, ["diff-tree", "-r", "-z", "--name-only", "--no-renames", "--no-ext-diff", "--no-textconv", commit, head]);
    for (const p of out.toString("utf8").split("\0")) if (p) committed.add(path.join(root, p));
  }
  // blob ids at HEAD, by absolute path: read by a process that runs while the caller goes on (`ready`)
  let atHead: Tree | undefined = head ? undefined : { files: new Map(), links: new Map(), submodules: [] };
  const top = root;
  const pending = head
    ? gitLater(root, ["ls-tree", "-r", "-z", "--full-tree", head]).then(
        (out) => void (atHead ??= parseTree(top, out)),
        () => undefined, // met again, with its message, when the tree is read below
      )
    : Promise.resolve();
  const headTree = (): Tree => (atHead ??= treeOf(top, head!));
  // and at `rev`, asked for only when the content there is wanted
  let atRev: Tree | undefined;
  const revTree = (): Tree => (atRev ??= commit === head ? headTree() : treeOf(root!, commit!));
  const algorithm = format?.trim() === "sha256" ? "sha256" : "sha1";
  const realRoot = fs.realpathSync(root);
  /** The path inside the repository's top level naming `absPath`, or undefined when it is outside. */
  const inRepo = (absPath: string): string | undefined => {
    const p = path.resolve(absPath);
    if (p.startsWith(root + path.sep)) return p;
    // the same file reached through a symbolic link to the repository's directory
    try {
      const real = fs.realpathSync(p);
      if (real.startsWith(realRoot + path.sep)) return path.join(root, path.relative(realRoot, real));
    } catch {
      /* outside, or gone */
    }
    return undefined;
  };
  /**
   * The path in the repository whose bytes `p` reads through symbolic links, when each link on the way is one
   * HEAD has, with the same text, untouched by a commit since `rev` (so the link says now what it said there);
   * undefined otherwise. `p` itself when no link is on the way.
   */
  const throughLinks = (p: string): string | undefined => {
    // one link at a time, each checked, then on from what it names (a chain `lib -> safe -> safe2` is three checks)
    let rest = path.relative(root!, p).split(path.sep);
    let at = root!;
    for (let hops = 0; rest.length; ) {
      const next = path.join(at, rest[0]);
      rest = rest.slice(1);
      let isLink: boolean;
      try {
        isLink = fs.lstatSync(next).isSymbolicLink();
      } catch {
        return undefined;
      }
      if (!isLink) {
        at = next;
        continue;
      }
      const text = ++hops > 40 ? undefined : linkText(next, headTree().links.get(next));
      if (text === undefined) return undefined;
      let target = path.resolve(path.dirname(next), text.toString("utf8"));
      if (target.startsWith(realRoot + path.sep)) target = path.join(root!, path.relative(realRoot, target));
      if (!target.startsWith(root + path.sep)) return undefined;
      rest = [...path.relative(root!, target).split(path.sep), ...rest];
      at = root!;
    }
    return at;
  };
  /**
   * The text of the symbolic link at `p` when it is the link `id` names in a tree (still a link, the same text,
   * untouched by a commit since `rev`); undefined when it is not, or is gone.
   */
  const linkText = (p: string, id: string | undefined): Buffer | undefined => {
    if (id === undefined || committed.has(p)) return undefined;
    try {
      const text = fs.readlinkSync(p, { encoding: "buffer" });
      return blobId(text, algorithm) === id ? text : undefined;
    } catch {
      return undefined; // gone, or not a link
    }
  };
  /** Regular files of `rev`'s tree that `wanted` accepts, sorted. */
  const filesAt = (wanted: (absPath: string) => boolean): string[] => [...revTree().files].flatMap(([p, id]) => (id !== undefined && wanted(p) ? [p] : [])).sort();
  /** See {@link GitBaseline.isChanged}. */
  const isChanged = (absPath: string, known?: Uint8Array | ((algorithm: "sha1" | "sha256") => string | undefined)): boolean => {
    const p = inRepo(absPath);
    if (p === undefined) return true;
    if (committed.has(p)) return true;
    const { files: blobs, links } = headTree();
    const id = blobs.get(p);
    if (!id) {
      // a committed symbolic link (git keeps its text, not the target's bytes), or a file reached through one:
      // unchanged when the links are and the file they lead to is
      const target = links.has(p) || !blobs.has(p) ? throughLinks(p) : undefined;
      if (target !== undefined && target !== p) return isChanged(target, known);
      return true; // new since HEAD (untracked or outside the repository), or a submodule
    }
    if (typeof known === "function") {
      const given = known(algorithm);
      if (given === id) return false;
      if (given !== undefined) known = undefined; // differs as it is: read below, for line endings only
    }
    let content = known instanceof Uint8Array ? known : undefined;
    if (!content) {
      try {
        content = fs.readFileSync(p);
      } catch {
        return true; // let the scan report why it cannot be read
      }
    }
    // a checkout under `eol=crlf` (or `core.autocrlf`) has CRLF where the blob has LF: the same lines, unchanged
    return blobId(content, algorithm) !== id && blobId(withoutCarriageReturns(content), algorithm) !== id;
  };
  return {
    root,
    rev,
    commit,
    contentAt(absPaths: readonly string[]): Map<string, Buffer | null | undefined> {
      const out = new Map<string, Buffer | null | undefined>();
      const wanted = new Map<string, string[]>();
      const tree = revTree().files;
      for (const a of absPaths) {
        const p = inRepo(a) ?? removedPathIn(root!, a);
        if (p === undefined) {
          out.set(a, undefined);
          continue;
        }
        if (!tree.has(p)) {
          // under a tree entry that is not a directory (a submodule, whose files are in its own objects, or a
          // symbolic link the file was reached through): not known here; else the revision had no file there
          out.set(a, ancestorsOf(root!, p).some((d) => tree.has(d)) ? undefined : null);
          continue;
        }
        const id = tree.get(p);
        if (id === undefined) out.set(a, undefined); // a symbolic link or a submodule there
        else wanted.set(id, [...(wanted.get(id) ?? []), a]);
      }
      if (wanted.size) {
        let blobsRead = new Map<string, Buffer>();
        try {
          blobsRead = readBlobs(root!, [...wanted.keys()]);
        } catch {
          // a partial clone's missing blob ends `cat-file` (the fetch is refused): none of them is known
        }
        for (const [id, paths] of wanted) for (const a of paths) out.set(a, blobsRead.get(id));
      }
      return out;
    },
    removedSince: (wanted) => filesAt((p) => (!wanted || wanted(p)) && isGone(p)),
    submodulesAt: () => [...revTree().submodules],
    hasLinks: (wanted) => [...revTree().links.keys()].some(wanted),
    linksChangedSince: (wanted) => [...revTree().links].some(([p, id]) => wanted(p) && linkText(p, id) === undefined),
    filesAt,
    isChanged,
    ready: () => pending,
  };
}

/** Whether nothing is at `p` now (no entry, or a file where a directory on the way was). */
function isGone(p: string): boolean {
  try {
    fs.lstatSync(p);
    return false;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === "ENOENT" || code === "ENOTDIR";
  }
}

/** The directories between the repository's top level (excluded) and `p` (excluded), outermost first. */
function ancestorsOf(root: string, p: string): string[] {
  const out: string[] = [];
  for (let d = path.dirname(p); d.startsWith(root + path.sep); d = path.dirname(d)) out.unshift(d);
  return out;
}

/**
 * A removed file's path inside the repository (it has no real path to resolve): `absPath` itself when it lies under
 * the top level as given. Paths reached through a link to the repository resolve while they exist (`inRepo`).
 */
function removedPathIn(root: string, absPath: string): string | undefined {
  const p = path.resolve(absPath);
  return p.startsWith(root + path.sep) ? p : undefined;
}

/**
 * A commit's tree by absolute path: `files` maps each entry to a regular file's blob id, or to undefined for a
 * symbolic link or a submodule (whose content is not a file's bytes); `links` gives symbolic links' blob ids (of
 * the link's text); `submodules` lists the submodules' directories.
 */
interface Tree {
  files: Map<string, string | undefined>;
  links: Map<string, string>;
  submodules: string[];
}

/** Lists a commit's tree (`git ls-tree -r`). @throws GitDiffError when git fails */
function treeOf(root: string, commit: string): Tree {
  return parseTree(root, git(root, ["ls-tree", "-r", "-z", "--full-tree", commit]));
}

/** The {@link Tree} of `git ls-tree -r -z --full-tree` output (`out`) in the repository at `root`. */
function parseTree(root: string, out: Buffer): Tree {
  const tree: Tree = { files: new Map(), links: new Map(), submodules: [] };
  for (const entry of out.toString("utf8").split("\0")) {
    const tab = entry.indexOf("\t");
    if (tab < 0) continue;
    const [mode, type, id] = entry.slice(0, tab).split(" ");
    const p = path.join(root, entry.slice(tab + 1));
    tree.files.set(p, type === "blob" && mode !== "120000" ? id : undefined);
    if (type === "blob" && mode === "120000") tree.links.set(p, id);
    if (type === "commit") tree.submodules.push(p);
  }
  return tree;
}

/**
 * Blobs by id, read in one `git cat-file --batch` (no filters, no textconv: the bytes as stored). An id git
 * reports missing is left out. @throws GitDiffError when git fails
 */
function readBlobs(root: string, ids: readonly string[]): Map<string, Buffer> {
  const out = git(root, ["cat-file", "--batch"], ids.join("\n") + "\n");
  const blobs = new Map<string, Buffer>();
  let at = 0;
  while (at < out.length) {
    const eol = out.indexOf(10, at);
    if (eol < 0) break;
    const header = out.subarray(at, eol).toString("utf8").split(" ");
    at = eol + 1;
    if (header.length !== 3) continue; // `<id> missing`
    const size = Number(header[2]);
    if (!Number.isSafeInteger(size) || size < 0 || at + size > out.length) break;
    if (header[1] === "blob") blobs.set(header[0], out.subarray(at, at + size));
    at += size + 1; // the content is followed by a newline
  }
  return blobs;
}

/** `bytes` with each CR that precedes an LF left out (CRLF line endings made LF); `bytes` itself when none is. */
export function withoutCarriageReturns(bytes: Uint8Array): Uint8Array {
  if (bytes.indexOf(13) < 0) return bytes;
  const out = Buffer.allocUnsafe(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 13 || bytes[i + 1] !== 10) out[n++] = bytes[i];
  return out.subarray(0, n);
}

/** Git's object id of a blob with this content (`sha1("blob " + size + "\0" + bytes)`). */
export function blobId(bytes: Uint8Array, algorithm: "sha1" | "sha256" = "sha1"): string {
  return createHash(algorithm).update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}
