import { defineTaintRule } from "./define.js";

/** PW253: Untrusted input reaches a path that is opened, written, listed, moved or deleted. */
export default defineTaintRule(
  { kind: "path", what: "a file-system path", advice: "reduce it to a file name (os.path.basename, secure_filename) or check the resolved path stays under the base directory" },
  {
    code: "PW253",
    name: "path-traversal",
    practice: "input-validation",
    cwe: [22],
    severity: "high",
    confidence: "high",
    aliases: [],
    docs: {
      what: "Untrusted input reaches a path that is opened, written, listed, moved or deleted: `open`, `os.*`, `shutil.*`, `pathlib.Path` methods, `send_file`, file responses, upload `save()`. Joining it under a base directory (`os.path.join(BASE, name)`) does not help: `../` and absolute paths escape it.",
      why: "An attacker who chooses the path reads files the application can read (configuration, keys, `/etc/passwd`) or overwrites files it can write (path traversal).",
      bad: "name = request.args[\"file\"]\nreturn open(os.path.join(BASE, name)).read()\n",
      good: "name = os.path.basename(request.args[\"file\"])\nreturn open(os.path.join(BASE, name)).read()\n",
      references: ["CWE-22", "https://owasp.org/www-community/attacks/Path_Traversal", "https://werkzeug.palletsprojects.com/en/latest/utils/#werkzeug.utils.secure_filename"],
    },
  },
);
