/**
 * Reading OpenSSL cipher strings (`"ECDHE+AESGCM:!aNULL:!MD5"`): which entries add weak suites.
 *
 * Syntax (OpenSSL `ciphers(1)`): entries separated by `:` (also `,` or spaces); an entry is a keyword, a
 * suite name, or keywords joined by `+` (their intersection); a leading `!` removes suites for good, `-`
 * removes them, `+` moves them to the end; `@STRENGTH`/`@SECLEVEL=n` are commands.
 */
import { COMPLEMENT_KEYWORDS, WEAK_CIPHER_TOKENS, type WeakCipherToken } from "../../model/knowledge/tls.js";
import { HOLE } from "../../model/module.js";
import { LEVEL_RANK } from "../../engine/finding.js";

/** One weak entry found in a cipher string. */
export interface WeakCipherEntry extends WeakCipherToken {
  /** The entry as written (`RC4-SHA`, `ALL`, `@SECLEVEL=0`). */
  entry: string;
}

const ALL_WITHOUT_EXCLUSIONS: WeakCipherToken = { problem: "anonymous (unauthenticated) suites, since ALL includes aNULL unless it is excluded", severity: "medium" };
const COMPLEMENT: WeakCipherToken = { problem: "the weak suites OpenSSL keeps out of DEFAULT", severity: "high" };
const SECLEVEL0: WeakCipherToken = { problem: "security level 0, which re-enables every weak algorithm and key size", severity: "high" };

/** The weak tokens of one keyword or suite-name component (`DES-CBC3-SHA` → Triple DES; `EXP-RC4-MD5` → three). */
function weakTokens(component: string): WeakCipherToken[] {
  const lower = component.toLowerCase();
  if (Object.hasOwn(WEAK_CIPHER_TOKENS, lower)) return [WEAK_CIPHER_TOKENS[lower]];
  const parts = lower.split(/[-_]/).filter(Boolean);
  if (parts.length < 2) return [];
  const tripleDes = parts.includes("cbc3") || parts.includes("ede") || parts.includes("3des");
  const out: WeakCipherToken[] = [];
  for (const p of parts) {
    // `LOW`, `aNULL`, `eNULL` are keywords, never parts of a suite name
    if (p === "low" || p === "anull" || p === "enull") continue;
    const t = p === "des" && tripleDes ? WEAK_CIPHER_TOKENS["3des"] : Object.hasOwn(WEAK_CIPHER_TOKENS, p) ? WEAK_CIPHER_TOKENS[p] : undefined;
    if (t && !out.includes(t)) out.push(t);
  }
  return out;
}

/** The most severe of some tokens. */
function worstOf(tokens: WeakCipherToken[]): WeakCipherToken | undefined {
  let worst: WeakCipherToken | undefined;
  for (const t of tokens) if (!worst || LEVEL_RANK[t.severity] > LEVEL_RANK[worst.severity]) worst = t;
  return worst;
}

/**
 * The entries of a cipher string that add weak suites not excluded elsewhere in it with `!` or `-`
 * (`"RC4-SHA:AES128-SHA"` → `RC4-SHA`; `"HIGH:RC4-SHA:!RC4"` → nothing, since `!RC4` removes every RC4 suite).
 * Entries containing {@link HOLE} (a part computed at run time) are skipped.
 */
export function weakCipherEntries(text: string): WeakCipherEntry[] {
  const entries = text.split(/[:,\s]+/).filter(Boolean);
  const removed = new Set<WeakCipherToken>();
  const removedWords = new Set<string>();
  for (const e of entries) {
    if (!e.startsWith("!") && !e.startsWith("-")) continue;
    const word = e.slice(1).toLowerCase();
    removedWords.add(word);
    if (Object.hasOwn(WEAK_CIPHER_TOKENS, word)) removed.add(WEAK_CIPHER_TOKENS[word]);
  }
  const out: WeakCipherEntry[] = [];
  for (const entry of entries) {
    if (entry.includes(HOLE)) continue;
    if (entry.startsWith("!") || entry.startsWith("-") || entry.startsWith("+")) continue;
    if (entry.startsWith("@")) {
      if (/^@SECLEVEL=0$/i.test(entry)) out.push({ entry, ...SECLEVEL0 });
      continue;
    }
    const lower = entry.toLowerCase();
    if (removedWords.has(lower)) continue;
    if (lower === "all") {
      if (!removed.has(WEAK_CIPHER_TOKENS.anull)) out.push({ entry, ...ALL_WITHOUT_EXCLUSIONS });
      continue;
    }
    if (COMPLEMENT_KEYWORDS.has(lower)) {
      out.push({ entry, ...COMPLEMENT });
      continue;
    }
    const tokens = entry.split("+").flatMap(weakTokens);
    if (tokens.some((t) => removed.has(t))) continue;
    const worst = worstOf(tokens);
    if (worst) out.push({ entry, ...worst });
  }
  return out;
}
