/**
 * Every option a rule reads from `ctx.options` is declared in its `meta.options` schema (so the
 * configuration can validate it), and every declared option is read.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ALL_RULES } from "../../src/rules/index.js";
import type { Rule } from "../../src/rules/types.js";

const RULES_DIR = path.resolve("src/rules");

/** Rule source files (not helpers). */
function ruleFiles(dir = RULES_DIR): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== "util") out.push(...ruleFiles(p));
    else if (e.isFile() && e.name.endsWith(".ts") && dir !== RULES_DIR) out.push(p);
  }
  return out;
}

/** Option names a rule's source reads: `ctx.options.X`, `numberOption(ctx.options, "X", …)` or through an alias of `ctx.options`. */
function optionsRead(source: string): string[] {
  const names = new Set<string>();
  const aliases = ["ctx\\.options"];
  for (const m of source.matchAll(/const (\w+) = ctx\.options;/g)) aliases.push(m[1]);
  for (const a of aliases) {
    for (const m of source.matchAll(new RegExp(`\\b${a}\\.(\\w+)`, "g"))) names.add(m[1]);
    for (const m of source.matchAll(new RegExp(`\\w+\\(\\s*\\b${a}\\s*,\\s*"(\\w+)"`, "g"))) names.add(m[1]);
    for (const m of source.matchAll(new RegExp(`${a}\\[\\s*"(\\w+)"\\s*\\]`, "g"))) names.add(m[1]);
  }
  return [...names].sort();
}

describe("rule option schemas", () => {
  const byCode = new Map<string, Rule>(ALL_RULES.map((r) => [r.meta.code, r]));
  const files = ruleFiles();
  it("finds the rule sources", () => expect(files.length).toBeGreaterThan(20));
  for (const file of files) {
    const source = fs.readFileSync(file, "utf8");
    const code = /code:\s*"(PW\d{3})"/.exec(source)?.[1];
    const rule = code ? byCode.get(code) : undefined;
    if (!rule) continue;
    const read = optionsRead(source);
    const declared = Object.keys(rule.meta.options ?? {}).sort();
    if (!read.length && !declared.length) continue;
    it(`${code} declares exactly the options it reads`, () => {
      expect(declared).toEqual(read);
      for (const [name, spec] of Object.entries(rule.meta.options ?? {})) {
        expect(spec.description, name).toMatch(/\.$/);
        if (spec.type === "integer") expect(Number.isInteger(spec.default), name).toBe(true);
        if (spec.type === "boolean") expect(typeof spec.default, name).toBe("boolean");
      }
    });
  }
});
