/**
 * `pyward config --show`: the effective configuration of a directory — every key with its value (the
 * default when the file does not set it) and where it came from — as TOML (a valid `pyward.toml`, with the
 * origin of each value in a comment) or as JSON.
 */
import { DEFAULT_EXCLUDES } from "../discover/discover.js";
import { DEFAULT_MAX_FILE_SIZE } from "../engine/run.js";
import type { Rule } from "../rules/types.js";
import type { LoadedConfig } from "./load.js";
import { CONFIG_KEYS, optionKey, ruleByKey, type ConfigSettings } from "./schema.js";

/** A value `pyward config --show` prints: a TOML-representable value, or null for "not set". */
type Shown = string | number | boolean | string[] | Record<string, string[]> | null;

/** Effective values of the top-level keys (defaults filled in where the file is silent). */
function values(s: ConfigSettings): Record<string, Shown> {
  return {
    select: s.select ?? null,
    "extend-select": s.extendSelect ?? [],
    ignore: s.ignore ?? [],
    "per-file-ignores": s.perFileIgnores ?? {},
    exclude: s.exclude ?? [...DEFAULT_EXCLUDES],
    "extend-exclude": s.extendExclude ?? [],
    "min-severity": s.minSeverity ?? "low",
    "min-confidence": s.minConfidence ?? "low",
    "fail-on": s.failOn ?? "low",
    "target-version": s.targetVersion ?? null,
    "taint-sources": s.taintSources ?? ["remote"],
    "max-file-size": s.maxFileSize ?? DEFAULT_MAX_FILE_SIZE / (1024 * 1024),
    jobs: s.jobs ?? null,
    cache: s.cache ?? true,
    "cache-dir": s.cacheDir ?? null,
  };
}

/** What an unset key means. */
const UNSET: Record<string, string> = {
  select: "the rules enabled by default run",
  "target-version": "the local python3, else 3.12",
  jobs: "the number of cores",
  "cache-dir": ".pyward_cache in the project root",
};

/** Bandit keys → the pyward key they set. */
const BANDIT_KEYS: Record<string, string> = { tests: "select", skips: "ignore", exclude_dirs: "extend-exclude", exclude: "extend-exclude" };

/** Where each effective value came from: `file:line`, or `default`. */
function origins(config: LoadedConfig | undefined, catalog: readonly Rule[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!config) return out;
  const bandit = config.kind === "bandit-pyproject" || config.kind === "bandit-ini";
  for (const [raw, line] of Object.entries(config.lines)) {
    const at = `${config.display}:${line}`;
    if (bandit) {
      const key = BANDIT_KEYS[raw];
      if (key && !out[key]) out[key] = `${at} (Bandit '${raw}')`;
      continue;
    }
    const parts = raw.split(".");
    if (parts[0] === "rules" && parts.length === 3) {
      const rule = ruleByKey(catalog, parts[1]);
      const name = Object.keys(rule?.meta.options ?? {}).find((n) => n.replace(/[-_]/g, "").toLowerCase() === parts[2].replace(/[-_]/g, "").toLowerCase());
      if (rule && name) out[`rules.${rule.meta.code}.${optionKey(name)}`] = at;
    } else if (parts.length === 1) out[raw] = at;
  }
  return out;
}

/** Effective rule options: every rule that has options, each option with its configured or default value. */
function ruleValues(s: ConfigSettings, catalog: readonly Rule[]): Record<string, { name: string; options: Record<string, unknown> }> {
  const out: Record<string, { name: string; options: Record<string, unknown> }> = {};
  for (const r of [...catalog].sort((a, b) => (a.meta.code < b.meta.code ? -1 : 1))) {
    const specs = r.meta.options;
    if (!specs || !Object.keys(specs).length) continue;
    const options: Record<string, unknown> = {};
    for (const [name, spec] of Object.entries(specs)) options[optionKey(name)] = s.rules?.[r.meta.code]?.[name] ?? spec.default;
    out[r.meta.code] = { name: r.meta.name, options };
  }
  return out;
}

/** A TOML key: bare when it can be, else quoted. */
const tomlKey = (k: string): string => (/^[A-Za-z0-9_-]+$/.test(k) ? k : JSON.stringify(k));

/** A value in TOML syntax (strings as basic strings, arrays and inline tables on one line). */
function tomlValue(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[${v.map(tomlValue).join(", ")}]`;
  if (typeof v === "object" && v !== null) {
    const entries = Object.entries(v);
    return entries.length ? `{ ${entries.map(([k, x]) => `${tomlKey(k)} = ${tomlValue(x)}`).join(", ")} }` : "{}";
  }
  return JSON.stringify(String(v));
}

/** One line describing the configuration's source. */
function sourceLine(config: LoadedConfig | undefined): string {
  if (!config) return "none (defaults)";
  if (config.kind === "bandit-pyproject" || config.kind === "bandit-ini") return `${config.display}${config.table && config.kind === "bandit-pyproject" ? ` ${config.table}` : ""} (Bandit settings)`;
  return `${config.display}${config.table ? ` ${config.table}` : ""}`;
}

/**
 * Renders the effective configuration.
 * @param format `toml` (default) or `json`
 */
export function renderConfig(config: LoadedConfig | undefined, catalog: readonly Rule[], format: "toml" | "json" = "toml"): string {
  const s = config?.settings ?? {};
  const vals = values(s);
  const from = origins(config, catalog);
  const rules = ruleValues(s, catalog);
  if (format === "json") {
    const origin: Record<string, string> = {};
    for (const k of Object.keys(vals)) origin[k] = from[k] ?? "default";
    const ruleOptions: Record<string, Record<string, unknown>> = {};
    for (const [code, r] of Object.entries(rules)) {
      ruleOptions[code] = r.options;
      for (const k of Object.keys(r.options)) origin[`rules.${code}.${k}`] = from[`rules.${code}.${k}`] ?? "default";
    }
    const doc = {
      schema: "pyward-config",
      schemaVersion: 1,
      source: config ? { file: config.display, kind: config.kind, table: config.table || null, note: config.note ?? null } : null,
      settings: { ...vals, rules: ruleOptions },
      origins: origin,
    };
    return `${JSON.stringify(doc, null, 2)}\n`;
  }
  const lines: string[] = ["# pyward: effective configuration", `# source: ${sourceLine(config)}`];
  if (config?.note) lines.push(`# note: ${config.note}`);
  lines.push("");
  const pad = (text: string, comment: string): string => `${text.padEnd(Math.max(text.length + 2, 40))}# ${comment}`;
  for (const spec of CONFIG_KEYS) {
    if (spec.key === "rules") continue;
    const v = vals[spec.key];
    if (v === null) {
      lines.push(`# ${spec.key}: not set (${UNSET[spec.key] ?? "default"})`);
      continue;
    }
    lines.push(pad(`${spec.key} = ${tomlValue(v)}`, from[spec.key] ?? "default"));
  }
  for (const [code, r] of Object.entries(rules)) {
    lines.push("", pad(`[rules.${code}]`, r.name));
    for (const [k, v] of Object.entries(r.options)) lines.push(pad(`${k} = ${tomlValue(v)}`, from[`rules.${code}.${k}`] ?? "default"));
  }
  return `${lines.join("\n")}\n`;
}
