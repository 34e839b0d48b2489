/**
 * Masking of secret values in everything pyward prints (messages, code frames, reports).
 */

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
