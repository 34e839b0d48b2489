/**
 * Analyses of a parsed Python regular expression: whether a node can match the empty string, tree walks,
 * start and end anchoring, and which code points a single-character atom matches.
 */
import { MAX_NESTING, type ClassEscape, type RegexNode } from "./pyregex-ast.js";

/** True when `node` can match the empty string. */
export function nullable(node: RegexNode, depth = 0): boolean {
  if (depth > MAX_NESTING * 2) return true;
  switch (node.kind) {
    case "alt":
      return node.branches.some((b) => b.every((n) => nullable(n, depth + 1)));
    case "char":
    case "class":
    case "dot":
    case "set":
      return false;
    case "anchor":
      return true;
    case "group":
      return node.group !== "capture" && node.group !== "plain" && node.group !== "atomic" ? true : nullable(node.body, depth + 1);
    case "backref":
      return true;
    case "cond":
      return nullable(node.yes, depth + 1) || !node.no || nullable(node.no, depth + 1);
    case "quant":
      return node.min === 0 || nullable(node.atom, depth + 1);
  }
}

/** Visits every node of the tree (iteratively; no recursion limit). */
export function walkRegex(root: RegexNode, visit: (node: RegexNode) => void): void {
  const stack: RegexNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    visit(node);
    switch (node.kind) {
      case "alt":
        for (let i = node.branches.length - 1; i >= 0; i--) for (let j = node.branches[i].length - 1; j >= 0; j--) stack.push(node.branches[i][j]);
        break;
      case "group":
        stack.push(node.body);
        break;
      case "cond":
        if (node.no) stack.push(node.no);
        stack.push(node.yes);
        break;
      case "quant":
        stack.push(node.atom);
        break;
      default:
        break;
    }
  }
}

/** The pieces of a sequence that a match of it must start with, seen through plain and capturing groups. */
function branchesOf(node: RegexNode): RegexNode[][] | undefined {
  if (node.kind === "alt") return node.branches;
  if (node.kind === "group" && (node.group === "capture" || node.group === "plain" || node.group === "atomic")) return node.body.branches;
  return undefined;
}

/**
 * True when every way through the pattern starts at the beginning of the string: each branch begins with
 * `\A`, or with `^` outside MULTILINE mode (zero-width lookarounds before it are skipped).
 */
export function startsAnchored(node: RegexNode, depth = 0): boolean {
  const branches = branchesOf(node);
  if (!branches || depth > MAX_NESTING) return false;
  return branches.every((seq) => {
    for (const n of seq) {
      if (n.kind === "anchor") return n.anchor === "A" || (n.anchor === "^" && !n.multiline);
      if (n.kind === "group" && n.group !== "capture" && n.group !== "plain" && n.group !== "atomic") continue;
      if (n.kind === "group") return startsAnchored(n, depth + 1);
      return false;
    }
    return false;
  });
}

/** How the branches of a pattern end: at `\Z`, at `$`, or not anchored at the end. */
export type EndAnchor = "Z" | "dollar" | "none";

/**
 * How every way through the pattern ends: `Z` when each branch ends with `\Z`; `dollar` when each ends with
 * `\Z` or `$` and at least one with `$` (outside MULTILINE mode, `$` also matches before a final newline);
 * `none` when some branch is not anchored at the end (or only by a MULTILINE `$`). Trailing lookarounds are
 * skipped.
 */
export function endAnchor(node: RegexNode, depth = 0): EndAnchor {
  const branches = branchesOf(node);
  if (!branches || depth > MAX_NESTING) return "none";
  let result: EndAnchor = "Z";
  for (const seq of branches) {
    let found: EndAnchor = "none";
    for (let i = seq.length - 1; i >= 0; i--) {
      const n = seq[i];
      if (n.kind === "anchor") {
        if (n.anchor === "Z") found = "Z";
        else if (n.anchor === "$" && !n.multiline) found = "dollar";
        else if (n.anchor === "b" || n.anchor === "B") continue;
        break;
      }
      if (n.kind === "group" && n.group !== "capture" && n.group !== "plain" && n.group !== "atomic") continue;
      if (n.kind === "group") found = endAnchor(n, depth + 1);
      break;
    }
    if (found === "none") return "none";
    if (found === "dollar") result = "dollar";
  }
  return result;
}

/** True when the pattern has a start or end anchor (`^ $ \A \Z`) anywhere; word boundaries do not count. */
export function hasAnchor(root: RegexNode): boolean {
  let found = false;
  walkRegex(root, (n) => {
    if (n.kind === "anchor" && n.anchor !== "b" && n.anchor !== "B") found = true;
  });
  return found;
}

/** True when a set item list (or class escape) can match `cp`, for ASCII `cp` only. */
export function classMatches(cls: ClassEscape, cp: number): boolean {
  const ch = String.fromCodePoint(cp);
  switch (cls) {
    case "d":
      return /\d/.test(ch);
    case "D":
      return !/\d/.test(ch);
    case "w":
      return /\w/.test(ch);
    case "W":
      return !/\w/.test(ch);
    case "s":
      return /\s/.test(ch);
    case "S":
      return !/\s/.test(ch);
  }
}

/** True when a single-character node (char, class, dot, set) can match code point `cp` (case-sensitively). */
export function atomMatches(node: RegexNode, cp: number): boolean {
  switch (node.kind) {
    case "char":
      return node.cp === cp;
    case "class":
      return classMatches(node.cls, cp);
    case "dot":
      return node.dotAll || cp !== 10;
    case "set": {
      const hit = node.items.some((it) => (it.kind === "char" ? it.cp === cp : it.kind === "range" ? it.lo <= cp && cp <= it.hi : classMatches(it.cls, cp)));
      return node.negated ? !hit : hit;
    }
    default:
      return false;
  }
}
