import { defineRule, type Handler } from "../types.js";
import { importHandlers } from "../util/imports.js";

/** CGI gateways that copy request headers into the process environment (`Proxy:` → `HTTP_PROXY`). */
const CGI_GATEWAYS = [
  "wsgiref.handlers.CGIHandler",
  "twisted.web.twcgi.CGIScript",
  "twisted.web.twcgi.FilteredScript",
  "twisted.web.twcgi.PHPScript",
  "twisted.web.twcgi.PHP3Script",
];

/** PW619: an application served through a CGI gateway exposed to httpoxy (off by default). */
export default defineRule({
  meta: {
    code: "PW619",
    name: "httpoxy-cgi-handler",
    practice: "input-validation",
    cwe: [454],
    severity: "medium",
    confidence: "low",
    aliases: ["B412", "S412"],
    enabledByDefault: false,
    docs: {
      what:
        "Imports or calls of `wsgiref.handlers.CGIHandler` and Twisted's `twcgi.CGIScript` family, which run an " +
        "application under CGI. The import is reported; a call is reported only when no import of the same " +
        "gateway was reported in the file (`import wsgiref.handlers` then `handlers.CGIHandler()`). Off by default: " +
        "CPython since 3.5.3/2.7.13 ignores `HTTP_PROXY` while `REQUEST_METHOD` is set, so this is a reminder " +
        "for CGI deployments rather than a proven flaw.",
      why:
        "Under CGI every request header becomes an environment variable, so a request carrying `Proxy: " +
        "evil.example` sets `HTTP_PROXY`. HTTP clients that read proxy settings from the environment then send the " +
        "application's outgoing requests, credentials included, through the attacker's proxy (httpoxy).",
      bad: "from wsgiref.handlers import CGIHandler\nCGIHandler().run(app)\n",
      good: "# serve the WSGI app with a WSGI server (gunicorn, uWSGI, mod_wsgi), not CGI\n",
      references: ["CWE-454", "https://httpoxy.org/", "https://bugs.python.org/issue27568"],
    },
  },
  create(ctx) {
    let reportedImport = false;
    const message = (name: string): string =>
      `${name} runs the application under CGI, where a request's Proxy header becomes HTTP_PROXY (httpoxy); serve it with a WSGI server`;
    const handlers = importHandlers(ctx.model, { modules: CGI_GATEWAYS }, (node, name) => {
      reportedImport = true;
      ctx.report(node, message(name));
    });
    const call: Handler = (node) => {
      if (reportedImport) return;
      const name = ctx.model.callee(node) ?? "a CGI gateway";
      ctx.report(node, message(name));
    };
    for (const name of CGI_GATEWAYS) handlers[name] = call;
    return handlers;
  },
});
