import { defineRule, type Handler } from "../types.js";
import type { Node } from "../../parse/parser.js";

/** Receiver types whose `exec_command(command)` runs the command in the remote user's shell. */
const EXEC_COMMAND = ["paramiko.SSHClient.exec_command", "paramiko.Channel.exec_command"];

/** PW207: a command run over SSH with paramiko, built at run time. */
export default defineRule({
  meta: {
    code: "PW207",
    name: "paramiko-command-injection",
    practice: "input-validation",
    cwe: [78],
    severity: "high",
    confidence: "medium",
    aliases: ["B601", "S601"],
    docs: {
      what:
        "paramiko `exec_command(command)` on an `SSHClient` or a `Channel` whose command is not a constant, and " +
        "text that is not a constant sent (`send`/`sendall`) to the interactive shell opened by `invoke_shell()`. " +
        "Receivers are recognised by type (`paramiko.SSHClient()`, `client.get_transport().open_session()`, " +
        "annotated parameters); an `exec_command` on a receiver of unknown type is reported with low confidence " +
        "when the file imports paramiko. Constant commands are not reported, nor is `invoke_shell()` itself: " +
        "it runs nothing until something is sent to it.",
      why:
        "The SSH server hands the command string to the remote account's login shell, so `;`, `&&`, `|` and " +
        "`$(…)` in any part an attacker controls run extra commands on the remote host, with that account's " +
        "rights. The same holds for lines written to an interactive shell channel. Unlike `subprocess`, there is " +
        "no argument-list form: every value must be quoted for the remote shell.",
      bad: 'client.exec_command("tail -n 50 /var/log/" + log_name)\n',
      good:
        'import shlex\n\nif log_name not in {"syslog", "auth.log"}:\n    raise ValueError(log_name)\n' +
        'client.exec_command("tail -n 50 " + shlex.quote("/var/log/" + log_name))\n',
      references: [
        "CWE-78",
        "https://docs.paramiko.org/en/stable/api/client.html#paramiko.client.SSHClient.exec_command",
        "https://cheatsheetseries.owasp.org/cheatsheets/OS_Command_Injection_Defense_Cheat_Sheet.html",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;
    let importsParamiko: boolean | undefined;
    const paramikoImported = (): boolean => (importsParamiko ??= model.importedModules().includes("paramiko"));

    /** True when a command argument is absent and hidden behind `*args`/`**kwargs`, or present and not constant. */
    const varies = (call: Node, command: Node | undefined): boolean => {
      if (command) return !model.isConstant(command);
      const a = model.args(call);
      return a.starAt >= 0 || a.hasDoubleStar;
    };

    const exec = (call: Node, confidence?: "low"): void => {
      if (!varies(call, model.arg(call, 0, "command"))) return;
      ctx.report(
        call,
        "exec_command() runs a command built at run time in the remote shell; quote every value with shlex.quote or allow only known values",
        confidence ? { confidence } : {},
      );
    };

    /** The channel a name was bound to, when it came from `invoke_shell()`. */
    const isShellChannel = (receiver: Node | null): boolean => {
      if (!receiver) return false;
      let value: Node | undefined = receiver;
      if (receiver.type === "identifier") {
        const b = model.lookup(receiver.text, receiver.startIndex);
        value = b && (b.kind === "assign" || b.kind === "walrus") ? b.value : undefined;
      }
      if (value?.type !== "call") return false;
      const name = model.callee(value);
      if (name === "paramiko.SSHClient.invoke_shell" || name === "paramiko.Channel.invoke_shell") return true;
      return model.methodName(value) === "invoke_shell" && paramikoImported();
    };

    /** `x.send(...)`/`x.sendall(...)` on a channel from `invoke_shell()`. */
    const send = (call: Node): void => {
      const method = model.methodName(call);
      const receiver = call.childForFieldName("function")?.childForFieldName("object") ?? null;
      if (!isShellChannel(receiver)) return;
      if (!varies(call, model.arg(call, 0, "s"))) return;
      ctx.report(call, `${method}() writes text built at run time to an interactive remote shell, which runs it as commands; quote values with shlex.quote or allow only known values`);
    };
    // `.method` keys: the engine calls these only on calls of that method name, whatever the receiver
    const handlers: Record<string, Handler> = {
      ".exec_command"(call) {
        const name = model.callee(call);
        if (name && EXEC_COMMAND.includes(name)) return; // handled by its own handler
        if (paramikoImported()) exec(call, "low");
      },
      ".send": send,
      ".sendall": send,
    };
    for (const name of EXEC_COMMAND) handlers[name] = (call) => exec(call);
    return handlers;
  },
});
