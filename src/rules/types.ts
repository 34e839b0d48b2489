/**
 * The shape of a rule: `{ meta, create(context) }`, after typescript-eslint's `createRule`.
 *
 * `create` returns handlers keyed by what the rule wants to see:
 * - a tree-sitter node type (`"call"`, `"assignment"`, `"decorator"`, `"string"`, …), called for every
 *   node of that type in document order;
 * - a qualified name (anything containing a dot: `"hashlib.md5"`, `"builtins.eval"`), called for every
 *   `call` whose callee resolves to that name through the semantic model (exact names only, no wildcards; a
 *   method of a typed receiver is named through its type: `"requests.Session.get"`);
 * - a method name after a dot (`".execute"`), called for every call `x.execute(...)` whatever `x` is
 *   (see `ModuleModel.methodName`): the cheap way for a rule that cares about a method of unknown receivers
 *   to skip the other calls. For one call, `.method` handlers run before qualified-name handlers, and one
 *   handler function registered under several keys that match the same call runs once.
 * A handler is told the key it was found under. A rule that serves a fixed table of keys (every `subprocess`
 * function, say) with one function lists them once, at module level, in a {@link KeyedHandler} under
 * {@link KEYED}, instead of adding a key per table entry in every file's `create`.
 * The engine walks each file once and calls every handler that asked.
 *
 * Two more phases, both optional:
 * - **project-wide**: handlers call `context.record(node, data)` to keep a plain-data fact (with its place);
 *   after every file is done, `checkProject(facts, reporter)` sees all facts of that rule from all files and
 *   reports findings at any fact's place (a Flask app without CSRF protection, a settings module without a
 *   middleware). Facts must be JSON-serialisable: they cross worker threads and caches.
 * - **templates**: a rule with `meta.fileKind: "template"` implements `checkTemplate(context)` and reads the
 *   template's text (`.html`, `.jinja`, `.jinja2`, `.j2`, `.djhtml`).
 */
import type { Node } from "../parse/parser.js";
import type { ModuleModel } from "../model/module.js";
import type { SourceFile } from "../parse/source.js";
import type { Confidence, Practice, Severity } from "../engine/finding.js";

/** Rule documentation, after Ruff's rule docs: what it does, why it is bad, a bad and a fixed example. */
export interface RuleDocs {
  /** What the rule finds (one or two sentences). */
  what: string;
  /** Why it matters: the attack or failure it prevents. */
  why: string;
  /** A bad example (Python source). */
  bad: string;
  /** The fixed example (Python source). */
  good: string;
  /** References: `CWE-89`, OWASP cheat sheet URLs, Python docs. */
  references: string[];
}

/** The value types a rule option may take. */
export type RuleOptionType = "number" | "integer" | "boolean" | "string" | "string[]";

/**
 * One option a rule reads from `ctx.options`, as the configuration sets it
 * (`[tool.pyward.rules.PW321] min-iterations-sha256 = 700000` sets `minIterationsSha256`).
 * The configuration loader rejects unknown option names and values of the wrong type with these specs.
 */
export interface RuleOptionSpec {
  /** Value type; `integer` and `number` are checked against {@link RuleOptionSpec.min} too. */
  type: RuleOptionType;
  /** The value the rule uses when the option is not set. */
  default: number | boolean | string | readonly string[];
  /** Smallest accepted value of a number or integer (inclusive). */
  min?: number;
  /** What the option changes (one sentence). */
  description: string;
}

/** A rule's metadata. */
export interface RuleMeta {
  /** Stable code: `PW` + three digits; never reused for another meaning. */
  code: string;
  /** kebab-case name, stable too. */
  name: string;
  practice: Practice;
  cwe: number[];
  severity: Severity;
  confidence: Confidence;
  /** Peer ids: Bandit `Bnnn`, Ruff `Snnn`. */
  aliases: string[];
  /**
   * Codes of rules this one makes redundant where both fire on overlapping code: the other finding is
   * dropped in favour of this more specific one (PW320 "fast hash of a password" supersedes PW301 "weak hash").
   */
  supersedes?: string[];
  /** Off unless selected (`--select`). Default true. */
  enabledByDefault?: boolean;
  /** Not reported in test files (`test_*.py`, `tests/`…) unless selected explicitly. */
  skipInTests?: boolean;
  /**
   * What kind of file the rule reads. Default `python`. `manifest` rules are reported by the dependency
   * audit (their fixtures are manifests under `tests/fixtures/`, tested by the audit's own tests);
   * `template` rules read HTML/Jinja templates.
   */
  fileKind?: "python" | "template" | "manifest";
  /**
   * The options the rule reads from `ctx.options`, by their camelCase name (configured in kebab-case:
   * `minIterationsSha256` is `min-iterations-sha256`). A rule that reads no options leaves this out.
   */
  options?: Readonly<Record<string, RuleOptionSpec>>;
  docs: RuleDocs;
}

/** Extra fields a rule may set on one finding. */
export interface ReportOptions {
  severity?: Severity;
  confidence?: Confidence;
  /** Node whose enclosing statement identifies the finding (default: the reported node). */
  statement?: Node;
  /**
   * A secret value inside the flagged code (e.g. the string literal of a hard-coded password): it is masked
   * in the finding's code snippet and never printed in clear. Mask it in the message yourself (`maskSecret`).
   */
  secret?: Node | { start: number; end: number };
}

/** A fact a rule recorded in the per-file phase, with the place it speaks of. Plain data. */
export interface ProjectFact<T = unknown> {
  /** File (as reported), and where in it. */
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Dotted module name of the file. */
  module: string;
  isTest: boolean;
  /** The rule's own data. */
  data: T;
  /** @internal statement identity and suppressions, for findings reported at this fact */
  anchor: { statement: string; context: string; first: number; last: number; snippet: string[]; suppressed: "all" | string[] };
}

/** Reports a project-wide finding at the place of a fact. */
export interface ProjectReporter {
  report(at: ProjectFact, message: string, extra?: { severity?: Severity; confidence?: Confidence }): void;
}

/** What a template rule sees: the template's text and a reporter for ranges of it. */
export interface TemplateContext {
  file: SourceFile;
  isTest: boolean;
  options: Readonly<Record<string, unknown>>;
  /** Reports a finding over UTF-16 range `[start, end)` of the template text. */
  report(range: { start: number; end: number }, message: string, extra?: { severity?: Severity; confidence?: Confidence }): void;
}

/** What a rule sees of the file it checks. */
export interface RuleContext {
  file: SourceFile;
  model: ModuleModel;
  /** The file is a test file (by name or location). */
  isTest: boolean;
  /** Rule options from configuration (empty when none are set). */
  options: Readonly<Record<string, unknown>>;
  /** Reports a finding at `node` (or at a UTF-16 range of the file). */
  report(node: Node | { start: number; end: number }, message: string, extra?: ReportOptions): void;
  /** Keeps a plain-data fact about `node` for this rule's {@link Rule.checkProject} (project-wide phase). */
  record(node: Node, data: unknown): void;
  /**
   * Reports, as a note on the file (one line, shown with the run's notes), that the rule left part of the file
   * unchecked: `message` says what and why. With `timing: true` the gap depends on how fast the analysis ran
   * (a per-file time budget ran out), so the file's result is never cached and an unchanged re-run tries again.
   */
  note(message: string, options?: { timing?: boolean }): void;
  /**
   * Handlers that several rules need in a file, made once per file: the first rule to ask for `channel` calls
   * `make`, the others get the same value. Every handler in its `handlers` runs once per node however many
   * rules register it (first for the rule registered first). Facts it records are kept under `channel`, not
   * under a rule's code, and reach the {@link Rule.checkProject} of every rule listing the channel in
   * {@link Rule.factChannels}: one copy in the cache and in memory whatever the number of rules. Shared handlers
   * record facts only; their `report` throws.
   */
  shared<T extends { handlers: Record<string, Handler> }>(channel: string, make: (ctx: RuleContext) => T): T;
}

/**
 * A handler for one node type, `.method` name or qualified name; `key` is the key it was found under (for a
 * node-type handler, the node's type).
 */
export type Handler = (node: Node, key: string) => void;

/**
 * The symbol under which a handler object lists its {@link KeyedHandler}s. Its string keys take precedence:
 * a key both among them and in a keyed handler's list is served by the string key's handler (and among keyed
 * handlers, by the first listing it).
 */
export const KEYED: unique symbol = Symbol("pyward.keyed");

/**
 * One handler for every key of `keys` (node types, `.method` names or qualified names, as string keys are),
 * told which key matched. `keys` should be one array made once (at module level): the engine files a rule's
 * keys again only when they change, and tells by the array's identity.
 */
export interface KeyedHandler {
  readonly keys: readonly string[];
  readonly handler: Handler;
}

/** What `create` returns: handlers by key, and optionally keyed handlers under {@link KEYED}. */
export type Handlers = Record<string, Handler> & { [KEYED]?: readonly KeyedHandler[] };

/**
 * The keys `handlers` serves through its keyed handlers only (not string keys of its own), in order, each with the
 * position in its `KEYED` list of the first keyed handler listing it; undefined when it has no keyed handlers.
 */
export function keyedOnly(handlers: Handlers): Map<string, number> | undefined {
  const groups = handlers[KEYED];
  if (!groups?.length) return undefined;
  const only = new Map<string, number>();
  for (let g = 0; g < groups.length; g++) {
    for (const key of groups[g].keys) if (!only.has(key) && !Object.hasOwn(handlers, key)) only.set(key, g);
  }
  return only;
}

/** Every key `handlers` answers to: its string keys in order, then the keys of its keyed handlers not among them. */
export function handlerKeys(handlers: Handlers): string[] {
  const only = keyedOnly(handlers);
  return only ? [...Object.keys(handlers), ...only.keys()] : Object.keys(handlers);
}

/** A rule: metadata and a factory of handlers, called once per file. */
export interface Rule {
  meta: RuleMeta;
  create(context: RuleContext): Handlers;
  /**
   * Project-wide phase: all facts this rule recorded, from every file, with those of its {@link factChannels},
   * sorted by path, line and column.
   */
  checkProject?(facts: ProjectFact[], reporter: ProjectReporter): void;
  /** Channels of shared handlers ({@link RuleContext.shared}) whose facts `checkProject` sees too. */
  factChannels?: readonly string[];
  /** Template files (when `meta.fileKind` is `"template"`). */
  checkTemplate?(context: TemplateContext): void;
  /**
   * The rule's promise that `create` returns the same keys in every file, all of them qualified names (calls of
   * `hashlib.md5`, `subprocess.run`…), and does nothing else (it reports, records and notes only from its
   * handlers). The engine then skips `create` in a file that cannot name any of those names' top-level modules
   * (`ModuleModel.mayName`): no call there resolves to one, so no handler could run. `tests/rules/names-only.test.ts`
   * holds each such rule to it.
   */
  namesOnly?: true;
}

/** Identity function that types a rule definition. */
export function defineRule(rule: Rule): Rule {
  return rule;
}
