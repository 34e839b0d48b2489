import { defineRule } from "../types.js";

/** PW003: a file was not analysed (unreadable, too large, or over its time budget). Reported by the engine. */
export default defineRule({
  meta: {
    code: "PW003",
    name: "file-skipped",
    practice: "other",
    cwe: [],
    severity: "low",
    confidence: "high",
    aliases: [],
    docs: {
      what: "A file was found but not analysed: it could not be read, it is larger than the size limit, or its analysis ran over the per-file time budget.",
      why: "A file pyward did not read is a file nobody checked. The finding says why, so the limit can be raised or the file excluded on purpose.",
      bad: "# a 60 MB generated module, over the default 10 MB limit\n",
      good: "# exclude generated code explicitly (--extend-exclude 'generated/**') or raise --max-file-size\n",
      references: [],
    },
  },
  create: () => ({}),
});
