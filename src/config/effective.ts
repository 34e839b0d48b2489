/**
 * Effective settings of a run: the configuration file's settings with the command line on top.
 *
 * - `--select` replaces the file's `select`, `extend-select` and `ignore` (the command line is a later
 *   selection layer, as in Ruff); `--extend-select` and `--ignore` add to the file's.
 * - `--exclude` replaces the file's `exclude`; `--extend-exclude` adds to the file's `extend-exclude`.
 * - Every other option given on the command line wins over the file's key.
 * Globs of the file that contain a `/` are anchored at the file's directory; bare names match anywhere.
 */
import type { Confidence, Severity } from "../engine/finding.js";
import type { ScanOptions } from "../engine/run.js";
import type { ThreatModel } from "../taint/index.js";
import { anchorGlob } from "../engine/per-file-ignores.js";
import type { LoadedConfig } from "./load.js";
import { trimTrailingSlashes } from "../util/text.js";

/** Settings given on the command line; undefined (or empty lists) when not given. */
export interface CommandLineSettings {
  select?: readonly string[];
  extendSelect?: readonly string[];
  ignore?: readonly string[];
  exclude?: readonly string[];
  extendExclude?: readonly string[];
  minSeverity?: Severity;
  minConfidence?: Confidence;
  failOn?: Severity;
  /** Target Python version (`--python-version`). */
  targetVersion?: string;
  taintSources?: readonly ThreatModel[];
  /** `--max-file-size`, in bytes. */
  maxFileSize?: number;
}

/** The scan options the configuration decides, the exit threshold, and the target Python. */
export interface EffectiveSettings {
  scan: Pick<
    ScanOptions,
    | "select"
    | "extendSelect"
    | "ignore"
    | "override"
    | "exclude"
    | "extendExclude"
    | "excludeFrom"
    | "perFileIgnores"
    | "minSeverity"
    | "minConfidence"
    | "maxFileSize"
    | "taintSources"
    | "ruleOptions"
  >;
  failOn: Severity;
  /** Target Python for dependency markers, when the command line or the file sets one. */
  pythonVersion?: string;
}

/** A glob's normal form for the path/name decision (`./a/b/` → `a/b`). */
function bare(glob: string): string {
  let g = glob.trim().replace(/\\/g, "/");
  while (g.startsWith("./")) g = g.slice(2);
  return trimTrailingSlashes(g);
}

/** Splits globs into bare names (matched anywhere) and paths (anchored at the configuration's directory). */
function splitGlobs(globs: readonly string[] | undefined): { names: string[]; paths: string[] } {
  const names: string[] = [];
  const paths: string[] = [];
  for (const g of globs ?? []) {
    const b = bare(g);
    if (!b) continue;
    if (b.includes("/")) paths.push(g);
    else if (/^(\.\/|\/)/.test(g.trim())) paths.push(anchorGlob(g));
    else names.push(g);
  }
  return { names, paths };
}

const nonEmpty = <T>(list: readonly T[] | undefined): T[] | undefined => (list && list.length ? [...list] : undefined);

/** Merges a configuration (or none) and the command line into the settings of a run. */
export function effectiveSettings(config: LoadedConfig | undefined, cli: CommandLineSettings): EffectiveSettings {
  const s = config?.settings ?? {};
  const cliSelect = nonEmpty(cli.select);
  const useFileExclude = !cli.exclude && s.exclude !== undefined;
  const fileExclude = splitGlobs(useFileExclude ? s.exclude : undefined);
  const fileExtend = splitGlobs(s.extendExclude);
  const anchored = [...fileExclude.paths, ...fileExtend.paths];
  const scan: EffectiveSettings["scan"] = {
    select: nonEmpty(s.select),
    extendSelect: s.extendSelect ?? [],
    ignore: s.ignore ?? [],
    override: { select: cliSelect, extendSelect: [...(cli.extendSelect ?? [])], ignore: [...(cli.ignore ?? [])] },
    exclude: cli.exclude ? [...cli.exclude] : useFileExclude ? fileExclude.names : undefined,
    extendExclude: [...fileExtend.names, ...(cli.extendExclude ?? [])],
    excludeFrom: config && anchored.length ? [{ base: config.dir, globs: anchored }] : undefined,
    perFileIgnores: config && s.perFileIgnores ? Object.entries(s.perFileIgnores).map(([glob, ids]) => ({ base: config.dir, glob, ids })) : undefined,
    minSeverity: cli.minSeverity ?? s.minSeverity,
    minConfidence: cli.minConfidence ?? s.minConfidence,
    maxFileSize: cli.maxFileSize ?? (s.maxFileSize !== undefined ? Math.round(s.maxFileSize * 1024 * 1024) : undefined),
    taintSources: nonEmpty(cli.taintSources) ?? nonEmpty(s.taintSources),
    ruleOptions: s.rules,
  };
  return { scan, failOn: cli.failOn ?? s.failOn ?? "low", pythonVersion: cli.targetVersion ?? s.targetVersion };
}
