/**
 * Assignment statements seen whole: `a = b = value` is one statement with two targets, which tree-sitter
 * nests as `assignment(a, assignment(b, value))`.
 */
import type { Node } from "../../parse/parser.js";
import { innerAssignmentLinks } from "../../model/module.js";

/**
 * The targets of an assignment statement, outermost first, and the value they all receive. Shared by every
 * handler that asks about the same statement: read only.
 */
export interface AssignmentChain {
  readonly targets: readonly Node[];
  /** The assigned expression; undefined for a bare annotation (`x: int`). */
  readonly value: Node | undefined;
}

/**
 * The whole chain of an `assignment` node, or undefined when `node` is an inner link of a chain (its
 * outermost assignment reports every target). Handlers that call this on every `assignment` therefore see
 * each target once, in linear time even for `a = b = c = … = value` chains thousands long.
 */
export function assignmentChain(node: Node): AssignmentChain | undefined {
  if (node.type !== "assignment") return undefined;
  // the inner links of the chain last seen are remembered (handlers meet the outermost link first, then the
  // inner ones), so each chain is read once however many rules ask
  const last = lastChain;
  if (last && last.tree === node.tree) {
    if (last.outer === node.id) return last.chain;
    if (last.inner?.has(node.id)) return undefined;
  }
  const innerLinks = innerAssignmentLinks(node.tree);
  if (innerLinks ? innerLinks.has(node.id) : node.parent?.type === "assignment") return undefined;
  const targets: Node[] = [];
  let inner: Set<number> | undefined; // most statements have one target: no set for them
  let link: Node | null = node;
  let value: Node | undefined;
  while (link?.type === "assignment") {
    if (link.id !== node.id) (inner ??= new Set()).add(link.id);
    const left = link.childForFieldName("left");
    if (left) targets.push(left);
    const right: Node | null = link.childForFieldName("right");
    if (right?.type !== "assignment") value = right ?? undefined;
    link = right;
  }
  const chain: AssignmentChain = { targets, value };
  lastChain = { tree: node.tree, outer: node.id, inner, chain };
  return chain;
}

/** The chain {@link assignmentChain} computed last: its tree, outermost link, inner links (node ids) and result. */
let lastChain: { tree: Node["tree"]; outer: number; inner: Set<number> | undefined; chain: AssignmentChain } | undefined;
