import { defineRule, type Handler } from "../types.js";
import type { Node } from "../../parse/parser.js";
import type { Confidence } from "../../engine/finding.js";
import { assignmentChain } from "../util/assignment.js";
import { settingContext, settingWrites, type SettingWrite } from "../util/framework-settings.js";

/** Values of `FLASK_DEBUG` that Flask reads as off (`flask.helpers.get_debug_flag`). */
const OFF = new Set(["", "0", "false", "no"]);

/** Calls that set an environment variable: where the name and the value go. */
const ENV_SETTERS: Readonly<Record<string, { name: number; value: number }>> = {
  "os.environ.setdefault": { name: 0, value: 1 },
  "os.putenv": { name: 0, value: 1 },
  "os.environ.__setitem__": { name: 0, value: 1 },
};

const ADVICE = "debug mode serves the Werkzeug debugger, which shows source and settings and runs code for whoever reaches it; set it only in a developer's shell";

/** PW410: Flask debug mode switched on through `FLASK_DEBUG`/`FLASK_ENV` or the `ENV` setting. */
export default defineRule({
  meta: {
    code: "PW410",
    name: "flask-debug-environment",
    practice: "error-handling",
    cwe: [489, 215],
    severity: "high",
    confidence: "medium",
    aliases: [],
    skipInTests: true,
    docs: {
      what:
        "Code that switches Flask's debug mode on through the environment or the environment setting rather " +
        "than through the app: `os.environ[\"FLASK_DEBUG\"] = \"1\"` (any value Flask reads as on), " +
        "`os.environ.setdefault(...)`, `os.environ.update(FLASK_DEBUG=…)`, `os.putenv(...)`, " +
        "`FLASK_ENV = \"development\"` or `FLASK_DEBUG = True` as a setting in a config module or class, " +
        "`app.config[\"ENV\"] = \"development\"` and `app.env = \"development\"` (Flask before 2.3 turns debug on " +
        "in the development environment). Configuration meant for tests or local development " +
        "(`DevelopmentConfig`, `settings/local.py`, `if app.testing:`) is not reported. PW401 covers " +
        "`app.run(debug=True)`, `app.debug = True` and `app.config[\"DEBUG\"] = True`.",
      why:
        "`app.run()` and `flask run` read `FLASK_DEBUG` (and, before Flask 2.3, `FLASK_ENV`): setting it in code " +
        "ships debug mode with the code. The Werkzeug debugger then shows tracebacks with source and local " +
        "variables to anyone who triggers an error, and its console executes Python on the server once the " +
        "PIN is guessed or leaked.",
      bad: 'import os\nfrom flask import Flask\n\nos.environ["FLASK_DEBUG"] = "1"\napp = Flask(__name__)\napp.run()\n',
      good: 'from flask import Flask\n\napp = Flask(__name__)\napp.run()  # debug only via `flask run --debug` on a developer machine\n',
      references: [
        "CWE-489",
        "CWE-215",
        "https://flask.palletsprojects.com/en/stable/config/#DEBUG",
        "https://flask.palletsprojects.com/en/stable/debugging/",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;

    /** Whether a value of `FLASK_DEBUG` or `FLASK_ENV` (or `ENV`) turns debug on, and how surely. */
    const turnsOn = (variable: string, value: Node): Confidence | undefined => {
      const v = model.constant(value);
      if (v === undefined || v === null) return undefined;
      if (variable === "FLASK_DEBUG") {
        const on = typeof v === "string" ? !OFF.has(v.trim().toLowerCase()) : v !== false && v !== 0;
        return on ? "high" : undefined;
      }
      // FLASK_ENV / ENV: only Flask < 2.3 derives debug from it
      return typeof v === "string" && v.trim().toLowerCase() === "development" ? "medium" : undefined;
    };

    /** Reports unless the write sits in test or development configuration. */
    const report = (at: Node, variable: string, value: Node, confidence: Confidence, how: string): void => {
      const write: SettingWrite = { name: variable, value, at, form: "constant" };
      if (settingContext(model, write)) return;
      ctx.report(at, `Flask debug mode on through ${how} (${variable} = ${value.text}): ${ADVICE}`, { confidence });
    };

    const isEnviron = (node: Node | null | undefined): boolean => !!node && model.resolve(node) === "os.environ";

    const handlers: Record<string, Handler> = {
      assignment(node) {
        const chain = assignmentChain(node);
        if (!chain?.value) return;
        const value = chain.value;
        for (const target of chain.targets) {
          // os.environ["FLASK_DEBUG"] = "1"
          if (target.type === "subscript" && isEnviron(target.childForFieldName("value"))) {
            const key = model.constant(target.childForFieldName("subscript"));
            if (key !== "FLASK_DEBUG" && key !== "FLASK_ENV") continue;
            const c = turnsOn(key, value);
            if (c) report(node, key, value, c, "the environment");
          }
          // app.env = "development"
          if (target.type === "attribute" && target.childForFieldName("attribute")?.text === "env" && model.typeOf(target.childForFieldName("object")) === "flask.Flask") {
            const c = turnsOn("ENV", value);
            if (c) report(node, "app.env", value, c, "the app's environment");
          }
        }
        for (const write of settingWrites(model, node)) setting(write);
      },
      call(call) {
        for (const write of settingWrites(model, call)) setting(write);
        const callee = model.callee(call);
        if (callee === "os.environ.update") {
          const args = model.args(call);
          const pairs: [string, Node][] = [...args.keywords];
          const first = args.positional[0];
          if (first?.type === "dictionary") {
            for (const pair of first.namedChildren) {
              const key = pair?.type === "pair" ? model.constant(pair.childForFieldName("key")) : undefined;
              const value = pair?.childForFieldName("value");
              if (typeof key === "string" && value) pairs.push([key, value]);
            }
          }
          for (const [key, value] of pairs) {
            if (key !== "FLASK_DEBUG" && key !== "FLASK_ENV") continue;
            const c = turnsOn(key, value);
            if (c) report(call, key, value, c, "the environment");
          }
          return;
        }
        const setter = callee ? ENV_SETTERS[callee] : undefined;
        if (!setter) return;
        const key = model.constant(model.arg(call, setter.name));
        const value = model.arg(call, setter.value);
        if ((key !== "FLASK_DEBUG" && key !== "FLASK_ENV") || !value) return;
        const c = turnsOn(key, value);
        if (c) report(call, key, value, c, "the environment");
      },
    };

    /** `FLASK_ENV = "development"` / `FLASK_DEBUG = True` settings, `app.config["ENV"] = "development"`. */
    const setting = (write: SettingWrite): void => {
      const constant = write.form === "constant";
      if (constant && (write.name === "FLASK_ENV" || write.name === "FLASK_DEBUG")) {
        const c = turnsOn(write.name, write.value);
        if (c && !settingContext(model, write)) {
          ctx.report(write.at, `Flask debug mode requested by the setting ${write.name} = ${write.value.text}: ${ADVICE}`, { confidence: "low" });
        }
        return;
      }
      if ((write.form === "config-key" || write.form === "config-call") && write.name === "ENV") {
        const c = turnsOn("ENV", write.value);
        if (c && !settingContext(model, write)) {
          ctx.report(write.at, `Flask debug mode on through the development environment (ENV = ${write.value.text}): ${ADVICE}`, { confidence: c });
        }
      }
    };
    return handlers;
  },
});
