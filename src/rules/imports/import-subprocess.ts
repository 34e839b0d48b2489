import { defineRule } from "../types.js";
import { importHandlers } from "../util/imports.js";

/** PW616: a reminder that the module imports `subprocess` (off by default; the injection rules report misuse). */
export default defineRule({
  meta: {
    code: "PW616",
    name: "import-subprocess",
    practice: "input-validation",
    cwe: [78],
    severity: "low",
    confidence: "low",
    aliases: ["B404", "S404"],
    enabledByDefault: false,
    docs: {
      what:
        "Imports of `subprocess`, except `from subprocess import …` of only constants and exception types " +
        "(`PIPE`, `DEVNULL`, `CalledProcessError`…). A reminder only, off by default: the command-injection rules " +
        "(PW202, PW203) report the calls that matter.",
      why:
        "Starting processes is where command injection happens. An audit of a code base may want the list of " +
        "modules that can start one.",
      bad: "import subprocess\n",
      good: "from subprocess import CalledProcessError  # handling errors only\n",
      references: ["CWE-78", "https://docs.python.org/3/library/subprocess.html#security-considerations"],
    },
  },
  create(ctx) {
    const harmless = new Set(["PIPE", "STDOUT", "DEVNULL", "CalledProcessError", "TimeoutExpired", "SubprocessError", "CompletedProcess"]);
    return importHandlers(ctx.model, { modules: ["subprocess"], harmless: { subprocess: harmless } }, (node, name) =>
      ctx.report(node, `imports ${name}: review how commands are built; pass argument lists, never shell=True with outside input`),
    );
  },
});
