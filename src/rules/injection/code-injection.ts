import { defineRule, KEYED } from "../types.js";
import type { Node } from "../../parse/parser.js";

/** Builtins that compile or run Python source. */
const CODE_RUNNERS = ["builtins.eval", "builtins.exec", "builtins.compile"];

/** PW204: `eval`/`exec`/`compile` of source text that is not a constant. */
export default defineRule({
  meta: {
    code: "PW204",
    name: "code-injection",
    practice: "input-validation",
    cwe: [95, 94],
    severity: "high",
    confidence: "medium",
    aliases: ["B307", "S307", "B102", "S102"],
    docs: {
      what:
        "Calls of the builtins `eval`, `exec` and `compile` (by name, through `builtins`, or the Python 2 `exec` " +
        "statement) whose source is not a constant. Constant source, and code objects produced by a `compile` " +
        "call that is itself checked, are not reported.",
      why:
        "`eval` and `exec` run any Python expression or statement: `__import__('os').system(…)` in a value an " +
        "attacker controls runs commands in the application's process. Restricted globals do not make them safe.",
      bad: 'total = eval(request.args["expr"])\n',
      good:
        'import ast\nvalue = ast.literal_eval(text)  # literals only: numbers, strings, lists, dicts…\n' +
        '# or parse the data format you expect (json.loads) and map names to functions explicitly\n',
      references: [
        "CWE-95",
        "CWE-94",
        "https://docs.python.org/3/library/functions.html#eval",
        "https://docs.python.org/3/library/ast.html#ast.literal_eval",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;
    const run = (call: Node, name: string): void => {
      const short = name.slice("builtins.".length);
      const source = model.arg(call, 0, "source");
      if (!source) {
        const a = model.args(call);
        if (a.starAt < 0 && !a.hasDoubleStar) return;
      } else {
        if (model.isConstant(source)) return;
        // a code object from compile(): the compile call is where the source is judged
        if (short !== "compile" && model.typeOf(source) === "builtins.compile") return;
      }
      const fromAst = !!source && short === "compile" && (model.typeOf(source)?.startsWith("ast.") ?? false);
      ctx.report(
        call,
        `${short}() of a value built at run time can run arbitrary code; use ast.literal_eval or parse the data explicitly`,
        fromAst ? { confidence: "low" } : {},
      );
    };
    return {
      /** Python 2: `exec code in namespace`. */
      exec_statement(stmt) {
        const code = stmt.childForFieldName("code");
        if (!code || model.isConstant(code)) return;
        ctx.report(stmt, "exec statement of a value built at run time can run arbitrary code; parse the data explicitly instead");
      },
      [KEYED]: [{ keys: CODE_RUNNERS, handler: run }],
    };
  },
});
