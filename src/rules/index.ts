/**
 * The rule registry: every rule pyward ships, in code order. Add a rule by importing it here.
 */
import type { Rule } from "./types.js";
import { TAINT_RULES } from "./taint/index.js";
import syntaxError from "./diagnostics/syntax-error.js";
import undecodableFile from "./diagnostics/undecodable-file.js";
import fileSkipped from "./diagnostics/file-skipped.js";
import vulnerableDependency from "./deps/vulnerable-dependency.js";
import unpinnedDependency from "./deps/unpinned-dependency.js";
import manifestError from "./deps/manifest-error.js";
import permissiveFileMode from "./privilege/permissive-file-mode.js";
import bindAllInterfaces from "./privilege/bind-all-interfaces.js";
import djangoAllowedHostsWildcard from "./privilege/django-allowed-hosts-wildcard.js";
import corsAnyOriginCredentials from "./privilege/cors-any-origin-credentials.js";
import tlsVerificationDisabled from "./transport/tls-verification-disabled.js";
import requestWithoutTimeout from "./transport/request-without-timeout.js";
import regexNonConstantPattern from "./regex/regex-non-constant-pattern.js";
import regexRedos from "./regex/regex-redos.js";
import regexDollarNewline from "./regex/regex-dollar-newline.js";
import regexUnanchoredValidation from "./regex/regex-unanchored-validation.js";
import regexOverlyLargeRange from "./regex/regex-overly-large-range.js";
import secretInLog from "./logging/secret-in-log.js";
import subprocessShell from "./injection/subprocess-shell.js";
import sqlStringBuilt from "./injection/sql-string-built.js";
import osCommandInjection from "./injection/os-command-injection.js";
import codeInjection from "./injection/code-injection.js";
import unsafeDeserialization from "./injection/unsafe-deserialization.js";
import yamlUnsafeLoad from "./injection/yaml-unsafe-load.js";
import paramikoCommandInjection from "./injection/paramiko-command-injection.js";
import subprocessWithoutShell from "./injection/subprocess-without-shell.js";
import processStartWithoutShell from "./injection/process-start-without-shell.js";
import shellTrueOtherCall from "./injection/shell-true-other-call.js";
import partialExecutablePath from "./injection/partial-executable-path.js";
import wildcardInjection from "./injection/wildcard-injection.js";
import tarfileUnsafeExtract from "./injection/tarfile-unsafe-extract.js";
import urlOpenAnyScheme from "./injection/url-open-any-scheme.js";
import xmlStdlibParser from "./injection/xml-stdlib-parser.js";
import lxmlUnsafeParser from "./injection/lxml-unsafe-parser.js";
import huggingfaceUnpinnedRevision from "./injection/huggingface-unpinned-revision.js";
import makoNoHtmlEscape from "./escaping/mako-no-html-escape.js";
import weakHash from "./crypto/weak-hash.js";
import fastHashPassword from "./crypto/fast-hash-password.js";
import pbkdf2LowIterations from "./crypto/pbkdf2-low-iterations.js";
import bcryptLowCost from "./crypto/bcrypt-low-cost.js";
import scryptWeakParameters from "./crypto/scrypt-weak-parameters.js";
import argon2WeakParameters from "./crypto/argon2-weak-parameters.js";
import weakPasswordSalt from "./crypto/weak-password-salt.js";
import djangoWeakPasswordHasher from "./crypto/django-weak-password-hasher.js";
import nonConstantTimeComparison from "./crypto/non-constant-time-comparison.js";
import secretInLiteral from "./crypto/secret-in-literal.js";
import insecureRandomSecret from "./crypto/insecure-random-secret.js";
import hardcodedPassword from "./crypto/hardcoded-password.js";
import weakCipher from "./crypto/weak-cipher.js";
import ecbMode from "./crypto/ecb-mode.js";
import insecureTlsVersion from "./transport/insecure-tls-version.js";
import sslWrapSocket from "./transport/ssl-wrap-socket.js";
import unverifiedSslContext from "./transport/unverified-ssl-context.js";
import weakCryptoKey from "./crypto/weak-crypto-key.js";
import sshHostKeyNotVerified from "./transport/ssh-host-key-not-verified.js";
import snmpInsecureVersion from "./transport/snmp-insecure-version.js";
import snmpWeakSecurity from "./transport/snmp-weak-security.js";
import insecureCipherSuite from "./transport/insecure-cipher-suite.js";
import flaskDebugEnabled from "./errors/flask-debug-enabled.js";
import exceptionDetailsInResponse from "./errors/exception-details-in-response.js";
import flaskDebugEnvironment from "./errors/flask-debug-environment.js";
import djangoDebugEnabled from "./errors/django-debug-enabled.js";
import assertUsed from "./errors/assert-used.js";
import swallowedException from "./errors/swallowed-exception.js";
import hardcodedTempPath from "./privilege/hardcoded-temp-path.js";
import insecureTempFile from "./privilege/insecure-temp-file.js";
import telnetCleartext from "./transport/telnet-cleartext.js";
import ftpCleartext from "./transport/ftp-cleartext.js";
import privilegedCommand from "./privilege/privileged-command.js";
import setuidRoot from "./privilege/setuid-root.js";
import drfAllowAnyWrite from "./privilege/drf-allow-any-write.js";
import drfDefaultPermissionMissing from "./privilege/drf-default-permission-missing.js";
import massAssignmentFromRequest from "./privilege/mass-assignment-from-request.js";
import privilegedFieldsExposed from "./privilege/privileged-fields-exposed.js";
import allPermissionsGranted from "./privilege/all-permissions-granted.js";
import databaseSuperuserConnection from "./privilege/database-superuser-connection.js";
import accountEnumeration from "./privilege/account-enumeration.js";
import loginWithoutRateLimit from "./privilege/login-without-rate-limit.js";
import viewMissingAuthorization from "./privilege/view-missing-authorization.js";
import objectLookupWithoutOwnerCheck from "./privilege/object-lookup-without-owner-check.js";
import bidiControlCharacter from "./other/bidi-control-character.js";
import rootwrapRunAsRoot from "./privilege/rootwrap-run-as-root.js";
import importTelnetlib from "./imports/import-telnetlib.js";
import importFtplib from "./imports/import-ftplib.js";
import importPickle from "./imports/import-pickle.js";
import importSubprocess from "./imports/import-subprocess.js";
import importXmlParser from "./imports/import-xml-parser.js";
import importXmlrpc from "./imports/import-xmlrpc.js";
import httpoxyCgiHandler from "./imports/httpoxy-cgi-handler.js";
import importPycrypto from "./imports/import-pycrypto.js";
import importPyghmi from "./imports/import-pyghmi.js";
import loggingConfigListen from "./logging/logging-config-listen.js";
import osloConfigSecretUnmarked from "./logging/oslo-config-secret-unmarked.js";
import jinja2AutoescapeDisabled from "./escaping/jinja2-autoescape-disabled.js";
import unsafeMarkup from "./escaping/unsafe-markup.js";
import dynamicTemplateSource from "./escaping/dynamic-template-source.js";
import templateSafeFilter from "./escaping/template-safe-filter.js";
import templateAutoescapeOff from "./escaping/template-autoescape-off.js";
import templateUnquotedAttribute from "./escaping/template-unquoted-attribute.js";
import csrfExempt from "./csrf/csrf-exempt.js";
import djangoCsrfMiddlewareMissing from "./csrf/django-csrf-middleware-missing.js";
import flaskCsrfProtectionMissing from "./csrf/flask-csrf-protection-missing.js";
import csrfCheckDisabled from "./csrf/csrf-check-disabled.js";
import cookieMissingFlags from "./csrf/cookie-missing-flags.js";
import insecureCookieSetting from "./csrf/insecure-cookie-setting.js";
import authFailureNotLogged from "./logging/auth-failure-not-logged.js";
import accessDenialNotLogged from "./logging/access-denial-not-logged.js";

/** Every rule, sorted by code. */
export const ALL_RULES: readonly Rule[] = [
  ...TAINT_RULES,
  syntaxError,
  undecodableFile,
  fileSkipped,
  vulnerableDependency,
  unpinnedDependency,
  manifestError,
  permissiveFileMode,
  bindAllInterfaces,
  djangoAllowedHostsWildcard,
  corsAnyOriginCredentials,
  tlsVerificationDisabled,
  requestWithoutTimeout,
  regexNonConstantPattern,
  regexRedos,
  regexDollarNewline,
  regexUnanchoredValidation,
  regexOverlyLargeRange,
  secretInLog,
  subprocessShell,
  sqlStringBuilt,
  osCommandInjection,
  codeInjection,
  unsafeDeserialization,
  yamlUnsafeLoad,
  paramikoCommandInjection,
  subprocessWithoutShell,
  processStartWithoutShell,
  shellTrueOtherCall,
  partialExecutablePath,
  wildcardInjection,
  tarfileUnsafeExtract,
  urlOpenAnyScheme,
  xmlStdlibParser,
  lxmlUnsafeParser,
  huggingfaceUnpinnedRevision,
  makoNoHtmlEscape,
  weakHash,
  fastHashPassword,
  pbkdf2LowIterations,
  bcryptLowCost,
  scryptWeakParameters,
  argon2WeakParameters,
  weakPasswordSalt,
  djangoWeakPasswordHasher,
  nonConstantTimeComparison,
  secretInLiteral,
  insecureRandomSecret,
  hardcodedPassword,
  weakCipher,
  ecbMode,
  insecureTlsVersion,
  sslWrapSocket,
  unverifiedSslContext,
  weakCryptoKey,
  sshHostKeyNotVerified,
  snmpInsecureVersion,
  snmpWeakSecurity,
  insecureCipherSuite,
  flaskDebugEnabled,
  exceptionDetailsInResponse,
  flaskDebugEnvironment,
  djangoDebugEnabled,
  assertUsed,
  swallowedException,
  hardcodedTempPath,
  insecureTempFile,
  telnetCleartext,
  ftpCleartext,
  privilegedCommand,
  setuidRoot,
  drfAllowAnyWrite,
  drfDefaultPermissionMissing,
  massAssignmentFromRequest,
  privilegedFieldsExposed,
  allPermissionsGranted,
  databaseSuperuserConnection,
  accountEnumeration,
  loginWithoutRateLimit,
  viewMissingAuthorization,
  objectLookupWithoutOwnerCheck,
  bidiControlCharacter,
  rootwrapRunAsRoot,
  importTelnetlib,
  importFtplib,
  importPickle,
  importSubprocess,
  importXmlParser,
  importXmlrpc,
  httpoxyCgiHandler,
  importPycrypto,
  importPyghmi,
  loggingConfigListen,
  osloConfigSecretUnmarked,
  jinja2AutoescapeDisabled,
  unsafeMarkup,
  dynamicTemplateSource,
  templateSafeFilter,
  templateAutoescapeOff,
  templateUnquotedAttribute,
  csrfExempt,
  djangoCsrfMiddlewareMissing,
  flaskCsrfProtectionMissing,
  csrfCheckDisabled,
  cookieMissingFlags,
  insecureCookieSetting,
  authFailureNotLogged,
  accessDenialNotLogged,
].sort((a, b) => (a.meta.code < b.meta.code ? -1 : a.meta.code > b.meta.code ? 1 : 0)); // by code point: localeCompare would start ICU's collator (≈ 10 ms of every command)

/** Finds a rule by code, name or alias (any case). */
export function findRule(id: string): Rule | undefined {
  const key = id.toUpperCase();
  return ALL_RULES.find(
    (r) => r.meta.code === key || r.meta.name.toUpperCase() === key || r.meta.aliases.some((a) => a.toUpperCase() === key),
  );
}
