import { defineRule } from "../types.js";

/** PW002: the file's bytes cannot be decoded as Python source text. Reported by the engine. */
export default defineRule({
  meta: {
    code: "PW002",
    name: "undecodable-file",
    practice: "other",
    cwe: [],
    severity: "medium",
    confidence: "high",
    aliases: [],
    docs: {
      what:
        "A file that should be Python source cannot be decoded: invalid UTF-8, a coding cookie naming an unknown " +
        "codec, a UTF-16 file, or NUL bytes (binary content).",
      why:
        "CPython refuses such a file (PEP 263, PEP 3120), and pyward cannot analyse it; any insecure code in it goes unseen.",
      bad: "# -*- coding: no-such-codec -*-\nimport os\n",
      good: "# -*- coding: utf-8 -*-\nimport os\n",
      references: ["https://peps.python.org/pep-0263/", "https://peps.python.org/pep-3120/"],
    },
  },
  create: () => ({}),
});
