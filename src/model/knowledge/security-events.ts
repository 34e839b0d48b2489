/**
 * Knowledge for the "security event not logged" rules (PW910, PW911): which calls check credentials, which
 * exceptions signal a failed check, which calls and statements deny access, and which calls write a log or
 * audit record. Qualified names are as the semantic model spells them.
 */

// ------------------------------------------------------------------------------------------------ checks

/** How an authentication check reports failure. */
export type AuthCheckResult =
  /** Returns a falsy value (`False`, `None`) on failure: the failure path is the branch that tests it. */
  | "falsy"
  /** Raises on failure (see {@link AUTH_FAILURE_EXCEPTIONS}): the failure path is the `except` clause. */
  | "raises";

/** Authentication checks by qualified name. */
export const AUTH_CHECK_FUNCTIONS: Readonly<Record<string, AuthCheckResult>> = {
  "django.contrib.auth.authenticate": "falsy",
  "django.contrib.auth.aauthenticate": "falsy",
  "django.contrib.auth.hashers.check_password": "falsy",
  "werkzeug.security.check_password_hash": "falsy",
  "werkzeug.check_password_hash": "falsy",
  "flask_login.login_user": "falsy",
  "bcrypt.checkpw": "falsy",
  "flask_bcrypt.check_password_hash": "falsy",
  "flask_bcrypt.Bcrypt.check_password_hash": "falsy",
  "passlib.context.CryptContext.verify": "falsy",
  "passlib.context.CryptContext.verify_and_update": "falsy",
  "pyotp.TOTP.verify": "falsy",
  "pyotp.HOTP.verify": "falsy",
  "pyotp.totp.TOTP.verify": "falsy",
  "argon2.PasswordHasher.verify": "raises",
  "argon2.PasswordHasher.verify_async": "raises",
};

/** Qualified-name prefixes of modules whose `….verify(...)` functions are password checks (`passlib.hash.bcrypt.verify`). */
export const AUTH_CHECK_VERIFY_PREFIXES: readonly string[] = ["passlib.hash."];

/**
 * Function and method names that are authentication checks whatever the receiver (`user.check_password(pw)`,
 * `auth.authenticate(...)`, a project's own `verify_password(...)`). All return a falsy value on failure.
 */
export const AUTH_CHECK_NAMES: ReadonlySet<string> = new Set([
  "authenticate",
  "aauthenticate",
  "authenticate_user",
  "check_password",
  "acheck_password",
  "check_password_hash",
  "verify_password",
  "verify_password_hash",
  "checkpw",
  "login_user",
  "check_credentials",
  "verify_credentials",
]);

/** Exceptions raised by a failed credential check, by qualified name. */
export const AUTH_FAILURE_EXCEPTIONS: ReadonlySet<string> = new Set([
  "argon2.exceptions.VerifyMismatchError",
  "argon2.exceptions.VerificationError",
  "argon2.exceptions.InvalidHashError",
  "argon2.exceptions.InvalidHash",
]);

/** Django's signal for failed logins: a receiver of it, or django-axes, logs every failed `authenticate()`. */
export const DJANGO_LOGIN_FAILED_SIGNAL = "django.contrib.auth.signals.user_login_failed";

// ------------------------------------------------------------------------------------------------ denials

/** Where a call takes the HTTP status. */
export interface StatusParam {
  position?: number;
  keyword?: string;
}

/** Functions that abort the request with an HTTP status (`abort(403)`), by qualified name. */
export const ABORT_FUNCTIONS: Readonly<Record<string, StatusParam>> = {
  "flask.abort": { position: 0, keyword: "code" },
  "werkzeug.exceptions.abort": { position: 0, keyword: "status" },
  "quart.abort": { position: 0, keyword: "code" },
  "bottle.abort": { position: 0, keyword: "code" },
  "flask_restful.abort": { position: 0, keyword: "http_status_code" },
  "flask_smorest.abort": { position: 0, keyword: "http_status_code" },
  "apiflask.abort": { position: 0, keyword: "status_code" },
};

/** Exceptions and responses that always mean "access denied", with their status. */
export const DENIAL_TYPES: Readonly<Record<string, 401 | 403>> = {
  "django.core.exceptions.PermissionDenied": 403,
  "django.http.HttpResponseForbidden": 403,
  "django.http.response.HttpResponseForbidden": 403,
  "rest_framework.exceptions.PermissionDenied": 403,
  "rest_framework.exceptions.NotAuthenticated": 401,
  "rest_framework.exceptions.AuthenticationFailed": 401,
  "werkzeug.exceptions.Forbidden": 403,
  "werkzeug.exceptions.Unauthorized": 401,
  "aiohttp.web.HTTPForbidden": 403,
  "aiohttp.web.HTTPUnauthorized": 401,
  "aiohttp.web_exceptions.HTTPForbidden": 403,
  "aiohttp.web_exceptions.HTTPUnauthorized": 401,
  "falcon.HTTPForbidden": 403,
  "falcon.HTTPUnauthorized": 401,
  "pyramid.httpexceptions.HTTPForbidden": 403,
  "pyramid.httpexceptions.HTTPUnauthorized": 401,
  "ninja.errors.AuthenticationError": 401,
};

/** Exceptions and responses that deny access when constructed with status 401 or 403. */
export const STATUS_TYPES: Readonly<Record<string, StatusParam>> = {
  "fastapi.HTTPException": { position: 0, keyword: "status_code" },
  "fastapi.exceptions.HTTPException": { position: 0, keyword: "status_code" },
  "starlette.exceptions.HTTPException": { position: 0, keyword: "status_code" },
  "tornado.web.HTTPError": { position: 0, keyword: "status_code" },
  "django.http.HttpResponse": { position: 2, keyword: "status" },
  "django.http.response.HttpResponse": { position: 2, keyword: "status" },
  "django.http.JsonResponse": { keyword: "status" },
  "django.http.response.JsonResponse": { keyword: "status" },
  "flask.Response": { position: 1, keyword: "status" },
  "flask.wrappers.Response": { position: 1, keyword: "status" },
  "flask.make_response": { position: 1 },
  "quart.Response": { position: 1, keyword: "status" },
  "werkzeug.wrappers.Response": { position: 1, keyword: "status" },
  "werkzeug.wrappers.response.Response": { position: 1, keyword: "status" },
  "werkzeug.Response": { position: 1, keyword: "status" },
  "starlette.responses.Response": { position: 1, keyword: "status_code" },
  "starlette.responses.JSONResponse": { position: 1, keyword: "status_code" },
  "starlette.responses.PlainTextResponse": { position: 1, keyword: "status_code" },
  "starlette.responses.HTMLResponse": { position: 1, keyword: "status_code" },
  "fastapi.Response": { position: 1, keyword: "status_code" },
  "fastapi.responses.Response": { position: 1, keyword: "status_code" },
  "fastapi.responses.JSONResponse": { position: 1, keyword: "status_code" },
  "fastapi.responses.PlainTextResponse": { position: 1, keyword: "status_code" },
  "fastapi.responses.HTMLResponse": { position: 1, keyword: "status_code" },
  "rest_framework.response.Response": { position: 1, keyword: "status" },
  "aiohttp.web.Response": { keyword: "status" },
  "aiohttp.web.json_response": { keyword: "status" },
};

/** Names of status constants (`status.HTTP_403_FORBIDDEN`, `HTTPStatus.FORBIDDEN`), as the last parts of a qualified name. */
export const DENIAL_STATUS_NAMES: Readonly<Record<string, 401 | 403>> = {
  HTTP_401_UNAUTHORIZED: 401,
  HTTP_403_FORBIDDEN: 403,
  "HTTPStatus.UNAUTHORIZED": 401,
  "HTTPStatus.FORBIDDEN": 403,
};

/** Decorators (last name) that register a function as an error handler: its 403 response is not a decision. */
export const ERROR_HANDLER_DECORATORS: ReadonlySet<string> = new Set([
  "errorhandler",
  "app_errorhandler",
  "exception_handler",
  "register_error_handler",
]);

/** Attribute names whose test means "is anybody logged in" rather than "is this user allowed". */
export const LOGIN_STATE_ATTRIBUTES: ReadonlySet<string> = new Set(["is_authenticated", "is_anonymous"]);

// ------------------------------------------------------------------------------------------------ logging

/** Methods of stdlib, structlog and loguru loggers that write a record. */
export const LOG_METHODS: ReadonlySet<string> = new Set([
  "debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log", "msg", "trace", "success",
]);

/** Qualified-name prefixes of logging libraries: a call below them that ends in a {@link LOG_METHODS} name writes a record. */
export const LOGGING_PREFIXES: readonly string[] = ["logging.", "structlog.", "loguru.", "logbook.", "eliot."];

/** Calls that record an event in an error tracker or audit trail, by qualified name. */
export const EVENT_RECORDERS: ReadonlySet<string> = new Set([
  "sentry_sdk.capture_message",
  "sentry_sdk.capture_exception",
  "sentry_sdk.capture_event",
  "syslog.syslog",
  "django.contrib.admin.models.LogEntry.objects.log_action",
  "django.contrib.auth.signals.user_login_failed.send",
  "django.contrib.auth.signals.user_login_failed.send_robust",
]);

/**
 * Words of a function, method or receiver name that mark it as writing a log or audit record (`audit_log`,
 * `log_failed_login`, `security_logger.warning`, `record_failed_attempt`, `notify_security_team`).
 */
export const LOGGING_WORDS: ReadonlySet<string> = new Set([
  "log", "logs", "logger", "logging", "syslog", "audit", "audits", "auditlog", "journal", "alert", "alerts",
  "notify", "record", "track", "capture",
]);

/** Word pairs that contain a {@link LOGGING_WORDS} word but name a login action (`log_in`, `log_out`). */
export const LOGIN_ACTIONS: readonly string[][] = [["log", "in"], ["log", "out"], ["log", "on"], ["log", "off"]];
