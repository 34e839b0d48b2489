/**
 * `pyproject.toml` dependencies:
 *
 * - PEP 621 `[project] dependencies` (no group) and `[project.optional-dependencies]` (group `optional:<extra>`);
 * - PEP 735 `[dependency-groups]` (group `group:<name>`). `{include-group = "…"}` entries are checked (the
 *   group must exist, no cycles) but not expanded: every requirement is returned once, in the group where it
 *   is written, so a finding points at one line;
 * - Poetry `[tool.poetry.dependencies]` (no group; `optional = true` entries get `optional:<extra>` from
 *   `[tool.poetry.extras]`, or `optional`), `[tool.poetry.dev-dependencies]` (group `dev`) and
 *   `[tool.poetry.group.<g>.dependencies]` (group `group:<g>`). Constraints are translated to PEP 440
 *   (see `poetry-constraint.ts`; the original is kept in `rawSpecifier`; alternatives `a || b` are translated
 *   each and joined with ` || `, and pin a version only when every one admits that same single version);
 *   a `url` / `path` to a wheel or sdist without `version` pins the version of its file name (PEP 427,
 *   `dist-filename.ts`); tables may carry `version`,
 *   `extras`, `markers`, `python` (becomes a `python_full_version` marker), `platform` (a `sys_platform`
 *   marker), `git` + `branch`/`tag`/`rev`, `path` + `develop`, `url`; a list of tables (multiple-constraint
 *   dependency) gives one dependency per table. The `python` entry is the interpreter, not a dependency;
 * - `[tool.uv] dev-dependencies` (group `dev`) and PDM's `[tool.pdm.dev-dependencies]` (group `group:<g>`).
 *
 * Library or application: a library is a project that builds a distribution — it has a `[build-system]` table,
 * or Poetry `packages`, or `[tool.uv] package = true`; `[tool.poetry] package-mode = false` and
 * `[tool.uv] package = false` mark an application whatever else is there. A `[project]` table alone does not
 * make a library, because `uv init --app` writes exactly that for applications.
 *
 * Lines: values come from `smol-toml`; each dependency's line is found by {@link TomlLines}, a lexical scan of
 * the same text that records where each key and array element starts (the array element for PEP 621 / 735
 * strings, the key for Poetry tables).
 */
import type { Dependency } from "../types.js";
import {
  addProblem,
  checkMarker,
  directReferencePin,
  makeDependency,
  normalizeName,
  requirementToDependency,
  type ReadContext,
} from "./pep508.js";
import {
  constraintSpecifier,
  constraintVersion,
  alternativeVersions,
  pythonMarker,
  translatePoetryConstraint,
  type PoetryConstraint,
} from "./poetry-constraint.js";
import { asString, asTable, loadToml, type Table } from "./toml.js";
import type { TomlLines, TomlPath } from "./toml-lines.js";
import type { ManifestResult } from "./types.js";

interface PyContext extends ReadContext {
  lines: TomlLines;
  deps: Dependency[];
}

/** PEP 508 strings in an array at `path`; group for each. */
function readRequirementArray(
  ctx: PyContext,
  path: TomlPath,
  value: unknown,
  group: string | undefined,
  editables = false,
): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    addProblem(ctx, ctx.lines.nearest(path), `${path.join(".")} must be an array of requirement strings`);
    return;
  }
  value.forEach((item, i) => {
    const line = ctx.lines.nearest([...path, i]);
    if (typeof item !== "string") {
      addProblem(ctx, line, `${path.join(".")}[${i}] must be a requirement string`);
      return;
    }
    const extra: Partial<Dependency> = group !== undefined ? { group } : {};
    const editable = editables ? /^-e\s+(.*)$/s.exec(item.trim()) : null;
    if (editable) {
      // PDM `-e <path or url>` entries: a named `name @ url` is kept as editable, a bare path is the user's own.
      // the blanks after the extras inside the group: one way to match a run of blanks (two `\s*`: quadratic)
      const named = /^[A-Za-z0-9][A-Za-z0-9._-]*\s*(?:\[[^\]]*\]\s*)?@/.test(editable[1]);
      if (!named) return;
      const dep = requirementToDependency(ctx, line, editable[1], { ...extra, editable: true });
      if (dep) ctx.deps.push(dep);
      return;
    }
    const dep = requirementToDependency(ctx, line, item, extra);
    if (dep) ctx.deps.push(dep);
  });
}

/** PEP 735 `[dependency-groups]`. */
function readDependencyGroups(ctx: PyContext, groups: Table): void {
  const byNorm = new Map<string, string>();
  for (const name of Object.keys(groups)) byNorm.set(normalizeName(name), name);
  const includes = new Map<string, string[]>();
  for (const [name, value] of Object.entries(groups)) {
    const path = ["dependency-groups", name];
    if (!Array.isArray(value)) {
      addProblem(ctx, ctx.lines.nearest(path), `dependency group "${name}" must be an array`);
      continue;
    }
    const own: string[] = [];
    value.forEach((item, i) => {
      const line = ctx.lines.nearest([...path, i]);
      if (typeof item === "string") {
        const dep = requirementToDependency(ctx, line, item, { group: `group:${name}` });
        if (dep) ctx.deps.push(dep);
        return;
      }
      const table = asTable(item);
      const target = asString(table?.["include-group"]);
      if (table && target !== undefined && Object.keys(table).length === 1) {
        if (!byNorm.has(normalizeName(target)))
          addProblem(ctx, line, `dependency group "${name}" includes unknown group "${target}"`);
        else own.push(normalizeName(target));
        return;
      }
      addProblem(ctx, line, `dependency group "${name}": entry ${i} is neither a requirement nor {include-group = "…"}`);
    });
    includes.set(normalizeName(name), own);
  }
  // Cycle check (PEP 735 forbids cycles): depth-first search from each group.
  const state = new Map<string, "active" | "done">();
  const reported = new Set<string>();
  const visit = (g: string, chain: string[]): void => {
    if (state.get(g) === "done") return;
    if (state.get(g) === "active") {
      const original = byNorm.get(chain[0]) ?? chain[0];
      if (!reported.has(g)) {
        reported.add(g);
        addProblem(
          ctx,
          ctx.lines.nearest(["dependency-groups", original]),
          `dependency groups include each other in a cycle (${[...chain.slice(chain.indexOf(g)), g].join(" → ")})`,
        );
      }
      return;
    }
    state.set(g, "active");
    for (const next of includes.get(g) ?? []) visit(next, [...chain, next]);
    state.set(g, "done");
  };
  for (const g of includes.keys()) visit(g, [g]);
}

function translate(ctx: PyContext, line: number, name: string, text: string): PoetryConstraint | undefined {
  try {
    return translatePoetryConstraint(text);
  } catch (e) {
    addProblem(ctx, line, `invalid Poetry constraint "${text}" for ${name}: ${(e as Error).message}`);
    return undefined;
  }
}

function andMarkers(parts: (string | undefined)[]): string | undefined {
  const present = parts.filter((p): p is string => p !== undefined && p.trim() !== "");
  if (present.length <= 1) return present[0];
  return present.map((p) => `(${p})`).join(" and ");
}

/** One Poetry dependency entry (a constraint string or a table). */
function poetryEntry(
  ctx: PyContext,
  path: TomlPath,
  name: string,
  value: unknown,
  group: string | undefined,
  optionalGroup: string,
): void {
  const line = ctx.lines.nearest(path);
  const base: Partial<Dependency> = group !== undefined ? { group } : {};
  if (typeof value === "string") {
    const c = translate(ctx, line, name, value);
    if (!c) return;
    ctx.deps.push(...constraintDependencies(ctx, line, name, value, c, base));
    return;
  }
  const table = asTable(value);
  if (!table) {
    addProblem(ctx, line, `Poetry dependency ${name} must be a constraint string or a table`);
    return;
  }
  const init: Partial<Dependency> = { ...base };
  if (table.optional === true && group === undefined) init.group = optionalGroup;
  const extras = table.extras;
  if (Array.isArray(extras)) init.extras = extras.filter((e): e is string => typeof e === "string");
  const git = asString(table.git);
  const url = asString(table.url);
  const localPath = asString(table.path);
  if (git !== undefined) {
    const ref = asString(table.rev) ?? asString(table.tag) ?? asString(table.branch);
    init.url = `git+${git}${ref !== undefined ? `@${ref}` : ""}`;
  } else if (url !== undefined) init.url = url;
  else if (localPath !== undefined) {
    init.url = localPath;
    if (table.develop === true) init.editable = true;
  }
  const markers: (string | undefined)[] = [asString(table.markers)];
  const python = asString(table.python);
  if (python !== undefined) {
    const pc = translate(ctx, line, `${name} (python)`, python);
    if (pc) markers.push(pythonMarker(pc));
  }
  const platform = asString(table.platform);
  if (platform !== undefined) markers.push(`sys_platform == "${platform}"`);
  const marker = andMarkers(markers);
  if (marker !== undefined) init.marker = marker;
  checkMarker(ctx, line, marker);
  const version = asString(table.version);
  if (version === undefined) {
    // a `url` or `path` to a wheel or sdist of this package can install only the version its file name carries
    const pin = git === undefined && init.url !== undefined ? directReferencePin(ctx, line, name, init.url) : undefined;
    ctx.deps.push(makeDependency(ctx, line, { ...init, name, ...(pin !== undefined ? { version: pin } : {}) }));
    return;
  }
  const c = translate(ctx, line, name, version);
  if (!c) return;
  ctx.deps.push(...constraintDependencies(ctx, line, name, version, c, init));
}

/**
 * The dependency a constraint declares: one, pinned when the constraint admits one version; one per version
 * when it is alternatives of exact versions (`2.4.1 || 3.1.4`: either may be installed, so each is audited).
 */
function constraintDependencies(
  ctx: PyContext,
  line: number,
  name: string,
  raw: string,
  c: PoetryConstraint,
  init: Partial<Dependency>,
): Dependency[] {
  const specifier = constraintSpecifier(c);
  const version = constraintVersion(c);
  const versions = version === undefined ? alternativeVersions(c) : undefined;
  const one = (v: string | undefined): Dependency =>
    makeDependency(ctx, line, {
      ...init,
      name,
      specifier,
      ...(specifier !== raw ? { rawSpecifier: raw } : {}),
      ...(v !== undefined ? { version: v } : {}),
    });
  return versions && versions.length > 1 ? versions.map(one) : [one(version)];
}

/** A Poetry dependency table (`[tool.poetry.dependencies]` and friends). */
function readPoetryTable(
  ctx: PyContext,
  path: TomlPath,
  value: unknown,
  group: string | undefined,
  extrasOf: (name: string) => string,
): void {
  if (value === undefined) return;
  const table = asTable(value);
  if (!table) {
    addProblem(ctx, ctx.lines.nearest(path), `${path.join(".")} must be a table`);
    return;
  }
  for (const [name, spec] of Object.entries(table)) {
    if (name.toLowerCase() === "python") continue;
    if (Array.isArray(spec)) {
      spec.forEach((item, i) => poetryEntry(ctx, [...path, name, i], name, item, group, extrasOf(name)));
    } else poetryEntry(ctx, [...path, name], name, spec, group, extrasOf(name));
  }
}

function classify(data: Table): { isLibrary: boolean; libraryReason: string } {
  const tool = asTable(data.tool);
  const poetry = asTable(tool?.poetry);
  const uv = asTable(tool?.uv);
  if (poetry?.["package-mode"] === false)
    return { isLibrary: false, libraryReason: "[tool.poetry] package-mode = false" };
  if (uv?.package === false) return { isLibrary: false, libraryReason: "[tool.uv] package = false" };
  if (asTable(data["build-system"])) return { isLibrary: true, libraryReason: "[build-system] table present" };
  if (poetry?.packages !== undefined) return { isLibrary: true, libraryReason: "[tool.poetry] packages present" };
  if (uv?.package === true) return { isLibrary: true, libraryReason: "[tool.uv] package = true" };
  return { isLibrary: false, libraryReason: "no [build-system] table: an application" };
}

/**
 * Reads the dependencies of a `pyproject.toml` (see the module comment for sections and groups).
 * Never throws: invalid TOML is one problem at the line the TOML parser reports, other mistakes a problem at
 * the entry's line.
 * @param file path as it should be reported
 */
export function readPyproject(file: string, text: string): ManifestResult {
  const result: ManifestResult = { dependencies: [], constraints: [], problems: [], files: [file] };
  const base: ReadContext = { file, kind: "pyproject", problems: result.problems };
  const loaded = loadToml(base, text);
  if (!loaded) return result;
  const { data, lines } = loaded;
  const ctx: PyContext = { ...base, lines, deps: result.dependencies };

  const project = asTable(data.project);
  if (project) {
    readRequirementArray(ctx, ["project", "dependencies"], project.dependencies, undefined);
    const optional = project["optional-dependencies"];
    if (optional !== undefined) {
      const table = asTable(optional);
      if (!table) addProblem(ctx, lines.nearest(["project", "optional-dependencies"]), "project.optional-dependencies must be a table");
      else
        for (const [extra, reqs] of Object.entries(table))
          readRequirementArray(ctx, ["project", "optional-dependencies", extra], reqs, `optional:${extra}`);
    }
  }

  const groups = data["dependency-groups"];
  if (groups !== undefined) {
    const table = asTable(groups);
    if (!table) addProblem(ctx, lines.nearest(["dependency-groups"]), "[dependency-groups] must be a table");
    else readDependencyGroups(ctx, table);
  }

  const tool = asTable(data.tool);
  const poetry = asTable(tool?.poetry);
  if (poetry) {
    const extrasTable = asTable(poetry.extras) ?? {};
    const extrasOf = (name: string): string => {
      for (const [extra, members] of Object.entries(extrasTable)) {
        if (Array.isArray(members) && members.some((m) => typeof m === "string" && normalizeName(m) === normalizeName(name)))
          return `optional:${extra}`;
      }
      return "optional";
    };
    readPoetryTable(ctx, ["tool", "poetry", "dependencies"], poetry.dependencies, undefined, extrasOf);
    readPoetryTable(ctx, ["tool", "poetry", "dev-dependencies"], poetry["dev-dependencies"], "dev", extrasOf);
    const pgroups = asTable(poetry.group);
    if (pgroups)
      for (const [g, gt] of Object.entries(pgroups)) {
        const deps = asTable(gt)?.dependencies;
        readPoetryTable(ctx, ["tool", "poetry", "group", g, "dependencies"], deps, `group:${g}`, extrasOf);
      }
  }

  const uv = asTable(tool?.uv);
  if (uv) readRequirementArray(ctx, ["tool", "uv", "dev-dependencies"], uv["dev-dependencies"], "dev");
  const pdmDev = asTable(asTable(tool?.pdm)?.["dev-dependencies"]);
  if (pdmDev)
    for (const [g, reqs] of Object.entries(pdmDev))
      readRequirementArray(ctx, ["tool", "pdm", "dev-dependencies", g], reqs, `group:${g}`, true);

  Object.assign(result, classify(data));
  return result;
}
