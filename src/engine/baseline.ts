/**
 * Baselines: record today's findings, then report only findings that are new.
 *
 * A baseline maps each finding fingerprint (rule code, normalised flagged statement, enclosing
 * function/class — never the line or the path) to how many findings share it. Matching compares counts per
 * fingerprint: if the code has a fingerprint three times and the baseline twice, one of the three is new.
 * So line shifts, edits elsewhere and moves of unchanged code match, while a second copy of a known
 * vulnerable call is still reported.
 */
import fs from "node:fs";
import { compareFindings } from "./finding.js";
import type { Finding } from "./finding.js";

/** The `schema` value of a baseline file. */
export const BASELINE_SCHEMA = "pyward-baseline";
/**
 * The baseline format version this build writes. Version 2 fingerprints normalise the flagged statement at the
 * token level (a formatter's run does not change them, see `fingerprint.ts`); version 1 baselines are still
 * read and matched through each finding's version 1 fingerprint (`--write-baseline` rewrites them as 2).
 */
export const BASELINE_VERSION = 2;
/** Baseline versions this build reads. */
const READABLE_VERSIONS: readonly number[] = [1, 2];

/** One fingerprint of a baseline: how many findings had it, and one of them described for people. */
export interface BaselineEntry {
  count: number;
  /** Rule code of the example finding. */
  code: string;
  /** Path of the example finding (for people; matching ignores it). */
  path: string;
  /** Message of the example finding (for people; matching ignores it). */
  message: string;
}

/** A baseline file's content. */
export interface Baseline {
  schema: typeof BASELINE_SCHEMA;
  version: number;
  /** Entries by fingerprint. */
  findings: Record<string, BaselineEntry>;
}

/** A baseline that cannot be read or is not a pyward baseline (exit code 2, one line). */
export class BaselineError extends Error {}

/** Builds the baseline of `findings` (the first finding of each fingerprint, in report order, is the example). */
export function createBaseline(findings: readonly Finding[]): Baseline {
  const out: Record<string, BaselineEntry> = {};
  for (const f of [...findings].sort(compareFindings)) {
    const e = out[f.fingerprint];
    if (e) e.count++;
    else out[f.fingerprint] = { count: 1, code: f.code, path: f.path, message: f.message };
  }
  const sorted: Record<string, BaselineEntry> = {};
  for (const k of Object.keys(out).sort()) sorted[k] = out[k];
  return { schema: BASELINE_SCHEMA, version: BASELINE_VERSION, findings: sorted };
}

/** The baseline as JSON text (fingerprints sorted, so the same findings give the same bytes). */
export function serializeBaseline(baseline: Baseline): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

/**
 * Parses and validates a baseline file's text.
 * @param name the file as shown in messages
 * @throws BaselineError with a one-line message naming the file and the problem
 */
export function parseBaseline(text: string, name: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    throw new BaselineError(`${name}: not a pyward baseline (invalid JSON: ${((e as Error).message ?? "").split("\n")[0]})`);
  }
  const obj = data as Partial<Baseline> | null;
  if (typeof obj !== "object" || obj === null || Array.isArray(obj) || obj.schema !== BASELINE_SCHEMA) {
    throw new BaselineError(`${name}: not a pyward baseline (expected "schema": "${BASELINE_SCHEMA}"; write one with --write-baseline)`);
  }
  if (typeof obj.version !== "number" || !READABLE_VERSIONS.includes(obj.version)) {
    throw new BaselineError(`${name}: baseline version ${JSON.stringify(obj.version)} is not supported (expected ${READABLE_VERSIONS.join(" or ")})`);
  }
  const findings = obj.findings as unknown;
  if (typeof findings !== "object" || findings === null || Array.isArray(findings)) throw new BaselineError(`${name}: "findings" must be an object of fingerprint → entry`);
  for (const [fp, e] of Object.entries(findings as Record<string, unknown>)) {
    const entry = e as Partial<BaselineEntry> | null;
    if (typeof entry !== "object" || entry === null || typeof entry.count !== "number" || !Number.isInteger(entry.count) || entry.count < 1) {
      throw new BaselineError(`${name}: entry ${fp}: "count" must be a positive integer`);
    }
  }
  return obj as Baseline;
}

/**
 * Reads a baseline file.
 * @throws BaselineError when it cannot be read or is not valid
 */
export function readBaseline(file: string): Baseline {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new BaselineError(`cannot read baseline ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return parseBaseline(text, file);
}

/**
 * The findings the baseline does not account for. Per fingerprint, the first `count` findings in report
 * order are known; the rest are new.
 * @returns the new findings (in their original order) and how many were known
 */
export function filterBaseline(findings: readonly Finding[], baseline: Baseline): { findings: Finding[]; known: number } {
  const left = new Map<string, number>();
  for (const [fp, e] of Object.entries(baseline.findings)) left.set(fp, e.count);
  const known = new Set<Finding>();
  // a version 1 baseline holds fingerprints of the old scheme
  const idOf = (f: Finding): string => (baseline.version === 1 ? (f.legacyFingerprint ?? f.fingerprint) : f.fingerprint);
  for (const f of [...findings].sort(compareFindings)) {
    const id = idOf(f);
    const n = left.get(id) ?? 0;
    if (n > 0) {
      known.add(f);
      left.set(id, n - 1);
    }
  }
  return { findings: findings.filter((f) => !known.has(f)), known: known.size };
}
