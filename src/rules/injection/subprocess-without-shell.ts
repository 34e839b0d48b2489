import { defineRule, type Handler } from "../types.js";
import type { Node } from "../../parse/parser.js";
import {
  ASYNC_EXEC_FUNCTIONS,
  SUBPROCESS_EXECUTABLE_POSITION,
  SUBPROCESS_FUNCTIONS,
  SUBPROCESS_SHELL_POSITION,
} from "../../model/knowledge/processes.js";
import { sequenceElements } from "../util/process.js";

/** PW208: a process started without a shell, with a program or arguments chosen at run time (a review reminder). */
export default defineRule({
  meta: {
    code: "PW208",
    name: "subprocess-without-shell",
    practice: "input-validation",
    cwe: [78, 88],
    severity: "low",
    confidence: "low",
    aliases: ["B603", "S603"],
    enabledByDefault: false,
    docs: {
      what:
        "A review reminder, off by default: `subprocess.Popen`/`run`/`call`/`check_call`/`check_output` without " +
        "a shell (no `shell`, or a false one) and `asyncio.create_subprocess_exec`, when the program or an " +
        "argument is not a constant (or hides behind `*args`/`**kwargs`), or when `executable=` varies. Never " +
        "reported: constant commands (a tuple or list of constant strings, however it is bound), and lists whose " +
        "program is a constant (or `sys.executable`) and whose varying arguments all come after a constant " +
        "`\"--\"`, which ends option parsing; `executable=sys.executable` counts as a constant program. Calls with a truthy `shell` belong to PW202.",
      why:
        "Without a shell there is no shell injection, but a value chosen by an attacker can still pick the " +
        "program (`[tool, …]`) or smuggle an option into it: `git clone --upload-pack=…`, `tar --to-command=…`, " +
        "`curl -o /etc/…` (argument injection, CWE-88). Most such calls are fine; this rule lists them for a " +
        "review, which is why it is off unless selected.",
      bad: 'subprocess.run(["git", "clone", repo_url, dest], check=True)\n',
      good:
        'if not repo_url.startswith("https://"):\n    raise ValueError(repo_url)\n' +
        'subprocess.run(["git", "clone", "--", repo_url, dest], check=True)\n',
      references: [
        "CWE-78",
        "CWE-88",
        "https://docs.python.org/3/library/subprocess.html#security-considerations",
        "https://cheatsheetseries.owasp.org/cheatsheets/OS_Command_Injection_Defense_Cheat_Sheet.html",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;

    /**
     * What varies in an argument sequence: `program` (the first element), `arguments`, or nothing. Varying
     * elements after a constant `--` (with a constant program) cannot be options and do not count.
     */
    const judgeElements = (elements: Node[], open: boolean): "program" | "arguments" | undefined => {
      if (!elements.length) return open ? "program" : undefined;
      if (!model.isConstant(elements[0]) && model.resolve(elements[0]) !== "sys.executable") return "program";
      for (let i = 1; i < elements.length; i++) {
        const v = model.constant(elements[i]);
        if (v === "--") return undefined;
        if (v === undefined) return "arguments";
      }
      return open ? "arguments" : undefined;
    };

    const report = (call: Node, what: "program" | "arguments" | "hidden"): void => {
      const name = model.callee(call)?.split(".").pop() ?? "subprocess";
      const message =
        what === "program"
          ? `${name}() starts a program chosen at run time (no shell); make sure the program comes from a fixed set`
          : what === "arguments"
            ? `${name}() passes arguments built at run time to a program (no shell); check that none can be read as an option (put "--" before them) or pick a program`
            : `${name}() starts a process whose command is passed through *args/**kwargs; review where it comes from`;
      ctx.report(call, message);
    };

    const subprocessCall: Handler = (call) => {
      if (model.truthy(model.arg(call, SUBPROCESS_SHELL_POSITION, "shell")) === true) return; // PW202
      const executable = model.arg(call, SUBPROCESS_EXECUTABLE_POSITION, "executable");
      // executable=sys.executable is the running interpreter: as fixed as a constant path
      if (executable && !model.isConstant(executable) && model.resolve(executable) !== "sys.executable") return report(call, "program");
      const command = model.arg(call, 0, "args");
      if (!command) {
        const a = model.args(call);
        if (a.starAt >= 0 || a.hasDoubleStar) report(call, "hidden");
        return;
      }
      const seq = sequenceElements(model, command);
      if (model.isConstant(command) && !seq?.open) return;
      if (seq) {
        const what = judgeElements(seq.elements, seq.open);
        if (what) report(call, executable && what === "program" ? "arguments" : what);
        return;
      }
      // a string (the program path itself on POSIX) or a sequence built elsewhere
      report(call, executable ? "arguments" : "program");
    };

    const execCall: Handler = (call) => {
      const a = model.args(call);
      const what = judgeElements(a.positional, a.starAt >= 0);
      if (what) report(call, what);
    };

    const handlers: Record<string, Handler> = {};
    for (const name of SUBPROCESS_FUNCTIONS) handlers[name] = subprocessCall;
    for (const name of ASYNC_EXEC_FUNCTIONS) handlers[name] = execCall;
    return handlers;
  },
});
