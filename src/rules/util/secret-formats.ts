/**
 * Secret values recognised by their shape rather than by the name they are stored under: issued tokens with a
 * fixed prefix (AWS, GitHub, Slack, Stripe, Google…), private key blocks, signed JWTs, credentials inside URLs,
 * and random-looking strings (Shannon entropy). Used by the rule that scans string literals for secrets.
 */
import { judgeSecretValue } from "./secrets.js";

/** One recognisable secret format. */
export interface SecretFormat {
  /** Human name for messages (`GitHub token`). */
  label: string;
  /** Global regular expression over a literal's source text. */
  pattern: RegExp;
  /**
   * Text that every match of {@link SecretFormat.pattern} contains (case-sensitive): the pattern need not run
   * over text without it (a fast substring search first). Must be kept true when the pattern changes.
   */
  needle?: string;
  confidence: "high" | "medium" | "low";
  /** Index of the capture group holding the secret part to judge and mask (default: the whole match). */
  group?: number;
  /** Extra check of a match (placeholders, sample values). */
  accept?: (match: RegExpExecArray) => boolean;
}

/** Shannon entropy of a string, in bits per character. */
export function shannonEntropy(s: string): number {
  if (!s) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const n = [...s].length;
  let h = 0;
  for (const c of counts.values()) {
    const p = c / n;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Sample, documentation and masked values: AWS's `…EXAMPLE` keys, `xxxxxx`, `000000…`, `your_token`. */
const SAMPLE = /example|sample|dummy|placeholder|redacted|fake|your[_-]|x{6,}|X{6,}|\*{3,}|0{12,}|(?:1234567890){2}|abcdefghij/i;

/** True when the random part of a token is too regular to be an issued secret (`ghp_aaaa…`). */
function tooRegular(body: string): boolean {
  return new Set(body).size < 8;
}

/** Accepts a match whose whole text is not a sample value and whose body (after `prefixLength`) looks random. */
function randomBody(prefixLength: number): (m: RegExpExecArray) => boolean {
  return (m) => !SAMPLE.test(m[0]) && !tooRegular(m[0].slice(prefixLength));
}

/** The jwt.io sample token's payload (`"sub": "1234567890", "name": "John Doe"`), common in docs and tests. */
function isSampleJwt(token: string): boolean {
  const payload = token.split(".")[1];
  try {
    const json = Buffer.from(payload, "base64url").toString("utf8");
    return /"name"\s*:\s*"John Doe"|"sub"\s*:\s*"1234567890"/.test(json) || SAMPLE.test(json);
  } catch {
    return false;
  }
}

/** Documentation hosts (RFC 2606 names) and sample passwords: `https://foo:bar@example.com/`. */
const SAMPLE_HOST = /(?:^|\.)(?:example\.(?:com|org|net)|example|test|invalid)(?::\d+)?$/i;
const SAMPLE_PASSWORDS = new Set(["foo", "bar", "baz", "qux", "test", "demo", "pw", "passw0rd", "hunter2", "s3cret", "p4ssw0rd"]);

/** Hosts where a credential in a URL is a local development default rather than a deployed secret. */
const LOCAL_HOST = /^(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|::1)(?::\d+)?$/i;

/**
 * Formats of issued secrets, most specific first. Patterns avoid matching inside longer runs of token
 * characters (a look-behind and look-ahead on each side).
 */
export const SECRET_FORMATS: readonly SecretFormat[] = [
  {
    label: "private key",
    needle: "-----BEGIN ",
    pattern: /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY(?: BLOCK)?-----(?:(?!-----END)[\s\S]){0,64}?[A-Za-z0-9+/=]{40,}(?:(?!-----END)[\s\S])*(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----)?/g,
    confidence: "high",
  },
  { label: "AWS access key id", pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])/g, confidence: "high", accept: randomBody(4) },
  { label: "GitHub token", needle: "gh", pattern: /(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36,251}(?![A-Za-z0-9_])/g, confidence: "high", accept: randomBody(4) },
  { label: "GitHub fine-grained token", needle: "github_pat_", pattern: /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{80,}(?![A-Za-z0-9_])/g, confidence: "high", accept: randomBody(11) },
  { label: "GitLab token", needle: "glpat-", pattern: /(?<![A-Za-z0-9_-])glpat-[A-Za-z0-9_-]{20,}(?![A-Za-z0-9_-])/g, confidence: "high", accept: randomBody(6) },
  { label: "Slack token", needle: "xox", pattern: /(?<![A-Za-z0-9-])xox[abposre]-[0-9A-Za-z]{6,}(?:-[0-9A-Za-z]{6,}){1,4}(?![A-Za-z0-9-])/g, confidence: "high", accept: randomBody(5) },
  {
    label: "Slack webhook URL",
    needle: "https://hooks.slack.com/services/T",
    pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{6,}\/B[A-Z0-9]{6,}\/[A-Za-z0-9]{20,}/g,
    confidence: "high",
    accept: randomBody(33),
  },
  { label: "Stripe live secret key", needle: "_live_", pattern: /(?<![A-Za-z0-9_])(?:sk|rk)_live_[0-9A-Za-z]{20,}(?![A-Za-z0-9_])/g, confidence: "high", accept: randomBody(8) },
  { label: "Google API key", needle: "AIza", pattern: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g, confidence: "high", accept: randomBody(4) },
  {
    label: "OpenAI API key",
    needle: "T3BlbkFJ",
    pattern: /(?<![A-Za-z0-9_-])sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{16,}T3BlbkFJ[A-Za-z0-9_-]{16,}(?![A-Za-z0-9_-])/g,
    confidence: "high",
    accept: randomBody(3),
  },
  { label: "Anthropic API key", needle: "sk-ant-", pattern: /(?<![A-Za-z0-9_-])sk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,}(?![A-Za-z0-9_-])/g, confidence: "high", accept: randomBody(14) },
  { label: "SendGrid API key", needle: "SG.", pattern: /(?<![A-Za-z0-9_-])SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g, confidence: "high", accept: randomBody(3) },
  { label: "npm token", needle: "npm_", pattern: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/g, confidence: "high", accept: randomBody(4) },
  { label: "PyPI token", needle: "pypi-AgEIcHlwaS5vcmc", pattern: /(?<![A-Za-z0-9_-])pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}(?![A-Za-z0-9_-])/g, confidence: "high", accept: randomBody(20) },
  {
    label: "JSON Web Token",
    needle: ".eyJ",
    pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,}(?![A-Za-z0-9_-])/g,
    confidence: "medium",
    accept: (m) => !isSampleJwt(m[0]),
  },
  {
    label: "password in a URL",
    // scheme://user:password@host — the password is group 2
    needle: "://",
    pattern: /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,20}:\/\/([^\s:@/'"{}<>%$]{1,64}):([^\s@/'"{}<>]{1,128})@([A-Za-z0-9.[\]:-]+)/g,
    confidence: "medium",
    group: 2,
    accept: (m) =>
      !/^[*x•]+$/i.test(m[2]) &&
      !/[%$]/.test(m[2]) &&
      !SAMPLE_HOST.test(m[3]) &&
      !SAMPLE_PASSWORDS.has(m[2].toLowerCase()) &&
      judgeSecretValue(m[2], "password") === "secret",
  },
];

/** Confidence of a URL credential match: low for local development hosts or a password equal to the user. */
export function urlCredentialConfidence(m: RegExpExecArray): "low" | "medium" {
  return LOCAL_HOST.test(m[3] ?? "") || m[1] === m[2] ? "low" : "medium";
}

/** Authorization schemes that may precede a token in a header value. */
const AUTH_SCHEME = /^(?:Bearer|Token|Basic|Bot|ApiKey|Key)\s+/i;

/** A UUID: random, but usually an identifier rather than a secret. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Fewest characters of a value {@link looksRandom} accepts. */
export const MIN_RANDOM_LENGTH = 20;

/**
 * True when a string looks like a randomly generated secret: after an optional `Bearer `-style scheme, at
 * least {@link MIN_RANDOM_LENGTH} (20) token characters without spaces, letters and digits mixed, not a UUID or a run of words, and a
 * Shannon entropy of at least 3.0 bits per character for hex of 32+ characters or 3.8 otherwise.
 */
export function looksRandom(value: string): boolean {
  const v = value.trim().replace(AUTH_SCHEME, "");
  if (v.length < MIN_RANDOM_LENGTH || v.length > 1000 || !/^[A-Za-z0-9+/=_\-.~]+$/.test(v)) return false;
  if (!/[0-9]/.test(v) || !/[A-Za-z]/.test(v)) return false;
  if (UUID.test(v) || SAMPLE.test(v)) return false;
  // words joined by separators: `my_app_secret_2024`, `sort-by-created-at`
  if (/^(?:[A-Za-z]{2,}|\d{1,4})(?:[_\-.](?:[A-Za-z]{2,}|\d{1,4}))+$/.test(v)) return false;
  const h = shannonEntropy(v);
  if (/^[0-9a-f]+$/i.test(v)) return v.length >= 32 && h >= 3.0;
  return h >= 3.8;
}
