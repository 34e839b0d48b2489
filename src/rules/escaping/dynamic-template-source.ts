import { defineRule, type Handler } from "../types.js";
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";

/** Calls that compile their argument as template source: qualified name → [position, keyword, label, engine]. */
const TEMPLATE_SOURCES: Readonly<Record<string, [number, string, string, string]>> = {
  "flask.render_template_string": [0, "source", "render_template_string", "Jinja2"],
  "flask.templating.render_template_string": [0, "source", "render_template_string", "Jinja2"],
  "flask.stream_template_string": [0, "source", "stream_template_string", "Jinja2"],
  "quart.render_template_string": [0, "source", "render_template_string", "Jinja2"],
  "quart.templating.render_template_string": [0, "source", "render_template_string", "Jinja2"],
  "jinja2.Template": [0, "source", "jinja2.Template", "Jinja2"],
  "jinja2.environment.Template": [0, "source", "jinja2.Template", "Jinja2"],
  "jinja2.Environment.from_string": [0, "source", "Environment.from_string", "Jinja2"],
  "jinja2.environment.Environment.from_string": [0, "source", "Environment.from_string", "Jinja2"],
  "flask.Flask.jinja_env.from_string": [0, "source", "app.jinja_env.from_string", "Jinja2"],
  "django.template.Template": [0, "template_string", "django.template.Template", "Django template"],
  "django.template.base.Template": [0, "template_string", "django.template.Template", "Django template"],
  "django.template.Engine.from_string": [0, "template_code", "Engine.from_string", "Django template"],
  "django.template.engine.Engine.from_string": [0, "template_code", "Engine.from_string", "Django template"],
  "mako.template.Template": [0, "text", "mako Template", "Mako"],
};

/** Calls whose result is text read from a file or package shipped with the application. */
const FILE_READERS = new Set([
  "pkgutil.get_data",
  "importlib.resources.read_text",
  "importlib_resources.read_text",
  "pathlib.Path.read_text",
  "pathlib.Path.read_bytes",
]);
const READ_METHODS = new Set(["read", "read_text", "read_bytes", "get_data", "get_source"]);
/** A name spelled like a constant (`PAGE_TEMPLATE`), defined out of sight. */
const CONSTANT_NAME = /^_*[A-Z][A-Z0-9_]*$/;
const MAX_DEPTH = 10;

type Verdict = "safe" | "composed" | "unknown";

/** Decides where a template source comes from: constant or shipped file (safe), built with values, or unknown. */
function judge(model: ModuleModel, node: Node | null | undefined, depth = 0): Verdict {
  if (!node || depth > MAX_DEPTH) return "unknown";
  if (model.isConstant(node)) return "safe";
  switch (node.type) {
    case "parenthesized_expression":
      return judge(model, node.namedChildren[0], depth + 1);
    case "call": {
      const name = model.callee(node);
      if (name && FILE_READERS.has(name)) return "safe";
      const method = model.methodName(node);
      if (method && READ_METHODS.has(method)) return "safe";
      if (method === "decode" || method === "strip") return judge(model, node.childForFieldName("function")?.childForFieldName("object"), depth + 1);
      break;
    }
    case "attribute":
      if (CONSTANT_NAME.test(node.childForFieldName("attribute")?.text ?? "")) return "safe";
      break;
    case "identifier": {
      const b = model.lookup(node.text, node.startIndex);
      if (b?.kind === "import" && CONSTANT_NAME.test(node.text)) return "safe";
      const list = model.bindingsOf(node.text, node.startIndex);
      if (list.length && list.every((x) => (x.kind === "assign" || x.kind === "with") && x.value && judge(model, x.value, depth + 1) === "safe")) return "safe";
      break;
    }
    default:
      break;
  }
  const shape = model.stringShape(node);
  if (shape && shape.holes > 0 && shape.composed) {
    return shape.dynamic.every((d) => d.id !== node.id && judge(model, d, depth + 1) === "safe") ? "safe" : "composed";
  }
  return "unknown";
}

/** PW510: template source built at run time (server-side template injection, pattern rule). */
export default defineRule({
  namesOnly: true,
  meta: {
    code: "PW510",
    name: "dynamic-template-source",
    practice: "output-escaping",
    cwe: [1336, 94],
    severity: "high",
    confidence: "medium",
    aliases: [],
    skipInTests: true,
    docs: {
      what:
        "Template *source* that is not a constant: Flask's `render_template_string` (and Quart's), " +
        "`jinja2.Template(...)`, `Environment.from_string(...)` (including `app.jinja_env`), Django's " +
        "`Template(...)`/`Engine.from_string(...)` and Mako's `Template(...)`. Source formatted with values " +
        "(f-strings, `+`, `%`, `.format`) is high confidence; a variable of unknown origin is medium. Constants, " +
        "constant-style names (`PAGE_TEMPLATE`) and text read from a file or package resource (`.read()`, " +
        "`read_text()`, `pkgutil.get_data`) are not reported. Jinja2's `SandboxedEnvironment` is not reported. " +
        "This is the pattern rule: the data-flow rule PW258 (template-injection) reports the same sinks when it can " +
        "prove the source text comes from a request; this one also covers sources of unknown origin.",
      why:
        "A template language is a programming language: whoever writes part of the template source runs code in " +
        "it. `{{ cycler.__init__.__globals__.os.popen('id').read() }}` in a Jinja2 template runs a shell command " +
        "on the server, Mako runs any Python, and Django templates leak settings and objects. Values belong in " +
        "the context, never in the source.",
      bad:
        'from flask import Flask, render_template_string, request\n\napp = Flask(__name__)\n\n@app.route("/hello")\ndef hello():\n' +
        '    return render_template_string(f"<h1>Hello {request.args[\'name\']}</h1>")\n',
      good:
        'from flask import Flask, render_template_string, request\n\napp = Flask(__name__)\n\n@app.route("/hello")\ndef hello():\n' +
        '    return render_template_string("<h1>Hello {{ name }}</h1>", name=request.args["name"])\n',
      references: [
        "CWE-1336",
        "CWE-94",
        "https://portswigger.net/web-security/server-side-template-injection",
        "https://jinja.palletsprojects.com/en/stable/sandbox/",
        "https://flask.palletsprojects.com/en/stable/api/#flask.render_template_string",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;
    const handler =
      ([position, keyword, label, engine]: [number, string, string, string]): Handler =>
      (call) => {
        const source = model.arg(call, position, keyword);
        if (!source) return;
        const verdict = judge(model, source);
        if (verdict === "safe") return;
        if (verdict === "composed") {
          ctx.report(call, `${label}() compiles template source built from values at run time: ${engine} code in them runs on the server (template injection); pass values in the context instead`, {
            confidence: "high",
          });
        } else {
          ctx.report(call, `${label}() compiles template source that is not a constant: if any of it comes from a user, ${engine} code in it runs on the server (template injection); keep the source constant and pass values in the context`);
        }
      };
    const handlers: Record<string, Handler> = {};
    for (const [name, spec] of Object.entries(TEMPLATE_SOURCES)) handlers[name] = handler(spec);
    return handlers;
  },
});
