/**
 * The matching logic of `bench/parity.ts` (the bench itself runs Ruff and a full scan: it is not run here).
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  compareFindings,
  DifferenceList,
  DifferencesError,
  PywardIndex,
  ruffAliasIndex,
  ruffCodesOfRules,
  sameLine,
  type PywardHit,
  type RuffHit,
  type RuleLike,
} from "../../bench/parity-match.js";
import { ALL_RULES } from "../../src/rules/index.js";

const rule = (code: string, aliases: string[], supersedes?: string[]): RuleLike => ({ meta: { code, aliases, supersedes } });
const ruff = (code: string, p: string, line: number, endLine = line): RuffHit => ({ code, path: p, line, endLine, message: "" });
const pw = (code: string, p: string, line: number, endLine = line, statementLines?: [number, number]): PywardHit => ({
  code,
  path: p,
  line,
  endLine,
  statementLines,
  message: "",
});

const RULES: RuleLike[] = [
  rule("PW202", ["B602", "S602"]),
  rule("PW204", ["B307", "S307", "B102", "S102"]),
  rule("PW301", ["B324", "S324", "B303", "S303"]),
  rule("PW320", [], ["PW301"]),
  rule("PW330", [], ["PW320"]),
  rule("PW613", ["B613", "PLE2502"]),
];

describe("alias mapping", () => {
  it("maps each Ruff code to the rules listing it, and to the rules superseding those (transitively)", () => {
    const index = ruffAliasIndex(RULES);
    expect([...index.get("S602")!]).toEqual(["PW202"]);
    expect([...index.get("S102")!]).toEqual(["PW204"]);
    expect([...index.get("S307")!]).toEqual(["PW204"]);
    expect(new Set(index.get("S324"))).toEqual(new Set(["PW301", "PW320", "PW330"]));
  });

  it("ignores Bandit and other non-S aliases", () => {
    const index = ruffAliasIndex(RULES);
    expect(index.has("B602")).toBe(false);
    expect(index.has("PLE2502")).toBe(false);
    expect(ruffCodesOfRules(RULES).get("PW613")).toBeUndefined();
    expect(ruffCodesOfRules(RULES).get("PW204")).toEqual(["S307", "S102"]);
  });

  it("finds pyward's real rules for Ruff codes", () => {
    const index = ruffAliasIndex(ALL_RULES);
    expect(index.get("S602")?.has("PW202")).toBe(true);
    expect(index.get("S101")?.size).toBeGreaterThan(0);
  });
});

describe("line matching", () => {
  it("matches overlapping lines in the same file only", () => {
    expect(sameLine(ruff("S602", "a.py", 10), pw("PW202", "a.py", 10))).toBe(true);
    expect(sameLine(ruff("S602", "a.py", 10), pw("PW202", "b.py", 10))).toBe(false);
    expect(sameLine(ruff("S602", "a.py", 11), pw("PW202", "a.py", 9, 12))).toBe(true);
    expect(sameLine(ruff("S602", "a.py", 8, 9), pw("PW202", "a.py", 9, 12))).toBe(true);
    expect(sameLine(ruff("S602", "a.py", 13), pw("PW202", "a.py", 9, 12))).toBe(false);
  });

  it("accepts a Ruff finding inside the statement pyward flagged", () => {
    expect(sameLine(ruff("S608", "a.py", 14), pw("PW201", "a.py", 12, 12, [12, 15]))).toBe(true);
    expect(sameLine(ruff("S608", "a.py", 16), pw("PW201", "a.py", 12, 12, [12, 15]))).toBe(false);
  });

  it("finds pyward findings of the aliased rules only", () => {
    const index = new PywardIndex([pw("PW202", "a.py", 3), pw("PW204", "a.py", 3)]);
    expect(index.at(ruff("S602", "a.py", 3), new Set(["PW202"])).map((h) => h.code)).toEqual(["PW202"]);
    expect(index.at(ruff("S602", "a.py", 3), undefined)).toEqual([]);
    expect(index.at(ruff("S602", "a.py", 4), new Set(["PW202"]))).toEqual([]);
  });
});

describe("differences file", () => {
  const TEST_GLOBS = ["**/test_*.py", "**/*_test.py", "**/conftest.py", "**/test/**", "**/tests/**"];
  const list = new DifferenceList({
    differences: [
      { rule: "S101", paths: TEST_GLOBS, reason: "assert is fine in test files" },
      { rule: ["S603", "S607"], reason: "rule-wide difference for the sake of the test" },
      { rule: "S603", at: ["pkg/run.py:12"], reason: "a constant command list in this file" },
      { rule: "S602", path: "tool.py", line: 7, reason: "a constant shell command here" },
    ],
  });

  it("prefers an entry naming the finding over a path-wide and a rule-wide one", () => {
    expect(list.explain(ruff("S603", "pkg/run.py", 12))?.entry.reason).toBe("a constant command list in this file");
    expect(list.explain(ruff("S603", "pkg/run.py", 13))?.entry.reason).toBe("rule-wide difference for the sake of the test");
    expect(list.explain(ruff("S602", "tool.py", 7))?.entry.reason).toBe("a constant shell command here");
    expect(list.explain(ruff("S602", "tool.py", 8))).toBeUndefined();
  });

  it("matches test-file globs at the top and deeper, and nothing else", () => {
    for (const p of ["test/test_ast.py", "test/support/__init__.py", "lib/tests/util.py", "test_x.py", "a/b/test_y.py", "x_test.py", "conftest.py"]) {
      expect(list.explain(ruff("S101", p, 1)), p).toBeDefined();
    }
    for (const p of ["ast.py", "unittest/case.py", "testing.py", "contest/x.py"]) expect(list.explain(ruff("S101", p, 1)), p).toBeUndefined();
  });

  it("counts uses and lists stale points", () => {
    const l = DifferenceList.parse(JSON.stringify({ differences: [{ rule: "S603", at: ["a.py:1", "a.py:2"], reason: "two constant commands" }] }));
    l.explain(ruff("S603", "a.py", 1));
    expect(l.items[0].used).toBe(1);
    expect(l.stalePoints([ruff("S603", "a.py", 1)])).toEqual([{ entry: l.items[0].entry, points: ["a.py:2"] }]);
    // a run over other files says nothing about a.py
    expect(l.stalePoints([], new Set(["b.py"]))).toEqual([]);
  });

  it("rejects malformed entries", () => {
    expect(() => DifferenceList.parse("{")).toThrow(DifferencesError);
    expect(() => DifferenceList.parse("{}")).toThrow(/differences/);
    expect(() => new DifferenceList({ differences: [{ rule: "B602", reason: "not a Ruff code at all" }] })).toThrow(/Ruff code/);
    expect(() => new DifferenceList({ differences: [{ rule: "S602", reason: "" }] })).toThrow(/reason/);
    expect(() => new DifferenceList({ differences: [{ rule: "S602", reason: "a line without a path", line: 3 }] })).toThrow(/path/);
    expect(() => new DifferenceList({ differences: [{ rule: "S602", reason: "a point without a line", at: ["a.py"] }] })).toThrow(/path:line/);
    expect(() => new DifferenceList({ differences: [{ rule: "S602", reason: "both kinds of place", at: ["a.py:1"], paths: ["x/**"] }] })).toThrow(/either/);
  });

  it("loads the checked-in differences file, whose entries all name Ruff codes pyward has a rule for", () => {
    const file = path.join(import.meta.dirname, "../../bench/parity-differences.json");
    const loaded = DifferenceList.parse(fs.readFileSync(file, "utf8"));
    expect(loaded.items.length).toBeGreaterThan(0);
    const index = ruffAliasIndex(ALL_RULES);
    for (const d of loaded.items) for (const code of d.codes) expect(index.has(code), code).toBe(true);
  });
});

describe("comparison", () => {
  it("counts matched, missed and listed Ruff findings by rule, and pyward findings Ruff lacks", () => {
    const differences = new DifferenceList({ differences: [{ rule: "S602", at: ["a.py:20"], reason: "a constant shell command" }] });
    const result = compareFindings(
      [ruff("S602", "a.py", 10), ruff("S602", "a.py", 20), ruff("S602", "a.py", 30), ruff("S324", "b.py", 5), ruff("S999", "c.py", 1)],
      [pw("PW202", "a.py", 10), pw("PW202", "a.py", 40), pw("PW320", "b.py", 5), pw("PW204", "a.py", 30), pw("PW999", "a.py", 1)],
      RULES,
      differences,
    );
    expect(result.byRuffRule).toEqual([
      { code: "S324", ruff: 1, matched: 1, missed: 0, listed: 0 },
      { code: "S602", ruff: 3, matched: 1, missed: 2, listed: 1 },
      { code: "S999", ruff: 1, matched: 0, missed: 1, listed: 0 },
    ]);
    expect(result.unlisted.map((h) => `${h.code} ${h.path}:${h.line}`)).toEqual(["S602 a.py:30", "S999 c.py:1"]);
    expect(result.listed.map((l) => l.hit.line)).toEqual([20]);
    expect(result.noCounterpart).toEqual(["S999"]);
    // PW202 at line 40 has no Ruff finding; PW204 at 30 stands next to an S602 finding, not an S307/S102 one
    expect([...result.extra.keys()].sort()).toEqual(["PW202", "PW204"]);
    expect(result.extra.get("PW202")!.map((h) => h.line)).toEqual([40]);
  });
});
