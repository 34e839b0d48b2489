/**
 * "Does this name hold a secret?" — word-based classification of Python identifiers, attribute names,
 * dictionary keys, keyword names and function names, shared by the rules that care where secrets go
 * (hard-coded credentials, predictable random secrets, secrets written to logs).
 *
 * A name is split into lower-case words (`snake_case`, `camelCase`, `UPPER_CASE`, `kebab-case`, dotted,
 * digits apart), a few run-together spellings are split (`apikey`, `sessionid`, `authtoken`), and the
 * **head word** decides: the last word, after dropping words that only describe the representation
 * (`_str`, `_hex`, `_bytes`, `_value`, a trailing number, `_confirm`). English compounds put the thing
 * last, so `db_password` and `reset_token` are secrets while `password_field`, `password_min_length`,
 * `token_url` and `password_field_label` are not. Whole words only: `tokenizer`, `keyboard`, `monkey`,
 * `spinner`, `bypass` and `num_uncertainty` never match.
 *
 * Some head words need a qualifier among the earlier words (`key` → `secret_key`, `api_key`, but not
 * `key` or `sort_key`; `code` → `reset_code`, not `status_code`; `id` → `session_id` only), and some
 * qualifiers cancel (`page_token`, `pad_token`, `num_tokens`, `hashed_password`, `first_pass`, `led_pin`).
 */

/** What kind of security value a name holds. */
export type SecretKind =
  | "password"
  | "secret"
  | "token"
  | "key"
  | "credential"
  | "salt"
  | "nonce"
  | "otp"
  | "pin"
  | "session-id"
  | "code";

/** Kinds a name must never be hard-coded to, nor written to a log: credentials proper. */
const CREDENTIAL_KINDS: ReadonlySet<SecretKind> = new Set(["password", "secret", "token", "key", "credential"]);

/** Head words (singular and plural) and the kind they name. */
const HEADS: Readonly<Record<string, SecretKind>> = {
  password: "password", passwords: "password", passwd: "password", pwd: "password", pw: "password",
  pswd: "password", passphrase: "password", passphrases: "password", passcode: "password", pass: "password",
  secret: "secret", secrets: "secret",
  token: "token", tokens: "token", csrf: "token", xsrf: "token", csrftoken: "token",
  key: "key", keys: "key",
  credential: "credential", credentials: "credential", creds: "credential", cred: "credential",
  salt: "salt", salts: "salt",
  nonce: "nonce", nonces: "nonce", iv: "nonce",
  otp: "otp", otps: "otp", totp: "otp", hotp: "otp",
  pin: "pin", pins: "pin", pincode: "pin",
  id: "session-id", sessionid: "session-id", sessid: "session-id",
  code: "code", codes: "code",
};

/** Run-together spellings split into words before classification. */
const COMPOUNDS: Readonly<Record<string, string[]>> = {
  apikey: ["api", "key"],
  apikeys: ["api", "keys"],
  secretkey: ["secret", "key"],
  privatekey: ["private", "key"],
  accesskey: ["access", "key"],
  signingkey: ["signing", "key"],
  authkey: ["auth", "key"],
  authtoken: ["auth", "token"],
  accesstoken: ["access", "token"],
  refreshtoken: ["refresh", "token"],
  apitoken: ["api", "token"],
  sessionkey: ["session", "key"],
  sessiontoken: ["session", "token"],
  clientsecret: ["client", "secret"],
  apisecret: ["api", "secret"],
  resetcode: ["reset", "code"],
  authcode: ["auth", "code"],
  dbpassword: ["db", "password"],
  sessionid: ["session", "id"],
  sessid: ["sess", "id"],
  cardnumber: ["card", "number"],
  creditcard: ["credit", "card"],
  ccnumber: ["cc", "number"],
  dbpass: ["db", "pass"],
};

/** Heads that name a secret only with one of these qualifiers somewhere before them. */
const QUALIFIED: Readonly<Partial<Record<SecretKind, ReadonlySet<string>>>> = {
  key: new Set([
    "secret", "private", "priv", "api", "access", "signing", "sign", "signature", "encryption", "encrypt",
    "decryption", "decrypt", "crypto", "cipher", "aes", "des", "rsa", "ecdsa", "ed25519", "hmac", "mac",
    "jwt", "master", "session", "auth", "authentication", "client", "shared", "symmetric", "fernet", "ssh",
    "gpg", "pgp", "otp", "totp", "csrf", "cookie", "webhook", "license", "licence", "consumer", "app",
    "subscription", "service", "account", "storage", "root", "admin", "deploy", "recovery", "wrapping",
  ]),
  "session-id": new Set(["session", "sess"]),
  code: new Set([
    "reset", "verification", "verify", "confirmation", "confirm", "activation", "activate", "auth",
    "authorization", "authorisation", "authentication", "otp", "mfa", "2fa", "twofa", "sms", "recovery",
    "backup", "login", "signin", "security", "access", "unlock", "magic", "invite", "invitation", "pin",
    "pass", "one", "onetime", "device", "pairing",
  ]),
};

/** Qualifiers that turn a secret-sounding head into something else (per kind; `*` for every kind). */
const CANCELLED_BY: Readonly<Record<string, ReadonlySet<string>>> = {
  "*": new Set([
    "num", "n", "nb", "number", "count", "len", "length", "size", "max", "min", "total", "is", "has", "use",
    "uses", "require", "requires", "required", "need", "needs", "show", "allow", "allowed", "enable",
    "enabled", "disable", "disabled", "hashed", "masked", "obfuscated", "redacted", "no", "without",
  ]),
  token: new Set([
    "page", "pagination", "next", "prev", "previous", "continuation", "cursor", "sync", "eos", "bos", "pad",
    "unk", "sep", "cls", "mask", "start", "end", "stop", "special", "lexer", "lex", "parser", "split",
    "input", "output", "prompt", "completion",
  ]),
  password: new Set([
    // `pass` as in a pass over data
    "first", "second", "third", "last", "single", "multi", "one", "two", "render", "boarding", "forward",
    "backward",
  ]),
  pin: new Set([
    "gpio", "led", "io", "input", "output", "data", "clock", "clk", "cs", "irq", "power", "button", "sensor",
    "pwm", "analog", "digital", "relay", "reset", "enable", "trigger", "echo", "rx", "tx", "sda", "scl",
  ]),
  secret: new Set(["name", "path", "file", "ref", "arn"]),
};

/** Qualifiers under which a plural `tokens` holds security tokens. */
const PLURAL_TOKEN_QUALIFIERS = new Set([
  "access", "auth", "api", "refresh", "reset", "csrf", "xsrf", "session", "bearer", "jwt", "oauth", "id",
  "verification", "confirmation", "activation", "invite", "login", "secret", "security", "personal",
]);

/** Qualifiers under which `iv` means an initialisation vector. */
const IV_QUALIFIERS = new Set(["aes", "cipher", "crypto", "encryption", "init", "initial", "gcm", "cbc", "ctr"]);

/** Trailing words that only describe how the value is represented; skipped when finding the head. */
const TRANSPARENT = new Set([
  "value", "val", "str", "string", "bytes", "hex", "b64", "base64", "raw", "plain", "plaintext", "text",
  "clear", "cleartext", "encoded", "urlsafe", "confirm", "confirmation", "again", "repeat", "new", "tmp",
  "temp", "bin", "ascii", "utf8",
]);

/**
 * Splits an identifier into lower-case words: `resetToken` → `reset token`, `API_KEY2` → `api key 2`,
 * `self.db_password` → `self db password`, `X-Api-Key` → `x api key`. Known run-together spellings are
 * split too (`apikey` → `api key`).
 */
export function identifierWords(name: string): string[] {
  const spaced = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[A-Z](?=[A-Z][a-z])/g, "$& ") // `HTTPServer` → `HTTP Server` (linear, unlike `([A-Z]+)([A-Z][a-z])`)
    .replace(/([A-Za-z])([0-9])/g, "$1 $2")
    .replace(/([0-9])([A-Za-z])/g, "$1 $2");
  const out: string[] = [];
  for (const raw of spaced.toLowerCase().split(/[^a-z0-9]+/)) {
    if (!raw) continue;
    const parts = Object.hasOwn(COMPOUNDS, raw) ? COMPOUNDS[raw] : undefined;
    if (parts) out.push(...parts);
    else out.push(raw);
  }
  return out;
}

/**
 * {@link secretKind} answers by name (null: not a secret name), per thread: the answer depends on the name
 * alone, and the same names (`name`, `value`, `self.path`…) come back in every file, to several rules.
 * Bounded: emptied when full; names longer than {@link KIND_CACHE_MAX_NAME} are not kept.
 */
const KIND_CACHE = new Map<string, SecretKind | null>();
/** Most names kept in {@link KIND_CACHE}. */
const KIND_CACHE_LIMIT = 20_000;
/** Longest name kept in {@link KIND_CACHE} (dictionary keys can be any string). */
const KIND_CACHE_MAX_NAME = 200;

/**
 * The kind of security value a name holds, judged by its head word (see the module comment), or
 * undefined when the name does not look like one.
 *
 * @example secretKind("db_password") === "password"; secretKind("password_field") === undefined
 * @example secretKind("SECRET_KEY") === "key"; secretKind("sort_key") === undefined
 * @example secretKind("reset_code") === "code"; secretKind("status_code") === undefined
 */
export function secretKind(name: string): SecretKind | undefined {
  if (name.length > KIND_CACHE_MAX_NAME) return computeSecretKind(name);
  const hit = KIND_CACHE.get(name);
  if (hit !== undefined) return hit ?? undefined;
  const kind = computeSecretKind(name);
  if (KIND_CACHE.size >= KIND_CACHE_LIMIT) KIND_CACHE.clear();
  KIND_CACHE.set(name, kind ?? null);
  return kind;
}

/** {@link secretKind}, computed. */
function computeSecretKind(name: string): SecretKind | undefined {
  const words = identifierWords(name);
  let end = words.length;
  while (end > 1 && (TRANSPARENT.has(words[end - 1]) || /^\d+$/.test(words[end - 1]))) end--;
  if (end === 0) return undefined;
  const head = words[end - 1];
  const kind = Object.hasOwn(HEADS, head) ? HEADS[head] : undefined;
  if (!kind) return undefined;
  const before = words.slice(0, end - 1);
  const needs = QUALIFIED[kind];
  if (needs && !before.some((w) => needs.has(w))) return undefined;
  const cancelAll = CANCELLED_BY["*"];
  const cancelKind = CANCELLED_BY[kind];
  if (before.some((w) => cancelAll.has(w) || cancelKind?.has(w))) return undefined;
  // a plural `tokens` is as often a lexer's or a language model's output: only with a security qualifier
  if (head === "tokens" && !before.some((w) => PLURAL_TOKEN_QUALIFIERS.has(w))) return undefined;
  // `iv` is short enough to be an abbreviation of anything: alone, or with a cipher qualifier only
  if (head === "iv" && before.length > 0 && !before.some((w) => IV_QUALIFIERS.has(w))) return undefined;
  return kind;
}

/** True when the name looks like it holds a password (`password`, `db_passwd`, `smtpPass`, `pwd`). */
export function isPasswordLike(name: string): boolean {
  return secretKind(name) === "password";
}

/**
 * True when the name looks like it holds a credential: a password, secret, token, qualified key or
 * credentials (`db_password`, `client_secret`, `access_token`, `api_key`, `SECRET_KEY`, `aws_creds`).
 * This is the test for "must not be hard-coded" and "must not be logged".
 */
export function isSecretLike(name: string): boolean {
  const kind = secretKind(name);
  return kind !== undefined && CREDENTIAL_KINDS.has(kind);
}

/**
 * True when the name looks like it holds any value whose security depends on being unpredictable:
 * the credentials of {@link isSecretLike} plus salts, nonces/IVs, one-time passwords, PINs, session ids
 * and one-time codes (`reset_code`, `verification_code`).
 */
export function isSecurityValueName(name: string): boolean {
  return secretKind(name) !== undefined;
}

/** Verbs that, leading a two-word function name, say it produces what the second word names. */
const PRODUCER_VERBS = new Set(["generate", "gen", "make", "create", "new", "random", "rand", "issue", "mint", "rotate", "regenerate"]);

/**
 * True when a function name says the function produces a security value: the name is one by
 * {@link isSecurityValueName} (`generate_token`, `make_password`, `new_otp`, `create_session_id`), or it is
 * a producer verb and a bare `key` (`generate_key`, `new_key`), which as a function name means a key to
 * be kept secret rather than a dictionary key.
 */
export function isSecurityProducerName(name: string): boolean {
  if (isSecurityValueName(name)) return true;
  const words = identifierWords(name);
  return words.length === 2 && PRODUCER_VERBS.has(words[0]) && (words[1] === "key" || words[1] === "keys");
}

/** Words that, before a number-like head (`card_number`, `cc_num`), make it a payment card number. */
const CARD_QUALIFIERS = new Set(["card", "cc", "credit", "debit", "payment"]);
/** Heads that hold a card's number or security code. */
const CARD_NUMBER_HEADS = new Set(["number", "num", "no", "nr", "pan"]);
const CARD_CODE_HEADS = new Set(["cvv", "cvc", "cvn", "csc", "cid"]);

/**
 * True when the name looks like it holds payment card data: a card number (`card_number`, `cc_num`,
 * `creditCardNumber`, `card_pan`), a card security code (`cvv`, `card_cvc`) or a card itself
 * (`credit_card`, `debit_card`). Counts are not (`card_count`, `num_cards`), nor is a bare `number`.
 */
export function isPaymentCardName(name: string): boolean {
  const words = identifierWords(name);
  let end = words.length;
  while (end > 1 && (TRANSPARENT.has(words[end - 1]) || /^\d+$/.test(words[end - 1]))) end--;
  const head = words[end - 1];
  const before = words.slice(0, end - 1);
  if (!head || before.some((w) => CANCELLED_BY["*"].has(w) && w !== "number" && w !== "no")) return false;
  if (CARD_CODE_HEADS.has(head)) return head !== "cid" || before.includes("card");
  if (CARD_NUMBER_HEADS.has(head)) return before.some((w) => CARD_QUALIFIERS.has(w));
  if (head === "card") return before.some((w) => w === "credit" || w === "debit" || w === "payment");
  return false;
}

/**
 * True when a value under this name must not be written to a log: a credential ({@link isSecretLike}), a
 * session id (`session_id`, `sessionid`) or payment card data ({@link isPaymentCardName}).
 */
export function isLogSensitiveName(name: string): boolean {
  return isSecretLike(name) || secretKind(name) === "session-id" || isPaymentCardName(name);
}
