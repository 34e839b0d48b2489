import { defineRule } from "../types.js";
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";
import { maskSecret } from "../../engine/mask.js";
import { identifierWords, isSecretLike } from "../util/names.js";
import { judgeSecretValue } from "../util/secrets.js";
import { assignmentChain } from "../util/assignment.js";
import { looksRandom, MIN_RANDOM_LENGTH, SECRET_FORMATS, urlCredentialConfidence } from "../util/secret-formats.js";

/** Words that hint at a secret without making the name one by itself (`key`, `auth`, `bearer`…). */
const HINT_WORDS = new Set(["key", "keys", "auth", "authorization", "bearer", "signing", "private", "webhook", "dsn", "cookie", "session", "license", "licence"]);

/** Shortest literal text scanned for secret formats. */
const MIN_SCANNED = 16;

/** A literal's source text, joined over implicit concatenation, with a map back to file offsets. */
interface LiteralText {
  text: string;
  /** File offset (UTF-16) of each piece's first character, and the piece's offset in `text`. */
  pieces: { at: number; file: number; length: number }[];
}

/** The raw text of the `string_content` parts of a `string` or `concatenated_string`. */
function literalText(node: Node): LiteralText {
  const strings = node.type === "concatenated_string" ? node.namedChildren.filter((c): c is Node => c?.type === "string") : [node];
  const out: LiteralText = { text: "", pieces: [] };
  for (const s of strings) {
    for (const part of s.namedChildren) {
      if (part?.type !== "string_content") continue;
      out.pieces.push({ at: out.text.length, file: part.startIndex, length: part.text.length });
      out.text += part.text;
    }
  }
  return out;
}

/**
 * True when the `string` literal starting at `start` of `text` (the source it was parsed from) may interpolate:
 * it has an `f` or `t` prefix (or no quote where one was expected). Only the value of such a literal can be
 * longer than its source.
 */
function mayInterpolate(text: string, start: number): boolean {
  for (let i = start; i < start + 3 && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 || c === 0x27) return false; // the opening quote: the prefix is read
    if (c === 0x66 || c === 0x46 || c === 0x74 || c === 0x54) return true; // f F t T
  }
  return true;
}

/** File offset of position `i` in a {@link LiteralText}. */
function fileOffset(lit: LiteralText, i: number): number {
  let best = lit.pieces[0];
  for (const p of lit.pieces) if (p.at <= i) best = p;
  return best ? best.file + (i - best.at) : 0;
}

/** The name a store target or compared operand stands for (variable, attribute, constant subscript key). */
function targetName(model: ModuleModel, node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === "identifier") return node.text;
  if (node.type === "attribute") return node.childForFieldName("attribute")?.text;
  if (node.type === "subscript") {
    const key = model.constant(node.childForFieldName("subscript"));
    return typeof key === "string" ? key : undefined;
  }
  return undefined;
}

/**
 * The name a literal is given to: the target of an assignment, a keyword, a parameter with that default, a
 * dictionary key, or the other side of a comparison; with whether that place is one PW303 judges.
 */
function destinationName(model: ModuleModel, literal: Node): string[] {
  let node = literal;
  if (node.parent?.type === "parenthesized_expression") node = node.parent;
  const parent = node.parent;
  if (!parent) return [];
  switch (parent.type) {
    case "assignment": {
      if (parent.childForFieldName("right")?.id !== node.id) return [];
      let top: Node = parent;
      while (top.parent?.type === "assignment") top = top.parent;
      const chain = assignmentChain(top);
      return (chain?.targets ?? []).map((t) => targetName(model, t)).filter((n): n is string => !!n);
    }
    case "keyword_argument":
    case "default_parameter":
    case "typed_default_parameter": {
      if (parent.childForFieldName("value")?.id !== node.id) return [];
      const name = parent.childForFieldName("name")?.text;
      return name ? [name] : [];
    }
    case "pair": {
      if (parent.childForFieldName("value")?.id !== node.id) return [];
      const key = model.constant(parent.childForFieldName("key"));
      return typeof key === "string" ? [key] : [];
    }
    case "comparison_operator": {
      const other = parent.namedChildren.find((c) => c && c.id !== node.id && c.type !== "comment");
      const name = targetName(model, other);
      return name ? [name] : [];
    }
    default:
      return [];
  }
}

/** PW328: a recognisable secret (issued token, private key, JWT, URL password, random key) in a string literal. */
export default defineRule({
  meta: {
    code: "PW328",
    name: "secret-in-literal",
    practice: "password-storage",
    cwe: [798, 321],
    severity: "high",
    confidence: "high",
    aliases: [],
    skipInTests: true,
    docs: {
      what:
        "A string literal, anywhere in the code (an argument, a header dict, a URL, a docstring), holding a secret " +
        "recognisable by its format: AWS access key ids (`AKIA…`), GitHub (`ghp_…`, `github_pat_…`), GitLab, " +
        "Slack (`xoxb-…`, webhook URLs), Stripe live keys (`sk_live_…`), Google API keys (`AIza…`), OpenAI, " +
        "Anthropic, SendGrid, npm and PyPI tokens, `-----BEGIN … PRIVATE KEY-----` blocks (also split over " +
        "implicitly concatenated literals), signed JWTs, and passwords inside URLs (`postgres://app:s3cret@db/…`; " +
        "low confidence for localhost). Also random-looking values (high Shannon entropy) given to names that " +
        "only hint at a secret (`KEY`, `auth`, `signing`, an `Authorization` header). Documentation samples " +
        "(`…EXAMPLE`, jwt.io's sample token, `xxxx`) are skipped. A literal already reported by PW303 (a " +
        "credential given to a password/secret/token/API-key name) is not reported again. The secret is masked " +
        "in every output.",
      why:
        "Issued tokens and keys grant access by themselves: once committed they sit in every clone, fork, " +
        "package and CI log, and bots scan public repositories for these prefixes within minutes of a push. " +
        "The fix is to revoke the secret — removing it from the code is not enough — and load its replacement " +
        "from the environment or a secret manager.",
      bad: 'import requests\n\nrequests.get(url, headers={"Authorization": "token ghp_16C7e42F292c6912E7710c838347Ae178B4a"})\n',
      good: 'import os\nimport requests\n\nrequests.get(url, headers={"Authorization": f"token {os.environ[\'GITHUB_TOKEN\']}"})\n',
      references: [
        "CWE-798",
        "CWE-321",
        "https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html",
        "https://docs.github.com/en/code-security/secret-scanning/introduction/supported-secret-scanning-patterns",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;
    /** Ids of the strings that are parts of a concatenation already scanned whole. */
    const concatenated = new Set<number>();

    /** PW303 reports a non-placeholder constant given to a credential-like name: leave that literal to it. */
    const coveredByPw303 = (literal: Node): boolean => {
      const value = model.constant(literal);
      if (typeof value !== "string") return false;
      return destinationName(model, literal).some((name) => isSecretLike(name) && judgeSecretValue(value, name) !== "placeholder");
    };

    const scan = (literal: Node): void => {
      // the text scanned is made of pieces of the literal's own source, so it is never longer than that:
      // short literals are skipped before their children are read
      if (literal.endIndex - literal.startIndex < MIN_SCANNED) return;
      const lit = literalText(literal);
      if (lit.text.length < MIN_SCANNED || lit.text.length > 200_000) return;
      let covered: boolean | undefined;
      for (const format of SECRET_FORMATS) {
        if (format.needle !== undefined && !lit.text.includes(format.needle)) continue;
        format.pattern.lastIndex = 0;
        for (let m = format.pattern.exec(lit.text); m; m = format.pattern.exec(lit.text)) {
          if (format.accept && !format.accept(m)) continue;
          covered ??= coveredByPw303(literal);
          if (covered) return;
          const group = format.group ?? 0;
          const secretText = m[group];
          const startInMatch = group === 0 ? 0 : m[0].indexOf(secretText, m[0].indexOf(":", m[0].indexOf("://") + 3));
          const start = m.index + Math.max(0, startInMatch);
          const end = start + secretText.length;
          const range = { start: fileOffset(lit, start), end: fileOffset(lit, end - 1) + 1 };
          const confidence = format.label === "password in a URL" ? urlCredentialConfidence(m) : format.confidence;
          const what = format.label === "private key" ? `${(m[1] ?? "").trim() ? `${m[1].trim()} ` : ""}private key block` : format.label;
          const shown = format.label === "private key" ? "-----BEGIN …" : `"${maskSecret(secretText)}"`;
          ctx.report(range, `${what} ${shown} in a string literal; revoke it and load the replacement from the environment or a secret store`, {
            confidence,
            secret: range,
            statement: literal,
          });
          if (format.label === "private key") return;
        }
      }
    };

    /** Random-looking constant given to a name that only hints at a secret (PW303 judges the clearer names). */
    const generic = (names: string[], value: Node | null | undefined, at: Node): void => {
      if (!value || value.type !== "string") return;
      // a value decoded from a literal without interpolation is no longer than the literal's source
      if (value.endIndex - value.startIndex < MIN_RANDOM_LENGTH && !mayInterpolate(ctx.file.text, value.startIndex)) return;
      const v = model.constant(value);
      if (typeof v !== "string" || !looksRandom(v)) return;
      if (SECRET_FORMATS.some((f) => ((f.pattern.lastIndex = 0), f.pattern.test(literalText(value).text)))) return; // reported by scan
      const name = names.find((n) => !isSecretLike(n) && identifierWords(n).some((w) => HINT_WORDS.has(w)));
      if (!name || names.some((n) => isSecretLike(n)) || judgeSecretValue(v, name) === "placeholder") return;
      ctx.report(value, `random-looking value "${maskSecret(v)}" given to '${name}' looks like a hard-coded key; load it from the environment or a secret store`, {
        confidence: "low",
        secret: value,
        statement: at,
      });
    };

    return {
      string(node) {
        // a concatenation is met before its parts, and records them
        if (!concatenated.has(node.id)) scan(node);
      },
      concatenated_string(node) {
        for (const part of node.namedChildren) if (part?.type === "string") concatenated.add(part.id);
        scan(node);
      },
      assignment(node) {
        const chain = assignmentChain(node);
        if (chain?.value?.type !== "string") return; // what `generic` judges: spare the names of the rest
        generic(chain.targets.map((t) => targetName(model, t)).filter((n): n is string => !!n), chain.value, node);
      },
      keyword_argument(node) {
        const name = node.childForFieldName("name")?.text;
        if (name) generic([name], node.childForFieldName("value"), node);
      },
      pair(node) {
        const value = node.childForFieldName("value");
        if (value?.type !== "string") return; // what `generic` judges: spare the key's folding for the rest
        const key = model.constant(node.childForFieldName("key"));
        if (typeof key === "string") generic([key], value, node);
      },
    };
  },
});
