/**
 * pip requirements files (`requirements*.txt`, pip-tools `*.in`), following pip's documented
 * "Requirements File Format" (https://pip.pypa.io/en/stable/reference/requirements-file-format/):
 *
 * - Physical lines: CRLF, CR and LF all end a line; a UTF-8 BOM is dropped.
 * - Comments: a `#` at the start of a line or after whitespace starts a comment to the end of the line;
 *   a `#` glued to other text (`…/x.git#egg=name`) is not a comment. Comments are removed from each physical
 *   line before continuations are joined, so a `\` inside a comment does not continue the line.
 * - Continuations: a line ending in `\` (trailing blanks allowed) is joined with the next one; the logical line
 *   keeps the 1-based number of its first physical line.
 * - `${NAME}` placeholders are expanded from {@link ReadOptions.env} when the name is there, else left as is.
 * - Option lines: `-r`/`--requirement` and `-c`/`--constraint` include another file (resolved against the
 *   including file's directory); `-e`/`--editable` declares an editable requirement; the index and install
 *   options pip allows in a file (`-i`, `--index-url`, `--extra-index-url`, `--no-index`, `-f`,
 *   `--find-links`, `--trusted-host`, `--pre`, `--prefer-binary`, `--no-binary`, `--only-binary`,
 *   `--require-hashes`, `--use-feature`, and old ones pip once accepted) are ignored. An unknown option is a
 *   warning.
 * - Requirement lines: a PEP 508 requirement, a URL or path (named by `#egg=`, or by a wheel / sdist file name;
 *   a wheel (PEP 427) or sdist of that name pins the version it carries, see `dist-filename.ts`), then
 *   per-requirement options: `--hash` (`--hash=alg:hex` or `--hash alg:hex`, any number),
 *   `--global-option`, `--install-option`, `--config-settings`/`-C` (ignored).
 *
 * Decisions (pyward's, not pip's):
 * - Includes are read once each. An include that leads back to a file still being read (a cycle) is skipped
 *   with one warning at the `-r` line; a file included twice without a cycle (a diamond) is skipped silently
 *   the second time. Nesting deeper than 32 files is an error.
 * - Everything reached through `-c` — including that file's own `-r` includes — is a constraint: recorded in
 *   `constraints` with `constraint: true`, never in `dependencies`. A dependency with a constraint of the same
 *   name gets `constrainedBy` (the first such constraint).
 * - Local paths without a name (`.`, `-e ./src/pkg`) are the user's own projects, not index packages: they are
 *   skipped without a problem. A URL whose package name cannot be told is skipped with a warning.
 * - A `-r` / `-c` target that is a URL is not fetched (warning).
 */
import { realpathSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { readManifestText } from "./read-file.js";
import type { Dependency } from "../types.js";
import {
  addProblem,
  checkMarker,
  clip,
  makeDependency,
  normalizeName,
  requirementToDependency,
  splitLines,
  stripBom,
  type ReadContext,
} from "./pep508.js";
import type { ManifestResult, ReadOptions } from "./types.js";
import { directReferenceVersion, distributionFileOf, locationFileName } from "./dist-filename.js";
import { cutTail, restOfLine } from "../../util/text.js";

/**
 * Whether `path` lies outside `root` (both resolved against the working directory), by its path or, for a path
 * that exists, through symbolic links; false when there is no root.
 */
export function outsideRoot(root: string | undefined, path: string): boolean {
  if (root === undefined) return false;
  const out = (r: string, p: string): boolean => {
    const rel = relative(r, p);
    return rel === ".." || rel.startsWith("../") || rel.startsWith("..\\") || isAbsolute(rel);
  };
  if (out(resolve(root), resolve(path))) return true;
  // a symbolic link inside the root that leads out of it (a path that does not exist is not read anyway)
  try {
    return out(realpathSync(root), realpathSync(path));
  } catch {
    return false;
  }
}

/** A logical line: continuations joined, comments removed, with its first physical line. */
export interface LogicalLine {
  text: string;
  line: number;
}

const MAX_DEPTH = 32;

/** Removes a comment: `#` at the start or after whitespace, to the end of the line. */
function stripComment(line: string): string {
  for (let i = 0; i < line.length; i++) {
    if (line[i] === "#" && (i === 0 || /\s/.test(line[i - 1]))) return line.slice(0, i);
  }
  return line;
}

/**
 * Splits requirements-file text into logical lines (see the module comment for the rules). Blank results are
 * dropped.
 */
export function logicalLines(text: string): LogicalLine[] {
  const physical = splitLines(stripBom(text));
  const out: LogicalLine[] = [];
  let pending: string | undefined;
  let start = 0;
  for (let i = 0; i < physical.length; i++) {
    const content = stripComment(physical[i]);
    const cont = /\\[ \t]*$/.exec(content);
    if (cont) {
      const piece = content.slice(0, cont.index);
      if (pending === undefined) {
        pending = piece;
        start = i + 1;
      } else pending += piece;
      continue;
    }
    if (pending !== undefined) {
      out.push({ text: pending + content, line: start });
      pending = undefined;
    } else out.push({ text: content, line: i + 1 });
  }
  if (pending !== undefined) out.push({ text: pending, line: start });
  return out.filter((l) => l.text.trim() !== "");
}

/** Expands `${NAME}` placeholders whose name is in `env`; others stay as written. */
export function expandPlaceholders(text: string, env: ReadOptions["env"]): string {
  if (!env) return text;
  return text.replace(/\$\{([A-Z0-9_]+)\}/g, (whole, name: string) => env[name] ?? whole);
}

/** Splits option text into words: whitespace separates, single or double quotes group. */
function splitWords(text: string): { words: string[]; unclosed: boolean } {
  const words: string[] = [];
  let cur = "";
  let has = false;
  let quote: string | undefined;
  for (const c of text) {
    if (quote) {
      if (c === quote) quote = undefined;
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      has = true;
    } else if (/\s/.test(c)) {
      if (has) words.push(cur);
      cur = "";
      has = false;
    } else {
      cur += c;
      has = true;
    }
  }
  if (has) words.push(cur);
  return { words, unclosed: quote !== undefined };
}

type OptionRole = "requirement" | "constraint" | "editable" | "ignore" | "hash" | "per-requirement";

/** Options pip accepts in a requirements file: their role and whether they take a value. */
const OPTIONS: Record<string, { role: OptionRole; value: boolean }> = {
  "-r": { role: "requirement", value: true },
  "--requirement": { role: "requirement", value: true },
  "-c": { role: "constraint", value: true },
  "--constraint": { role: "constraint", value: true },
  "-e": { role: "editable", value: true },
  "--editable": { role: "editable", value: true },
  "-i": { role: "ignore", value: true },
  "--index-url": { role: "ignore", value: true },
  "--extra-index-url": { role: "ignore", value: true },
  "--no-index": { role: "ignore", value: false },
  "-f": { role: "ignore", value: true },
  "--find-links": { role: "ignore", value: true },
  "--trusted-host": { role: "ignore", value: true },
  "--no-binary": { role: "ignore", value: true },
  "--only-binary": { role: "ignore", value: true },
  "--prefer-binary": { role: "ignore", value: false },
  "--pre": { role: "ignore", value: false },
  "--require-hashes": { role: "ignore", value: false },
  "--use-feature": { role: "ignore", value: true },
  // Accepted by older pip releases; still found in old files.
  "-Z": { role: "ignore", value: false },
  "--always-unzip": { role: "ignore", value: false },
  "--allow-external": { role: "ignore", value: true },
  "--allow-unverified": { role: "ignore", value: true },
  "--allow-all-external": { role: "ignore", value: false },
  "--process-dependency-links": { role: "ignore", value: false },
  // Per-requirement options.
  "--hash": { role: "hash", value: true },
  "--global-option": { role: "per-requirement", value: true },
  "--install-option": { role: "per-requirement", value: true },
  "--config-settings": { role: "per-requirement", value: true },
  "-C": { role: "per-requirement", value: true },
};

interface ParsedOption {
  name: string;
  role: OptionRole;
  value?: string;
}

/** Parses option words; unknown options and missing values become problems at `line`. */
function parseOptions(ctx: ReadContext, line: number, words: string[]): ParsedOption[] {
  const out: ParsedOption[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    let name: string;
    let inline: string | undefined;
    if (word.startsWith("--")) {
      const eq = word.indexOf("=");
      name = eq > 0 ? word.slice(0, eq) : word;
      inline = eq > 0 ? word.slice(eq + 1) : undefined;
    } else if (word.startsWith("-") && word.length >= 2) {
      name = word.slice(0, 2);
      inline = word.length > 2 ? word.slice(2).replace(/^=/, "") : undefined;
    } else {
      addProblem(ctx, line, `unexpected "${word}" among the options`, "warning");
      continue;
    }
    const spec = OPTIONS[name];
    if (!spec) {
      addProblem(ctx, line, `unknown option "${name}" ignored`, "warning");
      continue;
    }
    if (!spec.value) {
      if (inline !== undefined) addProblem(ctx, line, `option ${name} takes no value`, "warning");
      out.push({ name, role: spec.role });
      continue;
    }
    let value = inline;
    if (value === undefined && i + 1 < words.length) value = words[++i];
    if (value === undefined || value === "") {
      addProblem(ctx, line, `option ${name} needs a value`);
      continue;
    }
    out.push({ name, role: spec.role, value });
  }
  return out;
}

/** Index of the first whitespace-preceded `-` outside quotes: where a requirement's options begin. */
function optionsStart(text: string): number {
  let quote: string | undefined;
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "-" && /\s/.test(text[i - 1])) return i;
  }
  return -1;
}

const URL_RE = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/|^file:/i;
const ARCHIVE_RE = /\.(?:whl|tar\.gz|tgz|tar\.bz2|tbz|tar\.xz|txz|tar|zip)$/i;
// The blanks after the extras sit inside the optional group, so a run of blanks has one way to match (with
// `\s*(?:\[…\])?\s*@` both `\s*` shared it: quadratic).
const PEP508_AT_RE = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?\s*(?:\[[^\]]*\]\s*)?@/;

/**
 * Index of the `[` of a trailing `[…]` (no `]` inside) — where `/\[[^\]]*\]$/` matches `text` — or -1. Found
 * from the end: the regex was retried from every `[`, quadratic on a long run of them.
 */
function trailingBracket(text: string): number {
  if (!text.endsWith("]")) return -1;
  const previousClose = text.length >= 2 ? text.lastIndexOf("]", text.length - 2) : -1;
  const open = text.indexOf("[", previousClose + 1);
  return open >= 0 && open < text.length - 1 ? open : -1;
}

/**
 * Splits a trimmed `location ; marker` as `/^(\S+)(?:\s+;\s*(.*))?\s*$/` did (cubic on a long line): the
 * location is the first word; a marker needs whitespace before its `;` (a `;` may be part of a URL) and cannot
 * span a line terminator. Undefined when anything else follows the location, or the text is empty.
 */
function splitLocation(text: string): { location: string; marker?: string } | undefined {
  const end = text.search(/\s/);
  if (end < 0) return text === "" ? undefined : { location: text };
  if (end === 0) return undefined;
  const after = text.slice(end).trimStart();
  if (!after.startsWith(";")) return undefined;
  const marker = restOfLine(after.slice(1));
  return marker === undefined ? undefined : { location: text.slice(0, end), marker };
}

/**
 * Name, extras and version told by a URL or path: `#egg=name[extras]`, or a wheel (PEP 427) / sdist file name.
 * With `#egg=`, the version comes from the file name when that is a file of the same distribution (PEP 503
 * comparison); `otherName` is set when it is the file of another one. A VCS URL tells no version.
 */
function nameFromLocation(location: string): { name: string; extras: string[]; version?: string; otherName?: string } | undefined {
  const hash = location.indexOf("#");
  if (hash >= 0) {
    for (const param of location.slice(hash + 1).split("&")) {
      const [key, value] = param.split("=", 2);
      if (key !== "egg" || !value) continue;
      let decoded = value;
      try {
        decoded = decodeURIComponent(value);
      } catch {
        // a malformed escape: the name as written
      }
      const m = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)(?:\[([^\]]*)\])?$/.exec(decoded);
      if (m) {
        const extras = (m[2] ?? "")
          .split(",")
          .map((e) => e.trim())
          .filter((e) => e !== "");
        const ref = directReferenceVersion(location, m[1]);
        return { name: m[1], extras, ...ref };
      }
    }
  }
  const file = distributionFileOf(location);
  return file ? { name: file.name, extras: [], version: file.version } : undefined;
}

/** Whether a requirement-part is a URL or a local path rather than a PEP 508 requirement. */
function isLocation(text: string): boolean {
  if (PEP508_AT_RE.test(text)) return false;
  if (URL_RE.test(text)) return true;
  const word = text.split(/[\s;]/, 1)[0];
  const bracket = trailingBracket(word);
  const first = bracket < 0 ? word : word.slice(0, bracket);
  return (
    first.includes("/") ||
    first.includes("\\") ||
    first.startsWith(".") ||
    first.startsWith("~") ||
    ARCHIVE_RE.test(first)
  );
}

interface FileState {
  options: ReadOptions;
  readFile: (path: string) => string;
  result: ManifestResult;
  /** Resolved paths of files being read (the include chain), for cycle detection. */
  stack: string[];
  /** `mode:resolved path` of every file already read. */
  done: Set<string>;
}

type Mode = "requirement" | "constraint";

/** A URL / path requirement (non-editable, or editable with `-e`). */
function locationDependency(
  ctx: ReadContext,
  line: number,
  text: string,
  editable: boolean,
  extra: Partial<Dependency>,
): Dependency | undefined {
  // `url ; marker` — the marker needs whitespace before `;`, since `;` may be part of a URL.
  const m = splitLocation(text.trim());
  if (!m) {
    const word = text.trim().split(/\s/, 1)[0];
    // text after the location that is not `; marker` makes the line unreadable (pip rejects it too); a marker
    // running over a line terminator stays a warning
    const garbage = !text.trim().slice(word.length).trimStart().startsWith(";");
    addProblem(
      ctx,
      line,
      garbage
        ? `invalid requirement "${clip(text.trim())}": unexpected text after "${clip(word)}" (only "; marker" may follow a URL or path)`
        : `unexpected text after "${word}"`,
      garbage ? "error" : "warning",
    );
    return undefined;
  }
  const location = m.location;
  const marker = m.marker?.trim() || undefined;
  const named = nameFromLocation(location);
  if (!named) {
    if (URL_RE.test(location) && !location.toLowerCase().startsWith("file:")) {
      addProblem(
        ctx,
        line,
        `cannot tell the package name of "${location}" (add #egg=<name> or use "<name> @ <url>"); not audited`,
        "warning",
      );
    }
    return undefined; // a local project directory: not an index package
  }
  checkMarker(ctx, line, marker);
  if (named.otherName !== undefined) {
    const file = locationFileName(location);
    addProblem(ctx, line, `"${clip(file)}" is a file of ${named.otherName}, not ${named.name} (installers refuse the mismatch); its version is not audited`);
  }
  const bare = cutTail(location, "?#");
  const open = trailingBracket(bare);
  const localExtras = open < 0 ? undefined : bare.slice(open + 1, -1);
  const extras = named.extras.length
    ? named.extras
    : (localExtras ?? "")
        .split(",")
        .map((e) => e.trim())
        .filter((e) => e !== "");
  return makeDependency(ctx, line, {
    ...extra,
    name: named.name,
    extras,
    url: location,
    ...(named.version !== undefined ? { version: named.version } : {}),
    ...(marker !== undefined ? { marker } : {}),
    ...(editable ? { editable: true } : {}),
  });
}

function readOne(file: string, text: string, mode: Mode, state: FileState): void {
  const ctx: ReadContext = { file, kind: "requirements", problems: state.result.problems };
  const key = resolve(file);
  state.stack.push(key);
  state.done.add(`${mode}:${key}`);
  const sink = mode === "constraint" ? state.result.constraints : state.result.dependencies;
  const extra: Partial<Dependency> = mode === "constraint" ? { constraint: true } : {};

  const include = (line: number, target: string, childMode: Mode, option: string): void => {
    if (URL_RE.test(target) && !target.toLowerCase().startsWith("file:")) {
      addProblem(ctx, line, `${option} ${target}: remote requirement files are not fetched`, "warning");
      return;
    }
    const childPath = isAbsolute(target) ? target : join(dirname(file), target);
    const childKey = resolve(childPath);
    const at = state.stack.indexOf(childKey);
    if (at >= 0) {
      addProblem(
        ctx,
        line,
        `${option} ${target} makes an include cycle (${[...state.stack.slice(at), childKey]
          .map((p) => p.split(/[\\/]/).pop())
          .join(" → ")}); it is already being read and is not read again`,
        "warning",
      );
      return;
    }
    if (state.done.has(`${childMode}:${childKey}`)) return;
    if (outsideRoot(state.options.includeRoot, childPath)) {
      addProblem(ctx, line, `${option} ${target}: outside the project (${childPath}); not read, so not audited`);
      return;
    }
    if (state.stack.length >= MAX_DEPTH) {
      addProblem(ctx, line, `${option} ${target}: includes nested more than ${MAX_DEPTH} deep; not read`);
      return;
    }
    let childText: string;
    try {
      childText = state.readFile(childPath);
    } catch (e) {
      addProblem(ctx, line, `${option} ${target}: cannot read ${childPath}: ${(e as Error).message}`);
      return;
    }
    state.result.files.push(childPath);
    readOne(childPath, childText, childMode, state);
  };

  for (const logical of logicalLines(text)) {
    const line = logical.line;
    const body = expandPlaceholders(logical.text, state.options.env).trim();
    if (body.startsWith("-")) {
      const { words, unclosed } = splitWords(body);
      if (unclosed) addProblem(ctx, line, "unclosed quote", "warning");
      for (const opt of parseOptions(ctx, line, words)) {
        if (opt.role === "requirement" || opt.role === "constraint") {
          const childMode: Mode = mode === "constraint" || opt.role === "constraint" ? "constraint" : "requirement";
          include(line, opt.value!, childMode, opt.name);
        } else if (opt.role === "editable") {
          if (mode === "constraint") {
            addProblem(ctx, line, "editable requirements are not allowed in a constraints file", "warning");
            continue;
          }
          const dep = locationDependency(ctx, line, opt.value!, true, extra);
          if (dep) sink.push(dep);
        } else if (opt.role === "hash" || opt.role === "per-requirement") {
          addProblem(ctx, line, `${opt.name} belongs after a requirement on the same line; ignored`, "warning");
        }
      }
      continue;
    }

    const cut = optionsStart(body);
    const reqText = (cut < 0 ? body : body.slice(0, cut)).trim();
    const hashes: string[] = [];
    if (cut >= 0) {
      const { words, unclosed } = splitWords(body.slice(cut));
      if (unclosed) addProblem(ctx, line, "unclosed quote", "warning");
      for (const opt of parseOptions(ctx, line, words)) {
        if (opt.role === "hash") {
          if (/^[A-Za-z0-9]+:[0-9A-Fa-f]+$/.test(opt.value!)) hashes.push(opt.value!);
          else addProblem(ctx, line, `malformed --hash value "${opt.value}" (expected algorithm:hexdigest)`, "warning");
        } else if (opt.role !== "per-requirement") {
          addProblem(ctx, line, `option ${opt.name} cannot follow a requirement; ignored`, "warning");
        }
      }
    }
    const dep = isLocation(reqText)
      ? locationDependency(ctx, line, reqText, false, extra)
      : requirementToDependency(ctx, line, reqText, extra);
    if (!dep) continue;
    if (hashes.length) dep.hashes = hashes;
    sink.push(dep);
  }
  state.stack.pop();
}

/**
 * Reads a requirements file and, through `options.readFile`, every file it includes with `-r` / `-c`.
 * Never throws for bad input: each bad line is a {@link ManifestResult.problems} entry and reading goes on.
 * @param file path of the file as it should be reported; includes are resolved against its directory
 * @param text its content
 */
export function readRequirements(file: string, text: string, options: ReadOptions = {}): ManifestResult {
  const state: FileState = {
    options,
    readFile: options.readFile ?? ((p: string) => readManifestText(p)),
    result: { dependencies: [], constraints: [], problems: [], files: [file] },
    stack: [],
    done: new Set(),
  };
  readOne(file, text, "requirement", state);
  const byName = new Map<string, Dependency>();
  for (const c of state.result.constraints) if (!byName.has(c.normalizedName)) byName.set(c.normalizedName, c);
  for (const dep of state.result.dependencies) {
    const c = byName.get(normalizeName(dep.name));
    if (c) {
      dep.constrainedBy = {
        file: c.file,
        line: c.line,
        specifier: c.specifier,
        ...(c.version !== undefined ? { version: c.version } : {}),
      };
    }
  }
  return state.result;
}
