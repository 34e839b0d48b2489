/**
 * Reading OSV records from a `--db PATH`: a directory of OSV JSON files (searched recursively), a zip of them
 * (such as OSV's per-ecosystem export `PyPI/all.zip`), or one JSON file holding a record or an array of
 * records (such as the PyPA snapshot). Bad entries become {@link AdvisoryProblem}s naming file and line;
 * only a missing or unreadable path throws.
 */
import fs from "node:fs";
import path from "node:path";
import { unzipSync } from "fflate";
import type { AdvisoryProblem } from "./types.js";

/** A fatal problem with an advisory database path: one line, naming the path. */
export class AdvisoryDbError extends Error {
  override name = "AdvisoryDbError";
}

/** Kind of advisory source, by content. */
export type SourceKind = "directory" | "zip" | "json";

/** One raw record read from a source, with where it came from (for messages). */
export interface RawRecord {
  raw: unknown;
  /** File, or `archive.zip!entry.json` for zip entries. */
  file: string;
  /** 0-based position in the file's top-level array, when the file holds an array. */
  index?: number;
  /** 1-based line where the record starts, computed on demand (only problems need it). */
  line(): number;
}

/** Classifies `p`: directory, zip (by its `PK\x03\x04` signature) or JSON file. @throws AdvisoryDbError when absent. */
export function sourceKind(p: string): SourceKind {
  let st: fs.Stats;
  try {
    st = fs.statSync(p);
  } catch {
    throw new AdvisoryDbError(`advisory database not found: ${p}`);
  }
  if (st.isDirectory()) return "directory";
  const fd = fs.openSync(p, "r");
  try {
    const head = Buffer.alloc(4);
    fs.readSync(fd, head, 0, 4, 0);
    return head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04 ? "zip" : "json";
  } finally {
    fs.closeSync(fd);
  }
}

/** `.json` files under `dir`, recursively, sorted, relative paths with `/`. Hidden directories are skipped. */
export function listJsonFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    const abs = rel ? path.join(dir, rel) : dir;
    for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!e.name.startsWith(".")) walk(r);
      } else if (e.name.toLowerCase().endsWith(".json")) out.push(r);
    }
  };
  walk("");
  return out.sort();
}

/**
 * A cheap identity of the source's content, for deciding whether an index is stale: for a file its size and
 * modification time; for a directory the relative path, size and mtime of every `.json` file under it (stat
 * only, no reads).
 */
export function sourceFingerprint(p: string): string {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return `file:${st.size}:${Math.trunc(st.mtimeMs)}`;
  const parts: string[] = [];
  for (const rel of listJsonFiles(p)) {
    const s = fs.statSync(path.join(p, rel));
    parts.push(`${rel}\0${s.size}\0${Math.trunc(s.mtimeMs)}`);
  }
  return `dir:${parts.length}:${hashText(parts.join("\n"))}`;
}

function hashText(s: string): string {
  // FNV-1a 52-bit-ish over UTF-16 units; identity only, not security.
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 16777619) >>> 0;
    h2 = Math.imul(h2 ^ c, 2246822519) >>> 0;
  }
  return h1.toString(16).padStart(8, "0") + h2.toString(16).padStart(8, "0");
}

/** 1-based line of UTF-16 offset `pos` in `text`. */
function lineAt(text: string, pos: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < pos; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/**
 * UTF-16 offset of the first JSON syntax error in `text` (RFC 8259 grammar), for messages when `JSON.parse`
 * does not say where it failed. Returns `text.length` when the error is an unexpected end.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const n = text.length;
  class Stop {
    constructor(readonly at: number) {}
  }
  const ws = (): void => {
    while (i < n && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
  };
  const fail = (): never => {
    throw new Stop(Math.min(i, n));
  };
  const lit = (word: string): void => {
    if (text.startsWith(word, i)) i += word.length;
    else fail();
  };
  const str = (): void => {
    i++; // opening quote
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) fail();
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            i += 1;
            fail();
          }
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else {
          i++;
          fail();
        }
      } else i++;
    }
    fail();
  };
  const num = (): void => {
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === "" || m[0] === "-") fail();
    i += m![0].length;
  };
  const value = (depth: number): void => {
    if (depth > 10_000) fail();
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      ws();
      if (text[i] === "}") {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        str();
        ws();
        if (text[i] !== ":") fail();
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "}") {
          i++;
          return;
        } else fail();
      }
    } else if (c === "[") {
      i++;
      ws();
      if (text[i] === "]") {
        i++;
        return;
      }
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "]") {
          i++;
          return;
        } else fail();
      }
    } else if (c === '"') str();
    else if (c === "t") lit("true");
    else if (c === "f") lit("false");
    else if (c === "n") lit("null");
    else if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) num();
    else fail();
  };
  try {
    value(0);
    ws();
    if (i < n) fail();
    return n;
  } catch (e) {
    if (e instanceof Stop) return e.at;
    return 0;
  }
}

/** Strips a UTF-8 BOM. */
function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

/**
 * Parses one JSON text holding an OSV record or an array of them and hands each to `emit`.
 * A syntax error becomes one problem with the line of the error.
 */
export function readJsonText(text: string, file: string, emit: (r: RawRecord) => void, problems: AdvisoryProblem[]): void {
  text = stripBom(text);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const line = lineAt(text, jsonErrorOffset(text));
    const reason = msg.replace(/\s+/g, " ").replace(/\s*\(line \d+ column \d+\)/, "").slice(0, 160);
    problems.push({ file, line, message: `invalid JSON: ${reason}` });
    return;
  }
  if (Array.isArray(data)) {
    data.forEach((raw, i) => {
      const id = raw && typeof raw === "object" && typeof (raw as { id?: unknown }).id === "string" ? (raw as { id: string }).id : undefined;
      const line = (): number => {
        if (id === undefined) return 1;
        const at = text.indexOf(JSON.stringify(id));
        return at >= 0 ? lineAt(text, at) : 1;
      };
      emit({ raw, file, index: i, line });
    });
    return;
  }
  emit({ raw: data, file, line: () => 1 });
}

/**
 * Reads every OSV record of the source at `p` (see module doc) and hands each to `emit`, in a fixed order
 * (directory files and zip entries sorted by name). Problems (bad JSON, unreadable entries) are pushed to
 * `problems` and the rest is still read.
 *
 * @throws AdvisoryDbError when `p` does not exist or cannot be read as a whole (e.g. a corrupt zip).
 */
export function readOsvSource(p: string, emit: (r: RawRecord) => void, problems: AdvisoryProblem[]): SourceKind {
  const kind = sourceKind(p);
  if (kind === "directory") {
    for (const rel of listJsonFiles(p)) {
      const file = path.join(p, rel);
      let text: string;
      try {
        text = fs.readFileSync(file, "utf8");
      } catch (e) {
        problems.push({ file, line: 0, message: `cannot read: ${(e as Error).message}` });
        continue;
      }
      readJsonText(text, file, emit, problems);
    }
  } else if (kind === "zip") {
    let entries: Record<string, Uint8Array>;
    try {
      entries = unzipSync(fs.readFileSync(p), { filter: (f) => f.name.toLowerCase().endsWith(".json") });
    } catch (e) {
      throw new AdvisoryDbError(`cannot read zip archive ${p}: ${(e as Error).message}`);
    }
    const decoder = new TextDecoder("utf-8", { fatal: false });
    for (const name of Object.keys(entries).sort()) {
      const text = decoder.decode(entries[name]);
      readJsonText(text, `${p}!${name}`, emit, problems);
    }
  } else {
    let text: string;
    try {
      text = fs.readFileSync(p, "utf8");
    } catch (e) {
      throw new AdvisoryDbError(`cannot read advisory database ${p}: ${(e as Error).message}`);
    }
    readJsonText(text, p, emit, problems);
  }
  return kind;
}
