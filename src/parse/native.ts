/**
 * pyward's native parser: tree-sitter's C library and the Python grammar compiled to machine code as a Node-API
 * addon (`native/pyward_parser.c`, built by `scripts/build-native.mjs` into `dist/native/pyward-parser.node`),
 * which parses a text and returns pyward's syntax-tree arrays in one call.
 *
 * The WASM parser (web-tree-sitter, `parser.ts`) stays: it is used when the addon was not built (no C
 * compiler), does not load, or differs from it on the check below, when `PYWARD_PARSER=wasm` is set, and for texts
 * over {@link NATIVE_MAX_CHARS}, whose memory the WASM runtime bounds (2 GB) and gives back (see `parser.ts`).
 * Both are built from the same C sources (the build script compares them file for file), so they give the same
 * trees: a file's findings do not depend on which one parsed it.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { HAS_ERROR, MISSING, NAMED, type GrammarTables } from "./syntax-tree.js";

/** The syntax-tree arrays of one text: types, starts, ends, fields, parents, afters, flags (see {@link SyntaxTree}). */
export type NativeArrays = [Uint16Array, Int32Array, Int32Array, Uint16Array, Int32Array, Int32Array, Uint8Array];

/** The addon's exports (see native/pyward_parser.c). */
export interface NativeParser {
  /** Sets the type tables: named flag by type number, ERROR's type number, and the flag bits [NAMED, MISSING, HAS_ERROR]. */
  init(named: Uint8Array, errorType: number, bits: readonly [number, number, number]): void;
  /** The grammar's node type names by tree-sitter symbol id (null where it has none). */
  typeNames(): (string | null)[];
  /**
   * Parses `text` and returns its tree's arrays (UTF-16 offsets), or null when `timeoutMs` milliseconds of wall
   * time ran out (negative: no budget). @throws Error when memory runs out
   */
  parse(text: string, timeoutMs: number): NativeArrays | null;
  /** Parses `text` and drops the tree (for the parse-only benchmark). */
  parseOnly(text: string): void;
}

/** Longest text (UTF-16 code units) the native parser takes; longer ones go to the WASM parser. */
export const NATIVE_MAX_CHARS = 1 << 20;

/** Where the addon may be: beside the compiled modules (dist/parse, dist/bundle), or dist/ seen from src/parse. */
const CANDIDATES = ["../native/pyward-parser.node", "../../dist/native/pyward-parser.node"];

/** Why the native parser is not in use in this thread (undefined while it is). */
let notUsed: string | undefined = "no file was parsed yet";

/**
 * One flag for the whole process (shared with the worker threads through their `workerData`, see
 * {@link parserNoticeFlag}): set by the first thread that says on standard error that a built native parser was
 * not used, so that the line is printed once per run, not once per thread.
 */
let noticeFlag: Int32Array = new Int32Array(new SharedArrayBuffer(4));

/** The process's notice flag, for the pool to hand to its workers. */
export function parserNoticeFlag(): Int32Array {
  return noticeFlag;
}

/** In a worker thread: use the main thread's notice flag (see {@link parserNoticeFlag}). */
export function useParserNoticeFlag(flag: Int32Array | undefined): void {
  if (flag instanceof Int32Array && flag.buffer instanceof SharedArrayBuffer) noticeFlag = flag;
}

/**
 * Marks the native parser as not used for `reason`; when it was built (so the user expects it), says so once per
 * process on standard error: the run goes on with the WASM parser, the same findings, ≈ 20% more CPU.
 */
function fallBack(reason: string): undefined {
  notUsed = reason;
  if (Atomics.compareExchange(noticeFlag, 0, 0, 1) === 0) {
    process.stderr.write(`pyward: the native parser is not used (${reason}); parsing with the WASM parser, which finds the same\n`);
  }
  return undefined;
}

/**
 * The addon at `file` if it is the one the build made: the SHA-256 the build wrote beside it (`<file>.sha256`)
 * must match. A truncated or half-copied shared object would otherwise crash the process when loaded (SIGBUS),
 * where no exception can be caught. @returns the reason it is not, or undefined
 */
function damaged(file: string): string | undefined {
  let expected: string;
  try {
    expected = fs.readFileSync(`${file}.sha256`, "utf8").trim();
  } catch (err) {
    return `${file}.sha256 cannot be read (${(err as NodeJS.ErrnoException).code ?? "error"}): rebuild with npm run build`;
  }
  const actual = createHash("sha256").update(fs.readFileSync(file)).digest("hex");
  return actual === expected ? undefined : `${file} is not the file the build made (its SHA-256 differs): rebuild with npm run build`;
}

/**
 * Loads the addon for a runtime with `grammar`'s tables and checks it against that runtime: the same type names,
 * and the same arrays for `sample` as `reference` gives. Returns undefined (with the reason kept for
 * {@link nativeParserStatus}) when it is switched off, missing, damaged, fails to load or differs; each of the last
 * three is said once on standard error (see {@link fallBack}).
 */
export function loadNativeParser(grammar: GrammarTables, sample: string, reference: (text: string) => NativeArrays | undefined): NativeParser | undefined {
  notUsed = undefined;
  if (process.env.PYWARD_PARSER === "wasm") {
    notUsed = "PYWARD_PARSER=wasm";
    return undefined;
  }
  const file = CANDIDATES.map((c) => fileURLToPath(new URL(c, import.meta.url))).find((f) => fs.existsSync(f));
  if (!file) {
    notUsed = "the native parser was not built (see scripts/build-native.mjs)";
    return undefined;
  }
  try {
    const problem = damaged(file);
    if (problem) return fallBack(problem);
    const addon = createRequire(import.meta.url)(file) as NativeParser;
    addon.init(grammar.named, grammar.errorType, [NAMED, MISSING, HAS_ERROR]);
    const names = addon.typeNames();
    // web-tree-sitter names only the types a node can have (hidden rules read as ERROR there): those must agree
    if (names.length !== grammar.errorType || names.some((n, i) => grammar.typeNames[i] !== "ERROR" && n !== grammar.typeNames[i])) {
      return fallBack("its grammar differs from the WASM parser's");
    }
    const mine = addon.parse(sample, -1);
    const theirs = reference(sample);
    if (!mine || !theirs || !mine.every((a, i) => a.length === theirs[i].length && a.every((x, j) => x === theirs[i][j]))) {
      return fallBack("its trees differ from the WASM parser's");
    }
    return addon;
  } catch (err) {
    return fallBack(`it does not load: ${String((err as Error)?.message ?? err).split("\n")[0]}`);
  }
}

/** "native", or "wasm: " and the reason, for this thread's parser (meaningful once it parsed a file). */
export function nativeParserStatus(): string {
  return notUsed === undefined ? "native" : `wasm: ${notUsed}`;
}
