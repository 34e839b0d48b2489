import { defineRule, type Handler } from "../types.js";
import type { Node } from "../../parse/parser.js";

/** Bidirectional embedding, override and isolate controls, with their Unicode names. */
const CONTROLS: Readonly<Record<string, string>> = {
  "\u202A": "LEFT-TO-RIGHT EMBEDDING",
  "\u202B": "RIGHT-TO-LEFT EMBEDDING",
  "\u202C": "POP DIRECTIONAL FORMATTING",
  "\u202D": "LEFT-TO-RIGHT OVERRIDE",
  "\u202E": "RIGHT-TO-LEFT OVERRIDE",
  "\u2066": "LEFT-TO-RIGHT ISOLATE",
  "\u2067": "RIGHT-TO-LEFT ISOLATE",
  "\u2068": "FIRST STRONG ISOLATE",
  "\u2069": "POP DIRECTIONAL ISOLATE",
};
const PATTERN = /[\u202A-\u202E\u2066-\u2069]/g;
/** The same set, for a yes/no test (a global regex keeps state between calls). */
const ANY = /[\u202A-\u202E\u2066-\u2069]/;
const OPENS_EMBEDDING = new Set(["\u202A", "\u202B", "\u202D", "\u202E"]);
const OPENS_ISOLATE = new Set(["\u2066", "\u2067", "\u2068"]);

/**
 * True when the controls in `text` pair up (every embedding/override closed by a PDF, every isolate by a
 * PDI, in order): such text reorders only itself. Unpaired controls leak their direction onto the code
 * that follows on the line, which is what Trojan Source attacks rely on.
 */
export function bidiBalanced(text: string): boolean {
  const stack: ("embedding" | "isolate")[] = [];
  for (const m of text.matchAll(PATTERN)) {
    const c = m[0];
    if (OPENS_EMBEDDING.has(c)) stack.push("embedding");
    else if (OPENS_ISOLATE.has(c)) stack.push("isolate");
    else if (c === "\u202C") {
      if (stack.pop() !== "embedding") return false;
    } else if (stack.pop() !== "isolate") return false;
  }
  return stack.length === 0;
}

const code = (c: string): string => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;

/** PW611: Unicode bidirectional control characters in comments and string literals (Trojan Source). */
export default defineRule({
  meta: {
    code: "PW611",
    name: "bidi-control-character",
    practice: "other",
    cwe: [1007, 838],
    severity: "high",
    confidence: "high",
    aliases: ["B613", "PLE2502"],
    docs: {
      what:
        "Each bidirectional embedding, override or isolate control character (U+202A–U+202E, U+2066–U+2069) " +
        "written as such in a comment or a string literal. When the controls of one comment or literal are not " +
        "paired up, the finding is high severity; paired controls (right-to-left text that only reorders " +
        "itself) are low. Escapes such as `\"\\u202e\"` are visible and not reported; neither are the plain " +
        "direction marks (U+200E, U+200F, U+061C), which cannot reorder code.",
      why:
        "These invisible characters make an editor or a code review display the source in a different order " +
        "from the one Python reads it (\"Trojan Source\", CVE-2021-42574): a comment can appear to close before " +
        "code that is in fact still inside it, or a string can hide a return statement. What reviewers approve " +
        "is then not what runs.",
      bad:
        '# <RLO>, <LRI> and <PDI> stand for the raw, invisible characters U+202E, U+2066 and U+2069\n' +
        'if access_level != "user<RLO> <LRI># Check if admin<PDI> <LRI>":\n    grant_admin()\n',
      good: 'access_level = "user"\nif access_level != "user":  # keep direction controls out of code; write them as \\u escapes when needed\n    grant_admin()\n',
      references: ["CWE-1007", "CWE-838", "https://trojansource.codes/", "https://nvd.nist.gov/vuln/detail/CVE-2021-42574", "https://peps.python.org/pep-0672/"],
    },
  },
  create(ctx) {
    // nearly every file has no control at all: then no comment or string needs reading
    if (!ANY.test(ctx.file.text)) return {};
    const scan = (node: Node, where: "comment" | "string"): void => {
      const text = node.text;
      if (!ANY.test(text)) return;
      const balanced = bidiBalanced(text);
      for (const m of text.matchAll(PATTERN)) {
        const c = m[0];
        const start = node.startIndex + m.index;
        const message = `invisible bidirectional control ${code(c)} ${CONTROLS[c]} in a ${where}: the code may display differently from how Python reads it (Trojan Source); remove it or write it as an escape`;
        const extra = balanced ? { severity: "low" as const, confidence: "medium" as const } : {};
        // comments are reported by their own range (their enclosing statement would be a whole block header)
        if (where === "comment") ctx.report({ start, end: start + c.length }, message, extra);
        else ctx.report({ start, end: start + c.length }, message, { ...extra, statement: node });
      }
    };
    const handlers: Record<string, Handler> = {
      comment: (node) => scan(node, "comment"),
      string_content: (node) => scan(node, "string"),
    };
    return handlers;
  },
});
