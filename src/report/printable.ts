/**
 * Making scanned text safe to print on a terminal: code, file names and messages come from the scanned
 * repository, which is untrusted. Control characters (C0 except tab, DEL, C1) and bidirectional
 * overrides would let it clear the screen, retitle the window or reorder what the reader sees.
 */

// C0 controls except tab, DEL and C1 controls, and the bidirectional embedding/override/isolate characters
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Replaces every control or bidirectional-override character with a visible escape (`\x1b`, `\u202e`). */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}
