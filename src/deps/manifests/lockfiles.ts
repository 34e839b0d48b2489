/**
 * Lockfiles: every entry becomes a `locked: true` dependency with its exact `version` (and `specifier`
 * `==<version>`), pointing at the line of its `name = …` key (TOML) or its package key (JSON).
 *
 * - `poetry.lock` — `[[package]]` `name`/`version`; group from `groups` (Poetry 2: `main` → none, else
 *   `group:<first>`) or `category` (Poetry 1: `dev` → `dev`); `markers` when a string; `[package.source]` of
 *   type git/url/file/directory gives `url` (a `legacy` source is a private index, no url).
 * - `Pipfile.lock` — JSON `default` (no group) and `develop` (group `dev`) objects keyed by name, `"version":
 *   "==x"`, `markers`, `extras`; `git`/`path`/`file` entries give `url`; the editable project itself
 *   (`"path": "."` with `"editable": true`) is skipped.
 * - `uv.lock` — `[[package]]` `name`/`version`/`source`; the project's own and workspace members (`source`
 *   `editable`, `virtual` or `directory`) are skipped; `git`/`url`/`path` sources give `url`.
 * - `pdm.lock` — `[[package]]` `name`/`version`/`groups` (`default` → none, else `group:<first>`)/`marker`;
 *   `git`/`url`/`path` give `url`.
 * - `pylock.toml` (PEP 751) — `[[packages]]` `name`/`version` (optional there)/`marker`; `vcs`/`archive` give
 *   `url`; `directory` entries (local projects) are skipped.
 *
 * Hash lists in lockfiles are not copied (`hashes` stays empty). An entry without a name is a problem; one
 * without a version (allowed by PEP 751 for direct references) is kept without `version`.
 */
import type { Dependency, ManifestKind } from "../types.js";
import { addProblem, checkMarker, makeDependency, stripBom, type ReadContext } from "./pep508.js";
import { JsonLines } from "./json-lines.js";
import { asString, asTable, loadToml, type Table } from "./toml.js";
import type { TomlLines } from "./toml-lines.js";
import type { ManifestResult } from "./types.js";

type Entry = { name?: string; version?: string; marker?: string; group?: string; url?: string; extras?: string[] };

function newResult(file: string): ManifestResult {
  return { dependencies: [], constraints: [], problems: [], files: [file] };
}

function lockedDependency(ctx: ReadContext, line: number, entry: Entry & { name: string }): Dependency {
  checkMarker(ctx, line, entry.marker);
  return makeDependency(ctx, line, {
    name: entry.name,
    locked: true,
    specifier: entry.version !== undefined ? `==${entry.version}` : "",
    ...(entry.version !== undefined ? { version: entry.version } : {}),
    ...(entry.marker !== undefined ? { marker: entry.marker } : {}),
    ...(entry.group !== undefined ? { group: entry.group } : {}),
    ...(entry.url !== undefined ? { url: entry.url } : {}),
    ...(entry.extras !== undefined ? { extras: entry.extras } : {}),
  });
}

/** Shared loop over a TOML array of package tables (`[[package]]` / `[[packages]]`). */
function readTomlPackages(
  file: string,
  text: string,
  kind: ManifestKind,
  arrayKey: string,
  toEntry: (pkg: Table) => Entry | "skip",
): ManifestResult {
  const result = newResult(file);
  const ctx: ReadContext = { file, kind, problems: result.problems };
  const loaded = loadToml(ctx, text, 3);
  if (!loaded) return result;
  const { data, lines } = loaded;
  const packages = data[arrayKey];
  if (packages === undefined) return result;
  if (!Array.isArray(packages)) {
    addProblem(ctx, lines.nearest([arrayKey]), `[[${arrayKey}]] must be an array of tables`);
    return result;
  }
  packages.forEach((item, i) => {
    const pkg = asTable(item);
    const entryLine = lineOf(lines, [arrayKey, i]);
    if (!pkg) {
      addProblem(ctx, entryLine, `${arrayKey}[${i}] is not a table`);
      return;
    }
    const entry = toEntry(pkg);
    if (entry === "skip") return;
    const line = lines.line([arrayKey, i, "name"]) ?? entryLine;
    if (entry.name === undefined || entry.name === "") {
      addProblem(ctx, entryLine, `${arrayKey} entry ${i + 1} has no name`);
      return;
    }
    if (entry.version === undefined && kind !== "pylock.toml")
      addProblem(ctx, line, `locked package ${entry.name} has no version`, "warning");
    result.dependencies.push(lockedDependency(ctx, line, { ...entry, name: entry.name }));
  });
  return result;
}

function lineOf(lines: TomlLines, path: (string | number)[]): number {
  return lines.nearest(path);
}

function firstGroup(groups: unknown, main: string): string | undefined {
  if (!Array.isArray(groups)) return undefined;
  const names = groups.filter((g): g is string => typeof g === "string");
  if (names.length === 0 || names.includes(main)) return undefined;
  return `group:${names[0]}`;
}

/** Reads a `poetry.lock`. Never throws; invalid TOML is one problem. */
export function readPoetryLock(file: string, text: string): ManifestResult {
  return readTomlPackages(file, text, "poetry.lock", "package", (pkg) => {
    const source = asTable(pkg.source);
    const type = asString(source?.type);
    const srcUrl = asString(source?.url);
    let url: string | undefined;
    if (type === "git" && srcUrl !== undefined) {
      const ref = asString(source?.resolved_reference) ?? asString(source?.reference);
      url = `git+${srcUrl}${ref ? `@${ref}` : ""}`;
    } else if (type !== undefined && type !== "legacy" && srcUrl !== undefined) url = srcUrl;
    const category = asString(pkg.category);
    const group =
      firstGroup(pkg.groups, "main") ?? (category !== undefined && category !== "main" ? category : undefined);
    const marker = asString(pkg.markers);
    return {
      name: asString(pkg.name),
      version: asString(pkg.version),
      ...(marker !== undefined ? { marker } : {}),
      ...(group !== undefined ? { group } : {}),
      ...(url !== undefined ? { url } : {}),
    };
  });
}

/** Reads a `uv.lock`. Never throws; invalid TOML is one problem. */
export function readUvLock(file: string, text: string): ManifestResult {
  return readTomlPackages(file, text, "uv.lock", "package", (pkg) => {
    const source = asTable(pkg.source);
    if (source && ("editable" in source || "virtual" in source || "directory" in source)) return "skip";
    const url = asString(source?.git) ?? asString(source?.url) ?? asString(source?.path);
    return {
      name: asString(pkg.name),
      version: asString(pkg.version),
      ...(url !== undefined ? { url: asString(source?.git) !== undefined ? `git+${url}` : url } : {}),
    };
  });
}

/** Reads a `pdm.lock`. Never throws; invalid TOML is one problem. */
export function readPdmLock(file: string, text: string): ManifestResult {
  return readTomlPackages(file, text, "pdm.lock", "package", (pkg) => {
    const git = asString(pkg.git);
    const url = git !== undefined ? `git+${git}` : (asString(pkg.url) ?? asString(pkg.path));
    if (pkg.editable === true && git === undefined && asString(pkg.url) === undefined) return "skip";
    const group = firstGroup(pkg.groups, "default");
    const marker = asString(pkg.marker);
    return {
      name: asString(pkg.name),
      version: asString(pkg.version),
      ...(marker !== undefined ? { marker } : {}),
      ...(group !== undefined ? { group } : {}),
      ...(url !== undefined ? { url } : {}),
    };
  });
}

/** Reads a PEP 751 `pylock.toml` / `pylock.<name>.toml`. Never throws; invalid TOML is one problem. */
export function readPylock(file: string, text: string): ManifestResult {
  return readTomlPackages(file, text, "pylock.toml", "packages", (pkg) => {
    if (asTable(pkg.directory)) return "skip";
    const vcs = asTable(pkg.vcs);
    const archive = asTable(pkg.archive);
    let url: string | undefined;
    if (vcs) {
      const base = asString(vcs.url) ?? asString(vcs.path);
      const commit = asString(vcs["commit-id"]);
      if (base !== undefined) url = `${asString(vcs.type) ?? "git"}+${base}${commit ? `@${commit}` : ""}`;
    } else if (archive) url = asString(archive.url) ?? asString(archive.path);
    const marker = asString(pkg.marker);
    return {
      name: asString(pkg.name),
      version: asString(pkg.version),
      ...(marker !== undefined ? { marker } : {}),
      ...(url !== undefined ? { url } : {}),
    };
  });
}

/** The 1-based line a `JSON.parse` error message points at (it gives a line, or an offset into `text`). */
function jsonErrorLine(text: string, message: string): number {
  const lineCol = /line (\d+)/.exec(message);
  if (lineCol) return Number(lineCol[1]);
  const pos = /position (\d+)/.exec(message);
  if (!pos) return 1;
  return text.slice(0, Number(pos[1])).split("\n").length;
}

/** Reads a `Pipfile.lock`. Never throws; invalid JSON is one problem at the line of the error. */
export function readPipfileLock(file: string, text: string): ManifestResult {
  const result = newResult(file);
  const ctx: ReadContext = { file, kind: "Pipfile.lock", problems: result.problems };
  const clean = stripBom(text);
  let data: unknown;
  try {
    data = JSON.parse(clean);
  } catch (e) {
    const message = (e as Error).message;
    addProblem(ctx, jsonErrorLine(clean, message), `invalid JSON: ${message}`);
    return result;
  }
  const root = asTable(data);
  if (!root) {
    addProblem(ctx, 1, "Pipfile.lock must be a JSON object");
    return result;
  }
  const lines = new JsonLines(clean);
  for (const [section, group] of [
    ["default", undefined],
    ["develop", "dev"],
  ] as const) {
    if (root[section] === undefined) continue;
    const table = asTable(root[section]);
    if (!table) {
      addProblem(ctx, lines.nearest([section]), `"${section}" must be an object`);
      continue;
    }
    for (const [name, value] of Object.entries(table)) {
      const line = lines.nearest([section, name]);
      const info = asTable(value);
      if (!info) {
        addProblem(ctx, line, `"${section}.${name}" must be an object`);
        continue;
      }
      const path = asString(info.path);
      if (info.editable === true && path !== undefined && asString(info.git) === undefined) continue;
      const spec = asString(info.version);
      let version: string | undefined;
      if (spec !== undefined) {
        const m = /^\s*(===|==)\s*(\S+)\s*$/.exec(spec);
        if (m) version = m[2];
        else if (spec !== "*") addProblem(ctx, line, `"${name}" has version "${spec}", expected "==<version>"`, "warning");
      }
      const git = asString(info.git);
      const ref = asString(info.ref);
      const url = git !== undefined ? `git+${git}${ref ? `@${ref}` : ""}` : (asString(info.file) ?? path);
      const marker = asString(info.markers);
      checkMarker(ctx, line, marker);
      const extras = Array.isArray(info.extras) ? info.extras.filter((e): e is string => typeof e === "string") : [];
      result.dependencies.push(
        makeDependency(ctx, line, {
          name,
          locked: true,
          extras,
          specifier: version !== undefined ? `==${version}` : "",
          ...(version !== undefined ? { version } : {}),
          ...(marker !== undefined ? { marker } : {}),
          ...(group !== undefined ? { group } : {}),
          ...(url !== undefined ? { url } : {}),
          ...(info.editable === true ? { editable: true } : {}),
        }),
      );
    }
  }
  return result;
}
