import { defineRule, type Handler } from "../types.js";
import type { Node } from "../../parse/parser.js";
import { SHELL_COMMAND_FUNCTIONS, SUBPROCESS_FUNCTIONS } from "../../model/knowledge/processes.js";

/** Keywords under which wrappers of `subprocess` commonly take the command. */
const COMMAND_KEYWORDS = ["args", "cmd", "command", "command_line", "cmdline"];

/** Callees other rules judge: `subprocess.*` (PW202) and the shell-only runners (PW203). */
const OWNED = new Set([...SUBPROCESS_FUNCTIONS, ...Object.keys(SHELL_COMMAND_FUNCTIONS)]);

/** PW210: a truthy `shell=` passed to a function other than `subprocess`'s, with a command built at run time. */
export default defineRule({
  meta: {
    code: "PW210",
    name: "shell-true-other-call",
    practice: "input-validation",
    cwe: [78],
    severity: "high",
    confidence: "low",
    aliases: ["B604", "S604"],
    docs: {
      what:
        "A call of any function other than the `subprocess` ones (PW202 covers those) that passes a truthy " +
        "`shell=` argument (`shell=True`, `shell=\"/bin/bash\"`) together with a command that is not a constant: " +
        "the first positional argument, or `args=`/`cmd=`/`command=`. Typical callees are `psutil.Popen`, " +
        "wrappers of `subprocess` and task runners such as Invoke or Fabric. Calls with a constant command, " +
        "without a visible command, or with a false `shell` are not reported. Confidence is low: pyward does not " +
        "know that the callee really hands the command to a shell.",
      why:
        "A `shell` flag almost always means the command string goes to `/bin/sh -c`, where `;`, `|`, `$(…)` " +
        "and backticks in any part an attacker controls run commands of their choosing (OS command injection).",
      bad: 'psutil.Popen("ping -c 1 " + host, shell=True)\n',
      good: 'psutil.Popen(["ping", "-c", "1", "--", host])\n',
      references: ["CWE-78", "https://cheatsheetseries.owasp.org/cheatsheets/OS_Command_Injection_Defense_Cheat_Sheet.html"],
    },
  },
  create(ctx): Record<string, Handler> {
    const { model } = ctx;
    // a `shell` keyword (or `**{"shell": …}` key) is spelled out in the text: no mention, nothing to look at
    if (!ctx.file.text.includes("shell")) return {};
    return {
      call(call: Node) {
        const a = model.args(call);
        const shell = a.keywords.get("shell");
        if (!shell || model.truthy(shell) !== true) return;
        const name = model.callee(call);
        if (name && OWNED.has(name)) return;
        let command: Node | undefined = a.starAt === 0 ? undefined : a.positional[0];
        for (const k of COMMAND_KEYWORDS) command ??= a.keywords.get(k);
        if (!command || model.isConstant(command)) return;
        const label = name ? name.split(".").slice(-2).join(".") : (call.childForFieldName("function")?.text ?? "call").slice(0, 60);
        ctx.report(call, `${label}() is given shell=${shell.text} and a command built at run time; pass an argument list without a shell, or quote every value with shlex.quote`);
      },
    };
  },
});
