/**
 * `mergeSarif`: one run per tool, rules united by id in an order every input agrees with, `ruleIndex`
 * recomputed, results in pyward's order, invocations merged, shard marks checked and dropped; and the
 * `pyward merge-sarif` command's error handling. (That merged shards equal an unsharded run byte for byte
 * is proven end to end in `tests/cli/shard.test.ts`.)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mergeOrders, mergeSarif, renderMergedSarif, SarifMergeError, type SarifInput } from "../../src/report/merge-sarif.js";
import { cli } from "../helpers/cli.js";

/** SARIF JSON of any shape (test data). */
type AnyJson = Record<string, any>;

const rule = (id: string): AnyJson => ({ id, name: id.toLowerCase(), shortDescription: { text: id } });

/** A result of rule `id` at `uri:line:col`. */
function result(id: string, ruleIds: string[], uri: string, line: number, col = 1, text = `${id} here`): AnyJson {
  return {
    ruleId: id,
    ruleIndex: ruleIds.indexOf(id),
    level: "warning",
    message: { text },
    locations: [{ physicalLocation: { artifactLocation: { uri, uriBaseId: "%SRCROOT%" }, region: { startLine: line, startColumn: col, endLine: line, endColumn: col + 1 } } }],
  };
}

/** A pyward-like log with the given rules, results and invocation extras. */
function log(ruleIds: string[], results: [string, string, number, number?][], invocation: AnyJson = {}, extra: AnyJson = {}): AnyJson {
  return {
    version: "2.1.0",
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    runs: [
      {
        tool: { driver: { name: "pyward", version: "0.1.0", semanticVersion: "0.1.0", rules: ruleIds.map(rule) } },
        columnKind: "unicodeCodePoints",
        results: results.map(([id, uri, line, col]) => result(id, ruleIds, uri, line, col)),
        ...extra,
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: [], ...invocation }],
      },
    ],
  };
}

const inputs = (...logs: AnyJson[]): SarifInput[] => logs.map((l, i) => ({ name: `in${i + 1}.sarif`, log: l }));

describe("mergeOrders", () => {
  it("keeps every item once, in an order consistent with each list", () => {
    expect(mergeOrders([["a", "c", "d"], ["a", "b", "d"], ["c", "e"]])).toEqual(["a", "c", "b", "d", "e"]);
    expect(mergeOrders([["x", "y"], ["y"], []])).toEqual(["x", "y"]);
  });

  it("breaks ties by rank, then by first appearance, and survives contradictions", () => {
    const rank = (s: string): number | undefined => ({ PW001: 0, PW002: 1, PW003: 2 })[s];
    // PW002 and PW001 never appear together: the rank decides
    expect(mergeOrders([["PW002", "PW201"], ["PW001", "PW201"]], rank)).toEqual(["PW001", "PW002", "PW201"]);
    expect(mergeOrders([["PW002", "PW201"], ["PW001", "PW201"]])).toEqual(["PW002", "PW001", "PW201"]);
    expect(mergeOrders([["a", "b"], ["b", "a"]])).toEqual(["a", "b"]);
  });
});

describe("mergeSarif", () => {
  const all = ["PW250", "PW001", "PW002", "PW201", "PW301"];
  const s1 = log(["PW250", "PW001", "PW201", "PW301"], [["PW301", "b.py", 3], ["PW001", "b.py", 1], ["PW250", "z.py", 9]], { properties: { shard: "1/2" } });
  const s2 = log(["PW250", "PW002", "PW201", "PW301"], [["PW201", "a.py", 5], ["PW002", "c%20d.py", 1], ["PW301", "a.py", 5, 3]], {
    executionSuccessful: false,
    toolExecutionNotifications: [{ level: "error", message: { text: "x.py: internal error" } }],
    properties: { shard: "2/2" },
  });
  const rank = (_tool: string, id: string): number | undefined => (all.includes(id) ? all.indexOf(id) : undefined);

  it("unites rules by id, re-indexes results, sorts them by path, line, column, rule, and merges invocations", () => {
    const merged = mergeSarif(inputs(s2, s1), { ruleRank: rank }) as AnyJson;
    expect(merged.runs).toHaveLength(1);
    const run = merged.runs[0];
    expect(run.tool.driver.rules.map((r: AnyJson) => r.id)).toEqual(all);
    expect(run.results.map((r: AnyJson) => `${r.locations[0].physicalLocation.artifactLocation.uri}:${r.locations[0].physicalLocation.region.startLine}:${r.ruleId}`)).toEqual([
      "a.py:5:PW201",
      "a.py:5:PW301",
      "b.py:1:PW001",
      "b.py:3:PW301",
      "c%20d.py:1:PW002",
      "z.py:9:PW250",
    ]);
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    // key order of a result is kept (ruleIndex stays right after ruleId)
    expect(Object.keys(run.results[0]).slice(0, 2)).toEqual(["ruleId", "ruleIndex"]);
    expect(run.invocations).toEqual([{ executionSuccessful: false, toolExecutionNotifications: [{ level: "error", message: { text: "x.py: internal error" } }] }]);
  });

  it("does not depend on the order of the inputs", () => {
    const a = renderMergedSarif(mergeSarif(inputs(s1, s2), { ruleRank: rank }));
    const b = renderMergedSarif(mergeSarif(inputs(s2, s1), { ruleRank: rank }));
    expect(a).toBe(b);
  });

  it("orders paths by their decoded text, as pyward sorts findings", () => {
    // raw order: "a b.py" < "a-b.py" < "a{.py"; encoded, "a%7B.py" would sort before "a-b.py"
    const one = log(["PW201"], [["PW201", "a%7B.py", 1]]);
    const two = log(["PW201"], [["PW201", "a-b.py", 1], ["PW201", "a%20b.py", 1]]);
    const merged = mergeSarif(inputs(one, two)) as AnyJson;
    expect(merged.runs[0].results.map((r: AnyJson) => r.locations[0].physicalLocation.artifactLocation.uri)).toEqual(["a%20b.py", "a-b.py", "a%7B.py"]);
  });

  it("keeps one run per tool, other tools' runs in order of first appearance, and unites run properties", () => {
    const other = { version: "2.1.0", runs: [{ tool: { driver: { name: "other-tool", rules: [rule("X1")] } }, results: [{ ruleId: "X1", ruleIndex: 0, message: { text: "m" } }] }] };
    const p1 = log(["PW101"], [["PW101", "requirements.txt", 1]], {}, { properties: { advisoryAttribution: ["credit A"] } });
    const p2 = log(["PW101"], [["PW101", "poetry.lock", 4]], {}, { properties: { advisoryAttribution: ["credit A", "credit B"] } });
    const merged = mergeSarif(inputs(p1, other, p2)) as AnyJson;
    expect(merged.runs.map((r: AnyJson) => r.tool.driver.name)).toEqual(["pyward", "other-tool"]);
    expect(merged.runs[1]).toEqual(other.runs[0]);
    expect(merged.runs[0].properties).toEqual({ advisoryAttribution: ["credit A", "credit B"] });
    // run keys keep the order the inputs use (properties before invocations)
    expect(Object.keys(merged.runs[0])).toEqual(["tool", "columnKind", "results", "properties", "invocations"]);
    expect(merged.runs[0].results).toHaveLength(2);
  });

  it("merging a single log gives it back unchanged; a lone shard loses only its mark", () => {
    const plain = log(["PW201"], [["PW201", "a.py", 1]]);
    expect(renderMergedSarif(mergeSarif(inputs(plain)))).toBe(renderMergedSarif(plain as never));
    const lone = log(["PW201"], [["PW201", "a.py", 1]], { properties: { shard: "1/1" } });
    expect(mergeSarif(inputs(lone))).toEqual(plain);
  });

  it("drops a result's ruleIndex when its rule is unknown, and resolves rules given by index only", () => {
    const a = log(["PW201"], [["PW201", "a.py", 1]]);
    a.runs[0].results.push({ ruleId: "PW999", ruleIndex: 7, message: { text: "?" } });
    const b = log(["PW100", "PW201"], []);
    b.runs[0].results.push({ ruleIndex: 1, message: { text: "by index" }, locations: [] });
    const run = (mergeSarif(inputs(a, b)) as AnyJson).runs[0];
    expect(run.tool.driver.rules.map((r: AnyJson) => r.id)).toEqual(["PW100", "PW201"]);
    const byText = new Map(run.results.map((r: AnyJson) => [r.message.text, r]));
    expect(byText.get("?")).toEqual({ ruleId: "PW999", message: { text: "?" } });
    expect((byText.get("by index") as AnyJson).ruleIndex).toBe(1);
    expect((byText.get("PW201 here") as AnyJson).ruleIndex).toBe(1);
  });

  it("refuses inconsistent shards, non-SARIF input and runs with indexed tables", () => {
    const shard = (k: string): AnyJson => log(["PW201"], [], { properties: { shard: k } });
    const err = (...logs: AnyJson[]): string => {
      try {
        mergeSarif(inputs(...logs));
      } catch (e) {
        expect(e).toBeInstanceOf(SarifMergeError);
        return (e as Error).message;
      }
      return "no error";
    };
    expect(err(shard("1/3"), shard("3/3"))).toBe("shard 2/3 of the pyward run missing (merge an incomplete set with --partial)");
    expect(err(shard("1/3"))).toBe("shards 2/3, 3/3 of the pyward run missing (merge an incomplete set with --partial)");
    expect(mergeSarif(inputs(shard("1/3"), shard("3/3")), { partial: true })).toBeTruthy();
    expect(err(shard("1/2"), shard("1/2"))).toBe("in2.sarif: shard 1/2 is also in in1.sarif");
    expect(err(shard("1/2"), shard("2/3"))).toBe("in2.sarif: shard 2/3 is from a different split than in1.sarif (shard 1/2)");
    expect(err(shard("1/2"), log(["PW201"], []))).toBe("in2.sarif: an unsharded pyward run cannot be merged with shards (in1.sarif is shard 1/2)");
    // the same unsharded log twice would count every result twice
    const whole = log(["PW201"], [["PW201", "a.py", 1]]);
    expect(err(whole, whole)).toBe("in2.sarif: run 1 is the same as in1.sarif (run 1); each run may be merged once");
    const automated = (results: [string, string, number][]): AnyJson => log(["PW201"], results, {}, { automationDetails: { id: "pyward/nightly/1" } });
    expect(err(automated([]), automated([["PW201", "b.py", 2]]))).toBe("in2.sarif: run 1 has the automation id 'pyward/nightly/1' of in1.sarif (run 1); each run may be merged once");
    expect(err({ version: "2.0.0", runs: [] })).toBe("in1.sarif: not a SARIF 2.1.0 log");
    expect(err({ version: "2.1.0", runs: [{ tool: {} }] })).toBe("in1.sarif: run 1 has no tool.driver.name");
    const withArtifacts = log(["PW201"], [], {}, { artifacts: [{ location: { uri: "a.py" } }] });
    expect(err(withArtifacts, log(["PW201"], []))).toBe("in1.sarif: cannot merge a run with a 'artifacts' table (its index references are not rewritten)");
    expect(() => mergeSarif([])).toThrow(SarifMergeError);
  });
});

describe("pyward merge-sarif", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-merge-"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("writes the merged log to a file or standard output", async () => {
    const a = path.join(dir, "a.sarif");
    const b = path.join(dir, "b.sarif");
    fs.writeFileSync(a, JSON.stringify(log(["PW201"], [["PW201", "b.py", 1]])));
    fs.writeFileSync(b, `\ufeff${JSON.stringify(log(["PW201"], [["PW201", "a.py", 1]]))}`);
    const out = path.join(dir, "out.sarif");
    expect(await cli("merge-sarif", out, a, b)).toEqual({ code: 0, stdout: "", stderr: "" });
    const viaStdout = await cli("merge-sarif", "-", a, b);
    expect(viaStdout.code).toBe(0);
    expect(viaStdout.stdout).toBe(fs.readFileSync(out, "utf8"));
    expect(JSON.parse(viaStdout.stdout).runs[0].results.map((r: AnyJson) => r.locations[0].physicalLocation.artifactLocation.uri)).toEqual(["a.py", "b.py"]);
  });

  it("exits 2 with a one-line message on unreadable or invalid input, and needs at least one input", async () => {
    const bad = path.join(dir, "bad.sarif");
    fs.writeFileSync(bad, "{not json");
    const r = await cli("merge-sarif", "-", bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^pyward: .*bad\.sarif: not valid JSON \(.*\)\n$/);
    const missing = await cli("merge-sarif", "-", path.join(dir, "nope.sarif"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^pyward: cannot read .*nope\.sarif: ENOENT\n$/);
    const none = await cli("merge-sarif", path.join(dir, "x.sarif"));
    expect(none.code).toBe(2);
    expect(fs.existsSync(path.join(dir, "x.sarif"))).toBe(false);
  });
});
