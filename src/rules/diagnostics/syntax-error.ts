import { defineRule } from "../types.js";

/** PW001: the file does not parse as Python 3. Reported by the engine, not by a handler. */
export default defineRule({
  meta: {
    code: "PW001",
    name: "syntax-error",
    practice: "other",
    cwe: [],
    severity: "medium",
    confidence: "high",
    aliases: ["E999"],
    docs: {
      what: "The file is not valid Python 3: the parser found an error, a missing token, or a Python 2 only statement.",
      why:
        "Python will refuse to import the file, and pyward can only analyse the parts of it that parse. " +
        "Findings inside the broken region may be missed, so the file's security cannot be vouched for.",
      bad: 'print "hello"\n',
      good: 'print("hello")\n',
      references: ["https://docs.python.org/3/reference/grammar.html"],
    },
  },
  create: () => ({}),
});
