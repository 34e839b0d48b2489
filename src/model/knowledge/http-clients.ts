/**
 * HTTP client libraries: which calls send a request, and where their `timeout` and `verify` parameters sit
 * (positions count from the first argument after the receiver). Used by the transport rules.
 */

/** Where a request call takes its `timeout` and `verify` options. */
export interface RequestCall {
  /** Library: decides the defaults (`requests` waits forever without a timeout; `httpx` defaults to 5 s). */
  library: "requests" | "httpx" | "aiohttp";
  /** Position of `timeout` when it may be passed positionally. */
  timeoutPos?: number;
  /** Position of `verify` when it may be passed positionally. */
  verifyPos?: number;
  /** Short name for messages (`requests.get`, `Session.post`). */
  label: string;
}

const VERBS = ["get", "post", "put", "patch", "delete", "head", "options"] as const;

function table(): Record<string, RequestCall> {
  const t: Record<string, RequestCall> = {};
  // requests: module functions take every option by keyword (`**kwargs`)
  for (const v of [...VERBS, "request"]) t[`requests.${v}`] = { library: "requests", label: `requests.${v}` };
  // requests.Session: the verbs take options by keyword; `request` spells them all out
  for (const v of VERBS) t[`requests.Session.${v}`] = { library: "requests", label: `Session.${v}` };
  t["requests.Session.request"] = { library: "requests", timeoutPos: 8, verifyPos: 13, label: "Session.request" };
  t["requests.Session.send"] = { library: "requests", label: "Session.send" };
  // httpx: keyword-only options everywhere
  for (const v of [...VERBS, "request", "stream"]) {
    t[`httpx.${v}`] = { library: "httpx", label: `httpx.${v}` };
    t[`httpx.Client.${v}`] = { library: "httpx", label: `Client.${v}` };
    t[`httpx.AsyncClient.${v}`] = { library: "httpx", label: `AsyncClient.${v}` };
  }
  t["httpx.Client.send"] = { library: "httpx", label: "Client.send" };
  t["httpx.AsyncClient.send"] = { library: "httpx", label: "AsyncClient.send" };
  // aiohttp client sessions (`ssl=False` turns verification off)
  for (const v of [...VERBS, "request", "ws_connect"]) t[`aiohttp.ClientSession.${v}`] = { library: "aiohttp", label: `ClientSession.${v}` };
  return t;
}

/** Calls that send an HTTP request, by qualified name (the model types `requests.session()` receivers too). */
export const REQUEST_CALLS: Readonly<Record<string, RequestCall>> = table();

/** Constructors of client objects that take a `verify` and `timeout` for all their requests. */
export const CLIENT_CONSTRUCTORS: Readonly<Record<string, RequestCall>> = {
  "httpx.Client": { library: "httpx", label: "httpx.Client" },
  "httpx.AsyncClient": { library: "httpx", label: "httpx.AsyncClient" },
};

/** {@link REQUEST_CALLS} and {@link CLIENT_CONSTRUCTORS} in one table: every call that takes a `verify` and `timeout`. */
export const CLIENT_CALLS: Readonly<Record<string, RequestCall>> = { ...REQUEST_CALLS, ...CLIENT_CONSTRUCTORS };

/** The qualified names of {@link CLIENT_CALLS}, as handler keys. */
export const CLIENT_CALL_NAMES: readonly string[] = Object.keys(CLIENT_CALLS);

/** Session types whose `verify` attribute applies to every request they send. */
export const SESSION_TYPES_WITH_VERIFY: ReadonlySet<string> = new Set(["requests.Session"]);

/**
 * Credential objects of HTTP clients built from a user name and a password: qualified name → position of the
 * password (its keyword is `password`). A literal password there is a hard-coded credential.
 */
export const BASIC_AUTH_CONSTRUCTORS: Readonly<Record<string, number>> = {
  "requests.auth.HTTPBasicAuth": 1,
  "requests.auth.HTTPDigestAuth": 1,
  "requests.auth.HTTPProxyAuth": 1,
  "httpx.BasicAuth": 1,
  "httpx.DigestAuth": 1,
  "aiohttp.BasicAuth": 1,
  "aiohttp.helpers.BasicAuth": 1,
};

/**
 * Keyword and attribute names that take a `(user, password)` pair in HTTP clients: `requests.get(url,
 * auth=("u", "p"))`, `session.auth = ("u", "p")`, `httpx.Client(auth=…)`, `proxy_auth=…`.
 */
export const AUTH_PAIR_NAMES: ReadonlySet<string> = new Set(["auth", "proxy_auth", "basic_auth", "http_auth"]);
