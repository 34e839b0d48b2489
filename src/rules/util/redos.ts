/**
 * Backtracking analysis of regular expressions (ReDoS), in two tiers, on a JavaScript translation of the
 * Python pattern (see `pyregex.ts`):
 *
 * 1. `scslre` (analytical, deterministic, milliseconds): finds exponential and polynomial backtracking
 *    between and within quantifiers for inputs that repeat one character, and the quadratic cost of
 *    `search` retrying a failing quantifier at every position.
 * 2. `recheck` (automata theory; its pure-JavaScript build, in-process and synchronous — never its Java or
 *    native agent, never a worker): only for the shape the first tier cannot judge, an alternation under an
 *    unbounded quantifier whose branches the next two characters cannot tell apart (`(?:a|b|ab)*c`, `(\w|\d)+$`;
 *    see {@link ambiguousAlternation}),
 *    and only for exponential verdicts; never for a pattern with a look-around its automaton cannot compile
 *    (see {@link keepsLookaround}). It has a time budget; running out of it answers "not known".
 *
 * Verdicts are memoised per process.
 */
import { createRequire } from "node:module";
import { atomMatches, isParseError, nullable, parseRegex, toJavaScript, walkRegex, type MatchMode, type ParsedRegex, type RegexFlags, type RegexNode } from "./pyregex.js";

/** What the analysis found. */
export interface RedosVerdict {
  status: "safe" | "vulnerable" | "unknown";
  /** For `vulnerable`: exponential, or polynomial of at least `degree`. */
  complexity?: "exponential" | "polynomial";
  degree?: number;
  /** The character whose long repetition triggers the backtracking, when known. */
  character?: string;
  /** A description of an attack input, when the analyser gave one (`'a' * 31 + '!'`). */
  attack?: string;
  /** Found by the quadratic retries of `search`, not inside one match attempt. */
  moving?: boolean;
  /** Why the answer is unknown (`timeout`, `unsupported`, `invalid`). */
  reason?: string;
  /** The second check (recheck's search for exponential backtracking) ran out of time: the first check's answer. */
  secondTimedOut?: boolean;
  /** The JavaScript pattern analysed. */
  js?: string;
}

interface ScslreReport {
  type: "Trade" | "Self" | "Move";
  exponential: boolean;
  character: { pick: string };
  parentQuant?: { max: number };
}

interface Scslre {
  analyse(input: { source: string; flags: string }, options?: { maxReports?: number }): { reports: ScslreReport[] };
}

interface RecheckDiagnostics {
  status: "safe" | "vulnerable" | "unknown";
  complexity?: { type: "safe" | "linear" | "exponential" | "polynomial"; degree?: number };
  attack?: { pattern?: string };
  error?: { kind: string };
}

interface Recheck {
  checkSync(source: string, flags: string, params?: Record<string, unknown>): RecheckDiagnostics;
}

const require = createRequire(import.meta.url);
let scslre: Scslre | null | undefined;
let recheck: Recheck | null | undefined;

function load<T>(name: string): T | null {
  try {
    return require(name) as T;
  } catch {
    return null;
  }
}

const CACHE_LIMIT = 5000;
/** Longest JavaScript pattern given to the second tier: its automaton grows fast and its time budget is checked coarsely. */
const SECOND_TIER_MAX_LENGTH = 1000;
const cache = new Map<string, RedosVerdict>();

/** A quantifier that can repeat many times: unbounded, or bounded above this. */
const HEAVY_REPEAT = 16;

/**
 * True when a quick look at the structure proves the pattern linear under `mode`, so the full analysis can
 * be skipped: it has no heavy quantifier at all, or (when the match is anchored at the start) exactly one
 * heavy quantifier, over a single character, class or set, with no other heavy repetition around it.
 */
export function triviallyLinear(parsed: ParsedRegex, mode: MatchMode): boolean {
  let heavy = 0;
  let complexHeavy = false;
  let backref = false;
  walkRegex(parsed.root, (n) => {
    if (n.kind === "backref") backref = true;
    if (n.kind === "quant" && !n.possessive && n.max > HEAVY_REPEAT) {
      heavy++;
      if (n.atom.kind !== "char" && n.atom.kind !== "class" && n.atom.kind !== "dot" && n.atom.kind !== "set") complexHeavy = true;
    }
  });
  if (backref) return false;
  if (heavy === 0) {
    // bounded repetitions only: still exponential when they nest ambiguously, e.g. `(a{1,9}){1,9}`
    let nestedBounded = false;
    walkRegex(parsed.root, (n) => {
      if (n.kind === "quant" && n.max > 1) {
        walkRegex(n.atom, (m) => {
          if (m.kind === "quant" && m.max > 1) nestedBounded = true;
          if (m.kind === "alt" && m.branches.length > 1) nestedBounded = true;
        });
      }
    });
    return !nestedBounded;
  }
  return heavy === 1 && !complexHeavy && mode !== "search";
}

/** Options of {@link analyseRedos}. */
export interface RedosOptions {
  /** Time budget of one analysis, in milliseconds. */
  timeoutMs: number;
  mode: MatchMode;
}

/**
 * Analyses a Python pattern for catastrophic backtracking.
 * @param pattern the pattern's value
 * @param flags flags of the call
 * @param dialect `re` or the `regex` module
 */
export function analyseRedos(pattern: string, flags: Partial<RegexFlags>, dialect: "re" | "regex", options: RedosOptions): RedosVerdict {
  const parsed = parseRegex(pattern, flags, dialect);
  if (isParseError(parsed)) return { status: "unknown", reason: "invalid" };
  return analyseParsed(parsed, options);
}

/** Slots of a {@link CharSet}: the 128 ASCII code points, then one for "some code point above ASCII". */
const SLOTS = 129;
/** The non-ASCII slot of a {@link CharSet}. */
const NON_ASCII = 128;
/**
 * Which characters can come next, coarsely: true at index cp for an ASCII code point, and at {@link NON_ASCII}
 * when some non-ASCII code point can (two sets that both have it are taken to overlap).
 */
type CharSet = boolean[];

/**
 * True when some unbounded quantifier repeats an alternation with two branches that can start alike: the shape
 * of exponential ambiguity the first tier does not see (`(?:a|ab)*`). Branches are told apart by up to two
 * characters of look-ahead: `(?:\\x..|\\u....)+` starts every branch with a backslash, but the next character
 * decides which branch matches, so no input can be split into iterations in two ways and the (slow) second tier
 * has nothing to find. That holds only when the alternation is the repeated body itself and each branch has a
 * fixed width (single characters and anchors): then each iteration is one branch, chosen by the next two
 * characters. Any other alternation under the quantifier is judged by first characters alone. A branch that can
 * end after its first character counts as followed by anything. Case-insensitive patterns (global or scoped
 * flags) fold ASCII letters together, and i, k and s with non-ASCII letters; non-ASCII characters are one
 * class, so two branches that can each start with one count as alike.
 */
export function ambiguousAlternation(parsed: ParsedRegex): boolean {
  let fold = parsed.flags.ignoreCase;
  walkRegex(parsed.root, (n) => {
    if ((n as { scoped?: boolean }).scoped) fold = true;
  });
  const ascii = parsed.flags.ascii;
  let found = false;
  walkRegex(parsed.root, (n) => {
    if (found || n.kind !== "quant" || n.possessive || n.max <= HEAVY_REPEAT) return;
    walkRegex(n.atom, (m) => {
      if (found || m.kind !== "alt" || m.branches.length < 2) return;
      // two characters decide only an alternation that is the repeated body itself with fixed-length branches:
      // otherwise an optional or repeated part can overlap the next iteration (`(?:\w(?:ab|ac)?)+` splits
      // `xab` as one iteration or three), and branches are told apart by their first character alone
      const decided = n.atom.kind === "group" && n.atom.body === m && m.branches.every((b) => b.every(isFixedWidth));
      const heads = m.branches.map((b) => (decided ? lookahead(b, fold, ascii) : { first: firstChars(b, fold, ascii), second: anyChar() }));
      for (let i = 0; i < heads.length && !found; i++) {
        for (let j = i + 1; j < heads.length && !found; j++) {
          if (overlap(heads[i].first, heads[j].first) && overlap(heads[i].second, heads[j].second)) found = true;
        }
      }
    });
  });
  return found;
}

/** True when two character sets share a slot. */
function overlap(a: CharSet, b: CharSet): boolean {
  for (let k = 0; k < SLOTS; k++) if (a[k] && b[k]) return true;
  return false;
}

/** A set that allows any character. */
function anyChar(): CharSet {
  return new Array<boolean>(SLOTS).fill(true);
}

/** A node that always matches the same number of characters, with no choice inside: one character, or an anchor. */
function isFixedWidth(n: RegexNode): boolean {
  return isSingleChar(n) || n.kind === "anchor";
}

/** A single-character node: one character of input, whatever comes around it. */
function isSingleChar(n: RegexNode): boolean {
  return n.kind === "char" || n.kind === "class" || n.kind === "dot" || n.kind === "set";
}

/**
 * The first two characters a branch can match: when it starts with a single-character node, that node's
 * characters and the characters the rest of the branch can start with (anything when the rest can be empty);
 * otherwise the characters the branch can start with, followed by anything.
 */
function lookahead(branch: RegexNode[], fold: boolean, ascii: boolean): { first: CharSet; second: CharSet } {
  const head = branch[0];
  if (head && isSingleChar(head)) {
    const rest = branch.slice(1);
    const second = rest.every((n) => nullable(n)) ? anyChar() : firstChars(rest, fold, ascii);
    return { first: charsOf(head, fold, ascii), second };
  }
  return { first: firstChars(branch, fold, ascii), second: anyChar() };
}

/** Whether a class escape can match a non-ASCII code point (`\d \w \s` can unless the ASCII flag is set). */
function classHasNonAscii(cls: string, ascii: boolean): boolean {
  return cls === "D" || cls === "W" || cls === "S" || !ascii;
}

/** The characters one single-character node can match. */
function charsOf(n: RegexNode, fold: boolean, ascii: boolean): CharSet {
  const out = new Array<boolean>(SLOTS).fill(false);
  for (let cp = 0; cp < 128; cp++) if (atomMatches(n, cp)) out[cp] = true;
  switch (n.kind) {
    case "char":
      out[NON_ASCII] = n.cp >= 128;
      break;
    case "class":
      out[NON_ASCII] = classHasNonAscii(n.cls, ascii);
      break;
    case "dot":
      out[NON_ASCII] = true;
      break;
    case "set":
      out[NON_ASCII] = n.negated || n.items.some((it) => (it.kind === "char" ? it.cp >= 128 : it.kind === "range" ? it.hi >= 128 : classHasNonAscii(it.cls, ascii)));
      break;
    default:
      break;
  }
  if (fold) {
    for (let cp = 0x41; cp <= 0x5a; cp++) {
      if (out[cp] || out[cp + 32]) out[cp] = out[cp + 32] = true;
    }
    // under IGNORECASE, i, k and s also match non-ASCII letters (dotless and dotted I, the Kelvin sign, the long s)
    if (out[0x49] || out[0x4b] || out[0x53]) out[NON_ASCII] = true;
  }
  return out;
}

/** Which characters a sequence can start with; unknown parts count as any. */
function firstChars(seq: RegexNode[], fold: boolean, ascii: boolean, depth = 0): CharSet {
  const out = new Array<boolean>(SLOTS).fill(false);
  if (depth > 20) return out.fill(true);
  const add = (set: CharSet): void => set.forEach((v, i) => v && (out[i] = true));
  for (const n of seq) {
    let cont = false;
    switch (n.kind) {
      case "char":
      case "class":
      case "dot":
      case "set":
        add(charsOf(n, fold, ascii));
        break;
      case "anchor":
        cont = true;
        break;
      case "group":
        if (n.group === "capture" || n.group === "plain" || n.group === "atomic") {
          for (const b of n.body.branches) add(firstChars(b, fold, ascii, depth + 1));
          cont = nullable(n.body);
        } else cont = true;
        break;
      case "quant":
        add(firstChars([n.atom], fold, ascii, depth + 1));
        cont = n.min === 0 || nullable(n.atom);
        break;
      default:
        return out.fill(true);
    }
    if (!cont) return out;
  }
  return out;
}

/**
 * True when the JavaScript translation of `parsed` (see `toJavaScript`) keeps a look-ahead or look-behind
 * assertion: one outside atomic groups and possessive quantifiers (which become opaque units) and outside
 * `{0}` repetitions (which recheck does not compile). recheck's automaton checker cannot compile such an
 * assertion and answers "unsupported" for the whole pattern, so the second tier would tell nothing.
 */
export function keepsLookaround(parsed: ParsedRegex): boolean {
  const stack: RegexNode[] = [parsed.root];
  while (stack.length) {
    const node = stack.pop()!;
    switch (node.kind) {
      case "alt":
        for (const branch of node.branches) for (const n of branch) stack.push(n);
        break;
      case "group":
        if (node.group === "ahead" || node.group === "not-ahead" || node.group === "behind" || node.group === "not-behind") return true;
        if (node.group !== "atomic") stack.push(node.body);
        break;
      case "cond":
        stack.push(node.yes);
        if (node.no) stack.push(node.no);
        break;
      case "quant":
        if (!node.possessive && node.max > 0) stack.push(node.atom);
        break;
      default:
        break;
    }
  }
  return false;
}

/** {@link analyseRedos} for a pattern already parsed. */
export function analyseParsed(parsed: ParsedRegex, options: RedosOptions): RedosVerdict {
  if (triviallyLinear(parsed, options.mode)) return { status: "safe" };
  let js;
  try {
    js = toJavaScript(parsed, options.mode);
    new RegExp(js.source, js.flags);
  } catch {
    return { status: "unknown", reason: "unsupported" };
  }
  const key = `${options.mode}:${js.flags}/${js.source}`;
  const cached = cache.get(key);
  if (cached) return cached;
  let verdict = firstTier(js.source, js.flags, options.mode);
  // (a pattern the second tier would answer "unsupported" for skips it: the same verdict, without loading and
  // warming up recheck for nothing)
  if (verdict.complexity !== "exponential" && js.source.length <= SECOND_TIER_MAX_LENGTH && ambiguousAlternation(parsed) && !keepsLookaround(parsed)) {
    const second = secondTier(js.source, js.flags, options.timeoutMs);
    if (second.status === "vulnerable" && second.complexity === "exponential") verdict = second;
    else if (second.reason === "timeout") {
      // depends on the machine's speed: answer, but do not remember
      return { ...verdict, secondTimedOut: true };
    }
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, verdict);
  return verdict;
}

function firstTier(source: string, flags: string, mode: MatchMode): RedosVerdict {
  scslre ??= load<Scslre>("scslre");
  if (!scslre) return { status: "unknown", reason: "analyser unavailable", js: source };
  let reports: ScslreReport[];
  try {
    reports = scslre.analyse({ source, flags }).reports;
  } catch {
    return { status: "unknown", reason: "unsupported", js: source };
  }
  const exp = reports.find((r) => r.exponential);
  if (exp) return { status: "vulnerable", complexity: "exponential", character: exp.character.pick, js: source };
  const inner = reports.find((r) => r.type !== "Move");
  if (inner) {
    const degree = inner.type === "Self" && inner.parentQuant && Number.isFinite(inner.parentQuant.max) ? Math.max(2, inner.parentQuant.max) : 2;
    return { status: "vulnerable", complexity: "polynomial", degree, character: inner.character.pick, js: source };
  }
  const move = reports.find((r) => r.type === "Move");
  if (move && mode === "search") return { status: "vulnerable", complexity: "polynomial", degree: 2, character: move.character.pick, moving: true, js: source };
  return { status: "safe", js: source };
}

function secondTier(source: string, flags: string, timeoutMs: number): RedosVerdict {
  recheck ??= load<Recheck>("recheck");
  if (!recheck) return { status: "unknown", reason: "analyser unavailable", js: source };
  const previous = process.env.RECHECK_SYNC_BACKEND;
  process.env.RECHECK_SYNC_BACKEND = "pure";
  let d: RecheckDiagnostics;
  try {
    d = recheck.checkSync(source, flags, { timeout: timeoutMs, checker: "automaton", randomSeed: 0 });
  } catch {
    return { status: "unknown", reason: "analyser failed", js: source };
  } finally {
    if (previous === undefined) delete process.env.RECHECK_SYNC_BACKEND;
    else process.env.RECHECK_SYNC_BACKEND = previous;
  }
  if (d.status === "unknown") return { status: "unknown", reason: d.error?.kind ?? "unknown", js: source };
  if (d.status !== "vulnerable" || (d.complexity?.type !== "exponential" && d.complexity?.type !== "polynomial")) return { status: "safe", js: source };
  return { status: "vulnerable", complexity: d.complexity.type, degree: d.complexity.degree, attack: d.attack?.pattern?.replace(/\.repeat\((\d+)\)/g, " * $1"), js: source };
}
