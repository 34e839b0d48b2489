/**
 * Web framework knowledge for the CSRF and cookie rules (PW802–PW806): Django middleware, Flask routing and
 * CSRF extensions, the `set_cookie` signatures of each framework, and the settings that switch CSRF checks or
 * cookie attributes off. Qualified names are as the semantic model spells them (`flask.Flask`, a class's
 * module path, a method appended: `flask.Flask.route`).
 */

// ------------------------------------------------------------------------------------------------ Django

/** Django's CSRF middleware, as listed in `MIDDLEWARE`. */
export const DJANGO_CSRF_MIDDLEWARE = "django.middleware.csrf.CsrfViewMiddleware";

/** Settings that hold Django's middleware list (`MIDDLEWARE_CLASSES` before Django 1.10). */
export const DJANGO_MIDDLEWARE_SETTINGS: ReadonlySet<string> = new Set(["MIDDLEWARE", "MIDDLEWARE_CLASSES"]);

/**
 * Middleware that make a Django site authenticate browsers with cookies: with one of them listed, a missing
 * CSRF middleware is certainly exploitable; without, the site may be a token API (lower confidence).
 */
export const DJANGO_COOKIE_AUTH_MIDDLEWARE: ReadonlySet<string> = new Set([
  "django.contrib.sessions.middleware.SessionMiddleware",
  "django.contrib.auth.middleware.AuthenticationMiddleware",
  "django.contrib.auth.middleware.RemoteUserMiddleware",
  "django.contrib.messages.middleware.MessageMiddleware",
]);

// ------------------------------------------------------------------------------------------------ Flask

/** Types whose `route`/`post`/`put`/`patch`/`delete`/`add_url_rule` register Flask views. */
export const FLASK_ROUTERS: ReadonlySet<string> = new Set([
  "flask.Flask",
  "flask.app.Flask",
  "flask.Blueprint",
  "flask.blueprints.Blueprint",
]);

/** Router methods that take the HTTP methods in a `methods=` argument (default: GET only). */
export const FLASK_ROUTE_WITH_METHODS: ReadonlySet<string> = new Set(["route", "add_url_rule"]);

/** Router shortcuts (Flask 2.0+) that register a route for one state-changing HTTP method, by method. */
export const FLASK_METHOD_SHORTCUTS: Readonly<Record<string, string>> = {
  post: "POST",
  put: "PUT",
  patch: "PATCH",
  delete: "DELETE",
};

/** HTTP methods that change state, and so need CSRF protection when the browser authenticates with cookies. */
export const STATE_CHANGING_METHODS: ReadonlySet<string> = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Class-based Flask views: a subclass with a `post`/`put`/`patch`/`delete` method handles those verbs. */
export const FLASK_METHOD_VIEWS: ReadonlySet<string> = new Set(["flask.views.MethodView"]);

/**
 * Calls that give a Flask app CSRF protection, by qualified name: Flask-WTF's extension (constructed with the
 * app, or later bound with `init_app`), its manual validator, and Flask-SeaSurf.
 */
export const FLASK_CSRF_PROTECTORS: Readonly<Record<string, string>> = {
  "flask_wtf.CSRFProtect": "CSRFProtect",
  "flask_wtf.csrf.CSRFProtect": "CSRFProtect",
  "flask_wtf.CsrfProtect": "CsrfProtect",
  "flask_wtf.csrf.CsrfProtect": "CsrfProtect",
  "flask_wtf.csrf.validate_csrf": "validate_csrf",
  "flask_seasurf.SeaSurf": "SeaSurf",
};

/** Flask-WTF form base classes: every form derived from them checks a CSRF token on `validate_on_submit`. */
export const FLASK_CSRF_FORM_BASES: ReadonlySet<string> = new Set([
  "flask_wtf.FlaskForm",
  "flask_wtf.Form",
  "flask_wtf.form.FlaskForm",
]);

/**
 * Top-level modules whose use suggests that the API authenticates with tokens in a header rather than with
 * cookies: such requests cannot be forged cross-site, so a missing CSRF extension is less likely a real hole.
 */
export const TOKEN_AUTH_MODULES: ReadonlySet<string> = new Set([
  "flask_jwt_extended",
  "flask_jwt",
  "flask_praetorian",
  "flask_httpauth",
  "jwt",
  "authlib",
]);

/** Top-level modules that log browsers in with a cookie (their presence keeps the CSRF finding's confidence). */
export const COOKIE_AUTH_MODULES: ReadonlySet<string> = new Set(["flask_login", "flask_security", "flask_user"]);

/** Top-level modules of other web frameworks whose routers look like Flask's (`@app.post(...)`). */
export const NON_FLASK_WEB_MODULES: ReadonlySet<string> = new Set([
  "fastapi", "starlette", "quart", "sanic", "litestar", "aiohttp", "falcon", "bottle", "tornado", "django",
  "robyn", "blacksheep", "ninja",
]);

/** Settings that switch CSRF checking off when set to the given value. */
export interface CsrfSwitch {
  /** The value that disables protection. */
  disabledWhen: boolean;
  /** What it does, for messages. */
  effect: string;
  severity: "high" | "medium" | "low";
}

/** Flask-WTF and Flask-SeaSurf settings that turn CSRF checks off, by name. */
export const CSRF_SWITCHES: Readonly<Record<string, CsrfSwitch>> = {
  WTF_CSRF_ENABLED: {
    disabledWhen: false,
    effect: "turns off Flask-WTF's CSRF check for every form and view",
    severity: "high",
  },
  WTF_CSRF_CHECK_DEFAULT: {
    disabledWhen: false,
    effect: "makes CSRFProtect check only views that call csrf.protect() themselves",
    severity: "medium",
  },
  CSRF_DISABLE: {
    disabledWhen: true,
    effect: "turns off Flask-SeaSurf's CSRF check",
    severity: "high",
  },
};

// ------------------------------------------------------------------------------------------------ cookies

/** A cookie attribute: where a `set_cookie` call takes it and what it is when the call leaves it out. */
export interface CookieParam {
  /** Keyword name (`secure`, `httponly`; Falcon spells `http_only`, `same_site`). */
  keyword: string;
  /** Position among the arguments, when it may be passed positionally. */
  position?: number;
  /** The attribute is on when the call leaves it out (Falcon's `secure` and `http_only`, Starlette's `samesite="lax"`). */
  onByDefault: boolean;
}

/** How one framework's `set_cookie` takes the three protective attributes. */
export interface CookieSignature {
  /** Framework label for messages. */
  framework: string;
  secure: CookieParam;
  httponly: CookieParam;
  samesite: CookieParam;
}

const POSITIONAL = (framework: string, samesiteDefault: boolean): CookieSignature => ({
  framework,
  // set_cookie(key, value, max_age, expires, path, domain, secure, httponly, samesite, …)
  secure: { keyword: "secure", position: 6, onByDefault: false },
  httponly: { keyword: "httponly", position: 7, onByDefault: false },
  samesite: { keyword: "samesite", position: 8, onByDefault: samesiteDefault },
});

const KEYWORDS = (framework: string): CookieSignature => ({
  framework,
  secure: { keyword: "secure", onByDefault: false },
  httponly: { keyword: "httponly", onByDefault: false },
  samesite: { keyword: "samesite", onByDefault: false },
});

/** `set_cookie` signatures by framework key. */
export const COOKIE_SIGNATURES: Readonly<Record<string, CookieSignature>> = {
  // Werkzeug/Flask/Quart Response.set_cookie and Django HttpResponse.set_cookie share the same positions
  werkzeug: POSITIONAL("Werkzeug/Flask", false),
  django: POSITIONAL("Django", false),
  // Starlette/FastAPI: samesite defaults to "lax"
  starlette: POSITIONAL("Starlette/FastAPI", true),
  // aiohttp: keyword-only after the value
  aiohttp: KEYWORDS("aiohttp"),
  // Tornado RequestHandler.set_cookie(name, value, domain, expires, path, expires_days, **kwargs)
  tornado: KEYWORDS("Tornado"),
  // Bottle: set_cookie(name, value, secret=None, digestmod=…, **options)
  bottle: KEYWORDS("Bottle"),
  // Falcon: secure and http_only default on; same_site off
  falcon: {
    framework: "Falcon",
    secure: { keyword: "secure", position: 6, onByDefault: true },
    httponly: { keyword: "http_only", position: 7, onByDefault: true },
    samesite: { keyword: "same_site", position: 8, onByDefault: false },
  },
  // unknown receiver: the common Werkzeug/Django/Starlette positions, nothing on by default
  generic: POSITIONAL("", false),
};

/** Methods that set a cookie on a response (the receiver decides the signature). */
export const COOKIE_SETTERS: ReadonlySet<string> = new Set(["set_cookie", "set_signed_cookie", "set_secure_cookie"]);

/** Setter methods whose protective attributes are keyword-only whatever the framework. */
export const KEYWORD_ONLY_COOKIE_SETTERS: ReadonlySet<string> = new Set(["set_signed_cookie", "set_secure_cookie"]);

/** Qualified-name prefixes of response and handler types → framework key in {@link COOKIE_SIGNATURES}. */
export const COOKIE_FRAMEWORK_BY_TYPE: readonly [string, string][] = [
  ["flask.", "werkzeug"],
  ["werkzeug.", "werkzeug"],
  ["quart.", "werkzeug"],
  ["django.", "django"],
  ["rest_framework.", "django"],
  ["starlette.", "starlette"],
  ["fastapi.", "starlette"],
  ["aiohttp.", "aiohttp"],
  ["tornado.", "tornado"],
  ["falcon.", "falcon"],
  ["bottle.", "bottle"],
];

/** Top-level imported modules → framework key, to guess the receiver's framework when its type is unknown. */
export const COOKIE_FRAMEWORK_BY_IMPORT: Readonly<Record<string, string>> = {
  flask: "werkzeug",
  werkzeug: "werkzeug",
  quart: "werkzeug",
  django: "django",
  rest_framework: "django",
  starlette: "starlette",
  fastapi: "starlette",
  aiohttp: "aiohttp",
  tornado: "tornado",
  falcon: "falcon",
  bottle: "bottle",
};

/** Qualified-name prefixes of types whose `set_cookie` fills a client-side cookie jar, not a response. */
export const CLIENT_COOKIE_JARS: readonly string[] = ["http.cookiejar.", "requests.", "httpx.", "aiohttp.CookieJar", "mechanize.", "selenium."];

/** Receiver names that are clients or jars rather than responses (`jar.set_cookie(c)`, `client.set_cookie(…)` in tests). */
export const CLIENT_RECEIVER_NAME = /(?:^|[._])(?:jar|cookie_?jar|cookies|client|test_client|browser|driver|page|context|opener)$/i;

/** Words of a cookie name that mark it as carrying a session or credential (higher severity when exposed). */
export const SESSION_COOKIE_WORDS: ReadonlySet<string> = new Set([
  "session", "sess", "sid", "sessionid", "auth", "token", "jwt", "access", "refresh", "remember", "login",
  "credential", "credentials", "identity", "uid", "bearer",
]);

/** Words of a cookie name that mark it as a CSRF token meant to be read by page scripts (HttpOnly not expected). */
export const SCRIPT_READABLE_COOKIE_WORDS: ReadonlySet<string> = new Set(["csrf", "xsrf", "csrftoken"]);

/** The weak value of a cookie setting and what it removes. */
export interface CookieSetting {
  /** Values that switch the protection off (`false`, `null` for `None`, `"none"` for the string, any case). */
  weak: readonly (boolean | null | "none")[];
  /** The cookie attribute lost. */
  attribute: "Secure" | "HttpOnly" | "SameSite";
  /** Which cookie it is about. */
  cookie: string;
  severity: "medium" | "low";
}

/**
 * Django, Flask and Flask-Login settings whose weak value strips a protective attribute from the session,
 * CSRF or remember-me cookie. Settings left at their default are not findings (the rule sees assignments).
 */
export const COOKIE_SETTINGS: Readonly<Record<string, CookieSetting>> = {
  SESSION_COOKIE_SECURE: { weak: [false], attribute: "Secure", cookie: "session cookie", severity: "medium" },
  SESSION_COOKIE_HTTPONLY: { weak: [false], attribute: "HttpOnly", cookie: "session cookie", severity: "medium" },
  SESSION_COOKIE_SAMESITE: { weak: [null, false, "none"], attribute: "SameSite", cookie: "session cookie", severity: "low" },
  CSRF_COOKIE_SECURE: { weak: [false], attribute: "Secure", cookie: "CSRF cookie", severity: "medium" },
  CSRF_COOKIE_SAMESITE: { weak: [null, false, "none"], attribute: "SameSite", cookie: "CSRF cookie", severity: "low" },
  REMEMBER_COOKIE_SECURE: { weak: [false], attribute: "Secure", cookie: "remember-me cookie", severity: "medium" },
  REMEMBER_COOKIE_HTTPONLY: { weak: [false], attribute: "HttpOnly", cookie: "remember-me cookie", severity: "medium" },
};
