/**
 * The rule registry: every rule pyward ships, in code order. Add a rule by importing it here.
 */
import type { Rule } from "./types.js";
import syntaxError from "./diagnostics/syntax-error.js";
import undecodableFile from "./diagnostics/undecodable-file.js";
import fileSkipped from "./diagnostics/file-skipped.js";
import vulnerableDependency from "./deps/vulnerable-dependency.js";
import unpinnedDependency from "./deps/unpinned-dependency.js";
import permissiveFileMode from "./privilege/permissive-file-mode.js";
import bindAllInterfaces from "./privilege/bind-all-interfaces.js";
import tlsVerificationDisabled from "./transport/tls-verification-disabled.js";
import requestWithoutTimeout from "./transport/request-without-timeout.js";
import regexNonConstantPattern from "./regex/regex-non-constant-pattern.js";
import secretInLog from "./logging/secret-in-log.js";
import subprocessShell from "./injection/subprocess-shell.js";
import sqlStringBuilt from "./injection/sql-string-built.js";
import osCommandInjection from "./injection/os-command-injection.js";
import codeInjection from "./injection/code-injection.js";
import unsafeDeserialization from "./injection/unsafe-deserialization.js";
import yamlUnsafeLoad from "./injection/yaml-unsafe-load.js";
import weakHash from "./crypto/weak-hash.js";
import insecureRandomSecret from "./crypto/insecure-random-secret.js";
import hardcodedPassword from "./crypto/hardcoded-password.js";
import flaskDebugEnabled from "./errors/flask-debug-enabled.js";
import jinja2AutoescapeDisabled from "./escaping/jinja2-autoescape-disabled.js";
import unsafeMarkup from "./escaping/unsafe-markup.js";
import csrfExempt from "./csrf/csrf-exempt.js";

/** Every rule, sorted by code. */
export const ALL_RULES: readonly Rule[] = [
  syntaxError,
  undecodableFile,
  fileSkipped,
  vulnerableDependency,
  unpinnedDependency,
  permissiveFileMode,
  bindAllInterfaces,
  tlsVerificationDisabled,
  requestWithoutTimeout,
  regexNonConstantPattern,
  secretInLog,
  subprocessShell,
  sqlStringBuilt,
  osCommandInjection,
  codeInjection,
  unsafeDeserialization,
  yamlUnsafeLoad,
  weakHash,
  insecureRandomSecret,
  hardcodedPassword,
  flaskDebugEnabled,
  jinja2AutoescapeDisabled,
  unsafeMarkup,
  csrfExempt,
].sort((a, b) => a.meta.code.localeCompare(b.meta.code));

/** Finds a rule by code, name or alias (any case). */
export function findRule(id: string): Rule | undefined {
  const key = id.toUpperCase();
  return ALL_RULES.find(
    (r) => r.meta.code === key || r.meta.name.toUpperCase() === key || r.meta.aliases.some((a) => a.toUpperCase() === key),
  );
}
