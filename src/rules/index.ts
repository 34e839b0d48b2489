/**
 * The rule registry: every rule pyward ships, in code order. Add a rule by importing it here.
 */
import type { Rule } from "./types.js";
import syntaxError from "./diagnostics/syntax-error.js";
import undecodableFile from "./diagnostics/undecodable-file.js";
import fileSkipped from "./diagnostics/file-skipped.js";
import permissiveFileMode from "./privilege/permissive-file-mode.js";
import subprocessShell from "./injection/subprocess-shell.js";
import sqlStringBuilt from "./injection/sql-string-built.js";
import osCommandInjection from "./injection/os-command-injection.js";
import codeInjection from "./injection/code-injection.js";
import unsafeDeserialization from "./injection/unsafe-deserialization.js";
import weakHash from "./crypto/weak-hash.js";

/** Every rule, sorted by code. */
export const ALL_RULES: readonly Rule[] = [
  syntaxError,
  undecodableFile,
  fileSkipped,
  permissiveFileMode,
  subprocessShell,
  sqlStringBuilt,
  osCommandInjection,
  codeInjection,
  unsafeDeserialization,
  weakHash,
].sort((a, b) => a.meta.code.localeCompare(b.meta.code));

/** Finds a rule by code, name or alias (any case). */
export function findRule(id: string): Rule | undefined {
  const key = id.toUpperCase();
  return ALL_RULES.find(
    (r) => r.meta.code === key || r.meta.name.toUpperCase() === key || r.meta.aliases.some((a) => a.toUpperCase() === key),
  );
}
