import { defineRule, type Handler } from "../types.js";
import type { Node } from "../../parse/parser.js";
import { HOLE } from "../../model/module.js";
import {
  ASYNC_EXEC_FUNCTIONS,
  EXEC_FUNCTIONS,
  SHELL_COMMAND_FUNCTIONS,
  SUBPROCESS_EXECUTABLE_POSITION,
  SUBPROCESS_FUNCTIONS,
  SUBPROCESS_SHELL_POSITION,
} from "../../model/knowledge/processes.js";
import { programIndex, SHELL_BUILTINS, simpleCommands } from "../util/shell.js";
import { sequenceElements } from "../util/process.js";

/** True when a program name has a directory part (`/usr/bin/ls`, `./build.sh`, `C:\\tools\\x.exe`). */
function hasDirectory(program: string): boolean {
  return program.includes("/") || program.includes("\\");
}

/** PW211: a process started by a bare program name, found through `PATH`. */
export default defineRule({
  meta: {
    code: "PW211",
    name: "partial-executable-path",
    practice: "input-validation",
    cwe: [426, 427],
    severity: "low",
    confidence: "medium",
    aliases: ["B607", "S607"],
    enabledByDefault: false,
    docs: {
      what:
        "Off by default. A process started with a program named without any directory — `subprocess.run([\"git\", " +
        "…])`, `os.system(\"ls -l\")`, `os.execvp(\"tar\", …)`, `asyncio.create_subprocess_exec(\"ffmpeg\", …)` — " +
        "so that the operating system picks the program by searching `PATH` (or, for `os.exec*` without `p`, " +
        "the current directory). Shell command lines are read word by word: every simple command of " +
        "`\"cd /srv && make\"` counts, shell builtins (`cd`, `echo`, `export`…) and wrappers (`sudo`, `env`, " +
        "`nice`, `timeout`) are looked through. A name with a directory part (`/usr/bin/git`, `./build.sh`) is " +
        "not reported, nor is a program that is not a constant, nor `os.startfile` (it opens documents). It is off by default because almost every " +
        "program starts tools this way and the risk only exists where an attacker can change `PATH` or write " +
        "to a directory listed in it; select it for setuid tools, privileged services and installers.",
      why:
        "A bare name runs whichever file of that name comes first on `PATH`. If an attacker controls the " +
        "environment of the process or can write to a directory early in `PATH` (a user-writable `~/bin`, the " +
        "current directory on Windows), they choose what runs, with the program's privileges.",
      bad: 'subprocess.run(["tar", "czf", "backup.tgz", folder], check=True)\n',
      good:
        'TAR = shutil.which("tar", path="/usr/bin:/bin") or "/usr/bin/tar"\n' +
        'subprocess.run([TAR, "czf", "backup.tgz", folder], check=True)\n',
      references: ["CWE-426", "CWE-427", "https://docs.python.org/3/library/subprocess.html#subprocess.Popen"],
    },
  },
  create(ctx) {
    const { model } = ctx;

    const report = (call: Node, program: string): void => {
      ctx.report(call, `process started by the bare name '${program}', found through PATH; use the program's full path`);
    };

    /** The program of a shell command line with a partial path, if any (the first one). */
    const partialInShell = (node: Node | undefined): string | undefined => {
      const shape = model.stringShape(node);
      if (!shape) return undefined;
      for (const words of simpleCommands(shape.text)) {
        const i = programIndex(words);
        if (i === undefined) continue;
        const w = words[i];
        if (w.varies || w.raw.includes("$") || !w.text || SHELL_BUILTINS.has(w.text) || hasDirectory(w.text)) continue;
        return w.text;
      }
      return undefined;
    };

    /** The program of a direct start when it is a constant partial path. */
    const partialProgram = (node: Node | undefined): string | undefined => {
      const v = model.constant(node);
      if (typeof v !== "string" || !v || hasDirectory(v) || v.includes(HOLE)) return undefined;
      return v;
    };

    /** The first token of a command string or the first element of a command list, started without a shell. */
    const partialDirect = (command: Node | undefined): string | undefined => {
      const seq = sequenceElements(model, command);
      if (seq) return partialProgram(seq.elements[0]);
      const shape = model.stringShape(command);
      if (!shape) return undefined;
      const first = shape.text.trimStart().split(/\s+/, 1)[0];
      return first && !first.includes(HOLE) && !hasDirectory(first) ? first : undefined;
    };

    const subprocessCall: Handler = (call) => {
      const executable = model.arg(call, SUBPROCESS_EXECUTABLE_POSITION, "executable");
      if (executable) {
        const p = partialProgram(executable);
        if (p) report(call, p);
        return;
      }
      const command = model.arg(call, 0, "args");
      if (!command) return;
      const shell = model.truthy(model.arg(call, SUBPROCESS_SHELL_POSITION, "shell")) === true;
      let p: string | undefined;
      if (shell) {
        const seq = sequenceElements(model, command);
        p = partialInShell(seq ? seq.elements[0] : command);
      } else p = partialDirect(command);
      if (p) report(call, p);
    };

    const handlers: Record<string, Handler> = {};
    for (const name of SUBPROCESS_FUNCTIONS) handlers[name] = subprocessCall;
    for (const [name, keyword] of Object.entries(SHELL_COMMAND_FUNCTIONS)) {
      handlers[name] = (call) => {
        const p = partialInShell(model.arg(call, 0, keyword));
        if (p) report(call, p);
      };
    }
    for (const [name, layout] of Object.entries(EXEC_FUNCTIONS)) {
      if (name === "os.startfile") continue; // opens documents and URLs with their application
      handlers[name] = (call) => {
        const p = partialProgram(model.arg(call, layout.program, layout.programKeyword));
        if (p) report(call, p);
      };
    }
    for (const name of ASYNC_EXEC_FUNCTIONS) {
      handlers[name] = (call) => {
        const p = partialProgram(model.arg(call, 0, "program"));
        if (p) report(call, p);
      };
    }
    return handlers;
  },
});
