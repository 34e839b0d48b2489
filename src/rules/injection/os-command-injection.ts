import { defineRule, type Handler } from "../types.js";
import { isShellQuoted } from "../util/shell-quote.js";
import { SHELL_COMMAND_FUNCTIONS as SHELL_FUNCTIONS } from "../../model/knowledge/processes.js";

/** PW203: a shell-only command runner given a command that is not a constant. */
export default defineRule({
  meta: {
    code: "PW203",
    name: "os-command-injection",
    practice: "input-validation",
    cwe: [78],
    severity: "high",
    confidence: "medium",
    aliases: ["B605", "S605"],
    docs: {
      what:
        "Calls of functions that always run their command through a shell — `os.system`, `os.popen` (and " +
        "`popen2`–`popen4`), `subprocess.getoutput`/`getstatusoutput`, `commands.*`, `popen2.*`, " +
        "`asyncio.create_subprocess_shell` — with a command that is not a constant. Constant commands are not reported.",
      why:
        "The shell parses the whole string: `;`, `&&`, `|`, `$(…)`, backticks and globs in any part of it that " +
        "comes from outside let an attacker run commands of their choosing with the application's privileges " +
        "(OS command injection). These functions offer no way to pass arguments separately.",
      bad: 'import os\nos.system("convert " + upload_path + " out.png")\n',
      good:
        'import subprocess\nsubprocess.run(["convert", upload_path, "out.png"], check=True)\n' +
        '# asyncio: asyncio.create_subprocess_exec("convert", upload_path, "out.png")\n',
      references: [
        "CWE-78",
        "https://cheatsheetseries.owasp.org/cheatsheets/OS_Command_Injection_Defense_Cheat_Sheet.html",
        "https://docs.python.org/3/library/subprocess.html#security-considerations",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;
    const handlers: Record<string, Handler> = {};
    for (const [name, keyword] of Object.entries(SHELL_FUNCTIONS)) {
      const short = name.split(".").slice(-2).join(".");
      const instead = name.startsWith("asyncio.") ? "asyncio.create_subprocess_exec with separate arguments" : "subprocess.run with an argument list";
      handlers[name] = (call) => {
        const command = model.arg(call, 0, keyword);
        if (!command) {
          // nothing to judge unless the command hides behind *args / **kwargs
          const a = model.args(call);
          if (a.starAt < 0 && !a.hasDoubleStar) return;
        } else if (model.isConstant(command) || isShellQuoted(model, command)) return;
        ctx.report(call, `${short}() runs a command built at run time through a shell; use ${instead}`);
      };
    }
    return handlers;
  },
});
