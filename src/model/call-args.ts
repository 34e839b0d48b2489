/**
 * The arguments of a call, split the way Python binds them (positional, keyword, `*args`, `**kwargs`); the semantic
 * model memoises them per call (`ModuleModel.args`).
 */
import type { Node } from "../parse/parser.js";

/** The arguments of a call, split the way Python binds them. */
export interface CallArgs {
  positional: Node[];
  /** Keyword arguments by name, also those spelled out by a `**{"name": value}` dict literal (the value node is then the pair's value). */
  keywords: Map<string, Node>;
  /** A `*args` occurs; positions at or after `starAt` are unknown. */
  starAt: number;
  /** A `**kwargs` occurs: any keyword may be present. */
  hasDoubleStar: boolean;
}

/** Splits the arguments of `call` (a `call` node) into positional and keyword ones; a fresh object each time. */
export function callArgs(call: Node): CallArgs {
  const out: CallArgs = { positional: [], keywords: new Map(), starAt: -1, hasDoubleStar: false };
  const list = call.childForFieldName("arguments");
  if (!list) return out;
  if (list.type === "generator_expression") {
    out.positional.push(list);
    return out;
  }
  for (const a of list.namedChildren) {
    if (!a || a.type === "comment") continue;
    if (a.type === "keyword_argument") {
      const name = a.childForFieldName("name")?.text;
      const value = a.childForFieldName("value");
      if (name && value) out.keywords.set(name, value);
    } else if (a.type === "list_splat") {
      if (out.starAt < 0) out.starAt = out.positional.length;
    } else if (a.type === "dictionary_splat") {
      // `f(**{"shell": True})`: a dict literal with constant string keys is spelled-out keyword arguments
      const literal = splatKeywords(a);
      if (literal) for (const [k, v] of literal) out.keywords.set(k, v);
      else out.hasDoubleStar = true;
    } else {
      out.positional.push(a);
    }
  }
  return out;
}

/**
 * The keyword arguments a `**{...}` splat spells out, when its operand is a dict literal whose keys are all
 * string literals (`f(**{"shell": True})` is `f(shell=True)`); undefined for any other splat (a variable,
 * a comprehension, a non-literal or duplicated key, a nested `**`), which stays an unknown `**kwargs`.
 */
function splatKeywords(splat: Node): [string, Node][] | undefined {
  let d = splat.namedChildren.find((c) => c && c.type !== "comment") ?? null;
  while (d?.type === "parenthesized_expression") d = d.namedChildren.find((c) => c && c.type !== "comment") ?? null;
  if (d?.type !== "dictionary") return undefined;
  const out: [string, Node][] = [];
  for (const pair of d.namedChildren) {
    if (!pair || pair.type === "comment") continue;
    if (pair.type !== "pair") return undefined;
    const key = pair.childForFieldName("key");
    const value = pair.childForFieldName("value");
    if (!key || !value || key.type !== "string" || key.namedChildren.some((c) => c?.type === "interpolation")) return undefined;
    const content = key.namedChildren.filter((c) => c?.type === "string_content");
    if (key.namedChildren.some((c) => c && !["string_start", "string_content", "string_end"].includes(c.type))) return undefined;
    const name = content.map((c) => c!.text).join("");
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || out.some(([k]) => k === name)) return undefined;
    out.push([name, value]);
  }
  return out;
}
