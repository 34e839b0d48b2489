/**
 * Translation of a parsed Python regular expression into an equivalent JavaScript pattern (for the `u`
 * flag), as the ReDoS analyser needs it.
 */
import { MAX_NESTING, type ParsedRegex, type RegexNode } from "./pyregex-ast.js";
import { nullable, walkRegex } from "./pyregex-analysis.js";

/** A pattern translated to JavaScript syntax (for the `u` flag), with the flags to compile it with. */
export interface JsRegex {
  source: string;
  flags: string;
  /** The translation is approximate: atomic/possessive parts replaced by opaque units, conditionals by alternation, scoped `i` flags dropped. */
  approximate: boolean;
}

/** How a Python call applies a pattern: anywhere in the string, at its start, or to the whole of it. */
export type MatchMode = "search" | "match" | "fullmatch";

const SYNTAX = new Set([..."^$\\.*+?()[]{}|/"]);
const SET_SPECIAL = new Set([..."\\]^-["]);

function emitChar(cp: number, inSet: boolean): string {
  const ch = String.fromCodePoint(cp);
  if (/^[A-Za-z0-9]$/.test(ch)) return ch;
  if (cp >= 0x20 && cp < 0x7f) {
    if (inSet) return SET_SPECIAL.has(ch) ? `\\${ch}` : ch;
    return SYNTAX.has(ch) ? `\\${ch}` : ch;
  }
  return `\\u{${cp.toString(16)}}`;
}

/**
 * Translates a parsed Python pattern into JavaScript for a backtracking analysis. Capturing groups are
 * renumbered, named groups become numbered ones, `\Z`→`$`, `\A`→`^`, `.` spells out whether it matches a
 * newline. Atomic groups and possessive quantifiers cannot backtrack into themselves: each becomes one
 * opaque character of its own (optional when it can match nothing), so they are never blamed for
 * backtracking. Conditionals become an alternation of their branches.
 */
export function toJavaScript(parsed: ParsedRegex, mode: MatchMode = "search"): JsRegex {
  let approximate = false;
  let opaque = 0xe000;
  const jsIndex = new Map<number, number>();
  let nextJs = 0;
  // number the JS capturing groups in order, skipping those hidden inside opaque parts
  const hiddenGroups = new Set<number>();
  walkRegex(parsed.root, (n) => {
    if ((n.kind === "group" && n.group === "atomic") || (n.kind === "quant" && n.possessive)) {
      walkRegex(n, (m) => {
        if (m.kind === "group" && m.group === "capture" && m.index !== undefined) hiddenGroups.add(m.index);
      });
    }
  });
  walkRegex(parsed.root, (n) => {
    if (n.kind === "group" && n.group === "capture" && n.index !== undefined && !hiddenGroups.has(n.index) && !jsIndex.has(n.index)) jsIndex.set(n.index, ++nextJs);
  });

  const opaqueUnit = (node: RegexNode): string => {
    approximate = true;
    const unit = `\\u{${(opaque++).toString(16)}}`;
    if (opaque > 0xf8fe) opaque = 0xe000;
    return nullable(node) ? `${unit}?` : unit;
  };

  const emit = (node: RegexNode, depth: number): string => {
    if (depth > MAX_NESTING * 3) throw new Error("pattern nested too deeply to analyse");
    switch (node.kind) {
      case "alt":
        return node.branches.map((seq) => seq.map((n) => emit(n, depth + 1)).join("")).join("|");
      case "char":
        return emitChar(node.cp, false);
      case "class":
        return `\\${node.cls}`;
      case "dot":
        return node.dotAll ? "[\\s\\S]" : "[^\\n]";
      case "set": {
        const items = node.items.map((it) =>
          it.kind === "char" ? emitChar(it.cp, true) : it.kind === "range" ? `${emitChar(it.lo, true)}-${emitChar(it.hi, true)}` : `\\${it.cls}`,
        );
        if (!items.length) return node.negated ? "[\\s\\S]" : "[]";
        return `[${node.negated ? "^" : ""}${items.join("")}]`;
      }
      case "anchor":
        switch (node.anchor) {
          case "A":
            return "^";
          case "Z":
            return "$";
          case "b":
            return "\\b";
          case "B":
            return "\\B";
          default:
            return node.anchor;
        }
      case "group": {
        if (node.group === "atomic") return opaqueUnit(node);
        const body = emit(node.body, depth + 1);
        switch (node.group) {
          case "capture":
            return `(${body})`;
          case "plain":
            return `(?:${body})`;
          case "ahead":
            return `(?=${body})`;
          case "not-ahead":
            return `(?!${body})`;
          case "behind":
            return `(?<=${body})`;
          case "not-behind":
            return `(?<!${body})`;
        }
        return `(?:${body})`;
      }
      case "backref": {
        const target = jsIndex.get(node.index);
        if (target === undefined) return opaqueUnit(node);
        return `(?:\\${target})`;
      }
      case "cond":
        approximate = true;
        return `(?:${emit(node.yes, depth + 1)}|${node.no ? emit(node.no, depth + 1) : ""})`;
      case "quant": {
        if (node.possessive) return opaqueUnit(node);
        let atom = emit(node.atom, depth + 1);
        if (node.atom.kind === "group" && node.atom.group !== "capture" && node.atom.group !== "plain") atom = `(?:${atom})`;
        else if (atom.endsWith("?") && node.atom.kind !== "group") atom = `(?:${atom})`;
        const q =
          node.min === 0 && node.max === Infinity
            ? "*"
            : node.min === 1 && node.max === Infinity
              ? "+"
              : node.min === 0 && node.max === 1
                ? "?"
                : node.max === Infinity
                  ? `{${node.min},}`
                  : node.min === node.max
                    ? `{${node.min}}`
                    : `{${node.min},${node.max}}`;
        return `${atom}${q}${node.lazy ? "?" : ""}`;
      }
    }
  };

  let source = emit(parsed.root, 0);
  if (mode === "match") source = `^(?:${source})`;
  else if (mode === "fullmatch") source = `^(?:${source})$`;
  let flags = "u";
  if (parsed.flags.ignoreCase) flags += "i";
  if (parsed.flags.multiline) flags += "m";
  walkRegex(parsed.root, (n) => {
    if (n.kind === "group" && n.scoped) {
      // scoped flags such as `(?i:…)` are dropped (JavaScript engines of Node 20 lack them)
      approximate = true;
    }
  });
  return { source, flags, approximate };
}
