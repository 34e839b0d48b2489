/**
 * Masking of secret values in everything pyward prints (messages, code frames, reports).
 */
import type { SourceFile } from "../parse/source.js";
import type { Finding } from "./finding.js";

/**
 * Masks a secret: keeps at most its first character when it is long enough to stay unguessable, and
 * replaces the rest with a fixed `****` (the length is not revealed).
 */
export function maskSecret(value: string): string {
  if (value.length >= 8) return `${value[0]}****`;
  return "****";
}

/**
 * Masks the part of `text` that overlaps `[start, end)` (e.g. a string literal's content inside a source
 * line), keeping quotes outside the range intact. The range may start before `text` or end after it: each
 * line of a secret that spans several lines (a private key block) is masked where it overlaps.
 */
export function maskRange(text: string, start: number, end: number): string {
  const s = Math.max(0, start);
  const e = Math.min(end, text.length);
  if (e <= s) return text;
  return text.slice(0, s) + maskSecret(text.slice(s, e)) + text.slice(e);
}

/** Re-masks a finding's snippet lines (code frame) in place wherever they overlap one of the file's secret ranges. */
export function maskSnippet(f: Finding, file: SourceFile, secrets: readonly [number, number][]): void {
  if (!f.snippet?.length) return;
  const first = f.statementLines?.[0] ?? f.line;
  f.snippet = f.snippet.map((text, i) => {
    const lineStart = file.lineStarts[first + i - 1];
    if (lineStart === undefined) return text;
    const lineEnd = lineStart + file.lineText(first + i).length;
    let out = file.lineText(first + i);
    if (out !== text && !secrets.some(([a, b]) => a < lineEnd && b > lineStart)) return text;
    // mask from the right so earlier offsets stay valid
    for (const [a, b] of [...secrets].sort((x, y) => y[0] - x[0])) {
      if (a < lineEnd && b > lineStart) out = maskRange(out, Math.max(a, lineStart) - lineStart, Math.min(b, lineEnd) - lineStart);
    }
    return out;
  });
}
