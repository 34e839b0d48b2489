import type { Tree as TreeSitterTree } from "web-tree-sitter";
import type { SyntaxTree } from "../src/parse/syntax-tree.js";
/** Differences between tree-sitter's tree and pyward's syntax tree of the same text, one line each (at most 20). */
export function diffTrees(ts: TreeSitterTree, flat: SyntaxTree, fieldNames: readonly string[], sample?: number, notes?: string[]): string[];
