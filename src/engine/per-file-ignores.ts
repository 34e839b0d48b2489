/**
 * Per-file ignores (`per-file-ignores` in the configuration): rules silenced in the files a glob matches.
 * Globs are anchored at a base directory (the configuration file's), not at the scan root, so a project's
 * `"tests/**" = ["B101"]` means the same whichever directory is scanned.
 */
import path from "node:path";
import { excludeMatcher } from "../discover/discover.js";
import type { Rule } from "../rules/types.js";
import type { Finding } from "./finding.js";
import { matchesRule } from "./select.js";

/** One `per-file-ignores` entry: a glob relative to `base` and the rule ids it silences. */
export interface PerFileIgnore {
  /** Directory the glob is relative to (absolute, or relative to the scan's current directory). */
  base: string;
  /**
   * A glob such as `tests/**`, `./scripts/*.py` or `conftest.py`: with a `/` it matches the path from `base`
   * (a directory matches everything under it); without, it matches a file or directory name anywhere below `base`.
   */
  glob: string;
  /** Rule ids: codes, names, Bandit/Ruff aliases or code prefixes, as `--ignore` takes them. */
  ids: readonly string[];
}

/**
 * Makes a glob written relative to a directory match from that directory only: `./conftest.py` or `/gen/`
 * (one segment, marked as anchored by `./` or `/`) becomes `conftest.py{,/**}`, a path pattern; other globs
 * are returned unchanged (with a `/` they are anchored already, bare names match anywhere).
 */
export function anchorGlob(glob: string): string {
  const g = glob.trim().replace(/\\/g, "/");
  if (!/^(\.\/|\/)/.test(g)) return glob;
  let b = g;
  while (b.startsWith("./")) b = b.slice(2);
  b = b.replace(/^\/+/, "").replace(/(?<!\/)\/+$/, ""); // `(?<!\/)`: a run of `/` is tried from its start only (linear)
  return b && !b.includes("/") ? `${b}{,/**}` : glob;
}

/**
 * A predicate that keeps the findings no per-file ignore silences.
 * @param cwd the directory finding paths are relative to (default `process.cwd()`)
 */
export function perFileIgnoreFilter(entries: readonly PerFileIgnore[], catalog: readonly Rule[], cwd = process.cwd()): (f: Finding) => boolean {
  const compiled = entries.map((e) => ({ base: path.resolve(cwd, e.base), match: excludeMatcher([anchorGlob(e.glob)]), ids: e.ids }));
  const byCode = new Map(catalog.map((r) => [r.meta.code, r]));
  const silences = (ids: readonly string[], f: Finding): boolean => {
    const rule = byCode.get(f.code);
    if (rule) return ids.some((id) => matchesRule(rule, id));
    return ids.some((id) => id.trim().toUpperCase() === f.code || f.aliases.includes(id.trim().toUpperCase()));
  };
  return (f) => {
    if (!compiled.length || !f.path) return true;
    const abs = path.resolve(cwd, f.path);
    for (const c of compiled) {
      const rel = path.relative(c.base, abs).split(path.sep).join("/");
      if (!rel || rel === ".." || rel.startsWith("../") || path.isAbsolute(rel)) continue;
      if (c.match(rel, false) && silences(c.ids, f)) return false;
    }
    return true;
  };
}
