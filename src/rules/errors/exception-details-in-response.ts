import { defineRule, KEYED } from "../types.js";
import type { Node } from "../../parse/parser.js";
import type { Binding } from "../../model/scopes.js";
import type { Confidence } from "../../engine/finding.js";
import {
  CLIENT_FACING_EXCEPTIONS,
  RESPONSE_CALLS,
  ROUTE_DECORATOR_METHODS,
  TRACEBACK_CALLS,
  VIEW_BASE_PATTERN,
  VIEW_DECORATORS,
  VIEW_METHODS,
} from "../../model/knowledge/http-responses.js";
import { findInExpression } from "../util/expressions.js";

/** Attributes of an exception that hold no message: status codes, errno, the class. */
const SAFE_ATTRIBUTES = new Set(["code", "status", "status_code", "errno", "__class__", "__name__", "http_status", "response_code"]);

/** Calls of an exception that reveal only its type or a flag. */
const SAFE_CALLS = new Set(["builtins.type", "builtins.isinstance", "builtins.issubclass", "builtins.hasattr", "builtins.id", "builtins.bool"]);

/** Broad exception types: whatever fails inside is caught, with its internal message. */
const BROAD = new Set(["Exception", "BaseException"]);

/** What leaks, for the message and the confidence. */
interface Leak {
  what: string;
  confidence: Confidence;
}

/** Top-level modules whose import makes a first parameter named `request` a Django request. */
const DJANGO_ROOTS = ["django", "rest_framework"];

/** The qualified names of {@link RESPONSE_CALLS}, as handler keys. */
const RESPONSE_CALL_NAMES = Object.keys(RESPONSE_CALLS);

/** PW412: exception messages or tracebacks sent to the client in an HTTP response. */
export default defineRule({
  meta: {
    code: "PW412",
    name: "exception-details-in-response",
    practice: "error-handling",
    cwe: [209, 497],
    severity: "medium",
    confidence: "medium",
    aliases: [],
    skipInTests: true,
    docs: {
      what:
        "The text of a caught exception (`str(e)`, `repr(e)`, `e.args`, `f\"{e}\"`, `\"%s\" % e`) or a formatted " +
        "traceback (`traceback.format_exc()`, `format_exception`, `sys.exc_info()`) put into what the client " +
        "receives: an argument of a response or error-page call (`Response`, `jsonify`, `make_response`, `abort`, " +
        "`render_template`, Django's `HttpResponse`/`JsonResponse`/`render`, DRF's `Response` and exceptions, " +
        "Starlette/FastAPI responses and `HTTPException(detail=…)`, aiohttp, Sanic, Bottle, Pyramid), or the value " +
        "returned by a view (a route-decorated function, a Django view taking `request`, a method of a class-based " +
        "view, or any function returning a `(body, status)` tuple). Also through a local variable " +
        "(`msg = str(e)` … `return jsonify(error=msg)`). Exceptions whose message is meant for the client " +
        "(`ValidationError`, `Http404`, `HTTPException`, `PermissionDenied`…) are not reported; logging the " +
        "exception (`logger.exception(...)`) and returning a generic message is the fix.",
      why:
        "Exception messages and tracebacks describe the inside of the application: file paths, source lines, " +
        "SQL statements and table names, hostnames and ports, library versions, sometimes secrets from a " +
        "connection string. Attackers provoke errors on purpose to collect them and to tune injection payloads.",
      bad:
        "from flask import Flask, jsonify\n\napp = Flask(__name__)\n\n@app.post(\"/orders\")\ndef create_order():\n    try:\n" +
        "        return jsonify(place_order()), 201\n    except Exception as e:\n        return jsonify(error=str(e)), 500\n",
      good:
        "import logging\nfrom flask import Flask, jsonify\n\napp = Flask(__name__)\nlog = logging.getLogger(__name__)\n\n" +
        "@app.post(\"/orders\")\ndef create_order():\n    try:\n        return jsonify(place_order()), 201\n    except Exception:\n" +
        "        log.exception(\"order failed\")\n        return jsonify(error=\"internal error\"), 500\n",
      references: [
        "CWE-209",
        "CWE-497",
        "https://cheatsheetseries.owasp.org/cheatsheets/Error_Handling_Cheat_Sheet.html",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;
    const isDjango = model.importedModules().some((m) => DJANGO_ROOTS.includes(m));

    /** The `except` clause that binds `b`, and whether its exception types make the message internal. */
    const exceptLeak = (b: Binding): Leak | undefined => {
      let clause: Node | null = b.node;
      for (let i = 0; clause && i < 5 && clause.type !== "except_clause" && clause.type !== "except_group_clause"; i++) clause = clause.parent;
      if (!clause) return undefined;
      const pattern = clause.namedChildren.find((c) => c?.type === "as_pattern");
      const typeExpr = pattern?.namedChildren[0] ?? clause.childForFieldName("value") ?? undefined;
      const types = typeExpr ? (typeExpr.type === "tuple" ? typeExpr.namedChildren.filter((c): c is Node => !!c) : [typeExpr]) : [];
      const names = types.map((t) => {
        const q = model.resolve(t) ?? t.text;
        return q.slice(q.lastIndexOf(".") + 1);
      });
      if (names.length && names.every((n) => CLIENT_FACING_EXCEPTIONS.test(n))) return undefined;
      const broad = names.length === 0 || names.some((n) => BROAD.has(n));
      return { what: `the message of exception '${b.name}'`, confidence: broad ? "high" : "medium" };
    };

    /** Is identifier `id` (bound to an exception) used in a way that shows only its type or code? */
    const safeUse = (id: Node): boolean => {
      const parent = id.parent;
      if (parent?.type === "attribute" && parent.childForFieldName("object")?.id === id.id) {
        return SAFE_ATTRIBUTES.has(parent.childForFieldName("attribute")?.text ?? "");
      }
      if (parent?.type === "argument_list" && parent.parent?.type === "call") {
        const callee = model.callee(parent.parent);
        if (callee && SAFE_CALLS.has(callee)) return true;
        if (callee === "builtins.getattr") return true;
      }
      return false;
    };

    /**
     * What of an exception `expr` carries: its message, or a traceback. Follows local names to the values
     * assigned to them (a few steps); does not look inside nested response calls (`stopAtResponses`), which
     * are reported on their own.
     */
    const leakIn = (expr: Node, stopAtResponses: boolean, seen = new Set<number>(), depth = 0): Leak | undefined => {
      if (depth > 4) return undefined;
      return findInExpression<Leak>(expr, (node) => {
        if (node.type === "call") {
          const callee = model.callee(node);
          if (callee && TRACEBACK_CALLS.has(callee)) return { what: `a traceback (${callee.slice(callee.indexOf(".") + 1)}())`, confidence: "high" };
          if (stopAtResponses && callee && Object.hasOwn(RESPONSE_CALLS, callee)) return false;
          return undefined;
        }
        if (node.type !== "identifier") return undefined;
        const parent = node.parent;
        if (parent?.type === "attribute" && parent.childForFieldName("attribute")?.id === node.id) return undefined;
        if (parent?.type === "keyword_argument" && parent.childForFieldName("name")?.id === node.id) return undefined;
        const b = model.lookup(node.text, node.startIndex);
        if (!b || seen.has(b.offset)) return undefined;
        if (b.kind === "except") return safeUse(node) ? undefined : exceptLeak(b);
        if ((b.kind === "assign" || b.kind === "augassign") && b.value) {
          // only names local to the same function: a module constant is not the exception
          const here = model.enclosingFunction(node);
          const there = model.enclosingFunction(b.node);
          if (!here || here !== there) return undefined;
          seen.add(b.offset);
          return leakIn(b.value, stopAtResponses, seen, depth + 1);
        }
        return undefined;
      });
    };

    const report = (at: Node, leak: Leak, where: string): void => {
      ctx.report(at, `${leak.what} is sent to the client ${where}; log it (logger.exception) and return a generic message`, { confidence: leak.confidence });
    };

    /** Is the function around `node` a view: route-decorated, a Django view, or a method of a class-based view? */
    const isView = (fnNode: Node | undefined): boolean => {
      if (!fnNode || fnNode.type !== "function_definition") return false;
      const decorated = fnNode.parent?.type === "decorated_definition" ? fnNode.parent : undefined;
      for (const d of decorated?.namedChildren ?? []) {
        if (d?.type !== "decorator") continue;
        let expr: Node | null = d.namedChildren[0] ?? null;
        if (expr?.type === "call") expr = expr.childForFieldName("function");
        if (!expr) continue;
        const resolved = model.resolve(expr);
        if (resolved && VIEW_DECORATORS.has(resolved)) return true;
        if (expr.type === "attribute" && ROUTE_DECORATOR_METHODS.has(expr.childForFieldName("attribute")?.text ?? "")) return true;
      }
      const params = (fnNode.childForFieldName("parameters")?.namedChildren ?? []).filter((p): p is Node => !!p);
      const paramName = (p: Node): string => (p.type === "identifier" ? p.text : (p.childForFieldName("name")?.text ?? p.namedChildren[0]?.text ?? ""));
      const first = params[0] ? paramName(params[0]) : "";
      const second = params[1] ? paramName(params[1]) : "";
      const owner = fnNode.parent?.type === "decorated_definition" ? fnNode.parent.parent : fnNode.parent;
      const cls = owner?.type === "block" && owner.parent?.type === "class_definition" ? owner.parent : undefined;
      if (isDjango && (first === "request" || (cls && second === "request"))) return true;
      if (cls && VIEW_METHODS.has(fnNode.childForFieldName("name")?.text ?? "")) {
        const supers = cls.childForFieldName("superclasses")?.namedChildren ?? [];
        return supers.some((s) => {
          if (!s || s.type === "keyword_argument") return false;
          const name = model.resolve(s) ?? s.text;
          return VIEW_BASE_PATTERN.test(name.slice(name.lastIndexOf(".") + 1));
        });
      }
      return false;
    };

    /** `return body, 500`: a Flask-style (body, status[, headers]) tuple. */
    const statusTuple = (value: Node): Node | undefined => {
      const v = value.type === "parenthesized_expression" ? value.namedChildren[0] : value;
      if (!v || (v.type !== "expression_list" && v.type !== "tuple")) return undefined;
      const items = v.namedChildren.filter((c): c is Node => !!c && c.type !== "comment");
      const status = items[1] ? model.constant(items[1]) : undefined;
      return items.length >= 2 && items.length <= 3 && typeof status === "number" && status >= 100 && status <= 599 ? items[0] : undefined;
    };

    return {
      return_statement(node) {
        const value = node.namedChildren.find((c) => c && c.type !== "comment");
        if (!value) return;
        const body = statusTuple(value);
        const fn = model.enclosingFunction(node);
        if (!body && !isView(fn?.node)) return;
        const leak = leakIn(body ?? value, true);
        if (leak) report(value, leak, body ? "in the response body" : `from view ${fn?.name ?? ""}()`);
      },
      [KEYED]: [
        {
          keys: RESPONSE_CALL_NAMES,
          handler(call, name) {
            const args = call.childForFieldName("arguments");
            if (!args) return;
            const leak = leakIn(args, true);
            if (leak) report(call, leak, `through ${RESPONSE_CALLS[name]}()`);
          },
        },
      ],
    };
  },
});
