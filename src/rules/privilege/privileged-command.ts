import { defineRule, KEYED } from "../types.js";
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";
import {
  ASYNC_EXEC_FUNCTIONS,
  EXEC_FUNCTIONS,
  SHELL_COMMAND_FUNCTIONS,
  SUBPROCESS_FUNCTIONS,
} from "../../model/knowledge/processes.js";
import { basename, simpleCommands } from "../util/shell.js";
import { sequenceElements } from "../util/process.js";

/** One word of a command line: its text, or undefined when it is computed at run time. */
export type Word = string | undefined;

/** Shells whose `-c` argument is itself a command line. */
const SHELLS = new Set(["sh", "bash", "dash", "zsh", "ksh", "ash"]);
/** Prefixes that run the rest of the line as the command. */
const PREFIXES = new Set(["exec", "nohup", "command", "setsid", "builtin"]);

/** Per switcher: options that take a value, which of them names the target user, flags meaning "no command runs". */
interface SwitcherSyntax {
  withValue: ReadonlySet<string>;
  user: ReadonlySet<string>;
  group?: ReadonlySet<string>;
  stdin?: ReadonlySet<string>;
  noCommand?: ReadonlySet<string>;
  /** The first operand is the target user (`su alice`). */
  userOperand: boolean;
}

/** Programs that run a command as another user (root unless told otherwise), by their command-line syntax. */
const SYNTAX: Readonly<Record<string, SwitcherSyntax>> = {
  sudo: {
    withValue: new Set(["-u", "--user", "-g", "--group", "-C", "--close-from", "-p", "--prompt", "-r", "--role", "-t", "--type", "-U", "--other-user", "-D", "--chdir", "-R", "--chroot", "-T", "--command-timeout", "-h", "--host"]),
    user: new Set(["-u", "--user"]),
    group: new Set(["-g", "--group"]),
    stdin: new Set(["-S", "--stdin"]),
    noCommand: new Set(["-l", "--list", "-v", "--validate", "-K", "--remove-timestamp", "-V", "--version", "--help"]),
    userOperand: false,
  },
  doas: {
    withValue: new Set(["-u", "-C"]),
    user: new Set(["-u"]),
    noCommand: new Set(["-C", "-L"]),
    userOperand: false,
  },
  pkexec: {
    withValue: new Set(["--user"]),
    user: new Set(["--user"]),
    noCommand: new Set(["--version", "--help"]),
    userOperand: false,
  },
  su: {
    withValue: new Set(["-c", "--command", "-s", "--shell", "-g", "--group", "-G", "--supp-group", "-w", "--whitelist-environment", "--session-command"]),
    user: new Set(),
    userOperand: true,
  },
  runuser: {
    withValue: new Set(["-u", "--user", "-c", "--command", "-s", "--shell", "-g", "--group", "-G", "--supp-group", "-w", "--whitelist-environment", "--session-command"]),
    user: new Set(["-u", "--user"]),
    userOperand: true,
  },
};

/** What a command line does with privileges. */
export interface Switch {
  /** The switching program (`sudo`, `su`, `doas`, `pkexec`, `runuser`). */
  tool: string;
  /** Target user: a name, `null` when computed at run time, undefined for the default (root). */
  user: string | null | undefined;
  /** Only a group was chosen (`sudo -g adm …`): the user stays the caller. */
  groupOnly: boolean;
  /** The password is read from standard input (`sudo -S`). */
  stdinPassword: boolean;
}

const base = basename;

/** pexpect's starters: the command's keyword, and whether `args=[…]` may give the program's arguments (`spawn`; `run`, `PopenSpawn`: a command line only). */
const PEXPECT: Readonly<Record<string, { keyword: string; args: boolean }>> = {
  "pexpect.spawn": { keyword: "command", args: true },
  "pexpect.spawnu": { keyword: "command", args: true },
  "pexpect.run": { keyword: "command", args: false },
  "pexpect.runu": { keyword: "command", args: false },
  "pexpect.popen_spawn.PopenSpawn": { keyword: "cmd", args: false },
};

/** The handler keys: the shell runners, the exec functions that take the program's arguments as a list or inline, and pexpect. */
const SHELL_NAMES = Object.keys(SHELL_COMMAND_FUNCTIONS);
const EXEC_NAMES = Object.keys(EXEC_FUNCTIONS).filter((name) => EXEC_FUNCTIONS[name].args !== "string");
const PEXPECT_NAMES = Object.keys(PEXPECT);

/**
 * Reads one command (`argv`, words after any `VAR=value` assignments) and tells whether it switches user,
 * looking inside `sh -c "…"` and through `exec`/`nohup`/`env` prefixes.
 */
export function privilegeSwitch(argv: Word[], depth = 0): Switch | undefined {
  if (depth > 4) return undefined;
  let i = 0;
  for (; i < argv.length; i++) {
    const w = argv[i];
    if (w === undefined) return undefined;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w) || PREFIXES.has(base(w))) continue;
    if (base(w) === "env") {
      while (i + 1 < argv.length && (argv[i + 1]?.startsWith("-") || /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[i + 1] ?? ""))) i++;
      continue;
    }
    break;
  }
  const program = argv[i];
  if (program === undefined) return undefined;
  const name = base(program);
  const rest = argv.slice(i + 1);
  if (SHELLS.has(name)) {
    // `sh -c "…"`, also with flags clustered: `bash -lc "…"`
    const c = rest.findIndex((w) => w !== undefined && /^-[A-Za-z]+$/.test(w) && w.includes("c"));
    const line = c >= 0 ? rest[c + 1] : undefined;
    return line === undefined ? undefined : shellSwitch(line, depth + 1);
  }
  const syntax = SYNTAX[name];
  if (!syntax) return undefined;
  const found: Switch = { tool: name, user: undefined, groupOnly: false, stdinPassword: false };
  let group = false;
  for (let k = 0; k < rest.length; k++) {
    const w = rest[k];
    if (w === undefined) {
      // an unknown word among the options: it may be the user
      if (syntax.userOperand && found.user === undefined) found.user = null;
      break;
    }
    if (w === "--") {
      if (syntax.userOperand && found.user === undefined && k + 1 < rest.length) found.user = rest[k + 1] ?? null;
      break;
    }
    if (syntax.userOperand && (w === "-" || w === "-l" || w === "--login")) continue;
    if (w.startsWith("--")) {
      const eq = w.indexOf("=");
      const opt = eq >= 0 ? w.slice(0, eq) : w;
      if (syntax.noCommand?.has(opt)) return undefined;
      if (syntax.stdin?.has(opt)) found.stdinPassword = true;
      if (syntax.withValue.has(opt)) {
        const value = eq >= 0 ? w.slice(eq + 1) : rest[++k];
        if (syntax.user.has(opt)) found.user = value ?? null;
        if (syntax.group?.has(opt)) group = true;
      }
      continue;
    }
    if (w.startsWith("-") && w.length > 1) {
      // a cluster of short options: `-iu root`, `-uroot`, `-S`
      for (let j = 1; j < w.length; j++) {
        const opt = `-${w[j]}`;
        if (syntax.noCommand?.has(opt)) return undefined;
        if (syntax.stdin?.has(opt)) found.stdinPassword = true;
        if (syntax.withValue.has(opt)) {
          const value = j + 1 < w.length ? w.slice(j + 1) : rest[++k];
          if (syntax.user.has(opt)) found.user = value ?? null;
          if (syntax.group?.has(opt)) group = true;
          break;
        }
      }
      continue;
    }
    // the first operand: the user for su/runuser, else the command
    if (syntax.userOperand && found.user === undefined) found.user = w;
    break;
  }
  found.groupOnly = group && found.user === undefined;
  return found;
}

/** Reads a shell command line: the first of its simple commands that switches user. */
export function shellSwitch(line: string, depth = 0): Switch | undefined {
  for (const command of simpleCommands(line)) {
    const hit = privilegeSwitch(
      command.map((w) => (w.varies ? undefined : w.text)),
      depth,
    );
    if (hit) return hit;
  }
  return undefined;
}

/**
 * The words of a command given as a sequence: a list or tuple literal, or a name bound once to one (see
 * `sequenceElements`), or a constant sequence. Unknown elements are undefined; an open-ended list ends with one.
 */
function sequenceWords(model: ModuleModel, node: Node): Word[] | undefined {
  const seq = sequenceElements(model, node);
  if (seq) {
    const words: Word[] = seq.elements.map((el) => {
      const v = model.constant(el);
      return typeof v === "string" ? v : undefined;
    });
    if (seq.open) words.push(undefined);
    return words;
  }
  const c = model.constant(node);
  if (Array.isArray(c)) return c.map((v) => (typeof v === "string" ? v : undefined));
  return undefined;
}

/** PW609: a command run through `sudo`, `su`, `doas`, `pkexec` or `runuser`. */
export default defineRule({
  namesOnly: true,
  meta: {
    code: "PW609",
    name: "privileged-command",
    practice: "least-privilege",
    cwe: [250],
    severity: "medium",
    confidence: "high",
    aliases: [],
    docs: {
      what:
        "Commands started through `sudo`, `su`, `doas`, `pkexec` or `runuser` by `subprocess`, `os.system`, " +
        "`os.popen`, `os.exec*`/`os.spawn*`, `asyncio` or `pexpect`, as an argument list or a shell line " +
        "(also after `VAR=value`, `exec`, `env`, `nohup`, inside `sh -c \"…\"`, and after `;`, `&&`, `|`). Running " +
        "as root (the default, or `-u root`) is medium severity; switching to another named account " +
        "(`sudo -u postgres …`, `su app -c …`) is low; feeding `sudo -S` a password on standard input is high. " +
        "`sudo -l`, `-v` and `-K`, which run no command, are not reported. No peer checks this.",
      why:
        "An application that can run commands as root needs a sudoers rule (often `NOPASSWD`) or a stored " +
        "password that make every flaw in it — a command built from input, a writable script, a hijacked " +
        "dependency — a full compromise of the host. Least privilege means giving the service account only the " +
        "access the task needs (group membership, file ownership, a capability such as CAP_NET_BIND_SERVICE, a " +
        "polkit rule, a small privileged helper), not a path to root.",
      bad: 'subprocess.run(["sudo", "systemctl", "restart", "nginx"], check=True)\n',
      good:
        '# grant the one action instead: a polkit rule or a sudoers line limited to this exact command, or\n' +
        '# let the supervisor restart the service; from the app:\nsubprocess.run(["systemctl", "--user", "restart", "app-worker"], check=True)\n',
      references: ["CWE-250", "https://cheatsheetseries.owasp.org/cheatsheets/OS_Command_Injection_Defense_Cheat_Sheet.html", "https://www.sudo.ws/docs/man/sudoers.man/"],
    },
  },
  create(ctx) {
    const { model } = ctx;

    const reportSwitch = (call: Node, s: Switch | undefined): void => {
      if (!s) return;
      if (s.stdinPassword) {
        ctx.report(call, `command run through ${s.tool} -S with the password on standard input: the application holds a password that unlocks root; grant the exact privilege the task needs instead`, {
          severity: "high",
        });
        return;
      }
      const root = s.user === undefined ? !s.groupOnly : s.user !== null && /^(?:root|#?0)$/.test(s.user);
      if (root) {
        ctx.report(call, `command run as root through ${s.tool}: any flaw in it or its arguments gives away the host; grant the exact privilege the task needs (service account, capability, narrow sudoers or polkit rule) instead`);
      } else if (s.user === null) {
        ctx.report(call, `command run through ${s.tool} as a user chosen at run time; make sure it can never be root, and prefer granting the exact privilege needed`);
      } else {
        const who = s.groupOnly ? "another group" : `user '${s.user}'`;
        ctx.report(call, `command run through ${s.tool} as ${who}: the application may switch accounts; keep the sudoers or polkit rule limited to this command`, {
          severity: "low",
        });
      }
    };

    /** A command given as a sequence or as one command-line string. */
    const command = (node: Node | undefined): Switch | undefined => {
      if (!node) return undefined;
      const words = sequenceWords(model, node);
      if (words) return privilegeSwitch(words);
      const shape = model.stringShape(node);
      return shape ? shellSwitch(shape.text) : undefined;
    };

    /** The program (a string) followed by its argument words. */
    const programAndArgs = (program: Node | undefined, args: Word[]): Switch | undefined => {
      const p = model.constant(program);
      if (typeof p !== "string") return undefined;
      return privilegeSwitch([p, ...args]);
    };

    const subprocessCall = (call: Node): void => reportSwitch(call, command(model.arg(call, 0, "args")));
    const shellCall = (call: Node, name: string): void => {
      const shape = model.stringShape(model.arg(call, 0, SHELL_COMMAND_FUNCTIONS[name]));
      reportSwitch(call, shape ? shellSwitch(shape.text) : undefined);
    };
    const execCall = (call: Node, name: string): void => {
      const layout = EXEC_FUNCTIONS[name];
      const a = model.args(call);
      const program = model.arg(call, layout.program, layout.programKeyword);
      let argv: Word[] = [];
      if (layout.args === "inline") {
        const end = layout.env ? a.positional.length - 1 : a.positional.length;
        argv = a.positional.slice(layout.program + 1, end).map((n) => {
          const v = model.constant(n);
          return typeof v === "string" ? v : undefined;
        });
        if (a.starAt >= 0) argv.push(undefined);
      } else {
        const list = model.arg(call, layout.argsAt ?? layout.program + 1, layout.argsKeyword);
        argv = (list && sequenceWords(model, list)) ?? [undefined];
      }
      // argv[0] repeats the program name: options start after it
      reportSwitch(call, programAndArgs(program, argv.slice(1)));
    };
    const asyncExecCall = (call: Node): void => {
      const a = model.args(call);
      const words = a.positional.slice(1).map((n) => {
        const v = model.constant(n);
        return typeof v === "string" ? v : undefined;
      });
      if (a.starAt >= 0) words.push(undefined);
      reportSwitch(call, programAndArgs(a.positional[0], words));
    };
    const pexpectCall = (call: Node, name: string): void => {
      const spec = PEXPECT[name];
      const cmd = model.arg(call, 0, spec.keyword);
      const extra = spec.args ? model.arg(call, 1, "args") : undefined;
      const words = extra ? sequenceWords(model, extra) : undefined;
      if (extra && words?.length) {
        reportSwitch(call, programAndArgs(cmd, words));
        return;
      }
      const shape = model.stringShape(cmd);
      reportSwitch(call, shape ? shellSwitch(shape.text) : undefined);
    };
    // (a name in two tables is served by the one listed first here: the later one, when each key was set in turn)
    return {
      [KEYED]: [
        { keys: PEXPECT_NAMES, handler: pexpectCall },
        { keys: ASYNC_EXEC_FUNCTIONS, handler: asyncExecCall },
        { keys: EXEC_NAMES, handler: execCall },
        { keys: SHELL_NAMES, handler: shellCall },
        { keys: SUBPROCESS_FUNCTIONS, handler: subprocessCall },
      ],
    };
  },
});
