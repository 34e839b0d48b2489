import { defineRule } from "../types.js";
import type { Node } from "../../parse/parser.js";
import { compiledUses, regexUse, regexUseHandlers } from "../util/regex-calls.js";
import { isParseError, parseRegex, type MatchMode } from "../util/pyregex.js";
import { analyseParsed, type RedosVerdict } from "../util/redos.js";

/** Default time budget of one pattern's analysis (ms). */
const DEFAULT_TIMEOUT_MS = 1000;
/** Default time budget of all analyses in one file (ms). */
const DEFAULT_FILE_BUDGET_MS = 5000;
/** Default lowest polynomial degree reported. */
const DEFAULT_MIN_DEGREE = 2;

const WEAKEST: Record<MatchMode, number> = { fullmatch: 0, match: 1, search: 2 };

/** A Python literal for one character. */
function pyRepr(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  if (ch === "'") return `"'"`;
  if (ch === "\\") return "'\\\\'";
  if (ch === "\n") return "'\\n'";
  if (ch === "\t") return "'\\t'";
  if (cp >= 0x20 && cp < 0x7f) return `'${ch}'`;
  return cp <= 0xff ? `'\\x${cp.toString(16).padStart(2, "0")}'` : `'\\u${cp.toString(16).padStart(4, "0")}'`;
}

function numberOption(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** PW702: a constant regular expression that backtracks catastrophically (ReDoS). */
export default defineRule({
  namesOnly: true,
  meta: {
    code: "PW702",
    name: "regex-redos",
    practice: "regex",
    cwe: [1333, 400],
    severity: "high",
    confidence: "high",
    aliases: [],
    options: {
      timeoutMs: { type: "number", default: DEFAULT_TIMEOUT_MS, min: 1, description: "Time budget of one automaton check, in milliseconds." },
      fileBudgetMs: { type: "number", default: DEFAULT_FILE_BUDGET_MS, min: 1, description: "Time budget of all regex analyses of one file, in milliseconds." },
      minPolynomialDegree: { type: "number", default: DEFAULT_MIN_DEGREE, min: 1, description: "Lowest polynomial degree of backtracking reported." },
    },
    skipInTests: true,
    docs: {
      what:
        "Constant regular expressions given to `re` or `regex` (`compile`, `search`, `match`, `fullmatch`, " +
        "`findall`, `finditer`, `split`, `sub`, `subn`), to Django's `RegexValidator`/`RegexField`/`re_path`, to " +
        "DRF's `RegexField`, marshmallow's and WTForms' `Regexp`, whose matching time can grow exponentially or " +
        "polynomially with the input's length because of backtracking. The pattern is translated to JavaScript " +
        "(`(?P<name>…)`, `(?P=name)`, `\\A`, `\\Z`, inline and call flags, verbose patterns) and analysed in two " +
        "tiers: `scslre` (analytical, milliseconds) for backtracking between and inside quantifiers, and — only for " +
        "an alternation under a quantifier whose branches the next two characters cannot tell apart, such as `(?:a|b|ab)*` — the pure-JavaScript " +
        "automaton checker of `recheck`, with a time budget. Atomic groups `(?>…)` and possessive quantifiers " +
        "(Python 3.11) are taken as units that do not backtrack. A compiled pattern is reported once, where it is " +
        "compiled, and analysed with the way its visible uses apply it (`match` anchors it at the start; `search`, " +
        "`findall`, `sub`… retry at every position, which makes a failing repetition quadratic). Calls that pass the " +
        "`regex` module a `timeout` are not reported. Options: `timeoutMs` (" +
        `${DEFAULT_TIMEOUT_MS}) bounds one automaton check, \`fileBudgetMs\` (${DEFAULT_FILE_BUDGET_MS}) bounds all analyses ` +
        `of a file (patterns past it are not analysed), \`minPolynomialDegree\` (${DEFAULT_MIN_DEGREE}) is the lowest ` +
        "polynomial degree reported. A pattern whose check runs out of time is judged by the first tier alone.",
      why:
        "Python's `re` engine backtracks. A pattern such as `(\\w+\\s?)*$` takes about twice as long for each " +
        "extra character of a non-matching input, so a 40-character string from a request can hold a worker " +
        "for minutes; quadratic or cubic patterns (`\\s+$` searched, `\\d+\\d+…`) need longer input but are just " +
        "as fatal for large bodies. Exponential findings are high severity, polynomial ones medium (degree 3 " +
        "and up) or low (quadratic).",
      bad: 'import re\n\nUSERNAME = re.compile(r"^(\\w+\\s?)*$")\n',
      good:
        'import re\n\n# one way to match each string: words separated by single spaces\nUSERNAME = re.compile(r"^\\w+(?:\\s\\w+)*$")\n' +
        '# or bound the input first: if len(value) > 64: reject\n',
      references: [
        "CWE-1333",
        "CWE-400",
        "https://owasp.org/www-community/attacks/Regular_expression_Denial_of_Service_-_ReDoS",
        "https://github.com/RunDevelopment/scslre",
        "https://makenowjust-labs.github.io/recheck/",
        "https://docs.python.org/3/library/re.html",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;
    const timeoutMs = numberOption(ctx.options.timeoutMs, DEFAULT_TIMEOUT_MS);
    const budgetMs = numberOption(ctx.options.fileBudgetMs, DEFAULT_FILE_BUDGET_MS);
    const minDegree = numberOption(ctx.options.minPolynomialDegree, DEFAULT_MIN_DEGREE);
    let spent = 0;

    const report = (call: Node, label: string, verdict: RedosVerdict): void => {
      const input = verdict.attack
        ? ` on input like ${verdict.attack}`
        : verdict.character !== undefined
          ? ` on a long run of ${pyRepr(verdict.character)} that fails to match`
          : "";
      if (verdict.complexity === "exponential") {
        ctx.report(
          call,
          `${label}: the pattern backtracks exponentially${input} (ReDoS); rewrite it so each input can be matched only one way, or bound the input's length`,
          { severity: "high" },
        );
        return;
      }
      const degree = verdict.degree ?? 2;
      if (degree < minDegree) return;
      const power = degree === 2 ? "quadratic" : degree === 3 ? "cubic" : `degree-${degree} polynomial`;
      const fix = verdict.moving
        ? "anchor it, or make the repeated part unable to start again inside its own match"
        : "remove the overlap between adjacent repetitions";
      ctx.report(
        call,
        `${label}: the pattern ${verdict.moving ? "is retried at every position and " : ""}backtracks in ${power} time${input} (ReDoS); ${fix}, or bound the input's length`,
        { severity: degree >= 3 ? "medium" : "low" },
      );
    };

    // compiled patterns are read at their `compile` call: only the regex APIs themselves need a look
    return regexUseHandlers((call) => {
      const use = regexUse(model, call);
      if (!use || use.pattern === undefined || use.timeout || use.flags.unsupported) return;
      // a compiled pattern is reported where it is compiled, not at each use
      if (use.compiledAt || use.api.includes(".Pattern.")) return;
      let mode: MatchMode;
      if (use.mode === "compile") {
        const modes = compiledUses(model, call);
        mode = modes?.length ? modes.reduce<MatchMode>((a, b) => (WEAKEST[b] > WEAKEST[a] ? b : a), "fullmatch") : "search";
      } else mode = use.mode;
      const line = (): number => ctx.file.position(call.startIndex).line;
      if (spent >= budgetMs) {
        // which patterns are left depends on how fast the earlier ones went: said, and never cached
        ctx.note(`the regex analyses of this file ran over their ${budgetMs} ms budget (option fileBudgetMs); patterns from line ${line()} on were not checked`, { timing: true });
        return;
      }
      const parsed = parseRegex(use.pattern, use.flags.flags, use.dialect);
      if (isParseError(parsed)) return;
      const t0 = performance.now();
      const allowed = Math.min(timeoutMs, Math.max(50, budgetMs - spent));
      const verdict = analyseParsed(parsed, { timeoutMs: allowed, mode });
      spent += performance.now() - t0;
      if (verdict.status === "vulnerable") report(call, use.label, verdict);
      if (verdict.secondTimedOut || (verdict.status === "unknown" && verdict.reason === "timeout")) {
        // said, not passed over: the pattern may still backtrack exponentially. Cut short by the file's budget, the
        // outcome depends on how fast the earlier patterns went (never cached); by its own budget, it is the same
        // on every run at this speed
        ctx.note(`the search for exponential backtracking in the pattern at line ${line()} did not finish within ${Math.round(allowed)} ms (option timeoutMs); only the quicker check judged it`, { timing: allowed < timeoutMs });
      }
    }, true);
  },
});
