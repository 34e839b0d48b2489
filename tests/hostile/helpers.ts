/**
 * Shared helpers of the hostile-input tests: a temporary tree with a "canary" file whose findings must
 * survive whatever the hostile file next to it does, and a per-file outcome read from a scan result.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "vitest";
import type { ScanResult } from "../../src/engine/run.js";
import type { Finding } from "../../src/engine/finding.js";
import { ALL_RULES } from "../../src/rules/index.js";

/** A canary module: one PW202 (line 2) and one PW301 (line 4) that every hostile scan must still report. */
export const CANARY = "import subprocess, hashlib\nsubprocess.run('ls ' + d, shell=True)\n\nhashlib.md5(b'x')\n";

/** Creates a fresh temporary directory holding `canary.py`; returns its path. */
export function tempTree(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pyward-hostile-${prefix}-`));
  fs.writeFileSync(path.join(dir, "canary.py"), CANARY);
  return dir;
}

/** Writes `content` at `rel` under `dir` (parents created); returns the absolute path. */
export function put(dir: string, rel: string, content: string | Uint8Array): string {
  const p = path.join(dir, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
  return p;
}

/** Removes a temporary tree, restoring permissions first so `chmod 000` leftovers do not stop it. Never follows links. */
export function removeTree(dir: string): void {
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    try {
      if (!fs.lstatSync(d).isDirectory()) continue;
      fs.chmodSync(d, 0o755);
      for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, entry.name);
        if (entry.isDirectory()) stack.push(p);
        else if (entry.isFile()) fs.chmodSync(p, 0o644);
      }
    } catch {
      /* gone, unreadable, or a path too long: the rm below may still manage */
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

/** How one file ended: analysed (maybe with PW001), undecodable (PW002) or skipped (PW003), with the reason. */
export interface Outcome {
  status: "analysed" | "PW001" | "PW002" | "PW003" | "absent";
  reason?: string;
}

/** The outcome of the file whose report path ends with `suffix`, read from the pyward diagnostics of `result`. */
export function outcomeOf(result: ScanResult, suffix: string): Outcome {
  const mine = result.findings.filter((f) => f.path === suffix || f.path.endsWith(`/${suffix}`));
  for (const code of ["PW003", "PW002", "PW001"] as const) {
    const f = mine.find((x) => x.code === code);
    if (f) return { status: code, reason: f.message };
  }
  return { status: "analysed" };
}

/** Asserts that the canary's two findings are present and that the run had no internal error. */
export function expectCanary(result: ScanResult): void {
  expect(result.errors).toEqual([]);
  const got = result.findings.filter((f) => f.path.endsWith("canary.py")).map((f) => `${f.line}:${f.code}`);
  expect(got).toContain("2:PW202");
  expect(got).toContain("4:PW301");
}

/** Asserts the reason of a pyward diagnostic is one line of text. */
export function expectOneLine(reason: string | undefined): void {
  expect(reason).toBeTypeOf("string");
  expect(reason!.length).toBeGreaterThan(10);
  expect(reason).not.toMatch(/[\r\n]/);
}

const CODES = new Set(ALL_RULES.map((r) => r.meta.code));

/**
 * Asserts every finding is well formed: a registered code, lines within `[1, lineCount]` (when known),
 * columns ≥ 1 and the end not before the start.
 */
export function expectWellFormed(findings: readonly Finding[], lineCount?: number): void {
  for (const f of findings) {
    const where = `${f.code} at ${f.path}:${f.line}:${f.column}-${f.endLine}:${f.endColumn}`;
    expect(CODES.has(f.code), `${where}: unregistered code`).toBe(true);
    expect(Number.isInteger(f.line) && f.line >= 1, `${where}: line`).toBe(true);
    expect(Number.isInteger(f.column) && f.column >= 1, `${where}: column`).toBe(true);
    expect(f.endLine > f.line || (f.endLine === f.line && f.endColumn >= f.column), `${where}: end before start`).toBe(true);
    if (lineCount !== undefined) expect(f.endLine, `${where}: past the last line ${lineCount}`).toBeLessThanOrEqual(Math.max(1, lineCount));
    expect(typeof f.message === "string" && f.message.length > 0, `${where}: message`).toBe(true);
  }
}
