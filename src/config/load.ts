/**
 * Finding and reading the configuration: `pyward.toml` (keys at the top level) or `[tool.pyward]` in
 * `pyproject.toml`, looked for in the scanned path's directory and each parent up to the filesystem root
 * or the first directory holding `.git`. `--config FILE` names one; `--isolated` reads none. When no pyward
 * configuration exists, Bandit's (`[tool.bandit]` in `pyproject.toml`, or `.bandit`) is read instead.
 */
import fs from "node:fs";
import path from "node:path";
import { parse, TomlError } from "smol-toml";
import { TomlLines } from "../deps/manifests/toml-lines.js";
import { ALL_RULES } from "../rules/index.js";
import type { Rule } from "../rules/types.js";
import { banditToSettings, readBanditIni, readBanditTable } from "./bandit.js";
import { ConfigError, validateSettings, type ConfigSettings, type Where } from "./schema.js";

/** Which kind of file the settings came from. */
export type ConfigKind = "pyward.toml" | "pyproject.toml" | "bandit-pyproject" | "bandit-ini";

/** A configuration read from a file. */
export interface LoadedConfig {
  /** Absolute path of the file. */
  file: string;
  /** The file as shown in messages (relative to the current directory when inside it). */
  display: string;
  /** Directory the file's relative globs (`per-file-ignores`, `exclude`) are anchored at. */
  dir: string;
  kind: ConfigKind;
  /** The table the settings were read from: `[tool.pyward]`, `[tool.bandit]`, `[bandit]`, or `` for a `pyward.toml`. */
  table: string;
  settings: ConfigSettings;
  /** 1-based line of each key (`select`, `rules.PW321.min-cost`) in the file, for `pyward config --show`. */
  lines: Record<string, number>;
  /** For Bandit settings: one line telling the user what was read and how it maps. */
  note?: string;
}

/** How to look for the configuration. */
export interface ConfigLookup {
  /** Scanned paths: the search starts at the first one (its directory when it is a file). Default: `cwd`. */
  paths?: readonly string[];
  /** A file named with `--config`: read it and look for no other. */
  config?: string;
  /** `--isolated`: read no configuration file. */
  isolated?: boolean;
  /** Current directory (default `process.cwd()`). */
  cwd?: string;
  /** The rules ids and rule options are validated against (default: every registered rule). */
  catalog?: readonly Rule[];
}

const display = (file: string, cwd: string): string => {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel.split(path.sep).join("/") : file;
};

const isTable = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** Reads a file's text, or throws a ConfigError naming it. */
function readText(file: string, shown: string): string {
  try {
    return fs.readFileSync(file, "utf8").replace(/^\uFEFF/, "");
  } catch (err) {
    throw new ConfigError(`${shown}: cannot read configuration file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

/** Parses TOML or throws a ConfigError with the line smol-toml reports. */
function parseToml(text: string, shown: string): Record<string, unknown> {
  try {
    return parse(text) as Record<string, unknown>;
  } catch (e) {
    const line = e instanceof TomlError && e.line > 0 ? e.line : 1;
    const message = ((e as Error).message ?? String(e)).split("\n")[0].replace(/^Invalid TOML document:\s*/, "");
    throw new ConfigError(`${shown}:${line}: invalid TOML: ${message}`);
  }
}

/** Lines of every key under `prefix` of a TOML document, flattened to `a.b.c` keys relative to the prefix. */
function keyLines(lines: TomlLines, value: unknown, prefix: readonly string[], out: Record<string, number> = {}, sub: string[] = []): Record<string, number> {
  if (!isTable(value)) return out;
  for (const [k, v] of Object.entries(value)) {
    const p = [...sub, k];
    const line = lines.line([...prefix, ...p]);
    if (line !== undefined) out[p.join(".")] = line;
    if (isTable(v) && (p.length === 1 ? k === "rules" || k === "per-file-ignores" : p[0] === "rules" && p.length === 2)) keyLines(lines, v, prefix, out, p);
  }
  return out;
}

/** Builds the message locator for a table of a TOML document. */
function whereIn(shown: string, lines: TomlLines, table: readonly string[]): Where {
  return { file: shown, table, line: (p) => lines.nearest(p) };
}

/** Reads a pyward TOML table (`[tool.pyward]` or a whole `pyward.toml`). */
function pywardFrom(file: string, shown: string, text: string, data: Record<string, unknown>, table: string[], kind: ConfigKind, catalog: readonly Rule[]): LoadedConfig {
  const lines = new TomlLines(text);
  const body = table.length ? (data.tool as Record<string, unknown>).pyward : data;
  const where = whereIn(shown, lines, table);
  if (!isTable(body)) throw new ConfigError(`${shown}:${lines.nearest(table)}: [${table.join(".")}] must be a table`);
  const settings = validateSettings(body, where, catalog);
  return { file, display: shown, dir: path.dirname(file), kind, table: table.length ? `[${table.join(".")}]` : "", settings, lines: keyLines(lines, body, table) };
}

/** Reads Bandit's `[tool.bandit]` table of a parsed `pyproject.toml`. */
function banditFromPyproject(file: string, shown: string, text: string, data: Record<string, unknown>, catalog: readonly Rule[]): LoadedConfig {
  const lines = new TomlLines(text);
  const table = (data.tool as Record<string, unknown>).bandit;
  const where = whereIn(shown, lines, ["tool", "bandit"]);
  if (!isTable(table)) throw new ConfigError(`${shown}:${lines.nearest(["tool", "bandit"])}: [tool.bandit] must be a table`);
  const { settings, summary } = banditToSettings(readBanditTable(table, where), catalog);
  return {
    file,
    display: shown,
    dir: path.dirname(file),
    kind: "bandit-pyproject",
    table: "[tool.bandit]",
    settings,
    lines: keyLines(lines, table, ["tool", "bandit"]),
    note: `no pyward configuration found; using Bandit's settings from ${shown} [tool.bandit] (${summary})`,
  };
}

/** Reads a `.bandit` INI file; undefined when it has no `[bandit]` section. */
function banditFromIni(file: string, shown: string, catalog: readonly Rule[]): LoadedConfig | undefined {
  const ini = readBanditIni(readText(file, shown), { file: shown, table: ["bandit"] });
  if (!ini) return undefined;
  const { settings, summary } = banditToSettings(ini.settings, catalog);
  return {
    file,
    display: shown,
    dir: path.dirname(file),
    kind: "bandit-ini",
    table: "[bandit]",
    settings,
    lines: ini.lines,
    note: `no pyward configuration found; using Bandit's settings from ${shown} (${summary})`,
  };
}

const hasTool = (data: Record<string, unknown>, name: string): boolean => isTable(data.tool) && (data.tool as Record<string, unknown>)[name] !== undefined;

/**
 * Reads one file named with `--config`: a `pyproject.toml` (its `[tool.pyward]`, else its `[tool.bandit]`),
 * a `.bandit` INI file, or any other file as a `pyward.toml`.
 * @throws ConfigError when the file cannot be read, is not valid, or holds no settings pyward can use
 */
export function loadConfigFile(file: string, options: { cwd?: string; catalog?: readonly Rule[] } = {}): LoadedConfig {
  const cwd = options.cwd ?? process.cwd();
  const catalog = options.catalog ?? ALL_RULES;
  const abs = path.resolve(cwd, file);
  const shown = display(abs, cwd);
  const base = path.basename(abs);
  if (base === ".bandit" || /\.(ini|cfg)$/i.test(base)) {
    const loaded = banditFromIni(abs, shown, catalog);
    if (!loaded) throw new ConfigError(`${shown}: no [bandit] section`);
    return loaded;
  }
  const text = readText(abs, shown);
  const data = parseToml(text, shown);
  if (base === "pyproject.toml") {
    if (hasTool(data, "pyward")) return pywardFrom(abs, shown, text, data, ["tool", "pyward"], "pyproject.toml", catalog);
    if (hasTool(data, "bandit")) return banditFromPyproject(abs, shown, text, data, catalog);
    throw new ConfigError(`${shown}: no [tool.pyward] table`);
  }
  return pywardFrom(abs, shown, text, data, [], "pyward.toml", catalog);
}

/** Directory the search starts in: the first scanned path's directory (itself when a directory), else `cwd`. */
function startDirectory(paths: readonly string[] | undefined, cwd: string): string {
  const first = paths?.[0];
  if (!first) return cwd;
  const abs = path.resolve(cwd, first);
  try {
    return fs.statSync(abs).isDirectory() ? abs : path.dirname(abs);
  } catch {
    return path.dirname(abs);
  }
}

const isFile = (p: string): boolean => {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
};

/**
 * Finds and reads the configuration for a run. `pyward.toml` wins over `pyproject.toml` in the same directory;
 * a `pyproject.toml` without `[tool.pyward]` is passed over. Bandit's settings are used only when the whole
 * search finds no pyward configuration (the nearest `[tool.bandit]` or `.bandit`).
 * @returns the configuration, or undefined when there is none (or `isolated`)
 * @throws ConfigError for a configuration that cannot be read or is not valid
 */
export function loadConfig(lookup: ConfigLookup = {}): LoadedConfig | undefined {
  const cwd = lookup.cwd ?? process.cwd();
  const catalog = lookup.catalog ?? ALL_RULES;
  if (lookup.isolated) return undefined;
  if (lookup.config) return loadConfigFile(lookup.config, { cwd, catalog });
  let bandit: (() => LoadedConfig | undefined) | undefined;
  for (let dir = startDirectory(lookup.paths, cwd); ; ) {
    const own = path.join(dir, "pyward.toml");
    if (isFile(own)) return loadConfigFile(own, { cwd, catalog });
    const pyproject = path.join(dir, "pyproject.toml");
    if (isFile(pyproject)) {
      const shown = display(pyproject, cwd);
      const text = readText(pyproject, shown);
      // a broken pyproject.toml that does not mention pyward must not stop the scan
      let data: Record<string, unknown> | undefined;
      try {
        data = parse(text) as Record<string, unknown>;
      } catch {
        if (/\bpyward\b/.test(text)) parseToml(text, shown);
      }
      if (data && hasTool(data, "pyward")) return pywardFrom(pyproject, shown, text, data, ["tool", "pyward"], "pyproject.toml", catalog);
      if (data && !bandit && hasTool(data, "bandit")) {
        const d = data;
        bandit = () => banditFromPyproject(pyproject, shown, text, d, catalog);
      }
    }
    const ini = path.join(dir, ".bandit");
    if (!bandit && isFile(ini)) bandit = () => banditFromIni(ini, display(ini, cwd), catalog);
    const parent = path.dirname(dir);
    if (fs.existsSync(path.join(dir, ".git")) || parent === dir) break;
    dir = parent;
  }
  return bandit?.();
}
