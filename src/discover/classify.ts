/**
 * What kind of file a path is, by name (and, for extension-less scripts, by shebang).
 */
import path from "node:path";

/** The kinds of file pyward reads. */
export type FileKind = "python" | "template" | "manifest";

const TEMPLATE_EXTENSIONS = new Set([".html", ".htm", ".jinja", ".jinja2", ".j2", ".djhtml"]);
const LOCKFILES = new Set(["poetry.lock", "pipfile.lock", "uv.lock", "pdm.lock", "pylock.toml"]);

/**
 * Stems of documentation files that sit in a `requirements/` directory without being requirements
 * (`requirements/README.txt`, `requirements/notes.txt`): not read as manifests.
 */
export const DOCUMENT_STEM = /^(readme|license|licence|copying|notice|changelog|changes|history|news|notes|authors|contributors|todo)([-_.]|$)/;

/**
 * Whether a lower-case base name in a directory (lower-case name) is a pip requirements, constraints or
 * pip-tools input file: `requirements*.txt|in`, `constraints*.txt|in`, `*-requirements.txt`,
 * `*_requirements.txt`, `*-constraints.txt` (and `.in`), any `.txt`/`.in` directly in a `requirements/`
 * directory (except documentation: {@link DOCUMENT_STEM}), and other `.in` files whose name has a word
 * `req`, `requirement(s)` or `constraint(s)`. Shared with `manifestKind` in `src/deps/manifests/index.ts`,
 * so that discovery and the audit agree on the names.
 */
export function isRequirementsName(lower: string, parent: string): boolean {
  const m = /^(.+)\.(txt|in)$/.exec(lower);
  if (!m) return false;
  const [, stem, ext] = m;
  if (parent === "requirements") return !DOCUMENT_STEM.test(stem);
  if (/^(requirements|constraints)/.test(stem)) return true;
  if (/[-_.](requirements|constraints)([-_.]|$)/.test(stem)) return true;
  return ext === "in" && /(^|[-_.])(req|reqs|requirements?|constraints?)([-_.]|$)/.test(stem);
}

/**
 * Classifies a file by its name: Python source (`.py`, `.pyw`), template, dependency manifest or lockfile;
 * undefined for anything else (including `.pyi` stubs, which hold no executable code). Pass the path relative
 * to the scan root (`/` or `\` separators) rather than the bare name, so that `requirements/base.txt` is known
 * by its directory. Extension-less scripts need {@link isPythonShebang} on their first bytes.
 */
export function classifyByName(fileName: string): FileKind | undefined {
  if (isPythonName(fileName)) return "python";
  const parts = fileName.split(/[\\/]/).filter((p) => p !== "");
  const lower = (parts[parts.length - 1] ?? "").toLowerCase();
  const parent = (parts[parts.length - 2] ?? "").toLowerCase();
  const ext = path.extname(lower);
  if (ext === ".py" || ext === ".pyw") return "python";
  if (TEMPLATE_EXTENSIONS.has(ext)) return "template";
  if (LOCKFILES.has(lower) || /^pylock\.[^.]+\.toml$/.test(lower)) return "manifest";
  if (lower === "pyproject.toml" || lower === "setup.cfg") return "manifest";
  if (isRequirementsName(lower, parent)) return "manifest";
  return undefined;
}

/**
 * Whether {@link classifyByName} says `python` (`.py` or `.pyw`, any case, on the last non-empty path part),
 * without its splitting and pattern tests: the changed-files mode asks it of every path in a revision's tree.
 */
export function isPythonName(fileName: string): boolean {
  let end = fileName.length;
  while (end > 0 && (fileName[end - 1] === "/" || fileName[end - 1] === "\\")) end--;
  const start = Math.max(fileName.lastIndexOf("/", end - 1), fileName.lastIndexOf("\\", end - 1)) + 1;
  const ext = path.extname(fileName.slice(start, end)).toLowerCase();
  return ext === ".py" || ext === ".pyw";
}

/** True when the first line of a file is a `#!` line naming a Python interpreter (`python`, `python3.12`, `env python3`). */
export function isPythonShebang(head: Uint8Array): boolean {
  if (head[0] !== 0x23 || head[1] !== 0x21) return false;
  let end = head.indexOf(10);
  if (end < 0) end = head.length;
  const line = Buffer.from(head.subarray(0, end)).toString("latin1");
  return /^#!\s*\S*(?:\/|\s)(?:env\s+(?:-\S+\s+)*)?(?:python|pypy)[\d.]*\b/.test(line) || /^#!\s*\S*\/(?:python|pypy)[\d.]*\s*$/.test(line.trimEnd());
}

/**
 * True for test code: `test_*.py`, `*_test.py`, `conftest.py`, or anything under a `tests/` or `test/`
 * directory (relative path, `/` separators).
 */
export function isTestPath(relPath: string): boolean {
  const parts = relPath.split("/");
  const base = parts[parts.length - 1];
  if (/^test_.*\.pyw?$/.test(base) || /_test\.pyw?$/.test(base) || base === "conftest.py") return true;
  return parts.slice(0, -1).some((p) => p === "tests" || p === "test");
}

/** The dotted module name of a Python file from its path relative to the scan root (`pkg/__init__.py` → `pkg`). */
export function moduleNameOf(relPath: string): string {
  const noExt = relPath.replace(/\.pyw?$/, "");
  const parts = noExt.split("/").filter((p) => p && p !== ".");
  if (parts[parts.length - 1] === "__init__") parts.pop();
  return parts.map((p) => p.replace(/[^A-Za-z0-9_]/g, "_")).join(".");
}
