/**
 * Secret values, as opposed to secret names (see `names.ts`): is a constant a real credential or a
 * placeholder. (To mention one in a message, mask it with `maskSecret` from `engine/mask.ts`.)
 */
import { identifierWords, secretKind } from "./names.js";

/** How a constant assigned to a secret-like name is to be taken. */
export type SecretValueVerdict =
  /** Looks like a real credential. */
  | "secret"
  /** A "change me" default: a placeholder that still works as a credential if nobody replaces it. */
  | "default"
  /** Not a credential: empty, a mask, a template/env placeholder, a field or header name, a prompt, a path. */
  | "placeholder";

/** Words that, as the whole value, stand for "no value" or "fill this in". */
const PLACEHOLDER_WORDS = new Set([
  "none", "null", "nil", "undefined", "unset", "notset", "na", "todo", "tbd", "fixme", "placeholder",
  "redacted", "hidden", "masked", "dummy", "fake", "example", "sample", "xxx", "required", "optional",
  "string", "str", "text", "bytes", "int", "integer", "bool", "boolean", "any", "object", "invalid",
  "missing", "empty", "blank", "unknown", "secret", "password", "passwd", "pwd", "pass", "token", "key",
  "apikey", "secretkey", "credentials", "write", "read", "readonly", "writeonly",
]);

/** Words a field, header or setting name may add around the secret word without making it a value. */
const NAME_WORDS = new Set([
  "x", "http", "header", "password", "passwd", "pwd", "pw", "pass", "secret", "token", "key", "api", "credential",
  "credentials", "auth", "access", "refresh", "client", "id", "private", "public", "grant", "type", "field",
  "name", "param", "session", "csrf", "xsrf", "bearer", "new", "old", "current", "confirm",
]);

/** Placeholders that wrap a name: `<password>`, `{{ token }}`, `${DB_PASSWORD}`, `$API_KEY`, `%(pw)s`, `[REDACTED]`. */
const WRAPPED = [
  /^<[^<>]+>$/,
  /^\{\{?[^{}]+\}?\}$/,
  /^\$\{[^}]+\}$/,
  /^\$[A-Za-z_][A-Za-z0-9_]*$/,
  /^%\([^)]+\)[sdr]$/,
  /^%[A-Za-z_][A-Za-z0-9_]*%$/,
  /^\[[^\]]+\]$/,
  /^__[A-Za-z0-9_]+__$/,
];

/** "Fill in your own" phrasing: `your-api-key`, `YOUR_TOKEN_HERE`, `enter password`, `replace_with_secret`. */
const FILL_IN = /^(?:your|enter|insert|replace|put|paste|fill|type|set|add)(?:[\s_-]|$)|(?:^|[\s_-])(?:here|goes[\s_-]?here)$/i;

/** Defaults that work as credentials until someone replaces them. */
const CHANGE_ME = /^(?:change[\s_-]?(?:me|it|this)|replace[\s_-]?me|default)$/i;

/** A mask: `********`, `xxxx`, `••••`, `----`. */
const MASK = /^(?:[*•#.?_-]+|x+)$/i;

/** Key and certificate files and similar paths. */
const PATH_LIKE = /^(?:~|\.{1,2})?\/\S*$|^[A-Za-z]:\\\S*$|\.(?:pem|key|crt|cer|der|p12|pfx|jks|keystore|gpg|asc|json|ya?ml|toml|ini|env|txt)$/i;

/** Identifier, setting or header spelling: `db_password`, `API_TOKEN`, `client-secret`, `X-Auth-Token`. */
const NAME_SPELLING = /^(?:[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)*|[A-Z][A-Z0-9]*(?:[-_.][A-Z0-9]+)*|[A-Z][A-Za-z0-9]*(?:-[A-Z][A-Za-z0-9]*)+)$/;

/** A dotted name (`fs.s3.cse.materialsProvider`, `api.example.org`): a property, module or host name. */
const DOTTED = /^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*){2,}$/;

/** Documentation and fixture values: AWS's `…EXAMPLEKEY`, `dummy-token`, `fake_secret`, `xxxxx`. */
const SAMPLE = /example|dummy|placeholder|redacted|x{5,}|(?:^|[\W_])fake(?:$|[\W_])/i;

/** A symbolic constant's spelling (`START_ELEMENT`, `GRANT_PASSWORD`): a name, not a credential. */
const SYMBOLIC = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;

/**
 * True when a string looks machine-generated, as issued tokens are (`ghp_…`, `xoxb-…`, hex, base64):
 * no whitespace, at least 8 characters, and letters mixed with digits, or at least 20 characters.
 */
export function looksGenerated(value: string): boolean {
  if (/\s/.test(value)) return false;
  const n = [...value].length;
  if (n >= 20) return true;
  return n >= 8 && /\d/.test(value) && /[A-Za-z]/.test(value);
}

/**
 * Judges a constant string assigned to (or passed as, or compared with) a secret-like `name`.
 *
 * Placeholders: empty or blank; a mask (`********`); a wrapped name (`<password>`, `${DB_PASSWORD}`,
 * `{{ token }}`); "fill in" text (`your-api-key-here`); a bare type or status word (`required`, `string`,
 * `none`); the name of a field, setting, env variable or header rather than a value (`"password"`,
 * `"DB_PASSWORD"`, `"X-Auth-Token"`, `"client_credentials"` — spelled like an identifier and made only of
 * the name's own words and secret vocabulary), or a symbolic constant (`START_ELEMENT`); a prompt or message
 * (several words ending in `:`, `.`, `!`, `?`, or mentioning the secret word); a path to a key file; a few
 * punctuation characters (`"-"`, `"@"`); a dotted property or host name; documentation and fixture values
 * (containing `example`, `dummy`, `fake`, `xxxxx`, as AWS's documented keys do). For a `token` name the value must also look machine-generated
 * ({@link looksGenerated}): `token` is as often a lexer's token (`token == "lambda"`).
 * `changeme`, `change_me`, `replace_me` and `default` are "default": placeholders meant to be replaced, but
 * they authenticate anybody who tries them when they are not.
 */
export function judgeSecretValue(value: string, name: string): SecretValueVerdict {
  const v = value.trim();
  if (v === "") return "placeholder";
  const flat = v.toLowerCase().replace(/[^a-z0-9]/g, "");
  if (flat !== "" && flat === name.toLowerCase().replace(/[^a-z0-9]/g, "")) return "placeholder";
  if (PLACEHOLDER_WORDS.has(flat) && !/\s/.test(v)) return "placeholder";
  if (MASK.test(v)) return "placeholder";
  if (!/[\p{L}\p{N}]/u.test(v) && [...v].length < 6) return "placeholder";
  if (SYMBOLIC.test(v) || DOTTED.test(v)) return "placeholder";
  if (SAMPLE.test(v)) return "placeholder";
  if (secretKind(name) === "token" && !looksGenerated(v)) return "placeholder";
  if (WRAPPED.some((re) => re.test(v))) return "placeholder";
  if (FILL_IN.test(v)) return "placeholder";
  if (PATH_LIKE.test(v) && !/\s/.test(v)) return "placeholder";
  if (NAME_SPELLING.test(v) && secretKind(v) !== undefined) {
    const own = new Set(identifierWords(name));
    if (identifierWords(v).every((w) => own.has(w) || NAME_WORDS.has(w))) return "placeholder";
  }
  const words = v.split(/\s+/);
  if (words.length >= 2 && (/[:.!?]$/.test(v) || words.some((w) => secretKind(w.replace(/[^A-Za-z0-9_]/g, "")) !== undefined))) {
    return "placeholder";
  }
  if (CHANGE_ME.test(v)) return "default";
  return "secret";
}
