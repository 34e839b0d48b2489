/**
 * Where Python code hands a regular expression to a regex engine, and how that engine applies it: the
 * `re` module, the third-party `regex` module, compiled pattern objects, and the validators of Django,
 * Django REST framework, marshmallow and WTForms (which take a pattern and decide with `search` or `match`).
 */

/** How a pattern is applied to the input: found anywhere, at the start, against the whole input, or not yet (compile). */
export type RegexMode = "search" | "match" | "fullmatch" | "compile";

/** One API that takes a pattern. */
export interface RegexApi {
  /** Position and keyword of the pattern argument. */
  pattern: [number, string];
  /** Position (or undefined when keyword-only) and keyword of the flags argument. */
  flags?: [number | undefined, string];
  mode: RegexMode;
  dialect: "re" | "regex";
  /** The API validates input: a match means "valid" (unless its `inverse` keyword is true). */
  validator?: boolean;
  /** Keyword (and position) that inverts a validator: a match means "invalid". */
  inverse?: [number | undefined, string];
}

const reFunctions = (module: "re" | "regex"): Record<string, RegexApi> => ({
  [`${module}.compile`]: { pattern: [0, "pattern"], flags: [1, "flags"], mode: "compile", dialect: module },
  [`${module}.search`]: { pattern: [0, "pattern"], flags: [2, "flags"], mode: "search", dialect: module },
  [`${module}.match`]: { pattern: [0, "pattern"], flags: [2, "flags"], mode: "match", dialect: module },
  [`${module}.fullmatch`]: { pattern: [0, "pattern"], flags: [2, "flags"], mode: "fullmatch", dialect: module },
  [`${module}.findall`]: { pattern: [0, "pattern"], flags: [2, "flags"], mode: "search", dialect: module },
  [`${module}.finditer`]: { pattern: [0, "pattern"], flags: [2, "flags"], mode: "search", dialect: module },
  [`${module}.split`]: { pattern: [0, "pattern"], flags: [3, "flags"], mode: "search", dialect: module },
  [`${module}.sub`]: { pattern: [0, "pattern"], flags: [4, "flags"], mode: "search", dialect: module },
  [`${module}.subn`]: { pattern: [0, "pattern"], flags: [4, "flags"], mode: "search", dialect: module },
});

/** Functions and classes that take a pattern, by qualified name. */
export const REGEX_APIS: Readonly<Record<string, RegexApi>> = {
  ...reFunctions("re"),
  ...reFunctions("regex"),
  "regex.splititer": { pattern: [0, "pattern"], flags: [3, "flags"], mode: "search", dialect: "regex" },
  "regex.subf": { pattern: [0, "pattern"], flags: [4, "flags"], mode: "search", dialect: "regex" },
  "regex.subfn": { pattern: [0, "pattern"], flags: [4, "flags"], mode: "search", dialect: "regex" },
  // Django's RegexValidator decides with `regex.search(str(value))`; RegexField wraps it
  "django.core.validators.RegexValidator": { pattern: [0, "regex"], flags: [4, "flags"], mode: "search", dialect: "re", validator: true, inverse: [3, "inverse_match"] },
  "django.forms.RegexField": { pattern: [0, "regex"], mode: "search", dialect: "re", validator: true },
  "django.forms.fields.RegexField": { pattern: [0, "regex"], mode: "search", dialect: "re", validator: true },
  "rest_framework.serializers.RegexField": { pattern: [0, "regex"], mode: "search", dialect: "re", validator: true },
  "rest_framework.fields.RegexField": { pattern: [0, "regex"], mode: "search", dialect: "re", validator: true },
  // marshmallow and WTForms decide with `regex.match(value)`
  "marshmallow.validate.Regexp": { pattern: [0, "regex"], flags: [1, "flags"], mode: "match", dialect: "re", validator: true },
  "wtforms.validators.Regexp": { pattern: [0, "regex"], flags: [1, "flags"], mode: "match", dialect: "re", validator: true },
  "wtforms.validators.regexp": { pattern: [0, "regex"], flags: [1, "flags"], mode: "match", dialect: "re", validator: true },
  // Django URL patterns are searched against the request path
  "django.urls.re_path": { pattern: [0, "route"], mode: "search", dialect: "re" },
  "django.conf.urls.url": { pattern: [0, "regex"], mode: "search", dialect: "re" },
};

/** Methods of a compiled pattern (`re.Pattern`, `regex.Pattern`) and how they apply it. */
export const PATTERN_METHODS: Readonly<Record<string, Exclude<RegexMode, "compile">>> = {
  search: "search",
  match: "match",
  fullmatch: "fullmatch",
  findall: "search",
  finditer: "search",
  split: "search",
  sub: "search",
  subn: "search",
  splititer: "search",
  subf: "search",
  subfn: "search",
};

/** What a flag does to the analyses of a pattern: which reading it switches on, nothing, or make them unsound. */
export type RegexFlagEffect = "ignoreCase" | "multiline" | "dotAll" | "verbose" | "ascii" | "none" | "unsupported";

/**
 * Flag constants of `re`, `re.RegexFlag` and `regex`, by short and long name. `regex.REVERSE` matches from
 * the end backwards, which the analyses do not model.
 */
export const REGEX_FLAGS: Readonly<Record<string, RegexFlagEffect>> = {
  I: "ignoreCase", IGNORECASE: "ignoreCase",
  M: "multiline", MULTILINE: "multiline",
  S: "dotAll", DOTALL: "dotAll",
  X: "verbose", VERBOSE: "verbose",
  A: "ascii", ASCII: "ascii",
  L: "none", LOCALE: "none", U: "none", UNICODE: "none", T: "none", TEMPLATE: "none", DEBUG: "none", NOFLAG: "none",
  // regex module only
  B: "none", BESTMATCH: "none", D: "none", E: "none", ENHANCEMATCH: "none", F: "none", FULLCASE: "none",
  P: "none", POSIX: "none", V0: "none", VERSION0: "none", V1: "none", VERSION1: "none", W: "none", WORD: "none",
  R: "unsupported", REVERSE: "unsupported",
};

/** Bit values of the `re` flags that matter, for flags written as integers (`re.compile(p, 2)`). */
export const RE_FLAG_BITS: ReadonlyArray<[number, RegexFlagEffect]> = [
  [2, "ignoreCase"],
  [8, "multiline"],
  [16, "dotAll"],
  [64, "verbose"],
  [256, "ascii"],
];
