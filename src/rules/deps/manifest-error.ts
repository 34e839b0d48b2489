import { defineRule } from "../types.js";

/**
 * PW103: a manifest or lockfile that cannot be read as a whole or in part — a `-r`/`-c` include that does not
 * exist, a line that is not a valid requirement (`requests=2.19.1`), invalid TOML or JSON. The dependencies it
 * declares are not audited, so the error is a finding (it counts toward the exit code) rather than a note.
 * Reported by the dependency audit (`src/deps/audit.ts`), not the per-file engine; warnings of the readers
 * (an unknown pip option, an include outside the project) stay notes.
 */
export default defineRule({
  meta: {
    code: "PW103",
    name: "manifest-error",
    practice: "dependencies",
    fileKind: "manifest",
    cwe: [1357],
    severity: "medium",
    confidence: "high",
    aliases: [],
    docs: {
      what:
        "A requirements file, pyproject.toml, setup.cfg or lockfile has an error that stops pyward (and usually " +
        "pip, Poetry or uv) from reading it: an included file (`-r`, `-c`, setup.cfg `file:`) that cannot be " +
        "read, a line that is not a valid PEP 508 requirement (`requests=2.19.1`), or invalid TOML or JSON. The " +
        "finding points at the file and line.",
      why:
        "Whatever the broken part declares is not audited: a vulnerable pin behind a missing include or a " +
        "mistyped operator goes unreported, and the audit would look clean. The same error usually breaks or " +
        "silently changes the install, so what runs in production is not what the file says.",
      bad: "# requirements.txt\n-r requirements/missing.txt\nrequests=2.19.1\n",
      good: "# requirements.txt\n-r requirements/base.txt\nrequests==2.32.3\n",
      references: ["CWE-1357", "https://pip.pypa.io/en/stable/reference/requirements-file-format/", "https://peps.python.org/pep-0508/"],
    },
  },
  create: () => ({}),
});
