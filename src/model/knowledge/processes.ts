/**
 * The standard library's ways of starting a process, and where each takes its program and arguments.
 * Used by the process rules (partial executable paths, wildcard injection, process starts without a shell,
 * `shell=` on other functions).
 *
 * Positions count from the first argument (no receiver).
 */

/**
 * Functions that always hand their command string to a shell (`/bin/sh -c`, `cmd.exe /c`): qualified name →
 * keyword under which the command may be passed (undefined when it is positional-only). The command is the
 * first argument.
 */
export const SHELL_COMMAND_FUNCTIONS: Readonly<Record<string, string | undefined>> = {
  "os.system": undefined,
  "os.popen": "cmd",
  "os.popen2": "cmd",
  "os.popen3": "cmd",
  "os.popen4": "cmd",
  "commands.getoutput": "cmd",
  "commands.getstatusoutput": "cmd",
  "subprocess.getoutput": "cmd",
  "subprocess.getstatusoutput": "cmd",
  "asyncio.create_subprocess_shell": "cmd",
  "asyncio.subprocess.create_subprocess_shell": "cmd",
  "popen2.popen2": "cmd",
  "popen2.popen3": "cmd",
  "popen2.popen4": "cmd",
  "popen2.Popen3": "cmd",
  "popen2.Popen4": "cmd",
};

/**
 * `subprocess` functions that take a `shell` argument: the command is `args` (position 0), the program may be
 * overridden by `executable` (position 2) and `shell` sits at position 8 (the `Popen` signature, which `run`,
 * `call`, `check_call` and `check_output` forward their positional arguments to).
 */
export const SUBPROCESS_FUNCTIONS: readonly string[] = [
  "subprocess.Popen",
  "subprocess.run",
  "subprocess.call",
  "subprocess.check_call",
  "subprocess.check_output",
];

/** Position of `shell` in the {@link SUBPROCESS_FUNCTIONS}. */
export const SUBPROCESS_SHELL_POSITION = 8;
/** Position of `executable` in the {@link SUBPROCESS_FUNCTIONS}. */
export const SUBPROCESS_EXECUTABLE_POSITION = 2;

/** Where a process-starting function without a shell takes its program and its arguments. */
export interface ExecLayout {
  /** Position (and keyword, when it has one) of the program path. */
  program: number;
  programKeyword?: string;
  /**
   * How the arguments come: `inline` — every positional argument after the program (`os.execl(path, arg0,
   * arg1…)`); `list` — one sequence at `argsAt` (`os.execv(path, argv)`); `string` — one command-line string
   * at `argsAt` (`os.startfile(path, operation, arguments)`).
   */
  args: "inline" | "list" | "string";
  argsAt?: number;
  argsKeyword?: string;
  /** The environment mapping: the last positional (`inline`) or at `envAt` (`list`); not part of the command. */
  env?: boolean;
  envAt?: number;
  /** The program is looked up on `PATH` when it has no directory part (`*p` variants, `startfile`). */
  searchesPath: boolean;
}

function execTable(): Record<string, ExecLayout> {
  const t: Record<string, ExecLayout> = {};
  for (const spawn of [false, true]) {
    const base = spawn ? 1 : 0; // os.spawn*(mode, path, …)
    const prefix = spawn ? "os.spawn" : "os.exec";
    for (const p of [false, true]) {
      for (const e of [false, true]) {
        t[`${prefix}l${p ? "p" : ""}${e ? "e" : ""}`] = { program: base, args: "inline", env: e, searchesPath: p };
        t[`${prefix}v${p ? "p" : ""}${e ? "e" : ""}`] = { program: base, args: "list", argsAt: base + 1, env: e, envAt: e ? base + 2 : undefined, searchesPath: p };
      }
    }
  }
  t["os.posix_spawn"] = { program: 0, programKeyword: "path", args: "list", argsAt: 1, argsKeyword: "argv", env: true, envAt: 2, searchesPath: false };
  t["os.posix_spawnp"] = { program: 0, programKeyword: "file", args: "list", argsAt: 1, argsKeyword: "argv", env: true, envAt: 2, searchesPath: true };
  t["os.startfile"] = { program: 0, programKeyword: "path", args: "string", argsAt: 2, argsKeyword: "arguments", searchesPath: true };
  return t;
}

/**
 * Functions that start a program directly, without a shell, other than `subprocess`: `os.exec*`, `os.spawn*`,
 * `os.posix_spawn[p]`, `os.startfile` (qualified name → layout).
 */
export const EXEC_FUNCTIONS: Readonly<Record<string, ExecLayout>> = execTable();

/**
 * `asyncio.create_subprocess_exec(program, *args)` and its re-export: starts a program directly, the program
 * first and every further positional argument one argument of it.
 */
export const ASYNC_EXEC_FUNCTIONS: readonly string[] = ["asyncio.create_subprocess_exec", "asyncio.subprocess.create_subprocess_exec"];
