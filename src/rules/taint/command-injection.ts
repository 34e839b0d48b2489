import { defineTaintRule } from "./define.js";

/** PW251: Untrusted input reaches a command run by the operating system. */
export default defineTaintRule(
  { kind: "command", what: "an operating-system command", advice: "pass an argument list without a shell, or quote the value with shlex.quote" },
  {
    code: "PW251",
    name: "command-injection",
    practice: "input-validation",
    cwe: [78],
    severity: "high",
    confidence: "high",
    aliases: [],
    docs: {
      what: "Untrusted input reaches a command run by the operating system: `os.system`, `os.popen`, `subprocess` with `shell=True` (the whole command) or without a shell (the program itself), `os.exec*`/`os.spawn*`, `asyncio` subprocesses, Paramiko `exec_command`.",
      why: "A shell interprets `;`, `|`, `&&`, `$()` and backquotes: input that reaches the command line can run any command with the application's privileges. Without a shell, input that chooses the program runs that program.",
      bad: "folder = request.args[\"folder\"]\nsubprocess.run(\"tar czf backup.tgz \" + folder, shell=True)\n",
      good: "folder = request.args[\"folder\"]\nsubprocess.run([\"tar\", \"czf\", \"backup.tgz\", \"--\", folder])\n",
      references: ["CWE-78", "https://cheatsheetseries.owasp.org/cheatsheets/OS_Command_Injection_Defense_Cheat_Sheet.html", "https://docs.python.org/3/library/subprocess.html#security-considerations"],
    },
  },
);
