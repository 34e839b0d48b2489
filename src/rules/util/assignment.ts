/**
 * Assignment statements seen whole: `a = b = value` is one statement with two targets, which tree-sitter
 * nests as `assignment(a, assignment(b, value))`.
 */
import type { Node } from "../../parse/parser.js";

/** The targets of an assignment statement, outermost first, and the value they all receive. */
export interface AssignmentChain {
  targets: Node[];
  /** The assigned expression; undefined for a bare annotation (`x: int`). */
  value: Node | undefined;
}

/**
 * The whole chain of an `assignment` node, or undefined when `node` is an inner link of a chain (its
 * outermost assignment reports every target). Handlers that call this on every `assignment` therefore see
 * each target once, in linear time even for `a = b = c = … = value` chains thousands long.
 */
export function assignmentChain(node: Node): AssignmentChain | undefined {
  if (node.type !== "assignment" || node.parent?.type === "assignment") return undefined;
  const targets: Node[] = [];
  let link: Node | null = node;
  let value: Node | undefined;
  while (link?.type === "assignment") {
    const left = link.childForFieldName("left");
    if (left) targets.push(left);
    const right: Node | null = link.childForFieldName("right");
    if (right?.type !== "assignment") value = right ?? undefined;
    link = right;
  }
  return { targets, value };
}
