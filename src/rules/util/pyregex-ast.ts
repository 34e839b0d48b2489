/**
 * The syntax tree of a Python regular expression as `parseRegex` (pyregex.ts) reads it: node and flag types,
 * and the nesting limit that every walk over the tree respects.
 */
/** Flags that change how a pattern is read or matched. */
export interface RegexFlags {
  ignoreCase: boolean;
  multiline: boolean;
  dotAll: boolean;
  verbose: boolean;
  ascii: boolean;
}

/** No flags set. */
export const NO_FLAGS: Readonly<RegexFlags> = { ignoreCase: false, multiline: false, dotAll: false, verbose: false, ascii: false };

/** A class escape: `\d \D \w \W \s \S`. */
export type ClassEscape = "d" | "D" | "w" | "W" | "s" | "S";

/** An item of a character set `[…]`. */
export type SetItem =
  | { kind: "char"; cp: number; start: number; end: number }
  | { kind: "range"; lo: number; hi: number; start: number; end: number }
  | { kind: "class"; cls: ClassEscape; start: number; end: number };

/** Alternatives (`a|b`; a single branch when there is no `|`), each a sequence of nodes. */
export interface AltNode {
  kind: "alt";
  branches: RegexNode[][];
  start: number;
  end: number;
}

/** A node of the syntax tree; `start`/`end` are offsets into the pattern text. */
export type RegexNode =
  | AltNode
  | { kind: "char"; cp: number; start: number; end: number }
  | { kind: "class"; cls: ClassEscape; start: number; end: number }
  | { kind: "dot"; dotAll: boolean; start: number; end: number }
  | { kind: "set"; negated: boolean; items: SetItem[]; start: number; end: number }
  | { kind: "anchor"; anchor: "^" | "$" | "A" | "Z" | "b" | "B"; multiline: boolean; start: number; end: number }
  | {
      kind: "group";
      /** `capture`: `(…)`/`(?P<n>…)`; `plain`: `(?:…)` and scoped flags; `atomic`: `(?>…)`; lookarounds. */
      group: "capture" | "plain" | "atomic" | "ahead" | "not-ahead" | "behind" | "not-behind";
      /** Python's number of a capturing group. */
      index?: number;
      name?: string;
      /** A `(?i-s:…)` group with flags of its own. */
      scoped?: boolean;
      body: AltNode;
      start: number;
      end: number;
    }
  | { kind: "backref"; index: number; start: number; end: number }
  | { kind: "cond"; yes: AltNode; no: AltNode | undefined; start: number; end: number }
  | { kind: "quant"; min: number; max: number; lazy: boolean; possessive: boolean; atom: RegexNode; start: number; end: number };

/** A parsed pattern. */
export interface ParsedRegex {
  /** The whole pattern (an `alt` node, possibly with one branch). */
  root: AltNode;
  /** Flags in effect: those passed to the call merged with the global inline flags. */
  flags: RegexFlags;
  /** Number of capturing groups. */
  groups: number;
}

/** Why a pattern could not be read. */
export interface RegexParseError {
  error: string;
  offset: number;
}

/** Deepest group nesting read; deeper patterns are reported as unreadable rather than overflowing the stack. */
export const MAX_NESTING = 200;
