/**
 * Copies a tree-sitter tree into a {@link SyntaxTree} by reading its subtrees straight from the runtime's WASM
 * memory: the same walk as a tree cursor's (`ts_tree_cursor_goto_first_child` and friends) without a call into
 * WASM per step, at about a third of {@link copyTree}'s cost.
 *
 * It follows the data layout of tree-sitter 0.25 (web-tree-sitter 0.25.10, 32-bit WASM), from the C sources that
 * package ships in `lib/`:
 * - `Subtree` (subtree.h) is 8 bytes: either inline leaf data (bit 0 of byte 0 set: flag bits in byte 0, the
 *   symbol in byte 1, padding bytes in byte 6, size bytes in byte 7) or a pointer to `SubtreeHeapData`
 *   (padding at +4, size at +16, child_count at +36, symbol at +40, flag bits at +44, production_id at +66),
 *   whose children are the `child_count` Subtrees just before it.
 * - `TSTree` (tree.h) starts with the root Subtree, then the language pointer (+8).
 * - `TSLanguage` (parser.h): field_count at +32, max_alias_sequence_length at +36, field_map_slices at +64,
 *   field_map_entries at +68, public_symbol_map at +76, alias_sequences at +84.
 * - Visibility, aliases, positions and fields follow tree_cursor.c: a child is visible when its subtree is or the
 *   parent production aliases it; hidden children are walked through; a node's field is the first non-inherited
 *   field-map entry for it, looking up through hidden (not extra) ancestors.
 *
 * native/pyward_parser.c does the same walk in C, through tree-sitter's own headers, for the native parser: a
 * change to the walk here must be made there too (tests/parse/native.test.ts compares the two).
 *
 * Because a layout can change with the runtime, {@link memoryReaderWorks} compares this copy with the cursor walk
 * on a sample text when the runtime loads; the parser falls back to {@link copyTree} when they differ.
 */
import type { GrammarTables, SyntaxTree } from "./syntax-tree.js";
import { builder, widened } from "./tree-builder.js";

/** The runtime's memory views (the Emscripten module's `HEAPU8`… members; replaced when memory grows). */
export interface WasmHeap {
  HEAPU8: Uint8Array;
  HEAPU16: Uint16Array;
  HEAPU32: Uint32Array;
}

/**
 * Frames of the walk, one per subtree whose children are being visited, {@link FRAME} slots each: the subtree
 * (heap data address; WASM memory stays under 2 GB), the next child's index, the child count, the byte position
 * of the next child's content, the next structural child index, the address of the production's alias sequence
 * (or 0), the production's field map entries [start, end), the number of the visible node the children belong
 * to, and for a hidden subtree its own field (its visible children inherit it), else -1.
 */
const FRAME = 10;
const PTR = 0;
const CHILD = 1;
const COUNT = 2;
const POS = 3;
const SIDX = 4;
const ALIAS = 5;
const MAP = 6;
const MAP_END = 7;
const OWNER = 8;
const FIELD = 9;
let frames: Int32Array = new Int32Array(256 * FRAME);

/**
 * Copies the tree at `treeAddress` (parsed from `text`) out of `heap`. Does not delete the tree-sitter tree.
 * Reads memory only; never calls into the runtime.
 */
export function readTree(heap: WasmHeap, treeAddress: number, text: string, grammar: GrammarTables): SyntaxTree {
  const u8 = heap.HEAPU8;
  const u16 = heap.HEAPU16;
  const u32 = heap.HEAPU32;
  const errorType = grammar.errorType;
  const language = u32[(treeAddress + 8) >> 2];
  const fieldCount = u32[(language + 32) >> 2];
  const maxAlias = u16[(language + 36) >> 1];
  const fieldSlices = u32[(language + 64) >> 2];
  const fieldEntries = u32[(language + 68) >> 2];
  const publicSymbols = u32[(language + 76) >> 2];
  const aliasSequences = u32[(language + 84) >> 2];

  builder.begin(grammar);
  let depth = 0;
  // bounds no valid tree reaches (a few nodes per character at most), so that a layout this reader misreads
  // ends in an error (and the cursor fallback) rather than a runaway walk: nodes, subtrees entered, addresses
  const maxNodes = 16 * (text.length + 16);
  let budget = 64 * (text.length + 64);
  const heapEnd = u8.length;
  const misread = (): never => {
    throw new Error("tree-sitter's tree memory is not laid out as this reader expects");
  };

  /** Opens a frame for the children of heap subtree `ptr` whose content starts at byte `pos`. */
  const open = (ptr: number, pos: number, owner: number, field: number): void => {
    const count = u32[(ptr + 36) >> 2];
    if (--budget < 0 || ptr <= 0 || ptr + 72 > heapEnd || count > maxNodes || ptr - 8 * count < 0) misread();
    const f = depth * FRAME;
    if (f === frames.length) frames = widened(frames, 2 * frames.length);
    const production = u16[(ptr + 66) >> 1];
    frames[f + PTR] = ptr;
    frames[f + CHILD] = 0;
    frames[f + COUNT] = count;
    frames[f + POS] = pos;
    frames[f + SIDX] = 0;
    frames[f + ALIAS] = production ? aliasSequences + 2 * production * maxAlias : 0;
    if (fieldCount) {
      const slice = fieldSlices + 4 * production;
      const index = u16[slice >> 1];
      const length = u16[(slice + 2) >> 1];
      frames[f + MAP] = fieldEntries + 4 * index;
      frames[f + MAP_END] = fieldEntries + 4 * (index + length);
    } else {
      frames[f + MAP] = 0;
      frames[f + MAP_END] = 0;
    }
    frames[f + OWNER] = owner;
    frames[f + FIELD] = field;
    depth++;
  };

  // the root: visible, never aliased, its content after its padding
  const root = treeAddress;
  const rootInline = u8[root] & 1;
  const rootPtr = rootInline ? 0 : u32[root >> 2];
  const rootPadding = rootInline ? u8[root + 6] : u32[(rootPtr + 4) >> 2];
  const rootSize = rootInline ? u8[root + 7] : u32[(rootPtr + 16) >> 2];
  {
    const symbol = rootInline ? u8[root + 1] : u16[(rootPtr + 40) >> 1];
    const type = symbol === 0xffff ? errorType : u16[(publicSymbols + 2 * symbol) >> 1];
    const missing = (rootInline ? (u8[root] >> 5) & 1 : (u8[rootPtr + 45] >> 1) & 1) !== 0;
    builder.add(type, rootPadding >> 1, (rootPadding + rootSize) >> 1, 0, -1, missing);
    if (!rootInline && u32[(rootPtr + 36) >> 2] > 0) open(rootPtr, rootPadding, 0, -1);
    else builder.close(0);
  }

  while (depth > 0) {
    const d = (depth - 1) * FRAME;
    const k = frames[d + CHILD];
    const count = frames[d + COUNT];
    if (k === count) {
      // the frame is done; a visible subtree's node ends here
      depth--;
      if (frames[d + FIELD] === -1) builder.close(frames[d + OWNER]);
      continue;
    }
    const ptr = frames[d + PTR];
    const child = ptr - 8 * (count - k);
    const inline = u8[child] & 1;
    const heapPtr = inline ? 0 : u32[child >> 2];
    if (!inline && (heapPtr <= 0 || heapPtr + 72 > heapEnd)) misread();
    let bits: number;
    let symbol: number;
    let childCount: number;
    let sizeBytes: number;
    let missing: number;
    if (inline) {
      bits = u8[child];
      symbol = u8[child + 1];
      childCount = 0;
      sizeBytes = u8[child + 7];
      missing = (bits >> 5) & 1;
      bits >>= 1; // visible bit 0, named bit 1, extra bit 2, as in the heap layout
    } else {
      bits = u8[heapPtr + 44];
      symbol = u16[(heapPtr + 40) >> 1];
      childCount = u32[(heapPtr + 36) >> 2];
      sizeBytes = u32[(heapPtr + 16) >> 2];
      missing = (u8[heapPtr + 45] >> 1) & 1;
    }
    const extra = (bits >> 2) & 1;
    const start = frames[d + POS];
    const end = start + sizeBytes;
    // advance the frame past this child: its size, then the next child's padding
    frames[d + CHILD] = k + 1;
    let next = end;
    if (k + 1 < count) {
      const nc = child + 8;
      next += u8[nc] & 1 ? u8[nc + 6] : u32[(u32[nc >> 2] + 4) >> 2];
    }
    frames[d + POS] = next;
    let alias = 0;
    let sidx = -1;
    if (!extra) {
      sidx = frames[d + SIDX]++;
      const aliases = frames[d + ALIAS];
      if (aliases) alias = u16[(aliases + 2 * sidx) >> 1];
    }
    // the field: a non-inherited entry of this production for the child, else (through a hidden parent) the parent's
    let field = 0;
    if (!extra) {
      for (let e = frames[d + MAP], stop = frames[d + MAP_END]; e < stop; e += 4) {
        if (u8[e + 2] === sidx && u8[e + 3] === 0) {
          field = u16[e >> 1];
          break;
        }
      }
      if (field === 0 && frames[d + FIELD] > 0) field = frames[d + FIELD];
    }
    const visible = (bits & 1) !== 0 || alias !== 0;
    if (visible) {
      if (builder.count >= maxNodes) misread();
      const s = alias || symbol;
      const type = s === 0xffff ? errorType : u16[(publicSymbols + 2 * s) >> 1];
      const self = builder.add(type, start >> 1, end >> 1, field, frames[d + OWNER], missing !== 0);
      if (childCount > 0) open(heapPtr, start, self, -1);
      else builder.close(self);
    } else if (childCount > 0) {
      // a hidden rule: its children belong to the visible owner; they inherit its field unless it is an extra
      open(heapPtr, start, frames[d + OWNER], extra ? 0 : field);
    } else if (missing) {
      // a hidden token the parser inserted (a MISSING newline): an error of the visible node it belongs to
      builder.markError(frames[d + OWNER]);
    }
  }
  return builder.finish(text);
}
