import { defineRule, KEYED } from "../types.js";
import { isShellQuoted } from "../util/shell-quote.js";
import { ASYNC_EXEC_FUNCTIONS, EXEC_FUNCTIONS, SHELL_COMMAND_FUNCTIONS as SHELL_FUNCTIONS } from "../../model/knowledge/processes.js";
import { sequenceElements, shellScriptParts } from "../util/process.js";
import type { Node } from "../../parse/parser.js";

/** The handler keys: the shell runners, and the exec functions that take the program's arguments as a list or inline. */
const SHELL_NAMES = Object.keys(SHELL_FUNCTIONS);
const EXEC_NAMES = Object.keys(EXEC_FUNCTIONS).filter((name) => EXEC_FUNCTIONS[name].args !== "string");

/** PW203: a shell-only command runner given a command that is not a constant. */
export default defineRule({
  namesOnly: true,
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
        "`asyncio.create_subprocess_shell` — with a command that is not a constant; and the functions that start a " +
        "program directly (`os.exec*`, `os.spawn*`, `os.posix_spawn[p]`, `asyncio.create_subprocess_exec`) when " +
        "that program is a shell given a script built at run time (`os.execl(\"/bin/sh\", \"sh\", \"-c\", cmd)`). " +
        "Constant commands and scripts (or ones whose varying parts are all `shlex.quote`d) are not reported.",
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
    const shellCall = (call: Node, name: string): void => {
      const command = model.arg(call, 0, SHELL_FUNCTIONS[name]);
      if (!command) {
        // nothing to judge unless the command hides behind *args / **kwargs
        const a = model.args(call);
        if (a.starAt < 0 && !a.hasDoubleStar) return;
      } else if (model.isConstant(command) || isShellQuoted(model, command)) return;
      const short = name.split(".").slice(-2).join(".");
      const instead = name.startsWith("asyncio.") ? "asyncio.create_subprocess_exec with separate arguments" : "subprocess.run with an argument list";
      ctx.report(call, `${short}() runs a command built at run time through a shell; use ${instead}`);
    };
    // programs started without a shell that are a shell given a script: `os.execl("/bin/sh", "sh", "-c", cmd)`
    const reportScript = (call: Node, name: string, program: Node | undefined, args: readonly Node[]): void => {
      const script = shellScriptParts(model, program, args);
      if (!script?.some((part) => !model.isConstant(part) && !isShellQuoted(model, part))) return;
      const short = name.split(".").pop();
      const shell = String(model.constant(program!)).split(/[\\/]/).pop();
      ctx.report(call, `${short}() starts ${shell} with a script built at run time, which the shell parses like os.system would; pass the program and its arguments without a shell`);
    };
    const execCall = (call: Node, name: string): void => {
      const layout = EXEC_FUNCTIONS[name];
      const program = model.arg(call, layout.program, layout.programKeyword);
      if (layout.args === "inline") {
        const a = model.args(call);
        const end = layout.env && a.starAt < 0 ? a.positional.length - 1 : a.positional.length;
        reportScript(call, name, program, a.positional.slice(layout.program + 2, Math.max(layout.program + 2, end)));
      } else {
        const seq = sequenceElements(model, model.arg(call, layout.argsAt!, layout.argsKeyword));
        if (seq) reportScript(call, name, program, seq.elements.slice(1));
      }
    };
    const asyncExecCall = (call: Node, name: string): void => {
      const a = model.args(call);
      reportScript(call, name, a.positional[0], a.positional.slice(1));
    };
    // (a name in two tables is served by the one listed first here: the later one, when each key was set in turn)
    return {
      [KEYED]: [
        { keys: ASYNC_EXEC_FUNCTIONS, handler: asyncExecCall },
        { keys: EXEC_NAMES, handler: execCall },
        { keys: SHELL_NAMES, handler: shellCall },
      ],
    };
  },
});
