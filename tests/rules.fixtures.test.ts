/**
 * One generic test for every rule: its fixture `tests/fixtures/<CODE>.py` must produce exactly the lines
 * marked `# expect: <CODE>`, no more and no fewer, and no syntax error unless the fixture expects one.
 */
import { readFileSync, existsSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ALL_RULES } from "../src/rules/index.js";
import { actualLines, checkSource, expectedLines } from "./helpers/fixtures.js";
import { checkTemplate } from "../src/engine/check-template.js";
import { runProjectPhase } from "../src/engine/project.js";

const FIXTURES = new URL("./fixtures/", import.meta.url);
const ENGINE_ONLY = new Set(["PW001", "PW002", "PW003"]);

describe("rule fixtures", () => {
  for (const rule of ALL_RULES) {
    const code = rule.meta.code;
    if (ENGINE_ONLY.has(code) || (rule.meta.fileKind ?? "python") !== "python") continue;
    it(`${code} ${rule.meta.name} flags exactly the expected lines`, async () => {
      const url = new URL(`${code}.py`, FIXTURES);
      expect(existsSync(url), `missing fixture tests/fixtures/${code}.py`).toBe(true);
      const text = readFileSync(url, "utf8");
      const expected = expectedLines(text);
      expect(expected.get(code)?.length ?? 0, "a fixture must mark at least one line").toBeGreaterThan(0);
      const rules = ALL_RULES.filter((r) => r.meta.code === code || r.meta.code === "PW001");
      const result = await checkSource(text, { rules, explicit: new Set([code]) }, `fixtures/${code}.py`);
      // project-wide rules: the fixture is a one-file project
      if (rule.checkProject) {
        const project = runProjectPhase([rule], new Map(Object.entries(result.facts)));
        result.findings.push(...project.findings);
        result.errors.push(...project.errors);
      }
      expect(result.errors).toEqual([]);
      const actual = actualLines(result);
      expect(actual.get("PW001") ?? [], "fixture has a syntax error").toEqual(expected.get("PW001") ?? []);
      expect(actual.get(code) ?? []).toEqual(expected.get(code));
    });
  }

  it("every fixture belongs to a registered rule", () => {
    const codes = new Set(ALL_RULES.map((r) => r.meta.code));
    for (const name of readdirSync(FIXTURES)) {
      const m = /^(PW\d{3})\.\w+$/.exec(name);
      if (m) expect(codes.has(m[1]), `${name} has no rule`).toBe(true);
    }
  });
});

describe("template rule fixtures", () => {
  // template rules read `tests/fixtures/<CODE>.html`, marked with `{# expect: CODE #}`
  for (const rule of ALL_RULES.filter((r) => r.meta.fileKind === "template")) {
    const code = rule.meta.code;
    it(`${code} ${rule.meta.name} flags exactly the expected template lines`, () => {
      const url = new URL(`${code}.html`, FIXTURES);
      expect(existsSync(url), `missing fixture tests/fixtures/${code}.html`).toBe(true);
      const text = readFileSync(url, "utf8");
      const expected = expectedLines(text);
      expect(expected.get(code)?.length ?? 0, "a fixture must mark at least one line").toBeGreaterThan(0);
      const result = checkTemplate({ path: `fixtures/${code}.html`, bytes: Buffer.from(text, "utf8"), isTest: false }, [rule]);
      expect(result.errors).toEqual([]);
      expect(actualLines(result).get(code) ?? []).toEqual(expected.get(code));
    });
  }
});

describe("rule metadata", () => {
  it("codes and names are unique and well formed, docs complete", () => {
    const seen = new Set<string>();
    for (const { meta } of ALL_RULES) {
      expect(meta.code).toMatch(/^PW\d{3}$/);
      expect(meta.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      for (const id of [meta.code, meta.name, ...meta.aliases]) {
        expect(seen.has(id.toUpperCase()), `duplicate id ${id}`).toBe(false);
        seen.add(id.toUpperCase());
      }
      expect(meta.docs.what.length).toBeGreaterThan(20);
      expect(meta.docs.why.length).toBeGreaterThan(20);
      expect(meta.docs.bad.length).toBeGreaterThan(0);
      expect(meta.docs.good.length).toBeGreaterThan(0);
    }
  });
});
