import { defineRule, type Handler } from "../types.js";
import type { Node } from "../../parse/parser.js";
import { assignmentChain } from "../util/assignment.js";

/** The Flask application type, as the model names an instance of it. */
const FLASK = "flask.Flask";

/** PW401: a Flask application run or configured with the debugger on. */
export default defineRule({
  meta: {
    code: "PW401",
    name: "flask-debug-enabled",
    practice: "error-handling",
    cwe: [489, 215],
    severity: "high",
    confidence: "high",
    aliases: ["B201", "S201"],
    skipInTests: true,
    docs: {
      what:
        "A `flask.Flask` application with debug mode switched on by a truthy constant: `app.run(debug=True)`, " +
        "`app.debug = True`, `app.config[\"DEBUG\"] = True`, `app.config.update(DEBUG=True)` or " +
        "`app.config.from_mapping(DEBUG=True)`. Debug taken from the environment or a variable is not reported.",
      why:
        "In debug mode Flask serves the Werkzeug debugger: any exception page shows source, local variables " +
        "and settings, and its interactive console runs arbitrary Python on the server for whoever gets past " +
        "(or guesses) the PIN. Debug mode also reloads code and is slow: it is for a developer's machine only.",
      bad: 'from flask import Flask\n\napp = Flask(__name__)\napp.config["DEBUG"] = True\napp.run()\n',
      good:
        'import os\nfrom flask import Flask\n\napp = Flask(__name__)\napp.config["DEBUG"] = os.environ.get("FLASK_DEBUG") == "1"\napp.run()\n',
      references: [
        "CWE-489",
        "CWE-215",
        "https://flask.palletsprojects.com/en/stable/debugging/",
        "https://werkzeug.palletsprojects.com/en/stable/debug/",
      ],
    },
  },
  create(ctx): Record<string, Handler> {
    const { model } = ctx;
    // every finding is about a `flask.Flask` application
    if (!model.mayName(["flask"])) return {};
    const isApp = (node: Node | null | undefined): boolean => model.typeOf(node) === FLASK;
    /** `app.config` of a Flask app. */
    const isAppConfig = (node: Node | null | undefined): boolean =>
      node?.type === "attribute" && node.childForFieldName("attribute")?.text === "config" && isApp(node.childForFieldName("object"));

    const ADVICE = "it exposes the Werkzeug debugger and console; set it from the environment (FLASK_DEBUG) instead";

    /** `config.update(DEBUG=True)` / `config.update({"DEBUG": True})` / `from_mapping(...)`. */
    const mapping: Handler = (call) => {
      const kw = model.args(call).keywords.get("DEBUG");
      if (kw && model.truthy(kw) === true) {
        ctx.report(call, `Flask debug mode on (DEBUG=${kw.text}): ${ADVICE}`);
        return;
      }
      const first = model.arg(call, 0);
      if (first?.type !== "dictionary") return;
      for (const pair of first.namedChildren) {
        if (pair?.type !== "pair" || model.constant(pair.childForFieldName("key")) !== "DEBUG") continue;
        const value = pair.childForFieldName("value");
        if (value && model.truthy(value) === true) ctx.report(call, `Flask debug mode on ("DEBUG": ${value.text}): ${ADVICE}`);
      }
    };

    return {
      "flask.Flask.run"(call) {
        // run(host=None, port=None, debug=None, load_dotenv=True, **options)
        const debug = model.arg(call, 2, "debug");
        if (debug && model.truthy(debug) === true) ctx.report(call, `Flask app run with debug=${debug.text}: ${ADVICE}`);
      },
      "flask.Flask.config.update": mapping,
      "flask.Flask.config.from_mapping": mapping,
      assignment(node) {
        const chain = assignmentChain(node);
        const right = chain?.value;
        if (!chain || !right || model.truthy(right) !== true) return;
        for (const left of chain.targets) {
          const debugAttr = left.type === "attribute" && left.childForFieldName("attribute")?.text === "debug" && isApp(left.childForFieldName("object"));
          const debugKey =
            left.type === "subscript" && isAppConfig(left.childForFieldName("value")) && model.constant(left.childForFieldName("subscript")) === "DEBUG";
          if (debugAttr || debugKey) ctx.report(node, `Flask debug mode on (${left.text} = ${right.text}): ${ADVICE}`);
        }
      },
    };
  },
});
