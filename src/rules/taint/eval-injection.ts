import { defineTaintRule } from "./define.js";

/** PW252: Untrusted input reaches `eval`, `exec` or `compile`. */
export default defineTaintRule(
  { kind: "code", what: "code evaluation", advice: "never evaluate input; parse it (ast.literal_eval, json) or map it to fixed choices" },
  {
    code: "PW252",
    name: "eval-injection",
    practice: "input-validation",
    cwe: [94, 95],
    severity: "high",
    confidence: "high",
    aliases: [],
    docs: {
      what: "Untrusted input reaches `eval`, `exec` or `compile`: the input is run as Python code.",
      why: "Whoever controls the text controls the process: they can read files and secrets, start programs and reach the network with the application's rights (code injection).",
      bad: "expr = request.args[\"expr\"]\nresult = eval(expr)\n",
      good: "import ast\nexpr = request.args[\"expr\"]\nresult = ast.literal_eval(expr)\n",
      references: ["CWE-94", "CWE-95", "https://docs.python.org/3/library/ast.html#ast.literal_eval"],
    },
  },
);
