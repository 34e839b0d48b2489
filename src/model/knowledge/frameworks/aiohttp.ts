/**
 * aiohttp's server side: the handler's `request` (`match_info`, `query`, `post()`, `json()`…) as a source, for
 * handlers registered with a `RouteTableDef` decorator, `app.router.add_*`, `web.get(...)` route definitions,
 * class-based `web.View` (`self.request`) or annotated `web.Request`; responses, redirects and files as sinks.
 */
import type { FrameworkModel, RouteSpec, SinkSpec } from "./types.js";

const ROUTE: RouteSpec = { framework: "aiohttp", returns: "response" };

function routes(): Record<string, RouteSpec> {
  const t: Record<string, RouteSpec> = {};
  for (const type of ["aiohttp.web.RouteTableDef", "aiohttp.web_routedef.RouteTableDef"]) {
    for (const m of ["get", "post", "put", "patch", "delete", "head", "options", "route", "view"]) t[`${type}.${m}`] = ROUTE;
  }
  return t;
}

function registrations(): Record<string, { handler: { position: number; keyword: string }; route: RouteSpec }> {
  const t: Record<string, { handler: { position: number; keyword: string }; route: RouteSpec }> = {};
  for (const m of ["add_get", "add_post", "add_put", "add_patch", "add_delete", "add_head"]) t[m] = { handler: { position: 1, keyword: "handler" }, route: ROUTE };
  t["add_route"] = { handler: { position: 2, keyword: "handler" }, route: ROUTE };
  for (const m of ["get", "post", "put", "patch", "delete", "head", "view"]) t[`aiohttp.web.${m}`] = { handler: { position: 1, keyword: "handler" }, route: ROUTE };
  t["aiohttp.web.route"] = { handler: { position: 2, keyword: "handler" }, route: ROUTE };
  return t;
}

const REDIRECTS = ["HTTPFound", "HTTPSeeOther", "HTTPMovedPermanently", "HTTPTemporaryRedirect", "HTTPPermanentRedirect", "HTTPMultipleChoices", "HTTPNotModified"];

function sinks(): Record<string, readonly SinkSpec[]> {
  const t: Record<string, readonly SinkSpec[]> = {};
  for (const mod of ["aiohttp.web", "aiohttp.web_response"]) {
    t[`${mod}.Response`] = [
      { kind: "html", args: [{ keyword: "text" }, { keyword: "body" }], label: "web.Response", when: [{ arg: { keyword: "content_type" }, requiredContains: "html" }] },
      { kind: "header", args: [{ keyword: "headers" }], label: "web.Response" },
    ];
  }
  for (const r of REDIRECTS) t[`aiohttp.web.${r}`] = [{ kind: "redirect", args: [{ position: 0, keyword: "location" }], label: r }];
  t["aiohttp.web.FileResponse"] = [{ kind: "path", args: [{ position: 0, keyword: "path" }], label: "FileResponse" }];
  return t;
}

/** The aiohttp server model. */
export const AIOHTTP: FrameworkModel = {
  objectTypes: {
    "aiohttp.request": {
      label: "request",
      threat: "remote",
      attributes: {
        match_info: {},
        query: {},
        rel_url: {},
        url: {},
        path: {},
        path_qs: {},
        raw_path: {},
        query_string: {},
        headers: {},
        cookies: {},
        content: {},
        host: {},
      },
      methods: { post: {}, json: { structured: true }, text: {}, read: {}, multipart: {} },
    },
    "aiohttp.view": { label: "view", threat: "remote", attributes: {}, methods: {}, objects: { request: "aiohttp.request" } },
  },
  objectAnnotations: {
    "aiohttp.web.Request": "aiohttp.request",
    "aiohttp.web.BaseRequest": "aiohttp.request",
    "aiohttp.web_request.Request": "aiohttp.request",
    "aiohttp.web_request.BaseRequest": "aiohttp.request",
  },
  handlerClasses: { "aiohttp.web.View": "aiohttp.view", "aiohttp.web_urldispatcher.View": "aiohttp.view" },
  routes: routes(),
  registrations: registrations(),
  sinks: sinks(),
  sanitizers: { "aiohttp.web.json_response": { cleans: "all" } },
  sessionFactories: ["aiohttp_session.get_session", "aiohttp_session.new_session"],
};
