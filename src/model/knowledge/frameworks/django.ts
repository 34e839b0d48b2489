/**
 * Django (and Django REST framework): the view's `request` parameter and URL parameters as sources; responses,
 * `mark_safe`, redirects, raw SQL (`raw`, `extra`, `RawSQL`, cursors), templates from strings, the session; the
 * escaping helpers, `render`/`reverse`, and `url_has_allowed_host_and_scheme` as a redirect guard.
 *
 * Which functions are views is decided by the taint engine (a parameter annotated with a request type, or the
 * first parameter named `request` in a module that imports Django; see `DJANGO_VIEW_HINTS`).
 */
import type { FrameworkModel, SinkSpec } from "./types.js";

const body = (label: string): SinkSpec[] => [
  { kind: "html", args: [{ position: 0, keyword: "content" }], label, when: [{ arg: { position: 1, keyword: "content_type" }, safeUnlessContains: "html" }] },
  { kind: "header", args: [{ keyword: "headers" }], label },
];

const redirect = (label: string): SinkSpec[] => [{ kind: "redirect", args: [{ position: 0, keyword: "redirect_to" }], label }];

/** Response classes whose first argument is the body, in `django.http` and `django.http.response`. */
const RESPONSES = [
  "HttpResponse",
  "HttpResponseBadRequest",
  "HttpResponseNotFound",
  "HttpResponseForbidden",
  "HttpResponseServerError",
  "HttpResponseGone",
  "StreamingHttpResponse",
];

function sinks(): Record<string, readonly SinkSpec[]> {
  const t: Record<string, readonly SinkSpec[]> = {};
  for (const mod of ["django.http", "django.http.response"]) {
    for (const r of RESPONSES) t[`${mod}.${r}`] = body(r);
    t[`${mod}.HttpResponseRedirect`] = redirect("HttpResponseRedirect");
    t[`${mod}.HttpResponsePermanentRedirect`] = redirect("HttpResponsePermanentRedirect");
  }
  t["django.shortcuts.redirect"] = [{ kind: "redirect", args: [{ position: 0, keyword: "to" }], label: "redirect" }];
  t["django.utils.safestring.mark_safe"] = [{ kind: "html", args: [{ position: 0, keyword: "s" }], label: "mark_safe" }];
  t["django.utils.safestring.SafeString"] = [{ kind: "html", args: [{ position: 0 }], label: "SafeString" }];
  t["django.utils.html.format_html"] = [{ kind: "html", args: [{ position: 0, keyword: "format_string" }], label: "format_html" }];
  t["django.db.models.RawSQL"] = [{ kind: "sql", args: [{ position: 0, keyword: "sql" }], label: "RawSQL" }];
  t["django.db.models.expressions.RawSQL"] = [{ kind: "sql", args: [{ position: 0, keyword: "sql" }], label: "RawSQL" }];
  t["django.template.Template"] = [{ kind: "template", args: [{ position: 0, keyword: "template_string" }], label: "Template" }];
  t["django.template.base.Template"] = [{ kind: "template", args: [{ position: 0, keyword: "template_string" }], label: "Template" }];
  for (const c of ["django.db.connection", "django.db.connections"]) {
    t[`${c}.cursor.execute`] = [{ kind: "sql", args: [{ position: 0, keyword: "sql" }], label: "cursor.execute" }];
  }
  t["django.db.backends.utils.CursorWrapper.execute"] = [{ kind: "sql", args: [{ position: 0, keyword: "sql" }], label: "cursor.execute" }];
  t["django.db.backends.utils.CursorWrapper.executemany"] = [{ kind: "sql", args: [{ position: 0, keyword: "sql" }], label: "cursor.executemany" }];
  return t;
}

/** Parameter names of class-based view methods that follow `request` and come from the URL. */
export const DJANGO_VIEW_METHODS: ReadonlySet<string> = new Set([
  "get", "post", "put", "patch", "delete", "head", "options", "dispatch",
  "list", "retrieve", "create", "update", "partial_update", "destroy",
]);

/**
 * Top-level modules whose import marks a file as Django code: there, a first parameter named `request`
 * (after `self` in methods) is the incoming request.
 */
export const DJANGO_VIEW_HINTS: readonly string[] = ["django", "rest_framework"];

const DJANGO_REQUEST = {
  label: "request",
  threat: "remote" as const,
  attributes: {
    GET: {},
    POST: {},
    COOKIES: {},
    META: {},
    body: {},
    // an uploaded file's `name` is reduced to a base name by Django's upload handlers
    FILES: { cleanAttributes: { name: ["path"] as const } },
    headers: {},
    path: {},
    path_info: {},
    content_params: {},
    data: { structured: true },
    query_params: {},
    stream: {},
  },
  methods: {
    get_full_path: {},
    get_full_path_info: {},
    build_absolute_uri: {},
    get_host: {},
    get_signed_cookie: {},
    read: {},
    readline: {},
    readlines: {},
  },
  session: ["session"],
};

/** Class-based views (Django and Django REST framework): `self.request`, `self.kwargs` and the handler methods' URL parameters. */
const VIEW_BASES = [
  "django.views.View", "django.views.generic.View", "django.views.generic.base.View", "django.views.generic.TemplateView",
  "django.views.generic.ListView", "django.views.generic.DetailView", "django.views.generic.FormView",
  "django.views.generic.CreateView", "django.views.generic.UpdateView", "django.views.generic.DeleteView",
  "django.views.generic.RedirectView", "django.views.generic.edit.FormView", "django.views.generic.list.ListView",
  "django.views.generic.detail.DetailView", "rest_framework.views.APIView", "rest_framework.generics.GenericAPIView",
  "rest_framework.generics.ListAPIView", "rest_framework.generics.RetrieveAPIView", "rest_framework.generics.CreateAPIView",
  "rest_framework.generics.ListCreateAPIView", "rest_framework.generics.RetrieveUpdateDestroyAPIView",
  "rest_framework.viewsets.ViewSet", "rest_framework.viewsets.GenericViewSet", "rest_framework.viewsets.ModelViewSet",
  "rest_framework.viewsets.ReadOnlyModelViewSet",
];

/** The Django model. */
export const DJANGO: FrameworkModel = {
  objectTypes: {
    "django.request": DJANGO_REQUEST,
    "django.view": {
      label: "self",
      threat: "remote",
      attributes: { kwargs: {}, args: {} },
      methods: {},
      objects: { request: "django.request" },
      routeMethods: [...DJANGO_VIEW_METHODS],
    },
  },
  handlerClasses: Object.fromEntries(VIEW_BASES.map((b) => [b, "django.view"])),
  objectAnnotations: {
    "django.http.HttpRequest": "django.request",
    "django.http.request.HttpRequest": "django.request",
    "django.core.handlers.wsgi.WSGIRequest": "django.request",
    "django.core.handlers.asgi.ASGIRequest": "django.request",
    "rest_framework.request.Request": "django.request",
  },
  sinks: sinks(),
  methodSinks: {
    raw: [{ kind: "sql", args: [{ position: 0, keyword: "raw_query" }], requiresImport: ["django"], label: "Manager.raw" }],
    extra: [
      {
        kind: "sql",
        args: [{ position: 0, keyword: "select" }, { position: 1, keyword: "where" }, { keyword: "tables" }, { keyword: "order_by" }],
        requiresImport: ["django"],
        label: "QuerySet.extra",
      },
    ],
  },
  sanitizers: {
    "django.utils.html.escape": { cleans: ["html", "xpath"] },
    "django.utils.html.conditional_escape": { cleans: ["html", "xpath"] },
    "django.utils.html.escapejs": { cleans: ["html"] },
    "django.utils.text.slugify": { cleans: "all" },
    "django.shortcuts.render": { cleans: "all" },
    "django.template.loader.render_to_string": { cleans: "all" },
    "django.urls.reverse": { cleans: "all" },
    "django.shortcuts.resolve_url": { cleans: ["html", "log", "header"] },
    "django.utils.http.urlencode": { cleans: ["log", "header"] },
    "django.http.JsonResponse": { cleans: "all" },
    "django.shortcuts.get_object_or_404": { cleans: "all" },
    // Django templates autoescape the context's values (a template compiled from untrusted text is PW258's)
    "django.template.Template.render": { cleans: ["html"] },
    "django.template.base.Template.render": { cleans: ["html"] },
  },
  guards: {
    "django.utils.http.url_has_allowed_host_and_scheme": { cleans: ["redirect", "url"], arg: { position: 0, keyword: "url" } },
    "django.utils.http.is_safe_url": { cleans: ["redirect", "url"], arg: { position: 0, keyword: "url" } },
  },
};
