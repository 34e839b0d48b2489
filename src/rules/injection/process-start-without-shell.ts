import { defineRule, type Handler } from "../types.js";
import type { Node } from "../../parse/parser.js";
import { EXEC_FUNCTIONS, type ExecLayout } from "../../model/knowledge/processes.js";
import { sequenceElements } from "../util/process.js";

/** PW209: `os.exec*`/`os.spawn*`/`os.posix_spawn*`/`os.startfile` with a program or arguments chosen at run time. */
export default defineRule({
  meta: {
    code: "PW209",
    name: "process-start-without-shell",
    practice: "input-validation",
    cwe: [78, 88],
    severity: "low",
    confidence: "low",
    aliases: ["B606", "S606"],
    enabledByDefault: false,
    docs: {
      what:
        "A review reminder, off by default: the `os` functions that start a program directly — `execl`, " +
        "`execle`, `execlp`, `execlpe`, `execv`, `execve`, `execvp`, `execvpe`, the matching `spawn*` functions, " +
        "`posix_spawn`, `posix_spawnp` and `startfile` — when the program or one of its arguments is not a " +
        "constant (or hides behind `*args`). Constant programs with constant arguments are never reported; the " +
        "environment mapping and the `spawn` mode are not part of the command; `argv[0]` (the name the program " +
        "sees) does not count; varying arguments after a constant `\"--\"` do not count.",
      why:
        "No shell is involved, so there is no shell injection, but a value from outside can still choose the " +
        "program or slip an option into its arguments (argument injection, CWE-88), and `os.exec*` replaces " +
        "the whole process with whatever it starts. `os.startfile` hands the path to the Windows shell, which " +
        "opens documents and URLs with their associated application.",
      bad: 'os.execvp(editor, [editor, filename])\n',
      good: 'EDITORS = {"vim": "/usr/bin/vim", "nano": "/usr/bin/nano"}\nos.execv(EDITORS[choice], [choice, "--", filename])\n',
      references: ["CWE-78", "CWE-88", "https://docs.python.org/3/library/os.html#process-management"],
    },
  },
  create(ctx) {
    const { model } = ctx;

    /** True when an element of an argument vector after `argv[0]` varies (or more may follow); a constant `--` ends the search. */
    const argvVaries = (elements: Node[], open: boolean): boolean => {
      for (let i = 1; i < elements.length; i++) {
        const v = model.constant(elements[i]);
        if (v === "--") return false;
        if (v === undefined) return true;
      }
      return open;
    };

    const check = (name: string, layout: ExecLayout): Handler => (call) => {
      const short = name.split(".").pop()!;
      const a = model.args(call);
      const program = model.arg(call, layout.program, layout.programKeyword);
      if (!program) {
        if (a.starAt >= 0 || a.hasDoubleStar) ctx.report(call, `${short}() starts a process whose program is passed through *args/**kwargs; review where it comes from`);
        return;
      }
      if (!model.isConstant(program) && model.resolve(program) !== "sys.executable") {
        ctx.report(
          call,
          short === "startfile"
            ? "startfile() opens a path chosen at run time with whatever application is registered for it; make sure it comes from a fixed set"
            : `${short}() starts a program chosen at run time; make sure it comes from a fixed set of full paths`,
        );
        return;
      }
      let varies = false;
      if (layout.args === "inline") {
        const end = a.starAt >= 0 ? a.positional.length : layout.env ? a.positional.length - 1 : a.positional.length;
        const argv = a.positional.slice(layout.program + 1, Math.max(layout.program + 1, end));
        varies = argvVaries(argv, a.starAt >= 0);
      } else {
        const node = model.arg(call, layout.argsAt, layout.argsKeyword);
        if (!node) varies = a.starAt >= 0 || a.hasDoubleStar;
        else if (layout.args === "string") varies = !model.isConstant(node);
        else {
          const seq = sequenceElements(model, node);
          if (seq) varies = argvVaries(seq.elements, seq.open);
          else varies = !model.isConstant(node);
        }
      }
      if (varies) ctx.report(call, `${short}() passes arguments built at run time to a program; check that none can be read as an option (put "--" before them)`);
    };

    const handlers: Record<string, Handler> = {};
    for (const [name, layout] of Object.entries(EXEC_FUNCTIONS)) handlers[name] = check(name, layout);
    return handlers;
  },
});
