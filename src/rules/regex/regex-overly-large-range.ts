import { defineRule } from "../types.js";
import type { Node } from "../../parse/parser.js";
import { regexUse, regexUseHandlers } from "../util/regex-calls.js";
import { isParseError, parseRegex, walkRegex } from "../util/pyregex.js";

/** Which run of ASCII letters or digits a code point belongs to, if any. */
function category(cp: number): "digit" | "upper" | "lower" | undefined {
  if (cp >= 0x30 && cp <= 0x39) return "digit";
  if (cp >= 0x41 && cp <= 0x5a) return "upper";
  if (cp >= 0x61 && cp <= 0x7a) return "lower";
  return undefined;
}

/** The punctuation a range between two alphanumerics also covers. */
function extras(lo: number, hi: number): string {
  let out = "";
  for (let cp = lo; cp <= hi && cp < 0x7f; cp++) if (!category(cp)) out += String.fromCharCode(cp);
  return out;
}

/** PW705: a character range that spans more than the letters or digits it was meant for (`[A-z]`). */
export default defineRule({
  namesOnly: true,
  meta: {
    code: "PW705",
    name: "regex-overly-large-range",
    practice: "regex",
    cwe: [185, 20],
    severity: "medium",
    confidence: "high",
    aliases: [],
    docs: {
      what:
        "Character ranges in constant patterns (`re`, `regex`, compiled patterns, Django/DRF/marshmallow/WTForms " +
        "regex validators) that run from one kind of ASCII alphanumeric to another — `[A-z]`, `[0-z]`, `[0-Z]`, " +
        "`[a-Z]` — and so include the punctuation between them, and ranges Python rejects (`[z-a]`, `[\\w-.]`), " +
        "which raise `re.error` when the pattern is compiled.",
      why:
        "`[A-z]` is meant as \"a letter\" but also matches `[ \\ ] ^ _` and the backtick; `[0-z]` adds `: ; < = > ? @` " +
        "too. A validation built on it lets through characters that break out of a path, a query or an HTML " +
        "attribute. A reversed range is a crash waiting for the first call.",
      bad: 'import re\n\nUSERNAME = re.compile(r"^[A-z0-9]+\\Z")\n',
      good: 'import re\n\nUSERNAME = re.compile(r"^[A-Za-z0-9]+\\Z")\n',
      references: ["CWE-185", "CWE-20", "https://docs.python.org/3/library/re.html#regular-expression-syntax"],
    },
  },
  create(ctx) {
    const { model } = ctx;
    // compiled patterns are read at their `compile` call: only the regex APIs themselves need a look
    return regexUseHandlers((call: Node) => {
      const use = regexUse(model, call);
      if (!use || use.pattern === undefined || use.compiledAt || use.api.includes(".Pattern.")) return;
      const parsed = parseRegex(use.pattern, use.flags.flags, use.dialect);
      if (isParseError(parsed)) {
        if (parsed.error.startsWith("bad character range")) {
          ctx.report(call, `${use.label}: ${parsed.error} — Python rejects this range and raises re.error when the pattern is compiled`, {
            severity: "high",
          });
        }
        return;
      }
      const found = new Map<string, string>();
      walkRegex(parsed.root, (n) => {
        if (n.kind !== "set") return;
        for (const item of n.items) {
          if (item.kind !== "range") continue;
          const lo = category(item.lo);
          const hi = category(item.hi);
          if (!lo || !hi || lo === hi) continue;
          found.set(use.pattern!.slice(item.start, item.end), extras(item.lo, item.hi));
        }
      });
      if (!found.size) return;
      const parts = [...found].map(([text, more]) => `${text} also matches ${JSON.stringify(more)}`);
      ctx.report(call, `${use.label}: the range ${parts.join("; ")}; list the intended runs separately (A-Za-z, 0-9)`);
    }, true);
  },
});
