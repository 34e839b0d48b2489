/**
 * What reaches an HTTP client, for the error-handling rules: calls that build a response body (or an error
 * page) from their arguments, the decorators and base classes that make a function a view, exceptions whose
 * message is written for the client, and the calls that format a traceback.
 */

/** Calls whose arguments end up in the response sent to the client, by qualified name, with a short label. */
export const RESPONSE_CALLS: Readonly<Record<string, string>> = (() => {
  const t: Record<string, string> = {};
  // Flask / Werkzeug / Quart
  for (const name of ["flask.Response", "flask.wrappers.Response", "werkzeug.Response", "werkzeug.wrappers.Response", "werkzeug.wrappers.response.Response", "quart.Response"]) {
    t[name] = "Response";
  }
  for (const name of ["flask.jsonify", "flask.json.jsonify", "quart.jsonify"]) t[name] = "jsonify";
  for (const name of ["flask.make_response", "quart.make_response"]) t[name] = "make_response";
  for (const name of ["flask.abort", "werkzeug.exceptions.abort", "quart.abort"]) t[name] = "abort";
  for (const name of ["flask.render_template", "flask.render_template_string", "quart.render_template"]) t[name] = "render_template";
  // Django and Django REST framework
  for (const mod of ["django.http", "django.http.response"]) {
    for (const cls of [
      "HttpResponse", "JsonResponse", "HttpResponseBadRequest", "HttpResponseServerError", "HttpResponseForbidden",
      "HttpResponseNotFound", "HttpResponseNotAllowed", "HttpResponseGone", "StreamingHttpResponse",
    ]) {
      t[`${mod}.${cls}`] = cls;
    }
  }
  t["django.shortcuts.render"] = "render";
  t["django.template.response.TemplateResponse"] = "TemplateResponse";
  t["rest_framework.response.Response"] = "Response";
  for (const cls of ["APIException", "ValidationError", "ParseError", "NotFound", "PermissionDenied"]) {
    t[`rest_framework.exceptions.${cls}`] = cls;
  }
  // Starlette / FastAPI
  for (const mod of ["starlette.responses", "fastapi.responses"]) {
    for (const cls of ["Response", "JSONResponse", "HTMLResponse", "PlainTextResponse", "ORJSONResponse", "UJSONResponse"]) t[`${mod}.${cls}`] = cls;
  }
  t["fastapi.Response"] = "Response";
  for (const name of ["fastapi.HTTPException", "fastapi.exceptions.HTTPException", "starlette.exceptions.HTTPException"]) t[name] = "HTTPException";
  // aiohttp, Sanic, Bottle, Pyramid
  t["aiohttp.web.Response"] = "web.Response";
  t["aiohttp.web.json_response"] = "web.json_response";
  for (const fn of ["json", "text", "html"]) t[`sanic.response.${fn}`] = `response.${fn}`;
  t["bottle.HTTPResponse"] = "HTTPResponse";
  t["bottle.HTTPError"] = "HTTPError";
  t["pyramid.response.Response"] = "Response";
  return t;
})();

/** Attribute names of route decorators (`@app.route`, `@bp.get`, `@router.post`, `@api.websocket`). */
export const ROUTE_DECORATOR_METHODS: ReadonlySet<string> = new Set([
  "route", "get", "post", "put", "patch", "delete", "head", "options", "api_route", "websocket", "view",
]);

/** Decorators, by qualified name, that only decorate views. */
export const VIEW_DECORATORS: ReadonlySet<string> = new Set([
  "rest_framework.decorators.api_view",
  "rest_framework.decorators.action",
  "django.views.decorators.http.require_http_methods",
  "django.views.decorators.http.require_GET",
  "django.views.decorators.http.require_POST",
  "django.views.decorators.http.require_safe",
  "django.contrib.auth.decorators.login_required",
  "django.contrib.auth.decorators.permission_required",
  "django.views.decorators.csrf.csrf_exempt",
  "flask_login.login_required",
  "pyramid.view.view_config",
]);

/** Last names of base classes whose methods handle requests (`MethodView`, `APIView`, `RequestHandler`…). */
export const VIEW_BASE_PATTERN = /(?:View|ViewSet|APIView|Resource|RequestHandler|HTTPEndpoint|Handler)$/;

/** Methods of class-based views that answer requests. */
export const VIEW_METHODS: ReadonlySet<string> = new Set([
  "get", "post", "put", "patch", "delete", "head", "options", "dispatch", "list", "retrieve", "create", "update",
  "partial_update", "destroy",
]);

/**
 * Last names of exception classes whose message is written for the client (validation messages, HTTP
 * errors with a chosen description): returning their text is the point, not a leak.
 */
export const CLIENT_FACING_EXCEPTIONS = /(?:ValidationError|Http404|HTTPException|HTTPError|APIException|PermissionDenied|NotFound|BadRequest|Forbidden|Unauthorized|NotAuthenticated|AuthenticationFailed|MethodNotAllowed|Conflict|UnprocessableEntity|Throttled|ParseError)$/;

/** Calls that format the current (or a given) exception's traceback. */
export const TRACEBACK_CALLS: ReadonlySet<string> = new Set([
  "traceback.format_exc",
  "traceback.format_exception",
  "traceback.format_exception_only",
  "traceback.format_tb",
  "traceback.format_stack",
  "traceback.extract_tb",
  "traceback.extract_stack",
  "sys.exc_info",
]);
