import { defineRule, KEYED } from "../types.js";
import type { Node } from "../../parse/parser.js";
import { SHELL_COMMAND_FUNCTIONS, SUBPROCESS_FUNCTIONS, SUBPROCESS_SHELL_POSITION } from "../../model/knowledge/processes.js";
import { basename, programIndex, simpleCommands } from "../util/shell.js";
import { sequenceElements } from "../util/process.js";

/** Programs with options that run commands or follow references, so that a file name read as an option is dangerous. */
const RISKY_PROGRAMS = new Set(["tar", "gtar", "bsdtar", "chown", "chgrp", "chmod", "rsync"]);

/** An option each program would obey if a file were named like it, for the message. */
const EXAMPLE_OPTION: Readonly<Record<string, string>> = {
  tar: "--checkpoint-action=exec=…",
  gtar: "--checkpoint-action=exec=…",
  bsdtar: "--use-compress-program=…",
  rsync: "-e sh x.sh",
};

/** Shells that run the command line after `-c`. */
const SHELLS = new Set(["sh", "bash", "dash", "zsh", "ksh", "ash"]);

/** The qualified names of {@link SHELL_COMMAND_FUNCTIONS}, as handler keys. */
const SHELL_NAMES = Object.keys(SHELL_COMMAND_FUNCTIONS);

/** PW212: `tar`/`chown`/`chmod`/`rsync` given a bare wildcard in a command line a shell expands. */
export default defineRule({
  namesOnly: true,
  meta: {
    code: "PW212",
    name: "wildcard-injection",
    practice: "input-validation",
    cwe: [88, 155],
    severity: "high",
    confidence: "medium",
    aliases: ["B609", "S609"],
    docs: {
      what:
        "A shell command line — `os.system`, `os.popen`, `subprocess.*` with a truthy `shell`, " +
        "`subprocess.getoutput`, `asyncio.create_subprocess_shell`, or `[\"sh\", \"-c\", line]` — in which `tar`, " +
        "`chown`, `chgrp`, `chmod` or `rsync` (also behind `sudo`, `nice`… and after `cd dir &&`) gets an " +
        "unquoted word that begins with a wildcard (`*`, `*.log`, `?x`, `[ab]*`) before any `--`. Unlike the " +
        "peers, a wildcard behind a directory (`./*`, `/srv/data/*`) is not reported: its expansions start with " +
        "that directory, so none can look like an option. Argument lists run without a shell are not reported " +
        "either: nothing expands the `*` there.",
      why:
        "The shell replaces the wildcard by the file names of the directory. Whoever can create a file there " +
        "can name it like an option: `--checkpoint-action=exec=sh x.sh` makes `tar` run a script, " +
        "`--reference=mine` makes `chmod`/`chown` copy permissions or ownership from a file they control, " +
        "`-e sh x.sh` makes `rsync` run a command. Scheduled root jobs that archive or fix permissions of " +
        "user-writable directories are the classic target.",
      bad: 'os.system("cd /srv/uploads && tar czf /backup/uploads.tgz *")\n',
      good: 'os.system("cd /srv/uploads && tar czf /backup/uploads.tgz -- *")\n# or: tar czf /backup/uploads.tgz ./*\n',
      references: [
        "CWE-88",
        "CWE-155",
        "https://www.gnu.org/software/tar/manual/html_node/checkpoints.html",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;

    /** Reports the first risky program of a shell command line that gets a bare leading wildcard. */
    const checkLine = (call: Node, node: Node | undefined): void => {
      const shape = model.stringShape(node);
      if (!shape) return;
      for (const words of simpleCommands(shape.text)) {
        const i = programIndex(words);
        if (i === undefined || words[i].varies) continue;
        const program = basename(words[i].text);
        if (!RISKY_PROGRAMS.has(program)) continue;
        for (let j = i + 1; j < words.length; j++) {
          const w = words[j];
          if (w.text === "--" && !w.varies) break;
          if (w.leadingGlob && !w.varies) {
            ctx.report(
              call,
              `wildcard '${w.raw}' given to ${program} in a shell command: a file named like an option (e.g. '${EXAMPLE_OPTION[program] ?? "--reference=…"}') becomes one; write './${w.raw}' or put '--' before it`,
            );
            return;
          }
        }
      }
    };

    /** `["sh", "-c", line, …]`: the line a shell runs, if the sequence is that. */
    const shellDashC = (command: Node | undefined): Node | undefined => {
      const seq = sequenceElements(model, command);
      if (!seq || seq.elements.length < 3) return undefined;
      const sh = model.constant(seq.elements[0]);
      if (typeof sh !== "string" || !SHELLS.has(basename(sh))) return undefined;
      const flag = model.constant(seq.elements[1]);
      return typeof flag === "string" && /^-[a-z]*c$/.test(flag) ? seq.elements[2] : undefined;
    };

    const subprocessCall = (call: Node): void => {
      const command = model.arg(call, 0, "args");
      if (!command) return;
      if (model.truthy(model.arg(call, SUBPROCESS_SHELL_POSITION, "shell")) === true) {
        const seq = sequenceElements(model, command);
        checkLine(call, seq ? seq.elements[0] : command);
        return;
      }
      const line = shellDashC(command);
      if (line) checkLine(call, line);
    };

    // (a name in both tables is served by the one listed first here: the later one, when each key was set in turn)
    return {
      [KEYED]: [
        { keys: SHELL_NAMES, handler: (call, name) => checkLine(call, model.arg(call, 0, SHELL_COMMAND_FUNCTIONS[name])) },
        { keys: SUBPROCESS_FUNCTIONS, handler: subprocessCall },
      ],
    };
  },
});
