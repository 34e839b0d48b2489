/**
 * Changed-files mode (`--diff REV`): which files differ from the revision, which the revision had that are gone,
 * and when the project at the revision cannot be rebuilt from what git gives (`diff-base.ts` does the rebuilding).
 */
import fs from "node:fs";
import path from "node:path";
import { isPythonName } from "../discover/classify.js";
import { wouldDiscover } from "../discover/discover.js";
import type { FileHashIndex } from "./file-hashes.js";
import type { ScanOptions } from "./run.js";
import type { FileTask } from "./task.js";

/** Whether a path lies under one of the scanned paths (`inputs`, resolved against `cwd`; `.` when none). */
function underInputs(inputs: readonly string[], cwd = process.cwd()): (p: string) => boolean {
  const roots = (inputs.length ? inputs : ["."]).map((i) => path.resolve(cwd, i));
  return (p) => roots.some((r) => p.startsWith(r + path.sep));
}

/** The reported paths of the discovered files that differ from the revision (`ScanOptions.changed`). */
export function changedFiles(files: readonly { path: string; absPath: string }[], isChanged: NonNullable<ScanOptions["changed"]>, index: FileHashIndex | undefined, maxSize: number): Set<string> {
  const changed = new Set<string>();
  for (const f of files) if (isChanged(f.absPath, index ? (algorithm) => index.blobId(f.absPath, algorithm, maxSize) : undefined)) changed.add(f.path);
  return changed;
}

/**
 * The Python files the revision has that this scan does not, where discovery would have listed them by their
 * names and the exclusions: removed, or no longer a file it reads (a symbolic link now leaving the root or
 * dangling, a FIFO). As tasks, to be put back at the revision.
 */
export function removedTasks(revision: NonNullable<ScanOptions["revision"]>, present: readonly { absPath: string }[], inputs: readonly string[], options: ScanOptions, mine: (p: string) => boolean): FileTask[] {
  const here = new Set(present.map((f) => f.absPath));
  const gone = revision.filesAt((abs) => !here.has(abs) && isPythonName(abs));
  if (!gone.length) return [];
  const listed = wouldDiscover(inputs, options);
  return gone.flatMap((abs) => {
    const f = listed(abs);
    return f ? [{ path: f.path, absPath: f.absPath, moduleName: f.moduleName, isTest: f.isTest && !options.checkTests, owned: mine(f.path), size: 0 }] : [];
  });
}

/** Whether a submodule directory lies within (or holds) one of the scanned paths. */
export function submoduleScanned(submodules: readonly string[], inputs: readonly string[], cwd = process.cwd()): boolean {
  if (!submodules.length) return false;
  const roots = (inputs.length ? inputs : ["."]).map((i) => path.resolve(cwd, i));
  const under = underInputs(inputs, cwd);
  return submodules.some((d) => under(d) || roots.some((r) => d === r || r.startsWith(d + path.sep)));
}

/**
 * Whether the exclusions changed since the revision (a `.gitignore` discovery read, or the configuration file,
 * differs from it; or one the revision had is gone) while Python files the revision has are on disk and passed
 * over now: those may have been part of the project there.
 */
export function hiddenSince(revision: NonNullable<ScanOptions["revision"]>, isChanged: NonNullable<ScanOptions["changed"]>, files: readonly { absPath: string }[], ignoreFiles: readonly string[], inputs: readonly string[], options: ScanOptions): boolean {
  const under = underInputs(inputs, options.cwd);
  const listed = new Set(files.map((f) => f.absPath));
  const passedOver = revision.filesAt((p) => under(p) && !listed.has(p) && isPythonName(p) && fs.existsSync(p));
  if (!passedOver.length) return false;
  // the virtual-environment markers on the way to a passed-over file count as exclusions too
  const markers = new Set<string>();
  for (const p of passedOver) for (let d = path.dirname(p); under(d); d = path.dirname(d)) if (fs.existsSync(path.join(d, "pyvenv.cfg"))) markers.add(path.join(d, "pyvenv.cfg"));
  const settings = [...ignoreFiles, ...markers, ...(options.configFile ? [options.configFile] : [])];
  if (settings.some((p) => isChanged(p))) return true;
  return revision.removedSince((p) => [".gitignore", "pyproject.toml", "pyward.toml"].includes(path.basename(p))).length > 0;
}

/**
 * Whether files the revision reached through symbolic links may be gone or other now: a link among the scanned
 * paths changed (retargeted, removed, dangling), or, with such links there, a Python file the revision has is gone
 * (it may have been scanned through a link, by a path the revision's tree does not list).
 */
export function linksMoved(revision: NonNullable<ScanOptions["revision"]>, inputs: readonly string[], options: ScanOptions): boolean {
  const under = underInputs(inputs, options.cwd);
  if (!revision.hasLinks(under)) return false;
  if (revision.linksChangedSince(under)) return true;
  return revision.removedSince((p) => isPythonName(p)).length > 0;
}
