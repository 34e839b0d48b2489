import { defineRule } from "../types.js";
import type { Node } from "../../parse/parser.js";
import { regexUse, regexUseHandlers } from "../util/regex-calls.js";
import { atomMatches, endAnchor, isParseError, parseRegex, startsAnchored, type AltNode, type RegexNode } from "../util/pyregex.js";
import { validationUse } from "../util/validation.js";

const NEWLINE = 10;

/** True when the last thing a branch matches before its final `$` can itself be a newline (`\s*$`, `[^,]+$`). */
function newlineBeforeDollar(root: AltNode, depth = 0): boolean {
  if (depth > 50) return true;
  return root.branches.some((seq) => {
    let i = seq.length - 1;
    while (i >= 0 && seq[i].kind === "anchor") i--;
    return i >= 0 && canMatchNewline(seq[i], depth + 1);
  });
}

function canMatchNewline(node: RegexNode, depth: number): boolean {
  switch (node.kind) {
    case "char":
    case "class":
    case "dot":
    case "set":
      return atomMatches(node, NEWLINE);
    case "quant":
      return canMatchNewline(node.atom, depth + 1);
    case "group":
      return node.group === "capture" || node.group === "plain" || node.group === "atomic" ? newlineBeforeDollar(node.body, depth + 1) : false;
    case "alt":
      return newlineBeforeDollar(node, depth + 1);
    default:
      return true;
  }
}

/** PW703: a validation regex ending in `$`, which also accepts a trailing newline. */
export default defineRule({
  meta: {
    code: "PW703",
    name: "regex-dollar-newline",
    practice: "regex",
    cwe: [625, 20],
    severity: "medium",
    confidence: "medium",
    aliases: [],
    skipInTests: true,
    docs: {
      what:
        "A whole-string check with `re.match`/`re.search` (or a compiled pattern's `match`/`search`) whose pattern " +
        "is anchored at the start and ends with `$`, used to accept input: in an `assert`, in an `if` that rejects " +
        "(raises, returns `False`, aborts) when it does not match, returned from a validator-named function, or " +
        "through a variable tested that way. Django's `RegexValidator`/`RegexField`, DRF's `RegexField`, " +
        "marshmallow's and WTForms' `Regexp` are validations by definition. Not reported: `re.fullmatch`, " +
        "patterns ending in `\\Z`, MULTILINE patterns, and patterns whose last part matches a newline anyway (`\\s*$`).",
      why:
        "Outside MULTILINE mode, `$` matches at the end of the string *or just before a newline at its end*, so " +
        "`re.match(r\"^[a-z0-9_]+$\", name)` accepts `\"admin\\n\"`. The newline then reaches a header, a log line, " +
        "a file name or a shell command that the check was meant to protect (header or log injection, duplicate " +
        "accounts that differ by a newline).",
      bad: 'import re\n\ndef set_username(name):\n    if not re.match(r"^[a-z0-9_]{3,32}$", name):\n        raise ValueError("invalid user name")\n',
      good:
        'import re\n\ndef set_username(name):\n    if not re.fullmatch(r"[a-z0-9_]{3,32}", name):  # or r"\\A[a-z0-9_]{3,32}\\Z"\n        raise ValueError("invalid user name")\n',
      references: [
        "CWE-625",
        "CWE-20",
        "https://docs.python.org/3/library/re.html#regular-expression-syntax",
        "https://docs.python.org/3/library/re.html#re.fullmatch",
        "https://cheatsheetseries.owasp.org/cheatsheets/Input_Validation_Cheat_Sheet.html",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;
    return regexUseHandlers((call: Node) => {
      const use = regexUse(model, call);
      if (!use || use.pattern === undefined || (use.mode !== "match" && use.mode !== "search")) return;
      if (!use.flags.known || use.flags.flags.multiline || use.flags.unsupported) return;
      if (use.validator && use.inverse !== false) return;
      const parsed = parseRegex(use.pattern, use.flags.flags, use.dialect);
      if (isParseError(parsed)) return;
      if (endAnchor(parsed.root) !== "dollar") return;
      if (use.mode === "search" && !startsAnchored(parsed.root)) return;
      if (newlineBeforeDollar(parsed.root)) return;
      if (!use.validator && validationUse(model, call) !== "positive") return;
      const fix = use.validator ? "end the pattern with \\Z instead of $" : "use re.fullmatch() or end the pattern with \\Z instead of $";
      ctx.report(call, `${use.label} validates with a pattern ending in $, which also accepts a trailing newline ("value\\n"); ${fix}`);
    });
  },
});
