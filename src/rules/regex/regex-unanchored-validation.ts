import { defineRule } from "../types.js";
import type { Node } from "../../parse/parser.js";
import { regexUse, regexUseHandlers } from "../util/regex-calls.js";
import { atomMatches, hasAnchor, isParseError, parseRegex, type ParsedRegex, type RegexNode } from "../util/pyregex.js";
import { validationUse } from "../util/validation.js";

/** A character class, escape or set that restricts what it matches (not `.`, not "anything but x"). */
function restrictive(node: RegexNode): boolean {
  if (node.kind === "class") return node.cls === "d" || node.cls === "w" || node.cls === "s" || node.cls === "D" || node.cls === "W";
  if (node.kind !== "set") return false;
  // a negated set of a few characters admits nearly everything: `[^,]`
  if (node.negated) return false;
  let n = 0;
  for (let cp = 0x20; cp < 0x7f; cp++) if (atomMatches(node, cp)) n++;
  return n < 90;
}

/** The single-character node a (possibly quantified) item repeats, if any. */
function unit(node: RegexNode): { atom: RegexNode; min: number; max: number } | undefined {
  if (node.kind === "quant") {
    const a = node.atom;
    return a.kind === "char" || a.kind === "class" || a.kind === "set" || a.kind === "dot" ? { atom: a, min: node.min, max: node.max } : undefined;
  }
  return node.kind === "char" || node.kind === "class" || node.kind === "set" || node.kind === "dot" ? { atom: node, min: 1, max: 1 } : undefined;
}

/**
 * True when a pattern describes the shape of a whole value (an e-mail address, a date, a user name of 3–16
 * characters) rather than a thing to find in it (one character class, a word, a run of digits): some
 * restrictive class repeated a bounded number (≥ 2) of times, or a sequence of two or more items of which at
 * least one is a repeated restrictive class and another is a class or a literal separator.
 */
export function looksLikeFormat(parsed: ParsedRegex): boolean {
  const branches = parsed.root.branches.length === 1 && parsed.root.branches[0].length === 1 && parsed.root.branches[0][0].kind === "group"
    ? (parsed.root.branches[0][0] as Extract<RegexNode, { kind: "group" }>).body.branches
    : parsed.root.branches;
  return branches.some((seq) => {
    const items = seq.filter((n) => n.kind !== "anchor" && !(n.kind === "group" && n.group !== "capture" && n.group !== "plain" && n.group !== "atomic"));
    const units = items.map(unit);
    if (units.some((u) => u && restrictive(u.atom) && u.min >= 2 && Number.isFinite(u.max))) return true;
    if (items.length < 2) return false;
    const repeated = units.some((u) => u && restrictive(u.atom) && u.max > 1);
    const others = units.filter((u) => u && (restrictive(u.atom) || u.atom.kind === "char")).length;
    return repeated && others >= 2;
  });
}

/** PW704: `re.search` used to accept input with a pattern that is not anchored at either end. */
export default defineRule({
  meta: {
    code: "PW704",
    name: "regex-unanchored-validation",
    practice: "regex",
    cwe: [625, 20],
    severity: "medium",
    confidence: "medium",
    aliases: [],
    skipInTests: true,
    docs: {
      what:
        "`re.search` (or a compiled pattern's `search`, or Django's `RegexValidator`/`RegexField` and DRF's " +
        "`RegexField`, which search) used to accept input — in an `assert`, in an `if` that rejects when it does " +
        "not match, returned from a validator-named function (`is_valid_…`, `validate_…`, `check_…`), or through a " +
        "variable tested that way — with a pattern that has no anchor at all (`^`, `$`, `\\A`, `\\Z`) and describes " +
        "the shape of a whole value (`[\\w.]+@[\\w.]+`, `\\d{3}-\\d{4}`, `[a-z0-9_]{3,16}`). Searches for forbidden " +
        "characters (`if re.search(r\"[^a-z]\", s): raise`), \"must contain\" checks (`[A-Z]`, `\\d`) and " +
        "`RegexValidator(..., inverse_match=True)` are fine.",
      why:
        "`search` succeeds when the pattern matches *anywhere*: `re.search(r\"[a-z0-9_]{3,16}\", name)` accepts " +
        "`\"<script>abc</script>\"` and `\"x\" * 10_000`. The validation passes input that the pattern was written " +
        "to exclude, and whatever it protects (a file name, a URL, a SQL identifier, a template) sees it.",
      bad: 'import re\n\ndef is_valid_zip(code):\n    return bool(re.search(r"\\d{5}", code))\n',
      good: 'import re\n\ndef is_valid_zip(code):\n    return re.fullmatch(r"\\d{5}", code) is not None\n',
      references: [
        "CWE-625",
        "CWE-20",
        "https://docs.python.org/3/library/re.html#search-vs-match",
        "https://cheatsheetseries.owasp.org/cheatsheets/Input_Validation_Cheat_Sheet.html",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;
    return regexUseHandlers((call: Node) => {
      const use = regexUse(model, call);
      if (!use || use.pattern === undefined || use.mode !== "search" || use.flags.unsupported) return;
      if (!use.validator && !/(?:^re|^regex|\.Pattern)\.search$/.test(use.api)) return;
      if (use.validator && use.inverse !== false) return;
      const parsed = parseRegex(use.pattern, use.flags.flags, use.dialect);
      if (isParseError(parsed) || hasAnchor(parsed.root) || !looksLikeFormat(parsed)) return;
      if (!use.validator && validationUse(model, call) !== "positive") return;
      ctx.report(
        call,
        `${use.label} accepts any input that merely contains a match of an unanchored pattern; use re.fullmatch() (or anchor it with \\A…\\Z) to validate the whole value`,
      );
    });
  },
});
