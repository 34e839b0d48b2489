import { defineRule, type Handler } from "../types.js";
import type { Node } from "../../parse/parser.js";
import { assignmentChain } from "../util/assignment.js";

/**
 * Jinja2 constructors whose `autoescape` defaults to off: qualified name → position of `autoescape` when
 * passed positionally (after `self`; `Template` takes the source first).
 */
const CONSTRUCTORS: Readonly<Record<string, number>> = {
  "jinja2.Environment": 16,
  "jinja2.sandbox.SandboxedEnvironment": 16,
  "jinja2.sandbox.ImmutableSandboxedEnvironment": 16,
  "jinja2.Template": 17,
  "jinja2.environment.Template": 17,
};

/** Types whose `autoescape` attribute switches escaping for everything they render. */
const ENVIRONMENT_TYPES = new Set(["jinja2.Environment", "jinja2.sandbox.SandboxedEnvironment", "jinja2.sandbox.ImmutableSandboxedEnvironment"]);

/** PW501: Jinja2 templates rendered without HTML autoescaping. */
export default defineRule({
  meta: {
    code: "PW501",
    name: "jinja2-autoescape-disabled",
    practice: "output-escaping",
    cwe: [79, 116],
    severity: "high",
    confidence: "high",
    aliases: ["B701", "S701"],
    skipInTests: true,
    docs: {
      what:
        "`jinja2.Environment(...)`, its sandboxed variants and `jinja2.Template(...)` created without an " +
        "`autoescape` argument (Jinja2 does not escape by default) or with `autoescape` set to a false constant, " +
        "and `env.autoescape = False` on an environment (including Flask's `app.jinja_env`). " +
        "`autoescape=True` and `autoescape=select_autoescape(...)` are fine. An `autoescape` taken from a " +
        "variable or given as a function is not reported: it is an explicit decision whose value pyward cannot see. " +
        "Calls that pass `**options` or `*args` without a visible `autoescape` are not reported either.",
      why:
        "Without autoescaping, every `{{ value }}` is inserted into the page as raw HTML: a user-supplied name, " +
        "comment or URL parameter containing `<script>` runs in other users' browsers (cross-site scripting).",
      bad: 'from jinja2 import Environment, FileSystemLoader\n\nenv = Environment(loader=FileSystemLoader("templates"))\n',
      good:
        'from jinja2 import Environment, FileSystemLoader, select_autoescape\n\n' +
        'env = Environment(loader=FileSystemLoader("templates"), autoescape=select_autoescape())\n',
      references: [
        "CWE-79",
        "CWE-116",
        "https://jinja.palletsprojects.com/en/stable/api/#autoescaping",
        "https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;
    const FIX = "pass autoescape=select_autoescape() (or True)";

    const constructor = (name: string, position: number): Handler => (call: Node) => {
      const short = name.split(".").pop()!;
      const args = model.args(call);
      const value = model.arg(call, position, "autoescape");
      if (!value) {
        if (args.hasDoubleStar || args.starAt >= 0) return; // may be passed through **options / *args
        ctx.report(call, `${short}() without autoescape renders variables as raw HTML (escaping is off by default); ${FIX}`);
        return;
      }
      if (model.isFalse(value)) {
        ctx.report(call, `${short}(autoescape=${value.text}) renders variables as raw HTML; ${FIX}`);
      }
    };

    const isAutoescape = (left: Node): boolean => left.type === "attribute" && left.childForFieldName("attribute")?.text === "autoescape";

    const handlers: Record<string, Handler> = {
      assignment(node) {
        const chain = assignmentChain(node);
        const right = chain?.value;
        // the target's name first: folding the value of every assignment of a file is what costs
        if (!chain || !right || !chain.targets.some(isAutoescape) || !model.isFalse(right)) return;
        for (const left of chain.targets) {
          if (!isAutoescape(left)) continue;
          const obj = left.childForFieldName("object");
          const type = model.typeOf(obj);
          if ((type && ENVIRONMENT_TYPES.has(type)) || model.resolve(obj) === "flask.Flask.jinja_env") {
            ctx.report(node, `autoescaping switched off (${left.text} = ${right.text}); keep it on and mark trusted HTML with Markup`);
          }
        }
      },
    };
    for (const [name, position] of Object.entries(CONSTRUCTORS)) handlers[name] = constructor(name, position);
    // `x.autoescape = …` spells the attribute out: no mention, no assignment to look at
    if (!ctx.file.text.includes("autoescape")) delete handlers.assignment;
    return handlers;
  },
});
