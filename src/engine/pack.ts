/**
 * How a {@link ResultPack} (`cache.ts`) stores each file's result: in the pack's entry everything but the project
 * facts and the taint summary, which go, as JSON text, into a second entry read only when a phase needs them.
 *
 * Those two fields are most of a pack (on the standard library ≈ 3.4 of 4.8 MB), and a warm run with a few files
 * edited mostly does not read them: the cross-module taint phase and the project phase are reused when their
 * inputs did not change (`run.ts`). Reading and parsing them anyway was most of the pack's ≈ 0.15 s (the first
 * parse in a process builds every object shape) and of its garbage collection. The pack's entry keeps, per
 * result, a digest of its facts' text (the project phase's reuse compares digests) and whether it has a summary.
 * A result read back has `facts` and `taint` as own enumerable properties whose getter reads the second entry
 * (once per pack), parses the text and then replaces itself with the value, so spreading, `JSON.stringify` and
 * structured cloning see plain data.
 */
import { createHash } from "node:crypto";
import type { FileResult } from "./check-file.js";
import { isFactsShape, isFileResultShape, isSummaryShape } from "./cache-shape.js";

/**
 * A result as a pack's entry stores it: {@link FileResult} without `facts` and `taint`; `factsSum` is the
 * digest of its facts' text ({@link factsSumOf}), `sourced` whether it has a taint summary.
 */
export type PackedResult = Omit<FileResult, "facts" | "taint"> & { factsSum: string; sourced: boolean; taintSum?: string };

/** The second entry of a pack: the facts' and summaries' JSON texts of its results, by index (null: none). */
export interface PackTexts {
  facts: (string | null)[];
  taint: (string | null)[];
}

/** What is known of a result read from a pack without reading its texts. */
interface Stored {
  factsSum: string;
  sourced: boolean;
}

const stored = new WeakMap<FileResult, Stored>();
/** Facts digests of results made in this process, once each. */
const sums = new WeakMap<FileResult, string>();

/** SHA-256 of a text, hex. */
const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

/** The digest of a result without facts. */
const NO_FACTS = "{}";

/** Thrown when the texts of a pack entry turn out missing, not to parse or to have the wrong shape when read. */
export class DamagedPackError extends Error {
  constructor(field: string, path: string) {
    super(`the result cache's entry for ${path} is damaged (its ${field} does not read back); run again with --no-cache, or delete the cache directory`);
  }
}

/** The SHA-256 (hex) of `r`'s facts as JSON text, or `{}` for none: equal digests, equal facts. */
export function factsSumOf(r: FileResult): string {
  const known = stored.get(r)?.factsSum ?? sums.get(r);
  if (known !== undefined) return known;
  const text = JSON.stringify(r.facts);
  const sum = text === "{}" ? NO_FACTS : sha256(text);
  sums.set(r, sum);
  return sum;
}

/** `results` as a pack stores them: the entry's results, and the texts for the second entry. */
export function packResults(results: readonly (FileResult | null)[]): { packed: (PackedResult | null)[]; texts: PackTexts } {
  const texts: PackTexts = { facts: [], taint: [] };
  const packed = results.map((r) => {
    if (!r) {
      texts.facts.push(null);
      texts.taint.push(null);
      return null;
    }
    const { facts, taint, ...rest } = r;
    texts.facts.push(JSON.stringify(facts));
    texts.taint.push(taint === undefined ? null : JSON.stringify(taint));
    const taintText = texts.taint[texts.taint.length - 1];
    return { ...rest, factsSum: factsSumOf(r), sourced: taint !== undefined, ...(taintText === null ? {} : { taintSum: sha256(taintText) }) };
  });
  return { packed, texts };
}

/** Whether `v` has the shape of a {@link PackTexts} for `n` results. */
export function isPackTexts(v: unknown, n: number): v is PackTexts {
  const t = v as PackTexts | undefined;
  const texts = (list: unknown) => Array.isArray(list) && list.length === n && list.every((x) => x === null || typeof x === "string");
  return typeof t === "object" && t !== null && texts(t.facts) && texts(t.taint);
}

/**
 * The `i`-th result of a pack's entry (`v`), with `facts` and `taint` read from `texts()` (the second entry,
 * undefined when missing or of another shape) and parsed on first read; those getters throw
 * {@link DamagedPackError} when the text is missing or does not parse to the right shape. Undefined when `v`
 * is not of the stored shape (checked now).
 */
export function unpackResult(v: unknown, i: number, texts: () => PackTexts | undefined): FileResult | undefined {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return undefined;
  const { factsSum, sourced, taintSum, ...rest } = v as Record<string, unknown>;
  if (typeof factsSum !== "string" || typeof sourced !== "boolean" || !isFileResultShape({ ...rest, facts: {} })) return undefined;
  if (sourced && typeof taintSum !== "string") return undefined;
  const r = rest as unknown as FileResult;
  // each text must be the one this pack entry was written with (the second entry of another run, left by a run
  // killed between the two writes, or by a concurrent one, is damage): checked against its digest here
  lazy(r, "facts", () => (factsSum === NO_FACTS ? "{}" : texts()?.facts[i]), isFactsShape, factsSum === NO_FACTS ? undefined : factsSum);
  if (sourced) lazy(r, "taint", () => texts()?.taint[i], isSummaryShape, taintSum as string);
  stored.set(r, { factsSum, sourced });
  return r;
}

/** Defines `r[field]` as a getter that parses `text()` (checked by `shape`) once, then holds the value. */
function lazy(r: FileResult, field: "facts" | "taint", text: () => string | null | undefined, shape: (v: unknown) => boolean, sum?: string): void {
  Object.defineProperty(r, field, {
    enumerable: true,
    configurable: true,
    get() {
      let value: unknown;
      const t = text() ?? "";
      if (sum !== undefined && sha256(t) !== sum) throw new DamagedPackError(field, r.path);
      try {
        value = JSON.parse(t);
      } catch {
        throw new DamagedPackError(field, r.path);
      }
      if (!shape(value)) throw new DamagedPackError(field, r.path);
      Object.defineProperty(r, field, { value, enumerable: true, configurable: true, writable: true });
      return value;
    },
  });
}

/** Whether `r` carries a taint summary, without reading one of a result from a pack. */
export function hasTaint(r: FileResult): boolean {
  return stored.get(r)?.sourced ?? r.taint !== undefined;
}

/** Whether `r` records any project fact, without reading those of a result from a pack. */
export function hasFacts(r: FileResult): boolean {
  const known = stored.get(r);
  return known ? known.factsSum !== NO_FACTS : Object.keys(r.facts).length > 0;
}

/**
 * A digest (SHA-256, hex) of the project facts of `results`, in order: equal digests, equal inputs of the
 * project phase (`runProjectPhase` in `project.ts`, a function of the facts given the rules).
 */
export function factsDigest(results: readonly FileResult[]): string {
  const h = createHash("sha256");
  for (const r of results) h.update(factsSumOf(r)).update("\0");
  return h.digest("hex");
}
