/**
 * Joining SARIF 2.1.0 logs into one (`pyward merge-sarif`), made for the shards of a sharded run
 * (`pyward check --shard k/n`) but usable on any logs:
 *
 * - one run per tool (driver name and version); runs of other tools pass through in order of first appearance;
 * - the tool's rules are merged by id (union, in an order consistent with every input: the order the tool
 *   itself uses, so merging shards gives the unsharded rule list), and every result's `ruleIndex` is recomputed;
 * - results are concatenated and sorted by location (path, line, column), rule id and message, stably — the
 *   order `pyward check` writes, so merged shards equal the unsharded run byte for byte;
 * - the invocations become one: successful only if all were, notifications concatenated without repeats,
 *   property bags merged; the `shard` property of a shard's invocation is checked (all shards of one split,
 *   each once, none missing unless `partial`) and dropped.
 *
 * Runs holding tables that results point into by index (`artifacts`, `logicalLocations`, `taxonomies`, …) are
 * refused when they would need merging: their indexes are not rewritten.
 */
import type * as Sarif from "sarif";

/** A log that cannot be merged (malformed input, inconsistent shards): a usage error for the CLI. */
export class SarifMergeError extends Error {}

/** One input: a name for messages (its file) and the parsed JSON. */
export interface SarifInput {
  name: string;
  log: unknown;
}

/** Settings of {@link mergeSarif}. */
export interface MergeSarifOptions {
  /** Accept an incomplete set of shards (some of `1/n … n/n` missing). Default false: an error. */
  partial?: boolean;
  /**
   * Rank of a rule among rules whose relative order the inputs leave open (two rules never listed in the same
   * input, such as diagnostics a shard did not need): lower first. `pyward merge-sarif` passes pyward's
   * catalog order for the `pyward` driver.
   */
  ruleRank?: (tool: string, ruleId: string) => number | undefined;
}

/** Run-level tables that results reference by index; merging runs that hold them would need re-indexing. */
const INDEXED_TABLES = [
  "artifacts", "logicalLocations", "graphs", "threadFlowLocations", "addresses", "webRequests", "webResponses",
  "policies", "taxonomies", "translations",
] as const;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Merges sequences that are each a subsequence of one common order into one sequence holding every item once,
 * consistent with all of them. Where they leave the order open, items of lower `rank` come first, then items
 * seen first. A contradiction (a cycle) is resolved the same way.
 */
export function mergeOrders<T>(lists: readonly (readonly T[])[], rank?: (item: T) => number | undefined): T[] {
  const seen = new Map<T, number>();
  const next = new Map<T, Set<T>>();
  const indegree = new Map<T, number>();
  for (const list of lists) {
    let prev: T | undefined;
    let hasPrev = false;
    const inList = new Set<T>();
    for (const item of list) {
      if (inList.has(item)) continue;
      inList.add(item);
      if (!seen.has(item)) {
        seen.set(item, seen.size);
        next.set(item, new Set());
        indegree.set(item, 0);
      }
      if (hasPrev && !next.get(prev as T)!.has(item)) {
        next.get(prev as T)!.add(item);
        indegree.set(item, indegree.get(item)! + 1);
      }
      prev = item;
      hasPrev = true;
    }
  }
  const key = (item: T): [number, number] => [rank?.(item) ?? Number.POSITIVE_INFINITY, seen.get(item)!];
  const better = (a: T, b: T): boolean => {
    const [ra, sa] = key(a);
    const [rb, sb] = key(b);
    return ra < rb || (ra === rb && sa < sb);
  };
  const remaining = new Set(seen.keys());
  const out: T[] = [];
  while (remaining.size) {
    let pick: T | undefined;
    let pickFree = false;
    for (const item of remaining) {
      const free = indegree.get(item) === 0;
      if (pick === undefined || (free && !pickFree) || (free === pickFree && better(item, pick))) {
        pick = item;
        pickFree = free;
      }
    }
    remaining.delete(pick as T);
    out.push(pick as T);
    for (const n of next.get(pick as T)!) indegree.set(n, indegree.get(n)! - 1);
  }
  return out;
}

/** Union of arrays, without repeats (by JSON text), in order of first appearance. */
function unionArrays(arrays: readonly unknown[][]): unknown[] {
  const out: unknown[] = [];
  const seen = new Set<string>();
  for (const a of arrays) {
    for (const v of a) {
      const k = JSON.stringify(v);
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(v);
    }
  }
  return out;
}

/**
 * Merges objects key by key, keys in an order consistent with every object's; `special` merges a key's
 * values, otherwise the first defined value wins. A special merge returning undefined drops the key.
 */
function mergeObjects(objects: readonly Json[], special: Record<string, (values: unknown[]) => unknown> = {}): Json {
  const keys = mergeOrders(objects.map((o) => Object.keys(o)));
  const out: Json = {};
  for (const k of keys) {
    const values = objects.map((o) => o[k]).filter((v) => v !== undefined);
    const v = special[k] ? special[k](values) : values[0];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** Merges property bags: arrays united, nested bags merged, otherwise the first value; `drop` keys removed. */
function mergeBags(values: unknown[], drop: readonly string[] = []): Json | undefined {
  const bags = values.filter(isObject);
  if (!bags.length) return undefined;
  const merged = mergeObjects(bags, {});
  for (const k of Object.keys(merged)) {
    const vs = bags.map((b) => b[k]).filter((v) => v !== undefined);
    if (vs.every(Array.isArray)) merged[k] = unionArrays(vs as unknown[][]);
    else if (vs.every(isObject)) merged[k] = mergeBags(vs);
  }
  for (const k of drop) delete merged[k];
  return Object.keys(merged).length ? merged : undefined;
}

/** The `k/n` shard a run says it is (in an invocation's properties), if any. */
function shardOfRun(run: Json): { index: number; count: number; text: string } | undefined {
  for (const inv of (Array.isArray(run.invocations) ? run.invocations : []) as unknown[]) {
    const text = isObject(inv) && isObject(inv.properties) ? inv.properties.shard : undefined;
    if (typeof text !== "string") continue;
    const m = /^(\d+)\/(\d+)$/.exec(text);
    if (m) return { index: Number(m[1]), count: Number(m[2]), text };
  }
  return undefined;
}

/** Sort key of a result: path (decoded from the URI), line, column, rule id, message. */
function resultKey(r: Json, ruleId: string): [string, number, number, string, string] {
  const loc = (Array.isArray(r.locations) ? r.locations[0] : undefined) as Sarif.Location | undefined;
  const uri = loc?.physicalLocation?.artifactLocation?.uri ?? "";
  let path = uri;
  try {
    path = decodeURIComponent(uri);
  } catch {
    /* keep the URI as it is */
  }
  const region = loc?.physicalLocation?.region;
  const text = isObject(r.message) && typeof r.message.text === "string" ? r.message.text : "";
  return [path, region?.startLine ?? 0, region?.startColumn ?? 0, ruleId, text];
}

function compareKeys(a: [string, number, number, string, string], b: [string, number, number, string, string]): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] - b[1] || a[2] - b[2] || (a[3] < b[3] ? -1 : a[3] > b[3] ? 1 : 0) || (a[4] < b[4] ? -1 : a[4] > b[4] ? 1 : 0);
}

/** Merges the runs of one tool (in shard order when sharded). */
function mergeRuns(runs: { run: Json; from: string }[], options: MergeSarifOptions): Json {
  if (runs.length === 1) return runs[0].run;
  for (const { run, from } of runs) {
    for (const table of INDEXED_TABLES) {
      const v = run[table];
      if ((Array.isArray(v) && v.length) || (isObject(v) && Object.keys(v).length)) {
        throw new SarifMergeError(`${from}: cannot merge a run with a '${table}' table (its index references are not rewritten)`);
      }
    }
  }
  const driverOf = (run: Json): Json => (run.tool as { driver: Json }).driver;
  const toolName = String(driverOf(runs[0].run).name);
  const rulesOf = (run: Json): Json[] => (Array.isArray(driverOf(run).rules) ? (driverOf(run).rules as unknown[]).filter(isObject) : []);
  // rules: union by id, in an order every input agrees with
  const descriptor = new Map<string, Json>();
  for (const { run } of runs) for (const r of rulesOf(run)) if (typeof r.id === "string" && !descriptor.has(r.id)) descriptor.set(r.id, r);
  const order = mergeOrders(
    runs.map(({ run }) => rulesOf(run).map((r) => String(r.id))),
    options.ruleRank ? (id) => options.ruleRank!(toolName, id) : undefined,
  );
  const rules = order.map((id) => descriptor.get(id)!);
  const index = new Map(order.map((id, i) => [id, i]));
  // results: each tied to its rule by id, re-indexed, in pyward's order
  const keyed: { key: ReturnType<typeof resultKey>; result: Json }[] = [];
  for (const { run } of runs) {
    const own = rulesOf(run);
    for (const res of (Array.isArray(run.results) ? run.results : []) as unknown[]) {
      if (!isObject(res)) continue;
      const result: Json = { ...res };
      const ref = isObject(result.rule) ? { ...result.rule } : undefined;
      const byIndex = typeof result.ruleIndex === "number" ? own[result.ruleIndex]?.id : typeof ref?.index === "number" ? own[ref.index]?.id : undefined;
      const id = typeof result.ruleId === "string" ? result.ruleId : typeof ref?.id === "string" ? ref.id : typeof byIndex === "string" ? byIndex : "";
      const at = index.get(id);
      if ("ruleIndex" in result) {
        if (at === undefined) delete result.ruleIndex;
        else result.ruleIndex = at;
      }
      if (ref && "index" in ref) {
        if (at === undefined) delete ref.index;
        else ref.index = at;
        result.rule = ref;
      }
      keyed.push({ key: resultKey(result, id), result });
    }
  }
  keyed.sort((a, b) => compareKeys(a.key, b.key));
  const invocations = runs.flatMap(({ run }) => (Array.isArray(run.invocations) ? run.invocations.filter(isObject) : []));
  const notifications = (values: unknown[]): unknown[] => unionArrays(values.filter(Array.isArray) as unknown[][]);
  const invocation = mergeObjects(invocations, {
    executionSuccessful: (values) => (values.length ? values.every((v) => v !== false) : undefined),
    toolExecutionNotifications: notifications,
    toolConfigurationNotifications: notifications,
    properties: (values) => mergeBags(values, ["shard"]),
  });
  return mergeObjects(
    runs.map(({ run }) => run),
    {
      tool: (tools) =>
        mergeObjects(tools.filter(isObject), {
          driver: (drivers) => mergeObjects(drivers.filter(isObject), { rules: () => rules }),
        }),
      results: () => keyed.map((k) => k.result),
      invocations: () => [invocation],
      properties: (values) => mergeBags(values),
    },
  );
}

/**
 * Merges SARIF 2.1.0 logs (see the module comment).
 * @throws SarifMergeError for an input that is not a SARIF 2.1.0 log, runs that cannot be merged, or an
 *   inconsistent set of shards (different splits, a shard twice, a shard missing without `partial`, a sharded
 *   run mixed with an unsharded run of the same tool)
 */
export function mergeSarif(inputs: readonly SarifInput[], options: MergeSarifOptions = {}): Sarif.Log {
  if (!inputs.length) throw new SarifMergeError("nothing to merge");
  const groups = new Map<string, { run: Json; from: string }[]>();
  /** Each run's content and automation id, to refuse one given twice (its results would be counted twice). */
  const seen = new Map<string, string>();
  for (const { name, log } of inputs) {
    if (!isObject(log) || log.version !== "2.1.0" || !Array.isArray(log.runs)) throw new SarifMergeError(`${name}: not a SARIF 2.1.0 log`);
    log.runs.forEach((run, i) => {
      const driver = isObject(run) && isObject(run.tool) && isObject(run.tool.driver) ? run.tool.driver : undefined;
      if (!driver || typeof driver.name !== "string") throw new SarifMergeError(`${name}: run ${i + 1} has no tool.driver.name`);
      // (a shard given twice is caught below, with the shard named)
      const content = shardOfRun(run as Json) ? undefined : JSON.stringify(run);
      const same = content === undefined ? undefined : seen.get(`content\0${content}`);
      if (same !== undefined) throw new SarifMergeError(`${name}: run ${i + 1} is the same as ${same}; each run may be merged once`);
      if (content !== undefined) seen.set(`content\0${content}`, `${name} (run ${i + 1})`);
      const automation = isObject(run) && isObject(run.automationDetails) && typeof run.automationDetails.id === "string" ? run.automationDetails.id : undefined;
      if (automation !== undefined) {
        const other = seen.get(`automation\0${driver.name}\0${automation}`);
        if (other !== undefined) throw new SarifMergeError(`${name}: run ${i + 1} has the automation id '${automation}' of ${other}; each run may be merged once`);
        seen.set(`automation\0${driver.name}\0${automation}`, `${name} (run ${i + 1})`);
      }
      const key = `${driver.name}\0${String(driver.semanticVersion ?? driver.version ?? "")}`;
      const list = groups.get(key) ?? [];
      list.push({ run: run as Json, from: name });
      groups.set(key, list);
    });
  }
  const runs: Json[] = [];
  for (const list of groups.values()) {
    const tool = String(((list[0].run.tool as Json).driver as Json).name);
    const shards = list.map((r) => ({ ...r, shard: shardOfRun(r.run) }));
    const sharded = shards.filter((s) => s.shard);
    if (sharded.length) {
      const plain = shards.find((s) => !s.shard);
      if (plain) throw new SarifMergeError(`${plain.from}: an unsharded ${tool} run cannot be merged with shards (${sharded[0].from} is shard ${sharded[0].shard!.text})`);
      const count = sharded[0].shard!.count;
      const byIndex = new Map<number, string>();
      for (const s of sharded) {
        if (s.shard!.count !== count) throw new SarifMergeError(`${s.from}: shard ${s.shard!.text} is from a different split than ${sharded[0].from} (shard ${sharded[0].shard!.text})`);
        const dup = byIndex.get(s.shard!.index);
        if (dup !== undefined) throw new SarifMergeError(`${s.from}: shard ${s.shard!.text} is also in ${dup}`);
        byIndex.set(s.shard!.index, s.from);
      }
      const missing = Array.from({ length: count }, (_, i) => i + 1).filter((k) => !byIndex.has(k));
      if (missing.length && !options.partial) {
        throw new SarifMergeError(`${missing.length > 1 ? "shards" : "shard"} ${missing.map((k) => `${k}/${count}`).join(", ")} of the ${tool} run missing (merge an incomplete set with --partial)`);
      }
      shards.sort((a, b) => a.shard!.index - b.shard!.index);
    }
    const merged = mergeRuns(shards, options);
    if (sharded.length === 1) {
      // a single shard passes through mergeRuns untouched: drop its shard mark here
      const invs = (merged.invocations as Json[]).map((inv) => {
        const props = mergeBags([inv.properties], ["shard"]);
        const { properties: _, ...rest } = inv;
        return props ? { ...rest, properties: props } : rest;
      });
      runs.push({ ...merged, invocations: invs });
    } else runs.push(merged);
  }
  return mergeObjects(
    inputs.map((i) => i.log as Json),
    { runs: () => runs },
  ) as unknown as Sarif.Log;
}

/** Renders a merged log as `pyward check --format sarif` does (2-space indented, trailing newline). */
export function renderMergedSarif(log: Sarif.Log): string {
  return `${JSON.stringify(log, null, 2)}\n`;
}
