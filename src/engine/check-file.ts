/**
 * The per-file phase: bytes → text → tree → model → rules → findings. Never throws: every failure becomes
 * a finding (PW001–PW003) or an internal-error line, and the tree is always deleted.
 */
import { decodePython } from "../parse/decode.js";
import { lastParseFailure, parsePython, syntaxProblems, SYNTAX_NODE_TYPES, type Node } from "../parse/parser.js";
import { SourceFile } from "../parse/source.js";
import { ModuleModel, MODEL_NODE_TYPES } from "../model/module.js";
import { KEYED, type Handlers, type ProjectFact, type Rule, type RuleContext } from "../rules/types.js";
import type { Finding } from "./finding.js";
import { maySuppress, parseSuppression, SuppressionIndex } from "./suppress.js";
import { isFoldedIn, markOnlyRules, type SuppressedMark } from "./fold.js";
import { maskSnippet } from "./mask.js";
import { lineFinding, makeFinding, maskWithin, secretRange, snippetOf, statementOf } from "./finding-at.js";
import { SECRET_RULES } from "./secret-rules.js";
import { FileHandlers, handlerIndex, type HandlerEntry } from "./dispatch.js";
import syntaxError from "../rules/diagnostics/syntax-error.js";
import undecodable from "../rules/diagnostics/undecodable-file.js";
import fileSkipped from "../rules/diagnostics/file-skipped.js";
import { isTaintRule } from "../rules/taint/define.js";
import { runTaintFile, type ModuleSummary, type ThreatModel } from "../taint/index.js";

/** What the per-file phase needs to know of a file. */
export interface FileInput {
  /** Path as reported (relative to the current directory, `/` separators). */
  path: string;
  /** Dotted module name, from the path relative to the scan root (`pkg/mod.py` → `pkg.mod`). */
  moduleName: string;
  /** The file's bytes, or the text when already decoded. */
  bytes: Uint8Array;
  isTest: boolean;
}

/** Settings of the per-file phase. */
export interface CheckOptions {
  /** Rules to run. */
  rules: readonly Rule[];
  /** Codes of rules selected explicitly: they run in test files even when `skipInTests`. */
  explicit?: ReadonlySet<string>;
  /** Rule options by rule code. */
  ruleOptions?: Readonly<Record<string, Record<string, unknown>>>;
  /** Parser time budget per file, in milliseconds (default 20,000). */
  parseTimeoutMs?: number;
  /** Rule-phase time budget per file, in milliseconds (default 20,000): past it the file's analysis is abandoned and reported (PW003). */
  ruleTimeoutMs?: number;
  /** Threat models whose taint sources count (default: remote only). */
  taintSources?: readonly ThreatModel[];
  /** Dotted names of every module of the scanned project, for the taint analysis of calls between them. */
  projectModules?: ReadonlySet<string>;
}

/** The per-file phase's result: plain data. */
export interface FileResult {
  path: string;
  findings: Finding[];
  /** Physical lines in the file (0 when not decoded). */
  lines: number;
  /** Internal errors (a rule that threw): file, rule and message, one line each. */
  errors: string[];
  /** Whether the file was parsed and analysed (possibly with syntax errors). */
  analysed: boolean;
  /** Facts recorded for the project-wide phase, by rule code. */
  facts: Record<string, ProjectFact[]>;
  /** Top-level modules the file imports (for the dependency audit's reachability). */
  imports: string[];
  /** The module's taint summary (plain data), when a taint rule ran: input of the project-wide taint phase. */
  taint?: ModuleSummary;
  /** Notes of rules that left part of the file unchecked (`RuleContext.note`), one line each, `PWnnn: …`. */
  notes?: string[];
  /** A rule's note said its gap depends on timing: the result is never cached. */
  timed?: boolean;
  /** Findings a suppression comment removed that another rule's finding would have folded in (`fold.ts`). */
  suppressed?: SuppressedMark[];
}

/**
 * Milliseconds spent in each rule's handlers, by code, when the environment variable `PYWARD_PROFILE_RULES`
 * is set (for `bench/` scripts); undefined otherwise, at no cost.
 */
export const RULE_TIMES: Map<string, number> | undefined = process.env.PYWARD_PROFILE_RULES ? new Map() : undefined;

/** Node types each rule's handlers asked for in the last file it ran on (a rule's handler keys rarely vary between files). */
const KNOWN_NODE_TYPES = new WeakMap<Rule, ReadonlySet<string>>();

/** Merges two node lists, each in document order, into one: by start, an enclosing node before its children. */
function mergeInDocumentOrder(a: Node[], b: Node[]): Node[] {
  const out: Node[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length) out.push(a[i++]);
    else if (i >= a.length) out.push(b[j++]);
    else {
      const x = a[i];
      const y = b[j];
      if (x.startIndex < y.startIndex || (x.startIndex === y.startIndex && x.endIndex >= y.endIndex)) out.push(a[i++]);
      else out.push(b[j++]);
    }
  }
  return out;
}

/**
 * The anchor of a fact or taint finding at `node`: its statement's identity (with the node's text), enclosing
 * context, lines, snippet and the suppressions on those lines.
 */
function anchorOf(node: Node, file: SourceFile, model: ModuleModel, suppressions: SuppressionIndex): ProjectFact["anchor"] {
  const stmt = statementOf(node, file);
  return {
    statement: `${stmt.text}\0${node.text.slice(0, 2000)}`,
    context: model.enclosingPath(node),
    first: stmt.first,
    last: stmt.last,
    snippet: snippetOf(file, stmt.first, stmt.last, undefined),
    suppressed: suppressions.collect(stmt.first, stmt.last),
  };
}

/**
 * Runs the per-file phase on one file.
 *
 * @returns findings (suppressed ones removed), line count, internal errors. Never throws.
 */
export async function checkFile(input: FileInput, options: CheckOptions): Promise<FileResult> {
  return (await checkFileAndSummarise(input, options)).result;
}

/** A module's on-demand taint summary (project phase) and the internal errors of computing it, one line each. */
export interface OnDemandSummary {
  summary?: ModuleSummary;
  errors: string[];
}

/**
 * {@link checkFile}, and with `summaryOptions` from the same parse and model the module's on-demand taint
 * summary, as {@link summariseForTaint} computes it: for a module the project phase asks for while its per-file
 * analysis is still to come, so that it is parsed once. `summary` is undefined without `summaryOptions`, and when
 * the per-file analysis failed inside (the summary must then be computed on its own); never throws.
 */
export async function checkFileAndSummarise(input: FileInput, options: CheckOptions, summaryOptions?: CheckOptions): Promise<{ result: FileResult; summary?: OnDemandSummary }> {
  const result: FileResult = { path: input.path, findings: [], lines: 0, errors: [], analysed: false, facts: {}, imports: [] };
  const nothing = summaryOptions ? { errors: [] } : undefined;
  const decoded = decodePython(input.bytes);
  if (!decoded.ok) {
    const file = new SourceFile(input.path, "");
    result.findings.push(lineFinding(undecodable.meta, file, 1, `${decoded.reason} (line ${decoded.line})`));
    result.findings[0].line = decoded.line;
    result.findings[0].endLine = decoded.line;
    result.findings[0].statementLines = [decoded.line, decoded.line];
    return { result, summary: nothing };
  }
  const file = new SourceFile(input.path, decoded.text);
  result.lines = file.text.length === 0 ? 0 : file.lineCount - (/[\r\n]$/.test(file.text) ? 1 : 0);
  const tree = await parsePython(file.text, options.parseTimeoutMs ?? 20_000);
  if (!tree) {
    const failed = lastParseFailure();
    result.findings.push(lineFinding(fileSkipped.meta, file, 1, failed ? `${failed}; file not analysed` : `parsing took longer than the ${options.parseTimeoutMs ?? 20_000} ms budget; file not analysed`));
    return { result, summary: nothing };
  }
  let summary: OnDemandSummary | undefined;
  try {
    result.analysed = true;
    const state = runRules(input, file, tree, options, result);
    if (summaryOptions) summary = summaryOf(input, file, state, summaryOptions);
  } catch (err) {
    // the model build or the traversal itself failed (rules' own failures are caught per handler): the file
    // ends as a finding, and the run goes on
    const why = String((err as Error)?.message ?? err).split("\n")[0];
    result.analysed = false;
    result.findings.push(lineFinding(fileSkipped.meta, file, 1, `internal error while analysing this file (${why}); not analysed`));
    result.errors.push(`${input.path}: internal error in the per-file phase: ${why}`);
  }
  return { result, summary };
}

/** Taint rules that run on `input`. */
function taintRulesFor(input: FileInput, options: CheckOptions): Rule[] {
  return options.rules.filter((r) => isTaintRule(r) && !(input.isTest && r.meta.skipInTests && !options.explicit?.has(r.meta.code)));
}

/**
 * The per-file taint phase: analyses the module (when `onlyWithSources`, only if it may hold sources of its
 * own), adds the flows complete inside it to the findings and keeps its summary for the project phase.
 */
function taintPhase(
  input: FileInput,
  file: SourceFile,
  model: ModuleModel,
  modelNodes: Node[],
  suppressions: SuppressionIndex,
  options: CheckOptions,
  result: FileResult,
  deadline: number,
  onlyWithSources: boolean,
): void {
  const taintRules = taintRulesFor(input, options);
  if (!taintRules.length) return;
  const t0 = RULE_TIMES ? performance.now() : 0;
  try {
    const taint = runTaintFile({
      model,
      file,
      moduleName: input.moduleName,
      nodes: modelNodes,
      rules: taintRules,
      threats: options.taintSources,
      projectModules: options.projectModules,
      deadline,
      onlyWithSources,
      anchor: (node) => anchorOf(node, file, model, suppressions),
    });
    if (taint.summary) result.taint = taint.summary;
    result.findings.push(...taint.findings);
    if (taint.partial) {
      result.findings.push(lineFinding(fileSkipped.meta, file, 1, "taint analysis ran over the per-file time budget and was abandoned; flows through this file may be missing"));
    }
  } catch (err) {
    result.errors.push(`${input.path}: internal error in the taint analysis: ${(err as Error).stack ?? (err as Error).message}`);
  }
  if (RULE_TIMES) RULE_TIMES.set("taint", (RULE_TIMES.get("taint") ?? 0) + performance.now() - t0);
}

/**
 * The taint summary of a module that the per-file phase did not analyse (it has no source of its own), for the
 * project phase when tainted data reaches it through a call. Parses the file again; never throws.
 */
export async function summariseForTaint(input: FileInput, options: CheckOptions): Promise<{ summary?: ModuleSummary; errors: string[] }> {
  const decoded = decodePython(input.bytes);
  if (!decoded.ok) return { errors: [] };
  const file = new SourceFile(input.path, decoded.text);
  const tree = await parsePython(file.text, options.parseTimeoutMs ?? 20_000);
  if (!tree) return { errors: [] };
  const suppressions = new SuppressionIndex();
  const modelNodes: Node[] = [];
  const modelTypes = new Set(MODEL_NODE_TYPES);
  for (const node of tree.rootNode.descendantsOfType(maySuppress(file.text) ? [...MODEL_NODE_TYPES, "comment"] : MODEL_NODE_TYPES)) {
    if (modelTypes.has(node.type)) modelNodes.push(node);
    else {
      const s = parseSuppression(node.text);
      if (s) suppressions.add(file.position(node.startIndex).line, s);
    }
  }
  return summaryOf(input, file, { model: new ModuleModel(input.moduleName, tree, modelNodes), modelNodes, suppressions }, options);
}

/** What the taint analysis of a file needs of its per-file analysis. */
interface FileState {
  model: ModuleModel;
  /** The nodes the model was built from, in document order. */
  modelNodes: Node[];
  suppressions: SuppressionIndex;
}

/** The on-demand taint summary of a parsed and modelled file (see {@link summariseForTaint}). */
function summaryOf(input: FileInput, file: SourceFile, state: FileState, options: CheckOptions): OnDemandSummary {
  const result: FileResult = { path: input.path, findings: [], lines: 0, errors: [], analysed: false, facts: {}, imports: [] };
  const budget = options.ruleTimeoutMs ?? 20_000;
  taintPhase(input, file, state.model, state.modelNodes, state.suppressions, options, result, performance.now() + budget, false);
  return { summary: result.taint, errors: result.errors };
}

function runRules(input: FileInput, file: SourceFile, tree: import("../parse/parser.js").Tree, options: CheckOptions, result: FileResult): FileState {
  const started = performance.now(); // the per-file budget covers the model build too
  const maskOnly = new Set(SECRET_RULES.filter((r) => !options.rules.includes(r)));
  // unselected rules the selected ones fold in run for the marks of their suppressed findings only (fold.ts)
  const markOnly = new Set(markOnlyRules(options.rules));
  const index = handlerIndex(options.rules, [...maskOnly, ...markOnly]);
  const table = new FileHandlers(index);
  const { byType, byMethod } = table;
  const suppressions = new SuppressionIndex();
  let current: Rule | undefined;
  const raw: Finding[] = [];
  /** Keeps the place of a finding of rule `code` a comment removed, for the rules that fold it in (fold.ts). */
  const mark = (code: string, line: number, column: number): void => {
    (result.suppressed ??= []).push({ code, path: file.path, line, column });
  };
  /** UTF-16 ranges of secrets that rules reported (`extra.secret`), masked in every code frame of the file. */
  const secrets: [number, number][] = [];
  // One pass over the tree's type array collects what the model and (as far as known from earlier files) the rules need.
  // comments are read only for suppressions (a rule that wants them asks, and gets them below)
  const collected = new Set<string>([...MODEL_NODE_TYPES, ...(maySuppress(file.text) ? ["comment"] : []), ...SYNTAX_NODE_TYPES]);
  for (const rule of options.rules) for (const t of KNOWN_NODE_TYPES.get(rule) ?? []) collected.add(t);
  let nodes = tree.rootNode.descendantsOfType([...collected]);
  const modelTypes = new Set(MODEL_NODE_TYPES);
  const modelNodes: Node[] = [];
  const syntaxNodes: Node[] = [];
  const syntaxTypes = new Set(SYNTAX_NODE_TYPES);
  // indexed loops in this function: it is too large for V8 to optimise every for-of away, and their iterator
  // results were ~2% of a scan's allocation
  for (let k = 0; k < nodes.length; k++) {
    const node = nodes[k];
    if (modelTypes.has(node.type)) modelNodes.push(node);
    else if (syntaxTypes.has(node.type)) syntaxNodes.push(node);
    else if (node.type === "comment") {
      const s = parseSuppression(node.text);
      if (s) suppressions.add(file.position(node.startIndex).line, s);
    }
  }
  const problems = syntaxProblems(tree, 20, syntaxNodes);
  if (problems.length) {
    const first = problems[0];
    const pos = file.position(first.offset);
    const more = problems.length > 1 ? ` (and ${problems.length >= 20 ? "19+" : problems.length - 1} more)` : "";
    const f = lineFinding(syntaxError.meta, file, pos.line, `syntax error: ${first.message}${more}; analysed where the tree is usable`);
    f.column = pos.column;
    result.findings.push(f);
  }
  const model = new ModuleModel(input.moduleName, tree, modelNodes);
  result.imports = model.importedModules();

  /** A fact about `node` kept under `key` (a rule's code, or a shared channel). */
  const recordFact = (key: string, node: Node, data: unknown): void => {
    const s = file.position(node.startIndex);
    const e = file.position(node.endIndex);
    const list = result.facts[key] ?? (result.facts[key] = []);
    list.push({
      path: file.path,
      line: s.line,
      column: s.column,
      endLine: e.line,
      endColumn: e.column,
      module: input.moduleName,
      isTest: input.isTest,
      data,
      anchor: anchorOf(node, file, model, suppressions),
    });
  };
  /** Shared handler sets of this file by channel (`RuleContext.shared`). */
  const sharedSets = new Map<string, unknown>();
  const shared = <T extends { handlers: Handlers }>(base: RuleContext, channel: string, make: (ctx: RuleContext) => T): T => {
    let made = sharedSets.get(channel) as T | undefined;
    if (made) return made;
    made = make({
      ...base,
      report() {
        throw new Error(`handlers shared on channel ${channel} cannot report`);
      },
      record: (node, data) => recordFact(channel, node, data),
    });
    // several rules register the same handlers: each runs once per node
    for (const [k, h] of Object.entries(made.handlers)) {
      let last: Node | undefined;
      made.handlers[k] = (node, key) => {
        if (last?.equals(node)) return;
        last = node;
        h(node, key);
      };
    }
    if (made.handlers[KEYED]) throw new Error(`handlers shared on channel ${channel} cannot be keyed handlers`);
    sharedSets.set(channel, made);
    return made;
  };

  const context = (rule: Rule): RuleContext => {
    const ctx: RuleContext = {
      file,
      model,
      isTest: input.isTest,
      options: options.ruleOptions?.[rule.meta.code] ?? {},
      report(target, message, extra = {}) {
        const isNode = "startIndex" in (target as object);
        const node = isNode ? (target as Node) : undefined;
        const start = node ? node.startIndex : (target as { start: number }).start;
        const end = node ? node.endIndex : (target as { end: number }).end;
        const stmtNode = extra.statement ?? node;
        const stmt = stmtNode ? statementOf(stmtNode, file) : { text: file.text.slice(start, end), first: file.position(start).line, last: file.position(end).line, start };
        const secret = extra.secret ? secretRange(extra.secret) : undefined;
        if (secret) secrets.push(secret);
        if (maskOnly.has(rule)) return;
        if (markOnly.has(rule)) {
          if (suppressions.suppresses(stmt.first, stmt.last, [rule.meta.code, rule.meta.name, ...rule.meta.aliases])) {
            const at = file.position(start);
            mark(rule.meta.code, at.line, at.column);
          }
          return;
        }
        const enclosing = stmtNode ? model.enclosingPath(stmtNode) : "";
        const flagged = maskWithin(node ? node.text : file.text.slice(start, end), start, secret);
        const finding = makeFinding(
          rule.meta,
          file,
          start,
          end,
          message,
          { text: `${maskWithin(stmt.text, stmt.start, secret)}\0${flagged}`, first: stmt.first, last: stmt.last, context: enclosing },
          extra,
        );
        finding.snippet = snippetOf(file, stmt.first, stmt.last, secret);
        raw.push(finding);
      },
      record(node, data) {
        recordFact(rule.meta.code, node, data);
      },
      shared: (channel, make) => shared(ctx, channel, make),
      note(message, opts = {}) {
        if (markOnly.has(rule)) return;
        const line = `${rule.meta.code}: ${message}`;
        const notes = result.notes ?? (result.notes = []);
        if (!notes.includes(line)) notes.push(line);
        if (opts.timing) result.timed = true;
      },
    };
    return ctx;
  };

  // secret-finding rules always run so masking never depends on the selection; unselected (or skipped in
  // a test file) they only contribute mask ranges, and their findings are dropped (see secret-rules.ts)
  for (let i = 0; i < index.rules.length; i++) {
    const rule = index.rules[i];
    if ((rule.meta.fileKind ?? "python") !== "python") continue;
    if (input.isTest && rule.meta.skipInTests && !options.explicit?.has(rule.meta.code)) {
      // a rule another one folds in still marks the findings a comment removed, whatever the selection (fold.ts)
      if (SECRET_RULES.includes(rule)) maskOnly.add(rule);
      else if (isFoldedIn(rule.meta.code, options.rules)) markOnly.add(rule);
      else continue;
    }
    // a rule whose keys are all qualified names has nothing to do in a file that cannot name their modules
    if (rule.namesOnly) {
      const roots = index.roots(i);
      if (roots && !model.mayName(roots)) continue;
    }
    let handlers: Handlers;
    try {
      handlers = rule.create(context(rule));
    } catch (err) {
      result.errors.push(`${input.path}: rule ${rule.meta.code} failed to start: ${(err as Error).message}`);
      continue;
    }
    // what the rule asked for in this file (not every file so far: a rule that asks for a common node type
    // only in rare files must not make every later file collect it)
    KNOWN_NODE_TYPES.set(rule, table.add(i, handlers));
  }

  // Node types a rule asked for that the first traversal did not collect (first file, or a rule whose
  // handlers vary by file): one more traversal for just those, merged in document order.
  const missing = [...new Set([...byType.keys(), ...(table.names || byMethod.size ? ["call"] : [])])].filter((t) => !collected.has(t));
  if (missing.length) {
    const extra = tree.rootNode.descendantsOfType(missing);
    nodes = mergeInDocumentOrder(nodes, extra);
  }

  const call = (entry: HandlerEntry, node: Node): void => {
    current = entry.rule;
    const t0 = RULE_TIMES ? performance.now() : 0;
    try {
      entry.handler(node, entry.key);
      if (RULE_TIMES) RULE_TIMES.set(entry.rule.meta.code, (RULE_TIMES.get(entry.rule.meta.code) ?? 0) + performance.now() - t0);
    } catch (err) {
      const pos = file.position(node.startIndex);
      result.errors.push(`${input.path}:${pos.line}: internal error in rule ${current.meta.code} (${current.meta.name}): ${(err as Error).message}`);
    }
  };

  const budget = options.ruleTimeoutMs ?? 20_000;
  const deadline = started + budget;
  let visited = 255; // checked at the first node too: the model build may have used the budget up
  for (let k = 0; k < nodes.length; k++) {
    const node = nodes[k];
    if ((++visited & 255) === 0 && performance.now() > deadline) {
      const line = file.position(node.startIndex).line;
      result.findings.push(
        lineFinding(fileSkipped.meta, file, line, `analysis ran over the ${budget} ms per-file budget at line ${line} and was abandoned; findings after it may be missing`),
      );
      break;
    }
    const type = node.type;
    const handlers = byType.get(type);
    if (handlers) for (let h = 0; h < handlers.length; h++) call(handlers[h], node);
    if (type === "call" && (table.names || byMethod.size)) {
      // `.method` handlers first (they stand for a rule's `call` handler), then qualified names; a handler
      // function registered under both keys that match runs once
      let methodHandlers: HandlerEntry[] | undefined;
      if (byMethod.size) {
        const method = model.methodName(node);
        methodHandlers = method !== undefined ? byMethod.get(method) : undefined;
        if (methodHandlers) for (let h = 0; h < methodHandlers.length; h++) call(methodHandlers[h], node);
      }
      if (table.names) {
        let name: string | undefined;
        try {
          name = model.callee(node);
        } catch (err) {
          result.errors.push(`${input.path}:${file.position(node.startIndex).line}: internal error resolving a call: ${(err as Error).message}`);
        }
        const named = name ? table.named(name) : undefined;
        if (named) for (const h of named) if (!methodHandlers?.some((m) => m.handler === h.handler)) call(h, node);
      }
    }
  }

  // taint analysis: one pass per function over the model, for every selected taint rule at once
  taintPhase(input, file, model, modelNodes, suppressions, options, result, Math.max(deadline, performance.now() + budget / 2), true);

  for (const f of raw) {
    const [first, last] = f.statementLines ?? [f.line, f.endLine];
    if (!suppressions.suppresses(first, last, [f.code, f.name, ...f.aliases])) result.findings.push(f);
    else if (isFoldedIn(f.code, options.rules)) mark(f.code, f.line, f.column);
  }
  // a secret one rule found is masked in every finding's code frame, not only in that rule's own
  if (secrets.length) for (const f of result.findings) maskSnippet(f, file, secrets);
  // …and in the code frames of project-phase facts (their findings are made after this file's phase)
  if (secrets.length) {
    for (const fact of Object.values(result.facts).flat()) {
      const view = { snippet: fact.anchor.snippet, statementLines: [fact.anchor.first, fact.anchor.last] } as Finding;
      maskSnippet(view, file, secrets);
      fact.anchor.snippet = view.snippet ?? fact.anchor.snippet;
    }
  }
  return { model, modelNodes, suppressions };
}
