/**
 * `setup.cfg` (setuptools declarative configuration, https://setuptools.pypa.io/en/latest/userguide/declarative_config.html):
 * `[options] install_requires` (no group) and `[options.extras_require]` (group `optional:<extra>`).
 *
 * The INI reading follows Python's `configparser` defaults: `[section]` headers; `key = value` or `key: value`
 * (keys compared lower-case); a value continues on following lines that are indented; blank lines inside a
 * value are allowed; lines whose first non-blank character is `#` or `;` are comments. On top of that an
 * inline `#` comment after whitespace is removed from each requirement line. Each value line is one requirement
 * (a `;` starts its marker; lines are not split on commas). `file: a.txt, b.txt` reads requirements files
 * relative to `setup.cfg` through the injected `readFile`; their dependencies keep their own file and line.
 *
 * A `setup.cfg` with `[metadata]` or `[options]` describes a setuptools package, hence `isLibrary: true`.
 */
import { dirname, isAbsolute, join } from "node:path";
import { readManifestText } from "./read-file.js";
import { addProblem, requirementToDependency, splitLines, stripBom, type ReadContext } from "./pep508.js";
import { outsideRoot, readRequirements } from "./requirements.js";
import type { ManifestResult, ReadOptions } from "./types.js";
import { isLineTerminator, isSpace, restOfLine } from "../../util/text.js";

/** One `key = value` of an INI file with the physical line of every non-empty value line. */
export interface IniEntry {
  section: string;
  key: string;
  line: number;
  values: { text: string; line: number }[];
}

/**
 * A trimmed `key = value` or `key: value` line split at its first `=` or `:` (keys hold neither), as
 * `/^([^=:]+?)\s*[=:]\s*(.*)$/` did — cubic on a long line, from the lazy key and the two `\s*` around the
 * separator. Undefined when the line has no key, or its value spans a line terminator.
 */
function keyValue(trimmed: string): { key: string; value: string } | undefined {
  const sep = trimmed.search(/[=:]/);
  if (sep <= 0) return undefined;
  const value = restOfLine(trimmed.slice(sep + 1));
  return value === undefined ? undefined : { key: trimmed.slice(0, sep).trimEnd(), value };
}

/**
 * `text` without an inline comment: from the first `#` at its start or after whitespace, to the end, with
 * the whitespace — `text.replace(/(^|\s)#.*$/, "")` without its retries from every `#`. As for the regex, a
 * `#` before a line terminator does not count (`.*` cannot reach the end from there).
 */
function stripInlineComment(text: string): string {
  let from = text.length;
  while (from > 0 && !isLineTerminator(text[from - 1])) from--;
  for (let i = from; i < text.length; i++) {
    if (text[i] === "#" && (i === 0 || isSpace(text[i - 1]))) return text.slice(0, Math.max(0, i - 1));
  }
  return text;
}

/** Parses INI text (configparser defaults, see the module comment); unreadable lines go to `bad`. */
export function parseIni(text: string): { entries: IniEntry[]; sections: Set<string>; bad: number[] } {
  const entries: IniEntry[] = [];
  const sections = new Set<string>();
  const bad: number[] = [];
  let section = "";
  let current: IniEntry | undefined;
  splitLines(stripBom(text)).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === "") return;
    if (trimmed.startsWith("#") || trimmed.startsWith(";")) return;
    if (/^\s/.test(raw) && current) {
      current.values.push({ text: trimmed, line });
      return;
    }
    const header = /^\[([^\]]+)\]\s*$/.exec(trimmed);
    if (header) {
      section = header[1].trim();
      sections.add(section);
      current = undefined;
      return;
    }
    const kv = keyValue(trimmed);
    if (kv) {
      current = { section, key: kv.key.toLowerCase(), line, values: [] };
      if (kv.value !== "") current.values.push({ text: kv.value, line });
      entries.push(current);
      return;
    }
    bad.push(line);
    current = undefined;
  });
  return { entries, sections, bad };
}

/**
 * Reads `install_requires` and `extras_require` of a `setup.cfg`. Never throws; bad requirement lines are
 * problems.
 * @param file path as it should be reported; `file:` references are resolved against its directory
 */
export function readSetupCfg(file: string, text: string, options: ReadOptions = {}): ManifestResult {
  const result: ManifestResult = { dependencies: [], constraints: [], problems: [], files: [file] };
  const ctx: ReadContext = { file, kind: "setup.cfg", problems: result.problems };
  const { entries, sections, bad } = parseIni(text);
  for (const line of bad) addProblem(ctx, line, "line is neither a [section], a key = value, nor a comment", "warning");
  const readFile = options.readFile ?? ((p: string) => readManifestText(p));

  const readValues = (entry: IniEntry, group: string | undefined): void => {
    const first = entry.values[0];
    const directive = first?.text.startsWith("file:") ? restOfLine(first.text.slice("file:".length)) : undefined;
    if (directive !== undefined) {
      const names = [directive, ...entry.values.slice(1).map((v) => v.text)]
        .join(",")
        .split(",")
        .map((n) => n.trim())
        .filter((n) => n !== "");
      for (const name of names) {
        const path = isAbsolute(name) ? name : join(dirname(file), name);
        if (outsideRoot(options.includeRoot, path)) {
          addProblem(ctx, first.line, `file: ${name}: outside the project (${path}); not read, so not audited`);
          continue;
        }
        let content: string;
        try {
          content = readFile(path);
        } catch (e) {
          addProblem(ctx, first.line, `file: ${name}: cannot read ${path}: ${(e as Error).message}`);
          continue;
        }
        const sub = readRequirements(path, content, options);
        for (const dep of sub.dependencies) result.dependencies.push(group !== undefined ? { ...dep, group } : dep);
        result.constraints.push(...sub.constraints);
        result.problems.push(...sub.problems);
        result.files.push(...sub.files);
      }
      return;
    }
    for (const value of entry.values) {
      const text = stripInlineComment(value.text).trim();
      if (text === "") continue;
      const dep = requirementToDependency(ctx, value.line, text, group !== undefined ? { group } : {});
      if (dep) result.dependencies.push(dep);
    }
  };

  for (const entry of entries) {
    if (entry.section === "options" && entry.key === "install_requires") readValues(entry, undefined);
    else if (entry.section === "options.extras_require") readValues(entry, `optional:${entry.key}`);
  }
  if (sections.has("metadata") || sections.has("options")) {
    result.isLibrary = true;
    result.libraryReason = "setup.cfg describes a setuptools package";
  }
  return result;
}
