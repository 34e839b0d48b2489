import { defineRule, type Handler } from "../types.js";
import { isShellQuoted } from "../util/shell-quote.js";
import { sequenceElements, shellScriptParts } from "../util/process.js";
import type { Node } from "../../parse/parser.js";

/** Functions that run a command through a shell when `shell` is truthy: qualified name → command position. */
const SHELL_CAPABLE = [
  "subprocess.Popen",
  "subprocess.run",
  "subprocess.call",
  "subprocess.check_call",
  "subprocess.check_output",
];

/** PW202: a subprocess started through a shell with a command that is not a constant. */
export default defineRule({
  namesOnly: true,
  meta: {
    code: "PW202",
    name: "subprocess-shell-injection",
    practice: "input-validation",
    cwe: [78],
    severity: "high",
    confidence: "medium",
    aliases: ["B602", "S602"],
    docs: {
      what:
        "`subprocess` calls with a truthy `shell` argument (`shell=True`, `shell=1`) whose command is built at " +
        "run time, whether passed by position or as `args=`; and calls that start a shell themselves through an " +
        "argument list (`[\"sh\", \"-c\", script]`, `[\"/bin/bash\", \"-lc\", script]`, `[\"cmd\", \"/c\", …]`) whose script is not a " +
        "constant. A constant script, or one whose varying parts are all `shlex.quote`d, is not reported.",
      why:
        "The shell interprets `;`, `|`, `$()` and backticks in the command. Any part of the string an attacker " +
        "controls can run arbitrary commands with the application's privileges (OS command injection).",
      bad: 'subprocess.run("tar czf backup.tgz " + folder, shell=True)\n',
      good: 'subprocess.run(["tar", "czf", "backup.tgz", folder])\n# or, when a shell is unavoidable: shlex.quote(folder)\n',
      references: ["CWE-78", "https://cheatsheetseries.owasp.org/cheatsheets/OS_Command_Injection_Defense_Cheat_Sheet.html", "https://docs.python.org/3/library/subprocess.html#security-considerations"],
    },
  },
  create(ctx) {
    const { model } = ctx;
    const check: Handler = (call: Node) => {
      const shell = model.arg(call, 8, "shell");
      if (!shell || model.truthy(shell) !== true) {
        // no shell=True, but the argument list starts a shell itself: `["sh", "-c", script]`
        const seq = sequenceElements(model, model.arg(call, 0, "args"));
        const script = seq ? shellScriptParts(model, seq.elements[0], seq.elements.slice(1)) : undefined;
        if (script?.some((part) => !model.isConstant(part) && !isShellQuoted(model, part))) {
          const shellName = String(model.constant(seq!.elements[0])).split(/[\\/]/).pop();
          ctx.report(call, `subprocess runs ${shellName} with a script built at run time (the shell parses it as with shell=True); pass the program and its arguments as a list without a shell`);
        }
        return;
      }
      const command = model.arg(call, 0, "args");
      if (!command || model.isConstant(command) || isShellQuoted(model, command)) return;
      ctx.report(call, "subprocess started with a shell and a command built at run time; pass an argument list without shell=True");
    };
    return Object.fromEntries(SHELL_CAPABLE.map((name) => [name, check]));
  },
});
