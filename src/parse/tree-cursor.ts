/**
 * Copies a tree-sitter tree into a {@link SyntaxTree} by walking a tree cursor through web-tree-sitter's WASM
 * exports: six to seven calls into WASM per node (≈ 170 ns on the standard library). The fallback of the memory
 * reader (`tree-memory.ts`) when that does not match the runtime, and the reference it is checked against.
 */
import type { GrammarTables, SyntaxTree } from "./syntax-tree.js";
import { builder, widened } from "./tree-builder.js";

/**
 * The calls into the tree-sitter runtime a walk needs: web-tree-sitter's WASM exports (`Module._ts_…`), which
 * read and write a tree cursor kept in the runtime's transfer buffer. Each takes the tree's address.
 */
export interface CursorExports {
  _ts_tree_root_node_wasm(tree: number): void;
  _ts_tree_cursor_new_wasm(tree: number): void;
  _ts_tree_cursor_delete_wasm(tree: number): void;
  _ts_tree_cursor_goto_first_child_wasm(tree: number): number;
  _ts_tree_cursor_goto_next_sibling_wasm(tree: number): number;
  _ts_tree_cursor_goto_parent_wasm(tree: number): number;
  _ts_tree_cursor_current_node_type_id_wasm(tree: number): number;
  _ts_tree_cursor_current_field_id_wasm(tree: number): number;
  _ts_tree_cursor_current_node_is_missing_wasm(tree: number): number;
  _ts_tree_cursor_start_index_wasm(tree: number): number;
  _ts_tree_cursor_end_index_wasm(tree: number): number;
  _ts_node_has_error_wasm(tree: number): number;
}

/**
 * Copies the tree at WASM address `treeAddress` (parsed from `text`) into a {@link SyntaxTree}, by one cursor
 * walk in document order. Does not delete the tree-sitter tree (the caller does).
 *
 * The cursor lives in the runtime's transfer buffer between the calls: nothing else may call into the runtime
 * during the walk (it is synchronous).
 */
export function copyTree(api: CursorExports, treeAddress: number, text: string, grammar: GrammarTables): SyntaxTree {
  const tp = treeAddress;
  const errorType = grammar.errorType;
  builder.begin(grammar);
  api._ts_tree_root_node_wasm(tp);
  api._ts_tree_cursor_new_wasm(tp);
  /** Numbers of the nodes the cursor is inside, outermost first. */
  let stack = new Int32Array(256);
  let depth = 0;
  try {
    for (let parent = -1; ; ) {
      const symbol = api._ts_tree_cursor_current_node_type_id_wasm(tp);
      const type = symbol === 0xffff ? errorType : symbol;
      const start = api._ts_tree_cursor_start_index_wasm(tp);
      const end = api._ts_tree_cursor_end_index_wasm(tp);
      const field = api._ts_tree_cursor_current_field_id_wasm(tp);
      const missing = type !== errorType && start === end && api._ts_tree_cursor_current_node_is_missing_wasm(tp) !== 0;
      const self = builder.add(type, start, end, field, parent, missing);
      if (api._ts_tree_cursor_goto_first_child_wasm(tp)) {
        if (depth === stack.length) stack = widened(stack, depth * 2);
        stack[depth++] = self;
        parent = self;
        continue;
      }
      builder.close(self);
      // climb until a sibling is found, closing each finished subtree
      let next = false;
      for (;;) {
        if (api._ts_tree_cursor_goto_next_sibling_wasm(tp)) {
          next = true;
          break;
        }
        if (depth === 0 || !api._ts_tree_cursor_goto_parent_wasm(tp)) break;
        builder.close(stack[--depth]);
      }
      if (!next) break;
      parent = depth > 0 ? stack[depth - 1] : -1;
    }
  } finally {
    api._ts_tree_cursor_delete_wasm(tp);
  }
  // the cursor does not visit hidden tokens (a MISSING newline): the root's own answer covers them for the tree
  api._ts_tree_root_node_wasm(tp);
  if (builder.count > 0 && api._ts_node_has_error_wasm(tp)) builder.markError(0);
  return builder.finish(text);
}
