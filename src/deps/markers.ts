/**
 * PEP 508 environment markers: parse the marker text after `;` in a requirement, and evaluate it against a
 * target environment (Python version, platform …), so that a dependency which never installs there can be left
 * out of the audit.
 *
 * Spec followed: PEP 508 "Environment Markers" (grammar and variables), with the evaluation rules of the PyPA
 * "Dependency specifiers" specification: when the operator is a version comparison and the right-hand side forms
 * a valid PEP 440 specifier with it, and the left-hand side is a valid PEP 440 version, the comparison is a
 * PEP 440 specifier match (pre-releases allowed); otherwise it is a plain string comparison. `extra` values are
 * compared after PEP 685 normalisation. The set-valued variables `extras` and `dependency_groups` of PEP 751
 * (used in `pylock.toml`) are supported with `in` / `not in`.
 */
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { satisfies, valid, validRange } from "@renovatebot/pep440";

/** The environment markers are evaluated against. Field names are the PEP 508 variable names. */
export interface MarkerEnvironment {
  /** `"3.12"` — major.minor of the interpreter. */
  python_version: string;
  /** `"3.12.1"` — full interpreter version (`platform.python_version()`). */
  python_full_version: string;
  /** `"posix"`, `"nt"` (`os.name`). */
  os_name: string;
  /** `"linux"`, `"darwin"`, `"win32"` (`sys.platform`). */
  sys_platform: string;
  /** `"Linux"`, `"Darwin"`, `"Windows"` (`platform.system()`). */
  platform_system: string;
  /** `"x86_64"`, `"arm64"`, `"AMD64"` (`platform.machine()`). */
  platform_machine: string;
  /** Kernel release (`platform.release()`); `""` when unknown. */
  platform_release: string;
  /** Kernel version string (`platform.version()`); `""` when unknown. */
  platform_version: string;
  /** `"CPython"`, `"PyPy"` (`platform.python_implementation()`). */
  platform_python_implementation: string;
  /** `"cpython"`, `"pypy"` (`sys.implementation.name`). */
  implementation_name: string;
  /** Implementation version, e.g. `"3.12.1"`. */
  implementation_version: string;
  /**
   * Extras being installed. `extra == "x"` is true when `x` is one of them (PEP 685 normalised); with none,
   * `extra == "x"` is false, as pip evaluates a top-level requirement.
   */
  extras?: string[];
  /** PEP 751 dependency groups being installed, for `"dev" in dependency_groups`. */
  dependency_groups?: string[];
}

/** Names of the string-valued PEP 508 marker variables. */
export type MarkerVariable =
  | "python_version"
  | "python_full_version"
  | "os_name"
  | "sys_platform"
  | "platform_system"
  | "platform_machine"
  | "platform_release"
  | "platform_version"
  | "platform_python_implementation"
  | "implementation_name"
  | "implementation_version"
  | "extra"
  | "extras"
  | "dependency_groups";

/** Comparison operators allowed in a marker. */
export type MarkerOperator = "===" | "==" | "!=" | "~=" | "<=" | ">=" | "<" | ">" | "in" | "not in";

/** One side of a marker comparison: an environment variable or a quoted string. */
export type MarkerOperand = { kind: "variable"; name: MarkerVariable } | { kind: "string"; value: string };

/** A parsed marker expression. `and` binds tighter than `or`, as in Python. */
export type MarkerNode =
  | { type: "and" | "or"; items: MarkerNode[] }
  | { type: "compare"; left: MarkerOperand; op: MarkerOperator; right: MarkerOperand };

/** Thrown by {@link parseMarker} for text that is not a PEP 508 marker; `offset` is 0-based into the text. */
export class MarkerSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = "MarkerSyntaxError";
  }
}

/** Thrown by {@link evaluateMarker} for a comparison that has no meaning (`os_name ~= "posix"`). */
export class MarkerEvaluationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MarkerEvaluationError";
  }
}

const VARIABLES: ReadonlySet<string> = new Set<MarkerVariable>([
  "python_version",
  "python_full_version",
  "os_name",
  "sys_platform",
  "platform_system",
  "platform_machine",
  "platform_release",
  "platform_version",
  "platform_python_implementation",
  "implementation_name",
  "implementation_version",
  "extra",
  "extras",
  "dependency_groups",
]);

/** Old spellings (PEP 345 / setuptools) that older packaging releases accepted; mapped onto PEP 508 names. */
const LEGACY_VARIABLES: Record<string, MarkerVariable> = {
  "os.name": "os_name",
  "sys.platform": "sys_platform",
  "platform.version": "platform_version",
  "platform.machine": "platform_machine",
  "platform.python_implementation": "platform_python_implementation",
  python_implementation: "platform_python_implementation",
};

/** PEP 751 set-valued variables: only `"x" in <variable>` / `not in` make sense on them. */
const SET_VARIABLES: ReadonlySet<string> = new Set(["extras", "dependency_groups"]);

type Token =
  | { t: "lparen" | "rparen" | "and" | "or"; at: number }
  | { t: "op"; op: MarkerOperator; at: number }
  | { t: "str"; value: string; at: number }
  | { t: "var"; name: MarkerVariable; at: number };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f") {
      i++;
      continue;
    }
    if (c === "(" || c === ")") {
      tokens.push({ t: c === "(" ? "lparen" : "rparen", at: i });
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw new MarkerSyntaxError(`unterminated string starting at column ${i + 1}`, i);
      tokens.push({ t: "str", value: text.slice(i + 1, end), at: i });
      i = end + 1;
      continue;
    }
    const op = /^(===|==|!=|~=|<=|>=|<|>)/.exec(text.slice(i, i + 3));
    if (op) {
      tokens.push({ t: "op", op: op[1] as MarkerOperator, at: i });
      i += op[1].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(i));
    if (word) {
      const w = word[0];
      if (w === "and" || w === "or") tokens.push({ t: w, at: i });
      else if (w === "in") tokens.push({ t: "op", op: "in", at: i });
      else if (w === "not") {
        const rest = /^not\s+in(?![A-Za-z0-9_.])/.exec(text.slice(i));
        if (!rest) throw new MarkerSyntaxError(`expected "in" after "not" at column ${i + 1}`, i);
        tokens.push({ t: "op", op: "not in", at: i });
        i += rest[0].length;
        continue;
      } else if (VARIABLES.has(w)) tokens.push({ t: "var", name: w as MarkerVariable, at: i });
      else if (w in LEGACY_VARIABLES) tokens.push({ t: "var", name: LEGACY_VARIABLES[w], at: i });
      else throw new MarkerSyntaxError(`unknown marker variable "${w}" at column ${i + 1}`, i);
      i += w.length;
      continue;
    }
    throw new MarkerSyntaxError(`unexpected character "${c}" at column ${i + 1}`, i);
  }
  return tokens;
}

/**
 * Parses PEP 508 marker text (`python_version < "3.8" and sys_platform == "win32"`).
 * @throws MarkerSyntaxError when the text is not a marker (unknown variable, missing operand, unbalanced
 *   parentheses, unterminated string …)
 */
export function parseMarker(text: string): MarkerNode {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const where = (): number => tokens[pos]?.at ?? text.length;
  const fail = (what: string): never => {
    const at = where();
    throw new MarkerSyntaxError(
      at >= text.length ? `${what} at end of marker` : `${what} at column ${at + 1}`,
      at,
    );
  };

  const operand = (): MarkerOperand => {
    const tok = peek();
    if (tok?.t === "str") {
      pos++;
      return { kind: "string", value: tok.value };
    }
    if (tok?.t === "var") {
      pos++;
      return { kind: "variable", name: tok.name };
    }
    return fail("expected a marker variable or a quoted string");
  };

  const atom = (): MarkerNode => {
    if (peek()?.t === "lparen") {
      pos++;
      const inner = orExpr();
      if (peek()?.t !== "rparen") fail('expected ")"');
      pos++;
      return inner;
    }
    const left = operand();
    const tok = peek();
    if (tok?.t !== "op") return fail("expected a comparison operator");
    pos++;
    const right = operand();
    return { type: "compare", left, op: tok.op, right };
  };

  const andExpr = (): MarkerNode => {
    const items = [atom()];
    while (peek()?.t === "and") {
      pos++;
      items.push(atom());
    }
    return items.length === 1 ? items[0] : { type: "and", items };
  };

  function orExpr(): MarkerNode {
    const items = [andExpr()];
    while (peek()?.t === "or") {
      pos++;
      items.push(andExpr());
    }
    return items.length === 1 ? items[0] : { type: "or", items };
  }

  if (tokens.length === 0) throw new MarkerSyntaxError("empty marker", 0);
  const node = orExpr();
  if (pos < tokens.length) fail("unexpected text");
  return node;
}

/** PEP 685 / PEP 503 normalisation used for `extra` comparisons. */
function normalizeExtra(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

function stringCompare(lhs: string, op: MarkerOperator, rhs: string): boolean {
  switch (op) {
    case "==":
    case "===":
      return lhs === rhs;
    case "!=":
      return lhs !== rhs;
    case "<":
      return lhs < rhs;
    case "<=":
      return lhs <= rhs;
    case ">":
      return lhs > rhs;
    case ">=":
      return lhs >= rhs;
    case "in":
      return rhs.includes(lhs);
    case "not in":
      return !rhs.includes(lhs);
    case "~=":
      throw new MarkerEvaluationError(`"~=" needs versions on both sides, got "${lhs}" and "${rhs}"`);
  }
}

function compareValues(lhs: string, op: MarkerOperator, rhs: string): boolean {
  if (op !== "in" && op !== "not in") {
    const spec = `${op}${rhs}`;
    let rangeOk = false;
    try {
      rangeOk = validRange(spec);
    } catch {
      rangeOk = false;
    }
    if (rangeOk && valid(lhs) !== null) {
      return satisfies(lhs, spec, { prereleases: true });
    }
  }
  return stringCompare(lhs, op, rhs);
}

function variableValue(env: MarkerEnvironment, name: MarkerVariable): string {
  if (name === "extra" || name === "extras" || name === "dependency_groups") return "";
  return env[name] ?? "";
}

function evalCompare(
  node: Extract<MarkerNode, { type: "compare" }>,
  env: MarkerEnvironment,
): boolean {
  const { left, op, right } = node;
  // Set-valued variables (PEP 751): membership only.
  if (right.kind === "variable" && SET_VARIABLES.has(right.name)) {
    if (op !== "in" && op !== "not in")
      throw new MarkerEvaluationError(`"${right.name}" can only be used with "in" / "not in"`);
    if (left.kind !== "string") throw new MarkerEvaluationError(`"${right.name}" must be compared with a string`);
    const set = (right.name === "extras" ? env.extras : env.dependency_groups) ?? [];
    const has = set.some((v) => normalizeExtra(v) === normalizeExtra(left.value));
    return op === "in" ? has : !has;
  }
  if (left.kind === "variable" && SET_VARIABLES.has(left.name))
    throw new MarkerEvaluationError(`"${left.name}" must be on the right of "in" / "not in"`);

  // `extra`: compared by normalised name against every extra being installed.
  const isExtra = (o: MarkerOperand): boolean => o.kind === "variable" && o.name === "extra";
  if (isExtra(left) || isExtra(right)) {
    const other = isExtra(left) ? right : left;
    if (other.kind !== "string") throw new MarkerEvaluationError(`"extra" must be compared with a string`);
    if (op !== "==" && op !== "!=" && op !== "===")
      throw new MarkerEvaluationError(`"extra" can only be compared with "==" or "!="`);
    const wanted = normalizeExtra(other.value);
    const has = (env.extras ?? []).some((e) => normalizeExtra(e) === wanted);
    return op === "!=" ? !has : has;
  }

  const value = (o: MarkerOperand): string => (o.kind === "string" ? o.value : variableValue(env, o.name));
  return compareValues(value(left), op, value(right));
}

/**
 * Evaluates a parsed marker or marker text against an environment.
 * @throws MarkerSyntaxError when given text that does not parse
 * @throws MarkerEvaluationError for a comparison without meaning (`~=` on non-versions, `extra < "x"`)
 */
export function evaluateMarker(marker: string | MarkerNode, env: MarkerEnvironment): boolean {
  const node = typeof marker === "string" ? parseMarker(marker) : marker;
  switch (node.type) {
    case "and":
      return node.items.every((n) => evaluateMarker(n, env));
    case "or":
      return node.items.some((n) => evaluateMarker(n, env));
    case "compare":
      return evalCompare(node, env);
  }
}

/** Outcome of {@link markerApplies}. */
export interface MarkerOutcome {
  /** Whether the requirement installs in the environment; true when there is no marker or it has an error. */
  applies: boolean;
  /**
   * Set when the marker could not be parsed (`kind: "syntax"`) or evaluated (`kind: "evaluation"`); the marker
   * is then treated as true, so that a dependency is reported rather than hidden. Manifest readers already
   * report syntax errors as `ManifestProblem`s when they read the file, so callers need only report
   * `evaluation` errors.
   */
  error?: { kind: "syntax" | "evaluation"; message: string };
}

/**
 * Whether a requirement with this marker installs in `env`. Never throws: a marker that does not parse or
 * cannot be evaluated counts as true and the error is returned.
 */
export function markerApplies(marker: string | undefined, env: MarkerEnvironment): MarkerOutcome {
  if (marker === undefined || marker.trim() === "") return { applies: true };
  let node: MarkerNode;
  try {
    node = parseMarker(marker);
  } catch (e) {
    return { applies: true, error: { kind: "syntax", message: (e as Error).message } };
  }
  try {
    return { applies: evaluateMarker(node, env) };
  } catch (e) {
    return { applies: true, error: { kind: "evaluation", message: (e as Error).message } };
  }
}

/** Platforms {@link environmentFor} knows how to describe. */
export type TargetPlatform = "linux" | "darwin" | "win32";

/** Options of {@link environmentFor}. */
export interface TargetOptions {
  /** `"3.11"` or `"3.11.4"`; default `"3.12"`. A two-part version gets `.0` as its full version. */
  python?: string;
  /** Default `"linux"`. */
  platform?: TargetPlatform;
  /** `platform_machine`; default `x86_64` (linux), `arm64` (darwin), `AMD64` (win32). */
  machine?: string;
  /** Default CPython. */
  implementation?: "cpython" | "pypy";
  extras?: string[];
  dependency_groups?: string[];
}

/**
 * Builds a marker environment for a target Python version and platform (for `--python-version` /
 * `--platform` style options).
 * @throws Error when `python` is not of the form `3`, `3.11` or `3.11.4` (pre-release suffixes allowed)
 */
export function environmentFor(options: TargetOptions = {}): MarkerEnvironment {
  const python = options.python ?? "3.12";
  const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?([a-z0-9.+-]*)$/i.exec(python.trim());
  if (!m) throw new Error(`not a Python version: "${python}"`);
  const minor = m[2] ?? "0";
  const full = `${m[1]}.${minor}.${m[3] ?? "0"}${m[4] ?? ""}`;
  const platform = options.platform ?? "linux";
  const impl = options.implementation ?? "cpython";
  const byPlatform = {
    linux: { os_name: "posix", sys_platform: "linux", platform_system: "Linux", machine: "x86_64" },
    darwin: { os_name: "posix", sys_platform: "darwin", platform_system: "Darwin", machine: "arm64" },
    win32: { os_name: "nt", sys_platform: "win32", platform_system: "Windows", machine: "AMD64" },
  }[platform];
  return {
    python_version: `${m[1]}.${minor}`,
    python_full_version: full,
    os_name: byPlatform.os_name,
    sys_platform: byPlatform.sys_platform,
    platform_system: byPlatform.platform_system,
    platform_machine: options.machine ?? byPlatform.machine,
    platform_release: "",
    platform_version: "",
    platform_python_implementation: impl === "pypy" ? "PyPy" : "CPython",
    implementation_name: impl,
    implementation_version: full,
    ...(options.extras ? { extras: options.extras } : {}),
    ...(options.dependency_groups ? { dependency_groups: options.dependency_groups } : {}),
  };
}

/**
 * The documented fallback environment when no local `python3` answers: CPython 3.12.0 on Linux x86_64
 * (`os_name` posix, `sys_platform` linux, `platform_system` Linux; release and version strings empty).
 */
export function defaultEnvironment(): MarkerEnvironment {
  return environmentFor({ python: "3.12.0", platform: "linux" });
}

/**
 * The Python program run by {@link detectLocalEnvironment}: it only reads interpreter facts from the standard
 * library and prints them as JSON. It imports nothing from the scanned project (the interpreter runs with
 * `-I -S` from the temporary directory).
 */
const PROBE = [
  "import json, os, platform, sys",
  "def fv(i):",
  "    s = '%d.%d.%d' % (i.major, i.minor, i.micro)",
  "    return s if i.releaselevel == 'final' else s + i.releaselevel[0] + str(i.serial)",
  "print(json.dumps({",
  " 'python_version': '.'.join(platform.python_version_tuple()[:2]),",
  " 'python_full_version': platform.python_version(),",
  " 'os_name': os.name, 'sys_platform': sys.platform,",
  " 'platform_system': platform.system(), 'platform_machine': platform.machine(),",
  " 'platform_release': platform.release(), 'platform_version': platform.version(),",
  " 'platform_python_implementation': platform.python_implementation(),",
  " 'implementation_name': sys.implementation.name,",
  " 'implementation_version': fv(sys.implementation.version)}))",
].join("\n");

/** Runs a command and returns its standard output; throws on failure or timeout. Injected in tests. */
export type CommandRunner = (command: string, args: string[], timeoutMs: number) => string;

const defaultRunner: CommandRunner = (command, args, timeoutMs) =>
  execFileSync(command, args, {
    timeout: timeoutMs,
    encoding: "utf8",
    cwd: tmpdir(),
    stdio: ["ignore", "pipe", "ignore"],
    windowsHide: true,
  });

/**
 * How long {@link detectLocalEnvironment} waits for the local interpreter by default: generous, because a pyenv
 * or asdf shim, a cold disk cache or a loaded CI machine can take several seconds to start Python, and giving
 * up early silently changes which markers hold.
 */
export const PROBE_TIMEOUT_MS = 20_000;

/** Options of {@link detectLocalEnvironment}. */
export interface DetectOptions {
  /** Interpreter to ask; default `python3`. */
  python?: string;
  /** Give up after this long; default {@link PROBE_TIMEOUT_MS}. */
  timeoutMs?: number;
  /** How to run it; default `child_process.execFileSync`. */
  run?: CommandRunner;
}

/** What {@link detectLocalEnvironment} found. */
export interface DetectedEnvironment {
  env: MarkerEnvironment;
  /** `local`: the interpreter answered; `default`: {@link defaultEnvironment} was used instead. */
  source: "local" | "default";
  /** With `default`: why the interpreter did not answer (`python3 was not found`, `python3 timed out after 20 s`). */
  reason?: string;
}

function probeFailure(python: string, timeoutMs: number, e: unknown): string {
  const err = e as NodeJS.ErrnoException & { signal?: string | null; status?: number | null };
  if (err?.code === "ENOENT") return `${python} was not found`;
  if (err?.code === "ETIMEDOUT" || err?.signal === "SIGTERM") return `${python} did not answer within ${Math.round(timeoutMs / 1000)} s`;
  if (typeof err?.status === "number") return `${python} exited with status ${err.status}`;
  return `${python} gave an answer pyward could not read (${String(err?.message ?? e).split("\n")[0].slice(0, 120)})`;
}

/**
 * The marker environment of the local `python3` (`python3 -I -S -c <probe>`, waiting up to
 * {@link PROBE_TIMEOUT_MS}), or {@link defaultEnvironment} when there is no such interpreter, it times out, or
 * its answer is not the expected JSON. Never throws. `source` says which one was used and `reason` why the
 * default was.
 */
export function detectLocalEnvironment(options: DetectOptions = {}): DetectedEnvironment {
  const run = options.run ?? defaultRunner;
  const python = options.python ?? "python3";
  const timeoutMs = options.timeoutMs ?? PROBE_TIMEOUT_MS;
  try {
    const out = run(python, ["-I", "-S", "-c", PROBE], timeoutMs);
    const data = JSON.parse(out.trim()) as Record<string, unknown>;
    const fallback = defaultEnvironment();
    const keys = Object.keys(fallback) as (keyof MarkerEnvironment)[];
    for (const key of keys) {
      if (typeof data[key] !== "string") throw new Error(`probe did not report ${key}`);
    }
    if (valid(data.python_full_version as string) === null) throw new Error("probe reported a bad version");
    const env = {} as Record<string, string>;
    for (const key of keys) env[key] = data[key] as string;
    return { env: env as unknown as MarkerEnvironment, source: "local" };
  } catch (e) {
    return { env: defaultEnvironment(), source: "default", reason: probeFailure(python, timeoutMs, e) };
  }
}

const environmentNotes = new WeakMap<MarkerEnvironment, string>();

/**
 * Attaches a one-line note to a marker environment object (e.g. "the local python3 did not answer; markers are
 * evaluated for the default Python 3.12"), so that whoever evaluates markers with it — `pyward audit`, or the
 * audit inside `pyward check`, which receives only the environment — can put the note in its report.
 * @returns `env`
 */
export function noteEnvironment(env: MarkerEnvironment, note: string): MarkerEnvironment {
  environmentNotes.set(env, note);
  return env;
}

/** The note {@link noteEnvironment} attached to `env`, if any. */
export function environmentNote(env: MarkerEnvironment | undefined): string | undefined {
  return env ? environmentNotes.get(env) : undefined;
}
