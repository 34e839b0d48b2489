/**
 * FastAPI and Starlette: path, query, body, header and cookie parameters of route functions and the `Request`
 * object as sources; HTML responses, redirects, file responses and headers as sinks.
 *
 * A FastAPI route's returned value is serialised as JSON unless the route declares an HTML `response_class`,
 * so only then is a returned string an HTML body.
 */
import type { FrameworkModel, RouteSpec, SinkSpec } from "./types.js";

const ROUTE: RouteSpec = { framework: "fastapi", returns: "json-unless-html-class" };

function routes(): Record<string, RouteSpec> {
  const t: Record<string, RouteSpec> = {};
  for (const type of ["fastapi.FastAPI", "fastapi.applications.FastAPI", "fastapi.APIRouter", "fastapi.routing.APIRouter"]) {
    for (const m of ["get", "post", "put", "patch", "delete", "options", "head", "api_route", "websocket"]) t[`${type}.${m}`] = ROUTE;
  }
  return t;
}

/**
 * Parameter annotations FastAPI validates into values that carry no attacker-chosen text: a parameter so
 * annotated is not a source (the last part of the qualified name is compared, so `int` and `uuid.UUID` match).
 */
export const FASTAPI_SAFE_ANNOTATIONS: ReadonlySet<string> = new Set([
  "int", "float", "bool", "complex", "UUID", "UUID1", "UUID3", "UUID4", "UUID5", "datetime", "date", "time", "timedelta",
  "Decimal", "PositiveInt", "NegativeInt", "NonNegativeInt", "NonPositiveInt", "PositiveFloat", "conint", "confloat",
  "StrictInt", "StrictFloat", "StrictBool", "BackgroundTasks", "Response", "WebSocket", "SecurityScopes", "Session",
]);

/** Defaults that make a parameter a dependency, not client input (`Depends(get_db)`). */
export const FASTAPI_DEPENDENCY_DEFAULTS: ReadonlySet<string> = new Set(["fastapi.Depends", "fastapi.Security", "fastapi.params.Depends"]);

/** Annotations of parameters that receive a JSON body which may hold objects (`dict`, `Any`, `Body()`). */
export const FASTAPI_STRUCTURED_ANNOTATIONS: ReadonlySet<string> = new Set(["dict", "Dict", "Any", "list", "List", "Json"]);

const html = (label: string): SinkSpec[] => [
  { kind: "html", args: [{ position: 0, keyword: "content" }], label },
  { kind: "header", args: [{ position: 2, keyword: "headers" }], label },
];

function sinks(): Record<string, readonly SinkSpec[]> {
  const t: Record<string, readonly SinkSpec[]> = {};
  for (const mod of ["fastapi.responses", "starlette.responses"]) {
    t[`${mod}.HTMLResponse`] = html("HTMLResponse");
    t[`${mod}.Response`] = [
      { kind: "html", args: [{ position: 0, keyword: "content" }], label: "Response", when: [{ arg: { position: 3, keyword: "media_type" }, safeUnlessContains: "html" }] },
      { kind: "header", args: [{ position: 2, keyword: "headers" }], label: "Response" },
    ];
    t[`${mod}.RedirectResponse`] = [{ kind: "redirect", args: [{ position: 0, keyword: "url" }], label: "RedirectResponse" }];
    t[`${mod}.FileResponse`] = [{ kind: "path", args: [{ position: 0, keyword: "path" }], label: "FileResponse" }];
    t[`${mod}.PlainTextResponse`] = [{ kind: "header", args: [{ position: 2, keyword: "headers" }], label: "PlainTextResponse" }];
    t[`${mod}.JSONResponse`] = [{ kind: "header", args: [{ position: 2, keyword: "headers" }], label: "JSONResponse" }];
  }
  t["fastapi.Response"] = t["fastapi.responses.Response"];
  return t;
}

/** The FastAPI/Starlette model. */
export const FASTAPI: FrameworkModel = {
  objectTypes: {
    "starlette.request": {
      label: "request",
      threat: "remote",
      attributes: { query_params: {}, path_params: {}, headers: {}, cookies: {}, url: {}, base_url: {} },
      methods: { json: { structured: true }, body: {}, form: {}, stream: {} },
      session: ["session"],
    },
  },
  objectAnnotations: {
    "fastapi.Request": "starlette.request",
    "fastapi.requests.Request": "starlette.request",
    "starlette.requests.Request": "starlette.request",
    "starlette.requests.HTTPConnection": "starlette.request",
  },
  routes: routes(),
  sinks: sinks(),
  sanitizers: {
    "fastapi.responses.JSONResponse": { cleans: "all" },
    "starlette.responses.JSONResponse": { cleans: "all" },
    "fastapi.encoders.jsonable_encoder": { cleans: ["html", "log", "header"] },
  },
};
