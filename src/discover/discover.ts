/**
 * Discovery: which files to scan, from the paths given on the command line.
 *
 * Directories are walked iteratively, honouring `.gitignore` files (nested ones too, via the `ignore`
 * package), default excludes, `--exclude`/`--extend-exclude` globs (picomatch; a leading `./` is
 * accepted), and never following a symbolic link out of its root or round a loop.
 */
import fs from "node:fs";
import path from "node:path";
import ignore, { type Ignore } from "ignore";
import picomatch from "picomatch";
import { classifyByName, isPythonName, isPythonShebang, isTestPath, moduleNameOf, type FileKind } from "./classify.js";
import { readRegularFile } from "./read.js";

/** Directory names never descended into unless the exclude list is replaced. */
export const DEFAULT_EXCLUDES: readonly string[] = [
  ".git", ".hg", ".svn", ".bzr", ".venv", "venv", ".tox", ".nox", "__pycache__", "node_modules", "build",
  "dist", "site-packages", ".eggs", "*.egg-info", ".mypy_cache", ".pytest_cache", ".ruff_cache",
  ".pyward_cache", "__pypackages__", ".direnv",
];

/** One file to scan. */
export interface DiscoveredFile {
  /** Path as reported: relative to the current directory, `/` separators. */
  path: string;
  absPath: string;
  /** Path relative to its scan root, `/` separators. */
  relPath: string;
  kind: FileKind;
  isTest: boolean;
  /** Dotted module name (Python files). */
  moduleName: string;
  /** Size in bytes from `lstat`/`stat`. */
  size: number;
  /** Named explicitly on the command line. */
  explicit: boolean;
}

/** Something discovery passed over, and why (a link out of the root, an unreadable directory…). */
export interface DiscoveryNote {
  path: string;
  reason: string;
}

/** Discovery options. */
export interface DiscoverOptions {
  /** Current directory for display paths (default `process.cwd()`). */
  cwd?: string;
  /** Replaces {@link DEFAULT_EXCLUDES}. Globs match a path relative to the root, or a bare name anywhere. */
  exclude?: readonly string[];
  /** Added to the excludes. */
  extendExclude?: readonly string[];
  /** Apply excludes to files named explicitly too (pre-commit passes staged files by name). */
  forceExclude?: boolean;
  /** Honour `.gitignore` files (default true). */
  gitignore?: boolean;
  /**
   * Exclude globs anchored at another directory than the scan root (a configuration file's directory):
   * each glob is matched against the path relative to `base`, like {@link DiscoverOptions.extendExclude}.
   */
  excludeFrom?: readonly { base: string; globs: readonly string[] }[];
}

/** Result of discovery. */
export interface Discovery {
  files: DiscoveredFile[];
  notes: DiscoveryNote[];
  /** Absolute paths of the `.gitignore` files that decided what was passed over (changed-files mode compares them). */
  ignoreFiles: string[];
  /**
   * The status of each file found by walking a directory, taken then (by absolute path, following links; times in
   * nanoseconds): the file-hash index (`src/engine/file-hashes.ts`) compares it instead of asking again.
   */
  stats: Map<string, fs.BigIntStats>;
}

/** Raised for a path on the command line that does not exist (a usage error, exit 2). */
export class MissingPathError extends Error {}

const toSlash = (p: string): string => p.split(path.sep).join("/");

/** Globs longer than this many characters are refused (the glob compilers fail on very long ones). */
export const MAX_GLOB_LENGTH = 4096;

/** An exclude glob longer than {@link MAX_GLOB_LENGTH}: a configuration error (exit 2), with the glob's start. */
export class GlobTooLongError extends Error {
  constructor(glob: string) {
    super(`exclude glob of ${glob.length} characters is longer than the ${MAX_GLOB_LENGTH} allowed: ${JSON.stringify(glob.slice(0, 60))}…`);
  }
}

/**
 * Builds the matcher for exclude globs (`./build/**`, `tests/`, `*.gen.py`, `legacy`): a glob with a `/` inside,
 * or starting with `./` or `/`, matches the path from the scan root; any other matches a name anywhere.
 * @throws GlobTooLongError for a glob longer than {@link MAX_GLOB_LENGTH} characters
 */
export function excludeMatcher(globs: readonly string[]): (relPath: string, isDir: boolean) => boolean {
  const full: string[] = [];
  const names: string[] = [];
  for (const raw of globs) {
    let g = raw.trim().replace(/\\/g, "/");
    if (!g) continue;
    // `./scripts/` and `/scripts` name the directory at the scan root, not every `scripts` below it
    const anchored = g.startsWith("./") || g.startsWith("/");
    while (g.startsWith("./")) g = g.slice(2);
    if (g.endsWith("/")) g = g.slice(0, -1);
    if (!g) continue;
    if (g.length > MAX_GLOB_LENGTH) throw new GlobTooLongError(raw);
    if (anchored || g.includes("/")) {
      full.push(g.startsWith("/") ? g.slice(1) : g);
      if (!g.endsWith("/**")) full.push(`${g.startsWith("/") ? g.slice(1) : g}/**`);
    } else names.push(g);
  }
  const fullMatch = full.length ? picomatch(full, { dot: true }) : () => false;
  const nameGlobs = names.length ? picomatch(names, { dot: true }) : () => false;
  // the verdict on each name, once: a directory's name is asked again for every path below it
  const verdicts = new Map<string, boolean>();
  const nameMatch = (name: string): boolean => {
    let v = verdicts.get(name);
    if (v === undefined) verdicts.set(name, (v = nameGlobs(name)));
    return v;
  };
  return (relPath, _isDir) => {
    if (!relPath) return false;
    if (fullMatch(relPath)) return true;
    return relPath.split("/").some(nameMatch);
  };
}

/** Largest `.gitignore` read, in bytes. */
const MAX_GITIGNORE_BYTES = 1 << 20;

/**
 * The patterns of one ignore file and where they apply: a `.gitignore` in the walk (`dir`, relative to the walk's
 * root, "" for the root) or above it (`prefix`: the root's path relative to the file's directory, with a trailing
 * slash, put before a path under the root to match it).
 */
interface GitignoreLayer {
  dir: string;
  prefix?: string;
  ig: Ignore;
}

/**
 * The patterns of a directory's `.gitignore`; undefined when there is none or it cannot be read. A pattern
 * longer than {@link MAX_GLOB_LENGTH} characters (which the matcher cannot compile) is left out, and so is one
 * the matcher rejects, each with a note naming the file and line: a hostile `.gitignore` in a scanned
 * repository must not stop the scan.
 */
function readGitignore(absDir: string, notes: DiscoveryNote[], shown: (abs: string) => string, file = path.join(absDir, ".gitignore")): Ignore | undefined {
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined; // a path too long, a directory that cannot be searched: no .gitignore to read
  }
  if (!st) return undefined;
  const where = shown(file);
  if (st.isSymbolicLink()) {
    // as git does: a `.gitignore` that is a symbolic link is not read (it could name a file outside the tree)
    notes.push({ path: where, reason: "a symbolic link; not read (as git)" });
    return undefined;
  }
  // never blocks or reads without end (a link to /dev/zero or a FIFO), nor holds more than a megabyte
  const read = readRegularFile(file, MAX_GITIGNORE_BYTES);
  if (!read.ok) {
    notes.push({ path: where, reason: read.kind === "oversize" ? `larger than ${MAX_GITIGNORE_BYTES} bytes; not read` : "not a regular file; not read" });
    return undefined;
  }
  const text = read.bytes.toString("utf8");
  // as git on a case-sensitive file system (core.ignorecase false): `Generated/` does not match `generated`
  const ig = ignore({ ignorecase: false });
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.length > MAX_GLOB_LENGTH) {
      notes.push({ path: where, reason: `line ${i + 1}: pattern of ${line.length} characters ignored (longer than ${MAX_GLOB_LENGTH})` });
      return;
    }
    try {
      const probe = ignore({ ignorecase: false }).add(line);
      probe.ignores("probe"); // compiles the pattern: a bad one throws here, not in the middle of the walk
      ig.add(line);
    } catch (err) {
      notes.push({ path: where, reason: `line ${i + 1}: pattern ignored (${String((err as Error)?.message ?? err).split("\n")[0].slice(0, 120)})` });
    }
  });
  return ig;
}

/**
 * The ignore files above `root` that git applies to it, when `root` lies in a git work tree (its top: the nearest
 * of `root` and its ancestors holding a `.git` entry, a directory, or a file in a worktree or submodule): the top's
 * `.git/info/exclude`, and the `.gitignore` of every directory from the top down to `root`'s parent. Their patterns
 * apply to the paths under `root`, not to `root` and its parents: that directory was asked for by name (as ripgrep
 * does; scanning a Python installed under a git checkout, `~/.pyenv` with its `/versions` pattern, must not find
 * nothing). Outside a work tree, none. `files`: the `.gitignore` files among them.
 */
function ancestorLayers(root: string, notes: DiscoveryNote[], shown: (abs: string) => string): { layers: GitignoreLayer[]; files: string[] } {
  const above: string[] = [];
  let top: string | undefined;
  let gitEntry: fs.Stats | undefined;
  for (let dir = root; ; dir = path.dirname(dir)) {
    gitEntry = gitEntryOf(dir);
    if (gitEntry) {
      top = dir;
      break;
    }
    if (path.dirname(dir) === dir) break;
    above.push(path.dirname(dir));
  }
  if (!top) return { layers: [], files: [] };
  const found: { file: string; base: string }[] = [];
  if (gitEntry!.isDirectory()) found.push({ file: path.join(top, ".git", "info", "exclude"), base: top });
  for (const dir of above.reverse()) found.push({ file: path.join(dir, ".gitignore"), base: dir });
  const layers: GitignoreLayer[] = [];
  const files: string[] = [];
  for (const { file, base } of found) {
    const ig = readGitignore(base, notes, shown, file);
    if (!ig) continue;
    const prefix = base === root ? "" : `${toSlash(path.relative(base, root))}/`;
    layers.push({ dir: "", prefix, ig });
    // the work tree's files only: changed-files mode compares them with the revision, which has no .git/info/exclude
    if (path.basename(file) === ".gitignore") files.push(file);
  }
  return { layers, files };
}

/** The `.git` entry of `dir` (a directory, or a file in a worktree or submodule): `dir` is the top of a work tree. */
function gitEntryOf(dir: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(path.join(dir, ".git"), { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/**
 * Whether git ignores `relPath` (relative to the walk's root) by `layers` (shallowest first): as git, the last
 * pattern matching the path itself decides, the deeper files' after the shallower ones', so a deeper `!name`
 * re-includes what a shallower file excluded (`!generated/` too). The directories above the path are not asked
 * again: the walk does not go into an excluded one, and the scan root was named.
 */
function ignoredByGit(layers: GitignoreLayer[], relPath: string, isDir: boolean): boolean {
  for (let i = layers.length - 1; i >= 0; i--) {
    const layer = layers[i];
    const sub = layer.prefix !== undefined ? layer.prefix + relPath : layer.dir ? relPath.slice(layer.dir.length + 1) : relPath;
    if (!sub) continue;
    const verdict = ownVerdict(layer.ig, isDir ? `${sub}/` : sub);
    if (verdict.ignored) return true;
    if (verdict.unignored) return false;
  }
  return false;
}

/**
 * What the patterns of `ig` say of `target` itself, its parent directories left out. The `ignore` package's public
 * methods take the parents into account (a file under an excluded directory is excluded), which would undo a deeper
 * file's `!dir/`; its rule list answers for the path alone. Pinned at 7.0.17 (package.json), and held to git's own
 * answers by `tests/discover/gitignore-above.test.ts`; should the rule list go, the public answer is the fallback.
 */
function ownVerdict(ig: Ignore, target: string): { ignored: boolean; unignored: boolean } {
  const rules = (ig as unknown as { _rules?: { test?: (path: string, mode: string) => { ignored: boolean; unignored: boolean } } })._rules;
  return typeof rules?.test === "function" ? rules.test(target, "regex") : ig.test(target);
}

function readHead(absPath: string): Uint8Array {
  let fd: number | undefined;
  try {
    fd = fs.openSync(absPath, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const buf = Buffer.alloc(256);
    const n = fs.readSync(fd, buf, 0, 256, 0);
    return buf.subarray(0, n);
  } catch {
    return new Uint8Array();
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * The exclusion tests of a discovery: `excluded` by a path relative to the walk's root (default and given
 * globs), `excludedFrom` by an absolute path (globs anchored at a configuration file's directory).
 */
function exclusions(options: DiscoverOptions, cwd: string): { excluded: (rel: string, isDir: boolean) => boolean; excludedFrom: (abs: string, isDir: boolean) => boolean } {
  const excluded = excludeMatcher([...(options.exclude ?? DEFAULT_EXCLUDES), ...(options.extendExclude ?? [])]);
  const anchored = (options.excludeFrom ?? []).map((e) => ({ base: path.resolve(cwd, e.base), match: excludeMatcher(e.globs) }));
  const excludedFrom = (abs: string, isDir: boolean): boolean =>
    anchored.some((a) => {
      const rel = toSlash(path.relative(a.base, abs));
      return rel !== "" && rel !== ".." && !rel.startsWith("../") && !path.isAbsolute(rel) && a.match(rel, isDir);
    });
  return { excluded, excludedFrom };
}

/**
 * Finds the files to scan under `inputs` (files or directories).
 * @throws MissingPathError when an input path does not exist
 */
export function discover(inputs: readonly string[], options: DiscoverOptions = {}): Discovery {
  const cwd = options.cwd ?? process.cwd();
  const { excluded, excludedFrom } = exclusions(options, cwd);
  const useGit = options.gitignore !== false;
  const files = new Map<string, DiscoveredFile>();
  const notes: DiscoveryNote[] = [];
  const ignoreFiles: string[] = [];
  const stats = new Map<string, fs.BigIntStats>();
  const display = (abs: string): string => toSlash(path.relative(cwd, abs)) || ".";

  for (const input of inputs.length ? inputs : ["."]) {
    const abs = path.resolve(cwd, input);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ELOOP") throw new MissingPathError(`${input}: a symbolic link loop`);
      if (code === "EACCES") throw new MissingPathError(`${input}: permission denied (EACCES)`);
      if (code === "ENOENT" && input.includes("\uFFFD")) throw new MissingPathError(`${input}: no such file or directory (a name that is not valid UTF-8 cannot be given to Node.js)`);
      throw new MissingPathError(`${input}: no such file or directory`);
    }
    if (!st.isDirectory()) {
      const root = path.dirname(abs);
      const rel = path.basename(abs);
      const relFromCwd = toSlash(path.relative(cwd, abs));
      if (options.forceExclude && (excluded(relFromCwd, false) || excluded(rel, false) || excludedFrom(abs, false))) continue;
      if (!st.isFile()) {
        notes.push({ path: display(abs), reason: "not a regular file" });
        continue;
      }
      const kind = classifyByName(abs) ?? "python";
      let real = abs;
      try {
        real = fs.realpathSync(abs);
      } catch {
        /* keep abs */
      }
      files.set(real, { path: display(abs), absPath: abs, relPath: rel, kind, isTest: isTestPath(relFromCwd), moduleName: moduleNameOf(rel), size: st.size, explicit: true });
      continue;
    }
    walk(abs);
  }

  function walk(root: string): void {
    let realRoot: string;
    try {
      realRoot = fs.realpathSync(root);
    } catch {
      realRoot = root;
    }
    const visited = new Set<string>([realRoot]);
    const stack: { abs: string; real: string; rel: string; layers: GitignoreLayer[] }[] = [];
    const above = useGit ? ancestorLayers(root, notes, display) : { layers: [], files: [] };
    ignoreFiles.push(...above.files);
    const rootIg = useGit ? readGitignore(root, notes, display) : undefined;
    if (rootIg) ignoreFiles.push(path.join(root, ".gitignore"));
    stack.push({ abs: root, real: realRoot, rel: "", layers: rootIg ? [...above.layers, { dir: "", ig: rootIg }] : above.layers });
    while (stack.length) {
      const { abs, real, rel, layers } = stack.pop()!;
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(abs, { withFileTypes: true });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // a name whose bytes are not UTF-8 comes out of the listing above with U+FFFD in their place
        const why = code === "ENOENT" && abs.includes("\uFFFD") ? "cannot read directory (ENOENT): its name is not valid UTF-8, which Node.js cannot open by name" : `cannot read directory (${code ?? "error"})`;
        notes.push({ path: display(abs), reason: why });
        continue;
      }
      // real entries first, then symbolic links, so a link to a directory already in the tree is the one skipped
      entries.sort((a, b) => Number(a.isSymbolicLink()) - Number(b.isSymbolicLink()) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const subdirs: { abs: string; real: string; rel: string; layers: GitignoreLayer[] }[] = [];
      for (const entry of entries) {
        const childAbs = path.join(abs, entry.name);
        const childRel = rel ? `${rel}/${entry.name}` : entry.name;
        let childReal = path.join(real, entry.name);
        let isDir = entry.isDirectory();
        let isFile = entry.isFile();
        if (entry.isSymbolicLink()) {
          try {
            childReal = fs.realpathSync(childAbs);
          } catch (err) {
            notes.push({ path: display(childAbs), reason: linkProblem(err) });
            continue;
          }
          if (childReal !== realRoot && !childReal.startsWith(realRoot + path.sep)) {
            notes.push({ path: display(childAbs), reason: "symbolic link leaves the scan root; not followed" });
            continue;
          }
          try {
            const st = fs.statSync(childReal);
            isDir = st.isDirectory();
            isFile = st.isFile();
          } catch {
            continue;
          }
          if (isDir && visited.has(childReal)) {
            notes.push({ path: display(childAbs), reason: "symbolic link to a directory already scanned (or a loop); not followed" });
            continue;
          }
        }
        if (excluded(childRel, isDir) || excludedFrom(childAbs, isDir)) continue;
        if (useGit && layers.length && ignoredByGit(layers, childRel, isDir)) continue;
        if (isDir) {
          if (fs.existsSync(path.join(childAbs, "pyvenv.cfg"))) {
            // a virtualenv under another name: passed over, and said (a repository can plant the marker to hide a package)
            notes.push({ path: display(childAbs), reason: "a virtual environment (it holds pyvenv.cfg); not scanned" });
            continue;
          }
          visited.add(childReal);
          const ig = useGit ? readGitignore(childAbs, notes, display) : undefined;
          if (ig) ignoreFiles.push(path.join(childAbs, ".gitignore"));
          // a nested work tree (a repository or submodule inside): git reads its files by its own ignore files only
          let outer = layers;
          const nested = useGit ? gitEntryOf(childAbs) : undefined;
          if (nested) {
            const ex = nested.isDirectory() ? readGitignore(childAbs, notes, display, path.join(childAbs, ".git", "info", "exclude")) : undefined;
            outer = ex ? [{ dir: childRel, ig: ex }] : [];
          }
          subdirs.push({ abs: childAbs, real: childReal, rel: childRel, layers: ig ? [...outer, { dir: childRel, ig }] : outer });
          continue;
        }
        if (!isFile) {
          // FIFOs, sockets, devices: never opened (a FIFO would wait for a writer), but one named like a file pyward
          // reads is said, so a file the tree seems to hold is not passed over in silence
          if (classifyByName(childAbs)) notes.push({ path: display(childAbs), reason: "not a regular file (a FIFO, socket or device); not read" });
          continue;
        }
        let kind = classifyByName(childAbs);
        if (!kind && !entry.name.includes(".")) {
          if (isPythonShebang(readHead(childAbs))) kind = "python";
        }
        if (!kind) continue;
        if (files.has(childReal) || files.has(childAbs)) continue;
        let size = 0;
        try {
          const st = fs.statSync(childAbs, { bigint: true });
          size = Number(st.size);
          stats.set(childAbs, st);
        } catch {
          size = 0;
        }
        files.set(childReal, {
          path: display(childAbs),
          absPath: childAbs,
          relPath: childRel,
          kind,
          isTest: isTestPath(childRel),
          moduleName: moduleNameOf(childRel),
          size,
          explicit: false,
        });
      }
      for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]);
    }
  }

  const list = [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files: list, notes, ignoreFiles, stats };
}

/**
 * How discovery would have listed a file that no longer exists (`--diff`: a Python file the revision has and the
 * working tree lost), or undefined when discovery would not have listed it: not under a directory among `inputs`,
 * excluded (by a glob, a `.gitignore` of a directory still there, or a virtualenv on its way), or not a Python
 * file by its name (a removed script without `.py` cannot be told by its first line). Same options as {@link discover}.
 */
export function wouldDiscover(inputs: readonly string[], options: DiscoverOptions = {}): (absPath: string) => DiscoveredFile | undefined {
  const cwd = options.cwd ?? process.cwd();
  const { excluded, excludedFrom } = exclusions(options, cwd);
  const roots = (inputs.length ? inputs : ["."]).map((i) => path.resolve(cwd, i)).filter((abs) => {
    try {
      return fs.statSync(abs).isDirectory();
    } catch {
      return false;
    }
  });
  const quiet: DiscoveryNote[] = [];
  const aboveRoot = new Map<string, GitignoreLayer[]>();
  return (absPath) => {
    const abs = path.resolve(absPath);
    if (!isPythonName(abs)) return undefined;
    const root = roots.find((r) => abs.startsWith(r + path.sep));
    if (!root) return undefined;
    const parts = toSlash(path.relative(root, abs)).split("/");
    let above = aboveRoot.get(root);
    if (!above) aboveRoot.set(root, (above = options.gitignore !== false ? ancestorLayers(root, quiet, (p) => p).layers : []));
    const layers: GitignoreLayer[] = [...above];
    let dirAbs = root;
    for (let i = 0; i < parts.length; i++) {
      const rel = parts.slice(0, i + 1).join("/");
      const isDir = i < parts.length - 1;
      if (options.gitignore !== false && fs.existsSync(dirAbs)) {
        const ig = readGitignore(dirAbs, quiet, (p) => p);
        if (ig) layers.push({ dir: parts.slice(0, i).join("/"), ig });
      }
      const childAbs = path.join(dirAbs, parts[i]);
      if (excluded(rel, isDir) || excludedFrom(childAbs, isDir)) return undefined;
      if (layers.length && ignoredByGit(layers, rel, isDir)) return undefined;
      if (isDir && fs.existsSync(path.join(childAbs, "pyvenv.cfg"))) return undefined;
      dirAbs = childAbs;
    }
    const rel = parts.join("/");
    return { path: toSlash(path.relative(cwd, abs)) || ".", absPath: abs, relPath: rel, kind: "python", isTest: isTestPath(rel), moduleName: moduleNameOf(rel), size: 0, explicit: false };
  };
}

/** Why a symbolic link could not be followed (`realpath` failed with `err`), in a few words. */
function linkProblem(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === "ELOOP") return "symbolic link loop; not followed";
  if (code === "EACCES" || code === "EPERM") return `symbolic link to a place this user cannot reach (${code}); not followed`;
  if (code === "ENOENT" || code === "ENOTDIR") return "broken symbolic link";
  return `symbolic link that cannot be followed (${code ?? "error"})`;
}
