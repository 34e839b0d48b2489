/**
 * PEP 508 dependency specifiers (`name[extra1,extra2] (>=1.0,<2) ; marker` and `name @ url ; marker`), PEP 503
 * name normalisation, and the small helpers every manifest reader shares.
 *
 * Specs followed: PEP 508 (grammar, including the characters a `version` may hold, so `pkg===1==2` or
 * `pkg>=1<2` is a syntax error), PEP 440 (specifier clauses and operators), PEP 503 (normalised names), PEP 685
 * (extras compared normalised), PEP 427 / sdist file names for the version a direct reference pins.
 */
import { valid } from "@renovatebot/pep440";
import { parseMarker } from "../markers.js";
import { directReferenceVersion, locationFileName } from "./dist-filename.js";
import type { Dependency, ManifestKind, ManifestProblem } from "../types.js";

/** PEP 503 normalisation: lower-case, every run of `-`, `_`, `.` becomes one `-`. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

/** A parsed PEP 508 requirement. */
export interface ParsedRequirement {
  /** Name as written. */
  name: string;
  extras: string[];
  /** Specifier clauses joined by `,` with whitespace removed (`>=2.2,<3`); `""` when none. */
  specifier: string;
  /** The pinned version: the one `==V` (no wildcard) or `===V` clause, when there is one. */
  version?: string;
  /** Direct reference (`name @ url`). */
  url?: string;
  /** Marker text after `;`, trimmed; not validated here (see {@link checkMarker}). */
  marker?: string;
  /** Versions in the specifier that are not valid PEP 440 (the requirement is still returned). */
  invalidVersions: string[];
}

/** Thrown by {@link parseRequirement} with a message that says what was expected and where. */
export class RequirementSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RequirementSyntaxError";
  }
}

/** A PEP 508 distribution name (also the form of an extra). */
export const NAME_RE = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/;
const CLAUSE_RE = /^(===|==|!=|~=|<=|>=|<|>)\s*([^\s,;()]+)$/;

/** Characters of PEP 508 comparison operators, and the operators. */
const OPERATOR_CHARS = "=<>!~";
const OPERATORS = ["===", "==", "!=", "~=", "<=", ">=", "<", ">"];

function invalidOperator(run: string, clause: string, name: string): string {
  const where = run === clause ? "" : ` in "${clip(clause)}"`;
  return `invalid operator "${clip(run)}"${where} for ${name} (expected ==, !=, <=, >=, <, >, ~= or ===)`;
}

/** The leading run of operator characters of `text`. */
function operatorRun(text: string): string {
  let i = 0;
  while (i < text.length && OPERATOR_CHARS.includes(text[i])) i++;
  return text.slice(0, i);
}

/**
 * Index of the first character of `version` that PEP 508's `version` production does not allow (letters,
 * digits, `-`, `_`, `.`, `*`, `+`, `!`), or -1. This holds for `===` too: arbitrary equality compares strings,
 * but they are still PEP 508 versions.
 */
function badVersionCharacter(version: string): number {
  for (let i = 0; i < version.length; i++) {
    const c = version[i];
    const ok = (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || "-_.*+!".includes(c);
    if (!ok) return i;
  }
  return -1;
}

/**
 * Parses one PEP 508 requirement string.
 * @throws RequirementSyntaxError when the text is not a requirement (no name, unclosed `[`, a clause without an
 *   operator, text after a URL that is not `; marker`, an empty marker …)
 */
export function parseRequirement(text: string): ParsedRequirement {
  const s = text.trim();
  const nameMatch = NAME_RE.exec(s);
  if (!nameMatch) throw new RequirementSyntaxError("expected a package name at the start");
  const name = nameMatch[0];
  let i = name.length;
  const skipWs = (): void => {
    while (i < s.length && /\s/.test(s[i])) i++;
  };
  skipWs();

  const extras: string[] = [];
  if (s[i] === "[") {
    const close = s.indexOf("]", i);
    if (close < 0) throw new RequirementSyntaxError(`missing "]" after the extras of ${name}`);
    const inner = s.slice(i + 1, close).trim();
    if (inner !== "") {
      for (const part of inner.split(",")) {
        const extra = part.trim();
        if (extra === "") continue;
        const m = NAME_RE.exec(extra);
        if (!m || m[0] !== extra) throw new RequirementSyntaxError(`invalid extra "${extra}" in ${name}`);
        extras.push(extra);
      }
    }
    i = close + 1;
    skipWs();
  }

  let url: string | undefined;
  let specText = "";
  let marker: string | undefined;
  if (s[i] === "@") {
    i++;
    skipWs();
    const start = i;
    while (i < s.length && !/\s/.test(s[i])) i++;
    url = s.slice(start, i);
    if (url === "") throw new RequirementSyntaxError(`expected a URL after "@" in ${name}`);
    skipWs();
    if (i < s.length) {
      if (s[i] !== ";") throw new RequirementSyntaxError(`unexpected "${s.slice(i)}" after the URL of ${name}`);
      marker = s.slice(i + 1).trim();
    }
  } else {
    const semi = s.indexOf(";", i);
    let rest = (semi < 0 ? s.slice(i) : s.slice(i, semi)).trim();
    if (semi >= 0) marker = s.slice(semi + 1).trim();
    if (rest.startsWith("(")) {
      if (!rest.endsWith(")")) throw new RequirementSyntaxError(`missing ")" in the version of ${name}`);
      rest = rest.slice(1, -1).trim();
    }
    specText = rest;
  }
  if (marker === "") throw new RequirementSyntaxError(`empty environment marker after ";" in ${name}`);

  const clauses: string[] = [];
  const invalidVersions: string[] = [];
  let version: string | undefined;
  if (specText !== "") {
    for (const raw of specText.split(",")) {
      const clause = raw.trim();
      const opOnly = /^(===|==|!=|~=|<=|>=|<|>)\s*$/.exec(clause);
      if (opOnly) throw new RequirementSyntaxError(`expected a version after "${opOnly[1]}" for ${name}`);
      const m = CLAUSE_RE.exec(clause);
      if (!m) {
        const run = operatorRun(clause);
        throw new RequirementSyntaxError(
          clause === ""
            ? `empty version clause in "${clip(specText)}"`
            : run !== "" && !OPERATORS.includes(run)
              ? invalidOperator(run, clause, name)
              : `invalid version specifier "${clip(clause)}" for ${name} (expected an operator such as == or >= and a version)`,
        );
      }
      const [, op, ver] = m;
      const bad = badVersionCharacter(ver);
      if (bad >= 0) {
        // `pkg3=======`, `pkg==1.0==2.0`, `pkg>=1.0<2`: an operator glued to another, or two clauses without a `,`
        const garbled = OPERATOR_CHARS.includes(ver[0]) ? `${op}${operatorRun(ver)}` : undefined;
        throw new RequirementSyntaxError(
          garbled !== undefined
            ? invalidOperator(garbled, clause, name)
            : `"${ver[bad]}" cannot be part of a version ("${clip(clause)}" for ${name}; clauses are separated by ",")`,
        );
      }
      if (op !== "===" && !/^[A-Za-z0-9]/.test(ver))
        throw new RequirementSyntaxError(`expected a version after "${op}" in "${clip(clause)}"`);
      if (op !== "===") {
        const wildcard = ver.endsWith(".*");
        if (wildcard && op !== "==" && op !== "!=")
          throw new RequirementSyntaxError(`"${op}" cannot take a wildcard version ("${clause}")`);
        if (valid(wildcard ? ver.slice(0, -2) : ver) === null) invalidVersions.push(ver);
        if (op === "==" && !wildcard) version ??= ver;
      } else version ??= ver;
      clauses.push(op + ver);
    }
  }
  return {
    name,
    extras,
    specifier: clauses.join(","),
    ...(version !== undefined ? { version } : {}),
    ...(url !== undefined ? { url } : {}),
    ...(marker !== undefined ? { marker } : {}),
    invalidVersions,
  };
}

/** Where a reader is: the file (as reported), its kind, and the problems list it appends to. */
export interface ReadContext {
  file: string;
  kind: ManifestKind;
  problems: ManifestProblem[];
}

/** Appends a problem. */
export function addProblem(
  ctx: ReadContext,
  line: number,
  message: string,
  severity: ManifestProblem["severity"] = "error",
): void {
  ctx.problems.push({ file: ctx.file, line, message, severity });
}

/**
 * Validates a marker with {@link parseMarker}; on a syntax error adds a warning saying the marker is treated
 * as true (the dependency is kept, so it is reported rather than hidden).
 */
export function checkMarker(ctx: ReadContext, line: number, marker: string | undefined): void {
  if (marker === undefined) return;
  try {
    parseMarker(marker);
  } catch (e) {
    addProblem(
      ctx,
      line,
      `unparsable environment marker "${marker}": ${(e as Error).message}; treated as true`,
      "warning",
    );
  }
}

/** Fields of a {@link Dependency} a reader supplies; the rest are filled by {@link makeDependency}. */
export type DependencyInit = Partial<Dependency> & { name: string };

/** Builds a {@link Dependency} with the shared defaults (`specifier: ""`, no extras, no hashes, not locked). */
export function makeDependency(ctx: ReadContext, line: number, init: DependencyInit): Dependency {
  const dep: Dependency = {
    name: init.name,
    normalizedName: normalizeName(init.name),
    specifier: init.specifier ?? "",
    extras: init.extras ?? [],
    hashes: init.hashes ?? [],
    file: ctx.file,
    line,
    kind: ctx.kind,
    locked: init.locked ?? false,
  };
  for (const key of Object.keys(init) as (keyof Dependency)[]) {
    if (init[key] !== undefined && !(key in dep)) (dep as unknown as Record<string, unknown>)[key] = init[key];
  }
  return dep;
}

/**
 * Parses a PEP 508 string found in a manifest and turns it into a dependency, reporting problems at `line`:
 * a syntax error is an error (and no dependency), a non-PEP 440 version a warning, a bad marker a warning.
 * @returns the dependency, or undefined when the string is not a requirement
 */
export function requirementToDependency(
  ctx: ReadContext,
  line: number,
  text: string,
  extra: Partial<Dependency> = {},
): Dependency | undefined {
  let req: ParsedRequirement;
  try {
    req = parseRequirement(text);
  } catch (e) {
    addProblem(ctx, line, `invalid requirement "${clip(text.trim())}": ${(e as Error).message}`);
    return undefined;
  }
  for (const v of req.invalidVersions)
    addProblem(ctx, line, `version "${v}" of ${req.name} is not a valid PEP 440 version`, "warning");
  checkMarker(ctx, line, req.marker);
  const version = req.version ?? (req.url !== undefined ? directReferencePin(ctx, line, req.name, req.url) : undefined);
  return makeDependency(ctx, line, {
    ...extra,
    name: req.name,
    specifier: req.specifier,
    extras: req.extras,
    ...(version !== undefined ? { version } : {}),
    ...(req.url !== undefined ? { url: req.url } : {}),
    ...(req.marker !== undefined ? { marker: req.marker } : {}),
  });
}

/**
 * The version a direct reference (`name @ url`, a requirements-file URL or path, Poetry `url` / `path`) pins
 * through its file name: a wheel (PEP 427) or sdist of `name` (PEP 503 comparison) with a PEP 440 version — the
 * file can only ever install that version, so it is audited like `==version`. A VCS URL, a directory or an
 * unversioned archive pins nothing (undefined). The file of another distribution is a warning at `line` and
 * pins nothing. See `dist-filename.ts`.
 */
export function directReferencePin(ctx: ReadContext, line: number, name: string, location: string): string | undefined {
  const ref = directReferenceVersion(location, name);
  if (ref?.otherName !== undefined)
    addProblem(ctx, line, `"${clip(locationFileName(location))}" is a file of ${ref.otherName}, not ${name} (installers refuse the mismatch); its version is not audited`);
  return ref?.version;
}

/** Text quoted in a message, cut to 80 characters so that a problem never echoes a whole file line. */
export function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Removes a leading UTF-8 byte order mark. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Splits text into physical lines; `\r\n`, `\r` and `\n` each end one line. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}
