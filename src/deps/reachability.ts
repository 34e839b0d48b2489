/**
 * Reachability of a dependency: is the distribution imported by the scanned code? Distribution names
 * (PyPI, PEP 503) are mapped to top-level import names through installed metadata (`*.dist-info/
 * top_level.txt`, else the package directories listed in `RECORD`; `*.egg-info/top_level.txt`), then the
 * built-in table {@link IMPORT_NAMES}, then the name itself with `-` → `_`. pyward only reads these files;
 * it never imports or runs anything.
 */
import fs from "node:fs";
import path from "node:path";
import { IMPORT_NAMES } from "../model/knowledge/import-names.js";
import { normalizeName } from "./advisories/names.js";
import { cutTail, isSpace } from "../util/text.js";
import { readManifestText } from "./manifests/read-file.js";

/** Top-level import names by PEP 503 distribution name, read from installed metadata. */
export type InstalledTopLevel = Map<string, string[]>;

function topLevelFromRecord(text: string): string[] {
  const out = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const file = line.split(",")[0]?.trim().replace(/^"|"$/g, "");
    if (!file || file.startsWith("..") || file.startsWith("/")) continue;
    const first = file.split("/")[0];
    if (first.endsWith(".dist-info") || first.endsWith(".data") || first === "__pycache__") continue;
    if (file.includes("/")) {
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(first)) out.add(first);
    } else {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(\.py|\.pyi|\.[^.]*\.(so|pyd)|\.so|\.pyd)$/.exec(first);
      if (m) out.add(m[1]);
    }
  }
  return [...out].sort();
}

/**
 * Reads `top_level.txt` (or `RECORD`) of every `*.dist-info` / `*.egg-info` directory directly inside each of
 * `sitePackages`. Missing directories and unreadable entries are skipped silently.
 *
 * @returns PEP 503 distribution name → top-level import names.
 */
export function readInstalledTopLevel(sitePackages: readonly string[]): InstalledTopLevel {
  const out: InstalledTopLevel = new Map();
  for (const dir of sitePackages) {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const m = /^(.+?)(?:-[^-]*)?\.(dist-info|egg-info)$/.exec(e.name);
      if (!m || !e.isDirectory()) continue;
      const dist = normalizeName(m[1]);
      const meta = path.join(dir, e.name);
      let names: string[] = [];
      try {
        names = readManifestText(path.join(meta, "top_level.txt")).split(/\r?\n/).map((s) => s.trim().split("/")[0]).filter((s) => s !== "");
      } catch {
        try {
          names = topLevelFromRecord(readManifestText(path.join(meta, "RECORD")));
        } catch {
          names = [];
        }
      }
      if (names.length > 0) out.set(dist, [...new Set([...(out.get(dist) ?? []), ...names])]);
    }
  }
  return out;
}

/**
 * Import names of a distribution: installed metadata when present, else the built-in table, else the
 * distribution name with `-`/`.` → `_` (and without a `python-` prefix or `-python` suffix as a second guess).
 */
export function importNamesFor(distribution: string, installed?: InstalledTopLevel): string[] {
  const n = normalizeName(distribution);
  const fromMeta = installed?.get(n);
  if (fromMeta && fromMeta.length > 0) return fromMeta;
  const known = IMPORT_NAMES[n];
  if (known) return [...known];
  const guess = [n.replace(/-/g, "_")];
  if (n.startsWith("python-")) guess.push(n.slice(7).replace(/-/g, "_"));
  if (n.endsWith("-python")) guess.push(n.slice(0, -7).replace(/-/g, "_"));
  return guess;
}

/** Reachability of one distribution. */
export interface Reachability {
  /** True when one of its import names is among the imported top-level modules. */
  imported: boolean;
  /** The import names that matched (empty when not imported). */
  via: string[];
  /** The import names that were looked for. */
  importNames: string[];
}

/**
 * Whether `distribution` is imported, given the set of top-level module names the scanned code imports
 * (`import a.b` → `a`). Comparison ignores case (`PIL` = `pil`).
 */
export function reachability(distribution: string, imported: ReadonlySet<string>, installed?: InstalledTopLevel): Reachability {
  const importNames = importNamesFor(distribution, installed);
  const lower = new Set([...imported].map((m) => m.split(".")[0].toLowerCase()));
  const via = importNames.filter((m) => lower.has(m.toLowerCase()));
  return { imported: via.length > 0, via, importNames };
}

/**
 * Joins `\` continuations onto `first` (the text of physical line `i`) as repeating
 * `line = line.replace(/\\\s*$/, " ") + lines[++i]` while `/\\\s*$/` matched did, without scanning the growing
 * line again for each continuation (quadratic in their number): a `\` followed only by whitespace is looked
 * for from the end, across the pieces joined so far.
 * @returns the joined line and the index of its last physical line
 */
function joinContinuations(first: string, lines: readonly string[], i: number): { line: string; last: number } {
  const pieces = [first];
  while (i + 1 < lines.length) {
    let p = pieces.length - 1;
    let k = pieces[p].length;
    for (;;) {
      while (k > 0 && isSpace(pieces[p][k - 1])) k--;
      if (k > 0 || p === 0) break;
      p--;
      k = pieces[p].length;
    }
    if (k === 0 || pieces[p][k - 1] !== "\\") break;
    pieces.length = p + 1;
    pieces[p] = pieces[p].slice(0, k - 1);
    pieces.push(" ", lines[++i]);
  }
  return { line: pieces.length === 1 ? first : pieces.join(""), last: i };
}

/**
 * Top-level modules a Python source imports, found by a quick lexical pass (no parsing, nothing executed):
 * `import a.b, c as d` → `a`, `c`; `from x.y import z` → `x` (relative imports skipped); constant
 * `__import__("m")` and `importlib.import_module("m.n")` → `m`. Lines inside triple-quoted strings and
 * comments are skipped; `\` continuations and `;`-separated statements are followed. Approximate by design:
 * the full scan's module model is the precise source when available.
 */
export function importsInSource(text: string): Set<string> {
  const out = new Set<string>();
  const add = (dotted: string): void => {
    const top = dotted.trim().split(".")[0];
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(top)) out.add(top);
  };
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  let inTriple: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    // Skip over triple-quoted string regions (docstrings), line by line.
    if (inTriple) {
      const end = line.indexOf(inTriple);
      if (end < 0) continue;
      line = line.slice(end + 3);
      inTriple = undefined;
    }
    const triples = [...line.matchAll(/"""|'''/g)];
    if (triples.length % 2 === 1) {
      inTriple = triples[triples.length - 1][0];
      line = line.slice(0, triples[triples.length - 1].index);
    }
    ({ line, last: i } = joinContinuations(line, lines, i));
    const code = cutTail(line, "#");
    for (const m of code.matchAll(/(?:__import__|import_module)\(\s*["']([A-Za-z_][\w.]*)["']/g)) add(m[1]);
    for (const stmt of code.split(";")) {
      const s = stmt.trim();
      // `\s+` and `\S` are disjoint: one way to split the blanks (`\s+(.+)` gave them back one by one)
      let m = /^import\s+(\S.*)$/.exec(s);
      if (m) {
        // `(?<!\s)`: a run of blanks is tried from its first blank only (from every blank: quadratic)
        for (const part of m[1].split(",")) add(part.trim().split(/(?<!\s)\s+as\s+/)[0]);
        continue;
      }
      m = /^from\s+([A-Za-z_][\w.]*)\s+import\b/.exec(s);
      if (m) add(m[1]);
    }
  }
  return out;
}
