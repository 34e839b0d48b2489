import { defineRule, KEYED } from "../types.js";

/** Functions that return a fresh temporary *name* without creating the file: name → what to use instead. */
const NAME_ONLY: Readonly<Record<string, string>> = {
  "tempfile.mktemp": "tempfile.mkstemp() or NamedTemporaryFile() (mkdtemp() for a directory)",
  "os.tempnam": "tempfile.mkstemp() or NamedTemporaryFile()",
  "os.tmpnam": "tempfile.mkstemp() or NamedTemporaryFile()",
};

/** The qualified names of {@link NAME_ONLY}, as handler keys. */
const NAME_ONLY_NAMES = Object.keys(NAME_ONLY);

/** PW606: a temporary file name obtained without creating the file (`tempfile.mktemp`, `os.tempnam`). */
export default defineRule({
  namesOnly: true,
  meta: {
    code: "PW606",
    name: "insecure-temp-file",
    practice: "least-privilege",
    cwe: [377],
    severity: "medium",
    confidence: "high",
    aliases: ["B306", "S306", "B325"],
    docs: {
      what:
        "Calls of `tempfile.mktemp` and of Python 2's `os.tempnam` / `os.tmpnam`, however imported. They return a " +
        "name that did not exist a moment ago, without creating anything. (Bandit's B325 covered the `os` pair " +
        "and was withdrawn with Python 2; its id is an alias here.)",
      why:
        "Between the moment the name is chosen and the moment the program opens it, another local user can create " +
        "a file or a symbolic link of that name. The program then writes into a file the attacker controls or, " +
        "through the link, overwrites one of its own files. `mkstemp` and `NamedTemporaryFile` create the file " +
        "atomically (`O_EXCL`) with owner-only permissions.",
      bad: 'import tempfile\n\npath = tempfile.mktemp(suffix=".json")\nwith open(path, "w") as out:\n    json.dump(state, out)\n',
      good:
        'import tempfile\n\nwith tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as out:\n    json.dump(state, out)\n',
      references: ["CWE-377", "https://docs.python.org/3/library/tempfile.html#tempfile.mktemp"],
    },
  },
  create(ctx) {
    return {
      [KEYED]: [
        {
          keys: NAME_ONLY_NAMES,
          handler: (call, name) =>
            ctx.report(call, `${name}() only picks a name: another user can create or link that path before it is opened; use ${NAME_ONLY[name]}`),
        },
      ],
    };
  },
});
