/**
 * Flask (and Werkzeug, Quart, which mirror its API): the `request` proxy and route parameters as sources; views
 * whose returned string is the HTML body; responses, redirects, headers, the session, templates from strings;
 * the escaping and file-name sanitizers.
 */
import type { FrameworkModel, RouteSpec, SinkSpec } from "./types.js";

/** Attributes of a Werkzeug request that carry what the client sent. */
const REQUEST_DATA = {
  args: {},
  form: {},
  values: {},
  json: { structured: true },
  cookies: {},
  headers: {},
  files: {},
  data: {},
  path: {},
  full_path: {},
  url: {},
  base_url: {},
  query_string: {},
  view_args: {},
  stream: {},
  referrer: {},
  user_agent: {},
  authorization: {},
  host: {},
  input_stream: {},
  accept_languages: {},
  if_match: {},
} as const;

const REQUEST_METHODS = {
  get_json: { structured: true },
  get_data: {},
  get_body: {},
  form: {},
} as const;

const ROUTE: RouteSpec = { framework: "flask", returns: "html", rule: { position: 0, keyword: "rule" } };

/** `flask.Flask`/`flask.Blueprint` (and Quart's) route decorators. */
function routes(): Record<string, RouteSpec> {
  const t: Record<string, RouteSpec> = {};
  for (const type of ["flask.Flask", "flask.app.Flask", "flask.Blueprint", "flask.blueprints.Blueprint", "quart.Quart", "quart.Blueprint"]) {
    for (const m of ["route", "get", "post", "put", "patch", "delete"]) t[`${type}.${m}`] = ROUTE;
  }
  return t;
}

const body = (label: string, position = 0, keyword = "response"): SinkSpec[] => [
  {
    kind: "html",
    args: [{ position, keyword }],
    label,
    when: [
      { arg: { keyword: "mimetype" }, safeUnlessContains: "html" },
      { arg: { keyword: "content_type" }, safeUnlessContains: "html" },
    ],
  },
  { kind: "header", args: [{ keyword: "headers" }], label },
];

/** The Flask model. */
export const FLASK: FrameworkModel = {
  objectTypes: {
    "flask.request": { label: "request", threat: "remote", attributes: REQUEST_DATA, methods: REQUEST_METHODS },
    // class-based views: `MethodView.get(self, item_id)` receives the URL parameters
    "flask.view": { label: "self", threat: "remote", attributes: {}, methods: {}, routeMethods: ["get", "post", "put", "patch", "delete", "dispatch_request"] },
  },
  handlerClasses: {
    "flask.views.MethodView": "flask.view",
    "flask.views.View": "flask.view",
    "flask_restful.Resource": "flask.view",
    "flask_restx.Resource": "flask.view",
  },
  objectNames: {
    "flask.request": "flask.request",
    "flask.globals.request": "flask.request",
    "quart.request": "flask.request",
    "werkzeug.local.request": "flask.request",
  },
  objectAnnotations: {
    "werkzeug.wrappers.Request": "flask.request",
    "werkzeug.Request": "flask.request",
    "flask.Request": "flask.request",
  },
  routes: routes(),
  sinks: {
    "flask.make_response": body("make_response", 0, "response"),
    "flask.Response": body("Response"),
    "flask.wrappers.Response": body("Response"),
    "werkzeug.wrappers.Response": body("Response"),
    "werkzeug.Response": body("Response"),
    "quart.Response": body("Response"),
    "flask.Markup": [{ kind: "html", args: [{ position: 0 }], label: "Markup" }],
    "flask.redirect": [{ kind: "redirect", args: [{ position: 0, keyword: "location" }], label: "redirect" }],
    "werkzeug.utils.redirect": [{ kind: "redirect", args: [{ position: 0, keyword: "location" }], label: "redirect" }],
    "quart.redirect": [{ kind: "redirect", args: [{ position: 0, keyword: "location" }], label: "redirect" }],
    "flask.render_template_string": [{ kind: "template", args: [{ position: 0, keyword: "source" }], label: "render_template_string" }],
    "quart.render_template_string": [{ kind: "template", args: [{ position: 0, keyword: "source" }], label: "render_template_string" }],
    "flask.send_file": [{ kind: "path", args: [{ position: 0, keyword: "path_or_file" }], label: "send_file" }],
    "flask.send_from_directory": [{ kind: "path", args: [{ position: 0, keyword: "directory" }], label: "send_from_directory" }],
    "flask.session.update": [{ kind: "session", args: [{ position: 0, rest: true }], label: "session.update" }],
    "flask.session.setdefault": [{ kind: "session", args: [{ position: 1, keyword: "default" }], label: "session.setdefault" }],
  },
  methodSinks: {
    // `response.headers.add(name, value)` and friends (Werkzeug `Headers`)
    add: [{ kind: "header", args: [{ position: 0, keyword: "_key" }, { position: 1, keyword: "_value" }], receiverText: /\.headers$/, label: "headers.add" }],
    set: [{ kind: "header", args: [{ position: 0, keyword: "_key" }, { position: 1, keyword: "_value" }], receiverText: /\.headers$/, label: "headers.set" }],
    setdefault: [{ kind: "header", args: [{ position: 0, keyword: "key" }, { position: 1, keyword: "default" }], receiverText: /\.headers$/, label: "headers.setdefault" }],
    add_header: [{ kind: "header", args: [{ position: 0, keyword: "_key" }, { position: 1, keyword: "_value" }], receiverText: /\.headers$/, label: "headers.add_header" }],
    // werkzeug `FileStorage.save(dst)`: writes an upload where the caller says
    save: [{ kind: "path", args: [{ position: 0, keyword: "dst" }], requiresImport: ["flask", "werkzeug", "quart"], label: "FileStorage.save" }],
  },
  sanitizers: {
    "flask.escape": { cleans: ["html", "xpath"] },
    "markupsafe.escape": { cleans: ["html", "xpath"] },
    "markupsafe.Markup.escape": { cleans: ["html", "xpath"] },
    "flask.Markup.escape": { cleans: ["html", "xpath"] },
    "jinja2.escape": { cleans: ["html", "xpath"] },
    "werkzeug.utils.escape": { cleans: ["html", "xpath"] },
    "werkzeug.utils.secure_filename": { cleans: ["path", "command"] },
    "werkzeug.security.safe_join": { cleans: ["path"], arg: { position: 1 } },
    "werkzeug.utils.safe_join": { cleans: ["path"], arg: { position: 1 } },
    "flask.safe_join": { cleans: ["path"], arg: { position: 1 } },
    "flask.helpers.safe_join": { cleans: ["path"], arg: { position: 1 } },
    "flask.url_for": { cleans: "all" },
    "flask.render_template": { cleans: "all" },
    "flask.jsonify": { cleans: ["html", "log", "header"] },
    "flask.json.jsonify": { cleans: ["html", "log", "header"] },
    "flask.json.dumps": { cleans: ["log", "header"] },
    "quart.render_template": { cleans: "all" },
    "quart.url_for": { cleans: "all" },
  },
  sessionNames: ["flask.session", "flask.globals.session", "quart.session"],
  noReturn: ["flask.abort", "werkzeug.exceptions.abort", "quart.abort"],
};
