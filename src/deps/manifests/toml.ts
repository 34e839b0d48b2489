/**
 * Loading TOML manifests: values from `smol-toml`, lines from {@link TomlLines}; a syntax error becomes one
 * problem with the line `smol-toml` reports.
 */
import { parse, TomlError } from "smol-toml";
import { addProblem, stripBom, type ReadContext } from "./pep508.js";
import { TomlLines } from "./toml-lines.js";

/** A parsed TOML table (plain object). */
export type Table = Record<string, unknown>;

/** Parsed document and its line index. */
export interface LoadedToml {
  data: Table;
  lines: TomlLines;
}

/**
 * Parses TOML text; on a syntax error adds one error problem (`invalid TOML: …` at the reported line) and
 * returns undefined. Never throws. `maxDepth` limits which lines are recorded (see {@link TomlLines}).
 */
export function loadToml(ctx: ReadContext, text: string, maxDepth = Infinity): LoadedToml | undefined {
  const clean = stripBom(text);
  try {
    const data = parse(clean) as Table;
    return { data, lines: new TomlLines(clean, maxDepth) };
  } catch (e) {
    const line = e instanceof TomlError && e.line > 0 ? e.line : 1;
    const message = ((e as Error).message ?? String(e)).split("\n")[0].replace(/^Invalid TOML document:\s*/, "");
    addProblem(ctx, line, `invalid TOML: ${message}`);
    return undefined;
  }
}

/** `value` when it is a table (not an array, not a date), else undefined. */
export function asTable(value: unknown): Table | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date)
    ? (value as Table)
    : undefined;
}

/** `value` when it is a string, else undefined. */
export function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
