/**
 * Bandit's configuration, read when a project has no pyward configuration: `[tool.bandit]` in
 * `pyproject.toml` or a `.bandit` INI file (section `[bandit]`). Only the keys that mean the same thing to
 * pyward are read — `skips` (ignore), `tests` (select) and `exclude_dirs` (`exclude` in a `.bandit` file) —
 * and Bandit test ids are mapped to pyward rules through the rules' aliases.
 */
import type { Rule } from "../rules/types.js";
import { RETIRED_PEER_IDS } from "../rules/retired-peers.js";
import { ConfigError, problem, type ConfigSettings, type Where } from "./schema.js";
import { restOfLine, trimTrailingSlashes } from "../util/text.js";

/** The Bandit settings pyward understands. */
export interface BanditSettings {
  tests?: string[];
  skips?: string[];
  excludeDirs?: string[];
}

/** Splits a Bandit list: a TOML array, or a comma-separated string (as `.bandit` files write them). */
function list(where: Where, key: string, value: unknown): string[] {
  if (typeof value === "string") return value.split(",").map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(value) && value.every((x) => typeof x === "string")) return value.map((s: string) => s.trim()).filter(Boolean);
  throw new ConfigError(problem(where, [key], `${key}: expected an array of strings`));
}

/** Reads the keys pyward uses from a `[tool.bandit]` table; Bandit's other keys (plugin settings) are left alone. */
export function readBanditTable(table: Record<string, unknown>, where: Where): BanditSettings {
  const out: BanditSettings = {};
  if (table.tests !== undefined) out.tests = list(where, "tests", table.tests);
  if (table.skips !== undefined) out.skips = list(where, "skips", table.skips);
  if (table.exclude_dirs !== undefined) out.excludeDirs = list(where, "exclude_dirs", table.exclude_dirs);
  return out;
}

/**
 * Parses a `.bandit` INI file: its `[bandit]` section, `key = value` or `key: value`, `#`/`;` comments,
 * indented continuation lines. `exclude` and `exclude_dirs` both name excluded directories.
 * @returns the settings and the line of each key, or undefined when there is no `[bandit]` section
 */
export function readBanditIni(text: string, where: Omit<Where, "line">): { settings: BanditSettings; lines: Record<string, number> } | undefined {
  const values: Record<string, string> = {};
  const lines: Record<string, number> = {};
  let section: string | undefined;
  let last: string | undefined;
  let found = false;
  text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/).forEach((raw, i) => {
    if (/^\s*([#;]|$)/.test(raw)) return;
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(raw);
    if (header) {
      section = header[1].trim().toLowerCase();
      if (section === "bandit") found = true;
      last = undefined;
      return;
    }
    if (section !== "bandit") return;
    if (/^\s/.test(raw) && last) {
      values[last] += `,${raw.trim()}`;
      return;
    }
    // `key =` with disjoint classes (one way to match), then the value as `\s*(.*)$` captured it, without
    // giving its leading blanks back one at a time
    const kv = /^\s*([^=:\s]+)\s*[=:]/.exec(raw);
    const value = kv ? restOfLine(raw.slice(kv[0].length)) : undefined;
    if (!kv || value === undefined) return;
    last = kv[1].toLowerCase();
    values[last] = value.trim();
    lines[last] = i + 1;
  });
  if (!found) return undefined;
  const w: Where = { ...where, line: (p) => lines[String(p[p.length - 1])] ?? 1 };
  const out: BanditSettings = {};
  if (values.tests !== undefined) out.tests = list(w, "tests", values.tests);
  if (values.skips !== undefined) out.skips = list(w, "skips", values.skips);
  const excl = [values.exclude, values.exclude_dirs].filter((v): v is string => v !== undefined);
  if (excl.length) out.excludeDirs = excl.flatMap((v) => list(w, "exclude", v));
  return { settings: out, lines };
}

/** The pyward rules a Bandit test id stands for (exact alias match, any case). */
function rulesFor(catalog: readonly Rule[], id: string): Rule[] {
  const k = id.trim().toUpperCase();
  return catalog.filter((r) => r.meta.aliases.some((a) => a.toUpperCase() === k));
}

/**
 * Turns Bandit settings into pyward settings: `tests` → `select`, `skips` → `ignore` (pyward codes), and
 * `exclude_dirs` → `extend-exclude` (the directory names or paths, with a leading `./` dropped).
 * @returns the settings and a short account of the mapping for the user (`skips B101 → ignore PW402; …`)
 */
export function banditToSettings(b: BanditSettings, catalog: readonly Rule[]): { settings: ConfigSettings; summary: string } {
  const settings: ConfigSettings = {};
  const parts: string[] = [];
  const unmapped: string[] = [];
  const map = (ids: string[] | undefined, key: "tests" | "skips"): string[] | undefined => {
    if (!ids?.length) return undefined;
    const codes: string[] = [];
    for (const id of ids) {
      const rules = rulesFor(catalog, id);
      if (!rules.length) unmapped.push(Object.hasOwn(RETIRED_PEER_IDS, id.trim().toUpperCase()) ? `${id} (withdrawn by Bandit)` : id);
      for (const r of rules) if (!codes.includes(r.meta.code)) codes.push(r.meta.code);
    }
    if (codes.length) parts.push(`${key} → ${key === "tests" ? "select" : "ignore"} ${codes.join(", ")}`);
    return codes.length ? codes : undefined;
  };
  settings.select = map(b.tests, "tests");
  settings.ignore = map(b.skips, "skips");
  if (b.excludeDirs?.length) {
    settings.extendExclude = b.excludeDirs.map((d) => trimTrailingSlashes(d.replace(/^(\.\/)+/, ""))).filter(Boolean);
    parts.push(`exclude_dirs → extend-exclude ${settings.extendExclude.join(", ")}`);
  }
  if (unmapped.length) parts.push(`no pyward rule for ${unmapped.join(", ")}`);
  for (const k of Object.keys(settings) as (keyof ConfigSettings)[]) if (settings[k] === undefined) delete settings[k];
  return { settings, summary: parts.join("; ") || "nothing pyward uses" };
}
