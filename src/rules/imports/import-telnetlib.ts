import { defineRule } from "../types.js";
import { importHandlers } from "../util/imports.js";

/** PW613: a reminder that the module imports a Telnet client (off by default; PW607 reports its use). */
export default defineRule({
  meta: {
    code: "PW613",
    name: "import-telnetlib",
    practice: "other",
    cwe: [319],
    severity: "low",
    confidence: "low",
    aliases: ["B401", "S401"],
    enabledByDefault: false,
    docs: {
      what:
        "Imports of `telnetlib` (and of the third-party `telnetlib3`), by `import`, `from … import` or a constant " +
        "`importlib.import_module`. A reminder only, off by default: connecting with Telnet is reported by " +
        "`telnet-cleartext` (PW607), which is on.",
      why:
        "Telnet sends the login, the password and the whole session unencrypted, so anyone on the network path can " +
        "read or alter them. `telnetlib` was deprecated in Python 3.11 and removed in 3.13; a module that imports " +
        "it is worth reviewing for a move to SSH.",
      bad: "import telnetlib\n",
      good: "import paramiko  # SSH, with host keys verified\n",
      references: ["CWE-319", "https://peps.python.org/pep-0594/#telnetlib", "https://docs.paramiko.org/"],
    },
  },
  create(ctx) {
    return importHandlers(ctx.model, { modules: ["telnetlib", "telnetlib3"] }, (node, name) =>
      ctx.report(node, `imports ${name}: Telnet carries credentials and data in cleartext; prefer SSH`),
    );
  },
});
