/**
 * Cross-origin resource sharing (CORS) configuration in Python web frameworks: where origins and the
 * credentials switch are set, and what each library does when both say "everyone, with cookies".
 *
 * - flask-cors: `CORS(app, origins=…, supports_credentials=…, resources={path: {…}})`, `CORS().init_app(app, …)`
 *   and `@cross_origin(…)`; `origins` defaults to `"*"`, and with credentials on it answers with the request's
 *   own origin.
 * - Starlette / FastAPI: `CORSMiddleware(allow_origins=…, allow_origin_regex=…, allow_credentials=…)` given to
 *   `add_middleware(...)` or `Middleware(...)`; with `"*"` and credentials it echoes the origin of any request
 *   that carries cookies.
 * - django-cors-headers settings: `CORS_ALLOW_ALL_ORIGINS` (old name `CORS_ORIGIN_ALLOW_ALL`),
 *   `CORS_ALLOWED_ORIGIN_REGEXES` (old `CORS_ORIGIN_REGEX_WHITELIST`), `CORS_ALLOW_CREDENTIALS`.
 */

/** flask-cors entry points: qualified name → how it takes its options. */
export const FLASK_CORS: Readonly<Record<string, "extension" | "decorator" | "init_app">> = {
  "flask_cors.CORS": "extension",
  "flask_cors.extension.CORS": "extension",
  "flask_cors.CORS.init_app": "init_app",
  "flask_cors.extension.CORS.init_app": "init_app",
  "flask_cors.cross_origin": "decorator",
  "flask_cors.decorator.cross_origin": "decorator",
};

/** Starlette's CORS middleware under every import path. */
export const CORS_MIDDLEWARE = new Set([
  "starlette.middleware.cors.CORSMiddleware",
  "fastapi.middleware.cors.CORSMiddleware",
]);

/** Wrappers that take a middleware class and its options. */
export const MIDDLEWARE_WRAPPERS = new Set(["starlette.middleware.Middleware", "fastapi.middleware.Middleware"]);

/** django-cors-headers: settings that allow every origin when true. */
export const DJANGO_CORS_ALLOW_ALL = ["CORS_ALLOW_ALL_ORIGINS", "CORS_ORIGIN_ALLOW_ALL"];
/** django-cors-headers: settings holding origin regexes. */
export const DJANGO_CORS_REGEXES = ["CORS_ALLOWED_ORIGIN_REGEXES", "CORS_ORIGIN_REGEX_WHITELIST"];
/** django-cors-headers: the credentials switch. */
export const DJANGO_CORS_CREDENTIALS = "CORS_ALLOW_CREDENTIALS";

/** Origin values and regexes that let every origin in. */
export const ANY_ORIGIN = new Set(["*", ".*", ".+", "^.*$", "^.+$", "^(.*)$", "(.*)", "^.*", "https?://.*", "^https?://.*$", "^https?://.*"]);
