/**
 * `pyward audit --fix`: rewrite vulnerable pins in requirements files and `pyproject.toml` to the smallest
 * safe version, touching nothing but the version text (and, in requirements files, the bumped entry's
 * `--hash` options, which cannot match the new version). Lockfiles, `setup.cfg` and direct references (a URL
 * or path whose wheel / sdist file name pins the version, PEP 427) are reported, not rewritten. Files are
 * written through a temporary name and a rename; `--dry-run` gives a unified diff.
 */
import type { Dependency, ManifestKind } from "./types.js";
import type { AuditedDependency } from "./audit.js";
import { splitKeepingEnds, unifiedDiff } from "./diff.js";
import { writeFileAtomic } from "./advisories/store.js";
import { readManifestText } from "./manifests/read-file.js";
import { isBlank, isSpace, trimEndWhile } from "../util/text.js";

/** One rewritten pin. */
export interface FixChange {
  file: string;
  /** 1-based line of the entry. */
  line: number;
  name: string;
  from: string;
  to: string;
  /** `--hash` options removed from the entry (requirements files). */
  hashesRemoved: number;
}

/** What `--fix` would do. */
export interface FixPlan {
  /** New text of every file that changes, by path (as in the dependencies), in first-seen order. */
  files: Map<string, { before: string; after: string }>;
  changes: FixChange[];
  /** One-line messages `file:line: …`: hashes to regenerate, lockfiles to update, entries left alone. */
  messages: string[];
}

const LOCK_HINT: Partial<Record<ManifestKind, (name: string) => string>> = {
  "poetry.lock": (n) => `poetry update ${n}`,
  "uv.lock": (n) => `uv lock --upgrade-package ${n}`,
  "Pipfile.lock": (n) => `pipenv update ${n}`,
  "pdm.lock": (n) => `pdm update ${n}`,
  "pylock.toml": () => "regenerate pylock.toml with your locker",
};

/** Regex source matching a distribution name in any PEP 503 spelling (`-`, `_`, `.` interchangeable, any case). */
function nameSource(normalized: string): string {
  return normalized
    .split("-")
    .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("[-_.]+");
}

const VERSION_TAIL = "(?![0-9A-Za-z.+!_-])";

/**
 * Rewrites `name[extras] ==/=== version` on one requirements line; undefined when the pin is not there.
 *
 * The pin is the first occurrence of the name (any PEP 503 spelling, not inside a longer name) that is followed,
 * optionally after `[extras]`, by `==`/`===`, blanks, an optional `v` and `from` ending there, with no `#`, `;`
 * or `@` in between; the earliest such `==` after it wins. Linear in the line's length, however often the name
 * repeats on it (one pattern doing it all took quadratic time on a long line repeating the name): the `==`
 * positions are tested once each, and each occurrence looks up the first of them before its next `#`/`;`/`@`.
 */
export function rewriteRequirementLine(line: string, dep: Dependency, from: string, to: string): string | undefined {
  const name = new RegExp(`(^|[^0-9A-Za-z._-])${nameSource(dep.normalizedName)}(?![0-9A-Za-z._-])`, "gi");
  const pin = new RegExp(`===?\\s*v?${escape(from)}${VERSION_TAIL}`, "iy");
  // every `==` that starts a pin of `from`, with where the version ends (ascending)
  const pins: { at: number; end: number }[] = [];
  for (let k = line.indexOf("=="); k >= 0; k = line.indexOf("==", k + 1)) {
    pin.lastIndex = k;
    if (pin.test(line)) pins.push({ at: k, end: pin.lastIndex });
  }
  if (!pins.length) return undefined;
  // for each position, the first `#`, `;` or `@` at or after it (line.length when none), and the first `]`
  const stop = new Int32Array(line.length + 1);
  const close = new Int32Array(line.length + 1);
  stop[line.length] = close[line.length] = line.length;
  for (let i = line.length - 1; i >= 0; i--) {
    const c = line[i];
    stop[i] = c === "#" || c === ";" || c === "@" ? i : stop[i + 1];
    close[i] = c === "]" ? i : close[i + 1];
  }
  /** The first pin at or after `from` and before the next `#`/`;`/`@`. */
  const pinAfter = (start: number): { at: number; end: number } | undefined => {
    let lo = 0;
    let hi = pins.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pins[mid].at < start) lo = mid + 1;
      else hi = mid;
    }
    return lo < pins.length && pins[lo].at < stop[start] ? pins[lo] : undefined;
  };
  for (let m = name.exec(line); m; m = name.exec(line)) {
    const after = m.index + m[0].length;
    // `[extras]` right after the name (blanks allowed before it) is skipped first, as `(\s*\[[^\]]*\])?` would
    let i = after;
    while (i < line.length && isSpace(line[i])) i++;
    const found = (line[i] === "[" && close[i + 1] < line.length ? pinAfter(close[i + 1] + 1) : undefined) ?? pinAfter(after);
    if (found) {
      const start = found.end - from.length;
      return line.slice(0, start) + to + line.slice(start + from.length);
    }
    if (name.lastIndex === m.index) name.lastIndex++;
  }
  return undefined;
}

/** A URL as quoted in a message: at most 80 characters. */
function clipUrl(url: string): string {
  return url.length > 80 ? `${url.slice(0, 77)}...` : url;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Rewrites the first `from` after the package's name on a pyproject line (PEP 621 string, Poetry value or table). */
function rewritePyprojectLine(line: string, dep: Dependency, from: string, to: string): string | undefined {
  const nameRe = new RegExp(`(^|[^0-9A-Za-z._-])${nameSource(dep.normalizedName)}(?![0-9A-Za-z._-])`, "i");
  const n = nameRe.exec(line);
  if (!n) return undefined;
  const after = n.index + n[0].length;
  const vRe = new RegExp(`(?<![0-9A-Za-z.+!_-])v?${escape(from)}${VERSION_TAIL}`, "g");
  vRe.lastIndex = after;
  const v = vRe.exec(line);
  if (!v) return undefined;
  const start = v.index + v[0].length - from.length;
  return line.slice(0, start) + to + line.slice(start + from.length);
}

function lineEnding(line: string): string {
  return /\r\n$/.test(line) ? "\r\n" : /[\r\n]$/.test(line) ? line.slice(-1) : "";
}

function body(line: string): string {
  return line.slice(0, line.length - lineEnding(line).length);
}

/**
 * Removes `--hash` options (`--hash=sha256:…`, `--hash sha256:…`) from the physical lines of one logical
 * requirements line, dropping continuation lines left empty and the dangling `\` they leave behind.
 * @returns the new lines and how many hashes were removed
 */
function stripHashes(lines: string[]): { lines: string[]; removed: number } {
  let removed = 0;
  const kept: string[] = [];
  let droppedLast = false;
  lines.forEach((raw, i) => {
    const eol = lineEnding(raw);
    let b = body(raw);
    // `(?<![ \t])`: a run of blanks is tried from its first blank only (from every blank: quadratic)
    b = b.replace(/(?<![ \t])[ \t]*--hash(?:[ \t]*=[ \t]*|[ \t]+)[^\s\\]+/g, () => {
      removed++;
      return "";
    });
    const isLast = i === lines.length - 1;
    if (i > 0 && /^[ \t]*(?:\\[ \t]*)?$/.test(b)) {
      if (isLast) droppedLast = true;
      return;
    }
    kept.push(b + eol);
  });
  if (droppedLast && kept.length > 0) {
    const last = kept.length - 1;
    const eol = lineEnding(lines[lines.length - 1]) || lineEnding(kept[last]);
    const lastBody = body(kept[last]);
    kept[last] = (lastBody.endsWith("\\") ? trimEndWhile(lastBody.slice(0, -1), isBlank) : lastBody) + eol;
  }
  return { lines: kept, removed };
}

/**
 * Plans the rewrites for audited dependencies: for each with a vulnerability and a safe version
 * ({@link AuditedDependency.safeVersion}), an exact pin in a requirements file (or the pip constraints file
 * that pins it) or `pyproject.toml` is rewritten to that version; other kinds get a message. Reads the files
 * through `readFile` (default `readManifestText`: regular files of at most 10 MB); a file that cannot be read gets a message. Never throws.
 */
export function planFixes(audited: readonly AuditedDependency[], readFile: (file: string) => string = (f) => readManifestText(f)): FixPlan {
  const plan: FixPlan = { files: new Map(), changes: [], messages: [] };
  const lines = new Map<string, string[] | null>();
  const load = (file: string): string[] | null => {
    if (!lines.has(file)) {
      try {
        const text = readFile(file);
        plan.files.set(file, { before: text, after: text });
        lines.set(file, splitKeepingEnds(text));
      } catch (e) {
        plan.messages.push(`${file}: cannot read for --fix: ${(e as Error).message.split("\n")[0]}`);
        lines.set(file, null);
      }
    }
    return lines.get(file) ?? null;
  };
  const done = new Set<string>();
  // Bottom-up per file so that removing continuation lines never shifts an entry still to be edited.
  const order = [...audited].filter((a) => a.vulnerabilities.length > 0).sort((a, b) => b.dependency.line - a.dependency.line);
  for (const a of order) {
    const dep = a.dependency;
    const from = a.version;
    if (from === undefined) continue;
    const to = a.safeVersion;
    if (!to) {
      plan.messages.push(`${dep.file}:${dep.line}: ${dep.name} ${from}: no fixed version is known; not changed`);
      continue;
    }
    const target = dep.version === undefined && dep.constrainedBy?.version === from
      ? { file: dep.constrainedBy.file, line: dep.constrainedBy.line, kind: "requirements" as ManifestKind }
      : { file: dep.file, line: dep.line, kind: dep.kind };
    const key = `${target.file}\0${target.line}\0${dep.normalizedName}`;
    if (done.has(key)) continue;
    done.add(key);
    if (!dep.locked && target.file === dep.file && target.line === dep.line && dep.specifier.includes("||")) {
      // alternatives of versions (`2.4.1 || 3.1.4`): which to bump, and to what, is the author's choice
      plan.messages.push(`${target.file}:${target.line}: ${dep.name} ${from} is one of the alternatives ${dep.rawSpecifier ?? dep.specifier}; not rewritten: drop it or raise it to ${to} or later by hand`);
      continue;
    }
    if (!dep.locked && target.file === dep.file && target.line === dep.line && dep.url !== undefined) {
      // a direct reference pins through its file name: rewriting the version text would name a file that may not exist
      plan.messages.push(`${target.file}:${target.line}: ${dep.name} ${from} is a direct reference (${clipUrl(dep.url)}); not rewritten: point it at ${to} or later by hand`);
      continue;
    }
    const hint = LOCK_HINT[target.kind];
    if (hint) {
      plan.messages.push(`${target.file}:${target.line}: ${dep.name} ${from} is locked; lockfiles are not rewritten: update it to ${to} or later (${hint(dep.name)})`);
      continue;
    }
    if (target.kind !== "requirements" && target.kind !== "pyproject") {
      plan.messages.push(`${target.file}:${target.line}: ${dep.name} ${from}: ${target.kind} is not rewritten; change the pin to ${to} by hand`);
      continue;
    }
    const fileLines = load(target.file);
    if (!fileLines) continue;
    const idx = target.line - 1;
    if (idx < 0 || idx >= fileLines.length) {
      plan.messages.push(`${target.file}:${target.line}: ${dep.name}: line not found; not changed`);
      continue;
    }
    if (target.kind === "pyproject") {
      const eol = lineEnding(fileLines[idx]);
      const next = rewritePyprojectLine(body(fileLines[idx]), dep, from, to);
      if (next === undefined) {
        plan.messages.push(`${target.file}:${target.line}: ${dep.name} ${from}: could not find the pin on this line; change it to ${to} by hand`);
        continue;
      }
      fileLines[idx] = next + eol;
      plan.changes.push({ file: target.file, line: target.line, name: dep.name, from, to, hashesRemoved: 0 });
      continue;
    }
    // requirements: the logical line is this line and its `\` continuations.
    let last = idx;
    while (last < fileLines.length - 1 && /\\$/.test(body(fileLines[last]))) last++;
    const logical = fileLines.slice(idx, last + 1);
    let rewritten: string[] | undefined;
    for (let i = 0; i < logical.length && !rewritten; i++) {
      const next = rewriteRequirementLine(body(logical[i]), dep, from, to);
      if (next !== undefined) {
        rewritten = logical.slice();
        rewritten[i] = next + lineEnding(logical[i]);
      }
    }
    if (!rewritten) {
      plan.messages.push(`${target.file}:${target.line}: ${dep.name} ${from}: could not find the pin on this line; change it to ${to} by hand`);
      continue;
    }
    const { lines: stripped, removed } = stripHashes(rewritten);
    fileLines.splice(idx, logical.length, ...stripped);
    plan.changes.push({ file: target.file, line: target.line, name: dep.name, from, to, hashesRemoved: removed });
    if (removed > 0) {
      plan.messages.push(
        `${target.file}:${target.line}: removed ${removed} --hash value${removed === 1 ? "" : "s"} of ${dep.name} (they were for ${from}); hashes must be regenerated for ${to} (e.g. pip-compile --generate-hashes)`,
      );
    }
  }
  for (const [file, entry] of plan.files) {
    const l = lines.get(file);
    if (l) entry.after = l.join("");
  }
  for (const [file, entry] of [...plan.files]) if (entry.before === entry.after) plan.files.delete(file);
  plan.changes.sort((x, y) => (x.file < y.file ? -1 : x.file > y.file ? 1 : x.line - y.line));
  plan.messages.sort();
  return plan;
}

/** The unified diff of every file in the plan (in path order); "" when nothing changes. */
export function planDiff(plan: FixPlan): string {
  return [...plan.files.keys()].sort().map((f) => unifiedDiff(f, plan.files.get(f)!.before, plan.files.get(f)!.after)).join("");
}

/**
 * Writes the plan's files (each through a temporary name and a rename).
 * @returns the files written
 * @throws Error (one line, naming the file) when a file cannot be written
 */
export function applyFixes(plan: FixPlan): string[] {
  const written: string[] = [];
  for (const [file, { after }] of plan.files) {
    try {
      writeFileAtomic(file, after);
    } catch (e) {
      throw new Error(`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    written.push(file);
  }
  return written;
}
