/**
 * The configuration schema: the keys of `[tool.pyward]` (or of a `pyward.toml`), their validation, and the
 * per-rule option tables `[tool.pyward.rules.<CODE-or-name>]`. Every problem is a {@link ConfigError} with one
 * line naming the file, the line, the key and, for a typo, a suggestion.
 */
import type { Confidence, Severity } from "../engine/finding.js";
import { matchesRule } from "../engine/select.js";
import type { Rule, RuleOptionSpec } from "../rules/types.js";
import type { ThreatModel } from "../taint/index.js";
import { didYouMean } from "./suggest.js";

/** A configuration problem (exit code 2): the message is one line, `file:line: [table] key: problem`. */
export class ConfigError extends Error {}

/** Validated settings of one configuration file. Absent keys are undefined. */
export interface ConfigSettings {
  /** Rules to run instead of the default set (ids as `--select` takes them). */
  select?: string[];
  /** Rules not to run. */
  ignore?: string[];
  /** Rules added to the default (or selected) set. */
  extendSelect?: string[];
  /** Glob (relative to the configuration file's directory) → rule ids silenced in the files it matches. */
  perFileIgnores?: Record<string, string[]>;
  /** Replaces the default excludes. */
  exclude?: string[];
  /** Added to the excludes. */
  extendExclude?: string[];
  minSeverity?: Severity;
  minConfidence?: Confidence;
  failOn?: Severity;
  /** Target Python as `major.minor` (`"py311"` and `"3.11"` are both written `3.11` here). */
  targetVersion?: string;
  taintSources?: ThreatModel[];
  /** Size limit of a Python file, in megabytes. */
  maxFileSize?: number;
  /** Rule options by rule code, with the rule's camelCase option names. */
  rules?: Record<string, Record<string, unknown>>;
  /** Worker threads (`--jobs`). */
  jobs?: number;
  /** `false` turns the result cache off (`--no-cache`). */
  cache?: boolean;
  /** Directory of the result cache as written (relative to the configuration file's directory). */
  cacheDir?: string;
}

/** What a key's value must be. */
type KeyKind = "ids" | "globs" | "level" | "target" | "models" | "size" | "per-file" | "rules" | "count" | "bool" | "path";

/** One top-level configuration key. */
export interface KeySpec {
  /** The key as written (kebab-case). */
  key: string;
  /** The {@link ConfigSettings} property. */
  prop: keyof ConfigSettings;
  kind: KeyKind;
  /** One-line description (for `pyward config --show` and the README). */
  description: string;
}

/** Every top-level key, in the order `pyward config --show` prints them. */
export const CONFIG_KEYS: readonly KeySpec[] = [
  { key: "select", prop: "select", kind: "ids", description: "rules to run instead of the default set" },
  { key: "extend-select", prop: "extendSelect", kind: "ids", description: "rules added to the selected set" },
  { key: "ignore", prop: "ignore", kind: "ids", description: "rules not to run" },
  { key: "per-file-ignores", prop: "perFileIgnores", kind: "per-file", description: "glob (relative to this file) → rules not reported in the files it matches" },
  { key: "exclude", prop: "exclude", kind: "globs", description: "globs replacing the default excludes" },
  { key: "extend-exclude", prop: "extendExclude", kind: "globs", description: "globs excluded in addition" },
  { key: "min-severity", prop: "minSeverity", kind: "level", description: "report only findings of at least this severity" },
  { key: "min-confidence", prop: "minConfidence", kind: "level", description: "report only findings of at least this confidence" },
  { key: "fail-on", prop: "failOn", kind: "level", description: "exit 1 when a finding has at least this severity" },
  { key: "target-version", prop: "targetVersion", kind: "target", description: "target Python for dependency environment markers" },
  { key: "taint-sources", prop: "taintSources", kind: "models", description: "untrusted-data sources of the taint analysis" },
  { key: "max-file-size", prop: "maxFileSize", kind: "size", description: "Python files larger than this many megabytes are skipped (PW003)" },
  { key: "jobs", prop: "jobs", kind: "count", description: "worker threads analysing files (1: none)" },
  { key: "cache", prop: "cache", kind: "bool", description: "use the result cache" },
  { key: "cache-dir", prop: "cacheDir", kind: "path", description: "directory of the result cache, relative to this file" },
  { key: "rules", prop: "rules", kind: "rules", description: "per-rule options, one table per rule" },
];

const LEVELS = ["low", "medium", "high"] as const;
const MODELS = ["remote", "local"] as const;

/** Where a table sits, for messages: the file as shown, its label (`[tool.pyward]`), and key lines. */
export interface Where {
  /** The file as shown to the user (relative to the current directory when inside it). */
  file: string;
  /** Path of the table in the document (`["tool", "pyward"]`, or `[]` for a `pyward.toml`). */
  table: readonly string[];
  /** 1-based line of a key path (relative to the document), or of its nearest recorded parent. */
  line(path: readonly (string | number)[]): number;
}

/** Formats `file:line: [table] message`. */
export function problem(where: Where, sub: readonly (string | number)[], message: string, tableSuffix: readonly string[] = []): string {
  const line = where.line([...where.table, ...sub]);
  const table = [...where.table, ...tableSuffix];
  return `${where.file}:${line}: ${table.length ? `[${table.join(".")}] ` : ""}${message}`;
}

const isTable = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** A TOML value for messages: strings quoted, arrays and tables in short form. */
function show(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return "an array";
  if (isTable(v)) return "a table";
  if (v instanceof Date) return "a date";
  return String(v);
}

/** Every id a rule can be named by (for suggestions). */
function ruleIds(catalog: readonly Rule[]): string[] {
  const out = new Set<string>();
  for (const r of catalog) {
    out.add(r.meta.code);
    out.add(r.meta.name);
    for (const a of r.meta.aliases) out.add(a);
  }
  return [...out];
}

/** camelCase option name → the kebab-case key written in configuration (`minIterationsSha256` → `min-iterations-sha256`). */
export function optionKey(name: string): string {
  const words = name.match(/KiB|MiB|GiB|[A-Z]?[a-z]+[0-9]*|[0-9]+|[A-Z]+(?![a-z])[0-9]*/g) ?? [name];
  return words.map((w) => w.toLowerCase()).join("-");
}

const squash = (s: string): string => s.replace(/[-_]/g, "").toLowerCase();

/** The rule a `[rules.X]` table names: its code, name or an alias (exactly, any case), when exactly one rule has it. */
export function ruleByKey(catalog: readonly Rule[], key: string): Rule | undefined {
  const k = key.trim().toUpperCase();
  const found = catalog.filter((r) => r.meta.code === k || r.meta.name.toUpperCase() === k || r.meta.aliases.some((a) => a.toUpperCase() === k));
  return found.length === 1 ? found[0] : undefined;
}

/** Checks one option value against its spec; returns a problem or undefined. */
function checkOption(spec: RuleOptionSpec, value: unknown): string | undefined {
  switch (spec.type) {
    case "boolean":
      return typeof value === "boolean" ? undefined : `expected true or false, got ${show(value)}`;
    case "string":
      return typeof value === "string" ? undefined : `expected a string, got ${show(value)}`;
    case "string[]":
      return Array.isArray(value) && value.every((x) => typeof x === "string") ? undefined : `expected an array of strings, got ${show(value)}`;
    case "integer":
    case "number": {
      if (typeof value !== "number" || !Number.isFinite(value)) return `expected ${spec.type === "integer" ? "an integer" : "a number"}, got ${show(value)}`;
      if (spec.type === "integer" && !Number.isInteger(value)) return `expected an integer, got ${value}`;
      if (spec.min !== undefined && value < spec.min) return `expected at least ${spec.min}, got ${value}`;
      return undefined;
    }
  }
}

/**
 * Validates the rule option tables (`rules = { PW321 = { min-iterations-sha256 = 700000 } }`).
 * @returns options by rule code, with camelCase names
 * @throws ConfigError for an unknown rule, a rule without options, an unknown option or a bad value
 */
function validateRules(value: unknown, where: Where, catalog: readonly Rule[]): Record<string, Record<string, unknown>> {
  if (!isTable(value)) throw new ConfigError(problem(where, ["rules"], `rules: expected a table of rule tables ([${[...where.table, "rules", "PW321"].join(".")}]), got ${show(value)}`));
  const out: Record<string, Record<string, unknown>> = {};
  for (const [key, table] of Object.entries(value)) {
    const rule = ruleByKey(catalog, key);
    const suffix = ["rules", key];
    if (!rule) {
      const many = catalog.filter((r) => matchesRule(r, key)).length > 1;
      throw new ConfigError(problem(where, ["rules", key], many ? `'${key}' names several rules; use one rule's code or name` : `unknown rule '${key}'${didYouMean(key, ruleIds(catalog))} (see 'pyward rules')`, suffix));
    }
    if (!isTable(table)) throw new ConfigError(problem(where, ["rules", key], `expected a table of options, got ${show(table)}`, suffix));
    const specs = rule.meta.options ?? {};
    const names = Object.keys(specs);
    if (!names.length && Object.keys(table).length) throw new ConfigError(problem(where, ["rules", key], `rule ${rule.meta.code} (${rule.meta.name}) has no options`, suffix));
    const opts = (out[rule.meta.code] ??= {});
    for (const [optKey, optValue] of Object.entries(table)) {
      const name = names.find((n) => squash(n) === squash(optKey));
      if (!name) {
        const keys = names.map(optionKey);
        const hint = didYouMean(optKey, keys) || ` (${rule.meta.code} options: ${keys.join(", ")})`;
        throw new ConfigError(problem(where, ["rules", key, optKey], `unknown option '${optKey}'${hint}`, suffix));
      }
      const bad = checkOption(specs[name], optValue);
      if (bad) throw new ConfigError(problem(where, ["rules", key, optKey], `${optKey}: ${bad}`, suffix));
      opts[name] = optValue;
    }
  }
  return out;
}

/** A list of strings, else a ConfigError. */
function stringList(where: Where, key: string, value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((x) => typeof x === "string")) {
    throw new ConfigError(problem(where, [key], `${key}: expected an array of strings, got ${show(value)}`));
  }
  return value as string[];
}

/** Rule ids, each naming at least one rule. */
function idList(where: Where, key: string, value: unknown, catalog: readonly Rule[], sub: readonly (string | number)[] = [key]): string[] {
  const ids = stringList(where, key, value);
  ids.forEach((id, i) => {
    if (!catalog.some((r) => matchesRule(r, id))) {
      throw new ConfigError(problem(where, [...sub, i], `${key}: unknown rule '${id}'${didYouMean(id, ruleIds(catalog))} (see 'pyward rules')`));
    }
  });
  return ids;
}

/** One of `choices`, else a ConfigError with a suggestion. */
function oneOf<T extends string>(where: Where, key: string, value: unknown, choices: readonly T[]): T {
  if (typeof value === "string" && (choices as readonly string[]).includes(value)) return value as T;
  const hint = typeof value === "string" ? didYouMean(value, choices) : "";
  throw new ConfigError(problem(where, [key], `${key}: expected one of ${choices.map((c) => `"${c}"`).join(", ")}, got ${show(value)}${hint}`));
}

/** `"py311"` / `"3.11"` / `"3.11.4"` → `"3.11"`; undefined when not a Python 3 version. */
export function normaliseTargetVersion(value: string): string | undefined {
  const v = value.trim().toLowerCase();
  let m = /^py3(\d{1,2})$/.exec(v);
  if (m) return `3.${Number(m[1])}`;
  m = /^3\.(\d{1,2})(?:\.\d+)?$/.exec(v);
  if (m) return `3.${Number(m[1])}`;
  return undefined;
}

/**
 * Validates a configuration table (the body of `[tool.pyward]`, or a whole `pyward.toml`).
 * @param catalog the rules ids and rule options are checked against
 * @throws ConfigError for the first unknown key or bad value
 */
export function validateSettings(table: Record<string, unknown>, where: Where, catalog: readonly Rule[]): ConfigSettings {
  const out: ConfigSettings = {};
  const known = CONFIG_KEYS.map((k) => k.key);
  for (const [key, value] of Object.entries(table)) {
    const spec = CONFIG_KEYS.find((k) => k.key === key);
    if (!spec) {
      let hint = didYouMean(key, known);
      if (!hint) {
        const kebab = CONFIG_KEYS.find((k) => squash(k.key) === squash(key));
        if (kebab) hint = ` (did you mean '${kebab.key}'?)`;
      }
      if (!hint && key === "tool" && where.table.length === 0) hint = " (a pyward.toml takes the keys at the top level, without [tool.pyward])";
      throw new ConfigError(problem(where, [key], `unknown key '${key}'${hint}`));
    }
    switch (spec.kind) {
      case "ids":
        (out as Record<string, unknown>)[spec.prop] = idList(where, key, value, catalog);
        break;
      case "globs":
        (out as Record<string, unknown>)[spec.prop] = stringList(where, key, value).map((g) => g.trim()).filter(Boolean);
        break;
      case "level":
        (out as Record<string, unknown>)[spec.prop] = oneOf(where, key, value, LEVELS);
        break;
      case "models": {
        const list = stringList(where, key, value);
        if (!list.length) throw new ConfigError(problem(where, [key], `${key}: expected at least one of "remote", "local"`));
        out.taintSources = [...new Set(list.map((m) => oneOf(where, key, m, MODELS)))];
        break;
      }
      case "target": {
        const v = typeof value === "string" ? normaliseTargetVersion(value) : undefined;
        if (!v) throw new ConfigError(problem(where, [key], `${key}: expected a Python version such as "py311" or "3.11", got ${show(value)}`));
        out.targetVersion = v;
        break;
      }
      case "size":
        if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
          throw new ConfigError(problem(where, [key], `${key}: expected a positive number of megabytes, got ${show(value)}`));
        }
        out.maxFileSize = value;
        break;
      case "count":
        if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
          throw new ConfigError(problem(where, [key], `${key}: expected a positive whole number, got ${show(value)}`));
        }
        out.jobs = value;
        break;
      case "bool":
        if (typeof value !== "boolean") throw new ConfigError(problem(where, [key], `${key}: expected true or false, got ${show(value)}`));
        out.cache = value;
        break;
      case "path":
        if (typeof value !== "string" || !value.trim()) throw new ConfigError(problem(where, [key], `${key}: expected a directory path, got ${show(value)}`));
        out.cacheDir = value;
        break;
      case "per-file": {
        if (!isTable(value)) throw new ConfigError(problem(where, [key], `${key}: expected a table of glob = [rule ids], got ${show(value)}`));
        const pf: Record<string, string[]> = {};
        for (const [glob, ids] of Object.entries(value)) {
          if (!glob.trim()) throw new ConfigError(problem(where, [key, glob], `${key}: empty glob`));
          pf[glob] = idList(where, `${key}."${glob}"`, ids, catalog, [key, glob]);
        }
        out.perFileIgnores = pf;
        break;
      }
      case "rules":
        out.rules = validateRules(value, where, catalog);
        break;
    }
  }
  return out;
}
