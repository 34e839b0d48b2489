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
 * Masks `text[start, end)` inside `text` (e.g. a string literal's content inside a source line), keeping
 * quotes outside the range intact.
 */
export function maskRange(text: string, start: number, end: number): string {
  if (start < 0 || end <= start || start >= text.length) return text;
  return text.slice(0, start) + maskSecret(text.slice(start, Math.min(end, text.length))) + text.slice(Math.min(end, text.length));
}
