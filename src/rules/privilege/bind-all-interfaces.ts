import { defineRule } from "../types.js";
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";

/** How a server call receives the address it listens on. */
interface BindSpec {
  /** `host`: a host string; `address`: a `(host, port)` tuple. */
  kind: "host" | "address";
  /** Position of the argument, when it may be passed positionally. */
  pos?: number;
  /** Keyword of the argument. */
  kw: string;
  /** Short name for the message. */
  label: string;
}

const host = (pos: number | undefined, kw: string, label: string): BindSpec => ({ kind: "host", pos, kw, label });
const address = (pos: number, kw: string, label: string): BindSpec => ({ kind: "address", pos, kw, label });

/** Calls that bind a listening socket, by qualified name. */
const BINDERS: Readonly<Record<string, BindSpec>> = {
  "socket.socket.bind": address(0, "address", "socket.bind"),
  "socket.create_server": address(0, "address", "socket.create_server"),
  "http.server.HTTPServer": address(0, "server_address", "HTTPServer"),
  "http.server.ThreadingHTTPServer": address(0, "server_address", "ThreadingHTTPServer"),
  "socketserver.TCPServer": address(0, "server_address", "TCPServer"),
  "socketserver.UDPServer": address(0, "server_address", "UDPServer"),
  "socketserver.ThreadingTCPServer": address(0, "server_address", "ThreadingTCPServer"),
  "socketserver.ThreadingUDPServer": address(0, "server_address", "ThreadingUDPServer"),
  "socketserver.ForkingTCPServer": address(0, "server_address", "ForkingTCPServer"),
  "socketserver.ForkingUDPServer": address(0, "server_address", "ForkingUDPServer"),
  "xmlrpc.server.SimpleXMLRPCServer": address(0, "addr", "SimpleXMLRPCServer"),
  "xmlrpc.server.DocXMLRPCServer": address(0, "addr", "DocXMLRPCServer"),
  "gevent.pywsgi.WSGIServer": address(0, "listener", "gevent WSGIServer"),
  "gevent.server.StreamServer": address(0, "listener", "gevent StreamServer"),
  "wsgiref.simple_server.make_server": host(0, "host", "make_server"),
  "werkzeug.serving.run_simple": host(0, "hostname", "run_simple"),
  "flask.Flask.run": host(0, "host", "Flask.run"),
  "quart.Quart.run": host(0, "host", "Quart.run"),
  "sanic.Sanic.run": host(0, "host", "Sanic.run"),
  "uvicorn.run": host(undefined, "host", "uvicorn.run"),
  "uvicorn.Config": host(undefined, "host", "uvicorn.Config"),
  "aiohttp.web.run_app": host(undefined, "host", "aiohttp run_app"),
  "aiohttp.web.TCPSite": host(1, "host", "aiohttp TCPSite"),
  "asyncio.start_server": host(1, "host", "asyncio.start_server"),
  "asyncio.AbstractEventLoop.create_server": host(1, "host", "loop.create_server"),
  "bottle.run": host(undefined, "host", "bottle.run"),
  "waitress.serve": host(undefined, "host", "waitress.serve"),
};

/**
 * Methods recognised on receivers the model cannot type (`self.sock.bind(...)`, `create_app().run(...)`):
 * each argument form is specific enough to a listening server to stand on its own.
 */
const BY_METHOD: Readonly<Record<string, BindSpec>> = {
  bind: address(0, "address", "bind"),
  run: host(undefined, "host", "run"),
  run_server: host(undefined, "host", "run_server"),
  create_server: host(1, "host", "create_server"),
  listen: host(undefined, "address", "listen"),
};

/** Host strings that mean "every interface". */
const ALL_INTERFACES = new Set(["0.0.0.0", "::", "::0", "0:0:0:0:0:0:0:0", ""]);
const MAX_DEPTH = 20;

/** The all-interfaces host a `(host, port)` address expression carries, or undefined. */
function addressHost(model: ModuleModel, node: Node | null | undefined, depth = 0): string | undefined {
  if (!node || depth > MAX_DEPTH) return undefined;
  switch (node.type) {
    case "tuple":
    case "list":
      return hostValue(model, node.namedChildren.find((c) => !!c && c.type !== "comment"));
    case "parenthesized_expression":
      return addressHost(model, node.namedChildren[0], depth + 1);
    case "identifier": {
      const c = model.constant(node);
      if (c !== undefined) return Array.isArray(c) && typeof c[0] === "string" && ALL_INTERFACES.has(c[0]) ? c[0] : undefined;
      // `ADDR = ("0.0.0.0", port)`: a name bound once to a tuple whose port varies
      const bindings = model.bindingsOf(node.text, node.startIndex);
      const b = bindings.length === 1 ? bindings[0] : undefined;
      return b?.kind === "assign" && b.value ? addressHost(model, b.value, depth + 1) : undefined;
    }
    default: {
      const c = model.constant(node);
      return Array.isArray(c) && typeof c[0] === "string" && ALL_INTERFACES.has(c[0]) ? c[0] : undefined;
    }
  }
}

/** The host string when `node` is a constant naming every interface, else undefined. */
function hostValue(model: ModuleModel, node: Node | null | undefined): string | undefined {
  const v = model.constant(node);
  return typeof v === "string" && ALL_INTERFACES.has(v) ? v : undefined;
}

/** PW602: a server bound to every network interface by a constant address. */
export default defineRule({
  meta: {
    code: "PW602",
    name: "bind-all-interfaces",
    practice: "least-privilege",
    cwe: [605, 1327],
    severity: "medium",
    confidence: "medium",
    aliases: ["B104", "S104"],
    skipInTests: true,
    docs: {
      what:
        'A listening socket or server bound to every interface by a constant host of `"0.0.0.0"`, `"::"` or `""`: ' +
        "`socket.bind`/`socket.create_server`, `http.server`/`socketserver`/`xmlrpc` servers, Flask/Quart/Sanic " +
        "`app.run`, `uvicorn.run`, `aiohttp.web.run_app`/`TCPSite`, `asyncio.start_server`, `wsgiref`, " +
        "`werkzeug`, `waitress`, `bottle` and `gevent` servers. The address may reach the call through a " +
        "variable. The same strings elsewhere (comparisons, allow-lists, log text) are not reported.",
      why:
        "A service listening on all interfaces is reachable from every network the host is attached to — the " +
        "office LAN, a cloud VPC, a public address — not just from the local machine or the proxy in front of it. " +
        "Development servers and internal admin endpoints exposed this way are a common way in.",
      bad: 'app.run(host="0.0.0.0", port=8000)\n',
      good:
        'app.run(host="127.0.0.1", port=8000)\n# or, when the deployment decides:\napp.run(host=os.environ.get("BIND_HOST", "127.0.0.1"))\n',
      references: [
        "CWE-605",
        "CWE-1327",
        "https://docs.python.org/3/library/socket.html#socket.socket.bind",
        "https://flask.palletsprojects.com/en/latest/api/#flask.Flask.run",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;
    return {
      call(call) {
        const name = model.callee(call);
        let spec = name && Object.hasOwn(BINDERS, name) ? BINDERS[name] : undefined;
        if (!spec) {
          const method = model.methodName(call);
          if (method && Object.hasOwn(BY_METHOD, method)) {
            // read the callee's text only when short: in a long method chain it holds the whole chain
            const fn = call.childForFieldName("function");
            const callee = fn && fn.endIndex - fn.startIndex <= 40 ? fn.text : method;
            spec = { ...BY_METHOD[method], label: callee.length <= 40 ? callee : method };
          }
          else {
            // a server class the model does not know, constructed with a `(host, port)` tuple
            // (the cheap test first: this runs on nearly every call of a file)
            const fn = call.childForFieldName("function");
            const full = name ?? (fn && (fn.type === "identifier" || fn.type === "attribute") ? fn.text : "");
            if (fn && full.endsWith("Server") && (fn.type === "identifier" || fn.type === "attribute")) {
              const last = full.slice(full.lastIndexOf(".") + 1);
              spec = address(0, "server_address", last);
            }
          }
        }
        if (!spec) return;
        const arg = model.arg(call, spec.pos, spec.kw);
        const found = spec.kind === "host" ? hostValue(model, arg) : addressHost(model, arg);
        if (found === undefined) return;
        ctx.report(call, `${spec.label} listens on every interface (${JSON.stringify(found)}); bind to 127.0.0.1 or take the address from configuration`);
      },
    };
  },
});
